// Small helpers shared by the order-book tests: event filters, book fingerprints and the LOBSTER reader.
#ifndef VELOZ_TESTS_BOOK_TEST_SUPPORT_HPP
#define VELOZ_TESTS_BOOK_TEST_SUPPORT_HPP

#include <veloz.hpp>

#include "Common/status_of.hpp"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
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

/// The reader thread of the lock-free reader tests (veloz::book and veloz::depth_book): it calls
/// read_top() until stop() and counts its reads and the failed ones. The writer encodes each level's price
/// in its quantity (a bid's quantity is price * 3, an ask's price * 3 + 1), so a quantity that does not
/// match the price beside it is a torn read; a crossed top or a sequence that goes back fails as well.
class encoded_top_reader {
public:
    template <class Book>
    explicit encoded_top_reader(const Book& book) : thread_([this, &book] { run([&book] { return book.read_top(); }); }) {}

    ~encoded_top_reader() { stop(); }

    encoded_top_reader(const encoded_top_reader&) = delete;
    encoded_top_reader& operator=(const encoded_top_reader&) = delete;

    /// Ends the reads and waits for the thread (the writer is done).
    void stop() {
        done_.store(true, std::memory_order_release);
        if (thread_.joinable())
            thread_.join();
    }

    long reads() const { return reads_.load(); }
    long failures() const { return failures_.load(); }

private:
    template <class Read>
    void run(Read read) {
        std::int64_t last_sequence = 0;
        while (!done_.load(std::memory_order_acquire)) {
            const veloz_top_of_book top = read();
            reads_.fetch_add(1, std::memory_order_relaxed);
            const bool bid_ok = top.bid.quantity == 0 ? top.bid.price == 0 : top.bid.quantity == top.bid.price * 3;
            const bool ask_ok = top.ask.quantity == 0 ? top.ask.price == 0 : top.ask.quantity == top.ask.price * 3 + 1;
            const bool uncrossed = top.bid.quantity == 0 || top.ask.quantity == 0 || top.bid.price < top.ask.price;
            if (!bid_ok || !ask_ok || !uncrossed || top.sequence < last_sequence)
                failures_.fetch_add(1, std::memory_order_relaxed);
            last_sequence = top.sequence;
        }
    }

    std::atomic<bool> done_{false};
    std::atomic<long> reads_{0};
    std::atomic<long> failures_{0};
    std::thread thread_; // last: it starts once the counters above exist
};

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

/// The LOBSTER AMZN message file: $VELOZ_DATA/<name> when VELOZ_DATA is set, else data/<name>
/// in the repository root.
std::string lobster_message_file();

/// Reads up to max_messages messages (all when 0); fails the test (ADD_FAILURE) when the file is missing.
std::vector<lobster_message> read_lobster(std::size_t max_messages = 0);

/// The golden-file mapping: type 1 add (direction 1 buy, -1 sell), 2 reduce, 3 delete, 4 execute; 5/6/7 nothing.
std::vector<veloz_book_command> lobster_commands(const std::vector<lobster_message>& messages);

} // namespace veloz_tests

#endif
