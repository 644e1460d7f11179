using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>The blocking calls: woken by the other side, by Close, and released by their timeout, for every strategy.</summary>
[TestFixture]
[NonParallelizable]
public class QueueWaitTests
{
    private static readonly WaitStrategy[] s_strategies = Enum.GetValues<WaitStrategy>();

    [TestCaseSource(nameof(s_strategies))]
    public void Close_wakes_waiting_consumers_and_producers_of_an_spsc_queue(WaitStrategy strategy)
    {
        var empty = new SpscQueue<long>(4, strategy);
        var full = new SpscQueue<long>(2, strategy);
        full.TryPush(1);
        full.TryPush(2);
        Task<QueueResult> consumer = Task.Factory.StartNew(() => empty.PopWait(out _, -1), TaskCreationOptions.LongRunning);
        Task<QueueResult> producer = Task.Factory.StartNew(() => full.PushWait(3, -1), TaskCreationOptions.LongRunning);
        Thread.Sleep(60);
        Assert.That(consumer.IsCompleted || producer.IsCompleted, Is.False, "the waits returned before the close");
        var watch = Stopwatch.StartNew();
        empty.Close();
        full.Close();
        Assert.That(consumer.Wait(5000) && producer.Wait(5000), Is.True, "a waiter was not woken by Close");
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(1000));
        Assert.That((consumer.Result, producer.Result), Is.EqualTo((QueueResult.Closed, QueueResult.Closed)));
        Assert.That(full.PopWait(out long first, 0), Is.EqualTo(QueueResult.Ok), "the records before the close are still there");
        Assert.That(first, Is.EqualTo(1));
    }

    [TestCaseSource(nameof(s_strategies))]
    public void Close_wakes_every_waiter_of_an_mpmc_queue(WaitStrategy strategy)
    {
        var empty = new MpmcQueue<long>(4, strategy);
        var full = new MpmcQueue<long>(2, strategy);
        full.TryPush(1);
        full.TryPush(2);
        var waiters = new Task<QueueResult>[4];
        for (int i = 0; i < 2; i++)
        {
            waiters[i] = Task.Factory.StartNew(() => empty.PopWait(out _, -1), TaskCreationOptions.LongRunning);
            waiters[2 + i] = Task.Factory.StartNew(() => full.PushWait(9, -1), TaskCreationOptions.LongRunning);
        }
        Thread.Sleep(60);
        empty.Close();
        full.Close();
        Assert.That(Task.WaitAll(waiters, 5000), Is.True, "a waiter was not woken by Close");
        foreach (Task<QueueResult> waiter in waiters)
            Assert.That(waiter.Result, Is.EqualTo(QueueResult.Closed));
    }

    [TestCase(WaitStrategy.SpinThenPark, false)]
    [TestCase(WaitStrategy.SpinThenPark, true)]
    [TestCase(WaitStrategy.SpinThenYield, false)]
    [TestCase(WaitStrategy.BusySpin, true)]
    public void A_parked_consumer_wakes_for_a_push(WaitStrategy strategy, bool mpmc)
    {
        var queue = new TestQueue(mpmc ? QueueKind.MpmcTyped : QueueKind.SpscTyped, 4, strategy: strategy);
        long received = 0;
        Task<QueueResult> consumer = Task.Factory.StartNew(() => queue.Pop(out received, 10_000_000_000), TaskCreationOptions.LongRunning);
        // Long enough for SpinThenPark to be asleep on its gate.
        Thread.Sleep(100);
        var watch = Stopwatch.StartNew();
        Assert.That(queue.Push(42), Is.EqualTo(QueueResult.Ok));
        Assert.That(consumer.Wait(5000), Is.True);
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(1000), "the push did not wake the sleeper (it waited for its timeout)");
        Assert.That((consumer.Result, received), Is.EqualTo((QueueResult.Ok, 42L)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_parked_producer_wakes_for_a_pop(bool mpmc)
    {
        var queue = new TestQueue(mpmc ? QueueKind.MpmcRecords : QueueKind.SpscRecords, 2);
        queue.Push(1);
        queue.Push(2);
        Task<QueueResult> producer = Task.Factory.StartNew(() => queue.Push(3, 10_000_000_000), TaskCreationOptions.LongRunning);
        Thread.Sleep(100);
        var watch = Stopwatch.StartNew();
        queue.Pop(out _);
        Assert.That(producer.Wait(5000), Is.True);
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(1000));
        Assert.That(producer.Result, Is.EqualTo(QueueResult.Ok));
    }

    [TestCase(WaitStrategy.SpinThenPark, 50)]
    [TestCase(WaitStrategy.SpinThenYield, 50)]
    [TestCase(WaitStrategy.BusySpin, 5)]
    [TestCase(WaitStrategy.SpinThenPark, 1)]
    public void A_timeout_is_honoured_to_its_order_of_magnitude(WaitStrategy strategy, int milliseconds)
    {
        var queue = new MpmcQueue<long>(2, strategy);
        var watch = Stopwatch.StartNew();
        Assert.That(queue.PopWait(out _, milliseconds * 1_000_000L), Is.EqualTo(QueueResult.Empty));
        double elapsed = watch.Elapsed.TotalMilliseconds;
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(milliseconds * 0.9));
        Assert.That(elapsed, Is.LessThan(milliseconds * 10 + 200));
    }

    [Test]
    public void A_zero_timeout_tries_once()
    {
        var queue = new SpscQueue<long>(2);
        var watch = Stopwatch.StartNew();
        Assert.That(queue.PopWait(out _, 0), Is.EqualTo(QueueResult.Empty));
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(50));
    }
}
