using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Abi;

/// <summary>
/// veloz_book_apply over command batches: whatever the event buffer's size (1, 0, random, huge), the caller sees
/// exactly the events and final book of one big call, in order, and every call makes progress.
/// </summary>
[TestFixture]
public unsafe class BookApplyAbiTests
{
    private static int SeedFromEnvironment()
    {
        int seed = Environment.GetEnvironmentVariable("VELOZ_TEST_SEED") is string s ? int.Parse(s) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_TEST_SEED to repeat)");
        return seed;
    }

    /// <summary>A matching-mode flow with trades, cancels, modifies, replaces, IOC/FOK, markets and rejects.</summary>
    private static BookCommand[] RandomFlow(int seed, int count)
    {
        var random = new Random(seed);
        var commands = new BookCommand[count];
        long nextId = 1;
        for (int i = 0; i < count; i++)
        {
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long price = 1000 + random.Next(-15, 16);
            long quantity = random.Next(1, 30);
            long someId = random.Next(1, (int)nextId + 2); // sometimes unknown
            commands[i] = random.Next(20) switch
            {
                < 9 => BookCommand.Limit(nextId++, side, price, quantity),
                9 => BookCommand.Limit(nextId++, side, price, quantity, TimeInForce.Ioc),
                10 => BookCommand.Limit(nextId++, side, price, quantity * 5, TimeInForce.Fok),
                11 => BookCommand.Market(nextId++, side, quantity),
                12 => BookCommand.Limit(nextId++, side, price, quantity, flags: OrderFlags.PostOnly),
                13 or 14 => BookCommand.Cancel(someId),
                15 => BookCommand.Reduce(someId, random.Next(1, 5)),
                16 => BookCommand.Modify(someId, price, quantity),
                17 => BookCommand.Replace(someId, nextId++, price, quantity),
                18 => BookCommand.Limit(random.Next(0, 3), side, price, random.Next(-1, 2)), // invalid or duplicate
                _ => BookCommand.Execute(someId, 1), // wrong mode
            };
        }
        return commands;
    }

    /// <summary>Feeds the whole batch through veloz_book_apply with the given capacity per call; returns all events.</summary>
    private static List<BookEvent> ApplyAll(nint book, BookCommand[] commands, Func<int> capacityPerCall, out int calls)
    {
        var events = new List<BookEvent>();
        var buffer = new BookEvent[1024];
        int position = 0;
        calls = 0;
        fixed (BookCommand* c = commands)
        fixed (BookEvent* e = buffer)
        {
            while (position < commands.Length)
            {
                int capacity = capacityPerCall();
                int consumed = -1, written = -1;
                AbiAssert.Ok(LibVelozBook.Apply(book, c + position, commands.Length - position, &consumed, capacity == 0 ? null : e, capacity, &written), "veloz_book_apply");
                calls++;
                Assert.That(consumed, Is.InRange(1, commands.Length - position), $"call {calls}: every call with commands left processes at least one");
                Assert.That(written, Is.InRange(0, capacity), $"call {calls}: written within capacity");
                for (int i = 0; i < written; i++)
                    events.Add(buffer[i]);
                position += consumed;
            }
        }
        events.AddRange(LibVelozBook.DrainAll(book));
        Assert.That(LibVelozBook.PendingEvents(book), Is.Zero);
        return events;
    }

    private static (List<BookEvent> Events, ulong Hash) Reference(BookCommand[] commands)
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            List<BookEvent> events = ApplyAll(book, commands, () => 1024, out int calls);
            TestContext.Out.WriteLine($"reference: {commands.Length} commands, {events.Count} events, {calls} calls");
            return (events, LibVelozBook.HashOf(book));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [TestCase(1)]
    [TestCase(0)]
    [TestCase(2)]
    [TestCase(3)]
    public void Apply_with_a_tiny_event_buffer_loses_no_event_compared_with_one_big_buffer(int capacity)
    {
        int seed = SeedFromEnvironment();
        BookCommand[] commands = RandomFlow(seed, 5000);
        (List<BookEvent> expected, ulong expectedHash) = Reference(commands);
        Assert.That(expected.Select(e => e.Type).Distinct().Count(), Is.EqualTo(6), "the flow produces every event type");

        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            List<BookEvent> events = ApplyAll(book, commands, () => capacity, out int calls);
            TestContext.Out.WriteLine($"capacity {capacity}: {calls} calls");
            Assert.That(events, Has.Count.EqualTo(expected.Count));
            Assert.That(events, Is.EqualTo(expected));
            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(expectedHash));
            if (capacity == 0)
                Assert.That(calls, Is.EqualTo(commands.Length), "with no room for events, each call processes exactly one command");
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Apply_with_random_buffer_sizes_per_call_loses_no_event()
    {
        int seed = SeedFromEnvironment();
        BookCommand[] commands = RandomFlow(seed, 5000);
        (List<BookEvent> expected, ulong expectedHash) = Reference(commands);
        var sizes = new Random(seed ^ 0x5151);
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            List<BookEvent> events = ApplyAll(book, commands, () => sizes.Next(0, 9), out _);
            Assert.That(events, Is.EqualTo(expected));
            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(expectedHash));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Events_are_numbered_by_command_and_apply_reports_rejects_as_events_with_status_ok()
    {
        BookCommand[] commands =
        {
            BookCommand.Limit(1, Side.Sell, 100, 5),
            BookCommand.Limit(1, Side.Sell, 100, 5),  // duplicate
            BookCommand.Cancel(77),                   // unknown
            BookCommand.Limit(2, Side.Buy, 100, 2),
        };
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            var events = new BookEvent[32];
            int consumed, written;
            fixed (BookCommand* c = commands)
            fixed (BookEvent* e = events)
                AbiAssert.Ok(LibVelozBook.Apply(book, c, commands.Length, &consumed, e, events.Length, &written), "veloz_book_apply");
            Assert.That(consumed, Is.EqualTo(4));
            BookEvent[] got = events.Take(written).ToArray();
            Assert.That(got.Where(x => x.Type == BookEventType.Rejected).Select(x => (x.Sequence, x.RejectReason)),
                Is.EqualTo(new[] { (2L, BookResult.DuplicateId), (3L, BookResult.UnknownOrder) }));
            Assert.That(got.Select(x => x.Sequence), Is.Ordered);
            Assert.That(got.Single(x => x.Type == BookEventType.Trade).Sequence, Is.EqualTo(4));
            BookStats stats = LibVelozBook.StatsOf(book);
            Assert.That((stats.CommandCount, stats.RejectedCount, stats.UnknownOrderCount), Is.EqualTo((4L, 2L, 1L)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Events_queued_by_single_calls_come_out_of_apply_first()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            BookCommand first = BookCommand.Limit(1, Side.Buy, 100, 1);
            AbiAssert.Ok(LibVelozBook.Submit(book, &first), "veloz_book_submit");
            Assert.That(LibVelozBook.PendingEvents(book), Is.EqualTo(2));
            BookCommand second = BookCommand.Limit(2, Side.Buy, 99, 1);
            var events = new BookEvent[8];
            int consumed, written;
            fixed (BookEvent* e = events)
                AbiAssert.Ok(LibVelozBook.Apply(book, &second, 1, &consumed, e, events.Length, &written), "veloz_book_apply");
            Assert.That((consumed, written), Is.EqualTo((1, 4)));
            Assert.That(events.Take(4).Select(x => (x.Sequence, x.OrderId, x.Type)), Is.EqualTo(new[]
            {
                (1L, 1L, BookEventType.Accepted), (1L, 0L, BookEventType.LevelChanged),
                (2L, 2L, BookEventType.Accepted), (2L, 0L, BookEventType.LevelChanged),
            }));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Apply_with_no_commands_drains_queued_events_up_to_capacity()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            for (int i = 1; i <= 3; i++)
            {
                BookCommand c = BookCommand.Limit(i, Side.Sell, 100 + i, 1);
                AbiAssert.Ok(LibVelozBook.Submit(book, &c), "veloz_book_submit");
            }
            var events = new BookEvent[4];
            int consumed = -1, written = -1;
            fixed (BookEvent* e = events)
                AbiAssert.Ok(LibVelozBook.Apply(book, null, 0, &consumed, e, events.Length, &written), "veloz_book_apply");
            Assert.That((consumed, written, LibVelozBook.PendingEvents(book)), Is.EqualTo((0, 4, 2L)));
            AbiAssert.Ok(LibVelozBook.Apply(book, null, 0, &consumed, null, 0, &written), "veloz_book_apply");
            Assert.That((consumed, written, LibVelozBook.PendingEvents(book)), Is.EqualTo((0, 0, 2L)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Apply_stops_after_the_command_whose_events_did_not_fit_and_keeps_the_rest_queued()
    {
        BookCommand[] commands = Enumerable.Range(1, 10).Select(i => BookCommand.Limit(i, Side.Buy, 100 - i, 1)).ToArray();
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            // Each order gives two events (Accepted, LevelChanged); three slots hold command 1 and half of command 2.
            var events = new BookEvent[3];
            int consumed, written;
            fixed (BookCommand* c = commands)
            fixed (BookEvent* e = events)
                AbiAssert.Ok(LibVelozBook.Apply(book, c, commands.Length, &consumed, e, events.Length, &written), "veloz_book_apply");
            Assert.That((consumed, written, LibVelozBook.PendingEvents(book)), Is.EqualTo((2, 3, 1L)));
            Assert.That(LibVelozBook.DrainAll(book).Single().Sequence, Is.EqualTo(2));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }
}
