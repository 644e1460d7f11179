using System;
using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// One thing that happened in an <see cref="OrderBook"/>. Blittable, 64 bytes, the same layout as
/// the C struct. Which fields mean what depends on <see cref="Type"/>; unused fields are zero.
/// </summary>
/// <remarks>
/// Layout (offset: field): 0 Type, 1 Side, 2 Reason, 3 Flags, 4 CommandType, 5..7 Reserved0,
/// 8 OrderCount (i32), 12 Reserved1 (i32), 16 Sequence, 24 OrderId, 32 OtherOrderId, 40 Price,
/// 48 Quantity, 56 RemainingQuantity.
/// <para>Per type:</para>
/// <list type="bullet">
/// <item>Accepted: Side, OrderId, Price (0 for market orders), Quantity (as submitted); OtherOrderId = the replaced id after a Replace.</item>
/// <item>Rejected: Reason (<see cref="BookResult"/>), Side, OrderId, OtherOrderId (= NewOrderId), Price, Quantity echo the command.</item>
/// <item>Trade: OrderId = maker, OtherOrderId = taker (0 for a mirror Execute), Side = aggressor side, Price = maker's price,
/// Quantity = traded, RemainingQuantity = maker's quantity left.</item>
/// <item>OrderDone: Reason (<see cref="OrderDoneReason"/>), Side, OrderId, Price, Quantity = quantity left unfilled (0 when filled);
/// OtherOrderId = the new id when Replaced.</item>
/// <item>Modified: Side, OrderId, Price and Quantity = the order's new price and remaining quantity; Flags may hold LostPriority.</item>
/// <item>LevelChanged: Side, Price, Quantity = new total at the level (0 = level gone), OrderCount; Flags may hold TopOfBook.</item>
/// </list>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct BookEvent : IEquatable<BookEvent>
{
    /// <summary>What happened.</summary>
    public BookEventType Type;

    /// <summary>Order's side; the aggressor's side for a Trade; the level's side for LevelChanged.</summary>
    public Side Side;

    /// <summary>Rejected: a <see cref="BookResult"/>. OrderDone: an <see cref="OrderDoneReason"/>. Otherwise 0.</summary>
    public byte Reason;

    /// <summary>See <see cref="BookEventFlags"/>.</summary>
    public BookEventFlags Flags;

    /// <summary>The type of the command that caused this event.</summary>
    public BookCommandType CommandType;

    /// <summary>Zero.</summary>
    public byte Reserved0;

    /// <summary>Zero.</summary>
    public ushort Reserved0b;

    /// <summary>LevelChanged: orders resting at the level after the change.</summary>
    public int OrderCount;

    /// <summary>Zero.</summary>
    public int Reserved1;

    /// <summary>Number of the command that caused this event: the book counts every command it is given (rejected ones too) from 1.</summary>
    public long Sequence;

    /// <summary>The order concerned; the maker for a Trade; 0 for LevelChanged.</summary>
    public long OrderId;

    /// <summary>Trade: the taker. Accepted after Replace: the old id. OrderDone (Replaced): the new id. Rejected: the command's NewOrderId.</summary>
    public long OtherOrderId;

    /// <summary>Price in ticks (see the per-type list).</summary>
    public long Price;

    /// <summary>Quantity (see the per-type list).</summary>
    public long Quantity;

    /// <summary>Trade: the maker's remaining quantity after the trade. Otherwise 0.</summary>
    public long RemainingQuantity;

    /// <summary>The reason of a Rejected event.</summary>
    public readonly BookResult RejectReason => Type == BookEventType.Rejected ? (BookResult)Reason : BookResult.Ok;

    /// <summary>The reason of an OrderDone event.</summary>
    public readonly OrderDoneReason DoneReason => Type == BookEventType.OrderDone ? (OrderDoneReason)Reason : OrderDoneReason.None;

    /// <summary>True for a LevelChanged event of the level that is (or, emptied, was) the best of its side.</summary>
    public readonly bool IsTopOfBook => (Flags & BookEventFlags.TopOfBook) != 0;

    /// <inheritdoc />
    public readonly bool Equals(BookEvent other) =>
        Type == other.Type && Side == other.Side && Reason == other.Reason && Flags == other.Flags
        && CommandType == other.CommandType && Reserved0 == other.Reserved0 && Reserved0b == other.Reserved0b
        && OrderCount == other.OrderCount && Reserved1 == other.Reserved1 && Sequence == other.Sequence
        && OrderId == other.OrderId && OtherOrderId == other.OtherOrderId && Price == other.Price
        && Quantity == other.Quantity && RemainingQuantity == other.RemainingQuantity;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is BookEvent other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(Type, Sequence, OrderId, OtherOrderId, Price, Quantity);

    /// <summary>Field-wise equality.</summary>
    public static bool operator ==(BookEvent left, BookEvent right) => left.Equals(right);

    /// <summary>Field-wise inequality.</summary>
    public static bool operator !=(BookEvent left, BookEvent right) => !left.Equals(right);

    /// <inheritdoc />
    public override readonly string ToString() => Type switch
    {
        BookEventType.Accepted => $"#{Sequence} {CommandType} Accepted #{OrderId} {Side} {Quantity}@{Price} other={OtherOrderId}",
        BookEventType.Rejected => $"#{Sequence} {CommandType} Rejected #{OrderId} {(BookResult)Reason} {Side} {Quantity}@{Price} other={OtherOrderId}",
        BookEventType.Trade => $"#{Sequence} {CommandType} Trade maker #{OrderId} taker #{OtherOrderId} {Side} {Quantity}@{Price} makerLeft={RemainingQuantity}",
        BookEventType.OrderDone => $"#{Sequence} {CommandType} Done #{OrderId} {(OrderDoneReason)Reason} {Side} left={Quantity}@{Price} other={OtherOrderId}",
        BookEventType.Modified => $"#{Sequence} {CommandType} Modified #{OrderId} {Side} {Quantity}@{Price} {Flags}",
        BookEventType.LevelChanged => $"#{Sequence} {CommandType} Level {Side} {Quantity}@{Price} n={OrderCount} {Flags}",
        _ => $"#{Sequence} {Type}",
    };
}
