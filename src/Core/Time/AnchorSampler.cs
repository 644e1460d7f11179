using System;
using System.Diagnostics;

namespace VeloZ.Time;

/// <summary>Takes calibration sandwiches and keeps the narrowest, the one least disturbed by interrupts and cache misses.</summary>
internal static class AnchorSampler
{
    /// <summary>
    /// Reads (ticks, wall, ticks) <paramref name="attempts"/> times and returns the sandwich with the
    /// smallest tick gap, anchored at the gap's midpoint. A sandwich whose second reading is below the
    /// first (the thread moved to a CPU whose counter lags) is discarded.
    /// </summary>
    /// <exception cref="InvalidOperationException">Every sandwich was discarded.</exception>
    public static ClockAnchor Measure<TSource>(ref TSource source, int attempts) where TSource : struct, IAnchorSource
    {
        Debug.Assert(attempts > 0);
        ulong bestGap = ulong.MaxValue;
        ulong bestMiddle = 0;
        long bestWall = 0;
        for (int i = 0; i < attempts; i++)
        {
            ulong before = source.ReadTicksOrdered();
            long wall = source.ReadWallNanoseconds();
            ulong after = source.ReadTicksOrdered();
            if (after < before)
                continue;
            ulong gap = after - before;
            if (gap < bestGap)
            {
                bestGap = gap;
                bestMiddle = before + gap / 2;
                bestWall = wall;
            }
        }
        if (bestGap == ulong.MaxValue)
            throw new InvalidOperationException($"clock calibration: all {attempts} sandwiches ran backwards");
        return new ClockAnchor(bestMiddle, bestWall, bestGap);
    }
}
