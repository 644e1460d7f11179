# GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
# with include/veloz.h and capi.pxd; the build regenerates it and CI fails when this copy differs.
#   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
"""ctypes declarations of the VeloZ C API (include/veloz.h): constants, structures, and bind()."""

from __future__ import annotations

import ctypes
from typing import Any


def _check_layout(structure: Any, size: int, offsets: dict[str, int]) -> None:
    # The C# layout is the truth; a ctypes layout that differs would read the wrong bytes.
    if ctypes.sizeof(structure) != size:
        raise ImportError(f"{structure.__name__}: ctypes size {ctypes.sizeof(structure)} != C# size {size}")
    for name, offset in offsets.items():
        actual = getattr(structure, name).offset
        if actual != offset:
            raise ImportError(f"{structure.__name__}.{name}: ctypes offset {actual} != C# offset {offset}")

# ---- Constants

# ABI major version; also the SONAME suffix (libveloz.so.0).
VELOZ_VERSION_MAJOR = 0
# Minor version: additions that keep old callers working.
VELOZ_VERSION_MINOR = 1
# Patch version: fixes only.
VELOZ_VERSION_PATCH = 0


# ---- veloz_status

# Result of every export that can fail. 0 is success; errors are negative.
veloz_status = ctypes.c_int32
# Success.
VELOZ_OK = 0
# An argument is out of its documented range, or a required pointer is NULL.
VELOZ_E_INVALID_ARGUMENT = -1
# The handle is NULL, destroyed, or of another object type.
VELOZ_E_INVALID_HANDLE = -2
# The named item (order id, venue, key) does not exist.
VELOZ_E_NOT_FOUND = -3
# The item already exists (for example an order id in use).
VELOZ_E_DUPLICATE = -4
# A fixed capacity is exhausted (queue, pool, venue table).
VELOZ_E_FULL = -5
# Nothing to take (empty queue or pool).
VELOZ_E_EMPTY = -6
# Memory could not be allocated.
VELOZ_E_OUT_OF_MEMORY = -7
# The caller's buffer is too small; where cheap, the needed size is reported.
VELOZ_E_BUFFER_TOO_SMALL = -8
# The object is not in a state that allows the call.
VELOZ_E_STATE = -9
# A bug inside VeloZ: an unexpected exception was caught at the boundary.
VELOZ_E_INTERNAL = -10
# The operation is not supported on this platform or in this mode.
VELOZ_E_UNSUPPORTED = -11
# A sequence number gap was detected (market data); the object is marked stale.
VELOZ_E_SEQUENCE_GAP = -12


# The name of every status code, as veloz_status_name() spells it.
STATUS_NAMES: dict[int, str] = {
    0: "VELOZ_OK",
    -1: "VELOZ_E_INVALID_ARGUMENT",
    -2: "VELOZ_E_INVALID_HANDLE",
    -3: "VELOZ_E_NOT_FOUND",
    -4: "VELOZ_E_DUPLICATE",
    -5: "VELOZ_E_FULL",
    -6: "VELOZ_E_EMPTY",
    -7: "VELOZ_E_OUT_OF_MEMORY",
    -8: "VELOZ_E_BUFFER_TOO_SMALL",
    -9: "VELOZ_E_STATE",
    -10: "VELOZ_E_INTERNAL",
    -11: "VELOZ_E_UNSUPPORTED",
    -12: "VELOZ_E_SEQUENCE_GAP",
}


# ---- Functions: name -> (restype, argtypes)

FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {
    # uint32_t veloz_version(void);
    #
    # The library's version packed as (major << 16) | (minor << 8) | patch. Thread safety: any
    # thread, wait-free.
    "veloz_version": (ctypes.c_uint32, []),
    # const char* veloz_status_name(veloz_status status);
    #
    # The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated
    # string that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status. Thread
    # safety: any thread, wait-free.
    "veloz_status_name": (ctypes.c_char_p, [veloz_status]),
    # int32_t veloz_last_error_message(char* buffer, int32_t capacity);
    #
    # Copies the message of the most recent failure on the calling thread into buffer as
    # NUL-terminated UTF-8, truncated to capacity - 1 bytes. Thread safety: thread-safe.
    "veloz_last_error_message": (ctypes.c_int32, [ctypes.POINTER(ctypes.c_char), ctypes.c_int32]),
}


def bind(lib: ctypes.CDLL) -> None:
    """Sets restype and argtypes of every function in FUNCTIONS on lib.

    Raises AttributeError naming every function lib does not export (a library older than
    these declarations); nothing is bound in that case.
    """
    missing = [name for name in FUNCTIONS if not hasattr(lib, name)]
    if missing:
        raise AttributeError(
            f"{getattr(lib, '_name', lib)!s} does not export {', '.join(missing)}: "
            "the library is older than these bindings (include/veloz.h)"
        )
    for name, (restype, argtypes) in FUNCTIONS.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
