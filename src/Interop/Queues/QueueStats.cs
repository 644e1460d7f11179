using VeloZ.Queues;

namespace VeloZ.Interop;

/// <summary>Core's <see cref="QueueStatistics"/> as the C struct veloz_queue_stats.</summary>
internal static class QueueStats
{
    public static VelozQueueStats From(in QueueStatistics s) => new()
    {
        Capacity = s.Capacity,
        RecordSize = s.RecordSize,
        Closed = s.IsClosed ? 1 : 0,
        Size = s.Count,
        Pushes = s.Pushes,
        Pops = s.Pops,
        FailedPushes = s.FailedPushes,
        FailedPops = s.FailedPops,
        HighWaterMark = s.HighWaterMark,
    };
}
