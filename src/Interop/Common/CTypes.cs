using VeloZ.Book;
using VeloZ.Interop;
using VeloZ.Metrics;
using VeloZ.Queues;

// The Core types that cross the C ABI as they are. Core declares their layout, members and doc comments once;
// this file only gives each its C name (Core knows nothing of C), and tools/HeaderGen reads both to write
// include/veloz.h, the ctypes module and the .pxd. A Core enum narrower than 32 bits is an int32_t typedef in C
// (C's enum constants are int) and its uint8_t value in struct fields; a function takes it as int32_t, declared
// int with [CSpelling] and converted by Export.ByteEnum, so a C int is never silently truncated.
// Types that exist only in C (configs and stats that begin with struct_size, opaque handles, config flags)
// are declared in src/Interop beside their exports.

[assembly: CType(typeof(Side), "veloz_side", ConstantPrefix = "VELOZ_SIDE_")]
[assembly: CType(typeof(BookMode), "veloz_book_mode", ConstantPrefix = "VELOZ_BOOK_MODE_")]
[assembly: CType(typeof(SelfTradePrevention), "veloz_self_trade_prevention", ConstantPrefix = "VELOZ_SELF_TRADE_PREVENTION_")]
[assembly: CType(typeof(BookCommandType), "veloz_book_command_type", ConstantPrefix = "VELOZ_BOOK_COMMAND_")]
[assembly: CType(typeof(BookEventFlags), "veloz_book_event_flags", ConstantPrefix = "VELOZ_BOOK_EVENT_FLAGS_")]
[assembly: CType(typeof(BookEventType), "veloz_book_event_type", ConstantPrefix = "VELOZ_BOOK_EVENT_")]
[assembly: CType(typeof(BookResult), "veloz_book_reject_reason", ConstantPrefix = "VELOZ_BOOK_REJECT_")]
[assembly: CType(typeof(DepthResult), "veloz_depth_result", ConstantPrefix = "VELOZ_DEPTH_RESULT_")]
[assembly: CType(typeof(DepthStatus), "veloz_depth_status", ConstantPrefix = "VELOZ_DEPTH_STATUS_")]
[assembly: CType(typeof(OrderDoneReason), "veloz_order_done_reason", ConstantPrefix = "VELOZ_ORDER_DONE_")]
[assembly: CType(typeof(OrderFlags), "veloz_order_flags", ConstantPrefix = "VELOZ_ORDER_FLAGS_")]
[assembly: CType(typeof(OrderType), "veloz_order_type", ConstantPrefix = "VELOZ_ORDER_TYPE_")]
[assembly: CType(typeof(TimeInForce), "veloz_time_in_force", ConstantPrefix = "VELOZ_TIME_IN_FORCE_")]
[assembly: CType(typeof(WaitStrategy), "veloz_wait_strategy", ConstantPrefix = "VELOZ_WAIT_STRATEGY_")]
[assembly: CType(typeof(VeloZ.Time.ClockSource), "veloz_clock_source", ConstantPrefix = "VELOZ_CLOCK_SOURCE_")]
[assembly: CType(typeof(BookCommand), "veloz_book_command")]
[assembly: CType(typeof(BookEvent), "veloz_book_event")]
[assembly: CType(typeof(Level), "veloz_level")]
[assembly: CType(typeof(TopOfBook), "veloz_top_of_book")]
[assembly: CType(typeof(OrderInfo), "veloz_order_info")]
[assembly: CType(typeof(DepthUpdate), "veloz_depth_update")]
[assembly: CType(typeof(HistogramBucket), "veloz_histogram_bucket")]
[assembly: CType(typeof(VeloZ.Timers.TimerExpiryFlags), "veloz_timer_expiry_flags", ConstantPrefix = "VELOZ_TIMER_EXPIRY_FLAGS_")]
[assembly: CType(typeof(VeloZ.Timers.TimerExpiry), "veloz_timer_expiry")]
[assembly: CType(typeof(VeloZ.Loop.LoopPriority), "veloz_loop_priority", ConstantPrefix = "VELOZ_LOOP_PRIORITY_")]
[assembly: CType(typeof(VeloZ.Loop.LoopIdleStrategy), "veloz_loop_idle_strategy", ConstantPrefix = "VELOZ_LOOP_IDLE_STRATEGY_")]
