#!/usr/bin/python3
"""Python benchmark: ns per timer for veloz.TimerWheel (schedule + cancel, schedule + fire) at 1k and
100k live timers, beside the peer a Python user would otherwise write, a ``heapq`` timer queue with
lazy cancel (entries marked removed, as in the heapq documentation, compacted when the removed
ones outnumber the live ones), in the same run.

    /usr/bin/python3 bindings/python/benchmarks/bench_timers.py [--rounds 80] [--sizes 1000,100000] [--quick]

Rows, each with ``live`` timers in the structure all along (deadlines spread over a window, as a
strategy's order timeouts are):

- schedule + cancel: one timer scheduled and cancelled per iteration (an order acknowledged before
  its timeout); the live timers stay untouched.
- schedule + fire, advance per timer: each iteration moves time on by one tick, schedules one timer a
  window ahead and advances, which fires exactly one (a steady state: as many fire as are scheduled).
- schedule + fire, advance per 64: the same, advancing once per 64 ticks (64 timers per advance: an
  event loop that polls its timers once per batch of market data).

Every row times many short loops and reports the median and the best loop, so that a preemption on a
shared machine spoils one loop (which the median ignores) instead of the average. "vs heapq" is the
veloz time over the heapq time of the same scenario and size (below 1: veloz is faster). ``--quick``
runs a few loops at small sizes, to check that the script works (not for numbers).
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import os
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import veloz  # noqa: E402
from bench_common import build_cython_probe, print_table  # noqa: E402
from veloz._library import library  # noqa: E402

TICK = 1_000  # ns: a 1 us wheel tick; one timer per tick keeps every row at one firing per tick
BATCH = 64


def per_op_ns(loops: Sequence[Callable[[int], Any]], rounds: int, per_round: int) -> List[Tuple[float, float]]:
    """(median, best) ns per operation of each loop over ``rounds`` calls of ``loop(per_round)``.
    The loops take turns round by round, so that a busy spell of a shared machine hits the
    implementations compared alike instead of whichever row ran at the time."""
    clock = time.perf_counter_ns
    samples: List[List[float]] = [[] for _ in loops]
    for _ in range(rounds):
        for loop, times in zip(loops, samples):
            start = clock()
            loop(per_round)
            times.append((clock() - start) / per_round)
    out = []
    for times in samples:
        times.sort()
        out.append((times[len(times) // 2], times[0]))
    return out


_REMOVED = None  # an entry's id slot once cancelled


class HeapTimers:
    """The timer queue a Python user writes with heapq: entries ``[deadline, sequence, id,
    payload]`` (the sequence breaks ties in scheduling order), a dict id -> entry for cancel, lazy
    removal (a cancelled entry stays in the heap with its id cleared until it surfaces) and a
    compaction when removed entries outnumber live ones, so the heap does not grow without bound."""

    def __init__(self) -> None:
        self.heap: List[List[Any]] = []
        self.entries: Dict[int, List[Any]] = {}
        self.counter = itertools.count(1)
        self.removed = 0

    def schedule(self, deadline: int, payload: int = 0) -> int:
        sequence = next(self.counter)
        entry = [deadline, sequence, sequence, payload]
        self.entries[sequence] = entry
        heapq.heappush(self.heap, entry)
        return sequence

    def cancel(self, timer_id: int) -> bool:
        entry = self.entries.pop(timer_id, None)
        if entry is None:
            return False
        entry[2] = _REMOVED
        self.removed += 1
        if self.removed > len(self.entries) and self.removed > 1024:
            self.heap = [e for e in self.heap if e[2] is not _REMOVED]
            heapq.heapify(self.heap)
            self.removed = 0
        return True

    def advance(self, now: int) -> List[Tuple[int, int, int, int]]:
        """(id, payload, deadline, late_ns) of every timer due by ``now``, in deadline order."""
        heap = self.heap
        out = []
        pop = heapq.heappop
        while heap and heap[0][0] <= now:
            deadline, _, timer_id, payload = pop(heap)
            if timer_id is _REMOVED:
                self.removed -= 1
                continue
            del self.entries[timer_id]
            out.append((timer_id, payload, deadline, now - deadline))
        return out

    def __len__(self) -> int:
        return len(self.entries)


def schedule_cancel_loop(timers: Any, window: int) -> Callable[[int], None]:
    schedule, cancel = timers.schedule, timers.cancel

    def loop(n: int) -> None:
        for i in range(n):
            cancel(schedule(window + i, i))

    return loop


class Firing:
    """The steady state of a schedule + fire row: ``live`` timers one tick apart over a window;
    each tick one is scheduled a window ahead and (advancing every ``every`` ticks) one fires."""

    def __init__(self, timers: Any, live: int, every: int) -> None:
        self.timers = timers
        self.window = live * TICK
        self.every = every
        self.now = 0
        self.fired = 0
        for i in range(live):
            timers.schedule((i + 1) * TICK, i)

    def loop(self, n: int) -> None:
        schedule, advance, window, every = self.timers.schedule, self.timers.advance, self.window, self.every
        now = self.now
        fired = 0
        if every == 1:
            for i in range(n):
                now += TICK
                schedule(now + window, i)
                fired += len(advance(now))
        else:
            for _ in range(n // every):
                for i in range(every):
                    schedule(now + (i + 1) * TICK + window, i)
                now += every * TICK
                fired += len(advance(now))
        self.now = now
        self.fired += fired


CYTHON_PROBE = """
# cython: language_level=3
from libc.stdint cimport int32_t, int64_t, uint64_t, uintptr_t
from veloz cimport capi

