using System;
using System.Runtime.InteropServices;
using VeloZ.Metrics;

namespace VeloZ.Interop;

// The C face of VeloZ.Metrics.Histogram (spec: API.md, "Histogram"). The handle, config, stats and bucket
// types live here beside the exports, as every component's Interop file keeps its ABI types together.

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

/// <summary>One non-empty counter of a histogram, as written by <c>veloz_histogram_buckets</c>.</summary>
[CType("veloz_histogram_bucket")]
[StructLayout(LayoutKind.Sequential)]
public struct HistogramBucketEntry
{
    /// <summary>The highest value equivalent to the bucket: every value counted here is &lt;= it.</summary>
    public long Value;
    /// <summary>How many values the bucket holds (&gt; 0).</summary>
    public long Count;
}

/// <summary>Exports of the latency histogram.</summary>
public static unsafe class HistogramExports
{
    // A struct_size above this is not a struct of ours from any version: most likely uninitialized memory.

    /// <summary>
    /// Creates a histogram. <paramref name="config"/> may be NULL for all defaults (3 digits, values 1 ..
    /// 3_600_000_000_000); a config whose struct_size is smaller than this library's reads only the fields
    /// that fit. On success stores the handle in <paramref name="out"/>; on failure stores NULL there.
    /// Returns VELOZ_E_INVALID_ARGUMENT for a bad config and VELOZ_E_OUT_OF_MEMORY if the counters
    /// (up to about 50 MB at 5 digits) cannot be allocated.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_create")]
    [ThreadContract("thread-safe")]
    public static Status Create([Const] HistogramConfig* config, HistogramHandle** @out)
    {
        const string function = "veloz_histogram_create";
        try
        {
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            *@out = null;

            int digits = Histogram.DefaultSignificantDigits;
            long lowest = Histogram.DefaultLowestTrackableValue;
            long highest = Histogram.DefaultHighestTrackableValue;
            if (config != null)
            {
                uint size = config->StructSize;
                if (size < sizeof(uint) || size > StructSize.Max)
                    return LastError.Set(Status.EInvalidArgument, $"{function}: config->struct_size must be {sizeof(uint)}..{StructSize.Max} (sizeof(veloz_histogram_config) is {sizeof(HistogramConfig)}), got {size}");
                // Read only the fields the caller's struct holds; the others keep their defaults.
                HistogramConfig probe = default;
                // A zero field means its default (DESIGN rule 6), so a zeroed config is all defaults.
                if (StructSize.Fits(size, &probe, &probe.SignificantDigits, sizeof(int)) && config->SignificantDigits != 0)
                    digits = config->SignificantDigits;
                if (StructSize.Fits(size, &probe, &probe.LowestTrackable, sizeof(long)) && config->LowestTrackable != 0)
                    lowest = config->LowestTrackable;
                if (StructSize.Fits(size, &probe, &probe.HighestTrackable, sizeof(long)) && config->HighestTrackable != 0)
                    highest = config->HighestTrackable;
            }
            if (digits < Histogram.MinSignificantDigits || digits > Histogram.MaxSignificantDigits)
                return LastError.Set(Status.EInvalidArgument, $"{function}: significant_digits must be {Histogram.MinSignificantDigits}..{Histogram.MaxSignificantDigits}, got {digits}");
            if (lowest < 1)
                return LastError.Set(Status.EInvalidArgument, $"{function}: lowest_trackable must be >= 1, got {lowest}");
            if (highest / 2 < lowest)
                return LastError.Set(Status.EInvalidArgument, $"{function}: highest_trackable must be >= 2 * lowest_trackable ({lowest}), got {highest}");

            Histogram histogram;
            try
            {
                histogram = new Histogram(lowest, highest, digits);
            }
            catch (ArgumentException e)
            {
                // The remaining rule (lowest too large for the digits) is Core's; keep its words.
                return LastError.Set(Status.EInvalidArgument, $"{function}: {e.Message}");
            }
            *@out = (HistogramHandle*)HandleTable.Add(histogram, HandleTag.Histogram);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>Destroys a histogram. NULL, or a handle already destroyed, is a no-op.</summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_destroy")]
    [ThreadContract("thread-safe")]
    public static void Destroy(HistogramHandle* histogram)
    {
        try
        {
            HandleTable.Remove<Histogram>((nint)histogram, HandleTag.Histogram);
        }
        catch
        {
            // Nothing to report through a void function; the handle table never throws here in practice.
        }
    }

    /// <summary>
    /// Records one value. A negative value gives VELOZ_E_INVALID_ARGUMENT and records nothing; a value above
    /// highest_trackable is recorded as highest_trackable and counted in clamped_count. O(1), no allocation.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_record")]
    [ThreadContract("single writer")]
    public static Status Record(HistogramHandle* histogram, long value)
    {
        const string function = "veloz_histogram_record";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (value < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: value must be >= 0, got {value}");
            target.Record(value);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Records <paramref name="count"/> (&gt;= 0) occurrences of <paramref name="value"/> (&gt;= 0). Fails with
    /// VELOZ_E_INVALID_ARGUMENT, recording nothing, for a negative argument or if the total count would pass INT64_MAX.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_record_n")]
    [ThreadContract("single writer")]
    public static Status RecordN(HistogramHandle* histogram, long value, long count)
    {
        const string function = "veloz_histogram_record_n";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (value < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: value must be >= 0, got {value}");
            if (count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count must be >= 0, got {count}");
            if (count > long.MaxValue - target.Count)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count {count} would overflow the total count {target.Count}");
            target.RecordN(value, count);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Records <paramref name="count"/> values from <paramref name="values"/> (NULL allowed when count is 0).
    /// Checks them all first: if any is negative, returns VELOZ_E_INVALID_ARGUMENT naming its index and records nothing.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_record_batch")]
    [ThreadContract("single writer")]
    public static Status RecordBatch(HistogramHandle* histogram, [Const] long* values, int count)
    {
        const string function = "veloz_histogram_record_batch";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count must be >= 0, got {count}");
            if (count == 0)
                return Status.Ok;
            if (values == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: values is NULL but count is {count}");
            var batch = new ReadOnlySpan<long>(values, count);
            int negative = batch.IndexOfAnyInRange(long.MinValue, -1L);
            if (negative >= 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: values[{negative}] must be >= 0, got {batch[negative]}; nothing was recorded");
            if (count > long.MaxValue - target.Count)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count {count} would overflow the total count {target.Count}");
            target.RecordBatch(batch);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Stores in <paramref name="out_value"/> the value at <paramref name="percentile"/> (0..100): the highest value
    /// equivalent to the counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
    /// capped at the exact max; 0 gives the exact min, 100 the exact max. VELOZ_E_EMPTY when nothing was recorded.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_value_at_percentile")]
    [ThreadContract("owner thread only")]
    public static Status ValueAtPercentile(HistogramHandle* histogram, double percentile, long* out_value)
    {
        const string function = "veloz_histogram_value_at_percentile";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (out_value == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out_value is NULL");
            if (!(percentile >= 0.0 && percentile <= 100.0))
                return LastError.Set(Status.EInvalidArgument, $"{function}: percentile must be within 0..100, got {percentile}");
            if (target.Count == 0)
                return LastError.Set(Status.EEmpty, $"{function}: the histogram is empty");
            *out_value = target.ValueAtPercentile(percentile);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// For each of the <paramref name="count"/> percentiles (0..100, any order) stores the value at it, as
    /// veloz_histogram_value_at_percentile would, at the same position of <paramref name="out_values"/>.
    /// Checks every percentile first; on any error nothing is written. VELOZ_E_EMPTY when nothing was recorded.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_percentiles")]
    [ThreadContract("owner thread only")]
    public static Status Percentiles(HistogramHandle* histogram, [Const] double* percentiles, long* out_values, int count)
    {
        const string function = "veloz_histogram_percentiles";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count must be >= 0, got {count}");
            if (count > 0 && percentiles == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: percentiles is NULL but count is {count}");
            if (count > 0 && out_values == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out_values is NULL but count is {count}");
            var requested = new ReadOnlySpan<double>(percentiles, count);
            for (int i = 0; i < requested.Length; i++)
            {
                if (!(requested[i] >= 0.0 && requested[i] <= 100.0))
                    return LastError.Set(Status.EInvalidArgument, $"{function}: percentiles[{i}] must be within 0..100, got {requested[i]}");
            }
            if (target.Count == 0)
                return LastError.Set(Status.EEmpty, $"{function}: the histogram is empty");
            target.Percentiles(requested, new Span<long>(out_values, count));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with count, min, max, mean, stddev and clamped_count. The caller sets
    /// out->struct_size; the library writes min(struct_size, sizeof(veloz_histogram_stats)) bytes and leaves
    /// struct_size as it was.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_get_stats")]
    [ThreadContract("owner thread only")]
    public static Status GetStats(HistogramHandle* histogram, HistogramStats* @out)
    {
        const string function = "veloz_histogram_get_stats";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            uint size = @out->StructSize;
            if (size < sizeof(uint) || size > StructSize.Max)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out->struct_size must be {sizeof(uint)}..{StructSize.Max} (sizeof(veloz_histogram_stats) is {sizeof(HistogramStats)}), got {size}");
            var stats = new HistogramStats
            {
                StructSize = size,
                Count = target.Count,
                Min = target.Min,
                Max = target.Max,
                Mean = target.Mean,
                Stddev = target.StdDev,
                ClampedCount = target.ClampedCount,
            };
            StructSize.CopyOut(&stats, @out, size);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Writes the non-empty buckets, lowest values first, to <paramref name="out"/> and their number to
    /// <paramref name="written"/>. If <paramref name="capacity"/> is too small, returns VELOZ_E_BUFFER_TOO_SMALL,
    /// writes no bucket and sets *written to the capacity needed; <paramref name="out"/> may be NULL with
    /// capacity 0 to ask for that number.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_buckets")]
    [ThreadContract("owner thread only")]
    public static Status Buckets(HistogramHandle* histogram, HistogramBucketEntry* @out, int capacity, int* written)
    {
        const string function = "veloz_histogram_buckets";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            if (written == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: written is NULL");
            if (capacity < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: capacity must be >= 0, got {capacity}");
            if (capacity > 0 && @out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL but capacity is {capacity}");
            // veloz_histogram_bucket and Core's HistogramBucket are both { int64 value; int64 count; }.
            var destination = new Span<HistogramBucket>((HistogramBucket*)@out, capacity);
            if (!target.TryCopyBuckets(destination, out int count))
            {
                *written = count;
                return LastError.Set(Status.EBufferTooSmall, $"{function}: capacity {capacity} is too small, {count} buckets are needed");
            }
            *written = count;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Adds every value of <paramref name="source"/> to <paramref name="target"/> (they may be the same histogram);
    /// source values above the target's highest_trackable are clamped and counted in its clamped_count.
    /// The source is unchanged.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_merge")]
    [ThreadContract("owner thread only")]
    public static Status Merge(HistogramHandle* target, HistogramHandle* source)
    {
        const string function = "veloz_histogram_merge";
        try
        {
            Histogram? into = HandleTable.Get<Histogram>((nint)target, HandleTag.Histogram);
            if (into is null)
                return InvalidHandle(function, target, "target");
            Histogram? from = HandleTable.Get<Histogram>((nint)source, HandleTag.Histogram);
            if (from is null)
                return InvalidHandle(function, source, "source");
            if (from.Count > long.MaxValue - into.Count)
                return LastError.Set(Status.EInvalidArgument, $"{function}: merging {from.Count} values would overflow the target's total count {into.Count}");
            into.Merge(from);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>Forgets every recorded value; the configuration stays.</summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_histogram_reset")]
    [ThreadContract("owner thread only")]
    public static Status Reset(HistogramHandle* histogram)
    {
        const string function = "veloz_histogram_reset";
        try
        {
            Histogram? target = HandleTable.Get<Histogram>((nint)histogram, HandleTag.Histogram);
            if (target is null)
                return InvalidHandle(function, histogram);
            target.Reset();
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    private static Status InvalidHandle(string function, HistogramHandle* handle, string parameter = "histogram") =>
        LastError.Set(Status.EInvalidHandle, handle == null
            ? $"{function}: {parameter} is NULL"
            : $"{function}: {parameter} 0x{(nint)handle:X} is not a live histogram (destroyed, or another object's handle)");

}
