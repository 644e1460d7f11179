namespace VeloZ.Interop;

/// <summary>
/// A hierarchical timer wheel for one owner thread (opaque): O(1) schedule and cancel of one-shot and periodic
/// timers, fired in deadline order by veloz_timer_wheel_advance at the caller's clock.
/// </summary>
[CType("veloz_timer_wheel", Opaque = true)]
public struct TimerWheelHandle
{
}
