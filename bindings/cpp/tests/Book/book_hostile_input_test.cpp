// Hostile input to the order-book and depth-book C API, called from C++: NULL, destroyed, wrong-type and
// made-up handles, NULL and negative buffers, zero/negative quantities, prices out of range, duplicate and
// zero ids, bad sides and command fields. Every call must come back with a status code (never a crash)
// and leave the book exactly as it was (same hash, same counters, except the reject counters).
#include <veloz.hpp>

#include "Book/book_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

using veloz_tests::fingerprint;
namespace cmd = veloz::cmd;

namespace {

constexpr veloz_side buy = VELOZ_SIDE_BUY;
constexpr veloz_side sell = VELOZ_SIDE_SELL;

// Every order-book function given `handle` must report VELOZ_E_INVALID_HANDLE (or 0 / no-op where it
// returns no status).
void expect_every_book_call_refuses(veloz_book* handle, const char* what) {
    SCOPED_TRACE(what);
    const veloz_book_command order = cmd::limit(1, buy, 100, 5);
    veloz_book_event events[4];
    veloz_level levels[4];
    veloz_top_of_book top{};
    veloz_order_info info{};
    veloz_book_stats stats{};
    stats.struct_size = sizeof stats;
    std::uint64_t hash = 0;
    std::int32_t consumed = 0, written = 0, bids = 0, asks = 0;
    EXPECT_EQ(veloz_book_submit(handle, &order), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_cancel(handle, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_reduce(handle, 1, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_modify(handle, 1, 100, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_replace(handle, 1, 2, 100, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_execute(handle, 1, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_apply(handle, &order, 1, &consumed, events, 4, &written), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_drain_events(handle, events, 4, &written), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_pending_events(handle), 0);
    EXPECT_EQ(veloz_book_best(handle, &top), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_depth(handle, VELOZ_SIDE_BUY, levels, 4, &written), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_order(handle, 1, &info), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_hash(handle, &hash), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_get_stats(handle, &stats), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_read_top(handle, &top), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_book_read_levels(handle, levels, levels, 4, &bids, &asks), VELOZ_E_INVALID_HANDLE);
    veloz_book_destroy(handle); // a no-op for anything that is not a live book
}

void expect_every_depth_call_refuses(veloz_depth* handle, const char* what) {
    SCOPED_TRACE(what);
    const veloz_depth_update update = veloz::depth_update(1, buy, 100, 5);
    const veloz_level snapshot[1] = {veloz_level{100, 5, 0, 0}};
    veloz_level levels[4];
    veloz_top_of_book top{};
    veloz_depth_state state{};
    state.struct_size = sizeof state;
    std::int32_t applied = 0, written = 0, bids = 0, asks = 0;
    EXPECT_EQ(veloz_depth_apply(handle, &update, 1, &applied), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_depth_snapshot(handle, snapshot, 1, nullptr, 0, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_depth_best(handle, &top), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_depth_levels(handle, VELOZ_SIDE_BUY, levels, 4, &written), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_depth_get_state(handle, &state), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_depth_read_top(handle, &top), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_depth_read_levels(handle, levels, levels, 4, &bids, &asks), VELOZ_E_INVALID_HANDLE);
    veloz_depth_destroy(handle);
}

// A small matching book with orders on both sides and a published snapshot.
veloz::book populated_book() {
    veloz::book_config config;
    config.snapshot_depth = 4;
    veloz::book book(config);
    book.submit(cmd::limit(1, buy, 100, 10));
    book.submit(cmd::limit(2, buy, 99, 10));
    book.submit(cmd::limit(3, sell, 102, 10));
    (void)book.drain_all();
    return book;
}

} // namespace

TEST(BookHostileInput, Null_destroyed_made_up_and_wrong_type_handles_are_invalid_handles) {
    expect_every_book_call_refuses(nullptr, "NULL book");
    expect_every_depth_call_refuses(nullptr, "NULL depth");

    veloz_book* destroyed_book = nullptr;
    ASSERT_EQ(veloz_book_create(nullptr, &destroyed_book), VELOZ_OK);
    veloz_book_destroy(destroyed_book);
    expect_every_book_call_refuses(destroyed_book, "destroyed book");
    veloz_depth* destroyed_depth = nullptr;
    ASSERT_EQ(veloz_depth_create(nullptr, &destroyed_depth), VELOZ_OK);
    veloz_depth_destroy(destroyed_depth);
    expect_every_depth_call_refuses(destroyed_depth, "destroyed depth");

    for (std::uintptr_t value : {std::uintptr_t{1}, std::uintptr_t{0xDEADBEEF}, ~std::uintptr_t{0}}) {
        expect_every_book_call_refuses(reinterpret_cast<veloz_book*>(value), "made-up book");
        expect_every_depth_call_refuses(reinterpret_cast<veloz_depth*>(value), "made-up depth");
    }

    // Handles of other types, which must survive the destroy calls made with the wrong type.
    veloz::book book = populated_book();
    veloz::depth_book depth;
    veloz::histogram histogram;
    ASSERT_TRUE(depth.apply(veloz::depth_update(1, buy, 100, 5)).in_sync());
    const auto before = fingerprint(book);
    expect_every_book_call_refuses(reinterpret_cast<veloz_book*>(depth.native_handle()), "depth as book");
    expect_every_book_call_refuses(reinterpret_cast<veloz_book*>(histogram.native_handle()), "histogram as book");
    expect_every_depth_call_refuses(reinterpret_cast<veloz_depth*>(book.native_handle()), "book as depth");
    EXPECT_EQ(fingerprint(book), before);
    EXPECT_EQ(depth.best().bid.quantity, 5);
    histogram.record(1);
    EXPECT_EQ(histogram.count(), 1);
}

TEST(BookHostileInput, Bad_quantities_prices_ids_and_sides_are_refused_with_the_book_unchanged) {
    veloz::book book = populated_book();
    const auto before = fingerprint(book);
    const std::int64_t max_price = (std::int64_t{1} << 62) - 1;
    struct bad_command {
        veloz_book_command command;
        veloz_status status;
        veloz_book_reject_reason reason;
    };
    veloz_book_command bad_type = cmd::limit(9, buy, 100, 1);
    bad_type.type = 0;
    veloz_book_command bad_tif = cmd::limit(9, buy, 100, 1);
    bad_tif.time_in_force = 7;
    veloz_book_command post_only_ioc = cmd::post_only(9, buy, 90, 1);
    post_only_ioc.time_in_force = VELOZ_TIME_IN_FORCE_IOC;
    veloz_book_command bad_flags = cmd::limit(9, buy, 100, 1);
    bad_flags.flags = 0x80;
    const bad_command cases[] = {
        {cmd::limit(9, buy, 100, 0), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_QUANTITY},
        {cmd::limit(9, buy, 100, -5), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_QUANTITY},
        {cmd::limit(9, buy, 0, 1), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_PRICE},
        {cmd::limit(9, buy, -100, 1), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_PRICE},
        {cmd::limit(9, buy, max_price + 1, 1), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_PRICE},
        {cmd::limit(0, buy, 100, 1), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_ORDER_ID},
        {cmd::limit(9, static_cast<veloz_side>(3), 100, 1), VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_SIDE},
        {cmd::limit(1, buy, 100, 1), VELOZ_E_DUPLICATE, VELOZ_BOOK_REJECT_DUPLICATE_ID},
        {cmd::limit(3, buy, 90, 1), VELOZ_E_DUPLICATE, VELOZ_BOOK_REJECT_DUPLICATE_ID},
        {bad_tif, VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_COMMAND},
        {post_only_ioc, VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_COMMAND},
        {bad_flags, VELOZ_E_INVALID_ARGUMENT, VELOZ_BOOK_REJECT_INVALID_COMMAND},
    };
    for (const bad_command& c : cases) {
        SCOPED_TRACE(::testing::Message() << "order_id " << c.command.order_id << " price " << c.command.price << " quantity "
                                          << c.command.quantity);
        EXPECT_EQ(book.try_submit(c.command), c.status);
        EXPECT_EQ(fingerprint(book), before);
        const std::vector<veloz_book_event> events = book.drain_all();
        ASSERT_EQ(events.size(), 1u);
        EXPECT_EQ(events[0].type, VELOZ_BOOK_EVENT_REJECTED);
        EXPECT_EQ(events[0].reason, c.reason);
    }
    // Not a SUBMIT/ADD: refused by veloz_book_submit itself, without an event.
    EXPECT_EQ(book.try_submit(bad_type), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_submit(cmd::cancel(1)), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.pending_events(), 0u);
    EXPECT_EQ(veloz_book_submit(book.native_handle(), nullptr), VELOZ_E_INVALID_ARGUMENT);

    EXPECT_EQ(book.try_reduce(1, 0), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_reduce(1, -1), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_reduce(1, 11), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_reduce(0, 1), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_modify(1, 100, 0), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_modify(1, -1, 5), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_modify(77, 100, 5), VELOZ_E_NOT_FOUND);
    EXPECT_EQ(book.try_replace(1, 0, 100, 5), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_cancel(0), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_execute(1, 1), VELOZ_E_REJECTED) << "matching book";
    EXPECT_EQ(fingerprint(book), before);
    EXPECT_EQ(book.order(1)->remaining_quantity, 10);
}

TEST(BookHostileInput, Bad_buffers_and_counts_are_invalid_arguments_and_process_nothing) {
    veloz::book book = populated_book();
    veloz_book* b = book.native_handle();
    const auto before = fingerprint(book);
    const std::int64_t commands_before = book.stats().command_count;
    const veloz_book_command commands[2] = {cmd::limit(10, buy, 101, 1), cmd::limit(11, sell, 101, 1)};
    veloz_book_event events[8];
    veloz_level levels[8];
    std::int32_t consumed = -1, written = -1, bids = 0, asks = 0;

    EXPECT_EQ(veloz_book_apply(b, nullptr, 2, &consumed, events, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_apply(b, commands, -1, &consumed, events, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_apply(b, commands, 2, nullptr, events, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_apply(b, commands, 2, &consumed, nullptr, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_apply(b, commands, 2, &consumed, events, -1, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_apply(b, commands, 2, &consumed, events, 8, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_drain_events(b, nullptr, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_drain_events(b, events, -3, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_drain_events(b, events, 8, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_depth(b, VELOZ_SIDE_BUY, nullptr, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_depth(b, VELOZ_SIDE_BUY, levels, -1, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_depth(b, 0, levels, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_best(b, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_order(b, 1, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_hash(b, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_get_stats(b, nullptr), VELOZ_E_INVALID_ARGUMENT);
    veloz_book_stats zero_size{};
    EXPECT_EQ(veloz_book_get_stats(b, &zero_size), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_read_top(b, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_read_levels(b, nullptr, levels, 8, &bids, &asks), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_read_levels(b, levels, levels, -1, &bids, &asks), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_book_read_levels(b, levels, levels, 8, nullptr, &asks), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(fingerprint(book), before);
    EXPECT_EQ(book.stats().command_count, commands_before) << "no command was processed";
    EXPECT_EQ(book.pending_events(), 0u);

    // Capacity 0 is valid: each call processes one command and queues its events.
    ASSERT_EQ(veloz_book_apply(b, commands, 2, &consumed, nullptr, 0, &written), VELOZ_OK);
    EXPECT_EQ(consumed, 1);
    EXPECT_EQ(written, 0);
    EXPECT_GT(book.pending_events(), 0u);
}

TEST(BookHostileInput, Bad_configs_are_invalid_arguments_and_store_null) {
    veloz_book* out = reinterpret_cast<veloz_book*>(std::uintptr_t{0x1234});
    EXPECT_EQ(veloz_book_create(nullptr, nullptr), VELOZ_E_INVALID_ARGUMENT);
    veloz_book_config config{};
    EXPECT_EQ(veloz_book_create(&config, &out), VELOZ_E_INVALID_ARGUMENT) << "struct_size 0";
    EXPECT_EQ(out, nullptr);
    config.struct_size = 100000;
    EXPECT_EQ(veloz_book_create(&config, &out), VELOZ_E_INVALID_ARGUMENT);
    config.struct_size = sizeof config;
    config.mode = 5;
    EXPECT_EQ(veloz_book_create(&config, &out), VELOZ_E_INVALID_ARGUMENT);
    config.mode = VELOZ_BOOK_MODE_MIRROR;
    config.flags = 0x100;
    EXPECT_EQ(veloz_book_create(&config, &out), VELOZ_E_INVALID_ARGUMENT);
    config.flags = 0;
    config.expected_orders = -1;
    EXPECT_EQ(veloz_book_create(&config, &out), VELOZ_E_INVALID_ARGUMENT);
    config.expected_orders = 0;
    ASSERT_EQ(veloz_book_create(&config, &out), VELOZ_OK) << "zero fields are defaults";
    veloz_book_destroy(out);

    veloz_depth* depth = nullptr;
    veloz_depth_config depth_config{};
    EXPECT_EQ(veloz_depth_create(&depth_config, &depth), VELOZ_E_INVALID_ARGUMENT);
    depth_config.struct_size = sizeof depth_config;
    depth_config.reserved = 1;
    EXPECT_EQ(veloz_depth_create(&depth_config, &depth), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(depth, nullptr);
}

TEST(BookHostileInput, Depth_book_buffers_and_counts_are_checked_and_nothing_is_applied) {
    veloz::depth_book book;
    ASSERT_TRUE(book.apply(veloz::depth_update(1, sell, 100, 5)).in_sync());
    veloz_depth* d = book.native_handle();
    const veloz_depth_update updates[1] = {veloz::depth_update(2, buy, 99, 5)};
    const veloz_level levels_in[1] = {veloz_level{99, 5, 0, 0}};
    veloz_level levels[4];
    std::int32_t applied = -1, written = 0;
    EXPECT_EQ(veloz_depth_apply(d, nullptr, 1, &applied), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_apply(d, updates, -1, &applied), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_apply(d, updates, 1, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_snapshot(d, nullptr, 1, nullptr, 0, 5), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_snapshot(d, levels_in, -1, nullptr, 0, 5), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_levels(d, 7, levels, 4, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_levels(d, VELOZ_SIDE_SELL, nullptr, 4, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_levels(d, VELOZ_SIDE_SELL, levels, -4, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_best(d, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_depth_get_state(d, nullptr), VELOZ_E_INVALID_ARGUMENT);
    const veloz_depth_state state = book.state();
    EXPECT_EQ(state.last_sequence, 1);
    EXPECT_EQ(state.bid_levels, 0);
    EXPECT_EQ(state.ask_levels, 1);
    EXPECT_EQ(state.snapshot_count, 0);
}
