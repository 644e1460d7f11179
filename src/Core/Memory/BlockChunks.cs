using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Memory;

/// <summary>
/// The native memory of a pool: up to 128 chunks of blocks that never move, chunk k holding as many blocks as all
/// chunks before it (the capacity doubles), at most 2^24 blocks and 1 GiB per chunk. A block is named by its entry
/// <c>(chunk &lt;&lt; 24) | index</c>. <see cref="Locate"/> turns a pointer back into an entry with range checks and a
/// multiply (no division, no hash lookup). Growth is serialized by the owning pool; lookups read the chunk count
/// with acquire order, so a concurrent pool's readers see a chunk only once its fields are written.
/// </summary>
internal sealed unsafe class BlockChunks
{
    public const int MaxChunks = 128;
    public const int MaxBlocksPerChunk = 1 << 24;
    public const long MaxChunkBytes = 1L << 30;

    private readonly nint[] _bases = new nint[MaxChunks];
    private readonly nuint[] _bytes = new nuint[MaxChunks];
    private readonly int[] _firsts = new int[MaxChunks];
    private readonly int[] _counts = new int[MaxChunks];
    // offset / Stride as one 64-bit multiply and a shift (Granlund-Montgomery): offsets inside a chunk are below 2^30
    // (MaxChunkBytes), Stride is at most 2^20, so with l = ceil(log2 Stride), k = 30 + l and
    // _magic = floor(2^k / Stride) + 1 (below 2^31), offset * _magic < 2^61 and (offset * _magic) >> k is exact.
    // (A 64x64->128 multiply would be a call: Native AOT's baseline x64 has no BMI2 mulx for Math.BigMul.)
    private readonly ulong _magic;
    private readonly int _shift;
    private int _chunkCount;

    public readonly int BlockSize;
    public readonly int Alignment;
    public readonly int Stride;
    public readonly int MaxBlocks;            // 0 in the config means this limit
    public readonly int ConfiguredMaxBlocks;
    public readonly int InitialBlocks;
    public readonly bool FillFreed;
    public readonly string Name;
    public long Capacity;                     // blocks in all chunks (written under the pool's growth rule)
    public long BytesReserved;

    public BlockChunks(in PoolConfig config, string owner)
    {
        if (config.BlockSize < 1 || config.BlockSize > PoolConfig.MaxBlockSize)
            throw new SettingOutOfRangeException(owner, nameof(PoolConfig.BlockSize), config.BlockSize, $"must be 1..{PoolConfig.MaxBlockSize} bytes (no default)");
        int alignment = config.Alignment == 0 ? PoolConfig.DefaultAlignment : config.Alignment;
        if (alignment < 1 || alignment > PoolConfig.MaxAlignment || !BitOperations.IsPow2(alignment))
            throw new SettingOutOfRangeException(owner, nameof(PoolConfig.Alignment), config.Alignment, $"must be a power of two 1..{PoolConfig.MaxAlignment} (default {PoolConfig.DefaultAlignment})");
        int initial = config.InitialBlocks == 0 ? PoolConfig.DefaultInitialBlocks : config.InitialBlocks;
        if (initial < 1 || initial > MaxBlocksPerChunk)
            throw new SettingOutOfRangeException(owner, nameof(PoolConfig.InitialBlocks), config.InitialBlocks, $"must be 1..{MaxBlocksPerChunk} (default {PoolConfig.DefaultInitialBlocks})");
        if (config.MaxBlocks != 0 && (config.MaxBlocks < initial || config.MaxBlocks > PoolConfig.MaxBlocksLimit))
            throw new SettingOutOfRangeException(owner, nameof(PoolConfig.MaxBlocks), config.MaxBlocks, $"must be 0 (no limit) or initial_blocks ({initial})..{PoolConfig.MaxBlocksLimit}");
        string name = string.IsNullOrEmpty(config.Name) ? "pool" : config.Name;
        if (name.Length > 128)
            throw new SettingOutOfRangeException(owner, nameof(PoolConfig.Name), name.Length + " characters", "must be at most 128 characters");

        BlockSize = config.BlockSize;
        Alignment = alignment;
        Stride = Math.Max(8, (config.BlockSize + alignment - 1) & -alignment);
        InitialBlocks = initial;
        ConfiguredMaxBlocks = config.MaxBlocks;
        MaxBlocks = config.MaxBlocks == 0 ? PoolConfig.MaxBlocksLimit : config.MaxBlocks;
        FillFreed = config.FillFreed;
        Name = name;
        int log2 = BitOperations.Log2((uint)Stride);
        _shift = 30 + (BitOperations.IsPow2(Stride) ? log2 : log2 + 1);
        _magic = (1UL << _shift) / (ulong)Stride + 1;
    }

