// veloz_queue_latency: round-trip latency between two threads through a pair of queues (ping-pong), VeloZ's
// queues through veloz.hpp (the C ABI) beside the C++ peers of veloz_queue_bench, and two baselines.
//
// Thread A (pinned to CPU 0) reads the clock, pushes a record into `ping`, spins until the record comes back on
// `pong`, reads the clock again and records the difference in a veloz::histogram; thread B (pinned to CPU 1)
// spins on `ping` and pushes every record it takes back into `pong`. One trip is therefore two pushes, two pops
// and two cache-line hand-overs between the cores. Timestamps are veloz_clock_ticks() (the TSC), converted with
// the calibrated tick rate; the histogram records outside the timed span.
//
// Baselines, measured the same way and interleaved with the queues:
//   empty:          the two clock reads with nothing between them (no queue, no other thread): the timer's own
//                   cost plus every stall of this thread. This machine's vCPU stalls 10-30 us a few hundred
//                   times a second, so any row's tail sits on this floor; the "stalls/s" column counts trips over
//                   10 us per second of the row's run, which puts the rows on one scale whatever a trip costs.
//   atomic flag:    the ping-pong over one std::atomic per direction (no queue): the floor of a cross-core round
//                   trip on this machine; a queue can only add to it.
//
// Contenders are run in rounds (each round every contender, in turn, with fresh queues and threads), so a noisy
// minute of a shared machine spreads over all of them instead of landing on one.
//
// The machine has 2 cores (2 vCPUs of a KVM guest): A and B take one each; nothing else of ours runs meanwhile.
//
// Usage: veloz_queue_latency [--trips N (per contender, default 1,000,000)] [--rounds R (default 5)]
//                            [--warmup N (per round, default 20,000)]
#include <veloz.hpp>

#include "queue_peers.hpp"

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t queue_capacity = 1024;

struct options {
    std::size_t trips = 1'000'000;
    std::size_t rounds = 5;
    std::size_t warmup = 20'000;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--trips" && has_value)
            o.trips = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--rounds" && has_value)
            o.rounds = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--warmup" && has_value)
            o.warmup = std::strtoull(argv[++i], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: %s [--trips N] [--rounds R] [--warmup N]\n", argv[0]);
            std::exit(2);
        }
    }
    if (o.rounds == 0)
        o.rounds = 1;
    return o;
}

// The CPUs the process may use, read once before any thread is pinned.
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

