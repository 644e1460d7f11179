using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Abi;

/// <summary>
/// Hostile input to the order book and depth book exports: NULL, destroyed, random and wrong-type handles (a
/// histogram's, the other book kind's), NULL out pointers, negative sizes, NULL arrays. Every call must answer with
/// its status and a message naming the function, and leave a live sentinel book exactly as it was.
/// </summary>
[TestFixture]
public unsafe class BookHostileAbiTests
{
    private nint _book;          // a live sentinel with orders, compared before and after
    private nint _depth;         // a live depth book, passed where a book is expected
    private nint _histogram;     // a live histogram, passed where a book is expected
    private nint _deadBook;
    private ulong _hash;
    private BookStats _stats;
    private long _pending;

    [SetUp]
    public void CreateSentinels()
    {
        _book = LibVelozBook.CreateBook(LibVelozBook.Config(snapshotDepth: 2));
        for (int i = 0; i < 10; i++)
        {
            BookCommand buy = BookCommand.Limit(1 + i, Side.Buy, 100 - i, 10 + i);
            BookCommand sell = BookCommand.Limit(101 + i, Side.Sell, 101 + i, 20 + i);
            AbiAssert.Ok(LibVelozBook.Submit(_book, &buy), "veloz_book_submit");
            AbiAssert.Ok(LibVelozBook.Submit(_book, &sell), "veloz_book_submit");
        }
        _depth = LibVelozBook.CreateDepth(snapshotDepth: 2);
        nint histogram = 0;
        AbiAssert.Ok(LibVeloz.HistogramCreate(null, &histogram), "veloz_histogram_create");
        _histogram = histogram;
        _deadBook = LibVelozBook.CreateBook(LibVelozBook.Config());
        LibVelozBook.Destroy(_deadBook);
        Remember();
    }

    [TearDown]
    public void DestroySentinels()
    {
        LibVelozBook.Destroy(_book);
        LibVelozBook.DepthDestroy(_depth);
        LibVeloz.HistogramDestroy(_histogram);
    }

    private void Remember()
    {
        _hash = LibVelozBook.HashOf(_book);
        _stats = LibVelozBook.StatsOf(_book);
        _pending = LibVelozBook.PendingEvents(_book);
    }

    private void AssertSentinelUnchanged(string after)
    {
        Assert.That(LibVelozBook.HashOf(_book), Is.EqualTo(_hash), $"book hash after {after}");
        Assert.That(LibVelozBook.StatsOf(_book), Is.EqualTo(_stats), $"book stats after {after}");
        Assert.That(LibVelozBook.PendingEvents(_book), Is.EqualTo(_pending), $"queued events after {after}");
    }

    /// <summary>Every book export with a given handle and otherwise valid arguments.</summary>
    private static (string Function, Func<nint, int> Call)[] BookCalls() => new (string, Func<nint, int>)[]
    {
        ("veloz_book_submit", h => { BookCommand c = BookCommand.Limit(999, Side.Buy, 50, 1); return LibVelozBook.Submit(h, &c); }),
        ("veloz_book_cancel", h => LibVelozBook.Cancel(h, 1)),
        ("veloz_book_reduce", h => LibVelozBook.Reduce(h, 1, 1)),
        ("veloz_book_modify", h => LibVelozBook.Modify(h, 1, 99, 5)),
        ("veloz_book_replace", h => LibVelozBook.Replace(h, 1, 998, 99, 5)),
        ("veloz_book_execute", h => LibVelozBook.Execute(h, 1, 1)),
        ("veloz_book_apply", h =>
        {
            BookCommand c = BookCommand.Cancel(1);
            BookEvent* events = stackalloc BookEvent[4];
            int consumed, written;
            return LibVelozBook.Apply(h, &c, 1, &consumed, events, 4, &written);
        }),
        ("veloz_book_drain_events", h => { BookEvent* e = stackalloc BookEvent[4]; int w; return LibVelozBook.DrainEvents(h, e, 4, &w); }),
        ("veloz_book_best", h => { TopOfBook t; return LibVelozBook.Best(h, &t); }),
        ("veloz_book_depth", h => { Level* l = stackalloc Level[4]; int w; return LibVelozBook.Depth(h, (int)Side.Buy, l, 4, &w); }),
        ("veloz_book_order", h => { OrderInfo i; return LibVelozBook.Order(h, 1, &i); }),
        ("veloz_book_hash", h => { ulong x; return LibVelozBook.Hash(h, &x); }),
        ("veloz_book_get_stats", h => { var s = new BookStats { StructSize = (uint)sizeof(BookStats) }; return LibVelozBook.GetStats(h, &s); }),
        ("veloz_book_read_top", h => { TopOfBook t; return LibVelozBook.ReadTop(h, &t); }),
        ("veloz_book_read_levels", h =>
        {
            Level* b = stackalloc Level[2];
            Level* a = stackalloc Level[2];
            int bc, ac;
            return LibVelozBook.ReadLevels(h, b, a, 2, &bc, &ac);
        }),
    };

