using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VeloZ.Book;

/// <summary>
/// A level-3 (order by order) limit order book for one instrument: integer prices in ticks, integer
/// quantities, caller-chosen non-zero 64-bit order ids. In <see cref="BookMode.Matching"/> mode it is
/// the venue (price-time priority, trades at the maker's price, GTC/IOC/FOK, post-only, market orders
/// with an optional protection price, self-trade prevention); in <see cref="BookMode.Mirror"/> mode it
/// rebuilds a venue's book from its feed (add, execute, reduce, delete, replace).
/// </summary>
/// <remarks>
/// <para>Commands go in as <see cref="BookCommand"/> values, one at a time (<see cref="Apply(in BookCommand)"/>
/// and the named methods, which return a <see cref="BookResult"/>) or as a span
/// (<see cref="Apply(ReadOnlySpan{BookCommand}, Span{BookEvent}, out int)"/>). Every outcome is also
/// reported as <see cref="BookEvent"/>s, queued in an internal ring that grows as needed so that no
/// event is ever lost, and copied out by <see cref="Apply(ReadOnlySpan{BookCommand}, Span{BookEvent}, out int)"/>
/// or <see cref="DrainEvents"/>. Callers of the single-command methods must drain (or
/// <see cref="DiscardEvents"/>) now and then, or the ring keeps growing.</para>
/// <para>Event order for one command: Accepted/Modified or OrderDone of the order named, then the level
/// change its removal caused; while matching, per maker: Trade and, when filled, the maker's OrderDone
/// (or a self-trade OrderDone), then one LevelChanged per level left behind; last the taker's OrderDone,
/// or the LevelChanged of the level it now rests at.</para>
/// <para>Storage: orders and levels are structs in arrays indexed by int (doubling when full, the only
/// allocation), orders at a level form an intrusive FIFO, ids are found through an open-addressing hash
/// table, and each side's levels through a <see cref="PriceLadder"/>. Steady-state operation allocates
/// nothing. Not thread-safe: one thread drives a book; other threads may read its
/// <see cref="Snapshot"/> (configured with <see cref="OrderBookConfig.SnapshotDepth"/>).</para>
/// </remarks>
public sealed partial class OrderBook
{
    // How many commands ahead a batch Apply prefetches id lookups (a command takes tens of ns, an L2/L3
    // miss about as long).
    private const int PrefetchDistance = 8;

    private readonly BookMode _mode;
    private readonly bool _levelEvents;
    private readonly long _minPrice;
    private readonly long _maxPrice;
    private readonly SelfTradePrevention _defaultStp;
    private readonly int _snapshotDepth;

    // Index 0 of both arrays is the null index: links and lookups use 0 for "none".
    private OrderNode[] _orders;
    private int _ordersUsed;   // highest slot ever handed out
    private int _freeOrders;   // free list through OrderNode.Next
    private int _orderCount;

    private PriceLevel[] _levels;
    private int _levelsUsed;
    private int _freeLevels;   // free list through PriceLevel.Head

    private readonly PriceLadder _bids;
    private readonly PriceLadder _asks;
    private readonly OrderIdIndex _index;
    private readonly EventRing _events;

    // The caller's event buffer during a batch Apply (pinned by it), how much of it is filled, and
    // how much may be filled directly; zero outside Apply.
    private unsafe BookEvent* _out;
    private int _outCount;
    private int _outCapacity;

    private long _sequence;
    private BookCommandType _command;
    private long _rejectedCount;
    private long _unknownOrderCount;
    private long _tradeCount;
    private long _tradeVolume;
    private long _crossedCount;

    /// <summary>Creates a matching book with the default <see cref="OrderBookConfig"/>.</summary>
    public OrderBook()
        : this(new OrderBookConfig())
    {
    }

