"""veloz.TimerWheel: deadline order with ties in scheduling order, batches larger than the internal
buffer, cancel of live / fired / pending timers, periodic timers (expirations, the id kept),
advance_into with NumPy and ctypes buffers, advance_callback (stop, exceptions, scheduling and
cancelling from inside, advancing from inside refused), errors with the library's messages, a
closed wheel, threads, and a randomized differential test against a pure-Python model.

Every threaded test joins with a timeout: a hang fails the test and never blocks the run.
"""

from __future__ import annotations

import ctypes
import pickle
import random
import threading
import traceback
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pytest

from thread_runner import run_threads as _run_threads

import veloz
from veloz import _capi, _handle, timers

#: A hang fails the test after this long instead of hanging the run.
JOIN_TIMEOUT = 120.0
MS = 1_000_000


def run_threads(targets: Sequence[Callable[[], Any]]) -> List[Any]:
    """Runs each target on its own thread, all released together; see thread_runner.run_threads."""
    return _run_threads(targets, together=True, name="timer-test")


def payloads(expiries: Sequence[veloz.Expiry]) -> List[int]:
    return [e.payload for e in expiries]


# ---- creation and configuration --------------------------------------------------------------------


def test_defaults_and_config_are_reported():
    with veloz.TimerWheel() as wheel:
        assert (wheel.tick_ns, wheel.levels, wheel.name, wheel.now_ns) == (1_000_000, 4, "timer_wheel", 0)
        assert len(wheel) == 0 and wheel.next_deadline is None and bool(wheel)
    with veloz.TimerWheel(tick_ns=1_000, levels=2, start_ns=5_000, initial_timers=4, max_timers=8, name="cfg") as wheel:
        stats = wheel.stats
        assert (stats.tick_ns, stats.levels, stats.now_ns, stats.capacity) == (1_000, 2, 5_000, 4)
        assert (wheel.name, wheel.max_timers) == ("cfg", 8)
        assert 0 < wheel.max_delay_ns <= 255 * 256 * 1_000
        assert "cfg" in repr(wheel) and "active=0" in repr(wheel)
    assert "closed" in repr(wheel)


@pytest.mark.parametrize(
    "config, message",
    [
        ({"tick_ns": 5}, "tick_ns"),
        ({"tick_ns": -1}, "tick_ns"),
        ({"levels": 8}, "levels"),
        ({"start_ns": -1}, "start_ns"),
        ({"initial_timers": -1}, "initial_timers"),
        ({"max_timers": 5, "initial_timers": 10}, "max_timers"),
        ({"name": "x" * 129}, "name"),
    ],
)
def test_bad_configs_raise_the_library_message_naming_the_field(config, message):
    with pytest.raises(veloz.InvalidArgumentError, match=message) as info:
        veloz.TimerWheel(**config)
    assert info.value.status == _capi.VELOZ_E_INVALID_ARGUMENT
    assert "veloz_timer_wheel_create" in str(info.value)


def test_configs_the_binding_refuses_before_the_library():
    with pytest.raises(veloz.InvalidArgumentError, match="tick_ns must be in"):
        veloz.TimerWheel(tick_ns=1 << 64)  # ctypes would wrap it
    with pytest.raises(veloz.InvalidArgumentError, match="levels must be in"):
        veloz.TimerWheel(levels=1 << 32)
    with pytest.raises(TypeError, match="tick_ns must be an integer"):
        veloz.TimerWheel(tick_ns=1.5)
    with pytest.raises(TypeError, match="name must be a str"):
        veloz.TimerWheel(name=b"bytes")
    with pytest.raises(veloz.InvalidArgumentError, match="NUL"):
        veloz.TimerWheel(name="a\0b")


# ---- order --------------------------------------------------------------------------------------


def test_advance_returns_due_timers_in_deadline_order_ties_in_schedule_order():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        plan = [(30, 1), (10, 2), (20, 3), (10, 4), (10, 5), (20, 6), (40, 7)]
        ids = {payload: wheel.schedule(deadline * 1_000, payload) for deadline, payload in plan}
        assert len(set(ids.values())) == len(plan) and 0 not in ids.values()
        assert len(wheel) == 7
        fired = wheel.advance(30_000)
        assert payloads(fired) == [2, 4, 5, 3, 6, 1]
        assert [e.deadline for e in fired] == [10_000, 10_000, 10_000, 20_000, 20_000, 30_000]
        assert [e.late_ns for e in fired] == [30_000 - e.deadline for e in fired]
        assert all(e.expirations == 1 and e.periodic is False for e in fired)
        assert [e.id for e in fired] == [ids[p] for p in payloads(fired)]
        assert len(wheel) == 1 and wheel.now_ns == 30_000
        assert wheel.advance(39_999) == []  # never early
        assert payloads(wheel.advance(40_000)) == [7]
        assert wheel.advance(10**9) == [] and len(wheel) == 0


