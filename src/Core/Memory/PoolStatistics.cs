namespace VeloZ.Memory;

/// <summary>
/// The counters of a <see cref="FixedPool"/> or a <see cref="ConcurrentPool"/>. For a concurrent pool read while
/// other threads rent and return, each value is recent, not a consistent snapshot.
/// </summary>
public readonly record struct PoolStatistics
{
    /// <summary>The name the pool was created with.</summary>
    public string Name { get; init; }

    /// <summary>Bytes per block as configured.</summary>
    public int BlockSize { get; init; }

    /// <summary>Alignment of every block.</summary>
    public int Alignment { get; init; }

    /// <summary>Distance between consecutive blocks: BlockSize rounded up to Alignment, at least 8.</summary>
    public int Stride { get; init; }

    /// <summary>Blocks the pool holds now (free and rented).</summary>
    public long Capacity { get; init; }

    /// <summary>The MaxBlocks limit (0: none but 2^30).</summary>
    public long MaxBlocks { get; init; }

    /// <summary>Blocks rented and not yet returned.</summary>
    public long InUse { get; init; }

    /// <summary>Most blocks in use at once (exact for a FixedPool; for a ConcurrentPool sampled at every growth, exhaustion, statistics read and every 256th rent per counter stripe, so it may be below the true peak).</summary>
    public long PeakInUse { get; init; }

    /// <summary>Blocks rented since creation (a batch counts each block).</summary>
    public long Rents { get; init; }

    /// <summary>Blocks returned since creation.</summary>
    public long Returns { get; init; }

    /// <summary>Rents that failed because the pool was exhausted (a batch that stops short counts once).</summary>
    public long FailedRents { get; init; }

    /// <summary>Returns refused: foreign pointers, pointers inside a block, blocks not rented.</summary>
    public long BadReturns { get; init; }

    /// <summary>Chunks of native memory the blocks live in.</summary>
    public int Chunks { get; init; }

    /// <summary>Native bytes the chunks hold.</summary>
    public long BytesReserved { get; init; }
}
