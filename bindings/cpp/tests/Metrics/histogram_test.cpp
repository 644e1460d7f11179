// veloz::histogram: HDR percentiles within the configured precision, clamping, batches, merge, reset
// and the RAII owner's move semantics.
#include <veloz.hpp>

#include "Common/seed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

// The rank rule of the API: the ceil(p/100 * count)-th smallest value, at least the first, with p taken
// as the decimal written (99.9, not the double a hair above it). Integer millionths of a percent keep
// the product exact: ceil(99.9 / 100 * 1000) must be 999, which double arithmetic can round to 1000.
std::int64_t exact_percentile(const std::vector<std::int64_t>& sorted, double percentile) {
    const auto millionths = static_cast<std::uint64_t>(std::llround(percentile * 1e6));
    const std::uint64_t scale = 100'000'000; // 100 percent in millionths
    const std::uint64_t rank = (millionths * sorted.size() + scale - 1) / scale;
    const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

// Log-uniform values from 1 to 10^9: latencies from a nanosecond to a second, every decade equally likely.
std::vector<std::int64_t> latency_like_values(std::mt19937_64& random, std::size_t count) {
    std::uniform_real_distribution<double> decades(0.0, 9.0);
    std::vector<std::int64_t> values(count);
    for (std::int64_t& value : values)
        value = static_cast<std::int64_t>(std::pow(10.0, decades(random)));
    return values;
}

void expect_same_contents(const veloz::histogram& actual, const veloz::histogram& expected) {
    const veloz_histogram_stats a = actual.stats();
    const veloz_histogram_stats e = expected.stats();
    EXPECT_EQ(a.count, e.count);
    EXPECT_EQ(a.min, e.min);
    EXPECT_EQ(a.max, e.max);
    EXPECT_DOUBLE_EQ(a.mean, e.mean);
    EXPECT_EQ(a.clamped_count, e.clamped_count);
    const std::vector<veloz_histogram_bucket> actual_buckets = actual.buckets();
    const std::vector<veloz_histogram_bucket> expected_buckets = expected.buckets();
    ASSERT_EQ(actual_buckets.size(), expected_buckets.size());
    for (std::size_t i = 0; i < actual_buckets.size(); ++i) {
        EXPECT_EQ(actual_buckets[i].value, expected_buckets[i].value) << "bucket " << i;
        EXPECT_EQ(actual_buckets[i].count, expected_buckets[i].count) << "bucket " << i;
    }
}

veloz_status status_of_percentile(const veloz::histogram& histogram, double percentile) {
    try {
        (void)histogram.value_at_percentile(percentile);
    } catch (const veloz::error& e) {
        return e.status();
    }
    return VELOZ_OK;
}

constexpr std::array<double, 12> checked_percentiles = {0.0, 0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 100.0};

} // namespace

// Owners of a handle move and never copy; moving cannot throw, so they work in std::vector without copies.
static_assert(!std::is_copy_constructible_v<veloz::histogram> && !std::is_copy_assignable_v<veloz::histogram>);
static_assert(std::is_nothrow_move_constructible_v<veloz::histogram> && std::is_nothrow_move_assignable_v<veloz::histogram>);
static_assert(!std::is_copy_constructible_v<veloz::time_sync> && !std::is_copy_assignable_v<veloz::time_sync>);
static_assert(std::is_nothrow_move_constructible_v<veloz::time_sync> && std::is_nothrow_move_assignable_v<veloz::time_sync>);

class HistogramPrecision : public ::testing::TestWithParam<int> {};

