using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// One thing that happened in an order book (64 bytes, the same bytes as Core's VeloZ.Book.BookEvent). Which
/// fields mean what depends on type; unused fields are zero.
/// ACCEPTED: side, order_id, price (0 for market orders), quantity as submitted; other_order_id = the replaced id
/// after a Replace.
/// REJECTED: reason (veloz_book_reject_reason); side, order_id, other_order_id (= new_order_id), price, quantity
/// echo the command.
/// TRADE: order_id = maker, other_order_id = taker (0 for a mirror Execute), side = aggressor side, price = maker's
/// price, quantity = traded, remaining_quantity = maker's quantity left.
/// ORDER_DONE: reason (veloz_order_done_reason), side, order_id, price, quantity = left unfilled (0 when filled);
/// other_order_id = the new id when replaced.
/// MODIFIED: side, order_id, price and quantity = the order's new price and remaining quantity; flags may hold
/// LOST_PRIORITY.
/// LEVEL_CHANGED: side, price, quantity = new total at the level (0 = level gone), order_count; flags may hold
/// TOP_OF_BOOK.
/// </summary>
[CType("veloz_book_event")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozBookEvent
{
    /// <summary>What happened: a VELOZ_BOOK_EVENT_* constant.</summary>
    public byte Type;

    /// <summary>VELOZ_SIDE_*: the order's side; the aggressor's for a Trade; the level's for LevelChanged.</summary>
    public byte Side;

    /// <summary>REJECTED: a VELOZ_BOOK_REJECT_* constant. ORDER_DONE: a VELOZ_ORDER_DONE_* constant. Otherwise 0.</summary>
    public byte Reason;

    /// <summary>VELOZ_BOOK_EVENT_FLAGS_* or-ed.</summary>
    public byte Flags;

    /// <summary>The VELOZ_BOOK_COMMAND_* type of the command that caused this event.</summary>
    public byte CommandType;

    /// <summary>Zero.</summary>
    public byte Reserved0;

    /// <summary>Zero.</summary>
    public ushort Reserved0b;

    /// <summary>LEVEL_CHANGED: orders resting at the level after the change.</summary>
    public int OrderCount;

    /// <summary>Zero.</summary>
    public int Reserved1;

    /// <summary>Number of the command that caused this event: the book counts every command it is given (rejected ones too) from 1.</summary>
    public long Sequence;

    /// <summary>The order concerned; the maker for a Trade; 0 for LevelChanged.</summary>
    public long OrderId;

    /// <summary>TRADE: the taker. ACCEPTED after a Replace: the old id. ORDER_DONE (replaced): the new id. REJECTED: the command's new_order_id.</summary>
    public long OtherOrderId;

    /// <summary>Price in ticks (see the per-type list).</summary>
    public long Price;

    /// <summary>Quantity (see the per-type list).</summary>
    public long Quantity;

    /// <summary>TRADE: the maker's remaining quantity after the trade. Otherwise 0.</summary>
    public long RemainingQuantity;
}
