using System;
using System.Diagnostics;

namespace VeloZ.Time;

/// <summary>
/// The last <c>capacity</c> samples of one venue, and the lowest-round-trip sample in three sliding
/// ranges of them: the whole window, its oldest third and its newest third. Each range keeps a
/// monotonic queue (round trips increasing from front to back), so every query is the queue's front
/// and an insertion costs amortized O(1) whatever the window size. Single writer; not thread-safe.
/// </summary>
internal sealed class MinRoundTripWindow
{
    private readonly int _capacity;
    private readonly long[] _middle;
    private readonly long[] _offset;
    private readonly long[] _roundTrip;
    private readonly MinQueue _whole;
    private readonly MinQueue _oldestThird;
    private readonly MinQueue _newestThird;
    private long _count;
    // Samples before this have been offered to _oldestThird.
    private long _oldestThirdEnd;

    public MinRoundTripWindow(int capacity)
    {
        Debug.Assert(capacity > 0);
        _capacity = capacity;
        _middle = new long[capacity];
        _offset = new long[capacity];
        _roundTrip = new long[capacity];
        _whole = new MinQueue(capacity);
        _oldestThird = new MinQueue(capacity);
        _newestThird = new MinQueue(capacity);
    }

    /// <summary>Samples in the window now.</summary>
    public int Length => (int)Math.Min(_count, _capacity);

    /// <summary>Sequence number of the lowest-round-trip sample in the window (the newest of equals).</summary>
    public long BestOfWindow => _whole.Front;

    /// <summary>Sequence number of the lowest-round-trip sample in the oldest third of the window.</summary>
    public long BestOfOldestThird => _oldestThird.Front;

    /// <summary>Sequence number of the lowest-round-trip sample in the newest third of the window.</summary>
    public long BestOfNewestThird => _newestThird.Front;

    public long MiddleOf(long sequence) => _middle[Index(sequence)];
    public long OffsetOf(long sequence) => _offset[Index(sequence)];
    public long RoundTripOf(long sequence) => _roundTrip[Index(sequence)];

    /// <summary>Appends a sample, evicting the oldest when full.</summary>
    public void Add(long middle, long offset, long roundTrip)
    {
        long sequence = _count++;
        long length = Math.Min(_count, _capacity);
        long start = _count - length;
        long third = Math.Max(1, length / 3);

        // Evict before overwriting: the slot being reused belongs to the sample leaving the window.
        _whole.DropBefore(start);
        _oldestThird.DropBefore(start);
        _newestThird.DropBefore(_count - third);

        int index = Index(sequence);
        _middle[index] = middle;
        _offset[index] = offset;
        _roundTrip[index] = roundTrip;

        _whole.Push(sequence, _roundTrip, _capacity);
        _newestThird.Push(sequence, _roundTrip, _capacity);
        // Both ends of the oldest third only move forward as samples arrive, so it is a sliding range too.
        long oldestThirdEnd = start + third;
        while (_oldestThirdEnd < oldestThirdEnd)
            _oldestThird.Push(_oldestThirdEnd++, _roundTrip, _capacity);

        Debug.Assert(_whole.Front >= start && _oldestThird.Front >= start && _oldestThird.Front < oldestThirdEnd && _newestThird.Front >= _count - third,
            $"queue fronts {_whole.Front}/{_oldestThird.Front}/{_newestThird.Front} outside window [{start}, {_count})");
    }

    private int Index(long sequence) => (int)(sequence % _capacity);

    /// <summary>A deque of sequence numbers whose round trips increase from front to back.</summary>
    private sealed class MinQueue(int capacity)
    {
        private readonly long[] _items = new long[capacity];
        private int _head;
        private int _size;

        public long Front
        {
            get
            {
                Debug.Assert(_size > 0);
                return _items[_head];
            }
        }

        public void Push(long sequence, long[] roundTrip, int ringSize)
        {
            long value = roundTrip[(int)(sequence % ringSize)];
            // A newer sample with an equal or lower round trip makes older ones useless as minimums.
            while (_size > 0 && roundTrip[(int)(_items[(_head + _size - 1) % _items.Length] % ringSize)] >= value)
                _size--;
            Debug.Assert(_size < _items.Length);
            _items[(_head + _size) % _items.Length] = sequence;
            _size++;
        }

        public void DropBefore(long start)
        {
            while (_size > 0 && _items[_head] < start)
            {
                _head = (_head + 1) % _items.Length;
                _size--;
            }
        }
    }
}
