"""An HDR latency histogram: fixed memory, constant-time record, percentiles with bounded relative error.

Values are non-negative integers (nanoseconds, usually) between ``lowest`` and ``highest``; a value
above ``highest`` is recorded as ``highest`` and counted in ``stats().clamped_count``. A reported
percentile ``v`` and the exact one ``x`` satisfy ``|v - x| <= x * 10**-significant_digits``.

Cost from Python: each method is one ctypes call, a few hundred ns (ctypes releases the GIL
during the call, so other Python threads run meanwhile). Recording values one by one from Python
therefore costs far more than the histogram itself: about 0.5-0.9 us per ``record(v)`` against
about 10 ns per value through ``record_batch``. Record a whole NumPy
array with :meth:`Histogram.record_batch` (one call, no copy), or record from Cython through
``from veloz cimport capi`` inside ``nogil``.

Threads: the library lets one thread at a time record into a histogram (single writer) and read
it (percentile, stats, buckets, merge and reset: owner thread). A :class:`Histogram` serializes
every call with its own lock, so several Python threads may record into one histogram and read it;
no recorded value is lost. (Recording from several threads is still one call at a time: to record
in parallel, give each thread its own histogram and :meth:`Histogram.merge` them.)
"""

from __future__ import annotations

import array
import ctypes
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, Tuple, Union, overload

from . import _capi
from ._buffer import FLOAT64_FORMATS, INT64_FORMATS, ContiguousBuffer, NotABufferError
from ._handle import INT32_MAX, INT64_MAX, INT64_MIN, NativeHandle, as_int
from ._library import library
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # NumPy is optional at run time
    import numpy as np

__all__ = ["Histogram", "HistogramStats", "BUCKET_DTYPE_FIELDS"]

_lib = library()
_INT64_P = ctypes.POINTER(ctypes.c_int64)
_DOUBLE_P = ctypes.POINTER(ctypes.c_double)
_BUCKET_P = ctypes.POINTER(_capi.veloz_histogram_bucket)

#: Field list of the NumPy structured dtype that :meth:`Histogram.buckets_array` returns; it has
#: the layout of ``veloz_histogram_bucket``, so the library writes straight into the array.
BUCKET_DTYPE_FIELDS = [("value", "<i8"), ("count", "<i8")]


@dataclass(frozen=True)
class HistogramStats:
    """Summary of the recorded values (``veloz_histogram_stats``); all zero when empty."""

    #: Values recorded, clamped ones included.
    count: int
    #: Smallest recorded value (exact).
    min: int
    #: Largest recorded value (exact, after clamping).
    max: int
    #: Mean of the recorded values.
    mean: float
    #: Standard deviation of the recorded values.
    stddev: float
    #: Values above ``highest`` that were recorded as ``highest``.
    clamped_count: int


