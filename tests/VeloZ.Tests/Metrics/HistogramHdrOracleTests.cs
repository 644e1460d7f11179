using System;
using System.Linq;
using System.Numerics;
using HdrHistogram;
using NUnit.Framework;
using Histogram = VeloZ.Metrics.Histogram;

namespace VeloZ.Tests.Metrics;

/// <summary>
/// HdrHistogram.NET (NuGet HdrHistogram 2.5.0) as a second oracle: the same random streams go into our
/// <see cref="Histogram"/> and into the peer's <see cref="LongHistogram"/> (one writer, no synchronization,
/// the same threading contract as ours), configured alike (lowest 1, highest one hour in ns, the same digits),
/// and percentiles, min, max, mean and count must agree within the precision both promise.
/// </summary>
/// <remarks>
/// What the two promise, read from both implementations:
/// <list type="bullet">
/// <item>Both use the same HDR layout: a counter holds the values [LowestEquivalentValue, HighestEquivalentValue],
/// whose width is a power of two w with w &lt;= value / 2^H, where 2^H = SubBucketCount / 2 &gt;= 10^digits
/// (1024 for 3 digits). So two values of one counter differ by at most w - 1 &lt; value * 10^-digits.</item>
/// <item>The peer keeps no exact min, max or sum: <c>GetMaxValue</c> is the top (highest equivalent value) of the
/// highest non-empty counter, the first recorded value is the top of the lowest, and <c>GetMean</c> takes every
/// value at the middle of its counter, MedianEquivalentValue = lowest + (w &gt;&gt; 1), which is at most w / 2
/// from the value either way. Ours keeps min, max and the sum exactly.</item>
/// <item>Percentiles: both report the top of the counter that holds the value of some rank (ours clipped to the
/// exact max; 0 and 100 give our exact min and max). The ranks differ: ours is ceil(p / 100 * n) (decimal), the
/// peer's (long)(p / 100 * n + 0.5) (double, round half up), at least 1, so ours is the peer's or one more. One rank
/// apart can be any distance apart in value (a gap in the data), so each percentile is compared at our rank:
/// the peer is asked for 100 * rank / n, which its rule maps back to exactly that rank.</item>
/// </list>
/// Tolerance, therefore, for each pair (ours, peer's) of min, max and percentiles: both lie in one counter by both
/// implementations' LowestEquivalentValue, the peer's is not below ours, and peer - ours &lt;= floor(ours * 10^-digits).
/// Mean: |peer - ours| &lt;= ours * 10^-digits / 2 (each value moves by at most w / 2 &lt;= value / 2^(H+1)), with
/// 10^-12 relative room for the two double divisions. Count: equal.
/// The peer's one flaw: it computes a counter's width as the 32-bit <c>1 &lt;&lt; bucket</c>, negative from bucket 31
/// (values &gt;= 2^(31 + H), 2^41 ≈ 36.6 minutes in ns for 3 digits), which pushes its highest equivalent values
/// below the value. The streams here stay below that limit; <see cref="Equivalent_value_ranges_agree_below_the_peers_32_bit_width_limit"/>
/// pins where it lies.
/// </remarks>
[TestFixture]
public sealed class HistogramHdrOracleTests
{
    private static readonly double[] s_fixedPercentiles = { 0, 1, 10, 50, 90, 99, 99.9, 99.99, 100 };

    /// <summary>The first value whose counter width the peer gets wrong: 2^(31 + H), 2^H = SubBucketCount / 2.</summary>
    private static long PeerWidthLimit(LongHistogram peer) => 1L << (31 + BitOperations.Log2((uint)peer.SubBucketCount) - 1);

    /// <summary>The peer's rank for <paramref name="percentile"/>, as HistogramBase.GetValueAtPercentile computes it.</summary>
    private static long PeerRank(double percentile, long count) =>
        Math.Max((long)((Math.Min(percentile, 100.0) / 100.0 * count) + 0.5), 1);

    /// <summary>
    /// A percentile whose peer rank is exactly <paramref name="rank"/>: 100 * rank / count / 100 * count is rank
    /// within a few ulps, far from the rounding points rank +- 0.5; and it is never above 100.
    /// </summary>
    private static double PercentileOfRank(long rank, long count) => 100.0 * rank / count;

    [Test]
    public void Percentiles_min_max_mean_and_count_agree_with_HdrHistogram(
        [Values(2, 3, 4)] int digits,
        [Values] ValueDistribution distribution)
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        var ours = new Histogram(1, Histogram.DefaultHighestTrackableValue, digits);
        var peer = new LongHistogram(1, Histogram.DefaultHighestTrackableValue, digits);
        // LogUniformWide spans 1 .. the peer's limit (2^41 for 3 digits) or the whole range where that is higher.
        long top = Math.Min(PeerWidthLimit(peer), Histogram.DefaultHighestTrackableValue);

        int n = random.Next(1, 4) == 1 ? random.Next(1, 50) : random.Next(1_000, 60_000);
        var values = new long[n];
        for (int i = 0; i < n; i++)
            values[i] = HistogramTestSupport.Draw(random, distribution, top);

        // Ours through both record paths, in random runs; the peer one RecordValue at a time.
        for (int start = 0; start < n;)
        {
            int length = Math.Min(n - start, random.Next(1, 257));
            if (random.Next(2) == 0)
                ours.RecordBatch(values.AsSpan(start, length));
            else
                for (int i = start; i < start + length; i++)
                    ours.Record(values[i]);
            start += length;
        }
        foreach (long value in values)
            peer.RecordValue(value);

