#!/usr/bin/python3
"""Python benchmark: veloz.Histogram batch recording vs sort-based percentiles, and the cost of a
clock read through ctypes (and through Cython) vs the standard library, all in one run.

    /usr/bin/python3 bindings/python/benchmarks/bench_histogram.py [--values 10000000] [--seed 1]

Every ratio compares rows measured in this same process. Timings are the best of a few repeats
for the fast rows and a single run for the slow pure-Python ones (they take seconds each).
"""

from __future__ import annotations

import argparse
import math
import os
from fractions import Fraction
import sys
import time
from typing import Callable, List, Sequence, Tuple

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import veloz  # noqa: E402
from bench_common import build_cython_probe, print_table  # noqa: E402

PERCENTILES = [50.0, 90.0, 99.0, 99.9, 99.99]


def best_of(repeats: int, action: Callable[[], object]) -> Tuple[float, object]:
    """(best wall time in seconds, result of the last run)."""
    best = math.inf
    result: object = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def exact_percentiles(sorted_values: Sequence[int], percentiles: Sequence[float]) -> List[int]:
    """The HDR definition on exact data: the ceil(p/100*n)-th smallest value (at least the 1st), with p
    taken as the decimal written (as the library does: 99.9% of 10M is rank 9,990,000 exactly)."""
    n = len(sorted_values)
    ranks = [min(n, max(1, math.ceil(Fraction(format(p, ".15g")) * n / 100))) for p in percentiles]
    return [sorted_values[rank - 1] for rank in ranks]


def bench_histogram(count: int, seed: int) -> None:
    print(f"data: {count:,} int64 latencies, log-normal around 50 us (seed {seed})")
    rng = np.random.default_rng(seed)
    data = (rng.lognormal(mean=math.log(50_000), sigma=1.0, size=count) + 1).astype(np.int64)
    as_list = data.tolist()  # the pure-Python peers' natural input; converting is not timed

    def veloz_batch() -> List[int]:
        with veloz.Histogram(lowest=1, highest=3_600_000_000_000, significant_digits=3) as histogram:
            histogram.record_batch(data)
            return histogram.percentiles(PERCENTILES)

    def python_sorted() -> List[int]:
        return exact_percentiles(sorted(as_list), PERCENTILES)

    def numpy_sort() -> List[int]:
        return exact_percentiles(np.sort(data), PERCENTILES)

    def sortedcontainers_list() -> List[int]:
        from sortedcontainers import SortedList

        return exact_percentiles(SortedList(as_list), PERCENTILES)

    loop_count = min(count, 1_000_000)
    loop_values = as_list[:loop_count]

    def veloz_record_loop() -> int:
        with veloz.Histogram() as histogram:
            record = histogram.record
            for value in loop_values:
                record(value)
            return histogram.count

    rows_raw = []
    veloz_time, veloz_result = best_of(3, veloz_batch)
    rows_raw.append(("veloz Histogram.record_batch(ndarray) + percentiles", count, veloz_time, veloz_result))
    loop_time, _ = best_of(1, veloz_record_loop)
    rows_raw.append(("veloz Histogram.record(v) in a Python loop", loop_count, loop_time, None))
    numpy_time, numpy_result = best_of(3, numpy_sort)
    rows_raw.append(("numpy.sort(ndarray) + index", count, numpy_time, numpy_result))
    sorted_time, sorted_result = best_of(1, python_sorted)
    rows_raw.append(("sorted(list) + index (pure Python)", count, sorted_time, sorted_result))
    try:
        sc_time, sc_result = best_of(1, sortedcontainers_list)
        rows_raw.append(("sortedcontainers.SortedList(list) + index", count, sc_time, sc_result))
    except ImportError as e:
        print(f"sortedcontainers not installed ({e}); its row is left out")

    sorted_per_value = sorted_time / count
    rows = []
    for name, n, seconds, _ in rows_raw:
        per_value = seconds / n
        rows.append(
            [name, f"{n:,}", f"{seconds * 1e3:,.1f}", f"{per_value * 1e9:,.2f}", f"{sorted_per_value / per_value:,.1f}x"]
        )
    print_table(
        "Percentiles of int64 latencies (p50, p90, p99, p99.9, p99.99); time includes recording/sorting",
        ["method", "values", "total ms", "ns/value", "speed vs sorted()"],
        rows,
    )

    exact = sorted_result
    assert isinstance(exact, list) and numpy_result == exact
    worst = max(abs(v - x) / x for v, x in zip(veloz_result, exact))  # type: ignore[arg-type]
    print(f"veloz percentiles {veloz_result}")
    print(f"exact percentiles {exact}")
    print(f"largest relative difference {worst:.2e} (promised <= 1e-3 for 3 significant digits)")


