using System;

namespace VeloZ.Interop;

/// <summary>Condition of an L2 depth book, or-ed flags in <c>veloz_depth_state.status</c>.</summary>
[Flags]
[CType("veloz_depth_status", ConstantPrefix = "VELOZ_DEPTH_STATUS_")]
public enum VelozDepthStatus : int
{
    /// <summary>In sync with the feed, not crossed, at least one level.</summary>
    Ok = 0,

    /// <summary>A sequence gap was seen: levels are out of date and updates are refused until the next veloz_depth_snapshot.</summary>
    Stale = 1,

    /// <summary>Best bid &gt;= best ask: the feed delivered an inconsistent book (or one side is out of date).</summary>
    Crossed = 2,

    /// <summary>No level on either side.</summary>
    Empty = 4,
}
