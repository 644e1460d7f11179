// veloz::fixed_pool / concurrent_pool / arena / arena_resource: RAII lifetimes, rent and give back, make<T> with
// counted constructors and destructors, exhaustion (VELOZ_E_FULL from rent(), nullptr from try_rent()), every kind
// of refused return (foreign, inside a block, twice, another pool's, NULL) throwing the library's message with the
// pool unchanged, the owner-thread rule, four threads returning each other's stamped blocks, arena alignment and
// reset, std::pmr containers growing through arena_resource, the memory report and its Prometheus text, and a
// randomized differential run of veloz_pool_* against a std::set model.
//
// Sized for a 2-core machine: the threaded and randomized tests take well under a second apiece.
#include <veloz.hpp>

#include "Common/seed.hpp"
#include "Common/status_of.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <memory_resource>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

using veloz_tests::status_of;

// The veloz::error a call throws (status VELOZ_OK and an empty message when it throws none).
template <class Call>
std::pair<veloz_status, std::string> error_of(Call&& call) {
    try {
        call();
    } catch (const veloz::error& e) {
        return {e.status(), e.message()};
    }
    return {VELOZ_OK, std::string()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

std::string hex(const void* p) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%llX", static_cast<unsigned long long>(address(p)));
    return text;
}

veloz::pool_config settings(std::int32_t block_size, std::int32_t initial_blocks, std::int32_t max_blocks, const char* name) {
    veloz::pool_config config;
    config.block_size = block_size;
    config.initial_blocks = initial_blocks;
    config.max_blocks = max_blocks;
    config.name = name;
    return config;
}

// Every counter of two stats equal but bad_returns, which is one more in `after`.
void expect_same_but_one_bad_return(veloz_pool_stats before, const veloz_pool_stats& after) {
    before.bad_returns += 1;
    EXPECT_EQ(std::memcmp(&before, &after, sizeof before), 0)
        << "in_use " << after.in_use << ", rents " << after.rents << ", returns " << after.returns << ", bad_returns "
        << after.bad_returns << ", capacity " << after.capacity;
}

// Constructions and destructions of `counted`, to see make<T>() and its deleter run them exactly once.
struct counters {
    int constructed = 0;
    int destroyed = 0;
};

struct counted {
    counted(counters& c, std::int64_t v) : tally(&c), value(v) { ++tally->constructed; }
    counted(const counted&) = delete;
    counted& operator=(const counted&) = delete;
    ~counted() { ++tally->destroyed; }

    counters* tally;
    std::int64_t value;
};

struct throws_on_construction {
    explicit throws_on_construction(int) { throw std::runtime_error("constructor failed"); }
};

struct alignas(64) cache_line {
    std::uint64_t words[8];
};

struct big {
    unsigned char bytes[200];
};

// ---- typed: both pool kinds ----------------------------------------------------------------------------------

template <class Pool>
class PoolTyped : public ::testing::Test {};

using pool_types = ::testing::Types<veloz::fixed_pool, veloz::concurrent_pool>;
TYPED_TEST_SUITE(PoolTyped, pool_types);

TYPED_TEST(PoolTyped, Rented_blocks_are_aligned_distinct_and_come_back_last_in_first_out) {
    using Pool = TypeParam;
    veloz::pool_config config = settings(40, 4, 0, "cpp-typed-pool");
    config.alignment = 64;
    Pool pool(config);
    EXPECT_EQ(pool.block_size(), 40u);
    EXPECT_EQ(pool.alignment(), 64u);

    std::vector<unsigned char*> blocks;
    for (int i = 0; i < 10; ++i) { // past the 4 initial blocks: the pool grows
        auto* block = static_cast<unsigned char*>(pool.rent());
        ASSERT_NE(block, nullptr);
        EXPECT_EQ(address(block) % 64, 0u) << "block " << i;
        EXPECT_TRUE(pool.is_rented(block));
        std::memset(block, i + 1, 40);
        blocks.push_back(block);
    }
    for (std::size_t i = 0; i < blocks.size(); ++i)
        for (std::size_t k = 0; k < 40; ++k)
            ASSERT_EQ(blocks[i][k], static_cast<unsigned char>(i + 1)) << "blocks overlap: " << i << "[" << k << "]";
    EXPECT_FALSE(pool.is_rented(blocks[0] + 1));
    EXPECT_FALSE(pool.is_rented(nullptr));

    veloz_pool_stats stats = pool.stats();
    EXPECT_EQ(stats.block_size, 40);
    EXPECT_EQ(stats.alignment, 64);
    EXPECT_EQ(stats.stride, 64);
    EXPECT_EQ(stats.in_use, 10);
    EXPECT_EQ(stats.rents, 10);
    EXPECT_GE(stats.capacity, 10);
    EXPECT_GE(stats.chunks, 2);

    pool.give_back(blocks[3]);
    pool.give_back(blocks[7]);
    EXPECT_FALSE(pool.is_rented(blocks[3]));
    EXPECT_EQ(pool.rent(), blocks[7]) << "the most recently returned block comes back first";
    EXPECT_EQ(pool.rent(), blocks[3]);
    for (unsigned char* block : blocks)
        pool.give_back(block);
    stats = pool.stats();
    EXPECT_EQ(stats.in_use, 0);
    EXPECT_EQ(stats.rents, 12);
    EXPECT_EQ(stats.returns, 12);
    EXPECT_EQ(stats.peak_in_use, 10);
    EXPECT_EQ(stats.bad_returns, 0);
}

TYPED_TEST(PoolTyped, Exhaustion_throws_VELOZ_E_FULL_from_rent_and_is_nullptr_from_try_rent) {
    using Pool = TypeParam;
    Pool pool(settings(16, 2, 4, "cpp-exhausted"));
    std::vector<void*> blocks;
    for (int i = 0; i < 4; ++i)
        blocks.push_back(pool.rent());
    const veloz_pool_stats full = pool.stats();
    EXPECT_EQ(full.capacity, 4);
    EXPECT_EQ(full.max_blocks, 4);

    const auto [status, message] = error_of([&] { (void)pool.rent(); });
    EXPECT_EQ(status, VELOZ_E_FULL);
    EXPECT_TRUE(contains(message, "4 blocks are rented and max_blocks is 4")) << message;
    EXPECT_EQ(pool.try_rent(), nullptr);
    std::array<void*, 3> batch{};
    EXPECT_EQ(pool.rent_batch(batch), 0u);

    // Only the failed-rent counter moved; a block given back can be rented again.
    veloz_pool_stats after = pool.stats();
    EXPECT_EQ(after.failed_rents, 3);
    after.failed_rents = full.failed_rents;
    EXPECT_EQ(std::memcmp(&after, &full, sizeof after), 0);
    pool.give_back(blocks[2]);
    EXPECT_EQ(pool.try_rent(), blocks[2]);
    pool.give_back_batch(blocks);
    EXPECT_EQ(pool.stats().in_use, 0);
}

TYPED_TEST(PoolTyped, Every_bad_return_throws_the_library_message_and_leaves_the_pool_unchanged) {
    using Pool = TypeParam;
    Pool pool(settings(32, 4, 8, "cpp-bad-returns"));
    Pool other(settings(32, 4, 8, "cpp-other"));
    auto* kept = static_cast<unsigned char*>(pool.rent());
    std::memset(kept, 0x5A, 32);
    void* returned = pool.rent();
    pool.give_back(returned);
    void* others = other.rent();
    void* foreign = std::malloc(64);

    struct bad_case {
        const char* what;
        void* block;
        std::string expected;
    };
    const std::vector<bad_case> cases = {
        {"NULL", nullptr, "block is NULL, not a block of pool 'cpp-bad-returns'"},
        {"malloc'd", foreign, "block " + hex(foreign) + " is not in pool 'cpp-bad-returns'"},
        {"inside a block", kept + 8, "block " + hex(kept + 8) + " points inside a block of pool 'cpp-bad-returns', not at its start"},
        {"returned twice", returned, "block " + hex(returned) + " of pool 'cpp-bad-returns' is not rented (returned twice?)"},
        {"another pool's", others, "block " + hex(others) + " is not in pool 'cpp-bad-returns'"},
    };
    for (const bad_case& c : cases) {
        const veloz_pool_stats before = pool.stats();
        const auto [status, message] = error_of([&] { pool.give_back(c.block); });
        EXPECT_EQ(status, VELOZ_E_INVALID_ARGUMENT) << c.what;
        EXPECT_TRUE(contains(message, c.expected)) << c.what << ": " << message;
        expect_same_but_one_bad_return(before, pool.stats());
    }
    // A refused batch stops at the bad block and names it; the blocks before it went back.
    void* first = pool.rent();
    void* second = pool.rent();
    const std::array<void*, 4> batch{first, second, kept + 1, kept};
    const auto [status, message] = error_of([&] { pool.give_back_batch(batch); });
    EXPECT_EQ(status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(message, "blocks[2]")) << message;
    EXPECT_FALSE(pool.is_rented(first));
    EXPECT_FALSE(pool.is_rented(second));
    EXPECT_TRUE(pool.is_rented(kept)) << "the blocks after the refused one are not returned";

    // The pool works on: the kept block's bytes are intact, and it goes back normally.
    for (int k = 0; k < 32; ++k)
        ASSERT_EQ(kept[k], 0x5A);
    pool.give_back(kept);
    other.give_back(others);
    const veloz_pool_stats stats = pool.stats();
    EXPECT_EQ(stats.in_use, 0);
    EXPECT_EQ(stats.bad_returns, 6);
    EXPECT_EQ(other.stats().bad_returns, 0) << "a return refused by one pool does not touch another";
    std::free(foreign);
}

TYPED_TEST(PoolTyped, Batches_rent_what_is_there_and_give_back_in_one_call) {
    using Pool = TypeParam;
    Pool pool(settings(24, 2, 6, "cpp-batches"));
    std::vector<void*> blocks(10, nullptr);
    EXPECT_EQ(pool.rent_batch(blocks), 6u) << "only max_blocks fit";
    const std::set<void*> distinct(blocks.begin(), blocks.begin() + 6);
    EXPECT_EQ(distinct.size(), 6u);
    for (std::size_t i = 0; i < 6; ++i)
        EXPECT_TRUE(pool.is_rented(blocks[i]));
    EXPECT_EQ(pool.stats().failed_rents, 1) << "a batch that stops short counts once";
    pool.give_back_batch(veloz::span<void* const>(blocks.data(), 6));
    EXPECT_EQ(pool.stats().in_use, 0);

    // Empty batches are no-ops.
    EXPECT_EQ(pool.rent_batch(veloz::span<void*>()), 0u);
    pool.give_back_batch(veloz::span<void* const>());
    EXPECT_EQ(pool.stats().rents, 6);
}

TYPED_TEST(PoolTyped, Make_constructs_in_a_block_and_the_deleter_destroys_and_returns_it) {
    using Pool = TypeParam;
    Pool pool(veloz::pool_config::of<counted>(4, 8, "cpp-make"));
    EXPECT_EQ(pool.block_size(), sizeof(counted));
    counters tally;
    {
        typename Pool::template unique_ptr<counted> a = pool.template make<counted>(tally, 1);
        auto b = pool.template make<counted>(tally, 2);
        EXPECT_EQ(a->value, 1);
        EXPECT_EQ(b->value, 2);
        EXPECT_TRUE(pool.is_rented(a.get()));
        EXPECT_EQ(tally.constructed, 2);
        EXPECT_EQ(tally.destroyed, 0);
        EXPECT_EQ(pool.stats().in_use, 2);
        b.reset();
        EXPECT_EQ(tally.destroyed, 1);
        EXPECT_EQ(pool.stats().in_use, 1);
    }
    EXPECT_EQ(tally.constructed, 2);
    EXPECT_EQ(tally.destroyed, 2);
    veloz_pool_stats stats = pool.stats();
    EXPECT_EQ(stats.in_use, 0);
    EXPECT_EQ(stats.returns, 2);

    // A throwing constructor gives the block back before the exception leaves make().
    EXPECT_THROW((void)pool.template make<throws_on_construction>(1), std::runtime_error);
    EXPECT_EQ(pool.stats().in_use, 0);

    // Too large or too aligned for the blocks: std::invalid_argument, and nothing is rented.
    const std::int64_t rents = pool.stats().rents;
    try {
        (void)pool.template make<big>();
        ADD_FAILURE() << "make<big> did not throw";
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "T needs 200 bytes")) << e.what();
    }
    Pool small(settings(64, 1, 1, "cpp-make-align")); // 64 bytes, 16-aligned: too little alignment for cache_line
    try {
        (void)small.template make<cache_line>();
        ADD_FAILURE() << "make<cache_line> did not throw";
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "aligned to 64")) << e.what();
    }
    EXPECT_EQ(pool.stats().rents, rents);
    EXPECT_EQ(small.stats().rents, 0);

    // Exhaustion through make() is the rent's VELOZ_E_FULL, with no construction.
    Pool one(veloz::pool_config::of<counted>(1, 1, "cpp-make-one"));
    auto only = one.template make<counted>(tally, 3);
    EXPECT_EQ(status_of([&] { (void)one.template make<counted>(tally, 4); }), VELOZ_E_FULL);
    EXPECT_EQ(tally.constructed, 3);
}

