using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_clock_info</c> with the offsets include/veloz.h states (size 48).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct ClockInfo
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Source;
    [FieldOffset(8)] public int InvariantTsc;
    [FieldOffset(12)] public int Reserved;
    [FieldOffset(16)] public double TicksPerSecond;
    [FieldOffset(24)] public long CalibratedAtNs;
    [FieldOffset(32)] public long ErrorNs;
    [FieldOffset(40)] public long CalibrationCount;
}
