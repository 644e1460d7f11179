// veloz_loop_bench: VeloZ's event loop through the C ABI of libveloz.so (veloz_event_loop_post from another thread,
// veloz_event_loop_run on the loop's thread) against the task queues a C++ engineer would otherwise use, in one
// binary and one run:
//
//   std::mutex + std::condition_variable + std::deque<task>: a worker thread waits on the condition variable, takes
//                                one task under the lock, runs it outside; the producer pushes under the lock and
//                                notifies. The task is the loop's shape: a function pointer and a context.
//   boost::asio::io_context::post: a thread in io_context::run (kept alive by a work guard), the producer calls
//                                boost::asio::post(io, handler) with a lambda holding the timestamp.
//
// VeloZ runs with three idle strategies: BUSY_SPIN, SPIN_THEN_YIELD and SPIN_THEN_SLEEP (default spin_iterations,
// 1,000 polls: on this machine some 200 us of spinning before it sleeps, so a stream paced faster never lets it
// sleep), and SPIN_THEN_SLEEP with spin_iterations = 10, which does sleep between the 50 us paced posts.
//
// Latency: a producer thread (pinned to CPU 0) reads veloz_clock_now_ns(), posts a task carrying that stamp, and
// waits until the next post is due (a paced stream, by default one post every 3 us; after a stall the stream
// resumes without a burst); the consumer thread (pinned to CPU 1) runs the task, which stores now - stamp; the values
// go into a veloz::histogram after the run. A second table paces the posts 50 us apart, where a sleeping loop has
// time to fall asleep between tasks and each task pays its wake-up.
//
// Baseline: the same harness with the producer storing its stamp into one std::atomic slot (once the consumer took the
// previous one) and the consumer spinning on it: the floor of a one-way cross-core handoff on this machine, stamped
// with the same clock. A stall of the consumer delays one baseline sample, but every task queued meanwhile in a row. Every row's tail
// sits on it: this machine's vCPUs stall 10-30 us a few hundred times a second, and the stalls/s column (samples over
// 10 us per second of the row's run) shows how often a row was caught by one.
//
// Throughput: producers post as fast as they can (VELOZ_E_FULL is retried after a pause and counted), the consumer
// runs a task that counts; tasks/s is the tasks over the time from the start signal to the last task run. With 1
// producer the producer is pinned to CPU 0 and the consumer to CPU 1; with 2 producers nothing is pinned (3 threads
// on 2 cores: the numbers include the scheduler's time slicing).
//
// Contenders run in rounds (each round every contender in turn, fresh loops, queues and threads), so a noisy second
// of a shared machine spreads over all of them. Ratios are VeloZ's value over the peer's, from the same run.
//
// Single-thread costs: one thread posts 50,000 tasks into a consumer that is not running, then drains them itself
// (veloz_event_loop_run_once; the deque under its lock; io_context::run): what a post and a run cost without any
// cross-core traffic, beside two floors (veloz_clock_now_ns and an empty exported call, veloz_version).
//
// Usage: veloz_loop_bench [--samples N (latency samples per contender, default 300,000)] [--sparse N (50 us paced
//                         samples per contender, default 30,000)] [--tasks N (throughput tasks per contender and
//                         round, default 1,000,000)] [--rounds R (default 5)] [--pace-ns NS (default 3,000)]
#include <veloz.hpp>

#include "load_average.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/version.hpp>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace {

struct options {
    std::size_t samples = 300'000;
    std::size_t sparse = 30'000;
    std::size_t tasks = 1'000'000;
    std::size_t rounds = 5;
    std::int64_t pace_ns = 3'000;
};

constexpr std::int64_t sparse_pace_ns = 50'000;
constexpr std::size_t warmup = 1'000; // unrecorded samples at the start of every round
constexpr double stall_ns = 10'000;

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--samples" && has_value)
            o.samples = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--sparse" && has_value)
            o.sparse = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--tasks" && has_value)
            o.tasks = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--rounds" && has_value)
            o.rounds = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--pace-ns" && has_value)
            o.pace_ns = std::strtoll(argv[++i], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: %s [--samples N] [--sparse N] [--tasks N] [--rounds R] [--pace-ns NS]\n", argv[0]);
            std::exit(2);
        }
    }
    o.rounds = std::max<std::size_t>(o.rounds, 1);
    o.pace_ns = std::max<std::int64_t>(o.pace_ns, 0);
    return o;
}

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

