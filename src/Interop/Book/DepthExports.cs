using System;
using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

// The C face of VeloZ.Book.DepthBook. Updates and levels cross as spans of Core's own structs.

/// <summary>Exports of the level-2 depth book.</summary>
public static unsafe class DepthExports
{
    /// <summary>
    /// Creates an empty depth book at sequence 0 (so a feed numbered from 1 needs no snapshot). <paramref name="config"/>
    /// may be NULL for all defaults (256 levels per side preallocated, no published snapshot); in a config a zero
    /// field means its default, and a struct_size smaller than this library's reads only the fields that fit. On
    /// success stores the handle in <paramref name="out"/>; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT
    /// for a NULL out, a struct_size of 0 or above 4096, or a field out of range (the message names it).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_depth_create([Const] VelozDepthConfig* config, DepthHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            VelozDepthConfig c = Export.ConfigIn(config);
            if (c.Reserved != 0)
                Export.Throw(Status.EInvalidArgument, $"config->reserved must be 0, got {c.Reserved}");
            // Core's defaults and Core's checks: a zero field keeps DepthBook's default.
            var depth = new DepthBook(c.SnapshotDepth, c.ExpectedLevels != 0 ? c.ExpectedLevels : DepthBook.DefaultLevelCapacity);
            *@out = Export.Register<DepthHandle>(depth, HandleTag.DepthBook);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Destroys a depth book. NULL, or a handle already destroyed, is a no-op. No other thread may be using the book
    /// (a reader in veloz_depth_read_top included).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_depth_destroy(DepthHandle* depth) => Export.Destroy(depth, HandleTag.DepthBook);

