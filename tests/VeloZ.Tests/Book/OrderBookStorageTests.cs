using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

[TestFixture]
public sealed class OrderBookStorageTests
{
    [Test]
    public void A_resting_order_takes_at_most_64_bytes()
    {
        Assert.That(Unsafe.SizeOf<OrderNode>(), Is.LessThanOrEqualTo(64));
        Assert.That(Unsafe.SizeOf<OrderNode>(), Is.EqualTo(48));
        Assert.That(Unsafe.SizeOf<PriceLevel>(), Is.EqualTo(32));
    }

    [Test]
    public void Command_and_event_structs_have_the_documented_abi_layout()
    {
        Assert.That(Unsafe.SizeOf<BookCommand>(), Is.EqualTo(64));
        Assert.That(Marshal.SizeOf<BookCommand>(), Is.EqualTo(64));
        var command = new Dictionary<string, int>
        {
            ["Type"] = 0, ["Side"] = 1, ["OrderType"] = 2, ["TimeInForce"] = 3, ["Flags"] = 4, ["SelfTradePrevention"] = 5,
            ["Reserved0"] = 6, ["Owner"] = 8, ["Reserved1"] = 12, ["OrderId"] = 16, ["NewOrderId"] = 24, ["Price"] = 32,
            ["Quantity"] = 40, ["ProtectionPrice"] = 48, ["Reserved2"] = 56,
        };
        foreach (KeyValuePair<string, int> field in command)
            Assert.That((int)Marshal.OffsetOf<BookCommand>(field.Key), Is.EqualTo(field.Value), "BookCommand." + field.Key);

        Assert.That(Unsafe.SizeOf<BookEvent>(), Is.EqualTo(64));
        Assert.That(Marshal.SizeOf<BookEvent>(), Is.EqualTo(64));
        var ev = new Dictionary<string, int>
        {
            ["Type"] = 0, ["Side"] = 1, ["Reason"] = 2, ["Flags"] = 3, ["CommandType"] = 4, ["Reserved0"] = 5, ["Reserved0b"] = 6,
            ["OrderCount"] = 8, ["Reserved1"] = 12, ["Sequence"] = 16, ["OrderId"] = 24, ["OtherOrderId"] = 32, ["Price"] = 40,
            ["Quantity"] = 48, ["RemainingQuantity"] = 56,
        };
        foreach (KeyValuePair<string, int> field in ev)
            Assert.That((int)Marshal.OffsetOf<BookEvent>(field.Key), Is.EqualTo(field.Value), "BookEvent." + field.Key);
    }

    [Test]
    public void Query_structs_have_the_documented_sizes()
    {
        Assert.That(Marshal.SizeOf<OrderInfo>(), Is.EqualTo(48));
        Assert.That((int)Marshal.OffsetOf<OrderInfo>(nameof(OrderInfo.OrdersAhead)), Is.EqualTo(32));
        Assert.That((int)Marshal.OffsetOf<OrderInfo>(nameof(OrderInfo.Side)), Is.EqualTo(40));
        Assert.That(Marshal.SizeOf<BookStatistics>(), Is.EqualTo(64));
        Assert.That((int)Marshal.OffsetOf<BookStatistics>(nameof(BookStatistics.TradeVolume)), Is.EqualTo(48));
        Assert.That(Marshal.SizeOf<Level>(), Is.EqualTo(24));
        Assert.That(Marshal.SizeOf<TopOfBook>(), Is.EqualTo(56));
    }

