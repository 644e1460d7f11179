// veloz::event_loop: priority order and FIFO within a priority, the starvation guard, delayed tasks never early and
// in deadline order, cancel (the task never runs, its callable is freed at once), posts from four threads each run
// exactly once, stop from another thread and from a task, a sleeping loop woken by a post, the allocation-free path
// of small captures (the packing trait and the heap's bytes in use), task exceptions crossing back over the C library (rethrown from the
// run, the other tasks still run; on_error), nested runs refused with VELOZ_E_STATE, a full loop, the owner rule,
// bad settings and moves.
//
// Sized for a 2-core machine shared with other jobs: waits are generous and no test spins for long.
#include <veloz.hpp>

#include "Common/status_of.hpp"

#include <gtest/gtest.h>

#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// Heap use, for the allocation-free path of small captures: glibc's bytes in use (queue_test.cpp already replaces
// operator new for the whole binary, forwarding to malloc, so every operator new shows here).
static std::size_t heap_bytes_in_use() { return mallinfo2().uordblks; }

namespace {

using veloz_tests::status_of;
using namespace std::chrono_literals;
using veloz::loop_priority;

constexpr std::int64_t ms = 1'000'000;

veloz::event_loop_config settings(veloz::loop_idle_strategy idle = veloz::loop_idle_strategy::spin_then_sleep, std::int32_t capacity = 0) {
    veloz::event_loop_config config;
    config.idle_strategy = idle;
    config.spin_iterations = 100;
    if (capacity != 0)
        config.task_capacity = capacity;
    config.name = "event_loop_test";
    return config;
}

// A callable that holds a shared_ptr: its copies die with the holder, so use_count() tells whether it was freed.
struct tracked {
    std::shared_ptr<int> token;
    int* runs;
    void operator()() const { ++*runs; }
};

TEST(EventLoop, RunsHigherPrioritiesFirstAndFifoWithinOne) {
    veloz::event_loop loop(settings());
    std::vector<std::string> order;
    // Mixed on purpose: "b1" (a pointer and a C string: two words) goes through a heap holder, the others are packed.
    auto record = [&order](const char* name) { return [&order, name] { order.emplace_back(name); }; };
    loop.post(record("b1"), loop_priority::background);
    loop.post(record("n1"));
    loop.post(record("c1"), loop_priority::critical);
    loop.post(record("b2"), loop_priority::background);
    loop.post(record("n2"), loop_priority::normal);
    loop.post(record("c2"), loop_priority::critical);
    EXPECT_EQ(loop.run_once(), 6u);
    EXPECT_EQ(order, (std::vector<std::string>{"c1", "c2", "n1", "n2", "b1", "b2"}));
    EXPECT_EQ(loop.run_once(), 0u);

    const veloz_event_loop_stats stats = loop.stats();
    EXPECT_EQ(stats.posted, 6);
    EXPECT_EQ(stats.run_critical, 2);
    EXPECT_EQ(stats.run_normal, 2);
    EXPECT_EQ(stats.run_background, 2);
    EXPECT_EQ(stats.waiting, 0);
}

TEST(EventLoop, TasksPostedDuringARunOnceWaitForTheNext) {
    veloz::event_loop loop(settings());
    int runs = 0;
    loop.post([&] {
        ++runs;
        loop.post([&runs] { ++runs; }, loop_priority::critical);
    });
    EXPECT_EQ(loop.run_once(), 1u);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(loop.run_once(), 1u);
    EXPECT_EQ(runs, 2);
}

TEST(EventLoop, StarvationGuardRunsOneLowerTaskAfterTheLimit) {
    veloz::event_loop_config config = settings();
    config.starvation_limit = 4;
    veloz::event_loop loop(config);
    std::vector<int> order; // -1: the background task, else the critical task's number
    loop.post([&order] { order.push_back(-1); }, loop_priority::background);
    for (int i = 0; i < 12; ++i)
        loop.post([&order, i] { order.push_back(i); }, loop_priority::critical);
    EXPECT_EQ(loop.run_once(), 13u);
    ASSERT_EQ(order.size(), 13u);
    // Four critical tasks ran while the background one waited: it runs next, then the rest in order.
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, -1, 4, 5, 6, 7, 8, 9, 10, 11}));
    EXPECT_EQ(loop.stats().starvation_promotions, 1);
}

