// The cross-language golden check: the first 20,000 LOBSTER AMZN messages replayed into a mirror book
// must give the hash and counters in tests/data/lobster_amzn_20000.hash, which the C# ABI test writes
// from Core and the C and Python tests read too. The C++ run goes through veloz::book::apply with a small
// event buffer and, separately, through one single-command call per message.
#include <veloz.hpp>

#include "Book/book_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr std::size_t golden_messages = 20'000;

// The golden file: '#' comment lines, then one line of key=value pairs
// (messages, commands, orders, unknown_orders, rejected, hash=0x...).
std::map<std::string, std::string> read_golden(const std::string& path) {
    std::map<std::string, std::string> values;
    std::ifstream file(path);
    std::string line;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream pairs(line);
        std::string pair;
        while (pairs >> pair) {
            const std::size_t equals = pair.find('=');
            if (equals != std::string::npos)
                values[pair.substr(0, equals)] = pair.substr(equals + 1);
        }
    }
    return values;
}

struct replay_result {
    std::uint64_t hash;
    veloz_book_stats stats;
};

replay_result replay_batched(const std::vector<veloz_book_command>& commands) {
    veloz::book book(veloz::book_config::mirror());
    std::vector<veloz_book_event> buffer(256);
    std::size_t position = 0;
    while (position < commands.size() || book.pending_events() > 0) {
        const veloz::apply_result result =
            book.apply(veloz::span<const veloz_book_command>(commands.data() + position, commands.size() - position),
                       veloz::span<veloz_book_event>(buffer));
        position += result.consumed;
    }
    return replay_result{book.hash(), book.stats()};
}

// One call per message, as a feed handler that reacts to each message would do; rejects (ids the level-1
// file never announced) come back as statuses, not exceptions.
replay_result replay_per_call(const std::vector<veloz_tests::lobster_message>& messages) {
    veloz::book book(veloz::book_config::mirror());
    for (const veloz_tests::lobster_message& m : messages) {
        veloz_status status = VELOZ_OK;
        switch (m.type) {
        case 1: status = book.try_submit(veloz::cmd::add(m.order_id, m.direction == 1 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL, m.price, m.size)); break;
        case 2: status = book.try_reduce(m.order_id, m.size); break;
        case 3: status = book.try_cancel(m.order_id); break;
        case 4: status = book.try_execute(m.order_id, m.size); break;
        default: break;
        }
        EXPECT_TRUE(status == VELOZ_OK || status == VELOZ_E_NOT_FOUND || status == VELOZ_E_INVALID_ARGUMENT)
            << "message type " << m.type << " id " << m.order_id << ": " << veloz_status_name(status);
        if (book.pending_events() > 4096)
            (void)book.drain_all();
    }
    return replay_result{book.hash(), book.stats()};
}

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(value));
    return text;
}

} // namespace

TEST(BookGolden, First_20000_amzn_messages_give_the_committed_cross_language_hash) {
    const std::string path = veloz_tests::repository_root() + "/tests/data/lobster_amzn_20000.hash";
    const std::map<std::string, std::string> golden = read_golden(path);
    ASSERT_FALSE(golden.empty()) << path << " is missing or empty; the C# test BookLobsterAbiTests writes it";
    ASSERT_EQ(golden.count("hash"), 1u) << path << " has no hash=";

    const std::vector<veloz_tests::lobster_message> messages = veloz_tests::read_lobster(golden_messages);
    ASSERT_EQ(messages.size(), golden_messages);
    const std::vector<veloz_book_command> commands = veloz_tests::lobster_commands(messages);

    const replay_result batched = replay_batched(commands);
    std::cout << "[ golden   ] " << commands.size() << " commands, orders " << batched.stats.order_count << ", unknown ids "
              << batched.stats.unknown_order_count << ", rejected " << batched.stats.rejected_count << ", hash " << hex(batched.hash)
              << std::endl;
    EXPECT_EQ(hex(batched.hash), golden.at("hash"));
    EXPECT_EQ(std::to_string(golden_messages), golden.at("messages"));
    EXPECT_EQ(std::to_string(commands.size()), golden.at("commands"));
    EXPECT_EQ(std::to_string(batched.stats.order_count), golden.at("orders"));
    EXPECT_EQ(std::to_string(batched.stats.unknown_order_count), golden.at("unknown_orders"));
    EXPECT_EQ(std::to_string(batched.stats.rejected_count), golden.at("rejected"));

    const replay_result per_call = replay_per_call(messages);
    EXPECT_EQ(per_call.hash, batched.hash);
    EXPECT_EQ(per_call.stats.command_count, batched.stats.command_count);
    EXPECT_EQ(per_call.stats.rejected_count, batched.stats.rejected_count);
}
