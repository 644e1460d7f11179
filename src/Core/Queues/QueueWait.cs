using System;
using System.Diagnostics;
using System.Threading;

namespace VeloZ.Queues;

/// <summary>
/// The waiting of <c>PushWait</c> / <c>PopWait</c>, shared by the rings: deadlines, the spin / yield / park steps
/// of each <see cref="WaitStrategy"/>, and the parking protocol.
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
