using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Queues;

/// <summary>
/// The state of a single-producer single-consumer ring that each side writes: the producer's line and the
/// consumer's line, each alone between 128 bytes of padding (two lines, for the adjacent-line prefetcher). A side
/// reads the other's index only when its cached copy says the ring is full (or empty), so in steady state each line
/// stays in its own core's cache.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * 128)]
internal struct SpscIndices
{
    // ---- producer line: written by the producer only
    /// <summary>Records pushed: the next slot to write is Write &amp; mask.</summary>
    [FieldOffset(128)] public long Write;
    /// <summary>The producer's last view of <see cref="Read"/>.</summary>
    [FieldOffset(136)] public long ReadCache;
    /// <summary>Push calls that found the ring full.</summary>
    [FieldOffset(144)] public long FailedPushes;
    /// <summary>Largest occupancy the producer sampled.</summary>
    [FieldOffset(152)] public long HighWater;
    /// <summary>1 while a push runs: Close waits for it, so no push lands after the consumer was told "closed".</summary>
    [FieldOffset(160)] public int ProducerBusy;

    // ---- consumer line: written by the consumer only
    /// <summary>Records popped: the next slot to read is Read &amp; mask.</summary>
    [FieldOffset(256)] public long Read;
    /// <summary>The consumer's last view of <see cref="Write"/>.</summary>
    [FieldOffset(264)] public long WriteCache;
    /// <summary>Pop calls that found the ring empty.</summary>
    [FieldOffset(272)] public long FailedPops;
}

/// <summary>
/// A bounded single-producer single-consumer ring of fixed-size records: rigtorp's SPSCQueue design (power-of-two
/// capacity, free-running 64-bit indices, each side caching the other's index) over a pinned 128-byte aligned
/// array. The one implementation behind <see cref="SpscQueue{T}"/> (records of <c>sizeof(T)</c>) and
/// <see cref="SpscRecordQueue"/> (records of a size chosen at creation, the C ABI's queue).
/// Threads: push-side members on one producer thread at a time, pop-side members on one consumer thread at a
/// time; <see cref="Close"/> and the read-only members from any thread.
/// </summary>
internal unsafe struct SpscRing<TShape> : IQueueRing where TShape : struct, IRecordShape
{
    private SpscIndices _i;

    // ---- read by both sides, written once or rarely
    private readonly TShape _shape;
    private readonly byte[] _storage;
    private readonly byte* _slots;
    private readonly long _mask;
    private readonly int _capacity;
    private readonly WaitStrategy _strategy;
    // 0 open; 1 closing (pushes refused, an in-flight push may still land); 2 closed (pops that find the ring empty report Closed).
    private int _closed;
    // Threads parked in PushWait / PopWait (QueueWait's protocol).
    private QueueWaiters _waiters;

    public SpscRing(TShape shape, int capacity, WaitStrategy strategy)
    {
        Debug.Assert(capacity > 0 && (capacity & (capacity - 1)) == 0, $"capacity {capacity} is not a power of two");
        _shape = shape;
        _capacity = capacity;
        _mask = capacity - 1;
        _strategy = strategy;
        _storage = QueueStorage.Allocate((long)capacity * shape.Size, out _slots);
        _waiters = new QueueWaiters();
    }

    public readonly int Capacity => _capacity;

    /// <summary>The pinned array behind the slots (held so that the slots live as long as the ring).</summary>
    public readonly byte[] Storage => _storage;

    public readonly int RecordSize => _shape.Size;

    public readonly WaitStrategy WaitStrategy => _strategy;

    public readonly bool IsClosed => Volatile.Read(ref Unsafe.AsRef(in _closed)) != 0;

