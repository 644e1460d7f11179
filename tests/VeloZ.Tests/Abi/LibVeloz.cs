using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The published libveloz.so, loaded into the test host with <see cref="NativeLibrary"/> and called through
/// <c>delegate* unmanaged</c> function pointers, exactly as a C caller would call it (no P/Invoke marshalling).
/// The path comes from <c>VELOZ_LIBRARY</c>, else <c>&lt;repo&gt;/artifacts/lib/libveloz.so</c> found by walking up
/// from the test assembly. A missing library or export fails the test with a message saying how to build it.
/// Loading the Native AOT library into the CoreCLR test host works (the two runtimes coexist: the library
/// carries its own GC and type system and never touches the host's), so no child process is needed.
/// </summary>
internal static unsafe class LibVeloz
{
    private static readonly object s_gate = new();
    private static nint s_library;
    private static string? s_path;
    private static readonly Dictionary<string, nint> s_exports = new();

    /// <summary>The file that was (or will be) loaded.</summary>
    public static string Path => s_path ??= Locate();

    /// <summary>Loads the library once; throws with a clear message when it cannot.</summary>
    public static nint Handle
    {
        get
        {
            lock (s_gate)
            {
                if (s_library != 0)
                    return s_library;
                string path = Path;
                if (!File.Exists(path))
                    throw new FileNotFoundException(
                        $"libveloz.so not found at '{path}'. Build it with `dotnet tool restore && dotnet cake --target=Native` " +
                        "or point VELOZ_LIBRARY at a published libveloz.so.", path);
                s_library = NativeLibrary.Load(path);
                return s_library;
            }
        }
    }

