using System;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// The peer of the snapshot benchmarks (single-thread and contended): a copy of the top levels guarded by a
/// Monitor lock, what a C# user would write instead of BookSnapshot.
/// </summary>
internal sealed class LockedSnapshot
{
    private readonly object _gate = new();
    private readonly Level[] _bids;
    private readonly Level[] _asks;
    private int _bidCount, _askCount;
    private long _sequence;

    public LockedSnapshot(int depth)
    {
        _bids = new Level[depth];
        _asks = new Level[depth];
    }

    public void PublishTop(in Level bid, in Level ask, long sequence)
    {
        lock (_gate)
        {
            _bids[0] = bid;
            _asks[0] = ask;
            _bidCount = _askCount = 1;
            _sequence = sequence;
        }
    }

    public void Publish(ReadOnlySpan<Level> bids, ReadOnlySpan<Level> asks, long sequence)
    {
        lock (_gate)
        {
            bids.CopyTo(_bids);
            asks.CopyTo(_asks);
            _bidCount = bids.Length;
            _askCount = asks.Length;
            _sequence = sequence;
        }
    }

    public void ReadTop(out TopOfBook top)
    {
        lock (_gate)
        {
            top.Bid = _bids[0];
            top.Ask = _asks[0];
            top.Sequence = _sequence;
        }
    }

    public long ReadLevels(Span<Level> bids, Span<Level> asks, out int bidCount, out int askCount)
    {
        lock (_gate)
        {
            bidCount = Math.Min(_bidCount, bids.Length);
            askCount = Math.Min(_askCount, asks.Length);
            _bids.AsSpan(0, bidCount).CopyTo(bids);
            _asks.AsSpan(0, askCount).CopyTo(asks);
            return _sequence;
        }
    }
}
