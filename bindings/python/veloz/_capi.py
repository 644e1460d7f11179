# GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
# with include/veloz.h and capi.pxd; the build regenerates it and CI fails when this copy differs.
#   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
"""ctypes declarations of the VeloZ C API (include/veloz.h): constants, structures, and bind()."""

from __future__ import annotations

import ctypes
from typing import Any


def _check_layout(structure: Any, size: int, offsets: dict[str, int]) -> None:
    # The C# layout is the truth; a ctypes layout that differs would read the wrong bytes.
    if ctypes.sizeof(structure) != size:
        raise ImportError(f"{structure.__name__}: ctypes size {ctypes.sizeof(structure)} != C# size {size}")
    for name, offset in offsets.items():
        actual = getattr(structure, name).offset
        if actual != offset:
            raise ImportError(f"{structure.__name__}.{name}: ctypes offset {actual} != C# offset {offset}")

# ---- Constants

# ABI major version; also the SONAME suffix (libveloz.so.0).
VELOZ_VERSION_MAJOR = 0
# Minor version: additions that keep old callers working.
VELOZ_VERSION_MINOR = 1
# Patch version: fixes only.
VELOZ_VERSION_PATCH = 0


# ---- veloz_status

# Result of every export that can fail. 0 is success; errors are negative.
veloz_status = ctypes.c_int32
# Success.
VELOZ_OK = 0
# An argument is out of its documented range, or a required pointer is NULL.
VELOZ_E_INVALID_ARGUMENT = -1
# The handle is NULL, destroyed, or of another object type.
VELOZ_E_INVALID_HANDLE = -2
# The named item (order id, venue, key) does not exist.
VELOZ_E_NOT_FOUND = -3
# The item already exists (for example an order id in use).
VELOZ_E_DUPLICATE = -4
# A fixed capacity is exhausted (queue, pool, venue table).
VELOZ_E_FULL = -5
# Nothing to take (empty queue or pool).
VELOZ_E_EMPTY = -6
# Memory could not be allocated.
VELOZ_E_OUT_OF_MEMORY = -7
# The caller's buffer is too small; where cheap, the needed size is reported.
VELOZ_E_BUFFER_TOO_SMALL = -8
# The object is not in a state that allows the call.
VELOZ_E_STATE = -9
# A bug inside VeloZ: an unexpected exception was caught at the boundary.
VELOZ_E_INTERNAL = -10
# The operation is not supported on this platform or in this mode.
VELOZ_E_UNSUPPORTED = -11
# A sequence number gap was detected (market data); the object is marked stale.
VELOZ_E_SEQUENCE_GAP = -12
# The order book refused the order or command for a business reason (post-only would cross,
# fill-or-kill cannot fill, self-trade, market order without liquidity, command of the other
# book mode); the reason is in the Rejected event and the last-error message. The book did not
# change.
VELOZ_E_REJECTED = -13


# ---- veloz_book_mode

# How an OrderBook treats incoming orders.
veloz_book_mode = ctypes.c_int32
# The book is the venue: submitted orders match against resting ones (price-time priority, every
# trade at the maker's price) and the book is never crossed.
VELOZ_BOOK_MODE_MATCHING = 0
# The book mirrors a venue's book from its feed (ITCH, LOBSTER, MBO): added orders rest where
# the feed says, even crossed, and trades happen only when the feed reports an execution.
VELOZ_BOOK_MODE_MIRROR = 1


# ---- veloz_self_trade_prevention

# What happens when an incoming (taker) order would trade with a resting (maker) order of the
# same non-zero owner. The taker's mode decides; owner 0 on either order means no prevention.
veloz_self_trade_prevention = ctypes.c_int32
# Use the book's OrderBookConfig.SelfTradePrevention.
VELOZ_SELF_TRADE_PREVENTION_BOOK_DEFAULT = 0
# The taker's remainder is cancelled (trades before the self match stand, makers untouched). A
# command whose very first match would be with its own owner changes nothing and is rejected
# with VELOZ_BOOK_REJECT_SELF_TRADE: a submit, and also a modify or replace that moves a resting
# order across the spread (the working order stays as it was), and a fill-or-kill order that
# would meet its own owner before it fills.
VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER = 1
# Each same-owner maker met is cancelled and the taker goes on matching. A market order that
# meets only its own liquidity cancels it all and then expires (OrderDone, Expired): the command
# is Ok, since cancelling the resting orders is what this mode asks for.
VELOZ_SELF_TRADE_PREVENTION_CANCEL_MAKER = 2
# The first same-owner maker met is cancelled and so is the taker's remainder (OrderDone,
# SelfTradeCancelled); the command is Ok. A fill-or-kill order that would meet its own owner
# before it fills is rejected with VELOZ_BOOK_REJECT_SELF_TRADE instead, with nothing cancelled.
VELOZ_SELF_TRADE_PREVENTION_CANCEL_BOTH = 3


# ---- veloz_side

# Side of a book: the bids (buy) or the asks (sell).
#
# Byte-sized with no zero member, so a zeroed struct coming across the C ABI is recognisably
# invalid instead of silently meaning "buy".
veloz_side = ctypes.c_int32
# Bid side: buy orders, best price is the highest.
VELOZ_SIDE_BUY = 1
# Ask side: sell orders, best price is the lowest.
VELOZ_SIDE_SELL = 2


# ---- veloz_clock_source

# Where a TscClock reads its ticks from.
veloz_clock_source = ctypes.c_int32
# The operating system's monotonic clock; one tick is one nanosecond.
VELOZ_CLOCK_SOURCE_OS = 0
# The CPU's invariant time-stamp counter, read with rdtsc.
VELOZ_CLOCK_SOURCE_TSC = 1


# ---- veloz_depth_status

# Condition of a DepthBook; flags, so that for example Stale and Crossed can both hold.
veloz_depth_status = ctypes.c_int32
# In sync with the feed, not crossed, at least one level.
VELOZ_DEPTH_STATUS_OK = 0
# A sequence gap was seen: levels are out of date and updates are dropped until the next
# snapshot.
VELOZ_DEPTH_STATUS_STALE = 1
# Best bid >= best ask: the feed delivered an inconsistent book (or one side is out of date).
VELOZ_DEPTH_STATUS_CROSSED = 2
# No level on either side.
VELOZ_DEPTH_STATUS_EMPTY = 4


# ---- veloz_loop_idle_strategy

# What a loop's thread does when no task is due.
veloz_loop_idle_strategy = ctypes.c_int32
# Polls without pause: the lowest wake-up latency, and one core at 100%.
VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN = 0
# Polls EventLoopConfig.SpinIterations times, then yields the core to another thread between
# polls.
VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD = 1
# Polls EventLoopConfig.SpinIterations times (about 200 ns each), then sleeps until the next
# delayed task is due or a post wakes it: no core burnt while idle, but a wake from sleep is an
# OS wake-up (tens of µs on a VM); posts closer together than the spin phase never let it sleep.
VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP = 2


# ---- veloz_loop_priority

# The priority of a task: a due task of a higher priority runs before one of a lower (but see
# EventLoopConfig.StarvationLimit).
veloz_loop_priority = ctypes.c_int32
# Runs first: order handling, risk checks.
VELOZ_LOOP_PRIORITY_CRITICAL = 0
# The default.
VELOZ_LOOP_PRIORITY_NORMAL = 1
# Runs when nothing else is due: logging, statistics, housekeeping.
VELOZ_LOOP_PRIORITY_BACKGROUND = 2


# ---- veloz_wait_strategy

# How a blocking call (PushWait, PopWait) of a queue waits while the queue is full or empty;
# chosen when the queue is created. The non-blocking calls never wait, whatever the strategy.
veloz_wait_strategy = ctypes.c_int32
# The default: spin briefly, then yield the CPU, then sleep until the other side wakes the
# waiter (or the timeout passes). An idle waiter costs no CPU; waking it costs the other side a
# lock and a few microseconds, paid only while somebody sleeps.
VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK = 0
# Spin briefly, then yield the CPU between checks (sched_yield): low latency, a busy core when
# idle.
VELOZ_WAIT_STRATEGY_SPIN_THEN_YIELD = 1
# Spin on the queue without ever giving the CPU up: the lowest latency, one full core per
# waiter.
VELOZ_WAIT_STRATEGY_BUSY_SPIN = 2


# ---- veloz_timer_expiry_flags

# Flags of a veloz_timer_expiry.
veloz_timer_expiry_flags = ctypes.c_int32
# None.
VELOZ_TIMER_EXPIRY_FLAGS_NONE = 0
# The timer is periodic and was re-armed: its id stays valid.
VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC = 1


# ---- veloz_book_command_type

# What a veloz_book_command asks the book to do.
#
# Zero is not a command, so a zeroed struct is rejected with VELOZ_BOOK_REJECT_INVALID_COMMAND.
# Matching-only commands in a mirror book, and mirror-only commands in a matching book, are
# rejected with VELOZ_BOOK_REJECT_WRONG_MODE.
veloz_book_command_type = ctypes.c_int32
# Not a command.
VELOZ_BOOK_COMMAND_NONE = 0
# Matching mode: a new limit or market order that may trade and, GTC limit, rest.
VELOZ_BOOK_COMMAND_SUBMIT = 1
# Both modes: remove a resting order (its whole remaining quantity).
VELOZ_BOOK_COMMAND_CANCEL = 2
# Both modes: take veloz_book_command.quantity off a resting order's remaining quantity, keeping
# its queue priority; taking all of it removes the order; more than it has is rejected.
VELOZ_BOOK_COMMAND_REDUCE = 3
# Both modes: set a resting order's price and remaining quantity. Same price and no more
# quantity keeps priority; a new price or more quantity loses it (and, in matching mode, a
# crossing price trades at once).
VELOZ_BOOK_COMMAND_MODIFY = 4
# Both modes: remove a resting order and enter a new one with a new, unused id on the same side
# with a new price and quantity (ITCH "U"); it has no priority and, in matching mode, may trade.
VELOZ_BOOK_COMMAND_REPLACE = 5
# Mirror mode: a new order rests at its price without matching, even if it crosses.
VELOZ_BOOK_COMMAND_ADD = 6
# Mirror mode: the venue executed veloz_book_command.quantity of a resting order.
VELOZ_BOOK_COMMAND_EXECUTE = 7
# Both modes: the same as VELOZ_BOOK_COMMAND_CANCEL, under the feed's name.
VELOZ_BOOK_COMMAND_DELETE = 8


# ---- veloz_book_config_flags

# Options of an order book, or-ed into veloz_book_config.flags.
veloz_book_config_flags = ctypes.c_int32
# Emit no LevelChanged events (faster when nobody needs L2 data).
VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS = 1


# ---- veloz_book_event_flags

# Extra facts about a veloz_book_event.
veloz_book_event_flags = ctypes.c_int32
# Nothing to add.
VELOZ_BOOK_EVENT_FLAGS_NONE = 0
# LevelChanged: the level is the best of its side after the change or, for a level that just
# emptied (quantity 0), it was the best before it emptied.
VELOZ_BOOK_EVENT_FLAGS_TOP_OF_BOOK = 1
# Modified: the order lost its queue priority (moved to the back of its level).
VELOZ_BOOK_EVENT_FLAGS_LOST_PRIORITY = 2


# ---- veloz_book_event_type

# Kind of a veloz_book_event.
veloz_book_event_type = ctypes.c_int32
# Not an event (a zeroed struct).
VELOZ_BOOK_EVENT_NONE = 0
# A new order entered the book (Submit, Add, or the new id of a Replace).
VELOZ_BOOK_EVENT_ACCEPTED = 1
# A command was refused; the book did not change. The reason is a veloz_book_reject_reason.
VELOZ_BOOK_EVENT_REJECTED = 2
# A trade: a taker (or the feed) executed quantity of a resting maker at the maker's price.
VELOZ_BOOK_EVENT_TRADE = 3
# An order left the book or, never resting, finished. The reason is an veloz_order_done_reason.
VELOZ_BOOK_EVENT_ORDER_DONE = 4
# An existing order's price or quantity was changed by Reduce or Modify.
VELOZ_BOOK_EVENT_MODIFIED = 5
# A price level's total quantity or order count changed (L2 data); off when level events are
# disabled.
VELOZ_BOOK_EVENT_LEVEL_CHANGED = 6


# ---- veloz_book_reject_reason

