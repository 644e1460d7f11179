using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace VeloZ.Interop;

/// <summary>The OS id of the calling thread (what gdb, top and Python's threading.get_native_id show), for messages.</summary>
internal static unsafe class OsThread
{
    private static readonly delegate* unmanaged[Cdecl]<int> s_gettid = (delegate* unmanaged[Cdecl]<int>)Bind("gettid");
    private static readonly delegate* unmanaged[Cdecl]<nuint> s_pthreadSelf = (delegate* unmanaged[Cdecl]<nuint>)Bind("pthread_self");
    private static readonly delegate* unmanaged[Cdecl]<nuint, byte*, int> s_getattr = (delegate* unmanaged[Cdecl]<nuint, byte*, int>)Bind("pthread_getattr_np");
    private static readonly delegate* unmanaged[Cdecl]<byte*, nuint*, nuint*, int> s_getstack = (delegate* unmanaged[Cdecl]<byte*, nuint*, nuint*, int>)Bind("pthread_attr_getstack");
    private static readonly delegate* unmanaged[Cdecl]<byte*, int> s_destroy = (delegate* unmanaged[Cdecl]<byte*, int>)Bind("pthread_attr_destroy");

    /// <summary>gettid(), or the managed thread id where libc has no gettid.</summary>
    public static int CurrentId => s_gettid != null ? s_gettid() : Environment.CurrentManagedThreadId;

    /// <summary>The calling thread's stack, [low, low + size); size 0 where libc cannot tell.</summary>
    public static void GetStack(out nuint low, out nuint size)
    {
        low = 0;
        size = 0;
        if (s_pthreadSelf == null || s_getattr == null || s_getstack == null || s_destroy == null)
            return;
        // pthread_attr_t is 56 bytes in glibc on x86-64 and 64 on aarch64: leave room.
        byte* attr = stackalloc byte[256];
        if (s_getattr(s_pthreadSelf(), attr) != 0)
            return;
        nuint address, bytes;
        if (s_getstack(attr, &address, &bytes) == 0)
        {
            low = address;
            size = bytes;
        }
        s_destroy(attr);
    }

    /// <summary>The address of glibc's <paramref name="name"/>, or 0 where there is none (not Linux, or not glibc).</summary>
    internal static nint Bind(string name)
    {
        // A plain DllImport of "libc" can resolve to glibc's linker script libc.so and fail: bind by the real name.
        if (OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out nint libc) && NativeLibrary.TryGetExport(libc, name, out nint address))
            return address;
        return 0;
    }
}
