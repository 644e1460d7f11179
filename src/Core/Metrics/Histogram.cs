using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VeloZ.Metrics;

/// <summary>
/// An HDR-style latency histogram: log-linear counters that keep every value between the lowest and
/// highest trackable value to a fixed number of significant decimal digits, in constant memory.
/// <see cref="Record"/> is O(1), branch-light and allocation-free; percentiles, merge and reset cost
/// one pass over the counters between the smallest and largest recorded value.
/// </summary>
/// <remarks>
/// Precision: a value x is counted together with its equivalent values, the range
/// [<see cref="LowestEquivalentValue"/>(x), <see cref="HighestEquivalentValue"/>(x)], whose width is at most
/// max(x / 10^digits, 2^floor(log2(lowest trackable value))). With the default lowest value of 1 every value
/// keeps <see cref="SignificantDigits"/> digits. Count, min, max and the sum behind <see cref="Mean"/> are exact;
/// <see cref="StdDev"/> is computed from the counters (see there).
/// Values above <see cref="HighestTrackableValue"/> are recorded as that value and counted in
/// <see cref="ClampedCount"/>; negative values are rejected.
/// Threads: one writer (Record*, Merge, Reset); readers must run on that same thread or be otherwise
/// ordered after the writes. Nothing here synchronizes.
/// </remarks>
public sealed class Histogram
{
    /// <summary>Fewest significant digits a histogram can keep.</summary>
    public const int MinSignificantDigits = 1;
    /// <summary>Most significant digits a histogram can keep (5 digits cost up to about 50 MB of counters).</summary>
    public const int MaxSignificantDigits = 5;
    /// <summary>Significant digits of <see cref="Histogram()"/>.</summary>
    public const int DefaultSignificantDigits = 3;
    /// <summary>Lowest trackable value of <see cref="Histogram()"/>: 1 (one nanosecond when recording ns).</summary>
    public const long DefaultLowestTrackableValue = 1;
    /// <summary>Highest trackable value of <see cref="Histogram()"/>: an hour in nanoseconds.</summary>
    public const long DefaultHighestTrackableValue = 3_600_000_000_000;

    private readonly long[] _counts;
    private readonly HistogramLayout _layout;
    private readonly long _lowestTrackableValue;
    private readonly long _highestTrackableValue;
    private readonly int _significantDigits;

    private long _totalCount;
    private long _clampedCount;
    // long.MaxValue while empty so that the first value always lowers it.
    private long _min = long.MaxValue;
    // 0 while empty: every value is >= 0, so no sentinel is needed.
    private long _max;
    // Exact: an Int128 cannot overflow before the 64-bit total count does.
    private Int128 _sum;
    // No running sum of squares: its floating-point add is a dependency chain through memory from one
    // Record to the next and more than doubled the cost of Record. StdDev reads the counters instead.

    /// <summary>A histogram of values 1 .. <see cref="DefaultHighestTrackableValue"/> with 3 significant digits.</summary>
    public Histogram()
        : this(DefaultLowestTrackableValue, DefaultHighestTrackableValue, DefaultSignificantDigits)
    {
    }

    /// <summary>
    /// A histogram that tells apart values down to <paramref name="lowestTrackableValue"/> (&gt;= 1; values
    /// below it are still counted, at that resolution), tracks values up to
    /// <paramref name="highestTrackableValue"/> (&gt;= 2 * lowest; larger values are clamped to it), and keeps
    /// <paramref name="significantDigits"/> (1..5) decimal digits of each value.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is out of range; the message says which.</exception>
    public Histogram(long lowestTrackableValue, long highestTrackableValue, int significantDigits)
    {
        SettingOutOfRangeException? problem = HistogramLayout.Validate(lowestTrackableValue, highestTrackableValue, significantDigits);
        if (problem is not null)
            throw problem;
        _layout = new HistogramLayout(lowestTrackableValue, highestTrackableValue, significantDigits);
        _counts = new long[_layout.CountsLength];
        _lowestTrackableValue = lowestTrackableValue;
        _highestTrackableValue = highestTrackableValue;
        _significantDigits = significantDigits;
    }

