// veloz.hpp: the C++17 binding of libveloz.so. Header-only; every call goes straight through the C ABI
// in veloz.h (generated from src/Interop), so this file adds the C++ idioms and no logic of its own:
//   - move-only RAII owners of the library's handles (histogram, time_sync, book, depth_book, queues, pools,
//     arenas, timer wheels, event loops),
//   - failures as veloz::error, carrying the status code and the library's message,
//   - veloz::clock, a std::chrono clock over the library's TSC clock,
//   - span-like batches so a hot path crosses the ABI once per batch, not once per value.
// Thread contracts are the C functions'; each member says which one applies.
#ifndef VELOZ_HPP
#define VELOZ_HPP

#include "veloz.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__GNUC__) || defined(__clang__)
// The throwing path is cold: keep it out of line so record() and friends inline to a call and a branch.
#define VELOZ_HPP_COLD __attribute__((cold, noinline))
#define VELOZ_HPP_UNLIKELY(condition) __builtin_expect(!!(condition), 0)
#else
#define VELOZ_HPP_COLD
#define VELOZ_HPP_UNLIKELY(condition) (condition)
#endif

namespace veloz {

/// A failed VeloZ call. what() is "<STATUS_NAME>: <message>"; message() is the message alone, as the
/// library wrote it (it names the function and the bad value).
class error : public std::runtime_error {
public:
    /// Builds an error from a status code and its message.
    error(veloz_status status, const std::string& message)
        : std::runtime_error(format(status, message)), status_(status), message_offset_(prefix_length(status)) {}

    /// The status code the call returned, for example VELOZ_E_INVALID_ARGUMENT.
    [[nodiscard]] veloz_status status() const noexcept { return status_; }

    /// The name of the status code, for example "VELOZ_E_INVALID_ARGUMENT".
    [[nodiscard]] const char* status_name() const noexcept { return veloz_status_name(status_); }

    /// The library's message about the failure (what() without the status name).
    [[nodiscard]] const char* message() const noexcept { return what() + message_offset_; }

private:
    static std::size_t prefix_length(veloz_status status) {
        return std::char_traits<char>::length(veloz_status_name(status)) + 2;
    }

    static std::string format(veloz_status status, const std::string& message) {
        std::string text(veloz_status_name(status));
        text += ": ";
        text += message;
        return text;
    }

    veloz_status status_;
    // what() holds "NAME: message"; storing an offset instead of a second std::string keeps the
    // copy constructor noexcept, as exception types should be.
    std::size_t message_offset_;
};

namespace detail {

/// The calling thread's last-error message from the library.
inline std::string last_error_message() {
    char local[256];
    const std::int32_t length = veloz_last_error_message(local, static_cast<std::int32_t>(sizeof local));
    if (length <= 0)
        return std::string();
    if (static_cast<std::size_t>(length) < sizeof local)
        return std::string(local, static_cast<std::size_t>(length));
    std::vector<char> large(static_cast<std::size_t>(length) + 1);
    const std::int32_t copied = veloz_last_error_message(large.data(), static_cast<std::int32_t>(large.size()));
    return std::string(large.data(), static_cast<std::size_t>(copied < length ? copied : length));
}

[[noreturn]] VELOZ_HPP_COLD inline void throw_last_error(veloz_status status) {
    throw error(status, last_error_message());
}

[[noreturn]] VELOZ_HPP_COLD inline void throw_error(veloz_status status, const char* message) {
    throw error(status, message);
}

/// Owns one library handle: destroys it exactly once, moves leave a null (inert) handle behind.
template <class Handle, void (*Destroy)(Handle*)>
class unique_handle {
public:
    unique_handle() noexcept = default;
    explicit unique_handle(Handle* handle) noexcept : handle_(handle) {}
    unique_handle(const unique_handle&) = delete;
    unique_handle& operator=(const unique_handle&) = delete;
    unique_handle(unique_handle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    unique_handle& operator=(unique_handle&& other) noexcept {
        if (this != &other) {
            Destroy(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    // The C destroy functions accept NULL, so a moved-from owner needs no branch here.
    ~unique_handle() { Destroy(handle_); }

    [[nodiscard]] Handle* get() const noexcept { return handle_; }
    [[nodiscard]] Handle* release() noexcept { return std::exchange(handle_, nullptr); }
    Handle** out() noexcept { return &handle_; }

private:
    Handle* handle_ = nullptr;
};

} // namespace detail

/// Throws veloz::error carrying `status` and the library's last-error message unless `status` is VELOZ_OK.
/// Use it right after a call to the C API: the message belongs to the calling thread's latest failure.
inline void check(veloz_status status) {
    if (VELOZ_HPP_UNLIKELY(status != VELOZ_OK))
        detail::throw_last_error(status);
}

/// A version number as (major, minor, patch).
struct version_number {
    std::uint32_t major;
    std::uint32_t minor;
    std::uint32_t patch;
};

/// Unpacks a version packed like veloz_version(): (major << 16) | (minor << 8) | patch.
[[nodiscard]] constexpr version_number unpack_version(std::uint32_t packed) noexcept {
    return version_number{packed >> 16, (packed >> 8) & 0xFFu, packed & 0xFFu};
}

/// The version of the loaded libveloz.so.
[[nodiscard]] inline version_number library_version() noexcept { return unpack_version(veloz_version()); }

/// The version of veloz.h this code was compiled against.
[[nodiscard]] constexpr version_number header_version() noexcept {
    return version_number{VELOZ_VERSION_MAJOR, VELOZ_VERSION_MINOR, VELOZ_VERSION_PATCH};
}

/// Throws veloz::error (VELOZ_E_UNSUPPORTED) unless a library reporting `library_packed` (as veloz_version()
/// does) has the major version of the veloz.h this code was compiled against.
inline void check_version(std::uint32_t library_packed) {
    const version_number library = unpack_version(library_packed);
    if (library.major == static_cast<std::uint32_t>(VELOZ_VERSION_MAJOR))
        return;
    const version_number header = header_version();
    std::string message = "veloz.hpp was compiled against veloz.h " + std::to_string(header.major) + "." +
                          std::to_string(header.minor) + "." + std::to_string(header.patch) +
                          " but the loaded libveloz.so is " + std::to_string(library.major) + "." +
                          std::to_string(library.minor) + "." + std::to_string(library.patch) +
                          ": the major versions differ, so the ABI does not match; rebuild against the "
                          "veloz.h shipped with that library or load libveloz.so." +
                          std::to_string(header.major);
    detail::throw_error(VELOZ_E_UNSUPPORTED, message.c_str());
}

/// Checks once per process that the loaded libveloz.so has this header's major version; throws
/// veloz::error (VELOZ_E_UNSUPPORTED) with both versions otherwise. The RAII constructors call it.
inline void check_version() {
    // A magic static runs the check once; if it throws, the next call checks again.
    static const bool checked = (check_version(veloz_version()), true);
    (void)checked;
}

/// A non-owning view of `size` contiguous T (std::span is C++20). Converts from pointer + size, arrays,
/// std::vector, std::array and any container with data() and size().
template <class T>
class span {
    template <class Container>
    using data_pointer = decltype(std::declval<Container&>().data());

    template <class Container>
    using if_compatible_container = std::enable_if_t<
        std::is_convertible_v<std::remove_pointer_t<data_pointer<Container>> (*)[], T (*)[]> &&
        std::is_integral_v<decltype(std::declval<Container&>().size())>, int>;

public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;

    constexpr span() noexcept = default;
    constexpr span(T* data, std::size_t size) noexcept : data_(data), size_(size) {}

    template <std::size_t N>
    constexpr span(T (&array)[N]) noexcept : data_(array), size_(N) {}

    template <class Container, if_compatible_container<Container> = 0>
    constexpr span(Container& container) noexcept : data_(container.data()), size_(container.size()) {}

    template <class Container, if_compatible_container<const Container> = 0>
    constexpr span(const Container& container) noexcept : data_(container.data()), size_(container.size()) {}

    [[nodiscard]] constexpr T* data() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] constexpr T* begin() const noexcept { return data_; }
    [[nodiscard]] constexpr T* end() const noexcept { return data_ + size_; }
    [[nodiscard]] constexpr T& operator[](std::size_t index) const noexcept { return data_[index]; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

/// Hands `object` (a veloz::book, depth_book, histogram, time_sync, fixed_pool, arena or timer_wheel) over to another
/// thread. The first thread that calls one of an object's owner-thread functions becomes its owner, and calls from other
/// threads throw veloz::error with VELOZ_E_STATE naming both threads. Called on the owner thread, this gives the
/// object up: the next thread to use it becomes the owner. Throws VELOZ_E_STATE when another thread owns it.
template <class Object>
void release_owner(const Object& object) {
    check(veloz_handle_release_owner(object.native_handle()));
}

/// Turns the owner-thread check of `object` off for good: any thread may then call it, and the caller promises
/// that no two calls overlap (for example a std::mutex held around every call).
template <class Object>
void share(const Object& object) {
    check(veloz_handle_share(object.native_handle()));
}

/// The library's wall clock: Unix-epoch nanoseconds read from the TSC (or the OS clock where the TSC
/// is unusable), calibrated against CLOCK_REALTIME. Meets the std::chrono Clock requirements.
/// Not steady: calibration slews it towards CLOCK_REALTIME, though one thread never sees it go back.
class clock {
public:
    using rep = std::int64_t;
    using period = std::nano;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<clock>;
    static constexpr bool is_steady = false;

    /// The current time. Any thread, wait-free; never decreases on one thread.
    static time_point now() noexcept { return time_point(duration(veloz_clock_now_ns())); }

    /// The current time as Unix-epoch nanoseconds. Any thread, wait-free.
    static std::int64_t now_ns() noexcept { return veloz_clock_now_ns(); }

    /// A raw tick reading (TSC; monotonic nanoseconds on the OS source), the cheapest timestamp.
    /// Convert later with ticks_to_ns(). Any thread, wait-free.
    static std::uint64_t ticks() noexcept { return veloz_clock_ticks(); }

    /// The Unix-epoch nanoseconds of a tick reading taken with ticks(). Any thread, wait-free.
    static std::int64_t ticks_to_ns(std::uint64_t tick_reading) noexcept { return veloz_clock_ticks_to_ns(tick_reading); }

    /// The time_point of a tick reading taken with ticks(). Any thread, wait-free.
    static time_point from_ticks(std::uint64_t tick_reading) noexcept {
        return time_point(duration(veloz_clock_ticks_to_ns(tick_reading)));
    }

    /// Re-measures the tick rate against CLOCK_REALTIME and slews towards it (never jumps back).
    /// Thread-safe; takes a few milliseconds, so call it off the hot path (say once a second).
    static void calibrate() {
        check_version();
        check(veloz_clock_calibrate());
    }

    /// The clock's source, tick rate and calibration state. Thread-safe.
    [[nodiscard]] static veloz_clock_info info() {
        check_version();
        veloz_clock_info result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_clock_get_info(&result));
        return result;
    }

    /// The same instant on std::chrono::system_clock (both count from the Unix epoch).
    static std::chrono::system_clock::time_point to_sys(time_point instant) noexcept {
        return std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(instant.time_since_epoch()));
    }

    /// The same instant on veloz::clock.
    static time_point from_sys(std::chrono::system_clock::time_point instant) noexcept {
        return time_point(std::chrono::duration_cast<duration>(instant.time_since_epoch()));
    }
};

/// Settings of a time_sync; the defaults are the library's.
struct time_sync_config {
    /// Distinct venues it can track, 1..4096 (0 also means the default).
    std::int32_t max_venues = 64;
    /// Samples kept per venue for the minimum-round-trip filter, 1..65536 (0 also means the default).
    std::int32_t window = 64;
};

/// Estimates, per venue, the offset and drift between an exchange's clock and the local clock from
/// request/response samples, and converts timestamps both ways. Move-only; owns a veloz_time_sync.
/// add_sample has one writer at a time; conversions and stats may run on any thread, wait-free.
class time_sync {
public:
    using config = time_sync_config;

    /// Creates an estimator; throws veloz::error (VELOZ_E_INVALID_ARGUMENT) for settings out of range.
    explicit time_sync(const time_sync_config& settings = time_sync_config()) {
        check_version();
        veloz_time_sync_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.max_venues = settings.max_venues;
        native.window = settings.window;
        check(veloz_time_sync_create(&native, handle_.out()));
    }

    /// Adds one round trip: a request sent at local_send_ns, answered with the exchange's timestamp
    /// exchange_ns, received at local_recv_ns (all nanoseconds). A venue (0..INT32_MAX) is registered by
    /// its first sample. Throws VELOZ_E_INVALID_ARGUMENT (recv before send, negative venue) or
    /// VELOZ_E_FULL (more venues than max_venues). Single writer.
    void add_sample(std::int32_t venue, std::int64_t exchange_ns, std::int64_t local_send_ns, std::int64_t local_recv_ns) {
        check(veloz_time_sync_add_sample(handle_.get(), venue, exchange_ns, local_send_ns, local_recv_ns));
    }

    /// The venue's clock reading at local time local_ns. Throws VELOZ_E_NOT_FOUND for a venue without samples.
    /// Any thread, wait-free.
    [[nodiscard]] std::int64_t to_exchange(std::int32_t venue, std::int64_t local_ns) const {
        std::int64_t exchange_ns = 0;
        check(veloz_time_sync_to_exchange(handle_.get(), venue, local_ns, &exchange_ns));
        return exchange_ns;
    }

    /// The local time at which the venue's clock read exchange_ns. Throws VELOZ_E_NOT_FOUND for a venue
    /// without samples. Any thread, wait-free.
    [[nodiscard]] std::int64_t to_local(std::int32_t venue, std::int64_t exchange_ns) const {
        std::int64_t local_ns = 0;
        check(veloz_time_sync_to_local(handle_.get(), venue, exchange_ns, &local_ns));
        return local_ns;
    }

    /// The venue's current estimate (offset, best round trip, drift, sample count). Throws
    /// VELOZ_E_NOT_FOUND for a venue without samples. Any thread, wait-free.
    [[nodiscard]] veloz_time_sync_stats stats(std::int32_t venue) const {
        veloz_time_sync_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_time_sync_get_stats(handle_.get(), venue, &result));
        return result;
    }

    /// How many venues have samples (0 for a moved-from object). Any thread.
    [[nodiscard]] std::int32_t venue_count() const noexcept { return veloz_time_sync_venue_count(handle_.get()); }

    /// False for a moved-from (or released) object, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] veloz_time_sync* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must veloz_time_sync_destroy() the returned handle.
    [[nodiscard]] veloz_time_sync* release() noexcept { return handle_.release(); }

private:
    detail::unique_handle<veloz_time_sync, &veloz_time_sync_destroy> handle_;
};

/// Settings of a histogram; the defaults are the library's.
struct histogram_config {
    /// Decimal digits of precision kept for every value, 1..5: a percentile is within value * 10^-digits.
    std::int32_t significant_digits = 3;
    /// The smallest value told apart from 0, >= 1.
    std::int64_t lowest = 1;
    /// The largest value tracked, >= 2 * lowest; larger values are recorded as this one and counted as clamped.
    std::int64_t highest = 3'600'000'000'000; // an hour in nanoseconds
};

/// An HDR histogram of non-negative integers (latencies in ns, sizes, ...): constant-time record,
/// percentiles within the configured precision. Move-only; owns a veloz_histogram.
/// Recording has one writer at a time; queries, merge and reset belong to the owner thread.
class histogram {
public:
    using config = histogram_config;

    /// Creates an empty histogram; throws veloz::error (VELOZ_E_INVALID_ARGUMENT) for settings out of range.
    explicit histogram(const histogram_config& settings = histogram_config()) {
        check_version();
        veloz_histogram_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.significant_digits = settings.significant_digits;
        native.lowest_trackable = settings.lowest;
        native.highest_trackable = settings.highest;
        check(veloz_histogram_create(&native, handle_.out()));
    }

    /// Records one value (>= 0; above `highest` it is clamped and counted). Single writer.
    void record(std::int64_t value) { check(veloz_histogram_record(handle_.get(), value)); }

    /// Records `value` `count` times (count >= 0). Single writer.
    void record_n(std::int64_t value, std::int64_t count) { check(veloz_histogram_record_n(handle_.get(), value, count)); }

