using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// A resting order inside <see cref="OrderBook"/>'s order array: 48 bytes, linked into its price
/// level's FIFO by array indices (0 = none), so the book holds no object per order.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OrderNode
{
    /// <summary>Caller's order id; 0 while the slot is free.</summary>
    public long Id;

    /// <summary>Price in ticks.</summary>
    public long Price;

    /// <summary>Quantity still resting.</summary>
    public long Remaining;

    /// <summary>Next (younger) order at the same level, or the next free slot while free.</summary>
    public int Next;

    /// <summary>Previous (older) order at the same level.</summary>
    public int Prev;

    /// <summary>Index of its <see cref="PriceLevel"/>.</summary>
    public int Level;

    /// <summary>Owner for self-trade prevention (0 = none).</summary>
    public uint Owner;

    /// <summary>Buy or Sell.</summary>
    public Side Side;

    /// <summary>Resolved self-trade prevention mode (never BookDefault).</summary>
    public SelfTradePrevention Stp;

    /// <summary>Kept flags (post-only).</summary>
    public OrderFlags Flags;

    /// <summary>Padding.</summary>
    public byte Reserved;
}
