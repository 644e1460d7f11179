// veloz::timer_wheel: deadline order with ties in scheduling order, a full buffer leaving the rest pending, cancel of
// live, fired and pending timers, periodic timers (id kept, expirations counted on the grid), the callable forms of
// advance (void and bool callables, stop, an exception crossing back over the C library, schedule and cancel from
// inside, a nested advance or clear refused with VELOZ_E_STATE), range and capacity limits, time going backwards,
// moves, stats, and a randomized differential run against a std::multimap model.
//
// Sized for a 2-core machine: the randomized test takes well under a second.
#include <veloz.hpp>

#include "Common/seed.hpp"
#include "Common/status_of.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using veloz_tests::status_of;

constexpr std::int64_t ms = 1'000'000;

veloz::timer_wheel_config settings(std::int64_t tick_ns, std::int32_t levels, std::int32_t max_timers = 0, std::int64_t start_ns = 0) {
    veloz::timer_wheel_config config;
    config.tick_ns = tick_ns;
    config.levels = levels;
    config.max_timers = max_timers;
    config.initial_timers = max_timers == 0 ? 16 : std::min<std::int32_t>(16, max_timers);
    config.start_ns = start_ns;
    config.name = "cpp-timers";
    return config;
}

std::vector<veloz_timer_expiry> drain(veloz::timer_wheel& wheel, std::int64_t now) {
    std::vector<veloz_timer_expiry> all;
    veloz_timer_expiry buffer[8];
    for (;;) {
        const std::size_t n = wheel.advance(now, buffer);
        all.insert(all.end(), buffer, buffer + n);
        if (n < std::size(buffer))
            return all;
    }
}

std::vector<std::uint64_t> payloads(const std::vector<veloz_timer_expiry>& expiries) {
    std::vector<std::uint64_t> out;
    for (const auto& e : expiries)
        out.push_back(e.payload);
    return out;
}

// ---- ordering and buffers ------------------------------------------------------------------------------------