TYPED_TEST(PoolTyped, Moves_transfer_the_pool_and_make_pointers_survive_them) {
    using Pool = TypeParam;
    static_assert(!std::is_copy_constructible_v<Pool> && !std::is_copy_assignable_v<Pool>);
    static_assert(std::is_nothrow_move_constructible_v<Pool> && std::is_nothrow_move_assignable_v<Pool>);
    counters tally;
    Pool first(veloz::pool_config::of<counted>(2, 0, "cpp-moves"));
    auto* const handle = first.native_handle();
    auto object = first.template make<counted>(tally, 9);
    void* raw = first.rent();

    Pool second(std::move(first));
    EXPECT_FALSE(first);
    EXPECT_TRUE(second);
    EXPECT_EQ(second.native_handle(), handle);
    EXPECT_EQ(first.block_size(), 0u);
    EXPECT_EQ(second.block_size(), sizeof(counted));
    EXPECT_EQ(status_of([&] { (void)first.rent(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.try_rent(); }), VELOZ_E_INVALID_HANDLE) << "a moved-from pool is not exhausted";
    EXPECT_EQ(status_of([&] { first.give_back(raw); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.template make<counted>(tally, 1); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)first.stats(); }), VELOZ_E_INVALID_HANDLE);

    Pool third(16);
    third = std::move(second); // the old pool of `third` is destroyed
    EXPECT_TRUE(third.is_rented(raw));
    object.reset(); // its deleter holds the native handle, not the moved-from object
    EXPECT_EQ(tally.destroyed, 1);
    third.give_back(raw);
    EXPECT_EQ(third.stats().in_use, 0);

    auto* released = third.release();
    EXPECT_FALSE(third);
    if constexpr (std::is_same_v<Pool, veloz::fixed_pool>)
        veloz_pool_destroy(released);
    else
        veloz_concurrent_pool_destroy(released);
}

