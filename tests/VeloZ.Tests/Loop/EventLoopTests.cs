using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;
using VeloZ.Loop;
using VeloZ.Tests.Memory;

namespace VeloZ.Tests.Loop;

/// <summary>
/// The event loop: priority order and the starvation guard, delayed tasks never early and in deadline order, cancel,
/// posts from several threads run exactly once, Stop from another thread and from a task, a task that throws, the
/// owner rule, a full loop, sleeping until woken, and no allocation per post and run.
/// </summary>
[TestFixture]
public class EventLoopTests
{
    [Test]
    public void Higher_priorities_run_first_and_each_in_posting_order()
    {
        using var loop = new EventLoop();
        var order = new List<string>();
        foreach (string name in new[] { "b1", "n1", "c1", "b2", "n2", "c2" })
        {
            LoopPriority priority = name[0] switch { 'c' => LoopPriority.Critical, 'n' => LoopPriority.Normal, _ => LoopPriority.Background };
            loop.Post(() => order.Add(name), priority);
        }
        Assert.That(loop.RunOnce(), Is.EqualTo(6));
        Assert.That(order, Is.EqualTo(new[] { "c1", "c2", "n1", "n2", "b1", "b2" }));
        EventLoopStatistics s = loop.Statistics;
        Assert.That((s.RunCritical, s.RunNormal, s.RunBackground, s.Posted, s.Waiting), Is.EqualTo((2L, 2L, 2L, 6L, 0L)));
        Assert.That(loop.Latency.Count, Is.EqualTo(6));
    }

    [Test]
    public void The_starvation_guard_lets_one_lower_task_through_per_limit()
    {
        using var loop = new EventLoop(new EventLoopConfig { StarvationLimit = 4 });
        var order = new List<string>();
        loop.Post(() => order.Add("bg"), LoopPriority.Background);
        for (int i = 0; i < 10; i++)
        {
            int n = i;
            loop.Post(() => order.Add("c" + n), LoopPriority.Critical);
        }
        loop.RunOnce();
        Assert.That(order, Is.EqualTo(new[] { "c0", "c1", "c2", "c3", "bg", "c4", "c5", "c6", "c7", "c8", "c9" }));
        Assert.That(loop.Statistics.StarvationPromotions, Is.EqualTo(1));
    }

    [Test]
    public void Delayed_tasks_never_run_early_and_run_in_deadline_order()
    {
        int seed = MemoryTestKit.Seed();
        var random = new Random(seed);
        using var loop = new EventLoop(new EventLoopConfig { TimerTickNs = 1_000 });
        long start = loop.NowNs;
        var ran = new List<(long Deadline, long At)>();
        for (int i = 0; i < 200; i++)
        {
            long deadline = start + random.NextInt64(20_000_000);
            Assert.That(loop.PostAt(deadline, () => ran.Add((deadline, loop.NowNs))), Is.Not.Zero);
        }
        Assert.That(loop.Statistics.Delayed, Is.EqualTo(200));
        loop.RunFor(40_000_000);
        Assert.That(ran.Count, Is.EqualTo(200), $"seed {seed}");
        for (int i = 0; i < ran.Count; i++)
        {
            Assert.That(ran[i].At, Is.GreaterThanOrEqualTo(ran[i].Deadline), $"seed {seed}: task {i} ran early");
            if (i > 0) Assert.That(ran[i].Deadline, Is.GreaterThanOrEqualTo(ran[i - 1].Deadline), $"seed {seed}: deadline order");
        }
    }

    [Test]
    public void A_cancelled_delayed_task_never_runs()
    {
        using var loop = new EventLoop();
        int runs = 0;
        ulong keep = loop.PostAfter(0, () => runs += 1);
        ulong drop = loop.PostAfter(0, () => runs += 100);
        Assert.That(loop.Cancel(drop), Is.True);
        Assert.That(loop.Cancel(drop), Is.False, "twice");
        loop.RunOnce();
        Assert.That(runs, Is.EqualTo(1));
        Assert.That(loop.Cancel(keep), Is.False, "after it ran");
        Assert.That(loop.Cancel(12345), Is.False);
        Assert.That(loop.Statistics.Cancelled, Is.EqualTo(1));
    }

    [Test]
    public void Posts_from_four_threads_all_run_exactly_once()
    {
        const int Threads = 4, PerThread = 20_000;
        using var loop = new EventLoop(new EventLoopConfig { TaskCapacity = 4096 });
        var counts = new int[Threads * PerThread];
        var actions = new Action[counts.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            int n = i;
            actions[i] = () => counts[n]++;
        }
        long ran = 0;
        var posters = new Thread[Threads];
        int done = 0;
        for (int t = 0; t < Threads; t++)
        {
            int first = t * PerThread;
            posters[t] = new Thread(() =>
            {
                for (int i = first; i < first + PerThread; i++)
                    while (!loop.TryPost(actions[i], (LoopPriority)(i % 3))) Thread.Yield();
                Interlocked.Increment(ref done);
            });
            posters[t].Start();
        }
        var watch = Stopwatch.StartNew();
        while ((Volatile.Read(ref done) < Threads || loop.Statistics.Waiting > 0) && watch.Elapsed < TimeSpan.FromSeconds(60))
            ran += loop.RunOnce();
        foreach (Thread p in posters) Assert.That(p.Join(TimeSpan.FromSeconds(30)), Is.True);
        ran += loop.RunOnce();
        Assert.That(ran, Is.EqualTo(counts.Length));
        Assert.That(Array.TrueForAll(counts, c => c == 1), Is.True, "every task ran exactly once");
        Assert.That(loop.Statistics.Posted, Is.EqualTo(counts.Length));
    }