TEST(TimerWheel, Fires_in_deadline_order_with_ties_in_scheduling_order_and_never_early) {
    veloz::timer_wheel wheel(settings(1'000, 4));
    // Deadlines spread over several levels, with ties; payload = expected position.
    const std::vector<std::pair<std::int64_t, std::uint64_t>> timers = {
        {5 * ms, 4}, {1 * ms, 1}, {300 * ms, 7}, {5 * ms, 5}, {0, 0}, {1 * ms, 2}, {70 * ms, 6}, {1 * ms, 3}, {300 * ms, 8}};
    std::vector<std::uint64_t> ids;
    for (const auto& [deadline, payload] : timers) {
        const std::uint64_t id = wheel.schedule(deadline, payload);
        EXPECT_NE(id, 0u);
        EXPECT_TRUE(wheel.is_active(id));
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "ids are distinct";

    // Nothing is due a nanosecond before a deadline; everything up to now comes in order.
    EXPECT_EQ(payloads(drain(wheel, 1 * ms - 1)), (std::vector<std::uint64_t>{0}));
    EXPECT_EQ(payloads(drain(wheel, 5 * ms - 1)), (std::vector<std::uint64_t>{1, 2, 3}));
    const auto late = drain(wheel, 400 * ms);
    EXPECT_EQ(payloads(late), (std::vector<std::uint64_t>{4, 5, 6, 7, 8}));
    for (const auto& e : late) {
        EXPECT_EQ(e.late_ns, 400 * ms - e.deadline);
        EXPECT_EQ(e.expirations, 1);
        EXPECT_EQ(e.flags, VELOZ_TIMER_EXPIRY_FLAGS_NONE);
        EXPECT_FALSE(wheel.is_active(e.id));
    }
    EXPECT_EQ(wheel.size(), 0u);
    EXPECT_EQ(wheel.next_deadline(), std::numeric_limits<std::int64_t>::max());
}

TEST(TimerWheel, A_full_buffer_leaves_the_rest_pending_in_order_for_the_next_call) {
    veloz::timer_wheel wheel;
    for (std::uint64_t i = 0; i < 10; ++i)
        (void)wheel.schedule(static_cast<std::int64_t>(10 - i) * ms, i); // latest first
    std::vector<veloz_timer_expiry> buffer(4);
    ASSERT_EQ(wheel.advance(20 * ms, buffer), 4u);
    EXPECT_EQ(buffer[0].payload, 9u);
    EXPECT_EQ(buffer[3].payload, 6u);
    veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.pending, 6);
    EXPECT_EQ(stats.active, 6);
    EXPECT_EQ(wheel.next_deadline(), 20 * ms) << "pending timers: the wheel's time";

    // An empty buffer moves nothing; the same now delivers the rest in order.
    EXPECT_EQ(wheel.advance(20 * ms, nullptr, 0), 0u);
    ASSERT_EQ(wheel.advance(20 * ms, buffer.data(), buffer.size()), 4u);
    EXPECT_EQ(buffer[0].payload, 5u);
    ASSERT_EQ(wheel.advance(20 * ms, buffer), 2u);
    EXPECT_EQ(buffer[0].payload, 1u);
    EXPECT_EQ(buffer[1].payload, 0u);
    EXPECT_EQ(buffer[1].late_ns, 10 * ms);
    stats = wheel.stats();
    EXPECT_EQ(stats.pending, 0);
    EXPECT_EQ(stats.fired, 10);
}

// ---- cancel ------------------------------------------------------------------------------------------------

TEST(TimerWheel, Cancel_is_true_for_live_and_pending_timers_and_false_after_fire_or_cancel) {
    veloz::timer_wheel wheel;
    const std::uint64_t a = wheel.schedule(1 * ms, 1);
    const std::uint64_t b = wheel.schedule(2 * ms, 2);
    const std::uint64_t c = wheel.schedule(3 * ms, 3);
    const std::uint64_t d = wheel.schedule(4 * ms, 4);

    EXPECT_TRUE(wheel.cancel(b));
    EXPECT_FALSE(wheel.is_active(b));
    EXPECT_FALSE(wheel.cancel(b)) << "cancelled twice";
    EXPECT_FALSE(wheel.cancel(0));
    EXPECT_FALSE(wheel.cancel(0xFFFF'FFFF'FFFF'FFFFull));

    veloz_timer_expiry one[1];
    ASSERT_EQ(wheel.advance(10 * ms, one), 1u);
    EXPECT_EQ(one[0].id, a);
    EXPECT_FALSE(wheel.cancel(a)) << "a one-shot that fired";
    EXPECT_EQ(wheel.stats().pending, 2);
    EXPECT_TRUE(wheel.is_active(c));
    EXPECT_TRUE(wheel.cancel(c)) << "due but pending";
    ASSERT_EQ(wheel.advance(10 * ms, one), 1u);
    EXPECT_EQ(one[0].id, d);
    EXPECT_EQ(wheel.advance(10 * ms, one), 0u);

    const veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.cancelled, 2);
    EXPECT_EQ(stats.failed_cancels, 4);
    EXPECT_EQ(stats.fired, 2);
    EXPECT_EQ(stats.active, 0);
}

TEST(TimerWheel, Clear_cancels_everything_pending_included_and_keeps_the_time) {
    veloz::timer_wheel wheel;
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(wheel.schedule(i * ms));
    const std::uint64_t periodic = wheel.schedule_periodic(1 * ms, 1 * ms);
    veloz_timer_expiry one[1];
    ASSERT_EQ(wheel.advance(3 * ms, one), 1u);
    wheel.clear();
    for (std::uint64_t id : ids)
        EXPECT_FALSE(wheel.is_active(id));
    EXPECT_FALSE(wheel.cancel(periodic));
    EXPECT_EQ(wheel.now_ns(), 3 * ms);
    EXPECT_EQ(wheel.next_deadline(), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(wheel.advance(100 * ms, one), 0u);
    const veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.active, 0);
    EXPECT_EQ(stats.pending, 0);
    EXPECT_EQ(stats.cancelled, 5);
    (void)wheel.schedule(200 * ms);
    EXPECT_EQ(drain(wheel, 200 * ms).size(), 1u);
}

// ---- periodic ------------------------------------------------------------------------------------------------

TEST(TimerWheel, Periodic_keeps_its_id_counts_skipped_periods_and_stays_on_its_grid) {
    veloz::timer_wheel wheel(settings(1'000, 4));
    const std::int64_t interval = 10 * ms;
    const std::uint64_t id = wheel.schedule_periodic(5 * ms, interval, 77);

    auto fired = drain(wheel, 5 * ms);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, id);
    EXPECT_EQ(fired[0].payload, 77u);
    EXPECT_EQ(fired[0].deadline, 5 * ms);
    EXPECT_EQ(fired[0].expirations, 1);
    EXPECT_EQ(fired[0].flags, VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC);
    EXPECT_TRUE(wheel.is_active(id));
    EXPECT_LE(wheel.next_deadline(), 15 * ms);

    EXPECT_TRUE(drain(wheel, 15 * ms - 1).empty()) << "never early";
    // Late by 3 ms: one expiry, the grid does not move.
    fired = drain(wheel, 18 * ms);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].deadline, 15 * ms);
    EXPECT_EQ(fired[0].late_ns, 3 * ms);
    EXPECT_EQ(fired[0].expirations, 1);

    // Skip to 57 ms: deadlines 25, 35, 45, 55 passed: once, with expirations = 1 + (57 - 25) / 10 = 4.
    fired = drain(wheel, 57 * ms);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, id);
    EXPECT_EQ(fired[0].deadline, 25 * ms);
    EXPECT_EQ(fired[0].expirations, 4);
    EXPECT_EQ(fired[0].late_ns, 32 * ms);
    EXPECT_TRUE(drain(wheel, 65 * ms - 1).empty()) << "re-armed for 65 ms, the first grid point after now";
    fired = drain(wheel, 65 * ms);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].deadline, 65 * ms);

    veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.fired, 4);
    EXPECT_EQ(stats.missed_periods, 3);
    EXPECT_EQ(stats.active, 1);
    EXPECT_TRUE(wheel.cancel(id));
    EXPECT_FALSE(wheel.is_active(id));
    EXPECT_TRUE(drain(wheel, 1000 * ms).empty());
    EXPECT_FALSE(wheel.cancel(id));
}

