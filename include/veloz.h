/*
 * veloz.h: the C API of VeloZ, a low-latency trading core (libveloz.so).
 *
 * GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop
 * (the compiled VeloZ.Interop.dll and its XML doc comments); the build regenerates it and CI
 * fails when this copy differs. To change the API, change the exports, then run
 *   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
 *
 * Conventions: functions that can fail return veloz_status (VELOZ_OK is 0, errors are negative)
 * and write results through out pointers; veloz_last_error_message() explains the most recent
 * failure on the calling thread. Every function states its thread contract.
 */
#ifndef VELOZ_H
#define VELOZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__cplusplus)
#define VELOZ_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define VELOZ_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/* ---- Constants --------------------------------------------------------------------------- */

/** ABI major version; also the SONAME suffix (libveloz.so.0). */
#define VELOZ_VERSION_MAJOR 0
/** Minor version: additions that keep old callers working. */
#define VELOZ_VERSION_MINOR 1
/** Patch version: fixes only. */
#define VELOZ_VERSION_PATCH 0

/* ---- veloz_status ------------------------------------------------------------------------ */

/** Result of every export that can fail. 0 is success; errors are negative. */
typedef int32_t veloz_status;
enum {
    /** Success. */
    VELOZ_OK = 0,
    /** An argument is out of its documented range, or a required pointer is NULL. */
    VELOZ_E_INVALID_ARGUMENT = -1,
    /** The handle is NULL, destroyed, or of another object type. */
    VELOZ_E_INVALID_HANDLE = -2,
    /** The named item (order id, venue, key) does not exist. */
    VELOZ_E_NOT_FOUND = -3,
    /** The item already exists (for example an order id in use). */
    VELOZ_E_DUPLICATE = -4,
    /** A fixed capacity is exhausted (queue, pool, venue table). */
    VELOZ_E_FULL = -5,
    /** Nothing to take (empty queue or pool). */
    VELOZ_E_EMPTY = -6,
    /** Memory could not be allocated. */
    VELOZ_E_OUT_OF_MEMORY = -7,
    /** The caller's buffer is too small; where cheap, the needed size is reported. */
    VELOZ_E_BUFFER_TOO_SMALL = -8,
    /** The object is not in a state that allows the call. */
    VELOZ_E_STATE = -9,
    /** A bug inside VeloZ: an unexpected exception was caught at the boundary. */
    VELOZ_E_INTERNAL = -10,
    /** The operation is not supported on this platform or in this mode. */
    VELOZ_E_UNSUPPORTED = -11,
    /** A sequence number gap was detected (market data); the object is marked stale. */
    VELOZ_E_SEQUENCE_GAP = -12,
    /**
     * The order book refused the order or command for a business reason (post-only would cross,
     * fill-or-kill cannot fill, self-trade, market order without liquidity, command of the
     * other book mode); the reason is in the Rejected event and the last-error message. The
     * book did not change.
     */
    VELOZ_E_REJECTED = -13
};

/* ---- veloz_book_mode --------------------------------------------------------------------- */

/** How an OrderBook treats incoming orders. */
typedef int32_t veloz_book_mode;
enum {
    /**
     * The book is the venue: submitted orders match against resting ones (price-time priority,
     * every trade at the maker's price) and the book is never crossed.
     */
    VELOZ_BOOK_MODE_MATCHING = 0,
    /**
     * The book mirrors a venue's book from its feed (ITCH, LOBSTER, MBO): added orders rest
     * where the feed says, even crossed, and trades happen only when the feed reports an
     * execution.
     */
    VELOZ_BOOK_MODE_MIRROR = 1
};

/* ---- veloz_self_trade_prevention --------------------------------------------------------- */

/**
 * What happens when an incoming (taker) order would trade with a resting (maker) order of the
 * same non-zero owner. The taker's mode decides; owner 0 on either order means no prevention.
 */
typedef int32_t veloz_self_trade_prevention;
enum {
    /** Use the book's OrderBookConfig.SelfTradePrevention. */
    VELOZ_SELF_TRADE_PREVENTION_BOOK_DEFAULT = 0,
    /**
     * The taker's remainder is cancelled (trades before the self match stand, makers
     * untouched). A command whose very first match would be with its own owner changes nothing
     * and is rejected with VELOZ_BOOK_REJECT_SELF_TRADE: a submit, and also a modify or replace
     * that moves a resting order across the spread (the working order stays as it was), and a
     * fill-or-kill order that would meet its own owner before it fills.
     */
    VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER = 1,
    /**
     * Each same-owner maker met is cancelled and the taker goes on matching. A market order
     * that meets only its own liquidity cancels it all and then expires (OrderDone, Expired):
     * the command is Ok, since cancelling the resting orders is what this mode asks for.
     */
    VELOZ_SELF_TRADE_PREVENTION_CANCEL_MAKER = 2,
    /**
     * The first same-owner maker met is cancelled and so is the taker's remainder (OrderDone,
     * SelfTradeCancelled); the command is Ok. A fill-or-kill order that would meet its own
     * owner before it fills is rejected with VELOZ_BOOK_REJECT_SELF_TRADE instead, with nothing
     * cancelled.
     */
    VELOZ_SELF_TRADE_PREVENTION_CANCEL_BOTH = 3
};

/* ---- veloz_side -------------------------------------------------------------------------- */

/**
 * Side of a book: the bids (buy) or the asks (sell).
 *
 * Byte-sized with no zero member, so a zeroed struct coming across the C ABI is recognisably
 * invalid instead of silently meaning "buy".
 */
typedef int32_t veloz_side;
enum {
    /** Bid side: buy orders, best price is the highest. */
    VELOZ_SIDE_BUY = 1,
    /** Ask side: sell orders, best price is the lowest. */
    VELOZ_SIDE_SELL = 2
};

/* ---- veloz_clock_source ------------------------------------------------------------------ */

/** Where a TscClock reads its ticks from. */
typedef int32_t veloz_clock_source;
enum {
    /** The operating system's monotonic clock; one tick is one nanosecond. */
    VELOZ_CLOCK_SOURCE_OS = 0,
    /** The CPU's invariant time-stamp counter, read with rdtsc. */
    VELOZ_CLOCK_SOURCE_TSC = 1
};

/* ---- veloz_depth_status ------------------------------------------------------------------ */

/** Condition of a DepthBook; flags, so that for example Stale and Crossed can both hold. */
typedef int32_t veloz_depth_status;
enum {
    /** In sync with the feed, not crossed, at least one level. */
    VELOZ_DEPTH_STATUS_OK = 0,
    /**
     * A sequence gap was seen: levels are out of date and updates are dropped until the next
     * snapshot.
     */
    VELOZ_DEPTH_STATUS_STALE = 1,
    /**
     * Best bid >= best ask: the feed delivered an inconsistent book (or one side is out of
     * date).
     */
    VELOZ_DEPTH_STATUS_CROSSED = 2,
    /** No level on either side. */
    VELOZ_DEPTH_STATUS_EMPTY = 4
};

/* ---- veloz_loop_idle_strategy ------------------------------------------------------------ */

/** What a loop's thread does when no task is due. */
typedef int32_t veloz_loop_idle_strategy;
enum {
    /** Polls without pause: the lowest wake-up latency, and one core at 100%. */
    VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN = 0,
    /**
     * Polls EventLoopConfig.SpinIterations times, then yields the core to another thread
     * between polls.
     */
    VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD = 1,
    /**
     * Polls EventLoopConfig.SpinIterations times (about 200 ns each), then sleeps until the
     * next delayed task is due or a post wakes it: no core burnt while idle, but a wake from
     * sleep is an OS wake-up (tens of µs on a VM); posts closer together than the spin phase
     * never let it sleep.
     */
    VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP = 2
};

/* ---- veloz_loop_priority ----------------------------------------------------------------- */

/**
 * The priority of a task: a due task of a higher priority runs before one of a lower (but see
 * EventLoopConfig.StarvationLimit).
 */
typedef int32_t veloz_loop_priority;
enum {
    /** Runs first: order handling, risk checks. */
    VELOZ_LOOP_PRIORITY_CRITICAL = 0,
    /** The default. */
    VELOZ_LOOP_PRIORITY_NORMAL = 1,
    /** Runs when nothing else is due: logging, statistics, housekeeping. */
    VELOZ_LOOP_PRIORITY_BACKGROUND = 2
};

/* ---- veloz_wait_strategy ----------------------------------------------------------------- */

/**
 * How a blocking call (PushWait, PopWait) of a queue waits while the queue is full or empty;
 * chosen when the queue is created. The non-blocking calls never wait, whatever the strategy.
 */
typedef int32_t veloz_wait_strategy;
enum {
    /**
     * The default: spin briefly, then yield the CPU, then sleep until the other side wakes the
     * waiter (or the timeout passes). An idle waiter costs no CPU; waking it costs the other
     * side a lock and a few microseconds, paid only while somebody sleeps.
     */
    VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK = 0,
    /**
     * Spin briefly, then yield the CPU between checks (sched_yield): low latency, a busy core
     * when idle.
     */
    VELOZ_WAIT_STRATEGY_SPIN_THEN_YIELD = 1,
    /**
     * Spin on the queue without ever giving the CPU up: the lowest latency, one full core per
     * waiter.
     */
    VELOZ_WAIT_STRATEGY_BUSY_SPIN = 2
};

/* ---- veloz_timer_expiry_flags ------------------------------------------------------------ */

/** Flags of a veloz_timer_expiry. */
typedef int32_t veloz_timer_expiry_flags;
enum {
    /** None. */
    VELOZ_TIMER_EXPIRY_FLAGS_NONE = 0,
    /** The timer is periodic and was re-armed: its id stays valid. */
    VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC = 1
};

/* ---- veloz_book_command_type ------------------------------------------------------------- */

/**
 * What a veloz_book_command asks the book to do.
 *
 * Zero is not a command, so a zeroed struct is rejected with VELOZ_BOOK_REJECT_INVALID_COMMAND.
 * Matching-only commands in a mirror book, and mirror-only commands in a matching book, are
 * rejected with VELOZ_BOOK_REJECT_WRONG_MODE.
 */
typedef int32_t veloz_book_command_type;
enum {
    /** Not a command. */
    VELOZ_BOOK_COMMAND_NONE = 0,
    /** Matching mode: a new limit or market order that may trade and, GTC limit, rest. */
    VELOZ_BOOK_COMMAND_SUBMIT = 1,
    /** Both modes: remove a resting order (its whole remaining quantity). */
    VELOZ_BOOK_COMMAND_CANCEL = 2,
    /**
     * Both modes: take veloz_book_command.quantity off a resting order's remaining quantity,
     * keeping its queue priority; taking all of it removes the order; more than it has is
     * rejected.
     */
    VELOZ_BOOK_COMMAND_REDUCE = 3,
    /**
     * Both modes: set a resting order's price and remaining quantity. Same price and no more
     * quantity keeps priority; a new price or more quantity loses it (and, in matching mode, a
     * crossing price trades at once).
     */
    VELOZ_BOOK_COMMAND_MODIFY = 4,
    /**
     * Both modes: remove a resting order and enter a new one with a new, unused id on the same
     * side with a new price and quantity (ITCH "U"); it has no priority and, in matching mode,
     * may trade.
     */
    VELOZ_BOOK_COMMAND_REPLACE = 5,
    /** Mirror mode: a new order rests at its price without matching, even if it crosses. */
    VELOZ_BOOK_COMMAND_ADD = 6,
    /** Mirror mode: the venue executed veloz_book_command.quantity of a resting order. */
    VELOZ_BOOK_COMMAND_EXECUTE = 7,
    /** Both modes: the same as VELOZ_BOOK_COMMAND_CANCEL, under the feed's name. */
    VELOZ_BOOK_COMMAND_DELETE = 8
};

/* ---- veloz_book_config_flags ------------------------------------------------------------- */

/** Options of an order book, or-ed into veloz_book_config.flags. */
typedef int32_t veloz_book_config_flags;
enum {
    /** Emit no LevelChanged events (faster when nobody needs L2 data). */
    VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS = 1
};

/* ---- veloz_book_event_flags -------------------------------------------------------------- */

/** Extra facts about a veloz_book_event. */
typedef int32_t veloz_book_event_flags;
enum {
    /** Nothing to add. */
    VELOZ_BOOK_EVENT_FLAGS_NONE = 0,
    /**
     * LevelChanged: the level is the best of its side after the change or, for a level that
     * just emptied (quantity 0), it was the best before it emptied.
     */
    VELOZ_BOOK_EVENT_FLAGS_TOP_OF_BOOK = 1,
    /** Modified: the order lost its queue priority (moved to the back of its level). */
    VELOZ_BOOK_EVENT_FLAGS_LOST_PRIORITY = 2
};

/* ---- veloz_book_event_type --------------------------------------------------------------- */

/** Kind of a veloz_book_event. */
typedef int32_t veloz_book_event_type;
enum {
    /** Not an event (a zeroed struct). */
    VELOZ_BOOK_EVENT_NONE = 0,
    /** A new order entered the book (Submit, Add, or the new id of a Replace). */
    VELOZ_BOOK_EVENT_ACCEPTED = 1,
    /**
     * A command was refused; the book did not change. The reason is a veloz_book_reject_reason.
     */
    VELOZ_BOOK_EVENT_REJECTED = 2,
    /**
     * A trade: a taker (or the feed) executed quantity of a resting maker at the maker's price.
     */
    VELOZ_BOOK_EVENT_TRADE = 3,
    /**
     * An order left the book or, never resting, finished. The reason is an
     * veloz_order_done_reason.
     */
    VELOZ_BOOK_EVENT_ORDER_DONE = 4,
    /** An existing order's price or quantity was changed by Reduce or Modify. */
    VELOZ_BOOK_EVENT_MODIFIED = 5,
    /**
     * A price level's total quantity or order count changed (L2 data); off when level events
     * are disabled.
     */
    VELOZ_BOOK_EVENT_LEVEL_CHANGED = 6
};

/* ---- veloz_book_reject_reason ------------------------------------------------------------ */

/**
 * Outcome of one command: VELOZ_BOOK_REJECT_OK, or why it was rejected. Returned by the
 * single-command methods of OrderBook and carried by VELOZ_BOOK_EVENT_REJECTED events. A
 * rejected command never changes the book.
 */
typedef int32_t veloz_book_reject_reason;
enum {
    /** The command was carried out (an IOC that expired unfilled is still Ok). */
    VELOZ_BOOK_REJECT_OK = 0,
    /**
     * The same value as VELOZ_BOOK_REJECT_OK: no reject reason (a reason field of an event that
     * is not a reject holds it).
     */
    VELOZ_BOOK_REJECT_NONE = 0,
    /**
     * The order id names no resting order (never issued, already filled or cancelled). Counted
     * in OrderBook.UnknownOrderCount.
     */
    VELOZ_BOOK_REJECT_UNKNOWN_ORDER = 1,
    /** The new order id is already used by a resting order (or equals the replaced id). */
    VELOZ_BOOK_REJECT_DUPLICATE_ID = 2,
    /** Quantity is zero or negative, or more than the order has left (Reduce, Execute). */
    VELOZ_BOOK_REJECT_INVALID_QUANTITY = 3,
    /**
     * Price (or a market order's protection price) outside the configured [MinPrice, MaxPrice]
     * tick range.
     */
    VELOZ_BOOK_REJECT_INVALID_PRICE = 4,
    /** A post-only order would have traded on arrival. */
    VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS = 5,
    /**
     * A fill-or-kill order could not be filled completely at once: the liquidity within its
     * price is short.
     */
    VELOZ_BOOK_REJECT_FOK_CANNOT_FILL = 6,
    /** A market order found nothing to trade with (within its protection price). */
    VELOZ_BOOK_REJECT_NO_LIQUIDITY = 7,
    /**
     * Under VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER, the command's first match would have been
     * with a resting order of its own owner (a submit, or a modify or replace that crosses); or
     * a fill-or-kill order would meet its own owner before it fills (CancelTaker, CancelBoth).
     * Nothing changed.
     */
    VELOZ_BOOK_REJECT_SELF_TRADE = 8,
    /** The command belongs to the other veloz_book_mode. */
    VELOZ_BOOK_REJECT_WRONG_MODE = 9,
    /** An order id (or new order id) is zero. */
    VELOZ_BOOK_REJECT_INVALID_ORDER_ID = 10,
    /** The side is neither Buy nor Sell. */
    VELOZ_BOOK_REJECT_INVALID_SIDE = 11,
    /**
     * Unknown command type, order type, time in force, flags or self-trade mode, or a
     * combination that makes no sense (post-only IOC, post-only market).
     */
    VELOZ_BOOK_REJECT_INVALID_COMMAND = 12
};

/* ---- veloz_depth_result ------------------------------------------------------------------ */

