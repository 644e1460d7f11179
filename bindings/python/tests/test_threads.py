"""Several Python threads on one object of each class: every call runs whole (the object's lock),
nothing is lost or invented, and the end state equals the same operations done on one thread.

The workers of each test own disjoint data (order ids and price bands, venues, values) so that the
result does not depend on how the threads interleave; any difference from the single-threaded
reference, any exception and any hang (a join timeout, not a stuck CI run) is a failure. Without
the lock these tests fail: calls overwrite each other's scratch structs (invented quantities, ids
"already resting", sequence gaps) and the library's single-writer objects are driven by two
threads at once.
"""

from __future__ import annotations

import collections
import sys
import threading
import time
import traceback
from typing import Any, Callable, Counter, List, Sequence, Tuple

import numpy as np
import pytest

import veloz
from veloz import _capi, _handle

THREADS = 4
#: A hang fails the test after this long instead of hanging the run.
JOIN_TIMEOUT = 120.0
#: Objects whose threads did not finish, kept alive and never closed.
_ABANDONED: List[Any] = []


def abandon(*objects: Any) -> None:
    """Gives up on objects a stuck thread may still be using (or whose lock it holds): marked
    closed without destroying anything, so that neither close() nor __del__ at interpreter exit
    waits for that thread. Their native memory leaks; the test fails anyway."""
    for obj in objects:
        obj._closed = True
        _ABANDONED.append(obj)


