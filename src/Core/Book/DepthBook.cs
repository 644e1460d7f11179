using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace VeloZ.Book;

/// <summary>
/// An L2 (market-by-price) book for venues that publish price-level updates: each update sets the
/// total quantity at a price (0 deletes the level) and carries a sequence number.
/// </summary>
/// <remarks>
/// <para>
/// Sequencing. A new book is an empty book at sequence 0, as if <c>LoadSnapshot([], [], 0)</c> had
/// been called, so a feed that numbers from 1 needs no snapshot. An update is applied only when its
/// sequence is the last one + 1. A lower or equal sequence (a duplicate, or an update already
/// contained in the snapshot) is dropped and counted (<see cref="DepthResult.DroppedOld"/>). A higher
/// one is a gap (<see cref="DepthResult.SequenceGap"/>): the levels can no longer be trusted, so the
/// book turns <see cref="DepthStatus.Stale"/> and drops (and counts) every update until the next
/// <see cref="LoadSnapshot"/>. Applying updates across a gap would produce a plausible-looking
/// wrong book, which is worse for a market-data user than a book that says it is stale.
/// </para>
/// <para>
/// Crossing. When the best bid is at or above the best ask the book is flagged
/// <see cref="DepthStatus.Crossed"/> and the update reports <see cref="DepthResult.Crossed"/>, but it
/// is applied: venues do send transiently crossed books, and the flag clears when a later update
/// uncrosses it.
/// </para>
/// <para>
/// Readers. With a snapshot depth &gt; 0 the book owns a <see cref="BookSnapshot"/> and publishes
/// the top levels, its last sequence and its <see cref="DepthStatus"/> (as the snapshot flags) after
/// every applied update, gap, snapshot and batch; other threads read them lock-free from
/// <see cref="Snapshot"/>. Only the levels that changed are rewritten.
/// </para>
/// <para>
/// Threads: one thread owns the book (all methods); other threads use only <see cref="Snapshot"/>.
/// Memory: no allocation in steady state; a side's arrays double when it reaches a new maximum
/// number of levels.
/// </para>
/// </remarks>
public sealed class DepthBook
{
    /// <summary>Levels per side allocated up front unless the constructor is told otherwise.</summary>
    public const int DefaultLevelCapacity = 256;

    private readonly DepthBookSide _bids;
    private readonly DepthBookSide _asks;
    private readonly BookSnapshot? _snapshot;
    private readonly int _publishDepth;

    private long _lastSequence;
    private long _snapshotSequence;
    private bool _stale;
    private bool _crossed;

    // Publish bookkeeping: the snapshot slots [from, to) of each side that differ from what readers have.
    private int _bidDirtyFrom = int.MaxValue, _bidDirtyTo;
    private int _askDirtyFrom = int.MaxValue, _askDirtyTo;

    private long _updateCount;
    private long _snapshotCount;
    private long _gapCount;
    private long _droppedStaleCount;
    private long _droppedOldCount;
    private long _crossedCount;
    private long _unknownLevelCount;
    private long _invalidCount;

    /// <summary>Creates an empty book at sequence 0.</summary>
    /// <param name="snapshotDepth">Levels per side to publish for other threads; 0 = no snapshot.</param>
    /// <param name="levelCapacity">Levels per side to allocate up front (the arrays grow beyond it).</param>
    /// <exception cref="ArgumentOutOfRangeException">snapshotDepth outside 0..<see cref="BookSnapshot.MaxDepth"/>, or levelCapacity &lt; 1.</exception>
    public DepthBook(int snapshotDepth = 0, int levelCapacity = DefaultLevelCapacity)
    {
        if (snapshotDepth < 0 || snapshotDepth > BookSnapshot.MaxDepth)
            throw new SettingOutOfRangeException(nameof(DepthBook), "SnapshotDepth", snapshotDepth, $"must be 0..{BookSnapshot.MaxDepth} (0: no snapshot, the default)");
        if (levelCapacity < 1 || levelCapacity > OrderBookConfig.MaxCapacity)
            throw new SettingOutOfRangeException(nameof(DepthBook), "ExpectedLevels", levelCapacity, $"must be in 1..2^28 (default {DefaultLevelCapacity})");
        _bids = new DepthBookSide(Side.Buy, levelCapacity);
        _asks = new DepthBookSide(Side.Sell, levelCapacity);
        _publishDepth = snapshotDepth;
        if (snapshotDepth > 0)
        {
            _snapshot = new BookSnapshot(snapshotDepth);
            Publish();
        }
    }