class Histogram(NativeHandle):
    """HDR histogram of non-negative integers in ``[lowest, highest]`` with ``significant_digits``
    (1..5) decimal digits of precision.

    >>> with Histogram(highest=10**9) as h:
    ...     h.record_batch(numpy.array(latencies_ns, dtype=numpy.int64))
    ...     p50, p99 = h.percentiles([50, 99])

    Raises :class:`~veloz.errors.InvalidArgumentError` for an invalid range or precision.
    """

    def __init__(self, lowest: int = 1, highest: int = 3_600_000_000_000, significant_digits: int = 3) -> None:
        config = _capi.veloz_histogram_config()
        config.struct_size = ctypes.sizeof(config)
        config.significant_digits = as_int(significant_digits, "significant_digits", -(1 << 31), INT32_MAX)
        config.lowest_trackable = as_int(lowest, "lowest", INT64_MIN, INT64_MAX)
        config.highest_trackable = as_int(highest, "highest", INT64_MIN, INT64_MAX)
        # In the C config a zero field means "the default"; in Python the defaults are the keyword
        # defaults, so an explicit 0 is a mistake to report, not a request for the default.
        for value, rule in (
            (config.significant_digits, "significant_digits must be 1..5"),
            (config.lowest_trackable, "lowest must be >= 1"),
            (config.highest_trackable, "highest must be >= 2 * lowest"),
        ):
            if value == 0:
                raise InvalidArgumentError(_capi.VELOZ_E_INVALID_ARGUMENT, f"Histogram: {rule}, got 0")
        handle = ctypes.c_void_p()
        status = _lib.veloz_histogram_create(ctypes.byref(config), ctypes.byref(handle))
        if status:
            self._raise(status)
        self._lowest = config.lowest_trackable
        self._highest = config.highest_trackable
        self._digits = config.significant_digits
        # Bound functions cached on the instance: saves two attribute lookups per call on the hot path.
        self._record = _lib.veloz_histogram_record
        self._adopt(handle, _lib.veloz_histogram_destroy)

    # -- configuration --------------------------------------------------------------------------

    @property
    def lowest(self) -> int:
        """Lowest value distinguishable from 0."""
        return self._lowest

    @property
    def highest(self) -> int:
        """Highest trackable value; larger values are clamped to it."""
        return self._highest

    @property
    def significant_digits(self) -> int:
        """Decimal digits of precision (1..5)."""
        return self._digits

    # -- recording ------------------------------------------------------------------------------

    def record(self, value: int) -> None:
        """Records one value (>= 0). One ctypes call: prefer :meth:`record_batch` for many values.

        Raises InvalidArgumentError (a ValueError) for a negative value; a value above ``highest``
        is recorded as ``highest`` and counted as clamped.
        """
        # Literal bounds (not globals) and no type() test: this is the per-value path. ctypes would
        # wrap an out-of-range int silently, hence the range test; it rejects NumPy integers and
        # floats with ArgumentError, and comparing a str raises TypeError: both take the slow path.
        with self._lock:
            try:
                if -0x8000000000000000 <= value <= 0x7FFFFFFFFFFFFFFF:
                    status = self._record(self._handle, value)
                else:
                    status = self._record(self._handle, as_int(value, "histogram_record: value", INT64_MIN, INT64_MAX))
            except (ctypes.ArgumentError, TypeError):
                status = self._record(self._handle, as_int(value, "histogram_record: value", INT64_MIN, INT64_MAX))
            if status:
                self._raise(status)

    def record_n(self, value: int, count: int) -> None:
        """Records ``value`` ``count`` times (count >= 0)."""
        value = as_int(value, "histogram_record_n: value", INT64_MIN, INT64_MAX)
        count = as_int(count, "histogram_record_n: count", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_histogram_record_n(self._handle, value, count)
            if status:
                self._raise(status)

    def record_batch(self, values: Any) -> int:
        """Records every value of a buffer of int64 in one call, without copying; returns how many.

        ``values`` is any C-contiguous buffer-protocol object of 64-bit signed integers: a NumPy
        ``int64`` array (any shape), ``array.array('q')``, a ``memoryview`` of one, read-only ones
        included. Any other buffer (float64, int32, uint64, bytes) raises TypeError rather than
        being reinterpreted; convert with ``numpy.asarray(x, dtype=numpy.int64)``. Lists and other
        iterables of ints are accepted too, at the price of a copy into an ``array.array('q')``.

        The library validates the whole batch first: if any value is negative, nothing is recorded
        and InvalidArgumentError is raised. (Only a batch of more than 2**31 - 1 values is split
        into several calls, and then a negative value in a later part leaves earlier parts recorded.)
        """
        self._ensure_open()
        view = ContiguousBuffer(values, INT64_FORMATS, 8, "int64")
        try:
            view.__enter__()
        except NotABufferError:
            # Not a buffer at all (a list, a generator): copy into one. A buffer of the wrong type
            # (float64, int32, ...) raised TypeError above instead: it is never reinterpreted.
            try:
                copied = array.array("q", values)
            except (TypeError, OverflowError) as e:
                raise TypeError(f"record_batch expects a buffer of int64 or an iterable of ints: {e}") from None
            view = ContiguousBuffer(copied, INT64_FORMATS, 8, "int64")
            view.__enter__()
        try:
            address, remaining = view.address, view.count
            with self._lock:
                while remaining > 0:
                    chunk = min(remaining, INT32_MAX)
                    status = _lib.veloz_histogram_record_batch(self._handle, ctypes.cast(address, _INT64_P), chunk)
                    if status:
                        self._raise(status)
                    address += chunk * 8
                    remaining -= chunk
            return view.count
        finally:
            view.__exit__(None, None, None)

    # -- queries --------------------------------------------------------------------------------

    def percentile(self, percentile: float) -> int:
        """The value at ``percentile`` (0..100): the highest value equivalent to the bucket holding
        the ceil(p/100 * count)-th smallest value; 0 gives the exact min, 100 the exact max. ``p`` is
        taken as the decimal it reads as (99.9% of 1000 values is rank 999, not 1000 as float
        arithmetic would give).

        Raises EmptyError when nothing was recorded, InvalidArgumentError for p outside 0..100.
        """
        out = ctypes.c_int64()
        percentile = float(percentile)
        with self._lock:
            status = _lib.veloz_histogram_value_at_percentile(self._handle, percentile, ctypes.byref(out))
            if status:
                self._raise(status)
        return out.value

    @overload
    def percentiles(self, percentiles: "np.ndarray") -> "np.ndarray": ...

    @overload
    def percentiles(self, percentiles: Iterable[float]) -> List[int]: ...

    def percentiles(self, percentiles: Union["np.ndarray", Iterable[float]]) -> Union["np.ndarray", List[int]]:
        """Several percentiles in one call: a list of ints for a sequence, an int64 NumPy array for
        a NumPy array (whose float64 data is passed without copying when it is contiguous)."""
        self._ensure_open()
        if hasattr(percentiles, "__array_interface__"):
            import numpy as np

            wanted = np.ascontiguousarray(percentiles, dtype=np.float64)
            result = np.empty(wanted.shape, dtype=np.int64)
            if wanted.size:
                with ContiguousBuffer(wanted, FLOAT64_FORMATS, 8, "float64") as view:
                    self._percentiles(view.address, result.ctypes.data, wanted.size)
            return result
        wanted_list = [float(p) for p in percentiles]
        count = len(wanted_list)
        if count == 0:
            return []
        wanted_c = (ctypes.c_double * count)(*wanted_list)
        out = (ctypes.c_int64 * count)()
        self._percentiles(ctypes.addressof(wanted_c), ctypes.addressof(out), count)
        return list(out)

    def _percentiles(self, wanted_address: int, out_address: int, count: int) -> None:
        if count > INT32_MAX:
            raise ValueError(f"at most {INT32_MAX} percentiles per call, got {count}")
        with self._lock:
            status = _lib.veloz_histogram_percentiles(
                self._handle, ctypes.cast(wanted_address, _DOUBLE_P), ctypes.cast(out_address, _INT64_P), count
            )
            if status:
                self._raise(status)

    def stats(self) -> HistogramStats:
        """Count, min, max, mean, stddev and clamped count in one call."""
        raw = _capi.veloz_histogram_stats()
        raw.struct_size = ctypes.sizeof(raw)
        with self._lock:
            status = _lib.veloz_histogram_get_stats(self._handle, ctypes.byref(raw))
            if status:
                self._raise(status)
        return HistogramStats(
            count=raw.count,
            min=raw.min,
            max=raw.max,
            mean=raw.mean,
            stddev=raw.stddev,
            clamped_count=raw.clamped_count,
        )

    @property
    def count(self) -> int:
        """Number of values recorded (one call; use :meth:`stats` to read several fields)."""
        return self.stats().count

    @property
    def min(self) -> int:
        """Smallest recorded value, 0 when empty."""
        return self.stats().min

    @property
    def max(self) -> int:
        """Largest recorded value (after clamping), 0 when empty."""
        return self.stats().max

    @property
    def mean(self) -> float:
        """Mean of the recorded values, 0.0 when empty."""
        return self.stats().mean

    @property
    def stddev(self) -> float:
        """Standard deviation of the recorded values, 0.0 when empty."""
        return self.stats().stddev

    def buckets(self) -> List[Tuple[int, int]]:
        """The non-empty buckets in ascending order as ``(value, count)`` pairs, where ``value`` is
        the highest value equivalent to the bucket."""
        raw, written = self._read_buckets(lambda n: (_capi.veloz_histogram_bucket * n)(), ctypes.addressof)
        return [(raw[i].value, raw[i].count) for i in range(written)]

    def buckets_array(self) -> "np.ndarray":
        """The non-empty buckets as a NumPy structured array with fields ``value`` and ``count``
        (int64), written by the library straight into the array."""
        import numpy as np

        dtype = np.dtype(BUCKET_DTYPE_FIELDS)
        assert dtype.itemsize == ctypes.sizeof(_capi.veloz_histogram_bucket)
        array, written = self._read_buckets(lambda n: np.empty(n, dtype=dtype), lambda a: a.ctypes.data)
        return array[:written].copy() if written < len(array) else array

    def _read_buckets(self, allocate: Any, address_of: Any) -> Tuple[Any, int]:
        self._ensure_open()
        capacity = 64
        with self._lock:
            while True:
                buffer = allocate(capacity)
                written = ctypes.c_int32()
                status = _lib.veloz_histogram_buckets(
                    self._handle, ctypes.cast(address_of(buffer), _BUCKET_P), capacity, ctypes.byref(written)
                )
                if status == 0:
                    return buffer, written.value
                if status != _capi.VELOZ_E_BUFFER_TOO_SMALL or written.value <= capacity:
                    self._raise(status)
                capacity = written.value  # the library reports the size it needs

    # -- whole-histogram operations -------------------------------------------------------------

    def merge(self, other: "Histogram") -> None:
        """Adds every value of ``other`` to this histogram; values beyond this one's range clamp.
        Holds both histograms' locks (``other`` is read while no other thread records into it)."""
        if not isinstance(other, Histogram):
            raise TypeError(f"can only merge a Histogram, got {type(other).__name__}")
        with self._locked_with(other):
            status = _lib.veloz_histogram_merge(self._handle, other._handle)
            if status:
                self._raise(status, other)

    def reset(self) -> None:
        """Forgets every recorded value; the configuration stays."""
        with self._lock:
            status = _lib.veloz_histogram_reset(self._handle)
            if status:
                self._raise(status)

    def __repr__(self) -> str:
        config = f"lowest={self._lowest}, highest={self._highest}, significant_digits={self._digits}" if hasattr(
            self, "_digits"
        ) else "uninitialized"
        if self._closed:
            return f"<Histogram {config} closed>"
        s = self.stats()
        if s.count == 0:
            return f"<Histogram {config} empty>"
        clamped = f" clamped={s.clamped_count}" if s.clamped_count else ""
        return f"<Histogram {config} count={s.count} min={s.min} mean={s.mean:.1f} max={s.max}{clamped}>"
