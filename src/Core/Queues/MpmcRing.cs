using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Queues;

/// <summary>
/// The shared positions of a multi-producer multi-consumer ring, each alone between 128 bytes of padding (two
/// lines, for the adjacent-line prefetcher), and the counters of the failure paths on a line of their own.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 4 * 128)]
internal struct MpmcPositions
{
    /// <summary>
    /// Positions claimed by producers; the sign bit is set by Close, so a producer that sees it (or whose claim
    /// fails because of it) is refused, and no position is claimed after the close.
    /// </summary>
    [FieldOffset(128)] public long Enqueue;
    /// <summary>Positions claimed by consumers.</summary>
    [FieldOffset(256)] public long Dequeue;
    /// <summary>Push calls that found the ring full (atomic: many producers).</summary>
    [FieldOffset(384)] public long FailedPushes;
    /// <summary>Pop calls that found the ring empty.</summary>
    [FieldOffset(392)] public long FailedPops;
    /// <summary>Largest occupancy sampled.</summary>
    [FieldOffset(400)] public long HighWater;
}

/// <summary>
/// A bounded multi-producer multi-consumer ring of fixed-size records: Dmitry Vyukov's bounded MPMC queue. Each
/// cell holds a sequence number and a record; a producer claims position p with one CAS on the enqueue position
/// when cell p &amp; mask has sequence p, writes, and stores p + 1; a consumer claims p when the sequence is p + 1,
/// copies out, and stores p + capacity (free for the next lap). Batches claim a run of positions with one CAS
/// when the last cell of the run is ready. The one implementation behind <see cref="MpmcQueue{T}"/> and
/// <see cref="MpmcRecordQueue"/>. Every member may be called from any thread.
/// </summary>
/// <remarks>
/// Not lock-free in the strict sense (no bounded MPMC array queue of this speed is): a producer preempted between
/// its claim and its sequence store delays the consumer of that cell, which reports Empty (or a batch waits for it).
/// </remarks>
internal unsafe struct MpmcRing<TShape> : IQueueRing where TShape : struct, IRecordShape
{
    private const long ClosedBit = long.MinValue;

    private MpmcPositions _p;

    private readonly TShape _shape;
    private readonly byte[] _storage;
    private readonly byte* _cells;
    private readonly long _mask;
    private readonly int _capacity;
    private readonly WaitStrategy _strategy;
    // Threads parked in PushWait / PopWait (QueueWait's protocol).
    private QueueWaiters _waiters;

    public MpmcRing(TShape shape, int capacity, WaitStrategy strategy)
    {
        Debug.Assert(capacity >= 2 && (capacity & (capacity - 1)) == 0, $"capacity {capacity} is not a power of two >= 2");
        _shape = shape;
        _capacity = capacity;
        _mask = capacity - 1;
        _strategy = strategy;
        _storage = QueueStorage.Allocate((long)capacity * CellSize(shape.Size), out _cells);
        for (long i = 0; i < capacity; i++)
            *(long*)(_cells + i * CellSize(shape.Size)) = i;
        _waiters = new QueueWaiters();
    }

    /// <summary>Bytes per cell: the 8-byte sequence, then the record, rounded up to 8 so every sequence is aligned.</summary>
    public static int CellSize(int recordSize) => (8 + recordSize + 7) & ~7;

    public readonly int Capacity => _capacity;

    public readonly int RecordSize => _shape.Size;

    public readonly WaitStrategy WaitStrategy => _strategy;

    /// <summary>The pinned array behind the cells (held so that the cells live as long as the ring).</summary>
    public readonly byte[] Storage => _storage;

    public readonly bool IsClosed => Volatile.Read(ref Unsafe.AsRef(in _p.Enqueue)) < 0;

