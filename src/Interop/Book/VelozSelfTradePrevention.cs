namespace VeloZ.Interop;

/// <summary>What happens when a taker would trade with a resting order of the same non-zero owner; the taker's mode decides. Held by <c>veloz_book_command.self_trade_prevention</c> (uint8_t) and <c>veloz_book_config.self_trade_prevention</c>.</summary>
[CType("veloz_self_trade_prevention", ConstantPrefix = "VELOZ_SELF_TRADE_PREVENTION_")]
public enum VelozSelfTradePrevention : int
{
    /// <summary>Command: use the book's mode. Config: the default, CANCEL_TAKER.</summary>
    BookDefault = 0,

    /// <summary>The taker's remainder is cancelled; a new order whose very first match is its own owner is rejected (VELOZ_BOOK_REJECT_SELF_TRADE).</summary>
    CancelTaker = 1,

    /// <summary>Each same-owner maker met is cancelled and the taker goes on matching.</summary>
    CancelMaker = 2,

    /// <summary>The first same-owner maker met is cancelled and so is the taker's remainder.</summary>
    CancelBoth = 3,
}
