using System;
using System.Runtime.InteropServices;
using VeloZ.Metrics;

namespace VeloZ.Interop;

// The C face of VeloZ.Metrics.Histogram. The handle, config and stats types live here beside the exports; the
// bucket is Core's HistogramBucket, named in C by src/Interop/Common/CTypes.cs.

/// <summary>An HDR-style latency histogram (opaque).</summary>
[CType("veloz_histogram", Opaque = true)]
public struct HistogramHandle
{
}

/// <summary>
/// Configuration of <c>veloz_histogram_create</c>. Set <c>struct_size</c> to <c>sizeof(veloz_histogram_config)</c>
/// and every field: a zero field is out of range. Fields beyond a smaller (older) struct_size take their defaults.
/// </summary>
[CType("veloz_histogram_config")]
[StructLayout(LayoutKind.Sequential)]
public struct HistogramConfig
{
    /// <summary>sizeof(veloz_histogram_config) as the caller knows it.</summary>
    public uint StructSize;
    /// <summary>Decimal digits kept of every value, 1..5; 0 means the default, 3.</summary>
    public int SignificantDigits;
    /// <summary>Smallest value told apart from its neighbours, &gt;= 1; 0 means the default, 1.</summary>
    public long LowestTrackable;
    /// <summary>Largest value recorded as itself (larger ones are clamped to it), &gt;= 2 * lowest; 0 means the default, 3_600_000_000_000 (an hour in ns).</summary>
    public long HighestTrackable;
}

