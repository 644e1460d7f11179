namespace VeloZ.Interop;

/// <summary>Kind of a <c>veloz_book_event</c> (its <c>type</c>, a uint8_t).</summary>
[CType("veloz_book_event_type", ConstantPrefix = "VELOZ_BOOK_EVENT_")]
public enum VelozBookEventType : int
{
    /// <summary>A new order entered the book (Submit, Add, or the new id of a Replace).</summary>
    Accepted = 1,

    /// <summary>A command was refused and the book did not change; reason is a veloz_book_reject_reason.</summary>
    Rejected = 2,

    /// <summary>A taker (or the feed) executed quantity of a resting maker at the maker's price.</summary>
    Trade = 3,

    /// <summary>An order left the book or, never resting, finished; reason is a veloz_order_done_reason.</summary>
    OrderDone = 4,

    /// <summary>A resting order's price or quantity changed (Reduce, Modify).</summary>
    Modified = 5,

    /// <summary>A price level's total quantity or order count changed (L2 data); not emitted with VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS.</summary>
    LevelChanged = 6,
}