    /// <summary>
    /// Applies level updates in feed order and publishes once at the end. Each update's sequence must be the last
    /// applied one + 1; an update at or below it (a duplicate, or one the snapshot already holds) is dropped and
    /// counted (dropped_old_count). A crossed result is applied and flagged (VELOZ_DEPTH_STATUS_CROSSED). *applied
    /// receives how many updates were consumed (applied or dropped as old). Every update is checked first: a side
    /// other than BUY/SELL or a negative quantity gives VELOZ_E_INVALID_ARGUMENT naming its index, and nothing is
    /// applied. A sequence gap gives VELOZ_E_SEQUENCE_GAP: the updates before it were applied, *applied is the
    /// index of the gap, and the book is now stale. A stale book refuses every batch with VELOZ_E_STATE (nothing
    /// consumed) until veloz_depth_snapshot. VELOZ_E_INVALID_ARGUMENT for a NULL applied, a negative count, or NULL
    /// updates with count &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_apply))]
    [ThreadContract("single writer")]
    public static Status veloz_depth_apply(DepthHandle* depth, [Const] DepthUpdate* updates, int count, int* applied)
    {
        try
        {
            DepthBook target = Owned(depth);
            ref int appliedOut = ref Export.Out(applied);
            ReadOnlySpan<DepthUpdate> batch = Export.Array(updates, count);
            appliedOut = 0;
            for (int i = 0; i < batch.Length; i++)
            {
                if (batch[i].Side != Side.Buy && batch[i].Side != Side.Sell)
                    Export.Throw(Status.EInvalidArgument, $"updates[{i}].side must be VELOZ_SIDE_BUY (1) or VELOZ_SIDE_SELL (2), got {(byte)batch[i].Side}; nothing was applied");
                if (batch[i].Quantity < 0)
                    Export.Throw(Status.EInvalidArgument, $"updates[{i}].quantity must be >= 0, got {batch[i].Quantity}; nothing was applied");
            }
            if (count > 0 && target.IsStale)
                Export.Throw(Status.EState, $"the book is stale since a sequence gap after sequence {target.LastSequence}; load a snapshot with veloz_depth_snapshot first (nothing was applied)");
            long lastBefore = target.LastSequence;
            int consumed = target.ApplyBatch(batch, out DepthResult result);
            appliedOut = consumed;
            if (result == DepthResult.SequenceGap)
                Export.Throw(Status.ESequenceGap, $"updates[{consumed}].sequence is {batch[consumed].Sequence}, expected {target.LastSequence + 1} (the batch started after {lastBefore}); the {consumed} updates before it were applied and the book is stale until veloz_depth_snapshot");
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Replaces the whole book with a snapshot taken at feed sequence <paramref name="sequence"/> and clears STALE:
    /// the next update must carry sequence + 1. Bids best (highest) first with strictly descending prices, asks best
    /// (lowest) first with strictly ascending prices, every quantity &gt; 0 (order_count is kept, reserved ignored).
    /// A crossed snapshot is loaded and flagged. VELOZ_E_INVALID_ARGUMENT, with the book unchanged, for levels out
    /// of order or a quantity &lt;= 0 (the message names the level), a negative count, or a NULL array with a
    /// non-zero count.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_snapshot))]
    [ThreadContract("single writer")]
    public static Status veloz_depth_snapshot(DepthHandle* depth, [Const] Level* bids, int bid_count, [Const] Level* asks, int ask_count, long sequence)
    {
        try
        {
            DepthBook target = Owned(depth);
            Span<Level> bidLevels = Export.Array(bids, bid_count);
            Span<Level> askLevels = Export.Array(asks, ask_count);
            // Core checks every level before it touches the book; its message names the level.
            target.LoadSnapshot(bidLevels, askLevels, sequence);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Stores the best bid and best ask (all-zero levels for an empty side) and the last applied sequence.
    /// VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_best))]
    [ThreadContract("owner thread only")]
    public static Status veloz_depth_best(DepthHandle* depth, TopOfBook* @out)
    {
        try
        {
            DepthBook target = Owned(depth);
            target.GetTop(out Export.Out(@out));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes up to <paramref name="capacity"/> levels of one side, best first, and their number to *written.
    /// Capacity 0 (out may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side other than
    /// VELOZ_SIDE_BUY / VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL out with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_levels))]
    [ThreadContract("owner thread only")]
    public static Status veloz_depth_levels(DepthHandle* depth, [CSpelling("veloz_side")] int side, Level* @out, int capacity, int* written)
    {
        try
        {
            DepthBook target = Owned(depth);
            Side which = Export.ByteEnum<Side>(side, "side");
            ref int writtenOut = ref Export.Out(written);
            writtenOut = target.GetLevels(which, Export.Array(@out, capacity));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the book's status flags, level counts, sequences and counters. The caller
    /// sets out->struct_size; the library writes min(struct_size, sizeof(veloz_depth_state)) bytes and leaves
    /// struct_size as it was. VELOZ_E_INVALID_ARGUMENT for a NULL out or a struct_size of 0 or above 4096.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_get_state))]
    [ThreadContract("owner thread only")]
    public static Status veloz_depth_get_state(DepthHandle* depth, VelozDepthState* @out)
    {
        try
        {
            DepthBookState core = Owned(depth).State;
            Export.StructOut(@out, new VelozDepthState
            {
                Status = core.Status,
                BidLevels = core.BidLevels,
                AskLevels = core.AskLevels,
                LastSequence = core.LastSequence,
                SnapshotSequence = core.SnapshotSequence,
                UpdateCount = core.UpdateCount,
                SnapshotCount = core.SnapshotCount,
                GapCount = core.GapCount,
                DroppedStaleCount = core.DroppedStaleCount,
                DroppedOldCount = core.DroppedOldCount,
                CrossedCount = core.CrossedCount,
                UnknownLevelCount = core.UnknownLevelCount,
                InvalidCount = core.InvalidCount,
            });
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Copies the best bid and ask published after the latest update, batch or snapshot, with its sequence, as one
    /// consistent state: never torn (a seqlock read that retries while the owner thread is publishing; the owner
    /// never waits). VELOZ_E_STATE when the book was created with snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a
    /// NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_read_top))]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status veloz_depth_read_top(DepthHandle* depth, TopOfBook* @out)
    {
        try
        {
            SnapshotReader.ReadTop(AnyThread(depth).Snapshot, @out);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Copies up to <paramref name="capacity"/> published levels of each side, best first, from one consistent
    /// publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count. Capacity 0 (the
    /// arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was created with snapshot_depth 0;
    /// VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a negative capacity, or a NULL array with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_depth_read_levels))]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status veloz_depth_read_levels(DepthHandle* depth, Level* bids, Level* asks, int capacity, int* bid_count, int* ask_count)
    {
        try
        {
            SnapshotReader.ReadLevels(AnyThread(depth).Snapshot, bids, asks, capacity, bid_count, ask_count);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static DepthBook Owned(DepthHandle* depth) => Export.Owned<DepthBook>(depth, HandleTag.DepthBook, "depth");

    private static DepthBook AnyThread(DepthHandle* depth) => Export.Object<DepthBook>(depth, HandleTag.DepthBook, "depth");
}