TEST_P(HistogramPrecision, Percentiles_match_exact_sorted_data_within_the_configured_precision) {
    const int digits = GetParam();
    std::mt19937_64 random(veloz_tests::seed_for_this_test());
    std::vector<std::int64_t> values = latency_like_values(random, 200'000);

    veloz::histogram_config settings;
    settings.significant_digits = digits;
    veloz::histogram histogram(settings);
    histogram.record(values);
    std::sort(values.begin(), values.end());

    const double relative = std::pow(10.0, -digits);
    const std::vector<std::int64_t> reported = histogram.percentiles(veloz::span<const double>(checked_percentiles));
    ASSERT_EQ(reported.size(), checked_percentiles.size());
    for (std::size_t i = 0; i < checked_percentiles.size(); ++i) {
        const double p = checked_percentiles[i];
        const std::int64_t exact = exact_percentile(values, p);
        EXPECT_EQ(reported[i], histogram.value_at_percentile(p)) << "p" << p;
        if (p == 0.0) {
            EXPECT_EQ(reported[i], values.front()) << "p0 is the exact min";
        } else if (p == 100.0) {
            EXPECT_EQ(reported[i], values.back()) << "p100 is the exact max";
        } else {
            // The highest value equivalent to the bucket holding the exact value: never below it,
            // and above it by at most the bucket's width.
            EXPECT_GE(reported[i], exact) << "p" << p;
            EXPECT_LE(static_cast<double>(reported[i] - exact), static_cast<double>(exact) * relative) << "p" << p << " exact " << exact;
        }
    }
    const veloz_histogram_stats stats = histogram.stats();
    EXPECT_EQ(stats.count, static_cast<std::int64_t>(values.size()));
    EXPECT_EQ(stats.min, values.front());
    EXPECT_EQ(stats.max, values.back());
}

INSTANTIATE_TEST_SUITE_P(SignificantDigits, HistogramPrecision, ::testing::Values(1, 2, 3, 4, 5));

TEST(Histogram, Stats_of_known_values_are_exact) {
    veloz::histogram histogram;
    histogram.record({2, 4, 4, 4, 5, 5, 7, 9});
    const veloz_histogram_stats stats = histogram.stats();
    EXPECT_EQ(stats.struct_size, sizeof(veloz_histogram_stats));
    EXPECT_EQ(stats.count, 8);
    EXPECT_EQ(stats.min, 2);
    EXPECT_EQ(stats.max, 9);
    EXPECT_DOUBLE_EQ(stats.mean, 5.0);
    EXPECT_NEAR(stats.stddev, 2.0, 1e-9); // population standard deviation of this classic set
    EXPECT_EQ(stats.clamped_count, 0);
    EXPECT_EQ(histogram.value_at_percentile(50.0), 4);
}

TEST(Histogram, Values_above_highest_are_clamped_and_counted) {
    veloz::histogram histogram(veloz::histogram_config{3, 1, 1000});
    histogram.record(10);
    histogram.record(5000);
    histogram.record_n(1'000'000, 3);
    const veloz_histogram_stats stats = histogram.stats();
    EXPECT_EQ(stats.count, 5);
    EXPECT_EQ(stats.clamped_count, 4);
    EXPECT_EQ(stats.max, 1000);
    EXPECT_EQ(histogram.value_at_percentile(100.0), 1000);
    EXPECT_EQ(histogram.value_at_percentile(0.0), 10);
}

TEST(Histogram, Record_n_counts_a_value_many_times) {
    veloz::histogram histogram;
    histogram.record_n(100, 1'000'000);
    histogram.record_n(7, 0);
    EXPECT_EQ(histogram.count(), 1'000'000);
    EXPECT_EQ(histogram.value_at_percentile(50.0), 100);
    EXPECT_EQ(histogram.stats().min, 100);
}

TEST(Histogram, Negative_value_or_count_is_refused_and_changes_nothing) {
    veloz::histogram histogram;
    histogram.record(3);
    EXPECT_THROW(histogram.record(-1), veloz::error);
    EXPECT_THROW(histogram.record_n(5, -2), veloz::error);
    EXPECT_THROW(histogram.record_n(-5, 2), veloz::error);
    EXPECT_EQ(histogram.count(), 1);
    EXPECT_EQ(histogram.stats().max, 3);
}

TEST(Histogram, Batch_records_the_same_as_one_value_at_a_time) {
    std::mt19937_64 random(veloz_tests::seed_for_this_test());
    const std::vector<std::int64_t> values = latency_like_values(random, 10'000);
    veloz::histogram one_by_one;
    for (std::int64_t value : values)
        one_by_one.record(value);

    veloz::histogram from_vector;
    from_vector.record(values);
    expect_same_contents(from_vector, one_by_one);

    veloz::histogram from_pointer;
    from_pointer.record(values.data(), 4'000);
    from_pointer.record(values.data() + 4'000, values.size() - 4'000);
    expect_same_contents(from_pointer, one_by_one);

    veloz::histogram from_span;
    from_span.record(veloz::span<const std::int64_t>(values));
    expect_same_contents(from_span, one_by_one);
}

TEST(Histogram, Batch_with_a_negative_value_records_nothing) {
    veloz::histogram histogram;
    histogram.record(1);
    const std::vector<std::int64_t> values = {5, 6, -7, 8};
    try {
        histogram.record(values);
        FAIL() << "a batch holding -7 was accepted";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.message()).find("-7"), std::string::npos) << e.message();
    }
    EXPECT_EQ(histogram.count(), 1);
    EXPECT_EQ(histogram.stats().max, 1);
}

TEST(Histogram, Empty_batch_is_a_no_op) {
    veloz::histogram histogram;
    histogram.record(std::vector<std::int64_t>());
    histogram.record(nullptr, 0);
    EXPECT_EQ(histogram.count(), 0);
}

TEST(Histogram, Percentile_of_an_empty_histogram_is_empty) {
    veloz::histogram histogram;
    EXPECT_EQ(status_of_percentile(histogram, 50.0), VELOZ_E_EMPTY);
}

TEST(Histogram, Percentile_outside_0_to_100_is_an_invalid_argument) {
    veloz::histogram histogram;
    histogram.record(10);
    EXPECT_EQ(status_of_percentile(histogram, -0.5), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of_percentile(histogram, 100.5), VELOZ_E_INVALID_ARGUMENT);
    EXPECT_EQ(status_of_percentile(histogram, std::nan("")), VELOZ_E_INVALID_ARGUMENT);
}

TEST(Histogram, Percentiles_into_a_too_small_output_is_refused) {
    veloz::histogram histogram;
    histogram.record(10);
    const double wanted[] = {50.0, 99.0};
    std::int64_t out[1] = {0};
    try {
        histogram.percentiles(wanted, out);
        FAIL() << "two percentiles were written into one slot";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_BUFFER_TOO_SMALL);
    }
}

