using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Memory;

/// <summary>
/// A lock-free pool of fixed-size blocks of native memory that any thread may rent from and return to, including a
/// block rented on another thread. The same contract as <see cref="FixedPool"/> (checked returns, LIFO reuse,
/// chunks that never move, growth by doubling up to MaxBlocks) for many threads.
/// </summary>
/// <remarks>
/// The free list is a Treiber stack of block entries whose head carries a 32-bit tag bumped by every push and pop, so
/// a thread that was preempted between reading the head and swapping it cannot succeed on a head that was popped
/// and pushed back meanwhile (ABA). Links and the per-block state live outside the blocks, so a use after return
/// cannot corrupt the list. A return swaps the block's state from rented to free with one compare-and-swap: of two
/// threads returning the same block, exactly one succeeds and the other gets <see cref="PoolResult.NotRented"/>.
/// Growth takes a lock (only when the free list is empty). Counters are striped by thread stack so that two threads
/// do not write one cache line. <see cref="Dispose"/> frees every block: call it when no thread uses the pool.
/// </remarks>
public sealed unsafe class ConcurrentPool : IDisposable, IMemorySource
{
    private const int Free = 0;
    private const int Rented = 1;
    private const int Stripes = 16;

    private readonly BlockChunks _chunks;
    private readonly int[][] _next = new int[BlockChunks.MaxChunks][];   // per chunk: entry + 1 of the next free block, 0 at the end
    private readonly int[][] _state = new int[BlockChunks.MaxChunks][];  // per chunk: Free or Rented
    private readonly object _growGate = new();
    private readonly Counters[] _counters = new Counters[Stripes];
    private HeadLine _head;
    private long _failedRents;
    private long _badReturns;
    private long _peak;
    private volatile bool _disposed;

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct HeadLine
    {
        // (tag << 32) | (entry + 1); 0 in the low half is an empty list. Alone on its pair of cache lines.
        [FieldOffset(64)] public long Value;
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Counters
    {
        [FieldOffset(64)] public long Rents;
        [FieldOffset(72)] public long Returns;
    }

    /// <summary>Creates the pool and allocates its first <see cref="PoolConfig.InitialBlocks"/> blocks.</summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    /// <exception cref="OutOfMemoryException">The initial blocks could not be allocated.</exception>
    public ConcurrentPool(in PoolConfig config)
    {
        _chunks = new BlockChunks(config, nameof(ConcurrentPool));
        if (!Grow())
            throw new OutOfMemoryException($"ConcurrentPool: could not allocate {_chunks.InitialBlocks} blocks of {_chunks.Stride} bytes");
        MemoryRegistry.Add(this);
    }

    /// <summary>A pool of <paramref name="blockSize"/>-byte blocks with every other setting at its default.</summary>
    public ConcurrentPool(int blockSize) : this(new PoolConfig(blockSize))
    {
    }

    /// <inheritdoc/>
    public string Name => _chunks.Name;

    /// <summary>Bytes per block.</summary>
    public int BlockSize => _chunks.BlockSize;

    /// <summary>Alignment of every block.</summary>
    public int Alignment => _chunks.Alignment;

    /// <summary>Blocks rented and not yet returned (an estimate while other threads run).</summary>
    public long InUse
    {
        get
        {
            long inUse = 0;
            for (int i = 0; i < Stripes; i++)
                inUse += Volatile.Read(ref _counters[i].Rents) - Volatile.Read(ref _counters[i].Returns);
            return ClampInUse(inUse);
        }
    }

    /// <summary>
    /// Any thread: rents a block: its pointer in <paramref name="block"/> and <see cref="PoolResult.Ok"/>, or null and
    /// <see cref="PoolResult.Exhausted"/> when MaxBlocks are rented (or memory to grow ran out). Lock-free.
    /// </summary>
    public PoolResult TryRent(out void* block)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            uint top = (uint)head;
            if (top == 0)
            {
                if (RentSlow())
                    continue;
                block = null;
                return PoolResult.Exhausted;
            }
            int entry = (int)top - 1;
            // A stale read of the link (the block was popped and pushed back since the head was read) is harmless:
            // the tag has changed too, so the swap below fails and the loop reads again.
            uint next = (uint)Volatile.Read(ref _next[entry >> 24][entry & (BlockChunks.MaxBlocksPerChunk - 1)]);
            long replacement = (long)(((ulong)head & 0xFFFF_FFFF_0000_0000UL) + (1UL << 32)) | next;
            // Acquire/release (full fence): the popper owns the block from here; it must see the pusher's writes.
            if (Interlocked.CompareExchange(ref _head.Value, replacement, head) == head)
            {
                // Only this thread holds the block now: a plain (release) store of the state is enough.
                Volatile.Write(ref _state[entry >> 24][entry & (BlockChunks.MaxBlocksPerChunk - 1)], Rented);
                ref Counters counters = ref Stripe();
                long rents = Interlocked.Increment(ref counters.Rents);
                if ((rents & 255) == 0)
                    SamplePeak();
                block = _chunks.Pointer(entry);
                return PoolResult.Ok;
            }
        }
    }

    /// <summary>Any thread: rents a block; throws when the pool is exhausted.</summary>
    /// <exception cref="InvalidOperationException">The pool holds MaxBlocks, all rented.</exception>
    public void* Rent()
    {
        if (TryRent(out void* block) != PoolResult.Ok)
            throw new InvalidOperationException($"pool '{Name}' is exhausted: {_chunks.Capacity} blocks of {_chunks.BlockSize} bytes, all rented (max_blocks {_chunks.ConfiguredMaxBlocks})");
        return block;
    }

    /// <summary>Any thread: rents a block as a <typeparamref name="T"/>, default-initialized.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is larger than a block or needs more alignment.</exception>
    /// <exception cref="InvalidOperationException">The pool is exhausted.</exception>
    public T* Rent<T>() where T : unmanaged
    {
        MemoryChecks.Fits<T>(_chunks.BlockSize, _chunks.Alignment);
        T* item = (T*)Rent();
        *item = default;
        return item;
    }

    /// <summary>Any thread: rents up to <paramref name="blocks"/>.Length blocks into it; returns how many (fewer only when the pool is exhausted).</summary>
    public int RentBatch(Span<nint> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            if (TryRent(out void* block) != PoolResult.Ok)
                return i;
            blocks[i] = (nint)block;
        }
        return blocks.Length;
    }

    /// <summary>
    /// Any thread: returns <paramref name="block"/> (rented by any thread): <see cref="PoolResult.Ok"/>, or Foreign,
    /// NotBlockStart or NotRented for a pointer this pool did not rent out (nothing changes but the BadReturns counter).
    /// </summary>
    public PoolResult TryReturn(void* block)
    {
        PoolResult result = _chunks.Locate(block, out int entry);
        if (result == PoolResult.Ok)
        {
            int chunk = entry >> 24, index = entry & (BlockChunks.MaxBlocksPerChunk - 1);
            // The one winner of two racing returns of the same block goes on; the other reports NotRented.
            if (Interlocked.CompareExchange(ref _state[chunk][index], Free, Rented) == Rented)
            {
                // Free but not yet on the list: no other thread can rent it while it is filled.
                if (_chunks.FillFreed)
                    _chunks.Fill(entry);
                Push(entry, entry);
                Interlocked.Increment(ref Stripe().Returns);
                return PoolResult.Ok;
            }
            result = PoolResult.NotRented;
        }
        Interlocked.Increment(ref _badReturns);
        return result;
    }

    /// <summary>Any thread: returns <paramref name="block"/>; throws for a pointer this pool did not rent out.</summary>
    /// <exception cref="ArgumentException">The pointer is foreign, inside a block or not rented; the pool is unchanged.</exception>
    public void Return(void* block)
    {
        PoolResult result = TryReturn(block);
        if (result != PoolResult.Ok)
            MemoryChecks.ThrowBadReturn(result, block, Name);
    }

    /// <summary>
    /// Any thread: returns the blocks in order, stopping at the first this pool did not rent out: returns how many were
    /// returned, with <paramref name="result"/> the verdict on the one it stopped at (Ok when all were).
    /// </summary>
    public int ReturnBatch(ReadOnlySpan<nint> blocks, out PoolResult result)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            result = TryReturn((void*)blocks[i]);
            if (result != PoolResult.Ok)
                return i;
        }
        result = PoolResult.Ok;
        return blocks.Length;
    }

    /// <summary>Any thread: whether <paramref name="block"/> is the start of a block of this pool that is rented now.</summary>
    public bool IsRented(void* block) =>
        _chunks.Locate(block, out int entry) == PoolResult.Ok
        && Volatile.Read(ref _state[entry >> 24][entry & (BlockChunks.MaxBlocksPerChunk - 1)]) == Rented;

    /// <summary>Any thread: the pool's counters (each a recent value while other threads run).</summary>
    public PoolStatistics Statistics
    {
        get
        {
            long rents = 0, returns = 0;
            for (int i = 0; i < Stripes; i++)
            {
                rents += Volatile.Read(ref _counters[i].Rents);
                returns += Volatile.Read(ref _counters[i].Returns);
            }
            SamplePeak();
            return new PoolStatistics
            {
                Name = Name,
                BlockSize = _chunks.BlockSize,
                Alignment = _chunks.Alignment,
                Stride = _chunks.Stride,
                Capacity = Volatile.Read(ref _chunks.Capacity),
                MaxBlocks = _chunks.ConfiguredMaxBlocks,
                InUse = ClampInUse(rents - returns),
                PeakInUse = Volatile.Read(ref _peak),
                Rents = rents,
                Returns = returns,
                FailedRents = Volatile.Read(ref _failedRents),
                BadReturns = Volatile.Read(ref _badReturns),
                Chunks = _chunks.ChunkCount,
                BytesReserved = Volatile.Read(ref _chunks.BytesReserved),
            };
        }
    }

    string IMemorySource.Kind => "concurrent_pool";

    void IMemorySource.Describe(ref MemorySourceInfo info) => info.Pool = Statistics;

    /// <summary>Frees every block (rented ones too) and removes the pool from the registry. Only when no thread uses it; idempotent.</summary>
    public void Dispose()
    {
        lock (_growGate)
        {
            if (_disposed)
                return;
            _disposed = true;
            Volatile.Write(ref _head.Value, 0);
            MemoryRegistry.Remove(this);
            _chunks.Free();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the blocks of a pool that was never disposed.</summary>
    ~ConcurrentPool()
    {
        _chunks?.Free();   // null when the constructor threw
    }

    // Pushes the chain first..last (already linked from first to last) onto the free list.
    private void Push(int first, int last)
    {
        ref int lastLink = ref _next[last >> 24][last & (BlockChunks.MaxBlocksPerChunk - 1)];
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            Volatile.Write(ref lastLink, (int)(uint)head);
            long replacement = (long)(((ulong)head & 0xFFFF_FFFF_0000_0000UL) + (1UL << 32)) | (uint)(first + 1);
            // Release (full fence): the link written above is visible before the block is on the list.
            if (Interlocked.CompareExchange(ref _head.Value, replacement, head) == head)
                return;
        }
    }

    // The free list was empty: grow under the lock, unless another thread did (or returned a block) meanwhile.
    private bool RentSlow()
    {
        SamplePeak();
        lock (_growGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if ((uint)Volatile.Read(ref _head.Value) != 0)
                return true;
            if (Grow())
                return true;
        }
        Interlocked.Increment(ref _failedRents);
        return false;
    }

    private bool Grow()
    {
        int blocks = _chunks.NextChunkBlocks();
        if (blocks == 0)
            return false;
        int chunk;
        try
        {
            chunk = _chunks.Allocate(blocks);
            _next[chunk] = new int[blocks];
            _state[chunk] = new int[blocks];
        }
        catch (OutOfMemoryException)
        {
            return false;
        }
        int[] next = _next[chunk];
        int baseEntry = chunk << 24;
        for (int index = 0; index < blocks - 1; index++)
            next[index] = baseEntry + index + 2;   // entry + 1 of the following block
        _chunks.Publish(chunk);
        Push(baseEntry, baseEntry + blocks - 1);
        return true;
    }

    // rents - returns summed stripe by stripe while other threads run is off by the blocks in flight: a block is back
    // on the free list (and may be rented again) a moment before its return is counted, and the stripes are read one
    // at a time. The true value lies in 0..Capacity, so an estimate outside it is clamped (a peak above max_blocks
    // would be a visible lie).
    private long ClampInUse(long estimate) => Math.Clamp(estimate, 0, Volatile.Read(ref _chunks.Capacity));

    private void SamplePeak()
    {
        long inUse = InUse;
        long peak = Volatile.Read(ref _peak);
        while (inUse > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peak, inUse, peak);
            if (seen == peak)
                break;
            peak = seen;
        }
    }

    // The counter stripe of the calling thread, picked by its stack address (no thread-local read: in a shared library
    // that is a call). Threads' stacks lie megabytes apart; a thread whose calls straddle a 64 KiB boundary just uses
    // two stripes, which is harmless since every increment is atomic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Counters Stripe()
    {
        byte marker;
        ulong hash = ((ulong)&marker >> 16) * 0x9E37_79B9_7F4A_7C15UL;
        return ref _counters[(int)(hash >> 60)];
    }
}
