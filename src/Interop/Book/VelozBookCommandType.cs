namespace VeloZ.Interop;

/// <summary>What a <c>veloz_book_command</c> asks the book to do (its <c>type</c>, a uint8_t). Zero is not a command (rejected as VELOZ_BOOK_REJECT_INVALID_COMMAND).</summary>
[CType("veloz_book_command_type", ConstantPrefix = "VELOZ_BOOK_COMMAND_")]
public enum VelozBookCommandType : int
{
    /// <summary>Matching mode: a new limit or market order that may trade and, GTC limit, rest.</summary>
    Submit = 1,

    /// <summary>Both modes: remove a resting order (its whole remaining quantity).</summary>
    Cancel = 2,

    /// <summary>Both modes: take quantity off a resting order's remaining quantity, keeping its queue priority; all of it removes the order; more is rejected.</summary>
    Reduce = 3,

    /// <summary>Both modes: set a resting order's price and remaining quantity. Same price and no more quantity keeps priority; otherwise it loses priority (and in matching mode may trade).</summary>
    Modify = 4,

    /// <summary>Both modes: remove a resting order and enter new_order_id (unused) on the same side with a new price and quantity; no priority; in matching mode it may trade.</summary>
    Replace = 5,

    /// <summary>Mirror mode: a new order rests at its price without matching, even if it crosses.</summary>
    Add = 6,

    /// <summary>Mirror mode: the venue executed quantity of a resting order (a Trade event).</summary>
    Execute = 7,

    /// <summary>Both modes: the same as CANCEL, under the feed's name.</summary>
    Delete = 8,
}