TEST(TimerWheel, A_periodic_timer_in_the_past_fires_once_with_all_its_periods) {
    veloz::timer_wheel wheel(settings(1'000, 4, 0, 100 * ms));
    const std::uint64_t id = wheel.schedule_periodic(1 * ms, 2 * ms, 5);
    const auto fired = drain(wheel, 100 * ms);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, id);
    EXPECT_EQ(fired[0].expirations, 1 + (100 - 1) / 2);
    EXPECT_TRUE(drain(wheel, 101 * ms - 1).empty());
    EXPECT_EQ(drain(wheel, 101 * ms).size(), 1u);
}

TEST(TimerWheel, Bad_intervals_are_invalid_arguments) {
    veloz::timer_wheel wheel;
    const std::int64_t max_delay = wheel.max_delay_ns();
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_periodic(1, 0); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_periodic(1, -5); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_periodic(1, max_delay + 1); }), VELOZ_E_INVALID_ARGUMENT);
    std::uint64_t id = 99;
    EXPECT_EQ(wheel.try_schedule_periodic(1, 0, 0, id), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(id, 0u);
    EXPECT_EQ(wheel.try_schedule_periodic(1, max_delay, 0, id), VELOZ_OK);
    EXPECT_NE(id, 0u);
    EXPECT_EQ(wheel.stats().failed_schedules, 4);
}

// ---- callables -----------------------------------------------------------------------------------------------

TEST(TimerWheel, A_void_callable_sees_every_due_timer_in_order) {
    veloz::timer_wheel wheel;
    for (std::uint64_t i = 0; i < 6; ++i)
        (void)wheel.schedule(static_cast<std::int64_t>(i % 3) * ms, i);
    std::vector<std::uint64_t> seen;
    const std::size_t fired = wheel.advance(2 * ms, [&](const veloz_timer_expiry& e) { seen.push_back(e.payload); });
    EXPECT_EQ(fired, 6u);
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{0, 3, 1, 4, 2, 5}));
    EXPECT_EQ(wheel.size(), 0u);
}

int g_function_calls = 0;
bool stop_on_second(const veloz_timer_expiry&) { return ++g_function_calls < 2; }
void count_calls(const veloz_timer_expiry&) { ++g_function_calls; }

TEST(TimerWheel, Plain_functions_and_function_pointers_are_callables_too) {
    veloz::timer_wheel wheel;
    for (int i = 0; i < 4; ++i)
        (void)wheel.schedule(i * ms);
    g_function_calls = 0;
    EXPECT_EQ(wheel.advance(5 * ms, stop_on_second), 2u);
    EXPECT_EQ(wheel.stats().pending, 2);
    void (*pointer)(const veloz_timer_expiry&) = &count_calls;
    EXPECT_EQ(wheel.advance(5 * ms, pointer), 2u);
    EXPECT_EQ(g_function_calls, 4);
}

TEST(TimerWheel, A_bool_callable_returning_false_stops_and_leaves_the_rest_pending) {
    veloz::timer_wheel wheel;
    for (std::uint64_t i = 0; i < 5; ++i)
        (void)wheel.schedule(static_cast<std::int64_t>(i + 1) * ms, i);
    std::vector<std::uint64_t> seen;
    auto stop_at_2 = [&](const veloz_timer_expiry& e) {
        seen.push_back(e.payload);
        return e.payload != 2;
    };
    EXPECT_EQ(wheel.advance(10 * ms, stop_at_2), 3u) << "the one that stopped counts as delivered";
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{0, 1, 2}));
    EXPECT_EQ(wheel.stats().pending, 2);
    EXPECT_EQ(wheel.next_deadline(), 10 * ms);
    // A const callable object, passed by lvalue.
    struct collector {
        std::vector<std::uint64_t>* out;
        bool operator()(const veloz_timer_expiry& e) const {
            out->push_back(e.payload);
            return true;
        }
    };
    const collector rest{&seen};
    EXPECT_EQ(wheel.advance(10 * ms, rest), 2u);
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(wheel.stats().pending, 0);
}

TEST(TimerWheel, An_exception_from_the_callable_propagates_the_rest_stay_pending_and_the_wheel_stays_usable) {
    veloz::timer_wheel wheel;
    for (std::uint64_t i = 0; i < 5; ++i)
        (void)wheel.schedule(static_cast<std::int64_t>(i + 1) * ms, i);
    std::vector<std::uint64_t> seen;
    try {
        (void)wheel.advance(10 * ms, [&](const veloz_timer_expiry& e) {
            seen.push_back(e.payload);
            if (e.payload == 1)
                throw std::runtime_error("handler failed on 1");
        });
        ADD_FAILURE() << "the exception was swallowed";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "handler failed on 1");
    }
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{0, 1}));
    const veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.pending, 3);
    EXPECT_EQ(stats.fired, 2);
    EXPECT_EQ(stats.active, 3);

    // A veloz::error thrown by the callable keeps its type and status too.
    EXPECT_EQ(status_of([&] {
                  (void)wheel.advance(10 * ms, [](const veloz_timer_expiry&) { throw veloz::error(VELOZ_E_REJECTED, "mine"); });
              }),
              VELOZ_E_REJECTED);
    EXPECT_EQ(wheel.stats().pending, 2);

    // Usable afterwards: schedule, advance with a buffer and with a callable.
    (void)wheel.schedule(20 * ms, 9);
    std::vector<std::uint64_t> rest;
    EXPECT_EQ(wheel.advance(10 * ms, [&](const veloz_timer_expiry& e) { rest.push_back(e.payload); }), 2u);
    EXPECT_EQ(rest, (std::vector<std::uint64_t>{3, 4}));
    EXPECT_EQ(payloads(drain(wheel, 20 * ms)), (std::vector<std::uint64_t>{9}));
}