TEST(EventLoop, WithoutStarvationLowerTasksWait) {
    veloz::event_loop_config config = settings();
    config.starvation_limit = 100;
    veloz::event_loop loop(config);
    std::vector<int> order;
    loop.post([&order] { order.push_back(-1); }, loop_priority::background);
    for (int i = 0; i < 12; ++i)
        loop.post([&order, i] { order.push_back(i); }, loop_priority::normal);
    loop.run_once();
    ASSERT_EQ(order.size(), 13u);
    EXPECT_EQ(order.back(), -1);
    EXPECT_EQ(loop.stats().starvation_promotions, 0);
}

TEST(EventLoop, DelayedTasksNeverRunEarlyAndRunInDeadlineOrder) {
    veloz::event_loop loop(settings());
    struct ran_at {
        int index;
        std::int64_t deadline;
        std::int64_t now;
    };
    std::vector<ran_at> ran;
    const std::int64_t start = veloz::clock::now_ns();
    const int offsets_ms[] = {7, 2, 5, 1, 9, 3, 3, 6};
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 8; ++i) {
        const std::int64_t deadline = start + offsets_ms[i] * ms;
        ids.push_back(loop.post_at(deadline, [&ran, i, deadline] { ran.push_back({i, deadline, veloz::clock::now_ns()}); }));
    }
    // post_after: its deadline is at least delay after the call began.
    const std::int64_t before_after = veloz::clock::now_ns();
    std::int64_t after_ran = 0;
    ids.push_back(loop.post_after(4 * ms, [&after_ran] { after_ran = veloz::clock::now_ns(); }));
    std::int64_t chrono_ran = 0;
    ids.push_back(loop.post_after(8ms, [&chrono_ran] { chrono_ran = veloz::clock::now_ns(); }));
    for (std::uint64_t id : ids)
        EXPECT_NE(id, 0u);
    EXPECT_EQ(loop.stats().delayed, 10);

    const std::size_t first = loop.run_once();
    if (veloz::clock::now_ns() < start + ms) { // the whole run_once before the earliest deadline: nothing was due
        EXPECT_EQ(first, 0u);
    }
    const std::int64_t deadline = start + 2'000 * ms;
    while ((ran.size() < 8 || after_ran == 0 || chrono_ran == 0) && veloz::clock::now_ns() < deadline)
        loop.run_for(5ms);
    ASSERT_EQ(ran.size(), 8u);
    for (const ran_at& r : ran)
        EXPECT_GE(r.now, r.deadline) << "task " << r.index << " ran " << (r.deadline - r.now) << " ns early";
    for (std::size_t i = 1; i < ran.size(); ++i) {
        EXPECT_LE(ran[i - 1].deadline, ran[i].deadline);
        if (ran[i - 1].deadline == ran[i].deadline) {
            EXPECT_LT(ran[i - 1].index, ran[i].index); // equal deadlines in posting order
        }
    }
    EXPECT_GE(after_ran, before_after + 4 * ms);
    EXPECT_GE(chrono_ran, before_after + 8 * ms);
    EXPECT_EQ(loop.stats().delayed, 0);
    EXPECT_EQ(loop.stats().waiting, 0);
}

TEST(EventLoop, PostAtAPassedDeadlineRunsAtTheNextRun) {
    veloz::event_loop loop(settings());
    int runs = 0;
    (void)loop.post_at(veloz::clock::now_ns() - ms, [&runs] { ++runs; });
    (void)loop.post_at(veloz::clock::now(), [&runs] { ++runs; });
    loop.run_for(2ms);
    EXPECT_EQ(runs, 2);
}