@pytest.fixture(autouse=True)
def frequent_thread_switches():
    """Makes the interpreter hand the GIL between threads every few microseconds instead of every
    5 ms, so the threads interleave inside the Python part of each call too (between filling a
    scratch struct and passing it), where an unlocked wrapper races."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def run_concurrently(workers: Sequence[Callable[[], Any]], owner: Any) -> List[Any]:
    """Runs each worker on its own thread, all released together, and returns their results.
    Fails on any worker's exception, and when a thread is still running after JOIN_TIMEOUT
    (``owner``, the object or tuple of objects the workers use, is then abandoned)."""
    start = threading.Barrier(len(workers))
    results: List[Any] = [None] * len(workers)
    failures: List[str] = []

    def run(index: int, worker: Callable[[], Any]) -> None:
        try:
            start.wait(JOIN_TIMEOUT)
            results[index] = worker()
        except BaseException:  # noqa: BLE001 - reported below, with its traceback
            failures.append(f"worker {index}:\n{traceback.format_exc()}")

    threads = [
        threading.Thread(target=run, args=(index, worker), name=f"veloz-test-{index}", daemon=True)
        for index, worker in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    hung = [thread.name for thread in threads if thread.is_alive()]
    if hung:
        abandon(*(owner if isinstance(owner, tuple) else (owner,)))
        pytest.fail(f"threads {hung} still running after {JOIN_TIMEOUT:.0f} s: a hang")
    assert failures == [], "\n".join(failures)
    return results


def writers_then(stop: threading.Event, writers: Sequence[Callable[[], Any]]) -> List[Callable[[], Any]]:
    """The writers, wrapped so that ``stop`` is set once the last one has returned (or raised)."""
    remaining = [len(writers)]
    guard = threading.Lock()

    def wrap(writer: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            try:
                return writer()
            finally:
                with guard:
                    remaining[0] -= 1
                    if remaining[0] == 0:
                        stop.set()

        return run

    return [wrap(writer) for writer in writers]


# ---- Book ----------------------------------------------------------------------------------------

BOOK_ORDERS = 1_500  # per thread


def book_script(thread: int) -> List[Tuple[Any, ...]]:
    """Thread ``thread``'s commands: its own order ids, and its own price bands (bids far below
    every ask, so nothing trades and each level holds one thread's orders in that thread's order)."""
    base = (thread + 1) * 1_000_000
    bands = {"buy": 1_000 + 100 * thread, "sell": 10_000 + 100 * thread}
    script: List[Tuple[Any, ...]] = []
    for i in range(BOOK_ORDERS):
        order_id = base + i
        side = "buy" if i % 2 == 0 else "sell"
        band = bands[side]
        quantity = 2 + i % 9
        script.append(("submit", order_id, side, band + (i * 7) % 64, quantity))
        if i % 3 == 1:
            script.append(("reduce", order_id, 1))
        if i % 5 == 4:
            script.append(("modify", order_id, band + (i * 11) % 64, quantity))
        if i % 4 == 3:
            script.append(("cancel", order_id - 1))  # submitted one step ago, still resting
        if i % 64 == 63:
            ids = np.arange(4, dtype=np.int64) + base + 500_000 + i
            prices = band + (np.arange(4) * 5 + i) % 64
            script.append(("apply", veloz.book_commands("submit", ids, side=side, price=prices, quantity=3, order_type="limit", time_in_force="gtc")))
        if i % 100 == 99:
            script.append(("events",))
    return script


def play_book(book: veloz.Book, script: Sequence[Tuple[Any, ...]]) -> Counter[int]:
    """Runs a script on ``book``; returns the types of the events it took (apply, events)."""
    taken: Counter[int] = collections.Counter()
    for step in script:
        kind = step[0]
        if kind == "submit":
            book.submit(step[1], step[2], step[3], step[4])
        elif kind == "reduce":
            book.reduce(step[1], step[2])
        elif kind == "modify":
            book.modify(step[1], step[2], step[3])
        elif kind == "cancel":
            book.cancel(step[1])
        elif kind == "apply":
            taken.update(book.apply(step[1])["type"].tolist())
        else:
            taken.update(book.events()["type"].tolist())
    return taken


def test_threads_driving_one_book_give_the_single_threaded_result():
    scripts = [book_script(thread) for thread in range(THREADS)]
    reference = veloz.Book(snapshot_depth=4)
    reference_events = collections.Counter()
    for script in scripts:
        reference_events += play_book(reference, script)
    reference_events.update(reference.events()["type"].tolist())

    book = veloz.Book(snapshot_depth=4)
    stop = threading.Event()
    reads = [0]

    def reader() -> None:
        # read_top is lock-free (no wait for the writers); every publish is whole and never crossed.
        last_sequence = 0
        while not stop.is_set():
            top = book.read_top()
            assert top.sequence >= last_sequence, (top.sequence, last_sequence)
            last_sequence = top.sequence
            if top.bid is not None and top.ask is not None:
                assert top.bid.price < top.ask.price, top
            reads[0] += 1

    writers = writers_then(stop, [lambda script=script: play_book(book, script) for script in scripts])
    taken = run_concurrently(writers + [reader], owner=book)[:THREADS]
    threaded_events = sum(taken, collections.Counter())
    threaded_events.update(book.events()["type"].tolist())

    assert book.stats == reference.stats
    stats = book.stats
    single = sum(1 for script in scripts for step in script if step[0] in ("submit", "reduce", "modify", "cancel"))
    batched = sum(len(step[1]) for script in scripts for step in script if step[0] == "apply")
    assert stats.command_count == single + batched
    assert stats.rejected_count == 0 and stats.trade_count == 0
    assert book.hash == reference.hash
    assert book.depth(None) == reference.depth(None)
    # Every event once: none lost, none made up by a half-overwritten command.
    assert threaded_events == reference_events
    assert threaded_events[veloz.EventType.REJECTED] == 0
    assert reads[0] > 0
    book.close()
    reference.close()


# ---- Histogram -----------------------------------------------------------------------------------

HISTOGRAM_VALUES = 3_000  # single records per thread
BATCH = 4_000  # values per record_batch: long enough native calls for the threads to overlap in them
MERGES = 20


def histogram_script(thread: int) -> List[Tuple[str, Any]]:
    """Single values of this thread's own range, and batches that every thread shares (the same
    counters, so a lost increment shows)."""
    shared = np.random.default_rng(7).integers(1, 10**6, size=BATCH, dtype=np.int64)
    script: List[Tuple[str, Any]] = []
    for i in range(HISTOGRAM_VALUES):
        value = 1 + thread * 100_000 + (i * 37) % 50_000
        script.append(("record", value))
        if i % 10 == 0:
            script.append(("record_n", value))
        if i % 60 == 0:
            script.append(("record_batch", shared))
        if i % 500 == 0:
            script.append(("read", value))
    return script


def play_histogram(histogram: veloz.Histogram, script: Sequence[Tuple[str, Any]]) -> int:
    recorded = 0
    for kind, value in script:
        if kind == "record":
            histogram.record(value)
            recorded += 1
        elif kind == "record_n":
            histogram.record_n(value, 3)
            recorded += 3
        elif kind == "record_batch":
            recorded += histogram.record_batch(value)
        else:
            # Owner-only reads, taken in turn with the records: this thread's values are in.
            assert histogram.stats().count >= recorded
            assert histogram.percentile(100) >= value
    return recorded


def test_threads_recording_into_one_histogram_lose_nothing():
    scripts = [histogram_script(thread) for thread in range(THREADS)]
    source = veloz.Histogram()
    source.record_batch(np.arange(1, 1_001, dtype=np.int64) * 1_000)

    reference = veloz.Histogram()
    expected = sum(play_histogram(reference, script) for script in scripts)
    for _ in range(MERGES):
        reference.merge(source)

    histogram = veloz.Histogram()

    def merger() -> int:
        for _ in range(MERGES):
            histogram.merge(source)
        return MERGES * source.count

    workers: List[Callable[[], Any]] = [lambda script=script: play_histogram(histogram, script) for script in scripts]
    recorded = run_concurrently(workers + [merger], owner=histogram)

    assert sum(recorded) == expected + MERGES * 1_000
    assert expected == THREADS * (HISTOGRAM_VALUES + 3 * (HISTOGRAM_VALUES // 10) + BATCH * (HISTOGRAM_VALUES // 60))
    stats = histogram.stats()
    assert stats.count == sum(recorded) == reference.stats().count
    assert (stats.min, stats.max, stats.clamped_count) == (reference.min, reference.max, 0)
    assert histogram.buckets() == reference.buckets()
    assert stats.mean == pytest.approx(reference.mean, rel=1e-12)
    assert histogram.percentiles([50, 90, 99, 99.9]) == reference.percentiles([50, 90, 99, 99.9])
    for h in (histogram, reference, source):
        h.close()


# ---- DepthBook -----------------------------------------------------------------------------------

DEPTH_UPDATES = 5_000
CHUNK = 20


def depth_stream() -> np.ndarray:
    """Sequences 1..DEPTH_UPDATES of one feed, each setting a price level of its own (so an update
    applied with another one's fields leaves a wrong level that no later update repairs); the bids
    never reach the asks."""
    sequence = np.arange(1, DEPTH_UPDATES + 1, dtype=np.int64)
    buy = sequence % 2 == 1
    side = np.where(buy, 1, 2)
    price = np.where(buy, 1_000_000 - sequence, 2_000_000 + sequence)
    quantity = 1 + (sequence * 31) % 997
    return veloz.depth_updates(sequence, side, price, quantity)


def play_depth(book: veloz.DepthBook, stream: np.ndarray, thread: int) -> int:
    """Feeds the whole stream, in batches and one update at a time by turns; every update is
    consumed once (applied, or dropped as old when another thread applied it first)."""
    consumed = 0
    for start in range(0, len(stream), CHUNK):
        chunk = stream[start : start + CHUNK]
        if (start // CHUNK + thread) % 2 == 0:
            consumed += book.apply(chunk)
        else:
            for update in chunk:
                book.update(int(update["sequence"]), int(update["side"]), int(update["price"]), int(update["quantity"]))
                consumed += 1
        if start % (10 * CHUNK) == 0:
            state = book.state
            assert not state.stale and state.gap_count == 0, state
            book.levels("buy")
            book.top
            book.depth(3)
    return consumed


def test_threads_feeding_one_depth_book_apply_each_update_once():
    stream = depth_stream()
    reference = veloz.DepthBook(snapshot_depth=4)
    reference.apply(stream)

    book = veloz.DepthBook(snapshot_depth=4)
    stop = threading.Event()

    def reader() -> None:
        last_sequence = 0
        while not stop.is_set():
            top = book.read_top()  # lock-free
            assert top.sequence >= last_sequence
            last_sequence = top.sequence
            if top.bid is not None and top.ask is not None:
                assert top.bid.price < top.ask.price, top
            book.read_levels()

    writers = writers_then(stop, [lambda thread=thread: play_depth(book, stream, thread) for thread in range(THREADS)])
    consumed = run_concurrently(writers + [reader], owner=book)[:THREADS]

    assert consumed == [DEPTH_UPDATES] * THREADS
    state, expected = book.state, reference.state
    assert not state.stale and state.gap_count == 0 and state.invalid_count == 0
    assert state.last_sequence == DEPTH_UPDATES
    # Each sequence applied by exactly one thread and dropped as old by the others.
    assert state.update_count == expected.update_count
    assert state.dropped_old_count == expected.dropped_old_count + (THREADS - 1) * DEPTH_UPDATES
    assert (state.bid_levels, state.ask_levels, state.unknown_level_count) == (
        expected.bid_levels, expected.ask_levels, expected.unknown_level_count
    )  # fmt: skip
    assert book.depth(None) == reference.depth(None)
    assert book.top == reference.top
    book.close()
    reference.close()


# ---- TimeSync ------------------------------------------------------------------------------------

SAMPLES = 2_000  # per thread
NAMES = 10  # named venues per thread, each first used (and so given an id) at another point of the run


def timesync_script(thread: int) -> List[Tuple[Any, int, int, int]]:
    """Samples for venues of this thread's own: NAMES names (the TimeSync gives each an id when its
    first sample arrives, while the other threads name theirs) and one int id."""
    offset = (thread + 1) * 1_000_000
    samples = []
    for k in range(SAMPLES):
        sent = 10**12 + k * 1_000 + thread
        rtt = 100 + (k * 13) % 50
        block = k * NAMES // SAMPLES
        venue: Any = f"venue-{thread}-{block}" if k % 2 == 0 else 100 + thread
        samples.append((venue, sent + offset + rtt // 2 + k // 7, sent, sent + rtt))
    return samples


def timesync_venues(thread: int) -> List[Any]:
    return [f"venue-{thread}-{block}" for block in range(NAMES)] + [100 + thread]


def play_timesync(sync: veloz.TimeSync, script: Sequence[Tuple[Any, int, int, int]]) -> int:
    for venue, exchange_ns, sent, received in script:
        sync.add_sample(venue, exchange_ns, sent, received)
        # Lock-free conversions on the venue just sampled, between other threads' samples.
        sync.to_exchange(venue, received)
    return len(script)


def test_threads_adding_samples_to_one_timesync_keep_venues_apart():
    scripts = [timesync_script(thread) for thread in range(THREADS)]
    reference = veloz.TimeSync()
    for script in scripts:
        play_timesync(reference, script)

    sync = veloz.TimeSync()
    added = run_concurrently([lambda script=script: play_timesync(sync, script) for script in scripts], owner=sync)

    assert added == [SAMPLES] * THREADS
    assert sync.venue_count == (NAMES + 1) * THREADS
    names = sync.venue_names
    assert sorted(names) == sorted(v for thread in range(THREADS) for v in timesync_venues(thread) if isinstance(v, str))
    # New names registered by four threads at once still got one id each.
    assert len(set(names.values())) == NAMES * THREADS
    for thread in range(THREADS):
        for venue in timesync_venues(thread):
            got, want = sync.stats(venue), reference.stats(venue)
            assert got.sample_count == want.sample_count
            assert (got.offset_ns, got.best_rtt_ns, got.drift_ppm, got.sample_count, got.last_sample_ns) == (
                want.offset_ns, want.best_rtt_ns, want.drift_ppm, want.sample_count, want.last_sample_ns
            )  # fmt: skip
    sync.close()
    reference.close()


# ---- which calls take the lock -------------------------------------------------------------------


def _finishes_while_locked(obj: Any, call: Callable[[], Any], wait: float) -> bool:
    """Whether ``call`` returns within ``wait`` seconds on another thread while this thread holds
    ``obj``'s lock; the call is let finish (the lock released) either way."""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (call(), done.set()), daemon=True)
    with obj._lock:
        thread.start()
        finished = done.wait(wait)
    thread.join(JOIN_TIMEOUT)
    assert not thread.is_alive(), "the call did not finish after the lock was released"
    return finished