    /// <summary>The lowest value told apart from its neighbours (the unit of resolution is the largest power of two &lt;= it).</summary>
    public long LowestTrackableValue => _lowestTrackableValue;

    /// <summary>The highest value recorded as itself; larger values are recorded as this one.</summary>
    public long HighestTrackableValue => _highestTrackableValue;

    /// <summary>Decimal digits kept of every value (1..5).</summary>
    public int SignificantDigits => _significantDigits;

    /// <summary>Values recorded, clamped ones included.</summary>
    public long Count => _totalCount;

    /// <summary>Values that were above <see cref="HighestTrackableValue"/> and were recorded as it.</summary>
    public long ClampedCount => _clampedCount;

    /// <summary>The exact smallest recorded value (after clamping); 0 when empty.</summary>
    public long Min => _totalCount == 0 ? 0 : _min;

    /// <summary>The exact largest recorded value (after clamping); 0 when empty.</summary>
    public long Max => _max;

    /// <summary>The exact sum of the recorded values (after clamping).</summary>
    public Int128 Sum => _sum;

    /// <summary>The arithmetic mean of the recorded values: the exact <see cref="Sum"/> / <see cref="Count"/> in double arithmetic; 0 when empty.</summary>
    public double Mean => _totalCount == 0 ? 0.0 : (double)_sum / _totalCount;

    /// <summary>
    /// The population standard deviation of the recorded values around the exact <see cref="Mean"/>, each
    /// value taken at the middle of its counter (clipped to [<see cref="Min"/>, <see cref="Max"/>]); 0 when empty.
    /// Its absolute error is at most half the widest counter used: about <see cref="Max"/> / 10^digits / 2, and
    /// none while counters are one value wide (lowest trackable value 1 and every value below 2 * 10^digits).
    /// Costs a pass over the used counters.
    /// </summary>
    public double StdDev
    {
        get
        {
            if (_totalCount == 0)
                return 0.0;
            double mean = Mean;
            double squaredDeviations = 0.0;
            int last = _layout.IndexOf(_max);
            for (int i = _layout.IndexOf(_min); i <= last; i++)
            {
                long count = _counts[i];
                if (count == 0)
                    continue;
                long low = Math.Max(_layout.LowestValueAtIndex(i), _min);
                long high = Math.Min(_layout.HighestValueAtIndex(i), _max);
                double deviation = low + (high - low) * 0.5 - mean;
                squaredDeviations += deviation * deviation * count;
            }
            return Math.Sqrt(squaredDeviations / _totalCount);
        }
    }

