using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// One instruction to an order book (64 bytes, the same bytes as Core's VeloZ.Book.BookCommand). Zero the struct,
/// then set the fields the command type uses; the others are ignored. Enum-valued fields are uint8_t holding the
/// named constants.
/// </summary>
[CType("veloz_book_command")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozBookCommand
{
    /// <summary>What to do: a VELOZ_BOOK_COMMAND_* constant.</summary>
    public byte Type;

    /// <summary>SUBMIT, ADD: VELOZ_SIDE_BUY or VELOZ_SIDE_SELL. Ignored by commands that name a resting order (its side is kept).</summary>
    public byte Side;

    /// <summary>SUBMIT: VELOZ_ORDER_TYPE_LIMIT or VELOZ_ORDER_TYPE_MARKET.</summary>
    public byte OrderType;

    /// <summary>SUBMIT: a VELOZ_TIME_IN_FORCE_* constant. Market orders never rest: FOK makes them all-or-nothing, anything else acts as IOC.</summary>
    public byte TimeInForce;

    /// <summary>SUBMIT: VELOZ_ORDER_FLAGS_* or-ed (POST_ONLY for GTC limit orders, PROTECTION_PRICE for market orders).</summary>
    public byte Flags;

    /// <summary>SUBMIT: a VELOZ_SELF_TRADE_PREVENTION_* constant used when this order is the taker; kept by the resting order.</summary>
    public byte SelfTradePrevention;

    /// <summary>Zero.</summary>
    public ushort Reserved0;

    /// <summary>SUBMIT: owner (account) id for self-trade prevention; 0 means none. Kept by the resting order.</summary>
    public uint Owner;

    /// <summary>Zero.</summary>
    public uint Reserved1;

    /// <summary>Every command: the order's id, caller-chosen and non-zero. SUBMIT, ADD: not used by any resting order.</summary>
    public long OrderId;

    /// <summary>REPLACE: the id the order continues under; non-zero, unused, different from order_id.</summary>
    public long NewOrderId;

    /// <summary>SUBMIT (limit), ADD: limit price in ticks. MODIFY, REPLACE: the new price. Within the book's [min_price, max_price].</summary>
    public long Price;

    /// <summary>
    /// SUBMIT, ADD: the order's quantity. MODIFY, REPLACE: the new remaining quantity. REDUCE: how much to take off.
    /// EXECUTE: how much was executed. Always &gt; 0; the caller keeps the total at one price below 2^63.
    /// </summary>
    public long Quantity;

    /// <summary>SUBMIT (market) with VELOZ_ORDER_FLAGS_PROTECTION_PRICE: the worst price the order may trade at.</summary>
    public long ProtectionPrice;

    /// <summary>Zero.</summary>
    public long Reserved2;
}
