using System;
using System.Collections.Generic;
using System.Text;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// Long random command sequences applied to <see cref="OrderBook"/> and to the brute-force
/// <see cref="ReferenceOrderBook"/>; every result, every event and the book state (best levels, whole
/// depth, order lookups, counters, and periodically the state hash) must agree after every step.
/// Seed: VELOZ_SEED (default fixed), printed. Steps per run: VELOZ_DIFF_STEPS (default 1,000,000).
/// </summary>
[TestFixture]
public sealed class OrderBookDifferentialTests
{
    private const int DefaultSeed = 20240611;
    private const int DefaultSteps = 1_000_000;

    private static int Seed() => BookTestKit.Seed(DefaultSeed);

    private static int Steps(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("VELOZ_DIFF_STEPS"), out int n) && n > 0 ? n : fallback;

    [Test]
    public void Matching_book_agrees_with_reference_on_every_event_and_state_over_a_million_random_commands()
    {
        // A 64-tick window with price jumps of thousands of ticks drives the far-level path and every
        // window move; tiny expected sizes drive every growth path.
        var config = new OrderBookConfig
        {
            Mode = BookMode.Matching, ExpectedOrders = 4, ExpectedLevels = 2, PriceWindowTicks = 64,
            MinPrice = 1, MaxPrice = 1_000_000, SelfTradePrevention = SelfTradePrevention.CancelTaker,
        };
        Run(config, Steps(DefaultSteps), Seed());
    }

    [Test]
    public void Matching_book_with_default_window_and_no_level_events_agrees_with_reference()
    {
        var config = new OrderBookConfig
        {
            Mode = BookMode.Matching, ExpectedOrders = 64, LevelEvents = false, MinPrice = 1, MaxPrice = 1_000_000,
            SelfTradePrevention = SelfTradePrevention.CancelMaker,
        };
        Run(config, Steps(DefaultSteps) / 5, Seed() + 1);
    }

    [Test]
    public void Mirror_book_agrees_with_reference_on_every_event_and_state_over_a_million_random_commands()
    {
        var config = new OrderBookConfig
        {
            Mode = BookMode.Mirror, ExpectedOrders = 4, ExpectedLevels = 2, PriceWindowTicks = 64,
            MinPrice = 1, MaxPrice = 1_000_000,
        };
        Run(config, Steps(DefaultSteps), Seed() + 2);
    }

    private static void Run(OrderBookConfig config, int steps, int seed)
    {
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to replay), {steps} steps, mode {config.Mode}, window {config.PriceWindowTicks}");
        var rng = new Random(seed);
        var book = new OrderBook(config);
        var reference = new ReferenceOrderBook(config);
        var generator = new RandomFlow(rng, reference, config);
        var eventBuffer = new BookEvent[64];
        var actual = new List<BookEvent>();
        var depth = new Level[4096];
        var counts = new int[16];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long liveSum = 0;

        for (int step = 0; step < steps; step++)
        {
            BookCommand command = generator.Next();
            int expectedStart = reference.Events.Count;
            BookResult expectedResult = reference.Apply(command);
            counts[(int)expectedResult]++;

            actual.Clear();
            BookResult actualResult;
            if (rng.Next(4) == 0)
            {
                actualResult = book.Apply(in command);
                DrainAll(book, rng, eventBuffer, actual);
            }
            else
            {
                // The batch API with a random, often too small, buffer: exactly one command is consumed
                // and whatever did not fit is still queued.
                int capacity = rng.Next(6) switch { 0 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => 8, _ => 64 };
                int consumed = book.Apply(new ReadOnlySpan<BookCommand>(in command), eventBuffer.AsSpan(0, capacity), out int written);
                if (consumed != 1) Fail(seed, step, command, $"Apply consumed {consumed} of 1 command");
                for (int i = 0; i < written; i++) actual.Add(eventBuffer[i]);
                DrainAll(book, rng, eventBuffer, actual);
                actualResult = actual.Count > 0 && actual[^1].Type == BookEventType.Rejected ? actual[^1].RejectReason : BookResult.Ok;
            }

            if (actualResult != expectedResult) Fail(seed, step, command, $"result {actualResult}, reference {expectedResult}");
            int expectedCount = reference.Events.Count - expectedStart;
            bool same = expectedCount == actual.Count;
            for (int i = 0; same && i < actual.Count; i++) same = actual[i] == reference.Events[expectedStart + i];
            if (!same)
            {
                var text = new StringBuilder("events differ\n  actual:\n");
                foreach (BookEvent e in actual) text.Append("    ").Append(e).Append('\n');
                text.Append("  reference:\n");
                for (int i = expectedStart; i < reference.Events.Count; i++) text.Append("    ").Append(reference.Events[i]).Append('\n');
                Fail(seed, step, command, text.ToString());
            }

            reference.Events.Clear();
            liveSum += reference.Orders.Count;
            CompareState(book, reference, command, rng, depth, seed, step, hash: step % 97 == 0 || step == steps - 1);
        }

