// queue_peers: VeloZ's queues (through veloz.hpp, i.e. the C ABI of libveloz.so) and the C++ queues a user
// would otherwise include, behind one small interface for the throughput and latency benchmarks:
//
//   Queue q(capacity);
//   bool q.try_push(const T&);   bool q.try_pop(T&);          // never block
//   std::size_t q.push_batch(const T*, n);  std::size_t q.pop_batch(T*, n)   // only where has_batch
//
// Every queue is bounded at (about) `capacity` records and allocates nothing on push/pop after construction
// (the moodycamel ConcurrentQueue uses try_enqueue, which never allocates, on blocks preallocated for the
// capacity). Peers: boost::lockfree::spsc_queue and ::queue (libboost-dev), moodycamel::ReaderWriterQueue
// (libreaderwriterqueue-dev), moodycamel::ConcurrentQueue (libconcurrentqueue-dev, with producer and consumer
// tokens: its fast path), tbb::concurrent_bounded_queue (libtbb-dev), and std::mutex + std::deque.
#ifndef VELOZ_BENCH_QUEUE_PEERS_HPP
#define VELOZ_BENCH_QUEUE_PEERS_HPP

#include <veloz.hpp>

#include "load_average.hpp"

#include <boost/lockfree/queue.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <readerwriterqueue/readerwriterqueue.h>
#include <tbb/concurrent_queue.h>

#include <sched.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace bench {

/// An 8-byte record.
struct record8 {
    std::uint64_t seq;
};

/// A 64-byte record, the size of a book event.
struct record64 {
    std::uint64_t seq;
    std::uint64_t payload[7];
};

static_assert(sizeof(record8) == 8 && sizeof(record64) == 64, "record sizes");

template <class T>
T make_record(std::uint64_t seq) noexcept {
    T r{};
    r.seq = seq;
    return r;
}

// ---- VeloZ -----------------------------------------------------------------------------------------------------

template <class T>
class veloz_spsc_queue {
public:
    static constexpr const char* name = "veloz::spsc_queue";
    static constexpr bool has_batch = true;
    static constexpr bool multi_producer = false;
    explicit veloz_spsc_queue(std::size_t capacity)
        : queue_(veloz::queue_config{static_cast<std::int32_t>(capacity), VELOZ_WAIT_STRATEGY_BUSY_SPIN}) {}
    bool try_push(const T& value) { return queue_.try_push(value); }
    bool try_pop(T& out) { return queue_.try_pop(out) == veloz::queue_status::ok; }
    std::size_t push_batch(const T* values, std::size_t count) { return queue_.push_batch(veloz::span<const T>(values, count)); }
    std::size_t pop_batch(T* out, std::size_t count) { return queue_.pop_batch(veloz::span<T>(out, count)); }
    veloz::spsc_queue<T>& native() noexcept { return queue_; }

private:
    veloz::spsc_queue<T> queue_;
};

template <class T>
class veloz_mpmc_queue {
public:
    static constexpr const char* name = "veloz::mpmc_queue";
    static constexpr bool has_batch = true;
    static constexpr bool multi_producer = true;
    explicit veloz_mpmc_queue(std::size_t capacity)
        : queue_(veloz::queue_config{static_cast<std::int32_t>(capacity), VELOZ_WAIT_STRATEGY_BUSY_SPIN}) {}
    bool try_push(const T& value) { return queue_.try_push(value); }
    bool try_pop(T& out) { return queue_.try_pop(out) == veloz::queue_status::ok; }
    std::size_t push_batch(const T* values, std::size_t count) { return queue_.push_batch(veloz::span<const T>(values, count)); }
    std::size_t pop_batch(T* out, std::size_t count) { return queue_.pop_batch(veloz::span<T>(out, count)); }

private:
    veloz::mpmc_queue<T> queue_;
};

