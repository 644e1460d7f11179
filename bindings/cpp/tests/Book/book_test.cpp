// veloz::book through C++: matching conformance (price-time priority, maker's price, IOC/FOK, post-only,
// market and protected market, modify/reduce priority rules, self-trade prevention), rejects that leave
// the book unchanged, mirror mode, events through every path (single calls, apply with any buffer size,
// the range of events()), queries, readers on another thread, and the RAII owner's move semantics.
#include <veloz.hpp>

#include "Book/book_test_support.hpp"
#include "Common/seed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

using veloz_tests::fingerprint;
using veloz_tests::of_type;
using veloz_tests::same_events;
using veloz_tests::status_of;
namespace cmd = veloz::cmd;

// Owners of a handle move and never copy; moving cannot throw.
static_assert(!std::is_copy_constructible_v<veloz::book> && !std::is_copy_assignable_v<veloz::book>);
static_assert(std::is_nothrow_move_constructible_v<veloz::book> && std::is_nothrow_move_assignable_v<veloz::book>);
static_assert(!std::is_copy_constructible_v<veloz::depth_book> && !std::is_copy_assignable_v<veloz::depth_book>);
static_assert(std::is_nothrow_move_constructible_v<veloz::depth_book> && std::is_nothrow_move_assignable_v<veloz::depth_book>);
// The factories are constexpr: command tables can be built at compile time.
static_assert(cmd::limit(1, VELOZ_SIDE_BUY, 100, 5).type == VELOZ_BOOK_COMMAND_SUBMIT);
static_assert(cmd::replace(1, 2, 100, 5).new_order_id == 2);

namespace {

constexpr veloz_side buy = VELOZ_SIDE_BUY;
constexpr veloz_side sell = VELOZ_SIDE_SELL;

std::uint64_t hash_of_empty_book() {
    veloz::book empty;
    return empty.hash();
}

} // namespace

// ---- matching ------------------------------------------------------------------------------------------------

TEST(BookMatching, A_crossing_order_trades_at_the_makers_price) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 101, 100));
    book.submit(cmd::limit(2, buy, 105, 10));
    const std::vector<veloz_book_event> trades = of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 1u);
    EXPECT_EQ(trades[0].price, 101);
    EXPECT_EQ(trades[0].quantity, 10);
    EXPECT_EQ(trades[0].order_id, 1);       // the maker
    EXPECT_EQ(trades[0].other_order_id, 2); // the taker
    EXPECT_EQ(trades[0].side, buy);         // the aggressor
    EXPECT_EQ(trades[0].remaining_quantity, 90);
    EXPECT_FALSE(book.order(2).has_value()) << "a filled taker does not rest";
    EXPECT_EQ(book.order(1)->remaining_quantity, 90);
}

TEST(BookMatching, Orders_at_one_price_fill_first_in_first_out_and_a_cancel_keeps_the_others_in_order) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 10));
    book.submit(cmd::limit(2, sell, 100, 10));
    book.submit(cmd::limit(3, sell, 100, 10));
    book.cancel(2);
    (void)book.drain_all();
    book.submit(cmd::limit(4, buy, 100, 15));
    const std::vector<veloz_book_event> trades = of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[0].order_id, 1);
    EXPECT_EQ(trades[0].quantity, 10);
    EXPECT_EQ(trades[1].order_id, 3);
    EXPECT_EQ(trades[1].quantity, 5);
    EXPECT_EQ(book.order(3)->remaining_quantity, 5);
}

TEST(BookMatching, A_partially_filled_maker_keeps_its_place_at_the_front) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 10));
    book.submit(cmd::limit(2, sell, 100, 10));
    book.submit(cmd::limit(3, buy, 100, 4));
    const veloz_order_info first = *book.order(1);
    const veloz_order_info second = *book.order(2);
    EXPECT_EQ(first.remaining_quantity, 6);
    EXPECT_EQ(first.orders_ahead, 0);
    EXPECT_EQ(second.orders_ahead, 1);
    EXPECT_EQ(second.quantity_ahead, 6);
    (void)book.drain_all();

    book.submit(cmd::limit(4, buy, 100, 8));
    const std::vector<veloz_book_event> trades = of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[0].order_id, 1);
    EXPECT_EQ(trades[0].quantity, 6);
    EXPECT_EQ(trades[1].order_id, 2);
    EXPECT_EQ(trades[1].quantity, 2);
}

TEST(BookMatching, The_remainder_of_an_ioc_order_is_cancelled_and_never_rests) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    book.submit(cmd::ioc(2, buy, 100, 8));
    const std::vector<veloz_book_event> events = book.drain_all();
    ASSERT_EQ(of_type(events, VELOZ_BOOK_EVENT_TRADE).size(), 1u);
    const std::vector<veloz_book_event> done = of_type(events, VELOZ_BOOK_EVENT_ORDER_DONE);
    ASSERT_EQ(done.size(), 2u); // the filled maker, then the taker's expired remainder
    EXPECT_EQ(done[1].order_id, 2);
    EXPECT_EQ(done[1].reason, VELOZ_ORDER_DONE_EXPIRED);
    EXPECT_EQ(done[1].quantity, 3);
    EXPECT_FALSE(book.order(2).has_value());
    const veloz_top_of_book top = book.best();
    EXPECT_EQ(top.bid.quantity, 0);
    EXPECT_EQ(top.ask.quantity, 0);
}

TEST(BookMatching, An_ioc_order_that_finds_nothing_expires_without_an_error) {
    veloz::book book;
    book.submit(cmd::ioc(1, buy, 100, 8));
    const std::vector<veloz_book_event> done = of_type(book.drain_all(), VELOZ_BOOK_EVENT_ORDER_DONE);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].reason, VELOZ_ORDER_DONE_EXPIRED);
    EXPECT_EQ(book.hash(), hash_of_empty_book());
}

