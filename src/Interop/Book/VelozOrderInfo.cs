using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>What the book knows about one resting order (veloz_book_order). The same bytes as Core's VeloZ.Book.OrderInfo.</summary>
[CType("veloz_order_info")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozOrderInfo
{
    /// <summary>The order's id.</summary>
    public long OrderId;

    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>Quantity still resting.</summary>
    public long RemainingQuantity;

    /// <summary>Total remaining quantity of the orders ahead of it at its price (what must trade before it does).</summary>
    public long QuantityAhead;

    /// <summary>Number of orders ahead of it at its price.</summary>
    public int OrdersAhead;

    /// <summary>Owner id for self-trade prevention (0 = none).</summary>
    public uint Owner;

    /// <summary>VELOZ_SIDE_BUY or VELOZ_SIDE_SELL.</summary>
    public byte Side;

    /// <summary>VELOZ_ORDER_FLAGS_* the order keeps (POST_ONLY).</summary>
    public byte Flags;

    /// <summary>The VELOZ_SELF_TRADE_PREVENTION_* mode it was given, resolved (never BOOK_DEFAULT).</summary>
    public byte SelfTradePrevention;

    /// <summary>Zero.</summary>
    public byte Reserved0;

    /// <summary>Zero.</summary>
    public int Reserved1;
}
