"""The level-2 depth book: price levels maintained from a market-data feed of sequenced updates
("the total quantity at this price is now q"; 0 deletes the level), with gap detection.

Protocol, as a feed handler uses it::

    with DepthBook(snapshot_depth=5) as book:
        book.snapshot(bids, asks, sequence=snapshot_seq)   # or start at 0 with a feed numbered from 1
        try:
            book.apply(updates)                           # NumPy array of DEPTH_UPDATE_DTYPE: one call
        except veloz.SequenceGapError as gap:
            # Updates before gap.index were applied; the book is stale until the next snapshot.
            request_snapshot(after=gap.expected_sequence - 1)

Why a gap raises rather than returning a status: after a gap the levels are wrong and every later
update is refused (StateError) until :meth:`DepthBook.snapshot`; an exception cannot be ignored by
accident, and it carries what recovery needs (``index`` of the first unapplied update,
``expected_sequence``, ``received_sequence``, ``applied``). Updates at or below the last applied
sequence (duplicates, replays after a snapshot) are not gaps: they are dropped and counted
(``state.dropped_old_count``). A crossed book is applied and flagged (``state.crossed``), not an error.

Threads: the library lets one thread at a time apply to and query a depth book; a
:class:`DepthBook` serializes those calls with its own lock, so several Python threads may use one.
:meth:`DepthBook.read_top` and :meth:`DepthBook.read_levels` take no lock and may be called from
any thread at any time (the book publishes its top ``snapshot_depth`` levels after every batch;
default 1). ctypes releases the GIL during every call.
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any, NoReturn, Optional, Union

from . import _capi
from ._handle import INT32_MAX, INT64_MAX, INT64_MIN, NativeHandle, as_int
from ._levels import LevelQueries
from ._library import library
from .book_types import (
    DEPTH_UPDATE_DTYPE,
    Depth,
    DepthState,
    Level,
    Side,
    TopOfBook,
    _as_dtype_array,
    _from_columns,
    _levels_from,
)
from ._status import current_error
from .errors import InvalidArgumentError, SequenceGapError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DepthBook", "depth_updates"]

_lib = library()
_UPDATE_P = ctypes.POINTER(_capi.veloz_depth_update)
_UPDATE_SIZE = ctypes.sizeof(_capi.veloz_depth_update)


class DepthBook(LevelQueries, NativeHandle):
    """An L2 book of price levels fed by sequenced updates.

    Args:
        expected_levels: levels per side to allocate up front (they grow beyond it).
        snapshot_depth: levels per side published after every batch for :meth:`read_top` /
            :meth:`read_levels` from other threads (1..4096, default 1); 0 publishes nothing.

    A new book is empty at sequence 0, so a feed numbered from 1 needs no snapshot.
    """

    _levels_function = _lib.veloz_depth_levels  # for LevelQueries

    def __init__(self, *, expected_levels: int = 256, snapshot_depth: int = 1) -> None:
        config = _capi.veloz_depth_config()
        config.struct_size = ctypes.sizeof(config)
        config.expected_levels = as_int(expected_levels, "DepthBook: expected_levels", -(1 << 31), INT32_MAX)
        config.snapshot_depth = as_int(snapshot_depth, "DepthBook: snapshot_depth", -(1 << 31), INT32_MAX)
        if config.expected_levels == 0:
            # The C API would read 0 as its default; in Python the default is the keyword's.
            raise InvalidArgumentError(_capi.VELOZ_E_INVALID_ARGUMENT, "DepthBook: expected_levels must be >= 1, got 0")
        handle = ctypes.c_void_p()
        status = _lib.veloz_depth_create(ctypes.byref(config), ctypes.byref(handle))
        if status:
            self._raise(status)
        self._snapshot_depth = config.snapshot_depth
        # Scratch struct of update(): used only under self._lock.
        self._update = _capi.veloz_depth_update()
        self._adopt(handle, _lib.veloz_depth_destroy)

    @property
    def snapshot_depth(self) -> int:
        """Levels per side published for :meth:`read_top` / :meth:`read_levels` (0: none)."""
        return self._snapshot_depth

    # -- feeding ----------------------------------------------------------------------------------

    def apply(self, updates: Any) -> int:
        """Applies a batch of updates in feed order (one library call) and returns how many were
        consumed: applied, or dropped as old (sequence at or below the last applied one).

        ``updates`` is a NumPy array whose dtype is exactly ``DEPTH_UPDATE_DTYPE`` (or a buffer with
        that layout); any other dtype raises TypeError. Raises:

        - :class:`~veloz.SequenceGapError` when an update's sequence skips ahead: the updates before
          it were applied (``error.index`` = ``error.applied`` = its position in the batch,
          ``error.expected_sequence``, ``error.received_sequence``) and the book is now stale;
        - :class:`~veloz.StateError` when the book is already stale (nothing applied): load a
          :meth:`snapshot` first;
        - :class:`~veloz.InvalidArgumentError` for a side other than BUY/SELL or a negative
          quantity anywhere in the batch (the whole batch is refused, nothing applied).
        """
        batch = _as_dtype_array(updates, DEPTH_UPDATE_DTYPE, "veloz_depth_update")
        self._ensure_open()
        total = len(batch)
        address = batch.ctypes.data
        position = 0
        applied = ctypes.c_int32()
        with self._lock:
            while True:
                count = min(total - position, INT32_MAX)
                status = _lib.veloz_depth_apply(
                    self._handle, ctypes.cast(address + position * _UPDATE_SIZE, _UPDATE_P), count, ctypes.byref(applied)
                )
                if status:
                    if status == _capi.VELOZ_E_SEQUENCE_GAP:
                        self._gap(batch, position + applied.value)
                    self._fail(status)
                position += applied.value
                if position >= total:
                    return position

    def update(self, sequence: int, side: Union[str, int], price: int, quantity: int, order_count: int = 0) -> None:
        """Applies one update (quantity 0 deletes the level). One ctypes call; prefer :meth:`apply`
        for many. Raises like :meth:`apply` (a gap has ``index`` 0)."""
        sequence = as_int(sequence, "update: sequence", INT64_MIN, INT64_MAX)
        side_value = int(Side.coerce(side, "update: side"))
        price = as_int(price, "update: price", INT64_MIN, INT64_MAX)
        quantity = as_int(quantity, "update: quantity", INT64_MIN, INT64_MAX)
        order_count = as_int(order_count, "update: order_count", -(1 << 31), INT32_MAX)
        applied = ctypes.c_int32()
        with self._lock:
            update = self._update
            update.sequence = sequence
            update.side = side_value
            update.price = price
            update.quantity = quantity
            update.order_count = order_count
            status = _lib.veloz_depth_apply(self._handle, ctypes.byref(update), 1, ctypes.byref(applied))
            if status:
                if status == _capi.VELOZ_E_SEQUENCE_GAP:
                    self._raise_gap(0, 0, sequence)
                self._fail(status)

    def snapshot(self, bids: Any, asks: Any, sequence: int) -> None:
        """Replaces the whole book with a snapshot taken at feed ``sequence`` and clears STALE: the
        next update must carry ``sequence + 1``. ``bids`` best (highest) first, ``asks`` best (lowest)
        first, as arrays of ``LEVEL_DTYPE`` or sequences of :class:`Level` or ``(price, quantity[,
        order_count])``. InvalidArgumentError (book unchanged) for levels out of order or a
        quantity <= 0."""
        bid_levels = _levels_from(bids, "bids")
        ask_levels = _levels_from(asks, "asks")
        sequence = as_int(sequence, "snapshot: sequence", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_depth_snapshot(self._handle, bid_levels, len(bid_levels), ask_levels, len(ask_levels), sequence)
            if status:
                self._fail(status)

    # -- queries (under the book's lock) ----------------------------------------------------------

    @property
    def top(self) -> TopOfBook:
        """Best bid and ask (None for an empty side) and the last applied sequence. Waits for a call
        another thread is making on the book; :meth:`read_top` never waits."""
        out = _capi.veloz_top_of_book()
        with self._lock:
            status = _lib.veloz_depth_best(self._handle, ctypes.byref(out))
            if status:
                self._fail(status)
        return TopOfBook._from_c(out)

    def _level_count(self, side_value: int) -> int:
        # Holding self._lock.
        state = self._state()
        return state.bid_levels if side_value == _capi.VELOZ_SIDE_BUY else state.ask_levels

    @property
    def state(self) -> DepthState:
        """Status flags (``stale``, ``crossed``, ``empty``), level counts, sequences and counters."""
        with self._lock:
            return self._state()

    def _state(self) -> DepthState:
        # Holding self._lock.
        raw = _capi.veloz_depth_state()
        raw.struct_size = ctypes.sizeof(raw)
        status = _lib.veloz_depth_get_state(self._handle, ctypes.byref(raw))
        if status:
            self._fail(status)
        return DepthState._from_c(raw)

    @property
    def stale(self) -> bool:
        """A gap was seen and no snapshot loaded since: updates are refused."""
        return self.state.stale

    # -- queries (any thread) ---------------------------------------------------------------------

    def read_top(self) -> TopOfBook:
        """The best bid and ask published after the latest batch or snapshot, from any thread,
        lock-free and never torn (needs ``snapshot_depth >= 1``, else StateError)."""
        out = _capi.veloz_top_of_book()
        status = _lib.veloz_depth_read_top(self._handle, ctypes.byref(out))
        if status:
            self._fail(status)
        return TopOfBook._from_c(out)

    def read_levels(self, count: Optional[int] = None) -> Depth:
        """Up to ``count`` published levels per side (default ``snapshot_depth``) from one
        consistent publish, from any thread."""
        count = self._snapshot_depth if count is None else as_int(count, "read_levels: count", 0, INT32_MAX)
        bids = (_capi.veloz_level * count)()
        asks = (_capi.veloz_level * count)()
        bid_count = ctypes.c_int32()
        ask_count = ctypes.c_int32()
        status = _lib.veloz_depth_read_levels(self._handle, bids, asks, count, ctypes.byref(bid_count), ctypes.byref(ask_count))
        if status:
            self._fail(status)
        return Depth(
            [Level._from_c(bids[i]) for i in range(bid_count.value)],
            [Level._from_c(asks[i]) for i in range(ask_count.value)],
        )

    # -- plumbing ---------------------------------------------------------------------------------

    def _gap(self, batch: Any, index: int) -> NoReturn:
        self._raise_gap(index, index, int(batch[index]["sequence"]))

    def _raise_gap(self, index: int, applied: int, received: int) -> NoReturn:
        # Holding self._lock (reads the state the gap left).
        error = current_error(_capi.VELOZ_E_SEQUENCE_GAP)
        assert isinstance(error, SequenceGapError)
        # The book keeps the last applied sequence, so the expected one is that + 1.
        error.index = index
        error.applied = applied
        error.received_sequence = received
        error.expected_sequence = self._state().last_sequence + 1
        raise error

    def _fail(self, status: int) -> NoReturn:
        if status == _capi.VELOZ_E_INVALID_HANDLE and self._closed:
            raise self._closed_error()
        raise current_error(status)

    def __repr__(self) -> str:
        if self._closed:
            return "<DepthBook closed>"
        state = self.state
        flags = [name for name, on in (("stale", state.stale), ("crossed", state.crossed), ("empty", state.empty)) if on]
        return (
            f"<DepthBook {self.top} levels={state.bid_levels}/{state.ask_levels} sequence={state.last_sequence}"
            f"{' ' + ','.join(flags) if flags else ''} gaps={state.gap_count}>"
        )


def depth_updates(sequence: Any, side: Any, price: Any, quantity: Any, order_count: Any = 0) -> "np.ndarray":
    """Builds an update array (``DEPTH_UPDATE_DTYPE``) from columns (scalars or arrays, broadcast);
    ``side`` may be a name for a scalar. Values are range-checked before the cast.

    >>> book.apply(veloz.depth_updates(numpy.arange(1, n + 1), sides, prices, quantities))
    """
    if isinstance(side, str):
        side = int(Side.coerce(side, "depth_updates: side"))
    columns = {"sequence": sequence, "side": side, "price": price, "quantity": quantity, "order_count": order_count}
    return _from_columns(DEPTH_UPDATE_DTYPE, columns, "depth_updates")
