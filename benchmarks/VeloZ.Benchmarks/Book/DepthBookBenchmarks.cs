using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using BenchmarkDotNet.Attributes;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// Applying an L2 update stream: DepthBook (with and without publishing 10 levels to its lock-free
/// snapshot) against the book a C# user would otherwise write, a SortedDictionary&lt;long,long&gt;
/// per side with the same sequence check. Reported per update.
/// Streams (70,000 updates each): "Lobster" = the AMZN 2012-06-21 level-1 file turned into level
/// updates (the replay test's conversion; the first 70,000 of 72,271); "NearTop" = synthetic,
/// 200 levels a side, update depth geometric (mean 3, most at the top), 60% size changes,
/// 20% deletes, 20% inserts.
/// </summary>
[MemoryDiagnoser]
public class DepthBookBenchmarks
{
    /// <summary>Updates per benchmark invocation (the LOBSTER file gives 72,271).</summary>
    public const int StreamLength = 70_000;

    [Params("Lobster", "NearTop")]
    public string Stream { get; set; } = "Lobster";

    private DepthUpdate[] _updates = Array.Empty<DepthUpdate>();
    private Level[] _initialBids = Array.Empty<Level>();
    private Level[] _initialAsks = Array.Empty<Level>();
    private DepthBook _book = null!;
    private DepthBook _publishing = null!;
    private SortedDictionaryDepthBook _peer = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_updates, _initialBids, _initialAsks) = Stream == "Lobster" ? LobsterStream() : NearTopStream(200, StreamLength, 12345);
        _book = new DepthBook(snapshotDepth: 0);
        _publishing = new DepthBook(snapshotDepth: 10);
        _peer = new SortedDictionaryDepthBook();
        // One warm pass each, so every array has grown to its working size before measuring.
        DepthBook();
        DepthBook_publish_10_levels();
        SortedDictionary_peer();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamLength)]
    public long SortedDictionary_peer()
    {
        SortedDictionaryDepthBook peer = _peer;
        peer.Load(_initialBids, _initialAsks, 0);
        long applied = 0;
        foreach (ref readonly DepthUpdate update in _updates.AsSpan())
            applied += peer.Apply(in update) ? 1 : 0;
        return applied;
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    public long DepthBook()
    {
        DepthBook book = _book;
        book.LoadSnapshot(_initialBids, _initialAsks, 0);
        long applied = 0;
        foreach (ref readonly DepthUpdate update in _updates.AsSpan())
            applied += book.Apply(in update) == DepthResult.Applied ? 1 : 0;
        return applied;
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    public long DepthBook_publish_10_levels()
    {
        DepthBook book = _publishing;
        book.LoadSnapshot(_initialBids, _initialAsks, 0);
        long applied = 0;
        foreach (ref readonly DepthUpdate update in _updates.AsSpan())
            applied += book.Apply(in update) == DepthResult.Applied ? 1 : 0;
        return applied;
    }

    // ------------------------------------------------------------------ streams

    /// <summary>LOBSTER level-1 rows to level updates: delete every level better than the row's best, then set the best.</summary>
    public static (DepthUpdate[], Level[], Level[]) LobsterStream()
    {
        string path = Path.Combine(BookFlows.DataDirectory(), "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv");
        var book = new DepthBook();
        var updates = new List<DepthUpdate>(80_000);
        var levels = new Level[4096];
        long sequence = 0;
        foreach (string line in File.ReadLines(path))
        {
            string[] f = line.Split(',');
            long askPrice = long.Parse(f[0], CultureInfo.InvariantCulture), askSize = long.Parse(f[1], CultureInfo.InvariantCulture);
            long bidPrice = long.Parse(f[2], CultureInfo.InvariantCulture), bidSize = long.Parse(f[3], CultureInfo.InvariantCulture);
            int start = updates.Count;
            int n = book.GetLevels(Side.Sell, levels);
            for (int i = 0; i < n && (askSize == 0 || levels[i].Price < askPrice); i++)
                updates.Add(new DepthUpdate(++sequence, Side.Sell, levels[i].Price, 0));
            n = book.GetLevels(Side.Buy, levels);
            for (int i = 0; i < n && (bidSize == 0 || levels[i].Price > bidPrice); i++)
                updates.Add(new DepthUpdate(++sequence, Side.Buy, levels[i].Price, 0));
            if (askSize != 0 && (book.BestAsk.Price != askPrice || book.BestAsk.Quantity != askSize))
                updates.Add(new DepthUpdate(++sequence, Side.Sell, askPrice, askSize));
            if (bidSize != 0 && (book.BestBid.Price != bidPrice || book.BestBid.Quantity != bidSize))
                updates.Add(new DepthUpdate(++sequence, Side.Buy, bidPrice, bidSize));
            for (int i = start; i < updates.Count; i++)
                book.Apply(updates[i]);
        }
        return (Trim(updates), Array.Empty<Level>(), Array.Empty<Level>());
    }

    /// <summary>A synthetic L2 stream concentrated near the top of a book of about <paramref name="levels"/> levels a side.</summary>
    public static (DepthUpdate[], Level[], Level[]) NearTopStream(int levels, int count, int seed)
    {
        var random = new Random(seed);
        const long Mid = 1_000_000;
        var bids = new Level[levels];
        var asks = new Level[levels];
        for (int i = 0; i < levels; i++)
        {
            bids[i] = new Level(Mid - 1 - 2 * i, random.Next(1, 500));
            asks[i] = new Level(Mid + 1 + 2 * i, random.Next(1, 500));
        }
        var book = new DepthBook();
        book.LoadSnapshot(bids, asks, 0);
        var updates = new List<DepthUpdate>(count);
        var buffer = new Level[levels * 4];
        long sequence = 0;
        while (updates.Count < count)
        {
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            int n = book.GetLevels(side, buffer);
            int depth = Math.Min((int)(-Math.Log(1 - random.NextDouble()) * 3), n - 1);
            int kind = random.Next(10);
            long price, quantity;
            Level other = side == Side.Buy ? book.BestAsk : book.BestBid;
            if (kind < 6 || n < levels / 2)
            {
                price = buffer[depth].Price;                       // size change
                quantity = random.Next(1, 500);
            }
            else if (kind < 8 && n > 1)
            {
                price = buffer[depth].Price;                       // delete
                quantity = 0;
            }
            else
            {
                // Insert one tick off a level (or inside the spread when that is still uncrossed).
                price = side == Side.Buy ? buffer[depth].Price + 1 : buffer[depth].Price - 1;
                if (other.Quantity != 0 && (side == Side.Buy ? price >= other.Price : price <= other.Price))
                    price = side == Side.Buy ? buffer[depth].Price - 1 : buffer[depth].Price + 1;
                quantity = random.Next(1, 500);
            }
            var update = new DepthUpdate(++sequence, side, price, quantity);
            book.Apply(update);
            updates.Add(update);
        }
        return (Trim(updates), bids, asks);
    }

    // Every stream is cut to exactly StreamLength updates, because OperationsPerInvoke is a constant.
    private static DepthUpdate[] Trim(List<DepthUpdate> updates)
    {
        if (updates.Count < StreamLength)
            throw new InvalidOperationException($"stream has {updates.Count} updates, fewer than {StreamLength}");
        return updates.GetRange(0, StreamLength).ToArray();
    }

    /// <summary>The peer: what one writes with the BCL, one SortedDictionary per side plus the same sequence rule.</summary>
    private sealed class SortedDictionaryDepthBook
    {
        private readonly SortedDictionary<long, long> _bids = new();
        private readonly SortedDictionary<long, long> _asks = new();
        private long _last;

        public void Load(Level[] bids, Level[] asks, long sequence)
        {
            _bids.Clear();
            _asks.Clear();
            foreach (Level level in bids)
                _bids[level.Price] = level.Quantity;
            foreach (Level level in asks)
                _asks[level.Price] = level.Quantity;
            _last = sequence;
        }

        public bool Apply(in DepthUpdate update)
        {
            if (update.Sequence != _last + 1)
                return false;
            _last = update.Sequence;
            SortedDictionary<long, long> side = update.Side == Side.Buy ? _bids : _asks;
            if (update.Quantity == 0)
                return side.Remove(update.Price);
            side[update.Price] = update.Quantity;
            return true;
        }
    }
}
