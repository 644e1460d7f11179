"""Zero-copy access to buffer-protocol objects (NumPy arrays, array.array, memoryview, bytes-likes).

``ctypes`` can take the address of a *writable* buffer (``from_buffer``) but not of a read-only
one, and copying a million values to get one would defeat the batch call. So we ask CPython for the
buffer directly (``PyObject_GetBuffer``), which works for read-only exporters too, and hold it for
the duration of the call: while it is held the exporter cannot be resized or freed by another
thread (ctypes releases the GIL during the call).
"""

from __future__ import annotations

import ctypes
import sys
from types import TracebackType
from typing import Any, FrozenSet, Optional, Type

__all__ = ["ContiguousBuffer", "RawBuffer", "NotABufferError", "INT64_FORMATS", "FLOAT64_FORMATS", "BYTE_FORMATS"]


class NotABufferError(TypeError):
    """The object does not support the buffer protocol at all (a list, a generator)."""

_PyBUF_FORMAT = 0x0004
_PyBUF_ND = 0x0008
_PyBUF_STRIDES = 0x0010 | _PyBUF_ND
_PyBUF_C_CONTIGUOUS = 0x0020 | _PyBUF_STRIDES


class _PyBuffer(ctypes.Structure):
    # CPython's Py_buffer (Include/pybuffer.h), unchanged since 3.3.
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.POINTER(ctypes.c_ssize_t)),
        ("strides", ctypes.POINTER(ctypes.c_ssize_t)),
        ("suboffsets", ctypes.POINTER(ctypes.c_ssize_t)),
        ("internal", ctypes.c_void_p),
    ]


# pythonapi is a PyDLL: the GIL stays held and a set Python error is raised after the call.
_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_get_buffer.restype = ctypes.c_int
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
_release_buffer.restype = None


def _native_formats(*codes: str) -> FrozenSet[str]:
    # struct-module format strings that mean "native byte order" on this machine.
    prefixes = ["", "@", "=", "<" if sys.byteorder == "little" else ">"]
    return frozenset(prefix + code for prefix in prefixes for code in codes)


# 'q' is long long, 'l' is long (NumPy's int64 exports 'l' on LP64 Linux); the itemsize check
# below rejects '=l' (standard size 4) and any platform where long is 32-bit.
INT64_FORMATS = _native_formats("q", "l")
FLOAT64_FORMATS = _native_formats("d")
#: Formats of untyped bytes (the queues take such buffers as raw records).
BYTE_FORMATS = frozenset(prefix + code for prefix in ("", "@", "=", "<", ">", "!") for code in ("B", "b", "c"))


class ContiguousBuffer:
    """``with ContiguousBuffer(obj, formats, 8, "int64") as view:`` gives ``view.address`` and
    ``view.count`` of a C-contiguous buffer whose items have one of ``formats``; raises TypeError
    for any other buffer (wrong dtype, wrong itemsize, not contiguous) or a non-buffer object."""

    __slots__ = ("_object", "_formats", "_itemsize", "_type_name", "_view", "_held", "address", "count", "readonly")

    def __init__(self, obj: Any, formats: FrozenSet[str], itemsize: int, type_name: str) -> None:
        self._object = obj
        self._formats = formats
        self._itemsize = itemsize
        self._type_name = type_name
        self._view = _PyBuffer()
        self._held = False
        self.address = 0
        self.count = 0
        self.readonly = False

    def __enter__(self) -> "ContiguousBuffer":
        try:
            _get_buffer(self._object, ctypes.byref(self._view), _PyBUF_C_CONTIGUOUS | _PyBUF_FORMAT)
        except (BufferError, ValueError) as e:
            # NumPy raises ValueError for a non-contiguous array, CPython BufferError.
            raise TypeError(f"expected a C-contiguous buffer of {self._type_name}: {e}") from None
        except TypeError:
            raise NotABufferError(
                f"expected a buffer of {self._type_name} (NumPy array, array.array, memoryview), "
                f"got {type(self._object).__name__}"
            ) from None
        self._held = True
        view = self._view
        fmt = (view.format or b"B").decode("ascii", errors="replace")
        if view.itemsize != self._itemsize or fmt not in self._formats:
            self._release()
            raise TypeError(
                f"expected a buffer of {self._type_name} (itemsize {self._itemsize}), got format {fmt!r} "
                f"with itemsize {view.itemsize}; convert it first, for example numpy.asarray(x, dtype=numpy.{self._type_name})"
            )
        self.address = view.buf or 0
        self.count = view.len // view.itemsize
        self.readonly = bool(view.readonly)
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self._release()

    def _release(self) -> None:
        if self._held:
            self._held = False
            _release_buffer(ctypes.byref(self._view))


class RawBuffer:
    """``with RawBuffer(obj) as view:`` gives ``view.address``, ``view.nbytes``, ``view.format`` and
    ``view.readonly`` of any C-contiguous buffer, whatever its item type (the queues copy records as
    bytes). Raises :class:`NotABufferError` for an object without the buffer protocol and TypeError
    for a buffer that is not C-contiguous. Like :class:`ContiguousBuffer`, the buffer is held (the
    exporter cannot be resized or freed) until the block ends."""

    __slots__ = ("_object", "_view", "_held", "address", "nbytes", "format", "readonly")

    def __init__(self, obj: Any) -> None:
        self._object = obj
        self._view = _PyBuffer()
        self._held = False
        self.address = 0
        self.nbytes = 0
        self.format = "B"
        self.readonly = False

    def __enter__(self) -> "RawBuffer":
        try:
            _get_buffer(self._object, ctypes.byref(self._view), _PyBUF_C_CONTIGUOUS | _PyBUF_FORMAT)
        except (BufferError, ValueError) as e:
            raise TypeError(f"expected a C-contiguous buffer: {e}") from None
        except TypeError:
            raise NotABufferError(
                f"expected a bytes-like object or a NumPy array, got {type(self._object).__name__}"
            ) from None
        self._held = True
        view = self._view
        self.address = view.buf or 0
        self.nbytes = view.len
        self.format = (view.format or b"B").decode("ascii", errors="replace")
        self.readonly = bool(view.readonly)
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        if self._held:
            self._held = False
            _release_buffer(ctypes.byref(self._view))