def test_a_deadline_in_the_past_fires_at_the_next_advance():
    with veloz.TimerWheel(start_ns=10 * MS) as wheel:
        a = wheel.schedule(3 * MS, 1)
        b = wheel.schedule(0, 2)  # the earliest time a wheel knows
        c = wheel.schedule(10 * MS, 3)
        # Never before the wheel's time: advance() may be called with it at once.
        assert wheel.next_deadline == 10 * MS
        fired = wheel.advance(10 * MS)
        assert [e.id for e in fired] == [b, a, c]
        assert [e.late_ns for e in fired] == [10 * MS, 7 * MS, 0]


def test_a_deadline_outside_0_to_2_62_is_refused():
    with veloz.TimerWheel() as wheel:
        for deadline in (-5, -(2**63), 2**62 + 1):
            with pytest.raises(veloz.InvalidArgumentError, match="outside 0..2\\^62"):
                wheel.schedule(deadline)
        assert len(wheel) == 0

def test_schedule_after_is_relative_to_the_wheel_time():
    with veloz.TimerWheel(tick_ns=1_000, start_ns=1_000_000) as wheel:
        wheel.advance(2_000_000)
        tid = wheel.schedule_after(5_000, payload=9)
        assert wheel.advance(2_004_999) == []
        (expiry,) = wheel.advance(2_005_000)
        assert (expiry.id, expiry.deadline, expiry.payload) == (tid, 2_005_000, 9)
        zero = wheel.schedule_after(0)
        assert [e.id for e in wheel.advance(2_005_000)] == [zero]


@pytest.mark.parametrize("count", [1, 255, 256, 257, 512, 5_000])
def test_batches_larger_than_the_internal_buffer_are_all_delivered_in_order(count, seed):
    rng = random.Random(seed)
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        expected = []
        for i in range(count):
            deadline = rng.randrange(0, 2_000_000)
            wheel.schedule(deadline, i)
            expected.append((deadline, i))
        expected.sort()
        fired = wheel.advance(2_000_000)
        assert [(e.deadline, e.payload) for e in fired] == expected
        assert len(wheel) == 0 and wheel.stats.pending == 0 and wheel.stats.fired == count


def test_full_payload_and_id_range_round_trip():
    with veloz.TimerWheel() as wheel:
        top = (1 << 64) - 1
        tid = wheel.schedule(0, top)
        assert wheel.schedule(0, np.uint64(5)) > 0  # NumPy integers are integers
        fired = wheel.advance(0)
        assert fired[0] == veloz.Expiry(tid, top, 0, 0, 1, False)
        assert fired[1].payload == 5
        assert isinstance(fired[0], tuple) and fired[0]._fields == ("id", "payload", "deadline", "late_ns", "expirations", "periodic")


# ---- cancel ----------------------------------------------------------------------------------------


def test_cancel_live_fired_cancelled_and_unknown():
    with veloz.TimerWheel() as wheel:
        a = wheel.schedule(5 * MS, 1)
        b = wheel.schedule(6 * MS, 2)
        c = wheel.schedule(7 * MS, 3)
        assert a in wheel and wheel.is_active(a)
        assert wheel.cancel(b) is True
        assert b not in wheel and wheel.cancel(b) is False  # already cancelled
        assert payloads(wheel.advance(6 * MS)) == [1]
        assert wheel.cancel(a) is False  # already fired
        assert wheel.cancel(0) is False and wheel.cancel(123456789) is False
        assert wheel.cancel(-1) is False and wheel.cancel(1 << 64) is False  # no id is out of uint64
        assert c in wheel and len(wheel) == 1
        stats = wheel.stats
        # -1 and 2**64 never reach the library: 3 refused cancels of b, a, 0 and 123456789
        assert (stats.cancelled, stats.failed_cancels, stats.fired, stats.scheduled) == (1, 4, 1, 3)
        assert payloads(wheel.advance(100 * MS)) == [3]
        assert "x" not in wheel and 1.5 not in wheel and None not in wheel and True not in wheel
        with pytest.raises(TypeError, match="integer id"):
            wheel.cancel("1")
        with pytest.raises(TypeError, match="integer id"):
            wheel.cancel(True)


def test_cancel_a_pending_timer_left_by_a_full_buffer():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        ids = [wheel.schedule(i * 1_000, i) for i in range(10)]
        buffer = np.zeros(4, dtype=veloz.TIMER_EXPIRY_DTYPE)
        assert wheel.advance_into(20_000, buffer) == 4
        assert list(buffer["payload"]) == [0, 1, 2, 3]
        assert wheel.stats.pending == 6 and wheel.next_deadline == 20_000
        assert ids[5] in wheel  # due but not delivered: still live
        assert wheel.cancel(ids[5]) is True and wheel.cancel(ids[5]) is False
        assert wheel.stats.pending == 5
        assert payloads(wheel.advance(20_000)) == [4, 6, 7, 8, 9]
        assert wheel.stats.pending == 0 and wheel.next_deadline is None


