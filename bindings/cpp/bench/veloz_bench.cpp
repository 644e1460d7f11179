// veloz_bench: libveloz.so called from C++ against the peers a C++ user would otherwise reach for,
// measured in the same binary and run, with the ratios that matter printed at the end.
//
// Clock:     veloz_clock_now_ns vs clock_gettime(CLOCK_REALTIME) (vDSO), raw __rdtsc(), __rdtscp(),
//            std::chrono::system_clock::now().
// Histogram: veloz_histogram_record through the C ABI (per value and per 4096-value batch) vs the peer
//            std::vector push_back + std::nth_element / std::sort at query time. Debian 12 packages no
//            hdr_histogram C library (libhdr-histogram-dev does not exist there), so that is the peer.
//
// Ratios use CPU time per value, which a busy shared machine disturbs less than wall time.
#include <veloz.hpp>

#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <time.h>
#include <x86intrin.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

// 4096 latency-like values (log-uniform, 100 ns .. 10 ms): a power of two so the index wraps with a mask.
constexpr std::size_t value_count = 4096;

const std::vector<std::int64_t>& latency_values() {
    static const std::vector<std::int64_t> values = [] {
        std::mt19937_64 random(20240611); // fixed: every run records the same data
        std::uniform_real_distribution<double> exponent(2.0, 7.0);
        std::vector<std::int64_t> generated(value_count);
        for (std::int64_t& value : generated)
            value = static_cast<std::int64_t>(std::pow(10.0, exponent(random)));
        return generated;
    }();
    return values;
}

