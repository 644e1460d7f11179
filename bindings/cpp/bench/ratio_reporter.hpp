// ratio_reporter: the base of the benchmark binaries' reporters. It prints Google Benchmark's usual console
// table and keeps one value of a named counter per benchmark (its median when --benchmark_repetitions made
// one, or another aggregate a derived reporter names, else its run), so that a derived reporter's Finalize can
// print ratios between rows of the same run.
#ifndef VELOZ_BENCH_RATIO_REPORTER_HPP
#define VELOZ_BENCH_RATIO_REPORTER_HPP

#include "load_average.hpp"

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bench {

class ratio_reporter : public benchmark::ConsoleReporter {
public:
    // Colour only on a terminal: the build scripts capture this output into logs.
    explicit ratio_reporter(std::string counter, std::string aggregate = "median")
        : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular), counter_(std::move(counter)),
          aggregate_(std::move(aggregate)) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred)
                continue;
            const auto counter = run.counters.find(counter_);
            if (counter == run.counters.end())
                continue;
            const bool is_median = run.run_type == Run::RT_Aggregate && run.aggregate_name == aggregate_;
            if (run.run_type == Run::RT_Iteration || is_median) {
                // With --benchmark_repetitions the aggregate (the median by default) wins over the repetitions.
                const std::string name = run.run_name.str();
                if (is_median || medians_.count(name) == 0)
                    values_[name] = counter->second.value;
                if (is_median)
                    medians_[name] = true;
            }
        }
    }

protected:
    /// The counter's value for every benchmark that ran, by name.
    const std::map<std::string, double>& values() const { return values_; }

    /// The counter's value for one benchmark, or nullptr when it did not run (--benchmark_filter).
    const double* value(const std::string& name) const {
        const auto found = values_.find(name);
        return found == values_.end() ? nullptr : &found->second;
    }

private:
    std::string counter_;
    std::string aggregate_;
    std::map<std::string, double> values_;
    std::map<std::string, bool> medians_;
};

} // namespace bench

#endif
