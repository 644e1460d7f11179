// veloz_timer_bench: nanoseconds per timer operation, VeloZ's hierarchical timer wheel through the C ABI of
// libveloz.so (one exported call per schedule, per cancel, per advance) against the timer queues a C++ trading
// engineer would otherwise write, in one binary and one run:
//
//   std::multimap<int64_t, ...>  keyed by deadline; cancel erases the iterator kept in an id -> iterator table.
//   std::priority_queue          a binary heap with lazy cancel: a cancelled id's entry stays in the heap and is
//                                skipped when it reaches the top (the id table holds a generation per slot).
//   boost::heap::d_ary_heap<4>   mutable (handles): real O(log n) erase on cancel.
//   boost::heap::pairing_heap    handles: real erase on cancel.
//
// VeloZ runs three ways: the default wheel (1 ms tick) with veloz_timer_wheel_advance into a buffer of 512 expiries
// (the row the ratios use), the same with veloz_timer_wheel_advance_callback, and a wheel whose tick is the clock's
// 100 us step. "script only (no queue)" (cancel rows only) is what the workload's own bookkeeping costs per
// operation, in every row; the floor rows are single C ABI calls and one miss to memory.
//
// The peers hand out ids the way the wheel does (slot | generation << 32, looked up in a vector), so that a
// cancel of a fired or cancelled id fails for every contender, as VELOZ_E_NOT_FOUND does for the wheel.
//
// Timers: 90% order timeouts uniform in 1-100 ms, 10% heartbeat / session timeouts uniform in 100 ms-1 s, at
// nanosecond resolution (never on the wheel's 1 ms tick). The clock advances in steps of 100 us; one benchmark
// iteration is one step: the cancels that fall in it, the new schedules (a constant rate chosen so that N timers
// stay live), then one advance to the step's time that delivers every due timer. Three workloads at N = 1k, 100k
// and 1M live timers:
//
//   cancel: every timer is cancelled before it fires (at 5-95% of its timeout): order timeouts that never fire.
//   fire:   no timer is cancelled: every one fires at its deadline.
//   mixed:  70% are cancelled before they fire, 30% fire.
//
// Each row starts from the workload's steady state (N live timers sampled at equilibrium, and for the lazy heap
// the cancelled entries that would still sit in it), built once before the row's first run and kept across its
// repetitions. ns_per_op = time / (schedules + cancels + fires): the advances' own cost is spread over them.
//
// Correctness, checked while timing (the same cheap checks for every contender, abort on failure): every cancel of
// a live timer succeeds; each advance delivers exactly the timers the script made due in that step, each at its
// own deadline (not rounded to a tick), in deadline order. Before the benchmarks, a cross-check runs one script per
// workload through every contender and compares the count and order (a hash) of the fired timers, checks that
// cancelling a fired id fails, and compares the wheel's own counters (veloz_timer_wheel_get_stats).
//
// The machine these numbers come from has 2 cores (a KVM guest whose vCPUs stall now and then): every row runs 5
// repetitions and the tables use each row's best (fastest) repetition. Rows of one workload and size run one after
// another, VeloZ first. The tables at the end divide VeloZ's time by each peer's (< 1: VeloZ is faster).
//
// Usage: veloz_timer_bench [Google Benchmark flags], e.g. --benchmark_filter=mixed/1M --benchmark_min_time=0.05.
#include "ratio_reporter.hpp"

#include <veloz.h>

#include <benchmark/benchmark.h>
#include <boost/heap/d_ary_heap.hpp>
#include <boost/heap/pairing_heap.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <type_traits>
#include <vector>

namespace {

constexpr int repetitions = 5;
constexpr std::int64_t step_ns = 100'000;              // the clock's step: 100 us
constexpr std::int64_t start_ns = 10'000'000'000;      // the clock at the start of every row: 10 s
constexpr std::int64_t longest_timeout_ns = 1'000'000'000;
constexpr std::size_t ring_steps = 16384;              // > 1 s of steps: no deadline or cancel lies further ahead
constexpr std::size_t ring_mask = ring_steps - 1;
constexpr std::int32_t expiry_buffer = 512;            // expiries per veloz_timer_wheel_advance call
constexpr std::uint64_t seed = 0x5EED'7133'2026;

[[noreturn]] void fail(const std::string& what) {
    std::fflush(stdout);
    std::fprintf(stderr, "veloz_timer_bench: correctness check failed: %s\n", what.c_str());
    std::abort();
}

void veloz_check(veloz_status status, const char* what) {
    if (status != VELOZ_OK) {
        char message[512] = {};
        veloz_last_error_message(message, sizeof message);
        fail(std::string(what) + ": " + veloz_status_name(status) + ": " + message);
    }
}

// splitmix64: a cheap, good-enough generator whose cost is the same for every contender.
struct rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
};

