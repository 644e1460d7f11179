using System;
using System.Runtime.InteropServices;
using VeloZ.Threading;

namespace VeloZ.Interop;

/// <summary>
/// The calling thread's CPU affinity through glibc (sched_setaffinity, sched_getaffinity, sched_getcpu), bound by
/// name through <see cref="OsThread.Bind"/>. Masks are 4096 bits, enough for <see cref="CpuList.MaxCpu"/>.
/// </summary>
internal static unsafe class Affinity
{
    private const int MaskBytes = (CpuList.MaxCpu + 1) / 8;
    private const int EINVAL = 22;

    private static readonly delegate* unmanaged[Cdecl]<int, nuint, byte*, int> s_set = (delegate* unmanaged[Cdecl]<int, nuint, byte*, int>)OsThread.Bind("sched_setaffinity");
    private static readonly delegate* unmanaged[Cdecl]<int, nuint, byte*, int> s_get = (delegate* unmanaged[Cdecl]<int, nuint, byte*, int>)OsThread.Bind("sched_getaffinity");
    private static readonly delegate* unmanaged[Cdecl]<int> s_getcpu = (delegate* unmanaged[Cdecl]<int>)OsThread.Bind("sched_getcpu");
    private static readonly delegate* unmanaged[Cdecl]<int*> s_errno = (delegate* unmanaged[Cdecl]<int*>)OsThread.Bind("__errno_location");

    /// <summary>The CPU the calling thread runs on now, or -1 where the OS cannot tell.</summary>
    public static int CurrentCpu => s_getcpu != null ? s_getcpu() : -1;

    /// <summary>The CPUs the calling thread may run on, sorted.</summary>
    public static int[] Get()
    {
        Require(s_get, "sched_getaffinity");
        byte* mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        if (s_get(0, MaskBytes, mask) != 0)
            Export.Throw(Status.EInternal, $"sched_getaffinity failed with errno {Errno()}");
        int count = 0;
        for (int cpu = 0; cpu <= CpuList.MaxCpu; cpu++)
            count += (mask[cpu >> 3] >> (cpu & 7)) & 1;
        var cpus = new int[count];
        for (int cpu = 0, i = 0; cpu <= CpuList.MaxCpu; cpu++)
            if (((mask[cpu >> 3] >> (cpu & 7)) & 1) != 0) cpus[i++] = cpu;
        return cpus;
    }

    /// <summary>
    /// Restricts the calling thread to <paramref name="cpus"/> (at least one). A CPU that does not exist, or one the
    /// process may not use (taskset, the cgroup's cpuset), is VELOZ_E_INVALID_ARGUMENT naming it; the thread's
    /// affinity is then unchanged.
    /// </summary>
    public static void Set(ReadOnlySpan<int> cpus)
    {
        Require(s_set, "sched_setaffinity");
        if (cpus.IsEmpty)
            Export.Throw(Status.EInvalidArgument, "at least one CPU is needed");
        int[] online = CpuTopology.Online();
        byte* mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        foreach (int cpu in cpus)
        {
            if (cpu < 0 || cpu > CpuList.MaxCpu || Array.BinarySearch(online, cpu) < 0)
                Export.Throw(Status.EInvalidArgument, $"cpu {cpu} does not exist: the online CPUs are {CpuList.Format(online)}");
            mask[cpu >> 3] |= (byte)(1 << (cpu & 7));
        }
        if (s_set(0, MaskBytes, mask) == 0)
            return;
        int errno = Errno();
        if (errno == EINVAL)
            Export.Throw(Status.EInvalidArgument,
                $"cpu {CpuList.Format(cpus)} is not allowed for this process (taskset or the cgroup's cpuset); this thread may use {CpuList.Format(Get())}");
        Export.Throw(errno == 1 ? Status.EState : Status.EInternal, $"sched_setaffinity failed with errno {errno}");
    }

    private static int Errno() => s_errno != null ? *s_errno() : 0;

    private static void Require(void* function, string name)
    {
        if (function == null)
            Export.Throw(Status.EUnsupported, $"{name} is not available: CPU affinity needs Linux with glibc");
    }
}
