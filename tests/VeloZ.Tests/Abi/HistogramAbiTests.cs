using System;
using System.Linq;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

[TestFixture]
public unsafe class HistogramAbiTests
{
    private static nint Create(HistogramConfig* config)
    {
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(config, &histogram), "veloz_histogram_create");
        Assert.That(histogram, Is.Not.EqualTo((nint)0));
        return histogram;
    }

    private static nint Create(int digits, long lowest, long highest)
    {
        var config = new HistogramConfig { StructSize = (uint)sizeof(HistogramConfig), SignificantDigits = digits, LowestTrackable = lowest, HighestTrackable = highest };
        return Create(&config);
    }

    internal static HistogramStats Stats(nint histogram)
    {
        var stats = new HistogramStats { StructSize = (uint)sizeof(HistogramStats) };
        AbiAssert.Ok(LibVeloz.HistogramGetStats(histogram, &stats), "veloz_histogram_get_stats");
        return stats;
    }

    internal static long ValueAt(nint histogram, double percentile)
    {
        long value;
        AbiAssert.Ok(LibVeloz.HistogramValueAtPercentile(histogram, percentile, &value), "veloz_histogram_value_at_percentile");
        return value;
    }

    internal static HistogramBucket[] Buckets(nint histogram)
    {
        int needed = -1;
        int status = LibVeloz.HistogramBuckets(histogram, null, 0, &needed);
        if (status == VelozStatus.Ok)
        {
            Assert.That(needed, Is.Zero, "OK with capacity 0 only when there are no buckets");
            return Array.Empty<HistogramBucket>();
        }
        AbiAssert.Status(status, VelozStatus.BufferTooSmall, "veloz_histogram_buckets");
        var buckets = new HistogramBucket[needed];
        int written = -1;
        fixed (HistogramBucket* p = buckets)
            AbiAssert.Ok(LibVeloz.HistogramBuckets(histogram, p, buckets.Length, &written), "veloz_histogram_buckets");
        Assert.That(written, Is.EqualTo(needed));
        return buckets;
    }

    /// <summary>1..1000, half recorded one by one, half as a batch. Below 2048 every value has its own bucket at 3 digits.</summary>
    private static nint CreateOneToThousand()
    {
        nint histogram = Create(null);
        for (long v = 1; v <= 500; v++)
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, v), "veloz_histogram_record");
        long[] rest = Enumerable.Range(501, 500).Select(v => (long)v).ToArray();
        fixed (long* p = rest)
            AbiAssert.Ok(LibVeloz.HistogramRecordBatch(histogram, p, rest.Length), "veloz_histogram_record_batch");
        return histogram;
    }

    [Test]
    public void Empty_histogram_has_zero_stats_and_no_percentiles()
    {
        nint histogram = Create(null);
        try
        {
            var stats = Stats(histogram);
            Assert.That((stats.Count, stats.Min, stats.Max, stats.Mean, stats.ClampedCount), Is.EqualTo((0L, 0L, 0L, 0.0, 0L)));
            long value = -7;
            AbiAssert.Status(LibVeloz.HistogramValueAtPercentile(histogram, 50, &value), VelozStatus.Empty, "veloz_histogram_value_at_percentile");
            Assert.That(Buckets(histogram), Is.Empty);
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Stats_of_one_to_a_thousand_are_exact()
    {
        nint histogram = CreateOneToThousand();
        try
        {
            var stats = Stats(histogram);
            Assert.That(stats.Count, Is.EqualTo(1000));
            Assert.That(stats.Min, Is.EqualTo(1));
            Assert.That(stats.Max, Is.EqualTo(1000));
            Assert.That(stats.Mean, Is.EqualTo(500.5).Within(0.01));
            Assert.That(stats.Stddev, Is.EqualTo(Math.Sqrt((1000.0 * 1000.0 - 1) / 12)).Within(0.5));
            Assert.That(stats.ClampedCount, Is.Zero);
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [TestCase(0.0, 1L)]
    [TestCase(0.1, 1L)]
    [TestCase(50.0, 500L)]
    [TestCase(90.0, 900L)]
    [TestCase(99.0, 990L)]
    [TestCase(99.9, 999L)]
    [TestCase(100.0, 1000L)]
    public void Percentile_of_one_to_a_thousand_is_the_exact_rank(double percentile, long expected)
    {
        nint histogram = CreateOneToThousand();
        try
        {
            Assert.That(ValueAt(histogram, percentile), Is.EqualTo(expected));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Percentiles_batch_matches_value_at_percentile()
    {
        nint histogram = CreateOneToThousand();
        try
        {
            double[] percentiles = { 0, 25, 50, 75, 99, 99.99, 100 };
            long[] values = new long[percentiles.Length];
            fixed (double* p = percentiles)
            fixed (long* v = values)
                AbiAssert.Ok(LibVeloz.HistogramPercentiles(histogram, p, v, percentiles.Length), "veloz_histogram_percentiles");
            Assert.That(values, Is.EqualTo(percentiles.Select(p => ValueAt(histogram, p)).ToArray()));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Percentile_precision_holds_for_large_values()
    {
        // 3 digits: the answer is within 0.1% of the exact rank's value.
        nint histogram = Create(null);
        try
        {
            var random = new Random(12345);
            long[] values = Enumerable.Range(0, 10_000).Select(_ => (long)random.Next(1, int.MaxValue)).ToArray();
            fixed (long* p = values)
                AbiAssert.Ok(LibVeloz.HistogramRecordBatch(histogram, p, values.Length), "veloz_histogram_record_batch");
            Array.Sort(values);
            foreach (double percentile in new[] { 1.0, 50, 90, 99, 99.9 })
            {
                long exact = values[(int)Math.Ceiling(percentile / 100 * values.Length) - 1];
                Assert.That(ValueAt(histogram, percentile), Is.EqualTo(exact).Within(exact / 1000 + 1), $"p{percentile}");
            }
            Assert.That(ValueAt(histogram, 100), Is.EqualTo(values[^1]), "p100 is the exact max");
            Assert.That(ValueAt(histogram, 0), Is.EqualTo(values[0]), "p0 is the exact min");
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Buckets_are_ascending_and_add_up_to_the_count()
    {
        nint histogram = CreateOneToThousand();
        try
        {
            var buckets = Buckets(histogram);
            Assert.That(buckets.Length, Is.EqualTo(1000));
            Assert.That(buckets.Select(b => b.Value), Is.Ordered.Ascending.And.Unique);
            Assert.That(buckets.All(b => b.Count > 0), Is.True, "only non-empty buckets");
            Assert.That(buckets.Sum(b => b.Count), Is.EqualTo(1000));
            Assert.That((buckets[0].Value, buckets[^1].Value), Is.EqualTo((1L, 1000L)));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Too_small_bucket_buffer_is_buffer_too_small_with_the_needed_size(int capacity)
    {
        nint histogram = Create(null);
        try
        {
            long[] values = { 10, 20, 30 };
            fixed (long* p = values)
                AbiAssert.Ok(LibVeloz.HistogramRecordBatch(histogram, p, 3), "veloz_histogram_record_batch");
            var buffer = new HistogramBucket[4];
            int written = -1;
            fixed (HistogramBucket* b = buffer)
                AbiAssert.Status(LibVeloz.HistogramBuckets(histogram, capacity == 0 ? null : b, capacity, &written), VelozStatus.BufferTooSmall, "veloz_histogram_buckets");
            Assert.That(written, Is.EqualTo(3));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Values_above_highest_trackable_are_clamped_and_counted()
    {
        nint histogram = Create(2, 1, 10_000);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecordN(histogram, 100, 5), "veloz_histogram_record_n");
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 50_000), "veloz_histogram_record");
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, long.MaxValue), "veloz_histogram_record");
            var stats = Stats(histogram);
            Assert.That(stats.Count, Is.EqualTo(7));
            Assert.That(stats.ClampedCount, Is.EqualTo(2));
            Assert.That(stats.Max, Is.EqualTo(10_000));
            Assert.That(ValueAt(histogram, 100), Is.EqualTo(10_000));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Record_n_with_count_zero_records_nothing()
    {
        nint histogram = Create(null);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecordN(histogram, 100, 0), "veloz_histogram_record_n");
            Assert.That(Stats(histogram).Count, Is.Zero);
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Merge_adds_the_source_and_leaves_it_unchanged()
    {
        nint target = CreateOneToThousand();
        nint source = Create(2, 1, 10_000);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecordN(source, 5000, 3), "veloz_histogram_record_n");
            AbiAssert.Ok(LibVeloz.HistogramMerge(target, source), "veloz_histogram_merge");
            var stats = Stats(target);
            Assert.That(stats.Count, Is.EqualTo(1003));
            Assert.That(stats.Max, Is.EqualTo(5000).Within(50));
            Assert.That(Stats(source).Count, Is.EqualTo(3));
        }
        finally
        {
            LibVeloz.HistogramDestroy(target);
            LibVeloz.HistogramDestroy(source);
        }
    }

    [Test]
    public void Merge_clamps_source_values_beyond_the_target_range()
    {
        nint target = Create(3, 1, 1000);
        nint source = Create(null);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecordN(source, 1_000_000, 4), "veloz_histogram_record_n");
            AbiAssert.Ok(LibVeloz.HistogramMerge(target, source), "veloz_histogram_merge");
            var stats = Stats(target);
            Assert.That(stats.Count, Is.EqualTo(4));
            Assert.That(stats.Max, Is.EqualTo(1000));
            Assert.That(stats.ClampedCount, Is.EqualTo(4));
        }
        finally
        {
            LibVeloz.HistogramDestroy(target);
            LibVeloz.HistogramDestroy(source);
        }
    }

    [Test]
    public void Reset_empties_and_the_histogram_is_reusable()
    {
        nint histogram = CreateOneToThousand();
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramReset(histogram), "veloz_histogram_reset");
            Assert.That(Stats(histogram).Count, Is.Zero);
            Assert.That(Buckets(histogram), Is.Empty);
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 7), "veloz_histogram_record");
            Assert.That(ValueAt(histogram, 50), Is.EqualTo(7));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Batch_with_one_negative_value_records_nothing()
    {
        nint histogram = Create(null);
        try
        {
            long[] values = { 1, 2, 3, -4, 5 };
            fixed (long* p = values)
                AbiAssert.Status(LibVeloz.HistogramRecordBatch(histogram, p, values.Length), VelozStatus.InvalidArgument, "veloz_histogram_record_batch");
            Assert.That(LibVeloz.LastError(), Does.Contain("-4"), "the message shows the bad value");
            Assert.That(Stats(histogram).Count, Is.Zero);
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Empty_batch_is_accepted_even_with_a_NULL_array()
    {
        nint histogram = Create(null);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecordBatch(histogram, null, 0), "veloz_histogram_record_batch");
            Assert.That(Stats(histogram).Count, Is.Zero);
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Bad_arguments_fail_and_leave_the_histogram_unchanged()
    {
        nint histogram = Create(null);
        try
        {
            long[] good = { 10, 20, 30 };
            fixed (long* p = good)
                AbiAssert.Ok(LibVeloz.HistogramRecordBatch(histogram, p, 3), "veloz_histogram_record_batch");
            const int Bad = VelozStatus.InvalidArgument;
            long value;
            int written;
            var stats = new HistogramStats { StructSize = 0 };
            double[] percentiles = { 50, 101 };
            long[] outValues = new long[2];
            var buckets = new HistogramBucket[4];

            AbiAssert.Status(LibVeloz.HistogramRecord(histogram, -1), Bad, "veloz_histogram_record");
            AbiAssert.Status(LibVeloz.HistogramRecord(histogram, long.MinValue), Bad, "veloz_histogram_record");
            AbiAssert.Status(LibVeloz.HistogramRecordN(histogram, -5, 1), Bad, "veloz_histogram_record_n");
            AbiAssert.Status(LibVeloz.HistogramRecordN(histogram, 5, -1), Bad, "veloz_histogram_record_n");
            AbiAssert.Status(LibVeloz.HistogramRecordBatch(histogram, null, 4), Bad, "veloz_histogram_record_batch");
            fixed (long* p = good)
                AbiAssert.Status(LibVeloz.HistogramRecordBatch(histogram, p, -1), Bad, "veloz_histogram_record_batch");
            foreach (double percentile in new[] { -0.1, 100.1, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                AbiAssert.Status(LibVeloz.HistogramValueAtPercentile(histogram, percentile, &value), Bad, "veloz_histogram_value_at_percentile");
            AbiAssert.Status(LibVeloz.HistogramValueAtPercentile(histogram, 50, null), Bad, "veloz_histogram_value_at_percentile");
            fixed (double* p = percentiles)
            fixed (long* v = outValues)
            {
                AbiAssert.Status(LibVeloz.HistogramPercentiles(histogram, p, v, 2), Bad, "veloz_histogram_percentiles");
                AbiAssert.Status(LibVeloz.HistogramPercentiles(histogram, null, v, 2), Bad, "veloz_histogram_percentiles");
                AbiAssert.Status(LibVeloz.HistogramPercentiles(histogram, p, null, 2), Bad, "veloz_histogram_percentiles");
                AbiAssert.Status(LibVeloz.HistogramPercentiles(histogram, p, v, -1), Bad, "veloz_histogram_percentiles");
            }
            AbiAssert.Status(LibVeloz.HistogramGetStats(histogram, null), Bad, "veloz_histogram_get_stats");
            AbiAssert.Status(LibVeloz.HistogramGetStats(histogram, &stats), Bad, "veloz_histogram_get_stats");
            Assert.That(stats.Count, Is.Zero, "struct_size 0: nothing written");
            fixed (HistogramBucket* b = buckets)
            {
                AbiAssert.Status(LibVeloz.HistogramBuckets(histogram, b, 4, null), Bad, "veloz_histogram_buckets");
                AbiAssert.Status(LibVeloz.HistogramBuckets(histogram, b, -1, &written), Bad, "veloz_histogram_buckets");
                AbiAssert.Status(LibVeloz.HistogramBuckets(histogram, null, 4, &written), Bad, "veloz_histogram_buckets");
            }

            var after = Stats(histogram);
            Assert.That((after.Count, after.Min, after.Max, after.ClampedCount), Is.EqualTo((3L, 10L, 30L, 0L)));
            Assert.That(ValueAt(histogram, 50), Is.EqualTo(20));
            Assert.That(Buckets(histogram).Select(b => (b.Value, b.Count)), Is.EqualTo(new[] { (10L, 1L), (20L, 1L), (30L, 1L) }));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [TestCase(0u, 3, 1L, 1_000_000L, TestName = "Histogram_config_struct_size_0_is_rejected")]
    [TestCase(1u << 20, 3, 1L, 1_000_000L, TestName = "Histogram_config_struct_size_absurd_is_rejected")]
    [TestCase(uint.MaxValue, 3, 1L, 1_000_000L, TestName = "Histogram_config_struct_size_max_is_rejected")]
    [TestCase(24u, 6, 1L, 1_000_000L, TestName = "Histogram_config_digits_6_is_rejected")]
    [TestCase(24u, -3, 1L, 1_000_000L, TestName = "Histogram_config_digits_negative_is_rejected")]
    [TestCase(24u, 3, -1L, 1_000_000L, TestName = "Histogram_config_lowest_negative_is_rejected")]
    [TestCase(24u, 3, 1000L, 1999L, TestName = "Histogram_config_highest_below_twice_lowest_is_rejected")]
    [TestCase(24u, 3, 1L, -1L, TestName = "Histogram_config_highest_negative_is_rejected")]
    [TestCase(24u, 3, long.MinValue, long.MaxValue, TestName = "Histogram_config_lowest_min_is_rejected")]
    public void Bad_config_is_an_invalid_argument(uint structSize, int digits, long lowest, long highest)
    {
        var config = new HistogramConfig { StructSize = structSize, SignificantDigits = digits, LowestTrackable = lowest, HighestTrackable = highest };
        nint histogram = 0x1234;
        AbiAssert.Status(LibVeloz.HistogramCreate(&config, &histogram), VelozStatus.InvalidArgument, "veloz_histogram_create");
        Assert.That(histogram, Is.EqualTo((nint)0).Or.EqualTo((nint)0x1234), "no handle handed out");
    }

    [Test]
    public void A_zeroed_config_with_struct_size_set_means_all_defaults()
    {
        // docs/DESIGN.md rule 6: zero fields take their defaults (3 digits, 1 .. an hour in ns).
        var config = new HistogramConfig { StructSize = (uint)sizeof(HistogramConfig) };
        nint histogram = Create(&config);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 3_600_000_000_000), "veloz_histogram_record");
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 3_600_000_000_001), "veloz_histogram_record");
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 1), "veloz_histogram_record");
            var stats = Stats(histogram);
            Assert.That(stats.ClampedCount, Is.EqualTo(1), "highest_trackable defaults to an hour in ns");
            Assert.That(stats.Min, Is.EqualTo(1));
            Assert.That(ValueAt(histogram, 0), Is.EqualTo(1), "lowest_trackable defaults to 1");
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Create_with_NULL_out_is_an_invalid_argument()
    {
        AbiAssert.Status(LibVeloz.HistogramCreate(null, null), VelozStatus.InvalidArgument, "veloz_histogram_create");
    }

    [TestCase(1)]
    [TestCase(5)]
    public void Digits_limits_are_inclusive(int digits)
    {
        LibVeloz.HistogramDestroy(Create(digits, 1, 1_000_000));
    }

    [Test]
    public void An_older_smaller_config_reads_only_what_fits()
    {
        // struct_size 8 covers significant_digits; lowest/highest beyond it are garbage and must take defaults.
        var config = new HistogramConfig { StructSize = 8, SignificantDigits = 2, LowestTrackable = -1, HighestTrackable = -1 };
        nint histogram = Create(&config);
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 3_000_000_000_000), "veloz_histogram_record");
            Assert.That(Stats(histogram).ClampedCount, Is.Zero, "the default highest_trackable is an hour in ns");
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    private static void AssertEveryCallRejects(nint handle, nint liveHistogram)
    {
        const int Bad = VelozStatus.InvalidHandle;
        long value;
        int written;
        double percentile = 50;
        long[] batch = { 1, 2, 3 };
        var stats = new HistogramStats { StructSize = (uint)sizeof(HistogramStats) };
        var buckets = new HistogramBucket[4];
        AbiAssert.Status(LibVeloz.HistogramRecord(handle, 1), Bad, "veloz_histogram_record");
        AbiAssert.Status(LibVeloz.HistogramRecordN(handle, 1, 1), Bad, "veloz_histogram_record_n");
        fixed (long* p = batch)
            AbiAssert.Status(LibVeloz.HistogramRecordBatch(handle, p, 3), Bad, "veloz_histogram_record_batch");
        AbiAssert.Status(LibVeloz.HistogramValueAtPercentile(handle, 50, &value), Bad, "veloz_histogram_value_at_percentile");
        AbiAssert.Status(LibVeloz.HistogramPercentiles(handle, &percentile, &value, 1), Bad, "veloz_histogram_percentiles");
        AbiAssert.Status(LibVeloz.HistogramGetStats(handle, &stats), Bad, "veloz_histogram_get_stats");
        fixed (HistogramBucket* b = buckets)
            AbiAssert.Status(LibVeloz.HistogramBuckets(handle, b, 4, &written), Bad, "veloz_histogram_buckets");
        AbiAssert.Status(LibVeloz.HistogramReset(handle), Bad, "veloz_histogram_reset");
        AbiAssert.Status(LibVeloz.HistogramMerge(handle, liveHistogram), Bad, "veloz_histogram_merge");
        AbiAssert.Status(LibVeloz.HistogramMerge(liveHistogram, handle), Bad, "veloz_histogram_merge");
        LibVeloz.HistogramDestroy(handle); // a no-op
    }

    [Test]
    public void NULL_destroyed_and_wrong_type_handles_are_invalid_handles_and_the_live_one_is_untouched()
    {
        nint live = Create(null);
        nint dead = Create(null);
        nint sync = 0;
        AbiAssert.Ok(LibVeloz.TimeSyncCreate(null, &sync), "veloz_time_sync_create");
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecordN(live, 25, 4), "veloz_histogram_record_n");
            AbiAssert.Ok(LibVeloz.HistogramRecord(dead, 1_000_000), "veloz_histogram_record");
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 1, 1100, 1000, 1200), "veloz_time_sync_add_sample");
            LibVeloz.HistogramDestroy(dead);

            AssertEveryCallRejects(0, live);
            AssertEveryCallRejects(dead, live);
            AssertEveryCallRejects(sync, live);

            var stats = Stats(live);
            Assert.That((stats.Count, stats.Min, stats.Max), Is.EqualTo((4L, 25L, 25L)));
            Assert.That(LibVeloz.TimeSyncVenueCount(sync), Is.EqualTo(1), "histogram_destroy of a time sync handle is a no-op");
        }
        finally
        {
            LibVeloz.HistogramDestroy(live);
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void Destroying_NULL_or_twice_is_a_no_op()
    {
        nint histogram = Create(null);
        LibVeloz.HistogramDestroy(histogram);
        LibVeloz.HistogramDestroy(histogram);
        LibVeloz.HistogramDestroy(0);
        nint other = Create(null);
        try
        {
            // The freed slot may be reused; the old handle must not reach the new object.
            AbiAssert.Status(LibVeloz.HistogramRecord(histogram, 1), VelozStatus.InvalidHandle, "veloz_histogram_record");
            LibVeloz.HistogramDestroy(histogram);
            AbiAssert.Ok(LibVeloz.HistogramRecord(other, 1), "veloz_histogram_record");
            Assert.That(Stats(other).Count, Is.EqualTo(1));
        }
        finally
        {
            LibVeloz.HistogramDestroy(other);
        }
    }
}
