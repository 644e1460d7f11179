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
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_time_sync_create([Const] TimeSyncConfig* config, TimeSyncHandle** out_sync)
    {
        try
        {
            Export.ClearOut(out_sync);
            TimeSyncConfig c = Export.ConfigIn(config);
            // Core's defaults and Core's checks: a zero field keeps TimeSync's default.
            var sync = new TimeSync(c.MaxVenues != 0 ? c.MaxVenues : TimeSync.DefaultMaxVenues, c.Window != 0 ? c.Window : TimeSync.DefaultWindow);
            *out_sync = Export.Register<TimeSyncHandle>(sync, HandleTag.TimeSync);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Destroys an estimator. NULL, or a handle already destroyed, is a no-op. No other call may be using it.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_time_sync_destroy(TimeSyncHandle* sync) => Export.Destroy(sync, HandleTag.TimeSync);

    /// <summary>
    /// Adds a request/response sample: the exchange's timestamp and the local send and receive times
    /// of the round trip. The venue (0..INT32_MAX) is registered on its first sample; a new venue
    /// beyond max_venues gives VELOZ_E_FULL. local_recv_ns before local_send_ns, or a negative venue:
    /// VELOZ_E_INVALID_ARGUMENT. A failed call changes nothing.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_add_sample))]
    [ThreadContract("single writer")]
    public static Status veloz_time_sync_add_sample(TimeSyncHandle* sync, int venue, long exchange_ns, long local_send_ns, long local_recv_ns)
    {
        try
        {
            CheckVenue(venue);
            if (local_recv_ns < local_send_ns)
                Export.Throw(Status.EInvalidArgument, $"local_recv_ns ({local_recv_ns}) is before local_send_ns ({local_send_ns})");
            TimeSync target = Export.Owned<TimeSync>(sync, HandleTag.TimeSync, "sync");
            if (!target.TryAddSample(venue, exchange_ns, local_send_ns, local_recv_ns))
                Export.Throw(Status.EFull, $"venue {venue} is new and all {target.MaxVenues} venue slots are taken");
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Converts a local time to the venue's clock (offset plus drift since the reference sample).
    /// A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64: VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_to_exchange))]
    [ThreadContract("any thread, wait-free")]
    public static Status veloz_time_sync_to_exchange(TimeSyncHandle* sync, int venue, long local_ns, long* out_exchange_ns)
    {
        try
        {
            ref long result = ref Export.Out(out_exchange_ns);
            CheckVenue(venue);
            if (!AnyThread(sync).TryToExchange(venue, local_ns, out long exchange))
                Export.Throw(Status.ENotFound, $"venue {venue} has no samples");
            result = exchange;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Converts a venue timestamp to local time (the inverse of <c>veloz_time_sync_to_exchange</c>,
    /// within 1 ns). A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64:
    /// VELOZ_E_INVALID_ARGUMENT.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_to_local))]
    [ThreadContract("any thread, wait-free")]
    public static Status veloz_time_sync_to_local(TimeSyncHandle* sync, int venue, long exchange_ns, long* out_local_ns)
    {
        try
        {
            ref long result = ref Export.Out(out_local_ns);
            CheckVenue(venue);
            if (!AnyThread(sync).TryToLocal(venue, exchange_ns, out long local))
                Export.Throw(Status.ENotFound, $"venue {venue} has no samples");
            result = local;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out_stats"/> with the venue's estimate. The caller sets
    /// <c>struct_size</c>; at most that many bytes are written. A venue without samples:
    /// VELOZ_E_NOT_FOUND.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_get_stats))]
    [ThreadContract("any thread, wait-free")]
    public static Status veloz_time_sync_get_stats(TimeSyncHandle* sync, int venue, TimeSyncStats* out_stats)
    {
        try
        {
            Export.CheckStructOut(out_stats);
            CheckVenue(venue);
            if (!AnyThread(sync).TryGetStats(venue, out CoreTimeSyncStats stats))
                Export.Throw(Status.ENotFound, $"venue {venue} has no samples");
            Export.StructOut(out_stats, new TimeSyncStats
            {
                Venue = stats.Venue,
                OffsetNs = stats.OffsetNanoseconds,
                BestRttNs = stats.BestRoundTripNanoseconds,
                DriftPpm = stats.DriftPpm,
                SampleCount = stats.SampleCount,
                LastSampleNs = stats.LastSampleNanoseconds,
            });
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Venues registered so far; 0 for a NULL or invalid handle.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_time_sync_venue_count))]
    [ThreadContract("any thread, wait-free")]
    public static int veloz_time_sync_venue_count(TimeSyncHandle* sync)
    {
        try { return AnyThread(sync).VenueCount; }
        catch (Exception e) { Export.Fail(e); return 0; }
    }

    private static TimeSync AnyThread(TimeSyncHandle* sync) => Export.Object<TimeSync>(sync, HandleTag.TimeSync, "sync");

    private static void CheckVenue(int venue)
    {
        if (venue < 0)
            Export.Throw(Status.EInvalidArgument, $"venue must be >= 0, got {venue}");
    }
}
