using System;
using System.Collections.Generic;
using System.Diagnostics;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// The contract points a trading user runs into at the edges: a protection price is a price (range-checked), the trade
/// volume saturates, a fill-or-kill stopped by its own owner says self-trade, self-trade prevention treats a modify or
/// replace like a submit, a market order meeting only its own liquidity under CancelMaker/CancelBoth, and a huge
/// preallocation hint that does not commit gigabytes.
/// </summary>
[TestFixture]
public class OrderBookContractTests
{
    [TestCase(long.MinValue)]
    [TestCase(0L)]
    [TestCase(10_000_001L)]
    [TestCase(long.MaxValue)]
    public void A_protection_price_outside_the_books_range_is_rejected_and_changes_nothing(long protection)
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 5);
        BookTestKit.Drain(book);
        ulong before = book.ComputeStateHash();

        Assert.That(book.SubmitMarket(2, Side.Buy, 3, protectionPrice: protection), Is.EqualTo(BookResult.InvalidPrice));
        Assert.That(book.SubmitMarket(3, Side.Sell, 3, protectionPrice: protection), Is.EqualTo(BookResult.InvalidPrice));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        Assert.That(BookTestKit.Drain(book).OfType(BookEventType.Trade), Is.Empty);
        // The edges of the range are prices like any other.
        Assert.That(book.SubmitMarket(4, Side.Buy, 3, protectionPrice: 10_000_000), Is.EqualTo(BookResult.Ok));
        Assert.That(book.TryGetOrder(1, out OrderInfo left) && left.RemainingQuantity == 2, Is.True);
    }

    [Test]
    public void Trade_volume_stays_at_the_maximum_instead_of_wrapping()
    {
        OrderBook book = BookTestKit.Mirror();
        Assert.That(book.Add(1, Side.Sell, 100, long.MaxValue), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Add(2, Side.Sell, 101, 5), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Execute(1, long.MaxValue), Is.EqualTo(BookResult.Ok));
        Assert.That(book.GetStatistics().TradeVolume, Is.EqualTo(long.MaxValue));
        Assert.That(book.Execute(2, 5), Is.EqualTo(BookResult.Ok));
        BookStatistics stats = book.GetStatistics();
        Assert.That(stats.TradeVolume, Is.EqualTo(long.MaxValue), "saturated, not negative");
        Assert.That(stats.TradeCount, Is.EqualTo(2));
    }

    [TestCase(SelfTradePrevention.CancelTaker)]
    [TestCase(SelfTradePrevention.CancelBoth)]
    public void A_fill_or_kill_stopped_by_its_own_order_is_rejected_as_self_trade_when_the_others_could_fill_it(SelfTradePrevention stp)
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 5, owner: 7);   // its own, first in line
        book.Submit(2, Side.Sell, 100, 5, owner: 9);
        book.Submit(3, Side.Sell, 101, 5, owner: 9);
        BookTestKit.Drain(book);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Submit(4, Side.Buy, 101, 8, TimeInForce.Fok, owner: 7, selfTradePrevention: stp), Is.EqualTo(BookResult.SelfTrade));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before), "nothing cancelled, nothing traded");
        // More than the others have within the price: the liquidity is short whatever the owner.
        Assert.That(book.Submit(5, Side.Buy, 101, 11, TimeInForce.Fok, owner: 7, selfTradePrevention: stp), Is.EqualTo(BookResult.FokCannotFill));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        // Another owner fills from the same book.
        Assert.That(book.Submit(6, Side.Buy, 101, 8, TimeInForce.Fok, owner: 8, selfTradePrevention: stp), Is.EqualTo(BookResult.Ok));
    }

    [Test]
    public void A_market_order_meeting_only_its_own_liquidity_under_cancel_maker_cancels_it_and_expires()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 5, owner: 7);
        book.Submit(2, Side.Sell, 101, 5, owner: 7);
        BookTestKit.Drain(book);

        Assert.That(book.SubmitMarket(3, Side.Buy, 4, owner: 7, selfTradePrevention: SelfTradePrevention.CancelMaker), Is.EqualTo(BookResult.Ok));
        List<BookEvent> done = BookTestKit.Drain(book).OfType(BookEventType.OrderDone);
        Assert.That(done.ConvertAll(e => (e.OrderId, e.DoneReason)), Is.EqualTo(new[]
        {
            (1L, OrderDoneReason.SelfTradeCancelled), (2L, OrderDoneReason.SelfTradeCancelled), (3L, OrderDoneReason.Expired),
        }));
        Assert.That(done[^1].Quantity, Is.EqualTo(4), "the market order expires with all of its quantity");
        Assert.That(book.OrderCount, Is.Zero);
        Assert.That(book.GetStatistics().TradeCount, Is.Zero);
    }

    [Test]
    public void A_market_order_meeting_its_own_liquidity_under_cancel_both_cancels_the_first_and_itself()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 5, owner: 7);
        book.Submit(2, Side.Sell, 101, 5, owner: 7);
        BookTestKit.Drain(book);

        Assert.That(book.SubmitMarket(3, Side.Buy, 4, owner: 7, selfTradePrevention: SelfTradePrevention.CancelBoth), Is.EqualTo(BookResult.Ok));
        List<BookEvent> done = BookTestKit.Drain(book).OfType(BookEventType.OrderDone);
        Assert.That(done.ConvertAll(e => (e.OrderId, e.DoneReason)), Is.EqualTo(new[]
        {
            (1L, OrderDoneReason.SelfTradeCancelled), (3L, OrderDoneReason.SelfTradeCancelled),
        }));
        Assert.That(book.Contains(2), Is.True, "only the first own maker met is cancelled");
    }

    [Test]
    public void Under_cancel_taker_a_modify_or_replace_whose_first_match_is_its_own_is_rejected_like_a_submit()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 5, owner: 7);
        book.Submit(2, Side.Buy, 98, 5, owner: 7, selfTradePrevention: SelfTradePrevention.CancelTaker);
        book.Submit(3, Side.Buy, 98, 5, owner: 8);
        BookTestKit.Drain(book);
        ulong before = book.ComputeStateHash();

        // A submit of the same order is rejected: so are the modify and the replace that would make it.
        Assert.That(book.Submit(4, Side.Buy, 100, 5, owner: 7, selfTradePrevention: SelfTradePrevention.CancelTaker), Is.EqualTo(BookResult.SelfTrade));
        Assert.That(book.Modify(2, 100, 5), Is.EqualTo(BookResult.SelfTrade));
        Assert.That(book.Replace(2, 5, 101, 5), Is.EqualTo(BookResult.SelfTrade));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before), "the working order rests as it was");
        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => e.Type), Is.All.EqualTo(BookEventType.Rejected), "one Rejected event per command, nothing else");
        Assert.That(events, Has.Count.EqualTo(3));
        Assert.That(BookTestKit.QueueAt(book, 2, 3), Is.EqualTo(new[] { 2L, 3L }), "and keeps its place in the queue");

        // A move that does not cross, or whose first match is another owner's, goes ahead as before.
        Assert.That(book.Modify(2, 99, 5), Is.EqualTo(BookResult.Ok));
        book.Submit(6, Side.Sell, 99, 2, owner: 9);
        BookTestKit.Drain(book);
        Assert.That(book.Contains(2), Is.True);
    }

    [Test]
    public void A_cross_that_trades_another_owner_first_then_meets_its_own_stops_there_as_a_submit_does()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 9);
        book.Submit(2, Side.Sell, 100, 5, owner: 7);
        book.Submit(3, Side.Buy, 98, 5, owner: 7, selfTradePrevention: SelfTradePrevention.CancelTaker);
        BookTestKit.Drain(book);

        Assert.That(book.Modify(3, 100, 5), Is.EqualTo(BookResult.Ok));
        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.Trade).ConvertAll(t => (t.OrderId, t.Quantity)), Is.EqualTo(new[] { (1L, 2L) }));
        Assert.That(events[^1].OrderId, Is.EqualTo(3));
        Assert.That(events[^1].DoneReason, Is.EqualTo(OrderDoneReason.SelfTradeCancelled));
        Assert.That(book.Contains(2), Is.True, "its own resting order is untouched");
    }

    [Test]
    public void A_mirror_book_left_crossed_by_its_feed_says_so_and_counts_the_commands()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Buy, 100, 5);
        book.Add(2, Side.Sell, 101, 5);
        Assert.That(book.IsCrossed, Is.False);
        book.Add(3, Side.Buy, 101, 5);      // the venue traded 2 against 3 and never sent the delete
        Assert.That(book.IsCrossed, Is.True);
        book.Add(4, Side.Buy, 99, 5);
        Assert.That(book.GetStatistics().CrossedCount, Is.EqualTo(2), "after the cross and the command after it");
        book.Cancel(2);
        Assert.That(book.IsCrossed, Is.False);
        book.Add(5, Side.Buy, 98, 5);
        Assert.That(book.GetStatistics().CrossedCount, Is.EqualTo(2));
        // A matching book trades instead of crossing.
        OrderBook matching = BookTestKit.Matching();
        matching.Submit(1, Side.Sell, 100, 5);
        matching.Submit(2, Side.Buy, 101, 2);
        Assert.That((matching.IsCrossed, matching.GetStatistics().CrossedCount), Is.EqualTo((false, 0L)));
    }

    [Test]
    public void The_largest_preallocation_hint_commits_at_most_the_preallocation_limit_and_the_book_still_grows()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var book = new OrderBook(new OrderBookConfig
        {
            ExpectedOrders = OrderBookConfig.MaxCapacity, ExpectedLevels = OrderBookConfig.MaxCapacity, MaxPrice = 1 << 30,
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"create with 2^28 orders and levels: {allocated >> 20} MiB in {watch.ElapsedMilliseconds} ms");
        Assert.That(allocated, Is.LessThan(600L << 20), "2^22 orders, levels and index entries, not 2^28");
        for (int i = 1; i <= 1000; i++)
            Assert.That(book.Submit(i, Side.Buy, i, 1), Is.EqualTo(BookResult.Ok));
        Assert.That(book.OrderCount, Is.EqualTo(1000));
    }
}
