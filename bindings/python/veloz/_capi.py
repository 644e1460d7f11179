# GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
# with include/veloz.h and capi.pxd; the build regenerates it and CI fails when this copy differs.
#   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
"""ctypes declarations of the VeloZ C API (include/veloz.h): constants, structures, and bind()."""

from __future__ import annotations

import ctypes
from typing import Any


def _check_layout(structure: Any, size: int, offsets: dict[str, int]) -> None:
    # The C# layout is the truth; a ctypes layout that differs would read the wrong bytes.
    if ctypes.sizeof(structure) != size:
        raise ImportError(f"{structure.__name__}: ctypes size {ctypes.sizeof(structure)} != C# size {size}")
    for name, offset in offsets.items():
        actual = getattr(structure, name).offset
        if actual != offset:
            raise ImportError(f"{structure.__name__}.{name}: ctypes offset {actual} != C# offset {offset}")

# ---- Constants

# ABI major version; also the SONAME suffix (libveloz.so.0).
VELOZ_VERSION_MAJOR = 0
# Minor version: additions that keep old callers working.
VELOZ_VERSION_MINOR = 1
# Patch version: fixes only.
VELOZ_VERSION_PATCH = 0


# ---- veloz_status

# Result of every export that can fail. 0 is success; errors are negative.
veloz_status = ctypes.c_int32
# Success.
VELOZ_OK = 0
# An argument is out of its documented range, or a required pointer is NULL.
VELOZ_E_INVALID_ARGUMENT = -1
# The handle is NULL, destroyed, or of another object type.
VELOZ_E_INVALID_HANDLE = -2
# The named item (order id, venue, key) does not exist.
VELOZ_E_NOT_FOUND = -3
# The item already exists (for example an order id in use).
VELOZ_E_DUPLICATE = -4
# A fixed capacity is exhausted (queue, pool, venue table).
VELOZ_E_FULL = -5
# Nothing to take (empty queue or pool).
VELOZ_E_EMPTY = -6
# Memory could not be allocated.
VELOZ_E_OUT_OF_MEMORY = -7
# The caller's buffer is too small; where cheap, the needed size is reported.
VELOZ_E_BUFFER_TOO_SMALL = -8
# The object is not in a state that allows the call.
VELOZ_E_STATE = -9
# A bug inside VeloZ: an unexpected exception was caught at the boundary.
VELOZ_E_INTERNAL = -10
# The operation is not supported on this platform or in this mode.
VELOZ_E_UNSUPPORTED = -11
# A sequence number gap was detected (market data); the object is marked stale.
VELOZ_E_SEQUENCE_GAP = -12


# The name of every status code, as veloz_status_name() spells it.
STATUS_NAMES: dict[int, str] = {
    0: "VELOZ_OK",
    -1: "VELOZ_E_INVALID_ARGUMENT",
    -2: "VELOZ_E_INVALID_HANDLE",
    -3: "VELOZ_E_NOT_FOUND",
    -4: "VELOZ_E_DUPLICATE",
    -5: "VELOZ_E_FULL",
    -6: "VELOZ_E_EMPTY",
    -7: "VELOZ_E_OUT_OF_MEMORY",
    -8: "VELOZ_E_BUFFER_TOO_SMALL",
    -9: "VELOZ_E_STATE",
    -10: "VELOZ_E_INTERNAL",
    -11: "VELOZ_E_UNSUPPORTED",
    -12: "VELOZ_E_SEQUENCE_GAP",
}


# ---- Opaque handle types: a pointer to one is a ctypes.c_void_p
#
#   veloz_histogram*


class veloz_histogram_config(ctypes.Structure):
    """Configuration of veloz_histogram_create. Set struct_size to sizeof(veloz_histogram_config);
    a zero field means its default.
    """

    _fields_ = [
        # sizeof(veloz_histogram_config) as the caller knows it.
        ("struct_size", ctypes.c_uint32),
        # Decimal digits kept of every value, 1..5; 0 means 3.
        ("significant_digits", ctypes.c_int32),
        # Smallest value told apart from its neighbours, >= 1; 0 means 1.
        ("lowest_trackable", ctypes.c_int64),
        # Largest value recorded as itself (larger ones are clamped to it), >= 2 * lowest; 0
        # means 3_600_000_000_000 (an hour in ns).
        ("highest_trackable", ctypes.c_int64),
    ]


_check_layout(veloz_histogram_config, 24, {"struct_size": 0, "significant_digits": 4, "lowest_trackable": 8, "highest_trackable": 16})


class veloz_histogram_stats(ctypes.Structure):
    """Statistics of a histogram, filled by veloz_histogram_get_stats. Set struct_size before the
    call.
    """

    _fields_ = [
        # sizeof(veloz_histogram_stats) as the caller knows it; left unchanged by the call.
        ("struct_size", ctypes.c_uint32),
        # Zero.
        ("reserved", ctypes.c_int32),
        # Values recorded, clamped ones included.
        ("count", ctypes.c_int64),
        # Exact smallest value recorded; 0 when empty.
        ("min", ctypes.c_int64),
        # Exact largest value recorded, after clamping; 0 when empty.
        ("max", ctypes.c_int64),
        # Exact mean (exact sum / count); 0 when empty.
        ("mean", ctypes.c_double),
        # Population standard deviation; 0 when empty.
        ("stddev", ctypes.c_double),
        # Values above highest_trackable, recorded as highest_trackable.
        ("clamped_count", ctypes.c_int64),
    ]


