using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace VeloZ.Interop;

/// <summary>
/// The one mechanism every export goes through (src/Interop/README.md, docs/DESIGN.md rules 3 to 8). An export
/// is named after its C function, so <c>[CallerMemberName]</c> gives every message its function name; its body
/// resolves handles and pointers through the helpers below, calls Core once, and ends in
/// <c>catch (Exception e) { return Export.Fail(e); }</c>. The helpers throw <see cref="AbiException"/> for bad
/// input before Core is touched, so a failed call leaves the object as it was; <see cref="Fail"/> turns any
/// exception (ours, or a Core exception such as a <see cref="VeloZ.SettingOutOfRangeException"/>) into a status
/// and a last-error message in C's words. Hot paths that fail as part of normal trading (an unknown order id)
/// return a status without throwing (see <see cref="LastError.SetDeferred"/>); only caller bugs throw.
/// </summary>
internal static unsafe class Export
{
    /// <summary>A struct_size above this is not a struct of ours from any version: most likely uninitialized memory.</summary>
    public const uint MaxStructSize = 4096;

    /// <summary>The most bytes a config's name may take: 128 characters of up to 4 UTF-8 bytes each (Core counts the characters).</summary>
    public const int MaxNameBytes = 512;

    // ---- failures -------------------------------------------------------------------------------

    /// <summary>
    /// Maps <paramref name="e"/> to its status and records "<paramref name="function"/>: message" as the
    /// calling thread's last error. Never throws.
    /// </summary>
    public static Status Fail(Exception e, [CallerMemberName] string function = "")
    {
        Status status = e switch
        {
            AbiException abi => abi.Status,
            ArgumentException => Status.EInvalidArgument,
            OutOfMemoryException => Status.EOutOfMemory,
            InvalidOperationException => Status.EState,
            NotSupportedException => Status.EUnsupported,
            _ => Status.EInternal,
        };
        try
        {
            string message = e switch
            {
                AbiException abi => abi.Message,
                SettingOutOfRangeException setting => $"config->{Naming.ToSnakeCase(setting.Setting)} {setting.Rule}, got {setting.ActualValue}",
                _ when status == Status.EInternal => $"internal error: {e.GetType().Name}: {e.Message}",
                _ => e.Message,
            };
            return LastError.Set(status, $"{function}: {message}");
        }
        catch
        {
            // Formatting failed (out of memory): keep the status, drop the text.
            return status;
        }
    }

    /// <summary>Throws the failure <paramref name="status"/> with <paramref name="message"/> (the function name is added by <see cref="Fail"/>).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(Status status, string message) => throw new AbiException(status, message);

    // ---- handles (docs/DESIGN.md rule 6 and rule 8) --------------------------------------------

    /// <summary>The out pointer of a create function: NULL gives VELOZ_E_INVALID_ARGUMENT, else *out is set to NULL until success.</summary>
    public static void ClearOut<THandle>(THandle** @out, [CallerArgumentExpression(nameof(@out))] string name = "") where THandle : unmanaged
    {
        if (@out == null)
            ThrowNull(name);
        *@out = null;
    }

    /// <summary>Registers a new object and returns its handle.</summary>
    public static THandle* Register<THandle>(object target, HandleTag tag) where THandle : unmanaged =>
        (THandle*)HandleTable.Add(target, tag);

    /// <summary>The body of every destroy function: unregisters the object; NULL, a stale or a foreign handle is a no-op.</summary>
    public static void Destroy(void* handle, HandleTag tag)
    {
        try
        {
            HandleTable.Remove<object>((nint)handle, tag);
        }
        catch
        {
            // Nothing to report through a void function; the handle table does not throw here in practice.
        }
    }

    /// <summary>
    /// The body of a destroy function whose object must be told it is gone (a queue wakes its waiters): unregisters
    /// it and returns it, or null when the handle is NULL, stale or foreign. Never throws.
    /// </summary>
    public static T? Destroy<T>(void* handle, HandleTag tag) where T : class
    {
        try
        {
            return HandleTable.Remove<T>((nint)handle, tag);
        }
        catch
        {
            return null;
        }
    }

