using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// <see cref="PriceLadder"/> against a SortedDictionary model, with keys on grids that get finer as the
/// run goes on (so the learnt step shrinks and every level is re-filed while the ladder holds many),
/// with negative keys (bid side), and with a small window so the overflow array is always in use.
/// Seed: VELOZ_SEED (default fixed), printed.
/// </summary>
[TestFixture]
public sealed class PriceLadderTests
{
    private const int DefaultSeed = 20261121;

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("VELOZ_SEED"), out int s) ? s : DefaultSeed;

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
}
