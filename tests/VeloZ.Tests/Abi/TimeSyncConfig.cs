using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_time_sync_config</c> with the offsets include/veloz.h states (size 16).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct TimeSyncConfig
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int MaxVenues;
    [FieldOffset(8)] public int Window;
    [FieldOffset(12)] public int Reserved;
}
