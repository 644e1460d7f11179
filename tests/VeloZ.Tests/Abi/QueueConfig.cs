using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_spsc_config</c> and <c>veloz_mpmc_config</c> (the same layout) with the offsets include/veloz.h states (size 16).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct QueueConfig
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Capacity;
    [FieldOffset(8)] public int RecordSize;
    [FieldOffset(12)] public int WaitStrategy;
}

/// <summary><c>veloz_queue_stats</c> with the offsets include/veloz.h states (size 64).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct QueueStats
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Capacity;
    [FieldOffset(8)] public int RecordSize;
    [FieldOffset(12)] public int Closed;
    [FieldOffset(16)] public long Size;
    [FieldOffset(24)] public long Pushes;
    [FieldOffset(32)] public long Pops;
    [FieldOffset(40)] public long FailedPushes;
    [FieldOffset(48)] public long FailedPops;
    [FieldOffset(56)] public long HighWaterMark;
}
