using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

// The C face of VeloZ.Book.OrderBook. Commands and events cross as spans of Core's own structs, so a batch costs
// one call and no per-event copy. Every export follows src/Interop/README.md: resolve, call Core once, Export.Fail.

/// <summary>Exports of the level-3 order book.</summary>
public static unsafe class BookExports
{
    /// <summary>
    /// Creates an order book. <paramref name="config"/> may be NULL for all defaults (a matching book, prices 1 ..
    /// 2^62 - 1, no published snapshot); in a config a zero field means its default, and a struct_size smaller than
    /// this library's reads only the fields that fit. On success stores the handle in <paramref name="out"/>; on
    /// failure stores NULL there. Returns VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096,
    /// or a field out of its documented range (the message names it), and VELOZ_E_OUT_OF_MEMORY if the preallocated
    /// storage cannot be allocated.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_book_create([Const] VelozBookConfig* config, BookHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            VelozBookConfig c = Export.ConfigIn(config);
            // Core's defaults and Core's checks: a zero field keeps OrderBookConfig's default.
            var settings = new OrderBookConfig { LevelEvents = (c.Flags & (uint)VelozBookConfigFlags.NoLevelEvents) == 0, SnapshotDepth = c.SnapshotDepth };
            if (c.Mode != 0) settings.Mode = Export.ByteEnum<BookMode>(c.Mode, "config->mode");
            if (c.ExpectedOrders != 0) settings.ExpectedOrders = c.ExpectedOrders;
            if (c.ExpectedLevels != 0) settings.ExpectedLevels = c.ExpectedLevels;
            if (c.PriceWindowTicks != 0) settings.PriceWindowTicks = c.PriceWindowTicks;
            if (c.SelfTradePrevention != 0) settings.SelfTradePrevention = Export.ByteEnum<SelfTradePrevention>(c.SelfTradePrevention, "config->self_trade_prevention");
            if (c.MinPrice != 0) settings.MinPrice = c.MinPrice;
            if (c.MaxPrice != 0) settings.MaxPrice = c.MaxPrice;
            Export.KnownFlags(c.Flags, (uint)VelozBookConfigFlags.NoLevelEvents, "config->flags");
            *@out = Export.Register<BookHandle>(new OrderBook(settings), HandleTag.Book);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Destroys an order book and its queued events. NULL, or a handle already destroyed, is a no-op. No other
    /// thread may be using the book (a reader in veloz_book_read_top included).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_book_destroy(BookHandle* book) => Export.Destroy(book, HandleTag.Book);

