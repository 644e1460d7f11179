namespace VeloZ.Book;

/// <summary>
/// Outcome of one command: <see cref="Ok"/>, or why it was rejected. Returned by the
/// single-command methods of <see cref="OrderBook"/> and carried by <see cref="BookEventType.Rejected"/>
/// events. A rejected command never changes the book.
/// </summary>
public enum BookResult : byte
{
    /// <summary>The command was carried out (an IOC that expired unfilled is still Ok).</summary>
    Ok = 0,

    /// <summary>The same value as <see cref="Ok"/>: no reject reason (a reason field of an event that is not a reject holds it).</summary>
    None = Ok,

    /// <summary>The order id names no resting order (never issued, already filled or cancelled). Counted in <see cref="OrderBook.UnknownOrderCount"/>.</summary>
    UnknownOrder = 1,

    /// <summary>The new order id is already used by a resting order (or equals the replaced id).</summary>
    DuplicateId = 2,

    /// <summary>Quantity is zero or negative, or more than the order has left (Reduce, Execute).</summary>
    InvalidQuantity = 3,

    /// <summary>Price (or a market order's protection price) outside the configured [MinPrice, MaxPrice] tick range.</summary>
    InvalidPrice = 4,

    /// <summary>A post-only order would have traded on arrival.</summary>
    PostOnlyWouldCross = 5,

    /// <summary>A fill-or-kill order could not be filled completely at once: the liquidity within its price is short.</summary>
    FokCannotFill = 6,

    /// <summary>A market order found nothing to trade with (within its protection price).</summary>
    NoLiquidity = 7,

    /// <summary>
    /// Under <see cref="SelfTradePrevention.CancelTaker"/>, the command's first match would have been with a resting
    /// order of its own owner (a submit, or a modify or replace that crosses); or a fill-or-kill order would meet its
    /// own owner before it fills (CancelTaker, CancelBoth). Nothing changed.
    /// </summary>
    SelfTrade = 8,

    /// <summary>The command belongs to the other <see cref="BookMode"/>.</summary>
    WrongMode = 9,

    /// <summary>An order id (or new order id) is zero.</summary>
    InvalidOrderId = 10,

    /// <summary>The side is neither Buy nor Sell.</summary>
    InvalidSide = 11,

    /// <summary>Unknown command type, order type, time in force, flags or self-trade mode, or a combination that makes no sense (post-only IOC, post-only market).</summary>
    InvalidCommand = 12,
}
