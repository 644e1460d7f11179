namespace VeloZ.Queues;

/// <summary>The outcome of a queue operation that can do nothing (the full answer of a push or a pop).</summary>
public enum QueueResult : byte
{
    /// <summary>The record was pushed or popped.</summary>
    Ok = 0,

    /// <summary>A push found no free slot (for a wait: still none when the timeout passed).</summary>
    Full = 1,

    /// <summary>A pop found no record (for a wait: still none when the timeout passed).</summary>
    Empty = 2,

    /// <summary>
    /// The queue is closed: a push is refused; a pop gets this only once every record pushed before the close has
    /// been popped.
    /// </summary>
    Closed = 3,
}
