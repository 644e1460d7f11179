using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// <see cref="PriceLadder"/> against a SortedDictionary model, with keys on grids that get finer as the
/// run goes on (so the learnt step shrinks and every level is re-filed while the ladder holds many),
/// with negative keys (bid side), with a small window so the far store is always in use, and with a
/// wide book of 50,000 far levels. Seed: VELOZ_SEED (default fixed), printed.
/// </summary>
[TestFixture]
public sealed class PriceLadderTests
{
    private const int DefaultSeed = 20261121;

    private static int Seed() => BookTestKit.Seed(DefaultSeed);

    [Test]
    public void Ladder_learns_the_coarsest_grid_of_its_keys()
    {
        var ladder = new PriceLadder(64, 16);
        ladder.Insert(2_200_000, 1);
        Assert.That(ladder.Step, Is.EqualTo(2_200_000));
        ladder.Insert(2_200_100, 2);
        Assert.That(ladder.Step, Is.EqualTo(100));
        ladder.Insert(2_199_000, 3);
        Assert.That(ladder.Step, Is.EqualTo(100));
        Assert.That(ladder.Find(2_200_000), Is.EqualTo(1));
        Assert.That(ladder.Find(2_200_100), Is.EqualTo(2));
        Assert.That(ladder.Find(2_199_000), Is.EqualTo(3));
        Assert.That(ladder.Find(2_200_050), Is.EqualTo(0), "off the grid");
        Assert.That(ladder.BestKey, Is.EqualTo(2_199_000));
        // 100 units per grid price: a 64-slot window now reaches 6,400 units past its base.
        Assert.That(ladder.FarCount, Is.EqualTo(0));

        ladder.Insert(2_200_050, 4);
        Assert.That(ladder.Step, Is.EqualTo(50));
        Assert.That(ladder.Find(2_200_050), Is.EqualTo(4));
        Assert.That(ladder.Find(2_200_100), Is.EqualTo(2));
        Assert.That(ladder.Next(2_199_000, out long key), Is.EqualTo(1));
        Assert.That(key, Is.EqualTo(2_200_000));
        Assert.That(ladder.Next(2_200_000, out key), Is.EqualTo(4));
        Assert.That(key, Is.EqualTo(2_200_050));
        Assert.That(ladder.Next(2_200_075, out key), Is.EqualTo(2), "Next from a key off the grid");
        Assert.That(key, Is.EqualTo(2_200_100));
        Assert.That(ladder.Next(2_200_100, out _), Is.EqualTo(0));
    }

    [TestCase(64)]
    [TestCase(4096)]
    public void Ladder_agrees_with_a_sorted_model_while_its_grid_gets_finer(int window)
    {
        int seed = Seed() + window;
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to replay), window {window}");
        var rng = new Random(seed);
        var ladder = new PriceLadder(window, 16);
        var model = new SortedDictionary<long, int>();
        var present = new List<long>();
        // Grids from coarse to fine; each phase also keeps using keys of the earlier ones.
        long[] grids = { 1_000_000, 100_000, 100, 50, 3, 1 };
        int nextLevel = 1;
        long sign = rng.Next(2) == 0 ? 1 : -1;
        int rescales = 0;
        long lastStep = 0;
        foreach (long grid in grids)
        {
            for (int step = 0; step < 20_000; step++)
            {
                int op = rng.Next(10);
                long key = sign * (2_000_000_000L + grid * rng.Next(-3_000, 3_000));
                if (op < 5 && !model.ContainsKey(key))
                {
                    ladder.Insert(key, nextLevel);
                    model.Add(key, nextLevel);
                    present.Add(key);
                    nextLevel++;
                }
                else if (op < 8 && present.Count > 0)
                {
                    int i = rng.Next(present.Count);
                    long victim = present[i];
                    present[i] = present[^1];
                    present.RemoveAt(present.Count - 1);
                    ladder.Remove(victim);
                    model.Remove(victim);
                }
                else
                {
                    long probe = rng.Next(2) == 0 && present.Count > 0 ? present[rng.Next(present.Count)] : key + rng.Next(-7, 8);
                    int expected = model.TryGetValue(probe, out int l) ? l : 0;
                    Assert.That(ladder.Find(probe), Is.EqualTo(expected), $"Find({probe}) at step {step} of grid {grid}");
                    int next = ladder.Next(probe, out long nextKey);
                    long expectedNext = 0;
                    int expectedNextLevel = 0;
                    foreach (KeyValuePair<long, int> kv in model)
                    {
                        if (kv.Key > probe)
                        {
                            expectedNext = kv.Key;
                            expectedNextLevel = kv.Value;
                            break;
                        }
                    }

                    Assert.That(next, Is.EqualTo(expectedNextLevel), $"Next({probe}) at step {step} of grid {grid}");
                    if (next != 0) Assert.That(nextKey, Is.EqualTo(expectedNext));
                }

                Assert.That(ladder.Count, Is.EqualTo(model.Count));
                if (model.Count > 0)
                {
                    using SortedDictionary<long, int>.Enumerator first = model.GetEnumerator();
                    first.MoveNext();
                    Assert.That(ladder.BestKey, Is.EqualTo(first.Current.Key), $"best at step {step} of grid {grid}");
                    Assert.That(ladder.BestLevel, Is.EqualTo(first.Current.Value));
                }

                if (ladder.Step != lastStep)
                {
                    rescales++;
                    lastStep = ladder.Step;
                }
            }

            // A full walk from the best visits exactly the model's keys in order.
            if (model.Count > 0)
            {
                long walkKey = ladder.BestKey;
                int walkLevel = ladder.BestLevel;
                foreach (KeyValuePair<long, int> kv in model)
                {
                    Assert.That(walkKey, Is.EqualTo(kv.Key));
                    Assert.That(walkLevel, Is.EqualTo(kv.Value));
                    walkLevel = ladder.Next(walkKey, out walkKey);
                }

                Assert.That(walkLevel, Is.EqualTo(0));
            }

            TestContext.Out.WriteLine($"grid {grid}: {model.Count} levels, step {ladder.Step}, far {ladder.FarCount}");
        }

