namespace VeloZ.Book;

/// <summary>How an <see cref="OrderBook"/> treats incoming orders.</summary>
public enum BookMode : byte
{
    /// <summary>
    /// The book is the venue: submitted orders match against resting ones (price-time priority,
    /// every trade at the maker's price) and the book is never crossed.
    /// </summary>
    Matching = 0,

    /// <summary>
    /// The book mirrors a venue's book from its feed (ITCH, LOBSTER, MBO): added orders rest where
    /// the feed says, even crossed, and trades happen only when the feed reports an execution.
    /// </summary>
    Mirror = 1,
}