TYPED_TEST(PoolTyped, Bad_settings_throw_and_name_the_field) {
    using Pool = TypeParam;
    const auto [status, message] = error_of([] { Pool pool(veloz::pool_config{}); });
    EXPECT_EQ(status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(message, "block_size")) << message;

    veloz::pool_config config = settings(16, 8, 4, "cpp-bad-settings"); // max_blocks below initial_blocks
    const auto [max_status, max_message] = error_of([&] { Pool pool(config); });
    EXPECT_EQ(max_status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(max_message, "max_blocks")) << max_message;

    config = settings(16, 1, 0, "cpp-bad-settings");
    config.alignment = 24;
    const auto [align_status, align_message] = error_of([&] { Pool pool(config); });
    EXPECT_EQ(align_status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(align_message, "alignment")) << align_message;

    config = settings(16, 1, 0, "");
    config.name = std::string(129, 'n');
    const auto [name_status, name_message] = error_of([&] { Pool pool(config); });
    EXPECT_EQ(name_status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(name_message, "name")) << name_message;

    EXPECT_EQ(status_of([] { Pool pool((1 << 20) + 1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] { Pool pool(1 << 20, 1); }), VELOZ_OK) << "1 MiB blocks are the largest";
}

TYPED_TEST(PoolTyped, Fill_freed_overwrites_a_returned_block_with_0xDD) {
    using Pool = TypeParam;
    veloz::pool_config config = settings(48, 2, 0, "cpp-fill-freed");
    config.fill_freed = true;
    Pool pool(config);
    auto* block = static_cast<unsigned char*>(pool.rent());
    std::memset(block, 0x11, 48);
    pool.give_back(block);
    for (int k = 0; k < 48; ++k) // the pool still holds the memory: reading it is well defined
        ASSERT_EQ(block[k], 0xDD) << "byte " << k;
}

// ---- threads ---------------------------------------------------------------------------------------------------

TEST(Pools, A_fixed_pool_belongs_to_the_first_thread_that_uses_it_not_the_one_that_made_it) {
    veloz::fixed_pool pool(settings(16, 4, 0, "cpp-owner"));
    void* block = nullptr;
    std::thread worker([&] { block = pool.rent(); }); // creation claimed nothing: the worker becomes the owner
    worker.join();
    ASSERT_NE(block, nullptr);

    const auto [status, message] = error_of([&] { pool.give_back(block); });
    EXPECT_EQ(status, VELOZ_E_STATE);
    EXPECT_FALSE(message.empty());
    EXPECT_EQ(status_of([&] { (void)pool.try_rent(); }), VELOZ_E_STATE) << "the wrong thread is not exhaustion";

    // share(): any thread may call it from now on (the caller serializes the calls).
    std::thread sharer([&] { veloz::share(pool); });
    sharer.join();
    pool.give_back(block);
    EXPECT_EQ(pool.stats().in_use, 0);
}

struct block_ref {
    void* block;
};

// Every 8-byte word of a block: a function of (thread, sequence, word), so a block mixed up between threads or
// written by two renters at once shows.
std::uint64_t stamp_word(std::uint64_t thread, std::uint64_t sequence, std::size_t word) {
    return (thread << 56) ^ (sequence * 0x9E3779B97F4A7C15ull) ^ (word * 0xBF58476D1CE4E5B9ull);
}

TEST(Pools, Concurrent_pool_four_threads_return_each_others_stamped_blocks) {
    constexpr std::size_t words = 8;
    constexpr int threads = 4;
    constexpr std::uint64_t per_thread = 40'000;
    veloz::concurrent_pool pool(settings(static_cast<std::int32_t>(words * 8), 16, 0, "cpp-concurrent"));
    // Blocks travel through an MPMC queue: each thread returns blocks the others rented, and checks their stamps.
    veloz::mpmc_queue<block_ref> exchange(256);
    std::atomic<std::uint64_t> bad_stamps{0};
    std::atomic<std::uint64_t> returned{0};
    std::atomic<std::uint64_t> errors{0};

    auto check_and_return = [&](void* block) {
        const auto* w = static_cast<const std::uint64_t*>(block);
        const std::uint64_t thread = w[0] >> 56;
        const std::uint64_t sequence = w[1];
        bool intact = thread < static_cast<std::uint64_t>(threads);
        for (std::size_t k = 2; k < words && intact; ++k)
            intact = w[k] == stamp_word(thread, sequence, k);
        if (!intact)
            bad_stamps.fetch_add(1, std::memory_order_relaxed);
        pool.give_back(block);
        returned.fetch_add(1, std::memory_order_relaxed);
    };

    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            try {
                for (std::uint64_t i = 0; i < per_thread; ++i) {
                    auto* w = static_cast<std::uint64_t*>(pool.rent());
                    w[0] = static_cast<std::uint64_t>(t) << 56;
                    w[1] = i;
                    for (std::size_t k = 2; k < words; ++k)
                        w[k] = stamp_word(static_cast<std::uint64_t>(t), i, k);
                    while (!exchange.try_push(block_ref{w})) {
                        if (std::optional<block_ref> other = exchange.try_pop())
                            check_and_return(other->block);
                    }
                    if (i % 2 == 1) // take one back for every two pushed: the queue holds a working set
                        if (std::optional<block_ref> other = exchange.try_pop())
                            check_and_return(other->block);
                }
            } catch (const std::exception&) {
                errors.fetch_add(1);
            }
        });
    }
    for (std::thread& w : workers)
        w.join();
    while (std::optional<block_ref> left = exchange.try_pop())
        check_and_return(left->block);

    EXPECT_EQ(errors.load(), 0u);
    EXPECT_EQ(bad_stamps.load(), 0u);
    EXPECT_EQ(returned.load(), threads * per_thread);
    const veloz_pool_stats stats = pool.stats();
    EXPECT_EQ(stats.in_use, 0);
    EXPECT_EQ(stats.rents, static_cast<std::int64_t>(threads * per_thread));
    EXPECT_EQ(stats.returns, stats.rents);
    EXPECT_EQ(stats.bad_returns, 0);
    EXPECT_GE(stats.capacity, 256) << "the queue alone held 256 blocks: the pool grew";
}

