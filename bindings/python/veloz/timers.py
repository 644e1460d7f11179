"""A hierarchical timer wheel (``veloz_timer_wheel``): O(1) schedule and cancel of one-shot and
periodic timers, fired in deadline order when the caller advances the wheel to its own clock.

The wheel never reads a clock: :meth:`TimerWheel.advance` moves it to the time the caller gives
(``veloz.clock.now_ns()``, an exchange timestamp, a simulated time in a backtest) and returns the
timers due by then, oldest deadline first, ties in the order they were scheduled::

    with veloz.TimerWheel(tick_ns=1_000_000, start_ns=now, name="orders") as wheel:
        tid = wheel.schedule(now + 5_000_000, payload=order_id)   # an int id, never 0
        wheel.schedule_after(250_000_000, payload=42)             # relative to the wheel's time
        hb = wheel.schedule_periodic(now + 1_000_000_000, 1_000_000_000, payload=7)
        wheel.cancel(tid)                    # True; False when it already fired or was cancelled
        for expiry in wheel.advance(veloz.clock.now_ns()):   # a list of Expiry
            expiry.id, expiry.payload, expiry.deadline, expiry.late_ns, expiry.expirations, expiry.periodic
        wheel.advance_callback(now_ns, handle)       # handle(expiry) per timer, False stops
        wheel.next_deadline                  # when to advance next (None: no live timer)

Payloads are unsigned 64-bit integers (an order id, an index into the caller's table); the wheel
does not hold Python objects. Keep a dict ``{id: object}`` (or ``{payload: object}``) beside it for
anything richer.

Semantics (see ``veloz.h``): a deadline at or before the wheel's time fires at the next advance; a
deadline more than ``max_delay_ns`` (see :attr:`TimerWheel.max_delay_ns`) after the wheel's time is
refused with :class:`~veloz.InvalidArgumentError`, and a schedule beyond ``max_timers`` live timers
with :class:`~veloz.FullError`. Time never goes back: advancing to a time before the wheel's raises
InvalidArgumentError and changes nothing. A periodic timer is re-armed on its grid (from its
deadline, not from when it ran) and keeps its id until cancelled; an advance that skipped periods
delivers it once, with the count in ``expirations`` (like timerfd).

Three ways to take the due timers:

- :meth:`TimerWheel.advance` returns a list of :class:`Expiry` (NamedTuples), all of them: it calls
  the library again while its internal buffer comes back full.
- :meth:`TimerWheel.advance_into` is the library call as it is, for zero-allocation loops: it fills
  a NumPy array of :data:`TIMER_EXPIRY_DTYPE` (or a ctypes array of ``veloz_timer_expiry``) and
  returns how many; when that equals the buffer's length, more may be due: call again with the same
  time (the rest stay pending, in order, and cancellable).
- :meth:`TimerWheel.advance_callback` calls a Python function per timer from inside the library's
  advance. The function may schedule and cancel on the same wheel (a timer it schedules that is
  already due fires at the next advance), and returns False to stop: the timers due after that
  one stay pending for the next advance. An exception raised by the function stops the advance the
  same way and is re-raised by ``advance_callback`` once the library call has returned; the timer
  whose call raised counts as delivered (a one-shot is gone, a periodic one was re-armed). Advancing,
  clearing or closing the wheel from inside the function raises :class:`~veloz.StateError`.

Threads: the library's wheel belongs to one thread at a time. The Python object shares its handle
(``veloz_handle_share``) and serializes every call with its lock, so any Python thread may use it,
one call at a time. The lock is reentrant for the thread running :meth:`~TimerWheel.advance_callback`,
so that the callback can schedule and cancel; other threads wait until the advance has returned.

Cost from Python: each call is one ctypes crossing, about half a microsecond; an advance that fires
many timers costs one crossing per 256 of them plus the Expiry objects. Per-timer loops that must
be cheaper belong in Cython (``from veloz cimport capi``: ``capi.veloz_timer_wheel_schedule`` in a
``nogil`` loop on ``wheel.handle``).
"""

