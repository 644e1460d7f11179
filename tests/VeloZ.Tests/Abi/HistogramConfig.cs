using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_histogram_config</c> with the offsets include/veloz.h states (size 24).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct HistogramConfig
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int SignificantDigits;
    [FieldOffset(8)] public long LowestTrackable;
    [FieldOffset(16)] public long HighestTrackable;
}
