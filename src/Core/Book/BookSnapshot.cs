using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Book;

/// <summary>
/// A seqlock-published copy of the top <see cref="Depth"/> levels of each side of a book, written by
/// one thread and read by any number of other threads without locks. Readers never see a torn or
/// half-applied publish; the writer never waits for a reader.
/// </summary>
/// <remarks>
/// <para>
/// Threads: exactly one writer thread at a time calls <see cref="Publish"/>, <see cref="PublishTop"/>
/// or the <see cref="BeginPublish"/> / <see cref="SetBid"/> / <see cref="SetAsk"/> /
/// <see cref="EndPublish"/> trio (wait-free, allocation-free). Any thread may call the Read methods
/// at any time (lock-free, allocation-free): they retry while a publish is in progress.
/// </para>
/// <para>
/// Memory: one pinned block, 64-byte aligned. Line 0 holds the version, the book sequence and the
/// best bid and ask, so <see cref="ReadTop(out TopOfBook)"/> reads exactly one cache line and
/// <see cref="PublishTop"/> usually writes only that line. Line 1 onwards holds the level counts,
/// the publisher's flags and levels 1..Depth-1 of each side, best first.
/// </para>
/// <para>
/// Memory ordering. The version is even when the block is consistent and odd while the writer is
/// changing it. Under the .NET memory model (the JIT and Native AOT alike) a volatile write is a
/// release (no earlier access moves after it) and a volatile read an acquire (no later access moves
/// before it); nothing orders plain accesses except a full fence. The seqlock needs four orders:
/// (1) odd version before any data store, (2) every data store before the even version,
/// (3) the first version read before any data load, (4) every data load before the second version
/// read. Two ways are used, chosen per part of the block:
/// <list type="bullet">
/// <item>Line 0 and single levels (<see cref="ReadTop(out TopOfBook)"/>, <see cref="PublishTop"/>,
/// the trio): every data word is itself a volatile access. Each data store is a release, so the odd
/// version before it is visible first (1); the even version is a release (2); the first version read
/// is an acquire (3); each data load is an acquire, so the second version read cannot move above it
/// (4). No fence instruction at all: on x64 (TSO) volatile accesses are plain <c>mov</c>s that only
/// restrain the compiler; on ARM64 they are <c>stlr</c>/<c>ldar</c> (or <c>ldapr</c>), which order
/// each access in hardware.</item>
/// <item>Bulk levels 1..n (<see cref="Publish"/>, <see cref="ReadLevels(Span{Level}, Span{Level}, out int, out int)"/>):
/// a vectorised plain copy, which is two to three times faster than word-by-word volatile accesses
/// for ten levels, bracketed by one <see cref="Interlocked.MemoryBarrier"/>: after the odd version
/// on the writer (1: plain stores may otherwise become visible before it, by JIT reordering on any
/// CPU and by the store buffer on ARM64) and before the second version read on the reader (4: plain
/// loads may otherwise be satisfied after it). The fence is one locked instruction on x64
/// (about 2 ns in SnapshotBenchmarks) and <c>dmb ish</c> on ARM64, paid only when deep levels are copied.</item>
/// </list>
/// If any data load saw a store of a later publish, that publish's odd version is visible to the
/// second version read (by the orders above), which then differs from the first, and the reader
/// retries; if both reads return the same even version, every load saw exactly that publish.
/// A reader's copy may be torn while it is being made; it is discarded, never returned.
/// </para>
/// </remarks>
public sealed unsafe class BookSnapshot
{
    /// <summary>Largest supported depth; keeps the block small enough to copy in a reader's time slice.</summary>
    public const int MaxDepth = 4096;

    private const int CacheLine = 64;
    private const int LevelSize = 24;

    // Line 0: the whole of ReadTop.
    private const int VersionOffset = 0;
    private const int SequenceOffset = 8;
    private const int TopBidOffset = 16;
    private const int TopAskOffset = 40;

    // Line 1 onwards: counts, flags, then bids[1..Depth-1] and asks[1..Depth-1] (best first).
    private const int BidCountOffset = CacheLine;
    private const int AskCountOffset = CacheLine + 4;
    private const int FlagsOffset = CacheLine + 8;
    private const int DeepLevelsOffset = CacheLine + 16;

    // Pinned so the aligned pointer below stays valid for the lifetime of this object.
    private readonly byte[] _storage;
    private readonly byte* _block;
    private readonly Level* _deepBids;
    private readonly Level* _deepAsks;
    private readonly int _depth;