TEST(EventLoop, CancelledTasksNeverRunAndFreeTheirCallable) {
    veloz::event_loop loop(settings());
    auto token = std::make_shared<int>(0);
    int runs = 0;
    static_assert(!veloz::detail::fits_in_loop_context<tracked>);
    const std::uint64_t cancelled = loop.post_after(3 * ms, tracked{token, &runs});
    const std::uint64_t kept = loop.post_after(1 * ms, tracked{token, &runs});
    EXPECT_EQ(token.use_count(), 3);
    EXPECT_TRUE(loop.cancel(cancelled));
    EXPECT_EQ(token.use_count(), 2) << "the cancelled task's holder must be freed by cancel";
    EXPECT_FALSE(loop.cancel(cancelled)); // already cancelled
    EXPECT_FALSE(loop.cancel(987'654'321)); // never existed
    EXPECT_FALSE(loop.cancel(0));

    const std::int64_t until = veloz::clock::now_ns() + 10 * ms;
    while (veloz::clock::now_ns() < until)
        loop.run_for(2ms);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(token.use_count(), 1) << "a task that ran frees its holder";
    EXPECT_FALSE(loop.cancel(kept)); // it ran
    EXPECT_EQ(loop.stats().cancelled, 1);

    // A packed delayed task cancels too.
    int packed_runs = 0;
    int* counter = &packed_runs;
    const std::uint64_t packed = loop.post_after(1 * ms, [counter] { ++*counter; });
    EXPECT_TRUE(loop.cancel(packed));
    loop.run_for(3ms);
    EXPECT_EQ(packed_runs, 0);
}

