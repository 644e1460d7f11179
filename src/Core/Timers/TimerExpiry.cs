using System.Runtime.InteropServices;

namespace VeloZ.Timers;

/// <summary>
/// One timer that fired, as an advance reports it: 40 bytes with the fields at offsets 0 (id), 8 (payload),
/// 16 (deadline), 24 (late_ns), 32 (expirations) and 36 (flags), in C# and in C alike.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct TimerExpiry
{
    /// <summary>The id the schedule returned. A periodic timer keeps its id for every period until it is cancelled.</summary>
    public ulong Id;

    /// <summary>The caller's value given at schedule.</summary>
    public ulong Payload;

    /// <summary>The deadline that fired, in ns (for a periodic timer that fell behind: the earliest missed one).</summary>
    public long Deadline;

    /// <summary>The advance's time minus <see cref="Deadline"/>, ≥ 0: how late the timer ran.</summary>
    public long LateNs;

    /// <summary>Periods that elapsed (1 for a one-shot). A periodic timer whose later deadlines also passed fires once with their count (like timerfd) and is re-armed for its first deadline after now, on its grid.</summary>
    public int Expirations;

    /// <summary>See <see cref="TimerExpiryFlags"/>.</summary>
    public TimerExpiryFlags Flags;
}

/// <summary>Flags of a <see cref="TimerExpiry"/>.</summary>
[System.Flags]
public enum TimerExpiryFlags : uint
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The timer is periodic and was re-armed: its id stays valid.</summary>
    Periodic = 1,
}

/// <summary>Receives the timers <see cref="TimerWheel.Advance{THandler}(long, ref THandler)"/> fires, one call each, in deadline order.</summary>
public interface ITimerHandler
{
    /// <summary>
    /// Called for one fired timer; returns true to go on, false to stop the advance (the timers due after this one
    /// stay pending, in order, for the next advance). It may schedule and cancel timers on the same wheel (a timer
    /// scheduled with a deadline already due fires at the next advance), but not advance or clear it.
    /// </summary>
    bool OnExpired(in TimerExpiry expiry);
}
