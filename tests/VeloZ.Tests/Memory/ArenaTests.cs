using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>
/// The arena against a model (the list of allocations since the last reset): random sizes (some larger than a chunk)
/// and alignments, batches and resets; every allocation aligned, none overlapping another (each is stamped and
/// checked), the counters equal the model's; and a repeated batch allocates no memory after the first.
/// Seed: VELOZ_TEST_SEED, else random (printed).
/// </summary>
[TestFixture]
public unsafe class ArenaTests
{
    [Test]
    public void Matches_an_allocation_list_model()
    {
        int seed = MemoryTestKit.Seed();
        var random = new Random(seed);
        using var arena = new Arena(new ArenaConfig { ChunkSize = 4096, Name = "model" });
        var live = new List<(nint Block, long Size, byte Stamp)>();
        long allocations = 0, resets = 0, bytes = 0, peak = 0;
        nint[] batch = new nint[32];
        for (int step = 0; step < 300_000; step++)
        {
            string where = $"seed {seed}, step {step}";
            int op = random.Next(1000);
            if (op < 3)
            {
                foreach ((nint block, long length, byte stamp) in live)
                    Assert.That(new ReadOnlySpan<byte>((void*)block, (int)length).IndexOfAnyExcept(stamp), Is.EqualTo(-1), $"{where}: allocation 0x{block:X} overwritten");
                arena.Reset();
                live.Clear();
                resets++;
                peak = Math.Max(peak, bytes);
                bytes = 0;
                continue;
            }
            int alignment = 1 << random.Next(13);
            long size = op < 10 ? random.Next(4000, 20000) : random.Next(1, 200);
            if (op < 100)
            {
                int count = random.Next(batch.Length);
                arena.AllocateBatch(size, alignment, batch.AsSpan(0, count));
                for (int i = 0; i < count; i++)
                    Took(batch[i], size, alignment, live, random, where);
                allocations += count;
                bytes += size * count;
            }
            else
            {
                Took((nint)arena.Allocate(size, alignment), size, alignment, live, random, where);
                allocations++;
                bytes += size;
            }
            if (step % 101 == 0)
            {
                ArenaStatistics s = arena.Statistics;
                Assert.That((s.Allocations, s.Resets, s.BytesAllocated, s.PeakBytesAllocated),
                    Is.EqualTo((allocations, resets, bytes, Math.Max(peak, bytes))), where);
                Assert.That(s.BytesReserved, Is.GreaterThanOrEqualTo(bytes), where);
            }
        }
        foreach ((nint block, long size, byte stamp) in live)
            Assert.That(new ReadOnlySpan<byte>((void*)block, (int)size).IndexOfAnyExcept(stamp), Is.EqualTo(-1), $"seed {seed}: allocation 0x{block:X} overwritten");
    }

    private static void Took(nint block, long size, int alignment, List<(nint, long, byte)> live, Random random, string where)
    {
        Assert.That(block % alignment, Is.EqualTo((nint)0), $"{where}: 0x{block:X} not aligned to {alignment}");
        byte stamp = (byte)random.Next(256);
        new Span<byte>((void*)block, (int)size).Fill(stamp);
        live.Add((block, size, stamp));
    }

    [Test]
    public void A_repeated_batch_reuses_the_chunks_of_the_first()
    {
        using var arena = new Arena(new ArenaConfig { ChunkSize = 8192 });
        ArenaStatistics first = default;
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 500; i++)
                arena.Allocate(i % 7 == 0 ? 10_000 : 8 + i % 100, 1 << (i % 7));
            if (round == 0)
                first = arena.Statistics;
            else
                Assert.That((arena.Statistics.Chunks, arena.Statistics.BytesReserved), Is.EqualTo((first.Chunks, first.BytesReserved)), $"round {round}");
            arena.Reset();
        }
        Assert.That(first.Chunks, Is.GreaterThan(2));
    }

    [Test]
    public void Larger_than_a_chunk_gets_a_chunk_of_its_own_and_the_current_chunk_goes_on()
    {
        using var arena = new Arena(new ArenaConfig { ChunkSize = 4096 });
        byte* a = (byte*)arena.Allocate(100);
        byte* big = (byte*)arena.Allocate(1 << 20, 64);
        byte* b = (byte*)arena.Allocate(100);
        Assert.That((nint)big % 64, Is.EqualTo((nint)0));
        Assert.That(b - a, Is.InRange(100, 128), "small allocations stay in the first chunk");
        Assert.That(arena.Statistics.Chunks, Is.EqualTo(2));
    }

    [Test]
    public void Typed_helpers_zero_and_align()
    {
        using var arena = new Arena();
        long* value = arena.Allocate<long>();
        Assert.That(*value, Is.EqualTo(0));
        Assert.That((nint)value % 8, Is.EqualTo((nint)0));
        Span<int> array = arena.AllocateArray<int>(1000);
        Assert.That(array.Length, Is.EqualTo(1000));
        Assert.That(array.IndexOfAnyExcept(0), Is.EqualTo(-1));
        Assert.That(arena.AllocateArray<int>(0).Length, Is.EqualTo(0));
    }

    [TestCase(0L, 16)]
    [TestCase(-1L, 16)]
    [TestCase((1L << 30) + 1, 16)]
    [TestCase(8L, 0)]
    [TestCase(8L, 3)]
    [TestCase(8L, 8192)]
    [TestCase(8L, -16)]
    public void Bad_sizes_and_alignments_throw_and_change_nothing(long size, int alignment)
    {
        using var arena = new Arena();
        arena.Allocate(10);
        ArenaStatistics before = arena.Statistics;
        Assert.Throws<ArgumentOutOfRangeException>(() => arena.Allocate(size, alignment));
        Assert.Throws<ArgumentOutOfRangeException>(() => arena.AllocateBatch(size, alignment, new nint[4]));
        Assert.That(arena.Statistics, Is.EqualTo(before));
    }

    [TestCase(100L)]
    [TestCase(2L << 30)]
    public void Chunk_size_out_of_range_is_named(long chunkSize)
    {
        var e = Assert.Throws<SettingOutOfRangeException>(() => new Arena(new ArenaConfig { ChunkSize = chunkSize }))!;
        Assert.That(e.Setting, Is.EqualTo("ChunkSize"));
    }

    [Test]
    public void Disposed_arena_refuses_and_dispose_is_idempotent()
    {
        var arena = new Arena();
        arena.Dispose();
        arena.Dispose();
        Assert.Throws<ObjectDisposedException>(() => arena.Allocate(8));
        Assert.Throws<ObjectDisposedException>(() => arena.Reset());
    }
}