/// <summary>Statistics of a histogram, filled by <c>veloz_histogram_get_stats</c>. Set <c>struct_size</c> before the call.</summary>
[CType("veloz_histogram_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct HistogramStats
{
    /// <summary>sizeof(veloz_histogram_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;
    /// <summary>Zero.</summary>
    public int Reserved;
    /// <summary>Values recorded, clamped ones included.</summary>
    public long Count;
    /// <summary>Exact smallest value recorded; 0 when empty.</summary>
    public long Min;
    /// <summary>Exact largest value recorded, after clamping; 0 when empty.</summary>
    public long Max;
    /// <summary>Exact mean (exact sum / count); 0 when empty.</summary>
    public double Mean;
    /// <summary>Population standard deviation; 0 when empty.</summary>
    public double Stddev;
    /// <summary>Values above highest_trackable, recorded as highest_trackable.</summary>
    public long ClampedCount;
}

/// <summary>Exports of the latency histogram.</summary>
public static unsafe class HistogramExports
{
    /// <summary>
    /// Creates a histogram. <paramref name="config"/> may be NULL for all defaults (3 digits, values 1 ..
    /// 3_600_000_000_000); a config whose struct_size is smaller than this library's reads only the fields
    /// that fit. On success stores the handle in <paramref name="out"/>; on failure stores NULL there.
    /// Returns VELOZ_E_INVALID_ARGUMENT for a bad config and VELOZ_E_OUT_OF_MEMORY if the counters
    /// (up to about 50 MB at 5 digits) cannot be allocated.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_histogram_create([Const] HistogramConfig* config, HistogramHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            HistogramConfig c = Export.ConfigIn(config);
            // Core's defaults and Core's checks: a zero field keeps Histogram's default.
            var histogram = new Histogram(
                c.LowestTrackable != 0 ? c.LowestTrackable : Histogram.DefaultLowestTrackableValue,
                c.HighestTrackable != 0 ? c.HighestTrackable : Histogram.DefaultHighestTrackableValue,
                c.SignificantDigits != 0 ? c.SignificantDigits : Histogram.DefaultSignificantDigits);
            *@out = Export.Register<HistogramHandle>(histogram, HandleTag.Histogram);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Destroys a histogram. NULL, or a handle already destroyed, is a no-op.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_histogram_destroy(HistogramHandle* histogram) => Export.Destroy(histogram, HandleTag.Histogram);

    /// <summary>
    /// Records one value. A negative value gives VELOZ_E_INVALID_ARGUMENT and records nothing; a value above
    /// highest_trackable is recorded as highest_trackable and counted in clamped_count. O(1), no allocation.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_record))]
    [ThreadContract("single writer")]
    public static Status veloz_histogram_record(HistogramHandle* histogram, long value)
    {
        try
        {
            Histogram target = Owned(histogram);
            Export.NotNegative(value);
            target.Record(value);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Records <paramref name="count"/> (&gt;= 0) occurrences of <paramref name="value"/> (&gt;= 0). Fails with
    /// VELOZ_E_INVALID_ARGUMENT, recording nothing, for a negative argument or if the total count would pass INT64_MAX.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_record_n))]
    [ThreadContract("single writer")]
    public static Status veloz_histogram_record_n(HistogramHandle* histogram, long value, long count)
    {
        try
        {
            Histogram target = Owned(histogram);
            Export.NotNegative(value);
            Export.NotNegative(count);
            CheckRoom(target, count);
            target.RecordN(value, count);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Records <paramref name="count"/> values from <paramref name="values"/> (NULL allowed when count is 0).
    /// Checks them all first: if any is negative, returns VELOZ_E_INVALID_ARGUMENT naming its index and records nothing.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_record_batch))]
    [ThreadContract("single writer")]
    public static Status veloz_histogram_record_batch(HistogramHandle* histogram, [Const] long* values, int count)
    {
        try
        {
            Histogram target = Owned(histogram);
            ReadOnlySpan<long> batch = Export.Array(values, count);
            int negative = batch.IndexOfAnyInRange(long.MinValue, -1L);
            if (negative >= 0)
                Export.Throw(Status.EInvalidArgument, $"values[{negative}] must be >= 0, got {batch[negative]}; nothing was recorded");
            CheckRoom(target, count);
            target.RecordBatch(batch);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Stores in <paramref name="out_value"/> the value at <paramref name="percentile"/> (0..100): the highest value
    /// equivalent to the counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
    /// capped at the exact max; 0 gives the exact min, 100 the exact max. VELOZ_E_EMPTY when nothing was recorded.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_value_at_percentile))]
    [ThreadContract("owner thread only")]
    public static Status veloz_histogram_value_at_percentile(HistogramHandle* histogram, double percentile, long* out_value)
    {
        try
        {
            Histogram target = Owned(histogram);
            ref long result = ref Export.Out(out_value);
            CheckPercentile(percentile, "percentile");
            CheckNotEmpty(target);
            result = target.ValueAtPercentile(percentile);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// For each of the <paramref name="count"/> percentiles (0..100, any order) stores the value at it, as
    /// veloz_histogram_value_at_percentile would, at the same position of <paramref name="out_values"/>.
    /// Checks every percentile first; on any error nothing is written. VELOZ_E_EMPTY when nothing was recorded.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_percentiles))]
    [ThreadContract("owner thread only")]
    public static Status veloz_histogram_percentiles(HistogramHandle* histogram, [Const] double* percentiles, long* out_values, int count)
    {
        try
        {
            Histogram target = Owned(histogram);
            ReadOnlySpan<double> requested = Export.Array(percentiles, count);
            Span<long> results = Export.Array(out_values, count);
            for (int i = 0; i < requested.Length; i++)
                CheckPercentile(requested[i], "percentiles", i);
            CheckNotEmpty(target);
            target.Percentiles(requested, results);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with count, min, max, mean, stddev and clamped_count. The caller sets
    /// out->struct_size; the library writes min(struct_size, sizeof(veloz_histogram_stats)) bytes and leaves
    /// struct_size as it was.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_get_stats))]
    [ThreadContract("owner thread only")]
    public static Status veloz_histogram_get_stats(HistogramHandle* histogram, HistogramStats* @out)
    {
        try
        {
            Histogram target = Owned(histogram);
            Export.StructOut(@out, new HistogramStats
            {
                Count = target.Count,
                Min = target.Min,
                Max = target.Max,
                Mean = target.Mean,
                Stddev = target.StdDev,
                ClampedCount = target.ClampedCount,
            });
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes the non-empty buckets, lowest values first, to <paramref name="out"/> and their number to
    /// <paramref name="written"/>. If <paramref name="capacity"/> is too small, returns VELOZ_E_BUFFER_TOO_SMALL,
    /// writes no bucket and sets *written to the capacity needed; <paramref name="out"/> may be NULL with
    /// capacity 0 to ask for that number.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_buckets))]
    [ThreadContract("owner thread only")]
    public static Status veloz_histogram_buckets(HistogramHandle* histogram, HistogramBucket* @out, int capacity, int* written)
    {
        try
        {
            Histogram target = Owned(histogram);
            ref int writtenOut = ref Export.Out(written);
            bool fits = target.TryCopyBuckets(Export.Array(@out, capacity), out int count);
            writtenOut = count;
            if (!fits)
                Export.Throw(Status.EBufferTooSmall, $"capacity {capacity} is too small, {count} buckets are needed");
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Adds every value of <paramref name="source"/> to <paramref name="target"/> (they may be the same histogram);
    /// source values above the target's highest_trackable are clamped and counted in its clamped_count.
    /// The source is unchanged.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_merge))]
    [ThreadContract("owner thread only")]
    public static Status veloz_histogram_merge(HistogramHandle* target, HistogramHandle* source)
    {
        try
        {
            Histogram into = Export.Owned<Histogram>(target, HandleTag.Histogram, "target");
            Histogram from = Export.Owned<Histogram>(source, HandleTag.Histogram, "source");
            CheckRoom(into, from.Count, "merging {0} values");
            into.Merge(from);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Forgets every recorded value; the configuration stays.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_histogram_reset))]
    [ThreadContract("owner thread only")]
    public static Status veloz_histogram_reset(HistogramHandle* histogram)
    {
        try
        {
            Owned(histogram).Reset();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static Histogram Owned(HistogramHandle* histogram) => Export.Owned<Histogram>(histogram, HandleTag.Histogram, "histogram");

    private static void CheckRoom(Histogram target, long count, string what = "count {0}")
    {
        if (count > long.MaxValue - target.Count)
            Export.Throw(Status.EInvalidArgument, $"{string.Format(what, count)} would overflow the total count {target.Count}");
    }

    private static void CheckPercentile(double percentile, string name, int index = -1)
    {
        if (!(percentile >= 0.0 && percentile <= 100.0))
            Export.Throw(Status.EInvalidArgument, $"{name}{(index >= 0 ? $"[{index}]" : "")} must be within 0..100, got {percentile}");
    }

    private static void CheckNotEmpty(Histogram target)
    {
        if (target.Count == 0)
            Export.Throw(Status.EEmpty, "the histogram is empty");
    }
}