from __future__ import annotations

import ctypes
import operator
import struct
import threading
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from . import _capi
from ._handle import INT32_MAX, INT64_MAX, INT64_MIN, NativeHandle, as_int
from ._library import library, raw_function
from .book_types import np as _numpy
from .book_types import struct_dtype
from .errors import InvalidArgumentError, StateError

__all__ = ["TimerWheel", "Expiry", "TimerWheelStats", "TIMER_EXPIRY_DTYPE"]

_lib = library()

_OK = _capi.VELOZ_OK
_NOT_FOUND = _capi.VELOZ_E_NOT_FOUND
_INVALID_ARGUMENT = _capi.VELOZ_E_INVALID_ARGUMENT
_PERIODIC = _capi.VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC
_UINT64_MAX = (1 << 64) - 1
_INT32_MIN = -(1 << 31)

_void_p = ctypes.c_void_p
_int64 = ctypes.c_int64
_uint64 = ctypes.c_uint64
_byref = ctypes.byref
_EXPIRY_BYTES = ctypes.c_char * ctypes.sizeof(_capi.veloz_timer_expiry)
_addressof = ctypes.addressof
_tuple_new = tuple.__new__

# The hot calls without argtypes: a c_void_p handle, c_int64 / c_uint64 values and byref / array
# arguments go through as they are (the argtypes conversion costs as much again as the call).
_schedule = raw_function("veloz_timer_wheel_schedule")
_schedule_after = raw_function("veloz_timer_wheel_schedule_after")
_schedule_periodic = raw_function("veloz_timer_wheel_schedule_periodic")
_cancel = raw_function("veloz_timer_wheel_cancel")
_is_active = raw_function("veloz_timer_wheel_is_active")
_advance = raw_function("veloz_timer_wheel_advance")
_advance_callback = raw_function("veloz_timer_wheel_advance_callback")
_next_deadline = raw_function("veloz_timer_wheel_next_deadline")

_EXPIRY_SIZE = ctypes.sizeof(_capi.veloz_timer_expiry)
# The bytes of one veloz_timer_expiry, from the generated Structure's offsets: id, payload,
# deadline, late_ns, expirations, flags.
assert [name for name, _ in _capi.veloz_timer_expiry._fields_] == [
    "id", "payload", "deadline", "late_ns", "expirations", "flags",
], "veloz_timer_expiry changed: update Expiry and _EXPIRY_STRUCT"  # fmt: skip
_EXPIRY_STRUCT = struct.Struct("<QQqqii")
assert _EXPIRY_STRUCT.size == _EXPIRY_SIZE
assert [getattr(_capi.veloz_timer_expiry, name).offset for name in ("id", "payload", "deadline", "late_ns", "expirations", "flags")] == [
    0, 8, 16, 24, 32, 36,
]  # fmt: skip
_unpack_expiry_from = _EXPIRY_STRUCT.unpack_from
_iter_unpack_expiries = _EXPIRY_STRUCT.iter_unpack

#: Expiries fetched per library call by :meth:`TimerWheel.advance` (it calls again while the
#: buffer comes back full, so this bounds the memory, not the result).
ADVANCE_BATCH = 256

if _numpy is not None:
    #: ``veloz_timer_expiry`` (40 bytes: id, payload, deadline, late_ns, expirations, flags) as a
    #: NumPy dtype: the buffer of :meth:`TimerWheel.advance_into`.
    TIMER_EXPIRY_DTYPE = struct_dtype(_capi.veloz_timer_expiry)
else:  # pragma: no cover - NumPy is installed wherever the tests run
    TIMER_EXPIRY_DTYPE = None  # type: ignore[assignment]


class Expiry(NamedTuple):
    """One timer that fired (``veloz_timer_expiry`` as Python values)."""

    #: The id the schedule returned (a periodic timer keeps it for every period).
    id: int
    #: The value given at schedule.
    payload: int
    #: The deadline that fired, in ns (a periodic timer that fell behind: the earliest missed one).
    deadline: int
    #: The advance's time minus ``deadline`` (>= 0): how late the timer ran.
    late_ns: int
    #: Periods that elapsed: 1 for a one-shot, 1 + skipped periods for a periodic timer.
    expirations: int
    #: True for a periodic timer (re-armed: its id stays live until cancelled).
    periodic: bool


