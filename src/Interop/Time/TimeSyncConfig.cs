using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>Sizes of a <c>veloz_time_sync</c>. Zero fields (or a NULL config) take the defaults.</summary>
[CType("veloz_time_sync_config")]
[StructLayout(LayoutKind.Sequential)]
public struct TimeSyncConfig
{
    /// <summary>sizeof(veloz_time_sync_config); fields beyond it take their defaults.</summary>
    public uint StructSize;
    /// <summary>Distinct venues it can hold: 1..4096, default 64.</summary>
    public int MaxVenues;
    /// <summary>Samples kept per venue for the minimum-round-trip filter: 1..65536, default 64.</summary>
    public int Window;
    /// <summary>Zero.</summary>
    public int Reserved;
}