# Outcome of one command: VELOZ_BOOK_REJECT_OK, or why it was rejected. Returned by the
# single-command methods of OrderBook and carried by VELOZ_BOOK_EVENT_REJECTED events. A
# rejected command never changes the book.
veloz_book_reject_reason = ctypes.c_int32
# The command was carried out (an IOC that expired unfilled is still Ok).
VELOZ_BOOK_REJECT_OK = 0
# The same value as VELOZ_BOOK_REJECT_OK: no reject reason (a reason field of an event that is
# not a reject holds it).
VELOZ_BOOK_REJECT_NONE = 0
# The order id names no resting order (never issued, already filled or cancelled). Counted in
# OrderBook.UnknownOrderCount.
VELOZ_BOOK_REJECT_UNKNOWN_ORDER = 1
# The new order id is already used by a resting order (or equals the replaced id).
VELOZ_BOOK_REJECT_DUPLICATE_ID = 2
# Quantity is zero or negative, or more than the order has left (Reduce, Execute).
VELOZ_BOOK_REJECT_INVALID_QUANTITY = 3
# Price (or a market order's protection price) outside the configured [MinPrice, MaxPrice] tick
# range.
VELOZ_BOOK_REJECT_INVALID_PRICE = 4
# A post-only order would have traded on arrival.
VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS = 5
# A fill-or-kill order could not be filled completely at once: the liquidity within its price is
# short.
VELOZ_BOOK_REJECT_FOK_CANNOT_FILL = 6
# A market order found nothing to trade with (within its protection price).
VELOZ_BOOK_REJECT_NO_LIQUIDITY = 7
# Under VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER, the command's first match would have been with
# a resting order of its own owner (a submit, or a modify or replace that crosses); or a
# fill-or-kill order would meet its own owner before it fills (CancelTaker, CancelBoth). Nothing
# changed.
VELOZ_BOOK_REJECT_SELF_TRADE = 8
# The command belongs to the other veloz_book_mode.
VELOZ_BOOK_REJECT_WRONG_MODE = 9
# An order id (or new order id) is zero.
VELOZ_BOOK_REJECT_INVALID_ORDER_ID = 10
# The side is neither Buy nor Sell.
VELOZ_BOOK_REJECT_INVALID_SIDE = 11
# Unknown command type, order type, time in force, flags or self-trade mode, or a combination
# that makes no sense (post-only IOC, post-only market).
VELOZ_BOOK_REJECT_INVALID_COMMAND = 12


# ---- veloz_depth_result

# What DepthBook did with an update or a snapshot.
veloz_depth_result = ctypes.c_int32
# Applied; the book is not crossed.
VELOZ_DEPTH_RESULT_APPLIED = 0
# Applied, and the book is now crossed (best bid >= best ask); flagged in the state and counted.
VELOZ_DEPTH_RESULT_CROSSED = 1
# A delete (quantity 0) of a price not in the book: nothing changed except the sequence;
# counted.
VELOZ_DEPTH_RESULT_UNKNOWN_LEVEL = 2
# Sequence gap: the update's sequence is not the last one + 1. Not applied; the book is now
# stale until the next snapshot; counted.
VELOZ_DEPTH_RESULT_SEQUENCE_GAP = 3
# The book is stale (an earlier gap): dropped without looking at it; counted.
VELOZ_DEPTH_RESULT_DROPPED_STALE = 4
# Sequence at or below the last applied one (or the snapshot's): a duplicate or late update,
# dropped; counted.
VELOZ_DEPTH_RESULT_DROPPED_OLD = 5
# Invalid update (side not Buy/Sell, or negative quantity): rejected, nothing changed; counted.
VELOZ_DEPTH_RESULT_INVALID = 6


# ---- veloz_event_loop_config_flags

# Options of an event loop, or-ed into veloz_event_loop_config.flags.
veloz_event_loop_config_flags = ctypes.c_int32
# The thread that first runs the loop (run_once, run_for or run) is pinned to config->pin_cpu
# before it runs a task, as veloz_thread_pin does; a CPU that does not exist or is not allowed
# fails that call with VELOZ_E_INVALID_ARGUMENT and the loop runs nothing until a run succeeds.
VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD = 1


# ---- veloz_order_done_reason

# Why an order finished (VELOZ_BOOK_EVENT_ORDER_DONE).
veloz_order_done_reason = ctypes.c_int32
# Not a reason (zeroed).
VELOZ_ORDER_DONE_NONE = 0
# Its whole quantity traded.
VELOZ_ORDER_DONE_FILLED = 1
# Cancelled or deleted by command (or reduced to nothing).
VELOZ_ORDER_DONE_CANCELLED = 2
# The unfilled remainder of an IOC, FOK or market order, which never rests.
VELOZ_ORDER_DONE_EXPIRED = 3
# Cancelled by self-trade prevention (as taker or as maker).
VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED = 4
# Removed by a Replace; veloz_book_event.other_order_id is the new id.
VELOZ_ORDER_DONE_REPLACED = 5


# ---- veloz_order_flags

# Optional behaviours of a submitted order; combine with bitwise or.
veloz_order_flags = ctypes.c_int32
# No option.
VELOZ_ORDER_FLAGS_NONE = 0
# Maker only: a GTC limit order that would trade on arrival is rejected with
# VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS instead. Kept by the resting order, so a later modify
# or replace to a crossing price is rejected the same way.
VELOZ_ORDER_FLAGS_POST_ONLY = 1
# Market orders only: veloz_book_command.protection_price is set, and the order does not trade
# beyond it (a buy no higher, a sell no lower).
VELOZ_ORDER_FLAGS_PROTECTION_PRICE = 2


# ---- veloz_order_type

# Kind of a submitted order (matching mode).
veloz_order_type = ctypes.c_int32
# Trades at its limit price or better; what is left rests (GTC) or is cancelled (IOC/FOK).
VELOZ_ORDER_TYPE_LIMIT = 0
# Trades at any price, or only up to veloz_book_command.protection_price when
# VELOZ_ORDER_FLAGS_PROTECTION_PRICE is set; never rests, its remainder is cancelled.
VELOZ_ORDER_TYPE_MARKET = 1


# ---- veloz_pool_config_flags

# Options of a pool, or-ed into veloz_pool_config.flags.
veloz_pool_config_flags = ctypes.c_int32
# Debug mode: every returned block is overwritten with 0xDD bytes, so a use after return reads
# garbage a test sees.
VELOZ_POOL_CONFIG_FILL_FREED = 1


# ---- veloz_time_in_force

# How long a submitted order may live (matching mode).
veloz_time_in_force = ctypes.c_int32
# Good till cancelled: the unfilled part rests in the book.
VELOZ_TIME_IN_FORCE_GTC = 0
# Immediate or cancel: trades what it can now, the remainder expires and never rests.
VELOZ_TIME_IN_FORCE_IOC = 1
# Fill or kill: fills completely at once or not at all; an order that cannot fill leaves no
# trace (one VELOZ_BOOK_EVENT_REJECTED event with VELOZ_BOOK_REJECT_FOK_CANNOT_FILL).
VELOZ_TIME_IN_FORCE_FOK = 2


# The name of every status code, as veloz_status_name() spells it.
STATUS_NAMES: dict[int, str] = {
    0: "VELOZ_OK",
    -1: "VELOZ_E_INVALID_ARGUMENT",
    -2: "VELOZ_E_INVALID_HANDLE",
    -3: "VELOZ_E_NOT_FOUND",
    -4: "VELOZ_E_DUPLICATE",
    -5: "VELOZ_E_FULL",
    -6: "VELOZ_E_EMPTY",
    -7: "VELOZ_E_OUT_OF_MEMORY",
    -8: "VELOZ_E_BUFFER_TOO_SMALL",
    -9: "VELOZ_E_STATE",
    -10: "VELOZ_E_INTERNAL",
    -11: "VELOZ_E_UNSUPPORTED",
    -12: "VELOZ_E_SEQUENCE_GAP",
    -13: "VELOZ_E_REJECTED",
}


# ---- Opaque handle types: a pointer to one is a ctypes.c_void_p
#
#   veloz_arena*
#   veloz_book*
#   veloz_concurrent_pool*
#   veloz_depth*
#   veloz_event_loop*
#   veloz_histogram*
#   veloz_mpmc*
#   veloz_pool*
#   veloz_spsc*
#   veloz_time_sync*
#   veloz_timer_wheel*


class veloz_arena_config(ctypes.Structure):
    """Configuration of veloz_arena_create. Zero the struct, set struct_size to
    sizeof(veloz_arena_config) and the fields you need: a zero field means its default; NULL
    means all defaults.
    """

    _fields_ = [
        # sizeof(veloz_arena_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Flags: none are defined yet, so it must be 0.
        ("flags", ctypes.c_uint32),
        # Bytes per chunk, 4 KiB..1 GiB (0: 64 KiB). An allocation larger than a chunk gets a
        # chunk of its own.
        ("chunk_size", ctypes.c_int64),
        # NUL-terminated UTF-8 name under which veloz_memory_report lists the arena, at most 128
        # characters (NULL or "": "arena"). Copied at creation.
        ("name", ctypes.c_char_p),
    ]


_check_layout(veloz_arena_config, 24, {
    "struct_size": 0, "flags": 4, "chunk_size": 8, "name": 16,
})


class veloz_arena_stats(ctypes.Structure):
    """Counters of an arena, filled by veloz_arena_get_stats. Set struct_size before the call."""

    _fields_ = [
        # sizeof(veloz_arena_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Chunks the arena holds (chunks of their own for allocations larger than a chunk
        # included).
        ("chunks", ctypes.c_int32),
        # Bytes per chunk as configured.
        ("chunk_size", ctypes.c_int64),
        # Native bytes the chunks hold; a reset keeps them.
        ("bytes_reserved", ctypes.c_int64),
        # Bytes handed out since the last reset (the sizes asked for, without alignment
        # padding).
        ("bytes_allocated", ctypes.c_int64),
        # The most bytes handed out between two resets.
        ("peak_bytes_allocated", ctypes.c_int64),
        # Allocations since creation (a batch counts each block).
        ("allocations", ctypes.c_int64),
        # Resets since creation.
        ("resets", ctypes.c_int64),
    ]


_check_layout(veloz_arena_stats, 56, {
    "struct_size": 0, "chunks": 4, "chunk_size": 8, "bytes_reserved": 16, "bytes_allocated": 24,
    "peak_bytes_allocated": 32, "allocations": 40, "resets": 48,
})


class veloz_book_config(ctypes.Structure):
    """Configuration of veloz_book_create. Zero the struct, set struct_size to
    sizeof(veloz_book_config) and the fields you need: a zero field means its default. Fields
    beyond a smaller (older) struct_size take their defaults.
    """

    _fields_ = [
        # sizeof(veloz_book_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # VELOZ_BOOK_MODE_MATCHING (0, default) or VELOZ_BOOK_MODE_MIRROR.
        ("mode", veloz_book_mode),
        # Resting orders to preallocate for, 1..2^28 (0: 65,536). More are fine: storage
        # doubles, allocating only then. At most 2^22 (about 260 MB) is allocated and touched at
        # create; a larger hint is reached by doubling.
        ("expected_orders", ctypes.c_int32),
        # Price levels (both sides) to preallocate for, 1..2^28 (0: 4,096); at most 2^22 at
        # create, more by doubling.
        ("expected_levels", ctypes.c_int32),
        # Levels per side published after every command for veloz_book_read_top /
        # veloz_book_read_levels, 1..4096 (0: none, and those calls give VELOZ_E_STATE).
        ("snapshot_depth", ctypes.c_int32),
        # VELOZ_BOOK_CONFIG_* or-ed (0: none). Other bits are refused.
        ("flags", ctypes.c_uint32),
        # Ticks per side in the O(1) direct-indexed window that follows the best price: a power
        # of two, 64..2^20 (0: 4,096).
        ("price_window_ticks", ctypes.c_int32),
        # Self-trade prevention for orders that ask for BOOK_DEFAULT: CANCEL_TAKER, CANCEL_MAKER
        # or CANCEL_BOTH (0: CANCEL_TAKER).
        ("self_trade_prevention", veloz_self_trade_prevention),
        # Lowest accepted price in ticks, within +-2^62 (0: 1; to accept 0 and negative prices
        # set a negative bound).
        ("min_price", ctypes.c_int64),
        # Highest accepted price in ticks, within +-2^62 and >= min_price (0: 2^62 - 1).
        ("max_price", ctypes.c_int64),
    ]


_check_layout(veloz_book_config, 48, {
    "struct_size": 0, "mode": 4, "expected_orders": 8, "expected_levels": 12, "snapshot_depth":
    16, "flags": 20, "price_window_ticks": 24, "self_trade_prevention": 28, "min_price": 32,
    "max_price": 40,
})