    /// <summary>Records one value (&gt;= 0). O(1), no allocation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative; nothing is recorded.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long value)
    {
        // One unsigned compare sends both negative values and values above the range to the slow path.
        if ((ulong)value > (ulong)_highestTrackableValue)
            value = ClampOrThrow(value);
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_counts), _layout.IndexOf(value))++;
        _totalCount++;
        _sum += value;
        if (value < _min)
            _min = value;
        if (value > _max)
            _max = value;
    }

    /// <summary>Records <paramref name="count"/> (&gt;= 0) occurrences of <paramref name="value"/> (&gt;= 0) at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative argument, or the total count would pass 2^63 - 1; nothing is recorded.</exception>
    public void RecordN(long value, long count)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "value must be >= 0");
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0");
        if (count > long.MaxValue - _totalCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the total count ({_totalCount}) would overflow");
        if (count == 0)
            return;
        if (value > _highestTrackableValue)
        {
            value = _highestTrackableValue;
            _clampedCount += count;
        }
        _counts[_layout.IndexOf(value)] += count;
        _totalCount += count;
        _sum += (Int128)value * count;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    /// <summary>
    /// Records every value of <paramref name="values"/>, as <see cref="Record"/> one by one would, but
    /// checks them all first: if any is negative nothing is recorded. No allocation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative (the message gives its index), or the total count would pass 2^63 - 1.</exception>
    public void RecordBatch(ReadOnlySpan<long> values)
    {
        int negative = values.IndexOfAnyInRange(long.MinValue, -1L);
        if (negative >= 0)
            throw new ArgumentOutOfRangeException(nameof(values), $"values[{negative}] is {values[negative]}; values must be >= 0 (nothing was recorded)");
        if (values.IsEmpty)
            return;
        if (values.Length > long.MaxValue - _totalCount)
            throw new ArgumentOutOfRangeException(nameof(values), $"recording {values.Length} values would overflow the total count ({_totalCount})");

        // The fields live in locals for the loop: the JIT cannot keep fields of 'this' in registers
        // across the counter stores.
        ref long counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        HistogramLayout layout = _layout;
        long highest = _highestTrackableValue;
        long min = _min, max = _max, clamped = 0;
        Int128 sum = _sum;
        foreach (long recorded in values)
        {
            long value = recorded;
            if (value > highest)
            {
                value = highest;
                clamped++;
            }
            Unsafe.Add(ref counts, layout.IndexOf(value))++;
            sum += value;
            if (value < min)
                min = value;
            if (value > max)
                max = value;
        }
        _totalCount += values.Length;
        _clampedCount += clamped;
        _min = min;
        _max = max;
        _sum = sum;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0..100): the highest value equivalent to the counter that
    /// holds the ceil(percentile / 100 * Count)-th smallest value (at least the first), but never more than
    /// <see cref="Max"/>, so percentiles never decrease. 0 gives the exact <see cref="Min"/>, 100 the exact
    /// <see cref="Max"/>. Percentiles such as 99.9 are taken as the decimal the caller wrote (to 15 significant
    /// digits), not as their binary approximation, which is a hair above 99.9. No allocation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> is outside 0..100 or NaN.</exception>
    /// <exception cref="InvalidOperationException">The histogram is empty.</exception>
    public long ValueAtPercentile(double percentile)
    {
        ValidatePercentile(percentile, nameof(percentile));
        ThrowIfEmpty();
        return ValueAtValidPercentile(percentile);
    }

    /// <summary>
    /// Writes the value at each of <paramref name="percentiles"/> to the same position of
    /// <paramref name="values"/>, as <see cref="ValueAtPercentile"/> would. Checks every percentile first;
    /// on an error nothing is written. No allocation.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than <paramref name="percentiles"/>, or a percentile is outside 0..100.</exception>
    /// <exception cref="InvalidOperationException">The histogram is empty.</exception>
    public void Percentiles(ReadOnlySpan<double> percentiles, Span<long> values)
    {
        if (values.Length < percentiles.Length)
            throw new ArgumentException($"values has room for {values.Length} results but {percentiles.Length} percentiles were asked for", nameof(values));
        for (int i = 0; i < percentiles.Length; i++)
            ValidatePercentile(percentiles[i], nameof(percentiles));
        ThrowIfEmpty();
        for (int i = 0; i < percentiles.Length; i++)
            values[i] = ValueAtValidPercentile(percentiles[i]);
    }

    /// <summary>
    /// Adds every value of <paramref name="source"/> to this histogram (which may be <paramref name="source"/> itself).
    /// With the same layout and no value above this range it is an exact counter-by-counter sum. Otherwise
    /// each counter of <paramref name="source"/> is re-recorded at its highest equivalent value (at most its max);
    /// those above <see cref="HighestTrackableValue"/> are clamped and counted in <see cref="ClampedCount"/>.
    /// Count, min and max stay exact; so does the sum unless values were clamped here, in which case the
    /// clamped values' original sum is estimated from the middle of their counters.
    /// </summary>
    /// <exception cref="ArgumentException">The total count would pass 2^63 - 1; nothing is merged.</exception>
    public void Merge(Histogram source)
    {
        ArgumentNullException.ThrowIfNull(source);
        long n = source._totalCount;
        if (n == 0)
            return;
        if (n > long.MaxValue - _totalCount)
            throw new ArgumentException($"merging {n} values would overflow the total count ({_totalCount})", nameof(source));

        // Snapshot the source first: it may be this very histogram.
        Int128 sourceSum = source._sum;
        long sourceMin = source._min, sourceMax = source._max;
        long highest = _highestTrackableValue;

        long clampedNow = 0;
        Int128 sumCorrection = 0;
        int first = source._layout.IndexOf(sourceMin);
        int last = source._layout.IndexOf(sourceMax);
        long[] sourceCounts = source._counts;
        if (_layout.UnitMagnitude == source._layout.UnitMagnitude
            && _layout.SubBucketHalfCountMagnitude == source._layout.SubBucketHalfCountMagnitude
            && sourceMax <= highest)
        {
            // Same counters: index i means the same values in both.
            for (int i = first; i <= last; i++)
                _counts[i] += sourceCounts[i];
        }
        else
        {
            for (int i = first; i <= last; i++)
            {
                long count = sourceCounts[i];
                if (count == 0)
                    continue;
                long representative = Math.Min(source._layout.HighestValueAtIndex(i), sourceMax);
                if (representative > highest)
                {
                    // The exact values of this counter are gone; take them as the middle of the range they
                    // can occupy to move them from the exact sums to the clamped value.
                    long low = Math.Max(source._layout.LowestValueAtIndex(i), sourceMin);
                    long estimate = low + (representative - low) / 2;
                    clampedNow += count;
                    sumCorrection += (Int128)(highest - estimate) * count;
                    representative = highest;
                }
                _counts[_layout.IndexOf(representative)] += count;
            }
        }

        _sum += sourceSum + sumCorrection;
        // The source's own clamped values sit at its highest trackable value; if that lies above this
        // range they were clamped again just now and are already in clampedNow, so count them once.
        _clampedCount += Math.Max(source._clampedCount, clampedNow);
        _totalCount += n;
        _min = Math.Min(_min, Math.Min(sourceMin, highest));
        _max = Math.Max(_max, Math.Min(sourceMax, highest));
    }

    /// <summary>Forgets every recorded value; the configuration stays. Costs a pass over the used counters.</summary>
    public void Reset()
    {
        if (_totalCount != 0)
        {
            int first = _layout.IndexOf(_min);
            Array.Clear(_counts, first, _layout.IndexOf(_max) - first + 1);
        }
        _totalCount = 0;
        _clampedCount = 0;
        _min = long.MaxValue;
        _max = 0;
        _sum = 0;
    }

    /// <summary>How many counters hold at least one value (the length <see cref="TryCopyBuckets"/> needs).</summary>
    public int CountNonEmptyBuckets()
    {
        if (_totalCount == 0)
            return 0;
        int nonEmpty = 0;
        int last = _layout.IndexOf(_max);
        for (int i = _layout.IndexOf(_min); i <= last; i++)
        {
            if (_counts[i] != 0)
                nonEmpty++;
        }
        return nonEmpty;
    }

    /// <summary>
    /// Copies the non-empty counters, lowest values first, to <paramref name="destination"/> and sets
    /// <paramref name="written"/> to how many. If <paramref name="destination"/> is too short, writes nothing,
    /// sets <paramref name="written"/> to the length needed and returns false. No allocation.
    /// </summary>
    public bool TryCopyBuckets(Span<HistogramBucket> destination, out int written)
    {
        int needed = CountNonEmptyBuckets();
        if (needed > destination.Length)
        {
            written = needed;
            return false;
        }
        written = 0;
        if (needed == 0)
            return true;
        int last = _layout.IndexOf(_max);
        for (int i = _layout.IndexOf(_min); i <= last; i++)
        {
            long count = _counts[i];
            if (count != 0)
                destination[written++] = new HistogramBucket(_layout.HighestValueAtIndex(i), count);
        }
        Debug.Assert(written == needed, $"copied {written} buckets, counted {needed}");
        return true;
    }

    /// <summary>The lowest value counted together with <paramref name="value"/> (&gt;= 0; clamping is not applied).</summary>
    public long LowestEquivalentValue(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return _layout.LowestEquivalentValue(value);
    }

    /// <summary>The highest value counted together with <paramref name="value"/> (&gt;= 0; clamping is not applied).</summary>
    public long HighestEquivalentValue(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return _layout.HighestEquivalentValue(value);
    }

    /// <summary>
    /// The 1-based rank of the value at <paramref name="percentile"/> among <paramref name="count"/> sorted values:
    /// ceil(percentile / 100 * count), clamped to 1..count. Computed in decimal on the percentile as written
    /// (the double 99.9 converts to exactly 99.9), so that 99.9 of 1000 is rank 999 although the double is a
    /// hair above 99.9; double arithmetic could not tell such a product from the next integer at large counts.
    /// </summary>
    internal static long RankAtPercentile(double percentile, long count)
    {
        Debug.Assert(percentile is >= 0.0 and <= 100.0 && count > 0);
        decimal rank = decimal.Ceiling((decimal)percentile * count / 100m);
        if (rank < 1m)
            return 1;
        return rank >= count ? count : (long)rank;
    }

    private long ValueAtValidPercentile(double percentile)
    {
        Debug.Assert(_totalCount > 0);
        if (percentile == 0.0)
            return _min;
        if (percentile == 100.0)
            return _max;
        long rank = RankAtPercentile(percentile, _totalCount);
        // Walk from the nearer end: high percentiles, the usual question, touch only the tail.
        int index = rank <= _totalCount / 2 ? IndexHoldingRankFromMin(rank) : IndexHoldingRankFromMax(_totalCount - rank + 1);
        return Math.Min(_layout.HighestValueAtIndex(index), _max);
    }

    // The counter holding the rank-th smallest value. Whole blocks of counters whose sum does not reach
    // the rank are skipped four at a time: most counters between two percentiles are empty.
    private int IndexHoldingRankFromMin(long rank)
    {
        long[] counts = _counts;
        long seen = 0;
        int i = _layout.IndexOf(_min);
        if (Vector256.IsHardwareAccelerated)
        {
            ref long start = ref MemoryMarshal.GetArrayDataReference(counts);
            // Counters past the max are zero, so a block may run past it, but never past the array.
            while (i <= counts.Length - Vector256<long>.Count)
            {
                long block = Vector256.Sum(Vector256.LoadUnsafe(ref start, (nuint)i));
                if (seen + block >= rank)
                    break;
                seen += block;
                i += Vector256<long>.Count;
            }
        }
        while (true)
        {
            seen += counts[i];
            if (seen >= rank)
                return i;
            i++;
        }
    }

    // The counter holding the rank-th largest value; block skipping as above, downwards.
    private int IndexHoldingRankFromMax(long rank)
    {
        long[] counts = _counts;
        long seen = 0;
        int i = _layout.IndexOf(_max);
        if (Vector256.IsHardwareAccelerated)
        {
            ref long start = ref MemoryMarshal.GetArrayDataReference(counts);
            while (i >= Vector256<long>.Count - 1)
            {
                long block = Vector256.Sum(Vector256.LoadUnsafe(ref start, (nuint)(i - (Vector256<long>.Count - 1))));
                if (seen + block >= rank)
                    break;
                seen += block;
                i -= Vector256<long>.Count;
            }
        }
        while (true)
        {
            seen += counts[i];
            if (seen >= rank)
                return i;
            i--;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ClampOrThrow(long value)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "value must be >= 0");
        _clampedCount++;
        return _highestTrackableValue;
    }

    private static void ValidatePercentile(double percentile, string parameterName)
    {
        // Written so that NaN fails too.
        if (!(percentile >= 0.0 && percentile <= 100.0))
            throw new ArgumentOutOfRangeException(parameterName, percentile, "percentile must be within 0..100");
    }

    private void ThrowIfEmpty()
    {
        if (_totalCount == 0)
            throw new InvalidOperationException("the histogram is empty");
    }
}
