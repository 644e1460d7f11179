using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_histogram_stats</c> with the offsets include/veloz.h states (size 56).</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct HistogramStats
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Reserved;
    [FieldOffset(8)] public long Count;
    [FieldOffset(16)] public long Min;
    [FieldOffset(24)] public long Max;
    [FieldOffset(32)] public double Mean;
    [FieldOffset(40)] public double Stddev;
    [FieldOffset(48)] public long ClampedCount;
}
