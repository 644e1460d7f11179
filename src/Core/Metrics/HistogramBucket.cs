using System.Runtime.InteropServices;

namespace VeloZ.Metrics;

/// <summary>
/// One non-empty counter of a <see cref="Histogram"/>: <see cref="Count"/> values that all lie in the
/// range ending at <see cref="Value"/>. The layout (two 64-bit integers, value first) is fixed, so an
/// array of these can be handed to native code as is.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct HistogramBucket
{
    /// <summary>The highest value equivalent to the bucket: every value counted here is &lt;= it.</summary>
    public readonly long Value;

    /// <summary>How many recorded values the bucket holds (&gt; 0).</summary>
    public readonly long Count;

    /// <summary>Creates a bucket description.</summary>
    public HistogramBucket(long value, long count)
    {
        Value = value;
        Count = count;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Value}: {Count}";
}