def test_pending_timers_come_before_timers_collected_later():
    """The library's contract (stats.pending: "they come first next time"): a timer scheduled after
    a partial advance, even with an earlier deadline, fires after the pending ones."""
    with veloz.TimerWheel(tick_ns=1_000, start_ns=100_000) as wheel:
        for i in range(6):
            wheel.schedule(200_000 + i, i)
        buffer = (_capi.veloz_timer_expiry * 2)()
        assert wheel.advance_into(300_000, buffer) == 2
        assert [buffer[0].payload, buffer[1].payload] == [0, 1]
        wheel.schedule(150_000, 99)
        assert payloads(wheel.advance(300_000)) == [2, 3, 4, 5, 99]


def test_clear_cancels_everything_and_keeps_the_time():
    with veloz.TimerWheel() as wheel:
        ids = [wheel.schedule(i * MS, i) for i in range(100)]
        periodic = wheel.schedule_periodic(MS, MS)
        wheel.advance(10 * MS // 2)
        wheel.clear()
        assert len(wheel) == 0 and wheel.next_deadline is None and wheel.now_ns == 5 * MS
        assert not any(i in wheel for i in ids) and periodic not in wheel
        assert wheel.advance(10**12) == []
        assert wheel.schedule(10**12 + 1) > 0


# ---- periodic --------------------------------------------------------------------------------------


def test_periodic_timer_keeps_its_id_and_counts_skipped_periods():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        tid = wheel.schedule_periodic(100_000, 10_000, payload=7)
        (first,) = wheel.advance(100_000)
        assert first == veloz.Expiry(tid, 7, 100_000, 0, 1, True)
        assert tid in wheel and len(wheel) == 1
        assert wheel.next_deadline is not None and wheel.next_deadline <= 110_000
        assert wheel.advance(109_999) == []
        (late,) = wheel.advance(135_000)  # 110, 120, 130 passed: one delivery with 3 expirations
        assert (late.id, late.deadline, late.late_ns, late.expirations, late.periodic) == (tid, 110_000, 25_000, 3, True)
        assert wheel.stats.missed_periods == 2
        (on_grid,) = wheel.advance(140_000)  # re-armed on its grid, not from 135,000
        assert (on_grid.deadline, on_grid.expirations) == (140_000, 1)
        assert wheel.cancel(tid) is True and tid not in wheel
        assert wheel.advance(10**9) == []
        assert wheel.cancel(tid) is False


def test_a_periodic_timer_re_armed_takes_its_turn_after_timers_already_scheduled():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        periodic = wheel.schedule_periodic(10_000, 10_000, payload=1)
        one_shot = wheel.schedule(20_000, payload=2)  # scheduled before the periodic is re-armed
        assert [e.id for e in wheel.advance(10_000)] == [periodic]
        assert [e.id for e in wheel.advance(20_000)] == [one_shot, periodic]


def test_periodic_interval_out_of_range_is_refused():
    with veloz.TimerWheel(tick_ns=1_000, levels=1) as wheel:
        with pytest.raises(veloz.InvalidArgumentError, match="interval must be"):
            wheel.schedule_periodic(0, 0)
        with pytest.raises(veloz.InvalidArgumentError, match="interval must be"):
            wheel.schedule_periodic(0, wheel.max_delay_ns + 1)
        assert wheel.schedule_periodic(0, wheel.max_delay_ns) > 0
        assert wheel.stats.failed_schedules == 2


# ---- advance_into -------------------------------------------------------------------------------------


def test_advance_into_numpy_and_ctypes_buffers():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        ids = [wheel.schedule(1_000 * i, 100 + i) for i in range(7)]
        periodic = wheel.schedule_periodic(3_500, 100_000, payload=55)
        buffer = np.zeros(3, dtype=veloz.TIMER_EXPIRY_DTYPE)
        assert wheel.advance_into(10_000, buffer) == 3
        assert list(buffer["id"]) == ids[:3] and list(buffer["late_ns"]) == [10_000, 9_000, 8_000]
        assert wheel.advance_into(10_000, buffer) == 3
        assert list(buffer["payload"]) == [103, 55, 104]
        assert list(buffer["flags"] & _capi.VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC) == [0, 1, 0]
        assert int(buffer["id"][1]) == periodic
        array = (_capi.veloz_timer_expiry * 8)()
        assert wheel.advance_into(10_000, array) == 2
        assert [array[0].payload, array[1].payload] == [105, 106]
        assert wheel.advance_into(10_000, array) == 0
        assert wheel.advance_into(10_000, np.zeros(0, dtype=veloz.TIMER_EXPIRY_DTYPE)) == 0


def test_advance_into_refuses_other_buffers():
    with veloz.TimerWheel() as wheel:
        with pytest.raises(TypeError, match="TIMER_EXPIRY_DTYPE"):
            wheel.advance_into(0, np.zeros(4, dtype=np.int64))
        with pytest.raises(TypeError, match="contiguous"):
            wheel.advance_into(0, np.zeros(8, dtype=veloz.TIMER_EXPIRY_DTYPE)[::2])
        readonly = np.zeros(4, dtype=veloz.TIMER_EXPIRY_DTYPE)
        readonly.flags.writeable = False
        with pytest.raises(TypeError, match="writable"):
            wheel.advance_into(0, readonly)
        with pytest.raises(TypeError, match="ctypes array"):
            wheel.advance_into(0, bytearray(400))
        with pytest.raises(TypeError):
            wheel.advance_into(0, (ctypes.c_int64 * 10)())
        assert veloz.TIMER_EXPIRY_DTYPE.itemsize == ctypes.sizeof(_capi.veloz_timer_expiry) == 40


# ---- advance_callback ------------------------------------------------------------------------------


def test_callback_sees_the_same_order_as_advance():
    with veloz.TimerWheel(tick_ns=1_000) as a, veloz.TimerWheel(tick_ns=1_000) as b:
        rng = random.Random(5)
        for i in range(600):
            deadline = rng.randrange(0, 50_000)
            a.schedule(deadline, i)
            b.schedule(deadline, i)
        seen: List[veloz.Expiry] = []
        assert a.advance_callback(50_000, seen.append) == 600  # None: go on
        assert seen == b.advance(50_000)


def test_callback_returning_false_stops_and_leaves_the_rest_pending():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        for i in range(10):
            wheel.schedule(1_000 * i, i)
        seen: List[int] = []

        def until_three(expiry: veloz.Expiry) -> Optional[bool]:
            seen.append(expiry.payload)
            return False if len(seen) == 3 else True

        assert wheel.advance_callback(20_000, until_three) == 3
        assert seen == [0, 1, 2] and wheel.stats.pending == 7 and len(wheel) == 7
        assert wheel.next_deadline == 20_000
        assert payloads(wheel.advance(20_000)) == [3, 4, 5, 6, 7, 8, 9]


class Stop(BaseException):
    """Not an Exception: a KeyboardInterrupt-like escape must stop the advance too."""


@pytest.mark.parametrize("error_type", [KeyError, Stop])
def test_an_exception_in_the_callback_stops_the_advance_and_is_raised_after_it(error_type, capfd):
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        ids = [wheel.schedule(1_000 * i, i) for i in range(10)]
        seen: List[int] = []
        raised = error_type("boom at 3")

        def explode(expiry: veloz.Expiry) -> None:
            seen.append(expiry.payload)
            if expiry.payload == 3:
                raise raised

        with pytest.raises(error_type) as info:
            wheel.advance_callback(20_000, explode)
        assert info.value is raised
        assert "explode" in "".join(traceback.format_tb(info.value.__traceback__))
        assert seen == [0, 1, 2, 3]
        # The one that raised was delivered; the rest are pending and cancellable; the wheel works.
        assert ids[3] not in wheel and wheel.stats.pending == 6
        assert wheel.cancel(ids[9]) is True
        extra = wheel.schedule(20_000, 77)
        assert payloads(wheel.advance(20_000)) == [4, 5, 6, 7, 8, 77]
        assert extra not in wheel
    assert "Exception ignored" not in capfd.readouterr().err  # nothing escaped the ctypes callback


def test_callback_may_schedule_and_cancel_on_the_same_wheel():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        first = wheel.schedule(1_000, 1)
        doomed = wheel.schedule(3_000, 2)
        wheel.schedule(5_000, 3)
        scheduled: Dict[str, int] = {}

        def handler(expiry: veloz.Expiry) -> None:
            if expiry.id == first:
                assert wheel.cancel(doomed) is True  # due in this advance, never delivered
                scheduled["due"] = wheel.schedule(2_000, 10)  # already due: fires at the next advance
                scheduled["later"] = wheel.schedule_after(50_000, 11)
                assert scheduled["due"] in wheel and len(wheel) == 3  # 3, due and later
                assert wheel.stats.now_ns == 10_000

        seen: List[int] = []
        assert wheel.advance_callback(10_000, lambda e: (seen.append(e.payload), handler(e))[1]) == 2
        assert seen == [1, 3]
        assert payloads(wheel.advance(10_000)) == [10]
        assert [e.id for e in wheel.advance(60_000)] == [scheduled["later"]]


def test_advancing_clearing_or_closing_from_inside_the_callback_raises_state_error():
    with veloz.TimerWheel() as wheel:
        for i in range(5):
            wheel.schedule(i, i)
        errors: List[BaseException] = []

        def misbehave(expiry: veloz.Expiry) -> None:
            for attempt in (
                lambda: wheel.advance(10),
                lambda: wheel.advance_into(10, np.zeros(4, dtype=veloz.TIMER_EXPIRY_DTYPE)),
                lambda: wheel.advance_callback(10, lambda e: None),
                wheel.clear,
                wheel.close,
            ):
                try:
                    attempt()
                except veloz.StateError as e:
                    errors.append(e)

        assert wheel.advance_callback(10, misbehave) == 5
        assert len(errors) == 25 and all(e.status == _capi.VELOZ_E_STATE for e in errors)
        assert "advancing" in str(errors[0]) and "not advance or clear" in str(errors[0])
        assert "closed from inside" in str(errors[4])
        assert not wheel.closed and len(wheel) == 0
        # Let the library's error escape the callback: advance_callback re-raises it.
        wheel.schedule(20, 1)
        with pytest.raises(veloz.StateError, match="advancing"):
            wheel.advance_callback(30, lambda e: wheel.advance(40))
        assert wheel.advance(40) == [] and wheel.now_ns == 40


def test_a_callback_may_advance_another_wheel():
    with veloz.TimerWheel() as outer, veloz.TimerWheel() as inner:
        outer.schedule(1, 1)
        inner.schedule(1, 2)
        inner.schedule(2, 3)
        nested: List[int] = []
        assert outer.advance_callback(5, lambda e: inner.advance_callback(5, lambda f: nested.append(f.payload))) == 1
        assert nested == [2, 3]


def test_callback_argument_checks():
    with veloz.TimerWheel() as wheel:
        with pytest.raises(TypeError, match="callable"):
            wheel.advance_callback(0, None)  # type: ignore[arg-type]
        assert wheel.advance_callback(0, lambda e: False) == 0  # nothing due: never called
        assert timers._calls == {}  # no call left registered


# ---- errors ----------------------------------------------------------------------------------------


def test_deadline_beyond_the_range_is_refused_with_the_library_message():
    with veloz.TimerWheel(tick_ns=1_000, levels=1, start_ns=1_000_000) as wheel:
        limit = wheel.max_delay_ns
        assert wheel.schedule(1_000_000 + limit) > 0
        with pytest.raises(veloz.InvalidArgumentError) as info:
            wheel.schedule(1_000_000 + limit + 1)
        message = str(info.value)
        assert "veloz_timer_wheel_schedule" in message and "beyond the wheel's range" in message
        assert str(limit) in message
        with pytest.raises(ValueError):  # InvalidArgumentError is a ValueError
            wheel.schedule_after(limit + 1)
        with pytest.raises(veloz.InvalidArgumentError, match="delay_ns must be >= 0"):
            wheel.schedule_after(-1)
        with pytest.raises(veloz.InvalidArgumentError, match="beyond"):
            wheel.schedule_periodic(1_000_000 + limit + 1, 1_000)
        assert wheel.stats.failed_schedules == 3 and len(wheel) == 1


def test_full_wheel_raises_full_error():
    with veloz.TimerWheel(initial_timers=2, max_timers=3) as wheel:
        ids = [wheel.schedule(i * MS) for i in range(3)]
        with pytest.raises(veloz.FullError, match="full") as info:
            wheel.schedule(5 * MS)
        assert info.value.status == _capi.VELOZ_E_FULL
        with pytest.raises(veloz.FullError):
            wheel.schedule_periodic(5 * MS, MS)
        assert wheel.cancel(ids[0])
        assert wheel.schedule(5 * MS) > 0  # room again
        assert wheel.stats.failed_schedules == 2 and wheel.stats.peak_active == 3


def test_time_going_backwards_is_refused_and_changes_nothing():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        tid = wheel.schedule(50_000, 1)
        wheel.advance(40_000)
        for advance in (wheel.advance, lambda now: wheel.advance_callback(now, lambda e: None),
                        lambda now: wheel.advance_into(now, np.zeros(2, dtype=veloz.TIMER_EXPIRY_DTYPE))):  # fmt: skip
            with pytest.raises(veloz.InvalidArgumentError) as info:
                advance(39_999)
            assert "before the wheel's time 40000 ns" in str(info.value)
        with pytest.raises(veloz.InvalidArgumentError, match="at most 2"):
            wheel.advance((1 << 62) + 1)
        assert wheel.now_ns == 40_000 and tid in wheel
        assert payloads(wheel.advance(50_000)) == [1]


def test_arguments_the_binding_refuses_before_the_library():
    with veloz.TimerWheel() as wheel:
        with pytest.raises(TypeError, match="deadline_ns must be an integer"):
            wheel.schedule(1.5)  # type: ignore[arg-type]
        with pytest.raises(veloz.InvalidArgumentError, match="payload must be in"):
            wheel.schedule(0, -1)
        with pytest.raises(veloz.InvalidArgumentError, match="payload must be in"):
            wheel.schedule(0, 1 << 64)
        with pytest.raises(veloz.InvalidArgumentError, match="deadline_ns must be in"):
            wheel.schedule(1 << 63)
        with pytest.raises(veloz.InvalidArgumentError, match="now_ns must be in"):
            wheel.advance(1 << 63)
        with pytest.raises(TypeError, match="interval_ns must be an integer"):
            wheel.schedule_periodic(0, "1")  # type: ignore[arg-type]
        assert len(wheel) == 0 and wheel.stats.scheduled == 0


def test_a_closed_wheel_raises_on_every_call():
    wheel = veloz.TimerWheel()
    tid = wheel.schedule(5)
    wheel.close()
    wheel.close()  # idempotent
    assert wheel.closed
    calls = [
        lambda: wheel.schedule(1),
        lambda: wheel.schedule_after(1),
        lambda: wheel.schedule_periodic(1, 1),
        lambda: wheel.cancel(tid),
        lambda: wheel.is_active(tid),
        lambda: tid in wheel,
        lambda: "x" in wheel,
        lambda: len(wheel),
        lambda: wheel.advance(10),
        lambda: wheel.advance_into(10, np.zeros(2, dtype=veloz.TIMER_EXPIRY_DTYPE)),
        lambda: wheel.advance_callback(10, lambda e: None),
        lambda: wheel.next_deadline,
        lambda: wheel.clear(),
        lambda: wheel.stats,
        lambda: wheel.handle,
    ]
    for call in calls:
        with pytest.raises(veloz.InvalidHandleError, match="TimerWheel is closed"):
            call()
    with pytest.raises(ValueError):
        with wheel:
            pass


def test_a_wheel_cannot_be_pickled():
    with veloz.TimerWheel() as wheel:
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(wheel)


def test_stats_count_what_happened():
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        a = wheel.schedule(1_000)
        wheel.schedule(300_000)  # a level up: cascades down when its slot comes
        wheel.schedule_periodic(1_000, 1_000)
        wheel.cancel(a)
        wheel.cancel(a)
        wheel.advance(300_000)
        s = wheel.stats
        assert isinstance(s, veloz.TimerWheelStats)
        assert (s.scheduled, s.cancelled, s.failed_cancels, s.active, s.peak_active) == (3, 1, 1, 1, 3)
        assert (s.fired, s.missed_periods, s.now_ns, s.pending) == (2, 299, 300_000, 0)
        assert s.cascaded >= 1


# ---- threads ---------------------------------------------------------------------------------------


def test_every_wheel_routes_its_handle_through_share_handle(monkeypatch):
    shared = []
    monkeypatch.setattr(_handle, "_share_handle", lambda handle: shared.append(handle.value))
    wheel = veloz.TimerWheel()
    assert shared == [wheel.handle]
    wheel.close()


def test_threads_scheduling_and_cancelling_on_one_wheel_lose_nothing():
    per_thread = 2_000
    with veloz.TimerWheel(tick_ns=1_000) as wheel:

        def worker(thread: int) -> List[int]:
            kept = []
            for i in range(per_thread):
                payload = thread * 1_000_000 + i
                tid = wheel.schedule(1_000 + (i % 97) * 1_000, payload)
                if i % 3 == 0:
                    assert wheel.cancel(tid)
                else:
                    kept.append(payload)
            return kept

        results = run_threads([lambda t=t: worker(t) for t in range(4)])
        expected = sorted(p for kept in results for p in kept)
        assert len(wheel) == len(expected)
        fired = wheel.advance(1_000_000)
        assert sorted(payloads(fired)) == expected
        assert [e.deadline for e in fired] == sorted(e.deadline for e in fired)


def test_a_wheel_made_on_one_thread_is_usable_from_another():
    wheel = veloz.TimerWheel()
    wheel.schedule(1, 5)
    (result,) = run_threads([lambda: payloads(wheel.advance(10))])
    assert result == [5]
    wheel.close()


def test_owner_thread_calls_wait_for_the_lock():
    with veloz.TimerWheel() as wheel:
        done = threading.Event()
        with wheel._lock:
            thread = threading.Thread(target=lambda: (wheel.schedule(1), done.set()), daemon=True)
            thread.start()
            assert not done.wait(0.2), "schedule ran while another thread held the wheel's lock"
        thread.join(JOIN_TIMEOUT)
        assert done.is_set() and len(wheel) == 1


def test_other_threads_wait_while_a_callback_runs():
    with veloz.TimerWheel() as wheel:
        wheel.schedule(1, 1)
        started, release = threading.Event(), threading.Event()
        order: List[str] = []

        def slow(expiry: veloz.Expiry) -> None:
            started.set()
            release.wait(JOIN_TIMEOUT)
            order.append("callback done")

        def other() -> None:
            started.wait(JOIN_TIMEOUT)
            wheel.schedule(5, 2)
            order.append("other scheduled")

        thread = threading.Thread(target=other, daemon=True)
        thread.start()
        runner = threading.Thread(target=lambda: wheel.advance_callback(2, slow), daemon=True)
        runner.start()
        assert started.wait(JOIN_TIMEOUT)
        release.set()
        runner.join(JOIN_TIMEOUT)
        thread.join(JOIN_TIMEOUT)
        assert order == ["callback done", "other scheduled"]
        assert payloads(wheel.advance(10)) == [2]


# ---- differential test -------------------------------------------------------------------------------


class ModelWheel:
    """What the header promises, in plain Python: due timers in (deadline, scheduling order); the
    ones a full buffer or a stopped callback left pending come first next time; a periodic timer
    is re-armed on its grid at delivery (as a new scheduling, for ties) and keeps its id."""

    def __init__(self, now: int, max_delay: int) -> None:
        self.now = now
        self.max_delay = max_delay
        self.live: Dict[int, List[int]] = {}  # id -> [deadline, sequence, payload, interval]
        self.ready: List[int] = []  # ids due and not yet delivered, in delivery order
        self.sequence = 0

    def schedule(self, timer_id: int, deadline: int, payload: int, interval: int = 0) -> None:
        self.sequence += 1
        self.live[timer_id] = [deadline, self.sequence, payload, interval]

    def in_range(self, deadline: int) -> bool:
        return deadline - self.now <= self.max_delay

    def cancel(self, timer_id: int) -> bool:
        if timer_id not in self.live:
            return False
        del self.live[timer_id]
        if timer_id in self.ready:
            self.ready.remove(timer_id)
        return True

    def collect(self, now: int) -> None:
        self.now = now
        waiting = set(self.ready)
        due = [(entry[0], entry[1], i) for i, entry in self.live.items() if entry[0] <= now and i not in waiting]
        self.ready.extend(i for _, _, i in sorted(due))

    def deliver(self) -> Tuple[int, int, int, int, int, bool]:
        timer_id = self.ready.pop(0)
        deadline, _, payload, interval = self.live[timer_id]
        if interval == 0:
            del self.live[timer_id]
            return (timer_id, payload, deadline, self.now - deadline, 1, False)
        periods = 1 + (self.now - deadline) // interval
        self.sequence += 1
        self.live[timer_id] = [deadline + periods * interval, self.sequence, payload, interval]
        return (timer_id, payload, deadline, self.now - deadline, periods, True)

    def advance(self, now: int, capacity: Optional[int] = None) -> List[Tuple[int, ...]]:
        self.collect(now)
        out = []
        while self.ready and (capacity is None or len(out) < capacity):
            out.append(self.deliver())
        return out

    def earliest(self) -> Optional[int]:
        if self.ready:
            return self.now
        return min((entry[0] for entry in self.live.values()), default=None)


@pytest.mark.parametrize("shape", [(1_000, 1), (1_000, 2), (1_000_000, 4)], ids=["tick1us-1level", "tick1us-2levels", "tick1ms-4levels"])
def test_random_operations_match_a_python_model(shape, seed):
    tick, levels = shape
    rng = random.Random(seed)
    start = rng.randrange(0, 1 << 40)
    with veloz.TimerWheel(tick_ns=tick, levels=levels, start_ns=start, initial_timers=8) as wheel:
        model = ModelWheel(start, wheel.max_delay_ns)
        horizon = min(wheel.max_delay_ns, 300 * tick)
        dead: List[int] = []
        buffer = np.zeros(5, dtype=veloz.TIMER_EXPIRY_DTYPE)
        for step in range(4_000):
            op = rng.random()
            where = f"step {step} (seed {seed})"
            if op < 0.30:
                deadline = model.now + rng.randrange(-5 * tick, horizon) + rng.choice([0, 0, 1, tick - 1])
                payload = rng.randrange(1 << 64)
                if not model.in_range(deadline):
                    with pytest.raises(veloz.InvalidArgumentError, match="beyond"):
                        wheel.schedule(deadline, payload)
                    continue
                tid = wheel.schedule(deadline, payload)
                assert tid not in model.live and tid not in dead, where
                model.schedule(tid, deadline, payload)
            elif op < 0.36:
                delay = rng.randrange(0, horizon)
                tid = wheel.schedule_after(delay, step)
                model.schedule(tid, model.now + delay, step)
            elif op < 0.40:
                first = model.now + rng.randrange(-3 * tick, horizon)
                interval = rng.choice([1, tick // 3 + 1, tick, 7 * tick, rng.randrange(1, horizon)])
                tid = wheel.schedule_periodic(first, interval, step)
                model.schedule(tid, first, step, interval)
            elif op < 0.43:
                deadline = model.now + model.max_delay + rng.randrange(1, 10 * tick)
                with pytest.raises(veloz.InvalidArgumentError):
                    wheel.schedule(deadline, 0)
            elif op < 0.60:
                pool = list(model.live) if model.live and rng.random() < 0.7 else dead
                if not pool:
                    continue
                tid = rng.choice(pool)
                expected = model.cancel(tid)
                assert wheel.cancel(tid) is expected, where
                if expected:
                    dead.append(tid)
            elif op < 0.75:
                now = model.now + rng.choice([0, 1, tick, rng.randrange(0, 50 * tick), rng.randrange(0, horizon)])
                expected = model.advance(now)
                got = [tuple(e) for e in wheel.advance(now)]
                assert got == expected, where
                dead.extend(e[0] for e in expected if not e[5])
            elif op < 0.85:
                now = model.now + rng.choice([0, rng.randrange(0, 20 * tick)])
                expected = model.advance(now, capacity=len(buffer))
                n = wheel.advance_into(now, buffer)
                got = [(int(r["id"]), int(r["payload"]), int(r["deadline"]), int(r["late_ns"]), int(r["expirations"]), bool(r["flags"] & 1)) for r in buffer[:n]]  # fmt: skip
                assert got == expected, where
                dead.extend(e[0] for e in expected if not e[5])
            elif op < 0.95:
                now = model.now + rng.randrange(0, 30 * tick)
                stop_after = rng.randrange(1, 8)
                model.collect(now)
                expected = [model.deliver() for _ in range(min(stop_after, len(model.ready)))]
                seen: List[Tuple[int, ...]] = []
                fired = wheel.advance_callback(now, lambda e: (seen.append(tuple(e)), len(seen) < stop_after)[1])
                assert seen == expected and fired == len(expected), where
                dead.extend(e[0] for e in expected if not e[5])
            else:
                tid = rng.choice(list(model.live)) if model.live and rng.random() < 0.5 else (rng.choice(dead) if dead else 0)
                assert (tid in wheel) is (tid in model.live), where
            if step % 50 == 0 or op >= 0.95:
                stats = wheel.stats
                assert (len(wheel), stats.active, stats.pending, stats.now_ns) == (len(model.live), len(model.live), len(model.ready), model.now), where
                earliest = model.earliest()
                next_deadline = wheel.next_deadline
                if earliest is None:
                    assert next_deadline is None, where
                else:
                    # The earliest deadline or earlier (a cascade point), and never before the wheel's time.
                    assert next_deadline is not None and model.now <= next_deadline <= max(earliest, model.now), where
        expected = model.advance(model.now + horizon)
        assert [tuple(e) for e in wheel.advance(model.now)] == expected


# ---- Cython: the same wheel from a nogil loop ----------------------------------------------------------

CYTHON_PROBE = """
# cython: language_level=3
from libc.stdint cimport int32_t, int64_t, uint64_t, uintptr_t
from veloz cimport capi

def schedule_many(uintptr_t handle, int64_t count, int64_t first, int64_t step):
    '''Schedules count timers (deadline first + i * step, payload i) in a nogil loop; returns the
    failures and the ids.'''
    cdef capi.veloz_timer_wheel* wheel = <capi.veloz_timer_wheel*>handle
    cdef uint64_t tid
    cdef int64_t i, failures = 0
    ids = []
    for i in range(count):
        with nogil:
            if capi.veloz_timer_wheel_schedule(wheel, first + i * step, <uint64_t>i, &tid) != capi.VELOZ_OK:
                failures += 1
        ids.append(tid)
    return failures, ids

def advance_all(uintptr_t handle, int64_t now):
    '''Advances through a 16-expiry stack buffer until it comes back short; returns the payloads.'''
    cdef capi.veloz_timer_wheel* wheel = <capi.veloz_timer_wheel*>handle
    cdef capi.veloz_timer_expiry out[16]
    cdef int32_t written = 16, i
    cdef capi.veloz_status status
    payloads = []
    while written == 16:
        with nogil:
            status = capi.veloz_timer_wheel_advance(wheel, now, out, 16, &written)
        if status != capi.VELOZ_OK:
            return status
        for i in range(written):
            payloads.append(out[i].payload)
    return payloads
"""


@pytest.fixture(scope="module")
def cython_probe(tmp_path_factory):
    from test_cython import build_probe

    return build_probe(tmp_path_factory, "veloz_timers_probe", CYTHON_PROBE)


def test_cython_drives_the_wheel_a_python_object_owns(cython_probe):
    with veloz.TimerWheel(tick_ns=1_000) as wheel:
        failures, ids = cython_probe.schedule_many(wheel.handle, 100, 100_000, -1_000)  # deadlines descending
        assert failures == 0 and len(wheel) == 100 and all(i in wheel for i in ids)
        assert wheel.cancel(ids[0])
        assert payloads(wheel.advance(50_000)) == list(range(99, 49, -1))  # 1,000 .. 50,000 ns
        assert cython_probe.advance_all(wheel.handle, 200_000) == list(range(49, 0, -1))  # 0 was cancelled
        assert len(wheel) == 0 and wheel.stats.fired == 99
