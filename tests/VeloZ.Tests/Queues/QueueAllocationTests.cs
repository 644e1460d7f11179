using System;
using NUnit.Framework;
using VeloZ.Interop;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>
/// Zero GC allocation per push and pop in steady state, measured with GC.GetAllocatedBytesForCurrentThread over
/// loops that cross full and empty: typed queues, record queues, and the C exports called in-process through
/// unmanaged function pointers (the published library has its own GC, which this process cannot watch), where the
/// full and empty statuses record their message without formatting it.
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class QueueAllocationTests
{
    // Rounds before the measurement (warm-up: tiering, first thread-static touches) and measured rounds.
    private const int WarmUp = 200;
    private const int Rounds = 2200;

    [Test]
    public void Typed_queues_allocate_nothing()
    {
        var spsc = new SpscQueue<long>(8);
        var mpmc = new MpmcQueue<long>(8);
        long[] batch = new long[12];
        long allocated = 0;
        for (int round = 0; round < Rounds; round++)
        {
            if (round == WarmUp)
                allocated = GC.GetAllocatedBytesForCurrentThread();
            for (long v = 0; v < 10; v++) { spsc.TryPush(v); mpmc.TryPush(v); }
            for (int i = 0; i < 10; i++) { spsc.TryPop(out _); mpmc.TryPop(out _); }
            spsc.PushBatch(batch); mpmc.PushBatch(batch);
            spsc.TryPeek(out _);
            spsc.PopBatch(batch); mpmc.PopBatch(batch);
            spsc.PushWait(1, 0); spsc.PopWait(out _, 0); mpmc.PushWait(1, 0); mpmc.PopWait(out _, 0);
            _ = spsc.Statistics; _ = mpmc.Statistics;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Record_queues_allocate_nothing()
    {
        var spsc = new SpscRecordQueue(64, 8);
        var mpmc = new MpmcRecordQueue(64, 8);
        byte* records = stackalloc byte[64 * 12];
        long allocated = 0;
        for (int round = 0; round < Rounds; round++)
        {
            if (round == WarmUp)
                allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int v = 0; v < 10; v++) { spsc.TryPush(records); mpmc.TryPush(records); }
            for (int i = 0; i < 10; i++) { spsc.TryPop(records); mpmc.TryPop(records); }
            spsc.PushBatch(records, 12, out _); mpmc.PushBatch(records, 12, out _);
            spsc.PopBatch(records, 12, out _); mpmc.PopBatch(records, 12, out _);
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void The_exports_allocate_nothing_even_when_they_report_full_and_empty()
    {
        delegate* unmanaged<VelozSpscConfig*, SpscHandle**, Status> createSpsc = &SpscExports.veloz_spsc_create;
        delegate* unmanaged<SpscHandle*, void*, Status> pushSpsc = &SpscExports.veloz_spsc_push;
        delegate* unmanaged<SpscHandle*, void*, Status> popSpsc = &SpscExports.veloz_spsc_pop;
        delegate* unmanaged<SpscHandle*, void*, int, int*, Status> pushBatchSpsc = &SpscExports.veloz_spsc_push_batch;
        delegate* unmanaged<SpscHandle*, void*, int, int*, Status> popBatchSpsc = &SpscExports.veloz_spsc_pop_batch;
        delegate* unmanaged<SpscHandle*, void> destroySpsc = &SpscExports.veloz_spsc_destroy;
        delegate* unmanaged<VelozMpmcConfig*, MpmcHandle**, Status> createMpmc = &MpmcExports.veloz_mpmc_create;
        delegate* unmanaged<MpmcHandle*, void*, Status> pushMpmc = &MpmcExports.veloz_mpmc_push;
        delegate* unmanaged<MpmcHandle*, void*, Status> popMpmc = &MpmcExports.veloz_mpmc_pop;
        delegate* unmanaged<MpmcHandle*, void*, long, Status> popWaitMpmc = &MpmcExports.veloz_mpmc_pop_wait;
        delegate* unmanaged<MpmcHandle*, void> destroyMpmc = &MpmcExports.veloz_mpmc_destroy;
        var spscConfig = new VelozSpscConfig { StructSize = (uint)sizeof(VelozSpscConfig), Capacity = 4, RecordSize = 32 };
        var mpmcConfig = new VelozMpmcConfig { StructSize = (uint)sizeof(VelozMpmcConfig), Capacity = 4, RecordSize = 32 };
        SpscHandle* spsc;
        MpmcHandle* mpmc;
        Assert.That(createSpsc(&spscConfig, &spsc), Is.EqualTo(Status.Ok));
        Assert.That(createMpmc(&mpmcConfig, &mpmc), Is.EqualTo(Status.Ok));
        try
        {
            byte* records = stackalloc byte[32 * 8];
            int n;
            long allocated = 0;
            for (int round = 0; round < Rounds; round++)
            {
                if (round == WarmUp)
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 6; i++) { pushSpsc(spsc, records); pushMpmc(mpmc, records); }
                for (int i = 0; i < 6; i++) { popSpsc(spsc, records); popMpmc(mpmc, records); }
                pushBatchSpsc(spsc, records, 8, &n);
                popBatchSpsc(spsc, records, 8, &n);
                popBatchSpsc(spsc, records, 8, &n);
                popWaitMpmc(mpmc, records, 0);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.That(allocated, Is.Zero);
            Assert.That(popSpsc(spsc, records), Is.EqualTo(Status.EEmpty));
            delegate* unmanaged<byte*, int, int> lastError = &CommonExports.veloz_last_error_message;
            byte* message = stackalloc byte[256];
            int length = lastError(message, 256);
            Assert.That(System.Text.Encoding.UTF8.GetString(message, Math.Min(length, 255)), Is.EqualTo("veloz_spsc_pop: the queue is empty"),
                "the deferred message is formatted on demand");
        }
        finally
        {
            destroySpsc(spsc);
            destroyMpmc(mpmc);
        }
    }
}
