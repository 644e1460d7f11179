using System;
using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

/// <summary>The read_top and read_levels exports of the order book and the depth book, once the handle is resolved: argument checks, the no-snapshot state, and the seqlock copy.</summary>
internal static unsafe class SnapshotReader
{
    private static Status Validate(string function, VelozLevel* bids, VelozLevel* asks, int capacity, int* bidCount, int* askCount)
    {
        if (bidCount == null)
            return LastError.Set(Status.EInvalidArgument, $"{function}: bid_count is NULL");
        if (askCount == null)
            return LastError.Set(Status.EInvalidArgument, $"{function}: ask_count is NULL");
        if (capacity < 0)
            return LastError.Set(Status.EInvalidArgument, $"{function}: capacity must be >= 0, got {capacity}");
        if (capacity > 0 && bids == null)
            return LastError.Set(Status.EInvalidArgument, $"{function}: bids is NULL but capacity is {capacity}");
        if (capacity > 0 && asks == null)
            return LastError.Set(Status.EInvalidArgument, $"{function}: asks is NULL but capacity is {capacity}");
        return Status.Ok;
    }

    private static void Read(BookSnapshot snapshot, VelozLevel* bids, VelozLevel* asks, int capacity, int* bidCount, int* askCount)
    {
        snapshot.ReadLevels(
            MemoryMarshal.Cast<VelozLevel, Level>(new Span<VelozLevel>(bids, capacity)),
            MemoryMarshal.Cast<VelozLevel, Level>(new Span<VelozLevel>(asks, capacity)),
            out int bidsRead, out int asksRead);
        *bidCount = bidsRead;
        *askCount = asksRead;
    }

    /// <summary>veloz_*_read_top after the handle lookup: NULL out, no snapshot configured, else one consistent copy.</summary>
    public static Status ReadTop(string function, BookSnapshot? snapshot, VelozTopOfBook* @out)
    {
        if (@out == null)
            return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
        if (snapshot is null)
            return NoSnapshot(function);
        snapshot.ReadTop(out *(TopOfBook*)@out);
        return Status.Ok;
    }

    /// <summary>veloz_*_read_levels after the handle lookup: argument checks, no snapshot configured, else one consistent copy.</summary>
    public static Status ReadLevels(string function, BookSnapshot? snapshot, VelozLevel* bids, VelozLevel* asks, int capacity, int* bidCount, int* askCount)
    {
        Status invalid = Validate(function, bids, asks, capacity, bidCount, askCount);
        if (invalid != Status.Ok)
            return invalid;
        if (snapshot is null)
            return NoSnapshot(function);
        Read(snapshot, bids, asks, capacity, bidCount, askCount);
        return Status.Ok;
    }

    private static Status NoSnapshot(string function) =>
        LastError.Set(Status.EState, $"{function}: the book publishes no snapshot (create it with config->snapshot_depth >= 1)");
}
