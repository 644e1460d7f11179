using System;

namespace VeloZ.Book;

// Read-only views of the book. None allocates.
public sealed partial class OrderBook
{
    /// <summary>Start value of <see cref="ComputeStateHash"/>.</summary>
    public const ulong StateHashSeed = 0x9E3779B97F4A7C15UL;

    /// <summary>Multiplier of <see cref="ComputeStateHash"/>'s per-word step.</summary>
    public const ulong StateHashMultiplier = 0xFF51AFD7ED558CCDUL;

    /// <summary>The best bid (highest buy price) with its total quantity and order count.</summary>
    /// <returns>False, and an all-zero level, when there are no bids.</returns>
    public bool TryGetBestBid(out Level level) => TryGetBest(_bids, out level);

    /// <summary>The best ask (lowest sell price) with its total quantity and order count.</summary>
    /// <returns>False, and an all-zero level, when there are no asks.</returns>
    public bool TryGetBestAsk(out Level level) => TryGetBest(_asks, out level);

    /// <summary>Best bid and ask (all-zero levels for an empty side) and <see cref="CommandCount"/> as the sequence.</summary>
    public TopOfBook GetTopOfBook()
    {
        TopOfBook top = default;
        TryGetBest(_bids, out top.Bid);
        TryGetBest(_asks, out top.Ask);
        top.Sequence = _sequence;
        return top;
    }

    /// <summary>
    /// Writes the best <c>levels.Length</c> levels of one side, best first (bids from the highest
    /// price, asks from the lowest). O(levels written) near the top.
    /// </summary>
    /// <returns>How many levels were written (fewer when the side has fewer).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not Buy or Sell.</exception>
    public int GetDepth(Side side, Span<Level> levels)
    {
        if (!IsSide(side)) throw new ArgumentOutOfRangeException(nameof(side), side, "Side must be Buy or Sell.");
        PriceLadder ladder = Ladder(side);
        if (ladder.Count == 0 || levels.Length == 0) return 0;
        long key = ladder.BestKey;
        int li = ladder.BestLevel;
        int n = 0;
        while (true)
        {
            ref PriceLevel level = ref _levels[li];
            levels[n++] = new Level(level.Price, level.Quantity, level.OrderCount);
            if (n == levels.Length) return n;
            li = ladder.Next(key, out key);
            if (li == 0) return n;
        }
    }

    /// <summary>The level at one price of one side; Quantity and OrderCount are 0 when no order rests there.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not Buy or Sell.</exception>
    public Level GetLevel(Side side, long price)
    {
        if (!IsSide(side)) throw new ArgumentOutOfRangeException(nameof(side), side, "Side must be Buy or Sell.");
        if (price < -OrderBookConfig.PriceLimit || price > OrderBookConfig.PriceLimit) return new Level(price, 0, 0);
        int li = Ladder(side).Find(KeyOf(side, price));
        if (li == 0) return new Level(price, 0, 0);
        ref PriceLevel level = ref _levels[li];
        return new Level(level.Price, level.Quantity, level.OrderCount);
    }

    /// <summary>
    /// Looks up a resting order: side, price, remaining quantity and what is ahead of it in its
    /// queue (O(orders ahead)).
    /// </summary>
    /// <returns>False, and a zeroed <paramref name="info"/>, when no order with that id rests.</returns>
    public bool TryGetOrder(long orderId, out OrderInfo info)
    {
        info = default;
        if (orderId == 0) return false;
        int oi = FindOrder(orderId);
        if (oi == 0) return false;
        ref OrderNode o = ref _orders[oi];
        long ahead = 0;
        int count = 0;
        for (int i = o.Prev; i != 0; i = _orders[i].Prev)
        {
            ahead += _orders[i].Remaining;
            count++;
        }

        info.OrderId = o.Id;
        info.Price = o.Price;
        info.RemainingQuantity = o.Remaining;
        info.QuantityAhead = ahead;
        info.OrdersAhead = count;
        info.Owner = o.Owner;
        info.Side = o.Side;
        info.Flags = o.Flags;
        info.SelfTradePrevention = o.Stp;
        return true;
    }

    /// <summary>Whether an order with this id rests in the book.</summary>
    public bool Contains(long orderId) => orderId != 0 && FindOrder(orderId) != 0;

    /// <summary>All counters at once.</summary>
    public BookStatistics GetStatistics() => new()
    {
        OrderCount = _orderCount,
        BidLevelCount = _bids.Count,
        AskLevelCount = _asks.Count,
        CommandCount = _sequence,
        RejectedCount = _rejectedCount,
        UnknownOrderCount = _unknownOrderCount,
        TradeCount = _tradeCount,
        TradeVolume = _tradeVolume,
        CrossedCount = _crossedCount,
    };

    /// <summary>
    /// A 64-bit hash of the book's whole state: every resting order in price-time order. It depends
    /// only on that state (not on capacities, storage layout or history), so the same flow gives the
    /// same hash in every language. O(orders).
    /// </summary>
    /// <remarks>
    /// Definition (all arithmetic on unsigned 64-bit integers, wrapping):
    /// <code>
    /// h = 0x9E3779B97F4A7C15
    /// for each order: bids from the highest price, then asks from the lowest; in each level oldest first
    ///     for v in (side [1 = buy, 2 = sell], price, order id, remaining quantity):   // signed values as two's complement
    ///         h = (h ^ v) * 0xFF51AFD7ED558CCD
    ///         h ^= h >> 32
    /// h ^= number of orders
    /// h ^= h >> 33; h *= 0xFF51AFD7ED558CCD; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53; h ^= h >> 33
    /// </code>
    /// </remarks>
    public ulong ComputeStateHash()
    {
        ulong h = StateHashSeed;
        long count = 0;
        h = HashSide(_bids, (ulong)Side.Buy, h, ref count);
        h = HashSide(_asks, (ulong)Side.Sell, h, ref count);
        h ^= (ulong)count;
        h ^= h >> 33;
        h *= StateHashMultiplier;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    private ulong HashSide(PriceLadder ladder, ulong side, ulong h, ref long count)
    {
        if (ladder.Count == 0) return h;
        long key = ladder.BestKey;
        for (int li = ladder.BestLevel; li != 0; li = ladder.Next(key, out key))
        {
            for (int oi = _levels[li].Head; oi != 0; oi = _orders[oi].Next)
            {
                ref OrderNode o = ref _orders[oi];
                h = HashStep(h, side);
                h = HashStep(h, (ulong)o.Price);
                h = HashStep(h, (ulong)o.Id);
                h = HashStep(h, (ulong)o.Remaining);
                count++;
            }
        }

        return h;
    }

    private static ulong HashStep(ulong h, ulong value)
    {
        h = (h ^ value) * StateHashMultiplier;
        return h ^ (h >> 32);
    }

    private bool TryGetBest(PriceLadder ladder, out Level level)
    {
        if (ladder.Count == 0)
        {
            level = default;
            return false;
        }

        ref PriceLevel best = ref _levels[ladder.BestLevel];
        level = new Level(best.Price, best.Quantity, best.OrderCount);
        return true;
    }
}
