using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Queues;

/// <summary>
/// <see cref="SpscQueue{T}"/> for records whose size is chosen at creation (8 B .. 1 KiB), copied in and out of
/// caller memory: the queue behind the C ABI's <c>veloz_spsc</c>, so a C++ thread can hand 64-byte events to a C# or
/// Python consumer. The same ring as <see cref="SpscQueue{T}"/> (one implementation, compiled for this record shape).
/// </summary>
/// <remarks>
/// Threads as <see cref="SpscQueue{T}"/>: push members on one producer thread at a time, pop and peek members on
/// one consumer thread at a time, <see cref="Close"/> and the properties from any thread.
/// The pointer overloads read or write <see cref="RecordSize"/> bytes per record at the pointer; the caller
/// guarantees the memory is there (nothing can check a pointer's extent).
/// </remarks>
public sealed unsafe class SpscRecordQueue
{
    private SpscRing<ByteRecord> _ring;

    /// <summary>
    /// A queue of at least <paramref name="capacity"/> records of <paramref name="recordSize"/> bytes (8..1024;
    /// capacity 1..2^26, rounded up to a power of two, the ring at most 1 GiB) that waits with
    /// <paramref name="waitStrategy"/>.
    /// </summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public SpscRecordQueue(int recordSize, int capacity = QueueLimits.DefaultCapacity, WaitStrategy waitStrategy = WaitStrategy.SpinThenPark)
    {
        QueueStorage.ValidateRecordSize("SpscRecordQueue", recordSize);
        int rounded = QueueStorage.Validate("SpscRecordQueue", capacity, recordSize, recordSize, waitStrategy, minCapacity: 1);
        _ring = new SpscRing<ByteRecord>(new ByteRecord(recordSize), rounded, waitStrategy);
    }

    /// <summary>Bytes per record.</summary>
    public int RecordSize => _ring.RecordSize;

    /// <summary>Records the queue holds (a power of two).</summary>
    public int Capacity => _ring.Capacity;

    /// <summary>How the blocking calls wait.</summary>
    public WaitStrategy WaitStrategy => _ring.WaitStrategy;

    /// <summary>Records in the queue (an estimate while other threads push or pop).</summary>
    public long Count => _ring.Count;

    /// <summary>Whether the queue holds no record (an estimate, as <see cref="Count"/>).</summary>
    public bool IsEmpty => _ring.Count == 0;

    /// <summary>Whether the queue is full (an estimate, as <see cref="Count"/>).</summary>
    public bool IsFull => _ring.Count == _ring.Capacity;

    /// <summary>Whether <see cref="Close"/> has been called.</summary>
    public bool IsClosed => _ring.IsClosed;

    /// <summary>The counters; see <see cref="QueueStatistics"/>.</summary>
    public QueueStatistics Statistics => _ring.Statistics;

    /// <summary>Pushes the <see cref="RecordSize"/> bytes at <paramref name="record"/>: Ok, Full or Closed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueResult TryPush(void* record) => RingCalls.TryPush(ref _ring, record);

    /// <summary>Pops the oldest record into the <see cref="RecordSize"/> bytes at <paramref name="record"/>: Ok, Empty, or Closed once closed and drained.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QueueResult TryPop(void* record) => RingCalls.TryPop(ref _ring, record);

    /// <summary>Copies the oldest record to <paramref name="record"/> without popping it: Ok, Empty or Closed.</summary>
    public QueueResult TryPeek(void* record) => _ring.TryPeek(ref *(byte*)record);

    /// <summary>
    /// Pushes the first of the <paramref name="count"/> records at <paramref name="records"/> that fit (RecordSize
    /// bytes each, consecutive), publishing once; <paramref name="pushed"/> says how many. Ok (something pushed, or
    /// count 0), Full (nothing fit) or Closed (nothing pushed).
    /// </summary>
    public QueueResult PushBatch(void* records, int count, out int pushed) => RingCalls.PushBatch(ref _ring, records, count, out pushed);

    /// <summary>
    /// Pops up to <paramref name="capacity"/> records, oldest first, into <paramref name="records"/> (RecordSize bytes
    /// each), publishing once; <paramref name="popped"/> says how many. Ok (something popped, or capacity 0), Empty,
    /// or Closed (closed and drained).
    /// </summary>
    public QueueResult PopBatch(void* records, int capacity, out int popped) => RingCalls.PopBatch(ref _ring, records, capacity, out popped);

    /// <summary>
    /// Pushes the record at <paramref name="record"/>, waiting up to <paramref name="timeoutNs"/> nanoseconds for room
    /// (0: try once; negative: no limit): Ok, Full (timed out) or Closed.
    /// </summary>
    public QueueResult PushWait(void* record, long timeoutNs) => RingCalls.PushWait(ref _ring, record, timeoutNs);

    /// <summary>
    /// Pops into <paramref name="record"/>, waiting up to <paramref name="timeoutNs"/> nanoseconds for a record
    /// (0: try once; negative: no limit): Ok, Empty (timed out) or Closed (closed and drained).
    /// </summary>
    public QueueResult PopWait(void* record, long timeoutNs) => RingCalls.PopWait(ref _ring, record, timeoutNs);

    /// <summary>Pushes <paramref name="record"/>, exactly <see cref="RecordSize"/> bytes: Ok, Full or Closed.</summary>
    /// <exception cref="ArgumentException">The span is not RecordSize bytes long.</exception>
    public QueueResult TryPush(ReadOnlySpan<byte> record) => RingCalls.TryPush(ref _ring, record);

    /// <summary>Pops into <paramref name="record"/>, exactly <see cref="RecordSize"/> bytes: Ok, Empty or Closed.</summary>
    /// <exception cref="ArgumentException">The span is not RecordSize bytes long.</exception>
    public QueueResult TryPop(Span<byte> record) => RingCalls.TryPop(ref _ring, record);

    /// <summary>Pushes the records of <paramref name="records"/> (a multiple of RecordSize bytes) that fit, as the pointer overload.</summary>
    /// <exception cref="ArgumentException">The span's length is not a multiple of RecordSize.</exception>
    public QueueResult PushBatch(ReadOnlySpan<byte> records, out int pushed) => RingCalls.PushBatch(ref _ring, records, out pushed);

    /// <summary>Pops up to records.Length / RecordSize records into <paramref name="records"/>, as the pointer overload.</summary>
    /// <exception cref="ArgumentException">The span's length is not a multiple of RecordSize.</exception>
    public QueueResult PopBatch(Span<byte> records, out int popped) => RingCalls.PopBatch(ref _ring, records, out popped);

    /// <summary>
    /// Closes the queue. Later pushes get Closed; pops drain the records left, then get Closed; every waiter wakes.
    /// Returns once a push racing with it has landed. Idempotent.
    /// </summary>
    public void Close() => _ring.Close();
}
