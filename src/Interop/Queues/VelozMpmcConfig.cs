using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_mpmc_create. Zero the struct, set struct_size to sizeof(veloz_mpmc_config) and the fields
/// you need: a zero field means its default. Fields beyond a smaller (older) struct_size take their defaults.
/// </summary>
[CType("veloz_mpmc_config")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozMpmcConfig
{
    /// <summary>sizeof(veloz_mpmc_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Records the queue holds, 1..2^26, rounded up to a power of two and to at least 2, the ring (record_size + 8 bytes per record, rounded up to 8) at most 1 GiB (0: 1,024).</summary>
    public int Capacity;

    /// <summary>Bytes per record, 8..1024 (0: 64). Every push and pop copies exactly this many bytes per record.</summary>
    public int RecordSize;

    /// <summary>How veloz_mpmc_push_wait and veloz_mpmc_pop_wait wait: VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK (0, default), _SPIN_THEN_YIELD or _BUSY_SPIN.</summary>
    [CSpelling("veloz_wait_strategy")]
    public int WaitStrategy;
}
