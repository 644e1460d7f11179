using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// One instruction to an <see cref="OrderBook"/>. Blittable, 64 bytes, the same layout as the C
/// struct, so a span of commands crosses the ABI unchanged. Fields a command type does not use are
/// ignored (zero them). The static factories build each kind.
/// </summary>
/// <remarks>
/// Layout (offset: field): 0 Type, 1 Side, 2 OrderType, 3 TimeInForce, 4 Flags,
/// 5 SelfTradePrevention, 6 Reserved0 (u16), 8 Owner (u32), 12 Reserved1 (u32), 16 OrderId,
/// 24 NewOrderId, 32 Price, 40 Quantity, 48 ProtectionPrice, 56 Reserved2 (i64).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct BookCommand
{
    /// <summary>What to do.</summary>
    public BookCommandType Type;

    /// <summary>Submit, Add: the order's side. Ignored by commands that name a resting order (its side is kept).</summary>
    public Side Side;

    /// <summary>Submit: Limit or Market.</summary>
    public OrderType OrderType;

    /// <summary>Submit: GTC, IOC or FOK. Market orders never rest: FOK makes them all-or-nothing, anything else behaves as IOC.</summary>
    public TimeInForce TimeInForce;

    /// <summary>Submit: <see cref="OrderFlags.PostOnly"/> (GTC limit only), <see cref="OrderFlags.ProtectionPrice"/> (market only).</summary>
    public OrderFlags Flags;

    /// <summary>Submit: self-trade prevention mode when this order is the taker; kept by the resting order.</summary>
    public SelfTradePrevention SelfTradePrevention;

    /// <summary>Zero.</summary>
    public ushort Reserved0;

    /// <summary>Submit: owner (account) id for self-trade prevention; 0 means none. Kept by the resting order.</summary>
    public uint Owner;

    /// <summary>Zero.</summary>
    public uint Reserved1;

    /// <summary>Every command: the order's id, caller-chosen and non-zero. Submit/Add: unused by any resting order.</summary>
    public long OrderId;

    /// <summary>Replace: the id the order continues under; non-zero, unused, different from <see cref="OrderId"/>.</summary>
    public long NewOrderId;

    /// <summary>Submit (limit), Add: limit price in ticks. Modify, Replace: the new price. Within the book's [MinPrice, MaxPrice].</summary>
    public long Price;

    /// <summary>
    /// Submit, Add: the order's quantity. Modify, Replace: the new remaining quantity.
    /// Reduce: how much to take off. Execute: how much was executed. Always &gt; 0. The caller keeps
    /// the total resting at one price below 2^63 (the book does not check sums for overflow).
    /// </summary>
    public long Quantity;

    /// <summary>Submit (market) with <see cref="OrderFlags.ProtectionPrice"/>: worst price the order may trade at, within the book's [MinPrice, MaxPrice] (else InvalidPrice).</summary>
    public long ProtectionPrice;

    /// <summary>Zero.</summary>
    public long Reserved2;

    /// <summary>A limit order (matching mode).</summary>
    public static BookCommand Limit(long orderId, Side side, long price, long quantity,
        TimeInForce timeInForce = TimeInForce.Gtc, OrderFlags flags = OrderFlags.None, uint owner = 0,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.BookDefault) => new()
    {
        Type = BookCommandType.Submit,
        Side = side,
        OrderType = OrderType.Limit,
        TimeInForce = timeInForce,
        Flags = flags,
        SelfTradePrevention = selfTradePrevention,
        Owner = owner,
        OrderId = orderId,
        Price = price,
        Quantity = quantity,
    };

    /// <summary>A market order (matching mode) without a protection price.</summary>
    public static BookCommand Market(long orderId, Side side, long quantity, TimeInForce timeInForce = TimeInForce.Ioc,
        uint owner = 0, SelfTradePrevention selfTradePrevention = SelfTradePrevention.BookDefault) => new()
    {
        Type = BookCommandType.Submit,
        Side = side,
        OrderType = OrderType.Market,
        TimeInForce = timeInForce,
        SelfTradePrevention = selfTradePrevention,
        Owner = owner,
        OrderId = orderId,
        Quantity = quantity,
    };

    /// <summary>A market order (matching mode) that trades no worse than <paramref name="protectionPrice"/>.</summary>
    public static BookCommand ProtectedMarket(long orderId, Side side, long quantity, long protectionPrice,
        TimeInForce timeInForce = TimeInForce.Ioc, uint owner = 0,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.BookDefault)
    {
        BookCommand command = Market(orderId, side, quantity, timeInForce, owner, selfTradePrevention);
        command.Flags = OrderFlags.ProtectionPrice;
        command.ProtectionPrice = protectionPrice;
        return command;
    }

    /// <summary>Cancel a resting order.</summary>
    public static BookCommand Cancel(long orderId) => new() { Type = BookCommandType.Cancel, OrderId = orderId };

    /// <summary>Take <paramref name="quantity"/> off a resting order, keeping its priority.</summary>
    public static BookCommand Reduce(long orderId, long quantity) =>
        new() { Type = BookCommandType.Reduce, OrderId = orderId, Quantity = quantity };

    /// <summary>Set a resting order's price and remaining quantity.</summary>
    public static BookCommand Modify(long orderId, long newPrice, long newQuantity) =>
        new() { Type = BookCommandType.Modify, OrderId = orderId, Price = newPrice, Quantity = newQuantity };

    /// <summary>Replace a resting order by a new id with a new price and quantity.</summary>
    public static BookCommand Replace(long orderId, long newOrderId, long newPrice, long newQuantity) => new()
    {
        Type = BookCommandType.Replace,
        OrderId = orderId,
        NewOrderId = newOrderId,
        Price = newPrice,
        Quantity = newQuantity,
    };

    /// <summary>Mirror mode: an order rests without matching.</summary>
    public static BookCommand Add(long orderId, Side side, long price, long quantity) =>
        new() { Type = BookCommandType.Add, Side = side, OrderId = orderId, Price = price, Quantity = quantity };

    /// <summary>Mirror mode: the venue executed <paramref name="quantity"/> of a resting order.</summary>
    public static BookCommand Execute(long orderId, long quantity) =>
        new() { Type = BookCommandType.Execute, OrderId = orderId, Quantity = quantity };

    /// <summary>Remove a resting order (the feed's name for Cancel).</summary>
    public static BookCommand Delete(long orderId) => new() { Type = BookCommandType.Delete, OrderId = orderId };

    /// <inheritdoc />
    public override readonly string ToString() => Type switch
    {
        BookCommandType.Submit => $"Submit #{OrderId} {Side} {OrderType} {TimeInForce} {Quantity}@{Price} flags={Flags} owner={Owner} stp={SelfTradePrevention} prot={ProtectionPrice}",
        BookCommandType.Add => $"Add #{OrderId} {Side} {Quantity}@{Price}",
        BookCommandType.Replace => $"Replace #{OrderId} -> #{NewOrderId} {Quantity}@{Price}",
        BookCommandType.Modify => $"Modify #{OrderId} {Quantity}@{Price}",
        _ => $"{Type} #{OrderId} qty={Quantity}",
    };
}