TEST(TimerWheel, The_callable_may_schedule_and_cancel_and_what_it_schedules_due_fires_at_the_next_advance) {
    veloz::timer_wheel wheel;
    const std::uint64_t first = wheel.schedule(1 * ms, 1);
    const std::uint64_t victim = wheel.schedule(2 * ms, 2);
    (void)wheel.schedule(3 * ms, 3);
    const std::uint64_t later = wheel.schedule(50 * ms, 4);
    std::uint64_t scheduled_inside = 0;
    std::vector<std::uint64_t> seen;
    const std::size_t fired = wheel.advance(10 * ms, [&](const veloz_timer_expiry& e) {
        seen.push_back(e.payload);
        if (e.id == first) {
            EXPECT_TRUE(wheel.cancel(victim)) << "a due, pending timer";
            EXPECT_TRUE(wheel.cancel(later));
            scheduled_inside = wheel.schedule(5 * ms, 10); // already due: the next advance
            (void)wheel.schedule_after(1 * ms, 11);         // 11 ms
        }
    });
    EXPECT_EQ(fired, 2u);
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{1, 3}));
    EXPECT_TRUE(wheel.is_active(scheduled_inside));
    EXPECT_EQ(payloads(drain(wheel, 10 * ms)), (std::vector<std::uint64_t>{10}));
    EXPECT_EQ(payloads(drain(wheel, 11 * ms)), (std::vector<std::uint64_t>{11}));
    EXPECT_TRUE(drain(wheel, 100 * ms).empty());
}

TEST(TimerWheel, Advancing_or_clearing_from_inside_the_callable_is_VELOZ_E_STATE) {
    veloz::timer_wheel wheel;
    for (std::uint64_t i = 0; i < 3; ++i)
        (void)wheel.schedule(static_cast<std::int64_t>(i + 1) * ms, i);
    veloz_status nested_buffer = VELOZ_OK;
    veloz_status nested_callable = VELOZ_OK;
    veloz_status nested_clear = VELOZ_OK;
    veloz_status nested_c = VELOZ_OK;
    std::size_t calls = 0;
    const std::size_t fired = wheel.advance(10 * ms, [&](const veloz_timer_expiry&) {
        if (calls++ != 0)
            return;
        veloz_timer_expiry buffer[4];
        nested_buffer = status_of([&] { (void)wheel.advance(10 * ms, buffer); });
        nested_callable = status_of([&] { (void)wheel.advance(20 * ms, [](const veloz_timer_expiry&) {}); });
        nested_clear = status_of([&] { wheel.clear(); });
        std::int32_t written = -1;
        nested_c = veloz_timer_wheel_advance(wheel.native_handle(), 10 * ms, buffer, 4, &written);
    });
    EXPECT_EQ(nested_buffer, VELOZ_E_STATE);
    EXPECT_EQ(nested_callable, VELOZ_E_STATE);
    EXPECT_EQ(nested_clear, VELOZ_E_STATE);
    EXPECT_EQ(nested_c, VELOZ_E_STATE);
    EXPECT_EQ(fired, 3u) << "the outer advance goes on";
    EXPECT_EQ(wheel.now_ns(), 10 * ms) << "the nested advances did not move the time";

    // An uncaught nested failure escapes the outer callable as veloz::error and stops it.
    for (std::uint64_t i = 0; i < 3; ++i)
        (void)wheel.schedule(11 * ms, i);
    EXPECT_EQ(status_of([&] { (void)wheel.advance(11 * ms, [&](const veloz_timer_expiry&) { wheel.clear(); }); }), VELOZ_E_STATE);
    EXPECT_EQ(wheel.stats().pending, 2);
    wheel.clear();
    EXPECT_EQ(wheel.size(), 0u);
}

// ---- limits ------------------------------------------------------------------------------------------------

