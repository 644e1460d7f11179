using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

[TestFixture]
public sealed class OrderBookMatchingTests
{
    [Test]
    public void Trade_prints_at_the_resting_makers_price_not_the_takers_limit()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 5);
        BookTestKit.Drain(book);

        Assert.That(book.Submit(2, Side.Buy, 105, 5), Is.EqualTo(BookResult.Ok));

        List<BookEvent> trades = BookTestKit.Drain(book).OfType(BookEventType.Trade);
        Assert.That(trades, Has.Count.EqualTo(1));
        Assert.That(trades[0].Price, Is.EqualTo(100));
        Assert.That(trades[0].OrderId, Is.EqualTo(1));
        Assert.That(trades[0].OtherOrderId, Is.EqualTo(2));
        Assert.That(trades[0].Side, Is.EqualTo(Side.Buy), "aggressor side");
        Assert.That(trades[0].Quantity, Is.EqualTo(5));
        Assert.That(trades[0].RemainingQuantity, Is.EqualTo(0));
    }

    [Test]
    public void Orders_at_one_price_trade_oldest_first()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2);
        book.Submit(2, Side.Sell, 100, 2);
        book.Submit(3, Side.Sell, 99, 2);
        BookTestKit.Drain(book);

        book.Submit(4, Side.Buy, 100, 5);

        List<BookEvent> trades = BookTestKit.Drain(book).OfType(BookEventType.Trade);
        Assert.That(trades.ConvertAll(t => (t.OrderId, t.Price, t.Quantity)),
            Is.EqualTo(new[] { (3L, 99L, 2L), (1L, 100L, 2L), (2L, 100L, 1L) }));
    }

    [Test]
    public void Cancel_in_the_middle_of_a_level_keeps_the_others_in_FIFO_order()
    {
        OrderBook book = BookTestKit.Matching();
        for (long id = 1; id <= 4; id++) book.Submit(id, Side.Buy, 50, 1);

        Assert.That(book.Cancel(2), Is.EqualTo(BookResult.Ok));

        Assert.That(BookTestKit.QueueAt(book, 1, 2, 3, 4), Is.EqualTo(new[] { 1L, 3L, 4L }));
        BookTestKit.Drain(book);
        book.Submit(10, Side.Sell, 50, 3);
        List<BookEvent> trades = BookTestKit.Drain(book).OfType(BookEventType.Trade);
        Assert.That(trades.ConvertAll(t => t.OrderId), Is.EqualTo(new[] { 1L, 3L, 4L }));
    }

    [Test]
    public void Partial_fill_keeps_the_makers_queue_position()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 10);
        book.Submit(2, Side.Sell, 100, 10);

        book.Submit(3, Side.Buy, 100, 4);

        Assert.That(book.TryGetOrder(1, out OrderInfo first), Is.True);
        Assert.That(first.RemainingQuantity, Is.EqualTo(6));
        Assert.That(first.OrdersAhead, Is.EqualTo(0));
        Assert.That(book.TryGetOrder(2, out OrderInfo second), Is.True);
        Assert.That(second.QuantityAhead, Is.EqualTo(6));
    }

    [Test]
    public void Ioc_remainder_is_cancelled_and_never_rests()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        BookTestKit.Drain(book);

        Assert.That(book.Submit(2, Side.Buy, 100, 10, TimeInForce.Ioc), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        BookEvent done = events[^1];
        Assert.That(done.Type, Is.EqualTo(BookEventType.OrderDone));
        Assert.That(done.DoneReason, Is.EqualTo(OrderDoneReason.Expired));
        Assert.That(done.OrderId, Is.EqualTo(2));
        Assert.That(done.Quantity, Is.EqualTo(7));
        Assert.That(book.Contains(2), Is.False);
        Assert.That(book.TryGetBestBid(out _), Is.False);
    }

    [Test]
    public void Fok_fills_completely_across_levels_when_enough_is_available()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        book.Submit(2, Side.Sell, 101, 3);
        BookTestKit.Drain(book);

        Assert.That(book.Submit(3, Side.Buy, 101, 6, TimeInForce.Fok), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.Trade), Has.Count.EqualTo(2));
        Assert.That(events[^1].DoneReason, Is.EqualTo(OrderDoneReason.Filled));
        Assert.That(book.OrderCount, Is.EqualTo(0));
    }

    [Test]
    public void Fok_that_cannot_fill_leaves_no_trace_but_one_rejected_event()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        book.Submit(2, Side.Sell, 101, 3);
        book.Submit(3, Side.Sell, 103, 3);
        BookTestKit.Drain(book);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Submit(4, Side.Buy, 102, 7, TimeInForce.Fok), Is.EqualTo(BookResult.FokCannotFill));

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0].Type, Is.EqualTo(BookEventType.Rejected));
        Assert.That(events[0].RejectReason, Is.EqualTo(BookResult.FokCannotFill));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        Assert.That(book.TradeCount, Is.EqualTo(0));
    }

    [Test]
    public void Post_only_order_that_would_cross_is_rejected_and_one_that_would_not_rests()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Submit(2, Side.Buy, 100, 1, flags: OrderFlags.PostOnly), Is.EqualTo(BookResult.PostOnlyWouldCross));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        Assert.That(book.Submit(3, Side.Buy, 99, 1, flags: OrderFlags.PostOnly), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Contains(3), Is.True);
    }

    [Test]
    public void Post_only_is_refused_on_ioc_fok_and_market_orders()
    {
        OrderBook book = BookTestKit.Matching();
        Assert.That(book.Submit(1, Side.Buy, 99, 1, TimeInForce.Ioc, OrderFlags.PostOnly), Is.EqualTo(BookResult.InvalidCommand));
        Assert.That(book.Submit(2, Side.Buy, 99, 1, TimeInForce.Fok, OrderFlags.PostOnly), Is.EqualTo(BookResult.InvalidCommand));
        BookCommand market = BookCommand.Market(3, Side.Buy, 1);
        market.Flags = OrderFlags.PostOnly;
        Assert.That(book.Apply(in market), Is.EqualTo(BookResult.InvalidCommand));
    }

    [Test]
    public void Modify_of_a_post_only_order_to_a_crossing_price_is_rejected_and_changes_nothing()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        book.Submit(2, Side.Buy, 98, 1, flags: OrderFlags.PostOnly);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Modify(2, 100, 1), Is.EqualTo(BookResult.PostOnlyWouldCross));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
    }

    [Test]
    public void Crossing_modify_trades_at_once_instead_of_resting_crossed()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        book.Submit(2, Side.Buy, 95, 5);
        BookTestKit.Drain(book);

        Assert.That(book.Modify(2, 101, 5), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        List<BookEvent> trades = events.OfType(BookEventType.Trade);
        Assert.That(trades, Has.Count.EqualTo(1));
        Assert.That(trades[0].Price, Is.EqualTo(100));
        Assert.That(trades[0].Quantity, Is.EqualTo(3));
        Assert.That(trades[0].OtherOrderId, Is.EqualTo(2));
        Assert.That(book.TryGetBestBid(out Level bid), Is.True);
        Assert.That((bid.Price, bid.Quantity), Is.EqualTo((101L, 2L)));
        Assert.That(book.TryGetBestAsk(out _), Is.False, "the book is not crossed");
    }

    [Test]
    public void Reduce_keeps_queue_priority()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 10);
        book.Submit(2, Side.Buy, 50, 10);

        Assert.That(book.Reduce(1, 4), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Modify(1, 50, 5), Is.EqualTo(BookResult.Ok), "modify down at the same price is a reduce");

        Assert.That(BookTestKit.QueueAt(book, 1, 2), Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(book.TryGetOrder(1, out OrderInfo info), Is.True);
        Assert.That(info.RemainingQuantity, Is.EqualTo(5));
        Assert.That(book.GetLevel(Side.Buy, 50).Quantity, Is.EqualTo(15));
    }

    [Test]
    public void Raising_quantity_loses_queue_priority()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 10);
        book.Submit(2, Side.Buy, 50, 10);
        BookTestKit.Drain(book);

        Assert.That(book.Modify(1, 50, 11), Is.EqualTo(BookResult.Ok));

        Assert.That(BookTestKit.QueueAt(book, 1, 2), Is.EqualTo(new[] { 2L, 1L }));
        BookEvent modified = BookTestKit.Drain(book)[0];
        Assert.That(modified.Type, Is.EqualTo(BookEventType.Modified));
        Assert.That(modified.Flags, Is.EqualTo(BookEventFlags.LostPriority));
        Assert.That(book.GetLevel(Side.Buy, 50).Quantity, Is.EqualTo(21));
    }

    [Test]
    public void Modify_to_a_new_price_loses_priority_there()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 1);
        book.Submit(2, Side.Buy, 49, 1);

        book.Modify(1, 49, 1);

        Assert.That(BookTestKit.QueueAt(book, 1, 2), Is.EqualTo(new[] { 2L, 1L }));
        Assert.That(book.GetLevel(Side.Buy, 50).OrderCount, Is.EqualTo(0));
    }

    private static IEnumerable<TestCaseData> DeadIdCases()
    {
        yield return new TestCaseData("filled").SetName("Cancel_and_modify_of_a_filled_order_are_rejected_and_change_nothing");
        yield return new TestCaseData("cancelled").SetName("Cancel_and_modify_of_a_cancelled_order_are_rejected_and_change_nothing");
        yield return new TestCaseData("never issued").SetName("Cancel_and_modify_of_a_never_issued_id_are_rejected_and_change_nothing");
    }

    [TestCaseSource(nameof(DeadIdCases))]
    public void Commands_naming_a_dead_id_are_rejected_and_change_nothing(string how)
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2);
        book.Submit(2, Side.Sell, 101, 2);
        book.Submit(3, Side.Buy, 90, 2);
        if (how == "filled") book.Submit(9, Side.Buy, 100, 2);
        book.Submit(7, Side.Buy, 80, 1);
        if (how == "cancelled") book.Cancel(7);
        long dead = how switch { "filled" => 1, "cancelled" => 7, _ => 12345 };
        BookTestKit.Drain(book);
        ulong before = book.ComputeStateHash();
        long unknownBefore = book.UnknownOrderCount;

        Assert.That(book.Cancel(dead), Is.EqualTo(BookResult.UnknownOrder));
        Assert.That(book.Modify(dead, 95, 1), Is.EqualTo(BookResult.UnknownOrder));
        Assert.That(book.Reduce(dead, 1), Is.EqualTo(BookResult.UnknownOrder));
        Assert.That(book.Replace(dead, 500, 95, 1), Is.EqualTo(BookResult.UnknownOrder));

        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        Assert.That(book.UnknownOrderCount, Is.EqualTo(unknownBefore + 4));
        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => e.RejectReason), Is.EqualTo(new[] { BookResult.UnknownOrder, BookResult.UnknownOrder, BookResult.UnknownOrder, BookResult.UnknownOrder }));
    }

    [Test]
    public void No_phantom_best_price_after_the_top_level_empties()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 100, 1);
        book.Submit(2, Side.Buy, 100, 1);
        book.Submit(3, Side.Buy, 97, 4);

        book.Cancel(1);
        book.Submit(4, Side.Sell, 100, 1); // fills 2, the last order at 100

        Assert.That(book.TryGetBestBid(out Level bid), Is.True);
        Assert.That((bid.Price, bid.Quantity, bid.OrderCount), Is.EqualTo((97L, 4L, 1)));
        book.Cancel(3);
        Assert.That(book.TryGetBestBid(out _), Is.False);
        Assert.That(book.GetTopOfBook().Bid, Is.EqualTo(default(Level)));
    }

    [Test]
    public void Market_order_sweeps_levels_and_its_remainder_expires()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 100, 2);
        book.Submit(2, Side.Buy, 90, 2);
        BookTestKit.Drain(book);

        Assert.That(book.SubmitMarket(3, Side.Sell, 10), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.Trade).ConvertAll(t => t.Price), Is.EqualTo(new[] { 100L, 90L }));
        Assert.That(events[^1].DoneReason, Is.EqualTo(OrderDoneReason.Expired));
        Assert.That(events[^1].Quantity, Is.EqualTo(6));
        Assert.That(book.OrderCount, Is.EqualTo(0));
    }

    [Test]
    public void Market_order_with_a_protection_price_does_not_trade_beyond_it()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2);
        book.Submit(2, Side.Sell, 102, 2);
        book.Submit(3, Side.Sell, 105, 2);
        BookTestKit.Drain(book);

        Assert.That(book.SubmitMarket(4, Side.Buy, 10, protectionPrice: 102), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.Trade).ConvertAll(t => t.Price), Is.EqualTo(new[] { 100L, 102L }));
        Assert.That(events[^1].DoneReason, Is.EqualTo(OrderDoneReason.Expired));
        Assert.That(events[^1].Quantity, Is.EqualTo(6));
        Assert.That(book.TryGetBestAsk(out Level ask), Is.True);
        Assert.That(ask.Price, Is.EqualTo(105));
    }

    [Test]
    public void Market_order_with_nothing_to_trade_is_rejected_with_no_liquidity()
    {
        OrderBook book = BookTestKit.Matching();
        Assert.That(book.SubmitMarket(1, Side.Buy, 1), Is.EqualTo(BookResult.NoLiquidity));
        book.Submit(2, Side.Sell, 110, 1);
        Assert.That(book.SubmitMarket(3, Side.Buy, 1, protectionPrice: 109), Is.EqualTo(BookResult.NoLiquidity));
        Assert.That(book.Contains(2), Is.True);
    }

    [Test]
    public void Self_trade_cancel_taker_keeps_earlier_fills_and_cancels_the_takers_remainder()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 8);
        book.Submit(2, Side.Sell, 100, 2, owner: 7);
        BookTestKit.Drain(book);

        Assert.That(book.Submit(3, Side.Buy, 100, 5, owner: 7, selfTradePrevention: SelfTradePrevention.CancelTaker), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.Trade).ConvertAll(t => t.OrderId), Is.EqualTo(new[] { 1L }));
        Assert.That(events[^1].OrderId, Is.EqualTo(3));
        Assert.That(events[^1].DoneReason, Is.EqualTo(OrderDoneReason.SelfTradeCancelled));
        Assert.That(events[^1].Quantity, Is.EqualTo(3));
        Assert.That(book.Contains(2), Is.True, "the maker of the same owner stays");
        Assert.That(book.Contains(3), Is.False);
    }

    [Test]
    public void Self_trade_cancel_taker_on_the_very_first_match_rejects_the_order()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 7);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Submit(2, Side.Buy, 100, 5, owner: 7, selfTradePrevention: SelfTradePrevention.CancelTaker), Is.EqualTo(BookResult.SelfTrade));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
    }

    [Test]
    public void Self_trade_cancel_maker_cancels_each_same_owner_maker_and_keeps_matching()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 7);
        book.Submit(2, Side.Sell, 100, 2, owner: 8);
        book.Submit(3, Side.Sell, 101, 2, owner: 7);
        book.Submit(4, Side.Sell, 101, 2, owner: 9);
        BookTestKit.Drain(book);

        book.Submit(5, Side.Buy, 101, 4, owner: 7, selfTradePrevention: SelfTradePrevention.CancelMaker);

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.Trade).ConvertAll(t => t.OrderId), Is.EqualTo(new[] { 2L, 4L }));
        List<BookEvent> done = events.OfType(BookEventType.OrderDone);
        Assert.That(done.ConvertAll(d => (d.OrderId, d.DoneReason)), Is.EqualTo(new[]
        {
            (1L, OrderDoneReason.SelfTradeCancelled), (2L, OrderDoneReason.Filled), (3L, OrderDoneReason.SelfTradeCancelled),
            (4L, OrderDoneReason.Filled), (5L, OrderDoneReason.Filled),
        }));
        Assert.That(book.OrderCount, Is.EqualTo(0));
    }

    [Test]
    public void Self_trade_cancel_both_cancels_the_maker_and_the_takers_remainder()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 8);
        book.Submit(2, Side.Sell, 100, 2, owner: 7);
        book.Submit(3, Side.Sell, 100, 2, owner: 9);
        BookTestKit.Drain(book);

        book.Submit(4, Side.Buy, 100, 5, owner: 7, selfTradePrevention: SelfTradePrevention.CancelBoth);

        List<BookEvent> done = BookTestKit.Drain(book).OfType(BookEventType.OrderDone);
        Assert.That(done.ConvertAll(d => (d.OrderId, d.DoneReason, d.Quantity)), Is.EqualTo(new[]
        {
            (1L, OrderDoneReason.Filled, 0L), (2L, OrderDoneReason.SelfTradeCancelled, 2L), (4L, OrderDoneReason.SelfTradeCancelled, 3L),
        }));
        Assert.That(book.Contains(3), Is.True);
        Assert.That(book.Contains(4), Is.False);
    }

    [Test]
    public void Owner_zero_never_triggers_self_trade_prevention()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 0);
        Assert.That(book.Submit(2, Side.Buy, 100, 2, owner: 0, selfTradePrevention: SelfTradePrevention.CancelTaker), Is.EqualTo(BookResult.Ok));
        Assert.That(book.TradeCount, Is.EqualTo(1));
    }

    [Test]
    public void Book_default_self_trade_mode_applies_to_orders_that_ask_for_it()
    {
        OrderBook book = BookTestKit.Matching(SelfTradePrevention.CancelMaker);
        book.Submit(1, Side.Sell, 100, 2, owner: 7);

        Assert.That(book.Submit(2, Side.Buy, 100, 2, owner: 7), Is.EqualTo(BookResult.Ok));

        Assert.That(book.Contains(1), Is.False);
        Assert.That(book.TryGetOrder(2, out OrderInfo info), Is.True);
        Assert.That(info.SelfTradePrevention, Is.EqualTo(SelfTradePrevention.CancelMaker));
    }

    [Test]
    public void Fok_counts_only_liquidity_self_trade_prevention_lets_it_reach()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2, owner: 9);
        book.Submit(2, Side.Sell, 100, 5, owner: 7);
        book.Submit(3, Side.Sell, 100, 5, owner: 9);
        ulong before = book.ComputeStateHash();

        // Owner 9's 7 would fill it, but its own order stands between: self-trade, not a shortage.
        Assert.That(book.Submit(4, Side.Buy, 100, 6, TimeInForce.Fok, owner: 7, selfTradePrevention: SelfTradePrevention.CancelTaker),
            Is.EqualTo(BookResult.SelfTrade));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        Assert.That(book.Submit(5, Side.Buy, 100, 6, TimeInForce.Fok, owner: 7, selfTradePrevention: SelfTradePrevention.CancelMaker),
            Is.EqualTo(BookResult.Ok));
        Assert.That(book.Contains(2), Is.False, "the same-owner maker was cancelled on the way");
        Assert.That(book.TryGetOrder(3, out OrderInfo left), Is.True);
        Assert.That(left.RemainingQuantity, Is.EqualTo(1));
    }

    [Test]
    public void Replace_moves_the_order_to_a_new_id_price_and_quantity_without_priority()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 5, owner: 3);
        book.Submit(2, Side.Buy, 51, 5);
        BookTestKit.Drain(book);

        Assert.That(book.Replace(1, 10, 51, 7), Is.EqualTo(BookResult.Ok));

        Assert.That(book.Contains(1), Is.False);
        Assert.That(book.TryGetOrder(10, out OrderInfo info), Is.True);
        Assert.That((info.Price, info.RemainingQuantity, info.QuantityAhead, info.Owner, info.Side), Is.EqualTo((51L, 7L, 5L, 3u, Side.Buy)));
        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events[0].DoneReason, Is.EqualTo(OrderDoneReason.Replaced));
        Assert.That(events[0].OtherOrderId, Is.EqualTo(10));
        BookEvent accepted = events.OfType(BookEventType.Accepted)[0];
        Assert.That((accepted.OrderId, accepted.OtherOrderId), Is.EqualTo((10L, 1L)));
    }

    [Test]
    public void Replace_to_a_crossing_price_trades_at_once()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 3);
        book.Submit(2, Side.Buy, 90, 5);
        BookTestKit.Drain(book);

        book.Replace(2, 20, 100, 5);

        List<BookEvent> trades = BookTestKit.Drain(book).OfType(BookEventType.Trade);
        Assert.That(trades, Has.Count.EqualTo(1));
        Assert.That((trades[0].OrderId, trades[0].OtherOrderId, trades[0].Quantity), Is.EqualTo((1L, 20L, 3L)));
        Assert.That(book.TryGetOrder(20, out OrderInfo info), Is.True);
        Assert.That(info.RemainingQuantity, Is.EqualTo(2));
    }

    [Test]
    public void Replace_to_an_id_in_use_or_the_same_id_is_rejected_and_changes_nothing()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 5);
        book.Submit(2, Side.Buy, 51, 5);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Replace(1, 2, 52, 1), Is.EqualTo(BookResult.DuplicateId));
        Assert.That(book.Replace(1, 1, 52, 1), Is.EqualTo(BookResult.DuplicateId));
        Assert.That(book.Replace(1, 0, 52, 1), Is.EqualTo(BookResult.InvalidOrderId));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
    }

    [Test]
    public void Submit_with_an_id_that_is_resting_is_rejected_as_duplicate()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 5);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Submit(1, Side.Sell, 60, 5), Is.EqualTo(BookResult.DuplicateId));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
    }

    [Test]
    public void Id_of_a_finished_order_may_be_used_again()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 5);
        book.Cancel(1);
        Assert.That(book.Submit(1, Side.Buy, 50, 5), Is.EqualTo(BookResult.Ok));
    }

    [TestCase(0L, 100L, BookResult.InvalidQuantity)]
    [TestCase(-3L, 100L, BookResult.InvalidQuantity)]
    [TestCase(5L, 0L, BookResult.InvalidPrice)]
    [TestCase(5L, -100L, BookResult.InvalidPrice)]
    [TestCase(5L, 10_000_001L, BookResult.InvalidPrice)]
    public void Bad_quantity_or_price_is_rejected_with_the_book_unchanged(long quantity, long price, BookResult expected)
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 5);
        book.Submit(2, Side.Sell, 150, 5);
        BookTestKit.Drain(book);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Submit(3, Side.Buy, price, quantity), Is.EqualTo(expected));
        Assert.That(book.Modify(1, price, quantity), Is.EqualTo(expected));
        Assert.That(book.Replace(2, 4, price, quantity), Is.EqualTo(expected));

        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => e.RejectReason), Is.EqualTo(new[] { expected, expected, expected }));
        Assert.That(events[0].Quantity, Is.EqualTo(quantity), "the rejection echoes the command");
        Assert.That(events[0].Price, Is.EqualTo(price));
    }

    [Test]
    public void Reduce_by_more_than_remains_is_rejected_and_by_all_of_it_cancels()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 5);

        Assert.That(book.Reduce(1, 6), Is.EqualTo(BookResult.InvalidQuantity));
        Assert.That(book.Reduce(1, 0), Is.EqualTo(BookResult.InvalidQuantity));
        Assert.That(book.Reduce(1, 5), Is.EqualTo(BookResult.Ok));
        Assert.That(book.Contains(1), Is.False);
    }

    [Test]
    public void Zero_order_id_and_bad_enums_are_rejected()
    {
        OrderBook book = BookTestKit.Matching();
        Assert.That(book.Submit(0, Side.Buy, 50, 5), Is.EqualTo(BookResult.InvalidOrderId));
        Assert.That(book.Submit(1, (Side)0, 50, 5), Is.EqualTo(BookResult.InvalidSide));
        Assert.That(book.Submit(1, Side.Buy, 50, 5, (TimeInForce)3), Is.EqualTo(BookResult.InvalidCommand));
        Assert.That(book.Submit(1, Side.Buy, 50, 5, selfTradePrevention: (SelfTradePrevention)4), Is.EqualTo(BookResult.InvalidCommand));
        BookCommand zeroed = default;
        Assert.That(book.Apply(in zeroed), Is.EqualTo(BookResult.InvalidCommand));
        Assert.That(book.Add(1, Side.Buy, 50, 5), Is.EqualTo(BookResult.WrongMode));
        Assert.That(book.Execute(1, 5), Is.EqualTo(BookResult.WrongMode));
        Assert.That(book.OrderCount, Is.EqualTo(0));
        Assert.That(book.RejectedCount, Is.EqualTo(7));
    }
}
