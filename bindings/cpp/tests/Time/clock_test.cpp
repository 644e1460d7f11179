// veloz::clock: a std::chrono clock on Unix-epoch nanoseconds that agrees with CLOCK_REALTIME.
#include <veloz.hpp>

#include <gtest/gtest.h>

#include <time.h>

#include <chrono>
#include <cstdint>
#include <ratio>
#include <type_traits>

namespace {

std::int64_t realtime_ns() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Calibration error is sub-microsecond on a TSC; a millisecond allows for a descheduled thread
// between the reads while still catching wrong units, a wrong epoch or a broken conversion.
constexpr std::int64_t realtime_tolerance_ns = 1'000'000;

} // namespace

// The std::chrono Clock requirements ([time.clock.req]).
static_assert(std::is_same_v<veloz::clock::rep, std::int64_t>);
static_assert(std::is_same_v<veloz::clock::period, std::nano>);
static_assert(std::is_same_v<veloz::clock::duration, std::chrono::nanoseconds>);
static_assert(std::is_same_v<veloz::clock::time_point, std::chrono::time_point<veloz::clock, std::chrono::nanoseconds>>);
static_assert(std::is_same_v<decltype(veloz::clock::is_steady), const bool>);
static_assert(!veloz::clock::is_steady);
static_assert(std::is_same_v<decltype(veloz::clock::now()), veloz::clock::time_point>);
static_assert(noexcept(veloz::clock::now()));
static_assert(noexcept(veloz::clock::now_ns()));
static_assert(noexcept(veloz::clock::ticks()));
static_assert(noexcept(veloz::clock::ticks_to_ns(0)));

TEST(Clock, Now_agrees_with_the_system_clock) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const auto before = std::chrono::system_clock::now();
        const veloz::clock::time_point now = veloz::clock::now();
        const auto after = std::chrono::system_clock::now();
        const auto as_system = veloz::clock::to_sys(now);
        EXPECT_GE(as_system, before - std::chrono::nanoseconds(realtime_tolerance_ns));
        EXPECT_LE(as_system, after + std::chrono::nanoseconds(realtime_tolerance_ns));
    }
}

TEST(Clock, Now_ns_agrees_with_clock_realtime) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::int64_t before = realtime_ns();
        const std::int64_t now = veloz::clock::now_ns();
        const std::int64_t after = realtime_ns();
        EXPECT_GE(now, before - realtime_tolerance_ns);
        EXPECT_LE(now, after + realtime_tolerance_ns);
    }
}

TEST(Clock, Now_never_decreases_on_one_thread) {
    std::int64_t previous = veloz::clock::now_ns();
    std::int64_t decreases = 0;
    for (int read = 0; read < 1'000'000; ++read) {
        const std::int64_t now = veloz::clock::now_ns();
        decreases += now < previous;
        previous = now;
    }
    EXPECT_EQ(decreases, 0);
}

TEST(Clock, Now_never_decreases_across_a_calibration) {
    for (int round = 0; round < 5; ++round) {
        const std::int64_t before = veloz::clock::now_ns();
        veloz::clock::calibrate();
        const std::int64_t after = veloz::clock::now_ns();
        EXPECT_GE(after, before);
    }
}

TEST(Clock, Ticks_never_decrease_and_advance) {
    const std::uint64_t first = veloz::clock::ticks();
    std::uint64_t previous = first;
    for (int read = 0; read < 100'000; ++read) {
        const std::uint64_t now = veloz::clock::ticks();
        ASSERT_GE(now, previous);
        previous = now;
    }
    EXPECT_GT(previous, first);
}

TEST(Clock, Ticks_to_ns_of_a_reading_lies_between_the_clock_reads_around_it) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const std::int64_t before = veloz::clock::now_ns();
        const std::uint64_t ticks = veloz::clock::ticks();
        const std::int64_t after = veloz::clock::now_ns();
        const std::int64_t converted = veloz::clock::ticks_to_ns(ticks);
        // now_ns() is ticks_to_ns(ticks()) held monotonic; allow a microsecond for a slew in between.
        EXPECT_GE(converted, before - 1'000);
        EXPECT_LE(converted, after + 1'000);
        EXPECT_EQ(veloz::clock::from_ticks(ticks).time_since_epoch().count(), converted);
    }
}

