using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>
/// Counts in, counts out, across real threads: SPSC transfers with a sequence check (no loss, no duplicate, order
/// kept), single and batch, at normal and tiny capacities; MPMC with 1..4 producers and 1..4 consumers, each
/// consumer seeing every producer's values in order, and the sum and count of what came out matching what went in.
/// This machine may have two cores: the thread counts oversubscribe it on purpose (preemption mid-operation).
/// </summary>
[TestFixture]
[NonParallelizable]
public class QueueStressTests
{
    private static void Run(params Action[] bodies)
    {
        var errors = new List<Exception>();
        var threads = new List<Thread>();
        foreach (Action body in bodies)
        {
            var thread = new Thread(() =>
            {
                try { body(); }
                catch (Exception e) { lock (errors) errors.Add(e); }
            }) { IsBackground = true };
            threads.Add(thread);
            thread.Start();
        }
        foreach (Thread thread in threads)
            Assert.That(thread.Join(TimeSpan.FromSeconds(60)), Is.True, "a stress thread hung");
        if (errors.Count > 0)
            throw new AggregateException(errors);
    }

    [TestCase(1024, 10_000_000)]
    [TestCase(2, 500_000)]
    public void Spsc_single_transfers_keep_the_sequence(int capacity, int total)
    {
        var queue = new SpscQueue<long>(capacity, WaitStrategy.BusySpin);
        long mismatch = -1;
        var watch = Stopwatch.StartNew();
        Run(
            () =>
            {
                var spin = new SpinWait();
                for (long i = 0; i < total; i++)
                {
                    // Spin, then yield: this machine may have as many busy threads as cores.
                    while (!queue.TryPush(i))
                        spin.SpinOnce(sleep1Threshold: -1);
                    spin.Reset();
                }
            },
            () =>
            {
                var spin = new SpinWait();
                for (long expected = 0; expected < total; expected++)
                {
                    long value;
                    while (!queue.TryPop(out value))
                        spin.SpinOnce(sleep1Threshold: -1);
                    spin.Reset();
                    if (value != expected && mismatch < 0)
                        mismatch = expected;
                }
            });
        TestContext.Out.WriteLine($"{total:N0} transfers through capacity {capacity} in {watch.ElapsedMilliseconds} ms");
        Assert.That(mismatch, Is.EqualTo(-1), "first position whose value was lost, duplicated or reordered");
        Assert.That(queue.Count, Is.Zero);
        Assert.That((queue.Statistics.Pushes, queue.Statistics.Pops), Is.EqualTo(((long)total, (long)total)));
    }

    [Test]
    public void Spsc_batch_transfers_keep_the_sequence()
    {
        const int total = 10_000_000;
        var queue = new SpscQueue<long>(256, WaitStrategy.BusySpin);
        long mismatch = -1;
        int seed = QueueTestKit.Seed();
        Run(
            () =>
            {
                var random = new Random(seed);
                var spin = new SpinWait();
                var batch = new long[64];
                long next = 0;
                while (next < total)
                {
                    int n = (int)Math.Min(random.Next(1, 65), total - next);
                    for (int i = 0; i < n; i++) batch[i] = next + i;
                    int offset = 0;
                    while (offset < n)
                    {
                        int pushed = queue.PushBatch(batch.AsSpan(offset, n - offset));
                        if (pushed == 0) spin.SpinOnce(sleep1Threshold: -1); else spin.Reset();
                        offset += pushed;
                    }
                    next += n;
                }
            },
            () =>
            {
                var random = new Random(seed + 1);
                var spin = new SpinWait();
                var batch = new long[100];
                long expected = 0;
                while (expected < total)
                {
                    int popped = queue.PopBatch(batch.AsSpan(0, random.Next(1, 101)));
                    if (popped == 0) spin.SpinOnce(sleep1Threshold: -1); else spin.Reset();
                    for (int i = 0; i < popped; i++, expected++)
                        if (batch[i] != expected && mismatch < 0)
                            mismatch = expected;
                }
            });
        Assert.That(mismatch, Is.EqualTo(-1));
    }