/** What DepthBook did with an update or a snapshot. */
typedef int32_t veloz_depth_result;
enum {
    /** Applied; the book is not crossed. */
    VELOZ_DEPTH_RESULT_APPLIED = 0,
    /**
     * Applied, and the book is now crossed (best bid >= best ask); flagged in the state and
     * counted.
     */
    VELOZ_DEPTH_RESULT_CROSSED = 1,
    /**
     * A delete (quantity 0) of a price not in the book: nothing changed except the sequence;
     * counted.
     */
    VELOZ_DEPTH_RESULT_UNKNOWN_LEVEL = 2,
    /**
     * Sequence gap: the update's sequence is not the last one + 1. Not applied; the book is now
     * stale until the next snapshot; counted.
     */
    VELOZ_DEPTH_RESULT_SEQUENCE_GAP = 3,
    /** The book is stale (an earlier gap): dropped without looking at it; counted. */
    VELOZ_DEPTH_RESULT_DROPPED_STALE = 4,
    /**
     * Sequence at or below the last applied one (or the snapshot's): a duplicate or late
     * update, dropped; counted.
     */
    VELOZ_DEPTH_RESULT_DROPPED_OLD = 5,
    /**
     * Invalid update (side not Buy/Sell, or negative quantity): rejected, nothing changed;
     * counted.
     */
    VELOZ_DEPTH_RESULT_INVALID = 6
};

/* ---- veloz_event_loop_config_flags ------------------------------------------------------- */

/** Options of an event loop, or-ed into veloz_event_loop_config.flags. */
typedef int32_t veloz_event_loop_config_flags;
enum {
    /**
     * The thread that first runs the loop (run_once, run_for or run) is pinned to
     * config->pin_cpu before it runs a task, as veloz_thread_pin does; a CPU that does not
     * exist or is not allowed fails that call with VELOZ_E_INVALID_ARGUMENT and the loop runs
     * nothing until a run succeeds.
     */
    VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD = 1
};

/* ---- veloz_order_done_reason ------------------------------------------------------------- */

/** Why an order finished (VELOZ_BOOK_EVENT_ORDER_DONE). */
typedef int32_t veloz_order_done_reason;
enum {
    /** Not a reason (zeroed). */
    VELOZ_ORDER_DONE_NONE = 0,
    /** Its whole quantity traded. */
    VELOZ_ORDER_DONE_FILLED = 1,
    /** Cancelled or deleted by command (or reduced to nothing). */
    VELOZ_ORDER_DONE_CANCELLED = 2,
    /** The unfilled remainder of an IOC, FOK or market order, which never rests. */
    VELOZ_ORDER_DONE_EXPIRED = 3,
    /** Cancelled by self-trade prevention (as taker or as maker). */
    VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED = 4,
    /** Removed by a Replace; veloz_book_event.other_order_id is the new id. */
    VELOZ_ORDER_DONE_REPLACED = 5
};

/* ---- veloz_order_flags ------------------------------------------------------------------- */

/** Optional behaviours of a submitted order; combine with bitwise or. */
typedef int32_t veloz_order_flags;
enum {
    /** No option. */
    VELOZ_ORDER_FLAGS_NONE = 0,
    /**
     * Maker only: a GTC limit order that would trade on arrival is rejected with
     * VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS instead. Kept by the resting order, so a later
     * modify or replace to a crossing price is rejected the same way.
     */
    VELOZ_ORDER_FLAGS_POST_ONLY = 1,
    /**
     * Market orders only: veloz_book_command.protection_price is set, and the order does not
     * trade beyond it (a buy no higher, a sell no lower).
     */
    VELOZ_ORDER_FLAGS_PROTECTION_PRICE = 2
};

/* ---- veloz_order_type -------------------------------------------------------------------- */

/** Kind of a submitted order (matching mode). */
typedef int32_t veloz_order_type;
enum {
    /**
     * Trades at its limit price or better; what is left rests (GTC) or is cancelled (IOC/FOK).
     */
    VELOZ_ORDER_TYPE_LIMIT = 0,
    /**
     * Trades at any price, or only up to veloz_book_command.protection_price when
     * VELOZ_ORDER_FLAGS_PROTECTION_PRICE is set; never rests, its remainder is cancelled.
     */
    VELOZ_ORDER_TYPE_MARKET = 1
};

/* ---- veloz_pool_config_flags ------------------------------------------------------------- */

/** Options of a pool, or-ed into veloz_pool_config.flags. */
typedef int32_t veloz_pool_config_flags;
enum {
    /**
     * Debug mode: every returned block is overwritten with 0xDD bytes, so a use after return
     * reads garbage a test sees.
     */
    VELOZ_POOL_CONFIG_FILL_FREED = 1
};

/* ---- veloz_time_in_force ----------------------------------------------------------------- */

/** How long a submitted order may live (matching mode). */
typedef int32_t veloz_time_in_force;
enum {
    /** Good till cancelled: the unfilled part rests in the book. */
    VELOZ_TIME_IN_FORCE_GTC = 0,
    /** Immediate or cancel: trades what it can now, the remainder expires and never rests. */
    VELOZ_TIME_IN_FORCE_IOC = 1,
    /**
     * Fill or kill: fills completely at once or not at all; an order that cannot fill leaves no
     * trace (one VELOZ_BOOK_EVENT_REJECTED event with VELOZ_BOOK_REJECT_FOK_CANNOT_FILL).
     */
    VELOZ_TIME_IN_FORCE_FOK = 2
};

/* ---- Opaque handle types ----------------------------------------------------------------- */

/**
 * A bump allocator over chunks of native memory for one owner thread (opaque): allocations of
 * any size and alignment, freed all at once by veloz_arena_reset (which keeps the chunks) or
 * veloz_arena_destroy.
 */
typedef struct veloz_arena veloz_arena;
/**
 * A level-3 (order by order) limit order book for one instrument (opaque): a matching engine,
 * or a mirror of a venue's book rebuilt from its feed. One thread drives it; other threads may
 * read its published top levels (veloz_book_read_top, veloz_book_read_levels).
 */
typedef struct veloz_book veloz_book;
/**
 * A lock-free pool of fixed-size blocks of native memory for any number of threads (opaque). A
 * block rented on one thread may be returned on another.
 */
typedef struct veloz_concurrent_pool veloz_concurrent_pool;
/**
 * A level-2 (market-by-price) book kept from a venue's price-level updates with sequence
 * checking (opaque). One thread drives it; other threads may read its published top levels
 * (veloz_depth_read_top).
 */
typedef struct veloz_depth veloz_depth;
/**
 * An event loop (opaque): one thread runs it (the owner) and runs its tasks in priority order;
 * any thread may post tasks (a function and a context) and stop it.
 */
typedef struct veloz_event_loop veloz_event_loop;
/** An HDR-style latency histogram (opaque). */
typedef struct veloz_histogram veloz_histogram;
/**
 * A bounded queue of fixed-size records for any number of producer and consumer threads
 * (opaque). Records are copied in and out; their size (record_size) is fixed at creation.
 */
typedef struct veloz_mpmc veloz_mpmc;
/**
 * A pool of fixed-size blocks of native memory for one owner thread (opaque). Blocks never
 * move; returned blocks are reused last in, first out.
 */
typedef struct veloz_pool veloz_pool;
/**
 * A bounded lock-free queue of fixed-size records between one producer thread and one consumer
 * thread (opaque). Records are copied in and out; their size (record_size) is fixed at
 * creation.
 */
typedef struct veloz_spsc veloz_spsc;
/** Opaque handle of a per-venue exchange-time estimator (Core: VeloZ.Time.TimeSync). */
typedef struct veloz_time_sync veloz_time_sync;
/**
 * A hierarchical timer wheel for one owner thread (opaque): O(1) schedule and cancel of
 * one-shot and periodic timers, fired in deadline order by veloz_timer_wheel_advance at the
 * caller's clock.
 */
typedef struct veloz_timer_wheel veloz_timer_wheel;

/* ---- veloz_arena_config ------------------------------------------------------------------ */

/**
 * Configuration of veloz_arena_create. Zero the struct, set struct_size to
 * sizeof(veloz_arena_config) and the fields you need: a zero field means its default; NULL
 * means all defaults.
 */
typedef struct veloz_arena_config {
    /** sizeof(veloz_arena_config) as the caller knows it. */
    uint32_t struct_size;
    /** Flags: none are defined yet, so it must be 0. */
    uint32_t flags;
    /**
     * Bytes per chunk, 4 KiB..1 GiB (0: 64 KiB). An allocation larger than a chunk gets a chunk
     * of its own.
     */
    int64_t chunk_size;
    /**
     * NUL-terminated UTF-8 name under which veloz_memory_report lists the arena, at most 128
     * characters (NULL or "": "arena"). Copied at creation.
     */
    const char* name;
} veloz_arena_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_arena_config) == 24, "veloz_arena_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_config, struct_size) == 0, "veloz_arena_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_config, flags) == 4, "veloz_arena_config.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_config, chunk_size) == 8, "veloz_arena_config.chunk_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_config, name) == 16, "veloz_arena_config.name: offset differs from the C# layout");

/* ---- veloz_arena_stats ------------------------------------------------------------------- */

/** Counters of an arena, filled by veloz_arena_get_stats. Set struct_size before the call. */
typedef struct veloz_arena_stats {
    /** sizeof(veloz_arena_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /**
     * Chunks the arena holds (chunks of their own for allocations larger than a chunk
     * included).
     */
    int32_t chunks;
    /** Bytes per chunk as configured. */
    int64_t chunk_size;
    /** Native bytes the chunks hold; a reset keeps them. */
    int64_t bytes_reserved;
    /**
     * Bytes handed out since the last reset (the sizes asked for, without alignment padding).
     */
    int64_t bytes_allocated;
    /** The most bytes handed out between two resets. */
    int64_t peak_bytes_allocated;
    /** Allocations since creation (a batch counts each block). */
    int64_t allocations;
    /** Resets since creation. */
    int64_t resets;
} veloz_arena_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_arena_stats) == 56, "veloz_arena_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, struct_size) == 0, "veloz_arena_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, chunks) == 4, "veloz_arena_stats.chunks: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, chunk_size) == 8, "veloz_arena_stats.chunk_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, bytes_reserved) == 16, "veloz_arena_stats.bytes_reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, bytes_allocated) == 24, "veloz_arena_stats.bytes_allocated: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, peak_bytes_allocated) == 32, "veloz_arena_stats.peak_bytes_allocated: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, allocations) == 40, "veloz_arena_stats.allocations: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_arena_stats, resets) == 48, "veloz_arena_stats.resets: offset differs from the C# layout");

/* ---- veloz_book_config ------------------------------------------------------------------- */

/**
 * Configuration of veloz_book_create. Zero the struct, set struct_size to
 * sizeof(veloz_book_config) and the fields you need: a zero field means its default. Fields
 * beyond a smaller (older) struct_size take their defaults.
 */
typedef struct veloz_book_config {
    /** sizeof(veloz_book_config) as the caller knows it. */
    uint32_t struct_size;
    /** VELOZ_BOOK_MODE_MATCHING (0, default) or VELOZ_BOOK_MODE_MIRROR. */
    veloz_book_mode mode;
    /**
     * Resting orders to preallocate for, 1..2^28 (0: 65,536). More are fine: storage doubles,
     * allocating only then. At most 2^22 (about 260 MB) is allocated and touched at create; a
     * larger hint is reached by doubling.
     */
    int32_t expected_orders;
    /**
     * Price levels (both sides) to preallocate for, 1..2^28 (0: 4,096); at most 2^22 at create,
     * more by doubling.
     */
    int32_t expected_levels;
    /**
     * Levels per side published after every command for veloz_book_read_top /
     * veloz_book_read_levels, 1..4096 (0: none, and those calls give VELOZ_E_STATE).
     */
    int32_t snapshot_depth;
    /** VELOZ_BOOK_CONFIG_* or-ed (0: none). Other bits are refused. */
    uint32_t flags;
    /**
     * Ticks per side in the O(1) direct-indexed window that follows the best price: a power of
     * two, 64..2^20 (0: 4,096).
     */
    int32_t price_window_ticks;
    /**
     * Self-trade prevention for orders that ask for BOOK_DEFAULT: CANCEL_TAKER, CANCEL_MAKER or
     * CANCEL_BOTH (0: CANCEL_TAKER).
     */
    veloz_self_trade_prevention self_trade_prevention;
    /**
     * Lowest accepted price in ticks, within +-2^62 (0: 1; to accept 0 and negative prices set
     * a negative bound).
     */
    int64_t min_price;
    /** Highest accepted price in ticks, within +-2^62 and >= min_price (0: 2^62 - 1). */
    int64_t max_price;
} veloz_book_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_book_config) == 48, "veloz_book_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, struct_size) == 0, "veloz_book_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, mode) == 4, "veloz_book_config.mode: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, expected_orders) == 8, "veloz_book_config.expected_orders: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, expected_levels) == 12, "veloz_book_config.expected_levels: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, snapshot_depth) == 16, "veloz_book_config.snapshot_depth: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, flags) == 20, "veloz_book_config.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, price_window_ticks) == 24, "veloz_book_config.price_window_ticks: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, self_trade_prevention) == 28, "veloz_book_config.self_trade_prevention: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, min_price) == 32, "veloz_book_config.min_price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_config, max_price) == 40, "veloz_book_config.max_price: offset differs from the C# layout");

/* ---- veloz_book_command ------------------------------------------------------------------ */

/**
 * One instruction to an OrderBook. Blittable, 64 bytes, the same layout as the C struct, so a
 * span of commands crosses the ABI unchanged. Fields a command type does not use are ignored
 * (zero them). The static factories build each kind.
 *
 * Layout (offset: field): 0 Type, 1 Side, 2 OrderType, 3 TimeInForce, 4 Flags, 5
 * SelfTradePrevention, 6 Reserved0 (u16), 8 Owner (u32), 12 Reserved1 (u32), 16 OrderId, 24
 * NewOrderId, 32 Price, 40 Quantity, 48 ProtectionPrice, 56 Reserved2 (i64).
 */
typedef struct veloz_book_command {
    /** What to do. */
    uint8_t type;
    /**
     * Submit, Add: the order's side. Ignored by commands that name a resting order (its side is
     * kept).
     */
    uint8_t side;
    /** Submit: Limit or Market. */
    uint8_t order_type;
    /**
     * Submit: GTC, IOC or FOK. Market orders never rest: FOK makes them all-or-nothing,
     * anything else behaves as IOC.
     */
    uint8_t time_in_force;
    /**
     * Submit: VELOZ_ORDER_FLAGS_POST_ONLY (GTC limit only), VELOZ_ORDER_FLAGS_PROTECTION_PRICE
     * (market only).
     */
    uint8_t flags;
    /**
     * Submit: self-trade prevention mode when this order is the taker; kept by the resting
     * order.
     */
    uint8_t self_trade_prevention;
    /** Zero. */
    uint16_t reserved0;
    /**
     * Submit: owner (account) id for self-trade prevention; 0 means none. Kept by the resting
     * order.
     */
    uint32_t owner;
    /** Zero. */
    uint32_t reserved1;
    /**
     * Every command: the order's id, caller-chosen and non-zero. Submit/Add: unused by any
     * resting order.
     */
    int64_t order_id;
    /**
     * Replace: the id the order continues under; non-zero, unused, different from
     * veloz_book_command.order_id.
     */
    int64_t new_order_id;
    /**
     * Submit (limit), Add: limit price in ticks. Modify, Replace: the new price. Within the
     * book's [MinPrice, MaxPrice].
     */
    int64_t price;
    /**
     * Submit, Add: the order's quantity. Modify, Replace: the new remaining quantity. Reduce:
     * how much to take off. Execute: how much was executed. Always > 0. The caller keeps the
     * total resting at one price below 2^63 (the book does not check sums for overflow).
     */
    int64_t quantity;
    /**
     * Submit (market) with VELOZ_ORDER_FLAGS_PROTECTION_PRICE: worst price the order may trade
     * at, within the book's [MinPrice, MaxPrice] (else InvalidPrice).
     */
    int64_t protection_price;
    /** Zero. */
    int64_t reserved2;
} veloz_book_command;
VELOZ_STATIC_ASSERT(sizeof(veloz_book_command) == 64, "veloz_book_command: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, type) == 0, "veloz_book_command.type: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, side) == 1, "veloz_book_command.side: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, order_type) == 2, "veloz_book_command.order_type: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, time_in_force) == 3, "veloz_book_command.time_in_force: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, flags) == 4, "veloz_book_command.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, self_trade_prevention) == 5, "veloz_book_command.self_trade_prevention: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, reserved0) == 6, "veloz_book_command.reserved0: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, owner) == 8, "veloz_book_command.owner: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, reserved1) == 12, "veloz_book_command.reserved1: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, order_id) == 16, "veloz_book_command.order_id: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, new_order_id) == 24, "veloz_book_command.new_order_id: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, price) == 32, "veloz_book_command.price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, quantity) == 40, "veloz_book_command.quantity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, protection_price) == 48, "veloz_book_command.protection_price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_command, reserved2) == 56, "veloz_book_command.reserved2: offset differs from the C# layout");

