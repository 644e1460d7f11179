"""Bounded lock-free queues of fixed-size records between threads: :class:`SpscQueue` (one
producer thread, one consumer thread) and :class:`MpmcQueue` (any number of each).

A queue holds ``capacity`` records (rounded up to a power of two) of ``record_size`` bytes, fixed
at creation (8 B .. 1 KiB). Records are copied in and out as bytes, so the other side may be
another Python thread, a Cython ``nogil`` loop, or C++ / C# code in the same process handed
:attr:`~SpscQueue.handle`: a C++ feed thread can push 64-byte book events (``veloz.EVENT_DTYPE``)
that a Python strategy pops.

Create a queue with a NumPy dtype (records are NumPy records, batches NumPy arrays of it) or with a
record size in bytes (records are ``bytes``; NumPy is then optional for single records)::

    q = veloz.SpscQueue(veloz.EVENT_DTYPE, capacity=4096)
    q.try_push(event)              # False when full, never raises for full
    q.try_pop()                    # a numpy.void record, None when empty
    q.push_batch(events)           # pushes what fits, one call: returns how many
    q.pop_batch(1024)              # up to 1024 records as an array, one call
    q.pop_wait(0.5)                # waits up to 0.5 s (the GIL is released while it waits)
    q.close()                      # the producer is done: the consumer drains, then stops
    for event in q: ...            # pops until closed and drained

Which record is accepted: a NumPy scalar, 0-d or one-element array whose dtype is the queue's; any
other object with the buffer protocol (``bytes``, ``bytearray``, ``memoryview``, a ctypes
structure) of exactly ``record_size`` bytes, taken as the record's raw bytes (a typed buffer, such
as ``array.array('d')``, must have the queue's dtype); for a dtype queue also a plain value NumPy
converts (``5`` for an ``int64`` queue, a tuple for a structured one). Batches follow the same rule
with any number of records: a NumPy array of the dtype (any shape; strided arrays are copied), or
raw bytes whose length is a multiple of ``record_size``. A NumPy array of another dtype raises
TypeError and a buffer of the wrong length InvalidArgumentError (a ValueError): bytes are never
silently cut or padded.

Full and empty are not errors: ``try_push``/``push_wait``/``push_batch`` return False/0 and
``try_pop``/``pop_wait`` return None (an empty array for ``pop_batch``). A closed queue is one:
pushing to it raises :class:`~veloz.StateError`, and so does popping once it is closed and every
record pushed before the close has been popped (iteration then simply ends).

Threads: the calls are lock-free in the library and ctypes releases the GIL during each, so the
producer and the consumer run at the same time; the Python object never serializes a push against
a pop. :class:`SpscQueue` has one lock per side, so that two Python threads that both push (or both
pop) take turns instead of corrupting the ring; the library's contract is still one producer and
one consumer, and Cython or C code given the handle is outside those locks. :class:`MpmcQueue` takes
no lock at all. Blocking waits (``push``, ``pop``, ``*_wait``, iteration) wait inside the library
with the GIL released; on the main thread a wait longer than 0.2 s is cut into 0.2 s slices so
that Ctrl-C is handled (each slice that times out counts once in ``stats.failed_pops`` /
``failed_pushes``).

Lifetime: :meth:`SpscQueue.close` closes the queue (the records in it stay, the handle stays valid).
:meth:`SpscQueue.destroy` frees it: it closes the queue first, so every blocked wait wakes, then for
an SPSC queue takes both side locks, so that no call of this object is in flight when the handle is
destroyed. The end of a ``with`` block and garbage collection destroy too. An MpmcQueue call in
flight during ``destroy`` is safe by the library's contract (``veloz_mpmc_destroy``: calls already
running finish safely, later ones get VELOZ_E_INVALID_HANDLE; handles are never reused), and raises
:class:`~veloz.InvalidHandleError` here.

Cost from Python: each single-record call is one ctypes call, about half a microsecond to a
microsecond; a batch call moves hundreds of records for about the same price. Move records in
batches, or from Cython (``from veloz cimport capi``: ``capi.veloz_spsc_push`` in a ``nogil`` loop).
"""

from __future__ import annotations

import ctypes
import math
import operator
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, NoReturn, Optional, Tuple, Union

from . import _capi
from ._buffer import BYTE_FORMATS, NotABufferError, RawBuffer
from ._handle import INT32_MAX, INT64_MAX, NativeHandle, as_int
from ._library import library, raw_function
from .book_types import _constants, _NamedEnum
from .book_types import np as _numpy
from .errors import InvalidArgumentError, InvalidHandleError, StateError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["SpscQueue", "MpmcQueue", "QueueStats", "WaitStrategy", "MIN_RECORD_SIZE", "MAX_RECORD_SIZE"]

_lib = library()

#: Smallest and largest record size a queue accepts, in bytes.
MIN_RECORD_SIZE = 8
MAX_RECORD_SIZE = 1024
_MAX_CAPACITY = 1 << 26

WaitStrategy = _NamedEnum("WaitStrategy", _constants("VELOZ_WAIT_STRATEGY_"), module=__name__)
WaitStrategy.__doc__ = (
    "How a queue's blocking calls wait (``veloz_wait_strategy``): ``SPIN_THEN_PARK`` (default: an idle "
    "waiter sleeps, costing no CPU), ``SPIN_THEN_YIELD`` (yields the CPU between checks) or ``BUSY_SPIN`` "
    "(one full core per waiter, the lowest latency). Non-blocking calls never wait."
)

