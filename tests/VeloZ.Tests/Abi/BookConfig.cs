using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_book_config</c> with the offsets include/veloz.h states (size 48).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct BookConfig
{
    public const int ModeMatching = 0;
    public const int ModeMirror = 1;
    public const uint NoLevelEvents = 1;

    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Mode;
    [FieldOffset(8)] public int ExpectedOrders;
    [FieldOffset(12)] public int ExpectedLevels;
    [FieldOffset(16)] public int SnapshotDepth;
    [FieldOffset(20)] public uint Flags;
    [FieldOffset(24)] public int PriceWindowTicks;
    [FieldOffset(28)] public int SelfTradePrevention;
    [FieldOffset(32)] public long MinPrice;
    [FieldOffset(40)] public long MaxPrice;
}
