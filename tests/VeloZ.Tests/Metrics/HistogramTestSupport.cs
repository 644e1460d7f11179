using System;
using NUnit.Framework;

namespace VeloZ.Tests.Metrics;

/// <summary>The value streams the randomized histogram tests record (see <see cref="HistogramTestSupport.Draw"/>).</summary>
public enum ValueDistribution
{
    /// <summary>Uniform over 0 .. 10^7.</summary>
    Uniform,
    /// <summary>Log-normal around 20 µs with a heavy right side: what order round trips look like.</summary>
    LogNormalLatency,
    /// <summary>Tight 5..50 µs body plus 0.5% outliers from 0.1 ms to 10 s.</summary>
    WithOutliers,
    /// <summary>Small integers 0..3000, where counters are one value wide.</summary>
    SmallIntegers,
    /// <summary>Log-uniform over 1 .. the given top (by default the whole default range, up to one hour).</summary>
    LogUniformWide,
}

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

    /// <summary>
    /// One value of <paramref name="distribution"/>; <see cref="ValueDistribution.LogUniformWide"/> draws from
    /// 1 up to (not including) <paramref name="logUniformTop"/>.
    /// </summary>
    public static long Draw(Random random, ValueDistribution distribution, long logUniformTop = VeloZ.Metrics.Histogram.DefaultHighestTrackableValue)
    {
        switch (distribution)
        {
            case ValueDistribution.Uniform:
                return random.NextInt64(0, 10_000_001);
            case ValueDistribution.LogNormalLatency:
                return (long)Math.Exp(Math.Log(20_000) + 0.6 * Normal(random));
            case ValueDistribution.WithOutliers:
                return random.NextDouble() < 0.005
                    ? (long)Math.Pow(10, 5 + 5 * random.NextDouble())
                    : random.NextInt64(5_000, 50_001);
            case ValueDistribution.SmallIntegers:
                return random.Next(0, 3001);
            case ValueDistribution.LogUniformWide:
                return (long)Math.Pow(2, random.NextDouble() * Math.Log2(logUniformTop));
            default:
                throw new ArgumentOutOfRangeException(nameof(distribution));
        }
    }

    // Box-Muller: one standard normal draw.
    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

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
