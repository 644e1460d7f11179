using System;
using System.Runtime.InteropServices;
using VeloZ.Queues;

namespace VeloZ.Interop;

// The C face of VeloZ.Queues.SpscRecordQueue. Records cross as caller memory of record_size bytes each, copied in
// and out. A queue is driven by two threads, so no export binds it to an owner (Export.Object, never Export.Owned):
// the contracts say which side may call what, and nothing checks them.

/// <summary>Exports of the single-producer single-consumer queue.</summary>
public static unsafe class SpscExports
{
    /// <summary>
    /// Creates a single-producer single-consumer queue. <paramref name="config"/> may be NULL for all defaults (1,024
    /// records of 64 bytes, VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK); in a config a zero field means its default, and a
    /// struct_size smaller than this library's reads only the fields that fit. On success stores the handle in
    /// <paramref name="out"/>; on failure stores NULL there. Returns VELOZ_E_INVALID_ARGUMENT for a NULL out, a
    /// struct_size of 0 or above 4096, or a field out of its documented range (the message names it, e.g.
    /// config->record_size), and VELOZ_E_OUT_OF_MEMORY if the ring cannot be allocated.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_spsc_create([Const] VelozSpscConfig* config, SpscHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            VelozSpscConfig c = Export.ConfigIn(config);
            // Core's defaults and Core's checks: a zero field keeps the queue's default.
            var queue = new SpscRecordQueue(
                c.RecordSize != 0 ? c.RecordSize : QueueLimits.DefaultRecordSize,
                c.Capacity != 0 ? c.Capacity : QueueLimits.DefaultCapacity,
                Export.ByteEnum<WaitStrategy>(c.WaitStrategy, "config->wait_strategy"));
            *@out = Export.Register<SpscHandle>(queue, HandleTag.Spsc);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Destroys a queue: closes it first, so threads blocked in veloz_spsc_push_wait / veloz_spsc_pop_wait wake with
    /// VELOZ_E_STATE; calls already running finish safely, later calls get VELOZ_E_INVALID_HANDLE. Records still in
    /// the queue are dropped. NULL, or a handle already destroyed, is a no-op.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_spsc_destroy(SpscHandle* queue)
    {
        try
        {
            Export.Destroy<SpscRecordQueue>(queue, HandleTag.Spsc)?.Close();
        }
        catch
        {
            // Nothing to report through a void function; Close does not throw in practice.
        }
    }

