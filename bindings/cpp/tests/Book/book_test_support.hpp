// Small helpers shared by the order-book tests: event filters, book fingerprints and the LOBSTER reader.
#ifndef VELOZ_TESTS_BOOK_TEST_SUPPORT_HPP
#define VELOZ_TESTS_BOOK_TEST_SUPPORT_HPP

#include <veloz.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace veloz_tests {

/// The events of one type, in order.
inline std::vector<veloz_book_event> of_type(const std::vector<veloz_book_event>& events, veloz_book_event_type type) {
    std::vector<veloz_book_event> out;
    for (const veloz_book_event& e : events)
        if (e.type == type)
            out.push_back(e);
    return out;
}

/// True when two event sequences are byte for byte the same.
inline bool same_events(const std::vector<veloz_book_event>& a, const std::vector<veloz_book_event>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(veloz_book_event)) == 0);
}

/// Everything observable about a book's contents, for "the book did not change" checks.
struct book_fingerprint {
    std::uint64_t hash;
    std::int64_t order_count;
    std::int32_t bid_levels;
    std::int32_t ask_levels;
    std::int64_t trade_count;
    std::int64_t trade_volume;

    bool operator==(const book_fingerprint& other) const {
        return hash == other.hash && order_count == other.order_count && bid_levels == other.bid_levels &&
               ask_levels == other.ask_levels && trade_count == other.trade_count && trade_volume == other.trade_volume;
    }
};

inline book_fingerprint fingerprint(const veloz::book& book) {
    const veloz_book_stats stats = book.stats();
    return book_fingerprint{book.hash(), stats.order_count, stats.bid_level_count, stats.ask_level_count, stats.trade_count, stats.trade_volume};
}

/// The status a throwing call ended with (VELOZ_OK when it did not throw).
template <class Call>
veloz_status status_of(Call&& call) {
    try {
        call();
    } catch (const veloz::error& e) {
        return e.status();
    }
    return VELOZ_OK;
}

/// One LOBSTER message: time, type, order id, size, price, direction.
struct lobster_message {
    int type;
    std::int64_t order_id;
    std::int64_t size;
    std::int64_t price;
    int direction;
};

/// The repository root (compiled in by CMake).
std::string repository_root();

/// The LOBSTER AMZN message file: $VELOZ_DATA/<name> when VELOZ_DATA is set, else ../shared/data/<name>
/// relative to the repository root.
std::string lobster_message_file();

/// Reads up to max_messages messages (all when 0); fails the test (ADD_FAILURE) when the file is missing.
std::vector<lobster_message> read_lobster(std::size_t max_messages = 0);

/// The golden-file mapping: type 1 add (direction 1 buy, -1 sell), 2 reduce, 3 delete, 4 execute; 5/6/7 nothing.
std::vector<veloz_book_command> lobster_commands(const std::vector<lobster_message>& messages);

} // namespace veloz_tests

#endif
