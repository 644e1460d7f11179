using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// One price level of a book side: the price in ticks, the total quantity resting there and, where
/// known, the number of orders. Blittable, 24 bytes, passed unchanged across the C ABI.
/// </summary>
/// <remarks>An empty level (a side with no orders) is all zeros.</remarks>
[StructLayout(LayoutKind.Sequential)]
public struct Level
{
    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>Total quantity at this price; 0 only for an empty level.</summary>
    public long Quantity;

    /// <summary>Number of orders at this price, 0 when the source does not publish it.</summary>
    public int OrderCount;

    /// <summary>Zero; keeps the size a multiple of 8 and leaves room for a field later.</summary>
    public int Reserved;

    /// <summary>Creates a level.</summary>
    public Level(long price, long quantity, int orderCount = 0)
    {
        Price = price;
        Quantity = quantity;
        OrderCount = orderCount;
        Reserved = 0;
    }

    /// <inheritdoc />
    public override readonly string ToString() => $"{Quantity}@{Price} ({OrderCount} orders)";
}
