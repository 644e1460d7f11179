using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VeloZ.Book;

/// <summary>
/// The price levels of one side of a <see cref="DepthBook"/>, kept sorted with the BEST level at the
/// END of the arrays, because L2 feeds change the top of the book far more often than the bottom:
/// changing, adding or removing the best level moves nothing, and a change k levels from the top
/// moves k entries.
/// </summary>
/// <remarks>
/// Both sides use one ordering by storing a key instead of the price: key = price XOR mask, with
/// mask 0 for bids and all ones for asks. XOR with all ones is bitwise NOT, a strictly decreasing
/// bijection on long (no overflow, unlike negation), so ascending keys are ascending bid prices and
/// descending ask prices: the best level is the largest key on either side.
/// The keys sit in their own array so the search touches 8 prices per cache line; the levels array
/// holds what queries and the snapshot copy out.
/// </remarks>
internal sealed class DepthBookSide
{
    // The top few levels take almost all updates: walk them from the best end, fall back to a
    // binary search below. 8 keys are one cache line.
    private const int LinearProbe = 8;

    // Moves of up to this many levels are done in a loop: for the few levels near the top that most
    // inserts and deletes move, a call to memmove costs more than the copy.
    private const int ShortMove = 16;

    private readonly long _mask;
    private long[] _keys;
    private Level[] _levels;
    private int _count;

    public DepthBookSide(Side side, int initialCapacity)
    {
        Debug.Assert(side is Side.Buy or Side.Sell);
        Debug.Assert(initialCapacity >= 1);
        _mask = side == Side.Buy ? 0L : -1L;
        _keys = new long[initialCapacity];
        _levels = new Level[initialCapacity];
    }

    /// <summary>Number of levels.</summary>
    public int Count => _count;

    /// <summary>Allocated level slots; grows by doubling and never shrinks.</summary>
    public int Capacity => _keys.Length;

