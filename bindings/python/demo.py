#!/usr/bin/python3
"""VeloZ from Python in one minute: the clock, what a read costs through ctypes, a histogram, and a
real order flow replayed into an order book.

    VELOZ_LIBRARY=$PWD/artifacts/lib/libveloz.so /usr/bin/python3 bindings/python/demo.py

How the cost of a read is measured: two consecutive reads ``a = f(); b = f()`` differ by the time
one full call takes (the return of the first plus the entry of the second), so ``b - a`` samples
the per-call cost of that very clock with no timer of our own around it. The samples go into a
veloz.Histogram in one batch call.
"""

from __future__ import annotations

import array
import os
import sys
import time
from typing import Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import veloz  # noqa: E402

SAMPLES = 200_000
PERCENTILES = [50, 90, 99, 99.9, 99.99]


def clock_agreement_ns(reads: int = 20_000) -> int:
    """Median of veloz.clock.now_ns() minus the midpoint of the two time.time_ns() reads around it
    (the median ignores sandwiches that a preemption stretched)."""
    now_ns, time_ns = veloz.clock.now_ns, time.time_ns
    skews = []
    for _ in range(reads):
        before = time_ns()
        ours = now_ns()
        skews.append(ours - (before + time_ns()) // 2)
    skews.sort()
    return skews[len(skews) // 2]


def describe_clock() -> None:
    info = veloz.clock.info()
    print(f"veloz {veloz.__version__} (library {'.'.join(map(str, veloz.library_version()))} at {veloz.library_path()})")
    print(f"clock source      {info.source} (invariant TSC: {'yes' if info.invariant_tsc else 'no'})")
    print(f"tick rate         {info.ticks_per_second:,.0f} ticks/s")
    print(f"calibrated at     {info.calibrated_at_ns} ns ({time.ctime(info.calibrated_at_ns / 1e9)})")
    print(f"calibration error +/- {info.error_ns} ns after {info.calibration_count} calibration(s)")
    print(f"now_ns() vs time.time_ns(): {clock_agreement_ns():+,} ns (median of 20,000 sandwiched reads)")
    started = time.perf_counter()
    veloz.clock.calibrate()
    took = time.perf_counter() - started
    recalibrated = veloz.clock.info()
    print(
        f"recalibrated in {took * 1e6:,.0f} us: {recalibrated.ticks_per_second:,.0f} ticks/s, "
        f"error +/- {recalibrated.error_ns} ns, calibration #{recalibrated.calibration_count}"
    )
    time.sleep(0.05)  # the clock slews to a new calibration (at most 500 ppm) instead of jumping
    print(f"now_ns() vs time.time_ns(): {clock_agreement_ns():+,} ns, 50 ms after recalibrating")


def read_costs(read: Callable[[], int]) -> array.array:
    costs = array.array("q", bytes(8 * SAMPLES))
    for i in range(SAMPLES):
        a = read()
        b = read()
        costs[i] = b - a
    return costs


def measure(name: str, read: Callable[[], int]) -> veloz.Histogram:
    read_costs(read)  # warm up: caches, branch predictors, the ctypes call path
    histogram = veloz.Histogram(lowest=1, highest=10**9, significant_digits=3)
    histogram.record_batch(read_costs(read))  # one ctypes call for all samples, no copy
    stats = histogram.stats()
    values = histogram.percentiles(PERCENTILES)
    cells = "  ".join(f"p{p:<5} {v:>6,}" for p, v in zip(PERCENTILES, values))
    print(f"{name:<32} mean {stats.mean:7.1f}  {cells}  max {stats.max:>9,}  (ns, {stats.count:,} samples)")
    return histogram


def main() -> None:
    describe_clock()
    print(f"\nCost of one clock read from Python, from {SAMPLES:,} back-to-back pairs (ns):")
    with measure("veloz.clock.now_ns()  [ctypes]", veloz.clock.now_ns) as veloz_costs, measure(
        "time.time_ns()        [builtin]", time.time_ns
    ) as builtin_costs:
        ratio = veloz_costs.percentile(50) / max(builtin_costs.percentile(50), 1)
        print(
            f"\nAt the median a veloz read through ctypes costs {ratio:.1f}x a time.time_ns() read. The clock itself\n"
            "takes ~10 ns; the rest is the ctypes call (argument and result conversion, releasing and\n"
            "re-taking the GIL). From Python, veloz's clock is about a shared time base with C++/C#, not speed.\n"
            "For loops, cimport the C API in Cython (`from veloz cimport capi`) and call\n"
            "capi.veloz_clock_now_ns() inside `with nogil:` - see bindings/python/README.md."
        )
        merged = veloz.Histogram(lowest=1, highest=10**9)
        merged.merge(veloz_costs)
        merged.merge(builtin_costs)
        print(f"\nBoth clocks merged into one histogram: {merged!r}")
        merged.close()
    replay_lobster()


def replay_lobster() -> None:
    """A real NASDAQ day (LOBSTER AMZN sample) replayed into a mirror order book in one call."""
    repository = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data = os.environ.get("VELOZ_DATA") or os.path.join(repository, "data")
    path = os.path.join(data, "AMZN_2012-06-21_34200000_57600000_message_1.csv")
    if not os.path.isfile(path):
        print(f"\nOrder book replay skipped: {path} not found (set VELOZ_DATA to the data folder)")
        return
    messages = veloz.lobster.read_messages(path)
    commands = veloz.lobster.to_commands(messages)
    with veloz.Book("mirror", snapshot_depth=1) as book:
        started = time.perf_counter()
        events = book.apply(commands)  # one call: 55k commands in, every event out
        took = time.perf_counter() - started
        print(f"\nLOBSTER AMZN 2012-06-21: {len(messages):,} messages -> {len(commands):,} commands, "
              f"replayed in {took * 1e3:,.1f} ms ({len(commands) / took / 1e6:,.1f} M commands/s)")  # fmt: skip
        counts = {kind.name.lower(): int((events["type"] == kind).sum()) for kind in veloz.EventType}
        print(f"events: {len(events):,} = " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        stats = book.stats
        print(f"book:   {book}")
        print(f"        {stats.order_count:,} resting orders, {stats.trade_count:,} trades for {stats.trade_volume:,} shares, "
              f"{stats.unknown_order_count:,} commands named orders the file never announced")  # fmt: skip
        top, published = book.top, book.read_top()
        print(f"top:    {top} (read_top from any thread: {published})")
        print("        The level-1 message file only announces events at the best prices, so orders that")
        print("        drifted away never get their deletes: the mirrored book keeps them, and can end crossed.")


if __name__ == "__main__":
    main()