    /// <summary>The live object behind <paramref name="handle"/>, for functions any thread may call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Object<T>(void* handle, HandleTag tag, string name) where T : class
    {
        T? target = HandleTable.Get<T>((nint)handle, tag);
        if (target is null)
            ThrowInvalidHandle(handle, tag, name);
        return target;
    }

    /// <summary>
    /// The live object behind <paramref name="handle"/>, for <c>owner thread only</c> and <c>single writer</c>
    /// functions: the first thread to call one becomes the owner; any other thread gets VELOZ_E_STATE naming both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Owned<T>(void* handle, HandleTag tag, string name) where T : class
    {
        T? target = HandleTable.GetOwned<T>((nint)handle, tag, out int owner);
        if (target is null)
            ThrowInvalidHandle(handle, tag, name);
        if (owner != 0)
            ThrowWrongThread(handle, tag, name, owner);
        return target;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidHandle(void* handle, HandleTag tag, string name) =>
        Throw(Status.EInvalidHandle, handle == null
            ? $"{name} is NULL"
            : $"{name} 0x{(nint)handle:X} is not a live {Noun(tag)} (destroyed, or another object's handle)");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongThread(void* handle, HandleTag tag, string name, int ownerOsThread) =>
        Throw(Status.EState, $"{name} 0x{(nint)handle:X} ({Noun(tag)}) belongs to thread {ownerOsThread}, "
            + $"the first to use it, but was called from thread {OsThread.CurrentId}; call it from its owner, "
            + "hand it over with veloz_handle_release_owner on the owner thread, or serialize the calls yourself and mark it with veloz_handle_share");

    /// <summary>What a handle of <paramref name="tag"/> is, in messages.</summary>
    private static string Noun(HandleTag tag) => tag switch
    {
        HandleTag.TimeSync => "time sync",
        HandleTag.Histogram => "histogram",
        HandleTag.Book => "order book",
        HandleTag.DepthBook => "depth book",
        HandleTag.Spsc => "SPSC queue",
        HandleTag.Mpmc => "MPMC queue",
        HandleTag.Pool => "pool",
        HandleTag.ConcurrentPool => "concurrent pool",
        HandleTag.Arena => "arena",
        HandleTag.TimerWheel => "timer wheel",
        HandleTag.EventLoop => "event loop",
        _ => "VeloZ object",
    };

    // ---- pointers (docs/DESIGN.md rules 3 and 7) ------------------------------------------------

    /// <summary>The target of a required pointer; VELOZ_E_INVALID_ARGUMENT when it is NULL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Out<T>(T* pointer, [CallerArgumentExpression(nameof(pointer))] string name = "") where T : unmanaged
    {
        if (pointer == null)
            ThrowNull(name);
        return ref *pointer;
    }

    /// <summary>
    /// The caller's array of <paramref name="length"/> elements (input or output): a negative length, or NULL with
    /// a length above 0, gives VELOZ_E_INVALID_ARGUMENT; NULL with length 0 is an empty span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<T> Array<T>(T* pointer, int length,
        [CallerArgumentExpression(nameof(pointer))] string name = "",
        [CallerArgumentExpression(nameof(length))] string lengthName = "") where T : unmanaged
    {
        if (length < 0 || (pointer == null && length > 0))
            ThrowArray(name, length, lengthName);
        return new Span<T>(pointer, length);
    }

    /// <summary>
    /// A required untyped pointer (one record of a size the object knows, such as a queue's record_size): NULL gives
    /// VELOZ_E_INVALID_ARGUMENT. How many bytes are read or written there is the function's documented contract;
    /// nothing can check a pointer's extent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Bytes(void* pointer, [CallerArgumentExpression(nameof(pointer))] string name = "")
    {
        if (pointer == null)
            ThrowNull(name);
        return pointer;
    }