/* ---- veloz_book_event -------------------------------------------------------------------- */

/**
 * One thing that happened in an OrderBook. Blittable, 64 bytes, the same layout as the C
 * struct. Which fields mean what depends on veloz_book_event.type; unused fields are zero.
 *
 * Layout (offset: field): 0 Type, 1 Side, 2 Reason, 3 Flags, 4 CommandType, 5..7 Reserved0, 8
 * OrderCount (i32), 12 Reserved1 (i32), 16 Sequence, 24 OrderId, 32 OtherOrderId, 40 Price, 48
 * Quantity, 56 RemainingQuantity.
 *
 * Per type:
 *
 * - Accepted: Side, OrderId, Price (0 for market orders), Quantity (as submitted); OtherOrderId
 * = the replaced id after a Replace.
 *
 * - Rejected: Reason (veloz_book_reject_reason), Side, OrderId, OtherOrderId (= NewOrderId),
 * Price, Quantity echo the command.
 *
 * - Trade: OrderId = maker, OtherOrderId = taker (0 for a mirror Execute), Side = aggressor
 * side, Price = maker's price, Quantity = traded, RemainingQuantity = maker's quantity left.
 *
 * - OrderDone: Reason (veloz_order_done_reason), Side, OrderId, Price, Quantity = quantity left
 * unfilled (0 when filled); OtherOrderId = the new id when Replaced.
 *
 * - Modified: Side, OrderId, Price and Quantity = the order's new price and remaining quantity;
 * Flags may hold LostPriority.
 *
 * - LevelChanged: Side, Price, Quantity = new total at the level (0 = level gone), OrderCount;
 * Flags may hold TopOfBook.
 */
typedef struct veloz_book_event {
    /** What happened. */
    uint8_t type;
    /** Order's side; the aggressor's side for a Trade; the level's side for LevelChanged. */
    uint8_t side;
    /**
     * Rejected: a veloz_book_reject_reason. OrderDone: an veloz_order_done_reason. Otherwise 0.
     */
    uint8_t reason;
    /** See veloz_book_event_flags. */
    uint8_t flags;
    /** The type of the command that caused this event. */
    uint8_t command_type;
    /** Zero. */
    uint8_t reserved0;
    /** Zero. */
    uint16_t reserved0b;
    /** LevelChanged: orders resting at the level after the change. */
    int32_t order_count;
    /** Zero. */
    int32_t reserved1;
    /**
     * Number of the command that caused this event: the book counts every command it is given
     * (rejected ones too) from 1.
     */
    int64_t sequence;
    /** The order concerned; the maker for a Trade; 0 for LevelChanged. */
    int64_t order_id;
    /**
     * Trade: the taker. Accepted after Replace: the old id. OrderDone (Replaced): the new id.
     * Rejected: the command's NewOrderId.
     */
    int64_t other_order_id;
    /** Price in ticks (see the per-type list). */
    int64_t price;
    /** Quantity (see the per-type list). */
    int64_t quantity;
    /** Trade: the maker's remaining quantity after the trade. Otherwise 0. */
    int64_t remaining_quantity;
} veloz_book_event;
VELOZ_STATIC_ASSERT(sizeof(veloz_book_event) == 64, "veloz_book_event: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, type) == 0, "veloz_book_event.type: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, side) == 1, "veloz_book_event.side: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, reason) == 2, "veloz_book_event.reason: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, flags) == 3, "veloz_book_event.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, command_type) == 4, "veloz_book_event.command_type: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, reserved0) == 5, "veloz_book_event.reserved0: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, reserved0b) == 6, "veloz_book_event.reserved0b: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, order_count) == 8, "veloz_book_event.order_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, reserved1) == 12, "veloz_book_event.reserved1: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, sequence) == 16, "veloz_book_event.sequence: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, order_id) == 24, "veloz_book_event.order_id: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, other_order_id) == 32, "veloz_book_event.other_order_id: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, price) == 40, "veloz_book_event.price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, quantity) == 48, "veloz_book_event.quantity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_event, remaining_quantity) == 56, "veloz_book_event.remaining_quantity: offset differs from the C# layout");

/* ---- veloz_level ------------------------------------------------------------------------- */

/**
 * One price level of a book side: the price in ticks, the total quantity resting there and,
 * where known, the number of orders. Blittable, 24 bytes, passed unchanged across the C ABI.
 *
 * An empty level (a side with no orders) is all zeros.
 */
typedef struct veloz_level {
    /** Price in ticks. */
    int64_t price;
    /** Total quantity at this price; 0 only for an empty level. */
    int64_t quantity;
    /** Number of orders at this price, 0 when the source does not publish it. */
    int32_t order_count;
    /** Zero; keeps the size a multiple of 8 and leaves room for a field later. */
    int32_t reserved;
} veloz_level;
VELOZ_STATIC_ASSERT(sizeof(veloz_level) == 24, "veloz_level: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_level, price) == 0, "veloz_level.price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_level, quantity) == 8, "veloz_level.quantity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_level, order_count) == 16, "veloz_level.order_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_level, reserved) == 20, "veloz_level.reserved: offset differs from the C# layout");

/* ---- veloz_top_of_book ------------------------------------------------------------------- */

/**
 * Best bid and best ask of a book with the book sequence they belong to. Blittable, 56 bytes.
 *
 * An empty side is reported as an all-zero veloz_level (Quantity 0).
 */
typedef struct veloz_top_of_book {
    /** Best bid (highest buy price), or all zeros when there are no bids. */
    veloz_level bid;
    /** Best ask (lowest sell price), or all zeros when there are no asks. */
    veloz_level ask;
    /** Sequence number of the book state this top belongs to. */
    int64_t sequence;
} veloz_top_of_book;
VELOZ_STATIC_ASSERT(sizeof(veloz_top_of_book) == 56, "veloz_top_of_book: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_top_of_book, bid) == 0, "veloz_top_of_book.bid: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_top_of_book, ask) == 24, "veloz_top_of_book.ask: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_top_of_book, sequence) == 48, "veloz_top_of_book.sequence: offset differs from the C# layout");

/* ---- veloz_order_info -------------------------------------------------------------------- */

/**
 * What the book knows about one resting order (OrderBook.TryGetOrder). Blittable, 48 bytes.
 *
 * Layout: 0 OrderId, 8 Price, 16 RemainingQuantity, 24 QuantityAhead, 32 OrdersAhead (i32), 36
 * Owner (u32), 40 Side, 41 Flags, 42 SelfTradePrevention, 43..47 Reserved.
 */
typedef struct veloz_order_info {
    /** The order's id. */
    int64_t order_id;
    /** Price in ticks. */
    int64_t price;
    /** Quantity still resting. */
    int64_t remaining_quantity;
    /**
     * Total remaining quantity of the orders ahead of it at its price (what must trade before
     * it does).
     */
    int64_t quantity_ahead;
    /** Number of orders ahead of it at its price. */
    int32_t orders_ahead;
    /** Owner id for self-trade prevention (0 = none). */
    uint32_t owner;
    /** Buy or Sell. */
    uint8_t side;
    /** Flags the order keeps (post-only). */
    uint8_t flags;
    /** The self-trade prevention mode it was given (resolved: never BookDefault). */
    uint8_t self_trade_prevention;
    /** Zero. */
    uint8_t reserved0;
    /** Zero. */
    int32_t reserved1;
} veloz_order_info;
VELOZ_STATIC_ASSERT(sizeof(veloz_order_info) == 48, "veloz_order_info: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, order_id) == 0, "veloz_order_info.order_id: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, price) == 8, "veloz_order_info.price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, remaining_quantity) == 16, "veloz_order_info.remaining_quantity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, quantity_ahead) == 24, "veloz_order_info.quantity_ahead: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, orders_ahead) == 32, "veloz_order_info.orders_ahead: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, owner) == 36, "veloz_order_info.owner: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, side) == 40, "veloz_order_info.side: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, flags) == 41, "veloz_order_info.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, self_trade_prevention) == 42, "veloz_order_info.self_trade_prevention: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, reserved0) == 43, "veloz_order_info.reserved0: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_order_info, reserved1) == 44, "veloz_order_info.reserved1: offset differs from the C# layout");

/* ---- veloz_book_stats -------------------------------------------------------------------- */

/**
 * Counters of an order book, filled by veloz_book_get_stats. Set struct_size before the call.
 * From offset 8 on, the same bytes as Core's VeloZ.Book.BookStatistics.
 */
typedef struct veloz_book_stats {
    /** sizeof(veloz_book_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Zero. */
    int32_t reserved0;
    /** Resting orders. */
    int64_t order_count;
    /** Non-empty bid price levels. */
    int32_t bid_level_count;
    /** Non-empty ask price levels. */
    int32_t ask_level_count;
    /** Commands processed (rejected ones included): the sequence of the latest command. */
    int64_t command_count;
    /** Commands rejected. */
    int64_t rejected_count;
    /**
     * Commands rejected because they named an order id that is not resting (feeds that start
     * mid-day produce these).
     */
    int64_t unknown_order_count;
    /** Trade events. */
    int64_t trade_count;
    /** Sum of traded quantity; it stays at INT64_MAX once it gets there instead of wrapping. */
    int64_t trade_volume;
    /**
     * Commands after which the book was crossed (best bid at or above best ask): always 0 in a
     * matching book. In a mirror book a feed whose deletes go unreported leaves it crossed; the
     * top of book (veloz_book_read_top) then shows bid.price >= ask.price with both quantities
     * above 0.
     */
    int64_t crossed_count;
} veloz_book_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_book_stats) == 72, "veloz_book_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, struct_size) == 0, "veloz_book_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, reserved0) == 4, "veloz_book_stats.reserved0: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, order_count) == 8, "veloz_book_stats.order_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, bid_level_count) == 16, "veloz_book_stats.bid_level_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, ask_level_count) == 20, "veloz_book_stats.ask_level_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, command_count) == 24, "veloz_book_stats.command_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, rejected_count) == 32, "veloz_book_stats.rejected_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, unknown_order_count) == 40, "veloz_book_stats.unknown_order_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, trade_count) == 48, "veloz_book_stats.trade_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, trade_volume) == 56, "veloz_book_stats.trade_volume: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_book_stats, crossed_count) == 64, "veloz_book_stats.crossed_count: offset differs from the C# layout");

/* ---- veloz_clock_info -------------------------------------------------------------------- */

/** The library clock's calibration, filled by veloz_clock_get_info. */
typedef struct veloz_clock_info {
    /**
     * Set by the caller to sizeof(veloz_clock_info); the library writes at most that many bytes
     * and leaves this field as it was.
     */
    uint32_t struct_size;
    /** Where ticks come from. */
    veloz_clock_source source;
    /**
     * 1 if the CPU reports an invariant TSC (CPUID 0x80000007 EDX bit 8), else 0, whatever the
     * source.
     */
    int32_t invariant_tsc;
    /** Zero. */
    int32_t reserved;
    /** The calibrated TSC frequency (exactly 1e9 for the OS source). */
    double ticks_per_second;
    /** Wall time (Unix-epoch ns) of the last calibration. */
    int64_t calibrated_at_ns;
    /**
     * Estimated error of the last calibration: half the narrowest (ticks, realtime, ticks)
     * sandwich, in ns.
     */
    int64_t error_ns;
    /** Calibrations so far, the one at startup included. */
    int64_t calibration_count;
} veloz_clock_info;
VELOZ_STATIC_ASSERT(sizeof(veloz_clock_info) == 48, "veloz_clock_info: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, struct_size) == 0, "veloz_clock_info.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, source) == 4, "veloz_clock_info.source: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, invariant_tsc) == 8, "veloz_clock_info.invariant_tsc: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, reserved) == 12, "veloz_clock_info.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, ticks_per_second) == 16, "veloz_clock_info.ticks_per_second: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, calibrated_at_ns) == 24, "veloz_clock_info.calibrated_at_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, error_ns) == 32, "veloz_clock_info.error_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_clock_info, calibration_count) == 40, "veloz_clock_info.calibration_count: offset differs from the C# layout");

/* ---- veloz_pool_config ------------------------------------------------------------------- */

/**
 * Configuration of veloz_pool_create and veloz_concurrent_pool_create. Zero the struct, set
 * struct_size to sizeof(veloz_pool_config), block_size, and the fields you need: a zero field
 * means its default. block_size has no default, so the config is required. Fields beyond a
 * smaller (older) struct_size take their defaults.
 */
typedef struct veloz_pool_config {
    /** sizeof(veloz_pool_config) as the caller knows it. */
    uint32_t struct_size;
    /**
     * Bytes per block, 1..1 MiB (required). Blocks lie every block_size rounded up to alignment
     * (at least 8) bytes.
     */
    int32_t block_size;
    /** Alignment of every block, a power of two 1..4096 (0: 16). */
    int32_t alignment;
    /**
     * Blocks allocated at creation, 1..2^24 (0: 1,024); the pool then grows by chunks that
     * double its capacity.
     */
    int32_t initial_blocks;
    /**
     * Most blocks the pool may hold, initial_blocks..2^30 (0: no limit but 2^30); a rent beyond
     * it fails with VELOZ_E_FULL.
     */
    int32_t max_blocks;
    /**
     * Or-ed veloz_pool_config_flags (VELOZ_POOL_CONFIG_FILL_FREED); other bits are
     * VELOZ_E_INVALID_ARGUMENT.
     */
    uint32_t flags;
    /**
     * NUL-terminated UTF-8 name under which veloz_memory_report lists the pool, at most 128
     * characters (NULL or "": "pool"). Copied at creation.
     */
    const char* name;
} veloz_pool_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_pool_config) == 32, "veloz_pool_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, struct_size) == 0, "veloz_pool_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, block_size) == 4, "veloz_pool_config.block_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, alignment) == 8, "veloz_pool_config.alignment: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, initial_blocks) == 12, "veloz_pool_config.initial_blocks: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, max_blocks) == 16, "veloz_pool_config.max_blocks: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, flags) == 20, "veloz_pool_config.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_config, name) == 24, "veloz_pool_config.name: offset differs from the C# layout");

/* ---- veloz_pool_stats -------------------------------------------------------------------- */

/**
 * Counters of a pool, filled by veloz_pool_get_stats and veloz_concurrent_pool_get_stats. Set
 * struct_size before the call. For a concurrent pool read while other threads rent and return,
 * each field is a recent value, not a consistent snapshot.
 */
typedef struct veloz_pool_stats {
    /** sizeof(veloz_pool_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Bytes per block as configured. */
    int32_t block_size;
    /** Alignment of every block. */
    int32_t alignment;
    /** Distance between consecutive blocks: block_size rounded up to alignment, at least 8. */
    int32_t stride;
    /** Chunks of native memory the blocks live in. */
    int32_t chunks;
    /** Always 0; keeps the 64-bit fields below 8-byte aligned. */
    int32_t reserved;
    /** Blocks the pool holds now (free and rented). */
    int64_t capacity;
    /** The max_blocks limit (0: none but 2^30). */
    int64_t max_blocks;
    /** Blocks rented and not yet returned. */
    int64_t in_use;
    /**
     * Most blocks in use at once (exact for veloz_pool; sampled for veloz_concurrent_pool, so
     * it may be below the true peak).
     */
    int64_t peak_in_use;
    /** Blocks rented since creation (a batch counts each block). */
    int64_t rents;
    /** Blocks returned since creation. */
    int64_t returns;
    /** Rents refused because the pool was exhausted (a batch that stops short counts once). */
    int64_t failed_rents;
    /** Returns refused: foreign pointers, pointers inside a block, blocks not rented. */
    int64_t bad_returns;
    /** Native bytes the chunks hold. */
    int64_t bytes_reserved;
} veloz_pool_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_pool_stats) == 96, "veloz_pool_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, struct_size) == 0, "veloz_pool_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, block_size) == 4, "veloz_pool_stats.block_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, alignment) == 8, "veloz_pool_stats.alignment: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, stride) == 12, "veloz_pool_stats.stride: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, chunks) == 16, "veloz_pool_stats.chunks: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, reserved) == 20, "veloz_pool_stats.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, capacity) == 24, "veloz_pool_stats.capacity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, max_blocks) == 32, "veloz_pool_stats.max_blocks: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, in_use) == 40, "veloz_pool_stats.in_use: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, peak_in_use) == 48, "veloz_pool_stats.peak_in_use: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, rents) == 56, "veloz_pool_stats.rents: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, returns) == 64, "veloz_pool_stats.returns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, failed_rents) == 72, "veloz_pool_stats.failed_rents: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, bad_returns) == 80, "veloz_pool_stats.bad_returns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_pool_stats, bytes_reserved) == 88, "veloz_pool_stats.bytes_reserved: offset differs from the C# layout");

/* ---- veloz_depth_config ------------------------------------------------------------------ */

/**
 * Configuration of veloz_depth_create. Zero the struct, set struct_size to
 * sizeof(veloz_depth_config) and the fields you need: a zero field means its default. Fields
 * beyond a smaller (older) struct_size take their defaults.
 */
