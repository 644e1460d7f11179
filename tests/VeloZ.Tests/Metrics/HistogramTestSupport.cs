using System;
using NUnit.Framework;

namespace VeloZ.Tests.Metrics;

/// <summary>Seeds and reference arithmetic shared by the histogram tests.</summary>
internal static class HistogramTestSupport
{
    /// <summary>
    /// A seed for a randomized test: VELOZ_TEST_SEED if set (to replay a failure), otherwise a fresh one.
    /// Printed either way, so a failing run can be reproduced.
    /// </summary>
    public static int Next()
    {
        string? fixedSeed = Environment.GetEnvironmentVariable("VELOZ_TEST_SEED");
        int seed = fixedSeed is not null ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (replay with VELOZ_TEST_SEED={seed})");
        return seed;
    }

    /// <summary>ceil(percentile / 100 * count) in decimal arithmetic, clamped to 1..count: the rank the spec defines.</summary>
    public static long ExactRank(double percentile, long count)
    {
        decimal rank = Math.Ceiling((decimal)percentile * count / 100m);
        return (long)Math.Clamp(rank, 1m, count);
    }

    /// <summary>The exact value at <paramref name="percentile"/> of ascending <paramref name="sorted"/>.</summary>
    public static long ExactPercentile(long[] sorted, double percentile) => sorted[ExactRank(percentile, sorted.Length) - 1];

    /// <summary>Two-pass population standard deviation: the exact mean in decimal first, then the squares.</summary>
    public static double ExactStdDev(ReadOnlySpan<long> values)
    {
        decimal sum = 0;
        foreach (long value in values)
            sum += value;
        decimal mean = sum / values.Length;
        double squares = 0;
        foreach (long value in values)
        {
            double deviation = (double)(value - mean);
            squares += deviation * deviation;
        }
        return Math.Sqrt(squares / values.Length);
    }

    /// <summary>
    /// The error StdDev promises: half the widest counter in use, which is the max's (counters only widen
    /// with the value), plus rounding.
    /// </summary>
    public static double StdDevTolerance(VeloZ.Metrics.Histogram histogram, double exact) =>
        (histogram.HighestEquivalentValue(histogram.Max) - histogram.LowestEquivalentValue(histogram.Max)) / 2.0 + 1e-9 * Math.Max(1.0, exact);
}