    public int ChunkCount => Volatile.Read(ref _chunkCount);

    /// <summary>Blocks the next chunk holds: as many as the pool has (at least InitialBlocks), within the per-chunk and MaxBlocks limits; 0 when full.</summary>
    public int NextChunkBlocks()
    {
        if (_chunkCount == MaxChunks || Capacity >= MaxBlocks)
            return 0;
        long want = Math.Max(Capacity, InitialBlocks);
        want = Math.Min(want, Math.Min(MaxBlocksPerChunk, MaxChunkBytes / Stride));
        want = Math.Min(want, MaxBlocks - Capacity);
        return (int)Math.Max(1, want);
    }

    /// <summary>Allocates a chunk of <paramref name="blocks"/> blocks and returns its chunk number; the caller links its blocks, then calls <see cref="Publish"/>.</summary>
    /// <exception cref="OutOfMemoryException">The system has no memory for the chunk.</exception>
    public int Allocate(int blocks)
    {
        int chunk = _chunkCount;
        nuint bytes = (nuint)blocks * (nuint)Stride;
        void* memory = NativeMemory.AlignedAlloc(bytes, (nuint)Math.Max(Alignment, 64));
        if (FillFreed)
            NativeMemory.Fill(memory, bytes, PoolConfig.FreedFill);
        _bases[chunk] = (nint)memory;
        _bytes[chunk] = bytes;
        _counts[chunk] = blocks;
        _firsts[chunk] = (int)Capacity;
        return chunk;
    }

    /// <summary>Makes the chunk allocated last visible to <see cref="Locate"/>.</summary>
    public void Publish(int chunk)
    {
        Capacity += _counts[chunk];
        BytesReserved += (long)_bytes[chunk];
        Volatile.Write(ref _chunkCount, chunk + 1);
    }

    public int Count(int chunk) => _counts[chunk];

    /// <summary>The block of <paramref name="entry"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* Pointer(int entry) =>
        (byte*)_bases[entry >> 24] + (nuint)(uint)(entry & (MaxBlocksPerChunk - 1)) * (nuint)(uint)Stride;

    /// <summary>The block number across chunks of <paramref name="entry"/> (0..Capacity-1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Global(int entry) => _firsts[entry >> 24] + (entry & (MaxBlocksPerChunk - 1));

    /// <summary>offset / Stride for an offset inside a chunk (below 2^30), without a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint BlockIndex(nuint offset) => (uint)(((ulong)offset * _magic) >> _shift);

    /// <summary>The entry of the block that starts at <paramref name="block"/>: Ok, Foreign or NotBlockStart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PoolResult Locate(void* block, out int entry)
    {
        // Newest chunk first: it is the largest, so it holds most blocks.
        for (int chunk = Volatile.Read(ref _chunkCount) - 1; chunk >= 0; chunk--)
        {
            nuint offset = (nuint)((byte*)block - (byte*)_bases[chunk]);
            if (offset < _bytes[chunk])
            {
                uint index = BlockIndex(offset);
                entry = (chunk << 24) | (int)index;
                return (nuint)index * (nuint)(uint)Stride == offset ? PoolResult.Ok : PoolResult.NotBlockStart;
            }
        }
        entry = -1;
        return PoolResult.Foreign;
    }

    /// <summary>Overwrites the block of <paramref name="entry"/> with the freed pattern.</summary>
    public void Fill(int entry) => NativeMemory.Fill(Pointer(entry), (nuint)BlockSize, PoolConfig.FreedFill);

    /// <summary>Frees every chunk. Only when no thread uses the pool any more.</summary>
    public void Free()
    {
        int count = _chunkCount;
        _chunkCount = 0;
        for (int chunk = 0; chunk < count; chunk++)
        {
            NativeMemory.AlignedFree((void*)_bases[chunk]);
            _bases[chunk] = 0;
            _bytes[chunk] = 0;
        }
    }
}
