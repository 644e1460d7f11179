using System;
using System.Threading;
using VeloZ.Metrics;
using VeloZ.Queues;
using VeloZ.Time;
using VeloZ.Timers;

namespace VeloZ.Loop;

/// <summary>
/// A loop one thread runs (its owner), doing tasks in priority order: tasks posted from any thread (lock-free, into an
/// MPMC inbox per priority), and delayed tasks on the loop's <see cref="TimerWheel"/>, run exactly when due.
/// </summary>
/// <remarks>
/// <para>Threads: <see cref="Post"/>, <see cref="TryPost(Action, LoopPriority)"/> (and its raw form) and <see cref="Stop"/> from any thread; everything else from
/// the owner, the first thread that runs the loop or posts a delayed task (another thread gets
/// <see cref="InvalidOperationException"/>).</para>
/// <para>Order: within a priority, first posted first run (delayed tasks when they come due); a due higher-priority task
/// runs before a lower one, except that after <see cref="EventLoopConfig.StarvationLimit"/> tasks ran ahead of a
/// waiting lower one, one lower task runs (the guard against starvation).</para>
/// <para>Allocation: none per post or run in steady state. A task is a delegate the caller owns (a cached
/// <see cref="Action"/> posted many times costs nothing; a capturing lambda allocates when the caller creates it).
/// A task that throws is counted (<see cref="EventLoopStatistics.Failed"/>), handed to <see cref="OnError"/> if set,
/// and the loop goes on.</para>
/// </remarks>
public sealed class EventLoop : IDisposable
{
    private const int Levels = 3;
    private const long DefaultTickNs = 100_000;

    /// <summary>A task waiting in an inbox or a ready ring: its slot in the task table and when it was posted (or due).</summary>
    private struct Entry
    {
        public long Since;      // posted: the clock's raw ticks at the post; come due: the deadline in ns (Delayed)
        public int Slot;
        public int Delayed;     // 1 when Since is a deadline in ns
    }

    private readonly MpmcQueue<Entry>[] _inbox = new MpmcQueue<Entry>[Levels];
    private readonly MpmcQueue<int> _free;
    private readonly Action?[] _tasks;
    private readonly RawTask[] _raw;          // a slot's (function, context) when it holds a raw task (function != 0)
    private readonly IRawTaskRunner? _rawRunner;
    private readonly Ready[] _ready = { new(), new(), new() };
    private readonly long[] _passed = new long[Levels];
    private readonly long[] _run = new long[Levels];
    private readonly TimerWheel _wheel;
    private readonly TscClock _clock;
    private readonly Histogram _latency = new(1, 3_600_000_000_000, 3);
    private readonly int _starvationLimit;
    private readonly int _spinIterations;
    private readonly LoopIdleStrategy _idle;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Entry[] _batch = new Entry[64];
    private readonly TimerExpiry[] _expired = new TimerExpiry[64];
    private int _owner;
    private int _sleeping;
    private volatile bool _stop;
    private bool _running;
    private bool _started;
    private long _posted;       // delayed posts (owner)
    private long _received;     // posted tasks the owner took from the inboxes
    private long _failedPosts;
    private long _failed;
    private long _cancelled;
    private long _lateTimers;
    private long _promotions;
    private long _busyNs;
    private long _idleNs;

    private struct RawTask
    {
        public nint Function;
        public nint Context;
    }

    /// <summary>Creates a loop; it runs nothing until its owner calls <see cref="RunOnce"/>, <see cref="RunFor"/> or <see cref="Run"/>.</summary>
    public EventLoop(in EventLoopConfig config) : this(config, null)
    {
    }

