namespace VeloZ.Timers;

/// <summary>
/// Settings of a <see cref="TimerWheel"/>. Every setting left at its default value (0, null) takes the default its
/// documentation names. The wheel's constructor checks them and throws <see cref="SettingOutOfRangeException"/>
/// naming the first one out of range.
/// </summary>
public readonly record struct TimerWheelConfig
{
    /// <summary>Tick when none is given: 1 ms.</summary>
    public const long DefaultTickNs = 1_000_000;

    /// <summary>Smallest tick: 1 µs.</summary>
    public const long MinTickNs = 1_000;

    /// <summary>Largest tick: 1 hour.</summary>
    public const long MaxTickNs = 3_600_000_000_000;

    /// <summary>Slots per level: 256, so a level covers 8 bits of the tick count.</summary>
    public const int SlotsPerLevel = 256;

    /// <summary>Levels when none are given: 4 (255 × 2^24 ticks ahead, about 49 days at 1 ms).</summary>
    public const int DefaultLevels = 4;

    /// <summary>Most levels: 7 (255 × 2^48 ticks ahead).</summary>
    public const int MaxLevels = 7;

    /// <summary>Timer nodes preallocated when none are given: 1,024.</summary>
    public const int DefaultInitialTimers = 1024;

    /// <summary>Most live timers a wheel can hold: 2^26.</summary>
    public const int MaxTimersLimit = 1 << 26;

    /// <summary>Nanoseconds per tick, 1 µs..1 h (0: 1 ms). Timers are kept in slots of one tick and fire exactly when due, so the tick sets the cost of a long wait, not the precision.</summary>
    public long TickNs { get; init; }

    /// <summary>Levels of 256 slots, 1..7 (0: 4). A deadline may lie at most 255 × 256^(levels-1) - 2 ticks after the wheel's time (max_delay_ns), and never after 2^62 ns.</summary>
    public int Levels { get; init; }

    /// <summary>The wheel's time at creation, in ns, 0..2^62 (0: 0). Advance times and deadlines are on the same clock (for example <c>TscClock</c> ns).</summary>
    public long StartNs { get; init; }

    /// <summary>Timer nodes allocated at creation, 1..2^26 (0: 1,024); the node store doubles when more timers are live.</summary>
    public int InitialTimers { get; init; }

    /// <summary>Most live timers, InitialTimers..2^26, or 0 for no limit but 2^26; a schedule beyond it fails (full).</summary>
    public int MaxTimers { get; init; }

    /// <summary>A name for reports (null or empty: "timer_wheel"; at most 128 characters).</summary>
    public string? Name { get; init; }
}
