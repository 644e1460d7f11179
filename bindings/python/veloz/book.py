"""The level-3 order book: price-time matching (``mode="matching"``) or a mirror of a venue's
order-by-order feed (``mode="mirror"``: ITCH, LOBSTER, MBO).

Two ways in, one book:

- **Single calls** for interactive use and strategies: :meth:`Book.submit`, :meth:`Book.submit_market`,
  :meth:`Book.add`, :meth:`Book.cancel`, :meth:`Book.reduce`, :meth:`Book.modify`,
  :meth:`Book.replace`, :meth:`Book.execute`. Each is one ctypes call (about a microsecond from
  Python). A refused command raises, with the book unchanged: :class:`~veloz.NotFoundError` for an
  order id that is not resting, :class:`~veloz.DuplicateError` for an id in use,
  :class:`~veloz.InvalidArgumentError` (a ValueError) for a bad quantity, price, side or
  combination, :class:`~veloz.RejectedError` for a business refusal (post-only would cross,
  fill-or-kill cannot fill, self-trade, market order without liquidity, command of the other mode).
  The exception's ``reason`` is the :class:`RejectReason`. The events of single calls (a Rejected
  one included) queue in the book until :meth:`Book.events` (a NumPy array) or
  :meth:`Book.event_list` (dataclasses) takes them, so drain them regularly.
- **Batches** for replay and research: :meth:`Book.apply` takes a NumPy array of ``COMMAND_DTYPE``
  (the bytes of ``veloz_book_command``) and returns every event as an array of ``EVENT_DTYPE``. A
  million commands are one call into the library (ctypes releases the GIL meanwhile); per-command
  rejects are REJECTED events, not exceptions. Build command arrays with :func:`book_commands`
  from columns, or fill ``Book.commands(n)`` yourself.

Threads: the library lets one thread at a time drive a book (every call except
:meth:`Book.read_top` and :meth:`Book.read_levels`). A :class:`Book` serializes those calls with
its own lock, so several Python threads may submit, cancel, apply and query one book; each call
runs whole, in some order. :meth:`Book.read_top` and :meth:`Book.read_levels` take no lock: any
thread may call them at any time when the book was created with ``snapshot_depth >= 1`` (they
read a seqlock-published copy and never see a torn or half-applied state), and ctypes releases
the GIL during each call, so a reader thread runs while :meth:`Book.apply` works.
"""

from __future__ import annotations

import ctypes
import re
import struct
from typing import TYPE_CHECKING, Any, Dict, List, NoReturn, Optional, Tuple, Union

from . import _capi
from ._event_pool import EventPool
from ._handle import INT32_MAX, INT64_MAX, INT64_MIN, NativeHandle, as_int
from ._levels import LevelQueries
from ._library import library, raw_function
from .book_types import (
    COMMAND_DTYPE,
    EVENT_DTYPE,
    BookEvent,
    BookMode,
    BookStats,
    CommandType,
    Depth,
    Level,
    OrderInfo,
    OrderType,
    RejectReason,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TopOfBook,
    _as_dtype_array,
    _from_columns,
    _require_numpy,
    struct_format,
)
from .book_types import np as _numpy
from ._status import current_error
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Book", "book_commands", "release_event_buffers"]

_lib = library()
# veloz_book_submit without argtypes: called with a c_void_p handle and a c_void_p to the Book's own
# command struct, ctypes passes both as they are (the bound version converts and checks each call).
_submit_raw = raw_function("veloz_book_submit")
# The batch functions likewise, called with c_void_p addresses: ctypes.cast per pointer and the
# argtypes conversion cost more than a microsecond per call, as much as a small batch's work.
_apply_raw = raw_function("veloz_book_apply")
_drain_raw = raw_function("veloz_book_drain_events")
_pending_events = _lib.veloz_book_pending_events
_void_p = ctypes.c_void_p
_COMMAND_SIZE = ctypes.sizeof(_capi.veloz_book_command)
_EVENT_SIZE = ctypes.sizeof(_capi.veloz_book_event)

