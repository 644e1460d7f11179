using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

/// <summary>
/// Hostile-input fuzz of the published library: every handle-taking export is called with random 64-bit
/// values, destroyed handles, valid handles of the wrong type (including an order book and a depth book),
/// NULLs and random sizes. The library must
/// answer only with known status codes, never accept a handle it did not hand out, never crash, and the
/// sentinel objects (only ever passed to read-only calls or calls bound to fail) must give the same answers
/// afterwards. Scratch objects take random valid and invalid calls and must stay self-consistent.
/// Seed: VELOZ_FUZZ_SEED, else random (printed). Iterations: VELOZ_FUZZ_ITERATIONS, default 600 000 (about 3 s).
/// </summary>
[TestFixture]
public unsafe class AbiFuzzTests
{
    private enum HandleKind { Null, Random64, RandomLow32, DeadHistogram, DeadSync, Histogram, Sync, ScratchHistogram, ScratchSync, Book, Depth }

    private sealed class Snapshot
    {
        public HistogramStats Histogram;
        public long[] Percentiles = Array.Empty<long>();
        public (long Value, long Count)[] Buckets = Array.Empty<(long, long)>();
        public TimeSyncStats Sync;
        public long ToExchange;
        public int VenueCount;
    }

    private static readonly double[] s_probePercentiles = { 0, 10, 50, 90, 99, 99.9, 100 };

    private static Snapshot Take(nint histogram, nint sync)
    {
        var snapshot = new Snapshot
        {
            Histogram = HistogramAbiTests.Stats(histogram),
            Percentiles = s_probePercentiles.Select(p => HistogramAbiTests.ValueAt(histogram, p)).ToArray(),
            Buckets = HistogramAbiTests.Buckets(histogram).Select(b => (b.Value, b.Count)).ToArray(),
            VenueCount = LibVeloz.TimeSyncVenueCount(sync),
        };
        var stats = new TimeSyncStats { StructSize = (uint)sizeof(TimeSyncStats) };
        AbiAssert.Ok(LibVeloz.TimeSyncGetStats(sync, 3, &stats), "veloz_time_sync_get_stats");
        snapshot.Sync = stats;
        long exchange;
        AbiAssert.Ok(LibVeloz.TimeSyncToExchange(sync, 3, 1_000_000, &exchange), "veloz_time_sync_to_exchange");
        snapshot.ToExchange = exchange;
        return snapshot;
    }

    private static void AssertSame(Snapshot before, Snapshot after)
    {
        Assert.That(after.Histogram, Is.EqualTo(before.Histogram), "sentinel histogram stats");
        Assert.That(after.Percentiles, Is.EqualTo(before.Percentiles), "sentinel histogram percentiles");
        Assert.That(after.Buckets, Is.EqualTo(before.Buckets), "sentinel histogram buckets");
        Assert.That(after.Sync, Is.EqualTo(before.Sync), "sentinel time sync stats");
        Assert.That(after.ToExchange, Is.EqualTo(before.ToExchange), "sentinel time sync conversion");
        Assert.That(after.VenueCount, Is.EqualTo(before.VenueCount), "sentinel time sync venues");
    }

