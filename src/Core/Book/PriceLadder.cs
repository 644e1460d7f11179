using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VeloZ.Book;

/// <summary>
/// The price levels of one book side, keyed so that the best level has the smallest key
/// (asks: key = price; bids: key = -price). Maps a key to its level index and keeps the best.
/// </summary>
/// <remarks>
/// Nearly all activity happens within a few ticks of the top, so the keys [Base, Base + W) live in a
/// direct-indexed ring of W slots with an occupancy bitmap: lookup is one array read, and the next
/// level after the best is a trailing-zero count instead of a scan. Keys beyond the window (deep in
/// the book) live in a <see cref="FarLevels"/>, a sorted map with O(log n) find, insert and remove
/// (a wide book of fine ticks holds tens of thousands of them) and its smallest key at hand.
/// Invariants: no level has a key below Base, every far key is at least Base + W, and while the side
/// is not empty the best key is inside the window. The window follows the top: a better price below
/// Base moves it down (evicting its deepest slots to the far store), and a best that drifts past the
/// middle moves it up (admitting far keys), each leaving W/4 of room in front of the best.
/// <para>Venues quote on a grid coarser than the caller's unit (LOBSTER: 100 units per cent), so the
/// ladder learns the grid: every key it has held is a multiple of a step g (the gcd of those keys), and
/// the window and far store hold key / g. A W-slot window then spans W grid prices instead of W/g, which
/// keeps the deep levels out of the slower far store. Dividing is one shift and one multiply (exact
/// division by the odd part's inverse mod 2^64); a key off the grid shrinks g and rescales (at most 63
/// times per ladder, since g at least halves each time).</para>
/// </remarks>
internal sealed class PriceLadder
{
    private readonly int _window;      // W, a power of two, multiple of 64
    private readonly int _mask;
    private readonly int _lead;        // W/4: room kept in front of the best after a move
    private readonly int[] _slots;     // ring slot (key & mask) -> level index, 0 = empty
    private readonly ulong[] _occupied; // bit per ring slot
    private long _base;                 // smallest key the window covers

    private readonly FarLevels _far; // keys >= Base + W

    private int _count;
    private long _bestKey;     // scaled
    private int _bestLevel;

    // The grid: every key held is a multiple of _step; internal keys are key / _step.
    // _step = odd << _stepShift, _stepInverse * odd == 1 (mod 2^64), _maxQuotient = long.MaxValue / _step.
    private long _step = 1;
    private bool _stepSeen;
    private int _stepShift;
    private ulong _stepInverse = 1;
    private long _maxQuotient = long.MaxValue;

    public PriceLadder(int windowTicks, int farCapacity)
    {
        Debug.Assert(BitOperations.IsPow2(windowTicks) && windowTicks >= 64);
        _window = windowTicks;
        _mask = windowTicks - 1;
        _lead = windowTicks / 4;
        _slots = new int[windowTicks];
        _occupied = new ulong[windowTicks / 64];
        _far = new FarLevels(farCapacity);
    }

    /// <summary>Number of levels.</summary>
    public int Count => _count;

    /// <summary>Key of the best level; meaningful only when <see cref="Count"/> &gt; 0.</summary>
    public long BestKey => _bestKey * _step;

    /// <summary>Index of the best level, 0 when empty.</summary>
    public int BestLevel => _bestLevel;

    /// <summary>Levels kept in the far store, beyond the window (diagnostics and tests).</summary>
    public int FarCount => _far.Count;

    /// <summary>Smallest key of the window (diagnostics and tests).</summary>
    public long WindowBase => _base * _step;

    /// <summary>The grid step learnt so far: every key held is a multiple of it (diagnostics and tests).</summary>
    public long Step => _step;

    /// <summary>Level index at <paramref name="rawKey"/>, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long rawKey)
    {
        if (!TryScale(rawKey, out long key)) return 0;
        if ((ulong)(key - _base) < (ulong)_window) return _slots[(int)key & _mask];
        return _far.Count == 0 ? 0 : _far.Find(key);
    }