TEST(BookMatching, A_fill_or_kill_order_fills_completely_or_leaves_no_trace) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    book.submit(cmd::limit(2, sell, 101, 5));
    (void)book.drain_all();
    const auto before = fingerprint(book);

    EXPECT_EQ(status_of([&] { book.submit(cmd::fok(3, buy, 101, 11)); }), VELOZ_E_REJECTED);
    EXPECT_EQ(fingerprint(book), before);
    const std::vector<veloz_book_event> rejected = book.drain_all();
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_EQ(rejected[0].type, VELOZ_BOOK_EVENT_REJECTED);
    EXPECT_EQ(rejected[0].reason, VELOZ_BOOK_REJECT_FOK_CANNOT_FILL);
    // Enough at 101, but the limit of 100 reaches only 5.
    EXPECT_EQ(book.try_submit(cmd::fok(4, buy, 100, 10)), VELOZ_E_REJECTED);
    EXPECT_EQ(fingerprint(book), before);
    (void)book.drain_all();

    book.submit(cmd::fok(5, buy, 101, 10));
    const std::vector<veloz_book_event> trades = of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[0].price, 100);
    EXPECT_EQ(trades[1].price, 101);
    EXPECT_EQ(book.stats().order_count, 0);
}

TEST(BookMatching, A_post_only_order_that_would_cross_is_rejected_and_one_that_does_not_rests) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    (void)book.drain_all();
    const auto before = fingerprint(book);
    EXPECT_EQ(book.try_submit(cmd::post_only(2, buy, 100, 5)), VELOZ_E_REJECTED);
    EXPECT_EQ(fingerprint(book), before);
    const std::vector<veloz_book_event> events = book.drain_all();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].reason, VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS);

    book.submit(cmd::post_only(3, buy, 99, 5));
    ASSERT_TRUE(book.order(3).has_value());
    EXPECT_EQ(book.order(3)->flags, VELOZ_ORDER_FLAGS_POST_ONLY);
    // A post-only order keeps the rule when modified to a crossing price.
    EXPECT_EQ(book.try_modify(3, 100, 5), VELOZ_E_REJECTED);
    EXPECT_EQ(book.order(3)->price, 99);
}

TEST(BookMatching, A_modify_to_a_crossing_price_trades_at_once_and_rests_the_remainder) {
    veloz::book book;
    book.submit(cmd::limit(1, buy, 99, 10));
    book.submit(cmd::limit(2, sell, 101, 5));
    (void)book.drain_all();
    book.modify(1, 101, 10);
    const std::vector<veloz_book_event> trades = of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 1u);
    EXPECT_EQ(trades[0].order_id, 2);
    EXPECT_EQ(trades[0].other_order_id, 1);
    EXPECT_EQ(trades[0].price, 101);
    EXPECT_EQ(trades[0].quantity, 5);
    const veloz_order_info rest = *book.order(1);
    EXPECT_EQ(rest.price, 101);
    EXPECT_EQ(rest.remaining_quantity, 5);
    EXPECT_EQ(book.best().bid.price, 101);
    EXPECT_EQ(book.best().ask.quantity, 0);
}

TEST(BookMatching, Reducing_keeps_queue_priority_and_raising_the_quantity_loses_it) {
    veloz::book book;
    book.submit(cmd::limit(1, buy, 100, 10));
    book.submit(cmd::limit(2, buy, 100, 10));
    book.reduce(1, 4);
    EXPECT_EQ(book.order(1)->orders_ahead, 0);
    EXPECT_EQ(book.order(1)->remaining_quantity, 6);
    book.modify(1, 100, 5); // less at the same price: keeps its place
    EXPECT_EQ(book.order(1)->orders_ahead, 0);
    (void)book.drain_all();

    book.modify(1, 100, 20); // more: to the back
    const std::vector<veloz_book_event> modified = of_type(book.drain_all(), VELOZ_BOOK_EVENT_MODIFIED);
    ASSERT_EQ(modified.size(), 1u);
    EXPECT_NE(modified[0].flags & VELOZ_BOOK_EVENT_FLAGS_LOST_PRIORITY, 0);
    EXPECT_EQ(book.order(1)->orders_ahead, 1);
    EXPECT_EQ(book.order(1)->quantity_ahead, 10);
    EXPECT_EQ(book.order(2)->orders_ahead, 0);
}

TEST(BookMatching, Reducing_all_that_is_left_removes_the_order_and_more_is_refused) {
    veloz::book book;
    book.submit(cmd::limit(1, buy, 100, 10));
    EXPECT_EQ(book.try_reduce(1, 11), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.order(1)->remaining_quantity, 10);
    book.reduce(1, 10);
    EXPECT_FALSE(book.order(1).has_value());
    EXPECT_EQ(book.hash(), hash_of_empty_book());
}

TEST(BookMatching, Replace_moves_the_order_to_a_new_id_without_priority) {
    veloz::book book;
    book.submit(cmd::limit(1, buy, 100, 10));
    book.submit(cmd::limit(2, buy, 100, 10));
    book.submit(cmd::limit(3, buy, 99, 10));
    book.replace(1, 11, 100, 10);
    EXPECT_FALSE(book.order(1).has_value());
    ASSERT_TRUE(book.order(11).has_value());
    EXPECT_EQ(book.order(11)->orders_ahead, 1);
    EXPECT_EQ(book.order(11)->side, buy);
    (void)book.drain_all();

    const auto before = fingerprint(book);
    EXPECT_EQ(book.try_replace(2, 3, 100, 10), VELOZ_E_DUPLICATE) << "3 rests already";
    EXPECT_EQ(book.try_replace(2, 2, 100, 10), VELOZ_E_DUPLICATE) << "the same id";
    EXPECT_EQ(book.try_replace(42, 43, 100, 10), VELOZ_E_NOT_FOUND);
    EXPECT_EQ(fingerprint(book), before);
}

