using System.Runtime.CompilerServices;

namespace VeloZ.Time;

/// <summary>One straight piece of the tick-to-nanosecond mapping: from <see cref="StartTicks"/> on, time advances <see cref="NanosecondsPerTick"/> per tick.</summary>
internal readonly record struct ClockSegment(ulong StartTicks, long StartNanoseconds, double NanosecondsPerTick)
{
    /// <summary>
    /// The time at <paramref name="ticks"/> on this segment's line (extrapolated before its start).
    /// Non-decreasing in <paramref name="ticks"/>: the product of a positive rate and a larger delta is
    /// never smaller in IEEE arithmetic, and truncation toward zero is monotone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Evaluate(ulong ticks) => StartNanoseconds + (long)((long)(ticks - StartTicks) * NanosecondsPerTick);
}