    // Writer-private: the version, and the header as last published, so a publish never reads the
    // shared lines and skips rewriting line 1 when the counts and flags did not change.
    private long _version;
    private int _publishedBidCount;
    private int _publishedAskCount;
    private int _publishedFlags;

    /// <summary>Creates a snapshot holding up to <paramref name="depth"/> levels per side, all empty.</summary>
    /// <param name="depth">Levels per side, 1 to <see cref="MaxDepth"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">depth is outside 1..<see cref="MaxDepth"/>.</exception>
    public BookSnapshot(int depth)
    {
        if (depth < 1 || depth > MaxDepth)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"BookSnapshot depth must be 1..{MaxDepth}.");
        _depth = depth;
        int bytes = DeepLevelsOffset + 2 * (depth - 1) * LevelSize;
        _storage = GC.AllocateArray<byte>(bytes + CacheLine - 1, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        _block = (byte*)((start + CacheLine - 1) & ~(nint)(CacheLine - 1));
        _deepBids = (Level*)(_block + DeepLevelsOffset);
        _deepAsks = _deepBids + (depth - 1);
    }

    /// <summary>Levels per side this snapshot holds.</summary>
    public int Depth => _depth;

    /// <summary>
    /// The seqlock version: 2 x the number of completed publishes, odd while one is in progress.
    /// Any thread may read it to see cheaply whether anything was published since it last looked.
    /// </summary>
    public long Version => Volatile.Read(ref *(long*)(_block + VersionOffset));

    // ---------------------------------------------------------------- writer

    /// <summary>
    /// Publishes both sides, best level first. Levels beyond <see cref="Depth"/> are ignored.
    /// Writer thread only; wait-free.
    /// </summary>
    /// <param name="bids">Bid levels, best (highest price) first.</param>
    /// <param name="asks">Ask levels, best (lowest price) first.</param>
    /// <param name="sequence">Book sequence the levels belong to; readers get it back.</param>
    /// <param name="flags">Publisher-defined status bits readers get back (DepthBook: <see cref="DepthStatus"/>).</param>
    public void Publish(ReadOnlySpan<Level> bids, ReadOnlySpan<Level> asks, long sequence, int flags = 0)
    {
        int bidCount = Math.Min(bids.Length, _depth);
        int askCount = Math.Min(asks.Length, _depth);
        byte* block = _block;
        BeginPublish();
        if (bidCount > 1 || askCount > 1)
        {
            // Order (1) for the plain bulk stores below: see the class remarks.
            Interlocked.MemoryBarrier();
            if (bidCount > 1)
                bids[1..bidCount].CopyTo(new Span<Level>(_deepBids, bidCount - 1));
            if (askCount > 1)
                asks[1..askCount].CopyTo(new Span<Level>(_deepAsks, askCount - 1));
        }
        if (bidCount > 0)
            StoreLevel(block + TopBidOffset, in bids[0]);
        if (askCount > 0)
            StoreLevel(block + TopAskOffset, in asks[0]);
        EndPublishCore(bidCount, askCount, sequence, flags);
    }

    /// <summary>
    /// Publishes just the best bid and ask: the level counts become 0 or 1 (a level with Quantity 0
    /// is an empty side and is published as all zeros), so deeper levels published earlier are no
    /// longer reported. Writer thread only; wait-free; writes one cache line, plus a second when the
    /// counts or flags change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PublishTop(in Level bid, in Level ask, long sequence, int flags = 0)
    {
        byte* block = _block;
        BeginPublish();
        int bidCount = bid.Quantity != 0 ? 1 : 0;
        int askCount = ask.Quantity != 0 ? 1 : 0;
        if (bidCount != 0)
            StoreLevel(block + TopBidOffset, in bid);
        if (askCount != 0)
            StoreLevel(block + TopAskOffset, in ask);
        EndPublishCore(bidCount, askCount, sequence, flags);
    }

    /// <summary>
    /// Starts a publish: readers retry from now until <see cref="EndPublish"/>. Writer thread only.
    /// Between the two, change only the levels that differ with <see cref="SetBid"/> / <see cref="SetAsk"/>;
    /// the others keep what was published before. The caller must reach <see cref="EndPublish"/>
    /// promptly and without throwing, or readers spin until it does.
    /// </summary>
    /// <exception cref="InvalidOperationException">A publish is already in progress.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BeginPublish()
    {
        long version = _version;
        if ((version & 1) != 0)
            ThrowPublishInProgress();
        _version = version + 1;
        // Release; the data stores that follow are releases too, or come after a full fence, so
        // none of them can become visible before this odd version (order 1).
        Volatile.Write(ref *(long*)(_block + VersionOffset), version + 1);
    }