    /// <summary>The lock-free published copy other threads read, or null when the snapshot depth is 0.</summary>
    public BookSnapshot? Snapshot => _snapshot;

    /// <summary>Levels per side published to <see cref="Snapshot"/> (0 = none).</summary>
    public int SnapshotDepth => _publishDepth;

    /// <summary>Sequence of the last applied update or loaded snapshot.</summary>
    public long LastSequence => _lastSequence;

    /// <summary>True after a sequence gap until the next <see cref="LoadSnapshot"/>.</summary>
    public bool IsStale => _stale;

    /// <summary>Stale / Crossed / Empty flags, <see cref="DepthStatus.Ok"/> when none holds.</summary>
    public DepthStatus Status
    {
        get
        {
            DepthStatus status = DepthStatus.Ok;
            if (_stale)
                status |= DepthStatus.Stale;
            if (_crossed)
                status |= DepthStatus.Crossed;
            if (_bids.Count == 0 && _asks.Count == 0)
                status |= DepthStatus.Empty;
            return status;
        }
    }

    /// <summary>Number of bid levels.</summary>
    public int BidLevelCount => _bids.Count;

    /// <summary>Number of ask levels.</summary>
    public int AskLevelCount => _asks.Count;

    /// <summary>Number of levels on <paramref name="side"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">side is not Buy or Sell.</exception>
    public int LevelCount(Side side) => SideOf(side).Count;

    /// <summary>Best (highest) bid, or an all-zero level when there are no bids.</summary>
    public Level BestBid => _bids.Count > 0 ? _bids.LevelAt(0) : default;

    /// <summary>Best (lowest) ask, or an all-zero level when there are no asks.</summary>
    public Level BestAsk => _asks.Count > 0 ? _asks.LevelAt(0) : default;

    /// <summary>Best bid and ask with the last sequence; an empty side is all zeros.</summary>
    public void GetTop(out TopOfBook top)
    {
        top.Bid = BestBid;
        top.Ask = BestAsk;
        top.Sequence = _lastSequence;
    }

