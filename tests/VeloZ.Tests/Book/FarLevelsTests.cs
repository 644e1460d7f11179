using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// <see cref="FarLevels"/>, the ladder's store for levels beyond its window: block splits and merges,
/// the smallest key, successors across blocks, keys at the ends of the long range, no allocation once
/// grown, and long random operation sequences against a SortedSet model.
/// Seed: VELOZ_SEED (default fixed), printed.
/// </summary>
[TestFixture]
public sealed class FarLevelsTests
{
    private const int DefaultSeed = 20250611;
    private const int B = FarLevels.BlockSize;

    private static int Seed() => BookTestKit.Seed(DefaultSeed);

    private static int LevelOf(long key) => (int)(key & 0x3FFF_FFFF) | 1; // any non-zero function of the key

    [Test]
    public void Empty_store_finds_nothing_and_has_no_successor()
    {
        var far = new FarLevels(16);
        Assert.That(far.Count, Is.EqualTo(0));
        Assert.That(far.Find(0), Is.EqualTo(0));
        Assert.That(far.Next(long.MinValue, out _), Is.EqualTo(0));
        Assert.That(far.BlockCount, Is.EqualTo(0));
        far.Validate();
    }

    [Test]
    public void Keys_added_in_ascending_order_fill_blocks_three_quarters()
    {
        // Each new largest key goes to the front of the first block, which splits a quarter / three quarters.
        var far = new FarLevels(16);
        for (long k = 0; k < 100 * B; k++) far.Insert(k, LevelOf(k));
        far.Validate();
        Assert.That(far.BlockCount, Is.LessThanOrEqualTo(100 * B / (3 * B / 4) + 1));
        Assert.That(far.MinKey, Is.EqualTo(0));
        Assert.That(far.Find(100 * B - 1), Is.EqualTo(LevelOf(100 * B - 1)));
    }

    [Test]
    public void Adding_and_removing_keys_at_block_edges_reshapes_the_blocks_once_at_most()
    {
        // Full blocks (pushed as new smallest keys), then keys that fall between two of them and after
        // the largest, added and removed again and again: the first adds split blocks, after that there
        // is room, and no remove drops a block (which would shift the directory on every add and remove).
        var far = new FarLevels(16);
        for (long k = 100 * 10 * B; k > 0; k -= 10) far.PushMin(k, LevelOf(k));
        Assert.That(far.BlockCount, Is.EqualTo(100));
        long[] edges = { 10 * B * 50 + 5, 10 * B * 51 + 5, 10 * B * 52 + 5, 100 * 10 * B + 5 };
        for (int round = 0; round < 10; round++)
        {
            foreach (long k in edges) far.Insert(k, LevelOf(k));
            int afterAdds = far.BlockCount;
            foreach (long k in edges) far.Remove(k);
            far.Validate();
            Assert.That(far.BlockCount, Is.EqualTo(afterAdds), $"round {round}: a remove dropped a block");
            Assert.That(far.BlockCount, Is.LessThanOrEqualTo(100 + edges.Length), $"round {round}");
        }
    }

    [Test]
    public void Keys_pushed_as_new_smallest_fill_whole_blocks()
    {
        var far = new FarLevels(16);
        for (long k = 0; k > -100 * B; k--) far.PushMin(k, LevelOf(k));
        far.Validate();
        Assert.That(far.BlockCount, Is.EqualTo(100));
        Assert.That(far.MinKey, Is.EqualTo(-100 * B + 1));
        for (long k = -100 * B + 1; k <= 0; k++)
        {
            Assert.That(far.PopMin(out long key), Is.EqualTo(LevelOf(k)));
            Assert.That(key, Is.EqualTo(k));
        }

        Assert.That(far.Count, Is.EqualTo(0));
        Assert.That(far.BlockCount, Is.EqualTo(0));
        far.Validate();
    }

    [Test]
    public void A_full_block_splits_in_two_around_a_key_inside_it()
    {
        var far = new FarLevels(16);
        for (long k = 0; k < 2 * B; k += 2) far.Insert(k, LevelOf(k));
        Assert.That(far.BlockCount, Is.EqualTo(1));

        far.Insert(B + 1, LevelOf(B + 1));
        far.Validate();
        Assert.That(far.BlockCount, Is.EqualTo(2));
        for (long k = 0; k < 2 * B; k += 2) Assert.That(far.Find(k), Is.EqualTo(LevelOf(k)), $"key {k}");
        Assert.That(far.Find(B + 1), Is.EqualTo(LevelOf(B + 1)));
        Assert.That(far.Find(B - 1), Is.EqualTo(0));
    }

