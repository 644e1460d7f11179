using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>
/// Long random sequences of rents, batch rents, returns, batch returns and bad returns (twice, foreign, inside a
/// block, NULL) against an obviously-correct model: the set of live blocks. After every step: the result is the
/// model's, no live block is handed out twice, every block is aligned, the bytes a renter wrote are intact when it
/// returns the block (so no two live blocks overlap), a returned block holds the freed pattern in FillFreed mode,
/// and the statistics equal the model's counts. Seed: VELOZ_TEST_SEED, else random (printed).
/// </summary>
[TestFixture]
public unsafe class PoolDifferentialTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (PoolKind kind in Enum.GetValues<PoolKind>())
        {
            yield return new TestCaseData(kind, new PoolConfig { BlockSize = 64, InitialBlocks = 4 }, 400_000).SetName($"{kind}: 64 B, 4 initial, unlimited");
            yield return new TestCaseData(kind, new PoolConfig { BlockSize = 24, Alignment = 8, InitialBlocks = 3, MaxBlocks = 40 }, 400_000).SetName($"{kind}: 24 B align 8, max 40");
            yield return new TestCaseData(kind, new PoolConfig { BlockSize = 1, Alignment = 1, InitialBlocks = 1, MaxBlocks = 17 }, 300_000).SetName($"{kind}: 1 B align 1, max 17");
            yield return new TestCaseData(kind, new PoolConfig { BlockSize = 100, Alignment = 64, InitialBlocks = 5, MaxBlocks = 300, FillFreed = true }, 300_000).SetName($"{kind}: 100 B align 64, fill freed");
            yield return new TestCaseData(kind, new PoolConfig { BlockSize = 5000, Alignment = 4096, InitialBlocks = 2, MaxBlocks = 20 }, 60_000).SetName($"{kind}: 5000 B align 4096");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Matches_a_live_block_set_model(PoolKind kind, PoolConfig config, int steps)
    {
        int seed = MemoryTestKit.Seed();
        var random = new Random(seed);
        using var pool = new AnyPool(kind, config);
        var live = new List<nint>();
        var liveSet = new HashSet<nint>();
        var stamps = new Dictionary<nint, byte>();
        var returned = new List<nint>();    // recently returned blocks, for double returns
        long rents = 0, returns = 0, failedRents = 0, badReturns = 0, peak = 0;
        int max = config.MaxBlocks;
        int align = config.Alignment == 0 ? 16 : config.Alignment;
        byte* foreign = (byte*)NativeMemory.Alloc(64);
        nint[] batch = new nint[64];
        try
        {
            for (int step = 0; step < steps; step++)
            {
                string where = $"seed {seed}, step {step}, live {live.Count}";
                int op = random.Next(100);
                // Lean towards renting while few are live and returning while many are, so the limit is reached often.
                bool rentFirst = live.Count < (max == 0 ? 200 : max) / 2 ? op < 60 : op < 40;
                if (op >= 95)
                {
                    BadReturn(random, pool, returned, liveSet, foreign, config, where);
                    badReturns++;
                }
                else if (op >= 85)
                {
                    // Batch rent or batch return.
                    int count = random.Next(0, batch.Length);
                    if (random.Next(2) == 0)
                    {
                        int got = pool.RentBatch(batch.AsSpan(0, count));
                        int expected = max == 0 ? count : Math.Min(count, max - live.Count);
                        Assert.That(got, Is.EqualTo(expected), where);
                        if (got < count)
                            failedRents++;
                        for (int i = 0; i < got; i++)
                            Took(batch[i], live, liveSet, stamps, config, align, random, where);
                        rents += got;
                    }
                    else
                    {
                        count = Math.Min(count, live.Count);
                        for (int i = 0; i < count; i++)
                        {
                            int at = random.Next(live.Count);
                            batch[i] = live[at];
                            Released(at, live, liveSet, stamps, returned, config, where);
                        }
                        int bad = count > 0 && random.Next(4) == 0 ? random.Next(count) : -1;
                        nint kept = 0;
                        if (bad >= 0)
                        {
                            kept = batch[bad];
                            batch[bad] = (nint)(foreign + 8);
                        }
                        int done = pool.ReturnBatch(batch.AsSpan(0, count), out PoolResult result);
                        if (bad >= 0)
                        {
                            Assert.That((done, result), Is.EqualTo((bad, PoolResult.Foreign)), where);
                            badReturns++;
                            // The rest go back one by one.
                            batch[bad] = kept;
                            for (int i = bad; i < count; i++)
                                Assert.That(pool.TryReturn((void*)batch[i]), Is.EqualTo(PoolResult.Ok), where);
                        }
                        else
                        {
                            Assert.That((done, result), Is.EqualTo((count, PoolResult.Ok)), where);
                        }
                        returns += count;
                        for (int i = 0; i < count && config.FillFreed; i++)
                            AssertFreedFill(batch[i], config.BlockSize, where);
                    }
                }
                else if (rentFirst || live.Count == 0)
                {
                    PoolResult result = pool.TryRent(out void* block);
                    if (max != 0 && live.Count == max)
                    {
                        Assert.That(result, Is.EqualTo(PoolResult.Exhausted), where);
                        Assert.That((nint)block, Is.EqualTo((nint)0), where);
                        failedRents++;
                    }
                    else
                    {
                        Assert.That(result, Is.EqualTo(PoolResult.Ok), where);
                        Took((nint)block, live, liveSet, stamps, config, align, random, where);
                        rents++;
                    }
                }
                else
                {
                    int at = random.Next(live.Count);
                    nint block = live[at];
                    Released(at, live, liveSet, stamps, returned, config, where);
                    Assert.That(pool.TryReturn((void*)block), Is.EqualTo(PoolResult.Ok), where);
                    Assert.That(pool.IsRented((void*)block), Is.False, where);
                    if (config.FillFreed)
                        AssertFreedFill(block, config.BlockSize, where);
                    returns++;
                }
                peak = Math.Max(peak, live.Count);

                if (step % 97 == 0 || step == steps - 1)
                {
                    PoolStatistics s = pool.Statistics;
                    Assert.That((s.InUse, s.Rents, s.Returns, s.FailedRents, s.BadReturns),
                        Is.EqualTo(((long)live.Count, rents, returns, failedRents, badReturns)), where);
                    if (kind == PoolKind.Fixed)
                        Assert.That(s.PeakInUse, Is.EqualTo(peak), where);
                    else
                        Assert.That(s.PeakInUse, Is.InRange((long)live.Count, peak), where);   // sampled, never above the truth
                    Assert.That(s.Capacity, Is.GreaterThanOrEqualTo(live.Count), where);
                    if (max != 0)
                        Assert.That(s.Capacity, Is.LessThanOrEqualTo(max), where);
                    if (live.Count > 0)
                        Assert.That(pool.IsRented((void*)live[random.Next(live.Count)]), Is.True, where);
                }
            }
            // Every live block still holds its renter's bytes at the end.
            foreach (nint block in live)
                AssertStamp(block, stamps[block], config.BlockSize, $"seed {seed}, end");
        }
        finally
        {
            NativeMemory.Free(foreign);
        }
    }

    private static void Took(nint block, List<nint> live, HashSet<nint> liveSet, Dictionary<nint, byte> stamps,
        in PoolConfig config, int align, Random random, string where)
    {
        Assert.That(block, Is.Not.EqualTo((nint)0), where);
        Assert.That(block % align, Is.EqualTo((nint)0), $"{where}: block 0x{block:X} not aligned to {align}");
        if (!liveSet.Add(block))
            Assert.Fail($"{where}: block 0x{block:X} handed out while it is live");
        live.Add(block);
        byte stamp = (byte)random.Next(1, 255);
        stamps[block] = stamp;
        new Span<byte>((void*)block, config.BlockSize).Fill(stamp);
    }

    private static void Released(int at, List<nint> live, HashSet<nint> liveSet, Dictionary<nint, byte> stamps, List<nint> returned,
        in PoolConfig config, string where)
    {
        nint block = live[at];
        AssertStamp(block, stamps[block], config.BlockSize, where);
        live[at] = live[^1];
        live.RemoveAt(live.Count - 1);
        liveSet.Remove(block);
        stamps.Remove(block);
        returned.Add(block);
        if (returned.Count > 16)
            returned.RemoveAt(0);
    }

    private static void BadReturn(Random random, AnyPool pool, List<nint> returned, HashSet<nint> liveSet, byte* foreign, in PoolConfig config, string where)
    {
        PoolStatistics before = pool.Statistics;
        int kind = random.Next(4);
        PoolResult result;
        PoolResult expected;
        if (kind == 0 && returned.Count > 0 && !liveSet.Contains(returned[^1]))
        {
            result = pool.TryReturn((void*)returned[^1]);   // the block returned last, again
            expected = PoolResult.NotRented;
        }
        else if (kind == 1 && liveSet.Count > 0 && config.BlockSize > 1)
        {
            nint inside = 0;
            foreach (nint b in liveSet) { inside = b + 1 + random.Next(config.BlockSize - 1); break; }
            result = pool.TryReturn((void*)inside);
            expected = PoolResult.NotBlockStart;
        }
        else if (kind == 2)
        {
            result = pool.TryReturn(null);
            expected = PoolResult.Foreign;
        }
        else
        {
            result = pool.TryReturn(foreign);
            expected = PoolResult.Foreign;
        }
        Assert.That(result, Is.EqualTo(expected), where);
        PoolStatistics after = pool.Statistics;
        Assert.That((after.InUse, after.Rents, after.Returns, after.BadReturns), Is.EqualTo((before.InUse, before.Rents, before.Returns, before.BadReturns + 1)), where);
    }

    private static void AssertStamp(nint block, byte stamp, int size, string where)
    {
        var bytes = new ReadOnlySpan<byte>((void*)block, size);
        int bad = bytes.IndexOfAnyExcept(stamp);
        if (bad >= 0)
            Assert.Fail($"{where}: block 0x{block:X} byte {bad} is 0x{bytes[bad]:X2}, its renter wrote 0x{stamp:X2}: another live block overlaps it");
    }

    private static void AssertFreedFill(nint block, int size, string where)
    {
        int bad = new ReadOnlySpan<byte>((void*)block, size).IndexOfAnyExcept(PoolConfig.FreedFill);
        Assert.That(bad, Is.EqualTo(-1), $"{where}: returned block 0x{block:X} is not filled with 0xDD");
    }
}
