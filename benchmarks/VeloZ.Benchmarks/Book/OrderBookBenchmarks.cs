using System;
using BenchmarkDotNet.Attributes;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// The LOBSTER AMZN day (57,515 messages; 55,070 book commands) replayed in mirror mode: VeloZ's
/// <see cref="OrderBook"/> vs the SortedDictionary + LinkedList peer. One operation = one command;
/// each invocation clears the book and replays the whole day.
/// </summary>
public class LobsterMirrorBenchmarks
{
    private const int Operations = 55_070;
    private BookCommand[] _commands = Array.Empty<BookCommand>();
    private readonly BookEvent[] _events = new BookEvent[4096];
    private OrderBook _book = null!;
    private OrderBook _bookNoLevels = null!;
    private PeerOrderBook _peer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _commands = BookFlows.LobsterAmzn();
        if (_commands.Length != Operations) throw new InvalidOperationException($"expected {Operations} commands, got {_commands.Length}");
        _book = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 1 << 15 });
        _bookNoLevels = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 1 << 15, LevelEvents = false });
        _peer = new PeerOrderBook();
        VeloZ();
        Peer();
        if (_book.TradeVolume != _peer.TradeVolume || _book.OrderCount != _peer.OrderCount || _book.UnknownOrderCount != _peer.UnknownCount)
            throw new InvalidOperationException($"books disagree: ours {_book.TradeVolume}/{_book.OrderCount}/{_book.UnknownOrderCount}, peer {_peer.TradeVolume}/{_peer.OrderCount}/{_peer.UnknownCount}");
        Console.WriteLine($"// LOBSTER AMZN: {_commands.Length} commands, {_book.UnknownOrderCount} unknown ids, {_book.OrderCount} orders left");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "Peer SortedDictionary+LinkedList")]
    public long Peer()
    {
        _peer.Clear();
        BookCommand[] commands = _commands;
        for (int i = 0; i < commands.Length; i++) _peer.Apply(in commands[i]);
        return _peer.TradeVolume;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "VeloZ OrderBook (all events)")]
    public long VeloZ() => Replay(_book);

    [Benchmark(OperationsPerInvoke = Operations, Description = "VeloZ OrderBook (no level events)")]
    public long VeloZNoLevelEvents() => Replay(_bookNoLevels);

    private long Replay(OrderBook book)
    {
        book.Clear();
        ReadOnlySpan<BookCommand> commands = _commands;
        while (commands.Length > 0) commands = commands.Slice(book.Apply(commands, _events, out _));
        while (book.DrainEvents(_events) > 0)
        {
        }

        return book.TradeVolume;
    }
}

/// <summary>
/// An exchange-core-shaped matching flow (about 1,000 live orders over about 750 ticks; 9% GTC,
/// 3% IOC, 6% cancel, 82% modify; fixed seed), VeloZ vs the peer. One operation = one command;
/// each invocation clears the book and replays prefill + commands.
/// </summary>
public class MatchingFlowBenchmarks
{
    private const int Commands = 200_000;
    private const int Prefill = 1_000;
    private BookCommand[] _commands = Array.Empty<BookCommand>();
    private readonly BookEvent[] _events = new BookEvent[4096];
    private OrderBook _book = null!;
    private OrderBook _bookNoLevels = null!;
    private PeerOrderBook _peer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _commands = BookFlows.ExchangeCoreLike(seed: 1234, Commands, out string mix);
        if (_commands.Length != Commands + Prefill) throw new InvalidOperationException("unexpected flow length");
        _book = new OrderBook(new OrderBookConfig { ExpectedOrders = 4096, ExpectedLevels = 2048 });
        _bookNoLevels = new OrderBook(new OrderBookConfig { ExpectedOrders = 4096, ExpectedLevels = 2048, LevelEvents = false });
        _peer = new PeerOrderBook();
        VeloZ();
        Peer();
        if (_book.TradeVolume != _peer.TradeVolume || _book.TradeCount != _peer.TradeCount || _book.OrderCount != _peer.OrderCount)
            throw new InvalidOperationException($"books disagree: ours {_book.TradeCount}/{_book.TradeVolume}/{_book.OrderCount}, peer {_peer.TradeCount}/{_peer.TradeVolume}/{_peer.OrderCount}");
        Console.WriteLine("// " + mix);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Commands + Prefill, Description = "Peer SortedDictionary+LinkedList")]
    public long Peer()
    {
        _peer.Clear();
        BookCommand[] commands = _commands;
        for (int i = 0; i < commands.Length; i++) _peer.Apply(in commands[i]);
        return _peer.TradeVolume;
    }

    [Benchmark(OperationsPerInvoke = Commands + Prefill, Description = "VeloZ OrderBook (all events)")]
    public long VeloZ() => Replay(_book);

    [Benchmark(OperationsPerInvoke = Commands + Prefill, Description = "VeloZ OrderBook (no level events)")]
    public long VeloZNoLevelEvents() => Replay(_bookNoLevels);

    private long Replay(OrderBook book)
    {
        book.Clear();
        ReadOnlySpan<BookCommand> commands = _commands;
        while (commands.Length > 0) commands = commands.Slice(book.Apply(commands, _events, out _));
        while (book.DrainEvents(_events) > 0)
        {
        }

        return book.TradeVolume;
    }
}
