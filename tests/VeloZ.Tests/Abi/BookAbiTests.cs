using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Abi;

/// <summary>The order book exports of libveloz.so: lifecycle, configuration and every function's normal use.</summary>
[TestFixture]
public unsafe class BookAbiTests
{
    private static int Submit(nint book, BookCommand command) => LibVelozBook.Submit(book, &command);

    private static void SubmitOk(nint book, BookCommand command) => AbiAssert.Ok(Submit(book, command), "veloz_book_submit");

    private static OrderInfo OrderOf(nint book, long id)
    {
        OrderInfo info;
        AbiAssert.Ok(LibVelozBook.Order(book, id, &info), "veloz_book_order");
        return info;
    }

    private static Level[] DepthOf(nint book, Side side, int capacity)
    {
        var levels = new Level[capacity];
        int written = -1;
        fixed (Level* p = levels)
            AbiAssert.Ok(LibVelozBook.Depth(book, (int)side, p, capacity, &written), "veloz_book_depth");
        return levels.Take(written).ToArray();
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------

    [Test]
    public void Create_with_null_config_gives_a_matching_book_without_snapshot()
    {
        nint book = 0;
        AbiAssert.Ok(LibVelozBook.Create(null, &book), "veloz_book_create");
        try
        {
            Assert.That(book, Is.Not.EqualTo((nint)0));
            SubmitOk(book, BookCommand.Limit(1, Side.Buy, 100, 5));
            AbiAssert.Status(LibVelozBook.Execute(book, 1, 1), VelozStatus.Rejected, "veloz_book_execute");
            TopOfBook top;
            AbiAssert.Status(LibVelozBook.ReadTop(book, &top), VelozStatus.State, "veloz_book_read_top");
            Assert.That(LibVelozBook.StatsOf(book).OrderCount, Is.EqualTo(1));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Destroyed_book_handle_is_invalid_and_destroying_it_again_or_null_is_a_no_op()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        LibVelozBook.Destroy(book);
        ulong hash;
        AbiAssert.Status(LibVelozBook.Hash(book, &hash), VelozStatus.InvalidHandle, "veloz_book_hash");
        Assert.That(LibVeloz.LastError(), Does.Contain("not a live order book"));
        LibVelozBook.Destroy(book);
        LibVelozBook.Destroy(0);
        Assert.That(LibVelozBook.PendingEvents(book), Is.Zero);
    }

    [Test]
    public void Many_books_live_side_by_side_with_their_own_state()
    {
        var books = Enumerable.Range(0, 20).Select(_ => LibVelozBook.CreateBook(LibVelozBook.Config())).ToArray();
        try
        {
            for (int i = 0; i < books.Length; i++)
                for (int j = 0; j <= i; j++)
                    SubmitOk(books[i], BookCommand.Limit(j + 1, Side.Sell, 1000 + j, 1));
            for (int i = 0; i < books.Length; i++)
                Assert.That(LibVelozBook.StatsOf(books[i]).OrderCount, Is.EqualTo(i + 1), $"book {i}");
        }
        finally
        {
            foreach (nint book in books)
                LibVelozBook.Destroy(book);
        }
    }

    // ---- configuration -----------------------------------------------------------------------------------

    private static BookConfig Spoil(string @case)
    {
        BookConfig c = LibVelozBook.Config();
        switch (@case)
        {
            case "mode 2": c.Mode = 2; break;
            case "mode -1": c.Mode = -1; break;
            case "expected_orders -1": c.ExpectedOrders = -1; break;
            case "expected_orders 2^28+1": c.ExpectedOrders = (1 << 28) + 1; break;
            case "expected_levels -7": c.ExpectedLevels = -7; break;
            case "snapshot_depth -1": c.SnapshotDepth = -1; break;
            case "snapshot_depth 4097": c.SnapshotDepth = 4097; break;
            case "flags 2": c.Flags = 2; break;
            case "price_window_ticks 100": c.PriceWindowTicks = 100; break;
            case "price_window_ticks 32": c.PriceWindowTicks = 32; break;
            case "price_window_ticks 2^21": c.PriceWindowTicks = 1 << 21; break;
            case "self_trade_prevention 4": c.SelfTradePrevention = 4; break;
            case "min_price -2^62-1": c.MinPrice = -(1L << 62) - 1; break;
            case "max_price 2^62+1": c.MaxPrice = (1L << 62) + 1; break;
            case "min_price above max_price": c.MinPrice = 500; c.MaxPrice = 400; break;
            case "struct_size 0": c.StructSize = 0; break;
            case "struct_size 3": c.StructSize = 3; break;
            case "struct_size 5000": c.StructSize = 5000; break;
            default: throw new ArgumentException(@case);
        }
        return c;
    }

    [TestCase("mode 2")]
    [TestCase("mode -1")]
    [TestCase("expected_orders -1")]
    [TestCase("expected_orders 2^28+1")]
    [TestCase("expected_levels -7")]
    [TestCase("snapshot_depth -1")]
    [TestCase("snapshot_depth 4097")]
    [TestCase("flags 2")]
    [TestCase("price_window_ticks 100")]
    [TestCase("price_window_ticks 32")]
    [TestCase("price_window_ticks 2^21")]
    [TestCase("self_trade_prevention 4")]
    [TestCase("min_price -2^62-1")]
    [TestCase("max_price 2^62+1")]
    [TestCase("min_price above max_price")]
    [TestCase("struct_size 0")]
    [TestCase("struct_size 3")]
    [TestCase("struct_size 5000")]
    public void Create_refuses_a_config_field_out_of_range_naming_it_and_stores_null(string @case)
    {
        BookConfig config = Spoil(@case);
        string field = @case.Split(' ')[0];
        nint book = 0x1234;
        AbiAssert.Status(LibVelozBook.Create(&config, &book), VelozStatus.InvalidArgument, "veloz_book_create");
        Assert.That(book, Is.EqualTo((nint)0), "out must be NULL after a failed create");
        Assert.That(LibVeloz.LastError(), Does.Contain(field));
    }

    [Test]
    public void Create_with_a_null_out_pointer_is_an_invalid_argument()
    {
        BookConfig config = LibVelozBook.Config();
        AbiAssert.Status(LibVelozBook.Create(&config, null), VelozStatus.InvalidArgument, "veloz_book_create");
        Assert.That(LibVeloz.LastError(), Does.Contain("out is NULL"));
    }

    [Test]
    public void Create_reads_only_the_fields_a_smaller_struct_size_holds()
    {
        // An "old" caller knows struct_size and mode only; what lies beyond is garbage it never set.
        BookConfig config = LibVelozBook.Config(BookConfig.ModeMirror);
        config.StructSize = 8;
        config.ExpectedOrders = -5;
        config.SelfTradePrevention = 99;
        config.MinPrice = 1000;
        nint book = LibVelozBook.CreateBook(config);
        try
        {
            // Mirror mode was read; min_price was not (price 5 is accepted under the default range).
            SubmitOk(book, BookCommand.Add(1, Side.Buy, 5, 10));
            AbiAssert.Ok(LibVelozBook.Execute(book, 1, 4), "veloz_book_execute");
            Assert.That(OrderOf(book, 1).RemainingQuantity, Is.EqualTo(6));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Create_with_a_struct_size_that_splits_a_field_ignores_that_field()
    {
        BookConfig config = LibVelozBook.Config(BookConfig.ModeMirror);
        config.StructSize = 6; // half of mode
        nint book = LibVelozBook.CreateBook(config);
        try
        {
            // mode did not fit whole, so it took its default: matching.
            SubmitOk(book, BookCommand.Limit(1, Side.Buy, 100, 1));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Price_range_of_the_config_is_enforced_by_submit()
    {
        BookConfig config = LibVelozBook.Config();
        config.MinPrice = 100;
        config.MaxPrice = 200;
        nint book = LibVelozBook.CreateBook(config);
        try
        {
            AbiAssert.Status(Submit(book, BookCommand.Limit(1, Side.Buy, 99, 1)), VelozStatus.InvalidArgument, "veloz_book_submit");
            Assert.That(LibVeloz.LastError(), Does.Contain("VELOZ_BOOK_REJECT_INVALID_PRICE").And.Contain("99").And.Contain("[100, 200]"));
            AbiAssert.Status(Submit(book, BookCommand.Limit(2, Side.Sell, 201, 1)), VelozStatus.InvalidArgument, "veloz_book_submit");
            SubmitOk(book, BookCommand.Limit(3, Side.Buy, 100, 1));
            SubmitOk(book, BookCommand.Limit(4, Side.Sell, 200, 1));
            Assert.That(LibVelozBook.StatsOf(book).OrderCount, Is.EqualTo(2));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Negative_min_price_admits_zero_and_negative_prices()
    {
        BookConfig config = LibVelozBook.Config();
        config.MinPrice = -1000;
        nint book = LibVelozBook.CreateBook(config);
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Buy, -5, 1));
            SubmitOk(book, BookCommand.Limit(2, Side.Buy, 0, 1));
            Assert.That(LibVelozBook.BestOf(book).Bid.Price, Is.EqualTo(0));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void No_level_events_flag_suppresses_level_changed_events()
    {
        BookConfig config = LibVelozBook.Config();
        config.Flags = BookConfig.NoLevelEvents;
        nint quiet = LibVelozBook.CreateBook(config);
        nint loud = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            foreach (nint book in new[] { quiet, loud })
            {
                SubmitOk(book, BookCommand.Limit(1, Side.Sell, 100, 5));
                SubmitOk(book, BookCommand.Limit(2, Side.Buy, 100, 2));
            }
            List<BookEvent> quietEvents = LibVelozBook.DrainAll(quiet);
            List<BookEvent> loudEvents = LibVelozBook.DrainAll(loud);
            Assert.That(quietEvents.Count(e => e.Type == BookEventType.LevelChanged), Is.Zero);
            Assert.That(loudEvents.Count(e => e.Type == BookEventType.LevelChanged), Is.GreaterThan(0));
            Assert.That(loudEvents.Where(e => e.Type != BookEventType.LevelChanged), Is.EqualTo(quietEvents));
        }
        finally
        {
            LibVelozBook.Destroy(quiet);
            LibVelozBook.Destroy(loud);
        }
    }

    [Test]
    public void Config_self_trade_prevention_is_used_for_orders_that_ask_for_the_book_default()
    {
        BookConfig config = LibVelozBook.Config();
        config.SelfTradePrevention = (int)SelfTradePrevention.CancelMaker;
        nint book = LibVelozBook.CreateBook(config);
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Sell, 100, 5, owner: 7));
            SubmitOk(book, BookCommand.Limit(2, Side.Buy, 100, 5, owner: 7));
            // Cancel-maker: the resting sell is cancelled and the buy rests.
            AbiAssert.Status(LibVelozBook.Order(book, 1, null), VelozStatus.InvalidArgument, "veloz_book_order");
            OrderInfo info;
            AbiAssert.Status(LibVelozBook.Order(book, 1, &info), VelozStatus.NotFound, "veloz_book_order");
            Assert.That(OrderOf(book, 2).SelfTradePrevention, Is.EqualTo(SelfTradePrevention.CancelMaker));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    // ---- single-command functions ------------------------------------------------------------------------

    [Test]
    public void Submit_matches_at_the_maker_price_and_queues_the_events_in_order()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Sell, 101, 10));
            SubmitOk(book, BookCommand.Limit(2, Side.Buy, 102, 4));
            Assert.That(LibVelozBook.PendingEvents(book), Is.EqualTo(6));
            List<BookEvent> events = LibVelozBook.DrainAll(book);
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[]
            {
                BookEventType.Accepted, BookEventType.LevelChanged,
                BookEventType.Accepted, BookEventType.Trade, BookEventType.LevelChanged, BookEventType.OrderDone,
            }));
            BookEvent trade = events[3];
            Assert.That((trade.OrderId, trade.OtherOrderId, trade.Price, trade.Quantity, trade.RemainingQuantity, trade.Side, trade.Sequence),
                Is.EqualTo((1L, 2L, 101L, 4L, 6L, Side.Buy, 2L)));
            Assert.That(events[5].DoneReason, Is.EqualTo(OrderDoneReason.Filled));
            Assert.That(LibVelozBook.PendingEvents(book), Is.Zero);

            TopOfBook top = LibVelozBook.BestOf(book);
            Assert.That((top.Ask.Price, top.Ask.Quantity, top.Ask.OrderCount, top.Bid.Quantity, top.Sequence), Is.EqualTo((101L, 6L, 1, 0L, 2L)));
            BookStats stats = LibVelozBook.StatsOf(book);
            Assert.That((stats.OrderCount, stats.AskLevelCount, stats.BidLevelCount, stats.TradeCount, stats.TradeVolume, stats.CommandCount),
                Is.EqualTo((1L, 1, 0, 1L, 4L, 2L)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Cancel_removes_the_order_and_a_second_cancel_is_not_found()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(5, Side.Buy, 100, 3));
            AbiAssert.Ok(LibVelozBook.Cancel(book, 5), "veloz_book_cancel");
            ulong empty = LibVelozBook.HashOf(book);
            AbiAssert.Status(LibVelozBook.Cancel(book, 5), VelozStatus.NotFound, "veloz_book_cancel");
            Assert.That(LibVeloz.LastError(), Does.Contain("VELOZ_BOOK_REJECT_UNKNOWN_ORDER").And.Contain("5"));
            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(empty));
            BookStats stats = LibVelozBook.StatsOf(book);
            Assert.That((stats.OrderCount, stats.UnknownOrderCount, stats.RejectedCount), Is.EqualTo((0L, 1L, 1L)));
            List<BookEvent> events = LibVelozBook.DrainAll(book);
            Assert.That(events.Last().Type, Is.EqualTo(BookEventType.Rejected));
            Assert.That(events.Last().RejectReason, Is.EqualTo(BookResult.UnknownOrder));
            Assert.That(events.Single(e => e.Type == BookEventType.OrderDone).CommandType, Is.EqualTo(BookCommandType.Cancel));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Cancel_in_a_mirror_book_is_a_delete_command()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config(BookConfig.ModeMirror));
        try
        {
            SubmitOk(book, BookCommand.Add(9, Side.Sell, 100, 3));
            AbiAssert.Ok(LibVelozBook.Cancel(book, 9), "veloz_book_cancel");
            BookEvent done = LibVelozBook.DrainAll(book).Single(e => e.Type == BookEventType.OrderDone);
            Assert.That((done.CommandType, done.DoneReason, done.Quantity), Is.EqualTo((BookCommandType.Delete, OrderDoneReason.Cancelled, 3L)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Reduce_keeps_queue_priority_and_reduces_what_is_ahead_of_the_next_order()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Buy, 100, 10));
            SubmitOk(book, BookCommand.Limit(2, Side.Buy, 100, 5));
            AbiAssert.Ok(LibVelozBook.Reduce(book, 1, 4), "veloz_book_reduce");
            OrderInfo first = OrderOf(book, 1);
            OrderInfo second = OrderOf(book, 2);
            Assert.That((first.RemainingQuantity, first.OrdersAhead), Is.EqualTo((6L, 0)));
            Assert.That((second.QuantityAhead, second.OrdersAhead), Is.EqualTo((6L, 1)));
            AbiAssert.Status(LibVelozBook.Reduce(book, 1, 7), VelozStatus.InvalidArgument, "veloz_book_reduce");
            Assert.That(LibVeloz.LastError(), Does.Contain("remaining 6"));
            AbiAssert.Ok(LibVelozBook.Reduce(book, 1, 6), "veloz_book_reduce");
            OrderInfo gone;
            AbiAssert.Status(LibVelozBook.Order(book, 1, &gone), VelozStatus.NotFound, "veloz_book_order");
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Modify_to_a_crossing_price_trades_and_to_a_new_price_loses_priority()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Buy, 100, 10));
            SubmitOk(book, BookCommand.Limit(2, Side.Buy, 99, 5));
            SubmitOk(book, BookCommand.Limit(3, Side.Sell, 105, 4));
            AbiAssert.Ok(LibVelozBook.Modify(book, 2, 100, 5), "veloz_book_modify");
            Assert.That(OrderOf(book, 2).OrdersAhead, Is.EqualTo(1));
            AbiAssert.Ok(LibVelozBook.Modify(book, 1, 105, 10), "veloz_book_modify");
            Assert.That(OrderOf(book, 1).RemainingQuantity, Is.EqualTo(6));
            Assert.That(LibVelozBook.StatsOf(book).TradeVolume, Is.EqualTo(4));
            AbiAssert.Status(LibVelozBook.Modify(book, 1, 105, 0), VelozStatus.InvalidArgument, "veloz_book_modify");
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Replace_moves_the_order_to_its_new_id_and_refuses_a_resting_new_id()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Sell, 110, 10));
            SubmitOk(book, BookCommand.Limit(2, Side.Sell, 111, 10));
            AbiAssert.Ok(LibVelozBook.Replace(book, 1, 11, 112, 7), "veloz_book_replace");
            OrderInfo info;
            AbiAssert.Status(LibVelozBook.Order(book, 1, &info), VelozStatus.NotFound, "veloz_book_order");
            Assert.That((OrderOf(book, 11).Price, OrderOf(book, 11).RemainingQuantity), Is.EqualTo((112L, 7L)));
            ulong before = LibVelozBook.HashOf(book);
            AbiAssert.Status(LibVelozBook.Replace(book, 11, 2, 113, 1), VelozStatus.Duplicate, "veloz_book_replace");
            Assert.That(LibVeloz.LastError(), Does.Contain("new order id 2"));
            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(before));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Execute_in_a_mirror_book_trades_without_a_taker()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config(BookConfig.ModeMirror));
        try
        {
            SubmitOk(book, BookCommand.Add(1, Side.Buy, 100, 10));
            SubmitOk(book, BookCommand.Add(2, Side.Sell, 99, 10)); // a mirror book may be crossed
            AbiAssert.Ok(LibVelozBook.Execute(book, 1, 3), "veloz_book_execute");
            BookEvent trade = LibVelozBook.DrainAll(book).Single(e => e.Type == BookEventType.Trade);
            Assert.That((trade.OrderId, trade.OtherOrderId, trade.Quantity, trade.RemainingQuantity, trade.CommandType),
                Is.EqualTo((1L, 0L, 3L, 7L, BookCommandType.Execute)));
            AbiAssert.Status(LibVelozBook.Execute(book, 1, 8), VelozStatus.InvalidArgument, "veloz_book_execute");
            AbiAssert.Status(Submit(book, BookCommand.Limit(3, Side.Buy, 100, 1)), VelozStatus.Rejected, "veloz_book_submit");
            Assert.That(LibVeloz.LastError(), Does.Contain("VELOZ_BOOK_REJECT_WRONG_MODE").And.Contain("mirror"));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Depth_lists_levels_best_first_and_stops_at_capacity()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            for (int i = 0; i < 5; i++)
            {
                SubmitOk(book, BookCommand.Limit(10 + i, Side.Buy, 100 - i, i + 1));
                SubmitOk(book, BookCommand.Limit(20 + i, Side.Sell, 200 + i, i + 1));
                SubmitOk(book, BookCommand.Limit(30 + i, Side.Sell, 200 + i, 1));
            }
            Assert.That(DepthOf(book, Side.Buy, 10).Select(l => (l.Price, l.Quantity, l.OrderCount)),
                Is.EqualTo(Enumerable.Range(0, 5).Select(i => (100L - i, (long)i + 1, 1))));
            Assert.That(DepthOf(book, Side.Sell, 3).Select(l => (l.Price, l.Quantity, l.OrderCount)),
                Is.EqualTo(Enumerable.Range(0, 3).Select(i => (200L + i, (long)i + 2, 2))));
            int written = -1;
            AbiAssert.Ok(LibVelozBook.Depth(book, (int)Side.Sell, null, 0, &written), "veloz_book_depth");
            Assert.That(written, Is.Zero);
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Order_describes_a_resting_order_with_owner_flags_and_queue_position()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Sell, 150, 8));
            SubmitOk(book, BookCommand.Limit(2, Side.Sell, 150, 3, flags: OrderFlags.PostOnly, owner: 42,
                selfTradePrevention: SelfTradePrevention.CancelBoth));
            OrderInfo info = OrderOf(book, 2);
            Assert.That((info.OrderId, info.Side, info.Price, info.RemainingQuantity, info.QuantityAhead, info.OrdersAhead, info.Owner, info.Flags, info.SelfTradePrevention),
                Is.EqualTo((2L, Side.Sell, 150L, 3L, 8L, 1, 42u, OrderFlags.PostOnly, SelfTradePrevention.CancelBoth)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Hash_equals_the_hash_Core_computes_for_the_same_commands()
    {
        var random = new Random(20240611);
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        var core = new OrderBook();
        try
        {
            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(core.ComputeStateHash()), "empty book");
            for (int i = 1; i <= 2000; i++)
            {
                BookCommand command = random.Next(4) == 0 && i > 10
                    ? BookCommand.Cancel(random.Next(1, i))
                    : BookCommand.Limit(i, random.Next(2) == 0 ? Side.Buy : Side.Sell, 1000 + random.Next(-20, 21), random.Next(1, 50));
                BookResult expected = core.Apply(in command);
                int status = command.Type == BookCommandType.Cancel ? LibVelozBook.Cancel(book, command.OrderId) : Submit(book, command);
                Assert.That(status == VelozStatus.Ok, Is.EqualTo(expected == BookResult.Ok), $"command {i}: {command}");
            }
            core.DiscardEvents();
            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(core.ComputeStateHash()));
            Assert.That(LibVelozBook.StatsOf(book).OrderCount, Is.EqualTo(core.OrderCount));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Stats_writes_only_the_bytes_a_smaller_struct_size_holds()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Buy, 100, 1));
            SubmitOk(book, BookCommand.Limit(2, Side.Sell, 101, 1));
            var stats = new BookStats { StructSize = 16, Reserved0 = 77, BidLevelCount = -1, AskLevelCount = -1, CommandCount = -1 };
            AbiAssert.Ok(LibVelozBook.GetStats(book, &stats), "veloz_book_get_stats");
            Assert.That((stats.StructSize, stats.Reserved0, stats.OrderCount), Is.EqualTo((16u, 0, 2L)));
            Assert.That((stats.BidLevelCount, stats.AskLevelCount, stats.CommandCount), Is.EqualTo((-1, -1, -1L)), "beyond struct_size nothing is written");
            stats.StructSize = 0;
            AbiAssert.Status(LibVelozBook.GetStats(book, &stats), VelozStatus.InvalidArgument, "veloz_book_get_stats");
            stats.StructSize = 4097;
            AbiAssert.Status(LibVelozBook.GetStats(book, &stats), VelozStatus.InvalidArgument, "veloz_book_get_stats");
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [Test]
    public void Read_top_and_read_levels_return_the_published_snapshot()
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config(snapshotDepth: 3));
        try
        {
            TopOfBook top;
            AbiAssert.Ok(LibVelozBook.ReadTop(book, &top), "veloz_book_read_top");
            Assert.That((top.Bid.Quantity, top.Ask.Quantity), Is.EqualTo((0L, 0L)), "an empty book publishes empty sides");
            for (int i = 0; i < 5; i++)
            {
                SubmitOk(book, BookCommand.Limit(1 + i, Side.Buy, 100 - i, 10 + i));
                SubmitOk(book, BookCommand.Limit(11 + i, Side.Sell, 101 + i, 20 + i));
            }
            AbiAssert.Ok(LibVelozBook.ReadTop(book, &top), "veloz_book_read_top");
            // Commands 7..10 rest below the published depth of 3, so the latest publish is command 6's.
            Assert.That((top.Bid.Price, top.Bid.Quantity, top.Ask.Price, top.Ask.Quantity, top.Sequence), Is.EqualTo((100L, 10L, 101L, 20L, 6L)));

            Level* bids = stackalloc Level[5];
            Level* asks = stackalloc Level[5];
            int bidCount = -1, askCount = -1;
            AbiAssert.Ok(LibVelozBook.ReadLevels(book, bids, asks, 5, &bidCount, &askCount), "veloz_book_read_levels");
            Assert.That((bidCount, askCount), Is.EqualTo((3, 3)), "at most snapshot_depth levels per side");
            Assert.That((bids[2].Price, bids[2].Quantity, asks[2].Price, asks[2].Quantity), Is.EqualTo((98L, 12L, 103L, 22L)));
            AbiAssert.Ok(LibVelozBook.ReadLevels(book, bids, asks, 2, &bidCount, &askCount), "veloz_book_read_levels");
            Assert.That((bidCount, askCount), Is.EqualTo((2, 2)));
            AbiAssert.Ok(LibVelozBook.ReadLevels(book, null, null, 0, &bidCount, &askCount), "veloz_book_read_levels");
            Assert.That((bidCount, askCount), Is.EqualTo((0, 0)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    // ---- statuses of single-command rejects ----------------------------------------------------------------

    private static readonly object[] s_rejects =
    {
        new object[] { "post-only would cross", BookCommand.Limit(9, Side.Buy, 101, 1, flags: OrderFlags.PostOnly), VelozStatus.Rejected, BookResult.PostOnlyWouldCross },
        new object[] { "FOK cannot fill", BookCommand.Limit(9, Side.Buy, 101, 50, TimeInForce.Fok), VelozStatus.Rejected, BookResult.FokCannotFill },
        new object[] { "market without liquidity", BookCommand.Market(9, Side.Sell, 5), VelozStatus.Rejected, BookResult.NoLiquidity },
        new object[] { "self trade", BookCommand.Limit(9, Side.Buy, 101, 1, owner: 3), VelozStatus.Rejected, BookResult.SelfTrade },
        new object[] { "add in a matching book", BookCommand.Add(9, Side.Buy, 100, 1), VelozStatus.Rejected, BookResult.WrongMode },
        new object[] { "duplicate id", BookCommand.Limit(1, Side.Buy, 90, 1), VelozStatus.Duplicate, BookResult.DuplicateId },
        new object[] { "zero quantity", BookCommand.Limit(9, Side.Buy, 90, 0), VelozStatus.InvalidArgument, BookResult.InvalidQuantity },
        new object[] { "negative quantity", BookCommand.Limit(9, Side.Buy, 90, -3), VelozStatus.InvalidArgument, BookResult.InvalidQuantity },
        new object[] { "price below range", BookCommand.Limit(9, Side.Buy, 0, 1), VelozStatus.InvalidArgument, BookResult.InvalidPrice },
        new object[] { "price above range", BookCommand.Limit(9, Side.Buy, long.MaxValue, 1), VelozStatus.InvalidArgument, BookResult.InvalidPrice },
        new object[] { "side 0", BookCommand.Limit(9, (Side)0, 90, 1), VelozStatus.InvalidArgument, BookResult.InvalidSide },
        new object[] { "side 3", BookCommand.Limit(9, (Side)3, 90, 1), VelozStatus.InvalidArgument, BookResult.InvalidSide },
        new object[] { "order id 0", BookCommand.Limit(0, Side.Buy, 90, 1), VelozStatus.InvalidArgument, BookResult.InvalidOrderId },
        new object[] { "time in force 3", BookCommand.Limit(9, Side.Buy, 90, 1, (TimeInForce)3), VelozStatus.InvalidArgument, BookResult.InvalidCommand },
        new object[] { "post-only IOC", BookCommand.Limit(9, Side.Buy, 90, 1, TimeInForce.Ioc, OrderFlags.PostOnly), VelozStatus.InvalidArgument, BookResult.InvalidCommand },
    };

    [TestCaseSource(nameof(s_rejects))]
    public void Rejected_submit_maps_its_reason_to_a_status_queues_a_rejected_event_and_leaves_the_book_unchanged(
        string what, BookCommand command, int expectedStatus, BookResult reason)
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            SubmitOk(book, BookCommand.Limit(1, Side.Sell, 101, 10, owner: 3));
            LibVelozBook.DrainAll(book);
            ulong hash = LibVelozBook.HashOf(book);
            BookStats before = LibVelozBook.StatsOf(book);

            AbiAssert.Status(Submit(book, command), expectedStatus, "veloz_book_submit");
            string constant = "VELOZ_BOOK_REJECT_" + string.Concat(reason.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
            Assert.That(LibVeloz.LastError(), Does.Contain(constant), what);

            Assert.That(LibVelozBook.HashOf(book), Is.EqualTo(hash), "the book must not change");
            BookStats after = LibVelozBook.StatsOf(book);
            Assert.That((after.OrderCount, after.TradeCount, after.RejectedCount, after.CommandCount),
                Is.EqualTo((before.OrderCount, before.TradeCount, before.RejectedCount + 1, before.CommandCount + 1)));
            BookEvent rejected = LibVelozBook.DrainAll(book).Single();
            Assert.That((rejected.Type, rejected.RejectReason, rejected.OrderId), Is.EqualTo((BookEventType.Rejected, reason, command.OrderId)));
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }

    [TestCase((byte)0)]
    [TestCase((byte)BookCommandType.Cancel)]
    [TestCase((byte)BookCommandType.Execute)]
    [TestCase((byte)200)]
    public void Submit_of_a_command_that_is_not_a_new_order_is_refused_without_an_event(byte type)
    {
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config());
        try
        {
            BookCommand command = BookCommand.Limit(1, Side.Buy, 100, 1);
            command.Type = (BookCommandType)type;
            AbiAssert.Status(Submit(book, command), VelozStatus.InvalidArgument, "veloz_book_submit");
            Assert.That(LibVeloz.LastError(), Does.Contain($"got {type}"));
            Assert.That(LibVelozBook.PendingEvents(book), Is.Zero);
            Assert.That(LibVelozBook.StatsOf(book).CommandCount, Is.Zero);
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }
    }
}
