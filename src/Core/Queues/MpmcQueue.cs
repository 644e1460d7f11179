using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Queues;

/// <summary>
/// A bounded queue for any number of producer and consumer threads, holding values of <typeparamref name="T"/>
/// inline in a power-of-two ring of cells with sequence numbers (Vyukov's bounded MPMC queue): one CAS per push or
/// pop, allocation-free; a batch claims a run of cells with one CAS when it can. <c>PushWait</c>/<c>PopWait</c> block
/// with a timeout using the <see cref="WaitStrategy"/> chosen at creation.
/// </summary>
/// <remarks>
/// Threads: every member from any thread. A producer stalled between its claim and its publish holds up the
/// consumer of that one cell: it sees the queue empty until then, and a batch that claimed the cell waits for it.
/// </remarks>
public sealed class MpmcQueue<T> where T : unmanaged
{
    private MpmcRing<TypedRecord<T>> _ring;

    /// <summary>
    /// A queue of at least <paramref name="capacity"/> values (1..2^26, rounded up to a power of two and to at
    /// least 2, the cells at most 1 GiB) that waits with <paramref name="waitStrategy"/>.
    /// </summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public MpmcQueue(int capacity = QueueLimits.DefaultCapacity, WaitStrategy waitStrategy = WaitStrategy.SpinThenPark)
    {
        int rounded = QueueStorage.Validate("MpmcQueue", capacity, Unsafe.SizeOf<T>(), MpmcRing<TypedRecord<T>>.CellSize(Unsafe.SizeOf<T>()), waitStrategy, minCapacity: 2);
        _ring = new MpmcRing<TypedRecord<T>>(default, rounded, waitStrategy);
    }

    /// <summary>Values the queue holds (a power of two).</summary>
    public int Capacity => _ring.Capacity;

    /// <summary>How the blocking calls wait.</summary>
    public WaitStrategy WaitStrategy => _ring.WaitStrategy;

    /// <summary>Values in the queue (an estimate while other threads push or pop).</summary>
    public long Count => _ring.Count;

    /// <summary>Whether the queue holds no value (an estimate, as <see cref="Count"/>).</summary>
    public bool IsEmpty => _ring.Count == 0;

    /// <summary>Whether the queue is full (an estimate, as <see cref="Count"/>).</summary>
    public bool IsFull => _ring.Count == _ring.Capacity;

    /// <summary>Whether <see cref="Close"/> has been called.</summary>
    public bool IsClosed => _ring.IsClosed;

    /// <summary>The counters; see <see cref="QueueStatistics"/>.</summary>
    public QueueStatistics Statistics => _ring.Statistics;

    /// <summary>Pushes <paramref name="item"/>; false when the queue is full or closed (<see cref="IsClosed"/> tells which).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPush(in T item) => RingCalls.TryPush(ref _ring, in item);

    /// <summary>Pops the oldest value; false (and default) when the queue is empty, or closed and drained.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPop(out T item) => RingCalls.TryPop(ref _ring, out item);

    /// <summary>Pushes the first values of <paramref name="items"/> that fit, claiming a run of cells with one CAS when there is room; returns how many (0 when full or closed).</summary>
    public int PushBatch(ReadOnlySpan<T> items) => RingCalls.PushBatch(ref _ring, items);

    /// <summary>Pops up to <paramref name="destination"/>.Length values, in queue order, claiming a run with one CAS when one is ready; returns how many.</summary>
    public int PopBatch(Span<T> destination) => RingCalls.PopBatch(ref _ring, destination);

    /// <summary>
    /// Pushes <paramref name="item"/>, waiting up to <paramref name="timeoutNs"/> nanoseconds for room
    /// (0: try once; negative: no limit). Ok, Full (timed out) or Closed (now or while waiting).
    /// </summary>
    public QueueResult PushWait(in T item, long timeoutNs) => RingCalls.PushWait(ref _ring, in item, timeoutNs);

    /// <summary>
    /// Pops into <paramref name="item"/>, waiting up to <paramref name="timeoutNs"/> nanoseconds for a value
    /// (0: try once; negative: no limit). Ok, Empty (timed out) or Closed (closed and drained).
    /// </summary>
    public QueueResult PopWait(out T item, long timeoutNs) => RingCalls.PopWait(ref _ring, out item, timeoutNs);

    /// <summary>
    /// Closes the queue. Later pushes fail (<see cref="QueueResult.Closed"/>); pops drain the values left,
    /// then report Closed; every waiter wakes. A push racing with it either lands (and is drained) or fails. Idempotent.
    /// </summary>
    public void Close() => _ring.Close();
}