// The same queue called through the C functions directly (veloz_spsc_push / veloz_spsc_pop on the native handle),
// to show what veloz.hpp adds to a call: nothing measurable.
template <class T>
class veloz_spsc_c_api {
public:
    static constexpr const char* name = "veloz_spsc_* (C API)";
    static constexpr bool has_batch = true;
    static constexpr bool multi_producer = false;
    explicit veloz_spsc_c_api(std::size_t capacity)
        : queue_(veloz::queue_config{static_cast<std::int32_t>(capacity), VELOZ_WAIT_STRATEGY_BUSY_SPIN}), handle_(queue_.native_handle()) {}
    bool try_push(const T& value) { return veloz_spsc_push(handle_, &value) == VELOZ_OK; }
    bool try_pop(T& out) { return veloz_spsc_pop(handle_, &out) == VELOZ_OK; }
    std::size_t push_batch(const T* values, std::size_t count) {
        std::int32_t pushed = 0;
        (void)veloz_spsc_push_batch(handle_, values, static_cast<std::int32_t>(count), &pushed);
        return static_cast<std::size_t>(pushed);
    }
    std::size_t pop_batch(T* out, std::size_t count) {
        std::int32_t popped = 0;
        (void)veloz_spsc_pop_batch(handle_, out, static_cast<std::int32_t>(count), &popped);
        return static_cast<std::size_t>(popped);
    }

private:
    veloz::spsc_queue<T> queue_;
    veloz_spsc* handle_;
};

// ---- SPSC peers ---------------------------------------------------------------------------------------------------

template <class T>
class boost_spsc {
public:
    static constexpr const char* name = "boost::lockfree::spsc_queue";
    static constexpr bool has_batch = true;
    static constexpr bool multi_producer = false;
    // The ring keeps one slot free: ask for capacity + 1 so it holds `capacity` records like the others.
    explicit boost_spsc(std::size_t capacity) : queue_(capacity + 1) {}
    bool try_push(const T& value) { return queue_.push(value); }
    bool try_pop(T& out) { return queue_.pop(out); }
    std::size_t push_batch(const T* values, std::size_t count) { return queue_.push(values, count); }
    std::size_t pop_batch(T* out, std::size_t count) { return queue_.pop(out, count); }

private:
    boost::lockfree::spsc_queue<T> queue_;
};

template <class T>
class moodycamel_rwq {
public:
    static constexpr const char* name = "moodycamel::ReaderWriterQueue";
    static constexpr bool has_batch = false;
    static constexpr bool multi_producer = false;
    explicit moodycamel_rwq(std::size_t capacity) : queue_(capacity) {}
    bool try_push(const T& value) { return queue_.try_enqueue(value); } // try_: never allocates a new block
    bool try_pop(T& out) { return queue_.try_dequeue(out); }
    std::size_t push_batch(const T*, std::size_t) { return 0; }
    std::size_t pop_batch(T*, std::size_t) { return 0; }

private:
    moodycamel::ReaderWriterQueue<T> queue_;
};

// ---- MPMC peers (also run in the SPSC rows: what a user reaching for a general queue would get) ----------------

// moodycamel::ConcurrentQueue through tokens (its fast path). A token belongs to one thread; the adapter keeps
// one producer and one consumer token per thread slot (`thread` 0..3, chosen by the caller), made by that thread
// at its first call: a producer token that is never used would still be an (empty) sub-queue for every consumer
// to scan.
template <class T>
class moodycamel_cq {
public:
    static constexpr const char* name = "moodycamel::ConcurrentQueue";
    static constexpr bool has_batch = true;
    static constexpr bool multi_producer = true;
    static constexpr std::size_t max_threads = 4;
    // Blocks of 32 records: room for `capacity` plus a partly used block per producer.
    explicit moodycamel_cq(std::size_t capacity) : queue_(capacity + max_threads * 32 * 2) {}
    bool try_push(const T& value, std::size_t thread = 0) { return queue_.try_enqueue(producer(thread), value); }
    bool try_pop(T& out, std::size_t thread = 0) { return queue_.try_dequeue(consumer(thread), out); }
    std::size_t push_batch(const T* values, std::size_t count, std::size_t thread = 0) {
        // All or nothing in moodycamel: try a smaller run when the whole one does not fit.
        moodycamel::ProducerToken& token = producer(thread);
        while (count > 0 && !queue_.try_enqueue_bulk(token, values, count))
            count /= 2;
        return count;
    }
    std::size_t pop_batch(T* out, std::size_t count, std::size_t thread = 0) {
        return queue_.try_dequeue_bulk(consumer(thread), out, count);
    }

private:
    moodycamel::ProducerToken& producer(std::size_t thread) {
        if (!producers_[thread])
            producers_[thread].emplace(queue_);
        return *producers_[thread];
    }
    moodycamel::ConsumerToken& consumer(std::size_t thread) {
        if (!consumers_[thread])
            consumers_[thread].emplace(queue_);
        return *consumers_[thread];
    }