    /// <summary>Creates a book; the configuration is read once and validated.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="SettingOutOfRangeException">A setting is out of its documented range.</exception>
    public OrderBook(OrderBookConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string owner = nameof(OrderBookConfig);
        if (config.Mode != BookMode.Matching && config.Mode != BookMode.Mirror)
            throw new SettingOutOfRangeException(owner, nameof(config.Mode), (int)config.Mode, "must be Matching (0) or Mirror (1)");
        if (config.ExpectedOrders < 1 || config.ExpectedOrders > OrderBookConfig.MaxCapacity)
            throw new SettingOutOfRangeException(owner, nameof(config.ExpectedOrders), config.ExpectedOrders, $"must be in 1..2^28 (default {OrderBookConfig.DefaultExpectedOrders})");
        if (config.ExpectedLevels < 1 || config.ExpectedLevels > OrderBookConfig.MaxCapacity)
            throw new SettingOutOfRangeException(owner, nameof(config.ExpectedLevels), config.ExpectedLevels, $"must be in 1..2^28 (default {OrderBookConfig.DefaultExpectedLevels})");
        if (config.SnapshotDepth < 0 || config.SnapshotDepth > BookSnapshot.MaxDepth)
            throw new SettingOutOfRangeException(owner, nameof(config.SnapshotDepth), config.SnapshotDepth, $"must be in 0..{BookSnapshot.MaxDepth} (0: no snapshot, the default)");
        if (config.MinPrice < -OrderBookConfig.PriceLimit || config.MinPrice > OrderBookConfig.PriceLimit)
            throw new SettingOutOfRangeException(owner, nameof(config.MinPrice), config.MinPrice, "must be within +-2^62 (default 1)");
        if (config.MaxPrice < -OrderBookConfig.PriceLimit || config.MaxPrice > OrderBookConfig.PriceLimit)
            throw new SettingOutOfRangeException(owner, nameof(config.MaxPrice), config.MaxPrice, "must be within +-2^62 (default 2^62 - 1)");
        if (config.MinPrice > config.MaxPrice)
            throw new SettingOutOfRangeException(owner, nameof(config.MinPrice), config.MinPrice, $"must not be above MaxPrice {config.MaxPrice}");
        if (config.PriceWindowTicks < OrderBookConfig.MinPriceWindowTicks || config.PriceWindowTicks > OrderBookConfig.MaxPriceWindowTicks
            || !BitOperations.IsPow2(config.PriceWindowTicks))
            throw new SettingOutOfRangeException(owner, nameof(config.PriceWindowTicks), config.PriceWindowTicks, $"must be a power of two in 64..2^20 (default {OrderBookConfig.DefaultPriceWindowTicks})");
        if (config.SelfTradePrevention < SelfTradePrevention.CancelTaker || config.SelfTradePrevention > SelfTradePrevention.CancelBoth)
            throw new SettingOutOfRangeException(owner, nameof(config.SelfTradePrevention), (int)config.SelfTradePrevention, "must be CancelTaker (1), CancelMaker (2) or CancelBoth (3) (default CancelTaker)");

        _mode = config.Mode;
        _levelEvents = config.LevelEvents;
        _minPrice = config.MinPrice;
        _maxPrice = config.MaxPrice;
        _defaultStp = config.SelfTradePrevention;
        _snapshotDepth = config.SnapshotDepth;

        // Storage for more than PreallocationLimit is not committed at create: it doubles as the book fills, so a
        // large hint cannot make the kernel kill the process (overcommit) before the book has seen an order.
        int expectedOrders = Math.Min(config.ExpectedOrders, OrderBookConfig.PreallocationLimit);
        _orders = new OrderNode[expectedOrders + 1];
        _levels = new PriceLevel[Math.Min(config.ExpectedLevels, OrderBookConfig.PreallocationLimit) + 1];
        _bids = new PriceLadder(config.PriceWindowTicks, 64);
        _asks = new PriceLadder(config.PriceWindowTicks, 64);
        _index = new OrderIdIndex(expectedOrders);
        _events = new EventRing(1024);
        Pages.Touch(_orders);
        Pages.Touch(_levels);
        if (_snapshotDepth > 0)
        {
            _snapshot = new BookSnapshot(_snapshotDepth);
            PublishSnapshot();
        }
    }

    /// <summary>Matching or Mirror, as configured.</summary>
    public BookMode Mode => _mode;

    /// <summary>Whether LevelChanged events are emitted, as configured.</summary>
    public bool LevelEvents => _levelEvents;

    /// <summary>Lowest accepted price in ticks.</summary>
    public long MinPrice => _minPrice;

    /// <summary>Highest accepted price in ticks.</summary>
    public long MaxPrice => _maxPrice;

    /// <summary>Events queued and not yet drained.</summary>
    public int PendingEventCount => _events.Count;

    /// <summary>Commands processed so far (rejected included): the <see cref="BookEvent.Sequence"/> of the latest one.</summary>
    public long CommandCount => _sequence;

    /// <summary>Resting orders.</summary>
    public int OrderCount => _orderCount;

    /// <summary>Non-empty bid levels.</summary>
    public int BidLevelCount => _bids.Count;

    /// <summary>Non-empty ask levels.</summary>
    public int AskLevelCount => _asks.Count;

