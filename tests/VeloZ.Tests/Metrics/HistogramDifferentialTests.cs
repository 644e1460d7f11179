using System;
using NUnit.Framework;
using VeloZ.Metrics;

namespace VeloZ.Tests.Metrics;

/// <summary>
/// Records random streams into a histogram and into a plain array, then checks every answer of the
/// histogram against the exact answer from the sorted array, within the precision the histogram promises.
/// </summary>
[TestFixture]
public sealed class HistogramDifferentialTests
{
    private static readonly double[] s_fixedPercentiles =
    {
        0, 0.001, 0.1, 1, 5, 10, 25, 33.3, 50, 66.6, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100,
    };

    [Test]
    public void Percentiles_and_statistics_match_sorted_data_within_the_promised_precision(
        [Range(1, 5)] int digits,
        [Values] ValueDistribution distribution)
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        int n = random.Next(1, 4) == 1 ? random.Next(1, 50) : random.Next(1_000, 60_000);
        var values = new long[n];
        for (int i = 0; i < n; i++)
            values[i] = HistogramTestSupport.Draw(random, distribution);

        var histogram = new Histogram(1, Histogram.DefaultHighestTrackableValue, digits);
        foreach (long value in values)
            histogram.Record(value);

        long[] sorted = (long[])values.Clone();
        Array.Sort(sorted);
        Int128 exactSum = 0;
        foreach (long value in values)
            exactSum += value;

        Assert.That(histogram.Count, Is.EqualTo(n));
        Assert.That(histogram.Min, Is.EqualTo(sorted[0]));
        Assert.That(histogram.Max, Is.EqualTo(sorted[^1]));
        Assert.That(histogram.Sum, Is.EqualTo(exactSum));
        Assert.That(histogram.Mean, Is.EqualTo((double)exactSum / n));
        double exactStdDev = HistogramTestSupport.ExactStdDev(values);
        Assert.That(histogram.StdDev, Is.EqualTo(exactStdDev).Within(HistogramTestSupport.StdDevTolerance(histogram, exactStdDev)));
        Assert.That(histogram.ClampedCount, Is.Zero);

        double tenToMinusDigits = Math.Pow(10, -digits);
        var percentiles = new double[s_fixedPercentiles.Length + 200];
        s_fixedPercentiles.CopyTo(percentiles, 0);
        for (int i = s_fixedPercentiles.Length; i < percentiles.Length; i++)
            percentiles[i] = random.Next(0, 100_001) / 1000.0;
        var results = new long[percentiles.Length];
        histogram.Percentiles(percentiles, results);

