using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VeloZ.Interop;

/// <summary>Exports shared by every component: version, status names, last error.</summary>
public static unsafe class CommonExports
{
    /// <summary>
    /// The library's version packed as <c>(major &lt;&lt; 16) | (minor &lt;&lt; 8) | patch</c>.
    /// Compare its major with <c>VELOZ_VERSION_MAJOR</c> before using anything else.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_version))]
    [ThreadContract("any thread, wait-free")]
    public static uint veloz_version() => Version.Packed;

    /// <summary>
    /// The name of a status code, for example <c>"VELOZ_E_NOT_FOUND"</c>, as a static NUL-terminated
    /// string that is never freed; <c>"VELOZ_E_UNKNOWN"</c> for a value that is not a status.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_status_name))]
    [ThreadContract("any thread, wait-free")]
    [return: CSpelling("const char*")]
    public static byte* veloz_status_name(Status status)
    {
        ReadOnlySpan<byte> name = status switch
        {
            Status.Ok => "VELOZ_OK\0"u8,
            Status.EInvalidArgument => "VELOZ_E_INVALID_ARGUMENT\0"u8,
            Status.EInvalidHandle => "VELOZ_E_INVALID_HANDLE\0"u8,
            Status.ENotFound => "VELOZ_E_NOT_FOUND\0"u8,
            Status.EDuplicate => "VELOZ_E_DUPLICATE\0"u8,
            Status.EFull => "VELOZ_E_FULL\0"u8,
            Status.EEmpty => "VELOZ_E_EMPTY\0"u8,
            Status.EOutOfMemory => "VELOZ_E_OUT_OF_MEMORY\0"u8,
            Status.EBufferTooSmall => "VELOZ_E_BUFFER_TOO_SMALL\0"u8,
            Status.EState => "VELOZ_E_STATE\0"u8,
            Status.EInternal => "VELOZ_E_INTERNAL\0"u8,
            Status.EUnsupported => "VELOZ_E_UNSUPPORTED\0"u8,
            Status.ESequenceGap => "VELOZ_E_SEQUENCE_GAP\0"u8,
            Status.ERejected => "VELOZ_E_REJECTED\0"u8,
            _ => "VELOZ_E_UNKNOWN\0"u8,
        };
        // u8 literals live in the image's read-only data: the pointer stays valid forever.
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(name));
    }

    /// <summary>
    /// Copies the message of the most recent failure on the calling thread into <paramref name="buffer"/>
    /// as NUL-terminated UTF-8, truncated to <paramref name="capacity"/> - 1 bytes. Returns the full
    /// message length in bytes (without the NUL), like snprintf; 0 when this thread has seen no failure.
    /// <paramref name="buffer"/> may be NULL with <paramref name="capacity"/> 0 to ask for the length.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_last_error_message))]
    [ThreadContract("thread-safe")]
    public static int veloz_last_error_message([CSpelling("char*")] byte* buffer, int capacity)
    {
        try
        {
            return LastError.CopyTo(buffer, capacity);
        }
        catch
        {
            return 0;
        }
    }

    /// <summary>
    /// Hands an object over to another thread (docs/DESIGN.md rule 8). The first thread that calls one of an
    /// object's <c>owner thread only</c> or <c>single writer</c> functions becomes its owner, and calls from other
    /// threads fail with VELOZ_E_STATE. Called on the owner thread (or while nobody owns it), this gives the object
    /// up: the next thread to call such a function becomes its owner. Works on any VeloZ handle.
    /// VELOZ_E_INVALID_HANDLE for NULL or a handle that is not live; VELOZ_E_STATE, changing nothing, when another
    /// thread owns the object. A shared object (veloz_handle_share) stays shared.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_handle_release_owner))]
    [ThreadContract("owner thread only")]
    public static Status veloz_handle_release_owner(void* handle)
    {
        try
        {
            int? foreign = HandleTable.ReleaseOwner((nint)handle);
            if (foreign is null)
                Export.Throw(Status.EInvalidHandle, handle == null ? "handle is NULL" : $"handle 0x{(nint)handle:X} is not a live VeloZ object");
            if (foreign != 0)
                Export.Throw(Status.EState, $"handle 0x{(nint)handle:X} belongs to thread {foreign}, not to the calling thread {OsThread.CurrentId}; only its owner can release it");
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Turns the owner-thread check of an object off for good: afterwards any thread may call its functions, and
    /// the caller promises that no two calls overlap (for example by holding a lock per object around every call,
    /// as the Python classes do). Concurrent calls to a shared object are undefined behaviour. Works on any VeloZ
    /// handle. VELOZ_E_INVALID_HANDLE for NULL or a handle that is not live.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_handle_share))]
    [ThreadContract("thread-safe")]
    public static Status veloz_handle_share(void* handle)
    {
        try
        {
            if (!HandleTable.Share((nint)handle))
                Export.Throw(Status.EInvalidHandle, handle == null ? "handle is NULL" : $"handle 0x{(nint)handle:X} is not a live VeloZ object");
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }
}