struct timer_draw {
    std::int64_t delay;
    std::int64_t cancel_delay; // when cancelled: after 5-95% of the delay
    bool cancelled;
};

// cancel_threshold out of 2^32: the share of timers cancelled before they fire.
timer_draw draw(rng& r, std::uint64_t cancel_threshold) {
    const std::uint64_t a = r.next();
    const std::uint64_t b = r.next();
    const bool heartbeat = (a & 0xFF) < 26; // ~10%
    const std::uint64_t low = heartbeat ? 100'000'000 : 1'000'000;
    const std::uint64_t range = heartbeat ? 900'000'000 : 99'000'000;
    timer_draw t{};
    t.delay = static_cast<std::int64_t>(low + (((a >> 32) * range) >> 32));
    t.cancelled = (b & 0xFFFF'FFFFull) < cancel_threshold;
    const double u = 0.05 + 0.9 * static_cast<double>(b >> 40) * 0x1p-24;
    t.cancel_delay = std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<double>(t.delay) * u));
    return t;
}

std::uint64_t step_of(std::int64_t t) {
    return static_cast<std::uint64_t>((t + step_ns - 1) / step_ns);
}

// ---- the contenders: schedule(deadline, payload) -> id, cancel(id) -> bool, advance(now, on_fire) -> fired ----

// VeloZ's wheel, default configuration (1 ms tick, 4 levels), advance into a caller's buffer.
struct veloz_wheel {
    static constexpr const char* label = "veloz timer_wheel";
    veloz_timer_wheel* wheel = nullptr;
    std::vector<veloz_timer_expiry> buffer = std::vector<veloz_timer_expiry>(expiry_buffer);

    explicit veloz_wheel(std::int64_t tick_ns = 0) {
        veloz_timer_wheel_config config{};
        config.struct_size = sizeof config;
        config.tick_ns = tick_ns; // 0: the default, 1 ms
        config.start_ns = start_ns;
        config.name = "bench wheel";
        veloz_check(veloz_timer_wheel_create(&config, &wheel), "veloz_timer_wheel_create");
    }
    ~veloz_wheel() { veloz_timer_wheel_destroy(wheel); }
    veloz_wheel(const veloz_wheel&) = delete;
    veloz_wheel& operator=(const veloz_wheel&) = delete;

    std::uint64_t schedule(std::int64_t deadline, std::uint64_t payload) {
        std::uint64_t id = 0;
        const veloz_status status = veloz_timer_wheel_schedule(wheel, deadline, payload, &id);
        if (status != VELOZ_OK)
            veloz_check(status, "veloz_timer_wheel_schedule");
        return id;
    }
    bool cancel(std::uint64_t id) { return veloz_timer_wheel_cancel(wheel, id) == VELOZ_OK; }
    template <class F>
    std::int64_t advance(std::int64_t now, F& on_fire) {
        std::int64_t fired = 0;
        std::int32_t written = 0;
        do {
            const veloz_status status = veloz_timer_wheel_advance(wheel, now, buffer.data(), expiry_buffer, &written);
            if (status != VELOZ_OK)
                veloz_check(status, "veloz_timer_wheel_advance");
            for (std::int32_t i = 0; i < written; ++i)
                on_fire(buffer[i].payload, buffer[i].deadline);
            fired += written;
        } while (written == expiry_buffer);
        return fired;
    }
    veloz_timer_wheel_stats stats() const {
        veloz_timer_wheel_stats s{};
        s.struct_size = sizeof s;
        veloz_check(veloz_timer_wheel_get_stats(wheel, &s), "veloz_timer_wheel_get_stats");
        return s;
    }
};

// The same wheel, advanced with veloz_timer_wheel_advance_callback (one call back into our code per expiry).
struct veloz_wheel_callback : veloz_wheel {
    static constexpr const char* label = "veloz timer_wheel callback";
    template <class F>
    static std::int32_t trampoline(void* context, veloz_timer_expiry* expiry) {
        (*static_cast<F*>(context))(expiry->payload, expiry->deadline);
        return 0;
    }
    template <class F>
    std::int64_t advance(std::int64_t now, F& on_fire) {
        std::int32_t fired = 0;
        const veloz_status status = veloz_timer_wheel_advance_callback(wheel, now, &trampoline<F>, &on_fire, &fired);
        if (status != VELOZ_OK)
            veloz_check(status, "veloz_timer_wheel_advance_callback");
        return fired;
    }
};

