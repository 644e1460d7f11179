"""The base of every Python object that owns a VeloZ handle: close(), context manager, __del__,
and the object's lock (see "Threads" in :class:`NativeHandle`)."""

from __future__ import annotations

import contextlib
import ctypes
import operator
import threading
from typing import Any, Callable, Iterator, NoReturn, Optional, TypeVar

from . import _capi
from ._library import library
from ._status import raise_for_status
from .errors import InvalidArgumentError, InvalidHandleError

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
INT32_MAX = (1 << 31) - 1

_Self = TypeVar("_Self", bound="NativeHandle")


def as_int(value: Any, what: str, low: int, high: int) -> int:
    """``value`` as a Python int in ``[low, high]``.

    ctypes silently wraps integers that do not fit the C type (2**64 + 5 would arrive as 5), so
    every integer that crosses the ABI is range-checked first. Accepts anything with ``__index__``
    (NumPy integers included); floats and strings raise TypeError.
    """
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an integer, got {type(value).__name__} {value!r}") from None
    if not low <= number <= high:
        raise InvalidArgumentError(
            _capi.VELOZ_E_INVALID_ARGUMENT, f"{what} must be in [{low}, {high}], got {number}"
        )
    return number


def _share_handle(handle: ctypes.c_void_p) -> None:
    """Tells the library that calls on ``handle`` may come from any thread: the Python object that
    owns it serializes them with its lock (:class:`NativeHandle`), so the library's owner-thread
    rule (single writer, owner thread only) holds even when several Python threads use the object.
    Without it the first Python thread to use an object would own it, and every other thread would
    get VELOZ_E_STATE (``veloz_handle_share``, docs/DESIGN.md rule 8).

    Every handle a Python class creates passes through here, once, from :meth:`NativeHandle._adopt`;
    a failed status raises, and ``_adopt`` then destroys the handle.
    """
    status = library().veloz_handle_share(handle)
    if status != _capi.VELOZ_OK:
        raise_for_status(status)


def _new_lock() -> Any:
    """The lock of one object (see "Threads" in :class:`NativeHandle`). Not reentrant: a method that
    holds it calls the unlocked helpers (``_stats``, ``_state``), never another locking method."""
    return threading.Lock()


class NativeHandle:
    """Owns one handle; subclasses create it and name its destroy function.

    ``close()`` destroys the native object; closing twice is a no-op. Using the object afterwards
    raises :class:`InvalidHandleError` (a ``ValueError``), like a closed file. Objects are closed
    by ``with`` blocks, or by the garbage collector as a last resort.

    Threads: any Python thread may call any method. The library lets one thread at a time drive an
    object (its "single writer" and "owner thread only" functions), and ctypes releases the GIL
    during every call, so each object has a lock (``self._lock``, made by :meth:`_adopt`): every
    method that calls such a function, or uses the object's scratch ctypes memory, holds it with
    ``with self._lock:`` around the call and its error handling. The functions ``veloz.h`` documents
    as callable from any thread (``read_top``/``read_levels`` of the books, the TimeSync conversions
    and stats) run without it, so a reader never waits for a long ``apply``. :meth:`close` takes
    the lock as well, but a lock-free reader must still be finished before the object is closed.
    Native code given :attr:`handle` (Cython) is outside the lock and must not run while Python
    threads use the object.
    """

    # Class-level defaults so that __del__ and __repr__ work even if __init__ failed half-way.
    _handle: ctypes.c_void_p = ctypes.c_void_p()
    _closed: bool = True
    _destroy: Optional[Callable[[ctypes.c_void_p], None]] = None
    _lock: Any = None

    def _adopt(self, handle: ctypes.c_void_p, destroy: Callable[[ctypes.c_void_p], None], *, share: bool = True) -> None:
        """Takes ownership of a handle the subclass just created: the one place that gives an object
        its lock and marks its handle shared (:func:`_share_handle`).

        ``share=False`` is for objects whose functions never check an owner thread and whose calls
        overlap by design (the queues: a producer and a consumer at once): sharing promises the
        library that calls never overlap, which they would break."""
        self._lock = _new_lock()
        self._handle = handle
        # Kept on the instance: at interpreter exit module globals may already be gone when __del__ runs.
        self._destroy = destroy
        self._closed = False
        if not share:
            return
        try:
            _share_handle(handle)
        except BaseException:
            self.close()
            raise

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run."""
        return self._closed

    @property
    def handle(self) -> int:
        """The native handle (``veloz_histogram*`` and so on) as an int, to hand to Cython or C code
        (``<capi.veloz_histogram*><size_t>h.handle``). It stays valid until :meth:`close`; keep this
        object alive while native code uses it, and respect the library's thread contract."""
        self._ensure_open()
        value = self._handle.value
        assert value is not None
        return value

    def close(self) -> None:
        """Destroys the native object. Idempotent. Waits for a call another thread is making on the
        object (under its lock); a lock-free reader (``read_top``) must have finished."""
        if self._closed:
            return
        with self._lock:
            if self._closed:
                return
            handle = self._handle
            self._closed = True
            # Later calls pass NULL, which the library rejects with VELOZ_E_INVALID_HANDLE; the error
            # path below turns that into "X is closed". No check is needed on the hot path.
            self._handle = ctypes.c_void_p()
            if self._destroy is not None:
                self._destroy(handle)

    def __enter__(self: _Self) -> _Self:
        self._ensure_open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing useful can be done during collection
            pass

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} owns a native handle and cannot be pickled or copied")

    @contextlib.contextmanager
    def _locked_with(self, other: "NativeHandle") -> Iterator[None]:
        """Holds this object's lock and ``other``'s (once when they are the same object), taken in
        a fixed order so that ``a.merge(b)`` and ``b.merge(a)`` on two threads cannot deadlock."""
        if other is self:
            with self._lock:
                yield
            return
        first, second = (self, other) if id(self) < id(other) else (other, self)
        with first._lock, second._lock:
            yield

    def _ensure_open(self) -> None:
        if self._closed:
            raise self._closed_error()

    def _closed_error(self) -> InvalidHandleError:
        return InvalidHandleError(
            _capi.VELOZ_E_INVALID_HANDLE, f"{type(self).__name__} is closed; it cannot be used after close()"
        )

    def _raise(self, status: int, *others: "NativeHandle") -> NoReturn:
        """Raises for a failed call on this object (and ``others`` it was given)."""
        if status == _capi.VELOZ_E_INVALID_HANDLE:
            for obj in (self, *others):
                if obj._closed:
                    raise obj._closed_error()
        raise_for_status(status)