        var summary = new StringBuilder("results:");
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0) summary.Append($" {(BookResult)i}={counts[i]}");
        }

        TestContext.Out.WriteLine(summary.ToString());
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
        TestContext.Out.WriteLine($"trades {book.TradeCount}, volume {book.TradeVolume}, resting at end {book.OrderCount}, mean resting {liveSum / steps}, unknown ids {book.UnknownOrderCount}");
        // The flow must have exercised what it claims to: trades, rejections of several kinds, and resting orders.
        Assert.That(book.TradeCount, Is.GreaterThan(steps / 50));
        Assert.That(counts[(int)BookResult.UnknownOrder], Is.GreaterThan(0));
        Assert.That(counts[(int)BookResult.DuplicateId], Is.GreaterThan(0));
        Assert.That(counts[(int)BookResult.InvalidQuantity], Is.GreaterThan(0));
        Assert.That(counts[(int)BookResult.InvalidPrice], Is.GreaterThan(0));
        Assert.That(counts[(int)BookResult.WrongMode], Is.GreaterThan(0));
        if (config.Mode == BookMode.Matching)
        {
            Assert.That(counts[(int)BookResult.PostOnlyWouldCross], Is.GreaterThan(0));
            Assert.That(counts[(int)BookResult.FokCannotFill], Is.GreaterThan(0));
            Assert.That(counts[(int)BookResult.NoLiquidity], Is.GreaterThan(0));
            if (config.SelfTradePrevention == SelfTradePrevention.CancelTaker) Assert.That(counts[(int)BookResult.SelfTrade], Is.GreaterThan(0));
        }
    }

    private static void DrainAll(OrderBook book, Random rng, BookEvent[] buffer, List<BookEvent> into)
    {
        while (book.PendingEventCount > 0)
        {
            int n = book.DrainEvents(buffer.AsSpan(0, rng.Next(5) == 0 ? 0 : rng.Next(1, buffer.Length)));
            for (int i = 0; i < n; i++) into.Add(buffer[i]);
        }
    }

    private static void CompareState(OrderBook book, ReferenceOrderBook reference, in BookCommand command, Random rng, Level[] depth,
        int seed, int step, bool hash)
    {
        int bidLevels = 0, askLevels = 0;
        foreach (Side side in new[] { Side.Buy, Side.Sell })
        {
            List<Level> expected = reference.Depth(side);
            if (side == Side.Buy) bidLevels = expected.Count;
            else askLevels = expected.Count;
            int n = book.GetDepth(side, depth);
            bool same = n == expected.Count;
            for (int i = 0; same && i < n; i++)
            {
                same = depth[i].Price == expected[i].Price && depth[i].Quantity == expected[i].Quantity && depth[i].OrderCount == expected[i].OrderCount;
            }

            if (!same)
            {
                var text = new StringBuilder($"{side} depth differs: actual {n} levels, reference {expected.Count}\n");
                for (int i = 0; i < Math.Max(n, expected.Count) && i < 20; i++)
                {
                    text.Append($"  {(i < n ? depth[i].ToString() : "-")}  vs  {(i < expected.Count ? expected[i].ToString() : "-")}\n");
                }

                Fail(seed, step, command, text.ToString());
            }

            bool hasBest = side == Side.Buy ? book.TryGetBestBid(out Level best) : book.TryGetBestAsk(out best);
            if (hasBest != expected.Count > 0 || (hasBest && (best.Price != expected[0].Price || best.Quantity != expected[0].Quantity || best.OrderCount != expected[0].OrderCount)))
                Fail(seed, step, command, $"{side} best {best} ({hasBest}) vs reference {(expected.Count > 0 ? expected[0].ToString() : "none")}");

            if (expected.Count > 0)
            {
                Level probe = expected[rng.Next(expected.Count)];
                Level at = book.GetLevel(side, probe.Price);
                if (at.Quantity != probe.Quantity || at.OrderCount != probe.OrderCount) Fail(seed, step, command, $"GetLevel {side} {probe.Price}: {at} vs {probe}");
            }
        }

        CompareOrder(book, reference, command.OrderId, command, seed, step);
        CompareOrder(book, reference, command.NewOrderId, command, seed, step);
        if (reference.Orders.Count > 0) CompareOrder(book, reference, reference.Orders[rng.Next(reference.Orders.Count)].Id, command, seed, step);

        BookStatistics stats = book.GetStatistics();
        if (stats.OrderCount != reference.Orders.Count || stats.TradeCount != reference.TradeCount || stats.TradeVolume != reference.TradeVolume
            || stats.UnknownOrderCount != reference.UnknownOrderCount || stats.RejectedCount != reference.RejectedCount
            || stats.CommandCount != reference.CommandCount || stats.BidLevelCount != bidLevels
            || stats.AskLevelCount != askLevels)
            Fail(seed, step, command, "statistics differ");

        if (hash && book.ComputeStateHash() != reference.StateHash()) Fail(seed, step, command, "state hash differs");
    }

    private static void CompareOrder(OrderBook book, ReferenceOrderBook reference, long id, in BookCommand command, int seed, int step)
    {
        OrderInfo? expected = reference.Info(id);
        bool found = book.TryGetOrder(id, out OrderInfo actual);
        if (found != expected.HasValue) Fail(seed, step, command, $"order #{id}: found {found}, reference {expected.HasValue}");
        if (found && !SameOrder(actual, expected!.Value)) Fail(seed, step, command, $"order #{id}: {actual} vs reference {expected}");
    }

    private static bool SameOrder(in OrderInfo a, in OrderInfo b) =>
        a.OrderId == b.OrderId && a.Price == b.Price && a.RemainingQuantity == b.RemainingQuantity && a.QuantityAhead == b.QuantityAhead
        && a.OrdersAhead == b.OrdersAhead && a.Owner == b.Owner && a.Side == b.Side && a.Flags == b.Flags
        && a.SelfTradePrevention == b.SelfTradePrevention && a.Reserved0 == 0 && a.Reserved1 == 0;

    private static void Fail(int seed, int step, in BookCommand command, string what) =>
        Assert.Fail($"seed {seed}, step {step}, command {command}: {what}");

    /// <summary>Random commands that keep a small book busy: mostly valid, some of every kind of invalid.</summary>
    private sealed class RandomFlow
    {
        private readonly Random _rng;
        private readonly ReferenceOrderBook _reference;
        private readonly OrderBookConfig _config;
        private readonly List<long> _finished = new();
        private long _nextId = 1;
        private long _mid = 500_000;

        public RandomFlow(Random rng, ReferenceOrderBook reference, OrderBookConfig config)
        {
            _rng = rng;
            _reference = reference;
            _config = config;
        }

        public BookCommand Next()
        {
            if (_rng.Next(3000) == 0) _mid = Math.Clamp(_mid + _rng.Next(-6000, 6001), 20_000, 980_000);
            else if (_rng.Next(6) == 0) _mid += _rng.Next(-2, 3);
            BookCommand c = _config.Mode == BookMode.Matching ? NextMatching() : NextMirror();
            return c;
        }

        private BookCommand NextMatching()
        {
            // Cancels thin the book out; keep it at roughly 40..100 resting orders.
            int live = _reference.Orders.Count;
            int roll = _rng.Next(100);
            if (roll < 30) return Limit(TimeInForce.Gtc);
            if (roll < 36) return Limit(TimeInForce.Ioc);
            if (roll < 41) return Limit(TimeInForce.Fok);
            if (roll < 45) return Market();
            if (roll < 52) return Reduce();
            if (roll < 74) return Modify();
            if (roll < 80) return Replace();
            if (roll < 83) return Invalid();
            if (roll < 84) return Execute(); // wrong mode
            if (live < 40) return Limit(TimeInForce.Gtc);
            if (live > 100 || _rng.Next(2) == 0) return Cancel();
            return Limit(TimeInForce.Gtc);
        }

        private BookCommand NextMirror()
        {
            int live = _reference.Orders.Count;
            int roll = _rng.Next(100);
            if (roll < 36) return live > 120 ? Cancel() : Add();
            if (roll < 51) return Execute();
            if (roll < 61) return Reduce();
            if (roll < 69) return Replace();
            if (roll < 75) return Modify();
            if (roll < 78) return Invalid();
            if (roll < 79) return Limit(TimeInForce.Gtc); // wrong mode
            if (live < 40) return Add();
            if (live > 100) return Cancel();
            return _rng.Next(3) == 0 ? Add() : Cancel();
        }

        private Side RandomSide() => _rng.Next(2) == 0 ? Side.Buy : Side.Sell;

        private long Price(Side side)
        {
            int r = _rng.Next(1000);
            if (r < 3) return _rng.Next(3) switch { 0 => 0, 1 => -5, _ => _config.MaxPrice + 1 };
            long passive = side == Side.Buy ? -1 : 1;
            // Deep in the book, beyond the window.
            if (r < 50) return Math.Clamp(_mid + passive * _rng.Next(100, 4000), 1, _config.MaxPrice);
            // Aggressive: crosses the middle, so it usually trades.
            if (r < 200) return _mid - passive * _rng.Next(0, 8);
            // Passive: rests near the top of its own side.
            return _mid + passive * _rng.Next(1, 20);
        }

        private long Quantity()
        {
            int r = _rng.Next(200);
            if (r == 0) return 0;
            if (r == 1) return -_rng.Next(1, 5);
            if (r < 12) return _rng.Next(20, 80);
            return _rng.Next(1, 11);
        }

        private long NewId()
        {
            int r = _rng.Next(200);
            if (r == 0) return 0;
            if (r < 5 && _reference.Orders.Count > 0) return LiveId(); // duplicate
            if (r < 9 && _finished.Count > 0) return _finished[_rng.Next(_finished.Count)]; // reuse of a finished id is fine
            long id = _nextId++;
            if (_finished.Count < 256) _finished.Add(id);
            else _finished[_rng.Next(_finished.Count)] = id;
            return id;
        }

        private long LiveId() => _reference.Orders[_rng.Next(_reference.Orders.Count)].Id;

        /// <summary>A resting id most of the time; otherwise one never issued, a finished one, or 0.</summary>
        private long ExistingId()
        {
            int r = _rng.Next(100);
            if (r < 90 && _reference.Orders.Count > 0) return LiveId();
            if (r < 94 && _finished.Count > 0) return _finished[_rng.Next(_finished.Count)];
            if (r < 96) return 0;
            return 1_000_000_000L + _rng.Next(1000);
        }

        private uint Owner() => (uint)_rng.Next(4);

        private SelfTradePrevention Stp() => (SelfTradePrevention)_rng.Next(4);

        private BookCommand Limit(TimeInForce tif)
        {
            Side side = RandomSide();
            OrderFlags flags = tif == TimeInForce.Gtc && _rng.Next(8) == 0 ? OrderFlags.PostOnly : OrderFlags.None;
            return BookCommand.Limit(NewId(), side, Price(side), Quantity(), tif, flags, Owner(), Stp());
        }

        private BookCommand Market()
        {
            Side side = RandomSide();
            TimeInForce tif = _rng.Next(5) switch { 0 => TimeInForce.Fok, 1 => TimeInForce.Gtc, _ => TimeInForce.Ioc };
            if (_rng.Next(2) == 0) return BookCommand.Market(NewId(), side, Quantity(), tif, Owner(), Stp());
            long protection = side == Side.Buy ? _mid + _rng.Next(-8, 10) : _mid - _rng.Next(-8, 10);
            return BookCommand.ProtectedMarket(NewId(), side, Quantity(), protection, tif, Owner(), Stp());
        }

        private BookCommand Cancel() => _rng.Next(2) == 0 ? BookCommand.Cancel(ExistingId()) : BookCommand.Delete(ExistingId());

        private BookCommand Reduce()
        {
            long id = ExistingId();
            ReferenceOrderBook.Order? o = _reference.Find(id);
            if (o is null) return BookCommand.Reduce(id, Quantity());
            int r = _rng.Next(10);
            long qty = r == 0 ? o.Remaining : r == 1 ? o.Remaining + 1 : r == 2 ? 0 : _rng.NextInt64(1, o.Remaining + 1);
            return BookCommand.Reduce(id, qty);
        }

        private BookCommand Execute()
        {
            long id = ExistingId();
            ReferenceOrderBook.Order? o = _reference.Find(id);
            if (o is null) return BookCommand.Execute(id, Quantity());
            int r = _rng.Next(10);
            long qty = r < 3 ? o.Remaining : r == 3 ? o.Remaining + 1 : r == 4 ? 0 : _rng.NextInt64(1, o.Remaining + 1);
            return BookCommand.Execute(id, qty);
        }

        private BookCommand Modify()
        {
            long id = ExistingId();
            ReferenceOrderBook.Order? o = _reference.Find(id);
            if (o is null) return BookCommand.Modify(id, Price(RandomSide()), Quantity());
            return _rng.Next(6) switch
            {
                0 => BookCommand.Modify(id, o.Price, Math.Max(1, o.Remaining - _rng.Next(0, 3))), // keeps priority
                1 => BookCommand.Modify(id, o.Price, o.Remaining + _rng.Next(1, 5)),              // loses priority
                2 => BookCommand.Modify(id, o.Price, Quantity()),
                _ => BookCommand.Modify(id, Price(o.Side), Quantity()),
            };
        }

        private BookCommand Replace()
        {
            long id = ExistingId();
            ReferenceOrderBook.Order? o = _reference.Find(id);
            Side side = o?.Side ?? RandomSide();
            long newId = _rng.Next(20) == 0 ? id : NewId();
            return BookCommand.Replace(id, newId, Price(side), Quantity());
        }

        private BookCommand Add()
        {
            Side side = RandomSide();
            return BookCommand.Add(NewId(), side, Price(side), Quantity());
        }

        private BookCommand Invalid()
        {
            Side side = RandomSide();
            BookCommand c = BookCommand.Limit(_nextId++, side, Price(side), _rng.Next(1, 10));
            if (_config.Mode == BookMode.Mirror) c = BookCommand.Add(_nextId++, side, Price(side), _rng.Next(1, 10));
            switch (_rng.Next(9))
            {
                case 0: return default;
                case 1: c.Type = (BookCommandType)99; break;
                case 2: c.Side = (Side)_rng.Next(3, 256); break;
                case 3: c.Side = 0; break;
                case 4: c.OrderType = (OrderType)7; break;
                case 5: c.TimeInForce = (TimeInForce)9; break;
                case 6: c.Flags = (OrderFlags)0x80; break;
                case 7: c.Flags = OrderFlags.PostOnly; c.TimeInForce = TimeInForce.Ioc; break;
                default: c.Flags = OrderFlags.ProtectionPrice; c.SelfTradePrevention = (SelfTradePrevention)_rng.Next(4, 9); break;
            }

            return c;
        }
    }
}