def _objects() -> Tuple[veloz.Book, veloz.DepthBook, veloz.Histogram, veloz.TimeSync]:
    book = veloz.Book(snapshot_depth=2)
    book.submit(1, "buy", 100, 5)
    depth = veloz.DepthBook(snapshot_depth=2)
    depth.update(1, "buy", 100, 5)
    histogram = veloz.Histogram()
    histogram.record(5)
    sync = veloz.TimeSync()
    sync.add_sample("a", 2_000, 1_000, 1_100)
    return book, depth, histogram, sync


LOCK_FREE = {
    "Book.read_top": lambda b, d, h, s: (b, b.read_top),
    "Book.read_levels": lambda b, d, h, s: (b, b.read_levels),
    "DepthBook.read_top": lambda b, d, h, s: (d, d.read_top),
    "DepthBook.read_levels": lambda b, d, h, s: (d, d.read_levels),
    "TimeSync.to_exchange": lambda b, d, h, s: (s, lambda: s.to_exchange("a", 5_000)),
    "TimeSync.to_local": lambda b, d, h, s: (s, lambda: s.to_local("a", 5_000)),
    "TimeSync.stats": lambda b, d, h, s: (s, lambda: s.stats("a")),
    "TimeSync.venue_count": lambda b, d, h, s: (s, lambda: s.venue_count),
}

