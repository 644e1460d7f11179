namespace VeloZ.Interop;

/// <summary>Side of a book or an order. Struct fields hold it as a uint8_t (<c>side</c>); functions take it as veloz_side. Zero is not a side, so a zeroed struct is recognisably invalid.</summary>
[CType("veloz_side", ConstantPrefix = "VELOZ_SIDE_")]
public enum VelozSide : int
{
    /// <summary>Bid side: buy orders; the best price is the highest.</summary>
    Buy = 1,

    /// <summary>Ask side: sell orders; the best price is the lowest.</summary>
    Sell = 2,
}
