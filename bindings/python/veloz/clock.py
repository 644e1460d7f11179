"""The VeloZ clock: Unix-epoch nanoseconds from the CPU's time-stamp counter.

``now_ns()`` reads the TSC (or the OS clock where the TSC is not usable) and converts it with a
calibrated rate, so on one thread it never decreases and it tracks ``time.time_ns()`` to within the
calibration error that :func:`info` reports.

Cost, honestly: the read itself takes about 10 ns in C, but every ctypes call costs far more than
that (about 90 ns for this argument-less call on a 2.6 GHz Xeon, several hundred ns for calls
with arguments: argument conversion, releasing and re-taking the GIL, building the result
object). Through this module ``now_ns()`` is therefore *slower* than ``time.time_ns()`` (about
50 ns; see bindings/python/benchmarks/bench_histogram.py). What VeloZ's clock buys from Python is the same time base as the rest of VeloZ
(C++, C#, the time sync), not speed. For tight loops use the Cython path instead, which calls the C
function directly and can do so without the GIL::

    from veloz cimport capi
    cdef long long t
    with nogil:
        t = capi.veloz_clock_now_ns()

``now_ns``, ``ticks`` and ``ticks_to_ns`` are the bound ctypes functions themselves (no Python
wrapper in between), because a wrapper would add a further ~20-40 ns to every read.
"""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import Callable, Union

from . import _capi
from ._library import library
from ._status import check

__all__ = ["ClockSource", "ClockInfo", "now_ns", "ticks", "ticks_to_ns", "calibrate", "info"]

_lib = library()


class ClockSource(enum.IntEnum):
    """Where the clock's ticks come from."""

    #: The OS monotonic clock (ticks are nanoseconds); used when the TSC is not invariant.
    OS = _capi.VELOZ_CLOCK_SOURCE_OS
    #: The CPU time-stamp counter (``rdtsc``).
    TSC = _capi.VELOZ_CLOCK_SOURCE_TSC

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ClockInfo:
    """The clock's source and calibration (``veloz_clock_info``)."""

    #: Where ticks come from (an int if the library reports a source this package does not know).
    source: Union[ClockSource, int]
    #: True if the CPU reports an invariant TSC (CPUID 0x80000007 EDX bit 8).
    invariant_tsc: bool
    #: The current calibrated tick rate (1e9 for the OS source).
    ticks_per_second: float
    #: Wall time (Unix ns) of the last calibration.
    calibrated_at_ns: int
    #: Estimated error of the calibration in ns (half the narrowest tick/realtime/tick sandwich).
    error_ns: int
    #: How many calibrations have run.
    calibration_count: int


ticks: Callable[[], int] = _lib.veloz_clock_ticks
ticks.__doc__ = """ticks() -> int

The raw tick counter (TSC, or monotonic ns for the OS source). Any thread, wait-free.
Convert with ticks_to_ns(); subtracting two readings and dividing by info().ticks_per_second
gives seconds."""

now_ns: Callable[[], int] = _lib.veloz_clock_now_ns
now_ns.__doc__ = """now_ns() -> int

Unix-epoch nanoseconds; never decreases on one thread. Any thread, wait-free.
Through ctypes one call costs ~90 ns, far more than the ~10 ns clock read itself; use
`from veloz cimport capi` in Cython for loops."""

ticks_to_ns: Callable[[int], int] = _lib.veloz_clock_ticks_to_ns
ticks_to_ns.__doc__ = """ticks_to_ns(ticks: int) -> int

The Unix-epoch nanoseconds of a ticks() reading, with the current calibration. Any thread, wait-free."""


def calibrate() -> None:
    """Re-measures the tick rate against the OS realtime clock (takes about 10 us). Thread-safe.

    The clock slews to the new calibration (at most 500 ppm) and never jumps backwards; readers are
    never blocked. Call it every second to every minute from a housekeeping thread.
    """
    check(_lib.veloz_clock_calibrate())


def info() -> ClockInfo:
    """The clock's source and current calibration. Thread-safe."""
    raw = _capi.veloz_clock_info()
    raw.struct_size = ctypes.sizeof(raw)
    check(_lib.veloz_clock_get_info(ctypes.byref(raw)))
    try:
        source: Union[ClockSource, int] = ClockSource(raw.source)
    except ValueError:
        # A source added by a newer minor version of the library: keep the raw value.
        source = raw.source
    return ClockInfo(
        source=source,
        invariant_tsc=bool(raw.invariant_tsc),
        ticks_per_second=raw.ticks_per_second,
        calibrated_at_ns=raw.calibrated_at_ns,
        error_ns=raw.error_ns,
        calibration_count=raw.calibration_count,
    )
