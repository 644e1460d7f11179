"""levels(), levels_array() and depth() of both books (:class:`veloz.Book` and :class:`veloz.DepthBook`):
the best levels of one side through the book's own C function, under the object's lock."""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any, Callable, List, NoReturn, Optional, Tuple, Union

from . import _capi
from ._handle import INT32_MAX, as_int
from .book_types import LEVEL_DTYPE, Depth, Level, Side, _require_numpy

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_LEVEL_P = ctypes.POINTER(_capi.veloz_level)


class LevelQueries:
    """Mixed into a book class that sets ``_levels_function`` (``veloz_book_depth`` or
    ``veloz_depth_levels``: handle, side, out, capacity, written) and implements ``_level_count``."""

    _levels_function: Callable[..., int]
    _handle: Any
    _lock: Any

    def _fail(self, status: int) -> NoReturn:  # pragma: no cover - provided by NativeHandle
        raise NotImplementedError

    def _level_count(self, side_value: int) -> int:  # pragma: no cover - provided by the book
        raise NotImplementedError

    def levels(self, side: Union[str, int], count: Optional[int] = None) -> List[Level]:
        """The best ``count`` levels of one side (all when None), best first."""
        side_value = int(Side.coerce(side, "levels: side"))
        with self._lock:
            raw, written = self._read_side(side_value, count)
        return [Level._from_c(raw[i]) for i in range(written)]

    def levels_array(self, side: Union[str, int], count: Optional[int] = None) -> "np.ndarray":
        """Like :meth:`levels`, as an array of ``LEVEL_DTYPE`` written by the library in place."""
        numpy = _require_numpy()
        side_value = int(Side.coerce(side, "levels_array: side"))
        written = ctypes.c_int32()
        with self._lock:
            if count is None:
                count = self._level_count(side_value)
            out = numpy.zeros(as_int(count, "levels_array: count", 0, INT32_MAX), dtype=LEVEL_DTYPE)
            status = self._levels_function(self._handle, side_value, ctypes.cast(out.ctypes.data, _LEVEL_P), len(out), ctypes.byref(written))
            if status:
                self._fail(status)
        return out[: written.value]

    def depth(self, count: Optional[int] = 10) -> Depth:
        """The best ``count`` levels of both sides (all when None), read together under the lock."""
        with self._lock:
            bids, bid_count = self._read_side(_capi.VELOZ_SIDE_BUY, count)
            asks, ask_count = self._read_side(_capi.VELOZ_SIDE_SELL, count)
        return Depth([Level._from_c(bids[i]) for i in range(bid_count)], [Level._from_c(asks[i]) for i in range(ask_count)])

    def _read_side(self, side_value: int, count: Optional[int]) -> Tuple[Any, int]:
        # Holding self._lock.
        if count is None:
            count = self._level_count(side_value)
        count = as_int(count, "levels: count", 0, INT32_MAX)
        raw = (_capi.veloz_level * count)()
        written = ctypes.c_int32()
        status = self._levels_function(self._handle, side_value, raw, count, ctypes.byref(written))
        if status:
            self._fail(status)
        return raw, written.value
