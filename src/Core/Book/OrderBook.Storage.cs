using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace VeloZ.Book;

// Order and level slots, the FIFO links, and event emission.
public sealed partial class OrderBook
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NewOrder(long id, Side side, long price, long quantity, uint owner, SelfTradePrevention stp, OrderFlags flags)
    {
        int oi = AllocateOrder(id, side, price, quantity, owner, stp, flags);
        _index.Add(id, oi);
        return oi;
    }

    /// <summary>A new order that is not indexed yet (the caller indexes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AllocateOrder(long id, Side side, long price, long quantity, uint owner, SelfTradePrevention stp, OrderFlags flags)
    {
        int oi;
        if (_freeOrders != 0)
        {
            oi = _freeOrders;
            _freeOrders = _orders[oi].Next;
        }
        else
        {
            if (_ordersUsed + 1 == _orders.Length) GrowOrders();
            oi = ++_ordersUsed;
        }

        ref OrderNode o = ref _orders[oi];
        o.Id = id;
        o.Side = side;
        o.Price = price;
        o.Remaining = quantity;
        o.Owner = owner;
        o.Stp = stp;
        o.Flags = flags;
        o.Next = 0;
        o.Prev = 0;
        o.Level = 0;
        _orderCount++;
        return oi;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowOrders() => Array.Resize(ref _orders, _orders.Length * 2);

    /// <summary>Unindexes and frees an order that is no longer linked into a level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RemoveOrder(int oi)
    {
        bool removed = _index.Remove(_orders[oi].Id, oi);
        Debug.Assert(removed, $"order missing from the index: id {_orders[oi].Id}");
        FreeOrder(oi);
    }

    /// <summary>
    /// Unindexes (at the table <paramref name="position"/> its lookup returned, nothing indexed or
    /// unindexed since) and frees an order that is no longer linked into a level.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RemoveOrderAt(int oi, int position)
    {
        _index.RemoveAt(position);
        FreeOrder(oi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FreeOrder(int oi)
    {
        ref OrderNode o = ref _orders[oi];
        o.Id = 0;
        o.Next = _freeOrders;
        _freeOrders = oi;
        _orderCount--;
    }

    private int NewLevel(long price)
    {
        int li;
        if (_freeLevels != 0)
        {
            li = _freeLevels;
            _freeLevels = _levels[li].Head;
        }
        else
        {
            if (_levelsUsed + 1 == _levels.Length) Array.Resize(ref _levels, _levels.Length * 2);
            li = ++_levelsUsed;
        }

        _levels[li] = new PriceLevel { Price = price };
        return li;
    }

    private void FreeLevel(int li)
    {
        Debug.Assert(_levels[li].OrderCount == 0 && _levels[li].Quantity == 0, "freeing a non-empty level");
        _levels[li].Head = _freeLevels;
        _freeLevels = li;
    }

    /// <summary>Links an order at the back of a level (counts it; quantity is the caller's business).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(ref PriceLevel level, int li, int oi)
    {
        ref OrderNode o = ref _orders[oi];
        o.Level = li;
        o.Prev = level.Tail;
        o.Next = 0;
        if (level.Tail != 0) _orders[level.Tail].Next = oi;
        else level.Head = oi;
        level.Tail = oi;
        level.OrderCount++;
    }

    /// <summary>Unlinks an order from its level (uncounts it; quantity is the caller's business).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Unlink(ref PriceLevel level, int oi)
    {
        ref OrderNode o = ref _orders[oi];
        if (o.Prev != 0) _orders[o.Prev].Next = o.Next;
        else level.Head = o.Next;
        if (o.Next != 0) _orders[o.Next].Prev = o.Prev;
        else level.Tail = o.Prev;
        level.OrderCount--;
    }

    /// <summary>Puts an unlinked order at the back of the level at its price, creating the level if needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Rest(int oi)
    {
        Side side = _orders[oi].Side;
        long price = _orders[oi].Price;
        PriceLadder ladder = Ladder(side);
        long key = KeyOf(side, price);
        int li = ladder.Find(key);
        if (li == 0)
        {
            li = NewLevel(price);
            ladder.Insert(key, li);
        }

        ref PriceLevel level = ref _levels[li];
        Append(ref level, li, oi);
        level.Quantity += _orders[oi].Remaining;
        LevelChanged(side, li);
    }

    /// <summary>Unlinks an order from its level, reports the level change, and drops the level if it emptied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Detach(int oi)
    {
        ref OrderNode o = ref _orders[oi];
        int li = o.Level;
        ref PriceLevel level = ref _levels[li];
        level.Quantity -= o.Remaining;
        Unlink(ref level, oi);
        PriceLadder ladder = Ladder(o.Side);
        long key = KeyOf(o.Side, level.Price);
        LevelChanged(o.Side, li);
        if (level.OrderCount == 0)
        {
            ladder.Remove(key);
            FreeLevel(li);
        }
    }

    /// <summary>
    /// A level's quantity or order count just changed (an emptied level is reported before it is
    /// dropped, so "best" then means "was the best"): emit the L2 event and mark the snapshot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LevelChanged(Side side, int li)
    {
        ref PriceLevel level = ref _levels[li];
        if (_snapshot is not null) MarkSnapshotDirty(side, level.Price);
        // An emptied level is still in the ladder here, so "best" is the ladder's best level.
        if (_levelEvents) EmitLevel(side, in level, Ladder(side).BestLevel == li);
    }

    /// <summary>
    /// Where the next event goes: straight into the caller's buffer during a batch
    /// <see cref="Apply(System.ReadOnlySpan{BookCommand}, System.Span{BookEvent}, out int)"/> while it
    /// has room and nothing is queued ahead, otherwise the ring (so order is kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe ref BookEvent NextEvent()
    {
        if (_outCount < _outCapacity) return ref _out[_outCount++];
        return ref _events.Push();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit(BookEventType type, Side side, byte reason, BookEventFlags flags, long orderId, long otherOrderId,
        long price, long quantity, long remaining = 0, int orderCount = 0)
    {
        ref BookEvent e = ref NextEvent();
        // The first 16 bytes (type, side, reason, flags, command type, reserved, order count, reserved)
        // as two 8-byte stores instead of eight narrow ones (little-endian field order, see BookEvent).
        ref ulong words = ref Unsafe.As<BookEvent, ulong>(ref e);
        words = (ulong)type | ((ulong)side << 8) | ((ulong)reason << 16) | ((ulong)flags << 24) | ((ulong)_command << 32);
        Unsafe.Add(ref words, 1) = (uint)orderCount;
        e.Sequence = _sequence;
        e.OrderId = orderId;
        e.OtherOrderId = otherOrderId;
        e.Price = price;
        e.Quantity = quantity;
        e.RemainingQuantity = remaining;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitAccepted(long orderId, Side side, long price, long quantity, long otherOrderId) =>
        Emit(BookEventType.Accepted, side, 0, BookEventFlags.None, orderId, otherOrderId, price, quantity);

    private void EmitRejected(in BookCommand c, BookResult reason) =>
        Emit(BookEventType.Rejected, c.Side, (byte)reason, BookEventFlags.None, c.OrderId, c.NewOrderId, c.Price, c.Quantity);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitTrade(long makerId, long takerId, Side aggressor, long price, long quantity, long makerRemaining) =>
        Emit(BookEventType.Trade, aggressor, 0, BookEventFlags.None, makerId, takerId, price, quantity, makerRemaining);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitDone(long orderId, Side side, long price, long leftQuantity, OrderDoneReason reason, long otherOrderId) =>
        Emit(BookEventType.OrderDone, side, (byte)reason, BookEventFlags.None, orderId, otherOrderId, price, leftQuantity);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitModified(long orderId, Side side, long price, long quantity, BookEventFlags flags) =>
        Emit(BookEventType.Modified, side, 0, flags, orderId, 0, price, quantity);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitLevel(Side side, in PriceLevel level, bool top) =>
        Emit(BookEventType.LevelChanged, side, 0, top ? BookEventFlags.TopOfBook : BookEventFlags.None, 0, 0,
            level.Price, level.Quantity, 0, level.OrderCount);
}
