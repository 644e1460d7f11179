using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VeloZ.Memory;

/// <summary>
/// One array of <typeparamref name="T"/> carved into blocks of 16 × 2^k elements by a buddy allocator: the backing
/// store of structures that keep many growable lists (the timer wheel's slots). Free and allocate are O(1) while a
/// block of the size asked for is free (a freed block waits in its size's free list, so a list that empties and
/// fills again costs a push and a pop). When no block of the size or larger is free, free buddies are merged first,
/// so capacity returned by small lists serves a larger one; only when that fails too does the array grow (doubling):
/// a workload that has reached its peak allocates nothing. A block is
/// addressed by its first element's index in <see cref="Items"/>, which stays valid when the array grows (read
/// <see cref="Items"/> again after any <see cref="Allocate"/>). Single owner thread.
/// </summary>
public sealed class BuddyStore<T> where T : struct
{
    /// <summary>Elements in the smallest block.</summary>
    public const int MinBlock = 16;

    private const int Shift = 4; // log2(MinBlock)

    private T[] _items;
    // Per unit of MinBlock elements: the class of the free block that starts there (-1: none), and its free-list links.
    private sbyte[] _freeClass;
    private int[] _next;
    private int[] _prev;
    private readonly int[] _heads = new int[32];
    private int _used;

    /// <summary>A store of at least <paramref name="capacity"/> elements (rounded up to a power of two, at least 16).</summary>
    public BuddyStore(int capacity)
    {
        int units = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (capacity + MinBlock - 1) >> Shift));
        _items = new T[units << Shift];
        _freeClass = new sbyte[units];
        _next = new int[units];
        _prev = new int[units];
        _freeClass.AsSpan().Fill(-1);
        _heads.AsSpan().Fill(-1);
        Push(0, BitOperations.Log2((uint)units));
    }

    /// <summary>The array the blocks live in; replaced (contents kept) when the store grows.</summary>
    public T[] Items
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _items;
    }

    /// <summary>Elements the store holds, in blocks and free.</summary>
    public int Capacity => _items.Length;

    /// <summary>Elements in allocated blocks.</summary>
    public int Used => _used;

    /// <summary>Elements in a block of class <paramref name="sizeClass"/>: 16 × 2^class.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SizeOf(int sizeClass) => MinBlock << sizeClass;

    /// <summary>The smallest class whose blocks hold <paramref name="length"/> elements.</summary>
    public static int ClassFor(int length) =>
        length <= MinBlock ? 0 : BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)length)) - Shift;

    /// <summary>Allocates a block of class <paramref name="sizeClass"/>; returns its first element's index in <see cref="Items"/>.</summary>
    public int Allocate(int sizeClass)
    {
        int unit = _heads[sizeClass];
        if (unit >= 0)
        {
            Unlink(unit, sizeClass);
            _used += SizeOf(sizeClass);
            return unit << Shift;
        }
        int found = FindFree(sizeClass);
        if (found < 0)
        {
            Coalesce();
            found = FindFree(sizeClass);
        }
        while (found < 0)
        {
            Grow();
            found = FindFree(sizeClass);
        }
        unit = _heads[found];
        Unlink(unit, found);
        // Split down to the class asked for: the upper halves stay free.
        while (found > sizeClass)
        {
            found--;
            Push(unit + (1 << found), found);
        }
        _used += SizeOf(sizeClass);
        return unit << Shift;
    }

    /// <summary>Frees the block at <paramref name="start"/> of class <paramref name="sizeClass"/> (the caller guarantees it is allocated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Free(int start, int sizeClass)
    {
        _used -= SizeOf(sizeClass);
        Push(start >> Shift, sizeClass);
    }

    private int FindFree(int sizeClass)
    {
        for (int c = sizeClass; c < _heads.Length; c++)
            if (_heads[c] >= 0) return c;
        return -1;
    }

    /// <summary>Merges every pair of free buddies, smallest class first, until no two free buddies are left.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Coalesce()
    {
        int units = _freeClass.Length;
        for (int c = 0; c < _heads.Length - 1; c++)
        {
            int unit = _heads[c];
            while (unit >= 0)
            {
                int next = _next[unit];
                int buddy = unit ^ (1 << c);
                if (buddy < units && _freeClass[buddy] == c)
                {
                    if (next == buddy) next = _next[buddy];
                    Unlink(unit, c);
                    Unlink(buddy, c);
                    Push(Math.Min(unit, buddy), c + 1);
                }
                unit = next;
            }
        }
    }

    private void Push(int unit, int sizeClass)
    {
        _freeClass[unit] = (sbyte)sizeClass;
        int head = _heads[sizeClass];
        _next[unit] = head;
        _prev[unit] = -1;
        if (head >= 0) _prev[head] = unit;
        _heads[sizeClass] = unit;
    }

    private void Unlink(int unit, int sizeClass)
    {
        _freeClass[unit] = -1;
        int next = _next[unit], prev = _prev[unit];
        if (prev >= 0) _next[prev] = next;
        else _heads[sizeClass] = next;
        if (next >= 0) _prev[next] = prev;
    }

    /// <summary>Doubles the store: the new upper half is one free block (the buddy of the whole old store).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        int units = _freeClass.Length;
        if (units >= (int.MaxValue >> Shift) / 2 + 1)
            throw new OutOfMemoryException($"a BuddyStore cannot grow past {units << Shift} elements");
        Array.Resize(ref _items, units << (Shift + 1));
        Array.Resize(ref _freeClass, units * 2);
        Array.Resize(ref _next, units * 2);
        Array.Resize(ref _prev, units * 2);
        _freeClass.AsSpan(units).Fill(-1);
        Push(units, BitOperations.Log2((uint)units));
    }
}
