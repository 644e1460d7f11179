using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VeloZ.Timers;

namespace VeloZ.Interop;

// The C face of VeloZ.Timers.TimerWheel. A wheel belongs to one thread (Export.Owned): the first thread that
// schedules, cancels or advances becomes its owner. Times are int64 ns on the caller's clock; ids are uint64 and
// never 0.

/// <summary>Exports of the hierarchical timer wheel.</summary>
public static unsafe class TimerWheelExports
{
    /// <summary>
    /// Creates a timer wheel. <paramref name="config"/> may be NULL (all defaults: 1 ms tick, 4 levels, time 0); a zero
    /// field means its default, and a struct_size smaller than this library's reads only the fields that fit. On
    /// success stores the handle in <paramref name="out"/>; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT for
    /// a NULL out, a struct_size of 0 or above 4096, or a field out of its range (the message names it).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_timer_wheel_create([Const] VelozTimerWheelConfig* config, TimerWheelHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            *@out = Export.Register<TimerWheelHandle>(new TimerWheel(TimerOutcome.ConfigIn(config)), HandleTag.TimerWheel);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Destroys a wheel and every timer in it. NULL, or a handle already destroyed, is a no-op. No other thread may be using the wheel.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_timer_wheel_destroy(TimerWheelHandle* wheel)
    {
        try
        {
            Export.Destroy(wheel, HandleTag.TimerWheel);
        }
        catch
        {
            // Nothing to report through a void function.
        }
    }

