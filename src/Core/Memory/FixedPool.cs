using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Memory;

/// <summary>
/// A pool of fixed-size blocks of native memory for one thread: O(1) rent and return, LIFO reuse (the block returned
/// last is rented next, still in cache), no GC allocation after creation except when it grows. Blocks never move:
/// the pool preallocates <see cref="PoolConfig.InitialBlocks"/> and grows by chunks that double its capacity, up to
/// <see cref="PoolConfig.MaxBlocks"/>.
/// </summary>
/// <remarks>
/// Every return is checked, not trusted: a pointer outside the pool's chunks is <see cref="PoolResult.Foreign"/>,
/// one inside a block is <see cref="PoolResult.NotBlockStart"/>, and a block not rented (a double return) is
/// <see cref="PoolResult.NotRented"/>; each leaves the pool as it was. The checks are a range compare per chunk, a
/// multiply and one state byte per block, kept outside the blocks, so a use after return cannot corrupt the pool.
/// Threads: one thread at a time (nothing checks it; the C ABI does). <see cref="Dispose"/> frees every block.
/// </remarks>
public sealed unsafe class FixedPool : IDisposable, IMemorySource
{
    private const byte Free = 0;
    private const byte Rented = 1;

    private readonly BlockChunks _chunks;
    private int[] _free;        // LIFO stack of free entries
    private int _freeCount;
    private byte[] _state;      // per block (by global number): Free or Rented
    private long _rents;
    private long _returns;
    private long _failedRents;
    private long _badReturns;
    private long _peak;         // peak in use of the capacities before the last growth
    private int _lowFree;       // fewest free blocks since the last growth: capacity - _lowFree is this capacity's peak
    private bool _disposed;

    /// <summary>Creates the pool and allocates its first <see cref="PoolConfig.InitialBlocks"/> blocks.</summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    /// <exception cref="OutOfMemoryException">The initial blocks could not be allocated.</exception>
    public FixedPool(in PoolConfig config)
    {
        _chunks = new BlockChunks(config, nameof(FixedPool));
        _free = new int[_chunks.InitialBlocks];
        _state = new byte[_chunks.InitialBlocks];
        if (!Grow())
            throw new OutOfMemoryException($"FixedPool: could not allocate {_chunks.InitialBlocks} blocks of {_chunks.Stride} bytes");
        MemoryRegistry.Add(this);
    }

    /// <summary>A pool of <paramref name="blockSize"/>-byte blocks with every other setting at its default.</summary>
    public FixedPool(int blockSize) : this(new PoolConfig(blockSize))
    {
    }

    /// <inheritdoc/>
    public string Name => _chunks.Name;

    /// <summary>Bytes per block.</summary>
    public int BlockSize => _chunks.BlockSize;

    /// <summary>Alignment of every block.</summary>
    public int Alignment => _chunks.Alignment;

    /// <summary>Blocks rented and not yet returned.</summary>
    public long InUse => _chunks.Capacity - _freeCount;

