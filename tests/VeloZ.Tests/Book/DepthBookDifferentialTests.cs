using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// A million random updates (with gaps, duplicates, stale periods, snapshots, invalid updates,
/// unknown deletes, crossings and batches) applied to a DepthBook and to an obviously-correct
/// SortedDictionary model; every result, the best levels after every step and the full book, the
/// counters and the published snapshot every few hundred steps must agree.
/// </summary>
public class DepthBookDifferentialTests
{
    private const int Updates = 1_000_000;
    private const int PublishedDepth = 8;

    [Test]
    public void DepthBook_agrees_with_a_SortedDictionary_model_over_a_million_random_updates()
    {
        int seed = BookTestKit.Seed(Environment.TickCount);
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to repeat)");
        var random = new Random(seed);
        var book = new DepthBook(PublishedDepth, levelCapacity: 16);
        var model = new Model();
        long feed = 0;          // the venue's sequence counter
        long mid = 100_000;
        int step = 0, updates = 0;
        var batch = new List<DepthUpdate>();
        var levelBuffer = new Level[4096];
        var bidOut = new Level[PublishedDepth];
        var askOut = new Level[PublishedDepth];

        DepthUpdate NextUpdate()
        {
            int roll = random.Next(1000);
            long sequence;
            if (roll < 4)
                sequence = feed += random.Next(2, 5);                 // gap
            else if (roll < 10)
                sequence = feed - random.Next(0, 4);                  // duplicate / late
            else
                sequence = ++feed;
            mid += random.Next(100) == 0 ? random.Next(-3, 4) : 0;
            // Mostly near the top, sometimes deep, sometimes through the other side (crossing).
            long offset = random.Next(10) < 8 ? (long)Math.Floor(-Math.Log(1 - random.NextDouble()) * 4) : random.Next(0, 3000);
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            if (random.Next(500) == 0)
                offset = -random.Next(1, 5);
            long price = side == Side.Buy ? mid - offset : mid + 1 + offset;
            long quantity = random.Next(10) < 4 ? 0 : random.Next(1, 1000);
            if (model.Crossed && model.Count(side) > 0 && random.Next(4) != 0)
            {
                // Venues uncross quickly: remove the best level of one side.
                price = model.Best(side).Price;
                quantity = 0;
            }
            if (roll >= 10 && roll < 12)
                return new DepthUpdate(sequence, random.Next(2) == 0 ? (Side)random.Next(3, 256) : side, price, random.Next(2) == 0 ? -quantity - 1 : quantity);
            return new DepthUpdate(sequence, side, price, quantity, random.Next(0, 50));
        }

