using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace VeloZ.Book;

/// <summary>
/// The levels of a <see cref="PriceLadder"/> beyond its window: a sorted map from key to level index
/// with O(log n) find, insert, remove and successor, the smallest key in O(1), and no allocation once
/// its arrays have grown to the most keys held at once.
/// </summary>
/// <remarks>
/// A chunked sorted array. Keys live in blocks of <see cref="BlockSize"/>, each sorted descending, taken
/// from a pool (struct-of-arrays: block b owns [b * BlockSize, (b + 1) * BlockSize) of the key and level
/// arrays, so a search reads keys only). A directory lists the blocks in key order with each block's
/// smallest key, so a lookup is a binary search of the directory and then of one block, and an insert
/// or remove moves at most one block's tail. A full block splits in two (unevenly for a key at its
/// front, or not at all when the block before has room for it); a block that empties leaves the
/// directory, and neighbours that hold little merge.
/// <para>Descending, like the flat array this replaced, so the smallest keys (the ones the window
/// admits and pushes back) sit at the end of the last block, where pop and push shift nothing.</para>
/// <para>Invariant: any two neighbouring blocks hold more than BlockSize / 2 keys together (a removal
/// merges them otherwise), so n keys use at most 4n / BlockSize + 2 blocks. The directory shift on a
/// split or merge is then at most about n / 16 entries of 12 bytes, and rare: a block splits or merges
/// again only after at least BlockSize / 4 of its own inserts or removes.</para>
/// </remarks>
internal sealed class FarLevels
{
    /// <summary>Keys per block: a block's keys are eight cache lines, its levels four.</summary>
    public const int BlockSize = 64;

    private const int BlockShift = 6;
    private const int MergeBelow = BlockSize / 2; // neighbours holding this many or fewer merge

    // The pool: block b's keys (descending) and their levels at [b << BlockShift, +_fill[b]).
    private long[] _keys;
    private int[] _levels;
    private int[] _fill;
    private int[] _free;        // stack of unused block ids
    private int _freeCount;

    // The directory, in key order (descending): block id and that block's smallest (last) key.
    private int[] _block;
    private long[] _low;
    private int _blocks;

    private int _count;

    /// <summary>Preallocates room for <paramref name="capacity"/> keys; grows by doubling beyond.</summary>
    public FarLevels(int capacity)
    {
        int blocks = Math.Max(2, (capacity + BlockSize - 1) / BlockSize);
        _keys = new long[blocks << BlockShift];
        _levels = new int[blocks << BlockShift];
        _fill = new int[blocks];
        _free = new int[blocks];
        _block = new int[blocks];
        _low = new long[blocks];
        ReleaseRange(0, blocks);
    }

    /// <summary>Number of keys held.</summary>
    public int Count => _count;

    /// <summary>Blocks in use (diagnostics and tests).</summary>
    public int BlockCount => _blocks;

    /// <summary>Blocks allocated, used or not (diagnostics and tests).</summary>
    public int BlockCapacity => _fill.Length;

    /// <summary>The smallest key; <see cref="Count"/> must be above 0.</summary>
    public long MinKey
    {
        get
        {
            Debug.Assert(_count > 0);
            return _low[_blocks - 1];
        }
    }

    /// <summary>Level index at <paramref name="key"/>, or 0.</summary>
    public int Find(long key)
    {
        int d = BlockFor(key);
        if (d == _blocks) return 0;
        int at = (_block[d] << BlockShift) + IndexIn(_block[d], key);
        return _keys[at] == key ? _levels[at] : 0;
    }

    /// <summary>Adds <paramref name="key"/>, which must not be present, with <paramref name="level"/> (not 0).</summary>
    public void Insert(long key, int level)
    {
        Debug.Assert(level != 0 && Find(key) == 0, $"far key already present: {key}");
        int d = BlockFor(key);
        if (d == _blocks)
        {
            // Smaller than every key (or the first one).
            PushMin(key, level);
            return;
        }

        int b = _block[d];
        int i = IndexIn(b, key);
        if (_fill[b] == BlockSize)
        {
            if (i == 0 && d > 0 && _fill[_block[d - 1]] < BlockSize)
            {
                // Larger than all of this block and smaller than all of the one before, which has room:
                // it ends that one, no split.
                d--;
                b = _block[d];
                i = _fill[b];
            }
            else
            {
                // A key at the front (a new largest key: a book filled from the top outwards) keeps only
                // a quarter of the block, so runs of them leave blocks three quarters full, not half.
                // Never a block of its own: adding and removing one key would then create and drop a
                // block, shifting the directory, every time.
                int keep = i == 0 ? BlockSize / 4 : BlockSize / 2;
                Split(d, keep);
                if (i > keep)
                {
                    d++;
                    b = _block[d];
                    i -= keep;
                }
            }
        }

        InsertAt(d, b, i, key, level);
    }