    [Test]
    public void Neighbours_holding_half_a_block_or_less_merge()
    {
        var far = new FarLevels(16);
        for (long k = 0; k < 2 * B; k += 2) far.Insert(k, LevelOf(k));
        far.Insert(B + 1, LevelOf(B + 1)); // 65 keys in two blocks
        Assert.That(far.BlockCount, Is.EqualTo(2));

        // Remove from the top until the two hold B/2 keys: then they are one block.
        long key = 2 * B - 2;
        while (far.Count > B / 2 + 1)
        {
            far.Remove(key);
            key -= 2;
            far.Validate();
            Assert.That(far.BlockCount, Is.EqualTo(2), $"{far.Count} keys");
        }

        far.Remove(key);
        far.Validate();
        Assert.That(far.BlockCount, Is.EqualTo(1), $"{far.Count} keys");
    }

    [Test]
    public void Successor_and_smallest_cross_block_boundaries()
    {
        var far = new FarLevels(16);
        // Keys 10, 20, ..., 10 * 1000 in random order: many blocks, split at arbitrary points.
        var rng = new Random(7);
        var keys = new List<long>();
        for (long k = 10; k <= 10_000; k += 10) keys.Add(k);
        for (int i = keys.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (keys[i], keys[j]) = (keys[j], keys[i]);
        }

        foreach (long k in keys) far.Insert(k, LevelOf(k));
        far.Validate();
        Assert.That(far.BlockCount, Is.GreaterThan(1000 / B));
        Assert.That(far.MinKey, Is.EqualTo(10));
        for (long after = -5; after <= 10_005; after++)
        {
            long expected = after < 10 ? 10 : (after / 10 + 1) * 10;
            int level = far.Next(after, out long key);
            if (expected > 10_000)
            {
                Assert.That(level, Is.EqualTo(0), $"Next({after})");
                continue;
            }

            Assert.That(level, Is.EqualTo(LevelOf(expected)), $"Next({after})");
            Assert.That(key, Is.EqualTo(expected), $"Next({after})");
        }
    }

    [Test]
    public void Keys_at_both_ends_of_the_long_range_keep_their_order()
    {
        long[] keys = { long.MaxValue, long.MinValue, 0, -1, 1, long.MaxValue - 1, long.MinValue + 1 };
        var far = new FarLevels(16);
        for (int i = 0; i < keys.Length; i++) far.Insert(keys[i], i + 1);
        far.Validate();
        Assert.That(far.MinKey, Is.EqualTo(long.MinValue));
        Assert.That(far.Find(long.MaxValue), Is.EqualTo(1));
        Assert.That(far.Find(long.MinValue), Is.EqualTo(2));
        Assert.That(far.Find(2), Is.EqualTo(0));
        Assert.That(far.Next(long.MinValue, out long key), Is.EqualTo(7));
        Assert.That(key, Is.EqualTo(long.MinValue + 1));
        Assert.That(far.Next(long.MaxValue - 1, out key), Is.EqualTo(1));
        Assert.That(key, Is.EqualTo(long.MaxValue));
        Assert.That(far.Next(long.MaxValue, out _), Is.EqualTo(0));

        long[] ascending = { long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue };
        foreach (long expected in ascending)
        {
            far.PopMin(out key);
            Assert.That(key, Is.EqualTo(expected));
        }

        Assert.That(far.Count, Is.EqualTo(0));
    }

    [Test]
    public void Scale_multiplies_every_key_and_keeps_the_order()
    {
        var far = new FarLevels(16);
        for (long k = -3_000; k <= 3_000; k += 3) far.Insert(k, LevelOf(k));
        far.Scale(7);
        far.Validate();
        Assert.That(far.MinKey, Is.EqualTo(-21_000));
        Assert.That(far.Find(21), Is.EqualTo(LevelOf(3)));
        Assert.That(far.Find(3), Is.EqualTo(0));
        Assert.That(far.Next(0, out long key), Is.EqualTo(LevelOf(3)));
        Assert.That(key, Is.EqualTo(21));
    }

    [Test]
    public void Clear_returns_every_block_to_the_pool()
    {
        var far = new FarLevels(16);
        for (long k = 0; k < 5_000; k++) far.Insert(k * 7919 % 5_003, 1);
        int capacity = far.BlockCapacity;
        far.Clear();
        far.Validate();
        Assert.That(far.Count, Is.EqualTo(0));
        Assert.That(far.Find(7919), Is.EqualTo(0));
        for (long k = 0; k < 5_000; k++) far.Insert(k * 7919 % 5_003, 1);
        far.Validate();
        Assert.That(far.BlockCapacity, Is.EqualTo(capacity), "the second fill reuses the blocks of the first");
    }

