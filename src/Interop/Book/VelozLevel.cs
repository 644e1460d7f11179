using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// One price level of a book side: price in ticks, total quantity resting there and, where known, the number of
/// orders. An empty level (a side without orders) is all zeros. The same bytes as Core's VeloZ.Book.Level.
/// </summary>
[CType("veloz_level")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozLevel
{
    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>Total quantity at this price; 0 only for an empty level.</summary>
    public long Quantity;

    /// <summary>Orders at this price; 0 when the source does not publish it (L2 feeds).</summary>
    public int OrderCount;

    /// <summary>Zero.</summary>
    public int Reserved;
}
