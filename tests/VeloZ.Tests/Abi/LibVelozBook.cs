using VeloZ.Book;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The order book and depth book exports of the published libveloz.so (include/veloz.h), called through
/// <c>delegate* unmanaged</c> function pointers like <see cref="LibVeloz"/>. Commands, events, levels, tops and
/// order infos cross as Core's own structs (BookLayoutTests proves they are the C layouts); configs, stats and
/// depth state use this test's explicit-layout copies of the C structs. Handles are plain <c>nint</c>.
/// </summary>
internal static unsafe class LibVelozBook
{
    // Book
    public static delegate* unmanaged<BookConfig*, nint*, int> Create => (delegate* unmanaged<BookConfig*, nint*, int>)LibVeloz.Export("veloz_book_create");
    public static delegate* unmanaged<nint, void> Destroy => (delegate* unmanaged<nint, void>)LibVeloz.Export("veloz_book_destroy");
    public static delegate* unmanaged<nint, BookCommand*, int> Submit => (delegate* unmanaged<nint, BookCommand*, int>)LibVeloz.Export("veloz_book_submit");
    public static delegate* unmanaged<nint, long, int> Cancel => (delegate* unmanaged<nint, long, int>)LibVeloz.Export("veloz_book_cancel");
    public static delegate* unmanaged<nint, long, long, int> Reduce => (delegate* unmanaged<nint, long, long, int>)LibVeloz.Export("veloz_book_reduce");
    public static delegate* unmanaged<nint, long, long, long, int> Modify => (delegate* unmanaged<nint, long, long, long, int>)LibVeloz.Export("veloz_book_modify");
    public static delegate* unmanaged<nint, long, long, long, long, int> Replace => (delegate* unmanaged<nint, long, long, long, long, int>)LibVeloz.Export("veloz_book_replace");
    public static delegate* unmanaged<nint, long, long, int> Execute => (delegate* unmanaged<nint, long, long, int>)LibVeloz.Export("veloz_book_execute");
    public static delegate* unmanaged<nint, BookCommand*, int, int*, BookEvent*, int, int*, int> Apply => (delegate* unmanaged<nint, BookCommand*, int, int*, BookEvent*, int, int*, int>)LibVeloz.Export("veloz_book_apply");
    public static delegate* unmanaged<nint, BookEvent*, int, int*, int> DrainEvents => (delegate* unmanaged<nint, BookEvent*, int, int*, int>)LibVeloz.Export("veloz_book_drain_events");
    public static delegate* unmanaged<nint, long> PendingEvents => (delegate* unmanaged<nint, long>)LibVeloz.Export("veloz_book_pending_events");
    public static delegate* unmanaged<nint, TopOfBook*, int> Best => (delegate* unmanaged<nint, TopOfBook*, int>)LibVeloz.Export("veloz_book_best");
    public static delegate* unmanaged<nint, int, Level*, int, int*, int> Depth => (delegate* unmanaged<nint, int, Level*, int, int*, int>)LibVeloz.Export("veloz_book_depth");
    public static delegate* unmanaged<nint, long, OrderInfo*, int> Order => (delegate* unmanaged<nint, long, OrderInfo*, int>)LibVeloz.Export("veloz_book_order");
    public static delegate* unmanaged<nint, ulong*, int> Hash => (delegate* unmanaged<nint, ulong*, int>)LibVeloz.Export("veloz_book_hash");
    public static delegate* unmanaged<nint, BookStats*, int> GetStats => (delegate* unmanaged<nint, BookStats*, int>)LibVeloz.Export("veloz_book_get_stats");
    public static delegate* unmanaged<nint, TopOfBook*, int> ReadTop => (delegate* unmanaged<nint, TopOfBook*, int>)LibVeloz.Export("veloz_book_read_top");
    public static delegate* unmanaged<nint, Level*, Level*, int, int*, int*, int> ReadLevels => (delegate* unmanaged<nint, Level*, Level*, int, int*, int*, int>)LibVeloz.Export("veloz_book_read_levels");