    [Test]
    public void Inserts_removes_and_queries_allocate_nothing_once_the_pool_has_grown()
    {
        var rng = new Random(Seed());
        var far = new FarLevels(16);
        var resident = new HashSet<long>();
        while (resident.Count < 20_000)
        {
            long k = rng.NextInt64(0, 10_000_000);
            if (resident.Add(k)) far.Insert(k, LevelOf(k));
        }

        var churn = new long[4_000];
        for (int i = 0; i < churn.Length; i++)
        {
            long k;
            do k = rng.NextInt64(0, 10_000_000);
            while (!resident.Add(k));
            churn[i] = k;
        }

        long sink = 0;
        void Round()
        {
            foreach (long k in churn) far.Insert(k, LevelOf(k));
            foreach (long k in churn) sink += far.Find(k) + far.Next(k, out _);
            foreach (long k in churn) far.Remove(k);
        }

        for (int warm = 0; warm < 5; warm++) Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Round();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        far.Validate();
        Assert.That(far.Count, Is.EqualTo(20_000));
        Assert.That(sink, Is.Not.EqualTo(0));
        Assert.That(allocated, Is.EqualTo(0));
    }

    public enum KeyShape
    {
        /// <summary>20,000 keys out of 30,000: blocks full, splits and merges at every turn.</summary>
        Dense,
        /// <summary>Spread over +-2^40.</summary>
        Wide,
        /// <summary>Within 20,000 of long.MinValue or long.MaxValue.</summary>
        Extremes,
    }

    [TestCase(KeyShape.Dense)]
    [TestCase(KeyShape.Wide)]
    [TestCase(KeyShape.Extremes)]
    public void Store_agrees_with_a_sorted_model_over_random_operations(KeyShape shape)
    {
        int seed = Seed() + (int)shape;
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to replay), shape {shape}");
        var rng = new Random(seed);
        var far = new FarLevels(16);
        var model = new Model();
        int blocksUp = 0, blocksDown = 0, maxCount = 0, scales = 0, pushCount = 0, popCount = 0;

        long NewKey()
        {
            return shape switch
            {
                KeyShape.Dense => 1_000_000 + rng.Next(30_000),
                KeyShape.Wide => rng.NextInt64(-(1L << 40), 1L << 40),
                _ => rng.Next(2) == 0 ? long.MaxValue - rng.Next(20_000) : long.MinValue + rng.Next(20_000),
            };
        }

        long Probe()
        {
            return rng.Next(6) switch
            {
                0 => NewKey(),
                1 => long.MinValue,
                2 => long.MaxValue,
                3 when model.Count > 0 => model.Any(rng) + rng.Next(-1, 2),
                _ => model.Count > 0 ? model.Any(rng) : NewKey(),
            };
        }

        // Grow to 20,000 keys, churn, drain to nothing; twice, with a Clear in between.
        (int target, int steps)[] phases = { (20_000, 40_000), (20_000, 60_000), (0, 40_000), (5_000, 30_000), (5_000, 10_000) };
        int step = 0;
        for (int round = 0; round < 2; round++)
        {
            foreach ((int target, int steps) in phases)
            {
                for (int s = 0; s < steps; s++, step++)
                {
                    string where = $"step {step} (seed {seed})";
                    int blocks = far.BlockCount;
                    // Below the target: mostly inserts; at or above it: mostly removes.
                    bool grow = model.Count < target;
                    int inserts = grow ? 65 : 20, removes = 75, pops = grow ? 78 : 80, runs = grow ? 80 : 81;
                    int op = rng.Next(100);
                    if (op < inserts)
                    {
                        long k = NewKey();
                        if (!model.Contains(k))
                        {
                            far.Insert(k, LevelOf(k));
                            model.Add(k, LevelOf(k));
                        }
                    }
                    else if (op < removes)
                    {
                        if (model.Count > 0)
                        {
                            long k = model.Any(rng);
                            far.Remove(k);
                            model.Remove(k);
                        }
                    }
                    else if (op < pops)
                    {
                        if (model.Count > 0)
                        {
                            long expected = model.Min;
                            Assert.That(far.PopMin(out long k), Is.EqualTo(model.LevelAt(expected)), where);
                            Assert.That(k, Is.EqualTo(expected), where);
                            model.Remove(k);
                            popCount++;
                        }
                    }
                    else if (op < runs)
                    {
                        // A run of new smallest keys, as a window moving down evicts them.
                        long k = model.Count > 0 ? model.Min : NewKey();
                        int run = rng.Next(1, 33);
                        for (int i = 0; i < run && k > long.MinValue + 10; i++)
                        {
                            if (model.Count > 0 || i > 0) k -= rng.Next(1, 10);
                            far.PushMin(k, LevelOf(k));
                            model.Add(k, LevelOf(k));
                            pushCount++;
                        }
                    }
                    else if (op < 99)
                    {
                        long probe = Probe();
                        Assert.That(far.Find(probe), Is.EqualTo(model.LevelAt(probe)), $"Find({probe}) at {where}");
                        int level = far.Next(probe, out long k);
                        bool has = model.TrySuccessor(probe, out long expected);
                        Assert.That(level, Is.EqualTo(has ? model.LevelAt(expected) : 0), $"Next({probe}) at {where}");
                        if (has) Assert.That(k, Is.EqualTo(expected), $"Next({probe}) at {where}");
                    }
                    else if (rng.Next(50) == 0)
                    {
                        long ratio = rng.Next(2, 6);
                        if (model.Count == 0 || (model.Min >= long.MinValue / ratio && model.Max <= long.MaxValue / ratio))
                        {
                            far.Scale(ratio);
                            model.Scale(ratio);
                            scales++;
                        }
                    }

                    Assert.That(far.Count, Is.EqualTo(model.Count), where);
                    if (model.Count > 0) Assert.That(far.MinKey, Is.EqualTo(model.Min), where);
                    if (far.BlockCount > blocks) blocksUp++;
                    if (far.BlockCount < blocks) blocksDown++;
                    maxCount = Math.Max(maxCount, far.Count);
                    if (model.Count < 200 || step % 101 == 0) far.Validate();
                }

                far.Validate();
                AssertSameWalk(far, model, $"end of phase at step {step} (seed {seed})");
            }

            far.Clear();
            model.Clear();
        }

