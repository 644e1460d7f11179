using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using VeloZ.Memory;

namespace VeloZ.Timers;

/// <summary>
/// A hierarchical timer wheel: O(1) schedule and cancel, and an advance that costs by the slots that hold timers, not
/// by the ticks that passed. Levels of 256 slots; level L's slot spans 256^L ticks; an occupancy bitmap per level
/// finds the next slot that holds timers with bit operations (tokio's design). A timer sits at the lowest level whose
/// slot range holds its deadline together with the wheel's time, and moves down a level when its slot comes up.
/// Single owner thread.
/// </summary>
/// <remarks>
/// <para>Firing is exact: <see cref="Advance(long, Span{TimerExpiry})"/> fires every timer whose deadline is ≤ now, and
/// none other (never early), in deadline order with ties in scheduling order. The tick sets what a long wait costs,
/// not the precision.</para>
/// <para>Nothing is lost: timers that are due but did not fit the caller's buffer wait, in order, for the next advance
/// (<see cref="Pending"/>), and can still be cancelled.</para>
/// <para>Layout: a slot is a contiguous run of (deadline, sequence, id) entries, not a linked list, so collecting,
/// sorting and cascading a slot reads memory in order and never chases pointers. A cancel touches only its timer's
/// node (one cache line: the id's generation lives beside it in the <see cref="Slab{T}"/>) and the slot's counters:
/// the slot's entry stays behind as a tombstone whose id no longer resolves, skipped when the slot comes up and
/// dropped when the slot empties or fills. Every slot's entries live in one <see cref="BuddyStore{T}"/>, so a
/// block one slot gives back serves any other: no allocation per schedule, cancel or advance once the wheel has
/// held its peak of timers and tombstones.</para>
/// </remarks>
public sealed class TimerWheel
{
    private struct Node
    {
        public long Deadline;
        public long Interval;   // 0: one-shot
        public ulong Payload;
        public int Slot;        // level * 256 + slot, or the ready list's index
    }

    // IComparable, not an IComparer struct: Span.Sort with a comparer boxes it and makes a delegate on every call,
    // while the IComparable path uses the cached generic sorter and allocates nothing.
    private struct Entry : IComparable<Entry>
    {
        public long Deadline;
        public ulong Sequence;
        public ulong Id;        // the node's id when the entry was made: a tombstone once it stops resolving

        public readonly int CompareTo(Entry other) =>
            Deadline != other.Deadline ? Deadline.CompareTo(other.Deadline) : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>
    /// A slot's entries, in the block of the entry store at Block (none: -1) of size class Class: [Start, Length) are
    /// the slot's, of which Live resolve (the rest are tombstones).
    /// </summary>
    private struct EntryList
    {
        public int Block;
        public int Class;
        public int Start;
        public int Length;
        public int Live;

        public readonly int Capacity => Block < 0 ? 0 : BuddyStore<Entry>.SizeOf(Class);
    }

    private const int Nowhere = -1;

    /// <summary>The latest time a wheel can be advanced to: 2^62 ns (about 146 years).</summary>
    public const long MaxTimeNs = 1L << 62;

    private readonly Slab<Node> _nodes;
    private readonly EntryList[] _lists;    // levels * 256 slots, then the ready list
    private readonly int _ready;            // the ready list's index in _lists: due timers in delivery order
    private readonly ulong[] _occupied;     // a bit per slot whose list holds a live entry
    private readonly BuddyStore<Entry> _store; // every list's entries
    private readonly long _origin;
    private readonly long _tick;
    private readonly int _levels;
    private readonly long _maxDelayTicks;
    private readonly long _maxDelayNs;
    private readonly ulong _tickMagic;
    private readonly int _tickShift;
    private long _elapsed;      // the wheel's tick: every slot that starts before it has been processed
    private long _nextTickAt;   // when the tick after _elapsed starts: before it, the tick of a time is _elapsed
    private long _now;
    private long _nextDue;      // no timer is due and no slot starts before this time (a lower bound)
    private ulong _sequence;
    private bool _advancing;
    private int _sortedSlot = Nowhere; // a level-0 slot whose entries are in (deadline, sequence) order, kept so by Place

