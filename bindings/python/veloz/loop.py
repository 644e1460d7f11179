"""An event loop (``veloz_event_loop``): one thread runs it and runs its tasks in priority order;
any thread may post tasks (any Python callable) and stop it::

    with veloz.EventLoop(idle_strategy=veloz.IdleStrategy.SPIN_THEN_SLEEP, name="strategy") as loop:
        loop.post(handle_fill, veloz.LoopPriority.CRITICAL)    # from any thread
        tid = loop.post_after(5_000_000, send_heartbeat)       # owner only: an id for cancel
        loop.cancel(tid)                                       # True; False when it ran or came due
        loop.post_at(veloz.clock.now_ns() + 1_000_000, loop.stop)
        ran = loop.run()                                       # until stop(), from any thread or a task
        loop.run_once(); loop.run_for(10_000_000)              # what is due now; for 10 ms
        loop.stats                                             # EventLoopStats (owner only)

Tasks take no arguments (``functools.partial`` or a lambda binds some). Within one priority they
run in the order posted (delayed ones in deadline order, when due); a due CRITICAL task runs before
a NORMAL one, a NORMAL before a BACKGROUND one, except that once ``starvation_limit`` higher tasks
ran while a lower one waited, one lower task runs. A delayed task never runs before its deadline
(``veloz.clock.now_ns()``'s clock).

Threads. The owner is the first thread that calls :meth:`~EventLoop.post_at`,
:meth:`~EventLoop.post_after`, :meth:`~EventLoop.cancel`, :meth:`~EventLoop.run_once`,
:meth:`~EventLoop.run_for`, :meth:`~EventLoop.run` or reads :attr:`~EventLoop.stats`; the library
refuses those calls from any other thread with :class:`~veloz.StateError` (unlike the other VeloZ
objects, the loop's handle is not shared: a loop belongs to its thread). :meth:`~EventLoop.post`
and :meth:`~EventLoop.stop` work from any thread, without a lock. ctypes releases the GIL during
``run``/``run_for``/``run_once``, and each task takes it back only while the Python callable runs,
so other Python threads post (and do anything else) while the loop runs. Running the loop from
inside one of its tasks raises StateError (the library's).

Errors. A task that raises does not stop the loop. The exception (an ``Exception``) goes to
:attr:`EventLoop.on_error` when set (called on the loop's thread with the exception), else to
``sys.unraisablehook`` (printed with its traceback, like any exception Python cannot raise to a
caller; pytest turns it into a warning) with a note naming the task and the loop. An exception of
on_error itself goes to ``sys.unraisablehook`` too. ``KeyboardInterrupt``, ``SystemExit`` and other
non-``Exception`` exceptions stop ``run``/``run_for`` (after the task) and are re-raised from it;
from ``run_once`` they are re-raised once the batch has run. Note that Python handles Ctrl-C only
while Python code runs: a loop with no task to run is in C and notices it at its next task (post
one, or run ``run_for`` slices in a Python loop, to stay responsive).

Closing. :meth:`~EventLoop.close` (or the end of a ``with`` block) drops the tasks not yet run and
releases their callables. It raises StateError while the loop runs (from a task, or from another
thread: stop it and let ``run`` return first). As with every lock-free call, threads that post
must be finished before the loop is closed; a post after close raises InvalidHandleError.

Cost: a post is one ctypes call plus a dict entry, about a microsecond; running a task costs a
ctypes callback (re-taking the GIL), a few microseconds. Per-task loops that must be cheaper
belong in Cython with C tasks (``capi.veloz_event_loop_post`` on ``loop.handle``).
"""

from __future__ import annotations

import ctypes
import enum
import itertools
import operator
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional

from . import _capi
from ._handle import INT32_MAX, INT64_MAX, INT64_MIN, NativeHandle, as_int
from ._library import library, raw_function
from .errors import InvalidArgumentError, StateError

__all__ = ["EventLoop", "LoopPriority", "IdleStrategy", "EventLoopStats"]