    /// Records every value of a batch in one call per 2^31 - 1 values. Each call validates its values first:
    /// a negative one throws VELOZ_E_INVALID_ARGUMENT and records nothing of that call. Single writer.
    void record(span<const std::int64_t> values) {
        const std::int64_t* next = values.data();
        std::size_t remaining = values.size();
        while (remaining > 0) {
            const std::int32_t chunk = clamp_count(remaining);
            check(veloz_histogram_record_batch(handle_.get(), next, chunk));
            next += chunk;
            remaining -= static_cast<std::size_t>(chunk);
        }
    }

    /// Records `count` values starting at `values`; see record(span).
    void record(const std::int64_t* values, std::size_t count) { record(span<const std::int64_t>(values, count)); }

    /// Records a braced list of values, h.record({12, 15, 9}); see record(span).
    void record(std::initializer_list<std::int64_t> values) { record(span<const std::int64_t>(values.begin(), values.size())); }

    /// The value at `percentile` (0..100): the highest value equivalent to the bucket holding that rank;
    /// 0 gives the exact min, 100 the exact max. Throws VELOZ_E_EMPTY when nothing is recorded. Owner thread only.
    [[nodiscard]] std::int64_t value_at_percentile(double percentile) const {
        std::int64_t value = 0;
        check(veloz_histogram_value_at_percentile(handle_.get(), percentile, &value));
        return value;
    }

    /// The values at several percentiles, one call for all: out[i] is the value at percentiles[i].
    /// Owner thread only.
    void percentiles(span<const double> percentiles, span<std::int64_t> out) const {
        if (out.size() < percentiles.size())
            detail::throw_error(VELOZ_E_BUFFER_TOO_SMALL, "histogram::percentiles: out is smaller than percentiles");
        const double* next = percentiles.data();
        std::int64_t* next_out = out.data();
        std::size_t remaining = percentiles.size();
        while (remaining > 0) {
            const std::int32_t chunk = clamp_count(remaining);
            check(veloz_histogram_percentiles(handle_.get(), next, next_out, chunk));
            next += chunk;
            next_out += chunk;
            remaining -= static_cast<std::size_t>(chunk);
        }
    }

    /// The values at several percentiles, in a new vector. Owner thread only.
    [[nodiscard]] std::vector<std::int64_t> percentiles(span<const double> percentiles) const {
        std::vector<std::int64_t> out(percentiles.size());
        this->percentiles(percentiles, span<std::int64_t>(out));
        return out;
    }

    /// The values at a braced list of percentiles, h.percentiles({50.0, 99.0, 99.9}). Owner thread only.
    [[nodiscard]] std::vector<std::int64_t> percentiles(std::initializer_list<double> percentiles) const {
        return this->percentiles(span<const double>(percentiles.begin(), percentiles.size()));
    }

    /// Count, min, max, mean, standard deviation and clamped count. Owner thread only.
    [[nodiscard]] veloz_histogram_stats stats() const {
        veloz_histogram_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_histogram_get_stats(handle_.get(), &result));
        return result;
    }

    /// How many values were recorded (clamped ones included). Owner thread only.
    [[nodiscard]] std::int64_t count() const { return stats().count; }

    /// The non-empty buckets in ascending value order, into `out` (its storage is reused). Owner thread only.
    void buckets(std::vector<veloz_histogram_bucket>& out) const {
        out.resize(out.capacity() > 64 ? out.capacity() : 64);
        for (;;) {
            std::int32_t written = 0;
            const veloz_status status = veloz_histogram_buckets(handle_.get(), out.data(), clamp_count(out.size()), &written);
            if (status == VELOZ_OK) {
                out.resize(static_cast<std::size_t>(written));
                return;
            }
            if (status != VELOZ_E_BUFFER_TOO_SMALL)
                detail::throw_last_error(status);
            // The library reports the size it needs; grow at least geometrically in case it could not.
            const std::size_t doubled = out.size() * 2;
            out.resize(static_cast<std::size_t>(written) > doubled ? static_cast<std::size_t>(written) : doubled);
        }
    }

    /// The non-empty buckets in ascending value order. Owner thread only.
    [[nodiscard]] std::vector<veloz_histogram_bucket> buckets() const {
        std::vector<veloz_histogram_bucket> out;
        buckets(out);
        return out;
    }

    /// Adds every value of `source` to this histogram; values beyond this one's range are clamped.
    /// Owner thread only (of both).
    void merge(const histogram& source) { check(veloz_histogram_merge(handle_.get(), source.handle_.get())); }

    /// Forgets every recorded value; the settings stay. Owner thread only.
    void reset() { check(veloz_histogram_reset(handle_.get())); }

    /// False for a moved-from (or released) object, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] veloz_histogram* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must veloz_histogram_destroy() the returned handle.
    [[nodiscard]] veloz_histogram* release() noexcept { return handle_.release(); }

private:
    static std::int32_t clamp_count(std::size_t count) noexcept {
        constexpr std::size_t largest = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
        return static_cast<std::int32_t>(count < largest ? count : largest);
    }

    detail::unique_handle<veloz_histogram, &veloz_histogram_destroy> handle_;
};

// ---- order books ------------------------------------------------------------------------------------------

namespace detail {

inline std::int32_t clamp_to_int32(std::size_t count) noexcept {
    constexpr std::size_t largest = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
    return static_cast<std::int32_t>(count < largest ? count : largest);
}

} // namespace detail

/// Factories of veloz_book_command: each returns a zeroed command with the fields its type uses set.
/// Prices are ticks, quantities > 0, order ids caller-chosen and non-zero. The results are plain C
/// structs, so they go into arrays for book::apply as they are.
namespace cmd {

/// Matching book: a limit order; GTC by default (rests what it does not fill), or IOC / FOK.
[[nodiscard]] constexpr veloz_book_command limit(std::int64_t order_id, veloz_side side, std::int64_t price, std::int64_t quantity,
                                                 veloz_time_in_force time_in_force = VELOZ_TIME_IN_FORCE_GTC) noexcept {
    veloz_book_command c{};
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_SUBMIT);
    c.side = static_cast<std::uint8_t>(side);
    c.order_type = static_cast<std::uint8_t>(VELOZ_ORDER_TYPE_LIMIT);
    c.time_in_force = static_cast<std::uint8_t>(time_in_force);
    c.order_id = order_id;
    c.price = price;
    c.quantity = quantity;
    return c;
}

/// Matching book: an immediate-or-cancel limit order (trades what it can now; the rest expires).
[[nodiscard]] constexpr veloz_book_command ioc(std::int64_t order_id, veloz_side side, std::int64_t price, std::int64_t quantity) noexcept {
    return limit(order_id, side, price, quantity, VELOZ_TIME_IN_FORCE_IOC);
}

/// Matching book: a fill-or-kill limit order (fills completely at once or is rejected, leaving no trace).
[[nodiscard]] constexpr veloz_book_command fok(std::int64_t order_id, veloz_side side, std::int64_t price, std::int64_t quantity) noexcept {
    return limit(order_id, side, price, quantity, VELOZ_TIME_IN_FORCE_FOK);
}

/// Matching book: a GTC limit order that only rests; rejected (POST_ONLY_WOULD_CROSS) if it would trade.
[[nodiscard]] constexpr veloz_book_command post_only(std::int64_t order_id, veloz_side side, std::int64_t price, std::int64_t quantity) noexcept {
    veloz_book_command c = limit(order_id, side, price, quantity);
    c.flags = static_cast<std::uint8_t>(VELOZ_ORDER_FLAGS_POST_ONLY);
    return c;
}

/// Matching book: a market order; trades at any price, never rests (the rest expires). Rejected
/// (NO_LIQUIDITY) when the other side is empty. FOK makes it all-or-nothing.
[[nodiscard]] constexpr veloz_book_command market(std::int64_t order_id, veloz_side side, std::int64_t quantity,
                                                  veloz_time_in_force time_in_force = VELOZ_TIME_IN_FORCE_IOC) noexcept {
    veloz_book_command c = limit(order_id, side, 0, quantity, time_in_force);
    c.order_type = static_cast<std::uint8_t>(VELOZ_ORDER_TYPE_MARKET);
    return c;
}

/// Matching book: a market order that trades no worse than protection_price (a buy no higher, a sell no
/// lower); what is left there expires.
[[nodiscard]] constexpr veloz_book_command protected_market(std::int64_t order_id, veloz_side side, std::int64_t quantity,
                                                            std::int64_t protection_price) noexcept {
    veloz_book_command c = market(order_id, side, quantity);
    c.flags = static_cast<std::uint8_t>(VELOZ_ORDER_FLAGS_PROTECTION_PRICE);
    c.protection_price = protection_price;
    return c;
}

/// A copy of a submitted order with an owner (account) for self-trade prevention and the mode used when
/// it is the taker (BOOK_DEFAULT: the book's). Owner 0 means none.
[[nodiscard]] constexpr veloz_book_command with_owner(veloz_book_command order, std::uint32_t owner,
                                                      veloz_self_trade_prevention mode = VELOZ_SELF_TRADE_PREVENTION_BOOK_DEFAULT) noexcept {
    order.owner = owner;
    order.self_trade_prevention = static_cast<std::uint8_t>(mode);
    return order;
}

/// Mirror book: a new order rests at its price as the feed says, without matching.
[[nodiscard]] constexpr veloz_book_command add(std::int64_t order_id, veloz_side side, std::int64_t price, std::int64_t quantity) noexcept {
    veloz_book_command c{};
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_ADD);
    c.side = static_cast<std::uint8_t>(side);
    c.order_id = order_id;
    c.price = price;
    c.quantity = quantity;
    return c;
}

/// Both modes: removes a resting order.
[[nodiscard]] constexpr veloz_book_command cancel(std::int64_t order_id) noexcept {
    veloz_book_command c{};
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_CANCEL);
    c.order_id = order_id;
    return c;
}

/// Both modes: the same as cancel, under a feed's name (ITCH "D", LOBSTER type 3).
[[nodiscard]] constexpr veloz_book_command delete_order(std::int64_t order_id) noexcept {
    veloz_book_command c = cancel(order_id);
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_DELETE);
    return c;
}

/// Both modes: takes quantity off a resting order, keeping its queue priority (all of it removes it).
[[nodiscard]] constexpr veloz_book_command reduce(std::int64_t order_id, std::int64_t quantity) noexcept {
    veloz_book_command c{};
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_REDUCE);
    c.order_id = order_id;
    c.quantity = quantity;
    return c;
}

/// Both modes: sets a resting order's price and remaining quantity. Same price and no more quantity keeps
/// priority; anything else loses it and, in a matching book, a crossing price trades.
[[nodiscard]] constexpr veloz_book_command modify(std::int64_t order_id, std::int64_t new_price, std::int64_t new_quantity) noexcept {
    veloz_book_command c{};
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_MODIFY);
    c.order_id = order_id;
    c.price = new_price;
    c.quantity = new_quantity;
    return c;
}

/// Both modes: removes a resting order and enters new_order_id on its side at a new price and quantity
/// (no priority; may trade in a matching book).
[[nodiscard]] constexpr veloz_book_command replace(std::int64_t order_id, std::int64_t new_order_id, std::int64_t new_price,
                                                   std::int64_t new_quantity) noexcept {
    veloz_book_command c = modify(order_id, new_price, new_quantity);
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_REPLACE);
    c.new_order_id = new_order_id;
    return c;
}

/// Mirror book: the venue executed quantity of a resting order.
[[nodiscard]] constexpr veloz_book_command execute(std::int64_t order_id, std::int64_t quantity) noexcept {
    veloz_book_command c = reduce(order_id, quantity);
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_EXECUTE);
    return c;
}

} // namespace cmd

/// Settings of an order book; the defaults are the library's.
struct book_config {
    /// VELOZ_BOOK_MODE_MATCHING (the book is the venue) or VELOZ_BOOK_MODE_MIRROR (rebuilt from a feed).
    veloz_book_mode mode = VELOZ_BOOK_MODE_MATCHING;
    /// Resting orders preallocated for, 1..2^28; more are fine (storage doubles, allocating only then).
    std::int32_t expected_orders = 65'536;
    /// Price levels (both sides) preallocated for, 1..2^28.
    std::int32_t expected_levels = 4'096;
    /// Levels per side published after every command for read_top / read_levels (any thread), 0..4096;
    /// 0 publishes nothing (and those calls throw VELOZ_E_STATE) and saves the publishing cost.
    std::int32_t snapshot_depth = 0;
    /// False: no LevelChanged events (faster when nobody needs L2 data from the event stream).
    bool level_events = true;
    /// Ticks per side of the O(1) direct-indexed window that follows the best price: a power of two, 64..2^20.
    std::int32_t price_window_ticks = 4'096;
    /// Self-trade prevention for orders that ask for BOOK_DEFAULT: CANCEL_TAKER, CANCEL_MAKER or CANCEL_BOTH.
    veloz_self_trade_prevention self_trade_prevention = VELOZ_SELF_TRADE_PREVENTION_CANCEL_TAKER;
    /// Lowest accepted price in ticks, within +-2^62. 0 means the default 1: to accept 0, set a negative bound.
    std::int64_t min_price = 1;
    /// Highest accepted price in ticks, within +-2^62 and >= min_price.
    std::int64_t max_price = (std::int64_t{1} << 62) - 1;

    /// The defaults for a matching book.
    [[nodiscard]] static book_config matching() noexcept { return book_config(); }

    /// The defaults for a mirror book (a venue's book rebuilt from its feed).
    [[nodiscard]] static book_config mirror() noexcept {
        book_config config;
        config.mode = VELOZ_BOOK_MODE_MIRROR;
        return config;
    }
};

/// What book::apply did: commands consumed (a prefix of the batch) and events written.
struct apply_result {
    std::size_t consumed;
    std::size_t written;
};

/// How many levels book::read_levels / depth_book::read_levels copied per side.
struct level_counts {
    std::size_t bids;
    std::size_t asks;
};

/// A level-3 (order by order) limit order book for one instrument: a matching engine (price-time
/// priority, every trade at the maker's price) or a mirror of a venue's book rebuilt from its feed.
/// Move-only; owns a veloz_book.
///
/// One thread, the owner, drives it: commands, events and queries are "owner thread only" (the C API's
/// "single writer"). read_top() and read_levels() may run on any thread while the owner works (they need
/// snapshot_depth > 0). Every command queues its events (Accepted, Trade, OrderDone, Modified,
/// LevelChanged, Rejected) in the book until the owner takes them with drain(), events() or apply();
/// none is ever dropped.
///
/// Failures: the single-command calls (submit, cancel, ...) throw veloz::error for a rejected command,
/// with the status of its reason (VELOZ_E_NOT_FOUND unknown id, VELOZ_E_DUPLICATE, VELOZ_E_INVALID_ARGUMENT,
/// VELOZ_E_REJECTED for the business rejects: post-only would cross, FOK cannot fill, self-trade, no
/// liquidity, wrong mode); the book is unchanged and the Rejected event is queued. The try_ forms return
/// that status instead, for loops where rejects are routine. In apply() a reject is only an event.
class book {
public:
    using config = book_config;

    /// Creates an empty book; throws veloz::error (VELOZ_E_INVALID_ARGUMENT) for settings out of range.
    explicit book(const book_config& settings = book_config()) {
        check_version();
        veloz_book_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.mode = settings.mode;
        native.expected_orders = settings.expected_orders;
        native.expected_levels = settings.expected_levels;
        native.snapshot_depth = settings.snapshot_depth;
        native.flags = settings.level_events ? 0u : static_cast<std::uint32_t>(VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS);
        native.price_window_ticks = settings.price_window_ticks;
        native.self_trade_prevention = settings.self_trade_prevention;
        native.min_price = settings.min_price;
        native.max_price = settings.max_price;
        check(veloz_book_create(&native, handle_.out()));
    }

    // Moves take the buffered events along; the moved-from book is empty.
    book(book&& other) noexcept
        : handle_(std::move(other.handle_)), event_buffer_(std::move(other.event_buffer_)),
          buffered_begin_(std::exchange(other.buffered_begin_, 0)), buffered_end_(std::exchange(other.buffered_end_, 0)) {}
    book& operator=(book&& other) noexcept {
        if (this != &other) {
            handle_ = std::move(other.handle_);
            event_buffer_ = std::move(other.event_buffer_);
            buffered_begin_ = std::exchange(other.buffered_begin_, 0);
            buffered_end_ = std::exchange(other.buffered_end_, 0);
        }
        return *this;
    }
    book(const book&) = delete;
    book& operator=(const book&) = delete;
    ~book() = default;

    // ---- single commands (owner thread) ----

