using System.Runtime.CompilerServices;
using VeloZ.Memory;

namespace VeloZ.Interop;

/// <summary>
/// The statuses of the pools and the arena. An exhausted pool is a normal outcome under load (a burst larger than
/// max_blocks), so VELOZ_E_FULL allocates nothing and its message is formatted only if asked for
/// (<see cref="LastError.SetDeferred"/>). A refused return is a caller bug (a foreign pointer, a double return):
/// VELOZ_E_INVALID_ARGUMENT with the pool's verdict, without an exception, and the pool unchanged.
/// </summary>
internal static class MemoryOutcome
{
    /// <summary>VELOZ_E_FULL for a pool with <paramref name="inUse"/> blocks rented of at most <paramref name="maxBlocks"/> (0: no limit).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe Status Exhausted(long inUse, long maxBlocks, [CallerMemberName] string function = "")
    {
        var values = new DeferredError { Function = function, A = inUse, B = maxBlocks };
        return LastError.SetDeferred(Status.EFull, &FormatExhausted, in values);
    }

    private static string FormatExhausted(in DeferredError e) => e.B != 0
        ? $"{e.Function}: the pool is exhausted: {e.A} blocks are rented and max_blocks is {e.B}"
        : $"{e.Function}: the pool is exhausted: {e.A} blocks are rented and no memory could be reserved for more";

    /// <summary>VELOZ_E_INVALID_ARGUMENT for a return the pool refused with <paramref name="result"/>; <paramref name="index"/> names a batch's element (-1: none).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Status BadReturn(PoolResult result, nint block, string poolName, int index = -1, [CallerMemberName] string function = "")
    {
        string where = index < 0 ? "" : $"blocks[{index}]: ";
        return LastError.Set(Status.EInvalidArgument, $"{function}: {where}{result.Describe(block, poolName)}");
    }

    /// <summary>
    /// Checks an arena allocation's size (1..1 GiB) and alignment (a power of two 1..4096, 0 for 16) before Core sees
    /// them; returns the alignment to use.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ArenaAlignment(long size, int alignment)
    {
        if ((ulong)(size - 1) >= (ulong)ArenaConfig.MaxAllocation || (uint)(alignment - 1) >= (uint)PoolConfig.MaxAlignment
            || (alignment & (alignment - 1)) != 0)
            return alignment == 0 && (ulong)(size - 1) < (ulong)ArenaConfig.MaxAllocation ? PoolConfig.DefaultAlignment : ThrowArena(size, alignment);
        return alignment;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ThrowArena(long size, int alignment)
    {
        if ((ulong)(size - 1) >= (ulong)ArenaConfig.MaxAllocation)
            Export.Throw(Status.EInvalidArgument, $"size must be 1..{ArenaConfig.MaxAllocation} bytes, got {size}");
        Export.Throw(Status.EInvalidArgument, $"alignment must be 0 (16) or a power of two 1..{PoolConfig.MaxAlignment}, got {alignment}");
        return 0;
    }

    /// <summary>The Core settings of a pool config; NULL is VELOZ_E_INVALID_ARGUMENT (block_size has no default).</summary>
    public static unsafe PoolConfig PoolConfigIn(VelozPoolConfig* config)
    {
        if (config == null)
            Export.Throw(Status.EInvalidArgument, "config is NULL, but block_size has no default: pass a veloz_pool_config with block_size set");
        VelozPoolConfig c = Export.ConfigIn(config);
        Export.KnownFlags(c.Flags, (uint)VelozPoolConfigFlags.FillFreed, "config->flags");
        return new PoolConfig
        {
            BlockSize = c.BlockSize,
            Alignment = c.Alignment,
            InitialBlocks = c.InitialBlocks,
            MaxBlocks = c.MaxBlocks,
            FillFreed = (c.Flags & (uint)VelozPoolConfigFlags.FillFreed) != 0,
            Name = Export.Utf8In(c.Name, Export.MaxNameBytes, "config->name"),
        };
    }

    /// <summary>The Core settings of an arena config; NULL means all defaults.</summary>
    public static unsafe ArenaConfig ArenaConfigIn(VelozArenaConfig* config)
    {
        VelozArenaConfig c = Export.ConfigIn(config);
        Export.KnownFlags(c.Flags, 0, "config->flags");
        return new ArenaConfig { ChunkSize = c.ChunkSize, Name = Export.Utf8In(c.Name, Export.MaxNameBytes, "config->name") };
    }

    /// <summary>Core's <see cref="PoolStatistics"/> as the C struct veloz_pool_stats.</summary>
    public static VelozPoolStats Stats(in PoolStatistics s) => new()
    {
        BlockSize = s.BlockSize,
        Alignment = s.Alignment,
        Stride = s.Stride,
        Chunks = s.Chunks,
        Capacity = s.Capacity,
        MaxBlocks = s.MaxBlocks,
        InUse = s.InUse,
        PeakInUse = s.PeakInUse,
        Rents = s.Rents,
        Returns = s.Returns,
        FailedRents = s.FailedRents,
        BadReturns = s.BadReturns,
        BytesReserved = s.BytesReserved,
    };

    /// <summary>Core's <see cref="ArenaStatistics"/> as the C struct veloz_arena_stats.</summary>
    public static VelozArenaStats Stats(in ArenaStatistics s) => new()
    {
        Chunks = s.Chunks,
        ChunkSize = s.ChunkSize,
        BytesReserved = s.BytesReserved,
        BytesAllocated = s.BytesAllocated,
        PeakBytesAllocated = s.PeakBytesAllocated,
        Allocations = s.Allocations,
        Resets = s.Resets,
    };
}