// The same wheel with a 100 us tick, the clock's step: every advance crosses exactly one tick.
struct veloz_wheel_fine : veloz_wheel {
    static constexpr const char* label = "veloz timer_wheel tick 100us";
    veloz_wheel_fine() : veloz_wheel(step_ns) {}
};

// No queue at all, for the cancel workload only (nothing fires there): what the script itself costs per operation
// (its random draws and its handle, deadline and cancel tables), the same in every row.
struct harness_only {
    static constexpr const char* label = "script only (no queue)";
    std::uint64_t next_id = 1;
    std::uint64_t schedule(std::int64_t deadline, std::uint64_t payload) {
        benchmark::DoNotOptimize(deadline);
        benchmark::DoNotOptimize(payload);
        return next_id++;
    }
    bool cancel(std::uint64_t id) {
        benchmark::DoNotOptimize(id);
        return true;
    }
    template <class F>
    std::int64_t advance(std::int64_t now, F&) {
        benchmark::DoNotOptimize(now);
        return 0;
    }
};

// Ids for the peers: slot | generation << 32, a vector of slots with a free list; a generation changes when its
// timer fires or is cancelled, so a stale id is refused.
template <class Extra>
struct slot_table {
    struct slot {
        std::uint32_t generation = 1;
        bool live = false;
        Extra extra{};
    };
    std::vector<slot> slots;
    std::vector<std::uint32_t> free_slots;

    std::uint32_t take() {
        std::uint32_t index;
        if (free_slots.empty()) {
            index = static_cast<std::uint32_t>(slots.size());
            slots.emplace_back();
        } else {
            index = free_slots.back();
            free_slots.pop_back();
        }
        slots[index].live = true;
        return index;
    }
    std::uint64_t id(std::uint32_t index) const { return static_cast<std::uint64_t>(slots[index].generation) << 32 | index; }
    slot* find(std::uint64_t id) {
        const auto index = static_cast<std::uint32_t>(id);
        if (index >= slots.size())
            return nullptr;
        slot& s = slots[index];
        return s.live && s.generation == static_cast<std::uint32_t>(id >> 32) ? &s : nullptr;
    }
    void release(std::uint32_t index) {
        slots[index].live = false;
        ++slots[index].generation;
        free_slots.push_back(index);
    }
};

struct multimap_queue {
    static constexpr const char* label = "std::multimap";
    struct value {
        std::uint64_t payload;
        std::uint32_t slot;
    };
    using map_type = std::multimap<std::int64_t, value>;
    map_type map;
    slot_table<map_type::iterator> table;

    std::uint64_t schedule(std::int64_t deadline, std::uint64_t payload) {
        const std::uint32_t slot = table.take();
        // multimap::emplace puts an equal key after the others: ties fire in scheduling order, as the wheel's.
        table.slots[slot].extra = map.emplace(deadline, value{payload, slot});
        return table.id(slot);
    }
    bool cancel(std::uint64_t id) {
        auto* s = table.find(id);
        if (s == nullptr)
            return false;
        map.erase(s->extra);
        table.release(static_cast<std::uint32_t>(id));
        return true;
    }
    template <class F>
    std::int64_t advance(std::int64_t now, F& on_fire) {
        std::int64_t fired = 0;
        while (!map.empty()) {
            const auto first = map.begin();
            if (first->first > now)
                break;
            on_fire(first->second.payload, first->first);
            table.release(first->second.slot);
            map.erase(first);
            ++fired;
        }
        return fired;
    }
};

struct heap_entry {
    std::int64_t deadline;
    std::uint64_t sequence; // ties fire in scheduling order
    std::uint64_t payload;
    std::uint64_t id;
};
struct later {
    bool operator()(const heap_entry& a, const heap_entry& b) const {
        return a.deadline != b.deadline ? a.deadline > b.deadline : a.sequence > b.sequence;
    }
};

struct lazy_priority_queue {
    static constexpr const char* label = "std::priority_queue lazy";
    std::priority_queue<heap_entry, std::vector<heap_entry>, later> heap;
    slot_table<char> table;
    std::uint64_t sequence = 0;

