namespace VeloZ.Book;

/// <summary>
/// What happens when an incoming (taker) order would trade with a resting (maker) order of the same
/// non-zero owner. The taker's mode decides; owner 0 on either order means no prevention.
/// </summary>
public enum SelfTradePrevention : byte
{
    /// <summary>Use the book's <see cref="OrderBookConfig.SelfTradePrevention"/>.</summary>
    BookDefault = 0,

    /// <summary>
    /// The taker's remainder is cancelled (trades before the self match stand, makers untouched).
    /// A submitted order whose very first match would be with itself changes nothing and is
    /// rejected with <see cref="BookResult.SelfTrade"/>; a modified or replaced order that meets
    /// itself that way is cancelled (OrderDone, SelfTradeCancelled), since it was already resting.
    /// </summary>
    CancelTaker = 1,

    /// <summary>Each same-owner maker met is cancelled and the taker goes on matching.</summary>
    CancelMaker = 2,

    /// <summary>The first same-owner maker met is cancelled and so is the taker's remainder.</summary>
    CancelBoth = 3,
}
