using System;
using System.Runtime.InteropServices;
using VeloZ.Threading;

namespace VeloZ.Interop;

// CPU affinity of the calling thread and the CPUs the kernel reports. Every function acts on the thread that calls
// it, so each is thread-safe. Lists of CPUs cross as int32 arrays, sorted ascending.

/// <summary>Exports of thread pinning and CPU topology.</summary>
public static unsafe class ThreadExports
{
    /// <summary>Returns the number of online CPUs (at least 1); the highest CPU number may be larger where CPUs are offline.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_cpu_count))]
    [ThreadContract("thread-safe")]
    public static int veloz_thread_cpu_count()
    {
        try
        {
            return Math.Max(1, CpuTopology.Online().Length);
        }
        catch
        {
            return Math.Max(1, Environment.ProcessorCount);
        }
    }

    /// <summary>Returns the CPU the calling thread runs on at this instant (sched_getcpu), or -1 where the OS cannot tell.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_current_cpu))]
    [ThreadContract("thread-safe")]
    public static int veloz_thread_current_cpu()
    {
        try
        {
            return Affinity.CurrentCpu;
        }
        catch
        {
            return -1;
        }
    }

    /// <summary>
    /// Pins the calling thread to <paramref name="cpu"/>: from now on it runs only there. VELOZ_E_INVALID_ARGUMENT,
    /// the affinity unchanged, for a CPU that does not exist or is not online (the message lists the online ones), or
    /// one this process may not use (taskset, the cgroup's cpuset; the message lists the thread's allowed CPUs).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_pin))]
    [ThreadContract("thread-safe")]
    public static Status veloz_thread_pin(int cpu)
    {
        try
        {
            Affinity.Set(new ReadOnlySpan<int>(&cpu, 1));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Restricts the calling thread to the <paramref name="count"/> CPUs at <paramref name="cpus"/> (at least one).
    /// Errors as veloz_thread_pin, and VELOZ_E_INVALID_ARGUMENT for a count below 1 or NULL cpus.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_set_affinity))]
    [ThreadContract("thread-safe")]
    public static Status veloz_thread_set_affinity([Const] int* cpus, int count)
    {
        try
        {
            Affinity.Set(Export.Array(cpus, count, "cpus", "count"));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes the CPUs the calling thread may run on (sorted) to <paramref name="cpus"/> and their number to
    /// <paramref name="written"/>. If <paramref name="capacity"/> is too small, returns VELOZ_E_BUFFER_TOO_SMALL,
    /// writes no CPU and sets *written to the capacity needed; cpus may be NULL with capacity 0 to ask for it.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_get_affinity))]
    [ThreadContract("thread-safe")]
    public static Status veloz_thread_get_affinity(int* cpus, int capacity, int* written)
    {
        try
        {
            return ListOut(Affinity.Get(), cpus, capacity, written);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes the CPUs the kernel isolated from the scheduler (isolcpus=, /sys/devices/system/cpu/isolated) to
    /// <paramref name="cpus"/>; *written 0 when there are none or the kernel does not say. Buffer as
    /// veloz_thread_get_affinity.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_isolated_cpus))]
    [ThreadContract("thread-safe")]
    public static Status veloz_thread_isolated_cpus(int* cpus, int capacity, int* written)
    {
        try
        {
            return ListOut(CpuTopology.Isolated(), cpus, capacity, written);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes the CPUs in full dynticks mode (nohz_full=, /sys/devices/system/cpu/nohz_full) to
    /// <paramref name="cpus"/>; *written 0 when there are none or the kernel does not say. Buffer as
    /// veloz_thread_get_affinity.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_thread_nohz_full_cpus))]
    [ThreadContract("thread-safe")]
    public static Status veloz_thread_nohz_full_cpus(int* cpus, int capacity, int* written)
    {
        try
        {
            return ListOut(CpuTopology.NohzFull(), cpus, capacity, written);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static Status ListOut(int[] list, int* cpus, int capacity, int* written)
    {
        ref int writtenOut = ref Export.Out(written);
        Span<int> buffer = Export.Array(cpus, capacity, "cpus", "capacity");
        if (list.Length > capacity)
        {
            writtenOut = list.Length;
            Export.Throw(Status.EBufferTooSmall, $"capacity {capacity} is too small, {list.Length} CPUs are needed");
        }
        list.CopyTo(buffer);
        writtenOut = list.Length;
        return Status.Ok;
    }
}
