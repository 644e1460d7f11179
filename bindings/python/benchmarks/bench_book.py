#!/usr/bin/python3
"""Python benchmark: replaying a real order flow into veloz.Book (one batch call) vs a pure-Python
order book on sortedcontainers, and the per-call cost of single orders through ctypes, in one run.

    /usr/bin/python3 bindings/python/benchmarks/bench_book.py [--repeats 9] [--data DIR]

The flow is the whole LOBSTER AMZN 2012-06-21 message file (57,515 messages, 55,070 book commands
after dropping hidden executions, crosses and halts), parsed once with numpy.loadtxt into a command
array; only the replay is timed. Each replay starts from a new, empty book (veloz's and the peer's)
made before the timer starts and closed after it stops (the state hashes too are computed untimed);
one row times veloz's book creation and close as well, so nothing is left out. Both books produce
the same 106,907 events (accepted, rejected, trade, order done, modified, level changed) and end in
the same state (tests/test_book.py checks event for event and the state hash), so the rows compare
equal work. Every ratio compares rows measured in this same process; the best of --repeats runs is
reported (the machine is shared: the best run is the one least disturbed), with the median beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from typing import Any, Callable, List, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import veloz  # noqa: E402
from bench_common import build_cython_probe, print_table  # noqa: E402
from sorted_book import SortedBook  # noqa: E402

MESSAGES = "AMZN_2012-06-21_34200000_57600000_message_1.csv"
RATIO_TARGET = 50.0


class Stopwatch:
    """Times only the ``with`` blocks of one run: a run prepares (a new, empty book) and cleans up
    (close) outside them."""

    __slots__ = ("seconds", "_start")

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start = 0.0

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc_info: object) -> None:
        self.seconds += time.perf_counter() - self._start


Run = Callable[[Stopwatch], Any]


def interleaved(repeats: int, runs: Sequence[Run]) -> List[Tuple[float, float, Any]]:
    """Each run ``repeats`` times, round-robin (so a burst of load from other processes hits all of
    them alike): (best, median of its timed seconds, result of its last run) per run."""
    samples: List[List[float]] = [[] for _ in runs]
    results: List[Any] = [None] * len(runs)
    for _ in range(repeats):
        for i, run in enumerate(runs):
            watch = Stopwatch()
            results[i] = run(watch)
            samples[i].append(watch.seconds)
    return [(min(times), statistics.median(times), result) for times, result in zip(samples, results)]


# ---- replay --------------------------------------------------------------------------------------


def bench_replay(data_dir: str, repeats: int) -> None:
    path = os.path.join(data_dir, MESSAGES)
    started = time.perf_counter()
    messages = veloz.lobster.read_messages(path)
    commands = veloz.lobster.to_commands(messages)
    parse_seconds = time.perf_counter() - started
    # The peer's natural input: tuples (type, order_id, side, price, quantity); converting is not timed.
    tuples = list(zip(*(commands[name].tolist() for name in ("type", "order_id", "side", "price", "quantity"))))
    print(f"flow: {path}")
    print(f"      {len(messages):,} messages -> {len(commands):,} commands (numpy.loadtxt + mapping: {parse_seconds * 1e3:,.0f} ms, not timed)")

    # Every run builds its new, empty book before the timer and closes it after: the rows time the
    # replay itself, on both sides. One row times the book's creation and close too (a new book
    # allocates and zeroes its preallocated storage).
    def veloz_apply(level_events: bool) -> Run:
        def run(watch: Stopwatch) -> Tuple[int, int]:
            with veloz.Book("mirror", level_events=level_events) as book:
                with watch:
                    events = book.apply(commands)
                return len(events), book.hash

        return run

    def veloz_new_book_and_apply(watch: Stopwatch) -> Tuple[int, int]:
        with watch:
            book = veloz.Book("mirror")
            events = book.apply(commands)
        book_hash = book.hash  # the check, not the work: untimed as in the other rows
        with watch:
            book.close()
        return len(events), book_hash

    reused = np.zeros(2 * len(commands) + 64, dtype=veloz.EVENT_DTYPE)  # touched once, outside the timing

    def veloz_apply_into(watch: Stopwatch) -> Tuple[int, int]:
        with veloz.Book("mirror") as book:
            with watch:
                consumed, written = book.apply_into(commands, reused)
            assert consumed == len(commands) and book.pending_events == 0
            return written, book.hash

    def veloz_single_calls(watch: Stopwatch) -> Tuple[int, int]:
        # The flow one ctypes call per command, as a Python loop over the same tuples (rejects raise).
        with veloz.Book("mirror") as book:
            add, reduce, delete, execute = book.add, book.reduce, book.delete, book.execute
            with watch:
                for kind, order_id, side, price, quantity in tuples:
                    try:
                        if kind == 6:
                            add(order_id, side, price, quantity)
                        elif kind == 7:
                            execute(order_id, quantity)
                        elif kind == 8:
                            delete(order_id)
                        else:
                            reduce(order_id, quantity)
                    except veloz.VelozError:
                        pass
                events = book.events()
            return len(events), book.hash

    def peer(watch: Stopwatch) -> Tuple[int, int]:
        book = SortedBook()
        with watch:
            book.replay(tuples)
        return len(book.events), book.state_hash()

    peer_repeats = max(3, repeats // 3)
    for warm_up in (veloz_apply(True), veloz_new_book_and_apply):  # library start, page cache, event buffers
        interleaved(2, [warm_up])
    fast = interleaved(repeats, [veloz_apply(True), veloz_apply_into, veloz_apply(False), veloz_new_book_and_apply])
    slow = interleaved(peer_repeats, [veloz_single_calls, peer])
    (best, median, (event_count, veloz_hash)), (into_best, into_median, (into_events, into_hash)), quiet, created = fast
    (single_best, single_median, (single_events, single_hash)), (peer_best_s, peer_median, (peer_events, peer_hash)) = slow
    rows_raw = [
        ("veloz Book.apply(commands): 1 call, all events returned", best, median, event_count),
        ("veloz Book.apply_into(commands, reused event buffer)", into_best, into_median, into_events),
        ("veloz Book.apply, level_events=False (fewer events: not equal work)", quiet[0], quiet[1], quiet[2][0]),
        ("veloz Book.apply with the book's creation and close timed too", created[0], created[1], created[2][0]),
        ("veloz single calls in a Python loop (1 ctypes call per command)", single_best, single_median, single_events),
        ("peer: pure Python, sortedcontainers SortedDict + dicts", peer_best_s, peer_median, peer_events),
    ]

    hashes = (veloz_hash, into_hash, created[2][1], single_hash, peer_hash)
    counts = (event_count, into_events, created[2][0], single_events, peer_events)
    if len(set(hashes)) != 1 or len(set(counts)) != 1:
        raise SystemExit(f"the books disagree: hashes {', '.join(f'{h:#x}' for h in hashes)}, events {counts}")
    peer_best = rows_raw[-1][1]
    rows = []
    for name, best, median, events in rows_raw:
        rows.append(
            [
                name,
                f"{best * 1e3:,.2f}",
                f"{median * 1e3:,.2f}",
                f"{len(commands) / best / 1e6:,.2f}",
                f"{events / best / 1e6:,.2f}",
                f"{peer_best / best:,.1f}x",
            ]
        )
    print_table(
        f"Replay of the LOBSTER AMZN day into a new, empty mirror book made before the timer "
        f"({len(commands):,} commands, {event_count:,} events; best of {repeats}, peer and loop best of {peer_repeats})",
        ["method", "best ms", "median ms", "M commands/s", "M events/s", "speed vs peer"],
        rows,
    )
    ratio = peer_best / rows_raw[0][1]
    verdict = "met" if ratio >= RATIO_TARGET else "NOT met"
    print(f"Book.apply vs peer: {ratio:,.1f}x (target >= {RATIO_TARGET:.0f}x: {verdict}); same events and state hash {veloz_hash:#018x}")


# ---- per call ------------------------------------------------------------------------------------

CYTHON_PROBE = """
# cython: language_level=3
from libc.stdint cimport int64_t, uintptr_t
from libc.string cimport memset
from veloz cimport capi