def schedule_cancel(uintptr_t handle, long n, int64_t deadline):
    '''n schedule + cancel pairs from a nogil loop; returns the failures.'''
    cdef capi.veloz_timer_wheel* wheel = <capi.veloz_timer_wheel*>handle
    cdef uint64_t tid
    cdef long i, failures = 0
    with nogil:
        for i in range(n):
            if capi.veloz_timer_wheel_schedule(wheel, deadline + i, <uint64_t>i, &tid) != 0:
                failures += 1
            elif capi.veloz_timer_wheel_cancel(wheel, tid) != 0:
                failures += 1
    return failures

def schedule_fire(uintptr_t handle, long n, int every, int64_t now, int64_t tick, int64_t window):
    '''The Firing loop from a nogil loop: per tick one schedule a window ahead, an advance every
    `every` ticks into a stack buffer; returns (new now, fired, failures).'''
    cdef capi.veloz_timer_wheel* wheel = <capi.veloz_timer_wheel*>handle
    cdef capi.veloz_timer_expiry out[256]
    cdef uint64_t tid
    cdef int32_t written
    cdef long i, fired = 0, failures = 0
    cdef int j
    with nogil:
        for i in range(n // every):
            for j in range(every):
                if capi.veloz_timer_wheel_schedule(wheel, now + (j + 1) * tick + window, <uint64_t>j, &tid) != 0:
                    failures += 1
            now += every * tick
            written = 256
            while written == 256:
                if capi.veloz_timer_wheel_advance(wheel, now, out, 256, &written) != 0:
                    failures += 1
                    break
                fired += written
    return now, fired, failures
"""


def bench(rounds: int, sizes: List[int]) -> None:
    per_round = 2_048  # a multiple of BATCH: every loop fires whole batches
    results: List[Tuple[str, int, str, float, float]] = []  # scenario, live, implementation, median, best
    names = ["veloz.TimerWheel", "heapq, lazy cancel", "veloz from a Cython nogil loop (no Python per timer)"]

    try:
        probe: Any = build_cython_probe(CYTHON_PROBE, "veloz_timers_bench_probe")
    except Exception as e:  # noqa: BLE001 - report and carry on: the Python rows stand on their own
        probe = None
        print(f"\nCython rows left out: building the probe failed: {e!r}")

    def rows(scenario: str, live: int, loops: Sequence[Optional[Callable[[int], Any]]]) -> None:
        named = [(name, loop) for name, loop in zip(names, loops) if loop is not None]
        per_op_ns([loop for _, loop in named], max(2, rounds // 10), per_round)  # warm-up
        timed = per_op_ns([loop for _, loop in named], rounds, per_round)
        for (implementation, _), (median, best) in zip(named, timed):
            results.append((scenario, live, implementation, median, best))
            print(f"  {scenario}, {live:,} live, {implementation}: {median:,.1f} ns", flush=True)

    version = library().veloz_version
    ((floor, _),) = per_op_ns([lambda n: [version() for _ in range(n)]], rounds, per_round)
    print(f"  floor: veloz_version() through ctypes: {floor:,.1f} ns", flush=True)

    for live in sizes:
        window = 10 * live * TICK
        # schedule + cancel with `live` timers far out, never touched.
        with veloz.TimerWheel(tick_ns=TICK, initial_timers=live + 16, name="bench-cancel") as wheel:
            for i in range(live):
                wheel.schedule(window * 2 + i * TICK, i)
            heap = HeapTimers()
            for i in range(live):
                heap.schedule(window * 2 + i * TICK, i)
            native_cancel: Optional[Callable[[int], Any]] = None
            if probe is not None:
                handle = wheel.handle

                def native_cancel(n: int) -> None:
                    assert probe.schedule_cancel(handle, n, window) == 0

            rows("schedule + cancel", live, [schedule_cancel_loop(wheel, window), schedule_cancel_loop(heap, window), native_cancel])
            assert len(wheel) == live and len(heap) == live

        for every in (1, BATCH):
            scenario = "schedule + fire, advance per timer" if every == 1 else f"schedule + fire, advance per {every}"
            with veloz.TimerWheel(tick_ns=TICK, initial_timers=live + every + 16, name="bench-fire") as wheel, \
                    veloz.TimerWheel(tick_ns=TICK, initial_timers=live + every + 16, name="bench-fire-native") as native_wheel:  # fmt: skip
                firing = Firing(wheel, live, every)
                firing_heap = Firing(HeapTimers(), live, every)
                native_fire: Optional[Callable[[int], Any]] = None
                if probe is not None:
                    # Its own wheel in the same steady state (the loops take turns, each on its own clock).
                    native_firing = Firing(native_wheel, live, every)
                    native_handle = native_wheel.handle

                    def native_fire(n: int) -> None:
                        now, fired, failures = probe.schedule_fire(native_handle, n, every, native_firing.now, TICK, native_firing.window)
                        assert failures == 0 and fired == n, (failures, fired, n)
                        native_firing.now = now
                        native_firing.fired += fired

                rows(scenario, live, [firing.loop, firing_heap.loop, native_fire])
                assert len(wheel) == live and len(firing_heap.timers) == live
                assert firing.fired == firing_heap.fired > 0
                if probe is not None:
                    assert len(native_wheel) == live and native_firing.fired == firing.fired

    table = []
    by_key: Dict[Tuple[str, int], Dict[str, float]] = {}
    for scenario, live, implementation, median, _ in results:
        by_key.setdefault((scenario, live), {})[implementation] = median
    for scenario, live, implementation, median, best in results:
        peer = by_key[(scenario, live)].get("heapq, lazy cancel")
        ratio = f"{median / peer:,.2f}x" if peer else "-"
        table.append([f"{scenario}, {live:,} live: {implementation}", f"{median:,.1f}", f"{best:,.1f}", ratio])
    print_table(
        f"ns per timer, one thread (median and best of {rounds} loops of {per_round:,}; the floor of one ctypes call "
        f"is {floor:,.1f} ns; a veloz schedule, cancel or advance is one call each)",
        ["operation", "median ns", "best ns", "vs heapq"],
        table,
    )


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=80, help="timed loops per row (default 80)")
    parser.add_argument("--sizes", default="1000,100000", help="live timers, comma-separated (default 1000,100000)")
    parser.add_argument("--quick", action="store_true", help="3 loops at 1,000 live timers: checks the script, not the numbers")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rounds = args.rounds
    if args.quick:
        rounds, sizes = 3, [1_000]
    print(f"veloz {veloz.__version__}, library {veloz.library_path()} {'.'.join(map(str, veloz.library_version()))}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}")
    start = time.perf_counter()
    bench(rounds, sizes)
    print(f"\n{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