// The CPUs the process may use, read once on the main thread (which is never pinned).
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

// Pins the calling thread; a negative cpu leaves it unpinned.
void pin_to_cpu(int cpu) {
    if (cpu < 0 || cpu_count() < 2)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    (void)pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

[[noreturn]] void fail(const std::string& what) {
    std::fflush(stdout);
    std::fprintf(stderr, "veloz_loop_bench: %s\n", what.c_str());
    std::exit(1);
}

void check(veloz_status status, const char* what) {
    if (status != VELOZ_OK)
        fail(std::string(what) + " failed with status " + std::to_string(status));
}

// ---- the latency sink: written by the consumer thread only, read by main after the consumer joined ---------------

struct latency_sink {
    std::vector<std::int64_t> values;
    std::size_t count = 0;
};

latency_sink* current_sink = nullptr; // set by main before the threads start

inline void record_latency(std::int64_t stamp) noexcept {
    latency_sink& sink = *current_sink;
    const std::int64_t ns = veloz_clock_now_ns() - stamp;
    if (sink.count < sink.values.size())
        sink.values[sink.count] = ns < 0 ? 0 : ns;
    ++sink.count;
}

// The task every contender runs: the context is the producer's stamp itself (no allocation, no shared memory).
void latency_task(void* context) noexcept { record_latency(static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(context))); }

void* stamp_context(std::int64_t stamp) noexcept { return reinterpret_cast<void*>(static_cast<std::intptr_t>(stamp)); }

// ---- the throughput sink --------------------------------------------------------------------------------------------

struct count_sink {
    std::uint64_t count = 0;
    std::uint64_t target = 0;
    std::atomic<std::uint64_t> end_ticks{0};
};

count_sink* current_count = nullptr;

void count_task(void*) noexcept {
    count_sink& sink = *current_count;
    if (++sink.count == sink.target)
        sink.end_ticks.store(veloz::clock::ticks(), std::memory_order_release);
}

// ---- the contenders: start a consumer, post from any thread, finish (every posted task ran, consumer joined) ------

using task_fn = void (*)(void*) noexcept;

struct loop_result {
    std::uint64_t ran = 0;
    std::uint64_t full_retries = 0; // VELOZ_E_FULL answers to a post, retried
    std::optional<veloz_event_loop_stats> stats;
};

// Each contender: start(consumer_cpu) starts the consumer; post(fn, ctx) from a producer; finish() after the
// producers joined runs everything posted, stops the consumer and joins it.
class veloz_contender {
public:
    explicit veloz_contender(veloz_loop_idle_strategy strategy, std::int32_t spin_iterations = 0) {
        veloz_event_loop_config config{};
        config.struct_size = static_cast<std::uint32_t>(sizeof config);
        config.idle_strategy = strategy;
        config.spin_iterations = spin_iterations; // 0: the default, 1,000
        config.name = "veloz_loop_bench";
        check(veloz_event_loop_create(&config, &loop_), "veloz_event_loop_create");
    }
    ~veloz_contender() { veloz_event_loop_destroy(loop_); }
    veloz_contender(const veloz_contender&) = delete;
    veloz_contender& operator=(const veloz_contender&) = delete;

    void start(int cpu) {
        consumer_ = std::thread([this, cpu] {
            pin_to_cpu(cpu);
            std::int64_t ran = 0;
            check(veloz_event_loop_run(loop_, &ran), "veloz_event_loop_run");
            result_.ran = static_cast<std::uint64_t>(ran) - 1; // not the stop task
            veloz_event_loop_stats stats{};
            stats.struct_size = static_cast<std::uint32_t>(sizeof stats);
            if (veloz_event_loop_get_stats(loop_, &stats) == VELOZ_OK)
                result_.stats = stats;
        });
    }

    void post(task_fn task, void* context) {
        for (;;) {
            const veloz_status status = veloz_event_loop_post(loop_, task, context, VELOZ_LOOP_PRIORITY_NORMAL);
            if (status == VELOZ_OK)
                return;
            if (status != VELOZ_E_FULL)
                check(status, "veloz_event_loop_post");
            full_retries_.fetch_add(1, std::memory_order_relaxed);
            for (int i = 0; i < 64; ++i)
                cpu_relax();
        }
    }