typedef struct veloz_depth_config {
    /** sizeof(veloz_depth_config) as the caller knows it. */
    uint32_t struct_size;
    /** Levels per side to allocate up front, 1..2^28 (0: 256); the arrays grow beyond it. */
    int32_t expected_levels;
    /**
     * Levels per side published for veloz_depth_read_top / veloz_depth_read_levels, 1..4096 (0:
     * none, and those calls give VELOZ_E_STATE).
     */
    int32_t snapshot_depth;
    /** Zero (other values are refused, so the field can take a meaning later). */
    int32_t reserved;
} veloz_depth_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_depth_config) == 16, "veloz_depth_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_config, struct_size) == 0, "veloz_depth_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_config, expected_levels) == 4, "veloz_depth_config.expected_levels: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_config, snapshot_depth) == 8, "veloz_depth_config.snapshot_depth: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_config, reserved) == 12, "veloz_depth_config.reserved: offset differs from the C# layout");

/* ---- veloz_depth_update ------------------------------------------------------------------ */

/**
 * One price-level update of an L2 (market-by-price) feed: set the quantity at a price on a
 * side, 0 deleting the level. Blittable, 32 bytes, passed unchanged across the C ABI.
 *
 * Offsets: Sequence 0, Price 8, Quantity 16, Side 24, Reserved1 25, Reserved2 26, OrderCount
 * 28.
 */
typedef struct veloz_depth_update {
    /** Feed sequence number; each update must be the previous one + 1. */
    int64_t sequence;
    /** Price in ticks. */
    int64_t price;
    /**
     * New total quantity at the price (not a delta); 0 deletes the level; negative is invalid.
     */
    int64_t quantity;
    /** Book side the level is on. */
    uint8_t side;
    /** Zero; explicit padding so the layout is the same in C. */
    uint8_t reserved1;
    /** Zero; explicit padding so the layout is the same in C. */
    uint16_t reserved2;
    /**
     * Orders at the level when the venue publishes it, otherwise 0. Copied into
     * veloz_level.order_count.
     */
    int32_t order_count;
} veloz_depth_update;
VELOZ_STATIC_ASSERT(sizeof(veloz_depth_update) == 32, "veloz_depth_update: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, sequence) == 0, "veloz_depth_update.sequence: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, price) == 8, "veloz_depth_update.price: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, quantity) == 16, "veloz_depth_update.quantity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, side) == 24, "veloz_depth_update.side: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, reserved1) == 25, "veloz_depth_update.reserved1: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, reserved2) == 26, "veloz_depth_update.reserved2: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_update, order_count) == 28, "veloz_depth_update.order_count: offset differs from the C# layout");

/* ---- veloz_depth_state ------------------------------------------------------------------- */

/**
 * Status and counters of a depth book, filled by veloz_depth_get_state. Set struct_size before
 * the call. From offset 8 on, the same bytes as Core's VeloZ.Book.DepthBookState.
 */
typedef struct veloz_depth_state {
    /** sizeof(veloz_depth_state) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Zero. */
    int32_t reserved0;
    /**
     * VELOZ_DEPTH_STATUS_* flags (STALE, CROSSED, EMPTY); VELOZ_DEPTH_STATUS_OK when none
     * holds.
     */
    veloz_depth_status status;
    /** Number of bid levels. */
    int32_t bid_levels;
    /** Number of ask levels. */
    int32_t ask_levels;
    /** Zero. */
    int32_t reserved;
    /**
     * Sequence of the last applied update or snapshot (the next update must carry this + 1).
     */
    int64_t last_sequence;
    /**
     * Sequence of the last loaded snapshot (0 for the implicit empty snapshot of a new book).
     */
    int64_t snapshot_sequence;
    /** Updates applied (deletes of unknown levels included) since creation. */
    int64_t update_count;
    /** Snapshots loaded. */
    int64_t snapshot_count;
    /** Sequence gaps seen (each made the book stale). */
    int64_t gap_count;
    /**
     * Updates dropped because the book was stale (veloz_depth_apply refuses such batches
     * instead, so 0 through the C API).
     */
    int64_t dropped_stale_count;
    /**
     * Updates dropped because their sequence was at or below the last applied (or snapshot)
     * sequence.
     */
    int64_t dropped_old_count;
    /** Updates, batches and snapshots that left the book crossed. */
    int64_t crossed_count;
    /** Deletes of prices that were not in the book (no-ops). */
    int64_t unknown_level_count;
    /**
     * Updates rejected as invalid (veloz_depth_apply checks a batch first and refuses it whole,
     * so 0 through the C API).
     */
    int64_t invalid_count;
} veloz_depth_state;
VELOZ_STATIC_ASSERT(sizeof(veloz_depth_state) == 104, "veloz_depth_state: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, struct_size) == 0, "veloz_depth_state.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, reserved0) == 4, "veloz_depth_state.reserved0: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, status) == 8, "veloz_depth_state.status: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, bid_levels) == 12, "veloz_depth_state.bid_levels: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, ask_levels) == 16, "veloz_depth_state.ask_levels: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, reserved) == 20, "veloz_depth_state.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, last_sequence) == 24, "veloz_depth_state.last_sequence: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, snapshot_sequence) == 32, "veloz_depth_state.snapshot_sequence: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, update_count) == 40, "veloz_depth_state.update_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, snapshot_count) == 48, "veloz_depth_state.snapshot_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, gap_count) == 56, "veloz_depth_state.gap_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, dropped_stale_count) == 64, "veloz_depth_state.dropped_stale_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, dropped_old_count) == 72, "veloz_depth_state.dropped_old_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, crossed_count) == 80, "veloz_depth_state.crossed_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, unknown_level_count) == 88, "veloz_depth_state.unknown_level_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_depth_state, invalid_count) == 96, "veloz_depth_state.invalid_count: offset differs from the C# layout");

/* ---- veloz_event_loop_config ------------------------------------------------------------- */

/**
 * Configuration of veloz_event_loop_create. Zero the struct, set struct_size to
 * sizeof(veloz_event_loop_config) and the fields you need: a zero field means its default (NULL
 * config: all defaults).
 */
typedef struct veloz_event_loop_config {
    /** sizeof(veloz_event_loop_config) as the caller knows it. */
    uint32_t struct_size;
    /**
     * Tasks that may wait at once (posted, delayed or due, not yet run), 16..2^22 (0: 65,536);
     * a post beyond it fails with VELOZ_E_FULL.
     */
    int32_t task_capacity;
    /**
     * The delayed tasks' timer wheel tick in ns, 1,000..3,600,000,000,000 (0: 100,000). Delayed
     * tasks run exactly when due.
     */
    int64_t timer_tick_ns;
    /**
     * Tasks of higher priorities run while a lower one waits before one lower task runs,
     * 1..1,000,000 (0: 64).
     */
    int32_t starvation_limit;
    /** Polls before yielding or sleeping, 1..10,000,000 (0: 1,000). */
    int32_t spin_iterations;
    /** What the loop does when idle (0: VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN). */
    veloz_loop_idle_strategy idle_strategy;
    /**
     * Or-ed veloz_event_loop_config_flags (VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD); other bits are
     * VELOZ_E_INVALID_ARGUMENT.
     */
    uint32_t flags;
    /**
     * NUL-terminated UTF-8 name for reports, at most 128 characters (NULL or "": "event_loop").
     * Copied at creation.
     */
    const char* name;
    /**
     * With VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD: the CPU the running thread is pinned to (0..the
     * highest online CPU).
     */
    int32_t pin_cpu;
    /** Must be 0. */
    int32_t reserved;
} veloz_event_loop_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_event_loop_config) == 48, "veloz_event_loop_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, struct_size) == 0, "veloz_event_loop_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, task_capacity) == 4, "veloz_event_loop_config.task_capacity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, timer_tick_ns) == 8, "veloz_event_loop_config.timer_tick_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, starvation_limit) == 16, "veloz_event_loop_config.starvation_limit: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, spin_iterations) == 20, "veloz_event_loop_config.spin_iterations: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, idle_strategy) == 24, "veloz_event_loop_config.idle_strategy: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, flags) == 28, "veloz_event_loop_config.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, name) == 32, "veloz_event_loop_config.name: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, pin_cpu) == 40, "veloz_event_loop_config.pin_cpu: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_config, reserved) == 44, "veloz_event_loop_config.reserved: offset differs from the C# layout");

/* ---- veloz_event_loop_stats -------------------------------------------------------------- */

/**
 * Counters of an event loop, filled by veloz_event_loop_get_stats. Set struct_size before the
 * call.
 */
typedef struct veloz_event_loop_stats {
    /** sizeof(veloz_event_loop_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Always 0; keeps the 64-bit fields below 8-byte aligned. */
    int32_t reserved;
    /** Tasks posted (immediate and delayed) since creation. */
    int64_t posted;
    /** Posts refused because task_capacity tasks were waiting. */
    int64_t failed_posts;
    /** Tasks run at critical priority. */
    int64_t run_critical;
    /** Tasks run at normal priority. */
    int64_t run_normal;
    /** Tasks run at background priority. */
    int64_t run_background;
    /** Delayed tasks cancelled before they ran. */
    int64_t cancelled;
    /** Delayed tasks that ran more than one timer tick after their deadline. */
    int64_t late_timers;
    /** Times a lower-priority task ran ahead of a higher one by the starvation guard. */
    int64_t starvation_promotions;
    /** Tasks waiting now (posted or due, not yet run). */
    int64_t waiting;
    /** Delayed tasks not yet due. */
    int64_t delayed;
    /** Nanoseconds spent running tasks inside veloz_event_loop_run and run_for. */
    int64_t busy_ns;
    /** Nanoseconds spent idle inside veloz_event_loop_run and run_for. */
    int64_t idle_ns;
    /**
     * Post-to-run latency of the tasks run (ns; from the deadline for delayed tasks): median.
     */
    int64_t latency_p50_ns;
    /** Post-to-run latency, 99th percentile. */
    int64_t latency_p99_ns;
    /** Post-to-run latency, 99.9th percentile. */
    int64_t latency_p999_ns;
    /** Post-to-run latency, the largest. */
    int64_t latency_max_ns;
} veloz_event_loop_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_event_loop_stats) == 136, "veloz_event_loop_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, struct_size) == 0, "veloz_event_loop_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, reserved) == 4, "veloz_event_loop_stats.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, posted) == 8, "veloz_event_loop_stats.posted: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, failed_posts) == 16, "veloz_event_loop_stats.failed_posts: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, run_critical) == 24, "veloz_event_loop_stats.run_critical: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, run_normal) == 32, "veloz_event_loop_stats.run_normal: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, run_background) == 40, "veloz_event_loop_stats.run_background: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, cancelled) == 48, "veloz_event_loop_stats.cancelled: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, late_timers) == 56, "veloz_event_loop_stats.late_timers: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, starvation_promotions) == 64, "veloz_event_loop_stats.starvation_promotions: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, waiting) == 72, "veloz_event_loop_stats.waiting: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, delayed) == 80, "veloz_event_loop_stats.delayed: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, busy_ns) == 88, "veloz_event_loop_stats.busy_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, idle_ns) == 96, "veloz_event_loop_stats.idle_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, latency_p50_ns) == 104, "veloz_event_loop_stats.latency_p50_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, latency_p99_ns) == 112, "veloz_event_loop_stats.latency_p99_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, latency_p999_ns) == 120, "veloz_event_loop_stats.latency_p999_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_event_loop_stats, latency_max_ns) == 128, "veloz_event_loop_stats.latency_max_ns: offset differs from the C# layout");

/* ---- veloz_histogram_config -------------------------------------------------------------- */

/**
 * Configuration of veloz_histogram_create. Set struct_size to sizeof(veloz_histogram_config)
 * and every field: a zero field is out of range. Fields beyond a smaller (older) struct_size
 * take their defaults.
 */
typedef struct veloz_histogram_config {
    /** sizeof(veloz_histogram_config) as the caller knows it. */
    uint32_t struct_size;
    /** Decimal digits kept of every value, 1..5; 0 means the default, 3. */
    int32_t significant_digits;
    /** Smallest value told apart from its neighbours, >= 1; 0 means the default, 1. */
    int64_t lowest_trackable;
    /**
     * Largest value recorded as itself (larger ones are clamped to it), >= 2 * lowest; 0 means
     * the default, 3_600_000_000_000 (an hour in ns).
     */
    int64_t highest_trackable;
} veloz_histogram_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_histogram_config) == 24, "veloz_histogram_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, struct_size) == 0, "veloz_histogram_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, significant_digits) == 4, "veloz_histogram_config.significant_digits: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, lowest_trackable) == 8, "veloz_histogram_config.lowest_trackable: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, highest_trackable) == 16, "veloz_histogram_config.highest_trackable: offset differs from the C# layout");

/* ---- veloz_histogram_stats --------------------------------------------------------------- */

/**
 * Statistics of a histogram, filled by veloz_histogram_get_stats. Set struct_size before the
 * call.
 */
typedef struct veloz_histogram_stats {
    /** sizeof(veloz_histogram_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Zero. */
    int32_t reserved;
    /** Values recorded, clamped ones included. */
    int64_t count;
    /** Exact smallest value recorded; 0 when empty. */
    int64_t min;
    /** Exact largest value recorded, after clamping; 0 when empty. */
    int64_t max;
    /** Exact mean (exact sum / count); 0 when empty. */
    double mean;
    /** Population standard deviation; 0 when empty. */
    double stddev;
    /** Values above highest_trackable, recorded as highest_trackable. */
    int64_t clamped_count;
} veloz_histogram_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_histogram_stats) == 56, "veloz_histogram_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, struct_size) == 0, "veloz_histogram_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, reserved) == 4, "veloz_histogram_stats.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, count) == 8, "veloz_histogram_stats.count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, min) == 16, "veloz_histogram_stats.min: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, max) == 24, "veloz_histogram_stats.max: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, mean) == 32, "veloz_histogram_stats.mean: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, stddev) == 40, "veloz_histogram_stats.stddev: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, clamped_count) == 48, "veloz_histogram_stats.clamped_count: offset differs from the C# layout");

/* ---- veloz_histogram_bucket -------------------------------------------------------------- */

/**
 * One non-empty counter of a Histogram: veloz_histogram_bucket.count values that all lie in the
 * range ending at veloz_histogram_bucket.value. The layout (two 64-bit integers, value first)
 * is fixed, so an array of these can be handed to native code as is.
 */
typedef struct veloz_histogram_bucket {
    /** The highest value equivalent to the bucket: every value counted here is <= it. */
    int64_t value;
    /** How many recorded values the bucket holds (> 0). */
    int64_t count;
} veloz_histogram_bucket;
VELOZ_STATIC_ASSERT(sizeof(veloz_histogram_bucket) == 16, "veloz_histogram_bucket: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_bucket, value) == 0, "veloz_histogram_bucket.value: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_bucket, count) == 8, "veloz_histogram_bucket.count: offset differs from the C# layout");

/* ---- veloz_mpmc_config ------------------------------------------------------------------- */

/**
 * Configuration of veloz_mpmc_create. Zero the struct, set struct_size to
 * sizeof(veloz_mpmc_config) and the fields you need: a zero field means its default. Fields
 * beyond a smaller (older) struct_size take their defaults.
 */
typedef struct veloz_mpmc_config {
    /** sizeof(veloz_mpmc_config) as the caller knows it. */
    uint32_t struct_size;
    /**
     * Records the queue holds, 1..2^26, rounded up to a power of two and to at least 2, the
     * ring (record_size + 8 bytes per record, rounded up to 8) at most 1 GiB (0: 1,024).
     */
    int32_t capacity;
    /**
     * Bytes per record, 8..1024 (0: 64). Every push and pop copies exactly this many bytes per
     * record.
     */
    int32_t record_size;
    /**
     * How veloz_mpmc_push_wait and veloz_mpmc_pop_wait wait: VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK
     * (0, default), _SPIN_THEN_YIELD or _BUSY_SPIN.
     */
    veloz_wait_strategy wait_strategy;
} veloz_mpmc_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_mpmc_config) == 16, "veloz_mpmc_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_mpmc_config, struct_size) == 0, "veloz_mpmc_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_mpmc_config, capacity) == 4, "veloz_mpmc_config.capacity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_mpmc_config, record_size) == 8, "veloz_mpmc_config.record_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_mpmc_config, wait_strategy) == 12, "veloz_mpmc_config.wait_strategy: offset differs from the C# layout");

/* ---- veloz_queue_stats ------------------------------------------------------------------- */

/**
 * Counters of a queue, filled by veloz_spsc_get_stats and veloz_mpmc_get_stats. Set struct_size
 * before the call. Read while other threads push and pop, each field is a recent value, not a
 * consistent snapshot.
 */
