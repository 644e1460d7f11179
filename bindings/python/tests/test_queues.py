"""veloz.SpscQueue and veloz.MpmcQueue: records in and out (NumPy records, bytes, batches), full and
empty edges at tiny capacities, threads moving 1e5+ records with sequence and checksum checks, close
waking blocked threads, timeouts, hostile input, and lifetime.

Every threaded test joins with a timeout: a hang closes the queue (which wakes any waiter), fails
the test and never blocks the run.
"""

from __future__ import annotations

import array
import ctypes
import sys
import threading
import time
import traceback
from typing import Any, Callable, List, Sequence

import numpy as np
import pytest

import veloz
from veloz import _capi, _handle
from veloz._library import library
from veloz.queues import _timeout_ns

#: A hang fails the test after this long instead of hanging the run.
JOIN_TIMEOUT = 120.0
KINDS = [veloz.SpscQueue, veloz.MpmcQueue]
KIND_IDS = ["spsc", "mpmc"]
#: A small record of a producer id, a sequence number and a payload derived from both.
SEQ_DTYPE = np.dtype([("producer", "<i8"), ("seq", "<i8"), ("payload", "<i8")])


def seq_records(count: int, producer: int = 0, start: int = 0) -> np.ndarray:
    records = np.zeros(count, dtype=SEQ_DTYPE)
    records["producer"] = producer
    records["seq"] = np.arange(start, start + count)
    records["payload"] = records["seq"] * 7 + producer * 1_000_003
    return records


