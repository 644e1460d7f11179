// veloz_clock_accuracy: how far veloz_clock_now_ns strays from CLOCK_REALTIME in normal use, i.e. while
// it is recalibrated once a second.
//
// Each sample reads veloz, then CLOCK_REALTIME, then veloz again. The realtime read happened somewhere
// inside [v1, v2], so the error of the veloz clock at that instant is realtime - (v1 + v2) / 2, known to
// within +-(v2 - v1) / 2. Samples whose window is wider than --max-window-ns (the thread was preempted
// between the reads) cannot bound anything useful and are counted separately, not hidden.
//
// Usage: veloz_clock_accuracy [--seconds N] [--interval-us U] [--max-window-ns W]
#include <veloz.hpp>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct options {
    double seconds = 10.0;
    std::int64_t interval_us = 20;
    std::int64_t max_window_ns = 2'000;
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr, "veloz_clock_accuracy: %s\nusage: veloz_clock_accuracy [--seconds N] [--interval-us U] [--max-window-ns W]\n",
                 problem);
    std::exit(2);
}

options parse(int argc, char** argv) {
    options parsed;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (i + 1 >= argc)
            usage(("missing value after " + argument).c_str());
        const char* value = argv[++i];
        char* end = nullptr;
        if (argument == "--seconds") {
            parsed.seconds = std::strtod(value, &end);
        } else if (argument == "--interval-us") {
            parsed.interval_us = std::strtoll(value, &end, 10);
        } else if (argument == "--max-window-ns") {
            parsed.max_window_ns = std::strtoll(value, &end, 10);
        } else {
            usage(("unknown option " + argument).c_str());
        }
        if (end == value || *end != '\0')
            usage(("not a number: " + std::string(value)).c_str());
    }
    if (parsed.seconds <= 0 || parsed.interval_us < 0 || parsed.max_window_ns <= 0)
        usage("values must be positive");
    return parsed;
}

std::int64_t realtime_ns() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// The value at rank ceil(p/100 * n) of sorted data, as the histogram defines it.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, double p) {
    if (sorted.empty())
        return 0;
    std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999999);
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

} // namespace

int main(int argc, char** argv) {
    const options settings = parse(argc, argv);
    try {
        veloz::check_version();
        veloz::clock::calibrate();
        const veloz_clock_info first = veloz::clock::info();
        std::printf("veloz clock: source %s, %.6f GHz, invariant TSC %d\n",
                    first.source == VELOZ_CLOCK_SOURCE_TSC ? "TSC" : "OS", first.ticks_per_second / 1e9, first.invariant_tsc);
        std::printf("sampling |veloz_clock_now_ns - CLOCK_REALTIME| for %.1f s, every %lld us, calibrating every second\n",
                    settings.seconds, static_cast<long long>(settings.interval_us));

        const auto expected = static_cast<std::size_t>(settings.seconds * 1e6 / static_cast<double>(std::max<std::int64_t>(settings.interval_us, 1)));
        std::vector<std::int64_t> absolute_errors;
        std::vector<std::int64_t> signed_errors;
        std::vector<std::int64_t> windows;
        absolute_errors.reserve(expected + 1024);
        signed_errors.reserve(expected + 1024);
        windows.reserve(expected + 1024);
        std::int64_t preempted = 0;
        std::int64_t calibrations = 0;
        std::int64_t worst_calibration_error = 0;

        const std::int64_t start = realtime_ns();
        const std::int64_t stop = start + static_cast<std::int64_t>(settings.seconds * 1e9);
        std::int64_t next_calibration = start + 1'000'000'000;
        for (std::int64_t now = start; now < stop; now = realtime_ns()) {
            if (now >= next_calibration) {
                veloz::clock::calibrate();
                ++calibrations;
                worst_calibration_error = std::max(worst_calibration_error, veloz::clock::info().error_ns);
                next_calibration += 1'000'000'000;
            }
            const std::int64_t before = veloz::clock::now_ns();
            const std::int64_t realtime = realtime_ns();
            const std::int64_t after = veloz::clock::now_ns();
            const std::int64_t window = after - before;
            if (window > settings.max_window_ns) {
                ++preempted;
            } else {
                const std::int64_t error = realtime - (before + window / 2);
                signed_errors.push_back(error);
                absolute_errors.push_back(error < 0 ? -error : error);
                windows.push_back(window);
            }
            if (settings.interval_us > 0)
                std::this_thread::sleep_for(std::chrono::microseconds(settings.interval_us));
        }

        std::sort(absolute_errors.begin(), absolute_errors.end());
        std::sort(signed_errors.begin(), signed_errors.end());
        std::sort(windows.begin(), windows.end());
        const veloz_clock_info last = veloz::clock::info();
        const std::int64_t median = percentile(absolute_errors, 50.0);

        std::printf("samples: %zu (plus %lld discarded: window > %lld ns, thread preempted between reads)\n",
                    absolute_errors.size(), static_cast<long long>(preempted), static_cast<long long>(settings.max_window_ns));
        std::printf("calibrations: %lld during the run (library count %lld), worst reported calibration error %lld ns, last %lld ns\n",
                    static_cast<long long>(calibrations), static_cast<long long>(last.calibration_count),
                    static_cast<long long>(worst_calibration_error), static_cast<long long>(last.error_ns));
        std::printf("read window v2 - v1 (bounds each error to +-half): median %lld ns, p99 %lld ns, max %lld ns\n",
                    static_cast<long long>(percentile(windows, 50.0)), static_cast<long long>(percentile(windows, 99.0)),
                    static_cast<long long>(windows.empty() ? 0 : windows.back()));
        std::printf("signed error realtime - veloz: p1 %lld ns, median %lld ns, p99 %lld ns\n",
                    static_cast<long long>(percentile(signed_errors, 1.0)), static_cast<long long>(percentile(signed_errors, 50.0)),
                    static_cast<long long>(percentile(signed_errors, 99.0)));
        std::printf("|error|: median %lld ns, p99 %lld ns, p99.9 %lld ns, max %lld ns, count %zu\n", static_cast<long long>(median),
                    static_cast<long long>(percentile(absolute_errors, 99.0)), static_cast<long long>(percentile(absolute_errors, 99.9)),
                    static_cast<long long>(absolute_errors.empty() ? 0 : absolute_errors.back()), absolute_errors.size());
        std::printf("target median |error| <= 1000 ns: %s\n", !absolute_errors.empty() && median <= 1000 ? "met" : "NOT MET");
        return absolute_errors.empty() ? 1 : 0;
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_clock_accuracy: %s\n", e.what());
        return 1;
    }
}
