using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_spsc_create. Zero the struct, set struct_size to sizeof(veloz_spsc_config) and the fields
/// you need: a zero field means its default. Fields beyond a smaller (older) struct_size take their defaults.
/// </summary>
[CType("veloz_spsc_config")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozSpscConfig
{
    /// <summary>sizeof(veloz_spsc_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>Records the queue holds, 1..2^26, rounded up to a power of two, the ring at most 1 GiB (0: 1,024).</summary>
    public int Capacity;

    /// <summary>Bytes per record, 8..1024 (0: 64). Every push and pop copies exactly this many bytes per record.</summary>
    public int RecordSize;

    /// <summary>How veloz_spsc_push_wait and veloz_spsc_pop_wait wait: VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK (0, default), _SPIN_THEN_YIELD or _BUSY_SPIN.</summary>
    [CSpelling("veloz_wait_strategy")]
    public int WaitStrategy;
}
