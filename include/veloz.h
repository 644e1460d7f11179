/*
 * veloz.h: the C API of VeloZ, a low-latency trading core (libveloz.so).
 *
 * GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop
 * (the compiled VeloZ.Interop.dll and its XML doc comments); the build regenerates it and CI
 * fails when this copy differs. To change the API, change the exports, then run
 *   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
 *
 * Conventions: functions that can fail return veloz_status (VELOZ_OK is 0, errors are negative)
 * and write results through out pointers; veloz_last_error_message() explains the most recent
 * failure on the calling thread. Every function states its thread contract.
 */
#ifndef VELOZ_H
#define VELOZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__cplusplus)
#define VELOZ_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define VELOZ_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/* ---- Constants --------------------------------------------------------------------------- */

/** ABI major version; also the SONAME suffix (libveloz.so.0). */
#define VELOZ_VERSION_MAJOR 0
/** Minor version: additions that keep old callers working. */
#define VELOZ_VERSION_MINOR 1
/** Patch version: fixes only. */
#define VELOZ_VERSION_PATCH 0

/* ---- veloz_status ------------------------------------------------------------------------ */

/** Result of every export that can fail. 0 is success; errors are negative. */
typedef int32_t veloz_status;
enum {
    /** Success. */
    VELOZ_OK = 0,
    /** An argument is out of its documented range, or a required pointer is NULL. */
    VELOZ_E_INVALID_ARGUMENT = -1,
    /** The handle is NULL, destroyed, or of another object type. */
    VELOZ_E_INVALID_HANDLE = -2,
    /** The named item (order id, venue, key) does not exist. */
    VELOZ_E_NOT_FOUND = -3,
    /** The item already exists (for example an order id in use). */
    VELOZ_E_DUPLICATE = -4,
    /** A fixed capacity is exhausted (queue, pool, venue table). */
    VELOZ_E_FULL = -5,
    /** Nothing to take (empty queue or pool). */
    VELOZ_E_EMPTY = -6,
    /** Memory could not be allocated. */
    VELOZ_E_OUT_OF_MEMORY = -7,
    /** The caller's buffer is too small; where cheap, the needed size is reported. */
    VELOZ_E_BUFFER_TOO_SMALL = -8,
    /** The object is not in a state that allows the call. */
    VELOZ_E_STATE = -9,
    /** A bug inside VeloZ: an unexpected exception was caught at the boundary. */
    VELOZ_E_INTERNAL = -10,
    /** The operation is not supported on this platform or in this mode. */
    VELOZ_E_UNSUPPORTED = -11,
    /** A sequence number gap was detected (market data); the object is marked stale. */
    VELOZ_E_SEQUENCE_GAP = -12
};

/* ---- Opaque handle types ----------------------------------------------------------------- */

/** An HDR-style latency histogram (opaque). */
typedef struct veloz_histogram veloz_histogram;

/* ---- veloz_histogram_config -------------------------------------------------------------- */

/**
 * Configuration of veloz_histogram_create. Set struct_size to sizeof(veloz_histogram_config); a
 * zero field means its default.
 */
typedef struct veloz_histogram_config {
    /** sizeof(veloz_histogram_config) as the caller knows it. */
    uint32_t struct_size;
    /** Decimal digits kept of every value, 1..5; 0 means 3. */
    int32_t significant_digits;
    /** Smallest value told apart from its neighbours, >= 1; 0 means 1. */
    int64_t lowest_trackable;
    /**
     * Largest value recorded as itself (larger ones are clamped to it), >= 2 * lowest; 0 means
     * 3_600_000_000_000 (an hour in ns).
     */
    int64_t highest_trackable;
} veloz_histogram_config;
VELOZ_STATIC_ASSERT(sizeof(veloz_histogram_config) == 24, "veloz_histogram_config: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, struct_size) == 0, "veloz_histogram_config.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, significant_digits) == 4, "veloz_histogram_config.significant_digits: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, lowest_trackable) == 8, "veloz_histogram_config.lowest_trackable: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_config, highest_trackable) == 16, "veloz_histogram_config.highest_trackable: offset differs from the C# layout");

/* ---- veloz_histogram_stats --------------------------------------------------------------- */

/**
 * Statistics of a histogram, filled by veloz_histogram_get_stats. Set struct_size before the
 * call.
 */
typedef struct veloz_histogram_stats {
    /** sizeof(veloz_histogram_stats) as the caller knows it; left unchanged by the call. */
    uint32_t struct_size;
    /** Zero. */
    int32_t reserved;
    /** Values recorded, clamped ones included. */
    int64_t count;
    /** Exact smallest value recorded; 0 when empty. */
    int64_t min;
    /** Exact largest value recorded, after clamping; 0 when empty. */
    int64_t max;
    /** Exact mean (exact sum / count); 0 when empty. */
    double mean;
    /** Population standard deviation; 0 when empty. */
    double stddev;
    /** Values above highest_trackable, recorded as highest_trackable. */
    int64_t clamped_count;
} veloz_histogram_stats;
VELOZ_STATIC_ASSERT(sizeof(veloz_histogram_stats) == 56, "veloz_histogram_stats: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, struct_size) == 0, "veloz_histogram_stats.struct_size: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, reserved) == 4, "veloz_histogram_stats.reserved: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, count) == 8, "veloz_histogram_stats.count: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, min) == 16, "veloz_histogram_stats.min: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, max) == 24, "veloz_histogram_stats.max: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, mean) == 32, "veloz_histogram_stats.mean: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, stddev) == 40, "veloz_histogram_stats.stddev: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_stats, clamped_count) == 48, "veloz_histogram_stats.clamped_count: offset differs from the C# layout");

