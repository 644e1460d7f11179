using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using NUnit.Framework;
using VeloZ.Interop;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The pools, the arena and the memory report through the published libveloz.so, as a C caller sees them: configs
/// and their defaults, rent and return, batches, is_rented, stats, growth up to max_blocks and VELOZ_E_FULL beyond
/// it, FILL_FREED, the owner-thread check of veloz_pool and veloz_arena, four threads returning each other's blocks
/// of a veloz_concurrent_pool, and hostile input (NULL, destroyed and wrong-type handles, bad configs, foreign,
/// interior, doubly returned and other pools' pointers) after which the pool must be intact: stats unchanged but
/// for bad_returns or failed_rents, a rent and a return still working, and a message naming the problem. Every pool
/// test runs for veloz_pool_* and veloz_concurrent_pool_*. The zero-allocation tests also call the same exports
/// in-process (the published library's own GC cannot be watched from here), as BookAllocationAbiTests does.
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class MemoryAbiTests
{
    private static readonly string[] s_families = { "pool", "concurrent_pool" };

    /// <summary>NUL-terminated UTF-8 of <paramref name="text"/>.</summary>
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");

    private static nint Create(LibVelozMemory m, int blockSize, int initialBlocks = 0, int maxBlocks = 0, int alignment = 0, uint flags = 0, string? name = null)
    {
        byte[]? utf8 = name is null ? null : Utf8(name);
        fixed (byte* n = utf8)
        {
            var config = new PoolConfig
            {
                StructSize = (uint)sizeof(PoolConfig), BlockSize = blockSize, Alignment = alignment,
                InitialBlocks = initialBlocks, MaxBlocks = maxBlocks, Flags = flags, Name = n,
            };
            nint pool = 0;
            AbiAssert.Ok(m.Create(&config, &pool), m.Name("create"));
            Assert.That(pool, Is.Not.EqualTo((nint)0));
            return pool;
        }
    }

    internal static PoolStats Stats(LibVelozMemory m, nint pool)
    {
        var stats = new PoolStats { StructSize = (uint)sizeof(PoolStats) };
        AbiAssert.Ok(m.GetStats(pool, &stats), m.Name("get_stats"));
        return stats;
    }

    private static nint CreateArena(long chunkSize = 0, string? name = null)
    {
        byte[]? utf8 = name is null ? null : Utf8(name);
        fixed (byte* n = utf8)
        {
            var config = new ArenaConfig { StructSize = (uint)sizeof(ArenaConfig), ChunkSize = chunkSize, Name = n };
            nint arena = 0;
            AbiAssert.Ok(LibVelozMemory.ArenaCreate(&config, &arena), "veloz_arena_create");
            Assert.That(arena, Is.Not.EqualTo((nint)0));
            return arena;
        }
    }

    internal static ArenaStats ArenaStatsOf(nint arena)
    {
        var stats = new ArenaStats { StructSize = (uint)sizeof(ArenaStats) };
        AbiAssert.Ok(LibVelozMemory.ArenaGetStats(arena, &stats), "veloz_arena_get_stats");
        return stats;
    }

    private static void* Rent(LibVelozMemory m, nint pool)
    {
        void* block = null;
        AbiAssert.Ok(m.Rent(pool, &block), m.Name("rent"));
        Assert.That((nint)block, Is.Not.EqualTo((nint)0));
        return block;
    }

    private static bool IsRented(LibVelozMemory m, nint pool, void* block)
    {
        int rented = -1;
        AbiAssert.Ok(m.IsRented(pool, block, &rented), m.Name("is_rented"));
        Assert.That(rented, Is.EqualTo(0).Or.EqualTo(1));
        return rented == 1;
    }

    /// <summary>
    /// After a refused call: the stats are <paramref name="before"/> but for <paramref name="badReturns"/> and
    /// <paramref name="failedRents"/> more, and a rent and a return still work (when a block is free). Returns the
    /// stats after the probe, for the next comparison.
    /// </summary>
    private static PoolStats AssertIntact(LibVelozMemory m, nint pool, PoolStats before, long badReturns, long failedRents, string what)
    {
        PoolStats expected = before;
        expected.BadReturns += badReturns;
        expected.FailedRents += failedRents;
        Assert.That(Stats(m, pool), Is.EqualTo(expected), $"{what}: the pool changed beyond its failure counters");
        if (before.InUse < before.Capacity)
        {
            void* probe = Rent(m, pool);
            Assert.That(IsRented(m, pool, probe), Is.True, $"{what}: a block rented afterwards is rented");
            AbiAssert.Ok(m.Return(pool, probe), m.Name("return"));
        }
        return Stats(m, pool);
    }

    /// <summary>The calling thread's last error, read without asserting (safe on a thread that is not the test's).</summary>
    private static string Message()
    {
        byte* buffer = stackalloc byte[1024];
        int length = LibVeloz.LastErrorMessage(buffer, 1024);
        return Encoding.UTF8.GetString(buffer, Math.Min(length, 1023));
    }

    /// <summary>Runs <paramref name="body"/> on a new thread and waits for it; an exception there fails the test here.</summary>
    internal static void OnOtherThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True, "the other thread did not finish");
        Assert.That(failure, Is.Null, failure?.ToString());
    }

    // ---- pools: the contract ----------------------------------------------------------------------

    [TestCaseSource(nameof(s_families))]
    public void A_config_with_only_block_size_gives_the_defaults(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 24);
        try
        {
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.BlockSize, stats.Alignment, stats.Stride, stats.Chunks, stats.Reserved), Is.EqualTo((24, 16, 32, 1, 0)));
            Assert.That((stats.Capacity, stats.MaxBlocks, stats.InUse, stats.PeakInUse), Is.EqualTo((1024L, 0L, 0L, 0L)));
            Assert.That((stats.Rents, stats.Returns, stats.FailedRents, stats.BadReturns), Is.EqualTo((0L, 0L, 0L, 0L)));
            Assert.That(stats.BytesReserved, Is.EqualTo(1024L * 32));
            Assert.That(stats.StructSize, Is.EqualTo((uint)sizeof(PoolStats)), "struct_size is left as the caller set it");
        }
        finally
        {
            m.Destroy(pool);
        }
        // The smallest stride is 8: a 1-byte block aligned to 1 still takes 8 bytes.
        pool = Create(m, 1, initialBlocks: 4, alignment: 1);
        try
        {
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.BlockSize, stats.Alignment, stats.Stride, stats.Capacity), Is.EqualTo((1, 1, 8, 4L)));
            void* a = Rent(m, pool);
            void* b = Rent(m, pool);
            Assert.That(Math.Abs((long)b - (long)a), Is.EqualTo(8));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Blocks_are_aligned_distinct_writable_and_the_pool_grows_up_to_max_blocks_then_is_full(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 40, initialBlocks: 4, maxBlocks: 8, alignment: 64);
        try
        {
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.Stride, stats.Capacity, stats.MaxBlocks, stats.Chunks, stats.BytesReserved), Is.EqualTo((64, 4L, 8L, 1, 256L)));
            var blocks = new nint[8];
            for (int i = 0; i < 8; i++)
            {
                byte* block = (byte*)Rent(m, pool);
                blocks[i] = (nint)block;
                Assert.That((long)block % 64, Is.Zero, $"block {i} is aligned to 64");
                for (int k = 0; k < 40; k++)
                    block[k] = (byte)(i * 40 + k);
                Assert.That(IsRented(m, pool, block), Is.True);
                if (i == 3)
                    Assert.That(Stats(m, pool).Capacity, Is.EqualTo(4), "no growth while a block is free");
            }
            Assert.That(new HashSet<nint>(blocks).Count, Is.EqualTo(8), "every block is distinct");
            for (int i = 0; i < 8; i++)
                for (int k = 0; k < 40; k++)
                    Assert.That(((byte*)blocks[i])[k], Is.EqualTo((byte)(i * 40 + k)), $"block {i} byte {k}: blocks overlap");
            stats = Stats(m, pool);
            Assert.That((stats.Capacity, stats.Chunks, stats.InUse, stats.PeakInUse, stats.Rents, stats.BytesReserved), Is.EqualTo((8L, 2, 8L, 8L, 8L, 512L)));

            // Exhausted: VELOZ_E_FULL, *out NULL, the message says why, and nothing else changes.
            void* none = (void*)0x1234;
            AbiAssert.Status(m.Rent(pool, &none), VelozStatus.Full, m.Name("rent"));
            Assert.That((nint)none, Is.EqualTo((nint)0), "*out is NULL after VELOZ_E_FULL");
            Assert.That(LibVeloz.LastError(), Does.Contain("exhausted").And.Contain("8 blocks are rented and max_blocks is 8"));
            stats = AssertIntact(m, pool, stats, badReturns: 0, failedRents: 1, "VELOZ_E_FULL");

            // LIFO: the block returned last comes back first.
            AbiAssert.Ok(m.Return(pool, (void*)blocks[5]), m.Name("return"));
            Assert.That(IsRented(m, pool, (void*)blocks[5]), Is.False);
            Assert.That((nint)Rent(m, pool), Is.EqualTo(blocks[5]));
            for (int i = 0; i < 8; i++)
                AbiAssert.Ok(m.Return(pool, (void*)blocks[i]), m.Name("return"));
            stats = Stats(m, pool);
            Assert.That((stats.InUse, stats.PeakInUse, stats.Rents, stats.Returns, stats.FailedRents, stats.BadReturns),
                Is.EqualTo((0L, 8L, 9L, 9L, 1L, 0L)));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Batches_rent_what_there_is_and_return_up_to_the_first_refused_block(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 16, initialBlocks: 2, maxBlocks: 6);
        try
        {
            void** blocks = stackalloc void*[10];
            int rented = -1;
            AbiAssert.Ok(m.RentBatch(pool, blocks, 4, &rented), m.Name("rent_batch"));
            Assert.That(rented, Is.EqualTo(4));
            AbiAssert.Status(m.RentBatch(pool, blocks + 4, 6, &rented), VelozStatus.Full, m.Name("rent_batch"));
            Assert.That(rented, Is.EqualTo(2), "the two blocks left are rented; the rest is short");
            Assert.That(LibVeloz.LastError(), Does.Contain("max_blocks is 6"));
            var distinct = new HashSet<nint>();
            for (int i = 0; i < 6; i++)
            {
                Assert.That(IsRented(m, pool, blocks[i]), Is.True, $"blocks[{i}] is rented");
                distinct.Add((nint)blocks[i]);
            }
            Assert.That(distinct.Count, Is.EqualTo(6));
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.InUse, stats.Rents, stats.FailedRents), Is.EqualTo((6L, 6L, 1L)), "a batch that stops short counts once");
            AbiAssert.Ok(m.RentBatch(pool, null, 0, &rented), m.Name("rent_batch"));
            Assert.That(rented, Is.Zero);

            // A batch return stops at the first refused block: blocks[2] here, a foreign pointer.
            void* foreign = NativeMemory.Alloc(64);
            try
            {
                void** back = stackalloc void*[4] { blocks[0], blocks[1], foreign, blocks[3] };
                int returned = -1;
                AbiAssert.Status(m.ReturnBatch(pool, back, 4, &returned), VelozStatus.InvalidArgument, m.Name("return_batch"));
                Assert.That(returned, Is.EqualTo(2));
                Assert.That(LibVeloz.LastError(), Does.Contain("blocks[2]").And.Contain($"0x{(nint)foreign:X}").And.Contain("is not in pool"));
                Assert.That(IsRented(m, pool, blocks[0]) || IsRented(m, pool, blocks[1]), Is.False, "the blocks before it are returned");
                Assert.That(IsRented(m, pool, blocks[3]), Is.True, "the blocks after it are not");
                stats = Stats(m, pool);
                Assert.That((stats.InUse, stats.Returns, stats.BadReturns), Is.EqualTo((4L, 2L, 1L)));
                AbiAssert.Ok(m.ReturnBatch(pool, blocks + 2, 4, &returned), m.Name("return_batch"));
                Assert.That(returned, Is.EqualTo(4));
                AbiAssert.Ok(m.ReturnBatch(pool, null, 0, &returned), m.Name("return_batch"));
                Assert.That(returned, Is.Zero);
            }
            finally
            {
                NativeMemory.Free(foreign);
            }

            // Bad arrays and counts: refused before anything is rented or returned.
            stats = Stats(m, pool);
            AbiAssert.Status(m.RentBatch(pool, blocks, -1, &rented), VelozStatus.InvalidArgument, m.Name("rent_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("count must be >= 0, got -1"));
            AbiAssert.Status(m.RentBatch(pool, null, 2, &rented), VelozStatus.InvalidArgument, m.Name("rent_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("blocks is NULL but count is 2"));
            AbiAssert.Status(m.RentBatch(pool, blocks, 1, null), VelozStatus.InvalidArgument, m.Name("rent_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("rented is NULL"));
            AbiAssert.Status(m.ReturnBatch(pool, blocks, -3, &rented), VelozStatus.InvalidArgument, m.Name("return_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("count must be >= 0, got -3"));
            AbiAssert.Status(m.ReturnBatch(pool, null, 1, &rented), VelozStatus.InvalidArgument, m.Name("return_batch"));
            AbiAssert.Status(m.ReturnBatch(pool, blocks, 1, null), VelozStatus.InvalidArgument, m.Name("return_batch"));
            Assert.That(LibVeloz.LastError(), Does.Contain("returned is NULL"));
            AssertIntact(m, pool, stats, badReturns: 0, failedRents: 0, "bad batch arguments");
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void A_return_of_a_pointer_the_pool_did_not_rent_out_is_refused_and_changes_nothing(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 48, initialBlocks: 8, name: "returns");
        nint sibling = Create(m, 48, initialBlocks: 8, name: "sibling");
        nint cousin = Create(m.Other, 48, initialBlocks: 8, name: "cousin");
        void* foreign = NativeMemory.Alloc(256);
        try
        {
            byte* kept = (byte*)Rent(m, pool);
            byte* twice = (byte*)Rent(m, pool);
            AbiAssert.Ok(m.Return(pool, twice), m.Name("return"));
            void* siblings = Rent(m, sibling);
            void* cousins = Rent(m.Other, cousin);
            PoolStats stats = Stats(m, pool);

            var cases = new (string What, nint Block, string Message)[]
            {
                ("NULL", 0, "block is NULL, not a block of pool 'returns'"),
                ("malloc'd memory", (nint)foreign, $"block 0x{(nint)foreign:X} is not in pool 'returns'"),
                ("a pointer inside a rented block", (nint)(kept + 1), $"block 0x{(nint)(kept + 1):X} points inside a block of pool 'returns', not at its start"),
                ("a pointer at a block's last byte", (nint)(kept + 47), "points inside a block"),
                ("a block returned twice", (nint)twice, $"block 0x{(nint)twice:X} of pool 'returns' is not rented (returned twice?)"),
                ("another pool's block", (nint)siblings, "is not in pool 'returns'"),
                ("the other family's block", (nint)cousins, "is not in pool 'returns'"),
            };
            foreach (var (what, block, message) in cases)
            {
                AbiAssert.Status(m.Return(pool, (void*)block), VelozStatus.InvalidArgument, m.Name("return"));
                Assert.That(LibVeloz.LastError(), Does.Contain(message), what);
                Assert.That(IsRented(m, pool, kept), Is.True, $"{what}: the rented block is still rented");
                stats = AssertIntact(m, pool, stats, badReturns: 1, failedRents: 0, what);
                int returned = -1;
                void* one = (void*)block;
                AbiAssert.Status(m.ReturnBatch(pool, &one, 1, &returned), VelozStatus.InvalidArgument, m.Name("return_batch"));
                Assert.That(returned, Is.Zero);
                Assert.That(LibVeloz.LastError(), Does.Contain("blocks[0]: ").And.Contain(message), what);
                stats = AssertIntact(m, pool, stats, badReturns: 1, failedRents: 0, what + " (batch)");
            }
            Assert.That(IsRented(m, sibling, siblings), Is.True, "the sibling's block is still rented there");
            Assert.That(IsRented(m.Other, cousin, cousins), Is.True, "the other family's block is still rented there");
            Assert.That(Stats(m, sibling).BadReturns + Stats(m.Other, cousin).BadReturns, Is.Zero);
            AbiAssert.Ok(m.Return(pool, kept), m.Name("return"));
            AbiAssert.Ok(m.Return(sibling, siblings), m.Name("return"));
            AbiAssert.Ok(m.Other.Return(cousin, cousins), m.Other.Name("return"));
            Assert.That(Stats(m, pool).InUse, Is.Zero);
        }
        finally
        {
            NativeMemory.Free(foreign);
            m.Destroy(pool);
            m.Destroy(sibling);
            m.Other.Destroy(cousin);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Is_rented_answers_for_any_pointer_and_null_outs_are_invalid_arguments(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 32, initialBlocks: 4);
        void* foreign = NativeMemory.Alloc(32);
        try
        {
            byte* block = (byte*)Rent(m, pool);
            Assert.That(IsRented(m, pool, block), Is.True);
            Assert.That(IsRented(m, pool, block + 1), Is.False, "inside a block");
            Assert.That(IsRented(m, pool, null), Is.False);
            Assert.That(IsRented(m, pool, foreign), Is.False);
            Assert.That(IsRented(m, pool, (void*)unchecked((nint)0x7F00_DEAD_BEEF_0000)), Is.False);
            Assert.That(IsRented(m, pool, block + 32), Is.False, "the next block, never rented");
            PoolStats stats = Stats(m, pool);
            AbiAssert.Status(m.IsRented(pool, block, null), VelozStatus.InvalidArgument, m.Name("is_rented"));
            Assert.That(LibVeloz.LastError(), Does.Contain("out_rented is NULL"));
            AbiAssert.Status(m.Rent(pool, null), VelozStatus.InvalidArgument, m.Name("rent"));
            Assert.That(LibVeloz.LastError(), Does.Contain("out is NULL"));
            AbiAssert.Status(m.GetStats(pool, null), VelozStatus.InvalidArgument, m.Name("get_stats"));
            Assert.That(LibVeloz.LastError(), Does.Contain("out is NULL"));
            AssertIntact(m, pool, stats, badReturns: 0, failedRents: 0, "NULL outs");
            AbiAssert.Ok(m.Return(pool, block), m.Name("return"));
        }
        finally
        {
            NativeMemory.Free(foreign);
            m.Destroy(pool);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Get_stats_writes_min_of_struct_size_and_refuses_a_bad_struct_size(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 100, initialBlocks: 3, maxBlocks: 9);
        try
        {
            Rent(m, pool);
            // An older, smaller struct: 28 bytes, so capacity (offset 24) but not max_blocks (offset 32).
            byte* raw = stackalloc byte[sizeof(PoolStats)];
            new Span<byte>(raw, sizeof(PoolStats)).Fill(0x77);
            *(uint*)raw = 28;
            AbiAssert.Ok(m.GetStats(pool, (PoolStats*)raw), m.Name("get_stats"));
            PoolStats* partial = (PoolStats*)raw;
            Assert.That((partial->StructSize, partial->BlockSize, partial->Stride), Is.EqualTo((28u, 100, 112)));
            Assert.That(raw[28], Is.EqualTo((byte)0x77), "nothing written beyond struct_size");
            Assert.That(new Span<byte>(raw + 28, sizeof(PoolStats) - 28).IndexOfAnyExcept((byte)0x77), Is.EqualTo(-1));
            foreach (uint size in new uint[] { 0, 3, 4097, 5000 })
            {
                var stats = new PoolStats { StructSize = size, InUse = -42 };
                AbiAssert.Status(m.GetStats(pool, &stats), VelozStatus.InvalidArgument, m.Name("get_stats"));
                Assert.That(LibVeloz.LastError(), Does.Contain("out->struct_size must be 4..4096").And.Contain($"got {size}"));
                Assert.That((stats.StructSize, stats.InUse), Is.EqualTo((size, -42L)), "nothing written");
            }
            Assert.That(Stats(m, pool).InUse, Is.EqualTo(1));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Fill_freed_writes_0xDD_over_a_returned_block_and_new_blocks(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        const int BlockSize = 40;
        nint pool = Create(m, BlockSize, initialBlocks: 2, flags: 1);
        try
        {
            byte* block = (byte*)Rent(m, pool);
            Assert.That(new Span<byte>(block, BlockSize).IndexOfAnyExcept((byte)0xDD), Is.EqualTo(-1), "a block never rented reads 0xDD");
            new Span<byte>(block, BlockSize).Fill(0x11);
            AbiAssert.Ok(m.Return(pool, block), m.Name("return"));
            // The pool still holds the memory: reading it after the return is what the flag is for.
            Assert.That(new Span<byte>(block, BlockSize).IndexOfAnyExcept((byte)0xDD), Is.EqualTo(-1), "a returned block reads 0xDD");
            byte* again = (byte*)Rent(m, pool);
            Assert.That((nint)again, Is.EqualTo((nint)block));
            Assert.That(again[0], Is.EqualTo((byte)0xDD));
            // A refused return does not fill the block it names.
            again[0] = 0x42;
            AbiAssert.Status(m.Return(pool, again + 1), VelozStatus.InvalidArgument, m.Name("return"));
            Assert.That((again[0], again[1]), Is.EqualTo(((byte)0x42, (byte)0xDD)));
            AbiAssert.Ok(m.Return(pool, again), m.Name("return"));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    // ---- pools: bad configs and handles -----------------------------------------------------------

    private static IEnumerable<TestCaseData> BadConfigs()
    {
        foreach (string f in s_families)
        {
            yield return new TestCaseData(f, 0, 0, 0, 0, 0u, "config->block_size must be 1..1048576 bytes (no default), got 0");
            yield return new TestCaseData(f, -1, 0, 0, 0, 0u, "config->block_size must be 1..1048576");
            yield return new TestCaseData(f, (1 << 20) + 1, 0, 0, 0, 0u, "config->block_size must be 1..1048576");
            yield return new TestCaseData(f, int.MaxValue, 0, 0, 0, 0u, "config->block_size must be 1..1048576");
            yield return new TestCaseData(f, 64, 3, 0, 0, 0u, "config->alignment must be a power of two 1..4096 (default 16), got 3");
            yield return new TestCaseData(f, 64, 48, 0, 0, 0u, "config->alignment must be a power of two");
            yield return new TestCaseData(f, 64, 8192, 0, 0, 0u, "config->alignment must be a power of two 1..4096");
            yield return new TestCaseData(f, 64, -16, 0, 0, 0u, "config->alignment must be a power of two");
            yield return new TestCaseData(f, 64, int.MinValue, 0, 0, 0u, "config->alignment must be a power of two");
            yield return new TestCaseData(f, 64, 0, -1, 0, 0u, "config->initial_blocks must be 1..16777216");
            yield return new TestCaseData(f, 64, 0, (1 << 24) + 1, 0, 0u, "config->initial_blocks must be 1..16777216");
            yield return new TestCaseData(f, 64, 0, 8, 4, 0u, "config->max_blocks must be 0 (no limit) or initial_blocks (8)..1073741824, got 4");
            yield return new TestCaseData(f, 64, 0, 0, 1000, 0u, "config->max_blocks must be 0 (no limit) or initial_blocks (1024)");
            yield return new TestCaseData(f, 64, 0, 0, -1, 0u, "config->max_blocks must be 0");
            yield return new TestCaseData(f, 64, 0, 8, (1 << 30) + 1, 0u, "config->max_blocks must be 0");
            yield return new TestCaseData(f, 64, 0, 0, 0, 2u, "config->flags has unknown bits 0x2 (known: 0x1), got 0x2");
            yield return new TestCaseData(f, 64, 0, 0, 0, 0x8000_0001u, "config->flags has unknown bits 0x80000000");
        }
    }

    [TestCaseSource(nameof(BadConfigs))]
    public void A_bad_config_is_refused_naming_the_field(string family, int blockSize, int alignment, int initialBlocks, int maxBlocks, uint flags, string message)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        var config = new PoolConfig
        {
            StructSize = (uint)sizeof(PoolConfig), BlockSize = blockSize, Alignment = alignment,
            InitialBlocks = initialBlocks, MaxBlocks = maxBlocks, Flags = flags,
        };
        nint pool = 12345;
        AbiAssert.Status(m.Create(&config, &pool), VelozStatus.InvalidArgument, m.Name("create"));
        Assert.That(pool, Is.EqualTo((nint)0), "out is NULL after a failed create");
        Assert.That(LibVeloz.LastError(), Does.Contain(message));
    }

    [TestCaseSource(nameof(s_families))]
    public void The_config_is_required_and_its_struct_size_and_name_are_checked(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = 12345;
        AbiAssert.Status(m.Create(null, &pool), VelozStatus.InvalidArgument, m.Name("create"));
        Assert.That(pool, Is.EqualTo((nint)0));
        Assert.That(LibVeloz.LastError(), Does.Contain("config is NULL, but block_size has no default"));
        var config = new PoolConfig { StructSize = (uint)sizeof(PoolConfig), BlockSize = 16 };
        AbiAssert.Status(m.Create(&config, null), VelozStatus.InvalidArgument, m.Name("create"));
        Assert.That(LibVeloz.LastError(), Does.Contain("out is NULL"));
        foreach (uint size in new uint[] { 0, 5000 })
        {
            config.StructSize = size;
            pool = 12345;
            AbiAssert.Status(m.Create(&config, &pool), VelozStatus.InvalidArgument, m.Name("create"));
            Assert.That(pool, Is.EqualTo((nint)0));
            Assert.That(LibVeloz.LastError(), Does.Contain("config->struct_size must be 4..4096").And.Contain($"got {size}"));
        }

        // Names: 128 characters (not bytes) at most, valid UTF-8, NUL-terminated within 512 bytes.
        void Refused(byte[] name, string message)
        {
            fixed (byte* n = name)
            {
                var c = new PoolConfig { StructSize = (uint)sizeof(PoolConfig), BlockSize = 16, Name = n };
                nint p = 12345;
                AbiAssert.Status(m.Create(&c, &p), VelozStatus.InvalidArgument, m.Name("create"));
                Assert.That(p, Is.EqualTo((nint)0));
                Assert.That(LibVeloz.LastError(), Does.Contain(message));
            }
        }
        Refused(Utf8(new string('n', 129)), "config->name must be at most 128 characters, got 129 characters");
        Refused(Utf8(new string('n', 600)), "config->name is longer than 512 bytes");
        Refused(new byte[] { (byte)'a', 0xC3, 0x28, 0 }, "config->name is not valid UTF-8");
        nint longest = Create(m, 16, initialBlocks: 1, name: new string('é', 128));
        m.Destroy(longest);

        // An older, smaller config: only the words within struct_size are read; the rest take their defaults.
        config = new PoolConfig { StructSize = 8, BlockSize = 16, Alignment = 3, InitialBlocks = -5, Flags = 99 };
        AbiAssert.Ok(m.Create(&config, &pool), m.Name("create"));
        try
        {
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.BlockSize, stats.Alignment, stats.Capacity), Is.EqualTo((16, 16, 1024L)));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [TestCaseSource(nameof(s_families))]
    public void Null_destroyed_and_wrong_type_handles_are_invalid_handles_for_every_pool_export(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint dead = Create(m, 16, initialBlocks: 2);
        m.Destroy(dead);
        m.Destroy(dead);
        m.Destroy(0);
        nint other = Create(m.Other, 16, initialBlocks: 2);
        nint arena = CreateArena();
        nint histogram = 0, queue = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(null, &histogram), "veloz_histogram_create");
        AbiAssert.Ok(LibVelozQueue.Spsc.Create(null, &queue), "veloz_spsc_create");
        try
        {
            void* otherBlock = Rent(m.Other, other);
            PoolStats otherBefore = Stats(m.Other, other);
            ArenaStats arenaBefore = ArenaStatsOf(arena);
            void** blocks = stackalloc void*[2];
            int n = -1, rented = -1;
            var stats = new PoolStats { StructSize = (uint)sizeof(PoolStats) };
            var handles = new (string What, nint Handle)[]
            {
                ("NULL", 0), ("destroyed", dead), ($"a {m.Other} handle", other), ("an arena handle", arena),
                ("a queue handle", queue), ("a histogram handle", histogram), ("a random value", unchecked((nint)0x7F00_0000_1234_5678)),
            };
            foreach (var (what, handle) in handles)
            {
                string expected = handle == 0 ? "pool is NULL" : $"pool 0x{handle:X} is not a live {(m == LibVelozMemory.Pool ? "pool" : "concurrent pool")}";
                void* block = (void*)0x99;
                AbiAssert.Status(m.Rent(handle, &block), VelozStatus.InvalidHandle, m.Name("rent"));
                Assert.That(LibVeloz.LastError(), Does.Contain(expected), what);
                AbiAssert.Status(m.Return(handle, otherBlock), VelozStatus.InvalidHandle, m.Name("return"));
                Assert.That(LibVeloz.LastError(), Does.Contain(expected), what);
                AbiAssert.Status(m.RentBatch(handle, blocks, 2, &n), VelozStatus.InvalidHandle, m.Name("rent_batch"));
                AbiAssert.Status(m.ReturnBatch(handle, &otherBlock, 1, &n), VelozStatus.InvalidHandle, m.Name("return_batch"));
                AbiAssert.Status(m.IsRented(handle, otherBlock, &rented), VelozStatus.InvalidHandle, m.Name("is_rented"));
                AbiAssert.Status(m.GetStats(handle, &stats), VelozStatus.InvalidHandle, m.Name("get_stats"));
                Assert.That(LibVeloz.LastError(), Does.Contain(expected), what);
                m.Destroy(handle);
            }
            Assert.That(Stats(m.Other, other), Is.EqualTo(otherBefore), "the other family's pool survived being passed as the wrong type");
            Assert.That(IsRented(m.Other, other, otherBlock), Is.True);
            AbiAssert.Ok(m.Other.Return(other, otherBlock), m.Other.Name("return"));
            Assert.That(ArenaStatsOf(arena), Is.EqualTo(arenaBefore), "the arena survived being passed as a pool");
            void* allocated;
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 8, 0, &allocated), "veloz_arena_alloc");
            AbiAssert.Ok(LibVeloz.HistogramRecord(histogram, 5), "veloz_histogram_record");
            long value = 1;
            AbiAssert.Ok(LibVelozQueue.Spsc.Push(queue, &value), "veloz_spsc_push");
        }
        finally
        {
            m.Other.Destroy(other);
            LibVelozMemory.ArenaDestroy(arena);
            LibVeloz.HistogramDestroy(histogram);
            LibVelozQueue.Spsc.Destroy(queue);
        }
    }

    // ---- threads ------------------------------------------------------------------------------------

    [Test]
    public void A_pool_belongs_to_its_first_thread_until_it_is_shared()
    {
        LibVelozMemory m = LibVelozMemory.Pool;
        nint pool = Create(m, 32, initialBlocks: 4);
        try
        {
            void* mine = Rent(m, pool); // this thread is now the owner
            PoolStats before = Stats(m, pool);
            var statuses = new int[6];
            string message = "";
            OnOtherThread(() =>
            {
                void* block = null;
                void** blocks = stackalloc void*[2];
                int n, rented;
                var stats = new PoolStats { StructSize = (uint)sizeof(PoolStats) };
                void* theirs = mine;
                statuses[0] = m.Rent(pool, &block);
                message = Message();
                statuses[1] = m.Return(pool, theirs);
                statuses[2] = m.RentBatch(pool, blocks, 2, &n);
                statuses[3] = m.ReturnBatch(pool, &theirs, 1, &n);
                statuses[4] = m.IsRented(pool, theirs, &rented);
                statuses[5] = m.GetStats(pool, &stats);
            });
            Assert.That(statuses, Is.All.EqualTo(VelozStatus.State), "every owner-thread export refuses another thread");
            Assert.That(message, Does.Contain("veloz_pool_rent").And.Contain("belongs to thread").And.Contain("veloz_handle_share"));
            Assert.That(Stats(m, pool), Is.EqualTo(before), "the refused calls changed nothing");
            Assert.That(IsRented(m, pool, mine), Is.True);

            // Shared: the caller serializes; any thread may call.
            AbiAssert.Ok(LibVelozMemory.HandleShare(pool), "veloz_handle_share");
            int sharedRent = 0, sharedReturn = 0;
            OnOtherThread(() =>
            {
                void* block = null;
                sharedRent = m.Rent(pool, &block);
                sharedReturn = m.Return(pool, mine);
                if (block != null)
                    m.Return(pool, block);
            });
            Assert.That((sharedRent, sharedReturn), Is.EqualTo((VelozStatus.Ok, VelozStatus.Ok)));
            PoolStats after = Stats(m, pool);
            Assert.That((after.InUse, after.Rents, after.Returns), Is.EqualTo((0L, 2L, 2L)));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [Test]
    public void An_arena_belongs_to_its_first_thread_until_it_is_handed_over()
    {
        nint arena = CreateArena();
        try
        {
            void* mine;
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 16, 0, &mine), "veloz_arena_alloc"); // this thread is now the owner
            ArenaStats before = ArenaStatsOf(arena);
            var statuses = new int[4];
            string message = "";
            OnOtherThread(() =>
            {
                void* block = (void*)0x99;
                void** blocks = stackalloc void*[2];
                var stats = new ArenaStats { StructSize = (uint)sizeof(ArenaStats) };
                statuses[0] = LibVelozMemory.ArenaAlloc(arena, 16, 0, &block);
                message = Message();
                statuses[1] = LibVelozMemory.ArenaAllocBatch(arena, 16, 0, blocks, 2);
                statuses[2] = LibVelozMemory.ArenaReset(arena);
                statuses[3] = LibVelozMemory.ArenaGetStats(arena, &stats);
            });
            Assert.That(statuses, Is.All.EqualTo(VelozStatus.State), "every owner-thread arena export refuses another thread");
            Assert.That(message, Does.Contain("veloz_arena_alloc").And.Contain("(arena) belongs to thread"));
            Assert.That(ArenaStatsOf(arena), Is.EqualTo(before), "the refused calls changed nothing");

            // Handed over: the next thread to call becomes the owner, and this one is refused.
            AbiAssert.Ok(LibVelozMemory.HandleReleaseOwner(arena), "veloz_handle_release_owner");
            int alloc = 0;
            OnOtherThread(() =>
            {
                void* block;
                alloc = LibVelozMemory.ArenaAlloc(arena, 32, 0, &block);
            });
            Assert.That(alloc, Is.EqualTo(VelozStatus.Ok));
            var s = new ArenaStats { StructSize = (uint)sizeof(ArenaStats) };
            AbiAssert.Status(LibVelozMemory.ArenaGetStats(arena, &s), VelozStatus.State, "veloz_arena_get_stats");
            AbiAssert.Status(LibVelozMemory.HandleReleaseOwner(arena), VelozStatus.State, "veloz_handle_release_owner");
        }
        finally
        {
            LibVelozMemory.ArenaDestroy(arena);
        }
    }

    [Test]
    public void The_concurrent_pool_takes_rents_and_cross_thread_returns_from_four_threads()
    {
        LibVelozMemory m = LibVelozMemory.ConcurrentPool;
        const int Threads = 4, PerThread = 50_000, BlockSize = 64;
        nint pool = Create(m, BlockSize, initialBlocks: 32, maxBlocks: 128, name: "abi-4-threads");
        try
        {
            var inboxes = new ConcurrentQueue<(nint Block, long Stamp)>[Threads];
            for (int t = 0; t < Threads; t++)
                inboxes[t] = new ConcurrentQueue<(nint, long)>();
            long returned = 0, errors = 0, fulls = 0;
            string firstError = "";
            void Error(string what)
            {
                if (Interlocked.Increment(ref errors) == 1)
                    firstError = what;
            }

            // Every block carries its stamp in all 8 words; a block rented twice at once would be overwritten.
            static void Stamp(long* block, long stamp)
            {
                for (int k = 0; k < 8; k++)
                    block[k] = stamp ^ (k * 0x0101_0101_0101_0101L);
            }
            static bool Holds(long* block, long stamp)
            {
                for (int k = 0; k < 8; k++)
                    if (block[k] != (stamp ^ (k * 0x0101_0101_0101_0101L)))
                        return false;
                return true;
            }

            bool Drain(int t)
            {
                void** batch = stackalloc void*[8];
                int count = 0;
                while (count < 8 && inboxes[t].TryDequeue(out var item))
                {
                    if (!Holds((long*)item.Block, item.Stamp))
                        Error($"thread {t}: block 0x{item.Block:X} does not hold stamp {item.Stamp:X}");
                    int rented = -1;
                    if (m.IsRented(pool, (void*)item.Block, &rented) != VelozStatus.Ok || rented != 1)
                        Error($"thread {t}: block 0x{item.Block:X} in flight is not rented ({rented})");
                    batch[count++] = (void*)item.Block;
                }
                if (count == 0)
                    return false;
                if (count % 2 == 1)
                {
                    int done = -1;
                    int status = m.ReturnBatch(pool, batch, count, &done);
                    if (status != VelozStatus.Ok || done != count)
                        Error($"thread {t}: return_batch gave {status}, {done} of {count}: {Message()}");
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        int status = m.Return(pool, batch[i]);
                        if (status != VelozStatus.Ok)
                            Error($"thread {t}: return gave {status}: {Message()}");
                    }
                }
                Interlocked.Add(ref returned, count);
                return true;
            }

            void Worker(int t)
            {
                void** got = stackalloc void*[4];
                int sent = 0;
                while (sent < PerThread && Volatile.Read(ref errors) == 0)
                {
                    int want = Math.Min(4, PerThread - sent);
                    int n = 0;
                    int status = sent % 3 == 0 ? m.RentBatch(pool, got, want, &n) : m.Rent(pool, got);
                    if (sent % 3 != 0)
                        n = status == VelozStatus.Ok ? 1 : 0;
                    if (status == VelozStatus.Full)
                        Interlocked.Increment(ref fulls);
                    else if (status != VelozStatus.Ok)
                        Error($"thread {t}: rent gave {status}: {Message()}");
                    for (int i = 0; i < n; i++, sent++)
                    {
                        long stamp = ((long)(t + 1) << 48) | (uint)sent;
                        Stamp((long*)got[i], stamp);
                        inboxes[(t + 1 + sent % (Threads - 1)) % Threads].Enqueue(((nint)got[i], stamp));
                    }
                    if (!Drain(t) && n == 0)
                        Thread.Yield();
                }
                while (Volatile.Read(ref returned) < (long)Threads * PerThread && Volatile.Read(ref errors) == 0)
                {
                    if (!Drain(t))
                        Thread.Yield();
                }
            }

            var threads = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                int id = t;
                threads[t] = new Thread(() => Worker(id));
                threads[t].Start();
            }
            foreach (Thread thread in threads)
                Assert.That(thread.Join(TimeSpan.FromSeconds(120)), Is.True, "a worker did not finish");

            TestContext.Out.WriteLine($"{Threads} threads x {PerThread} blocks, cross-thread returns; VELOZ_E_FULL {fulls} times");
            Assert.That(errors, Is.Zero, firstError);
            Assert.That(returned, Is.EqualTo((long)Threads * PerThread));
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.InUse, stats.Rents, stats.Returns, stats.BadReturns), Is.EqualTo((0L, (long)Threads * PerThread, (long)Threads * PerThread, 0L)));
            Assert.That(stats.Capacity, Is.InRange(32, 128));
            Assert.That(stats.PeakInUse, Is.InRange(1, stats.Capacity), "the sampled peak stays within the blocks that exist");
            Assert.That(stats.FailedRents, Is.EqualTo(fulls), "every VELOZ_E_FULL is counted once");
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    /// <summary>
    /// peak_in_use is sampled, so it may be below the true peak, but it can never honestly be above max_blocks: no
    /// more blocks than that exist. Four threads each rent up to 16 blocks and return them, over and over, from a pool
    /// of 32 (so the pool is often exhausted and a returned block is rented again at once).
    /// </summary>
    [Test]
    public void A_concurrent_pools_sampled_peak_never_exceeds_max_blocks()
    {
        LibVelozMemory m = LibVelozMemory.ConcurrentPool;
        const int Threads = 4, Rounds = 20_000, Each = 16;
        const int MaxBlocks = 32;
        nint pool = Create(m, 16, initialBlocks: MaxBlocks, maxBlocks: MaxBlocks);
        try
        {
            long errors = 0;
            var threads = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                threads[t] = new Thread(() =>
                {
                    void** blocks = stackalloc void*[Each];
                    for (int round = 0; round < Rounds; round++)
                    {
                        int n = 0, back = 0;
                        int status = m.RentBatch(pool, blocks, Each, &n);
                        if ((status != VelozStatus.Ok && status != VelozStatus.Full) || m.ReturnBatch(pool, blocks, n, &back) != VelozStatus.Ok)
                            Interlocked.Increment(ref errors);
                    }
                });
                threads[t].Start();
            }
            foreach (Thread thread in threads)
                Assert.That(thread.Join(TimeSpan.FromSeconds(60)), Is.True);
            PoolStats stats = Stats(m, pool);
            Assert.That(errors, Is.Zero, "every rent is OK or VELOZ_E_FULL and every return is OK");
            Assert.That((stats.InUse, stats.Capacity), Is.EqualTo((0L, (long)MaxBlocks)));
            Assert.That(stats.PeakInUse, Is.InRange(1, MaxBlocks), "the sampled peak is at most max_blocks");
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [Test]
    public void Of_two_threads_returning_the_same_blocks_exactly_one_succeeds_for_each()
    {
        LibVelozMemory m = LibVelozMemory.ConcurrentPool;
        const int Blocks = 2000;
        nint pool = Create(m, 16, initialBlocks: Blocks, maxBlocks: Blocks);
        var blocks = new nint[Blocks];
        try
        {
            for (int i = 0; i < Blocks; i++)
                blocks[i] = (nint)Rent(m, pool);
            var statuses = new int[2, Blocks];
            using var start = new Barrier(2);
            void Returner(int side)
            {
                start.SignalAndWait();
                for (int i = 0; i < Blocks; i++)
                    statuses[side, i] = m.Return(pool, (void*)blocks[i]);
            }
            var a = new Thread(() => Returner(0));
            var b = new Thread(() => Returner(1));
            a.Start();
            b.Start();
            Assert.That(a.Join(TimeSpan.FromSeconds(30)) && b.Join(TimeSpan.FromSeconds(30)), Is.True);
            int wrong = 0;
            for (int i = 0; i < Blocks; i++)
            {
                int oks = (statuses[0, i] == VelozStatus.Ok ? 1 : 0) + (statuses[1, i] == VelozStatus.Ok ? 1 : 0);
                int refused = (statuses[0, i] == VelozStatus.InvalidArgument ? 1 : 0) + (statuses[1, i] == VelozStatus.InvalidArgument ? 1 : 0);
                if (oks != 1 || refused != 1)
                    wrong++;
            }
            Assert.That(wrong, Is.Zero, "blocks whose two returns were not exactly one OK and one INVALID_ARGUMENT");
            PoolStats stats = Stats(m, pool);
            Assert.That((stats.InUse, stats.Returns, stats.BadReturns), Is.EqualTo((0L, (long)Blocks, (long)Blocks)));
            var again = new HashSet<nint>();
            for (int i = 0; i < Blocks; i++)
                again.Add((nint)Rent(m, pool));
            Assert.That(again.SetEquals(blocks), Is.True, "each block is on the free list once: renting all gives each back once");
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    // ---- arena --------------------------------------------------------------------------------------

    [Test]
    public void An_arena_with_a_null_config_has_the_defaults()
    {
        nint arena = 0;
        AbiAssert.Ok(LibVelozMemory.ArenaCreate(null, &arena), "veloz_arena_create");
        try
        {
            ArenaStats stats = ArenaStatsOf(arena);
            Assert.That((stats.Chunks, stats.ChunkSize, stats.BytesReserved), Is.EqualTo((1, 65536L, 65536L)));
            Assert.That((stats.BytesAllocated, stats.PeakBytesAllocated, stats.Allocations, stats.Resets), Is.EqualTo((0L, 0L, 0L, 0L)));
            Assert.That(stats.StructSize, Is.EqualTo((uint)sizeof(ArenaStats)));
        }
        finally
        {
            LibVelozMemory.ArenaDestroy(arena);
            LibVelozMemory.ArenaDestroy(arena);
            LibVelozMemory.ArenaDestroy(0);
        }
    }

    [Test]
    public void Arena_allocations_hold_their_alignment_and_do_not_overlap()
    {
        int seed = Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        nint arena = CreateArena(chunkSize: 8192);
        try
        {
            var blocks = new List<(nint Address, long Size, byte Fill)>();
            long bytes = 0;
            for (int i = 0; i < 400; i++)
            {
                int alignment = random.Next(14) switch { 13 => 0, int k => 1 << k };
                long size = random.Next(4) == 0 ? random.Next(1, 20_000) : random.Next(1, 300);
                void* block = null;
                AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, size, alignment, &block), "veloz_arena_alloc");
                Assert.That((long)block % (alignment == 0 ? 16 : alignment), Is.Zero, $"seed {seed}: size {size} alignment {alignment}");
                byte fill = (byte)(i % 251 + 1);
                new Span<byte>(block, (int)size).Fill(fill);
                blocks.Add(((nint)block, size, fill));
                bytes += size;
            }
            foreach (var (address, size, fill) in blocks)
                Assert.That(new Span<byte>((void*)address, (int)size).IndexOfAnyExcept(fill), Is.EqualTo(-1), $"seed {seed}: block 0x{address:X} was overwritten");
            ArenaStats stats = ArenaStatsOf(arena);
            Assert.That((stats.Allocations, stats.BytesAllocated, stats.PeakBytesAllocated), Is.EqualTo((400L, bytes, bytes)), "bytes are the sizes asked for");
            Assert.That(stats.BytesReserved, Is.GreaterThanOrEqualTo(bytes));
        }
        finally
        {
            LibVelozMemory.ArenaDestroy(arena);
        }
    }

    [Test]
    public void A_reset_keeps_the_chunks_and_the_next_allocations_reserve_nothing_new()
    {
        nint arena = CreateArena(chunkSize: 4096);
        try
        {
            var first = new nint[20];
            for (int i = 0; i < 20; i++)
            {
                void* block;
                AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 1000, 8, &block), "veloz_arena_alloc");
                first[i] = (nint)block;
            }
            void* large;
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 100_000, 64, &large), "veloz_arena_alloc");
            Assert.That((long)large % 64, Is.Zero);
            new Span<byte>(large, 100_000).Fill(0x5A);
            ArenaStats before = ArenaStatsOf(arena);
            Assert.That(before.Chunks, Is.GreaterThanOrEqualTo(6), "20 x 1000 bytes in 4 KiB chunks, and a chunk of its own for the large one");
            Assert.That(before.BytesReserved, Is.GreaterThanOrEqualTo(20_000 + 100_000));
            Assert.That(before.BytesAllocated, Is.EqualTo(120_000));

            AbiAssert.Ok(LibVelozMemory.ArenaReset(arena), "veloz_arena_reset");
            ArenaStats reset = ArenaStatsOf(arena);
            Assert.That((reset.Chunks, reset.BytesReserved), Is.EqualTo((before.Chunks, before.BytesReserved)), "a reset keeps every chunk");
            Assert.That((reset.BytesAllocated, reset.PeakBytesAllocated, reset.Allocations, reset.Resets), Is.EqualTo((0L, 120_000L, 21L, 1L)));

            for (int i = 0; i < 20; i++)
            {
                void* block;
                AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 1000, 8, &block), "veloz_arena_alloc");
                if (i == 0)
                    Assert.That((nint)block, Is.EqualTo(first[0]), "the first allocation after a reset reuses the first chunk");
            }
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 90_000, 64, &large), "veloz_arena_alloc");
            ArenaStats again = ArenaStatsOf(arena);
            Assert.That((again.Chunks, again.BytesReserved), Is.EqualTo((before.Chunks, before.BytesReserved)), "the same allocations again reserve nothing new");
            Assert.That((again.BytesAllocated, again.Allocations), Is.EqualTo((110_000L, 42L)));
        }
        finally
        {
            LibVelozMemory.ArenaDestroy(arena);
        }
    }

    [Test]
    public void Arena_sizes_and_alignments_out_of_range_are_refused_and_allocate_nothing()
    {
        nint arena = CreateArena(chunkSize: 4096);
        try
        {
            void* ok;
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 10, 0, &ok), "veloz_arena_alloc");
            ArenaStats before = ArenaStatsOf(arena);
            void** blocks = stackalloc void*[2];
            foreach (long size in new[] { 0L, -1L, (1L << 30) + 1, long.MaxValue, long.MinValue })
            {
                void* block = (void*)0x99;
                AbiAssert.Status(LibVelozMemory.ArenaAlloc(arena, size, 0, &block), VelozStatus.InvalidArgument, "veloz_arena_alloc");
                Assert.That((nint)block, Is.EqualTo((nint)0), "*out is NULL after a refused allocation");
                Assert.That(LibVeloz.LastError(), Does.Contain($"size must be 1..1073741824 bytes, got {size}"));
                AbiAssert.Status(LibVelozMemory.ArenaAllocBatch(arena, size, 0, blocks, 2), VelozStatus.InvalidArgument, "veloz_arena_alloc_batch");
                Assert.That(LibVeloz.LastError(), Does.Contain("size must be 1..1073741824 bytes"));
            }
            foreach (int alignment in new[] { 3, 6, 8192, -1, -4096, int.MinValue })
            {
                void* block = (void*)0x99;
                AbiAssert.Status(LibVelozMemory.ArenaAlloc(arena, 16, alignment, &block), VelozStatus.InvalidArgument, "veloz_arena_alloc");
                Assert.That((nint)block, Is.EqualTo((nint)0));
                Assert.That(LibVeloz.LastError(), Does.Contain($"alignment must be 0 (16) or a power of two 1..4096, got {alignment}"));
                AbiAssert.Status(LibVelozMemory.ArenaAllocBatch(arena, 16, alignment, blocks, 2), VelozStatus.InvalidArgument, "veloz_arena_alloc_batch");
            }
            AbiAssert.Status(LibVelozMemory.ArenaAlloc(arena, 16, 0, null), VelozStatus.InvalidArgument, "veloz_arena_alloc");
            Assert.That(LibVeloz.LastError(), Does.Contain("out is NULL"));
            AbiAssert.Status(LibVelozMemory.ArenaAllocBatch(arena, 16, 0, null, 3), VelozStatus.InvalidArgument, "veloz_arena_alloc_batch");
            Assert.That(LibVeloz.LastError(), Does.Contain("blocks is NULL but count is 3"));
            void** some = stackalloc void*[2];
            AbiAssert.Status(LibVelozMemory.ArenaAllocBatch(arena, 16, 0, some, -1), VelozStatus.InvalidArgument, "veloz_arena_alloc_batch");
            Assert.That(LibVeloz.LastError(), Does.Contain("count must be >= 0, got -1"));
            AbiAssert.Status(LibVelozMemory.ArenaGetStats(arena, null), VelozStatus.InvalidArgument, "veloz_arena_get_stats");
            var zero = new ArenaStats();
            AbiAssert.Status(LibVelozMemory.ArenaGetStats(arena, &zero), VelozStatus.InvalidArgument, "veloz_arena_get_stats");
            Assert.That(LibVeloz.LastError(), Does.Contain("out->struct_size"));
            Assert.That(ArenaStatsOf(arena), Is.EqualTo(before), "the refused calls allocated nothing");
            AbiAssert.Ok(LibVelozMemory.ArenaAllocBatch(arena, 16, 0, null, 0), "veloz_arena_alloc_batch");

            // A batch: every block aligned, in order, none overlapping.
            void** batch = stackalloc void*[10];
            AbiAssert.Ok(LibVelozMemory.ArenaAllocBatch(arena, 24, 8, batch, 10), "veloz_arena_alloc_batch");
            var sorted = new List<long>();
            for (int i = 0; i < 10; i++)
            {
                Assert.That((long)batch[i] % 8, Is.Zero);
                sorted.Add((long)batch[i]);
            }
            sorted.Sort();
            for (int i = 1; i < 10; i++)
                Assert.That(sorted[i] - sorted[i - 1], Is.GreaterThanOrEqualTo(24), "batch blocks overlap");
            ArenaStats after = ArenaStatsOf(arena);
            Assert.That((after.Allocations, after.BytesAllocated), Is.EqualTo((before.Allocations + 10, before.BytesAllocated + 240)));
        }
        finally
        {
            LibVelozMemory.ArenaDestroy(arena);
        }
    }

    [Test]
    public void A_bad_arena_config_is_refused_naming_the_field()
    {
        void Refused(ArenaConfig config, string message)
        {
            nint arena = 12345;
            AbiAssert.Status(LibVelozMemory.ArenaCreate(&config, &arena), VelozStatus.InvalidArgument, "veloz_arena_create");
            Assert.That(arena, Is.EqualTo((nint)0), "out is NULL after a failed create");
            Assert.That(LibVeloz.LastError(), Does.Contain(message));
        }
        uint size = (uint)sizeof(ArenaConfig);
        Refused(new ArenaConfig { StructSize = size, ChunkSize = 4095 }, "config->chunk_size must be 4096..1073741824 bytes (default 65536), got 4095");
        Refused(new ArenaConfig { StructSize = size, ChunkSize = (1L << 30) + 1 }, "config->chunk_size must be 4096..1073741824");
        Refused(new ArenaConfig { StructSize = size, ChunkSize = -65536 }, "config->chunk_size must be 4096..1073741824");
        Refused(new ArenaConfig { StructSize = size, Flags = 1 }, "config->flags has unknown bits 0x1 (known: 0x0), got 0x1");
        Refused(new ArenaConfig { StructSize = 0 }, "config->struct_size must be 4..4096");
        Refused(new ArenaConfig { StructSize = 5000 }, "config->struct_size must be 4..4096");
        fixed (byte* name = Utf8(new string('a', 129)))
            Refused(new ArenaConfig { StructSize = size, Name = name }, "config->name must be at most 128 characters");
        var good = new ArenaConfig { StructSize = size };
        AbiAssert.Status(LibVelozMemory.ArenaCreate(&good, null), VelozStatus.InvalidArgument, "veloz_arena_create");
        Assert.That(LibVeloz.LastError(), Does.Contain("out is NULL"));
    }

    [Test]
    public void Null_destroyed_and_wrong_type_handles_are_invalid_handles_for_every_arena_export()
    {
        nint dead = CreateArena();
        LibVelozMemory.ArenaDestroy(dead);
        nint pool = Create(LibVelozMemory.Pool, 16, initialBlocks: 2);
        nint concurrent = Create(LibVelozMemory.ConcurrentPool, 16, initialBlocks: 2);
        try
        {
            PoolStats poolBefore = Stats(LibVelozMemory.Pool, pool);
            PoolStats concurrentBefore = Stats(LibVelozMemory.ConcurrentPool, concurrent);
            void** blocks = stackalloc void*[2];
            var stats = new ArenaStats { StructSize = (uint)sizeof(ArenaStats) };
            foreach (nint handle in new[] { 0, dead, pool, concurrent, unchecked((nint)0x7F00_0000_4321_0000) })
            {
                string expected = handle == 0 ? "arena is NULL" : $"arena 0x{handle:X} is not a live arena";
                void* block = (void*)0x99;
                AbiAssert.Status(LibVelozMemory.ArenaAlloc(handle, 16, 0, &block), VelozStatus.InvalidHandle, "veloz_arena_alloc");
                Assert.That(LibVeloz.LastError(), Does.Contain(expected));
                AbiAssert.Status(LibVelozMemory.ArenaAllocBatch(handle, 16, 0, blocks, 2), VelozStatus.InvalidHandle, "veloz_arena_alloc_batch");
                AbiAssert.Status(LibVelozMemory.ArenaReset(handle), VelozStatus.InvalidHandle, "veloz_arena_reset");
                AbiAssert.Status(LibVelozMemory.ArenaGetStats(handle, &stats), VelozStatus.InvalidHandle, "veloz_arena_get_stats");
                Assert.That(LibVeloz.LastError(), Does.Contain(expected));
                LibVelozMemory.ArenaDestroy(handle);
            }
            Assert.That(Stats(LibVelozMemory.Pool, pool), Is.EqualTo(poolBefore), "the pool survived being passed as an arena");
            Assert.That(Stats(LibVelozMemory.ConcurrentPool, concurrent), Is.EqualTo(concurrentBefore));
            Rent(LibVelozMemory.Pool, pool);
            Rent(LibVelozMemory.ConcurrentPool, concurrent);
        }
        finally
        {
            LibVelozMemory.Pool.Destroy(pool);
            LibVelozMemory.ConcurrentPool.Destroy(concurrent);
        }
    }

    // ---- memory report ------------------------------------------------------------------------------

    private static string Text(delegate* unmanaged<byte*, int, int*, int> function, string name)
    {
        int length = -1;
        AbiAssert.Status(function(null, 0, &length), VelozStatus.BufferTooSmall, name);
        Assert.That(length, Is.GreaterThan(0), $"{name}: the length needed");
        Assert.That(LibVeloz.LastError(), Does.Contain("capacity 0 is too small"));
        var buffer = new byte[length + 1];
        int written = -1;
        fixed (byte* b = buffer)
        {
            // Exactly the length: no room for the NUL, so too small, and nothing is copied.
            buffer.AsSpan().Fill(0xEE);
            AbiAssert.Status(function(b, length, &written), VelozStatus.BufferTooSmall, name);
            Assert.That(written, Is.EqualTo(length));
            Assert.That(buffer.AsSpan().IndexOfAnyExcept((byte)0xEE), Is.EqualTo(-1), $"{name}: nothing copied into a buffer too small");
            AbiAssert.Ok(function(b, buffer.Length, &written), name);
        }
        Assert.That(written, Is.EqualTo(length), $"{name}: written is the length without the NUL");
        Assert.That(buffer[written], Is.EqualTo((byte)0), $"{name}: NUL-terminated");
        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    [Test]
    public void The_report_and_the_prometheus_text_list_every_live_pool_and_arena()
    {
        string tag = Random.Shared.Next(0x1000, 0xFFFF).ToString("x4");
        nint pool = Create(LibVelozMemory.Pool, 48, initialBlocks: 8, name: "rpt-pool-" + tag);
        nint concurrent = Create(LibVelozMemory.ConcurrentPool, 16, initialBlocks: 4, maxBlocks: 4, name: "rpt-cpool-" + tag);
        nint arena = CreateArena(name: "rpt-arena-" + tag);
        nint quoted = Create(LibVelozMemory.Pool, 8, initialBlocks: 1, name: "rpt\"q\\" + tag);
        bool destroyed = false;
        try
        {
            for (int i = 0; i < 3; i++)
                Rent(LibVelozMemory.Pool, pool);
            void* block;
            AbiAssert.Ok(LibVelozMemory.ArenaAlloc(arena, 1000, 0, &block), "veloz_arena_alloc");
            AbiAssert.Status(LibVelozMemory.Pool.Return(pool, null), VelozStatus.InvalidArgument, "veloz_pool_return");

            string report = Text(LibVelozMemory.Report, "veloz_memory_report");
            Assert.That(report, Does.StartWith("name "));
            Assert.That(report, Does.Match($@"rpt-pool-{tag}\s+fixed_pool\s+48\s+8\s+3\s+3\s+3\s+0\s+1\s+1\s+"));
            Assert.That(report, Does.Match($@"rpt-cpool-{tag}\s+concurrent_pool\s+16\s+4\s+0\s"));
            Assert.That(report, Does.Match($@"rpt-arena-{tag}\s+arena\s+-\s+-\s+1000\s+1000\s+1\s"));
            Assert.That(report, Does.Contain(" live (pools: blocks; arenas: bytes allocated since reset, allocations), ").And.EndWith(" bytes reserved\n"));

            string prometheus = Text(LibVelozMemory.Prometheus, "veloz_memory_prometheus");
            Assert.That(prometheus, Does.Contain("# TYPE veloz_pool_in_use_blocks gauge\n"));
            Assert.That(prometheus, Does.Contain("# TYPE veloz_pool_rents_total counter\n"));
            Assert.That(prometheus, Does.Contain($"veloz_pool_in_use_blocks{{name=\"rpt-pool-{tag}\",kind=\"fixed_pool\"}} 3\n"));
            Assert.That(prometheus, Does.Contain($"veloz_pool_bad_returns_total{{name=\"rpt-pool-{tag}\",kind=\"fixed_pool\"}} 1\n"));
            Assert.That(prometheus, Does.Contain($"veloz_pool_max_blocks{{name=\"rpt-cpool-{tag}\",kind=\"concurrent_pool\"}} 4\n"));
            Assert.That(prometheus, Does.Contain($"veloz_memory_bytes_reserved{{name=\"rpt-pool-{tag}\",kind=\"fixed_pool\"}} {8 * 48}\n"));
            Assert.That(prometheus, Does.Contain($"veloz_arena_allocated_bytes{{name=\"rpt-arena-{tag}\",kind=\"arena\"}} 1000\n"));
            Assert.That(prometheus, Does.Contain($"veloz_memory_chunks{{name=\"rpt\\\"q\\\\{tag}\",kind=\"fixed_pool\"}} 1\n"), "quote and backslash escaped");

            // Destroyed objects leave the report.
            LibVelozMemory.Pool.Destroy(pool);
            LibVelozMemory.ArenaDestroy(arena);
            destroyed = true;
            report = Text(LibVelozMemory.Report, "veloz_memory_report");
            Assert.That(report, Does.Not.Contain("rpt-pool-" + tag).And.Not.Contain("rpt-arena-" + tag).And.Contain("rpt-cpool-" + tag));
            Assert.That(Text(LibVelozMemory.Prometheus, "veloz_memory_prometheus"), Does.Not.Contain("rpt-pool-" + tag));
        }
        finally
        {
            if (!destroyed)
            {
                LibVelozMemory.Pool.Destroy(pool);
                LibVelozMemory.ArenaDestroy(arena);
            }
            LibVelozMemory.ConcurrentPool.Destroy(concurrent);
            LibVelozMemory.Pool.Destroy(quoted);
        }
    }

    [Test]
    public void The_report_refuses_a_null_written_a_negative_capacity_and_a_null_buffer_with_room()
    {
        byte* buffer = stackalloc byte[16];
        int written = -1;
        foreach (var (function, name) in new[] { ((nint)LibVelozMemory.Report, "veloz_memory_report"), ((nint)LibVelozMemory.Prometheus, "veloz_memory_prometheus") })
        {
            var call = (delegate* unmanaged<byte*, int, int*, int>)function;
            AbiAssert.Status(call(buffer, 16, null), VelozStatus.InvalidArgument, name);
            Assert.That(LibVeloz.LastError(), Does.Contain("written is NULL"));
            AbiAssert.Status(call(null, 0, null), VelozStatus.InvalidArgument, name);
            AbiAssert.Status(call(buffer, -1, &written), VelozStatus.InvalidArgument, name);
            Assert.That(LibVeloz.LastError(), Does.Contain("capacity must be >= 0, got -1"));
            AbiAssert.Status(call(null, 10, &written), VelozStatus.InvalidArgument, name);
            Assert.That(LibVeloz.LastError(), Does.Contain("buffer is NULL but capacity is 10"));
            written = -1;
            AbiAssert.Status(call(buffer, 16, &written), VelozStatus.BufferTooSmall, name);
            Assert.That(written, Is.GreaterThan(16), "the header line alone is longer than 16 bytes");
        }
    }

    // ---- allocation ---------------------------------------------------------------------------------

    [TestCaseSource(nameof(s_families))]
    public void Rent_return_and_full_through_the_published_library_allocate_nothing_on_the_callers_heap(string family)
    {
        LibVelozMemory m = LibVelozMemory.Of(family);
        nint pool = Create(m, 64, initialBlocks: 4, maxBlocks: 4);
        try
        {
            // The function pointers are looked up before measuring (their names are formatted strings).
            delegate* unmanaged<nint, void**, int> rent = m.Rent;
            delegate* unmanaged<nint, void*, int> @return = m.Return;
            void* block = null;
            int failures = 0;
            for (int i = 0; i < 1000; i++)
                failures += rent(pool, &block) | @return(pool, block);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100_000; i++)
            {
                failures += rent(pool, &block) != VelozStatus.Ok ? 1 : 0;
                failures += @return(pool, block) != VelozStatus.Ok ? 1 : 0;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            void** all = stackalloc void*[4];
            for (int i = 0; i < 4; i++)
                failures += rent(pool, all + i);
            int full = 0;
            long beforeFull = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100_000; i++)
                full += rent(pool, &block) == VelozStatus.Full ? 1 : 0;
            long allocatedFull = GC.GetAllocatedBytesForCurrentThread() - beforeFull;

            Assert.That((failures, full), Is.EqualTo((0, 100_000)));
            Assert.That(allocated, Is.Zero, "bytes allocated by 100k rent/return pairs");
            Assert.That(allocatedFull, Is.Zero, "bytes allocated by 100k VELOZ_E_FULL rents");
            Assert.That(Stats(m, pool).FailedRents, Is.EqualTo(100_000));
        }
        finally
        {
            m.Destroy(pool);
        }
    }

    [Test]
    public void Rent_return_and_full_through_the_pool_exports_allocate_nothing_in_process()
    {
        // The library's own GC cannot be watched from here: the same export methods, in-process.
        delegate* unmanaged<VelozPoolConfig*, PoolHandle**, Status> create = &PoolExports.veloz_pool_create;
        delegate* unmanaged<PoolHandle*, void**, Status> rent = &PoolExports.veloz_pool_rent;
        delegate* unmanaged<PoolHandle*, void*, Status> @return = &PoolExports.veloz_pool_return;
        delegate* unmanaged<PoolHandle*, void**, int, int*, Status> rentBatch = &PoolExports.veloz_pool_rent_batch;
        delegate* unmanaged<PoolHandle*, void**, int, int*, Status> returnBatch = &PoolExports.veloz_pool_return_batch;
        delegate* unmanaged<PoolHandle*, void> destroy = &PoolExports.veloz_pool_destroy;
        var config = new VelozPoolConfig { StructSize = (uint)sizeof(VelozPoolConfig), BlockSize = 64, InitialBlocks = 8, MaxBlocks = 8 };
        PoolHandle* pool;
        Assert.That(create(&config, &pool), Is.EqualTo(Status.Ok));
        try
        {
            void* block = null;
            void** blocks = stackalloc void*[8];
            int n = 0, failures = 0, full = 0;
            long allocated = 0;
            for (int round = 0; round < 101_000; round++)
            {
                if (round == 1000)
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                failures += rent(pool, &block) != Status.Ok ? 1 : 0;
                failures += @return(pool, block) != Status.Ok ? 1 : 0;
                if (round % 16 == 0)
                {
                    failures += rentBatch(pool, blocks, 8, &n) != Status.Ok ? 1 : 0;
                    full += rent(pool, &block) == Status.EFull ? 1 : 0;
                    full += rentBatch(pool, blocks, 1, &n) == Status.EFull ? 1 : 0;
                    failures += returnBatch(pool, blocks, 8, &n) != Status.Ok ? 1 : 0;
                }
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.That(failures, Is.Zero);
            Assert.That(full, Is.EqualTo(2 * (101_000 / 16 + 1)));
            Assert.That(allocated, Is.Zero, "bytes allocated by 100k rent/return pairs, batches and VELOZ_E_FULL rents");
        }
        finally
        {
            destroy(pool);
        }
    }

    [Test]
    public void Rent_return_and_full_through_the_concurrent_pool_exports_allocate_nothing_in_process()
    {
        delegate* unmanaged<VelozPoolConfig*, ConcurrentPoolHandle**, Status> create = &ConcurrentPoolExports.veloz_concurrent_pool_create;
        delegate* unmanaged<ConcurrentPoolHandle*, void**, Status> rent = &ConcurrentPoolExports.veloz_concurrent_pool_rent;
        delegate* unmanaged<ConcurrentPoolHandle*, void*, Status> @return = &ConcurrentPoolExports.veloz_concurrent_pool_return;
        delegate* unmanaged<ConcurrentPoolHandle*, void> destroy = &ConcurrentPoolExports.veloz_concurrent_pool_destroy;
        var config = new VelozPoolConfig { StructSize = (uint)sizeof(VelozPoolConfig), BlockSize = 64, InitialBlocks = 2, MaxBlocks = 2 };
        ConcurrentPoolHandle* pool;
        Assert.That(create(&config, &pool), Is.EqualTo(Status.Ok));
        try
        {
            void* a = null, b = null, c = null;
            int failures = 0, full = 0;
            long allocated = 0;
            for (int round = 0; round < 101_000; round++)
            {
                if (round == 1000)
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                failures += rent(pool, &a) != Status.Ok ? 1 : 0;
                failures += rent(pool, &b) != Status.Ok ? 1 : 0;
                full += rent(pool, &c) == Status.EFull ? 1 : 0;
                failures += @return(pool, b) != Status.Ok ? 1 : 0;
                failures += @return(pool, a) != Status.Ok ? 1 : 0;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.That((failures, full), Is.EqualTo((0, 101_000)));
            Assert.That(allocated, Is.Zero, "bytes allocated by 100k rent/return pairs and VELOZ_E_FULL rents");
        }
        finally
        {
            destroy(pool);
        }
    }
}