    /// Enters a new order: a SUBMIT command (cmd::limit, ioc, fok, post_only, market, protected_market) in a
    /// matching book, an ADD (cmd::add) in a mirror book. Returns normally when the book took it (an IOC that
    /// expired unfilled included); throws veloz::error for a rejected order (see the class comment).
    void submit(const veloz_book_command& order) { check(veloz_book_submit(handle_.get(), &order)); }

    /// Mirror book: the feed added an order; same as submit(cmd::add(...)).
    void add(std::int64_t order_id, veloz_side side, std::int64_t price, std::int64_t quantity) {
        submit(cmd::add(order_id, side, price, quantity));
    }

    /// Removes a resting order; throws VELOZ_E_NOT_FOUND when none with that id rests (never issued, filled
    /// or cancelled).
    void cancel(std::int64_t order_id) { check(veloz_book_cancel(handle_.get(), order_id)); }

    /// Takes quantity off a resting order, keeping its priority; all of it removes it. Throws VELOZ_E_NOT_FOUND,
    /// or VELOZ_E_INVALID_ARGUMENT for quantity <= 0 or above what is left.
    void reduce(std::int64_t order_id, std::int64_t quantity) { check(veloz_book_reduce(handle_.get(), order_id, quantity)); }

    /// Sets a resting order's price and remaining quantity (same price and no more quantity keeps priority;
    /// otherwise it moves to the back and, in a matching book, a crossing price trades).
    void modify(std::int64_t order_id, std::int64_t new_price, std::int64_t new_quantity) {
        check(veloz_book_modify(handle_.get(), order_id, new_price, new_quantity));
    }

    /// Removes a resting order and enters new_order_id on its side at a new price and quantity (no priority).
    void replace(std::int64_t order_id, std::int64_t new_order_id, std::int64_t new_price, std::int64_t new_quantity) {
        check(veloz_book_replace(handle_.get(), order_id, new_order_id, new_price, new_quantity));
    }

    /// Mirror book: the venue executed quantity of a resting order (a Trade event).
    void execute(std::int64_t order_id, std::int64_t quantity) { check(veloz_book_execute(handle_.get(), order_id, quantity)); }

    /// submit() that returns the status instead of throwing: VELOZ_OK, or the reject's status (the
    /// Rejected event is queued, the reason also in veloz_last_error_message). Never throws.
    [[nodiscard]] veloz_status try_submit(const veloz_book_command& order) noexcept { return veloz_book_submit(handle_.get(), &order); }

    /// cancel() returning the status: VELOZ_E_NOT_FOUND when the order already traded or was cancelled.
    [[nodiscard]] veloz_status try_cancel(std::int64_t order_id) noexcept { return veloz_book_cancel(handle_.get(), order_id); }

    /// reduce() returning the status.
    [[nodiscard]] veloz_status try_reduce(std::int64_t order_id, std::int64_t quantity) noexcept {
        return veloz_book_reduce(handle_.get(), order_id, quantity);
    }

    /// modify() returning the status.
    [[nodiscard]] veloz_status try_modify(std::int64_t order_id, std::int64_t new_price, std::int64_t new_quantity) noexcept {
        return veloz_book_modify(handle_.get(), order_id, new_price, new_quantity);
    }

    /// replace() returning the status.
    [[nodiscard]] veloz_status try_replace(std::int64_t order_id, std::int64_t new_order_id, std::int64_t new_price,
                                           std::int64_t new_quantity) noexcept {
        return veloz_book_replace(handle_.get(), order_id, new_order_id, new_price, new_quantity);
    }

    /// execute() returning the status.
    [[nodiscard]] veloz_status try_execute(std::int64_t order_id, std::int64_t quantity) noexcept {
        return veloz_book_execute(handle_.get(), order_id, quantity);
    }

    // ---- batches and events (owner thread) ----

    /// Processes a prefix of `commands` and copies events into `events`, in one ABI call: first events still
    /// queued, then commands in order while their events fit. Returns how many commands were consumed (call
    /// again with the rest when fewer than commands.size()) and how many events were written. Rejects are
    /// Rejected events, not exceptions. An empty `events` still makes progress (the events stay queued).
    /// Throws only for an invalid handle.
    [[nodiscard]] apply_result apply(span<const veloz_book_command> commands, span<veloz_book_event> events) {
        // Events the range of events() took from the library but has not handed out are older than any
        // the library still queues, so they come first.
        const std::size_t buffered = take_buffered(events);
        std::int32_t consumed = 0;
        std::int32_t written = 0;
        // Called even when the buffered events filled `events`: like the C call with capacity 0, it then
        // processes one command and queues its events behind them, so a caller's loop always progresses.
        check(veloz_book_apply(handle_.get(), commands.data(), detail::clamp_to_int32(commands.size()), &consumed,
                               events.data() + buffered, detail::clamp_to_int32(events.size() - buffered), &written));
        return apply_result{static_cast<std::size_t>(consumed), buffered + static_cast<std::size_t>(written)};
    }

    /// Processes every command of `commands` and appends every event (those queued before included) to
    /// `events`, growing it as needed. Returns the number of events appended. (A different name from apply:
    /// a std::vector also converts to a span, and the two must not be confused.)
    std::size_t apply_all(span<const veloz_book_command> commands, std::vector<veloz_book_event>& events) {
        const std::size_t start = events.size();
        std::size_t position = 0;
        std::size_t filled = start;
        do {
            // Rounds of at most 16,384 commands with room for the queued events and a few per command (a full
            // buffer only means another round), so the vector grows with the events, not with a guess.
            const std::size_t chunk = std::min<std::size_t>(commands.size() - position, 16'384);
            const std::size_t wanted = filled + pending_events() + 4 * chunk + 16;
            if (events.size() < wanted)
                events.resize(wanted);
            const apply_result result = apply(span<const veloz_book_command>(commands.data() + position, chunk),
                                              span<veloz_book_event>(events.data() + filled, events.size() - filled));
            position += result.consumed;
            filled += result.written;
        } while (position < commands.size() || pending_events() > 0);
        events.resize(filled);
        return filled - start;
    }

    /// Moves up to events.size() queued events, oldest first, into `events`; returns how many.
    [[nodiscard]] std::size_t drain(span<veloz_book_event> events) {
        const std::size_t buffered = take_buffered(events);
        if (buffered == events.size())
            return buffered;
        std::int32_t written = 0;
        check(veloz_book_drain_events(handle_.get(), events.data() + buffered, detail::clamp_to_int32(events.size() - buffered), &written));
        return buffered + static_cast<std::size_t>(written);
    }

    /// Appends every queued event to `events`; returns how many.
    std::size_t drain_all(std::vector<veloz_book_event>& events) {
        const std::size_t start = events.size();
        std::int32_t none = 0;
        // pending_events() cannot fail; this call reports an invalid (moved-from) handle like every other.
        check(veloz_book_drain_events(handle_.get(), nullptr, 0, &none));
        for (std::size_t pending = pending_events(); pending > 0; pending = pending_events()) {
            const std::size_t filled = events.size();
            events.resize(filled + pending);
            events.resize(filled + drain(span<veloz_book_event>(events.data() + filled, pending)));
        }
        return events.size() - start;
    }

    /// Every queued event, oldest first, in a new vector.
    [[nodiscard]] std::vector<veloz_book_event> drain_all() {
        std::vector<veloz_book_event> events;
        drain_all(events);
        return events;
    }

    /// Events queued and not yet taken.
    [[nodiscard]] std::size_t pending_events() const noexcept {
        return static_cast<std::size_t>(veloz_book_pending_events(handle_.get())) + (buffered_end_ - buffered_begin_);
    }

    class event_range;

    /// The queued events as a range that drains them, oldest first, through a buffer inside this object:
    /// `for (const veloz_book_event& e : book.events())`. An event is taken when the loop reaches it; after a
    /// break the events the loop did not reach stay queued for the next drain, events() or apply(). Events
    /// queued by commands in the loop body are visited too. The reference is valid until the next step.
    [[nodiscard]] event_range events();

    // ---- queries (owner thread) ----

    /// Best bid and ask (all-zero level for an empty side) and the number of commands processed.
    [[nodiscard]] veloz_top_of_book best() const {
        veloz_top_of_book top{};
        check(veloz_book_best(handle_.get(), &top));
        return top;
    }

    /// Up to out.size() levels of one side, best first, into `out`; returns how many.
    std::size_t depth(veloz_side side, span<veloz_level> out) const {
        std::int32_t written = 0;
        check(veloz_book_depth(handle_.get(), side, out.data(), detail::clamp_to_int32(out.size()), &written));
        return static_cast<std::size_t>(written);
    }

    /// Every level of one side (or the best max_levels), best first.
    [[nodiscard]] std::vector<veloz_level> depth(veloz_side side, std::size_t max_levels = std::numeric_limits<std::size_t>::max()) const {
        const veloz_book_stats counts = stats();
        const std::size_t count = static_cast<std::size_t>(side == VELOZ_SIDE_BUY ? counts.bid_level_count : counts.ask_level_count);
        std::vector<veloz_level> out(count < max_levels ? count : max_levels);
        out.resize(depth(side, span<veloz_level>(out)));
        return out;
    }

    /// The resting order order_id (price, remaining quantity, what is ahead of it), or nullopt when no such
    /// order rests. O(orders ahead of it).
    [[nodiscard]] std::optional<veloz_order_info> order(std::int64_t order_id) const {
        veloz_order_info info{};
        const veloz_status status = veloz_book_order(handle_.get(), order_id, &info);
        if (status == VELOZ_E_NOT_FOUND)
            return std::nullopt;
        check(status);
        return info;
    }

    /// A 64-bit hash of every resting order in price-time order: equal books, equal hashes, in any
    /// language. O(orders).
    [[nodiscard]] std::uint64_t hash() const {
        std::uint64_t value = 0;
        check(veloz_book_hash(handle_.get(), &value));
        return value;
    }

    /// Counters: resting orders, levels, commands, rejects, unknown ids, trades, volume.
    [[nodiscard]] veloz_book_stats stats() const {
        veloz_book_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_book_get_stats(handle_.get(), &result));
        return result;
    }

    // ---- readers (any thread) ----

    /// The best bid and ask as published after the latest command that changed them: never torn. Any
    /// thread, lock-free; throws VELOZ_E_STATE when the book was made with snapshot_depth 0.
    [[nodiscard]] veloz_top_of_book read_top() const {
        veloz_top_of_book top{};
        check(veloz_book_read_top(handle_.get(), &top));
        return top;
    }

    /// Up to min(bids.size(), asks.size(), snapshot_depth) published levels per side, best first, from one
    /// consistent publish. Any thread, lock-free.
    level_counts read_levels(span<veloz_level> bids, span<veloz_level> asks) const {
        std::int32_t bid_count = 0;
        std::int32_t ask_count = 0;
        const std::size_t capacity = bids.size() < asks.size() ? bids.size() : asks.size();
        check(veloz_book_read_levels(handle_.get(), bids.data(), asks.data(), detail::clamp_to_int32(capacity), &bid_count, &ask_count));
        return level_counts{static_cast<std::size_t>(bid_count), static_cast<std::size_t>(ask_count)};
    }

    /// False for a moved-from (or released) object, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] veloz_book* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must veloz_book_destroy() the returned handle. Events events() took
    /// from the library but did not hand out go with this object; take them first.
    [[nodiscard]] veloz_book* release() noexcept { return handle_.release(); }

private:
    // The buffer of events(): drained from the library in blocks of this many events (16 KiB).
    static constexpr std::size_t event_block = 256;

    // Copies events events() buffered but did not hand out into the front of `out`; returns how many.
    std::size_t take_buffered(span<veloz_book_event> out) noexcept {
        std::size_t count = buffered_end_ - buffered_begin_;
        if (count == 0)
            return 0;
        if (count > out.size())
            count = out.size();
        std::copy(event_buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_begin_),
                  event_buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_begin_ + count), out.begin());
        buffered_begin_ += count;
        return count;
    }

    // Takes the next event for events(): from the buffer, refilling it from the library when empty.
    const veloz_book_event* next_event() {
        if (buffered_begin_ == buffered_end_) {
            if (event_buffer_.empty())
                event_buffer_.resize(event_block);
            std::int32_t written = 0;
            check(veloz_book_drain_events(handle_.get(), event_buffer_.data(), static_cast<std::int32_t>(event_buffer_.size()), &written));
            buffered_begin_ = 0;
            buffered_end_ = static_cast<std::size_t>(written);
            if (written == 0)
                return nullptr;
        }
        return &event_buffer_[buffered_begin_++];
    }

    detail::unique_handle<veloz_book, &veloz_book_destroy> handle_;
    // Moved with the handle: a moved-from book has no handle and nothing buffered.
    std::vector<veloz_book_event> event_buffer_;
    std::size_t buffered_begin_ = 0;
    std::size_t buffered_end_ = 0;

};

/// The range of book::events(): an input range whose iterator takes one event per step.
class book::event_range {
public:
    struct sentinel {};

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = veloz_book_event;
        using difference_type = std::ptrdiff_t;
        using pointer = const veloz_book_event*;
        using reference = const veloz_book_event&;

        iterator() noexcept = default;
        explicit iterator(book* owner) : owner_(owner), current_(owner->next_event()) {}

        reference operator*() const noexcept { return *current_; }
        pointer operator->() const noexcept { return current_; }
        iterator& operator++() {
            current_ = owner_->next_event();
            return *this;
        }
        void operator++(int) { ++*this; }

        friend bool operator==(const iterator& it, sentinel) noexcept { return it.current_ == nullptr; }
        friend bool operator!=(const iterator& it, sentinel) noexcept { return it.current_ != nullptr; }
        friend bool operator==(sentinel, const iterator& it) noexcept { return it.current_ == nullptr; }
        friend bool operator!=(sentinel, const iterator& it) noexcept { return it.current_ != nullptr; }

    private:
        book* owner_ = nullptr;
        const veloz_book_event* current_ = nullptr;
    };

    explicit event_range(book& owner) noexcept : owner_(&owner) {}

    /// Takes the first event (so call it once, as range-for does).
    [[nodiscard]] iterator begin() { return iterator(owner_); }
    [[nodiscard]] sentinel end() const noexcept { return sentinel{}; }

private:
    book* owner_;
};

inline book::event_range book::events() { return event_range(*this); }

// ---- depth book ---------------------------------------------------------------------------------------------

/// Settings of a depth book; the defaults are the library's.
struct depth_config {
    /// Levels per side preallocated, 1..2^28; the arrays grow beyond it.
    std::int32_t expected_levels = 256;
    /// Levels per side published for read_top / read_levels (any thread), 0..4096; 0 publishes nothing
    /// (those calls then throw VELOZ_E_STATE).
    std::int32_t snapshot_depth = 0;
};

/// What a batch of level updates did to a depth book.
enum class depth_apply_status {
    /// Every update was applied (or dropped as a duplicate or late one).
    applied,
    /// A sequence gap: the updates before it were applied, the one at index `applied` and the rest were
    /// not. The book is now stale: load a snapshot.
    sequence_gap,
    /// The book was already stale (an earlier gap) and took nothing: load a snapshot.
    stale,
};

/// The result of depth_book::apply.
struct depth_apply_result {
    /// Updates consumed from the front of the batch (applied, or dropped as old).
    std::size_t applied;
    depth_apply_status status;

    /// True when the book is in sync with the feed after the batch; false means "load a snapshot".
    [[nodiscard]] bool in_sync() const noexcept { return status == depth_apply_status::applied; }
};

/// A level-2 (market-by-price) book kept from a venue's price-level updates, with sequence checking.
/// Move-only; owns a veloz_depth. Starts empty at sequence 0 (a feed numbered from 1 needs no snapshot).
///
/// One owner thread applies updates and snapshots and queries; read_top() and read_levels() may run on
/// any thread (they need snapshot_depth > 0).
///
/// A sequence gap is not an error of the call, it is news from the feed that a feed handler acts on
/// (request a snapshot, buffer updates meanwhile), and the updates before the gap did apply. So apply()
/// reports it in its [[nodiscard]] result rather than throwing; only malformed input (a bad side, a
/// negative quantity: nothing applied) and misuse throw veloz::error.
class depth_book {
public:
    using config = depth_config;

    /// Creates an empty book; throws veloz::error (VELOZ_E_INVALID_ARGUMENT) for settings out of range.
    explicit depth_book(const depth_config& settings = depth_config()) {
        check_version();
        veloz_depth_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.expected_levels = settings.expected_levels;
        native.snapshot_depth = settings.snapshot_depth;
        check(veloz_depth_create(&native, handle_.out()));
    }

