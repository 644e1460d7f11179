using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VeloZ.Metrics;

/// <summary>
/// The HDR log-linear bucket arithmetic of a <see cref="Histogram"/>: which counter a value lands in,
/// and which values share that counter. Values are grouped in buckets whose width doubles from one to
/// the next; each bucket is split into <see cref="SubBucketHalfCount"/> equal sub-buckets (bucket 0 into
/// twice as many), so the width of a counter is never more than value / 10^digits.
/// Counter index <c>i</c> is <c>(bucket &lt;&lt; H) + subBucket</c> with H = log2(<see cref="SubBucketHalfCount"/>):
/// bucket 0 uses sub-buckets 0 .. 2^(H+1) - 1, every later bucket only the upper half (the lower half
/// would repeat the previous bucket), which makes the indices of all buckets contiguous.
/// </summary>
internal readonly struct HistogramLayout
{
    /// <summary>log2 of the smallest unit that is told apart: floor(log2(lowest trackable value)).</summary>
    public readonly int UnitMagnitude;

    /// <summary>H: log2 of the number of sub-buckets in the upper half of a bucket.</summary>
    public readonly int SubBucketHalfCountMagnitude;

    /// <summary>2^H, at least 10^digits, so a counter's width is at most its values / 10^digits.</summary>
    public readonly int SubBucketHalfCount;

    /// <summary>
    /// The values of bucket 0, as a mask: OR-ing it into a value makes every value of bucket 0 have the
    /// same leading-zero count, so bucket 0 needs no special case in <see cref="IndexOf"/>.
    /// </summary>
    public readonly long SubBucketMask;

    /// <summary>64 - UnitMagnitude - H - 1: the leading-zero count of the values of bucket 0 (OR the mask).</summary>
    public readonly int LeadingZeroCountBase;

    /// <summary>Number of counters needed to hold every value up to the highest trackable value.</summary>
    public readonly int CountsLength;

    /// <summary>Builds the layout; the caller has validated the arguments (see <see cref="Validate"/>).</summary>
    public HistogramLayout(long lowestTrackableValue, long highestTrackableValue, int significantDigits)
    {
        Debug.Assert(Validate(lowestTrackableValue, highestTrackableValue, significantDigits) is null);
        SubBucketHalfCountMagnitude = SubBucketCountMagnitude(significantDigits) - 1;
        SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude;
        UnitMagnitude = 63 - BitOperations.LeadingZeroCount((ulong)lowestTrackableValue);
        SubBucketMask = ((long)(2 * SubBucketHalfCount) - 1) << UnitMagnitude;
        LeadingZeroCountBase = 64 - UnitMagnitude - SubBucketHalfCountMagnitude - 1;
        CountsLength = 0;
        CountsLength = IndexOf(highestTrackableValue) + 1;
    }

    /// <summary>
    /// Why the arguments cannot make a histogram, or null when they can. Kept beside the arithmetic
    /// because the limit on the lowest value comes from it: the bucket-0 mask must fit in 63 bits.
    /// </summary>
    public static SettingOutOfRangeException? Validate(long lowestTrackableValue, long highestTrackableValue, int significantDigits)
    {
        const string owner = nameof(Histogram);
        if (significantDigits < Histogram.MinSignificantDigits || significantDigits > Histogram.MaxSignificantDigits)
            return new(owner, "SignificantDigits", significantDigits, $"must be {Histogram.MinSignificantDigits}..{Histogram.MaxSignificantDigits} (default {Histogram.DefaultSignificantDigits})");
        if (lowestTrackableValue < 1)
            return new(owner, "LowestTrackable", lowestTrackableValue, $"must be >= 1 (default {Histogram.DefaultLowestTrackableValue})");
        // highest >= 2 * lowest, written so that it cannot overflow.
        if (highestTrackableValue / 2 < lowestTrackableValue)
            return new(owner, "HighestTrackable", highestTrackableValue, $"must be >= 2 * LowestTrackable ({lowestTrackableValue})");
        int unitMagnitude = 63 - BitOperations.LeadingZeroCount((ulong)lowestTrackableValue);
        if (unitMagnitude + SubBucketCountMagnitude(significantDigits) > 63)
            return new(owner, "LowestTrackable", lowestTrackableValue, $"is too large for {significantDigits} significant digits (its sub-buckets would not fit in 63 bits)");
        return null;
    }

    /// <summary>ceil(log2(2 * 10^digits)): sub-buckets per bucket 0, so that half of them is at least 10^digits.</summary>
    public static int SubBucketCountMagnitude(int significantDigits)
    {
        long largestValueWithSingleUnitResolution = 2 * (long)Math.Pow(10, significantDigits);
        // ceil(log2(x)) for x > 1; x is never a power of two here, but the formula does not rely on it.
        return 64 - BitOperations.LeadingZeroCount((ulong)(largestValueWithSingleUnitResolution - 1));
    }

    /// <summary>The counter of <paramref name="value"/> (0 &lt;= value &lt;= long.MaxValue). No loops, no branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(long value)
    {
        Debug.Assert(value >= 0, $"value {value} is negative");
        int bucket = LeadingZeroCountBase - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask));
        int subBucket = (int)(value >>> (bucket + UnitMagnitude));
        return (bucket << SubBucketHalfCountMagnitude) + subBucket;
    }

    /// <summary>The bucket (power-of-two range) of counter <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BucketOfIndex(int index) => Math.Max(0, (index >> SubBucketHalfCountMagnitude) - 1);

    /// <summary>The lowest value that lands in counter <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LowestValueAtIndex(int index)
    {
        Debug.Assert(index >= 0, $"index {index} is negative");
        int bucket = BucketOfIndex(index);
        // Bucket 0 uses the whole index as its sub-bucket; later buckets only their upper half.
        int subBucket = bucket == 0 ? index : (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        return (long)subBucket << (bucket + UnitMagnitude);
    }

    /// <summary>How many distinct values land in counter <paramref name="index"/> (a power of two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WidthAtIndex(int index) => 1L << (BucketOfIndex(index) + UnitMagnitude);

    /// <summary>The highest value that lands in counter <paramref name="index"/>; never overflows (see remarks in the tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long HighestValueAtIndex(int index) => LowestValueAtIndex(index) + (WidthAtIndex(index) - 1);

    /// <summary>The lowest value that shares a counter with <paramref name="value"/>.</summary>
    public long LowestEquivalentValue(long value) => LowestValueAtIndex(IndexOf(value));

    /// <summary>The highest value that shares a counter with <paramref name="value"/>.</summary>
    public long HighestEquivalentValue(long value) => HighestValueAtIndex(IndexOf(value));
}
