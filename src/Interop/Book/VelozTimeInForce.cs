namespace VeloZ.Interop;

/// <summary>How long a submitted order may live (matching mode), held by <c>veloz_book_command.time_in_force</c> as a uint8_t.</summary>
[CType("veloz_time_in_force", ConstantPrefix = "VELOZ_TIME_IN_FORCE_")]
public enum VelozTimeInForce : int
{
    /// <summary>Good till cancelled: the unfilled part rests in the book.</summary>
    Gtc = 0,

    /// <summary>Immediate or cancel: trades what it can now; the remainder expires.</summary>
    Ioc = 1,

    /// <summary>Fill or kill: fills completely at once or is rejected (VELOZ_BOOK_REJECT_FOK_CANNOT_FILL) leaving no trace.</summary>
    Fok = 2,
}