    /// <summary>Writes bid level <paramref name="index"/> (0 = best) inside a publish. Writer thread only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..Depth-1.</exception>
    /// <exception cref="InvalidOperationException">No publish is in progress.</exception>
    public void SetBid(int index, in Level level)
    {
        CheckSlot(index);
        StoreLevel(BidSlot(index), in level);
    }

    /// <summary>Writes ask level <paramref name="index"/> (0 = best) inside a publish. Writer thread only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..Depth-1.</exception>
    /// <exception cref="InvalidOperationException">No publish is in progress.</exception>
    public void SetAsk(int index, in Level level)
    {
        CheckSlot(index);
        StoreLevel(AskSlot(index), in level);
    }

    /// <summary>
    /// Completes a publish started by <see cref="BeginPublish"/>: readers from now on see the levels
    /// 0..count-1 of each side, the sequence and the flags. Writer thread only.
    /// </summary>
    /// <param name="bidCount">
    /// Valid bid levels, 0..Depth; levels 0..bidCount-1 must have been set (now or earlier). A count
    /// of 0 clears level 0, so a later publish with a count above 0 must set level 0 again.
    /// </param>
    /// <param name="askCount">Valid ask levels, 0..Depth; as for bidCount.</param>
    /// <param name="sequence">Book sequence of the published state.</param>
    /// <param name="flags">Publisher-defined status bits.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is outside 0..Depth.</exception>
    /// <exception cref="InvalidOperationException">No publish is in progress.</exception>
    public void EndPublish(int bidCount, int askCount, long sequence, int flags = 0)
    {
        if ((_version & 1) == 0)
            ThrowNoPublish();
        if ((uint)bidCount > (uint)_depth)
            throw new ArgumentOutOfRangeException(nameof(bidCount), bidCount, $"must be 0..{_depth}.");
        if ((uint)askCount > (uint)_depth)
            throw new ArgumentOutOfRangeException(nameof(askCount), askCount, $"must be 0..{_depth}.");
        EndPublishCore(bidCount, askCount, sequence, flags);
    }

    /// <summary>
    /// Like the public trio, for callers inside Core that already know the index is in range and a
    /// publish is in progress (DepthBook's publish loop): no argument checks on the hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetBidUnchecked(int index, in Level level)
    {
        Debug.Assert((uint)index < (uint)_depth && (_version & 1) != 0, $"SetBid index {index}, version {_version}");
        StoreLevel(BidSlot(index), in level);
    }

    /// <inheritdoc cref="SetBidUnchecked"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAskUnchecked(int index, in Level level)
    {
        Debug.Assert((uint)index < (uint)_depth && (_version & 1) != 0, $"SetAsk index {index}, version {_version}");
        StoreLevel(AskSlot(index), in level);
    }

    /// <summary>
    /// Inside a publish, writes bid levels [from, to) from a side stored best-LAST (DepthBook's
    /// order): depth d is <c>Unsafe.Subtract(ref best, d)</c>. Caller guarantees 0 &lt;= from &lt; to &lt;= Depth
    /// and that all those levels exist.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetBidsFromBestLast(int from, int to, ref Level best)
    {
        Debug.Assert(0 <= from && from < to && to <= _depth && (_version & 1) != 0, $"bids [{from}, {to}), depth {_depth}");
        StoreRange(_block + TopBidOffset, _deepBids, from, to, ref best);
    }

    /// <inheritdoc cref="SetBidsFromBestLast"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAsksFromBestLast(int from, int to, ref Level best)
    {
        Debug.Assert(0 <= from && from < to && to <= _depth && (_version & 1) != 0, $"asks [{from}, {to}), depth {_depth}");
        StoreRange(_block + TopAskOffset, _deepAsks, from, to, ref best);
    }

    private static void StoreRange(byte* top, Level* deep, int from, int to, ref Level best)
    {
        int depth = from;
        if (depth == 0)
        {
            StoreLevel(top, in best);
            depth = 1;
        }
        byte* target = (byte*)(deep + (depth - 1));
        ref Level source = ref Unsafe.Subtract(ref best, depth);
        for (; depth < to; depth++)
        {
            StoreLevel(target, in source);
            target += LevelSize;
            source = ref Unsafe.Subtract(ref source, 1);
        }
    }

