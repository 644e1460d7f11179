using System;
using System.Runtime.InteropServices;
using VeloZ.Time;
using CoreClockInfo = VeloZ.Time.ClockInfo;

namespace VeloZ.Interop;

/// <summary>The process-wide clock (Core: <see cref="TscClock.Shared"/>). Its reads cannot fail, so they return their value; 0 only if the clock could not start.</summary>
public static unsafe class ClockExports
{
    /// <summary>
    /// The raw counter: TSC ticks, or OS monotonic nanoseconds when the source is
    /// VELOZ_CLOCK_SOURCE_OS. Convert with <c>veloz_clock_ticks_to_ns</c>. Returns 0 only if the
    /// clock could not start (never observed).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_clock_ticks))]
    [ThreadContract("any thread, wait-free")]
    public static ulong veloz_clock_ticks()
    {
        try { return TscClock.Shared.ReadTicks(); }
        catch (Exception e) { Export.Fail(e); return 0; }
    }

    /// <summary>
    /// Now, in Unix-epoch nanoseconds (CLOCK_REALTIME, calibrated; about half the cost of
    /// clock_gettime). Never decreases on one thread, also across <c>veloz_clock_calibrate</c>.
    /// Returns 0 only if the clock could not start (never observed).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_clock_now_ns))]
    [ThreadContract("any thread, wait-free")]
    public static long veloz_clock_now_ns()
    {
        try { return TscClock.Shared.NowNanoseconds(); }
        catch (Exception e) { Export.Fail(e); return 0; }
    }

    /// <summary>
    /// The Unix-epoch nanoseconds of a <c>veloz_clock_ticks</c> reading, with the current
    /// calibration; non-decreasing in <paramref name="ticks"/>. Returns 0 only if the clock could
    /// not start (never observed).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_clock_ticks_to_ns))]
    [ThreadContract("any thread, wait-free")]
    public static long veloz_clock_ticks_to_ns(ulong ticks)
    {
        try { return TscClock.Shared.TicksToNanoseconds(ticks); }
        catch (Exception e) { Export.Fail(e); return 0; }
    }

    /// <summary>
    /// Re-measures the clock against CLOCK_REALTIME (about 10 µs), refines the TSC frequency, and
    /// slews to the new calibration from 200 µs on (at most 500 ppm), so time never jumps backwards.
    /// Call it every second to every minute from a housekeeping thread; readers are never blocked.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_clock_calibrate))]
    [ThreadContract("thread-safe")]
    public static Status veloz_clock_calibrate()
    {
        try
        {
            TscClock.Shared.Calibrate();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out_info"/> with the clock's source and calibration. The caller sets
    /// <c>struct_size</c>; at most that many bytes are written. NULL or a struct_size of 0 or above
    /// 4096: VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_clock_get_info))]
    [ThreadContract("thread-safe")]
    public static Status veloz_clock_get_info(ClockInfo* out_info)
    {
        try
        {
            Export.CheckStructOut(out_info);
            CoreClockInfo info = TscClock.Shared.GetInfo();
            Export.StructOut(out_info, new ClockInfo
            {
                Source = (int)info.Source,
                InvariantTsc = info.InvariantTsc ? 1 : 0,
                TicksPerSecond = info.TicksPerSecond,
                CalibratedAtNs = info.CalibratedAtNanoseconds,
                ErrorNs = info.ErrorNanoseconds,
                CalibrationCount = info.CalibrationCount,
            });
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }
}
