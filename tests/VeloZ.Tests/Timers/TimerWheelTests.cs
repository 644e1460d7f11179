using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Timers;

namespace VeloZ.Tests.Timers;

/// <summary>The TimerWheel's contract case by case: settings, ranges, cancel after firing, handlers, reentry, allocation.</summary>
[TestFixture]
public class TimerWheelTests
{
    private static TimerWheel Wheel(long tick = 1_000, int levels = 0, long start = 0, int max = 0) =>
        new(new TimerWheelConfig { TickNs = tick, Levels = levels, StartNs = start, MaxTimers = max, InitialTimers = max == 0 ? 0 : Math.Min(16, max) });

    private static List<TimerExpiry> Fire(TimerWheel wheel, long now)
    {
        var all = new List<TimerExpiry>();
        var buffer = new TimerExpiry[8];
        int n;
        do
        {
            n = wheel.Advance(now, buffer);
            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        while (n == buffer.Length);
        return all;
    }

    [Test]
    public void Settings_out_of_range_are_refused_naming_the_setting()
    {
        var cases = new (string Setting, TimerWheelConfig Config)[]
        {
            ("TickNs", new() { TickNs = 999 }),
            ("TickNs", new() { TickNs = TimerWheelConfig.MaxTickNs + 1 }),
            ("Levels", new() { Levels = 8 }),
            ("StartNs", new() { StartNs = -1 }),
            ("StartNs", new() { StartNs = TimerWheel.MaxTimeNs + 1 }),
            ("InitialTimers", new() { InitialTimers = TimerWheelConfig.MaxTimersLimit + 1 }),
            ("MaxTimers", new() { InitialTimers = 10, MaxTimers = 9 }),
            ("Name", new() { Name = new string('x', 129) }),
        };
        foreach ((string setting, TimerWheelConfig config) in cases)
        {
            var e = Assert.Throws<SettingOutOfRangeException>(() => _ = new TimerWheel(config), setting);
            Assert.That(e!.Setting, Is.EqualTo(setting));
        }
        var wheel = new TimerWheel(new TimerWheelConfig { TickNs = TimerWheelConfig.MaxTickNs, Levels = 7 });
        Assert.That(wheel.MaxDelayNs, Is.LessThanOrEqualTo(TimerWheel.MaxTimeNs), "the range never overflows 2^62");
        Assert.That(new TimerWheel().Name, Is.EqualTo("timer_wheel"));
    }

    [Test]
    public void The_range_is_255_turns_of_the_top_level_less_two_ticks()
    {
        foreach (int levels in new[] { 1, 2, 3, 4 })
        {
            TimerWheel wheel = Wheel(1_000, levels, start: 5_000);
            long expected = (255L * (1L << (8 * (levels - 1))) - 2) * 1_000;
            Assert.That(wheel.MaxDelayNs, Is.EqualTo(expected), $"{levels} levels");
            Assert.That(wheel.TrySchedule(5_000 + expected, 1, out ulong id), Is.EqualTo(TimerResult.Ok));
            Assert.That(wheel.TrySchedule(5_000 + expected + 1, 2, out _), Is.EqualTo(TimerResult.OutOfRange));
            Assert.That(Fire(wheel, 5_000 + expected - 1), Is.Empty, $"{levels} levels: not early");
            Assert.That(Fire(wheel, 5_000 + expected).ConvertAll(e => e.Id), Is.EqualTo(new[] { id }), $"{levels} levels: exactly on time");
        }
    }

    [Test]
    public void A_cancel_after_the_timer_fired_is_not_found_and_changes_nothing()
    {
        TimerWheel wheel = Wheel();
        ulong id = wheel.Schedule(10_000, 5);
        ulong other = wheel.Schedule(50_000);
        Assert.That(Fire(wheel, 10_000).Count, Is.EqualTo(1));
        Assert.That(wheel.Cancel(id), Is.EqualTo(TimerResult.NotFound));
        Assert.That(wheel.IsActive(other), Is.True);
        Assert.That(wheel.Cancel(other), Is.EqualTo(TimerResult.Ok));
        Assert.That(wheel.Cancel(other), Is.EqualTo(TimerResult.NotFound), "twice");
        Assert.That(wheel.Statistics.FailedCancels, Is.EqualTo(2));
        Assert.That(wheel.Count, Is.Zero);
        Assert.That(wheel.NextDeadline, Is.EqualTo(long.MaxValue));
    }

    private struct Recorder : ITimerHandler
    {
        public TimerWheel Wheel;
        public List<TimerExpiry> Seen;
        public int StopAfter;
        public ulong CancelOnFirst;
        public long ScheduleOnFirst;
        public ulong Scheduled;
        public bool ThrowOnSecond;
        public Exception? Inner;

        public bool OnExpired(in TimerExpiry expiry)
        {
            Seen.Add(expiry);
            if (Seen.Count == 1)
            {
                if (CancelOnFirst != 0) Assert.That(Wheel.Cancel(CancelOnFirst), Is.EqualTo(TimerResult.Ok));
                if (ScheduleOnFirst > 0) Scheduled = Wheel.Schedule(ScheduleOnFirst);
                TimerWheel wheel = Wheel;
                Inner = Assert.Catch(() => wheel.Advance(wheel.Now, Span<TimerExpiry>.Empty));
            }
            if (ThrowOnSecond && Seen.Count == 2) throw new InvalidTimeZoneException("handler failed");
            return Seen.Count < StopAfter;
        }
    }

    [Test]
    public void A_handler_may_schedule_cancel_and_stop_but_not_advance()
    {
        TimerWheel wheel = Wheel();
        ulong a = wheel.Schedule(1_000), b = wheel.Schedule(2_000), c = wheel.Schedule(3_000), d = wheel.Schedule(4_000);
        var handler = new Recorder { Wheel = wheel, Seen = new(), StopAfter = 2, CancelOnFirst = c, ScheduleOnFirst = 500 };
        Assert.That(wheel.Advance(10_000, ref handler), Is.EqualTo(2));
        Assert.That(handler.Seen.ConvertAll(e => e.Id), Is.EqualTo(new[] { a, b }));
        Assert.That(handler.Inner, Is.InstanceOf<InvalidOperationException>(), "advancing from a handler");
        Assert.That(wheel.Pending, Is.EqualTo(1), "d waits for the next advance");
        var next = new Recorder { Wheel = wheel, Seen = new(), StopAfter = int.MaxValue };
        Assert.That(wheel.Advance(10_000, ref next), Is.EqualTo(2));
        Assert.That(next.Seen.ConvertAll(e => e.Id), Is.EqualTo(new[] { d, handler.Scheduled }), "the pending one, then the one scheduled inside");
    }

    [Test]
    public void A_handler_that_throws_leaves_the_rest_pending_and_the_wheel_usable()
    {
        TimerWheel wheel = Wheel();
        var ids = new List<ulong>();
        for (int i = 1; i <= 4; i++) ids.Add(wheel.Schedule(i * 1_000));
        var handler = new Recorder { Wheel = wheel, Seen = new(), StopAfter = int.MaxValue, ThrowOnSecond = true };
        Assert.Throws<InvalidTimeZoneException>(() => wheel.Advance(10_000, ref handler));
        Assert.That(handler.Seen.ConvertAll(e => e.Id), Is.EqualTo(ids.GetRange(0, 2)));
        Assert.That(wheel.Pending, Is.EqualTo(2));
        Assert.That(Fire(wheel, 10_000).ConvertAll(e => e.Id), Is.EqualTo(ids.GetRange(2, 2)), "the rest, in order");
        wheel.Schedule(20_000);
        Assert.That(Fire(wheel, 20_000).Count, Is.EqualTo(1));
    }

    [Test]
    public void Time_may_not_go_back_or_beyond_2_to_the_62()
    {
        TimerWheel wheel = Wheel(start: 1_000);
        ulong id = wheel.Schedule(5_000);
        Assert.Throws<ArgumentOutOfRangeException>(() => wheel.Advance(999, Span<TimerExpiry>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => wheel.Advance(TimerWheel.MaxTimeNs + 1, Span<TimerExpiry>.Empty));
        Assert.That(wheel.Now, Is.EqualTo(1_000), "unchanged");
        Assert.That(wheel.IsActive(id), Is.True);
        Assert.That(Fire(wheel, TimerWheel.MaxTimeNs).ConvertAll(e => (e.Id, e.LateNs)), Is.EqualTo(new[] { (id, TimerWheel.MaxTimeNs - 5_000) }));
    }

    [Test]
    public void Schedule_after_periodic_and_the_throwing_variants()
    {
        TimerWheel wheel = Wheel(start: 100);
        Assert.That(wheel.TryScheduleAfter(-1, 0, out _), Is.EqualTo(TimerResult.OutOfRange));
        Assert.That(wheel.TrySchedulePeriodic(0, 0, 0, out _), Is.EqualTo(TimerResult.BadInterval));
        Assert.That(wheel.TrySchedulePeriodic(0, wheel.MaxDelayNs + 1, 0, out _), Is.EqualTo(TimerResult.BadInterval));
        var e = Assert.Throws<InvalidOperationException>(() => wheel.ScheduleAfter(wheel.MaxDelayNs + 1));
        Assert.That(e!.Message, Does.Contain("beyond the wheel's range"));
        ulong after = wheel.ScheduleAfter(900);
        ulong periodic = wheel.SchedulePeriodic(500, 400);
        List<TimerExpiry> fired = Fire(wheel, 1_000);
        Assert.That(fired.ConvertAll(x => (x.Id, x.Deadline, x.Expirations)), Is.EqualTo(new[] { (periodic, 500L, 2), (after, 1_000L, 1) }));
        Assert.That(wheel.Statistics.MissedPeriods, Is.EqualTo(1));
        Assert.That(Fire(wheel, 1_300).ConvertAll(x => x.Deadline), Is.EqualTo(new[] { 1_300L }), "500 + 2 x 400");
        Assert.That(wheel.Statistics.Scheduled, Is.EqualTo(2), "a re-arm is not a schedule");
    }

    [Test]
    public void A_full_wheel_refuses_and_recovers_after_a_cancel()
    {
        TimerWheel wheel = Wheel(max: 3);
        var ids = new[] { wheel.Schedule(10), wheel.Schedule(20), wheel.Schedule(30) };
        Assert.That(wheel.TrySchedule(40, 0, out ulong none), Is.EqualTo(TimerResult.Full));
        Assert.That(none, Is.Zero);
        Assert.That(wheel.Describe(TimerResult.Full, 40), Does.Contain("full"));
        wheel.Cancel(ids[1]);
        Assert.That(wheel.TrySchedule(40, 0, out _), Is.EqualTo(TimerResult.Ok));
        wheel.Clear();
        Assert.That((wheel.Count, wheel.Pending, wheel.NextDeadline), Is.EqualTo((0, 0, long.MaxValue)));
        Assert.That(ids, Has.All.Matches<ulong>(id => !wheel.IsActive(id)));
        Assert.That(Fire(wheel, 1_000), Is.Empty);
    }

    [Test]
    public void Next_deadline_is_never_later_than_the_earliest_timer()
    {
        TimerWheel wheel = Wheel(1_000, 3);
        var random = new Random(12345);
        var deadlines = new SortedSet<(long, ulong)>();
        long now = 0;
        for (int step = 0; step < 20_000; step++)
        {
            long d = now + random.NextInt64(50_000_000);
            deadlines.Add((d, wheel.Schedule(d)));
            if (step % 3 == 0)
            {
                now += random.NextInt64(2_000_000);
                foreach (TimerExpiry e in Fire(wheel, now))
                    Assert.That(deadlines.Remove((e.Deadline, e.Id)), Is.True);
            }
            if (deadlines.Count > 0)
                Assert.That(wheel.NextDeadline, Is.LessThanOrEqualTo(deadlines.Min.Item1), $"step {step}");
        }
    }

    private struct Counter : ITimerHandler
    {
        public long Fired;

        public bool OnExpired(in TimerExpiry expiry)
        {
            Fired++;
            return true;
        }
    }

    [Test]
    public void Steady_state_schedule_cancel_and_advance_allocate_nothing()
    {
        TimerWheel wheel = new(new TimerWheelConfig { TickNs = 1_000, InitialTimers = 8192 });
        var buffer = new TimerExpiry[32];
        var ids = new ulong[1024];
        var handler = new Counter();
        long now = 0, allocated = 0, fired = 0;
        for (int round = 0; round < 50_000; round++)
        {
            if (round == 2_000) allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 4; i++)
                ids[(round * 4 + i) & 1023] = wheel.Schedule(now + 1 + (round * 7919L + i * 104_729L) % 5_000_000, (ulong)i);
            wheel.Cancel(ids[(round * 5) & 1023]);
            now += 3_000;
            if ((round & 1) == 0)
                fired += wheel.Advance(now, buffer);
            else
                wheel.Advance(now, ref handler);
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(fired + handler.Fired, Is.GreaterThan(50_000));
        Assert.That(wheel.Statistics.Cascaded, Is.GreaterThan(0));
        Assert.That(allocated, Is.Zero, "bytes allocated by 48k rounds of schedule, cancel and advance");
    }
}
