using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace VeloZ.Book;

/// <summary>
/// Open-addressing hash table from a non-zero order id to its slot in the book's order array, with
/// linear probing and backward-shift deletion (no tombstones, so probe lengths do not decay under
/// churn). Capacity is a power of two kept at most half full; it doubles, allocating only then.
/// </summary>
/// <remarks>
/// An entry is 8 bytes: the order's slot and a 32-bit tag, the top half of the id's Fibonacci hash.
/// The id itself lives in the order (a hit reads the order next anyway), so the table is half the
/// size of a key/value table and more of it stays in cache. Because the home position is the top
/// bits of the same hash, it can be recomputed from the tag alone, which is all that deletion and
/// growth need.
/// </remarks>
internal sealed class OrderIdIndex
{
    private struct Entry
    {
        public uint Tag;
        public int Slot;  // 0 = empty (slot 0 of the order array is the null slot)
    }

    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private Entry[] _entries;
    private int _mask;
    private int _tagShift; // home = tag >> _tagShift
    private int _count;

    public OrderIdIndex(int expectedCount)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expectedCount * 2));
        _entries = new Entry[capacity];
        Pages.Touch(_entries);
        _mask = capacity - 1;
        _tagShift = 32 - BitOperations.Log2((uint)capacity);
    }

    public int Count => _count;

    public int Capacity => _entries.Length;

    // Fibonacci hashing: the multiply spreads sequential ids (what venues issue) over the table,
    // and its top bits are the best mixed.
    private static uint TagOf(long key) => (uint)(((ulong)key * Fibonacci) >> 32);

    /// <summary>Slot of the order with id <paramref name="key"/>, or 0 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key, OrderNode[] orders) => Find(key, orders, out _);

    /// <summary>
    /// Slot of the order with id <paramref name="key"/> (0 when absent), and where its probe ended: its
    /// entry when present, else the empty entry an <see cref="AddAt"/> of it would fill. The position is
    /// valid until the table next changes, so an add or remove right after a lookup probes only once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key, OrderNode[] orders, out int position)
    {
        Debug.Assert(key != 0);
        Entry[] entries = _entries;
        int mask = _mask;
        uint tag = TagOf(key);
        int i = (int)(tag >> _tagShift);
        while (true)
        {
            Entry e = entries[i];
            if (e.Slot == 0 || (e.Tag == tag && orders[e.Slot].Id == key))
            {
                position = i;
                return e.Slot;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Hints the CPU to start loading the table line where <paramref name="key"/>'s probe starts, so a
    /// later <see cref="Find(long, OrderNode[])"/> of it does not stall on the (random, usually not cached) access. Ids are
    /// hashed across the whole table, so without this nearly every lookup waits for L2 or beyond.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(long key)
    {
        if (!Sse.IsSupported) return;
        Entry[] entries = _entries;
        int i = (int)(TagOf(key) >> _tagShift);
        // A hint only: it never faults, and an address made stale by the GC moving the array costs nothing.
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), i)));
    }

    /// <summary>Adds an id that is not present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long key, int slot)
    {
        Debug.Assert(key != 0 && slot != 0);
        if (_count >= (_entries.Length >> 1)) Grow();
        Insert(_entries, TagOf(key), slot);
        _count++;
    }

    /// <summary>
    /// Adds an absent id at the <paramref name="position"/> a <see cref="Find(long, OrderNode[], out int)"/>
    /// of it just returned, with no change to the table since.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddAt(int position, long key, int slot)
    {
        Debug.Assert(key != 0 && slot != 0 && _entries[position].Slot == 0);
        if (_count >= (_entries.Length >> 1))
        {
            // Add grows the table first, which moves every entry: the position is stale.
            Add(key, slot);
            return;
        }

        ref Entry e = ref _entries[position];
        e.Tag = TagOf(key);
        e.Slot = slot;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Insert(Entry[] entries, uint tag, int slot)
    {
        int mask = entries.Length - 1;
        int i = (int)(tag >> _tagShift);
        while (entries[i].Slot != 0) i = (i + 1) & mask;
        entries[i].Tag = tag;
        entries[i].Slot = slot;
    }

    /// <summary>Removes the entry of id <paramref name="key"/> at order slot <paramref name="slot"/>; false when absent.</summary>
    public bool Remove(long key, int slot)
    {
        Entry[] entries = _entries;
        int mask = _mask;
        uint tag = TagOf(key);
        int i = (int)(tag >> _tagShift);
        while (true)
        {
            int s = entries[i].Slot;
            if (s == slot) break;
            if (s == 0) return false;
            i = (i + 1) & mask;
        }

        RemoveAt(i);
        return true;
    }

    /// <summary>
    /// Removes the entry at <paramref name="position"/>, where a <see cref="Find(long, OrderNode[], out int)"/>
    /// just found it, with no change to the table since.
    /// </summary>
    public void RemoveAt(int position)
    {
        Entry[] entries = _entries;
        int mask = _mask;
        Debug.Assert(entries[position].Slot != 0);

        // Backward shift: pull later entries of the probe run into the hole when their home
        // position does not lie cyclically in (hole, j], so every id stays reachable from its home.
        int hole = position;
        int j = position;
        while (true)
        {
            j = (j + 1) & mask;
            Entry e = entries[j];
            if (e.Slot == 0) break;
            int home = (int)(e.Tag >> _tagShift);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                entries[hole] = e;
                hole = j;
            }
        }

        entries[hole] = default;
        _count--;
    }

    public void Clear()
    {
        Array.Clear(_entries);
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Entry[] old = _entries;
        var bigger = new Entry[old.Length * 2];
        _mask = bigger.Length - 1;
        _tagShift--;
        foreach (Entry e in old)
        {
            if (e.Slot != 0) Insert(bigger, e.Tag, e.Slot);
        }

        _entries = bigger;
    }
}