    /// <summary>Commands rejected because the order id they named was not resting.</summary>
    public long UnknownOrderCount => _unknownOrderCount;

    /// <summary>Commands rejected for any reason.</summary>
    public long RejectedCount => _rejectedCount;

    /// <summary>Trades (Trade events) so far.</summary>
    public long TradeCount => _tradeCount;

    /// <summary>Total traded quantity so far.</summary>
    public long TradeVolume => _tradeVolume;

    /// <summary>
    /// Processes commands in order and copies events to <paramref name="events"/>: first any events
    /// still queued, then those of each command. When the buffer is full, processing stops after the
    /// command whose events did not fit; those stay queued for the next call or <see cref="DrainEvents"/>.
    /// At least one command is processed per call (when there is one), so even an empty buffer makes
    /// progress, and nothing is lost.
    /// </summary>
    /// <param name="commands">Commands to process; rejected ones count as processed.</param>
    /// <param name="events">Caller's buffer; any length, 0 included.</param>
    /// <param name="eventsWritten">How many events were copied to <paramref name="events"/>.</param>
    /// <returns>How many commands were processed (a prefix of <paramref name="commands"/>).</returns>
    public unsafe int Apply(ReadOnlySpan<BookCommand> commands, Span<BookEvent> events, out int eventsWritten)
    {
        fixed (BookEvent* output = events)
        {
            int consumed = 0;
            try
            {
                _out = output;
                _outCount = _events.Drain(events);
                // New events go straight to the caller's buffer only while nothing is queued ahead of them.
                _outCapacity = _events.Count == 0 ? events.Length : _outCount;
                while (consumed < commands.Length)
                {
                    // Events queue in the ring only once the caller's buffer is full: stop then.
                    if (_outCount >= _outCapacity && consumed > 0 && _events.Count > 0) break;
                    // The next commands are known: start fetching their id lookups while this one runs.
                    if (consumed + PrefetchDistance < commands.Length) _index.Prefetch(commands[consumed + PrefetchDistance].OrderId);
                    ApplyOne(in commands[consumed]);
                    consumed++;
                }

                eventsWritten = _outCount;
            }
            finally
            {
                // The pointer is valid only inside this call.
                _out = null;
                _outCount = 0;
                _outCapacity = 0;
            }

            return consumed;
        }
    }

    /// <summary>Processes one command; its events are queued (see <see cref="DrainEvents"/>).</summary>
    /// <returns><see cref="BookResult.Ok"/>, or why it was rejected (the book is then unchanged).</returns>
    public BookResult Apply(in BookCommand command) => ApplyOne(in command);

    /// <summary>Copies up to <c>events.Length</c> queued events, oldest first, and dequeues them.</summary>
    /// <returns>How many were copied.</returns>
    public int DrainEvents(Span<BookEvent> events) => _events.Drain(events);

    /// <summary>Drops all queued events (for callers that only want results and queries).</summary>
    public void DiscardEvents() => _events.Clear();

    /// <summary>Matching mode: a limit order. See <see cref="BookCommand.Limit"/>.</summary>
    public BookResult Submit(long orderId, Side side, long price, long quantity, TimeInForce timeInForce = TimeInForce.Gtc,
        OrderFlags flags = OrderFlags.None, uint owner = 0, SelfTradePrevention selfTradePrevention = SelfTradePrevention.BookDefault)
    {
        BookCommand command = BookCommand.Limit(orderId, side, price, quantity, timeInForce, flags, owner, selfTradePrevention);
        return ApplyOne(in command);
    }

    /// <summary>Matching mode: a market order, protected when <paramref name="protectionPrice"/> is given.</summary>
    public BookResult SubmitMarket(long orderId, Side side, long quantity, long? protectionPrice = null,
        TimeInForce timeInForce = TimeInForce.Ioc, uint owner = 0, SelfTradePrevention selfTradePrevention = SelfTradePrevention.BookDefault)
    {
        BookCommand command = protectionPrice is long p
            ? BookCommand.ProtectedMarket(orderId, side, quantity, p, timeInForce, owner, selfTradePrevention)
            : BookCommand.Market(orderId, side, quantity, timeInForce, owner, selfTradePrevention);
        return ApplyOne(in command);
    }

    /// <summary>Removes a resting order.</summary>
    public BookResult Cancel(long orderId)
    {
        BookCommand command = BookCommand.Cancel(orderId);
        return ApplyOne(in command);
    }

