using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Memory;

/// <summary>
/// A pool of <typeparamref name="T"/> entries addressed by index, with a generation per entry so that a 64-bit id
/// handed out for an entry stops resolving once the entry is returned: the node store of the timer wheel and the
/// event loop, whose callers cancel by id. Rent and return are O(1) (a LIFO free list, so a returned entry is
/// reused first while it is warm); the entries live in one array that doubles when full, up to a limit, so steady
/// state allocates nothing. Single owner thread.
/// </summary>
/// <remarks>
/// An entry's generation and free-list link sit beside its item in one array (not in arrays of their own), so that
/// resolving an id and touching the item it names is one cache line: with a million live entries that is one miss
/// to memory, not two.
/// </remarks>
/// <remarks>
/// An id is <c>(generation &lt;&lt; 32) | (index + 1)</c>: never 0. A generation is odd while its entry is rented
/// and even while it is free, and advances on every rent and return, so an id of a returned entry, a forged id and 0
/// all fail <see cref="TryResolve"/>. A generation wraps after 2^31 reuses of one entry; an id kept that long could
/// then resolve again.
/// </remarks>
public sealed class Slab<T> where T : unmanaged
{
    /// <summary>Most entries a slab can hold: 2^28.</summary>
    public const int MaxCapacityLimit = 1 << 28;

    private struct Cell
    {
        public T Item;
        public uint Generation;
        public int NextFree;
    }

    private Cell[] _cells;
    private int _freeHead = -1;
    private int _used;          // entries [0, _used) have been rented at least once
    private int _count;
    private readonly int _maxCapacity;

    /// <summary>Creates a slab of <paramref name="initialCapacity"/> entries (1..2^28) that may grow to <paramref name="maxCapacity"/> (0: 2^28).</summary>
    public Slab(int initialCapacity, int maxCapacity = 0)
    {
        if (maxCapacity == 0) maxCapacity = MaxCapacityLimit;
        if ((uint)(initialCapacity - 1) >= MaxCapacityLimit)
            throw new ArgumentOutOfRangeException(nameof(initialCapacity), initialCapacity, $"must be 1..{MaxCapacityLimit}");
        if (maxCapacity < initialCapacity || maxCapacity > MaxCapacityLimit)
            throw new ArgumentOutOfRangeException(nameof(maxCapacity), maxCapacity, $"must be {initialCapacity}..{MaxCapacityLimit} or 0");
        _cells = new Cell[initialCapacity];
        _maxCapacity = maxCapacity;
    }

    /// <summary>Entries the slab holds now, free and rented.</summary>
    public int Capacity => _cells.Length;

    /// <summary>The most entries the slab may grow to.</summary>
    public int MaxCapacity => _maxCapacity;

    /// <summary>Entries rented now.</summary>
    public int Count => _count;

    /// <summary>The entry at <paramref name="index"/>, rented or not (the caller keeps to rented ones).</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _cells[index].Item;
    }

    /// <summary>Rents an entry (its contents are what the last user left); false when <see cref="MaxCapacity"/> are rented.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRent(out int index)
    {
        int i = _freeHead;
        if (i >= 0)
            _freeHead = _cells[i].NextFree;
        else if (_used < _cells.Length || Grow())
            i = _used++;
        else
        {
            index = -1;
            return false;
        }
        _cells[i].Generation++;
        _count++;
        index = i;
        return true;
    }

    /// <summary>Returns a rented entry: ids of it stop resolving. The caller guarantees the entry is rented.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Return(int index)
    {
        ref Cell cell = ref _cells[index];
        cell.Generation++;
        cell.NextFree = _freeHead;
        _freeHead = index;
        _count--;
    }

    /// <summary>True when the entry at <paramref name="index"/> is rented.</summary>
    public bool IsRented(int index) => (uint)index < (uint)_used && (_cells[index].Generation & 1) != 0;

    /// <summary>The id of the rented entry at <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong IdOf(int index) => ((ulong)_cells[index].Generation << 32) | (uint)(index + 1);

    /// <summary>The index of the rented entry <paramref name="id"/> names; false for 0, a forged id or an id whose entry was returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryResolve(ulong id, out int index)
    {
        index = (int)(uint)id - 1;
        return (uint)index < (uint)_used && _cells[index].Generation == (uint)(id >> 32) && (id & (1UL << 32)) != 0;
    }

    /// <summary>Returns every entry: all ids stop resolving, capacity is kept.</summary>
    public void Clear()
    {
        for (int i = 0; i < _used; i++)
            if ((_cells[i].Generation & 1) != 0) Return(i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Grow()
    {
        int capacity = _cells.Length;
        if (capacity >= _maxCapacity) return false;
        int bigger = (int)Math.Min((long)capacity * 2, _maxCapacity);
        Array.Resize(ref _cells, bigger);
        return true;
    }
}
