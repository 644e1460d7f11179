using System;
using System.Diagnostics;

namespace VeloZ.Time;

/// <summary>
/// Joins a freshly measured line onto the clock's current mapping without a backward step. From the
/// join point the clock runs slightly fast or slow (at most <see cref="SlewRate"/>, or
/// <see cref="FastSlewRate"/> for errors beyond <see cref="LargeError"/>) until it meets the new line,
/// then follows it. A large forward error is stepped at once: jumping ahead never breaks monotonicity.
/// </summary>
internal static class SlewPlanner
{
    /// <summary>Rate correction for ordinary errors, the same bound adjtime uses: 1 ms takes 2 s.</summary>
    public const double SlewRate = 500e-6;

    /// <summary>Rate correction when the clock is far ahead (realtime stepped back): 1 s takes 20 s.</summary>
    public const double FastSlewRate = 0.05;

    /// <summary>Errors above this are "large": stepped when the clock is behind, fast-slewed when ahead.</summary>
    public const long LargeError = 1_000_000;

    /// <summary>
    /// The segments of the new mapping: <paramref name="current"/>'s pieces before
    /// <paramref name="joinTicks"/> unchanged (readers that still hold the old parameters agree with
    /// the new ones up to there), a slew piece from the current value at the join, and
    /// <paramref name="target"/>'s rate afterwards. Keeps at most <paramref name="maxSegments"/>, newest last.
    /// </summary>
    public static ClockSegment[] Plan(ReadOnlySpan<ClockSegment> current, ulong joinTicks, ClockSegment target, int maxSegments)
    {
        Debug.Assert(target.NanosecondsPerTick > 0);
        Debug.Assert(maxSegments >= 3);
        long from = Evaluate(current, joinTicks);
        long error = target.Evaluate(joinTicks) - from;

        Span<ClockSegment> added = stackalloc ClockSegment[2];
        int addedCount;
        if (error == 0)
        {
            added[0] = new ClockSegment(joinTicks, from, target.NanosecondsPerTick);
            addedCount = 1;
        }
        else if (error > LargeError)
        {
            added[0] = new ClockSegment(joinTicks, from + error, target.NanosecondsPerTick);
            addedCount = 1;
        }
        else
        {
            double rate = error < -LargeError ? FastSlewRate : SlewRate;
            double slewTicks = Math.Ceiling(Math.Abs((double)error) / rate / target.NanosecondsPerTick);
            // Capped so an absurd error (realtime stepped back by years) cannot overflow the tick range.
            ulong endTicks = joinTicks + (ulong)Math.Clamp(slewTicks, 1.0, 1e18);
            double slewNanosecondsPerTick = (target.Evaluate(endTicks) - from) / (double)(endTicks - joinTicks);
            Debug.Assert(slewNanosecondsPerTick > 0, $"slew rate {slewNanosecondsPerTick} ns/tick for error {error} ns");
            var slew = new ClockSegment(joinTicks, from, slewNanosecondsPerTick);
            // The final piece starts where the slew piece ends, computed the same way: exact continuity.
            added[0] = slew;
            added[1] = new ClockSegment(endTicks, slew.Evaluate(endTicks), target.NanosecondsPerTick);
            addedCount = 2;
        }

        int kept = 0;
        while (kept < current.Length && current[kept].StartTicks < joinTicks)
            kept++;
        int skip = Math.Max(0, kept + addedCount - maxSegments);
        var result = new ClockSegment[kept - skip + addedCount];
        current[skip..kept].CopyTo(result);
        added[..addedCount].CopyTo(result.AsSpan(kept - skip));
        return result;
    }

    /// <summary>The mapping's value at <paramref name="ticks"/> (the segment that starts at or before it, else the first extrapolated).</summary>
    public static long Evaluate(ReadOnlySpan<ClockSegment> segments, ulong ticks)
    {
        for (int i = segments.Length - 1; i > 0; i--)
        {
            if (ticks >= segments[i].StartTicks)
                return segments[i].Evaluate(ticks);
        }
        return segments[0].Evaluate(ticks);
    }
}
