"""Values of the order books: enums, small dataclasses, and NumPy dtypes with the ABI's layouts.

Every constant comes from the generated declarations (``_capi.py``) and every dtype is built from the
generated ctypes Structures' own field offsets and sizes, so neither can drift from ``veloz.h``.

The dtypes (``COMMAND_DTYPE``, ``EVENT_DTYPE``, ``LEVEL_DTYPE``, ``DEPTH_UPDATE_DTYPE``) describe the
bytes of ``veloz_book_command``, ``veloz_book_event``, ``veloz_level`` and ``veloz_depth_update``
exactly: an array of them crosses the ABI without a copy. They exist when NumPy is installed (the
single-order calls and the queries work without it).
"""

from __future__ import annotations

import ctypes
import enum
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Type, TypeVar, Union

from . import _capi
from .errors import InvalidArgumentError

try:
    import numpy as np
except ImportError:  # the array API needs NumPy; everything else works without it
    np = None  # type: ignore[assignment]

if TYPE_CHECKING:
    import numpy

__all__ = [
    "Side",
    "BookMode",
    "OrderType",
    "TimeInForce",
    "SelfTradePrevention",
    "CommandType",
    "EventType",
    "EventFlags",
    "RejectReason",
    "DoneReason",
    "DepthStatus",
    "Level",
    "TopOfBook",
    "Depth",
    "OrderInfo",
    "BookStats",
    "BookEvent",
    "DepthState",
    "COMMAND_DTYPE",
    "EVENT_DTYPE",
    "LEVEL_DTYPE",
    "DEPTH_UPDATE_DTYPE",
    "struct_dtype",
]


def _constants(prefix: str, *other_enums: str) -> Dict[str, int]:
    # VELOZ_SIDE_BUY -> {"BUY": 1}: the enum members are the generated constants, never retyped.
    # other_enums: prefixes of other C enums that start with this one (VELOZ_BOOK_EVENT_FLAGS_).
    return {
        name[len(prefix):]: value
        for name, value in vars(_capi).items()
        if name.startswith(prefix) and not name.startswith(other_enums) and isinstance(value, int)
    }


class _NamedEnum(enum.IntEnum):
    """An IntEnum that also accepts its case-insensitive name ("buy", "Buy", "BUY")."""

    @classmethod
    def coerce(cls: Type["_E"], value: Any, what: str) -> "_E":
        """``value`` (a member, its int, or its name) as a member; InvalidArgumentError otherwise."""
        if isinstance(value, str):
            member = cls.__members__.get(value.upper())
            if member is not None:
                return member
        elif isinstance(value, cls):
            return value
        elif not isinstance(value, (bool, enum.Enum)):  # True is not BUY, TimeInForce.IOC is not BUY
            try:
                return cls(value)
            except (ValueError, TypeError):
                pass
        names = ", ".join(f"{m.name.lower()} ({m.value})" for m in cls)
        raise InvalidArgumentError(
            _capi.VELOZ_E_INVALID_ARGUMENT, f"{what} must be one of {names}, got {value!r}"
        )

    def __str__(self) -> str:
        return self.name.lower()


_E = TypeVar("_E", bound=_NamedEnum)

Side = _NamedEnum("Side", _constants("VELOZ_SIDE_"), module=__name__)
Side.__doc__ = "Side of an order or a book: ``BUY`` (1, bids) or ``SELL`` (2, asks). ``veloz_side``."
BookMode = _NamedEnum("BookMode", _constants("VELOZ_BOOK_MODE_"), module=__name__)
BookMode.__doc__ = "``MATCHING`` (the book is the venue) or ``MIRROR`` (it mirrors a venue's feed)."
OrderType = _NamedEnum("OrderType", _constants("VELOZ_ORDER_TYPE_"), module=__name__)
OrderType.__doc__ = "``LIMIT`` or ``MARKET`` (``veloz_order_type``)."
TimeInForce = _NamedEnum("TimeInForce", _constants("VELOZ_TIME_IN_FORCE_"), module=__name__)
TimeInForce.__doc__ = "``GTC``, ``IOC`` or ``FOK`` (``veloz_time_in_force``)."
SelfTradePrevention = _NamedEnum("SelfTradePrevention", _constants("VELOZ_SELF_TRADE_PREVENTION_"), module=__name__)
SelfTradePrevention.__doc__ = (
    "What happens when a taker meets a resting order of its own non-zero owner: ``CANCEL_TAKER``, "
    "``CANCEL_MAKER``, ``CANCEL_BOTH``; ``BOOK_DEFAULT`` uses the book's mode."
)
CommandType = _NamedEnum("CommandType", _constants("VELOZ_BOOK_COMMAND_"), module=__name__)
CommandType.__doc__ = "The ``type`` of a ``veloz_book_command`` (SUBMIT, CANCEL, REDUCE, MODIFY, REPLACE, ADD, EXECUTE, DELETE)."
EventType = _NamedEnum("EventType", _constants("VELOZ_BOOK_EVENT_", "VELOZ_BOOK_EVENT_FLAGS_"), module=__name__)
EventType.__doc__ = "The ``type`` of a ``veloz_book_event`` (ACCEPTED, REJECTED, TRADE, ORDER_DONE, MODIFIED, LEVEL_CHANGED)."
RejectReason = _NamedEnum("RejectReason", _constants("VELOZ_BOOK_REJECT_"), module=__name__)
RejectReason.__doc__ = "Why the book refused a command (the ``reason`` of a REJECTED event)."
DoneReason = _NamedEnum("DoneReason", _constants("VELOZ_ORDER_DONE_"), module=__name__)
DoneReason.__doc__ = "Why an order finished (the ``reason`` of an ORDER_DONE event)."