TEST(BookMatching, Cancel_of_an_unknown_or_filled_order_is_rejected_and_leaves_the_book_unchanged) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    book.submit(cmd::limit(2, sell, 101, 5));
    book.submit(cmd::limit(3, buy, 100, 5)); // fills 1
    (void)book.drain_all();
    const auto before = fingerprint(book);
    const std::int64_t unknown_before = book.stats().unknown_order_count;

    EXPECT_EQ(status_of([&] { book.cancel(999); }), VELOZ_E_NOT_FOUND);
    EXPECT_EQ(book.try_cancel(1), VELOZ_E_NOT_FOUND) << "filled";
    EXPECT_EQ(book.try_cancel(3), VELOZ_E_NOT_FOUND) << "the taker never rested";
    EXPECT_EQ(fingerprint(book), before);
    EXPECT_EQ(book.stats().unknown_order_count, unknown_before + 3);
    const std::vector<veloz_book_event> events = book.drain_all();
    ASSERT_EQ(events.size(), 3u);
    for (const veloz_book_event& e : events) {
        EXPECT_EQ(e.type, VELOZ_BOOK_EVENT_REJECTED);
        EXPECT_EQ(e.reason, VELOZ_BOOK_REJECT_UNKNOWN_ORDER);
    }

    book.cancel(2);
    EXPECT_EQ(book.try_cancel(2), VELOZ_E_NOT_FOUND) << "cancelled twice";
    EXPECT_EQ(book.hash(), hash_of_empty_book());
}

TEST(BookMatching, The_error_of_a_rejected_call_names_the_status_and_the_reason) {
    veloz::book book;
    try {
        book.cancel(12345);
        FAIL() << "cancel of an unknown id did not throw";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_NOT_FOUND);
        EXPECT_NE(std::string(e.message()).find("12345"), std::string::npos) << e.what();
    }
}

TEST(BookMatching, An_emptied_level_never_shows_as_a_phantom_best) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 10));
    book.submit(cmd::limit(2, sell, 101, 10));
    book.submit(cmd::limit(3, buy, 98, 10));
    book.submit(cmd::limit(4, buy, 99, 10));
    book.submit(cmd::limit(5, buy, 100, 10)); // takes the whole 100 level
    veloz_top_of_book top = book.best();
    EXPECT_EQ(top.ask.price, 101);
    EXPECT_EQ(top.ask.quantity, 10);
    EXPECT_EQ(top.bid.price, 99);
    book.cancel(4);
    EXPECT_EQ(book.best().bid.price, 98);
    book.cancel(2);
    book.reduce(3, 10);
    top = book.best();
    EXPECT_EQ(top.ask.price, 0);
    EXPECT_EQ(top.ask.quantity, 0);
    EXPECT_EQ(top.ask.order_count, 0);
    EXPECT_EQ(top.bid.price, 0);
    EXPECT_EQ(top.bid.quantity, 0);
    EXPECT_TRUE(book.depth(buy, 10).empty());
    EXPECT_TRUE(book.depth(sell, 10).empty());
}

TEST(BookMatching, A_market_order_sweeps_levels_and_without_liquidity_is_rejected) {
    veloz::book book;
    EXPECT_EQ(book.try_submit(cmd::market(1, buy, 5)), VELOZ_E_REJECTED);
    EXPECT_EQ(book.drain_all().at(0).reason, VELOZ_BOOK_REJECT_NO_LIQUIDITY);

    book.submit(cmd::limit(2, sell, 100, 5));
    book.submit(cmd::limit(3, sell, 105, 5));
    book.submit(cmd::market(4, buy, 12));
    const std::vector<veloz_book_event> events = book.drain_all();
    const std::vector<veloz_book_event> trades = of_type(events, VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[1].price, 105);
    const std::vector<veloz_book_event> done = of_type(events, VELOZ_BOOK_EVENT_ORDER_DONE);
    EXPECT_EQ(done.back().order_id, 4);
    EXPECT_EQ(done.back().reason, VELOZ_ORDER_DONE_EXPIRED);
    EXPECT_EQ(done.back().quantity, 2);
}

TEST(BookMatching, A_protected_market_order_stops_at_its_protection_price) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    book.submit(cmd::limit(2, sell, 101, 5));
    book.submit(cmd::limit(3, sell, 102, 5));
    (void)book.drain_all();
    book.submit(cmd::protected_market(4, buy, 15, 101));
    const std::vector<veloz_book_event> events = book.drain_all();
    const std::vector<veloz_book_event> trades = of_type(events, VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[0].price, 100);
    EXPECT_EQ(trades[1].price, 101);
    const std::vector<veloz_book_event> done = of_type(events, VELOZ_BOOK_EVENT_ORDER_DONE);
    EXPECT_EQ(done.back().order_id, 4);
    EXPECT_EQ(done.back().reason, VELOZ_ORDER_DONE_EXPIRED);
    EXPECT_EQ(done.back().quantity, 5);
    EXPECT_EQ(book.best().ask.price, 102);
    EXPECT_FALSE(book.order(4).has_value()) << "a market order never rests";

    // Nothing within the protection price: no liquidity.
    EXPECT_EQ(book.try_submit(cmd::protected_market(5, buy, 1, 101)), VELOZ_E_REJECTED);
}

// ---- self-trade prevention ---------------------------------------------------------------------------------

TEST(BookSelfTrade, Cancel_taker_rejects_an_order_whose_first_match_is_its_own) {
    veloz::book book;
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 7));
    (void)book.drain_all();
    const auto before = fingerprint(book);
    EXPECT_EQ(book.try_submit(cmd::with_owner(cmd::limit(2, buy, 100, 5), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER)), VELOZ_E_REJECTED);
    EXPECT_EQ(book.drain_all().at(0).reason, VELOZ_BOOK_REJECT_SELF_TRADE);
    EXPECT_EQ(fingerprint(book), before);
    // Another owner trades with it.
    book.submit(cmd::with_owner(cmd::limit(3, buy, 100, 5), 8));
    EXPECT_EQ(of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE).size(), 1u);
}

