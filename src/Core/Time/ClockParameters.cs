using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace VeloZ.Time;

/// <summary>
/// An immutable, continuous, non-decreasing piecewise-linear map from ticks to Unix nanoseconds, plus
/// the calibration facts behind it. A clock swaps in a new instance per calibration; readers load one
/// reference and so never see half of an update, without a lock or a retry loop.
/// </summary>
internal sealed class ClockParameters
{
    // The newest segment is copied into fields so the common read touches only this object.
    private readonly ulong _lastStartTicks;
    private readonly long _lastStartNanoseconds;
    private readonly double _lastNanosecondsPerTick;
    // The OS source ticks in nanoseconds: outside a slew its rate is exactly 1 and the conversion
    // is an add. (On that path the vDSO's lfence keeps the float conversion's latency from hiding.)
    private readonly bool _lastIsUnitRate;
    private readonly ClockSegment[] _segments;

    public ClockParameters(ClockSegment[] segments, double ticksPerSecond, long calibratedAtNanoseconds, long errorNanoseconds, long calibrationCount)
    {
        Debug.Assert(segments.Length > 0);
        for (int i = 1; i < segments.Length; i++)
        {
            Debug.Assert(segments[i].StartTicks > segments[i - 1].StartTicks, $"segment {i} starts at {segments[i].StartTicks}, not after {segments[i - 1].StartTicks}");
            Debug.Assert(segments[i].StartNanoseconds >= segments[i - 1].Evaluate(segments[i].StartTicks - 1), $"segment {i} would step backwards");
        }
        _segments = segments;
        ClockSegment last = segments[^1];
        _lastStartTicks = last.StartTicks;
        _lastStartNanoseconds = last.StartNanoseconds;
        _lastNanosecondsPerTick = last.NanosecondsPerTick;
        _lastIsUnitRate = last.NanosecondsPerTick == 1.0;
        TicksPerSecond = ticksPerSecond;
        CalibratedAtNanoseconds = calibratedAtNanoseconds;
        ErrorNanoseconds = errorNanoseconds;
        CalibrationCount = calibrationCount;
    }

    public ReadOnlySpan<ClockSegment> Segments => _segments;
    public double TicksPerSecond { get; }
    public long CalibratedAtNanoseconds { get; }
    public long ErrorNanoseconds { get; }
    public long CalibrationCount { get; }

    /// <summary>Unix nanoseconds at <paramref name="ticks"/>; before the first segment its line is extrapolated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ToNanoseconds(ulong ticks)
    {
        long delta = (long)(ticks - _lastStartTicks);
        if (delta >= 0)
            return _lastStartNanoseconds + (_lastIsUnitRate ? delta : ClockSegment.Scale(delta, _lastNanosecondsPerTick));
        return ToNanosecondsBeforeLastSegment(ticks);
    }

    // Taken while a slew is in progress and for ticks older than the newest segment.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ToNanosecondsBeforeLastSegment(ulong ticks)
    {
        ClockSegment[] segments = _segments;
        for (int i = segments.Length - 2; i > 0; i--)
        {
            if ((long)(ticks - segments[i].StartTicks) >= 0)
                return segments[i].Evaluate(ticks);
        }
        return segments[0].Evaluate(ticks);
    }
}
