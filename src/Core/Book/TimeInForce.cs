namespace VeloZ.Book;

/// <summary>How long a submitted order may live (matching mode).</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till cancelled: the unfilled part rests in the book.</summary>
    Gtc = 0,

    /// <summary>Immediate or cancel: trades what it can now, the remainder expires and never rests.</summary>
    Ioc = 1,

    /// <summary>
    /// Fill or kill: fills completely at once or not at all; an order that cannot fill leaves no
    /// trace (one <see cref="BookEventType.Rejected"/> event with <see cref="BookResult.FokCannotFill"/>).
    /// </summary>
    Fok = 2,
}