/* ---- veloz_histogram_bucket -------------------------------------------------------------- */

/** One non-empty counter of a histogram, as written by veloz_histogram_buckets. */
typedef struct veloz_histogram_bucket {
    /** The highest value equivalent to the bucket: every value counted here is <= it. */
    int64_t value;
    /** How many values the bucket holds (> 0). */
    int64_t count;
} veloz_histogram_bucket;
VELOZ_STATIC_ASSERT(sizeof(veloz_histogram_bucket) == 16, "veloz_histogram_bucket: size differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_bucket, value) == 0, "veloz_histogram_bucket.value: offset differs from the C# layout");
VELOZ_STATIC_ASSERT(offsetof(veloz_histogram_bucket, count) == 8, "veloz_histogram_bucket.count: offset differs from the C# layout");

/* ---- Functions: Common ------------------------------------------------------------------- */

/**
 * The library's version packed as (major << 16) | (minor << 8) | patch. Compare its major with
 * VELOZ_VERSION_MAJOR before using anything else.
 *
 * Thread safety: any thread, wait-free.
 */
uint32_t veloz_version(void);

/**
 * The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated string
 * that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status.
 *
 * Thread safety: any thread, wait-free.
 */
const char* veloz_status_name(veloz_status status);

/**
 * Copies the message of the most recent failure on the calling thread into buffer as
 * NUL-terminated UTF-8, truncated to capacity - 1 bytes. Returns the full message length in
 * bytes (without the NUL), like snprintf; 0 when this thread has seen no failure. buffer may be
 * NULL with capacity 0 to ask for the length.
 *
 * Thread safety: thread-safe.
 */
int32_t veloz_last_error_message(char* buffer, int32_t capacity);

/* ---- Functions: Histogram ---------------------------------------------------------------- */

/**
 * Creates a histogram. config may be NULL for all defaults (3 digits, values 1 ..
 * 3_600_000_000_000); a config whose struct_size is smaller than this library's reads only the
 * fields that fit. On success stores the handle in out; on failure stores NULL there. Returns
 * VELOZ_E_INVALID_ARGUMENT for a bad config and VELOZ_E_OUT_OF_MEMORY if the counters (up to
 * about 50 MB at 5 digits) cannot be allocated.
 *
 * Thread safety: thread-safe.
 */
veloz_status veloz_histogram_create(const veloz_histogram_config* config, veloz_histogram** out);

/**
 * Destroys a histogram. NULL, or a handle already destroyed, is a no-op.
 *
 * Thread safety: thread-safe.
 */
void veloz_histogram_destroy(veloz_histogram* histogram);

/**
 * Records one value. A negative value gives VELOZ_E_INVALID_ARGUMENT and records nothing; a
 * value above highest_trackable is recorded as highest_trackable and counted in clamped_count.
 * O(1), no allocation.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_histogram_record(veloz_histogram* histogram, int64_t value);

/**
 * Records count (>= 0) occurrences of value (>= 0). Fails with VELOZ_E_INVALID_ARGUMENT,
 * recording nothing, for a negative argument or if the total count would pass INT64_MAX.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_histogram_record_n(veloz_histogram* histogram, int64_t value, int64_t count);

/**
 * Records count values from values (NULL allowed when count is 0). Checks them all first: if
 * any is negative, returns VELOZ_E_INVALID_ARGUMENT naming its index and records nothing.
 *
 * Thread safety: single writer.
 */
veloz_status veloz_histogram_record_batch(veloz_histogram* histogram, const int64_t* values, int32_t count);

/**
 * Stores in out_value the value at percentile (0..100): the highest value equivalent to the
 * counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
 * capped at the exact max; 0 gives the exact min, 100 the exact max. VELOZ_E_EMPTY when nothing
 * was recorded.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_value_at_percentile(veloz_histogram* histogram, double percentile, int64_t* out_value);

/**
 * For each of the count percentiles (0..100, any order) stores the value at it, as
 * veloz_histogram_value_at_percentile would, at the same position of out_values. Checks every
 * percentile first; on any error nothing is written. VELOZ_E_EMPTY when nothing was recorded.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_percentiles(veloz_histogram* histogram, const double* percentiles, int64_t* out_values, int32_t count);

/**
 * Fills out with count, min, max, mean, stddev and clamped_count. The caller sets
 * out->struct_size; the library writes min(struct_size, sizeof(veloz_histogram_stats)) bytes
 * and leaves struct_size as it was.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_get_stats(veloz_histogram* histogram, veloz_histogram_stats* out);

/**
 * Writes the non-empty buckets, lowest values first, to out and their number to written. If
 * capacity is too small, returns VELOZ_E_BUFFER_TOO_SMALL, writes no bucket and sets *written
 * to the capacity needed; out may be NULL with capacity 0 to ask for that number.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_buckets(veloz_histogram* histogram, veloz_histogram_bucket* out, int32_t capacity, int32_t* written);

/**
 * Adds every value of source to target (they may be the same histogram); source values above
 * the target's highest_trackable are clamped and counted in its clamped_count. The source is
 * unchanged.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_merge(veloz_histogram* target, veloz_histogram* source);

/**
 * Forgets every recorded value; the configuration stays.
 *
 * Thread safety: owner thread only.
 */
veloz_status veloz_histogram_reset(veloz_histogram* histogram);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VELOZ_H */
