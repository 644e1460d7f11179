// veloz_queue_bench: records/s moved from one producer thread to one consumer thread, VeloZ's queues through
// veloz.hpp (so through the C ABI of libveloz.so, one call per record or per batch) against the C++ queues a
// user would otherwise include, in the same binary and run, 8-byte and 64-byte records:
//
//   SPSC: veloz::spsc_queue single calls and batches of 64 (and the single calls straight through the C functions,
//         to show veloz.hpp adds nothing), boost::lockfree::spsc_queue (single and batch),
//         moodycamel::ReaderWriterQueue, moodycamel::ConcurrentQueue (tokens; single and bulk),
//         tbb::concurrent_bounded_queue, std::mutex + std::deque.
//   MPMC: veloz::mpmc_queue single and batch, moodycamel::ConcurrentQueue, boost::lockfree::queue, TBB, at 2
//         threads (one producer, one consumer, through the multi-producer multi-consumer queues).
//
// Every queue holds about 1,024 records. One benchmark iteration moves 65,536 records: the producer (the
// benchmark thread, pinned to CPU 0) pushes them, spinning with `pause` while the queue is full, then waits until
// the consumer thread (pinned to CPU 1) has taken them all; the consumer checks every record's sequence number,
// so a queue that lost, duplicated or reordered a record fails its row. Time is wall time.
//
// The machine these numbers come from has 2 cores (a KVM guest: 2 vCPUs): one producer and one consumer fill it.
// More threads would share cores and measure the scheduler. The table at the end divides each VeloZ rate by each
// peer's from this same run (> 1: VeloZ moves more records per second).
//
// Every row runs 5 repetitions of at least 0.2 s; the tables use each row's best repetition (its "max" aggregate:
// another process on a shared machine only ever slows a repetition down), and the console shows mean, median,
// stddev, cv and max per row.
//
// Usage: veloz_queue_bench [Google Benchmark flags], e.g. --benchmark_filter=spsc/64B.
#include <veloz.hpp>

#include "queue_peers.hpp"
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t queue_capacity = 1024;
constexpr std::uint64_t records_per_iteration = 1u << 16;
constexpr std::size_t batch_size = 64;
// Repetitions of every row (set per benchmark, so --benchmark_repetitions does not change it); the tables use the best.
constexpr int repetitions = 5;

// The CPUs the process may use, read once before any thread is pinned (a pinned thread's own mask has one CPU).
int cpu_count() {
    static const int count = [] {
        cpu_set_t set;
        CPU_ZERO(&set);
        if (sched_getaffinity(0, sizeof set, &set) != 0)
            return 1;
        return CPU_COUNT(&set);
    }();
    return count;
}