    /// <summary>Takes <paramref name="quantity"/> off a resting order, keeping its queue priority.</summary>
    public BookResult Reduce(long orderId, long quantity)
    {
        BookCommand command = BookCommand.Reduce(orderId, quantity);
        return ApplyOne(in command);
    }

    /// <summary>Sets a resting order's price and remaining quantity (see <see cref="BookCommandType.Modify"/>).</summary>
    public BookResult Modify(long orderId, long newPrice, long newQuantity)
    {
        BookCommand command = BookCommand.Modify(orderId, newPrice, newQuantity);
        return ApplyOne(in command);
    }

    /// <summary>Replaces a resting order by a new id, price and quantity (see <see cref="BookCommandType.Replace"/>).</summary>
    public BookResult Replace(long orderId, long newOrderId, long newPrice, long newQuantity)
    {
        BookCommand command = BookCommand.Replace(orderId, newOrderId, newPrice, newQuantity);
        return ApplyOne(in command);
    }

    /// <summary>Mirror mode: an order rests at its price without matching.</summary>
    public BookResult Add(long orderId, Side side, long price, long quantity)
    {
        BookCommand command = BookCommand.Add(orderId, side, price, quantity);
        return ApplyOne(in command);
    }

    /// <summary>Mirror mode: the venue executed <paramref name="quantity"/> of a resting order.</summary>
    public BookResult Execute(long orderId, long quantity)
    {
        BookCommand command = BookCommand.Execute(orderId, quantity);
        return ApplyOne(in command);
    }

    /// <summary>Removes a resting order (the feed's name for <see cref="Cancel"/>).</summary>
    public BookResult Delete(long orderId)
    {
        BookCommand command = BookCommand.Delete(orderId);
        return ApplyOne(in command);
    }

    /// <summary>Removes every order and queued event and zeroes the counters; keeps the capacity.</summary>
    public void Clear()
    {
        Array.Clear(_orders, 0, _ordersUsed + 1);
        Array.Clear(_levels, 0, _levelsUsed + 1);
        _ordersUsed = 0;
        _freeOrders = 0;
        _orderCount = 0;
        _levelsUsed = 0;
        _freeLevels = 0;
        _bids.Clear();
        _asks.Clear();
        _index.Clear();
        _events.Clear();
        _sequence = 0;
        _rejectedCount = 0;
        _unknownOrderCount = 0;
        _tradeCount = 0;
        _tradeVolume = 0;
        _crossedCount = 0;
        _bidsDirty = _asksDirty = true;
        PublishSnapshot();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private BookResult ApplyOne(in BookCommand command)
    {
        _sequence++;
        _command = command.Type;
        BookResult result = command.Type switch
        {
            BookCommandType.Submit => ApplySubmit(in command),
            BookCommandType.Cancel or BookCommandType.Delete => ApplyCancel(in command),
            BookCommandType.Reduce => ApplyReduce(in command),
            BookCommandType.Modify => ApplyModify(in command),
            BookCommandType.Replace => ApplyReplace(in command),
            BookCommandType.Add => ApplyAdd(in command),
            BookCommandType.Execute => ApplyExecute(in command),
            _ => BookResult.InvalidCommand,
        };

        if (result != BookResult.Ok)
        {
            _rejectedCount++;
            if (result == BookResult.UnknownOrder) _unknownOrderCount++;
            EmitRejected(in command, result);
        }

        if (_mode == BookMode.Mirror && IsCrossed) _crossedCount++;
        if (_bidsDirty | _asksDirty) PublishSnapshot();
        return result;
    }

    /// <summary>
    /// Whether the best bid is at or above the best ask. Never in a matching book (a crossing order trades); a mirror
    /// book rests what its feed says, so it is crossed when the feed is (a delete that never came, a venue's
    /// transient cross). <see cref="BookStatistics.CrossedCount"/> counts the commands after which it was.
    /// </summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids.BestKey + _asks.BestKey <= 0; // bid key -price, ask key price

    private static Side Opposite(Side side) => side == Side.Buy ? Side.Sell : Side.Buy;

    /// <summary>Ladder key: the best level of either side has the smallest key.</summary>
    private static long KeyOf(Side side, long price) => side == Side.Buy ? -price : price;

    private int FindOrder(long orderId) => _index.Find(orderId, _orders);

    private PriceLadder Ladder(Side side) => side == Side.Buy ? _bids : _asks;

    private bool PriceInRange(long price) => price >= _minPrice && price <= _maxPrice;

    private static bool IsSide(Side side) => side == Side.Buy || side == Side.Sell;
}