    std::uint64_t schedule(std::int64_t deadline, std::uint64_t payload) {
        const std::uint64_t id = table.id(table.take());
        heap.push(heap_entry{deadline, sequence++, payload, id});
        return id;
    }
    bool cancel(std::uint64_t id) {
        if (table.find(id) == nullptr)
            return false;
        table.release(static_cast<std::uint32_t>(id)); // the entry stays in the heap, now stale
        return true;
    }
    template <class F>
    std::int64_t advance(std::int64_t now, F& on_fire) {
        std::int64_t fired = 0;
        while (!heap.empty() && heap.top().deadline <= now) {
            const heap_entry e = heap.top();
            heap.pop();
            if (table.find(e.id) == nullptr)
                continue; // cancelled
            on_fire(e.payload, e.deadline);
            table.release(static_cast<std::uint32_t>(e.id));
            ++fired;
        }
        return fired;
    }
};

using boost_dary_heap = boost::heap::d_ary_heap<heap_entry, boost::heap::arity<4>, boost::heap::mutable_<true>, boost::heap::compare<later>>;
using boost_pairing_heap = boost::heap::pairing_heap<heap_entry, boost::heap::compare<later>>;

template <class Heap>
struct boost_heap_queue {
    Heap heap;
    slot_table<typename Heap::handle_type> table;
    std::uint64_t sequence = 0;

    std::uint64_t schedule(std::int64_t deadline, std::uint64_t payload) {
        const std::uint32_t slot = table.take();
        table.slots[slot].extra = heap.push(heap_entry{deadline, sequence++, payload, slot});
        return table.id(slot);
    }
    bool cancel(std::uint64_t id) {
        auto* s = table.find(id);
        if (s == nullptr)
            return false;
        heap.erase(s->extra);
        table.release(static_cast<std::uint32_t>(id));
        return true;
    }
    template <class F>
    std::int64_t advance(std::int64_t now, F& on_fire) {
        std::int64_t fired = 0;
        while (!heap.empty() && heap.top().deadline <= now) {
            const heap_entry e = heap.top();
            heap.pop();
            on_fire(e.payload, e.deadline);
            table.release(static_cast<std::uint32_t>(e.id));
            ++fired;
        }
        return fired;
    }
};
struct boost_dary : boost_heap_queue<boost_dary_heap> {
    static constexpr const char* label = "boost d_ary_heap<4> mutable";
};
struct boost_pairing : boost_heap_queue<boost_pairing_heap> {
    static constexpr const char* label = "boost pairing_heap";
};

// ---- the workload: one script, driven the same way through every contender -------------------------------------

struct fixture_base {
    virtual ~fixture_base() = default;
};

template <class Queue>
struct harness : fixture_base {
    Queue queue;
    std::uint64_t cancel_threshold;
    // By handle (the payload): the contender's id and the deadline it was given.
    std::vector<std::uint64_t> ids;
    std::vector<std::int64_t> deadlines;
    std::vector<std::uint32_t> free_handles;
    // By step: the handles cancelled in it, and how many timers fall due in it.
    std::vector<std::vector<std::uint32_t>> cancels = std::vector<std::vector<std::uint32_t>>(ring_steps);
    std::vector<std::int64_t> due = std::vector<std::int64_t>(ring_steps);
    std::int64_t now = start_ns;
    std::uint64_t step = static_cast<std::uint64_t>(start_ns / step_ns);
    double schedules_per_step = 0;
    double carry = 0;
    rng random;
    std::int64_t last_deadline = std::numeric_limits<std::int64_t>::min();
    std::uint64_t last_fired_id = 0;
    // Totals since the steady state was built.
    std::uint64_t ops = 0, scheduled = 0, cancelled = 0, fired = 0;
    std::int64_t live = 0;
    std::uint64_t fired_hash = 1469598103934665603ull;

    harness(std::int64_t n, int cancel_percent, std::uint64_t script_seed) : random{script_seed} {
        cancel_threshold = static_cast<std::uint64_t>(cancel_percent) * (std::uint64_t{1} << 32) / 100;
        // The schedule rate that keeps n timers live: n / mean lifetime (until fired or cancelled), in steps.
        rng sample{script_seed ^ 0xA5A5A5A5A5A5A5A5ull};
        double lifetime = 0;
        constexpr int samples = 200'000;
        for (int i = 0; i < samples; ++i) {
            const timer_draw t = draw(sample, cancel_threshold);
            lifetime += static_cast<double>(t.cancelled ? t.cancel_delay : t.delay);
        }
        schedules_per_step = static_cast<double>(n) / (lifetime / samples / step_ns);
        prefill(n, script_seed ^ 0x5A5A5A5A5A5A5A5Aull);
    }

    std::uint32_t new_handle() {
        if (free_handles.empty()) {
            ids.push_back(0);
            deadlines.push_back(0);
            return static_cast<std::uint32_t>(ids.size() - 1);
        }
        const std::uint32_t h = free_handles.back();
        free_handles.pop_back();
        return h;
    }