// Pins the calling thread to one CPU when the process may use two or more; otherwise leaves it to the scheduler.
void pin_to_cpu(int cpu) {
    if (cpu_count() < 2)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    (void)pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

enum class mode { single, batch };

template <class Queue, class T, mode Mode>
void BM_transfer(benchmark::State& state) {
    Queue queue(queue_capacity);
    alignas(64) std::atomic<std::uint64_t> consumed{0};
    alignas(64) std::atomic<bool> stop{false};
    std::atomic<bool> in_order{true};

    std::thread consumer([&] {
        pin_to_cpu(1);
        T buffer[batch_size]{};
        std::uint64_t expected = 0;
        std::uint64_t next_publish = records_per_iteration;
        bool ok = true;
        unsigned spins = 0;
        for (;;) {
            std::size_t got;
            if constexpr (Mode == mode::batch)
                got = bench::pop_batch_as(queue, buffer, batch_size, 0);
            else
                got = bench::pop_as(queue, buffer[0], 0) ? 1 : 0;
            if (got == 0) {
                if (stop.load(std::memory_order_relaxed))
                    break;
                bench::backoff(spins);
                continue;
            }
            spins = 0;
            for (std::size_t i = 0; i < got; ++i)
                ok &= buffer[i].seq == expected++;
            if (expected >= next_publish) {
                // Once per 65,536 records: the producer waits for this at the end of each iteration.
                consumed.store(expected, std::memory_order_release);
                next_publish += records_per_iteration;
            }
        }
        in_order.store(ok);
    });
    pin_to_cpu(0);

    T buffer[batch_size]{};
    std::uint64_t seq = 0;
    unsigned spins = 0;
    for (auto _ : state) {
        const std::uint64_t end = seq + records_per_iteration;
        if constexpr (Mode == mode::batch) {
            while (seq < end) {
                const std::size_t count = std::min<std::uint64_t>(batch_size, end - seq);
                for (std::size_t i = 0; i < count; ++i)
                    buffer[i] = bench::make_record<T>(seq + i);
                const std::size_t pushed = bench::push_batch_as(queue, static_cast<const T*>(buffer), count, 0);
                seq += pushed;
                if (pushed == 0)
                    bench::backoff(spins);
                else
                    spins = 0;
            }
        } else {
            for (; seq < end; ++seq) {
                const T record = bench::make_record<T>(seq);
                while (!bench::push_as(queue, record, 0))
                    bench::backoff(spins);
                spins = 0;
            }
        }
        while (consumed.load(std::memory_order_acquire) < seq)
            bench::backoff(spins);
        spins = 0;
    }
    stop.store(true);
    consumer.join();
    if (!in_order.load())
        state.SkipWithError("the consumer saw records out of sequence");
    state.counters["records_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * records_per_iteration),
                                                         benchmark::Counter::kIsRate);
}

struct row {
    std::string family; // "spsc" or "mpmc"
    std::string size;   // "8B" or "64B"
    std::string label;  // contender
    std::string name;   // benchmark name, without the settings the run's name appends
};

std::vector<row>& rows() {
    static std::vector<row> all;
    return all;
}

template <class Queue, class T, mode Mode>
void add(const std::string& family, const std::string& size, const std::string& label) {
    const std::string name = family + "/" + size + "/" + label;
    benchmark::RegisterBenchmark(name.c_str(), BM_transfer<Queue, T, Mode>)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond)
        ->MinTime(0.2)
        ->Repetitions(repetitions)
        ->DisplayAggregatesOnly(true)
        // For records_per_s, "max" is the best repetition: on a shared machine other processes only ever slow a
        // repetition down, so the best one is the closest to what the queue itself can do. (Applied to the time
        // columns the same statistic is the slowest repetition.)
        ->ComputeStatistics("max", [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); });
    // Google Benchmark appends the settings ("/min_time:.../repeats:5/real_time") to the run's name.
    rows().push_back(row{family, size, label, name});
}

template <class T>
void add_size(const std::string& size) {
    using namespace bench;
    add<veloz_spsc_queue<T>, T, mode::single>("spsc", size, "veloz single");
    add<veloz_spsc_queue<T>, T, mode::batch>("spsc", size, "veloz batch64");
    add<veloz_spsc_c_api<T>, T, mode::single>("spsc", size, "veloz single, C API");
    add<boost_spsc<T>, T, mode::single>("spsc", size, "boost spsc_queue");
    add<boost_spsc<T>, T, mode::batch>("spsc", size, "boost spsc_queue batch64");
    add<moodycamel_rwq<T>, T, mode::single>("spsc", size, "moodycamel RWQ");
    add<moodycamel_cq<T>, T, mode::single>("spsc", size, "moodycamel CQ");
    add<moodycamel_cq<T>, T, mode::batch>("spsc", size, "moodycamel CQ bulk64");
    add<tbb_bounded<T>, T, mode::single>("spsc", size, "tbb bounded_queue");
    add<mutex_deque<T>, T, mode::single>("spsc", size, "mutex+deque");

    add<veloz_mpmc_queue<T>, T, mode::single>("mpmc", size, "veloz single");
    add<veloz_mpmc_queue<T>, T, mode::batch>("mpmc", size, "veloz batch64");
    add<moodycamel_cq<T>, T, mode::single>("mpmc", size, "moodycamel CQ");
    add<moodycamel_cq<T>, T, mode::batch>("mpmc", size, "moodycamel CQ bulk64");
    add<boost_queue<T>, T, mode::single>("mpmc", size, "boost lockfree::queue");
    add<tbb_bounded<T>, T, mode::single>("mpmc", size, "tbb bounded_queue");
}

// The usual console table, then per family and record size: every contender's rate and VeloZ's ratios to it.
class queue_reporter : public bench::ratio_reporter {
public:
    queue_reporter() : ratio_reporter("records_per_s", "max") {}

    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nRecords per second (best repetition), one producer thread and one consumer thread, same run, on a %d-CPU machine\n"
                    "(load average now: %s). Ratio columns: VeloZ's rate / the row's rate (> 1: VeloZ moves more).\n",
                    cpu_count(), bench::load_average().c_str());
        for (const char* family : {"spsc", "mpmc"})
            for (const char* size : {"8B", "64B"})
                table(family, size);
        targets();
        std::fflush(stdout);
    }

