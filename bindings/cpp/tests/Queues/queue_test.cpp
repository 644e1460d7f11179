// veloz::spsc_queue / veloz::mpmc_queue: typed round trips of 8, 64 and 1,024-byte records, batches, the
// full/empty edges of tiny rings, threads moving millions of records (sequence, order and checksums checked),
// close and timeouts, the C++ reporting rules (full/empty/timeout are answers, closed is reported by side),
// no heap allocation on the hot path, and hostile input through the raw C API.
//
// Sized for a 2-core machine: the stress tests move 1e6..2e6 records each and take well under a second apiece.
#include <veloz.hpp>

#include "Common/seed.hpp"
#include "Common/status_of.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <future>
#include <limits>
#include <new>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

// ---- counting the calling thread's heap allocations ---------------------------------------------------------
// Replaces the global operator new for the whole test binary; it only counts (per thread) and forwards to malloc.

namespace {
thread_local std::size_t thread_allocations = 0;
} // namespace

void* operator new(std::size_t size) {
    ++thread_allocations;
    if (void* memory = std::malloc(size == 0 ? 1 : size))
        return memory;
    throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

// ---- records ----------------------------------------------------------------------------------------------------

struct rec8 {
    std::uint64_t seq;
};

struct rec64 {
    std::uint64_t seq;
    std::uint32_t producer;
    std::uint32_t check;
    std::uint64_t payload[6];
};

struct rec1024 {
    std::uint64_t seq;
    std::uint32_t producer;
    std::uint32_t check;
    unsigned char bytes[1008];
};

static_assert(sizeof(rec8) == 8 && sizeof(rec64) == 64 && sizeof(rec1024) == 1024, "record sizes");

// Every byte of a record is a function of (producer, seq), so a torn or mixed-up copy shows.
std::uint32_t check_word(std::uint32_t producer, std::uint64_t seq) {
    return static_cast<std::uint32_t>(seq * 2654435761u) ^ (producer * 40503u) ^ 0x5bd1e995u;
}

void fill(rec8& r, std::uint32_t, std::uint64_t seq) { r.seq = seq; }
void fill(rec64& r, std::uint32_t producer, std::uint64_t seq) {
    r.seq = seq;
    r.producer = producer;
    r.check = check_word(producer, seq);
    for (std::size_t i = 0; i < 6; ++i)
        r.payload[i] = seq * (i + 3) ^ producer;
}
void fill(rec1024& r, std::uint32_t producer, std::uint64_t seq) {
    r.seq = seq;
    r.producer = producer;
    r.check = check_word(producer, seq);
    for (std::size_t i = 0; i < sizeof r.bytes; ++i)
        r.bytes[i] = static_cast<unsigned char>(seq + i * 7 + producer);
}

template <class R>
R make(std::uint64_t seq, std::uint32_t producer = 0) {
    R r{};
    fill(r, producer, seq);
    return r;
}

template <class R>
bool intact(const R& r) {
    const R expected = make<R>(r.seq, [&] {
        if constexpr (std::is_same_v<R, rec8>)
            return 0u;
        else
            return r.producer;
    }());
    return std::memcmp(&r, &expected, sizeof r) == 0;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// Spin a little, then give the core up: two spinning threads on a 2-core machine must let each other run.
inline void backoff(unsigned& spins) {
    if (++spins < 64)
        cpu_relax();
    else
        std::this_thread::yield();
}

template <class Queue, class R>
void push_spinning(Queue& queue, const R& record) {
    unsigned spins = 0;
    while (!queue.try_push(record))
        backoff(spins);
}

using veloz_tests::status_of;

std::string last_error() {
    const std::int32_t length = veloz_last_error_message(nullptr, 0);
    std::vector<char> buffer(static_cast<std::size_t>(length) + 1);
    veloz_last_error_message(buffer.data(), static_cast<std::int32_t>(buffer.size()));
    return std::string(buffer.data());
}

double milliseconds_since(steady::time_point start) {
    return std::chrono::duration<double, std::milli>(steady::now() - start).count();
}

// ---- typed: every queue kind with every record size -------------------------------------------------------------

template <class Queue>
class QueueTyped : public ::testing::Test {};

using queue_types = ::testing::Types<veloz::spsc_queue<rec8>, veloz::spsc_queue<rec64>, veloz::spsc_queue<rec1024>,
                                     veloz::mpmc_queue<rec8>, veloz::mpmc_queue<rec64>, veloz::mpmc_queue<rec1024>>;
TYPED_TEST_SUITE(QueueTyped, queue_types);

TYPED_TEST(QueueTyped, Records_round_trip_byte_for_byte_in_order) {
    using Queue = TypeParam;
    using R = typename Queue::value_type;
    Queue queue(16);
    EXPECT_EQ(queue.capacity(), 16u);
    EXPECT_TRUE(queue.empty());
    for (std::uint64_t i = 0; i < 10; ++i)
        ASSERT_TRUE(queue.try_push(make<R>(i, 3)));
    EXPECT_EQ(queue.size(), 10u);
    for (std::uint64_t i = 0; i < 10; ++i) {
        const std::optional<R> r = queue.try_pop();
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->seq, i);
        EXPECT_TRUE(intact(*r)) << "record " << i;
    }
    EXPECT_FALSE(queue.try_pop().has_value());

    const veloz_queue_stats stats = queue.stats();
    EXPECT_EQ(stats.record_size, static_cast<std::int32_t>(sizeof(R)));
    EXPECT_EQ(stats.capacity, 16);
    EXPECT_EQ(stats.pushes, 10);
    EXPECT_EQ(stats.pops, 10);
    EXPECT_EQ(stats.failed_pops, 1);
    EXPECT_EQ(stats.closed, 0);
}

TYPED_TEST(QueueTyped, Batches_keep_order_across_laps_and_stop_at_the_capacity) {
    using Queue = TypeParam;
    using R = typename Queue::value_type;
    Queue queue(8);
    std::vector<R> in(20);
    for (std::uint64_t i = 0; i < in.size(); ++i)
        in[i] = make<R>(i, 1);
    std::vector<R> out(32);

    // More than the capacity: exactly the capacity goes in, then nothing (full is 0, not an exception).
    EXPECT_EQ(queue.push_batch(in), 8u);
    EXPECT_EQ(queue.push_batch(veloz::span<const R>(in.data() + 8, 12)), 0u);
    EXPECT_EQ(queue.pop_batch(out), 8u);
    for (std::uint64_t i = 0; i < 8; ++i)
        EXPECT_EQ(out[i].seq, i);

    // Batches of 3 through 5 laps of the ring, popped in batches of 5: one stream, in order.
    std::uint64_t next_in = 0;
    std::uint64_t next_out = 0;
    while (next_out < 40) {
        std::array<R, 3> chunk{};
        for (std::size_t i = 0; i < chunk.size(); ++i)
            chunk[i] = make<R>(next_in + i, 1);
        next_in += queue.push_batch(chunk);
        std::array<R, 5> got{};
        const std::size_t n = queue.pop_batch(got);
        for (std::size_t i = 0; i < n; ++i) {
            ASSERT_EQ(got[i].seq, next_out) << "batch order";
            ASSERT_TRUE(intact(got[i]));
            ++next_out;
        }
    }

    // Empty spans are no-ops that report 0; popping into a span longer than the contents takes what is there.
    EXPECT_EQ(queue.push_batch(veloz::span<const R>()), 0u);
    EXPECT_EQ(queue.pop_batch(veloz::span<R>()), 0u);
    std::size_t popped = 99;
    EXPECT_EQ(queue.pop_batch(veloz::span<R>(), popped), veloz::queue_status::ok);
    EXPECT_EQ(popped, 0u);
    while (queue.try_pop()) {
    }
    ASSERT_EQ(queue.push_batch(veloz::span<const R>(in.data(), 2)), 2u);
    EXPECT_EQ(queue.pop_batch(out, popped), veloz::queue_status::ok);
    EXPECT_EQ(popped, 2u);
    EXPECT_EQ(queue.pop_batch(out, popped), veloz::queue_status::empty);
    EXPECT_EQ(popped, 0u);
}

TYPED_TEST(QueueTyped, Closed_queue_refuses_pushes_with_VELOZ_E_STATE_and_drains_then_ends_the_stream) {
    using Queue = TypeParam;
    using R = typename Queue::value_type;
    Queue queue(4);
    ASSERT_TRUE(queue.try_push(make<R>(1)));
    ASSERT_TRUE(queue.try_push(make<R>(2)));
    EXPECT_FALSE(queue.closed());
    queue.close();
    queue.close(); // a no-op
    EXPECT_TRUE(queue.closed());

    EXPECT_EQ(status_of([&] { (void)queue.try_push(make<R>(3)); }), VELOZ_E_STATE);
    EXPECT_NE(last_error().find("closed"), std::string::npos) << last_error();
    EXPECT_EQ(status_of([&] { (void)queue.push_wait(make<R>(3), 1ms); }), VELOZ_E_STATE);
    EXPECT_EQ(status_of([&] { queue.push_wait(make<R>(3)); }), VELOZ_E_STATE);
    const std::array<R, 2> two{make<R>(4), make<R>(5)};
    EXPECT_EQ(status_of([&] { (void)queue.push_batch(two); }), VELOZ_E_STATE);

    // The records pushed before the close still come out, then the end of the stream (never an exception).
    R out{};
    EXPECT_EQ(queue.try_pop(out), veloz::queue_status::ok);
    EXPECT_EQ(out.seq, 1u);
    const std::optional<R> second = queue.pop_wait(); // no limit: returns at once, a record is there
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->seq, 2u);
    EXPECT_FALSE(queue.try_pop().has_value());
    EXPECT_EQ(queue.try_pop(out), veloz::queue_status::closed);
    EXPECT_EQ(queue.pop_wait(out, 1h), veloz::queue_status::closed);
    EXPECT_FALSE(queue.pop_wait(1h).has_value());
    EXPECT_FALSE(queue.pop_wait().has_value());
    std::array<R, 4> batch{};
    std::size_t popped = 7;
    EXPECT_EQ(queue.pop_batch(batch, popped), veloz::queue_status::closed);
    EXPECT_EQ(popped, 0u);
    EXPECT_EQ(queue.pop_batch(batch), 0u);
}

