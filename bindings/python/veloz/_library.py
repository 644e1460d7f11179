"""Finds, loads and checks ``libveloz.so``, once per process.

Search order (the first that exists wins):

1. ``$VELOZ_LIBRARY``, when set: the path of the library file. Nothing else is tried, so a wrong
   value is an error rather than a silent fallback.
2. The package folder (``veloz/libveloz.so``): the build copies the library there.
3. ``<repo>/artifacts/lib/libveloz.so`` relative to this package, for a source checkout.
4. ``libveloz.so.<major>`` through the dynamic loader's own search (``LD_LIBRARY_PATH``, ldconfig).

The library is never unloaded (it is linked with ``-z nodelete``; the .NET runtime inside cannot be
unloaded). Its first call starts that runtime, which takes about a millisecond.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path
from typing import Any, List, Optional, Tuple

from . import _capi
from .errors import LibraryLoadError

__all__ = ["library", "load_library", "library_path", "library_version", "candidate_paths", "get_include"]

_PACKAGE_DIR = Path(__file__).resolve().parent
# bindings/python/veloz -> repository root
_REPO_ROOT = _PACKAGE_DIR.parent.parent.parent

_lock = threading.Lock()
_library: Optional[ctypes.CDLL] = None
_library_path: Optional[str] = None


def candidate_paths() -> List[str]:
    """The places :func:`library` looks, in order (see the module docstring)."""
    override = os.environ.get("VELOZ_LIBRARY")
    if override:
        return [override]
    return [
        str(_PACKAGE_DIR / "libveloz.so"),
        str(_REPO_ROOT / "artifacts" / "lib" / "libveloz.so"),
        f"libveloz.so.{_capi.VELOZ_VERSION_MAJOR}",
    ]


def _unpack(packed: int) -> Tuple[int, int, int]:
    return (packed >> 16) & 0xFFFF, (packed >> 8) & 0xFF, packed & 0xFF


def load_library(path: str) -> ctypes.CDLL:
    """Loads the library at ``path``, refuses an incompatible version, and binds every function.

    Raises :class:`LibraryLoadError` if the file cannot be loaded, its major version differs from
    ``VELOZ_VERSION_MAJOR`` of this package, or it lacks a function this package declares.
    """
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise LibraryLoadError(f"cannot load VeloZ library {path!r}: {e}") from e
    _check_and_bind(lib, path)
    return lib


def _check_and_bind(lib: ctypes.CDLL, path: str) -> None:
    # Check the version before binding anything else: an incompatible library may lack symbols.
    try:
        version = lib.veloz_version
    except AttributeError as e:
        raise LibraryLoadError(f"{path!r} is not a VeloZ library (no veloz_version symbol)") from e
    version.restype = ctypes.c_uint32
    version.argtypes = []
    major, minor, patch = _unpack(version())
    expected = _capi.VELOZ_VERSION_MAJOR
    if major != expected:
        raise LibraryLoadError(
            f"VeloZ library {path!r} has version {major}.{minor}.{patch}, but this veloz package speaks "
            f"ABI major version {expected} (package {_package_version()}); the major versions must match. "
            f"Use the library built with this package, or point VELOZ_LIBRARY at it."
        )
    try:
        _capi.bind(lib)
    except AttributeError as e:
        raise LibraryLoadError(
            f"VeloZ library {path!r} (version {major}.{minor}.{patch}) lacks a function this veloz package "
            f"({_package_version()}) needs: {e}. The library is older than the package; rebuild it."
        ) from e


def library() -> ctypes.CDLL:
    """The loaded, version-checked and bound library (loaded on the first call).

    Raises :class:`LibraryLoadError` listing every place tried when no library can be loaded, or
    when the one found has an incompatible version.
    """
    global _library, _library_path
    lib = _library
    if lib is not None:
        return lib
    with _lock:
        if _library is not None:
            return _library
        tried: List[str] = []
        for candidate in candidate_paths():
            # A bare soname goes to the dynamic loader's search; a path must exist to be worth a dlopen.
            if os.sep in candidate and not os.path.exists(candidate):
                tried.append(f"{candidate}: no such file")
                continue
            try:
                lib = ctypes.CDLL(candidate)
            except OSError as e:
                tried.append(f"{candidate}: {e}")
                continue
            # Found one: a wrong version is reported, not skipped, so a stale copy never hides.
            _check_and_bind(lib, candidate)
            _library, _library_path = lib, candidate
            return lib
        raise LibraryLoadError(
            "cannot find the VeloZ library (libveloz.so). Tried:\n  "
            + "\n  ".join(tried)
            + "\nBuild it (dotnet publish src/Interop -c Release, then copy it to artifacts/lib/libveloz.so) "
            "or set VELOZ_LIBRARY to its path."
        )


def raw_function(name: str) -> Any:
    """A library function without argtypes, returning an int32 status: for the hot calls that pass a
    c_void_p handle and c_void_p / byref / ctypes-array / int arguments, which ctypes hands over as
    they are (the argtypes conversion and checks cost as much again as the call)."""
    function = library()[name]
    function.restype = ctypes.c_int32
    return function


def library_path() -> str:
    """Where the loaded library came from (loads it if needed)."""
    library()
    assert _library_path is not None
    return _library_path


def library_version() -> Tuple[int, int, int]:
    """(major, minor, patch) of the loaded library, from ``veloz_version()``."""
    return _unpack(library().veloz_version())


def get_include() -> str:
    """The directory holding ``veloz.h``, for compiling Cython or C code against the library.

    ``capi.pxd`` itself is found by Cython in the folder that holds the ``veloz`` package, which the
    ``cython`` command and ``cythonize`` (Cython 0.29) need as an include path:
    ``cython -I "$(python3 -c 'import os, veloz; print(os.path.dirname(os.path.dirname(veloz.__file__)))')"``
    (or ``cythonize(..., include_path=[that folder])``); then ``from veloz cimport capi`` works in a ``.pyx``.
    Link the extension with :func:`library_path` and import ``veloz`` before it (the loaded library
    satisfies its dependency on ``libveloz.so.<major>``).
    """
    for directory in (_PACKAGE_DIR, _REPO_ROOT / "include", _REPO_ROOT / "artifacts" / "include"):
        if (directory / "veloz.h").is_file():
            return str(directory)
    raise FileNotFoundError(
        f"veloz.h not found in {_PACKAGE_DIR}, {_REPO_ROOT / 'include'} or {_REPO_ROOT / 'artifacts' / 'include'}"
    )


def _package_version() -> str:
    return f"{_capi.VELOZ_VERSION_MAJOR}.{_capi.VELOZ_VERSION_MINOR}.{_capi.VELOZ_VERSION_PATCH}"
