// veloz::time_sync: recovers an exchange clock's offset from round-trip samples and converts both ways.
#include <veloz.hpp>

#include "Common/seed.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <utility>

namespace {

constexpr std::int64_t base_local_ns = 1'700'000'000'000'000'000; // Nov 2023, as Unix ns
constexpr std::int64_t exchange_offset_ns = 1'500'000;             // exchange clock 1.5 ms ahead

struct sample {
    std::int64_t exchange_ns;
    std::int64_t send_ns;
    std::int64_t recv_ns;
};

// A request sent at `send_ns` that takes `out_ns` to reach the exchange and `back_ns` to return, with
// the exchange clock at local + offset.
sample round_trip(std::int64_t send_ns, std::int64_t out_ns, std::int64_t back_ns, std::int64_t offset_ns) {
    return sample{send_ns + out_ns + offset_ns, send_ns, send_ns + out_ns + back_ns};
}

veloz_status status_of(void (*call)(veloz::time_sync&), veloz::time_sync& sync) {
    try {
        call(sync);
    } catch (const veloz::error& e) {
        return e.status();
    }
    return VELOZ_OK;
}

} // namespace

TEST(TimeSync, Recovers_the_offset_of_symmetric_round_trips_exactly) {
    veloz::time_sync sync;
    for (int i = 0; i < 32; ++i) {
        const std::int64_t one_way = 20'000 + 1'000 * i;
        const sample s = round_trip(base_local_ns + i * 1'000'000LL, one_way, one_way, exchange_offset_ns);
        sync.add_sample(3, s.exchange_ns, s.send_ns, s.recv_ns);
    }
    const veloz_time_sync_stats stats = sync.stats(3);
    EXPECT_NEAR(static_cast<double>(stats.offset_ns), static_cast<double>(exchange_offset_ns), 1.0);
    EXPECT_NEAR(stats.drift_ppm, 0.0, 0.01);
    const std::int64_t local = base_local_ns + 31'000'000;
    EXPECT_NEAR(static_cast<double>(sync.to_exchange(3, local)), static_cast<double>(local + exchange_offset_ns), 1.0);
    EXPECT_NEAR(static_cast<double>(sync.to_local(3, local + exchange_offset_ns)), static_cast<double>(local), 1.0);
}

