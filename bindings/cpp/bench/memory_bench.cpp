// veloz_memory_bench: nanoseconds per block, VeloZ's pools and arena through the C ABI of libveloz.so (one exported
// call per rent, per return, or per batch) against the allocators a C++ user would otherwise use, in one binary and
// one run, blocks of 64 and 256 bytes:
//
//   pair:   rent one block, touch it, return it; 1,000 times per iteration (the steady state of an order pool).
//   burst:  rent 1,000 blocks, touch each, then return all 1,000 (a burst of market-data events).
//   batch:  the burst through veloz_pool_rent_batch / veloz_pool_return_batch: two calls per 1,000 blocks.
//   2 threads: the pair on both cores at once through one shared pool (ConcurrentPool) or the thread-safe
//           allocators (each thread its own blocks: the common case of per-thread caches).
//   arena:  veloz_arena_alloc per 64-byte allocation, and veloz_arena_alloc_batch per block, both with a reset
//           every 1,000 allocations, against std::pmr::monotonic_buffer_resource (release every 1,000) and
//           std::pmr::unsynchronized_pool_resource.
//
// Peers: glibc malloc/free; mimalloc, jemalloc and tcmalloc (dlopen'ed, see memory_peers.hpp); TBB's
// scalable_malloc; boost::pool<> and boost::object_pool<T>. The floor: veloz_version(), the cheapest exported call,
// so the ABI's share of each VeloZ row can be read off.
//
// The machine these numbers come from has 2 cores (a KVM guest whose vCPUs stall now and then): every row runs 5
// repetitions and the tables use each row's best (fastest) repetition. The table at the end divides each row's time
// by VeloZ's (> 1: VeloZ is faster) and checks the targets.
//
// Usage: veloz_memory_bench [Google Benchmark flags], e.g. --benchmark_filter=pair/64B.
#include "memory_peers.hpp"
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

