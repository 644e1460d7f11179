using System;

namespace VeloZ.Book;

// The command handlers. Each validates everything it can before touching the book, so a rejected
// command (any result but Ok) leaves the book exactly as it was. Validation order, the same for all:
// mode, order ids, side, other enum fields, quantity, price, then the book's state.
public sealed partial class OrderBook
{
    private BookResult ApplySubmit(in BookCommand c)
    {
        if (_mode != BookMode.Matching) return BookResult.WrongMode;
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (!IsSide(c.Side)) return BookResult.InvalidSide;
        bool market = c.OrderType == OrderType.Market;
        bool postOnly = (c.Flags & OrderFlags.PostOnly) != 0;
        bool hasProtection = (c.Flags & OrderFlags.ProtectionPrice) != 0;
        if ((c.OrderType != OrderType.Limit && !market) || c.TimeInForce > TimeInForce.Fok
            || c.SelfTradePrevention > SelfTradePrevention.CancelBoth
            || (c.Flags & ~(OrderFlags.PostOnly | OrderFlags.ProtectionPrice)) != 0
            || (postOnly && (market || c.TimeInForce != TimeInForce.Gtc))
            || (hasProtection && !market))
            return BookResult.InvalidCommand;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!market && !PriceInRange(c.Price)) return BookResult.InvalidPrice;
        if (hasProtection && !PriceInRange(c.ProtectionPrice)) return BookResult.InvalidPrice;
        if (FindOrder(c.OrderId) != 0) return BookResult.DuplicateId;

        Side makerSide = Opposite(c.Side);
        PriceLadder makers = Ladder(makerSide);
        long limitKey = !market ? KeyOf(makerSide, c.Price)
            : hasProtection ? KeyOf(makerSide, c.ProtectionPrice)
            : long.MaxValue;
        bool crosses = makers.Count > 0 && makers.BestKey <= limitKey;
        if (postOnly && crosses) return BookResult.PostOnlyWouldCross;
        if (market && !crosses) return BookResult.NoLiquidity;
        SelfTradePrevention stp = c.SelfTradePrevention == SelfTradePrevention.BookDefault ? _defaultStp : c.SelfTradePrevention;
        if (c.TimeInForce == TimeInForce.Fok)
        {
            BookResult fill = CanFill(makers, limitKey, c.Owner, stp, c.Quantity);
            if (fill != BookResult.Ok) return fill;
        }
        if (crosses && FirstMakerIsOwn(makers, c.Owner, stp)) return BookResult.SelfTrade;

        long price = market ? 0 : c.Price;
        EmitAccepted(c.OrderId, c.Side, price, c.Quantity, 0);
        long remaining = c.Quantity;
        bool selfTradeStopped = false;
        if (crosses) remaining = Match(c.Side, c.OrderId, c.Owner, stp, limitKey, remaining, out selfTradeStopped);

        if (remaining == 0)
        {
            EmitDone(c.OrderId, c.Side, price, 0, OrderDoneReason.Filled, 0);
        }
        else if (selfTradeStopped)
        {
            EmitDone(c.OrderId, c.Side, price, remaining, OrderDoneReason.SelfTradeCancelled, 0);
        }
        else if (market || c.TimeInForce != TimeInForce.Gtc)
        {
            EmitDone(c.OrderId, c.Side, price, remaining, OrderDoneReason.Expired, 0);
        }
        else
        {
            int oi = NewOrder(c.OrderId, c.Side, c.Price, remaining, c.Owner, stp, c.Flags & OrderFlags.PostOnly);
            Rest(oi);
        }