_OK = _capi.VELOZ_OK
_FULL = _capi.VELOZ_E_FULL
_EMPTY = _capi.VELOZ_E_EMPTY
_STATE = _capi.VELOZ_E_STATE
_INVALID_HANDLE = _capi.VELOZ_E_INVALID_HANDLE
_void_p = ctypes.c_void_p
_int64 = ctypes.c_int64
_byref = ctypes.byref
_string_at = ctypes.string_at
_frombuffer = _numpy.frombuffer if _numpy is not None else None
_VOID: Any = _numpy.void if _numpy is not None else None
_NDARRAY: Any = _numpy.ndarray if _numpy is not None else None

#: On the main thread, waits longer than this are cut into slices of it, so that signals (Ctrl-C)
#: are handled between them; other threads wait in one call.
_WAIT_SLICE_NS = 200_000_000
_MAX_TIMEOUT_SECONDS = INT64_MAX / 1e9
_MAIN_THREAD = threading.main_thread()
_current_thread = threading.current_thread
_monotonic_ns = time.monotonic_ns

# No lock: the MPMC queue's calls are thread-safe (a nullcontext is reusable and stateless).
_NO_LOCK = nullcontext()


@dataclass(frozen=True)
class QueueStats:
    """Counters of a queue (``veloz_queue_stats``). Read while other threads push and pop, each
    field is a recent value, not a consistent snapshot."""

    #: Records the queue holds (the requested capacity rounded up to a power of two).
    capacity: int
    #: Bytes per record.
    record_size: int
    #: Whether the queue was closed.
    closed: bool
    #: Records in the queue now.
    size: int
    #: Records pushed since creation (a batch counts each record).
    pushes: int
    #: Records popped since creation.
    pops: int
    #: Push calls that pushed nothing because the queue was full (a wait counts once, when it times out).
    failed_pushes: int
    #: Pop calls that popped nothing because the queue was empty (a wait counts once, when it times out).
    failed_pops: int
    #: Most records seen in the queue at once (sampled: at most 63 below the true peak).
    high_water_mark: int


def _timeout_ns(timeout: Optional[float]) -> int:
    """Seconds (None or inf: no limit) as the library's timeout_ns (-1: no limit, 0: try once)."""
    if timeout is None:
        return -1
    if isinstance(timeout, (str, bytes, bool)):
        raise TypeError(f"timeout must be a number of seconds or None, got {type(timeout).__name__} {timeout!r}")
    try:
        seconds = float(timeout)
    except (TypeError, ValueError):
        raise TypeError(f"timeout must be a number of seconds or None, got {type(timeout).__name__} {timeout!r}") from None
    if not seconds >= 0.0:  # negative or NaN
        raise InvalidArgumentError(
            _capi.VELOZ_E_INVALID_ARGUMENT, f"timeout must be >= 0 seconds (or None for no limit), got {timeout!r}"
        )
    if seconds == math.inf:
        return -1
    if seconds >= _MAX_TIMEOUT_SECONDS:  # centuries: the library's int64 nanoseconds end there
        return INT64_MAX
    return int(seconds * 1e9)


def _record_layout(record: Any, owner: str) -> Tuple[int, Optional["np.dtype"]]:
    """(record size, dtype or None) of a queue created with ``record``: an int is a size in bytes,
    anything else goes through ``numpy.dtype``."""
    if record is None or isinstance(record, bool):
        raise TypeError(f"{owner}: record must be a NumPy dtype or a record size in bytes, got {record!r}")
    try:
        size = operator.index(record)
    except TypeError:
        pass
    else:
        if not MIN_RECORD_SIZE <= size <= MAX_RECORD_SIZE:
            raise InvalidArgumentError(
                _capi.VELOZ_E_INVALID_ARGUMENT,
                f"{owner}: record size must be {MIN_RECORD_SIZE}..{MAX_RECORD_SIZE} bytes, got {size}",
            )
        return size, None
    if _numpy is None:
        raise ImportError(f"{owner}: a queue of NumPy records needs numpy; give a record size in bytes instead")
    try:
        dtype = _numpy.dtype(record)
    except TypeError as e:
        raise TypeError(f"{owner}: record must be a NumPy dtype or a record size in bytes, got {record!r} ({e})") from None
    if dtype.hasobject:
        raise TypeError(
            f"{owner}: dtype {dtype} holds Python objects; a queue copies raw bytes, so only plain data can cross"
        )
    if not MIN_RECORD_SIZE <= dtype.itemsize <= MAX_RECORD_SIZE:
        raise InvalidArgumentError(
            _capi.VELOZ_E_INVALID_ARGUMENT,
            f"{owner}: record size must be {MIN_RECORD_SIZE}..{MAX_RECORD_SIZE} bytes, "
            f"got dtype {dtype} of {dtype.itemsize} bytes",
        )
    return dtype.itemsize, dtype


class _Functions:
    """The library functions of one queue kind (``veloz_spsc_`` or ``veloz_mpmc_``).

    The per-record and batch functions are taken without argtypes and called with a c_void_p
    handle, bytes / ctypes arrays / c_void_p addresses, Python ints (counts, int32) and c_int64
    timeouts, which ctypes passes as they are (the argtypes conversion costs as much again)."""

    def __init__(self, prefix: str) -> None:
        def raw(name: str) -> Any:
            return raw_function(prefix + name)

        self.create = getattr(_lib, prefix + "create")
        self.destroy = getattr(_lib, prefix + "destroy")
        self.close = getattr(_lib, prefix + "close")
        self.size = getattr(_lib, prefix + "size")
        self.get_stats = getattr(_lib, prefix + "get_stats")
        self.push = raw("push")
        self.pop = raw("pop")
        self.push_batch = raw("push_batch")
        self.pop_batch = raw("pop_batch")
        self.push_wait = raw("push_wait")
        self.pop_wait = raw("pop_wait")
        self.peek = raw("peek") if hasattr(_lib, prefix + "peek") else None


