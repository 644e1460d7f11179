using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_depth_state</c>: struct_size first, then Core's DepthBookState from offset 8 (size 104).</summary>
[StructLayout(LayoutKind.Explicit, Size = 104)]
internal struct DepthState
{
    public const int Stale = 1;
    public const int Crossed = 2;
    public const int Empty = 4;

    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Reserved0;
    [FieldOffset(8)] public int Status;
    [FieldOffset(12)] public int BidLevels;
    [FieldOffset(16)] public int AskLevels;
    [FieldOffset(20)] public int Reserved;
    [FieldOffset(24)] public long LastSequence;
    [FieldOffset(32)] public long SnapshotSequence;
    [FieldOffset(40)] public long UpdateCount;
    [FieldOffset(48)] public long SnapshotCount;
    [FieldOffset(56)] public long GapCount;
    [FieldOffset(64)] public long DroppedStaleCount;
    [FieldOffset(72)] public long DroppedOldCount;
    [FieldOffset(80)] public long CrossedCount;
    [FieldOffset(88)] public long UnknownLevelCount;
    [FieldOffset(96)] public long InvalidCount;
}
