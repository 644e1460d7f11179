namespace VeloZ.Book;

/// <summary>Kind of a <see cref="BookEvent"/>.</summary>
public enum BookEventType : byte
{
    /// <summary>Not an event (a zeroed struct).</summary>
    None = 0,

    /// <summary>A new order entered the book (Submit, Add, or the new id of a Replace).</summary>
    Accepted = 1,

    /// <summary>A command was refused; the book did not change. The reason is a <see cref="BookResult"/>.</summary>
    Rejected = 2,

    /// <summary>A trade: a taker (or the feed) executed quantity of a resting maker at the maker's price.</summary>
    Trade = 3,

    /// <summary>An order left the book or, never resting, finished. The reason is an <see cref="OrderDoneReason"/>.</summary>
    OrderDone = 4,

    /// <summary>An existing order's price or quantity was changed by Reduce or Modify.</summary>
    Modified = 5,

    /// <summary>A price level's total quantity or order count changed (L2 data); off when level events are disabled.</summary>
    LevelChanged = 6,
}