_SPSC = _Functions("veloz_spsc_")
_MPMC = _Functions("veloz_mpmc_")


class _RecordQueue(NativeHandle):
    """What SpscQueue and MpmcQueue share. The hot single-record methods are written out in each
    class (a lock in one, none in the other) so that neither pays for the other's choice."""

    _functions: _Functions
    _config_type: Any
    _dtype: Optional["np.dtype"] = None
    _record_size: int = 0
    _destroying: bool = False

    def __init__(
        self,
        record: Union[int, "np.dtype", str, type],
        capacity: int = 1024,
        *,
        wait_strategy: Union[str, int, "WaitStrategy"] = "spin_then_park",
    ) -> None:
        name = type(self).__name__
        size, dtype = _record_layout(record, name)
        capacity = as_int(capacity, f"{name}: capacity", -(1 << 31), INT32_MAX)
        if not 1 <= capacity <= _MAX_CAPACITY:
            # 0 would silently mean the library's default (1,024): an explicit 0 is a mistake.
            raise InvalidArgumentError(
                _capi.VELOZ_E_INVALID_ARGUMENT, f"{name}: capacity must be 1..{_MAX_CAPACITY}, got {capacity}"
            )
        strategy = WaitStrategy.coerce(wait_strategy, f"{name}: wait_strategy")
        functions = self._functions
        config = self._config_type()
        config.struct_size = ctypes.sizeof(config)
        config.capacity = capacity
        config.record_size = size
        config.wait_strategy = int(strategy)
        handle = ctypes.c_void_p()
        status = functions.create(_byref(config), _byref(handle))
        if status:
            self._raise(status)
        self._record_size = size
        self._dtype = dtype
        self._wait_strategy = strategy
        # One record's memory; pop() makes a fresh one per record (it becomes the returned record).
        self._buffer_type = ctypes.c_char * size
        # Bound functions on the instance: saves lookups on the per-record path.
        self._push_fn = functions.push
        self._pop_fn = functions.pop
        self._push_batch_fn = functions.push_batch
        self._pop_batch_fn = functions.pop_batch
        self._push_wait_fn = functions.push_wait
        self._pop_wait_fn = functions.pop_wait
        self._close_fn = functions.close
        # A queue is driven by two threads at once by design: its functions check no owner thread,
        # and sharing would promise the library that calls never overlap.
        self._adopt(handle, functions.destroy, share=False)
        self._capacity = self._read_stats().capacity

    # -- configuration --------------------------------------------------------------------------

    @property
    def capacity(self) -> int:
        """Records the queue holds (the requested capacity rounded up to a power of two)."""
        return self._capacity

    @property
    def record_size(self) -> int:
        """Bytes per record."""
        return self._record_size

    @property
    def dtype(self) -> Optional["np.dtype"]:
        """The records' NumPy dtype, or None for a queue created with a record size (records are bytes)."""
        return self._dtype

    @property
    def wait_strategy(self) -> "WaitStrategy":
        """How blocking calls wait."""
        return self._wait_strategy

    # -- records in and out ---------------------------------------------------------------------

    def _record_bytes(self, record: Any) -> Any:
        """One record as an object ctypes passes as a pointer to record_size bytes (bytes, mostly)."""
        cls = record.__class__
        dtype = self._dtype
        if (
            (cls is _VOID or cls is _NDARRAY)
            and dtype is not None
            and record.dtype == dtype
            and record.nbytes == self._record_size
        ):
            return record.tobytes()  # the common NumPy case first: a record (or one-record array) of the dtype
        return self._record_bytes_checked(record)

    def _record_bytes_checked(self, record: Any) -> Any:
        size = self._record_size
        dtype = self._dtype
        name = type(self).__name__
        if record.__class__ is bytes:
            if len(record) == size:
                return record
            raise InvalidArgumentError(
                _capi.VELOZ_E_INVALID_ARGUMENT, f"{name}: a record is {size} bytes, got bytes of length {len(record)}"
            )
        numpy = _numpy
        if numpy is not None and isinstance(record, (numpy.ndarray, numpy.generic)):
            if dtype is not None and record.dtype != dtype:
                raise TypeError(
                    f"{name}: expected a record of dtype {dtype}, got dtype {record.dtype}; records are never converted "
                    f"between dtypes (numpy.asarray(x, dtype=q.dtype) converts values, x.view(q.dtype) reinterprets bytes)"
                )
            if record.nbytes != size:
                raise InvalidArgumentError(
                    _capi.VELOZ_E_INVALID_ARGUMENT,
                    f"{name}: expected one record of {size} bytes, got {record.size} item(s) of {record.itemsize} bytes "
                    f"(use push_batch for several records)",
                )
            return record.tobytes()
        try:
            view = memoryview(record)
        except TypeError:
            if dtype is None or numpy is None:
                raise TypeError(
                    f"{name}: expected a bytes-like record of {size} bytes, got {type(record).__name__}"
                ) from None
            try:
                array = numpy.array(record, dtype=dtype)
            except (TypeError, ValueError) as e:
                raise TypeError(f"{name}: cannot make a record of dtype {dtype} from {record!r}: {e}") from None
            if array.ndim != 0:
                raise TypeError(f"{name}: expected one record, got {array.size} values (use push_batch for several)")
            return array.tobytes()
        if view.nbytes != size:
            raise InvalidArgumentError(
                _capi.VELOZ_E_INVALID_ARGUMENT,
                f"{name}: a record is {size} bytes, got a {type(record).__name__} of {view.nbytes} bytes",
            )
        if dtype is not None and numpy is not None and view.format not in BYTE_FORMATS:
            typed = numpy.asarray(view)
            if typed.dtype != dtype:
                raise TypeError(f"{name}: expected a record of dtype {dtype}, got a buffer of format {view.format!r}")
        return view.tobytes()

    def _record_from(self, buffer: Any) -> Any:
        if self._dtype is None:
            return buffer.raw
        return _frombuffer(buffer, self._dtype)[0]

    def _source(self, records: Any, writable: bool, what: str) -> Tuple[Any, Any, int, int]:
        """``records`` as memory the library reads (or, ``writable``, writes) records at:
        (object to keep alive, RawBuffer to release or None, address, record count)."""
        size = self._record_size
        dtype = self._dtype
        name = type(self).__name__
        numpy = _numpy
        holder: Any = None
        if numpy is None or not isinstance(records, numpy.ndarray):
            holder = RawBuffer(records)
            try:
                holder.__enter__()
            except NotABufferError:
                if writable or dtype is None or numpy is None:
                    raise TypeError(
                        f"{name}.{what}: expected a NumPy array{'' if dtype is None else f' of dtype {dtype}'} or a "
                        f"bytes-like object, got {type(records).__name__}"
                    ) from None
                holder = None
                records = self._as_array(records, name, what)
            else:
                if dtype is not None and numpy is not None and holder.format not in BYTE_FORMATS:
                    # A typed buffer (a ctypes array of structs, array.array): its type must be the dtype.
                    holder.__exit__(None, None, None)
                    holder = None
                    records = numpy.asarray(records)
                else:
                    if writable and holder.readonly:
                        holder.__exit__(None, None, None)
                        raise TypeError(f"{name}.{what}: the buffer is read-only")
                    if holder.nbytes % size:
                        holder.__exit__(None, None, None)
                        raise InvalidArgumentError(
                            _capi.VELOZ_E_INVALID_ARGUMENT,
                            f"{name}.{what}: records are {size} bytes each, got a buffer of {holder.nbytes} bytes "
                            f"(not a multiple of {size})",
                        )
                    return records, holder, holder.address, holder.nbytes // size
        array = records
        if dtype is not None and array.dtype != dtype:
            raise TypeError(
                f"{name}.{what}: expected an array of dtype {dtype}, got dtype {array.dtype}; records are never "
                f"converted between dtypes (numpy.asarray(x, dtype=q.dtype) converts values, x.view(q.dtype) "
                f"reinterprets bytes)"
            )
        if not array.flags.c_contiguous:
            if writable:
                raise TypeError(f"{name}.{what}: the output array must be C-contiguous")
            # Copied as whole records of bytes: NumPy copies a structured dtype field by field, far slower.
            array = numpy.ascontiguousarray(array.view(numpy.dtype((numpy.void, array.itemsize)))).view(array.dtype)
        if writable and not array.flags.writeable:
            raise TypeError(f"{name}.{what}: the output array is read-only")
        nbytes = array.nbytes
        if nbytes % size:
            raise InvalidArgumentError(
                _capi.VELOZ_E_INVALID_ARGUMENT,
                f"{name}.{what}: records are {size} bytes each, got an array of {nbytes} bytes (not a multiple of {size})",
            )
        return array, None, array.ctypes.data if nbytes else 0, nbytes // size

    def _as_array(self, records: Any, name: str, what: str) -> Any:
        # A list of records or values for a dtype queue: NumPy builds the array.
        try:
            return _numpy.asarray(records, dtype=self._dtype)
        except (TypeError, ValueError) as e:
            raise TypeError(
                f"{name}.{what}: cannot make records of dtype {self._dtype} from {type(records).__name__}: {e}"
            ) from None

    # -- waits ----------------------------------------------------------------------------------

    def _wait(self, function: Any, record: Any, timeout_ns: int, timed_out: int) -> int:
        """Calls ``function(handle, record, timeout)`` (push_wait or pop_wait) and returns its status.
        On the main thread a long or unlimited wait is a loop of slices, so signals are handled."""
        if (timeout_ns < 0 or timeout_ns > _WAIT_SLICE_NS) and _current_thread() is _MAIN_THREAD:
            deadline = None if timeout_ns < 0 else _monotonic_ns() + timeout_ns
            while True:
                step = _WAIT_SLICE_NS if deadline is None else max(0, min(_WAIT_SLICE_NS, deadline - _monotonic_ns()))
                status = function(self._handle, record, _int64(step))
                if status != timed_out or (deadline is not None and _monotonic_ns() >= deadline):
                    return status
        return function(self._handle, record, _int64(timeout_ns))

    def _push_records(self, address: int, count: int, timeout_ns: int, pushed: Any) -> int:
        """Holding the producer side: pushes what fits of ``count`` records at ``address`` in one
        call; when none fit and a timeout is given, waits for room with the first record, then
        pushes what fits of the rest. Returns how many were pushed."""
        ref = _byref(pushed)
        status = self._push_batch_fn(self._handle, _void_p(address), min(count, INT32_MAX), ref)
        if status == _OK:
            return pushed.value
        if status != _FULL:
            self._raise(status)
        if timeout_ns == 0 or count == 0:
            return 0
        status = self._wait(self._push_wait_fn, _void_p(address), timeout_ns, _FULL)
        if status == _FULL:
            return 0
        if status:
            self._raise(status)
        if count == 1:
            return 1
        status = self._push_batch_fn(self._handle, _void_p(address + self._record_size), min(count - 1, INT32_MAX), ref)
        # Full again or closed meanwhile: one was pushed; the next call reports the state.
        return 1 + pushed.value if status == _OK else 1

    def _pop_records(self, address: int, capacity: int, timeout_ns: int, popped: Any) -> int:
        """Holding the consumer side: pops up to ``capacity`` records into ``address`` in one call;
        when there is none and a timeout is given, waits for one, then pops what is there of the
        rest. Returns how many were popped; raises StateError once closed and drained."""
        ref = _byref(popped)
        status = self._pop_batch_fn(self._handle, _void_p(address), min(capacity, INT32_MAX), ref)
        if status == _OK:
            return popped.value
        if status != _EMPTY:
            self._raise(status)
        if timeout_ns == 0 or capacity == 0:
            return 0
        status = self._wait(self._pop_wait_fn, _void_p(address), timeout_ns, _EMPTY)
        if status == _EMPTY:
            return 0
        if status:
            self._raise(status)
        if capacity == 1:
            return 1
        status = self._pop_batch_fn(self._handle, _void_p(address + self._record_size), min(capacity - 1, INT32_MAX), ref)
        return 1 + popped.value if status == _OK else 1

    # -- batches --------------------------------------------------------------------------------

    def _producer_side(self) -> Any:
        raise NotImplementedError

    def _consumer_side(self) -> Any:
        raise NotImplementedError

    def push_batch(self, records: Any, timeout: Optional[float] = 0.0) -> int:
        """Pushes as many of ``records`` as fit, in order, with one library call; returns how many
        (0 when the queue is full: never raises for full). A batch larger than the free room pushes
        what fits: push the rest later (``records[n:]``) or use :meth:`push_all`.

        ``records``: a NumPy array of the queue's dtype (any shape), or raw bytes whose length is a
        multiple of ``record_size`` (see the module's rules). ``timeout`` (seconds, None: no limit):
        when nothing fits, wait up to that long for room (then it is one wait and one more batch
        call); the default 0 never waits. Raises StateError when the queue is closed.
        """
        timeout_ns = _timeout_ns(timeout)
        keep, holder, address, count = self._source(records, False, "push_batch")
        try:
            with self._producer_side():
                return self._push_records(address, count, timeout_ns, self._push_count())
        finally:
            if holder is not None:
                holder.__exit__(None, None, None)
            del keep

    def push_all(self, records: Any, timeout: Optional[float] = None) -> int:
        """Pushes every record of ``records`` in order, in batch calls, waiting for room whenever the
        queue is full, for up to ``timeout`` seconds in all (None: no limit). Returns how many were
        pushed: all of them, or fewer when the timeout passed. Raises StateError when the queue is
        (or becomes) closed; the records pushed before stay in it."""
        timeout_ns = _timeout_ns(timeout)
        deadline = None if timeout_ns < 0 else _monotonic_ns() + timeout_ns
        keep, holder, address, count = self._source(records, False, "push_all")
        size = self._record_size
        position = 0
        try:
            with self._producer_side():
                pushed = self._push_count()
                while position < count:
                    remaining = -1 if deadline is None else max(0, deadline - _monotonic_ns())
                    done = self._push_records(address + position * size, count - position, remaining, pushed)
                    position += done
                    if done == 0 and remaining == 0:
                        break
            return position
        finally:
            if holder is not None:
                holder.__exit__(None, None, None)
            del keep

    def pop_batch(self, max_count: Optional[int] = None, timeout: Optional[float] = 0.0) -> Any:
        """Pops up to ``max_count`` records (default: the capacity), oldest first, with one library
        call: a NumPy array of the dtype (``bytes`` of ``n * record_size`` for a queue made with a
        size), empty when the queue is empty (never raises for empty). ``timeout`` (seconds, None:
        no limit): when the queue is empty, wait up to that long for a record; the default 0 never
        waits. Raises StateError once the queue is closed and drained. :meth:`pop_batch_into`
        writes into an array of yours instead (no allocation)."""
        name = type(self).__name__
        limit = self._capacity if max_count is None else as_int(max_count, f"{name}.pop_batch: max_count", 0, INT32_MAX)
        limit = min(limit, self._capacity)  # the queue never holds more
        timeout_ns = _timeout_ns(timeout)
        size = self._record_size
        if self._dtype is None:
            buffer: Any = (ctypes.c_char * max(limit * size, 1))()
            address = ctypes.addressof(buffer)
        else:
            buffer = _numpy.empty(limit, dtype=self._dtype)
            address = buffer.ctypes.data if limit else 0
        with self._consumer_side():
            popped = self._pop_records(address, limit, timeout_ns, self._pop_count())
        if self._dtype is None:
            return _string_at(address, popped * size) if popped else b""
        if popped == limit:
            return buffer
        # A small take from a large buffer: copy it, so the large buffer is freed now.
        return buffer[:popped].copy() if popped < limit // 2 else buffer[:popped]

    def pop_batch_into(self, out: Any, timeout: Optional[float] = 0.0) -> int:
        """Pops up to ``len(out)`` records into ``out`` with one library call and returns how many
        (0 when empty): ``out`` is a writable C-contiguous NumPy array of the dtype, or a writable
        bytes-like buffer (``bytearray``, ``memoryview``) whose length is a multiple of
        ``record_size``. The records land in ``out[:n]``. ``timeout`` as :meth:`pop_batch`."""
        timeout_ns = _timeout_ns(timeout)
        keep, holder, address, capacity = self._source(out, True, "pop_batch_into")
        try:
            with self._consumer_side():
                return self._pop_records(address, capacity, timeout_ns, self._pop_count())
        finally:
            if holder is not None:
                holder.__exit__(None, None, None)
            del keep

    def _push_count(self) -> Any:
        return ctypes.c_int32()

    def _pop_count(self) -> Any:
        return ctypes.c_int32()

    # -- iteration ------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Any]:
        """Pops records one by one, waiting for each (the GIL released), until the queue is closed
        and drained. Several consumers may iterate one MpmcQueue; each record goes to one of them."""
        pop = self.pop
        while True:
            try:
                record = pop()
            except StateError:  # closed and drained (a destroyed queue raises InvalidHandleError)
                return
            yield record

    def batches(self, max_count: Optional[int] = None) -> Iterator[Any]:
        """Pops batches of up to ``max_count`` records (:meth:`pop_batch`), waiting for each, until the
        queue is closed and drained; every batch yielded holds at least one record."""
        pop_batch = self.pop_batch
        while True:
            try:
                batch = pop_batch(max_count, None)
            except StateError:
                return
            if len(batch):
                yield batch

    # -- state ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the queue: later pushes raise StateError; pops return the records left, then raise
        StateError (iteration ends); every thread blocked in a wait wakes. Any thread may call it;
        closing twice is a no-op, and so is closing a destroyed queue. The queue stays usable for
        draining until :meth:`destroy`."""
        if self._closed:
            return
        status = self._close_fn(self._handle)
        if status and not self._closed:
            self._raise(status)

    @property
    def closed(self) -> bool:
        """True once the queue was closed (by any thread, or by code in another language holding the
        handle) or destroyed."""
        if self._closed:
            return True
        try:
            return self._read_stats().closed != 0
        except InvalidHandleError:
            return True

    @property
    def destroyed(self) -> bool:
        """True once :meth:`destroy` ran (the handle is gone)."""
        return self._closed

    def destroy(self) -> None:
        """Frees the queue and the records still in it. Idempotent. Closes it first, so every thread
        blocked in a wait wakes (with StateError); then waits for calls in flight on this object's
        locked sides. A ``with`` block's end and garbage collection call it."""
        if self._closed:
            return
        with self._lock:
            if self._closed:
                return
            handle = self._handle
            # From here a call that fails reports "destroyed", even the waits that the close wakes.
            self._destroying = True
            self._close_fn(handle)  # wakes every waiter
            with self._producer_side(), self._consumer_side():
                self._closed = True
                # Later calls pass NULL, which the library rejects with VELOZ_E_INVALID_HANDLE.
                self._handle = ctypes.c_void_p()
                if self._destroy is not None:
                    self._destroy(handle)

    def __exit__(self, *exc_info: object) -> None:
        self.destroy()

    def __del__(self) -> None:
        try:
            self.destroy()
        except Exception:  # noqa: BLE001 - nothing useful can be done during collection
            pass

    def __len__(self) -> int:
        """Records in the queue now (an estimate while other threads push and pop)."""
        out = ctypes.c_int64()
        status = self._functions.size(self._handle, _byref(out))
        if status:
            self._raise(status)
        return out.value

    def __bool__(self) -> bool:
        # A queue object is always true; len(q) is its size (an empty queue is still a queue).
        return True

    @property
    def stats(self) -> QueueStats:
        """Capacity, record size, closed flag, size and counters, in one call (lock-free)."""
        raw = self._read_stats()
        return QueueStats(
            capacity=raw.capacity,
            record_size=raw.record_size,
            closed=bool(raw.closed),
            size=raw.size,
            pushes=raw.pushes,
            pops=raw.pops,
            failed_pushes=raw.failed_pushes,
            failed_pops=raw.failed_pops,
            high_water_mark=raw.high_water_mark,
        )

    def _read_stats(self) -> Any:
        raw = _capi.veloz_queue_stats()
        raw.struct_size = ctypes.sizeof(raw)
        status = self._functions.get_stats(self._handle, _byref(raw))
        if status:
            self._raise(status)
        return raw

    # -- plumbing -------------------------------------------------------------------------------

    def _raise(self, status: int, *others: NativeHandle) -> NoReturn:
        # A call in flight when another thread destroyed the queue sees INVALID_HANDLE, or STATE
        # from the close that destroy does first: both mean "destroyed" here.
        if (self._closed or self._destroying) and status in (_INVALID_HANDLE, _STATE):
            raise self._closed_error()
        super()._raise(status, *others)

    def _closed_error(self) -> InvalidHandleError:
        return InvalidHandleError(
            _capi.VELOZ_E_INVALID_HANDLE,
            f"{type(self).__name__} was destroyed (destroy(), the end of its with block, or garbage collection); "
            f"it cannot be used any more",
        )

    def __repr__(self) -> str:
        kind = type(self).__name__
        if not hasattr(self, "_capacity"):
            return f"<{kind} uninitialized>"
        dtype = self._dtype
        if dtype is None:
            record = f"record_size={self._record_size}"
        elif dtype.names:
            fields = ", ".join(dtype.names[:3]) + (", ..." if len(dtype.names) > 3 else "")
            record = f"dtype=<{len(dtype.names)} fields: {fields}> record_size={self._record_size}"
        else:
            record = f"dtype={dtype}"
        if self._closed:
            return f"<{kind} {record} capacity={self._capacity} destroyed>"
        stats = self._read_stats()
        state = " closed" if stats.closed else ""
        counts = f"size={stats.size} pushes={stats.pushes} pops={stats.pops}"
        return f"<{kind} {record} capacity={self._capacity} {counts}{state}>"



