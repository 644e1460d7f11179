using System;
using NUnit.Framework;
using VeloZ.Metrics;

namespace VeloZ.Tests.Metrics;

[TestFixture]
public sealed class HistogramLayoutTests
{
    [TestCase(1, 5)]
    [TestCase(2, 8)]
    [TestCase(3, 11)]
    [TestCase(4, 15)]
    [TestCase(5, 18)]
    public void Sub_bucket_count_is_the_power_of_two_at_or_above_twice_ten_to_the_digits(int digits, int expectedMagnitude)
    {
        Assert.That(HistogramLayout.SubBucketCountMagnitude(digits), Is.EqualTo(expectedMagnitude));
        Assert.That(1L << (expectedMagnitude - 1), Is.GreaterThanOrEqualTo((long)Math.Pow(10, digits)));
    }

    [Test]
    public void Values_below_the_first_bucket_boundary_have_one_counter_each()
    {
        var layout = new HistogramLayout(1, 1_000_000, 3);
        for (long value = 0; value < 2048; value++)
        {
            Assert.That(layout.IndexOf(value), Is.EqualTo((int)value));
            Assert.That(layout.LowestEquivalentValue(value), Is.EqualTo(value));
            Assert.That(layout.HighestEquivalentValue(value), Is.EqualTo(value));
        }
    }

    [TestCase(2048, 2048, 2048, 2049)]
    [TestCase(2049, 2048, 2048, 2049)]
    [TestCase(2050, 2049, 2050, 2051)]
    [TestCase(4095, 3071, 4094, 4095)]
    [TestCase(4096, 3072, 4096, 4099)]
    [TestCase(1_000_000, 11_169, 999_936, 1_000_447)]
    public void Index_and_equivalent_range_follow_the_hdr_layout_for_three_digits(long value, int index, long lowest, long highest)
    {
        var layout = new HistogramLayout(1, 3_600_000_000_000, 3);
        Assert.That(layout.IndexOf(value), Is.EqualTo(index));
        Assert.That(layout.LowestEquivalentValue(value), Is.EqualTo(lowest));
        Assert.That(layout.HighestEquivalentValue(value), Is.EqualTo(highest));
    }

    [Test]
    public void Lowest_trackable_value_sets_the_unit_to_its_largest_power_of_two()
    {
        var layout = new HistogramLayout(1000, 1_000_000_000, 2);
        Assert.That(layout.UnitMagnitude, Is.EqualTo(9));
        Assert.That(layout.LowestEquivalentValue(1500), Is.EqualTo(1024));
        Assert.That(layout.HighestEquivalentValue(1500), Is.EqualTo(1535));
        Assert.That(layout.IndexOf(511), Is.EqualTo(0), "values below the unit share counter 0");
        Assert.That(layout.HighestEquivalentValue(0), Is.EqualTo(511));
    }

    [TestCase(1, 1L, 3_600_000_000_000L)]
    [TestCase(3, 1L, 3_600_000_000_000L)]
    [TestCase(5, 1L, 3_600_000_000_000L)]
    [TestCase(2, 1000L, 10_000_000_000L)]
    [TestCase(4, 7L, long.MaxValue)]
    [TestCase(5, 1L, long.MaxValue)]
    public void Equivalent_ranges_tile_the_values_and_are_no_wider_than_the_promised_precision(int digits, long lowest, long highest)
    {
        var layout = new HistogramLayout(lowest, highest, digits);
        long unit = 1L << layout.UnitMagnitude;
        double tenToMinusDigits = Math.Pow(10, -digits);
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        for (int i = 0; i < 20_000; i++)
        {
            // Log-uniform over the whole range so every bucket is visited.
            long value = Math.Min(highest, (long)Math.Pow(2, random.NextDouble() * Math.Log2(highest)));
            int index = layout.IndexOf(value);
            long low = layout.LowestValueAtIndex(index);
            long high = layout.HighestValueAtIndex(index);
            Assert.That(index, Is.InRange(0, layout.CountsLength - 1), $"value {value}");
            Assert.That(value, Is.InRange(low, high), $"value {value}");
            Assert.That(high - low + 1, Is.EqualTo(layout.WidthAtIndex(index)));
            Assert.That(high - low, Is.LessThanOrEqualTo(Math.Max(value * tenToMinusDigits, unit - 1)), $"value {value}");
            Assert.That(layout.IndexOf(low), Is.EqualTo(index));
            Assert.That(layout.IndexOf(high), Is.EqualTo(index));
            if (high < highest)
            {
                Assert.That(layout.IndexOf(high + 1), Is.EqualTo(index + 1), $"the counter after value {value}'s is the next index");
                Assert.That(layout.LowestValueAtIndex(index + 1), Is.EqualTo(high + 1));
            }
            if (low > 0)
                Assert.That(layout.IndexOf(low - 1), Is.EqualTo(index - 1));
        }
    }