def _expiries(data: Any) -> List[Expiry]:
    """Expiries from the raw bytes of consecutive veloz_timer_expiry structs."""
    return [
        _tuple_new(Expiry, (identifier, payload, deadline, late, expirations, (flags & _PERIODIC) != 0))
        for identifier, payload, deadline, late, expirations, flags in _iter_unpack_expiries(data)
    ]


@dataclass(frozen=True)
class TimerWheelStats:
    """Sizes and counters of a timer wheel (``veloz_timer_wheel_stats``)."""

    #: Levels of 256 slots.
    levels: int
    #: Nanoseconds per tick.
    tick_ns: int
    #: The wheel's time: the last advance's now (or start_ns).
    now_ns: int
    #: The furthest a deadline may lie after now_ns.
    max_delay_ns: int
    #: Live timers: scheduled, not yet fired (one-shot) and not cancelled; periodic ones stay live.
    active: int
    #: Due timers not yet delivered because an advance's buffer was full (or its callback stopped).
    pending: int
    #: Most live timers at once.
    peak_active: int
    #: Timer nodes allocated.
    capacity: int
    #: Timers scheduled since creation.
    scheduled: int
    #: Timers cancelled (cancel and clear).
    cancelled: int
    #: Expiries delivered (a periodic timer counts once per delivery).
    fired: int
    #: Periods of periodic timers that passed without a delivery of their own.
    missed_periods: int
    #: Times a timer moved down a level.
    cascaded: int
    #: Schedules refused (full, out of range, bad interval).
    failed_schedules: int
    #: Cancels of ids that were not live.
    failed_cancels: int


_STATS_FIELDS = [name for name in TimerWheelStats.__dataclass_fields__]
assert all(hasattr(_capi.veloz_timer_wheel_stats, name) for name in _STATS_FIELDS)


def _name_bytes(name: Optional[str]) -> Optional[bytes]:
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"TimerWheel: name must be a str or None, got {type(name).__name__} {name!r}")
    if "\0" in name:
        # c_char_p would cut the name at the NUL without a word: refuse it instead.
        raise InvalidArgumentError(_INVALID_ARGUMENT, f"TimerWheel: name must not contain a NUL character, got {name!r}")
    return name.encode("utf-8")


# ---- advance_callback: one C trampoline for every wheel ------------------------------------------


class _Call:
    """One advance_callback in flight: the user's function and the exception it raised."""

    __slots__ = ("function", "error", "address", "view")

    def __init__(self, function: Callable[[Expiry], Any]) -> None:
        self.function = function
        self.error: Optional[BaseException] = None
        # The last expiry pointer and a view of its 40 bytes. The library (today) hands over the
        # same struct for every timer of an advance, so the view is usually made once; it is only
        # read while the pointer handed over is that same address.
        self.address = 0
        self.view: Any = None


# Calls in flight by token (the context pointer the library hands back). A dict, not a closure per
# wheel: one CFUNCTYPE thunk serves every call (making one costs tens of microseconds), and no
# wheel holds a reference cycle through it. Nested calls (a callback advancing another wheel) have
# tokens of their own.
_calls: Dict[int, _Call] = {}
_tokens = iter(range(1, 1 << 62))
_tokens_lock = threading.Lock()

_CALLBACK_TYPE = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p)


