using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Best bid and best ask with the book sequence they belong to. An empty side is an all-zero level. The same
/// bytes as Core's VeloZ.Book.TopOfBook.
/// </summary>
[CType("veloz_top_of_book")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozTopOfBook
{
    /// <summary>Best bid (highest buy price), all zeros when there are no bids.</summary>
    public VelozLevel Bid;

    /// <summary>Best ask (lowest sell price), all zeros when there are no asks.</summary>
    public VelozLevel Ask;

    /// <summary>
    /// Order book: the number of commands processed when this state was current (veloz_book_event.sequence of
    /// the latest). Depth book: the feed sequence of the last applied update or snapshot.
    /// </summary>
    public long Sequence;
}