class veloz_book_command(ctypes.Structure):
    """One instruction to an OrderBook. Blittable, 64 bytes, the same layout as the C struct, so a
    span of commands crosses the ABI unchanged. Fields a command type does not use are ignored
    (zero them). The static factories build each kind.

    Layout (offset: field): 0 Type, 1 Side, 2 OrderType, 3 TimeInForce, 4 Flags, 5
    SelfTradePrevention, 6 Reserved0 (u16), 8 Owner (u32), 12 Reserved1 (u32), 16 OrderId, 24
    NewOrderId, 32 Price, 40 Quantity, 48 ProtectionPrice, 56 Reserved2 (i64).
    """

    _fields_ = [
        # What to do.
        ("type", ctypes.c_uint8),
        # Submit, Add: the order's side. Ignored by commands that name a resting order (its side
        # is kept).
        ("side", ctypes.c_uint8),
        # Submit: Limit or Market.
        ("order_type", ctypes.c_uint8),
        # Submit: GTC, IOC or FOK. Market orders never rest: FOK makes them all-or-nothing,
        # anything else behaves as IOC.
        ("time_in_force", ctypes.c_uint8),
        # Submit: VELOZ_ORDER_FLAGS_POST_ONLY (GTC limit only),
        # VELOZ_ORDER_FLAGS_PROTECTION_PRICE (market only).
        ("flags", ctypes.c_uint8),
        # Submit: self-trade prevention mode when this order is the taker; kept by the resting
        # order.
        ("self_trade_prevention", ctypes.c_uint8),
        # Zero.
        ("reserved0", ctypes.c_uint16),
        # Submit: owner (account) id for self-trade prevention; 0 means none. Kept by the
        # resting order.
        ("owner", ctypes.c_uint32),
        # Zero.
        ("reserved1", ctypes.c_uint32),
        # Every command: the order's id, caller-chosen and non-zero. Submit/Add: unused by any
        # resting order.
        ("order_id", ctypes.c_int64),
        # Replace: the id the order continues under; non-zero, unused, different from
        # veloz_book_command.order_id.
        ("new_order_id", ctypes.c_int64),
        # Submit (limit), Add: limit price in ticks. Modify, Replace: the new price. Within the
        # book's [MinPrice, MaxPrice].
        ("price", ctypes.c_int64),
        # Submit, Add: the order's quantity. Modify, Replace: the new remaining quantity.
        # Reduce: how much to take off. Execute: how much was executed. Always > 0. The caller
        # keeps the total resting at one price below 2^63 (the book does not check sums for
        # overflow).
        ("quantity", ctypes.c_int64),
        # Submit (market) with VELOZ_ORDER_FLAGS_PROTECTION_PRICE: worst price the order may
        # trade at, within the book's [MinPrice, MaxPrice] (else InvalidPrice).
        ("protection_price", ctypes.c_int64),
        # Zero.
        ("reserved2", ctypes.c_int64),
    ]


_check_layout(veloz_book_command, 64, {
    "type": 0, "side": 1, "order_type": 2, "time_in_force": 3, "flags": 4,
    "self_trade_prevention": 5, "reserved0": 6, "owner": 8, "reserved1": 12, "order_id": 16,
    "new_order_id": 24, "price": 32, "quantity": 40, "protection_price": 48, "reserved2": 56,
})


class veloz_book_event(ctypes.Structure):
    """One thing that happened in an OrderBook. Blittable, 64 bytes, the same layout as the C
    struct. Which fields mean what depends on veloz_book_event.type; unused fields are zero.

    Layout (offset: field): 0 Type, 1 Side, 2 Reason, 3 Flags, 4 CommandType, 5..7 Reserved0, 8
    OrderCount (i32), 12 Reserved1 (i32), 16 Sequence, 24 OrderId, 32 OtherOrderId, 40 Price, 48
    Quantity, 56 RemainingQuantity.

    Per type:

    - Accepted: Side, OrderId, Price (0 for market orders), Quantity (as submitted);
    OtherOrderId = the replaced id after a Replace.

    - Rejected: Reason (veloz_book_reject_reason), Side, OrderId, OtherOrderId (= NewOrderId),
    Price, Quantity echo the command.

    - Trade: OrderId = maker, OtherOrderId = taker (0 for a mirror Execute), Side = aggressor
    side, Price = maker's price, Quantity = traded, RemainingQuantity = maker's quantity left.

    - OrderDone: Reason (veloz_order_done_reason), Side, OrderId, Price, Quantity = quantity
    left unfilled (0 when filled); OtherOrderId = the new id when Replaced.

    - Modified: Side, OrderId, Price and Quantity = the order's new price and remaining
    quantity; Flags may hold LostPriority.

    - LevelChanged: Side, Price, Quantity = new total at the level (0 = level gone), OrderCount;
    Flags may hold TopOfBook.
    """

    _fields_ = [
        # What happened.
        ("type", ctypes.c_uint8),
        # Order's side; the aggressor's side for a Trade; the level's side for LevelChanged.
        ("side", ctypes.c_uint8),
        # Rejected: a veloz_book_reject_reason. OrderDone: an veloz_order_done_reason. Otherwise
        # 0.
        ("reason", ctypes.c_uint8),
        # See veloz_book_event_flags.
        ("flags", ctypes.c_uint8),
        # The type of the command that caused this event.
        ("command_type", ctypes.c_uint8),
        # Zero.
        ("reserved0", ctypes.c_uint8),
        # Zero.
        ("reserved0b", ctypes.c_uint16),
        # LevelChanged: orders resting at the level after the change.
        ("order_count", ctypes.c_int32),
        # Zero.
        ("reserved1", ctypes.c_int32),
        # Number of the command that caused this event: the book counts every command it is
        # given (rejected ones too) from 1.
        ("sequence", ctypes.c_int64),
        # The order concerned; the maker for a Trade; 0 for LevelChanged.
        ("order_id", ctypes.c_int64),
        # Trade: the taker. Accepted after Replace: the old id. OrderDone (Replaced): the new
        # id. Rejected: the command's NewOrderId.
        ("other_order_id", ctypes.c_int64),
        # Price in ticks (see the per-type list).
        ("price", ctypes.c_int64),
        # Quantity (see the per-type list).
        ("quantity", ctypes.c_int64),
        # Trade: the maker's remaining quantity after the trade. Otherwise 0.
        ("remaining_quantity", ctypes.c_int64),
    ]


_check_layout(veloz_book_event, 64, {
    "type": 0, "side": 1, "reason": 2, "flags": 3, "command_type": 4, "reserved0": 5,
    "reserved0b": 6, "order_count": 8, "reserved1": 12, "sequence": 16, "order_id": 24,
    "other_order_id": 32, "price": 40, "quantity": 48, "remaining_quantity": 56,
})


class veloz_level(ctypes.Structure):
    """One price level of a book side: the price in ticks, the total quantity resting there and,
    where known, the number of orders. Blittable, 24 bytes, passed unchanged across the C ABI.

    An empty level (a side with no orders) is all zeros.
    """

    _fields_ = [
        # Price in ticks.
        ("price", ctypes.c_int64),
        # Total quantity at this price; 0 only for an empty level.
        ("quantity", ctypes.c_int64),
        # Number of orders at this price, 0 when the source does not publish it.
        ("order_count", ctypes.c_int32),
        # Zero; keeps the size a multiple of 8 and leaves room for a field later.
        ("reserved", ctypes.c_int32),
    ]


_check_layout(veloz_level, 24, {
    "price": 0, "quantity": 8, "order_count": 16, "reserved": 20,
})


class veloz_top_of_book(ctypes.Structure):
    """Best bid and best ask of a book with the book sequence they belong to. Blittable, 56 bytes.

    An empty side is reported as an all-zero veloz_level (Quantity 0).
    """

    _fields_ = [
        # Best bid (highest buy price), or all zeros when there are no bids.
        ("bid", veloz_level),
        # Best ask (lowest sell price), or all zeros when there are no asks.
        ("ask", veloz_level),
        # Sequence number of the book state this top belongs to.
        ("sequence", ctypes.c_int64),
    ]


_check_layout(veloz_top_of_book, 56, {
    "bid": 0, "ask": 24, "sequence": 48,
})


class veloz_order_info(ctypes.Structure):
    """What the book knows about one resting order (OrderBook.TryGetOrder). Blittable, 48 bytes.

    Layout: 0 OrderId, 8 Price, 16 RemainingQuantity, 24 QuantityAhead, 32 OrdersAhead (i32), 36
    Owner (u32), 40 Side, 41 Flags, 42 SelfTradePrevention, 43..47 Reserved.
    """

    _fields_ = [
        # The order's id.
        ("order_id", ctypes.c_int64),
        # Price in ticks.
        ("price", ctypes.c_int64),
        # Quantity still resting.
        ("remaining_quantity", ctypes.c_int64),
        # Total remaining quantity of the orders ahead of it at its price (what must trade
        # before it does).
        ("quantity_ahead", ctypes.c_int64),
        # Number of orders ahead of it at its price.
        ("orders_ahead", ctypes.c_int32),
        # Owner id for self-trade prevention (0 = none).
        ("owner", ctypes.c_uint32),
        # Buy or Sell.
        ("side", ctypes.c_uint8),
        # Flags the order keeps (post-only).
        ("flags", ctypes.c_uint8),
        # The self-trade prevention mode it was given (resolved: never BookDefault).
        ("self_trade_prevention", ctypes.c_uint8),
        # Zero.
        ("reserved0", ctypes.c_uint8),
        # Zero.
        ("reserved1", ctypes.c_int32),
    ]


_check_layout(veloz_order_info, 48, {
    "order_id": 0, "price": 8, "remaining_quantity": 16, "quantity_ahead": 24, "orders_ahead":
    32, "owner": 36, "side": 40, "flags": 41, "self_trade_prevention": 42, "reserved0": 43,
    "reserved1": 44,
})


class veloz_book_stats(ctypes.Structure):
    """Counters of an order book, filled by veloz_book_get_stats. Set struct_size before the call.
    From offset 8 on, the same bytes as Core's VeloZ.Book.BookStatistics.
    """

    _fields_ = [
        # sizeof(veloz_book_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Zero.
        ("reserved0", ctypes.c_int32),
        # Resting orders.
        ("order_count", ctypes.c_int64),
        # Non-empty bid price levels.
        ("bid_level_count", ctypes.c_int32),
        # Non-empty ask price levels.
        ("ask_level_count", ctypes.c_int32),
        # Commands processed (rejected ones included): the sequence of the latest command.
        ("command_count", ctypes.c_int64),
        # Commands rejected.
        ("rejected_count", ctypes.c_int64),
        # Commands rejected because they named an order id that is not resting (feeds that start
        # mid-day produce these).
        ("unknown_order_count", ctypes.c_int64),
        # Trade events.
        ("trade_count", ctypes.c_int64),
        # Sum of traded quantity; it stays at INT64_MAX once it gets there instead of wrapping.
        ("trade_volume", ctypes.c_int64),
        # Commands after which the book was crossed (best bid at or above best ask): always 0 in
        # a matching book. In a mirror book a feed whose deletes go unreported leaves it
        # crossed; the top of book (veloz_book_read_top) then shows bid.price >= ask.price with
        # both quantities above 0.
        ("crossed_count", ctypes.c_int64),
    ]


_check_layout(veloz_book_stats, 72, {
    "struct_size": 0, "reserved0": 4, "order_count": 8, "bid_level_count": 16,
    "ask_level_count": 20, "command_count": 24, "rejected_count": 32, "unknown_order_count": 40,
    "trade_count": 48, "trade_volume": 56, "crossed_count": 64,
})


class veloz_clock_info(ctypes.Structure):
    """The library clock's calibration, filled by veloz_clock_get_info."""

    _fields_ = [
        # Set by the caller to sizeof(veloz_clock_info); the library writes at most that many
        # bytes and leaves this field as it was.
        ("struct_size", ctypes.c_uint32),
        # Where ticks come from.
        ("source", veloz_clock_source),
        # 1 if the CPU reports an invariant TSC (CPUID 0x80000007 EDX bit 8), else 0, whatever
        # the source.
        ("invariant_tsc", ctypes.c_int32),
        # Zero.
        ("reserved", ctypes.c_int32),
        # The calibrated TSC frequency (exactly 1e9 for the OS source).
        ("ticks_per_second", ctypes.c_double),
        # Wall time (Unix-epoch ns) of the last calibration.
        ("calibrated_at_ns", ctypes.c_int64),
        # Estimated error of the last calibration: half the narrowest (ticks, realtime, ticks)
        # sandwich, in ns.
        ("error_ns", ctypes.c_int64),
        # Calibrations so far, the one at startup included.
        ("calibration_count", ctypes.c_int64),
    ]


_check_layout(veloz_clock_info, 48, {
    "struct_size": 0, "source": 4, "invariant_tsc": 8, "reserved": 12, "ticks_per_second": 16,
    "calibrated_at_ns": 24, "error_ns": 32, "calibration_count": 40,
})


class veloz_pool_config(ctypes.Structure):
    """Configuration of veloz_pool_create and veloz_concurrent_pool_create. Zero the struct, set
    struct_size to sizeof(veloz_pool_config), block_size, and the fields you need: a zero field
    means its default. block_size has no default, so the config is required. Fields beyond a
    smaller (older) struct_size take their defaults.
    """

    _fields_ = [
        # sizeof(veloz_pool_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Bytes per block, 1..1 MiB (required). Blocks lie every block_size rounded up to
        # alignment (at least 8) bytes.
        ("block_size", ctypes.c_int32),
        # Alignment of every block, a power of two 1..4096 (0: 16).
        ("alignment", ctypes.c_int32),
        # Blocks allocated at creation, 1..2^24 (0: 1,024); the pool then grows by chunks that
        # double its capacity.
        ("initial_blocks", ctypes.c_int32),
        # Most blocks the pool may hold, initial_blocks..2^30 (0: no limit but 2^30); a rent
        # beyond it fails with VELOZ_E_FULL.
        ("max_blocks", ctypes.c_int32),
        # Or-ed veloz_pool_config_flags (VELOZ_POOL_CONFIG_FILL_FREED); other bits are
        # VELOZ_E_INVALID_ARGUMENT.
        ("flags", ctypes.c_uint32),
        # NUL-terminated UTF-8 name under which veloz_memory_report lists the pool, at most 128
        # characters (NULL or "": "pool"). Copied at creation.
        ("name", ctypes.c_char_p),
    ]


