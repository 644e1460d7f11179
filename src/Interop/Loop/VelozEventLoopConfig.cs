using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_event_loop_create. Zero the struct, set struct_size to sizeof(veloz_event_loop_config) and
/// the fields you need: a zero field means its default (NULL config: all defaults).
/// </summary>
[CType("veloz_event_loop_config")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct VelozEventLoopConfig
{
    /// <summary>sizeof(veloz_event_loop_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Tasks that may wait at once (posted, delayed or due, not yet run), 16..2^22 (0: 65,536); a post beyond it fails with VELOZ_E_FULL.</summary>
    public int TaskCapacity;

    /// <summary>The delayed tasks' timer wheel tick in ns, 1,000..3,600,000,000,000 (0: 100,000). Delayed tasks run exactly when due.</summary>
    public long TimerTickNs;

    /// <summary>Tasks of higher priorities run while a lower one waits before one lower task runs, 1..1,000,000 (0: 64).</summary>
    public int StarvationLimit;

    /// <summary>Polls before yielding or sleeping, 1..10,000,000 (0: 1,000).</summary>
    public int SpinIterations;

    /// <summary>What the loop does when idle (0: VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN).</summary>
    [CSpelling("veloz_loop_idle_strategy")]
    public int IdleStrategy;

    /// <summary>Or-ed veloz_event_loop_config_flags (VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD); other bits are VELOZ_E_INVALID_ARGUMENT.</summary>
    public uint Flags;

    /// <summary>NUL-terminated UTF-8 name for reports, at most 128 characters (NULL or "": "event_loop"). Copied at creation.</summary>
    [CSpelling("const char*")]
    public byte* Name;

    /// <summary>With VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD: the CPU the running thread is pinned to (0..the highest online CPU).</summary>
    public int PinCpu;

    /// <summary>Must be 0.</summary>
    public int Reserved;
}

/// <summary>Counters of an event loop, filled by veloz_event_loop_get_stats. Set struct_size before the call.</summary>
[CType("veloz_event_loop_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozEventLoopStats
{
    /// <summary>sizeof(veloz_event_loop_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Always 0; keeps the 64-bit fields below 8-byte aligned.</summary>
    public int Reserved;

    /// <summary>Tasks posted (immediate and delayed) since creation.</summary>
    public long Posted;

    /// <summary>Posts refused because task_capacity tasks were waiting.</summary>
    public long FailedPosts;

    /// <summary>Tasks run at critical priority.</summary>
    public long RunCritical;

    /// <summary>Tasks run at normal priority.</summary>
    public long RunNormal;

    /// <summary>Tasks run at background priority.</summary>
    public long RunBackground;

    /// <summary>Delayed tasks cancelled before they ran.</summary>
    public long Cancelled;

    /// <summary>Delayed tasks that ran more than one timer tick after their deadline.</summary>
    public long LateTimers;

    /// <summary>Times a lower-priority task ran ahead of a higher one by the starvation guard.</summary>
    public long StarvationPromotions;

    /// <summary>Tasks waiting now (posted or due, not yet run).</summary>
    public long Waiting;

    /// <summary>Delayed tasks not yet due.</summary>
    public long Delayed;

    /// <summary>Nanoseconds spent running tasks inside veloz_event_loop_run and run_for.</summary>
    public long BusyNs;

    /// <summary>Nanoseconds spent idle inside veloz_event_loop_run and run_for.</summary>
    public long IdleNs;

    /// <summary>Post-to-run latency of the tasks run (ns; from the deadline for delayed tasks): median.</summary>
    public long LatencyP50Ns;

    /// <summary>Post-to-run latency, 99th percentile.</summary>
    public long LatencyP99Ns;

    /// <summary>Post-to-run latency, 99.9th percentile.</summary>
    public long LatencyP999Ns;

    /// <summary>Post-to-run latency, the largest.</summary>
    public long LatencyMaxNs;
}