typedef struct veloz_queue_stats {
    /** sizeof(veloz_queue_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Records the queue holds (the configured capacity rounded up to a power of two). */
    int32_t capacity;
    /** Bytes per record. */
    int32_t record_size;
    /** 1 once the queue is closed, else 0. */
    int32_t closed;
    /** Records in the queue now (an estimate while other threads run). */
    int64_t size;
    /** Records pushed since creation (a batch counts each record). */
    int64_t pushes;
    /** Records popped since creation. */
    int64_t pops;
    /**
     * Push calls that pushed nothing because the queue was full (a wait counts once, when it
     * times out).
     */
    int64_t failed_pushes;
    /**
     * Pop calls that popped nothing because the queue was empty (a wait counts once, when it
     * times out).
     */
    int64_t failed_pops;
    /**
     * Most records seen in the queue at once: sampled every 64th push, on a full queue and at
     * each stats read, so at most 63 below the true peak.
     */
    int64_t high_water_mark;
} veloz_queue_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_queue_stats) == 64, "veloz_queue_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, struct_size) == 0, "veloz_queue_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, capacity) == 4, "veloz_queue_stats.capacity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, record_size) == 8, "veloz_queue_stats.record_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, closed) == 12, "veloz_queue_stats.closed: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, size) == 16, "veloz_queue_stats.size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, pushes) == 24, "veloz_queue_stats.pushes: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, pops) == 32, "veloz_queue_stats.pops: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, failed_pushes) == 40, "veloz_queue_stats.failed_pushes: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, failed_pops) == 48, "veloz_queue_stats.failed_pops: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_queue_stats, high_water_mark) == 56, "veloz_queue_stats.high_water_mark: offset differs from the C# layout");

/* ---- veloz_spsc_config ------------------------------------------------------------------- */

/**
 * Configuration of veloz_spsc_create. Zero the struct, set struct_size to
 * sizeof(veloz_spsc_config) and the fields you need: a zero field means its default. Fields
 * beyond a smaller (older) struct_size take their defaults.
 */
typedef struct veloz_spsc_config {
    /** sizeof(veloz_spsc_config) as the caller knows it. */
    uint32_t struct_size;
    /**
     * Records the queue holds, 1..2^26, rounded up to a power of two, the ring at most 1 GiB
     * (0: 1,024).
     */
    int32_t capacity;
    /**
     * Bytes per record, 8..1024 (0: 64). Every push and pop copies exactly this many bytes per
     * record.
     */
    int32_t record_size;
    /**
     * How veloz_spsc_push_wait and veloz_spsc_pop_wait wait: VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK
     * (0, default), _SPIN_THEN_YIELD or _BUSY_SPIN.
     */
    veloz_wait_strategy wait_strategy;
} veloz_spsc_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_spsc_config) == 16, "veloz_spsc_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_spsc_config, struct_size) == 0, "veloz_spsc_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_spsc_config, capacity) == 4, "veloz_spsc_config.capacity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_spsc_config, record_size) == 8, "veloz_spsc_config.record_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_spsc_config, wait_strategy) == 12, "veloz_spsc_config.wait_strategy: offset differs from the C# layout");

/* ---- veloz_time_sync_config -------------------------------------------------------------- */

/** Sizes of a veloz_time_sync. Zero fields (or a NULL config) take the defaults. */
typedef struct veloz_time_sync_config {
    /** sizeof(veloz_time_sync_config); fields beyond it take their defaults. */
    uint32_t struct_size;
    /** Distinct venues it can hold: 1..4096, default 64. */
    int32_t max_venues;
    /** Samples kept per venue for the minimum-round-trip filter: 1..65536, default 64. */
    int32_t window;
    /** Zero. */
    int32_t reserved;
} veloz_time_sync_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_time_sync_config) == 16, "veloz_time_sync_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_config, struct_size) == 0, "veloz_time_sync_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_config, max_venues) == 4, "veloz_time_sync_config.max_venues: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_config, window) == 8, "veloz_time_sync_config.window: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_config, reserved) == 12, "veloz_time_sync_config.reserved: offset differs from the C# layout");

/* ---- veloz_time_sync_stats --------------------------------------------------------------- */

/** One venue's clock estimate, filled by veloz_time_sync_get_stats. */
typedef struct veloz_time_sync_stats {
    /**
     * Set by the caller to sizeof(veloz_time_sync_stats); the library writes at most that many
     * bytes and leaves this field as it was.
     */
    uint32_t struct_size;
    /** The venue id. */
    int32_t venue;
    /** Exchange time minus local time, estimated at last_sample_ns. */
    int64_t offset_ns;
    /** The smallest round trip in the window. */
    int64_t best_rtt_ns;
    /**
     * Exchange clock rate relative to the local one, in parts per million (0 until 6 samples).
     */
    double drift_ppm;
    /** Samples ever accepted for this venue. */
    int64_t sample_count;
    /** The latest local receive time of any accepted sample. */
    int64_t last_sample_ns;
} veloz_time_sync_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_time_sync_stats) == 48, "veloz_time_sync_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, struct_size) == 0, "veloz_time_sync_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, venue) == 4, "veloz_time_sync_stats.venue: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, offset_ns) == 8, "veloz_time_sync_stats.offset_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, best_rtt_ns) == 16, "veloz_time_sync_stats.best_rtt_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, drift_ppm) == 24, "veloz_time_sync_stats.drift_ppm: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, sample_count) == 32, "veloz_time_sync_stats.sample_count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_time_sync_stats, last_sample_ns) == 40, "veloz_time_sync_stats.last_sample_ns: offset differs from the C# layout");

/* ---- veloz_timer_wheel_config ------------------------------------------------------------ */

/**
 * Configuration of veloz_timer_wheel_create. Zero the struct, set struct_size to
 * sizeof(veloz_timer_wheel_config) and the fields you need: a zero field means its default
 * (NULL config: all defaults). Fields beyond a smaller (older) struct_size take their defaults.
 */
typedef struct veloz_timer_wheel_config {
    /** sizeof(veloz_timer_wheel_config) as the caller knows it. */
    uint32_t struct_size;
    /**
     * Levels of 256 slots, 1..7 (0: 4). A deadline may lie at most 255 × 256^(levels-1) - 2
     * ticks after the wheel's time (max_delay_ns), and never after 2^62 ns.
     */
    int32_t levels;
    /**
     * Nanoseconds per tick, 1,000..3,600,000,000,000 (0: 1,000,000). Timers fire exactly when
     * due; the tick sets the cost of a long wait, not the precision.
     */
    int64_t tick_ns;
    /**
     * The wheel's time at creation in ns, 0..2^62 (0: 0). Deadlines and advance times are on
     * the same clock (for example veloz_clock_now_ns).
     */
    int64_t start_ns;
    /**
     * Timer nodes allocated at creation, 1..2^26 (0: 1,024); the store doubles when more timers
     * are live.
     */
    int32_t initial_timers;
    /**
     * Most live timers, initial_timers..2^26 (0: no limit but 2^26); a schedule beyond it fails
     * with VELOZ_E_FULL.
     */
    int32_t max_timers;
    /** No flags are defined yet: must be 0. */
    uint32_t flags;
    /** Must be 0; keeps name 8-byte aligned. */
    int32_t reserved;
    /**
     * NUL-terminated UTF-8 name for reports, at most 128 characters (NULL or "":
     * "timer_wheel"). Copied at creation.
     */
    const char* name;
} veloz_timer_wheel_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_timer_wheel_config) == 48, "veloz_timer_wheel_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, struct_size) == 0, "veloz_timer_wheel_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, levels) == 4, "veloz_timer_wheel_config.levels: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, tick_ns) == 8, "veloz_timer_wheel_config.tick_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, start_ns) == 16, "veloz_timer_wheel_config.start_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, initial_timers) == 24, "veloz_timer_wheel_config.initial_timers: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, max_timers) == 28, "veloz_timer_wheel_config.max_timers: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, flags) == 32, "veloz_timer_wheel_config.flags: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, reserved) == 36, "veloz_timer_wheel_config.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_config, name) == 40, "veloz_timer_wheel_config.name: offset differs from the C# layout");

/* ---- veloz_timer_expiry ------------------------------------------------------------------ */

/**
 * One timer that fired, as an advance reports it: 40 bytes with the fields at offsets 0 (id), 8
 * (payload), 16 (deadline), 24 (late_ns), 32 (expirations) and 36 (flags), in C# and in C
 * alike.
 */
typedef struct veloz_timer_expiry {
    /**
     * The id the schedule returned. A periodic timer keeps its id for every period until it is
     * cancelled.
     */
    uint64_t id;
    /** The caller's value given at schedule. */
    uint64_t payload;
    /**
     * The deadline that fired, in ns (for a periodic timer that fell behind: the earliest
     * missed one).
     */
    int64_t deadline;
    /** The advance's time minus veloz_timer_expiry.deadline, ≥ 0: how late the timer ran. */
    int64_t late_ns;
    /**
     * Periods that elapsed (1 for a one-shot). A periodic timer whose later deadlines also
     * passed fires once with their count (like timerfd) and is re-armed for its first deadline
     * after now, on its grid.
     */
    int32_t expirations;
    /** See veloz_timer_expiry_flags. */
    veloz_timer_expiry_flags flags;
} veloz_timer_expiry;
VELOZ_STATIC_ASSERT(sizeof(veloz_timer_expiry) == 40, "veloz_timer_expiry: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_expiry, id) == 0, "veloz_timer_expiry.id: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_expiry, payload) == 8, "veloz_timer_expiry.payload: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_expiry, deadline) == 16, "veloz_timer_expiry.deadline: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_expiry, late_ns) == 24, "veloz_timer_expiry.late_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_expiry, expirations) == 32, "veloz_timer_expiry.expirations: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_expiry, flags) == 36, "veloz_timer_expiry.flags: offset differs from the C# layout");

/* ---- veloz_timer_wheel_stats ------------------------------------------------------------- */

/**
 * Sizes and counters of a timer wheel, filled by veloz_timer_wheel_get_stats. Set struct_size
 * before the call.
 */
typedef struct veloz_timer_wheel_stats {
    /** sizeof(veloz_timer_wheel_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Levels of 256 slots. */
    int32_t levels;
    /** Nanoseconds per tick. */
    int64_t tick_ns;
    /** The wheel's time: the last advance's now (or start_ns). */
    int64_t now_ns;
    /** The furthest a deadline may lie after now_ns. */
    int64_t max_delay_ns;
    /**
     * Live timers: scheduled, not yet fired (one-shot) and not cancelled; periodic timers stay
     * live.
     */
    int64_t active;
    /**
     * Due timers not yet delivered because an advance's buffer was full (they come first next
     * time).
     */
    int64_t pending;
    /** Most live timers at once. */
    int64_t peak_active;
    /** Timer nodes allocated. */
    int64_t capacity;
    /** Timers scheduled since creation. */
    int64_t scheduled;
    /** Timers cancelled (veloz_timer_wheel_cancel and veloz_timer_wheel_clear). */
    int64_t cancelled;
    /** Expiries delivered (a periodic timer counts once per delivery). */
    int64_t fired;
    /**
     * Periods of periodic timers that passed without a delivery of their own (counted in an
     * expiry's expirations).
     */
    int64_t missed_periods;
    /** Times a timer moved down a level. */
    int64_t cascaded;
    /** Schedules refused (full, out of range, bad interval). */
    int64_t failed_schedules;
    /** Cancels of ids that were not live. */
    int64_t failed_cancels;
} veloz_timer_wheel_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_timer_wheel_stats) == 120, "veloz_timer_wheel_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, struct_size) == 0, "veloz_timer_wheel_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, levels) == 4, "veloz_timer_wheel_stats.levels: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, tick_ns) == 8, "veloz_timer_wheel_stats.tick_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, now_ns) == 16, "veloz_timer_wheel_stats.now_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, max_delay_ns) == 24, "veloz_timer_wheel_stats.max_delay_ns: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, active) == 32, "veloz_timer_wheel_stats.active: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, pending) == 40, "veloz_timer_wheel_stats.pending: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, peak_active) == 48, "veloz_timer_wheel_stats.peak_active: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, capacity) == 56, "veloz_timer_wheel_stats.capacity: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, scheduled) == 64, "veloz_timer_wheel_stats.scheduled: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, cancelled) == 72, "veloz_timer_wheel_stats.cancelled: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, fired) == 80, "veloz_timer_wheel_stats.fired: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, missed_periods) == 88, "veloz_timer_wheel_stats.missed_periods: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, cascaded) == 96, "veloz_timer_wheel_stats.cascaded: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, failed_schedules) == 104, "veloz_timer_wheel_stats.failed_schedules: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_timer_wheel_stats, failed_cancels) == 112, "veloz_timer_wheel_stats.failed_cancels: offset differs from the C# layout");

/* ---- Functions: Common ------------------------------------------------------------------- */

/**
 * The library's version packed as (major << 16) | (minor << 8) | patch. Compare its major with
 * VELOZ_VERSION_MAJOR before using anything else.
 *
 * Thread safety: any thread, wait-free.
 */
uint32_t veloz_version(void);

/**
 * The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated string
 * that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status.
 *
 * Thread safety: any thread, wait-free.
 */
const char* veloz_status_name(veloz_status status);

/**
 * Copies the message of the most recent failure on the calling thread into buffer as
 * NUL-terminated UTF-8, truncated to capacity - 1 bytes. Returns the full message length in
 * bytes (without the NUL), like snprintf; 0 when this thread has seen no failure. buffer may be
 * NULL with capacity 0 to ask for the length.
 *
 * Thread safety: thread-safe.
 */
int32_t veloz_last_error_message(char* buffer, int32_t capacity);

/**
 * Hands an object over to another thread (docs/DESIGN.md rule 8). The first thread that calls
 * one of an object's owner thread only or single writer functions becomes its owner, and calls
 * from other threads fail with VELOZ_E_STATE. Called on the owner thread (or while nobody owns
 * it), this gives the object up: the next thread to call such a function becomes its owner.
 * Works on any VeloZ handle. VELOZ_E_INVALID_HANDLE for NULL or a handle that is not live;
 * VELOZ_E_STATE, changing nothing, when another thread owns the object. A shared object
 * (veloz_handle_share) stays shared.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_handle_release_owner(void* handle);

/**
 * Turns the owner-thread check of an object off for good: afterwards any thread may call its
 * functions, and the caller promises that no two calls overlap (for example by holding a lock
 * per object around every call, as the Python classes do). Concurrent calls to a shared object
 * are undefined behaviour. Works on any VeloZ handle. VELOZ_E_INVALID_HANDLE for NULL or a
 * handle that is not live.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_handle_share(void* handle);

/* ---- Functions: Arena -------------------------------------------------------------------- */

/**
 * Creates an arena and reserves its first chunk. config may be NULL for all defaults (64 KiB
 * chunks, named "arena"); a zero field means its default. On success stores the handle in out;
 * on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or
 * above 4096, or a field out of range (the message names it); VELOZ_E_OUT_OF_MEMORY if the
 * chunk cannot be reserved.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_arena_create(const veloz_arena_config* config, veloz_arena** out);

/**
 * Destroys an arena and frees every chunk: every pointer it handed out is dangling afterwards.
 * NULL, or a handle already destroyed, is a no-op. No other thread may be using the arena.
 *
 * Thread safety: thread-safe.
 */
void veloz_arena_destroy(veloz_arena* arena);

/**
 * Allocates size bytes (1..1 GiB, not zeroed) aligned to alignment (a power of two 1..4096, or
 * 0 for 16) and stores the address in out; valid until veloz_arena_reset or
 * veloz_arena_destroy. O(1): a bump of the current chunk; a new chunk (or the next one kept by
 * a reset) when it is full; an allocation larger than a chunk gets a chunk of its own.
 * VELOZ_E_INVALID_ARGUMENT (*out NULL) for a size or alignment out of range or a NULL out;
 * VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_arena_alloc(veloz_arena* arena, int64_t size, int32_t alignment, void** out);

/**
 * Allocates count blocks of size bytes each, aligned as veloz_arena_alloc, their addresses into
 * blocks: the cheapest way to take many. Checks size and alignment before allocating anything.
 * VELOZ_E_INVALID_ARGUMENT for a size or alignment out of range, a negative count or NULL
 * blocks with count above 0; VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved (the blocks
 * before it are allocated; the rest of blocks is unspecified).
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_arena_alloc_batch(veloz_arena* arena, int64_t size, int32_t alignment, void** blocks, int32_t count);

/**
 * Forgets every allocation and keeps every chunk, so the next batch of allocations reuses the
 * same memory and reserves nothing new: every pointer handed out before is invalid afterwards
 * (its memory is reused).
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_arena_reset(veloz_arena* arena);

/**
 * Fills out with the arena's chunks and counters. The caller sets out->struct_size; the library
 * writes min(struct_size, sizeof(veloz_arena_stats)) bytes and leaves struct_size as it was.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_arena_get_stats(veloz_arena* arena, veloz_arena_stats* out);

/* ---- Functions: Book --------------------------------------------------------------------- */

