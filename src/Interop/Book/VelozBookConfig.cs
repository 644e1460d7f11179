using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>
/// Configuration of veloz_book_create. Zero the struct, set struct_size to sizeof(veloz_book_config) and the fields
/// you need: a zero field means its default. Fields beyond a smaller (older) struct_size take their defaults.
/// </summary>
[CType("veloz_book_config")]
[StructLayout(LayoutKind.Sequential)]
public struct VelozBookConfig
{
    /// <summary>sizeof(veloz_book_config) as the caller knows it.</summary>
    public uint StructSize;

    /// <summary>VELOZ_BOOK_MODE_MATCHING (0, default) or VELOZ_BOOK_MODE_MIRROR.</summary>
    [CSpelling("veloz_book_mode")]
    public int Mode;

    /// <summary>
    /// Resting orders to preallocate for, 1..2^28 (0: 65,536). More are fine: storage doubles, allocating only then.
    /// At most 2^22 (about 260 MB) is allocated and touched at create; a larger hint is reached by doubling.
    /// </summary>
    public int ExpectedOrders;

    /// <summary>Price levels (both sides) to preallocate for, 1..2^28 (0: 4,096); at most 2^22 at create, more by doubling.</summary>
    public int ExpectedLevels;

    /// <summary>Levels per side published after every command for veloz_book_read_top / veloz_book_read_levels, 1..4096 (0: none, and those calls give VELOZ_E_STATE).</summary>
    public int SnapshotDepth;

    /// <summary>VELOZ_BOOK_CONFIG_* or-ed (0: none). Other bits are refused.</summary>
    public uint Flags;

    /// <summary>Ticks per side in the O(1) direct-indexed window that follows the best price: a power of two, 64..2^20 (0: 4,096).</summary>
    public int PriceWindowTicks;

    /// <summary>Self-trade prevention for orders that ask for BOOK_DEFAULT: CANCEL_TAKER, CANCEL_MAKER or CANCEL_BOTH (0: CANCEL_TAKER).</summary>
    [CSpelling("veloz_self_trade_prevention")]
    public int SelfTradePrevention;

    /// <summary>Lowest accepted price in ticks, within +-2^62 (0: 1; to accept 0 and negative prices set a negative bound).</summary>
    public long MinPrice;

    /// <summary>Highest accepted price in ticks, within +-2^62 and &gt;= min_price (0: 2^62 - 1).</summary>
    public long MaxPrice;
}
