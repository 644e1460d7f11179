using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>Sizes and counters of a timer wheel, filled by veloz_timer_wheel_get_stats. Set struct_size before the call.</summary>
[CType("veloz_timer_wheel_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozTimerWheelStats
{
    /// <summary>sizeof(veloz_timer_wheel_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Levels of 256 slots.</summary>
    public int Levels;

    /// <summary>Nanoseconds per tick.</summary>
    public long TickNs;

    /// <summary>The wheel's time: the last advance's now (or start_ns).</summary>
    public long NowNs;

    /// <summary>The furthest a deadline may lie after now_ns.</summary>
    public long MaxDelayNs;

    /// <summary>Live timers: scheduled, not yet fired (one-shot) and not cancelled; periodic timers stay live.</summary>
    public long Active;

    /// <summary>Due timers not yet delivered because an advance's buffer was full (they come first next time).</summary>
    public long Pending;

    /// <summary>Most live timers at once.</summary>
    public long PeakActive;

    /// <summary>Timer nodes allocated.</summary>
    public long Capacity;

    /// <summary>Timers scheduled since creation.</summary>
    public long Scheduled;

    /// <summary>Timers cancelled (veloz_timer_wheel_cancel and veloz_timer_wheel_clear).</summary>
    public long Cancelled;

    /// <summary>Expiries delivered (a periodic timer counts once per delivery).</summary>
    public long Fired;

    /// <summary>Periods of periodic timers that passed without a delivery of their own (counted in an expiry's expirations).</summary>
    public long MissedPeriods;

    /// <summary>Times a timer moved down a level.</summary>
    public long Cascaded;

    /// <summary>Schedules refused (full, out of range, bad interval).</summary>
    public long FailedSchedules;

    /// <summary>Cancels of ids that were not live.</summary>
    public long FailedCancels;
}