    /// <summary>Adds a level at a key that has none.</summary>
    public void Insert(long rawKey, int level)
    {
        Debug.Assert(level != 0 && Find(rawKey) == 0, $"level already present: key {rawKey}");
        if (!TryScale(rawKey, out long key) || !_stepSeen)
        {
            Rescale(rawKey);
            bool onGrid = TryScale(rawKey, out key);
            Debug.Assert(onGrid);
        }

        if (_count == 0)
        {
            Debug.Assert(_far.Count == 0);
            _base = key - _lead;
            Place(key, level);
            _bestKey = key;
            _bestLevel = level;
            _count = 1;
            return;
        }

        // key < Base, not key - Base < 0: a side's keys (prices within +-2^62) can be further apart than a long holds.
        if (key < _base)
        {
            // Better than everything (nothing lies below Base): move the window down to it.
            MoveDown(key - _lead);
            Place(key, level);
        }
        else if ((ulong)(key - _base) < (ulong)_window)
        {
            Place(key, level);
        }
        else
        {
            _far.Insert(key, level);
        }

        if (key < _bestKey)
        {
            _bestKey = key;
            _bestLevel = level;
        }

        _count++;
    }

    /// <summary>Removes the level at <paramref name="rawKey"/>, which must be present.</summary>
    public void Remove(long rawKey)
    {
        bool onGrid = TryScale(rawKey, out long key);
        Debug.Assert(onGrid, $"no level to remove: key {rawKey} is off the grid {_step}");
        if ((ulong)(key - _base) < (ulong)_window)
        {
            int slot = (int)key & _mask;
            Debug.Assert(_slots[slot] != 0, $"no level to remove: key {key}");
            Vacate(slot);
        }
        else
        {
            _far.Remove(key);
        }

        _count--;
        if (key != _bestKey) return;
        if (_count == 0)
        {
            _bestLevel = 0;
            return;
        }

        long next = NextInWindow(key + 1);
        if (next != long.MaxValue)
        {
            _bestKey = next;
            _bestLevel = _slots[(int)next & _mask];
        }
        else
        {
            _bestKey = _far.MinKey;
        }

        // Keep the best inside the window with room ahead of it for better prices.
        if (_bestKey - _base > (_window >> 1)) MoveUp(_bestKey - _lead);
        _bestLevel = _slots[(int)_bestKey & _mask];
        Debug.Assert(_bestLevel != 0);
    }

    /// <summary>
    /// The level with the smallest key greater than <paramref name="rawAfterKey"/>, or 0 (iteration from
    /// the best towards the back of the book: start from <c>BestKey</c>).
    /// </summary>
    public int Next(long rawAfterKey, out long key)
    {
        // Off the grid, the last grid key below it has the same successors.
        if (!TryScale(rawAfterKey, out long afterKey)) afterKey = FloorDiv(rawAfterKey, _step);
        long from = Math.Max(afterKey + 1, _base);
        if (from - _base < _window)
        {
            long k = NextInWindow(from);
            if (k != long.MaxValue)
            {
                key = k * _step;
                return _slots[(int)k & _mask];
            }
        }

        int level = _far.Next(afterKey, out long farKey);
        key = level == 0 ? 0 : farKey * _step;
        return level;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        Array.Clear(_occupied);
        _far.Clear();
        _count = 0;
        _bestLevel = 0;
        _bestKey = 0;
        _base = 0;
    }

