"""The base of every Python object that owns a VeloZ handle: close(), context manager, __del__."""

from __future__ import annotations

import ctypes
import operator
from typing import Any, Callable, NoReturn, Optional, TypeVar

from . import _capi
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


class NativeHandle:
    """Owns one handle; subclasses create it and name its destroy function.

    ``close()`` destroys the native object; closing twice is a no-op. Using the object afterwards
    raises :class:`InvalidHandleError` (a ``ValueError``), like a closed file. Objects are closed
    by ``with`` blocks, or by the garbage collector as a last resort.
    """

    # Class-level defaults so that __del__ and __repr__ work even if __init__ failed half-way.
    _handle: ctypes.c_void_p = ctypes.c_void_p()
    _closed: bool = True
    _destroy: Optional[Callable[[ctypes.c_void_p], None]] = None

    def _adopt(self, handle: ctypes.c_void_p, destroy: Callable[[ctypes.c_void_p], None]) -> None:
        self._handle = handle
        # Kept on the instance: at interpreter exit module globals may already be gone when __del__ runs.
        self._destroy = destroy
        self._closed = False

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
        """Destroys the native object. Idempotent. Not to be called while another thread uses the object."""
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