TEST(BookSelfTrade, Cancel_taker_rejects_a_modify_or_replace_whose_first_match_is_its_own_and_keeps_the_order) {
    veloz::book book;
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 7));
    book.submit(cmd::with_owner(cmd::limit(2, buy, 98, 5), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER));
    (void)book.drain_all();
    const auto before = fingerprint(book);
    try {
        book.modify(2, 100, 5);
        ADD_FAILURE() << "a modify into its own order under CANCEL_TAKER did not throw";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_REJECTED);
        EXPECT_NE(std::string(e.message()).find("SELF_TRADE"), std::string::npos) << e.what();
    }
    EXPECT_EQ(book.try_replace(2, 3, 101, 5), VELOZ_E_REJECTED);
    const std::vector<veloz_book_event> events = book.drain_all();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].reason, VELOZ_BOOK_REJECT_SELF_TRADE);
    EXPECT_EQ(events[1].reason, VELOZ_BOOK_REJECT_SELF_TRADE);
    EXPECT_EQ(fingerprint(book), before) << "the working order rests as it was";
    ASSERT_TRUE(book.order(2).has_value());
}

TEST(BookSelfTrade, A_fill_or_kill_stopped_by_its_own_order_says_self_trade_not_cannot_fill) {
    veloz::book book;
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 7));
    book.submit(cmd::with_owner(cmd::limit(2, sell, 100, 5), 9));
    (void)book.drain_all();
    EXPECT_EQ(book.try_submit(cmd::with_owner(cmd::fok(3, buy, 100, 5), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER)), VELOZ_E_REJECTED);
    EXPECT_EQ(book.drain_all().at(0).reason, VELOZ_BOOK_REJECT_SELF_TRADE);
    EXPECT_EQ(book.try_submit(cmd::with_owner(cmd::fok(4, buy, 100, 6), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER)), VELOZ_E_REJECTED);
    EXPECT_EQ(book.drain_all().at(0).reason, VELOZ_BOOK_REJECT_FOK_CANNOT_FILL) << "owner 9 has only 5: the liquidity is short";
}

TEST(BookMatching, A_protection_price_outside_the_books_range_is_an_invalid_price) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    (void)book.drain_all();
    const auto before = fingerprint(book);
    try {
        book.submit(cmd::protected_market(2, buy, 1, INT64_MIN));
        ADD_FAILURE() << "a protection price of INT64_MIN was accepted";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.message()).find("protection_price"), std::string::npos) << e.what();
    }
    EXPECT_EQ(book.drain_all().at(0).reason, VELOZ_BOOK_REJECT_INVALID_PRICE);
    EXPECT_EQ(fingerprint(book), before);
}

TEST(BookSelfTrade, Cancel_taker_stops_the_taker_at_its_own_order_after_trading_others) {
    veloz::book book;
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 8));
    book.submit(cmd::with_owner(cmd::limit(2, sell, 100, 5), 7));
    (void)book.drain_all();
    book.submit(cmd::with_owner(cmd::limit(3, buy, 100, 10), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER));
    const std::vector<veloz_book_event> events = book.drain_all();
    ASSERT_EQ(of_type(events, VELOZ_BOOK_EVENT_TRADE).size(), 1u);
    const std::vector<veloz_book_event> done = of_type(events, VELOZ_BOOK_EVENT_ORDER_DONE);
    EXPECT_EQ(done.back().order_id, 3);
    EXPECT_EQ(done.back().reason, VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED);
    EXPECT_EQ(done.back().quantity, 5);
    EXPECT_TRUE(book.order(2).has_value()) << "the own maker stays";
    EXPECT_FALSE(book.order(3).has_value());
}

TEST(BookSelfTrade, Cancel_maker_removes_own_makers_and_the_taker_goes_on_matching) {
    veloz::book book;
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 7));
    book.submit(cmd::with_owner(cmd::limit(2, sell, 100, 5), 8));
    (void)book.drain_all();
    book.submit(cmd::with_owner(cmd::limit(3, buy, 100, 5), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_MAKER));
    const std::vector<veloz_book_event> events = book.drain_all();
    const std::vector<veloz_book_event> done = of_type(events, VELOZ_BOOK_EVENT_ORDER_DONE);
    ASSERT_GE(done.size(), 1u);
    EXPECT_EQ(done[0].order_id, 1);
    EXPECT_EQ(done[0].reason, VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED);
    const std::vector<veloz_book_event> trades = of_type(events, VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 1u);
    EXPECT_EQ(trades[0].order_id, 2);
    EXPECT_EQ(book.stats().order_count, 0);
}

TEST(BookSelfTrade, Cancel_both_cancels_the_own_maker_and_the_taker) {
    veloz::book book;
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 7));
    book.submit(cmd::with_owner(cmd::limit(2, sell, 100, 5), 8));
    (void)book.drain_all();
    book.submit(cmd::with_owner(cmd::limit(3, buy, 100, 5), 7, VELOZ_SELF_TRADE_PREVENTION_CANCEL_BOTH));
    const std::vector<veloz_book_event> events = book.drain_all();
    EXPECT_TRUE(of_type(events, VELOZ_BOOK_EVENT_TRADE).empty());
    const std::vector<veloz_book_event> done = of_type(events, VELOZ_BOOK_EVENT_ORDER_DONE);
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[0].order_id, 1);
    EXPECT_EQ(done[1].order_id, 3);
    EXPECT_EQ(done[1].reason, VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED);
    EXPECT_TRUE(book.order(2).has_value()) << "the other owner's order is untouched";
    EXPECT_FALSE(book.order(3).has_value());
}

