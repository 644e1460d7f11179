// veloz_demo: what veloz::clock is on this machine and what one clock read costs, measured with the
// clock itself and summarised with veloz::histogram.
//
// Each read is timed on its own: ticks(), the read, ticks(). The tick pair costs something too, so the
// "empty" row (ticks(), nothing, ticks()) is printed as the floor that every other row includes.
// Costs are recorded in picoseconds so that sub-nanosecond differences survive the integer histogram.
#include <veloz.hpp>

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

constexpr int reads = 1'000'000;

struct read_cost {
    const char* name;
    veloz::histogram picoseconds{veloz::histogram_config{3, 1, 1'000'000'000'000}}; // up to 1 s
};

// Times `reads` calls of `read` one by one, in ticks converted to picoseconds.
template <class Read>
void measure(read_cost& cost, double picoseconds_per_tick, Read read) {
    for (int i = 0; i < reads; ++i) {
        const std::uint64_t start = veloz::clock::ticks();
        read();
        const std::uint64_t end = veloz::clock::ticks();
        cost.picoseconds.record(static_cast<std::int64_t>(static_cast<double>(end - start) * picoseconds_per_tick + 0.5));
    }
}

void print_row(const read_cost& cost) {
    const veloz_histogram_stats stats = cost.picoseconds.stats();
    const std::vector<std::int64_t> p = cost.picoseconds.percentiles({50.0, 90.0, 99.0, 99.9});
    auto ns = [](std::int64_t picoseconds) { return static_cast<double>(picoseconds) / 1000.0; };
    std::printf("%-28s %9lld %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %10.1f\n", cost.name, static_cast<long long>(stats.count),
                ns(stats.min), stats.mean / 1000.0, ns(p[0]), ns(p[1]), ns(p[2]), ns(p[3]), ns(stats.max));
}

const char* source_name(veloz_clock_source source) {
    return source == VELOZ_CLOCK_SOURCE_TSC ? "TSC (rdtsc, calibrated against CLOCK_REALTIME)" : "OS (clock_gettime)";
}

} // namespace

int main() {
    try {
        veloz::check_version();
        const veloz::version_number version = veloz::library_version();
        const veloz_clock_info info = veloz::clock::info();
        std::printf("libveloz %u.%u.%u\n", version.major, version.minor, version.patch);
        std::printf("clock source        %s\n", source_name(info.source));
        std::printf("invariant TSC       %s\n", info.invariant_tsc ? "yes" : "no");
        std::printf("ticks per second    %.0f (%.6f GHz)\n", info.ticks_per_second, info.ticks_per_second / 1e9);
        std::printf("calibrations        %lld, the last at %lld ns since the epoch (%.3f s ago)\n",
                    static_cast<long long>(info.calibration_count), static_cast<long long>(info.calibrated_at_ns),
                    static_cast<double>(veloz::clock::now_ns() - info.calibrated_at_ns) / 1e9);
        std::printf("calibration error   %lld ns (half the narrowest ticks/realtime/ticks sandwich)\n",
                    static_cast<long long>(info.error_ns));

        const double picoseconds_per_tick = 1e12 / info.ticks_per_second;
        // A virtual machine may advance the TSC in steps; every cost below is a multiple of this step.
        std::uint64_t step = ~std::uint64_t{0};
        for (int i = 0; i < 100'000; ++i) {
            const std::uint64_t first = veloz::clock::ticks();
            std::uint64_t second = veloz::clock::ticks();
            while (second == first)
                second = veloz::clock::ticks();
            step = second - first < step ? second - first : step;
        }
        std::printf("tick step           %llu ticks = %.2f ns (smallest advance seen between two reads)\n",
                    static_cast<unsigned long long>(step), static_cast<double>(step) * picoseconds_per_tick / 1000.0);
        read_cost empty{"empty (tick pair only)"};
        read_cost veloz_now{"veloz_clock_now_ns"};
        read_cost gettime{"clock_gettime(REALTIME)"};
        std::int64_t sink = 0; // keeps the reads from being optimised away
        measure(empty, picoseconds_per_tick, [] {});
        measure(veloz_now, picoseconds_per_tick, [&sink] { sink += veloz_clock_now_ns(); });
        measure(gettime, picoseconds_per_tick, [&sink] {
            timespec now{};
            clock_gettime(CLOCK_REALTIME, &now);
            sink += now.tv_nsec;
        });

        std::printf("\ncost of one read, %d reads each, timed with veloz::clock::ticks(), in ns\n", reads);
        std::printf("%-28s %9s %8s %8s %8s %8s %8s %8s %10s\n", "", "count", "min", "mean", "p50", "p90", "p99", "p99.9", "max");
        print_row(empty);
        print_row(veloz_now);
        print_row(gettime);
        // Means carry every preemption of this thread (the max column); the medians are the typical read.
        const double floor = static_cast<double>(empty.picoseconds.value_at_percentile(50.0));
        const double veloz_median = static_cast<double>(veloz_now.picoseconds.value_at_percentile(50.0)) - floor;
        const double gettime_median = static_cast<double>(gettime.picoseconds.value_at_percentile(50.0)) - floor;
        std::printf("\nmedian minus the empty floor's median: veloz_clock_now_ns %.1f ns, clock_gettime %.1f ns (ratio %.2f)\n",
                    veloz_median / 1000.0, gettime_median / 1000.0, gettime_median > 0 ? veloz_median / gettime_median : 0.0);
        std::printf("(single reads are timed with a tick pair, so these are coarse; veloz_bench measures them in bulk)\n");
        return sink == 42 ? 3 : 0;
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_demo: %s\n", e.what());
        return 1;
    }
}
