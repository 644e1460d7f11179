using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

[TestFixture]
public sealed class OrderBookMirrorTests
{
    [Test]
    public void Added_order_rests_without_matching_even_when_it_crosses()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Sell, 100, 5);

        Assert.That(book.Add(2, Side.Buy, 101, 5), Is.EqualTo(BookResult.Ok));

        Assert.That(book.TradeCount, Is.EqualTo(0));
        Assert.That(book.GetTopOfBook().Bid.Price, Is.EqualTo(101));
        Assert.That(book.GetTopOfBook().Ask.Price, Is.EqualTo(100));
    }

    [Test]
    public void Execute_trades_part_of_a_resting_order_at_its_price_and_keeps_its_place()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Buy, 100, 5);
        book.Add(2, Side.Buy, 100, 5);
        BookTestKit.Drain(book);

        Assert.That(book.Execute(1, 2), Is.EqualTo(BookResult.Ok));

        List<BookEvent> events = BookTestKit.Drain(book);
        BookEvent trade = events[0];
        Assert.That(trade.Type, Is.EqualTo(BookEventType.Trade));
        Assert.That((trade.OrderId, trade.OtherOrderId, trade.Price, trade.Quantity, trade.RemainingQuantity, trade.Side),
            Is.EqualTo((1L, 0L, 100L, 2L, 3L, Side.Sell)));
        Assert.That(events[1].Type, Is.EqualTo(BookEventType.LevelChanged));
        Assert.That(events[1].Quantity, Is.EqualTo(8));
        Assert.That(BookTestKit.QueueAt(book, 1, 2), Is.EqualTo(new[] { 1L, 2L }));
    }

    [Test]
    public void Execute_of_the_whole_remainder_removes_the_order_as_filled()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Sell, 100, 5);
        BookTestKit.Drain(book);

        book.Execute(1, 5);

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => e.Type), Is.EqualTo(new[] { BookEventType.Trade, BookEventType.OrderDone, BookEventType.LevelChanged }));
        Assert.That(events[1].DoneReason, Is.EqualTo(OrderDoneReason.Filled));
        Assert.That(book.TryGetBestAsk(out _), Is.False);
    }

    [Test]
    public void Execute_of_more_than_remains_is_rejected_and_changes_nothing()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Sell, 100, 5);
        ulong before = book.ComputeStateHash();

        Assert.That(book.Execute(1, 6), Is.EqualTo(BookResult.InvalidQuantity));
        Assert.That(book.ComputeStateHash(), Is.EqualTo(before));
    }

    [Test]
    public void Events_naming_an_unknown_order_are_counted_and_rejected_not_fatal()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Sell, 100, 5);
        BookTestKit.Drain(book);

        Assert.That(book.Execute(77, 1), Is.EqualTo(BookResult.UnknownOrder));
        Assert.That(book.Reduce(78, 1), Is.EqualTo(BookResult.UnknownOrder));
        Assert.That(book.Delete(79), Is.EqualTo(BookResult.UnknownOrder));
        Assert.That(book.Replace(80, 81, 100, 1), Is.EqualTo(BookResult.UnknownOrder));

        Assert.That(book.UnknownOrderCount, Is.EqualTo(4));
        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => (e.RejectReason, e.OrderId)), Is.EqualTo(new[]
        {
            (BookResult.UnknownOrder, 77L), (BookResult.UnknownOrder, 78L), (BookResult.UnknownOrder, 79L), (BookResult.UnknownOrder, 80L),
        }));
        Assert.That(book.Add(2, Side.Sell, 101, 1), Is.EqualTo(BookResult.Ok), "the book carries on");
    }

    [Test]
    public void Reduce_is_a_partial_cancel_that_keeps_priority()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Buy, 100, 5);
        book.Add(2, Side.Buy, 100, 5);

        book.Reduce(1, 3);

        Assert.That(book.TryGetOrder(1, out OrderInfo info), Is.True);
        Assert.That((info.RemainingQuantity, info.OrdersAhead), Is.EqualTo((2L, 0)));
        Assert.That(book.GetLevel(Side.Buy, 100).Quantity, Is.EqualTo(7));
    }

    [Test]
    public void Replace_is_itch_u_new_id_new_price_same_side_at_the_back_without_matching()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Buy, 100, 5);
        book.Add(2, Side.Buy, 101, 5);
        book.Add(3, Side.Sell, 103, 5);

        Assert.That(book.Replace(1, 4, 104, 2), Is.EqualTo(BookResult.Ok));

        Assert.That(book.TradeCount, Is.EqualTo(0));
        Assert.That(book.TryGetOrder(4, out OrderInfo info), Is.True);
        Assert.That((info.Side, info.Price, info.RemainingQuantity), Is.EqualTo((Side.Buy, 104L, 2L)));
        Assert.That(book.GetLevel(Side.Buy, 100).OrderCount, Is.EqualTo(0));
    }

    [Test]
    public void Submit_is_refused_in_a_mirror_book()
    {
        OrderBook book = BookTestKit.Mirror();
        Assert.That(book.Submit(1, Side.Buy, 100, 5), Is.EqualTo(BookResult.WrongMode));
        Assert.That(book.OrderCount, Is.EqualTo(0));
    }

    [Test]
    public void Modify_in_a_mirror_book_moves_the_order_without_matching()
    {
        OrderBook book = BookTestKit.Mirror();
        book.Add(1, Side.Sell, 100, 5);
        book.Add(2, Side.Buy, 90, 5);

        Assert.That(book.Modify(2, 105, 5), Is.EqualTo(BookResult.Ok));

        Assert.That(book.TradeCount, Is.EqualTo(0));
        Assert.That(book.GetTopOfBook().Bid.Price, Is.EqualTo(105));
    }
}