    /// Applies level updates in feed order (each sequence the last + 1; older ones are dropped and counted)
    /// and publishes once at the end; a crossed result is applied and flagged in state(). Returns how many
    /// were consumed and whether the book is still in sync (see depth_apply_status). Throws veloz::error
    /// (VELOZ_E_INVALID_ARGUMENT, nothing applied) for a side other than BUY/SELL or a negative quantity.
    [[nodiscard]] depth_apply_result apply(span<const veloz_depth_update> updates) {
        if (updates.empty()) // the C call accepts an empty batch even when stale; report the state anyway
            return depth_apply_result{0, stale() ? depth_apply_status::stale : depth_apply_status::applied};
        std::size_t done = 0;
        do {
            std::int32_t applied = 0;
            const veloz_status status = veloz_depth_apply(handle_.get(), updates.data() + done,
                                                          detail::clamp_to_int32(updates.size() - done), &applied);
            done += static_cast<std::size_t>(applied);
            if (status == VELOZ_E_SEQUENCE_GAP)
                return depth_apply_result{done, depth_apply_status::sequence_gap};
            if (status == VELOZ_E_STATE && stale())
                return depth_apply_result{done, depth_apply_status::stale};
            check(status);
        } while (done < updates.size());
        return depth_apply_result{done, depth_apply_status::applied};
    }

    /// Applies one update; see apply(span).
    [[nodiscard]] depth_apply_result apply(const veloz_depth_update& update) {
        return apply(span<const veloz_depth_update>(&update, 1));
    }

    /// Replaces the whole book with a snapshot taken at feed sequence `sequence` and clears the stale state:
    /// the next update must carry sequence + 1. Bids best (highest) first with strictly descending prices,
    /// asks best (lowest) first with strictly ascending prices, every quantity > 0; otherwise throws
    /// VELOZ_E_INVALID_ARGUMENT and the book is unchanged.
    void snapshot(span<const veloz_level> bids, span<const veloz_level> asks, std::int64_t sequence) {
        check(veloz_depth_snapshot(handle_.get(), bids.data(), detail::clamp_to_int32(bids.size()), asks.data(),
                                   detail::clamp_to_int32(asks.size()), sequence));
    }

    /// Best bid and ask (all-zero level for an empty side) and the last applied sequence. Owner thread.
    [[nodiscard]] veloz_top_of_book best() const {
        veloz_top_of_book top{};
        check(veloz_depth_best(handle_.get(), &top));
        return top;
    }

    /// Up to out.size() levels of one side, best first, into `out`; returns how many. Owner thread.
    std::size_t levels(veloz_side side, span<veloz_level> out) const {
        std::int32_t written = 0;
        check(veloz_depth_levels(handle_.get(), side, out.data(), detail::clamp_to_int32(out.size()), &written));
        return static_cast<std::size_t>(written);
    }

    /// Every level of one side (or the best max_levels), best first. Owner thread.
    [[nodiscard]] std::vector<veloz_level> levels(veloz_side side, std::size_t max_levels = std::numeric_limits<std::size_t>::max()) const {
        const veloz_depth_state current = state();
        const std::size_t count = static_cast<std::size_t>(side == VELOZ_SIDE_BUY ? current.bid_levels : current.ask_levels);
        std::vector<veloz_level> out(count < max_levels ? count : max_levels);
        out.resize(levels(side, span<veloz_level>(out)));
        return out;
    }

    /// Status flags (VELOZ_DEPTH_STATUS_STALE, CROSSED, EMPTY), level counts, sequences and counters. Owner thread.
    [[nodiscard]] veloz_depth_state state() const {
        veloz_depth_state result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_depth_get_state(handle_.get(), &result));
        return result;
    }

    /// True after a sequence gap until the next snapshot. Owner thread.
    [[nodiscard]] bool stale() const { return (state().status & VELOZ_DEPTH_STATUS_STALE) != 0; }

    /// The best bid and ask as published after the latest batch or snapshot: never torn. Any thread,
    /// lock-free; throws VELOZ_E_STATE when the book was made with snapshot_depth 0.
    [[nodiscard]] veloz_top_of_book read_top() const {
        veloz_top_of_book top{};
        check(veloz_depth_read_top(handle_.get(), &top));
        return top;
    }

    /// Up to min(bids.size(), asks.size(), snapshot_depth) published levels per side from one consistent
    /// publish. Any thread, lock-free.
    level_counts read_levels(span<veloz_level> bids, span<veloz_level> asks) const {
        std::int32_t bid_count = 0;
        std::int32_t ask_count = 0;
        const std::size_t capacity = bids.size() < asks.size() ? bids.size() : asks.size();
        check(veloz_depth_read_levels(handle_.get(), bids.data(), asks.data(), detail::clamp_to_int32(capacity), &bid_count, &ask_count));
        return level_counts{static_cast<std::size_t>(bid_count), static_cast<std::size_t>(ask_count)};
    }

    /// False for a moved-from (or released) object, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] veloz_depth* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must veloz_depth_destroy() the returned handle.
    [[nodiscard]] veloz_depth* release() noexcept { return handle_.release(); }

private:
    detail::unique_handle<veloz_depth, &veloz_depth_destroy> handle_;
};

/// Factory of one depth update: set the total quantity at `price` on `side` (0 deletes the level).
[[nodiscard]] constexpr veloz_depth_update depth_update(std::int64_t sequence, veloz_side side, std::int64_t price,
                                                        std::int64_t quantity, std::int32_t order_count = 0) noexcept {
    veloz_depth_update u{};
    u.sequence = sequence;
    u.side = static_cast<std::uint8_t>(side);
    u.price = price;
    u.quantity = quantity;
    u.order_count = order_count;
    return u;
}

// ---- queues ------------------------------------------------------------------------------------------------

/// What a queue call did, for the status forms of the pops (try_pop(T&), pop_wait(T&, timeout),
/// pop_batch(span, size_t&)), which tell the end of the stream from a momentary empty queue.
enum class queue_status : std::int32_t {
    /// A record moved (a batch: at least one).
    ok = VELOZ_OK,
    /// No free slot; for a wait, the timeout passed while the queue stayed full.
    full = VELOZ_E_FULL,
    /// No record; for a wait, the timeout passed while the queue stayed empty.
    empty = VELOZ_E_EMPTY,
    /// The queue is closed and every record pushed before the close has been popped: the end of the stream.
    closed = VELOZ_E_STATE,
};

/// Settings of an spsc_queue or mpmc_queue. The record size is sizeof(T), fixed by the type.
struct queue_config {
    /// Records the queue holds, 1..2^26 (0 also means the default), rounded up to a power of two (an
    /// mpmc_queue to at least 2); capacity() reports the result.
    std::int32_t capacity = 1024;
    /// How push_wait and pop_wait wait: VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK (spin, yield, then sleep until
    /// woken: an idle waiter costs no CPU), _SPIN_THEN_YIELD, or _BUSY_SPIN (one full core per waiter).
    /// try_push, try_pop and the batches never wait, whatever the strategy.
    veloz_wait_strategy wait_strategy = VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK;
};

namespace detail {

/// A std::chrono timeout as the C calls' timeout_ns: zero or negative tries once, a fraction of a nanosecond
/// rounds up, and anything beyond 2^63 - 1 ns (duration::max() of any unit) waits without limit (-1).
template <class Rep, class Period>
[[nodiscard]] std::int64_t timeout_ns(const std::chrono::duration<Rep, Period>& timeout) noexcept {
    if (!(timeout > std::chrono::duration<Rep, Period>::zero())) // NaN too
        return 0;
    // Compared as long double nanoseconds, so no conversion overflows (hours::max() included).
    if (std::chrono::duration<long double, std::nano>(timeout).count() >= 9.2e18L)
        return -1;
    return std::chrono::ceil<std::chrono::nanoseconds>(timeout).count();
}

// The C functions of one queue kind, so that one class template serves both.
struct spsc_calls {
    using handle = veloz_spsc;
    using config = veloz_spsc_config;
    static veloz_status create(const config* c, handle** out) noexcept { return veloz_spsc_create(c, out); }
    static void destroy(handle* q) noexcept { veloz_spsc_destroy(q); }
    static veloz_status push(handle* q, const void* r) noexcept { return veloz_spsc_push(q, r); }
    static veloz_status pop(handle* q, void* r) noexcept { return veloz_spsc_pop(q, r); }
    static veloz_status push_batch(handle* q, const void* r, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_spsc_push_batch(q, r, n, done);
    }
    static veloz_status pop_batch(handle* q, void* r, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_spsc_pop_batch(q, r, n, done);
    }
    static veloz_status push_wait(handle* q, const void* r, std::int64_t ns) noexcept { return veloz_spsc_push_wait(q, r, ns); }
    static veloz_status pop_wait(handle* q, void* r, std::int64_t ns) noexcept { return veloz_spsc_pop_wait(q, r, ns); }
    static veloz_status close(handle* q) noexcept { return veloz_spsc_close(q); }
    static veloz_status size(handle* q, std::int64_t* out) noexcept { return veloz_spsc_size(q, out); }
    static veloz_status stats(handle* q, veloz_queue_stats* out) noexcept { return veloz_spsc_get_stats(q, out); }
};

struct mpmc_calls {
    using handle = veloz_mpmc;
    using config = veloz_mpmc_config;
    static veloz_status create(const config* c, handle** out) noexcept { return veloz_mpmc_create(c, out); }
    static void destroy(handle* q) noexcept { veloz_mpmc_destroy(q); }
    static veloz_status push(handle* q, const void* r) noexcept { return veloz_mpmc_push(q, r); }
    static veloz_status pop(handle* q, void* r) noexcept { return veloz_mpmc_pop(q, r); }
    static veloz_status push_batch(handle* q, const void* r, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_mpmc_push_batch(q, r, n, done);
    }
    static veloz_status pop_batch(handle* q, void* r, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_mpmc_pop_batch(q, r, n, done);
    }
    static veloz_status push_wait(handle* q, const void* r, std::int64_t ns) noexcept { return veloz_mpmc_push_wait(q, r, ns); }
    static veloz_status pop_wait(handle* q, void* r, std::int64_t ns) noexcept { return veloz_mpmc_pop_wait(q, r, ns); }
    static veloz_status close(handle* q) noexcept { return veloz_mpmc_close(q); }
    static veloz_status size(handle* q, std::int64_t* out) noexcept { return veloz_mpmc_size(q, out); }
    static veloz_status stats(handle* q, veloz_queue_stats* out) noexcept { return veloz_mpmc_get_stats(q, out); }
};

/// The members spsc_queue and mpmc_queue share; see those classes for the thread contracts. "Push side"
/// means the producer thread of an spsc_queue and any thread of an mpmc_queue; "pop side" likewise the
/// consumer thread.
template <class T, class Calls>
class basic_queue {
    static_assert(std::is_trivially_copyable_v<T>, "veloz queues copy records as bytes: T must be trivially copyable");
    static_assert(!std::is_const_v<T> && !std::is_volatile_v<T>, "veloz queues: T must not be const or volatile");
    static_assert(sizeof(T) >= 8 && sizeof(T) <= 1024,
                  "veloz queues hold records of 8..1024 bytes: sizeof(T) is out of range (pad a smaller record to 8 bytes)");

    using handle_type = typename Calls::handle;

public:
    using value_type = T;

    /// Creates an empty queue of sizeof(T)-byte records; throws veloz::error (VELOZ_E_INVALID_ARGUMENT) for
    /// settings out of range, VELOZ_E_OUT_OF_MEMORY when the ring cannot be allocated.
    explicit basic_queue(const queue_config& settings = queue_config()) {
        check_version();
        typename Calls::config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.capacity = settings.capacity;
        native.record_size = static_cast<std::int32_t>(sizeof(T));
        native.wait_strategy = settings.wait_strategy;
        check(Calls::create(&native, handle_.out()));
        capacity_ = static_cast<std::size_t>(stats().capacity);
    }

    /// Creates an empty queue holding `capacity` records (rounded up to a power of two).
    explicit basic_queue(std::int32_t capacity, veloz_wait_strategy wait_strategy = VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK)
        : basic_queue(queue_config{capacity, wait_strategy}) {}

