namespace VeloZ.Queues;

/// <summary>
/// How a blocking call (<c>PushWait</c>, <c>PopWait</c>) of a queue waits while the queue is full or empty; chosen
/// when the queue is created. The non-blocking calls never wait, whatever the strategy.
/// </summary>
public enum WaitStrategy : byte
{
    /// <summary>
    /// The default: spin briefly, then yield the CPU, then sleep until the other side wakes the waiter (or the
    /// timeout passes). An idle waiter costs no CPU; waking it costs the other side a lock and a few microseconds,
    /// paid only while somebody sleeps.
    /// </summary>
    SpinThenPark = 0,

    /// <summary>Spin briefly, then yield the CPU between checks (<c>sched_yield</c>): low latency, a busy core when idle.</summary>
    SpinThenYield = 1,

    /// <summary>Spin on the queue without ever giving the CPU up: the lowest latency, one full core per waiter.</summary>
    BusySpin = 2,
}
