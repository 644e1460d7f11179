namespace VeloZ.Interop;

/// <summary>
/// A level-2 (market-by-price) book kept from a venue's price-level updates with sequence checking (opaque).
/// One thread drives it; other threads may read its published top levels (veloz_depth_read_top).
/// </summary>
[CType("veloz_depth", Opaque = true)]
public struct DepthHandle
{
}
