using System;

namespace VeloZ.Book;

/// <summary>Condition of a <see cref="DepthBook"/>; flags, so that for example Stale and Crossed can both hold.</summary>
[Flags]
public enum DepthStatus : int
{
    /// <summary>In sync with the feed, not crossed, at least one level.</summary>
    Ok = 0,

    /// <summary>A sequence gap was seen: levels are out of date and updates are dropped until the next snapshot.</summary>
    Stale = 1,

    /// <summary>Best bid &gt;= best ask: the feed delivered an inconsistent book (or one side is out of date).</summary>
    Crossed = 2,

    /// <summary>No level on either side.</summary>
    Empty = 4,
}
