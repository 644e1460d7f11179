namespace VeloZ.Time;

/// <summary>The two clocks a calibration sandwiches: the tick counter and the wall clock. A struct constraint keeps calls direct.</summary>
internal interface IAnchorSource
{
    /// <summary>A tick reading that is not reordered before earlier instructions (the sandwich must really enclose the wall read).</summary>
    ulong ReadTicksOrdered();

    /// <summary>CLOCK_REALTIME in Unix-epoch nanoseconds.</summary>
    long ReadWallNanoseconds();
}
