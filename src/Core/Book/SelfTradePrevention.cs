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
    /// A command whose very first match would be with its own owner changes nothing and is rejected
    /// with <see cref="BookResult.SelfTrade"/>: a submit, and also a modify or replace that moves a
    /// resting order across the spread (the working order stays as it was), and a fill-or-kill order
    /// that would meet its own owner before it fills.
    /// </summary>
    CancelTaker = 1,

    /// <summary>
    /// Each same-owner maker met is cancelled and the taker goes on matching. A market order that meets only
    /// its own liquidity cancels it all and then expires (OrderDone, Expired): the command is Ok, since
    /// cancelling the resting orders is what this mode asks for.
    /// </summary>
    CancelMaker = 2,

    /// <summary>
    /// The first same-owner maker met is cancelled and so is the taker's remainder (OrderDone,
    /// SelfTradeCancelled); the command is Ok. A fill-or-kill order that would meet its own owner before it
    /// fills is rejected with <see cref="BookResult.SelfTrade"/> instead, with nothing cancelled.
    /// </summary>
    CancelBoth = 3,
}
