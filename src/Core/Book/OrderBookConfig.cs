namespace VeloZ.Book;

/// <summary>
/// Settings of an <see cref="OrderBook"/>, read once by its constructor (which validates them and
/// throws <see cref="SettingOutOfRangeException"/> naming the bad one).
/// </summary>
public sealed class OrderBookConfig
{
    /// <summary>Default <see cref="ExpectedOrders"/>: 65,536.</summary>
    public const int DefaultExpectedOrders = 1 << 16;

    /// <summary>Default <see cref="ExpectedLevels"/>: 4,096.</summary>
    public const int DefaultExpectedLevels = 4096;

    /// <summary>Default <see cref="PriceWindowTicks"/>: 4,096.</summary>
    public const int DefaultPriceWindowTicks = 4096;

    /// <summary>Largest capacity the book accepts for orders and levels (2^28).</summary>
    public const int MaxCapacity = 1 << 28;

    /// <summary>The most orders, and the most levels, a book allocates storage for at create: 2^22.</summary>
    public const int PreallocationLimit = 1 << 22;

    /// <summary>Largest price window accepted (2^20 ticks per side).</summary>
    public const int MaxPriceWindowTicks = 1 << 20;

    /// <summary>Smallest price window accepted (64 ticks, one bitmap word).</summary>
    public const int MinPriceWindowTicks = 64;

    /// <summary>Largest magnitude of MinPrice/MaxPrice (2^62), so price arithmetic cannot overflow.</summary>
    public const long PriceLimit = 1L << 62;

    /// <summary>Matching (the book is the venue) or Mirror (rebuilding a venue's book from its feed). Default Matching.</summary>
    public BookMode Mode { get; set; } = BookMode.Matching;

    /// <summary>
    /// Resting orders to preallocate for (1..2^28, default 65,536). More are fine: storage doubles, an allocation
    /// only then. At most <see cref="PreallocationLimit"/> (2^22, about 260 MB with the id index) is allocated and
    /// touched at create; a larger hint is reached by doubling as orders arrive.
    /// </summary>
    public int ExpectedOrders { get; set; } = DefaultExpectedOrders;

    /// <summary>
    /// Price levels (both sides) to preallocate for (1..2^28, default 4,096). More are fine, as for orders; at most
    /// <see cref="PreallocationLimit"/> are allocated at create.
    /// </summary>
    public int ExpectedLevels { get; set; } = DefaultExpectedLevels;

    /// <summary>
    /// Levels per side published to lock-free readers through <see cref="OrderBook.Snapshot"/> after
    /// every command that changed them (0 = no snapshot, the default; 1..<see cref="BookSnapshot.MaxDepth"/>).
    /// </summary>
    public int SnapshotDepth { get; set; }

    /// <summary>Emit <see cref="BookEventType.LevelChanged"/> events (default true). Turn off when nobody needs L2 data, for speed.</summary>
    public bool LevelEvents { get; set; } = true;

    /// <summary>Lowest acceptable price in ticks (default 1). Orders priced below are rejected with InvalidPrice.</summary>
    public long MinPrice { get; set; } = 1;

    /// <summary>Highest acceptable price in ticks (default 2^62 - 1).</summary>
    public long MaxPrice { get; set; } = PriceLimit - 1;

    /// <summary>
    /// Ticks per side held in the direct-indexed window that follows the best price (a power of two,
    /// 64..2^20, default 4,096). Levels inside it are found in O(1); levels further from the top live
    /// in a sorted overflow array. Size it to the range where nearly all activity happens.
    /// </summary>
    public int PriceWindowTicks { get; set; } = DefaultPriceWindowTicks;

    /// <summary>Self-trade prevention for orders that ask for <see cref="VeloZ.Book.SelfTradePrevention.BookDefault"/> (default CancelTaker).</summary>
    public SelfTradePrevention SelfTradePrevention { get; set; } = SelfTradePrevention.CancelTaker;
}