TEST(EventLoop, DestroyingALoopFreesTheCallablesOfWaitingTasks) {
    auto token = std::make_shared<int>(0);
    int runs = 0;
    {
        veloz::event_loop loop(settings());
        loop.post(tracked{token, &runs});
        loop.post(tracked{token, &runs}, loop_priority::background);
        (void)loop.post_after(60'000 * ms, tracked{token, &runs});
        (void)loop.post_at(veloz::clock::now_ns() - 1, tracked{token, &runs}); // due, not run
        EXPECT_EQ(token.use_count(), 5);
    }
    EXPECT_EQ(token.use_count(), 1);
    EXPECT_EQ(runs, 0);
}

TEST(EventLoop, PostsFromFourThreadsEachRunExactlyOnce) {
    veloz::event_loop loop(settings(veloz::loop_idle_strategy::spin_then_yield));
    constexpr int threads = 4;
    constexpr int per_thread = 5'000;
    std::vector<int> counts(static_cast<std::size_t>(threads * per_thread), 0);
    std::atomic<int> posted{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> producers;
    for (int t = 0; t < threads; ++t) {
        producers.emplace_back([&, t] {
            while (!go.load())
                std::this_thread::yield();
            for (int i = 0; i < per_thread; ++i) {
                int* slot = &counts[static_cast<std::size_t>(t * per_thread + i)];
                const auto p = static_cast<loop_priority>(i % 3);
                if (t % 2 == 0) {
                    loop.post([slot] { ++*slot; }, p); // packed
                } else {
                    auto token = std::make_shared<int>(i); // heap holder
                    loop.post([slot, token] { *slot += *token >= 0 ? 1 : 100; }, p);
                }
                posted.fetch_add(1);
            }
        });
    }
    go = true;
    const std::int64_t deadline = veloz::clock::now_ns() + 20'000 * ms;
    std::int64_t ran = 0;
    while (ran < threads * per_thread && veloz::clock::now_ns() < deadline)
        ran += loop.run_for(1ms);
    for (std::thread& p : producers)
        p.join();
    ran += static_cast<std::int64_t>(loop.run_once());
    EXPECT_EQ(posted.load(), threads * per_thread);
    EXPECT_EQ(ran, threads * per_thread);
    int wrong = 0;
    for (int c : counts)
        wrong += c != 1;
    EXPECT_EQ(wrong, 0) << "tasks not run exactly once";
    EXPECT_EQ(loop.stats().posted, threads * per_thread);
    EXPECT_EQ(loop.stats().waiting, 0);
}

TEST(EventLoop, StopFromAnotherThreadEndsRun) {
    veloz::event_loop loop(settings());
    std::atomic<bool> started{false};
    loop.post([&started] { started = true; });
    std::thread stopper([&] {
        while (!started.load())
            std::this_thread::yield();
        std::this_thread::sleep_for(20ms);
        loop.stop();
    });
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_GE(loop.run(), 1);
    stopper.join();
    EXPECT_GE(std::chrono::steady_clock::now() - begin, 15ms);
}

TEST(EventLoop, StopFromATaskAndStopBeforeRun) {
    veloz::event_loop loop(settings());
    int after = 0;
    loop.post([&loop] { loop.stop(); });
    EXPECT_EQ(loop.run(), 1);

    // A stop while not running: the next run returns at once.
    loop.stop();
    const auto begin = std::chrono::steady_clock::now();
    loop.run();
    loop.post([&after] { ++after; });
    loop.post([&loop] { loop.stop(); }, loop_priority::background);
    loop.run(); // the stop was consumed: this one runs the tasks
    EXPECT_EQ(after, 1);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 5s);

    // run_for returns by itself, and early on a stop.
    loop.post([&loop] { loop.stop(); });
    const auto for_begin = std::chrono::steady_clock::now();
    loop.run_for(10s);
    EXPECT_LT(std::chrono::steady_clock::now() - for_begin, 5s);
}

TEST(EventLoop, SleepingLoopIsWokenByAPost) {
    veloz::event_loop_config config = settings(veloz::loop_idle_strategy::spin_then_sleep);
    config.spin_iterations = 1;
    veloz::event_loop loop(config);
    std::atomic<std::int64_t> posted_at{0};
    std::int64_t ran_at = 0;
    std::thread poster([&] {
        std::this_thread::sleep_for(50ms); // long enough for the loop to be asleep
        posted_at = veloz::clock::now_ns();
        loop.post([&] {
            ran_at = veloz::clock::now_ns();
            loop.stop();
        });
    });
    loop.run();
    poster.join();
    ASSERT_NE(ran_at, 0);
    EXPECT_GE(ran_at, posted_at.load());
    // A sleeping loop that only woke at a timeout would take much longer than a wake-up; 200 ms is generous for a busy
    // 2-core machine.
    EXPECT_LT(ran_at - posted_at.load(), 200 * ms);
    const veloz_event_loop_stats stats = loop.stats();
    EXPECT_GT(stats.idle_ns, 10 * ms);
    EXPECT_GE(stats.latency_max_ns, 0);
}

TEST(EventLoop, SmallCapturesArePackedWithoutAllocation) {
    int value = 0;
    int* pointer = &value;
    auto one_pointer = [pointer] { ++*pointer; };
    auto nothing = [] {};
    auto two_pointers = [pointer, &value] { *pointer += value; };
    static_assert(veloz::detail::fits_in_loop_context<decltype(one_pointer)>);
    static_assert(veloz::detail::fits_in_loop_context<decltype(nothing)>);
    static_assert(veloz::detail::fits_in_loop_context<void (*)()>);
    static_assert(veloz::detail::fits_in_loop_context<void (&)()>);
    static_assert(!veloz::detail::fits_in_loop_context<decltype(two_pointers)>);
    static_assert(!veloz::detail::fits_in_loop_context<std::function<void()>>);
    static_assert(!veloz::detail::fits_in_loop_context<tracked>);

    veloz::event_loop loop(settings());
    loop.post(nothing); // the first calls make the owner and anything lazy in the library
    loop.run_once();
    (void)loop.stats();

    static int function_runs = 0;
    struct free_function {
        static void run() { ++function_runs; }
    };
    function_runs = 0; // static: --gtest_repeat runs this test again
    // 3,000 packed tasks waiting: were any of them heap-held, at least 3,000 holders (each well over 16 bytes) would be
    // in use now. The bound leaves room for a stray allocation of the runtime's threads.
    constexpr int rounds = 1'000;
    const std::size_t before = heap_bytes_in_use();
    for (int i = 0; i < rounds; ++i) {
        loop.post(one_pointer, static_cast<loop_priority>(i % 3));
        loop.post(&free_function::run);
        (void)loop.try_post(free_function::run, loop_priority::critical);
    }
    const std::size_t after = heap_bytes_in_use();
    const std::size_t packed_growth = after > before ? after - before : 0;
    EXPECT_EQ(loop.run_once(), static_cast<std::size_t>(3 * rounds));
    EXPECT_EQ(value, rounds);
    EXPECT_EQ(function_runs, 2 * rounds);
    EXPECT_LT(packed_growth, static_cast<std::size_t>(16 * rounds)) << "small captures must not be heap-held";

    // The measure works: the same number of two-pointer tasks are heap-held.
    const std::size_t heap_before = heap_bytes_in_use();
    for (int i = 0; i < 3 * rounds; ++i)
        loop.post(two_pointers);
    const std::size_t heap_after = heap_bytes_in_use();
    const std::size_t heap_growth = heap_after > heap_before ? heap_after - heap_before : 0;
    EXPECT_GE(heap_growth, static_cast<std::size_t>(16 * 3 * rounds));
    EXPECT_EQ(loop.run_once(), static_cast<std::size_t>(3 * rounds));
    loop.run_once();
}

TEST(EventLoop, ATaskExceptionIsRethrownFromRunOnceAndTheOthersStillRun) {
    veloz::event_loop loop(settings());
    std::vector<int> ran;
    std::vector<int>* out = &ran;
    loop.post([out] { out->push_back(1); });
    loop.post([] { throw std::runtime_error("first"); });               // packed
    loop.post([out] { out->push_back(2); });
    loop.post([out, n = 3] { throw std::logic_error("second " + std::to_string(n)); }); // heap
    loop.post([out] { out->push_back(3); });
    try {
        loop.run_once();
        ADD_FAILURE() << "run_once did not rethrow";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "first");
    }
    EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(loop.stats().waiting, 0);
    EXPECT_EQ(loop.run_once(), 0u); // the second exception was dropped, the loop is usable

    // From a delayed task, through run_for.
    (void)loop.post_after(1 * ms, [] { throw std::out_of_range("delayed"); });
    loop.post([out] { out->push_back(4); });
    EXPECT_THROW(
        {
            const std::int64_t until = veloz::clock::now_ns() + 500 * ms;
            while (veloz::clock::now_ns() < until)
                loop.run_for(2ms);
        },
        std::out_of_range);
    EXPECT_EQ(ran.back(), 4);

    // From run(): after the stop.
    loop.post([] { throw std::runtime_error("in run"); });
    loop.post([&loop] { loop.stop(); }, loop_priority::background);
    EXPECT_THROW(loop.run(), std::runtime_error);
}

