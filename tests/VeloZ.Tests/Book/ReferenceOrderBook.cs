using System;
using System.Collections.Generic;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// A deliberately simple order book for differential testing: a flat list of orders with a priority
/// stamp, every question answered by brute force (scan, sort). Same rules and event order as
/// <see cref="OrderBook"/>, written from the specification without any of its data structures.
/// </summary>
internal sealed class ReferenceOrderBook
{
    internal sealed class Order
    {
        public long Id;
        public Side Side;
        public long Price;
        public long Remaining;
        public uint Owner;
        public SelfTradePrevention Stp;
        public OrderFlags Flags;
        public long Time; // smaller = older = first in its queue
    }

    private readonly List<Order> _orders = new();
    private readonly BookMode _mode;
    private readonly bool _levelEvents;
    private readonly long _minPrice;
    private readonly long _maxPrice;
    private readonly SelfTradePrevention _defaultStp;
    private long _clock;
    private long _sequence;
    private BookCommandType _command;

    public ReferenceOrderBook(OrderBookConfig config)
    {
        _mode = config.Mode;
        _levelEvents = config.LevelEvents;
        _minPrice = config.MinPrice;
        _maxPrice = config.MaxPrice;
        _defaultStp = config.SelfTradePrevention;
    }

    public List<BookEvent> Events { get; } = new();

    public long TradeCount { get; private set; }

    public long TradeVolume { get; private set; }

    public long RejectedCount { get; private set; }

    public long UnknownOrderCount { get; private set; }

    public long CommandCount => _sequence;

    public IReadOnlyList<Order> Orders => _orders;

    public BookResult Apply(BookCommand c)
    {
        _sequence++;
        _command = c.Type;
        BookResult r = c.Type switch
        {
            BookCommandType.Submit => Submit(c),
            BookCommandType.Cancel or BookCommandType.Delete => Cancel(c),
            BookCommandType.Reduce => Reduce(c),
            BookCommandType.Modify => Modify(c),
            BookCommandType.Replace => Replace(c),
            BookCommandType.Add => Add(c),
            BookCommandType.Execute => Execute(c),
            _ => BookResult.InvalidCommand,
        };
        if (r != BookResult.Ok)
        {
            RejectedCount++;
            if (r == BookResult.UnknownOrder) UnknownOrderCount++;
            Events.Add(new BookEvent
            {
                Type = BookEventType.Rejected, Side = c.Side, Reason = (byte)r, CommandType = c.Type, Sequence = _sequence,
                OrderId = c.OrderId, OtherOrderId = c.NewOrderId, Price = c.Price, Quantity = c.Quantity,
            });
        }

        return r;
    }

    // ---- queries, all brute force ----

    public Order? Find(long id)
    {
        if (id == 0) return null;
        foreach (Order o in _orders)
        {
            if (o.Id == id) return o;
        }

        return null;
    }

    public static bool Better(Side side, long a, long b) => side == Side.Buy ? a > b : a < b;

    public long? BestPrice(Side side)
    {
        long? best = null;
        foreach (Order o in _orders)
        {
            if (o.Side == side && (best is null || Better(side, o.Price, best.Value))) best = o.Price;
        }

        return best;
    }

    /// <summary>Orders of one side at one price, oldest first.</summary>
    public List<Order> Queue(Side side, long price)
    {
        var queue = new List<Order>();
        foreach (Order o in _orders)
        {
            if (o.Side == side && o.Price == price) queue.Add(o);
        }

        queue.Sort((a, b) => a.Time.CompareTo(b.Time));
        return queue;
    }

    /// <summary>All levels of a side, best first.</summary>
    public List<Level> Depth(Side side)
    {
        var sideOrders = new List<Order>();
        foreach (Order o in _orders)
        {
            if (o.Side == side) sideOrders.Add(o);
        }

        sideOrders.Sort((a, b) => a.Price == b.Price ? 0 : Better(side, a.Price, b.Price) ? -1 : 1);
        var levels = new List<Level>();
        foreach (Order o in sideOrders)
        {
            if (levels.Count > 0 && levels[^1].Price == o.Price)
            {
                Level last = levels[^1];
                levels[^1] = new Level(o.Price, last.Quantity + o.Remaining, last.OrderCount + 1);
            }
            else
            {
                levels.Add(new Level(o.Price, o.Remaining, 1));
            }
        }

        return levels;
    }

