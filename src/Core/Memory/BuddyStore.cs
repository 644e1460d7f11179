using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VeloZ.Memory;

/// <summary>
/// One array of <typeparamref name="T"/> carved into blocks of 16 × 2^k elements by a buddy allocator: the backing
/// store of structures that keep many growable lists (the timer wheel's slots). A freed block merges with its free
/// buddy, so capacity returned by one list serves a larger list later, and the array grows (doubling) only when the
/// elements held in blocks at once outgrow it: a workload that has reached its peak allocates nothing. A block is
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
        int found = sizeClass;
        while (found < _heads.Length && _heads[found] < 0) found++;
        while (found == _heads.Length || _heads[found] < 0)
        {
            Grow();
            found = sizeClass;
            while (found < _heads.Length && _heads[found] < 0) found++;
        }
        int unit = _heads[found];
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
    public void Free(int start, int sizeClass)
    {
        _used -= SizeOf(sizeClass);
        int unit = start >> Shift;
        int units = _freeClass.Length;
        while (true)
        {
            int buddy = unit ^ (1 << sizeClass);
            if (buddy >= units || _freeClass[buddy] != sizeClass) break;
            Unlink(buddy, sizeClass);
            unit = Math.Min(unit, buddy);
            sizeClass++;
        }
        Push(unit, sizeClass);
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
        Free(units << Shift, BitOperations.Log2((uint)units));
        _used += units << Shift; // Free counted the new half as returned
    }
}
