"""The queues from Cython: ``from veloz cimport capi`` and a queue's ``.handle`` give a ``nogil``
loop the same ring a Python SpscQueue / MpmcQueue drives, so records cross between C-speed
loops and Python threads in one process.

Like test_cython.py, the test writes a small extension into tmp_path, cythonizes it against
veloz/capi.pxd, compiles it with gcc against veloz.h and links libveloz.so. Each ``nogil`` loop
runs on a Python thread (it releases the GIL, so the Python side runs meanwhile), and every thread
is joined with a timeout: a hang closes the queue, which wakes every waiter, and fails the test.
"""

import textwrap
import threading
import time
from typing import Any, Callable, List, Sequence

import numpy as np
import pytest

import veloz
from test_cython import build_probe

JOIN_TIMEOUT = 120.0
SEQ_DTYPE = np.dtype([("producer", "<i8"), ("seq", "<i8"), ("payload", "<i8")])

PROBE_PYX = textwrap.dedent(
    """
    # cython: language_level=3
    from libc.stdint cimport int32_t, int64_t, uintptr_t
    from libc.stdlib cimport malloc, free
    from veloz cimport capi

    # The layout of SEQ_DTYPE in the test: producer, seq, payload.
    cdef struct seq_record:
        int64_t producer
        int64_t seq
        int64_t payload

    def spsc_produce(uintptr_t handle, int64_t producer, int64_t count, bint close):
        '''Pushes count records (seq 0..count-1) from a nogil loop, waiting when the queue is full;
        closes the queue at the end if asked. Returns the number of failed pushes.'''
        cdef capi.veloz_spsc* queue = <capi.veloz_spsc*>handle
        cdef seq_record record
        cdef int64_t i, failures = 0
        cdef capi.veloz_status status
        record.producer = producer
        with nogil:
            for i in range(count):
                record.seq = i
                record.payload = i * 7 + producer * 1000003
                status = capi.veloz_spsc_push(queue, &record)
                if status == capi.VELOZ_E_FULL:
                    status = capi.veloz_spsc_push_wait(queue, &record, -1)
                if status != capi.VELOZ_OK:
                    failures += 1
            if close:
                capi.veloz_spsc_close(queue)
        return failures

    def spsc_consume(uintptr_t handle, int batch):
        '''Pops until the queue is closed and drained from a nogil loop (pop_batch of up to batch
        records, pop_wait when empty). Returns (count, payload sum, order errors, last status).'''
        cdef capi.veloz_spsc* queue = <capi.veloz_spsc*>handle
        cdef seq_record* records = <seq_record*>malloc(batch * sizeof(seq_record))
        cdef int32_t popped
        cdef int64_t i
        cdef int64_t count = 0, total = 0, errors = 0, expected = 0
        cdef capi.veloz_status status = capi.VELOZ_OK
        if records == NULL:
            raise MemoryError()
        with nogil:
            while True:
                status = capi.veloz_spsc_pop_batch(queue, records, batch, &popped)
                if status == capi.VELOZ_E_EMPTY:
                    status = capi.veloz_spsc_pop_wait(queue, records, -1)
                    popped = 1
                if status != capi.VELOZ_OK:
                    break
                for i in range(popped):
                    if records[i].seq != expected:
                        errors += 1
                    expected = records[i].seq + 1
                    total += records[i].payload
                count += popped
        free(records)
        return count, total, errors, status

    def mpmc_produce(uintptr_t handle, int64_t producer, int64_t count):
        '''Pushes count records into an MPMC queue from a nogil loop; returns failed pushes.'''
        cdef capi.veloz_mpmc* queue = <capi.veloz_mpmc*>handle
        cdef seq_record record
        cdef int64_t i, failures = 0
        cdef capi.veloz_status status
        record.producer = producer
        with nogil:
            for i in range(count):
                record.seq = i
                record.payload = i * 7 + producer * 1000003
                status = capi.veloz_mpmc_push(queue, &record)
                if status == capi.VELOZ_E_FULL:
                    status = capi.veloz_mpmc_push_wait(queue, &record, -1)
                if status != capi.VELOZ_OK:
                    failures += 1
        return failures
    """
)


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    return build_probe(tmp_path_factory, "veloz_queue_probe", PROBE_PYX)


