"""veloz.EventLoop: priority order (FIFO within one), the starvation guard against a Python model,
delayed tasks never early and in deadline order, cancel (and the callable released), posts from
Python threads while the loop runs on another, stop from another thread and from a task, a raising
task reported while the loop goes on, running the loop from a task, the owner rule, a full loop, a
closed loop.

Every threaded test joins with a timeout (thread_runner): a hang fails the test, never the run.
"""

from __future__ import annotations

import gc
import random
import sys
import threading
import weakref
from typing import Any, Callable, List, Sequence

import pytest

from thread_runner import run_threads

import veloz
from veloz import _capi, loop as loop_module

P = veloz.LoopPriority
MS = 1_000_000
SLEEPY = veloz.IdleStrategy.SPIN_THEN_SLEEP


def recorder(out: List[Any], value: Any) -> Callable[[], None]:
    return lambda: out.append(value)


def pending_of(loop: veloz.EventLoop) -> int:
    """The callables the binding holds for ``loop``."""
    state = loop._state
    return sum(1 for entry in list(loop_module._tasks.values()) if entry[1] is state)


# ---- order ---------------------------------------------------------------------------------------


def test_priorities_run_highest_first_fifo_within_one():
    with veloz.EventLoop() as loop:
        out: List[Any] = []
        posts = [(P.BACKGROUND, "b0"), (P.NORMAL, "n0"), (P.CRITICAL, "c0"), (P.BACKGROUND, "b1"),
                 (P.CRITICAL, "c1"), (P.NORMAL, "n1"), (P.CRITICAL, "c2")]  # fmt: skip
        for priority, name in posts:
            loop.post(recorder(out, name), priority)
        assert loop.run_once() == 7
        assert out == ["c0", "c1", "c2", "n0", "n1", "b0", "b1"]
        stats = loop.stats
        assert (stats.run_critical, stats.run_normal, stats.run_background, stats.waiting) == (3, 2, 2, 0)
        loop.post(recorder(out, "default"))  # NORMAL by default, plain ints accepted
        loop.post(recorder(out, "int"), 0)
        assert loop.run_once() == 2 and out[-2:] == ["int", "default"]


def test_starvation_guard_runs_one_lower_task_after_the_limit():
    with veloz.EventLoop(starvation_limit=3) as loop:
        out: List[str] = []
        for i in range(2):
            loop.post(recorder(out, f"b{i}"), P.BACKGROUND)
        for i in range(7):
            loop.post(recorder(out, f"c{i}"), P.CRITICAL)
        assert loop.run_once() == 9
        assert out == ["c0", "c1", "c2", "b0", "c3", "c4", "c5", "b1", "c6"]
        assert loop.stats.starvation_promotions == 2