TYPED_TEST(QueueTyped, Moves_transfer_the_queue_and_a_moved_from_queue_throws_invalid_handle) {
    using Queue = TypeParam;
    using R = typename Queue::value_type;
    static_assert(!std::is_copy_constructible_v<Queue> && !std::is_copy_assignable_v<Queue>);
    static_assert(std::is_nothrow_move_constructible_v<Queue> && std::is_nothrow_move_assignable_v<Queue>);

    Queue first(4);
    ASSERT_TRUE(first.try_push(make<R>(11)));
    auto* const handle = first.native_handle();
    Queue second(std::move(first));
    EXPECT_FALSE(first);
    EXPECT_TRUE(second);
    EXPECT_EQ(second.native_handle(), handle);
    EXPECT_EQ(second.capacity(), 4u);
    EXPECT_EQ(first.capacity(), 0u);

    // A moved-from queue is not "full" or "empty": every call throws.
    EXPECT_EQ(status_of([&] { (void)first.try_push(make<R>(1)); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.try_pop(); }), VELOZ_E_INVALID_HANDLE);
    R out{};
    EXPECT_EQ(status_of([&] { (void)first.try_pop(out); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.pop_wait(1ms); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.pop_batch(veloz::span<R>(&out, 1)); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.size(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { first.close(); }), VELOZ_E_INVALID_HANDLE);

    Queue third(2);
    third = std::move(second); // the old queue of `third` is destroyed
    const std::optional<R> r = third.try_pop();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->seq, 11u);

    auto* released = third.release();
    EXPECT_FALSE(third);
    if constexpr (std::is_same_v<std::remove_pointer_t<decltype(released)>, veloz_spsc>)
        veloz_spsc_destroy(released);
    else
        veloz_mpmc_destroy(released);
}

TYPED_TEST(QueueTyped, Full_and_empty_answers_allocate_nothing_on_the_heap) {
    using Queue = TypeParam;
    using R = typename Queue::value_type;
    Queue queue(4);
    const R record = make<R>(5);
    std::array<R, 8> batch{};
    R out{};
    // Warm up once (the library's first calls on this thread), then count.
    ASSERT_TRUE(queue.try_push(record));
    ASSERT_TRUE(queue.try_pop().has_value());

    // Answers are tallied into locals and checked after the count: nothing but the queue calls in between.
    int wrong = 0;
    const std::size_t before = thread_allocations;
    for (int round = 0; round < 100; ++round) {
        while (queue.try_push(record)) {
        }
        wrong += queue.try_push(record) ? 1 : 0; // full
        wrong += queue.push_wait(record, 0ns) ? 1 : 0;
        wrong += queue.push_batch(batch) != 0u ? 1 : 0;
        while (queue.try_pop()) {
        }
        wrong += queue.try_pop().has_value() ? 1 : 0; // empty
        wrong += queue.try_pop(out) != veloz::queue_status::empty ? 1 : 0;
        wrong += queue.pop_wait(0ns).has_value() ? 1 : 0;
        wrong += queue.pop_batch(batch) != 0u ? 1 : 0;
        wrong += queue.push_batch(batch) != 4u ? 1 : 0;
        wrong += queue.pop_batch(batch) != 4u ? 1 : 0;
    }
    const std::size_t allocations = thread_allocations - before;
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(allocations, 0u) << "heap allocations on the hot path";
}

// ---- capacities and the full/empty edges -------------------------------------------------------------------------

TEST(Queues, Capacity_rounds_up_to_a_power_of_two_and_bad_settings_throw) {
    EXPECT_EQ(veloz::spsc_queue<rec8>(3).capacity(), 4u);
    EXPECT_EQ(veloz::spsc_queue<rec8>(1).capacity(), 1u);
    EXPECT_EQ(veloz::mpmc_queue<rec8>(1).capacity(), 2u);
    EXPECT_EQ(veloz::mpmc_queue<rec8>(1000).capacity(), 1024u);
    EXPECT_EQ(veloz::spsc_queue<rec64>().capacity(), 1024u);
    EXPECT_EQ(veloz::spsc_queue<rec64>(veloz::queue_config{0, VELOZ_WAIT_STRATEGY_BUSY_SPIN}).capacity(), 1024u);

    EXPECT_EQ(status_of([] { veloz::spsc_queue<rec8> q(-1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] { veloz::mpmc_queue<rec8> q((1 << 26) + 1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] { veloz::spsc_queue<rec8> q(4, static_cast<veloz_wait_strategy>(9)); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_NE(last_error().find("wait_strategy"), std::string::npos) << last_error();
}

template <class Queue>
void exercise_edges(std::size_t capacity) {
    using R = typename Queue::value_type;
    Queue queue(static_cast<std::int32_t>(capacity));
    ASSERT_EQ(queue.capacity(), capacity);
    std::uint64_t next_in = 0;
    std::uint64_t next_out = 0;
    // Many laps, each filling the ring to the brim and emptying it, with a partial fill between: the index
    // arithmetic is checked at every wrap.
    for (int lap = 0; lap < 1000; ++lap) {
        for (std::size_t i = 0; i < capacity; ++i)
            ASSERT_TRUE(queue.try_push(make<R>(next_in++))) << "lap " << lap;
        ASSERT_FALSE(queue.try_push(make<R>(999'999))) << "one past the capacity";
        ASSERT_EQ(queue.size(), capacity);
        for (std::size_t i = 0; i < capacity; ++i) {
            const std::optional<R> r = queue.try_pop();
            ASSERT_TRUE(r.has_value());
            ASSERT_EQ(r->seq, next_out++);
        }
        ASSERT_FALSE(queue.try_pop().has_value());
        ASSERT_EQ(queue.size(), 0u);
        const std::size_t partial = static_cast<std::size_t>(lap) % capacity + 1;
        for (std::size_t i = 0; i < partial; ++i)
            ASSERT_TRUE(queue.try_push(make<R>(next_in++)));
        for (std::size_t i = 0; i < partial; ++i)
            ASSERT_EQ(queue.try_pop()->seq, next_out++);
    }
    const veloz_queue_stats stats = queue.stats();
    EXPECT_EQ(stats.failed_pushes, 1000);
    EXPECT_EQ(stats.failed_pops, 1000);
    EXPECT_EQ(stats.pushes, static_cast<std::int64_t>(next_in));
    EXPECT_EQ(stats.pops, static_cast<std::int64_t>(next_out));
    EXPECT_EQ(stats.high_water_mark, static_cast<std::int64_t>(capacity)) << "a full ring is sampled";

    // The library formats the full/empty message only when asked, and names the capacity.
    ASSERT_EQ(queue.push_batch(std::vector<R>(capacity)), capacity);
    ASSERT_FALSE(queue.try_push(make<R>(0)));
    EXPECT_NE(last_error().find("full (" + std::to_string(capacity) + " records)"), std::string::npos) << last_error();
}

TEST(Queues, Spsc_full_and_empty_edges_at_capacity_2_and_4) {
    exercise_edges<veloz::spsc_queue<rec8>>(2);
    exercise_edges<veloz::spsc_queue<rec64>>(4);
}

TEST(Queues, Mpmc_full_and_empty_edges_at_capacity_2_and_4) {
    exercise_edges<veloz::mpmc_queue<rec8>>(2);
    exercise_edges<veloz::mpmc_queue<rec64>>(4);
}

TEST(Queues, Spsc_peek_copies_the_oldest_record_without_taking_it) {
    veloz::spsc_queue<rec64> queue(4);
    EXPECT_FALSE(queue.try_peek().has_value());
    ASSERT_TRUE(queue.try_push(make<rec64>(7)));
    ASSERT_TRUE(queue.try_push(make<rec64>(8)));
    EXPECT_EQ(queue.try_peek()->seq, 7u);
    EXPECT_EQ(queue.try_peek()->seq, 7u);
    EXPECT_EQ(queue.size(), 2u);
    EXPECT_EQ(queue.try_pop()->seq, 7u);
    EXPECT_EQ(queue.try_peek()->seq, 8u);
}

// ---- one producer thread, one consumer thread ----------------------------------------------------------------

// The producer pushes `count` records with sequence 0..count-1 and closes; the consumer takes until the end of
// the stream and checks each record's sequence (no loss, no duplicate, order kept) and bytes.
template <class R, class Push, class Pop>
void spsc_transfer(std::size_t capacity, std::uint64_t count, Push push, Pop pop) {
    veloz::spsc_queue<R> queue(static_cast<std::int32_t>(capacity));
    std::thread producer([&] {
        push(queue, count);
        queue.close();
    });
    std::uint64_t expected = 0;
    bool all_intact = true;
    pop(queue, [&](const R& r) {
        if (r.seq != expected)
            return false;
        all_intact = all_intact && intact(r);
        ++expected;
        return true;
    });
    producer.join();
    EXPECT_EQ(expected, count) << "records received in sequence";
    EXPECT_TRUE(all_intact);
    const veloz_queue_stats stats = queue.stats();
    EXPECT_EQ(stats.pushes, static_cast<std::int64_t>(count));
    EXPECT_EQ(stats.pops, static_cast<std::int64_t>(count));
    EXPECT_EQ(stats.size, 0);
    EXPECT_EQ(stats.closed, 1);
}

template <class R>
void push_singles(veloz::spsc_queue<R>& queue, std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i)
        push_spinning(queue, make<R>(i));
}

// Until the end of the stream; `take` returns false at the first record out of sequence.
template <class R, class Take>
void pop_singles(veloz::spsc_queue<R>& queue, Take&& take) {
    R r{};
    unsigned spins = 0;
    for (;;) {
        const veloz::queue_status status = queue.try_pop(r);
        if (status == veloz::queue_status::ok) {
            spins = 0;
            if (!take(r))
                return;
        } else if (status == veloz::queue_status::closed) {
            return;
        } else {
            backoff(spins);
        }
    }
}

TEST(Queues, Spsc_two_threads_move_2e6_records_by_single_calls_in_sequence) {
    spsc_transfer<rec8>(1024, 2'000'000, push_singles<rec8>, [](auto& q, auto&& take) { pop_singles<rec8>(q, take); });
}

TEST(Queues, Spsc_two_threads_move_1e6_records_at_capacity_4_mixing_batches_and_singles) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    spsc_transfer<rec64>(
        4, 1'000'000,
        [seed](veloz::spsc_queue<rec64>& queue, std::uint64_t count) {
            std::mt19937_64 random(seed);
            std::array<rec64, 7> chunk{}; // up to 7 at a time: more than the capacity
            std::uint64_t next = 0;
            unsigned spins = 0;
            while (next < count) {
                if ((random() & 3) == 0) {
                    push_spinning(queue, make<rec64>(next++));
                    continue;
                }
                const std::size_t n = std::min<std::size_t>(1 + random() % chunk.size(), count - next);
                for (std::size_t i = 0; i < n; ++i)
                    chunk[i] = make<rec64>(next + i);
                const std::size_t pushed = queue.push_batch(veloz::span<const rec64>(chunk.data(), n));
                next += pushed; // the rest is rebuilt from `next` on the next round
                if (pushed == 0)
                    backoff(spins);
                else
                    spins = 0;
            }
        },
        [seed](veloz::spsc_queue<rec64>& queue, auto&& take) {
            std::mt19937_64 random(seed ^ 0x9e3779b97f4a7c15ull);
            std::array<rec64, 6> got{};
            unsigned spins = 0;
            for (;;) {
                std::size_t popped = 0;
                const std::size_t room = 1 + random() % got.size();
                const veloz::queue_status status = queue.pop_batch(veloz::span<rec64>(got.data(), room), popped);
                if (status == veloz::queue_status::closed)
                    return;
                if (status == veloz::queue_status::empty) {
                    backoff(spins);
                    continue;
                }
                spins = 0;
                for (std::size_t i = 0; i < popped; ++i)
                    if (!take(got[i]))
                        return;
            }
        });
}

TEST(Queues, Spsc_two_threads_at_capacity_2_with_blocking_waits_on_both_sides) {
    spsc_transfer<rec8>(
        2, 200'000,
        [](veloz::spsc_queue<rec8>& queue, std::uint64_t count) {
            for (std::uint64_t i = 0; i < count; ++i)
                queue.push_wait(make<rec8>(i)); // parks when full; woken by the consumer
        },
        [](veloz::spsc_queue<rec8>& queue, auto&& take) {
            while (const std::optional<rec8> r = queue.pop_wait()) // nullopt only at the end of the stream
                if (!take(*r))
                    return;
        });
}

// ---- many producers, many consumers ---------------------------------------------------------------------------

// `producers` threads push `per_producer` records each (rec64: producer id and sequence); `consumers` threads
// pop until the end of the stream. Checked: each consumer sees each producer's sequences strictly increasing
// (per-producer order), every (producer, seq) arrives exactly once across consumers, counts and sums match.
void mpmc_transfer(std::size_t capacity, std::uint32_t producers, std::uint32_t consumers, std::uint64_t per_producer,
                   bool batches) {
    veloz::mpmc_queue<rec64> queue(static_cast<std::int32_t>(capacity));
    std::atomic<std::uint32_t> producers_left{producers};
    std::vector<std::thread> threads;
    for (std::uint32_t p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
            std::array<rec64, 5> chunk{};
            std::uint64_t next = 0;
            unsigned spins = 0;
            while (next < per_producer) {
                if (!batches || (next & 1) == 0) {
                    push_spinning(queue, make<rec64>(next++, p));
                    continue;
                }
                const std::size_t n = std::min<std::size_t>(chunk.size(), per_producer - next);
                for (std::size_t i = 0; i < n; ++i)
                    chunk[i] = make<rec64>(next + i, p);
                const std::size_t pushed = queue.push_batch(veloz::span<const rec64>(chunk.data(), n));
                next += pushed;
                if (pushed == 0)
                    backoff(spins);
                else
                    spins = 0;
            }
            if (producers_left.fetch_sub(1) == 1)
                queue.close(); // the last producer ends the stream
        });
    }

    struct tally {
        std::vector<std::vector<std::uint8_t>> seen;
        std::vector<std::uint64_t> count;
        std::vector<std::uint64_t> sum;
        std::uint64_t out_of_order = 0;
        std::uint64_t damaged = 0;
    };
    std::vector<tally> tallies(consumers);
    for (std::uint32_t c = 0; c < consumers; ++c) {
        tally& t = tallies[c];
        t.seen.assign(producers, std::vector<std::uint8_t>(per_producer, 0));
        t.count.assign(producers, 0);
        t.sum.assign(producers, 0);
        threads.emplace_back([&queue, &t, producers, per_producer, batches] {
            std::vector<std::int64_t> last(producers, -1);
            auto take = [&](const rec64& r) {
                if (r.producer >= producers || r.seq >= per_producer || !intact(r)) {
                    ++t.damaged;
                    return;
                }
                if (static_cast<std::int64_t>(r.seq) <= last[r.producer])
                    ++t.out_of_order;
                last[r.producer] = static_cast<std::int64_t>(r.seq);
                ++t.seen[r.producer][r.seq];
                ++t.count[r.producer];
                t.sum[r.producer] += r.seq;
            };
            std::array<rec64, 4> got{};
            unsigned spins = 0;
            for (;;) {
                std::size_t popped = 0;
                veloz::queue_status status;
                if (batches) {
                    status = queue.pop_batch(got, popped);
                } else {
                    status = queue.try_pop(got[0]);
                    popped = status == veloz::queue_status::ok ? 1 : 0;
                }
                if (status == veloz::queue_status::closed)
                    return;
                if (popped == 0) {
                    backoff(spins);
                    continue;
                }
                spins = 0;
                for (std::size_t i = 0; i < popped; ++i)
                    take(got[i]);
            }
        });
    }
    for (std::thread& t : threads)
        t.join();

    const std::uint64_t expected_sum = per_producer * (per_producer - 1) / 2;
    for (std::uint32_t p = 0; p < producers; ++p) {
        std::uint64_t count = 0;
        std::uint64_t sum = 0;
        std::uint64_t missing = 0;
        std::uint64_t duplicated = 0;
        for (std::uint64_t s = 0; s < per_producer; ++s) {
            unsigned times = 0;
            for (const tally& t : tallies)
                times += t.seen[p][s];
            missing += times == 0;
            duplicated += times > 1;
        }
        for (const tally& t : tallies) {
            count += t.count[p];
            sum += t.sum[p];
        }
        EXPECT_EQ(missing, 0u) << "producer " << p;
        EXPECT_EQ(duplicated, 0u) << "producer " << p;
        EXPECT_EQ(count, per_producer) << "producer " << p;
        EXPECT_EQ(sum, expected_sum) << "producer " << p;
    }
    for (std::uint32_t c = 0; c < consumers; ++c) {
        EXPECT_EQ(tallies[c].out_of_order, 0u) << "consumer " << c << " saw a producer's records out of order";
        EXPECT_EQ(tallies[c].damaged, 0u) << "consumer " << c;
    }
    const veloz_queue_stats stats = queue.stats();
    EXPECT_EQ(stats.pushes, static_cast<std::int64_t>(producers * per_producer));
    EXPECT_EQ(stats.pops, static_cast<std::int64_t>(producers * per_producer));
}

TEST(Queues, Mpmc_2_producers_2_consumers_single_calls_keep_per_producer_order_and_checksums) {
    mpmc_transfer(1024, 2, 2, 500'000, false);
}

TEST(Queues, Mpmc_2_producers_2_consumers_batches_at_capacity_4) {
    mpmc_transfer(4, 2, 2, 250'000, true);
}

TEST(Queues, Mpmc_1_to_3_producers_and_consumers_at_capacity_2) {
    mpmc_transfer(2, 1, 3, 60'000, false);
    mpmc_transfer(2, 3, 1, 60'000, true);
}

// ---- close and timeouts ---------------------------------------------------------------------------------------------

template <class Queue>
void close_wakes_a_waiting_consumer() {
    using R = typename Queue::value_type;
    Queue queue(4);
    std::atomic<bool> waiting{false};
    std::atomic<bool> returned{false};
    auto consumer = std::async(std::launch::async, [&] {
        waiting = true;
        std::optional<R> r = queue.pop_wait(); // without limit
        returned = true;
        return r.has_value();
    });
    while (!waiting)
        std::this_thread::yield();
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(returned) << "pop_wait() returned before the close";
    const auto closed_at = steady::now();
    queue.close();
    ASSERT_EQ(consumer.wait_for(5s), std::future_status::ready) << "the close did not wake the consumer";
    EXPECT_FALSE(consumer.get()) << "nothing was pushed: the end of the stream";
    EXPECT_LT(milliseconds_since(closed_at), 1000.0);
}

template <class Queue>
void close_wakes_a_waiting_producer() {
    using R = typename Queue::value_type;
    Queue queue(2);
    while (queue.try_push(make<R>(1))) {
    }
    std::atomic<bool> waiting{false};
    auto producer = std::async(std::launch::async, [&] {
        waiting = true;
        return status_of([&] { queue.push_wait(make<R>(2)); }); // full: waits without limit
    });
    while (!waiting)
        std::this_thread::yield();
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(producer.wait_for(0ms), std::future_status::timeout) << "push_wait returned on a full queue";
    queue.close();
    ASSERT_EQ(producer.wait_for(5s), std::future_status::ready) << "the close did not wake the producer";
    EXPECT_EQ(producer.get(), VELOZ_E_STATE);
    EXPECT_EQ(queue.size(), 2u) << "the records before the close stay";
}

TEST(Queues, Close_wakes_a_consumer_waiting_without_limit) {
    close_wakes_a_waiting_consumer<veloz::spsc_queue<rec8>>();
    close_wakes_a_waiting_consumer<veloz::mpmc_queue<rec64>>();
}

TEST(Queues, Close_wakes_a_producer_waiting_on_a_full_queue) {
    close_wakes_a_waiting_producer<veloz::spsc_queue<rec64>>();
    close_wakes_a_waiting_producer<veloz::mpmc_queue<rec8>>();
}

TEST(Queues, A_waiting_consumer_gets_the_record_pushed_later) {
    veloz::mpmc_queue<rec64> queue(8);
    auto consumer = std::async(std::launch::async, [&] { return queue.pop_wait(10s); });
    std::this_thread::sleep_for(20ms);
    ASSERT_TRUE(queue.try_push(make<rec64>(42, 1)));
    ASSERT_EQ(consumer.wait_for(5s), std::future_status::ready);
    const std::optional<rec64> r = consumer.get();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->seq, 42u);
    EXPECT_TRUE(intact(*r));
}

template <class Queue>
void timeouts_are_honoured() {
    using R = typename Queue::value_type;
    for (veloz_wait_strategy strategy :
         {VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK, VELOZ_WAIT_STRATEGY_SPIN_THEN_YIELD, VELOZ_WAIT_STRATEGY_BUSY_SPIN}) {
        SCOPED_TRACE(strategy);
        Queue queue(2, strategy);
        // Empty: pop_wait waits about the timeout (loose upper bound: a busy 2-core machine stalls).
        auto start = steady::now();
        EXPECT_FALSE(queue.pop_wait(30ms).has_value());
        double waited = milliseconds_since(start);
        EXPECT_GE(waited, 29.0);
        EXPECT_LT(waited, 1500.0);
        R out{};
        start = steady::now();
        EXPECT_EQ(queue.pop_wait(out, std::chrono::duration<double, std::milli>(12.5)), veloz::queue_status::empty);
        waited = milliseconds_since(start);
        EXPECT_GE(waited, 12.0);
        EXPECT_LT(waited, 1500.0);

        // Full: push_wait likewise.
        while (queue.try_push(make<R>(1))) {
        }
        start = steady::now();
        EXPECT_FALSE(queue.push_wait(make<R>(2), 30ms));
        waited = milliseconds_since(start);
        EXPECT_GE(waited, 29.0);
        EXPECT_LT(waited, 1500.0);

        // Zero and negative timeouts try once and return at once (never "forever", unlike the C call's -1).
        start = steady::now();
        EXPECT_FALSE(queue.push_wait(make<R>(2), 0ns));
        EXPECT_FALSE(queue.push_wait(make<R>(2), -1s));
        while (queue.try_pop()) {
        }
        EXPECT_FALSE(queue.pop_wait(0s).has_value());
        EXPECT_FALSE(queue.pop_wait(-5min).has_value());
        EXPECT_LT(milliseconds_since(start), 500.0);

        // A timed-out wait counts once as a failed call.
        const veloz_queue_stats stats = queue.stats();
        EXPECT_EQ(stats.failed_pushes, 4); // 3 waits and the try_push that found the ring full
        EXPECT_EQ(stats.failed_pops, 5);   // 4 waits and the try_pop that found it empty
    }
}

TEST(Queues, Spsc_timeouts_are_honoured_with_every_wait_strategy) { timeouts_are_honoured<veloz::spsc_queue<rec8>>(); }

TEST(Queues, Mpmc_timeouts_are_honoured_with_every_wait_strategy) { timeouts_are_honoured<veloz::mpmc_queue<rec64>>(); }

TEST(Queues, Chrono_timeouts_become_timeout_ns_without_overflow) {
    using veloz::detail::timeout_ns;
    EXPECT_EQ(timeout_ns(0ns), 0);
    EXPECT_EQ(timeout_ns(-1ns), 0);
    EXPECT_EQ(timeout_ns(-10h), 0);
    EXPECT_EQ(timeout_ns(1ns), 1);
    EXPECT_EQ(timeout_ns(1s), 1'000'000'000);
    EXPECT_EQ(timeout_ns(std::chrono::duration<double, std::nano>(1.5)), 2); // rounds up
    EXPECT_EQ(timeout_ns(std::chrono::duration<double, std::nano>(0.25)), 1);
    EXPECT_EQ(timeout_ns(std::chrono::duration<double>(0.001)), 1'000'000);
    EXPECT_EQ(timeout_ns(24h * 365), 31'536'000'000'000'000);
    EXPECT_EQ(timeout_ns(std::chrono::nanoseconds::max()), -1); // without limit
    EXPECT_EQ(timeout_ns(std::chrono::hours::max()), -1);
    EXPECT_EQ(timeout_ns(std::chrono::seconds(std::numeric_limits<std::int64_t>::max() / 1000)), -1);
    EXPECT_EQ(timeout_ns(std::chrono::duration<double>(std::numeric_limits<double>::infinity())), -1);
    EXPECT_EQ(timeout_ns(std::chrono::duration<double>(std::numeric_limits<double>::quiet_NaN())), 0);
}

// ---- hostile input through the raw C API --------------------------------------------------------------------------

// Every SPSC function given `q` must report VELOZ_E_INVALID_HANDLE (and destroy must be a no-op).
void expect_every_spsc_call_refuses(veloz_spsc* q, const char* what) {
    SCOPED_TRACE(what);
    rec64 records[4]{};
    std::int32_t done = -1;
    std::int64_t size = -1;
    veloz_queue_stats stats{};
    stats.struct_size = sizeof stats;
    EXPECT_EQ(veloz_spsc_push(q, records), VELOZ_E_INVALID_HANDLE);
    EXPECT_NE(last_error(), "");
    EXPECT_EQ(veloz_spsc_pop(q, records), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_peek(q, records), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_push_batch(q, records, 4, &done), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_pop_batch(q, records, 4, &done), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_push_wait(q, records, 1000), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_pop_wait(q, records, 1000), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_push_wait(q, records, -1), VELOZ_E_INVALID_HANDLE) << "an invalid handle never waits";
    EXPECT_EQ(veloz_spsc_pop_wait(q, records, -1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_close(q), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_size(q, &size), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_spsc_get_stats(q, &stats), VELOZ_E_INVALID_HANDLE);
    veloz_spsc_destroy(q); // a no-op for anything that is not a live SPSC queue
}

void expect_every_mpmc_call_refuses(veloz_mpmc* q, const char* what) {
    SCOPED_TRACE(what);
    rec64 records[4]{};
    std::int32_t done = -1;
    std::int64_t size = -1;
    veloz_queue_stats stats{};
    stats.struct_size = sizeof stats;
    EXPECT_EQ(veloz_mpmc_push(q, records), VELOZ_E_INVALID_HANDLE);
    EXPECT_NE(last_error(), "");
    EXPECT_EQ(veloz_mpmc_pop(q, records), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_push_batch(q, records, 4, &done), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_pop_batch(q, records, 4, &done), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_push_wait(q, records, 1000), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_pop_wait(q, records, 1000), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_push_wait(q, records, -1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_pop_wait(q, records, -1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_close(q), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_size(q, &size), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_mpmc_get_stats(q, &stats), VELOZ_E_INVALID_HANDLE);
    veloz_mpmc_destroy(q);
}

veloz_queue_stats spsc_stats(veloz_spsc* q) {
    veloz_queue_stats stats{};
    stats.struct_size = sizeof stats;
    EXPECT_EQ(veloz_spsc_get_stats(q, &stats), VELOZ_OK);
    return stats;
}

veloz_queue_stats mpmc_stats(veloz_mpmc* q) {
    veloz_queue_stats stats{};
    stats.struct_size = sizeof stats;
    EXPECT_EQ(veloz_mpmc_get_stats(q, &stats), VELOZ_OK);
    return stats;
}

TEST(QueueHostileInput, Null_handles_are_invalid_handles) {
    expect_every_spsc_call_refuses(nullptr, "NULL spsc");
    expect_every_mpmc_call_refuses(nullptr, "NULL mpmc");
}

TEST(QueueHostileInput, Destroyed_handles_are_invalid_handles_and_destroy_twice_is_harmless) {
    veloz_spsc* spsc = nullptr;
    ASSERT_EQ(veloz_spsc_create(nullptr, &spsc), VELOZ_OK);
    ASSERT_NE(spsc, nullptr);
    veloz_spsc_destroy(spsc);
    expect_every_spsc_call_refuses(spsc, "destroyed spsc");
    veloz_spsc_destroy(spsc);

    veloz_mpmc* mpmc = nullptr;
    ASSERT_EQ(veloz_mpmc_create(nullptr, &mpmc), VELOZ_OK);
    veloz_mpmc_destroy(mpmc);
    expect_every_mpmc_call_refuses(mpmc, "destroyed mpmc");
    veloz_mpmc_destroy(mpmc);
}

TEST(QueueHostileInput, A_handle_of_another_type_is_an_invalid_handle_and_survives) {
    veloz::spsc_queue<rec64> spsc(4);
    veloz::mpmc_queue<rec64> mpmc(4);
    veloz::histogram histogram;
    ASSERT_TRUE(spsc.try_push(make<rec64>(1)));
    ASSERT_TRUE(mpmc.try_push(make<rec64>(2)));

    expect_every_spsc_call_refuses(reinterpret_cast<veloz_spsc*>(mpmc.native_handle()), "mpmc as spsc");
    expect_every_mpmc_call_refuses(reinterpret_cast<veloz_mpmc*>(spsc.native_handle()), "spsc as mpmc");
    expect_every_spsc_call_refuses(reinterpret_cast<veloz_spsc*>(histogram.native_handle()), "histogram as spsc");
    expect_every_mpmc_call_refuses(reinterpret_cast<veloz_mpmc*>(histogram.native_handle()), "histogram as mpmc");
    for (std::uintptr_t value : {std::uintptr_t{1}, std::uintptr_t{0xDEADBEEF}, ~std::uintptr_t{0}}) {
        expect_every_spsc_call_refuses(reinterpret_cast<veloz_spsc*>(value), "made-up spsc");
        expect_every_mpmc_call_refuses(reinterpret_cast<veloz_mpmc*>(value), "made-up mpmc");
    }

    // The wrong-type destroys were no-ops: both queues are alive, open and unchanged.
    EXPECT_FALSE(spsc.closed());
    EXPECT_FALSE(mpmc.closed());
    EXPECT_EQ(spsc.try_pop()->seq, 1u);
    EXPECT_EQ(mpmc.try_pop()->seq, 2u);
    histogram.record(5);
    EXPECT_EQ(histogram.count(), 1);
}

TEST(QueueHostileInput, Null_buffers_and_negative_counts_are_invalid_arguments_and_change_nothing) {
    veloz::spsc_queue<rec64> spsc_queue(4);
    veloz::mpmc_queue<rec64> mpmc_queue(4);
    veloz_spsc* s = spsc_queue.native_handle();
    veloz_mpmc* m = mpmc_queue.native_handle();
    ASSERT_TRUE(spsc_queue.try_push(make<rec64>(1)));
    ASSERT_TRUE(mpmc_queue.try_push(make<rec64>(1)));
    const veloz_queue_stats spsc_before = spsc_stats(s);
    const veloz_queue_stats mpmc_before = mpmc_stats(m);
    rec64 records[4]{};
    std::int32_t done = -1;

    EXPECT_EQ(veloz_spsc_push(s, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_NE(last_error().find("record"), std::string::npos) << last_error();
    EXPECT_EQ(veloz_spsc_pop(s, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_peek(s, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_push_wait(s, nullptr, 0), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_pop_wait(s, nullptr, -1), VELOZ_E_INVALID_ARGUMENT) << "refused before waiting";
    EXPECT_EQ(veloz_spsc_push_batch(s, nullptr, 2, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_pop_batch(s, nullptr, 2, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_push_batch(s, records, -1, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_push_batch(s, records, INT32_MIN, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_pop_batch(s, records, -1, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_push_batch(s, records, 2, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_pop_batch(s, records, 2, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_size(s, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_spsc_get_stats(s, nullptr), VELOZ_E_INVALID_ARGUMENT);
    // NULL with a count of 0 is a valid empty batch.
    EXPECT_EQ(veloz_spsc_push_batch(s, nullptr, 0, &done), VELOZ_OK);
    EXPECT_EQ(done, 0);
    EXPECT_EQ(veloz_spsc_pop_batch(s, nullptr, 0, &done), VELOZ_OK);
    EXPECT_EQ(done, 0);

    EXPECT_EQ(veloz_mpmc_push(m, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_pop(m, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_push_wait(m, nullptr, 0), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_pop_wait(m, nullptr, -1), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_push_batch(m, nullptr, 2, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_pop_batch(m, nullptr, 2, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_push_batch(m, records, -1, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_pop_batch(m, records, INT32_MIN, &done), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_push_batch(m, records, 2, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_pop_batch(m, records, 2, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_size(m, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_get_stats(m, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_push_batch(m, nullptr, 0, &done), VELOZ_OK);
    EXPECT_EQ(done, 0);

    EXPECT_EQ(spsc_stats(s).pushes, spsc_before.pushes);
    EXPECT_EQ(spsc_stats(s).pops, spsc_before.pops);
    EXPECT_EQ(mpmc_stats(m).pushes, mpmc_before.pushes);
    EXPECT_EQ(mpmc_stats(m).pops, mpmc_before.pops);
    EXPECT_EQ(spsc_queue.try_pop()->seq, 1u);
    EXPECT_EQ(mpmc_queue.try_pop()->seq, 1u);
}

TEST(QueueHostileInput, A_batch_larger_than_the_capacity_pushes_the_capacity) {
    veloz_spsc_config config{};
    config.struct_size = sizeof config;
    config.capacity = 4;
    config.record_size = 8;
    veloz_spsc* s = nullptr;
    ASSERT_EQ(veloz_spsc_create(&config, &s), VELOZ_OK);
    std::uint64_t records[100];
    std::iota(std::begin(records), std::end(records), 0u);
    std::int32_t done = -1;
    EXPECT_EQ(veloz_spsc_push_batch(s, records, 100, &done), VELOZ_OK);
    EXPECT_EQ(done, 4);
    EXPECT_EQ(veloz_spsc_push_batch(s, records, INT32_MAX, &done), VELOZ_E_FULL) << "INT32_MAX is only a count";
    EXPECT_EQ(done, 0);
    std::uint64_t out[100] = {};
    EXPECT_EQ(veloz_spsc_pop_batch(s, out, 100, &done), VELOZ_OK);
    EXPECT_EQ(done, 4);
    EXPECT_EQ(out[3], 3u);
    EXPECT_EQ(out[4], 0u) << "nothing written beyond the records popped";
    veloz_spsc_destroy(s);

    veloz_mpmc_config mpmc_config{};
    mpmc_config.struct_size = sizeof mpmc_config;
    mpmc_config.capacity = 2;
    mpmc_config.record_size = 8;
    veloz_mpmc* m = nullptr;
    ASSERT_EQ(veloz_mpmc_create(&mpmc_config, &m), VELOZ_OK);
    EXPECT_EQ(veloz_mpmc_push_batch(m, records, 100, &done), VELOZ_OK);
    EXPECT_EQ(done, 2);
    EXPECT_EQ(veloz_mpmc_push_batch(m, records, 1, &done), VELOZ_E_FULL);
    EXPECT_EQ(done, 0);
    veloz_mpmc_destroy(m);
}

TEST(QueueHostileInput, Bad_configs_are_refused_and_store_null) {
    auto spsc_refuses = [](veloz_spsc_config config, const char* field) {
        SCOPED_TRACE(field);
        veloz_spsc* q = reinterpret_cast<veloz_spsc*>(std::uintptr_t{0x1234});
        EXPECT_EQ(veloz_spsc_create(&config, &q), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_EQ(q, nullptr);
        EXPECT_NE(last_error().find(field), std::string::npos) << last_error();
    };
    auto mpmc_refuses = [](veloz_mpmc_config config, const char* field) {
        SCOPED_TRACE(field);
        veloz_mpmc* q = reinterpret_cast<veloz_mpmc*>(std::uintptr_t{0x1234});
        EXPECT_EQ(veloz_mpmc_create(&config, &q), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_EQ(q, nullptr);
        EXPECT_NE(last_error().find(field), std::string::npos) << last_error();
    };
    veloz_spsc_config s{};
    s.struct_size = sizeof s;
    veloz_mpmc_config m{};
    m.struct_size = sizeof m;
    for (std::int32_t record_size : {7, 1025, -8, 1 << 20}) {
        veloz_spsc_config sc = s;
        sc.record_size = record_size;
        spsc_refuses(sc, "record_size");
        veloz_mpmc_config mc = m;
        mc.record_size = record_size;
        mpmc_refuses(mc, "record_size");
    }
    for (std::int32_t capacity : {-1, (1 << 26) + 1, INT32_MAX}) {
        veloz_spsc_config sc = s;
        sc.capacity = capacity;
        spsc_refuses(sc, "capacity");
        veloz_mpmc_config mc = m;
        mc.capacity = capacity;
        mpmc_refuses(mc, "capacity");
    }
    for (veloz_wait_strategy strategy : {-1, 3, 1000}) {
        veloz_spsc_config sc = s;
        sc.wait_strategy = strategy;
        spsc_refuses(sc, "wait_strategy");
        veloz_mpmc_config mc = m;
        mc.wait_strategy = strategy;
        mpmc_refuses(mc, "wait_strategy");
    }
    for (std::uint32_t struct_size : {0u, 4097u}) {
        veloz_spsc_config sc = s;
        sc.struct_size = struct_size;
        spsc_refuses(sc, "struct_size");
        veloz_mpmc_config mc = m;
        mc.struct_size = struct_size;
        mpmc_refuses(mc, "struct_size");
    }
    EXPECT_EQ(veloz_spsc_create(&s, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_mpmc_create(nullptr, nullptr), VELOZ_E_INVALID_ARGUMENT);

    // NULL config and an all-zero config (but struct_size) are the defaults: 1,024 records of 64 bytes.
    veloz_spsc* q = nullptr;
    ASSERT_EQ(veloz_spsc_create(nullptr, &q), VELOZ_OK);
    EXPECT_EQ(spsc_stats(q).capacity, 1024);
    EXPECT_EQ(spsc_stats(q).record_size, 64);
    veloz_spsc_destroy(q);
    veloz_mpmc* mq = nullptr;
    ASSERT_EQ(veloz_mpmc_create(&m, &mq), VELOZ_OK);
    EXPECT_EQ(mpmc_stats(mq).capacity, 1024);
    EXPECT_EQ(mpmc_stats(mq).record_size, 64);
    veloz_mpmc_destroy(mq);
}

TEST(QueueHostileInput, A_short_stats_struct_gets_only_what_fits) {
    veloz::spsc_queue<rec8> queue(8);
    ASSERT_TRUE(queue.try_push(make<rec8>(1)));
    alignas(veloz_queue_stats) unsigned char buffer[sizeof(veloz_queue_stats) + 16];
    std::memset(buffer, 0xAB, sizeof buffer);
    veloz_queue_stats* stats = reinterpret_cast<veloz_queue_stats*>(buffer);
    const std::uint32_t short_size = static_cast<std::uint32_t>(offsetof(veloz_queue_stats, size));
    std::memcpy(buffer, &short_size, sizeof short_size);
    ASSERT_EQ(veloz_spsc_get_stats(queue.native_handle(), stats), VELOZ_OK);
    std::uint32_t struct_size = 0;
    std::memcpy(&struct_size, buffer, sizeof struct_size);
    EXPECT_EQ(struct_size, short_size) << "struct_size is left as it was";
    std::int32_t capacity = 0;
    std::memcpy(&capacity, buffer + offsetof(veloz_queue_stats, capacity), sizeof capacity);
    EXPECT_EQ(capacity, 8);
    for (std::size_t i = short_size; i < sizeof buffer; ++i)
        ASSERT_EQ(buffer[i], 0xAB) << "byte " << i << " beyond struct_size was written";
}

TEST(QueueHostileInput, Destroying_a_queue_wakes_a_thread_waiting_in_it_through_the_C_API) {
    veloz_spsc* q = nullptr;
    ASSERT_EQ(veloz_spsc_create(nullptr, &q), VELOZ_OK);
    std::atomic<bool> waiting{false};
    auto consumer = std::async(std::launch::async, [&] {
        rec64 record{};
        waiting = true;
        return veloz_spsc_pop_wait(q, &record, -1);
    });
    while (!waiting)
        std::this_thread::yield();
    std::this_thread::sleep_for(30ms);
    veloz_spsc_destroy(q);
    ASSERT_EQ(consumer.wait_for(5s), std::future_status::ready) << "destroy did not wake the waiter";
    const veloz_status status = consumer.get();
    // Woken by the close inside destroy (VELOZ_E_STATE), or, had it not started waiting yet, refused.
    EXPECT_TRUE(status == VELOZ_E_STATE || status == VELOZ_E_INVALID_HANDLE) << veloz_status_name(status);
}

} // namespace