    /// <inheritdoc cref="SetBidUnchecked"/>
    internal void EndPublishUnchecked(int bidCount, int askCount, long sequence, int flags)
    {
        Debug.Assert((uint)bidCount <= (uint)_depth && (uint)askCount <= (uint)_depth, $"counts {bidCount}/{askCount}, depth {_depth}");
        EndPublishCore(bidCount, askCount, sequence, flags);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndPublishCore(int bidCount, int askCount, long sequence, int flags)
    {
        Debug.Assert((_version & 1) != 0, "EndPublish without BeginPublish");
        byte* block = _block;
        // ReadTop reads line 0 only, never the counts: an empty side must read as an all-zero level there.
        if (bidCount == 0)
            StoreEmptyLevel(block + TopBidOffset);
        if (askCount == 0)
            StoreEmptyLevel(block + TopAskOffset);
        if (bidCount != _publishedBidCount || askCount != _publishedAskCount || flags != _publishedFlags)
        {
            _publishedBidCount = bidCount;
            _publishedAskCount = askCount;
            _publishedFlags = flags;
            Volatile.Write(ref *(int*)(block + BidCountOffset), bidCount);
            Volatile.Write(ref *(int*)(block + AskCountOffset), askCount);
            Volatile.Write(ref *(int*)(block + FlagsOffset), flags);
        }
        Volatile.Write(ref *(long*)(block + SequenceOffset), sequence);
        long version = _version + 1;
        _version = version;
        // Release: every data store above is visible before readers can see the even version (order 2).
        Volatile.Write(ref *(long*)(block + VersionOffset), version);
    }

    // ---------------------------------------------------------------- readers

    /// <summary>
    /// Copies the best bid, best ask and their book sequence as one consistent publish.
    /// Any thread; lock-free (retries while the writer is mid-publish); reads one cache line; no fence.
    /// Before the first publish it returns all zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReadTop(out TopOfBook top)
    {
        if (!TryReadTop(out top))
            ReadTopContended(out top);
    }

    /// <summary>
    /// Like <see cref="ReadTop(out TopOfBook)"/>, and also returns the publisher's flags (DepthBook
    /// publishes <see cref="DepthStatus"/>, e.g. Stale). Reads two cache lines; no fence.
    /// </summary>
    public void ReadTop(out TopOfBook top, out int flags)
    {
        byte* block = _block;
        SpinWait spinner = default;
        while (true)
        {
            long version = Volatile.Read(ref *(long*)(block + VersionOffset));
            LoadTop(block, out top);
            flags = Volatile.Read(ref *(int*)(block + FlagsOffset));
            if ((version & 1) == 0 && Volatile.Read(ref *(long*)(block + VersionOffset)) == version)
                return;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>
    /// One attempt at <see cref="ReadTop(out TopOfBook)"/>: false (and <paramref name="top"/>
    /// unspecified) when a publish was in progress. Any thread; wait-free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTop(out TopOfBook top)
    {
        byte* block = _block;
        long version = Volatile.Read(ref *(long*)(block + VersionOffset));
        LoadTop(block, out top);
        // The acquire loads above keep this re-read after them (order 4); odd or changed means torn.
        return (version & 1) == 0 && Volatile.Read(ref *(long*)(block + VersionOffset)) == version;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReadTopContended(out TopOfBook top)
    {
        SpinWait spinner = default;
        do
            spinner.SpinOnce(sleep1Threshold: -1);
        while (!TryReadTop(out top));
    }

    /// <summary>
    /// Copies up to the spans' lengths of the published levels of each side (best first) from one
    /// consistent publish. Any thread; lock-free; allocation-free.
    /// </summary>
    /// <param name="bids">Receives bid levels, best first; may be shorter than <see cref="Depth"/>.</param>
    /// <param name="asks">Receives ask levels, best first.</param>
    /// <param name="bidCount">Number of bid levels written to <paramref name="bids"/>.</param>
    /// <param name="askCount">Number of ask levels written to <paramref name="asks"/>.</param>
    /// <returns>The book sequence of the publish read (0 before the first publish).</returns>
    public long ReadLevels(Span<Level> bids, Span<Level> asks, out int bidCount, out int askCount)
        => ReadLevels(bids, asks, out bidCount, out askCount, out _);

    /// <summary>Like <see cref="ReadLevels(Span{Level}, Span{Level}, out int, out int)"/>, and also returns the publisher's flags.</summary>
    public long ReadLevels(Span<Level> bids, Span<Level> asks, out int bidCount, out int askCount, out int flags)
    {
        byte* block = _block;
        SpinWait spinner = default;
        while (true)
        {
            long version = Volatile.Read(ref *(long*)(block + VersionOffset));
            long sequence = Volatile.Read(ref *(long*)(block + SequenceOffset));
            // Counts are only ever written as 0..Depth, but clamp anyway: the copy below runs on raw
            // pointers, and a reader must never walk off the block, not even during a torn read.
            int bidsRead = Math.Min((int)Math.Min((uint)Volatile.Read(ref *(int*)(block + BidCountOffset)), (uint)_depth), bids.Length);
            int asksRead = Math.Min((int)Math.Min((uint)Volatile.Read(ref *(int*)(block + AskCountOffset)), (uint)_depth), asks.Length);
            flags = Volatile.Read(ref *(int*)(block + FlagsOffset));
            if (bidsRead > 0)
                LoadLevel(block + TopBidOffset, out bids[0]);
            if (asksRead > 0)
                LoadLevel(block + TopAskOffset, out asks[0]);
            if (bidsRead > 1 || asksRead > 1)
            {
                if (bidsRead > 1)
                    new ReadOnlySpan<Level>(_deepBids, bidsRead - 1).CopyTo(bids[1..]);
                if (asksRead > 1)
                    new ReadOnlySpan<Level>(_deepAsks, asksRead - 1).CopyTo(asks[1..]);
                // Order (4) for the plain bulk loads above: see the class remarks.
                Interlocked.MemoryBarrier();
            }
            if ((version & 1) == 0 && Volatile.Read(ref *(long*)(block + VersionOffset)) == version)
            {
                bidCount = bidsRead;
                askCount = asksRead;
                return sequence;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    // ---------------------------------------------------------------- helpers

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* BidSlot(int index) => index == 0 ? _block + TopBidOffset : (byte*)(_deepBids + (index - 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* AskSlot(int index) => index == 0 ? _block + TopAskOffset : (byte*)(_deepAsks + (index - 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadTop(byte* block, out TopOfBook top)
    {
        LoadLevel(block + TopBidOffset, out top.Bid);
        LoadLevel(block + TopAskOffset, out top.Ask);
        top.Sequence = Volatile.Read(ref *(long*)(block + SequenceOffset));
    }

    // A Level is moved as three raw 8-byte words (Price, Quantity, OrderCount+Reserved), which keeps
    // every access a single aligned volatile word and is independent of byte order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLevel(byte* slot, in Level level)
    {
        ref long source = ref Unsafe.As<Level, long>(ref Unsafe.AsRef(in level));
        Volatile.Write(ref *(long*)slot, source);
        Volatile.Write(ref *(long*)(slot + 8), Unsafe.Add(ref source, 1));
        Volatile.Write(ref *(long*)(slot + 16), Unsafe.Add(ref source, 2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreEmptyLevel(byte* slot)
    {
        Volatile.Write(ref *(long*)slot, 0L);
        Volatile.Write(ref *(long*)(slot + 8), 0L);
        Volatile.Write(ref *(long*)(slot + 16), 0L);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadLevel(byte* slot, out Level level)
    {
        Unsafe.SkipInit(out level);
        ref long target = ref Unsafe.As<Level, long>(ref level);
        target = Volatile.Read(ref *(long*)slot);
        Unsafe.Add(ref target, 1) = Volatile.Read(ref *(long*)(slot + 8));
        Unsafe.Add(ref target, 2) = Volatile.Read(ref *(long*)(slot + 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckSlot(int index)
    {
        if ((uint)index >= (uint)_depth)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"BookSnapshot level index must be 0..{_depth - 1}.");
        if ((_version & 1) == 0)
            ThrowNoPublish();
    }

    private static void ThrowPublishInProgress()
        => throw new InvalidOperationException("BookSnapshot.BeginPublish: a publish is already in progress (missing EndPublish).");

    private static void ThrowNoPublish()
        => throw new InvalidOperationException("BookSnapshot: no publish in progress (call BeginPublish first).");
}
