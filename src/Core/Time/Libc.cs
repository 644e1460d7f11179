using System;
using System.Runtime.InteropServices;

namespace VeloZ.Time;

/// <summary>
/// The few libc functions the clock needs, bound at run time through <see cref="NativeLibrary"/> so a
/// missing or unusual libc degrades to the managed fallbacks instead of throwing from a static
/// constructor. (A plain DllImport of "libc" can resolve to glibc's linker script libc.so and fail.)
/// </summary>
internal static unsafe class Libc
{
    public const int ClockRealtime = 0;
    public const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    public const int MapPrivate = 0x02, MapAnonymous = 0x20; // Linux values
    public const int PrGetTsc = 25, PrTscEnable = 1;

    /// <summary><c>int clock_gettime(clockid_t, struct timespec*)</c>; null when unavailable. Fast (vDSO), never blocks: no GC transition.</summary>
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<int, Timespec*, int> ClockGetTime;
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, int, int, int, long, nint> Mmap;
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, int, int> Mprotect;
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, int> Munmap;
    public static readonly delegate* unmanaged[Cdecl]<int, nuint, nuint, nuint, nuint, int> Prctl;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    static Libc()
    {
        if (!OperatingSystem.IsLinux())
            return;
        if (!NativeLibrary.TryLoad("libc.so.6", out nint handle) && !NativeLibrary.TryLoad("libc.so", out handle))
            return;
        if (NativeLibrary.TryGetExport(handle, "clock_gettime", out nint p))
            ClockGetTime = (delegate* unmanaged[Cdecl, SuppressGCTransition]<int, Timespec*, int>)p;
        if (NativeLibrary.TryGetExport(handle, "mmap", out p))
            Mmap = (delegate* unmanaged[Cdecl]<nint, nuint, int, int, int, long, nint>)p;
        if (NativeLibrary.TryGetExport(handle, "mprotect", out p))
            Mprotect = (delegate* unmanaged[Cdecl]<nint, nuint, int, int>)p;
        if (NativeLibrary.TryGetExport(handle, "munmap", out p))
            Munmap = (delegate* unmanaged[Cdecl]<nint, nuint, int>)p;
        if (NativeLibrary.TryGetExport(handle, "prctl", out p))
            Prctl = (delegate* unmanaged[Cdecl]<int, nuint, nuint, nuint, nuint, int>)p;
    }

    /// <summary>CLOCK_REALTIME in Unix-epoch nanoseconds; <see cref="DateTime.UtcNow"/> (100 ns steps) without libc.</summary>
    public static long RealtimeNanoseconds()
    {
        var clockGetTime = ClockGetTime;
        if (clockGetTime != null)
        {
            Timespec ts;
            if (clockGetTime(ClockRealtime, &ts) == 0)
                return ts.Seconds * 1_000_000_000L + ts.Nanoseconds;
        }
        return (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
    }
}