LOCKED = {
    "Book.submit": lambda b, d, h, s: (b, lambda: b.submit(2, "buy", 99, 1)),
    "Book.cancel": lambda b, d, h, s: (b, lambda: b.cancel(1)),
    "Book.top": lambda b, d, h, s: (b, lambda: b.top),
    "Book.events": lambda b, d, h, s: (b, b.events),
    "DepthBook.update": lambda b, d, h, s: (d, lambda: d.update(2, "sell", 110, 1)),
    "DepthBook.state": lambda b, d, h, s: (d, lambda: d.state),
    "Histogram.record": lambda b, d, h, s: (h, lambda: h.record(7)),
    "Histogram.stats": lambda b, d, h, s: (h, h.stats),
    "TimeSync.add_sample": lambda b, d, h, s: (s, lambda: s.add_sample("b", 2_000, 1_000, 1_100)),
}


@pytest.mark.parametrize("name", sorted(LOCK_FREE))
def test_calls_the_header_makes_thread_safe_do_not_wait_for_the_lock(name):
    objects = _objects()
    obj, call = LOCK_FREE[name](*objects)
    assert _finishes_while_locked(obj, call, wait=10.0), f"{name} waited for the object's lock"
    for o in objects:
        o.close()


@pytest.mark.parametrize("name", sorted(LOCKED))
def test_owner_thread_calls_wait_for_the_lock(name):
    objects = _objects()
    obj, call = LOCKED[name](*objects)
    assert not _finishes_while_locked(obj, call, wait=0.2), f"{name} ran while another thread held the lock"
    for o in objects:
        o.close()


