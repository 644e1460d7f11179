namespace VeloZ.Interop;

/// <summary>How an order book treats incoming orders (<c>veloz_book_config.mode</c>).</summary>
[CType("veloz_book_mode", ConstantPrefix = "VELOZ_BOOK_MODE_")]
public enum VelozBookMode : int
{
    /// <summary>The book is the venue: submitted orders match resting ones (price-time priority, every trade at the maker's price); the book is never crossed. The default.</summary>
    Matching = 0,

    /// <summary>The book mirrors a venue's book from its feed (ITCH, LOBSTER, MBO): added orders rest where the feed says, even crossed; trades happen only when the feed reports an execution.</summary>
    Mirror = 1,
}