# One struct.pack_into fills a whole veloz_book_command (and range-checks every integer, which
# ctypes field assignment would silently wrap). The format comes from the generated Structure.
_COMMAND_STRUCT = struct.Struct(struct_format(_capi.veloz_book_command))
_pack_command = _COMMAND_STRUCT.pack_into
assert [name for name, _ in _capi.veloz_book_command._fields_] == [
    "type", "side", "order_type", "time_in_force", "flags", "self_trade_prevention", "reserved0", "owner",
    "reserved1", "order_id", "new_order_id", "price", "quantity", "protection_price", "reserved2",
], "veloz_book_command changed: update the _pack_command calls"  # fmt: skip

_SUBMIT = _capi.VELOZ_BOOK_COMMAND_SUBMIT
_ADD = _capi.VELOZ_BOOK_COMMAND_ADD
_LIMIT = _capi.VELOZ_ORDER_TYPE_LIMIT
_MARKET = _capi.VELOZ_ORDER_TYPE_MARKET
_POST_ONLY = _capi.VELOZ_ORDER_FLAGS_POST_ONLY
_PROTECTION = _capi.VELOZ_ORDER_FLAGS_PROTECTION_PRICE
_INVALID_HANDLE = _capi.VELOZ_E_INVALID_HANDLE

# Event memory of apply() and events(), shared by every Book (see veloz._event_pool for the policy).
_event_buffers: EventPool = EventPool(_numpy, EVENT_DTYPE) if _numpy is not None else None  # type: ignore[assignment]


def _lookup(enum_type: Any) -> Dict[Any, int]:
    # Fast lookups for the per-call path: members, their ints and their names map to the C value.
    table: Dict[Any, int] = {}
    for member in enum_type:
        table[member] = table[int(member)] = table[member.name.lower()] = table[member.name] = int(member)
    return table


# Only these classes take the dict fast path: a float 1.0 or True would hash like 1 and slip through.
_SIDE_KEYS = frozenset((str, int, Side))
_TIF_KEYS = frozenset((str, int, TimeInForce))
_SIDES = _lookup(Side)
# The defaults of submit(), compared by identity on the per-order path.
_GTC = "gtc"
_BOOK_DEFAULT = "book_default"
_TIF_GTC = int(TimeInForce.GTC)
_TIFS = _lookup(TimeInForce)
_STPS = _lookup(SelfTradePrevention)

_REASON_PATTERN = re.compile(r"VELOZ_BOOK_REJECT_([A-Z_]+)")


def _enum_value(table: Dict[Any, int], enum_type: Any, value: Any, what: str) -> int:
    # Only a str, an int or the enum's own member may take the table: True or another enum's
    # member would hash like its int and slip through.
    if value.__class__ in (str, int, enum_type):
        found = table.get(value)
        if found is not None:
            return found
    return int(enum_type.coerce(value, what))