namespace {

constexpr int blocks_per_iteration = 1000;
constexpr int repetitions = 5;

// Every row's seconds per block, as a counter the reporter reads (Google Benchmark inverts the rate).
void per_block(benchmark::State& state, double blocks_per_iter) {
    // kAvgThreads: on a multi-threaded row the per-thread rates are averaged, not summed, so the value stays
    // "nanoseconds per block on one thread" while the other thread runs the same loop.
    state.counters["ns_per_block"] = benchmark::Counter(blocks_per_iter,
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert | benchmark::Counter::kAvgThreads);
}

void touch(void* p) {
    *static_cast<volatile unsigned char*>(p) = 1;
}

template <class Allocator>
void BM_pair(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    // The thread-safe allocators and the concurrent pool are shared by every thread of a multi-threaded row.
    static std::unique_ptr<Allocator> shared;
    if (state.thread_index() == 0)
        shared = std::make_unique<Allocator>(size);
    // Google Benchmark starts every thread's loop together, after thread 0 set up (a barrier in KeepRunning).
    for (auto _ : state) {
        for (int i = 0; i < blocks_per_iteration; ++i) {
            void* p = shared->alloc();
            touch(p);
            benchmark::DoNotOptimize(p);
            shared->release(p);
        }
    }
    per_block(state, blocks_per_iteration);
}

template <class Allocator>
void BM_burst(benchmark::State& state) {
    Allocator allocator(static_cast<std::size_t>(state.range(0)));
    std::vector<void*> blocks(blocks_per_iteration);
    for (auto _ : state) {
        for (int i = 0; i < blocks_per_iteration; ++i) {
            blocks[i] = allocator.alloc();
            touch(blocks[i]);
        }
        benchmark::ClobberMemory();
        for (int i = blocks_per_iteration - 1; i >= 0; --i)
            allocator.release(blocks[i]);
    }
    per_block(state, blocks_per_iteration);
}

template <class Pool>
void BM_batch(benchmark::State& state) {
    Pool pool(static_cast<std::size_t>(state.range(0)));
    std::vector<void*> blocks(blocks_per_iteration);
    for (auto _ : state) {
        if (!pool.alloc_batch(blocks.data(), blocks_per_iteration)) {
            state.SkipWithError("rent_batch failed");
            return;
        }
        for (void* p : blocks)
            touch(p);
        benchmark::ClobberMemory();
        if (!pool.release_batch(blocks.data(), blocks_per_iteration)) {
            state.SkipWithError("return_batch failed");
            return;
        }
    }
    per_block(state, blocks_per_iteration);
}

void BM_empty_call(benchmark::State& state) {
    for (auto _ : state)
        for (int i = 0; i < blocks_per_iteration; ++i)
            benchmark::DoNotOptimize(veloz_version());
    per_block(state, blocks_per_iteration);
}

struct veloz_arena_handle {
    veloz_arena* arena = nullptr;
    veloz_arena_handle() {
        veloz_arena_config config{};
        config.struct_size = sizeof config;
        config.chunk_size = 1 << 20;
        config.name = "bench arena";
        bench::veloz_check(veloz_arena_create(&config, &arena), "veloz_arena_create");
    }
    ~veloz_arena_handle() { veloz_arena_destroy(arena); }
    veloz_arena_handle(const veloz_arena_handle&) = delete;
    veloz_arena_handle& operator=(const veloz_arena_handle&) = delete;
};

void BM_arena_alloc(benchmark::State& state) {
    const auto size = state.range(0);
    veloz_arena_handle a;
    for (auto _ : state) {
        for (int i = 0; i < blocks_per_iteration; ++i) {
            void* p;
            (void)veloz_arena_alloc(a.arena, size, 16, &p);
            touch(p);
        }
        (void)veloz_arena_reset(a.arena);
    }
    per_block(state, blocks_per_iteration);
}

void BM_arena_batch(benchmark::State& state) {
    const auto size = state.range(0);
    veloz_arena_handle a;
    std::vector<void*> blocks(blocks_per_iteration);
    for (auto _ : state) {
        (void)veloz_arena_alloc_batch(a.arena, size, 16, blocks.data(), blocks_per_iteration);
        for (void* p : blocks)
            touch(p);
        (void)veloz_arena_reset(a.arena);
    }
    per_block(state, blocks_per_iteration);
}

void BM_pmr_monotonic(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    // The same 1 MiB first buffer as the arena's chunk, on the heap (upstream new_delete for anything beyond).
    std::vector<std::byte> buffer(1 << 20);
    std::pmr::monotonic_buffer_resource resource(buffer.data(), buffer.size());
    for (auto _ : state) {
        for (int i = 0; i < blocks_per_iteration; ++i) {
            void* p = resource.allocate(size, 16);
            touch(p);
        }
        resource.release();
    }
    per_block(state, blocks_per_iteration);
}

void BM_pmr_unsynchronized_pool(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    std::pmr::unsynchronized_pool_resource resource;
    for (auto _ : state) {
        for (int i = 0; i < blocks_per_iteration; ++i) {
            void* p = resource.allocate(size, 16);
            touch(p);
            resource.deallocate(p, size, 16);
        }
    }
    per_block(state, blocks_per_iteration);
}

struct row {
    std::string shape; // pair, burst, pair2t, arena
    std::string size;  // 64B, 256B
    std::string label;
    std::string name;
};

std::vector<row>& rows() {
    static std::vector<row> all;
    return all;
}

void add(const std::string& shape, int size, const std::string& label, void (*function)(benchmark::State&), int threads = 1) {
    const std::string size_name = std::to_string(size) + "B";
    const std::string name = shape + "/" + size_name + "/" + label;
    auto* benchmark = benchmark::RegisterBenchmark(name.c_str(), function)->Arg(size)->Repetitions(repetitions)->ReportAggregatesOnly(true)->MinTime(0.1);
    benchmark->ComputeStatistics("min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); });
    if (threads > 1)
        benchmark->Threads(threads)->UseRealTime();
    rows().push_back({shape, size_name, label, name});
}

template <std::size_t Size>
void add_size() {
    using namespace bench;
    constexpr int size = static_cast<int>(Size);
    add("pair", size, "veloz fixed_pool", BM_pair<veloz_fixed_pool>);
    add("pair", size, "veloz concurrent_pool", BM_pair<veloz_lockfree_pool>);
    add("pair", size, "glibc malloc", BM_pair<glibc_malloc>);
    add("pair", size, "mimalloc", BM_pair<mimalloc>);
    add("pair", size, "jemalloc", BM_pair<jemalloc>);
    add("pair", size, "tcmalloc", BM_pair<tcmalloc>);
    add("pair", size, "tbb scalable_malloc", BM_pair<tbb_scalable>);
    add("pair", size, "boost::pool", BM_pair<boost_pool>);
    add("pair", size, "boost::object_pool", BM_pair<boost_object_pool<Size>>);
    add("pair", size, "empty call (veloz_version)", BM_empty_call);
    add("burst", size, "veloz fixed_pool", BM_burst<veloz_fixed_pool>);
    add("burst", size, "veloz fixed_pool batch", BM_batch<veloz_fixed_pool>);
    add("burst", size, "veloz concurrent_pool", BM_burst<veloz_lockfree_pool>);
    add("burst", size, "veloz concurrent_pool batch", BM_batch<veloz_lockfree_pool>);
    add("burst", size, "glibc malloc", BM_burst<glibc_malloc>);
    add("burst", size, "mimalloc", BM_burst<mimalloc>);
    add("burst", size, "jemalloc", BM_burst<jemalloc>);
    add("burst", size, "tcmalloc", BM_burst<tcmalloc>);
    add("burst", size, "tbb scalable_malloc", BM_burst<tbb_scalable>);
    add("burst", size, "boost::pool", BM_burst<boost_pool>);
    add("burst", size, "boost::object_pool", BM_burst<boost_object_pool<Size>>);
    add("pair2t", size, "veloz concurrent_pool", BM_pair<veloz_lockfree_pool>, 2);
    add("pair2t", size, "glibc malloc", BM_pair<glibc_malloc>, 2);
    add("pair2t", size, "mimalloc", BM_pair<mimalloc>, 2);
    add("pair2t", size, "tbb scalable_malloc", BM_pair<tbb_scalable>, 2);
    add("pair2t", size, "jemalloc", BM_pair<jemalloc>, 2);
    add("pair2t", size, "tcmalloc", BM_pair<tcmalloc>, 2);
}

void add_arena() {
    add("arena", 64, "veloz arena alloc", BM_arena_alloc);
    add("arena", 64, "veloz arena alloc_batch", BM_arena_batch);
    add("arena", 64, "pmr monotonic_buffer_resource", BM_pmr_monotonic);
    add("arena", 64, "pmr unsynchronized_pool_resource", BM_pmr_unsynchronized_pool);
    add("arena", 64, "glibc malloc (pair)", BM_pair<bench::glibc_malloc>);
}

class memory_reporter : public bench::ratio_reporter {
public:
    memory_reporter() : ratio_reporter("ns_per_block", "min") {}

    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nNanoseconds per block (best of %d repetitions), same run, %ld CPUs online (load average now: %s).\n"
                    "Ratio column: the row's time / VeloZ's (> 1: VeloZ is faster).\n",
                    repetitions, sysconf(_SC_NPROCESSORS_ONLN), bench::load_average().c_str());
        for (const char* size : {"64B", "256B"}) {
            table("pair", size, "veloz fixed_pool", "rent + return, one block at a time");
            table("burst", size, "veloz fixed_pool", "1,000 rents then 1,000 returns");
            table("pair2t", size, "veloz concurrent_pool", "rent + return on 2 threads at once (wall time per block per thread)");
        }
        table("arena", "64B", "veloz arena alloc", "allocation of 64 bytes, reset/release every 1,000");
        targets();
        std::fflush(stdout);
    }

private:
    const double* ns(const std::string& shape, const std::string& size, const std::string& label) const {
        for (const row& r : rows())
            if (r.shape == shape && r.size == size && r.label == label)
                for (const auto& [run_name, value] : values())
                    // The run's name is the row's name and then "/<arg>/...": match up to that slash, so that
                    // "veloz fixed_pool" does not also match "veloz fixed_pool batch".
                    if (run_name.compare(0, r.name.size() + 1, r.name + "/") == 0)
                        return &value;
        return nullptr;
    }