        Assert.That(ladder.Step, Is.EqualTo(1));
        Assert.That(rescales, Is.GreaterThanOrEqualTo(grids.Length - 1), "each finer grid must have shrunk the step");
    }

    [Test]
    public void Ladder_holds_keys_at_both_ends_of_the_price_range()
    {
        // Prices within +-2^62 (OrderBookConfig.PriceLimit): the keys of one side can be more than a
        // long apart, so "is it below the window" must not be a subtraction.
        const long Low = -(1L << 62), High = (1L << 62) - 1;
        var ladder = new PriceLadder(64, 16);
        ladder.Insert(Low, 1);
        ladder.Insert(High, 2);
        ladder.Insert(0, 3);
        ladder.Insert(Low + 1, 4);
        Assert.That(ladder.BestKey, Is.EqualTo(Low));
        Assert.That(ladder.BestLevel, Is.EqualTo(1));
        Assert.That(ladder.Find(High), Is.EqualTo(2));
        Assert.That(ladder.Find(0), Is.EqualTo(3));
        Assert.That(ladder.Find(Low + 1), Is.EqualTo(4));
        Assert.That(ladder.FarCount, Is.EqualTo(2));

        long[] order = { Low, Low + 1, 0, High };
        int[] levels = { 1, 4, 3, 2 };
        for (int i = 1; i < order.Length; i++)
        {
            Assert.That(ladder.Next(order[i - 1], out long key), Is.EqualTo(levels[i]));
            Assert.That(key, Is.EqualTo(order[i]));
        }

        Assert.That(ladder.Next(High, out _), Is.EqualTo(0));
        for (int i = 0; i < order.Length - 1; i++)
        {
            ladder.Remove(order[i]);
            Assert.That(ladder.BestKey, Is.EqualTo(order[i + 1]), $"after removing {order[i]}");
            Assert.That(ladder.BestLevel, Is.EqualTo(levels[i + 1]));
        }
    }

    [TestCase(1)]
    [TestCase(-1)]
    public void Ladder_with_fifty_thousand_far_levels_agrees_with_a_sorted_model_through_window_moves_and_a_rescale(int sign)
    {
        int seed = Seed() + 100 + sign;
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to replay), sign {sign}");
        var rng = new Random(seed);
        var ladder = new PriceLadder(4096, 64);
        var model = new SortedDictionary<long, int>();
        var keys = new SortedSet<long>();
        var present = new List<long>();
        int nextLevel = 1;
        // Keys on a grid of 10 (the ladder learns it) over 2,000,000 grid prices: the window covers
        // 4,096 of them, so nearly every level is far.
        const long Grid = 10;
        long origin = sign * 3_000_000_000L;

        void Add(long key)
        {
            ladder.Insert(key, nextLevel);
            model.Add(key, nextLevel);
            keys.Add(key);
            present.Add(key);
            nextLevel++;
        }

        void Drop(long key)
        {
            ladder.Remove(key);
            model.Remove(key);
            keys.Remove(key);
        }

        void CheckBest(string where)
        {
            Assert.That(ladder.Count, Is.EqualTo(model.Count), where);
            if (model.Count == 0) return;
            Assert.That(ladder.BestKey, Is.EqualTo(keys.Min), where);
            Assert.That(ladder.BestLevel, Is.EqualTo(model[keys.Min]), where);
        }

        void Probe(long probe, string where)
        {
            Assert.That(ladder.Find(probe), Is.EqualTo(model.TryGetValue(probe, out int l) ? l : 0), $"Find({probe}) {where}");
            int next = ladder.Next(probe, out long nextKey);
            if (keys.Count == 0 || keys.Max <= probe)
            {
                Assert.That(next, Is.EqualTo(0), $"Next({probe}) {where}");
                return;
            }

            long expected = keys.GetViewBetween(probe + 1, long.MaxValue).Min;
            Assert.That(next, Is.EqualTo(model[expected]), $"Next({probe}) {where}");
            Assert.That(nextKey, Is.EqualTo(expected), $"Next({probe}) {where}");
        }

        void CheckAll(string where)
        {
            CheckBest(where);
            long walkKey = ladder.BestKey;
            int walkLevel = ladder.BestLevel;
            foreach (KeyValuePair<long, int> kv in model)
            {
                Assert.That(walkKey, Is.EqualTo(kv.Key), $"walk {where}");
                Assert.That(walkLevel, Is.EqualTo(kv.Value), $"walk {where}");
                Assert.That(ladder.Find(kv.Key), Is.EqualTo(kv.Value), $"Find({kv.Key}) {where}");
                walkLevel = ladder.Next(walkKey, out walkKey);
            }

            Assert.That(walkLevel, Is.EqualTo(0), $"walk end {where}");
            for (int i = 0; i < 2_000; i++) Probe(RandomKey() + rng.Next(-1, 2), where);
        }

        long RandomKey() => origin + Grid * rng.Next(0, 2_000_000);

        while (model.Count < 50_000)
        {
            long key = RandomKey();
            if (!model.ContainsKey(key)) Add(key);
        }

        Assert.That(ladder.Step, Is.EqualTo(Grid));
        Assert.That(ladder.FarCount, Is.GreaterThan(49_000));
        CheckAll("after the fill");

        // Window up: take the best away 5,000 times (the window follows, admitting far levels).
        for (int i = 0; i < 5_000; i++)
        {
            Drop(keys.Min);
            CheckBest($"after removing best #{i}");
        }

        CheckAll("after the window moved up");

        // Window down: better keys, mostly a few grid prices below the best, sometimes thousands (each move
        // down evicts the window's deepest levels to the far store).
        for (int i = 0; i < 2_000; i++)
        {
            long key = keys.Min - Grid * (rng.Next(3) == 0 ? rng.Next(1, 20_000) : rng.Next(1, 50));
            Add(key);
            CheckBest($"after adding best #{i}");
        }

        CheckAll("after the window moved down");

        // Churn anywhere in the book, with probes.
        for (int i = 0; i < 20_000; i++)
        {
            if (rng.Next(2) == 0)
            {
                long key = RandomKey();
                if (!model.ContainsKey(key)) Add(key);
            }
            else
            {
                int at = rng.Next(present.Count);
                long key = present[at];
                present[at] = present[^1];
                present.RemoveAt(present.Count - 1);
                if (model.ContainsKey(key)) Drop(key);
            }

            CheckBest($"churn step {i}");
            if (i % 10 == 0) Probe(RandomKey() + rng.Next(-1, 2), $"churn step {i}");
        }

        CheckAll("after the churn");

        // A full window, then a key off the grid of 10: the step becomes 5 and every level is re-filed,
        // far ones scaled, and the window now spans half as many units, so part of it goes far.
        long best = keys.Min;
        for (int i = 0; i < 1_000; i++)
        {
            long key = best + Grid * rng.Next(0, 3_000);
            if (!model.ContainsKey(key)) Add(key);
        }

        int farBefore = ladder.FarCount;
        Add(best + 5 * (2 * rng.Next(1, 1_000) + 1));
        Assert.That(ladder.Step, Is.EqualTo(5));
        TestContext.Out.WriteLine($"{model.Count} levels; far {farBefore} before the rescale, {ladder.FarCount} after");
        CheckAll("after the rescale");
        Assert.That(ladder.FarCount, Is.GreaterThan(farBefore + 100));
    }
}
