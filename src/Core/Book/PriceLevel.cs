using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// One non-empty price of one side, in <see cref="OrderBook"/>'s level array (32 bytes): the totals
/// and the two ends of the FIFO of its orders.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PriceLevel
{
    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>Sum of the remaining quantity of its orders.</summary>
    public long Quantity;

    /// <summary>Number of orders.</summary>
    public int OrderCount;

    /// <summary>Oldest order (first to trade); while free, the next free level.</summary>
    public int Head;

    /// <summary>Youngest order.</summary>
    public int Tail;

    /// <summary>Padding.</summary>
    public int Reserved;
}
