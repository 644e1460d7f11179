using System;
using System.Runtime.InteropServices;
using VeloZ.Loop;

namespace VeloZ.Interop;

// The C face of VeloZ.Loop.EventLoop. A task is a C function and a context: void (*)(void* context), run on the
// loop's owner thread (DESIGN rule 9). Posts and stop take any thread; running, delayed posts and cancel belong to
// the owner (Export.Owned: the first thread that uses one of them).

/// <summary>Exports of the event loop.</summary>
public static unsafe class EventLoopExports
{
    /// <summary>
    /// Creates an event loop. <paramref name="config"/> may be NULL (all defaults: busy spin, 65,536 tasks, 100 µs timer
    /// tick). Creating does not make the calling thread the owner: the first thread that runs the loop, posts a
    /// delayed task, cancels or reads stats does. On success stores the handle in <paramref name="out"/>; on failure NULL. VELOZ_E_INVALID_ARGUMENT for a
    /// NULL out, a bad struct_size or a field out of range (the message names it).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_event_loop_create([Const] VelozEventLoopConfig* config, EventLoopHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            VelozEventLoopConfig c = Export.ConfigIn(config);
            Export.KnownFlags(c.Flags, (uint)VelozEventLoopConfigFlags.PinThread, "config->flags");
            if (c.Reserved != 0)
                Export.Throw(Status.EInvalidArgument, $"config->reserved must be 0, got {c.Reserved}");
            bool pin = (c.Flags & (uint)VelozEventLoopConfigFlags.PinThread) != 0;
            int cpu = c.PinCpu;
            if (pin && (cpu < 0 || cpu > VeloZ.Threading.CpuList.MaxCpu))
                Export.Throw(Status.EInvalidArgument, $"config->pin_cpu must be 0..{VeloZ.Threading.CpuList.MaxCpu}, got {cpu}");
            var settings = new EventLoopConfig
            {
                TaskCapacity = c.TaskCapacity,
                TimerTickNs = c.TimerTickNs,
                StarvationLimit = c.StarvationLimit,
                SpinIterations = c.SpinIterations,
                IdleStrategy = c.IdleStrategy == 0 ? LoopIdleStrategy.BusySpin : Export.ByteEnum<LoopIdleStrategy>(c.IdleStrategy, "config->idle_strategy"),
                Name = Export.Utf8In(c.Name, Export.MaxNameBytes, "config->name"),
            };
            // The handle table checks the owner (and veloz_handle_share turns that off): Core's own check would not.
            var loop = new EventLoop(settings, NativeTaskRunner.Instance) { CheckThread = false };
            if (pin)
                loop.OnFirstRun = () => Affinity.Set(new[] { cpu });
            *@out = Export.Register<EventLoopHandle>(loop, HandleTag.EventLoop);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Destroys a loop; tasks not yet run are dropped. NULL or a destroyed handle is a no-op. The loop must not be running, and no thread may be posting.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_event_loop_destroy(EventLoopHandle* loop)
    {
        try
        {
            Export.Destroy<EventLoop>(loop, HandleTag.EventLoop)?.Dispose();
        }
        catch
        {
            // Nothing to report through a void function.
        }
    }