def run_threads(targets: Sequence[Callable[[], Any]], *queues: Any) -> List[Any]:
    """Runs each target on its own thread and returns their results; fails on an exception, and
    on a thread still running after JOIN_TIMEOUT (the queues are then closed, waking waiters)."""
    results: List[Any] = [None] * len(targets)
    failures: List[str] = []

    def run(index: int, target: Callable[[], Any]) -> None:
        try:
            results[index] = target()
        except BaseException:  # noqa: BLE001 - reported below, with its traceback
            failures.append(f"thread {index}:\n{traceback.format_exc()}")

    threads = [threading.Thread(target=run, args=(i, t), daemon=True, name=f"queue-test-{i}") for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    hung = [thread.name for thread in threads if thread.is_alive()]
    if hung:
        for queue in queues:
            queue.close()
        for thread in threads:
            thread.join(5.0)
        pytest.fail(f"threads {hung} still running after {JOIN_TIMEOUT} s (queues closed to free them)")
    assert failures == [], "\n".join(failures)
    return results


def start_thread(target: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def joined(thread: threading.Thread, timeout: float = JOIN_TIMEOUT) -> bool:
    thread.join(timeout)
    return not thread.is_alive()


@pytest.fixture(params=KINDS, ids=KIND_IDS)
def kind(request):
    return request.param


# ---- records in and out --------------------------------------------------------------------------


def test_book_events_round_trip_as_numpy_records(kind):
    assert veloz.EVENT_DTYPE.itemsize == 64
    events = np.zeros(3, dtype=veloz.EVENT_DTYPE)
    events["type"] = [1, 3, 4]
    events["sequence"] = [10, 11, 12]
    events["price"] = [-5, 1 << 62, 7]
    events["quantity"] = [1, 2, 3]
    with kind(veloz.EVENT_DTYPE, capacity=8) as q:
        assert (q.record_size, q.dtype, q.capacity) == (64, veloz.EVENT_DTYPE, 8)
        assert q.try_push(events[0])            # a numpy.void record
        assert q.try_push(events[1:2])          # a one-element array
        assert q.try_push(events[2].tobytes())  # raw bytes of a record
        event = _capi.veloz_book_event(type=2, sequence=13, price=99)
        assert q.try_push(event)                # a ctypes structure of the same layout
        got = [q.try_pop() for _ in range(4)]
        assert q.try_pop() is None
    for record, want in zip(got[:3], events):
        assert isinstance(record, np.void) and record.dtype == veloz.EVENT_DTYPE
        assert record.tobytes() == want.tobytes()
    assert (got[3]["type"], got[3]["sequence"], got[3]["price"]) == (2, 13, 99)
    got[0]["price"] = 1  # a popped record is the caller's own, writable
    assert got[0]["price"] == 1


def test_byte_records_round_trip_as_bytes(kind):
    with kind(16, capacity=4) as q:
        assert q.dtype is None and q.record_size == 16
        assert q.try_push(b"0123456789abcdef")
        assert q.try_push(bytearray(b"x" * 16))
        assert q.try_push(memoryview(b"y" * 32)[::2])  # not contiguous: its 16 bytes, in order
        assert q.try_push(np.arange(16, dtype=np.uint8))
        assert [q.try_pop() for _ in range(4)] == [b"0123456789abcdef", b"x" * 16, b"y" * 16, bytes(range(16))]
        assert q.try_pop() is None


def test_plain_dtypes_and_values_numpy_converts(kind):
    with kind(np.int64, capacity=4) as q:
        q.push(5)
        q.push(np.int64(-6))
        q.push_batch(np.array([7, 8]))
        got = [q.pop() for _ in range(4)]
        assert got == [5, -6, 7, 8] and all(isinstance(v, np.int64) for v in got)
    with kind(SEQ_DTYPE, capacity=4) as q:
        q.push((1, 2, 3))
        record = q.pop()
        assert (record["producer"], record["seq"], record["payload"]) == (1, 2, 3)


def test_capacity_rounds_up_to_a_power_of_two():
    with veloz.SpscQueue(8, capacity=3) as q:
        assert q.capacity == 4 == q.stats.capacity
    with veloz.SpscQueue(8, capacity=1) as q:
        assert q.capacity == 1
    with veloz.MpmcQueue(8, capacity=1) as q:
        assert q.capacity == 2  # the MPMC ring has at least two cells
    with veloz.MpmcQueue(8) as q:
        assert q.capacity == 1024


@pytest.mark.parametrize("strategy", list(veloz.WaitStrategy))
def test_every_wait_strategy_moves_records_between_threads(kind, strategy):
    records = seq_records(20_000)
    out = np.zeros_like(records)
    with kind(SEQ_DTYPE, capacity=64, wait_strategy=strategy.name.lower()) as q:
        assert q.wait_strategy == strategy

        def consume() -> int:
            position = 0
            while position < len(out):
                position += q.pop_batch_into(out[position:], timeout=10.0)
            return position

        run_threads([lambda: q.push_all(records, timeout=60.0), consume], q)
    assert np.array_equal(out, records)


# ---- full and empty edges ------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [2, 4])
def test_full_and_empty_edges_return_false_and_none(kind, capacity):
    with kind(SEQ_DTYPE, capacity=capacity) as q:
        assert q.try_pop() is None and q.pop_wait(0) is None
        if kind is veloz.SpscQueue:
            assert q.peek() is None
        assert len(q.pop_batch()) == 0 and q.pop_batch_into(np.zeros(3, SEQ_DTYPE)) == 0
        records = seq_records(capacity + 3)
        for i in range(capacity):
            assert q.try_push(records[i])
        assert len(q) == capacity
        assert q.try_push(records[capacity]) is False
        assert q.push_wait(records[capacity], 0) is False
        assert q.push_batch(records[capacity:]) == 0
        stats = q.stats
        assert (stats.size, stats.pushes, stats.failed_pushes, stats.high_water_mark) == (capacity, capacity, 3, capacity)
        assert q.try_pop()["seq"] == 0
        assert q.try_push(records[capacity])
        popped = q.pop_batch(100)
        assert list(popped["seq"]) == list(range(1, capacity + 1))
        assert q.try_pop() is None
        assert q.stats.failed_pops >= 1


@pytest.mark.parametrize("capacity", [2, 4])
def test_wrapping_a_tiny_ring_many_times_keeps_the_order(kind, capacity):
    records = seq_records(10_000)
    with kind(SEQ_DTYPE, capacity=capacity) as q:
        got = []
        position = 0
        while position < len(records):
            position += q.push_batch(records[position:position + 3])  # 3 > capacity 2: partial pushes
            got.append(q.pop_batch(1 if position % 2 else 3))
            if position % 5 == 0:
                record = q.try_pop()
                if record is not None:
                    got.append(np.array([record], dtype=SEQ_DTYPE))
        got.append(q.pop_batch())
    assert np.array_equal(np.concatenate(got), records)


def test_a_batch_larger_than_the_capacity_pushes_the_capacity(kind):
    with kind(SEQ_DTYPE, capacity=4) as q:
        assert q.push_batch(seq_records(10)) == 4
        assert list(q.pop_batch(10)["seq"]) == [0, 1, 2, 3]
        assert q.push_all(seq_records(10), timeout=0.05) == 4  # no consumer: the rest times out


# ---- batches -------------------------------------------------------------------------------------


def test_batches_in_and_out(kind):
    records = seq_records(100)
    with kind(SEQ_DTYPE, capacity=128) as q:
        assert q.push_batch(records[:10]) == 10
        assert q.push_batch(records[10:40].reshape(5, 6)) == 30     # any shape
        assert q.push_batch(records[40:80][::-1][::-1]) == 40
        assert q.push_batch(seq_records(20, start=80)[::-1].copy()[::-1]) == 20  # strided: copied
        readonly = records[:0].copy()
        readonly.flags.writeable = False
        assert q.push_batch(readonly) == 0
        first = q.pop_batch(25)
        assert first.dtype == SEQ_DTYPE and list(first["seq"]) == list(range(25))
        out = np.zeros(30, dtype=SEQ_DTYPE)
        assert q.pop_batch_into(out) == 30 and list(out["seq"]) == list(range(25, 55))
        raw = bytearray(SEQ_DTYPE.itemsize * 5)
        assert q.pop_batch_into(raw) == 5
        assert list(np.frombuffer(raw, SEQ_DTYPE)["seq"]) == list(range(55, 60))
        assert q.pop_batch(0).shape == (0,)
        rest = q.pop_batch()
        assert list(rest["seq"]) == list(range(60, 100))


def test_batches_of_raw_bytes_and_typed_buffers():
    with veloz.SpscQueue(veloz.EVENT_DTYPE, capacity=16) as q:
        events = (_capi.veloz_book_event * 3)()
        for i in range(3):
            events[i].sequence = 100 + i
        assert q.push_batch(events) == 3                    # ctypes array of the same layout
        assert q.push_batch(bytes(64 * 2)) == 2              # raw bytes: two records
        assert list(q.pop_batch()["sequence"]) == [100, 101, 102, 0, 0]
    with veloz.SpscQueue(np.int64, capacity=16) as q:
        assert q.push_batch(array.array("q", [1, 2, 3])) == 3
        with pytest.raises(TypeError, match="dtype"):
            q.push_batch(array.array("d", [1.0]))            # typed, and not int64: never reinterpreted
        assert q.push_batch([4, 5]) == 2                     # values NumPy converts
        assert list(q.pop_batch()) == [1, 2, 3, 4, 5]
    with veloz.MpmcQueue(8, capacity=16) as q:
        assert q.push_batch(b"abcdefgh" * 3) == 3
        assert q.push_batch(np.arange(16, dtype=np.uint8)) == 2
        assert q.pop_batch(4) == b"abcdefgh" * 3 + bytes(range(8))
        assert q.pop_batch() == bytes(range(8, 16))
        assert q.pop_batch() == b""


def test_iteration_and_batches_end_when_closed_and_drained(kind):
    records = seq_records(1000)
    with kind(SEQ_DTYPE, capacity=2048) as q:
        q.push_batch(records)
        q.close()
        assert list(r["seq"] for r in q) == list(range(1000))
    with kind(SEQ_DTYPE, capacity=2048) as q:
        q.push_batch(records)
        q.close()
        batches = list(q.batches(300))
        assert [len(b) for b in batches] == [300, 300, 300, 100]
        assert np.array_equal(np.concatenate(batches), records)


# ---- threads -------------------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [4, 1024])
def test_spsc_moves_200k_records_in_order_through_batches(capacity):
    count = 200_000
    records = seq_records(count)
    with veloz.SpscQueue(SEQ_DTYPE, capacity=capacity) as q:

        def produce() -> int:
            pushed = 0
            for start in range(0, count, 777):
                pushed += q.push_all(records[start:start + 777])
            q.close()
            return pushed

        def consume() -> np.ndarray:
            return np.concatenate(list(q.batches(500)))

        pushed, received = run_threads([produce, consume], q)
        stats = q.stats
    assert pushed == count
    assert len(received) == count
    assert np.array_equal(received["seq"], np.arange(count)), "lost, duplicated or reordered records"
    assert np.array_equal(received, records)
    assert (stats.pushes, stats.pops, stats.size, stats.closed) == (count, count, 0, True)


@pytest.mark.parametrize("capacity", [2, 256])
def test_spsc_moves_100k_records_in_order_one_call_each(capacity):
    count = 100_000
    with veloz.SpscQueue(np.int64, capacity=capacity) as q:

        def produce() -> None:
            for i in range(count):
                if not q.try_push(i):
                    q.push(i)  # full: wait for room
            q.close()

        def consume() -> List[int]:
            got = []
            try:
                while True:
                    value = q.try_pop()
                    if value is None:
                        value = q.pop()  # empty: wait for one
                    got.append(int(value))
            except veloz.StateError:  # closed and drained
                return got

        _, got = run_threads([produce, consume], q)
    assert got == list(range(count))


def test_two_python_threads_pushing_to_one_spsc_queue_take_turns():
    """The producer lock: two threads calling the producer side of one SpscQueue are serialized
    (the ring is not corrupted): every record arrives once, each thread's in its order."""
    per_producer = 30_000
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        with veloz.SpscQueue(SEQ_DTYPE, capacity=8) as q:

            def produce(producer: int) -> None:
                records = seq_records(per_producer, producer)
                for start in range(0, per_producer, 5):
                    if start % 2:
                        q.push_all(records[start:start + 5])
                    else:
                        for record in records[start:start + 5]:
                            q.push(record)

            def consume() -> np.ndarray:
                return np.concatenate(list(q.batches(64)))

            results: List[np.ndarray] = []
            consumer = start_thread(lambda: results.append(consume()))
            run_threads([lambda: produce(1), lambda: produce(2)], q)
            q.close()
            assert joined(consumer), "the consumer did not finish"
    finally:
        sys.setswitchinterval(interval)
    received = results[0]
    assert len(received) == 2 * per_producer
    for producer in (1, 2):
        mine = received[received["producer"] == producer]
        assert np.array_equal(mine["seq"], np.arange(per_producer))
        assert np.array_equal(mine["payload"], mine["seq"] * 7 + producer * 1_000_003)


@pytest.mark.parametrize("capacity", [4, 512])
@pytest.mark.parametrize("batched", [True, False], ids=["batches", "single"])
def test_mpmc_two_producers_two_consumers_keep_per_producer_order_and_checksums(capacity, batched):
    per_producer = 100_000 if batched else 50_000
    producers, consumers = 2, 2
    with veloz.MpmcQueue(SEQ_DTYPE, capacity=capacity) as q:
        done = threading.Barrier(producers, action=q.close)  # the last producer to finish closes

        def produce(producer: int) -> None:
            records = seq_records(per_producer, producer)
            if batched:
                for start in range(0, per_producer, 300):
                    q.push_all(records[start:start + 300])
            else:
                for i in range(per_producer):
                    q.push(records[i])
            done.wait(JOIN_TIMEOUT)

        def consume() -> np.ndarray:
            if batched:
                return np.concatenate(list(q.batches(200)) or [np.zeros(0, SEQ_DTYPE)])
            return np.array(list(q), dtype=SEQ_DTYPE)

        results = run_threads(
            [lambda p=p: produce(p) for p in range(1, producers + 1)] + [consume] * consumers, q
        )
        stats = q.stats
    received = results[producers:]
    for chunk in received:
        for producer in range(1, producers + 1):
            seqs = chunk["seq"][chunk["producer"] == producer]
            assert np.all(np.diff(seqs) > 0), "a consumer saw one producer's records out of order"
    everything = np.concatenate(received)
    assert len(everything) == producers * per_producer
    for producer in range(1, producers + 1):
        mine = everything[everything["producer"] == producer]
        assert np.array_equal(np.sort(mine["seq"]), np.arange(per_producer)), "lost or duplicated records"
        assert int(mine["payload"].sum()) == int((np.arange(per_producer) * 7 + producer * 1_000_003).sum())
    assert (stats.pushes, stats.pops) == (producers * per_producer,) * 2


def test_a_blocked_pop_does_not_block_a_push_from_another_thread(kind):
    """No object lock spans both sides: a consumer waiting in pop() with no limit gets the record
    that another thread pushes meanwhile (one lock for both would deadlock here)."""
    with kind(SEQ_DTYPE, capacity=4) as q:
        got: List[Any] = []
        consumer = start_thread(lambda: got.append(q.pop()))
        time.sleep(0.2)
        assert consumer.is_alive(), "pop() returned from an empty queue"
        pusher = start_thread(lambda: q.push(seq_records(1, start=42)[0]))
        assert joined(pusher, 10.0), "push waited for the blocked pop"
        assert joined(consumer, 10.0), "the blocked pop did not get the record"
        assert got[0]["seq"] == 42


def test_spsc_sides_have_separate_locks():
    with veloz.SpscQueue(8, capacity=4) as q:
        q.try_push(b"a" * 8)
        with q._consumer_lock:  # as if a consumer were inside a call
            pusher = start_thread(lambda: q.try_push(b"b" * 8))
            assert joined(pusher, 10.0), "a push waited for the consumer's lock"
            assert len(q) == 2
        with q._producer_lock:
            popper = start_thread(q.try_pop)
            assert joined(popper, 10.0), "a pop waited for the producer's lock"
            assert len(q) == 1
        with q._lock:  # the object's own lock is destroy's only
            worker = start_thread(lambda: (q.try_push(b"c" * 8), q.try_pop(), q.stats, len(q), q.close()))
            assert joined(worker, 10.0), "a call waited for the object lock"


def test_the_gil_is_released_while_a_thread_waits(kind):
    with kind(8, capacity=2) as q:
        waiter = start_thread(lambda: q.pop_wait(1.0))
        spins = 0
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:
            spins += 1
        assert joined(waiter, 10.0)
        assert spins > 10_000, "the main thread barely ran while another thread waited"


# ---- close and timeouts --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["pop", "pop_wait", "iterate", "batches"])
def test_close_wakes_a_blocked_consumer(kind, how):
    with kind(SEQ_DTYPE, capacity=4) as q:
        outcome: List[Any] = []

        def consume() -> None:
            started = time.monotonic()
            try:
                if how == "pop":
                    q.pop()
                elif how == "pop_wait":
                    q.pop_wait(None)
                elif how == "iterate":
                    outcome.append(list(q))
                else:
                    outcome.append(list(q.batches()))
            except veloz.StateError:
                outcome.append("closed")
            outcome.append(time.monotonic() - started)

        consumer = start_thread(consume)
        time.sleep(0.3)
        assert consumer.is_alive()
        q.close()
        assert joined(consumer, 10.0), "close did not wake the waiting consumer"
        assert outcome[0] in ("closed", []) and outcome[1] >= 0.25
        assert q.closed


def test_close_wakes_a_blocked_producer_and_keeps_the_records(kind):
    with kind(8, capacity=2) as q:
        q.push(b"1" * 8)
        q.push(b"2" * 8)
        outcome: List[Any] = []

        def produce() -> None:
            try:
                q.push(b"3" * 8)
                outcome.append("pushed")
            except veloz.StateError as e:
                outcome.append(e)

        producer = start_thread(produce)
        time.sleep(0.3)
        assert producer.is_alive()
        q.close()
        assert joined(producer, 10.0), "close did not wake the waiting producer"
        assert isinstance(outcome[0], veloz.StateError)
        assert list(q) == [b"1" * 8, b"2" * 8]  # drained after the close, then the end


def test_timeouts_are_honoured(kind):
    with kind(8, capacity=2) as q:
        started = time.monotonic()
        assert q.pop_wait(0.2) is None
        assert 0.15 <= time.monotonic() - started < 5.0
        started = time.monotonic()
        assert q.pop_wait(0) is None
        assert len(q.pop_batch(4, timeout=0.1)) == 0
        assert 0.08 <= time.monotonic() - started < 5.0
        q.push(b"a" * 8)
        q.push(b"b" * 8)
        started = time.monotonic()
        assert q.push_wait(b"c" * 8, 0.2) is False
        assert q.push_batch(b"c" * 16, timeout=0.1) == 0
        assert 0.25 <= time.monotonic() - started < 5.0
        # Longer than the main thread's 0.2 s wait slices: still one timeout, honoured.
        q.pop_batch()
        started = time.monotonic()
        assert q.pop_wait(0.5) is None
        assert 0.45 <= time.monotonic() - started < 5.0


def test_a_main_thread_wait_without_limit_sees_a_record_pushed_later(kind):
    with kind(8, capacity=2) as q:
        pusher = threading.Timer(0.5, lambda: q.push(b"late!!!!"))
        pusher.start()
        started = time.monotonic()
        assert q.pop() == b"late!!!!"  # sliced into 0.2 s waits on the main thread
        assert 0.4 <= time.monotonic() - started < 30.0
        assert joined(pusher, 10.0)
        pusher = threading.Timer(0.5, lambda: q.push(b"later!!!"))
        pusher.start()
        assert q.pop_batch(timeout=None) == b"later!!!"
        assert joined(pusher, 10.0)


def test_a_wait_can_be_satisfied_by_a_batch(kind):
    with kind(SEQ_DTYPE, capacity=8) as q:
        pusher = threading.Timer(0.2, lambda: q.push_batch(seq_records(5)))
        pusher.start()
        got = q.pop_batch(8, timeout=10.0)  # waits for one, then takes what is there
        assert joined(pusher, 10.0)
        assert 1 <= len(got) <= 5 and got["seq"][0] == 0
        got = np.concatenate([got, q.pop_batch()])
        assert list(got["seq"]) == [0, 1, 2, 3, 4]


# ---- hostile input -------------------------------------------------------------------------------


def test_a_record_of_the_wrong_size_or_type_is_refused(kind):
    with kind(veloz.EVENT_DTYPE, capacity=4) as q:
        for wrong in (b"x" * 63, b"x" * 65, b"", bytearray(128), memoryview(b"x" * 32)):
            with pytest.raises(veloz.InvalidArgumentError, match="64 bytes"):
                q.try_push(wrong)
            with pytest.raises(veloz.InvalidArgumentError):
                q.push_wait(wrong, 0)
        with pytest.raises(veloz.InvalidArgumentError, match="one record"):
            q.try_push(np.zeros(2, veloz.EVENT_DTYPE))
        with pytest.raises(TypeError, match="dtype"):
            q.try_push(np.zeros(1, veloz.COMMAND_DTYPE)[0])
        with pytest.raises(TypeError, match="dtype"):
            q.try_push(np.zeros(8, np.int64))  # 64 bytes, but not events: never reinterpreted
        with pytest.raises(TypeError):
            q.try_push("a string")
        with pytest.raises(TypeError):
            q.try_push(None)
        with pytest.raises(veloz.InvalidArgumentError, match="multiple of 64"):
            q.push_batch(b"x" * 65)
        with pytest.raises(TypeError, match="dtype"):
            q.push_batch(np.zeros(4, np.float64))
        with pytest.raises(TypeError, match="dtype"):
            q.pop_batch_into(np.zeros(4, np.int64))
        with pytest.raises(veloz.InvalidArgumentError, match="multiple of 64"):
            q.pop_batch_into(bytearray(100))
        readonly = np.zeros(2, veloz.EVENT_DTYPE)
        readonly.flags.writeable = False
        with pytest.raises(TypeError, match="read-only"):
            q.pop_batch_into(readonly)
        with pytest.raises(TypeError, match="read-only"):
            q.pop_batch_into(bytes(64))
        with pytest.raises(TypeError, match="contiguous"):
            q.pop_batch_into(np.zeros(4, veloz.EVENT_DTYPE)[::2])
        with pytest.raises(TypeError):
            q.pop_batch_into([0, 0])
        assert q.stats.pushes == 0 and len(q) == 0, "a refused record changed the queue"


def test_negative_counts_and_bad_timeouts_are_refused(kind):
    with kind(16, capacity=4) as q:
        with pytest.raises(veloz.InvalidArgumentError, match="max_count"):
            q.pop_batch(-1)
        with pytest.raises(veloz.InvalidArgumentError, match="max_count"):
            q.pop_batch(1 << 31)
        with pytest.raises(TypeError):
            q.pop_batch(2.5)
        for bad in (-0.001, -1, float("nan")):
            with pytest.raises(veloz.InvalidArgumentError, match="timeout"):
                q.pop_wait(bad)
            with pytest.raises(veloz.InvalidArgumentError, match="timeout"):
                q.push_wait(b"x" * 16, bad)
            with pytest.raises(veloz.InvalidArgumentError, match="timeout"):
                q.push_batch(b"x" * 16, timeout=bad)
        for bad in ("1", b"1", True, [1]):
            with pytest.raises(TypeError, match="timeout"):
                q.pop_wait(bad)
        assert q.stats.pushes == 0
    assert (_timeout_ns(None), _timeout_ns(float("inf")), _timeout_ns(0), _timeout_ns(1.5)) == (-1, -1, 0, 1_500_000_000)
    assert _timeout_ns(1e300) == (1 << 63) - 1


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        ((0,), {}, veloz.InvalidArgumentError, "record size"),
        ((4,), {}, veloz.InvalidArgumentError, "record size"),
        ((1025,), {}, veloz.InvalidArgumentError, "record size"),
        ((-64,), {}, veloz.InvalidArgumentError, "record size"),
        ((np.int32,), {}, veloz.InvalidArgumentError, "4 bytes"),
        ((np.dtype("V2048"),), {}, veloz.InvalidArgumentError, "2048 bytes"),
        ((np.dtype([("a", "O"), ("b", "i8")]),), {}, TypeError, "Python objects"),
        ((None,), {}, TypeError, "dtype or a record size"),
        ((True,), {}, TypeError, "dtype or a record size"),
        (("not a dtype",), {}, TypeError, "dtype or a record size"),
        ((64, 0), {}, veloz.InvalidArgumentError, "capacity"),
        ((64, -1), {}, veloz.InvalidArgumentError, "capacity"),
        ((64, 1 << 27), {}, veloz.InvalidArgumentError, "capacity"),
        ((64, 1 << 40), {}, veloz.InvalidArgumentError, "capacity"),
        ((64, 2.0), {}, TypeError, "capacity"),
        ((64,), {"wait_strategy": "sleepy"}, veloz.InvalidArgumentError, "wait_strategy"),
        ((64,), {"wait_strategy": 7}, veloz.InvalidArgumentError, "wait_strategy"),
    ],
)
def test_bad_configurations_are_refused(kind, args, kwargs, error, match):
    with pytest.raises(error, match=match):
        kind(*args, **kwargs)