    public Level LevelAt(Side side, long price)
    {
        long qty = 0;
        int count = 0;
        foreach (Order o in _orders)
        {
            if (o.Side == side && o.Price == price)
            {
                qty += o.Remaining;
                count++;
            }
        }

        return new Level(price, qty, count);
    }

    public OrderInfo? Info(long id)
    {
        Order? o = Find(id);
        if (o is null) return null;
        long ahead = 0;
        int count = 0;
        foreach (Order other in _orders)
        {
            if (other.Side == o.Side && other.Price == o.Price && other.Time < o.Time)
            {
                ahead += other.Remaining;
                count++;
            }
        }

        return new OrderInfo
        {
            OrderId = o.Id, Price = o.Price, RemainingQuantity = o.Remaining, QuantityAhead = ahead, OrdersAhead = count,
            Owner = o.Owner, Side = o.Side, Flags = o.Flags, SelfTradePrevention = o.Stp,
        };
    }

    /// <summary>The documented state hash, computed from this book's own price-time order.</summary>
    public ulong StateHash()
    {
        var all = new List<Order>(_orders);
        all.Sort((a, b) =>
        {
            if (a.Side != b.Side) return a.Side == Side.Buy ? -1 : 1;
            if (a.Price != b.Price) return Better(a.Side, a.Price, b.Price) ? -1 : 1;
            return a.Time.CompareTo(b.Time);
        });
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (Order o in all)
        {
            foreach (ulong v in new[] { (ulong)o.Side, (ulong)o.Price, (ulong)o.Id, (ulong)o.Remaining })
            {
                h = (h ^ v) * 0xFF51AFD7ED558CCDUL;
                h ^= h >> 32;
            }
        }

        h ^= (ulong)all.Count;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    // ---- commands ----

    private static bool IsSide(Side s) => s == Side.Buy || s == Side.Sell;

    private static Side Opposite(Side s) => s == Side.Buy ? Side.Sell : Side.Buy;

    private bool InRange(long price) => price >= _minPrice && price <= _maxPrice;

    /// <summary>May a taker of <paramref name="takerSide"/> limited to <paramref name="limit"/> (null = no limit) trade at <paramref name="price"/>?</summary>
    private static bool Within(Side takerSide, long? limit, long price) =>
        limit is null || (takerSide == Side.Buy ? price <= limit.Value : price >= limit.Value);

    private BookResult Submit(BookCommand c)
    {
        if (_mode != BookMode.Matching) return BookResult.WrongMode;
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (!IsSide(c.Side)) return BookResult.InvalidSide;
        bool market = c.OrderType == OrderType.Market;
        bool postOnly = (c.Flags & OrderFlags.PostOnly) != 0;
        bool prot = (c.Flags & OrderFlags.ProtectionPrice) != 0;
        bool validEnums = (c.OrderType == OrderType.Limit || market)
            && (c.TimeInForce == TimeInForce.Gtc || c.TimeInForce == TimeInForce.Ioc || c.TimeInForce == TimeInForce.Fok)
            && (byte)c.SelfTradePrevention <= 3 && ((byte)c.Flags & ~3) == 0;
        if (!validEnums || (postOnly && (market || c.TimeInForce != TimeInForce.Gtc)) || (prot && !market)) return BookResult.InvalidCommand;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!market && !InRange(c.Price)) return BookResult.InvalidPrice;
        if (prot && !InRange(c.ProtectionPrice)) return BookResult.InvalidPrice;
        if (Find(c.OrderId) is not null) return BookResult.DuplicateId;

        long? limit = market ? (prot ? c.ProtectionPrice : null) : c.Price;
        long? oppBest = BestPrice(Opposite(c.Side));
        bool crosses = oppBest is not null && Within(c.Side, limit, oppBest.Value);
        if (postOnly && crosses) return BookResult.PostOnlyWouldCross;
        if (market && !crosses) return BookResult.NoLiquidity;
        SelfTradePrevention stp = c.SelfTradePrevention == SelfTradePrevention.BookDefault ? _defaultStp : c.SelfTradePrevention;
        if (c.TimeInForce == TimeInForce.Fok)
        {
            BookResult fill = FokFillable(c.Side, limit, c.Owner, stp, c.Quantity);
            if (fill != BookResult.Ok) return fill;
        }
        if (crosses && c.Owner != 0 && stp == SelfTradePrevention.CancelTaker
            && Queue(Opposite(c.Side), oppBest!.Value)[0].Owner == c.Owner)
            return BookResult.SelfTrade;

        long price = market ? 0 : c.Price;
        Accepted(c.OrderId, c.Side, price, c.Quantity, 0);
        long rem = Match(c.Side, c.OrderId, c.Owner, stp, limit, c.Quantity, out bool stopped);
        if (rem == 0) Done(c.OrderId, c.Side, price, 0, OrderDoneReason.Filled, 0);
        else if (stopped) Done(c.OrderId, c.Side, price, rem, OrderDoneReason.SelfTradeCancelled, 0);
        else if (market || c.TimeInForce != TimeInForce.Gtc) Done(c.OrderId, c.Side, price, rem, OrderDoneReason.Expired, 0);
        else
        {
            Rest(new Order
            {
                Id = c.OrderId, Side = c.Side, Price = c.Price, Remaining = rem, Owner = c.Owner, Stp = stp,
                Flags = c.Flags & OrderFlags.PostOnly,
            });
        }

        return BookResult.Ok;
    }