TEST(EventLoop, OnErrorReceivesEveryTaskException) {
    veloz::event_loop loop(settings());
    std::vector<std::string> errors;
    loop.on_error([&errors](std::exception_ptr e) {
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            errors.emplace_back(x.what());
        }
    });
    loop.post([] { throw std::runtime_error("a"); });
    loop.post([] { throw std::runtime_error("b"); });
    EXPECT_NO_THROW(loop.run_once());
    EXPECT_EQ(errors, (std::vector<std::string>{"a", "b"}));

    // A handler that throws: its exception is kept and rethrown from the run.
    loop.on_error([](std::exception_ptr) { throw std::logic_error("handler"); });
    loop.post([] { throw std::runtime_error("c"); });
    EXPECT_THROW(loop.run_once(), std::logic_error);

    loop.on_error(nullptr);
    loop.post([] { throw std::runtime_error("d"); });
    EXPECT_THROW(loop.run_once(), std::runtime_error);
}

TEST(EventLoop, RunningFromInsideATaskIsRefusedWithState) {
    veloz::event_loop loop(settings());
    veloz_status once = VELOZ_OK, for_status = VELOZ_OK, run_status = VELOZ_OK;
    int later = 0;
    loop.post([&] {
        once = status_of([&] { loop.run_once(); });
        for_status = status_of([&] { loop.run_for(1ms); });
        run_status = status_of([&] { loop.run(); });
    });
    loop.post([&later] { ++later; });
    EXPECT_NO_THROW(loop.run_once());
    EXPECT_EQ(once, VELOZ_E_STATE);
    EXPECT_EQ(for_status, VELOZ_E_STATE);
    EXPECT_EQ(run_status, VELOZ_E_STATE);
    EXPECT_EQ(later, 1);

    // A refused nested run does not steal an exception kept for the enclosing run.
    loop.post([] { throw std::runtime_error("outer"); });
    loop.post([&] { once = status_of([&] { loop.run_once(); }); });
    EXPECT_THROW(loop.run_once(), std::runtime_error);
    EXPECT_EQ(once, VELOZ_E_STATE);
}

