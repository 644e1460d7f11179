namespace VeloZ.Time;

/// <summary>A consistent snapshot of a <see cref="TscClock"/>'s calibration, taken by <see cref="TscClock.GetInfo"/>.</summary>
public readonly struct ClockInfo
{
    /// <summary>Creates a snapshot; only <see cref="TscClock"/> has reason to.</summary>
    public ClockInfo(ClockSource source, bool invariantTsc, double ticksPerSecond, long calibratedAtNanoseconds, long errorNanoseconds, long calibrationCount)
    {
        Source = source;
        InvariantTsc = invariantTsc;
        TicksPerSecond = ticksPerSecond;
        CalibratedAtNanoseconds = calibratedAtNanoseconds;
        ErrorNanoseconds = errorNanoseconds;
        CalibrationCount = calibrationCount;
    }

    /// <summary>The source ticks come from.</summary>
    public ClockSource Source { get; }

    /// <summary>True when the CPU reports an invariant TSC (CPUID 0x80000007, EDX bit 8), whatever the source.</summary>
    public bool InvariantTsc { get; }

    /// <summary>The calibrated tick rate the clock converges to: the TSC frequency, or exactly 1e9 for <see cref="ClockSource.Os"/>.</summary>
    public double TicksPerSecond { get; }

    /// <summary>Wall time (Unix-epoch nanoseconds) of the last calibration.</summary>
    public long CalibratedAtNanoseconds { get; }

    /// <summary>Estimated error of the last calibration: half the narrowest (ticks, realtime, ticks) sandwich, in nanoseconds.</summary>
    public long ErrorNanoseconds { get; }

    /// <summary>Calibrations so far, the one at construction included.</summary>
    public long CalibrationCount { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Source} clock: {TicksPerSecond:F0} ticks/s, error {ErrorNanoseconds} ns, calibrated {CalibrationCount}x, invariant TSC {InvariantTsc}";
}
