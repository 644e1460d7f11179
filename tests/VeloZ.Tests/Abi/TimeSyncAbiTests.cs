using System;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

[TestFixture]
public unsafe class TimeSyncAbiTests
{
    private const long Base = 1_700_000_000_000_000_000;
    private const long Offset = 5_000; // venue clock 5 us ahead

    private static nint Create(TimeSyncConfig* config)
    {
        nint sync = 0;
        AbiAssert.Ok(LibVeloz.TimeSyncCreate(config, &sync), "veloz_time_sync_create");
        Assert.That(sync, Is.Not.EqualTo((nint)0));
        return sync;
    }

    private static nint CreateWithVenues(int maxVenues)
    {
        var config = new TimeSyncConfig { StructSize = (uint)sizeof(TimeSyncConfig), MaxVenues = maxVenues, Window = 16 };
        return Create(&config);
    }

    /// <summary>Ten samples at 1 ms spacing with 200 ns round trips, one slow 10 us round trip among them.</summary>
    private static void AddSamples(nint sync, int venue)
    {
        for (int i = 0; i < 10; i++)
        {
            long send = Base + i * 1_000_000L;
            long rtt = i == 3 ? 10_000 : 200;
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, venue, send + rtt / 2 + Offset, send, send + rtt), "veloz_time_sync_add_sample");
        }
    }

    private static TimeSyncStats Stats(nint sync, int venue)
    {
        var stats = new TimeSyncStats { StructSize = (uint)sizeof(TimeSyncStats) };
        AbiAssert.Ok(LibVeloz.TimeSyncGetStats(sync, venue, &stats), "veloz_time_sync_get_stats");
        return stats;
    }

    [Test]
    public void Create_with_NULL_config_gives_an_empty_sync()
    {
        nint sync = Create(null);
        try
        {
            Assert.That(LibVeloz.TimeSyncVenueCount(sync), Is.Zero);
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void Samples_give_offset_best_round_trip_and_conversions_both_ways()
    {
        nint sync = Create(null);
        try
        {
            AddSamples(sync, 7);
            Assert.That(LibVeloz.TimeSyncVenueCount(sync), Is.EqualTo(1));
            var stats = Stats(sync, 7);
            Assert.That(stats.Venue, Is.EqualTo(7));
            Assert.That(stats.OffsetNs, Is.EqualTo(Offset).Within(100));
            Assert.That(stats.BestRttNs, Is.EqualTo(200));
            Assert.That(stats.SampleCount, Is.EqualTo(10));
            Assert.That(stats.LastSampleNs, Is.EqualTo(Base + 9_000_000 + 200));
            Assert.That(stats.DriftPpm, Is.EqualTo(0.0).Within(1.0));

            long local = Base + 20_000_000;
            long exchange, back;
            AbiAssert.Ok(LibVeloz.TimeSyncToExchange(sync, 7, local, &exchange), "veloz_time_sync_to_exchange");
            Assert.That(exchange, Is.EqualTo(local + Offset).Within(100));
            AbiAssert.Ok(LibVeloz.TimeSyncToLocal(sync, 7, exchange, &back), "veloz_time_sync_to_local");
            Assert.That(back, Is.EqualTo(local).Within(2));
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void Failed_calls_leave_the_sync_unchanged()
    {
        nint sync = Create(null);
        try
        {
            AddSamples(sync, 7);
            long local = Base + 20_000_000, before, after;
            AbiAssert.Ok(LibVeloz.TimeSyncToExchange(sync, 7, local, &before), "veloz_time_sync_to_exchange");

            AbiAssert.Status(LibVeloz.TimeSyncAddSample(sync, 7, Base, Base + 100, Base + 50), VelozStatus.InvalidArgument, "veloz_time_sync_add_sample");
            AbiAssert.Status(LibVeloz.TimeSyncAddSample(sync, -1, Base, Base, Base + 10), VelozStatus.InvalidArgument, "veloz_time_sync_add_sample");
            AbiAssert.Status(LibVeloz.TimeSyncAddSample(sync, int.MinValue, Base, Base, Base + 10), VelozStatus.InvalidArgument, "veloz_time_sync_add_sample");

            Assert.That(LibVeloz.TimeSyncVenueCount(sync), Is.EqualTo(1));
            Assert.That(Stats(sync, 7).SampleCount, Is.EqualTo(10));
            AbiAssert.Ok(LibVeloz.TimeSyncToExchange(sync, 7, local, &after), "veloz_time_sync_to_exchange");
            Assert.That(after, Is.EqualTo(before));
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void Unknown_venue_is_not_found()
    {
        nint sync = Create(null);
        try
        {
            AddSamples(sync, 7);
            long value;
            var stats = new TimeSyncStats { StructSize = (uint)sizeof(TimeSyncStats) };
            AbiAssert.Status(LibVeloz.TimeSyncToExchange(sync, 8, 0, &value), VelozStatus.NotFound, "veloz_time_sync_to_exchange");
            AbiAssert.Status(LibVeloz.TimeSyncToLocal(sync, 8, 0, &value), VelozStatus.NotFound, "veloz_time_sync_to_local");
            AbiAssert.Status(LibVeloz.TimeSyncGetStats(sync, 8, &stats), VelozStatus.NotFound, "veloz_time_sync_get_stats");
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void NULL_out_pointers_and_struct_size_zero_are_invalid_arguments()
    {
        nint sync = Create(null);
        try
        {
            AddSamples(sync, 7);
            AbiAssert.Status(LibVeloz.TimeSyncCreate(null, null), VelozStatus.InvalidArgument, "veloz_time_sync_create");
            AbiAssert.Status(LibVeloz.TimeSyncToExchange(sync, 7, 0, null), VelozStatus.InvalidArgument, "veloz_time_sync_to_exchange");
            AbiAssert.Status(LibVeloz.TimeSyncToLocal(sync, 7, 0, null), VelozStatus.InvalidArgument, "veloz_time_sync_to_local");
            AbiAssert.Status(LibVeloz.TimeSyncGetStats(sync, 7, null), VelozStatus.InvalidArgument, "veloz_time_sync_get_stats");
            var zero = new TimeSyncStats { StructSize = 0, SampleCount = -42 };
            AbiAssert.Status(LibVeloz.TimeSyncGetStats(sync, 7, &zero), VelozStatus.InvalidArgument, "veloz_time_sync_get_stats");
            Assert.That(zero.SampleCount, Is.EqualTo(-42), "nothing written");
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [TestCase(0u, 64, 64, TestName = "Config_struct_size_0_is_rejected")]
    [TestCase(1u << 20, 64, 64, TestName = "Config_struct_size_absurd_is_rejected")]
    [TestCase(uint.MaxValue, 64, 64, TestName = "Config_struct_size_max_is_rejected")]
    [TestCase(16u, -1, 64, TestName = "Config_max_venues_negative_is_rejected")]
    [TestCase(16u, 4097, 64, TestName = "Config_max_venues_above_4096_is_rejected")]
    [TestCase(16u, 64, -5, TestName = "Config_window_negative_is_rejected")]
    [TestCase(16u, 64, 65537, TestName = "Config_window_above_65536_is_rejected")]
    public void Bad_config_is_an_invalid_argument(uint structSize, int maxVenues, int window)
    {
        var config = new TimeSyncConfig { StructSize = structSize, MaxVenues = maxVenues, Window = window };
        nint sync = 0x1234;
        AbiAssert.Status(LibVeloz.TimeSyncCreate(&config, &sync), VelozStatus.InvalidArgument, "veloz_time_sync_create");
        Assert.That(sync, Is.EqualTo((nint)0).Or.EqualTo((nint)0x1234), "no handle handed out");
    }

    [TestCase(1, 1)]
    [TestCase(4096, 65536)]
    [TestCase(0, 0)] // docs/DESIGN.md rule 6: zero fields take their defaults
    public void Config_limits_are_inclusive(int maxVenues, int window)
    {
        var config = new TimeSyncConfig { StructSize = (uint)sizeof(TimeSyncConfig), MaxVenues = maxVenues, Window = window };
        LibVeloz.TimeSyncDestroy(Create(&config));
    }

    [Test]
    public void An_older_smaller_config_reads_only_what_fits()
    {
        // struct_size 8 covers max_venues only; the garbage window beyond it must be ignored (default).
        var config = new TimeSyncConfig { StructSize = 8, MaxVenues = 2, Window = -5 };
        nint sync = Create(&config);
        try
        {
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 0, 1100, 1000, 1200), "veloz_time_sync_add_sample");
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, int.MaxValue, 1100, 1000, 1200), "veloz_time_sync_add_sample");
            AbiAssert.Status(LibVeloz.TimeSyncAddSample(sync, 5, 1100, 1000, 1200), VelozStatus.Full, "veloz_time_sync_add_sample");
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void A_zeroed_config_with_struct_size_set_allows_the_default_64_venues()
    {
        var config = new TimeSyncConfig { StructSize = (uint)sizeof(TimeSyncConfig) };
        nint sync = Create(&config);
        try
        {
            for (int venue = 0; venue < 64; venue++)
                AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, venue, 1100, 1000, 1200), "veloz_time_sync_add_sample");
            AbiAssert.Status(LibVeloz.TimeSyncAddSample(sync, 64, 1100, 1000, 1200), VelozStatus.Full, "veloz_time_sync_add_sample");
            Assert.That(LibVeloz.TimeSyncVenueCount(sync), Is.EqualTo(64));
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    [Test]
    public void More_venues_than_max_venues_is_full_and_known_venues_keep_working()
    {
        nint sync = CreateWithVenues(2);
        try
        {
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 1, 1100, 1000, 1200), "veloz_time_sync_add_sample");
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 2, 1100, 1000, 1200), "veloz_time_sync_add_sample");
            AbiAssert.Status(LibVeloz.TimeSyncAddSample(sync, 3, 1100, 1000, 1200), VelozStatus.Full, "veloz_time_sync_add_sample");
            Assert.That(LibVeloz.TimeSyncVenueCount(sync), Is.EqualTo(2));
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 1, 2100, 2000, 2200), "veloz_time_sync_add_sample");
            Assert.That(Stats(sync, 1).SampleCount, Is.EqualTo(2));
            var stats = new TimeSyncStats { StructSize = (uint)sizeof(TimeSyncStats) };
            AbiAssert.Status(LibVeloz.TimeSyncGetStats(sync, 3, &stats), VelozStatus.NotFound, "veloz_time_sync_get_stats");
        }
        finally
        {
            LibVeloz.TimeSyncDestroy(sync);
        }
    }

    private static void AssertEveryCallRejects(nint handle, string what)
    {
        long value;
        var stats = new TimeSyncStats { StructSize = (uint)sizeof(TimeSyncStats) };
        AbiAssert.Status(LibVeloz.TimeSyncAddSample(handle, 1, 1100, 1000, 1200), VelozStatus.InvalidHandle, "veloz_time_sync_add_sample");
        AbiAssert.Status(LibVeloz.TimeSyncToExchange(handle, 1, 0, &value), VelozStatus.InvalidHandle, "veloz_time_sync_to_exchange");
        AbiAssert.Status(LibVeloz.TimeSyncToLocal(handle, 1, 0, &value), VelozStatus.InvalidHandle, "veloz_time_sync_to_local");
        AbiAssert.Status(LibVeloz.TimeSyncGetStats(handle, 1, &stats), VelozStatus.InvalidHandle, "veloz_time_sync_get_stats");
        Assert.That(LibVeloz.TimeSyncVenueCount(handle), Is.Zero, $"venue_count of a {what} handle");
        LibVeloz.TimeSyncDestroy(handle); // a no-op
    }

    [Test]
    public void NULL_handle_is_an_invalid_handle_everywhere()
    {
        AssertEveryCallRejects(0, "NULL");
    }

    [Test]
    public void Destroyed_handle_is_an_invalid_handle_and_destroying_it_again_is_a_no_op()
    {
        nint sync = Create(null);
        AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 1, 1100, 1000, 1200), "veloz_time_sync_add_sample");
        LibVeloz.TimeSyncDestroy(sync);
        AssertEveryCallRejects(sync, "destroyed");
    }

    [Test]
    public void Histogram_handle_is_an_invalid_time_sync_handle_and_survives_the_attempt()
    {
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(null, &histogram), "veloz_histogram_create");
        try
        {
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 42), "veloz_histogram_record");
            AssertEveryCallRejects(histogram, "histogram");
            var stats = new HistogramStats { StructSize = (uint)sizeof(HistogramStats) };
            AbiAssert.Ok(LibVeloz.HistogramGetStats(histogram, &stats), "veloz_histogram_get_stats");
            Assert.That(stats.Count, Is.EqualTo(1));
            Assert.That(stats.Max, Is.EqualTo(42));
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
        }
    }
}