    [Test]
    public void Prices_jumping_thousands_of_ticks_keep_best_and_depth_right()
    {
        var book = new OrderBook(new OrderBookConfig { PriceWindowTicks = 64, MaxPrice = 10_000_000 });
        long[] bids = { 500_000, 500_010, 495_000, 510_000, 500_005, 450_000, 700_000, 499_999 };
        long id = 1;
        foreach (long p in bids) book.Submit(id++, Side.Buy, p, 1);
        long[] asks = { 900_000, 800_000, 2_000_000, 700_001, 9_000_000 };
        foreach (long p in asks) book.Submit(id++, Side.Sell, p, 1);

        var depth = new Level[32];
        int n = book.GetDepth(Side.Buy, depth);
        long[] expectedBids = { 700_000, 510_000, 500_010, 500_005, 500_000, 499_999, 495_000, 450_000 };
        Assert.That(Array.ConvertAll(depth[..n], l => l.Price), Is.EqualTo(expectedBids));
        n = book.GetDepth(Side.Sell, depth);
        Assert.That(Array.ConvertAll(depth[..n], l => l.Price), Is.EqualTo(new long[] { 700_001, 800_000, 900_000, 2_000_000, 9_000_000 }));

        // Take the top away level by level: each time the best falls back thousands of ticks.
        for (int i = 0; i < expectedBids.Length; i++)
        {
            Assert.That(book.TryGetBestBid(out Level best), Is.True);
            Assert.That(best.Price, Is.EqualTo(expectedBids[i]));
            book.SubmitMarket(1000 + i, Side.Sell, 1);
        }

        Assert.That(book.TryGetBestBid(out _), Is.False);
        Assert.That(book.GetLevel(Side.Sell, 2_000_000).Quantity, Is.EqualTo(1));
    }

    [Test]
    public void A_window_that_moves_away_and_back_finds_the_levels_it_left_behind()
    {
        var book = new OrderBook(new OrderBookConfig { PriceWindowTicks = 64, MaxPrice = 10_000_000 });
        for (int i = 0; i < 50; i++) book.Submit(1 + i, Side.Sell, 1_000 + i * 7, 1);
        book.Submit(100, Side.Sell, 10, 1);          // far better: the window jumps down to it
        Assert.That(book.GetLevel(Side.Sell, 1_000 + 49 * 7).Quantity, Is.EqualTo(1));
        book.Cancel(100);                             // and back up to 1,000
        Assert.That(book.TryGetBestAsk(out Level ask), Is.True);
        Assert.That(ask.Price, Is.EqualTo(1_000));
        for (int i = 0; i < 50; i++)
        {
            Assert.That(book.TryGetBestAsk(out ask), Is.True);
            Assert.That(ask.Price, Is.EqualTo(1_000 + i * 7));
            book.Cancel(1 + i);
        }

        Assert.That(book.AskLevelCount, Is.EqualTo(0));
    }

    [Test]
    public void The_book_grows_beyond_its_expected_orders_and_levels()
    {
        var book = new OrderBook(new OrderBookConfig { ExpectedOrders = 2, ExpectedLevels = 1, PriceWindowTicks = 64 });
        const int n = 5_000;
        for (int i = 1; i <= n; i++) Assert.That(book.Submit(i, Side.Buy, 1 + i % 3_000, 1 + i % 7), Is.EqualTo(BookResult.Ok));
        book.DiscardEvents();

        Assert.That(book.OrderCount, Is.EqualTo(n));
        Assert.That(book.BidLevelCount, Is.EqualTo(3_000));
        for (int i = 1; i <= n; i++)
        {
            Assert.That(book.TryGetOrder(i, out OrderInfo info), Is.True);
            Assert.That(info.RemainingQuantity, Is.EqualTo(1 + i % 7));
        }

        book.SubmitMarket(n + 1, Side.Sell, long.MaxValue / 4);
        Assert.That(book.OrderCount, Is.EqualTo(0));
    }

    [Test]
    public void State_hash_does_not_depend_on_capacities_or_window_size()
    {
        var small = new OrderBook(new OrderBookConfig { ExpectedOrders = 1, ExpectedLevels = 1, PriceWindowTicks = 64 });
        var large = new OrderBook(new OrderBookConfig { ExpectedOrders = 100_000, ExpectedLevels = 10_000, PriceWindowTicks = 1 << 16 });
        var rng = new Random(7);
        for (int i = 1; i <= 3_000; i++)
        {
            BookCommand c = rng.Next(4) == 0 && i > 10
                ? BookCommand.Cancel(rng.Next(1, i))
                : BookCommand.Limit(i, rng.Next(2) == 0 ? Side.Buy : Side.Sell, 1_000 + rng.Next(-300, 300), rng.Next(1, 9));
            small.Apply(in c);
            large.Apply(in c);
        }

        Assert.That(small.OrderCount, Is.GreaterThan(100));
        Assert.That(small.ComputeStateHash(), Is.EqualTo(large.ComputeStateHash()));
    }

