namespace VeloZ.Timers;

/// <summary>The outcome of a <see cref="TimerWheel"/> schedule or cancel.</summary>
public enum TimerResult : byte
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>MaxTimers timers are live: nothing was scheduled.</summary>
    Full = 1,

    /// <summary>The deadline lies beyond the wheel's range (<see cref="TimerWheel.MaxDelayNs"/> after its time), or before 0.</summary>
    OutOfRange = 2,

    /// <summary>A periodic timer's interval is not in 1 ns..the wheel's range.</summary>
    BadInterval = 3,

    /// <summary>No live timer has this id: it fired (one-shot), was cancelled, or never existed.</summary>
    NotFound = 4,
}