        TestContext.Out.WriteLine($"{step} steps, max {maxCount} keys, blocks added {blocksUp} times and dropped {blocksDown}, {scales} scales, {pushCount} pushes, {popCount} pops");
        Assert.That(maxCount, Is.GreaterThanOrEqualTo(20_000));
        Assert.That(blocksUp, Is.GreaterThan(500), "splits and new blocks");
        Assert.That(blocksDown, Is.GreaterThan(500), "merges and emptied blocks");
        // Keys next to long.MaxValue have no room to be multiplied.
        if (shape != KeyShape.Extremes) Assert.That(scales, Is.GreaterThan(0));
    }

    /// <summary>Walking from the smallest key by successors visits exactly the model's keys in order.</summary>
    private static void AssertSameWalk(FarLevels far, Model model, string where)
    {
        if (model.Count == 0)
        {
            Assert.That(far.Count, Is.EqualTo(0), where);
            return;
        }

        long key = far.MinKey;
        int level = far.Find(key);
        int visited = 0;
        foreach (long expected in model.Keys)
        {
            Assert.That(key, Is.EqualTo(expected), $"walk at {visited}, {where}");
            Assert.That(level, Is.EqualTo(model.LevelAt(expected)), $"walk at {visited}, {where}");
            level = far.Next(key, out key);
            visited++;
        }

        Assert.That(level, Is.EqualTo(0), where);
    }

    /// <summary>The reference: a SortedSet of keys, their levels, and a list for picking a random present key.</summary>
    private sealed class Model
    {
        private readonly Dictionary<long, int> _levels = new();
        private readonly List<long> _present = new();
        private readonly Dictionary<long, int> _slot = new();

        public SortedSet<long> Keys { get; private set; } = new();

        public int Count => Keys.Count;

        public long Min => Keys.Min;

        public long Max => Keys.Max;

        public bool Contains(long key) => _levels.ContainsKey(key);

        public int LevelAt(long key) => _levels.TryGetValue(key, out int level) ? level : 0;

        public long Any(Random rng) => _present[rng.Next(_present.Count)];

        public void Add(long key, int level)
        {
            Assert.That(Keys.Add(key), Is.True, $"model already holds {key}");
            _levels.Add(key, level);
            _slot.Add(key, _present.Count);
            _present.Add(key);
        }

        public void Remove(long key)
        {
            Keys.Remove(key);
            _levels.Remove(key);
            int i = _slot[key];
            long last = _present[^1];
            _present[i] = last;
            _slot[last] = i;
            _present.RemoveAt(_present.Count - 1);
            _slot.Remove(key);
        }

        public bool TrySuccessor(long after, out long key)
        {
            key = 0;
            if (after == long.MaxValue || Keys.Count == 0 || Keys.Max <= after) return false;
            key = Keys.GetViewBetween(after + 1, long.MaxValue).Min;
            return true;
        }

        public void Scale(long ratio)
        {
            var old = new List<KeyValuePair<long, int>>(_levels);
            Clear();
            foreach (KeyValuePair<long, int> kv in old) Add(kv.Key * ratio, kv.Value);
        }

        public void Clear()
        {
            Keys = new SortedSet<long>();
            _levels.Clear();
            _present.Clear();
            _slot.Clear();
        }
    }
}
