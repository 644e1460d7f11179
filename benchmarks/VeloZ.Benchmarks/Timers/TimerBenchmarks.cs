using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VeloZ.Timers;

namespace VeloZ.Benchmarks.Timers;

/// <summary>
/// The timer wheel against the timer queues a .NET trading program would otherwise write, one thread, about
/// <see cref="Live"/> timers live, deadlines 1..100 ms ahead (order timeouts), the clock moving every operation.
/// Each row's Mean is one operation:
/// <list type="bullet">
/// <item><c>Timeouts</c>: schedule a timer, cancel the one scheduled <see cref="Live"/> operations earlier (25 ms of
/// clock ago: about a quarter have fired by then, the rest are cancelled), advance the clock and fire what is due.</item>
/// <item><c>Fire</c>: schedule a timer and advance the clock so that one timer fires per operation on average.</item>
/// <item><c>Idle</c>: advance the clock by 100 us with nothing due (<see cref="Live"/> timers 40 days ahead), what a
/// loop pays per poll; the heap's peer is a peek at its minimum.</item>
/// </list>
/// Peers in the same run: <see cref="PriorityQueue{TElement,TPriority}"/> (a binary heap; cancel is lazy, as a heap is
/// cancelled in practice: a flag per entry, here a byte in an array indexed by id, and a cancelled entry is skipped when
/// popped; the baseline) and
/// <see cref="SortedSet{T}"/> of (deadline, id) (a red-black tree with a true O(log n) cancel, .NET's std::multimap).
/// In Timeouts also System.Threading.Timer, created with the same delay and disposed in place of a cancel (what .NET
/// code that does not run its own loop uses; it fires on the thread pool in real time, not at the loop's clock, so
/// only its create and dispose are comparable). Every row
/// does the same operations (the same delays, clock and cancels); Allocated must read 0 B for the wheel.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TimerBenchmarks
{
    private const int Ops = 1000;
    private const int DelayCount = 1 << 14;
    private const long Ms = 1_000_000;
    private const int StateMask = (1 << 22) - 1; // ids live at most 400k operations: 100 ms at the smallest step

    /// <summary>Timers live in steady state.</summary>
    [Params(1_000, 100_000)]
    public int Live { get; set; }

    private readonly long[] _delays = new long[DelayCount];
    private readonly TimerExpiry[] _buffer = new TimerExpiry[256];
    private ulong[] _ring = null!;      // the wheel's ids
    private ulong[] _seqRing = null!;   // the heap's and the tree's ids
    private int _next;
    private long _now;
    private long _timeoutStep;
    private long _fireStep;
    private ulong _sequence;
    private long _fired;

    private TimerWheel _wheel = null!;
    private PriorityQueue<ulong, long> _heap = null!;
    private byte[] _state = null!;      // the heap's lazy cancel: 0 live, 1 cancelled, 2 done, by id & StateMask
    private SortedSet<(long Deadline, ulong Id)> _tree = null!;
    private System.Threading.Timer?[] _threadingTimers = null!;
    private static readonly System.Threading.TimerCallback s_nothing = _ => { };
    private Dictionary<ulong, long> _treeDeadlines = null!;
    private TimerWheel _idleWheel = null!;
    private PriorityQueue<ulong, long> _idleHeap = null!;
    private long _idleNow;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < DelayCount; i++)
            _delays[i] = Ms + random.NextInt64(99 * Ms);
        _ring = new ulong[Live];
        _timeoutStep = 25 * Ms / Live;   // the ring's oldest was scheduled 25 ms ago
        _fireStep = 50 * Ms / Live;      // mean delay 50 ms: Live timers live, one fire per operation
        _wheel = new TimerWheel(new TimerWheelConfig { TickNs = Ms, InitialTimers = 2 * Live + 1024 });
        _heap = new PriorityQueue<ulong, long>(4 * Live);
        _state = new byte[StateMask + 1];
        _tree = new SortedSet<(long, ulong)>();
        _treeDeadlines = new Dictionary<ulong, long>(4 * Live);
        _seqRing = new ulong[Live];
        _threadingTimers = new System.Threading.Timer?[Live];
        // Every row starts from the same state (BenchmarkDotNet sets up each row afresh): Live timers scheduled, the
        // clock at 0. Each workload is a steady state, so the invocations after it need no reset.
        for (int i = 0; i < Live; i++)
        {
            long deadline = _delays[i & (DelayCount - 1)];
            _ring[i] = _wheel.Schedule(deadline);
            _seqRing[i] = ++_sequence;
            _heap.Enqueue(_sequence, deadline);
            _tree.Add((deadline, _sequence));
            _treeDeadlines[_sequence] = deadline;
        }
        _idleWheel = new TimerWheel(new TimerWheelConfig { TickNs = Ms, InitialTimers = Live });
        _idleHeap = new PriorityQueue<ulong, long>(Live);
        for (int i = 0; i < Live; i++)
        {
            long deadline = 40L * 86_400_000 * Ms + _delays[i & (DelayCount - 1)];
            _idleWheel.Schedule(deadline);
            _idleHeap.Enqueue((ulong)i, deadline);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (System.Threading.Timer? timer in _threadingTimers) timer?.Dispose();
        Report();
    }

    private void Report() => Console.WriteLine($"// {Live} live: fired {_fired}, now {_now} ns, wheel {_wheel.Count} live, heap {_heap.Count} entries, tree {_tree.Count}");

    // ---- Timeouts ----

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Timeouts")]
    public long Wheel_Timeouts()
    {
        TimerWheel wheel = _wheel;
        for (int op = 0; op < Ops; op++)
        {
            long deadline = _now + _delays[(_next + op) & (DelayCount - 1)];
            wheel.TrySchedule(deadline, 0, out ulong id);
            int slot = (_next + op) % Live;
            wheel.Cancel(_ring[slot]);
            _ring[slot] = id;
            _now += _timeoutStep;
            WheelFire(wheel);
        }
        _next += Ops;
        return _fired;
    }

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true)]
    [BenchmarkCategory("Timeouts")]
    public long Heap_Timeouts()
    {
        for (int op = 0; op < Ops; op++)
        {
            long deadline = _now + _delays[(_next + op) & (DelayCount - 1)];
            ulong id = ++_sequence;
            _heap.Enqueue(id, deadline);
            _state[id & StateMask] = 0;
            int slot = (_next + op) % Live;
            ref byte old = ref _state[_seqRing[slot] & StateMask];
            if (old == 0) old = 1;
            _seqRing[slot] = id;
            _now += _timeoutStep;
            HeapFire();
        }
        _next += Ops;
        return _fired;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Timeouts")]
    public long Tree_Timeouts()
    {
        for (int op = 0; op < Ops; op++)
        {
            long deadline = _now + _delays[(_next + op) & (DelayCount - 1)];
            ulong id = ++_sequence;
            _tree.Add((deadline, id));
            _treeDeadlines[id] = deadline;
            int slot = (_next + op) % Live;
            if (_treeDeadlines.Remove(_seqRing[slot], out long oldDeadline))
                _tree.Remove((oldDeadline, _seqRing[slot]));
            _seqRing[slot] = id;
            _now += _timeoutStep;
            TreeFire();
        }
        _next += Ops;
        return _fired;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Timeouts")]
    public long ThreadingTimer_Timeouts()
    {
        for (int op = 0; op < Ops; op++)
        {
            long delayMs = _delays[(_next + op) & (DelayCount - 1)] / Ms;
            int slot = (_next + op) % Live;
            _threadingTimers[slot]?.Dispose();
            _threadingTimers[slot] = new System.Threading.Timer(s_nothing, null, delayMs, System.Threading.Timeout.Infinite);
        }
        _next += Ops;
        return _next;
    }

    // ---- Fire ----

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Fire")]
    public long Wheel_Fire()
    {
        TimerWheel wheel = _wheel;
        for (int op = 0; op < Ops; op++)
        {
            wheel.TrySchedule(_now + _delays[(_next + op) & (DelayCount - 1)], 0, out _);
            _now += _fireStep;
            WheelFire(wheel);
        }
        _next += Ops;
        return _fired;
    }

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true)]
    [BenchmarkCategory("Fire")]
    public long Heap_Fire()
    {
        for (int op = 0; op < Ops; op++)
        {
            _heap.Enqueue(++_sequence, _now + _delays[(_next + op) & (DelayCount - 1)]);
            _state[_sequence & StateMask] = 0;
            _now += _fireStep;
            HeapFire();
        }
        _next += Ops;
        return _fired;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Fire")]
    public long Tree_Fire()
    {
        for (int op = 0; op < Ops; op++)
        {
            long deadline = _now + _delays[(_next + op) & (DelayCount - 1)];
            ulong id = ++_sequence;
            _tree.Add((deadline, id));
            _treeDeadlines[id] = deadline;
            _now += _fireStep;
            TreeFire();
        }
        _next += Ops;
        return _fired;
    }

    // ---- Idle ----

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("Idle")]
    public long Wheel_Idle()
    {
        TimerWheel wheel = _idleWheel;
        long fired = 0;
        for (int op = 0; op < Ops; op++)
        {
            _idleNow += 100_000;
            fired += wheel.Advance(_idleNow, _buffer);
        }
        return fired;
    }

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true)]
    [BenchmarkCategory("Idle")]
    public long Heap_Idle()
    {
        PriorityQueue<ulong, long> heap = _idleHeap;
        long due = 0;
        for (int op = 0; op < Ops; op++)
        {
            _idleNow += 100_000;
            if (heap.TryPeek(out _, out long deadline) && deadline <= _idleNow) due++;
        }
        return due;
    }

    private void WheelFire(TimerWheel wheel)
    {
        int n;
        while ((n = wheel.Advance(_now, _buffer)) == _buffer.Length) _fired += n;
        _fired += n;
    }

    private void HeapFire()
    {
        while (_heap.TryPeek(out ulong id, out long deadline) && deadline <= _now)
        {
            _heap.Dequeue();
            ref byte state = ref _state[id & StateMask];
            if (state == 0) _fired++;
            state = 2;
        }
    }

    private void TreeFire()
    {
        while (_tree.Count > 0)
        {
            (long deadline, ulong id) = _tree.Min;
            if (deadline > _now) break;
            _tree.Remove((deadline, id));
            _treeDeadlines.Remove(id);
            _fired++;
        }
    }
}