    // The steady state: every timer whose deadline lies ahead of now, scheduled at a time that is uniform over its
    // timeout (timers sampled in proportion to their timeout, by rejection); those already cancelled by now are
    // scheduled and cancelled (only the lazy heap keeps a trace of them).
    void prefill(std::int64_t n, std::uint64_t prefill_seed) {
        rng r{prefill_seed};
        std::vector<std::uint32_t> dead;
        std::int64_t live_now = 0;
        while (live_now < n) {
            const timer_draw t = draw(r, cancel_threshold);
            const auto age = static_cast<std::int64_t>(r.uniform() * static_cast<double>(longest_timeout_ns));
            if (age >= t.delay)
                continue;
            const std::int64_t deadline = now - age + t.delay;
            const std::uint32_t h = new_handle();
            ids[h] = queue.schedule(deadline, h);
            deadlines[h] = deadline;
            if (t.cancelled) {
                const std::int64_t cancel_at = now - age + t.cancel_delay;
                if (cancel_at <= now) {
                    dead.push_back(h);
                    continue;
                }
                cancels[step_of(cancel_at) & ring_mask].push_back(h);
            } else {
                ++due[step_of(deadline) & ring_mask];
            }
            ++live_now;
        }
        for (const std::uint32_t h : dead) {
            if (!queue.cancel(ids[h]))
                fail(std::string(Queue::label) + ": prefill cancel of a live timer failed");
            free_handles.push_back(h);
        }
        live = live_now;
    }

    void run_step() {
        ++step;
        now += step_ns;
        std::vector<std::uint32_t>& cancelling = cancels[step & ring_mask];
        for (const std::uint32_t h : cancelling) {
            if (!queue.cancel(ids[h]))
                fail(std::string(Queue::label) + ": cancel of a live timer failed");
            free_handles.push_back(h);
        }
        const std::size_t cancels_now = cancelling.size();
        cancelling.clear();
        carry += schedules_per_step;
        const auto count = static_cast<std::uint64_t>(carry);
        carry -= static_cast<double>(count);
        for (std::uint64_t i = 0; i < count; ++i) {
            const timer_draw t = draw(random, cancel_threshold);
            const std::uint32_t h = new_handle();
            const std::int64_t deadline = now + t.delay;
            ids[h] = queue.schedule(deadline, h);
            deadlines[h] = deadline;
            if (t.cancelled)
                cancels[step_of(now + t.cancel_delay) & ring_mask].push_back(h);
            else
                ++due[step_of(deadline) & ring_mask];
        }
        auto on_fire = [this](std::uint64_t payload, std::int64_t deadline) {
            if (payload >= deadlines.size() || deadline != deadlines[payload] || deadline > now || deadline < last_deadline)
                fail(std::string(Queue::label) + ": a timer fired late, early, out of order or with a wrong deadline");
            last_deadline = deadline;
            last_fired_id = ids[payload];
            fired_hash = (fired_hash ^ (payload * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(deadline))) * 1099511628211ull;
            free_handles.push_back(static_cast<std::uint32_t>(payload));
        };
        const std::int64_t fired_now = queue.advance(now, on_fire);
        std::int64_t& expected = due[step & ring_mask];
        if (fired_now != expected)
            fail(std::string(Queue::label) + ": " + std::to_string(fired_now) + " timers fired at step " + std::to_string(step) +
                 ", the script made " + std::to_string(expected) + " due");
        expected = 0;
        ops += count + cancels_now + static_cast<std::uint64_t>(fired_now);
        scheduled += count;
        cancelled += cancels_now;
        fired += static_cast<std::uint64_t>(fired_now);
        live += static_cast<std::int64_t>(count) - static_cast<std::int64_t>(cancels_now) - fired_now;
    }
};

// One row's steady state lives across its runs (Google Benchmark calls the function again for every repetition):
// built at the row's first run, dropped when the next row starts.
std::unique_ptr<fixture_base>& current_fixture() {
    static std::unique_ptr<fixture_base> fixture;
    return fixture;
}
std::string& current_key() {
    static std::string key;
    return key;
}