    /// <summary>Every depth export with a given handle and otherwise valid arguments.</summary>
    private static (string Function, Func<nint, int> Call)[] DepthCalls() => new (string, Func<nint, int>)[]
    {
        ("veloz_depth_apply", h => { var u = new DepthUpdate(1, Side.Buy, 100, 5); int applied; return LibVelozBook.DepthApply(h, &u, 1, &applied); }),
        ("veloz_depth_snapshot", h => { var l = new Level(100, 5); return LibVelozBook.DepthSnapshot(h, &l, 1, null, 0, 7); }),
        ("veloz_depth_best", h => { TopOfBook t; return LibVelozBook.DepthBest(h, &t); }),
        ("veloz_depth_levels", h => { Level* l = stackalloc Level[4]; int w; return LibVelozBook.DepthLevels(h, (int)Side.Buy, l, 4, &w); }),
        ("veloz_depth_get_state", h => { var s = new DepthState { StructSize = (uint)sizeof(DepthState) }; return LibVelozBook.DepthGetState(h, &s); }),
        ("veloz_depth_read_top", h => { TopOfBook t; return LibVelozBook.DepthReadTop(h, &t); }),
        ("veloz_depth_read_levels", h =>
        {
            Level* b = stackalloc Level[2];
            Level* a = stackalloc Level[2];
            int bc, ac;
            return LibVelozBook.DepthReadLevels(h, b, a, 2, &bc, &ac);
        }),
    };

    [Test]
    public void Every_book_function_refuses_null_destroyed_random_and_wrong_type_handles()
    {
        var handles = new (string What, nint Handle)[]
        {
            ("NULL", 0), ("destroyed book", _deadBook), ("histogram", _histogram), ("depth book", _depth),
            ("random", unchecked((nint)0x5A5A_1234_0000_0007)), ("small integer", 3),
            ("book handle with another tag", (nint)(((ulong)_book & 0x00FF_FFFF_FFFF_FFFF) | (9UL << 56))),
        };
        foreach ((string function, Func<nint, int> call) in BookCalls())
        {
            foreach ((string what, nint handle) in handles)
            {
                AbiAssert.Status(call(handle), VelozStatus.InvalidHandle, $"{function}");
                AssertSentinelUnchanged($"{function}({what})");
            }
        }
        foreach ((_, nint handle) in handles)
            Assert.That(LibVelozBook.PendingEvents(handle), Is.Zero);
    }

    [Test]
    public void Every_depth_function_refuses_null_destroyed_and_wrong_type_handles()
    {
        nint deadDepth = LibVelozBook.CreateDepth();
        LibVelozBook.DepthDestroy(deadDepth);
        DepthState before = LibVelozBook.StateOf(_depth);
        var handles = new (string What, nint Handle)[] { ("NULL", 0), ("destroyed depth", deadDepth), ("order book", _book), ("histogram", _histogram), ("random", unchecked((nint)0x7766_5544_3322_1100)) };
        foreach ((string function, Func<nint, int> call) in DepthCalls())
        {
            foreach ((string what, nint handle) in handles)
                AbiAssert.Status(call(handle), VelozStatus.InvalidHandle, $"{function}");
        }
        Assert.That(LibVelozBook.StateOf(_depth), Is.EqualTo(before));
        AssertSentinelUnchanged("depth calls with a book handle");
    }

