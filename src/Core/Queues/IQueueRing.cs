namespace VeloZ.Queues;

/// <summary>
/// What <see cref="QueueWait"/> and <see cref="RingCalls"/> need of a ring (<see cref="SpscRing{TShape}"/>,
/// <see cref="MpmcRing{TShape}"/>), so that the counting, the waiting and the public queue classes are written once
/// for both. The rings are structs and every caller is generic over them, so each call compiles to a direct,
/// inlinable call: no interface dispatch on the hot path.
/// </summary>
internal interface IQueueRing
{
    int Capacity { get; }

    int RecordSize { get; }

    WaitStrategy WaitStrategy { get; }

    bool IsClosed { get; }

    long Count { get; }

    QueueStatistics Statistics { get; }

    /// <summary>One push attempt, counting nothing: Ok, Full or Closed.</summary>
    QueueResult Push(ref byte record);

    /// <summary>One pop attempt, counting nothing: Ok, Empty, or Closed once closed and drained.</summary>
    QueueResult Pop(ref byte record);

    /// <summary>Counts a push that found the ring full.</summary>
    void CountFailedPush();

    /// <summary>Counts a pop that found the ring empty.</summary>
    void CountFailedPop();

    /// <summary>Pushes up to <paramref name="count"/> consecutive records: how many, or -1 when the ring is closed.</summary>
    int PushBatch(ref byte records, int count);

    /// <summary>Pops up to <paramref name="capacity"/> records: how many, or -1 when the ring is closed and drained.</summary>
    int PopBatch(ref byte records, int capacity);

    /// <summary>Under the push gate, after a producer announced itself: whether it should still sleep (full and open).</summary>
    bool ProducerMustWait { get; }

    /// <summary>Under the pop gate, after a consumer announced itself: whether it should still sleep (empty, not closed and drained).</summary>
    bool ConsumerMustWait { get; }

    /// <summary>Parks a waiter of <typeparamref name="TSide"/> until woken or <paramref name="deadline"/> (<see cref="QueueWait.Park"/>).</summary>
    void Park<TSide>(long deadline) where TSide : struct, IQueueSide;

    void Close();
}