    // Moves take the handle; the moved-from queue holds none (its calls throw VELOZ_E_INVALID_HANDLE).
    basic_queue(basic_queue&& other) noexcept : handle_(std::move(other.handle_)), capacity_(std::exchange(other.capacity_, 0)) {}
    basic_queue& operator=(basic_queue&& other) noexcept {
        if (this != &other) {
            handle_ = std::move(other.handle_);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    basic_queue(const basic_queue&) = delete;
    basic_queue& operator=(const basic_queue&) = delete;
    /// Destroys the queue: closes it first (threads waiting in it wake), records still in it are dropped.
    ~basic_queue() = default;

    // ---- push side ----

    /// Copies `value` into the queue if a slot is free: true when pushed, false when full. Never blocks, never
    /// allocates; a full queue throws nothing. Throws veloz::error with VELOZ_E_STATE when the queue is
    /// closed (the record could never be delivered; see the class comment).
    [[nodiscard]] bool try_push(const T& value) {
        const veloz_status status = Calls::push(handle_.get(), &value);
        if (status == VELOZ_OK)
            return true;
        if (status == VELOZ_E_FULL)
            return false;
        detail::throw_last_error(status);
    }

    /// try_push() that waits up to `timeout` for a free slot (following the queue's wait strategy): true when
    /// pushed, false when the timeout passed. A zero or negative timeout tries once; duration::max() waits
    /// without limit. Throws VELOZ_E_STATE when the queue is closed, or becomes closed (or destroyed) while
    /// this call waits.
    template <class Rep, class Period>
    [[nodiscard]] bool push_wait(const T& value, const std::chrono::duration<Rep, Period>& timeout) {
        const veloz_status status = Calls::push_wait(handle_.get(), &value, detail::timeout_ns(timeout));
        if (status == VELOZ_OK)
            return true;
        if (status == VELOZ_E_FULL)
            return false;
        detail::throw_last_error(status);
    }

    /// Pushes `value`, waiting without limit for a free slot. Returns once pushed; throws VELOZ_E_STATE when
    /// the queue is closed, or becomes closed while this call waits.
    void push_wait(const T& value) { check(Calls::push_wait(handle_.get(), &value, -1)); }

    /// Pushes as many of `values` as fit, in order, in one call (published to the pop side at once); returns
    /// how many: 0 when the queue is full, never more than capacity(). Never blocks or allocates. Throws
    /// VELOZ_E_STATE when the queue is closed (none pushed).
    [[nodiscard]] std::size_t push_batch(span<const T> values) {
        std::int32_t pushed = 0;
        const veloz_status status = Calls::push_batch(handle_.get(), values.data(), detail::clamp_to_int32(values.size()), &pushed);
        if (status == VELOZ_OK || status == VELOZ_E_FULL)
            return static_cast<std::size_t>(pushed);
        detail::throw_last_error(status);
    }

    // ---- pop side ----

    /// Takes the oldest record: the record, or nullopt when there is none now (empty, or closed and drained;
    /// try_pop(T&) tells the two apart). Never blocks, never allocates, throws nothing for either.
    [[nodiscard]] std::optional<T> try_pop() {
        T value;
        const veloz_status status = Calls::pop(handle_.get(), &value);
        if (status == VELOZ_OK)
            return value;
        if (status == VELOZ_E_EMPTY || status == VELOZ_E_STATE)
            return std::nullopt;
        detail::throw_last_error(status);
    }

    /// Takes the oldest record into `out`: queue_status::ok, ::empty (nothing now; `out` unchanged) or ::closed
    /// (closed and drained: no record will ever come; `out` unchanged). Never blocks or allocates.
    [[nodiscard]] queue_status try_pop(T& out) { return pop_status(Calls::pop(handle_.get(), &out)); }

    /// try_pop() that waits up to `timeout` for a record (following the queue's wait strategy): nullopt when
    /// the timeout passed or the queue is (or becomes, waking this call) closed and drained. A zero or negative
    /// timeout tries once; duration::max() waits without limit.
    template <class Rep, class Period>
    [[nodiscard]] std::optional<T> pop_wait(const std::chrono::duration<Rep, Period>& timeout) {
        T value;
        const veloz_status status = Calls::pop_wait(handle_.get(), &value, detail::timeout_ns(timeout));
        if (status == VELOZ_OK)
            return value;
        if (status == VELOZ_E_EMPTY || status == VELOZ_E_STATE)
            return std::nullopt;
        detail::throw_last_error(status);
    }

    /// Waits without limit for the oldest record: nullopt only at the end of the stream (closed and drained,
    /// or the queue destroyed), so `while (auto r = q.pop_wait()) use(*r);` consumes everything ever pushed.
    [[nodiscard]] std::optional<T> pop_wait() { return pop_wait(std::chrono::nanoseconds::max()); }

    /// pop_wait(timeout) into `out`: queue_status::ok, ::empty (the timeout passed) or ::closed (closed and
    /// drained, waking this call if it waits).
    template <class Rep, class Period>
    [[nodiscard]] queue_status pop_wait(T& out, const std::chrono::duration<Rep, Period>& timeout) {
        return pop_status(Calls::pop_wait(handle_.get(), &out, detail::timeout_ns(timeout)));
    }

    /// Takes up to out.size() records, oldest first, in one call (their slots freed at once); returns how many:
    /// 0 when empty or closed and drained (the other overload tells the two apart). Never blocks or allocates.
    [[nodiscard]] std::size_t pop_batch(span<T> out) {
        std::size_t popped = 0;
        (void)pop_batch(out, popped);
        return popped;
    }

    /// pop_batch(out) that also says why nothing came: queue_status::ok (popped > 0, or out is empty),
    /// ::empty or ::closed (closed and drained), with the number taken in `popped`.
    [[nodiscard]] queue_status pop_batch(span<T> out, std::size_t& popped) {
        std::int32_t count = 0;
        const veloz_status status = Calls::pop_batch(handle_.get(), out.data(), detail::clamp_to_int32(out.size()), &count);
        popped = status == VELOZ_OK ? static_cast<std::size_t>(count) : 0;
        return pop_status(status);
    }

    // ---- any thread ----

    /// Closes the queue: later pushes throw VELOZ_E_STATE; pops return the records left, then report the end
    /// of the stream (nullopt / queue_status::closed); every thread waiting in the queue wakes. Closing a
    /// closed queue does nothing. Any thread.
    void close() { check(Calls::close(handle_.get())); }

    /// True once close() was called (records may still be waiting to be popped). Any thread.
    [[nodiscard]] bool closed() const { return stats().closed != 0; }

    /// Records in the queue now: exact from either side of an spsc_queue while the other is idle, otherwise
    /// an estimate. Any thread.
    [[nodiscard]] std::size_t size() const {
        std::int64_t count = 0;
        check(Calls::size(handle_.get(), &count));
        return static_cast<std::size_t>(count);
    }

    /// size() == 0 (an estimate while other threads push or pop). Any thread.
    [[nodiscard]] bool empty() const { return size() == 0; }

    /// Records the queue holds: the configured capacity rounded up to a power of two (0 when moved from).
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

    /// Capacity, record size, closed flag, size, pushes, pops, failed pushes (full), failed pops (empty) and the
    /// high-water mark; each a recent value while other threads run. Any thread; never slows them down.
    [[nodiscard]] veloz_queue_stats stats() const {
        veloz_queue_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(Calls::stats(handle_.get(), &result));
        return result;
    }

    /// False for a moved-from (or released) queue, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly (for example from a C or Python thread); still owned by
    /// this object.
    [[nodiscard]] handle_type* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must destroy the returned handle (veloz_spsc_destroy / veloz_mpmc_destroy).
    [[nodiscard]] handle_type* release() noexcept {
        capacity_ = 0;
        return handle_.release();
    }

private:
    // OK, EMPTY and STATE (closed and drained) are answers; anything else is a real error.
    static queue_status pop_status(veloz_status status) {
        if (status == VELOZ_OK || status == VELOZ_E_EMPTY || status == VELOZ_E_STATE)
            return static_cast<queue_status>(status);
        detail::throw_last_error(status);
    }

    detail::unique_handle<handle_type, &Calls::destroy> handle_;
    std::size_t capacity_ = 0;
};

} // namespace detail

/// A bounded lock-free ring of T records between one producer thread and one consumer thread (the rigtorp
/// design, inside libveloz.so): records are copied in and out through the C ABI (veloz_spsc_*), so the other
/// side may be C, C# or Python code holding native_handle(). Move-only; owns a veloz_spsc.
///
/// Threads: try_push, push_wait and push_batch belong to the producer thread, try_pop, try_peek, pop_wait and
/// pop_batch to the consumer thread (one of each at a time; nothing checks it, so a second producer corrupts
/// the queue). close, closed, size, empty, capacity and stats may run on any thread.
///
/// Full, empty and a timeout are answers, not errors: false / nullopt / 0, never an exception, never an
/// allocation. Closed is reported by side. A push into a closed queue throws veloz::error (VELOZ_E_STATE):
/// the record cannot be delivered, and a false would read as "full, try again" to a retry loop that would
/// then spin forever. A pop goes on returning the records pushed before the close, then reports the end of
/// the stream as nullopt / 0, which the status forms (try_pop(T&), pop_wait(T&, timeout), pop_batch(span,
/// size_t&)) return as queue_status::closed, distinct from queue_status::empty; pop_wait() with no timeout
/// returns nullopt only then. Other failures (a moved-from queue) throw veloz::error.
///
/// T: trivially copyable, 8 to 1,024 bytes; the record size is sizeof(T).
template <class T>
class spsc_queue : public detail::basic_queue<T, detail::spsc_calls> {
    using base = detail::basic_queue<T, detail::spsc_calls>;

public:
    using base::base;

    /// A copy of the oldest record without taking it, or nullopt when there is none (empty, or closed and
    /// drained). Consumer thread.
    [[nodiscard]] std::optional<T> try_peek() const {
        T value;
        const veloz_status status = veloz_spsc_peek(this->native_handle(), &value);
        if (status == VELOZ_OK)
            return value;
        if (status == VELOZ_E_EMPTY || status == VELOZ_E_STATE)
            return std::nullopt;
        detail::throw_last_error(status);
    }
};

/// A bounded lock-free ring of T records for any number of producer and consumer threads (Vyukov's
/// per-slot sequence design, inside libveloz.so), copied in and out through the C ABI (veloz_mpmc_*).
/// Move-only; owns a veloz_mpmc. Every member is thread-safe. Full, empty, timeouts and closed are reported
/// as for spsc_queue (see there). A batch claims its run of slots with one atomic operation; records of one
/// producer are popped in the order it pushed them.
///
/// T: trivially copyable, 8 to 1,024 bytes; the record size is sizeof(T).
template <class T>
class mpmc_queue : public detail::basic_queue<T, detail::mpmc_calls> {
    using base = detail::basic_queue<T, detail::mpmc_calls>;

public:
    using base::base;
};


// ---- memory: pools and arenas -------------------------------------------------------------------------------

/// Settings of a fixed_pool or concurrent_pool; the defaults are the library's but for block_size, which has
/// none: set it, or build the settings with pool_config::of<T>().
struct pool_config {
    /// Bytes per block, 1..1 MiB (required: 0 throws VELOZ_E_INVALID_ARGUMENT). Blocks lie every block_size
    /// rounded up to alignment (at least 8) bytes.
    std::int32_t block_size = 0;
    /// Alignment of every block, a power of two 1..4096 (0 also means the default).
    std::int32_t alignment = 16;
    /// Blocks reserved at creation, 1..2^24 (0 also means the default); the pool then grows by chunks that
    /// double its capacity.
    std::int32_t initial_blocks = 1024;
    /// Most blocks the pool may hold, initial_blocks..2^30; 0: no limit but 2^30. A rent beyond it fails
    /// (rent() throws VELOZ_E_FULL, try_rent() returns nullptr).
    std::int32_t max_blocks = 0;
    /// Debug mode: every returned block is overwritten with 0xDD bytes, so a use after return reads garbage.
    bool fill_freed = false;
    /// The name under which memory_report() and memory_prometheus() list the pool, at most 128 characters
    /// (empty: "pool"). Copied at creation.
    std::string name = std::string();

    /// Settings for blocks that hold one T: block_size sizeof(T), alignment alignof(T).
    template <class T>
    [[nodiscard]] static pool_config of(std::int32_t initial_blocks = 1024, std::int32_t max_blocks = 0, std::string name = std::string()) {
        static_assert(sizeof(T) <= (std::size_t{1} << 20), "veloz pools hold blocks of at most 1 MiB: sizeof(T) is too large");
        static_assert(alignof(T) <= 4096, "veloz pools align blocks to at most 4096 bytes: alignof(T) is too large");
        pool_config config;
        config.block_size = static_cast<std::int32_t>(sizeof(T));
        config.alignment = static_cast<std::int32_t>(alignof(T));
        config.initial_blocks = initial_blocks;
        config.max_blocks = max_blocks;
        config.name = std::move(name);
        return config;
    }
};

/// The deleter of the std::unique_ptr that fixed_pool::make and concurrent_pool::make return: runs ~T(), then
/// returns the block to the pool through the C call (the pool's native handle, so moving the pool object
/// does not break it). The pool must outlive every such pointer; a fixed_pool's pointer must be destroyed on
/// the pool's owner thread (a return the library refuses there, or any other, leaks the block: noexcept).
template <class T, class Handle>
struct pool_deleter {
    Handle* pool = nullptr;

    void operator()(T* object) const noexcept;
};

namespace detail {

// The C functions of one pool kind, so that one class template serves both.
struct pool_calls {
    using handle = veloz_pool;
    static veloz_status create(const veloz_pool_config* c, handle** out) noexcept { return veloz_pool_create(c, out); }
    static void destroy(handle* p) noexcept { veloz_pool_destroy(p); }
    static veloz_status rent(handle* p, void** out) noexcept { return veloz_pool_rent(p, out); }
    static veloz_status give_back(handle* p, void* block) noexcept { return veloz_pool_return(p, block); }
    static veloz_status rent_batch(handle* p, void** blocks, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_pool_rent_batch(p, blocks, n, done);
    }
    static veloz_status give_back_batch(handle* p, void** blocks, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_pool_return_batch(p, blocks, n, done);
    }
    static veloz_status is_rented(handle* p, const void* block, std::int32_t* out) noexcept { return veloz_pool_is_rented(p, block, out); }
    static veloz_status stats(handle* p, veloz_pool_stats* out) noexcept { return veloz_pool_get_stats(p, out); }
};

struct concurrent_pool_calls {
    using handle = veloz_concurrent_pool;
    static veloz_status create(const veloz_pool_config* c, handle** out) noexcept { return veloz_concurrent_pool_create(c, out); }
    static void destroy(handle* p) noexcept { veloz_concurrent_pool_destroy(p); }
    static veloz_status rent(handle* p, void** out) noexcept { return veloz_concurrent_pool_rent(p, out); }
    static veloz_status give_back(handle* p, void* block) noexcept { return veloz_concurrent_pool_return(p, block); }
    static veloz_status rent_batch(handle* p, void** blocks, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_concurrent_pool_rent_batch(p, blocks, n, done);
    }
    static veloz_status give_back_batch(handle* p, void** blocks, std::int32_t n, std::int32_t* done) noexcept {
        return veloz_concurrent_pool_return_batch(p, blocks, n, done);
    }
    static veloz_status is_rented(handle* p, const void* block, std::int32_t* out) noexcept {
        return veloz_concurrent_pool_is_rented(p, block, out);
    }
    static veloz_status stats(handle* p, veloz_pool_stats* out) noexcept { return veloz_concurrent_pool_get_stats(p, out); }
};

template <class Handle>
struct pool_calls_of;
template <>
struct pool_calls_of<veloz_pool> {
    using type = pool_calls;
};
template <>
struct pool_calls_of<veloz_concurrent_pool> {
    using type = concurrent_pool_calls;
};

[[noreturn]] VELOZ_HPP_COLD inline void throw_block_too_small(std::size_t size, std::size_t alignment, std::int32_t block_size,
                                                              std::int32_t block_alignment) {
    throw std::invalid_argument("veloz pool make<T>: T needs " + std::to_string(size) + " bytes aligned to " + std::to_string(alignment) +
                                ", but the pool's blocks are " + std::to_string(block_size) + " bytes aligned to " +
                                std::to_string(block_alignment));
}

/// The members fixed_pool and concurrent_pool share; see those classes for the thread contracts.
template <class Calls>
class basic_pool {
    using handle_type = typename Calls::handle;

public:
    /// The std::unique_ptr that make<T>() returns: destroying it runs ~T() and returns the block.
    template <class T>
    using unique_ptr = std::unique_ptr<T, pool_deleter<T, handle_type>>;

    /// Creates a pool and reserves settings.initial_blocks blocks; throws veloz::error (VELOZ_E_INVALID_ARGUMENT,
    /// the message names the field) for settings out of range, VELOZ_E_OUT_OF_MEMORY when the first chunk cannot
    /// be reserved.
    explicit basic_pool(const pool_config& settings) {
        check_version();
        veloz_pool_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.block_size = settings.block_size;
        native.alignment = settings.alignment;
        native.initial_blocks = settings.initial_blocks;
        native.max_blocks = settings.max_blocks;
        native.flags = settings.fill_freed ? static_cast<std::uint32_t>(VELOZ_POOL_CONFIG_FILL_FREED) : 0u;
        native.name = settings.name.c_str();
        check(Calls::create(&native, handle_.out()));
        // From the settings, not stats(): that is an owner-thread call, and would make this thread the owner.
        block_size_ = settings.block_size;
        alignment_ = settings.alignment == 0 ? 16 : settings.alignment;
    }

    /// Creates a pool of block_size-byte blocks with the library's other defaults.
    explicit basic_pool(std::int32_t block_size, std::int32_t initial_blocks = 1024, std::int32_t max_blocks = 0)
        : basic_pool(make_config(block_size, initial_blocks, max_blocks)) {}

    // Moves take the handle; the moved-from pool holds none (its calls throw VELOZ_E_INVALID_HANDLE). Blocks
    // rented before a move stay rented from the same native pool.
    basic_pool(basic_pool&& other) noexcept
        : handle_(std::move(other.handle_)), block_size_(std::exchange(other.block_size_, 0)),
          alignment_(std::exchange(other.alignment_, 0)) {}
    basic_pool& operator=(basic_pool&& other) noexcept {
        if (this != &other) {
            handle_ = std::move(other.handle_);
            block_size_ = std::exchange(other.block_size_, 0);
            alignment_ = std::exchange(other.alignment_, 0);
        }
        return *this;
    }
    basic_pool(const basic_pool&) = delete;
    basic_pool& operator=(const basic_pool&) = delete;
    /// Destroys the pool and frees every block, rented or not: blocks (and make() pointers) still held dangle.
    ~basic_pool() = default;

    /// Rents a block of block_size() bytes aligned to alignment(), contents not zeroed; the most recently
    /// returned block comes back first. Throws veloz::error with VELOZ_E_FULL when max_blocks are rented (or
    /// memory to grow ran out); the message says how many are rented.
    [[nodiscard]] void* rent() {
        void* block = nullptr;
        check(Calls::rent(handle_.get(), &block));
        return block;
    }

    /// rent() that answers exhaustion with nullptr instead of an exception (never allocates on that path).
    /// Other failures (a moved-from pool, the wrong thread for a fixed_pool) still throw veloz::error.
    [[nodiscard]] void* try_rent() {
        void* block = nullptr;
        const veloz_status status = Calls::rent(handle_.get(), &block);
        if (VELOZ_HPP_UNLIKELY(status != VELOZ_OK) && status != VELOZ_E_FULL)
            detail::throw_last_error(status);
        return block; // the library stores NULL on VELOZ_E_FULL
    }

    /// Returns a block rented from this pool. Throws veloz::error with VELOZ_E_INVALID_ARGUMENT, the pool
    /// unchanged but for its bad_returns counter, for a pointer this pool did not rent out: nullptr, another
    /// pool's or malloc's memory, a pointer inside a block, a block returned twice (the message says which).
    void give_back(void* block) { check(Calls::give_back(handle_.get(), block)); }

    /// Rents up to out.size() blocks into `out` in one call; returns how many: fewer (the rest of `out`
    /// unspecified) when the pool ran out. The ones rented are the caller's to give back either way.
    [[nodiscard]] std::size_t rent_batch(span<void*> out) {
        // One call suffices: a pool holds at most 2^30 blocks, so a clamped count still runs it dry.
        std::int32_t rented = 0;
        const veloz_status status = Calls::rent_batch(handle_.get(), out.data(), detail::clamp_to_int32(out.size()), &rented);
        if (VELOZ_HPP_UNLIKELY(status != VELOZ_OK) && status != VELOZ_E_FULL)
            detail::throw_last_error(status);
        return static_cast<std::size_t>(rented);
    }

