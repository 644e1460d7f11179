namespace VeloZ.Book;

/// <summary>What a <see cref="BookCommand"/> asks the book to do.</summary>
/// <remarks>
/// Zero is not a command, so a zeroed struct is rejected with <see cref="BookResult.InvalidCommand"/>.
/// Matching-only commands in a mirror book, and mirror-only commands in a matching book, are
/// rejected with <see cref="BookResult.WrongMode"/>.
/// </remarks>
public enum BookCommandType : byte
{
    /// <summary>Not a command.</summary>
    None = 0,

    /// <summary>Matching mode: a new limit or market order that may trade and, GTC limit, rest.</summary>
    Submit = 1,

    /// <summary>Both modes: remove a resting order (its whole remaining quantity).</summary>
    Cancel = 2,

    /// <summary>
    /// Both modes: take <see cref="BookCommand.Quantity"/> off a resting order's remaining quantity,
    /// keeping its queue priority; taking all of it removes the order; more than it has is rejected.
    /// </summary>
    Reduce = 3,

    /// <summary>
    /// Both modes: set a resting order's price and remaining quantity. Same price and no more
    /// quantity keeps priority; a new price or more quantity loses it (and, in matching mode, a
    /// crossing price trades at once).
    /// </summary>
    Modify = 4,

    /// <summary>
    /// Both modes: remove a resting order and enter a new one with a new, unused id on the same side
    /// with a new price and quantity (ITCH "U"); it has no priority and, in matching mode, may trade.
    /// </summary>
    Replace = 5,

    /// <summary>Mirror mode: a new order rests at its price without matching, even if it crosses.</summary>
    Add = 6,

    /// <summary>Mirror mode: the venue executed <see cref="BookCommand.Quantity"/> of a resting order.</summary>
    Execute = 7,

    /// <summary>Both modes: the same as <see cref="Cancel"/>, under the feed's name.</summary>
    Delete = 8,
}
