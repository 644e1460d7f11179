using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Queues;

/// <summary>
/// A bounded lock-free queue between one producer thread and one consumer thread, holding values of
/// <typeparamref name="T"/> inline in a power-of-two ring (rigtorp's SPSCQueue design). Push and pop are wait-free
/// and allocation-free; a batch publishes once. <c>PushWait</c>/<c>PopWait</c> block with a timeout using the
/// <see cref="WaitStrategy"/> chosen at creation.
/// </summary>
/// <remarks>
/// Threads: <see cref="TryPush"/>, <see cref="PushBatch"/> and <see cref="PushWait"/> on one producer thread at a
/// time; <see cref="TryPop"/>, <see cref="TryPeek"/>, <see cref="PopBatch"/> and <see cref="PopWait"/> on one
/// consumer thread at a time; <see cref="Close"/> and the properties from any thread (the counts are estimates while
/// the sides run). Nothing checks the rule: two producers (or two consumers) at once corrupt the queue.
/// </remarks>
public sealed class SpscQueue<T> where T : unmanaged
{
    private SpscRing<TypedRecord<T>> _ring;

    /// <summary>
    /// A queue of at least <paramref name="capacity"/> values (1..2^26, rounded up to a power of two, and at most
    /// 1 GiB of values) that waits with <paramref name="waitStrategy"/>.
    /// </summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public SpscQueue(int capacity = QueueLimits.DefaultCapacity, WaitStrategy waitStrategy = WaitStrategy.SpinThenPark)
    {
        int rounded = QueueStorage.Validate("SpscQueue", capacity, Unsafe.SizeOf<T>(), Unsafe.SizeOf<T>(), waitStrategy, minCapacity: 1);
        _ring = new SpscRing<TypedRecord<T>>(default, rounded, waitStrategy);
    }

    /// <summary>Values the queue holds (a power of two).</summary>
    public int Capacity => _ring.Capacity;

    /// <summary>How the blocking calls wait.</summary>
    public WaitStrategy WaitStrategy => _ring.WaitStrategy;

    /// <summary>Values in the queue (exact on either side's thread while the other side is idle; otherwise an estimate).</summary>
    public long Count => _ring.Count;

    /// <summary>Whether the queue holds no value (an estimate, as <see cref="Count"/>).</summary>
    public bool IsEmpty => _ring.Count == 0;

    /// <summary>Whether the queue is full (an estimate, as <see cref="Count"/>).</summary>
    public bool IsFull => _ring.Count == _ring.Capacity;

    /// <summary>Whether <see cref="Close"/> has been called.</summary>
    public bool IsClosed => _ring.IsClosed;

    /// <summary>The counters; see <see cref="QueueStatistics"/>.</summary>
    public QueueStatistics Statistics => _ring.Statistics;

    /// <summary>Producer: pushes <paramref name="item"/>; false when the queue is full or closed (<see cref="IsClosed"/> tells which).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPush(in T item) => RingCalls.TryPush(ref _ring, in item);

    /// <summary>Consumer: pops the oldest value; false (and default) when the queue is empty, or closed and drained.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPop(out T item) => RingCalls.TryPop(ref _ring, out item);

    /// <summary>Consumer: copies the oldest value without popping it; false (and default) when there is none.</summary>
    public bool TryPeek(out T item) => RingCalls.TryPeek(ref _ring, out item);

    /// <summary>Producer: pushes the first values of <paramref name="items"/> that fit, with one publish; returns how many (0 when full or closed).</summary>
    public int PushBatch(ReadOnlySpan<T> items) => RingCalls.PushBatch(ref _ring, items);

    /// <summary>Consumer: pops up to <paramref name="destination"/>.Length values, oldest first, with one publish; returns how many.</summary>
    public int PopBatch(Span<T> destination) => RingCalls.PopBatch(ref _ring, destination);

    /// <summary>
    /// Producer: pushes <paramref name="item"/>, waiting up to <paramref name="timeoutNs"/> nanoseconds for room
    /// (0: try once; negative: no limit). Ok, Full (timed out) or Closed (now or while waiting).
    /// </summary>
    public QueueResult PushWait(in T item, long timeoutNs) => RingCalls.PushWait(ref _ring, in item, timeoutNs);

    /// <summary>
    /// Consumer: pops into <paramref name="item"/>, waiting up to <paramref name="timeoutNs"/> nanoseconds for a value
    /// (0: try once; negative: no limit). Ok, Empty (timed out) or Closed (closed and drained).
    /// </summary>
    public QueueResult PopWait(out T item, long timeoutNs) => RingCalls.PopWait(ref _ring, out item, timeoutNs);

    /// <summary>
    /// Any thread: closes the queue. Later pushes fail (<see cref="QueueResult.Closed"/>); pops drain the values left,
    /// then report Closed; every waiter wakes. Returns once a push racing with it has landed. Idempotent.
    /// </summary>
    public void Close() => _ring.Close();
}
