using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Counters of a pool, filled by veloz_pool_get_stats and veloz_concurrent_pool_get_stats. Set struct_size before the
/// call. For a concurrent pool read while other threads rent and return, each field is a recent value, not a
/// consistent snapshot.
/// </summary>
[CType("veloz_pool_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozPoolStats
{
    /// <summary>sizeof(veloz_pool_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Bytes per block as configured.</summary>
    public int BlockSize;

    /// <summary>Alignment of every block.</summary>
    public int Alignment;

    /// <summary>Distance between consecutive blocks: block_size rounded up to alignment, at least 8.</summary>
    public int Stride;

    /// <summary>Chunks of native memory the blocks live in.</summary>
    public int Chunks;

    /// <summary>Always 0; keeps the 64-bit fields below 8-byte aligned.</summary>
    public int Reserved;

    /// <summary>Blocks the pool holds now (free and rented).</summary>
    public long Capacity;

    /// <summary>The max_blocks limit (0: none but 2^30).</summary>
    public long MaxBlocks;

    /// <summary>Blocks rented and not yet returned.</summary>
    public long InUse;

    /// <summary>Most blocks in use at once (exact for veloz_pool; sampled for veloz_concurrent_pool, so it may be below the true peak).</summary>
    public long PeakInUse;

    /// <summary>Blocks rented since creation (a batch counts each block).</summary>
    public long Rents;

    /// <summary>Blocks returned since creation.</summary>
    public long Returns;

    /// <summary>Rents refused because the pool was exhausted (a batch that stops short counts once).</summary>
    public long FailedRents;

    /// <summary>Returns refused: foreign pointers, pointers inside a block, blocks not rented.</summary>
    public long BadReturns;

    /// <summary>Native bytes the chunks hold.</summary>
    public long BytesReserved;
}
