using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// What the book knows about one resting order (<see cref="OrderBook.TryGetOrder"/>). Blittable, 48 bytes.
/// </summary>
/// <remarks>
/// Layout: 0 OrderId, 8 Price, 16 RemainingQuantity, 24 QuantityAhead, 32 OrdersAhead (i32),
/// 36 Owner (u32), 40 Side, 41 Flags, 42 SelfTradePrevention, 43..47 Reserved.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct OrderInfo
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

    /// <summary>Buy or Sell.</summary>
    public Side Side;

    /// <summary>Flags the order keeps (post-only).</summary>
    public OrderFlags Flags;

    /// <summary>The self-trade prevention mode it was given (resolved: never BookDefault).</summary>
    public SelfTradePrevention SelfTradePrevention;

    /// <summary>Zero.</summary>
    public byte Reserved0;

    /// <summary>Zero.</summary>
    public int Reserved1;

    /// <inheritdoc />
    public override readonly string ToString() =>
        $"#{OrderId} {Side} {RemainingQuantity}@{Price} ahead {QuantityAhead} in {OrdersAhead} orders";
}
