using System;
using NUnit.Framework;
using VeloZ.Metrics;

namespace VeloZ.Tests.Metrics;

[TestFixture]
public sealed class HistogramTests
{
    private static Histogram Filled(params long[] values)
    {
        var histogram = new Histogram();
        foreach (long value in values)
            histogram.Record(value);
        return histogram;
    }

    private static void AssertSameContents(Histogram actual, Histogram expected)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Count), "count");
        Assert.That(actual.Min, Is.EqualTo(expected.Min), "min");
        Assert.That(actual.Max, Is.EqualTo(expected.Max), "max");
        Assert.That(actual.Sum, Is.EqualTo(expected.Sum), "sum");
        Assert.That(actual.Mean, Is.EqualTo(expected.Mean), "mean");
        Assert.That(actual.StdDev, Is.EqualTo(expected.StdDev).Within(1e-9).Percent, "stddev");
        Assert.That(actual.ClampedCount, Is.EqualTo(expected.ClampedCount), "clamped");
        var actualBuckets = new HistogramBucket[actual.CountNonEmptyBuckets()];
        var expectedBuckets = new HistogramBucket[expected.CountNonEmptyBuckets()];
        Assert.That(actual.TryCopyBuckets(actualBuckets, out _), Is.True);
        Assert.That(expected.TryCopyBuckets(expectedBuckets, out _), Is.True);
        Assert.That(actualBuckets, Is.EqualTo(expectedBuckets), "buckets");
    }

    [Test]
    public void Default_configuration_is_three_digits_from_one_to_an_hour_of_nanoseconds()
    {
        var histogram = new Histogram();
        Assert.That(histogram.SignificantDigits, Is.EqualTo(3));
        Assert.That(histogram.LowestTrackableValue, Is.EqualTo(1));
        Assert.That(histogram.HighestTrackableValue, Is.EqualTo(3_600_000_000_000));
    }

    [Test]
    public void Empty_histogram_reports_zero_statistics_and_refuses_percentiles()
    {
        var histogram = new Histogram();
        Assert.That(histogram.Count, Is.Zero);
        Assert.That(histogram.Min, Is.Zero);
        Assert.That(histogram.Max, Is.Zero);
        Assert.That(histogram.Mean, Is.Zero);
        Assert.That(histogram.StdDev, Is.Zero);
        Assert.That(histogram.CountNonEmptyBuckets(), Is.Zero);
        Assert.That(() => histogram.ValueAtPercentile(50), Throws.InvalidOperationException);
        Assert.That(() => histogram.Percentiles(new[] { 50.0 }, new long[1]), Throws.InvalidOperationException);
    }

    [TestCase(0, 1L, 100L)]
    [TestCase(6, 1L, 100L)]
    [TestCase(3, 0L, 100L)]
    [TestCase(3, -1L, 100L)]
    [TestCase(3, 50L, 99L)]
    [TestCase(5, 1L << 50, long.MaxValue)]
    public void Constructor_rejects_invalid_configuration(int digits, long lowest, long highest)
    {
        Assert.That(() => new Histogram(lowest, highest, digits), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Constructor_accepts_highest_exactly_twice_lowest()
    {
        var histogram = new Histogram(50, 100, 1);
        histogram.Record(100);
        Assert.That(histogram.ValueAtPercentile(100), Is.EqualTo(100));
        Assert.That(histogram.ClampedCount, Is.Zero);
    }

    [Test]
    public void Min_max_and_mean_are_exact()
    {
        var histogram = Filled(1_000_003, 1_000_001, 999_999, 1_000_005, 1_000_002);
        Assert.That(histogram.Min, Is.EqualTo(999_999));
        Assert.That(histogram.Max, Is.EqualTo(1_000_005));
        Assert.That(histogram.Mean, Is.EqualTo(1_000_002.0));
        // All five share one counter (999_936..1_000_447), so the standard deviation, read from the
        // counters, only promises half of the counter clipped to min..max: 3.
        Assert.That(histogram.StdDev, Is.EqualTo(2.0).Within(3.0));
    }

    [Test]
    public void Stddev_is_exact_while_counters_are_one_value_wide()
    {
        var histogram = Filled(1_003, 1_001, 999, 1_005, 1_002);
        // Deviations 1, -1, -3, 3, 0 around the exact mean 1002: variance 20 / 5 = 4.
        Assert.That(histogram.StdDev, Is.EqualTo(2.0).Within(1e-12));
    }

    [Test]
    public void Stddev_of_equal_values_is_zero_and_mean_survives_huge_sums()
    {
        var histogram = new Histogram(1, long.MaxValue, 2);
        histogram.RecordN(long.MaxValue, 1000);
        Assert.That(histogram.StdDev, Is.Zero);
        Assert.That(histogram.Sum, Is.EqualTo((Int128)long.MaxValue * 1000));
        Assert.That(histogram.Mean, Is.EqualTo((double)long.MaxValue));
    }

    [Test]
    public void Value_at_percentile_zero_and_hundred_are_the_exact_min_and_max()
    {
        var histogram = Filled(123_456, 987_654_321, 5_000);
        Assert.That(histogram.ValueAtPercentile(0), Is.EqualTo(5_000));
        Assert.That(histogram.ValueAtPercentile(100), Is.EqualTo(987_654_321));
    }

    [Test]
    public void Value_at_percentile_is_the_top_of_the_counter_holding_the_ranked_value()
    {
        var histogram = new Histogram();
        for (long value = 1; value <= 10_000; value++)
            histogram.Record(value);
        // Rank 5000 is value 5000, whose counter (width 4 from 4096) is 5000..5003.
        Assert.That(histogram.ValueAtPercentile(50), Is.EqualTo(5003));
        // Rank 9990 (99.9% of 10000 taken as the decimal 99.9) is 9990, counter 9984..9991.
        Assert.That(histogram.ValueAtPercentile(99.9), Is.EqualTo(9991));
        // Rank 1 is the first value.
        Assert.That(histogram.ValueAtPercentile(0.0001), Is.EqualTo(1));
    }

    [Test]
    public void Value_at_percentile_never_exceeds_the_max_so_percentiles_never_decrease()
    {
        // 10_001's counter is 10_000..10_007, so its highest equivalent value lies above the max.
        var histogram = Filled(10_001, 10_001, 10_001);
        Assert.That(histogram.ValueAtPercentile(50), Is.EqualTo(10_001));
        Assert.That(histogram.ValueAtPercentile(99.999), Is.EqualTo(10_001));
        Assert.That(histogram.HighestEquivalentValue(10_001), Is.EqualTo(10_007));
    }

    [TestCase(-0.001)]
    [TestCase(100.001)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Value_at_percentile_rejects_percentiles_outside_zero_to_hundred(double percentile)
    {
        var histogram = Filled(10);
        Assert.That(() => histogram.ValueAtPercentile(percentile), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Percentiles_checks_every_percentile_before_writing_any_result()
    {
        var histogram = Filled(10, 20, 30);
        long[] results = { -1, -1, -1 };
        Assert.That(() => histogram.Percentiles(new[] { 50.0, 101.0, 90.0 }, results), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(results, Is.EqualTo(new long[] { -1, -1, -1 }));
        Assert.That(() => histogram.Percentiles(new[] { 50.0, 90.0 }, new long[1]), Throws.ArgumentException);
    }

    [Test]
    public void Percentiles_answers_in_the_order_asked()
    {
        var histogram = Filled(10, 20, 30, 40);
        var results = new long[4];
        histogram.Percentiles(new[] { 100.0, 0.0, 50.0, 75.0 }, results);
        Assert.That(results, Is.EqualTo(new long[] { 40, 10, 20, 30 }));
    }

    [Test]
    public void Values_above_the_highest_trackable_value_are_clamped_and_counted()
    {
        var histogram = new Histogram(1, 1_000, 3);
        histogram.Record(500);
        histogram.Record(1_000);
        histogram.Record(1_001);
        histogram.Record(long.MaxValue);
        histogram.RecordN(5_000, 3);
        histogram.RecordBatch(new long[] { 2_000, 7 });
        Assert.That(histogram.Count, Is.EqualTo(9));
        Assert.That(histogram.ClampedCount, Is.EqualTo(6));
        Assert.That(histogram.Max, Is.EqualTo(1_000));
        Assert.That(histogram.ValueAtPercentile(100), Is.EqualTo(1_000));
        Assert.That(histogram.ValueAtPercentile(50), Is.EqualTo(1_000));
        Assert.That(histogram.Sum, Is.EqualTo((Int128)(500 + 7 + 7 * 1_000)));
    }

    [Test]
    public void Negative_values_are_rejected_and_leave_the_histogram_unchanged()
    {
        var histogram = Filled(100, 200, 300);
        var untouched = Filled(100, 200, 300);
        Assert.That(() => histogram.Record(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => histogram.Record(long.MinValue), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => histogram.RecordN(-5, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => histogram.RecordN(5, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => histogram.RecordBatch(new long[] { 1, 2, -3, 4 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("values[2] is -3"));
        AssertSameContents(histogram, untouched);
    }

    [Test]
    public void Record_n_and_batch_reject_a_count_that_would_overflow_the_total()
    {
        var histogram = new Histogram();
        histogram.RecordN(10, long.MaxValue - 1);
        Assert.That(() => histogram.RecordN(10, 2), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => histogram.RecordBatch(new long[] { 10, 10 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(histogram.Count, Is.EqualTo(long.MaxValue - 1));
        histogram.RecordN(10, 1);
        Assert.That(histogram.Count, Is.EqualTo(long.MaxValue));
    }

    [Test]
    public void Record_n_equals_recording_the_value_n_times()
    {
        var once = new Histogram();
        var repeated = new Histogram();
        once.Record(77);
        repeated.Record(77);
        once.RecordN(123_456, 5);
        for (int i = 0; i < 5; i++)
            repeated.Record(123_456);
        once.RecordN(999, 0);
        AssertSameContents(once, repeated);
    }

    [Test]
    public void Record_n_of_zero_on_an_empty_histogram_records_nothing()
    {
        var histogram = new Histogram();
        histogram.RecordN(42, 0);
        Assert.That(histogram.Count, Is.Zero);
        Assert.That(histogram.Min, Is.Zero);
        Assert.That(histogram.Max, Is.Zero);
    }

    [Test]
    public void Batch_equals_one_by_one()
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        var values = new long[10_000];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.Next(3) == 0 ? random.NextInt64(0, 2_000_000) : random.NextInt64(0, 5_000);
        var batched = new Histogram(1, 1_000_000, 3);
        var single = new Histogram(1, 1_000_000, 3);
        batched.Record(3);
        single.Record(3);
        batched.RecordBatch(values.AsSpan(0, 4_000));
        batched.RecordBatch(ReadOnlySpan<long>.Empty);
        batched.RecordBatch(values.AsSpan(4_000));
        foreach (long value in values)
            single.Record(value);
        AssertSameContents(batched, single);
        Assert.That(batched.ClampedCount, Is.GreaterThan(0), "the stream exercised clamping");
    }

    [Test]
    public void Merge_equals_recording_both_streams_into_one()
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        var left = new Histogram();
        var right = new Histogram();
        var both = new Histogram();
        for (int i = 0; i < 5_000; i++)
        {
            long a = random.NextInt64(1_000, 100_000);
            long b = random.NextInt64(50_000, 10_000_000);
            left.Record(a);
            right.Record(b);
            both.Record(a);
            both.Record(b);
        }
        left.Merge(right);
        AssertSameContents(left, both);
        Assert.That(right.Count, Is.EqualTo(5_000), "the source is not changed");
    }

    [Test]
    public void Merge_into_an_empty_histogram_copies_the_source()
    {
        var source = Filled(5, 500, 50_000, 5_000_000);
        var target = new Histogram();
        target.Merge(source);
        AssertSameContents(target, source);
    }

    [Test]
    public void Merge_of_an_empty_source_changes_nothing()
    {
        var target = Filled(5, 500);
        target.Merge(new Histogram());
        AssertSameContents(target, Filled(5, 500));
    }

    [Test]
    public void Merge_with_itself_doubles_every_count()
    {
        var histogram = Filled(5, 500, 500, 70_000);
        histogram.Merge(histogram);
        AssertSameContents(histogram, Filled(5, 500, 500, 70_000, 5, 500, 500, 70_000));
    }

    [Test]
    public void Merge_of_a_wider_range_clamps_to_the_target_range_and_counts_it()
    {
        var target = new Histogram(1, 1_000, 3);
        target.Record(20);
        var source = new Histogram(1, 1_000_000, 3);
        source.Record(10);
        source.Record(500);
        source.Record(5_000);
        source.Record(999_999);
        source.Record(2_000_000); // clamped in the source already
        target.Merge(source);
        Assert.That(target.Count, Is.EqualTo(6));
        Assert.That(target.ClampedCount, Is.EqualTo(3), "5000, 999_999 and 2_000_000, each counted once");
        Assert.That(target.Min, Is.EqualTo(10));
        Assert.That(target.Max, Is.EqualTo(1_000));
        Assert.That(target.ValueAtPercentile(50), Is.EqualTo(500));
        Assert.That(target.ValueAtPercentile(60), Is.EqualTo(1_000));
        // 10 + 20 + 500 + 3 * 1000 exactly would be 3530; the two values clamped during the merge are estimated
        // from the middle of their source counters, each within 10^-3 of the value.
        Assert.That((double)target.Sum, Is.EqualTo(3530.0).Within(0.001 * (5_000 + 999_999)));
        var buckets = new HistogramBucket[8];
        Assert.That(target.TryCopyBuckets(buckets, out int written), Is.True);
        Assert.That(buckets[..written], Is.EqualTo(new[]
        {
            new HistogramBucket(10, 1), new HistogramBucket(20, 1), new HistogramBucket(500, 1), new HistogramBucket(1_000, 3),
        }));
    }

    [Test]
    public void Merge_across_different_precisions_keeps_values_within_the_coarser_precision()
    {
        var target = new Histogram(1, 10_000_000, 4);
        var source = new Histogram(1, 10_000_000, 2);
        var recorded = new System.Collections.Generic.List<long>();
        for (long value = 1_000; value <= 1_000_000; value += 997)
        {
            source.Record(value);
            recorded.Add(value);
        }
        target.Merge(source);
        Assert.That(target.Count, Is.EqualTo(source.Count));
        Assert.That(target.Min, Is.EqualTo(source.Min));
        Assert.That(target.Max, Is.EqualTo(source.Max));
        Assert.That(target.Sum, Is.EqualTo(source.Sum), "no clamping: exact statistics carry over");
        // The target sees each source counter at its top, so its deviation is off by up to the source's widest counter.
        double exactStdDev = HistogramTestSupport.ExactStdDev(recorded.ToArray());
        double sourceWidth = source.HighestEquivalentValue(source.Max) - source.LowestEquivalentValue(source.Max) + 1;
        Assert.That(target.StdDev, Is.EqualTo(exactStdDev).Within(sourceWidth));
        Assert.That(target.ClampedCount, Is.Zero);
        foreach (double percentile in new[] { 1.0, 25.0, 50.0, 90.0, 99.0, 99.9 })
            Assert.That(target.ValueAtPercentile(percentile), Is.EqualTo(source.ValueAtPercentile(percentile)).Within(source.ValueAtPercentile(percentile) / 100), $"p{percentile}");
    }

    [Test]
    public void Reset_forgets_everything_and_the_histogram_records_again()
    {
        var histogram = new Histogram(1, 1_000, 2);
        histogram.Record(5);
        histogram.Record(5_000);
        histogram.Reset();
        Assert.That(histogram.Count, Is.Zero);
        Assert.That(histogram.ClampedCount, Is.Zero);
        Assert.That(histogram.Min, Is.Zero);
        Assert.That(histogram.Max, Is.Zero);
        Assert.That(histogram.Sum, Is.EqualTo(Int128.Zero));
        Assert.That(histogram.CountNonEmptyBuckets(), Is.Zero);
        histogram.Record(700);
        histogram.Record(900);
        Assert.That(histogram.Min, Is.EqualTo(700));
        Assert.That(histogram.StdDev, Is.EqualTo(100.0).Within(1.5), "half the width of 700's counter (700..703)");
        Assert.That(histogram.ValueAtPercentile(0.1), Is.EqualTo(703), "the old values' counters were cleared");
        Assert.That(histogram.CountNonEmptyBuckets(), Is.EqualTo(2));
    }

    [Test]
    public void Buckets_are_ascending_non_empty_and_sum_to_the_count()
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        var histogram = new Histogram(1, 100_000_000, 2);
        for (int i = 0; i < 20_000; i++)
            histogram.Record((long)Math.Pow(10, 8.3 * random.NextDouble()));
        int needed = histogram.CountNonEmptyBuckets();
        var buckets = new HistogramBucket[needed + 3];
        Assert.That(histogram.TryCopyBuckets(buckets, out int written), Is.True);
        Assert.That(written, Is.EqualTo(needed));
        long total = 0;
        for (int i = 0; i < written; i++)
        {
            Assert.That(buckets[i].Count, Is.GreaterThan(0));
            if (i > 0)
                Assert.That(buckets[i].Value, Is.GreaterThan(buckets[i - 1].Value));
            Assert.That(histogram.HighestEquivalentValue(buckets[i].Value), Is.EqualTo(buckets[i].Value), "value is the top of its counter");
            total += buckets[i].Count;
        }
        Assert.That(total, Is.EqualTo(histogram.Count));
        Assert.That(buckets[written], Is.EqualTo(default(HistogramBucket)), "nothing written past the buckets");
    }

    [Test]
    public void Buckets_into_a_short_span_write_nothing_and_report_the_length_needed()
    {
        var histogram = Filled(1, 2, 3, 3);
        var buckets = new HistogramBucket[2];
        Assert.That(histogram.TryCopyBuckets(buckets, out int written), Is.False);
        Assert.That(written, Is.EqualTo(3));
        Assert.That(buckets, Is.EqualTo(new HistogramBucket[2]));
        Assert.That(new Histogram().TryCopyBuckets(Span<HistogramBucket>.Empty, out written), Is.True);
        Assert.That(written, Is.Zero);
    }

    [Test]
    public void Equivalent_value_helpers_reject_negative_values()
    {
        var histogram = new Histogram();
        Assert.That(() => histogram.LowestEquivalentValue(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => histogram.HighestEquivalentValue(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(histogram.LowestEquivalentValue(4097), Is.EqualTo(4096));
        Assert.That(histogram.HighestEquivalentValue(4097), Is.EqualTo(4099));
    }

    [Test]
    public void Record_batch_percentiles_and_buckets_allocate_nothing()
    {
        var histogram = new Histogram();
        var other = new Histogram();
        var values = new long[1024];
        var random = new Random(7);
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextInt64(1, 10_000_000);
        double[] percentiles = { 50, 90, 99, 99.9 };
        var results = new long[percentiles.Length];
        var buckets = new HistogramBucket[8192];
        long sink = 0;

        void Work()
        {
            for (int i = 0; i < values.Length; i++)
                histogram.Record(values[i]);
            histogram.RecordBatch(values);
            histogram.RecordN(12_345, 3);
            sink += histogram.ValueAtPercentile(99.9);
            histogram.Percentiles(percentiles, results);
            histogram.TryCopyBuckets(buckets, out int written);
            sink += written;
            other.RecordBatch(values);
            histogram.Merge(other);
            sink += (long)histogram.StdDev + (long)histogram.Mean;
            other.Reset();
        }

        for (int i = 0; i < 50; i++)
            Work();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
            Work();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(sink, Is.Not.Zero);
    }
}
