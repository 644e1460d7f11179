using System.Runtime.CompilerServices;

namespace VeloZ.Queues;

/// <summary>
/// One side of a ring, as <see cref="QueueWait"/> sees it: the attempt a wait repeats, the result that means "try
/// again", the counter of those, and the gate a waiter sleeps on. A static strategy, so the one wait loop compiles
/// into each ring's push and pop with every call direct.
/// </summary>
internal interface IQueueSide
{
    /// <summary>The result that means the attempt found no room (a push: Full) or no record (a pop: Empty).</summary>
    static abstract QueueResult Blocked { get; }

    static abstract QueueResult Attempt<TRing>(ref TRing ring, ref byte record) where TRing : struct, IQueueRing;

    static abstract void CountFailed<TRing>(ref TRing ring) where TRing : struct, IQueueRing;

    static abstract bool MustWait<TRing>(ref TRing ring) where TRing : struct, IQueueRing;

    static abstract ref QueueGate Gate(ref QueueWaiters waiters);
}

/// <summary>The producer's side: pushes, blocked by Full, parked on the push gate.</summary>
internal readonly struct PushSide : IQueueSide
{
    public static QueueResult Blocked => QueueResult.Full;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static QueueResult Attempt<TRing>(ref TRing ring, ref byte record) where TRing : struct, IQueueRing => ring.Push(ref record);

    public static void CountFailed<TRing>(ref TRing ring) where TRing : struct, IQueueRing => ring.CountFailedPush();

    public static bool MustWait<TRing>(ref TRing ring) where TRing : struct, IQueueRing => ring.ProducerMustWait;

    public static ref QueueGate Gate(ref QueueWaiters waiters) => ref waiters.Push;
}

/// <summary>The consumer's side: pops, blocked by Empty, parked on the pop gate.</summary>
internal readonly struct PopSide : IQueueSide
{
    public static QueueResult Blocked => QueueResult.Empty;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static QueueResult Attempt<TRing>(ref TRing ring, ref byte record) where TRing : struct, IQueueRing => ring.Pop(ref record);

    public static void CountFailed<TRing>(ref TRing ring) where TRing : struct, IQueueRing => ring.CountFailedPop();

    public static bool MustWait<TRing>(ref TRing ring) where TRing : struct, IQueueRing => ring.ConsumerMustWait;

    public static ref QueueGate Gate(ref QueueWaiters waiters) => ref waiters.Pop;
}