TEST(EventLoop, AFullLoopRefusesPosts) {
    veloz::event_loop loop(settings(veloz::loop_idle_strategy::spin_then_sleep, 16));
    int runs = 0;
    int* counter = &runs;
    for (int i = 0; i < 15; ++i)
        loop.post([counter] { ++*counter; });
    (void)loop.post_after(100 * ms, [counter] { ++*counter; }); // delayed tasks count too
    EXPECT_EQ(loop.try_post([counter] { ++*counter; }), VELOZ_E_FULL);
    EXPECT_EQ(status_of([&] { loop.post([counter] { ++*counter; }); }), VELOZ_E_FULL);

    auto token = std::make_shared<int>(0);
    EXPECT_EQ(loop.try_post(tracked{token, counter}), VELOZ_E_FULL);
    EXPECT_EQ(token.use_count(), 1) << "a refused heap post frees its holder";
    std::uint64_t id = 77;
    EXPECT_EQ(loop.try_post_after(1 * ms, tracked{token, counter}, loop_priority::normal, id), VELOZ_E_FULL);
    EXPECT_EQ(id, 0u);
    EXPECT_EQ(token.use_count(), 1);
    EXPECT_EQ(status_of([&] { (void)loop.post_at(veloz::clock::now_ns(), [counter] { ++*counter; }); }), VELOZ_E_FULL);
    EXPECT_GE(loop.stats().failed_posts, 5);

    EXPECT_EQ(loop.run_once(), 15u);
    EXPECT_EQ(loop.try_post([counter] { ++*counter; }), VELOZ_OK);
    loop.run_once();
    EXPECT_EQ(runs, 16);
}