TEST(Pools, Concurrent_pool_two_threads_returning_the_same_blocks_exactly_one_succeeds_each) {
    constexpr std::size_t count = 4'000;
    veloz::concurrent_pool pool(settings(16, 64, 0, "cpp-race"));
    std::vector<void*> blocks(count);
    ASSERT_EQ(pool.rent_batch(blocks), count);
    std::atomic<int> start{0};
    std::array<std::size_t, 2> successes{};
    std::array<std::size_t, 2> refusals{};
    std::vector<std::thread> racers;
    for (int r = 0; r < 2; ++r) {
        racers.emplace_back([&, r] {
            start.fetch_add(1);
            while (start.load() < 2) {
            }
            for (void* block : blocks) {
                // The C call: a refusal here is routine, so no exception per block.
                if (veloz_concurrent_pool_return(pool.native_handle(), block) == VELOZ_OK)
                    ++successes[static_cast<std::size_t>(r)];
                else
                    ++refusals[static_cast<std::size_t>(r)];
            }
        });
    }
    for (std::thread& t : racers)
        t.join();
    EXPECT_EQ(successes[0] + successes[1], count);
    EXPECT_EQ(refusals[0] + refusals[1], count);
    const veloz_pool_stats stats = pool.stats();
    EXPECT_EQ(stats.in_use, 0);
    EXPECT_EQ(stats.returns, static_cast<std::int64_t>(count));
    EXPECT_EQ(stats.bad_returns, static_cast<std::int64_t>(count));
}