class EventFlags(enum.IntFlag):
    """Extra facts about an event (``veloz_book_event_flags``)."""

    NONE = _capi.VELOZ_BOOK_EVENT_FLAGS_NONE
    #: LEVEL_CHANGED: the level is (or, emptied, was) the best of its side.
    TOP_OF_BOOK = _capi.VELOZ_BOOK_EVENT_FLAGS_TOP_OF_BOOK
    #: MODIFIED: the order moved to the back of its level.
    LOST_PRIORITY = _capi.VELOZ_BOOK_EVENT_FLAGS_LOST_PRIORITY


class DepthStatus(enum.IntFlag):
    """Condition of a depth book (``veloz_depth_status``); ``OK`` (0) when no flag holds."""

    OK = _capi.VELOZ_DEPTH_STATUS_OK
    #: A sequence gap was seen; updates are refused until the next snapshot.
    STALE = _capi.VELOZ_DEPTH_STATUS_STALE
    #: Best bid >= best ask.
    CROSSED = _capi.VELOZ_DEPTH_STATUS_CROSSED
    #: No level on either side.
    EMPTY = _capi.VELOZ_DEPTH_STATUS_EMPTY


def _member_or_int(enum_type: Any, value: int) -> Any:
    # Events echo what a rejected command carried, so a side may be 0 or garbage: keep such values as ints.
    try:
        return enum_type(value)
    except ValueError:
        return value