    /// <summary>key / step when key is on the grid (a multiple of the step), else false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryScale(long rawKey, out long key)
    {
        if (_step == 1)
        {
            key = rawKey;
            return true;
        }

        // rawKey = q * step exactly iff its low _stepShift bits are zero and (rawKey >> shift) * inverse,
        // taken mod 2^64, is a quotient whose product with the step does not overflow.
        long q = (long)((ulong)(rawKey >> _stepShift) * _stepInverse);
        key = q;
        return (rawKey & ((1L << _stepShift) - 1)) == 0 && (ulong)(q + _maxQuotient) <= (ulong)(2 * _maxQuotient);
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    /// <summary>
    /// Shrinks the step to the gcd of the current one and <paramref name="rawKey"/> (the first key sets
    /// it), and re-files every level: all go to the far store (scaled by old/new step), then the window
    /// is rebuilt around the best.
    /// </summary>
    private void Rescale(long rawKey)
    {
        long magnitude = Math.Abs(rawKey);
        long step = _stepSeen ? Gcd(_step, magnitude) : magnitude;
        _stepSeen = true;
        if (step == 0) step = 1;
        Debug.Assert(step <= _step || _count == 0);
        if (_count > 0)
        {
            long ratio = _step / step;
            // The window's keys are all below the far store's: from the largest down, each is its new smallest.
            EvictFrom(_base);
            _far.Scale(ratio);
            _bestKey *= ratio;
            SetStep(step);
            _base = _bestKey - _lead;
            AdmitFar();
        }
        else
        {
            SetStep(step);
        }
    }

    private void SetStep(long step)
    {
        Debug.Assert(step >= 1);
        _step = step;
        _stepShift = BitOperations.TrailingZeroCount(step);
        ulong odd = (ulong)step >> _stepShift;
        // Newton's iteration for the inverse mod 2^64: odd is its own inverse mod 8, and each step
        // doubles the correct low bits (3, 6, 12, 24, 48, 96).
        ulong inverse = odd;
        for (int i = 0; i < 5; i++) inverse *= 2 - odd * inverse;
        Debug.Assert(odd * inverse == 1);
        _stepInverse = inverse;
        _maxQuotient = long.MaxValue / step;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private void Place(long key, int level)
    {
        int slot = (int)key & _mask;
        _slots[slot] = level;
        _occupied[slot >> 6] |= 1UL << slot;
    }

    private void Vacate(int slot)
    {
        _slots[slot] = 0;
        _occupied[slot >> 6] &= ~(1UL << slot);
    }

    /// <summary>Smallest occupied key in [from, Base + W), or long.MaxValue.</summary>
    private long NextInWindow(long from)
    {
        long end = _base + _window;
        long key = from;
        while (key < end)
        {
            int slot = (int)key & _mask;
            // W is a multiple of 64, so a bitmap word never wraps around the ring: its bits above
            // this slot are the next keys in order.
            ulong bits = _occupied[slot >> 6] >> slot;
            if (bits != 0)
            {
                long found = key + BitOperations.TrailingZeroCount(bits);
                return found < end ? found : long.MaxValue;
            }

            key += 64 - (slot & 63);
        }

        return long.MaxValue;
    }

    /// <summary>Largest occupied key in [floor, from] (both within the window), or long.MinValue.</summary>
    private long PrevInWindow(long from, long floor)
    {
        long key = from;
        while (key >= floor)
        {
            int slot = (int)key & _mask;
            // As in NextInWindow, a bitmap word never wraps: its bits below this slot are the keys just
            // below, in order. Shifted to the top, the leading zeros count down to the next occupied one.
            ulong bits = _occupied[slot >> 6] << (63 - (slot & 63));
            if (bits != 0)
            {
                long found = key - BitOperations.LeadingZeroCount(bits);
                return found >= floor ? found : long.MinValue;
            }

            key -= (slot & 63) + 1;
        }

        return long.MinValue;
    }

    /// <summary>
    /// Moves the window's levels with keys at or above <paramref name="floor"/> to the far store. They
    /// must be smaller than every far key; taken from the largest down, each is its new smallest.
    /// </summary>
    private void EvictFrom(long floor)
    {
        for (long k = PrevInWindow(_base + _window - 1, floor); k != long.MinValue; k = PrevInWindow(k - 1, floor))
        {
            int slot = (int)k & _mask;
            _far.PushMin(k, _slots[slot]);
            Vacate(slot);
        }
    }

    private void MoveDown(long newBase)
    {
        Debug.Assert(newBase < _base);
        // Keys in [newBase + W, Base + W) leave the window; every far key is at least Base + W.
        EvictFrom(Math.Max(newBase + _window, _base));
        _base = newBase;
    }

    private void MoveUp(long newBase)
    {
        Debug.Assert(newBase > _base && newBase <= _bestKey);
        // No level lies below the best, so the slots of [Base, newBase) are empty and become the
        // slots of [Base + W, newBase + W): admit the far keys that now fall inside.
        _base = newBase;
        AdmitFar();
    }

    /// <summary>Moves the far keys that fall inside the window into it.</summary>
    private void AdmitFar()
    {
        long end = _base + _window;
        while (_far.Count > 0 && _far.MinKey < end)
        {
            int level = _far.PopMin(out long key);
            Place(key, level);
        }
    }
}
