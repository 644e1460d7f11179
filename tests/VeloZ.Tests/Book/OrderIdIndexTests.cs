using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// The id table against a Dictionary: every lookup, through adds and removes by key and by the position a
/// lookup returned, growth, and the long probe runs that a small table and clustered ids produce.
/// Seed: VELOZ_SEED (default fixed), printed.
/// </summary>
[TestFixture]
public sealed class OrderIdIndexTests
{
    private const int DefaultSeed = 20261121;

    private static int Seed() => BookTestKit.Seed(DefaultSeed);

    [Test]
    public void Agrees_with_a_dictionary_through_adds_and_removes_by_key_and_by_position()
    {
        int seed = Seed();
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to replay)");
        var rng = new Random(seed);
        // Starts at 16 entries, so it grows several times; ids drawn from a narrow range collide often.
        var index = new OrderIdIndex(1);
        var orders = new OrderNode[1 << 14];
        var expected = new Dictionary<long, int>();
        var freeSlots = new Stack<int>();
        for (int slot = orders.Length - 1; slot >= 1; slot--) freeSlots.Push(slot);

        for (int step = 0; step < 300_000; step++)
        {
            long id = rng.Next(4) == 0 ? rng.NextInt64(1, long.MaxValue) : rng.Next(1, 6_000);
            int found = index.Find(id, orders, out int position);
            Assert.That(found, Is.EqualTo(expected.GetValueOrDefault(id)), $"step {step}: lookup of id {id}");
            if (found == 0)
            {
                if (freeSlots.Count == 0 || rng.Next(3) == 0) continue;
                int slot = freeSlots.Pop();
                orders[slot].Id = id;
                if (rng.Next(2) == 0) index.AddAt(position, id, slot);
                else index.Add(id, slot);
                expected.Add(id, slot);
            }
            else if (rng.Next(2) == 0)
            {
                if (rng.Next(2) == 0) index.RemoveAt(position);
                else Assert.That(index.Remove(id, found), Is.True, $"step {step}: remove of id {id}");
                orders[found].Id = 0;
                freeSlots.Push(found);
                expected.Remove(id);
            }

            Assert.That(index.Count, Is.EqualTo(expected.Count), $"step {step}: count");
            if (step % 50_000 == 0)
            {
                foreach ((long key, int slot) in expected)
                    Assert.That(index.Find(key, orders), Is.EqualTo(slot), $"step {step}: full check of id {key}");
            }
        }

        Assert.That(index.Capacity, Is.GreaterThan(16), "the table never grew: the test did not exercise growth");
    }

    [Test]
    public void Remove_of_an_absent_key_changes_nothing()
    {
        var index = new OrderIdIndex(16);
        var orders = new OrderNode[8];
        orders[1].Id = 42;
        index.Add(42, 1);
        Assert.That(index.Remove(43, 2), Is.False);
        Assert.That(index.Count, Is.EqualTo(1));
        Assert.That(index.Find(42, orders), Is.EqualTo(1));
    }
}