    [Test]
    public void Highest_trackable_value_of_long_max_fits_without_overflow()
    {
        var layout = new HistogramLayout(1, long.MaxValue, 3);
        int last = layout.IndexOf(long.MaxValue);
        Assert.That(last, Is.EqualTo(layout.CountsLength - 1));
        Assert.That(layout.HighestValueAtIndex(last), Is.EqualTo(long.MaxValue));
        Assert.That(layout.LowestValueAtIndex(last), Is.GreaterThan(0));
    }

    [Test]
    public void Counts_length_covers_exactly_up_to_the_highest_trackable_value()
    {
        var layout = new HistogramLayout(1, 3_600_000_000_000, 3);
        Assert.That(layout.IndexOf(3_600_000_000_000), Is.EqualTo(layout.CountsLength - 1));
        Assert.That(layout.CountsLength, Is.LessThanOrEqualTo(33 * 1024), "HDR needs (bucket count + 1) * 1024 counters at most");
    }

    [TestCase(0, 1L, 100L, "SignificantDigits must be 1..5")]
    [TestCase(6, 1L, 100L, "SignificantDigits must be 1..5")]
    [TestCase(3, 0L, 100L, "LowestTrackable must be >= 1")]
    [TestCase(3, -5L, 100L, "LowestTrackable must be >= 1")]
    [TestCase(3, 10L, 19L, "HighestTrackable must be >= 2 * LowestTrackable")]
    [TestCase(3, long.MaxValue, long.MaxValue, "HighestTrackable must be >= 2 * LowestTrackable")]
    [TestCase(5, 1L << 50, long.MaxValue, "too large")]
    public void Validate_names_the_bad_argument(int digits, long lowest, long highest, string expected)
    {
        Assert.That(HistogramLayout.Validate(lowest, highest, digits)?.Message, Does.Contain(expected));
    }

    [TestCase(1, 1L, 2L)]
    [TestCase(3, 10L, 20L)]
    [TestCase(1, 1L << 50, long.MaxValue)]
    [TestCase(5, 1L << 45, long.MaxValue)]
    public void Validate_accepts_edge_configurations(int digits, long lowest, long highest)
    {
        Assert.That(HistogramLayout.Validate(lowest, highest, digits), Is.Null);
        var layout = new HistogramLayout(lowest, highest, digits);
        Assert.That(layout.HighestEquivalentValue(highest), Is.GreaterThanOrEqualTo(highest));
    }

    [TestCase(99.9, 1000L, 999L)]
    [TestCase(50.0, 10L, 5L)]
    [TestCase(50.0, 11L, 6L)]
    [TestCase(0.0001, 10L, 1L)]
    [TestCase(0.0, 10L, 1L)]
    [TestCase(100.0, 10L, 10L)]
    [TestCase(99.99, 10_000L, 9999L)]
    [TestCase(33.3, 1000L, 333L)]
    [TestCase(99.999, 1_000_000L, 999_990L)]
    public void Rank_at_percentile_is_the_ceiling_of_the_decimal_share(double percentile, long count, long rank)
    {
        Assert.That(Histogram.RankAtPercentile(percentile, count), Is.EqualTo(rank));
    }

    [Test]
    public void Rank_at_percentile_matches_integer_arithmetic_for_three_decimal_percentiles()
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            int thousandths = random.Next(0, 100_001);
            long count = random.Next(1, 3) == 1 ? random.Next(1, 5000) : random.NextInt64(1, long.MaxValue / 100_000);
            // ceil(thousandths / 100000 * count) in exact integers.
            Int128 product = (Int128)thousandths * count;
            long expected = (long)((product + 99_999) / 100_000);
            expected = Math.Clamp(expected, 1, count);
            Assert.That(Histogram.RankAtPercentile(thousandths / 1000.0, count), Is.EqualTo(expected),
                $"percentile {thousandths / 1000.0}, count {count}");
        }
    }
}