    // Ok; SelfTrade when an own order stops it (CancelTaker, CancelBoth) and the others' liquidity would fill it; else FokCannotFill.
    private BookResult FokFillable(Side side, long? limit, uint owner, SelfTradePrevention stp, long quantity)
    {
        var makers = new List<Order>();
        foreach (Order o in _orders)
        {
            if (o.Side != side && Within(side, limit, o.Price)) makers.Add(o);
        }

        Side makerSide = Opposite(side);
        makers.Sort((a, b) => a.Price != b.Price ? (Better(makerSide, a.Price, b.Price) ? -1 : 1) : a.Time.CompareTo(b.Time));
        long sum = 0;
        bool stopped = false;
        foreach (Order m in makers)
        {
            if (owner != 0 && m.Owner == owner)
            {
                if (stp != SelfTradePrevention.CancelMaker) stopped = true;
                continue;
            }

            sum += m.Remaining;
            if (sum >= quantity) return stopped ? BookResult.SelfTrade : BookResult.Ok;
        }

        return BookResult.FokCannotFill;
    }

    private long Match(Side side, long takerId, uint owner, SelfTradePrevention stp, long? limit, long quantity, out bool stopped)
    {
        stopped = false;
        Side makerSide = Opposite(side);
        while (quantity > 0)
        {
            long? best = BestPrice(makerSide);
            if (best is null || !Within(side, limit, best.Value)) break;
            bool touched = false;
            foreach (Order m in Queue(makerSide, best.Value))
            {
                if (quantity == 0) break;
                if (owner != 0 && m.Owner == owner)
                {
                    if (stp == SelfTradePrevention.CancelTaker)
                    {
                        stopped = true;
                        break;
                    }

                    Done(m.Id, m.Side, m.Price, m.Remaining, OrderDoneReason.SelfTradeCancelled, 0);
                    _orders.Remove(m);
                    touched = true;
                    if (stp == SelfTradePrevention.CancelBoth)
                    {
                        stopped = true;
                        break;
                    }

                    continue;
                }

                long q = Math.Min(quantity, m.Remaining);
                m.Remaining -= q;
                quantity -= q;
                TradeCount++;
                TradeVolume += q;
                Events.Add(new BookEvent
                {
                    Type = BookEventType.Trade, Side = side, CommandType = _command, Sequence = _sequence, OrderId = m.Id,
                    OtherOrderId = takerId, Price = m.Price, Quantity = q, RemainingQuantity = m.Remaining,
                });
                touched = true;
                if (m.Remaining == 0)
                {
                    Done(m.Id, m.Side, m.Price, 0, OrderDoneReason.Filled, 0);
                    _orders.Remove(m);
                }
            }

            // The level was the best before the sweep: the flag says so whether or not it emptied.
            if (touched) LevelEvent(makerSide, best.Value, true);
            if (stopped) break;
        }

        return quantity;
    }

