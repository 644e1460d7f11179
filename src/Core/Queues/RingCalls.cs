using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VeloZ.Queues;

/// <summary>
/// The bodies of the public queue classes, written once for both rings: <see cref="SpscQueue{T}"/> and
/// <see cref="MpmcQueue{T}"/> take values of <c>T</c>, <see cref="SpscRecordQueue"/> and <see cref="MpmcRecordQueue"/>
/// take caller memory; each class is a thin shell that names its ring and documents its thread rules. Generic over the
/// ring (a struct), so every call compiles to the ring's own code, inlined.
/// </summary>
internal static unsafe class RingCalls
{
    // ---- values of T (SpscQueue<T>, MpmcQueue<T>) -----------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPush<TRing, T>(ref TRing ring, in T item) where TRing : struct, IQueueRing where T : unmanaged =>
        QueueWait.Try<TRing, PushSide>(ref ring, ref Bytes(in item)) == QueueResult.Ok;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPop<TRing, T>(ref TRing ring, out T item) where TRing : struct, IQueueRing where T : unmanaged
    {
        Unsafe.SkipInit(out item);
        return Delivered(QueueWait.Try<TRing, PopSide>(ref ring, ref Unsafe.As<T, byte>(ref item)), ref item) == QueueResult.Ok;
    }

    public static bool TryPeek<T>(ref SpscRing<TypedRecord<T>> ring, out T item) where T : unmanaged
    {
        Unsafe.SkipInit(out item);
        return Delivered(ring.TryPeek(ref Unsafe.As<T, byte>(ref item)), ref item) == QueueResult.Ok;
    }

    public static int PushBatch<TRing, T>(ref TRing ring, ReadOnlySpan<T> items) where TRing : struct, IQueueRing where T : unmanaged =>
        Math.Max(0, ring.PushBatch(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(items)), items.Length));

    public static int PopBatch<TRing, T>(ref TRing ring, Span<T> destination) where TRing : struct, IQueueRing where T : unmanaged =>
        Math.Max(0, ring.PopBatch(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(destination)), destination.Length));

    public static QueueResult PushWait<TRing, T>(ref TRing ring, in T item, long timeoutNs) where TRing : struct, IQueueRing where T : unmanaged =>
        QueueWait.Wait<TRing, PushSide>(ref ring, ref Bytes(in item), timeoutNs);

    public static QueueResult PopWait<TRing, T>(ref TRing ring, out T item, long timeoutNs) where TRing : struct, IQueueRing where T : unmanaged
    {
        Unsafe.SkipInit(out item);
        return Delivered(QueueWait.Wait<TRing, PopSide>(ref ring, ref Unsafe.As<T, byte>(ref item), timeoutNs), ref item);
    }

    private static ref byte Bytes<T>(in T item) where T : unmanaged => ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in item));

    // A pop or peek leaves the value it copied, or default when it copied none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static QueueResult Delivered<T>(QueueResult result, ref T item) where T : unmanaged
    {
        if (result != QueueResult.Ok)
            item = default;
        return result;
    }

    // ---- records in caller memory (SpscRecordQueue, MpmcRecordQueue) ----------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static QueueResult TryPush<TRing>(ref TRing ring, void* record) where TRing : struct, IQueueRing =>
        QueueWait.Try<TRing, PushSide>(ref ring, ref *(byte*)record);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static QueueResult TryPop<TRing>(ref TRing ring, void* record) where TRing : struct, IQueueRing =>
        QueueWait.Try<TRing, PopSide>(ref ring, ref *(byte*)record);

    public static QueueResult PushWait<TRing>(ref TRing ring, void* record, long timeoutNs) where TRing : struct, IQueueRing =>
        QueueWait.Wait<TRing, PushSide>(ref ring, ref *(byte*)record, timeoutNs);

    public static QueueResult PopWait<TRing>(ref TRing ring, void* record, long timeoutNs) where TRing : struct, IQueueRing =>
        QueueWait.Wait<TRing, PopSide>(ref ring, ref *(byte*)record, timeoutNs);

    /// <summary>The record queues' PushBatch: Ok (something pushed, or count 0), Full (nothing fit) or Closed.</summary>
    public static QueueResult PushBatch<TRing>(ref TRing ring, void* records, int count, out int pushed) where TRing : struct, IQueueRing
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int n = ring.PushBatch(ref *(byte*)records, count);
        pushed = Math.Max(0, n);
        return n < 0 ? QueueResult.Closed : n == 0 && count > 0 ? QueueResult.Full : QueueResult.Ok;
    }

    /// <summary>The record queues' PopBatch: Ok (something popped, or capacity 0), Empty, or Closed (closed and drained).</summary>
    public static QueueResult PopBatch<TRing>(ref TRing ring, void* records, int capacity, out int popped) where TRing : struct, IQueueRing
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        int n = ring.PopBatch(ref *(byte*)records, capacity);
        popped = Math.Max(0, n);
        return n < 0 ? QueueResult.Closed : n == 0 && capacity > 0 ? QueueResult.Empty : QueueResult.Ok;
    }

    public static QueueResult TryPush<TRing>(ref TRing ring, ReadOnlySpan<byte> record) where TRing : struct, IQueueRing =>
        QueueWait.Try<TRing, PushSide>(ref ring, ref One(ring.RecordSize, record));

    public static QueueResult TryPop<TRing>(ref TRing ring, Span<byte> record) where TRing : struct, IQueueRing =>
        QueueWait.Try<TRing, PopSide>(ref ring, ref One(ring.RecordSize, record));

    public static QueueResult PushBatch<TRing>(ref TRing ring, ReadOnlySpan<byte> records, out int pushed) where TRing : struct, IQueueRing
    {
        int count = Many(ring.RecordSize, records.Length);
        fixed (byte* p = records)
            return PushBatch(ref ring, p, count, out pushed);
    }

    public static QueueResult PopBatch<TRing>(ref TRing ring, Span<byte> records, out int popped) where TRing : struct, IQueueRing
    {
        int count = Many(ring.RecordSize, records.Length);
        fixed (byte* p = records)
            return PopBatch(ref ring, p, count, out popped);
    }

    private static ref byte One(int recordSize, ReadOnlySpan<byte> record)
    {
        if (record.Length != recordSize)
            throw new ArgumentException($"a record is {recordSize} bytes, got a span of {record.Length}", nameof(record));
        return ref MemoryMarshal.GetReference(record);
    }

    private static int Many(int recordSize, int bytes)
    {
        if (bytes % recordSize != 0)
            throw new ArgumentException($"records are {recordSize} bytes each, got a span of {bytes} bytes", "records");
        return bytes / recordSize;
    }
}