class PriorityModel:
    """The documented order as a pure-Python model: the highest priority due runs, unless a lower
    one has waited while starvation_limit higher tasks ran (the lowest such level first)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.passed = [0, 0, 0]

    def order(self, posts: Sequence[tuple]) -> List[int]:
        ready: List[List[int]] = [[], [], []]
        for priority, value in posts:
            ready[priority].append(value)
        out = []
        while any(ready):
            level = next(p for p in range(3) if ready[p])
            for lower in range(2, level, -1):
                if ready[lower] and self.passed[lower] >= self.limit:
                    level = lower
                    break
            out.append(ready[level].pop(0))
            for lower in range(level + 1, 3):
                if ready[lower]:
                    self.passed[lower] += 1
            self.passed[level] = 0
        return out


@pytest.mark.parametrize("limit", [1, 2, 5, 64])
def test_random_posts_run_in_the_models_order(limit, seed):
    rng = random.Random(seed)
    model = PriorityModel(limit)
    with veloz.EventLoop(starvation_limit=limit, task_capacity=1024) as loop:
        for _ in range(20):
            posts = [(rng.choice([0, 0, 1, 1, 1, 2]), i) for i in range(rng.randrange(1, 200))]
            out: List[int] = []
            for priority, value in posts:
                loop.post(recorder(out, value), priority)
            assert loop.run_once() == len(posts)
            assert out == model.order(posts)


def test_a_task_posted_by_a_task_waits_for_the_next_run_once():
    with veloz.EventLoop() as loop:
        out: List[str] = []
        loop.post(lambda: (out.append("first"), loop.post(recorder(out, "second"), P.CRITICAL)))
        assert loop.run_once() == 1 and out == ["first"]
        assert loop.run_once() == 1 and out == ["first", "second"]
        assert loop.run_once() == 0


# ---- delayed tasks ---------------------------------------------------------------------------------


def test_delayed_tasks_never_run_early_and_run_in_deadline_order(seed):
    rng = random.Random(seed)
    with veloz.EventLoop(idle_strategy=SLEEPY, timer_tick_ns=10_000) as loop:
        start = veloz.clock.now_ns()
        deadlines = [start + rng.randrange(0, 30 * MS) for _ in range(60)]
        ran: List[tuple] = []
        for index, deadline in enumerate(deadlines):
            loop.post_at(deadline, lambda d=deadline, i=index: ran.append((d, i, veloz.clock.now_ns())))
        loop.post_at(max(deadlines) + 1, loop.stop, P.BACKGROUND)
        loop.run()
        assert len(ran) == len(deadlines)
        assert all(now >= deadline for deadline, _, now in ran), "a delayed task ran before its deadline"
        assert [d for d, _, _ in ran] == sorted(deadlines)
        # Ties in posting order.
        assert ran == sorted(ran, key=lambda r: (r[0], r[1]))


def test_post_after_is_relative_to_now_and_a_past_deadline_runs_at_the_next_run():
    with veloz.EventLoop(idle_strategy=SLEEPY) as loop:
        out: List[int] = []
        before = veloz.clock.now_ns()
        loop.post_after(3 * MS, lambda: out.append(veloz.clock.now_ns()))
        loop.post_at(before - 10 * MS, lambda: out.append(0))
        assert loop.run_once() == 1 and out == [0]
        assert loop.run_for(50 * MS) >= 1
        assert out[1] - before >= 3 * MS
        with pytest.raises(veloz.InvalidArgumentError, match="delay_ns"):
            loop.post_after(-1, lambda: None)
        with pytest.raises(veloz.InvalidArgumentError):
            loop.post_at(-5, lambda: None)
        with pytest.raises(veloz.InvalidArgumentError):
            loop.post_at((1 << 62) + 1, lambda: None)


def test_cancel_drops_the_task_and_releases_its_callable():
    with veloz.EventLoop() as loop:
        class Task:
            ran = 0

            def __call__(self) -> None:
                Task.ran += 1

        task = Task()
        ref = weakref.ref(task)
        task_id = loop.post_after(3_600 * 10**9 // 2, task)
        assert task_id != 0 and pending_of(loop) == 1
        del task
        gc.collect()
        assert ref() is not None  # the loop holds it
        assert loop.cancel(task_id) is True
        gc.collect()
        assert ref() is None and pending_of(loop) == 0
        assert loop.cancel(task_id) is False  # already cancelled
        assert loop.cancel(12345) is False and loop.cancel(1 << 70) is False
        with pytest.raises(TypeError):
            loop.cancel("1")
        with pytest.raises(TypeError):
            loop.cancel(True)
        # A task that ran cannot be cancelled; its entry is gone too.
        ran_id = loop.post_at(0, Task())
        assert loop.run_once() == 1 and loop.cancel(ran_id) is False
        assert Task.ran == 1 and pending_of(loop) == 0 and loop._state.delayed == {}
        assert loop.stats.cancelled == 1


def test_close_drops_pending_tasks_and_releases_them():
    loop = veloz.EventLoop()
    obj = type("T", (), {"__call__": lambda self: None})()
    ref = weakref.ref(obj)
    loop.post(obj)
    loop.post_after(10**9, obj)
    del obj
    loop.close()
    gc.collect()
    assert ref() is None


def test_run_tasks_are_released_after_running():
    with veloz.EventLoop() as loop:
        obj = type("T", (), {"__call__": lambda self: None})()
        ref = weakref.ref(obj)
        for _ in range(3):
            loop.post(obj)
        del obj
        loop.run_once()
        gc.collect()
        assert ref() is None and pending_of(loop) == 0


# ---- threads ---------------------------------------------------------------------------------------


def test_posts_from_four_threads_while_the_loop_runs_all_run_exactly_once():
    per_thread, threads = 5_000, 4
    total = per_thread * threads
    with veloz.EventLoop(idle_strategy=SLEEPY, task_capacity=1 << 16) as loop:
        seen: List[int] = []
        running = threading.Event()
        owner_thread: List[int] = []

        def task(value: int) -> Callable[[], None]:
            def run() -> None:
                owner_thread.append(threading.get_ident())
                seen.append(value)
                if len(seen) == total:
                    loop.stop()

            return run

        def owner() -> int:
            loop.post(running.set)  # the posters start once run() runs
            ran = loop.run()
            assert loop.stats.posted == total + 1  # stats: the owner's
            return ran

        def poster(base: int) -> int:
            assert running.wait(120)
            for i in range(per_thread):
                loop.post(task(base + i), P.CRITICAL if i % 3 == 0 else P.NORMAL)
            return threading.get_ident()

        results = run_threads([owner] + [lambda b=b: poster(b * per_thread) for b in range(threads)], name="loop")
        assert results[0] == total + 1
        assert sorted(seen) == list(range(total))  # each exactly once
        assert set(owner_thread) == {owner_thread[0]} and owner_thread[0] not in results[1:]
        for b in range(threads):  # FIFO per poster within a priority
            for critical in (True, False):
                mine = [v for v in seen if b * per_thread <= v < (b + 1) * per_thread and ((v - b * per_thread) % 3 == 0) == critical]
                assert mine == sorted(mine)
        assert pending_of(loop) == 0


def test_other_python_threads_run_while_the_loop_runs():
    # The GIL is released inside run(): a thread that posts while the loop waits gets through.
    with veloz.EventLoop(idle_strategy=veloz.IdleStrategy.BUSY_SPIN) as loop:
        out: List[str] = []
        started = threading.Event()

        def owner() -> int:
            loop.post(started.set)
            return loop.run()

        def other() -> None:
            assert started.wait(60)
            loop.post(recorder(out, "from other"))
            loop.post(loop.stop)

        results = run_threads([owner, other], name="loop-gil")
        assert out == ["from other"] and results[0] == 3


def test_stop_from_another_thread_ends_run():
    with veloz.EventLoop(idle_strategy=SLEEPY) as loop:
        running = threading.Event()

        def owner() -> int:
            loop.post(running.set)
            return loop.run()

        def stopper() -> None:
            assert running.wait(60)
            loop.stop()

        assert run_threads([owner, stopper], name="loop-stop")[0] == 1


def test_stop_from_a_task_and_a_stop_before_run():
    with veloz.EventLoop() as loop:
        out: List[int] = []
        loop.post(recorder(out, 1))
        loop.post(loop.stop)
        loop.post(recorder(out, 3), P.BACKGROUND)
        assert loop.run() == 2 and out == [1]  # the task after the stop waits
        assert loop.run_once() == 1 and out == [1, 3]
        loop.stop()  # not running: the next run returns at once
        assert loop.run() == 0
        assert loop.run_for(1 * MS) == 0  # and only that one


def test_run_for_returns_after_the_duration():
    with veloz.EventLoop(idle_strategy=SLEEPY) as loop:
        start = veloz.clock.now_ns()
        assert loop.run_for(5 * MS) == 0
        assert veloz.clock.now_ns() - start >= 5 * MS
        with pytest.raises(veloz.InvalidArgumentError):
            loop.run_for(-1)


def test_owner_rule():
    with veloz.EventLoop() as loop:
        assert loop.run_once() == 0  # this thread is the owner now

        def other() -> List[str]:
            failures = []
            for call in (loop.run_once, lambda: loop.run_for(0), loop.run, lambda: loop.post_after(0, print),
                         lambda: loop.post_at(0, print), lambda: loop.cancel(1), lambda: loop.stats):  # fmt: skip
                with pytest.raises(veloz.StateError) as info:
                    call()
                failures.append(info.value.status)
            loop.post(recorder(out, "posted from other"))  # post and stop are for any thread
            return failures

        out: List[str] = []
        statuses = run_threads([other], name="loop-owner")[0]
        assert statuses == [_capi.VELOZ_E_STATE] * 7
        assert pending_of(loop) == 1  # the refused delayed posts kept nothing
        assert loop.run_once() == 1 and out == ["posted from other"]


def test_a_loop_created_on_one_thread_is_owned_by_the_first_that_runs_it():
    with veloz.EventLoop() as loop:
        out: List[int] = []
        loop.post(recorder(out, 1))
        assert run_threads([loop.run_once], name="loop-first")[0] == 1
        with pytest.raises(veloz.StateError):
            loop.run_once()


# ---- errors -----------------------------------------------------------------------------------------


def test_a_raising_task_goes_to_on_error_and_the_loop_goes_on():
    with veloz.EventLoop() as loop:
        errors: List[BaseException] = []
        out: List[int] = []
        loop.on_error = errors.append
        loop.post(recorder(out, 1))
        loop.post(lambda: 1 / 0)
        loop.post(recorder(out, 3))
        assert loop.run_once() == 3
        assert out == [1, 3] and len(errors) == 1 and isinstance(errors[0], ZeroDivisionError)
        with pytest.raises(TypeError):
            loop.on_error = 5  # type: ignore[assignment]


def test_a_raising_task_without_on_error_goes_to_unraisablehook(monkeypatch):
    reports: List[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reports.append)
    with veloz.EventLoop(name="reporting") as loop:
        out: List[int] = []

        def bad() -> None:
            raise ValueError("boom")

        loop.post(bad)
        loop.post(loop.stop)
        loop.post(recorder(out, 2), P.BACKGROUND)
        assert loop.run() == 2
        assert loop.run_once() == 1 and out == [2]
    assert len(reports) == 1
    error = reports[0].exc_value
    assert isinstance(error, ValueError) and str(error) == "boom"
    assert any("reporting" in note and "bad" in note for note in error.__notes__)


def test_an_on_error_that_raises_goes_to_unraisablehook_and_the_loop_goes_on(monkeypatch):
    reports: List[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reports.append)
    with veloz.EventLoop() as loop:
        def handler(error: BaseException) -> None:
            raise RuntimeError("handler failed")

        loop.on_error = handler
        out: List[int] = []
        loop.post(lambda: 1 / 0)
        loop.post(recorder(out, 2))
        assert loop.run_once() == 2 and out == [2]
    assert [type(r.exc_value) for r in reports] == [RuntimeError]
    assert isinstance(reports[0].exc_value.__context__, ZeroDivisionError)


def test_keyboard_interrupt_in_a_task_stops_run_and_is_raised_from_it():
    with veloz.EventLoop() as loop:
        out: List[int] = []

        def interrupt() -> None:
            raise KeyboardInterrupt

        loop.post(interrupt)
        loop.post(recorder(out, 2), P.BACKGROUND)
        loop.post(loop.stop, P.BACKGROUND)  # a binding that did not stop would end here, not hang
        with pytest.raises(KeyboardInterrupt):
            loop.run()
        assert out == []
        assert loop.run_once() == 2 and out == [2]  # the loop is usable
        assert loop.run() == 0  # the stop the last task made while run_once ran
        loop.post(interrupt)
        loop.post(recorder(out, 3))
        with pytest.raises(KeyboardInterrupt):
            loop.run_once()  # after the batch
        assert out == [2, 3]
        loop.post(loop.stop)
        assert loop.run() == 1


def test_running_the_loop_from_a_task_raises_state_error():
    with veloz.EventLoop() as loop:
        caught: List[BaseException] = []

        def reenter() -> None:
            for call in (loop.run_once, lambda: loop.run_for(0), loop.run, loop.close):
                try:
                    call()
                except veloz.StateError as error:
                    caught.append(error)

        loop.post(reenter)
        assert loop.run_once() == 1
        assert len(caught) == 4 and all(e.status == _capi.VELOZ_E_STATE for e in caught)
        assert "task" in str(caught[0])
        assert not loop.closed
        loop.post(reenter)
        loop.post(loop.stop)
        assert loop.run() == 2 and len(caught) == 8


def test_close_while_running_on_another_thread_raises_state_error():
    with veloz.EventLoop(idle_strategy=SLEEPY) as loop:
        running = threading.Event()

        def owner() -> int:
            loop.post(running.set)
            return loop.run()

        def closer() -> None:
            assert running.wait(60)
            with pytest.raises(veloz.StateError, match="running"):
                loop.close()
            loop.stop()

        run_threads([owner, closer], name="loop-close")
    assert loop.closed


def test_a_full_loop_raises_full_error():
    with veloz.EventLoop(task_capacity=16) as loop:
        for _ in range(10):
            loop.post(lambda: None)
        for _ in range(6):
            loop.post_after(10**9, lambda: None)
        with pytest.raises(veloz.FullError) as info:
            loop.post(lambda: None)
        assert info.value.status == _capi.VELOZ_E_FULL and "full" in str(info.value)
        with pytest.raises(veloz.FullError):
            loop.post_after(0, lambda: None)
        with pytest.raises(veloz.FullError):
            loop.post_at(0, lambda: None)
        assert pending_of(loop) == 16  # the refused ones kept nothing
        assert loop.run_once() == 10
        loop.post(lambda: None)  # room again
        stats = loop.stats
        assert stats.failed_posts == 3 and stats.delayed == 6 and stats.waiting == 1


@pytest.mark.parametrize(
    "config, message",
    [
        ({"task_capacity": 15}, "TaskCapacity|task_capacity"),
        ({"task_capacity": (1 << 22) + 1}, "TaskCapacity|task_capacity"),
        ({"timer_tick_ns": 999}, "TimerTick|timer_tick"),
        ({"starvation_limit": -1}, "Starvation|starvation"),
        ({"spin_iterations": 10_000_001}, "Spin|spin"),
        ({"idle_strategy": 3}, "idle_strategy|IdleStrategy"),
        ({"name": "x" * 129}, "Name|name"),
    ],
)
def test_bad_configs_raise_the_library_message_naming_the_field(config, message):
    with pytest.raises(veloz.InvalidArgumentError, match=message):
        veloz.EventLoop(**config)


def test_arguments_the_binding_refuses():
    with veloz.EventLoop() as loop:
        with pytest.raises(TypeError):
            loop.post(5)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            loop.post_after(0, None)  # type: ignore[arg-type]
        with pytest.raises(veloz.InvalidArgumentError, match="priority"):
            loop.post(print, 3)
        with pytest.raises(veloz.InvalidArgumentError, match="priority"):
            loop.post_after(0, print, -1)
        with pytest.raises(TypeError):
            loop.post(print, 1.0)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            loop.post(print, True)
        with pytest.raises(veloz.InvalidArgumentError):
            loop.post_at(1 << 64, print)
        with pytest.raises(veloz.InvalidArgumentError):
            veloz.EventLoop(task_capacity=1 << 40)
        with pytest.raises(veloz.InvalidArgumentError, match="NUL"):
            veloz.EventLoop(name="a\0b")
        assert pending_of(loop) == 0


def test_a_closed_loop_raises_on_every_call():
    loop = veloz.EventLoop(name="gone")
    loop.close()
    loop.close()  # idempotent
    assert loop.closed and "closed" in repr(loop)
    calls = [lambda: loop.post(print), lambda: loop.post_at(0, print), lambda: loop.post_after(0, print),
             lambda: loop.cancel(1), loop.run_once, lambda: loop.run_for(0), loop.run, loop.stop,
             lambda: loop.stats]  # fmt: skip
    for call in calls:
        with pytest.raises(veloz.InvalidHandleError, match="EventLoop is closed"):
            call()
    with pytest.raises(veloz.InvalidHandleError):
        with loop:
            pass
    assert pending_of(loop) == 0


def test_config_and_repr():
    with veloz.EventLoop(task_capacity=32, idle_strategy=SLEEPY, name="strategy") as loop:
        assert (loop.name, loop.task_capacity, loop.idle_strategy) == ("strategy", 32, SLEEPY)
        assert "strategy" in repr(loop) and "idle" in repr(loop)
    with veloz.EventLoop() as loop:
        assert (loop.name, loop.task_capacity, loop.idle_strategy) == ("event_loop", 65_536, veloz.IdleStrategy.BUSY_SPIN)
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(veloz.EventLoop())


def test_stats_count_posts_runs_and_latency():
    with veloz.EventLoop() as loop:
        for priority in (P.CRITICAL, P.NORMAL, P.NORMAL, P.BACKGROUND):
            loop.post(lambda: None, priority)
        tid = loop.post_after(10**9, lambda: None)
        loop.cancel(tid)
        loop.run_once()
        s = loop.stats
        assert isinstance(s, veloz.EventLoopStats)
        assert (s.posted, s.run_critical, s.run_normal, s.run_background, s.cancelled, s.waiting, s.delayed) == (5, 1, 2, 1, 1, 0, 0)
        assert 0 < s.latency_p50_ns <= s.latency_p99_ns <= s.latency_p999_ns <= s.latency_max_ns


def test_a_loop_told_to_pin_runs_its_tasks_on_that_cpu():
    import veloz.thread as vt

    cpu = vt.affinity()[-1]
    seen = []

    def body():
        with veloz.EventLoop(pin_cpu=cpu) as loop:
            for _ in range(20):
                loop.post(lambda: seen.append(vt.current_cpu()))
            loop.run_once()
            assert vt.affinity() == [cpu], "the running thread is pinned"

    run_threads([body])
    assert seen == [cpu] * 20
    with veloz.EventLoop(pin_cpu=4000) as bad:
        with pytest.raises(veloz.InvalidArgumentError, match="does not exist"):
            bad.run_once()