        return BookResult.Ok;
    }

    private BookResult ApplyAdd(in BookCommand c)
    {
        if (_mode != BookMode.Mirror) return BookResult.WrongMode;
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (!IsSide(c.Side)) return BookResult.InvalidSide;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!PriceInRange(c.Price)) return BookResult.InvalidPrice;
        if (_index.Find(c.OrderId, _orders, out int position) != 0) return BookResult.DuplicateId;

        int oi = AllocateOrder(c.OrderId, c.Side, c.Price, c.Quantity, c.Owner, _defaultStp, OrderFlags.None);
        _index.AddAt(position, c.OrderId, oi);
        EmitAccepted(c.OrderId, c.Side, c.Price, c.Quantity, 0);
        Rest(oi);
        return BookResult.Ok;
    }

    private BookResult ApplyCancel(in BookCommand c)
    {
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        int oi = _index.Find(c.OrderId, _orders, out int position);
        if (oi == 0) return BookResult.UnknownOrder;

        ref OrderNode o = ref _orders[oi];
        EmitDone(o.Id, o.Side, o.Price, o.Remaining, OrderDoneReason.Cancelled, 0);
        Detach(oi);
        RemoveOrderAt(oi, position);
        return BookResult.Ok;
    }

    private BookResult ApplyReduce(in BookCommand c)
    {
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        int oi = _index.Find(c.OrderId, _orders, out int position);
        if (oi == 0) return BookResult.UnknownOrder;
        ref OrderNode o = ref _orders[oi];
        if (c.Quantity > o.Remaining) return BookResult.InvalidQuantity;

        if (c.Quantity == o.Remaining)
        {
            EmitDone(o.Id, o.Side, o.Price, o.Remaining, OrderDoneReason.Cancelled, 0);
            Detach(oi);
            RemoveOrderAt(oi, position);
            return BookResult.Ok;
        }

        o.Remaining -= c.Quantity;
        ref PriceLevel level = ref _levels[o.Level];
        level.Quantity -= c.Quantity;
        EmitModified(o.Id, o.Side, o.Price, o.Remaining, BookEventFlags.None);
        LevelChanged(o.Side, o.Level);
        return BookResult.Ok;
    }

    private BookResult ApplyExecute(in BookCommand c)
    {
        if (_mode != BookMode.Mirror) return BookResult.WrongMode;
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        int oi = _index.Find(c.OrderId, _orders, out int position);
        if (oi == 0) return BookResult.UnknownOrder;
        ref OrderNode o = ref _orders[oi];
        if (c.Quantity > o.Remaining) return BookResult.InvalidQuantity;

        o.Remaining -= c.Quantity;
        ref PriceLevel level = ref _levels[o.Level];
        level.Quantity -= c.Quantity;
        _tradeCount++;
        _tradeVolume = SaturatingAdd(_tradeVolume, c.Quantity);
        EmitTrade(o.Id, 0, Opposite(o.Side), o.Price, c.Quantity, o.Remaining);
        if (o.Remaining == 0)
        {
            EmitDone(o.Id, o.Side, o.Price, 0, OrderDoneReason.Filled, 0);
            Detach(oi);
            RemoveOrderAt(oi, position);
        }
        else
        {
            LevelChanged(o.Side, o.Level);
        }

        return BookResult.Ok;
    }

    private BookResult ApplyModify(in BookCommand c)
    {
        if (c.OrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!PriceInRange(c.Price)) return BookResult.InvalidPrice;
        int oi = FindOrder(c.OrderId);
        if (oi == 0) return BookResult.UnknownOrder;
        ref OrderNode o = ref _orders[oi];

        if (c.Price == o.Price && c.Quantity <= o.Remaining)
        {
            // Less (or the same) quantity at the same price keeps the place in the queue.
            long delta = o.Remaining - c.Quantity;
            o.Remaining = c.Quantity;
            ref PriceLevel level = ref _levels[o.Level];
            level.Quantity -= delta;
            EmitModified(o.Id, o.Side, o.Price, o.Remaining, BookEventFlags.None);
            if (delta != 0) LevelChanged(o.Side, o.Level);
            return BookResult.Ok;
        }

        if (_mode == BookMode.Matching && (o.Flags & OrderFlags.PostOnly) != 0 && c.Price != o.Price && Crosses(o.Side, c.Price))
            return BookResult.PostOnlyWouldCross;
        if (c.Price != o.Price && WouldSelfTrade(o.Side, c.Price, o.Owner, o.Stp))
            return BookResult.SelfTrade;

        if (c.Price == o.Price)
        {
            // More quantity at the same price: to the back of the same queue. A resting order's own
            // price never crosses in a matching book, so nothing can trade.
            ref PriceLevel level = ref _levels[o.Level];
            level.Quantity += c.Quantity - o.Remaining;
            o.Remaining = c.Quantity;
            Unlink(ref level, oi);
            Append(ref level, o.Level, oi);
            EmitModified(o.Id, o.Side, o.Price, o.Remaining, BookEventFlags.LostPriority);
            LevelChanged(o.Side, o.Level);
            return BookResult.Ok;
        }

        EmitModified(o.Id, o.Side, c.Price, c.Quantity, BookEventFlags.LostPriority);
        Detach(oi);
        Reenter(oi, c.Price, c.Quantity);
        return BookResult.Ok;
    }

    private BookResult ApplyReplace(in BookCommand c)
    {
        if (c.OrderId == 0 || c.NewOrderId == 0) return BookResult.InvalidOrderId;
        if (c.Quantity <= 0) return BookResult.InvalidQuantity;
        if (!PriceInRange(c.Price)) return BookResult.InvalidPrice;
        int oi = FindOrder(c.OrderId);
        if (oi == 0) return BookResult.UnknownOrder;
        if (c.NewOrderId == c.OrderId || FindOrder(c.NewOrderId) != 0) return BookResult.DuplicateId;
        ref OrderNode o = ref _orders[oi];
        if (_mode == BookMode.Matching && (o.Flags & OrderFlags.PostOnly) != 0 && Crosses(o.Side, c.Price))
            return BookResult.PostOnlyWouldCross;
        if (WouldSelfTrade(o.Side, c.Price, o.Owner, o.Stp))
            return BookResult.SelfTrade;

        EmitDone(o.Id, o.Side, o.Price, o.Remaining, OrderDoneReason.Replaced, c.NewOrderId);
        Detach(oi);
        _index.Remove(c.OrderId, oi);
        o.Id = c.NewOrderId;
        _index.Add(c.NewOrderId, oi);
        EmitAccepted(c.NewOrderId, o.Side, c.Price, c.Quantity, c.OrderId);
        Reenter(oi, c.Price, c.Quantity);
        return BookResult.Ok;
    }

    /// <summary>
    /// Puts a detached order (still indexed) back at a new price and quantity: in a matching book it
    /// first trades as a taker if the price crosses; what is left rests at the back of its level.
    /// </summary>
    private void Reenter(int oi, long price, long quantity)
    {
        ref OrderNode o = ref _orders[oi];
        o.Price = price;
        o.Remaining = quantity;
        if (_mode == BookMode.Matching)
        {
            Side makerSide = Opposite(o.Side);
            long limitKey = KeyOf(makerSide, price);
            PriceLadder makers = Ladder(makerSide);
            if (makers.Count > 0 && makers.BestKey <= limitKey)
            {
                long remaining = Match(o.Side, o.Id, o.Owner, o.Stp, limitKey, quantity, out bool selfTradeStopped);
                if (remaining == 0 || selfTradeStopped)
                {
                    EmitDone(o.Id, o.Side, price, remaining,
                        remaining == 0 ? OrderDoneReason.Filled : OrderDoneReason.SelfTradeCancelled, 0);
                    RemoveOrder(oi);
                    return;
                }

                o.Remaining = remaining;
            }
        }

        Rest(oi);
    }

    /// <summary>
    /// Trades a taker against the makers of the other side, best level first and oldest order first,
    /// while the level's key is within <paramref name="limitKey"/>. Returns the taker's remaining quantity.
    /// </summary>
    private long Match(Side takerSide, long takerId, uint owner, SelfTradePrevention stp, long limitKey, long quantity,
        out bool selfTradeStopped)
    {
        selfTradeStopped = false;
        Side makerSide = Opposite(takerSide);
        PriceLadder makers = Ladder(makerSide);
        OrderNode[] orders = _orders;
        PriceLevel[] levels = _levels;
        while (quantity > 0 && makers.Count > 0 && makers.BestKey <= limitKey)
        {
            long key = makers.BestKey;
            int li = makers.BestLevel;
            ref PriceLevel level = ref levels[li];
            bool touched = false;
            int oi = level.Head;
            while (oi != 0 && quantity > 0)
            {
                ref OrderNode maker = ref orders[oi];
                int next = maker.Next;
                if (owner != 0 && maker.Owner == owner)
                {
                    if (stp == SelfTradePrevention.CancelTaker)
                    {
                        selfTradeStopped = true;
                        break;
                    }

                    level.Quantity -= maker.Remaining;
                    EmitDone(maker.Id, makerSide, maker.Price, maker.Remaining, OrderDoneReason.SelfTradeCancelled, 0);
                    Unlink(ref level, oi);
                    RemoveOrder(oi);
                    touched = true;
                    if (stp == SelfTradePrevention.CancelBoth)
                    {
                        selfTradeStopped = true;
                        break;
                    }

                    oi = next;
                    continue;
                }

                long traded = Math.Min(quantity, maker.Remaining);
                maker.Remaining -= traded;
                level.Quantity -= traded;
                quantity -= traded;
                _tradeCount++;
                _tradeVolume = SaturatingAdd(_tradeVolume, traded);
                EmitTrade(maker.Id, takerId, takerSide, level.Price, traded, maker.Remaining);
                touched = true;
                if (maker.Remaining == 0)
                {
                    EmitDone(maker.Id, makerSide, maker.Price, 0, OrderDoneReason.Filled, 0);
                    Unlink(ref level, oi);
                    RemoveOrder(oi);
                }

                oi = next;
            }

            if (touched) LevelChanged(makerSide, li);
            if (level.OrderCount == 0)
            {
                makers.Remove(key);
                FreeLevel(li);
            }

            if (selfTradeStopped) break;
        }

        return quantity;
    }

    /// <summary>
    /// Whether a fill-or-kill taker would fill completely, walking the makers exactly as
    /// <see cref="Match"/> would (self-trade prevention included) without changing anything: Ok; or
    /// <see cref="BookResult.SelfTrade"/> when an order of its own owner stops it (CancelTaker, CancelBoth) and
    /// the other owners' liquidity within its price would have filled it; else <see cref="BookResult.FokCannotFill"/>.
    /// </summary>
    private BookResult CanFill(PriceLadder makers, long limitKey, uint owner, SelfTradePrevention stp, long quantity)
    {
        if (makers.Count == 0) return BookResult.FokCannotFill;
        long key = makers.BestKey;
        int li = makers.BestLevel;
        long available = 0;
        bool stopped = false;
        while (li != 0 && key <= limitKey)
        {
            for (int oi = _levels[li].Head; oi != 0; oi = _orders[oi].Next)
            {
                ref OrderNode maker = ref _orders[oi];
                if (owner != 0 && maker.Owner == owner)
                {
                    // CancelMaker cancels it and goes on; the others stop here: count on only to name the reason.
                    if (stp != SelfTradePrevention.CancelMaker) stopped = true;
                    continue;
                }

                // Compared before adding, so huge quantities cannot overflow the sum.
                if (maker.Remaining >= quantity - available) return stopped ? BookResult.SelfTrade : BookResult.Ok;
                available += maker.Remaining;
            }

            li = makers.Next(key, out key);
        }

        return BookResult.FokCannotFill;
    }

    /// <summary>
    /// Whether a taker of <paramref name="owner"/> under <paramref name="stp"/> would meet its own order first:
    /// CancelTaker rejects such a command before it changes anything (CancelMaker and CancelBoth cancel the
    /// resting order instead, which is the point of choosing them).
    /// </summary>
    private bool FirstMakerIsOwn(PriceLadder makers, uint owner, SelfTradePrevention stp) =>
        owner != 0 && stp == SelfTradePrevention.CancelTaker && _orders[_levels[makers.BestLevel].Head].Owner == owner;

    /// <summary>
    /// Matching mode: whether a resting order moved to <paramref name="price"/> (modify, replace) would first meet
    /// an order of its own owner under CancelTaker. Such a command is rejected with the book unchanged, as a
    /// submit of the same order is, instead of cancelling the working order.
    /// </summary>
    private bool WouldSelfTrade(Side side, long price, uint owner, SelfTradePrevention stp)
    {
        if (_mode != BookMode.Matching || owner == 0 || stp != SelfTradePrevention.CancelTaker) return false;
        Side makerSide = Opposite(side);
        PriceLadder makers = Ladder(makerSide);
        return makers.Count > 0 && makers.BestKey <= KeyOf(makerSide, price) && FirstMakerIsOwn(makers, owner, stp);
    }

    private static long SaturatingAdd(long total, long quantity)
    {
        long sum = total + quantity;
        return sum < total ? long.MaxValue : sum;
    }

    /// <summary>Whether an order of <paramref name="side"/> at <paramref name="price"/> would trade on arrival.</summary>
    private bool Crosses(Side side, long price)
    {
        Side makerSide = Opposite(side);
        PriceLadder makers = Ladder(makerSide);
        return makers.Count > 0 && makers.BestKey <= KeyOf(makerSide, price);
    }
}