_lib = library()

_OK = _capi.VELOZ_OK
_NOT_FOUND = _capi.VELOZ_E_NOT_FOUND
_INVALID_ARGUMENT = _capi.VELOZ_E_INVALID_ARGUMENT
_UINT64_MAX = (1 << 64) - 1
_INT32_MIN = -(1 << 31)

_void_p = ctypes.c_void_p
_int64 = ctypes.c_int64
_uint64 = ctypes.c_uint64
_byref = ctypes.byref

# The hot calls without argtypes (see raw_function): the context goes as a c_void_p (a bare int
# would be passed as a C int, 32 bits).
_post = raw_function("veloz_event_loop_post")
_post_at = raw_function("veloz_event_loop_post_at")
_post_after = raw_function("veloz_event_loop_post_after")
_cancel = raw_function("veloz_event_loop_cancel")
_run_once = raw_function("veloz_event_loop_run_once")
_run_for = raw_function("veloz_event_loop_run_for")
_run = raw_function("veloz_event_loop_run")
_stop = raw_function("veloz_event_loop_stop")


class LoopPriority(enum.IntEnum):
    """The priority of a task (``veloz_loop_priority``): a due task of a higher one runs first."""

    #: Runs first: order handling, risk checks.
    CRITICAL = _capi.VELOZ_LOOP_PRIORITY_CRITICAL
    #: The default.
    NORMAL = _capi.VELOZ_LOOP_PRIORITY_NORMAL
    #: Runs when nothing else is due: logging, statistics, housekeeping.
    BACKGROUND = _capi.VELOZ_LOOP_PRIORITY_BACKGROUND


class IdleStrategy(enum.IntEnum):
    """What the loop's thread does when no task is due (``veloz_loop_idle_strategy``)."""

    #: Polls without pause: the lowest wake-up latency, and one core at 100% (the default).
    BUSY_SPIN = _capi.VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN
    #: Polls spin_iterations times, then yields the core between polls.
    SPIN_THEN_YIELD = _capi.VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD
    #: Polls, then sleeps until the next delayed task is due or a post wakes it.
    SPIN_THEN_SLEEP = _capi.VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP


_NORMAL = LoopPriority.NORMAL


@dataclass(frozen=True)
class EventLoopStats:
    """Counters of an event loop (``veloz_event_loop_stats``)."""

    #: Tasks posted (immediate and delayed) since creation.
    posted: int
    #: Posts refused because task_capacity tasks were waiting.
    failed_posts: int
    #: Tasks run at critical priority.
    run_critical: int
    #: Tasks run at normal priority.
    run_normal: int
    #: Tasks run at background priority.
    run_background: int
    #: Delayed tasks cancelled before they ran.
    cancelled: int
    #: Delayed tasks that ran more than one timer tick after their deadline.
    late_timers: int
    #: Times a lower-priority task ran ahead of a higher one by the starvation guard.
    starvation_promotions: int
    #: Tasks waiting now (posted or due, not yet run).
    waiting: int
    #: Delayed tasks not yet due.
    delayed: int
    #: Nanoseconds spent running tasks inside run and run_for.
    busy_ns: int
    #: Nanoseconds spent idle inside run and run_for.
    idle_ns: int
    #: Post-to-run latency of the tasks run (ns; from the deadline for delayed tasks): median.
    latency_p50_ns: int
    #: 99th percentile.
    latency_p99_ns: int
    #: 99.9th percentile.
    latency_p999_ns: int
    #: The largest.
    latency_max_ns: int


_STATS_FIELDS = [name for name in EventLoopStats.__dataclass_fields__]
assert all(hasattr(_capi.veloz_event_loop_stats, name) for name in _STATS_FIELDS)


# ---- tasks: one C trampoline for every loop ------------------------------------------------------


