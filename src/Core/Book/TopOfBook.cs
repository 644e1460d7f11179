using System.Runtime.InteropServices;

namespace VeloZ.Book;

/// <summary>
/// Best bid and best ask of a book with the book sequence they belong to. Blittable, 56 bytes.
/// </summary>
/// <remarks>An empty side is reported as an all-zero <see cref="Level"/> (Quantity 0).</remarks>
[StructLayout(LayoutKind.Sequential)]
public struct TopOfBook
{
    /// <summary>Best bid (highest buy price), or all zeros when there are no bids.</summary>
    public Level Bid;

    /// <summary>Best ask (lowest sell price), or all zeros when there are no asks.</summary>
    public Level Ask;

    /// <summary>Sequence number of the book state this top belongs to.</summary>
    public long Sequence;

    /// <inheritdoc />
    public override readonly string ToString() => $"#{Sequence} bid {Bid} / ask {Ask}";
}
