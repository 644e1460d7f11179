using System;
using System.Runtime.InteropServices;
using VeloZ.Time;
using CoreTimeSyncStats = VeloZ.Time.TimeSyncStats;

namespace VeloZ.Interop;

/// <summary>Per-venue exchange-time estimation (Core: <see cref="TimeSync"/>).</summary>
public static unsafe class TimeSyncExports
{
    /// <summary>
    /// Creates an estimator. <paramref name="config"/> may be NULL (all defaults: 64 venues, 64
    /// samples per venue); zero fields take their defaults. On success *<paramref name="out_sync"/>
    /// receives the handle, on failure NULL. Free it with <c>veloz_time_sync_destroy</c>.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_create")]
    [ThreadContract("thread-safe")]
    public static Status TimeSyncCreate([Const] TimeSyncConfig* config, TimeSyncHandle** out_sync)
    {
        try
        {
            if (out_sync == null)
                return LastError.Set(Status.EInvalidArgument, "time_sync_create: out_sync is NULL");
            *out_sync = null;
            int maxVenues = TimeSync.DefaultMaxVenues;
            int window = TimeSync.DefaultWindow;
            if (config != null)
            {
                uint size = config->StructSize;
                if (size == 0 || size > StructSize.Max)
                    return LastError.Set(Status.EInvalidArgument, $"time_sync_create: config struct_size must be 1..{StructSize.Max} (sizeof(veloz_time_sync_config) is {sizeof(TimeSyncConfig)}), got {size}");
                // Read only the fields inside the caller's struct_size; the rest keep their defaults.
                if (size >= 8 && config->MaxVenues != 0)
                    maxVenues = config->MaxVenues;
                if (size >= 12 && config->Window != 0)
                    window = config->Window;
            }
            if (maxVenues < 1 || maxVenues > TimeSync.MaxMaxVenues)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_create: max_venues must be 1..{TimeSync.MaxMaxVenues} (0 for the default {TimeSync.DefaultMaxVenues}), got {maxVenues}");
            if (window < 1 || window > TimeSync.MaxWindow)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_create: window must be 1..{TimeSync.MaxWindow} (0 for the default {TimeSync.DefaultWindow}), got {window}");
            var sync = new TimeSync(maxVenues, window);
            *out_sync = (TimeSyncHandle*)HandleTable.Add(sync, HandleTag.TimeSync);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return TimeExportSupport.Fail("time_sync_create", e);
        }
    }

    /// <summary>Destroys an estimator. NULL, or a handle already destroyed, is a no-op. No other call may be using it.</summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_destroy")]
    [ThreadContract("thread-safe")]
    public static void TimeSyncDestroy(TimeSyncHandle* sync)
    {
        try
        {
            if (sync != null)
                HandleTable.Remove<TimeSync>((nint)sync, HandleTag.TimeSync);
        }
        catch
        {
            // Nothing to report through a void function; the handle table is unchanged.
        }
    }

    /// <summary>
    /// Adds a request/response sample: the exchange's timestamp and the local send and receive times
    /// of the round trip. The venue (0..INT32_MAX) is registered on its first sample; a new venue
    /// beyond max_venues gives VELOZ_E_FULL. local_recv_ns before local_send_ns, or a negative venue:
    /// VELOZ_E_INVALID_ARGUMENT. A failed call changes nothing.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_add_sample")]
    [ThreadContract("single writer")]
    public static Status TimeSyncAddSample(TimeSyncHandle* sync, int venue, long exchange_ns, long local_send_ns, long local_recv_ns)
    {
        try
        {
            if (venue < 0)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_add_sample: venue must be >= 0, got {venue}");
            if (local_recv_ns < local_send_ns)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_add_sample: local_recv_ns ({local_recv_ns}) is before local_send_ns ({local_send_ns})");
            TimeSync? target = HandleTable.Get<TimeSync>((nint)sync, HandleTag.TimeSync);
            if (target is null)
                return InvalidHandle("time_sync_add_sample", sync);
            if (!target.TryAddSample(venue, exchange_ns, local_send_ns, local_recv_ns))
                return LastError.Set(Status.EFull, $"time_sync_add_sample: venue {venue} is new and all {target.MaxVenues} venue slots are taken");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return TimeExportSupport.Fail("time_sync_add_sample", e);
        }
    }

