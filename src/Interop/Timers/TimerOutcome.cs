using System.Runtime.CompilerServices;
using VeloZ.Timers;

namespace VeloZ.Interop;

/// <summary>
/// The statuses of the timer wheel. A full wheel and a cancel that comes after the timer fired are normal under
/// load, so VELOZ_E_FULL and VELOZ_E_NOT_FOUND allocate nothing and format their message only if asked for. A
/// deadline out of range or a bad interval is a caller bug: VELOZ_E_INVALID_ARGUMENT with the values named.
/// </summary>
internal static class TimerOutcome
{
    /// <summary>The status of a schedule that <paramref name="wheel"/> refused with <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe Status Refused(TimerWheel wheel, TimerResult result, long deadline, long interval = 0, [CallerMemberName] string function = "")
    {
        if (result == TimerResult.Full)
        {
            var values = new DeferredError { Function = function, A = wheel.Count };
            return LastError.SetDeferred(Status.EFull, &FormatFull, in values);
        }
        return LastError.Set(Status.EInvalidArgument, $"{function}: {wheel.Describe(result, deadline, interval)}");
    }

    private static string FormatFull(in DeferredError e) =>
        $"{e.Function}: the timer wheel is full: {e.A} timers are live, as many as its max_timers allows";

    /// <summary>VELOZ_E_NOT_FOUND for a cancel of <paramref name="id"/>, which is not live.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe Status NotFound(ulong id, [CallerMemberName] string function = "")
    {
        var values = new DeferredError { Function = function, A = (long)id };
        return LastError.SetDeferred(Status.ENotFound, &FormatNotFound, in values);
    }

    private static string FormatNotFound(in DeferredError e) =>
        $"{e.Function}: no live timer has id 0x{(ulong)e.A:X}: it fired, was cancelled, or never existed";

    /// <summary>The Core settings of a timer wheel config; NULL means all defaults.</summary>
    public static unsafe TimerWheelConfig ConfigIn(VelozTimerWheelConfig* config)
    {
        VelozTimerWheelConfig c = Export.ConfigIn(config);
        Export.KnownFlags(c.Flags, 0, "config->flags");
        if (c.Reserved != 0)
            Export.Throw(Status.EInvalidArgument, $"config->reserved must be 0, got {c.Reserved}");
        return new TimerWheelConfig
        {
            TickNs = c.TickNs,
            Levels = c.Levels,
            StartNs = c.StartNs,
            InitialTimers = c.InitialTimers,
            MaxTimers = c.MaxTimers,
            Name = Export.Utf8In(c.Name, Export.MaxNameBytes, "config->name"),
        };
    }

    /// <summary>Core's <see cref="TimerWheelStatistics"/> as the C struct veloz_timer_wheel_stats.</summary>
    public static VelozTimerWheelStats Stats(in TimerWheelStatistics s) => new()
    {
        Levels = s.Levels,
        TickNs = s.TickNs,
        NowNs = s.NowNs,
        MaxDelayNs = s.MaxDelayNs,
        Active = s.Active,
        Pending = s.Pending,
        PeakActive = s.PeakActive,
        Capacity = s.Capacity,
        Scheduled = s.Scheduled,
        Cancelled = s.Cancelled,
        Fired = s.Fired,
        MissedPeriods = s.MissedPeriods,
        Cascaded = s.Cascaded,
        FailedSchedules = s.FailedSchedules,
        FailedCancels = s.FailedCancels,
    };
}
