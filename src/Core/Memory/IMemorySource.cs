namespace VeloZ.Memory;

/// <summary>A pool or an arena that <see cref="MemoryRegistry"/> lists: its name, its kind and its statistics.</summary>
public interface IMemorySource
{
    /// <summary>The caller-given name (a default when none was given).</summary>
    string Name { get; }

    /// <summary>"fixed_pool", "concurrent_pool" or "arena".</summary>
    string Kind { get; }

    /// <summary>Fills <paramref name="info"/>'s statistics: <see cref="MemorySourceInfo.Pool"/> for a pool, <see cref="MemorySourceInfo.Arena"/> for an arena.</summary>
    void Describe(ref MemorySourceInfo info);
}

/// <summary>One line of the memory registry: a live pool or arena and its statistics.</summary>
public struct MemorySourceInfo
{
    /// <summary>The source's name.</summary>
    public string Name { get; set; }

    /// <summary>"fixed_pool", "concurrent_pool" or "arena".</summary>
    public string Kind { get; set; }

    /// <summary>A pool's statistics (default for an arena).</summary>
    public PoolStatistics Pool { get; set; }

    /// <summary>An arena's statistics (default for a pool).</summary>
    public ArenaStatistics Arena { get; set; }

    /// <summary>Whether this line is an arena.</summary>
    public readonly bool IsArena => Kind == "arena";

    /// <summary>Native bytes the source holds.</summary>
    public readonly long BytesReserved => IsArena ? Arena.BytesReserved : Pool.BytesReserved;

    /// <summary>Chunks of native memory the source holds.</summary>
    public readonly int Chunks => IsArena ? Arena.Chunks : Pool.Chunks;
}
