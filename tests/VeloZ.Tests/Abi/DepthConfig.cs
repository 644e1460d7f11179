using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_depth_config</c> with the offsets include/veloz.h states (size 16).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct DepthConfig
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int ExpectedLevels;
    [FieldOffset(8)] public int SnapshotDepth;
    [FieldOffset(12)] public int Reserved;
}