    private static nint NewHistogram()
    {
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(null, &histogram), "veloz_histogram_create");
        return histogram;
    }

    private static nint NewSync(TimeSyncConfig* config)
    {
        nint sync = 0;
        AbiAssert.Ok(LibVeloz.TimeSyncCreate(config, &sync), "veloz_time_sync_create");
        return sync;
    }

    private static nint NewBook()
    {
        nint book = 0;
        AbiAssert.Ok(LibVeloz.BookCreate(null, &book), "veloz_book_create");
        return book;
    }

    private static nint NewDepth()
    {
        nint depth = 0;
        AbiAssert.Ok(LibVeloz.DepthCreate(null, &depth), "veloz_depth_create");
        return depth;
    }

    [Test]
    public void Random_handles_sizes_and_NULLs_give_known_statuses_and_leave_live_objects_unchanged()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("VELOZ_FUZZ_SEED"), out int s) ? s : Random.Shared.Next();
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("VELOZ_FUZZ_ITERATIONS"), out int n) ? n : 600_000;
        TestContext.Out.WriteLine($"fuzz seed {seed}, {iterations} iterations (rerun: VELOZ_FUZZ_SEED={seed})");
        var random = new Random(seed);

        // Sentinels: fixed content, only read or handed calls that must fail.
        var smallSync = new TimeSyncConfig { StructSize = (uint)sizeof(TimeSyncConfig), MaxVenues = 2, Window = 8 };
        nint histogram = NewHistogram();
        nint sync = NewSync(&smallSync);
        nint scratchHistogram = NewHistogram();
        nint scratchSync = NewSync(&smallSync);
        nint deadHistogram = NewHistogram();
        nint deadSync = NewSync(null);
        LibVeloz.HistogramDestroy(deadHistogram);
        LibVeloz.TimeSyncDestroy(deadSync);
        // Live objects of the other handle types, only ever passed where a histogram or time sync is expected.
        nint book = NewBook();
        nint depth = NewDepth();
        ulong bookHash;
        AbiAssert.Ok(LibVeloz.BookHash(book, &bookHash), "veloz_book_hash");
        try
        {
            for (long v = 1; v <= 5000; v += 7)
                AbiAssert.Ok(LibVeloz.HistogramRecordN(histogram, v * 1013, v % 5 + 1), "veloz_histogram_record_n");
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 3, 7_000, 1_000, 1_200), "veloz_time_sync_add_sample");
            AbiAssert.Ok(LibVeloz.TimeSyncAddSample(sync, 4, 9_000, 2_000, 2_500), "veloz_time_sync_add_sample");
            var before = Take(histogram, sync);

            var statusCounts = new Dictionary<int, int>();
            var failures = new List<string>();
            void Fail(int i, string what)
            {
                if (failures.Count < 20)
                    failures.Add($"iteration {i}: {what}");
            }

            nint Pick(HandleKind kind) => kind switch
            {
                HandleKind.Null => 0,
                HandleKind.Random64 => (nint)random.NextInt64(long.MinValue, long.MaxValue),
                HandleKind.RandomLow32 => (nint)(uint)random.Next(int.MinValue, int.MaxValue),
                HandleKind.DeadHistogram => deadHistogram,
                HandleKind.DeadSync => deadSync,
                HandleKind.Histogram => histogram,
                HandleKind.Sync => sync,
                HandleKind.ScratchHistogram => scratchHistogram,
                HandleKind.ScratchSync => scratchSync,
                HandleKind.Book => book,
                _ => depth,
            };
            bool IsLiveHistogram(nint h) => h == histogram || h == scratchHistogram;
            bool IsLiveSync(nint h) => h == sync || h == scratchSync;
            // Destroy never gets a live handle of its own type: that would (rightly) destroy it.
            nint NotLiveHistogram(nint h) => IsLiveHistogram(h) ? deadHistogram : h;
            nint NotLiveSync(nint h) => IsLiveSync(h) ? deadSync : h;
            // Calls that change an object go to the scratch object instead of the sentinel.
            nint SpareHistogram(nint h) => h == histogram ? scratchHistogram : h;
            nint SpareSync(nint h) => h == sync ? scratchSync : h;

            // Caller-owned buffers: sizes passed to the library never exceed them; NULL is passed explicitly.
            const int Room = 64;
            long* longs = stackalloc long[Room];
            double* doubles = stackalloc double[Room];
            var bucketBuffer = stackalloc HistogramBucket[Room];
            byte* structBuffer = stackalloc byte[256];
            byte* text = stackalloc byte[Room];

            for (int i = 0; i < iterations; i++)
            {
                var kind = (HandleKind)random.Next(11);
                nint handle = Pick(kind);
                bool nullOut = random.Next(8) == 0;
                int size = random.Next(10) switch { 0 => random.Next(int.MinValue, 0), 1 => 0, _ => random.Next(1, Room + 1) };
                for (int k = 0; k < Room; k++)
                {
                    longs[k] = random.Next(4) == 0 ? random.NextInt64(long.MinValue, 0) : random.NextInt64(0, long.MaxValue);
                    doubles[k] = random.Next(4) == 0 ? random.NextDouble() * 400 - 150 : random.NextDouble() * 100;
                }
                // Random struct_size over a 256-byte buffer: the library writes at most min(struct_size, its size).
                *(uint*)structBuffer = random.Next(4) switch { 0 => 0u, 1 => (uint)random.Next(1, 257), 2 => (uint)random.NextInt64(0, uint.MaxValue), _ => 56u };
                int venue = random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(-1, 6);
                int op = random.Next(23);

                int status = VelozStatus.Ok;
                bool mayAccept; // may this call return OK with this handle?
                switch (op)
                {
                    case 0:
                        handle = SpareHistogram(handle);
                        status = LibVeloz.HistogramRecord(handle, longs[0]);
                        mayAccept = handle == scratchHistogram;
                        break;
                    case 1:
                        handle = SpareHistogram(handle);
                        status = LibVeloz.HistogramRecordN(handle, longs[0] & 0xFFFFF, random.Next(3) == 0 ? -random.Next(1, 100) : random.Next(0, 1 << 20));
                        mayAccept = handle == scratchHistogram;
                        break;
                    case 2:
                        handle = SpareHistogram(handle);
                        status = LibVeloz.HistogramRecordBatch(handle, nullOut ? null : longs, size);
                        mayAccept = handle == scratchHistogram;
                        break;
                    case 3:
                        status = LibVeloz.HistogramValueAtPercentile(handle, doubles[0], nullOut ? null : longs);
                        mayAccept = IsLiveHistogram(handle);
                        break;
                    case 4:
                        status = LibVeloz.HistogramPercentiles(handle, random.Next(8) == 0 ? null : doubles, nullOut ? null : longs, size);
                        mayAccept = IsLiveHistogram(handle);
                        break;
                    case 5:
                        status = LibVeloz.HistogramGetStats(handle, nullOut ? null : (HistogramStats*)structBuffer);
                        mayAccept = IsLiveHistogram(handle);
                        break;
                    case 6:
                    {
                        int written = -1;
                        bool nullBuckets = random.Next(4) == 0;
                        status = LibVeloz.HistogramBuckets(handle, nullBuckets ? null : bucketBuffer, nullBuckets && random.Next(2) == 0 ? 0 : size, nullOut ? null : &written);
                        if (status == VelozStatus.BufferTooSmall && written < 0)
                            Fail(i, "veloz_histogram_buckets: BUFFER_TOO_SMALL without the needed size");
                        mayAccept = IsLiveHistogram(handle);
                        break;
                    }
                    case 7:
                    {
                        // Into the scratch histogram from anything (never from itself).
                        nint source = handle == scratchHistogram ? histogram : handle;
                        status = LibVeloz.HistogramMerge(scratchHistogram, source);
                        mayAccept = source == histogram;
                        break;
                    }
                    case 8:
                        // Into anything from a handle that is never a live histogram.
                        handle = SpareHistogram(handle);
                        status = LibVeloz.HistogramMerge(handle, Pick((HandleKind)random.Next(5)));
                        mayAccept = false;
                        break;
                    case 9:
                        handle = SpareHistogram(handle);
                        status = LibVeloz.HistogramReset(handle);
                        mayAccept = handle == scratchHistogram;
                        break;
                    case 10:
                        LibVeloz.HistogramDestroy(NotLiveHistogram(handle));
                        mayAccept = true;
                        break;
                    case 11:
                    {
                        long value = -1;
                        status = LibVeloz.HistogramValueAtPercentile(handle, 50, &value);
                        if (handle == histogram && value != before.Percentiles[2])
                            Fail(i, $"sentinel p50 changed: {value} vs {before.Percentiles[2]}");
                        mayAccept = IsLiveHistogram(handle);
                        break;
                    }
                    case 12:
                        handle = SpareSync(handle);
                        status = LibVeloz.TimeSyncAddSample(handle, venue, longs[0], longs[1], longs[1] + random.Next(-100, 1000));
                        mayAccept = handle == scratchSync;
                        break;
                    case 13:
                        status = LibVeloz.TimeSyncToExchange(handle, venue, longs[0], nullOut ? null : longs + 1);
                        mayAccept = IsLiveSync(handle);
                        break;
                    case 14:
                        status = LibVeloz.TimeSyncToLocal(handle, venue, longs[0], nullOut ? null : longs + 1);
                        mayAccept = IsLiveSync(handle);
                        break;
                    case 15:
                        status = LibVeloz.TimeSyncGetStats(handle, venue, nullOut ? null : (TimeSyncStats*)structBuffer);
                        mayAccept = IsLiveSync(handle);
                        break;
                    case 16:
                    {
                        int count = LibVeloz.TimeSyncVenueCount(handle);
                        bool right = handle == sync ? count == 2 : handle == scratchSync ? count is >= 0 and <= 2 : count == 0;
                        if (!right)
                            Fail(i, $"veloz_time_sync_venue_count({kind}) = {count}");
                        mayAccept = true;
                        break;
                    }
                    case 17:
                        LibVeloz.TimeSyncDestroy(NotLiveSync(handle));
                        mayAccept = true;
                        break;
                    case 18:
                    {
                        bool nullText = random.Next(4) == 0;
                        int length = LibVeloz.LastErrorMessage(nullText ? null : text, size);
                        int end = !nullText && size > 0 ? new ReadOnlySpan<byte>(text, size).IndexOf((byte)0) : 0;
                        int room = Math.Min(length, size - 1);
                        if (length < 0)
                            Fail(i, $"veloz_last_error_message returned {length}");
                        else if (!nullText && size > 0 && (end > room || end < room - 3)) // up to 3 bytes of a cut UTF-8 character dropped
                            Fail(i, $"veloz_last_error_message(capacity {size}): NUL at {end}, expected after min(length {length}, capacity - 1) bytes");
                        mayAccept = true;
                        break;
                    }
                    case 19:
                        if (LibVeloz.StatusName(random.Next(int.MinValue, int.MaxValue)) == null)
                            Fail(i, "veloz_status_name returned NULL");
                        mayAccept = true;
                        break;
                    case 20:
                    {
                        // The book's own exports with any handle: only the live book resolves.
                        ulong hash = 0;
                        status = LibVeloz.BookHash(handle, nullOut ? null : &hash);
                        if (status == VelozStatus.Ok && hash != bookHash)
                            Fail(i, $"veloz_book_hash changed: {hash:X} vs {bookHash:X}");
                        LibVeloz.BookDestroy(handle == book ? Pick(HandleKind.Random64) : handle);
                        mayAccept = handle == book;
                        break;
                    }
                    case 21:
                        status = LibVeloz.DepthBest(handle, nullOut ? null : structBuffer);
                        LibVeloz.DepthDestroy(handle == depth ? Pick(HandleKind.RandomLow32) : handle);
                        mayAccept = handle == depth;
                        break;
                    default:
                        LibVeloz.ClockTicksToNs((ulong)random.NextInt64(long.MinValue, long.MaxValue));
                        status = LibVeloz.ClockGetInfo(nullOut ? null : (ClockInfo*)structBuffer);
                        mayAccept = true;
                        break;
                }

                statusCounts[status] = statusCounts.TryGetValue(status, out int c) ? c + 1 : 1;
                if (!VelozStatus.IsKnown(status))
                    Fail(i, $"op {op} returned unknown status {status}");
                else if (status == VelozStatus.Ok && !mayAccept)
                    Fail(i, $"op {op} accepted a {kind} handle 0x{handle:X}");
            }

            TestContext.Out.WriteLine("statuses: " + string.Join(", ", statusCounts.OrderBy(p => p.Key).Select(p => $"{LibVeloz.NameOf(p.Key)} {p.Value}")));
            Assert.That(failures, Is.Empty, $"seed {seed}");
            AssertSame(before, Take(histogram, sync));

            // The scratch histogram took random valid and invalid calls: it must still be self-consistent.
            var scratch = HistogramAbiTests.Stats(scratchHistogram);
            var buckets = HistogramAbiTests.Buckets(scratchHistogram);
            Assert.That(buckets.Sum(b => b.Count), Is.EqualTo(scratch.Count), "scratch: buckets add up to the count");
            if (scratch.Count > 0)
            {
                Assert.That(HistogramAbiTests.ValueAt(scratchHistogram, 100), Is.EqualTo(scratch.Max), "scratch: p100 is the max");
                Assert.That(HistogramAbiTests.ValueAt(scratchHistogram, 0), Is.EqualTo(scratch.Min), "scratch: p0 is the min");
            }
            Assert.That(LibVeloz.TimeSyncVenueCount(scratchSync), Is.InRange(0, 2), "scratch sync: at most max_venues");
            ulong hashAfter;
            AbiAssert.Ok(LibVeloz.BookHash(book, &hashAfter), "veloz_book_hash");
            Assert.That(hashAfter, Is.EqualTo(bookHash), "the order book survived being passed as the wrong type");
            byte* top = stackalloc byte[256];
            AbiAssert.Ok(LibVeloz.DepthBest(depth, top), "veloz_depth_best");
        }
        finally
        {
            LibVeloz.HistogramDestroy(histogram);
            LibVeloz.TimeSyncDestroy(sync);
            LibVeloz.HistogramDestroy(scratchHistogram);
            LibVeloz.TimeSyncDestroy(scratchSync);
            LibVeloz.BookDestroy(book);
            LibVeloz.DepthDestroy(depth);
        }
    }

    private static readonly string[] s_queueFamilies = { "spsc", "mpmc" };

    private static QueueStats QueueStatsOf(LibVelozQueue q, nint queue)
    {
        var stats = new QueueStats { StructSize = (uint)sizeof(QueueStats) };
        AbiAssert.Ok(q.GetStats(queue, &stats), q.Name("get_stats"));
        return stats;
    }

    private static nint NewQueue(LibVelozQueue q, int capacity)
    {
        var config = new QueueConfig { StructSize = (uint)sizeof(QueueConfig), Capacity = capacity, RecordSize = 16 };
        nint queue = 0;
        AbiAssert.Ok(q.Create(&config, &queue), q.Name("create"));
        return queue;
    }

    /// <summary>
    /// Every export of a queue family with NULL, random, destroyed and wrong-type handles (the other family's queue, a
    /// histogram) and random buffers, counts and timeouts: only known statuses, OK only for the live scratch queue of
    /// the family, and the sentinels (a queue of the family that is never passed, the other family's queue) unchanged.
    /// </summary>
    [TestCaseSource(nameof(s_queueFamilies))]
    public void Random_queue_handles_give_known_statuses_and_leave_live_queues_unchanged(string family)
    {
        LibVelozQueue q = LibVelozQueue.Of(family);
        LibVelozQueue other = q == LibVelozQueue.Spsc ? LibVelozQueue.Mpmc : LibVelozQueue.Spsc;
        int seed = Environment.GetEnvironmentVariable("VELOZ_FUZZ_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (replay with VELOZ_FUZZ_SEED={seed})");
        var random = new Random(seed);
        const int Capacity = 8;
        nint scratch = NewQueue(q, Capacity);
        nint sentinel = NewQueue(q, Capacity);
        nint foreign = NewQueue(other, Capacity);
        nint dead = NewQueue(q, Capacity);
        q.Destroy(dead);
        nint histogram = NewHistogram();
        try
        {
            byte* record = stackalloc byte[16];
            for (int k = 0; k < 16; k++)
                record[k] = (byte)k;
            AbiAssert.Ok(q.Push(sentinel, record), q.Name("push"));
            AbiAssert.Ok(other.Push(foreign, record), other.Name("push"));
            QueueStats sentinelBefore = QueueStatsOf(q, sentinel);
            QueueStats foreignBefore = QueueStatsOf(other, foreign);

            var failures = new List<string>();
            var statusCounts = new Dictionary<int, int>();
            byte* buffer = stackalloc byte[16 * 2 * Capacity];
            for (int i = 0; i < 20_000; i++)
            {
                int kind = random.Next(6);
                nint handle = kind switch
                {
                    0 => 0,
                    1 => (nint)random.NextInt64(),
                    2 => dead,
                    3 => foreign,
                    4 => histogram,
                    _ => scratch,
                };
                bool nullBuffer = random.Next(8) == 0;
                byte* data = nullBuffer ? null : buffer;
                int count = random.Next(8) == 0 ? -random.Next(1, 100) : random.Next(0, 2 * Capacity + 1);
                int n = -1;
                long size = -1;
                var stats = new QueueStats { StructSize = (uint)random.Next(0, 2 * sizeof(QueueStats)) };
                int op = random.Next(q == LibVelozQueue.Spsc ? 12 : 11);
                int status = op switch
                {
                    0 => q.Push(handle, data),
                    1 => q.Pop(handle, data),
                    2 => q.PushBatch(handle, data, count, random.Next(8) == 0 ? null : &n),
                    3 => q.PopBatch(handle, data, count, random.Next(8) == 0 ? null : &n),
                    // Timeouts of 0 or 1 us only: a wait on the live queue must not stall the test.
                    4 => q.PushWait(handle, data, random.Next(2) * 1000),
                    5 => q.PopWait(handle, data, random.Next(2) * 1000),
                    6 => q.Size(handle, random.Next(8) == 0 ? null : &size),
                    7 => q.GetStats(handle, random.Next(8) == 0 ? null : &stats),
                    // Close only what is not the scratch queue (closing it would end the run's pushes early).
                    8 => handle == scratch ? VelozStatus.Ok : q.Close(handle),
                    9 => DestroyNotLive(q, handle == scratch ? dead : handle),
                    10 => LibVeloz.LastErrorMessage(null, 0) >= 0 ? VelozStatus.Ok : VelozStatus.Internal,
                    _ => LibVelozQueue.SpscPeek(handle, data),
                };
                statusCounts[status] = statusCounts.TryGetValue(status, out int c) ? c + 1 : 1;
                bool mayAccept = handle == scratch || op is 8 or 9 or 10;
                if (!VelozStatus.IsKnown(status))
                    failures.Add($"{i}: op {op} returned unknown status {status}");
                else if (status == VelozStatus.Ok && !mayAccept)
                    failures.Add($"{i}: op {op} accepted handle kind {kind} 0x{handle:X}");
                else if (handle != scratch && kind != 1 && op is not (8 or 9 or 10) && status != VelozStatus.InvalidHandle)
                    failures.Add($"{i}: op {op} with handle kind {kind} gave {LibVeloz.NameOf(status)}, not INVALID_HANDLE");
            }

            TestContext.Out.WriteLine("statuses: " + string.Join(", ", statusCounts.OrderBy(p => p.Key).Select(p => $"{LibVeloz.NameOf(p.Key)} {p.Value}")));
            Assert.That(failures, Is.Empty, $"seed {seed}");
            Assert.That(QueueStatsOf(q, sentinel), Is.EqualTo(sentinelBefore), "the sentinel queue, never passed, is unchanged");
            Assert.That(QueueStatsOf(other, foreign), Is.EqualTo(foreignBefore), "the other family's queue survived being passed as the wrong type");
            QueueStats after = QueueStatsOf(q, scratch);
            Assert.That(after.Size, Is.EqualTo(after.Pushes - after.Pops), "scratch: size is pushes - pops");
            Assert.That(after.Size, Is.InRange(0, Capacity), "scratch: size within the capacity");
            Assert.That(after.Closed, Is.Zero, "scratch: still open");
        }
        finally
        {
            q.Destroy(scratch);
            q.Destroy(sentinel);
            other.Destroy(foreign);
            LibVeloz.HistogramDestroy(histogram);
        }
    }

    private static int DestroyNotLive(LibVelozQueue q, nint handle)
    {
        q.Destroy(handle);
        return VelozStatus.Ok;
    }
}