        double tenToMinusDigits = Math.Pow(10, -digits);
        string setup = $"{n} values, {digits} digits, {distribution}";

        Assert.That(peer.TotalCount, Is.EqualTo(n), setup + ": peer count");
        Assert.That(ours.Count, Is.EqualTo(peer.TotalCount), setup + ": count");
        AssertOneCounterApart(ours, peer, ours.Min, peer.RecordedValues().First().ValueIteratedTo, tenToMinusDigits, setup + ": min");
        AssertOneCounterApart(ours, peer, ours.Max, peer.GetMaxValue(), tenToMinusDigits, setup + ": max");

        double ourMean = ours.Mean, peerMean = peer.GetMean();
        Assert.That(Math.Abs(peerMean - ourMean), Is.LessThanOrEqualTo(ourMean * (tenToMinusDigits / 2 + 1e-12)), setup + ": mean within half of 10^-digits");

        double[] percentiles = s_fixedPercentiles
            .Concat(Enumerable.Range(0, 40).Select(_ => random.Next(0, 100_001) / 1000.0))
            .ToArray();
        foreach (double percentile in percentiles)
        {
            long rank = HistogramTestSupport.ExactRank(percentile, n);
            long peerRank = PeerRank(percentile, n);
            string context = $"p{percentile} (our rank {rank}, the peer's {peerRank}) of {setup}";
            Assert.That(rank - peerRank, Is.InRange(0, 1), context + ": ceil vs round half up");
            // The translation to ranks holds for the peer: asked for p, it answers as for its own rank.
            Assert.That(peer.GetValueAtPercentile(percentile), Is.EqualTo(peer.GetValueAtPercentile(PercentileOfRank(peerRank, n))), context + ": the peer's rank rule");

            long ourValue = ours.ValueAtPercentile(percentile);
            long peerValue = peer.GetValueAtPercentile(PercentileOfRank(rank, n));
            AssertOneCounterApart(ours, peer, ourValue, peerValue, tenToMinusDigits, context);
            // Same rank, same layout: the same counter top, ours clipped to the exact max (p0 is the exact min).
            if (percentile > 0)
                Assert.That(ourValue, Is.EqualTo(Math.Min(peerValue, ours.Max)), context + ": the same counter top");
        }
    }

    [Test]
    public void Equivalent_value_ranges_agree_below_the_peers_32_bit_width_limit([Values(2, 3, 4)] int digits)
    {
        int seed = HistogramTestSupport.Next();
        var random = new Random(seed);
        var ours = new Histogram(1, Histogram.DefaultHighestTrackableValue, digits);
        var peer = new LongHistogram(1, Histogram.DefaultHighestTrackableValue, digits);
        long limit = PeerWidthLimit(peer);
        long top = Math.Min(limit, Histogram.DefaultHighestTrackableValue);

        // Around every power of two (where counters change width) and at a random value of each octave.
        for (int k = 0; (1L << k) < top; k++)
        {
            long power = 1L << k;
            foreach (long value in new[] { power - 1, power, power + 1, random.NextInt64(power, Math.Min(2 * power, top)) })
            {
                string context = $"value {value}, {digits} digits";
                Assert.That(peer.LowestEquivalentValue(value), Is.EqualTo(ours.LowestEquivalentValue(value)), context);
                Assert.That(peer.HighestEquivalentValue(value), Is.EqualTo(ours.HighestEquivalentValue(value)), context);
                Assert.That(peer.HighestEquivalentValue(value) - peer.LowestEquivalentValue(value), Is.LessThanOrEqualTo((long)Math.Floor(value * Math.Pow(10, -digits))), context + ": width within 10^-digits");
            }
        }
        Assert.That(peer.HighestEquivalentValue(limit - 1), Is.EqualTo(ours.HighestEquivalentValue(limit - 1)));
        // At the limit the peer's width, 1 << 31 in 32 bits, is negative: its top of the counter falls below the value.
        Assert.That(peer.HighestEquivalentValue(limit), Is.LessThan(limit),
            "HdrHistogram now computes counter widths in 64 bits: let the oracle streams reach the highest trackable value");
    }

    /// <summary>
    /// <paramref name="ourValue"/> (exact, or a counter top clipped to the exact max) and <paramref name="peerValue"/>
    /// (a counter top) lie in one counter by both definitions; the peer's is not below ours and at most
    /// floor(ours * 10^-digits) above it.
    /// </summary>
    private static void AssertOneCounterApart(Histogram ours, LongHistogram peer, long ourValue, long peerValue, double tenToMinusDigits, string context)
    {
        Assert.That(peer.LowestEquivalentValue(peerValue), Is.EqualTo(peer.LowestEquivalentValue(ourValue)), context + ": one counter by HdrHistogram's LowestEquivalentValue");
        Assert.That(ours.LowestEquivalentValue(peerValue), Is.EqualTo(ours.LowestEquivalentValue(ourValue)), context + ": one counter by ours");
        Assert.That(peerValue, Is.GreaterThanOrEqualTo(ourValue), context + ": the peer reports the counter's top");
        Assert.That(peerValue - ourValue, Is.LessThanOrEqualTo((long)Math.Floor(ourValue * tenToMinusDigits)), context + ": within 10^-digits of the value");
    }
}
