using System;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using VeloZ.Time;

namespace VeloZ.Benchmarks.Time;

/// <summary>
/// One clock read each. Peers: Stopwatch.GetTimestamp (the baseline: clock_gettime MONOTONIC via the
/// BCL), DateTime.UtcNow (realtime, 100 ns resolution) and a direct clock_gettime(REALTIME) call.
/// Target: TscClock.NowNanoseconds at most 0.6x the baseline, 0 bytes allocated.
/// </summary>
public class ClockBenchmarks
{
    private readonly TscClock _tsc = TscClock.Shared;
    private readonly TscClock _os = TscClock.Create(ClockSource.Os);
    private ulong _ticks;

    [GlobalSetup]
    public void Setup() => _ticks = _tsc.ReadTicks();

    [Benchmark(Baseline = true)]
    public long StopwatchGetTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark]
    public long TscClockNow() => _tsc.NowNanoseconds();

    /// <summary>The same read without the per-thread clamp: what the clamp costs.</summary>
    [Benchmark]
    public long TscClockNowUnclamped() => _tsc.NowNanosecondsUnclamped();

    [Benchmark]
    public ulong TscClockReadTicks() => _tsc.ReadTicks();

    [Benchmark]
    public long TscClockTicksToNanoseconds() => _tsc.TicksToNanoseconds(_ticks);

    /// <summary>The fallback source: Stopwatch plus the same mapping and clamp.</summary>
    [Benchmark]
    public long OsClockNow() => _os.NowNanoseconds();

    [Benchmark]
    public long DateTimeUtcNow() => DateTime.UtcNow.Ticks;

    [Benchmark]
    public long ClockGetTimeRealtime() => Libc.RealtimeNanoseconds();
}
