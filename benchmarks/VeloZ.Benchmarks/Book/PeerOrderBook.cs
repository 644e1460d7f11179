using System;
using System.Collections.Generic;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>
/// The order book most C# code would start with, written plainly as the peer to measure against:
/// a <c>SortedDictionary&lt;long, LinkedList&lt;Order&gt;&gt;</c> per side and a
/// <c>Dictionary&lt;long, LinkedListNode&lt;Order&gt;&gt;</c> from id to order. Same rules as
/// <see cref="OrderBook"/> for the commands the benchmark flows use (GTC/IOC limit, market, cancel,
/// reduce, modify; mirror add/execute/reduce/delete); trades are recorded in an array.
/// </summary>
public sealed class PeerOrderBook
{
    public sealed class Order
    {
        public long Id;
        public Side Side;
        public long Price;
        public long Quantity;
    }

    public struct Trade
    {
        public long MakerId;
        public long TakerId;
        public long Price;
        public long Quantity;
    }

    private sealed class Descending : IComparer<long>
    {
        public int Compare(long x, long y) => y.CompareTo(x);
    }

    private readonly SortedDictionary<long, LinkedList<Order>> _bids = new(new Descending());
    private readonly SortedDictionary<long, LinkedList<Order>> _asks = new();
    private readonly Dictionary<long, LinkedListNode<Order>> _orders = new();
    private Trade[] _trades = new Trade[1 << 16];

    public int TradeCount { get; private set; }

    public long TradeVolume { get; private set; }

    public long UnknownCount { get; private set; }

    public int OrderCount => _orders.Count;

    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
        _orders.Clear();
        TradeCount = 0;
        TradeVolume = 0;
        UnknownCount = 0;
    }

    public void Apply(in BookCommand c)
    {
        switch (c.Type)
        {
            case BookCommandType.Submit:
                Submit(c.OrderId, c.Side, c.OrderType == OrderType.Market ? null : c.Price, c.Quantity, c.OrderType == OrderType.Limit && c.TimeInForce == TimeInForce.Gtc);
                break;
            case BookCommandType.Add:
                Rest(new Order { Id = c.OrderId, Side = c.Side, Price = c.Price, Quantity = c.Quantity });
                break;
            case BookCommandType.Cancel:
            case BookCommandType.Delete:
                if (_orders.TryGetValue(c.OrderId, out LinkedListNode<Order>? node)) Remove(node);
                else UnknownCount++;
                break;
            case BookCommandType.Reduce:
                if (_orders.TryGetValue(c.OrderId, out node))
                {
                    node.Value.Quantity -= c.Quantity;
                    if (node.Value.Quantity == 0) Remove(node);
                }
                else
                {
                    UnknownCount++;
                }

                break;
            case BookCommandType.Execute:
                if (_orders.TryGetValue(c.OrderId, out node))
                {
                    RecordTrade(node.Value.Id, 0, node.Value.Price, c.Quantity);
                    node.Value.Quantity -= c.Quantity;
                    if (node.Value.Quantity == 0) Remove(node);
                }
                else
                {
                    UnknownCount++;
                }

                break;
            case BookCommandType.Modify:
                Modify(c.OrderId, c.Price, c.Quantity);
                break;
            default:
                throw new NotSupportedException(c.Type.ToString());
        }
    }

    private void Modify(long id, long price, long quantity)
    {
        if (!_orders.TryGetValue(id, out LinkedListNode<Order>? node))
        {
            UnknownCount++;
            return;
        }

        Order order = node.Value;
        if (price == order.Price && quantity <= order.Quantity)
        {
            order.Quantity = quantity;
            return;
        }

        Remove(node);
        Submit(id, order.Side, price, quantity, rest: true);
    }

    private void Submit(long id, Side side, long? limit, long quantity, bool rest)
    {
        SortedDictionary<long, LinkedList<Order>> makers = side == Side.Buy ? _asks : _bids;
        while (quantity > 0 && makers.Count > 0)
        {
            KeyValuePair<long, LinkedList<Order>> best = default;
            foreach (KeyValuePair<long, LinkedList<Order>> level in makers)
            {
                best = level;
                break;
            }

            if (limit is long l && (side == Side.Buy ? best.Key > l : best.Key < l)) break;
            LinkedList<Order> queue = best.Value;
            while (quantity > 0 && queue.Count > 0)
            {
                Order maker = queue.First!.Value;
                long traded = Math.Min(quantity, maker.Quantity);
                maker.Quantity -= traded;
                quantity -= traded;
                RecordTrade(maker.Id, id, maker.Price, traded);
                if (maker.Quantity == 0)
                {
                    queue.RemoveFirst();
                    _orders.Remove(maker.Id);
                }
            }

            if (queue.Count == 0) makers.Remove(best.Key);
        }

        if (quantity > 0 && rest && limit is long price)
            Rest(new Order { Id = id, Side = side, Price = price, Quantity = quantity });
    }

    private void Rest(Order order)
    {
        SortedDictionary<long, LinkedList<Order>> side = order.Side == Side.Buy ? _bids : _asks;
        if (!side.TryGetValue(order.Price, out LinkedList<Order>? queue))
        {
            queue = new LinkedList<Order>();
            side.Add(order.Price, queue);
        }

        _orders.Add(order.Id, queue.AddLast(order));
    }

    private void Remove(LinkedListNode<Order> node)
    {
        Order order = node.Value;
        LinkedList<Order> queue = node.List!;
        queue.Remove(node);
        _orders.Remove(order.Id);
        if (queue.Count == 0) (order.Side == Side.Buy ? _bids : _asks).Remove(order.Price);
    }

    private void RecordTrade(long maker, long taker, long price, long quantity)
    {
        if (TradeCount == _trades.Length) Array.Resize(ref _trades, _trades.Length * 2);
        _trades[TradeCount++] = new Trade { MakerId = maker, TakerId = taker, Price = price, Quantity = quantity };
        TradeVolume += quantity;
    }
}