    private long _peak;
    private long _scheduled;
    private long _cancelled;
    private long _fired;
    private long _missed;
    private long _cascaded;
    private long _failedSchedules;
    private long _failedCancels;

    /// <summary>Creates a wheel with the given settings.</summary>
    public TimerWheel(in TimerWheelConfig config)
    {
        const string owner = nameof(TimerWheelConfig);
        long tick = config.TickNs == 0 ? TimerWheelConfig.DefaultTickNs : config.TickNs;
        if (tick < TimerWheelConfig.MinTickNs || tick > TimerWheelConfig.MaxTickNs)
            throw new SettingOutOfRangeException(owner, nameof(config.TickNs), config.TickNs, "must be 1,000..3,600,000,000,000 ns (default 1,000,000)");
        int levels = config.Levels == 0 ? TimerWheelConfig.DefaultLevels : config.Levels;
        if (levels < 1 || levels > TimerWheelConfig.MaxLevels)
            throw new SettingOutOfRangeException(owner, nameof(config.Levels), config.Levels, "must be 1..7 (default 4)");
        if (config.StartNs < 0 || config.StartNs > MaxTimeNs)
            throw new SettingOutOfRangeException(owner, nameof(config.StartNs), config.StartNs, "must be 0..2^62 ns (default 0)");
        int initial = config.InitialTimers == 0 ? TimerWheelConfig.DefaultInitialTimers : config.InitialTimers;
        if (initial < 1 || initial > TimerWheelConfig.MaxTimersLimit)
            throw new SettingOutOfRangeException(owner, nameof(config.InitialTimers), config.InitialTimers, "must be 1..2^26 (default 1,024)");
        if (config.MaxTimers != 0 && (config.MaxTimers < initial || config.MaxTimers > TimerWheelConfig.MaxTimersLimit))
            throw new SettingOutOfRangeException(owner, nameof(config.MaxTimers), config.MaxTimers, $"must be 0 (no limit but 2^26) or {initial}..2^26 (at least initial_timers)");
        if (config.Name is { Length: > 128 })
            throw new SettingOutOfRangeException(owner, nameof(config.Name), config.Name.Length, "must be at most 128 characters");

        Name = string.IsNullOrEmpty(config.Name) ? "timer_wheel" : config.Name;
        _tick = tick;
        _levels = levels;
        _origin = config.StartNs;
        _now = config.StartNs;
        // 255 slots of the top level ahead (the slot the wheel's time is in never holds a wrapped timer), and no
        // more than 2^62 ns, so that now + delay never overflows.
        long topSpan = 1L << (8 * (levels - 1));
        _maxDelayTicks = Math.Min(255 * topSpan, (MaxTimeNs - 1) / tick);
        _maxDelayNs = (_maxDelayTicks - 2) * tick;
        int l = 64 - BitOperations.LeadingZeroCount((ulong)tick - 1);
        _tickMagic = (ulong)((((UInt128)1 << (62 + l)) + (ulong)tick - 1) / (ulong)tick);
        _tickShift = l - 2;
        _nodes = new Slab<Node>(initial, config.MaxTimers == 0 ? TimerWheelConfig.MaxTimersLimit : config.MaxTimers);
        _ready = levels * TimerWheelConfig.SlotsPerLevel;
        _lists = new EntryList[_ready + 1];
        for (int i = 0; i < _lists.Length; i++) _lists[i].Block = Nowhere;
        // Twice the timers expected, and a smallest block for every list: emptied lists keep their blocks.
        _store = new BuddyStore<Entry>(2 * initial + _lists.Length * BuddyStore<Entry>.MinBlock);
        _occupied = new ulong[levels * 4];
        _nextDue = long.MaxValue;
        _nextTickAt = _origin + tick;
    }

