using System;

namespace VeloZ.Book;

/// <summary>Extra facts about a <see cref="BookEvent"/>.</summary>
[Flags]
public enum BookEventFlags : byte
{
    /// <summary>Nothing to add.</summary>
    None = 0,

    /// <summary>
    /// LevelChanged: the level is the best of its side after the change or, for a level that just
    /// emptied (quantity 0), it was the best before it emptied.
    /// </summary>
    TopOfBook = 1,

    /// <summary>Modified: the order lost its queue priority (moved to the back of its level).</summary>
    LostPriority = 2,
}