    [Test]
    public void Book_handle_is_refused_by_histogram_functions()
    {
        AbiAssert.Status(LibVeloz.HistogramRecord(_book, 5), VelozStatus.InvalidHandle, "veloz_histogram_record");
        LibVeloz.HistogramDestroy(_book); // a wrong-type destroy is a no-op
        AssertSentinelUnchanged("histogram calls with a book handle");
    }

    [Test]
    public void Destroy_with_a_wrong_type_handle_leaves_that_object_alive()
    {
        LibVelozBook.Destroy(_depth);
        LibVelozBook.Destroy(_histogram);
        LibVelozBook.DepthDestroy(_book);
        AssertSentinelUnchanged("wrong-type destroys");
        Assert.That(LibVelozBook.StateOf(_depth).Status, Is.EqualTo(DepthState.Empty));
        AbiAssert.Ok(LibVeloz.HistogramRecord(_histogram, 5), "veloz_histogram_record");
    }

    private void AssertRefused(int status, string function, string says)
    {
        AbiAssert.Status(status, VelozStatus.InvalidArgument, function);
        Assert.That(LibVeloz.LastError(), Does.Contain(says), function);
        AssertSentinelUnchanged(function);
    }

    [Test]
    public void Null_out_pointers_are_invalid_arguments_and_change_nothing()
    {
        int n;
        Level level;
        BookEvent* events = stackalloc BookEvent[2];
        BookCommand cancel = BookCommand.Cancel(1);
        AssertRefused(LibVelozBook.Submit(_book, null), "veloz_book_submit", "order is NULL");
        AssertRefused(LibVelozBook.Apply(_book, &cancel, 1, null, events, 2, &n), "veloz_book_apply", "consumed is NULL");
        AssertRefused(LibVelozBook.Apply(_book, &cancel, 1, &n, events, 2, null), "veloz_book_apply", "written is NULL");
        AssertRefused(LibVelozBook.DrainEvents(_book, events, 2, null), "veloz_book_drain_events", "written is NULL");
        AssertRefused(LibVelozBook.Best(_book, null), "veloz_book_best", "out is NULL");
        AssertRefused(LibVelozBook.Depth(_book, (int)Side.Buy, null, 1, &n), "veloz_book_depth", "out is NULL");
        AssertRefused(LibVelozBook.Depth(_book, (int)Side.Buy, &level, 1, null), "veloz_book_depth", "written is NULL");
        AssertRefused(LibVelozBook.Order(_book, 1, null), "veloz_book_order", "out is NULL");
        AssertRefused(LibVelozBook.Hash(_book, null), "veloz_book_hash", "out_hash is NULL");
        AssertRefused(LibVelozBook.GetStats(_book, null), "veloz_book_get_stats", "out is NULL");
        AssertRefused(LibVelozBook.ReadTop(_book, null), "veloz_book_read_top", "out is NULL");
        AssertRefused(LibVelozBook.ReadLevels(_book, &level, &level, 1, null, &n), "veloz_book_read_levels", "bid_count is NULL");
        AssertRefused(LibVelozBook.ReadLevels(_book, &level, &level, 1, &n, null), "veloz_book_read_levels", "ask_count is NULL");
        AssertRefused(LibVelozBook.ReadLevels(_book, null, &level, 1, &n, &n), "veloz_book_read_levels", "bids is NULL");
        AssertRefused(LibVelozBook.ReadLevels(_book, &level, null, 1, &n, &n), "veloz_book_read_levels", "asks is NULL");
    }