    /// <summary>A wheel with every setting at its default (1 ms tick, 4 levels, time 0).</summary>
    public TimerWheel() : this(new TimerWheelConfig())
    {
    }

    /// <summary>The name the wheel was created with.</summary>
    public string Name { get; }

    /// <summary>Nanoseconds per tick.</summary>
    public long TickNs => _tick;

    /// <summary>Levels of 256 slots.</summary>
    public int Levels => _levels;

    /// <summary>The wheel's time: the last advance's now (the start time before any advance).</summary>
    public long Now => _now;

    /// <summary>The farthest a deadline may lie after <see cref="Now"/>: (255 × 256^(levels-1) - 2) ticks, at most 2^62 ns.</summary>
    public long MaxDelayNs => _maxDelayNs;

    /// <summary>Timers live now: scheduled and neither delivered (one-shot) nor cancelled.</summary>
    public int Count => _nodes.Count;

    /// <summary>Timers that are due and were not delivered yet because the last advance's buffer was full.</summary>
    public int Pending => _lists[_ready].Live;

    /// <summary>
    /// The earliest time at which a timer may be due: never later than the earliest live deadline, possibly earlier
    /// (after a cancel, or when timers wait to move down a level). <see cref="Now"/> when timers are pending;
    /// <see cref="long.MaxValue"/> when no timer is live. A loop may sleep until then.
    /// </summary>
    public long NextDeadline => Pending != 0 ? _now : _nodes.Count == 0 ? long.MaxValue : Math.Max(_nextDue, _now);

    /// <summary>Schedules a one-shot timer due at <paramref name="deadline"/> (ns; a time already passed fires at the next advance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TimerResult TrySchedule(long deadline, ulong payload, out ulong id) => Arm(deadline, 0, payload, out id);

    /// <summary>Schedules a one-shot timer due <paramref name="delayNs"/> (≥ 0) after <see cref="Now"/>.</summary>
    public TimerResult TryScheduleAfter(long delayNs, ulong payload, out ulong id)
    {
        if ((ulong)delayNs > (ulong)_maxDelayNs)
        {
            id = 0;
            _failedSchedules++;
            return TimerResult.OutOfRange;
        }
        return Arm(_now + delayNs, 0, payload, out id);
    }

    /// <summary>
    /// Schedules a periodic timer first due at <paramref name="firstDeadline"/> and then every
    /// <paramref name="intervalNs"/> (1 ns..<see cref="MaxDelayNs"/>) after it, on that grid: re-armed from its
    /// deadline, not from when it ran, so it does not drift. It keeps its id until cancelled.
    /// </summary>
    public TimerResult TrySchedulePeriodic(long firstDeadline, long intervalNs, ulong payload, out ulong id)
    {
        if (intervalNs < 1 || intervalNs > _maxDelayNs)
        {
            id = 0;
            _failedSchedules++;
            return TimerResult.BadInterval;
        }
        return Arm(firstDeadline, intervalNs, payload, out id);
    }

    /// <summary>Schedules a one-shot timer; throws <see cref="InvalidOperationException"/> when it cannot.</summary>
    public ulong Schedule(long deadline, ulong payload = 0) => Check(TrySchedule(deadline, payload, out ulong id), deadline, id);

    /// <summary>Schedules a one-shot timer <paramref name="delayNs"/> after <see cref="Now"/>; throws when it cannot.</summary>
    public ulong ScheduleAfter(long delayNs, ulong payload = 0) => Check(TryScheduleAfter(delayNs, payload, out ulong id), _now + delayNs, id);

    /// <summary>Schedules a periodic timer; throws when it cannot.</summary>
    public ulong SchedulePeriodic(long firstDeadline, long intervalNs, ulong payload = 0) =>
        Check(TrySchedulePeriodic(firstDeadline, intervalNs, payload, out ulong id), firstDeadline, id, intervalNs);

