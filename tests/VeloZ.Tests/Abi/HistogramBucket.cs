using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_histogram_bucket</c> with the offsets include/veloz.h states (size 16).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct HistogramBucket
{
    [FieldOffset(0)] public long Value;
    [FieldOffset(8)] public long Count;
}
