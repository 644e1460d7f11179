using System;
using System.Text;
using System.Text.Unicode;

namespace VeloZ.Interop;

/// <summary>
/// The message of the most recent failure on the calling thread (docs/DESIGN.md rule 4). Success does not
/// clear it, like errno: a caller reads it right after a call returned an error.
/// </summary>
internal static class LastError
{
    [ThreadStatic] private static string? t_message;
    // A failure that is part of normal trading (a cancel racing a fill, a post-only order that would
    // cross) must not allocate: such callers store their values here and the text is formatted only
    // when somebody asks for it. t_format is null when t_message is current.
    [ThreadStatic] private static DeferredError t_deferred;
    [ThreadStatic] private static unsafe delegate*<in DeferredError, string> t_format;

    /// <summary>The message, or the empty string when this thread has seen no failure.</summary>
    public static unsafe string Message
    {
        get
        {
            var format = t_format;
            if (format != null)
            {
                t_format = null;
                t_message = format(in t_deferred);
            }
            return t_message ?? string.Empty;
        }
    }

    /// <summary>Records <paramref name="message"/> and returns <paramref name="status"/>, so an export can <c>return LastError.Set(...)</c>.</summary>
    public static unsafe Status Set(Status status, string message)
    {
        t_format = null;
        t_message = message;
        return status;
    }

    /// <summary>
    /// Records a failure without allocating: <paramref name="format"/> turns <paramref name="values"/> into
    /// the message later, when <c>veloz_last_error_message</c> asks. <paramref name="format"/> must be a
    /// static method that depends on nothing but its argument.
    /// </summary>
    public static unsafe Status SetDeferred(Status status, delegate*<in DeferredError, string> format, in DeferredError values)
    {
        t_deferred = values;
        t_format = format;
        return status;
    }

    /// <summary>Copies the message as NUL-terminated UTF-8 into <paramref name="buffer"/>; returns its full length in bytes.</summary>
    public static unsafe int CopyTo(byte* buffer, int capacity)
    {
        string message = Message;
        int needed = Encoding.UTF8.GetByteCount(message);
        if (buffer == null || capacity <= 0)
            return needed;
        var destination = new Span<byte>(buffer, capacity);
        if (needed < capacity)
        {
            Encoding.UTF8.GetBytes(message, destination);
            destination[needed] = 0;
        }
        else
        {
            // Truncate on a character boundary so the copy is always valid UTF-8. Utf8.FromUtf16 stops before a
            // character that does not fit (Encoder.Convert throws when not even one fits, e.g. capacity 1).
            Utf8.FromUtf16(message, destination[..(capacity - 1)], out _, out int bytesUsed, replaceInvalidSequences: true, isFinalBlock: true);
            destination[bytesUsed] = 0;
        }
        return needed;
    }
}