TEST(EventLoop, OwnerRuleAndBadArguments) {
    veloz::event_loop loop(settings());
    loop.run_once(); // this thread owns it now
    veloz_status run_status = VELOZ_OK, stats_status = VELOZ_OK, after_status = VELOZ_OK, post_status = VELOZ_E_STATE;
    std::thread other([&] {
        run_status = status_of([&] { loop.run_once(); });
        stats_status = status_of([&] { (void)loop.stats(); });
        after_status = status_of([&] { (void)loop.post_after(1, [] {}); });
        post_status = loop.try_post([] {}); // any thread may post
    });
    other.join();
    EXPECT_EQ(run_status, VELOZ_E_STATE);
    EXPECT_EQ(stats_status, VELOZ_E_STATE);
    EXPECT_EQ(after_status, VELOZ_E_STATE);
    EXPECT_EQ(post_status, VELOZ_OK);
    EXPECT_EQ(loop.run_once(), 1u);

    EXPECT_EQ(status_of([&] { (void)loop.post_after(-1, [] {}); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { loop.run_for(-1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { loop.post([] {}, static_cast<loop_priority>(7)); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)loop.post_at(std::numeric_limits<std::int64_t>::max(), [] {}); }), VELOZ_E_INVALID_ARGUMENT);

    for (int bad_capacity : {8, 1 << 23}) {
        veloz::event_loop_config config;
        config.task_capacity = bad_capacity;
        EXPECT_EQ(status_of([&] { veloz::event_loop rejected(config); }), VELOZ_E_INVALID_ARGUMENT) << bad_capacity;
    }
    veloz::event_loop_config config;
    config.idle_strategy = static_cast<veloz::loop_idle_strategy>(9);
    EXPECT_EQ(status_of([&] { veloz::event_loop rejected(config); }), VELOZ_E_INVALID_ARGUMENT);
    config = veloz::event_loop_config();
    config.name = std::string(129, 'x');
    EXPECT_EQ(status_of([&] { veloz::event_loop rejected(config); }), VELOZ_E_INVALID_ARGUMENT);
}

TEST(EventLoop, MovesTransferTheLoopAndItsTasks) {
    auto token = std::make_shared<int>(0);
    int runs = 0;
    veloz::event_loop a(settings());
    a.post(tracked{token, &runs});
    veloz::event_loop b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_TRUE(b);
    EXPECT_EQ(a.native_handle(), nullptr);
    EXPECT_EQ(b.run_once(), 1u);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(token.use_count(), 1);

    // A moved-from loop refuses everything with VELOZ_E_INVALID_HANDLE, on the packed and the heap path.
    EXPECT_EQ(a.try_post([] {}), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(a.try_post(tracked{token, &runs}), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(token.use_count(), 1);
    EXPECT_EQ(status_of([&] { a.run_once(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)a.post_after(1, tracked{token, &runs}); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { a.stop(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)a.stats(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { a.cancel(1); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { a.on_error(nullptr); }), VELOZ_E_INVALID_HANDLE);

    // Move assignment drops the target's waiting tasks (freeing them) and takes the source's.
    veloz::event_loop c(settings());
    c.post(tracked{token, &runs});
    (void)c.post_after(60'000 * ms, tracked{token, &runs});
    b.post(tracked{token, &runs});
    EXPECT_EQ(token.use_count(), 4);
    c = std::move(b);
    EXPECT_EQ(token.use_count(), 2);
    EXPECT_FALSE(b);
    EXPECT_EQ(c.run_once(), 1u);
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(token.use_count(), 1);

    // A moved-from loop is assignable again; and it can be moved into a thread that runs it.
    a = std::move(c);
    EXPECT_TRUE(a);
    EXPECT_FALSE(c);
    EXPECT_EQ(a.run_once(), 0u);
    veloz::event_loop empty(std::move(c)); // moving an empty loop: still empty
    EXPECT_FALSE(empty);
}

} // namespace

namespace {

TEST(EventLoopPin, ALoopToldToPinRunsItsTasksOnThatCpu) {
    const int cpu = veloz::this_thread::affinity().back();
    std::vector<int> seen;
    std::thread runner([&] {
        veloz::event_loop_config config;
        config.pin_cpu = cpu;
        veloz::event_loop loop(config);
        for (int i = 0; i < 20; ++i)
            loop.post([&seen] { seen.push_back(veloz::this_thread::current_cpu()); });
        loop.run_once();
        EXPECT_EQ(veloz::this_thread::affinity(), std::vector<int>{cpu});
    });
    runner.join();
    EXPECT_EQ(seen, std::vector<int>(20, cpu));
    std::thread bad([] {
        veloz::event_loop_config config;
        config.pin_cpu = 4000;
        veloz::event_loop loop(config);
        EXPECT_THROW(loop.run_once(), veloz::error);
    });
    bad.join();
}

} // namespace
