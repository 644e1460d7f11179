// veloz::depth_book through C++: level updates in sequence, a gap reported in the result (not thrown) and
// the stale state until a snapshot, old updates dropped, crossed books flagged, malformed input refused
// with the book unchanged, and read_top from another thread while the owner applies.
#include <veloz.hpp>

#include "Book/book_test_support.hpp"
#include "Common/seed.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <vector>

using veloz::depth_update;
using veloz_tests::status_of;

namespace {

constexpr veloz_side buy = VELOZ_SIDE_BUY;
constexpr veloz_side sell = VELOZ_SIDE_SELL;

veloz_level level(std::int64_t price, std::int64_t quantity, std::int32_t orders = 0) {
    veloz_level l{};
    l.price = price;
    l.quantity = quantity;
    l.order_count = orders;
    return l;
}

} // namespace

TEST(DepthBook, Updates_in_sequence_set_and_delete_levels) {
    veloz::depth_book book;
    const std::vector<veloz_depth_update> updates = {
        depth_update(1, buy, 100, 5, 2), depth_update(2, buy, 99, 7), depth_update(3, sell, 102, 4),
        depth_update(4, sell, 101, 3), depth_update(5, buy, 100, 6, 3), depth_update(6, sell, 101, 0),
    };
    const veloz::depth_apply_result result = book.apply(updates);
    EXPECT_TRUE(result.in_sync());
    EXPECT_EQ(result.status, veloz::depth_apply_status::applied);
    EXPECT_EQ(result.applied, updates.size());

    const veloz_top_of_book top = book.best();
    EXPECT_EQ(top.bid.price, 100);
    EXPECT_EQ(top.bid.quantity, 6); // a total, not a delta
    EXPECT_EQ(top.bid.order_count, 3);
    EXPECT_EQ(top.ask.price, 102); // 101 was deleted
    EXPECT_EQ(top.sequence, 6);
    const std::vector<veloz_level> bids = book.levels(buy);
    ASSERT_EQ(bids.size(), 2u);
    EXPECT_EQ(bids[1].price, 99);
    EXPECT_EQ(book.levels(sell, 1).size(), 1u);
    const veloz_depth_state state = book.state();
    EXPECT_EQ(state.status, VELOZ_DEPTH_STATUS_OK);
    EXPECT_EQ(state.last_sequence, 6);
    EXPECT_EQ(state.update_count, 6);
}

TEST(DepthBook, A_sequence_gap_is_reported_in_the_result_and_the_updates_before_it_apply) {
    veloz::depth_book book;
    const std::vector<veloz_depth_update> updates = {
        depth_update(1, buy, 100, 5), depth_update(2, sell, 101, 5), depth_update(4, buy, 99, 5), depth_update(5, buy, 98, 5),
    };
    const veloz::depth_apply_result result = book.apply(updates);
    EXPECT_FALSE(result.in_sync());
    EXPECT_EQ(result.status, veloz::depth_apply_status::sequence_gap);
    EXPECT_EQ(result.applied, 2u) << "the index of the gap";
    EXPECT_TRUE(book.stale());
    EXPECT_EQ(book.state().gap_count, 1);
    EXPECT_EQ(book.best().bid.price, 100);
    EXPECT_EQ(book.levels(buy).size(), 1u) << "nothing after the gap applied";
}

TEST(DepthBook, A_stale_book_takes_nothing_until_a_snapshot_and_then_continues_after_its_sequence) {
    veloz::depth_book book;
    ASSERT_EQ(book.apply(depth_update(2, buy, 100, 5)).status, veloz::depth_apply_status::sequence_gap);
    const veloz::depth_apply_result refused = book.apply(depth_update(3, buy, 100, 5));
    EXPECT_EQ(refused.status, veloz::depth_apply_status::stale);
    EXPECT_EQ(refused.applied, 0u);
    EXPECT_EQ(book.apply(veloz::span<const veloz_depth_update>()).status, veloz::depth_apply_status::stale)
        << "an empty batch reports the state too";
    EXPECT_EQ(book.levels(buy).size(), 0u);

    const veloz_level bids[] = {level(100, 10), level(99, 20)};
    const veloz_level asks[] = {level(101, 15)};
    book.snapshot(bids, asks, 50);
    EXPECT_FALSE(book.stale());
    EXPECT_EQ(book.state().snapshot_sequence, 50);
    EXPECT_EQ(book.best().ask.quantity, 15);

    // Updates the snapshot already holds are dropped; the next one applies.
    const std::vector<veloz_depth_update> replay = {depth_update(49, buy, 100, 1), depth_update(50, buy, 100, 2), depth_update(51, buy, 100, 3)};
    const veloz::depth_apply_result result = book.apply(replay);
    EXPECT_TRUE(result.in_sync());
    EXPECT_EQ(result.applied, 3u);
    EXPECT_EQ(book.best().bid.quantity, 3);
    EXPECT_EQ(book.state().dropped_old_count, 2);
}

