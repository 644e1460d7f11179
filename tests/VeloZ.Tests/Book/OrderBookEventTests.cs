using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

[TestFixture]
public sealed class OrderBookEventTests
{
    private static BookCommand[] SweepingFlow()
    {
        var commands = new List<BookCommand>();
        for (long id = 1; id <= 20; id++) commands.Add(BookCommand.Limit(id, Side.Sell, 100 + id % 5, 3));
        commands.Add(BookCommand.Limit(100, Side.Buy, 110, 50));
        commands.Add(BookCommand.Cancel(999));
        commands.Add(BookCommand.Limit(101, Side.Buy, 90, 2));
        return commands.ToArray();
    }

    private static List<BookEvent> AllEventsAtOnce(BookCommand[] commands)
    {
        OrderBook book = BookTestKit.Matching();
        var buffer = new BookEvent[10_000];
        int consumed = book.Apply(commands, buffer, out int written);
        Assert.That(consumed, Is.EqualTo(commands.Length));
        Assert.That(book.PendingEventCount, Is.EqualTo(0));
        return new List<BookEvent>(buffer.AsSpan(0, written).ToArray());
    }

    [Test]
    public void Apply_with_a_zero_capacity_buffer_still_progresses_one_command_per_call_and_loses_nothing()
    {
        BookCommand[] commands = SweepingFlow();
        List<BookEvent> expected = AllEventsAtOnce(commands);
        OrderBook book = BookTestKit.Matching();

        int done = 0;
        int calls = 0;
        while (done < commands.Length)
        {
            int consumed = book.Apply(commands.AsSpan(done), Span<BookEvent>.Empty, out int written);
            Assert.That(written, Is.EqualTo(0));
            Assert.That(consumed, Is.EqualTo(1));
            done += consumed;
            calls++;
        }

        Assert.That(calls, Is.EqualTo(commands.Length));
        Assert.That(BookTestKit.Drain(book), Is.EqualTo(expected));
    }

    [TestCase(1, true)]
    [TestCase(2, true)]
    [TestCase(7, true)]
    [TestCase(1, false)]
    [TestCase(3, false)]
    public void Apply_with_a_small_buffer_stops_after_the_command_that_filled_it_and_the_rest_drains_later(int capacity, bool drainBetween)
    {
        BookCommand[] commands = SweepingFlow();
        List<BookEvent> expected = AllEventsAtOnce(commands);
        OrderBook book = BookTestKit.Matching();
        var received = new List<BookEvent>();
        var buffer = new BookEvent[capacity];

        int done = 0;
        while (done < commands.Length || book.PendingEventCount > 0)
        {
            int consumed = book.Apply(commands.AsSpan(done), buffer, out int written);
            Assert.That(consumed, Is.GreaterThanOrEqualTo(done < commands.Length ? 1 : 0));
            for (int i = 0; i < written; i++) received.Add(buffer[i]);
            done += consumed;
            if (drainBetween && book.PendingEventCount > 0)
            {
                // Events beyond the buffer are queued, never dropped; without this drain they come
                // first out of the next Apply.
                int n = book.DrainEvents(buffer);
                for (int i = 0; i < n; i++) received.Add(buffer[i]);
            }
        }

        Assert.That(received, Is.EqualTo(expected));
    }

    [Test]
    public void Events_carry_the_sequence_of_their_command_counting_rejected_ones()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 1);
        book.Cancel(42);
        book.Submit(2, Side.Buy, 51, 1);

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => (e.Sequence, e.Type)), Is.EqualTo(new[]
        {
            (1L, BookEventType.Accepted), (1L, BookEventType.LevelChanged), (2L, BookEventType.Rejected),
            (3L, BookEventType.Accepted), (3L, BookEventType.LevelChanged),
        }));
        Assert.That(book.CommandCount, Is.EqualTo(3));
    }

    [Test]
    public void Level_events_report_new_totals_order_count_and_the_top_of_book_flag()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Buy, 50, 2);
        book.Submit(2, Side.Buy, 50, 3);
        book.Submit(3, Side.Buy, 49, 4);
        book.Cancel(1);
        book.Cancel(2);

        List<BookEvent> levels = BookTestKit.Drain(book).OfType(BookEventType.LevelChanged);
        Assert.That(levels.ConvertAll(e => (e.Side, e.Price, e.Quantity, e.OrderCount, e.IsTopOfBook)), Is.EqualTo(new[]
        {
            (Side.Buy, 50L, 2L, 1, true), (Side.Buy, 50L, 5L, 2, true), (Side.Buy, 49L, 4L, 1, false),
            (Side.Buy, 50L, 3L, 1, true), (Side.Buy, 50L, 0L, 0, true),
        }));
    }

    [Test]
    public void A_sweep_reports_each_level_it_leaves_once_with_its_final_state()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2);
        book.Submit(2, Side.Sell, 100, 2);
        book.Submit(3, Side.Sell, 101, 5);
        BookTestKit.Drain(book);

        book.Submit(4, Side.Buy, 101, 6);

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.ConvertAll(e => e.Type), Is.EqualTo(new[]
        {
            BookEventType.Accepted,
            BookEventType.Trade, BookEventType.OrderDone, BookEventType.Trade, BookEventType.OrderDone, BookEventType.LevelChanged,
            BookEventType.Trade, BookEventType.LevelChanged,
            BookEventType.OrderDone,
        }));
        List<BookEvent> levels = events.OfType(BookEventType.LevelChanged);
        Assert.That(levels.ConvertAll(e => (e.Price, e.Quantity, e.OrderCount)), Is.EqualTo(new[] { (100L, 0L, 0), (101L, 3L, 1) }));
    }

    [Test]
    public void Level_events_can_be_turned_off()
    {
        var book = new OrderBook(new OrderBookConfig { LevelEvents = false });
        book.Submit(1, Side.Sell, 100, 2);
        book.Submit(2, Side.Buy, 100, 1);
        book.Cancel(1);

        List<BookEvent> events = BookTestKit.Drain(book);
        Assert.That(events.OfType(BookEventType.LevelChanged), Is.Empty);
        Assert.That(events.OfType(BookEventType.Trade), Has.Count.EqualTo(1));
    }

    [Test]
    public void Discard_events_empties_the_queue()
    {
        OrderBook book = BookTestKit.Matching();
        book.Submit(1, Side.Sell, 100, 2);
        Assert.That(book.PendingEventCount, Is.GreaterThan(0));
        book.DiscardEvents();
        Assert.That(book.PendingEventCount, Is.EqualTo(0));
    }
}
