"""Event memory reused across :meth:`Book.apply` and :meth:`Book.events` calls: a few large NumPy
buffers shared by every Book of the process (replay loops and benchmarks create a new book per
replay, so buffers kept per book would be new memory every time).

Why: a replay's events take megabytes (64 bytes each, about two per command). malloc serves a block
that large with fresh mmapped pages and unmaps it on free, so a new array per call paid a page
fault per 4 KiB written, about as much time as the replay itself.

Why a buffer is never overwritten under its caller:

- :meth:`EventPool.take` removes a buffer from the pool before the library writes into it, and
  :meth:`EventPool.give_back` returns it afterwards: two threads applying to two books never share
  one (ctypes releases the GIL during the call).
- A result is a view ``buffer[:filled]``, and every NumPy view (a view of a view too) references the
  array that owns the memory. While the caller keeps the result, or anything made from it, the
  buffer's reference count is above what the pool alone holds, and take() passes it over (CPython
  reference counts; without them, as on PyPy, the pool keeps nothing and every call allocates).

What is kept (the policy):

- Estimates below ``MIN_CAPACITY`` events get a private array of exactly the estimate, shrunk in
  place to the events at the end (no view of it exists, so that is safe): small arrays come from
  malloc's warm heap, and a pooled buffer would cost a copy. So do estimates above ``MAX_BYTES``.
- Pooled buffers come in power-of-two sizes. A call takes the smallest free one that fits its
  estimate, but none more than ``OVERSIZE`` times its own size class: small batches use small
  buffers, and a large one they leave alone ages out.
- A result filling less than 1/``VIEW_MIN_FILL`` of its buffer is copied out (the buffer stays
  free), so a result kept alive never holds more than ``VIEW_MIN_FILL`` times its own size.
- At most ``MAX_BUFFERS`` buffers and ``MAX_BYTES`` bytes are kept: the least recently chosen goes
  when a limit is exceeded, and one that no call chose during the last ``MAX_IDLE_TAKES`` takes is
  dropped. :func:`veloz.release_event_buffers` drops them all at once.
"""

from __future__ import annotations

import sys
import threading
from typing import Any, List, Optional

__all__ = ["EventPool", "MIN_CAPACITY"]

#: Smallest pooled buffer, in events (64 KiB); smaller estimates get a private array.
MIN_CAPACITY = 1024
#: A free buffer serves a call when it is at most this many times the call's size class.
OVERSIZE = 2
#: A result must fill at least 1/VIEW_MIN_FILL of its buffer to be a view of it.
VIEW_MIN_FILL = 4
#: `events = book.apply(batch)` in a loop holds the previous result while the next call runs, so
#: two buffers alternate per thread; four leave room for a second thread.
MAX_BUFFERS = 4
#: Bytes kept at most (free buffers and those results still view).
MAX_BYTES = 64 << 20
#: A buffer no call chose during this many take() calls is dropped.
MAX_IDLE_TAKES = 64

# Without reference counts a free buffer cannot be told from one a result still views.
_COUNTS_REFERENCES = hasattr(sys, "getrefcount")


class EventBuffer:
    """One array and what the hot path needs of it."""

    __slots__ = ("array", "address", "capacity", "pooled", "last_take")

    def __init__(self, numpy: Any, dtype: Any, capacity: int, pooled: bool) -> None:
        self.array = numpy.empty(capacity, dtype=dtype)
        self.address: int = self.array.ctypes.data
        self.capacity = capacity
        self.pooled = pooled
        # The take() count when a call last chose this buffer.
        self.last_take = 0


def _references(buffer: EventBuffer) -> int:
    return sys.getrefcount(buffer.array)


