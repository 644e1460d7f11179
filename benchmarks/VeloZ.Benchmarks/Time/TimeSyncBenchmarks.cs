using BenchmarkDotNet.Attributes;
using VeloZ.Time;

namespace VeloZ.Benchmarks.Time;

/// <summary>TimeSync's read path (any thread, seqlock) and single-writer sample path with a 64-sample window.</summary>
public class TimeSyncBenchmarks
{
    private const long Epoch = 1_700_000_000_000_000_000;
    private readonly TimeSync _sync = new();
    private long _send = Epoch;

    [GlobalSetup]
    public void Setup()
    {
        for (int venue = 0; venue < 16; venue++)
        {
            for (int i = 0; i < 64; i++)
                AddSample(venue * 7919);
        }
    }

    private void AddSample(int venue)
    {
        _send += 1_000_000;
        long roundTrip = 20_000 + (_send / 1_000_000 % 17) * 1_000;
        _sync.TryAddSample(venue, _send + roundTrip / 2 + 5_000, _send, _send + roundTrip);
    }

    [Benchmark]
    public long ToExchange()
    {
        _sync.TryToExchange(7919, _send, out long exchange);
        return exchange;
    }

    [Benchmark]
    public long ToLocal()
    {
        _sync.TryToLocal(7919, _send, out long local);
        return local;
    }

    [Benchmark]
    public long GetStats()
    {
        _sync.TryGetStats(7919, out TimeSyncStats stats);
        return stats.OffsetNanoseconds;
    }

    [Benchmark]
    public void AddSampleToKnownVenue() => AddSample(7919);
}
