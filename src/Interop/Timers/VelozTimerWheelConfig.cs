using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_timer_wheel_create. Zero the struct, set struct_size to sizeof(veloz_timer_wheel_config)
/// and the fields you need: a zero field means its default (NULL config: all defaults). Fields beyond a smaller
/// (older) struct_size take their defaults.
/// </summary>
[CType("veloz_timer_wheel_config")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct VelozTimerWheelConfig
{
    /// <summary>sizeof(veloz_timer_wheel_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Levels of 256 slots, 1..7 (0: 4). A deadline may lie at most 255 × 256^(levels-1) - 2 ticks after the wheel's time (max_delay_ns), and never after 2^62 ns.</summary>
    public int Levels;

    /// <summary>Nanoseconds per tick, 1,000..3,600,000,000,000 (0: 1,000,000). Timers fire exactly when due; the tick sets the cost of a long wait, not the precision.</summary>
    public long TickNs;

    /// <summary>The wheel's time at creation in ns, 0..2^62 (0: 0). Deadlines and advance times are on the same clock (for example veloz_clock_now_ns).</summary>
    public long StartNs;

    /// <summary>Timer nodes allocated at creation, 1..2^26 (0: 1,024); the store doubles when more timers are live.</summary>
    public int InitialTimers;

    /// <summary>Most live timers, initial_timers..2^26 (0: no limit but 2^26); a schedule beyond it fails with VELOZ_E_FULL.</summary>
    public int MaxTimers;

    /// <summary>No flags are defined yet: must be 0.</summary>
    public uint Flags;

    /// <summary>Must be 0; keeps name 8-byte aligned.</summary>
    public int Reserved;

    /// <summary>NUL-terminated UTF-8 name for reports, at most 128 characters (NULL or "": "timer_wheel"). Copied at creation.</summary>
    [CSpelling("const char*")]
    public byte* Name;
}