def test_merging_two_histograms_both_ways_at_once_does_not_deadlock():
    a, b = veloz.Histogram(), veloz.Histogram()
    a.record(1)
    b.record(2)

    def merge(target: veloz.Histogram, source: veloz.Histogram) -> None:
        for _ in range(3_000):
            target.merge(source)
            target.reset()
            target.record(3)

    run_concurrently([lambda: merge(a, b), lambda: merge(b, a)], owner=(a, b))
    a.merge(a)  # the same lock once: no self-deadlock
    assert a.count == 2  # its last value (after its last reset), merged into itself
    a.close()
    b.close()


# ---- every handle is shared ----------------------------------------------------------------------


def test_every_class_routes_its_handle_through_share_handle(monkeypatch):
    shared = []
    monkeypatch.setattr(_handle, "_share_handle", lambda handle: shared.append(handle.value))
    objects = [veloz.Book(), veloz.DepthBook(), veloz.Histogram(), veloz.TimeSync()]
    assert shared == [obj.handle for obj in objects]
    for obj in objects:
        obj.close()


def test_a_handle_that_cannot_be_shared_is_destroyed(monkeypatch):
    closed = []
    real_close = _handle.NativeHandle.close

    def refuse(handle):
        raise veloz.StateError(_capi.VELOZ_E_STATE, "cannot share")

    def recording_close(self):
        closed.append((self._handle.value, self._closed))
        real_close(self)
        closed.append((self._handle.value, self._closed))

    monkeypatch.setattr(_handle, "_share_handle", refuse)
    monkeypatch.setattr(_handle.NativeHandle, "close", recording_close)
    with pytest.raises(veloz.StateError, match="cannot share"):
        veloz.Histogram()
    # Closed (destroyed) from _adopt before the exception left the constructor.
    # (Later entries: the half-made object's __del__, closing again, a no-op.)
    assert closed[0][0] and closed[0][1] is False
    assert closed[1] == (None, True)


