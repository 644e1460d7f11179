namespace VeloZ.Memory;

/// <summary>
/// Settings of an <see cref="Arena"/>; a setting left at 0 or null takes its default. The arena's constructor checks
/// them and throws <see cref="SettingOutOfRangeException"/> naming the first one out of range.
/// </summary>
public readonly record struct ArenaConfig
{
    /// <summary>Smallest chunk: 4 KiB.</summary>
    public const long MinChunkSize = 4096;

    /// <summary>Largest chunk: 1 GiB.</summary>
    public const long MaxChunkSize = 1L << 30;

    /// <summary>Chunk size when none is given: 64 KiB.</summary>
    public const long DefaultChunkSize = 64 * 1024;

    /// <summary>Largest single allocation: 1 GiB (one larger than a chunk gets a chunk of its own).</summary>
    public const long MaxAllocation = 1L << 30;

    /// <summary>Bytes per chunk, 4 KiB..1 GiB (0: 64 KiB). The first chunk is allocated at creation.</summary>
    public long ChunkSize { get; init; }

    /// <summary>The name under which <see cref="MemoryRegistry"/> lists the arena (null or empty: "arena"; at most 128 characters).</summary>
    public string? Name { get; init; }
}