    [Test]
    public void State_hash_sees_queue_order_and_quantities()
    {
        OrderBook a = BookTestKit.Matching();
        a.Submit(1, Side.Buy, 50, 1);
        a.Submit(2, Side.Buy, 50, 1);
        OrderBook b = BookTestKit.Matching();
        b.Submit(2, Side.Buy, 50, 1);
        b.Submit(1, Side.Buy, 50, 1);
        OrderBook c = BookTestKit.Matching();
        c.Submit(1, Side.Buy, 50, 1);
        c.Submit(2, Side.Buy, 50, 2);

        Assert.That(a.ComputeStateHash(), Is.Not.EqualTo(b.ComputeStateHash()));
        Assert.That(a.ComputeStateHash(), Is.Not.EqualTo(c.ComputeStateHash()));
        Assert.That(BookTestKit.Matching().ComputeStateHash(), Is.Not.EqualTo(a.ComputeStateHash()));
    }

    [Test]
    public void State_hash_of_a_small_book_matches_the_documented_definition()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(5, Side.Sell, 101, 3);
        book.Submit(6, Side.Buy, 99, 2);
        book.Submit(7, Side.Buy, 100, 4);

        // Bids best first (7 @100, 6 @99), then asks (5 @101), as the remarks of ComputeStateHash define.
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (ulong v in new ulong[] { 1, 100, 7, 4, 1, 99, 6, 2, 2, 101, 5, 3 })
        {
            h = (h ^ v) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 32;
        }

        h ^= 3;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        Assert.That(book.ComputeStateHash(), Is.EqualTo(h));
    }

    [Test]
    public void Clear_empties_the_book_and_it_works_as_new_afterwards()
    {
        OrderBook book = BookTestKit.Matching();
        ulong empty = book.ComputeStateHash();
        for (int i = 1; i < 100; i++) book.Submit(i, i % 2 == 0 ? Side.Buy : Side.Sell, i % 2 == 0 ? 100 - i % 10 : 101 + i % 10, 1);
        book.Clear();

        Assert.That(book.OrderCount, Is.EqualTo(0));
        Assert.That(book.PendingEventCount, Is.EqualTo(0));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(empty));
        Assert.That(book.Submit(1, Side.Buy, 100, 1), Is.EqualTo(BookResult.Ok));
        Assert.That(book.TryGetBestBid(out Level bid) && bid.Price == 100, Is.True);
    }

    [Test]
    public void Queue_position_query_reports_quantity_and_orders_ahead()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 4);
        book.Submit(2, Side.Sell, 100, 6);
        book.Submit(3, Side.Sell, 100, 1);

        Assert.That(book.TryGetOrder(3, out OrderInfo info), Is.True);
        Assert.That((info.QuantityAhead, info.OrdersAhead, info.Side, info.Price, info.RemainingQuantity), Is.EqualTo((10L, 2, Side.Sell, 100L, 1L)));
        Assert.That(book.TryGetOrder(4, out info), Is.False);
        Assert.That(info.OrderId, Is.EqualTo(0));
    }

    [Test]
    public void Invalid_configuration_is_refused_naming_the_setting()
    {
        Assert.That(() => new OrderBook(new OrderBookConfig { ExpectedOrders = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("ExpectedOrders"));
        Assert.That(() => new OrderBook(new OrderBookConfig { PriceWindowTicks = 100 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("PriceWindowTicks"));
        Assert.That(() => new OrderBook(new OrderBookConfig { MinPrice = 10, MaxPrice = 5 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MinPrice"));
        Assert.That(() => new OrderBook(new OrderBookConfig { SelfTradePrevention = SelfTradePrevention.BookDefault }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("SelfTradePrevention"));
    }
}
