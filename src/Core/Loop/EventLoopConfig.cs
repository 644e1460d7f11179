namespace VeloZ.Loop;

/// <summary>The priority of a task: a due task of a higher priority runs before one of a lower (but see <see cref="EventLoopConfig.StarvationLimit"/>).</summary>
public enum LoopPriority : byte
{
    /// <summary>Runs first: order handling, risk checks.</summary>
    Critical = 0,

    /// <summary>The default.</summary>
    Normal = 1,

    /// <summary>Runs when nothing else is due: logging, statistics, housekeeping.</summary>
    Background = 2,
}

/// <summary>What a loop's thread does when no task is due.</summary>
public enum LoopIdleStrategy : byte
{
    /// <summary>Polls without pause: the lowest wake-up latency, and one core at 100%.</summary>
    BusySpin = 0,

    /// <summary>Polls <see cref="EventLoopConfig.SpinIterations"/> times, then yields the core to another thread between polls.</summary>
    SpinThenYield = 1,

    /// <summary>
    /// Polls <see cref="EventLoopConfig.SpinIterations"/> times (about 200 ns each), then sleeps until the next delayed
    /// task is due or a post wakes it: no core burnt while idle, but a wake from sleep is an OS wake-up (tens of µs on a
    /// VM); posts closer together than the spin phase never let it sleep.
    /// </summary>
    SpinThenSleep = 2,
}

/// <summary>
/// Settings of an <see cref="EventLoop"/>. Every setting left at 0 takes the default its documentation names; the
/// loop's constructor throws <see cref="SettingOutOfRangeException"/> naming the first one out of range.
/// </summary>
public readonly record struct EventLoopConfig
{
    /// <summary>Tasks posted and not yet run, per loop, when none is given: 65,536.</summary>
    public const int DefaultTaskCapacity = 1 << 16;

    /// <summary>Tasks run ahead of a waiting lower-priority task before one of it runs, when none is given: 64.</summary>
    public const int DefaultStarvationLimit = 64;

    /// <summary>Polls before yielding or sleeping, when none is given: 1,000.</summary>
    public const int DefaultSpinIterations = 1000;

    /// <summary>Tasks that may wait at once (posted, delayed or due, not yet run), 16..2^22 (0: 65,536); a post beyond it fails.</summary>
    public int TaskCapacity { get; init; }

    /// <summary>The delayed tasks' timer wheel tick in ns, 1,000..3,600,000,000,000 (0: 100 µs). Delayed tasks run exactly when due; the tick sets the cost of long delays.</summary>
    public long TimerTickNs { get; init; }

    /// <summary>
    /// The guard against starvation, 1..1,000,000 (0: 64): once this many tasks of higher priorities ran while a task
    /// of a lower priority waited, one waiting task of the lower priority runs next. Strict priority order holds
    /// between these points, so critical work is delayed by at most one lower task per limit.
    /// </summary>
    public int StarvationLimit { get; init; }

    /// <summary>What the loop does when idle (default <see cref="LoopIdleStrategy.BusySpin"/>).</summary>
    public LoopIdleStrategy IdleStrategy { get; init; }

    /// <summary>Polls before yielding or sleeping, 1..10,000,000 (0: 1,000).</summary>
    public int SpinIterations { get; init; }

    /// <summary>A name for reports (null or empty: "event_loop"; at most 128 characters).</summary>
    public string? Name { get; init; }
}

/// <summary>The counters of an <see cref="EventLoop"/>.</summary>
public readonly record struct EventLoopStatistics
{
    /// <summary>The loop's name.</summary>
    public string Name { get; init; }

    /// <summary>Tasks posted (immediate and delayed) since creation.</summary>
    public long Posted { get; init; }

    /// <summary>Posts refused because <see cref="EventLoopConfig.TaskCapacity"/> tasks were waiting.</summary>
    public long FailedPosts { get; init; }

    /// <summary>Tasks run, critical priority.</summary>
    public long RunCritical { get; init; }

    /// <summary>Tasks run, normal priority.</summary>
    public long RunNormal { get; init; }

    /// <summary>Tasks run, background priority.</summary>
    public long RunBackground { get; init; }

    /// <summary>Tasks that threw; the loop went on.</summary>
    public long Failed { get; init; }

    /// <summary>Delayed tasks cancelled before they ran.</summary>
    public long Cancelled { get; init; }

    /// <summary>Delayed tasks that ran more than one timer tick after their deadline.</summary>
    public long LateTimers { get; init; }

    /// <summary>Times a lower-priority task ran ahead of a higher one by the starvation guard.</summary>
    public long StarvationPromotions { get; init; }

    /// <summary>Tasks waiting now (posted or due, not yet run; delayed ones not yet due are not counted).</summary>
    public long Waiting { get; init; }

    /// <summary>Delayed tasks not yet due.</summary>
    public long Delayed { get; init; }

    /// <summary>Nanoseconds spent running tasks, inside Run and RunFor.</summary>
    public long BusyNs { get; init; }

    /// <summary>Nanoseconds spent idle (polling, yielding, sleeping), inside Run and RunFor.</summary>
    public long IdleNs { get; init; }
}
