namespace VeloZ.Interop;

/// <summary>
/// A level-3 (order by order) limit order book for one instrument (opaque): a matching engine, or a mirror of a
/// venue's book rebuilt from its feed. One thread drives it; other threads may read its published top levels
/// (veloz_book_read_top, veloz_book_read_levels).
/// </summary>
[CType("veloz_book", Opaque = true)]
public struct BookHandle
{
}
