using System;
using System.Threading;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The queues through the published libveloz.so, as a C caller sees them: configs and their defaults, records of
/// record_size bytes copied in and out, batches, close, stats, a producer and a consumer thread, and hostile input
/// (NULL, destroyed and foreign handles, NULL buffers, negative counts, batches beyond the capacity, a closed queue,
/// bad configs whose message names the config field). Every family test runs for veloz_spsc_* and veloz_mpmc_*.
/// </summary>
[TestFixture]
public unsafe class QueueAbiTests
{
    private static readonly string[] s_families = { "spsc", "mpmc" };

    private static nint Create(LibVelozQueue q, int capacity, int recordSize, int waitStrategy = 0)
    {
        var config = new QueueConfig { StructSize = (uint)sizeof(QueueConfig), Capacity = capacity, RecordSize = recordSize, WaitStrategy = waitStrategy };
        nint queue = 0;
        AbiAssert.Ok(q.Create(&config, &queue), q.Name("create"));
        Assert.That(queue, Is.Not.EqualTo((nint)0));
        return queue;
    }

    private static QueueStats Stats(LibVelozQueue q, nint queue)
    {
        var stats = new QueueStats { StructSize = (uint)sizeof(QueueStats) };
        AbiAssert.Ok(q.GetStats(queue, &stats), q.Name("get_stats"));
        return stats;
    }

    private static void Fill(byte* record, int size, int value)
    {
        for (int i = 0; i < size; i++)
            record[i] = (byte)(value + i);
    }

    private static bool Holds(byte* record, int size, int value)
    {
        for (int i = 0; i < size; i++)
            if (record[i] != (byte)(value + i))
                return false;
        return true;
    }

