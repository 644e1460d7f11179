using System;
using System.Collections.Generic;
using System.Threading;
using NUnit.Framework;
using VeloZ.Time;

namespace VeloZ.Tests.Time;

[TestFixture]
public class TimeSyncTests
{
    private const long Epoch = 1_700_000_000_000_000_000;

    /// <summary>An exchange whose clock is <c>local + offset + drift × (local − Epoch)</c>, reached over a path with random delays.</summary>
    private sealed class SyntheticVenue(long offset, double driftPpm, long baseOut, double meanOut, long baseBack, double meanBack, int seed)
    {
        private readonly Random _random = new(seed);

        public long ExchangeAt(long local) => local + offset + (long)Math.Round((local - Epoch) * driftPpm * 1e-6);

        /// <summary>Sends at <paramref name="send"/>; returns the sample the client sees.</summary>
        public (long Exchange, long Send, long Receive) RoundTrip(long send)
        {
            long outbound = baseOut + (long)(-meanOut * Math.Log(1 - _random.NextDouble()));
            long back = baseBack + (long)(-meanBack * Math.Log(1 - _random.NextDouble()));
            return (ExchangeAt(send + outbound), send, send + outbound + back);
        }
    }

    private static int Seed(int? fixedSeed)
    {
        int seed = fixedSeed ?? Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed}");
        return seed;
    }

    // 200 samples 100 ms apart through a 128-sample window (12.8 s), delays 20 µs + exponential(30 µs)
    // each way. The min-RTT filter leaves each anchor a few µs of asymmetry: over the ~8.5 s between
    // the thirds' anchors that is ~1 ppm, and projecting the offset over up to 12.8 s adds ~10 µs.
    // Over 2000 seeds the worst errors were 2.1 ppm and 14 µs (p99 1.1 ppm and 8.6 µs); the bounds
    // below are 3 ppm and 25 µs.
    [TestCase(null)]
    [TestCase(12345)]
    public void Recovers_a_known_offset_and_drift_through_symmetric_random_delays(int? fixedSeed)
    {
        int seed = Seed(fixedSeed);
        var venue = new SyntheticVenue(offset: 123_456_789, driftPpm: 37.5, baseOut: 20_000, meanOut: 30_000, baseBack: 20_000, meanBack: 30_000, seed);
        var sync = new TimeSync(window: 128);
        long send = Epoch;
        for (int i = 0; i < 200; i++, send += 100_000_000)
        {
            var (exchange, sent, received) = venue.RoundTrip(send);
            Assert.That(sync.TryAddSample(7, exchange, sent, received), Is.True);
        }
        Assert.That(sync.TryGetStats(7, out TimeSyncStats stats), Is.True);
        long truth = venue.ExchangeAt(stats.LastSampleNanoseconds) - stats.LastSampleNanoseconds;
        TestContext.Out.WriteLine($"{stats}; true offset {truth}");
        Assert.That(stats.DriftPpm, Is.EqualTo(37.5).Within(3.0));
        Assert.That(stats.OffsetNanoseconds, Is.EqualTo(truth).Within(25_000));

        long later = send + 1_000_000_000;
        Assert.That(sync.TryToExchange(7, later, out long exchangeLater), Is.True);
        Assert.That(exchangeLater, Is.EqualTo(venue.ExchangeAt(later)).Within(25_000), "one second past the last sample");
    }

    [TestCase(null)]
    [TestCase(777)]
    public void With_asymmetric_paths_the_offset_is_biased_by_half_the_asymmetry_and_the_drift_is_still_found(int? fixedSeed)
    {
        int seed = Seed(fixedSeed);
        // 40 µs slower back than out at best: every midpoint is 20 µs late, the offset 20 µs low.
        // (2000-seed sweep around the -20 µs bias: worst 1.7 ppm and 12 µs.)
        var venue = new SyntheticVenue(offset: -5_000_000, driftPpm: -12, baseOut: 20_000, meanOut: 10_000, baseBack: 60_000, meanBack: 60_000, seed);
        var sync = new TimeSync(window: 128);
        long send = Epoch;
        for (int i = 0; i < 200; i++, send += 100_000_000)
        {
            var (exchange, sent, received) = venue.RoundTrip(send);
            sync.TryAddSample(3, exchange, sent, received);
        }
        sync.TryGetStats(3, out TimeSyncStats stats);
        long truth = venue.ExchangeAt(stats.LastSampleNanoseconds) - stats.LastSampleNanoseconds;
        TestContext.Out.WriteLine($"{stats}; true offset {truth}");
        Assert.That(stats.DriftPpm, Is.EqualTo(-12).Within(3.0));
        Assert.That(stats.OffsetNanoseconds - truth, Is.EqualTo(-20_000).Within(25_000 / 2));
    }

    [Test]
    public void The_lowest_round_trip_sample_dominates_the_offset()
    {
        var sync = new TimeSync(window: 64);
        var random = new Random(Seed(null));
        long send = Epoch;
        // Noisy samples: 1 ms round trips split anywhere between 10/90 and 90/10.
        for (int i = 0; i < 40; i++, send += 1_000_000)
        {
            long outbound = 100_000 + random.Next(800_000);
            sync.TryAddSample(1, send + outbound + 5_000, send, send + 1_000_000);
        }
        // One clean sample: 2 µs round trip, true offset 5 µs.
        sync.TryAddSample(1, send + 1_000 + 5_000, send, send + 2_000);
        for (int i = 0; i < 20; i++)
        {
            send += 1_000_000;
            long outbound = 100_000 + random.Next(800_000);
            sync.TryAddSample(1, send + outbound + 5_000, send, send + 1_000_000);
        }
        sync.TryGetStats(1, out TimeSyncStats stats);
        TestContext.Out.WriteLine(stats.ToString());
        Assert.That(stats.BestRoundTripNanoseconds, Is.EqualTo(2_000));
        Assert.That(stats.OffsetNanoseconds, Is.EqualTo(5_000).Within(1_000), "within the clean sample's own ±1 µs bound");
        Assert.That(sync.TryToExchange(1, send, out long exchange), Is.True);
        Assert.That(exchange - send, Is.EqualTo(5_000).Within(1_000));
    }

    [Test]
    public void The_best_sample_leaves_with_the_window()
    {
        var sync = new TimeSync(window: 8);
        sync.TryAddSample(0, 1_100, 1_000, 1_100); // round trip 100
        for (int i = 1; i <= 7; i++)
            sync.TryAddSample(0, i * 10_000 + 1_000, i * 10_000, i * 10_000 + 500 + i);
        sync.TryGetStats(0, out TimeSyncStats stats);
        Assert.That(stats.BestRoundTripNanoseconds, Is.EqualTo(100));
        sync.TryAddSample(0, 90_000, 80_000, 80_900);
        sync.TryGetStats(0, out stats);
        Assert.That(stats.BestRoundTripNanoseconds, Is.EqualTo(501), "the 100 ns sample was evicted by the ninth");
    }

    [Test]
    public void ToLocal_inverts_ToExchange_to_within_a_nanosecond()
    {
        var venue = new SyntheticVenue(offset: 987_654_321, driftPpm: 250, baseOut: 1_000, meanOut: 500, baseBack: 1_000, meanBack: 500, seed: 1);
        var sync = new TimeSync();
        for (int i = 0; i < 64; i++)
        {
            var (exchange, sent, received) = venue.RoundTrip(Epoch + i * 1_000_000L);
            sync.TryAddSample(42, exchange, sent, received);
        }
        var random = new Random(Seed(null));
        for (int i = 0; i < 1000; i++)
        {
            long local = Epoch + random.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
            Assert.That(sync.TryToExchange(42, local, out long exchange), Is.True);
            Assert.That(sync.TryToLocal(42, exchange, out long back), Is.True);
            Assert.That(back, Is.EqualTo(local).Within(1), $"local {local} -> exchange {exchange} -> {back}");
        }
    }

    [Test]
    public void Drift_is_zero_until_the_window_holds_six_samples()
    {
        var sync = new TimeSync();
        for (int i = 0; i < TimeSync.MinSamplesForDrift; i++)
        {
            // Offset grows 1 ns per ms: 1 ppm. Zero round trips: nothing to shrink.
            long send = Epoch + i * 1_000_000L;
            sync.TryAddSample(5, send + i, send, send);
            sync.TryGetStats(5, out TimeSyncStats stats);
            Assert.That(stats.DriftPpm, i + 1 < TimeSync.MinSamplesForDrift ? Is.Zero : Is.EqualTo(1).Within(1e-9), $"after {i + 1} samples");
        }
    }

    [Test]
    public void A_slope_between_samples_with_round_trips_as_long_as_their_spacing_is_shrunk_to_almost_nothing()
    {
        var sync = new TimeSync();
        // Offsets alternate by ±400 µs (1 ms round trips, split unevenly) every 1 ms: the raw slope
        // between the thirds' minimums would be hundreds of ppm; the uncertainty is ~1 ms / 4 ms.
        for (int i = 0; i < 12; i++)
        {
            long send = Epoch + i * 1_000_000L;
            long outbound = i % 2 == 0 ? 100_000 : 900_000;
            sync.TryAddSample(2, send + outbound, send, send + 1_000_000);
        }
        sync.TryGetStats(2, out TimeSyncStats stats);
        TestContext.Out.WriteLine(stats.ToString());
        Assert.That(Math.Abs(stats.DriftPpm), Is.LessThan(1));
    }

    [Test]
    public void Exchange_times_on_another_epoch_convert_without_losing_nanoseconds()
    {
        var sync = new TimeSync();
        // The exchange counts from 2000-01-01; local time from 1970: offset about -9.5e17 ns.
        const long epochShift = 946_684_800_000_000_000;
        for (int i = 0; i < 10; i++)
        {
            long send = Epoch + i * 1_000_000_000L + 123;
            sync.TryAddSample(8, send + 50 - epochShift + 7, send, send + 100);
        }
        long local = Epoch + 20_000_000_000L + 987;
        Assert.That(sync.TryToExchange(8, local, out long exchange), Is.True);
        Assert.That(exchange, Is.EqualTo(local - epochShift + 7));
        Assert.That(sync.TryToLocal(8, exchange, out long back), Is.True);
        Assert.That(back, Is.EqualTo(local));
    }

    [Test]
    public void Stats_count_every_sample_and_report_the_latest_receive_time()
    {
        var sync = new TimeSync();
        sync.TryAddSample(9, 5_000, 1_000, 3_000);
        sync.TryAddSample(9, 9_000, 6_000, 8_000);
        sync.TryAddSample(9, 6_000, 4_000, 7_000); // arrives last, received earlier
        Assert.That(sync.TryGetStats(9, out TimeSyncStats stats), Is.True);
        Assert.That(stats.Venue, Is.EqualTo(9));
        Assert.That(stats.SampleCount, Is.EqualTo(3));
        Assert.That(stats.LastSampleNanoseconds, Is.EqualTo(8_000));
        Assert.That(stats.BestRoundTripNanoseconds, Is.EqualTo(2_000));
    }

    [Test]
    public void Unknown_venues_are_not_found()
    {
        var sync = new TimeSync();
        sync.TryAddSample(1, 10, 0, 10);
        Assert.That(sync.TryToExchange(2, 0, out _), Is.False);
        Assert.That(sync.TryToLocal(2, 0, out _), Is.False);
        Assert.That(sync.TryGetStats(2, out _), Is.False);
        Assert.That(sync.TryToExchange(1, 0, out _), Is.True);
    }

    [Test]
    public void Bad_samples_throw_and_leave_the_state_unchanged()
    {
        var sync = new TimeSync();
        sync.TryAddSample(1, 2_000, 1_000, 1_200);
        sync.TryGetStats(1, out TimeSyncStats before);

        Assert.That(() => sync.TryAddSample(-1, 2_000, 1_000, 1_200), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("venue"));
        Assert.That(() => sync.TryAddSample(1, 2_000, 1_000, 999), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("receive"));
        Assert.That(() => sync.TryAddSample(2, 2_000, 1_000, 999), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => sync.TryAddSample(1, 2_000, long.MinValue, long.MaxValue), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("round trip"));
        Assert.That(() => sync.TryAddSample(1, long.MaxValue, -1_000, -900), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("offset"));
        Assert.That(() => sync.TryToExchange(-3, 0, out _), Throws.TypeOf<ArgumentOutOfRangeException>());

        Assert.That(sync.VenueCount, Is.EqualTo(1), "the rejected sample for venue 2 registered nothing");
        Assert.That(sync.TryGetStats(1, out TimeSyncStats after), Is.True);
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void Conversions_that_overflow_throw_instead_of_wrapping()
    {
        var sync = new TimeSync();
        sync.TryAddSample(1, 1_000_000, 0, 10); // offset about +1 ms
        Assert.That(() => sync.TryToExchange(1, long.MaxValue - 10, out _), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => sync.TryToLocal(1, long.MinValue + 10, out _), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void A_full_table_refuses_new_venues_but_keeps_serving_known_ones()
    {
        var sync = new TimeSync(maxVenues: 3);
        Assert.That(sync.TryAddSample(10, 100, 0, 10), Is.True);
        Assert.That(sync.TryAddSample(int.MaxValue, 100, 0, 10), Is.True);
        Assert.That(sync.TryAddSample(0, 100, 0, 10), Is.True);
        Assert.That(sync.TryAddSample(11, 100, 0, 10), Is.False);
        Assert.That(sync.VenueCount, Is.EqualTo(3));
        Assert.That(sync.TryGetStats(11, out _), Is.False);
        Assert.That(sync.TryAddSample(int.MaxValue, 200, 20, 30), Is.True);
        Assert.That(sync.TryGetStats(int.MaxValue, out TimeSyncStats stats), Is.True);
        Assert.That(stats.SampleCount, Is.EqualTo(2));
    }

    [TestCase(null)]
    [TestCase(2024)]
    public void Arbitrary_venue_ids_map_to_their_own_estimates(int? fixedSeed)
    {
        var random = new Random(Seed(fixedSeed));
        var sync = new TimeSync(maxVenues: TimeSync.MaxMaxVenues, window: 1);
        var offsets = new Dictionary<int, long>();
        while (offsets.Count < TimeSync.MaxMaxVenues)
        {
            // Half dense small ids, half anywhere: both collide in the table.
            int venue = random.Next(2) == 0 ? random.Next(8192) : random.Next(int.MaxValue);
            long offset = random.NextInt64(-1_000_000_000, 1_000_000_000);
            if (!offsets.TryAdd(venue, offset))
                continue;
            Assert.That(sync.TryAddSample(venue, 1_000 + offset, 0, 2_000), Is.True);
        }
        Assert.That(sync.VenueCount, Is.EqualTo(TimeSync.MaxMaxVenues));
        foreach (var (venue, offset) in offsets)
        {
            Assert.That(sync.TryToExchange(venue, 1_000, out long exchange), Is.True);
            Assert.That(exchange, Is.EqualTo(1_000 + offset), $"venue {venue}");
        }
        for (int i = 0; i < 10_000; i++)
        {
            int venue = random.Next(int.MaxValue);
            Assert.That(sync.TryGetStats(venue, out _), Is.EqualTo(offsets.ContainsKey(venue)));
        }
    }

    [Test]
    public void Readers_never_see_a_half_published_estimate()
    {
        // Sample i: sent at i µs, 500 ns round trip, offset exactly i. Every consistent snapshot then
        // has offset = count - 1 and last sample = (count - 1) µs + 500; a torn one would not.
        var sync = new TimeSync(window: 16);
        sync.TryAddSample(4, 250, 0, 500);
        using var stop = new CancellationTokenSource();
        var failures = new string?[2];
        var readers = new Thread[2];
        for (int r = 0; r < readers.Length; r++)
        {
            int id = r;
            readers[r] = new Thread(() =>
            {
                while (!stop.IsCancellationRequested && failures[id] is null)
                {
                    sync.TryGetStats(4, out TimeSyncStats stats);
                    if (stats.OffsetNanoseconds != stats.SampleCount - 1 || stats.LastSampleNanoseconds != (stats.SampleCount - 1) * 1_000 + 500)
                        failures[id] = $"torn snapshot {stats}";
                }
            });
            readers[r].Start();
        }
        long i = 1;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 300)
        {
            for (int k = 0; k < 1000; k++, i++)
                sync.TryAddSample(4, i * 1_000 + 250 + i, i * 1_000, i * 1_000 + 500);
        }
        stop.Cancel();
        foreach (var reader in readers)
            reader.Join();
        TestContext.Out.WriteLine($"{i} samples written");
        Assert.That(failures, Is.All.Null);
    }

    [Test]
    public void Conversions_and_stats_allocate_nothing_and_known_venue_samples_neither()
    {
        var sync = new TimeSync();
        sync.TryAddSample(1, 2_000, 1_000, 1_200);
        long sink = 0;
        for (int i = 0; i < 1000; i++)
            sink += Work(sync, i);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
            sink += Work(sync, i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, $"sink {sink}");

        static long Work(TimeSync sync, int i)
        {
            sync.TryAddSample(1, 2_000 + i, 1_000 + i, 1_200 + i);
            sync.TryToExchange(1, i, out long exchange);
            sync.TryToLocal(1, i, out long local);
            sync.TryGetStats(1, out TimeSyncStats stats);
            return exchange + local + stats.SampleCount;
        }
    }

    [TestCase(0, 64)]
    [TestCase(4097, 64)]
    [TestCase(64, 0)]
    [TestCase(64, 65537)]
    public void The_constructor_rejects_sizes_out_of_range(int maxVenues, int window)
    {
        Assert.That(() => new TimeSync(maxVenues, window), Throws.InstanceOf<SettingOutOfRangeException>());
    }
}