    [Test]
    public void Stop_from_another_thread_ends_run_and_a_sleeping_loop_wakes_for_a_post()
    {
        using var loop = new EventLoop(new EventLoopConfig { IdleStrategy = LoopIdleStrategy.SpinThenSleep, SpinIterations = 10 });
        int ran = 0;
        var poster = new Thread(() =>
        {
            Thread.Sleep(50);
            loop.Post(() => ran++);
            Thread.Sleep(50);
            loop.Stop();
        });
        var watch = Stopwatch.StartNew();
        poster.Start();
        loop.Run();
        Assert.That(poster.Join(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(ran, Is.EqualTo(1), "the post woke the sleeping loop");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "Stop woke it");
        Assert.That(loop.Statistics.IdleNs, Is.GreaterThan(0));

        // A task may stop the loop too; the rest wait for the next run.
        int after = 0;
        loop.Post(loop.Stop);
        loop.Post(() => after++);
        loop.RunFor(10_000_000_000);
        Assert.That(after, Is.Zero);
        loop.RunOnce();
        Assert.That(after, Is.EqualTo(1));
    }

    [Test]
    public void A_task_that_throws_is_reported_and_the_loop_goes_on()
    {
        using var loop = new EventLoop();
        var errors = new List<Exception>();
        loop.OnError = errors.Add;
        int ran = 0;
        loop.Post(() => throw new FormatException("bad tick"));
        loop.Post(() => ran++);
        Assert.That(loop.RunOnce(), Is.EqualTo(2));
        Assert.That(ran, Is.EqualTo(1));
        Assert.That(errors, Has.Count.EqualTo(1).And.All.InstanceOf<FormatException>());
        Assert.That(loop.Statistics.Failed, Is.EqualTo(1));
        loop.OnError = _ => throw new InvalidOperationException("the handler fails too");
        loop.Post(() => throw new FormatException("again"));
        Assert.DoesNotThrow(() => loop.RunOnce());
        Assert.That(loop.Statistics.Failed, Is.EqualTo(2));
    }

    [Test]
    public void Only_the_owner_runs_the_loop_and_a_task_cannot_run_it_again()
    {
        using var loop = new EventLoop();
        loop.RunOnce(); // this thread owns it
        Exception? other = null;
        var thread = new Thread(() =>
        {
            other = Assert.Catch(() => loop.RunOnce());
            loop.Post(() => { }); // posting is fine from anywhere
        });
        thread.Start();
        thread.Join();
        Assert.That(other, Is.InstanceOf<InvalidOperationException>());
        Exception? inner = null;
        loop.Post(() => inner = Assert.Catch(() => loop.RunOnce()));
        Assert.That(loop.RunOnce(), Is.EqualTo(2));
        Assert.That(inner, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void A_full_loop_refuses_posts_until_tasks_run()
    {
        using var loop = new EventLoop(new EventLoopConfig { TaskCapacity = 16 });
        Action nothing = () => { };
        for (int i = 0; i < 16; i++) Assert.That(loop.TryPost(nothing), Is.True, $"post {i}");
        Assert.That(loop.TryPost(nothing), Is.False);
        Assert.That(loop.PostAfter(1000, nothing), Is.Zero, "delayed tasks share the capacity");
        Assert.Throws<InvalidOperationException>(() => loop.Post(nothing));
        Assert.That(loop.Statistics.FailedPosts, Is.EqualTo(3));
        Assert.That(loop.RunOnce(), Is.EqualTo(16));
        Assert.That(loop.TryPost(nothing), Is.True);
    }

    [Test]
    public void Settings_out_of_range_are_refused()
    {
        foreach ((string setting, EventLoopConfig config) in new (string, EventLoopConfig)[]
        {
            ("TaskCapacity", new() { TaskCapacity = 15 }),
            ("TimerTickNs", new() { TimerTickNs = 999 }),
            ("StarvationLimit", new() { StarvationLimit = -1 }),
            ("SpinIterations", new() { SpinIterations = 10_000_001 }),
            ("IdleStrategy", new() { IdleStrategy = (LoopIdleStrategy)9 }),
        })
        {
            var e = Assert.Throws<SettingOutOfRangeException>(() => _ = new EventLoop(config), setting);
            Assert.That(e!.Setting, Is.EqualTo(setting));
        }
    }

    [Test]
    public void Posting_and_running_cached_tasks_allocates_nothing()
    {
        // Three windows of 5,000 rounds after 5,000 rounds of warm-up, each printed. A steady-state allocation shows
        // in every window; the first may also see the runtime's one-off work on this thread (a method tiering up in
        // the middle of a full suite), so the last two must be 0 B.
        using var loop = new EventLoop(new EventLoopConfig { TaskCapacity = 1024 });
        long count = 0;
        Action task = () => count++;
        var windows = new long[3];
        for (int window = -1; window < windows.Length; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < 5_000; round++)
            {
                loop.Post(task, (LoopPriority)(round % 3));
                loop.Post(task);
                ulong id = loop.PostAfter(0, task, LoopPriority.Critical);
                if ((round & 1) == 0) loop.Cancel(id);
                loop.RunOnce();
            }
            if (window >= 0) windows[window] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        TestContext.Out.WriteLine($"bytes allocated per window of 5,000 rounds: {string.Join(", ", windows)}");
        Assert.That(count, Is.GreaterThan(40_000));
        Assert.That(windows[1..], Is.All.Zero, "bytes allocated by 5,000 rounds of posts, delayed posts, cancels and runs, in steady state");
    }
}
