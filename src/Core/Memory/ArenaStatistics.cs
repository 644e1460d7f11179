namespace VeloZ.Memory;

/// <summary>The counters of an <see cref="Arena"/>.</summary>
public readonly record struct ArenaStatistics
{
    /// <summary>The name the arena was created with.</summary>
    public string Name { get; init; }

    /// <summary>Bytes per chunk as configured.</summary>
    public long ChunkSize { get; init; }

    /// <summary>Chunks the arena holds (including chunks of their own for allocations larger than a chunk).</summary>
    public int Chunks { get; init; }

    /// <summary>Native bytes the chunks hold; a reset keeps them.</summary>
    public long BytesReserved { get; init; }

    /// <summary>Bytes handed out since the last reset (the sizes asked for, without alignment padding).</summary>
    public long BytesAllocated { get; init; }

    /// <summary>The most bytes handed out between two resets.</summary>
    public long PeakBytesAllocated { get; init; }

    /// <summary>Allocations since creation (a batch counts each block).</summary>
    public long Allocations { get; init; }

    /// <summary>Resets since creation.</summary>
    public long Resets { get; init; }
}
