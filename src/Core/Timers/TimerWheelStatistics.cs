namespace VeloZ.Timers;

/// <summary>The counters of a <see cref="TimerWheel"/>.</summary>
public readonly record struct TimerWheelStatistics
{
    /// <summary>The name the wheel was created with.</summary>
    public string Name { get; init; }

    /// <summary>Nanoseconds per tick.</summary>
    public long TickNs { get; init; }

    /// <summary>Levels of 256 slots.</summary>
    public int Levels { get; init; }

    /// <summary>The wheel's time: the last advance's now (the start time before any).</summary>
    public long NowNs { get; init; }

    /// <summary>The farthest a deadline may lie after NowNs.</summary>
    public long MaxDelayNs { get; init; }

    /// <summary>Timers live now (scheduled, not fired or cancelled; periodic ones until cancelled).</summary>
    public long Active { get; init; }

    /// <summary>Due timers not yet delivered because an advance's buffer was full (they come first next time).</summary>
    public long Pending { get; init; }

    /// <summary>Most timers live at once.</summary>
    public long PeakActive { get; init; }

    /// <summary>Timer nodes the wheel holds now.</summary>
    public long Capacity { get; init; }

    /// <summary>Timers scheduled since creation (one-shot and periodic).</summary>
    public long Scheduled { get; init; }

    /// <summary>Timers cancelled.</summary>
    public long Cancelled { get; init; }

    /// <summary>Expiries delivered (a periodic timer counts once per delivery).</summary>
    public long Fired { get; init; }

    /// <summary>Periods that elapsed without their own delivery, because a periodic timer fell behind (the sum of Expirations - 1).</summary>
    public long MissedPeriods { get; init; }

    /// <summary>Timers moved down a level when their slot came up.</summary>
    public long Cascaded { get; init; }

    /// <summary>Schedules refused: full, out of range or a bad interval.</summary>
    public long FailedSchedules { get; init; }

    /// <summary>Cancels of ids that were not live.</summary>
    public long FailedCancels { get; init; }
}