class SpscQueue(_RecordQueue):
    """A bounded lock-free queue between one producer thread and one consumer thread.

    Args:
        record: a NumPy dtype (``veloz.EVENT_DTYPE``, ``numpy.int64``, ``[("seq", "<i8"), ...]``;
            records are NumPy records) or a record size in bytes (records are ``bytes``), 8..1024.
        capacity: records it holds, 1..2**26, rounded up to a power of two.
        wait_strategy: how blocking calls wait: ``"spin_then_park"`` (default), ``"spin_then_yield"``
            or ``"busy_spin"`` (a :class:`WaitStrategy`).

    The push methods (``push``, ``try_push``, ``push_wait``, ``push_batch``, ``push_all``) are the
    producer side, the pop methods (``pop``, ``try_pop``, ``pop_wait``, ``peek``, ``pop_batch``,
    ``pop_batch_into``, iteration) the consumer side. Each side has its own lock, so a push never
    waits for a pop; use one thread per side (two pushing threads take turns through the lock).
    ``close``, ``len``, ``stats`` and ``closed`` are lock-free, from any thread.

    >>> q = veloz.SpscQueue(numpy.dtype([("seq", "<i8"), ("price", "<i8")]), capacity=1024)
    >>> producer = threading.Thread(target=lambda: (q.push_all(records), q.close()))
    >>> producer.start()
    >>> for batch in q.batches(256):
    ...     handle(batch)          # arrays of up to 256 records, until closed and drained
    >>> producer.join(); q.destroy()
    """

    _functions = _SPSC
    _config_type = _capi.veloz_spsc_config

    def __init__(
        self,
        record: Union[int, "np.dtype", str, type],
        capacity: int = 1024,
        *,
        wait_strategy: Union[str, int, "WaitStrategy"] = "spin_then_park",
    ) -> None:
        # Made before the handle: destroy() takes both, and __del__ may run on a half-made object.
        self._producer_lock = threading.Lock()
        self._consumer_lock = threading.Lock()
        # Batch out-counters reused under their side's lock.
        self._pushed = ctypes.c_int32()
        self._popped = ctypes.c_int32()
        super().__init__(record, capacity, wait_strategy=wait_strategy)
        self._peek_fn = _SPSC.peek

    def _producer_side(self) -> Any:
        return self._producer_lock

    def _consumer_side(self) -> Any:
        return self._consumer_lock

    def _push_count(self) -> Any:
        return self._pushed

    def _pop_count(self) -> Any:
        return self._popped

    # -- producer side --------------------------------------------------------------------------

    def try_push(self, record: Any) -> bool:
        """Pushes one record if there is room: True, else False (never raises for full, never
        blocks). Raises StateError when the queue is closed."""
        if record.__class__ is not bytes or len(record) != self._record_size:
            record = self._record_bytes(record)
        lock = self._producer_lock
        lock.acquire()  # acquire/try/release: ~100 ns cheaper than `with lock:` per call
        try:
            status = self._push_fn(self._handle, record)
        finally:
            lock.release()
        if status == 0:
            return True
        if status == _FULL:
            return False
        self._raise(status)

    def push(self, record: Any) -> None:
        """Pushes one record, waiting (the GIL released) for room as long as it takes. Raises
        StateError when the queue is (or becomes) closed."""
        if record.__class__ is not bytes or len(record) != self._record_size:
            record = self._record_bytes(record)
        lock = self._producer_lock
        lock.acquire()
        try:
            status = self._push_fn(self._handle, record)
            if status == _FULL:
                status = self._wait(self._push_wait_fn, record, -1, _FULL)
        finally:
            lock.release()
        if status:
            self._raise(status)

    def push_wait(self, record: Any, timeout: Optional[float] = None) -> bool:
        """Pushes one record, waiting up to ``timeout`` seconds (None: no limit) for room: True once
        pushed, False when the timeout passed. Raises StateError when the queue is (or becomes) closed."""
        if record.__class__ is not bytes or len(record) != self._record_size:
            record = self._record_bytes(record)
        timeout_ns = _timeout_ns(timeout)
        lock = self._producer_lock
        lock.acquire()
        try:
            status = self._wait(self._push_wait_fn, record, timeout_ns, _FULL)
        finally:
            lock.release()
        if status == 0:
            return True
        if status == _FULL:
            return False
        self._raise(status)

    # -- consumer side --------------------------------------------------------------------------

    def try_pop(self) -> Any:
        """The oldest record, or None when the queue is empty (never raises for empty, never blocks).
        Raises StateError once the queue is closed and drained."""
        buffer = self._buffer_type()
        lock = self._consumer_lock
        lock.acquire()
        try:
            status = self._pop_fn(self._handle, buffer)
        finally:
            lock.release()
        if status == 0:
            return buffer.raw if self._dtype is None else _frombuffer(buffer, self._dtype)[0]
        if status == _EMPTY:
            return None
        self._raise(status)

    def pop(self) -> Any:
        """The oldest record, waiting (the GIL released) for one as long as it takes. Raises
        StateError once the queue is closed and drained."""
        buffer = self._buffer_type()
        lock = self._consumer_lock
        lock.acquire()
        try:
            status = self._pop_fn(self._handle, buffer)
            if status == _EMPTY:
                status = self._wait(self._pop_wait_fn, buffer, -1, _EMPTY)
        finally:
            lock.release()
        if status:
            self._raise(status)
        return buffer.raw if self._dtype is None else _frombuffer(buffer, self._dtype)[0]

    def pop_wait(self, timeout: Optional[float] = None) -> Any:
        """The oldest record, waiting up to ``timeout`` seconds (None: no limit) for one; None when
        the timeout passed. Raises StateError once the queue is closed and drained."""
        timeout_ns = _timeout_ns(timeout)
        buffer = self._buffer_type()
        lock = self._consumer_lock
        lock.acquire()
        try:
            status = self._wait(self._pop_wait_fn, buffer, timeout_ns, _EMPTY)
        finally:
            lock.release()
        if status == 0:
            return self._record_from(buffer)
        if status == _EMPTY:
            return None
        self._raise(status)

    def peek(self) -> Any:
        """A copy of the oldest record without popping it, or None when empty (consumer side)."""
        buffer = self._buffer_type()
        lock = self._consumer_lock
        lock.acquire()
        try:
            status = self._peek_fn(self._handle, buffer)
        finally:
            lock.release()
        if status == 0:
            return self._record_from(buffer)
        if status == _EMPTY:
            return None
        self._raise(status)


