using System;
using System.Diagnostics;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// What the seqlock is for: a reader on one core while a writer thread on the other core publishes
/// the top 10 levels about every 100-200 ns (a hot feed). BookSnapshot against the lock-protected
/// copy; each method gets its own writer, started in its setup and stopped in the cleanup, which
/// prints the writer's publish rate (set mostly by its pause between publishes). Reported per read.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SnapshotContentionBenchmarks
{
    private const int Ops = 1000;
    private const int Depth = 10;

    private readonly BookSnapshot _snapshot = new(Depth);
    private readonly LockedSnapshot _lockedSnapshot = new(Depth);
    private readonly Level[] _bidsOut = new Level[Depth];
    private readonly Level[] _asksOut = new Level[Depth];

    private Thread? _writer;
    private volatile bool _stop;
    private long _publishes;
    private Stopwatch _clock = new();
    private bool _locked;

    private void StartWriter(bool locked)
    {
        _stop = false;
        _publishes = 0;
        _locked = locked;
        _writer = new Thread(() =>
        {
            var bids = new Level[Depth];
            var asks = new Level[Depth];
            long sequence = 0;
            while (!_stop)
            {
                sequence++;
                for (int i = 0; i < Depth; i++)
                {
                    bids[i] = new Level(1000 - i, sequence + i, 1);
                    asks[i] = new Level(1001 + i, sequence + i, 1);
                }
                if (locked)
                    _lockedSnapshot.Publish(bids, asks, sequence);
                else
                    _snapshot.Publish(bids, asks, sequence);
                Thread.SpinWait(5);
            }
            _publishes = sequence;
        }) { IsBackground = true, Name = "busy-writer" };
        _clock = Stopwatch.StartNew();
        _writer.Start();
    }

    [GlobalSetup(Targets = new[] { nameof(ReadTop_lock_peer), nameof(ReadLevels10_lock_peer) })]
    public void StartLockedWriter() => StartWriter(locked: true);

    [GlobalSetup(Targets = new[] { nameof(ReadTop_BookSnapshot), nameof(ReadLevels10_BookSnapshot) })]
    public void StartSnapshotWriter() => StartWriter(locked: false);

    [GlobalCleanup]
    public void StopWriter()
    {
        _stop = true;
        _writer?.Join();
        Console.WriteLine($"// busy writer ({(_locked ? "lock peer" : "BookSnapshot")}): {_publishes:N0} publishes in {_clock.Elapsed.TotalSeconds:F1} s = one per {_clock.Elapsed.TotalNanoseconds / Math.Max(1, _publishes):F0} ns");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadTop_busy_writer")]
    public long ReadTop_lock_peer()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            _lockedSnapshot.ReadTop(out TopOfBook top);
            sum += top.Bid.Quantity;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadTop_busy_writer")]
    public long ReadTop_BookSnapshot()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            _snapshot.ReadTop(out TopOfBook top);
            sum += top.Bid.Quantity;
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadLevels10_busy_writer")]
    public long ReadLevels10_lock_peer()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += _lockedSnapshot.ReadLevels(_bidsOut, _asksOut, out int bidCount, out int askCount) + bidCount + askCount;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadLevels10_busy_writer")]
    public long ReadLevels10_BookSnapshot()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += _snapshot.ReadLevels(_bidsOut, _asksOut, out int bidCount, out int askCount) + bidCount + askCount;
        return sum;
    }
}
