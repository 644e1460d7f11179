using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

/// <summary>
/// Status and counters of a depth book, filled by veloz_depth_get_state. Set struct_size before the call. From offset 8
/// on, the same bytes as Core's VeloZ.Book.DepthBookState.
/// </summary>
[CType("veloz_depth_state")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozDepthState
{
    /// <summary>sizeof(veloz_depth_state) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Zero.</summary>
    public int Reserved0;

    /// <summary>VELOZ_DEPTH_STATUS_* flags (STALE, CROSSED, EMPTY); VELOZ_DEPTH_STATUS_OK when none holds.</summary>
    public DepthStatus Status;

    /// <summary>Number of bid levels.</summary>
    public int BidLevels;

    /// <summary>Number of ask levels.</summary>
    public int AskLevels;

    /// <summary>Zero.</summary>
    public int Reserved;

    /// <summary>Sequence of the last applied update or snapshot (the next update must carry this + 1).</summary>
    public long LastSequence;

    /// <summary>Sequence of the last loaded snapshot (0 for the implicit empty snapshot of a new book).</summary>
    public long SnapshotSequence;

    /// <summary>Updates applied (deletes of unknown levels included) since creation.</summary>
    public long UpdateCount;

    /// <summary>Snapshots loaded.</summary>
    public long SnapshotCount;

    /// <summary>Sequence gaps seen (each made the book stale).</summary>
    public long GapCount;

    /// <summary>Updates dropped because the book was stale (veloz_depth_apply refuses such batches instead, so 0 through the C API).</summary>
    public long DroppedStaleCount;

    /// <summary>Updates dropped because their sequence was at or below the last applied (or snapshot) sequence.</summary>
    public long DroppedOldCount;

    /// <summary>Updates, batches and snapshots that left the book crossed.</summary>
    public long CrossedCount;

    /// <summary>Deletes of prices that were not in the book (no-ops).</summary>
    public long UnknownLevelCount;

    /// <summary>Updates rejected as invalid (veloz_depth_apply checks a batch first and refuses it whole, so 0 through the C API).</summary>
    public long InvalidCount;
}
