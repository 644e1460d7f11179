// The benchmark peer (bench/map_book.hpp) and the benchmark flows (bench/matching_flow.hpp) are checked
// here, so the benchmark compares like with like: after the whole LOBSTER day in mirror mode and after the
// matching flow, the std::map book holds exactly VeloZ's orders in VeloZ's order (equal state hashes, the
// hash defined in veloz.h) with the same trade counts.
#include <veloz.hpp>

#include "Book/book_test_support.hpp"
#include "map_book.hpp"
#include "matching_flow.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <vector>

TEST(BenchPeer, The_map_book_and_veloz_agree_after_the_whole_lobster_day) {
    const std::vector<veloz_tests::lobster_message> messages = veloz_tests::read_lobster();
    ASSERT_GT(messages.size(), 50'000u);
    const std::vector<veloz_book_command> commands = veloz_tests::lobster_commands(messages);

    veloz::book book(veloz::book_config::mirror());
    peer::map_book map;
    std::size_t map_rejects = 0;
    std::vector<veloz_book_event> events;
    for (const veloz_book_command& c : commands) {
        map_rejects += flow::apply(map, c) ? 0 : 1;
        (void)flow::apply(book.native_handle(), c);
        if (book.pending_events() > 4096)
            (void)book.drain_all();
    }
    const veloz_book_stats stats = book.stats();
    EXPECT_EQ(map.hash(), book.hash());
    EXPECT_EQ(static_cast<std::int64_t>(map.order_count()), stats.order_count);
    EXPECT_EQ(static_cast<std::int64_t>(map_rejects), stats.rejected_count);
    EXPECT_EQ(map.trade_count(), stats.trade_count);
    EXPECT_EQ(map.trade_volume(), stats.trade_volume);
}

TEST(BenchPeer, The_map_book_and_veloz_agree_on_the_matching_flow_and_the_flow_has_its_mix) {
    const flow::matching_flow f = flow::make_matching_flow(300'000);
    std::cout << "[ flow     ] " << f.commands.size() << " commands: gtc " << f.gtc << " ioc " << f.ioc << " cancel " << f.cancel
              << " modify " << f.modify << "; live orders " << f.min_live << ".." << f.max_live << std::endl;
    const double n = static_cast<double>(f.commands.size());
    EXPECT_NEAR(static_cast<double>(f.gtc) / n, 0.09, 0.01);
    EXPECT_NEAR(static_cast<double>(f.ioc) / n, 0.03, 0.01);
    EXPECT_NEAR(static_cast<double>(f.cancel) / n, 0.06, 0.01);
    EXPECT_NEAR(static_cast<double>(f.modify) / n, 0.82, 0.01);
    EXPECT_GE(f.min_live, 500u);
    EXPECT_LE(f.max_live, 2'000u);

    veloz::book_config config;
    config.level_events = false;
    veloz::book batched(config);
    veloz::book per_call(config);
    peer::map_book map;
    std::vector<veloz_book_event> events;
    for (const veloz_book_command& c : f.setup) {
        ASSERT_TRUE(flow::apply(map, c));
        ASSERT_EQ(flow::apply(per_call.native_handle(), c), VELOZ_OK);
    }
    batched.apply_all(f.setup, events);
    std::size_t rejects = 0;
    for (const veloz_book_command& c : f.commands) {
        rejects += flow::apply(map, c) ? 0 : 1;
        EXPECT_EQ(flow::apply(per_call.native_handle(), c), VELOZ_OK);
        if (per_call.pending_events() > 4096)
            (void)per_call.drain_all();
    }
    events.clear();
    batched.apply_all(f.commands, events);
    EXPECT_EQ(rejects, 0u) << "the generator names live orders only";
    EXPECT_EQ(batched.stats().rejected_count, 0);
    EXPECT_EQ(map.hash(), batched.hash());
    EXPECT_EQ(per_call.hash(), batched.hash());
    EXPECT_EQ(map.trade_count(), batched.stats().trade_count);
    EXPECT_EQ(map.trade_volume(), batched.stats().trade_volume);
    EXPECT_GT(map.trade_count(), 10'000) << "the flow matches, it does not only rest";
}