    /// <summary>Level <paramref name="depth"/> (0 = best) of a side, or an all-zero level when the side has fewer levels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">side is not Buy or Sell, or depth is negative.</exception>
    public Level GetLevel(Side side, int depth)
    {
        DepthBookSide levels = SideOf(side);
        if (depth < 0)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "DepthBook.GetLevel depth must be >= 0.");
        return depth < levels.Count ? levels.LevelAt(depth) : default;
    }

    /// <summary>Copies the levels of a side, best first, up to destination.Length; returns how many were written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">side is not Buy or Sell.</exception>
    public int GetLevels(Side side, Span<Level> destination) => SideOf(side).CopyTo(destination);

    /// <summary>Status and counters.</summary>
    public DepthBookState State
    {
        get
        {
            DepthBookState state = default;
            state.Status = Status;
            state.BidLevels = _bids.Count;
            state.AskLevels = _asks.Count;
            state.LastSequence = _lastSequence;
            state.SnapshotSequence = _snapshotSequence;
            state.UpdateCount = _updateCount;
            state.SnapshotCount = _snapshotCount;
            state.GapCount = _gapCount;
            state.DroppedStaleCount = _droppedStaleCount;
            state.DroppedOldCount = _droppedOldCount;
            state.CrossedCount = _crossedCount;
            state.UnknownLevelCount = _unknownLevelCount;
            state.InvalidCount = _invalidCount;
            return state;
        }
    }

    /// <summary>Applies one level update (see the class remarks for the sequencing rules) and publishes.</summary>
    /// <returns>
    /// Applied, Crossed or UnknownLevel when the update was taken (the sequence advanced);
    /// SequenceGap, DroppedStale, DroppedOld or Invalid when it was not.
    /// </returns>
    public DepthResult Apply(in DepthUpdate update)
    {
        DepthResult result = ApplyCore(in update);
        if (result == DepthResult.Applied && UpdateCrossed())
        {
            _crossedCount++;
            result = DepthResult.Crossed;
        }
        if (result <= DepthResult.SequenceGap)
            Publish();
        return result;
    }

    /// <summary>Applies one level update given as values; same as <see cref="Apply(in DepthUpdate)"/>.</summary>
    public DepthResult Apply(long sequence, Side side, long price, long quantity, int orderCount = 0)
    {
        DepthUpdate update = new(sequence, side, price, quantity, orderCount);
        return Apply(in update);
    }

    /// <summary>
    /// Applies updates in order and publishes once at the end. Stops at the first update that is a
    /// sequence gap or invalid.
    /// </summary>
    /// <remarks>
    /// Crossing is checked once, after the batch: a venue's packet may pass through crossed
    /// intermediate states (a new bid before the ask it trades through is removed) that no reader
    /// ever sees, so only the final state is flagged and counted.
    /// </remarks>
    /// <param name="updates">The updates, in feed order.</param>
    /// <param name="result">
    /// SequenceGap or Invalid when the batch stopped (updates[return value] is that update; a gap
    /// has made the book stale, an invalid update changed nothing); otherwise Crossed when the book
    /// is crossed after the batch, DroppedStale when it was stale (all updates dropped), else Applied.
    /// </param>
    /// <returns>Number of updates consumed (applied or dropped) before the stop, updates.Length when none.</returns>
    public int ApplyBatch(ReadOnlySpan<DepthUpdate> updates, out DepthResult result)
    {
        int index = 0;
        result = DepthResult.Applied;
        long changesBefore = _updateCount - _unknownLevelCount;
        for (; index < updates.Length; index++)
        {
            DepthResult one = ApplyCore(in updates[index]);
            if (one is DepthResult.SequenceGap or DepthResult.Invalid)
            {
                result = one;
                break;
            }
        }
        // Crossed is re-derived even when the batch stopped: the prefix before the stop was applied.
        bool changed = _updateCount - _unknownLevelCount != changesBefore;
        if (changed && UpdateCrossed())
            _crossedCount++;
        if (result == DepthResult.Applied)
        {
            if (_stale)
                result = DepthResult.DroppedStale;
            else if (_crossed)
                result = DepthResult.Crossed;
        }
        Publish();
        return index;
    }

    /// <summary>
    /// Replaces the whole book with a snapshot and sets the sequence, clearing Stale: the next update
    /// must carry <paramref name="sequence"/> + 1, and any update at or below it is dropped as old.
    /// </summary>
    /// <param name="bids">Bid levels, best (highest) first, prices strictly descending, quantities &gt; 0.</param>
    /// <param name="asks">Ask levels, best (lowest) first, prices strictly ascending, quantities &gt; 0.</param>
    /// <param name="sequence">The snapshot's feed sequence.</param>
    /// <returns>Crossed when the snapshot itself is crossed (loaded, flagged, counted), else Applied.</returns>
    /// <exception cref="ArgumentException">The levels are out of order or a quantity is not positive; the book is unchanged.</exception>
    public DepthResult LoadSnapshot(ReadOnlySpan<Level> bids, ReadOnlySpan<Level> asks, long sequence)
    {
        ValidateSnapshotSide(bids, Side.Buy, nameof(bids));
        ValidateSnapshotSide(asks, Side.Sell, nameof(asks));
        _bids.Load(bids);
        _asks.Load(asks);
        _lastSequence = sequence;
        _snapshotSequence = sequence;
        _stale = false;
        _snapshotCount++;
        MarkDirty(ref _bidDirtyFrom, ref _bidDirtyTo, 0, true);
        MarkDirty(ref _askDirtyFrom, ref _askDirtyTo, 0, true);
        DepthResult result = DepthResult.Applied;
        if (UpdateCrossed())
        {
            _crossedCount++;
            result = DepthResult.Crossed;
        }
        Publish();
        return result;
    }

    /// <summary>Checks the internal ordering invariants (for tests and debugging; O(levels)).</summary>
    internal bool CheckInvariants() => _bids.CheckInvariants() && _asks.CheckInvariants();

    /// <summary>Sequencing and the level change, without the crossed check or the publish.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DepthResult ApplyCore(in DepthUpdate update)
    {
        DepthBookSide side;
        if (update.Side == Side.Buy)
            side = _bids;
        else if (update.Side == Side.Sell)
            side = _asks;
        else
            return Reject();
        if (update.Quantity < 0)
            return Reject();

        if (_stale)
        {
            _droppedStaleCount++;
            return DepthResult.DroppedStale;
        }
        long sequence = update.Sequence;
        if (sequence != _lastSequence + 1)
            return sequence <= _lastSequence ? DropOld() : Gap();

        _lastSequence = sequence;
        _updateCount++;
        int depth = side.Set(update.Price, update.Quantity, update.OrderCount, out bool shifted);
        if (depth < 0)
        {
            _unknownLevelCount++;
            return DepthResult.UnknownLevel;
        }
        if (_snapshot != null)
        {
            if (side == _bids)
                MarkDirty(ref _bidDirtyFrom, ref _bidDirtyTo, depth, shifted);
            else
                MarkDirty(ref _askDirtyFrom, ref _askDirtyTo, depth, shifted);
        }
        return DepthResult.Applied;
    }

    private DepthResult Reject()
    {
        _invalidCount++;
        return DepthResult.Invalid;
    }

    private DepthResult DropOld()
    {
        _droppedOldCount++;
        return DepthResult.DroppedOld;
    }

    private DepthResult Gap()
    {
        _gapCount++;
        _stale = true;
        return DepthResult.SequenceGap;
    }

    /// <summary>Recomputes the crossed flag; true when the book is crossed now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool UpdateCrossed()
    {
        bool crossed = _bids.Count > 0 && _asks.Count > 0 && _bids.BestPrice >= _asks.BestPrice;
        _crossed = crossed;
        return crossed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkDirty(ref int from, ref int to, int depth, bool shifted)
    {
        if (depth >= _publishDepth)
            return;
        if (depth < from)
            from = depth;
        // A shift moves every level from depth down; an in-place change touches only depth.
        int end = shifted ? _publishDepth : depth + 1;
        if (end > to)
            to = end;
    }

    /// <summary>Copies the dirty slots, counts, sequence and status to the snapshot.</summary>
    private void Publish()
    {
        BookSnapshot? snapshot = _snapshot;
        if (snapshot == null)
            return;
        int bidCount = Math.Min(_bids.Count, _publishDepth);
        int askCount = Math.Min(_asks.Count, _publishDepth);
        snapshot.BeginPublish();
        int bidEnd = Math.Min(_bidDirtyTo, bidCount);
        if (_bidDirtyFrom < bidEnd)
            snapshot.SetBidsFromBestLast(_bidDirtyFrom, bidEnd, ref _bids.BestLevel);
        int askEnd = Math.Min(_askDirtyTo, askCount);
        if (_askDirtyFrom < askEnd)
            snapshot.SetAsksFromBestLast(_askDirtyFrom, askEnd, ref _asks.BestLevel);
        snapshot.EndPublishUnchecked(bidCount, askCount, _lastSequence, (int)Status);
        _bidDirtyFrom = _askDirtyFrom = int.MaxValue;
        _bidDirtyTo = _askDirtyTo = 0;
    }

    private DepthBookSide SideOf(Side side) => side switch
    {
        Side.Buy => _bids,
        Side.Sell => _asks,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "DepthBook side must be Buy or Sell."),
    };

    private static void ValidateSnapshotSide(ReadOnlySpan<Level> levels, Side side, string parameter)
    {
        for (int i = 0; i < levels.Length; i++)
        {
            if (levels[i].Quantity <= 0)
                throw new ArgumentException($"DepthBook.LoadSnapshot: {side} level {i} at price {levels[i].Price} has quantity {levels[i].Quantity}; quantities must be > 0.", parameter);
            if (i > 0 && (side == Side.Buy ? levels[i].Price >= levels[i - 1].Price : levels[i].Price <= levels[i - 1].Price))
                throw new ArgumentException($"DepthBook.LoadSnapshot: {side} level {i} price {levels[i].Price} after {levels[i - 1].Price}; {(side == Side.Buy ? "bids must be strictly descending" : "asks must be strictly ascending")}, best first.", parameter);
        }
    }
}
