using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using NUnit.Framework;
using VeloZ.Interop;

namespace VeloZ.Tests.Abi;

/// <summary>
/// veloz_event_loop_* through the published libveloz.so, with C tasks ([UnmanagedCallersOnly] functions and a context):
/// priority order, delayed tasks never early, cancel, posts from other threads while the owner runs, stop from another
/// thread and from a task, the owner rule, a task that runs the loop again, a full loop, hostile input that leaves the
/// loop usable, stats, and no allocation per post and run (in-process).
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class LoopAbiTests
{
    [StructLayout(LayoutKind.Explicit, Size = 48)]
    private struct LoopConfigC
    {
        [FieldOffset(0)] public uint StructSize;
        [FieldOffset(4)] public int TaskCapacity;
        [FieldOffset(8)] public long TimerTickNs;
        [FieldOffset(16)] public int StarvationLimit;
        [FieldOffset(20)] public int SpinIterations;
        [FieldOffset(24)] public int IdleStrategy;
        [FieldOffset(28)] public uint Flags;
        [FieldOffset(32)] public byte* Name;
        [FieldOffset(40)] public int PinCpu;
        [FieldOffset(44)] public int Reserved;
    }

    [StructLayout(LayoutKind.Explicit, Size = 136)]
    private struct LoopStatsC
    {
        [FieldOffset(0)] public uint StructSize;
        [FieldOffset(8)] public long Posted;
        [FieldOffset(16)] public long FailedPosts;
        [FieldOffset(24)] public long RunCritical;
        [FieldOffset(32)] public long RunNormal;
        [FieldOffset(40)] public long RunBackground;
        [FieldOffset(48)] public long Cancelled;
        [FieldOffset(72)] public long Waiting;
        [FieldOffset(80)] public long Delayed;
        [FieldOffset(96)] public long IdleNs;
        [FieldOffset(104)] public long LatencyP50Ns;
        [FieldOffset(128)] public long LatencyMaxNs;
    }

    private static readonly delegate* unmanaged<LoopConfigC*, nint*, int> Create = (delegate* unmanaged<LoopConfigC*, nint*, int>)LibVeloz.Export("veloz_event_loop_create");
    private static readonly delegate* unmanaged<nint, void> Destroy = (delegate* unmanaged<nint, void>)LibVeloz.Export("veloz_event_loop_destroy");
    private static readonly delegate* unmanaged<nint, delegate* unmanaged<void*, void>, void*, int, int> Post = (delegate* unmanaged<nint, delegate* unmanaged<void*, void>, void*, int, int>)LibVeloz.Export("veloz_event_loop_post");
    private static readonly delegate* unmanaged<nint, long, delegate* unmanaged<void*, void>, void*, int, ulong*, int> PostAt = (delegate* unmanaged<nint, long, delegate* unmanaged<void*, void>, void*, int, ulong*, int>)LibVeloz.Export("veloz_event_loop_post_at");
    private static readonly delegate* unmanaged<nint, long, delegate* unmanaged<void*, void>, void*, int, ulong*, int> PostAfter = (delegate* unmanaged<nint, long, delegate* unmanaged<void*, void>, void*, int, ulong*, int>)LibVeloz.Export("veloz_event_loop_post_after");
    private static readonly delegate* unmanaged<nint, ulong, int> Cancel = (delegate* unmanaged<nint, ulong, int>)LibVeloz.Export("veloz_event_loop_cancel");
    private static readonly delegate* unmanaged<nint, int*, int> RunOnce = (delegate* unmanaged<nint, int*, int>)LibVeloz.Export("veloz_event_loop_run_once");
    private static readonly delegate* unmanaged<nint, long, long*, int> RunFor = (delegate* unmanaged<nint, long, long*, int>)LibVeloz.Export("veloz_event_loop_run_for");
    private static readonly delegate* unmanaged<nint, long*, int> Run = (delegate* unmanaged<nint, long*, int>)LibVeloz.Export("veloz_event_loop_run");
    private static readonly delegate* unmanaged<nint, int> Stop = (delegate* unmanaged<nint, int>)LibVeloz.Export("veloz_event_loop_stop");
    private static readonly delegate* unmanaged<nint, LoopStatsC*, int> GetStats = (delegate* unmanaged<nint, LoopStatsC*, int>)LibVeloz.Export("veloz_event_loop_get_stats");

    private const int Critical = 0, Normal = 1, Background = 2;

    /// <summary>What the C tasks write to: a log of task numbers in run order, and the time each ran.</summary>
    private sealed class Log
    {
        public readonly List<int> Order = new();
        public readonly List<long> At = new();
        public int InnerStatus = int.MinValue;
    }

    private static Log? s_log;

    [UnmanagedCallersOnly]
    private static void Record(void* context)
    {
        s_log!.Order.Add((int)(nint)context);
        s_log.At.Add(LibVeloz.ClockNowNs());
    }

    [UnmanagedCallersOnly]
    private static void StopLoop(void* context) => Stop((nint)context);

    [UnmanagedCallersOnly]
    private static void RunAgain(void* context)
    {
        int ran;
        s_log!.InnerStatus = RunOnce((nint)context, &ran);
    }

    [UnmanagedCallersOnly]
    private static void Count(void* context) => Interlocked.Increment(ref *(int*)context);

    private static nint NewLoop(int capacity = 0, int starvation = 0, int idle = 0)
    {
        var config = new LoopConfigC { StructSize = (uint)sizeof(LoopConfigC), TaskCapacity = capacity, StarvationLimit = starvation, IdleStrategy = idle, TimerTickNs = 1000 };
        nint loop = 0;
        AbiAssert.Ok(Create(&config, &loop), "veloz_event_loop_create");
        return loop;
    }

    private static LoopStatsC Stats(nint loop)
    {
        var stats = new LoopStatsC { StructSize = (uint)sizeof(LoopStatsC) };
        AbiAssert.Ok(GetStats(loop, &stats), "veloz_event_loop_get_stats");
        return stats;
    }

    [SetUp]
    public void Fresh() => s_log = new Log();

    [Test]
    public void C_tasks_run_by_priority_then_in_posting_order_with_their_context()
    {
        nint loop = NewLoop(starvation: 1000);
        try
        {
            int[] priorities = { Background, Normal, Critical, Normal, Critical, Background };
            for (int i = 0; i < priorities.Length; i++)
                AbiAssert.Ok(Post(loop, &Record, (void*)(nint)i, priorities[i]), "veloz_event_loop_post");
            int ran;
            AbiAssert.Ok(RunOnce(loop, &ran), "veloz_event_loop_run_once");
            Assert.That(ran, Is.EqualTo(6));
            Assert.That(s_log!.Order, Is.EqualTo(new[] { 2, 4, 1, 3, 0, 5 }));
            LoopStatsC s = Stats(loop);
            Assert.That((s.Posted, s.RunCritical, s.RunNormal, s.RunBackground, s.Waiting), Is.EqualTo((6L, 2L, 2L, 2L, 0L)));
            Assert.That(s.LatencyMaxNs, Is.GreaterThanOrEqualTo(s.LatencyP50Ns));
        }
        finally
        {
            Destroy(loop);
        }
    }

    [Test]
    public void Delayed_tasks_never_run_early_and_a_cancelled_one_never_runs()
    {
        nint loop = NewLoop();
        try
        {
            long now = LibVeloz.ClockNowNs();
            var deadlines = new long[] { now + 3_000_000, now + 1_000_000, now + 2_000_000 };
            ulong id;
            for (int i = 0; i < deadlines.Length; i++)
                AbiAssert.Ok(PostAt(loop, deadlines[i], &Record, (void*)(nint)i, Normal, &id), "veloz_event_loop_post_at");
            ulong cancelled;
            AbiAssert.Ok(PostAfter(loop, 500_000, &Record, (void*)(nint)99, Critical, &cancelled), "veloz_event_loop_post_after");
            AbiAssert.Ok(Cancel(loop, cancelled), "veloz_event_loop_cancel");
            AbiAssert.Status(Cancel(loop, cancelled), VelozStatus.NotFound, "veloz_event_loop_cancel");
            Assert.That(Stats(loop).Delayed, Is.EqualTo(3));
            long ran;
            AbiAssert.Ok(RunFor(loop, 10_000_000, &ran), "veloz_event_loop_run_for");
            Assert.That(ran, Is.EqualTo(3));
            Assert.That(s_log!.Order, Is.EqualTo(new[] { 1, 2, 0 }), "deadline order");
            for (int k = 0; k < 3; k++)
                Assert.That(s_log.At[k], Is.GreaterThanOrEqualTo(deadlines[s_log.Order[k]]), $"task {s_log.Order[k]} ran early");
            AbiAssert.Status(PostAfter(loop, -1, &Record, null, Normal, &id), VelozStatus.InvalidArgument, "veloz_event_loop_post_after");
            Assert.That(id, Is.Zero);
            AbiAssert.Status(PostAt(loop, -5, &Record, null, Normal, &id), VelozStatus.InvalidArgument, "veloz_event_loop_post_at");
            Assert.That(Stats(loop).Cancelled, Is.EqualTo(1));
        }
        finally
        {
            Destroy(loop);
        }
    }

    [Test]
    public void Posts_from_two_threads_while_the_owner_runs_all_run_once_and_stop_ends_run()
    {
        nint loop = NewLoop(capacity: 1024, idle: 2);
        int* counts = (int*)NativeMemory.AllocZeroed(2 * 20_000, sizeof(int));
        try
        {
            int ready = 0;
            var posters = new Thread[2];
            for (int t = 0; t < 2; t++)
            {
                int first = t * 20_000;
                posters[t] = new Thread(() =>
                {
                    for (int i = first; i < first + 20_000; i++)
                        while (Post(loop, &Count, counts + i, i % 3) == VelozStatus.Full) Thread.Yield();
                    if (Interlocked.Increment(ref ready) == 2)
                        Post(loop, &StopLoop, (void*)loop, Background); // runs after everything posted before it at its priority
                });
            }
            foreach (Thread p in posters) p.Start();
            long ran;
            AbiAssert.Ok(Run(loop, &ran), "veloz_event_loop_run");
            foreach (Thread p in posters) Assert.That(p.Join(TimeSpan.FromSeconds(30)), Is.True);
            int leftover;
            AbiAssert.Ok(RunOnce(loop, &leftover), "veloz_event_loop_run_once");
            int once = 0;
            for (int i = 0; i < 40_000; i++) once += counts[i] == 1 ? 1 : 0;
            Assert.That(once, Is.EqualTo(40_000), "every task ran exactly once");

            // Stop from another thread while the owner runs with nothing to do.
            var stopper = new Thread(() => { Thread.Sleep(30); Stop(loop); });
            stopper.Start();
            AbiAssert.Ok(Run(loop, &ran), "veloz_event_loop_run");
            Assert.That(stopper.Join(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(Stats(loop).IdleNs, Is.GreaterThan(0));
        }
        finally
        {
            Destroy(loop);
            NativeMemory.Free(counts);
        }
    }

    [Test]
    public void The_owner_rule_reentry_full_and_hostile_input()
    {
        nint loop = NewLoop(capacity: 16);
        var hc = new HistogramConfig { StructSize = (uint)sizeof(HistogramConfig), SignificantDigits = 2, LowestTrackable = 1, HighestTrackable = 1000 };
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(&hc, &histogram), "veloz_histogram_create");
        try
        {
            int ran;
            AbiAssert.Ok(Post(loop, &RunAgain, (void*)loop, Normal), "veloz_event_loop_post");
            AbiAssert.Ok(RunOnce(loop, &ran), "veloz_event_loop_run_once"); // this thread owns it now
            Assert.That(s_log!.InnerStatus, Is.EqualTo(VelozStatus.State), "a task may not run its loop");

            int otherRun = 0, otherPost = 0, otherStop = 0;
            var thread = new Thread(() =>
            {
                int n;
                otherRun = RunOnce(loop, &n);
                otherPost = Post(loop, &Record, (void*)(nint)7, Normal);
                otherStop = Stop(loop);
            });
            thread.Start();
            thread.Join();
            Assert.That((otherRun, otherPost, otherStop), Is.EqualTo((VelozStatus.State, VelozStatus.Ok, VelozStatus.Ok)));
            AbiAssert.Ok(RunOnce(loop, &ran), "veloz_event_loop_run_once");
            Assert.That(s_log.Order, Is.EqualTo(new[] { 7 }));

            for (int i = 0; i < 16; i++) AbiAssert.Ok(Post(loop, &Record, null, Normal), "veloz_event_loop_post");
            AbiAssert.Status(Post(loop, &Record, null, Normal), VelozStatus.Full, "veloz_event_loop_post");
            ulong id = 5;
            AbiAssert.Status(PostAfter(loop, 0, &Record, null, Normal, &id), VelozStatus.Full, "veloz_event_loop_post_after");
            Assert.That(id, Is.Zero);
            AbiAssert.Status(Post(loop, null, null, Normal), VelozStatus.InvalidArgument, "veloz_event_loop_post");
            AbiAssert.Status(Post(loop, &Record, null, 3), VelozStatus.InvalidArgument, "veloz_event_loop_post");
            AbiAssert.Status(Post(loop, &Record, null, -1), VelozStatus.InvalidArgument, "veloz_event_loop_post");
            AbiAssert.Status(RunOnce(loop, null), VelozStatus.InvalidArgument, "veloz_event_loop_run_once");
            long r;
            AbiAssert.Status(RunFor(loop, -1, &r), VelozStatus.InvalidArgument, "veloz_event_loop_run_for");
            var small = new LoopStatsC { StructSize = 0 };
            AbiAssert.Status(GetStats(loop, &small), VelozStatus.InvalidArgument, "veloz_event_loop_get_stats");

            nint dead = NewLoop();
            Destroy(dead);
            foreach (nint bad in new[] { 0, dead, histogram, unchecked((nint)0x5555_0000_1234L) })
            {
                AbiAssert.Status(Post(bad, &Record, null, Normal), VelozStatus.InvalidHandle, "veloz_event_loop_post");
                AbiAssert.Status(RunOnce(bad, &ran), VelozStatus.InvalidHandle, "veloz_event_loop_run_once");
                AbiAssert.Status(Stop(bad), VelozStatus.InvalidHandle, "veloz_event_loop_stop");
                AbiAssert.Status(Cancel(bad, 1), VelozStatus.InvalidHandle, "veloz_event_loop_cancel");
                AbiAssert.Status(PostAt(bad, 1, &Record, null, Normal, &id), VelozStatus.InvalidHandle, "veloz_event_loop_post_at");
                Assert.That(id, Is.Zero);
            }
            Destroy(0);
            Destroy(dead);

            AbiAssert.Ok(RunOnce(loop, &ran), "veloz_event_loop_run_once");
            Assert.That(ran, Is.EqualTo(16), "the 16 tasks survived every refused call");
            var loopConfig = new LoopConfigC { StructSize = (uint)sizeof(LoopConfigC), IdleStrategy = 7 };
            nint none = 1;
            AbiAssert.Status(Create(&loopConfig, &none), VelozStatus.InvalidArgument, "veloz_event_loop_create");
            Assert.That(LibVeloz.LastError(), Does.Contain("idle_strategy"));
            Assert.That(none, Is.EqualTo((nint)0));
        }
        finally
        {
            Destroy(loop);
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    private static readonly delegate* unmanaged<int> CurrentCpu = (delegate* unmanaged<int>)LibVeloz.Export("veloz_thread_current_cpu");

    [UnmanagedCallersOnly]
    private static void RecordCpu(void* context) => *(int*)context = CurrentCpu();

    [Test]
    public void A_loop_told_to_pin_runs_its_tasks_on_that_cpu()
    {
        int last = Environment.ProcessorCount - 1;
        var config = new LoopConfigC { StructSize = (uint)sizeof(LoopConfigC), Flags = 1, PinCpu = last };
        nint* loops = (nint*)NativeMemory.AllocZeroed(2, (nuint)sizeof(nint));
        int* cells = (int*)NativeMemory.AllocZeroed(64 + 3, sizeof(int)); // 64 cpus, then the statuses and the count
        try
        {
            AbiAssert.Ok(Create(&config, &loops[0]), "veloz_event_loop_create");
            var bad = config with { PinCpu = 4000 };
            AbiAssert.Ok(Create(&bad, &loops[1]), "veloz_event_loop_create");
            var outOfRange = config with { PinCpu = 5000 };
            nint none = 0;
            AbiAssert.Status(Create(&outOfRange, &none), VelozStatus.InvalidArgument, "veloz_event_loop_create");
            var thread = new Thread(() =>
            {
                for (int i = 0; i < 64; i++)
                    Post(loops[0], &RecordCpu, cells + i, Normal);
                int ran;
                cells[64] = RunOnce(loops[0], &ran);
                Post(loops[1], &Nothing, null, Normal);
                cells[66] = -1;
                cells[65] = RunOnce(loops[1], cells + 66);
            });
            thread.Start();
            Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(cells[64], Is.EqualTo(VelozStatus.Ok));
            for (int i = 0; i < 64; i++)
                Assert.That(cells[i], Is.EqualTo(last), $"task {i} ran off the pinned cpu");
            Assert.That(cells[65], Is.EqualTo(VelozStatus.InvalidArgument), "cpu 4000 does not exist: the first run fails");
            Assert.That(cells[66], Is.Zero, "and runs nothing");
        }
        finally
        {
            Destroy(loops[0]);
            Destroy(loops[1]);
            NativeMemory.Free(loops);
            NativeMemory.Free(cells);
        }
    }

    [UnmanagedCallersOnly]
    private static void Nothing(void* context)
    {
    }

    [Test]
    public void Post_and_run_through_the_exports_allocate_nothing_in_process()
    {
        delegate* unmanaged<VelozEventLoopConfig*, EventLoopHandle**, Status> create = &EventLoopExports.veloz_event_loop_create;
        delegate* unmanaged<EventLoopHandle*, delegate* unmanaged[Cdecl]<void*, void>, void*, int, Status> post = &EventLoopExports.veloz_event_loop_post;
        delegate* unmanaged<EventLoopHandle*, long, delegate* unmanaged[Cdecl]<void*, void>, void*, int, ulong*, Status> postAfter = &EventLoopExports.veloz_event_loop_post_after;
        delegate* unmanaged<EventLoopHandle*, ulong, Status> cancel = &EventLoopExports.veloz_event_loop_cancel;
        delegate* unmanaged<EventLoopHandle*, int*, Status> runOnce = &EventLoopExports.veloz_event_loop_run_once;
        delegate* unmanaged<EventLoopHandle*, void> destroy = &EventLoopExports.veloz_event_loop_destroy;
        var config = new VelozEventLoopConfig { StructSize = (uint)sizeof(VelozEventLoopConfig), TaskCapacity = 1024 };
        EventLoopHandle* loop;
        Assert.That(create(&config, &loop), Is.EqualTo(Status.Ok));
        try
        {
            var task = (delegate* unmanaged[Cdecl]<void*, void>)(delegate* unmanaged<void*, void>)&Nothing;
            long allocated = 0;
            int failures = 0, ran, total = 0;
            ulong id;
            for (int round = 0; round < 20_000; round++)
            {
                if (round == 1000) allocated = GC.GetAllocatedBytesForCurrentThread();
                failures += post(loop, task, null, round % 3) != Status.Ok ? 1 : 0;
                failures += postAfter(loop, 0, task, null, 0, &id) != Status.Ok ? 1 : 0;
                if ((round & 1) == 0) failures += cancel(loop, id) != Status.Ok ? 1 : 0;
                failures += runOnce(loop, &ran) != Status.Ok ? 1 : 0;
                total += ran;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.That(failures, Is.Zero);
            Assert.That(total, Is.GreaterThan(25_000));
            Assert.That(allocated, Is.Zero, "bytes allocated by 19k rounds of posts, delayed posts, cancels and runs");
        }
        finally
        {
            destroy(loop);
        }
    }
}
