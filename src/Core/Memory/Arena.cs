using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VeloZ.Memory;

/// <summary>
/// Bump allocation of any size and alignment from chunks of native memory: an allocation is an add and a compare;
/// nothing is freed one by one. <see cref="Reset"/> forgets every allocation but keeps the chunks, so a loop that
/// allocates the same batch after each reset allocates no memory after its first batch; <see cref="Dispose"/>
/// frees everything. An allocation larger than a chunk gets a chunk of its own, kept for reuse after a reset.
/// </summary>
/// <remarks>
/// Threads: one thread at a time (nothing checks it; the C ABI does). Memory is not zeroed, except by the typed
/// helpers <see cref="Allocate{T}"/> and <see cref="AllocateArray{T}"/>. A pointer from before a reset points into
/// memory that later allocations reuse.
/// </remarks>
public sealed unsafe class Arena : IDisposable, IMemorySource
{
    private readonly List<Chunk> _chunks = new();      // the chunk_size chunks, used in order
    private readonly List<Chunk> _large = new();       // chunks of their own for allocations larger than a chunk
    private readonly long _chunkSize;
    private int _current;
    private nuint _cursor;
    private nuint _end;
    private int _largeUsed;                            // how many of _large are handed out since the reset (first fit)
    private long _bytesAllocated;
    private long _peakBytesAllocated;
    private long _allocations;
    private long _resets;
    private long _bytesReserved;
    private bool _disposed;

    private struct Chunk
    {
        public nint Base;
        public nuint Size;
        public bool InUse; // large chunks only
    }

    /// <summary>Creates the arena and allocates its first chunk.</summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    /// <exception cref="OutOfMemoryException">The first chunk could not be allocated.</exception>
    public Arena(in ArenaConfig config)
    {
        long chunkSize = config.ChunkSize == 0 ? ArenaConfig.DefaultChunkSize : config.ChunkSize;
        if (chunkSize < ArenaConfig.MinChunkSize || chunkSize > ArenaConfig.MaxChunkSize)
            throw new SettingOutOfRangeException(nameof(Arena), nameof(ArenaConfig.ChunkSize), config.ChunkSize,
                $"must be {ArenaConfig.MinChunkSize}..{ArenaConfig.MaxChunkSize} bytes (default {ArenaConfig.DefaultChunkSize})");
        string name = string.IsNullOrEmpty(config.Name) ? "arena" : config.Name;
        if (name.Length > 128)
            throw new SettingOutOfRangeException(nameof(Arena), nameof(ArenaConfig.Name), name.Length + " characters", "must be at most 128 characters");
        Name = name;
        _chunkSize = chunkSize;
        AddChunk((nuint)chunkSize);
        _current = 0;
        _cursor = (nuint)_chunks[0].Base;
        _end = _cursor + _chunks[0].Size;
        MemoryRegistry.Add(this);
    }

    /// <summary>An arena with every setting at its default (64 KiB chunks).</summary>
    public Arena() : this(default(ArenaConfig))
    {
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Bytes per chunk.</summary>
    public long ChunkSize => _chunkSize;

    /// <summary>
    /// Allocates <paramref name="size"/> bytes (1..1 GiB) aligned to <paramref name="alignment"/> (a power of two
    /// 1..4096). Not zeroed. Valid until <see cref="Reset"/> or <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size or the alignment is out of range.</exception>
    /// <exception cref="OutOfMemoryException">A new chunk was needed and the system has no memory for it.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void* Allocate(long size, int alignment = 16)
    {
        nuint start = (_cursor + (nuint)(alignment - 1)) & ~(nuint)(alignment - 1);
        // One compare for the common case: in range, and fits the current chunk (start + size cannot wrap: both < 2^62).
        if ((ulong)(size - 1) < (ulong)ArenaConfig.MaxAllocation && ((alignment - 1) & alignment) == 0
            && (uint)(alignment - 1) < (uint)PoolConfig.MaxAlignment && start + (nuint)size <= _end)
        {
            _cursor = start + (nuint)size;
            _bytesAllocated += size;
            _allocations++;
            return (void*)start;
        }
        return AllocateSlow(size, alignment);
    }

    /// <summary>
    /// Allocates <paramref name="blocks"/>.Length blocks of <paramref name="size"/> bytes each aligned to
    /// <paramref name="alignment"/>, their pointers into <paramref name="blocks"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size or the alignment is out of range; nothing is allocated.</exception>
    /// <exception cref="OutOfMemoryException">A new chunk was needed and the system has no memory for it; the blocks before it are allocated.</exception>
    public void AllocateBatch(long size, int alignment, Span<nint> blocks)
    {
        Check(size, alignment);
        nuint mask = ~(nuint)(alignment - 1);
        nuint cursor = _cursor;
        int i = 0;
        for (; i < blocks.Length; i++)
        {
            nuint start = (cursor + (nuint)(alignment - 1)) & mask;
            if (start + (nuint)size > _end)
                break;
            blocks[i] = (nint)start;
            cursor = start + (nuint)size;
        }
        _cursor = cursor;
        _bytesAllocated += size * i;
        _allocations += i;
        for (; i < blocks.Length; i++)
            blocks[i] = (nint)Allocate(size, alignment);
    }

    /// <summary>Allocates a zeroed <typeparamref name="T"/>.</summary>
    /// <exception cref="OutOfMemoryException">A new chunk was needed and the system has no memory for it.</exception>
    public T* Allocate<T>() where T : unmanaged
    {
        T* item = (T*)Allocate(sizeof(T), Math.Max(MemoryChecks.AlignmentOf<T>(), 1));
        *item = default;
        return item;
    }

    /// <summary>Allocates a zeroed array of <paramref name="count"/> values of <typeparamref name="T"/> as a span over arena memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or the array is larger than 1 GiB.</exception>
    public Span<T> AllocateArray<T>(int count) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
            return Span<T>.Empty;
        var span = new Span<T>(Allocate((long)count * sizeof(T), MemoryChecks.AlignmentOf<T>()), count);
        span.Clear();
        return span;
    }