    /// <summary>
    /// Schedules a one-shot timer due at <paramref name="deadline_ns"/> carrying <paramref name="payload"/>; stores its
    /// id (never 0) in <paramref name="out_id"/>. A deadline at or before the wheel's time fires at the next advance.
    /// VELOZ_E_INVALID_ARGUMENT when the deadline is negative, above 2^62, or more than max_delay_ns (see
    /// veloz_timer_wheel_get_stats) after the wheel's time, or out_id is NULL; VELOZ_E_FULL when max_timers are live.
    /// On any failure *out_id is 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_schedule))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_schedule(TimerWheelHandle* wheel, long deadline_ns, ulong payload, ulong* out_id)
    {
        try
        {
            if (out_id != null) *out_id = 0; // also when the handle is refused
            TimerWheel target = Wheel(wheel);
            ref ulong id = ref Export.Out(out_id);
            TimerResult result = target.TrySchedule(deadline_ns, payload, out id);
            return result == TimerResult.Ok ? Status.Ok : TimerOutcome.Refused(target, result, deadline_ns);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Schedules a one-shot timer due <paramref name="delay_ns"/> (0..max_delay_ns) after the wheel's time (the last
    /// advance's now); otherwise as veloz_timer_wheel_schedule.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_schedule_after))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_schedule_after(TimerWheelHandle* wheel, long delay_ns, ulong payload, ulong* out_id)
    {
        try
        {
            if (out_id != null) *out_id = 0; // also when the handle is refused
            TimerWheel target = Wheel(wheel);
            ref ulong id = ref Export.Out(out_id);
            TimerResult result = target.TryScheduleAfter(delay_ns, payload, out id);
            if (result == TimerResult.OutOfRange)
                return LastError.Set(Status.EInvalidArgument, $"veloz_timer_wheel_schedule_after: delay_ns must be 0..{target.MaxDelayNs} (max_delay_ns), got {delay_ns}");
            return result == TimerResult.Ok ? Status.Ok : TimerOutcome.Refused(target, result, target.Now + delay_ns);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Schedules a periodic timer first due at <paramref name="first_deadline_ns"/>, then every
    /// <paramref name="interval_ns"/> (1..max_delay_ns) on that grid: re-armed from its deadline, not from when it
    /// ran, so it does not drift. Advances that skip periods deliver it once with the count in expirations (like
    /// timerfd). It keeps its id until cancelled. Failures as veloz_timer_wheel_schedule, and
    /// VELOZ_E_INVALID_ARGUMENT for an interval out of range.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_schedule_periodic))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_schedule_periodic(TimerWheelHandle* wheel, long first_deadline_ns, long interval_ns, ulong payload, ulong* out_id)
    {
        try
        {
            if (out_id != null) *out_id = 0; // also when the handle is refused
            TimerWheel target = Wheel(wheel);
            ref ulong id = ref Export.Out(out_id);
            TimerResult result = target.TrySchedulePeriodic(first_deadline_ns, interval_ns, payload, out id);
            return result == TimerResult.Ok ? Status.Ok : TimerOutcome.Refused(target, result, first_deadline_ns, interval_ns);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Cancels the live timer <paramref name="id"/>, also one that is due but not yet delivered: it never fires again.
    /// VELOZ_E_NOT_FOUND (nothing changes, no message formatted unless asked) for an id that already fired (one-shot),
    /// was cancelled, or never existed: the usual outcome of a cancel racing its own expiry.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_cancel))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_cancel(TimerWheelHandle* wheel, ulong id)
    {
        try
        {
            return Wheel(wheel).Cancel(id) == TimerResult.Ok ? Status.Ok : TimerOutcome.NotFound(id);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Stores 1 in <paramref name="out_active"/> when <paramref name="id"/> names a live timer, else 0. VELOZ_E_INVALID_ARGUMENT for a NULL out_active.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_is_active))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_is_active(TimerWheelHandle* wheel, ulong id, int* out_active)
    {
        try
        {
            TimerWheel target = Wheel(wheel);
            Export.Out(out_active) = target.IsActive(id) ? 1 : 0;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Moves the wheel's time to <paramref name="now_ns"/> (not before its time, at most 2^62) and writes the timers
    /// due by then into <paramref name="out"/>, in deadline order (ties in scheduling order); stores how many in
    /// <paramref name="written"/>. When the buffer fills, the rest stay pending in order (and cancellable): when
    /// *written equals capacity, call again with the same now_ns. Pending timers come first in the next advance,
    /// before timers that became due since (even with earlier deadlines); a periodic timer takes a new place in the
    /// tie order each time it is re-armed. VELOZ_E_INVALID_ARGUMENT for a now_ns out of range
    /// (the wheel unchanged), a negative capacity, NULL out with capacity above 0, or a NULL written.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_advance))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_advance(TimerWheelHandle* wheel, long now_ns, TimerExpiry* @out, int capacity, int* written)
    {
        try
        {
            TimerWheel target = Wheel(wheel);
            ref int writtenOut = ref Export.Out(written);
            Span<TimerExpiry> buffer = Export.Array(@out, capacity, "out", "capacity");
            writtenOut = 0;
            writtenOut = target.Advance(now_ns, buffer);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Moves the wheel's time to <paramref name="now_ns"/> and calls <paramref name="callback"/>(context, expiry) for
    /// each due timer in deadline order, on this thread, before returning; stores how many fired in
    /// <paramref name="fired"/>. The callback returns 0 to go on, anything else to stop: the timer it was called for
    /// counts as fired, and the timers due after it stay pending for the next advance. It may schedule and cancel on this wheel (a timer it schedules already due fires
    /// at the next advance); advancing, clearing or destroying the wheel from it fails (VELOZ_E_STATE) or is
    /// undefined (destroy). The expiry pointer is valid during the call only. The callback must not throw (C++) or
    /// longjmp. VELOZ_E_INVALID_ARGUMENT for a NULL callback or fired, or a now_ns out of range.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_advance_callback))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_advance_callback(TimerWheelHandle* wheel, long now_ns,
        delegate* unmanaged[Cdecl]<void*, TimerExpiry*, int> callback, void* context, int* fired)
    {
        try
        {
            TimerWheel target = Wheel(wheel);
            ref int firedOut = ref Export.Out(fired);
            if (callback == null)
                Export.Throw(Status.EInvalidArgument, "callback is NULL");
            firedOut = 0;
            var handler = new CallbackHandler { Callback = callback, Context = context };
            firedOut = target.Advance(now_ns, ref handler);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Stores in <paramref name="out_ns"/> a time by which to advance next, never before the wheel's time: the
    /// earliest deadline, or earlier (the start of a higher level's slot: advancing then costs a cascade and fires
    /// nothing), or the wheel's time when timers are due or pending, or INT64_MAX when no timer is live. Sleeping
    /// until it never misses a deadline.
    /// VELOZ_E_INVALID_ARGUMENT for a NULL out_ns.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_next_deadline))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_next_deadline(TimerWheelHandle* wheel, long* out_ns)
    {
        try
        {
            TimerWheel target = Wheel(wheel);
            Export.Out(out_ns) = target.NextDeadline;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Cancels every timer (pending ones too); the wheel's time and its allocated nodes stay. VELOZ_E_STATE from inside an advance's callback.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_clear))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_clear(TimerWheelHandle* wheel)
    {
        try
        {
            Wheel(wheel).Clear();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the wheel's sizes and counters. The caller sets out->struct_size; the library
    /// writes min(struct_size, sizeof(veloz_timer_wheel_stats)) bytes and leaves struct_size as it was.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_timer_wheel_get_stats))]
    [ThreadContract("owner thread only")]
    public static Status veloz_timer_wheel_get_stats(TimerWheelHandle* wheel, VelozTimerWheelStats* @out)
    {
        try
        {
            TimerWheel target = Wheel(wheel);
            Export.StructOut(@out, TimerOutcome.Stats(target.Statistics));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static TimerWheel Wheel(TimerWheelHandle* wheel) => Export.Owned<TimerWheel>(wheel, HandleTag.TimerWheel, "wheel");

    private struct CallbackHandler : ITimerHandler
    {
        public delegate* unmanaged[Cdecl]<void*, TimerExpiry*, int> Callback;
        public void* Context;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool OnExpired(in TimerExpiry expiry) =>
            Callback(Context, (TimerExpiry*)Unsafe.AsPointer(ref Unsafe.AsRef(in expiry))) == 0;
    }
}
