"""VeloZ for Python: the VeloZ low-latency core (``libveloz.so``) through ctypes.

>>> import veloz
>>> veloz.clock.now_ns()                      # Unix ns from the calibrated TSC
>>> with veloz.Histogram(highest=10**9) as h:
...     h.record_batch(latencies_ns)          # a NumPy int64 array: one call, no copy
...     print(h.percentiles([50, 99, 99.9]))
>>> with veloz.Book("mirror") as book:        # an L3 order book; "matching" makes it the venue
...     events = book.apply(commands)         # NumPy array of veloz.COMMAND_DTYPE: one call
...     print(book.top, book.stats)
>>> q = veloz.SpscQueue(veloz.EVENT_DTYPE, capacity=4096)   # lock-free, between two threads
>>> q.push_batch(events); q.pop_batch(1024)  # NumPy arrays of records: one call per batch
>>> with veloz.FixedPool(block_size=256, max_blocks=4096) as pool:   # native blocks that never move
...     block = pool.rent(); block.view()[:5] = b"hello"; pool.release(block)

Loading: the library is found through ``$VELOZ_LIBRARY``, the package folder, or
``<repo>/artifacts/lib`` of a source checkout (see :mod:`veloz._library`), and refused if its major
version differs from this package's. The library is never unloaded, and a process that forks must
load it after the fork (``multiprocessing``: the ``spawn`` or ``forkserver`` start method).

Cost model: ctypes releases the GIL during every call, so other Python threads run meanwhile, but
each call costs a few hundred nanoseconds of ctypes machinery, far more than most VeloZ operations
(a clock read is ~10 ns in C). Use batch methods (``Histogram.record_batch``) from Python, and the
Cython path for per-item loops: ``from veloz cimport capi`` declares the whole C API for ``nogil``
code (``veloz.get_include()`` gives the directory of ``veloz.h``).

Threads: any Python thread may use any object; each object's lock makes calls on it take turns
(the library's single-writer rule), except the calls the header makes thread-safe, such as
``read_top``, which never wait (see :class:`veloz._handle.NativeHandle`).

Errors raise subclasses of :class:`veloz.VelozError` carrying the status and the library's message.
"""

from __future__ import annotations

from . import _capi
from ._library import get_include, library_path, library_version
from .errors import (
    BufferTooSmallError,
    DuplicateError,
    EmptyError,
    FullError,
    InternalError,
    InvalidArgumentError,
    InvalidHandleError,
    LibraryLoadError,
    NotFoundError,
    OutOfMemoryError,
    RejectedError,
    SequenceGapError,
    StateError,
    UnsupportedError,
    VelozError,
)
from . import clock
from .clock import ClockInfo, ClockSource
from .histogram import Histogram, HistogramStats
from .timesync import TimeSync, TimeSyncStats
from .book_types import (
    COMMAND_DTYPE,
    DEPTH_UPDATE_DTYPE,
    EVENT_DTYPE,
    LEVEL_DTYPE,
    BookEvent,
    BookMode,
    BookStats,
    CommandType,
    Depth,
    DepthState,
    DepthStatus,
    DoneReason,
    EventFlags,
    EventType,
    Level,
    OrderInfo,
    OrderType,
    RejectReason,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TopOfBook,
)
from .book import Book, book_commands, release_event_buffers
from .depth_book import DepthBook, depth_updates
from .queues import MpmcQueue, QueueStats, SpscQueue, WaitStrategy
from .memory import Arena, ArenaStats, Block, ConcurrentPool, FixedPool, PoolStats, memory_prometheus, memory_report
from .timers import TIMER_EXPIRY_DTYPE, Expiry, TimerWheel, TimerWheelStats
from .loop import EventLoop, EventLoopStats, IdleStrategy, LoopPriority
from . import lobster
from . import thread

#: The version of the C API this package was generated for; the library's major must match.
__version__ = f"{_capi.VELOZ_VERSION_MAJOR}.{_capi.VELOZ_VERSION_MINOR}.{_capi.VELOZ_VERSION_PATCH}"

__all__ = [
    "__version__",
    "clock",
    "ClockInfo",
    "ClockSource",
    "Histogram",
    "HistogramStats",
    "TimeSync",
    "TimeSyncStats",
    "Book",
    "DepthBook",
    "book_commands",
    "release_event_buffers",
    "depth_updates",
    "SpscQueue",
    "MpmcQueue",
    "QueueStats",
    "WaitStrategy",
    "FixedPool",
    "ConcurrentPool",
    "Arena",
    "Block",
    "PoolStats",
    "ArenaStats",
    "memory_report",
    "memory_prometheus",
    "TimerWheel",
    "TimerWheelStats",
    "Expiry",
    "TIMER_EXPIRY_DTYPE",
    "EventLoop",
    "EventLoopStats",
    "LoopPriority",
    "IdleStrategy",
    "lobster",
    "thread",
    "COMMAND_DTYPE",
    "EVENT_DTYPE",
    "LEVEL_DTYPE",
    "DEPTH_UPDATE_DTYPE",
    "BookEvent",
    "BookMode",
    "BookStats",
    "CommandType",
    "Depth",
    "DepthState",
    "DepthStatus",
    "DoneReason",
    "EventFlags",
    "EventType",
    "Level",
    "OrderInfo",
    "OrderType",
    "RejectReason",
    "SelfTradePrevention",
    "Side",
    "TimeInForce",
    "TopOfBook",
    "VelozError",
    "InvalidArgumentError",
    "InvalidHandleError",
    "NotFoundError",
    "DuplicateError",
    "FullError",
    "EmptyError",
    "OutOfMemoryError",
    "BufferTooSmallError",
    "StateError",
    "InternalError",
    "UnsupportedError",
    "SequenceGapError",
    "RejectedError",
    "LibraryLoadError",
    "get_include",
    "library_path",
    "library_version",
]
