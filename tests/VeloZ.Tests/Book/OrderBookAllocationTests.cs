using System;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

[TestFixture]
public sealed class OrderBookAllocationTests
{
    private static void MatchingRound(OrderBook book, BookCommand[] commands, BookEvent[] events)
    {
        int done = 0;
        while (done < commands.Length) done += book.Apply(commands.AsSpan(done), events, out _);
        while (book.DrainEvents(events) > 0)
        {
        }
    }

    private static BookCommand[] SteadyFlow(long idBase)
    {
        // Submit / modify / reduce / trade / cancel of 200 orders; every order is gone at the end.
        var commands = new System.Collections.Generic.List<BookCommand>();
        for (int i = 0; i < 200; i++)
        {
            long id = idBase + i;
            Side side = i % 2 == 0 ? Side.Buy : Side.Sell;
            long price = side == Side.Buy ? 1_000 - i % 20 : 1_001 + i % 20;
            commands.Add(BookCommand.Limit(id, side, price, 10, owner: (uint)(i % 3)));
            commands.Add(BookCommand.Modify(id, price + (side == Side.Buy ? -1 : 1), 12));
            commands.Add(BookCommand.Reduce(id, 2));
        }

        commands.Add(BookCommand.Limit(idBase + 500, Side.Buy, 1_005, 25, TimeInForce.Ioc));
        commands.Add(BookCommand.Market(idBase + 501, Side.Sell, 25));
        for (int i = 0; i < 200; i++) commands.Add(BookCommand.Cancel(idBase + i));
        return commands.ToArray();
    }

    [Test]
    public void Steady_state_submit_modify_cancel_loop_allocates_nothing()
    {
        var book = new OrderBook(new OrderBookConfig { ExpectedOrders = 1024, ExpectedLevels = 256 });
        var events = new BookEvent[256];
        BookCommand[][] rounds = { SteadyFlow(1), SteadyFlow(10_000) };
        for (int warm = 0; warm < 20; warm++) MatchingRound(book, rounds[warm % 2], events);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++) MatchingRound(book, rounds[i % 2], events);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(book.TradeCount, Is.GreaterThan(0));
        Assert.That(allocated, Is.EqualTo(0));
    }

    [Test]
    public void Single_command_methods_and_queries_allocate_nothing_in_steady_state()
    {
        var book = new OrderBook(new OrderBookConfig { ExpectedOrders = 1024, ExpectedLevels = 256 });
        var events = new BookEvent[64];
        var depth = new Level[10];
        void Round()
        {
            for (int i = 1; i <= 100; i++) book.Submit(i, Side.Buy, 1_000 - i % 10, 5);
            for (int i = 1; i <= 100; i += 2) book.Modify(i, 990, 6);
            book.SubmitMarket(1_000, Side.Sell, 30, protectionPrice: 995);
            book.GetDepth(Side.Buy, depth);
            book.TryGetOrder(50, out _);
            book.ComputeStateHash();
            for (int i = 1; i <= 100; i++) book.Cancel(i);
            while (book.DrainEvents(events) > 0)
            {
            }
        }

        for (int warm = 0; warm < 20; warm++) Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Round();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
    }

    [Test]
    public void Mirror_replay_loop_allocates_nothing_in_steady_state()
    {
        var book = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror, ExpectedOrders = 1024 });
        var commands = new System.Collections.Generic.List<BookCommand>();
        for (int i = 1; i <= 300; i++) commands.Add(BookCommand.Add(i, i % 2 == 0 ? Side.Buy : Side.Sell, 5_000 + i % 40, 10));
        for (int i = 1; i <= 300; i += 3) commands.Add(BookCommand.Execute(i, 4));
        for (int i = 2; i <= 300; i += 3) commands.Add(BookCommand.Reduce(i, 4));
        for (int i = 1; i <= 300; i += 5) commands.Add(BookCommand.Replace(i, i + 1000, 5_010, 3));
        commands.Add(BookCommand.Delete(99_999));
        for (int i = 1; i <= 300; i++) commands.Add(BookCommand.Delete(i % 5 == 1 ? i + 1000 : i));
        BookCommand[] flow = commands.ToArray();
        var events = new BookEvent[128];

        for (int warm = 0; warm < 20; warm++) MatchingRound(book, flow, events);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++) MatchingRound(book, flow, events);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
        Assert.That(book.OrderCount, Is.EqualTo(0));
    }
}