    [TestCase(WaitStrategy.SpinThenPark)]
    [TestCase(WaitStrategy.SpinThenYield)]
    public void Spsc_records_through_the_waiting_calls_keep_the_sequence(WaitStrategy strategy)
    {
        const int total = 300_000;
        var queue = new SpscRecordQueue(64, 4, strategy);
        long mismatch = -1;
        Run(
            () =>
            {
                Span<long> record = stackalloc long[8];
                for (long i = 0; i < total; i++)
                {
                    record[0] = i;
                    record[7] = ~i;
                    unsafe
                    {
                        fixed (long* p = record)
                            Assert.That(queue.PushWait(p, -1), Is.EqualTo(QueueResult.Ok));
                    }
                }
                queue.Close();
            },
            () =>
            {
                Span<long> record = stackalloc long[8];
                long expected = 0;
                while (true)
                {
                    QueueResult result;
                    unsafe
                    {
                        fixed (long* p = record)
                            result = queue.PopWait(p, -1);
                    }
                    if (result == QueueResult.Closed)
                        break;
                    if ((record[0] != expected || record[7] != ~expected) && mismatch < 0)
                        mismatch = expected;
                    expected++;
                }
                if (expected != total && mismatch < 0)
                    mismatch = expected;
            });
        Assert.That(mismatch, Is.EqualTo(-1));
    }

    private static IEnumerable<TestCaseData> MpmcCases()
    {
        foreach ((int producers, int consumers) in new[] { (1, 1), (1, 4), (4, 1), (2, 2), (4, 4) })
            foreach (int capacity in new[] { 4, 1024 })
                foreach (bool batches in new[] { false, true })
                    yield return new TestCaseData(producers, consumers, capacity, batches);
    }

    [TestCaseSource(nameof(MpmcCases))]
    public void Mpmc_keeps_each_producers_order_and_loses_nothing(int producers, int consumers, int capacity, bool batches)
    {
        int perProducer = capacity < 64 ? 40_000 : 150_000;
        var queue = new MpmcQueue<long>(capacity, WaitStrategy.SpinThenYield);
        long sum = 0, count = 0;
        string? error = null;
        int producing = producers;
        var bodies = new List<Action>();
        for (int p = 0; p < producers; p++)
        {
            long id = p;
            bodies.Add(() =>
            {
                var batch = new long[16];
                for (long s = 0; s < perProducer;)
                {
                    if (batches)
                    {
                        int n = (int)Math.Min(1 + (s % 16), perProducer - s);
                        for (int i = 0; i < n; i++) batch[i] = (id << 40) | (s + i);
                        int offset = 0;
                        while (offset < n)
                        {
                            int pushed = queue.PushBatch(batch.AsSpan(offset, n - offset));
                            if (pushed == 0) Thread.Yield();
                            offset += pushed;
                        }
                        s += n;
                    }
                    else
                    {
                        if (queue.PushWait((id << 40) | s, -1) != QueueResult.Ok)
                            throw new InvalidOperationException("push failed");
                        s++;
                    }
                }
                if (Interlocked.Decrement(ref producing) == 0)
                    queue.Close();
            });
        }
        for (int c = 0; c < consumers; c++)
        {
            bodies.Add(() =>
            {
                var last = new long[producers];
                Array.Fill(last, -1L);
                long localSum = 0, localCount = 0;
                var batch = new long[16];
                while (true)
                {
                    int n;
                    if (batches)
                    {
                        n = queue.PopBatch(batch);
                        if (n == 0)
                        {
                            if (queue.PopWait(out batch[0], -1) == QueueResult.Closed)
                                break;
                            n = 1;
                        }
                    }
                    else
                    {
                        if (queue.PopWait(out batch[0], -1) == QueueResult.Closed)
                            break;
                        n = 1;
                    }
                    for (int i = 0; i < n; i++)
                    {
                        long value = batch[i];
                        int producer = (int)(value >> 40);
                        long sequence = value & ((1L << 40) - 1);
                        if (sequence <= last[producer])
                            error ??= $"producer {producer}: {sequence} came after {last[producer]}";
                        last[producer] = sequence;
                        localSum += value;
                        localCount++;
                    }
                }
                Interlocked.Add(ref sum, localSum);
                Interlocked.Add(ref count, localCount);
            });
        }
        Run(bodies.ToArray());
        long expectedSum = 0;
        for (long p = 0; p < producers; p++)
            expectedSum += (p << 40) * perProducer + (long)perProducer * (perProducer - 1) / 2;
        Assert.That(error, Is.Null);
        Assert.That(count, Is.EqualTo((long)producers * perProducer));
        Assert.That(sum, Is.EqualTo(expectedSum));
        Assert.That(queue.Count, Is.Zero);
    }
}
