using System;

namespace VeloZ.Interop;

/// <summary>Options of a pool, or-ed into <c>veloz_pool_config.flags</c>.</summary>
[Flags]
[CType("veloz_pool_config_flags", ConstantPrefix = "VELOZ_POOL_CONFIG_")]
public enum VelozPoolConfigFlags : int
{
    /// <summary>Debug mode: every returned block is overwritten with 0xDD bytes, so a use after return reads garbage a test sees.</summary>
    FillFreed = 1,
}
