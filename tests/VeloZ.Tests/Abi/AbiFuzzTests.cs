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

    private static readonly string[] s_memoryFamilies = { "pool", "concurrent_pool", "arena" };

    private static nint NewPool(LibVelozMemory m, int maxBlocks)
    {
        var config = new PoolConfig { StructSize = (uint)sizeof(PoolConfig), BlockSize = 32, InitialBlocks = 8, MaxBlocks = maxBlocks };
        nint pool = 0;
        AbiAssert.Ok(m.Create(&config, &pool), m.Name("create"));
        return pool;
    }

    private static nint NewArena()
    {
        var config = new ArenaConfig { StructSize = (uint)sizeof(ArenaConfig), ChunkSize = 4096 };
        nint arena = 0;
        AbiAssert.Ok(LibVelozMemory.ArenaCreate(&config, &arena), "veloz_arena_create");
        return arena;
    }

    /// <summary>
    /// Every export of a pool family or of the arena with NULL, random, destroyed and wrong-type handles (the other
    /// memory families' objects, a queue, a histogram), random block pointers (NULL, random, interior, malloc'd,
    /// blocks already returned, blocks rented from another pool), random counts, sizes, alignments and struct sizes:
    /// only known statuses, INVALID_HANDLE for every handle but the live scratch object of the family, and exactly the
    /// outcome a model predicts for the scratch object (which block is rented, when the pool is full, what the arena
    /// allocated). The sentinels (a pool, a concurrent pool and an arena with blocks out, a queue, a histogram) are
    /// unchanged afterwards.
    /// </summary>
    [TestCaseSource(nameof(s_memoryFamilies))]
    public void Random_memory_handles_give_known_statuses_and_leave_live_pools_and_arenas_unchanged(string family)
    {
        bool arenaFamily = family == "arena";
        LibVelozMemory? m = arenaFamily ? null : LibVelozMemory.Of(family);
        int seed = Environment.GetEnvironmentVariable("VELOZ_FUZZ_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (replay with VELOZ_FUZZ_SEED={seed})");
        var random = new Random(seed);
        const int MaxBlocks = 32;

        // Sentinels, one per memory family, each with something out; never changed by the run.
        nint pool = NewPool(LibVelozMemory.Pool, 16);
        nint concurrent = NewPool(LibVelozMemory.ConcurrentPool, 16);
        nint arena = NewArena();
        nint queue = NewQueue(LibVelozQueue.Spsc, 8);
        nint histogram = NewHistogram();
        nint scratch = arenaFamily ? NewArena() : NewPool(m!, MaxBlocks);
        nint dead = arenaFamily ? NewArena() : NewPool(m!, MaxBlocks);
        if (arenaFamily)
            LibVelozMemory.ArenaDestroy(dead);
        else
            m!.Destroy(dead);
        void* foreign = NativeMemory.Alloc(64);
        try
        {
            var sentinelBlocks = new List<nint>();
            for (int i = 0; i < 2; i++)
            {
                void* b;
                AbiAssert.Ok(LibVelozMemory.Pool.Rent(pool, &b), "veloz_pool_rent");
                sentinelBlocks.Add((nint)b);
                AbiAssert.Ok(LibVelozMemory.ConcurrentPool.Rent(concurrent, &b), "veloz_concurrent_pool_rent");
                sentinelBlocks.Add((nint)b);
            }
            void* arenaBlock;
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 100, 0, &arenaBlock), "veloz_arena_alloc");
            long one = 1;
            AbiAssert.Ok(LibVelozQueue.Spsc.Push(queue, &one), "veloz_spsc_push");
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 77), "veloz_histogram_record");
            PoolStats poolBefore = MemoryAbiTests.Stats(LibVelozMemory.Pool, pool);
            PoolStats concurrentBefore = MemoryAbiTests.Stats(LibVelozMemory.ConcurrentPool, concurrent);
            ArenaStats arenaBefore = MemoryAbiTests.ArenaStatsOf(arena);
            QueueStats queueBefore = QueueStatsOf(LibVelozQueue.Spsc, queue);
            HistogramStats histogramBefore = HistogramAbiTests.Stats(histogram);
            // The wrong-type live handles: the two memory families other than this one, a queue, a histogram.
            nint[] wrongType = family switch
            {
                "pool" => new[] { concurrent, arena, queue, histogram },
                "concurrent_pool" => new[] { pool, arena, queue, histogram },
                _ => new[] { pool, concurrent, queue, histogram },
            };

            // The model of the scratch object.
            var rented = new List<nint>();          // blocks the scratch pool has out
            var returnedBefore = new List<nint>();  // blocks it had out once and took back
            long allocations = 0, bytesSinceReset = 0, resets = 0;

            var failures = new List<string>();
            void Fail(int i, string what)
            {
                if (failures.Count < 20)
                    failures.Add($"{i}: {what}");
            }
            var statusCounts = new Dictionary<int, int>();
            const int Room = 16;
            void** buffer = stackalloc void*[Room];
            byte* structBuffer = stackalloc byte[256];

            nint PickPointer()
            {
                switch (random.Next(8))
                {
                    case 0: return 0;
                    case 1: return (nint)random.NextInt64();
                    case 2 when rented.Count > 0: return rented[random.Next(rented.Count)] + random.Next(1, 32);
                    case 3: return (nint)foreign;
                    case 4: return sentinelBlocks[random.Next(sentinelBlocks.Count)];
                    case 5 when returnedBefore.Count > 0: return returnedBefore[random.Next(returnedBefore.Count)];
                    default: return rented.Count > 0 ? rented[random.Next(rented.Count)] : (nint)foreign;
                }
            }

            for (int i = 0; i < 20_000; i++)
            {
                int kind = random.Next(9);
                nint handle = kind switch
                {
                    0 => 0,
                    1 => (nint)random.NextInt64(),
                    2 => dead,
                    3 or 4 or 5 => wrongType[random.Next(wrongType.Length)],
                    _ => scratch,
                };
                bool isScratch = handle == scratch;
                bool nullOut = random.Next(10) == 0;
                bool nullBuffer = random.Next(10) == 0;
                int count = random.Next(8) == 0 ? -random.Next(1, 100) : random.Next(0, Room + 1);
                int n = -1;
                *(uint*)structBuffer = random.Next(4) switch { 0 => 0u, 1 => (uint)random.Next(1, 257), 2 => (uint)random.NextInt64(0, uint.MaxValue), _ => 96u };
                uint structSize = *(uint*)structBuffer;
                bool structOk = structSize is >= 4 and <= 4096;
                int op = random.Next(arenaFamily ? 6 : 8);
                int status;
                int expected = int.MinValue; // the model's answer for the scratch object (int.MinValue: not modelled)
                bool noHandleCheck = false;  // destroy and last-error take any handle
                if (!arenaFamily)
                {
                    switch (op)
                    {
                        case 0:
                        {
                            void* block = (void*)0x99;
                            status = m!.Rent(handle, nullOut ? null : &block);
                            expected = nullOut ? VelozStatus.InvalidArgument : rented.Count < MaxBlocks ? VelozStatus.Ok : VelozStatus.Full;
                            if (isScratch && status == VelozStatus.Ok)
                            {
                                rented.Add((nint)block);
                                returnedBefore.Remove((nint)block);
                            }
                            else if (isScratch && status == VelozStatus.Full && block != null)
                                Fail(i, "VELOZ_E_FULL left *out set");
                            break;
                        }
                        case 1:
                        {
                            nint block = PickPointer();
                            status = m!.Return(handle, (void*)block);
                            expected = rented.Contains(block) ? VelozStatus.Ok : VelozStatus.InvalidArgument;
                            if (isScratch && status == VelozStatus.Ok)
                            {
                                rented.Remove(block);
                                returnedBefore.Add(block);
                            }
                            break;
                        }
                        case 2:
                        {
                            bool nullRented = random.Next(10) == 0;
                            status = m!.RentBatch(handle, nullBuffer ? null : buffer, count, nullRented ? null : &n);
                            int room = MaxBlocks - rented.Count;
                            expected = count < 0 || (nullBuffer && count > 0) || nullRented ? VelozStatus.InvalidArgument
                                : count <= room ? VelozStatus.Ok : VelozStatus.Full;
                            if (isScratch && (status == VelozStatus.Ok || status == VelozStatus.Full))
                            {
                                if (n != Math.Min(count, room))
                                    Fail(i, $"rent_batch of {count} with {room} free rented {n}");
                                for (int k = 0; k < n; k++)
                                {
                                    rented.Add((nint)buffer[k]);
                                    returnedBefore.Remove((nint)buffer[k]);
                                }
                            }
                            break;
                        }
                        case 3:
                        {
                            int filled = Math.Max(0, count);
                            for (int k = 0; k < filled; k++)
                                buffer[k] = (void*)PickPointer();
                            bool nullReturned = random.Next(10) == 0;
                            // The model: in order, up to the first block that is not out (a block twice: the second).
                            var left = new List<nint>(rented);
                            int returns = 0;
                            while (returns < filled && left.Remove((nint)buffer[returns]))
                                returns++;
                            status = m!.ReturnBatch(handle, nullBuffer ? null : buffer, count, nullReturned ? null : &n);
                            expected = count < 0 || (nullBuffer && count > 0) || nullReturned ? VelozStatus.InvalidArgument
                                : returns == filled ? VelozStatus.Ok : VelozStatus.InvalidArgument;
                            bool argumentsOk = count >= 0 && !(nullBuffer && count > 0) && !nullReturned;
                            if (isScratch && argumentsOk)
                            {
                                int expectedReturns = nullBuffer ? 0 : returns;
                                if (n != expectedReturns)
                                    Fail(i, $"return_batch returned {n}, the model {expectedReturns}");
                                for (int k = 0; k < n; k++)
                                {
                                    rented.Remove((nint)buffer[k]);
                                    returnedBefore.Add((nint)buffer[k]);
                                }
                            }
                            break;
                        }
                        case 4:
                        {
                            nint block = PickPointer();
                            int answer = -1;
                            status = m!.IsRented(handle, (void*)block, nullOut ? null : &answer);
                            expected = nullOut ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                            if (isScratch && status == VelozStatus.Ok && answer != (rented.Contains(block) ? 1 : 0))
                                Fail(i, $"is_rented(0x{block:X}) = {answer}, the model says {rented.Contains(block)}");
                            break;
                        }
                        case 5:
                            status = m!.GetStats(handle, nullOut ? null : (PoolStats*)structBuffer);
                            expected = nullOut || !structOk ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                            if (isScratch && status == VelozStatus.Ok && structSize >= 48 && ((PoolStats*)structBuffer)->InUse != rented.Count)
                                Fail(i, $"stats in_use {((PoolStats*)structBuffer)->InUse}, the model {rented.Count}");
                            break;
                        case 6:
                            m!.Destroy(isScratch ? dead : handle);
                            status = VelozStatus.Ok;
                            noHandleCheck = true;
                            break;
                        default:
                            status = LibVeloz.LastErrorMessage(null, 0) >= 0 ? VelozStatus.Ok : VelozStatus.Internal;
                            noHandleCheck = true;
                            break;
                    }
                }
                else
                {
                    long size = random.Next(6) switch
                    {
                        0 => 0,
                        1 => -random.NextInt64(1, long.MaxValue),
                        2 => (1L << 30) + random.Next(1, 1000),
                        3 => long.MaxValue,
                        _ => random.Next(1, 5000),
                    };
                    int alignment = random.Next(6) switch
                    {
                        0 => 0,
                        1 => random.Next(-5, 4097),
                        2 => 8192,
                        _ => 1 << random.Next(13),
                    };
                    bool sizeOk = size is >= 1 and <= 1L << 30;
                    bool alignmentOk = alignment == 0 || (alignment is >= 1 and <= 4096 && (alignment & (alignment - 1)) == 0);
                    switch (op)
                    {
                        case 0:
                        {
                            void* block = (void*)0x99;
                            status = LibVelozMemory.ArenaAlloc(handle, size, alignment, nullOut ? null : &block);
                            expected = nullOut || !sizeOk || !alignmentOk ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                            if (isScratch && status == VelozStatus.Ok)
                            {
                                if ((long)block % (alignment == 0 ? 16 : alignment) != 0)
                                    Fail(i, $"arena block 0x{(nint)block:X} not aligned to {alignment}");
                                new Span<byte>(block, (int)size).Fill(0xA5);
                                allocations++;
                                bytesSinceReset += size;
                            }
                            else if (isScratch && !nullOut && block != null)
                                Fail(i, "a refused arena allocation left *out set");
                            break;
                        }
                        case 1:
                        {
                            long small = sizeOk ? Math.Min(size, 512) : size;
                            status = LibVelozMemory.ArenaAllocBatch(handle, small, alignment, nullBuffer ? null : buffer, count);
                            expected = !sizeOk || !alignmentOk || count < 0 || (nullBuffer && count > 0) ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                            if (isScratch && status == VelozStatus.Ok)
                            {
                                for (int k = 0; k < count; k++)
                                    new Span<byte>(buffer[k], (int)small).Fill(0x5A);
                                allocations += count;
                                bytesSinceReset += small * count;
                            }
                            break;
                        }
                        case 2:
                            status = LibVelozMemory.ArenaReset(handle);
                            expected = VelozStatus.Ok;
                            if (isScratch && status == VelozStatus.Ok)
                            {
                                resets++;
                                bytesSinceReset = 0;
                            }
                            break;
                        case 3:
                            status = LibVelozMemory.ArenaGetStats(handle, nullOut ? null : (ArenaStats*)structBuffer);
                            expected = nullOut || !structOk ? VelozStatus.InvalidArgument : VelozStatus.Ok;
                            if (isScratch && status == VelozStatus.Ok && structSize >= 48 && ((ArenaStats*)structBuffer)->Allocations != allocations)
                                Fail(i, $"arena allocations {((ArenaStats*)structBuffer)->Allocations}, the model {allocations}");
                            break;
                        case 4:
                            LibVelozMemory.ArenaDestroy(isScratch ? dead : handle);
                            status = VelozStatus.Ok;
                            noHandleCheck = true;
                            break;
                        default:
                            status = LibVeloz.LastErrorMessage(null, 0) >= 0 ? VelozStatus.Ok : VelozStatus.Internal;
                            noHandleCheck = true;
                            break;
                    }
                }

                statusCounts[status] = statusCounts.TryGetValue(status, out int c) ? c + 1 : 1;
                if (!VelozStatus.IsKnown(status))
                    Fail(i, $"op {op} returned unknown status {status}");
                else if (noHandleCheck)
                    continue;
                else if (!isScratch && status == VelozStatus.Ok)
                    Fail(i, $"op {op} accepted handle kind {kind} 0x{handle:X}");
                else if (!isScratch && kind != 1 && status != VelozStatus.InvalidHandle)
                    Fail(i, $"op {op} with handle kind {kind} gave {LibVeloz.NameOf(status)}, not INVALID_HANDLE");
                else if (isScratch && expected != int.MinValue && status != expected)
                    Fail(i, $"op {op} on the scratch object gave {LibVeloz.NameOf(status)}, the model {LibVeloz.NameOf(expected)}");
            }

            TestContext.Out.WriteLine("statuses: " + string.Join(", ", statusCounts.OrderBy(p => p.Key).Select(p => $"{LibVeloz.NameOf(p.Key)} {p.Value}")));
            Assert.That(failures, Is.Empty, $"seed {seed}");
            Assert.That(MemoryAbiTests.Stats(LibVelozMemory.Pool, pool), Is.EqualTo(poolBefore), "the sentinel pool is unchanged");
            Assert.That(MemoryAbiTests.Stats(LibVelozMemory.ConcurrentPool, concurrent), Is.EqualTo(concurrentBefore), "the sentinel concurrent pool is unchanged");
            Assert.That(MemoryAbiTests.ArenaStatsOf(arena), Is.EqualTo(arenaBefore), "the sentinel arena is unchanged");
            Assert.That(QueueStatsOf(LibVelozQueue.Spsc, queue), Is.EqualTo(queueBefore), "the queue survived being passed as a memory handle");
            Assert.That(HistogramAbiTests.Stats(histogram), Is.EqualTo(histogramBefore), "the histogram survived being passed as a memory handle");
            for (int k = 0; k < sentinelBlocks.Count; k++)
            {
                LibVelozMemory owner = k % 2 == 0 ? LibVelozMemory.Pool : LibVelozMemory.ConcurrentPool;
                int answer = -1;
                AbiAssert.Ok(owner.IsRented(k % 2 == 0 ? pool : concurrent, (void*)sentinelBlocks[k], &answer), owner.Name("is_rented"));
                Assert.That(answer, Is.EqualTo(1), "a sentinel's block passed to the scratch object is still rented from its own pool");
            }
            if (!arenaFamily)
            {
                PoolStats after = MemoryAbiTests.Stats(m!, scratch);
                Assert.That(after.InUse, Is.EqualTo(rented.Count), "scratch: in_use is what the model has out");
                Assert.That(after.Rents - after.Returns, Is.EqualTo(after.InUse), "scratch: in_use is rents - returns");
                Assert.That(after.Capacity, Is.InRange(8, MaxBlocks));
                foreach (nint block in rented)
                    AbiAssert.Ok(m!.Return(scratch, (void*)block), m.Name("return"));
                Assert.That(MemoryAbiTests.Stats(m!, scratch).InUse, Is.Zero);
            }
            else
            {
                ArenaStats after = MemoryAbiTests.ArenaStatsOf(scratch);
                Assert.That(after.Allocations, Is.EqualTo(allocations), "scratch arena: allocations");
                Assert.That(after.Resets, Is.EqualTo(resets), "scratch arena: resets");
                Assert.That(after.BytesAllocated, Is.EqualTo(bytesSinceReset), "scratch arena: bytes since the last reset");
                Assert.That(after.BytesReserved, Is.GreaterThanOrEqualTo(after.BytesAllocated));
            }
        }
        finally
        {
            NativeMemory.Free(foreign);
            if (arenaFamily)
                LibVelozMemory.ArenaDestroy(scratch);
            else
                m!.Destroy(scratch);
            LibVelozMemory.Pool.Destroy(pool);
            LibVelozMemory.ConcurrentPool.Destroy(concurrent);
            LibVelozMemory.ArenaDestroy(arena);
            LibVelozQueue.Spsc.Destroy(queue);
            LibVeloz.HistogramDestroy(histogram);
        }
    }
}