/**
 * Creates an order book. config may be NULL for all defaults (a matching book, prices 1 .. 2^62
 * - 1, no published snapshot); in a config a zero field means its default, and a struct_size
 * smaller than this library's reads only the fields that fit. On success stores the handle in
 * out; on failure stores NULL there. Returns VELOZ_E_INVALID_ARGUMENT for a NULL out, a
 * struct_size of 0 or above 4096, or a field out of its documented range (the message names
 * it), and VELOZ_E_OUT_OF_MEMORY if the preallocated storage cannot be allocated.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_book_create(const veloz_book_config* config, veloz_book** out);

/**
 * Destroys an order book and its queued events. NULL, or a handle already destroyed, is a
 * no-op. No other thread may be using the book (a reader in veloz_book_read_top included).
 *
 * Thread safety: thread-safe.
 */
void veloz_book_destroy(veloz_book* book);

/**
 * Enters one new order: order->type must be VELOZ_BOOK_COMMAND_SUBMIT (matching book) or
 * VELOZ_BOOK_COMMAND_ADD (mirror book). Its events (Accepted, Trades, OrderDone, LevelChanged,
 * or Rejected) are queued for veloz_book_drain_events or the next veloz_book_apply. Returns
 * VELOZ_OK when the book took the order (an IOC that expired unfilled included). A rejected
 * order changes nothing in the book, queues its Rejected event and returns VELOZ_E_DUPLICATE
 * (order_id already resting), VELOZ_E_INVALID_ARGUMENT (invalid quantity, price, side, id or
 * field combination) or VELOZ_E_REJECTED (post-only would cross, FOK cannot fill, self-trade,
 * no liquidity for a market order, wrong book mode), with the reason in the message.
 * VELOZ_E_INVALID_ARGUMENT without an event for a NULL order or another command type.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_submit(veloz_book* book, const veloz_book_command* order);

/**
 * Removes a resting order (a Cancel command in a matching book, a Delete in a mirror book); its
 * events are queued. VELOZ_E_NOT_FOUND when no order with that id rests (counted in
 * unknown_order_count, a Rejected event queued), VELOZ_E_INVALID_ARGUMENT for id 0. The book is
 * unchanged on failure.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_cancel(veloz_book* book, int64_t order_id);

/**
 * Takes quantity off a resting order's remaining quantity, keeping its queue priority; taking
 * all of it removes the order. Events are queued. VELOZ_E_NOT_FOUND for an id that is not
 * resting, VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity <= 0 or above the remaining
 * quantity. The book is unchanged on failure (a Rejected event is queued).
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_reduce(veloz_book* book, int64_t order_id, int64_t quantity);

/**
 * Sets a resting order's price and remaining quantity. The same price and no more quantity
 * keeps its queue priority; otherwise it moves to the back, and in a matching book a crossing
 * price trades at once. Events are queued. VELOZ_E_NOT_FOUND for an id that is not resting;
 * VELOZ_E_INVALID_ARGUMENT for id 0, a quantity <= 0 or a price outside [min_price, max_price];
 * VELOZ_E_REJECTED for a post-only order that would cross. The book is unchanged on failure (a
 * Rejected event is queued).
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_modify(veloz_book* book, int64_t order_id, int64_t new_price, int64_t new_quantity);

/**
 * Removes a resting order and enters new_order_id on the same side at a new price and quantity,
 * without priority (ITCH "U"); in a matching book it may trade. Events are queued.
 * VELOZ_E_NOT_FOUND for an order_id that is not resting; VELOZ_E_DUPLICATE when new_order_id
 * rests already or equals order_id; VELOZ_E_INVALID_ARGUMENT for a zero id, a quantity <= 0 or
 * a price out of range; VELOZ_E_REJECTED for a post-only order that would cross. The book is
 * unchanged on failure (a Rejected event is queued).
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_replace(veloz_book* book, int64_t order_id, int64_t new_order_id, int64_t new_price, int64_t new_quantity);

/**
 * Mirror book only: the venue executed quantity of a resting order (a Trade event; the order is
 * done when nothing is left). VELOZ_E_NOT_FOUND for an id that is not resting;
 * VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity <= 0 or above the remaining quantity;
 * VELOZ_E_REJECTED in a matching book. The book is unchanged on failure (a Rejected event is
 * queued).
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_execute(veloz_book* book, int64_t order_id, int64_t quantity);

/**
 * Processes a batch of commands and copies events into the caller's buffer, never losing one.
 * First copies events still queued from earlier calls, then processes commands in order while
 * their events fit: when the buffer fills, it stops after the command whose events did not fit
 * (the rest of them stay queued). At least one command is processed per call when count > 0, so
 * a capacity of 0 (events may then be NULL) still makes progress, its events all queued.
 * *consumed receives how many commands were processed (a prefix; call again with the rest when
 * it is < count) and *written how many events were copied. Per-command rejects are Rejected
 * events, not errors: the status is VELOZ_OK even when processing stopped early.
 * VELOZ_E_INVALID_ARGUMENT (nothing processed) for a NULL consumed or written, a negative count
 * or capacity, or a NULL array with a non-zero length.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_apply(veloz_book* book, const veloz_book_command* commands, int32_t count, int32_t* consumed, veloz_book_event* events, int32_t capacity, int32_t* written);

/**
 * Moves up to capacity queued events, oldest first, into events and stores their number in
 * *written (0 when none are queued). VELOZ_E_INVALID_ARGUMENT for a NULL written, a negative
 * capacity, or NULL events with capacity > 0.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_book_drain_events(veloz_book* book, veloz_book_event* events, int32_t capacity, int32_t* written);

/**
 * Events queued and not yet drained; 0 for a NULL or invalid handle.
 *
 * Thread safety: single writer.
 */
int64_t veloz_book_pending_events(veloz_book* book);

/**
 * Stores the best bid and best ask (all-zero levels for an empty side) and the book's command
 * count as the sequence. VELOZ_E_INVALID_ARGUMENT for a NULL out.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_book_best(veloz_book* book, veloz_top_of_book* out);

/**
 * Writes the best capacity levels of one side, best first (bids from the highest price, asks
 * from the lowest), and their number to *written; a side with fewer levels writes fewer.
 * Capacity 0 (out may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side other
 * than VELOZ_SIDE_BUY / VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL out with
 * capacity > 0.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_book_depth(veloz_book* book, veloz_side side, veloz_level* out, int32_t capacity, int32_t* written);

/**
 * Describes the resting order order_id: side, price, remaining quantity, owner and what is
 * ahead of it in its queue (O(orders ahead)). VELOZ_E_NOT_FOUND when no such order rests;
 * VELOZ_E_INVALID_ARGUMENT for id 0 or a NULL out. *out is untouched on failure.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_book_order(veloz_book* book, int64_t order_id, veloz_order_info* out);

/**
 * Stores a 64-bit hash of the book's whole state (every resting order in price-time order) in
 * *out_hash. It depends only on that state, not on capacities or history, so the same flow
 * gives the same hash in every language. O(orders). Definition, on uint64 with wrapping: h =
 * 0x9E3779B97F4A7C15; for each order, bids from the highest price then asks from the lowest,
 * oldest first within a level, for v in (side, price, order id, remaining quantity): h = (h ^
 * v) * 0xFF51AFD7ED558CCD, h ^= h >> 32; then h ^= number of orders; h ^= h >> 33; h *=
 * 0xFF51AFD7ED558CCD; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53; h ^= h >> 33.
 * VELOZ_E_INVALID_ARGUMENT for a NULL out_hash.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_book_hash(veloz_book* book, uint64_t* out_hash);

/**
 * Fills out with the book's counters. The caller sets out->struct_size; the library writes
 * min(struct_size, sizeof(veloz_book_stats)) bytes and leaves struct_size as it was.
 * VELOZ_E_INVALID_ARGUMENT for a NULL out or a struct_size of 0 or above 4096.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_book_get_stats(veloz_book* book, veloz_book_stats* out);

/**
 * Copies the best bid and ask published after the latest command that changed them, with that
 * command's sequence, as one consistent state: never torn, never half-applied (a seqlock read
 * that retries while the owner thread is publishing; the owner never waits). VELOZ_E_STATE when
 * the book was created with snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL out.
 *
 * Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
 */
veloz_status veloz_book_read_top(veloz_book* book, veloz_top_of_book* out);

/**
 * Copies up to capacity published levels of each side, best first, from one consistent publish
 * (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count. Capacity 0
 * (the arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was created with
 * snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a negative capacity, or
 * a NULL array with capacity > 0.
 *
 * Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
 */
veloz_status veloz_book_read_levels(veloz_book* book, veloz_level* bids, veloz_level* asks, int32_t capacity, int32_t* bid_count, int32_t* ask_count);

/* ---- Functions: Clock -------------------------------------------------------------------- */

/**
 * The raw counter: TSC ticks, or OS monotonic nanoseconds when the source is
 * VELOZ_CLOCK_SOURCE_OS. Convert with veloz_clock_ticks_to_ns. Returns 0 only if the clock
 * could not start (never observed).
 *
 * Thread safety: any thread, wait-free.
 */
uint64_t veloz_clock_ticks(void);

/**
 * Now, in Unix-epoch nanoseconds (CLOCK_REALTIME, calibrated; about half the cost of
 * clock_gettime). Never decreases on one thread, also across veloz_clock_calibrate. Returns 0
 * only if the clock could not start (never observed).
 *
 * Thread safety: any thread, wait-free.
 */
int64_t veloz_clock_now_ns(void);

/**
 * The Unix-epoch nanoseconds of a veloz_clock_ticks reading, with the current calibration;
 * non-decreasing in ticks. Returns 0 only if the clock could not start (never observed).
 *
 * Thread safety: any thread, wait-free.
 */
int64_t veloz_clock_ticks_to_ns(uint64_t ticks);

/**
 * Re-measures the clock against CLOCK_REALTIME (about 10 µs), refines the TSC frequency, and
 * slews to the new calibration from 200 µs on (at most 500 ppm), so time never jumps backwards.
 * Call it every second to every minute from a housekeeping thread; readers are never blocked.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_clock_calibrate(void);

/**
 * Fills out_info with the clock's source and calibration. The caller sets struct_size; at most
 * that many bytes are written. NULL or a struct_size of 0 or above 4096:
 * VELOZ_E_INVALID_ARGUMENT.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_clock_get_info(veloz_clock_info* out_info);

/* ---- Functions: Concurrent pool ---------------------------------------------------------- */

/**
 * Creates a lock-free pool of fixed-size blocks for any number of threads and reserves
 * config->initial_blocks of them. config is required (block_size has no default); a zero field
 * means its default, and a struct_size smaller than this library's reads only the fields that
 * fit. On success stores the handle in out; on failure stores NULL there.
 * VELOZ_E_INVALID_ARGUMENT for a NULL config or out, a struct_size of 0 or above 4096, or a
 * field out of its range (the message names it, e.g. config->alignment); VELOZ_E_OUT_OF_MEMORY
 * if the first chunk cannot be reserved.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_create(const veloz_pool_config* config, veloz_concurrent_pool** out);

/**
 * Destroys a pool and frees every block, rented or not: a block still held is dangling
 * afterwards. NULL, or a handle already destroyed, is a no-op. No other thread may be using the
 * pool (call it after every thread's last rent and return).
 *
 * Thread safety: thread-safe.
 */
void veloz_concurrent_pool_destroy(veloz_concurrent_pool* pool);

/**
 * Rents a block: stores its address (aligned to the pool's alignment, block_size bytes,
 * contents not zeroed) in out. Lock-free: the most recently returned block comes back first.
 * Grows the pool by a chunk (under a lock, rarely) when no block is free. VELOZ_E_FULL (*out
 * NULL, nothing allocated, no message formatted unless asked) when max_blocks are rented or
 * memory to grow ran out; VELOZ_E_INVALID_ARGUMENT for a NULL out.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_rent(veloz_concurrent_pool* pool, void** out);

/**
 * Returns a block rented from this pool, on any thread (not only the renter's). Two threads
 * returning the same block at once: exactly one succeeds. VELOZ_E_INVALID_ARGUMENT, with the
 * pool unchanged, for a pointer this pool did not rent out: NULL, another pool's or malloc's
 * memory, a pointer inside a block, or a block returned twice (the message says which). With
 * VELOZ_POOL_CONFIG_FILL_FREED the block's bytes become 0xDD.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_return(veloz_concurrent_pool* pool, void* block);

/**
 * Rents count blocks into blocks and stores how many in rented. VELOZ_OK when all were;
 * VELOZ_E_FULL when the pool ran out first: blocks[0 .. *rented) are rented all the same and
 * are the caller's to return. VELOZ_E_INVALID_ARGUMENT for a negative count, NULL blocks with
 * count above 0, or a NULL rented.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_rent_batch(veloz_concurrent_pool* pool, void** blocks, int32_t count, int32_t* rented);

/**
 * Returns the count blocks at blocks in order, stopping at the first the pool refuses (see
 * veloz_concurrent_pool_return); stores how many were returned in returned. VELOZ_OK when all
 * were; VELOZ_E_INVALID_ARGUMENT naming blocks[*returned] when one was refused (the blocks
 * after it are not returned); VELOZ_E_INVALID_ARGUMENT also for a negative count, NULL blocks
 * with count above 0, or a NULL returned.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_return_batch(veloz_concurrent_pool* pool, void** blocks, int32_t count, int32_t* returned);

/**
 * Stores 1 in out_rented when block is the start of a block of this pool that is rented now,
 * else 0 (any pointer may be asked about; with other threads renting and returning the answer
 * may be stale when it arrives). VELOZ_E_INVALID_ARGUMENT for a NULL out_rented.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_is_rented(veloz_concurrent_pool* pool, const void* block, int32_t* out_rented);

/**
 * Fills out with the pool's sizes and counters (recent values while other threads run). The
 * caller sets out->struct_size; the library writes min(struct_size,
 * sizeof(veloz_concurrent_pool_stats)) bytes and leaves struct_size as it was.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_concurrent_pool_get_stats(veloz_concurrent_pool* pool, veloz_pool_stats* out);

/* ---- Functions: Depth -------------------------------------------------------------------- */

/**
 * Creates an empty depth book at sequence 0 (so a feed numbered from 1 needs no snapshot).
 * config may be NULL for all defaults (256 levels per side preallocated, no published
 * snapshot); in a config a zero field means its default, and a struct_size smaller than this
 * library's reads only the fields that fit. On success stores the handle in out; on failure
 * stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096,
 * or a field out of range (the message names it).
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_depth_create(const veloz_depth_config* config, veloz_depth** out);

/**
 * Destroys a depth book. NULL, or a handle already destroyed, is a no-op. No other thread may
 * be using the book (a reader in veloz_depth_read_top included).
 *
 * Thread safety: thread-safe.
 */
void veloz_depth_destroy(veloz_depth* depth);

/**
 * Applies level updates in feed order and publishes once at the end. Each update's sequence
 * must be the last applied one + 1; an update at or below it (a duplicate, or one the snapshot
 * already holds) is dropped and counted (dropped_old_count). A crossed result is applied and
 * flagged (VELOZ_DEPTH_STATUS_CROSSED). *applied receives how many updates were consumed
 * (applied or dropped as old). Every update is checked first: a side other than BUY/SELL or a
 * negative quantity gives VELOZ_E_INVALID_ARGUMENT naming its index, and nothing is applied. A
 * sequence gap gives VELOZ_E_SEQUENCE_GAP: the updates before it were applied, *applied is the
 * index of the gap, and the book is now stale. A stale book refuses every batch with
 * VELOZ_E_STATE (nothing consumed) until veloz_depth_snapshot. VELOZ_E_INVALID_ARGUMENT for a
 * NULL applied, a negative count, or NULL updates with count > 0.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_depth_apply(veloz_depth* depth, const veloz_depth_update* updates, int32_t count, int32_t* applied);

/**
 * Replaces the whole book with a snapshot taken at feed sequence sequence and clears STALE: the
 * next update must carry sequence + 1. Bids best (highest) first with strictly descending
 * prices, asks best (lowest) first with strictly ascending prices, every quantity > 0
 * (order_count is kept, reserved ignored). A crossed snapshot is loaded and flagged.
 * VELOZ_E_INVALID_ARGUMENT, with the book unchanged, for levels out of order or a quantity <= 0
 * (the message names the level), a negative count, or a NULL array with a non-zero count.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_depth_snapshot(veloz_depth* depth, const veloz_level* bids, int32_t bid_count, const veloz_level* asks, int32_t ask_count, int64_t sequence);

/**
 * Stores the best bid and best ask (all-zero levels for an empty side) and the last applied
 * sequence. VELOZ_E_INVALID_ARGUMENT for a NULL out.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_depth_best(veloz_depth* depth, veloz_top_of_book* out);

/**
 * Writes up to capacity levels of one side, best first, and their number to *written. Capacity
 * 0 (out may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side other than
 * VELOZ_SIDE_BUY / VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL out with
 * capacity > 0.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_depth_levels(veloz_depth* depth, veloz_side side, veloz_level* out, int32_t capacity, int32_t* written);

/**
 * Fills out with the book's status flags, level counts, sequences and counters. The caller sets
 * out->struct_size; the library writes min(struct_size, sizeof(veloz_depth_state)) bytes and
 * leaves struct_size as it was. VELOZ_E_INVALID_ARGUMENT for a NULL out or a struct_size of 0
 * or above 4096.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_depth_get_state(veloz_depth* depth, veloz_depth_state* out);

/**
 * Copies the best bid and ask published after the latest update, batch or snapshot, with its
 * sequence, as one consistent state: never torn (a seqlock read that retries while the owner
 * thread is publishing; the owner never waits). VELOZ_E_STATE when the book was created with
 * snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL out.
 *
 * Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
 */