template <class Queue>
void BM_timers(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    const int cancel_percent = static_cast<int>(state.range(1));
    const std::string key = std::string(Queue::label) + "/" + std::to_string(n) + "/" + std::to_string(cancel_percent);
    if (current_key() != key) {
        current_fixture().reset();
        current_key().clear();
        current_fixture() = std::make_unique<harness<Queue>>(n, cancel_percent, seed);
        current_key() = key;
    }
    auto& h = static_cast<harness<Queue>&>(*current_fixture());
    const std::uint64_t ops_before = h.ops;
    const std::uint64_t steps_before = h.step;
    for (auto _ : state)
        h.run_step();
    state.counters["ns_per_op"] = benchmark::Counter(static_cast<double>(h.ops - ops_before), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["ops_per_step"] = static_cast<double>(h.ops - ops_before) / static_cast<double>(std::max<std::uint64_t>(1, h.step - steps_before));
    state.counters["live"] = static_cast<double>(h.live);
}

void BM_empty_call(benchmark::State& state) {
    for (auto _ : state)
        for (int i = 0; i < 1000; ++i)
            benchmark::DoNotOptimize(veloz_version());
    state.counters["ns_per_op"] = benchmark::Counter(1000, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// The ABI's own costs, for reading the rows above: a schedule and its cancel with no advance between (the timer in
// the current level-0 slot's neighbourhood), and an advance of 100 us that finds nothing due (1,000 timers an hour
// ahead; one call in ten crosses a 1 ms tick).
void BM_veloz_schedule_cancel(benchmark::State& state) {
    veloz_wheel w;
    std::int64_t deadline = start_ns + 50'000'000;
    for (auto _ : state)
        for (int i = 0; i < 1000; ++i) {
            const std::uint64_t id = w.schedule(deadline + i * 997, static_cast<std::uint64_t>(i));
            if (!w.cancel(id))
                fail("veloz_timer_wheel_cancel of a live timer failed");
        }
    state.counters["ns_per_op"] = benchmark::Counter(2000, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_veloz_idle_advance(benchmark::State& state) {
    veloz_wheel w;
    for (int i = 0; i < 1000; ++i)
        (void)w.schedule(start_ns + 3'600'000'000'000 + i * 1'000'003, static_cast<std::uint64_t>(i));
    std::int64_t now = start_ns;
    veloz_timer_expiry expiry[16];
    for (auto _ : state)
        for (int i = 0; i < 1000; ++i) {
            std::int32_t written = 0;
            now += step_ns;
            (void)veloz_timer_wheel_advance(w.wheel, now, expiry, 16, &written);
            if (written != 0)
                fail("an idle advance fired a timer");
        }
    state.counters["ns_per_op"] = benchmark::Counter(1000, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// What one miss to memory costs on this machine, for reading the 1M rows: a pointer chase through 1M cache lines
// (64 MB, a random cycle), so every load waits for the one before. A cancel of one timer among 1M touches at least
// one line that is not in any cache (the timer's own), whatever the structure; a 1M row costs about the 1k row plus
// the misses of the operation, which no layout can make flat.
void BM_memory_miss(benchmark::State& state) {
    struct alignas(64) line {
        std::uint32_t next;
        char pad[60];
    };
    static const std::vector<line> lines = [] {
        constexpr std::uint32_t count = 1u << 20;
        std::vector<line> v(count);
        std::vector<std::uint32_t> order(count);
        for (std::uint32_t i = 0; i < count; ++i)
            order[i] = i;
        rng r{seed};
        for (std::uint32_t i = count - 1; i > 0; --i) // Sattolo: one cycle through every line
            std::swap(order[i], order[r.next() % i]);
        for (std::uint32_t i = 0; i < count; ++i)
            v[order[i]].next = order[(i + 1) % count];
        return v;
    }();
    std::uint32_t at = 0;
    for (auto _ : state)
        for (int i = 0; i < 1000; ++i)
            at = lines[at].next;
    benchmark::DoNotOptimize(at);
    state.counters["ns_per_op"] = benchmark::Counter(1000, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// ---- the cross-check: one script per workload through every contender -----------------------------------------

struct script_result {
    std::string label;
    std::uint64_t scheduled, cancelled, fired, hash;
};

template <class Queue>
script_result run_script(std::int64_t n, int cancel_percent, int steps) {
    harness<Queue> h(n, cancel_percent, seed ^ 0xC0FFEEull);
    for (int i = 0; i < steps; ++i)
        h.run_step();
    if (h.last_fired_id != 0 && h.queue.cancel(h.last_fired_id))
        fail(std::string(Queue::label) + ": cancelling a timer that already fired succeeded");
    if constexpr (std::is_base_of_v<veloz_wheel, Queue>) {
        if (h.last_fired_id != 0 && veloz_timer_wheel_cancel(h.queue.wheel, h.last_fired_id) != VELOZ_E_NOT_FOUND)
            fail("veloz_timer_wheel_cancel of a fired id did not return VELOZ_E_NOT_FOUND");
        const veloz_timer_wheel_stats s = h.queue.stats();
        if (s.active != h.live || static_cast<std::uint64_t>(s.fired) != h.fired || s.pending != 0 || s.now_ns != h.now)
            fail("veloz_timer_wheel_get_stats disagrees with the script (active " + std::to_string(s.active) + " vs " +
                 std::to_string(h.live) + ", fired " + std::to_string(s.fired) + " vs " + std::to_string(h.fired) + ")");
    }
    return {Queue::label, h.scheduled, h.cancelled, h.fired, h.fired_hash};
}

void cross_check() {
    for (const int cancel_percent : {100, 0, 70}) {
        constexpr std::int64_t n = 20'000;
        constexpr int steps = 5'000; // 0.5 s of the clock
        const std::vector<script_result> results = {
            run_script<veloz_wheel>(n, cancel_percent, steps),
            run_script<veloz_wheel_callback>(n, cancel_percent, steps),
            run_script<veloz_wheel_fine>(n, cancel_percent, steps),
            run_script<multimap_queue>(n, cancel_percent, steps),
            run_script<lazy_priority_queue>(n, cancel_percent, steps),
            run_script<boost_dary>(n, cancel_percent, steps),
            run_script<boost_pairing>(n, cancel_percent, steps),
        };
        for (const script_result& r : results)
            if (r.fired != results[0].fired || r.hash != results[0].hash || r.cancelled != results[0].cancelled)
                fail("cross-check, " + std::to_string(cancel_percent) + "% cancelled: " + r.label + " fired " + std::to_string(r.fired) +
                     " timers (order hash " + std::to_string(r.hash) + "), " + results[0].label + " fired " +
                     std::to_string(results[0].fired) + " (order hash " + std::to_string(results[0].hash) + ")");
        std::printf("cross-check, %3d%% cancelled, %lld live, %d steps: %zu contenders agree: %llu scheduled, %llu cancelled, %llu fired in the same order\n",
                    cancel_percent, static_cast<long long>(n), steps, results.size(), static_cast<unsigned long long>(results[0].scheduled),
                    static_cast<unsigned long long>(results[0].cancelled), static_cast<unsigned long long>(results[0].fired));
    }
}

// ---- registration and the tables ----------------------------------------------------------------------------------

struct row {
    std::string shape; // cancel, fire, mixed, floor
    std::string size;  // 1k, 100k, 1M
    std::string label;
    std::string name;
};

std::vector<row>& rows() {
    static std::vector<row> all;
    return all;
}

const char* const shapes[] = {"cancel", "fire", "mixed"};
const char* const sizes[] = {"1k", "100k", "1M"};
const char* const ours = veloz_wheel::label;

void add(const std::string& shape, const std::string& size, const std::string& label, void (*function)(benchmark::State&),
         std::int64_t n, int cancel_percent) {
    const std::string name = shape + "/" + size + "/" + label;
    auto* benchmark = benchmark::RegisterBenchmark(name.c_str(), function)
                          ->Args({n, cancel_percent})
                          ->Unit(benchmark::kMicrosecond)
                          ->Repetitions(repetitions)
                          ->ReportAggregatesOnly(true);
    benchmark->ComputeStatistics("min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); });
    rows().push_back({shape, size, label, name});
}

void add_all() {
    const std::int64_t counts[] = {1'000, 100'000, 1'000'000};
    const int cancel_percents[] = {100, 0, 70};
    for (int s = 0; s < 3; ++s)
        for (int z = 0; z < 3; ++z) {
            const std::int64_t n = counts[z];
            const int c = cancel_percents[s];
            add(shapes[s], sizes[z], veloz_wheel::label, BM_timers<veloz_wheel>, n, c);
            add(shapes[s], sizes[z], veloz_wheel_callback::label, BM_timers<veloz_wheel_callback>, n, c);
            add(shapes[s], sizes[z], veloz_wheel_fine::label, BM_timers<veloz_wheel_fine>, n, c);
            add(shapes[s], sizes[z], multimap_queue::label, BM_timers<multimap_queue>, n, c);
            add(shapes[s], sizes[z], lazy_priority_queue::label, BM_timers<lazy_priority_queue>, n, c);
            add(shapes[s], sizes[z], boost_dary::label, BM_timers<boost_dary>, n, c);
            add(shapes[s], sizes[z], boost_pairing::label, BM_timers<boost_pairing>, n, c);
            if (c == 100)
                add(shapes[s], sizes[z], harness_only::label, BM_timers<harness_only>, n, c);
        }
    add("floor", "-", "empty call (veloz_version)", BM_empty_call, 0, 0);
    add("floor", "-", "veloz schedule + cancel, per call", BM_veloz_schedule_cancel, 0, 0);
    add("floor", "-", "veloz advance 100 us, nothing due", BM_veloz_idle_advance, 0, 0);
    add("floor", "-", "one miss to memory (64 MB chase)", BM_memory_miss, 0, 0);
}

class timer_reporter : public bench::ratio_reporter {
public:
    timer_reporter() : ratio_reporter("ns_per_op", "min") {}

    void Finalize() override {
        ConsoleReporter::Finalize();
        current_fixture().reset();
        std::printf("\nNanoseconds per operation (schedule, cancel or fire; the advances' cost spread over them), best of %d repetitions,\n"
                    "same run, %ld CPUs online (load average now: %s). Clock steps of 100 us; timeouts 1-100 ms (90%%) and 100 ms-1 s (10%%).\n"
                    "Ratio column: VeloZ timer_wheel's time / the row's time (< 1: VeloZ is faster).\n",
                    repetitions, sysconf(_SC_NPROCESSORS_ONLN), bench::load_average().c_str());
        const char* what[] = {"schedule + cancel, every timer cancelled before it fires", "schedule + fire, no timer cancelled",
                              "mixed, 70% cancelled before they fire, 30% fire"};
        for (int s = 0; s < 3; ++s)
            for (const char* size : sizes)
                table(shapes[s], size, what[s]);
        table("floor", "-", "the ABI's own costs (per call), and one miss to memory");
        summary();
        std::fflush(stdout);
    }

private:
    const double* ns(const std::string& shape, const std::string& size, const std::string& label) const {
        for (const row& r : rows())
            if (r.shape == shape && r.size == size && r.label == label)
                for (const auto& [run_name, value] : values())
                    // The run's name is the row's name and then "/<args>...": match up to that slash, so that
                    // "veloz timer_wheel" does not also match "veloz timer_wheel callback".
                    if (run_name.compare(0, r.name.size() + 1, r.name + "/") == 0)
                        return &value;
        return nullptr;
    }

    void table(const std::string& shape, const std::string& size, const char* what) const {
        const double* mine = ns(shape, size, ours);
        bool header = false;
        for (const row& r : rows()) {
            if (r.shape != shape || r.size != size)
                continue;
            const double* value = ns(shape, size, r.label);
            if (value == nullptr)
                continue;
            if (!header) {
                if (size == "-")
                    std::printf("\n  %s: %s\n    %-36s %12s\n", shape.c_str(), what, "", "ns/call");
                else
                    std::printf("\n  %s, %s live: %s\n    %-36s %12s  %12s\n", shape.c_str(), size.c_str(), what, "", "ns/op", "veloz / row");
                header = true;
            }
            std::printf("    %-36s %12.2f", r.label.c_str(), *value * 1e9);
            if (mine != nullptr)
                std::printf("  %11.2fx", *mine / *value);
            std::printf("\n");
        }
    }

    void summary() const {
        const char* peers[] = {multimap_queue::label, lazy_priority_queue::label, boost_dary::label, boost_pairing::label};
        std::printf("\nRatios, VeloZ timer_wheel's time / the peer's (< 1: VeloZ is faster)\n  %-14s", "");
        for (const char* peer : peers)
            std::printf(" %28s", peer);
        std::printf("\n");
        for (const char* shape : shapes)
            for (const char* size : sizes) {
                const double* mine = ns(shape, size, ours);
                if (mine == nullptr)
                    continue;
                std::printf("  %-14s", (std::string(shape) + "/" + size).c_str());
                for (const char* peer : peers) {
                    const double* theirs = ns(shape, size, peer);
                    if (theirs == nullptr)
                        std::printf(" %28s", "-");
                    else
                        std::printf(" %27.2fx", *mine / *theirs);
                }
                std::printf("\n");
            }
    }
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    const std::uint32_t version = veloz_version();
    if ((version >> 16) != VELOZ_VERSION_MAJOR) {
        std::fprintf(stderr, "veloz_timer_bench: libveloz %u.x, this program was built against %d.x\n", version >> 16, VELOZ_VERSION_MAJOR);
        return 1;
    }
    std::printf("libveloz %u.%u.%u; peers: std::multimap, std::priority_queue (lazy cancel), boost.heap d_ary_heap and pairing_heap; "
                "load average: %s\n",
                version >> 16, (version >> 8) & 0xFF, version & 0xFF, bench::load_average().c_str());
    cross_check();
    add_all();
    timer_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    current_fixture().reset();
    benchmark::Shutdown();
    return 0;
}
