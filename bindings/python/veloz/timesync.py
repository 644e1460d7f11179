"""Exchange-time synchronisation: estimates each venue's clock offset from request/response samples.

Each sample is one round trip: the local time the request left (``local_send_ns``), the exchange's
timestamp in the response (``exchange_ns``) and the local time the response arrived
(``local_recv_ns``). The library keeps a window of samples per venue, trusts the one with the
smallest round trip (the least queueing), and estimates offset and drift, so that
:meth:`TimeSync.to_exchange` and :meth:`TimeSync.to_local` convert between the two clocks.

Venues are small non-negative integer ids (as in C and C++). In Python a venue may also be named
by a string: the object gives each new name the smallest id not yet used, and accepts either form
afterwards (:meth:`TimeSync.venue_id` tells which id a name has). Pass ``venues={"binance": 7}`` to
fix the ids yourself, for example to match another process.

Threads: the library lets one thread at a time add samples; a :class:`TimeSync` serializes
:meth:`TimeSync.add_sample` (and its naming of new venues) with its own lock, so several Python
threads may add samples to one object. Conversions, stats and ``venue_count`` take no lock: any
thread may call them at any time. Every call is one ctypes call (a few hundred ns, GIL released
during it).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Set, Union

from . import _capi
from ._handle import INT32_MAX, INT64_MAX, INT64_MIN, NativeHandle, as_int
from ._library import library
from .errors import InvalidArgumentError, NotFoundError

__all__ = ["TimeSync", "TimeSyncStats", "Venue"]

_lib = library()

#: A venue: its integer id (0..2**31-1) or a name this TimeSync maps to an id.
Venue = Union[int, str]


@dataclass(frozen=True)
class TimeSyncStats:
    """The current estimate for one venue (``veloz_time_sync_stats``)."""

    #: The venue's integer id.
    venue: int
    #: The venue's name, if it was given one in this TimeSync.
    name: Optional[str]
    #: exchange_time - local_time, estimated at the latest sample.
    offset_ns: int
    #: Smallest round trip in the window.
    best_rtt_ns: int
    #: Exchange clock rate relative to the local clock, in parts per million.
    drift_ppm: float
    #: All samples ever accepted for this venue.
    sample_count: int
    #: Local receive time of the latest sample.
    last_sample_ns: int


class TimeSync(NativeHandle):
    """Per-venue exchange clock estimates.

    Args:
        max_venues: distinct venues this object can track (1..4096); one more raises FullError.
        window: samples kept per venue for the min-round-trip filter (1..65536).
        venues: optional fixed name -> id assignments.

    >>> with TimeSync() as sync:
    ...     sync.add_sample("binance", exchange_ns, sent_ns, received_ns)
    ...     exchange_now = sync.to_exchange("binance", veloz.clock.now_ns())
    """

    def __init__(self, max_venues: int = 64, window: int = 64, *, venues: Optional[Mapping[str, int]] = None) -> None:
        config = _capi.veloz_time_sync_config()
        config.struct_size = ctypes.sizeof(config)
        config.max_venues = as_int(max_venues, "max_venues", -(1 << 31), INT32_MAX)
        config.window = as_int(window, "window", -(1 << 31), INT32_MAX)
        # In the C config a zero field means "the default"; in Python the defaults are the keyword
        # defaults, so an explicit 0 is a mistake to report, not a request for the default.
        if config.max_venues == 0:
            raise InvalidArgumentError(_capi.VELOZ_E_INVALID_ARGUMENT, "TimeSync: max_venues must be 1..4096, got 0")
        if config.window == 0:
            raise InvalidArgumentError(_capi.VELOZ_E_INVALID_ARGUMENT, "TimeSync: window must be 1..65536, got 0")
        names: Dict[str, int] = {}
        for name, venue in (venues or {}).items():
            if not isinstance(name, str):
                raise TypeError(f"venue names must be str, got {type(name).__name__} {name!r}")
            names[name] = as_int(venue, f"venue id of {name!r}", 0, INT32_MAX)
        handle = ctypes.c_void_p()
        status = _lib.veloz_time_sync_create(ctypes.byref(config), ctypes.byref(handle))
        if status:
            self._raise(status)
        self._max_venues = config.max_venues
        self._window = config.window
        # Replaced, never changed in place (under self._lock, by add_sample): the lock-free readers
        # (venue_id, stats, venue_names) always see one whole mapping.
        self._names = names
        # Ids known to the library (a sample was accepted): a new name must not collide with them.
        self._ids_in_use: Set[int] = set()
        self._adopt(handle, _lib.veloz_time_sync_destroy)

    @property
    def max_venues(self) -> int:
        """How many distinct venues this object can track."""
        return self._max_venues

    @property
    def window(self) -> int:
        """Samples kept per venue."""
        return self._window

    @property
    def venue_names(self) -> Dict[str, int]:
        """A copy of the name -> id assignments made so far."""
        return dict(self._names)

    @property
    def venue_count(self) -> int:
        """Venues with at least one accepted sample."""
        self._ensure_open()
        return _lib.veloz_time_sync_venue_count(self._handle)

    def venue_id(self, venue: Venue) -> int:
        """The integer id of ``venue``; raises NotFoundError for a name that was never used."""
        if isinstance(venue, str):
            try:
                return self._names[venue]
            except KeyError:
                raise NotFoundError(_capi.VELOZ_E_NOT_FOUND, f"time_sync: no venue named {venue!r}") from None
        return as_int(venue, "time_sync: venue", -(1 << 31), INT32_MAX)

    def add_sample(self, venue: Venue, exchange_ns: int, local_send_ns: int, local_recv_ns: int) -> None:
        """Adds one round-trip sample; a venue is registered on its first sample.

        Raises InvalidArgumentError if ``local_recv_ns < local_send_ns`` or the venue id is
        negative, FullError when ``max_venues`` distinct venues are already tracked.
        """
        if not isinstance(venue, str):
            venue = as_int(venue, "time_sync_add_sample: venue", -(1 << 31), INT32_MAX)
        exchange_ns = as_int(exchange_ns, "time_sync_add_sample: exchange_ns", INT64_MIN, INT64_MAX)
        local_send_ns = as_int(local_send_ns, "time_sync_add_sample: local_send_ns", INT64_MIN, INT64_MAX)
        local_recv_ns = as_int(local_recv_ns, "time_sync_add_sample: local_recv_ns", INT64_MIN, INT64_MAX)
        # A new name's id is chosen and taken under the lock: two threads naming venues at once
        # get different ids.
        with self._lock:
            new_name: Optional[str] = None
            if isinstance(venue, str):
                venue_id = self._names.get(venue)
                if venue_id is None:
                    new_name, venue_id = venue, self._next_free_id()
            else:
                venue_id = venue
            status = _lib.veloz_time_sync_add_sample(self._handle, venue_id, exchange_ns, local_send_ns, local_recv_ns)
            if status:
                self._raise(status)
            # Only a sample the library accepted assigns a name: a failed call changes nothing.
            self._ids_in_use.add(venue_id)
            if new_name is not None:
                self._names = {**self._names, new_name: venue_id}

    def to_exchange(self, venue: Venue, local_ns: int) -> int:
        """The exchange's time at local time ``local_ns``. NotFoundError for a venue without samples."""
        out = ctypes.c_int64()
        status = _lib.veloz_time_sync_to_exchange(
            self._handle,
            self.venue_id(venue),
            as_int(local_ns, "time_sync_to_exchange: local_ns", INT64_MIN, INT64_MAX),
            ctypes.byref(out),
        )
        if status:
            self._raise(status)
        return out.value

    def to_local(self, venue: Venue, exchange_ns: int) -> int:
        """The local time at exchange time ``exchange_ns``. NotFoundError for a venue without samples."""
        out = ctypes.c_int64()
        status = _lib.veloz_time_sync_to_local(
            self._handle,
            self.venue_id(venue),
            as_int(exchange_ns, "time_sync_to_local: exchange_ns", INT64_MIN, INT64_MAX),
            ctypes.byref(out),
        )
        if status:
            self._raise(status)
        return out.value

    def stats(self, venue: Venue) -> TimeSyncStats:
        """The current estimate for ``venue``. NotFoundError for a venue without samples."""
        venue_id = self.venue_id(venue)
        raw = _capi.veloz_time_sync_stats()
        raw.struct_size = ctypes.sizeof(raw)
        status = _lib.veloz_time_sync_get_stats(self._handle, venue_id, ctypes.byref(raw))
        if status:
            self._raise(status)
        return TimeSyncStats(
            venue=raw.venue,
            name=self._name_of(raw.venue),
            offset_ns=raw.offset_ns,
            best_rtt_ns=raw.best_rtt_ns,
            drift_ppm=raw.drift_ppm,
            sample_count=raw.sample_count,
            last_sample_ns=raw.last_sample_ns,
        )

    def _name_of(self, venue_id: int) -> Optional[str]:
        for name, known in self._names.items():
            if known == venue_id:
                return name
        return None

    def _next_free_id(self) -> int:
        # Holding self._lock.
        taken = self._ids_in_use.union(self._names.values())
        candidate = 0
        while candidate in taken:
            candidate += 1
        return candidate

    def __repr__(self) -> str:
        if not hasattr(self, "_window"):
            return "<TimeSync uninitialized>"
        config = f"max_venues={self._max_venues}, window={self._window}"
        if self._closed:
            return f"<TimeSync {config} closed>"
        names = f" names={self._names}" if self._names else ""
        return f"<TimeSync {config} venues={self.venue_count}{names}>"