    void table(const std::string& shape, const std::string& size, const std::string& ours, const char* what) const {
        const double* mine = ns(shape, size, ours);
        std::printf("\n  %s, %s: %s\n", shape.c_str(), size.c_str(), what);
        for (const row& r : rows()) {
            if (r.shape != shape || r.size != size)
                continue;
            const double* value = ns(shape, size, r.label);
            if (value == nullptr)
                continue;
            std::printf("    %-36s %9.2f ns", r.label.c_str(), *value * 1e9);
            if (mine != nullptr)
                std::printf("   %6.2fx", *value / *mine);
            std::printf("\n");
        }
    }

    // mine / theirs as times: at_most 0.5 means VeloZ takes at most half the peer's time.
    void target(const std::string& what, const double* mine, const double* theirs, double at_most) const {
        if (mine == nullptr || theirs == nullptr)
            return;
        const double ratio = *mine / *theirs;
        std::printf("  %-70s %6.2fx  target <= %.2fx: %s\n", what.c_str(), ratio, at_most, ratio <= at_most ? "met" : "NOT MET");
    }

    void below(const std::string& what, const double* mine, double ns_limit) const {
        if (mine == nullptr)
            return;
        std::printf("  %-70s %6.2f ns  target <= %.1f ns: %s\n", what.c_str(), *mine * 1e9, ns_limit, *mine * 1e9 <= ns_limit ? "met" : "NOT MET");
    }