TEST(DepthBook, A_crossed_book_is_applied_and_flagged) {
    veloz::depth_book book;
    const std::vector<veloz_depth_update> updates = {depth_update(1, buy, 100, 5), depth_update(2, sell, 99, 5)};
    EXPECT_TRUE(book.apply(updates).in_sync()) << "crossed is a state of the book, not a gap";
    const veloz_depth_state state = book.state();
    EXPECT_NE(state.status & VELOZ_DEPTH_STATUS_CROSSED, 0);
    EXPECT_GE(state.crossed_count, 1);
    EXPECT_TRUE(book.apply(depth_update(3, sell, 99, 0)).in_sync());
    EXPECT_EQ(book.state().status & VELOZ_DEPTH_STATUS_CROSSED, 0);

    const veloz_level bids[] = {level(100, 1)};
    const veloz_level asks[] = {level(100, 1)};
    book.snapshot(bids, asks, 10);
    EXPECT_NE(book.state().status & VELOZ_DEPTH_STATUS_CROSSED, 0) << "a crossed snapshot is loaded and flagged";
}

TEST(DepthBook, A_new_book_is_empty_and_a_delete_of_an_unknown_level_only_counts) {
    veloz::depth_book book;
    EXPECT_EQ(book.state().status, VELOZ_DEPTH_STATUS_EMPTY);
    EXPECT_TRUE(book.apply(depth_update(1, sell, 500, 0)).in_sync());
    EXPECT_EQ(book.state().unknown_level_count, 1);
    EXPECT_EQ(book.state().last_sequence, 1);
}