TEST(TimerWheel, Deadlines_beyond_max_delay_are_invalid_arguments) {
    veloz::timer_wheel wheel(settings(1'000, 2, 0, 5 * ms));
    const std::int64_t max_delay = wheel.max_delay_ns();
    EXPECT_EQ(max_delay, (255 * 256 - 2) * 1'000);
    EXPECT_NE(wheel.schedule(5 * ms + max_delay), 0u);
    const veloz_status status = status_of([&] { (void)wheel.schedule(5 * ms + max_delay + 1); });
    EXPECT_EQ(status, VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_after(max_delay + 1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_after(-1); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_periodic(5 * ms + max_delay + 1, 1'000); }), VELOZ_E_INVALID_ARGUMENT);
    std::uint64_t id = 1;
    EXPECT_EQ(wheel.try_schedule(std::numeric_limits<std::int64_t>::max(), 0, id), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(id, 0u);
    try {
        (void)wheel.schedule(5 * ms + max_delay + 1);
    } catch (const veloz::error& e) {
        EXPECT_NE(std::string(e.message()).find("timer_wheel_schedule"), std::string::npos) << e.message();
    }
    // The range moves with the wheel's time.
    (void)drain(wheel, 6 * ms);
    EXPECT_NE(wheel.schedule(5 * ms + max_delay + 1), 0u);
    EXPECT_NE(wheel.schedule_after(max_delay), 0u);
    EXPECT_EQ(wheel.stats().failed_schedules, 6);
}

TEST(TimerWheel, Max_timers_live_is_VELOZ_E_FULL_and_a_fired_or_cancelled_timer_frees_a_place) {
    veloz::timer_wheel wheel(settings(1'000'000, 4, 4));
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(wheel.schedule((i + 1) * ms));
    EXPECT_EQ(status_of([&] { (void)wheel.schedule(1 * ms); }), VELOZ_E_FULL);
    EXPECT_EQ(status_of([&] { (void)wheel.schedule_periodic(1 * ms, ms); }), VELOZ_E_FULL);
    std::uint64_t id = 5;
    EXPECT_EQ(wheel.try_schedule_after(0, 0, id), VELOZ_E_FULL);
    EXPECT_EQ(id, 0u);
    EXPECT_TRUE(wheel.cancel(ids[3]));
    EXPECT_EQ(wheel.try_schedule(2 * ms, 0, id), VELOZ_OK);
    veloz_timer_expiry one[1];
    ASSERT_EQ(wheel.advance(1 * ms, one), 1u);
    EXPECT_NE(wheel.schedule(9 * ms), 0u);
    const veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.active, 4);
    EXPECT_EQ(stats.peak_active, 4);
    EXPECT_EQ(stats.failed_schedules, 3);
}

TEST(TimerWheel, Time_going_backwards_is_an_invalid_argument_and_changes_nothing) {
    veloz::timer_wheel wheel;
    (void)wheel.schedule(5 * ms, 1);
    veloz_timer_expiry buffer[2];
    EXPECT_EQ(wheel.advance(3 * ms, buffer), 0u);
    EXPECT_EQ(status_of([&] { (void)wheel.advance(3 * ms - 1, buffer); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.advance(-1, [](const veloz_timer_expiry&) {}); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([&] { (void)wheel.advance((std::int64_t{1} << 62) + 1, buffer); }), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(wheel.now_ns(), 3 * ms);
    EXPECT_EQ(wheel.advance(3 * ms, buffer), 0u) << "the same time again is fine";
    EXPECT_EQ(wheel.advance(5 * ms, buffer), 1u);
}

TEST(TimerWheel, Bad_settings_throw_invalid_argument) {
    for (auto change : std::vector<void (*)(veloz::timer_wheel_config&)>{
             [](veloz::timer_wheel_config& c) { c.tick_ns = 999; },
             [](veloz::timer_wheel_config& c) { c.tick_ns = 3'600'000'000'001; },
             [](veloz::timer_wheel_config& c) { c.levels = 8; },
             [](veloz::timer_wheel_config& c) { c.levels = -1; },
             [](veloz::timer_wheel_config& c) { c.start_ns = -1; },
             [](veloz::timer_wheel_config& c) { c.initial_timers = -1; },
             [](veloz::timer_wheel_config& c) { c.max_timers = 8; c.initial_timers = 16; },
             [](veloz::timer_wheel_config& c) { c.name = std::string(129, 'n'); },
         }) {
        veloz::timer_wheel_config config;
        change(config);
        EXPECT_EQ(status_of([&] { veloz::timer_wheel wheel(config); }), VELOZ_E_INVALID_ARGUMENT);
    }
}

// ---- moves and stats ---------------------------------------------------------------------------------------------

TEST(TimerWheel, Moves_transfer_the_wheel_and_a_moved_from_wheel_throws_invalid_handle) {
    veloz::timer_wheel a;
    const std::uint64_t id = a.schedule(1 * ms, 42);
    veloz_timer_wheel* native = a.native_handle();
    veloz::timer_wheel b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_TRUE(b);
    EXPECT_EQ(b.native_handle(), native);
    EXPECT_TRUE(b.is_active(id));
    EXPECT_EQ(status_of([&] { (void)a.schedule(1); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)a.cancel(id); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)a.advance(5, [](const veloz_timer_expiry&) {}); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)a.next_deadline(); }), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(status_of([&] { (void)a.stats(); }), VELOZ_E_INVALID_HANDLE);
    std::uint64_t out = 3;
    EXPECT_EQ(a.try_schedule(1, 0, out), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(out, 0u);

    veloz::timer_wheel c;
    (void)c.schedule(2 * ms, 7);
    c = std::move(b); // destroys c's wheel, takes b's
    EXPECT_FALSE(b);
    const auto fired = drain(c, 5 * ms);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].payload, 42u);

    veloz_timer_wheel* raw = c.release();
    EXPECT_FALSE(c);
    veloz_timer_wheel_destroy(raw);
}

TEST(TimerWheel, Stats_and_next_deadline_follow_the_wheel) {
    veloz::timer_wheel_config config = settings(1'000, 3, 0, 1'000'000);
    config.initial_timers = 2;
    veloz::timer_wheel wheel(config);
    veloz_timer_wheel_stats stats = wheel.stats();
    EXPECT_EQ(stats.struct_size, sizeof(veloz_timer_wheel_stats));
    EXPECT_EQ(stats.levels, 3);
    EXPECT_EQ(stats.tick_ns, 1'000);
    EXPECT_EQ(stats.now_ns, 1'000'000);
    EXPECT_EQ(stats.max_delay_ns, (255LL * 256 * 256 - 2) * 1'000);
    EXPECT_EQ(stats.capacity, 2);
    EXPECT_EQ(wheel.next_deadline(), std::numeric_limits<std::int64_t>::max());

    const std::int64_t far = 1'000'000 + 40'000'000; // 40,000 ticks ahead: level 1, cascades down
    (void)wheel.schedule(far, 1);
    (void)wheel.schedule(far + 5, 2);
    (void)wheel.schedule_periodic(1'500'000, 1'000'000, 3);
    const std::int64_t next = wheel.next_deadline();
    EXPECT_LE(next, 1'500'000);
    EXPECT_GE(next, 1'000'000);
    stats = wheel.stats();
    EXPECT_EQ(stats.active, 3);
    EXPECT_GE(stats.capacity, 3) << "the store grew";
    EXPECT_EQ(stats.scheduled, 3);

    const auto fired = drain(wheel, far + 5);
    ASSERT_EQ(fired.size(), 3u);
    EXPECT_EQ(fired[0].payload, 3u);
    EXPECT_EQ(fired[0].expirations, 1 + (far + 5 - 1'500'000) / 1'000'000);
    EXPECT_EQ(fired[1].payload, 1u);
    EXPECT_EQ(fired[2].payload, 2u);
    stats = wheel.stats();
    EXPECT_GT(stats.cascaded, 0);
    EXPECT_EQ(stats.fired, 3);
    EXPECT_EQ(stats.now_ns, far + 5);
    EXPECT_EQ(stats.active, 1);
    EXPECT_EQ(stats.peak_active, 3);
}

// ---- randomized differential run against a model -------------------------------------------------------------

// The model: live timers not yet due, keyed by (deadline, sequence), where a schedule and every re-arm of a
// periodic timer take the next sequence; and the pending list, due timers in delivery order.
struct model_timer {
    std::uint64_t id;
    std::uint64_t payload;
    std::int64_t deadline;
    std::int64_t interval;
};

class wheel_model {
public:
    explicit wheel_model(std::int64_t now, std::int64_t max_delay, std::size_t max_timers)
        : now_(now), max_delay_(max_delay), max_timers_(max_timers) {}

    // The status the wheel must answer a schedule with.
    veloz_status can_schedule(std::int64_t deadline) const {
        // Times are 0..2^62; within them, at most max_delay_ns after the wheel's time.
        if (deadline < 0 || deadline > (std::int64_t{1} << 62) || deadline - now_ > max_delay_)
            return VELOZ_E_INVALID_ARGUMENT;
        if (live() >= max_timers_)
            return VELOZ_E_FULL;
        return VELOZ_OK;
    }

    void add(model_timer timer) { armed_.emplace(std::make_pair(timer.deadline, ++sequence_), timer); }

    bool cancel(std::uint64_t id) {
        for (auto it = armed_.begin(); it != armed_.end(); ++it)
            if (it->second.id == id) {
                armed_.erase(it);
                return true;
            }
        for (auto it = pending_.begin(); it != pending_.end(); ++it)
            if (it->id == id) {
                pending_.erase(it);
                return true;
            }
        return false;
    }

    bool active(std::uint64_t id) const {
        for (const auto& [key, timer] : armed_)
            if (timer.id == id)
                return true;
        return std::any_of(pending_.begin(), pending_.end(), [&](const model_timer& t) { return t.id == id; });
    }

    // Moves the time and the due timers to the pending list.
    void collect(std::int64_t now) {
        now_ = now;
        while (!armed_.empty() && armed_.begin()->first.first <= now) {
            pending_.push_back(armed_.begin()->second);
            armed_.erase(armed_.begin());
        }
    }

    // The next expiry as the wheel must deliver it; re-arms a periodic timer.
    veloz_timer_expiry deliver() {
        model_timer timer = pending_.front();
        pending_.pop_front();
        veloz_timer_expiry e{};
        e.id = timer.id;
        e.payload = timer.payload;
        e.deadline = timer.deadline;
        e.late_ns = now_ - timer.deadline;
        if (timer.interval == 0) {
            e.expirations = 1;
            e.flags = VELOZ_TIMER_EXPIRY_FLAGS_NONE;
        } else {
            const std::int64_t periods = 1 + (now_ - timer.deadline) / timer.interval;
            e.expirations = static_cast<std::int32_t>(std::min<std::int64_t>(periods, std::numeric_limits<std::int32_t>::max()));
            e.flags = VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC;
            timer.deadline += periods * timer.interval;
            add(timer);
        }
        return e;
    }

    std::size_t pending() const { return pending_.size(); }
    std::size_t live() const { return armed_.size() + pending_.size(); }
    std::int64_t now() const { return now_; }
    std::int64_t earliest() const { return armed_.empty() ? std::numeric_limits<std::int64_t>::max() : armed_.begin()->first.first; }

    std::vector<std::uint64_t> ids() const {
        std::vector<std::uint64_t> out;
        for (const auto& [key, timer] : armed_)
            out.push_back(timer.id);
        for (const auto& timer : pending_)
            out.push_back(timer.id);
        return out;
    }

private:
    std::multimap<std::pair<std::int64_t, std::uint64_t>, model_timer> armed_;
    std::deque<model_timer> pending_;
    std::int64_t now_;
    std::int64_t max_delay_;
    std::size_t max_timers_;
    std::uint64_t sequence_ = 0;
};

::testing::AssertionResult same_expiry(const veloz_timer_expiry& got, const veloz_timer_expiry& want) {
    if (got.id == want.id && got.payload == want.payload && got.deadline == want.deadline && got.late_ns == want.late_ns &&
        got.expirations == want.expirations && got.flags == want.flags)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got {id " << got.id << ", payload " << got.payload << ", deadline " << got.deadline
                                         << ", late " << got.late_ns << ", expirations " << got.expirations << ", flags "
                                         << got.flags << "}, want {id " << want.id << ", payload " << want.payload << ", deadline "
                                         << want.deadline << ", late " << want.late_ns << ", expirations " << want.expirations
                                         << ", flags " << want.flags << "}";
}

void run_differential(std::uint64_t seed, std::int64_t tick_ns, std::int32_t levels, int steps) {
    std::mt19937_64 random(seed);
    const std::int32_t max_timers = 48;
    const std::int64_t start = static_cast<std::int64_t>(random() % 1'000'000'000);
    veloz::timer_wheel wheel(settings(tick_ns, levels, max_timers, start));
    const std::int64_t max_delay = wheel.max_delay_ns();
    wheel_model model(start, max_delay, static_cast<std::size_t>(max_timers));
    std::vector<std::uint64_t> dead; // ids that fired or were cancelled
    std::uint64_t next_payload = 1;
    std::size_t delivered = 0; // to see that the run exercised the wheel
    std::size_t periodic_catch_ups = 0;

    // A delay: mostly near (within a few ticks), sometimes a level or two up, rarely the edge of the range.
    auto delay = [&]() -> std::int64_t {
        switch (random() % 8) {
        case 0: return -static_cast<std::int64_t>(random() % (tick_ns * 300)); // in the past
        case 1: return static_cast<std::int64_t>(random() % (tick_ns * 4));
        case 2: return static_cast<std::int64_t>(random() % (tick_ns * 256 * 3));
        case 3: return max_delay - static_cast<std::int64_t>(random() % 3); // the edge, and just beyond below
        case 4: return max_delay + 1 + static_cast<std::int64_t>(random() % 5);
        default: return static_cast<std::int64_t>(random() % (tick_ns * 600));
        }
    };

    for (int step = 0; step < steps; ++step) {
        SCOPED_TRACE("step " + std::to_string(step));
        const unsigned op = static_cast<unsigned>(random() % 100);
        if (op < 35) { // one-shot at a deadline
            const std::int64_t deadline = model.now() + delay();
            const std::uint64_t payload = next_payload++;
            std::uint64_t id = 0;
            const veloz_status want = model.can_schedule(deadline);
            ASSERT_EQ(wheel.try_schedule(deadline, payload, id), want) << "deadline " << deadline << " now " << model.now();
            if (want == VELOZ_OK) {
                ASSERT_NE(id, 0u);
                model.add({id, payload, deadline, 0});
            } else {
                ASSERT_EQ(id, 0u);
            }
        } else if (op < 42) { // periodic
            const std::int64_t first = model.now() + delay() / 4;
            const std::int64_t interval = 1 + static_cast<std::int64_t>(random() % (random() % 2 ? tick_ns * 3 : tick_ns * 700));
            const std::uint64_t payload = next_payload++;
            std::uint64_t id = 0;
            const veloz_status want = interval > max_delay ? VELOZ_E_INVALID_ARGUMENT : model.can_schedule(first);
            ASSERT_EQ(wheel.try_schedule_periodic(first, interval, payload, id), want);
            if (want == VELOZ_OK)
                model.add({id, payload, first, interval});
        } else if (op < 47) { // schedule_after
            const std::int64_t after = std::max<std::int64_t>(0, delay());
            const std::uint64_t payload = next_payload++;
            std::uint64_t id = 0;
            const veloz_status want = model.can_schedule(model.now() + after);
            ASSERT_EQ(wheel.try_schedule_after(after, payload, id), want);
            if (want == VELOZ_OK)
                model.add({id, payload, model.now() + after, 0});
        } else if (op < 62) { // cancel: live, dead or made up
            std::uint64_t id = 0;
            const auto live = model.ids();
            const unsigned pick = static_cast<unsigned>(random() % 3);
            if (pick == 0 && !live.empty())
                id = live[random() % live.size()];
            else if (pick == 1 && !dead.empty())
                id = dead[random() % dead.size()];
            else
                id = random();
            const bool want = model.cancel(id);
            ASSERT_EQ(wheel.cancel(id), want) << "id " << id;
            if (want)
                dead.push_back(id);
            ASSERT_FALSE(wheel.is_active(id));
        } else if (op < 85) { // advance with a small buffer
            std::int64_t now = model.now();
            if (random() % 4 != 0)
                now += static_cast<std::int64_t>(random() % (random() % 3 == 0 ? tick_ns * 256 * 4 : tick_ns * 20));
            model.collect(now);
            veloz_timer_expiry buffer[5];
            const std::size_t capacity = static_cast<std::size_t>(random() % 6);
            const std::size_t n = wheel.advance(now, buffer, capacity);
            ASSERT_EQ(n, std::min(capacity, model.pending()));
            for (std::size_t i = 0; i < n; ++i) {
                const veloz_timer_expiry want = model.deliver();
                ASSERT_TRUE(same_expiry(buffer[i], want)) << "expiry " << i << " of " << n;
                ++delivered;
                periodic_catch_ups += want.expirations > 1;
                if (want.flags == VELOZ_TIMER_EXPIRY_FLAGS_NONE)
                    dead.push_back(want.id);
            }
        } else if (op < 95) { // advance with a callable that may stop, cancel, or schedule
            std::int64_t now = model.now() + static_cast<std::int64_t>(random() % (tick_ns * 50));
            model.collect(now);
            const std::size_t due = model.pending();
            const std::size_t stop_after = static_cast<std::size_t>(random() % (due + 2)); // beyond due: never stops
            std::size_t calls = 0;
            bool failed = false;
            const std::size_t fired = wheel.advance(now, [&](const veloz_timer_expiry& e) {
                if (failed)
                    return false;
                if (model.pending() == 0) {
                    ADD_FAILURE() << "the wheel delivered more than the model holds due: id " << e.id;
                    failed = true;
                    return false;
                }
                const veloz_timer_expiry want = model.deliver();
                if (!same_expiry(e, want)) {
                    ADD_FAILURE() << same_expiry(e, want).message();
                    failed = true;
                    return false;
                }
                if (want.flags == VELOZ_TIMER_EXPIRY_FLAGS_NONE)
                    dead.push_back(want.id);
                ++calls;
                ++delivered;
                if (random() % 4 == 0) { // schedule something from inside, possibly already due
                    const std::int64_t deadline = model.now() + delay() / 8;
                    std::uint64_t id = 0;
                    const veloz_status expect = model.can_schedule(deadline);
                    const veloz_status got = wheel.try_schedule(deadline, next_payload, id);
                    if (got != expect) {
                        ADD_FAILURE() << "schedule inside: " << got << " want " << expect;
                        failed = true;
                        return false;
                    }
                    if (got == VELOZ_OK)
                        model.add({id, next_payload, deadline, 0});
                    ++next_payload;
                }
                if (random() % 5 == 0 && model.pending() > 0) { // cancel the last pending one
                    const std::uint64_t victim = model.ids().back();
                    const bool want_cancel = model.cancel(victim);
                    if (wheel.cancel(victim) != want_cancel) {
                        ADD_FAILURE() << "cancel inside";
                        failed = true;
                        return false;
                    }
                    dead.push_back(victim);
                }
                return calls != stop_after;
            });
            ASSERT_FALSE(failed);
            ASSERT_EQ(fired, calls);
        } else { // check the observable state
            const veloz_timer_wheel_stats stats = wheel.stats();
            ASSERT_EQ(stats.now_ns, model.now());
            ASSERT_EQ(stats.active, static_cast<std::int64_t>(model.live()));
            ASSERT_EQ(stats.pending, static_cast<std::int64_t>(model.pending()));
            const std::int64_t next = wheel.next_deadline();
            if (model.pending() > 0)
                ASSERT_EQ(next, model.now());
            else if (model.live() == 0)
                ASSERT_EQ(next, std::numeric_limits<std::int64_t>::max());
            else {
                // Never later than the earliest deadline, and never before the wheel's time.
                ASSERT_LE(next, std::max(model.now(), model.earliest()));
                ASSERT_GE(next, model.now());
            }
            for (std::uint64_t id : model.ids())
                ASSERT_TRUE(wheel.is_active(id)) << "id " << id;
        }
    }
    // Drain everything: the whole range ahead (as far as an advance may go, 2^62), in order.
    const std::int64_t end = std::min(model.now() + max_delay, std::int64_t{1} << 62);
    model.collect(end);
    const auto rest = drain(wheel, end);
    ASSERT_EQ(rest.size(), model.pending());
    for (const auto& e : rest)
        ASSERT_TRUE(same_expiry(e, model.deliver()));
    EXPECT_GT(delivered, static_cast<std::size_t>(steps / 10));
    EXPECT_GT(periodic_catch_ups, 0u);
    EXPECT_GT(wheel.stats().fired, 0);
}

TEST(TimerWheel, Randomized_differential_against_a_multimap_model) {
    const std::uint64_t seed = veloz_tests::seed_for_this_test();
    struct shape {
        std::int64_t tick_ns;
        std::int32_t levels;
    };
    for (const shape s : {shape{1'000, 1}, shape{1'000, 2}, shape{1'000, 4}, shape{1'000'000, 3}, shape{7'919, 7}}) {
        SCOPED_TRACE("tick " + std::to_string(s.tick_ns) + " levels " + std::to_string(s.levels));
        run_differential(seed ^ static_cast<std::uint64_t>(s.levels * 1'000'003 + s.tick_ns), s.tick_ns, s.levels, 6'000);
        if (HasFatalFailure() || HasNonfatalFailure())
            return;
    }
}

} // namespace