def submit_then_cancel(uintptr_t handle, int64_t first_id, int n):
    '''n GTC bids below the market then their n cancels, without the GIL; returns failures.'''
    cdef capi.veloz_book* book = <capi.veloz_book*>handle
    cdef capi.veloz_book_command order
    cdef int i, failures = 0
    memset(&order, 0, sizeof(order))
    order.type = capi.VELOZ_BOOK_COMMAND_SUBMIT
    order.side = capi.VELOZ_SIDE_BUY
    order.quantity = 1
    with nogil:
        for i in range(n):
            order.order_id = first_id + i
            order.price = 1000 - (i & 63)
            if capi.veloz_book_submit(book, &order) != 0:
                failures += 1
        for i in range(n):
            if capi.veloz_book_cancel(book, first_id + i) != 0:
                failures += 1
    return failures
"""


def bench_per_call(batches: int, batch_size: int) -> None:
    """Median and best ns per call over ``batches`` loops of ``batch_size`` submits, then as many
    cancels of the same orders (so the book stays small). Bids rest below the market: no matching."""
    clock = time.perf_counter_ns
    results = {}

    def measure(name: str, submit: Callable[[int, int], None], cancel: Callable[[int], None]) -> None:
        submit_samples, cancel_samples = [], []
        next_id = 1
        for batch in range(batches + 10):  # the first 10 are a warm-up
            ids = range(next_id, next_id + batch_size)
            next_id += batch_size
            start = clock()
            for order_id in ids:
                submit(order_id, 1000 - (order_id & 63))
            middle = clock()
            for order_id in ids:
                cancel(order_id)
            end = clock()
            if batch >= 10:
                submit_samples.append((middle - start) / batch_size)
                cancel_samples.append((end - middle) / batch_size)
        for kind, samples in (("submit", submit_samples), ("cancel", cancel_samples)):
            samples.sort()
            results[(name, kind)] = (samples[len(samples) // 2], samples[0])

    with veloz.Book(level_events=False) as book:
        submit, cancel = book.submit, book.cancel

        def veloz_submit(order_id: int, price: int) -> None:
            submit(order_id, "buy", price, 1)

        measure("veloz Book (ctypes)", veloz_submit, cancel)
        book.clear_events()

    peer = SortedBook()
    add, delete, events = peer.add, peer.delete, peer.events

    def peer_add(order_id: int, price: int) -> None:
        add(order_id, 1, price, 1)

    def peer_delete(order_id: int) -> None:
        delete(order_id)
        if len(events) > 100_000:
            events.clear()

    measure("peer SortedBook (pure Python)", peer_add, peer_delete)

    cython_row = None
    try:
        probe = build_cython_probe(CYTHON_PROBE, "veloz_bench_book_probe")
        with veloz.Book(level_events=False) as book:
            samples = []
            for batch in range(batches + 10):
                start = clock()
                failures = probe.submit_then_cancel(book.handle, 1 + batch * batch_size, batch_size)
                took = clock() - start
                if failures:
                    raise RuntimeError(f"{failures} Cython submits/cancels failed")
                if batch >= 10:
                    samples.append(took / (2 * batch_size))
                book.clear_events()
            samples.sort()
            cython_row = (samples[len(samples) // 2], samples[0])
    except Exception as e:  # noqa: BLE001 - the ctypes rows stand on their own
        print(f"\nCython row left out: {e!r}")

    peer_submit = results[("peer SortedBook (pure Python)", "submit")][0]
    peer_cancel = results[("peer SortedBook (pure Python)", "cancel")][0]
    rows = []
    for (name, kind), (median, best) in results.items():
        peer_median = peer_submit if kind == "submit" else peer_cancel
        label = f"{name}.{'submit' if 'veloz' in name else 'add'}()" if kind == "submit" else f"{name}.{'cancel' if 'veloz' in name else 'delete'}()"
        rows.append([label, f"{median:,.0f}", f"{best:,.0f}", f"{peer_median / median:,.2f}x"])
    if cython_row is not None:
        median, best = cython_row
        rows.append(
            ["veloz_book_submit/cancel from Cython, nogil loop (mean of both)", f"{median:,.0f}", f"{best:,.0f}",
             f"{(peer_submit + peer_cancel) / 2 / median:,.1f}x"]
        )  # fmt: skip
    print_table(
        f"One order at a time: resting limit order and its cancel ({batches} batches of {batch_size:,} calls, median)",
        ["call", "median ns/call", "best ns/call", "speed vs peer (same op)"],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="replays of the flow per veloz row (default 9)")
    parser.add_argument("--data", default=os.environ.get("VELOZ_DATA"), help="market data folder (default $VELOZ_DATA or the repository's data/)")
    parser.add_argument("--batches", type=int, default=200, help="per-call batches (default 200)")
    args = parser.parse_args()
    data_dir = args.data or os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "data")
    data_dir = os.path.normpath(data_dir)
    print(f"veloz {veloz.__version__}, library {veloz.library_path()} {'.'.join(map(str, veloz.library_version()))}")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    bench_replay(data_dir, args.repeats)
    bench_per_call(args.batches, 1_000)


if __name__ == "__main__":
    main()
