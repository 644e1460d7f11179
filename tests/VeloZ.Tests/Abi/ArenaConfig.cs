using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_arena_config</c> with the offsets include/veloz.h states (size 24).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal unsafe struct ArenaConfig
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public long ChunkSize;
    [FieldOffset(16)] public byte* Name;
}

/// <summary><c>veloz_arena_stats</c> with the offsets include/veloz.h states (size 56).</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct ArenaStats
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Chunks;
    [FieldOffset(8)] public long ChunkSize;
    [FieldOffset(16)] public long BytesReserved;
    [FieldOffset(24)] public long BytesAllocated;
    [FieldOffset(32)] public long PeakBytesAllocated;
    [FieldOffset(40)] public long Allocations;
    [FieldOffset(48)] public long Resets;
}