    [Test]
    public void Negative_sizes_and_null_arrays_with_a_length_are_invalid_arguments_and_process_nothing()
    {
        int consumed = -7, written = -7;
        Level level;
        OrderInfo info;
        BookEvent* events = stackalloc BookEvent[2];
        BookCommand cancel = BookCommand.Cancel(1);
        AssertRefused(LibVelozBook.Apply(_book, &cancel, -1, &consumed, events, 2, &written), "veloz_book_apply", "count must be >= 0, got -1");
        AssertRefused(LibVelozBook.Apply(_book, null, 3, &consumed, events, 2, &written), "veloz_book_apply", "commands is NULL but count is 3");
        AssertRefused(LibVelozBook.Apply(_book, &cancel, 1, &consumed, events, -2, &written), "veloz_book_apply", "capacity must be >= 0, got -2");
        AssertRefused(LibVelozBook.Apply(_book, &cancel, 1, &consumed, null, 2, &written), "veloz_book_apply", "events is NULL but capacity is 2");
        AssertRefused(LibVelozBook.DrainEvents(_book, events, -1, &written), "veloz_book_drain_events", "capacity must be >= 0, got -1");
        AssertRefused(LibVelozBook.DrainEvents(_book, null, 5, &written), "veloz_book_drain_events", "events is NULL but capacity is 5");
        AssertRefused(LibVelozBook.Depth(_book, (int)Side.Sell, &level, -4, &written), "veloz_book_depth", "capacity must be >= 0, got -4");
        AssertRefused(LibVelozBook.Depth(_book, 0, &level, 1, &written), "veloz_book_depth", "side must be");
        AssertRefused(LibVelozBook.Depth(_book, 3, &level, 1, &written), "veloz_book_depth", "got 3");
        AssertRefused(LibVelozBook.ReadLevels(_book, &level, &level, -1, &written, &written), "veloz_book_read_levels", "capacity must be >= 0, got -1");
        AssertRefused(LibVelozBook.Order(_book, 0, &info), "veloz_book_order", "non-zero");
        Assert.That((consumed, written), Is.EqualTo((-7, -7)), "a refused call stores no counts");
    }

    [Test]
    public void Rejected_single_commands_change_no_order_and_queue_only_their_rejected_event()
    {
        var rejects = new (string Function, Func<int> Call, int Status)[]
        {
            ("veloz_book_cancel", () => LibVelozBook.Cancel(_book, 12345), VelozStatus.NotFound),
            ("veloz_book_cancel", () => LibVelozBook.Cancel(_book, 0), VelozStatus.InvalidArgument),
            ("veloz_book_reduce", () => LibVelozBook.Reduce(_book, 12345, 1), VelozStatus.NotFound),
            ("veloz_book_reduce", () => LibVelozBook.Reduce(_book, 1, 0), VelozStatus.InvalidArgument),
            ("veloz_book_reduce", () => LibVelozBook.Reduce(_book, 1, -5), VelozStatus.InvalidArgument),
            ("veloz_book_reduce", () => LibVelozBook.Reduce(_book, 1, 11), VelozStatus.InvalidArgument),
            ("veloz_book_modify", () => LibVelozBook.Modify(_book, 12345, 100, 1), VelozStatus.NotFound),
            ("veloz_book_modify", () => LibVelozBook.Modify(_book, 1, 0, 1), VelozStatus.InvalidArgument),
            ("veloz_book_modify", () => LibVelozBook.Modify(_book, 1, 100, -1), VelozStatus.InvalidArgument),
            ("veloz_book_replace", () => LibVelozBook.Replace(_book, 1, 2, 100, 1), VelozStatus.Duplicate),
            ("veloz_book_replace", () => LibVelozBook.Replace(_book, 1, 1, 100, 1), VelozStatus.Duplicate),
            ("veloz_book_replace", () => LibVelozBook.Replace(_book, 1, 0, 100, 1), VelozStatus.InvalidArgument),
            ("veloz_book_replace", () => LibVelozBook.Replace(_book, 12345, 777, 100, 1), VelozStatus.NotFound),
            ("veloz_book_execute", () => LibVelozBook.Execute(_book, 1, 1), VelozStatus.Rejected),
        };
        foreach ((string function, Func<int> call, int status) in rejects)
        {
            BookStats before = LibVelozBook.StatsOf(_book);
            AbiAssert.Status(call(), status, function);
            Assert.That(LibVelozBook.HashOf(_book), Is.EqualTo(_hash), $"{function}: the book changed");
            Assert.That(LibVelozBook.PendingEvents(_book), Is.EqualTo(_pending + 1), $"{function}: one Rejected event");
            List<BookEvent> drained = LibVelozBook.DrainAll(_book);
            Assert.That(drained[^1].Type, Is.EqualTo(BookEventType.Rejected), function);
            _pending = 0;
            BookStats after = LibVelozBook.StatsOf(_book);
            Assert.That(after.RejectedCount, Is.EqualTo(before.RejectedCount + 1), function);
            Assert.That(after.OrderCount, Is.EqualTo(before.OrderCount), function);
        }
    }