TEST(BookSelfTrade, Book_default_uses_the_mode_of_the_config) {
    veloz::book_config config;
    config.self_trade_prevention = VELOZ_SELF_TRADE_PREVENTION_CANCEL_MAKER;
    veloz::book book(config);
    book.submit(cmd::with_owner(cmd::limit(1, sell, 100, 5), 7));
    book.submit(cmd::with_owner(cmd::limit(2, buy, 100, 5), 7)); // BOOK_DEFAULT
    const std::vector<veloz_book_event> done = of_type(book.drain_all(), VELOZ_BOOK_EVENT_ORDER_DONE);
    ASSERT_GE(done.size(), 1u);
    EXPECT_EQ(done[0].order_id, 1);
    EXPECT_EQ(done[0].reason, VELOZ_ORDER_DONE_SELF_TRADE_CANCELLED);
    ASSERT_TRUE(book.order(2).has_value()) << "the taker rests after cancelling its own maker";
    EXPECT_EQ(book.order(2)->self_trade_prevention, VELOZ_SELF_TRADE_PREVENTION_CANCEL_MAKER);
    EXPECT_EQ(book.order(2)->owner, 7u);
}

// ---- mirror mode -------------------------------------------------------------------------------------------

TEST(BookMirror, Feed_orders_rest_where_the_feed_says_even_crossed_and_trade_only_on_execute) {
    veloz::book book(veloz::book_config::mirror());
    book.add(1, buy, 101, 10);
    book.add(2, sell, 100, 10); // crossed: a mirror does not match
    EXPECT_TRUE(of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE).empty());
    EXPECT_EQ(book.best().bid.price, 101);
    EXPECT_EQ(book.best().ask.price, 100);

    book.execute(1, 4);
    const std::vector<veloz_book_event> trades = of_type(book.drain_all(), VELOZ_BOOK_EVENT_TRADE);
    ASSERT_EQ(trades.size(), 1u);
    EXPECT_EQ(trades[0].order_id, 1);
    EXPECT_EQ(trades[0].other_order_id, 0);
    EXPECT_EQ(trades[0].remaining_quantity, 6);
    EXPECT_EQ(book.stats().trade_volume, 4);
    book.reduce(1, 1);
    book.cancel(2); // a Delete in a mirror book
    EXPECT_EQ(book.order(1)->remaining_quantity, 5);
    EXPECT_FALSE(book.order(2).has_value());
    book.execute(1, 5);
    EXPECT_EQ(book.hash(), hash_of_empty_book());
}

TEST(BookMirror, A_book_left_crossed_by_its_feed_counts_the_commands_after_which_it_was) {
    veloz::book mirror(veloz::book_config::mirror());
    mirror.submit(cmd::add(1, buy, 100, 5));
    mirror.submit(cmd::add(2, sell, 101, 5));
    EXPECT_EQ(mirror.stats().crossed_count, 0);
    mirror.submit(cmd::add(3, buy, 101, 5)); // the delete of 2 never came
    mirror.submit(cmd::add(4, buy, 99, 5));
    EXPECT_EQ(mirror.stats().crossed_count, 2);
    mirror.cancel(2);
    mirror.submit(cmd::add(5, buy, 98, 5));
    EXPECT_EQ(mirror.stats().crossed_count, 2) << "no longer crossed";
}

TEST(BookMirror, Commands_of_the_other_mode_are_rejected) {
    veloz::book mirror(veloz::book_config::mirror());
    EXPECT_EQ(mirror.try_submit(cmd::limit(1, buy, 100, 5)), VELOZ_E_REJECTED);
    EXPECT_EQ(mirror.drain_all().at(0).reason, VELOZ_BOOK_REJECT_WRONG_MODE);
    veloz::book matching;
    EXPECT_EQ(matching.try_submit(cmd::add(1, buy, 100, 5)), VELOZ_E_REJECTED);
    matching.submit(cmd::limit(2, buy, 100, 5));
    EXPECT_EQ(matching.try_execute(2, 1), VELOZ_E_REJECTED);
    EXPECT_EQ(matching.order(2)->remaining_quantity, 5);
}

// ---- events: apply, drain, the range -----------------------------------------------------------------------

namespace {

// A matching flow with every command kind, rejects included: about 40% GTC, 10% IOC, 5% FOK, 5% market,
// 15% cancel, 20% modify, 5% replace, over 40 ticks so that orders cross often.
std::vector<veloz_book_command> random_matching_flow(std::uint64_t seed, std::size_t count) {
    std::mt19937_64 random(seed);
    std::vector<veloz_book_command> commands;
    std::vector<std::int64_t> ids;
    std::int64_t next_id = 1;
    auto price = [&] { return static_cast<std::int64_t>(980 + random() % 40); };
    auto quantity = [&] { return static_cast<std::int64_t>(1 + random() % 50); };
    auto side = [&] { return (random() & 1) != 0 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL; };
    auto some_id = [&] { return ids.empty() ? next_id + 1000 : ids[random() % ids.size()]; };
    while (commands.size() < count) {
        const unsigned roll = static_cast<unsigned>(random() % 100);
        if (roll < 40) {
            ids.push_back(next_id);
            commands.push_back(cmd::with_owner(cmd::limit(next_id++, side(), price(), quantity()), static_cast<std::uint32_t>(random() % 4)));
        } else if (roll < 50) {
            commands.push_back(cmd::ioc(next_id++, side(), price(), quantity()));
        } else if (roll < 55) {
            commands.push_back(cmd::fok(next_id++, side(), price(), quantity()));
        } else if (roll < 60) {
            commands.push_back(cmd::market(next_id++, side(), quantity()));
        } else if (roll < 75) {
            commands.push_back(cmd::cancel(some_id()));
        } else if (roll < 95) {
            commands.push_back(cmd::modify(some_id(), price(), quantity()));
        } else {
            ids.push_back(next_id);
            commands.push_back(cmd::replace(some_id(), next_id++, price(), quantity()));
        }
    }
    return commands;
}

// Every event of `commands` through apply() with a buffer of `capacity` events (0 allowed), drained in full.
std::vector<veloz_book_event> apply_with_capacity(veloz::book& book, const std::vector<veloz_book_command>& commands,
                                                  std::size_t capacity) {
    std::vector<veloz_book_event> all;
    std::vector<veloz_book_event> buffer(capacity);
    std::size_t position = 0;
    while (position < commands.size()) {
        const veloz::apply_result result =
            book.apply(veloz::span<const veloz_book_command>(commands.data() + position, commands.size() - position),
                       veloz::span<veloz_book_event>(buffer));
        EXPECT_LE(result.written, capacity);
        EXPECT_GE(result.consumed, 1u) << "every call makes progress, an empty buffer too";
        position += result.consumed;
        all.insert(all.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(result.written));
    }
    book.drain_all(all);
    return all;
}

} // namespace

