// veloz.hpp: the C++17 binding of libveloz.so. Header-only; every call goes straight through the C ABI
// in veloz.h (generated from src/Interop), so this file adds the C++ idioms and no logic of its own:
//   - move-only RAII owners of the library's handles (histogram, time_sync),
//   - failures as veloz::error, carrying the status code and the library's message,
//   - veloz::clock, a std::chrono clock over the library's TSC clock,
//   - span-like batches so a hot path crosses the ABI once per batch, not once per value.
// Thread contracts are the C functions'; each member says which one applies.
#ifndef VELOZ_HPP
#define VELOZ_HPP

#include "veloz.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
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

} // namespace veloz

#undef VELOZ_HPP_COLD
#undef VELOZ_HPP_UNLIKELY

#endif // VELOZ_HPP
