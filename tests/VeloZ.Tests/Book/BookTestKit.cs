using System;
using System.Collections.Generic;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>Small helpers shared by the order book tests.</summary>
internal static class BookTestKit
{
    /// <summary>The seed of a randomized test: VELOZ_SEED when set (to replay a printed seed), else <paramref name="fallback"/>.</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("VELOZ_SEED"), out int seed) ? seed : fallback;

    public static OrderBook Matching(SelfTradePrevention stp = SelfTradePrevention.CancelTaker) =>
        new(new OrderBookConfig { Mode = BookMode.Matching, ExpectedOrders = 64, ExpectedLevels = 16, SelfTradePrevention = stp, MaxPrice = 10_000_000 });

    public static OrderBook Mirror() =>
        new(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 64, ExpectedLevels = 16, MaxPrice = 10_000_000 });

    /// <summary>Takes every queued event out of the book.</summary>
    public static List<BookEvent> Drain(OrderBook book)
    {
        var events = new List<BookEvent>();
        var buffer = new BookEvent[16];
        int n;
        while ((n = book.DrainEvents(buffer)) > 0)
        {
            for (int i = 0; i < n; i++) events.Add(buffer[i]);
        }

        return events;
    }

    public static List<BookEvent> OfType(this List<BookEvent> events, BookEventType type)
    {
        var selected = new List<BookEvent>();
        foreach (BookEvent e in events)
        {
            if (e.Type == type) selected.Add(e);
        }

        return selected;
    }

    /// <summary>Order ids of one price level, front of the queue first (by asking each order what is ahead of it).</summary>
    public static List<long> QueueAt(OrderBook book, params long[] ids)
    {
        var byPosition = new SortedDictionary<int, long>();
        foreach (long id in ids)
        {
            if (book.TryGetOrder(id, out OrderInfo info)) byPosition.Add(info.OrdersAhead, id);
        }

        return new List<long>(byPosition.Values);
    }
}