    /// <summary>
    /// Pushes one record: copies record_size bytes from <paramref name="record"/> into the queue. Never blocks, never
    /// allocates. VELOZ_E_FULL when there is no free slot and VELOZ_E_STATE when the queue is closed (nothing is
    /// copied; the message is formatted only if asked for); VELOZ_E_INVALID_ARGUMENT for a NULL record.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_push))]
    [ThreadContract("producer thread only (one producer at a time)")]
    public static Status veloz_spsc_push(SpscHandle* queue, [Const] void* record)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            return QueueOutcome.ToStatus(target.TryPush(Export.Bytes(record)), target.Capacity);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Pops the oldest record: copies record_size bytes into <paramref name="record"/>. Never blocks, never allocates.
    /// VELOZ_E_EMPTY when there is no record; VELOZ_E_STATE once the queue is closed and every record pushed before
    /// the close has been popped (nothing is copied); VELOZ_E_INVALID_ARGUMENT for a NULL record.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_pop))]
    [ThreadContract("consumer thread only (one consumer at a time)")]
    public static Status veloz_spsc_pop(SpscHandle* queue, void* record)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            return QueueOutcome.ToStatus(target.TryPop(Export.Bytes(record)), target.Capacity);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Copies the oldest record (record_size bytes) into <paramref name="record"/> without popping it. VELOZ_E_EMPTY,
    /// VELOZ_E_STATE and VELOZ_E_INVALID_ARGUMENT as veloz_spsc_pop.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_peek))]
    [ThreadContract("consumer thread only (one consumer at a time)")]
    public static Status veloz_spsc_peek(SpscHandle* queue, void* record)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            return QueueOutcome.ToStatus(target.TryPeek(Export.Bytes(record)), target.Capacity);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Pushes as many of the <paramref name="count"/> records at <paramref name="records"/> (record_size bytes each,
    /// consecutive) as fit, oldest first, publishing them to the consumer at once; stores how many in
    /// <paramref name="pushed"/> (a count above the capacity pushes at most the capacity). VELOZ_OK when at least one
    /// was pushed (or count is 0); VELOZ_E_FULL when none fit; VELOZ_E_STATE when the queue is closed (none pushed);
    /// VELOZ_E_INVALID_ARGUMENT for a negative count, NULL records with count above 0, or a NULL pushed.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_push_batch))]
    [ThreadContract("producer thread only (one producer at a time)")]
    public static Status veloz_spsc_push_batch(SpscHandle* queue, [Const] void* records, int count, int* pushed)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            ref int pushedOut = ref Export.Out(pushed);
            QueueResult result = target.PushBatch(Export.Records(records, count), count, out pushedOut);
            return QueueOutcome.ToStatus(result, target.Capacity);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Pops up to <paramref name="capacity"/> records, oldest first, into <paramref name="records"/> (record_size
    /// bytes each), freeing their slots for the producer at once; stores how many in <paramref name="popped"/>.
    /// VELOZ_OK when at least one was popped (or capacity is 0); VELOZ_E_EMPTY when there was none; VELOZ_E_STATE
    /// once the queue is closed and drained; VELOZ_E_INVALID_ARGUMENT for a negative capacity, NULL records with
    /// capacity above 0, or a NULL popped.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_pop_batch))]
    [ThreadContract("consumer thread only (one consumer at a time)")]
    public static Status veloz_spsc_pop_batch(SpscHandle* queue, void* records, int capacity, int* popped)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            ref int poppedOut = ref Export.Out(popped);
            QueueResult result = target.PopBatch(Export.Records(records, capacity), capacity, out poppedOut);
            return QueueOutcome.ToStatus(result, target.Capacity);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Pushes one record (record_size bytes from <paramref name="record"/>), waiting up to
    /// <paramref name="timeout_ns"/> nanoseconds for a free slot: 0 tries once, a negative value waits without limit.
    /// The wait follows the queue's wait strategy (VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK sleeps after a short spin, so a
    /// blocked producer costs no CPU). VELOZ_E_FULL when the timeout passed; VELOZ_E_STATE when the queue is (or
    /// becomes, waking the waiter) closed or destroyed; VELOZ_E_INVALID_ARGUMENT for a NULL record.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_push_wait))]
    [ThreadContract("producer thread only (one producer at a time); blocks up to timeout_ns")]
    public static Status veloz_spsc_push_wait(SpscHandle* queue, [Const] void* record, long timeout_ns)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            return QueueOutcome.ToStatus(target.PushWait(Export.Bytes(record), timeout_ns), target.Capacity, timeout_ns);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Pops the oldest record into <paramref name="record"/> (record_size bytes), waiting up to
    /// <paramref name="timeout_ns"/> nanoseconds for one: 0 tries once, a negative value waits without limit. The wait
    /// follows the queue's wait strategy. VELOZ_E_EMPTY when the timeout passed; VELOZ_E_STATE once the queue is closed
    /// and drained (a waiter wakes at the close) or destroyed; VELOZ_E_INVALID_ARGUMENT for a NULL record.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_pop_wait))]
    [ThreadContract("consumer thread only (one consumer at a time); blocks up to timeout_ns")]
    public static Status veloz_spsc_pop_wait(SpscHandle* queue, void* record, long timeout_ns)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            return QueueOutcome.ToStatus(target.PopWait(Export.Bytes(record), timeout_ns), target.Capacity, timeout_ns);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then VELOZ_E_STATE;
    /// every thread blocked in a wait wakes. Returns once a push running concurrently has landed (so the consumer
    /// sees it before VELOZ_E_STATE). Closing a closed queue is a no-op. The handle stays valid until destroyed.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_close))]
    [ThreadContract("thread-safe")]
    public static Status veloz_spsc_close(SpscHandle* queue)
    {
        try
        {
            Queue(queue).Close();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Stores the number of records in the queue in <paramref name="out_size"/>: exact when called by the producer or
    /// the consumer while the other side is idle, otherwise an estimate. VELOZ_E_INVALID_ARGUMENT for a NULL out_size.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_size))]
    [ThreadContract("thread-safe")]
    public static Status veloz_spsc_size(SpscHandle* queue, long* out_size)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            Export.Out(out_size) = target.Count;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the queue's capacity, record size, closed flag, size and counters (pushes,
    /// pops, failed pushes and pops, high-water mark). The caller sets out->struct_size; the library writes
    /// min(struct_size, sizeof(veloz_queue_stats)) bytes and leaves struct_size as it was. Never slows the producer
    /// or the consumer down (it only reads their counters).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_spsc_get_stats))]
    [ThreadContract("thread-safe")]
    public static Status veloz_spsc_get_stats(SpscHandle* queue, VelozQueueStats* @out)
    {
        try
        {
            SpscRecordQueue target = Queue(queue);
            Export.StructOut(@out, QueueStats.From(target.Statistics));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static SpscRecordQueue Queue(SpscHandle* queue) => Export.Object<SpscRecordQueue>(queue, HandleTag.Spsc, "queue");
}