    /// <summary>
    /// Rents a block: its pointer in <paramref name="block"/> and <see cref="PoolResult.Ok"/>, or null and
    /// <see cref="PoolResult.Exhausted"/> when MaxBlocks are rented (or memory to grow ran out). The block's bytes are
    /// what they were (the freed pattern with FillFreed, else left over); nothing is zeroed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PoolResult TryRent(out void* block)
    {
        int count = _freeCount - 1;
        int[] free = _free;
        if ((uint)count < (uint)free.Length)
        {
            int entry = free[count];
            _freeCount = count;
            if (count < _lowFree)
                _lowFree = count;
            _state[_chunks.Global(entry)] = Rented;
            _rents++;
            block = _chunks.Pointer(entry);
            return PoolResult.Ok;
        }
        return RentSlow(out block);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PoolResult RentSlow(out void* block)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Grow())
            return TryRent(out block);
        _failedRents++;
        block = null;
        return PoolResult.Exhausted;
    }

    /// <summary>Rents a block; throws when the pool is exhausted.</summary>
    /// <exception cref="InvalidOperationException">The pool holds MaxBlocks, all rented.</exception>
    public void* Rent()
    {
        if (TryRent(out void* block) != PoolResult.Ok)
            ThrowExhausted();
        return block;
    }

    /// <summary>Rents a block as a <typeparamref name="T"/>, default-initialized.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is larger than a block or needs more alignment.</exception>
    /// <exception cref="InvalidOperationException">The pool is exhausted.</exception>
    public T* Rent<T>() where T : unmanaged
    {
        MemoryChecks.Fits<T>(_chunks.BlockSize, _chunks.Alignment);
        T* item = (T*)Rent();
        *item = default;
        return item;
    }

    /// <summary>Rents up to <paramref name="blocks"/>.Length blocks into it; returns how many (fewer only when the pool is exhausted).</summary>
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
    /// Returns <paramref name="block"/> to the pool: <see cref="PoolResult.Ok"/>, or Foreign, NotBlockStart or
    /// NotRented for a pointer this pool did not rent out (nothing changes then but <see cref="PoolStatistics.BadReturns"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PoolResult TryReturn(void* block)
    {
        PoolResult result = _chunks.Locate(block, out int entry);
        if (result == PoolResult.Ok)
        {
            ref byte state = ref _state[_chunks.Global(entry)];
            if (state == Rented)
            {
                if (_freeCount == _chunks.Capacity)
                    ThrowInconsistent();
                if (_chunks.FillFreed)
                    _chunks.Fill(entry);
                state = Free;
                _free[_freeCount++] = entry;
                _returns++;
                return PoolResult.Ok;
            }
            result = PoolResult.NotRented;
        }
        _badReturns++;
        return result;
    }

    /// <summary>Returns <paramref name="block"/>; throws for a pointer this pool did not rent out.</summary>
    /// <exception cref="ArgumentException">The pointer is foreign, inside a block or not rented; the pool is unchanged.</exception>
    public void Return(void* block)
    {
        PoolResult result = TryReturn(block);
        if (result != PoolResult.Ok)
            MemoryChecks.ThrowBadReturn(result, block, Name);
    }

    /// <summary>
    /// Returns the blocks in order, stopping at the first this pool did not rent out: returns how many were returned,
    /// with <paramref name="result"/> the verdict on the one it stopped at (Ok when all were).
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

    /// <summary>Whether <paramref name="block"/> is the start of a block of this pool that is rented now.</summary>
    public bool IsRented(void* block) =>
        _chunks.Locate(block, out int entry) == PoolResult.Ok && _state[_chunks.Global(entry)] == Rented;

    /// <summary>The pool's counters.</summary>
    public PoolStatistics Statistics
    {
        get
        {
            long inUse = InUse;
            return new PoolStatistics
            {
                Name = Name,
                BlockSize = _chunks.BlockSize,
                Alignment = _chunks.Alignment,
                Stride = _chunks.Stride,
                Capacity = _chunks.Capacity,
                MaxBlocks = _chunks.ConfiguredMaxBlocks,
                InUse = inUse,
                PeakInUse = Math.Max(_peak, _chunks.Capacity - _lowFree),
                Rents = _rents,
                Returns = _returns,
                FailedRents = _failedRents,
                BadReturns = _badReturns,
                Chunks = _chunks.ChunkCount,
                BytesReserved = _chunks.BytesReserved,
            };
        }
    }

    string IMemorySource.Kind => "fixed_pool";

    void IMemorySource.Describe(ref MemorySourceInfo info) => info.Pool = Statistics;

    /// <summary>Frees every block (rented ones too) and removes the pool from the registry. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        MemoryRegistry.Remove(this);
        _chunks.Free();
        _freeCount = 0;
        _free = [];
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the blocks of a pool that was never disposed.</summary>
    ~FixedPool()
    {
        _chunks?.Free();   // null when the constructor threw
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
        }
        catch (OutOfMemoryException)
        {
            return false;
        }
        _peak = Math.Max(_peak, _chunks.Capacity - _lowFree);
        long capacity = _chunks.Capacity + blocks;
        if (_free.Length < capacity)
        {
            Array.Resize(ref _free, (int)capacity);
            Array.Resize(ref _state, (int)capacity);
        }
        // Push the new blocks so that the lowest address is rented first.
        for (int index = blocks - 1; index >= 0; index--)
            _free[_freeCount++] = (chunk << 24) | index;
        _chunks.Publish(chunk);
        _lowFree = _freeCount;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowExhausted() =>
        throw new InvalidOperationException($"pool '{Name}' is exhausted: {_chunks.Capacity} blocks of {_chunks.BlockSize} bytes, all rented (max_blocks {_chunks.ConfiguredMaxBlocks})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInconsistent() => throw new InvalidOperationException("pool state is inconsistent (used from two threads at once?)");
}