    /// <summary>
    /// Converts a local time to the venue's clock (offset plus drift since the reference sample).
    /// A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64: VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_to_exchange")]
    [ThreadContract("any thread, wait-free")]
    public static Status TimeSyncToExchange(TimeSyncHandle* sync, int venue, long local_ns, long* out_exchange_ns)
    {
        try
        {
            if (out_exchange_ns == null)
                return LastError.Set(Status.EInvalidArgument, "time_sync_to_exchange: out_exchange_ns is NULL");
            if (venue < 0)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_to_exchange: venue must be >= 0, got {venue}");
            TimeSync? target = HandleTable.Get<TimeSync>((nint)sync, HandleTag.TimeSync);
            if (target is null)
                return InvalidHandle("time_sync_to_exchange", sync);
            if (!target.TryToExchange(venue, local_ns, out long exchange))
                return LastError.Set(Status.ENotFound, $"time_sync_to_exchange: venue {venue} has no samples");
            *out_exchange_ns = exchange;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return TimeExportSupport.Fail("time_sync_to_exchange", e);
        }
    }

    /// <summary>
    /// Converts a venue timestamp to local time (the inverse of <c>veloz_time_sync_to_exchange</c>,
    /// within 1 ns). A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64:
    /// VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_to_local")]
    [ThreadContract("any thread, wait-free")]
    public static Status TimeSyncToLocal(TimeSyncHandle* sync, int venue, long exchange_ns, long* out_local_ns)
    {
        try
        {
            if (out_local_ns == null)
                return LastError.Set(Status.EInvalidArgument, "time_sync_to_local: out_local_ns is NULL");
            if (venue < 0)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_to_local: venue must be >= 0, got {venue}");
            TimeSync? target = HandleTable.Get<TimeSync>((nint)sync, HandleTag.TimeSync);
            if (target is null)
                return InvalidHandle("time_sync_to_local", sync);
            if (!target.TryToLocal(venue, exchange_ns, out long local))
                return LastError.Set(Status.ENotFound, $"time_sync_to_local: venue {venue} has no samples");
            *out_local_ns = local;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return TimeExportSupport.Fail("time_sync_to_local", e);
        }
    }

    /// <summary>
    /// Fills <paramref name="out_stats"/> with the venue's estimate. The caller sets
    /// <c>struct_size</c>; at most that many bytes are written. A venue without samples:
    /// VELOZ_E_NOT_FOUND.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_get_stats")]
    [ThreadContract("any thread, wait-free")]
    public static Status TimeSyncGetStats(TimeSyncHandle* sync, int venue, TimeSyncStats* out_stats)
    {
        try
        {
            if (out_stats == null)
                return LastError.Set(Status.EInvalidArgument, "time_sync_get_stats: out_stats is NULL");
            uint size = out_stats->StructSize;
            if (size == 0 || size > StructSize.Max)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_get_stats: struct_size must be 1..{StructSize.Max} (sizeof(veloz_time_sync_stats) is {sizeof(TimeSyncStats)}), got {size}");
            if (venue < 0)
                return LastError.Set(Status.EInvalidArgument, $"time_sync_get_stats: venue must be >= 0, got {venue}");
            TimeSync? target = HandleTable.Get<TimeSync>((nint)sync, HandleTag.TimeSync);
            if (target is null)
                return InvalidHandle("time_sync_get_stats", sync);
            if (!target.TryGetStats(venue, out CoreTimeSyncStats stats))
                return LastError.Set(Status.ENotFound, $"time_sync_get_stats: venue {venue} has no samples");
            var result = new TimeSyncStats
            {
                StructSize = size,
                Venue = stats.Venue,
                OffsetNs = stats.OffsetNanoseconds,
                BestRttNs = stats.BestRoundTripNanoseconds,
                DriftPpm = stats.DriftPpm,
                SampleCount = stats.SampleCount,
                LastSampleNs = stats.LastSampleNanoseconds,
            };
            StructSize.CopyOut(&result, out_stats, size);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return TimeExportSupport.Fail("time_sync_get_stats", e);
        }
    }

    /// <summary>Venues registered so far; 0 for a NULL or invalid handle.</summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_time_sync_venue_count")]
    [ThreadContract("any thread, wait-free")]
    public static int TimeSyncVenueCount(TimeSyncHandle* sync)
    {
        try
        {
            return HandleTable.Get<TimeSync>((nint)sync, HandleTag.TimeSync)?.VenueCount ?? 0;
        }
        catch
        {
            return 0;
        }
    }

    private static Status InvalidHandle(string function, TimeSyncHandle* sync) =>
        LastError.Set(Status.EInvalidHandle, sync == null
            ? $"{function}: sync is NULL"
            : $"{function}: 0x{(nuint)sync:x} is not a live veloz_time_sync");
}
