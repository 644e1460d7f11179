"""Exceptions raised by the VeloZ bindings.

Every failing call of the C library returns a negative status code and leaves a message on the
calling thread (``veloz_last_error_message``). The bindings turn that pair into one exception: a
subclass of :class:`VelozError` chosen by the status, carrying the status, its name and the
library's own message, which names the function and the bad value.

This module is a leaf: it knows the status codes (from the generated ``_capi``) and the exception
classes, and never touches the library. Reading the calling thread's message and raising for a
failed call is :mod:`veloz._status`, which depends on this module and on the loader
(:mod:`veloz._library`), not the reverse.

Where a Python built-in exception means the same thing, the class derives from it too, so ordinary
handlers work: ``except ValueError`` catches :class:`InvalidArgumentError`, ``except LookupError``
catches :class:`NotFoundError`, ``except MemoryError`` catches :class:`OutOfMemoryError`.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

from . import _capi

__all__ = [
    "VelozError",
    "InvalidArgumentError",
    "InvalidHandleError",
    "NotFoundError",
    "DuplicateError",
    "FullError",
    "EmptyError",
    "OutOfMemoryError",
    "BufferTooSmallError",
    "StateError",
    "InternalError",
    "UnsupportedError",
    "SequenceGapError",
    "RejectedError",
    "LibraryLoadError",
    "error_for_status",
    "status_name",
]


def status_name(status: int) -> str:
    """The C name of a status code this package declares, for example ``"VELOZ_E_NOT_FOUND"``;
    ``"VELOZ_E_UNKNOWN"`` for any other (an exception raised for a failed call carries the name the
    library gave it instead, see :func:`error_for_status`)."""
    return _capi.STATUS_NAMES.get(status, "VELOZ_E_UNKNOWN")


class VelozError(Exception):
    """A VeloZ call failed.

    Attributes:
        status: the negative ``veloz_status`` code the library returned.
        status_name: its C name, for example ``"VELOZ_E_INVALID_ARGUMENT"``.
        message: the library's description of the failure (may be empty).
    """

    #: The status this class stands for; ``None`` on the base class.
    STATUS: Optional[int] = None
    #: Order-book commands (:class:`veloz.Book`): why the book refused it, a
    #: :class:`veloz.RejectReason` (``UNKNOWN_ORDER``, ``POST_ONLY_WOULD_CROSS``, ...); else None.
    reason: Optional[int] = None
    # The library's name of a status newer than this package's declarations (set by
    # error_for_status(name=...)); None: the name comes from _capi.STATUS_NAMES.
    _library_status_name: Optional[str] = None

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message

    @property
    def status_name(self) -> str:
        return self._library_status_name or status_name(self.status)

    def __str__(self) -> str:
        return f"[{self.status_name}] {self.message}" if self.message else f"[{self.status_name}]"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status_name}, {self.message!r})"

    # Exceptions are pickled as (cls, args); keep that working with the two-argument constructor.
    # The instance dict (status name from the library, reason, gap fields) goes along as state.
    def __reduce__(self):  # type: ignore[override]
        return (type(self), (self.status, self.message), self.__dict__ or None)


class InvalidArgumentError(VelozError, ValueError):
    """``VELOZ_E_INVALID_ARGUMENT``: an argument is outside its documented range."""

    STATUS = _capi.VELOZ_E_INVALID_ARGUMENT


class InvalidHandleError(VelozError, ValueError):
    """``VELOZ_E_INVALID_HANDLE``: the object was closed (or its handle is otherwise not live).

    Also raised by the bindings themselves when a closed object is used, like the ``ValueError`` of
    a closed file.
    """

    STATUS = _capi.VELOZ_E_INVALID_HANDLE


class NotFoundError(VelozError, LookupError):
    """``VELOZ_E_NOT_FOUND``: the named item (venue, order id, key) does not exist.

    Derives from :class:`LookupError` rather than :class:`KeyError`, whose ``str()`` would quote the
    whole message.
    """

    STATUS = _capi.VELOZ_E_NOT_FOUND


class DuplicateError(VelozError):
    """``VELOZ_E_DUPLICATE``: the item already exists."""

    STATUS = _capi.VELOZ_E_DUPLICATE


class FullError(VelozError):
    """``VELOZ_E_FULL``: a fixed capacity is exhausted (queue, pool, venue table)."""

    STATUS = _capi.VELOZ_E_FULL


class EmptyError(VelozError):
    """``VELOZ_E_EMPTY``: nothing to take or to measure (empty queue, empty histogram)."""

    STATUS = _capi.VELOZ_E_EMPTY


class OutOfMemoryError(VelozError, MemoryError):
    """``VELOZ_E_OUT_OF_MEMORY``: the library could not allocate."""

    STATUS = _capi.VELOZ_E_OUT_OF_MEMORY


class BufferTooSmallError(VelozError):
    """``VELOZ_E_BUFFER_TOO_SMALL``: a caller-owned output buffer is too small."""

    STATUS = _capi.VELOZ_E_BUFFER_TOO_SMALL


class StateError(VelozError):
    """``VELOZ_E_STATE``: the object is not in a state that allows the call."""

    STATUS = _capi.VELOZ_E_STATE


class InternalError(VelozError):
    """``VELOZ_E_INTERNAL``: a bug inside VeloZ (an unexpected exception caught at the boundary)."""

    STATUS = _capi.VELOZ_E_INTERNAL


class UnsupportedError(VelozError):
    """``VELOZ_E_UNSUPPORTED``: not supported on this platform or in this mode."""

    STATUS = _capi.VELOZ_E_UNSUPPORTED


class SequenceGapError(VelozError):
    """``VELOZ_E_SEQUENCE_GAP``: a sequence number gap was detected; the object is marked stale.

    Raised by :meth:`veloz.DepthBook.apply` with where the gap is: ``index`` (position in the batch
    of the first update not applied; the ones before it were), ``applied`` (the same number),
    ``expected_sequence`` and ``received_sequence``. None when raised elsewhere.
    """

    STATUS = _capi.VELOZ_E_SEQUENCE_GAP
    #: Position in the batch of the update that skipped ahead (the updates before it were applied).
    index: Optional[int] = None
    #: Updates of the batch applied (or dropped as old) before the gap; equals ``index``.
    applied: Optional[int] = None
    #: The sequence the book expected (its last applied sequence + 1).
    expected_sequence: Optional[int] = None
    #: The sequence the update at ``index`` carried.
    received_sequence: Optional[int] = None


class RejectedError(VelozError):
    """``VELOZ_E_REJECTED``: the order book refused an order or command for a business reason
    (post-only would cross, fill-or-kill cannot fill, self-trade, ...); the book did not change."""

    # getattr: tolerate a _capi.py generated before this status existed (-13 is its ABI value).
    STATUS = getattr(_capi, "VELOZ_E_REJECTED", -13)


class LibraryLoadError(ImportError):
    """``libveloz.so`` could not be found, could not be loaded, or has an incompatible version."""


_BY_STATUS: Dict[int, Type[VelozError]] = {
    cls.STATUS: cls
    for cls in (
        InvalidArgumentError,
        InvalidHandleError,
        NotFoundError,
        DuplicateError,
        FullError,
        EmptyError,
        OutOfMemoryError,
        BufferTooSmallError,
        StateError,
        InternalError,
        UnsupportedError,
        SequenceGapError,
        RejectedError,
    )
    if cls.STATUS is not None
}


def error_for_status(status: int, message: str = "", *, name: Optional[str] = None) -> VelozError:
    """The exception for ``status`` (the base :class:`VelozError` for a code this version does not know).

    ``name`` is the library's name for a status this package does not declare (``veloz._status``
    asks the library for it); the declared names need none.
    """
    error = _BY_STATUS.get(status, VelozError)(status, message)
    if name is not None and status not in _capi.STATUS_NAMES:
        error._library_status_name = name
    return error
