using System.Runtime.InteropServices;

namespace VeloZ.Tests.Abi;

/// <summary><c>veloz_timer_wheel_config</c> with the offsets include/veloz.h states (size 48).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal unsafe struct TimerWheelConfigC
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Levels;
    [FieldOffset(8)] public long TickNs;
    [FieldOffset(16)] public long StartNs;
    [FieldOffset(24)] public int InitialTimers;
    [FieldOffset(28)] public int MaxTimers;
    [FieldOffset(32)] public uint Flags;
    [FieldOffset(36)] public int Reserved;
    [FieldOffset(40)] public byte* Name;
}

/// <summary><c>veloz_timer_expiry</c> with the offsets include/veloz.h states (size 40).</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct TimerExpiryC
{
    [FieldOffset(0)] public ulong Id;
    [FieldOffset(8)] public ulong Payload;
    [FieldOffset(16)] public long Deadline;
    [FieldOffset(24)] public long LateNs;
    [FieldOffset(32)] public int Expirations;
    [FieldOffset(36)] public uint Flags;
}

/// <summary><c>veloz_timer_wheel_stats</c> with the offsets include/veloz.h states (size 120).</summary>
[StructLayout(LayoutKind.Explicit, Size = 120)]
internal record struct TimerWheelStatsC
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int Levels;
    [FieldOffset(8)] public long TickNs;
    [FieldOffset(16)] public long NowNs;
    [FieldOffset(24)] public long MaxDelayNs;
    [FieldOffset(32)] public long Active;
    [FieldOffset(40)] public long Pending;
    [FieldOffset(48)] public long PeakActive;
    [FieldOffset(56)] public long Capacity;
    [FieldOffset(64)] public long Scheduled;
    [FieldOffset(72)] public long Cancelled;
    [FieldOffset(80)] public long Fired;
    [FieldOffset(88)] public long MissedPeriods;
    [FieldOffset(96)] public long Cascaded;
    [FieldOffset(104)] public long FailedSchedules;
    [FieldOffset(112)] public long FailedCancels;
}

/// <summary>The timer wheel exports of the published libveloz.so.</summary>
internal static unsafe class LibVelozTimers
{
    public static delegate* unmanaged<TimerWheelConfigC*, nint*, int> Create => (delegate* unmanaged<TimerWheelConfigC*, nint*, int>)LibVeloz.Export("veloz_timer_wheel_create");
    public static delegate* unmanaged<nint, void> Destroy => (delegate* unmanaged<nint, void>)LibVeloz.Export("veloz_timer_wheel_destroy");
    public static delegate* unmanaged<nint, long, ulong, ulong*, int> Schedule => (delegate* unmanaged<nint, long, ulong, ulong*, int>)LibVeloz.Export("veloz_timer_wheel_schedule");
    public static delegate* unmanaged<nint, long, ulong, ulong*, int> ScheduleAfter => (delegate* unmanaged<nint, long, ulong, ulong*, int>)LibVeloz.Export("veloz_timer_wheel_schedule_after");
    public static delegate* unmanaged<nint, long, long, ulong, ulong*, int> SchedulePeriodic => (delegate* unmanaged<nint, long, long, ulong, ulong*, int>)LibVeloz.Export("veloz_timer_wheel_schedule_periodic");
    public static delegate* unmanaged<nint, ulong, int> Cancel => (delegate* unmanaged<nint, ulong, int>)LibVeloz.Export("veloz_timer_wheel_cancel");
    public static delegate* unmanaged<nint, ulong, int*, int> IsActive => (delegate* unmanaged<nint, ulong, int*, int>)LibVeloz.Export("veloz_timer_wheel_is_active");
    public static delegate* unmanaged<nint, long, TimerExpiryC*, int, int*, int> Advance => (delegate* unmanaged<nint, long, TimerExpiryC*, int, int*, int>)LibVeloz.Export("veloz_timer_wheel_advance");
    public static delegate* unmanaged<nint, long, delegate* unmanaged<void*, TimerExpiryC*, int>, void*, int*, int> AdvanceCallback =>
        (delegate* unmanaged<nint, long, delegate* unmanaged<void*, TimerExpiryC*, int>, void*, int*, int>)LibVeloz.Export("veloz_timer_wheel_advance_callback");
    public static delegate* unmanaged<nint, long*, int> NextDeadline => (delegate* unmanaged<nint, long*, int>)LibVeloz.Export("veloz_timer_wheel_next_deadline");
    public static delegate* unmanaged<nint, int> Clear => (delegate* unmanaged<nint, int>)LibVeloz.Export("veloz_timer_wheel_clear");
    public static delegate* unmanaged<nint, TimerWheelStatsC*, int> GetStats => (delegate* unmanaged<nint, TimerWheelStatsC*, int>)LibVeloz.Export("veloz_timer_wheel_get_stats");
}