def test_the_library_refuses_an_unshared_object_from_a_second_thread():
    """Underneath the classes' locks: a raw handle that was never shared belongs to the first thread
    that drives it, and another thread gets VELOZ_E_STATE naming both threads (not a hang, not a
    corrupted book), until the owner releases it."""
    import ctypes

    from veloz import _capi
    from veloz._library import library
    from veloz._status import last_error_message

    lib = library()
    handle = ctypes.c_void_p()
    assert lib.veloz_book_create(None, ctypes.byref(handle)) == _capi.VELOZ_OK
    try:
        def submit(order_id: int) -> int:
            order = _capi.veloz_book_command(type=_capi.VELOZ_BOOK_COMMAND_SUBMIT, side=_capi.VELOZ_SIDE_BUY,
                                             order_type=_capi.VELOZ_ORDER_TYPE_LIMIT, order_id=order_id, price=100, quantity=1)
            return lib.veloz_book_submit(handle, ctypes.byref(order))

        assert submit(1) == _capi.VELOZ_OK  # this thread owns the book now
        outcome = {}

        def other() -> None:
            outcome["status"] = submit(2)
            outcome["message"] = last_error_message()
            outcome["tid"] = threading.get_native_id()

        worker = threading.Thread(target=other)
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive()
        assert outcome["status"] == _capi.VELOZ_E_STATE
        assert f"thread {threading.get_native_id()}" in outcome["message"]
        assert f"thread {outcome['tid']}" in outcome["message"]

        stats = _capi.veloz_book_stats(struct_size=ctypes.sizeof(_capi.veloz_book_stats))
        assert lib.veloz_book_get_stats(handle, ctypes.byref(stats)) == _capi.VELOZ_OK
        assert stats.order_count == 1, "the refused call changed nothing"

        assert lib.veloz_handle_release_owner(handle) == _capi.VELOZ_OK
        worker = threading.Thread(target=lambda: outcome.update(status=submit(3)))
        worker.start()
        worker.join(timeout=60)
        assert outcome["status"] == _capi.VELOZ_OK, "after a release the next thread becomes the owner"
    finally:
        lib.veloz_book_destroy(handle)
