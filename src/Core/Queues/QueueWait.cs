using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VeloZ.Queues;

/// <summary>
/// The calls of a ring that count or wait, written once for both rings and both sides (<see cref="PushSide"/>,
/// <see cref="PopSide"/>): <see cref="Try"/> (one attempt), <see cref="Wait"/> (<c>PushWait</c> / <c>PopWait</c>:
/// deadlines, the spin / yield / park steps of each <see cref="WaitStrategy"/>) and <see cref="Park"/> (the parking
/// protocol).
/// </summary>
/// <remarks>
/// Parking costs the side that does not wait nothing but one read of a sleeper count that changes only when
/// somebody goes to sleep. The race it must win: a consumer decides to sleep because the queue is empty while the
/// producer publishes a record and reads the count as 0 (x64 lets a load pass an earlier store). The sleeper
/// closes it with <see cref="BeginPark"/>: after raising the count it forces a full barrier on every CPU
/// (<see cref="Interlocked.MemoryBarrierProcessWide"/>, microseconds, paid only on the way to sleep), so either the
/// producer's publish is visible to the sleeper's last check, or the producer's read of the count comes after the
/// barrier and sees the sleeper. The check and the wait happen under the gate's lock, and the waker pulses under it.
/// </remarks>
internal static class QueueWait
{
    // Spin steps before yielding, and yield steps before parking: roughly 10 us of spinning, then ~50 yields.
    private const int SpinSteps = 64;
    private const int YieldSteps = 50;
    private const int SpinIterations = 8;

    /// <summary>One attempt of <typeparamref name="TSide"/>, counted when it found the ring full (a push) or empty (a pop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static QueueResult Try<TRing, TSide>(ref TRing ring, ref byte record)
        where TRing : struct, IQueueRing
        where TSide : struct, IQueueSide
    {
        QueueResult result = TSide.Attempt(ref ring, ref record);
        if (result == TSide.Blocked)
            TSide.CountFailed(ref ring);
        return result;
    }

    /// <summary>
    /// Attempts <typeparamref name="TSide"/>, waiting up to <paramref name="timeoutNs"/> for room or a record (0: try
    /// once, negative: forever) with the ring's strategy: Ok, Closed, or Full / Empty (timed out; counted once).
    /// </summary>
    public static QueueResult Wait<TRing, TSide>(ref TRing ring, ref byte record, long timeoutNs)
        where TRing : struct, IQueueRing
        where TSide : struct, IQueueSide
    {
        QueueResult result = TSide.Attempt(ref ring, ref record);
        if (result == TSide.Blocked && timeoutNs != 0)
        {
            long deadline = Deadline(timeoutNs);
            int step = 0;
            while (!Expired(deadline))
            {
                if (Pause(ring.WaitStrategy, ref step, deadline))
                    ring.Park<TSide>(deadline);
                result = TSide.Attempt(ref ring, ref record);
                if (result != TSide.Blocked)
                    return result;
            }
        }
        if (result == TSide.Blocked)
            TSide.CountFailed(ref ring);
        return result;
    }

    /// <summary>
    /// Sleeps on the gate of <typeparamref name="TSide"/> in <paramref name="waiters"/> (the ring's own) until woken
    /// or <paramref name="deadline"/>, unless the ring's last check under the gate's lock says there is no need.
    /// </summary>
    public static void Park<TRing, TSide>(ref TRing ring, ref QueueWaiters waiters, long deadline)
        where TRing : struct, IQueueRing
        where TSide : struct, IQueueSide
    {
        ref QueueGate gate = ref TSide.Gate(ref waiters);
        BeginPark(ref gate.Sleepers);
        lock (gate.Lock)
        {
            // Acquire reads inside MustWait: a publish, or a close, seen here is final for this check.
            if (TSide.MustWait(ref ring))
                Monitor.Wait(gate.Lock, ParkMilliseconds(deadline));
        }
        EndPark(ref gate.Sleepers);
    }

    /// <summary>The Stopwatch timestamp at which a wait of <paramref name="timeoutNs"/> ends (negative: never).</summary>
    public static long Deadline(long timeoutNs)
    {
        if (timeoutNs < 0)
            return long.MaxValue;
        double ticks = timeoutNs * (Stopwatch.Frequency / 1e9);
        long now = Stopwatch.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    /// <summary>Whether the wait ending at <paramref name="deadline"/> is over.</summary>
    public static bool Expired(long deadline) => deadline != long.MaxValue && Stopwatch.GetTimestamp() >= deadline;

    /// <summary>
    /// One step of waiting for the strategy; <paramref name="step"/> counts the steps taken. Returns true when the
    /// caller should park now (SpinThenPark past its spin and yield phases, and at least a millisecond left).
    /// </summary>
    public static bool Pause(WaitStrategy strategy, ref int step, long deadline)
    {
        step++;
        if (strategy == WaitStrategy.BusySpin || step <= SpinSteps)
        {
            Thread.SpinWait(SpinIterations);
            return false;
        }
        if (strategy == WaitStrategy.SpinThenYield || step <= SpinSteps + YieldSteps || ParkMilliseconds(deadline) == 0)
        {
            // A park sleeps at least a millisecond: with less left, keep yielding so the timeout is not overshot.
            Thread.Yield();
            return false;
        }
        return true;
    }

    /// <summary>Milliseconds a park may sleep before <paramref name="deadline"/>: Timeout.Infinite for none, 0 when under a millisecond is left.</summary>
    public static int ParkMilliseconds(long deadline)
    {
        if (deadline == long.MaxValue)
            return Timeout.Infinite;
        long left = deadline - Stopwatch.GetTimestamp();
        return left <= 0 ? 0 : (int)Math.Min(int.MaxValue, left * 1000 / Stopwatch.Frequency);
    }

    /// <summary>Announces a sleeper (see the remarks): call before the last check of the condition, under no lock.</summary>
    public static void BeginPark(ref int sleepers)
    {
        Interlocked.Increment(ref sleepers);
        // The other side reads sleepers with a plain load after its publishing store; this barrier orders that pair.
        Interlocked.MemoryBarrierProcessWide();
    }

    /// <summary>Withdraws a sleeper announced by <see cref="BeginPark"/>.</summary>
    public static void EndPark(ref int sleepers) => Interlocked.Decrement(ref sleepers);

    /// <summary>Wakes every thread parked on <paramref name="gate"/>.</summary>
    public static void Wake(object gate)
    {
        lock (gate)
            Monitor.PulseAll(gate);
    }
}
