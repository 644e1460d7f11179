using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>Counters of an arena, filled by veloz_arena_get_stats. Set struct_size before the call.</summary>
[CType("veloz_arena_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozArenaStats
{
    /// <summary>sizeof(veloz_arena_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Chunks the arena holds (chunks of their own for allocations larger than a chunk included).</summary>
    public int Chunks;

    /// <summary>Bytes per chunk as configured.</summary>
    public long ChunkSize;

    /// <summary>Native bytes the chunks hold; a reset keeps them.</summary>
    public long BytesReserved;

    /// <summary>Bytes handed out since the last reset (the sizes asked for, without alignment padding).</summary>
    public long BytesAllocated;

    /// <summary>The most bytes handed out between two resets.</summary>
    public long PeakBytesAllocated;

    /// <summary>Allocations since creation (a batch counts each block).</summary>
    public long Allocations;

    /// <summary>Resets since creation.</summary>
    public long Resets;
}