    /// Returns `blocks` in order in one call. Stops at the first block the pool refuses and throws veloz::error
    /// (VELOZ_E_INVALID_ARGUMENT) naming it as blocks[i]: the ones before it are returned, it and the rest
    /// are not.
    void give_back_batch(span<void* const> blocks) {
        // One call suffices: more than 2^30 blocks cannot all be rented, so one of the first 2^31 - 1 is refused.
        std::int32_t returned = 0;
        check(Calls::give_back_batch(handle_.get(), const_cast<void**>(blocks.data()), detail::clamp_to_int32(blocks.size()), &returned));
    }

    /// True when `block` is the start of a block of this pool that is rented now (any pointer may be asked).
    [[nodiscard]] bool is_rented(const void* block) const {
        std::int32_t rented = 0;
        check(Calls::is_rented(handle_.get(), block, &rented));
        return rented != 0;
    }

    /// Sizes and counters: capacity, in use, peak, rents, returns, failed rents, bad returns, bytes reserved.
    [[nodiscard]] veloz_pool_stats stats() const {
        veloz_pool_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(Calls::stats(handle_.get(), &result));
        return result;
    }

    /// Constructs a T in a rented block with `args` and returns it as a std::unique_ptr whose deleter runs ~T()
    /// and returns the block. Throws std::invalid_argument (renting nothing) when sizeof(T) exceeds block_size()
    /// or alignof(T) exceeds alignment(); veloz::error as rent(); whatever T's constructor throws (the block is
    /// returned first).
    template <class T, class... Args>
    [[nodiscard]] unique_ptr<T> make(Args&&... args) {
        static_assert(!std::is_array_v<T> && !std::is_reference_v<T>, "veloz pool make<T>: T must be an object type, not an array");
        static_assert(alignof(T) <= 4096, "veloz pool make<T>: blocks are aligned to at most 4096 bytes, alignof(T) is larger");
        static_assert(sizeof(T) <= (std::size_t{1} << 20), "veloz pool make<T>: blocks hold at most 1 MiB, sizeof(T) is larger");
        // A moved-from pool (no handle) skips the check: rent() reports it as VELOZ_E_INVALID_HANDLE.
        if (VELOZ_HPP_UNLIKELY(sizeof(T) > static_cast<std::size_t>(block_size_) || alignof(T) > static_cast<std::size_t>(alignment_)) &&
            handle_.get() != nullptr)
            detail::throw_block_too_small(sizeof(T), alignof(T), block_size_, alignment_);
        void* block = rent();
        try {
            return unique_ptr<T>(::new (block) T(std::forward<Args>(args)...), pool_deleter<T, handle_type>{handle_.get()});
        } catch (...) {
            (void)Calls::give_back(handle_.get(), block);
            throw;
        }
    }

    /// Bytes per block as configured (0 when moved from).
    [[nodiscard]] std::size_t block_size() const noexcept { return static_cast<std::size_t>(block_size_); }

    /// Alignment of every block (0 when moved from).
    [[nodiscard]] std::size_t alignment() const noexcept { return static_cast<std::size_t>(alignment_); }

    /// False for a moved-from (or released) pool, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] handle_type* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must destroy the returned handle (veloz_pool_destroy /
    /// veloz_concurrent_pool_destroy).
    [[nodiscard]] handle_type* release() noexcept {
        block_size_ = 0;
        alignment_ = 0;
        return handle_.release();
    }

private:
    static pool_config make_config(std::int32_t block_size, std::int32_t initial_blocks, std::int32_t max_blocks) {
        pool_config config;
        config.block_size = block_size;
        config.initial_blocks = initial_blocks;
        config.max_blocks = max_blocks;
        return config;
    }

    detail::unique_handle<handle_type, &Calls::destroy> handle_;
    std::int32_t block_size_ = 0;
    std::int32_t alignment_ = 0;
};

} // namespace detail

template <class T, class Handle>
void pool_deleter<T, Handle>::operator()(T* object) const noexcept {
    object->~T();
    (void)detail::pool_calls_of<Handle>::type::give_back(pool, static_cast<void*>(object));
}

/// A pool of fixed-size blocks of native memory for one owner thread (veloz_pool_*): O(1) rent and return, blocks
/// that never move, the most recently returned block reused first, growth by chunks up to max_blocks. Move-only;
/// owns a veloz_pool.
///
/// Threads: the first thread that calls rent, give_back, a batch, is_rented or stats becomes the owner (creating
/// the pool does not), and calls from other threads throw veloz::error with VELOZ_E_STATE; veloz::release_owner
/// hands the pool over, veloz::share lifts the check. For blocks that cross threads use concurrent_pool.
///
/// Exhaustion is routine under load: rent() throws VELOZ_E_FULL, try_rent() and rent_batch() answer it with
/// nullptr / a short count. A refused return is a caller bug and always throws (VELOZ_E_INVALID_ARGUMENT);
/// the pool is unchanged. make<T>() places a T in a block and hands it out as a std::unique_ptr.
class fixed_pool : public detail::basic_pool<detail::pool_calls> {
    using base = detail::basic_pool<detail::pool_calls>;

public:
    using config = pool_config;
    using base::base;
};

/// A lock-free pool of fixed-size blocks for any number of threads (veloz_concurrent_pool_*): a block rented on
/// one thread may be returned on another, and of two threads returning the same block exactly one succeeds.
/// Move-only; owns a veloz_concurrent_pool. Every member is thread-safe; the members and their failures are
/// fixed_pool's. stats() read while other threads run gives recent values, not a consistent snapshot.
class concurrent_pool : public detail::basic_pool<detail::concurrent_pool_calls> {
    using base = detail::basic_pool<detail::concurrent_pool_calls>;

public:
    using config = pool_config;
    using base::base;
};

/// Settings of an arena; the defaults are the library's.
struct arena_config {
    /// Bytes per chunk, 4 KiB..1 GiB (0 also means the default). An allocation larger than a chunk gets a chunk
    /// of its own.
    std::int64_t chunk_size = 65'536;
    /// The name under which memory_report() and memory_prometheus() list the arena, at most 128 characters
    /// (empty: "arena"). Copied at creation.
    std::string name = std::string();
};

/// A bump allocator over chunks of native memory for one owner thread (veloz_arena_*): allocations of any size and
/// alignment in O(1), freed all at once by reset() (which keeps the chunks for the next round) or by destroying
/// the arena. Move-only; owns a veloz_arena. Nothing is freed one by one and no destructor ever runs: make<T>()
/// takes trivially destructible types only. arena_resource adapts it to std::pmr containers.
///
/// Threads: owner-thread, as fixed_pool (the first thread that allocates, resets or reads stats owns it).
class arena {
public:
    using config = arena_config;

    /// Creates an arena and reserves its first chunk; throws veloz::error (VELOZ_E_INVALID_ARGUMENT) for settings
    /// out of range, VELOZ_E_OUT_OF_MEMORY when the chunk cannot be reserved.
    explicit arena(const arena_config& settings = arena_config()) {
        check_version();
        veloz_arena_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.chunk_size = settings.chunk_size;
        native.name = settings.name.c_str();
        check(veloz_arena_create(&native, handle_.out()));
    }

    /// Allocates `size` bytes (1..1 GiB, not zeroed) aligned to `alignment` (a power of two 1..4096), valid until
    /// reset() or the arena's end. Throws veloz::error: VELOZ_E_INVALID_ARGUMENT for a size or alignment out of
    /// range (0 bytes included), VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved.
    [[nodiscard]] void* allocate(std::size_t size, std::size_t alignment = alignof(std::max_align_t)) {
        void* block = nullptr;
        check(veloz_arena_alloc(handle_.get(), to_size(size), to_alignment(alignment), &block));
        return block;
    }

    /// Allocates out.size() blocks of `size` bytes each, aligned as allocate(), their addresses into `out`: the
    /// cheapest way to take many. Checks size and alignment before allocating anything.
    void allocate_batch(std::size_t size, span<void*> out, std::size_t alignment = alignof(std::max_align_t)) {
        void** next = out.data();
        std::size_t remaining = out.size();
        do { // at least one call, so an empty batch still reports a bad size, alignment or handle
            const std::int32_t chunk = detail::clamp_to_int32(remaining);
            check(veloz_arena_alloc_batch(handle_.get(), to_size(size), to_alignment(alignment), next, chunk));
            next += chunk;
            remaining -= static_cast<std::size_t>(chunk);
        } while (remaining > 0);
    }

    /// Constructs a T with `args` in memory allocated for it; valid until reset() or the arena's end. The arena
    /// never runs destructors, so T must be trivially destructible (a static_assert says so). Throws as allocate()
    /// and whatever T's constructor throws (its bytes stay allocated until reset()).
    template <class T, class... Args>
    [[nodiscard]] T* make(Args&&... args) {
        static_assert(std::is_trivially_destructible_v<T>,
                      "veloz::arena::make<T>: the arena never runs destructors, so T must be trivially destructible");
        static_assert(alignof(T) <= 4096, "veloz::arena::make<T>: the arena aligns to at most 4096 bytes, alignof(T) is larger");
        return ::new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
    }

    /// Forgets every allocation and keeps every chunk: the next round reuses the same memory and reserves nothing
    /// new. Every pointer handed out before is invalid afterwards.
    void reset() { check(veloz_arena_reset(handle_.get())); }

    /// Chunks, bytes reserved, bytes allocated since the last reset and their peak, allocations, resets.
    [[nodiscard]] veloz_arena_stats stats() const {
        veloz_arena_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_arena_get_stats(handle_.get(), &result));
        return result;
    }

    /// False for a moved-from (or released) arena, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] veloz_arena* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must veloz_arena_destroy() the returned handle.
    [[nodiscard]] veloz_arena* release() noexcept { return handle_.release(); }

private:
    // Out-of-range values saturate, so the library rejects them with its own message.
    static std::int64_t to_size(std::size_t size) noexcept {
        constexpr std::size_t largest = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
        return static_cast<std::int64_t>(size < largest ? size : largest);
    }
    static std::int32_t to_alignment(std::size_t alignment) noexcept { return detail::clamp_to_int32(alignment); }

    detail::unique_handle<veloz_arena, &veloz_arena_destroy> handle_;
};

/// A std::pmr::memory_resource over an arena, so std::pmr containers allocate from it:
/// `veloz::arena_resource resource(arena); std::pmr::vector<int> v(&resource);`. do_allocate is arena::allocate
/// (a request of 0 bytes takes 1; failures throw veloz::error), do_deallocate does nothing (the memory comes
/// back at arena.reset()), and two resources are equal only when they are the same object. Holds a reference:
/// the arena must outlive the resource and every container using it; reset() the arena only when no container
/// holds its memory. Owner thread of the arena.
class arena_resource : public std::pmr::memory_resource {
public:
    explicit arena_resource(arena& upstream) noexcept : arena_(&upstream) {}

    /// The arena this resource allocates from.
    [[nodiscard]] arena& upstream() const noexcept { return *arena_; }

protected:
    void* do_allocate(std::size_t bytes, std::size_t alignment) override { return arena_->allocate(bytes == 0 ? 1 : bytes, alignment); }
    void do_deallocate(void*, std::size_t, std::size_t) override {}
    [[nodiscard]] bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

private:
    arena* arena_;
};

namespace detail {

// The text exports of the memory registry: ask the length, then fill; the text can grow between the calls.
inline std::string memory_text(veloz_status (*call)(char*, std::int32_t, std::int32_t*)) {
    std::int32_t length = 0;
    veloz_status status = call(nullptr, 0, &length);
    std::vector<char> buffer;
    while (status == VELOZ_E_BUFFER_TOO_SMALL) {
        // Room for the NUL and for a few more lines than were asked for.
        buffer.resize(static_cast<std::size_t>(length) + 1 + 1024);
        status = call(buffer.data(), clamp_to_int32(buffer.size()), &length);
    }
    check(status);
    return buffer.empty() ? std::string() : std::string(buffer.data(), static_cast<std::size_t>(length));
}

} // namespace detail

/// A table of every live pool and arena in the process, C#'s and C's included (name, kind, block size, capacity,
/// in use, peak, rents, failures, chunks, bytes reserved) and a total line. Thread-safe.
[[nodiscard]] inline std::string memory_report() { return detail::memory_text(&veloz_memory_report); }

/// The Prometheus text exposition (format 0.0.4) of every live pool and arena: veloz_memory_bytes_reserved,
/// veloz_pool_in_use_blocks{name="...",kind="..."}, veloz_pool_rents_total, veloz_arena_allocated_bytes, ...
/// Thread-safe.
[[nodiscard]] inline std::string memory_prometheus() { return detail::memory_text(&veloz_memory_prometheus); }

// ---- timers ---------------------------------------------------------------------------------------------------

/// Settings of a timer_wheel; the defaults are the library's.
struct timer_wheel_config {
    /// Nanoseconds per tick, 1,000..3,600,000,000,000 (0 also means the default). Timers fire exactly when due; the
    /// tick sets what a long wait costs, not the precision.
    std::int64_t tick_ns = 1'000'000;
    /// Levels of 256 slots, 1..7 (0 also means the default). A deadline may lie at most about 255 x 256^(levels-1)
    /// ticks after the wheel's time (stats().max_delay_ns says exactly).
    std::int32_t levels = 4;
    /// The wheel's time at creation in ns, 0..2^62, on the clock of every deadline and advance (for example
    /// veloz::clock::now_ns()).
    std::int64_t start_ns = 0;
    /// Timer nodes allocated at creation, 1..2^26 (0 also means the default); the store doubles when more are live.
    std::int32_t initial_timers = 1024;
    /// Most live timers, initial_timers..2^26; 0: no limit but 2^26. A schedule beyond it fails (schedule() throws
    /// VELOZ_E_FULL, try_schedule() returns it).
    std::int32_t max_timers = 0;
    /// The wheel's name in reports, at most 128 characters (empty: "timer_wheel"). Copied at creation.
    std::string name = std::string();
};

/// A hierarchical timer wheel for one owner thread (veloz_timer_wheel_*): O(1) schedule and cancel of one-shot and
/// periodic timers, fired exactly when due (never early) by advance() at the caller's clock, in deadline order with
/// ties in scheduling order. Move-only; owns a veloz_timer_wheel.
///
/// Threads: owner-thread, as fixed_pool: the first thread that schedules, cancels, advances or reads the wheel owns
/// it, and calls from other threads throw veloz::error with VELOZ_E_STATE; veloz::release_owner hands it over.
///
/// Failures: schedule(), schedule_after() and schedule_periodic() throw veloz::error: VELOZ_E_FULL when max_timers
/// are live, VELOZ_E_INVALID_ARGUMENT for a deadline more than max_delay_ns after the wheel's time or a bad interval.
/// The try_ forms return that status instead and never throw. A cancel of a timer that already fired is the normal
/// outcome of a cancel racing its expiry: cancel() returns false, it does not throw. advance() throws
/// VELOZ_E_INVALID_ARGUMENT for a time before the wheel's (the wheel unchanged) and VELOZ_E_STATE when called from
/// inside an advance's callable.
class timer_wheel {
public:
    using config = timer_wheel_config;
    using expiry = veloz_timer_expiry;

    /// Creates an empty wheel; throws veloz::error (VELOZ_E_INVALID_ARGUMENT, the message names the field) for
    /// settings out of range.
    explicit timer_wheel(const timer_wheel_config& settings = timer_wheel_config()) {
        check_version();
        veloz_timer_wheel_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.levels = settings.levels;
        native.tick_ns = settings.tick_ns;
        native.start_ns = settings.start_ns;
        native.initial_timers = settings.initial_timers;
        native.max_timers = settings.max_timers;
        native.name = settings.name.c_str();
        check(veloz_timer_wheel_create(&native, handle_.out()));
    }

    // ---- scheduling (owner thread) ----

    /// Schedules a one-shot timer due at deadline_ns (a time already passed fires at the next advance) carrying
    /// payload; returns its id, never 0. Throws veloz::error (see the class comment).
    [[nodiscard]] std::uint64_t schedule(std::int64_t deadline_ns, std::uint64_t payload = 0) {
        std::uint64_t id = 0;
        check(veloz_timer_wheel_schedule(handle_.get(), deadline_ns, payload, &id));
        return id;
    }

