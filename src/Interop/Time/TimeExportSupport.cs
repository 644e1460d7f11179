using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Interop;

/// <summary>What the clock and time-sync exports share: failure messages that name the function.</summary>
internal static unsafe class TimeExportSupport
{
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