class _State:
    """What the trampoline needs of a loop. Kept apart from the EventLoop so that the pending tasks
    (which reference it) do not keep the EventLoop alive: a loop dropped unclosed is collected,
    and its close drops its tasks."""

    __slots__ = ("name", "on_error", "fatal", "running", "mode", "delayed", "handle", "__weakref__")

    def __init__(self, name: str) -> None:
        self.name = name
        self.on_error: Optional[Callable[[BaseException], Any]] = None
        self.fatal: Optional[BaseException] = None  # a KeyboardInterrupt & co. to re-raise from run*
        self.running = 0  # run* calls in flight (changed under the loop's lock)
        self.mode = ""  # "once" inside run_once, "run" inside run / run_for
        self.delayed: Dict[int, int] = {}  # delayed task id -> key, for cancel
        self.handle = _void_p()


# Pending tasks by key, the context pointer the library hands back: (callable, state) for a post,
# [callable, state, id] for a delayed post. Keys come from one counter and are never reused (2**63
# of them). Posts come from any thread without a lock: under the GIL ``next()`` on an
# itertools.count is one C call (no bytecode runs inside it, so no thread switch), and a dict's
# setitem and pop are atomic, so two posting threads never get the same key and the loop thread
# never sees half an entry. (A free-threaded build makes both of them thread-safe as well.) The
# entry is stored before the library call, so a task that runs at once finds it.
_tasks: Dict[int, Any] = {}
_keys = itertools.count(1)

_TASK_TYPE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


def _trampoline(context: Optional[int]) -> None:
    # Runs on the loop's thread; ctypes takes the GIL around it. An exception that leaves it goes to
    # sys.unraisablehook (ctypes reports it) and the loop goes on.
    entry = _tasks.pop(context, None)  # type: ignore[arg-type]
    if entry is None:  # cannot happen: the entry outlives the task in the library
        return
    function = entry[0]
    state = entry[1]
    if len(entry) == 3:
        state.delayed.pop(entry[2], None)
    del entry
    try:
        function()
    except Exception as error:
        handler = state.on_error
        if handler is None:
            error.add_note(f"in a task of EventLoop {state.name!r}: {function!r}")
            raise  # to sys.unraisablehook, through ctypes
        del function
        handler(error)  # its own exception goes to sys.unraisablehook the same way
    except BaseException as error:  # noqa: BLE001 - KeyboardInterrupt, SystemExit: re-raised by run*
        if state.fatal is None:
            state.fatal = error
        if state.mode == "run":
            _stop(state.handle)


_TRAMPOLINE = _TASK_TYPE(_trampoline)


def _name_bytes(name: Optional[str]) -> Optional[bytes]:
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"EventLoop: name must be a str or None, got {type(name).__name__} {name!r}")
    if "\0" in name:
        raise InvalidArgumentError(_INVALID_ARGUMENT, f"EventLoop: name must not contain a NUL character, got {name!r}")
    return name.encode("utf-8")


def _priority(priority: Any, what: str) -> int:
    """The slow path of a priority: an integer in int32 (the library refuses unknown ones)."""
    if isinstance(priority, bool):
        raise TypeError(f"{what}: priority must be a LoopPriority, got {priority!r}")
    return as_int(priority, f"{what}: priority", _INT32_MIN, INT32_MAX)