    /// <summary>
    /// Posts <paramref name="task"/>(<paramref name="context"/>) to run on the loop's thread at
    /// <paramref name="priority"/> (a veloz_loop_priority), from any thread, lock-free; it wakes a sleeping loop.
    /// VELOZ_E_FULL (no message formatted unless asked) when task_capacity tasks wait; VELOZ_E_INVALID_ARGUMENT for a
    /// NULL task or an unknown priority.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_post))]
    [ThreadContract("thread-safe")]
    public static Status veloz_event_loop_post(EventLoopHandle* loop, delegate* unmanaged[Cdecl]<void*, void> task, void* context,
        [CSpelling("veloz_loop_priority")] int priority)
    {
        try
        {
            EventLoop target = Export.Object<EventLoop>(loop, HandleTag.EventLoop, "loop");
            LoopPriority level = Priority(priority);
            NonNull(task);
            return target.TryPost((nint)task, (nint)context, level) ? Status.Ok : LoopOutcome.Full();
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Schedules <paramref name="task"/>(<paramref name="context"/>) to run at <paramref name="deadline_ns"/>
    /// (veloz_clock_now_ns's clock), exactly then or later, never earlier; stores an id for veloz_event_loop_cancel in
    /// <paramref name="out_id"/> (0 on failure). VELOZ_E_FULL when task_capacity tasks wait; VELOZ_E_INVALID_ARGUMENT
    /// for a deadline beyond the timer wheel's range, a NULL task or out_id, an unknown priority.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_post_at))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_post_at(EventLoopHandle* loop, long deadline_ns, delegate* unmanaged[Cdecl]<void*, void> task, void* context,
        [CSpelling("veloz_loop_priority")] int priority, ulong* out_id)
    {
        if (out_id != null) *out_id = 0;
        try
        {
            return Delay(Owned(loop), deadline_ns, task, context, priority, out_id, nameof(veloz_event_loop_post_at));
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>As veloz_event_loop_post_at, <paramref name="delay_ns"/> (≥ 0) from now.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_post_after))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_post_after(EventLoopHandle* loop, long delay_ns, delegate* unmanaged[Cdecl]<void*, void> task, void* context,
        [CSpelling("veloz_loop_priority")] int priority, ulong* out_id)
    {
        if (out_id != null) *out_id = 0;
        try
        {
            EventLoop target = Owned(loop);
            if (delay_ns < 0)
                Export.Throw(Status.EInvalidArgument, $"delay_ns must be >= 0, got {delay_ns}");
            return Delay(target, target.NowNs + delay_ns, task, context, priority, out_id, nameof(veloz_event_loop_post_after));
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Cancels a delayed task not yet due: it never runs. VELOZ_E_NOT_FOUND when it ran, came due, was cancelled, or never existed.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_cancel))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_cancel(EventLoopHandle* loop, ulong id)
    {
        try
        {
            return Owned(loop).Cancel(id) ? Status.Ok : LastError.Set(Status.ENotFound, $"veloz_event_loop_cancel: no delayed task 0x{id:X} waits: it ran, came due, was cancelled, or never existed");
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Runs every task due now (tasks posted meanwhile wait for the next call); stores how many ran in <paramref name="ran"/>. VELOZ_E_STATE from inside a task.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_run_once))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_run_once(EventLoopHandle* loop, int* ran)
    {
        try
        {
            EventLoop target = Owned(loop);
            ref int count = ref Export.Out(ran);
            count = 0;
            count = target.RunOnce();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Runs the loop for <paramref name="duration_ns"/> (≥ 0), idling by its strategy, or until veloz_event_loop_stop; stores the tasks run in <paramref name="ran"/>. VELOZ_E_STATE from inside a task.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_run_for))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_run_for(EventLoopHandle* loop, long duration_ns, long* ran)
    {
        try
        {
            EventLoop target = Owned(loop);
            ref long count = ref Export.Out(ran);
            Export.NotNegative(duration_ns, "duration_ns");
            count = 0;
            count = target.RunFor(duration_ns);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Runs the loop until veloz_event_loop_stop (from any thread or a task); stores the tasks run in <paramref name="ran"/>. VELOZ_E_STATE from inside a task.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_run))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_run(EventLoopHandle* loop, long* ran)
    {
        try
        {
            EventLoop target = Owned(loop);
            ref long count = ref Export.Out(ran);
            count = 0;
            count = target.Run();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Makes veloz_event_loop_run or run_for return after the task running now, from any thread or from a task; a stop while the loop is not running makes its next run return at once.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_stop))]
    [ThreadContract("thread-safe")]
    public static Status veloz_event_loop_stop(EventLoopHandle* loop)
    {
        try
        {
            Export.Object<EventLoop>(loop, HandleTag.EventLoop, "loop").Stop();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the loop's counters and its post-to-run latency percentiles. The caller sets
    /// out->struct_size. Owner thread only (the latency histogram is the owner's).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_event_loop_get_stats))]
    [ThreadContract("owner thread only")]
    public static Status veloz_event_loop_get_stats(EventLoopHandle* loop, VelozEventLoopStats* @out)
    {
        try
        {
            EventLoop target = Owned(loop);
            Export.CheckStructOut(@out);
            EventLoopStatistics s = target.Statistics;
            var stats = new VelozEventLoopStats
            {
                Posted = s.Posted,
                FailedPosts = s.FailedPosts,
                RunCritical = s.RunCritical,
                RunNormal = s.RunNormal,
                RunBackground = s.RunBackground,
                Cancelled = s.Cancelled,
                LateTimers = s.LateTimers,
                StarvationPromotions = s.StarvationPromotions,
                Waiting = s.Waiting,
                Delayed = s.Delayed,
                BusyNs = s.BusyNs,
                IdleNs = s.IdleNs,
                LatencyP50Ns = target.Latency.Count == 0 ? 0 : target.Latency.ValueAtPercentile(50),
                LatencyP99Ns = target.Latency.Count == 0 ? 0 : target.Latency.ValueAtPercentile(99),
                LatencyP999Ns = target.Latency.Count == 0 ? 0 : target.Latency.ValueAtPercentile(99.9),
                LatencyMaxNs = target.Latency.Count == 0 ? 0 : target.Latency.Max,
            };
            Export.StructOut(@out, stats);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static Status Delay(EventLoop target, long deadline, delegate* unmanaged[Cdecl]<void*, void> task, void* context, int priority, ulong* out_id, string function)
    {
        ref ulong id = ref Export.Out(out_id);
        LoopPriority level = Priority(priority);
        NonNull(task);
        id = target.PostAt(deadline, (nint)task, (nint)context, level);
        return id != 0 ? Status.Ok : LoopOutcome.Refused(target, deadline, function);
    }

    private static LoopPriority Priority(int priority) => Export.ByteEnum<LoopPriority>(priority, "priority");

    private static void NonNull(delegate* unmanaged[Cdecl]<void*, void> task)
    {
        if (task == null)
            Export.Throw(Status.EInvalidArgument, "task is NULL");
    }

    private static EventLoop Owned(EventLoopHandle* loop) => Export.Owned<EventLoop>(loop, HandleTag.EventLoop, "loop");

    /// <summary>Runs a C task: the function pointer and its context.</summary>
    private sealed class NativeTaskRunner : IRawTaskRunner
    {
        public static readonly NativeTaskRunner Instance = new();

        public void Run(nint function, nint context) => ((delegate* unmanaged[Cdecl]<void*, void>)function)((void*)context);
    }
}

/// <summary>The statuses of the event loop.</summary>
internal static class LoopOutcome
{
    /// <summary>VELOZ_E_FULL for a post to a full loop (deferred message: a full loop is a normal outcome under load).</summary>
    public static unsafe Status Full([System.Runtime.CompilerServices.CallerMemberName] string function = "")
    {
        var values = new DeferredError { Function = function };
        return LastError.SetDeferred(Status.EFull, &FormatFull, in values);
    }

    private static string FormatFull(in DeferredError e) => $"{e.Function}: the event loop is full: task_capacity tasks wait";

    /// <summary>Why a delayed post was refused: the loop is full, or the deadline is out of the timer wheel's range.</summary>
    public static Status Refused(EventLoop loop, long deadline, string function) => loop.IsFull
        ? Full(function)
        : LastError.Set(Status.EInvalidArgument, $"{function}: deadline {deadline} ns is outside the loop's timer range (now {loop.NowNs} ns; times are 0..2^62)");
}
