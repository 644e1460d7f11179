using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_book_stats</c>: struct_size first, then Core's BookStatistics from offset 8 (size 72).</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct BookStats
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Reserved0;
    [FieldOffset(8)] public long OrderCount;
    [FieldOffset(16)] public int BidLevelCount;
    [FieldOffset(20)] public int AskLevelCount;
    [FieldOffset(24)] public long CommandCount;
    [FieldOffset(32)] public long RejectedCount;
    [FieldOffset(40)] public long UnknownOrderCount;
    [FieldOffset(48)] public long TradeCount;
    [FieldOffset(56)] public long TradeVolume;
    [FieldOffset(64)] public long CrossedCount;
}