    void targets() const {
        std::printf("\nTargets (issue 9), as time ratios (VeloZ / peer)\n");
        for (const char* s : {"64B", "256B"}) {
            const std::string size = s;
            const double* fixed = ns("pair", size, "veloz fixed_pool");
            target("pair " + size + ": veloz fixed_pool / glibc malloc", fixed, ns("pair", size, "glibc malloc"), 0.5);
            for (const char* peer : {"mimalloc", "jemalloc", "tcmalloc", "tbb scalable_malloc", "boost::pool", "boost::object_pool"})
                target("pair " + size + ": veloz fixed_pool / " + peer, fixed, ns("pair", size, peer), 1.0);
            const double* concurrent = ns("pair2t", size, "veloz concurrent_pool");
            target("2 threads " + size + ": veloz concurrent_pool / mimalloc", concurrent, ns("pair2t", size, "mimalloc"), 1.0);
            target("2 threads " + size + ": veloz concurrent_pool / tbb scalable_malloc", concurrent, ns("pair2t", size, "tbb scalable_malloc"), 1.0);
            below("burst " + size + ": veloz fixed_pool batch, per block", ns("burst", size, "veloz fixed_pool batch"), 2.0);
            below("burst " + size + ": veloz concurrent_pool batch, per block", ns("burst", size, "veloz concurrent_pool batch"), 2.0);
        }
        below("arena 64B: veloz arena alloc_batch, per block", ns("arena", "64B", "veloz arena alloc_batch"), 2.0);
        target("arena 64B: veloz arena alloc_batch / pmr monotonic_buffer_resource", ns("arena", "64B", "veloz arena alloc_batch"),
               ns("arena", "64B", "pmr monotonic_buffer_resource"), 1.0);
    }
};

} // namespace

int main(int argc, char** argv) {
    bench::reserve_static_tls(argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    const std::uint32_t version = veloz_version();
    std::printf("libveloz %u.%u.%u; peers: glibc, mimalloc %s, jemalloc %s, tcmalloc %s, TBB scalable_malloc, boost.pool; load average: %s\n",
                version >> 16, (version >> 8) & 0xFF, version & 0xFF,
                bench::mimalloc_library().available() ? "ok" : bench::mimalloc_library().error.c_str(),
                bench::jemalloc_library().available() ? "ok" : bench::jemalloc_library().error.c_str(),
                bench::tcmalloc_library().available() ? "ok" : bench::tcmalloc_library().error.c_str(),
                bench::load_average().c_str());
    add_size<64>();
    add_size<256>();
    add_arena();
    memory_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
