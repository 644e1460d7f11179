using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Interop;

/// <summary>The OS id of the calling thread (what gdb, top and Python's threading.get_native_id show), for messages.</summary>
internal static unsafe class OsThread
{
    private static readonly delegate* unmanaged[Cdecl]<int> s_gettid = Bind();

    /// <summary>gettid(), or the managed thread id where libc has no gettid.</summary>
    public static int CurrentId => s_gettid != null ? s_gettid() : Environment.CurrentManagedThreadId;

    private static delegate* unmanaged[Cdecl]<int> Bind()
    {
        // A plain DllImport of "libc" can resolve to glibc's linker script libc.so and fail: bind by the real name.
        if (OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out nint libc) && NativeLibrary.TryGetExport(libc, "gettid", out nint gettid))
            return (delegate* unmanaged[Cdecl]<int>)gettid;
        return null;
    }
}
