using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_arena_create. Zero the struct, set struct_size to sizeof(veloz_arena_config) and the fields
/// you need: a zero field means its default; NULL means all defaults.
/// </summary>
[CType("veloz_arena_config")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct VelozArenaConfig
{
    /// <summary>sizeof(veloz_arena_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Flags: none are defined yet, so it must be 0.</summary>
    public uint Flags;

    /// <summary>Bytes per chunk, 4 KiB..1 GiB (0: 64 KiB). An allocation larger than a chunk gets a chunk of its own.</summary>
    public long ChunkSize;

    /// <summary>NUL-terminated UTF-8 name under which veloz_memory_report lists the arena, at most 128 characters (NULL or "": "arena"). Copied at creation.</summary>
    [CSpelling("const char*")]
    public byte* Name;
}
