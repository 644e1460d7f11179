using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_pool_create and veloz_concurrent_pool_create. Zero the struct, set struct_size to
/// sizeof(veloz_pool_config), block_size, and the fields you need: a zero field means its default. block_size has
/// no default, so the config is required. Fields beyond a smaller (older) struct_size take their defaults.
/// </summary>
[CType("veloz_pool_config")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct VelozPoolConfig
{
    /// <summary>sizeof(veloz_pool_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Bytes per block, 1..1 MiB (required). Blocks lie every block_size rounded up to alignment (at least 8) bytes.</summary>
    public int BlockSize;

    /// <summary>Alignment of every block, a power of two 1..4096 (0: 16).</summary>
    public int Alignment;

    /// <summary>Blocks allocated at creation, 1..2^24 (0: 1,024); the pool then grows by chunks that double its capacity.</summary>
    public int InitialBlocks;

    /// <summary>Most blocks the pool may hold, initial_blocks..2^30 (0: no limit but 2^30); a rent beyond it fails with VELOZ_E_FULL.</summary>
    public int MaxBlocks;

    /// <summary>Or-ed veloz_pool_config_flags (VELOZ_POOL_CONFIG_FILL_FREED); other bits are VELOZ_E_INVALID_ARGUMENT.</summary>
    public uint Flags;

    /// <summary>NUL-terminated UTF-8 name under which veloz_memory_report lists the pool, at most 128 characters (NULL or "": "pool"). Copied at creation.</summary>
    [CSpelling("const char*")]
    public byte* Name;
}
