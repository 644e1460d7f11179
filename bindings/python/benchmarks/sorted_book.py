"""The pure-Python peer of the benchmark: a mirror-mode (feed-driven) L3 order book built the way a
Python quant would write one, on sortedcontainers.

- ``SortedDict`` price -> level per side (bids iterate from the highest price, asks from the lowest);
- a level is a ``dict`` order id -> remaining quantity (insertion order = time priority) plus a
  running total;
- a ``dict`` order id -> [side, price, remaining] for O(1) lookups.

It emits the same events as ``veloz.Book`` in mirror mode, as tuples ``(type, side, order_id,
price, quantity, order_count)`` (ACCEPTED, REJECTED, TRADE, ORDER_DONE, MODIFIED, LEVEL_CHANGED),
so the benchmark compares equal work, and tests/test_book.py checks that both give the same events,
the same levels and the same state hash on real data: a fast peer that did less would be no peer.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from sortedcontainers import SortedDict

BUY, SELL = 1, 2
ADD, CANCEL, REDUCE, EXECUTE, DELETE = 6, 2, 3, 7, 8
ACCEPTED, REJECTED, TRADE, ORDER_DONE, MODIFIED, LEVEL_CHANGED = 1, 2, 3, 4, 5, 6

Event = Tuple[int, int, int, int, int, int]

_MASK = (1 << 64) - 1


class _Level:
    __slots__ = ("orders", "quantity")

    def __init__(self) -> None:
        self.orders: Dict[int, int] = {}
        self.quantity = 0


class SortedBook:
    """A mirror book: add / reduce / delete / execute by order id, events appended to ``events``."""

    def __init__(self) -> None:
        self.bids: SortedDict = SortedDict()
        self.asks: SortedDict = SortedDict()
        self.orders: Dict[int, List[int]] = {}
        self.events: List[Event] = []

    def _side(self, side: int) -> SortedDict:
        return self.bids if side == BUY else self.asks

    def add(self, order_id: int, side: int, price: int, quantity: int) -> None:
        if order_id in self.orders or quantity <= 0 or side not in (BUY, SELL):
            self.events.append((REJECTED, side, order_id, price, quantity, 0))
            return
        levels = self._side(side)
        level = levels.get(price)
        if level is None:
            level = levels[price] = _Level()
        level.orders[order_id] = quantity
        level.quantity += quantity
        self.orders[order_id] = [side, price, quantity]
        self.events.append((ACCEPTED, side, order_id, price, quantity, 0))
        self.events.append((LEVEL_CHANGED, side, 0, price, level.quantity, len(level.orders)))

    def _remove(self, order_id: int, order: List[int], level: _Level) -> None:
        side, price, remaining = order
        del level.orders[order_id]
        level.quantity -= remaining
        del self.orders[order_id]
        self.events.append((LEVEL_CHANGED, side, 0, price, level.quantity, len(level.orders)))
        if not level.orders:
            del self._side(side)[price]

    def delete(self, order_id: int, price: int = 0, quantity: int = 0) -> None:
        order = self.orders.get(order_id)
        if order is None:
            self.events.append((REJECTED, 0, order_id, price, quantity, 0))
            return
        side, order_price, remaining = order
        self.events.append((ORDER_DONE, side, order_id, order_price, remaining, 0))
        self._remove(order_id, order, self._side(side)[order_price])

    def reduce(self, order_id: int, quantity: int, price: int = 0) -> None:
        order = self.orders.get(order_id)
        if order is None or quantity <= 0 or quantity > order[2]:
            self.events.append((REJECTED, 0, order_id, price, quantity, 0))
            return
        side, order_price, remaining = order
        level = self._side(side)[order_price]
        if quantity == remaining:
            self.events.append((ORDER_DONE, side, order_id, order_price, remaining, 0))
            self._remove(order_id, order, level)
            return
        order[2] = remaining - quantity
        level.orders[order_id] = order[2]
        level.quantity -= quantity
        self.events.append((MODIFIED, side, order_id, order_price, order[2], 0))
        self.events.append((LEVEL_CHANGED, side, 0, order_price, level.quantity, len(level.orders)))

    def execute(self, order_id: int, quantity: int, price: int = 0) -> None:
        order = self.orders.get(order_id)
        if order is None or quantity <= 0 or quantity > order[2]:
            self.events.append((REJECTED, 0, order_id, price, quantity, 0))
            return
        side, order_price, remaining = order
        level = self._side(side)[order_price]
        order[2] = remaining - quantity
        level.orders[order_id] = order[2]
        level.quantity -= quantity
        self.events.append((TRADE, SELL if side == BUY else BUY, order_id, order_price, quantity, 0))
        if order[2] == 0:
            self.events.append((ORDER_DONE, side, order_id, order_price, 0, 0))
            order[2] = 0
            self._remove(order_id, order, level)
        else:
            self.events.append((LEVEL_CHANGED, side, 0, order_price, level.quantity, len(level.orders)))

    def replay(self, commands: List[Tuple[int, int, int, int, int]]) -> None:
        """Applies ``(type, order_id, side, price, quantity)`` tuples (the LOBSTER mapping's commands)."""
        add, reduce, delete, execute = self.add, self.reduce, self.delete, self.execute
        for kind, order_id, side, price, quantity in commands:
            if kind == ADD:
                add(order_id, side, price, quantity)
            elif kind == EXECUTE:
                execute(order_id, quantity, price)
            elif kind == DELETE or kind == CANCEL:
                delete(order_id, price, quantity)
            elif kind == REDUCE:
                reduce(order_id, quantity, price)
            else:
                raise ValueError(f"command type {kind} is not a mirror-book command")

    # -- state ---------------------------------------------------------------------------------

    def levels(self, side: int) -> List[Tuple[int, int, int]]:
        """(price, quantity, order_count) of one side, best first."""
        levels = self._side(side)
        prices = reversed(levels.keys()) if side == BUY else iter(levels.keys())
        return [(price, levels[price].quantity, len(levels[price].orders)) for price in prices]

    def state_hash(self) -> int:
        """``veloz_book_hash`` computed from this book, per its definition in veloz.h: every resting
        order, bids from the highest price then asks from the lowest, oldest first in a level."""
        h = 0x9E3779B97F4A7C15
        count = 0
        for side in (BUY, SELL):
            levels = self._side(side)
            prices = reversed(levels.keys()) if side == BUY else iter(levels.keys())
            for price in prices:
                for order_id, remaining in levels[price].orders.items():
                    for value in (side, price, order_id, remaining):
                        h = ((h ^ (value & _MASK)) * 0xFF51AFD7ED558CCD) & _MASK
                        h ^= h >> 32
                    count += 1
        h ^= count
        h ^= h >> 33
        h = (h * 0xFF51AFD7ED558CCD) & _MASK
        h ^= h >> 33
        h = (h * 0xC4CEB9FE1A85EC53) & _MASK
        h ^= h >> 33
        return h