    [Test]
    public void Random_calls_with_random_handles_and_arguments_never_crash_and_never_touch_the_sentinel()
    {
        int seed = Environment.GetEnvironmentVariable("VELOZ_FUZZ_SEED") is string s ? int.Parse(s) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (set VELOZ_FUZZ_SEED to repeat)");
        var random = new Random(seed);
        nint scratch = LibVelozBook.CreateBook(LibVelozBook.Config(snapshotDepth: 1));
        try
        {
            var commands = new BookCommand[8];
            var events = new BookEvent[8];
            for (int i = 0; i < 20_000; i++)
            {
                nint handle = random.Next(6) switch
                {
                    0 => 0,
                    1 => _deadBook,
                    2 => _histogram,
                    3 => (nint)random.NextInt64(),
                    _ => scratch,
                };
                long id = random.Next(-2, 40);
                long quantity = random.Next(-3, 20);
                long price = random.Next(-5, 300);
                int status;
                switch (random.Next(8))
                {
                    case 0:
                        {
                            var c = new BookCommand
                            {
                                Type = (BookCommandType)random.Next(0, 10), Side = (Side)random.Next(0, 4),
                                OrderType = (OrderType)random.Next(0, 3), TimeInForce = (TimeInForce)random.Next(0, 4),
                                Flags = (OrderFlags)random.Next(0, 5), OrderId = id, Price = price, Quantity = quantity,
                                NewOrderId = random.Next(0, 40), ProtectionPrice = random.Next(0, 300),
                            };
                            status = LibVelozBook.Submit(handle, &c);
                            break;
                        }
                    case 1: status = LibVelozBook.Cancel(handle, id); break;
                    case 2: status = LibVelozBook.Reduce(handle, id, quantity); break;
                    case 3: status = LibVelozBook.Modify(handle, id, price, quantity); break;
                    case 4: status = LibVelozBook.Replace(handle, id, random.Next(-1, 40), price, quantity); break;
                    case 5:
                        {
                            int count = random.Next(-1, commands.Length + 1), capacity = random.Next(-1, events.Length + 1);
                            for (int k = 0; k < commands.Length; k++)
                                commands[k] = BookCommand.Limit(random.Next(1, 40), (Side)random.Next(1, 3), random.Next(1, 300), random.Next(1, 10));
                            int consumed, written;
                            fixed (BookCommand* c = commands)
                            fixed (BookEvent* e = events)
                                status = LibVelozBook.Apply(handle, random.Next(10) == 0 ? null : c, count, &consumed, random.Next(10) == 0 ? null : e, capacity, &written);
                            if (status == VelozStatus.Ok)
                                Assert.That(consumed >= Math.Min(count, 1) && consumed <= count && written >= 0 && written <= capacity, Is.True, $"iteration {i}: consumed {consumed} of {count}, written {written} of {capacity}");
                            break;
                        }
                    case 6:
                        {
                            int written;
                            fixed (BookEvent* e = events)
                                status = LibVelozBook.DrainEvents(handle, e, random.Next(-1, events.Length + 1), &written);
                            break;
                        }
                    default:
                        {
                            TopOfBook top;
                            status = LibVelozBook.ReadTop(handle, &top);
                            if (status == VelozStatus.Ok && top.Bid.Quantity > 0 && top.Ask.Quantity > 0)
                                Assert.That(top.Bid.Price, Is.LessThan(top.Ask.Price), $"iteration {i}: a matching book is never crossed");
                            break;
                        }
                }
                Assert.That(VelozStatus.IsKnown(status), Is.True, $"iteration {i}: unknown status {status}");
                if (handle != scratch)
                    Assert.That(status, Is.EqualTo(VelozStatus.InvalidHandle), $"iteration {i}: handle 0x{handle:X} was accepted");
            }
            AssertSentinelUnchanged("the random calls");
        }
        finally
        {
            LibVelozBook.Destroy(scratch);
        }
    }
}
