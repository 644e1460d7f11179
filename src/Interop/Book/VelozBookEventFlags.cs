using System;

namespace VeloZ.Interop;

/// <summary>Extra facts about a <c>veloz_book_event</c>, or-ed into its <c>flags</c> (a uint8_t).</summary>
[Flags]
[CType("veloz_book_event_flags", ConstantPrefix = "VELOZ_BOOK_EVENT_FLAGS_")]
public enum VelozBookEventFlags : int
{
    /// <summary>Nothing to add.</summary>
    None = 0,

    /// <summary>LevelChanged: the level is the best of its side after the change or, emptied (quantity 0), was the best before.</summary>
    TopOfBook = 1,

    /// <summary>Modified: the order lost its queue priority (moved to the back of its level).</summary>
    LostPriority = 2,
}