class EventLoop(NativeHandle):
    """An event loop (``veloz_event_loop``); see the module's documentation for the rules.

    Args:
        task_capacity: tasks that may wait at once (posted, delayed or due), 16..2**22
            (0: 65,536); a post beyond it raises :class:`~veloz.FullError`.
        timer_tick_ns: the delayed tasks' timer tick, 1,000..3,600,000,000,000 (0: 100,000).
            Delayed tasks still run exactly when due.
        starvation_limit: higher-priority tasks that run while a lower one waits before one lower
            task runs, 1..1,000,000 (0: 64).
        spin_iterations: polls before yielding or sleeping, 1..10,000,000 (0: 1,000).
        idle_strategy: an :class:`IdleStrategy` (default BUSY_SPIN, as in C: one core at 100%
            while ``run`` waits; SPIN_THEN_SLEEP burns nothing while idle).
        name: a name for reports, at most 128 characters (None: "event_loop").

    Zero means the library's default, as in C; the library checks the ranges and its message names
    the field.
    """

    _name: str = "event_loop"
    _state: Optional[_State] = None

    def __init__(
        self,
        *,
        task_capacity: int = 0,
        timer_tick_ns: int = 0,
        starvation_limit: int = 0,
        spin_iterations: int = 0,
        idle_strategy: int = IdleStrategy.BUSY_SPIN,
        name: Optional[str] = None,
        pin_cpu: Optional[int] = None,
    ) -> None:
        config = _capi.veloz_event_loop_config()
        config.struct_size = ctypes.sizeof(config)
        config.task_capacity = as_int(task_capacity, "EventLoop: task_capacity", _INT32_MIN, INT32_MAX)
        config.timer_tick_ns = as_int(timer_tick_ns, "EventLoop: timer_tick_ns", INT64_MIN, INT64_MAX)
        config.starvation_limit = as_int(starvation_limit, "EventLoop: starvation_limit", _INT32_MIN, INT32_MAX)
        config.spin_iterations = as_int(spin_iterations, "EventLoop: spin_iterations", _INT32_MIN, INT32_MAX)
        config.idle_strategy = as_int(idle_strategy, "EventLoop: idle_strategy", _INT32_MIN, INT32_MAX)
        config.name = _name_bytes(name)
        if pin_cpu is not None:
            # The thread that first runs the loop is pinned to pin_cpu (veloz.thread.pin) before any task runs.
            config.flags = _capi.VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD
            config.pin_cpu = as_int(pin_cpu, "EventLoop: pin_cpu", _INT32_MIN, INT32_MAX)
        handle = ctypes.c_void_p()
        status = _lib.veloz_event_loop_create(_byref(config), _byref(handle))
        if status:
            self._raise(status)
        self._name = name or "event_loop"
        self._idle_strategy = IdleStrategy(config.idle_strategy)
        self._task_capacity = config.task_capacity or 65_536
        state = _State(self._name)
        state.handle = handle
        self._state = state
        # Not shared: the library's owner rule stays on (the loop belongs to the thread that runs
        # it), and post / stop overlap the owner's calls by design.
        self._adopt(handle, _lib.veloz_event_loop_destroy, share=False)

    # -- configuration ----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The name given at creation ("event_loop" when none)."""
        return self._name

    @property
    def idle_strategy(self) -> IdleStrategy:
        return self._idle_strategy

    @property
    def task_capacity(self) -> int:
        """Tasks that may wait at once."""
        return self._task_capacity

    @property
    def on_error(self) -> Optional[Callable[[BaseException], Any]]:
        """Called on the loop's thread with the exception of a task that raised (None: the
        exception goes to ``sys.unraisablehook``)."""
        state = self._state
        return None if state is None else state.on_error

    @on_error.setter
    def on_error(self, handler: Optional[Callable[[BaseException], Any]]) -> None:
        if handler is not None and not callable(handler):
            raise TypeError(f"EventLoop.on_error must be callable or None, got {type(handler).__name__}")
        assert self._state is not None
        self._state.on_error = handler

    # -- posting ----------------------------------------------------------------------------------

    def post(self, task: Callable[[], Any], priority: int = _NORMAL) -> None:
        """Posts ``task()`` to run on the loop's thread at ``priority``, from any thread (no lock).
        Raises FullError when task_capacity tasks wait, InvalidArgumentError for an unknown
        priority, TypeError for a task that is not callable."""
        if not callable(task):
            raise TypeError(f"EventLoop.post: task must be callable, got {type(task).__name__}")
        if priority.__class__ is not LoopPriority and (priority.__class__ is not int or not 0 <= priority <= 2):
            priority = _priority(priority, "EventLoop.post")
        key = next(_keys)
        _tasks[key] = (task, self._state)
        status = _post(self._handle, _TRAMPOLINE, _void_p(key), priority)
        if status:
            _tasks.pop(key, None)
            self._raise(status)

    def post_at(self, deadline_ns: int, task: Callable[[], Any], priority: int = _NORMAL) -> int:
        """Schedules ``task()`` at ``deadline_ns`` (``veloz.clock.now_ns()``'s clock): it runs then
        or later, never earlier; a deadline already past runs at the next run. Returns an id for
        :meth:`cancel` (never 0). Owner thread only. Raises FullError when task_capacity tasks
        wait, InvalidArgumentError for a deadline outside the timer range (0..2**62) or an unknown
        priority."""
        if deadline_ns.__class__ is not int or not -0x8000000000000000 <= deadline_ns <= 0x7FFFFFFFFFFFFFFF:
            deadline_ns = as_int(deadline_ns, "EventLoop.post_at: deadline_ns", INT64_MIN, INT64_MAX)
        return self._delay(_post_at, deadline_ns, task, priority, "post_at")

    def post_after(self, delay_ns: int, task: Callable[[], Any], priority: int = _NORMAL) -> int:
        """As :meth:`post_at`, ``delay_ns`` (>= 0) from now."""
        if delay_ns.__class__ is not int or not -0x8000000000000000 <= delay_ns <= 0x7FFFFFFFFFFFFFFF:
            delay_ns = as_int(delay_ns, "EventLoop.post_after: delay_ns", INT64_MIN, INT64_MAX)
        return self._delay(_post_after, delay_ns, task, priority, "post_after")

    def _delay(self, function: Any, time_ns: int, task: Callable[[], Any], priority: Any, what: str) -> int:
        if not callable(task):
            raise TypeError(f"EventLoop.{what}: task must be callable, got {type(task).__name__}")
        if priority.__class__ is not LoopPriority and (priority.__class__ is not int or not 0 <= priority <= 2):
            priority = _priority(priority, f"EventLoop.{what}")
        state = self._state
        key = next(_keys)
        entry = [task, state, 0]
        _tasks[key] = entry
        identifier = _uint64()  # not shared scratch: a non-owner thread's failing call writes it too
        with self._lock:
            status = function(self._handle, _int64(time_ns), _TRAMPOLINE, _void_p(key), priority, _byref(identifier))
            if status:
                _tasks.pop(key, None)
                self._raise(status)
            # The task cannot run before this: only the owner (this thread) runs the loop.
            value = identifier.value
            entry[2] = value
            state.delayed[value] = key  # type: ignore[union-attr]
        return value

    def cancel(self, task_id: int) -> bool:
        """Cancels the delayed task ``task_id`` not yet due: it never runs and its callable is
        released. Returns True, or False when it ran, came due (it will run), was cancelled or
        never existed. Owner thread only."""
        if task_id.__class__ is not int or not 0 <= task_id <= _UINT64_MAX:
            if isinstance(task_id, bool):
                raise TypeError(f"EventLoop.cancel: task_id must be an integer id, got {task_id!r}")
            try:
                task_id = operator.index(task_id)
            except TypeError:
                raise TypeError(f"EventLoop.cancel: task_id must be an integer id, got {type(task_id).__name__}") from None
            if not 0 <= task_id <= _UINT64_MAX:
                self._ensure_open()
                return False
        with self._lock:
            status = _cancel(self._handle, _uint64(task_id))
            if status == _OK:
                key = self._state.delayed.pop(task_id, None)  # type: ignore[union-attr]
                if key is not None:
                    _tasks.pop(key, None)
                return True
            if status == _NOT_FOUND:
                return False
            self._raise(status)

    # -- running ----------------------------------------------------------------------------------

    def _enter(self, mode: str) -> _State:
        state = self._state
        with self._lock:
            self._ensure_open()
            assert state is not None
            state.running += 1
            if state.running == 1:
                state.mode = mode
        return state

    def _leave(self, state: _State) -> None:
        with self._lock:
            state.running -= 1
            if state.running == 0:
                state.mode = ""

    def _finish(self, state: _State, status: int) -> None:
        """After a run call: a KeyboardInterrupt (or the like) a task raised, else the status."""
        fatal = state.fatal
        if fatal is not None and state.running == 0:
            state.fatal = None
            raise fatal
        if status:
            self._raise(status)

    def run_once(self) -> int:
        """Runs every task due now (tasks posted meanwhile wait for the next call); returns how
        many ran. Owner thread only; StateError from inside a task."""
        ran = ctypes.c_int32()
        state = self._enter("once")
        try:
            status = _run_once(self._handle, _byref(ran))
        finally:
            self._leave(state)
        self._finish(state, status)
        return ran.value

    def run_for(self, duration_ns: int) -> int:
        """Runs the loop for ``duration_ns`` (>= 0) nanoseconds, idling by its strategy, or until
        :meth:`stop`; returns the tasks run. Owner thread only; StateError from inside a task."""
        duration_ns = as_int(duration_ns, "EventLoop.run_for: duration_ns", INT64_MIN, INT64_MAX)
        ran = _int64()
        state = self._enter("run")
        try:
            status = _run_for(self._handle, _int64(duration_ns), _byref(ran))
        finally:
            self._leave(state)
        self._finish(state, status)
        return ran.value

    def run(self) -> int:
        """Runs the loop until :meth:`stop` (from any thread or from a task); returns the tasks
        run. A stop made while the loop was not running makes it return at once. Owner thread
        only; StateError from inside a task."""
        ran = _int64()
        state = self._enter("run")
        try:
            status = _run(self._handle, _byref(ran))
        finally:
            self._leave(state)
        self._finish(state, status)
        return ran.value

    def stop(self) -> None:
        """Makes :meth:`run` or :meth:`run_for` return after the task running now; from any thread
        or from a task (no lock). A stop while the loop is not running makes its next run return at
        once."""
        status = _stop(self._handle)
        if status:
            self._raise(status)

    # -- stats, close ------------------------------------------------------------------------------

    @property
    def stats(self) -> EventLoopStats:
        """Counters and post-to-run latency percentiles. Owner thread only (StateError elsewhere;
        reading it first makes the calling thread the owner)."""
        raw = _capi.veloz_event_loop_stats()
        raw.struct_size = ctypes.sizeof(raw)
        with self._lock:
            status = _lib.veloz_event_loop_get_stats(self._handle, _byref(raw))
            if status:
                self._raise(status)
        return EventLoopStats(*(getattr(raw, name) for name in _STATS_FIELDS))

    def close(self) -> None:
        """Destroys the loop; the tasks not yet run are dropped and their callables released.
        Idempotent. Raises StateError while the loop runs (from one of its tasks, or from another
        thread while run is in progress). Threads posting must have finished."""
        if self._closed:
            return
        state = self._state
        with self._lock:
            if self._closed:
                return
            if state is not None and state.running:
                raise StateError(
                    _capi.VELOZ_E_STATE,
                    f"EventLoop.close: the loop {self._name!r} is running; stop() it and let run() return first "
                    "(a task cannot close its own loop)",
                )
            self._closed = True
            handle = self._handle
            self._handle = ctypes.c_void_p()
            if self._destroy is not None:
                self._destroy(handle)
        if state is not None:
            state.handle = ctypes.c_void_p()
            state.delayed.clear()
            # The dropped tasks' callables: every entry of this loop (a scan: close is rare).
            for key in [key for key, entry in list(_tasks.items()) if entry[1] is state]:
                _tasks.pop(key, None)

    def __repr__(self) -> str:
        # Never the stats: reading them from a thread would make that thread the owner.
        if not hasattr(self, "_idle_strategy"):
            return "<EventLoop uninitialized>"
        status = "closed" if self._closed else ("running" if self._state and self._state.running else "idle")
        return f"<EventLoop {self._name!r} {self._idle_strategy.name} task_capacity={self._task_capacity} {status}>"