_check_layout(veloz_pool_config, 32, {
    "struct_size": 0, "block_size": 4, "alignment": 8, "initial_blocks": 12, "max_blocks": 16,
    "flags": 20, "name": 24,
})


class veloz_pool_stats(ctypes.Structure):
    """Counters of a pool, filled by veloz_pool_get_stats and veloz_concurrent_pool_get_stats. Set
    struct_size before the call. For a concurrent pool read while other threads rent and return,
    each field is a recent value, not a consistent snapshot.
    """

    _fields_ = [
        # sizeof(veloz_pool_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Bytes per block as configured.
        ("block_size", ctypes.c_int32),
        # Alignment of every block.
        ("alignment", ctypes.c_int32),
        # Distance between consecutive blocks: block_size rounded up to alignment, at least 8.
        ("stride", ctypes.c_int32),
        # Chunks of native memory the blocks live in.
        ("chunks", ctypes.c_int32),
        # Always 0; keeps the 64-bit fields below 8-byte aligned.
        ("reserved", ctypes.c_int32),
        # Blocks the pool holds now (free and rented).
        ("capacity", ctypes.c_int64),
        # The max_blocks limit (0: none but 2^30).
        ("max_blocks", ctypes.c_int64),
        # Blocks rented and not yet returned.
        ("in_use", ctypes.c_int64),
        # Most blocks in use at once (exact for veloz_pool; sampled for veloz_concurrent_pool,
        # so it may be below the true peak).
        ("peak_in_use", ctypes.c_int64),
        # Blocks rented since creation (a batch counts each block).
        ("rents", ctypes.c_int64),
        # Blocks returned since creation.
        ("returns", ctypes.c_int64),
        # Rents refused because the pool was exhausted (a batch that stops short counts once).
        ("failed_rents", ctypes.c_int64),
        # Returns refused: foreign pointers, pointers inside a block, blocks not rented.
        ("bad_returns", ctypes.c_int64),
        # Native bytes the chunks hold.
        ("bytes_reserved", ctypes.c_int64),
    ]


_check_layout(veloz_pool_stats, 96, {
    "struct_size": 0, "block_size": 4, "alignment": 8, "stride": 12, "chunks": 16, "reserved":
    20, "capacity": 24, "max_blocks": 32, "in_use": 40, "peak_in_use": 48, "rents": 56,
    "returns": 64, "failed_rents": 72, "bad_returns": 80, "bytes_reserved": 88,
})


class veloz_depth_config(ctypes.Structure):
    """Configuration of veloz_depth_create. Zero the struct, set struct_size to
    sizeof(veloz_depth_config) and the fields you need: a zero field means its default. Fields
    beyond a smaller (older) struct_size take their defaults.
    """

    _fields_ = [
        # sizeof(veloz_depth_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Levels per side to allocate up front, 1..2^28 (0: 256); the arrays grow beyond it.
        ("expected_levels", ctypes.c_int32),
        # Levels per side published for veloz_depth_read_top / veloz_depth_read_levels, 1..4096
        # (0: none, and those calls give VELOZ_E_STATE).
        ("snapshot_depth", ctypes.c_int32),
        # Zero (other values are refused, so the field can take a meaning later).
        ("reserved", ctypes.c_int32),
    ]


_check_layout(veloz_depth_config, 16, {
    "struct_size": 0, "expected_levels": 4, "snapshot_depth": 8, "reserved": 12,
})


class veloz_depth_update(ctypes.Structure):
    """One price-level update of an L2 (market-by-price) feed: set the quantity at a price on a
    side, 0 deleting the level. Blittable, 32 bytes, passed unchanged across the C ABI.

    Offsets: Sequence 0, Price 8, Quantity 16, Side 24, Reserved1 25, Reserved2 26, OrderCount
    28.
    """

    _fields_ = [
        # Feed sequence number; each update must be the previous one + 1.
        ("sequence", ctypes.c_int64),
        # Price in ticks.
        ("price", ctypes.c_int64),
        # New total quantity at the price (not a delta); 0 deletes the level; negative is
        # invalid.
        ("quantity", ctypes.c_int64),
        # Book side the level is on.
        ("side", ctypes.c_uint8),
        # Zero; explicit padding so the layout is the same in C.
        ("reserved1", ctypes.c_uint8),
        # Zero; explicit padding so the layout is the same in C.
        ("reserved2", ctypes.c_uint16),
        # Orders at the level when the venue publishes it, otherwise 0. Copied into
        # veloz_level.order_count.
        ("order_count", ctypes.c_int32),
    ]


_check_layout(veloz_depth_update, 32, {
    "sequence": 0, "price": 8, "quantity": 16, "side": 24, "reserved1": 25, "reserved2": 26,
    "order_count": 28,
})


class veloz_depth_state(ctypes.Structure):
    """Status and counters of a depth book, filled by veloz_depth_get_state. Set struct_size before
    the call. From offset 8 on, the same bytes as Core's VeloZ.Book.DepthBookState.
    """

    _fields_ = [
        # sizeof(veloz_depth_state) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Zero.
        ("reserved0", ctypes.c_int32),
        # VELOZ_DEPTH_STATUS_* flags (STALE, CROSSED, EMPTY); VELOZ_DEPTH_STATUS_OK when none
        # holds.
        ("status", veloz_depth_status),
        # Number of bid levels.
        ("bid_levels", ctypes.c_int32),
        # Number of ask levels.
        ("ask_levels", ctypes.c_int32),
        # Zero.
        ("reserved", ctypes.c_int32),
        # Sequence of the last applied update or snapshot (the next update must carry this + 1).
        ("last_sequence", ctypes.c_int64),
        # Sequence of the last loaded snapshot (0 for the implicit empty snapshot of a new
        # book).
        ("snapshot_sequence", ctypes.c_int64),
        # Updates applied (deletes of unknown levels included) since creation.
        ("update_count", ctypes.c_int64),
        # Snapshots loaded.
        ("snapshot_count", ctypes.c_int64),
        # Sequence gaps seen (each made the book stale).
        ("gap_count", ctypes.c_int64),
        # Updates dropped because the book was stale (veloz_depth_apply refuses such batches
        # instead, so 0 through the C API).
        ("dropped_stale_count", ctypes.c_int64),
        # Updates dropped because their sequence was at or below the last applied (or snapshot)
        # sequence.
        ("dropped_old_count", ctypes.c_int64),
        # Updates, batches and snapshots that left the book crossed.
        ("crossed_count", ctypes.c_int64),
        # Deletes of prices that were not in the book (no-ops).
        ("unknown_level_count", ctypes.c_int64),
        # Updates rejected as invalid (veloz_depth_apply checks a batch first and refuses it
        # whole, so 0 through the C API).
        ("invalid_count", ctypes.c_int64),
    ]


_check_layout(veloz_depth_state, 104, {
    "struct_size": 0, "reserved0": 4, "status": 8, "bid_levels": 12, "ask_levels": 16,
    "reserved": 20, "last_sequence": 24, "snapshot_sequence": 32, "update_count": 40,
    "snapshot_count": 48, "gap_count": 56, "dropped_stale_count": 64, "dropped_old_count": 72,
    "crossed_count": 80, "unknown_level_count": 88, "invalid_count": 96,
})


class veloz_event_loop_config(ctypes.Structure):
    """Configuration of veloz_event_loop_create. Zero the struct, set struct_size to
    sizeof(veloz_event_loop_config) and the fields you need: a zero field means its default
    (NULL config: all defaults).
    """

    _fields_ = [
        # sizeof(veloz_event_loop_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Tasks that may wait at once (posted, delayed or due, not yet run), 16..2^22 (0:
        # 65,536); a post beyond it fails with VELOZ_E_FULL.
        ("task_capacity", ctypes.c_int32),
        # The delayed tasks' timer wheel tick in ns, 1,000..3,600,000,000,000 (0: 100,000).
        # Delayed tasks run exactly when due.
        ("timer_tick_ns", ctypes.c_int64),
        # Tasks of higher priorities run while a lower one waits before one lower task runs,
        # 1..1,000,000 (0: 64).
        ("starvation_limit", ctypes.c_int32),
        # Polls before yielding or sleeping, 1..10,000,000 (0: 1,000).
        ("spin_iterations", ctypes.c_int32),
        # What the loop does when idle (0: VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN).
        ("idle_strategy", veloz_loop_idle_strategy),
        # Or-ed veloz_event_loop_config_flags (VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD); other bits
        # are VELOZ_E_INVALID_ARGUMENT.
        ("flags", ctypes.c_uint32),
        # NUL-terminated UTF-8 name for reports, at most 128 characters (NULL or "":
        # "event_loop"). Copied at creation.
        ("name", ctypes.c_char_p),
        # With VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD: the CPU the running thread is pinned to
        # (0..the highest online CPU).
        ("pin_cpu", ctypes.c_int32),
        # Must be 0.
        ("reserved", ctypes.c_int32),
    ]


_check_layout(veloz_event_loop_config, 48, {
    "struct_size": 0, "task_capacity": 4, "timer_tick_ns": 8, "starvation_limit": 16,
    "spin_iterations": 20, "idle_strategy": 24, "flags": 28, "name": 32, "pin_cpu": 40,
    "reserved": 44,
})


class veloz_event_loop_stats(ctypes.Structure):
    """Counters of an event loop, filled by veloz_event_loop_get_stats. Set struct_size before the
    call.
    """

    _fields_ = [
        # sizeof(veloz_event_loop_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Always 0; keeps the 64-bit fields below 8-byte aligned.
        ("reserved", ctypes.c_int32),
        # Tasks posted (immediate and delayed) since creation.
        ("posted", ctypes.c_int64),
        # Posts refused because task_capacity tasks were waiting.
        ("failed_posts", ctypes.c_int64),
        # Tasks run at critical priority.
        ("run_critical", ctypes.c_int64),
        # Tasks run at normal priority.
        ("run_normal", ctypes.c_int64),
        # Tasks run at background priority.
        ("run_background", ctypes.c_int64),
        # Delayed tasks cancelled before they ran.
        ("cancelled", ctypes.c_int64),
        # Delayed tasks that ran more than one timer tick after their deadline.
        ("late_timers", ctypes.c_int64),
        # Times a lower-priority task ran ahead of a higher one by the starvation guard.
        ("starvation_promotions", ctypes.c_int64),
        # Tasks waiting now (posted or due, not yet run).
        ("waiting", ctypes.c_int64),
        # Delayed tasks not yet due.
        ("delayed", ctypes.c_int64),
        # Nanoseconds spent running tasks inside veloz_event_loop_run and run_for.
        ("busy_ns", ctypes.c_int64),
        # Nanoseconds spent idle inside veloz_event_loop_run and run_for.
        ("idle_ns", ctypes.c_int64),
        # Post-to-run latency of the tasks run (ns; from the deadline for delayed tasks):
        # median.
        ("latency_p50_ns", ctypes.c_int64),
        # Post-to-run latency, 99th percentile.
        ("latency_p99_ns", ctypes.c_int64),
        # Post-to-run latency, 99.9th percentile.
        ("latency_p999_ns", ctypes.c_int64),
        # Post-to-run latency, the largest.
        ("latency_max_ns", ctypes.c_int64),
    ]


_check_layout(veloz_event_loop_stats, 136, {
    "struct_size": 0, "reserved": 4, "posted": 8, "failed_posts": 16, "run_critical": 24,
    "run_normal": 32, "run_background": 40, "cancelled": 48, "late_timers": 56,
    "starvation_promotions": 64, "waiting": 72, "delayed": 80, "busy_ns": 88, "idle_ns": 96,
    "latency_p50_ns": 104, "latency_p99_ns": 112, "latency_p999_ns": 120, "latency_max_ns": 128,
})


class veloz_histogram_config(ctypes.Structure):
    """Configuration of veloz_histogram_create. Set struct_size to sizeof(veloz_histogram_config)
    and every field: a zero field is out of range. Fields beyond a smaller (older) struct_size
    take their defaults.
    """

    _fields_ = [
        # sizeof(veloz_histogram_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Decimal digits kept of every value, 1..5; 0 means the default, 3.
        ("significant_digits", ctypes.c_int32),
        # Smallest value told apart from its neighbours, >= 1; 0 means the default, 1.
        ("lowest_trackable", ctypes.c_int64),
        # Largest value recorded as itself (larger ones are clamped to it), >= 2 * lowest; 0
        # means the default, 3_600_000_000_000 (an hour in ns).
        ("highest_trackable", ctypes.c_int64),
    ]


_check_layout(veloz_histogram_config, 24, {
    "struct_size": 0, "significant_digits": 4, "lowest_trackable": 8, "highest_trackable": 16,
})


class veloz_histogram_stats(ctypes.Structure):
    """Statistics of a histogram, filled by veloz_histogram_get_stats. Set struct_size before the
    call.
    """

    _fields_ = [
        # sizeof(veloz_histogram_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Zero.
        ("reserved", ctypes.c_int32),
        # Values recorded, clamped ones included.
        ("count", ctypes.c_int64),
        # Exact smallest value recorded; 0 when empty.
        ("min", ctypes.c_int64),
        # Exact largest value recorded, after clamping; 0 when empty.
        ("max", ctypes.c_int64),
        # Exact mean (exact sum / count); 0 when empty.
        ("mean", ctypes.c_double),
        # Population standard deviation; 0 when empty.
        ("stddev", ctypes.c_double),
        # Values above highest_trackable, recorded as highest_trackable.
        ("clamped_count", ctypes.c_int64),
    ]


