"""LOBSTER message files (https://lobsterdata.com) as order-book command arrays, vectorised.

A LOBSTER message file has one event per line: ``time,type,order_id,size,price,direction`` with
prices in ten-thousandths of a dollar (used here as ticks, unchanged) and direction 1 (buy) or -1
(sell). The mapping into a mirror-mode :class:`~veloz.Book` is the one the C#, C++ and Python golden
tests share (tests/data/lobster_amzn_20000.hash):

====  ==========================  =========================================
type  LOBSTER meaning             command
====  ==========================  =========================================
1     new limit order             ADD (side from direction, price, size)
2     partial cancellation        REDUCE by size
3     deletion                    DELETE
4     execution of a visible one  EXECUTE of size
5, 6, 7 hidden execution, cross, halt: no command
====  ==========================  =========================================

Orders that were resting before the file starts are unknown to the book: their reduces, deletes
and executes are rejected and counted (``stats.unknown_order_count``), as the venue's mid-day
start implies.

>>> messages = veloz.lobster.read_messages("AMZN_..._message_1.csv")
>>> with veloz.Book("mirror") as book:
...     events = book.apply(veloz.lobster.to_commands(messages))
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _capi
from .book_types import COMMAND_DTYPE, _require_numpy

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MESSAGE_DTYPE", "read_messages", "to_commands"]

#: One LOBSTER message line.
MESSAGE_FIELDS = [
    ("time", "<f8"),
    ("type", "<i8"),
    ("order_id", "<i8"),
    ("size", "<i8"),
    ("price", "<i8"),
    ("direction", "<i8"),
]

_COMMAND_OF_TYPE = {
    1: _capi.VELOZ_BOOK_COMMAND_ADD,
    2: _capi.VELOZ_BOOK_COMMAND_REDUCE,
    3: _capi.VELOZ_BOOK_COMMAND_DELETE,
    4: _capi.VELOZ_BOOK_COMMAND_EXECUTE,
}


def __getattr__(name: str) -> Any:
    # MESSAGE_DTYPE is built on first use so that importing veloz does not need NumPy.
    if name == "MESSAGE_DTYPE":
        return _require_numpy().dtype(MESSAGE_FIELDS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_messages(path: Union[str, "os.PathLike[str]"], limit: Optional[int] = None) -> "np.ndarray":
    """Reads a LOBSTER message file (the first ``limit`` lines, or all) into a structured array
    with fields time, type, order_id, size, price, direction."""
    numpy = _require_numpy()
    return numpy.loadtxt(path, delimiter=",", dtype=numpy.dtype(MESSAGE_FIELDS), max_rows=limit, ndmin=1)


def to_commands(messages: "np.ndarray") -> "np.ndarray":
    """The mirror-book commands of LOBSTER messages (``COMMAND_DTYPE``), in file order; types 5, 6
    and 7 produce no command. Raises ValueError for a message type or direction LOBSTER does not
    define (rather than guessing)."""
    numpy = _require_numpy()
    kinds = messages["type"]
    unknown = ~numpy.isin(kinds, [1, 2, 3, 4, 5, 6, 7])
    if unknown.any():
        first = int(numpy.flatnonzero(unknown)[0])
        raise ValueError(f"LOBSTER message {first} has type {int(kinds[first])}; types are 1..7")
    used = messages[numpy.isin(kinds, list(_COMMAND_OF_TYPE))]
    adds = used["type"] == 1
    direction = used["direction"]
    if not numpy.isin(direction[adds], [1, -1]).all():
        raise ValueError("LOBSTER direction must be 1 (buy) or -1 (sell)")
    table = numpy.zeros(8, dtype=numpy.uint8)
    for lobster_type, command in _COMMAND_OF_TYPE.items():
        table[lobster_type] = command
    out = numpy.zeros(len(used), dtype=COMMAND_DTYPE)
    out["type"] = table[used["type"]]
    out["order_id"] = used["order_id"]
    out["quantity"] = numpy.where(used["type"] == 3, 0, used["size"])
    # Price and side matter only to an add; the other commands name a resting order.
    out["price"] = numpy.where(adds, used["price"], 0)
    out["side"] = numpy.where(adds, numpy.where(direction == 1, _capi.VELOZ_SIDE_BUY, _capi.VELOZ_SIDE_SELL), 0)
    return out
