using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// One price-level update of an L2 feed: set the total quantity at a price on a side, 0 deleting the level (32 bytes,
/// the same bytes as Core's VeloZ.Book.DepthUpdate).
/// </summary>
[CType("veloz_depth_update")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozDepthUpdate
{
    /// <summary>Feed sequence number; each update must be the previous one + 1.</summary>
    public long Sequence;

    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>New total quantity at the price (not a delta); 0 deletes the level; negative is invalid.</summary>
    public long Quantity;

    /// <summary>VELOZ_SIDE_BUY or VELOZ_SIDE_SELL.</summary>
    public byte Side;

    /// <summary>Zero.</summary>
    public byte Reserved1;

    /// <summary>Zero.</summary>
    public ushort Reserved2;

    /// <summary>Orders at the level when the venue publishes it, otherwise 0; reported as veloz_level.order_count.</summary>
    public int OrderCount;
}
