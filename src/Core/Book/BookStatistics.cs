using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>Counters of an <see cref="OrderBook"/> (<see cref="OrderBook.GetStatistics"/>). Blittable, 64 bytes.</summary>
/// <remarks>
/// Layout: 0 OrderCount, 8 BidLevelCount (i32), 12 AskLevelCount (i32), 16 CommandCount, 24 RejectedCount,
/// 32 UnknownOrderCount, 40 TradeCount, 48 TradeVolume, 56 CrossedCount.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct BookStatistics
{
    /// <summary>Resting orders.</summary>
    public long OrderCount;

    /// <summary>Non-empty bid price levels.</summary>
    public int BidLevelCount;

    /// <summary>Non-empty ask price levels.</summary>
    public int AskLevelCount;

    /// <summary>Commands processed (rejected ones included); the sequence of the latest command.</summary>
    public long CommandCount;

    /// <summary>Commands rejected.</summary>
    public long RejectedCount;

    /// <summary>Commands rejected because they named an order id that is not resting (feeds that start mid-day produce these).</summary>
    public long UnknownOrderCount;

    /// <summary>Trade events.</summary>
    public long TradeCount;

    /// <summary>Sum of traded quantity; it stays at <see cref="long.MaxValue"/> once it gets there instead of wrapping.</summary>
    public long TradeVolume;

    /// <summary>
    /// Commands after which the book was crossed (best bid at or above best ask): always 0 in a matching book; in a
    /// mirror book it counts a feed whose deletes went unreported, or that is transiently crossed. See
    /// <see cref="OrderBook.IsCrossed"/>.
    /// </summary>
    public long CrossedCount;
}
