namespace VeloZ.Book;

/// <summary>Why an order finished (<see cref="BookEventType.OrderDone"/>).</summary>
public enum OrderDoneReason : byte
{
    /// <summary>Not a reason (zeroed).</summary>
    None = 0,

    /// <summary>Its whole quantity traded.</summary>
    Filled = 1,

    /// <summary>Cancelled or deleted by command (or reduced to nothing).</summary>
    Cancelled = 2,

    /// <summary>The unfilled remainder of an IOC, FOK or market order, which never rests.</summary>
    Expired = 3,

    /// <summary>Cancelled by self-trade prevention (as taker or as maker).</summary>
    SelfTradeCancelled = 4,

    /// <summary>Removed by a Replace; <see cref="BookEvent.OtherOrderId"/> is the new id.</summary>
    Replaced = 5,
}