TEST(BookEvents, Apply_with_tiny_event_buffers_loses_no_event) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    const std::vector<veloz_book_command> commands = random_matching_flow(seed, 20'000);

    veloz::book reference;
    std::vector<veloz_book_event> expected;
    reference.apply_all(commands, expected); // the vector form: every command, every event
    ASSERT_EQ(reference.pending_events(), 0u);
    ASSERT_GT(expected.size(), commands.size());
    EXPECT_FALSE(of_type(expected, VELOZ_BOOK_EVENT_TRADE).empty());
    EXPECT_FALSE(of_type(expected, VELOZ_BOOK_EVENT_REJECTED).empty());
    EXPECT_EQ(expected.back().sequence, static_cast<std::int64_t>(commands.size()));

    for (std::size_t capacity : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{4096}}) {
        SCOPED_TRACE(capacity);
        veloz::book book;
        const std::vector<veloz_book_event> got = apply_with_capacity(book, commands, capacity);
        EXPECT_TRUE(same_events(got, expected)) << got.size() << " events vs " << expected.size();
        EXPECT_EQ(book.hash(), reference.hash());
    }
}

TEST(BookEvents, Single_calls_queue_the_same_events_as_apply) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    const std::vector<veloz_book_command> commands = random_matching_flow(seed, 5'000);
    veloz::book batched;
    std::vector<veloz_book_event> expected;
    batched.apply_all(commands, expected);

    veloz::book single;
    for (const veloz_book_command& c : commands) {
        switch (c.type) {
        case VELOZ_BOOK_COMMAND_SUBMIT: (void)single.try_submit(c); break;
        case VELOZ_BOOK_COMMAND_CANCEL: (void)single.try_cancel(c.order_id); break;
        case VELOZ_BOOK_COMMAND_MODIFY: (void)single.try_modify(c.order_id, c.price, c.quantity); break;
        case VELOZ_BOOK_COMMAND_REPLACE: (void)single.try_replace(c.order_id, c.new_order_id, c.price, c.quantity); break;
        default: FAIL() << "unexpected command type " << int{c.type};
        }
    }
    EXPECT_EQ(single.pending_events(), expected.size());
    EXPECT_TRUE(same_events(single.drain_all(), expected));
    EXPECT_EQ(single.hash(), batched.hash());
}

TEST(BookEvents, Range_for_over_events_visits_every_queued_event_once_in_order) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    const std::vector<veloz_book_command> commands = random_matching_flow(seed, 3'000);
    veloz::book reference;
    std::vector<veloz_book_event> expected;
    reference.apply_all(commands, expected);
    ASSERT_GT(expected.size(), 256u * 3) << "more events than the range's internal buffer holds";

    // A book whose events are all queued (apply with no event buffer), then taken by the range alone.
    veloz::book queued;
    std::size_t position = 0;
    std::vector<veloz_book_event> empty_buffer;
    while (position < commands.size())
        position += queued.apply(veloz::span<const veloz_book_command>(commands.data() + position, commands.size() - position),
                                 veloz::span<veloz_book_event>(empty_buffer)).consumed;
    ASSERT_EQ(queued.pending_events(), expected.size());
    std::vector<veloz_book_event> seen;
    for (const veloz_book_event& e : queued.events())
        seen.push_back(e);
    EXPECT_TRUE(same_events(seen, expected));
    EXPECT_EQ(queued.pending_events(), 0u);
    std::size_t again = 0;
    for (const veloz_book_event& e : queued.events())
        again += e.type != 0 ? 1 : 0;
    EXPECT_EQ(again, 0u) << "a drained book has no events left";
}

