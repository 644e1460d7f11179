using System;
using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

/// <summary>The read_levels half shared by the order book and depth book exports: argument checks and the seqlock copy.</summary>
internal static unsafe class SnapshotReader
{
    public static Status Validate(string function, VelozLevel* bids, VelozLevel* asks, int capacity, int* bidCount, int* askCount)
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

    public static void Read(BookSnapshot snapshot, VelozLevel* bids, VelozLevel* asks, int capacity, int* bidCount, int* askCount)
    {
        snapshot.ReadLevels(
            MemoryMarshal.Cast<VelozLevel, Level>(new Span<VelozLevel>(bids, capacity)),
            MemoryMarshal.Cast<VelozLevel, Level>(new Span<VelozLevel>(asks, capacity)),
            out int bidsRead, out int asksRead);
        *bidCount = bidsRead;
        *askCount = asksRead;
    }
}
