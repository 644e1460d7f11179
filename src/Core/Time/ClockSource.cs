namespace VeloZ.Time;

/// <summary>Where a <see cref="TscClock"/> reads its ticks from.</summary>
public enum ClockSource
{
    /// <summary>The operating system's monotonic clock; one tick is one nanosecond.</summary>
    Os = 0,

    /// <summary>The CPU's invariant time-stamp counter, read with <c>rdtsc</c>.</summary>
    Tsc = 1,
}
