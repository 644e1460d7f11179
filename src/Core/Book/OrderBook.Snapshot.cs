namespace VeloZ.Book;

// Publishing the top levels to lock-free readers. A command marks a side dirty only when it changes
// a level that readers can see (or that would enter their view), so commands deep in the book, and
// rejected ones, publish nothing.
public sealed partial class OrderBook
{
    private readonly BookSnapshot? _snapshot;

    // Per side: whether the published levels are out of date, how many were published, and the key
    // of the deepest one when the view is full (a change beyond it cannot show), else long.MaxValue.
    private bool _bidsDirty = true;
    private bool _asksDirty = true;
    private int _publishedBids;
    private int _publishedAsks;
    private long _bidViewEndKey = long.MaxValue;
    private long _askViewEndKey = long.MaxValue;

    /// <summary>
    /// The top <see cref="OrderBookConfig.SnapshotDepth"/> levels per side for other threads (lock-free,
    /// never torn), or null when the depth is 0. Republished after each command that changed those
    /// levels; its sequence is that command's <see cref="BookEvent.Sequence"/>.
    /// </summary>
    public BookSnapshot? Snapshot => _snapshot;

    /// <summary>Levels per side published to <see cref="Snapshot"/> (0 = none).</summary>
    public int SnapshotDepth => _snapshotDepth;

    private void MarkSnapshotDirty(Side side, long price)
    {
        if (side == Side.Buy)
        {
            if (-price <= _bidViewEndKey) _bidsDirty = true;
        }
        else if (price <= _askViewEndKey)
        {
            _asksDirty = true;
        }
    }

    private void PublishSnapshot()
    {
        BookSnapshot? snapshot = _snapshot;
        if (snapshot is null)
        {
            _bidsDirty = _asksDirty = false;
            return;
        }

        // Only the dirty sides are rewritten; the other side's published levels stay valid.
        snapshot.BeginPublish();
        if (_bidsDirty) _publishedBids = WriteSide(snapshot, Side.Buy, out _bidViewEndKey);
        if (_asksDirty) _publishedAsks = WriteSide(snapshot, Side.Sell, out _askViewEndKey);
        snapshot.EndPublishUnchecked(_publishedBids, _publishedAsks, _sequence, 0);
        _bidsDirty = _asksDirty = false;
    }

    private int WriteSide(BookSnapshot snapshot, Side side, out long viewEndKey)
    {
        viewEndKey = long.MaxValue;
        PriceLadder ladder = Ladder(side);
        if (ladder.Count == 0) return 0;
        long key = ladder.BestKey;
        int li = ladder.BestLevel;
        int n = 0;
        while (li != 0)
        {
            ref PriceLevel level = ref _levels[li];
            var published = new Level(level.Price, level.Quantity, level.OrderCount);
            if (side == Side.Buy) snapshot.SetBidUnchecked(n, in published);
            else snapshot.SetAskUnchecked(n, in published);
            if (++n == _snapshotDepth)
            {
                viewEndKey = key;
                break;
            }

            li = ladder.Next(key, out key);
        }

        return n;
    }
}