TEST(Clock, Ticks_to_ns_advances_one_second_per_ticks_per_second) {
    const veloz_clock_info info = veloz::clock::info();
    const std::uint64_t start = veloz::clock::ticks();
    const auto one_second = static_cast<std::uint64_t>(info.ticks_per_second);
    const std::int64_t elapsed = veloz::clock::ticks_to_ns(start + one_second) - veloz::clock::ticks_to_ns(start);
    // The calibrated rate converts its own second into a second, up to a slew of at most 0.1%.
    EXPECT_NEAR(static_cast<double>(elapsed), 1e9, 1e6);
}

TEST(Clock, Ticks_to_ns_is_monotonic_in_ticks) {
    const std::uint64_t start = veloz::clock::ticks();
    std::int64_t previous = veloz::clock::ticks_to_ns(start);
    for (std::uint64_t step = 1; step < 1'000'000; step += 997) {
        const std::int64_t converted = veloz::clock::ticks_to_ns(start + step);
        ASSERT_GE(converted, previous) << "at tick offset " << step;
        previous = converted;
    }
}

TEST(Clock, Info_describes_a_calibrated_source) {
    const veloz_clock_info info = veloz::clock::info();
    EXPECT_EQ(info.struct_size, sizeof(veloz_clock_info));
    EXPECT_TRUE(info.source == VELOZ_CLOCK_SOURCE_OS || info.source == VELOZ_CLOCK_SOURCE_TSC) << info.source;
    EXPECT_TRUE(info.invariant_tsc == 0 || info.invariant_tsc == 1) << info.invariant_tsc;
    EXPECT_EQ(info.reserved, 0);
    if (info.source == VELOZ_CLOCK_SOURCE_OS) {
        EXPECT_EQ(info.ticks_per_second, 1e9);
    } else {
        // Any x86 TSC of this century: between 100 MHz and 10 GHz.
        EXPECT_GT(info.ticks_per_second, 1e8);
        EXPECT_LT(info.ticks_per_second, 1e10);
        EXPECT_EQ(info.invariant_tsc, 1) << "the TSC source needs an invariant TSC";
    }
    EXPECT_GE(info.calibration_count, 1);
    EXPECT_GE(info.error_ns, 0);
    EXPECT_LT(info.error_ns, 1'000'000);
    const std::int64_t now = realtime_ns();
    EXPECT_LE(info.calibrated_at_ns, now + realtime_tolerance_ns);
    EXPECT_GT(info.calibrated_at_ns, now - 3'600'000'000'000) << "calibrated more than an hour ago";
}

TEST(Clock, Calibrate_counts_and_stamps_each_calibration) {
    const veloz_clock_info before = veloz::clock::info();
    const std::int64_t started = realtime_ns();
    veloz::clock::calibrate();
    const veloz_clock_info after = veloz::clock::info();
    EXPECT_GE(after.calibration_count, before.calibration_count + 1);
    EXPECT_GE(after.calibrated_at_ns, started - realtime_tolerance_ns);
    EXPECT_LE(after.calibrated_at_ns, realtime_ns() + realtime_tolerance_ns);
    EXPECT_EQ(after.source, before.source);
    if (after.source == VELOZ_CLOCK_SOURCE_TSC) {
        // Re-measuring the same oscillator lands within 0.1% of the previous rate.
        EXPECT_NEAR(after.ticks_per_second, before.ticks_per_second, before.ticks_per_second * 1e-3);
    }
}

TEST(Clock, Time_points_work_with_chrono_arithmetic) {
    const veloz::clock::time_point start = veloz::clock::now();
    const veloz::clock::time_point later = start + std::chrono::milliseconds(5);
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::microseconds>(later - start).count(), 5000);
    EXPECT_EQ(veloz::clock::from_sys(veloz::clock::to_sys(start)), start);
}