# ---- dataclasses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One price level: price in ticks, total quantity resting there, number of orders (0 when an
    L2 feed does not publish it)."""

    price: int
    quantity: int
    order_count: int = 0

    @classmethod
    def _from_c(cls, raw: _capi.veloz_level) -> "Level":
        return cls(raw.price, raw.quantity, raw.order_count)

    def __repr__(self) -> str:
        # Positional, so the repr is also the constructor call (and short in lists of levels).
        return f"Level({self.price}, {self.quantity}, {self.order_count})"


def _level_or_none(raw: _capi.veloz_level) -> Optional[Level]:
    # The C API reports an empty side as an all-zero level; a valid level always has quantity > 0.
    return Level(raw.price, raw.quantity, raw.order_count) if raw.quantity else None


@dataclass(frozen=True)
class TopOfBook:
    """Best bid and best ask (``None`` for an empty side) and the sequence they belong to (order
    book: commands processed; depth book: the feed sequence of the last update)."""

    bid: Optional[Level]
    ask: Optional[Level]
    sequence: int

    @classmethod
    def _from_c(cls, raw: _capi.veloz_top_of_book) -> "TopOfBook":
        return cls(_level_or_none(raw.bid), _level_or_none(raw.ask), raw.sequence)

    @property
    def spread(self) -> Optional[int]:
        """Best ask - best bid in ticks, or None when a side is empty."""
        if self.bid is None or self.ask is None:
            return None
        return self.ask.price - self.bid.price

    @property
    def crossed(self) -> bool:
        """True when both sides exist and the best bid is at or above the best ask."""
        spread = self.spread
        return spread is not None and spread <= 0

    def __str__(self) -> str:
        bid = f"{self.bid.quantity}@{self.bid.price}" if self.bid else "-"
        ask = f"{self.ask.quantity}@{self.ask.price}" if self.ask else "-"
        return f"{bid} | {ask}"


@dataclass(frozen=True)
class Depth:
    """The best levels of both sides, best first (bids from the highest price, asks from the lowest)."""

    bids: List[Level]
    asks: List[Level]


@dataclass(frozen=True)
class OrderInfo:
    """A resting order as the book knows it (``veloz_order_info``)."""

    order_id: int
    side: Side
    price: int
    #: Quantity still resting.
    remaining_quantity: int
    #: Total quantity of the orders ahead of it at its price (what must trade before it does).
    quantity_ahead: int
    #: Number of orders ahead of it at its price.
    orders_ahead: int
    #: Owner id for self-trade prevention (0 = none).
    owner: int
    #: Post-only (kept for later modifies and replaces).
    post_only: bool
    #: The self-trade prevention mode it was given, resolved (never BOOK_DEFAULT).
    self_trade_prevention: SelfTradePrevention

    @classmethod
    def _from_c(cls, raw: _capi.veloz_order_info) -> "OrderInfo":
        return cls(
            order_id=raw.order_id,
            side=_member_or_int(Side, raw.side),
            price=raw.price,
            remaining_quantity=raw.remaining_quantity,
            quantity_ahead=raw.quantity_ahead,
            orders_ahead=raw.orders_ahead,
            owner=raw.owner,
            post_only=bool(raw.flags & _capi.VELOZ_ORDER_FLAGS_POST_ONLY),
            self_trade_prevention=_member_or_int(SelfTradePrevention, raw.self_trade_prevention),
        )


@dataclass(frozen=True)
class BookStats:
    """Counters of an order book (``veloz_book_stats``)."""

    #: Resting orders.
    order_count: int
    #: Non-empty bid price levels.
    bid_level_count: int
    #: Non-empty ask price levels.
    ask_level_count: int
    #: Commands processed, rejected ones included (the sequence of the latest command).
    command_count: int
    #: Commands rejected.
    rejected_count: int
    #: Commands rejected because they named an order id that is not resting.
    unknown_order_count: int
    #: Trade events.
    trade_count: int
    #: Sum of traded quantity (it stays at 2**63 - 1 once it gets there).
    trade_volume: int
    #: Commands after which the book was crossed (best bid >= best ask): 0 in a matching book; in a
    #: mirror book, a feed whose deletes went unreported.
    crossed_count: int

    @classmethod
    def _from_c(cls, raw: _capi.veloz_book_stats) -> "BookStats":
        return cls(
            raw.order_count,
            raw.bid_level_count,
            raw.ask_level_count,
            raw.command_count,
            raw.rejected_count,
            raw.unknown_order_count,
            raw.trade_count,
            raw.trade_volume,
            raw.crossed_count,
        )


@dataclass(frozen=True)
class BookEvent:
    """One thing that happened in an order book (a ``veloz_book_event`` as Python values).

    Which fields mean what depends on ``type`` (see ``veloz_book_event`` in veloz.h): for a TRADE,
    ``order_id`` is the maker, ``other_order_id`` the taker (0 for a mirror execute), ``side`` the
    aggressor's side, ``price`` the maker's price and ``remaining_quantity`` what the maker has
    left; for LEVEL_CHANGED, ``price``/``quantity``/``order_count`` describe the level after the
    change (quantity 0: the level is gone). ``reason`` is a :class:`RejectReason` for REJECTED, a
    :class:`DoneReason` for ORDER_DONE, else None.
    """

    type: EventType
    side: Union[Side, int]
    reason: Union[RejectReason, DoneReason, None]
    flags: EventFlags
    command_type: Union[CommandType, int]
    order_count: int
    sequence: int
    order_id: int
    other_order_id: int
    price: int
    quantity: int
    remaining_quantity: int

    @classmethod
    def _from_values(cls, values: Tuple[int, ...]) -> "BookEvent":
        kind = _member_or_int(EventType, values[_EVENT_TYPE])
        raw_reason = values[_EVENT_REASON]
        if kind == EventType.REJECTED:
            reason: Any = _member_or_int(RejectReason, raw_reason)
        elif kind == EventType.ORDER_DONE:
            reason = _member_or_int(DoneReason, raw_reason)
        else:
            reason = None
        return cls(
            type=kind,
            side=_member_or_int(Side, values[_EVENT_SIDE]),
            reason=reason,
            flags=EventFlags(values[_EVENT_FLAGS]),
            command_type=_member_or_int(CommandType, values[_EVENT_COMMAND_TYPE]),
            order_count=values[_EVENT_ORDER_COUNT],
            sequence=values[_EVENT_SEQUENCE],
            order_id=values[_EVENT_ORDER_ID],
            other_order_id=values[_EVENT_OTHER_ORDER_ID],
            price=values[_EVENT_PRICE],
            quantity=values[_EVENT_QUANTITY],
            remaining_quantity=values[_EVENT_REMAINING],
        )

    @staticmethod
    def list_from(events: Any) -> List["BookEvent"]:
        """Converts an array of ``EVENT_DTYPE`` (what :meth:`Book.apply` and :meth:`Book.events`
        return) into a list of BookEvent, oldest first."""
        array = _as_dtype_array(events, _require_numpy().dtype(EVENT_DTYPE), "veloz_book_event")
        return [BookEvent._from_values(values) for values in array.tolist()]

    def __str__(self) -> str:
        kind = self.type.name if isinstance(self.type, EventType) else str(self.type)
        parts = [f"#{self.sequence} {kind}"]
        if self.type == EventType.LEVEL_CHANGED:
            parts.append(f"{self.side} {self.quantity}@{self.price} ({self.order_count} orders)")
        else:
            parts.append(f"order {self.order_id} {self.side} {self.quantity}@{self.price}")
        if self.type == EventType.TRADE:
            parts.append(f"taker {self.other_order_id}, maker left {self.remaining_quantity}")
        if self.reason is not None:
            parts.append(f"reason {self.reason.name if isinstance(self.reason, enum.Enum) else self.reason}")
        return " ".join(parts)


@dataclass(frozen=True)
class DepthState:
    """Status flags, level counts, sequences and counters of a depth book (``veloz_depth_state``)."""

    status: DepthStatus
    bid_levels: int
    ask_levels: int
    #: Sequence of the last applied update or snapshot; the next update must carry this + 1.
    last_sequence: int
    #: Sequence of the last loaded snapshot (0 for a new book's implicit empty one).
    snapshot_sequence: int
    update_count: int
    snapshot_count: int
    #: Sequence gaps seen (each made the book stale).
    gap_count: int
    dropped_stale_count: int
    #: Updates dropped because their sequence was at or below the last applied one.
    dropped_old_count: int
    #: Updates, batches and snapshots that left the book crossed.
    crossed_count: int
    #: Deletes of prices that were not in the book.
    unknown_level_count: int
    invalid_count: int

    @property
    def stale(self) -> bool:
        """A gap was seen: levels are out of date until the next snapshot."""
        return bool(self.status & DepthStatus.STALE)

    @property
    def crossed(self) -> bool:
        """Best bid >= best ask."""
        return bool(self.status & DepthStatus.CROSSED)

    @property
    def empty(self) -> bool:
        """No level on either side."""
        return bool(self.status & DepthStatus.EMPTY)

    @classmethod
    def _from_c(cls, raw: _capi.veloz_depth_state) -> "DepthState":
        return cls(
            status=DepthStatus(raw.status),
            bid_levels=raw.bid_levels,
            ask_levels=raw.ask_levels,
            last_sequence=raw.last_sequence,
            snapshot_sequence=raw.snapshot_sequence,
            update_count=raw.update_count,
            snapshot_count=raw.snapshot_count,
            gap_count=raw.gap_count,
            dropped_stale_count=raw.dropped_stale_count,
            dropped_old_count=raw.dropped_old_count,
            crossed_count=raw.crossed_count,
            unknown_level_count=raw.unknown_level_count,
            invalid_count=raw.invalid_count,
        )


# ---- layouts -------------------------------------------------------------------------------------


def _field_names(structure: Type[ctypes.Structure]) -> List[str]:
    return [field[0] for field in structure._fields_]


_EVENT_FIELDS = _field_names(_capi.veloz_book_event)
_EVENT_TYPE = _EVENT_FIELDS.index("type")
_EVENT_SIDE = _EVENT_FIELDS.index("side")
_EVENT_REASON = _EVENT_FIELDS.index("reason")
_EVENT_FLAGS = _EVENT_FIELDS.index("flags")
_EVENT_COMMAND_TYPE = _EVENT_FIELDS.index("command_type")
_EVENT_ORDER_COUNT = _EVENT_FIELDS.index("order_count")
_EVENT_SEQUENCE = _EVENT_FIELDS.index("sequence")
_EVENT_ORDER_ID = _EVENT_FIELDS.index("order_id")
_EVENT_OTHER_ORDER_ID = _EVENT_FIELDS.index("other_order_id")
_EVENT_PRICE = _EVENT_FIELDS.index("price")
_EVENT_QUANTITY = _EVENT_FIELDS.index("quantity")
_EVENT_REMAINING = _EVENT_FIELDS.index("remaining_quantity")

_STRUCT_CODES = {
    ctypes.c_uint8: "B",
    ctypes.c_int8: "b",
    ctypes.c_uint16: "H",
    ctypes.c_int16: "h",
    ctypes.c_uint32: "I",
    ctypes.c_int32: "i",
    ctypes.c_uint64: "Q",
    ctypes.c_int64: "q",
    ctypes.c_double: "d",
}


def struct_format(structure: Type[ctypes.Structure]) -> str:
    """A ``struct`` module format with the exact bytes of a flat ctypes Structure (little-endian,
    explicit padding), derived from its fields' offsets: ``struct.pack_into`` with it fills the
    Structure in one call and range-checks every integer."""
    parts = ["<"]
    position = 0
    for name, ctype in structure._fields_:
        offset = getattr(structure, name).offset
        if offset > position:
            parts.append(f"{offset - position}x")
        code = _STRUCT_CODES[ctype]
        parts.append(code)
        position = offset + ctypes.sizeof(ctype)
    size = ctypes.sizeof(structure)
    if size > position:
        parts.append(f"{size - position}x")
    text = "".join(parts)
    assert struct.calcsize(text) == size, (structure.__name__, text)
    return text


def struct_dtype(structure: Type[ctypes.Structure]) -> "numpy.dtype":
    """The NumPy dtype with the exact layout of a generated ctypes Structure: the same field names,
    the same offsets, the same itemsize (nested structures become nested dtypes)."""
    numpy = _require_numpy()
    names: List[str] = []
    formats: List[Any] = []
    offsets: List[int] = []
    for name, ctype in structure._fields_:
        names.append(name)
        if isinstance(ctype, type) and issubclass(ctype, ctypes.Structure):
            formats.append(struct_dtype(ctype))
        else:
            # '<' explicitly: the ABI is little-endian x86-64/arm64, and an explicit order makes the
            # dtype compare equal on every machine that can load the library at all.
            formats.append(numpy.dtype(ctype).newbyteorder("<"))
        offsets.append(getattr(structure, name).offset)
    return numpy.dtype({"names": names, "formats": formats, "offsets": offsets, "itemsize": ctypes.sizeof(structure)})


def _require_numpy() -> Any:
    if np is None:
        raise ImportError("this VeloZ function works on NumPy arrays; install numpy")
    return np


def _as_dtype_array(obj: Any, dtype: "numpy.dtype", c_name: str) -> "numpy.ndarray":
    """``obj`` as a one-dimensional C-contiguous array of exactly ``dtype``, without copying when it
    already is one. Accepts NumPy arrays and any buffer-protocol object whose format describes the
    same struct (a ctypes array of the generated Structure, a memoryview of an array). Anything
    else, raw bytes included, raises TypeError: bytes are never reinterpreted silently."""
    numpy = _require_numpy()
    if isinstance(obj, numpy.ndarray):
        array = obj
    else:
        try:
            view = memoryview(obj)
        except TypeError:
            raise TypeError(
                f"expected a NumPy array of veloz dtype {c_name} (or a buffer with that layout), got {type(obj).__name__}"
            ) from None
        array = numpy.asarray(view)
    if array.dtype != dtype:
        raise TypeError(
            f"expected an array with the layout of {c_name} (itemsize {dtype.itemsize}), got dtype {array.dtype}; "
            f"build it with numpy.zeros(n, dtype=veloz.{_DTYPE_NAMES.get(c_name, 'COMMAND_DTYPE')}) or, for raw bytes "
            f"known to hold {c_name} structs, numpy.frombuffer(data, dtype=...)"
        )
    if not array.flags.c_contiguous:
        # A strided view (every other command, a column of a bigger record): one copy makes it
        # passable. Copied as whole records of bytes: NumPy copies a structured dtype field by field,
        # about 20 times slower (2.5 ms instead of 0.15 ms for the LOBSTER day's 55,070 commands).
        records = array.view(numpy.dtype((numpy.void, dtype.itemsize)))
        array = numpy.ascontiguousarray(records).view(dtype)
    if array.ndim != 1:
        array = array.reshape(-1)
    return array


_DTYPE_NAMES = {
    "veloz_book_command": "COMMAND_DTYPE",
    "veloz_book_event": "EVENT_DTYPE",
    "veloz_level": "LEVEL_DTYPE",
    "veloz_depth_update": "DEPTH_UPDATE_DTYPE",
}

if np is not None:
    #: ``veloz_book_command`` (64 bytes): the input of :meth:`Book.apply`.
    COMMAND_DTYPE = struct_dtype(_capi.veloz_book_command)
    #: ``veloz_book_event`` (64 bytes): what :meth:`Book.apply` and :meth:`Book.events` return.
    EVENT_DTYPE = struct_dtype(_capi.veloz_book_event)
    #: ``veloz_level`` (24 bytes): price, quantity, order_count.
    LEVEL_DTYPE = struct_dtype(_capi.veloz_level)
    #: ``veloz_depth_update`` (32 bytes): the input of :meth:`DepthBook.apply`.
    DEPTH_UPDATE_DTYPE = struct_dtype(_capi.veloz_depth_update)
else:  # pragma: no cover - NumPy is installed wherever the tests run
    COMMAND_DTYPE = EVENT_DTYPE = LEVEL_DTYPE = DEPTH_UPDATE_DTYPE = None  # type: ignore[assignment]


def _levels_from(levels: Any, what: str) -> "ctypes.Array[_capi.veloz_level]":
    """Levels given as an array of LEVEL_DTYPE, or a sequence of Level / (price, quantity[, order_count]),
    as a ctypes array of veloz_level (a copy; snapshots are not a hot path)."""
    if np is not None and isinstance(levels, np.ndarray) and levels.dtype.names is not None:
        array = _as_dtype_array(levels, LEVEL_DTYPE, "veloz_level")
        out = (_capi.veloz_level * len(array))()
        ctypes.memmove(out, array.ctypes.data, array.nbytes)
        return out
    items: Sequence[Any] = list(levels)
    out = (_capi.veloz_level * len(items))()
    for i, item in enumerate(items):
        if isinstance(item, Level):
            price, quantity, count = item.price, item.quantity, item.order_count
        else:
            try:
                values = tuple(item)
            except TypeError:
                raise TypeError(f"{what}[{i}] must be a Level or a (price, quantity[, order_count]) tuple, got {item!r}") from None
            if len(values) not in (2, 3):
                raise TypeError(f"{what}[{i}] must be (price, quantity) or (price, quantity, order_count), got {item!r}")
            price, quantity = values[0], values[1]
            count = values[2] if len(values) == 3 else 0
        try:
            out[i].price, out[i].quantity, out[i].order_count = _checked_level(price, quantity, count)
        except (TypeError, OverflowError) as e:
            raise TypeError(f"{what}[{i}]: {e}") from None
    return out


def _checked_level(price: Any, quantity: Any, count: Any) -> Tuple[int, int, int]:
    import operator

    values = (operator.index(price), operator.index(quantity), operator.index(count))
    if not (-(1 << 63) <= values[0] < (1 << 63) and -(1 << 63) <= values[1] < (1 << 63) and -(1 << 31) <= values[2] < (1 << 31)):
        raise OverflowError(f"level {values} does not fit veloz_level (int64 price and quantity, int32 order_count)")
    return values


def _from_columns(dtype: "numpy.dtype", columns: Dict[str, Any], function: str) -> "numpy.ndarray":
    """An array of ``dtype`` from named columns (scalars or 1-d arrays, broadcast), every value
    range-checked against its field first: NumPy's cast would wrap 300 into a uint8 silently."""
    numpy = _require_numpy()
    arrays = {name: numpy.asarray(value) for name, value in columns.items()}
    for name, array in arrays.items():
        if array.ndim > 1:
            raise ValueError(f"{function}: {name} must be a scalar or one-dimensional, got shape {array.shape}")
        if array.size and array.dtype.kind not in "iub":
            raise TypeError(f"{function}: {name} must hold integers, got dtype {array.dtype}")
    shape = numpy.broadcast_shapes(*(array.shape for array in arrays.values()))
    out = numpy.zeros(shape if shape else (1,), dtype=dtype)
    for name, array in arrays.items():
        field = dtype.fields[name][0]
        if array.size:
            info = numpy.iinfo(field)
            low, high = int(array.min()), int(array.max())
            if low < info.min or high > info.max:
                raise InvalidArgumentError(
                    _capi.VELOZ_E_INVALID_ARGUMENT,
                    f"{function}: {name} must fit {field} ({info.min}..{info.max}), got values in {low}..{high}",
                )
        out[name] = array
    return out