def test_a_closed_queue_refuses_pushes_and_drains(kind):
    with kind(SEQ_DTYPE, capacity=4) as q:
        q.push_batch(seq_records(2))
        q.close()
        q.close()  # idempotent
        assert q.closed and q.stats.closed and not q.destroyed
        for push in (
            lambda: q.try_push(seq_records(1)[0]),
            lambda: q.push(seq_records(1)[0]),
            lambda: q.push_wait(seq_records(1)[0], 1.0),
            lambda: q.push_batch(seq_records(1)),
            lambda: q.push_all(seq_records(3)),
        ):
            with pytest.raises(veloz.StateError, match="closed"):
                push()
        assert q.try_pop()["seq"] == 0
        assert list(q.pop_batch()["seq"]) == [1]
        for pop in (q.try_pop, q.pop, lambda: q.pop_wait(1.0), q.pop_batch, lambda: q.pop_batch_into(np.zeros(2, SEQ_DTYPE))):
            with pytest.raises(veloz.StateError):
                pop()
        assert list(q) == [] and list(q.batches()) == []
        assert q.stats.pushes == 2


def test_a_destroyed_queue_raises_invalid_handle(kind):
    q = kind(16, capacity=4)
    q.push(b"x" * 16)
    q.destroy()
    q.destroy()  # idempotent
    q.close()    # a no-op once destroyed
    assert q.destroyed and q.closed
    for call in (
        lambda: q.try_push(b"x" * 16),
        lambda: q.push(b"x" * 16),
        q.try_pop,
        q.pop,
        lambda: q.pop_wait(0.1),
        q.pop_batch,
        lambda: q.push_batch(b"x" * 16),
        lambda: len(q),
        lambda: q.stats,
        lambda: q.handle,
        lambda: list(q),
    ):
        with pytest.raises(veloz.InvalidHandleError, match="destroyed"):
            call()
    assert "destroyed" in repr(q)


