using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>One venue's clock estimate, filled by <c>veloz_time_sync_get_stats</c>.</summary>
[CType("veloz_time_sync_stats")]
[StructLayout(LayoutKind.Sequential)]
public struct TimeSyncStats
{
    /// <summary>Set by the caller to sizeof(veloz_time_sync_stats); the library writes at most that many bytes and leaves this field as it was.</summary>
    public uint StructSize;
    /// <summary>The venue id.</summary>
    public int Venue;
    /// <summary>Exchange time minus local time, estimated at <c>last_sample_ns</c>.</summary>
    public long OffsetNs;
    /// <summary>The smallest round trip in the window.</summary>
    public long BestRttNs;
    /// <summary>Exchange clock rate relative to the local one, in parts per million (0 until 6 samples).</summary>
    public double DriftPpm;
    /// <summary>Samples ever accepted for this venue.</summary>
    public long SampleCount;
    /// <summary>The latest local receive time of any accepted sample.</summary>
    public long LastSampleNs;
}
