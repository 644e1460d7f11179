namespace VeloZ.Interop;

/// <summary>Kind of a submitted order (matching mode), held by <c>veloz_book_command.order_type</c> as a uint8_t.</summary>
[CType("veloz_order_type", ConstantPrefix = "VELOZ_ORDER_TYPE_")]
public enum VelozOrderType : int
{
    /// <summary>Trades at its limit price or better; the rest rests (GTC) or expires (IOC, FOK).</summary>
    Limit = 0,

    /// <summary>Trades at any price, or no worse than protection_price with VELOZ_ORDER_FLAGS_PROTECTION_PRICE; never rests, its remainder expires.</summary>
    Market = 1,
}