// ---- arena -----------------------------------------------------------------------------------------------------

TEST(Arena, Allocations_honour_every_alignment_and_never_overlap) {
    veloz::arena arena(veloz::arena_config{4096, "cpp-arena-align"});
    struct piece {
        unsigned char* p;
        std::size_t size;
    };
    std::vector<piece> pieces;
    std::int64_t bytes = 0;
    for (std::size_t alignment = 1; alignment <= 4096; alignment *= 2) {
        for (std::size_t size : {std::size_t{1}, std::size_t{7}, std::size_t{100}, std::size_t{5000}}) {
            auto* p = static_cast<unsigned char*>(arena.allocate(size, alignment));
            ASSERT_NE(p, nullptr);
            EXPECT_EQ(address(p) % alignment, 0u) << "size " << size << " alignment " << alignment;
            std::memset(p, static_cast<int>(pieces.size() % 251), size);
            pieces.push_back({p, size});
            bytes += static_cast<std::int64_t>(size);
        }
    }
    EXPECT_EQ(address(arena.allocate(3)) % 16, 0u) << "the default alignment is alignof(std::max_align_t)";
    bytes += 3;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        for (std::size_t k = 0; k < pieces[i].size; ++k)
            ASSERT_EQ(pieces[i].p[k], static_cast<unsigned char>(i % 251)) << "pieces overlap: " << i << "[" << k << "]";
    const veloz_arena_stats stats = arena.stats();
    EXPECT_EQ(stats.bytes_allocated, bytes);
    EXPECT_EQ(stats.allocations, static_cast<std::int64_t>(pieces.size() + 1));
    EXPECT_EQ(stats.chunk_size, 4096);
    EXPECT_GT(stats.chunks, 1) << "5,000-byte allocations do not fit a 4 KiB chunk";

    const auto [zero_status, zero_message] = error_of([&] { (void)arena.allocate(0); });
    EXPECT_EQ(zero_status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(zero_message, "size")) << zero_message;
    const auto [align_status, align_message] = error_of([&] { (void)arena.allocate(8, 24); });
    EXPECT_EQ(align_status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(align_message, "alignment")) << align_message;
    EXPECT_EQ(status_of([&] { (void)arena.allocate(8, 8192); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)arena.allocate((std::size_t{1} << 30) + 1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(arena.stats().allocations, stats.allocations) << "a refused allocation changes nothing";
}

TEST(Arena, Reset_forgets_the_allocations_and_keeps_the_chunks) {
    veloz::arena arena(veloz::arena_config{8192, "cpp-arena-reset"});
    void* first = arena.allocate(64);
    for (int i = 0; i < 100; ++i)
        (void)arena.allocate(1000, 64);
    const veloz_arena_stats before = arena.stats();
    EXPECT_GT(before.chunks, 1);
    EXPECT_EQ(before.bytes_allocated, 64 + 100 * 1000);

    arena.reset();
    veloz_arena_stats after = arena.stats();
    EXPECT_EQ(after.bytes_reserved, before.bytes_reserved);
    EXPECT_EQ(after.chunks, before.chunks);
    EXPECT_EQ(after.bytes_allocated, 0);
    EXPECT_EQ(after.peak_bytes_allocated, before.bytes_allocated);
    EXPECT_EQ(after.resets, 1);
    EXPECT_EQ(arena.allocate(64), first) << "the next round starts at the first chunk again";

    // The same round again reserves nothing new.
    for (int i = 0; i < 100; ++i)
        (void)arena.allocate(1000, 64);
    after = arena.stats();
    EXPECT_EQ(after.bytes_reserved, before.bytes_reserved);
    EXPECT_EQ(after.chunks, before.chunks);
}

TEST(Arena, Make_and_batches_place_objects_in_the_arena) {
    struct point {
        std::int64_t x;
        std::int64_t y;
    };
    veloz::arena arena(veloz::arena_config{0, "cpp-arena-make"});
    EXPECT_EQ(arena.stats().chunk_size, 65'536) << "0 means the library's default";
    point* p = arena.make<point>(point{3, 4});
    EXPECT_EQ(p->x, 3);
    EXPECT_EQ(p->y, 4);
    cache_line* line = arena.make<cache_line>();
    EXPECT_EQ(address(line) % 64, 0u);

    std::vector<void*> blocks(1000, nullptr);
    arena.allocate_batch(24, blocks, 32);
    std::set<void*> distinct;
    for (void* b : blocks) {
        EXPECT_EQ(address(b) % 32, 0u);
        distinct.insert(b);
    }
    EXPECT_EQ(distinct.size(), blocks.size());
    EXPECT_EQ(arena.stats().allocations, 1002);
    EXPECT_EQ(status_of([&] { arena.allocate_batch(0, blocks); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { arena.allocate_batch(8, veloz::span<void*>(), 3); }), VELOZ_E_INVALID_ARGUMENT)
        << "an empty batch still checks its alignment";
}

TEST(Arena, Moves_transfer_the_arena_and_bad_settings_throw) {
    static_assert(!std::is_copy_constructible_v<veloz::arena> && std::is_nothrow_move_constructible_v<veloz::arena>);
    veloz::arena first;
    auto* const handle = first.native_handle();
    veloz::arena second(std::move(first));
    EXPECT_FALSE(first);
    EXPECT_EQ(second.native_handle(), handle);
    EXPECT_EQ(status_of([&] { (void)first.allocate(8); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { first.reset(); }), VELOZ_E_INVALID_HANDLE);
    veloz_arena_destroy(second.release());
    EXPECT_FALSE(second);

    const auto [status, message] = error_of([] { veloz::arena arena(veloz::arena_config{1000, ""}); });
    EXPECT_EQ(status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(message, "chunk_size")) << message;
}

TEST(Arena, Pmr_vector_and_string_grow_through_arena_resource) {
    veloz::arena arena(veloz::arena_config{16'384, "cpp-arena-pmr"});
    veloz::arena_resource resource(arena);
    EXPECT_EQ(&resource.upstream(), &arena);
    {
        std::pmr::vector<int> numbers(&resource);
        for (int i = 0; i < 100'000; ++i)
            numbers.push_back(i);
        std::int64_t sum = 0;
        for (int n : numbers)
            sum += n;
        EXPECT_EQ(sum, 4'999'950'000);
        const auto* first = reinterpret_cast<const unsigned char*>(numbers.data());
        EXPECT_EQ(address(first) % alignof(int), 0u);

        std::pmr::string text(&resource);
        for (int i = 0; i < 2000; ++i)
            text += "veloz ";
        EXPECT_EQ(text.size(), 12'000u);
        EXPECT_EQ(text.substr(11'994), "veloz ");

        std::pmr::vector<std::pmr::string> words(&resource); // the resource propagates to the elements
        for (int i = 0; i < 100; ++i)
            words.emplace_back(std::string(40, static_cast<char>('a' + i % 26)));
        EXPECT_EQ(std::string_view(words[27]), std::string(40, 'b'));
        EXPECT_EQ(words[27].get_allocator().resource(), &resource);
    }
    // Deallocation is a no-op: the containers are gone, their bytes stay allocated until reset().
    const veloz_arena_stats stats = arena.stats();
    EXPECT_GE(stats.bytes_allocated, static_cast<std::int64_t>(100'000 * sizeof(int) + 12'000));
    EXPECT_GT(stats.allocations, 17) << "every growth step of the vector is an allocation";

    veloz::arena_resource same(arena);
    EXPECT_TRUE(resource.is_equal(resource));
    EXPECT_FALSE(resource.is_equal(same)) << "equal only to itself";
    EXPECT_NE(resource.allocate(0), nullptr) << "a request of 0 bytes takes 1";
    arena.reset();
    EXPECT_EQ(arena.stats().bytes_allocated, 0);
}

// ---- the memory report -----------------------------------------------------------------------------------------

TEST(MemoryReport, Report_and_prometheus_list_every_live_pool_and_arena_by_name) {
    veloz::fixed_pool fixed(settings(32, 8, 0, "cpp-report-fixed"));
    veloz::concurrent_pool shared(settings(64, 8, 0, "cpp-report-shared"));
    veloz::arena arena(veloz::arena_config{4096, "cpp-report-arena"});
    void* a = fixed.rent();
    void* b = fixed.rent();
    (void)arena.allocate(100);

    const std::string report = veloz::memory_report();
    EXPECT_TRUE(contains(report, "cpp-report-fixed")) << report;
    EXPECT_TRUE(contains(report, "cpp-report-shared")) << report;
    EXPECT_TRUE(contains(report, "cpp-report-arena")) << report;
    EXPECT_TRUE(contains(report, "bytes reserved\n")) << "the total line";
    EXPECT_EQ(report.find('\0'), std::string::npos);

    const std::string prometheus = veloz::memory_prometheus();
    EXPECT_TRUE(contains(prometheus, "veloz_pool_in_use_blocks{name=\"cpp-report-fixed\"")) << prometheus;
    const std::size_t line = prometheus.find("veloz_pool_in_use_blocks{name=\"cpp-report-fixed\"");
    const std::string sample = prometheus.substr(line, prometheus.find('\n', line) - line);
    EXPECT_EQ(sample.substr(sample.size() - 2), " 2") << sample;
    EXPECT_TRUE(contains(prometheus, "veloz_pool_in_use_blocks{name=\"cpp-report-shared\"")) << prometheus;
    EXPECT_TRUE(contains(prometheus, "veloz_arena_allocated_bytes{name=\"cpp-report-arena\"")) << prometheus;
    EXPECT_TRUE(contains(prometheus, "# TYPE veloz_pool_rents_total counter"));

    fixed.give_back(a);
    fixed.give_back(b);
    { veloz::fixed_pool gone = std::move(fixed); } // destroyed: it leaves the report
    EXPECT_FALSE(contains(veloz::memory_report(), "cpp-report-fixed"));
    EXPECT_FALSE(contains(veloz::memory_prometheus(), "name=\"cpp-report-fixed\""));
}

TEST(MemoryReport, A_long_report_comes_back_whole_and_as_long_as_the_size_query_says) {
    std::vector<veloz::arena> arenas;
    for (int i = 0; i < 60; ++i) // 60 lines of ~140 characters, well past the 1 KiB of slack a fill allows
        arenas.emplace_back(veloz::arena_config{4096, "cpp-report-many-" + std::to_string(i)});
    const std::string report = veloz::memory_report();
    for (int i = 0; i < 60; ++i)
        ASSERT_TRUE(contains(report, "cpp-report-many-" + std::to_string(i) + " ")) << i;
    EXPECT_EQ(report.back(), '\n');
    std::int32_t length = 0;
    EXPECT_EQ(veloz_memory_report(nullptr, 0, &length), VELOZ_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(static_cast<std::size_t>(length), report.size());
}

// ---- randomized: veloz_pool_* against a model ------------------------------------------------------------------

TEST(Pools, Randomized_rent_and_return_through_the_C_ABI_match_a_set_model) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    std::mt19937_64 random(seed);
    constexpr std::int32_t block_size = 24;
    constexpr std::int64_t max_blocks = 300;
    veloz::fixed_pool owner(settings(block_size, 16, static_cast<std::int32_t>(max_blocks), "cpp-random"));
    veloz_pool* const pool = owner.native_handle();

    std::set<void*> rented;          // the model: blocks rented now
    std::vector<void*> free_stack;   // blocks returned and not rented again, most recent last (LIFO reuse)
    std::set<void*> seen;            // every block the pool ever handed out
    std::int64_t rents = 0, returns = 0, failed = 0, bad = 0, peak = 0;
    auto pick = [&](const std::set<void*>& from) {
        auto it = from.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(random() % from.size()));
        return *it;
    };
    auto expect_rent = [&](void* block) {
        if (!free_stack.empty()) {
            EXPECT_EQ(block, free_stack.back()) << "LIFO reuse";
            free_stack.pop_back();
        } else {
            EXPECT_EQ(seen.count(block), 0u) << "a block never handed out before";
        }
        EXPECT_TRUE(rented.insert(block).second);
        seen.insert(block);
        ++rents;
        peak = std::max<std::int64_t>(peak, static_cast<std::int64_t>(rented.size()));
    };

    constexpr int steps = 200'000;
    int phase_bias = 55; // percent of rents; flips so the pool both fills to max_blocks and drains
    for (int step = 0; step < steps; ++step) {
        if (step % 5000 == 0)
            phase_bias = 100 - phase_bias;
        const unsigned roll = static_cast<unsigned>(random() % 100);
        if (roll < 4 && !seen.empty()) { // a bad return: twice, inside, foreign or NULL
            void* target = nullptr;
            const unsigned kind = static_cast<unsigned>(random() % 4);
            if (kind == 0 && !free_stack.empty())
                target = free_stack[random() % free_stack.size()];
            else if (kind == 1)
                target = static_cast<unsigned char*>(pick(seen)) + 1 + random() % (block_size - 1);
            else if (kind == 2)
                target = &random;
            const veloz_status status = veloz_pool_return(pool, target);
            ASSERT_EQ(status, VELOZ_E_INVALID_ARGUMENT) << "step " << step << " kind " << kind;
            ++bad;
        } else if (roll < 8) { // is_rented of a random known pointer
            void* target = seen.empty() ? nullptr : pick(seen);
            std::int32_t out = -1;
            ASSERT_EQ(veloz_pool_is_rented(pool, target, &out), VELOZ_OK);
            ASSERT_EQ(out != 0, rented.count(target) == 1) << "step " << step;
        } else if (roll < 10) { // a batch rent of 1..8
            std::array<void*, 8> blocks{};
            const std::int32_t want = static_cast<std::int32_t>(1 + random() % 8);
            std::int32_t got = -1;
            const veloz_status status = veloz_pool_rent_batch(pool, blocks.data(), want, &got);
            const std::int64_t room = max_blocks - static_cast<std::int64_t>(rented.size());
            ASSERT_EQ(got, static_cast<std::int32_t>(std::min<std::int64_t>(want, room))) << "step " << step;
            ASSERT_EQ(status, got == want ? VELOZ_OK : VELOZ_E_FULL) << "step " << step;
            for (std::int32_t i = 0; i < got; ++i)
                expect_rent(blocks[static_cast<std::size_t>(i)]);
            if (got < want)
                ++failed;
        } else if (roll < 10 + static_cast<unsigned>(phase_bias) * 90 / 100) { // rent one
            void* block = &random;
            const veloz_status status = veloz_pool_rent(pool, &block);
            if (static_cast<std::int64_t>(rented.size()) == max_blocks) {
                ASSERT_EQ(status, VELOZ_E_FULL) << "step " << step;
                ASSERT_EQ(block, nullptr);
                ++failed;
            } else {
                ASSERT_EQ(status, VELOZ_OK) << "step " << step;
                ASSERT_EQ(address(block) % 16, 0u);
                expect_rent(block);
            }
        } else if (!rented.empty()) { // return one
            void* block = pick(rented);
            ASSERT_EQ(veloz_pool_return(pool, block), VELOZ_OK) << "step " << step;
            rented.erase(block);
            free_stack.push_back(block);
            ++returns;
        }
        if (step % 1000 == 999 || step == steps - 1) {
            const veloz_pool_stats stats = owner.stats();
            ASSERT_EQ(stats.in_use, static_cast<std::int64_t>(rented.size())) << "step " << step;
            ASSERT_EQ(stats.rents, rents);
            ASSERT_EQ(stats.returns, returns);
            ASSERT_EQ(stats.failed_rents, failed);
            ASSERT_EQ(stats.bad_returns, bad);
            ASSERT_EQ(stats.peak_in_use, peak);
            ASSERT_LE(stats.capacity, max_blocks);
            ASSERT_LE(static_cast<std::int64_t>(seen.size()), stats.capacity);
        }
    }
    EXPECT_EQ(peak, max_blocks) << "the run reached max_blocks";
    EXPECT_GT(failed, 0);
    EXPECT_GT(bad, 0);
    for (void* block : rented)
        owner.give_back(block);
    EXPECT_EQ(owner.stats().in_use, 0);
}

} // namespace