    loop_result finish() {
        // Posted after every producer joined: one producer's posts run in order, so this one runs last.
        post(&stop_task, loop_);
        consumer_.join();
        result_.full_retries = full_retries_.load();
        return result_;
    }

private:
    static void stop_task(void* loop) noexcept { (void)veloz_event_loop_stop(static_cast<veloz_event_loop*>(loop)); }

    veloz_event_loop* loop_ = nullptr;
    std::thread consumer_;
    std::atomic<std::uint64_t> full_retries_{0};
    loop_result result_;
};

class mutex_cv_contender {
public:
    void start(int cpu) {
        consumer_ = std::thread([this, cpu] {
            pin_to_cpu(cpu);
            std::uint64_t ran = 0;
            std::unique_lock<std::mutex> lock(mutex_);
            for (;;) {
                ready_.wait(lock, [this] { return !tasks_.empty() || done_; });
                if (tasks_.empty())
                    break;
                const task t = tasks_.front();
                tasks_.pop_front();
                lock.unlock();
                t.fn(t.context);
                ++ran;
                lock.lock();
            }
            ran_ = ran;
        });
    }

    void post(task_fn fn, void* context) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            tasks_.push_back(task{fn, context});
        }
        ready_.notify_one();
    }

    loop_result finish() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ = true;
        }
        ready_.notify_one();
        consumer_.join();
        loop_result r;
        r.ran = ran_;
        return r;
    }

private:
    struct task {
        task_fn fn;
        void* context;
    };
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<task> tasks_;
    bool done_ = false;
    std::uint64_t ran_ = 0;
    std::thread consumer_;
};

class asio_contender {
public:
    asio_contender() : io_(1), guard_(boost::asio::make_work_guard(io_)) {}

    void start(int cpu) {
        consumer_ = std::thread([this, cpu] {
            pin_to_cpu(cpu);
            ran_ = io_.run();
        });
    }

    void post(task_fn fn, void* context) {
        boost::asio::post(io_, [fn, context] { fn(context); });
    }

    loop_result finish() {
        guard_.reset(); // run() returns once every posted handler ran
        consumer_.join();
        loop_result r;
        r.ran = ran_;
        return r;
    }

private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::uint64_t ran_ = 0;
    std::thread consumer_;
};

// ---- the latency harness ---------------------------------------------------------------------------------------------