    /// Schedules a one-shot timer due delay_ns (0..max_delay_ns) after the wheel's time (the last advance's now).
    [[nodiscard]] std::uint64_t schedule_after(std::int64_t delay_ns, std::uint64_t payload = 0) {
        std::uint64_t id = 0;
        check(veloz_timer_wheel_schedule_after(handle_.get(), delay_ns, payload, &id));
        return id;
    }

    /// Schedules a periodic timer first due at first_deadline_ns, then every interval_ns (1..max_delay_ns) on that
    /// grid (re-armed from its deadline, not from when it ran: no drift). It keeps its id until cancelled; an advance
    /// that skipped periods delivers it once with their count in expiry::expirations.
    [[nodiscard]] std::uint64_t schedule_periodic(std::int64_t first_deadline_ns, std::int64_t interval_ns, std::uint64_t payload = 0) {
        std::uint64_t id = 0;
        check(veloz_timer_wheel_schedule_periodic(handle_.get(), first_deadline_ns, interval_ns, payload, &id));
        return id;
    }

    /// schedule() returning the status instead of throwing: VELOZ_OK with the id in `id`, or the failure (VELOZ_E_FULL,
    /// VELOZ_E_INVALID_ARGUMENT, ...; the reason in veloz_last_error_message) with `id` 0. Never throws.
    [[nodiscard]] veloz_status try_schedule(std::int64_t deadline_ns, std::uint64_t payload, std::uint64_t& id) noexcept {
        id = 0;
        return veloz_timer_wheel_schedule(handle_.get(), deadline_ns, payload, &id);
    }

    /// schedule_after() returning the status; see try_schedule().
    [[nodiscard]] veloz_status try_schedule_after(std::int64_t delay_ns, std::uint64_t payload, std::uint64_t& id) noexcept {
        id = 0;
        return veloz_timer_wheel_schedule_after(handle_.get(), delay_ns, payload, &id);
    }

    /// schedule_periodic() returning the status; see try_schedule().
    [[nodiscard]] veloz_status try_schedule_periodic(std::int64_t first_deadline_ns, std::int64_t interval_ns, std::uint64_t payload,
                                                     std::uint64_t& id) noexcept {
        id = 0;
        return veloz_timer_wheel_schedule_periodic(handle_.get(), first_deadline_ns, interval_ns, payload, &id);
    }

    /// Cancels the live timer `id`, also one that is due but not delivered yet: it never fires again. True when it
    /// was live; false (nothing changes, nothing thrown) when it already fired (one-shot), was cancelled or never
    /// existed. Throws veloz::error only for a moved-from wheel or the wrong thread.
    bool cancel(std::uint64_t id) {
        const veloz_status status = veloz_timer_wheel_cancel(handle_.get(), id);
        if (status == VELOZ_OK)
            return true;
        if (status == VELOZ_E_NOT_FOUND)
            return false;
        detail::throw_last_error(status);
    }

    /// True when `id` names a live timer (scheduled and neither fired, for a one-shot, nor cancelled).
    [[nodiscard]] bool is_active(std::uint64_t id) const {
        std::int32_t active = 0;
        check(veloz_timer_wheel_is_active(handle_.get(), id, &active));
        return active != 0;
    }

    // ---- advancing (owner thread) ----

    /// Moves the wheel's time to now_ns and copies the timers due by then into `out`, in deadline order (ties in
    /// scheduling order); returns how many. When it returns out.size(), more may be due: they stay pending, in order
    /// and cancellable, for the next call (call again with the same now_ns until it returns less). Throws
    /// veloz::error (VELOZ_E_INVALID_ARGUMENT) for a now_ns before the wheel's time or above 2^62, VELOZ_E_STATE from
    /// inside an advance's callable.
    [[nodiscard]] std::size_t advance(std::int64_t now_ns, span<expiry> out) {
        std::int32_t written = 0;
        check(veloz_timer_wheel_advance(handle_.get(), now_ns, out.data(), detail::clamp_to_int32(out.size()), &written));
        return static_cast<std::size_t>(written);
    }

    /// advance() into `count` expiries starting at `out`.
    [[nodiscard]] std::size_t advance(std::int64_t now_ns, expiry* out, std::size_t count) { return advance(now_ns, span<expiry>(out, count)); }

    /// Moves the wheel's time to now_ns and calls `f(const veloz_timer_expiry&)` for each timer due by then, in
    /// deadline order, on this thread, before returning; returns how many were delivered. `f` returns void (go on) or
    /// something convertible to bool (false stops: the timers due after it stay pending for the next advance). It may
    /// schedule and cancel on this wheel (a timer it schedules already due fires at the next advance) but not
    /// advance or clear it (those throw VELOZ_E_STATE) nor destroy it. An exception thrown by `f` never crosses the C
    /// library: it stops the advance (the timers after it stay pending, the one that threw is delivered) and is
    /// rethrown from here once the library has returned; the wheel stays usable.
    template <class F, std::enable_if_t<std::is_invocable_v<F&, const expiry&>, int> = 0>
    std::size_t advance(std::int64_t now_ns, F&& f) {
        using callable = std::remove_reference_t<F>;
        callback_context<callable> context{std::addressof(f), nullptr};
        std::int32_t fired = 0;
        const veloz_status status =
            veloz_timer_wheel_advance_callback(handle_.get(), now_ns, &trampoline<callable>, &context, &fired);
        if (context.error)
            std::rethrow_exception(context.error);
        check(status);
        return static_cast<std::size_t>(fired);
    }

    /// A time by which to advance next: the earliest deadline or earlier (a lower bound: advancing then may fire
    /// nothing), the wheel's time when timers are pending, std::numeric_limits<std::int64_t>::max() when no timer is
    /// live. Sleeping until it never misses a deadline.
    [[nodiscard]] std::int64_t next_deadline() const {
        std::int64_t ns = 0;
        check(veloz_timer_wheel_next_deadline(handle_.get(), &ns));
        return ns;
    }

    /// Cancels every timer (pending ones too); the wheel's time and its allocated nodes stay. Throws VELOZ_E_STATE
    /// from inside an advance's callable.
    void clear() { check(veloz_timer_wheel_clear(handle_.get())); }

    /// Levels, tick, time, max delay, live and pending timers, peak, capacity and the counters (scheduled, cancelled,
    /// fired, missed periods, cascades, failed schedules and cancels).
    [[nodiscard]] veloz_timer_wheel_stats stats() const {
        veloz_timer_wheel_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_timer_wheel_get_stats(handle_.get(), &result));
        return result;
    }

    /// The wheel's time: the last advance's now_ns (start_ns before any). Reads stats().
    [[nodiscard]] std::int64_t now_ns() const { return stats().now_ns; }

    /// Timers live now. Reads stats().
    [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(stats().active); }

    /// The farthest a deadline may lie after the wheel's time. Reads stats().
    [[nodiscard]] std::int64_t max_delay_ns() const { return stats().max_delay_ns; }

    /// False for a moved-from (or released) wheel, whose calls throw VELOZ_E_INVALID_HANDLE.
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object.
    [[nodiscard]] veloz_timer_wheel* native_handle() const noexcept { return handle_.get(); }

    /// Gives up ownership: the caller must veloz_timer_wheel_destroy() the returned handle.
    [[nodiscard]] veloz_timer_wheel* release() noexcept { return handle_.release(); }

private:
    template <class Callable>
    struct callback_context {
        Callable* callable;
        std::exception_ptr error;
    };

    // The C callback: calls the C++ callable, and turns an exception into "stop" plus a saved exception_ptr, so that
    // nothing unwinds through the library's frames.
    template <class Callable>
    static std::int32_t trampoline(void* raw, veloz_timer_expiry* e) noexcept {
        auto* context = static_cast<callback_context<Callable>*>(raw);
        try {
            const expiry& delivered = *e;
            if constexpr (std::is_void_v<std::invoke_result_t<Callable&, const expiry&>>) {
                std::invoke(*context->callable, delivered);
                return 0;
            } else {
                return static_cast<bool>(std::invoke(*context->callable, delivered)) ? 0 : 1;
            }
        } catch (...) {
            context->error = std::current_exception();
            return 1;
        }
    }

    detail::unique_handle<veloz_timer_wheel, &veloz_timer_wheel_destroy> handle_;
};

// ---- event loop -------------------------------------------------------------------------------------------------

/// The priority of an event_loop task: a due task of a higher priority runs first (but see
/// event_loop_config::starvation_limit); tasks of one priority run in posting order.
enum class loop_priority : std::int32_t {
    critical = VELOZ_LOOP_PRIORITY_CRITICAL,     ///< Runs first: order handling, risk checks.
    normal = VELOZ_LOOP_PRIORITY_NORMAL,         ///< The default.
    background = VELOZ_LOOP_PRIORITY_BACKGROUND, ///< Runs when nothing else is due: logging, housekeeping.
};

/// What an event_loop's thread does inside run() and run_for() when no task is due.
enum class loop_idle_strategy : std::int32_t {
    busy_spin = VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN,             ///< Polls without pause: lowest latency, one core at 100%.
    spin_then_yield = VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD, ///< spin_iterations polls, then yields between polls.
    spin_then_sleep = VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP, ///< Polls, then sleeps until a deadline or a post wakes it.
};

/// Settings of an event_loop; the defaults are the library's.
struct event_loop_config {
    /// Tasks that may wait at once (posted, delayed or due, not yet run), 16..2^22 (0 also means the default). A post
    /// beyond it fails with VELOZ_E_FULL.
    std::int32_t task_capacity = 65'536;
    /// The delayed tasks' timer wheel tick in ns, 1,000..3,600,000,000,000 (0 also means the default). Delayed tasks
    /// run exactly when due; the tick bounds how far ahead a deadline may lie.
    std::int64_t timer_tick_ns = 100'000;
    /// Tasks of higher priorities that may run while a lower one waits before one lower task runs, 1..1,000,000 (0
    /// also means the default).
    std::int32_t starvation_limit = 64;
    /// Polls before yielding or sleeping, 1..10,000,000 (0 also means the default).
    std::int32_t spin_iterations = 1'000;
    /// What the loop does when idle.
    loop_idle_strategy idle_strategy = loop_idle_strategy::busy_spin;
    /// The loop's name in reports, at most 128 characters (empty: "event_loop"). Copied at creation.
    std::string name = std::string();
    /// When set, the thread that first runs the loop is pinned to this CPU (as veloz::this_thread::pin) before any
    /// task runs; a CPU that does not exist makes that run throw.
    std::optional<int> pin_cpu = std::nullopt;
};

namespace detail {

/// True when a callable of type F (decayed) travels inside the C context pointer itself: trivially copyable, at most
/// pointer-sized and pointer-aligned (a function pointer, a lambda capturing one pointer or nothing). Such tasks are
/// posted without any allocation or lock; any other callable is moved into a heap holder.
template <class F>
inline constexpr bool fits_in_loop_context = std::is_trivially_copyable_v<std::decay_t<F>> &&
                                             sizeof(std::decay_t<F>) <= sizeof(void*) &&
                                             alignof(std::decay_t<F>) <= alignof(void*);

struct loop_state;

// A heap-held task: on the intrusive list of its loop_state (so that the loop's destruction frees the tasks it
// dropped) and, when delayed, in its delayed map (so that cancel frees it).
struct loop_holder {
    virtual ~loop_holder() = default;
    virtual void invoke() = 0;
    loop_state* owner = nullptr;
    loop_holder* previous = nullptr;
    loop_holder* next = nullptr;
    std::uint64_t delayed_id = 0; // 0: an immediate post
};

template <class Callable>
struct loop_holder_of final : loop_holder {
    template <class F>
    explicit loop_holder_of(F&& f) : callable(std::forward<F>(f)) {}
    void invoke() override { std::invoke(callable); }
    Callable callable;
};

// What the wrapper keeps at a stable address (the holders and the trampolines point at it), so that moving the
// event_loop moves one pointer.
struct loop_state {
    loop_state() = default;
    loop_state(const loop_state&) = delete;
    loop_state& operator=(const loop_state&) = delete;
    ~loop_state() {
        // The C loop is destroyed by now: the tasks it dropped are only here.
        loop_holder* h = head;
        while (h != nullptr) {
            loop_holder* next = h->next;
            delete h;
            h = next;
        }
    }

    void link(loop_holder* h) {
        std::lock_guard<std::mutex> lock(mutex);
        h->owner = this;
        h->next = head;
        if (head != nullptr)
            head->previous = h;
        head = h;
    }

    void unlink(loop_holder* h) noexcept {
        std::lock_guard<std::mutex> lock(mutex);
        if (h->previous != nullptr)
            h->previous->next = h->next;
        else
            head = h->next;
        if (h->next != nullptr)
            h->next->previous = h->previous;
        h->previous = h->next = nullptr;
    }

    // An exception from a task: to the handler, or kept (the first one) for the running call to rethrow.
    void report(std::exception_ptr e) noexcept {
        if (handler) {
            try {
                handler(e);
                return;
            } catch (...) {
                e = std::current_exception();
            }
        }
        if (!error)
            error = std::move(e);
    }

    std::mutex mutex;                                        // guards the list (posts come from any thread)
    loop_holder* head = nullptr;                             // every heap holder not yet run, cancelled or freed
    std::unordered_map<std::uint64_t, loop_holder*> delayed; // owner thread only
    std::exception_ptr error;                                // owner thread only
    std::function<void(std::exception_ptr)> handler;         // owner thread only
};

// The loop_state whose run call is on this thread's stack (the innermost), for the exceptions of packed tasks,
// which carry no pointer back to their loop.
inline loop_state*& running_loop() noexcept {
    thread_local loop_state* current = nullptr;
    return current;
}

// Unknown exception target (a packed task run by a direct C call, outside every veloz::event_loop run): the same
// outcome as an exception leaving a noexcept function.
inline void report_task_exception(loop_state* owner, std::exception_ptr e) noexcept {
    if (owner == nullptr)
        owner = running_loop();
    if (owner == nullptr)
        std::terminate();
    owner->report(std::move(e));
}

template <class Callable>
void packed_trampoline(void* context) noexcept {
    try {
        alignas(Callable) unsigned char storage[sizeof(Callable)];
        std::memcpy(storage, &context, sizeof(Callable));
        Callable& callable = *std::launder(reinterpret_cast<Callable*>(storage));
        std::invoke(callable);
    } catch (...) {
        report_task_exception(nullptr, std::current_exception());
    }
}

inline void holder_trampoline(void* context) noexcept {
    auto* holder = static_cast<loop_holder*>(context);
    loop_state* owner = holder->owner;
    owner->unlink(holder);
    if (holder->delayed_id != 0)
        owner->delayed.erase(holder->delayed_id);
    try {
        std::unique_ptr<loop_holder> owned(holder); // freed after the call, also when it throws
        owned->invoke();
    } catch (...) {
        report_task_exception(owner, std::current_exception());
    }
}

inline void no_task(void*) noexcept {}

// A std::chrono duration as the C calls' ns: zero or negative is 0, a fraction rounds up, beyond 2^63 - 1 saturates.
template <class Rep, class Period>
[[nodiscard]] std::int64_t saturated_ns(const std::chrono::duration<Rep, Period>& d) noexcept {
    const std::int64_t ns = timeout_ns(d);
    return ns < 0 ? std::numeric_limits<std::int64_t>::max() : ns;
}

} // namespace detail

