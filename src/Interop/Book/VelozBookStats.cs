using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Counters of an order book, filled by veloz_book_get_stats. Set struct_size before the call. From offset 8 on, the
/// same bytes as Core's VeloZ.Book.BookStatistics.
/// </summary>
[CType("veloz_book_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozBookStats
{
    /// <summary>sizeof(veloz_book_stats) as the caller knows it; left unchanged by the call.</summary>
    public uint StructSize;

    /// <summary>Zero.</summary>
    public int Reserved0;

    /// <summary>Resting orders.</summary>
    public long OrderCount;

    /// <summary>Non-empty bid price levels.</summary>
    public int BidLevelCount;

    /// <summary>Non-empty ask price levels.</summary>
    public int AskLevelCount;

    /// <summary>Commands processed (rejected ones included): the sequence of the latest command.</summary>
    public long CommandCount;

    /// <summary>Commands rejected.</summary>
    public long RejectedCount;

    /// <summary>Commands rejected because they named an order id that is not resting (feeds that start mid-day produce these).</summary>
    public long UnknownOrderCount;

    /// <summary>Trade events.</summary>
    public long TradeCount;

    /// <summary>Sum of traded quantity; it stays at INT64_MAX once it gets there instead of wrapping.</summary>
    public long TradeVolume;

    /// <summary>
    /// Commands after which the book was crossed (best bid at or above best ask): always 0 in a matching book. In a
    /// mirror book a feed whose deletes go unreported leaves it crossed; the top of book (veloz_book_read_top) then
    /// shows bid.price >= ask.price with both quantities above 0.
    /// </summary>
    public long CrossedCount;
}
