namespace VeloZ.Interop;

/// <summary>Why an order finished: the <c>reason</c> of an OrderDone event.</summary>
[CType("veloz_order_done_reason", ConstantPrefix = "VELOZ_ORDER_DONE_")]
public enum VelozOrderDoneReason : int
{
    /// <summary>Not a reason.</summary>
    None = 0,

    /// <summary>Its whole quantity traded.</summary>
    Filled = 1,

    /// <summary>Cancelled or deleted by command, or reduced to nothing.</summary>
    Cancelled = 2,

    /// <summary>The unfilled remainder of an IOC, FOK or market order, which never rests.</summary>
    Expired = 3,

    /// <summary>Cancelled by self-trade prevention (as taker or as maker).</summary>
    SelfTradeCancelled = 4,

    /// <summary>Removed by a Replace; other_order_id is the new id.</summary>
    Replaced = 5,
}