    private BookResult Add(BookCommand c)
    {
        if (_mode != BookMode.Mirror) return BookResult.WrongMode;
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (!IsSide(c.Side)) return BookResult.InvalidSide;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!InRange(c.Price)) return BookResult.InvalidPrice;
        if (Find(c.OrderId) is not null) return BookResult.DuplicateId;
        Accepted(c.OrderId, c.Side, c.Price, c.Quantity, 0);
        Rest(new Order { Id = c.OrderId, Side = c.Side, Price = c.Price, Remaining = c.Quantity, Owner = c.Owner, Stp = _defaultStp });
        return BookResult.Ok;
    }

    private BookResult Cancel(BookCommand c)
    {
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        Order? o = Find(c.OrderId);
        if (o is null) return BookResult.UnknownOrder;
        Done(o.Id, o.Side, o.Price, o.Remaining, OrderDoneReason.Cancelled, 0);
        RemoveWithLevelEvent(o);
        return BookResult.Ok;
    }

    private BookResult Reduce(BookCommand c)
    {
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        Order? o = Find(c.OrderId);
        if (o is null) return BookResult.UnknownOrder;
        if (c.Quantity > o.Remaining) return BookResult.InvalidQuantity;
        if (c.Quantity == o.Remaining)
        {
            Done(o.Id, o.Side, o.Price, o.Remaining, OrderDoneReason.Cancelled, 0);
            RemoveWithLevelEvent(o);
            return BookResult.Ok;
        }

        o.Remaining -= c.Quantity;
        Modified(o, o.Price, o.Remaining, BookEventFlags.None);
        LevelEvent(o.Side, o.Price, BestPrice(o.Side) == o.Price);
        return BookResult.Ok;
    }

    private BookResult Execute(BookCommand c)
    {
        if (_mode != BookMode.Mirror) return BookResult.WrongMode;
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        Order? o = Find(c.OrderId);
        if (o is null) return BookResult.UnknownOrder;
        if (c.Quantity > o.Remaining) return BookResult.InvalidQuantity;
        o.Remaining -= c.Quantity;
        TradeCount++;
        TradeVolume += c.Quantity;
        Events.Add(new BookEvent
        {
            Type = BookEventType.Trade, Side = Opposite(o.Side), CommandType = _command, Sequence = _sequence, OrderId = o.Id,
            Price = o.Price, Quantity = c.Quantity, RemainingQuantity = o.Remaining,
        });
        if (o.Remaining == 0)
        {
            Done(o.Id, o.Side, o.Price, 0, OrderDoneReason.Filled, 0);
            RemoveWithLevelEvent(o);
        }
        else
        {
            LevelEvent(o.Side, o.Price, BestPrice(o.Side) == o.Price);
        }

        return BookResult.Ok;
    }

    private BookResult Modify(BookCommand c)
    {
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!InRange(c.Price)) return BookResult.InvalidPrice;
        Order? o = Find(c.OrderId);
        if (o is null) return BookResult.UnknownOrder;
        if (c.Price == o.Price && c.Quantity <= o.Remaining)
        {
            bool changed = c.Quantity != o.Remaining;
            o.Remaining = c.Quantity;
            Modified(o, o.Price, o.Remaining, BookEventFlags.None);
            if (changed) LevelEvent(o.Side, o.Price, BestPrice(o.Side) == o.Price);
            return BookResult.Ok;
        }

        if (_mode == BookMode.Matching && (o.Flags & OrderFlags.PostOnly) != 0 && c.Price != o.Price && WouldCross(o.Side, c.Price))
            return BookResult.PostOnlyWouldCross;
        if (c.Price != o.Price && FirstMatchIsOwn(o, c.Price)) return BookResult.SelfTrade;

        if (c.Price == o.Price)
        {
            o.Remaining = c.Quantity;
            o.Time = ++_clock;
            Modified(o, o.Price, o.Remaining, BookEventFlags.LostPriority);
            LevelEvent(o.Side, o.Price, BestPrice(o.Side) == o.Price);
            return BookResult.Ok;
        }

        Modified(o, c.Price, c.Quantity, BookEventFlags.LostPriority);
        RemoveWithLevelEvent(o);
        Reenter(o, c.Price, c.Quantity);
        return BookResult.Ok;
    }

    private BookResult Replace(BookCommand c)
    {
        if (c.OrderId == 0 || c.NewOrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!InRange(c.Price)) return BookResult.InvalidPrice;
        Order? o = Find(c.OrderId);
        if (o is null) return BookResult.UnknownOrder;
        if (c.NewOrderId == c.OrderId || Find(c.NewOrderId) is not null) return BookResult.DuplicateId;
        if (_mode == BookMode.Matching && (o.Flags & OrderFlags.PostOnly) != 0 && WouldCross(o.Side, c.Price))
            return BookResult.PostOnlyWouldCross;
        if (FirstMatchIsOwn(o, c.Price)) return BookResult.SelfTrade;
        Done(o.Id, o.Side, o.Price, o.Remaining, OrderDoneReason.Replaced, c.NewOrderId);
        RemoveWithLevelEvent(o);
        o.Id = c.NewOrderId;
        Accepted(o.Id, o.Side, c.Price, c.Quantity, c.OrderId);
        Reenter(o, c.Price, c.Quantity);
        return BookResult.Ok;
    }

    private void Reenter(Order o, long price, long quantity)
    {
        o.Price = price;
        o.Remaining = quantity;
        if (_mode == BookMode.Matching)
        {
            long rem = Match(o.Side, o.Id, o.Owner, o.Stp, price, quantity, out bool stopped);
            if (rem == 0 || stopped)
            {
                Done(o.Id, o.Side, price, rem, rem == 0 ? OrderDoneReason.Filled : OrderDoneReason.SelfTradeCancelled, 0);
                return;
            }

            o.Remaining = rem;
        }

        Rest(o);
    }

    // A resting order moved to price (modify, replace) whose first match would be its own owner's order under CancelTaker.
    private bool FirstMatchIsOwn(Order o, long price)
    {
        if (_mode != BookMode.Matching || o.Owner == 0 || o.Stp != SelfTradePrevention.CancelTaker || !WouldCross(o.Side, price)) return false;
        Side makerSide = Opposite(o.Side);
        return Queue(makerSide, BestPrice(makerSide)!.Value)[0].Owner == o.Owner;
    }

    private bool WouldCross(Side side, long price)
    {
        long? oppBest = BestPrice(Opposite(side));
        return oppBest is not null && Within(side, price, oppBest.Value);
    }

    private void Rest(Order o)
    {
        o.Time = ++_clock;
        _orders.Add(o);
        LevelEvent(o.Side, o.Price, BestPrice(o.Side) == o.Price);
    }

    private void RemoveWithLevelEvent(Order o)
    {
        long? bestBefore = BestPrice(o.Side);
        _orders.Remove(o);
        LevelEvent(o.Side, o.Price, bestBefore == o.Price);
    }

    private void LevelEvent(Side side, long price, bool top)
    {
        if (!_levelEvents) return;
        Level level = LevelAt(side, price);
        Events.Add(new BookEvent
        {
            Type = BookEventType.LevelChanged, Side = side, Flags = top ? BookEventFlags.TopOfBook : BookEventFlags.None,
            CommandType = _command, Sequence = _sequence, OrderCount = level.OrderCount, Price = price, Quantity = level.Quantity,
        });
    }

    private void Accepted(long id, Side side, long price, long qty, long other) => Events.Add(new BookEvent
    {
        Type = BookEventType.Accepted, Side = side, CommandType = _command, Sequence = _sequence, OrderId = id,
        OtherOrderId = other, Price = price, Quantity = qty,
    });

    private void Done(long id, Side side, long price, long left, OrderDoneReason reason, long other) => Events.Add(new BookEvent
    {
        Type = BookEventType.OrderDone, Side = side, Reason = (byte)reason, CommandType = _command, Sequence = _sequence,
        OrderId = id, OtherOrderId = other, Price = price, Quantity = left,
    });

    private void Modified(Order o, long price, long qty, BookEventFlags flags) => Events.Add(new BookEvent
    {
        Type = BookEventType.Modified, Side = o.Side, Flags = flags, CommandType = _command, Sequence = _sequence,
        OrderId = o.Id, Price = price, Quantity = qty,
    });
}
