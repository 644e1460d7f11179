using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// Status and counters of a <see cref="DepthBook"/>. Blittable, 96 bytes, passed unchanged across the C ABI.
/// </summary>
/// <remarks>
/// Offsets: Status 0, BidLevels 4, AskLevels 8, Reserved 12, LastSequence 16, SnapshotSequence 24,
/// UpdateCount 32, SnapshotCount 40, GapCount 48, DroppedStaleCount 56, DroppedOldCount 64,
/// CrossedCount 72, UnknownLevelCount 80, InvalidCount 88.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct DepthBookState
{
    /// <summary>Stale / Crossed / Empty flags; <see cref="DepthStatus.Ok"/> when none holds.</summary>
    public DepthStatus Status;

    /// <summary>Number of bid levels.</summary>
    public int BidLevels;

    /// <summary>Number of ask levels.</summary>
    public int AskLevels;

    /// <summary>Zero.</summary>
    public int Reserved;

    /// <summary>Sequence of the last applied update or snapshot (the next update must be this + 1).</summary>
    public long LastSequence;

    /// <summary>Sequence of the last loaded snapshot (0 for the implicit empty snapshot of a new book).</summary>
    public long SnapshotSequence;

    /// <summary>Updates applied (including deletes of unknown levels), since creation.</summary>
    public long UpdateCount;

    /// <summary>Snapshots loaded.</summary>
    public long SnapshotCount;

    /// <summary>Sequence gaps seen (each made the book stale).</summary>
    public long GapCount;

    /// <summary>Updates dropped because the book was stale.</summary>
    public long DroppedStaleCount;

    /// <summary>Updates dropped because their sequence was at or below the last applied (or snapshot) sequence.</summary>
    public long DroppedOldCount;

    /// <summary>Updates and snapshots that left the book crossed.</summary>
    public long CrossedCount;

    /// <summary>Deletes of prices that were not in the book (no-ops).</summary>
    public long UnknownLevelCount;

    /// <summary>Updates rejected as invalid (bad side, negative quantity).</summary>
    public long InvalidCount;

    /// <inheritdoc />
    public override readonly string ToString()
        => $"{Status} seq {LastSequence} (snapshot {SnapshotSequence}) levels {BidLevels}/{AskLevels} updates {UpdateCount} gaps {GapCount} stale-dropped {DroppedStaleCount} old-dropped {DroppedOldCount} crossed {CrossedCount}";
}