// Shows "per_value" (CPU seconds per value, e.g. 5.1n) and lets the ratio table divide like by like.
void count_values(benchmark::State& state, std::int64_t values_per_iteration) {
    state.SetItemsProcessed(state.iterations() * values_per_iteration);
    state.counters["per_value"] = benchmark::Counter(static_cast<double>(values_per_iteration),
                                                     benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// ---- clock reads ------------------------------------------------------------------------------------

void BM_veloz_clock_now_ns(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(veloz_clock_now_ns());
    count_values(state, 1);
}
BENCHMARK(BM_veloz_clock_now_ns);

void BM_veloz_clock_now_chrono(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(veloz::clock::now());
    count_values(state, 1);
}
BENCHMARK(BM_veloz_clock_now_chrono);

void BM_veloz_clock_ticks(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(veloz_clock_ticks());
    count_values(state, 1);
}
BENCHMARK(BM_veloz_clock_ticks);

void BM_clock_gettime_realtime(benchmark::State& state) {
    timespec now{};
    for (auto _ : state) {
        clock_gettime(CLOCK_REALTIME, &now);
        benchmark::DoNotOptimize(now);
    }
    count_values(state, 1);
}
BENCHMARK(BM_clock_gettime_realtime);

void BM_rdtsc(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(__rdtsc());
    count_values(state, 1);
}
BENCHMARK(BM_rdtsc);

void BM_rdtscp(benchmark::State& state) {
    unsigned int processor = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(__rdtscp(&processor));
    count_values(state, 1);
}
BENCHMARK(BM_rdtscp);

void BM_std_system_clock_now(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(std::chrono::system_clock::now());
    count_values(state, 1);
}
BENCHMARK(BM_std_system_clock_now);

// ---- histogram record ---------------------------------------------------------------------------------

void BM_veloz_histogram_record(benchmark::State& state) {
    veloz::histogram histogram;
    veloz_histogram* const handle = histogram.native_handle();
    const std::int64_t* const values = latency_values().data();
    std::size_t next = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(veloz_histogram_record(handle, values[next]));
        next = (next + 1) & (value_count - 1);
    }
    count_values(state, 1);
}
BENCHMARK(BM_veloz_histogram_record);

// The same through the C++ wrapper: the status check must cost nothing measurable.
void BM_veloz_histogram_record_cpp(benchmark::State& state) {
    veloz::histogram histogram;
    const std::int64_t* const values = latency_values().data();
    std::size_t next = 0;
    for (auto _ : state) {
        histogram.record(values[next]);
        next = (next + 1) & (value_count - 1);
    }
    count_values(state, 1);
}
BENCHMARK(BM_veloz_histogram_record_cpp);

void BM_veloz_histogram_record_batch(benchmark::State& state) {
    veloz::histogram histogram;
    const std::vector<std::int64_t>& values = latency_values();
    for (auto _ : state)
        benchmark::DoNotOptimize(veloz_histogram_record_batch(histogram.native_handle(), values.data(),
                                                              static_cast<std::int32_t>(values.size())));
    count_values(state, static_cast<std::int64_t>(value_count));
}
BENCHMARK(BM_veloz_histogram_record_batch);

// Peer: keep every sample in a vector (what a histogram saves you from); cleared every 2^20 values so
// memory stays bounded, as a latency recorder would roll its window.
void BM_peer_vector_push_back(benchmark::State& state) {
    constexpr std::size_t window = 1u << 20;
    std::vector<std::int64_t> samples;
    samples.reserve(window);
    const std::int64_t* const values = latency_values().data();
    std::size_t next = 0;
    for (auto _ : state) {
        samples.push_back(values[next]);
        next = (next + 1) & (value_count - 1);
        if (samples.size() == window)
            samples.clear();
    }
    benchmark::DoNotOptimize(samples.data());
    count_values(state, 1);
}
BENCHMARK(BM_peer_vector_push_back);

// ---- percentile queries over 1M recorded values --------------------------------------------------------

constexpr std::size_t query_values = 1u << 20;

std::vector<std::int64_t> million_values() {
    const std::vector<std::int64_t>& pattern = latency_values();
    std::vector<std::int64_t> values(query_values);
    std::mt19937_64 random(7);
    for (std::int64_t& value : values)
        value = pattern[random() & (value_count - 1)];
    return values;
}

void BM_veloz_histogram_p99(benchmark::State& state) {
    veloz::histogram histogram;
    histogram.record(million_values());
    for (auto _ : state)
        benchmark::DoNotOptimize(histogram.value_at_percentile(99.0));
    count_values(state, 1);
}
BENCHMARK(BM_veloz_histogram_p99);

void BM_peer_vector_nth_element_p99(benchmark::State& state) {
    const std::vector<std::int64_t> recorded = million_values();
    std::vector<std::int64_t> work;
    for (auto _ : state) {
        state.PauseTiming();
        work = recorded; // nth_element reorders: every query starts from the order samples arrived in
        state.ResumeTiming();
        const auto rank = static_cast<std::ptrdiff_t>(std::ceil(0.99 * static_cast<double>(work.size()))) - 1;
        std::nth_element(work.begin(), work.begin() + rank, work.end());
        benchmark::DoNotOptimize(work[static_cast<std::size_t>(rank)]);
    }
    count_values(state, 1);
}
BENCHMARK(BM_peer_vector_nth_element_p99)->Unit(benchmark::kMicrosecond);

const double report_percentiles[] = {50.0, 90.0, 99.0, 99.9, 99.99};

void BM_veloz_histogram_5_percentiles(benchmark::State& state) {
    veloz::histogram histogram;
    histogram.record(million_values());
    std::int64_t out[5];
    for (auto _ : state) {
        histogram.percentiles(report_percentiles, out);
        benchmark::DoNotOptimize(out);
    }
    count_values(state, 1);
}
BENCHMARK(BM_veloz_histogram_5_percentiles);

void BM_peer_vector_sort_5_percentiles(benchmark::State& state) {
    const std::vector<std::int64_t> recorded = million_values();
    std::vector<std::int64_t> work;
    std::int64_t out[5];
    for (auto _ : state) {
        state.PauseTiming();
        work = recorded;
        state.ResumeTiming();
        std::sort(work.begin(), work.end());
        for (std::size_t i = 0; i < 5; ++i) {
            const auto rank = static_cast<std::size_t>(std::ceil(report_percentiles[i] / 100.0 * static_cast<double>(work.size())));
            out[i] = work[rank - 1];
        }
        benchmark::DoNotOptimize(out);
    }
    count_values(state, 1);
}
BENCHMARK(BM_peer_vector_sort_5_percentiles)->Unit(benchmark::kMicrosecond);

// ---- the ratio table ---------------------------------------------------------------------------------

// Prints the usual console table, then each VeloZ result as a ratio to its peer from this same run.
class clock_reporter : public bench::ratio_reporter {
public:
    clock_reporter() : ratio_reporter("per_value") {}

    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nRatios (CPU ns per value, same run; < 1 means VeloZ is faster)\n");
        ratio("veloz_clock_now_ns", "BM_veloz_clock_now_ns", "clock_gettime(REALTIME)", "BM_clock_gettime_realtime", 0.7);
        ratio("veloz_clock_now_ns", "BM_veloz_clock_now_ns", "raw __rdtsc()", "BM_rdtsc", 1.5);
        ratio("veloz_clock_now_ns", "BM_veloz_clock_now_ns", "std::chrono::system_clock::now", "BM_std_system_clock_now", 0.0);
        ratio("veloz::clock::now", "BM_veloz_clock_now_chrono", "veloz_clock_now_ns", "BM_veloz_clock_now_ns", 0.0);
        ratio("veloz_clock_ticks", "BM_veloz_clock_ticks", "raw __rdtsc()", "BM_rdtsc", 0.0);
        ratio("histogram_record (C ABI)", "BM_veloz_histogram_record", "vector push_back", "BM_peer_vector_push_back", 0.0);
        ratio("histogram_record_batch", "BM_veloz_histogram_record_batch", "vector push_back", "BM_peer_vector_push_back", 0.0);
        ratio("histogram::record (C++)", "BM_veloz_histogram_record_cpp", "histogram_record (C ABI)", "BM_veloz_histogram_record", 0.0);
        ratio("histogram p99 of 1M", "BM_veloz_histogram_p99", "nth_element p99 of 1M", "BM_peer_vector_nth_element_p99", 0.0);
        ratio("histogram 5 percentiles of 1M", "BM_veloz_histogram_5_percentiles", "sort + 5 ranks of 1M", "BM_peer_vector_sort_5_percentiles", 0.0);
        std::fflush(stdout);
    }

private:
    void ratio(const char* label, const char* name, const char* peer_label, const char* peer, double target) {
        const double* mine = value(name);
        const double* theirs = value(peer);
        if (mine == nullptr || theirs == nullptr)
            return; // filtered out with --benchmark_filter
        // per_value is in seconds.
        const double mine_ns = *mine * 1e9;
        const double theirs_ns = *theirs * 1e9;
        const double ratio = mine_ns / theirs_ns;
        std::printf("  %-30s %12.2f ns / %-30s %14.2f ns = %9.3gx", label, mine_ns, peer_label, theirs_ns, ratio);
        if (ratio > 0.97 && ratio < 1.03)
            std::printf(" (the same within 3%%)");
        else if (ratio < 1.0)
            std::printf(" (%.3g times faster)", 1.0 / ratio);
        else
            std::printf(" (%.3g times slower)", ratio);
        if (target > 0.0)
            std::printf("   target <= %.1fx: %s", target, ratio <= target ? "met" : "NOT MET");
        std::printf("\n");
    }
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    try {
        veloz::check_version();
        const veloz_clock_info info = veloz::clock::info();
        std::printf("libveloz %u.%u.%u, clock source %s, %.6f GHz, invariant TSC %d, calibration error %lld ns\n",
                    veloz::library_version().major, veloz::library_version().minor, veloz::library_version().patch,
                    info.source == VELOZ_CLOCK_SOURCE_TSC ? "TSC" : "OS", info.ticks_per_second / 1e9, info.invariant_tsc,
                    static_cast<long long>(info.error_ns));
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_bench: %s\n", e.what());
        return 1;
    }
    clock_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