class Book(LevelQueries, NativeHandle):
    """A level-3 order book.

    Args:
        mode: ``"matching"`` (the book is the venue: submitted orders match resting ones at the
            maker's price, price-time priority, never crossed) or ``"mirror"`` (it follows a venue's
            feed: added orders rest where the feed says, trades happen only by :meth:`execute`).
        expected_orders: resting orders to preallocate for (more are fine: storage doubles).
        expected_levels: price levels (both sides) to preallocate for.
        snapshot_depth: levels per side published after every command for :meth:`read_top` and
            :meth:`read_levels` from other threads (1..4096); 0 publishes nothing (slightly faster).
        level_events: emit LEVEL_CHANGED events (L2 data); False makes replay faster when nobody
            needs them.
        price_window_ticks: ticks per side kept in the O(1) direct-indexed window around the best
            price (a power of two, 64..2**20).
        self_trade_prevention: the mode for orders that ask for ``"book_default"``:
            ``"cancel_taker"``, ``"cancel_maker"`` or ``"cancel_both"``.
        min_price, max_price: the accepted price range in ticks (within +-2**62).

    >>> with Book() as book:
    ...     book.submit(1, "sell", 101, 5)
    ...     book.submit(2, "buy", 101, 3)          # trades 3 at 101
    ...     book.top                               # TopOfBook(bid=None, ask=Level(101 x 2, 1 orders), ...)
    ...     [str(e) for e in book.event_list()]
    """

    _levels_function = _lib.veloz_book_depth  # for LevelQueries

    def __init__(
        self,
        mode: Union[str, int] = "matching",
        *,
        expected_orders: int = 1 << 16,
        expected_levels: int = 4096,
        snapshot_depth: int = 0,
        level_events: bool = True,
        price_window_ticks: int = 4096,
        self_trade_prevention: Union[str, int] = "cancel_taker",
        min_price: int = 1,
        max_price: int = (1 << 62) - 1,
    ) -> None:
        config = _capi.veloz_book_config()
        config.struct_size = ctypes.sizeof(config)
        config.mode = int(BookMode.coerce(mode, "Book: mode"))
        config.expected_orders = as_int(expected_orders, "Book: expected_orders", -(1 << 31), INT32_MAX)
        config.expected_levels = as_int(expected_levels, "Book: expected_levels", -(1 << 31), INT32_MAX)
        config.snapshot_depth = as_int(snapshot_depth, "Book: snapshot_depth", -(1 << 31), INT32_MAX)
        config.flags = 0 if level_events else _capi.VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS
        config.price_window_ticks = as_int(price_window_ticks, "Book: price_window_ticks", -(1 << 31), INT32_MAX)
        stp = SelfTradePrevention.coerce(self_trade_prevention, "Book: self_trade_prevention")
        config.self_trade_prevention = int(stp)
        config.min_price = as_int(min_price, "Book: min_price", INT64_MIN, INT64_MAX)
        config.max_price = as_int(max_price, "Book: max_price", INT64_MIN, INT64_MAX)
        # In the C config a zero field means "the default"; in Python the defaults are the keyword
        # defaults, so a zero the library would silently replace is a mistake to report.
        for value, rule in (
            (config.expected_orders, "expected_orders must be >= 1"),
            (config.expected_levels, "expected_levels must be >= 1"),
            (config.price_window_ticks, "price_window_ticks must be a power of two in 64..2**20"),
            (config.min_price, "min_price 0 cannot be expressed (the C API reads 0 as its default 1); use -1 to accept 0"),
            (config.max_price, "max_price must be >= min_price and non-zero (the C API reads 0 as its default)"),
        ):
            if value == 0:
                raise InvalidArgumentError(_capi.VELOZ_E_INVALID_ARGUMENT, f"Book: {rule}, got 0")
        if stp == SelfTradePrevention.BOOK_DEFAULT:
            raise InvalidArgumentError(
                _capi.VELOZ_E_INVALID_ARGUMENT,
                "Book: self_trade_prevention must be cancel_taker, cancel_maker or cancel_both (book_default is for orders)",
            )
        handle = ctypes.c_void_p()
        status = _lib.veloz_book_create(ctypes.byref(config), ctypes.byref(handle))
        if status:
            self._raise(status)
        self._mode = BookMode(config.mode)
        self._snapshot_depth = config.snapshot_depth
        self._level_events = bool(level_events)
        # Scratch structs reused by every call: used only under self._lock, so never by two threads at once.
        self._command = _capi.veloz_book_command()
        self._command_ref = ctypes.byref(self._command)
        self._command_address = ctypes.c_void_p(ctypes.addressof(self._command))
        self._top = _capi.veloz_top_of_book()
        self._top_ref = ctypes.byref(self._top)
        self._consumed = ctypes.c_int32()
        self._consumed_ref = ctypes.byref(self._consumed)
        self._written = ctypes.c_int32()
        self._written_ref = ctypes.byref(self._written)
        # Bound functions cached on the instance: saves attribute lookups on the per-call path.
        self._submit_fn = _lib.veloz_book_submit
        self._cancel_fn = _lib.veloz_book_cancel
        self._adopt(handle, _lib.veloz_book_destroy)

    # -- configuration ----------------------------------------------------------------------------

    @property
    def mode(self) -> BookMode:
        """``BookMode.MATCHING`` or ``BookMode.MIRROR``."""
        return self._mode

    @property
    def snapshot_depth(self) -> int:
        """Levels per side published for :meth:`read_top` / :meth:`read_levels` (0: none)."""
        return self._snapshot_depth

    @property
    def level_events(self) -> bool:
        """Whether the book emits LEVEL_CHANGED events."""
        return self._level_events

    # -- single commands --------------------------------------------------------------------------

    def submit(
        self,
        order_id: int,
        side: Union[str, int],
        price: int,
        quantity: int,
        *,
        time_in_force: Union[str, int] = _GTC,
        post_only: bool = False,
        owner: int = 0,
        self_trade_prevention: Union[str, int] = _BOOK_DEFAULT,
    ) -> None:
        """Matching book: a limit order of ``quantity`` at ``price`` (ticks). It trades with resting
        orders at their prices as far as its limit allows; the rest rests (``"gtc"``), expires
        (``"ioc"``), or the whole order is refused unless it can fill completely (``"fok"``).
        ``post_only`` refuses it if it would trade on arrival. ``owner`` (non-zero) enables
        self-trade prevention against the owner's resting orders, in ``self_trade_prevention`` mode.

        ``side`` is ``"buy"``/``"sell"``, a :class:`Side` or 1/2. Raises RejectedError (post-only
        would cross, FOK cannot fill, self-trade, mirror book), DuplicateError (id resting) or
        InvalidArgumentError; the book is then unchanged.
        """
        # The per-order path, inlined: each Python call, lookup and attribute read here costs tens of
        # ns, as much as the library's whole submit. Defaults are tested by identity, globals are
        # cheaper than attributes, and the raw function pointer skips ctypes' argument conversion.
        side_value = _SIDES.get(side) if side.__class__ in _SIDE_KEYS else None
        if side_value is None:
            side_value = _enum_value(_SIDES, Side, side, "submit: side")
        if time_in_force is _GTC:
            tif = _TIF_GTC
        else:
            tif = _enum_value(_TIFS, TimeInForce, time_in_force, "submit: time_in_force")
        if self_trade_prevention is _BOOK_DEFAULT:
            stp = 0
        else:
            stp = _enum_value(_STPS, SelfTradePrevention, self_trade_prevention, "submit: self_trade_prevention")
        with self._lock:
            try:
                _pack_command(
                    self._command, 0, _SUBMIT, side_value, _LIMIT, tif, _POST_ONLY if post_only else 0, stp, 0, owner,
                    0, order_id, 0, price, quantity, 0, 0,
                )  # fmt: skip
            except struct.error:
                self._check_command_fields(order_id, owner, price, quantity, 0)
                raise
            status = _submit_raw(self._handle, self._command_address)
            if status:
                self._fail(status)

    def submit_market(
        self,
        order_id: int,
        side: Union[str, int],
        quantity: int,
        *,
        time_in_force: Union[str, int] = "ioc",
        protection_price: Optional[int] = None,
        owner: int = 0,
        self_trade_prevention: Union[str, int] = "book_default",
    ) -> None:
        """Matching book: a market order. It trades at any price, or no worse than
        ``protection_price`` (a buy no higher, a sell no lower), and never rests: ``"fok"`` makes it
        all-or-nothing, otherwise the unfilled rest expires. Raises RejectedError when nothing can
        trade (no liquidity within the protection price) or FOK cannot fill, InvalidArgumentError for a
        protection price outside the book's price range; the book is unchanged."""
        tif = _enum_value(_TIFS, TimeInForce, time_in_force, "submit_market: time_in_force")
        if protection_price is None:
            flags, protection = 0, 0
        else:
            flags, protection = _PROTECTION, protection_price
        self._send(_SUBMIT, order_id, side, _MARKET, tif, flags, self_trade_prevention, owner, 0, quantity, protection)

    def add(self, order_id: int, side: Union[str, int], price: int, quantity: int, *, owner: int = 0) -> None:
        """Mirror book: the feed added an order; it rests at ``price`` without matching, even crossed.
        RejectedError in a matching book; DuplicateError for an id in use."""
        self._send(_ADD, order_id, side, 0, 0, 0, 0, owner, price, quantity, 0)

    def _send(
        self, kind: int, order_id: Any, side: Any, order_type: int, tif: int, flags: int, stp: Any, owner: Any,
        price: Any, quantity: Any, protection: Any,
    ) -> None:  # fmt: skip
        side_value = _SIDES.get(side) if side.__class__ in _SIDE_KEYS else None
        if side_value is None:
            side_value = _enum_value(_SIDES, Side, side, "book: side")
        stp_value = 0 if stp == "book_default" else _enum_value(_STPS, SelfTradePrevention, stp, "book: self_trade_prevention")
        with self._lock:
            try:
                _pack_command(
                    self._command, 0, kind, side_value, order_type, tif, flags, stp_value, 0, owner, 0, order_id, 0,
                    price, quantity, protection, 0,
                )  # fmt: skip
            except struct.error:
                self._check_command_fields(order_id, owner, price, quantity, protection)
                raise
            status = _submit_raw(self._handle, self._command_address)
            if status:
                self._fail(status)

    @staticmethod
    def _check_command_fields(order_id: Any, owner: Any, price: Any, quantity: Any, protection: Any) -> None:
        # struct.error says "argument out of range" without naming which; say which, as ValueError/TypeError.
        as_int(order_id, "order_id", INT64_MIN, INT64_MAX)
        as_int(owner, "owner", 0, (1 << 32) - 1)
        as_int(price, "price", INT64_MIN, INT64_MAX)
        as_int(quantity, "quantity", INT64_MIN, INT64_MAX)
        as_int(protection, "protection_price", INT64_MIN, INT64_MAX)

    def cancel(self, order_id: int) -> None:
        """Removes a resting order (a Delete in a mirror book). NotFoundError when no such order
        rests (never issued, filled or cancelled); the book is unchanged."""
        if not -0x8000000000000000 <= order_id <= 0x7FFFFFFFFFFFFFFF:
            order_id = as_int(order_id, "cancel: order_id", INT64_MIN, INT64_MAX)
        with self._lock:
            status = self._cancel_fn(self._handle, order_id)
            if status:
                self._fail(status)

    #: Mirror-book spelling of :meth:`cancel` (the feed's "delete").
    delete = cancel

    def reduce(self, order_id: int, quantity: int) -> None:
        """Takes ``quantity`` off a resting order, keeping its queue priority; all of it removes the
        order. InvalidArgumentError for more than it has left, NotFoundError for an unknown id."""
        order_id = as_int(order_id, "reduce: order_id", INT64_MIN, INT64_MAX)
        quantity = as_int(quantity, "reduce: quantity", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_book_reduce(self._handle, order_id, quantity)
            if status:
                self._fail(status)

    def modify(self, order_id: int, price: int, quantity: int) -> None:
        """Sets a resting order's price and remaining quantity. The same price and no more quantity
        keeps its queue priority; anything else sends it to the back, and in a matching book a
        crossing price trades at once. RejectedError for a post-only order that would cross, or
        (reason SELF_TRADE) when its first match would be its own owner's order under cancel_taker:
        the order then rests as it was, as a submit of it would be rejected."""
        order_id = as_int(order_id, "modify: order_id", INT64_MIN, INT64_MAX)
        price = as_int(price, "modify: price", INT64_MIN, INT64_MAX)
        quantity = as_int(quantity, "modify: quantity", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_book_modify(self._handle, order_id, price, quantity)
            if status:
                self._fail(status)

    def replace(self, order_id: int, new_order_id: int, price: int, quantity: int) -> None:
        """Removes a resting order and enters ``new_order_id`` on the same side at ``price`` and
        ``quantity``, without priority (ITCH "U"); in a matching book it may trade. DuplicateError
        when ``new_order_id`` rests already or equals ``order_id``; RejectedError (SELF_TRADE) as for
        :meth:`modify`."""
        order_id = as_int(order_id, "replace: order_id", INT64_MIN, INT64_MAX)
        new_order_id = as_int(new_order_id, "replace: new_order_id", INT64_MIN, INT64_MAX)
        price = as_int(price, "replace: price", INT64_MIN, INT64_MAX)
        quantity = as_int(quantity, "replace: quantity", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_book_replace(self._handle, order_id, new_order_id, price, quantity)
            if status:
                self._fail(status)

    def execute(self, order_id: int, quantity: int) -> None:
        """Mirror book: the venue executed ``quantity`` of a resting order (a TRADE event; the order
        is done when nothing is left). RejectedError in a matching book."""
        order_id = as_int(order_id, "execute: order_id", INT64_MIN, INT64_MAX)
        quantity = as_int(quantity, "execute: quantity", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_book_execute(self._handle, order_id, quantity)
            if status:
                self._fail(status)

    def submit_command(self, command: Any) -> None:
        """Enters one SUBMIT (matching) or ADD (mirror) command given as a ``veloz_book_command``
        ctypes Structure or a record (or one-element array) of ``COMMAND_DTYPE``."""
        if isinstance(command, _capi.veloz_book_command):
            source: Any = ctypes.byref(command)
        else:
            numpy = _require_numpy()
            array = _as_dtype_array(numpy.asarray(command).reshape(-1), COMMAND_DTYPE, "veloz_book_command")
            if len(array) != 1:
                raise TypeError(f"submit_command takes one command, got {len(array)}; use apply() for batches")
            source = array.ctypes.data
        with self._lock:
            ctypes.memmove(self._command_ref, source, _COMMAND_SIZE)
            status = self._submit_fn(self._handle, self._command_ref)
            if status:
                self._fail(status)

    # -- batches ----------------------------------------------------------------------------------

    @staticmethod
    def commands(count: int) -> "np.ndarray":
        """A zeroed array of ``count`` commands (``COMMAND_DTYPE``) to fill column by column."""
        numpy = _require_numpy()
        return numpy.zeros(as_int(count, "commands: count", 0, INT64_MAX), dtype=COMMAND_DTYPE)

    def apply(self, commands: Any) -> "np.ndarray":
        """Processes every command of ``commands`` in order and returns all events: those queued
        before the call first, then the batch's, as an array of ``EVENT_DTYPE`` (oldest first).

        ``commands`` is a NumPy array whose dtype is exactly ``COMMAND_DTYPE`` (or any buffer with
        that layout: a ctypes array of ``veloz_book_command``); any other dtype raises TypeError.
        Read-only arrays are passed without a copy. The batch is one library call unless the events
        outgrow the output buffer, which then grows and the call continues where it stopped (the
        library never loses an event). A refused command is a REJECTED event, not an exception.

        The result is the caller's: nothing overwrites it later. It may be a view of a buffer that
        later calls reuse once the result (and every view of it) is gone, so it does not own its
        data: copy it before ``resize``. :func:`veloz.release_event_buffers` frees those buffers.
        """
        batch = _as_dtype_array(commands, COMMAND_DTYPE, "veloz_book_command")
        with self._lock:
            return self._apply_locked(batch)

    def _apply_locked(self, batch: Any) -> "np.ndarray":
        # Holding self._lock (the scratch counters and the queue of events are the book's).
        total = len(batch)
        handle = self._handle  # NULL once closed: the call then fails with "Book is closed"
        consumed = self._consumed
        written = self._written
        commands_address = batch.ctypes.data
        # Two events per command covers a mirror feed with level events (add: accepted + level
        # changed); matching flows with trades grow the buffer a few times at most (doubling).
        buffer = _event_buffers.take(_pending_events(handle) + 2 * total + 64)
        try:
            position = 0
            filled = 0
            while True:
                room = min(buffer.capacity - filled, INT32_MAX)
                status = _apply_raw(
                    handle, _void_p(commands_address + position * _COMMAND_SIZE), min(total - position, INT32_MAX),
                    self._consumed_ref, _void_p(buffer.address + filled * _EVENT_SIZE), room, self._written_ref,
                )  # fmt: skip
                if status:
                    self._fail(status)
                position += consumed.value
                filled += written.value
                # Events stay queued only when the buffer filled; a buffer with room left is the end.
                if position == total and written.value < room:
                    break
                pending = _pending_events(handle)
                if position == total and pending == 0:
                    break
                # The buffer filled: go on in a larger one (the library kept the events that did not fit).
                larger = _event_buffers.take(max(2 * buffer.capacity, filled + pending + 2 * (total - position) + 64))
                ctypes.memmove(larger.address, buffer.address, filled * _EVENT_SIZE)
                # Swapped before the give-back: an exception now returns each buffer once.
                buffer, full = larger, buffer
                _event_buffers.give_back(full)
            # The view (or copy) is made before the buffer goes back: from then on it keeps the buffer busy.
            return _event_buffers.result(buffer, filled)
        finally:
            _event_buffers.give_back(buffer)

    def apply_into(self, commands: Any, events: Any) -> Tuple[int, int]:
        """The library's ``veloz_book_apply`` as it is: processes commands while their events fit
        into ``events`` (a writable array of ``EVENT_DTYPE``, reused across calls: no allocation) and
        returns ``(consumed, written)``. When ``consumed < len(commands)`` the buffer filled: take the
        events, then call again with ``commands[consumed:]``. Queued events are copied first."""
        numpy = _require_numpy()
        batch = _as_dtype_array(commands, COMMAND_DTYPE, "veloz_book_command")
        if not isinstance(events, numpy.ndarray) or events.dtype != EVENT_DTYPE or not events.flags.c_contiguous:
            raise TypeError("apply_into: events must be a C-contiguous NumPy array of veloz.EVENT_DTYPE")
        if not events.flags.writeable:
            raise TypeError("apply_into: events must be writable")
        with self._lock:
            status = _apply_raw(
                self._handle, _void_p(batch.ctypes.data), min(len(batch), INT32_MAX), self._consumed_ref,
                _void_p(events.ctypes.data), min(events.size, INT32_MAX), self._written_ref,
            )  # fmt: skip
            if status:
                self._fail(status)
            return self._consumed.value, self._written.value

    # -- events -----------------------------------------------------------------------------------

    @property
    def pending_events(self) -> int:
        """Events queued and not yet taken."""
        self._ensure_open()
        with self._lock:
            return int(_pending_events(self._handle))

    def events(self) -> "np.ndarray":
        """Takes every queued event, oldest first, as an array of ``EVENT_DTYPE`` (one call). Like
        :meth:`apply`'s result, it is the caller's and may be a view of a reused buffer."""
        _require_numpy()
        with self._lock:
            handle = self._handle  # NULL once closed: the call then fails with "Book is closed"
            buffer = _event_buffers.take(_pending_events(handle))
            try:
                status = _drain_raw(handle, _void_p(buffer.address), min(buffer.capacity, INT32_MAX), self._written_ref)
                if status:
                    self._fail(status)
                return _event_buffers.result(buffer, self._written.value)
            finally:
                _event_buffers.give_back(buffer)

    def event_list(self) -> List[BookEvent]:
        """Takes every queued event as a list of :class:`BookEvent` dataclasses (convenient, not fast:
        use :meth:`events` for many)."""
        return BookEvent.list_from(self.events())

    def clear_events(self) -> int:
        """Discards every queued event; returns how many there were."""
        return len(self.events())

    # -- queries (under the book's lock) ----------------------------------------------------------

    @property
    def top(self) -> TopOfBook:
        """Best bid and ask (None for an empty side) with quantity and order count, and the number
        of commands processed as the sequence. Waits for a call another thread is making on the
        book; :meth:`read_top` never waits."""
        with self._lock:
            status = _lib.veloz_book_best(self._handle, self._top_ref)
            if status:
                self._fail(status)
            return TopOfBook._from_c(self._top)

    def _level_count(self, side: int) -> int:
        # Holding self._lock.
        stats = self._stats()
        return stats.bid_level_count if side == _capi.VELOZ_SIDE_BUY else stats.ask_level_count

    def order(self, order_id: int) -> Optional[OrderInfo]:
        """The resting order ``order_id`` (side, price, remaining quantity, what is ahead of it in
        its queue), or None when no such order rests."""
        info = _capi.veloz_order_info()
        order_id = as_int(order_id, "order: order_id", INT64_MIN, INT64_MAX)
        with self._lock:
            status = _lib.veloz_book_order(self._handle, order_id, ctypes.byref(info))
            if status == _capi.VELOZ_E_NOT_FOUND:
                return None
            if status:
                self._fail(status)
        return OrderInfo._from_c(info)

    def __contains__(self, order_id: object) -> bool:
        """``order_id in book``: whether that order rests."""
        try:
            return self.order(order_id) is not None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False

    @property
    def hash(self) -> int:
        """A 64-bit hash of the whole resting state (every order in price-time order), the same in
        every language for the same state (O(orders)). Equal hashes: equal books."""
        out = ctypes.c_uint64()
        with self._lock:
            status = _lib.veloz_book_hash(self._handle, ctypes.byref(out))
            if status:
                self._fail(status)
        return out.value

    @property
    def stats(self) -> BookStats:
        """Counters: resting orders, levels per side, commands, rejects, trades, traded volume."""
        with self._lock:
            return self._stats()

    def _stats(self) -> BookStats:
        # Holding self._lock.
        raw = _capi.veloz_book_stats()
        raw.struct_size = ctypes.sizeof(raw)
        status = _lib.veloz_book_get_stats(self._handle, ctypes.byref(raw))
        if status:
            self._fail(status)
        return BookStats._from_c(raw)

    # -- queries (any thread) ---------------------------------------------------------------------

    def read_top(self) -> TopOfBook:
        """The best bid and ask published after the latest command that changed them, from any
        thread, lock-free and never torn (needs ``snapshot_depth >= 1``, else StateError). The owner
        thread is never blocked by readers."""
        out = _capi.veloz_top_of_book()  # not the shared scratch struct: any thread may call this
        status = _lib.veloz_book_read_top(self._handle, ctypes.byref(out))
        if status:
            self._fail(status)
        return TopOfBook._from_c(out)

    def read_levels(self, count: Optional[int] = None) -> Depth:
        """Up to ``count`` published levels per side (default ``snapshot_depth``) from one
        consistent publish, from any thread (needs ``snapshot_depth >= 1``)."""
        count = self._snapshot_depth if count is None else as_int(count, "read_levels: count", 0, INT32_MAX)
        bids = (_capi.veloz_level * count)()
        asks = (_capi.veloz_level * count)()
        bid_count = ctypes.c_int32()
        ask_count = ctypes.c_int32()
        status = _lib.veloz_book_read_levels(
            self._handle, bids, asks, count, ctypes.byref(bid_count), ctypes.byref(ask_count)
        )
        if status:
            self._fail(status)
        return Depth(
            [Level._from_c(bids[i]) for i in range(bid_count.value)],
            [Level._from_c(asks[i]) for i in range(ask_count.value)],
        )

    # -- plumbing ---------------------------------------------------------------------------------

    def _fail(self, status: int) -> NoReturn:
        if status == _INVALID_HANDLE and self._closed:
            raise self._closed_error()
        error = current_error(status)
        # The library names the reject reason's C constant in its message; expose it as an enum.
        match = _REASON_PATTERN.search(error.message)
        reason: Optional[RejectReason] = None
        if match is not None:
            reason = RejectReason.__members__.get(match.group(1))
        error.reason = reason  # type: ignore[attr-defined]
        raise error

    def __repr__(self) -> str:
        mode = self._mode.name.lower() if hasattr(self, "_mode") else "uninitialized"
        if self._closed:
            return f"<Book {mode} closed>"
        stats = self.stats
        top = self.top
        return (
            f"<Book {mode} {top} orders={stats.order_count} levels={stats.bid_level_count}/{stats.ask_level_count} "
            f"commands={stats.command_count} trades={stats.trade_count} pending_events={self.pending_events}>"
        )


def book_commands(
    type: Any,
    order_id: Any,
    *,
    side: Any = 0,
    price: Any = 0,
    quantity: Any = 0,
    new_order_id: Any = 0,
    order_type: Any = 0,
    time_in_force: Any = 0,
    flags: Any = 0,
    self_trade_prevention: Any = 0,
    owner: Any = 0,
    protection_price: Any = 0,
) -> "np.ndarray":
    """Builds a command array (``COMMAND_DTYPE``) from columns: each argument is a scalar or an
    array, broadcast to a common length. Enum-valued scalars may be names (``type="add"``,
    ``side="sell"``) or members. Every value is range-checked against its C field before the cast
    (a side of 300 or a float price raises instead of wrapping or truncating).

    >>> veloz.book_commands("add", ids, side=numpy.where(direction > 0, 1, 2), price=prices, quantity=sizes)
    """
    columns: Dict[str, Any] = {
        "type": _enum_column(type, CommandType, "type"),
        "order_id": order_id,
        "side": _enum_column(side, Side, "side"),
        "price": price,
        "quantity": quantity,
        "new_order_id": new_order_id,
        "order_type": _enum_column(order_type, OrderType, "order_type"),
        "time_in_force": _enum_column(time_in_force, TimeInForce, "time_in_force"),
        "flags": flags,
        "self_trade_prevention": _enum_column(self_trade_prevention, SelfTradePrevention, "self_trade_prevention"),
        "owner": owner,
        "protection_price": protection_price,
    }
    return _from_columns(COMMAND_DTYPE, columns, "book_commands")


def release_event_buffers() -> int:
    """Frees the event buffers that :meth:`Book.apply` and :meth:`Book.events` keep for reuse (at
    most a few, 64 MiB in all, released anyway after 64 calls without use) and returns their size in
    bytes. A buffer that a result still views is freed with that result. Later calls allocate anew."""
    return _event_buffers.release() if _event_buffers is not None else 0


def _enum_column(value: Any, enum_type: Any, what: str) -> Any:
    if isinstance(value, str):
        return int(enum_type.coerce(value, f"book_commands: {what}"))
    return value
