# GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
# with include/veloz.h and _capi.py; the build regenerates it and CI fails when this copy differs.
#   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
#
# Cython declarations of the VeloZ C API: `from veloz cimport capi`, then call capi.veloz_*
# directly (inside `with nogil:` if you like). Compile against include/ and link libveloz.so.

from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t

cdef extern from "veloz.h" nogil:

    # ---- Constants
    enum:
        VELOZ_VERSION_MAJOR
        VELOZ_VERSION_MINOR
        VELOZ_VERSION_PATCH

    # ---- veloz_status
    # Result of every export that can fail. 0 is success; errors are negative.
    ctypedef int32_t veloz_status
    enum:
        VELOZ_OK
        VELOZ_E_INVALID_ARGUMENT
        VELOZ_E_INVALID_HANDLE
        VELOZ_E_NOT_FOUND
        VELOZ_E_DUPLICATE
        VELOZ_E_FULL
        VELOZ_E_EMPTY
        VELOZ_E_OUT_OF_MEMORY
        VELOZ_E_BUFFER_TOO_SMALL
        VELOZ_E_STATE
        VELOZ_E_INTERNAL
        VELOZ_E_UNSUPPORTED
        VELOZ_E_SEQUENCE_GAP
        VELOZ_E_REJECTED

    # ---- veloz_book_mode
    # How an OrderBook treats incoming orders.
    ctypedef int32_t veloz_book_mode
    enum:
        VELOZ_BOOK_MODE_MATCHING
        VELOZ_BOOK_MODE_MIRROR

    # ---- veloz_self_trade_prevention
    # What happens when an incoming (taker) order would trade with a resting (maker) order of
    # the same non-zero owner. The taker's mode decides; owner 0 on either order means no
    # prevention.
    ctypedef int32_t veloz_self_trade_prevention
    enum:
        VELOZ_SELF_TRADE_PREVENTION_BOOK_DEFAULT
        VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER
        VELOZ_SELF_TRADE_PREVENTION_CANCEL_MAKER
        VELOZ_SELF_TRADE_PREVENTION_CANCEL_BOTH

    # ---- veloz_side
    # Side of a book: the bids (buy) or the asks (sell).
    #
    # Byte-sized with no zero member, so a zeroed struct coming across the C ABI is recognisably
    # invalid instead of silently meaning "buy".
    ctypedef int32_t veloz_side
    enum:
        VELOZ_SIDE_BUY
        VELOZ_SIDE_SELL

    # ---- veloz_clock_source
    # Where a TscClock reads its ticks from.
    ctypedef int32_t veloz_clock_source
    enum:
        VELOZ_CLOCK_SOURCE_OS
        VELOZ_CLOCK_SOURCE_TSC

    # ---- veloz_depth_status
    # Condition of a DepthBook; flags, so that for example Stale and Crossed can both hold.
    ctypedef int32_t veloz_depth_status
    enum:
        VELOZ_DEPTH_STATUS_OK
        VELOZ_DEPTH_STATUS_STALE
        VELOZ_DEPTH_STATUS_CROSSED
        VELOZ_DEPTH_STATUS_EMPTY

    # ---- veloz_loop_idle_strategy
    # What a loop's thread does when no task is due.
    ctypedef int32_t veloz_loop_idle_strategy
    enum:
        VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN
        VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD
        VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP

    # ---- veloz_loop_priority
    # The priority of a task: a due task of a higher priority runs before one of a lower (but
    # see EventLoopConfig.StarvationLimit).
    ctypedef int32_t veloz_loop_priority
    enum:
        VELOZ_LOOP_PRIORITY_CRITICAL
        VELOZ_LOOP_PRIORITY_NORMAL
        VELOZ_LOOP_PRIORITY_BACKGROUND

    # ---- veloz_wait_strategy
    # How a blocking call (PushWait, PopWait) of a queue waits while the queue is full or empty;
    # chosen when the queue is created. The non-blocking calls never wait, whatever the
    # strategy.
    ctypedef int32_t veloz_wait_strategy
    enum:
        VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK
        VELOZ_WAIT_STRATEGY_SPIN_THEN_YIELD
        VELOZ_WAIT_STRATEGY_BUSY_SPIN

    # ---- veloz_timer_expiry_flags
    # Flags of a veloz_timer_expiry.
    ctypedef int32_t veloz_timer_expiry_flags
    enum:
        VELOZ_TIMER_EXPIRY_FLAGS_NONE
        VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC

    # ---- veloz_book_command_type
    # What a veloz_book_command asks the book to do.
    #
    # Zero is not a command, so a zeroed struct is rejected with
    # VELOZ_BOOK_REJECT_INVALID_COMMAND. Matching-only commands in a mirror book, and
    # mirror-only commands in a matching book, are rejected with VELOZ_BOOK_REJECT_WRONG_MODE.
    ctypedef int32_t veloz_book_command_type
    enum:
        VELOZ_BOOK_COMMAND_NONE
        VELOZ_BOOK_COMMAND_SUBMIT
        VELOZ_BOOK_COMMAND_CANCEL
        VELOZ_BOOK_COMMAND_REDUCE
        VELOZ_BOOK_COMMAND_MODIFY
        VELOZ_BOOK_COMMAND_REPLACE
        VELOZ_BOOK_COMMAND_ADD
        VELOZ_BOOK_COMMAND_EXECUTE
        VELOZ_BOOK_COMMAND_DELETE

    # ---- veloz_book_config_flags
    # Options of an order book, or-ed into veloz_book_config.flags.
    ctypedef int32_t veloz_book_config_flags
    enum:
        VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS

    # ---- veloz_book_event_flags
    # Extra facts about a veloz_book_event.
    ctypedef int32_t veloz_book_event_flags
    enum:
        VELOZ_BOOK_EVENT_FLAGS_NONE
        VELOZ_BOOK_EVENT_FLAGS_TOP_OF_BOOK
        VELOZ_BOOK_EVENT_FLAGS_LOST_PRIORITY

    # ---- veloz_book_event_type
    # Kind of a veloz_book_event.
    ctypedef int32_t veloz_book_event_type
    enum:
        VELOZ_BOOK_EVENT_NONE
        VELOZ_BOOK_EVENT_ACCEPTED
        VELOZ_BOOK_EVENT_REJECTED
        VELOZ_BOOK_EVENT_TRADE
        VELOZ_BOOK_EVENT_ORDER_DONE
        VELOZ_BOOK_EVENT_MODIFIED
        VELOZ_BOOK_EVENT_LEVEL_CHANGED

    # ---- veloz_book_reject_reason
    # Outcome of one command: VELOZ_BOOK_REJECT_OK, or why it was rejected. Returned by the
    # single-command methods of OrderBook and carried by VELOZ_BOOK_EVENT_REJECTED events. A
    # rejected command never changes the book.
    ctypedef int32_t veloz_book_reject_reason
    enum:
        VELOZ_BOOK_REJECT_OK
        VELOZ_BOOK_REJECT_NONE
        VELOZ_BOOK_REJECT_UNKNOWN_ORDER
        VELOZ_BOOK_REJECT_DUPLICATE_ID
        VELOZ_BOOK_REJECT_INVALID_QUANTITY
        VELOZ_BOOK_REJECT_INVALID_PRICE
        VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS
        VELOZ_BOOK_REJECT_FOK_CANNOT_FILL
        VELOZ_BOOK_REJECT_NO_LIQUIDITY
        VELOZ_BOOK_REJECT_SELF_TRADE
        VELOZ_BOOK_REJECT_WRONG_MODE
        VELOZ_BOOK_REJECT_INVALID_ORDER_ID
        VELOZ_BOOK_REJECT_INVALID_SIDE
        VELOZ_BOOK_REJECT_INVALID_COMMAND

    # ---- veloz_depth_result
    # What DepthBook did with an update or a snapshot.
    ctypedef int32_t veloz_depth_result
    enum:
        VELOZ_DEPTH_RESULT_APPLIED
        VELOZ_DEPTH_RESULT_CROSSED
        VELOZ_DEPTH_RESULT_UNKNOWN_LEVEL
        VELOZ_DEPTH_RESULT_SEQUENCE_GAP
        VELOZ_DEPTH_RESULT_DROPPED_STALE
        VELOZ_DEPTH_RESULT_DROPPED_OLD
        VELOZ_DEPTH_RESULT_INVALID

    # ---- veloz_event_loop_config_flags
    # Options of an event loop, or-ed into veloz_event_loop_config.flags.
    ctypedef int32_t veloz_event_loop_config_flags
    enum:
        VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD

    # ---- veloz_order_done_reason
    # Why an order finished (VELOZ_BOOK_EVENT_ORDER_DONE).
    ctypedef int32_t veloz_order_done_reason
    enum:
        VELOZ_ORDER_DONE_NONE
        VELOZ_ORDER_DONE_FILLED
        VELOZ_ORDER_DONE_CANCELLED
        VELOZ_ORDER_DONE_EXPIRED
        VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED
        VELOZ_ORDER_DONE_REPLACED

    # ---- veloz_order_flags
    # Optional behaviours of a submitted order; combine with bitwise or.
    ctypedef int32_t veloz_order_flags
    enum:
        VELOZ_ORDER_FLAGS_NONE
        VELOZ_ORDER_FLAGS_POST_ONLY
        VELOZ_ORDER_FLAGS_PROTECTION_PRICE

    # ---- veloz_order_type
    # Kind of a submitted order (matching mode).
    ctypedef int32_t veloz_order_type
    enum:
        VELOZ_ORDER_TYPE_LIMIT
        VELOZ_ORDER_TYPE_MARKET

    # ---- veloz_pool_config_flags
    # Options of a pool, or-ed into veloz_pool_config.flags.
    ctypedef int32_t veloz_pool_config_flags
    enum:
        VELOZ_POOL_CONFIG_FILL_FREED

    # ---- veloz_time_in_force
    # How long a submitted order may live (matching mode).
    ctypedef int32_t veloz_time_in_force
    enum:
        VELOZ_TIME_IN_FORCE_GTC
        VELOZ_TIME_IN_FORCE_IOC
        VELOZ_TIME_IN_FORCE_FOK

    # ---- Opaque handle types
    ctypedef struct veloz_arena
    ctypedef struct veloz_book
    ctypedef struct veloz_concurrent_pool
    ctypedef struct veloz_depth
    ctypedef struct veloz_event_loop
    ctypedef struct veloz_histogram
    ctypedef struct veloz_mpmc
    ctypedef struct veloz_pool
    ctypedef struct veloz_spsc
    ctypedef struct veloz_time_sync
    ctypedef struct veloz_timer_wheel

    # ---- veloz_arena_config
    # Configuration of veloz_arena_create. Zero the struct, set struct_size to
    # sizeof(veloz_arena_config) and the fields you need: a zero field means its default; NULL
    # means all defaults.
    ctypedef struct veloz_arena_config:
        uint32_t struct_size
        uint32_t flags
        int64_t chunk_size
        const char* name

    # ---- veloz_arena_stats
    # Counters of an arena, filled by veloz_arena_get_stats. Set struct_size before the call.
    ctypedef struct veloz_arena_stats:
        uint32_t struct_size
        int32_t chunks
        int64_t chunk_size
        int64_t bytes_reserved
        int64_t bytes_allocated
        int64_t peak_bytes_allocated
        int64_t allocations
        int64_t resets

    # ---- veloz_book_config
    # Configuration of veloz_book_create. Zero the struct, set struct_size to
    # sizeof(veloz_book_config) and the fields you need: a zero field means its default. Fields
    # beyond a smaller (older) struct_size take their defaults.
    ctypedef struct veloz_book_config:
        uint32_t struct_size
        veloz_book_mode mode
        int32_t expected_orders
        int32_t expected_levels
        int32_t snapshot_depth
        uint32_t flags
        int32_t price_window_ticks
        veloz_self_trade_prevention self_trade_prevention
        int64_t min_price
        int64_t max_price

    # ---- veloz_book_command
    # One instruction to an OrderBook. Blittable, 64 bytes, the same layout as the C struct, so
    # a span of commands crosses the ABI unchanged. Fields a command type does not use are
    # ignored (zero them). The static factories build each kind.
    #
    # Layout (offset: field): 0 Type, 1 Side, 2 OrderType, 3 TimeInForce, 4 Flags, 5
    # SelfTradePrevention, 6 Reserved0 (u16), 8 Owner (u32), 12 Reserved1 (u32), 16 OrderId, 24
    # NewOrderId, 32 Price, 40 Quantity, 48 ProtectionPrice, 56 Reserved2 (i64).
    ctypedef struct veloz_book_command:
        uint8_t type
        uint8_t side
        uint8_t order_type
        uint8_t time_in_force
        uint8_t flags
        uint8_t self_trade_prevention
        uint16_t reserved0
        uint32_t owner
        uint32_t reserved1
        int64_t order_id
        int64_t new_order_id
        int64_t price
        int64_t quantity
        int64_t protection_price
        int64_t reserved2

    # ---- veloz_book_event
    # One thing that happened in an OrderBook. Blittable, 64 bytes, the same layout as the C
    # struct. Which fields mean what depends on veloz_book_event.type; unused fields are zero.
    #
    # Layout (offset: field): 0 Type, 1 Side, 2 Reason, 3 Flags, 4 CommandType, 5..7 Reserved0,
    # 8 OrderCount (i32), 12 Reserved1 (i32), 16 Sequence, 24 OrderId, 32 OtherOrderId, 40
    # Price, 48 Quantity, 56 RemainingQuantity.
    #
    # Per type:
    #
    # - Accepted: Side, OrderId, Price (0 for market orders), Quantity (as submitted);
    # OtherOrderId = the replaced id after a Replace.
    #
    # - Rejected: Reason (veloz_book_reject_reason), Side, OrderId, OtherOrderId (= NewOrderId),
    # Price, Quantity echo the command.
    #
    # - Trade: OrderId = maker, OtherOrderId = taker (0 for a mirror Execute), Side = aggressor
    # side, Price = maker's price, Quantity = traded, RemainingQuantity = maker's quantity left.
    #
    # - OrderDone: Reason (veloz_order_done_reason), Side, OrderId, Price, Quantity = quantity
    # left unfilled (0 when filled); OtherOrderId = the new id when Replaced.
    #
    # - Modified: Side, OrderId, Price and Quantity = the order's new price and remaining
    # quantity; Flags may hold LostPriority.
    #
    # - LevelChanged: Side, Price, Quantity = new total at the level (0 = level gone),
    # OrderCount; Flags may hold TopOfBook.
    ctypedef struct veloz_book_event:
        uint8_t type
        uint8_t side
        uint8_t reason
        uint8_t flags
        uint8_t command_type
        uint8_t reserved0
        uint16_t reserved0b
        int32_t order_count
        int32_t reserved1
        int64_t sequence
        int64_t order_id
        int64_t other_order_id
        int64_t price
        int64_t quantity
        int64_t remaining_quantity

    # ---- veloz_level
    # One price level of a book side: the price in ticks, the total quantity resting there and,
    # where known, the number of orders. Blittable, 24 bytes, passed unchanged across the C ABI.
    #
    # An empty level (a side with no orders) is all zeros.
    ctypedef struct veloz_level:
        int64_t price
        int64_t quantity
        int32_t order_count
        int32_t reserved

    # ---- veloz_top_of_book
    # Best bid and best ask of a book with the book sequence they belong to. Blittable, 56
    # bytes.
    #
    # An empty side is reported as an all-zero veloz_level (Quantity 0).
    ctypedef struct veloz_top_of_book:
        veloz_level bid
        veloz_level ask
        int64_t sequence

    # ---- veloz_order_info
    # What the book knows about one resting order (OrderBook.TryGetOrder). Blittable, 48 bytes.
    #
    # Layout: 0 OrderId, 8 Price, 16 RemainingQuantity, 24 QuantityAhead, 32 OrdersAhead (i32),
    # 36 Owner (u32), 40 Side, 41 Flags, 42 SelfTradePrevention, 43..47 Reserved.
    ctypedef struct veloz_order_info:
        int64_t order_id
        int64_t price
        int64_t remaining_quantity
        int64_t quantity_ahead
        int32_t orders_ahead
        uint32_t owner
        uint8_t side
        uint8_t flags
        uint8_t self_trade_prevention
        uint8_t reserved0
        int32_t reserved1

    # ---- veloz_book_stats
    # Counters of an order book, filled by veloz_book_get_stats. Set struct_size before the
    # call. From offset 8 on, the same bytes as Core's VeloZ.Book.BookStatistics.
    ctypedef struct veloz_book_stats:
        uint32_t struct_size
        int32_t reserved0
        int64_t order_count
        int32_t bid_level_count
        int32_t ask_level_count
        int64_t command_count
        int64_t rejected_count
        int64_t unknown_order_count
        int64_t trade_count
        int64_t trade_volume
        int64_t crossed_count

    # ---- veloz_clock_info
    # The library clock's calibration, filled by veloz_clock_get_info.
    ctypedef struct veloz_clock_info:
        uint32_t struct_size
        veloz_clock_source source
        int32_t invariant_tsc
        int32_t reserved
        double ticks_per_second
        int64_t calibrated_at_ns
        int64_t error_ns
        int64_t calibration_count

    # ---- veloz_pool_config
    # Configuration of veloz_pool_create and veloz_concurrent_pool_create. Zero the struct, set
    # struct_size to sizeof(veloz_pool_config), block_size, and the fields you need: a zero
    # field means its default. block_size has no default, so the config is required. Fields
    # beyond a smaller (older) struct_size take their defaults.
    ctypedef struct veloz_pool_config:
        uint32_t struct_size
        int32_t block_size
        int32_t alignment
        int32_t initial_blocks
        int32_t max_blocks
        uint32_t flags
        const char* name

    # ---- veloz_pool_stats
    # Counters of a pool, filled by veloz_pool_get_stats and veloz_concurrent_pool_get_stats.
    # Set struct_size before the call. For a concurrent pool read while other threads rent and
    # return, each field is a recent value, not a consistent snapshot.
    ctypedef struct veloz_pool_stats:
        uint32_t struct_size
        int32_t block_size
        int32_t alignment
        int32_t stride
        int32_t chunks
        int32_t reserved
        int64_t capacity
        int64_t max_blocks
        int64_t in_use
        int64_t peak_in_use
        int64_t rents
        int64_t returns
        int64_t failed_rents
        int64_t bad_returns
        int64_t bytes_reserved

    # ---- veloz_depth_config
    # Configuration of veloz_depth_create. Zero the struct, set struct_size to
    # sizeof(veloz_depth_config) and the fields you need: a zero field means its default. Fields
    # beyond a smaller (older) struct_size take their defaults.
    ctypedef struct veloz_depth_config:
        uint32_t struct_size
        int32_t expected_levels
        int32_t snapshot_depth
        int32_t reserved

    # ---- veloz_depth_update
    # One price-level update of an L2 (market-by-price) feed: set the quantity at a price on a
    # side, 0 deleting the level. Blittable, 32 bytes, passed unchanged across the C ABI.
    #
    # Offsets: Sequence 0, Price 8, Quantity 16, Side 24, Reserved1 25, Reserved2 26, OrderCount
    # 28.
    ctypedef struct veloz_depth_update:
        int64_t sequence
        int64_t price
        int64_t quantity
        uint8_t side
        uint8_t reserved1
        uint16_t reserved2
        int32_t order_count

    # ---- veloz_depth_state
    # Status and counters of a depth book, filled by veloz_depth_get_state. Set struct_size
    # before the call. From offset 8 on, the same bytes as Core's VeloZ.Book.DepthBookState.
    ctypedef struct veloz_depth_state:
        uint32_t struct_size
        int32_t reserved0
        veloz_depth_status status
        int32_t bid_levels
        int32_t ask_levels
        int32_t reserved
        int64_t last_sequence
        int64_t snapshot_sequence
        int64_t update_count
        int64_t snapshot_count
        int64_t gap_count
        int64_t dropped_stale_count
        int64_t dropped_old_count
        int64_t crossed_count
        int64_t unknown_level_count
        int64_t invalid_count

    # ---- veloz_event_loop_config
    # Configuration of veloz_event_loop_create. Zero the struct, set struct_size to
    # sizeof(veloz_event_loop_config) and the fields you need: a zero field means its default
    # (NULL config: all defaults).
    ctypedef struct veloz_event_loop_config:
        uint32_t struct_size
        int32_t task_capacity
        int64_t timer_tick_ns
        int32_t starvation_limit
        int32_t spin_iterations
        veloz_loop_idle_strategy idle_strategy
        uint32_t flags
        const char* name
        int32_t pin_cpu
        int32_t reserved

    # ---- veloz_event_loop_stats
    # Counters of an event loop, filled by veloz_event_loop_get_stats. Set struct_size before
    # the call.
    ctypedef struct veloz_event_loop_stats:
        uint32_t struct_size
        int32_t reserved
        int64_t posted
        int64_t failed_posts
        int64_t run_critical
        int64_t run_normal
        int64_t run_background
        int64_t cancelled
        int64_t late_timers
        int64_t starvation_promotions
        int64_t waiting
        int64_t delayed
        int64_t busy_ns
        int64_t idle_ns
        int64_t latency_p50_ns
        int64_t latency_p99_ns
        int64_t latency_p999_ns
        int64_t latency_max_ns

    # ---- veloz_histogram_config
    # Configuration of veloz_histogram_create. Set struct_size to sizeof(veloz_histogram_config)
    # and every field: a zero field is out of range. Fields beyond a smaller (older) struct_size
    # take their defaults.
    ctypedef struct veloz_histogram_config:
        uint32_t struct_size
        int32_t significant_digits
        int64_t lowest_trackable
        int64_t highest_trackable

    # ---- veloz_histogram_stats
    # Statistics of a histogram, filled by veloz_histogram_get_stats. Set struct_size before the
    # call.
    ctypedef struct veloz_histogram_stats:
        uint32_t struct_size
        int32_t reserved
        int64_t count
        int64_t min
        int64_t max
        double mean
        double stddev
        int64_t clamped_count

    # ---- veloz_histogram_bucket
    # One non-empty counter of a Histogram: veloz_histogram_bucket.count values that all lie in
    # the range ending at veloz_histogram_bucket.value. The layout (two 64-bit integers, value
    # first) is fixed, so an array of these can be handed to native code as is.
    ctypedef struct veloz_histogram_bucket:
        int64_t value
        int64_t count

    # ---- veloz_mpmc_config
    # Configuration of veloz_mpmc_create. Zero the struct, set struct_size to
    # sizeof(veloz_mpmc_config) and the fields you need: a zero field means its default. Fields
    # beyond a smaller (older) struct_size take their defaults.
    ctypedef struct veloz_mpmc_config:
        uint32_t struct_size
        int32_t capacity
        int32_t record_size
        veloz_wait_strategy wait_strategy

    # ---- veloz_queue_stats
    # Counters of a queue, filled by veloz_spsc_get_stats and veloz_mpmc_get_stats. Set
    # struct_size before the call. Read while other threads push and pop, each field is a recent
    # value, not a consistent snapshot.
    ctypedef struct veloz_queue_stats:
        uint32_t struct_size
        int32_t capacity
        int32_t record_size
        int32_t closed
        int64_t size
        int64_t pushes
        int64_t pops
        int64_t failed_pushes
        int64_t failed_pops
        int64_t high_water_mark

    # ---- veloz_spsc_config
    # Configuration of veloz_spsc_create. Zero the struct, set struct_size to
    # sizeof(veloz_spsc_config) and the fields you need: a zero field means its default. Fields
    # beyond a smaller (older) struct_size take their defaults.
    ctypedef struct veloz_spsc_config:
        uint32_t struct_size
        int32_t capacity
        int32_t record_size
        veloz_wait_strategy wait_strategy

    # ---- veloz_time_sync_config
    # Sizes of a veloz_time_sync. Zero fields (or a NULL config) take the defaults.
    ctypedef struct veloz_time_sync_config:
        uint32_t struct_size
        int32_t max_venues
        int32_t window
        int32_t reserved

    # ---- veloz_time_sync_stats
    # One venue's clock estimate, filled by veloz_time_sync_get_stats.
    ctypedef struct veloz_time_sync_stats:
        uint32_t struct_size
        int32_t venue
        int64_t offset_ns
        int64_t best_rtt_ns
        double drift_ppm
        int64_t sample_count
        int64_t last_sample_ns

    # ---- veloz_timer_wheel_config
    # Configuration of veloz_timer_wheel_create. Zero the struct, set struct_size to
    # sizeof(veloz_timer_wheel_config) and the fields you need: a zero field means its default
    # (NULL config: all defaults). Fields beyond a smaller (older) struct_size take their
    # defaults.
    ctypedef struct veloz_timer_wheel_config:
        uint32_t struct_size
        int32_t levels
        int64_t tick_ns
        int64_t start_ns
        int32_t initial_timers
        int32_t max_timers
        uint32_t flags
        int32_t reserved
        const char* name

    # ---- veloz_timer_expiry
    # One timer that fired, as an advance reports it: 40 bytes with the fields at offsets 0
    # (id), 8 (payload), 16 (deadline), 24 (late_ns), 32 (expirations) and 36 (flags), in C# and
    # in C alike.
    ctypedef struct veloz_timer_expiry:
        uint64_t id
        uint64_t payload
        int64_t deadline
        int64_t late_ns
        int32_t expirations
        veloz_timer_expiry_flags flags

    # ---- veloz_timer_wheel_stats
    # Sizes and counters of a timer wheel, filled by veloz_timer_wheel_get_stats. Set
    # struct_size before the call.
    ctypedef struct veloz_timer_wheel_stats:
        uint32_t struct_size
        int32_t levels
        int64_t tick_ns
        int64_t now_ns
        int64_t max_delay_ns
        int64_t active
        int64_t pending
        int64_t peak_active
        int64_t capacity
        int64_t scheduled
        int64_t cancelled
        int64_t fired
        int64_t missed_periods
        int64_t cascaded
        int64_t failed_schedules
        int64_t failed_cancels

    # ---- Functions: Common
    # The library's version packed as (major << 16) | (minor << 8) | patch. Compare its major
    # with VELOZ_VERSION_MAJOR before using anything else. Thread safety: any thread, wait-free.
    uint32_t veloz_version()
    # The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated
    # string that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status. Thread
    # safety: any thread, wait-free.
    const char* veloz_status_name(veloz_status status)
    # Copies the message of the most recent failure on the calling thread into buffer as
    # NUL-terminated UTF-8, truncated to capacity - 1 bytes. Returns the full message length in
    # bytes (without the NUL), like snprintf; 0 when this thread has seen no failure. buffer may
    # be NULL with capacity 0 to ask for the length. Thread safety: thread-safe.
    int32_t veloz_last_error_message(char* buffer, int32_t capacity)
    # Hands an object over to another thread (docs/DESIGN.md rule 8). The first thread that
    # calls one of an object's owner thread only or single writer functions becomes its owner,
    # and calls from other threads fail with VELOZ_E_STATE. Called on the owner thread (or while
    # nobody owns it), this gives the object up: the next thread to call such a function becomes
    # its owner. Works on any VeloZ handle. VELOZ_E_INVALID_HANDLE for NULL or a handle that is
    # not live; VELOZ_E_STATE, changing nothing, when another thread owns the object. A shared
    # object (veloz_handle_share) stays shared. Thread safety: owner thread only.
    veloz_status veloz_handle_release_owner(void* handle)
    # Turns the owner-thread check of an object off for good: afterwards any thread may call its
    # functions, and the caller promises that no two calls overlap (for example by holding a
    # lock per object around every call, as the Python classes do). Concurrent calls to a shared
    # object are undefined behaviour. Works on any VeloZ handle. VELOZ_E_INVALID_HANDLE for NULL
    # or a handle that is not live. Thread safety: thread-safe.
    veloz_status veloz_handle_share(void* handle)

    # ---- Functions: Arena
    # Creates an arena and reserves its first chunk. config may be NULL for all defaults (64 KiB
    # chunks, named "arena"); a zero field means its default. On success stores the handle in
    # out; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size
    # of 0 or above 4096, or a field out of range (the message names it); VELOZ_E_OUT_OF_MEMORY
    # if the chunk cannot be reserved. Thread safety: thread-safe.
    veloz_status veloz_arena_create(const veloz_arena_config* config, veloz_arena** out)
    # Destroys an arena and frees every chunk: every pointer it handed out is dangling
    # afterwards. NULL, or a handle already destroyed, is a no-op. No other thread may be using
    # the arena. Thread safety: thread-safe.
    void veloz_arena_destroy(veloz_arena* arena)
    # Allocates size bytes (1..1 GiB, not zeroed) aligned to alignment (a power of two 1..4096,
    # or 0 for 16) and stores the address in out; valid until veloz_arena_reset or
    # veloz_arena_destroy. O(1): a bump of the current chunk; a new chunk (or the next one kept
    # by a reset) when it is full; an allocation larger than a chunk gets a chunk of its own.
    # VELOZ_E_INVALID_ARGUMENT (*out NULL) for a size or alignment out of range or a NULL out;
    # VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved. Thread safety: owner thread only.
    veloz_status veloz_arena_alloc(veloz_arena* arena, int64_t size, int32_t alignment, void** out)
    # Allocates count blocks of size bytes each, aligned as veloz_arena_alloc, their addresses
    # into blocks: the cheapest way to take many. Checks size and alignment before allocating
    # anything. VELOZ_E_INVALID_ARGUMENT for a size or alignment out of range, a negative count
    # or NULL blocks with count above 0; VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved
    # (the blocks before it are allocated; the rest of blocks is unspecified). Thread safety:
    # owner thread only.
    veloz_status veloz_arena_alloc_batch(veloz_arena* arena, int64_t size, int32_t alignment, void** blocks, int32_t count)
    # Forgets every allocation and keeps every chunk, so the next batch of allocations reuses
    # the same memory and reserves nothing new: every pointer handed out before is invalid
    # afterwards (its memory is reused). Thread safety: owner thread only.
    veloz_status veloz_arena_reset(veloz_arena* arena)
    # Fills out with the arena's chunks and counters. The caller sets out->struct_size; the
    # library writes min(struct_size, sizeof(veloz_arena_stats)) bytes and leaves struct_size as
    # it was. Thread safety: owner thread only.
    veloz_status veloz_arena_get_stats(veloz_arena* arena, veloz_arena_stats* out)

    # ---- Functions: Book
    # Creates an order book. config may be NULL for all defaults (a matching book, prices 1 ..
    # 2^62 - 1, no published snapshot); in a config a zero field means its default, and a
    # struct_size smaller than this library's reads only the fields that fit. On success stores
    # the handle in out; on failure stores NULL there. Returns VELOZ_E_INVALID_ARGUMENT for a
    # NULL out, a struct_size of 0 or above 4096, or a field out of its documented range (the
    # message names it), and VELOZ_E_OUT_OF_MEMORY if the preallocated storage cannot be
    # allocated. Thread safety: thread-safe.
    veloz_status veloz_book_create(const veloz_book_config* config, veloz_book** out)
    # Destroys an order book and its queued events. NULL, or a handle already destroyed, is a
    # no-op. No other thread may be using the book (a reader in veloz_book_read_top included).
    # Thread safety: thread-safe.
    void veloz_book_destroy(veloz_book* book)
    # Enters one new order: order->type must be VELOZ_BOOK_COMMAND_SUBMIT (matching book) or
    # VELOZ_BOOK_COMMAND_ADD (mirror book). Its events (Accepted, Trades, OrderDone,
    # LevelChanged, or Rejected) are queued for veloz_book_drain_events or the next
    # veloz_book_apply. Returns VELOZ_OK when the book took the order (an IOC that expired
    # unfilled included). A rejected order changes nothing in the book, queues its Rejected
    # event and returns VELOZ_E_DUPLICATE (order_id already resting), VELOZ_E_INVALID_ARGUMENT
    # (invalid quantity, price, side, id or field combination) or VELOZ_E_REJECTED (post-only
    # would cross, FOK cannot fill, self-trade, no liquidity for a market order, wrong book
    # mode), with the reason in the message. VELOZ_E_INVALID_ARGUMENT without an event for a
    # NULL order or another command type. Thread safety: single writer.
    veloz_status veloz_book_submit(veloz_book* book, const veloz_book_command* order)
    # Removes a resting order (a Cancel command in a matching book, a Delete in a mirror book);
    # its events are queued. VELOZ_E_NOT_FOUND when no order with that id rests (counted in
    # unknown_order_count, a Rejected event queued), VELOZ_E_INVALID_ARGUMENT for id 0. The book
    # is unchanged on failure. Thread safety: single writer.
    veloz_status veloz_book_cancel(veloz_book* book, int64_t order_id)
    # Takes quantity off a resting order's remaining quantity, keeping its queue priority;
    # taking all of it removes the order. Events are queued. VELOZ_E_NOT_FOUND for an id that is
    # not resting, VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity <= 0 or above the remaining
    # quantity. The book is unchanged on failure (a Rejected event is queued). Thread safety:
    # single writer.
    veloz_status veloz_book_reduce(veloz_book* book, int64_t order_id, int64_t quantity)
    # Sets a resting order's price and remaining quantity. The same price and no more quantity
    # keeps its queue priority; otherwise it moves to the back, and in a matching book a
    # crossing price trades at once. Events are queued. VELOZ_E_NOT_FOUND for an id that is not
    # resting; VELOZ_E_INVALID_ARGUMENT for id 0, a quantity <= 0 or a price outside [min_price,
    # max_price]; VELOZ_E_REJECTED for a post-only order that would cross. The book is unchanged
    # on failure (a Rejected event is queued). Thread safety: single writer.
    veloz_status veloz_book_modify(veloz_book* book, int64_t order_id, int64_t new_price, int64_t new_quantity)
    # Removes a resting order and enters new_order_id on the same side at a new price and
    # quantity, without priority (ITCH "U"); in a matching book it may trade. Events are queued.
    # VELOZ_E_NOT_FOUND for an order_id that is not resting; VELOZ_E_DUPLICATE when new_order_id
    # rests already or equals order_id; VELOZ_E_INVALID_ARGUMENT for a zero id, a quantity <= 0
    # or a price out of range; VELOZ_E_REJECTED for a post-only order that would cross. The book
    # is unchanged on failure (a Rejected event is queued). Thread safety: single writer.
    veloz_status veloz_book_replace(veloz_book* book, int64_t order_id, int64_t new_order_id, int64_t new_price, int64_t new_quantity)
    # Mirror book only: the venue executed quantity of a resting order (a Trade event; the order
    # is done when nothing is left). VELOZ_E_NOT_FOUND for an id that is not resting;
    # VELOZ_E_INVALID_ARGUMENT for id 0 or a quantity <= 0 or above the remaining quantity;
    # VELOZ_E_REJECTED in a matching book. The book is unchanged on failure (a Rejected event is
    # queued). Thread safety: single writer.
    veloz_status veloz_book_execute(veloz_book* book, int64_t order_id, int64_t quantity)
    # Processes a batch of commands and copies events into the caller's buffer, never losing
    # one. First copies events still queued from earlier calls, then processes commands in order
    # while their events fit: when the buffer fills, it stops after the command whose events did
    # not fit (the rest of them stay queued). At least one command is processed per call when
    # count > 0, so a capacity of 0 (events may then be NULL) still makes progress, its events
    # all queued. *consumed receives how many commands were processed (a prefix; call again with
    # the rest when it is < count) and *written how many events were copied. Per-command rejects
    # are Rejected events, not errors: the status is VELOZ_OK even when processing stopped
    # early. VELOZ_E_INVALID_ARGUMENT (nothing processed) for a NULL consumed or written, a
    # negative count or capacity, or a NULL array with a non-zero length. Thread safety: single
    # writer.
    veloz_status veloz_book_apply(veloz_book* book, const veloz_book_command* commands, int32_t count, int32_t* consumed, veloz_book_event* events, int32_t capacity, int32_t* written)
    # Moves up to capacity queued events, oldest first, into events and stores their number in
    # *written (0 when none are queued). VELOZ_E_INVALID_ARGUMENT for a NULL written, a negative
    # capacity, or NULL events with capacity > 0. Thread safety: single writer.
    veloz_status veloz_book_drain_events(veloz_book* book, veloz_book_event* events, int32_t capacity, int32_t* written)
    # Events queued and not yet drained; 0 for a NULL or invalid handle. Thread safety: single
    # writer.
    int64_t veloz_book_pending_events(veloz_book* book)
    # Stores the best bid and best ask (all-zero levels for an empty side) and the book's
    # command count as the sequence. VELOZ_E_INVALID_ARGUMENT for a NULL out. Thread safety:
    # owner thread only.
    veloz_status veloz_book_best(veloz_book* book, veloz_top_of_book* out)
    # Writes the best capacity levels of one side, best first (bids from the highest price, asks
    # from the lowest), and their number to *written; a side with fewer levels writes fewer.
    # Capacity 0 (out may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side
    # other than VELOZ_SIDE_BUY / VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL
    # out with capacity > 0. Thread safety: owner thread only.
    veloz_status veloz_book_depth(veloz_book* book, veloz_side side, veloz_level* out, int32_t capacity, int32_t* written)
    # Describes the resting order order_id: side, price, remaining quantity, owner and what is
    # ahead of it in its queue (O(orders ahead)). VELOZ_E_NOT_FOUND when no such order rests;
    # VELOZ_E_INVALID_ARGUMENT for id 0 or a NULL out. *out is untouched on failure. Thread
    # safety: owner thread only.
    veloz_status veloz_book_order(veloz_book* book, int64_t order_id, veloz_order_info* out)
    # Stores a 64-bit hash of the book's whole state (every resting order in price-time order)
    # in *out_hash. It depends only on that state, not on capacities or history, so the same
    # flow gives the same hash in every language. O(orders). Definition, on uint64 with
    # wrapping: h = 0x9E3779B97F4A7C15; for each order, bids from the highest price then asks
    # from the lowest, oldest first within a level, for v in (side, price, order id, remaining
    # quantity): h = (h ^ v) * 0xFF51AFD7ED558CCD, h ^= h >> 32; then h ^= number of orders; h
    # ^= h >> 33; h *= 0xFF51AFD7ED558CCD; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53; h ^= h >> 33.
    # VELOZ_E_INVALID_ARGUMENT for a NULL out_hash. Thread safety: owner thread only.
    veloz_status veloz_book_hash(veloz_book* book, uint64_t* out_hash)
    # Fills out with the book's counters. The caller sets out->struct_size; the library writes
    # min(struct_size, sizeof(veloz_book_stats)) bytes and leaves struct_size as it was.
    # VELOZ_E_INVALID_ARGUMENT for a NULL out or a struct_size of 0 or above 4096. Thread
    # safety: owner thread only.
    veloz_status veloz_book_get_stats(veloz_book* book, veloz_book_stats* out)
    # Copies the best bid and ask published after the latest command that changed them, with
    # that command's sequence, as one consistent state: never torn, never half-applied (a
    # seqlock read that retries while the owner thread is publishing; the owner never waits).
    # VELOZ_E_STATE when the book was created with snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT
    # for a NULL out. Thread safety: thread-safe (any thread, lock-free; the owner thread is
    # never blocked).
    veloz_status veloz_book_read_top(veloz_book* book, veloz_top_of_book* out)
    # Copies up to capacity published levels of each side, best first, from one consistent
    # publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count.
    # Capacity 0 (the arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was
    # created with snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a
    # negative capacity, or a NULL array with capacity > 0. Thread safety: thread-safe (any
    # thread, lock-free; the owner thread is never blocked).
    veloz_status veloz_book_read_levels(veloz_book* book, veloz_level* bids, veloz_level* asks, int32_t capacity, int32_t* bid_count, int32_t* ask_count)

    # ---- Functions: Clock
    # The raw counter: TSC ticks, or OS monotonic nanoseconds when the source is
    # VELOZ_CLOCK_SOURCE_OS. Convert with veloz_clock_ticks_to_ns. Returns 0 only if the clock
    # could not start (never observed). Thread safety: any thread, wait-free.
    uint64_t veloz_clock_ticks()
    # Now, in Unix-epoch nanoseconds (CLOCK_REALTIME, calibrated; about half the cost of
    # clock_gettime). Never decreases on one thread, also across veloz_clock_calibrate. Returns
    # 0 only if the clock could not start (never observed). Thread safety: any thread,
    # wait-free.
    int64_t veloz_clock_now_ns()
    # The Unix-epoch nanoseconds of a veloz_clock_ticks reading, with the current calibration;
    # non-decreasing in ticks. Returns 0 only if the clock could not start (never observed).
    # Thread safety: any thread, wait-free.
    int64_t veloz_clock_ticks_to_ns(uint64_t ticks)
    # Re-measures the clock against CLOCK_REALTIME (about 10 µs), refines the TSC frequency, and
    # slews to the new calibration from 200 µs on (at most 500 ppm), so time never jumps
    # backwards. Call it every second to every minute from a housekeeping thread; readers are
    # never blocked. Thread safety: thread-safe.
    veloz_status veloz_clock_calibrate()
    # Fills out_info with the clock's source and calibration. The caller sets struct_size; at
    # most that many bytes are written. NULL or a struct_size of 0 or above 4096:
    # VELOZ_E_INVALID_ARGUMENT. Thread safety: thread-safe.
    veloz_status veloz_clock_get_info(veloz_clock_info* out_info)

    # ---- Functions: Concurrent pool
    # Creates a lock-free pool of fixed-size blocks for any number of threads and reserves
    # config->initial_blocks of them. config is required (block_size has no default); a zero
    # field means its default, and a struct_size smaller than this library's reads only the
    # fields that fit. On success stores the handle in out; on failure stores NULL there.
    # VELOZ_E_INVALID_ARGUMENT for a NULL config or out, a struct_size of 0 or above 4096, or a
    # field out of its range (the message names it, e.g. config->alignment);
    # VELOZ_E_OUT_OF_MEMORY if the first chunk cannot be reserved. Thread safety: thread-safe.
    veloz_status veloz_concurrent_pool_create(const veloz_pool_config* config, veloz_concurrent_pool** out)
    # Destroys a pool and frees every block, rented or not: a block still held is dangling
    # afterwards. NULL, or a handle already destroyed, is a no-op. No other thread may be using
    # the pool (call it after every thread's last rent and return). Thread safety: thread-safe.
    void veloz_concurrent_pool_destroy(veloz_concurrent_pool* pool)
    # Rents a block: stores its address (aligned to the pool's alignment, block_size bytes,
    # contents not zeroed) in out. Lock-free: the most recently returned block comes back first.
    # Grows the pool by a chunk (under a lock, rarely) when no block is free. VELOZ_E_FULL (*out
    # NULL, nothing allocated, no message formatted unless asked) when max_blocks are rented or
    # memory to grow ran out; VELOZ_E_INVALID_ARGUMENT for a NULL out. Thread safety:
    # thread-safe.
    veloz_status veloz_concurrent_pool_rent(veloz_concurrent_pool* pool, void** out)
    # Returns a block rented from this pool, on any thread (not only the renter's). Two threads
    # returning the same block at once: exactly one succeeds. VELOZ_E_INVALID_ARGUMENT, with the
    # pool unchanged, for a pointer this pool did not rent out: NULL, another pool's or malloc's
    # memory, a pointer inside a block, or a block returned twice (the message says which). With
    # VELOZ_POOL_CONFIG_FILL_FREED the block's bytes become 0xDD. Thread safety: thread-safe.
    veloz_status veloz_concurrent_pool_return(veloz_concurrent_pool* pool, void* block)
    # Rents count blocks into blocks and stores how many in rented. VELOZ_OK when all were;
    # VELOZ_E_FULL when the pool ran out first: blocks[0 .. *rented) are rented all the same and
    # are the caller's to return. VELOZ_E_INVALID_ARGUMENT for a negative count, NULL blocks
    # with count above 0, or a NULL rented. Thread safety: thread-safe.
    veloz_status veloz_concurrent_pool_rent_batch(veloz_concurrent_pool* pool, void** blocks, int32_t count, int32_t* rented)
    # Returns the count blocks at blocks in order, stopping at the first the pool refuses (see
    # veloz_concurrent_pool_return); stores how many were returned in returned. VELOZ_OK when
    # all were; VELOZ_E_INVALID_ARGUMENT naming blocks[*returned] when one was refused (the
    # blocks after it are not returned); VELOZ_E_INVALID_ARGUMENT also for a negative count,
    # NULL blocks with count above 0, or a NULL returned. Thread safety: thread-safe.
    veloz_status veloz_concurrent_pool_return_batch(veloz_concurrent_pool* pool, void** blocks, int32_t count, int32_t* returned)
    # Stores 1 in out_rented when block is the start of a block of this pool that is rented now,
    # else 0 (any pointer may be asked about; with other threads renting and returning the
    # answer may be stale when it arrives). VELOZ_E_INVALID_ARGUMENT for a NULL out_rented.
    # Thread safety: thread-safe.
    veloz_status veloz_concurrent_pool_is_rented(veloz_concurrent_pool* pool, const void* block, int32_t* out_rented)
    # Fills out with the pool's sizes and counters (recent values while other threads run). The
    # caller sets out->struct_size; the library writes min(struct_size,
    # sizeof(veloz_concurrent_pool_stats)) bytes and leaves struct_size as it was. Thread
    # safety: thread-safe.
    veloz_status veloz_concurrent_pool_get_stats(veloz_concurrent_pool* pool, veloz_pool_stats* out)

    # ---- Functions: Depth
    # Creates an empty depth book at sequence 0 (so a feed numbered from 1 needs no snapshot).
    # config may be NULL for all defaults (256 levels per side preallocated, no published
    # snapshot); in a config a zero field means its default, and a struct_size smaller than this
    # library's reads only the fields that fit. On success stores the handle in out; on failure
    # stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above
    # 4096, or a field out of range (the message names it). Thread safety: thread-safe.
    veloz_status veloz_depth_create(const veloz_depth_config* config, veloz_depth** out)
    # Destroys a depth book. NULL, or a handle already destroyed, is a no-op. No other thread
    # may be using the book (a reader in veloz_depth_read_top included). Thread safety:
    # thread-safe.
    void veloz_depth_destroy(veloz_depth* depth)
    # Applies level updates in feed order and publishes once at the end. Each update's sequence
    # must be the last applied one + 1; an update at or below it (a duplicate, or one the
    # snapshot already holds) is dropped and counted (dropped_old_count). A crossed result is
    # applied and flagged (VELOZ_DEPTH_STATUS_CROSSED). *applied receives how many updates were
    # consumed (applied or dropped as old). Every update is checked first: a side other than
    # BUY/SELL or a negative quantity gives VELOZ_E_INVALID_ARGUMENT naming its index, and
    # nothing is applied. A sequence gap gives VELOZ_E_SEQUENCE_GAP: the updates before it were
    # applied, *applied is the index of the gap, and the book is now stale. A stale book refuses
    # every batch with VELOZ_E_STATE (nothing consumed) until veloz_depth_snapshot.
    # VELOZ_E_INVALID_ARGUMENT for a NULL applied, a negative count, or NULL updates with count
    # > 0. Thread safety: single writer.
    veloz_status veloz_depth_apply(veloz_depth* depth, const veloz_depth_update* updates, int32_t count, int32_t* applied)
    # Replaces the whole book with a snapshot taken at feed sequence sequence and clears STALE:
    # the next update must carry sequence + 1. Bids best (highest) first with strictly
    # descending prices, asks best (lowest) first with strictly ascending prices, every quantity
    # > 0 (order_count is kept, reserved ignored). A crossed snapshot is loaded and flagged.
    # VELOZ_E_INVALID_ARGUMENT, with the book unchanged, for levels out of order or a quantity
    # <= 0 (the message names the level), a negative count, or a NULL array with a non-zero
    # count. Thread safety: single writer.
    veloz_status veloz_depth_snapshot(veloz_depth* depth, const veloz_level* bids, int32_t bid_count, const veloz_level* asks, int32_t ask_count, int64_t sequence)
    # Stores the best bid and best ask (all-zero levels for an empty side) and the last applied
    # sequence. VELOZ_E_INVALID_ARGUMENT for a NULL out. Thread safety: owner thread only.
    veloz_status veloz_depth_best(veloz_depth* depth, veloz_top_of_book* out)
    # Writes up to capacity levels of one side, best first, and their number to *written.
    # Capacity 0 (out may then be NULL) writes nothing. VELOZ_E_INVALID_ARGUMENT for a side
    # other than VELOZ_SIDE_BUY / VELOZ_SIDE_SELL, a NULL written, a negative capacity, or NULL
    # out with capacity > 0. Thread safety: owner thread only.
    veloz_status veloz_depth_levels(veloz_depth* depth, veloz_side side, veloz_level* out, int32_t capacity, int32_t* written)
    # Fills out with the book's status flags, level counts, sequences and counters. The caller
    # sets out->struct_size; the library writes min(struct_size, sizeof(veloz_depth_state))
    # bytes and leaves struct_size as it was. VELOZ_E_INVALID_ARGUMENT for a NULL out or a
    # struct_size of 0 or above 4096. Thread safety: owner thread only.
    veloz_status veloz_depth_get_state(veloz_depth* depth, veloz_depth_state* out)
    # Copies the best bid and ask published after the latest update, batch or snapshot, with its
    # sequence, as one consistent state: never torn (a seqlock read that retries while the owner
    # thread is publishing; the owner never waits). VELOZ_E_STATE when the book was created with
    # snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL out. Thread safety: thread-safe (any
    # thread, lock-free; the owner thread is never blocked).
    veloz_status veloz_depth_read_top(veloz_depth* depth, veloz_top_of_book* out)
    # Copies up to capacity published levels of each side, best first, from one consistent
    # publish (at most snapshot_depth per side), and their numbers to *bid_count and *ask_count.
    # Capacity 0 (the arrays may then be NULL) reports 0 levels. VELOZ_E_STATE when the book was
    # created with snapshot_depth 0; VELOZ_E_INVALID_ARGUMENT for a NULL count pointer, a
    # negative capacity, or a NULL array with capacity > 0. Thread safety: thread-safe (any
    # thread, lock-free; the owner thread is never blocked).
    veloz_status veloz_depth_read_levels(veloz_depth* depth, veloz_level* bids, veloz_level* asks, int32_t capacity, int32_t* bid_count, int32_t* ask_count)

    # ---- Functions: Event loop
    # Creates an event loop. config may be NULL (all defaults: busy spin, 65,536 tasks, 100 µs
    # timer tick). Creating does not make the calling thread the owner: the first thread that
    # runs the loop, posts a delayed task, cancels or reads stats does. On success stores the
    # handle in out; on failure NULL. VELOZ_E_INVALID_ARGUMENT for a NULL out, a bad struct_size
    # or a field out of range (the message names it). Thread safety: thread-safe.
    veloz_status veloz_event_loop_create(const veloz_event_loop_config* config, veloz_event_loop** out)
    # Destroys a loop; tasks not yet run are dropped. NULL or a destroyed handle is a no-op. The
    # loop must not be running, and no thread may be posting. Thread safety: thread-safe.
    void veloz_event_loop_destroy(veloz_event_loop* loop)
    # Posts task(context) to run on the loop's thread at priority (a veloz_loop_priority), from
    # any thread, lock-free; it wakes a sleeping loop. VELOZ_E_FULL (no message formatted unless
    # asked) when task_capacity tasks wait; VELOZ_E_INVALID_ARGUMENT for a NULL task or an
    # unknown priority. Thread safety: thread-safe.
    veloz_status veloz_event_loop_post(veloz_event_loop* loop, void (*task)(void*), void* context, veloz_loop_priority priority)
    # Schedules task(context) to run at deadline_ns (veloz_clock_now_ns's clock), exactly then
    # or later, never earlier; stores an id for veloz_event_loop_cancel in out_id (0 on
    # failure). VELOZ_E_FULL when task_capacity tasks wait; VELOZ_E_INVALID_ARGUMENT for a
    # deadline beyond the timer wheel's range, a NULL task or out_id, an unknown priority.
    # Thread safety: owner thread only.
    veloz_status veloz_event_loop_post_at(veloz_event_loop* loop, int64_t deadline_ns, void (*task)(void*), void* context, veloz_loop_priority priority, uint64_t* out_id)
    # As veloz_event_loop_post_at, delay_ns (≥ 0) from now. Thread safety: owner thread only.
    veloz_status veloz_event_loop_post_after(veloz_event_loop* loop, int64_t delay_ns, void (*task)(void*), void* context, veloz_loop_priority priority, uint64_t* out_id)
    # Cancels a delayed task not yet due: it never runs. VELOZ_E_NOT_FOUND when it ran, came
    # due, was cancelled, or never existed. Thread safety: owner thread only.
    veloz_status veloz_event_loop_cancel(veloz_event_loop* loop, uint64_t id)
    # Runs every task due now (tasks posted meanwhile wait for the next call); stores how many
    # ran in ran. VELOZ_E_STATE from inside a task. Thread safety: owner thread only.
    veloz_status veloz_event_loop_run_once(veloz_event_loop* loop, int32_t* ran)
    # Runs the loop for duration_ns (≥ 0), idling by its strategy, or until
    # veloz_event_loop_stop; stores the tasks run in ran. VELOZ_E_STATE from inside a task.
    # Thread safety: owner thread only.
    veloz_status veloz_event_loop_run_for(veloz_event_loop* loop, int64_t duration_ns, int64_t* ran)
    # Runs the loop until veloz_event_loop_stop (from any thread or a task); stores the tasks
    # run in ran. VELOZ_E_STATE from inside a task. Thread safety: owner thread only.
    veloz_status veloz_event_loop_run(veloz_event_loop* loop, int64_t* ran)
    # Makes veloz_event_loop_run or run_for return after the task running now, from any thread
    # or from a task; a stop while the loop is not running makes its next run return at once.
    # Thread safety: thread-safe.
    veloz_status veloz_event_loop_stop(veloz_event_loop* loop)
    # Fills out with the loop's counters and its post-to-run latency percentiles. The caller
    # sets out->struct_size. Owner thread only (the latency histogram is the owner's). Thread
    # safety: owner thread only.
    veloz_status veloz_event_loop_get_stats(veloz_event_loop* loop, veloz_event_loop_stats* out)

    # ---- Functions: Histogram
    # Creates a histogram. config may be NULL for all defaults (3 digits, values 1 ..
    # 3_600_000_000_000); a config whose struct_size is smaller than this library's reads only
    # the fields that fit. On success stores the handle in out; on failure stores NULL there.
    # Returns VELOZ_E_INVALID_ARGUMENT for a bad config and VELOZ_E_OUT_OF_MEMORY if the
    # counters (up to about 50 MB at 5 digits) cannot be allocated. Thread safety: thread-safe.
    veloz_status veloz_histogram_create(const veloz_histogram_config* config, veloz_histogram** out)
    # Destroys a histogram. NULL, or a handle already destroyed, is a no-op. Thread safety:
    # thread-safe.
    void veloz_histogram_destroy(veloz_histogram* histogram)
    # Records one value. A negative value gives VELOZ_E_INVALID_ARGUMENT and records nothing; a
    # value above highest_trackable is recorded as highest_trackable and counted in
    # clamped_count. O(1), no allocation. Thread safety: single writer.
    veloz_status veloz_histogram_record(veloz_histogram* histogram, int64_t value)
    # Records count (>= 0) occurrences of value (>= 0). Fails with VELOZ_E_INVALID_ARGUMENT,
    # recording nothing, for a negative argument or if the total count would pass INT64_MAX.
    # Thread safety: single writer.
    veloz_status veloz_histogram_record_n(veloz_histogram* histogram, int64_t value, int64_t count)
    # Records count values from values (NULL allowed when count is 0). Checks them all first: if
    # any is negative, returns VELOZ_E_INVALID_ARGUMENT naming its index and records nothing.
    # Thread safety: single writer.
    veloz_status veloz_histogram_record_batch(veloz_histogram* histogram, const int64_t* values, int32_t count)
    # Stores in out_value the value at percentile (0..100): the highest value equivalent to the
    # counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
    # capped at the exact max; 0 gives the exact min, 100 the exact max. VELOZ_E_EMPTY when
    # nothing was recorded. Thread safety: owner thread only.
    veloz_status veloz_histogram_value_at_percentile(veloz_histogram* histogram, double percentile, int64_t* out_value)
    # For each of the count percentiles (0..100, any order) stores the value at it, as
    # veloz_histogram_value_at_percentile would, at the same position of out_values. Checks
    # every percentile first; on any error nothing is written. VELOZ_E_EMPTY when nothing was
    # recorded. Thread safety: owner thread only.
    veloz_status veloz_histogram_percentiles(veloz_histogram* histogram, const double* percentiles, int64_t* out_values, int32_t count)
    # Fills out with count, min, max, mean, stddev and clamped_count. The caller sets
    # out->struct_size; the library writes min(struct_size, sizeof(veloz_histogram_stats)) bytes
    # and leaves struct_size as it was. Thread safety: owner thread only.
    veloz_status veloz_histogram_get_stats(veloz_histogram* histogram, veloz_histogram_stats* out)
    # Writes the non-empty buckets, lowest values first, to out and their number to written. If
    # capacity is too small, returns VELOZ_E_BUFFER_TOO_SMALL, writes no bucket and sets
    # *written to the capacity needed; out may be NULL with capacity 0 to ask for that number.
    # Thread safety: owner thread only.
    veloz_status veloz_histogram_buckets(veloz_histogram* histogram, veloz_histogram_bucket* out, int32_t capacity, int32_t* written)
    # Adds every value of source to target (they may be the same histogram); source values above
    # the target's highest_trackable are clamped and counted in its clamped_count. The source is
    # unchanged. Thread safety: owner thread only.
    veloz_status veloz_histogram_merge(veloz_histogram* target, veloz_histogram* source)
    # Forgets every recorded value; the configuration stays. Thread safety: owner thread only.
    veloz_status veloz_histogram_reset(veloz_histogram* histogram)

    # ---- Functions: Memory report
    # Writes a table of every live pool and arena of the process (C#'s included: name, kind,
    # block size, capacity, in use, peak, rents, returns, failures, chunks, bytes reserved) and
    # a total line, as NUL-terminated UTF-8, into buffer; stores the text's length in bytes
    # (without the NUL) in written. VELOZ_E_BUFFER_TOO_SMALL, with nothing copied and *written
    # the length needed minus the NUL, when capacity is not above it (a NULL buffer with
    # capacity 0 asks for the length; the text can grow between two calls, so allow some room).
    # VELOZ_E_INVALID_ARGUMENT for a NULL written, a negative capacity, or a NULL buffer with
    # capacity above 0. The values of owner-thread pools are recent, read while their owners may
    # run. Thread safety: thread-safe.
    veloz_status veloz_memory_report(char* buffer, int32_t capacity, int32_t* written)
    # Writes the Prometheus text exposition (format 0.0.4) of every live pool and arena: the
    # gauges and counters veloz_memory_bytes_reserved, veloz_memory_chunks,
    # veloz_pool_in_use_blocks, veloz_pool_rents_total, ..., veloz_arena_allocated_bytes, ...,
    # labelled by name and kind. Buffer, capacity and written as veloz_memory_report. Thread
    # safety: thread-safe.
    veloz_status veloz_memory_prometheus(char* buffer, int32_t capacity, int32_t* written)

    # ---- Functions: Mpmc
    # Creates a multi-producer multi-consumer queue. config may be NULL for all defaults (1,024
    # records of 64 bytes, VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK); in a config a zero field means
    # its default, and a struct_size smaller than this library's reads only the fields that fit.
    # On success stores the handle in out; on failure stores NULL there. Returns
    # VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096, or a field out
    # of its documented range (the message names it, e.g. config->record_size), and
    # VELOZ_E_OUT_OF_MEMORY if the ring cannot be allocated. Thread safety: thread-safe.
    veloz_status veloz_mpmc_create(const veloz_mpmc_config* config, veloz_mpmc** out)
    # Destroys a queue: closes it first, so threads blocked in veloz_mpmc_push_wait /
    # veloz_mpmc_pop_wait wake with VELOZ_E_STATE; calls already running finish safely, later
    # calls get VELOZ_E_INVALID_HANDLE. Records still in the queue are dropped. NULL, or a
    # handle already destroyed, is a no-op. Thread safety: thread-safe.
    void veloz_mpmc_destroy(veloz_mpmc* queue)
    # Pushes one record: copies record_size bytes from record into the queue. Never blocks,
    # never allocates. VELOZ_E_FULL when there is no free slot and VELOZ_E_STATE when the queue
    # is closed (nothing is copied; the message is formatted only if asked for);
    # VELOZ_E_INVALID_ARGUMENT for a NULL record. Thread safety: thread-safe.
    veloz_status veloz_mpmc_push(veloz_mpmc* queue, const void* record)
    # Pops the oldest record (in queue order): copies record_size bytes into record. Never
    # blocks, never allocates. VELOZ_E_EMPTY when there is no record; VELOZ_E_STATE once the
    # queue is closed and every record pushed before the close has been popped (nothing is
    # copied); VELOZ_E_INVALID_ARGUMENT for a NULL record. Thread safety: thread-safe.
    veloz_status veloz_mpmc_pop(veloz_mpmc* queue, void* record)
    # Pushes as many of the count records at records (record_size bytes each, consecutive) as
    # fit, in order, claiming their slots with one atomic operation when there is room; stores
    # how many in pushed (a count above the capacity pushes at most the capacity). VELOZ_OK when
    # at least one was pushed (or count is 0); VELOZ_E_FULL when none fit; VELOZ_E_STATE when
    # the queue is closed (none pushed); VELOZ_E_INVALID_ARGUMENT for a negative count, NULL
    # records with count above 0, or a NULL pushed. Thread safety: thread-safe.
    veloz_status veloz_mpmc_push_batch(veloz_mpmc* queue, const void* records, int32_t count, int32_t* pushed)
    # Pops up to capacity records, oldest first, into records (record_size bytes each), claiming
    # them with one atomic operation when a run is ready; stores how many in popped. VELOZ_OK
    # when at least one was popped (or capacity is 0); VELOZ_E_EMPTY when there was none;
    # VELOZ_E_STATE once the queue is closed and drained; VELOZ_E_INVALID_ARGUMENT for a
    # negative capacity, NULL records with capacity above 0, or a NULL popped. Thread safety:
    # thread-safe.
    veloz_status veloz_mpmc_pop_batch(veloz_mpmc* queue, void* records, int32_t capacity, int32_t* popped)
    # Pushes one record (record_size bytes from record), waiting up to timeout_ns nanoseconds
    # for a free slot: 0 tries once, a negative value waits without limit. The wait follows the
    # queue's wait strategy (VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK sleeps after a short spin, so a
    # blocked producer costs no CPU). VELOZ_E_FULL when the timeout passed; VELOZ_E_STATE when
    # the queue is (or becomes, waking the waiter) closed or destroyed; VELOZ_E_INVALID_ARGUMENT
    # for a NULL record. Thread safety: thread-safe; blocks up to timeout_ns.
    veloz_status veloz_mpmc_push_wait(veloz_mpmc* queue, const void* record, int64_t timeout_ns)
    # Pops the oldest record into record (record_size bytes), waiting up to timeout_ns
    # nanoseconds for one: 0 tries once, a negative value waits without limit. The wait follows
    # the queue's wait strategy. VELOZ_E_EMPTY when the timeout passed; VELOZ_E_STATE once the
    # queue is closed and drained (a waiter wakes at the close) or destroyed;
    # VELOZ_E_INVALID_ARGUMENT for a NULL record. Thread safety: thread-safe; blocks up to
    # timeout_ns.
    veloz_status veloz_mpmc_pop_wait(veloz_mpmc* queue, void* record, int64_t timeout_ns)
    # Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then
    # VELOZ_E_STATE; every thread blocked in a wait wakes. A push running concurrently either
    # lands before the close (and is popped before VELOZ_E_STATE) or fails with VELOZ_E_STATE.
    # Closing a closed queue is a no-op. The handle stays valid until destroyed. Thread safety:
    # thread-safe.
    veloz_status veloz_mpmc_close(veloz_mpmc* queue)
    # Stores the number of records in the queue in out_size: an estimate while other threads
    # push or pop. VELOZ_E_INVALID_ARGUMENT for a NULL out_size. Thread safety: thread-safe.
    veloz_status veloz_mpmc_size(veloz_mpmc* queue, int64_t* out_size)
    # Fills out with the queue's capacity, record size, closed flag, size and counters (pushes,
    # pops, failed pushes and pops, high-water mark). The caller sets out->struct_size; the
    # library writes min(struct_size, sizeof(veloz_queue_stats)) bytes and leaves struct_size as
    # it was. Only reads the counters. Thread safety: thread-safe.
    veloz_status veloz_mpmc_get_stats(veloz_mpmc* queue, veloz_queue_stats* out)

    # ---- Functions: Pool
    # Creates a pool of fixed-size blocks and reserves config->initial_blocks of them. config is
    # required (block_size has no default); a zero field means its default, and a struct_size
    # smaller than this library's reads only the fields that fit. On success stores the handle
    # in out; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL config or out, a
    # struct_size of 0 or above 4096, or a field out of its range (the message names it, e.g.
    # config->alignment); VELOZ_E_OUT_OF_MEMORY if the first chunk cannot be reserved. Thread
    # safety: thread-safe.
    veloz_status veloz_pool_create(const veloz_pool_config* config, veloz_pool** out)
    # Destroys a pool and frees every block, rented or not: a block still held is dangling
    # afterwards. NULL, or a handle already destroyed, is a no-op. No other thread may be using
    # the pool. Thread safety: thread-safe.
    void veloz_pool_destroy(veloz_pool* pool)
    # Rents a block: stores its address (aligned to the pool's alignment, block_size bytes,
    # contents not zeroed) in out. The most recently returned block comes back first. Grows the
    # pool by a chunk when no block is free. VELOZ_E_FULL (*out NULL, nothing allocated, no
    # message formatted unless asked) when max_blocks are rented or memory to grow ran out;
    # VELOZ_E_INVALID_ARGUMENT for a NULL out. Thread safety: owner thread only.
    veloz_status veloz_pool_rent(veloz_pool* pool, void** out)
    # Returns a block rented from this pool. VELOZ_E_INVALID_ARGUMENT, with the pool unchanged,
    # for a pointer this pool did not rent out: NULL, another pool's or malloc's memory, a
    # pointer inside a block, or a block returned twice (the message says which). With
    # VELOZ_POOL_CONFIG_FILL_FREED the block's bytes become 0xDD. Thread safety: owner thread
    # only.
    veloz_status veloz_pool_return(veloz_pool* pool, void* block)
    # Rents count blocks into blocks and stores how many in rented. VELOZ_OK when all were;
    # VELOZ_E_FULL when the pool ran out first: blocks[0 .. *rented) are rented all the same and
    # are the caller's to return. VELOZ_E_INVALID_ARGUMENT for a negative count, NULL blocks
    # with count above 0, or a NULL rented. Thread safety: owner thread only.
    veloz_status veloz_pool_rent_batch(veloz_pool* pool, void** blocks, int32_t count, int32_t* rented)
    # Returns the count blocks at blocks in order, stopping at the first the pool refuses (see
    # veloz_pool_return); stores how many were returned in returned. VELOZ_OK when all were;
    # VELOZ_E_INVALID_ARGUMENT naming blocks[*returned] when one was refused (the blocks after
    # it are not returned); VELOZ_E_INVALID_ARGUMENT also for a negative count, NULL blocks with
    # count above 0, or a NULL returned. Thread safety: owner thread only.
    veloz_status veloz_pool_return_batch(veloz_pool* pool, void** blocks, int32_t count, int32_t* returned)
    # Stores 1 in out_rented when block is the start of a block of this pool that is rented now,
    # else 0 (any pointer may be asked about). VELOZ_E_INVALID_ARGUMENT for a NULL out_rented.
    # Thread safety: owner thread only.
    veloz_status veloz_pool_is_rented(veloz_pool* pool, const void* block, int32_t* out_rented)
    # Fills out with the pool's sizes and counters. The caller sets out->struct_size; the
    # library writes min(struct_size, sizeof(veloz_pool_stats)) bytes and leaves struct_size as
    # it was. Thread safety: owner thread only.
    veloz_status veloz_pool_get_stats(veloz_pool* pool, veloz_pool_stats* out)

    # ---- Functions: Spsc
    # Creates a single-producer single-consumer queue. config may be NULL for all defaults
    # (1,024 records of 64 bytes, VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK); in a config a zero field
    # means its default, and a struct_size smaller than this library's reads only the fields
    # that fit. On success stores the handle in out; on failure stores NULL there. Returns
    # VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096, or a field out
    # of its documented range (the message names it, e.g. config->record_size), and
    # VELOZ_E_OUT_OF_MEMORY if the ring cannot be allocated. Thread safety: thread-safe.
    veloz_status veloz_spsc_create(const veloz_spsc_config* config, veloz_spsc** out)
    # Destroys a queue: closes it first, so threads blocked in veloz_spsc_push_wait /
    # veloz_spsc_pop_wait wake with VELOZ_E_STATE; calls already running finish safely, later
    # calls get VELOZ_E_INVALID_HANDLE. Records still in the queue are dropped. NULL, or a
    # handle already destroyed, is a no-op. Thread safety: thread-safe.
    void veloz_spsc_destroy(veloz_spsc* queue)
    # Pushes one record: copies record_size bytes from record into the queue. Never blocks,
    # never allocates. VELOZ_E_FULL when there is no free slot and VELOZ_E_STATE when the queue
    # is closed (nothing is copied; the message is formatted only if asked for);
    # VELOZ_E_INVALID_ARGUMENT for a NULL record. Thread safety: producer thread only (one
    # producer at a time).
    veloz_status veloz_spsc_push(veloz_spsc* queue, const void* record)
    # Pops the oldest record: copies record_size bytes into record. Never blocks, never
    # allocates. VELOZ_E_EMPTY when there is no record; VELOZ_E_STATE once the queue is closed
    # and every record pushed before the close has been popped (nothing is copied);
    # VELOZ_E_INVALID_ARGUMENT for a NULL record. Thread safety: consumer thread only (one
    # consumer at a time).
    veloz_status veloz_spsc_pop(veloz_spsc* queue, void* record)
    # Copies the oldest record (record_size bytes) into record without popping it.
    # VELOZ_E_EMPTY, VELOZ_E_STATE and VELOZ_E_INVALID_ARGUMENT as veloz_spsc_pop. Thread
    # safety: consumer thread only (one consumer at a time).
    veloz_status veloz_spsc_peek(veloz_spsc* queue, void* record)
    # Pushes as many of the count records at records (record_size bytes each, consecutive) as
    # fit, oldest first, publishing them to the consumer at once; stores how many in pushed (a
    # count above the capacity pushes at most the capacity). VELOZ_OK when at least one was
    # pushed (or count is 0); VELOZ_E_FULL when none fit; VELOZ_E_STATE when the queue is closed
    # (none pushed); VELOZ_E_INVALID_ARGUMENT for a negative count, NULL records with count
    # above 0, or a NULL pushed. Thread safety: producer thread only (one producer at a time).
    veloz_status veloz_spsc_push_batch(veloz_spsc* queue, const void* records, int32_t count, int32_t* pushed)
    # Pops up to capacity records, oldest first, into records (record_size bytes each), freeing
    # their slots for the producer at once; stores how many in popped. VELOZ_OK when at least
    # one was popped (or capacity is 0); VELOZ_E_EMPTY when there was none; VELOZ_E_STATE once
    # the queue is closed and drained; VELOZ_E_INVALID_ARGUMENT for a negative capacity, NULL
    # records with capacity above 0, or a NULL popped. Thread safety: consumer thread only (one
    # consumer at a time).
    veloz_status veloz_spsc_pop_batch(veloz_spsc* queue, void* records, int32_t capacity, int32_t* popped)
    # Pushes one record (record_size bytes from record), waiting up to timeout_ns nanoseconds
    # for a free slot: 0 tries once, a negative value waits without limit. The wait follows the
    # queue's wait strategy (VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK sleeps after a short spin, so a
    # blocked producer costs no CPU). VELOZ_E_FULL when the timeout passed; VELOZ_E_STATE when
    # the queue is (or becomes, waking the waiter) closed or destroyed; VELOZ_E_INVALID_ARGUMENT
    # for a NULL record. Thread safety: producer thread only (one producer at a time); blocks up
    # to timeout_ns.
    veloz_status veloz_spsc_push_wait(veloz_spsc* queue, const void* record, int64_t timeout_ns)
    # Pops the oldest record into record (record_size bytes), waiting up to timeout_ns
    # nanoseconds for one: 0 tries once, a negative value waits without limit. The wait follows
    # the queue's wait strategy. VELOZ_E_EMPTY when the timeout passed; VELOZ_E_STATE once the
    # queue is closed and drained (a waiter wakes at the close) or destroyed;
    # VELOZ_E_INVALID_ARGUMENT for a NULL record. Thread safety: consumer thread only (one
    # consumer at a time); blocks up to timeout_ns.
    veloz_status veloz_spsc_pop_wait(veloz_spsc* queue, void* record, int64_t timeout_ns)
    # Closes the queue: later pushes fail with VELOZ_E_STATE; pops return the records left, then
    # VELOZ_E_STATE; every thread blocked in a wait wakes. Returns once a push running
    # concurrently has landed (so the consumer sees it before VELOZ_E_STATE). Closing a closed
    # queue is a no-op. The handle stays valid until destroyed. Thread safety: thread-safe.
    veloz_status veloz_spsc_close(veloz_spsc* queue)
    # Stores the number of records in the queue in out_size: exact when called by the producer
    # or the consumer while the other side is idle, otherwise an estimate.
    # VELOZ_E_INVALID_ARGUMENT for a NULL out_size. Thread safety: thread-safe.
    veloz_status veloz_spsc_size(veloz_spsc* queue, int64_t* out_size)
    # Fills out with the queue's capacity, record size, closed flag, size and counters (pushes,
    # pops, failed pushes and pops, high-water mark). The caller sets out->struct_size; the
    # library writes min(struct_size, sizeof(veloz_queue_stats)) bytes and leaves struct_size as
    # it was. Never slows the producer or the consumer down (it only reads their counters).
    # Thread safety: thread-safe.
    veloz_status veloz_spsc_get_stats(veloz_spsc* queue, veloz_queue_stats* out)

    # ---- Functions: Thread
    # Returns the number of online CPUs (at least 1); the highest CPU number may be larger where
    # CPUs are offline. Thread safety: thread-safe.
    int32_t veloz_thread_cpu_count()
    # Returns the CPU the calling thread runs on at this instant (sched_getcpu), or -1 where the
    # OS cannot tell. Thread safety: thread-safe.
    int32_t veloz_thread_current_cpu()
    # Pins the calling thread to cpu: from now on it runs only there. VELOZ_E_INVALID_ARGUMENT,
    # the affinity unchanged, for a CPU that does not exist or is not online (the message lists
    # the online ones), or one this process may not use (taskset, the cgroup's cpuset; the
    # message lists the thread's allowed CPUs). Thread safety: thread-safe.
    veloz_status veloz_thread_pin(int32_t cpu)
    # Restricts the calling thread to the count CPUs at cpus (at least one). Errors as
    # veloz_thread_pin, and VELOZ_E_INVALID_ARGUMENT for a count below 1 or NULL cpus. Thread
    # safety: thread-safe.
    veloz_status veloz_thread_set_affinity(const int32_t* cpus, int32_t count)
    # Writes the CPUs the calling thread may run on (sorted) to cpus and their number to
    # written. If capacity is too small, returns VELOZ_E_BUFFER_TOO_SMALL, writes no CPU and
    # sets *written to the capacity needed; cpus may be NULL with capacity 0 to ask for it.
    # Thread safety: thread-safe.
    veloz_status veloz_thread_get_affinity(int32_t* cpus, int32_t capacity, int32_t* written)
    # Writes the CPUs the kernel isolated from the scheduler (isolcpus=,
    # /sys/devices/system/cpu/isolated) to cpus; *written 0 when there are none or the kernel
    # does not say. Buffer as veloz_thread_get_affinity. Thread safety: thread-safe.
    veloz_status veloz_thread_isolated_cpus(int32_t* cpus, int32_t capacity, int32_t* written)
    # Writes the CPUs in full dynticks mode (nohz_full=, /sys/devices/system/cpu/nohz_full) to
    # cpus; *written 0 when there are none or the kernel does not say. Buffer as
    # veloz_thread_get_affinity. Thread safety: thread-safe.
    veloz_status veloz_thread_nohz_full_cpus(int32_t* cpus, int32_t capacity, int32_t* written)

    # ---- Functions: Time sync
    # Creates an estimator. config may be NULL (all defaults: 64 venues, 64 samples per venue);
    # zero fields take their defaults. On success *out_sync receives the handle, on failure
    # NULL. Free it with veloz_time_sync_destroy. Thread safety: thread-safe.
    veloz_status veloz_time_sync_create(const veloz_time_sync_config* config, veloz_time_sync** out_sync)
    # Destroys an estimator. NULL, or a handle already destroyed, is a no-op. No other call may
    # be using it. Thread safety: thread-safe.
    void veloz_time_sync_destroy(veloz_time_sync* sync)
    # Adds a request/response sample: the exchange's timestamp and the local send and receive
    # times of the round trip. The venue (0..INT32_MAX) is registered on its first sample; a new
    # venue beyond max_venues gives VELOZ_E_FULL. local_recv_ns before local_send_ns, or a
    # negative venue: VELOZ_E_INVALID_ARGUMENT. A failed call changes nothing. Thread safety:
    # single writer.
    veloz_status veloz_time_sync_add_sample(veloz_time_sync* sync, int32_t venue, int64_t exchange_ns, int64_t local_send_ns, int64_t local_recv_ns)
    # Converts a local time to the venue's clock (offset plus drift since the reference sample).
    # A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64:
    # VELOZ_E_INVALID_ARGUMENT. Thread safety: any thread, wait-free.
    veloz_status veloz_time_sync_to_exchange(veloz_time_sync* sync, int32_t venue, int64_t local_ns, int64_t* out_exchange_ns)
    # Converts a venue timestamp to local time (the inverse of veloz_time_sync_to_exchange,
    # within 1 ns). A venue without samples: VELOZ_E_NOT_FOUND; a result outside int64:
    # VELOZ_E_INVALID_ARGUMENT. Thread safety: any thread, wait-free.
    veloz_status veloz_time_sync_to_local(veloz_time_sync* sync, int32_t venue, int64_t exchange_ns, int64_t* out_local_ns)
    # Fills out_stats with the venue's estimate. The caller sets struct_size; at most that many
    # bytes are written. A venue without samples: VELOZ_E_NOT_FOUND. Thread safety: any thread,
    # wait-free.
    veloz_status veloz_time_sync_get_stats(veloz_time_sync* sync, int32_t venue, veloz_time_sync_stats* out_stats)
    # Venues registered so far; 0 for a NULL or invalid handle. Thread safety: any thread,
    # wait-free.
    int32_t veloz_time_sync_venue_count(veloz_time_sync* sync)

    # ---- Functions: Timer wheel
    # Creates a timer wheel. config may be NULL (all defaults: 1 ms tick, 4 levels, time 0); a
    # zero field means its default, and a struct_size smaller than this library's reads only the
    # fields that fit. On success stores the handle in out; on failure stores NULL there.
    # VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size of 0 or above 4096, or a field out
    # of its range (the message names it). Thread safety: thread-safe.
    veloz_status veloz_timer_wheel_create(const veloz_timer_wheel_config* config, veloz_timer_wheel** out)
    # Destroys a wheel and every timer in it. NULL, or a handle already destroyed, is a no-op.
    # No other thread may be using the wheel. Thread safety: thread-safe.
    void veloz_timer_wheel_destroy(veloz_timer_wheel* wheel)
    # Schedules a one-shot timer due at deadline_ns carrying payload; stores its id (never 0) in
    # out_id. A deadline at or before the wheel's time fires at the next advance.
    # VELOZ_E_INVALID_ARGUMENT when the deadline is negative, above 2^62, or more than
    # max_delay_ns (see veloz_timer_wheel_get_stats) after the wheel's time, or out_id is NULL;
    # VELOZ_E_FULL when max_timers are live. On any failure *out_id is 0. Thread safety: owner
    # thread only.
    veloz_status veloz_timer_wheel_schedule(veloz_timer_wheel* wheel, int64_t deadline_ns, uint64_t payload, uint64_t* out_id)
    # Schedules a one-shot timer due delay_ns (0..max_delay_ns) after the wheel's time (the last
    # advance's now); otherwise as veloz_timer_wheel_schedule. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_schedule_after(veloz_timer_wheel* wheel, int64_t delay_ns, uint64_t payload, uint64_t* out_id)
    # Schedules a periodic timer first due at first_deadline_ns, then every interval_ns
    # (1..max_delay_ns) on that grid: re-armed from its deadline, not from when it ran, so it
    # does not drift. Advances that skip periods deliver it once with the count in expirations
    # (like timerfd). It keeps its id until cancelled. Failures as veloz_timer_wheel_schedule,
    # and VELOZ_E_INVALID_ARGUMENT for an interval out of range. Thread safety: owner thread
    # only.
    veloz_status veloz_timer_wheel_schedule_periodic(veloz_timer_wheel* wheel, int64_t first_deadline_ns, int64_t interval_ns, uint64_t payload, uint64_t* out_id)
    # Cancels the live timer id, also one that is due but not yet delivered: it never fires
    # again. VELOZ_E_NOT_FOUND (nothing changes, no message formatted unless asked) for an id
    # that already fired (one-shot), was cancelled, or never existed: the usual outcome of a
    # cancel racing its own expiry. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_cancel(veloz_timer_wheel* wheel, uint64_t id)
    # Stores 1 in out_active when id names a live timer, else 0. VELOZ_E_INVALID_ARGUMENT for a
    # NULL out_active. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_is_active(veloz_timer_wheel* wheel, uint64_t id, int32_t* out_active)
    # Moves the wheel's time to now_ns (not before its time, at most 2^62) and writes the timers
    # due by then into out, in deadline order (ties in scheduling order); stores how many in
    # written. When the buffer fills, the rest stay pending in order (and cancellable): when
    # *written equals capacity, call again with the same now_ns. Pending timers come first in
    # the next advance, before timers that became due since (even with earlier deadlines); a
    # periodic timer takes a new place in the tie order each time it is re-armed.
    # VELOZ_E_INVALID_ARGUMENT for a now_ns out of range (the wheel unchanged), a negative
    # capacity, NULL out with capacity above 0, or a NULL written. Thread safety: owner thread
    # only.
    veloz_status veloz_timer_wheel_advance(veloz_timer_wheel* wheel, int64_t now_ns, veloz_timer_expiry* out, int32_t capacity, int32_t* written)
    # Moves the wheel's time to now_ns and calls callback(context, expiry) for each due timer in
    # deadline order, on this thread, before returning; stores how many fired in fired. The
    # callback returns 0 to go on, anything else to stop: the timer it was called for counts as
    # fired, and the timers due after it stay pending for the next advance. It may schedule and
    # cancel on this wheel (a timer it schedules already due fires at the next advance);
    # advancing, clearing or destroying the wheel from it fails (VELOZ_E_STATE) or is undefined
    # (destroy). The expiry pointer is valid during the call only. The callback must not throw
    # (C++) or longjmp. VELOZ_E_INVALID_ARGUMENT for a NULL callback or fired, or a now_ns out
    # of range. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_advance_callback(veloz_timer_wheel* wheel, int64_t now_ns, int32_t (*callback)(void*, veloz_timer_expiry*), void* context, int32_t* fired)
    # Stores in out_ns a time by which to advance next, never before the wheel's time: the
    # earliest deadline, or earlier (the start of a higher level's slot: advancing then costs a
    # cascade and fires nothing), or the wheel's time when timers are due or pending, or
    # INT64_MAX when no timer is live. Sleeping until it never misses a deadline.
    # VELOZ_E_INVALID_ARGUMENT for a NULL out_ns. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_next_deadline(veloz_timer_wheel* wheel, int64_t* out_ns)
    # Cancels every timer (pending ones too); the wheel's time and its allocated nodes stay.
    # VELOZ_E_STATE from inside an advance's callback. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_clear(veloz_timer_wheel* wheel)
    # Fills out with the wheel's sizes and counters. The caller sets out->struct_size; the
    # library writes min(struct_size, sizeof(veloz_timer_wheel_stats)) bytes and leaves
    # struct_size as it was. Thread safety: owner thread only.
    veloz_status veloz_timer_wheel_get_stats(veloz_timer_wheel* wheel, veloz_timer_wheel_stats* out)