    public readonly long Count
    {
        get
        {
            // Dequeue before Enqueue: Dequeue never passes Enqueue, so the difference is never negative.
            long dequeue = Volatile.Read(ref Unsafe.AsRef(in _p.Dequeue));
            long enqueue = Volatile.Read(ref Unsafe.AsRef(in _p.Enqueue)) & ~ClosedBit;
            return Math.Clamp(enqueue - dequeue, 0, _capacity);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref long Sequence(long position) => ref *(long*)(_cells + (position & _mask) * CellSize(_shape.Size));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref byte Record(long position) => ref _cells[(position & _mask) * CellSize(_shape.Size) + 8];

    // ---- push ----------------------------------------------------------------------------------

    /// <summary>Pushes one record (copied from <paramref name="record"/>), counting nothing: Ok, Full or Closed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueResult Push(ref byte record)
    {
        // Acquire on every read of a position or a sequence: what the thread that stored it did before is visible.
        long position = Volatile.Read(ref _p.Enqueue);
        while (true)
        {
            if (position < 0)
                return QueueResult.Closed;
            long difference = Volatile.Read(ref Sequence(position)) - position;
            if (difference == 0)
            {
                // The claim: full fence, so it is ordered with the sequence read above and the record write below.
                long seen = Interlocked.CompareExchange(ref _p.Enqueue, position + 1, position);
                if (seen == position)
                    break;
                position = seen;
            }
            else if (difference < 0)
            {
                // The cell still holds the previous lap's record: full (or closed meanwhile).
                return Volatile.Read(ref _p.Enqueue) < 0 ? QueueResult.Closed : QueueResult.Full;
            }
            else
            {
                // Another producer claimed this position: ours was stale.
                position = Volatile.Read(ref _p.Enqueue);
            }
        }
        _shape.Copy(ref Record(position), ref record);
        // Release: the record is in place before the sequence that hands it to a consumer.
        Volatile.Write(ref Sequence(position), position + 1);
        if ((position & 63) == 0)
            SampleHighWater(position + 1);
        _waiters.Pop.WakeIfParked();
        return QueueResult.Ok;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SampleHighWater(long enqueued)
    {
        long count = enqueued - Volatile.Read(ref _p.Dequeue);
        long seen = Volatile.Read(ref _p.HighWater);
        while (count > seen)
        {
            long previous = Interlocked.CompareExchange(ref _p.HighWater, count, seen);
            if (previous == seen)
                break;
            seen = previous;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void CountFailedPush()
    {
        Interlocked.Increment(ref _p.FailedPushes);
        SampleHighWater(Volatile.Read(ref _p.Enqueue) & ~ClosedBit);
    }

    /// <summary>
    /// Pushes up to <paramref name="count"/> records (consecutive, RecordSize bytes each), claiming them with one CAS
    /// when the ring has room for the run. Returns how many (0 when full), or -1 when the ring is closed.
    /// </summary>
    public int PushBatch(ref byte records, int count)
    {
        Debug.Assert(count >= 0);
        long position = Volatile.Read(ref _p.Enqueue);
        int n;
        while (true)
        {
            if (position < 0)
                return -1;
            if (count == 0)
                return 0;
            // Free cells by the positions: Dequeue read late only adds room that consumers really claimed.
            long free = _capacity - (position - Volatile.Read(ref _p.Dequeue));
            n = (int)Math.Clamp(free, 1, Math.Min(count, _capacity));
            long last = position + n - 1;
            long difference = Volatile.Read(ref Sequence(last)) - last;
            if (difference == 0)
            {
                long seen = Interlocked.CompareExchange(ref _p.Enqueue, position + n, position);
                if (seen == position)
                    break;
                position = seen;
            }
            else if (difference > 0)
            {
                position = Volatile.Read(ref _p.Enqueue);
            }
            else if (n > 1)
            {
                // The run's last cell is still being read by a consumer of the previous lap: take a shorter run.
                count = n - 1;
            }
            else
            {
                CountFailedPush();
                return Volatile.Read(ref _p.Enqueue) < 0 ? -1 : 0;
            }
        }
        int size = _shape.Size;
        for (int k = 0; k < n; k++)
        {
            long at = position + k;
            // The cells before the run's last were claimed by consumers of the previous lap; wait for them to finish.
            if (Volatile.Read(ref Sequence(at)) != at)
                WaitForSequence(at, at);
            _shape.Copy(ref Record(at), ref Unsafe.Add(ref records, k * size));
            // Release: the record is in place before the sequence that hands it to a consumer.
            Volatile.Write(ref Sequence(at), at + 1);
        }
        if ((position >> 6) != ((position + n) >> 6))
            SampleHighWater(position + n);
        _waiters.Pop.WakeIfParked();
        return n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void WaitForSequence(long position, long expected)
    {
        var spin = new SpinWait();
        // Acquire: the other side's use of the cell is complete once its sequence store is seen.
        while (Volatile.Read(ref Sequence(position)) != expected)
            spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Under the push gate: full (the next cell still holds the previous lap's record) and not closed.</summary>
    public bool ProducerMustWait
    {
        get
        {
            long position = Volatile.Read(ref _p.Enqueue);
            // Close sets the sign bit.
            return position >= 0 && Volatile.Read(ref Sequence(position)) < position;
        }
    }

    // ---- pop -----------------------------------------------------------------------------------

    /// <summary>Pops one record into <paramref name="record"/>, counting nothing: Ok, Empty, or Closed once the ring is closed and drained.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueResult Pop(ref byte record)
    {
        long position = Volatile.Read(ref _p.Dequeue);
        while (true)
        {
            long difference = Volatile.Read(ref Sequence(position)) - (position + 1);
            if (difference == 0)
            {
                long seen = Interlocked.CompareExchange(ref _p.Dequeue, position + 1, position);
                if (seen == position)
                    break;
                position = seen;
            }
            else if (difference < 0)
            {
                return EmptyOrClosed(position);
            }
            else
            {
                position = Volatile.Read(ref _p.Dequeue);
            }
        }
        _shape.Copy(ref record, ref Record(position));
        // Release: the record is copied out before the sequence that frees the cell for the next lap.
        Volatile.Write(ref Sequence(position), position + _capacity);
        _waiters.Push.WakeIfParked();
        return QueueResult.Ok;
    }

    // The cell at `position` holds no record yet: Closed when the ring is closed and every claimed position was
    // popped (nothing can arrive any more), else Empty (also when a producer has claimed the cell but not yet filled it).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly QueueResult EmptyOrClosed(long position)
    {
        long enqueue = Volatile.Read(ref Unsafe.AsRef(in _p.Enqueue));
        return enqueue < 0 && (enqueue & ~ClosedBit) <= position ? QueueResult.Closed : QueueResult.Empty;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void CountFailedPop() => Interlocked.Increment(ref _p.FailedPops);

    /// <summary>
    /// Pops up to <paramref name="capacity"/> records, claiming them with one CAS when a run is ready. Returns how many
    /// (0 when empty), or -1 when the ring is closed and drained.
    /// </summary>
    public int PopBatch(ref byte records, int capacity)
    {
        Debug.Assert(capacity >= 0);
        if (capacity == 0)
            return 0;
        long position = Volatile.Read(ref _p.Dequeue);
        int n;
        while (true)
        {
            // Records by the positions: Enqueue read late only adds records that producers really claimed.
            long available = (Volatile.Read(ref _p.Enqueue) & ~ClosedBit) - position;
            n = (int)Math.Clamp(available, 1, Math.Min(capacity, _capacity));
            long last = position + n - 1;
            long difference = Volatile.Read(ref Sequence(last)) - (last + 1);
            if (difference == 0)
            {
                long seen = Interlocked.CompareExchange(ref _p.Dequeue, position + n, position);
                if (seen == position)
                    break;
                position = seen;
            }
            else if (difference > 0)
            {
                position = Volatile.Read(ref _p.Dequeue);
            }
            else if (n > 1)
            {
                // The run's last record is still being written: take a shorter run.
                capacity = n - 1;
            }
            else
            {
                if (EmptyOrClosed(position) == QueueResult.Closed)
                    return -1;
                CountFailedPop();
                return 0;
            }
        }
        int size = _shape.Size;
        for (int k = 0; k < n; k++)
        {
            long at = position + k;
            // The records before the run's last were claimed by producers that may still be writing them.
            if (Volatile.Read(ref Sequence(at)) != at + 1)
                WaitForSequence(at, at + 1);
            _shape.Copy(ref Unsafe.Add(ref records, k * size), ref Record(at));
            // Release: the record is copied out before the sequence that frees the cell for the next lap.
            Volatile.Write(ref Sequence(at), at + _capacity);
        }
        _waiters.Push.WakeIfParked();
        return n;
    }

    /// <summary>Under the pop gate: the next cell holds no record yet and the ring is not closed and drained.</summary>
    public bool ConsumerMustWait
    {
        get
        {
            long position = Volatile.Read(ref _p.Dequeue);
            return Volatile.Read(ref Sequence(position)) < position + 1 && EmptyOrClosed(position) == QueueResult.Empty;
        }
    }

    // ---- any thread ----------------------------------------------------------------------------

    /// <summary>Closes the ring: later pushes get Closed; pops drain what is left, then get Closed; every waiter wakes. Idempotent.</summary>
    public void Close()
    {
        // Full fence: a claim that succeeded before this is a position consumers will drain; every later claim fails.
        long position = Volatile.Read(ref _p.Enqueue);
        while (position >= 0)
        {
            long seen = Interlocked.CompareExchange(ref _p.Enqueue, position | ClosedBit, position);
            if (seen == position)
                break;
            position = seen;
        }
        _waiters.WakeAll();
    }

    public void Park<TSide>(long deadline) where TSide : struct, IQueueSide =>
        QueueWait.Park<MpmcRing<TShape>, TSide>(ref this, ref _waiters, deadline);

    public readonly QueueStatistics Statistics
    {
        get
        {
            long dequeue = Volatile.Read(ref Unsafe.AsRef(in _p.Dequeue));
            long enqueue = Volatile.Read(ref Unsafe.AsRef(in _p.Enqueue));
            long count = Math.Clamp((enqueue & ~ClosedBit) - dequeue, 0, _capacity);
            return new QueueStatistics
            {
                Capacity = _capacity,
                RecordSize = _shape.Size,
                Count = count,
                Pushes = enqueue & ~ClosedBit,
                Pops = dequeue,
                FailedPushes = Volatile.Read(ref Unsafe.AsRef(in _p.FailedPushes)),
                FailedPops = Volatile.Read(ref Unsafe.AsRef(in _p.FailedPops)),
                HighWaterMark = Math.Max(count, Volatile.Read(ref Unsafe.AsRef(in _p.HighWater))),
                IsClosed = enqueue < 0,
            };
        }
    }
}
