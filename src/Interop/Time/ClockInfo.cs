using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>The library clock's calibration, filled by <c>veloz_clock_get_info</c>.</summary>
[CType("veloz_clock_info")]
[StructLayout(LayoutKind.Sequential)]
public struct ClockInfo
{
    /// <summary>Set by the caller to sizeof(veloz_clock_info); the library writes at most that many bytes and leaves this field as it was.</summary>
    public uint StructSize;
    /// <summary>Where ticks come from.</summary>
    [CSpelling("veloz_clock_source")]
    public int Source;
    /// <summary>1 if the CPU reports an invariant TSC (CPUID 0x80000007 EDX bit 8), else 0, whatever the source.</summary>
    public int InvariantTsc;
    /// <summary>Zero.</summary>
    public int Reserved;
    /// <summary>The calibrated TSC frequency (exactly 1e9 for the OS source).</summary>
    public double TicksPerSecond;
    /// <summary>Wall time (Unix-epoch ns) of the last calibration.</summary>
    public long CalibratedAtNs;
    /// <summary>Estimated error of the last calibration: half the narrowest (ticks, realtime, ticks) sandwich, in ns.</summary>
    public long ErrorNs;
    /// <summary>Calibrations so far, the one at startup included.</summary>
    public long CalibrationCount;
}