def test_destroy_wakes_waiters_and_waits_for_calls_in_flight(kind):
    q = kind(16, capacity=2)
    outcome: List[Any] = []

    def consume() -> None:
        try:
            q.pop()
        except veloz.InvalidHandleError as e:
            outcome.append(e)

    consumer = start_thread(consume)
    time.sleep(0.3)
    assert consumer.is_alive()
    q.destroy()
    assert joined(consumer, 10.0), "destroy did not wake the waiting consumer"
    assert isinstance(outcome[0], veloz.InvalidHandleError)


def test_the_with_block_destroys_and_garbage_collection_too(kind):
    destroyed = []
    with kind(16) as q:
        real = q._destroy
        q._destroy = lambda handle: (destroyed.append(handle.value), real(handle))
        handle = q.handle
    assert destroyed == [handle] and q.destroyed
    q = kind(16)
    real = q._destroy
    q._destroy = lambda handle: (destroyed.append(handle.value), real(handle))
    handle = q.handle
    del q
    assert destroyed[-1] == handle


def test_queue_handles_are_not_shared(monkeypatch):
    """Sharing a handle promises the library that its calls never overlap; a queue's do, by design
    (its functions check no owner thread)."""
    shared = []
    monkeypatch.setattr(_handle, "_share_handle", lambda handle: shared.append(handle.value))
    for kind in KINDS:
        kind(8).destroy()
    assert shared == []


