using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using NUnit.Framework;
using VeloZ.Interop;
using VeloZ.Tests.Memory;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The timer wheel through the published libveloz.so, as a C caller sees it: configs and their defaults, schedule,
/// cancel (live, pending, fired), advance into buffers that fill (the rest pending, in order), periodic timers,
/// advance_callback (context, stop, schedule and cancel from inside, advance and clear from inside refused), stats and
/// struct_size, the owner-thread check, and hostile input (NULL, destroyed and wrong-type handles, bad configs, bad
/// times) after which the wheel is unchanged and usable. The zero-allocation test calls the same exports in-process.
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class TimerAbiTests
{
    private const long Ms = 1_000_000;

    private static nint Create(long tickNs = 0, int levels = 0, long startNs = 0, int initial = 0, int maxTimers = 0)
    {
        var config = new TimerWheelConfigC
        {
            StructSize = (uint)sizeof(TimerWheelConfigC), TickNs = tickNs, Levels = levels, StartNs = startNs,
            InitialTimers = initial, MaxTimers = maxTimers,
        };
        nint wheel = 0;
        AbiAssert.Ok(LibVelozTimers.Create(&config, &wheel), "veloz_timer_wheel_create");
        Assert.That(wheel, Is.Not.EqualTo((nint)0));
        return wheel;
    }

    private static int CreateStatus(TimerWheelConfigC config)
    {
        nint wheel = 12345;
        int status = LibVelozTimers.Create(&config, &wheel);
        if (status == VelozStatus.Ok)
            LibVelozTimers.Destroy(wheel);
        else
            Assert.That(wheel, Is.EqualTo((nint)0), "a failed create stores NULL");
        return status;
    }

    internal static TimerWheelStatsC Stats(nint wheel)
    {
        var stats = new TimerWheelStatsC { StructSize = (uint)sizeof(TimerWheelStatsC) };
        AbiAssert.Ok(LibVelozTimers.GetStats(wheel, &stats), "veloz_timer_wheel_get_stats");
        return stats;
    }

    private static ulong Schedule(nint wheel, long deadline, ulong payload = 0)
    {
        ulong id;
        AbiAssert.Ok(LibVelozTimers.Schedule(wheel, deadline, payload, &id), "veloz_timer_wheel_schedule");
        Assert.That(id, Is.Not.Zero);
        return id;
    }

    private static List<TimerExpiryC> Advance(nint wheel, long now, int capacity = 64)
    {
        var all = new List<TimerExpiryC>();
        var buffer = new TimerExpiryC[capacity];
        int written;
        do
        {
            fixed (TimerExpiryC* b = buffer)
                AbiAssert.Ok(LibVelozTimers.Advance(wheel, now, b, capacity, &written), "veloz_timer_wheel_advance");
            for (int i = 0; i < written; i++)
                all.Add(buffer[i]);
        }
        while (written == capacity);
        return all;
    }

    private static bool IsActive(nint wheel, ulong id)
    {
        int active;
        AbiAssert.Ok(LibVelozTimers.IsActive(wheel, id, &active), "veloz_timer_wheel_is_active");
        Assert.That(active, Is.EqualTo(0).Or.EqualTo(1));
        return active == 1;
    }

    private static long NextDeadline(nint wheel)
    {
        long next;
        AbiAssert.Ok(LibVelozTimers.NextDeadline(wheel, &next), "veloz_timer_wheel_next_deadline");
        return next;
    }

    // ---- the contract ---------------------------------------------------------------------------

    [Test]
    public void A_null_config_gives_the_defaults()
    {
        nint wheel = 0;
        AbiAssert.Ok(LibVelozTimers.Create(null, &wheel), "veloz_timer_wheel_create");
        try
        {
            TimerWheelStatsC s = Stats(wheel);
            Assert.That(s.StructSize, Is.EqualTo((uint)sizeof(TimerWheelStatsC)), "struct_size is left as it was");
            Assert.That((s.TickNs, s.Levels, s.NowNs, s.Active, s.Pending), Is.EqualTo((1_000_000L, 4, 0L, 0L, 0L)));
            Assert.That(s.Capacity, Is.EqualTo(1024));
            Assert.That(s.MaxDelayNs, Is.EqualTo((255L * (1 << 24) - 2) * 1_000_000), "255 x 2^24 ticks of 1 ms, less two");
            Assert.That(NextDeadline(wheel), Is.EqualTo(long.MaxValue), "no timer: INT64_MAX");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void Timers_fire_exactly_at_their_deadline_in_deadline_order_with_ties_in_scheduling_order()
    {
        nint wheel = Create(tickNs: 1 * Ms, startNs: 10 * Ms);
        try
        {
            ulong late = Schedule(wheel, 10 * Ms + 2_500_000, 3);
            ulong first = Schedule(wheel, 10 * Ms + 1_200_000, 1);
            ulong tie = Schedule(wheel, 10 * Ms + 1_200_000, 2);
            ulong past = Schedule(wheel, 5 * Ms, 0);
            Assert.That(NextDeadline(wheel), Is.EqualTo(10 * Ms), "the past timer is due now: the wheel's time, never earlier");

            List<TimerExpiryC> due = Advance(wheel, 10 * Ms + 1_199_999);
            Assert.That(due.ConvertAll(e => e.Id), Is.EqualTo(new[] { past }), "1 ns before the deadline nothing else fires");
            Assert.That(due[0].LateNs, Is.EqualTo(10 * Ms + 1_199_999 - 5 * Ms));

            due = Advance(wheel, 10 * Ms + 1_200_000);
            Assert.That(due.ConvertAll(e => e.Id), Is.EqualTo(new[] { first, tie }), "at the deadline, in scheduling order");
            Assert.That(due.ConvertAll(e => e.Payload), Is.EqualTo(new ulong[] { 1, 2 }));
            Assert.That(due.TrueForAll(e => e.LateNs == 0 && e.Expirations == 1 && e.Flags == 0), Is.True, "on time, one-shot");

            Assert.That(NextDeadline(wheel), Is.InRange(10 * Ms + 1_200_001, 10 * Ms + 2_500_000), "a lower bound of the last deadline");
            due = Advance(wheel, 20 * Ms);
            Assert.That(due.ConvertAll(e => (e.Id, e.Deadline, e.LateNs)), Is.EqualTo(new[] { (late, 10 * Ms + 2_500_000, 20 * Ms - (10 * Ms + 2_500_000)) }));
            Assert.That(IsActive(wheel, late), Is.False, "a fired one-shot is gone");
            Assert.That(Stats(wheel).Fired, Is.EqualTo(4));
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void A_full_buffer_leaves_the_rest_pending_in_order_and_cancellable()
    {
        nint wheel = Create(tickNs: 1000);
        try
        {
            var ids = new ulong[10];
            for (int i = 0; i < ids.Length; i++)
                ids[i] = Schedule(wheel, 10_000 - i * 100, (ulong)i); // later scheduled, earlier due
            var buffer = new TimerExpiryC[4];
            int written;
            fixed (TimerExpiryC* b = buffer)
                AbiAssert.Ok(LibVelozTimers.Advance(wheel, 50_000, b, 4, &written), "veloz_timer_wheel_advance");
            Assert.That(written, Is.EqualTo(4), "written == capacity: call again");
            Assert.That(Array.ConvertAll(buffer, e => e.Id), Is.EqualTo(new[] { ids[9], ids[8], ids[7], ids[6] }));
            Assert.That(Stats(wheel).Pending, Is.EqualTo(6));
            Assert.That(NextDeadline(wheel), Is.EqualTo(50_000), "timers pending: the wheel's time");

            AbiAssert.Ok(LibVelozTimers.Cancel(wheel, ids[4]), "veloz_timer_wheel_cancel");
            AbiAssert.Status(LibVelozTimers.Cancel(wheel, ids[9]), VelozStatus.NotFound, "veloz_timer_wheel_cancel");
            Assert.That(LibVeloz.LastError(), Does.Contain($"0x{ids[9]:X}"), "the message names the id");

            // A capacity of 0 delivers nothing and loses nothing.
            AbiAssert.Ok(LibVelozTimers.Advance(wheel, 50_000, null, 0, &written), "veloz_timer_wheel_advance");
            Assert.That(written, Is.Zero);
            List<TimerExpiryC> rest = Advance(wheel, 50_000, capacity: 3);
            Assert.That(rest.ConvertAll(e => e.Id), Is.EqualTo(new[] { ids[5], ids[3], ids[2], ids[1], ids[0] }));
            Assert.That(Stats(wheel).Active, Is.Zero);
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void A_periodic_timer_keeps_its_id_and_counts_the_periods_it_missed()
    {
        nint wheel = Create(tickNs: 1000);
        try
        {
            ulong id;
            AbiAssert.Ok(LibVelozTimers.SchedulePeriodic(wheel, 10_000, 3_000, 77, &id), "veloz_timer_wheel_schedule_periodic");
            List<TimerExpiryC> due = Advance(wheel, 10_000);
            Assert.That(due.ConvertAll(e => (e.Id, e.Payload, e.Deadline, e.Expirations, e.Flags)), Is.EqualTo(new[] { (id, 77UL, 10_000L, 1, 1u) }));
            due = Advance(wheel, 21_500); // deadlines 13k, 16k, 19k passed
            Assert.That(due.ConvertAll(e => (e.Id, e.Deadline, e.LateNs, e.Expirations)), Is.EqualTo(new[] { (id, 13_000L, 8_500L, 3) }));
            Assert.That(Stats(wheel).MissedPeriods, Is.EqualTo(2));
            Assert.That(Advance(wheel, 21_999), Is.Empty, "re-armed on its grid: 22k");
            Assert.That(Advance(wheel, 22_000).ConvertAll(e => e.Deadline), Is.EqualTo(new[] { 22_000L }));
            AbiAssert.Ok(LibVelozTimers.Cancel(wheel, id), "veloz_timer_wheel_cancel");
            Assert.That(Advance(wheel, 100_000), Is.Empty);

            AbiAssert.Status(LibVelozTimers.SchedulePeriodic(wheel, 200_000, 0, 0, &id), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule_periodic");
            Assert.That(LibVeloz.LastError(), Does.Contain("interval"));
            Assert.That(id, Is.Zero, "a failed schedule stores 0");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void Schedule_after_counts_from_the_wheels_time()
    {
        nint wheel = Create(tickNs: 1000, startNs: 1_000_000);
        try
        {
            Assert.That(Advance(wheel, 1_500_000), Is.Empty);
            ulong id;
            AbiAssert.Ok(LibVelozTimers.ScheduleAfter(wheel, 2_000, 5, &id), "veloz_timer_wheel_schedule_after");
            Assert.That(Advance(wheel, 1_502_000).ConvertAll(e => (e.Id, e.Deadline)), Is.EqualTo(new[] { (id, 1_502_000L) }));
            AbiAssert.Status(LibVelozTimers.ScheduleAfter(wheel, -1, 0, &id), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule_after");
            long max = Stats(wheel).MaxDelayNs;
            AbiAssert.Status(LibVelozTimers.ScheduleAfter(wheel, max + 1, 0, &id), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule_after");
            Assert.That(LibVeloz.LastError(), Does.Contain($"delay_ns must be 0..{max}").And.Contain($"got {max + 1}"));
            AbiAssert.Status(LibVelozTimers.Schedule(wheel, -1, 0, &id), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule");
            AbiAssert.Status(LibVelozTimers.Schedule(wheel, long.MinValue, 0, &id), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule");
            AbiAssert.Status(LibVelozTimers.SchedulePeriodic(wheel, long.MinValue, 1000, 0, &id), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule_periodic");
            Assert.That(id, Is.Zero);
            AbiAssert.Ok(LibVelozTimers.ScheduleAfter(wheel, max, 0, &id), "veloz_timer_wheel_schedule_after");
            Assert.That(IsActive(wheel, id), Is.True, "max_delay_ns itself is in range");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    // ---- the callback ---------------------------------------------------------------------------

    private sealed class CallbackState
    {
        public nint Wheel;
        public readonly List<TimerExpiryC> Seen = new();
        public int StopAfter = int.MaxValue;
        public ulong CancelOnFirst;
        public long ScheduleOnFirst = -1;
        public ulong Scheduled;
        public int InnerAdvance = int.MinValue;
        public int InnerClear = int.MinValue;
        public string InnerMessage = "";
    }

    [UnmanagedCallersOnly]
    private static int OnExpiry(void* context, TimerExpiryC* expiry)
    {
        var state = (CallbackState)GCHandle.FromIntPtr((nint)context).Target!;
        state.Seen.Add(*expiry);
        if (state.Seen.Count == 1)
        {
            if (state.CancelOnFirst != 0)
                LibVelozTimers.Cancel(state.Wheel, state.CancelOnFirst);
            if (state.ScheduleOnFirst >= 0)
            {
                ulong id;
                LibVelozTimers.Schedule(state.Wheel, state.ScheduleOnFirst, 99, &id);
                state.Scheduled = id;
            }
            if (state.InnerAdvance == int.MinValue + 1)
            {
                int written;
                state.InnerAdvance = LibVelozTimers.Advance(state.Wheel, long.MaxValue / 4, null, 0, &written);
                state.InnerMessage = LibVeloz.LastError();
                state.InnerClear = LibVelozTimers.Clear(state.Wheel);
            }
        }
        return state.Seen.Count >= state.StopAfter ? 1 : 0;
    }

    private static int AdvanceCallback(nint wheel, long now, CallbackState state, out int fired)
    {
        GCHandle handle = GCHandle.Alloc(state);
        try
        {
            int count;
            int status = LibVelozTimers.AdvanceCallback(wheel, now, &OnExpiry, (void*)GCHandle.ToIntPtr(handle), &count);
            fired = count;
            return status;
        }
        finally
        {
            handle.Free();
        }
    }

    [Test]
    public void The_callback_gets_its_context_may_stop_and_may_schedule_and_cancel()
    {
        nint wheel = Create(tickNs: 1000);
        try
        {
            ulong a = Schedule(wheel, 1_000, 1), b = Schedule(wheel, 2_000, 2), c = Schedule(wheel, 3_000, 3), d = Schedule(wheel, 4_000, 4);
            var state = new CallbackState { Wheel = wheel, StopAfter = 2, CancelOnFirst = c, ScheduleOnFirst = 0 };
            AbiAssert.Ok(AdvanceCallback(wheel, 10_000, state, out int fired), "veloz_timer_wheel_advance_callback");
            Assert.That(fired, Is.EqualTo(2));
            Assert.That(state.Seen.ConvertAll(e => (e.Id, e.Payload)), Is.EqualTo(new[] { (a, 1UL), (b, 2UL) }), "stopped after the second");
            Assert.That(state.Scheduled, Is.Not.Zero);
            Assert.That(Stats(wheel).Pending, Is.EqualTo(1), "d waits; c was cancelled from inside");

            var next = new CallbackState { Wheel = wheel };
            AbiAssert.Ok(AdvanceCallback(wheel, 10_000, next, out fired), "veloz_timer_wheel_advance_callback");
            Assert.That(next.Seen.ConvertAll(e => e.Id), Is.EqualTo(new[] { d, state.Scheduled }), "the pending one first, then the one scheduled (already due) inside");
            Assert.That(Stats(wheel).Active, Is.Zero);
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void Advancing_or_clearing_from_inside_the_callback_is_refused_and_the_advance_goes_on()
    {
        nint wheel = Create(tickNs: 1000);
        try
        {
            ulong a = Schedule(wheel, 1_000), b = Schedule(wheel, 2_000);
            var state = new CallbackState { Wheel = wheel, InnerAdvance = int.MinValue + 1 };
            AbiAssert.Ok(AdvanceCallback(wheel, 5_000, state, out int fired), "veloz_timer_wheel_advance_callback");
            Assert.That(state.InnerAdvance, Is.EqualTo(VelozStatus.State));
            Assert.That(state.InnerMessage, Does.Contain("advancing"));
            Assert.That(state.InnerClear, Is.EqualTo(VelozStatus.State));
            Assert.That(state.Seen.ConvertAll(e => e.Id), Is.EqualTo(new[] { a, b }));
            Assert.That(Stats(wheel).NowNs, Is.EqualTo(5_000), "the inner advance did not move the time");

            int count;
            AbiAssert.Status(LibVelozTimers.AdvanceCallback(wheel, 6_000, null, null, &count), VelozStatus.InvalidArgument, "veloz_timer_wheel_advance_callback");
            Assert.That(Stats(wheel).NowNs, Is.EqualTo(5_000), "a refused advance does not move the time");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    // ---- limits and hostile input ----------------------------------------------------------------

    [Test]
    public void Bad_configs_are_refused_naming_the_field()
    {
        var good = new TimerWheelConfigC { StructSize = (uint)sizeof(TimerWheelConfigC) };
        Assert.That(CreateStatus(good), Is.EqualTo(VelozStatus.Ok));
        (string Field, TimerWheelConfigC Config)[] bad =
        {
            ("tick_ns", good with { TickNs = 999 }),
            ("tick_ns", good with { TickNs = 3_600_000_000_001 }),
            ("levels", good with { Levels = 8 }),
            ("levels", good with { Levels = -1 }),
            ("start_ns", good with { StartNs = -1 }),
            ("initial_timers", good with { InitialTimers = (1 << 26) + 1 }),
            ("max_timers", good with { InitialTimers = 64, MaxTimers = 63 }),
            ("flags", good with { Flags = 1 }),
            ("reserved", good with { Reserved = 1 }),
            ("struct_size", good with { StructSize = 0 }),
        };
        foreach ((string field, TimerWheelConfigC config) in bad)
        {
            Assert.That(CreateStatus(config), Is.EqualTo(VelozStatus.InvalidArgument), field);
            Assert.That(LibVeloz.LastError(), Does.Contain(field).And.Contain("timer_wheel_create"), field);
        }
        nint wheel = 0;
        AbiAssert.Status(LibVelozTimers.Create(null, null), VelozStatus.InvalidArgument, "veloz_timer_wheel_create");
        // An older, shorter struct: the fields beyond it take their defaults.
        var old = good with { StructSize = 16, TickNs = 5_000, StartNs = 123 };
        AbiAssert.Ok(LibVelozTimers.Create(&old, &wheel), "veloz_timer_wheel_create");
        TimerWheelStatsC s = Stats(wheel);
        LibVelozTimers.Destroy(wheel);
        Assert.That((s.TickNs, s.NowNs), Is.EqualTo((5_000L, 0L)), "start_ns lies beyond struct_size 16");
    }

    [Test]
    public void Refused_calls_leave_the_wheel_unchanged_and_usable()
    {
        nint wheel = Create(tickNs: 1000, levels: 2, maxTimers: 4, initial: 4);
        nint histogram = 0;
        try
        {
            for (int i = 0; i < 4; i++)
                Schedule(wheel, 10_000 + i);
            Advance(wheel, 5_000);
            TimerWheelStatsC before = Stats(wheel);
            ulong id = 7;
            int written;
            long next;
            var buffer = new TimerExpiryC[2];

            AbiAssert.Status(LibVelozTimers.Schedule(wheel, 6_000, 0, &id), VelozStatus.Full, "veloz_timer_wheel_schedule");
            Assert.That(id, Is.Zero);
            Assert.That(LibVeloz.LastError(), Does.Contain("full"));
            AbiAssert.Status(LibVelozTimers.Schedule(wheel, 6_000, 0, null), VelozStatus.InvalidArgument, "veloz_timer_wheel_schedule");
            AbiAssert.Status(LibVelozTimers.Advance(wheel, 4_999, null, 0, &written), VelozStatus.InvalidArgument, "veloz_timer_wheel_advance");
            Assert.That(LibVeloz.LastError(), Does.Contain("before"));
            AbiAssert.Status(LibVelozTimers.Advance(wheel, (1L << 62) + 1, null, 0, &written), VelozStatus.InvalidArgument, "veloz_timer_wheel_advance");
            AbiAssert.Status(LibVelozTimers.Advance(wheel, 20_000, null, 1, &written), VelozStatus.InvalidArgument, "veloz_timer_wheel_advance");
            fixed (TimerExpiryC* b = buffer)
            {
                AbiAssert.Status(LibVelozTimers.Advance(wheel, 20_000, b, -1, &written), VelozStatus.InvalidArgument, "veloz_timer_wheel_advance");
                AbiAssert.Status(LibVelozTimers.Advance(wheel, 20_000, b, 2, null), VelozStatus.InvalidArgument, "veloz_timer_wheel_advance");
            }
            AbiAssert.Status(LibVelozTimers.NextDeadline(wheel, null), VelozStatus.InvalidArgument, "veloz_timer_wheel_next_deadline");
            AbiAssert.Status(LibVelozTimers.IsActive(wheel, 1, null), VelozStatus.InvalidArgument, "veloz_timer_wheel_is_active");
            AbiAssert.Status(LibVelozTimers.Cancel(wheel, 0), VelozStatus.NotFound, "veloz_timer_wheel_cancel");
            AbiAssert.Status(LibVelozTimers.Cancel(wheel, ulong.MaxValue), VelozStatus.NotFound, "veloz_timer_wheel_cancel");
            AbiAssert.Status(LibVelozTimers.GetStats(wheel, null), VelozStatus.InvalidArgument, "veloz_timer_wheel_get_stats");

            // Handles that are not this wheel.
            var hc = new HistogramConfig { StructSize = (uint)sizeof(HistogramConfig), SignificantDigits = 2, LowestTrackable = 1, HighestTrackable = 1_000_000 };
            AbiAssert.Ok(LibVeloz.HistogramCreate(&hc, &histogram), "veloz_histogram_create");
            nint dead = Create();
            LibVelozTimers.Destroy(dead);
            foreach (nint other in new[] { 0, histogram, dead, (nint)0x1234_5678 })
            {
                AbiAssert.Status(LibVelozTimers.Schedule(other, 1, 0, &id), VelozStatus.InvalidHandle, "veloz_timer_wheel_schedule");
                AbiAssert.Status(LibVelozTimers.Cancel(other, 1), VelozStatus.InvalidHandle, "veloz_timer_wheel_cancel");
                AbiAssert.Status(LibVelozTimers.Advance(other, 1, null, 0, &written), VelozStatus.InvalidHandle, "veloz_timer_wheel_advance");
                AbiAssert.Status(LibVelozTimers.NextDeadline(other, &next), VelozStatus.InvalidHandle, "veloz_timer_wheel_next_deadline");
                AbiAssert.Status(LibVelozTimers.Clear(other), VelozStatus.InvalidHandle, "veloz_timer_wheel_clear");
                var st = new TimerWheelStatsC { StructSize = (uint)sizeof(TimerWheelStatsC) };
                AbiAssert.Status(LibVelozTimers.GetStats(other, &st), VelozStatus.InvalidHandle, "veloz_timer_wheel_get_stats");
            }
            LibVelozTimers.Destroy(0);
            LibVelozTimers.Destroy(dead); // twice: a no-op

            TimerWheelStatsC after = Stats(wheel);
            Assert.That(after with { FailedSchedules = 0, FailedCancels = 0 }, Is.EqualTo(before with { FailedSchedules = 0, FailedCancels = 0 }), "nothing but the failure counters changed");
            Assert.That(after.FailedSchedules - before.FailedSchedules, Is.EqualTo(1), "the full schedule (the NULL out_id never reached the wheel)");
            Assert.That(after.FailedCancels - before.FailedCancels, Is.EqualTo(2));
            Assert.That(Advance(wheel, 20_000).Count, Is.EqualTo(4), "every timer still fires");
            Schedule(wheel, 30_000);
            AbiAssert.Ok(LibVelozTimers.Clear(wheel), "veloz_timer_wheel_clear");
            Assert.That(Stats(wheel).Active, Is.Zero);
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
            if (histogram != 0)
                LibVeloz.HistogramDestroy(histogram);
        }
    }

    [Test]
    public void Get_stats_writes_only_struct_size_bytes()
    {
        nint wheel = Create(tickNs: 2000);
        try
        {
            var stats = new TimerWheelStatsC { StructSize = 16, NowNs = -7, MaxDelayNs = -8 };
            AbiAssert.Ok(LibVelozTimers.GetStats(wheel, &stats), "veloz_timer_wheel_get_stats");
            Assert.That((stats.StructSize, stats.Levels, stats.TickNs, stats.NowNs, stats.MaxDelayNs), Is.EqualTo((16u, 4, 2000L, -7L, -8L)));
            stats.StructSize = 0;
            AbiAssert.Status(LibVelozTimers.GetStats(wheel, &stats), VelozStatus.InvalidArgument, "veloz_timer_wheel_get_stats");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void A_wheel_belongs_to_its_first_thread()
    {
        nint wheel = Create(tickNs: 1000);
        try
        {
            Schedule(wheel, 5_000); // this thread owns it now
            var statuses = new List<int>();
            var thread = new Thread(() =>
            {
                ulong id;
                int written;
                statuses.Add(LibVelozTimers.Schedule(wheel, 1, 0, &id));
                statuses.Add(LibVelozTimers.Cancel(wheel, 1));
                statuses.Add(LibVelozTimers.Advance(wheel, 10_000, null, 0, &written));
            });
            thread.Start();
            Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(statuses, Is.All.EqualTo(VelozStatus.State), "another thread is refused");
            Assert.That(Advance(wheel, 10_000).Count, Is.EqualTo(1), "the owner still works and the timer is intact");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    [Test]
    public void Random_schedules_cancels_and_advances_through_the_abi_match_the_core_wheel_in_lockstep()
    {
        // The same operations on the published wheel and on a Core TimerWheel: the ids, statuses and every expiry
        // must be equal, so the ABI neither loses, reorders nor alters anything the Core differential tests checked.
        int seed = MemoryTestKit.Seed();
        var random = new Random(seed);
        nint wheel = Create(tickNs: 1000, levels: 3, maxTimers: 512, initial: 64);
        var core = new VeloZ.Timers.TimerWheel(new VeloZ.Timers.TimerWheelConfig { TickNs = 1000, Levels = 3, MaxTimers = 512, InitialTimers = 64 });
        var ids = new List<ulong>();
        long now = 0, fired = 0;
        var cBuffer = new TimerExpiryC[16];
        var coreBuffer = new VeloZ.Timers.TimerExpiry[16];
        try
        {
            for (int step = 0; step < 30_000; step++)
            {
                string where = $"seed {seed}, step {step}";
                int op = random.Next(10);
                if (op < 5)
                {
                    long deadline = now + random.NextInt64(-2_000, 400_000);
                    long interval = op == 0 ? random.Next(-10, 50_000) : 0;
                    ulong payload = (ulong)step;
                    ulong id;
                    int status = op == 0
                        ? LibVelozTimers.SchedulePeriodic(wheel, deadline, interval, payload, &id)
                        : LibVelozTimers.Schedule(wheel, deadline, payload, &id);
                    VeloZ.Timers.TimerResult expected = op == 0
                        ? core.TrySchedulePeriodic(deadline, interval, payload, out ulong coreId)
                        : core.TrySchedule(deadline, payload, out coreId);
                    int expectedStatus = expected switch
                    {
                        VeloZ.Timers.TimerResult.Ok => VelozStatus.Ok,
                        VeloZ.Timers.TimerResult.Full => VelozStatus.Full,
                        _ => VelozStatus.InvalidArgument,
                    };
                    Assert.That((status, id), Is.EqualTo((expectedStatus, coreId)), where);
                    if (status == VelozStatus.Ok)
                        ids.Add(id);
                }
                else if (op < 7 && ids.Count > 0)
                {
                    int i = random.Next(ids.Count);
                    ulong id = ids[i];
                    if (random.Next(3) != 0)
                    {
                        ids[i] = ids[^1];
                        ids.RemoveAt(ids.Count - 1);
                    }
                    int status = LibVelozTimers.Cancel(wheel, id);
                    int expected = core.Cancel(id) == VeloZ.Timers.TimerResult.Ok ? VelozStatus.Ok : VelozStatus.NotFound;
                    Assert.That(status, Is.EqualTo(expected), $"{where}: cancel");
                }
                else
                {
                    now += random.Next(4) == 0 ? random.NextInt64(2_000_000) : random.NextInt64(30_000);
                    int capacity = random.Next(1, cBuffer.Length + 1);
                    int written;
                    fixed (TimerExpiryC* b = cBuffer)
                        AbiAssert.Ok(LibVelozTimers.Advance(wheel, now, b, capacity, &written), "veloz_timer_wheel_advance");
                    int coreWritten = core.Advance(now, coreBuffer.AsSpan(0, capacity));
                    Assert.That(written, Is.EqualTo(coreWritten), $"{where}: written");
                    for (int i = 0; i < written; i++)
                    {
                        TimerExpiryC e = cBuffer[i];
                        VeloZ.Timers.TimerExpiry c = coreBuffer[i];
                        Assert.That((e.Id, e.Payload, e.Deadline, e.LateNs, e.Expirations, e.Flags),
                            Is.EqualTo((c.Id, c.Payload, c.Deadline, c.LateNs, c.Expirations, (uint)c.Flags)), $"{where}: expiry {i}");
                    }
                    fired += written;
                }
                if (step % 64 == 0)
                {
                    TimerWheelStatsC s = Stats(wheel);
                    Assert.That((s.Active, s.Pending, s.NowNs, s.Fired), Is.EqualTo(((long)core.Count, (long)core.Pending, core.Now, core.Statistics.Fired)), where);
                    Assert.That(NextDeadline(wheel), Is.EqualTo(core.NextDeadline), where);
                }
            }
            TestContext.Out.WriteLine($"seed {seed}: fired {fired}, {Stats(wheel)}");
            Assert.That(fired, Is.GreaterThan(1000), "the run fired too little to compare");
        }
        finally
        {
            LibVelozTimers.Destroy(wheel);
        }
    }

    // ---- fuzz ---------------------------------------------------------------------------------------

    [Test]
    public void Random_handles_and_arguments_give_known_statuses_and_leave_live_objects_unchanged()
    {
        // Every timer export with NULL, random, destroyed and other components' handles, random times, ids, intervals,
        // capacities and NULL pointers. Any handle but the scratch wheel must give VELOZ_E_INVALID_HANDLE; the scratch
        // wheel must answer exactly as a Core TimerWheel given the same calls. The sentinels (a wheel with timers, a
        // pool with a block out, a histogram with values) are never handed to a call and must be unchanged.
        int seed = Environment.GetEnvironmentVariable("VELOZ_FUZZ_SEED") is { } text ? int.Parse(text) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (replay with VELOZ_FUZZ_SEED={seed})");
        var random = new Random(seed);
        nint sentinel = Create(tickNs: 1000);
        Schedule(sentinel, 5_000, 1);
        Schedule(sentinel, 9_000_000, 2);
        var poolConfig = new PoolConfig { StructSize = (uint)sizeof(PoolConfig), BlockSize = 32, InitialBlocks = 4 };
        nint pool = 0;
        AbiAssert.Ok(LibVelozMemory.Pool.Create(&poolConfig, &pool), "veloz_pool_create");
        void* block;
        AbiAssert.Ok(LibVelozMemory.Pool.Rent(pool, &block), "veloz_pool_rent");
        var hc = new HistogramConfig { StructSize = (uint)sizeof(HistogramConfig), SignificantDigits = 2, LowestTrackable = 1, HighestTrackable = 1_000_000 };
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(&hc, &histogram), "veloz_histogram_create");
        AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 1234), "veloz_histogram_record");
        TimerWheelStatsC sentinelBefore = Stats(sentinel);
        PoolStats poolBefore = MemoryAbiTests.Stats(LibVelozMemory.Pool, pool);
        HistogramStats histogramBefore = HistogramAbiTests.Stats(histogram);

        nint scratch = Create(tickNs: 1000, levels: 2, maxTimers: 64, initial: 8);
        var core = new VeloZ.Timers.TimerWheel(new VeloZ.Timers.TimerWheelConfig { TickNs = 1000, Levels = 2, MaxTimers = 64, InitialTimers = 8 });
        nint dead = Create();
        LibVelozTimers.Destroy(dead);
        nint[] others = { 0, dead, pool, histogram, (nint)random.NextInt64(), 1, -1 };
        var ids = new List<ulong> { 0, ulong.MaxValue, 1UL << 32 | 1 };
        var buffer = new TimerExpiryC[8];
        var coreBuffer = new VeloZ.Timers.TimerExpiry[8];
        int[] known = { VelozStatus.Ok, VelozStatus.InvalidArgument, VelozStatus.InvalidHandle, VelozStatus.NotFound, VelozStatus.Full };
        try
        {
            for (int i = 0; i < 200_000; i++)
            {
                bool isScratch = random.Next(3) != 0;
                nint handle = isScratch ? scratch : others[random.Next(others.Length)];
                bool nullOut = random.Next(12) == 0;
                long time = random.Next(4) switch
                {
                    0 => random.NextInt64(),
                    1 => -random.NextInt64(1_000),
                    _ => core.Now + random.NextInt64(-5_000, 500_000),
                };
                ulong id = random.Next(3) == 0 ? (ulong)random.NextInt64() : ids[random.Next(ids.Count)];
                int op = random.Next(9);
                int status, expected;
                ulong outId = 7;
                int written = -5;
                switch (op)
                {
                    case 0:
                    case 1:
                    {
                        // The Core model only sees the scratch wheel's calls (the foreign ones are refused before it).
                        status = LibVelozTimers.Schedule(handle, time, 0, nullOut ? null : &outId);
                        ulong coreId = 0;
                        expected = nullOut || !isScratch ? VelozStatus.InvalidArgument : ScheduleStatus(core.TrySchedule(time, 0, out coreId));
                        if (isScratch && !nullOut)
                            Assert.That(outId, Is.EqualTo(coreId), $"seed {seed}, step {i}: the id");
                        if (isScratch && status == VelozStatus.Ok) ids.Add(outId);
                        break;
                    }
                    case 2:
                    {
                        long interval = random.Next(3) == 0 ? random.NextInt64() : random.NextInt64(-10, 100_000);
                        status = LibVelozTimers.SchedulePeriodic(handle, time, interval, 0, nullOut ? null : &outId);
                        expected = nullOut || !isScratch ? VelozStatus.InvalidArgument : ScheduleStatus(core.TrySchedulePeriodic(time, interval, 0, out _));
                        if (isScratch && status == VelozStatus.Ok) ids.Add(outId);
                        break;
                    }
                    case 3:
                    {
                        long delay = time - core.Now;
                        status = LibVelozTimers.ScheduleAfter(handle, delay, 0, nullOut ? null : &outId);
                        expected = nullOut || !isScratch ? VelozStatus.InvalidArgument : ScheduleStatus(core.TryScheduleAfter(delay, 0, out _));
                        if (isScratch && status == VelozStatus.Ok) ids.Add(outId);
                        break;
                    }
                    case 4:
                        status = LibVelozTimers.Cancel(handle, id);
                        expected = isScratch && core.Cancel(id) == VeloZ.Timers.TimerResult.Ok ? VelozStatus.Ok : VelozStatus.NotFound;
                        break;
                    case 5:
                    {
                        int capacity = random.Next(6) == 0 ? -random.Next(1, 9) : random.Next(0, buffer.Length + 1);
                        bool nullBuffer = random.Next(8) == 0;
                        fixed (TimerExpiryC* b = buffer)
                            status = LibVelozTimers.Advance(handle, time, nullBuffer ? null : b, capacity, nullOut ? null : &written);
                        bool argsBad = nullOut || capacity < 0 || (nullBuffer && capacity > 0) || time < core.Now || time > VeloZ.Timers.TimerWheel.MaxTimeNs;
                        expected = argsBad ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                        if (isScratch && !argsBad)
                        {
                            int coreWritten = core.Advance(time, coreBuffer.AsSpan(0, capacity));
                            Assert.That(written, Is.EqualTo(coreWritten), $"seed {seed}, step {i}: written");
                            for (int k = 0; k < written; k++)
                                Assert.That((buffer[k].Id, buffer[k].Deadline), Is.EqualTo((coreBuffer[k].Id, coreBuffer[k].Deadline)), $"seed {seed}, step {i}: expiry {k}");
                        }
                        break;
                    }
                    case 6:
                    {
                        int active = -1;
                        status = LibVelozTimers.IsActive(handle, id, nullOut ? null : &active);
                        expected = nullOut ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                        if (isScratch && !nullOut) Assert.That(active == 1, Is.EqualTo(core.IsActive(id)), $"seed {seed}, step {i}: is_active");
                        break;
                    }
                    case 7:
                    {
                        long next = 0;
                        status = LibVelozTimers.NextDeadline(handle, nullOut ? null : &next);
                        expected = nullOut ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                        if (isScratch && !nullOut) Assert.That(next, Is.EqualTo(core.NextDeadline), $"seed {seed}, step {i}: next_deadline");
                        break;
                    }
                    default:
                    {
                        var stats = new TimerWheelStatsC { StructSize = random.Next(3) == 0 ? (uint)random.Next(0, 5000) : (uint)sizeof(TimerWheelStatsC) };
                        status = LibVelozTimers.GetStats(handle, nullOut ? null : &stats);
                        bool sizeOk = stats.StructSize is >= 4 and <= 4096;
                        expected = nullOut || !sizeOk ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                        break;
                    }
                }
                Assert.That(known, Does.Contain(status), $"seed {seed}, step {i}: op {op} returned an unknown status {status}");
                if (!isScratch)
                    Assert.That(status, Is.EqualTo(VelozStatus.InvalidHandle).Or.EqualTo(VelozStatus.InvalidArgument), $"seed {seed}, step {i}: op {op} on a foreign handle");
                else
                    Assert.That(status, Is.EqualTo(expected), $"seed {seed}, step {i}: op {op} on the scratch wheel ({LibVeloz.LastError()})");
                if (op <= 3 && !nullOut && status != VelozStatus.Ok)
                    Assert.That(outId, Is.Zero, $"seed {seed}, step {i}: a failed schedule stores 0 in *out_id");
                if (ids.Count > 200) ids.RemoveRange(3, 100);
            }
            Assert.That(Stats(sentinel), Is.EqualTo(sentinelBefore), "the sentinel wheel");
            Assert.That(MemoryAbiTests.Stats(LibVelozMemory.Pool, pool), Is.EqualTo(poolBefore), "the sentinel pool");
            Assert.That(HistogramAbiTests.Stats(histogram), Is.EqualTo(histogramBefore), "the sentinel histogram");
            Assert.That(Stats(scratch).Active, Is.EqualTo(core.Count), "the scratch wheel's live timers");
        }
        finally
        {
            LibVelozTimers.Destroy(scratch);
            LibVelozTimers.Destroy(sentinel);
            LibVelozMemory.Pool.Return(pool, block);
            LibVelozMemory.Pool.Destroy(pool);
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    private static int ScheduleStatus(VeloZ.Timers.TimerResult result) => result switch
    {
        VeloZ.Timers.TimerResult.Ok => VelozStatus.Ok,
        VeloZ.Timers.TimerResult.Full => VelozStatus.Full,
        _ => VelozStatus.InvalidArgument,
    };

    // ---- allocation ---------------------------------------------------------------------------------

    [Test]
    public void Schedule_cancel_and_advance_through_the_exports_allocate_nothing_in_process()
    {
        delegate* unmanaged<VelozTimerWheelConfig*, TimerWheelHandle**, Status> create = &TimerWheelExports.veloz_timer_wheel_create;
        delegate* unmanaged<TimerWheelHandle*, long, ulong, ulong*, Status> schedule = &TimerWheelExports.veloz_timer_wheel_schedule;
        delegate* unmanaged<TimerWheelHandle*, long, long, ulong, ulong*, Status> periodic = &TimerWheelExports.veloz_timer_wheel_schedule_periodic;
        delegate* unmanaged<TimerWheelHandle*, ulong, Status> cancel = &TimerWheelExports.veloz_timer_wheel_cancel;
        delegate* unmanaged<TimerWheelHandle*, long, VeloZ.Timers.TimerExpiry*, int, int*, Status> advance = &TimerWheelExports.veloz_timer_wheel_advance;
        delegate* unmanaged<TimerWheelHandle*, void> destroy = &TimerWheelExports.veloz_timer_wheel_destroy;
        var config = new VelozTimerWheelConfig { StructSize = (uint)sizeof(VelozTimerWheelConfig), TickNs = 1000, InitialTimers = 4096, MaxTimers = 4096 };
        TimerWheelHandle* wheel;
        Assert.That(create(&config, &wheel), Is.EqualTo(Status.Ok));
        try
        {
            VeloZ.Timers.TimerExpiry* buffer = stackalloc VeloZ.Timers.TimerExpiry[64];
            ulong* ids = stackalloc ulong[256];
            ulong periodicId;
            Assert.That(periodic(wheel, 1_000, 7_000, 0, &periodicId), Is.EqualTo(Status.Ok));
            long now = 0, allocated = 0, fired = 0, notFound = 0;
            int written, failures = 0;
            for (int round = 0; round < 20_000; round++)
            {
                if (round == 1000)
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 4; i++)
                    failures += schedule(wheel, now + 1_000 + (round * 7919 + i * 104_729) % 3_000_000, (ulong)i, &ids[(round * 4 + i) & 255]) != Status.Ok ? 1 : 0;
                notFound += cancel(wheel, ids[(round * 3) & 255]) == Status.ENotFound ? 1 : 0;
                now += 2_500;
                do
                {
                    failures += advance(wheel, now, buffer, 64, &written) != Status.Ok ? 1 : 0;
                    fired += written;
                }
                while (written == 64);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.That(failures, Is.Zero);
            Assert.That(fired, Is.GreaterThan(20_000), "timers fired");
            Assert.That(notFound, Is.GreaterThan(0), "some cancels came after the timer fired");
            Assert.That(allocated, Is.Zero, "bytes allocated by 19k rounds of schedules, cancels (some VELOZ_E_NOT_FOUND) and advances");
        }
        finally
        {
            destroy(wheel);
        }
    }
}
