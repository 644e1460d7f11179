# GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
# with include/veloz.h and _capi.py; the build regenerates it and CI fails when this copy differs.
#   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
#
# Cython declarations of the VeloZ C API: `from veloz cimport capi`, then call capi.veloz_*
# directly (inside `with nogil:` if you like). Compile against include/ and link libveloz.so.

from libc.stdint cimport int32_t, int64_t, uint32_t

cdef extern from "veloz.h" nogil:

    # ---- Constants
    enum:
        VELOZ_VERSION_MAJOR
        VELOZ_VERSION_MINOR
        VELOZ_VERSION_PATCH

    # ---- veloz_status
    # Result of every export that can fail. 0 is success; errors are negative.
    ctypedef int32_t veloz_status
    enum:
        VELOZ_OK
        VELOZ_E_INVALID_ARGUMENT
        VELOZ_E_INVALID_HANDLE
        VELOZ_E_NOT_FOUND
        VELOZ_E_DUPLICATE
        VELOZ_E_FULL
        VELOZ_E_EMPTY
        VELOZ_E_OUT_OF_MEMORY
        VELOZ_E_BUFFER_TOO_SMALL
        VELOZ_E_STATE
        VELOZ_E_INTERNAL
        VELOZ_E_UNSUPPORTED
        VELOZ_E_SEQUENCE_GAP

    # ---- Opaque handle types
    ctypedef struct veloz_histogram

    # ---- veloz_histogram_config
    # Configuration of veloz_histogram_create. Set struct_size to
    # sizeof(veloz_histogram_config); a zero field means its default.
    ctypedef struct veloz_histogram_config:
        uint32_t struct_size
        int32_t significant_digits
        int64_t lowest_trackable
        int64_t highest_trackable

    # ---- veloz_histogram_stats
    # Statistics of a histogram, filled by veloz_histogram_get_stats. Set struct_size before the
    # call.
    ctypedef struct veloz_histogram_stats:
        uint32_t struct_size
        int32_t reserved
        int64_t count
        int64_t min
        int64_t max
        double mean
        double stddev
        int64_t clamped_count

    # ---- veloz_histogram_bucket
    # One non-empty counter of a histogram, as written by veloz_histogram_buckets.
    ctypedef struct veloz_histogram_bucket:
        int64_t value
        int64_t count

    # ---- Functions: Common
    # The library's version packed as (major << 16) | (minor << 8) | patch. Compare its major
    # with VELOZ_VERSION_MAJOR before using anything else. Thread safety: any thread, wait-free.
    uint32_t veloz_version()
    # The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated
    # string that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status. Thread
    # safety: any thread, wait-free.
    const char* veloz_status_name(veloz_status status)
    # Copies the message of the most recent failure on the calling thread into buffer as
    # NUL-terminated UTF-8, truncated to capacity - 1 bytes. Returns the full message length in
    # bytes (without the NUL), like snprintf; 0 when this thread has seen no failure. buffer may
    # be NULL with capacity 0 to ask for the length. Thread safety: thread-safe.
    int32_t veloz_last_error_message(char* buffer, int32_t capacity)

    # ---- Functions: Histogram
    # Creates a histogram. config may be NULL for all defaults (3 digits, values 1 ..
    # 3_600_000_000_000); a config whose struct_size is smaller than this library's reads only
    # the fields that fit. On success stores the handle in out; on failure stores NULL there.
    # Returns VELOZ_E_INVALID_ARGUMENT for a bad config and VELOZ_E_OUT_OF_MEMORY if the
    # counters (up to about 50 MB at 5 digits) cannot be allocated. Thread safety: thread-safe.
    veloz_status veloz_histogram_create(const veloz_histogram_config* config, veloz_histogram** out)
    # Destroys a histogram. NULL, or a handle already destroyed, is a no-op. Thread safety:
    # thread-safe.
    void veloz_histogram_destroy(veloz_histogram* histogram)
    # Records one value. A negative value gives VELOZ_E_INVALID_ARGUMENT and records nothing; a
    # value above highest_trackable is recorded as highest_trackable and counted in
    # clamped_count. O(1), no allocation. Thread safety: single writer.
    veloz_status veloz_histogram_record(veloz_histogram* histogram, int64_t value)
    # Records count (>= 0) occurrences of value (>= 0). Fails with VELOZ_E_INVALID_ARGUMENT,
    # recording nothing, for a negative argument or if the total count would pass INT64_MAX.
    # Thread safety: single writer.
    veloz_status veloz_histogram_record_n(veloz_histogram* histogram, int64_t value, int64_t count)
    # Records count values from values (NULL allowed when count is 0). Checks them all first: if
    # any is negative, returns VELOZ_E_INVALID_ARGUMENT naming its index and records nothing.
    # Thread safety: single writer.
    veloz_status veloz_histogram_record_batch(veloz_histogram* histogram, const int64_t* values, int32_t count)
    # Stores in out_value the value at percentile (0..100): the highest value equivalent to the
    # counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
    # capped at the exact max; 0 gives the exact min, 100 the exact max. VELOZ_E_EMPTY when
    # nothing was recorded. Thread safety: owner thread only.
    veloz_status veloz_histogram_value_at_percentile(veloz_histogram* histogram, double percentile, int64_t* out_value)
    # For each of the count percentiles (0..100, any order) stores the value at it, as
    # veloz_histogram_value_at_percentile would, at the same position of out_values. Checks
    # every percentile first; on any error nothing is written. VELOZ_E_EMPTY when nothing was
    # recorded. Thread safety: owner thread only.
    veloz_status veloz_histogram_percentiles(veloz_histogram* histogram, const double* percentiles, int64_t* out_values, int32_t count)
    # Fills out with count, min, max, mean, stddev and clamped_count. The caller sets
    # out->struct_size; the library writes min(struct_size, sizeof(veloz_histogram_stats)) bytes
    # and leaves struct_size as it was. Thread safety: owner thread only.
    veloz_status veloz_histogram_get_stats(veloz_histogram* histogram, veloz_histogram_stats* out)
    # Writes the non-empty buckets, lowest values first, to out and their number to written. If
    # capacity is too small, returns VELOZ_E_BUFFER_TOO_SMALL, writes no bucket and sets
    # *written to the capacity needed; out may be NULL with capacity 0 to ask for that number.
    # Thread safety: owner thread only.
    veloz_status veloz_histogram_buckets(veloz_histogram* histogram, veloz_histogram_bucket* out, int32_t capacity, int32_t* written)
    # Adds every value of source to target (they may be the same histogram); source values above
    # the target's highest_trackable are clamped and counted in its clamped_count. The source is
    # unchanged. Thread safety: owner thread only.
    veloz_status veloz_histogram_merge(veloz_histogram* target, veloz_histogram* source)
    # Forgets every recorded value; the configuration stays. Thread safety: owner thread only.
    veloz_status veloz_histogram_reset(veloz_histogram* histogram)
