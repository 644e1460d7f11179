namespace VeloZ.Queues;

/// <summary>
/// Counters of a queue (<c>Statistics</c> of <see cref="SpscQueue{T}"/>, <see cref="MpmcQueue{T}"/> and the record
/// queues). Read while other threads push and pop, each counter is a recent value, not a consistent snapshot.
/// </summary>
public readonly struct QueueStatistics
{
    /// <summary>Records the queue holds (a power of two).</summary>
    public int Capacity { get; init; }

    /// <summary>Bytes per record.</summary>
    public int RecordSize { get; init; }

    /// <summary>Records in the queue when the counters were read (an estimate while other threads run).</summary>
    public long Count { get; init; }

    /// <summary>Records pushed since creation (batches count each record).</summary>
    public long Pushes { get; init; }

    /// <summary>Records popped since creation.</summary>
    public long Pops { get; init; }

    /// <summary>Push calls that pushed nothing because the queue was full (a wait counts once, when it times out).</summary>
    public long FailedPushes { get; init; }

    /// <summary>Pop calls that popped nothing because the queue was empty (a wait counts once, when it times out).</summary>
    public long FailedPops { get; init; }

    /// <summary>
    /// The most records seen in the queue at once. Sampled on every 64th push, whenever a push finds the queue
    /// full and whenever the statistics are read, so it is never above the true peak and at most 63 below it.
    /// </summary>
    public long HighWaterMark { get; init; }

    /// <summary>Whether <c>Close</c> has been called.</summary>
    public bool IsClosed { get; init; }
}
