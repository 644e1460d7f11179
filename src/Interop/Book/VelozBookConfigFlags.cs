using System;

namespace VeloZ.Interop;

/// <summary>Options of an order book, or-ed into <c>veloz_book_config.flags</c>.</summary>
[Flags]
[CType("veloz_book_config_flags", ConstantPrefix = "VELOZ_BOOK_CONFIG_")]
public enum VelozBookConfigFlags : int
{
    /// <summary>Emit no LevelChanged events (faster when nobody needs L2 data).</summary>
    NoLevelEvents = 1,
}
