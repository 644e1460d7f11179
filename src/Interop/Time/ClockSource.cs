namespace VeloZ.Interop;

/// <summary>Where the library clock reads its ticks from.</summary>
[CType("veloz_clock_source", ConstantPrefix = "VELOZ_CLOCK_SOURCE_")]
public enum ClockSource : int
{
    /// <summary>The OS monotonic clock; a tick is a nanosecond.</summary>
    Os = 0,
    /// <summary>The CPU's invariant time-stamp counter.</summary>
    Tsc = 1,
}