veloz_status veloz_depth_read_top(veloz_depth* depth, veloz_top_of_book* out);

/**
 * Copies up to capacity published levels of each side, best first, from one consistent publish
 * (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count. Capacity 0
 * (the arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was created with
 * snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a negative capacity, or
 * a NULL array with capacity > 0.
 *
 * Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
 */
veloz_status veloz_depth_read_levels(veloz_depth* depth, veloz_level* bids, veloz_level* asks, int32_t capacity, int32_t* bid_count, int32_t* ask_count);

/* ---- Functions: Event loop --------------------------------------------------------------- */

/**
 * Creates an event loop. config may be NULL (all defaults: busy spin, 65,536 tasks, 100 µs
 * timer tick). Creating does not make the calling thread the owner: the first thread that runs
 * the loop, posts a delayed task, cancels or reads stats does. On success stores the handle in
 * out; on failure NULL. VELOZ_E_INVALID_ARGUMENT for a NULL out, a bad struct_size or a field
 * out of range (the message names it).
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_event_loop_create(const veloz_event_loop_config* config, veloz_event_loop** out);

/**
 * Destroys a loop; tasks not yet run are dropped. NULL or a destroyed handle is a no-op. The
 * loop must not be running, and no thread may be posting.
 *
 * Thread safety: thread-safe.
 */
void veloz_event_loop_destroy(veloz_event_loop* loop);

/**
 * Posts task(context) to run on the loop's thread at priority (a veloz_loop_priority), from any
 * thread, lock-free; it wakes a sleeping loop. VELOZ_E_FULL (no message formatted unless asked)
 * when task_capacity tasks wait; VELOZ_E_INVALID_ARGUMENT for a NULL task or an unknown
 * priority.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_event_loop_post(veloz_event_loop* loop, void (*task)(void*), void* context, veloz_loop_priority priority);

/**
 * Schedules task(context) to run at deadline_ns (veloz_clock_now_ns's clock), exactly then or
 * later, never earlier; stores an id for veloz_event_loop_cancel in out_id (0 on failure).
 * VELOZ_E_FULL when task_capacity tasks wait; VELOZ_E_INVALID_ARGUMENT for a deadline beyond
 * the timer wheel's range, a NULL task or out_id, an unknown priority.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_post_at(veloz_event_loop* loop, int64_t deadline_ns, void (*task)(void*), void* context, veloz_loop_priority priority, uint64_t* out_id);

/**
 * As veloz_event_loop_post_at, delay_ns (≥ 0) from now.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_post_after(veloz_event_loop* loop, int64_t delay_ns, void (*task)(void*), void* context, veloz_loop_priority priority, uint64_t* out_id);

/**
 * Cancels a delayed task not yet due: it never runs. VELOZ_E_NOT_FOUND when it ran, came due,
 * was cancelled, or never existed.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_cancel(veloz_event_loop* loop, uint64_t id);

/**
 * Runs every task due now (tasks posted meanwhile wait for the next call); stores how many ran
 * in ran. VELOZ_E_STATE from inside a task.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_run_once(veloz_event_loop* loop, int32_t* ran);

/**
 * Runs the loop for duration_ns (≥ 0), idling by its strategy, or until veloz_event_loop_stop;
 * stores the tasks run in ran. VELOZ_E_STATE from inside a task.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_run_for(veloz_event_loop* loop, int64_t duration_ns, int64_t* ran);

/**
 * Runs the loop until veloz_event_loop_stop (from any thread or a task); stores the tasks run
 * in ran. VELOZ_E_STATE from inside a task.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_run(veloz_event_loop* loop, int64_t* ran);

/**
 * Makes veloz_event_loop_run or run_for return after the task running now, from any thread or
 * from a task; a stop while the loop is not running makes its next run return at once.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_event_loop_stop(veloz_event_loop* loop);

/**
 * Fills out with the loop's counters and its post-to-run latency percentiles. The caller sets
 * out->struct_size. Owner thread only (the latency histogram is the owner's).
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_event_loop_get_stats(veloz_event_loop* loop, veloz_event_loop_stats* out);

/* ---- Functions: Histogram ---------------------------------------------------------------- */

/**
 * Creates a histogram. config may be NULL for all defaults (3 digits, values 1 ..
 * 3_600_000_000_000); a config whose struct_size is smaller than this library's reads only the
 * fields that fit. On success stores the handle in out; on failure stores NULL there. Returns
 * VELOZ_E_INVALID_ARGUMENT for a bad config and VELOZ_E_OUT_OF_MEMORY if the counters (up to
 * about 50 MB at 5 digits) cannot be allocated.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_histogram_create(const veloz_histogram_config* config, veloz_histogram** out);

/**
 * Destroys a histogram. NULL, or a handle already destroyed, is a no-op.
 *
 * Thread safety: thread-safe.
 */
void veloz_histogram_destroy(veloz_histogram* histogram);

/**
 * Records one value. A negative value gives VELOZ_E_INVALID_ARGUMENT and records nothing; a
 * value above highest_trackable is recorded as highest_trackable and counted in clamped_count.
 * O(1), no allocation.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_histogram_record(veloz_histogram* histogram, int64_t value);

/**
 * Records count (>= 0) occurrences of value (>= 0). Fails with VELOZ_E_INVALID_ARGUMENT,
 * recording nothing, for a negative argument or if the total count would pass INT64_MAX.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_histogram_record_n(veloz_histogram* histogram, int64_t value, int64_t count);

/**
 * Records count values from values (NULL allowed when count is 0). Checks them all first: if
 * any is negative, returns VELOZ_E_INVALID_ARGUMENT naming its index and records nothing.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_histogram_record_batch(veloz_histogram* histogram, const int64_t* values, int32_t count);

/**
 * Stores in out_value the value at percentile (0..100): the highest value equivalent to the
 * counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
 * capped at the exact max; 0 gives the exact min, 100 the exact max. VELOZ_E_EMPTY when nothing
 * was recorded.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_value_at_percentile(veloz_histogram* histogram, double percentile, int64_t* out_value);

/**
 * For each of the count percentiles (0..100, any order) stores the value at it, as
 * veloz_histogram_value_at_percentile would, at the same position of out_values. Checks every
 * percentile first; on any error nothing is written. VELOZ_E_EMPTY when nothing was recorded.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_percentiles(veloz_histogram* histogram, const double* percentiles, int64_t* out_values, int32_t count);

/**
 * Fills out with count, min, max, mean, stddev and clamped_count. The caller sets
 * out->struct_size; the library writes min(struct_size, sizeof(veloz_histogram_stats)) bytes
 * and leaves struct_size as it was.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_get_stats(veloz_histogram* histogram, veloz_histogram_stats* out);

/**
 * Writes the non-empty buckets, lowest values first, to out and their number to written. If
 * capacity is too small, returns VELOZ_E_BUFFER_TOO_SMALL, writes no bucket and sets *written
 * to the capacity needed; out may be NULL with capacity 0 to ask for that number.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_buckets(veloz_histogram* histogram, veloz_histogram_bucket* out, int32_t capacity, int32_t* written);

/**
 * Adds every value of source to target (they may be the same histogram); source values above
 * the target's highest_trackable are clamped and counted in its clamped_count. The source is
 * unchanged.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_merge(veloz_histogram* target, veloz_histogram* source);

/**
 * Forgets every recorded value; the configuration stays.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_reset(veloz_histogram* histogram);

/* ---- Functions: Memory report ------------------------------------------------------------ */

/**
 * Writes a table of every live pool and arena of the process (C#'s included: name, kind, block
 * size, capacity, in use, peak, rents, returns, failures, chunks, bytes reserved) and a total
 * line, as NUL-terminated UTF-8, into buffer; stores the text's length in bytes (without the
 * NUL) in written. VELOZ_E_BUFFER_TOO_SMALL, with nothing copied and *written the length needed
 * minus the NUL, when capacity is not above it (a NULL buffer with capacity 0 asks for the
 * length; the text can grow between two calls, so allow some room). VELOZ_E_INVALID_ARGUMENT
 * for a NULL written, a negative capacity, or a NULL buffer with capacity above 0. The values
 * of owner-thread pools are recent, read while their owners may run.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_memory_report(char* buffer, int32_t capacity, int32_t* written);

/**
 * Writes the Prometheus text exposition (format 0.0.4) of every live pool and arena: the gauges
 * and counters veloz_memory_bytes_reserved, veloz_memory_chunks, veloz_pool_in_use_blocks,
 * veloz_pool_rents_total, ..., veloz_arena_allocated_bytes, ..., labelled by name and kind.
 * Buffer, capacity and written as veloz_memory_report.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_memory_prometheus(char* buffer, int32_t capacity, int32_t* written);

/* ---- Functions: Mpmc --------------------------------------------------------------------- */

/**
 * Creates a multi-producer multi-consumer queue. config may be NULL for all defaults (1,024
 * records of 64 bytes, VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK); in a config a zero field means its
 * default, and a struct_size smaller than this library's reads only the fields that fit. On
 * success stores the handle in out; on failure stores NULL there. Returns
 * VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096, or a field out of
 * its documented range (the message names it, e.g. config->record_size), and
 * VELOZ_E_OUT_OF_MEMORY if the ring cannot be allocated.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_create(const veloz_mpmc_config* config, veloz_mpmc** out);

/**
 * Destroys a queue: closes it first, so threads blocked in veloz_mpmc_push_wait /
 * veloz_mpmc_pop_wait wake with VELOZ_E_STATE; calls already running finish safely, later calls
 * get VELOZ_E_INVALID_HANDLE. Records still in the queue are dropped. NULL, or a handle already
 * destroyed, is a no-op.
 *
 * Thread safety: thread-safe.
 */
void veloz_mpmc_destroy(veloz_mpmc* queue);

/**
 * Pushes one record: copies record_size bytes from record into the queue. Never blocks, never
 * allocates. VELOZ_E_FULL when there is no free slot and VELOZ_E_STATE when the queue is closed
 * (nothing is copied; the message is formatted only if asked for); VELOZ_E_INVALID_ARGUMENT for
 * a NULL record.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_push(veloz_mpmc* queue, const void* record);

/**
 * Pops the oldest record (in queue order): copies record_size bytes into record. Never blocks,
 * never allocates. VELOZ_E_EMPTY when there is no record; VELOZ_E_STATE once the queue is
 * closed and every record pushed before the close has been popped (nothing is copied);
 * VELOZ_E_INVALID_ARGUMENT for a NULL record.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_pop(veloz_mpmc* queue, void* record);

/**
 * Pushes as many of the count records at records (record_size bytes each, consecutive) as fit,
 * in order, claiming their slots with one atomic operation when there is room; stores how many
 * in pushed (a count above the capacity pushes at most the capacity). VELOZ_OK when at least
 * one was pushed (or count is 0); VELOZ_E_FULL when none fit; VELOZ_E_STATE when the queue is
 * closed (none pushed); VELOZ_E_INVALID_ARGUMENT for a negative count, NULL records with count
 * above 0, or a NULL pushed.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_push_batch(veloz_mpmc* queue, const void* records, int32_t count, int32_t* pushed);

/**
 * Pops up to capacity records, oldest first, into records (record_size bytes each), claiming
 * them with one atomic operation when a run is ready; stores how many in popped. VELOZ_OK when
 * at least one was popped (or capacity is 0); VELOZ_E_EMPTY when there was none; VELOZ_E_STATE
 * once the queue is closed and drained; VELOZ_E_INVALID_ARGUMENT for a negative capacity, NULL
 * records with capacity above 0, or a NULL popped.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_pop_batch(veloz_mpmc* queue, void* records, int32_t capacity, int32_t* popped);

/**
 * Pushes one record (record_size bytes from record), waiting up to timeout_ns nanoseconds for a
 * free slot: 0 tries once, a negative value waits without limit. The wait follows the queue's
 * wait strategy (VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK sleeps after a short spin, so a blocked
 * producer costs no CPU). VELOZ_E_FULL when the timeout passed; VELOZ_E_STATE when the queue is
 * (or becomes, waking the waiter) closed or destroyed; VELOZ_E_INVALID_ARGUMENT for a NULL
 * record.
 *
 * Thread safety: thread-safe; blocks up to timeout_ns.
 */
veloz_status veloz_mpmc_push_wait(veloz_mpmc* queue, const void* record, int64_t timeout_ns);

/**
 * Pops the oldest record into record (record_size bytes), waiting up to timeout_ns nanoseconds
 * for one: 0 tries once, a negative value waits without limit. The wait follows the queue's
 * wait strategy. VELOZ_E_EMPTY when the timeout passed; VELOZ_E_STATE once the queue is closed
 * and drained (a waiter wakes at the close) or destroyed; VELOZ_E_INVALID_ARGUMENT for a NULL
 * record.
 *
 * Thread safety: thread-safe; blocks up to timeout_ns.
 */
veloz_status veloz_mpmc_pop_wait(veloz_mpmc* queue, void* record, int64_t timeout_ns);

/**
 * Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then
 * VELOZ_E_STATE; every thread blocked in a wait wakes. A push running concurrently either lands
 * before the close (and is popped before VELOZ_E_STATE) or fails with VELOZ_E_STATE. Closing a
 * closed queue is a no-op. The handle stays valid until destroyed.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_close(veloz_mpmc* queue);

/**
 * Stores the number of records in the queue in out_size: an estimate while other threads push
 * or pop. VELOZ_E_INVALID_ARGUMENT for a NULL out_size.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_size(veloz_mpmc* queue, int64_t* out_size);

/**
 * Fills out with the queue's capacity, record size, closed flag, size and counters (pushes,
 * pops, failed pushes and pops, high-water mark). The caller sets out->struct_size; the library
 * writes min(struct_size, sizeof(veloz_queue_stats)) bytes and leaves struct_size as it was.
 * Only reads the counters.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_mpmc_get_stats(veloz_mpmc* queue, veloz_queue_stats* out);

/* ---- Functions: Pool --------------------------------------------------------------------- */

/**
 * Creates a pool of fixed-size blocks and reserves config->initial_blocks of them. config is
 * required (block_size has no default); a zero field means its default, and a struct_size
 * smaller than this library's reads only the fields that fit. On success stores the handle in
 * out; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL config or out, a
 * struct_size of 0 or above 4096, or a field out of its range (the message names it, e.g.
 * config->alignment); VELOZ_E_OUT_OF_MEMORY if the first chunk cannot be reserved.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_pool_create(const veloz_pool_config* config, veloz_pool** out);

/**
 * Destroys a pool and frees every block, rented or not: a block still held is dangling
 * afterwards. NULL, or a handle already destroyed, is a no-op. No other thread may be using the
 * pool.
 *
 * Thread safety: thread-safe.
 */
void veloz_pool_destroy(veloz_pool* pool);

/**
 * Rents a block: stores its address (aligned to the pool's alignment, block_size bytes,
 * contents not zeroed) in out. The most recently returned block comes back first. Grows the
 * pool by a chunk when no block is free. VELOZ_E_FULL (*out NULL, nothing allocated, no message
 * formatted unless asked) when max_blocks are rented or memory to grow ran out;
 * VELOZ_E_INVALID_ARGUMENT for a NULL out.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_pool_rent(veloz_pool* pool, void** out);

/**
 * Returns a block rented from this pool. VELOZ_E_INVALID_ARGUMENT, with the pool unchanged, for
 * a pointer this pool did not rent out: NULL, another pool's or malloc's memory, a pointer
 * inside a block, or a block returned twice (the message says which). With
 * VELOZ_POOL_CONFIG_FILL_FREED the block's bytes become 0xDD.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_pool_return(veloz_pool* pool, void* block);

/**
 * Rents count blocks into blocks and stores how many in rented. VELOZ_OK when all were;
 * VELOZ_E_FULL when the pool ran out first: blocks[0 .. *rented) are rented all the same and
 * are the caller's to return. VELOZ_E_INVALID_ARGUMENT for a negative count, NULL blocks with
 * count above 0, or a NULL rented.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_pool_rent_batch(veloz_pool* pool, void** blocks, int32_t count, int32_t* rented);

/**
 * Returns the count blocks at blocks in order, stopping at the first the pool refuses (see
 * veloz_pool_return); stores how many were returned in returned. VELOZ_OK when all were;
 * VELOZ_E_INVALID_ARGUMENT naming blocks[*returned] when one was refused (the blocks after it
 * are not returned); VELOZ_E_INVALID_ARGUMENT also for a negative count, NULL blocks with count
 * above 0, or a NULL returned.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_pool_return_batch(veloz_pool* pool, void** blocks, int32_t count, int32_t* returned);

/**
 * Stores 1 in out_rented when block is the start of a block of this pool that is rented now,
 * else 0 (any pointer may be asked about). VELOZ_E_INVALID_ARGUMENT for a NULL out_rented.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_pool_is_rented(veloz_pool* pool, const void* block, int32_t* out_rented);

/**
 * Fills out with the pool's sizes and counters. The caller sets out->struct_size; the library
 * writes min(struct_size, sizeof(veloz_pool_stats)) bytes and leaves struct_size as it was.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_pool_get_stats(veloz_pool* pool, veloz_pool_stats* out);

/* ---- Functions: Spsc --------------------------------------------------------------------- */

