using System;
using System.Threading;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>The L3 book publishing its top levels through <see cref="BookSnapshot"/>.</summary>
[TestFixture]
public sealed class OrderBookSnapshotPublishTests
{
    private static void AssertSnapshotMatchesBook(OrderBook book, int depth, string context)
    {
        var expectedBids = new Level[depth];
        var expectedAsks = new Level[depth];
        int nb = book.GetDepth(Side.Buy, expectedBids);
        int na = book.GetDepth(Side.Sell, expectedAsks);
        var bids = new Level[depth];
        var asks = new Level[depth];
        book.Snapshot!.ReadLevels(bids, asks, out int bidCount, out int askCount);
        Assert.That(bids[..bidCount], Is.EqualTo(expectedBids[..nb]), context + " bids");
        Assert.That(asks[..askCount], Is.EqualTo(expectedAsks[..na]), context + " asks");
    }

    [Test]
    public void Without_a_snapshot_depth_there_is_no_snapshot()
    {
        Assert.That(new OrderBook().Snapshot, Is.Null);
    }

    [Test]
    public void Snapshot_shows_the_top_levels_and_the_sequence_of_the_command_that_changed_them()
    {
        var book = new OrderBook(new OrderBookConfig { SnapshotDepth = 2 });
        book.Submit(1, Side.Buy, 100, 5);
        book.Submit(2, Side.Buy, 99, 3);
        book.Submit(3, Side.Sell, 101, 4);

        book.Snapshot!.ReadTop(out TopOfBook top);
        Assert.That((top.Bid.Price, top.Bid.Quantity, top.Ask.Price, top.Ask.Quantity, top.Sequence), Is.EqualTo((100L, 5L, 101L, 4L, 3L)));
        AssertSnapshotMatchesBook(book, 2, "after three orders");

        book.Submit(4, Side.Buy, 50, 1); // third bid level: out of view, nothing to publish
        book.Cancel(999);                // rejected: nothing to publish
        book.Snapshot.ReadTop(out top);
        Assert.That(top.Sequence, Is.EqualTo(3));

        book.Submit(5, Side.Sell, 100, 5); // takes out the best bid; 99 and 50 are now in view
        book.Snapshot.ReadTop(out top);
        Assert.That((top.Bid.Price, top.Ask.Price, top.Sequence), Is.EqualTo((99L, 101L, 6L)));
        AssertSnapshotMatchesBook(book, 2, "after the sweep");
    }

    [Test]
    public void Snapshot_follows_the_book_through_a_random_flow()
    {
        const int depth = 3;
        int seed = BookTestKit.Seed(4242);
        TestContext.Out.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        var book = new OrderBook(new OrderBookConfig { SnapshotDepth = depth, PriceWindowTicks = 64, LevelEvents = false });
        for (int i = 1; i <= 20_000; i++)
        {
            Side side = rng.Next(2) == 0 ? Side.Buy : Side.Sell;
            long price = 1_000 + (side == Side.Buy ? -rng.Next(-2, 30) : rng.Next(-2, 30));
            BookCommand c = rng.Next(10) switch
            {
                < 4 => BookCommand.Limit(i, side, price, rng.Next(1, 10)),
                < 6 => BookCommand.Cancel(rng.Next(1, i)),
                < 8 => BookCommand.Modify(rng.Next(1, i), price, rng.Next(1, 10)),
                8 => BookCommand.Reduce(rng.Next(1, i), 1),
                _ => BookCommand.Market(i, side, rng.Next(1, 20)),
            };
            book.Apply(in c);
            book.DiscardEvents();
            AssertSnapshotMatchesBook(book, depth, $"step {i}, {c}");
        }

        book.Clear();
        AssertSnapshotMatchesBook(book, depth, "after Clear");
    }

    [Test]
    public void A_reader_thread_never_sees_a_crossed_or_half_written_top_while_the_book_trades()
    {
        var book = new OrderBook(new OrderBookConfig { SnapshotDepth = 1, LevelEvents = false });
        BookSnapshot snapshot = book.Snapshot!;
        using var stop = new CancellationTokenSource();
        long reads = 0;
        string? problem = null;
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested && problem is null)
            {
                snapshot.ReadTop(out TopOfBook top);
                reads++;
                // A matching book is never crossed, and a level is either empty (all zero) or whole.
                if (top.Bid.Quantity > 0 && top.Ask.Quantity > 0 && top.Bid.Price >= top.Ask.Price) problem = $"crossed {top}";
                if ((top.Bid.Quantity == 0) != (top.Bid.Price == 0) || (top.Ask.Quantity == 0) != (top.Ask.Price == 0)) problem = $"torn {top}";
            }
        });
        reader.Start();
        var rng = new Random(99);
        for (int i = 1; i <= 300_000 && problem is null; i++)
        {
            Side side = rng.Next(2) == 0 ? Side.Buy : Side.Sell;
            long price = 1_000 + (side == Side.Buy ? -rng.Next(-3, 10) : rng.Next(-3, 10));
            if (rng.Next(3) == 0) book.Cancel(rng.Next(1, i));
            else book.Submit(i, side, price, rng.Next(1, 5));
            book.DiscardEvents();
        }

        stop.Cancel();
        reader.Join();
        TestContext.Out.WriteLine($"{reads} reads");
        Assert.That(problem, Is.Null);
        Assert.That(reads, Is.GreaterThan(0));
    }

    [Test]
    public void Publishing_allocates_nothing_in_steady_state()
    {
        var book = new OrderBook(new OrderBookConfig { SnapshotDepth = 5, ExpectedOrders = 1024 });
        void Round()
        {
            for (int i = 1; i <= 100; i++) book.Submit(i, i % 2 == 0 ? Side.Buy : Side.Sell, i % 2 == 0 ? 990 - i % 10 : 1_010 + i % 10, 5);
            book.SubmitMarket(500, Side.Sell, 12);
            for (int i = 1; i <= 100; i++) book.Cancel(i);
            book.DiscardEvents();
        }

        for (int warm = 0; warm < 20; warm++) Round();
        // The runtime may still allocate on this thread while it tiers methods up (seen under load), so
        // measure several windows: an allocation per operation would show in every one of them.
        long fewest = long.MaxValue;
        for (int window = 0; window < 5 && fewest != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) Round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.That(fewest, Is.EqualTo(0), "bytes allocated by 100 rounds of submits, a market order and cancels (fewest over up to 5 windows)");
    }
}