class MpmcQueue(_RecordQueue):
    """A bounded lock-free queue for any number of producer and consumer threads (Vyukov's
    per-slot sequence ring). Same methods as :class:`SpscQueue` (without ``peek``), all callable
    from any thread at any time: the object takes no lock. Records of one producer are popped in
    the order that producer pushed them.

    Args:
        record: a NumPy dtype or a record size in bytes (8..1024), as for :class:`SpscQueue`.
        capacity: records it holds, 2..2**26, rounded up to a power of two (at least 2).
        wait_strategy: ``"spin_then_park"`` (default), ``"spin_then_yield"`` or ``"busy_spin"``.
    """

    _functions = _MPMC
    _config_type = _capi.veloz_mpmc_config

    def _producer_side(self) -> Any:
        return _NO_LOCK

    def _consumer_side(self) -> Any:
        return _NO_LOCK

    def try_push(self, record: Any) -> bool:
        """Pushes one record if there is room: True, else False (never raises for full, never
        blocks). Raises StateError when the queue is closed."""
        if record.__class__ is not bytes or len(record) != self._record_size:
            record = self._record_bytes(record)
        status = self._push_fn(self._handle, record)
        if status == 0:
            return True
        if status == _FULL:
            return False
        self._raise(status)

    def push(self, record: Any) -> None:
        """Pushes one record, waiting (the GIL released) for room as long as it takes. Raises
        StateError when the queue is (or becomes) closed."""
        if record.__class__ is not bytes or len(record) != self._record_size:
            record = self._record_bytes(record)
        status = self._push_fn(self._handle, record)
        if status == _FULL:
            status = self._wait(self._push_wait_fn, record, -1, _FULL)
        if status:
            self._raise(status)

    def push_wait(self, record: Any, timeout: Optional[float] = None) -> bool:
        """Pushes one record, waiting up to ``timeout`` seconds (None: no limit) for room: True once
        pushed, False when the timeout passed. Raises StateError when the queue is (or becomes) closed."""
        if record.__class__ is not bytes or len(record) != self._record_size:
            record = self._record_bytes(record)
        status = self._wait(self._push_wait_fn, record, _timeout_ns(timeout), _FULL)
        if status == 0:
            return True
        if status == _FULL:
            return False
        self._raise(status)

    def try_pop(self) -> Any:
        """The oldest record, or None when the queue is empty (never raises for empty, never blocks).
        Raises StateError once the queue is closed and drained."""
        buffer = self._buffer_type()
        status = self._pop_fn(self._handle, buffer)
        if status == 0:
            return buffer.raw if self._dtype is None else _frombuffer(buffer, self._dtype)[0]
        if status == _EMPTY:
            return None
        self._raise(status)

    def pop(self) -> Any:
        """The oldest record, waiting (the GIL released) for one as long as it takes. Raises
        StateError once the queue is closed and drained."""
        buffer = self._buffer_type()
        status = self._pop_fn(self._handle, buffer)
        if status == _EMPTY:
            status = self._wait(self._pop_wait_fn, buffer, -1, _EMPTY)
        if status:
            self._raise(status)
        return buffer.raw if self._dtype is None else _frombuffer(buffer, self._dtype)[0]

    def pop_wait(self, timeout: Optional[float] = None) -> Any:
        """The oldest record, waiting up to ``timeout`` seconds (None: no limit) for one; None when
        the timeout passed. Raises StateError once the queue is closed and drained."""
        buffer = self._buffer_type()
        status = self._wait(self._pop_wait_fn, buffer, _timeout_ns(timeout), _EMPTY)
        if status == 0:
            return self._record_from(buffer)
        if status == _EMPTY:
            return None
        self._raise(status)
