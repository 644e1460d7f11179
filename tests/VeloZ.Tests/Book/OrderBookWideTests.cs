using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// Books whose levels lie mostly beyond the price window (fine ticks, thousands of resting levels far
/// from the top): depth in order, no allocation on far adds and deletes, prices at both ends of the
/// accepted range. Seed: VELOZ_SEED (default fixed), printed.
/// </summary>
[TestFixture]
public sealed class OrderBookWideTests
{
    private const int DefaultSeed = 20250612;
    private const long Mid = 10_000_001;
    private const int Spacing = 8;

    private static int Seed() => BookTestKit.Seed(DefaultSeed);

    /// <summary>A mirror book (default 4,096-tick window) with <paramref name="perSide"/> levels a side, <see cref="Spacing"/> ticks apart.</summary>
    private static OrderBook WideBook(int perSide)
    {
        var book = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 4 * perSide, ExpectedLevels = 4 * perSide });
        for (int i = 0; i < perSide; i++)
        {
            book.Add(2 * i + 1, Side.Sell, Mid + 1 + (long)Spacing * i, 10);
            book.Add(2 * i + 2, Side.Buy, Mid - 1 - (long)Spacing * i, 10);
        }

        book.DiscardEvents();
        return book;
    }

    [Test]
    public void Far_adds_and_deletes_in_a_wide_book_allocate_nothing_in_steady_state()
    {
        OrderBook book = WideBook(20_000);
        var rng = new Random(Seed());
        var commands = new BookCommand[2 * 2_000];
        for (int i = 0; i < commands.Length / 2; i++)
        {
            // Between two resting levels, 8,000+ ticks from the top: a new far level each time.
            long distance = 1 + (long)Spacing * rng.Next(1_000, 20_000) + Spacing / 2;
            bool buy = rng.Next(2) == 0;
            commands[2 * i] = BookCommand.Add(100_000 + i, buy ? Side.Buy : Side.Sell, buy ? Mid - distance : Mid + distance, 3);
            commands[2 * i + 1] = BookCommand.Delete(100_000 + i);
        }

        var events = new BookEvent[256];
        void Round()
        {
            ReadOnlySpan<BookCommand> rest = commands;
            while (rest.Length > 0) rest = rest.Slice(book.Apply(rest, events, out _));
            while (book.DrainEvents(events) > 0)
            {
            }
        }

        for (int warm = 0; warm < 5; warm++) Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Round();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(book.OrderCount, Is.EqualTo(40_000));
        Assert.That(book.BidLevelCount + book.AskLevelCount, Is.EqualTo(40_000));
        Assert.That(allocated, Is.EqualTo(0));
    }

    [Test]
    public void Wide_book_lists_every_level_in_price_order_after_random_far_adds_and_deletes()
    {
        int seed = Seed();
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_SEED to replay)");
        const int PerSide = 30_000;
        OrderBook book = WideBook(PerSide);
        var rng = new Random(seed);
        var asks = new SortedDictionary<long, long>();
        var bids = new SortedDictionary<long, long>(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        for (int i = 0; i < PerSide; i++)
        {
            asks.Add(Mid + 1 + (long)Spacing * i, 10);
            bids.Add(Mid - 1 - (long)Spacing * i, 10);
        }

        // Orders on new prices anywhere in the book (most far), some deleted again.
        var live = new List<(long Id, Side Side, long Price)>();
        for (int i = 0; i < 20_000; i++)
        {
            if (live.Count > 0 && rng.Next(3) == 0)
            {
                int at = rng.Next(live.Count);
                (long id, Side side, long price) = live[at];
                live[at] = live[^1];
                live.RemoveAt(live.Count - 1);
                Assert.That(book.Delete(id), Is.EqualTo(BookResult.Ok));
                SortedDictionary<long, long> levels = side == Side.Buy ? bids : asks;
                if ((levels[price] -= 1) == 0) levels.Remove(price);
            }
            else
            {
                bool buy = rng.Next(2) == 0;
                long distance = 1 + rng.Next(0, Spacing * PerSide);
                long price = buy ? Mid - distance : Mid + distance;
                long id = 1_000_000 + i;
                Assert.That(book.Add(id, buy ? Side.Buy : Side.Sell, price, 1), Is.EqualTo(BookResult.Ok));
                live.Add((id, buy ? Side.Buy : Side.Sell, price));
                SortedDictionary<long, long> levels = buy ? bids : asks;
                levels[price] = levels.TryGetValue(price, out long q) ? q + 1 : 1;
            }

            book.DiscardEvents();
        }

        var depth = new Level[2 * PerSide + 20_000];
        foreach ((Side side, SortedDictionary<long, long> expected) in new[] { (Side.Buy, bids), (Side.Sell, asks) })
        {
            int n = book.GetDepth(side, depth);
            Assert.That(n, Is.EqualTo(expected.Count), $"{side} levels");
            int i = 0;
            foreach (KeyValuePair<long, long> kv in expected)
            {
                Assert.That(depth[i].Price, Is.EqualTo(kv.Key), $"{side} level {i}");
                Assert.That(depth[i].Quantity, Is.EqualTo(kv.Value), $"{side} level {i}");
                i++;
            }
        }
    }

    [Test]
    public void Book_keeps_its_best_with_prices_at_both_ends_of_the_accepted_range()
    {
        const long Limit = OrderBookConfig.PriceLimit;
        var book = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, MinPrice = -Limit, MaxPrice = Limit - 1 });
        Assert.That(book.Add(1, Side.Sell, -Limit, 5), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Add(2, Side.Sell, Limit - 1, 6), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Add(3, Side.Sell, 0, 7), Is.EqualTo(BookResult.Ok));

        var depth = new Level[4];
        Assert.That(book.GetDepth(Side.Sell, depth), Is.EqualTo(3));
        Assert.That(new[] { depth[0].Price, depth[1].Price, depth[2].Price }, Is.EqualTo(new[] { -Limit, 0, Limit - 1 }));
        Assert.That(book.GetLevel(Side.Sell, Limit - 1).Quantity, Is.EqualTo(6));

        Assert.That(book.Delete(1), Is.EqualTo(BookResult.Ok));
        Assert.That(book.TryGetBestAsk(out Level best), Is.True);
        Assert.That(best.Price, Is.EqualTo(0));
        Assert.That(book.Delete(3), Is.EqualTo(BookResult.Ok));
        Assert.That(book.TryGetBestAsk(out best), Is.True);
        Assert.That(best.Price, Is.EqualTo(Limit - 1));
    }
}