/// An event loop (veloz_event_loop_*): one thread runs it (run_once, run_for, run) and runs its tasks, callables
/// `void()`, in priority order (critical, normal, background; FIFO within one priority; a starvation guard lets one
/// lower task run after starvation_limit higher ones ran while it waited). Any thread may post() and stop(); delayed
/// tasks (post_at, post_after) run when due, never earlier, on the clock of veloz::clock::now_ns(). Move-only; owns a
/// veloz_event_loop.
///
/// Threads: post(), try_post() and stop() from any thread. Everything else is owner-thread: the first thread that
/// calls post_at, post_after, cancel, a run or stats owns the loop, and calls from other threads throw veloz::error
/// with VELOZ_E_STATE (veloz::release_owner hands it over). on_error() is owner-thread too. The loop must not be
/// running, nor any thread posting, when it is destroyed, moved or assigned.
///
/// Tasks: a callable whose decayed type is trivially copyable and at most pointer-sized (detail::fits_in_loop_context:
/// a function pointer, a lambda capturing one pointer) travels inside the C context pointer: no allocation, no lock.
/// Any other callable is moved into a heap holder, freed after it ran, when its delayed task is cancelled, or when the
/// loop is destroyed with it still waiting (the destructor drops waiting tasks without running them); a heap post
/// takes a short lock to keep that list.
///
/// Failures: post(), post_at() and post_after() throw veloz::error: VELOZ_E_FULL when task_capacity tasks wait,
/// VELOZ_E_INVALID_ARGUMENT for a deadline beyond the timer wheel's range; std::bad_alloc when a holder cannot be
/// allocated. The try_ forms return the status instead (VELOZ_E_OUT_OF_MEMORY for a failed holder allocation) and
/// throw only what moving or copying the callable throws. cancel() of a task that ran, came due or is unknown
/// returns false. A run from inside a task throws VELOZ_E_STATE (nothing runs).
///
/// Exceptions thrown by a task never unwind through the C library: the trampoline catches them, the loop goes on
/// running the other tasks, and the first one (later ones are dropped) is rethrown from run_once(), run_for() or
/// run() once the C call returned; for run() that is after stop(). With on_error() set, each one is given to the
/// handler instead, on the loop's thread, as it happens. A task posted by a direct C call on native_handle() is not
/// this wrapper's concern.
class event_loop {
public:
    using config = event_loop_config;
    using priority = loop_priority;

    /// Creates an idle loop; throws veloz::error (VELOZ_E_INVALID_ARGUMENT, the message names the field) for settings
    /// out of range.
    explicit event_loop(const event_loop_config& settings = event_loop_config()) : state_(std::make_unique<detail::loop_state>()) {
        check_version();
        veloz_event_loop_config native{};
        native.struct_size = static_cast<std::uint32_t>(sizeof native);
        native.task_capacity = settings.task_capacity;
        native.timer_tick_ns = settings.timer_tick_ns;
        native.starvation_limit = settings.starvation_limit;
        native.spin_iterations = settings.spin_iterations;
        native.idle_strategy = static_cast<veloz_loop_idle_strategy>(settings.idle_strategy);
        native.flags = 0;
        if (settings.pin_cpu) {
            native.flags = VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD;
            native.pin_cpu = *settings.pin_cpu;
        }
        native.name = settings.name.c_str();
        check(veloz_event_loop_create(&native, handle_.out()));
    }

    event_loop(event_loop&&) noexcept = default;
    /// Destroys this loop (dropping its waiting tasks), then takes other's.
    event_loop& operator=(event_loop&& other) noexcept {
        if (this != &other) {
            handle_ = std::move(other.handle_); // the C loop first: nothing refers to the old holders after it
            state_ = std::move(other.state_);
        }
        return *this;
    }
    // Members are destroyed in reverse order: the C loop (handle_) before the holders it may still point to (state_).
    ~event_loop() = default;

    // ---- posting (any thread) ----

    /// Posts f to run on the loop's thread at priority p, from any thread; wakes a sleeping loop. Throws veloz::error
    /// (VELOZ_E_FULL when task_capacity tasks wait) or std::bad_alloc; f is not run then.
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    void post(F&& f, loop_priority p = loop_priority::normal) {
        throw_unless_ok(post_impl(std::forward<F>(f), p));
    }

    /// post() returning the status instead of throwing: VELOZ_OK, VELOZ_E_FULL (no message formatted),
    /// VELOZ_E_INVALID_HANDLE, VELOZ_E_OUT_OF_MEMORY (no holder). Throws only what moving or copying f throws.
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] veloz_status try_post(F&& f, loop_priority p = loop_priority::normal) {
        return post_impl(std::forward<F>(f), p);
    }

    // ---- delayed tasks (owner thread) ----

    /// Schedules f to run at deadline_ns (veloz::clock::now_ns()'s clock), then or later, never earlier (a deadline
    /// passed runs at the next run); returns its id for cancel(), never 0. Throws veloz::error (see the class comment).
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] std::uint64_t post_at(std::int64_t deadline_ns, F&& f, loop_priority p = loop_priority::normal) {
        std::uint64_t id = 0;
        throw_unless_ok(delayed_impl(true, deadline_ns, std::forward<F>(f), p, id));
        return id;
    }

    /// post_at() at a veloz::clock time point.
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] std::uint64_t post_at(clock::time_point deadline, F&& f, loop_priority p = loop_priority::normal) {
        return post_at(deadline.time_since_epoch().count(), std::forward<F>(f), p);
    }

    /// Schedules f delay_ns (≥ 0) from now; see post_at().
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] std::uint64_t post_after(std::int64_t delay_ns, F&& f, loop_priority p = loop_priority::normal) {
        std::uint64_t id = 0;
        throw_unless_ok(delayed_impl(false, delay_ns, std::forward<F>(f), p, id));
        return id;
    }

    /// post_after() with a std::chrono delay (negative: 0; a fraction of a ns rounds up).
    template <class Rep, class Period, class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] std::uint64_t post_after(std::chrono::duration<Rep, Period> delay, F&& f, loop_priority p = loop_priority::normal) {
        return post_after(detail::saturated_ns(delay), std::forward<F>(f), p);
    }

    /// post_at() returning the status; `id` is 0 on failure. Throws only what moving or copying f throws.
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] veloz_status try_post_at(std::int64_t deadline_ns, F&& f, loop_priority p, std::uint64_t& id) {
        return delayed_impl(true, deadline_ns, std::forward<F>(f), p, id);
    }

    /// post_after() returning the status; see try_post_at().
    template <class F, std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>, int> = 0>
    [[nodiscard]] veloz_status try_post_after(std::int64_t delay_ns, F&& f, loop_priority p, std::uint64_t& id) {
        return delayed_impl(false, delay_ns, std::forward<F>(f), p, id);
    }

    /// Cancels the delayed task `id` not yet due: it never runs, and its callable is destroyed now. True when it was
    /// waiting; false when it ran, came due (it will still run), was cancelled or never existed. Throws veloz::error
    /// only for a moved-from loop or the wrong thread.
    bool cancel(std::uint64_t id) {
        const veloz_status status = veloz_event_loop_cancel(handle_.get(), id);
        if (status == VELOZ_OK) {
            const auto found = state_->delayed.find(id);
            if (found != state_->delayed.end()) {
                detail::loop_holder* holder = found->second;
                state_->delayed.erase(found);
                state_->unlink(holder);
                delete holder;
            }
            return true;
        }
        if (status == VELOZ_E_NOT_FOUND)
            return false;
        detail::throw_last_error(status);
    }

    // ---- running (owner thread) ----

    /// Runs every task due now (tasks posted meanwhile wait for the next call); returns how many ran. Rethrows the
    /// first exception a task threw (see the class comment); throws veloz::error VELOZ_E_STATE from inside a task.
    std::size_t run_once() {
        std::int32_t ran = 0;
        const veloz_status status = run_scope(state_.get(), [&] { return veloz_event_loop_run_once(handle_.get(), &ran); });
        finish(status);
        return static_cast<std::size_t>(ran);
    }

    /// Runs the loop for duration_ns (≥ 0), idling by its strategy, or until stop(); returns the tasks run. Exceptions
    /// as run_once().
    std::int64_t run_for(std::int64_t duration_ns) {
        std::int64_t ran = 0;
        const veloz_status status = run_scope(state_.get(), [&] { return veloz_event_loop_run_for(handle_.get(), duration_ns, &ran); });
        finish(status);
        return ran;
    }

    /// run_for() with a std::chrono duration (negative: 0).
    template <class Rep, class Period>
    std::int64_t run_for(std::chrono::duration<Rep, Period> duration) { return run_for(detail::saturated_ns(duration)); }

    /// Runs the loop until stop() (from any thread or a task; a stop() while not running makes this return at once);
    /// returns the tasks run. Exceptions as run_once(): a task's exception is rethrown only once the loop stopped.
    std::int64_t run() {
        std::int64_t ran = 0;
        const veloz_status status = run_scope(state_.get(), [&] { return veloz_event_loop_run(handle_.get(), &ran); });
        finish(status);
        return ran;
    }

    /// Makes run() or run_for() return after the task running now, from any thread or a task; a stop while not running
    /// makes the next run return at once.
    void stop() { check(veloz_event_loop_stop(handle_.get())); }

    /// Gives every later task exception to `handler(std::exception_ptr)`, called on the loop's thread from inside the
    /// run call, instead of rethrowing it from the run (an exception thrown by the handler itself is kept and
    /// rethrown as before). An empty function restores the default. Owner thread, not from inside a task.
    void on_error(std::function<void(std::exception_ptr)> handler) {
        if (!state_)
            check(veloz_event_loop_stop(nullptr)); // VELOZ_E_INVALID_HANDLE with the library's message
        state_->handler = std::move(handler);
    }

    /// Posted, refused, run per priority, cancelled, late and promoted counts, waiting and delayed tasks, busy and idle
    /// time, and the post-to-run latency percentiles. Owner thread.
    [[nodiscard]] veloz_event_loop_stats stats() const {
        veloz_event_loop_stats result{};
        result.struct_size = static_cast<std::uint32_t>(sizeof result);
        check(veloz_event_loop_get_stats(handle_.get(), &result));
        return result;
    }

    /// False for a moved-from loop, whose calls throw VELOZ_E_INVALID_HANDLE (try_ forms return it).
    explicit operator bool() const noexcept { return handle_.get() != nullptr; }

    /// The C handle, for calling the C API directly; still owned by this object. (There is no release(): the heap
    /// tasks of the loop belong to this object.)
    [[nodiscard]] veloz_event_loop* native_handle() const noexcept { return handle_.get(); }

private:
    template <class Call>
    static veloz_status run_scope(detail::loop_state* state, Call call) {
        detail::loop_state*& slot = detail::running_loop();
        struct restore {
            detail::loop_state*& slot;
            detail::loop_state* previous;
            ~restore() { slot = previous; }
        } guard{slot, slot};
        slot = state;
        return call();
    }

    // A refused call ran no task: its status is thrown, and an exception kept from the tasks of an enclosing run
    // stays for that run. A completed call rethrows the first task exception.
    void finish(veloz_status status) {
        check(status);
        if (state_->error)
            std::rethrow_exception(std::exchange(state_->error, nullptr));
    }

    // VELOZ_E_OUT_OF_MEMORY comes from a failed holder allocation here: std::bad_alloc, as a throwing new.
    static void throw_unless_ok(veloz_status status) {
        if (status == VELOZ_E_OUT_OF_MEMORY)
            throw std::bad_alloc();
        check(status);
    }

    template <class F>
    veloz_status post_impl(F&& f, loop_priority p) {
        using callable = std::decay_t<F>;
        const auto native_priority = static_cast<veloz_loop_priority>(p);
        if constexpr (detail::fits_in_loop_context<callable>) {
            callable packed(std::forward<F>(f));
            void* context = nullptr;
            std::memcpy(&context, &packed, sizeof(callable));
            return veloz_event_loop_post(handle_.get(), &detail::packed_trampoline<callable>, context, native_priority);
        } else {
            if (!state_)
                return veloz_event_loop_post(nullptr, &detail::no_task, nullptr, native_priority);
            detail::loop_holder* holder = new (std::nothrow) detail::loop_holder_of<callable>(std::forward<F>(f));
            if (holder == nullptr)
                return VELOZ_E_OUT_OF_MEMORY;
            state_->link(holder);
            const veloz_status status = veloz_event_loop_post(handle_.get(), &detail::holder_trampoline, holder, native_priority);
            if (status != VELOZ_OK) {
                state_->unlink(holder);
                delete holder;
            }
            return status;
        }
    }

    template <class F>
    veloz_status delayed_impl(bool absolute, std::int64_t when_ns, F&& f, loop_priority p, std::uint64_t& id) {
        using callable = std::decay_t<F>;
        id = 0;
        const auto native_priority = static_cast<veloz_loop_priority>(p);
        auto schedule = [&](void (*task)(void*), void* context) {
            return absolute ? veloz_event_loop_post_at(handle_.get(), when_ns, task, context, native_priority, &id)
                            : veloz_event_loop_post_after(handle_.get(), when_ns, task, context, native_priority, &id);
        };
        if constexpr (detail::fits_in_loop_context<callable>) {
            callable packed(std::forward<F>(f));
            void* context = nullptr;
            std::memcpy(&context, &packed, sizeof(callable));
            return schedule(&detail::packed_trampoline<callable>, context);
        } else {
            if (!state_)
                return schedule(&detail::no_task, nullptr);
            detail::loop_holder* holder = new (std::nothrow) detail::loop_holder_of<callable>(std::forward<F>(f));
            if (holder == nullptr)
                return VELOZ_E_OUT_OF_MEMORY;
            state_->link(holder);
            const veloz_status status = schedule(&detail::holder_trampoline, holder);
            if (status != VELOZ_OK) {
                state_->unlink(holder);
                delete holder;
                return status;
            }
            // The task cannot have run yet: runs are on this (the owner) thread, and a run's tasks posted meanwhile
            // wait for the next run.
            holder->delayed_id = id;
            try {
                state_->delayed.emplace(id, holder);
            } catch (...) { // no memory for the map node: take the task back
                (void)veloz_event_loop_cancel(handle_.get(), id);
                state_->unlink(holder);
                delete holder;
                id = 0;
                return VELOZ_E_OUT_OF_MEMORY;
            }
            return status;
        }
    }

    // Declared first, destroyed last: the C loop goes before the holders it may still point to.
    std::unique_ptr<detail::loop_state> state_;
    detail::unique_handle<veloz_event_loop, &veloz_event_loop_destroy> handle_;
};

// ---- threads: CPU affinity of the calling thread ----------------------------------------------------------------

namespace detail {
// Calls a veloz_thread_* list export, sized by a first query.
template <class Fn>
std::vector<int> cpu_list(Fn fn) {
    std::int32_t needed = 0;
    veloz_status status = fn(nullptr, 0, &needed);
    while (status == VELOZ_E_BUFFER_TOO_SMALL) {
        std::vector<std::int32_t> cpus(static_cast<std::size_t>(needed));
        std::int32_t written = 0;
        status = fn(cpus.data(), needed, &written);
        if (status == VELOZ_OK)
            return std::vector<int>(cpus.begin(), cpus.begin() + written);
        needed = written;
    }
    check(status);
    return {};
}
} // namespace detail

/// The number of online CPUs.
inline int cpu_count() noexcept { return veloz_thread_cpu_count(); }

/// The CPUs isolated from the scheduler (isolcpus=); empty when none or unknown.
inline std::vector<int> isolated_cpus() { return detail::cpu_list(veloz_thread_isolated_cpus); }

/// The CPUs in full dynticks mode (nohz_full=); empty when none or unknown.
inline std::vector<int> nohz_full_cpus() { return detail::cpu_list(veloz_thread_nohz_full_cpus); }

/// The calling thread's CPU affinity. Every function acts on the thread that calls it; a CPU that does not exist or
/// that the process may not use throws veloz::error (VELOZ_E_INVALID_ARGUMENT) naming the CPUs available.
namespace this_thread {

/// Pins the calling thread to cpu.
inline void pin(int cpu) { check(veloz_thread_pin(cpu)); }

/// Restricts the calling thread to cpus (at least one).
inline void set_affinity(const std::vector<int>& cpus) {
    std::vector<std::int32_t> values(cpus.begin(), cpus.end());
    check(veloz_thread_set_affinity(values.data(), static_cast<std::int32_t>(values.size())));
}

/// The CPUs the calling thread may run on, ascending.
inline std::vector<int> affinity() { return detail::cpu_list(veloz_thread_get_affinity); }

/// The CPU the calling thread runs on at this instant, or -1 where the OS cannot tell.
inline int current_cpu() noexcept { return veloz_thread_current_cpu(); }

/// Pins the calling thread to a CPU for its lifetime and restores the previous affinity when destroyed.
class scoped_pin {
public:
    explicit scoped_pin(int cpu) : previous_(affinity()) { pin(cpu); }
    ~scoped_pin() {
        // Restoring a set the thread had a moment ago cannot fail but for a cpuset shrunk meanwhile: nothing to do then.
        veloz_thread_set_affinity(previous_.data(), static_cast<std::int32_t>(previous_.size()));
    }
    scoped_pin(const scoped_pin&) = delete;
    scoped_pin& operator=(const scoped_pin&) = delete;

private:
    std::vector<std::int32_t> previous_;
};

} // namespace this_thread

} // namespace veloz

#undef VELOZ_HPP_COLD
#undef VELOZ_HPP_UNLIKELY

#endif // VELOZ_HPP
