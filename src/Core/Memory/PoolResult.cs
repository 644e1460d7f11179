namespace VeloZ.Memory;

/// <summary>The outcome of a pool's rent or return.</summary>
public enum PoolResult : byte
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>Rent: no free block, and the pool holds MaxBlocks already (or could not get memory to grow).</summary>
    Exhausted = 1,

    /// <summary>Return: the pointer is not inside any block of this pool (another pool's, malloc's, NULL, garbage).</summary>
    Foreign = 2,

    /// <summary>Return: the pointer is inside one of this pool's blocks but not at its start.</summary>
    NotBlockStart = 3,

    /// <summary>Return: the block is not rented (returned twice, or never rented).</summary>
    NotRented = 4,
}

/// <summary>Readable verdicts of <see cref="PoolResult"/>.</summary>
public static class PoolResultExtensions
{
    /// <summary>The message for a refused return of <paramref name="block"/> to the pool named <paramref name="poolName"/>, the same text the pools' exceptions carry.</summary>
    public static string Describe(this PoolResult result, nint block, string poolName) =>
        MemoryChecks.BadReturnMessage(result, block, poolName);
}