/**
 * Creates a single-producer single-consumer queue. config may be NULL for all defaults (1,024
 * records of 64 bytes, VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK); in a config a zero field means its
 * default, and a struct_size smaller than this library's reads only the fields that fit. On
 * success stores the handle in out; on failure stores NULL there. Returns
 * VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096, or a field out of
 * its documented range (the message names it, e.g. config->record_size), and
 * VELOZ_E_OUT_OF_MEMORY if the ring cannot be allocated.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_spsc_create(const veloz_spsc_config* config, veloz_spsc** out);

/**
 * Destroys a queue: closes it first, so threads blocked in veloz_spsc_push_wait /
 * veloz_spsc_pop_wait wake with VELOZ_E_STATE; calls already running finish safely, later calls
 * get VELOZ_E_INVALID_HANDLE. Records still in the queue are dropped. NULL, or a handle already
 * destroyed, is a no-op.
 *
 * Thread safety: thread-safe.
 */
void veloz_spsc_destroy(veloz_spsc* queue);

/**
 * Pushes one record: copies record_size bytes from record into the queue. Never blocks, never
 * allocates. VELOZ_E_FULL when there is no free slot and VELOZ_E_STATE when the queue is closed
 * (nothing is copied; the message is formatted only if asked for); VELOZ_E_INVALID_ARGUMENT for
 * a NULL record.
 *
 * Thread safety: producer thread only (one producer at a time).
 */
veloz_status veloz_spsc_push(veloz_spsc* queue, const void* record);

/**
 * Pops the oldest record: copies record_size bytes into record. Never blocks, never allocates.
 * VELOZ_E_EMPTY when there is no record; VELOZ_E_STATE once the queue is closed and every
 * record pushed before the close has been popped (nothing is copied); VELOZ_E_INVALID_ARGUMENT
 * for a NULL record.
 *
 * Thread safety: consumer thread only (one consumer at a time).
 */
veloz_status veloz_spsc_pop(veloz_spsc* queue, void* record);

/**
 * Copies the oldest record (record_size bytes) into record without popping it. VELOZ_E_EMPTY,
 * VELOZ_E_STATE and VELOZ_E_INVALID_ARGUMENT as veloz_spsc_pop.
 *
 * Thread safety: consumer thread only (one consumer at a time).
 */
veloz_status veloz_spsc_peek(veloz_spsc* queue, void* record);

/**
 * Pushes as many of the count records at records (record_size bytes each, consecutive) as fit,
 * oldest first, publishing them to the consumer at once; stores how many in pushed (a count
 * above the capacity pushes at most the capacity). VELOZ_OK when at least one was pushed (or
 * count is 0); VELOZ_E_FULL when none fit; VELOZ_E_STATE when the queue is closed (none
 * pushed); VELOZ_E_INVALID_ARGUMENT for a negative count, NULL records with count above 0, or a
 * NULL pushed.
 *
 * Thread safety: producer thread only (one producer at a time).
 */
veloz_status veloz_spsc_push_batch(veloz_spsc* queue, const void* records, int32_t count, int32_t* pushed);

/**
 * Pops up to capacity records, oldest first, into records (record_size bytes each), freeing
 * their slots for the producer at once; stores how many in popped. VELOZ_OK when at least one
 * was popped (or capacity is 0); VELOZ_E_EMPTY when there was none; VELOZ_E_STATE once the
 * queue is closed and drained; VELOZ_E_INVALID_ARGUMENT for a negative capacity, NULL records
 * with capacity above 0, or a NULL popped.
 *
 * Thread safety: consumer thread only (one consumer at a time).
 */
veloz_status veloz_spsc_pop_batch(veloz_spsc* queue, void* records, int32_t capacity, int32_t* popped);

/**
 * Pushes one record (record_size bytes from record), waiting up to timeout_ns nanoseconds for a
 * free slot: 0 tries once, a negative value waits without limit. The wait follows the queue's
 * wait strategy (VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK sleeps after a short spin, so a blocked
 * producer costs no CPU). VELOZ_E_FULL when the timeout passed; VELOZ_E_STATE when the queue is
 * (or becomes, waking the waiter) closed or destroyed; VELOZ_E_INVALID_ARGUMENT for a NULL
 * record.
 *
 * Thread safety: producer thread only (one producer at a time); blocks up to timeout_ns.
 */
veloz_status veloz_spsc_push_wait(veloz_spsc* queue, const void* record, int64_t timeout_ns);

/**
 * Pops the oldest record into record (record_size bytes), waiting up to timeout_ns nanoseconds
 * for one: 0 tries once, a negative value waits without limit. The wait follows the queue's
 * wait strategy. VELOZ_E_EMPTY when the timeout passed; VELOZ_E_STATE once the queue is closed
 * and drained (a waiter wakes at the close) or destroyed; VELOZ_E_INVALID_ARGUMENT for a NULL
 * record.
 *
 * Thread safety: consumer thread only (one consumer at a time); blocks up to timeout_ns.
 */
veloz_status veloz_spsc_pop_wait(veloz_spsc* queue, void* record, int64_t timeout_ns);

/**
 * Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then
 * VELOZ_E_STATE; every thread blocked in a wait wakes. Returns once a push running concurrently
 * has landed (so the consumer sees it before VELOZ_E_STATE). Closing a closed queue is a no-op.
 * The handle stays valid until destroyed.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_spsc_close(veloz_spsc* queue);

/**
 * Stores the number of records in the queue in out_size: exact when called by the producer or
 * the consumer while the other side is idle, otherwise an estimate. VELOZ_E_INVALID_ARGUMENT
 * for a NULL out_size.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_spsc_size(veloz_spsc* queue, int64_t* out_size);

/**
 * Fills out with the queue's capacity, record size, closed flag, size and counters (pushes,
 * pops, failed pushes and pops, high-water mark). The caller sets out->struct_size; the library
 * writes min(struct_size, sizeof(veloz_queue_stats)) bytes and leaves struct_size as it was.
 * Never slows the producer or the consumer down (it only reads their counters).
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_spsc_get_stats(veloz_spsc* queue, veloz_queue_stats* out);

/* ---- Functions: Thread ------------------------------------------------------------------- */

/**
 * Returns the number of online CPUs (at least 1); the highest CPU number may be larger where
 * CPUs are offline.
 *
 * Thread safety: thread-safe.
 */
int32_t veloz_thread_cpu_count(void);

/**
 * Returns the CPU the calling thread runs on at this instant (sched_getcpu), or -1 where the OS
 * cannot tell.
 *
 * Thread safety: thread-safe.
 */
int32_t veloz_thread_current_cpu(void);

/**
 * Pins the calling thread to cpu: from now on it runs only there. VELOZ_E_INVALID_ARGUMENT, the
 * affinity unchanged, for a CPU that does not exist or is not online (the message lists the
 * online ones), or one this process may not use (taskset, the cgroup's cpuset; the message
 * lists the thread's allowed CPUs).
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_thread_pin(int32_t cpu);

/**
 * Restricts the calling thread to the count CPUs at cpus (at least one). Errors as
 * veloz_thread_pin, and VELOZ_E_INVALID_ARGUMENT for a count below 1 or NULL cpus.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_thread_set_affinity(const int32_t* cpus, int32_t count);

/**
 * Writes the CPUs the calling thread may run on (sorted) to cpus and their number to written.
 * If capacity is too small, returns VELOZ_E_BUFFER_TOO_SMALL, writes no CPU and sets *written
 * to the capacity needed; cpus may be NULL with capacity 0 to ask for it.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_thread_get_affinity(int32_t* cpus, int32_t capacity, int32_t* written);

/**
 * Writes the CPUs the kernel isolated from the scheduler (isolcpus=,
 * /sys/devices/system/cpu/isolated) to cpus; *written 0 when there are none or the kernel does
 * not say. Buffer as veloz_thread_get_affinity.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_thread_isolated_cpus(int32_t* cpus, int32_t capacity, int32_t* written);

/**
 * Writes the CPUs in full dynticks mode (nohz_full=, /sys/devices/system/cpu/nohz_full) to
 * cpus; *written 0 when there are none or the kernel does not say. Buffer as
 * veloz_thread_get_affinity.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_thread_nohz_full_cpus(int32_t* cpus, int32_t capacity, int32_t* written);

/* ---- Functions: Time sync ---------------------------------------------------------------- */

/**
 * Creates an estimator. config may be NULL (all defaults: 64 venues, 64 samples per venue);
 * zero fields take their defaults. On success *out_sync receives the handle, on failure NULL.
 * Free it with veloz_time_sync_destroy.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_time_sync_create(const veloz_time_sync_config* config, veloz_time_sync** out_sync);

/**
 * Destroys an estimator. NULL, or a handle already destroyed, is a no-op. No other call may be
 * using it.
 *
 * Thread safety: thread-safe.
 */
void veloz_time_sync_destroy(veloz_time_sync* sync);

/**
 * Adds a request/response sample: the exchange's timestamp and the local send and receive times
 * of the round trip. The venue (0..INT32_MAX) is registered on its first sample; a new venue
 * beyond max_venues gives VELOZ_E_FULL. local_recv_ns before local_send_ns, or a negative
 * venue: VELOZ_E_INVALID_ARGUMENT. A failed call changes nothing.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_time_sync_add_sample(veloz_time_sync* sync, int32_t venue, int64_t exchange_ns, int64_t local_send_ns, int64_t local_recv_ns);

/**
 * Converts a local time to the venue's clock (offset plus drift since the reference sample). A
 * venue without samples: VELOZ_E_NOT_FOUND; a result outside int64: VELOZ_E_INVALID_ARGUMENT.
 *
 * Thread safety: any thread, wait-free.
 */
veloz_status veloz_time_sync_to_exchange(veloz_time_sync* sync, int32_t venue, int64_t local_ns, int64_t* out_exchange_ns);

/**
 * Converts a venue timestamp to local time (the inverse of veloz_time_sync_to_exchange, within
 * 1 ns). A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64:
 * VELOZ_E_INVALID_ARGUMENT.
 *
 * Thread safety: any thread, wait-free.
 */
veloz_status veloz_time_sync_to_local(veloz_time_sync* sync, int32_t venue, int64_t exchange_ns, int64_t* out_local_ns);

/**
 * Fills out_stats with the venue's estimate. The caller sets struct_size; at most that many
 * bytes are written. A venue without samples: VELOZ_E_NOT_FOUND.
 *
 * Thread safety: any thread, wait-free.
 */
veloz_status veloz_time_sync_get_stats(veloz_time_sync* sync, int32_t venue, veloz_time_sync_stats* out_stats);

/**
 * Venues registered so far; 0 for a NULL or invalid handle.
 *
 * Thread safety: any thread, wait-free.
 */
int32_t veloz_time_sync_venue_count(veloz_time_sync* sync);

/* ---- Functions: Timer wheel -------------------------------------------------------------- */

/**
 * Creates a timer wheel. config may be NULL (all defaults: 1 ms tick, 4 levels, time 0); a zero
 * field means its default, and a struct_size smaller than this library's reads only the fields
 * that fit. On success stores the handle in out; on failure stores NULL there.
 * VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096, or a field out of
 * its range (the message names it).
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_timer_wheel_create(const veloz_timer_wheel_config* config, veloz_timer_wheel** out);

/**
 * Destroys a wheel and every timer in it. NULL, or a handle already destroyed, is a no-op. No
 * other thread may be using the wheel.
 *
 * Thread safety: thread-safe.
 */
void veloz_timer_wheel_destroy(veloz_timer_wheel* wheel);

/**
 * Schedules a one-shot timer due at deadline_ns carrying payload; stores its id (never 0) in
 * out_id. A deadline at or before the wheel's time fires at the next advance.
 * VELOZ_E_INVALID_ARGUMENT when the deadline is negative, above 2^62, or more than max_delay_ns
 * (see veloz_timer_wheel_get_stats) after the wheel's time, or out_id is NULL; VELOZ_E_FULL
 * when max_timers are live. On any failure *out_id is 0.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_schedule(veloz_timer_wheel* wheel, int64_t deadline_ns, uint64_t payload, uint64_t* out_id);

/**
 * Schedules a one-shot timer due delay_ns (0..max_delay_ns) after the wheel's time (the last
 * advance's now); otherwise as veloz_timer_wheel_schedule.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_schedule_after(veloz_timer_wheel* wheel, int64_t delay_ns, uint64_t payload, uint64_t* out_id);

/**
 * Schedules a periodic timer first due at first_deadline_ns, then every interval_ns
 * (1..max_delay_ns) on that grid: re-armed from its deadline, not from when it ran, so it does
 * not drift. Advances that skip periods deliver it once with the count in expirations (like
 * timerfd). It keeps its id until cancelled. Failures as veloz_timer_wheel_schedule, and
 * VELOZ_E_INVALID_ARGUMENT for an interval out of range.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_schedule_periodic(veloz_timer_wheel* wheel, int64_t first_deadline_ns, int64_t interval_ns, uint64_t payload, uint64_t* out_id);

/**
 * Cancels the live timer id, also one that is due but not yet delivered: it never fires again.
 * VELOZ_E_NOT_FOUND (nothing changes, no message formatted unless asked) for an id that already
 * fired (one-shot), was cancelled, or never existed: the usual outcome of a cancel racing its
 * own expiry.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_cancel(veloz_timer_wheel* wheel, uint64_t id);

/**
 * Stores 1 in out_active when id names a live timer, else 0. VELOZ_E_INVALID_ARGUMENT for a
 * NULL out_active.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_is_active(veloz_timer_wheel* wheel, uint64_t id, int32_t* out_active);

/**
 * Moves the wheel's time to now_ns (not before its time, at most 2^62) and writes the timers
 * due by then into out, in deadline order (ties in scheduling order); stores how many in
 * written. When the buffer fills, the rest stay pending in order (and cancellable): when
 * *written equals capacity, call again with the same now_ns. Pending timers come first in the
 * next advance, before timers that became due since (even with earlier deadlines); a periodic
 * timer takes a new place in the tie order each time it is re-armed. VELOZ_E_INVALID_ARGUMENT
 * for a now_ns out of range (the wheel unchanged), a negative capacity, NULL out with capacity
 * above 0, or a NULL written.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_advance(veloz_timer_wheel* wheel, int64_t now_ns, veloz_timer_expiry* out, int32_t capacity, int32_t* written);

/**
 * Moves the wheel's time to now_ns and calls callback(context, expiry) for each due timer in
 * deadline order, on this thread, before returning; stores how many fired in fired. The
 * callback returns 0 to go on, anything else to stop: the timer it was called for counts as
 * fired, and the timers due after it stay pending for the next advance. It may schedule and
 * cancel on this wheel (a timer it schedules already due fires at the next advance); advancing,
 * clearing or destroying the wheel from it fails (VELOZ_E_STATE) or is undefined (destroy). The
 * expiry pointer is valid during the call only. The callback must not throw (C++) or longjmp.
 * VELOZ_E_INVALID_ARGUMENT for a NULL callback or fired, or a now_ns out of range.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_advance_callback(veloz_timer_wheel* wheel, int64_t now_ns, int32_t (*callback)(void*, veloz_timer_expiry*), void* context, int32_t* fired);

/**
 * Stores in out_ns a time by which to advance next, never before the wheel's time: the earliest
 * deadline, or earlier (the start of a higher level's slot: advancing then costs a cascade and
 * fires nothing), or the wheel's time when timers are due or pending, or INT64_MAX when no
 * timer is live. Sleeping until it never misses a deadline. VELOZ_E_INVALID_ARGUMENT for a NULL
 * out_ns.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_next_deadline(veloz_timer_wheel* wheel, int64_t* out_ns);

/**
 * Cancels every timer (pending ones too); the wheel's time and its allocated nodes stay.
 * VELOZ_E_STATE from inside an advance's callback.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_clear(veloz_timer_wheel* wheel);

/**
 * Fills out with the wheel's sizes and counters. The caller sets out->struct_size; the library
 * writes min(struct_size, sizeof(veloz_timer_wheel_stats)) bytes and leaves struct_size as it
 * was.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_timer_wheel_get_stats(veloz_timer_wheel* wheel, veloz_timer_wheel_stats* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VELOZ_H */
