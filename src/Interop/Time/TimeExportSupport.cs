using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Interop;

/// <summary>What the clock and time-sync exports share: the struct_size rule for out structs and failure messages that name the function.</summary>
internal static unsafe class TimeExportSupport
{
    /// <summary>A struct_size above this is a caller bug (garbage in the field), not a newer header.</summary>
    public const uint MaxStructSize = 4096;

    /// <summary>Copies the first min(<paramref name="size"/>, sizeof(T)) bytes of <paramref name="source"/> to the caller's struct.</summary>
    public static void CopyOut<T>(T* source, T* destination, uint size) where T : unmanaged
    {
        uint bytes = Math.Min(size, (uint)sizeof(T));
        Unsafe.CopyBlockUnaligned(destination, source, bytes);
    }

    /// <summary>Maps an exception to its status and records a message that starts with <paramref name="function"/>.</summary>
    public static Status Fail(string function, Exception e)
    {
        Status status = LastError.FromException(e);
        try
        {
            return LastError.Set(status, $"{function}: {LastError.Message}");
        }
        catch
        {
            return status;
        }
    }
}
