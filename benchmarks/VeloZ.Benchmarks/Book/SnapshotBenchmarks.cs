using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// Single-thread cost of BookSnapshot's writer and readers against a lock-protected copy (the peer
/// a C# user would write) and, for the top of book, against the textbook seqlock fenced with
/// Interlocked.MemoryBarrier, which BookSnapshot's fence-free top line is meant to match or beat.
/// Reported per operation. Single-threaded numbers leave out what the seqlock is for: readers
/// that never block the writer or each other.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SnapshotBenchmarks
{
    private const int Ops = 1000;
    private const int Depth = 10;

    private readonly BookSnapshot _snapshot = new(Depth);
    private readonly LockedSnapshot _locked = new(Depth);
    private readonly FencedTopSeqlock _fenced = new();
    private readonly Level[] _bids = new Level[Depth];
    private readonly Level[] _asks = new Level[Depth];
    private readonly Level[] _bidsOut = new Level[Depth];
    private readonly Level[] _asksOut = new Level[Depth];

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Depth; i++)
        {
            _bids[i] = new Level(1000 - i, 10 + i, 1);
            _asks[i] = new Level(1001 + i, 20 + i, 2);
        }
        _snapshot.Publish(_bids, _asks, 1);
        _locked.Publish(_bids, _asks, 1);
        _fenced.PublishTop(in _bids[0], in _asks[0], 1);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("PublishTop")]
    public void PublishTop_lock_peer()
    {
        for (int i = 0; i < Ops; i++)
            _locked.PublishTop(in _bids[0], in _asks[0], i);
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("PublishTop")]
    public void PublishTop_fenced_seqlock()
    {
        for (int i = 0; i < Ops; i++)
            _fenced.PublishTop(in _bids[0], in _asks[0], i);
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("PublishTop")]
    public void PublishTop_BookSnapshot()
    {
        for (int i = 0; i < Ops; i++)
            _snapshot.PublishTop(in _bids[0], in _asks[0], i);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadTop")]
    public long ReadTop_lock_peer()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            _locked.ReadTop(out TopOfBook top);
            sum += top.Bid.Price;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadTop")]
    public long ReadTop_fenced_seqlock()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            _fenced.ReadTop(out TopOfBook top);
            sum += top.Bid.Price;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadTop")]
    public long ReadTop_BookSnapshot()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            _snapshot.ReadTop(out TopOfBook top);
            sum += top.Bid.Price;
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Publish10")]
    public void Publish10_lock_peer()
    {
        for (int i = 0; i < Ops; i++)
            _locked.Publish(_bids, _asks, i);
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Publish10")]
    public void Publish10_BookSnapshot()
    {
        for (int i = 0; i < Ops; i++)
            _snapshot.Publish(_bids, _asks, i);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadLevels10")]
    public long ReadLevels10_lock_peer()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += _locked.ReadLevels(_bidsOut, _asksOut, out int bc, out int ac) + bc + ac;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("ReadLevels10")]
    public long ReadLevels10_BookSnapshot()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += _snapshot.ReadLevels(_bidsOut, _asksOut, out int bc, out int ac) + bc + ac;
        return sum;
    }

    /// <summary>
    /// The textbook seqlock with explicit full fences (odd version, fence, plain stores, even
    /// version; version, plain loads, fence, version): correct, and every publish and read pays one
    /// locked instruction on x64, whose cost depends on the CPU (it overlaps well on recent AMD cores).
    /// </summary>
    private sealed class FencedTopSeqlock
    {
        private long _version;
        private TopOfBook _top;

        public void PublishTop(in Level bid, in Level ask, long sequence)
        {
            long version = _version;
            Volatile.Write(ref _version, version + 1);
            Interlocked.MemoryBarrier();
            _top.Bid = bid;
            _top.Ask = ask;
            _top.Sequence = sequence;
            Volatile.Write(ref _version, version + 2);
        }

        public void ReadTop(out TopOfBook top)
        {
            while (true)
            {
                long version = Volatile.Read(ref _version);
                top = _top;
                Interlocked.MemoryBarrier();
                if ((version & 1) == 0 && Volatile.Read(ref _version) == version)
                    return;
            }
        }
    }
}
