using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_pool_config</c> (for veloz_pool_* and veloz_concurrent_pool_*) with the offsets include/veloz.h states (size 32).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal unsafe struct PoolConfig
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int BlockSize;
    [FieldOffset(8)] public int Alignment;
    [FieldOffset(12)] public int InitialBlocks;
    [FieldOffset(16)] public int MaxBlocks;
    [FieldOffset(20)] public uint Flags;
    [FieldOffset(24)] public byte* Name;
}

/// <summary><c>veloz_pool_stats</c> with the offsets include/veloz.h states (size 96).</summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal struct PoolStats
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int BlockSize;
    [FieldOffset(8)] public int Alignment;
    [FieldOffset(12)] public int Stride;
    [FieldOffset(16)] public int Chunks;
    [FieldOffset(20)] public int Reserved;
    [FieldOffset(24)] public long Capacity;
    [FieldOffset(32)] public long MaxBlocks;
    [FieldOffset(40)] public long InUse;
    [FieldOffset(48)] public long PeakInUse;
    [FieldOffset(56)] public long Rents;
    [FieldOffset(64)] public long Returns;
    [FieldOffset(72)] public long FailedRents;
    [FieldOffset(80)] public long BadReturns;
    [FieldOffset(88)] public long BytesReserved;
}