TEST(BookEvents, Breaking_out_of_the_range_leaves_the_events_not_reached_for_the_next_drain) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    const std::vector<veloz_book_command> commands = random_matching_flow(seed, 2'000);
    veloz::book reference;
    std::vector<veloz_book_event> expected;
    reference.apply_all(commands, expected);

    veloz::book book;
    std::vector<veloz_book_event> nothing;
    std::size_t position = 0;
    while (position < commands.size())
        position += book.apply(veloz::span<const veloz_book_command>(commands.data() + position, commands.size() - position),
                               veloz::span<veloz_book_event>(nothing)).consumed;

    // Take events in pieces of random size through every path: the range (with a break), drain into a
    // span, apply with no commands, drain into a vector. Together they must give every event once.
    std::mt19937_64 random(seed);
    std::vector<veloz_book_event> seen;
    std::vector<veloz_book_event> buffer(64);
    int round = 0;
    while (book.pending_events() > 0) {
        const std::size_t take = 1 + random() % 300;
        switch (round++ % 3) {
        case 0: {
            std::size_t taken = 0;
            for (const veloz_book_event& e : book.events()) {
                seen.push_back(e);
                if (++taken == take)
                    break;
            }
            break;
        }
        case 1: {
            const std::size_t n = book.drain(veloz::span<veloz_book_event>(buffer.data(), std::min(take, buffer.size())));
            seen.insert(seen.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
            break;
        }
        default: {
            const veloz::apply_result r = book.apply(veloz::span<const veloz_book_command>(), veloz::span<veloz_book_event>(buffer));
            EXPECT_EQ(r.consumed, 0u);
            seen.insert(seen.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(r.written));
            break;
        }
        }
    }
    book.drain_all(seen);
    EXPECT_TRUE(same_events(seen, expected)) << seen.size() << " events vs " << expected.size();
}

TEST(BookEvents, Commands_issued_inside_the_range_loop_are_visited_too) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5));
    int trades = 0;
    std::int64_t next_id = 2;
    for (const veloz_book_event& e : book.events()) {
        if (e.type == VELOZ_BOOK_EVENT_ACCEPTED && e.order_id == 1)
            book.submit(cmd::limit(next_id++, buy, 100, 5)); // reacts to its own event
        if (e.type == VELOZ_BOOK_EVENT_TRADE)
            ++trades;
    }
    EXPECT_EQ(trades, 1);
    EXPECT_EQ(book.pending_events(), 0u);
}

TEST(BookEvents, Every_event_carries_the_sequence_of_its_command) {
    veloz::book book;
    book.submit(cmd::limit(1, sell, 100, 5)); // 1
    (void)book.try_cancel(77);                // 2
    book.submit(cmd::limit(2, buy, 100, 5));  // 3
    for (const veloz_book_event& e : book.events()) {
        if (e.type == VELOZ_BOOK_EVENT_REJECTED) {
            EXPECT_EQ(e.sequence, 2);
        }
        if (e.type == VELOZ_BOOK_EVENT_TRADE) {
            EXPECT_EQ(e.sequence, 3);
        }
    }
    EXPECT_EQ(book.best().sequence, 3);
    EXPECT_EQ(book.stats().command_count, 3);
}

TEST(BookEvents, Level_events_can_be_switched_off) {
    veloz::book_config config;
    config.level_events = false;
    veloz::book quiet(config);
    veloz::book loud;
    for (veloz::book* b : {&quiet, &loud}) {
        b->submit(cmd::limit(1, sell, 100, 5));
        b->submit(cmd::limit(2, buy, 100, 2));
    }
    EXPECT_TRUE(of_type(quiet.drain_all(), VELOZ_BOOK_EVENT_LEVEL_CHANGED).empty());
    EXPECT_FALSE(of_type(loud.drain_all(), VELOZ_BOOK_EVENT_LEVEL_CHANGED).empty());
    EXPECT_EQ(quiet.hash(), loud.hash());
}

// ---- queries --------------------------------------------------------------------------------------------------

TEST(BookQueries, Depth_lists_levels_best_first_with_totals_and_order_counts) {
    veloz::book book;
    book.submit(cmd::limit(1, buy, 98, 1));
    book.submit(cmd::limit(2, buy, 100, 2));
    book.submit(cmd::limit(3, buy, 100, 3));
    book.submit(cmd::limit(4, buy, 99, 4));
    book.submit(cmd::limit(5, sell, 103, 5));
    book.submit(cmd::limit(6, sell, 101, 6));
    const std::vector<veloz_level> bids = book.depth(buy, 10);
    ASSERT_EQ(bids.size(), 3u);
    EXPECT_EQ(bids[0].price, 100);
    EXPECT_EQ(bids[0].quantity, 5);
    EXPECT_EQ(bids[0].order_count, 2);
    EXPECT_EQ(bids[1].price, 99);
    EXPECT_EQ(bids[2].price, 98);
    EXPECT_EQ(book.depth(sell).size(), 2u) << "without a limit: every level";
    const std::vector<veloz_level> asks = book.depth(sell, 1);
    ASSERT_EQ(asks.size(), 1u) << "capacity below the level count returns the top levels";
    EXPECT_EQ(asks[0].price, 101);
    veloz_level into[2];
    EXPECT_EQ(book.depth(sell, into), 2u);
    EXPECT_EQ(into[1].price, 103);
    EXPECT_EQ(status_of([&] { (void)book.depth(static_cast<veloz_side>(3), 1); }), VELOZ_E_INVALID_ARGUMENT);

    const veloz_book_stats stats = book.stats();
    EXPECT_EQ(stats.order_count, 6);
    EXPECT_EQ(stats.bid_level_count, 3);
    EXPECT_EQ(stats.ask_level_count, 2);
}

TEST(BookQueries, Read_top_matches_best_on_the_owner_thread_and_needs_a_snapshot_depth) {
    veloz::book_config config;
    config.snapshot_depth = 4;
    veloz::book book(config);
    book.submit(cmd::limit(1, buy, 100, 2));
    book.submit(cmd::limit(2, sell, 102, 3));
    const veloz_top_of_book read = book.read_top();
    const veloz_top_of_book best = book.best();
    EXPECT_EQ(read.bid.price, best.bid.price);
    EXPECT_EQ(read.bid.quantity, best.bid.quantity);
    EXPECT_EQ(read.ask.price, best.ask.price);
    EXPECT_EQ(read.sequence, best.sequence);
    veloz_level bids[8];
    veloz_level asks[8];
    const veloz::level_counts counts = book.read_levels(bids, asks);
    EXPECT_EQ(counts.bids, 1u);
    EXPECT_EQ(counts.asks, 1u);
    EXPECT_EQ(asks[0].price, 102);

    veloz::book unpublished;
    EXPECT_EQ(status_of([&] { (void)unpublished.read_top(); }), VELOZ_E_STATE);
}