    // Depth
    public static delegate* unmanaged<DepthConfig*, nint*, int> DepthCreate => (delegate* unmanaged<DepthConfig*, nint*, int>)LibVeloz.Export("veloz_depth_create");
    public static delegate* unmanaged<nint, void> DepthDestroy => (delegate* unmanaged<nint, void>)LibVeloz.Export("veloz_depth_destroy");
    public static delegate* unmanaged<nint, DepthUpdate*, int, int*, int> DepthApply => (delegate* unmanaged<nint, DepthUpdate*, int, int*, int>)LibVeloz.Export("veloz_depth_apply");
    public static delegate* unmanaged<nint, Level*, int, Level*, int, long, int> DepthSnapshot => (delegate* unmanaged<nint, Level*, int, Level*, int, long, int>)LibVeloz.Export("veloz_depth_snapshot");
    public static delegate* unmanaged<nint, TopOfBook*, int> DepthBest => (delegate* unmanaged<nint, TopOfBook*, int>)LibVeloz.Export("veloz_depth_best");
    public static delegate* unmanaged<nint, int, Level*, int, int*, int> DepthLevels => (delegate* unmanaged<nint, int, Level*, int, int*, int>)LibVeloz.Export("veloz_depth_levels");
    public static delegate* unmanaged<nint, DepthState*, int> DepthGetState => (delegate* unmanaged<nint, DepthState*, int>)LibVeloz.Export("veloz_depth_get_state");
    public static delegate* unmanaged<nint, TopOfBook*, int> DepthReadTop => (delegate* unmanaged<nint, TopOfBook*, int>)LibVeloz.Export("veloz_depth_read_top");
    public static delegate* unmanaged<nint, Level*, Level*, int, int*, int*, int> DepthReadLevels => (delegate* unmanaged<nint, Level*, Level*, int, int*, int*, int>)LibVeloz.Export("veloz_depth_read_levels");

    /// <summary>Creates a book through the library; asserts success.</summary>
    public static nint CreateBook(BookConfig config)
    {
        nint book = 0;
        AbiAssert.Ok(Create(&config, &book), "veloz_book_create");
        NUnit.Framework.Assert.That(book, NUnit.Framework.Is.Not.EqualTo((nint)0));
        return book;
    }

    /// <summary>A config with struct_size set and the given mode and snapshot depth; other fields zero (defaults).</summary>
    public static BookConfig Config(int mode = BookConfig.ModeMatching, int snapshotDepth = 0) =>
        new() { StructSize = (uint)sizeof(BookConfig), Mode = mode, SnapshotDepth = snapshotDepth };

    /// <summary>veloz_book_hash; asserts success.</summary>
    public static ulong HashOf(nint book)
    {
        ulong hash;
        AbiAssert.Ok(Hash(book, &hash), "veloz_book_hash");
        return hash;
    }

    /// <summary>veloz_book_get_stats with the full struct; asserts success.</summary>
    public static BookStats StatsOf(nint book)
    {
        var stats = new BookStats { StructSize = (uint)sizeof(BookStats) };
        AbiAssert.Ok(GetStats(book, &stats), "veloz_book_get_stats");
        return stats;
    }

    /// <summary>veloz_book_best; asserts success.</summary>
    public static TopOfBook BestOf(nint book)
    {
        TopOfBook top;
        AbiAssert.Ok(Best(book, &top), "veloz_book_best");
        return top;
    }

    /// <summary>Drains every queued event (in chunks of 7, to cross chunk boundaries); asserts success.</summary>
    public static System.Collections.Generic.List<BookEvent> DrainAll(nint book)
    {
        var all = new System.Collections.Generic.List<BookEvent>();
        BookEvent* chunk = stackalloc BookEvent[7];
        while (true)
        {
            int written = -1;
            AbiAssert.Ok(DrainEvents(book, chunk, 7, &written), "veloz_book_drain_events");
            for (int i = 0; i < written; i++)
                all.Add(chunk[i]);
            if (written < 7)
                return all;
        }
    }

    /// <summary>Creates a depth book through the library; asserts success.</summary>
    public static nint CreateDepth(int snapshotDepth = 0, int expectedLevels = 0)
    {
        var config = new DepthConfig { StructSize = (uint)sizeof(DepthConfig), SnapshotDepth = snapshotDepth, ExpectedLevels = expectedLevels };
        nint depth = 0;
        AbiAssert.Ok(DepthCreate(&config, &depth), "veloz_depth_create");
        NUnit.Framework.Assert.That(depth, NUnit.Framework.Is.Not.EqualTo((nint)0));
        return depth;
    }

    /// <summary>veloz_depth_get_state with the full struct; asserts success.</summary>
    public static DepthState StateOf(nint depth)
    {
        var state = new DepthState { StructSize = (uint)sizeof(DepthState) };
        AbiAssert.Ok(DepthGetState(depth, &state), "veloz_depth_get_state");
        return state;
    }
}
