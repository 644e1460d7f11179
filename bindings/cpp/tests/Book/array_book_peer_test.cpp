// The second LOBSTER benchmark peer (bench/array_book.hpp), a tuned C++ book of VeloZ's own design, is
// checked here so that its benchmark row compares equal work: over the whole LOBSTER day it writes exactly
// VeloZ's event stream (every field of every record) and ends in VeloZ's state.
#include <veloz.hpp>

#include "Book/book_test_support.hpp"
#include "array_book.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

bool same_event(const veloz_book_event& a, const veloz_book_event& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Applies the commands to the peer one by one, as its benchmark row does; returns every event it wrote.
std::vector<veloz_book_event> peer_events(peer::array_book& peer, const std::vector<veloz_book_command>& commands) {
    std::vector<veloz_book_event> events(commands.size() * peer::array_book::max_events_per_command);
    std::size_t written = 0;
    for (const veloz_book_command& c : commands)
        written += peer.apply(c, events.data() + written);
    events.resize(written);
    return events;
}

} // namespace

TEST(BenchPeer, The_array_book_writes_veloz_event_stream_over_the_whole_lobster_day) {
    const std::vector<veloz_book_command> commands = veloz_tests::lobster_commands(veloz_tests::read_lobster());
    ASSERT_GT(commands.size(), 50'000u);

    veloz::book book(veloz::book_config::mirror());
    std::vector<veloz_book_event> expected;
    book.apply_all(commands, expected);

    peer::array_book peer = peer::array_book::for_adds_of(commands, 100);
    const std::vector<veloz_book_event> actual = peer_events(peer, commands);

    ASSERT_EQ(actual.size(), expected.size());
    std::size_t first_difference = actual.size();
    for (std::size_t i = 0; i < actual.size() && first_difference == actual.size(); ++i)
        if (!same_event(actual[i], expected[i]))
            first_difference = i;
    EXPECT_EQ(first_difference, actual.size()) << "first differing event (sequence " << expected[std::min(first_difference, expected.size() - 1)].sequence
                                               << ")";
    const veloz_book_stats stats = book.stats();
    EXPECT_EQ(peer.hash(), book.hash());
    EXPECT_EQ(static_cast<std::int64_t>(peer.order_count()), stats.order_count);
    EXPECT_EQ(peer.rejected_count(), stats.rejected_count);
    EXPECT_GT(peer.rejected_count(), 0) << "the day starts mid-session: some commands name orders from before it";
    EXPECT_EQ(peer.trade_count(), stats.trade_count);
    EXPECT_EQ(peer.trade_volume(), stats.trade_volume);
}

TEST(BenchPeer, The_array_book_rejects_what_veloz_rejects_and_stays_unchanged) {
    peer::array_book peer(1'000, 2'000, 5, 2); // room for 2 orders: the order array and the id table grow
    veloz::book book(veloz::book_config::mirror());
    auto command = [](std::uint8_t type, std::int64_t id, std::uint8_t side, std::int64_t price, std::int64_t quantity) {
        veloz_book_command c{};
        c.type = type;
        c.order_id = id;
        c.side = side;
        c.price = price;
        c.quantity = quantity;
        return c;
    };
    const std::vector<veloz_book_command> commands = {
        command(VELOZ_BOOK_COMMAND_ADD, 1, VELOZ_SIDE_BUY, 1'500, 10),   // rests
        command(VELOZ_BOOK_COMMAND_ADD, 1, VELOZ_SIDE_SELL, 1'600, 10),  // duplicate id
        command(VELOZ_BOOK_COMMAND_ADD, 0, VELOZ_SIDE_BUY, 1'500, 10),   // id 0
        command(VELOZ_BOOK_COMMAND_ADD, 2, 7, 1'500, 10),                // no such side
        command(VELOZ_BOOK_COMMAND_ADD, 3, VELOZ_SIDE_BUY, 1'500, 0),    // quantity 0
        command(VELOZ_BOOK_COMMAND_REDUCE, 1, 0, 0, 11),                 // more than rests
        command(VELOZ_BOOK_COMMAND_EXECUTE, 9, 0, 0, 1),                 // unknown
        command(VELOZ_BOOK_COMMAND_DELETE, 9, 0, 0, 0),                  // unknown
        command(VELOZ_BOOK_COMMAND_ADD, 4, VELOZ_SIDE_SELL, 1'510, 5),   // rests
        command(VELOZ_BOOK_COMMAND_ADD, 5, VELOZ_SIDE_SELL, 1'505, 5),   // a better ask: the new top
        command(VELOZ_BOOK_COMMAND_ADD, 6, VELOZ_SIDE_BUY, 1'490, 5),    // behind the best bid
        command(VELOZ_BOOK_COMMAND_ADD, 7, VELOZ_SIDE_BUY, 1'500, 3),    // second in the best bid's queue
        command(VELOZ_BOOK_COMMAND_EXECUTE, 1, 0, 0, 10),                // fills the head: the queue moves up
        command(VELOZ_BOOK_COMMAND_DELETE, 7, 0, 0, 0),                  // empties the best bid: 1,490 is next
        command(VELOZ_BOOK_COMMAND_REDUCE, 5, 0, 0, 2),                  // partial cancel keeps priority
        command(VELOZ_BOOK_COMMAND_EXECUTE, 5, 0, 0, 3),                 // fills the best ask: 1,510 is next
    };
    std::vector<veloz_book_event> expected;
    book.apply_all(commands, expected);
    const std::vector<veloz_book_event> actual = peer_events(peer, commands);
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        EXPECT_TRUE(same_event(actual[i], expected[i])) << "event " << i << " (type " << int{expected[i].type} << ", sequence "
                                                        << expected[i].sequence << ")";
    EXPECT_EQ(peer.hash(), book.hash());
    EXPECT_EQ(peer.rejected_count(), 7);
    EXPECT_EQ(book.stats().rejected_count, 7);
}