TEST(DepthBook, Malformed_updates_throw_and_apply_nothing) {
    veloz::depth_book book;
    ASSERT_TRUE(book.apply(depth_update(1, buy, 100, 5)).in_sync());
    const std::vector<veloz_depth_update> bad_side = {depth_update(2, buy, 99, 5), depth_update(3, static_cast<veloz_side>(0), 98, 5)};
    EXPECT_EQ(status_of([&] { (void)book.apply(bad_side); }), VELOZ_E_INVALID_ARGUMENT);
    const std::vector<veloz_depth_update> negative = {depth_update(2, buy, 99, -1)};
    EXPECT_EQ(status_of([&] { (void)book.apply(negative); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.levels(buy).size(), 1u);
    EXPECT_EQ(book.state().last_sequence, 1);
    EXPECT_FALSE(book.stale());
}

TEST(DepthBook, A_snapshot_out_of_order_is_refused_and_the_book_is_unchanged) {
    veloz::depth_book book;
    ASSERT_TRUE(book.apply(depth_update(1, buy, 100, 5)).in_sync());
    const veloz_level ascending_bids[] = {level(99, 1), level(100, 1)};
    const veloz_level asks[] = {level(101, 1)};
    EXPECT_EQ(status_of([&] { book.snapshot(ascending_bids, asks, 10); }), VELOZ_E_INVALID_ARGUMENT);
    const veloz_level zero[] = {level(100, 0)};
    EXPECT_EQ(status_of([&] { book.snapshot(zero, asks, 10); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(book.state().last_sequence, 1);
    EXPECT_EQ(book.best().bid.quantity, 5);
    EXPECT_EQ(book.state().snapshot_count, 0);
}

TEST(DepthBook, Config_out_of_range_is_refused_and_read_top_needs_a_snapshot_depth) {
    veloz::depth_config bad;
    bad.snapshot_depth = 5000;
    EXPECT_EQ(status_of([&] { veloz::depth_book b(bad); }), VELOZ_E_INVALID_ARGUMENT);
    veloz::depth_book unpublished;
    EXPECT_EQ(status_of([&] { (void)unpublished.read_top(); }), VELOZ_E_STATE);

    veloz::depth_config config;
    config.snapshot_depth = 2;
    veloz::depth_book book(config);
    const std::vector<veloz_depth_update> updates = {depth_update(1, buy, 100, 5), depth_update(2, buy, 101, 6), depth_update(3, buy, 99, 7)};
    ASSERT_TRUE(book.apply(updates).in_sync());
    EXPECT_EQ(book.read_top().bid.price, 101);
    EXPECT_EQ(book.read_top().sequence, 3);
    veloz_level bids[4];
    veloz_level asks[4];
    const veloz::level_counts counts = book.read_levels(bids, asks);
    EXPECT_EQ(counts.bids, 2u) << "at most snapshot_depth";
    EXPECT_EQ(counts.asks, 0u);
    EXPECT_EQ(bids[1].price, 100);
}

TEST(DepthBook, A_moved_from_depth_book_refuses_calls) {
    veloz::depth_book book;
    ASSERT_TRUE(book.apply(depth_update(1, buy, 100, 5)).in_sync());
    veloz::depth_book moved = std::move(book);
    EXPECT_FALSE(static_cast<bool>(book));
    EXPECT_EQ(moved.best().bid.price, 100);
    EXPECT_EQ(status_of([&] { (void)book.apply(depth_update(2, buy, 100, 5)); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)book.state(); }), VELOZ_E_INVALID_HANDLE);
}

// A feed handler's loop with random gaps: on a gap it loads a snapshot built from its own copy of the
// venue's book and goes on; at the end the depth book equals that copy.
TEST(DepthBook, A_feed_with_gaps_resynchronised_by_snapshots_ends_equal_to_the_venue) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    std::mt19937_64 random(seed);
    std::map<std::int64_t, std::int64_t, std::greater<>> venue_bids;
    std::map<std::int64_t, std::int64_t> venue_asks;
    veloz::depth_book book;
    std::int64_t sequence = 0;
    int gaps = 0;
    for (int batch = 0; batch < 500; ++batch) {
        std::vector<veloz_depth_update> updates;
        for (int i = 0; i < 20; ++i) {
            const bool is_bid = (random() & 1) != 0;
            const std::int64_t price = is_bid ? 900 + static_cast<std::int64_t>(random() % 100) : 1000 + static_cast<std::int64_t>(random() % 100);
            const std::int64_t quantity = random() % 4 == 0 ? 0 : 1 + static_cast<std::int64_t>(random() % 100);
            ++sequence;
            if (is_bid)
                quantity == 0 ? (void)venue_bids.erase(price) : (void)(venue_bids[price] = quantity);
            else
                quantity == 0 ? (void)venue_asks.erase(price) : (void)(venue_asks[price] = quantity);
            if (batch < 499 && random() % 200 == 0)
                continue; // lost on the wire (never in the last batch, whose gap nothing would reveal)
            updates.push_back(depth_update(sequence, is_bid ? buy : sell, price, quantity));
        }
        const veloz::depth_apply_result result = book.apply(updates);
        if (!result.in_sync()) {
            ++gaps;
            std::vector<veloz_level> bids;
            std::vector<veloz_level> asks;
            for (const auto& [price, quantity] : venue_bids)
                bids.push_back(level(price, quantity));
            for (const auto& [price, quantity] : venue_asks)
                asks.push_back(level(price, quantity));
            book.snapshot(bids, asks, sequence);
        }
    }
    std::cout << "[ gaps     ] " << gaps << std::endl;
    EXPECT_GT(gaps, 0);
    EXPECT_EQ(book.state().gap_count, gaps);
    const std::vector<veloz_level> bids = book.levels(buy);
    const std::vector<veloz_level> asks = book.levels(sell);
    ASSERT_EQ(bids.size(), venue_bids.size());
    ASSERT_EQ(asks.size(), venue_asks.size());
    std::size_t i = 0;
    for (const auto& [price, quantity] : venue_bids) {
        EXPECT_EQ(bids[i].price, price);
        EXPECT_EQ(bids[i].quantity, quantity);
        ++i;
    }
    i = 0;
    for (const auto& [price, quantity] : venue_asks) {
        EXPECT_EQ(asks[i].price, price);
        EXPECT_EQ(asks[i].quantity, quantity);
        ++i;
    }
}

// Each batch moves the single bid (or ask) level to a new price whose quantity encodes it; the book
// publishes once per batch, so a reader sees one level per side whose quantity matches its price.
TEST(DepthBookReaders, Read_top_from_another_thread_never_sees_a_torn_or_half_applied_batch) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    veloz::depth_config config;
    config.snapshot_depth = 1;
    veloz::depth_book book(config);
    veloz_tests::encoded_top_reader reader(book);

    std::mt19937_64 random(seed);
    std::int64_t sequence = 0;
    std::int64_t bid_price = 0;
    std::int64_t ask_price = 0;
    for (int i = 0; i < 200'000; ++i) {
        veloz_depth_update batch[2];
        std::size_t count = 0;
        if ((random() & 1) != 0) {
            const std::int64_t price = 1000 + static_cast<std::int64_t>(random() % 100);
            if (price == bid_price)
                continue;
            batch[count++] = depth_update(++sequence, buy, price, price * 3);
            if (bid_price != 0)
                batch[count++] = depth_update(++sequence, buy, bid_price, 0);
            bid_price = price;
        } else {
            const std::int64_t price = 1100 + static_cast<std::int64_t>(random() % 100);
            if (price == ask_price)
                continue;
            batch[count++] = depth_update(++sequence, sell, price, price * 3 + 1);
            if (ask_price != 0)
                batch[count++] = depth_update(++sequence, sell, ask_price, 0);
            ask_price = price;
        }
        if (!book.apply(veloz::span<const veloz_depth_update>(batch, count)).in_sync()) {
            ADD_FAILURE() << "batch " << i << " was not applied in sync";
            break;
        }
    }
    reader.stop();
    std::cout << "[ reads    ] " << reader.reads() << std::endl;
    EXPECT_GT(reader.reads(), 0);
    EXPECT_EQ(reader.failures(), 0);
}
