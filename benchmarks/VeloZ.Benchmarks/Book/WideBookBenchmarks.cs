using System;
using BenchmarkDotNet.Attributes;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// A wide mirror book, the shape of a fine-tick crypto venue: 25,000 resting levels a side, 8 ticks
/// apart, so with the default 4,096-tick window about 49,000 of the 50,000 levels lie beyond it (the
/// ladder's far store). One operation = an add at a price with no level (a new level) and the delete of
/// that order (the level goes again), so the book is back in its prefilled state after each
/// invocation. "far": the price is 8,192 to 200,000 ticks from the top; "near": within 2,048 ticks,
/// inside the window, for contrast. Prices and sides are drawn once from a fixed seed.
/// </summary>
[MemoryDiagnoser]
public class WideBookBenchmarks
{
    private const int LevelsPerSide = 25_000;
    private const int Spacing = 8;
    private const long Mid = 10_000_001; // odd, so the ladders learn a step of 1 and the window spans 4,096 ticks
    private const int Operations = 4_096;

    private BookCommand[] _far = Array.Empty<BookCommand>();
    private BookCommand[] _near = Array.Empty<BookCommand>();
    private readonly BookEvent[] _events = new BookEvent[4096];
    private OrderBook _book = null!;
    private PeerOrderBook _peer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _book = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 1 << 17, ExpectedLevels = 1 << 17 });
        _peer = new PeerOrderBook();
        var prefill = new BookCommand[2 * LevelsPerSide];
        for (int i = 0; i < LevelsPerSide; i++)
        {
            prefill[2 * i] = BookCommand.Add(2 * i + 1, Side.Sell, Mid + 1 + (long)Spacing * i, 10);
            prefill[2 * i + 1] = BookCommand.Add(2 * i + 2, Side.Buy, Mid - 1 - (long)Spacing * i, 10);
        }

        Run(_book, prefill);
        foreach (BookCommand c in prefill) _peer.Apply(in c);

        // Far: from the 1,024th level out, 8,192+ ticks from the top (the window keeps 1,024 ticks in
        // front of the best and 3,072 behind it). Half-way between two resting levels, so a new level.
        var rng = new Random(20250611);
        _far = Flow(rng, 1_024, LevelsPerSide);
        _near = Flow(rng, 0, 256);

        VeloZ_far();
        VeloZ_near();
        Peer_far();
        if (_book.OrderCount != 2 * LevelsPerSide || _peer.OrderCount != 2 * LevelsPerSide
            || _book.BidLevelCount != LevelsPerSide || _book.AskLevelCount != LevelsPerSide)
            throw new InvalidOperationException($"book not back to its prefill: {_book.OrderCount} orders, {_book.BidLevelCount}/{_book.AskLevelCount} levels; peer {_peer.OrderCount}");
    }

    private static BookCommand[] Flow(Random rng, int fromLevel, int toLevel)
    {
        var commands = new BookCommand[2 * Operations];
        for (int i = 0; i < Operations; i++)
        {
            long id = 1_000_000 + i;
            long distance = 1 + (long)Spacing * rng.Next(fromLevel, toLevel) + Spacing / 2;
            bool buy = rng.Next(2) == 0;
            commands[2 * i] = BookCommand.Add(id, buy ? Side.Buy : Side.Sell, buy ? Mid - distance : Mid + distance, 5);
            commands[2 * i + 1] = BookCommand.Delete(id);
        }

        return commands;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "Peer SortedDictionary+LinkedList, far add+delete")]
    public long Peer_far()
    {
        BookCommand[] commands = _far;
        for (int i = 0; i < commands.Length; i++) _peer.Apply(in commands[i]);
        return _peer.OrderCount;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "VeloZ OrderBook, far add+delete")]
    public long VeloZ_far() => Run(_book, _far);

    [Benchmark(OperationsPerInvoke = Operations, Description = "VeloZ OrderBook, near add+delete")]
    public long VeloZ_near() => Run(_book, _near);

    private long Run(OrderBook book, BookCommand[] flow)
    {
        ReadOnlySpan<BookCommand> commands = flow;
        while (commands.Length > 0) commands = commands.Slice(book.Apply(commands, _events, out _));
        while (book.DrainEvents(_events) > 0)
        {
        }

        return book.OrderCount;
    }
}