    /// <summary>Forgets every allocation and keeps every chunk: the next allocations reuse the same memory. O(chunks of their own).</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _current = 0;
        _cursor = (nuint)_chunks[0].Base;
        _end = _cursor + _chunks[0].Size;
        foreach (ref Chunk chunk in CollectionsMarshal.AsSpan(_large))
            chunk.InUse = false;
        _largeUsed = 0;
        _peakBytesAllocated = Math.Max(_peakBytesAllocated, _bytesAllocated);
        _bytesAllocated = 0;
        _resets++;
    }

    /// <summary>The arena's counters.</summary>
    public ArenaStatistics Statistics => new()
    {
        Name = Name,
        ChunkSize = _chunkSize,
        Chunks = _chunks.Count + _large.Count,
        BytesReserved = _bytesReserved,
        BytesAllocated = _bytesAllocated,
        PeakBytesAllocated = Math.Max(_peakBytesAllocated, _bytesAllocated),
        Allocations = _allocations,
        Resets = _resets,
    };

    string IMemorySource.Kind => "arena";

    void IMemorySource.Describe(ref MemorySourceInfo info) => info.Arena = Statistics;

    /// <summary>Frees every chunk and removes the arena from the registry. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        MemoryRegistry.Remove(this);
        FreeAll();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the chunks of an arena that was never disposed.</summary>
    ~Arena()
    {
        FreeAll();
    }

    private void FreeAll()
    {
        foreach (Chunk chunk in _chunks)
            NativeMemory.Free((void*)chunk.Base);
        foreach (Chunk chunk in _large)
            NativeMemory.Free((void*)chunk.Base);
        _chunks.Clear();
        _large.Clear();
        _cursor = _end = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void* AllocateSlow(long size, int alignment)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Check(size, alignment);
        nuint padded = (nuint)size + (nuint)alignment - 1;
        void* result;
        if (padded > (nuint)_chunkSize)
        {
            result = AllocateLarge(padded, alignment);
        }
        else
        {
            // The next kept chunk (after a reset), else a new one.
            if (_current + 1 == _chunks.Count)
                AddChunk((nuint)_chunkSize);
            _current++;
            Chunk chunk = _chunks[_current];
            _cursor = (nuint)chunk.Base;
            _end = _cursor + chunk.Size;
            nuint start = (_cursor + (nuint)(alignment - 1)) & ~(nuint)(alignment - 1);
            _cursor = start + (nuint)size;
            result = (void*)start;
        }
        _bytesAllocated += size;
        _allocations++;
        if (_bytesAllocated > _peakBytesAllocated)
            _peakBytesAllocated = _bytesAllocated;
        return result;
    }

    private void* AllocateLarge(nuint padded, int alignment)
    {
        Span<Chunk> large = CollectionsMarshal.AsSpan(_large);
        int found = -1;
        for (int i = 0; i < large.Length; i++)
        {
            if (!large[i].InUse && large[i].Size >= padded && (found < 0 || large[i].Size < large[found].Size))
                found = i;
        }
        if (found < 0)
        {
            void* memory = NativeMemory.Alloc(padded);
            _large.Add(new Chunk { Base = (nint)memory, Size = padded });
            _bytesReserved += (long)padded;
            found = _large.Count - 1;
        }
        ref Chunk chunk = ref CollectionsMarshal.AsSpan(_large)[found];
        chunk.InUse = true;
        _largeUsed++;
        return (void*)(((nuint)chunk.Base + (nuint)(alignment - 1)) & ~(nuint)(alignment - 1));
    }

    private void AddChunk(nuint size)
    {
        void* memory = NativeMemory.Alloc(size);
        _chunks.Add(new Chunk { Base = (nint)memory, Size = size });
        _bytesReserved += (long)size;
    }

    private static void Check(long size, int alignment)
    {
        if (size < 1 || size > ArenaConfig.MaxAllocation)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"size must be 1..{ArenaConfig.MaxAllocation} bytes, got {size}");
        if (alignment < 1 || alignment > PoolConfig.MaxAlignment || !BitOperations.IsPow2(alignment))
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, $"alignment must be a power of two 1..{PoolConfig.MaxAlignment}, got {alignment}");
    }
}
