namespace VeloZ.Interop;

/// <summary>Why the book refused a command: the <c>reason</c> of a Rejected event. Single-command functions map it to a status: UNKNOWN_ORDER to VELOZ_E_NOT_FOUND, DUPLICATE_ID to VELOZ_E_DUPLICATE, INVALID_* to VELOZ_E_INVALID_ARGUMENT, the others to VELOZ_E_REJECTED.</summary>
[CType("veloz_book_reject_reason", ConstantPrefix = "VELOZ_BOOK_REJECT_")]
public enum VelozBookRejectReason : int
{
    /// <summary>Not a rejection.</summary>
    None = 0,

    /// <summary>The order id names no resting order (never issued, filled or cancelled); counted in unknown_order_count.</summary>
    UnknownOrder = 1,

    /// <summary>The new order id is already resting (or equals the replaced id).</summary>
    DuplicateId = 2,

    /// <summary>Quantity is zero or negative, or more than the order has left (Reduce, Execute).</summary>
    InvalidQuantity = 3,

    /// <summary>Price outside the book's [min_price, max_price].</summary>
    InvalidPrice = 4,

    /// <summary>A post-only order would have traded on arrival.</summary>
    PostOnlyWouldCross = 5,

    /// <summary>A fill-or-kill order could not fill completely at once.</summary>
    FokCannotFill = 6,

    /// <summary>A market order found nothing to trade with (within its protection price).</summary>
    NoLiquidity = 7,

    /// <summary>A submitted order's first match would be with its own owner under CANCEL_TAKER.</summary>
    SelfTrade = 8,

    /// <summary>The command belongs to the other veloz_book_mode.</summary>
    WrongMode = 9,

    /// <summary>An order id (or new order id) is zero.</summary>
    InvalidOrderId = 10,

    /// <summary>The side is neither VELOZ_SIDE_BUY nor VELOZ_SIDE_SELL.</summary>
    InvalidSide = 11,

    /// <summary>Unknown command type, order type, time in force, flags or self-trade mode, or a combination that makes no sense (post-only IOC, post-only market).</summary>
    InvalidCommand = 12,
}