struct latency_tally {
    veloz::histogram latency{veloz::histogram_config{3, 1, 10'000'000'000}};
    std::uint64_t samples = 0;
    std::uint64_t stalls = 0;
    std::uint64_t full_retries = 0;
    std::uint64_t overwritten = 0; // the atomic slot only: stamps overwritten before the consumer read them
    double seconds = 0;
    bool broken = false;
    // The loop's own post-to-run percentiles (veloz_event_loop_get_stats), the worst round's, VeloZ rows only.
    std::optional<veloz_event_loop_stats> loop_stats;
};

void add_samples(latency_tally& t, latency_sink& sink, std::size_t expected, double seconds, bool exact = true) {
    if (exact && sink.count != warmup + expected)
        t.broken = true;
    const std::size_t n = std::min(sink.count, sink.values.size());
    for (std::size_t i = warmup; i < n; ++i) {
        t.latency.record(sink.values[i]);
        t.stalls += static_cast<double>(sink.values[i]) > stall_ns;
    }
    t.samples += n > warmup ? n - warmup : 0;
    t.seconds += seconds;
}

// The paced stream: the producer posts `warmup + samples` stamps, one every pace_ns at the earliest.
template <class Post>
double paced_producer(std::size_t total, std::int64_t pace_ns, Post&& post) {
    pin_to_cpu(0);
    std::int64_t next = veloz_clock_now_ns();
    std::int64_t measured_start = next;
    for (std::size_t i = 0; i < total; ++i) {
        std::int64_t now = veloz_clock_now_ns();
        while (now < next) {
            cpu_relax();
            now = veloz_clock_now_ns();
        }
        if (i == warmup)
            measured_start = now;
        post(now);
        next += pace_ns;
        if (next < now) // behind after a stall: resume the pace without a burst
            next = now;
    }
    return static_cast<double>(veloz_clock_now_ns() - measured_start) / 1e9;
}

template <class Contender, class... Args>
void queue_latency(latency_tally& t, std::size_t samples, std::int64_t pace_ns, Args... args) {
    latency_sink sink;
    sink.values.assign(warmup + samples, 0);
    current_sink = &sink;
    Contender contender(args...);
    contender.start(1);
    double seconds = 0;
    std::thread producer([&] {
        seconds = paced_producer(warmup + samples, pace_ns,
                                 [&](std::int64_t stamp) { contender.post(&latency_task, stamp_context(stamp)); });
    });
    producer.join();
    const loop_result r = contender.finish();
    current_sink = nullptr;
    if (r.ran != warmup + samples)
        t.broken = true;
    t.full_retries += r.full_retries;
    if (r.stats && (!t.loop_stats || r.stats->latency_p999_ns > t.loop_stats->latency_p999_ns))
        t.loop_stats = r.stats;
    add_samples(t, sink, samples, seconds);
}

// The floor: the stamp goes through one atomic slot (its own cache line), the consumer spins on it and takes it
// (exchanges it with 0). The producer never overwrites an unread stamp: it waits for the slot to be empty, so a
// consumer that lost its core shows in the sample whose stamp waited, as it would for a queued task.
void atomic_slot_latency(latency_tally& t, std::size_t samples, std::int64_t pace_ns) {
    struct alignas(64) slot {
        std::atomic<std::int64_t> stamp{0};
    };
    constexpr std::int64_t end_of_stream = INT64_MAX;
    auto shared = std::make_unique<slot>();
    latency_sink sink;
    sink.values.assign(warmup + samples, 0);
    current_sink = &sink;
    const std::size_t total = warmup + samples;
    std::thread consumer([&] {
        pin_to_cpu(1);
        for (;;) {
            while (shared->stamp.load(std::memory_order_acquire) == 0)
                cpu_relax();
            const std::int64_t stamp = shared->stamp.exchange(0, std::memory_order_acq_rel);
            if (stamp == end_of_stream)
                break;
            record_latency(stamp);
        }
    });
    double seconds = 0;
    auto put = [&](std::int64_t stamp) {
        while (shared->stamp.load(std::memory_order_acquire) != 0)
            cpu_relax();
        shared->stamp.store(stamp, std::memory_order_release);
    };
    std::thread producer([&] { seconds = paced_producer(total, pace_ns, put); });
    producer.join();
    put(end_of_stream);
    consumer.join();
    current_sink = nullptr;
    add_samples(t, sink, samples, seconds);
}

// ---- single-thread costs: posts into a consumer that is not running, then one thread drains them ------------------

struct cost_tally {
    double post_ns = 0; // per post, summed over rounds
    double run_ns = 0;  // per task run while draining
    std::size_t rounds = 0;
};

template <class Post, class Drain>
void single_thread_cost(cost_tally& t, std::size_t tasks, Post&& post, Drain&& drain) {
    count_sink sink;
    sink.target = tasks;
    current_count = &sink;
    const std::uint64_t t0 = veloz::clock::ticks();
    for (std::size_t i = 0; i < tasks; ++i)
        post();
    const std::uint64_t t1 = veloz::clock::ticks();
    drain();
    const std::uint64_t t2 = veloz::clock::ticks();
    current_count = nullptr;
    if (sink.count != tasks)
        fail("single-thread cost: " + std::to_string(sink.count) + " of " + std::to_string(tasks) + " tasks ran");
    const double ns = 1e9 / veloz::clock::info().ticks_per_second / static_cast<double>(tasks);
    t.post_ns += static_cast<double>(t1 - t0) * ns;
    t.run_ns += static_cast<double>(t2 - t1) * ns;
    ++t.rounds;
}

void veloz_cost(cost_tally& t, std::size_t tasks) {
    veloz_event_loop_config config{};
    config.struct_size = static_cast<std::uint32_t>(sizeof config);
    config.task_capacity = 65'536;
    veloz_event_loop* loop = nullptr;
    check(veloz_event_loop_create(&config, &loop), "veloz_event_loop_create");
    single_thread_cost(
        t, tasks, [&] { check(veloz_event_loop_post(loop, &count_task, nullptr, VELOZ_LOOP_PRIORITY_NORMAL), "veloz_event_loop_post"); },
        [&] {
            std::int32_t ran = 0;
            check(veloz_event_loop_run_once(loop, &ran), "veloz_event_loop_run_once");
        });
    veloz_event_loop_destroy(loop);
}

void mutex_cost(cost_tally& t, std::size_t tasks) {
    struct task {
        task_fn fn;
        void* context;
    };
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<task> tasks_;
    single_thread_cost(
        t, tasks,
        [&] {
            {
                std::lock_guard<std::mutex> lock(mutex);
                tasks_.push_back(task{&count_task, nullptr});
            }
            ready.notify_one(); // nobody waits: no futex call, as for a busy worker
        },
        [&] {
            std::unique_lock<std::mutex> lock(mutex);
            while (!tasks_.empty()) {
                const task next = tasks_.front();
                tasks_.pop_front();
                lock.unlock();
                next.fn(next.context);
                lock.lock();
            }
        });
}

void asio_cost(cost_tally& t, std::size_t tasks) {
    boost::asio::io_context io(1);
    single_thread_cost(
        t, tasks, [&] { boost::asio::post(io, [] { count_task(nullptr); }); }, [&] { (void)io.run(); });
}

// ---- the throughput harness ------------------------------------------------------------------------------------------

struct throughput_tally {
    std::uint64_t tasks = 0;
    double run_seconds = 0;  // start signal -> last task ran
    double post_seconds = 0; // start signal -> last post returned
    std::uint64_t full_retries = 0;
    bool broken = false;
    std::vector<double> rates; // tasks/s of each round
};

template <class Contender, class... Args>
void queue_throughput(throughput_tally& t, std::size_t tasks, int producers, Args... args) {
    count_sink sink;
    sink.target = tasks;
    current_count = &sink;
    Contender contender(args...);
    const bool pinned = producers == 1;
    contender.start(pinned ? 1 : -1);
    std::atomic<bool> go{false};
    std::atomic<std::uint64_t> posts_done_ticks{0};
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        const std::size_t share = tasks / static_cast<std::size_t>(producers) + (static_cast<std::size_t>(p) < tasks % static_cast<std::size_t>(producers));
        threads.emplace_back([&, share] {
            pin_to_cpu(pinned ? 0 : -1);
            while (!go.load(std::memory_order_acquire))
                cpu_relax();
            for (std::size_t i = 0; i < share; ++i)
                contender.post(&count_task, nullptr);
            const std::uint64_t now = veloz::clock::ticks();
            std::uint64_t seen = posts_done_ticks.load();
            while (seen < now && !posts_done_ticks.compare_exchange_weak(seen, now)) {
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5)); // every thread is up and spinning on `go`
    const std::uint64_t start = veloz::clock::ticks();
    go.store(true, std::memory_order_release);
    for (std::thread& th : threads)
        th.join();
    const loop_result r = contender.finish();
    current_count = nullptr;
    const double to_s = 1.0 / veloz::clock::info().ticks_per_second;
    const std::uint64_t end = sink.end_ticks.load();
    if (r.ran != tasks || sink.count != tasks || end == 0) {
        t.broken = true;
        return;
    }
    const double run_s = static_cast<double>(end - start) * to_s;
    t.tasks += tasks;
    t.run_seconds += run_s;
    t.post_seconds += static_cast<double>(posts_done_ticks.load() - start) * to_s;
    t.full_retries += r.full_retries;
    t.rates.push_back(static_cast<double>(tasks) / run_s);
}

// ---- tables ----------------------------------------------------------------------------------------------------------

struct latency_row {
    std::string label;
    std::function<void(latency_tally&, std::size_t, std::int64_t)> run;
    latency_tally dense;
    latency_tally sparse;
};

struct throughput_row {
    std::string label;
    std::function<void(throughput_tally&, std::size_t, int)> run;
    throughput_tally one;
    throughput_tally two;
};

const char* const label_busy = "veloz event_loop BUSY_SPIN";
const char* const label_yield = "veloz event_loop SPIN_THEN_YIELD";
const char* const label_sleep = "veloz event_loop SPIN_THEN_SLEEP";
const char* const label_sleep_short = "veloz SPIN_THEN_SLEEP, 10 spins";
const char* const label_mutex = "std::mutex + condvar + deque";
const char* const label_asio = "boost::asio::io_context::post";
const char* const label_slot = "atomic slot (baseline, no queue)";

std::vector<std::int64_t> percentiles(const latency_tally& t) {
    if (t.samples == 0)
        return {0, 0, 0, 0};
    return t.latency.percentiles({50.0, 99.0, 99.9, 100.0});
}

void latency_table(const std::vector<latency_row>& rows, bool sparse, std::int64_t pace_ns) {
    const latency_tally& base = sparse ? rows[0].sparse : rows[0].dense;
    const std::vector<std::int64_t> b = percentiles(base);
    std::printf("\nPost-to-run latency (ns), one post every %lld ns, producer on CPU 0, consumer on CPU 1, %llu samples per row\n",
                static_cast<long long>(pace_ns), static_cast<unsigned long long>(base.samples));
    std::printf("  %-36s %8s %8s %8s %8s %9s %9s %9s\n", "contender", "p50", "p99", "p99.9", "max", "stalls/s", "p50/base", "p99/base");
    for (const latency_row& row : rows) {
        const latency_tally& t = sparse ? row.sparse : row.dense;
        const std::vector<std::int64_t> p = percentiles(t);
        const double stalls = t.seconds > 0 ? static_cast<double>(t.stalls) / t.seconds : 0.0;
        std::printf("  %-36s %8lld %8lld %8lld %8lld %9.0f %8.2fx %8.2fx%s%s%s\n", row.label.c_str(), static_cast<long long>(p[0]),
                    static_cast<long long>(p[1]), static_cast<long long>(p[2]), static_cast<long long>(p[3]), stalls,
                    b[0] > 0 ? static_cast<double>(p[0]) / static_cast<double>(b[0]) : 0.0,
                    b[1] > 0 ? static_cast<double>(p[1]) / static_cast<double>(b[1]) : 0.0,
                    t.broken ? "  TASKS LOST OR DUPLICATED" : "",
                    t.overwritten > 0 ? ("  (" + std::to_string(t.overwritten) + " stamps overwritten unread)").c_str() : "",
                    t.full_retries > 0 ? "  (posts refused: VELOZ_E_FULL)" : "");
    }
    // The loop's own view of the same tasks, to compare with the stamps above.
    for (const latency_row& row : rows) {
        const latency_tally& t = sparse ? row.sparse : row.dense;
        if (t.loop_stats)
            std::printf("    %-34s loop's own stats (worst round): p50 %lld  p99 %lld  p99.9 %lld  max %lld; busy %.0f%% of run\n",
                        row.label.c_str(), static_cast<long long>(t.loop_stats->latency_p50_ns),
                        static_cast<long long>(t.loop_stats->latency_p99_ns), static_cast<long long>(t.loop_stats->latency_p999_ns),
                        static_cast<long long>(t.loop_stats->latency_max_ns),
                        t.loop_stats->busy_ns + t.loop_stats->idle_ns > 0
                            ? 100.0 * static_cast<double>(t.loop_stats->busy_ns) / static_cast<double>(t.loop_stats->busy_ns + t.loop_stats->idle_ns)
                            : 0.0);
    }
}

const latency_row* find(const std::vector<latency_row>& rows, const char* label) {
    for (const latency_row& r : rows)
        if (r.label == label)
            return &r;
    return nullptr;
}

void latency_ratios(const std::vector<latency_row>& rows, bool sparse) {
    std::printf("\n  Ratios, VeloZ / peer (< 1: VeloZ is faster), %s stream:\n", sparse ? "50 us" : "dense");
    std::printf("    %-62s %7s %7s %7s %7s\n", "", "p50", "p99", "p99.9", "max");
    const char* ours[] = {label_busy, label_yield, label_sleep, label_sleep_short};
    const char* peers[] = {label_mutex, label_asio};
    for (const char* o : ours)
        for (const char* peer : peers) {
            const latency_row* a = find(rows, o);
            const latency_row* b = find(rows, peer);
            if (a == nullptr || b == nullptr)
                continue;
            const std::vector<std::int64_t> pa = percentiles(sparse ? a->sparse : a->dense);
            const std::vector<std::int64_t> pb = percentiles(sparse ? b->sparse : b->dense);
            std::printf("    %-62s", (std::string(o) + " / " + peer).c_str());
            for (int i = 0; i < 4; ++i)
                std::printf(" %6.2fx", pb[i] > 0 ? static_cast<double>(pa[i]) / static_cast<double>(pb[i]) : 0.0);
            std::printf("\n");
        }
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void throughput_table(const std::vector<throughput_row>& rows, std::size_t rounds, std::size_t tasks) {
    std::printf("\nThroughput: %zu tasks per row and round, %zu rounds; Mtasks/s = tasks / (start -> last task ran), median of rounds\n",
                tasks, rounds);
    std::printf("  %-36s %12s %12s %12s %12s %12s\n", "contender", "1p Mtasks/s", "1p posts ns", "2p Mtasks/s", "2p posts ns",
                "FULL retries");
    for (const throughput_row& row : rows) {
        auto cell = [](const throughput_tally& t, bool rate) {
            if (t.broken)
                return std::string("BROKEN");
            if (t.tasks == 0)
                return std::string("-");
            char text[32];
            if (rate)
                std::snprintf(text, sizeof text, "%.2f", median(t.rates) / 1e6);
            else // producer side: ns per post, summed over the producers' wall time
                std::snprintf(text, sizeof text, "%.1f", t.post_seconds * 1e9 / static_cast<double>(t.tasks));
            return std::string(text);
        };
        std::printf("  %-36s %12s %12s %12s %12s %12llu\n", row.label.c_str(), cell(row.one, true).c_str(), cell(row.one, false).c_str(),
                    cell(row.two, true).c_str(), cell(row.two, false).c_str(),
                    static_cast<unsigned long long>(row.one.full_retries + row.two.full_retries));
    }
    std::printf("\n  Ratios, VeloZ tasks/s / peer tasks/s (> 1: VeloZ is faster)\n    %-62s %8s %8s\n", "", "1 prod", "2 prod");
    for (const throughput_row& a : rows) {
        if (a.label.compare(0, 5, "veloz") != 0)
            continue;
        for (const throughput_row& b : rows) {
            if (b.label.compare(0, 5, "veloz") == 0)
                continue;
            auto ratio = [](const throughput_tally& x, const throughput_tally& y) {
                const double my = median(x.rates), their = median(y.rates);
                return their > 0 ? my / their : 0.0;
            };
            std::printf("    %-62s %7.2fx %7.2fx\n", (a.label + " / " + b.label).c_str(), ratio(a.one, b.one), ratio(a.two, b.two));
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    (void)cpu_count(); // the main thread is never pinned: unpinned threads inherit its mask
    try {
        veloz::check_version();
        const veloz_clock_info info = veloz::clock::info();
        std::printf("libveloz %u.%u.%u; boost %d.%d.%d (asio); %d CPUs available; clock %s at %.6f GHz; %zu rounds; load average at start: %s\n",
                    veloz::library_version().major, veloz::library_version().minor, veloz::library_version().patch,
                    BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100, cpu_count(),
                    info.source == VELOZ_CLOCK_SOURCE_TSC ? "TSC" : "OS", info.ticks_per_second / 1e9, o.rounds,
                    bench::load_average().c_str());

        auto veloz_row = [](veloz_loop_idle_strategy strategy, std::int32_t spins = 0) {
            return [strategy, spins](latency_tally& t, std::size_t n, std::int64_t pace) {
                queue_latency<veloz_contender>(t, n, pace, strategy, spins);
            };
        };
        std::vector<latency_row> latency;
        latency.push_back({label_slot, atomic_slot_latency, {}, {}});
        latency.push_back({label_busy, veloz_row(VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN), {}, {}});
        latency.push_back({label_yield, veloz_row(VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD), {}, {}});
        latency.push_back({label_sleep, veloz_row(VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP), {}, {}});
        latency.push_back({label_sleep_short, veloz_row(VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP, 10), {}, {}});
        latency.push_back({label_mutex, queue_latency<mutex_cv_contender>, {}, {}});
        latency.push_back({label_asio, queue_latency<asio_contender>, {}, {}});

        std::vector<throughput_row> throughput;
        throughput.push_back({label_busy, [](throughput_tally& t, std::size_t n, int p) {
                                  queue_throughput<veloz_contender>(t, n, p, veloz_loop_idle_strategy{VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN});
                              }, {}, {}});
        throughput.push_back({label_sleep, [](throughput_tally& t, std::size_t n, int p) {
                                  queue_throughput<veloz_contender>(t, n, p, veloz_loop_idle_strategy{VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP});
                              }, {}, {}});
        throughput.push_back({label_mutex, [](throughput_tally& t, std::size_t n, int p) { queue_throughput<mutex_cv_contender>(t, n, p); }, {}, {}});
        throughput.push_back({label_asio, [](throughput_tally& t, std::size_t n, int p) { queue_throughput<asio_contender>(t, n, p); }, {}, {}});

        struct cost_row {
            std::string label;
            void (*run)(cost_tally&, std::size_t);
            cost_tally cost;
        };
        std::vector<cost_row> costs{{"veloz event_loop (post; run_once)", veloz_cost, {}},
                                    {label_mutex, mutex_cost, {}},
                                    {label_asio, asio_cost, {}}};
        constexpr std::size_t cost_tasks = 50'000; // under the loop's default capacity of 65,536

        const std::size_t dense_per_round = (o.samples + o.rounds - 1) / o.rounds;
        const std::size_t sparse_per_round = (o.sparse + o.rounds - 1) / o.rounds;
        const auto started = std::chrono::steady_clock::now();
        for (std::size_t round = 0; round < o.rounds; ++round) {
            for (cost_row& row : costs)
                row.run(row.cost, cost_tasks);
            for (latency_row& row : latency)
                row.run(row.dense, dense_per_round, o.pace_ns);
            for (latency_row& row : latency)
                row.run(row.sparse, sparse_per_round, sparse_pace_ns);
            if (o.tasks > 0)
                for (throughput_row& row : throughput) {
                    row.run(row.one, o.tasks, 1);
                    row.run(row.two, o.tasks, 2);
                }
            std::fprintf(stderr, "round %zu/%zu done after %.1f s\n", round + 1, o.rounds,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }

        latency_table(latency, false, o.pace_ns);
        latency_ratios(latency, false);
        latency_table(latency, true, sparse_pace_ns);
        latency_ratios(latency, true);
        if (o.tasks > 0)
            throughput_table(throughput, o.rounds, o.tasks);
        std::printf("\nOne thread, no consumer running: %zu posts, then the same thread drains them (ns per task, mean of %zu rounds)\n"
                    "  %-36s %10s %10s %12s %12s\n",
                    cost_tasks, o.rounds, "contender", "post ns", "run ns", "post/peer", "run/peer");
        for (const cost_row& row : costs) {
            const double post = row.cost.post_ns / static_cast<double>(row.cost.rounds);
            const double run = row.cost.run_ns / static_cast<double>(row.cost.rounds);
            std::printf("  %-36s %10.1f %10.1f\n", row.label.c_str(), post, run);
        }
        {
            constexpr int calls = 1'000'000;
            const double ns = 1e9 / veloz::clock::info().ticks_per_second / calls;
            std::int64_t sum = 0;
            std::uint64_t t0 = veloz::clock::ticks();
            for (int i = 0; i < calls; ++i)
                sum += veloz_clock_now_ns();
            std::uint64_t t1 = veloz::clock::ticks();
            std::uint32_t versions = 0;
            for (int i = 0; i < calls; ++i)
                versions += veloz_version();
            std::uint64_t t2 = veloz::clock::ticks();
            std::printf("  %-36s %10.1f%s\n", "floor: veloz_clock_now_ns", static_cast<double>(t1 - t0) * ns, sum == 0 ? " (clock 0)" : "");
            std::printf("  %-36s %10.1f%s\n", "floor: empty call (veloz_version)", static_cast<double>(t2 - t1) * ns, versions == 0 ? " (0)" : "");
        }
        for (std::size_t i = 1; i < costs.size(); ++i)
            std::printf("  %-36s %10s %10s %11.2fx %11.2fx\n", ("veloz / " + costs[i].label).c_str(), "", "",
                        costs[0].cost.post_ns / costs[i].cost.post_ns, costs[0].cost.run_ns / costs[i].cost.run_ns);
        std::printf("\nstalls/s: samples over 10 us per second of the row's run. p50/base, p99/base: the row's percentile over the\n"
                    "atomic slot's (the bare cross-core handoff, same clock, same pacing). posts ns: producer wall time per post.\n"
                    "Load average at the end: %s\n",
                    bench::load_average().c_str());
        bool broken = false;
        for (const latency_row& r : latency)
            broken = broken || r.dense.broken || r.sparse.broken;
        for (const throughput_row& r : throughput)
            broken = broken || r.one.broken || r.two.broken;
        return broken ? 1 : 0;
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_loop_bench: %s\n", e.what());
        return 1;
    }
}
