using System;
using System.Runtime.InteropServices;
using VeloZ.Book;

namespace VeloZ.Interop;

// The C face of VeloZ.Book.OrderBook (spec: BOOK_API.md). Commands and events cross as spans reinterpreted
// between the Interop mirror structs and Core's (MemoryMarshal.Cast: same size and field offsets, pinned by
// BookLayoutTests), so a batch costs one call and no per-event copy or marshalling.

/// <summary>Exports of the level-3 order book.</summary>
public static unsafe class BookExports
{
    // A struct_size above this is not a struct of ours from any version: most likely uninitialized memory.

    private const int DefaultExpectedOrders = 1 << 16;
    private const int DefaultExpectedLevels = 4096;
    private const int DefaultPriceWindowTicks = 4096;
    private const long DefaultMinPrice = 1;
    private const long DefaultMaxPrice = OrderBookConfig.PriceLimit - 1;

    /// <summary>
    /// Creates an order book. <paramref name="config"/> may be NULL for all defaults (a matching book, prices 1 ..
    /// 2^62 - 1, no published snapshot); in a config a zero field means its default, and a struct_size smaller than
    /// this library's reads only the fields that fit. On success stores the handle in <paramref name="out"/>; on
    /// failure stores NULL there. Returns VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096,
    /// or a field out of its documented range (the message names it), and VELOZ_E_OUT_OF_MEMORY if the preallocated
    /// storage cannot be allocated.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_create")]
    [ThreadContract("thread-safe")]
    public static Status Create([Const] VelozBookConfig* config, BookHandle** @out)
    {
        const string function = "veloz_book_create";
        try
        {
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            *@out = null;

            VelozBookConfig given = default;
            if (config != null)
            {
                uint size = config->StructSize;
                if (size < sizeof(uint) || size > StructSize.Max)
                    return LastError.Set(Status.EInvalidArgument, $"{function}: config->struct_size must be {sizeof(uint)}..{StructSize.Max} (sizeof(veloz_book_config) is {sizeof(VelozBookConfig)}), got {size}");
                // Read only the fields the caller's struct holds whole; the others stay zero, which means default.
                VelozBookConfig* g = &given;
                if (StructSize.Fits(size, g, &g->Mode, sizeof(int))) given.Mode = config->Mode;
                if (StructSize.Fits(size, g, &g->ExpectedOrders, sizeof(int))) given.ExpectedOrders = config->ExpectedOrders;
                if (StructSize.Fits(size, g, &g->ExpectedLevels, sizeof(int))) given.ExpectedLevels = config->ExpectedLevels;
                if (StructSize.Fits(size, g, &g->SnapshotDepth, sizeof(int))) given.SnapshotDepth = config->SnapshotDepth;
                if (StructSize.Fits(size, g, &g->Flags, sizeof(uint))) given.Flags = config->Flags;
                if (StructSize.Fits(size, g, &g->PriceWindowTicks, sizeof(int))) given.PriceWindowTicks = config->PriceWindowTicks;
                if (StructSize.Fits(size, g, &g->SelfTradePrevention, sizeof(int))) given.SelfTradePrevention = config->SelfTradePrevention;
                if (StructSize.Fits(size, g, &g->MinPrice, sizeof(long))) given.MinPrice = config->MinPrice;
                if (StructSize.Fits(size, g, &g->MaxPrice, sizeof(long))) given.MaxPrice = config->MaxPrice;
            }

            if (given.Mode != VelozBookMode.Matching && given.Mode != VelozBookMode.Mirror)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->mode must be VELOZ_BOOK_MODE_MATCHING (0) or VELOZ_BOOK_MODE_MIRROR (1), got {(int)given.Mode}");
            if (given.ExpectedOrders < 0 || given.ExpectedOrders > OrderBookConfig.MaxCapacity)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->expected_orders must be 0 (default {DefaultExpectedOrders}) or 1..{OrderBookConfig.MaxCapacity}, got {given.ExpectedOrders}");
            if (given.ExpectedLevels < 0 || given.ExpectedLevels > OrderBookConfig.MaxCapacity)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->expected_levels must be 0 (default {DefaultExpectedLevels}) or 1..{OrderBookConfig.MaxCapacity}, got {given.ExpectedLevels}");
            if (given.SnapshotDepth < 0 || given.SnapshotDepth > BookSnapshot.MaxDepth)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->snapshot_depth must be 0 (no snapshot) or 1..{BookSnapshot.MaxDepth}, got {given.SnapshotDepth}");
            if ((given.Flags & ~(uint)VelozBookConfigFlags.NoLevelEvents) != 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->flags has unknown bits 0x{given.Flags & ~(uint)VelozBookConfigFlags.NoLevelEvents:X} (known: VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS = 1), got 0x{given.Flags:X}");
            int window = given.PriceWindowTicks == 0 ? DefaultPriceWindowTicks : given.PriceWindowTicks;
            if (window < OrderBookConfig.MinPriceWindowTicks || window > OrderBookConfig.MaxPriceWindowTicks || (window & (window - 1)) != 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->price_window_ticks must be 0 (default {DefaultPriceWindowTicks}) or a power of two in {OrderBookConfig.MinPriceWindowTicks}..{OrderBookConfig.MaxPriceWindowTicks}, got {given.PriceWindowTicks}");
            VelozSelfTradePrevention stp = given.SelfTradePrevention == VelozSelfTradePrevention.BookDefault ? VelozSelfTradePrevention.CancelTaker : given.SelfTradePrevention;
            if (stp < VelozSelfTradePrevention.CancelTaker || stp > VelozSelfTradePrevention.CancelBoth)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->self_trade_prevention must be 0 (default CANCEL_TAKER), 1 (CANCEL_TAKER), 2 (CANCEL_MAKER) or 3 (CANCEL_BOTH), got {(int)given.SelfTradePrevention}");
            long minPrice = given.MinPrice == 0 ? DefaultMinPrice : given.MinPrice;
            long maxPrice = given.MaxPrice == 0 ? DefaultMaxPrice : given.MaxPrice;
            if (minPrice < -OrderBookConfig.PriceLimit || minPrice > OrderBookConfig.PriceLimit)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->min_price must be within +-2^62, got {given.MinPrice}");
            if (maxPrice < -OrderBookConfig.PriceLimit || maxPrice > OrderBookConfig.PriceLimit)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->max_price must be within +-2^62, got {given.MaxPrice}");
            if (minPrice > maxPrice)
                return LastError.Set(Status.EInvalidArgument, $"{function}: config->min_price {minPrice} is above max_price {maxPrice} (a zero field means its default: min 1, max 2^62 - 1)");

            var book = new OrderBook(new OrderBookConfig
            {
                Mode = given.Mode == VelozBookMode.Mirror ? BookMode.Mirror : BookMode.Matching,
                ExpectedOrders = given.ExpectedOrders == 0 ? DefaultExpectedOrders : given.ExpectedOrders,
                ExpectedLevels = given.ExpectedLevels == 0 ? DefaultExpectedLevels : given.ExpectedLevels,
                SnapshotDepth = given.SnapshotDepth,
                LevelEvents = (given.Flags & (uint)VelozBookConfigFlags.NoLevelEvents) == 0,
                PriceWindowTicks = window,
                SelfTradePrevention = (SelfTradePrevention)stp,
                MinPrice = minPrice,
                MaxPrice = maxPrice,
            });
            *@out = (BookHandle*)HandleTable.Add(book, HandleTag.Book);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Destroys an order book and its queued events. NULL, or a handle already destroyed, is a no-op. No other
    /// thread may be using the book (a reader in veloz_book_read_top included).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_destroy")]
    [ThreadContract("thread-safe")]
    public static void Destroy(BookHandle* book)
    {
        try
        {
            HandleTable.Remove<OrderBook>((nint)book, HandleTag.Book);
        }
        catch
        {
            // Nothing to report through a void function; the handle table does not throw here in practice.
        }
    }

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
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_submit")]
    [ThreadContract("single writer")]
    public static Status Submit(BookHandle* book, [Const] VelozBookCommand* order)
    {
        const string function = "veloz_book_submit";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (order == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: order is NULL");
            // A private copy: the caller's struct is read once, whatever other threads do to it.
            BookCommand command = *(BookCommand*)order;
            if (command.Type != BookCommandType.Submit && command.Type != BookCommandType.Add)
                return LastError.Set(Status.EInvalidArgument, $"{function}: order->type must be VELOZ_BOOK_COMMAND_SUBMIT (1) or VELOZ_BOOK_COMMAND_ADD (6), got {(byte)command.Type} (other commands have their own functions; veloz_book_apply takes any)");
            return BookOutcome.ToStatus(function, target, target.Apply(in command), in command);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Removes a resting order (a Cancel command in a matching book, a Delete in a mirror book); its events are
    /// queued. VELOZ_E_NOT_FOUND when no order with that id rests (counted in unknown_order_count, a Rejected
    /// event queued), VELOZ_E_INVALID_ARGUMENT for id 0. The book is unchanged on failure.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_cancel")]
    [ThreadContract("single writer")]
    public static Status Cancel(BookHandle* book, long order_id)
    {
        const string function = "veloz_book_cancel";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            BookCommand command = target.Mode == BookMode.Mirror ? BookCommand.Delete(order_id) : BookCommand.Cancel(order_id);
            return BookOutcome.ToStatus(function, target, target.Apply(in command), in command);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> off a resting order's remaining quantity, keeping its queue priority;
    /// taking all of it removes the order. Events are queued. VELOZ_E_NOT_FOUND for an id that is not resting,
    /// VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity &lt;= 0 or above the remaining quantity. The book is
    /// unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_reduce")]
    [ThreadContract("single writer")]
    public static Status Reduce(BookHandle* book, long order_id, long quantity)
    {
        return ApplyOne("veloz_book_reduce", book, BookCommand.Reduce(order_id, quantity));
    }

    /// <summary>
    /// Sets a resting order's price and remaining quantity. The same price and no more quantity keeps its queue
    /// priority; otherwise it moves to the back, and in a matching book a crossing price trades at once. Events are
    /// queued. VELOZ_E_NOT_FOUND for an id that is not resting; VELOZ_E_INVALID_ARGUMENT for id 0, a quantity
    /// &lt;= 0 or a price outside [min_price, max_price]; VELOZ_E_REJECTED for a post-only order that would cross.
    /// The book is unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_modify")]
    [ThreadContract("single writer")]
    public static Status Modify(BookHandle* book, long order_id, long new_price, long new_quantity)
    {
        return ApplyOne("veloz_book_modify", book, BookCommand.Modify(order_id, new_price, new_quantity));
    }

    /// <summary>
    /// Removes a resting order and enters <paramref name="new_order_id"/> on the same side at a new price and
    /// quantity, without priority (ITCH "U"); in a matching book it may trade. Events are queued. VELOZ_E_NOT_FOUND
    /// for an order_id that is not resting; VELOZ_E_DUPLICATE when new_order_id rests already or equals order_id;
    /// VELOZ_E_INVALID_ARGUMENT for a zero id, a quantity &lt;= 0 or a price out of range; VELOZ_E_REJECTED for a
    /// post-only order that would cross. The book is unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_replace")]
    [ThreadContract("single writer")]
    public static Status Replace(BookHandle* book, long order_id, long new_order_id, long new_price, long new_quantity)
    {
        return ApplyOne("veloz_book_replace", book, BookCommand.Replace(order_id, new_order_id, new_price, new_quantity));
    }

    /// <summary>
    /// Mirror book only: the venue executed <paramref name="quantity"/> of a resting order (a Trade event; the
    /// order is done when nothing is left). VELOZ_E_NOT_FOUND for an id that is not resting;
    /// VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity &lt;= 0 or above the remaining quantity; VELOZ_E_REJECTED in
    /// a matching book. The book is unchanged on failure (a Rejected event is queued).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_execute")]
    [ThreadContract("single writer")]
    public static Status Execute(BookHandle* book, long order_id, long quantity)
    {
        return ApplyOne("veloz_book_execute", book, BookCommand.Execute(order_id, quantity));
    }

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
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_apply")]
    [ThreadContract("single writer")]
    public static Status Apply(BookHandle* book, [Const] VelozBookCommand* commands, int count, int* consumed,
        VelozBookEvent* events, int capacity, int* written)
    {
        const string function = "veloz_book_apply";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (consumed == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: consumed is NULL");
            if (written == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: written is NULL");
            if (count < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: count must be >= 0, got {count}");
            if (count > 0 && commands == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: commands is NULL but count is {count}");
            if (capacity < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: capacity must be >= 0, got {capacity}");
            if (capacity > 0 && events == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: events is NULL but capacity is {capacity}");

            ReadOnlySpan<BookCommand> input = MemoryMarshal.Cast<VelozBookCommand, BookCommand>(new ReadOnlySpan<VelozBookCommand>(commands, count));
            Span<BookEvent> output = MemoryMarshal.Cast<VelozBookEvent, BookEvent>(new Span<VelozBookEvent>(events, capacity));
            int processed = target.Apply(input, output, out int copied);
            *consumed = processed;
            *written = copied;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Moves up to <paramref name="capacity"/> queued events, oldest first, into <paramref name="events"/> and
    /// stores their number in *written (0 when none are queued). VELOZ_E_INVALID_ARGUMENT for a NULL written, a
    /// negative capacity, or NULL events with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_drain_events")]
    [ThreadContract("single writer")]
    public static Status DrainEvents(BookHandle* book, VelozBookEvent* events, int capacity, int* written)
    {
        const string function = "veloz_book_drain_events";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (written == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: written is NULL");
            if (capacity < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: capacity must be >= 0, got {capacity}");
            if (capacity > 0 && events == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: events is NULL but capacity is {capacity}");
            *written = target.DrainEvents(MemoryMarshal.Cast<VelozBookEvent, BookEvent>(new Span<VelozBookEvent>(events, capacity)));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>Events queued and not yet drained; 0 for a NULL or invalid handle.</summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_pending_events")]
    [ThreadContract("single writer")]
    public static long PendingEvents(BookHandle* book)
    {
        try
        {
            return HandleTable.Get<OrderBook>((nint)book, HandleTag.Book)?.PendingEventCount ?? 0;
        }
        catch
        {
            return 0;
        }
    }

    /// <summary>
    /// Stores the best bid and best ask (all-zero levels for an empty side) and the book's command count as the
    /// sequence. VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_best")]
    [ThreadContract("owner thread only")]
    public static Status Best(BookHandle* book, VelozTopOfBook* @out)
    {
        const string function = "veloz_book_best";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            *(TopOfBook*)@out = target.GetTopOfBook();
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Writes the best <paramref name="capacity"/> levels of one side, best first (bids from the highest price,
    /// asks from the lowest), and their number to *written; a side with fewer levels writes fewer. Capacity 0 (out
    /// may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side other than VELOZ_SIDE_BUY /
    /// VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL out with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_depth")]
    [ThreadContract("owner thread only")]
    public static Status Depth(BookHandle* book, VelozSide side, VelozLevel* @out, int capacity, int* written)
    {
        const string function = "veloz_book_depth";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (side != VelozSide.Buy && side != VelozSide.Sell)
                return LastError.Set(Status.EInvalidArgument, $"{function}: side must be VELOZ_SIDE_BUY (1) or VELOZ_SIDE_SELL (2), got {(int)side}");
            if (written == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: written is NULL");
            if (capacity < 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: capacity must be >= 0, got {capacity}");
            if (capacity > 0 && @out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL but capacity is {capacity}");
            *written = target.GetDepth((Side)side, MemoryMarshal.Cast<VelozLevel, Level>(new Span<VelozLevel>(@out, capacity)));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Describes the resting order <paramref name="order_id"/>: side, price, remaining quantity, owner and what is
    /// ahead of it in its queue (O(orders ahead)). VELOZ_E_NOT_FOUND when no such order rests;
    /// VELOZ_E_INVALID_ARGUMENT for id 0 or a NULL out. *out is untouched on failure.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_order")]
    [ThreadContract("owner thread only")]
    public static Status Order(BookHandle* book, long order_id, VelozOrderInfo* @out)
    {
        const string function = "veloz_book_order";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            if (order_id == 0)
                return LastError.Set(Status.EInvalidArgument, $"{function}: order_id must be non-zero");
            if (!target.TryGetOrder(order_id, out OrderInfo info))
                return LastError.Set(Status.ENotFound, $"{function}: order {order_id} is not resting in the book");
            *(OrderInfo*)@out = info;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
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
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_hash")]
    [ThreadContract("owner thread only")]
    public static Status Hash(BookHandle* book, ulong* out_hash)
    {
        const string function = "veloz_book_hash";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (out_hash == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out_hash is NULL");
            *out_hash = target.ComputeStateHash();
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the book's counters. The caller sets out->struct_size; the library writes
    /// min(struct_size, sizeof(veloz_book_stats)) bytes and leaves struct_size as it was. VELOZ_E_INVALID_ARGUMENT
    /// for a NULL out or a struct_size of 0 or above 4096.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_get_stats")]
    [ThreadContract("owner thread only")]
    public static Status GetStats(BookHandle* book, VelozBookStats* @out)
    {
        const string function = "veloz_book_get_stats";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            if (@out == null)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out is NULL");
            uint size = @out->StructSize;
            if (size < sizeof(uint) || size > StructSize.Max)
                return LastError.Set(Status.EInvalidArgument, $"{function}: out->struct_size must be {sizeof(uint)}..{StructSize.Max} (sizeof(veloz_book_stats) is {sizeof(VelozBookStats)}), got {size}");
            BookStatistics core = target.GetStatistics();
            var stats = new VelozBookStats
            {
                StructSize = size,
                OrderCount = core.OrderCount,
                BidLevelCount = core.BidLevelCount,
                AskLevelCount = core.AskLevelCount,
                CommandCount = core.CommandCount,
                RejectedCount = core.RejectedCount,
                UnknownOrderCount = core.UnknownOrderCount,
                TradeCount = core.TradeCount,
                TradeVolume = core.TradeVolume,
            };
            StructSize.CopyOut(&stats, @out, size);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Copies the best bid and ask published after the latest command that changed them, with that command's
    /// sequence, as one consistent state: never torn, never half-applied (a seqlock read that retries while the
    /// owner thread is publishing; the owner never waits). VELOZ_E_STATE when the book was created with
    /// snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_read_top")]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status ReadTop(BookHandle* book, VelozTopOfBook* @out)
    {
        const string function = "veloz_book_read_top";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            return SnapshotReader.ReadTop(function, target.Snapshot, @out);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    /// <summary>
    /// Copies up to <paramref name="capacity"/> published levels of each side, best first, from one consistent
    /// publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count. Capacity 0 (the
    /// arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was created with snapshot_depth 0;
    /// VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a negative capacity, or a NULL array with capacity &gt; 0.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "veloz_book_read_levels")]
    [ThreadContract("thread-safe (any thread, lock-free; the owner thread is never blocked)")]
    public static Status ReadLevels(BookHandle* book, VelozLevel* bids, VelozLevel* asks, int capacity, int* bid_count, int* ask_count)
    {
        const string function = "veloz_book_read_levels";
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            return SnapshotReader.ReadLevels(function, target.Snapshot, bids, asks, capacity, bid_count, ask_count);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    // The single-command exports whose command does not depend on the book: look up the handle, apply, map the result.
    private static Status ApplyOne(string function, BookHandle* book, in BookCommand command)
    {
        try
        {
            OrderBook? target = HandleTable.Get<OrderBook>((nint)book, HandleTag.Book);
            if (target is null)
                return InvalidHandle(function, book);
            return BookOutcome.ToStatus(function, target, target.Apply(in command), in command);
        }
        catch (Exception e)
        {
            return LastError.FromException(e);
        }
    }

    private static Status InvalidHandle(string function, BookHandle* handle) =>
        LastError.Set(Status.EInvalidHandle, handle == null
            ? $"{function}: book is NULL"
            : $"{function}: book 0x{(nint)handle:X} is not a live order book (destroyed, or another object's handle)");

}
