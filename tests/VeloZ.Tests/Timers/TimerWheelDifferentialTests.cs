using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using VeloZ.Timers;
using VeloZ.Tests.Memory;

namespace VeloZ.Tests.Timers;

/// <summary>
/// The wheel against an obviously correct model (a list of live timers, sorted on demand): random one-shot and periodic
/// schedules (past, within a tick, across levels, at the edge of the range), cancels of live and dead ids, and advances
/// by 0 ns, by part of a tick, by ticks, and by hours, into buffers of random size. Every expiry (id, payload,
/// deadline, lateness, expirations, order) and every schedule and cancel result must equal the model's.
/// Seed: VELOZ_TEST_SEED, else random (printed).
/// </summary>
[TestFixture]
public class TimerWheelDifferentialTests
{
    private sealed class ModelTimer
    {
        public ulong Id;
        public long Deadline;
        public long Interval;
        public ulong Payload;
        public ulong Sequence;
    }

    private static IEnumerable<TestCaseData> Wheels()
    {
        yield return new TestCaseData(1_000L, 1, 0L, 500_000).SetName("tick 1 us, 1 level (the top level wraps every 256 ticks)");
        yield return new TestCaseData(1_000L, 2, 5_000_000L, 500_000).SetName("tick 1 us, 2 levels, start 5 ms");
        yield return new TestCaseData(1_777L, 3, 123_456_789L, 500_000).SetName("tick 1777 ns, 3 levels (odd tick: the division by multiply)");
        yield return new TestCaseData(1_000_000L, 4, 0L, 500_000).SetName("tick 1 ms, 4 levels (defaults)");
        yield return new TestCaseData(999_999_937L, 7, 1L << 40, 200_000).SetName("tick ~1 s (prime), 7 levels");
    }

