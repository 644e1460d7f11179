using System.Runtime.CompilerServices;
using System.Threading;

namespace VeloZ.Queues;

/// <summary>Where the waiters of one side of a ring sleep (<see cref="QueueWait"/>'s parking protocol).</summary>
internal struct QueueGate
{
    /// <summary>Threads parked here; read by the other side after every publish.</summary>
    public int Sleepers;

    /// <summary>The lock the sleepers wait on and the waker pulses.</summary>
    public readonly object Lock;

    public QueueGate() => Lock = new object();

    /// <summary>Wakes the sleepers, if any: a plain read of a count that changes only when somebody parks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WakeIfParked()
    {
        if (Volatile.Read(ref Unsafe.AsRef(in Sleepers)) != 0)
            QueueWait.Wake(Lock);
    }
}

/// <summary>The two gates of a ring: producers wait on <see cref="Push"/> for room, consumers on <see cref="Pop"/> for a record.</summary>
internal struct QueueWaiters
{
    public QueueGate Push;
    public QueueGate Pop;

    public QueueWaiters()
    {
        Push = new QueueGate();
        Pop = new QueueGate();
    }

    /// <summary>Wakes every thread parked on either gate (a close).</summary>
    public readonly void WakeAll()
    {
        QueueWait.Wake(Push.Lock);
        QueueWait.Wake(Pop.Lock);
    }
}