    [TestCaseSource(nameof(s_families))]
    public void A_null_config_gives_the_defaults(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = 0;
        AbiAssert.Ok(q.Create(null, &queue), q.Name("create"));
        try
        {
            QueueStats stats = Stats(q, queue);
            Assert.That((stats.Capacity, stats.RecordSize, stats.Closed, stats.Size), Is.EqualTo((1024, 64, 0, 0L)));
            Assert.That(stats.StructSize, Is.EqualTo((uint)sizeof(QueueStats)), "struct_size is left as the caller set it");
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Records_of_record_size_bytes_go_through_in_order(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = Create(q, 8, 40);
        try
        {
            byte* record = stackalloc byte[40];
            for (int v = 0; v < 8; v++)
            {
                Fill(record, 40, v);
                AbiAssert.Ok(q.Push(queue, record), q.Name("push"));
            }
            AbiAssert.Status(q.Push(queue, record), VelozStatus.Full, q.Name("push"));
            long size;
            AbiAssert.Ok(q.Size(queue, &size), q.Name("size"));
            Assert.That(size, Is.EqualTo(8));
            for (int v = 0; v < 8; v++)
            {
                AbiAssert.Ok(q.Pop(queue, record), q.Name("pop"));
                Assert.That(Holds(record, 40, v), Is.True, $"record {v}");
            }
            AbiAssert.Status(q.Pop(queue, record), VelozStatus.Empty, q.Name("pop"));
            Assert.That(LibVeloz.LastError(), Does.Contain("empty"));
            QueueStats stats = Stats(q, queue);
            Assert.That((stats.Pushes, stats.Pops, stats.FailedPushes, stats.FailedPops, stats.HighWaterMark), Is.EqualTo((8L, 8L, 1L, 1L, 8L)));
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Batches_move_what_fits_and_a_batch_beyond_the_capacity_is_not_an_error(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = Create(q, 4, 16);
        try
        {
            byte* records = stackalloc byte[16 * 10];
            for (int i = 0; i < 10; i++)
                Fill(records + 16 * i, 16, i);
            int pushed = -1, popped = -1;
            AbiAssert.Ok(q.PushBatch(queue, records, 10, &pushed), q.Name("push_batch"));
            Assert.That(pushed, Is.EqualTo(4));
            AbiAssert.Status(q.PushBatch(queue, records, 10, &pushed), VelozStatus.Full, q.Name("push_batch"));
            Assert.That(pushed, Is.Zero);
            AbiAssert.Ok(q.PushBatch(queue, null, 0, &pushed), q.Name("push_batch"));
            Assert.That(pushed, Is.Zero);
            byte* output = stackalloc byte[16 * 10];
            AbiAssert.Ok(q.PopBatch(queue, output, 10, &popped), q.Name("pop_batch"));
            Assert.That(popped, Is.EqualTo(4));
            for (int i = 0; i < 4; i++)
                Assert.That(Holds(output + 16 * i, 16, i), Is.True, $"record {i}");
            AbiAssert.Status(q.PopBatch(queue, output, 10, &popped), VelozStatus.Empty, q.Name("pop_batch"));
            Assert.That(popped, Is.Zero);
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void A_closed_queue_refuses_pushes_and_drains_then_reports_state(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = Create(q, 4, 8);
        try
        {
            long value = 7;
            int n;
            AbiAssert.Ok(q.Push(queue, &value), q.Name("push"));
            AbiAssert.Ok(q.Close(queue), q.Name("close"));
            AbiAssert.Ok(q.Close(queue), q.Name("close"));
            AbiAssert.Status(q.Push(queue, &value), VelozStatus.State, q.Name("push"));
            Assert.That(LibVeloz.LastError(), Does.Contain("closed"));
            AbiAssert.Status(q.PushBatch(queue, &value, 1, &n), VelozStatus.State, q.Name("push_batch"));
            AbiAssert.Status(q.PushWait(queue, &value, 1_000_000), VelozStatus.State, q.Name("push_wait"));
            value = 0;
            AbiAssert.Ok(q.PopWait(queue, &value, -1), q.Name("pop_wait"));
            Assert.That(value, Is.EqualTo(7));
            AbiAssert.Status(q.Pop(queue, &value), VelozStatus.State, q.Name("pop"));
            AbiAssert.Status(q.PopBatch(queue, &value, 1, &n), VelozStatus.State, q.Name("pop_batch"));
            AbiAssert.Status(q.PopWait(queue, &value, -1), VelozStatus.State, q.Name("pop_wait"));
            Assert.That(Stats(q, queue).Closed, Is.EqualTo(1));
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Waits_time_out_with_full_and_empty(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = Create(q, 2, 8);
        try
        {
            long value = 1;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            AbiAssert.Status(q.PopWait(queue, &value, 20_000_000), VelozStatus.Empty, q.Name("pop_wait"));
            Assert.That(watch.ElapsedMilliseconds, Is.InRange(15, 2000));
            Assert.That(LibVeloz.LastError(), Does.Contain("timeout_ns 20000000"));
            AbiAssert.Ok(q.PushWait(queue, &value, 0), q.Name("push_wait"));
            AbiAssert.Ok(q.PushWait(queue, &value, 0), q.Name("push_wait"));
            AbiAssert.Status(q.PushWait(queue, &value, 0), VelozStatus.Full, q.Name("push_wait"));
            watch.Restart();
            AbiAssert.Status(q.PushWait(queue, &value, 20_000_000), VelozStatus.Full, q.Name("push_wait"));
            Assert.That(watch.ElapsedMilliseconds, Is.InRange(15, 2000));
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void A_producer_thread_and_a_consumer_thread_move_a_sequence_through_the_library(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        const long total = 300_000;
        nint queue = Create(q, 64, 64);
        try
        {
            long errors = 0, received = 0;
            var consumer = new Thread(() =>
            {
                long* record = stackalloc long[8];
                long expected = 0;
                while (q.PopWait(queue, record, -1) == VelozStatus.Ok)
                {
                    if (record[0] != expected || record[7] != -expected)
                        errors++;
                    expected++;
                }
                received = expected;
            });
            consumer.Start();
            long* record = stackalloc long[8];
            for (long i = 0; i < total; i++)
            {
                record[0] = i;
                record[7] = -i;
                AbiAssert.Ok(q.PushWait(queue, record, -1), q.Name("push_wait"));
            }
            AbiAssert.Ok(q.Close(queue), q.Name("close"));
            Assert.That(consumer.Join(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That((received, errors), Is.EqualTo((total, 0L)));
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Destroy_wakes_a_waiting_consumer_with_state(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = Create(q, 4, 8);
        int status = 0;
        var consumer = new Thread(() =>
        {
            long value;
            status = q.PopWait(queue, &value, -1);
        });
        consumer.Start();
        Thread.Sleep(50);
        q.Destroy(queue);
        Assert.That(consumer.Join(TimeSpan.FromSeconds(5)), Is.True, "destroy did not wake the waiter");
        Assert.That(status, Is.EqualTo(VelozStatus.State));
    }

    // ---- hostile input ---------------------------------------------------------------------------

    [TestCaseSource(nameof(s_families))]
    public void Null_destroyed_and_foreign_handles_are_invalid_handles(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint dead = Create(q, 4, 8);
        q.Destroy(dead);
        q.Destroy(dead);
        q.Destroy(0);
        LibVelozQueue other = q == LibVelozQueue.Spsc ? LibVelozQueue.Mpmc : LibVelozQueue.Spsc;
        nint foreign = Create(other, 4, 8);
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(null, &histogram), "veloz_histogram_create");
        try
        {
            long value = 1;
            int n;
            long size;
            var stats = new QueueStats { StructSize = (uint)sizeof(QueueStats) };
            foreach (nint handle in new[] { 0, dead, foreign, histogram, unchecked((nint)0x7F00_0000_1234_5678) })
            {
                AbiAssert.Status(q.Push(handle, &value), VelozStatus.InvalidHandle, q.Name("push"));
                AbiAssert.Status(q.Pop(handle, &value), VelozStatus.InvalidHandle, q.Name("pop"));
                AbiAssert.Status(q.PushBatch(handle, &value, 1, &n), VelozStatus.InvalidHandle, q.Name("push_batch"));
                AbiAssert.Status(q.PopBatch(handle, &value, 1, &n), VelozStatus.InvalidHandle, q.Name("pop_batch"));
                AbiAssert.Status(q.PushWait(handle, &value, -1), VelozStatus.InvalidHandle, q.Name("push_wait"));
                AbiAssert.Status(q.PopWait(handle, &value, -1), VelozStatus.InvalidHandle, q.Name("pop_wait"));
                AbiAssert.Status(q.Close(handle), VelozStatus.InvalidHandle, q.Name("close"));
                AbiAssert.Status(q.Size(handle, &size), VelozStatus.InvalidHandle, q.Name("size"));
                AbiAssert.Status(q.GetStats(handle, &stats), VelozStatus.InvalidHandle, q.Name("get_stats"));
            }
            Assert.That(LibVeloz.LastError(), Does.Contain("is not a live"));
            q.Destroy(foreign);
            q.Destroy(histogram);
            Assert.That(Stats(other, foreign).Closed, Is.Zero, "destroying through the wrong family is a no-op");
            AbiAssert.Ok(other.Push(foreign, &value), other.Name("push"));
        }
        finally
        {
            other.Destroy(foreign);
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Null_buffers_and_negative_counts_are_invalid_arguments_and_change_nothing(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue = Create(q, 4, 8);
        try
        {
            long value = 5;
            int n = 77;
            AbiAssert.Ok(q.Push(queue, &value), q.Name("push"));
            AbiAssert.Status(q.Push(queue, null), VelozStatus.InvalidArgument, q.Name("push"));
            Assert.That(LibVeloz.LastError(), Does.Contain("record is NULL"));
            AbiAssert.Status(q.Pop(queue, null), VelozStatus.InvalidArgument, q.Name("pop"));
            AbiAssert.Status(q.PushWait(queue, null, 0), VelozStatus.InvalidArgument, q.Name("push_wait"));
            AbiAssert.Status(q.PopWait(queue, null, 0), VelozStatus.InvalidArgument, q.Name("pop_wait"));
            AbiAssert.Status(q.PushBatch(queue, null, 2, &n), VelozStatus.InvalidArgument, q.Name("push_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("records is NULL but count is 2"));
            AbiAssert.Status(q.PushBatch(queue, &value, -1, &n), VelozStatus.InvalidArgument, q.Name("push_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("count must be >= 0, got -1"));
            AbiAssert.Status(q.PushBatch(queue, &value, 1, null), VelozStatus.InvalidArgument, q.Name("push_batch"));
            AbiAssert.Status(q.PopBatch(queue, null, 3, &n), VelozStatus.InvalidArgument, q.Name("pop_batch"));
            AbiAssert.Status(q.PopBatch(queue, &value, -5, &n), VelozStatus.InvalidArgument, q.Name("pop_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("capacity must be >= 0, got -5"));
            AbiAssert.Status(q.PopBatch(queue, &value, 1, null), VelozStatus.InvalidArgument, q.Name("pop_batch"));
            AbiAssert.Status(q.Size(queue, null), VelozStatus.InvalidArgument, q.Name("size"));
            AbiAssert.Status(q.GetStats(queue, null), VelozStatus.InvalidArgument, q.Name("get_stats"));
            var zero = new QueueStats();
            AbiAssert.Status(q.GetStats(queue, &zero), VelozStatus.InvalidArgument, q.Name("get_stats"));
            Assert.That(LibVeloz.LastError(), Does.Contain("struct_size"));
            QueueStats stats = Stats(q, queue);
            Assert.That((stats.Size, stats.Pushes, stats.Pops), Is.EqualTo((1L, 1L, 0L)), "the failed calls changed nothing");
            value = 0;
            AbiAssert.Ok(q.Pop(queue, &value), q.Name("pop"));
            Assert.That(value, Is.EqualTo(5));
        }
        finally
        {
            q.Destroy(queue);
        }
    }

    private static System.Collections.Generic.IEnumerable<TestCaseData> BadConfigs()
    {
        foreach (string q in s_families)
        {
            yield return new TestCaseData(q, -5, 0, 0, "config->capacity must be 1..");
            yield return new TestCaseData(q, 1 << 27, 0, 0, "config->capacity must be 1..");
            yield return new TestCaseData(q, (1 << 20) + 1, 1024, 0, "config->capacity must be 1..");
            yield return new TestCaseData(q, 0, 4, 0, "config->record_size must be 8..1024");
            yield return new TestCaseData(q, 0, 1025, 0, "config->record_size must be 8..1024");
            yield return new TestCaseData(q, 0, -8, 0, "config->record_size must be 8..1024");
            yield return new TestCaseData(q, 0, 0, 3, "config->wait_strategy must be 0 (SPIN_THEN_PARK)");
            yield return new TestCaseData(q, 0, 0, -1, "config->wait_strategy must be");
        }
    }

    [TestCaseSource(nameof(BadConfigs))]
    public void A_bad_config_is_refused_naming_the_field(string family, int capacity, int recordSize, int waitStrategy, string message)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        var config = new QueueConfig { StructSize = (uint)sizeof(QueueConfig), Capacity = capacity, RecordSize = recordSize, WaitStrategy = waitStrategy };
        nint queue = 12345;
        AbiAssert.Status(q.Create(&config, &queue), VelozStatus.InvalidArgument, q.Name("create"));
        Assert.That(queue, Is.EqualTo((nint)0), "out is NULL after a failed create");
        Assert.That(LibVeloz.LastError(), Does.Contain(message));
    }

    [TestCaseSource(nameof(s_families))]
    public void Struct_size_rules_apply_to_the_config(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        nint queue;
        var config = new QueueConfig { StructSize = 0, Capacity = 4 };
        AbiAssert.Status(q.Create(&config, &queue), VelozStatus.InvalidArgument, q.Name("create"));
        Assert.That(LibVeloz.LastError(), Does.Contain("config->struct_size"));
        AbiAssert.Status(q.Create(&config, null), VelozStatus.InvalidArgument, q.Name("create"));
        // An older, smaller config: only capacity is read; record_size keeps its default.
        config = new QueueConfig { StructSize = 8, Capacity = 16, RecordSize = 3 };
        AbiAssert.Ok(q.Create(&config, &queue), q.Name("create"));
        QueueStats stats = Stats(q, queue);
        Assert.That((stats.Capacity, stats.RecordSize), Is.EqualTo((16, 64)));
        q.Destroy(queue);
    }

    [Test]
    public void Peek_copies_the_oldest_record_without_popping_it()
    {
        LibVelozQueue q = LibVelozQueue.Spsc;
        nint queue = Create(q, 4, 8);
        try
        {
            long value = 0;
            AbiAssert.Status(LibVelozQueue.SpscPeek(queue, &value), VelozStatus.Empty, "veloz_spsc_peek");
            long a = 11, b = 12;
            q.Push(queue, &a);
            q.Push(queue, &b);
            AbiAssert.Ok(LibVelozQueue.SpscPeek(queue, &value), "veloz_spsc_peek");
            Assert.That(value, Is.EqualTo(11));
            AbiAssert.Status(LibVelozQueue.SpscPeek(queue, null), VelozStatus.InvalidArgument, "veloz_spsc_peek");
            AbiAssert.Status(LibVelozQueue.SpscPeek(0, &value), VelozStatus.InvalidHandle, "veloz_spsc_peek");
            long size;
            q.Size(queue, &size);
            Assert.That(size, Is.EqualTo(2));
        }
        finally
        {
            q.Destroy(queue);
        }
    }
}