_check_layout(veloz_histogram_stats, 56, {
    "struct_size": 0, "reserved": 4, "count": 8, "min": 16, "max": 24, "mean": 32, "stddev": 40,
    "clamped_count": 48,
})


class veloz_histogram_bucket(ctypes.Structure):
    """One non-empty counter of a Histogram: veloz_histogram_bucket.count values that all lie in
    the range ending at veloz_histogram_bucket.value. The layout (two 64-bit integers, value
    first) is fixed, so an array of these can be handed to native code as is.
    """

    _fields_ = [
        # The highest value equivalent to the bucket: every value counted here is <= it.
        ("value", ctypes.c_int64),
        # How many recorded values the bucket holds (> 0).
        ("count", ctypes.c_int64),
    ]


_check_layout(veloz_histogram_bucket, 16, {
    "value": 0, "count": 8,
})


class veloz_mpmc_config(ctypes.Structure):
    """Configuration of veloz_mpmc_create. Zero the struct, set struct_size to
    sizeof(veloz_mpmc_config) and the fields you need: a zero field means its default. Fields
    beyond a smaller (older) struct_size take their defaults.
    """

    _fields_ = [
        # sizeof(veloz_mpmc_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Records the queue holds, 1..2^26, rounded up to a power of two and to at least 2, the
        # ring (record_size + 8 bytes per record, rounded up to 8) at most 1 GiB (0: 1,024).
        ("capacity", ctypes.c_int32),
        # Bytes per record, 8..1024 (0: 64). Every push and pop copies exactly this many bytes
        # per record.
        ("record_size", ctypes.c_int32),
        # How veloz_mpmc_push_wait and veloz_mpmc_pop_wait wait:
        # VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK (0, default), _SPIN_THEN_YIELD or _BUSY_SPIN.
        ("wait_strategy", veloz_wait_strategy),
    ]


_check_layout(veloz_mpmc_config, 16, {
    "struct_size": 0, "capacity": 4, "record_size": 8, "wait_strategy": 12,
})


class veloz_queue_stats(ctypes.Structure):
    """Counters of a queue, filled by veloz_spsc_get_stats and veloz_mpmc_get_stats. Set
    struct_size before the call. Read while other threads push and pop, each field is a recent
    value, not a consistent snapshot.
    """

    _fields_ = [
        # sizeof(veloz_queue_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Records the queue holds (the configured capacity rounded up to a power of two).
        ("capacity", ctypes.c_int32),
        # Bytes per record.
        ("record_size", ctypes.c_int32),
        # 1 once the queue is closed, else 0.
        ("closed", ctypes.c_int32),
        # Records in the queue now (an estimate while other threads run).
        ("size", ctypes.c_int64),
        # Records pushed since creation (a batch counts each record).
        ("pushes", ctypes.c_int64),
        # Records popped since creation.
        ("pops", ctypes.c_int64),
        # Push calls that pushed nothing because the queue was full (a wait counts once, when it
        # times out).
        ("failed_pushes", ctypes.c_int64),
        # Pop calls that popped nothing because the queue was empty (a wait counts once, when it
        # times out).
        ("failed_pops", ctypes.c_int64),
        # Most records seen in the queue at once: sampled every 64th push, on a full queue and
        # at each stats read, so at most 63 below the true peak.
        ("high_water_mark", ctypes.c_int64),
    ]


_check_layout(veloz_queue_stats, 64, {
    "struct_size": 0, "capacity": 4, "record_size": 8, "closed": 12, "size": 16, "pushes": 24,
    "pops": 32, "failed_pushes": 40, "failed_pops": 48, "high_water_mark": 56,
})


class veloz_spsc_config(ctypes.Structure):
    """Configuration of veloz_spsc_create. Zero the struct, set struct_size to
    sizeof(veloz_spsc_config) and the fields you need: a zero field means its default. Fields
    beyond a smaller (older) struct_size take their defaults.
    """

    _fields_ = [
        # sizeof(veloz_spsc_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Records the queue holds, 1..2^26, rounded up to a power of two, the ring at most 1 GiB
        # (0: 1,024).
        ("capacity", ctypes.c_int32),
        # Bytes per record, 8..1024 (0: 64). Every push and pop copies exactly this many bytes
        # per record.
        ("record_size", ctypes.c_int32),
        # How veloz_spsc_push_wait and veloz_spsc_pop_wait wait:
        # VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK (0, default), _SPIN_THEN_YIELD or _BUSY_SPIN.
        ("wait_strategy", veloz_wait_strategy),
    ]


_check_layout(veloz_spsc_config, 16, {
    "struct_size": 0, "capacity": 4, "record_size": 8, "wait_strategy": 12,
})


class veloz_time_sync_config(ctypes.Structure):
    """Sizes of a veloz_time_sync. Zero fields (or a NULL config) take the defaults."""

    _fields_ = [
        # sizeof(veloz_time_sync_config); fields beyond it take their defaults.
        ("struct_size", ctypes.c_uint32),
        # Distinct venues it can hold: 1..4096, default 64.
        ("max_venues", ctypes.c_int32),
        # Samples kept per venue for the minimum-round-trip filter: 1..65536, default 64.
        ("window", ctypes.c_int32),
        # Zero.
        ("reserved", ctypes.c_int32),
    ]


_check_layout(veloz_time_sync_config, 16, {
    "struct_size": 0, "max_venues": 4, "window": 8, "reserved": 12,
})


class veloz_time_sync_stats(ctypes.Structure):
    """One venue's clock estimate, filled by veloz_time_sync_get_stats."""

    _fields_ = [
        # Set by the caller to sizeof(veloz_time_sync_stats); the library writes at most that
        # many bytes and leaves this field as it was.
        ("struct_size", ctypes.c_uint32),
        # The venue id.
        ("venue", ctypes.c_int32),
        # Exchange time minus local time, estimated at last_sample_ns.
        ("offset_ns", ctypes.c_int64),
        # The smallest round trip in the window.
        ("best_rtt_ns", ctypes.c_int64),
        # Exchange clock rate relative to the local one, in parts per million (0 until 6
        # samples).
        ("drift_ppm", ctypes.c_double),
        # Samples ever accepted for this venue.
        ("sample_count", ctypes.c_int64),
        # The latest local receive time of any accepted sample.
        ("last_sample_ns", ctypes.c_int64),
    ]


_check_layout(veloz_time_sync_stats, 48, {
    "struct_size": 0, "venue": 4, "offset_ns": 8, "best_rtt_ns": 16, "drift_ppm": 24,
    "sample_count": 32, "last_sample_ns": 40,
})


class veloz_timer_wheel_config(ctypes.Structure):
    """Configuration of veloz_timer_wheel_create. Zero the struct, set struct_size to
    sizeof(veloz_timer_wheel_config) and the fields you need: a zero field means its default
    (NULL config: all defaults). Fields beyond a smaller (older) struct_size take their
    defaults.
    """

    _fields_ = [
        # sizeof(veloz_timer_wheel_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Levels of 256 slots, 1..7 (0: 4). A deadline may lie at most 255 × 256^(levels-1) - 2
        # ticks after the wheel's time (max_delay_ns), and never after 2^62 ns.
        ("levels", ctypes.c_int32),
        # Nanoseconds per tick, 1,000..3,600,000,000,000 (0: 1,000,000). Timers fire exactly
        # when due; the tick sets the cost of a long wait, not the precision.
        ("tick_ns", ctypes.c_int64),
        # The wheel's time at creation in ns, 0..2^62 (0: 0). Deadlines and advance times are on
        # the same clock (for example veloz_clock_now_ns).
        ("start_ns", ctypes.c_int64),
        # Timer nodes allocated at creation, 1..2^26 (0: 1,024); the store doubles when more
        # timers are live.
        ("initial_timers", ctypes.c_int32),
        # Most live timers, initial_timers..2^26 (0: no limit but 2^26); a schedule beyond it
        # fails with VELOZ_E_FULL.
        ("max_timers", ctypes.c_int32),
        # No flags are defined yet: must be 0.
        ("flags", ctypes.c_uint32),
        # Must be 0; keeps name 8-byte aligned.
        ("reserved", ctypes.c_int32),
        # NUL-terminated UTF-8 name for reports, at most 128 characters (NULL or "":
        # "timer_wheel"). Copied at creation.
        ("name", ctypes.c_char_p),
    ]


_check_layout(veloz_timer_wheel_config, 48, {
    "struct_size": 0, "levels": 4, "tick_ns": 8, "start_ns": 16, "initial_timers": 24,
    "max_timers": 28, "flags": 32, "reserved": 36, "name": 40,
})


class veloz_timer_expiry(ctypes.Structure):
    """One timer that fired, as an advance reports it: 40 bytes with the fields at offsets 0 (id),
    8 (payload), 16 (deadline), 24 (late_ns), 32 (expirations) and 36 (flags), in C# and in C
    alike.
    """

    _fields_ = [
        # The id the schedule returned. A periodic timer keeps its id for every period until it
        # is cancelled.
        ("id", ctypes.c_uint64),
        # The caller's value given at schedule.
        ("payload", ctypes.c_uint64),
        # The deadline that fired, in ns (for a periodic timer that fell behind: the earliest
        # missed one).
        ("deadline", ctypes.c_int64),
        # The advance's time minus veloz_timer_expiry.deadline, ≥ 0: how late the timer ran.
        ("late_ns", ctypes.c_int64),
        # Periods that elapsed (1 for a one-shot). A periodic timer whose later deadlines also
        # passed fires once with their count (like timerfd) and is re-armed for its first
        # deadline after now, on its grid.
        ("expirations", ctypes.c_int32),
        # See veloz_timer_expiry_flags.
        ("flags", veloz_timer_expiry_flags),
    ]


_check_layout(veloz_timer_expiry, 40, {
    "id": 0, "payload": 8, "deadline": 16, "late_ns": 24, "expirations": 32, "flags": 36,
})


class veloz_timer_wheel_stats(ctypes.Structure):
    """Sizes and counters of a timer wheel, filled by veloz_timer_wheel_get_stats. Set struct_size
    before the call.
    """

    _fields_ = [
        # sizeof(veloz_timer_wheel_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Levels of 256 slots.
        ("levels", ctypes.c_int32),
        # Nanoseconds per tick.
        ("tick_ns", ctypes.c_int64),
        # The wheel's time: the last advance's now (or start_ns).
        ("now_ns", ctypes.c_int64),
        # The furthest a deadline may lie after now_ns.
        ("max_delay_ns", ctypes.c_int64),
        # Live timers: scheduled, not yet fired (one-shot) and not cancelled; periodic timers
        # stay live.
        ("active", ctypes.c_int64),
        # Due timers not yet delivered because an advance's buffer was full (they come first
        # next time).
        ("pending", ctypes.c_int64),
        # Most live timers at once.
        ("peak_active", ctypes.c_int64),
        # Timer nodes allocated.
        ("capacity", ctypes.c_int64),
        # Timers scheduled since creation.
        ("scheduled", ctypes.c_int64),
        # Timers cancelled (veloz_timer_wheel_cancel and veloz_timer_wheel_clear).
        ("cancelled", ctypes.c_int64),
        # Expiries delivered (a periodic timer counts once per delivery).
        ("fired", ctypes.c_int64),
        # Periods of periodic timers that passed without a delivery of their own (counted in an
        # expiry's expirations).
        ("missed_periods", ctypes.c_int64),
        # Times a timer moved down a level.
        ("cascaded", ctypes.c_int64),
        # Schedules refused (full, out of range, bad interval).
        ("failed_schedules", ctypes.c_int64),
        # Cancels of ids that were not live.
        ("failed_cancels", ctypes.c_int64),
    ]


_check_layout(veloz_timer_wheel_stats, 120, {
    "struct_size": 0, "levels": 4, "tick_ns": 8, "now_ns": 16, "max_delay_ns": 24, "active": 32,
    "pending": 40, "peak_active": 48, "capacity": 56, "scheduled": 64, "cancelled": 72, "fired":
    80, "missed_periods": 88, "cascaded": 96, "failed_schedules": 104, "failed_cancels": 112,
})


# ---- Functions: name -> (restype, argtypes)

FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {
    # uint32_t veloz_version(void);
    # The library's version packed as (major << 16) | (minor << 8) | patch. Thread safety: any
    # thread, wait-free.
    "veloz_version": (ctypes.c_uint32, []),
    # const char* veloz_status_name(veloz_status status);
    # The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated
    # string that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status. Thread
    # safety: any thread, wait-free.
    "veloz_status_name": (ctypes.c_char_p, [veloz_status]),
    # int32_t veloz_last_error_message(char* buffer, int32_t capacity);
    # Copies the message of the most recent failure on the calling thread into buffer as
    # NUL-terminated UTF-8, truncated to capacity - 1 bytes. Thread safety: thread-safe.
    "veloz_last_error_message": (ctypes.c_int32, [ctypes.POINTER(ctypes.c_char), ctypes.c_int32]),
    # veloz_status veloz_handle_release_owner(void* handle);
    # Hands an object over to another thread (docs/DESIGN.md rule 8). Thread safety: owner
    # thread only.
    "veloz_handle_release_owner": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_handle_share(void* handle);
    # Turns the owner-thread check of an object off for good: afterwards any thread may call its
    # functions, and the caller promises that no two calls overlap (for example by holding a
    # lock per object around every call, as the Python classes do). Thread safety: thread-safe.
    "veloz_handle_share": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_arena_create(const veloz_arena_config* config, veloz_arena** out);
    # Creates an arena and reserves its first chunk. Thread safety: thread-safe.
    "veloz_arena_create": (veloz_status, [ctypes.POINTER(veloz_arena_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_arena_destroy(veloz_arena* arena);
    # Destroys an arena and frees every chunk: every pointer it handed out is dangling
    # afterwards. Thread safety: thread-safe.
    "veloz_arena_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_arena_alloc(veloz_arena* arena, int64_t size, int32_t alignment, void** out);
    # Allocates size bytes (1..1 GiB, not zeroed) aligned to alignment (a power of two 1..4096,
    # or 0 for 16) and stores the address in out; valid until veloz_arena_reset or
    # veloz_arena_destroy. Thread safety: owner thread only.
    "veloz_arena_alloc": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32, ctypes.POINTER(ctypes.c_void_p)]),
    # veloz_status veloz_arena_alloc_batch(veloz_arena* arena, int64_t size, int32_t alignment, void** blocks, int32_t count);
    # Allocates count blocks of size bytes each, aligned as veloz_arena_alloc, their addresses
    # into blocks: the cheapest way to take many. Thread safety: owner thread only.
    "veloz_arena_alloc_batch": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32]),
    # veloz_status veloz_arena_reset(veloz_arena* arena);
    # Forgets every allocation and keeps every chunk, so the next batch of allocations reuses
    # the same memory and reserves nothing new: every pointer handed out before is invalid
    # afterwards (its memory is reused). Thread safety: owner thread only.
    "veloz_arena_reset": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_arena_get_stats(veloz_arena* arena, veloz_arena_stats* out);
    # Fills out with the arena's chunks and counters. Thread safety: owner thread only.
    "veloz_arena_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_arena_stats)]),
    # veloz_status veloz_book_create(const veloz_book_config* config, veloz_book** out);
    # Creates an order book. Thread safety: thread-safe.
    "veloz_book_create": (veloz_status, [ctypes.POINTER(veloz_book_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_book_destroy(veloz_book* book);
    # Destroys an order book and its queued events. Thread safety: thread-safe.
    "veloz_book_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_book_submit(veloz_book* book, const veloz_book_command* order);
    # Enters one new order: order->type must be VELOZ_BOOK_COMMAND_SUBMIT (matching book) or
    # VELOZ_BOOK_COMMAND_ADD (mirror book). Thread safety: single writer.
    "veloz_book_submit": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_book_command)]),
    # veloz_status veloz_book_cancel(veloz_book* book, int64_t order_id);
    # Removes a resting order (a Cancel command in a matching book, a Delete in a mirror book);
    # its events are queued. Thread safety: single writer.
    "veloz_book_cancel": (veloz_status, [ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_book_reduce(veloz_book* book, int64_t order_id, int64_t quantity);
    # Takes quantity off a resting order's remaining quantity, keeping its queue priority;
    # taking all of it removes the order. Thread safety: single writer.
    "veloz_book_reduce": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_book_modify(veloz_book* book, int64_t order_id, int64_t new_price, int64_t new_quantity);
    # Sets a resting order's price and remaining quantity. Thread safety: single writer.
    "veloz_book_modify": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_book_replace(veloz_book* book, int64_t order_id, int64_t new_order_id, int64_t new_price, int64_t new_quantity);
    # Removes a resting order and enters new_order_id on the same side at a new price and
    # quantity, without priority (ITCH "U"); in a matching book it may trade. Thread safety:
    # single writer.
    "veloz_book_replace": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_book_execute(veloz_book* book, int64_t order_id, int64_t quantity);
    # Mirror book only: the venue executed quantity of a resting order (a Trade event; the order
    # is done when nothing is left). Thread safety: single writer.
    "veloz_book_execute": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_book_apply(veloz_book* book, const veloz_book_command* commands, int32_t count, int32_t* consumed, veloz_book_event* events, int32_t capacity, int32_t* written);
    # Processes a batch of commands and copies events into the caller's buffer, never losing
    # one. Thread safety: single writer.
    "veloz_book_apply": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_book_command), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(veloz_book_event), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_book_drain_events(veloz_book* book, veloz_book_event* events, int32_t capacity, int32_t* written);
    # Moves up to capacity queued events, oldest first, into events and stores their number in
    # *written (0 when none are queued). Thread safety: single writer.
    "veloz_book_drain_events": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_book_event), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # int64_t veloz_book_pending_events(veloz_book* book);
    # Events queued and not yet drained; 0 for a NULL or invalid handle. Thread safety: single
    # writer.
    "veloz_book_pending_events": (ctypes.c_int64, [ctypes.c_void_p]),
    # veloz_status veloz_book_best(veloz_book* book, veloz_top_of_book* out);
    # Stores the best bid and best ask (all-zero levels for an empty side) and the book's
    # command count as the sequence. Thread safety: owner thread only.
    "veloz_book_best": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_top_of_book)]),
    # veloz_status veloz_book_depth(veloz_book* book, veloz_side side, veloz_level* out, int32_t capacity, int32_t* written);
    # Writes the best capacity levels of one side, best first (bids from the highest price, asks
    # from the lowest), and their number to *written; a side with fewer levels writes fewer.
    # Thread safety: owner thread only.
    "veloz_book_depth": (veloz_status, [ctypes.c_void_p, veloz_side, ctypes.POINTER(veloz_level), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_book_order(veloz_book* book, int64_t order_id, veloz_order_info* out);
    # Describes the resting order order_id: side, price, remaining quantity, owner and what is
    # ahead of it in its queue (O(orders ahead)). Thread safety: owner thread only.
    "veloz_book_order": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.POINTER(veloz_order_info)]),
    # veloz_status veloz_book_hash(veloz_book* book, uint64_t* out_hash);
    # Stores a 64-bit hash of the book's whole state (every resting order in price-time order)
    # in *out_hash. Thread safety: owner thread only.
    "veloz_book_hash": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint64)]),
    # veloz_status veloz_book_get_stats(veloz_book* book, veloz_book_stats* out);
    # Fills out with the book's counters. Thread safety: owner thread only.
    "veloz_book_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_book_stats)]),
    # veloz_status veloz_book_read_top(veloz_book* book, veloz_top_of_book* out);
    # Copies the best bid and ask published after the latest command that changed them, with
    # that command's sequence, as one consistent state: never torn, never half-applied (a
    # seqlock read that retries while the owner thread is publishing; the owner never waits).
    # Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
    "veloz_book_read_top": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_top_of_book)]),
    # veloz_status veloz_book_read_levels(veloz_book* book, veloz_level* bids, veloz_level* asks, int32_t capacity, int32_t* bid_count, int32_t* ask_count);
    # Copies up to capacity published levels of each side, best first, from one consistent
    # publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count.
    # Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
    "veloz_book_read_levels": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_level), ctypes.POINTER(veloz_level), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int32)]),
    # uint64_t veloz_clock_ticks(void);
    # The raw counter: TSC ticks, or OS monotonic nanoseconds when the source is
    # VELOZ_CLOCK_SOURCE_OS. Thread safety: any thread, wait-free.
    "veloz_clock_ticks": (ctypes.c_uint64, []),
    # int64_t veloz_clock_now_ns(void);
    # Now, in Unix-epoch nanoseconds (CLOCK_REALTIME, calibrated; about half the cost of
    # clock_gettime). Thread safety: any thread, wait-free.
    "veloz_clock_now_ns": (ctypes.c_int64, []),
    # int64_t veloz_clock_ticks_to_ns(uint64_t ticks);
    # The Unix-epoch nanoseconds of a veloz_clock_ticks reading, with the current calibration;
    # non-decreasing in ticks. Thread safety: any thread, wait-free.
    "veloz_clock_ticks_to_ns": (ctypes.c_int64, [ctypes.c_uint64]),
    # veloz_status veloz_clock_calibrate(void);
    # Re-measures the clock against CLOCK_REALTIME (about 10 µs), refines the TSC frequency, and
    # slews to the new calibration from 200 µs on (at most 500 ppm), so time never jumps
    # backwards. Thread safety: thread-safe.
    "veloz_clock_calibrate": (veloz_status, []),
    # veloz_status veloz_clock_get_info(veloz_clock_info* out_info);
    # Fills out_info with the clock's source and calibration. Thread safety: thread-safe.
    "veloz_clock_get_info": (veloz_status, [ctypes.POINTER(veloz_clock_info)]),
    # veloz_status veloz_concurrent_pool_create(const veloz_pool_config* config, veloz_concurrent_pool** out);
    # Creates a lock-free pool of fixed-size blocks for any number of threads and reserves
    # config->initial_blocks of them. Thread safety: thread-safe.
    "veloz_concurrent_pool_create": (veloz_status, [ctypes.POINTER(veloz_pool_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_concurrent_pool_destroy(veloz_concurrent_pool* pool);
    # Destroys a pool and frees every block, rented or not: a block still held is dangling
    # afterwards. Thread safety: thread-safe.
    "veloz_concurrent_pool_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_concurrent_pool_rent(veloz_concurrent_pool* pool, void** out);
    # Rents a block: stores its address (aligned to the pool's alignment, block_size bytes,
    # contents not zeroed) in out. Thread safety: thread-safe.
    "veloz_concurrent_pool_rent": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    # veloz_status veloz_concurrent_pool_return(veloz_concurrent_pool* pool, void* block);
    # Returns a block rented from this pool, on any thread (not only the renter's). Thread
    # safety: thread-safe.
    "veloz_concurrent_pool_return": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_concurrent_pool_rent_batch(veloz_concurrent_pool* pool, void** blocks, int32_t count, int32_t* rented);
    # Rents count blocks into blocks and stores how many in rented. Thread safety: thread-safe.
    "veloz_concurrent_pool_rent_batch": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_concurrent_pool_return_batch(veloz_concurrent_pool* pool, void** blocks, int32_t count, int32_t* returned);
    # Returns the count blocks at blocks in order, stopping at the first the pool refuses (see
    # veloz_concurrent_pool_return); stores how many were returned in returned. Thread safety:
    # thread-safe.
    "veloz_concurrent_pool_return_batch": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_concurrent_pool_is_rented(veloz_concurrent_pool* pool, const void* block, int32_t* out_rented);
    # Stores 1 in out_rented when block is the start of a block of this pool that is rented now,
    # else 0 (any pointer may be asked about; with other threads renting and returning the
    # answer may be stale when it arrives). Thread safety: thread-safe.
    "veloz_concurrent_pool_is_rented": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_concurrent_pool_get_stats(veloz_concurrent_pool* pool, veloz_pool_stats* out);
    # Fills out with the pool's sizes and counters (recent values while other threads run).
    # Thread safety: thread-safe.
    "veloz_concurrent_pool_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_pool_stats)]),
    # veloz_status veloz_depth_create(const veloz_depth_config* config, veloz_depth** out);
    # Creates an empty depth book at sequence 0 (so a feed numbered from 1 needs no snapshot).
    # Thread safety: thread-safe.
    "veloz_depth_create": (veloz_status, [ctypes.POINTER(veloz_depth_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_depth_destroy(veloz_depth* depth);
    # Destroys a depth book. Thread safety: thread-safe.
    "veloz_depth_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_depth_apply(veloz_depth* depth, const veloz_depth_update* updates, int32_t count, int32_t* applied);
    # Applies level updates in feed order and publishes once at the end. Thread safety: single
    # writer.
    "veloz_depth_apply": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_depth_update), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_depth_snapshot(veloz_depth* depth, const veloz_level* bids, int32_t bid_count, const veloz_level* asks, int32_t ask_count, int64_t sequence);
    # Replaces the whole book with a snapshot taken at feed sequence sequence and clears STALE:
    # the next update must carry sequence + 1. Thread safety: single writer.
    "veloz_depth_snapshot": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_level), ctypes.c_int32, ctypes.POINTER(veloz_level), ctypes.c_int32, ctypes.c_int64]),
    # veloz_status veloz_depth_best(veloz_depth* depth, veloz_top_of_book* out);
    # Stores the best bid and best ask (all-zero levels for an empty side) and the last applied
    # sequence. Thread safety: owner thread only.
    "veloz_depth_best": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_top_of_book)]),
    # veloz_status veloz_depth_levels(veloz_depth* depth, veloz_side side, veloz_level* out, int32_t capacity, int32_t* written);
    # Writes up to capacity levels of one side, best first, and their number to *written. Thread
    # safety: owner thread only.
    "veloz_depth_levels": (veloz_status, [ctypes.c_void_p, veloz_side, ctypes.POINTER(veloz_level), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_depth_get_state(veloz_depth* depth, veloz_depth_state* out);
    # Fills out with the book's status flags, level counts, sequences and counters. Thread
    # safety: owner thread only.
    "veloz_depth_get_state": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_depth_state)]),
    # veloz_status veloz_depth_read_top(veloz_depth* depth, veloz_top_of_book* out);
    # Copies the best bid and ask published after the latest update, batch or snapshot, with its
    # sequence, as one consistent state: never torn (a seqlock read that retries while the owner
    # thread is publishing; the owner never waits). Thread safety: thread-safe (any thread,
    # lock-free; the owner thread is never blocked).
    "veloz_depth_read_top": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_top_of_book)]),
    # veloz_status veloz_depth_read_levels(veloz_depth* depth, veloz_level* bids, veloz_level* asks, int32_t capacity, int32_t* bid_count, int32_t* ask_count);
    # Copies up to capacity published levels of each side, best first, from one consistent
    # publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count.
    # Thread safety: thread-safe (any thread, lock-free; the owner thread is never blocked).
    "veloz_depth_read_levels": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_level), ctypes.POINTER(veloz_level), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_event_loop_create(const veloz_event_loop_config* config, veloz_event_loop** out);
    # Creates an event loop. Thread safety: thread-safe.
    "veloz_event_loop_create": (veloz_status, [ctypes.POINTER(veloz_event_loop_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_event_loop_destroy(veloz_event_loop* loop);
    # Destroys a loop; tasks not yet run are dropped. Thread safety: thread-safe.
    "veloz_event_loop_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_event_loop_post(veloz_event_loop* loop, void (*task)(void*), void* context, veloz_loop_priority priority);
    # Posts task(context) to run on the loop's thread at priority (a veloz_loop_priority), from
    # any thread, lock-free; it wakes a sleeping loop. Thread safety: thread-safe.
    "veloz_event_loop_post": (veloz_status, [ctypes.c_void_p, ctypes.CFUNCTYPE(None, ctypes.c_void_p), ctypes.c_void_p, veloz_loop_priority]),
    # veloz_status veloz_event_loop_post_at(veloz_event_loop* loop, int64_t deadline_ns, void (*task)(void*), void* context, veloz_loop_priority priority, uint64_t* out_id);
    # Schedules task(context) to run at deadline_ns (veloz_clock_now_ns's clock), exactly then
    # or later, never earlier; stores an id for veloz_event_loop_cancel in out_id (0 on
    # failure). Thread safety: owner thread only.
    "veloz_event_loop_post_at": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.CFUNCTYPE(None, ctypes.c_void_p), ctypes.c_void_p, veloz_loop_priority, ctypes.POINTER(ctypes.c_uint64)]),
    # veloz_status veloz_event_loop_post_after(veloz_event_loop* loop, int64_t delay_ns, void (*task)(void*), void* context, veloz_loop_priority priority, uint64_t* out_id);
    # As veloz_event_loop_post_at, delay_ns (≥ 0) from now. Thread safety: owner thread only.
    "veloz_event_loop_post_after": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.CFUNCTYPE(None, ctypes.c_void_p), ctypes.c_void_p, veloz_loop_priority, ctypes.POINTER(ctypes.c_uint64)]),
    # veloz_status veloz_event_loop_cancel(veloz_event_loop* loop, uint64_t id);
    # Cancels a delayed task not yet due: it never runs. Thread safety: owner thread only.
    "veloz_event_loop_cancel": (veloz_status, [ctypes.c_void_p, ctypes.c_uint64]),
    # veloz_status veloz_event_loop_run_once(veloz_event_loop* loop, int32_t* ran);
    # Runs every task due now (tasks posted meanwhile wait for the next call); stores how many
    # ran in ran. Thread safety: owner thread only.
    "veloz_event_loop_run_once": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_event_loop_run_for(veloz_event_loop* loop, int64_t duration_ns, int64_t* ran);
    # Runs the loop for duration_ns (≥ 0), idling by its strategy, or until
    # veloz_event_loop_stop; stores the tasks run in ran. Thread safety: owner thread only.
    "veloz_event_loop_run_for": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_event_loop_run(veloz_event_loop* loop, int64_t* ran);
    # Runs the loop until veloz_event_loop_stop (from any thread or a task); stores the tasks
    # run in ran. Thread safety: owner thread only.
    "veloz_event_loop_run": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_event_loop_stop(veloz_event_loop* loop);
    # Makes veloz_event_loop_run or run_for return after the task running now, from any thread
    # or from a task; a stop while the loop is not running makes its next run return at once.
    # Thread safety: thread-safe.
    "veloz_event_loop_stop": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_event_loop_get_stats(veloz_event_loop* loop, veloz_event_loop_stats* out);
    # Fills out with the loop's counters and its post-to-run latency percentiles. Thread safety:
    # owner thread only.
    "veloz_event_loop_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_event_loop_stats)]),
    # veloz_status veloz_histogram_create(const veloz_histogram_config* config, veloz_histogram** out);
    # Creates a histogram. Thread safety: thread-safe.
    "veloz_histogram_create": (veloz_status, [ctypes.POINTER(veloz_histogram_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_histogram_destroy(veloz_histogram* histogram);
    # Destroys a histogram. Thread safety: thread-safe.
    "veloz_histogram_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_histogram_record(veloz_histogram* histogram, int64_t value);
    # Records one value. Thread safety: single writer.
    "veloz_histogram_record": (veloz_status, [ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_histogram_record_n(veloz_histogram* histogram, int64_t value, int64_t count);
    # Records count (>= 0) occurrences of value (>= 0). Thread safety: single writer.
    "veloz_histogram_record_n": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_histogram_record_batch(veloz_histogram* histogram, const int64_t* values, int32_t count);
    # Records count values from values (NULL allowed when count is 0). Thread safety: single
    # writer.
    "veloz_histogram_record_batch": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64), ctypes.c_int32]),
    # veloz_status veloz_histogram_value_at_percentile(veloz_histogram* histogram, double percentile, int64_t* out_value);
    # Stores in out_value the value at percentile (0..100): the highest value equivalent to the
    # counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
    # capped at the exact max; 0 gives the exact min, 100 the exact max. Thread safety: owner
    # thread only.
    "veloz_histogram_value_at_percentile": (veloz_status, [ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_histogram_percentiles(veloz_histogram* histogram, const double* percentiles, int64_t* out_values, int32_t count);
    # For each of the count percentiles (0..100, any order) stores the value at it, as
    # veloz_histogram_value_at_percentile would, at the same position of out_values. Thread
    # safety: owner thread only.
    "veloz_histogram_percentiles": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_int64), ctypes.c_int32]),
    # veloz_status veloz_histogram_get_stats(veloz_histogram* histogram, veloz_histogram_stats* out);
    # Fills out with count, min, max, mean, stddev and clamped_count. Thread safety: owner
    # thread only.
    "veloz_histogram_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_histogram_stats)]),
    # veloz_status veloz_histogram_buckets(veloz_histogram* histogram, veloz_histogram_bucket* out, int32_t capacity, int32_t* written);
    # Writes the non-empty buckets, lowest values first, to out and their number to written.
    # Thread safety: owner thread only.
    "veloz_histogram_buckets": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_histogram_bucket), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_histogram_merge(veloz_histogram* target, veloz_histogram* source);
    # Adds every value of source to target (they may be the same histogram); source values above
    # the target's highest_trackable are clamped and counted in its clamped_count. Thread
    # safety: owner thread only.
    "veloz_histogram_merge": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_histogram_reset(veloz_histogram* histogram);
    # Forgets every recorded value; the configuration stays. Thread safety: owner thread only.
    "veloz_histogram_reset": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_memory_report(char* buffer, int32_t capacity, int32_t* written);
    # Writes a table of every live pool and arena of the process (C#'s included: name, kind,
    # block size, capacity, in use, peak, rents, returns, failures, chunks, bytes reserved) and
    # a total line, as NUL-terminated UTF-8, into buffer; stores the text's length in bytes
    # (without the NUL) in written. Thread safety: thread-safe.
    "veloz_memory_report": (veloz_status, [ctypes.POINTER(ctypes.c_char), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_memory_prometheus(char* buffer, int32_t capacity, int32_t* written);
    # Writes the Prometheus text exposition (format 0.0.4) of every live pool and arena: the
    # gauges and counters veloz_memory_bytes_reserved, veloz_memory_chunks,
    # veloz_pool_in_use_blocks, veloz_pool_rents_total, ..., veloz_arena_allocated_bytes, ...,
    # labelled by name and kind. Thread safety: thread-safe.
    "veloz_memory_prometheus": (veloz_status, [ctypes.POINTER(ctypes.c_char), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_mpmc_create(const veloz_mpmc_config* config, veloz_mpmc** out);
    # Creates a multi-producer multi-consumer queue. Thread safety: thread-safe.
    "veloz_mpmc_create": (veloz_status, [ctypes.POINTER(veloz_mpmc_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_mpmc_destroy(veloz_mpmc* queue);
    # Destroys a queue: closes it first, so threads blocked in veloz_mpmc_push_wait /
    # veloz_mpmc_pop_wait wake with VELOZ_E_STATE; calls already running finish safely, later
    # calls get VELOZ_E_INVALID_HANDLE. Thread safety: thread-safe.
    "veloz_mpmc_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_mpmc_push(veloz_mpmc* queue, const void* record);
    # Pushes one record: copies record_size bytes from record into the queue. Thread safety:
    # thread-safe.
    "veloz_mpmc_push": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_mpmc_pop(veloz_mpmc* queue, void* record);
    # Pops the oldest record (in queue order): copies record_size bytes into record. Thread
    # safety: thread-safe.
    "veloz_mpmc_pop": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_mpmc_push_batch(veloz_mpmc* queue, const void* records, int32_t count, int32_t* pushed);
    # Pushes as many of the count records at records (record_size bytes each, consecutive) as
    # fit, in order, claiming their slots with one atomic operation when there is room; stores
    # how many in pushed (a count above the capacity pushes at most the capacity). Thread
    # safety: thread-safe.
    "veloz_mpmc_push_batch": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_mpmc_pop_batch(veloz_mpmc* queue, void* records, int32_t capacity, int32_t* popped);
    # Pops up to capacity records, oldest first, into records (record_size bytes each), claiming
    # them with one atomic operation when a run is ready; stores how many in popped. Thread
    # safety: thread-safe.
    "veloz_mpmc_pop_batch": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_mpmc_push_wait(veloz_mpmc* queue, const void* record, int64_t timeout_ns);
    # Pushes one record (record_size bytes from record), waiting up to timeout_ns nanoseconds
    # for a free slot: 0 tries once, a negative value waits without limit. Thread safety:
    # thread-safe; blocks up to timeout_ns.
    "veloz_mpmc_push_wait": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_mpmc_pop_wait(veloz_mpmc* queue, void* record, int64_t timeout_ns);
    # Pops the oldest record into record (record_size bytes), waiting up to timeout_ns
    # nanoseconds for one: 0 tries once, a negative value waits without limit. Thread safety:
    # thread-safe; blocks up to timeout_ns.
    "veloz_mpmc_pop_wait": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_mpmc_close(veloz_mpmc* queue);
    # Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then
    # VELOZ_E_STATE; every thread blocked in a wait wakes. Thread safety: thread-safe.
    "veloz_mpmc_close": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_mpmc_size(veloz_mpmc* queue, int64_t* out_size);
    # Stores the number of records in the queue in out_size: an estimate while other threads
    # push or pop. Thread safety: thread-safe.
    "veloz_mpmc_size": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_mpmc_get_stats(veloz_mpmc* queue, veloz_queue_stats* out);
    # Fills out with the queue's capacity, record size, closed flag, size and counters (pushes,
    # pops, failed pushes and pops, high-water mark). Thread safety: thread-safe.
    "veloz_mpmc_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_queue_stats)]),
    # veloz_status veloz_pool_create(const veloz_pool_config* config, veloz_pool** out);
    # Creates a pool of fixed-size blocks and reserves config->initial_blocks of them. Thread
    # safety: thread-safe.
    "veloz_pool_create": (veloz_status, [ctypes.POINTER(veloz_pool_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_pool_destroy(veloz_pool* pool);
    # Destroys a pool and frees every block, rented or not: a block still held is dangling
    # afterwards. Thread safety: thread-safe.
    "veloz_pool_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_pool_rent(veloz_pool* pool, void** out);
    # Rents a block: stores its address (aligned to the pool's alignment, block_size bytes,
    # contents not zeroed) in out. Thread safety: owner thread only.
    "veloz_pool_rent": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    # veloz_status veloz_pool_return(veloz_pool* pool, void* block);
    # Returns a block rented from this pool. Thread safety: owner thread only.
    "veloz_pool_return": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_pool_rent_batch(veloz_pool* pool, void** blocks, int32_t count, int32_t* rented);
    # Rents count blocks into blocks and stores how many in rented. Thread safety: owner thread
    # only.
    "veloz_pool_rent_batch": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_pool_return_batch(veloz_pool* pool, void** blocks, int32_t count, int32_t* returned);
    # Returns the count blocks at blocks in order, stopping at the first the pool refuses (see
    # veloz_pool_return); stores how many were returned in returned. Thread safety: owner thread
    # only.
    "veloz_pool_return_batch": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_pool_is_rented(veloz_pool* pool, const void* block, int32_t* out_rented);
    # Stores 1 in out_rented when block is the start of a block of this pool that is rented now,
    # else 0 (any pointer may be asked about). Thread safety: owner thread only.
    "veloz_pool_is_rented": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_pool_get_stats(veloz_pool* pool, veloz_pool_stats* out);
    # Fills out with the pool's sizes and counters. Thread safety: owner thread only.
    "veloz_pool_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_pool_stats)]),
    # veloz_status veloz_spsc_create(const veloz_spsc_config* config, veloz_spsc** out);
    # Creates a single-producer single-consumer queue. Thread safety: thread-safe.
    "veloz_spsc_create": (veloz_status, [ctypes.POINTER(veloz_spsc_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_spsc_destroy(veloz_spsc* queue);
    # Destroys a queue: closes it first, so threads blocked in veloz_spsc_push_wait /
    # veloz_spsc_pop_wait wake with VELOZ_E_STATE; calls already running finish safely, later
    # calls get VELOZ_E_INVALID_HANDLE. Thread safety: thread-safe.
    "veloz_spsc_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_spsc_push(veloz_spsc* queue, const void* record);
    # Pushes one record: copies record_size bytes from record into the queue. Thread safety:
    # producer thread only (one producer at a time).
    "veloz_spsc_push": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_spsc_pop(veloz_spsc* queue, void* record);
    # Pops the oldest record: copies record_size bytes into record. Thread safety: consumer
    # thread only (one consumer at a time).
    "veloz_spsc_pop": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_spsc_peek(veloz_spsc* queue, void* record);
    # Copies the oldest record (record_size bytes) into record without popping it. Thread
    # safety: consumer thread only (one consumer at a time).
    "veloz_spsc_peek": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_spsc_push_batch(veloz_spsc* queue, const void* records, int32_t count, int32_t* pushed);
    # Pushes as many of the count records at records (record_size bytes each, consecutive) as
    # fit, oldest first, publishing them to the consumer at once; stores how many in pushed (a
    # count above the capacity pushes at most the capacity). Thread safety: producer thread only
    # (one producer at a time).
    "veloz_spsc_push_batch": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_spsc_pop_batch(veloz_spsc* queue, void* records, int32_t capacity, int32_t* popped);
    # Pops up to capacity records, oldest first, into records (record_size bytes each), freeing
    # their slots for the producer at once; stores how many in popped. Thread safety: consumer
    # thread only (one consumer at a time).
    "veloz_spsc_pop_batch": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_spsc_push_wait(veloz_spsc* queue, const void* record, int64_t timeout_ns);
    # Pushes one record (record_size bytes from record), waiting up to timeout_ns nanoseconds
    # for a free slot: 0 tries once, a negative value waits without limit. Thread safety:
    # producer thread only (one producer at a time); blocks up to timeout_ns.
    "veloz_spsc_push_wait": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_spsc_pop_wait(veloz_spsc* queue, void* record, int64_t timeout_ns);
    # Pops the oldest record into record (record_size bytes), waiting up to timeout_ns
    # nanoseconds for one: 0 tries once, a negative value waits without limit. Thread safety:
    # consumer thread only (one consumer at a time); blocks up to timeout_ns.
    "veloz_spsc_pop_wait": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_spsc_close(veloz_spsc* queue);
    # Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then
    # VELOZ_E_STATE; every thread blocked in a wait wakes. Thread safety: thread-safe.
    "veloz_spsc_close": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_spsc_size(veloz_spsc* queue, int64_t* out_size);
    # Stores the number of records in the queue in out_size: exact when called by the producer
    # or the consumer while the other side is idle, otherwise an estimate. Thread safety:
    # thread-safe.
    "veloz_spsc_size": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_spsc_get_stats(veloz_spsc* queue, veloz_queue_stats* out);
    # Fills out with the queue's capacity, record size, closed flag, size and counters (pushes,
    # pops, failed pushes and pops, high-water mark). Thread safety: thread-safe.
    "veloz_spsc_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_queue_stats)]),
    # int32_t veloz_thread_cpu_count(void);
    # Returns the number of online CPUs (at least 1); the highest CPU number may be larger where
    # CPUs are offline. Thread safety: thread-safe.
    "veloz_thread_cpu_count": (ctypes.c_int32, []),
    # int32_t veloz_thread_current_cpu(void);
    # Returns the CPU the calling thread runs on at this instant (sched_getcpu), or -1 where the
    # OS cannot tell. Thread safety: thread-safe.
    "veloz_thread_current_cpu": (ctypes.c_int32, []),
    # veloz_status veloz_thread_pin(int32_t cpu);
    # Pins the calling thread to cpu: from now on it runs only there. Thread safety:
    # thread-safe.
    "veloz_thread_pin": (veloz_status, [ctypes.c_int32]),
    # veloz_status veloz_thread_set_affinity(const int32_t* cpus, int32_t count);
    # Restricts the calling thread to the count CPUs at cpus (at least one). Thread safety:
    # thread-safe.
    "veloz_thread_set_affinity": (veloz_status, [ctypes.POINTER(ctypes.c_int32), ctypes.c_int32]),
    # veloz_status veloz_thread_get_affinity(int32_t* cpus, int32_t capacity, int32_t* written);
    # Writes the CPUs the calling thread may run on (sorted) to cpus and their number to
    # written. Thread safety: thread-safe.
    "veloz_thread_get_affinity": (veloz_status, [ctypes.POINTER(ctypes.c_int32), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_thread_isolated_cpus(int32_t* cpus, int32_t capacity, int32_t* written);
    # Writes the CPUs the kernel isolated from the scheduler (isolcpus=,
    # /sys/devices/system/cpu/isolated) to cpus; *written 0 when there are none or the kernel
    # does not say. Thread safety: thread-safe.
    "veloz_thread_isolated_cpus": (veloz_status, [ctypes.POINTER(ctypes.c_int32), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_thread_nohz_full_cpus(int32_t* cpus, int32_t capacity, int32_t* written);
    # Writes the CPUs in full dynticks mode (nohz_full=, /sys/devices/system/cpu/nohz_full) to
    # cpus; *written 0 when there are none or the kernel does not say. Thread safety:
    # thread-safe.
    "veloz_thread_nohz_full_cpus": (veloz_status, [ctypes.POINTER(ctypes.c_int32), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_time_sync_create(const veloz_time_sync_config* config, veloz_time_sync** out_sync);
    # Creates an estimator. Thread safety: thread-safe.
    "veloz_time_sync_create": (veloz_status, [ctypes.POINTER(veloz_time_sync_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_time_sync_destroy(veloz_time_sync* sync);
    # Destroys an estimator. Thread safety: thread-safe.
    "veloz_time_sync_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_time_sync_add_sample(veloz_time_sync* sync, int32_t venue, int64_t exchange_ns, int64_t local_send_ns, int64_t local_recv_ns);
    # Adds a request/response sample: the exchange's timestamp and the local send and receive
    # times of the round trip. Thread safety: single writer.
    "veloz_time_sync_add_sample": (veloz_status, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_time_sync_to_exchange(veloz_time_sync* sync, int32_t venue, int64_t local_ns, int64_t* out_exchange_ns);
    # Converts a local time to the venue's clock (offset plus drift since the reference sample).
    # Thread safety: any thread, wait-free.
    "veloz_time_sync_to_exchange": (veloz_status, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_time_sync_to_local(veloz_time_sync* sync, int32_t venue, int64_t exchange_ns, int64_t* out_local_ns);
    # Converts a venue timestamp to local time (the inverse of veloz_time_sync_to_exchange,
    # within 1 ns). Thread safety: any thread, wait-free.
    "veloz_time_sync_to_local": (veloz_status, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_time_sync_get_stats(veloz_time_sync* sync, int32_t venue, veloz_time_sync_stats* out_stats);
    # Fills out_stats with the venue's estimate. Thread safety: any thread, wait-free.
    "veloz_time_sync_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(veloz_time_sync_stats)]),
    # int32_t veloz_time_sync_venue_count(veloz_time_sync* sync);
    # Venues registered so far; 0 for a NULL or invalid handle. Thread safety: any thread,
    # wait-free.
    "veloz_time_sync_venue_count": (ctypes.c_int32, [ctypes.c_void_p]),
    # veloz_status veloz_timer_wheel_create(const veloz_timer_wheel_config* config, veloz_timer_wheel** out);
    # Creates a timer wheel. Thread safety: thread-safe.
    "veloz_timer_wheel_create": (veloz_status, [ctypes.POINTER(veloz_timer_wheel_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_timer_wheel_destroy(veloz_timer_wheel* wheel);
    # Destroys a wheel and every timer in it. Thread safety: thread-safe.
    "veloz_timer_wheel_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_timer_wheel_schedule(veloz_timer_wheel* wheel, int64_t deadline_ns, uint64_t payload, uint64_t* out_id);
    # Schedules a one-shot timer due at deadline_ns carrying payload; stores its id (never 0) in
    # out_id. Thread safety: owner thread only.
    "veloz_timer_wheel_schedule": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_uint64, ctypes.POINTER(ctypes.c_uint64)]),
    # veloz_status veloz_timer_wheel_schedule_after(veloz_timer_wheel* wheel, int64_t delay_ns, uint64_t payload, uint64_t* out_id);
    # Schedules a one-shot timer due delay_ns (0..max_delay_ns) after the wheel's time (the last
    # advance's now); otherwise as veloz_timer_wheel_schedule. Thread safety: owner thread only.
    "veloz_timer_wheel_schedule_after": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_uint64, ctypes.POINTER(ctypes.c_uint64)]),
    # veloz_status veloz_timer_wheel_schedule_periodic(veloz_timer_wheel* wheel, int64_t first_deadline_ns, int64_t interval_ns, uint64_t payload, uint64_t* out_id);
    # Schedules a periodic timer first due at first_deadline_ns, then every interval_ns
    # (1..max_delay_ns) on that grid: re-armed from its deadline, not from when it ran, so it
    # does not drift. Thread safety: owner thread only.
    "veloz_timer_wheel_schedule_periodic": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint64, ctypes.POINTER(ctypes.c_uint64)]),
    # veloz_status veloz_timer_wheel_cancel(veloz_timer_wheel* wheel, uint64_t id);
    # Cancels the live timer id, also one that is due but not yet delivered: it never fires
    # again. Thread safety: owner thread only.
    "veloz_timer_wheel_cancel": (veloz_status, [ctypes.c_void_p, ctypes.c_uint64]),
    # veloz_status veloz_timer_wheel_is_active(veloz_timer_wheel* wheel, uint64_t id, int32_t* out_active);
    # Stores 1 in out_active when id names a live timer, else 0. Thread safety: owner thread
    # only.
    "veloz_timer_wheel_is_active": (veloz_status, [ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_timer_wheel_advance(veloz_timer_wheel* wheel, int64_t now_ns, veloz_timer_expiry* out, int32_t capacity, int32_t* written);
    # Moves the wheel's time to now_ns (not before its time, at most 2^62) and writes the timers
    # due by then into out, in deadline order (ties in scheduling order); stores how many in
    # written. Thread safety: owner thread only.
    "veloz_timer_wheel_advance": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.POINTER(veloz_timer_expiry), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_timer_wheel_advance_callback(veloz_timer_wheel* wheel, int64_t now_ns, int32_t (*callback)(void*, veloz_timer_expiry*), void* context, int32_t* fired);
    # Moves the wheel's time to now_ns and calls callback(context, expiry) for each due timer in
    # deadline order, on this thread, before returning; stores how many fired in fired. Thread
    # safety: owner thread only.
    "veloz_timer_wheel_advance_callback": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.POINTER(veloz_timer_expiry)), ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_timer_wheel_next_deadline(veloz_timer_wheel* wheel, int64_t* out_ns);
    # Stores in out_ns a time by which to advance next, never before the wheel's time: the
    # earliest deadline, or earlier (the start of a higher level's slot: advancing then costs a
    # cascade and fires nothing), or the wheel's time when timers are due or pending, or
    # INT64_MAX when no timer is live. Thread safety: owner thread only.
    "veloz_timer_wheel_next_deadline": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_timer_wheel_clear(veloz_timer_wheel* wheel);
    # Cancels every timer (pending ones too); the wheel's time and its allocated nodes stay.
    # Thread safety: owner thread only.
    "veloz_timer_wheel_clear": (veloz_status, [ctypes.c_void_p]),
    # veloz_status veloz_timer_wheel_get_stats(veloz_timer_wheel* wheel, veloz_timer_wheel_stats* out);
    # Fills out with the wheel's sizes and counters. Thread safety: owner thread only.
    "veloz_timer_wheel_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_timer_wheel_stats)]),
}


def bind(lib: ctypes.CDLL) -> None:
    """Sets restype and argtypes of every function in FUNCTIONS on lib.

    Raises AttributeError naming every function lib does not export (a library older than
    these declarations); nothing is bound in that case.
    """
    missing = [name for name in FUNCTIONS if not hasattr(lib, name)]
    if missing:
        raise AttributeError(
            f"{getattr(lib, '_name', lib)!s} does not export {', '.join(missing)}: "
            "the library is older than these bindings (include/veloz.h)"
        )
    for name, (restype, argtypes) in FUNCTIONS.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
