using System;
using NUnit.Framework;
using VeloZ.Book;
using VeloZ.Interop;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The book exports allocate nothing on the GC heap in steady state: the Interop layer adds no per-call or
/// per-event allocation to Core's. The published library has its own GC that this process cannot watch, so the
/// same export methods are called in-process through unmanaged function pointers (the path a C caller takes,
/// minus the AOT compiler) and measured with GC.GetAllocatedBytesForCurrentThread.
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class BookAllocationAbiTests
{
    private static BookHandle* Create(int mode, int snapshotDepth)
    {
        var config = new VelozBookConfig { StructSize = (uint)sizeof(VelozBookConfig), Mode = mode, SnapshotDepth = snapshotDepth };
        BookHandle* book;
        delegate* unmanaged<VelozBookConfig*, BookHandle**, Status> create = &BookExports.veloz_book_create;
        Assert.That(create(&config, &book), Is.EqualTo(Status.Ok));
        return book;
    }

    [Test]
    public void Apply_drain_and_queries_through_the_exports_allocate_nothing_in_steady_state()
    {
        delegate* unmanaged<BookHandle*, BookCommand*, int, int*, BookEvent*, int, int*, Status> apply = &BookExports.veloz_book_apply;
        delegate* unmanaged<BookHandle*, BookEvent*, int, int*, Status> drain = &BookExports.veloz_book_drain_events;
        delegate* unmanaged<BookHandle*, BookCommand*, Status> submit = &BookExports.veloz_book_submit;
        delegate* unmanaged<BookHandle*, long, Status> cancel = &BookExports.veloz_book_cancel;
        delegate* unmanaged<BookHandle*, TopOfBook*, Status> readTop = &BookExports.veloz_book_read_top;
        delegate* unmanaged<BookHandle*, TopOfBook*, Status> best = &BookExports.veloz_book_best;
        delegate* unmanaged<BookHandle*, int, Level*, int, int*, Status> depth = &BookExports.veloz_book_depth;
        delegate* unmanaged<BookHandle*, ulong*, Status> hash = &BookExports.veloz_book_hash;
        delegate* unmanaged<BookHandle*, VelozBookStats*, Status> stats = &BookExports.veloz_book_get_stats;
        delegate* unmanaged<BookHandle*, long, OrderInfo*, Status> order = &BookExports.veloz_book_order;
        delegate* unmanaged<BookHandle*, void> destroy = &BookExports.veloz_book_destroy;

        BookHandle* book = Create(0, 4);
        try
        {
            // A batch that trades, rests, cancels and gets rejected: every event type, every id recycled per round.
            var batch = new BookCommand[64];
            var events = new BookEvent[16];
            var levels = new Level[8];
            long allocated = 0;
            for (int round = 0; round < 3000; round++)
            {
                if (round == 1000)
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 32; i++)
                {
                    batch[2 * i] = BookCommand.Limit(1 + i, i % 2 == 0 ? Side.Buy : Side.Sell, 1000 + (i % 7) - 3, 5 + i % 3);
                    batch[2 * i + 1] = i % 4 == 0 ? BookCommand.Cancel(1 + i) : BookCommand.Cancel(100 + i);
                }
                fixed (BookCommand* c = batch)
                fixed (BookEvent* e = events)
                fixed (Level* l = levels)
                {
                    int position = 0;
                    while (position < batch.Length)
                    {
                        int consumed, written;
                        Status status = apply(book, (BookCommand*)c + position, batch.Length - position, &consumed, e, events.Length, &written);
                        if (status != Status.Ok)
                            Assert.Fail($"apply returned {status}");
                        position += consumed;
                    }
                    int drained;
                    while (drain(book, e, events.Length, &drained) == Status.Ok && drained > 0)
                    {
                    }
                    BookCommand one = default;
                    *(BookCommand*)&one = BookCommand.Limit(500, Side.Buy, 900, 1);
                    Status single = submit(book, &one);
                    OrderInfo info;
                    single |= order(book, 500, &info);
                    single |= cancel(book, 500);
                    TopOfBook top;
                    single |= readTop(book, &top);
                    single |= best(book, &top);
                    int n;
                    single |= depth(book, (int)Side.Sell, l, levels.Length, &n);
                    ulong h;
                    single |= hash(book, &h);
                    var s = new VelozBookStats { StructSize = (uint)sizeof(VelozBookStats) };
                    single |= stats(book, &s);
                    if (single != Status.Ok)
                        Assert.Fail($"a single call or query failed: {single}");
                    // A reject is normal trading (a cancel racing a fill): its message is formatted only on demand.
                    Status rejected = cancel(book, 999_999);
                    if (rejected != Status.ENotFound)
                        Assert.Fail($"cancel of an unknown id returned {rejected}");
                    while (drain(book, e, events.Length, &drained) == Status.Ok && drained > 0)
                    {
                    }
                }
                // Empty the book between rounds so ids can be reused.
                for (int i = 0; i < 32; i++)
                    batch[i] = BookCommand.Cancel(1 + i);
                fixed (BookCommand* c = batch)
                fixed (BookEvent* e = events)
                {
                    int position = 0, consumed, written;
                    while (position < 32 && apply(book, (BookCommand*)c + position, 32 - position, &consumed, e, events.Length, &written) == Status.Ok)
                        position += consumed;
                }
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.That(allocated, Is.Zero, "bytes allocated by 2000 rounds of apply, drain, single commands, a rejected cancel and queries");
        }
        finally
        {
            destroy(book);
        }
    }

    [Test]
    public void A_deferred_reject_message_is_formatted_on_demand_and_the_latest_failure_wins()
    {
        delegate* unmanaged<BookHandle*, long, Status> cancel = &BookExports.veloz_book_cancel;
        delegate* unmanaged<BookHandle*, void> destroy = &BookExports.veloz_book_destroy;
        delegate* unmanaged<HistogramHandle*, long, Status> record = &HistogramExports.veloz_histogram_record;
        delegate* unmanaged<byte*, int, int> lastError = &CommonExports.veloz_last_error_message;
        static string Read(delegate* unmanaged<byte*, int, int> lastError)
        {
            var buffer = new byte[512];
            fixed (byte* b = buffer)
            {
                int length = lastError(b, buffer.Length);
                return System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Min(length, buffer.Length - 1));
            }
        }

        BookHandle* book = Create(0, 0);
        try
        {
            Assert.That(cancel(book, 424242), Is.EqualTo(Status.ENotFound));
            Assert.That(Read(lastError), Is.EqualTo("veloz_book_cancel: VELOZ_BOOK_REJECT_UNKNOWN_ORDER: order 424242 is not resting in the book"));
            // An eagerly formatted failure replaces the deferred one...
            Assert.That(record(null, 1), Is.EqualTo(Status.EInvalidHandle));
            Assert.That(Read(lastError), Does.StartWith("veloz_histogram_record:"));
            // ...and a later deferred one replaces it, with its own values.
            Assert.That(cancel(book, 7), Is.EqualTo(Status.ENotFound));
            Assert.That(Read(lastError), Does.Contain("order 7 is not resting"));
            Assert.That(Read(lastError), Does.Contain("order 7 is not resting"), "reading twice gives the same text");
        }
        finally
        {
            destroy(book);
        }
    }
}
