namespace VeloZ.Book;

/// <summary>Side of a book: the bids (buy) or the asks (sell).</summary>
/// <remarks>
/// Byte-sized with no zero member, so a zeroed struct coming across the C ABI is recognisably
/// invalid instead of silently meaning "buy".
/// </remarks>
public enum Side : byte
{
    /// <summary>Bid side: buy orders, best price is the highest.</summary>
    Buy = 1,

    /// <summary>Ask side: sell orders, best price is the lowest.</summary>
    Sell = 2,
}