    /// <summary>
    /// Cancels the live timer <paramref name="id"/> (also one that is due but not delivered yet): it never fires
    /// again. <see cref="TimerResult.NotFound"/> for an id that already fired (one-shot), was cancelled, or never
    /// existed; nothing changes then.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TimerResult Cancel(ulong id)
    {
        if (!_nodes.TryResolve(id, out int index))
        {
            _failedCancels++;
            return TimerResult.NotFound;
        }
        // The entry stays in its slot; once the node is returned its id no longer resolves, which makes it a tombstone.
        Forget(_nodes[index].Slot);
        _nodes.Return(index);
        _cancelled++;
        return TimerResult.Ok;
    }

    /// <summary>True when <paramref name="id"/> names a live timer.</summary>
    public bool IsActive(ulong id) => _nodes.TryResolve(id, out _);

    /// <summary>The payload of the live timer <paramref name="id"/>; false (and 0) when it is not live.</summary>
    public bool TryGetPayload(ulong id, out ulong payload)
    {
        bool live = _nodes.TryResolve(id, out int index);
        payload = live ? _nodes[index].Payload : 0;
        return live;
    }

    /// <summary>
    /// Moves the wheel's time to <paramref name="now"/> (ns, not before <see cref="Now"/>, at most
    /// <see cref="MaxTimeNs"/>) and writes the timers due by then into <paramref name="output"/> in deadline order;
    /// returns how many. When the buffer fills, the rest wait in order for the next call (<see cref="Pending"/>):
    /// call again until it returns less than the buffer's length.
    /// </summary>
    public int Advance(long now, Span<TimerExpiry> output)
    {
        if (!Collect(now)) return 0;
        int written = 0;
        try
        {
            _advancing = true;
            while (written < output.Length && _lists[_ready].Live != 0)
                Deliver(ref output[written++]);
        }
        finally
        {
            _advancing = false;
        }
        return written;
    }

    /// <summary>
    /// Moves the wheel's time to <paramref name="now"/> and calls <paramref name="handler"/> for each due timer in
    /// deadline order; returns how many fired. The handler may schedule and cancel (a timer it schedules already due
    /// fires at the next advance) but not advance. When it returns false, or throws (the exception propagates), the
    /// timers after it stay pending for the next advance.
    /// </summary>
    public int Advance<THandler>(long now, ref THandler handler) where THandler : ITimerHandler
    {
        if (!Collect(now)) return 0;
        int fired = 0;
        try
        {
            _advancing = true;
            // Only the timers due now: what the handler schedules waits for the next advance.
            int due = _lists[_ready].Live;
            while (fired < due && _lists[_ready].Live != 0)
            {
                TimerExpiry expiry = default;
                Deliver(ref expiry);
                fired++;
                if (!handler.OnExpired(in expiry)) break;
            }
        }
        finally
        {
            _advancing = false;
        }
        return fired;
    }

    /// <summary>The wheel's counters.</summary>
    public TimerWheelStatistics Statistics => new()
    {
        Name = Name,
        TickNs = _tick,
        Levels = _levels,
        NowNs = _now,
        MaxDelayNs = _maxDelayNs,
        Active = _nodes.Count,
        Pending = Pending,
        PeakActive = _peak,
        Capacity = _nodes.Capacity,
        Scheduled = _scheduled,
        Cancelled = _cancelled,
        Fired = _fired,
        MissedPeriods = _missed,
        Cascaded = _cascaded,
        FailedSchedules = _failedSchedules,
        FailedCancels = _failedCancels,
    };

    /// <summary>Cancels every live timer; capacity is kept. The wheel's time stays.</summary>
    public void Clear()
    {
        if (_advancing) ThrowReentrant();
        _cancelled += _nodes.Count;
        _nodes.Clear();
        for (int i = 0; i < _lists.Length; i++) Release(ref _lists[i]);
        Array.Clear(_occupied);
        _sortedSlot = Nowhere;
        _nextDue = long.MaxValue;
    }

