using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// Replays the LOBSTER AMZN day (level-1 files) through a mirror book and checks it against the
/// exchange's own book file wherever level-1 data pins the answer down exactly.
/// </summary>
/// <remarks>
/// What 1-level data can prove: in a book row, the size at a price of one side is known exactly when
/// the price is that side's best (its size), better than the best (0), or the side is empty (0);
/// deeper prices are unknown. The message file holds only events that touched level 1, so orders
/// resting before the open or added deeper are never announced (events naming them are unknown ids),
/// and changes made to a known order while it sat deeper are missing too. So the exact checks are:
/// every event changes our size at its price and side by exactly what it says (+size add, -size
/// partial cancel and execution, the whole remainder for a delete, nothing for an unknown id or a
/// hidden execution); a known order's price and side match the message; and wherever the event's
/// price is visible in both rows around it, our change equals the exchange's change, which the file
/// itself makes equal to +size/-size/0. The one way our change may differ there is a delete whose
/// size is not our remainder (a deep partial cancel went unannounced); such events are counted.
/// </remarks>
[TestFixture]
public sealed class LobsterReplayTests
{
    private const long TickSize = 100; // LOBSTER prices are dollars x 10,000; AMZN trades in cents

    private static long? SizeKnownAt(in LobsterData.BookRow row, int direction, long price)
    {
        if (direction == 1)
        {
            if (row.BidPrice == LobsterData.EmptyBid || price > row.BidPrice) return 0;
            return price == row.BidPrice ? row.BidSize : null;
        }

        if (row.AskPrice == LobsterData.EmptyAsk || price < row.AskPrice) return 0;
        return price == row.AskPrice ? row.AskSize : null;
    }

    private static long OurSize(OrderBook book, Side side, long lobsterPrice) =>
        lobsterPrice % TickSize != 0 ? 0 : book.GetLevel(side, lobsterPrice / TickSize).Quantity;

    [Test]
    public void Amzn_day_replayed_in_mirror_mode_changes_sizes_exactly_as_the_exchange_book_says()
    {
        string dir = LobsterData.Directory();
        List<LobsterData.Message> messages = LobsterData.ReadMessages(dir);
        List<LobsterData.BookRow> rows = LobsterData.ReadRows(dir);
        Assert.That(rows, Has.Count.EqualTo(messages.Count));

        var book = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 1 << 14 });
        var events = new BookEvent[64];
        var byType = new int[8];
        int unknown = 0, visibleChecked = 0, visibleUnknown = 0, staleDeletes = 0;
        long executedVolume = 0;

        for (int i = 0; i < messages.Count; i++)
        {
            LobsterData.Message m = messages[i];
            byType[m.Type]++;
            Side side = m.Direction == 1 ? Side.Buy : Side.Sell;
            long before = OurSize(book, side, m.Price);
            long expectedChange = 0;
            bool knownOrder = false;
            bool staleDelete = false;
            BookCommand command = default;

            if (m.Type is >= 1 and <= 4)
            {
                Assert.That(m.Price % TickSize, Is.EqualTo(0), $"message {i + 1}: price {m.Price} is not a whole cent");
                long ticks = m.Price / TickSize;
                if (m.Type == 1)
                {
                    command = BookCommand.Add(m.OrderId, side, ticks, m.Size);
                    expectedChange = m.Size;
                    knownOrder = true;
                }
                else if (book.TryGetOrder(m.OrderId, out OrderInfo info))
                {
                    knownOrder = true;
                    Assert.That((info.Side, info.Price), Is.EqualTo((side, ticks)), $"message {i + 1}: order {m.OrderId} side/price");
                    if (m.Type == 3)
                    {
                        command = BookCommand.Delete(m.OrderId);
                        expectedChange = -info.RemainingQuantity;
                        staleDelete = info.RemainingQuantity != m.Size;
                    }
                    else
                    {
                        Assert.That(m.Size, Is.LessThanOrEqualTo(info.RemainingQuantity), $"message {i + 1}: more than order {m.OrderId} has");
                        command = m.Type == 2 ? BookCommand.Reduce(m.OrderId, m.Size) : BookCommand.Execute(m.OrderId, m.Size);
                        expectedChange = -m.Size;
                    }
                }
                else
                {
                    command = m.Type switch
                    {
                        2 => BookCommand.Reduce(m.OrderId, m.Size),
                        3 => BookCommand.Delete(m.OrderId),
                        _ => BookCommand.Execute(m.OrderId, m.Size),
                    };
                    unknown++;
                }

                int consumed = book.Apply(new ReadOnlySpan<BookCommand>(in command), events, out int written);
                Assert.That(consumed, Is.EqualTo(1));
                Assert.That(book.PendingEventCount, Is.EqualTo(0));
                BookEvent first = events[0];
                if (knownOrder)
                {
                    Assert.That(first.Type, Is.Not.EqualTo(BookEventType.Rejected), $"message {i + 1}: {first}");
                }
                else
                {
                    Assert.That((written, first.RejectReason), Is.EqualTo((1, BookResult.UnknownOrder)), $"message {i + 1}");
                }

                if (m.Type == 4 && knownOrder)
                {
                    Assert.That((first.Type, first.OrderId, first.Quantity, first.Price), Is.EqualTo((BookEventType.Trade, m.OrderId, m.Size, ticks)));
                    executedVolume += m.Size;
                }
            }

            long change = OurSize(book, side, m.Price) - before;
            Assert.That(change, Is.EqualTo(expectedChange), $"message {i + 1} (type {m.Type}, order {m.OrderId}): our size change");

            if (i == 0 || m.Type > 5) continue;
            long? was = SizeKnownAt(rows[i - 1], m.Direction, m.Price);
            long? now = SizeKnownAt(rows[i], m.Direction, m.Price);
            if (was is null || now is null) continue;
            long exchangeChange = now.Value - was.Value;
            long announced = m.Type switch { 1 => m.Size, 5 => 0, _ => -m.Size };
            Assert.That(exchangeChange, Is.EqualTo(announced), $"message {i + 1}: the data's own size change");
            if (m.Type != 5 && !knownOrder)
            {
                visibleUnknown++;
                continue;
            }

            if (staleDelete)
            {
                staleDeletes++;
                continue;
            }

            Assert.That(change, Is.EqualTo(exchangeChange), $"message {i + 1} (type {m.Type}, order {m.OrderId}): change vs the exchange book");
            visibleChecked++;
        }

        TestContext.Out.WriteLine($"{messages.Count} messages: add {byType[1]}, partial cancel {byType[2]}, delete {byType[3]}, execute {byType[4]}, hidden execution {byType[5]}, cross {byType[6]}, halt {byType[7]}");
        TestContext.Out.WriteLine($"events naming an unknown order id: {unknown} (book counter {book.UnknownOrderCount})");
        TestContext.Out.WriteLine($"size changes checked against the exchange book: {visibleChecked}; visible but unknown id: {visibleUnknown}; deletes after an unannounced deep change: {staleDeletes}");
        TestContext.Out.WriteLine($"resting at the close: {book.OrderCount} orders, {book.BidLevelCount} bid / {book.AskLevelCount} ask levels; traded {book.TradeVolume} in {book.TradeCount} executions");

        Assert.That(book.UnknownOrderCount, Is.EqualTo(unknown));
        Assert.That(book.TradeVolume, Is.EqualTo(executedVolume));
        Assert.That(visibleChecked, Is.GreaterThan(messages.Count / 2), "most events must be checkable against the exchange book");
    }
}