private:
    // The value of the run named `name` followed by its settings, or nullptr when it did not run.
    const double* find(const std::string& name) const {
        for (const auto& [run_name, counter] : values())
            if (run_name == name || run_name.compare(0, name.size() + 1, name + "/") == 0)
                return &counter;
        return nullptr;
    }

    const double* rate(const std::string& family, const std::string& size, const std::string& label) const {
        for (const row& r : rows())
            if (r.family == family && r.size == size && r.label == label)
                return find(r.name);
        return nullptr;
    }

    void table(const std::string& family, const std::string& size) const {
        const double* single = rate(family, size, "veloz single");
        const double* batch = rate(family, size, "veloz batch64");
        bool header = false;
        for (const row& r : rows()) {
            if (r.family != family || r.size != size)
                continue;
            const double* mine = find(r.name);
            if (mine == nullptr)
                continue;
            if (!header) {
                std::printf("\n  %s, %s records        %14s  %14s  %14s\n", family == "spsc" ? "SPSC" : "MPMC (2 threads)",
                            size.c_str(), "Mrecords/s", "single / row", "batch64 / row");
                header = true;
            }
            std::printf("  %-30s %14.1f", r.label.c_str(), *mine / 1e6);
            print_ratio(single, *mine);
            print_ratio(batch, *mine);
            std::printf("\n");
        }
    }

    static void print_ratio(const double* ours, double theirs) {
        if (ours == nullptr)
            std::printf("  %14s", "-");
        else
            std::printf("  %13.2fx", *ours / theirs);
    }

    void target(const char* what, const double* mine, const double* theirs, double at_least) const {
        if (mine == nullptr || theirs == nullptr)
            return;
        const double ratio = *mine / *theirs;
        std::printf("  %-62s %6.2fx  target >= %.1fx: %s\n", what, ratio, at_least, ratio >= at_least ? "met" : "NOT MET");
    }

    void targets() const {
        std::printf("\nTargets (issue 10)\n");
        for (const char* size : {"8B", "64B"}) {
            const std::string s = size;
            target(("SPSC " + s + ": veloz single / boost spsc_queue").c_str(), rate("spsc", s, "veloz single"),
                   rate("spsc", s, "boost spsc_queue"), 1.0);
            target(("SPSC " + s + ": veloz single / moodycamel RWQ").c_str(), rate("spsc", s, "veloz single"),
                   rate("spsc", s, "moodycamel RWQ"), 1.0);
            target(("SPSC " + s + ": veloz batch64 / veloz single").c_str(), rate("spsc", s, "veloz batch64"),
                   rate("spsc", s, "veloz single"), 3.0);
            target(("SPSC " + s + ": veloz batch64 / boost spsc_queue batch64").c_str(), rate("spsc", s, "veloz batch64"),
                   rate("spsc", s, "boost spsc_queue batch64"), 1.0);
            target(("MPMC " + s + ": veloz single / moodycamel CQ").c_str(), rate("mpmc", s, "veloz single"),
                   rate("mpmc", s, "moodycamel CQ"), 1.0);
            target(("MPMC " + s + ": veloz batch64 / moodycamel CQ bulk64").c_str(), rate("mpmc", s, "veloz batch64"),
                   rate("mpmc", s, "moodycamel CQ bulk64"), 1.0);
        }
    }
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    (void)cpu_count(); // before the benchmark thread pins itself
    try {
        veloz::check_version();
        std::printf("libveloz %u.%u.%u; %d CPUs available (the producer is pinned to CPU 0, the consumer to CPU 1 when "
                    "there are 2); queues of %zu records, %llu records per iteration; load average: %s\n",
                    veloz::library_version().major, veloz::library_version().minor, veloz::library_version().patch,
                    cpu_count(), queue_capacity, static_cast<unsigned long long>(records_per_iteration),
                    bench::load_average().c_str());
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_queue_bench: %s\n", e.what());
        return 1;
    }
    add_size<bench::record8>("8B");
    add_size<bench::record64>("64B");
    queue_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