        while (updates < Updates)
        {
            step++;
            int kind = random.Next(1000);
            if (kind < 2 || (model.Stale && kind < 100))
            {
                // A snapshot: the model's own levels, trimmed or perturbed, at the venue's sequence
                // (sometimes behind or ahead of it, so old updates and gaps follow).
                var bids = model.Levels(Side.Buy, random.Next(0, 400));
                var asks = model.Levels(Side.Sell, random.Next(0, 400));
                if (random.Next(4) == 0 && bids.Count > 0)
                    bids[0] = new Level(bids[0].Price, bids[0].Quantity + 1, 7);
                long sequence = feed + (random.Next(5) == 0 ? -random.Next(1, 5) : 0);
                if (random.Next(10) == 0)
                    feed = sequence + random.Next(0, 3) - 1;
                Assert.That(book.LoadSnapshot(bids.ToArray(), asks.ToArray(), sequence), Is.EqualTo(model.LoadSnapshot(bids, asks, sequence)), $"step {step}: snapshot");
            }
            else if (kind < 150)
            {
                batch.Clear();
                int n = random.Next(1, 24);
                for (int i = 0; i < n; i++)
                    batch.Add(NextUpdate());
                updates += n;
                int consumed = book.ApplyBatch(batch.ToArray(), out DepthResult result);
                int expectedConsumed = model.ApplyBatch(batch, out DepthResult expectedResult);
                Assert.That((consumed, result), Is.EqualTo((expectedConsumed, expectedResult)), $"step {step}: batch of {n}");
            }
            else
            {
                DepthUpdate update = NextUpdate();
                updates++;
                Assert.That(book.Apply(update), Is.EqualTo(model.Apply(update)), $"step {step}: {update}");
            }

            Assert.That(book.BestBid, Is.EqualTo(model.Best(Side.Buy)), $"step {step}: best bid");
            Assert.That(book.BestAsk, Is.EqualTo(model.Best(Side.Sell)), $"step {step}: best ask");
            if (step % 500 == 0)
            {
                CompareAll(book, model, levelBuffer, step);
                long sequence = book.Snapshot!.ReadLevels(bidOut, askOut, out int bidCount, out int askCount, out int flags);
                Assert.That(sequence, Is.EqualTo(model.Last), $"step {step}: published sequence");
                Assert.That(flags, Is.EqualTo((int)model.Status), $"step {step}: published status");
                Assert.That(bidOut[..bidCount], Is.EqualTo(model.Levels(Side.Buy, PublishedDepth).ToArray()), $"step {step}: published bids");
                Assert.That(askOut[..askCount], Is.EqualTo(model.Levels(Side.Sell, PublishedDepth).ToArray()), $"step {step}: published asks");
            }
        }
        CompareAll(book, model, levelBuffer, step);
        DepthBookState state = book.State;
        TestContext.Out.WriteLine($"{updates:N0} updates in {step:N0} steps; final {state}; levels {state.BidLevels}/{state.AskLevels}");
        Assert.That(state.GapCount, Is.GreaterThan(100), "the run must exercise gaps");
        Assert.That(state.CrossedCount, Is.GreaterThan(0), "the run must exercise crossings");
        Assert.That(state.UnknownLevelCount, Is.GreaterThan(1000), "the run must exercise unknown deletes");
    }

    private static void CompareAll(DepthBook book, Model model, Level[] buffer, int step)
    {
        Assert.That(book.CheckInvariants(), Is.True, $"step {step}: invariants");
        DepthBookState state = book.State;
        Assert.That(state.Status, Is.EqualTo(model.Status), $"step {step}: status");
        Assert.That(state.LastSequence, Is.EqualTo(model.Last), $"step {step}: last sequence");
        Assert.That(state.SnapshotSequence, Is.EqualTo(model.SnapshotSequence), $"step {step}: snapshot sequence");
        Assert.That(new[] { state.UpdateCount, state.SnapshotCount, state.GapCount, state.DroppedStaleCount, state.DroppedOldCount, state.CrossedCount, state.UnknownLevelCount, state.InvalidCount },
            Is.EqualTo(new[] { model.UpdateCount, model.SnapshotCount, model.GapCount, model.DroppedStale, model.DroppedOld, model.CrossedCount, model.UnknownLevel, model.Invalid }),
            $"step {step}: counters");
        foreach (Side side in new[] { Side.Buy, Side.Sell })
        {
            Assert.That(book.LevelCount(side), Is.EqualTo(model.Count(side)), $"step {step}: {side} level count");
            Level[] expected = model.Levels(side, buffer.Length).ToArray();
            int n = book.GetLevels(side, buffer);
            Assert.That(buffer[..n], Is.EqualTo(expected), $"step {step}: {side} levels");
        }
    }

    /// <summary>The rules of DepthBook written as plainly as possible over sorted dictionaries.</summary>
    private sealed class Model
    {
        private readonly SortedDictionary<long, Level> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        private readonly SortedDictionary<long, Level> _asks = new();
        public long Last, SnapshotSequence, UpdateCount, SnapshotCount, GapCount, DroppedStale, DroppedOld, CrossedCount, UnknownLevel, Invalid;
        public bool Stale, Crossed;

        public DepthStatus Status =>
            (Stale ? DepthStatus.Stale : 0) | (Crossed ? DepthStatus.Crossed : 0) | (_bids.Count + _asks.Count == 0 ? DepthStatus.Empty : 0);

        public int Count(Side side) => (side == Side.Buy ? _bids : _asks).Count;

        public Level Best(Side side)
        {
            foreach (Level level in (side == Side.Buy ? _bids : _asks).Values)
                return level;
            return default;
        }

        public List<Level> Levels(Side side, int max)
        {
            var list = new List<Level>();
            foreach (Level level in (side == Side.Buy ? _bids : _asks).Values)
            {
                if (list.Count == max)
                    break;
                list.Add(level);
            }
            return list;
        }

        private bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && Best(Side.Buy).Price >= Best(Side.Sell).Price;

        /// <summary>The update's own outcome, before any crossing check.</summary>
        private DepthResult Step(DepthUpdate u)
        {
            if ((u.Side != Side.Buy && u.Side != Side.Sell) || u.Quantity < 0)
            {
                Invalid++;
                return DepthResult.Invalid;
            }
            if (Stale)
            {
                DroppedStale++;
                return DepthResult.DroppedStale;
            }
            if (u.Sequence <= Last)
            {
                DroppedOld++;
                return DepthResult.DroppedOld;
            }
            if (u.Sequence != Last + 1)
            {
                GapCount++;
                Stale = true;
                return DepthResult.SequenceGap;
            }
            Last = u.Sequence;
            UpdateCount++;
            SortedDictionary<long, Level> levels = u.Side == Side.Buy ? _bids : _asks;
            if (u.Quantity == 0)
            {
                if (!levels.Remove(u.Price))
                {
                    UnknownLevel++;
                    return DepthResult.UnknownLevel;
                }
            }
            else
            {
                levels[u.Price] = new Level(u.Price, u.Quantity, u.OrderCount);
            }
            return DepthResult.Applied;
        }

        public DepthResult Apply(DepthUpdate u)
        {
            DepthResult result = Step(u);
            if (result == DepthResult.Applied)
            {
                Crossed = IsCrossed;
                if (Crossed)
                {
                    CrossedCount++;
                    result = DepthResult.Crossed;
                }
            }
            return result;
        }

        public int ApplyBatch(List<DepthUpdate> updates, out DepthResult result)
        {
            result = DepthResult.Applied;
            bool changed = false;
            int i = 0;
            for (; i < updates.Count; i++)
            {
                DepthResult one = Step(updates[i]);
                if (one == DepthResult.Applied)
                    changed = true;
                if (one is DepthResult.SequenceGap or DepthResult.Invalid)
                {
                    result = one;
                    break;
                }
            }
            if (changed)
            {
                Crossed = IsCrossed;
                if (Crossed)
                    CrossedCount++;
            }
            if (result == DepthResult.Applied)
                result = Stale ? DepthResult.DroppedStale : Crossed ? DepthResult.Crossed : DepthResult.Applied;
            return i;
        }

        public DepthResult LoadSnapshot(List<Level> bids, List<Level> asks, long sequence)
        {
            _bids.Clear();
            _asks.Clear();
            foreach (Level level in bids)
                _bids.Add(level.Price, level);
            foreach (Level level in asks)
                _asks.Add(level.Price, level);
            Last = SnapshotSequence = sequence;
            Stale = false;
            SnapshotCount++;
            Crossed = IsCrossed;
            if (!Crossed)
                return DepthResult.Applied;
            CrossedCount++;
            return DepthResult.Crossed;
        }
    }
}
