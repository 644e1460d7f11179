using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>Slab&lt;T&gt;: ids that stop resolving once their entry is returned, LIFO reuse, growth up to the limit, Clear.</summary>
[TestFixture]
public class SlabTests
{
    [Test]
    public void An_id_resolves_while_its_entry_is_rented_and_never_after()
    {
        var slab = new Slab<long>(2);
        Assert.That(slab.TryRent(out int a), Is.True);
        ulong id = slab.IdOf(a);
        Assert.That(id, Is.Not.Zero);
        Assert.That(slab.TryResolve(id, out int resolved) && resolved == a, Is.True);
        slab.Return(a);
        Assert.That(slab.TryResolve(id, out _), Is.False, "a returned entry's id");
        Assert.That(slab.TryRent(out int again), Is.True);
        Assert.That(again, Is.EqualTo(a), "LIFO: the entry just returned comes back first");
        Assert.That(slab.IdOf(again), Is.Not.EqualTo(id), "a new generation");
        Assert.That(slab.TryResolve(id, out _), Is.False, "the old id does not name the reused entry");
        Assert.That(slab.TryResolve(0, out _), Is.False, "0");
        Assert.That(slab.TryResolve(slab.IdOf(again) + 1, out _), Is.False, "an index never rented");
        Assert.That(slab.TryResolve(slab.IdOf(again) ^ (1UL << 32), out _), Is.False, "an even (free) generation");
        Assert.That(slab.TryResolve(ulong.MaxValue, out _), Is.False);
    }

    [Test]
    public void It_grows_by_doubling_up_to_its_limit_and_keeps_the_entries()
    {
        var slab = new Slab<int>(3, 10);
        var ids = new List<(int Index, ulong Id)>();
        for (int i = 0; i < 10; i++)
        {
            Assert.That(slab.TryRent(out int index), Is.True, $"rent {i}");
            slab[index] = i * 11;
            ids.Add((index, slab.IdOf(index)));
        }
        Assert.That(slab.Capacity, Is.EqualTo(10), "3, 6, then the limit 10");
        Assert.That(slab.TryRent(out int none), Is.False);
        Assert.That(none, Is.EqualTo(-1));
        Assert.That(slab.Count, Is.EqualTo(10));
        for (int i = 0; i < 10; i++)
        {
            Assert.That(slab.TryResolve(ids[i].Id, out int index) && index == ids[i].Index, Is.True);
            Assert.That(slab[index], Is.EqualTo(i * 11), "the values survived growth");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Slab<int>(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Slab<int>(8, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Slab<int>(8, Slab<int>.MaxCapacityLimit + 1));
    }

    [Test]
    public void Clear_returns_everything_and_the_capacity_stays()
    {
        var slab = new Slab<byte>(4);
        var ids = new List<ulong>();
        for (int i = 0; i < 6; i++)
        {
            slab.TryRent(out int index);
            ids.Add(slab.IdOf(index));
        }
        slab.Return((int)(uint)ids[2] - 1);
        slab.Clear();
        Assert.That(slab.Count, Is.Zero);
        Assert.That(slab.Capacity, Is.EqualTo(8));
        Assert.That(ids.TrueForAll(id => !slab.TryResolve(id, out _)), Is.True, "no id resolves after Clear");
        for (int i = 0; i < 8; i++)
            Assert.That(slab.TryRent(out _), Is.True, "every entry is free again");
        Assert.That(slab.Capacity, Is.EqualTo(8), "no growth was needed");
    }

    [Test]
    public void Random_rents_and_returns_match_a_set_model()
    {
        int seed = MemoryTestKit.Seed();
        var random = new Random(seed);
        var slab = new Slab<int>(1, 300);
        var live = new Dictionary<ulong, int>();
        var dead = new List<ulong>();
        for (int step = 0; step < 100_000; step++)
        {
            if (random.Next(2) == 0)
            {
                bool ok = slab.TryRent(out int index);
                Assert.That(ok, Is.EqualTo(live.Count < 300), $"seed {seed}, step {step}");
                if (ok)
                {
                    ulong id = slab.IdOf(index);
                    Assert.That(live.ContainsKey(id), Is.False, $"seed {seed}, step {step}: id handed out twice");
                    slab[index] = step;
                    live[id] = step;
                }
            }
            else if (live.Count > 0)
            {
                ulong id = new List<ulong>(live.Keys)[random.Next(live.Count)];
                Assert.That(slab.TryResolve(id, out int index), Is.True);
                Assert.That(slab[index], Is.EqualTo(live[id]), $"seed {seed}, step {step}: value");
                slab.Return(index);
                live.Remove(id);
                dead.Add(id);
            }
            if (dead.Count > 0)
                Assert.That(slab.TryResolve(dead[random.Next(dead.Count)], out _), Is.False, $"seed {seed}, step {step}: a dead id resolved");
            Assert.That(slab.Count, Is.EqualTo(live.Count));
        }
    }
}
