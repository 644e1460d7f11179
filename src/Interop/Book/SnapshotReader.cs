using System;
using VeloZ.Book;

namespace VeloZ.Interop;

/// <summary>The read_top and read_levels exports of the order book and the depth book, once the handle is resolved: the no-snapshot state and the seqlock copy.</summary>
internal static unsafe class SnapshotReader
{
    /// <summary>veloz_*_read_top after the handle lookup: NULL out, no snapshot configured, else one consistent copy.</summary>
    public static void ReadTop(BookSnapshot? snapshot, TopOfBook* @out)
    {
        ref TopOfBook result = ref Export.Out(@out);
        Published(snapshot).ReadTop(out result);
    }

    /// <summary>veloz_*_read_levels after the handle lookup: argument checks, no snapshot configured, else one consistent copy.</summary>
    public static void ReadLevels(BookSnapshot? snapshot, Level* bids, Level* asks, int capacity, int* bid_count, int* ask_count)
    {
        ref int bidCount = ref Export.Out(bid_count);
        ref int askCount = ref Export.Out(ask_count);
        Span<Level> bidLevels = Export.Array(bids, capacity);
        Span<Level> askLevels = Export.Array(asks, capacity);
        Published(snapshot).ReadLevels(bidLevels, askLevels, out bidCount, out askCount);
    }

    private static BookSnapshot Published(BookSnapshot? snapshot)
    {
        if (snapshot is null)
            Export.Throw(Status.EState, "the book publishes no snapshot (create it with config->snapshot_depth >= 1)");
        return snapshot;
    }
}