TEST(BookConfig, Settings_out_of_range_are_refused_with_invalid_argument) {
    veloz::book_config window;
    window.price_window_ticks = 100; // not a power of two
    EXPECT_EQ(status_of([&] { veloz::book b(window); }), VELOZ_E_INVALID_ARGUMENT);
    veloz::book_config prices;
    prices.min_price = 200;
    prices.max_price = 100;
    EXPECT_EQ(status_of([&] { veloz::book b(prices); }), VELOZ_E_INVALID_ARGUMENT);
    veloz::book_config depth;
    depth.snapshot_depth = -1;
    EXPECT_EQ(status_of([&] { veloz::book b(depth); }), VELOZ_E_INVALID_ARGUMENT);
    veloz::book_config stp;
    stp.self_trade_prevention = 9;
    EXPECT_EQ(status_of([&] { veloz::book b(stp); }), VELOZ_E_INVALID_ARGUMENT);
}

TEST(BookConfig, A_price_band_refuses_orders_outside_it) {
    veloz::book_config config;
    config.min_price = 90;
    config.max_price = 110;
    veloz::book book(config);
    EXPECT_EQ(book.try_submit(cmd::limit(1, buy, 89, 1)), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.try_submit(cmd::limit(2, buy, 111, 1)), VELOZ_E_INVALID_ARGUMENT);
    book.submit(cmd::limit(3, buy, 90, 1));
    EXPECT_EQ(book.try_modify(3, 111, 1), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.order(3)->price, 90);
}

// ---- readers on another thread ------------------------------------------------------------------------------

// One order per price level, whose quantity encodes its price and side: a reader that sees a quantity
// that does not belong to the price it sees next to it has read a torn level.
TEST(BookReaders, Read_top_from_another_thread_never_sees_a_torn_or_crossed_book) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    veloz::book_config config;
    config.snapshot_depth = 1;
    veloz::book book(config);
    veloz_tests::encoded_top_reader reader(book);

    std::mt19937_64 random(seed);
    std::int64_t next_id = 1;
    std::int64_t bid_id = 0, bid_price = 0, ask_id = 0, ask_price = 0;
    for (int i = 0; i < 200'000; ++i) {
        // Keep one bid in 1000..1099 and one ask in 1100..1199, moving one of them each step.
        if ((random() & 1) != 0) {
            std::int64_t price = 1000 + static_cast<std::int64_t>(random() % 100);
            if (price == bid_price)
                price = price == 1000 ? 1001 : price - 1;
            book.submit(cmd::limit(next_id, buy, price, price * 3));
            if (bid_id != 0)
                book.cancel(bid_id);
            bid_id = next_id++;
            bid_price = price;
        } else {
            std::int64_t price = 1100 + static_cast<std::int64_t>(random() % 100);
            if (price == ask_price)
                price = price == 1100 ? 1101 : price - 1;
            book.submit(cmd::limit(next_id, sell, price, price * 3 + 1));
            if (ask_id != 0)
                book.cancel(ask_id);
            ask_id = next_id++;
            ask_price = price;
        }
        if ((i & 1023) == 0)
            (void)book.drain_all();
    }
    reader.stop();
    std::cout << "[ reads    ] " << reader.reads() << " reads during 400k commands" << std::endl;
    EXPECT_GT(reader.reads(), 0);
    EXPECT_EQ(reader.failures(), 0);
}

// ---- the owner ---------------------------------------------------------------------------------------------

TEST(BookOwner, A_moved_from_book_is_empty_and_refuses_calls_with_invalid_handle) {
    veloz::book book;
    book.submit(cmd::limit(1, buy, 100, 5));
    const std::uint64_t hash = book.hash();
    veloz::book moved(std::move(book));
    EXPECT_FALSE(static_cast<bool>(book));
    EXPECT_TRUE(static_cast<bool>(moved));
    EXPECT_EQ(moved.hash(), hash);
    EXPECT_EQ(book.pending_events(), 0u);
    EXPECT_EQ(status_of([&] { book.submit(cmd::limit(2, buy, 100, 5)); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(book.try_cancel(1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)book.best(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)book.drain_all(); }), VELOZ_E_INVALID_HANDLE);
    std::size_t visited = 0;
    EXPECT_EQ(status_of([&] { for (const veloz_book_event& e : book.events()) visited += e.type; }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(visited, 0u);
}

TEST(BookOwner, Moving_takes_the_events_the_range_buffered_along) {
    veloz::book book;
    for (std::int64_t id = 1; id <= 100; ++id)
        book.submit(cmd::limit(id, buy, 100 + id, 1));
    const std::size_t total = book.pending_events();
    std::size_t first = 0;
    for (const veloz_book_event& e : book.events()) {
        (void)e;
        if (++first == 10)
            break;
    }
    veloz::book moved(std::move(book));
    EXPECT_EQ(moved.pending_events(), total - 10);
    EXPECT_EQ(moved.drain_all().size(), total - 10);

    veloz::book target;
    target.submit(cmd::limit(1, sell, 500, 1));
    target = std::move(moved); // the old target is destroyed
    EXPECT_EQ(target.stats().order_count, 100);
    EXPECT_EQ(target.pending_events(), 0u);
}

TEST(BookOwner, Books_live_in_a_growing_vector_and_release_hands_over_the_handle) {
    std::vector<veloz::book> books;
    for (int i = 0; i < 20; ++i) {
        books.emplace_back();
        books.back().submit(cmd::limit(1, buy, 100 + i, 1));
    }
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(books[static_cast<std::size_t>(i)].best().bid.price, 100 + i);

    veloz_book* raw = books[0].release();
    EXPECT_FALSE(static_cast<bool>(books[0]));
    std::int64_t pending = veloz_book_pending_events(raw);
    EXPECT_GT(pending, 0);
    veloz_book_destroy(raw);
    EXPECT_EQ(veloz_book_pending_events(raw), 0);
}