def test_stats_len_bool_and_repr(kind):
    with kind(SEQ_DTYPE, capacity=8) as q:
        assert len(q) == 0 and bool(q) is True
        q.push_batch(seq_records(5))
        q.try_pop()
        q.pop_batch(0)
        stats = q.stats
        assert isinstance(stats, veloz.QueueStats)
        assert (stats.capacity, stats.record_size, stats.closed, stats.size, stats.pushes, stats.pops) == (8, 24, False, 4, 5, 1)
        with pytest.raises(Exception):
            stats.size = 3  # frozen
        assert len(q) == 4
        text = repr(q)
        assert type(q).__name__ in text and "size=4" in text and "producer" in text


def test_the_abi_refuses_null_handles_negative_counts_and_null_buffers():
    """Underneath the classes: the queue functions check their arguments and return a status,
    never crash."""
    lib = library()
    null = ctypes.c_void_p()
    record = ctypes.create_string_buffer(64)
    count = ctypes.c_int32()
    for prefix in ("veloz_spsc_", "veloz_mpmc_"):
        fn = lambda name: getattr(lib, prefix + name)  # noqa: E731
        assert fn("push")(null, record) == _capi.VELOZ_E_INVALID_HANDLE
        assert fn("pop")(null, record) == _capi.VELOZ_E_INVALID_HANDLE
        assert fn("close")(null) == _capi.VELOZ_E_INVALID_HANDLE
        fn("destroy")(null)  # a no-op
        handle = ctypes.c_void_p()
        config = getattr(_capi, prefix + "config")(struct_size=16, capacity=4, record_size=64)
        assert fn("create")(ctypes.byref(config), ctypes.byref(handle)) == _capi.VELOZ_OK
        try:
            assert fn("push_batch")(handle, record, -1, ctypes.byref(count)) == _capi.VELOZ_E_INVALID_ARGUMENT
            assert fn("pop_batch")(handle, record, -1, ctypes.byref(count)) == _capi.VELOZ_E_INVALID_ARGUMENT
            assert fn("push")(handle, None) == _capi.VELOZ_E_INVALID_ARGUMENT
            assert fn("pop")(handle, None) == _capi.VELOZ_E_INVALID_ARGUMENT
            assert fn("push_batch")(handle, None, 1, ctypes.byref(count)) == _capi.VELOZ_E_INVALID_ARGUMENT
            assert fn("pop")(handle, record) == _capi.VELOZ_E_EMPTY
            for _ in range(4):
                assert fn("push")(handle, record) == _capi.VELOZ_OK
            assert fn("push")(handle, record) == _capi.VELOZ_E_FULL
        finally:
            fn("destroy")(handle)
        assert fn("push")(handle, record) == _capi.VELOZ_E_INVALID_HANDLE  # destroyed
        bad = getattr(_capi, prefix + "config")(struct_size=16, capacity=4, record_size=4)
        assert fn("create")(ctypes.byref(bad), ctypes.byref(handle)) == _capi.VELOZ_E_INVALID_ARGUMENT
        assert handle.value is None
