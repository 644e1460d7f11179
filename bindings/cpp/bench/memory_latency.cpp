// veloz_memory_latency: the tail of single allocation calls. The point of a pool is its worst case, not its mean:
// malloc's slow paths (a trip to the arena lock, a trim, an mmap, consolidation of free chunks) land in a trading
// thread's p99.9. Every contender takes 1e7 single timed rents (and as many untimed returns) in a pattern with
// churn: bursts of 1..256 rents (a seeded random length), each block touched, then the burst returned in a
// shuffled order, so free lists are not simply LIFO.
//
// Each rent is timed alone with veloz_clock_ticks() (the TSC) around the one call, recorded in a veloz::histogram
// outside the timed span. Baseline: "empty", the two clock reads with nothing between them, the timer's cost plus
// every stall of this thread (this machine's vCPU stalls 10-30 us a few hundred times a second, so every row's
// p99.9 and max sit on this floor: compare a row with it, not with zero).
//
// Contenders run in rounds (each round every contender in turn), so a noisy moment of the shared 2-core machine
// spreads over all of them.
//
// Usage: veloz_memory_latency [--calls N (per contender, default 10,000,000)] [--rounds R (default 5)] [--size B (64)]
#include <veloz.hpp>

#include "load_average.hpp"
#include "memory_peers.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

struct options {
    std::size_t calls = 10'000'000;
    std::size_t rounds = 5;
    std::size_t size = 64;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--calls" && has_value)
            o.calls = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--rounds" && has_value)
            o.rounds = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--size" && has_value)
            o.size = std::strtoull(argv[++i], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: %s [--calls N] [--rounds R] [--size BYTES]\n", argv[0]);
            std::exit(2);
        }
    }
    if (o.rounds == 0)
        o.rounds = 1;
    return o;
}

constexpr std::size_t max_burst = 256;

struct tally {
    veloz::histogram rent{veloz::histogram_config{3, 1, 10'000'000'000}};
    std::uint64_t calls = 0;
    bool failed = false;
};

double ns_per_tick() {
    static const double value = 1e9 / veloz::clock::info().ticks_per_second;
    return value;
}

// `calls` timed rents from `allocator` in bursts, each burst returned in a shuffled order (untimed).
template <class Allocator>
void bursts(Allocator& allocator, tally& t, std::size_t calls, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::vector<void*> held;
    held.reserve(max_burst);
    const double to_ns = ns_per_tick();
    std::size_t done = 0;
    while (done < calls) {
        const std::size_t burst = std::min<std::size_t>(1 + random() % max_burst, calls - done);
        for (std::size_t i = 0; i < burst; ++i) {
            const std::uint64_t start = veloz::clock::ticks();
            void* p = allocator.alloc();
            const std::uint64_t end = veloz::clock::ticks();
            if (p == nullptr) {
                t.failed = true;
                return;
            }
            *static_cast<volatile unsigned char*>(p) = 1;
            held.push_back(p);
            t.rent.record(static_cast<std::int64_t>(static_cast<double>(end - start) * to_ns));
        }
        std::shuffle(held.begin(), held.end(), random);
        for (void* p : held)
            allocator.release(p);
        held.clear();
        done += burst;
    }
    t.calls += calls;
}

// The floor: the same loop with nothing between the clock reads.
struct nothing {
    explicit nothing(std::size_t) {}
    unsigned char byte = 0;
    void* alloc() { return &byte; }
    void release(void*) {}
};

struct contender {
    std::string label;
    std::function<void(tally&, std::size_t, std::uint64_t)> run;
    tally result;
};

template <class Allocator>
contender make(const std::string& label, std::size_t size) {
    return contender{label, [size](tally& t, std::size_t calls, std::uint64_t seed) {
                         Allocator allocator(size);
                         bursts(allocator, t, calls, seed);
                     },
                     tally{}};
}

} // namespace

int main(int argc, char** argv) {
    bench::reserve_static_tls(argv);
    const options o = parse(argc, argv);
    try {
        veloz::check_version();
        const veloz_clock_info info = veloz::clock::info();
        std::printf("libveloz %u.%u.%u; clock %s at %.6f GHz; %zu-byte blocks; %zu timed rents per contender in %zu rounds, "
                    "bursts of 1..%zu; load average at start: %s\n",
                    veloz::library_version().major, veloz::library_version().minor, veloz::library_version().patch,
                    info.source == VELOZ_CLOCK_SOURCE_TSC ? "TSC" : "OS", info.ticks_per_second / 1e9, o.size, o.calls, o.rounds,
                    max_burst, bench::load_average().c_str());
        using namespace bench;
        std::vector<contender> all;
        all.push_back(make<nothing>("empty (two clock reads, no call)", o.size));
        all.push_back(make<veloz_fixed_pool>("veloz fixed_pool (C ABI)", o.size));
        all.push_back(make<veloz_lockfree_pool>("veloz concurrent_pool (C ABI)", o.size));
        all.push_back(make<glibc_malloc>("glibc malloc", o.size));
        if (mimalloc_library().available())
            all.push_back(make<mimalloc>("mimalloc", o.size));
        if (jemalloc_library().available())
            all.push_back(make<jemalloc>("jemalloc", o.size));
        if (tcmalloc_library().available())
            all.push_back(make<tcmalloc>("tcmalloc", o.size));
        all.push_back(make<tbb_scalable>("tbb scalable_malloc", o.size));
        all.push_back(make<boost_pool>("boost::pool", o.size));

        const std::size_t per_round = (o.calls + o.rounds - 1) / o.rounds;
        for (std::size_t round = 0; round < o.rounds; ++round)
            for (contender& c : all)
                c.run(c.result, per_round, 0x5EED0000 + round);

        std::printf("\nSingle rent call (ns), %zu calls each, same run (seeds 0x5EED0000 + round)\n", per_round * o.rounds);
        std::printf("  %-36s %8s %8s %8s %8s %8s %10s\n", "contender", "p50", "p99", "p99.9", "p99.99", "max", "p99.9/malloc");
        const std::int64_t malloc_p999 = all[3].result.rent.value_at_percentile(99.9);
        bool failed = false;
        for (contender& c : all) {
            const std::vector<std::int64_t> p = c.result.rent.percentiles({50.0, 99.0, 99.9, 99.99, 100.0});
            std::printf("  %-36s %8lld %8lld %8lld %8lld %8lld %9.2fx%s\n", c.label.c_str(), static_cast<long long>(p[0]),
                        static_cast<long long>(p[1]), static_cast<long long>(p[2]), static_cast<long long>(p[3]),
                        static_cast<long long>(p[4]), static_cast<double>(p[2]) / static_cast<double>(malloc_p999),
                        c.result.failed ? "  A RENT FAILED" : "");
            failed |= c.result.failed;
        }
        std::printf("\np99.9/malloc: the row's p99.9 over glibc malloc's (< 1: a shorter tail). Rows at the empty row's\n"
                    "tail are at the machine's floor. Load average at the end: %s\n",
                    bench::load_average().c_str());
        return failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "veloz_memory_latency: %s\n", e.what());
        return 1;
    }
}