    /// <summary>Removes <paramref name="key"/>, which must be present.</summary>
    public void Remove(long key)
    {
        int d = BlockFor(key);
        Debug.Assert(d < _blocks, $"far key missing: {key}");
        int b = _block[d];
        int i = IndexIn(b, key);
        int start = b << BlockShift;
        Debug.Assert(_keys[start + i] == key, $"far key missing: {key}");
        int fill = --_fill[b];
        Array.Copy(_keys, start + i + 1, _keys, start + i, fill - i);
        Array.Copy(_levels, start + i + 1, _levels, start + i, fill - i);
        _count--;
        if (fill == 0)
        {
            RemoveDirectory(d);
            _free[_freeCount++] = b;
            // Its neighbours are now next to each other.
            if (d > 0 && d < _blocks) MergeIfSmall(d - 1);
            return;
        }

        if (i == fill) _low[d] = _keys[start + fill - 1];
        if (d + 1 < _blocks) MergeIfSmall(d);
        if (d > 0) MergeIfSmall(d - 1);
    }

    /// <summary>Removes the smallest key; <see cref="Count"/> must be above 0.</summary>
    /// <returns>Its level.</returns>
    public int PopMin(out long key)
    {
        Debug.Assert(_count > 0);
        int d = _blocks - 1;
        int b = _block[d];
        int at = (b << BlockShift) + --_fill[b];
        key = _keys[at];
        int level = _levels[at];
        _count--;
        if (_fill[b] == 0)
        {
            _blocks--;
            _free[_freeCount++] = b;
        }
        else
        {
            _low[d] = _keys[at - 1];
            if (d > 0) MergeIfSmall(d - 1);
        }

        return level;
    }

    /// <summary>Adds a key smaller than every key held (no search, no shift).</summary>
    public void PushMin(long key, int level)
    {
        Debug.Assert(level != 0 && (_count == 0 || key < MinKey), $"far key {key} is not below the smallest");
        int d = _blocks - 1;
        if (d < 0 || _fill[_block[d]] == BlockSize)
        {
            d++;
            InsertDirectory(d, TakeBlock(), key);
        }

        int b = _block[d];
        int at = (b << BlockShift) + _fill[b]++;
        _keys[at] = key;
        _levels[at] = level;
        _low[d] = key;
        _count++;
    }

    /// <summary>The level with the smallest key greater than <paramref name="afterKey"/>, or 0.</summary>
    public int Next(long afterKey, out long key)
    {
        // Every block before d holds only keys greater than afterKey; block d's first i keys are too.
        int d = BlockFor(afterKey);
        if (d < _blocks)
        {
            int b = _block[d];
            int i = IndexIn(b, afterKey);
            if (i > 0)
            {
                int at = (b << BlockShift) + i - 1;
                key = _keys[at];
                return _levels[at];
            }
        }

        if (d == 0)
        {
            key = 0;
            return 0;
        }

        int before = _block[d - 1];
        key = _low[d - 1];
        return _levels[(before << BlockShift) + _fill[before] - 1];
    }

    /// <summary>
    /// Multiplies every key by <paramref name="ratio"/> (above 0, so the order holds); the caller
    /// guarantees that no product overflows.
    /// </summary>
    public void Scale(long ratio)
    {
        Debug.Assert(ratio > 0);
        for (int d = 0; d < _blocks; d++)
        {
            int b = _block[d];
            Span<long> keys = _keys.AsSpan(b << BlockShift, _fill[b]);
            for (int i = 0; i < keys.Length; i++) keys[i] *= ratio;
            _low[d] *= ratio;
        }
    }

    /// <summary>Removes every key; keeps the arrays.</summary>
    public void Clear()
    {
        for (int d = 0; d < _blocks; d++)
        {
            _fill[_block[d]] = 0;
            _free[_freeCount++] = _block[d];
        }

        _blocks = 0;
        _count = 0;
    }

    /// <summary>
    /// Checks every invariant (order within and across blocks, directory keys, fills, the neighbour
    /// rule, the pool's bookkeeping) and throws naming the first broken one. For tests: O(n).
    /// </summary>
    internal void Validate()
    {
        int total = 0;
        var seen = new bool[_fill.Length];
        for (int d = 0; d < _blocks; d++)
        {
            int b = _block[d];
            int fill = _fill[b];
            int start = b << BlockShift;
            if (seen[b]) throw new InvalidOperationException($"block {b} listed twice");
            seen[b] = true;
            if (fill < 1 || fill > BlockSize) throw new InvalidOperationException($"block {b} at {d} holds {fill} keys");
            for (int i = 1; i < fill; i++)
            {
                if (_keys[start + i] >= _keys[start + i - 1])
                    throw new InvalidOperationException($"block {b} not descending at {i}: {_keys[start + i - 1]}, {_keys[start + i]}");
            }

            if (_low[d] != _keys[start + fill - 1]) throw new InvalidOperationException($"directory key {_low[d]} of block {b} is not its smallest {_keys[start + fill - 1]}");
            if (d > 0)
            {
                int before = _block[d - 1];
                if (_keys[start] >= _low[d - 1]) throw new InvalidOperationException($"block {b} starts at {_keys[start]}, not below the block before ({_low[d - 1]})");
                if (_fill[before] + fill <= MergeBelow) throw new InvalidOperationException($"neighbours {before} and {b} hold only {_fill[before] + fill} keys");
            }

            total += fill;
        }

        if (total != _count) throw new InvalidOperationException($"blocks hold {total} keys, count says {_count}");
        for (int f = 0; f < _freeCount; f++)
        {
            if (seen[_free[f]]) throw new InvalidOperationException($"block {_free[f]} both free and used");
            seen[_free[f]] = true;
        }

        if (_blocks + _freeCount != _fill.Length) throw new InvalidOperationException($"{_blocks} used + {_freeCount} free != {_fill.Length} blocks");
    }