    /// <summary>Records in the ring: exact on either side's thread when the other is idle, an estimate otherwise.</summary>
    public readonly long Count
    {
        get
        {
            // Read before Write: Read never passes Write, so the difference is never negative.
            long read = Volatile.Read(ref Unsafe.AsRef(in _i.Read));
            long write = Volatile.Read(ref Unsafe.AsRef(in _i.Write));
            return Math.Clamp(write - read, 0, _capacity);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref byte Slot(long index) => ref _slots[(index & _mask) * _shape.Size];

    // ---- producer ------------------------------------------------------------------------------

    /// <summary>Pushes one record (copied from <paramref name="record"/>), counting nothing: Ok, Full or Closed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueResult Push(ref byte record)
    {
        // Announce the push before reading the closed flag; Close's process-wide barrier pairs with this store.
        Volatile.Write(ref _i.ProducerBusy, 1);
        if (Volatile.Read(ref _closed) != 0)
            return EndPush(QueueResult.Closed);
        long write = _i.Write;
        if (write - _i.ReadCache == _capacity && !RefreshReadCache(write, 1))
            return EndPush(QueueResult.Full);
        _shape.Copy(ref Slot(write), ref record);
        // Release: the record's bytes are visible before the index that hands them to the consumer.
        Volatile.Write(ref _i.Write, write + 1);
        if ((write & 63) == 0)
            SampleHighWater(write + 1);
        return EndPush(QueueResult.Ok);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private QueueResult EndPush(QueueResult result)
    {
        // Release: a Close that waits for this flag sees the push complete.
        Volatile.Write(ref _i.ProducerBusy, 0);
        if (result == QueueResult.Ok)
            _waiters.Pop.WakeIfParked();
        return result;
    }

    // The cached Read says the ring lacks room for `needed` more: read the consumer's index again.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefreshReadCache(long write, int needed)
    {
        // Acquire: the consumer copied each record out before it advanced Read past it, so those slots are free.
        long read = Volatile.Read(ref _i.Read);
        _i.ReadCache = read;
        long count = write - read;
        if (count > _i.HighWater)
            Volatile.Write(ref _i.HighWater, count);
        return _capacity - count >= needed;
    }

    // Every 64th push: the occupancy with a fresh Read (also refreshing the cache, which saves a later refresh).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SampleHighWater(long write)
    {
        // Acquire, as in RefreshReadCache.
        long read = Volatile.Read(ref _i.Read);
        _i.ReadCache = read;
        if (write - read > _i.HighWater)
            Volatile.Write(ref _i.HighWater, write - read);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void CountFailedPush() =>
        // Single writer (the producer); readers of the statistics use Volatile.Read.
        Volatile.Write(ref _i.FailedPushes, _i.FailedPushes + 1);

    /// <summary>
    /// Pushes up to <paramref name="count"/> records from <paramref name="records"/> (consecutive, RecordSize bytes
    /// each), as many as fit, publishing them with one index store. Returns how many, or -1 when the ring is closed.
    /// </summary>
    public int PushBatch(ref byte records, int count)
    {
        Debug.Assert(count >= 0);
        Volatile.Write(ref _i.ProducerBusy, 1);
        if (Volatile.Read(ref _closed) != 0)
        {
            EndPush(QueueResult.Closed);
            return -1;
        }
        long write = _i.Write;
        long free = _capacity - (write - _i.ReadCache);
        if (free < count)
        {
            RefreshReadCache(write, count);
            free = _capacity - (write - _i.ReadCache);
        }
        int n = (int)Math.Min(count, free);
        if (n == 0)
        {
            EndPush(QueueResult.Full);
            if (count > 0)
                CountFailedPush();
            return 0;
        }
        // At most two runs: up to the end of the array, then from its start.
        int size = _shape.Size;
        int first = (int)Math.Min(n, _capacity - (write & _mask));
        Unsafe.CopyBlockUnaligned(ref Slot(write), ref records, (uint)(first * size));
        if (first < n)
            Unsafe.CopyBlockUnaligned(ref _slots[0], ref Unsafe.Add(ref records, first * size), (uint)((n - first) * size));
        // Release, once for the batch: every record's bytes are visible before the index that publishes them.
        Volatile.Write(ref _i.Write, write + n);
        if ((write >> 6) != ((write + n) >> 6))
            SampleHighWater(write + n);
        EndPush(QueueResult.Ok);
        return n;
    }

    /// <summary>Under the push gate: full and not closed, so a producer may sleep.</summary>
    public bool ProducerMustWait =>
        // Acquire: a pop's index store, or Close's flag, seen here is final for this check.
        _i.Write - Volatile.Read(ref _i.Read) >= _capacity && Volatile.Read(ref _closed) == 0;

    // ---- consumer ------------------------------------------------------------------------------

    /// <summary>Pops one record into <paramref name="record"/>, counting nothing: Ok, Empty, or Closed once the ring is closed and drained.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueResult Pop(ref byte record)
    {
        long read = _i.Read;
        if (read == _i.WriteCache && !RefreshWriteCache(read))
            return EmptyOrClosed(read);
        _shape.Copy(ref record, ref Slot(read));
        // Release: the record is copied out before the producer may reuse its slot.
        Volatile.Write(ref _i.Read, read + 1);
        _waiters.Push.WakeIfParked();
        return QueueResult.Ok;
    }

    /// <summary>Copies the oldest record into <paramref name="record"/> without popping it: Ok, Empty or Closed.</summary>
    public QueueResult TryPeek(ref byte record)
    {
        long read = _i.Read;
        if (read == _i.WriteCache && !RefreshWriteCache(read))
            return EmptyOrClosed(read);
        _shape.Copy(ref record, ref Slot(read));
        return QueueResult.Ok;
    }

    // The cached Write says the ring is empty: read the producer's index again. True if there is a record now.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefreshWriteCache(long read)
    {
        // Acquire: pairs with the producer's release store, so the records below Write are fully written.
        _i.WriteCache = Volatile.Read(ref _i.Write);
        return _i.WriteCache != read;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private QueueResult EmptyOrClosed(long read)
    {
        // Acquire: state 2 is stored after the last push completed, so Write read after it is final.
        if (Volatile.Read(ref _closed) == 2 && !RefreshWriteCache(read))
            return QueueResult.Closed;
        // A record may have landed between the two reads: the caller sees Empty and finds it on the next call.
        return QueueResult.Empty;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void CountFailedPop() =>
        // Single writer (the consumer); readers of the statistics use Volatile.Read.
        Volatile.Write(ref _i.FailedPops, _i.FailedPops + 1);

    /// <summary>
    /// Pops up to <paramref name="capacity"/> records into <paramref name="records"/>, advancing the index once.
    /// Returns how many (0 when empty), or -1 when the ring is closed and drained.
    /// </summary>
    public int PopBatch(ref byte records, int capacity)
    {
        Debug.Assert(capacity >= 0);
        long read = _i.Read;
        long available = _i.WriteCache - read;
        if (available < capacity)
        {
            RefreshWriteCache(read);
            available = _i.WriteCache - read;
        }
        int n = (int)Math.Min(capacity, available);
        if (n == 0)
        {
            if (capacity == 0)
                return 0;
            QueueResult result = EmptyOrClosed(read);
            if (result == QueueResult.Closed)
                return -1;
            CountFailedPop();
            return 0;
        }
        int size = _shape.Size;
        int first = (int)Math.Min(n, _capacity - (read & _mask));
        Unsafe.CopyBlockUnaligned(ref records, ref Slot(read), (uint)(first * size));
        if (first < n)
            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref records, first * size), ref _slots[0], (uint)((n - first) * size));
        // Release, once for the batch: every record is copied out before the producer may reuse the slots.
        Volatile.Write(ref _i.Read, read + n);
        _waiters.Push.WakeIfParked();
        return n;
    }

    /// <summary>Under the pop gate: empty and not closed, so a consumer may sleep.</summary>
    public bool ConsumerMustWait =>
        // Acquire: a push's index store, or Close's final state, seen here is final for this check.
        Volatile.Read(ref _i.Write) == _i.Read && Volatile.Read(ref _closed) != 2;

    // ---- any thread ----------------------------------------------------------------------------

    /// <summary>
    /// Closes the ring: later pushes get Closed; pops drain what is left, then get Closed; every waiter wakes. Returns
    /// after a push that raced with it has landed. Idempotent.
    /// </summary>
    public void Close()
    {
        if (Interlocked.CompareExchange(ref _closed, 1, 0) == 0)
        {
            // Dekker with the producer's busy flag: after this, a push that missed the flag shows as busy.
            Interlocked.MemoryBarrierProcessWide();
            var spin = new SpinWait();
            while (Volatile.Read(ref _i.ProducerBusy) != 0)
                spin.SpinOnce();
            // Release: every push is complete before a consumer may conclude "closed and drained".
            Volatile.Write(ref _closed, 2);
        }
        else
        {
            // Another thread is closing: return only once it is done, so "closed" means the same for every caller.
            var spin = new SpinWait();
            while (Volatile.Read(ref _closed) != 2)
                spin.SpinOnce();
        }
        _waiters.WakeAll();
    }

    public void Park<TSide>(long deadline) where TSide : struct, IQueueSide =>
        QueueWait.Park<SpscRing<TShape>, TSide>(ref this, ref _waiters, deadline);

    /// <summary>The counters (see <see cref="QueueStatistics"/>).</summary>
    public readonly QueueStatistics Statistics
    {
        get
        {
            long read = Volatile.Read(ref Unsafe.AsRef(in _i.Read));
            long write = Volatile.Read(ref Unsafe.AsRef(in _i.Write));
            long count = Math.Clamp(write - read, 0, _capacity);
            return new QueueStatistics
            {
                Capacity = _capacity,
                RecordSize = _shape.Size,
                Count = count,
                Pushes = write,
                Pops = read,
                FailedPushes = Volatile.Read(ref Unsafe.AsRef(in _i.FailedPushes)),
                FailedPops = Volatile.Read(ref Unsafe.AsRef(in _i.FailedPops)),
                HighWaterMark = Math.Max(count, Volatile.Read(ref Unsafe.AsRef(in _i.HighWater))),
                IsClosed = IsClosed,
            };
        }
    }
}
