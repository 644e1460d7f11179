using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>BuddyStore&lt;T&gt;: blocks never overlap, contents survive growth, freed buddies merge, the store grows only past its peak.</summary>
[TestFixture]
public class BuddyStoreTests
{
    [Test]
    public void Random_allocations_never_overlap_and_keep_their_contents_across_growth()
    {
        int seed = Environment.TickCount;
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var store = new BuddyStore<long>(16);
        var blocks = new List<(int Start, int Class, long Stamp)>();
        long stamp = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (blocks.Count == 0 || random.Next(100) < 55)
            {
                int sizeClass = random.Next(100) < 80 ? random.Next(3) : random.Next(8);
                int start = store.Allocate(sizeClass);
                Assert.That(start % BuddyStore<long>.SizeOf(sizeClass), Is.Zero, "a block is aligned to its size");
                Assert.That(start + BuddyStore<long>.SizeOf(sizeClass), Is.LessThanOrEqualTo(store.Capacity));
                store.Items.AsSpan(start, BuddyStore<long>.SizeOf(sizeClass)).Fill(++stamp);
                blocks.Add((start, sizeClass, stamp));
            }
            else
            {
                int pick = random.Next(blocks.Count);
                (int start, int sizeClass, long mine) = blocks[pick];
                foreach (long value in store.Items.AsSpan(start, BuddyStore<long>.SizeOf(sizeClass)))
                    Assert.That(value, Is.EqualTo(mine), $"step {step}: block at {start} was overwritten");
                store.Free(start, sizeClass);
                blocks[pick] = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
            }
            long used = 0;
            if (step % 97 == 0)
            {
                foreach ((int start, int sizeClass, long mine) in blocks)
                {
                    used += BuddyStore<long>.SizeOf(sizeClass);
                    Assert.That(store.Items[start], Is.EqualTo(mine), $"step {step}");
                    Assert.That(store.Items[start + BuddyStore<long>.SizeOf(sizeClass) - 1], Is.EqualTo(mine), $"step {step}");
                }
                Assert.That(store.Used, Is.EqualTo(used), $"step {step}: used");
            }
        }
        foreach ((int start, int sizeClass, _) in blocks) store.Free(start, sizeClass);
        Assert.That(store.Used, Is.Zero);
        // Everything merged back: one block of the whole store fits without growing.
        int capacity = store.Capacity;
        Assert.That(store.Allocate(BuddyStore<long>.ClassFor(capacity)), Is.Zero);
        Assert.That(store.Capacity, Is.EqualTo(capacity), "the whole store is one free block again");
    }

    [Test]
    public void A_workload_below_its_peak_neither_grows_the_store_nor_allocates()
    {
        var store = new BuddyStore<long>(1024);
        var held = new Queue<(int Start, int Class)>();
        int round = 0;
        long before = 0;
        for (; round < 40_000; round++)
        {
            if (round == 10_000)
                before = GC.GetAllocatedBytesForCurrentThread();
            // Sizes cycle through 16..2048 elements; at most 24 blocks are held at once.
            int sizeClass = (round * 7) % 8;
            held.Enqueue((store.Allocate(sizeClass), sizeClass));
            if (held.Count > 24)
            {
                (int start, int c) = held.Dequeue();
                store.Free(start, c);
            }
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated after the peak");
        Assert.That(store.Capacity, Is.LessThanOrEqualTo(4 * 24 * 2048), "capacity stays within a small multiple of the peak");
    }

    [TestCase(0, 0)]
    [TestCase(1, 0)]
    [TestCase(16, 0)]
    [TestCase(17, 1)]
    [TestCase(32, 1)]
    [TestCase(33, 2)]
    [TestCase(1 << 20, 16)]
    public void ClassFor_is_the_smallest_class_that_holds_the_length(int length, int expected)
    {
        Assert.That(BuddyStore<int>.ClassFor(length), Is.EqualTo(expected));
        Assert.That(BuddyStore<int>.SizeOf(expected), Is.GreaterThanOrEqualTo(length));
    }
}