    private static string Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("VELOZ_LIBRARY");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return System.IO.Path.GetFullPath(fromEnvironment);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "VeloZ.sln")))
                return System.IO.Path.Combine(directory.FullName, "artifacts", "lib", "libveloz.so");
        }
        throw new DirectoryNotFoundException(
            $"no VeloZ.sln above '{AppContext.BaseDirectory}' and VELOZ_LIBRARY is not set: cannot find libveloz.so");
    }

    /// <summary>The address of export <paramref name="name"/>; throws if the library lacks it.</summary>
    public static nint Export(string name)
    {
        lock (s_gate)
        {
            if (s_exports.TryGetValue(name, out nint address))
                return address;
        }
        nint library = Handle;
        if (!NativeLibrary.TryGetExport(library, name, out nint found) || found == 0)
            throw new MissingMethodException($"{Path} does not export {name}, which these tests call (the C API of include/veloz.h)");
        lock (s_gate)
        {
            s_exports[name] = found;
        }
        return found;
    }

    // Common
    public static delegate* unmanaged<uint> Version => (delegate* unmanaged<uint>)Export("veloz_version");
    public static delegate* unmanaged<int, byte*> StatusName => (delegate* unmanaged<int, byte*>)Export("veloz_status_name");
    public static delegate* unmanaged<byte*, int, int> LastErrorMessage => (delegate* unmanaged<byte*, int, int>)Export("veloz_last_error_message");

    // Clock
    public static delegate* unmanaged<ulong> ClockTicks => (delegate* unmanaged<ulong>)Export("veloz_clock_ticks");
    public static delegate* unmanaged<long> ClockNowNs => (delegate* unmanaged<long>)Export("veloz_clock_now_ns");
    public static delegate* unmanaged<ulong, long> ClockTicksToNs => (delegate* unmanaged<ulong, long>)Export("veloz_clock_ticks_to_ns");
    public static delegate* unmanaged<int> ClockCalibrate => (delegate* unmanaged<int>)Export("veloz_clock_calibrate");
    public static delegate* unmanaged<ClockInfo*, int> ClockGetInfo => (delegate* unmanaged<ClockInfo*, int>)Export("veloz_clock_get_info");

    // Exchange-time sync
    public static delegate* unmanaged<TimeSyncConfig*, nint*, int> TimeSyncCreate => (delegate* unmanaged<TimeSyncConfig*, nint*, int>)Export("veloz_time_sync_create");
    public static delegate* unmanaged<nint, void> TimeSyncDestroy => (delegate* unmanaged<nint, void>)Export("veloz_time_sync_destroy");
    public static delegate* unmanaged<nint, int, long, long, long, int> TimeSyncAddSample => (delegate* unmanaged<nint, int, long, long, long, int>)Export("veloz_time_sync_add_sample");
    public static delegate* unmanaged<nint, int, long, long*, int> TimeSyncToExchange => (delegate* unmanaged<nint, int, long, long*, int>)Export("veloz_time_sync_to_exchange");
    public static delegate* unmanaged<nint, int, long, long*, int> TimeSyncToLocal => (delegate* unmanaged<nint, int, long, long*, int>)Export("veloz_time_sync_to_local");
    public static delegate* unmanaged<nint, int, TimeSyncStats*, int> TimeSyncGetStats => (delegate* unmanaged<nint, int, TimeSyncStats*, int>)Export("veloz_time_sync_get_stats");
    public static delegate* unmanaged<nint, int> TimeSyncVenueCount => (delegate* unmanaged<nint, int>)Export("veloz_time_sync_venue_count");

    // Histogram
    public static delegate* unmanaged<HistogramConfig*, nint*, int> HistogramCreate => (delegate* unmanaged<HistogramConfig*, nint*, int>)Export("veloz_histogram_create");
    public static delegate* unmanaged<nint, void> HistogramDestroy => (delegate* unmanaged<nint, void>)Export("veloz_histogram_destroy");
    public static delegate* unmanaged<nint, long, int> HistogramRecord => (delegate* unmanaged<nint, long, int>)Export("veloz_histogram_record");
    public static delegate* unmanaged<nint, long, long, int> HistogramRecordN => (delegate* unmanaged<nint, long, long, int>)Export("veloz_histogram_record_n");
    public static delegate* unmanaged<nint, long*, int, int> HistogramRecordBatch => (delegate* unmanaged<nint, long*, int, int>)Export("veloz_histogram_record_batch");
    public static delegate* unmanaged<nint, double, long*, int> HistogramValueAtPercentile => (delegate* unmanaged<nint, double, long*, int>)Export("veloz_histogram_value_at_percentile");
    public static delegate* unmanaged<nint, double*, long*, int, int> HistogramPercentiles => (delegate* unmanaged<nint, double*, long*, int, int>)Export("veloz_histogram_percentiles");
    public static delegate* unmanaged<nint, HistogramStats*, int> HistogramGetStats => (delegate* unmanaged<nint, HistogramStats*, int>)Export("veloz_histogram_get_stats");
    public static delegate* unmanaged<nint, HistogramBucket*, int, int*, int> HistogramBuckets => (delegate* unmanaged<nint, HistogramBucket*, int, int*, int>)Export("veloz_histogram_buckets");
    public static delegate* unmanaged<nint, nint, int> HistogramMerge => (delegate* unmanaged<nint, nint, int>)Export("veloz_histogram_merge");
    public static delegate* unmanaged<nint, int> HistogramReset => (delegate* unmanaged<nint, int>)Export("veloz_histogram_reset");

    // Order book and depth book: only what the fuzz test needs to hold live objects of other handle types.
    public static delegate* unmanaged<void*, nint*, int> BookCreate => (delegate* unmanaged<void*, nint*, int>)Export("veloz_book_create");
    public static delegate* unmanaged<nint, void> BookDestroy => (delegate* unmanaged<nint, void>)Export("veloz_book_destroy");
    public static delegate* unmanaged<nint, ulong*, int> BookHash => (delegate* unmanaged<nint, ulong*, int>)Export("veloz_book_hash");
    public static delegate* unmanaged<void*, nint*, int> DepthCreate => (delegate* unmanaged<void*, nint*, int>)Export("veloz_depth_create");
    public static delegate* unmanaged<nint, void> DepthDestroy => (delegate* unmanaged<nint, void>)Export("veloz_depth_destroy");
    /// <summary><c>veloz_depth_best(depth, veloz_top_of_book*)</c>; the caller passes a buffer of at least 128 bytes.</summary>
    public static delegate* unmanaged<nint, void*, int> DepthBest => (delegate* unmanaged<nint, void*, int>)Export("veloz_depth_best");

    /// <summary>The calling thread's last error message, read through <c>veloz_last_error_message</c>.</summary>
    public static string LastError()
    {
        int length = LastErrorMessage(null, 0);
        if (length <= 0)
            return string.Empty;
        byte[] buffer = new byte[length + 1];
        fixed (byte* p = buffer)
        {
            int again = LastErrorMessage(p, buffer.Length);
            Assert.That(again, Is.EqualTo(length), "veloz_last_error_message returned a different length on the second call");
        }
        Assert.That(buffer[length], Is.EqualTo((byte)0), "veloz_last_error_message did not NUL-terminate");
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The name <c>veloz_status_name</c> gives <paramref name="status"/>.</summary>
    public static string NameOf(int status)
    {
        byte* name = StatusName(status);
        Assert.That((nint)name, Is.Not.EqualTo((nint)0), $"veloz_status_name({status}) returned NULL");
        return Marshal.PtrToStringUTF8((nint)name)!;
    }
}