void pin_to_cpu(int cpu) {
    if (cpu_count() < 2)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    (void)pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

struct tally {
    veloz::histogram round_trip{veloz::histogram_config{3, 1, 10'000'000'000}};
    std::uint64_t trips = 0;
    std::uint64_t stalls = 0; // trips over 10 us
    double seconds = 0;       // wall time of the measured trips
    bool broken = false;      // a record came back with the wrong sequence
};

constexpr double stall_ns = 10'000;

double ns_per_tick() {
    static const double value = 1e9 / veloz::clock::info().ticks_per_second;
    return value;
}

// One round of ping-pong over two queues of `Queue`; `warmup` unrecorded trips first.
template <class Queue, class T>
void ping_pong(tally& t, std::size_t trips, std::size_t warmup) {
    Queue ping(queue_capacity);
    Queue pong(queue_capacity);
    const std::size_t total = warmup + trips;
    std::thread echo([&] {
        pin_to_cpu(1);
        T record{};
        for (std::size_t i = 0; i < total; ++i) {
            unsigned spins = 0;
            while (!bench::pop_as(ping, record, 1))
                bench::backoff(spins);
            spins = 0;
            while (!bench::push_as(pong, record, 1))
                bench::backoff(spins);
        }
    });
    pin_to_cpu(0);
    const double to_ns = ns_per_tick();
    std::uint64_t measured_start = 0;
    for (std::size_t i = 0; i < total; ++i) {
        const T out = bench::make_record<T>(i);
        T back{};
        const std::uint64_t start = veloz::clock::ticks();
        if (i == warmup)
            measured_start = start;
        unsigned spins = 0;
        while (!bench::push_as(ping, out, 0))
            bench::backoff(spins);
        spins = 0;
        while (!bench::pop_as(pong, back, 0))
            bench::backoff(spins);
        const std::uint64_t end = veloz::clock::ticks();
        if (back.seq != i)
            t.broken = true;
        if (i >= warmup) {
            const double ns = static_cast<double>(end - start) * to_ns;
            t.round_trip.record(static_cast<std::int64_t>(ns));
            t.stalls += ns > stall_ns;
        }
    }
    t.seconds += static_cast<double>(veloz::clock::ticks() - measured_start) * to_ns / 1e9;
    t.trips += trips;
    echo.join();
}

// The cross-core floor: one atomic sequence number each way, on separate cache lines.
void atomic_ping_pong(tally& t, std::size_t trips, std::size_t warmup) {
    struct alignas(64) line {
        std::atomic<std::uint64_t> value{0};
    };
    auto ping = std::make_unique<line>();
    auto pong = std::make_unique<line>();
    const std::size_t total = warmup + trips;
    std::thread echo([&] {
        pin_to_cpu(1);
        for (std::uint64_t i = 1; i <= total; ++i) {
            unsigned spins = 0;
            while (ping->value.load(std::memory_order_acquire) != i)
                bench::backoff(spins);
            pong->value.store(i, std::memory_order_release);
        }
    });
    pin_to_cpu(0);
    const double to_ns = ns_per_tick();
    std::uint64_t measured_start = 0;
    for (std::uint64_t i = 1; i <= total; ++i) {
        const std::uint64_t start = veloz::clock::ticks();
        if (i == warmup + 1)
            measured_start = start;
        ping->value.store(i, std::memory_order_release);
        unsigned spins = 0;
        while (pong->value.load(std::memory_order_acquire) != i)
            bench::backoff(spins);
        const std::uint64_t end = veloz::clock::ticks();
        if (i > warmup) {
            const double ns = static_cast<double>(end - start) * to_ns;
            t.round_trip.record(static_cast<std::int64_t>(ns));
            t.stalls += ns > stall_ns;
        }
    }
    t.seconds += static_cast<double>(veloz::clock::ticks() - measured_start) * to_ns / 1e9;
    t.trips += trips;
    echo.join();
}

// No queue, no other thread: two clock reads back to back.
void empty_baseline(tally& t, std::size_t trips, std::size_t warmup) {
    pin_to_cpu(0);
    const double to_ns = ns_per_tick();
    for (std::size_t i = 0; i < warmup; ++i)
        (void)veloz::clock::ticks();
    const std::uint64_t measured_start = veloz::clock::ticks();
    for (std::size_t i = 0; i < trips; ++i) {
        const std::uint64_t start = veloz::clock::ticks();
        const std::uint64_t end = veloz::clock::ticks();
        const double ns = static_cast<double>(end - start) * to_ns;
        t.round_trip.record(static_cast<std::int64_t>(ns));
        t.stalls += ns > stall_ns;
    }
    t.seconds += static_cast<double>(veloz::clock::ticks() - measured_start) * to_ns / 1e9;
    t.trips += trips;
}

struct contender {
    std::string label;
    std::function<void(tally&, std::size_t, std::size_t)> run;
    tally result;
};

// A veloz::spsc_queue driven by its blocking calls (push_wait / pop_wait without a limit) with a wait strategy:
// what a consumer that must not burn a core when idle pays per record.
template <class T, veloz_wait_strategy Strategy>
class veloz_spsc_waiting {
public:
    explicit veloz_spsc_waiting(std::size_t capacity) : queue_(veloz::queue_config{static_cast<std::int32_t>(capacity), Strategy}) {}
    bool try_push(const T& value) {
        queue_.push_wait(value);
        return true;
    }
    bool try_pop(T& out) { return queue_.pop_wait(out, std::chrono::nanoseconds::max()) == veloz::queue_status::ok; }

private:
    veloz::spsc_queue<T> queue_;
};

template <class T>
void add_contenders(std::vector<contender>& all, const std::string& size) {
    using namespace bench;
    auto add = [&](const std::string& label, std::function<void(tally&, std::size_t, std::size_t)> run) {
        all.push_back(contender{size + " " + label, std::move(run), tally{}});
    };
    add("veloz::spsc_queue", ping_pong<veloz_spsc_queue<T>, T>);
    add("veloz::spsc_queue waits, BUSY_SPIN", ping_pong<veloz_spsc_waiting<T, VELOZ_WAIT_STRATEGY_BUSY_SPIN>, T>);
    add("veloz::spsc_queue waits, SPIN_THEN_PARK", ping_pong<veloz_spsc_waiting<T, VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK>, T>);
    add("veloz::mpmc_queue", ping_pong<veloz_mpmc_queue<T>, T>);
    add("boost::lockfree::spsc_queue", ping_pong<boost_spsc<T>, T>);
    add("moodycamel::ReaderWriterQueue", ping_pong<moodycamel_rwq<T>, T>);
    add("moodycamel::ConcurrentQueue", ping_pong<moodycamel_cq<T>, T>);
    add("boost::lockfree::queue", ping_pong<boost_queue<T>, T>);
    add("tbb::concurrent_bounded_queue", ping_pong<tbb_bounded<T>, T>);
    add("std::mutex + std::deque", ping_pong<mutex_deque<T>, T>);
}

} // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    (void)cpu_count(); // before this thread pins itself
    try {
        veloz::check_version();
        const veloz_clock_info info = veloz::clock::info();
        std::printf("libveloz %u.%u.%u; %d CPUs available (thread A pinned to CPU 0, thread B to CPU 1 when there are 2); "
                    "clock %s at %.6f GHz; queues of %zu records; %zu trips per contender in %zu rounds (+%zu warm-up per "
                    "round); load average at start: %s\n",
                    veloz::library_version().major, veloz::library_version().minor, veloz::library_version().patch, cpu_count(),
                    info.source == VELOZ_CLOCK_SOURCE_TSC ? "TSC" : "OS", info.ticks_per_second / 1e9, queue_capacity, o.trips,
                    o.rounds, o.warmup, bench::load_average().c_str());

        std::vector<contender> all;
        all.push_back(contender{"empty (two clock reads, no queue)", empty_baseline, tally{}});
        all.push_back(contender{"atomic flag ping-pong (no queue)", atomic_ping_pong, tally{}});
        add_contenders<bench::record8>(all, "8B");
        add_contenders<bench::record64>(all, "64B");

        const std::size_t per_round = (o.trips + o.rounds - 1) / o.rounds;
        for (std::size_t round = 0; round < o.rounds; ++round)
            for (contender& c : all)
                c.run(c.result, per_round, o.warmup);

        std::printf("\nRound trip (ns): thread A -> ping queue -> thread B -> pong queue -> thread A, %zu trips each\n",
                    per_round * o.rounds);
        std::printf("  %-48s %8s %8s %8s %8s %10s %10s\n", "contender", "p50", "p99", "p99.9", "max", "stalls/s", "p50/flag");
        const double flag_p50 = static_cast<double>(all[1].result.round_trip.value_at_percentile(50.0));
        for (contender& c : all) {
            const std::vector<std::int64_t> p = c.result.round_trip.percentiles({50.0, 99.0, 99.9, 100.0});
            const double stalls_per_second = c.result.seconds > 0 ? static_cast<double>(c.result.stalls) / c.result.seconds : 0.0;
            std::printf("  %-48s %8lld %8lld %8lld %8lld %10.0f %9.2fx%s\n", c.label.c_str(), static_cast<long long>(p[0]),
                        static_cast<long long>(p[1]), static_cast<long long>(p[2]), static_cast<long long>(p[3]), stalls_per_second,
                        static_cast<double>(p[0]) / flag_p50, c.result.broken ? "  RECORDS OUT OF SEQUENCE" : "");
        }
        std::printf("\nstalls/s: trips over 10 us per second of the row's run (the empty row: how often this thread loses its\n"
                    "core with nothing to do). p50/flag: the row's median over the atomic flag's, the cost the queue adds to a\n"
                    "bare cross-core round trip. Load average at the end: %s\n",
                    bench::load_average().c_str());
        for (const contender& c : all)
            if (c.result.broken)
                return 1;
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_queue_latency: %s\n", e.what());
        return 1;
    }
    return 0;
}
