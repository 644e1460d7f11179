using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_time_sync_stats</c> with the offsets include/veloz.h states (size 48).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct TimeSyncStats
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Venue;
    [FieldOffset(8)] public long OffsetNs;
    [FieldOffset(16)] public long BestRttNs;
    [FieldOffset(24)] public double DriftPpm;
    [FieldOffset(32)] public long SampleCount;
    [FieldOffset(40)] public long LastSampleNs;
}