    /// <summary>
    /// The caller's array of <paramref name="count"/> records of a size the object knows (input or output; a queue's
    /// record_size): as <see cref="Array{T}"/>, a negative count, or NULL with a count above 0, gives
    /// VELOZ_E_INVALID_ARGUMENT, and NULL with count 0 is allowed. The function's comment states the bytes per record;
    /// nothing can check that the memory holds them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void* Records(void* pointer, int count,
        [CallerArgumentExpression(nameof(pointer))] string name = "",
        [CallerArgumentExpression(nameof(count))] string countName = "")
    {
        if (count < 0 || (pointer == null && count > 0))
            ThrowArray(name, count, countName);
        return pointer;
    }

    /// <summary>A value that must not be negative (a count, a recorded latency); VELOZ_E_INVALID_ARGUMENT otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NotNegative(long value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value < 0)
            ThrowNegative(value, name);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(long value, string name) => Throw(Status.EInvalidArgument, $"{CName(name)} must be >= 0, got {value}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNull(string name) => Throw(Status.EInvalidArgument, $"{CName(name)} is NULL");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArray(string name, int length, string lengthName) =>
        Throw(Status.EInvalidArgument, length < 0
            ? $"{CName(lengthName)} must be >= 0, got {length}"
            : $"{CName(name)} is NULL but {CName(lengthName)} is {length}");

    /// <summary>
    /// A C int that holds a value of a byte-sized Core enum: a value outside the enum's members gives
    /// VELOZ_E_INVALID_ARGUMENT listing them (a C int is never silently truncated to a byte).
    /// </summary>
    public static TEnum ByteEnum<TEnum>(int value, string name) where TEnum : unmanaged, Enum
    {
        if ((uint)value <= byte.MaxValue)
        {
            byte narrow = (byte)value;
            TEnum result = Unsafe.As<byte, TEnum>(ref narrow);
            if (Enum.IsDefined(result))
                return result;
        }
        ThrowEnum<TEnum>(value, name);
        return default;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEnum<TEnum>(int value, string name) where TEnum : unmanaged, Enum
    {
        var members = new System.Text.StringBuilder();
        TEnum[] values = Enum.GetValues<TEnum>();
        for (int i = 0; i < values.Length; i++)
        {
            TEnum member = values[i];
            members.Append(i == 0 ? "" : i == values.Length - 1 ? " or " : ", ")
                .Append(Unsafe.As<TEnum, byte>(ref member)).Append(" (").Append(Naming.ToSnakeCase(member.ToString()).ToUpperInvariant()).Append(')');
        }
        Throw(Status.EInvalidArgument, $"{name} must be {members}, got {value}");
    }

    /// <summary>Flags whose bits outside <paramref name="known"/> are set give VELOZ_E_INVALID_ARGUMENT.</summary>
    public static void KnownFlags(uint flags, uint known, string name)
    {
        if ((flags & ~known) != 0)
            Throw(Status.EInvalidArgument, $"{name} has unknown bits 0x{flags & ~known:X} (known: 0x{known:X}), got 0x{flags:X}");
    }

    // ---- text (docs/DESIGN.md rule 7) -----------------------------------------------------------

    /// <summary>
    /// A NUL-terminated UTF-8 string of the caller's, at most <paramref name="maxBytes"/> bytes before its NUL; null
    /// for a NULL pointer. A string without a NUL in that range gives VELOZ_E_INVALID_ARGUMENT (too long, or not
    /// terminated), as does invalid UTF-8.
    /// </summary>
    public static string? Utf8In(byte* text, int maxBytes, [CallerArgumentExpression(nameof(text))] string name = "")
    {
        if (text == null)
            return null;
        // Byte by byte: the bytes after the NUL may not be readable, so no vectorized search.
        int length = 0;
        while (length <= maxBytes && text[length] != 0)
            length++;
        if (length > maxBytes)
            Throw(Status.EInvalidArgument, $"{CName(name)} is longer than {maxBytes} bytes (or not NUL-terminated)");
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(text, length);
        }
        catch (System.Text.DecoderFallbackException)
        {
            Throw(Status.EInvalidArgument, $"{CName(name)} is not valid UTF-8");
            return null;
        }
    }

    /// <summary>
    /// Copies <paramref name="text"/> as NUL-terminated UTF-8 into the caller's buffer and stores its length in bytes
    /// (without the NUL) in <paramref name="written"/>. When capacity is below that length + 1 nothing is copied,
    /// *written is still the length, and the status is VELOZ_E_BUFFER_TOO_SMALL (a NULL buffer with capacity 0 asks
    /// for the length this way). A NULL written, a negative capacity, or a NULL buffer with capacity above 0 gives
    /// VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    public static Status TextOut(string text, byte* buffer, int capacity, int* written,
        [CallerMemberName] string function = "")
    {
        ref int length = ref Out(written);
        if (capacity < 0 || (buffer == null && capacity > 0))
            ThrowArray(nameof(buffer), capacity, nameof(capacity));
        int needed = System.Text.Encoding.UTF8.GetByteCount(text);
        length = needed;
        if (needed >= capacity)
            return LastError.Set(Status.EBufferTooSmall, $"{function}: capacity {capacity} is too small: the text is {needed} bytes plus its NUL");
        System.Text.Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, capacity));
        buffer[needed] = 0;
        return Status.Ok;
    }

    // ---- versioned structs (docs/DESIGN.md rule 6) ----------------------------------------------

    /// <summary>
    /// A copy of the caller's config: all zero (every field its default) for NULL; otherwise the whole 4-byte words
    /// of it that lie within its struct_size (an older, smaller struct leaves the newer fields zero). A struct_size
    /// below 4 or above 4096 gives VELOZ_E_INVALID_ARGUMENT. <typeparamref name="T"/> starts with uint32_t struct_size.
    /// </summary>
    public static T ConfigIn<T>(T* config, [CallerArgumentExpression(nameof(config))] string name = "") where T : unmanaged
    {
        T copy = default;
        if (config == null)
            return copy;
        uint size = StructSizeOf(config, name);
        Unsafe.CopyBlockUnaligned(&copy, config, Math.Min(size, (uint)sizeof(T)) & ~3u);
        *(uint*)&copy = (uint)sizeof(T);
        return copy;
    }

    /// <summary>
    /// Copies <paramref name="value"/> into the caller's struct: min(struct_size, sizeof) bytes, struct_size left as
    /// the caller set it. NULL, or a struct_size below 4 or above 4096, gives VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    public static void StructOut<T>(T* destination, in T value, [CallerArgumentExpression(nameof(destination))] string name = "") where T : unmanaged
    {
        if (destination == null)
            ThrowNull(name);
        uint size = StructSizeOf(destination, name);
        T copy = value;
        *(uint*)&copy = size;
        Unsafe.CopyBlockUnaligned(destination, &copy, Math.Min(size, (uint)sizeof(T)));
    }

    /// <summary>
    /// Checks the struct_size of the caller's struct before a call fills it (<see cref="StructOut"/> checks again),
    /// so a call that would fail on it fails before it changes anything.
    /// </summary>
    public static void CheckStructOut<T>(T* destination, [CallerArgumentExpression(nameof(destination))] string name = "") where T : unmanaged
    {
        if (destination == null)
            ThrowNull(name);
        StructSizeOf(destination, name);
    }

    private static uint StructSizeOf<T>(T* pointer, string name) where T : unmanaged
    {
        uint size = *(uint*)pointer;
        if (size < sizeof(uint) || size > MaxStructSize)
            Throw(Status.EInvalidArgument, $"{CName(name)}->struct_size must be {sizeof(uint)}..{MaxStructSize} (sizeof({CTypeName<T>()}) is {sizeof(T)}), got {size}");
        return size;
    }

    private static string CTypeName<T>() =>
        typeof(T).Name.StartsWith("Veloz", StringComparison.Ordinal) ? "veloz_" + Naming.ToSnakeCase(typeof(T).Name[5..]) : "veloz_" + Naming.ToSnakeCase(typeof(T).Name);

    /// <summary>A C# parameter expression as C spells it: <c>@out</c> is <c>out</c>.</summary>
    private static string CName(string expression) => expression.StartsWith('@') ? expression[1..] : expression;
}

/// <summary>A failure detected at the boundary: its status and its message without the function name.</summary>
internal sealed class AbiException(Status status, string message) : Exception(message)
{
    /// <summary>The status the export returns.</summary>
    public Status Status { get; } = status;
}