TEST(TimeSync, Min_round_trip_filter_ignores_asymmetric_slow_samples) {
    std::mt19937_64 random(veloz_tests::seed_for_this_test());
    std::uniform_int_distribution<std::int64_t> queueing(1, 100'000); // up to 100 us extra on either leg
    // One fast, symmetric sample early, one in the middle and one late in the window, at random places:
    // the offset (and the drift, which compares early and late fast samples) must come from them.
    std::uniform_int_distribution<int> early(0, 15);
    std::uniform_int_distribution<int> middle(24, 39);
    std::uniform_int_distribution<int> late(48, 63);
    const int fast[] = {early(random), middle(random), late(random)};

    veloz::time_sync sync(veloz::time_sync_config{8, 64});
    for (int i = 0; i < 64; ++i) {
        const bool is_fast = i == fast[0] || i == fast[1] || i == fast[2];
        const std::int64_t send = base_local_ns + i * 10'000'000LL;
        // Every other sample waits in a queue on one leg or both, which skews its midpoint by up to 50 us.
        const std::int64_t out = 10'000 + (is_fast ? 0 : queueing(random));
        const std::int64_t back = 10'000 + (is_fast ? 0 : queueing(random));
        const sample s = round_trip(send, out, back, exchange_offset_ns);
        sync.add_sample(0, s.exchange_ns, s.send_ns, s.recv_ns);
    }
    const veloz_time_sync_stats stats = sync.stats(0);
    EXPECT_EQ(stats.best_rtt_ns, 20'000);
    EXPECT_NEAR(static_cast<double>(stats.offset_ns), static_cast<double>(exchange_offset_ns), 1.0)
        << "fast samples #" << fast[0] << ", #" << fast[1] << ", #" << fast[2];
    EXPECT_NEAR(stats.drift_ppm, 0.0, 0.01);
}

TEST(TimeSync, Estimates_the_drift_of_a_fast_exchange_clock) {
    // The exchange clock gains 10 us per second (10 ppm); samples one second apart for a minute.
    veloz::time_sync sync;
    for (int i = 0; i < 60; ++i) {
        const std::int64_t elapsed = i * 1'000'000'000LL;
        const std::int64_t send = base_local_ns + elapsed;
        const sample s = round_trip(send, 15'000, 15'000, exchange_offset_ns + elapsed / 100'000);
        sync.add_sample(1, s.exchange_ns, s.send_ns, s.recv_ns);
    }
    const veloz_time_sync_stats stats = sync.stats(1);
    EXPECT_NEAR(stats.drift_ppm, 10.0, 0.5);
    // At the latest sample the exchange was offset + 59 s * 10 ppm = offset + 590 us ahead.
    EXPECT_NEAR(static_cast<double>(stats.offset_ns), static_cast<double>(exchange_offset_ns + 590'000), 1'000.0);
}

TEST(TimeSync, Stats_report_the_venue_its_samples_and_best_round_trip) {
    veloz::time_sync sync;
    const std::int64_t round_trips[] = {90'000, 40'000, 70'000};
    std::int64_t last_recv = 0;
    for (int i = 0; i < 3; ++i) {
        const sample s = round_trip(base_local_ns + i * 1'000'000LL, round_trips[i] / 2, round_trips[i] / 2, exchange_offset_ns);
        sync.add_sample(42, s.exchange_ns, s.send_ns, s.recv_ns);
        last_recv = s.recv_ns;
    }
    const veloz_time_sync_stats stats = sync.stats(42);
    EXPECT_EQ(stats.struct_size, sizeof(veloz_time_sync_stats));
    EXPECT_EQ(stats.venue, 42);
    EXPECT_EQ(stats.sample_count, 3);
    EXPECT_EQ(stats.best_rtt_ns, 40'000);
    EXPECT_EQ(stats.last_sample_ns, last_recv);
    EXPECT_EQ(sync.venue_count(), 1);
}

TEST(TimeSync, Venues_are_independent) {
    veloz::time_sync sync;
    for (int i = 0; i < 4; ++i) {
        const std::int64_t send = base_local_ns + i * 1'000'000LL;
        const sample ahead = round_trip(send, 20'000, 20'000, 2'000'000);
        const sample behind = round_trip(send, 30'000, 30'000, -3'000'000);
        sync.add_sample(0, ahead.exchange_ns, ahead.send_ns, ahead.recv_ns);
        sync.add_sample(2'000'000'000, behind.exchange_ns, behind.send_ns, behind.recv_ns);
    }
    EXPECT_EQ(sync.venue_count(), 2);
    EXPECT_NEAR(static_cast<double>(sync.stats(0).offset_ns), 2'000'000.0, 1.0);
    EXPECT_NEAR(static_cast<double>(sync.stats(2'000'000'000).offset_ns), -3'000'000.0, 1.0);
}

TEST(TimeSync, Receive_before_send_is_an_invalid_argument_and_changes_nothing) {
    veloz::time_sync sync;
    const sample good = round_trip(base_local_ns, 20'000, 20'000, exchange_offset_ns);
    sync.add_sample(0, good.exchange_ns, good.send_ns, good.recv_ns);
    try {
        sync.add_sample(0, good.exchange_ns, base_local_ns + 1'000, base_local_ns);
        FAIL() << "a sample received before it was sent was accepted";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.message()), "");
    }
    EXPECT_EQ(sync.stats(0).sample_count, 1);
    EXPECT_EQ(sync.venue_count(), 1);
}

TEST(TimeSync, Negative_venue_is_an_invalid_argument) {
    veloz::time_sync sync;
    EXPECT_EQ(status_of([](veloz::time_sync& s) { s.add_sample(-1, base_local_ns, base_local_ns, base_local_ns + 10); }, sync),
              VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(sync.venue_count(), 0);
}

TEST(TimeSync, Unknown_venue_is_not_found_for_every_query) {
    veloz::time_sync sync;
    const sample s = round_trip(base_local_ns, 20'000, 20'000, exchange_offset_ns);
    sync.add_sample(1, s.exchange_ns, s.send_ns, s.recv_ns);
    EXPECT_EQ(status_of([](veloz::time_sync& t) { (void)t.to_exchange(9, base_local_ns); }, sync), VELOZ_E_NOT_FOUND);
    EXPECT_EQ(status_of([](veloz::time_sync& t) { (void)t.to_local(9, base_local_ns); }, sync), VELOZ_E_NOT_FOUND);
    EXPECT_EQ(status_of([](veloz::time_sync& t) { (void)t.stats(9); }, sync), VELOZ_E_NOT_FOUND);
    EXPECT_NO_THROW((void)sync.to_exchange(1, base_local_ns));
}

TEST(TimeSync, More_venues_than_configured_is_full_and_known_venues_keep_working) {
    veloz::time_sync sync(veloz::time_sync_config{2, 16});
    const sample s = round_trip(base_local_ns, 20'000, 20'000, exchange_offset_ns);
    sync.add_sample(10, s.exchange_ns, s.send_ns, s.recv_ns);
    sync.add_sample(20, s.exchange_ns, s.send_ns, s.recv_ns);
    try {
        sync.add_sample(30, s.exchange_ns, s.send_ns, s.recv_ns);
        FAIL() << "a third venue was accepted with max_venues = 2";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_FULL);
    }
    EXPECT_EQ(sync.venue_count(), 2);
    sync.add_sample(10, s.exchange_ns + 1'000'000, s.send_ns + 1'000'000, s.recv_ns + 1'000'000);
    EXPECT_EQ(sync.stats(10).sample_count, 2);
}

TEST(TimeSync, Settings_out_of_range_are_refused_by_the_constructor) {
    const veloz::time_sync_config refused[] = {{4097, 64}, {64, 65537}, {-1, 64}, {64, -1}};
    for (const veloz::time_sync_config& settings : refused) {
        try {
            veloz::time_sync sync(settings);
            FAIL() << "created with max_venues " << settings.max_venues << ", window " << settings.window;
        } catch (const veloz::error& e) {
            EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
        }
    }
    EXPECT_NO_THROW(veloz::time_sync(veloz::time_sync_config{4096, 65536}));
    EXPECT_NO_THROW(veloz::time_sync(veloz::time_sync_config{1, 1}));
}

TEST(TimeSync, Moved_from_object_is_inert_and_the_handle_is_destroyed_once) {
    veloz::time_sync first;
    const sample s = round_trip(base_local_ns, 20'000, 20'000, exchange_offset_ns);
    first.add_sample(0, s.exchange_ns, s.send_ns, s.recv_ns);
    veloz_time_sync* const handle = first.native_handle();

    veloz::time_sync second(std::move(first));
    EXPECT_FALSE(first); // NOLINT(bugprone-use-after-move): inertness is the point
    EXPECT_EQ(first.native_handle(), nullptr);
    EXPECT_EQ(first.venue_count(), 0);
    EXPECT_EQ(status_of([](veloz::time_sync& t) { (void)t.stats(0); }, first), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(second.native_handle(), handle);
    EXPECT_EQ(second.stats(0).sample_count, 1);

    veloz::time_sync third;
    veloz_time_sync* const replaced = third.native_handle();
    third = std::move(second);
    // Move assignment destroyed the handle it replaced, and only that one.
    EXPECT_EQ(veloz_time_sync_venue_count(replaced), 0);
    veloz_time_sync_stats out{};
    out.struct_size = sizeof out;
    EXPECT_EQ(veloz_time_sync_get_stats(replaced, 0, &out), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_time_sync_get_stats(handle, 0, &out), VELOZ_OK);
    EXPECT_EQ(third.venue_count(), 1);
}

TEST(TimeSync, Zero_settings_take_the_library_defaults) {
    // docs/DESIGN.md rule 6: a zeroed config means all defaults (64 venues, a 64-sample window).
    veloz::time_sync sync(veloz::time_sync_config{0, 0});
    const sample s = round_trip(base_local_ns, 20'000, 20'000, exchange_offset_ns);
    for (std::int32_t venue = 0; venue < 64; ++venue)
        sync.add_sample(venue, s.exchange_ns, s.send_ns, s.recv_ns);
    EXPECT_EQ(sync.venue_count(), 64);
    EXPECT_EQ(status_of([](veloz::time_sync& t) { t.add_sample(64, 1'000'500, 1'000, 2'000); }, sync), VELOZ_E_FULL);
}