    /// <summary>Level <paramref name="depth"/> from the top (0 = best). Caller guarantees depth &lt; Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Level LevelAt(int depth)
    {
        Debug.Assert((uint)depth < (uint)_count, $"depth {depth}, count {_count}");
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_levels), _count - 1 - depth);
    }

    /// <summary>The best level, by reference, for copying levels best first (depth d is Unsafe.Subtract(ref BestLevel, d)); caller guarantees Count &gt; 0.</summary>
    public ref Level BestLevel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Debug.Assert(_count > 0);
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_levels), _count - 1);
        }
    }

    /// <summary>Best price; caller guarantees Count &gt; 0.</summary>
    public long BestPrice
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => LevelAt(0).Price;
    }

    /// <summary>
    /// Sets the quantity at a price, 0 deleting the level. Returns the depth (0 = best) of the level
    /// changed, added or removed, or -1 for a delete of an unknown price. <paramref name="shifted"/>
    /// is true when levels at that depth and below moved (an add or a delete), false when only that
    /// one level changed.
    /// </summary>
    public int Set(long price, long quantity, int orderCount, out bool shifted)
    {
        Debug.Assert(quantity >= 0);
        long key = price ^ _mask;
        int count = _count;
        int index = LowerBound(key);
        ref long keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        ref Level levels = ref MemoryMarshal.GetArrayDataReference(_levels);

        if (index < count && Unsafe.Add(ref keys, index) == key)
        {
            int better = count - 1 - index;
            if (quantity != 0)
            {
                ref Level level = ref Unsafe.Add(ref levels, index);
                level.Quantity = quantity;
                level.OrderCount = orderCount;
                shifted = false;
                return better;
            }

            // Delete: close the gap by moving the better levels (those after it) down by one.
            if (better <= ShortMove)
            {
                for (int i = index; i < count - 1; i++)
                {
                    Unsafe.Add(ref keys, i) = Unsafe.Add(ref keys, i + 1);
                    Unsafe.Add(ref levels, i) = Unsafe.Add(ref levels, i + 1);
                }
            }
            else
            {
                _keys.AsSpan(index + 1, better).CopyTo(_keys.AsSpan(index));
                _levels.AsSpan(index + 1, better).CopyTo(_levels.AsSpan(index));
            }
            _count = count - 1;
            shifted = true;
            return better;
        }

        if (quantity == 0)
        {
            shifted = false;
            return -1;
        }

        if (count == _keys.Length)
        {
            Grow();
            keys = ref MemoryMarshal.GetArrayDataReference(_keys);
            levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        }

        // Insert: open a slot by moving the better levels up by one.
        int moved = count - index;
        if (moved <= ShortMove)
        {
            for (int i = count; i > index; i--)
            {
                Unsafe.Add(ref keys, i) = Unsafe.Add(ref keys, i - 1);
                Unsafe.Add(ref levels, i) = Unsafe.Add(ref levels, i - 1);
            }
        }
        else
        {
            _keys.AsSpan(index, moved).CopyTo(_keys.AsSpan(index + 1));
            _levels.AsSpan(index, moved).CopyTo(_levels.AsSpan(index + 1));
        }
        Unsafe.Add(ref keys, index) = key;
        Unsafe.Add(ref levels, index) = new Level(price, quantity, orderCount);
        _count = count + 1;
        shifted = true;
        return moved;
    }

    /// <summary>Replaces all levels with <paramref name="bestFirst"/>; caller has validated order and quantities.</summary>
    public void Load(ReadOnlySpan<Level> bestFirst)
    {
        int count = bestFirst.Length;
        if (count > _keys.Length)
        {
            int capacity = _keys.Length;
            while (capacity < count)
                capacity *= 2;
            _keys = new long[capacity];
            _levels = new Level[capacity];
        }
        else
        {
            _levels.AsSpan(count, _count > count ? _count - count : 0).Clear();
        }
        for (int i = 0; i < count; i++)
        {
            ref readonly Level source = ref bestFirst[i];
            int index = count - 1 - i;
            _keys[index] = source.Price ^ _mask;
            _levels[index] = new Level(source.Price, source.Quantity, source.OrderCount);
        }
        _count = count;
    }

    /// <summary>Copies up to destination.Length levels, best first; returns how many.</summary>
    public int CopyTo(Span<Level> destination)
    {
        int n = Math.Min(destination.Length, _count);
        for (int depth = 0; depth < n; depth++)
            destination[depth] = LevelAt(depth);
        return n;
    }

    /// <summary>True when the side is sorted (strictly ascending keys) and every key matches its level's price.</summary>
    public bool CheckInvariants()
    {
        for (int i = 0; i < _count; i++)
        {
            if (_keys[i] != (_levels[i].Price ^ _mask) || _levels[i].Quantity <= 0)
                return false;
            if (i > 0 && _keys[i - 1] >= _keys[i])
                return false;
        }
        return true;
    }

    /// <summary>First index whose key is &gt;= <paramref name="key"/> (Count when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LowerBound(long key)
    {
        ref long keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        int count = _count;
        int stop;
        if (Vector256.IsHardwareAccelerated && count >= LinearProbe)
        {
            // The top 8 keys in two vector compares: they are sorted, so the number that are >= key
            // is how far the bound is from the end. No loop, so no mispredicted loop exit.
            stop = count - LinearProbe;
            Vector256<long> probe = Vector256.Create(key);
            uint atOrAbove = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref keys, (nuint)stop), probe).ExtractMostSignificantBits()
                | Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref keys, (nuint)(stop + 4)), probe).ExtractMostSignificantBits() << 4;
            if (atOrAbove != 0xFF)
                return count - BitOperations.PopCount(atOrAbove);
        }
        else
        {
            int i = count;
            stop = count > LinearProbe ? count - LinearProbe : 0;
            while (i > stop && Unsafe.Add(ref keys, i - 1) >= key)
                i--;
            if (i > stop)
                return i;
        }
        if (stop == 0 || Unsafe.Add(ref keys, stop - 1) < key)
            return stop;

        // Deeper than the probe: keys[stop - 1] >= key, so the bound is in [0, stop - 1].
        int lo = 0, hi = stop - 1;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (Unsafe.Add(ref keys, mid) < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private void Grow()
    {
        // The only allocation a DepthBook makes after construction: when a side reaches a new
        // maximum number of levels. Doubling keeps it to log2(max levels) times per book.
        int capacity = _keys.Length * 2;
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _levels, capacity);
    }
}
