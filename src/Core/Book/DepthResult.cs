namespace VeloZ.Book;

/// <summary>What <see cref="DepthBook"/> did with an update or a snapshot.</summary>
public enum DepthResult : int
{
    /// <summary>Applied; the book is not crossed.</summary>
    Applied = 0,

    /// <summary>Applied, and the book is now crossed (best bid &gt;= best ask); flagged in the state and counted.</summary>
    Crossed = 1,

    /// <summary>A delete (quantity 0) of a price not in the book: nothing changed except the sequence; counted.</summary>
    UnknownLevel = 2,

    /// <summary>
    /// Sequence gap: the update's sequence is not the last one + 1. Not applied; the book is now
    /// stale until the next snapshot; counted.
    /// </summary>
    SequenceGap = 3,

    /// <summary>The book is stale (an earlier gap): dropped without looking at it; counted.</summary>
    DroppedStale = 4,

    /// <summary>Sequence at or below the last applied one (or the snapshot's): a duplicate or late update, dropped; counted.</summary>
    DroppedOld = 5,

    /// <summary>Invalid update (side not Buy/Sell, or negative quantity): rejected, nothing changed; counted.</summary>
    Invalid = 6,
}