    /// <summary>Directory position of the first block whose smallest key is at most <paramref name="key"/>, or the block count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BlockFor(long key) => FirstAtMost(_low, 0, _blocks, key);

    /// <summary>Index in block <paramref name="b"/> of its first key at most <paramref name="key"/>, or its fill.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexIn(int b, long key) => FirstAtMost(_keys, b << BlockShift, _fill[b], key);

    /// <summary>
    /// Index (from <paramref name="start"/>) of the first of <paramref name="count"/> descending keys at
    /// most <paramref name="key"/>, or <paramref name="count"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstAtMost(long[] keys, int start, int count, long key)
    {
        // Branch-free: which half holds the answer depends on the key, so a branch would mispredict half
        // the time; the step is a compare and an add instead. The answer stays in [first, first + count].
        int first = start;
        while (count > 1)
        {
            int half = count >> 1;
            first += half & -(keys[first + half - 1] > key ? 1 : 0);
            count -= half;
        }

        return first - start + (count == 1 && keys[first] > key ? 1 : 0);
    }

    /// <summary>Puts a key at index <paramref name="i"/> of block <paramref name="b"/> (directory position <paramref name="d"/>), which has room.</summary>
    private void InsertAt(int d, int b, int i, long key, int level)
    {
        int start = b << BlockShift;
        int fill = _fill[b]++;
        Debug.Assert(fill < BlockSize && i <= fill);
        Array.Copy(_keys, start + i, _keys, start + i + 1, fill - i);
        Array.Copy(_levels, start + i, _levels, start + i + 1, fill - i);
        _keys[start + i] = key;
        _levels[start + i] = level;
        if (i == fill) _low[d] = key;
        _count++;
    }

    /// <summary>
    /// Moves all but the first <paramref name="keep"/> keys of the full block at directory position
    /// <paramref name="d"/> to a new block after it.
    /// </summary>
    private void Split(int d, int keep)
    {
        int b = _block[d];
        Debug.Assert(_fill[b] == BlockSize && keep > 0 && keep < BlockSize);
        int c = TakeBlock();
        Array.Copy(_keys, (b << BlockShift) + keep, _keys, c << BlockShift, BlockSize - keep);
        Array.Copy(_levels, (b << BlockShift) + keep, _levels, c << BlockShift, BlockSize - keep);
        _fill[b] = keep;
        _fill[c] = BlockSize - keep;
        InsertDirectory(d + 1, c, _low[d]);
        _low[d] = _keys[(b << BlockShift) + keep - 1];
    }

    /// <summary>Merges the block after directory position <paramref name="d"/> into it when the two hold few keys.</summary>
    private void MergeIfSmall(int d)
    {
        int b = _block[d], c = _block[d + 1];
        int fill = _fill[b], moved = _fill[c];
        if (fill + moved > MergeBelow) return;
        Array.Copy(_keys, c << BlockShift, _keys, (b << BlockShift) + fill, moved);
        Array.Copy(_levels, c << BlockShift, _levels, (b << BlockShift) + fill, moved);
        _fill[b] = fill + moved;
        _fill[c] = 0;
        _low[d] = _low[d + 1];
        RemoveDirectory(d + 1);
        _free[_freeCount++] = c;
    }

    private void InsertDirectory(int d, int b, long low)
    {
        Array.Copy(_block, d, _block, d + 1, _blocks - d);
        Array.Copy(_low, d, _low, d + 1, _blocks - d);
        _block[d] = b;
        _low[d] = low;
        _blocks++;
    }

    private void RemoveDirectory(int d)
    {
        _blocks--;
        Array.Copy(_block, d + 1, _block, d, _blocks - d);
        Array.Copy(_low, d + 1, _low, d, _blocks - d);
    }

    /// <summary>An empty block from the pool, doubling the pool when none is left.</summary>
    private int TakeBlock()
    {
        if (_freeCount == 0) Grow();
        int b = _free[--_freeCount];
        Debug.Assert(_fill[b] == 0);
        return b;
    }

    private void Grow()
    {
        int old = _fill.Length;
        int blocks = old * 2;
        Array.Resize(ref _keys, blocks << BlockShift);
        Array.Resize(ref _levels, blocks << BlockShift);
        Array.Resize(ref _fill, blocks);
        Array.Resize(ref _free, blocks);
        Array.Resize(ref _block, blocks);
        Array.Resize(ref _low, blocks);
        ReleaseRange(old, blocks);
    }

    /// <summary>Puts blocks [from, to) on the free stack, lowest id on top.</summary>
    private void ReleaseRange(int from, int to)
    {
        for (int b = to - 1; b >= from; b--) _free[_freeCount++] = b;
    }
}