    moodycamel::ConcurrentQueue<T> queue_;
    std::optional<moodycamel::ProducerToken> producers_[max_threads];
    std::optional<moodycamel::ConsumerToken> consumers_[max_threads];
};

template <class T>
class boost_queue {
public:
    static constexpr const char* name = "boost::lockfree::queue";
    static constexpr bool has_batch = false;
    static constexpr bool multi_producer = true;
    explicit boost_queue(std::size_t capacity) : queue_(capacity) {}
    bool try_push(const T& value) { return queue_.bounded_push(value); } // bounded_: uses the preallocated nodes only
    bool try_pop(T& out) { return queue_.pop(out); }
    std::size_t push_batch(const T*, std::size_t) { return 0; }
    std::size_t pop_batch(T*, std::size_t) { return 0; }

private:
    boost::lockfree::queue<T> queue_;
};

template <class T>
class tbb_bounded {
public:
    static constexpr const char* name = "tbb::concurrent_bounded_queue";
    static constexpr bool has_batch = false;
    static constexpr bool multi_producer = true;
    explicit tbb_bounded(std::size_t capacity) { queue_.set_capacity(static_cast<std::ptrdiff_t>(capacity)); }
    bool try_push(const T& value) { return queue_.try_push(value); }
    bool try_pop(T& out) { return queue_.try_pop(out); }
    std::size_t push_batch(const T*, std::size_t) { return 0; }
    std::size_t pop_batch(T*, std::size_t) { return 0; }

private:
    tbb::concurrent_bounded_queue<T> queue_;
};

template <class T>
class mutex_deque {
public:
    static constexpr const char* name = "std::mutex + std::deque";
    static constexpr bool has_batch = false;
    static constexpr bool multi_producer = true;
    explicit mutex_deque(std::size_t capacity) : capacity_(capacity) {}
    bool try_push(const T& value) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (deque_.size() >= capacity_)
            return false;
        deque_.push_back(value);
        return true;
    }
    bool try_pop(T& out) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (deque_.empty())
            return false;
        out = deque_.front();
        deque_.pop_front();
        return true;
    }
    std::size_t push_batch(const T*, std::size_t) { return 0; }
    std::size_t pop_batch(T*, std::size_t) { return 0; }

private:
    std::mutex mutex_;
    std::deque<T> deque_;
    std::size_t capacity_;
};

// Calls with a thread slot for the queues that keep per-thread state (moodycamel tokens), plain calls otherwise.
template <class Queue, class T>
bool push_as(Queue& queue, const T& value, std::size_t) {
    return queue.try_push(value);
}
template <class T>
bool push_as(moodycamel_cq<T>& queue, const T& value, std::size_t thread) {
    return queue.try_push(value, thread);
}
template <class Queue, class T>
bool pop_as(Queue& queue, T& out, std::size_t) {
    return queue.try_pop(out);
}
template <class T>
bool pop_as(moodycamel_cq<T>& queue, T& out, std::size_t thread) {
    return queue.try_pop(out, thread);
}
template <class Queue, class T>
std::size_t push_batch_as(Queue& queue, const T* values, std::size_t count, std::size_t) {
    return queue.push_batch(values, count);
}
template <class T>
std::size_t push_batch_as(moodycamel_cq<T>& queue, const T* values, std::size_t count, std::size_t thread) {
    return queue.push_batch(values, count, thread);
}
template <class Queue, class T>
std::size_t pop_batch_as(Queue& queue, T* out, std::size_t count, std::size_t) {
    return queue.pop_batch(out, count);
}
template <class T>
std::size_t pop_batch_as(moodycamel_cq<T>& queue, T* out, std::size_t count, std::size_t thread) {
    return queue.pop_batch(out, count, thread);
}

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/// How every contender waits for the other thread: spin with `pause`, and after ~1,000 misses in a row (tens of
/// microseconds) give the core up once, so that a row survives another process taking one of the two cores
/// instead of spinning out its time slice. On a quiet machine the yield never happens in steady state.
inline void backoff(unsigned& spins) noexcept {
    if (++spins < 1024) {
        cpu_relax();
    } else {
        spins = 0;
        sched_yield();
    }
}

} // namespace bench

#endif
