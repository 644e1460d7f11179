using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;
using VeloZ.Time;

namespace VeloZ.Tests.Time;

[TestFixture]
public class TscClockTests
{
    private static long UnixNowFromDateTime() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Test]
    public void Shared_clock_reads_the_tsc_when_the_cpu_has_an_invariant_one()
    {
        TestContext.Out.WriteLine($"{TscClock.Shared}; rdtsc stub: {TscReader.UnavailableReason ?? "mapped"}");
        bool expectTsc = TscReader.IsAvailable && TscReader.IsInvariant;
        Assert.That(TscClock.Shared.Source, Is.EqualTo(expectTsc ? ClockSource.Tsc : ClockSource.Os));
        Assert.That(TscClock.Shared.GetInfo().InvariantTsc, Is.EqualTo(TscReader.IsInvariant));
    }

    [TestCase(ClockSource.Tsc)]
    [TestCase(ClockSource.Os)]
    public void NowNanoseconds_agrees_with_DateTime_UtcNow_within_5_ms(ClockSource source)
    {
        TscClock clock = TscClock.Create(source);
        for (int i = 0; i < 5; i++)
        {
            long before = UnixNowFromDateTime();
            long now = clock.NowNanoseconds();
            long after = UnixNowFromDateTime();
            Assert.That(now, Is.InRange(before - 5_000_000, after + 5_000_000), $"read {i}");
            Thread.Sleep(2);
            clock.Calibrate();
        }
    }

    [Test]
    public void Calibrated_tsc_clock_tracks_realtime_to_within_50_microseconds()
    {
        TscClock clock = TscClock.Create(ClockSource.Tsc);
        Thread.Sleep(20);
        clock.Calibrate();
        Thread.Sleep(200);
        clock.Calibrate();
        Thread.Sleep(50);
        // Sandwich the clock between two realtime reads; keep the narrowest sandwich.
        long bestGap = long.MaxValue, error = 0;
        for (int i = 0; i < 1000; i++)
        {
            long before = Libc.RealtimeNanoseconds();
            long now = clock.NowNanoseconds();
            long after = Libc.RealtimeNanoseconds();
            if (after - before < bestGap)
            {
                bestGap = after - before;
                error = now - (before + (after - before) / 2);
            }
        }
        TestContext.Out.WriteLine($"{clock}; now - realtime = {error} ns (sandwich {bestGap} ns)");
        Assert.That(Math.Abs(error), Is.LessThan(50_000));
    }

    [TestCase(ClockSource.Tsc)]
    [TestCase(ClockSource.Os)]
    public void NowNanoseconds_never_decreases_over_a_million_reads(ClockSource source)
    {
        TscClock clock = TscClock.Create(source);
        long previous = clock.NowNanoseconds();
        long previousUnclamped = clock.NowNanosecondsUnclamped();
        for (int i = 0; i < 1_000_000; i++)
        {
            long now = clock.NowNanoseconds();
            long unclamped = clock.NowNanosecondsUnclamped();
            if (now < previous || unclamped < previousUnclamped)
                Assert.Fail($"read {i}: {previous} -> {now}, unclamped {previousUnclamped} -> {unclamped}");
            previous = now;
            previousUnclamped = unclamped;
        }
    }

    [TestCase(ClockSource.Tsc)]
    [TestCase(ClockSource.Os)]
    public void NowNanoseconds_never_decreases_across_calibrations_on_one_thread(ClockSource source)
    {
        TscClock clock = TscClock.Create(source);
        long previous = clock.NowNanosecondsUnclamped();
        var watch = Stopwatch.StartNew();
        int calibrations = 0;
        while (watch.ElapsedMilliseconds < 300)
        {
            clock.Calibrate();
            calibrations++;
            for (int i = 0; i < 2000; i++)
            {
                // The unclamped read tests the construction itself, not the per-thread guard.
                long now = clock.NowNanosecondsUnclamped();
                if (now < previous)
                    Assert.Fail($"after calibration {calibrations}, read {i}: {previous} -> {now}");
                previous = now;
            }
        }
        Assert.That(clock.GetInfo().CalibrationCount, Is.EqualTo(calibrations + 1));
    }

    [Test]
    public void Readers_on_other_threads_never_see_time_go_backwards_while_calibrate_runs()
    {
        TscClock clock = TscClock.Create(ClockSource.Tsc);
        using var stop = new CancellationTokenSource();
        const int readers = 2;
        var failures = new string?[readers];
        var reads = new long[readers];
        var threads = new Thread[readers];
        for (int r = 0; r < readers; r++)
        {
            int id = r;
            threads[r] = new Thread(() =>
            {
                long previous = clock.NowNanoseconds();
                long previousUnclamped = clock.NowNanosecondsUnclamped();
                long count = 0;
                while (!stop.IsCancellationRequested && failures[id] is null)
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        long now = clock.NowNanoseconds();
                        long unclamped = clock.NowNanosecondsUnclamped();
                        if (now < previous)
                            failures[id] = $"clamped read went back {previous} -> {now}";
                        if (unclamped < previousUnclamped)
                            failures[id] = $"unclamped read went back {previousUnclamped} -> {unclamped}";
                        previous = now;
                        previousUnclamped = unclamped;
                    }
                    count += 1000;
                }
                reads[id] = count;
            });
            threads[r].Start();
        }
        int calibrations = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 500)
        {
            clock.Calibrate();
            calibrations++;
            Thread.Sleep(1);
        }
        stop.Cancel();
        foreach (var thread in threads)
            thread.Join();
        TestContext.Out.WriteLine($"{calibrations} calibrations, reads per thread: {string.Join(", ", reads)}");
        Assert.That(failures, Is.All.Null);
        Assert.That(reads, Is.All.GreaterThan(0));
    }

    [Test]
    public void TicksToNanoseconds_is_non_decreasing_across_every_segment_boundary()
    {
        TscClock clock = TscClock.Create(ClockSource.Tsc);
        ulong firstTicks = clock.ReadTicks();
        for (int i = 0; i < 12; i++)
        {
            clock.Calibrate();
            Thread.Sleep(1);
        }
        ulong lastTicks = clock.ReadTicks() + (ulong)(10 * clock.GetInfo().TicksPerSecond); // 10 s ahead covers any slew
        var probes = new List<ulong>();
        foreach (ClockSegment segment in clock.Parameters.Segments)
        {
            for (long d = -3; d <= 3; d++)
                probes.Add(segment.StartTicks + (ulong)d);
        }
        for (int i = 0; i <= 10_000; i++)
            probes.Add(firstTicks + (ulong)((double)(lastTicks - firstTicks) * i / 10_000));
        probes.Sort();
        long previous = long.MinValue;
        foreach (ulong ticks in probes)
        {
            long nanoseconds = clock.TicksToNanoseconds(ticks);
            Assert.That(nanoseconds, Is.GreaterThanOrEqualTo(previous), $"at tick {ticks}");
            previous = nanoseconds;
        }
        Assert.That(clock.Parameters.Segments.Length, Is.InRange(1, 8));
    }

    [Test]
    public void TicksToNanoseconds_of_a_fresh_reading_matches_NowNanoseconds()
    {
        TscClock clock = TscClock.Create(ClockSource.Tsc);
        long before = clock.NowNanoseconds();
        long converted = clock.TicksToNanoseconds(clock.ReadTicks());
        long after = clock.NowNanoseconds();
        Assert.That(converted, Is.InRange(before, after));
    }

    [Test]
    public void Os_clock_ticks_are_monotonic_nanoseconds_at_exactly_one_billion_per_second()
    {
        TscClock clock = TscClock.Create(ClockSource.Os);
        Assert.That(clock.Source, Is.EqualTo(ClockSource.Os));
        Assert.That(clock.GetInfo().TicksPerSecond, Is.EqualTo(1e9));
        long stopwatchBefore = Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency);
        ulong ticks = clock.ReadTicks();
        long stopwatchAfter = Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency);
        Assert.That((long)ticks, Is.InRange(stopwatchBefore, stopwatchAfter));
        clock.Calibrate();
        Assert.That(clock.GetInfo().TicksPerSecond, Is.EqualTo(1e9), "the OS clock's rate is not re-estimated");
    }

    [TestCase(ClockSource.Tsc)]
    [TestCase(ClockSource.Os)]
    public void Calibrate_updates_count_time_and_error_estimate(ClockSource source)
    {
        TscClock clock = TscClock.Create(source);
        ClockInfo first = clock.GetInfo();
        Thread.Sleep(5);
        clock.Calibrate();
        ClockInfo second = clock.GetInfo();
        TestContext.Out.WriteLine($"{first}\n{second}");
        Assert.That(first.CalibrationCount, Is.EqualTo(1));
        Assert.That(second.CalibrationCount, Is.EqualTo(2));
        Assert.That(second.CalibratedAtNanoseconds, Is.GreaterThan(first.CalibratedAtNanoseconds + 4_000_000));
        Assert.That(second.ErrorNanoseconds, Is.InRange(1, 50_000));
        if (clock.Source == ClockSource.Tsc)
            Assert.That(Math.Abs(second.TicksPerSecond / first.TicksPerSecond - 1), Is.LessThan(500e-6), "the refined frequency stays near the startup one");
    }

    [Test]
    public void Create_rejects_an_undefined_source()
    {
        Assert.That(() => TscClock.Create((ClockSource)7), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Reads_allocate_nothing()
    {
        TscClock tsc = TscClock.Shared;
        TscClock os = TscClock.Create(ClockSource.Os);
        long sink = 0;
        for (int i = 0; i < 1000; i++)
            sink += tsc.NowNanoseconds() + os.NowNanoseconds() + tsc.TicksToNanoseconds(tsc.ReadTicks()) + (long)os.ReadTicks();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
            sink += tsc.NowNanoseconds() + os.NowNanoseconds() + tsc.TicksToNanoseconds(tsc.ReadTicks()) + (long)os.ReadTicks();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, $"sink {sink}");
    }

    [Test]
    public void Startup_frequency_prefers_the_kernel_value_only_when_it_agrees_with_the_measurement()
    {
        double measured = 1e6 / 2_595_000.0 * (1 + 30e-6); // 30 ppm off a 2.595 GHz counter
        Assert.That(TscClock.ChooseStartupNanosecondsPerTick(measured, 2_595_000), Is.EqualTo(1e6 / 2_595_000.0));
        Assert.That(TscClock.ChooseStartupNanosecondsPerTick(measured, 2_600_000), Is.EqualTo(measured), "1900 ppm apart: kernel value ignored");
        Assert.That(TscClock.ChooseStartupNanosecondsPerTick(measured, 0), Is.EqualTo(measured));
    }
}