class EventPool:
    """The buffers (internal: :mod:`veloz.book` has the one instance, for ``EVENT_DTYPE``)."""

    def __init__(self, numpy: Any, dtype: Any) -> None:
        self._numpy = numpy
        self._dtype = dtype
        self._itemsize: int = dtype.itemsize
        # Same-size records without fields: NumPy copies a structured dtype field by field, about
        # 20 times slower than these bytes.
        self._records = numpy.dtype((numpy.void, dtype.itemsize))
        self._lock = threading.Lock()
        # Guarded by _lock: the free buffers and those results view, their bytes, the take() count.
        self._buffers: List[EventBuffer] = []
        self._retained = 0
        self._takes = 0
        # What _references() reports for a buffer that only the pool holds, measured the same way
        # (the interpreter's own temporary references differ between versions).
        self._unshared = _references(EventBuffer(numpy, dtype, 1, True)) if _COUNTS_REFERENCES else -1

    def take(self, needed: int) -> EventBuffer:
        """A buffer of at least ``needed`` events that nothing else uses; it is the caller's until
        :meth:`give_back` (a free pooled one when there is one, else a new one)."""
        if needed < MIN_CAPACITY:
            return EventBuffer(self._numpy, self._dtype, needed, False)
        size = 1 << (needed - 1).bit_length()
        largest = OVERSIZE * size
        with self._lock:
            self._takes += 1
            takes = self._takes
            oldest = takes - MAX_IDLE_TAKES
            chosen: Optional[EventBuffer] = None
            idle = False
            for buffer in self._buffers:
                if buffer.last_take < oldest:
                    idle = True
                elif (
                    needed <= buffer.capacity <= largest
                    and (chosen is None or buffer.capacity < chosen.capacity)
                    and _references(buffer) == self._unshared
                ):
                    chosen = buffer
            if idle:
                for buffer in [buffer for buffer in self._buffers if buffer.last_take < oldest]:
                    self._drop(buffer)
            if chosen is not None:
                self._drop(chosen)
                chosen.last_take = takes
                return chosen
        # Allocated outside the lock: other threads need not wait for it. One the pool will not keep
        # is private, of exactly the estimate.
        pooled = _COUNTS_REFERENCES and size * self._itemsize <= MAX_BYTES
        fresh = EventBuffer(self._numpy, self._dtype, size if pooled else needed, pooled)
        fresh.last_take = takes
        return fresh

    def result(self, buffer: EventBuffer, filled: int) -> Any:
        """The first ``filled`` events of ``buffer`` as the caller's array. Call it before
        :meth:`give_back`: the view it returns is what keeps take() from choosing the buffer."""
        array = buffer.array
        if not buffer.pooled:
            # Private: no view of it exists, so it can shrink in place (realloc) to exactly the events.
            if filled != buffer.capacity:
                array.resize((filled,), refcheck=False)
            return array
        if filled * VIEW_MIN_FILL >= buffer.capacity:
            return array[:filled]
        return array.view(self._records)[:filled].copy().view(self._dtype)

    def give_back(self, buffer: EventBuffer) -> None:
        """Returns a buffer from :meth:`take`; it is free again when no result views it."""
        if not buffer.pooled:
            return
        with self._lock:
            if buffer in self._buffers:
                # Given back twice: a second entry would let two take() calls hand it out at once.
                return
            self._buffers.append(buffer)
            self._retained += buffer.capacity * self._itemsize
            while len(self._buffers) > MAX_BUFFERS or self._retained > MAX_BYTES:
                # A result may still view it: the memory then goes with that result.
                self._drop(min(self._buffers, key=_last_take))

    def release(self) -> int:
        """Drops every buffer; returns their bytes (freed now unless results still view them)."""
        with self._lock:
            released = self._retained
            self._buffers.clear()
            self._retained = 0
            return released

    @property
    def retained_bytes(self) -> int:
        """Bytes of the buffers the pool holds: free ones and ones results still view."""
        return self._retained

    @property
    def buffers(self) -> List[EventBuffer]:
        """A snapshot of the buffers the pool holds (for tests)."""
        with self._lock:
            return list(self._buffers)

    def _drop(self, buffer: EventBuffer) -> None:
        self._buffers.remove(buffer)
        self._retained -= buffer.capacity * self._itemsize


def _last_take(buffer: EventBuffer) -> int:
    return buffer.last_take