        for (int i = 0; i < percentiles.Length; i++)
        {
            double percentile = percentiles[i];
            long exact = HistogramTestSupport.ExactPercentile(sorted, percentile);
            long reported = histogram.ValueAtPercentile(percentile);
            string context = $"p{percentile} of {n} values, {digits} digits, {distribution}";
            Assert.That(results[i], Is.EqualTo(reported), context + ": Percentiles agrees with ValueAtPercentile");
            if (percentile == 0)
            {
                Assert.That(reported, Is.EqualTo(sorted[0]), context);
                continue;
            }
            if (percentile == 100)
            {
                Assert.That(reported, Is.EqualTo(sorted[^1]), context);
                continue;
            }
            // The reported value is the top of the exact value's counter (but no more than the max):
            // never below the exact value, never more than 10^-digits of it above.
            Assert.That(reported, Is.GreaterThanOrEqualTo(exact), context);
            Assert.That(reported - exact, Is.LessThanOrEqualTo((long)Math.Floor(exact * tenToMinusDigits)), context);
            Assert.That(reported, Is.LessThanOrEqualTo(sorted[^1]), context);
            Assert.That(histogram.LowestEquivalentValue(reported), Is.EqualTo(histogram.LowestEquivalentValue(exact)), context);
            Assert.That(reported, Is.EqualTo(Math.Min(histogram.HighestEquivalentValue(exact), sorted[^1])), context + ": HDR semantics");
        }
    }

    [Test]
    public void Percentiles_with_a_coarse_lowest_value_err_by_at_most_its_unit(
        [Values(1, 3)] int digits)
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        const long lowest = 1000;
        const long unit = 512; // the largest power of two <= lowest
        var histogram = new Histogram(lowest, 100_000_000_000, digits);
        var values = new long[20_000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = HistogramTestSupport.Draw(random, ValueDistribution.WithOutliers) / random.Next(1, 20);
            histogram.Record(values[i]);
        }
        Array.Sort(values);
        for (int thousandths = 0; thousandths <= 100_000; thousandths += 7)
        {
            double percentile = thousandths / 1000.0;
            long exact = HistogramTestSupport.ExactPercentile(values, percentile);
            long reported = histogram.ValueAtPercentile(percentile);
            Assert.That(reported, Is.GreaterThanOrEqualTo(exact));
            Assert.That(reported - exact, Is.LessThanOrEqualTo(Math.Max((long)(exact * Math.Pow(10, -digits)), unit - 1)),
                $"p{percentile}");
        }
    }

    [Test]
    public void Random_operation_sequences_agree_with_a_list_of_all_values()
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        const long highest = 50_000_000;
        var histogram = new Histogram(1, highest, 2);
        var model = new System.Collections.Generic.List<long>();
        long clamped = 0;
        var batch = new long[64];
        for (int step = 0; step < 3_000; step++)
        {
            int operation = random.Next(100);
            if (operation < 50)
            {
                long value = HistogramTestSupport.Draw(random, ValueDistribution.WithOutliers);
                histogram.Record(value);
                clamped += value > highest ? 1 : 0;
                model.Add(Math.Min(value, highest));
            }
            else if (operation < 70)
            {
                int length = random.Next(0, batch.Length + 1);
                for (int i = 0; i < length; i++)
                    batch[i] = HistogramTestSupport.Draw(random, ValueDistribution.LogNormalLatency);
                histogram.RecordBatch(batch.AsSpan(0, length));
                for (int i = 0; i < length; i++)
                    model.Add(batch[i]);
            }
            else if (operation < 85)
            {
                long value = HistogramTestSupport.Draw(random, ValueDistribution.Uniform) * 10;
                long count = random.Next(0, 5);
                histogram.RecordN(value, count);
                for (int i = 0; i < count; i++)
                    model.Add(Math.Min(value, highest));
                clamped += value > highest ? count : 0;
            }
            else if (operation < 87)
            {
                histogram.Reset();
                model.Clear();
                clamped = 0;
            }
            else if (operation < 90)
            {
                var other = new Histogram(1, highest, 2);
                int length = random.Next(0, 100);
                for (int i = 0; i < length; i++)
                {
                    long value = HistogramTestSupport.Draw(random, ValueDistribution.LogNormalLatency);
                    other.Record(value);
                    model.Add(value);
                }
                histogram.Merge(other);
            }
            else
            {
                Assert.That(histogram.Count, Is.EqualTo(model.Count), $"step {step}");
                Assert.That(histogram.ClampedCount, Is.EqualTo(clamped), $"step {step}");
                if (model.Count == 0)
                {
                    Assert.That(() => histogram.ValueAtPercentile(50), Throws.InvalidOperationException);
                    continue;
                }
                long[] sorted = model.ToArray();
                Array.Sort(sorted);
                Assert.That(histogram.Min, Is.EqualTo(sorted[0]), $"step {step}");
                Assert.That(histogram.Max, Is.EqualTo(sorted[^1]), $"step {step}");
                Assert.That(histogram.Mean, Is.EqualTo(Mean(sorted)).Within(1e-9).Percent, $"step {step}");
                double exactStdDev = HistogramTestSupport.ExactStdDev(sorted);
                Assert.That(histogram.StdDev, Is.EqualTo(exactStdDev).Within(HistogramTestSupport.StdDevTolerance(histogram, exactStdDev)), $"step {step}");
                double percentile = random.Next(0, 100_001) / 1000.0;
                long exact = HistogramTestSupport.ExactPercentile(sorted, percentile);
                long reported = histogram.ValueAtPercentile(percentile);
                Assert.That(reported, Is.InRange(exact, exact + exact / 100), $"step {step}, p{percentile}");
                Assert.That(histogram.CountNonEmptyBuckets(), Is.LessThanOrEqualTo(sorted.Length));
            }
        }
    }

    private static double Mean(long[] values)
    {
        Int128 sum = 0;
        foreach (long value in values)
            sum += value;
        return (double)sum / values.Length;
    }
}
