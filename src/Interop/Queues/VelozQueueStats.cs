using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Counters of a queue, filled by veloz_spsc_get_stats and veloz_mpmc_get_stats. Set struct_size before the call.
/// Read while other threads push and pop, each field is a recent value, not a consistent snapshot.
/// </summary>
[CType("veloz_queue_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozQueueStats
{
    /// <summary>sizeof(veloz_queue_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Records the queue holds (the configured capacity rounded up to a power of two).</summary>
    public int Capacity;

    /// <summary>Bytes per record.</summary>
    public int RecordSize;

    /// <summary>1 once the queue is closed, else 0.</summary>
    public int Closed;

    /// <summary>Records in the queue now (an estimate while other threads run).</summary>
    public long Size;

    /// <summary>Records pushed since creation (a batch counts each record).</summary>
    public long Pushes;

    /// <summary>Records popped since creation.</summary>
    public long Pops;

    /// <summary>Push calls that pushed nothing because the queue was full (a wait counts once, when it times out).</summary>
    public long FailedPushes;

    /// <summary>Pop calls that popped nothing because the queue was empty (a wait counts once, when it times out).</summary>
    public long FailedPops;

    /// <summary>Most records seen in the queue at once: sampled every 64th push, on a full queue and at each stats read, so at most 63 below the true peak.</summary>
    public long HighWaterMark;
}
