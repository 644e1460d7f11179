using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Memory;

/// <summary>The checks and messages the pools and the arena share.</summary>
internal static unsafe class MemoryChecks
{
    /// <summary>Throws unless a <typeparamref name="T"/> fits a block of <paramref name="blockSize"/> bytes aligned to <paramref name="alignment"/>.</summary>
    public static void Fits<T>(int blockSize, int alignment) where T : unmanaged
    {
        int size = sizeof(T);
        int needed = AlignmentOf<T>();
        if (size > blockSize || needed > alignment)
            throw new ArgumentException($"{typeof(T).Name} ({size} bytes, alignment {needed}) does not fit a block of {blockSize} bytes aligned to {alignment}");
    }

    /// <summary>The alignment the runtime gives <typeparamref name="T"/>: its size's largest power-of-two factor, at most 8 (16 for wider vectors is the caller's choice).</summary>
    public static int AlignmentOf<T>() where T : unmanaged
    {
        int size = sizeof(T);
        int alignment = size & -size;
        return Math.Min(alignment, 8);
    }

    /// <summary>The message of a refused return, in one place for every pool.</summary>
    public static string BadReturnMessage(PoolResult result, nint block, string name) => result switch
    {
        PoolResult.Foreign => block == 0
            ? $"block is NULL, not a block of pool '{name}'"
            : $"block 0x{block:X} is not in pool '{name}' (another pool's, or not a pool block at all)",
        PoolResult.NotBlockStart => $"block 0x{block:X} points inside a block of pool '{name}', not at its start",
        PoolResult.NotRented => $"block 0x{block:X} of pool '{name}' is not rented (returned twice?)",
        _ => $"block 0x{block:X}: {result}",
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBadReturn(PoolResult result, void* block, string name) =>
        throw new ArgumentException(BadReturnMessage(result, (nint)block, name), nameof(block));
}