    // ---- scheduling ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TimerResult Arm(long deadline, long interval, ulong payload, out ulong id)
    {
        // Times are 0..2^62 (a deadline outside can never fire, and its lateness would overflow); deadline - _now
        // cannot overflow then.
        if ((ulong)deadline > (ulong)MaxTimeNs || deadline - _now > _maxDelayNs)
            return Refuse(TimerResult.OutOfRange, out id);
        if (!_nodes.TryRent(out int index))
            return Refuse(TimerResult.Full, out id);
        ref Node node = ref _nodes[index];
        node.Deadline = deadline;
        node.Interval = interval;
        node.Payload = payload;
        id = _nodes.IdOf(index);
        Place(ref node, new Entry { Deadline = deadline, Sequence = ++_sequence, Id = id });
        _scheduled++;
        if (_nodes.Count > _peak) _peak = _nodes.Count;
        return TimerResult.Ok;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TimerResult Refuse(TimerResult result, out ulong id)
    {
        _failedSchedules++;
        id = 0;
        return result;
    }

    /// <summary>
    /// floor((time - origin) / tick), 0 before the origin, without a division: floor(x / tick) = (x * m) >> (62 + l)
    /// with l = ceil(log2 tick) and m = ceil(2^(62+l) / tick), exact for every x below 2^62 (Granlund and Montgomery,
    /// 1994, theorem 4.2). Every time the wheel accepts is at most 2^62; a periodic timer's next deadline may lie past
    /// it, and takes the division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long TickOf(long time)
    {
        long x = time - _origin;
        if (x <= 0) return 0;
        return x < MaxTimeNs ? (long)(Math.BigMul((ulong)x, _tickMagic, out _) >> _tickShift) : x / _tick;
    }

    /// <summary>Adds a live node's entry to the slot of the lowest level whose range holds both its tick and the wheel's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Place(ref Node node, in Entry entry)
    {
        long tick = TickOf(entry.Deadline);
        if (tick < _elapsed) tick = _elapsed;
        ulong differ = (ulong)(tick ^ _elapsed);
        int level = differ < 256 ? 0 : (63 - BitOperations.LeadingZeroCount(differ)) >> 3;
        if (level >= _levels) level = _levels - 1; // beyond the top level's turn: the top level wraps
        int shift = level << 3;
        int slot = (level << 8) | (int)((tick >> shift) & 255);
        node.Slot = slot;
        ref EntryList list = ref _lists[slot];
        if (slot == _sortedSlot)
            InsertOrdered(ref list, entry);
        else
            Append(ref list, entry);
        list.Live++;
        _occupied[slot >> 6] |= 1UL << slot;
        // A level-0 timer is due at its deadline; a higher one must move down when its slot starts.
        long due = level == 0 ? entry.Deadline : _origin + ((tick >> shift) << shift) * _tick;
        if (due < _nextDue) _nextDue = due;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(ref EntryList list, in Entry entry)
    {
        if (list.Length == list.Capacity) MakeRoom(ref list);
        _store.Items[list.Block + list.Length++] = entry;
    }

    /// <summary>
    /// Inserts into the sorted slot after every entry due before or with it: its sequence is the newest, so among
    /// equal deadlines it goes last. Only timers due within the current tick land here.
    /// </summary>
    private void InsertOrdered(ref EntryList list, in Entry entry)
    {
        if (list.Length == list.Capacity) MakeRoom(ref list);
        Entry[] items = _store.Items;
        int b = list.Block;
        int low = list.Start, high = list.Length;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (items[b + mid].Deadline <= entry.Deadline) low = mid + 1;
            else high = mid;
        }
        if (low == list.Start && list.Start > 0)
        {
            items[b + --list.Start] = entry;
            return;
        }
        Array.Copy(items, b + low, items, b + low + 1, list.Length - low);
        items[b + low] = entry;
        list.Length++;
    }

    /// <summary>
    /// Frees room at the end of a full list: drops its tombstones and taken entries when they are at least half of it
    /// (in order, so a sorted slot stays sorted), else moves it to a block twice the size. Amortized O(1) per entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MakeRoom(ref EntryList list)
    {
        if (list.Block < 0)
        {
            list.Class = 0;
            list.Block = _store.Allocate(0);
            return;
        }
        int capacity = list.Capacity;
        if (list.Live <= capacity / 2)
        {
            Entry[] items = _store.Items;
            int b = list.Block, kept = 0;
            for (int i = list.Start; i < list.Length; i++)
                if (_nodes.TryResolve(items[b + i].Id, out _))
                    items[b + kept++] = items[b + i];
            list.Start = 0;
            list.Length = kept;
            return;
        }
        int bigger = _store.Allocate(list.Class + 1); // may grow the store: read Items after it
        Array.Copy(_store.Items, list.Block + list.Start, _store.Items, bigger, list.Length - list.Start);
        _store.Free(list.Block, list.Class);
        list.Length -= list.Start;
        list.Start = 0;
        list.Block = bigger;
        list.Class++;
    }

    /// <summary>Empties a list and gives its block back to the store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Release(ref EntryList list)
    {
        list.Start = list.Length = list.Live = 0;
        if (list.Block < 0) return;
        _store.Free(list.Block, list.Class);
        list.Block = Nowhere;
    }

    /// <summary>
    /// One live entry of <paramref name="slot"/>'s list has become a tombstone (or was taken); a list left with none is
    /// emptied but keeps its block, which goes back to the store when the slot's turn comes (a timer scheduled and
    /// cancelled again and again in one slot takes no block each time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Forget(int slot)
    {
        ref EntryList list = ref _lists[slot];
        if (--list.Live != 0) return;
        list.Start = list.Length = 0;
        if (slot != _ready) _occupied[slot >> 6] &= ~(1UL << slot);
    }

    /// <summary>Puts a level-0 slot's live entries in (deadline, sequence) order, tombstones dropped, and marks it the sorted slot.</summary>
    private void SortSlot(int slot)
    {
        ref EntryList list = ref _lists[slot];
        Entry[] items = _store.Items;
        int b = list.Block;
        int count = list.Length - list.Start;
        if (count != list.Live)
        {
            count = 0;
            for (int i = list.Start; i < list.Length; i++)
                if (_nodes.TryResolve(items[b + i].Id, out _))
                    items[b + count++] = items[b + i];
        }
        else if (list.Start != 0)
            Array.Copy(items, b + list.Start, items, b, count);
        list.Start = 0;
        list.Length = count;
        if (count > 1) items.AsSpan(b, count).Sort();
        _sortedSlot = slot;
    }

    // ---- advancing ----

    /// <summary>Moves every timer due by <paramref name="now"/> to the ready list in deadline order; false when nothing is ready.</summary>
    private bool Collect(long now)
    {
        if (now < _now || now > MaxTimeNs) ThrowNow(now);
        if (_advancing) ThrowReentrant();
        _now = now;
        if (now < _nextDue && _lists[_ready].Live == 0)
        {
            // Nothing due and no slot starts by now: a level-0 slot holds no deadline before now and every higher
            // slot starts after it, so the tick may move without touching a slot (and within the tick, it stays).
            if (now >= _nextTickAt) MoveTo(TickOf(now));
            return false;
        }
        long target = TickOf(now);
        while (FindNext(out int slot, out long start) && start <= target)
        {
            _elapsed = start;
            if (slot < TimerWheelConfig.SlotsPerLevel)
            {
                CollectSlot(slot, start < target, now);
                if (start == target) break; // the rest of this slot is due later in the current tick
            }
            else
                Cascade(slot);
        }
        MoveTo(target);
        _nextDue = NextDue(target);
        return _lists[_ready].Live != 0;
    }

    /// <summary>The first slot, lowest level first, that holds timers at or after the wheel's tick, and the tick it starts at.</summary>
    private bool FindNext(out int slot, out long start)
    {
        for (int level = 0; level < _levels; level++)
        {
            int shift = level << 3;
            int position = (int)((_elapsed >> shift) & 255);
            long block = _elapsed & ~((1L << (shift + 8)) - 1);
            int found = NextOccupied(level, level == 0 ? position : position + 1);
            if (found >= 0)
            {
                slot = (level << 8) | found;
                start = block + ((long)found << shift);
                return true;
            }
            if (level == _levels - 1)
            {
                // The top level wraps: a slot before the current one belongs to its next turn.
                found = NextOccupied(level, 0);
                if (found >= 0 && found < position)
                {
                    slot = (level << 8) | found;
                    start = block + (1L << (shift + 8)) + ((long)found << shift);
                    return true;
                }
            }
        }
        slot = -1;
        start = long.MaxValue;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextOccupied(int level, int from)
    {
        if (from >= 256) return -1;
        int word = from >> 6;
        int baseWord = level << 2;
        ulong bits = _occupied[baseWord + word] & (ulong.MaxValue << (from & 63));
        while (true)
        {
            if (bits != 0) return (word << 6) + BitOperations.TrailingZeroCount(bits);
            if (++word == 4) return -1;
            bits = _occupied[baseWord + word];
        }
    }

    /// <summary>
    /// Moves a level-0 slot's due timers (all of them when <paramref name="all"/>, else those with deadline ≤ now) to
    /// the ready list in (deadline, sequence) order: the slot is sorted once (it stays sorted while it is the current
    /// one, visited by every advance within the tick), then taken from its start, so an advance costs by the timers
    /// due, not by the timers in the slot.
    /// </summary>
    private void CollectSlot(int slot, bool all, long now)
    {
        if (slot != _sortedSlot) SortSlot(slot);
        ref EntryList list = ref _lists[slot];
        ref EntryList ready = ref _lists[_ready];
        int b = list.Block;
        // _store.Items is read on every step: appending to the ready list may grow the store.
        while (list.Live != 0 && list.Start < list.Length && (all || _store.Items[b + list.Start].Deadline <= now))
        {
            Entry entry = _store.Items[b + list.Start++];
            if (!_nodes.TryResolve(entry.Id, out int index)) continue;
            _nodes[index].Slot = _ready;
            Append(ref ready, entry);
            ready.Live++;
            list.Live--;
        }
        if (list.Live == 0)
        {
            Release(ref list);
            _occupied[slot >> 6] &= ~(1UL << slot);
        }
    }

    /// <summary>Sets the wheel's tick; the sorted slot stays sorted only while it is the current one (a later slot takes unordered inserts).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveTo(long target)
    {
        _elapsed = target;
        _nextTickAt = _origin + (target + 1) * _tick;
        if (_sortedSlot >= 0 && _sortedSlot != ((int)target & 255)) _sortedSlot = Nowhere;
    }

    /// <summary>Moves every live timer of a higher-level slot that has come up to the levels below.</summary>
    private void Cascade(int slot)
    {
        _sortedSlot = Nowhere; // its timers are added in bulk, unordered
        ref EntryList list = ref _lists[slot];
        int b = list.Block, sizeClass = list.Class, end = list.Length;
        int i = list.Start;
        list.Start = list.Length = list.Live = 0;
        list.Block = Nowhere;
        _occupied[slot >> 6] &= ~(1UL << slot);
        // The block goes back to the store only after the loop, so that Place cannot reuse it while it is read; Place
        // may grow the store, so _store.Items is read on every step.
        for (; i < end; i++)
        {
            Entry entry = _store.Items[b + i];
            if (!_nodes.TryResolve(entry.Id, out int index)) continue;
            Place(ref _nodes[index], entry);
            _cascaded++;
        }
        _store.Free(b, sizeClass);
    }

    /// <summary>The lower bound for <see cref="_nextDue"/> once every slot starting by <paramref name="target"/> was processed.</summary>
    private long NextDue(long target)
    {
        if (!FindNext(out int slot, out long start)) return long.MaxValue;
        if (slot >= TimerWheelConfig.SlotsPerLevel || start != target)
            return _origin + start * _tick;
        // The current tick's slot holds timers due later in this tick; a tombstone's deadline is a lower bound too.
        ref EntryList list = ref _lists[slot];
        if (slot == _sortedSlot) return _store.Items[list.Block + list.Start].Deadline;
        long earliest = long.MaxValue;
        foreach (ref readonly Entry entry in _store.Items.AsSpan(list.Block + list.Start, list.Length - list.Start))
            earliest = Math.Min(earliest, entry.Deadline);
        return earliest;
    }

    /// <summary>Takes the first live ready timer: fills <paramref name="expiry"/>, frees a one-shot and re-arms a periodic one.</summary>
    private void Deliver(ref TimerExpiry expiry)
    {
        ref EntryList ready = ref _lists[_ready];
        int index;
        ulong id;
        while (!_nodes.TryResolve(id = _store.Items[ready.Block + ready.Start++].Id, out index))
        {
            // a tombstone: cancelled while pending
        }
        Forget(_ready);
        ref Node node = ref _nodes[index];
        long deadline = node.Deadline;
        expiry.Id = id;
        expiry.Payload = node.Payload;
        expiry.Deadline = deadline;
        expiry.LateNs = _now - deadline;
        _fired++;
        if (node.Interval == 0)
        {
            expiry.Expirations = 1;
            expiry.Flags = TimerExpiryFlags.None;
            _nodes.Return(index);
            return;
        }
        // Every grid point up to now counts; the next one after now is the new deadline.
        long periods = 1 + (_now - deadline) / node.Interval;
        expiry.Expirations = periods > int.MaxValue ? int.MaxValue : (int)periods;
        expiry.Flags = TimerExpiryFlags.Periodic;
        _missed += periods - 1;
        node.Deadline = deadline + periods * node.Interval;
        Place(ref node, new Entry { Deadline = node.Deadline, Sequence = ++_sequence, Id = id });
    }

    // ---- errors ----

    private ulong Check(TimerResult result, long deadline, ulong id, long interval = 0)
    {
        if (result == TimerResult.Ok) return id;
        throw new InvalidOperationException(Describe(result, deadline, interval));
    }

    /// <summary>A sentence for a refused schedule, naming the values.</summary>
    public string Describe(TimerResult result, long deadline, long interval = 0) => result switch
    {
        TimerResult.Full => $"the timer wheel '{Name}' is full: {_nodes.Count} timers are live and max_timers is {_nodes.MaxCapacity}",
        TimerResult.OutOfRange when deadline < 0 || deadline > MaxTimeNs => $"deadline {deadline} ns is outside 0..2^62 ns, the times a wheel knows",
        TimerResult.OutOfRange => $"deadline {deadline} ns is beyond the wheel's range: at most {_maxDelayNs} ns after its time {_now} ns ({_levels} levels of 256 slots of {_tick} ns)",
        TimerResult.BadInterval => $"interval must be 1..{_maxDelayNs} ns, got {interval}",
        TimerResult.NotFound => "no live timer has this id: it fired, was cancelled, or never existed",
        _ => result.ToString(),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNow(long now) => throw new ArgumentOutOfRangeException(null,
        now > MaxTimeNs ? $"now must be at most 2^62 ns, got {now}" : $"now must not be before the wheel's time {_now} ns, got {now}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowReentrant() => throw new InvalidOperationException("the timer wheel is advancing: a timer handler may schedule and cancel, but not advance or clear the wheel");
}