TEST(Histogram, Buckets_ascend_and_add_up_to_the_count) {
    std::mt19937_64 random(veloz_tests::seed_for_this_test());
    veloz::histogram histogram;
    // Enough distinct values that the first 64-bucket attempt is too small and the binding must grow.
    histogram.record(latency_like_values(random, 50'000));
    const std::vector<veloz_histogram_bucket> buckets = histogram.buckets();
    ASSERT_GT(buckets.size(), 64u);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        EXPECT_GT(buckets[i].count, 0) << "bucket " << i << " is empty";
        if (i > 0) {
            EXPECT_GT(buckets[i].value, buckets[i - 1].value) << "bucket " << i;
        }
        total += buckets[i].count;
    }
    EXPECT_EQ(total, histogram.count());
    EXPECT_GE(buckets.back().value, histogram.stats().max);

    std::vector<veloz_histogram_bucket> reused;
    reused.reserve(4096);
    histogram.buckets(reused);
    EXPECT_EQ(reused.size(), buckets.size());
}

TEST(Histogram, Merge_equals_recording_both_sets_into_one) {
    std::mt19937_64 random(veloz_tests::seed_for_this_test());
    const std::vector<std::int64_t> first_values = latency_like_values(random, 5'000);
    const std::vector<std::int64_t> second_values = latency_like_values(random, 7'000);
    veloz::histogram first;
    veloz::histogram second;
    veloz::histogram both;
    first.record(first_values);
    second.record(second_values);
    both.record(first_values);
    both.record(second_values);

    first.merge(second);
    expect_same_contents(first, both);
    EXPECT_EQ(second.count(), 7'000) << "the source of a merge is unchanged";
}

TEST(Histogram, Merge_clamps_source_values_beyond_the_target_range) {
    veloz::histogram narrow(veloz::histogram_config{3, 1, 1000});
    veloz::histogram wide;
    wide.record(50);
    wide.record(1'000'000);
    narrow.merge(wide);
    const veloz_histogram_stats stats = narrow.stats();
    EXPECT_EQ(stats.count, 2);
    EXPECT_EQ(stats.max, 1000);
    EXPECT_EQ(stats.clamped_count, 1);
}

TEST(Histogram, Reset_forgets_every_value_and_keeps_the_settings) {
    veloz::histogram histogram(veloz::histogram_config{2, 1, 1000});
    histogram.record({1, 2, 3, 5000});
    histogram.reset();
    const veloz_histogram_stats stats = histogram.stats();
    EXPECT_EQ(stats.count, 0);
    EXPECT_EQ(stats.min, 0);
    EXPECT_EQ(stats.max, 0);
    EXPECT_EQ(stats.clamped_count, 0);
    EXPECT_TRUE(histogram.buckets().empty());
    EXPECT_EQ(status_of_percentile(histogram, 50.0), VELOZ_E_EMPTY);
    histogram.record(5000);
    EXPECT_EQ(histogram.stats().max, 1000) << "the range survived the reset";
}

TEST(Histogram, Moved_from_object_is_inert) {
    veloz::histogram source;
    source.record(42);
    veloz::histogram target(std::move(source));
    EXPECT_FALSE(source); // NOLINT(bugprone-use-after-move): inertness is the point
    EXPECT_EQ(source.native_handle(), nullptr);
    try {
        source.record(1);
        FAIL() << "a moved-from histogram recorded a value";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_INVALID_HANDLE);
    }
    EXPECT_TRUE(target);
    EXPECT_EQ(target.count(), 1);
    EXPECT_EQ(target.value_at_percentile(100.0), 42);
}

TEST(Histogram, Each_handle_is_destroyed_exactly_once) {
    veloz_histogram* first_handle = nullptr;
    veloz_histogram* replaced_handle = nullptr;
    {
        veloz::histogram first;
        first.record(7);
        first_handle = first.native_handle();
        veloz::histogram moved(std::move(first));
        veloz::histogram assigned;
        replaced_handle = assigned.native_handle();
        assigned = std::move(moved);
        // The replaced handle died with the assignment; the first one lives on in `assigned`.
        EXPECT_EQ(veloz_histogram_record(replaced_handle, 1), VELOZ_E_INVALID_HANDLE);
        EXPECT_EQ(veloz_histogram_record(first_handle, 1), VELOZ_OK);
        EXPECT_EQ(assigned.count(), 2);
        // Self-move leaves the object as it was.
        veloz::histogram& alias = assigned;
        assigned = std::move(alias);
        EXPECT_EQ(assigned.count(), 2);
    }
    // Leaving the scope destroyed it: the library no longer knows the handle.
    EXPECT_EQ(veloz_histogram_record(first_handle, 1), VELOZ_E_INVALID_HANDLE);
}

TEST(Histogram, Release_hands_ownership_to_the_caller) {
    veloz_histogram* handle = nullptr;
    {
        veloz::histogram histogram;
        histogram.record(9);
        handle = histogram.release();
        EXPECT_FALSE(histogram);
    }
    veloz_histogram_stats stats{};
    stats.struct_size = sizeof stats;
    ASSERT_EQ(veloz_histogram_get_stats(handle, &stats), VELOZ_OK);
    EXPECT_EQ(stats.count, 1);
    veloz_histogram_destroy(handle);
    EXPECT_EQ(veloz_histogram_get_stats(handle, &stats), VELOZ_E_INVALID_HANDLE);
}

TEST(Histogram, Many_live_in_a_vector_and_each_keeps_its_own_values) {
    std::vector<veloz::histogram> histograms;
    for (std::int64_t i = 1; i <= 100; ++i) {
        histograms.emplace_back();
        histograms.back().record(i);
    }
    // Growing the vector moved most of them, several times.
    for (std::size_t i = 0; i < histograms.size(); ++i) {
        EXPECT_EQ(histograms[i].count(), 1);
        EXPECT_EQ(histograms[i].value_at_percentile(100.0), static_cast<std::int64_t>(i) + 1);
    }
}

TEST(Histogram, Batches_and_percentile_lists_accept_braced_lists_arrays_and_vectors) {
    veloz::histogram histogram;
    const std::array<std::int64_t, 3> array_values = {10, 20, 30};
    histogram.record(array_values);
    histogram.record({40, 50});
    const std::int64_t c_array[] = {60, 70, 80, 90, 100};
    histogram.record(c_array);
    EXPECT_EQ(histogram.count(), 10);

    const std::vector<std::int64_t> from_list = histogram.percentiles({10.0, 50.0, 100.0});
    const std::vector<double> wanted = {10.0, 50.0, 100.0};
    const std::vector<std::int64_t> from_vector = histogram.percentiles(wanted);
    std::array<std::int64_t, 3> into_array{};
    histogram.percentiles(wanted, into_array);
    EXPECT_EQ(from_list, (std::vector<std::int64_t>{10, 50, 100}));
    EXPECT_EQ(from_vector, from_list);
    EXPECT_EQ(std::vector<std::int64_t>(into_array.begin(), into_array.end()), from_list);
}
