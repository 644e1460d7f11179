using System;

namespace VeloZ.Book;

/// <summary>
/// FIFO of events the caller has not taken yet. A power-of-two ring that doubles when full, so no
/// event is ever dropped and steady state allocates nothing.
/// </summary>
internal sealed class EventRing
{
    private BookEvent[] _buffer;
    private int _mask;
    private long _head; // next to read
    private long _tail; // next to write

    public EventRing(int capacity)
    {
        capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _buffer = new BookEvent[capacity];
        _mask = capacity - 1;
    }

    public int Count => (int)(_tail - _head);

    public int Capacity => _buffer.Length;

    /// <summary>The slot for the next event; the caller overwrites every field.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ref BookEvent Push()
    {
        if (_tail - _head == _buffer.Length) Grow();
        ref BookEvent slot = ref _buffer[(int)_tail & _mask];
        _tail++;
        return ref slot;
    }

    /// <summary>Moves up to <c>destination.Length</c> oldest events out; returns how many.</summary>
    public int Drain(Span<BookEvent> destination)
    {
        int n = (int)Math.Min(_tail - _head, destination.Length);
        if (n == 0) return 0;
        int start = (int)_head & _mask;
        int first = Math.Min(n, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        if (first < n) _buffer.AsSpan(0, n - first).CopyTo(destination.Slice(first));
        _head += n;
        return n;
    }

    public void Clear() => _head = _tail;

    private void Grow()
    {
        int count = Count;
        var bigger = new BookEvent[_buffer.Length * 2];
        Drain(bigger);
        _buffer = bigger;
        _mask = bigger.Length - 1;
        _head = 0;
        _tail = count;
    }
}
