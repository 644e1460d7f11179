namespace VeloZ.Memory;

/// <summary>
/// Settings of a <see cref="FixedPool"/> or a <see cref="ConcurrentPool"/>. <see cref="BlockSize"/> has no default;
/// every other setting left at its default value (0, null, false) takes the default its documentation names. The
/// pool's constructor checks them and throws <see cref="SettingOutOfRangeException"/> naming the first one out of range.
/// </summary>
public readonly record struct PoolConfig
{
    /// <summary>Largest block: 1 MiB.</summary>
    public const int MaxBlockSize = 1 << 20;

    /// <summary>Largest alignment: 4096 (a page).</summary>
    public const int MaxAlignment = 4096;

    /// <summary>Alignment when none is given: 16 (malloc's).</summary>
    public const int DefaultAlignment = 16;

    /// <summary>Blocks preallocated when none is given: 1,024.</summary>
    public const int DefaultInitialBlocks = 1024;

    /// <summary>Most blocks a pool can hold: 2^30.</summary>
    public const int MaxBlocksLimit = 1 << 30;

    /// <summary>Byte written over every byte of a block when it is returned, with <see cref="FillFreed"/>.</summary>
    public const byte FreedFill = 0xDD;

    /// <summary>Bytes per block, 1..1 MiB (required). Blocks are laid out every <c>BlockSize</c> rounded up to <see cref="Alignment"/>.</summary>
    public int BlockSize { get; init; }

    /// <summary>Alignment of every block, a power of two 1..4096 (0: 16).</summary>
    public int Alignment { get; init; }

    /// <summary>Blocks allocated at creation, 1..2^24 (0: 1,024); the pool then grows by chunks that double its capacity.</summary>
    public int InitialBlocks { get; init; }

    /// <summary>Most blocks the pool may hold, InitialBlocks..2^30, or 0 for no limit but 2^30. A rent beyond it fails (exhausted).</summary>
    public int MaxBlocks { get; init; }

    /// <summary>Debug mode: every returned block is overwritten with <see cref="FreedFill"/> (0xDD), so a use after return reads garbage that a test sees.</summary>
    public bool FillFreed { get; init; }

    /// <summary>The name under which <see cref="MemoryRegistry"/> lists the pool (null or empty: "pool"; at most 128 characters).</summary>
    public string? Name { get; init; }

    /// <summary>A config for blocks of <paramref name="blockSize"/> bytes, every other setting its default.</summary>
    public PoolConfig(int blockSize) => BlockSize = blockSize;
}
