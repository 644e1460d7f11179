"""A failed call's status and the calling thread's last-error message, as one exception.

The dependencies go one way: :mod:`veloz.errors` (status codes and exception classes) is a leaf,
:mod:`veloz._library` (the loader) uses it for :class:`~veloz.LibraryLoadError`, and this module
uses both: it reads ``veloz_last_error_message`` through the loaded library and builds the
exception with :func:`veloz.errors.error_for_status`.
"""

from __future__ import annotations

import ctypes
from typing import NoReturn

from . import _capi, _library
from .errors import VelozError, error_for_status

__all__ = ["last_error_message", "current_error", "raise_for_status", "check"]


def last_error_message() -> str:
    """The library's message about the most recent failure on the calling thread ("" if none).

    The message is thread-local in the library, and a ctypes call runs on the calling OS thread, so
    reading it right after a failing call returns that call's message even while other Python
    threads call into VeloZ.
    """
    # Through the module attribute (not a name bound at import): tests replace _library.library.
    read = _library.library().veloz_last_error_message
    buffer = ctypes.create_string_buffer(256)
    length = read(buffer, len(buffer))
    if length >= len(buffer):
        # snprintf-like: the return value is the full length; ask again with room for all of it.
        buffer = ctypes.create_string_buffer(length + 1)
        length = min(read(buffer, len(buffer)), len(buffer) - 1)
    return buffer.raw[: max(length, 0)].decode("utf-8", errors="replace")


def _library_status_name(status: int) -> str:
    # A status newer than the generated declarations: the library knows its name.
    try:
        return _library.library().veloz_status_name(status).decode("ascii", errors="replace")
    except Exception:  # noqa: BLE001 - naming an error must never raise
        return "VELOZ_E_UNKNOWN"


def current_error(status: int) -> VelozError:
    """The exception for the failed ``status``, with the library's message for this thread."""
    name = None if status in _capi.STATUS_NAMES else _library_status_name(status)
    return error_for_status(status, last_error_message(), name=name)


def raise_for_status(status: int) -> NoReturn:
    """Raises the exception for the failed ``status``, with the library's message for this thread."""
    raise current_error(status)


def check(status: int) -> None:
    """Returns if ``status`` is ``VELOZ_OK`` (0); otherwise raises the matching :class:`VelozError`
    carrying the library's message (``veloz_last_error_message``)."""
    if status != _capi.VELOZ_OK:
        raise current_error(status)
