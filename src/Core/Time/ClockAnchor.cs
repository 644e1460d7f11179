namespace VeloZ.Time;

/// <summary>
/// One calibration point: the tick count at the middle of the narrowest (ticks, realtime, ticks)
/// sandwich, the realtime reading inside it, and the sandwich's width, which bounds how far the two
/// can be apart.
/// </summary>
internal readonly record struct ClockAnchor(ulong Ticks, long WallNanoseconds, ulong GapTicks);
