using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_depth_create. Zero the struct, set struct_size to sizeof(veloz_depth_config) and the fields
/// you need: a zero field means its default. Fields beyond a smaller (older) struct_size take their defaults.
/// </summary>
[CType("veloz_depth_config")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozDepthConfig
{
    /// <summary>sizeof(veloz_depth_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Levels per side to allocate up front, 1..2^28 (0: 256); the arrays grow beyond it.</summary>
    public int ExpectedLevels;

    /// <summary>Levels per side published for veloz_depth_read_top / veloz_depth_read_levels, 1..4096 (0: none, and those calls give VELOZ_E_STATE).</summary>
    public int SnapshotDepth;

    /// <summary>Zero (other values are refused, so the field can take a meaning later).</summary>
    public int Reserved;
}