    /// <summary>
    /// Creates a loop that also takes raw tasks (<see cref="TryPost(nint, nint, LoopPriority)"/>): a function and a
    /// context as two words, which <paramref name="rawRunner"/> runs on the owner thread (the C ABI's function pointers).
    /// </summary>
    public EventLoop(in EventLoopConfig config, IRawTaskRunner? rawRunner)
    {
        const string owner = nameof(EventLoopConfig);
        int capacity = config.TaskCapacity == 0 ? EventLoopConfig.DefaultTaskCapacity : config.TaskCapacity;
        if (capacity < 16 || capacity > 1 << 22)
            throw new SettingOutOfRangeException(owner, nameof(config.TaskCapacity), config.TaskCapacity, "must be 16..4,194,304 (default 65,536)");
        long tick = config.TimerTickNs == 0 ? DefaultTickNs : config.TimerTickNs;
        if (tick < TimerWheelConfig.MinTickNs || tick > TimerWheelConfig.MaxTickNs)
            throw new SettingOutOfRangeException(owner, nameof(config.TimerTickNs), config.TimerTickNs, "must be 1,000..3,600,000,000,000 ns (default 100,000)");
        _starvationLimit = config.StarvationLimit == 0 ? EventLoopConfig.DefaultStarvationLimit : config.StarvationLimit;
        if (_starvationLimit < 1 || _starvationLimit > 1_000_000)
            throw new SettingOutOfRangeException(owner, nameof(config.StarvationLimit), config.StarvationLimit, "must be 1..1,000,000 (default 64)");
        _spinIterations = config.SpinIterations == 0 ? EventLoopConfig.DefaultSpinIterations : config.SpinIterations;
        if (_spinIterations < 1 || _spinIterations > 10_000_000)
            throw new SettingOutOfRangeException(owner, nameof(config.SpinIterations), config.SpinIterations, "must be 1..10,000,000 (default 1,000)");
        if (config.IdleStrategy > LoopIdleStrategy.SpinThenSleep)
            throw new SettingOutOfRangeException(owner, nameof(config.IdleStrategy), (int)config.IdleStrategy, "must be BusySpin, SpinThenYield or SpinThenSleep");
        if (config.Name is { Length: > 128 })
            throw new SettingOutOfRangeException(owner, nameof(config.Name), config.Name.Length, "must be at most 128 characters");

        Name = string.IsNullOrEmpty(config.Name) ? "event_loop" : config.Name;
        _idle = config.IdleStrategy;
        _clock = TscClock.Shared;
        _tasks = new Action?[capacity];
        _raw = new RawTask[capacity];
        _rawRunner = rawRunner;
        _free = new MpmcQueue<int>(capacity, WaitStrategy.BusySpin);
        for (int i = 0; i < capacity; i++)
            _free.TryPush(i);
        for (int p = 0; p < Levels; p++)
            _inbox[p] = new MpmcQueue<Entry>(capacity, WaitStrategy.BusySpin);
        _wheel = new TimerWheel(new TimerWheelConfig
        {
            TickNs = tick,
            StartNs = _clock.NowNanoseconds(),
            InitialTimers = Math.Min(capacity, 1024),
            MaxTimers = capacity,
            Name = "event_loop_timers", // not derived from Name: a 128-character name would make it too long
        });
    }

    /// <summary>A loop with every setting at its default.</summary>
    public EventLoop() : this(new EventLoopConfig(), null)
    {
    }

    /// <summary>The loop's name.</summary>
    public string Name { get; }

    /// <summary>Called on the owner thread with the exception of a task that threw (after it was counted); an exception it throws itself is swallowed.</summary>
    public Action<Exception>? OnError { get; set; }

    /// <summary>
    /// Called on the owner thread by the first RunOnce, RunFor or Run, before any task runs (for example to pin the
    /// thread to a CPU). If it throws, that call throws and runs nothing, and the next run calls it again.
    /// </summary>
    public Action? OnFirstRun { get; set; }

    /// <summary>
    /// Whether owner-only members check the calling thread (default true). Turn it off only when the calls are
    /// serialized some other way (the C ABI's handle table checks the owner itself, and veloz_handle_share turns that off).
    /// </summary>
    public bool CheckThread { get; set; } = true;

    /// <summary>True when <see cref="EventLoopConfig.TaskCapacity"/> tasks wait: a post now fails.</summary>
    public bool IsFull => _free.IsEmpty;

    /// <summary>The clock the loop reads (ns): delayed tasks' deadlines are on it.</summary>
    public long NowNs => _clock.NowNanoseconds();

    /// <summary>Post-to-run latency of the tasks run, in ns (for a delayed task, from its deadline). Read it on the owner thread.</summary>
    public Histogram Latency => _latency;

    // ---- posting ----

