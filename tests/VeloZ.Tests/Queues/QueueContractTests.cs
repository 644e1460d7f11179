using System;
using System.Linq;
using NUnit.Framework;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>The behaviour every queue type shares (SPSC and MPMC, typed and byte records), one behaviour a test.</summary>
[TestFixture]
public class QueueContractTests
{
    private static readonly QueueKind[] s_kinds = Enum.GetValues<QueueKind>();

    [TestCaseSource(nameof(s_kinds))]
    public void Values_come_out_in_the_order_they_went_in(QueueKind kind)
    {
        var queue = new TestQueue(kind, 8);
        for (long v = 1; v <= 5; v++)
            Assert.That(queue.Push(v), Is.EqualTo(QueueResult.Ok));
        for (long v = 1; v <= 5; v++)
        {
            Assert.That(queue.Pop(out long got), Is.EqualTo(QueueResult.Ok));
            Assert.That(got, Is.EqualTo(v));
        }
    }

    [TestCase(QueueKind.SpscTyped, 1, 1)]
    [TestCase(QueueKind.SpscTyped, 1000, 1024)]
    [TestCase(QueueKind.SpscRecords, 3, 4)]
    [TestCase(QueueKind.MpmcTyped, 1, 2)]
    [TestCase(QueueKind.MpmcTyped, 5, 8)]
    [TestCase(QueueKind.MpmcRecords, 1024, 1024)]
    public void Capacity_is_rounded_up_to_a_power_of_two(QueueKind kind, int requested, int expected)
    {
        Assert.That(new TestQueue(kind, requested).Capacity, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(s_kinds))]
    public void A_full_queue_refuses_a_push_and_keeps_its_contents(QueueKind kind)
    {
        var queue = new TestQueue(kind, 4);
        for (long v = 0; v < 4; v++)
            Assert.That(queue.Push(v), Is.EqualTo(QueueResult.Ok));
        Assert.That(queue.Push(99), Is.EqualTo(QueueResult.Full));
        Assert.That(queue.Count, Is.EqualTo(4));
        for (long v = 0; v < 4; v++)
        {
            queue.Pop(out long got);
            Assert.That(got, Is.EqualTo(v));
        }
    }

    [TestCaseSource(nameof(s_kinds))]
    public void An_empty_queue_reports_empty(QueueKind kind)
    {
        var queue = new TestQueue(kind, 4);
        Assert.That(queue.Pop(out long value), Is.EqualTo(QueueResult.Empty));
        Assert.That(value, Is.Zero);
        Assert.That(queue.PopBatch(new long[3]), Is.Zero);
    }

    [TestCaseSource(nameof(s_kinds))]
    public void A_batch_pushes_what_fits_and_wraps_around_the_ring(QueueKind kind)
    {
        var queue = new TestQueue(kind, 8);
        // Move the indices to the middle of the ring so the batch wraps.
        for (long v = 0; v < 5; v++) queue.Push(v);
        for (long v = 0; v < 5; v++) queue.Pop(out _);
        long[] values = Enumerable.Range(100, 12).Select(i => (long)i).ToArray();
        Assert.That(queue.PushBatch(values), Is.EqualTo(8), "a batch larger than the free room pushes what fits");
        Assert.That(queue.PushBatch(values), Is.Zero);
        long[] output = new long[20];
        Assert.That(queue.PopBatch(output), Is.EqualTo(8));
        Assert.That(output.Take(8), Is.EqualTo(values.Take(8)));
    }

    [TestCaseSource(nameof(s_kinds))]
    public void A_batch_larger_than_the_capacity_pushes_the_capacity(QueueKind kind)
    {
        var queue = new TestQueue(kind, 4);
        long[] values = Enumerable.Range(0, 100).Select(i => (long)i).ToArray();
        Assert.That(queue.PushBatch(values), Is.EqualTo(4));
        Assert.That(queue.PopBatch(new long[100]), Is.EqualTo(4));
    }

