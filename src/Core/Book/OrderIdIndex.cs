using System;
using System.Diagnostics;
using System.Numerics;

namespace VeloZ.Book;

/// <summary>
/// Open-addressing hash table from a non-zero order id to an order slot index, with linear probing
/// and backward-shift deletion (no tombstones, so probe lengths do not decay under churn).
/// Capacity is a power of two kept at most half full; it doubles, allocating only then.
/// </summary>
internal sealed class OrderIdIndex
{
    // Key and value side by side: one cache line serves a probe of four entries.
    private struct Entry
    {
        public long Key;   // 0 = empty (ids are non-zero)
        public int Value;
    }

    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private Entry[] _entries;
    private int _mask;
    private int _shift;
    private int _count;

    public OrderIdIndex(int expectedCount)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expectedCount * 2));
        _entries = new Entry[capacity];
        _mask = capacity - 1;
        _shift = 64 - BitOperations.Log2((uint)capacity);
    }

    public int Count => _count;

    public int Capacity => _entries.Length;

    // Fibonacci hashing: the multiply spreads sequential ids (what venues issue) over the table,
    // and the top bits are the best mixed.
    private int Home(long key) => (int)(((ulong)key * Fibonacci) >> _shift);

    /// <summary>Slot index of <paramref name="key"/>, or 0 when absent.</summary>
    public int Find(long key)
    {
        Debug.Assert(key != 0);
        Entry[] entries = _entries;
        int mask = _mask;
        int i = Home(key);
        while (true)
        {
            ref Entry e = ref entries[i];
            if (e.Key == key) return e.Value;
            if (e.Key == 0) return 0;
            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds a key that is not present.</summary>
    public void Add(long key, int value)
    {
        Debug.Assert(key != 0 && value != 0);
        Debug.Assert(Find(key) == 0, "duplicate key", "key {0}", key);
        if (_count >= (_entries.Length >> 1)) Grow();
        Insert(_entries, key, value);
        _count++;
    }

    private void Insert(Entry[] entries, long key, int value)
    {
        int mask = entries.Length - 1;
        int i = Home(key);
        while (entries[i].Key != 0) i = (i + 1) & mask;
        entries[i].Key = key;
        entries[i].Value = value;
    }

    /// <summary>Removes <paramref name="key"/>; returns false when absent.</summary>
    public bool Remove(long key)
    {
        Entry[] entries = _entries;
        int mask = _mask;
        int i = Home(key);
        while (true)
        {
            long k = entries[i].Key;
            if (k == key) break;
            if (k == 0) return false;
            i = (i + 1) & mask;
        }

        // Backward shift: pull later entries of the probe run into the hole when their home
        // position does not lie cyclically in (hole, j], so every key stays reachable from its home.
        int hole = i;
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            long k = entries[j].Key;
            if (k == 0) break;
            int home = Home(k);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                entries[hole] = entries[j];
                hole = j;
            }
        }

        entries[hole] = default;
        _count--;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_entries);
        _count = 0;
    }

    private void Grow()
    {
        Entry[] old = _entries;
        var bigger = new Entry[old.Length * 2];
        _mask = bigger.Length - 1;
        _shift--;
        foreach (Entry e in old)
        {
            if (e.Key != 0) Insert(bigger, e.Key, e.Value);
        }

        _entries = bigger;
    }
}