CYTHON_PROBE = """
# cython: language_level=3
from libc.stdint cimport int64_t
from posix.time cimport clock_gettime, timespec, CLOCK_REALTIME
from veloz cimport capi

def veloz_now_ns_loop(long n):
    cdef long i
    cdef int64_t sink = 0
    with nogil:
        for i in range(n):
            sink += capi.veloz_clock_now_ns()
    return sink

def clock_gettime_loop(long n):
    cdef long i
    cdef int64_t sink = 0
    cdef timespec ts
    with nogil:
        for i in range(n):
            clock_gettime(CLOCK_REALTIME, &ts)
            sink += ts.tv_sec * 1000000000 + ts.tv_nsec
    return sink
"""


def per_call_ns(function: Callable[[], object], batches: int, batch_size: int) -> Tuple[float, float]:
    """(median, best) ns per call over ``batches`` timed loops of ``batch_size`` calls each.

    Many short batches instead of one long run: on a shared machine a preemption then spoils one
    batch, which the median ignores, instead of inflating the whole average."""
    loop = range(batch_size)
    clock = time.perf_counter_ns
    samples = []
    for _ in range(batches):
        start = clock()
        for _ in loop:
            function()
        samples.append((clock() - start) / batch_size)
    samples.sort()
    return samples[len(samples) // 2], samples[0]


def bench_clock() -> None:
    batches, batch_size = 400, 2_500
    rows_raw = []
    for name, function in (
        ("veloz.clock.now_ns() (ctypes)", veloz.clock.now_ns),
        ("veloz.clock.ticks() (ctypes)", veloz.clock.ticks),
        ("time.time_ns()", time.time_ns),
        ("time.perf_counter_ns()", time.perf_counter_ns),
        ("empty Python loop calling a no-op builtin (int)", int),
    ):
        per_call_ns(function, 20, batch_size)  # warm-up
        rows_raw.append((name, *per_call_ns(function, batches, batch_size)))

    try:
        probe = build_cython_probe(CYTHON_PROBE, "veloz_bench_probe")
        cython_batch = 10_000  # ~0.1-0.5 ms per batch: short enough that most batches run unpreempted
        for name, loop in (
            ("veloz_clock_now_ns() from Cython, nogil loop", probe.veloz_now_ns_loop),
            ("clock_gettime(REALTIME) from Cython, nogil loop", probe.clock_gettime_loop),
        ):
            per_call_ns(lambda: loop(cython_batch), 20, 1)  # warm-up
            median, best = per_call_ns(lambda: loop(cython_batch), batches, 1)
            rows_raw.append((name, median / cython_batch, best / cython_batch))
    except Exception as e:  # noqa: BLE001 - report and carry on: the ctypes rows stand on their own
        print(f"\nCython rows left out: building the probe failed: {e!r}")

    baseline = next(median for name, median, _ in rows_raw if name == "time.time_ns()")
    rows = [
        [name, f"{median:,.1f}", f"{best:,.1f}", f"{median / baseline:,.2f}x"] for name, median, best in rows_raw
    ]
    print_table(
        f"Cost of one clock read ({batches} batches of {batch_size:,} calls from Python, of 10,000 calls in the Cython rows)",
        ["call", "median ns/call", "best ns/call", "time vs time.time_ns()"],
        rows,
    )
    info = veloz.clock.info()
    print(f"clock source {info.source}, invariant TSC {info.invariant_tsc}, {info.ticks_per_second / 1e9:.4f} GHz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=10_000_000, help="values to record (default 10M)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("VELOZ_BENCH_SEED", "20240601")))
    args = parser.parse_args()
    print(f"veloz {veloz.__version__}, library {veloz.library_path()} {'.'.join(map(str, veloz.library_version()))}")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs")
    bench_histogram(args.values, args.seed)
    bench_clock()


if __name__ == "__main__":
    main()
