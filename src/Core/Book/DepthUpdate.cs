using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// One price-level update of an L2 (market-by-price) feed: set the quantity at a price on a side,
/// 0 deleting the level. Blittable, 32 bytes, passed unchanged across the C ABI.
/// </summary>
/// <remarks>Offsets: Sequence 0, Price 8, Quantity 16, Side 24, Reserved1 25, Reserved2 26, OrderCount 28.</remarks>
[StructLayout(LayoutKind.Sequential)]
public struct DepthUpdate
{
    /// <summary>Feed sequence number; each update must be the previous one + 1.</summary>
    public long Sequence;

    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>New total quantity at the price (not a delta); 0 deletes the level; negative is invalid.</summary>
    public long Quantity;

    /// <summary>Book side the level is on.</summary>
    public Side Side;

    /// <summary>Zero; explicit padding so the layout is the same in C.</summary>
    public byte Reserved1;

    /// <summary>Zero; explicit padding so the layout is the same in C.</summary>
    public ushort Reserved2;

    /// <summary>Orders at the level when the venue publishes it, otherwise 0. Copied into <see cref="Level.OrderCount"/>.</summary>
    public int OrderCount;

    /// <summary>Creates an update.</summary>
    public DepthUpdate(long sequence, Side side, long price, long quantity, int orderCount = 0)
    {
        Sequence = sequence;
        Price = price;
        Quantity = quantity;
        Side = side;
        Reserved1 = 0;
        Reserved2 = 0;
        OrderCount = orderCount;
    }

    /// <inheritdoc />
    public override readonly string ToString() => $"#{Sequence} {Side} {Quantity}@{Price}";
}