def _trampoline(context: int, expiry: int) -> int:
    # Runs on the thread that called advance_callback, with the GIL (ctypes takes it back). Nothing
    # may escape: an exception leaving a ctypes callback is printed and the library sees 0 ("go on").
    call = _calls.get(context)  # type: ignore[arg-type]
    if call is None:  # cannot happen: the entry outlives the library call
        return 1
    try:
        if expiry != call.address:
            call.view = _EXPIRY_BYTES.from_address(expiry)
            call.address = expiry
        identifier, payload, deadline, late, expirations, flags = _unpack_expiry_from(call.view)
        outcome = call.function(
            _tuple_new(Expiry, (identifier, payload, deadline, late, expirations, (flags & _PERIODIC) != 0))
        )
        return 1 if outcome is False else 0
    except BaseException as error:  # noqa: BLE001 - re-raised by advance_callback after the C call
        call.error = error
        return 1


_TRAMPOLINE = _CALLBACK_TYPE(_trampoline)


class TimerWheel(NativeHandle):
    """A hierarchical timer wheel (``veloz_timer_wheel``): schedule and cancel in O(1), timers fired
    in deadline order (ties in scheduling order) by :meth:`advance` at the caller's clock.

    Args:
        tick_ns: nanoseconds per tick, 1,000..3,600,000,000,000 (0: 1,000,000). Timers fire exactly
            when due; the tick sets how far ahead the wheel reaches and the cost of a long wait.
        levels: levels of 256 slots, 1..7 (0: 4); a deadline may lie at most about
            255 x 256**(levels-1) ticks after the wheel's time (:attr:`max_delay_ns`).
        start_ns: the wheel's time at creation, 0..2**62 (0: 0), on the clock of the deadlines.
        initial_timers: timer nodes allocated at creation, 1..2**26 (0: 1,024); the store doubles
            when more timers are live.
        max_timers: most live timers, initial_timers..2**26 (0: no limit but 2**26); a schedule
            beyond it raises :class:`~veloz.FullError`.
        name: a name for reports, at most 128 characters (None: "timer_wheel").

    Zero means the library's default, as in C. The library checks the values: one out of range
    raises :class:`~veloz.InvalidArgumentError` with the library's message, which names the field.
    """

    _name: str = "timer_wheel"
    _depth: int = 0  # advance_callback calls in flight on this wheel (on the thread holding the lock)

    def __init__(
        self,
        *,
        tick_ns: int = 0,
        levels: int = 0,
        start_ns: int = 0,
        initial_timers: int = 0,
        max_timers: int = 0,
        name: Optional[str] = None,
    ) -> None:
        config = _capi.veloz_timer_wheel_config()
        config.struct_size = ctypes.sizeof(config)
        # Range-checked against the C types only (ctypes would wrap); the library checks the real
        # ranges and its message names the field.
        config.tick_ns = as_int(tick_ns, "TimerWheel: tick_ns", INT64_MIN, INT64_MAX)
        config.levels = as_int(levels, "TimerWheel: levels", _INT32_MIN, INT32_MAX)
        config.start_ns = as_int(start_ns, "TimerWheel: start_ns", INT64_MIN, INT64_MAX)
        config.initial_timers = as_int(initial_timers, "TimerWheel: initial_timers", _INT32_MIN, INT32_MAX)
        config.max_timers = as_int(max_timers, "TimerWheel: max_timers", _INT32_MIN, INT32_MAX)
        config.name = _name_bytes(name)
        # Scratch memory of the object, used under its lock: out-values and the advance buffer.
        self._id = _uint64()
        self._id_ref = _byref(self._id)
        self._count = ctypes.c_int32()
        self._count_ref = _byref(self._count)
        self._flag = ctypes.c_int32()
        self._flag_ref = _byref(self._flag)
        self._time = _int64()
        self._time_ref = _byref(self._time)
        self._buffer = (_capi.veloz_timer_expiry * ADVANCE_BATCH)()
        # Its bytes, for struct: slicing a memoryview costs far less than ctypes.string_at (a
        # foreign call of its own).
        self._buffer_bytes = memoryview(self._buffer).cast("B")
        handle = ctypes.c_void_p()
        status = _lib.veloz_timer_wheel_create(_byref(config), _byref(handle))
        if status:
            self._raise(status)
        self._name = name or "timer_wheel"
        self._adopt(handle, _lib.veloz_timer_wheel_destroy)
        # Reentrant: the function given to advance_callback runs inside that call, on its thread,
        # and may schedule and cancel (the library allows it); other threads still wait their turn.
        self._lock = threading.RLock()
        raw = self._read_stats()
        self._tick_ns = raw.tick_ns
        self._levels = raw.levels
        self._max_timers = config.max_timers

    # -- configuration ----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The name given at creation ("timer_wheel" when none)."""
        return self._name

    @property
    def tick_ns(self) -> int:
        """Nanoseconds per tick (1,000,000 when created with tick_ns=0)."""
        return self._tick_ns

    @property
    def levels(self) -> int:
        """Levels of 256 slots (4 when created with levels=0)."""
        return self._levels

    @property
    def max_timers(self) -> int:
        """The max_timers limit as configured (0: none but 2**26)."""
        return self._max_timers

    @property
    def max_delay_ns(self) -> int:
        """The furthest a deadline may lie after the wheel's time."""
        with self._lock:
            return self._read_stats().max_delay_ns

    @property
    def now_ns(self) -> int:
        """The wheel's time: the last advance's time (or start_ns)."""
        with self._lock:
            return self._read_stats().now_ns

    # -- schedule and cancel ----------------------------------------------------------------------

    def schedule(self, deadline_ns: int, payload: int = 0) -> int:
        """Schedules a one-shot timer due at ``deadline_ns`` carrying ``payload`` (an unsigned
        64-bit int); returns its id (never 0). A deadline at or before the wheel's time fires at
        the next advance. Raises InvalidArgumentError for a deadline more than :attr:`max_delay_ns`
        after the wheel's time, FullError when ``max_timers`` timers are live."""
        if deadline_ns.__class__ is not int or payload.__class__ is not int or not (
            -0x8000000000000000 <= deadline_ns <= 0x7FFFFFFFFFFFFFFF and 0 <= payload <= 0xFFFFFFFFFFFFFFFF
        ):  # the checks (and messages) of the slow path; plain ints in range skip two calls
            deadline_ns = as_int(deadline_ns, "TimerWheel.schedule: deadline_ns", INT64_MIN, INT64_MAX)
            payload = as_int(payload, "TimerWheel.schedule: payload", 0, _UINT64_MAX)
        lock = self._lock
        lock.acquire()  # acquire/try/release: cheaper than `with lock:` per call
        try:
            status = _schedule(self._handle, _int64(deadline_ns), _uint64(payload), self._id_ref)
            if status:
                self._raise(status)
            return self._id.value
        finally:
            lock.release()

    def schedule_after(self, delay_ns: int, payload: int = 0) -> int:
        """Schedules a one-shot timer due ``delay_ns`` (0..:attr:`max_delay_ns`) after the wheel's
        time (the last advance's time, not the clock's); otherwise as :meth:`schedule`."""
        if delay_ns.__class__ is not int or payload.__class__ is not int or not (
            -0x8000000000000000 <= delay_ns <= 0x7FFFFFFFFFFFFFFF and 0 <= payload <= 0xFFFFFFFFFFFFFFFF
        ):
            delay_ns = as_int(delay_ns, "TimerWheel.schedule_after: delay_ns", INT64_MIN, INT64_MAX)
            payload = as_int(payload, "TimerWheel.schedule_after: payload", 0, _UINT64_MAX)
        if delay_ns < 0:
            # The library's message for a negative delay talks about the deadline's range.
            raise InvalidArgumentError(
                _INVALID_ARGUMENT, f"TimerWheel.schedule_after: delay_ns must be >= 0, got {delay_ns}"
            )
        lock = self._lock
        lock.acquire()
        try:
            status = _schedule_after(self._handle, _int64(delay_ns), _uint64(payload), self._id_ref)
            if status:
                self._raise(status)
            return self._id.value
        finally:
            lock.release()

    def schedule_periodic(self, first_deadline_ns: int, interval_ns: int, payload: int = 0) -> int:
        """Schedules a periodic timer first due at ``first_deadline_ns``, then every ``interval_ns``
        (1..:attr:`max_delay_ns`) on that grid (no drift); returns its id, which stays live until
        :meth:`cancel`. An advance that skipped periods delivers it once with ``expirations`` > 1.
        Failures as :meth:`schedule`, and InvalidArgumentError for an interval out of range."""
        first_deadline_ns = as_int(first_deadline_ns, "TimerWheel.schedule_periodic: first_deadline_ns", INT64_MIN, INT64_MAX)
        interval_ns = as_int(interval_ns, "TimerWheel.schedule_periodic: interval_ns", INT64_MIN, INT64_MAX)
        payload = as_int(payload, "TimerWheel.schedule_periodic: payload", 0, _UINT64_MAX)
        with self._lock:
            status = _schedule_periodic(
                self._handle, _int64(first_deadline_ns), _int64(interval_ns), _uint64(payload), self._id_ref
            )
            if status:
                self._raise(status)
            return self._id.value

    def cancel(self, timer_id: int) -> bool:
        """Cancels the live timer ``timer_id`` (also one due but not yet delivered): it never fires
        again. Returns True, or False (no exception) when it already fired (a one-shot), was
        cancelled or never existed: the usual outcome of a cancel racing its own expiry."""
        if timer_id.__class__ is not int or not 0 <= timer_id <= 0xFFFFFFFFFFFFFFFF:
            timer_id = self._id_or_none(timer_id, "cancel")
            if timer_id is None:
                return False
        lock = self._lock
        lock.acquire()
        try:
            status = _cancel(self._handle, _uint64(timer_id))
            if status == _OK:
                return True
            if status == _NOT_FOUND:
                return False
            self._raise(status)
        finally:
            lock.release()

    def is_active(self, timer_id: int) -> bool:
        """Whether ``timer_id`` names a live timer: scheduled and neither fired (one-shot) nor
        cancelled. A due timer not yet delivered is still live."""
        if timer_id.__class__ is not int or not 0 <= timer_id <= 0xFFFFFFFFFFFFFFFF:
            timer_id = self._id_or_none(timer_id, "is_active")
            if timer_id is None:
                return False
        lock = self._lock
        lock.acquire()
        try:
            status = _is_active(self._handle, _uint64(timer_id), self._flag_ref)
            if status:
                self._raise(status)
            return self._flag.value != 0
        finally:
            lock.release()

    def __contains__(self, timer_id: object) -> bool:
        """``timer_id in wheel``: :meth:`is_active`; False for anything that is not an int."""
        if timer_id.__class__ is not int and (isinstance(timer_id, bool) or not hasattr(timer_id, "__index__")):
            self._ensure_open()
            return False
        return self.is_active(timer_id)  # type: ignore[arg-type]

    def _id_or_none(self, timer_id: Any, what: str) -> Optional[int]:
        """``timer_id`` as an int that may name a timer, or None for an int outside uint64 (no
        timer has such an id); TypeError for anything but an integer (True is not an id)."""
        if isinstance(timer_id, bool):
            raise TypeError(f"TimerWheel.{what}: timer_id must be an integer id, got {timer_id!r}")
        try:
            number = operator.index(timer_id)
        except TypeError:
            raise TypeError(f"TimerWheel.{what}: timer_id must be an integer id, got {type(timer_id).__name__} {timer_id!r}") from None
        if 0 <= number <= _UINT64_MAX:
            return number
        self._ensure_open()
        return None

    def __len__(self) -> int:
        """Live timers (periodic ones included; due ones not yet delivered included)."""
        with self._lock:
            return self._read_stats().active

    def __bool__(self) -> bool:
        # A wheel object is always true; len(wheel) is its live timers (an empty wheel is still a wheel).
        return True

    def clear(self) -> None:
        """Cancels every timer (pending ones too); the wheel's time and its allocated nodes stay.
        Raises StateError from inside :meth:`advance_callback`'s function."""
        with self._lock:
            status = _lib.veloz_timer_wheel_clear(self._handle)
            if status:
                self._raise(status)

    # -- advance ----------------------------------------------------------------------------------

    def advance(self, now_ns: int) -> List[Expiry]:
        """Moves the wheel's time to ``now_ns`` and returns every timer due by then as a list of
        :class:`Expiry`, in deadline order (ties in scheduling order); [] when none. Raises
        InvalidArgumentError, the wheel unchanged, for a time before the wheel's (or above 2**62)."""
        if now_ns.__class__ is not int or not -0x8000000000000000 <= now_ns <= 0x7FFFFFFFFFFFFFFF:
            now_ns = as_int(now_ns, "TimerWheel.advance: now_ns", INT64_MIN, INT64_MAX)
        now = _int64(now_ns)
        lock = self._lock
        lock.acquire()
        try:
            handle = self._handle  # NULL once closed: the call then fails with "TimerWheel is closed"
            buffer = self._buffer
            count = self._count
            count_ref = self._count_ref
            status = _advance(handle, now, buffer, ADVANCE_BATCH, count_ref)
            if status:
                self._raise(status)
            written = count.value
            if written == 1:  # the common case of a steady clock: one struct, no list building
                identifier, payload, deadline, late, expirations, flags = _unpack_expiry_from(self._buffer_bytes)
                return [_tuple_new(Expiry, (identifier, payload, deadline, late, expirations, (flags & _PERIODIC) != 0))]
            if written == 0:
                return []
            data = self._buffer_bytes
            result = _expiries(data[: written * _EXPIRY_SIZE])
            # A full buffer: the rest stay pending in the library; the same time fetches them.
            while written == ADVANCE_BATCH:
                status = _advance(handle, now, buffer, ADVANCE_BATCH, count_ref)
                if status:
                    self._raise(status)
                written = count.value
                if written:
                    result += _expiries(data[: written * _EXPIRY_SIZE])
            return result
        finally:
            lock.release()

    def advance_into(self, now_ns: int, buffer: Any) -> int:
        """The library's ``veloz_timer_wheel_advance`` as it is, without allocating: moves the
        wheel's time to ``now_ns``, writes the due timers into ``buffer`` and returns how many
        (they land in ``buffer[:n]``). ``buffer`` is a writable C-contiguous NumPy array of
        :data:`TIMER_EXPIRY_DTYPE` (fields id, payload, deadline, late_ns, expirations, flags;
        ``flags & 1`` is periodic) or a ctypes array of ``veloz_timer_expiry``, reused across calls.
        When ``n == len(buffer)`` more may be due: call again with the same ``now_ns``."""
        if now_ns.__class__ is not int or not -0x8000000000000000 <= now_ns <= 0x7FFFFFFFFFFFFFFF:
            now_ns = as_int(now_ns, "TimerWheel.advance_into: now_ns", INT64_MIN, INT64_MAX)
        address, capacity = self._buffer_of(buffer)
        with self._lock:
            status = _advance(self._handle, _int64(now_ns), _void_p(address), min(capacity, INT32_MAX), self._count_ref)
            if status:
                self._raise(status)
            return self._count.value

    @staticmethod
    def _buffer_of(buffer: Any) -> Tuple[int, int]:
        if isinstance(buffer, ctypes.Array) and buffer._type_ is _capi.veloz_timer_expiry:
            return _addressof(buffer), len(buffer)
        if _numpy is not None and isinstance(buffer, _numpy.ndarray):
            if buffer.dtype != TIMER_EXPIRY_DTYPE or buffer.ndim != 1 or not buffer.flags.c_contiguous:
                raise TypeError(
                    "TimerWheel.advance_into: buffer must be a one-dimensional C-contiguous NumPy array of "
                    f"veloz.TIMER_EXPIRY_DTYPE, got dtype {buffer.dtype} shape {buffer.shape}"
                    + ("" if buffer.flags.c_contiguous else " (not contiguous)")
                )
            if not buffer.flags.writeable:
                raise TypeError("TimerWheel.advance_into: buffer must be writable")
            return buffer.ctypes.data, len(buffer)
        raise TypeError(
            "TimerWheel.advance_into: buffer must be a NumPy array of veloz.TIMER_EXPIRY_DTYPE or a ctypes array "
            f"of veloz_timer_expiry, got {type(buffer).__name__}"
        )

    def advance_callback(self, now_ns: int, function: Callable[[Expiry], Any]) -> int:
        """Moves the wheel's time to ``now_ns`` and calls ``function(expiry)`` for each due timer in
        deadline order, from inside the library call, on this thread; returns how many fired.

        ``function`` returns False to stop (anything else, None included, goes on): the timers due
        after that one stay pending for the next advance. It may schedule and cancel on this
        wheel; advancing or clearing it from there raises StateError (the library's), closing it
        StateError too. An exception raised by ``function`` stops the advance like False does
        (the timer it was called for counts as delivered) and is re-raised here once the library
        call has returned, with the wheel usable.
        """
        if not callable(function):
            raise TypeError(f"TimerWheel.advance_callback: function must be callable, got {type(function).__name__}")
        if now_ns.__class__ is not int or not -0x8000000000000000 <= now_ns <= 0x7FFFFFFFFFFFFFFF:
            now_ns = as_int(now_ns, "TimerWheel.advance_callback: now_ns", INT64_MIN, INT64_MAX)
        call = _Call(function)
        with _tokens_lock:
            token = next(_tokens)
        _calls[token] = call
        fired = ctypes.c_int32()  # not the scratch one: the function may use this wheel meanwhile
        try:
            with self._lock:
                self._depth += 1
                try:
                    status = _advance_callback(self._handle, _int64(now_ns), _TRAMPOLINE, _void_p(token), _byref(fired))
                finally:
                    self._depth -= 1
                if status:
                    if call.error is not None:
                        raise call.error
                    self._raise(status)
            error = call.error
            if error is not None:
                raise error
            return fired.value
        finally:
            del _calls[token]
            call.error = call.view = None  # no cycle through the traceback's frames

    @property
    def next_deadline(self) -> Optional[int]:
        """A time by which to advance next, or None when no timer is live: the earliest deadline, or
        earlier (the start of a higher level's slot, when advancing then only cascades), and never
        before the wheel's time (a timer scheduled in the past, or due timers still pending, give
        the wheel's time: advance now). Sleeping until it never misses a deadline."""
        with self._lock:
            status = _next_deadline(self._handle, self._time_ref)
            if status:
                self._raise(status)
            value = self._time.value
        return None if value == INT64_MAX else value

    # -- stats, close ----------------------------------------------------------------------------

    @property
    def stats(self) -> TimerWheelStats:
        """Sizes and counters in one call."""
        with self._lock:
            raw = self._read_stats()
        return TimerWheelStats(*(getattr(raw, name) for name in _STATS_FIELDS))

    def _read_stats(self) -> Any:
        raw = _capi.veloz_timer_wheel_stats()
        raw.struct_size = ctypes.sizeof(raw)
        status = _lib.veloz_timer_wheel_get_stats(self._handle, _byref(raw))
        if status:
            self._raise(status)
        return raw

    def close(self) -> None:
        """Destroys the wheel and every timer in it. Idempotent. Waits for a call another thread is
        making; raises StateError from inside :meth:`advance_callback`'s function (destroying the
        wheel there would pull the advance's memory from under it)."""
        if self._closed:
            return
        with self._lock:
            depth = self._depth
        # Checked under the lock: only the thread running the advance can get it meanwhile.
        if depth:
            raise StateError(
                _capi.VELOZ_E_STATE,
                "TimerWheel.close: the wheel cannot be closed from inside its advance_callback function",
            )
        super().close()

    def __repr__(self) -> str:
        if not hasattr(self, "_tick_ns"):
            return "<TimerWheel uninitialized>"
        if self._closed:
            return f"<TimerWheel {self._name!r} tick_ns={self._tick_ns} closed>"
        s = self.stats
        return f"<TimerWheel {self._name!r} tick_ns={self._tick_ns} levels={self._levels} now_ns={s.now_ns} active={s.active}>"