    /// <summary>
    /// Enters one new order: <paramref name="order"/>->type must be VELOZ_BOOK_COMMAND_SUBMIT (matching book) or
    /// VELOZ_BOOK_COMMAND_ADD (mirror book). Its events (Accepted, Trades, OrderDone, LevelChanged, or Rejected) are
    /// queued for veloz_book_drain_events or the next veloz_book_apply. Returns VELOZ_OK when the book took the
    /// order (an IOC that expired unfilled included). A rejected order changes nothing in the book, queues its
    /// Rejected event and returns VELOZ_E_DUPLICATE (order_id already resting), VELOZ_E_INVALID_ARGUMENT (invalid
    /// quantity, price, side, id or field combination) or VELOZ_E_REJECTED (post-only would cross, FOK cannot
    /// fill, self-trade, no liquidity for a market order, wrong book mode), with the reason in the message.
    /// VELOZ_E_INVALID_ARGUMENT without an event for a NULL order or another command type.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_submit))]
    [ThreadContract("single writer")]
    public static Status veloz_book_submit(BookHandle* book, [Const] BookCommand* order)
    {
        try
        {
            OrderBook target = Owned(book);
            // A private copy: the caller's struct is read once, whatever other threads do to it.
            BookCommand command = Export.Out(order);
            if (command.Type != BookCommandType.Submit && command.Type != BookCommandType.Add)
                ThrowNotAnEntry(command.Type);
            return BookOutcome.ToStatus(target, target.Apply(in command), in command);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Removes a resting order (a Cancel command in a matching book, a Delete in a mirror book); its events are
    /// queued. VELOZ_E_NOT_FOUND when no order with that id rests (counted in unknown_order_count, a Rejected
    /// event queued), VELOZ_E_INVALID_ARGUMENT for id 0. The book is unchanged on failure.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_cancel))]
    [ThreadContract("single writer")]
    public static Status veloz_book_cancel(BookHandle* book, long order_id)
    {
        try
        {
            OrderBook target = Owned(book);
            BookCommand command = target.Mode == BookMode.Mirror ? BookCommand.Delete(order_id) : BookCommand.Cancel(order_id);
            return BookOutcome.ToStatus(target, target.Apply(in command), in command);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> off a resting order's remaining quantity, keeping its queue priority;
    /// taking all of it removes the order. Events are queued. VELOZ_E_NOT_FOUND for an id that is not resting,
    /// VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity &lt;= 0 or above the remaining quantity. The book is
    /// unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_reduce))]
    [ThreadContract("single writer")]
    public static Status veloz_book_reduce(BookHandle* book, long order_id, long quantity) =>
        ApplyOne(book, BookCommand.Reduce(order_id, quantity));

    /// <summary>
    /// Sets a resting order's price and remaining quantity. The same price and no more quantity keeps its queue
    /// priority; otherwise it moves to the back, and in a matching book a crossing price trades at once. Events are
    /// queued. VELOZ_E_NOT_FOUND for an id that is not resting; VELOZ_E_INVALID_ARGUMENT for id 0, a quantity
    /// &lt;= 0 or a price outside [min_price, max_price]; VELOZ_E_REJECTED for a post-only order that would cross.
    /// The book is unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_modify))]
    [ThreadContract("single writer")]
    public static Status veloz_book_modify(BookHandle* book, long order_id, long new_price, long new_quantity) =>
        ApplyOne(book, BookCommand.Modify(order_id, new_price, new_quantity));

    /// <summary>
    /// Removes a resting order and enters <paramref name="new_order_id"/> on the same side at a new price and
    /// quantity, without priority (ITCH "U"); in a matching book it may trade. Events are queued. VELOZ_E_NOT_FOUND
    /// for an order_id that is not resting; VELOZ_E_DUPLICATE when new_order_id rests already or equals order_id;
    /// VELOZ_E_INVALID_ARGUMENT for a zero id, a quantity &lt;= 0 or a price out of range; VELOZ_E_REJECTED for a
    /// post-only order that would cross. The book is unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_replace))]
    [ThreadContract("single writer")]
    public static Status veloz_book_replace(BookHandle* book, long order_id, long new_order_id, long new_price, long new_quantity) =>
        ApplyOne(book, BookCommand.Replace(order_id, new_order_id, new_price, new_quantity));

    /// <summary>
    /// Mirror book only: the venue executed <paramref name="quantity"/> of a resting order (a Trade event; the
    /// order is done when nothing is left). VELOZ_E_NOT_FOUND for an id that is not resting;
    /// VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity &lt;= 0 or above the remaining quantity; VELOZ_E_REJECTED in
    /// a matching book. The book is unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_execute))]
    [ThreadContract("single writer")]
    public static Status veloz_book_execute(BookHandle* book, long order_id, long quantity) =>
        ApplyOne(book, BookCommand.Execute(order_id, quantity));

    /// <summary>
    /// Processes a batch of commands and copies events into the caller's buffer, never losing one. First copies
    /// events still queued from earlier calls, then processes commands in order while their events fit: when the
    /// buffer fills, it stops after the command whose events did not fit (the rest of them stay queued). At least
    /// one command is processed per call when count &gt; 0, so a capacity of 0 (events may then be NULL) still makes
    /// progress, its events all queued. *consumed receives how many commands were processed (a prefix; call again
    /// with the rest when it is &lt; count) and *written how many events were copied. Per-command rejects are
    /// Rejected events, not errors: the status is VELOZ_OK even when processing stopped early.
    /// VELOZ_E_INVALID_ARGUMENT (nothing processed) for a NULL consumed or written, a negative count or capacity,
    /// or a NULL array with a non-zero length.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_apply))]
    [ThreadContract("single writer")]
    public static Status veloz_book_apply(BookHandle* book, [Const] BookCommand* commands, int count, int* consumed,
        BookEvent* events, int capacity, int* written)
    {
        try
        {
            OrderBook target = Owned(book);
            ref int consumedOut = ref Export.Out(consumed);
            ref int writtenOut = ref Export.Out(written);
            Span<BookCommand> input = Export.Array(commands, count);
            Span<BookEvent> output = Export.Array(events, capacity);
            consumedOut = target.Apply(input, output, out int copied);
            writtenOut = copied;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Moves up to <paramref name="capacity"/> queued events, oldest first, into <paramref name="events"/> and
    /// stores their number in *written (0 when none are queued). VELOZ_E_INVALID_ARGUMENT for a NULL written, a
    /// negative capacity, or NULL events with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_drain_events))]
    [ThreadContract("single writer")]
    public static Status veloz_book_drain_events(BookHandle* book, BookEvent* events, int capacity, int* written)
    {
        try
        {
            OrderBook target = Owned(book);
            ref int writtenOut = ref Export.Out(written);
            writtenOut = target.DrainEvents(Export.Array(events, capacity));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>Events queued and not yet drained; 0 for a NULL or invalid handle.</summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_pending_events))]
    [ThreadContract("single writer")]
    public static long veloz_book_pending_events(BookHandle* book)
    {
        try { return Owned(book).PendingEventCount; }
        catch (Exception e) { Export.Fail(e); return 0; }
    }

    /// <summary>
    /// Stores the best bid and best ask (all-zero levels for an empty side) and the book's command count as the
    /// sequence. VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_best))]
    [ThreadContract("owner thread only")]
    public static Status veloz_book_best(BookHandle* book, TopOfBook* @out)
    {
        try
        {
            OrderBook target = Owned(book);
            Export.Out(@out) = target.GetTopOfBook();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes the best <paramref name="capacity"/> levels of one side, best first (bids from the highest price,
    /// asks from the lowest), and their number to *written; a side with fewer levels writes fewer. Capacity 0 (out
    /// may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side other than VELOZ_SIDE_BUY /
    /// VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL out with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_depth))]
    [ThreadContract("owner thread only")]
    public static Status veloz_book_depth(BookHandle* book, [CSpelling("veloz_side")] int side, Level* @out, int capacity, int* written)
    {
        try
        {
            OrderBook target = Owned(book);
            Side which = Export.ByteEnum<Side>(side, "side");
            ref int writtenOut = ref Export.Out(written);
            writtenOut = target.GetDepth(which, Export.Array(@out, capacity));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Describes the resting order <paramref name="order_id"/>: side, price, remaining quantity, owner and what is
    /// ahead of it in its queue (O(orders ahead)). VELOZ_E_NOT_FOUND when no such order rests;
    /// VELOZ_E_INVALID_ARGUMENT for id 0 or a NULL out. *out is untouched on failure.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_order))]
    [ThreadContract("owner thread only")]
    public static Status veloz_book_order(BookHandle* book, long order_id, OrderInfo* @out)
    {
        try
        {
            OrderBook target = Owned(book);
            ref OrderInfo result = ref Export.Out(@out);
            if (order_id == 0)
                Export.Throw(Status.EInvalidArgument, "order_id must be non-zero");
            if (!target.TryGetOrder(order_id, out OrderInfo info))
                Export.Throw(Status.ENotFound, $"order {order_id} is not resting in the book");
            result = info;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Stores a 64-bit hash of the book's whole state (every resting order in price-time order) in *out_hash. It
    /// depends only on that state, not on capacities or history, so the same flow gives the same hash in every
    /// language. O(orders). Definition, on uint64 with wrapping: h = 0x9E3779B97F4A7C15; for each order, bids from
    /// the highest price then asks from the lowest, oldest first within a level, for v in (side, price, order id,
    /// remaining quantity): h = (h ^ v) * 0xFF51AFD7ED558CCD, h ^= h &gt;&gt; 32; then h ^= number of orders;
    /// h ^= h &gt;&gt; 33; h *= 0xFF51AFD7ED558CCD; h ^= h &gt;&gt; 33; h *= 0xC4CEB9FE1A85EC53; h ^= h &gt;&gt; 33.
    /// VELOZ_E_INVALID_ARGUMENT for a NULL out_hash.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_hash))]
    [ThreadContract("owner thread only")]
    public static Status veloz_book_hash(BookHandle* book, ulong* out_hash)
    {
        try
        {
            OrderBook target = Owned(book);
            Export.Out(out_hash) = target.ComputeStateHash();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the book's counters. The caller sets out->struct_size; the library writes
    /// min(struct_size, sizeof(veloz_book_stats)) bytes and leaves struct_size as it was. VELOZ_E_INVALID_ARGUMENT
    /// for a NULL out or a struct_size of 0 or above 4096.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_get_stats))]
    [ThreadContract("owner thread only")]
    public static Status veloz_book_get_stats(BookHandle* book, VelozBookStats* @out)
    {
        try
        {
            BookStatistics core = Owned(book).GetStatistics();
            Export.StructOut(@out, new VelozBookStats
            {
                OrderCount = core.OrderCount,
                BidLevelCount = core.BidLevelCount,
                AskLevelCount = core.AskLevelCount,
                CommandCount = core.CommandCount,
                RejectedCount = core.RejectedCount,
                UnknownOrderCount = core.UnknownOrderCount,
                TradeCount = core.TradeCount,
                TradeVolume = core.TradeVolume,
                CrossedCount = core.CrossedCount,
            });
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Copies the best bid and ask published after the latest command that changed them, with that command's
    /// sequence, as one consistent state: never torn, never half-applied (a seqlock read that retries while the
    /// owner thread is publishing; the owner never waits). VELOZ_E_STATE when the book was created with
    /// snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_read_top))]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status veloz_book_read_top(BookHandle* book, TopOfBook* @out)
    {
        try
        {
            SnapshotReader.ReadTop(AnyThread(book).Snapshot, @out);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Copies up to <paramref name="capacity"/> published levels of each side, best first, from one consistent
    /// publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count. Capacity 0 (the
    /// arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was created with snapshot_depth 0;
    /// VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a negative capacity, or a NULL array with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_book_read_levels))]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status veloz_book_read_levels(BookHandle* book, Level* bids, Level* asks, int capacity, int* bid_count, int* ask_count)
    {
        try
        {
            SnapshotReader.ReadLevels(AnyThread(book).Snapshot, bids, asks, capacity, bid_count, ask_count);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    // The single-command exports whose command does not depend on the book: look up the handle, apply, map the result.
    private static Status ApplyOne(BookHandle* book, in BookCommand command, [CallerMemberName] string function = "")
    {
        try
        {
            OrderBook target = Owned(book);
            return BookOutcome.ToStatus(target, target.Apply(in command), in command, function);
        }
        catch (Exception e) { return Export.Fail(e, function); }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotAnEntry(BookCommandType type) =>
        Export.Throw(Status.EInvalidArgument, $"order->type must be VELOZ_BOOK_COMMAND_SUBMIT (1) or VELOZ_BOOK_COMMAND_ADD (6), got {(byte)type} (other commands have their own functions; veloz_book_apply takes any)");

    private static OrderBook Owned(BookHandle* book) => Export.Owned<OrderBook>(book, HandleTag.Book, "book");

    private static OrderBook AnyThread(BookHandle* book) => Export.Object<OrderBook>(book, HandleTag.Book, "book");
}
