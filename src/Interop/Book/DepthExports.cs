using System;
using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

// The C face of VeloZ.Book.DepthBook (spec: BOOK_API.md). Updates and levels cross as spans reinterpreted between
// the Interop mirror structs and Core's (same bytes, pinned by BookLayoutTests).

/// <summary>Exports of the level-2 depth book.</summary>
public static unsafe class DepthExports
{
    // A struct_size above this is not a struct of ours from any version: most likely uninitialized memory.

    /// <summary>
    /// Creates an empty depth book at sequence 0 (so a feed numbered from 1 needs no snapshot). <paramref name="config"/>
    /// may be NULL for all defaults (256 levels per side preallocated, no published snapshot); in a config a zero
    /// field means its default, and a struct_size smaller than this library's reads only the fields that fit. On
    /// success stores the handle in <paramref name="out"/>; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT
    /// for a NULL out, a struct_size of 0 or above 4096, or a field out of range (the message names it).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_create")]
    [ThreadContract("thread-safe")]
    public static Status Create([Const] VelozDepthConfig* config, DepthHandle** @out)
    {
        const string function = "veloz_depth_create";
        try
        {
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            *@out = null;

            VelozDepthConfig given = default;
            if (config != null)
            {
                uint size = config->StructSize;
                if (size < sizeof(uint) || size > StructSize.Max)
                    return LastError.Set(Status.EInvalidArgument, $"{function}: config->struct_size must be {sizeof(uint)}..{StructSize.Max} (sizeof(veloz_depth_config) is {sizeof(VelozDepthConfig)}), got {size}");
                VelozDepthConfig* g = &given;
                if (StructSize.Fits(size, g, &g->ExpectedLevels, sizeof(int))) given.ExpectedLevels = config->ExpectedLevels;
                if (StructSize.Fits(size, g, &g->SnapshotDepth, sizeof(int))) given.SnapshotDepth = config->SnapshotDepth;
                if (StructSize.Fits(size, g, &g->Reserved, sizeof(int))) given.Reserved = config->Reserved;
            }
            if (given.ExpectedLevels < 0 || given.ExpectedLevels > OrderBookConfig.MaxCapacity)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->expected_levels must be 0 (default {DepthBook.DefaultLevelCapacity}) or 1..{OrderBookConfig.MaxCapacity}, got {given.ExpectedLevels}");
            if (given.SnapshotDepth < 0 || given.SnapshotDepth > BookSnapshot.MaxDepth)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->snapshot_depth must be 0 (no snapshot) or 1..{BookSnapshot.MaxDepth}, got {given.SnapshotDepth}");
            if (given.Reserved != 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->reserved must be 0, got {given.Reserved}");

            var depth = new DepthBook(given.SnapshotDepth, given.ExpectedLevels == 0 ? DepthBook.DefaultLevelCapacity : given.ExpectedLevels);
            *@out = (DepthHandle*)HandleTable.Add(depth, HandleTag.DepthBook);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Destroys a depth book. NULL, or a handle already destroyed, is a no-op. No other thread may be using the book
    /// (a reader in veloz_depth_read_top included).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_destroy")]
    [ThreadContract("thread-safe")]
    public static void Destroy(DepthHandle* depth)
    {
        try
        {
            HandleTable.Remove<DepthBook>((nint)depth, HandleTag.DepthBook);
        }
        catch
        {
            // Nothing to report through a void function; the handle table does not throw here in practice.
        }
    }

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
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_apply")]
    [ThreadContract("single writer")]
    public static Status Apply(DepthHandle* depth, [Const] VelozDepthUpdate* updates, int count, int* applied)
    {
        const string function = "veloz_depth_apply";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            if (applied == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: applied is NULL");
            if (count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count must be >= 0, got {count}");
            if (count > 0 && updates == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: updates is NULL but count is {count}");
            *applied = 0;
            ReadOnlySpan<DepthUpdate> batch = MemoryMarshal.Cast<VelozDepthUpdate, DepthUpdate>(new ReadOnlySpan<VelozDepthUpdate>(updates, count));
            for (int i = 0; i < batch.Length; i++)
            {
                if (batch[i].Side != Side.Buy && batch[i].Side != Side.Sell)
                    return LastError.Set(Status.EInvalidArgument, $"{function}: updates[{i}].side must be VELOZ_SIDE_BUY (1) or VELOZ_SIDE_SELL (2), got {(byte)batch[i].Side}; nothing was applied");
                if (batch[i].Quantity < 0)
                    return LastError.Set(Status.EInvalidArgument, $"{function}: updates[{i}].quantity must be >= 0, got {batch[i].Quantity}; nothing was applied");
            }
            if (count > 0 && target.IsStale)
                return LastError.Set(Status.EState, $"{function}: the book is stale since a sequence gap after sequence {target.LastSequence}; load a snapshot with veloz_depth_snapshot first (nothing was applied)");

            long lastBefore = target.LastSequence;
            int consumed = target.ApplyBatch(batch, out DepthResult result);
            *applied = consumed;
            if (result == DepthResult.SequenceGap)
            {
                long expected = target.LastSequence + 1;
                return LastError.Set(Status.ESequenceGap, $"{function}: updates[{consumed}].sequence is {batch[consumed].Sequence}, expected {expected} (the batch started after {lastBefore}); the {consumed} updates before it were applied and the book is stale until veloz_depth_snapshot");
            }
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Replaces the whole book with a snapshot taken at feed sequence <paramref name="sequence"/> and clears STALE:
    /// the next update must carry sequence + 1. Bids best (highest) first with strictly descending prices, asks best
    /// (lowest) first with strictly ascending prices, every quantity &gt; 0 (order_count is kept, reserved ignored).
    /// A crossed snapshot is loaded and flagged. VELOZ_E_INVALID_ARGUMENT, with the book unchanged, for levels out
    /// of order or a quantity &lt;= 0 (the message names the level), a negative count, or a NULL array with a
    /// non-zero count.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_snapshot")]
    [ThreadContract("single writer")]
    public static Status Snapshot(DepthHandle* depth, [Const] VelozLevel* bids, int bid_count, [Const] VelozLevel* asks, int ask_count, long sequence)
    {
        const string function = "veloz_depth_snapshot";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            if (bid_count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: bid_count must be >= 0, got {bid_count}");
            if (ask_count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: ask_count must be >= 0, got {ask_count}");
            if (bid_count > 0 && bids == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: bids is NULL but bid_count is {bid_count}");
            if (ask_count > 0 && asks == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: asks is NULL but ask_count is {ask_count}");
            try
            {
                target.LoadSnapshot(
                    MemoryMarshal.Cast<VelozLevel, Level>(new ReadOnlySpan<VelozLevel>(bids, bid_count)),
                    MemoryMarshal.Cast<VelozLevel, Level>(new ReadOnlySpan<VelozLevel>(asks, ask_count)),
                    sequence);
            }
            catch (ArgumentException e)
            {
                // Core checked every level before touching the book; keep its words (they name the level).
                return LastError.Set(Status.EInvalidArgument, $"{function}: {e.Message}");
            }
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Stores the best bid and best ask (all-zero levels for an empty side) and the last applied sequence.
    /// VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_best")]
    [ThreadContract("owner thread only")]
    public static Status Best(DepthHandle* depth, VelozTopOfBook* @out)
    {
        const string function = "veloz_depth_best";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            target.GetTop(out *(TopOfBook*)@out);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Writes up to <paramref name="capacity"/> levels of one side, best first, and their number to *written.
    /// Capacity 0 (out may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side other than
    /// VELOZ_SIDE_BUY / VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL out with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_levels")]
    [ThreadContract("owner thread only")]
    public static Status Levels(DepthHandle* depth, VelozSide side, VelozLevel* @out, int capacity, int* written)
    {
        const string function = "veloz_depth_levels";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            if (side != VelozSide.Buy && side != VelozSide.Sell)
                return LastError.Set(Status.EInvalidArgument, $"{function}: side must be VELOZ_SIDE_BUY (1) or VELOZ_SIDE_SELL (2), got {(int)side}");
            if (written == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: written is NULL");
            if (capacity < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: capacity must be >= 0, got {capacity}");
            if (capacity > 0 && @out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL but capacity is {capacity}");
            *written = target.GetLevels((Side)side, MemoryMarshal.Cast<VelozLevel, Level>(new Span<VelozLevel>(@out, capacity)));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the book's status flags, level counts, sequences and counters. The caller
    /// sets out->struct_size; the library writes min(struct_size, sizeof(veloz_depth_state)) bytes and leaves
    /// struct_size as it was. VELOZ_E_INVALID_ARGUMENT for a NULL out or a struct_size of 0 or above 4096.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_get_state")]
    [ThreadContract("owner thread only")]
    public static Status GetState(DepthHandle* depth, VelozDepthState* @out)
    {
        const string function = "veloz_depth_get_state";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            uint size = @out->StructSize;
            if (size < sizeof(uint) || size > StructSize.Max)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out->struct_size must be {sizeof(uint)}..{StructSize.Max} (sizeof(veloz_depth_state) is {sizeof(VelozDepthState)}), got {size}");
            DepthBookState core = target.State;
            var state = new VelozDepthState
            {
                StructSize = size,
                Status = (VelozDepthStatus)core.Status,
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
            };
            StructSize.CopyOut(&state, @out, size);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Copies the best bid and ask published after the latest update, batch or snapshot, with its sequence, as one
    /// consistent state: never torn (a seqlock read that retries while the owner thread is publishing; the owner
    /// never waits). VELOZ_E_STATE when the book was created with snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a
    /// NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_read_top")]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status ReadTop(DepthHandle* depth, VelozTopOfBook* @out)
    {
        const string function = "veloz_depth_read_top";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            return SnapshotReader.ReadTop(function, target.Snapshot, @out);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Copies up to <paramref name="capacity"/> published levels of each side, best first, from one consistent
    /// publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count. Capacity 0 (the
    /// arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was created with snapshot_depth 0;
    /// VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a negative capacity, or a NULL array with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_depth_read_levels")]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status ReadLevels(DepthHandle* depth, VelozLevel* bids, VelozLevel* asks, int capacity, int* bid_count, int* ask_count)
    {
        const string function = "veloz_depth_read_levels";
        try
        {
            DepthBook? target = HandleTable.Get<DepthBook>((nint)depth, HandleTag.DepthBook);
            if (target is null)
                return InvalidHandle(function, depth);
            return SnapshotReader.ReadLevels(function, target.Snapshot, bids, asks, capacity, bid_count, ask_count);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    private static Status InvalidHandle(string function, DepthHandle* handle) =>
        LastError.Set(Status.EInvalidHandle, handle == null
            ? $"{function}: depth is NULL"
            : $"{function}: depth 0x{(nint)handle:X} is not a live depth book (destroyed, or another object's handle)");

}