def payload_sum(count: int, producer: int) -> int:
    return 7 * count * (count - 1) // 2 + producer * 1_000_003 * count


def run_threads(targets: Sequence[Callable[[], Any]], queue: Any) -> List[Any]:
    """Runs each target on a thread and returns the results; a hang closes the queue and fails."""
    results: List[Any] = [None] * len(targets)
    errors: List[BaseException] = []

    def run(index: int, target: Callable[[], Any]) -> None:
        try:
            results[index] = target()
        except BaseException as e:  # noqa: BLE001 - re-raised below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i, t), daemon=True) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        queue.close()
        for thread in threads:
            thread.join(5.0)
        pytest.fail(f"a thread was still running after {JOIN_TIMEOUT} s (queue closed to free it)")
    if errors:
        raise errors[0]
    return results


@pytest.mark.parametrize("capacity", [4, 1024])
def test_a_nogil_producer_feeds_a_python_consumer(probe, capacity):
    count = 200_000
    with veloz.SpscQueue(SEQ_DTYPE, capacity=capacity) as q:
        # The Cython loop is the producer side: no Python thread pushes meanwhile.
        failures, received = run_threads(
            [lambda: probe.spsc_produce(q.handle, 3, count, True), lambda: np.concatenate(list(q.batches(512)))], q
        )
        stats = q.stats
    assert failures == 0
    assert len(received) == count
    assert np.array_equal(received["seq"], np.arange(count)), "lost, duplicated or reordered records"
    assert np.all(received["producer"] == 3)
    assert int(received["payload"].sum()) == payload_sum(count, 3)
    assert (stats.pushes, stats.pops, stats.closed) == (count, count, True)


def test_a_python_producer_feeds_a_nogil_consumer(probe):
    count = 200_000
    records = np.zeros(count, dtype=SEQ_DTYPE)
    records["producer"] = 5
    records["seq"] = np.arange(count)
    records["payload"] = records["seq"] * 7 + 5 * 1_000_003

    def produce() -> int:
        pushed = 0
        for start in range(0, count, 1000):
            pushed += q.push_all(records[start:start + 1000])
        q.close()
        return pushed

    with veloz.SpscQueue(SEQ_DTYPE, capacity=256) as q:
        pushed, (popped, total, errors, status) = run_threads([produce, lambda: probe.spsc_consume(q.handle, 128)], q)
    assert pushed == popped == count
    assert errors == 0
    assert total == payload_sum(count, 5)
    assert status == veloz._capi.VELOZ_E_STATE  # the loop ended at "closed and drained"


def test_two_nogil_loops_move_a_million_records(probe):
    count = 1_000_000
    with veloz.SpscQueue(SEQ_DTYPE, capacity=1024) as q:
        started = time.perf_counter()
        failures, (popped, total, errors, _) = run_threads(
            [lambda: probe.spsc_produce(q.handle, 1, count, True), lambda: probe.spsc_consume(q.handle, 256)], q
        )
        elapsed = time.perf_counter() - started
    assert failures == 0 and errors == 0
    assert popped == count
    assert total == payload_sum(count, 1)
    print(f"two nogil loops: {count / elapsed / 1e6:.1f} M records/s")


def test_two_nogil_producers_feed_python_consumers_through_mpmc(probe):
    per_producer = 100_000
    with veloz.MpmcQueue(SEQ_DTYPE, capacity=64) as q:
        finished = threading.Barrier(2, action=q.close)

        def produce(producer: int) -> int:
            failures = probe.mpmc_produce(q.handle, producer, per_producer)
            finished.wait(JOIN_TIMEOUT)
            return failures

        def consume() -> np.ndarray:
            return np.concatenate(list(q.batches(100)) or [np.zeros(0, SEQ_DTYPE)])

        results = run_threads([lambda: produce(1), lambda: produce(2), consume, consume], q)
    assert results[:2] == [0, 0]
    for chunk in results[2:]:
        for producer in (1, 2):
            assert np.all(np.diff(chunk["seq"][chunk["producer"] == producer]) > 0), "per-producer order broken"
    everything = np.concatenate(results[2:])
    for producer in (1, 2):
        mine = everything[everything["producer"] == producer]
        assert np.array_equal(np.sort(mine["seq"]), np.arange(per_producer))
        assert int(mine["payload"].sum()) == payload_sum(per_producer, producer)