    /// <summary>Posts <paramref name="task"/> to run on the loop's thread, from any thread; false when <see cref="EventLoopConfig.TaskCapacity"/> tasks wait.</summary>
    public bool TryPost(Action task, LoopPriority priority = LoopPriority.Normal)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Enqueue(task, default, priority);
    }

    /// <summary>Posts <paramref name="task"/> from any thread; throws <see cref="InvalidOperationException"/> when the loop is full.</summary>
    public void Post(Action task, LoopPriority priority = LoopPriority.Normal)
    {
        if (!TryPost(task, priority))
            throw new InvalidOperationException($"the event loop '{Name}' is full: {_tasks.Length} tasks wait (task_capacity)");
    }

    /// <summary>
    /// Posts a raw task (<paramref name="function"/> ≠ 0 and <paramref name="context"/>, run by the loop's
    /// <see cref="IRawTaskRunner"/>) from any thread; false when the loop is full.
    /// </summary>
    public bool TryPost(nint function, nint context, LoopPriority priority = LoopPriority.Normal)
    {
        CheckRaw(function);
        return Enqueue(null, new RawTask { Function = function, Context = context }, priority);
    }

    /// <summary>An immediate post of either kind, from any thread.</summary>
    private bool Enqueue(Action? task, RawTask raw, LoopPriority priority)
    {
        int level = Level(priority);
        if (!_free.TryPop(out int slot))
            return RefusePost();
        _tasks[slot] = task;
        _raw[slot] = raw;
        // The inbox holds as many entries as there are slots: a slot in hand means room.
        // Raw ticks (no conversion on the posting thread) and no shared counter: the owner counts what it drains.
        _inbox[level].TryPush(new Entry { Slot = slot, Since = (long)_clock.ReadTicks() });
        if (Volatile.Read(ref _sleeping) != 0)
            _wake.Set();
        return true;
    }

    /// <summary>Schedules a raw task at <paramref name="deadlineNs"/>; see <see cref="PostAt(long, Action, LoopPriority)"/>. Owner thread only.</summary>
    public ulong PostAt(long deadlineNs, nint function, nint context, LoopPriority priority = LoopPriority.Normal)
    {
        CheckRaw(function);
        return Delay(deadlineNs, null, new RawTask { Function = function, Context = context }, priority);
    }

    /// <summary>
    /// Schedules <paramref name="task"/> to run at <paramref name="deadlineNs"/> (on <see cref="NowNs"/>'s clock) at
    /// <paramref name="priority"/>; returns an id for <see cref="Cancel"/> (never 0), or 0 when the loop is full or the
    /// deadline is beyond the wheel's range. Owner thread only.
    /// </summary>
    public ulong PostAt(long deadlineNs, Action task, LoopPriority priority = LoopPriority.Normal)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Delay(deadlineNs, task, default, priority);
    }

    private ulong Delay(long deadlineNs, Action? task, RawTask raw, LoopPriority priority)
    {
        int level = Level(priority);
        CheckOwner();
        if (!_free.TryPop(out int slot))
        {
            RefusePost();
            return 0;
        }
        if (_wheel.TrySchedule(deadlineNs, (uint)slot | ((ulong)level << 32), out ulong id) != TimerResult.Ok)
        {
            _free.TryPush(slot);
            RefusePost();
            return 0;
        }
        _tasks[slot] = task;
        _raw[slot] = raw;
        _posted++;
        return id;
    }

    /// <summary>Schedules <paramref name="task"/> <paramref name="delayNs"/> (≥ 0) from now; see <see cref="PostAt(long, Action, LoopPriority)"/>.</summary>
    public ulong PostAfter(long delayNs, Action task, LoopPriority priority = LoopPriority.Normal) =>
        delayNs < 0 ? throw new ArgumentOutOfRangeException(nameof(delayNs), delayNs, "must be >= 0") : PostAt(_clock.NowNanoseconds() + delayNs, task, priority);

    /// <summary>Cancels a delayed task that has not come due; false when it already ran, came due, was cancelled, or never existed. Owner thread only.</summary>
    public bool Cancel(ulong id)
    {
        CheckOwner();
        if (!_wheel.TryGetPayload(id, out ulong payload) || _wheel.Cancel(id) != TimerResult.Ok)
            return false;
        int slot = (int)(uint)payload;
        _tasks[slot] = null;
        _raw[slot] = default;
        _free.TryPush(slot);
        _cancelled++;
        return true;
    }

    // ---- running ----

    /// <summary>Runs every task due now (the ones posted or come due while it runs wait for the next call); returns how many ran. Owner thread only.</summary>
    public int RunOnce()
    {
        Enter();
        try
        {
            FirstRun();
            return RunDue(honourStop: false);
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Runs the loop for <paramref name="durationNs"/>, idling by the loop's strategy; returns the tasks run. <see cref="Stop"/> ends it early.</summary>
    public long RunFor(long durationNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(durationNs);
        return RunUntil(_clock.NowNanoseconds() + durationNs);
    }

    /// <summary>Runs the loop until <see cref="Stop"/>; returns the tasks run.</summary>
    public long Run() => RunUntil(long.MaxValue);

    /// <summary>Makes <see cref="Run"/> or <see cref="RunFor"/> return after the task that runs now (from any thread, also from a task). A stop with the loop not running makes its next Run return at once.</summary>
    public void Stop()
    {
        _stop = true;
        _wake.Set();
    }

    /// <summary>The loop's counters (the owner's exact values; from another thread, recent ones).</summary>
    public EventLoopStatistics Statistics => new()
    {
        Name = Name,
        Posted = Volatile.Read(ref _posted) + Volatile.Read(ref _received) + InboxCount,
        FailedPosts = Interlocked.Read(ref _failedPosts),
        RunCritical = _run[0],
        RunNormal = _run[1],
        RunBackground = _run[2],
        Failed = _failed,
        Cancelled = _cancelled,
        LateTimers = _lateTimers,
        StarvationPromotions = _promotions,
        Waiting = InboxCount + _ready[0].Count + _ready[1].Count + _ready[2].Count + _wheel.Pending,
        Delayed = _wheel.Count - _wheel.Pending,
        BusyNs = _busyNs,
        IdleNs = _idleNs,
    };

    /// <summary>Releases the wake-up event (the inboxes are pinned arrays on the GC heap: nothing else to free). No thread may use the loop afterwards.</summary>
    public void Dispose()
    {
        _wake.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The start of every run: the owner's thread, not from inside a task.</summary>
    private void Enter()
    {
        CheckOwner();
        if (_running)
            throw new InvalidOperationException($"the event loop '{Name}' is already running on this thread: a task may not run the loop");
        _running = true;
    }

    private long InboxCount => _inbox[0].Count + _inbox[1].Count + _inbox[2].Count;

    private long RunUntil(long endNs)
    {
        Enter();
        long total = 0;
        try
        {
            FirstRun();
            int spins = 0;
            long mark = _clock.NowNanoseconds();
            while (true)
            {
                // A stop is consumed where it ends a run; one that arrives as a run ends by time stays for the next.
                if (_stop)
                {
                    _stop = false;
                    break;
                }
                int ran = RunDue(honourStop: true);
                long now = _clock.NowNanoseconds();
                if (ran > 0)
                {
                    total += ran;
                    _busyNs += now - mark;
                    spins = 0;
                }
                else
                {
                    if (now >= endNs) break;
                    Idle(ref spins, now, endNs);
                    long after = _clock.NowNanoseconds();
                    _idleNs += after - now + (now - mark);
                    now = after;
                }
                mark = now;
                if (now >= endNs) break;
            }
        }
        finally
        {
            _running = false;
        }
        return total;
    }

    private void Idle(ref int spins, long now, long endNs)
    {
        if (_idle == LoopIdleStrategy.BusySpin || ++spins < _spinIterations)
        {
            Thread.SpinWait(1);
            return;
        }
        if (_idle == LoopIdleStrategy.SpinThenYield)
        {
            Thread.Yield();
            return;
        }
        // Sleep until the next delayed task, the end, or a post (the poster sets _wake after it sees _sleeping).
        _wake.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        if (!HasWork())
        {
            long until = Math.Min(Math.Min(_wheel.NextDeadline, endNs), now + 1_000_000_000);
            long waitNs = until - now;
            // The event's timeout is whole milliseconds: a shorter wait yields instead (never oversleeps a
            // deadline), a longer one sleeps the whole milliseconds before it and polls the rest.
            if (waitNs >= 1_000_000)
                _wake.Wait((int)(waitNs / 1_000_000));
            else if (waitNs > 0)
                Thread.Yield();
        }
        Volatile.Write(ref _sleeping, 0);
        spins = 0;
    }

    private bool HasWork() => _stop || InboxCount > 0 || _wheel.NextDeadline <= _clock.NowNanoseconds();

    /// <summary>Moves what is due into the ready rings, then runs as many tasks as were ready then.</summary>
    private int RunDue(bool honourStop)
    {
        long now = _clock.NowNanoseconds();
        // Delayed tasks that came due, in deadline order, into their priority's ring.
        int fired;
        while ((fired = _wheel.Advance(Math.Max(now, _wheel.Now), _expired)) > 0)
        {
            for (int i = 0; i < fired; i++)
            {
                ref TimerExpiry e = ref _expired[i];
                if (e.LateNs > _wheel.TickNs) _lateTimers++;
                _ready[(int)(e.Payload >> 32)].Push(new Entry { Slot = (int)(uint)e.Payload, Since = e.Deadline, Delayed = 1 });
            }
            if (fired < _expired.Length) break;
        }
        // Posted tasks, as many as are in the inboxes now.
        for (int p = 0; p < Levels; p++)
        {
            int n;
            while ((n = _inbox[p].PopBatch(_batch)) > 0)
            {
                for (int i = 0; i < n; i++) _ready[p].Push(_batch[i]);
                _received += n;
                if (n < _batch.Length) break;
            }
        }
        int due = _ready[0].Count + _ready[1].Count + _ready[2].Count;
        int ran = 0;
        for (; ran < due && !(honourStop && _stop); ran++)
            RunOne(Pick());
        return ran;
    }

    /// <summary>The priority to run next: the highest with a task, unless a lower one has waited through the starvation limit.</summary>
    private int Pick()
    {
        int level = _ready[0].Count > 0 ? 0 : _ready[1].Count > 0 ? 1 : 2;
        for (int lower = Levels - 1; lower > level; lower--)
        {
            if (_ready[lower].Count > 0 && _passed[lower] >= _starvationLimit)
            {
                _promotions++;
                return lower;
            }
        }
        return level;
    }

    private void RunOne(int level)
    {
        Entry entry = _ready[level].Pop();
        for (int lower = level + 1; lower < Levels; lower++)
            if (_ready[lower].Count > 0) _passed[lower]++;
        _passed[level] = 0;
        Action? task = _tasks[entry.Slot];
        RawTask raw = _raw[entry.Slot];
        _tasks[entry.Slot] = null;
        _raw[entry.Slot] = default;
        _free.TryPush(entry.Slot);
        long start = _clock.NowNanoseconds();
        long since = entry.Delayed != 0 ? entry.Since : _clock.TicksToNanoseconds((ulong)entry.Since);
        _latency.Record(Math.Max(0, start - since));
        _run[level]++;
        try
        {
            if (task != null) task();
            else _rawRunner!.Run(raw.Function, raw.Context);
        }
        catch (Exception e)
        {
            _failed++;
            try
            {
                OnError?.Invoke(e);
            }
            catch
            {
                // The error handler's own failure must not stop the loop either.
            }
        }
    }

    private void FirstRun()
    {
        if (_started) return;
        OnFirstRun?.Invoke();
        _started = true;
    }

    private void CheckOwner()
    {
        if (!CheckThread) return;
        int me = Environment.CurrentManagedThreadId;
        int owner = Volatile.Read(ref _owner);
        if (owner == me) return;
        if (owner == 0 && Interlocked.CompareExchange(ref _owner, me, 0) == 0) return;
        throw new InvalidOperationException($"the event loop '{Name}' belongs to managed thread {Volatile.Read(ref _owner)}, the first to run it, but was called from thread {me}: only posts and Stop may come from other threads");
    }

    private void CheckRaw(nint function)
    {
        if (function == 0)
            throw new ArgumentException("function must not be 0 (NULL)", nameof(function));
        if (_rawRunner is null)
            throw new InvalidOperationException($"the event loop '{Name}' was created without a raw task runner: post Action tasks");
    }

    private bool RefusePost()
    {
        Interlocked.Increment(ref _failedPosts);
        return false;
    }

    private static int Level(LoopPriority priority) =>
        (uint)priority < Levels ? (int)priority : throw new ArgumentOutOfRangeException(nameof(priority), priority, "must be Critical, Normal or Background");

    /// <summary>An owner-only FIFO ring of entries; grows by doubling (never in steady state: at most TaskCapacity entries wait).</summary>
    private sealed class Ready
    {
        private Entry[] _items = new Entry[64];
        private int _head;
        private int _count;

        public int Count => _count;

        public void Push(in Entry entry)
        {
            if (_count == _items.Length) Grow();
            _items[(_head + _count) & (_items.Length - 1)] = entry;
            _count++;
        }

        public Entry Pop()
        {
            Entry entry = _items[_head];
            _head = (_head + 1) & (_items.Length - 1);
            _count--;
            return entry;
        }

        private void Grow()
        {
            var bigger = new Entry[_items.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
            _items = bigger;
            _head = 0;
        }
    }
}

/// <summary>Runs the raw tasks of an <see cref="EventLoop"/> (a function and a context, as the C ABI posts them) on the loop's thread.</summary>
public interface IRawTaskRunner
{
    /// <summary>Runs one raw task. An exception is reported like a task's (<see cref="EventLoop.OnError"/>).</summary>
    void Run(nint function, nint context);
}