_check_layout(veloz_histogram_stats, 56, {"struct_size": 0, "reserved": 4, "count": 8, "min": 16, "max": 24, "mean": 32, "stddev": 40, "clamped_count": 48})


class veloz_histogram_bucket(ctypes.Structure):
    """One non-empty counter of a histogram, as written by veloz_histogram_buckets."""

    _fields_ = [
        # The highest value equivalent to the bucket: every value counted here is <= it.
        ("value", ctypes.c_int64),
        # How many values the bucket holds (> 0).
        ("count", ctypes.c_int64),
    ]


_check_layout(veloz_histogram_bucket, 16, {"value": 0, "count": 8})


# ---- Functions: name -> (restype, argtypes)

FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {
    # uint32_t veloz_version(void);
    # The library's version packed as (major << 16) | (minor << 8) | patch. Thread safety: any
    # thread, wait-free.
    "veloz_version": (ctypes.c_uint32, []),
    # const char* veloz_status_name(veloz_status status);
    # The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated
    # string that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status. Thread
    # safety: any thread, wait-free.
    "veloz_status_name": (ctypes.c_char_p, [veloz_status]),
    # int32_t veloz_last_error_message(char* buffer, int32_t capacity);
    # Copies the message of the most recent failure on the calling thread into buffer as
    # NUL-terminated UTF-8, truncated to capacity - 1 bytes. Thread safety: thread-safe.
    "veloz_last_error_message": (ctypes.c_int32, [ctypes.POINTER(ctypes.c_char), ctypes.c_int32]),
    # veloz_status veloz_histogram_create(const veloz_histogram_config* config, veloz_histogram** out);
    # Creates a histogram. Thread safety: thread-safe.
    "veloz_histogram_create": (veloz_status, [ctypes.POINTER(veloz_histogram_config), ctypes.POINTER(ctypes.c_void_p)]),
    # void veloz_histogram_destroy(veloz_histogram* histogram);
    # Destroys a histogram. Thread safety: thread-safe.
    "veloz_histogram_destroy": (None, [ctypes.c_void_p]),
    # veloz_status veloz_histogram_record(veloz_histogram* histogram, int64_t value);
    # Records one value. Thread safety: single writer.
    "veloz_histogram_record": (veloz_status, [ctypes.c_void_p, ctypes.c_int64]),
    # veloz_status veloz_histogram_record_n(veloz_histogram* histogram, int64_t value, int64_t count);
    # Records count (>= 0) occurrences of value (>= 0). Thread safety: single writer.
    "veloz_histogram_record_n": (veloz_status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64]),
    # veloz_status veloz_histogram_record_batch(veloz_histogram* histogram, const int64_t* values, int32_t count);
    # Records count values from values (NULL allowed when count is 0). Thread safety: single
    # writer.
    "veloz_histogram_record_batch": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64), ctypes.c_int32]),
    # veloz_status veloz_histogram_value_at_percentile(veloz_histogram* histogram, double percentile, int64_t* out_value);
    # Stores in out_value the value at percentile (0..100): the highest value equivalent to the
    # counter holding the ceil(percentile / 100 * count)-th smallest value (at least the first),
    # capped at the exact max; 0 gives the exact min, 100 the exact max. Thread safety: owner
    # thread only.
    "veloz_histogram_value_at_percentile": (veloz_status, [ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int64)]),
    # veloz_status veloz_histogram_percentiles(veloz_histogram* histogram, const double* percentiles, int64_t* out_values, int32_t count);
    # For each of the count percentiles (0..100, any order) stores the value at it, as
    # veloz_histogram_value_at_percentile would, at the same position of out_values. Thread
    # safety: owner thread only.
    "veloz_histogram_percentiles": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_int64), ctypes.c_int32]),
    # veloz_status veloz_histogram_get_stats(veloz_histogram* histogram, veloz_histogram_stats* out);
    # Fills out with count, min, max, mean, stddev and clamped_count. Thread safety: owner
    # thread only.
    "veloz_histogram_get_stats": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_histogram_stats)]),
    # veloz_status veloz_histogram_buckets(veloz_histogram* histogram, veloz_histogram_bucket* out, int32_t capacity, int32_t* written);
    # Writes the non-empty buckets, lowest values first, to out and their number to written.
    # Thread safety: owner thread only.
    "veloz_histogram_buckets": (veloz_status, [ctypes.c_void_p, ctypes.POINTER(veloz_histogram_bucket), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]),
    # veloz_status veloz_histogram_merge(veloz_histogram* target, veloz_histogram* source);
    # Adds every value of source to target (they may be the same histogram); source values above
    # the target's highest_trackable are clamped and counted in its clamped_count. Thread
    # safety: owner thread only.
    "veloz_histogram_merge": (veloz_status, [ctypes.c_void_p, ctypes.c_void_p]),
    # veloz_status veloz_histogram_reset(veloz_histogram* histogram);
    # Forgets every recorded value; the configuration stays. Thread safety: owner thread only.
    "veloz_histogram_reset": (veloz_status, [ctypes.c_void_p]),
}


def bind(lib: ctypes.CDLL) -> None:
    """Sets restype and argtypes of every function in FUNCTIONS on lib.

    Raises AttributeError naming every function lib does not export (a library older than
    these declarations); nothing is bound in that case.
    """
    missing = [name for name in FUNCTIONS if not hasattr(lib, name)]
    if missing:
        raise AttributeError(
            f"{getattr(lib, '_name', lib)!s} does not export {', '.join(missing)}: "
            "the library is older than these bindings (include/veloz.h)"
        )
    for name, (restype, argtypes) in FUNCTIONS.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