    [TestCaseSource(nameof(s_kinds))]
    public void Empty_batches_do_nothing(QueueKind kind)
    {
        var queue = new TestQueue(kind, 4);
        Assert.That(queue.PushBatch(ReadOnlySpan<long>.Empty), Is.Zero);
        Assert.That(queue.PopBatch(Span<long>.Empty), Is.Zero);
        Assert.That(queue.Statistics.FailedPushes + queue.Statistics.FailedPops, Is.Zero, "an empty batch is not a failed call");
    }

    [TestCaseSource(nameof(s_kinds))]
    public void After_close_pushes_are_refused_and_pops_drain_then_report_closed(QueueKind kind)
    {
        var queue = new TestQueue(kind, 8);
        queue.Push(1);
        queue.Push(2);
        queue.Close();
        Assert.That(queue.IsClosed, Is.True);
        Assert.That(queue.Push(3), Is.EqualTo(QueueResult.Closed));
        Assert.That(queue.PushBatch(new long[] { 4, 5 }), Is.LessThanOrEqualTo(0));
        Assert.That(queue.Pop(out long first), Is.EqualTo(QueueResult.Ok));
        Assert.That(queue.Pop(out long second), Is.EqualTo(QueueResult.Ok));
        Assert.That((first, second), Is.EqualTo((1L, 2L)));
        Assert.That(queue.Pop(out _), Is.EqualTo(QueueResult.Closed));
        Assert.That(queue.Pop(out _, timeoutNs: -1), Is.EqualTo(QueueResult.Closed), "a wait on a closed, drained queue returns at once");
        queue.Close();
        Assert.That(queue.Pop(out _), Is.EqualTo(QueueResult.Closed), "closing twice is harmless");
    }

    [TestCaseSource(nameof(s_kinds))]
    public void Statistics_count_pushes_pops_failures_and_the_high_water_mark(QueueKind kind)
    {
        var queue = new TestQueue(kind, 4);
        for (long v = 0; v < 4; v++) queue.Push(v);
        queue.Push(9);
        queue.Push(9);
        for (int i = 0; i < 3; i++) queue.Pop(out _);
        QueueStatistics stats = queue.Statistics;
        Assert.That(stats.Pushes, Is.EqualTo(4));
        Assert.That(stats.Pops, Is.EqualTo(3));
        Assert.That(stats.FailedPushes, Is.EqualTo(2));
        Assert.That(stats.FailedPops, Is.Zero);
        Assert.That(stats.HighWaterMark, Is.EqualTo(4), "a push that found the queue full saw it at capacity");
        Assert.That(stats.Count, Is.EqualTo(1));
        Assert.That(stats.Capacity, Is.EqualTo(4));
        Assert.That(stats.RecordSize, Is.EqualTo(queue.RecordSize));
        queue.Pop(out _);
        queue.Pop(out _);
        Assert.That(queue.Statistics.FailedPops, Is.EqualTo(1));
        Assert.That(queue.Statistics.IsClosed, Is.False);
    }

    [TestCaseSource(nameof(s_kinds))]
    public void The_high_water_mark_is_never_above_the_true_peak_and_at_most_63_below(QueueKind kind)
    {
        var queue = new TestQueue(kind, 1024);
        for (long v = 0; v < 300; v++) queue.Push(v);
        for (int i = 0; i < 300; i++) queue.Pop(out _);
        long mark = queue.Statistics.HighWaterMark;
        Assert.That(mark, Is.InRange(300 - 63, 300));
    }

    [TestCaseSource(nameof(s_kinds))]
    public void A_wait_with_a_timeout_returns_full_or_empty_when_it_passes(QueueKind kind)
    {
        var queue = new TestQueue(kind, 2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(queue.Pop(out _, timeoutNs: 20_000_000), Is.EqualTo(QueueResult.Empty));
        Assert.That(watch.Elapsed.TotalMilliseconds, Is.InRange(15, 2000));
        queue.Push(1);
        queue.Push(2);
        watch.Restart();
        Assert.That(queue.Push(3, timeoutNs: 20_000_000), Is.EqualTo(QueueResult.Full));
        Assert.That(watch.Elapsed.TotalMilliseconds, Is.InRange(15, 2000));
        Assert.That(queue.Statistics.FailedPushes, Is.EqualTo(1), "a timed-out wait counts once");
        Assert.That(queue.Statistics.FailedPops, Is.EqualTo(1));
    }
}