    [TestCaseSource(nameof(Wheels))]
    public void Matches_a_sorted_list_model(long tick, int levels, long start, int steps)
    {
        int seed = MemoryTestKit.Seed();
        var random = new Random(seed);
        var wheel = new TimerWheel(new TimerWheelConfig { TickNs = tick, Levels = levels, StartNs = start, InitialTimers = 16, MaxTimers = 4096 });
        var live = new Dictionary<ulong, ModelTimer>();
        var pending = new List<ModelTimer>(); // due, not yet delivered, in delivery order
        var dead = new List<ulong>();
        ulong sequence = 0;
        long now = start;
        long maxDelay = wheel.MaxDelayNs;
        var buffer = new TimerExpiry[64];
        long fired = 0, periodicFired = 0;

        for (int step = 0; step < steps; step++)
        {
            string where = $"seed {seed}, step {step}, now {now}";
            int op = random.Next(100);
            if (op < 45)
            {
                long deadline = now + Delay(random, tick, maxDelay);
                bool periodic = random.Next(8) == 0;
                long interval = periodic ? Math.Max(1, Delay(random, tick, maxDelay / 4)) : 0;
                ulong payload = (ulong)random.NextInt64();
                TimerResult result = periodic
                    ? wheel.TrySchedulePeriodic(deadline, interval, payload, out ulong id)
                    : wheel.TrySchedule(deadline, payload, out id);
                TimerResult expected = deadline < 0 || deadline > TimerWheel.MaxTimeNs || deadline - now > maxDelay ? TimerResult.OutOfRange : live.Count == 4096 ? TimerResult.Full : TimerResult.Ok;
                Assert.That(result, Is.EqualTo(expected), $"{where}: schedule at {deadline}");
                if (result == TimerResult.Ok)
                {
                    Assert.That(live.ContainsKey(id), Is.False, $"{where}: id {id:X} handed out twice");
                    live[id] = new ModelTimer { Id = id, Deadline = deadline, Interval = interval, Payload = payload, Sequence = ++sequence };
                }
            }
            else if (op < 60)
            {
                ulong id = live.Count > 0 && random.Next(4) != 0 ? live.Keys.ElementAt(random.Next(live.Count))
                    : dead.Count > 0 && random.Next(2) == 0 ? dead[random.Next(dead.Count)] : (ulong)random.NextInt64();
                bool isLive = live.Remove(id, out ModelTimer? timer);
                if (isLive)
                {
                    pending.Remove(timer!);
                    dead.Add(id);
                }
                Assert.That(wheel.Cancel(id), Is.EqualTo(isLive ? TimerResult.Ok : TimerResult.NotFound), $"{where}: cancel {id:X}");
            }
            else
            {
                long jump = random.Next(10) switch
                {
                    0 => 0,
                    1 or 2 => random.NextInt64(tick),
                    3 or 4 or 5 => random.NextInt64(4 * tick),
                    6 or 7 => random.NextInt64(300 * tick),
                    8 => random.NextInt64(70_000 * tick),
                    // Long jumps, but never more than a sixteenth of the time left: the run must not reach 2^62 early.
                    _ => random.Next(4) == 0 ? Math.Min(maxDelay, 3_600_000_000_000)
                        : random.NextInt64(Math.Max(1, Math.Min(maxDelay / 2, (TimerWheel.MaxTimeNs - now) / 16))),
                };
                jump = Math.Min(jump, TimerWheel.MaxTimeNs - now);
                now += jump;
                int capacity = random.Next(6) == 0 ? random.Next(1, 4) : random.Next(1, buffer.Length + 1);

                // The model: newly due timers join the pending ones in deadline order, ties by scheduling order.
                var pendingSet = new HashSet<ModelTimer>(pending);
                pending.AddRange(live.Values.Where(t => t.Deadline <= now && !pendingSet.Contains(t))
                    .OrderBy(t => t.Deadline).ThenBy(t => t.Sequence));
                int expectedCount = Math.Min(capacity, pending.Count);

                int written = wheel.Advance(now, buffer.AsSpan(0, capacity));
                Assert.That(written, Is.EqualTo(expectedCount), $"{where}: expiries written into a buffer of {capacity}");
                for (int i = 0; i < written; i++)
                {
                    ModelTimer t = pending[i];
                    ref TimerExpiry e = ref buffer[i];
                    string what = $"{where}: expiry {i} of {written}";
                    Assert.That(e.Id, Is.EqualTo(t.Id), $"{what}: id (deadline {t.Deadline}; wheel's deadline {e.Deadline})");
                    Assert.That(e.Payload, Is.EqualTo(t.Payload), $"{what}: payload");
                    Assert.That(e.Deadline, Is.EqualTo(t.Deadline), $"{what}: deadline");
                    Assert.That(e.LateNs, Is.EqualTo(now - t.Deadline), $"{what}: late_ns");
                    Assert.That(e.LateNs, Is.GreaterThanOrEqualTo(0), $"{what}: fired early");
                    fired++;
                    if (t.Interval == 0)
                    {
                        Assert.That(e.Expirations, Is.EqualTo(1), $"{what}: expirations");
                        Assert.That(e.Flags, Is.EqualTo(TimerExpiryFlags.None), $"{what}: flags");
                        live.Remove(t.Id);
                        dead.Add(t.Id);
                    }
                    else
                    {
                        long periods = 1 + (now - t.Deadline) / t.Interval;
                        Assert.That(e.Expirations, Is.EqualTo((int)Math.Min(periods, int.MaxValue)), $"{what}: expirations");
                        Assert.That(e.Flags, Is.EqualTo(TimerExpiryFlags.Periodic), $"{what}: flags");
                        t.Deadline += periods * t.Interval;
                        t.Sequence = ++sequence;
                        periodicFired++;
                    }
                }
                pending.RemoveRange(0, written);
                Assert.That(wheel.Pending, Is.EqualTo(pending.Count), $"{where}: pending");
            }

            Assert.That(wheel.Count, Is.EqualTo(live.Count), $"{where}: live timers");
            if (wheel.Pending == 0 && live.Count > 0)
            {
                long next = wheel.NextDeadline;
                Assert.That(next, Is.LessThanOrEqualTo(Math.Max(now, live.Values.Min(t => t.Deadline))), $"{where}: next_deadline later than the earliest deadline");
                Assert.That(next, Is.GreaterThanOrEqualTo(now), $"{where}: next_deadline before the wheel's time");
            }
            if (dead.Count > 10_000) dead.RemoveRange(0, 5_000);
        }

        TimerWheelStatistics stats = wheel.Statistics;
        TestContext.Out.WriteLine($"fired {fired} ({periodicFired} periodic), cascaded {stats.Cascaded}, peak {stats.PeakActive}, capacity {stats.Capacity}");
        Assert.That(stats.Fired, Is.EqualTo(fired));
        Assert.That(fired, Is.GreaterThan(steps / 20), "the run fired too few timers to test anything");
        if (levels > 1) Assert.That(stats.Cascaded, Is.GreaterThan(0), "no timer ever moved down a level");
    }

    private static long Delay(Random random, long tick, long maxDelay) => random.Next(12) switch
    {
        0 => -random.NextInt64(5 * tick),                       // already due
        1 => 0,
        2 or 3 => random.NextInt64(tick),                        // within a tick
        4 or 5 => random.NextInt64(4 * tick),
        6 or 7 => random.NextInt64(Math.Min(maxDelay, 300 * tick)),
        8 => random.NextInt64(Math.Min(maxDelay, 70_000 * tick)),
        9 => maxDelay - random.NextInt64(Math.Min(maxDelay, 3 * tick)), // the edge of the range
        10 => maxDelay + 1 + random.NextInt64(tick),             // beyond it
        _ => random.NextInt64(maxDelay),
    };
}
