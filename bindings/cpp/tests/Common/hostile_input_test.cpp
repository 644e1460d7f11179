// Hostile input through the C API, called from C++: NULL, destroyed, wrong-type and made-up handles,
// NULL out pointers, bad sizes. Every call must come back with a status code (never a crash), and the
// objects involved must keep working with their contents unchanged.
#include <veloz.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string last_error() {
    const std::int32_t length = veloz_last_error_message(nullptr, 0);
    std::vector<char> buffer(static_cast<std::size_t>(length) + 1);
    veloz_last_error_message(buffer.data(), static_cast<std::int32_t>(buffer.size()));
    return std::string(buffer.data());
}

veloz_histogram_stats stats_of(veloz_histogram* histogram) {
    veloz_histogram_stats stats{};
    stats.struct_size = sizeof stats;
    EXPECT_EQ(veloz_histogram_get_stats(histogram, &stats), VELOZ_OK);
    return stats;
}

// Every histogram function given `handle` must report VELOZ_E_INVALID_HANDLE.
void expect_every_histogram_call_refuses(veloz_histogram* handle, const char* what) {
    SCOPED_TRACE(what);
    const std::int64_t values[] = {1, 2, 3};
    const double percentiles[] = {50.0};
    std::int64_t out_values[1] = {0};
    std::int64_t value = 0;
    veloz_histogram_stats stats{};
    stats.struct_size = sizeof stats;
    veloz_histogram_bucket buckets[4];
    std::int32_t written = 0;
    EXPECT_EQ(veloz_histogram_record(handle, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_NE(last_error(), "");
    EXPECT_EQ(veloz_histogram_record_n(handle, 1, 2), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_record_batch(handle, values, 3), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_value_at_percentile(handle, 50.0, &value), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_percentiles(handle, percentiles, out_values, 1), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_get_stats(handle, &stats), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_buckets(handle, buckets, 4, &written), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_reset(handle), VELOZ_E_INVALID_HANDLE);
    veloz_histogram_destroy(handle); // a no-op for anything that is not a live histogram
}

void expect_every_time_sync_call_refuses(veloz_time_sync* handle, const char* what) {
    SCOPED_TRACE(what);
    std::int64_t out = 0;
    veloz_time_sync_stats stats{};
    stats.struct_size = sizeof stats;
    EXPECT_EQ(veloz_time_sync_add_sample(handle, 0, 100, 10, 20), VELOZ_E_INVALID_HANDLE);
    EXPECT_NE(last_error(), "");
    EXPECT_EQ(veloz_time_sync_to_exchange(handle, 0, 10, &out), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_time_sync_to_local(handle, 0, 10, &out), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_time_sync_get_stats(handle, 0, &stats), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_time_sync_venue_count(handle), 0);
    veloz_time_sync_destroy(handle);
}

template <class Handle>
Handle* made_up_handle(std::uintptr_t value) {
    return reinterpret_cast<Handle*>(value);
}

} // namespace

TEST(HostileInput, Null_handles_are_invalid_handles) {
    expect_every_histogram_call_refuses(nullptr, "NULL histogram");
    expect_every_time_sync_call_refuses(nullptr, "NULL time_sync");
    veloz::histogram live;
    EXPECT_EQ(veloz_histogram_merge(nullptr, live.native_handle()), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_histogram_merge(live.native_handle(), nullptr), VELOZ_E_INVALID_HANDLE);
}

TEST(HostileInput, Destroyed_handles_are_invalid_handles_and_destroy_twice_is_harmless) {
    veloz_histogram* histogram = nullptr;
    ASSERT_EQ(veloz_histogram_create(nullptr, &histogram), VELOZ_OK);
    ASSERT_NE(histogram, nullptr);
    veloz_histogram_destroy(histogram);
    expect_every_histogram_call_refuses(histogram, "destroyed histogram");
    veloz_histogram_destroy(histogram);

    veloz_time_sync* sync = nullptr;
    ASSERT_EQ(veloz_time_sync_create(nullptr, &sync), VELOZ_OK);
    veloz_time_sync_destroy(sync);
    expect_every_time_sync_call_refuses(sync, "destroyed time_sync");
}

TEST(HostileInput, A_handle_of_another_type_is_an_invalid_handle_and_survives) {
    veloz::histogram histogram;
    veloz::time_sync sync;
    histogram.record(11);
    sync.add_sample(5, 1'000'500, 1'000, 2'000);

    expect_every_histogram_call_refuses(reinterpret_cast<veloz_histogram*>(sync.native_handle()), "time_sync as histogram");
    expect_every_time_sync_call_refuses(reinterpret_cast<veloz_time_sync*>(histogram.native_handle()), "histogram as time_sync");

    // The destroy calls above were given the wrong type, so both objects are alive and unchanged.
    EXPECT_EQ(histogram.count(), 1);
    EXPECT_EQ(histogram.value_at_percentile(100.0), 11);
    EXPECT_EQ(sync.venue_count(), 1);
    EXPECT_EQ(sync.stats(5).sample_count, 1);
}

TEST(HostileInput, Made_up_handles_are_invalid_handles) {
    for (std::uintptr_t value : {std::uintptr_t{1}, std::uintptr_t{0x1234}, std::uintptr_t{0xDEADBEEF},
                                 ~std::uintptr_t{0}, std::uintptr_t{0x0200000000000000}}) {
        expect_every_histogram_call_refuses(made_up_handle<veloz_histogram>(value), "made-up histogram");
        expect_every_time_sync_call_refuses(made_up_handle<veloz_time_sync>(value), "made-up time_sync");
    }
}

TEST(HostileInput, Null_out_pointers_are_invalid_arguments_and_the_object_still_works) {
    veloz::histogram histogram;
    histogram.record({3, 30, 300});
    veloz_histogram* h = histogram.native_handle();
    const veloz_histogram_stats before = stats_of(h);
    const double percentiles[] = {50.0, 90.0};
    std::int64_t out_values[2] = {0, 0};
    veloz_histogram_bucket buckets[8];
    std::int32_t written = 0;

    EXPECT_EQ(veloz_histogram_create(nullptr, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_value_at_percentile(h, 50.0, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_get_stats(h, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_percentiles(h, nullptr, out_values, 2), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_percentiles(h, percentiles, nullptr, 2), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_percentiles(h, percentiles, out_values, -1), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_record_batch(h, nullptr, 3), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_record_batch(h, out_values, -1), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_buckets(h, nullptr, 8, &written), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_buckets(h, buckets, 8, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_histogram_buckets(h, buckets, -1, &written), VELOZ_E_INVALID_ARGUMENT);

    const veloz_histogram_stats after = stats_of(h);
    EXPECT_EQ(after.count, before.count);
    EXPECT_EQ(after.max, before.max);
    histogram.record(3000);
    EXPECT_EQ(histogram.count(), 4);

    veloz::time_sync sync;
    sync.add_sample(1, 1'000'500, 1'000, 2'000);
    EXPECT_EQ(veloz_time_sync_create(nullptr, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_time_sync_to_exchange(sync.native_handle(), 1, 0, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_time_sync_to_local(sync.native_handle(), 1, 0, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(veloz_time_sync_get_stats(sync.native_handle(), 1, nullptr), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(sync.stats(1).sample_count, 1);

    EXPECT_EQ(veloz_clock_get_info(nullptr), VELOZ_E_INVALID_ARGUMENT);
}

TEST(HostileInput, Buffer_too_small_reports_the_size_needed_and_writes_within_capacity) {
    veloz::histogram histogram;
    histogram.record({1, 2, 3, 4, 5});
    veloz_histogram_bucket buckets[8];
    std::memset(buckets, 0x5A, sizeof buckets);
    std::int32_t written = -1;
    EXPECT_EQ(veloz_histogram_buckets(histogram.native_handle(), buckets, 2, &written), VELOZ_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(written, 5);
    for (int i = 2; i < 8; ++i) {
        std::int64_t untouched = 0;
        std::memset(&untouched, 0x5A, sizeof untouched);
        EXPECT_EQ(buckets[i].value, untouched) << "bucket " << i << " beyond the capacity was written";
    }
    EXPECT_EQ(veloz_histogram_buckets(histogram.native_handle(), buckets, 5, &written), VELOZ_OK);
    EXPECT_EQ(written, 5);
}

TEST(HostileInput, Config_struct_size_zero_or_absurd_is_refused) {
    veloz_histogram_config config{};
    veloz_histogram* histogram = nullptr;
    config.struct_size = 0;
    EXPECT_EQ(veloz_histogram_create(&config, &histogram), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(histogram, nullptr);
    config.struct_size = 1u << 30;
    EXPECT_EQ(veloz_histogram_create(&config, &histogram), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(histogram, nullptr);

    veloz_time_sync_config sync_config{};
    veloz_time_sync* sync = nullptr;
    sync_config.struct_size = 0;
    EXPECT_EQ(veloz_time_sync_create(&sync_config, &sync), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(sync, nullptr);
}

TEST(HostileInput, A_shorter_config_from_an_older_caller_reads_only_what_fits) {
    // An older caller knew only struct_size and significant_digits; the rest of its memory is junk
    // that the library must not read.
    veloz_histogram_config config;
    std::memset(&config, 0xFF, sizeof config);
    config.struct_size = static_cast<std::uint32_t>(offsetof(veloz_histogram_config, lowest_trackable));
    config.significant_digits = 2;
    veloz_histogram* raw = nullptr;
    ASSERT_EQ(veloz_histogram_create(&config, &raw), VELOZ_OK) << last_error();
    ASSERT_EQ(veloz_histogram_record(raw, 3'000'000'000'000), VELOZ_OK);
    veloz_histogram_stats stats = stats_of(raw);
    EXPECT_EQ(stats.clamped_count, 0) << "the default highest (an hour in ns) was not used";
    veloz_histogram_destroy(raw);
}

TEST(HostileInput, A_shorter_out_struct_is_written_only_up_to_its_size) {
    veloz::histogram histogram;
    histogram.record({10, 20});
    veloz_histogram_stats stats;
    std::memset(&stats, 0xAB, sizeof stats);
    stats.struct_size = static_cast<std::uint32_t>(offsetof(veloz_histogram_stats, min));
    ASSERT_EQ(veloz_histogram_get_stats(histogram.native_handle(), &stats), VELOZ_OK);
    EXPECT_EQ(stats.count, 2);
    const auto* bytes = reinterpret_cast<const unsigned char*>(&stats);
    for (std::size_t i = offsetof(veloz_histogram_stats, min); i < sizeof stats; ++i)
        ASSERT_EQ(bytes[i], 0xAB) << "byte " << i << " beyond struct_size was written";

    veloz_clock_info info;
    std::memset(&info, 0xCD, sizeof info);
    info.struct_size = static_cast<std::uint32_t>(offsetof(veloz_clock_info, ticks_per_second));
    ASSERT_EQ(veloz_clock_get_info(&info), VELOZ_OK);
    EXPECT_TRUE(info.source == VELOZ_CLOCK_SOURCE_OS || info.source == VELOZ_CLOCK_SOURCE_TSC);
    const auto* info_bytes = reinterpret_cast<const unsigned char*>(&info);
    for (std::size_t i = offsetof(veloz_clock_info, ticks_per_second); i < sizeof info; ++i)
        ASSERT_EQ(info_bytes[i], 0xCD) << "byte " << i << " beyond struct_size was written";
}

TEST(HostileInput, Last_error_message_truncates_like_snprintf) {
    veloz::histogram histogram;
    ASSERT_EQ(veloz_histogram_record(histogram.native_handle(), -123456), VELOZ_E_INVALID_ARGUMENT);
    const std::string full = last_error();
    ASSERT_GT(full.size(), 8u);
    EXPECT_EQ(veloz_last_error_message(nullptr, 0), static_cast<std::int32_t>(full.size()));
    char small[5];
    std::memset(small, 'x', sizeof small);
    EXPECT_EQ(veloz_last_error_message(small, sizeof small), static_cast<std::int32_t>(full.size()));
    EXPECT_EQ(std::string(small), full.substr(0, 4));
    EXPECT_EQ(veloz_last_error_message(small, -3), static_cast<std::int32_t>(full.size()));
}

TEST(HostileInput, Last_error_message_belongs_to_the_calling_thread) {
    veloz::histogram histogram;
    ASSERT_EQ(veloz_histogram_record(histogram.native_handle(), -1), VELOZ_E_INVALID_ARGUMENT);
    const std::string mine = last_error();
    std::string theirs;
    std::thread other([&theirs] {
        veloz_histogram_stats stats{};
        stats.struct_size = sizeof stats;
        (void)veloz_histogram_get_stats(nullptr, &stats);
        theirs = last_error();
    });
    other.join();
    EXPECT_NE(theirs, "");
    EXPECT_NE(theirs, mine);
    EXPECT_EQ(last_error(), mine);
}

TEST(HostileInput, Status_names_cover_every_code_and_unknown_values) {
    const std::pair<veloz_status, const char*> names[] = {
        {VELOZ_OK, "VELOZ_OK"},
        {VELOZ_E_INVALID_ARGUMENT, "VELOZ_E_INVALID_ARGUMENT"},
        {VELOZ_E_INVALID_HANDLE, "VELOZ_E_INVALID_HANDLE"},
        {VELOZ_E_NOT_FOUND, "VELOZ_E_NOT_FOUND"},
        {VELOZ_E_DUPLICATE, "VELOZ_E_DUPLICATE"},
        {VELOZ_E_FULL, "VELOZ_E_FULL"},
        {VELOZ_E_EMPTY, "VELOZ_E_EMPTY"},
        {VELOZ_E_OUT_OF_MEMORY, "VELOZ_E_OUT_OF_MEMORY"},
        {VELOZ_E_BUFFER_TOO_SMALL, "VELOZ_E_BUFFER_TOO_SMALL"},
        {VELOZ_E_STATE, "VELOZ_E_STATE"},
        {VELOZ_E_INTERNAL, "VELOZ_E_INTERNAL"},
        {VELOZ_E_UNSUPPORTED, "VELOZ_E_UNSUPPORTED"},
        {VELOZ_E_SEQUENCE_GAP, "VELOZ_E_SEQUENCE_GAP"},
    };
    for (const auto& [status, name] : names)
        EXPECT_STREQ(veloz_status_name(status), name);
    EXPECT_STREQ(veloz_status_name(12345), "VELOZ_E_UNKNOWN");
    EXPECT_STREQ(veloz_status_name(-9999), "VELOZ_E_UNKNOWN");
}
