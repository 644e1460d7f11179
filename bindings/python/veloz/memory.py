"""Native memory for hot paths: :class:`FixedPool` and :class:`ConcurrentPool` (fixed-size blocks,
rented and released) and :class:`Arena` (a bump allocator freed all at once by ``reset``).

The memory is the library's (``veloz_pool_*``, ``veloz_concurrent_pool_*``, ``veloz_arena_*``): it
never moves and is never touched by Python's allocator or garbage collector, so its addresses can
be handed to C, C++, C# or Cython code in the same process (a feed handler's message buffers, a
strategy's per-order scratch). From Python a block is a :class:`Block`: its ``address`` and ``size``,
and a writable ``memoryview`` or NumPy array over exactly its bytes::

    with veloz.FixedPool(block_size=256, max_blocks=4096, name="orders") as pool:
        block = pool.rent()                   # a Block of 256 bytes (not zeroed)
        block.view()[:5] = b"hello"           # a writable memoryview of the 256 bytes
        block.as_numpy(numpy.int64)[0] = 42   # a NumPy view (32 int64) of the same bytes
        pool.release(block)                   # the Block is dead from here: view() raises
        blocks = pool.rent_batch(100)         # a list of 100 Blocks, one call
        pool.release_batch(blocks)            # one call
        addresses = pool.rent_batch_addresses(1000)   # a NumPy uintp array, no Block objects
        pool.release_batch(addresses)
        pool.stats                            # PoolStats(in_use, peak_in_use, rents, bad_returns, ...)

    with veloz.Arena(chunk_size=1 << 20, name="scratch") as arena:
        prices = arena.alloc_array(numpy.float64, 1000)  # a NumPy array over arena memory
        arena.reset()                         # frees every allocation at once, keeps the chunks

    print(veloz.memory_report())              # every live pool and arena of the process, C#'s included

Configuration: the keyword arguments are the C config's fields, and 0 means the library's default,
as in C (``alignment=0`` is 16, ``initial_blocks=0`` is 1,024, ``max_blocks=0`` is no limit but
2**30, ``chunk_size=0`` is 64 KiB). The library checks them: a value out of range raises
:class:`~veloz.InvalidArgumentError` with the library's message, which names the field.

Exhaustion: :meth:`FixedPool.rent` raises :class:`~veloz.FullError` once ``max_blocks`` blocks are
rented; :meth:`~FixedPool.try_rent` returns None instead. :meth:`~FixedPool.rent_batch` is all or
nothing (it gives back what it got and raises FullError) unless ``partial=True``, when it returns
the blocks it could rent.

Refused returns: releasing a pointer the pool did not rent out (another pool's block, an arena's, a
pointer inside a block, a block already returned) raises InvalidArgumentError with the library's
verdict and leaves the pool as it was (only ``stats.bad_returns`` counts it). A :class:`Block`
knows whether it is still rented: a released Block, or one whose pool was closed (or whose arena was
reset or closed), raises InvalidHandleError from ``view()``/``as_numpy()`` instead of touching the
memory, and releasing it again raises InvalidArgumentError without asking the library (whose answer
could be wrong: the LIFO pool may have rented the same block out again). This is a check on the
Block object only: a ``memoryview`` or NumPy array taken from a Block before it was released, or a
block released by its int address, is raw memory that nothing checks; do not keep views past the
release (a view keeps the pool object alive, never the block rented).

Threads: :class:`FixedPool` and :class:`Arena` are owner-thread objects in the library; the Python
objects share their handles (``veloz_handle_share``) and serialize every call with their lock, so
any Python thread may use them, one call at a time. :class:`ConcurrentPool` is lock-free in the
library and takes no lock here: any number of threads rent and release at once, and a block rented
on one thread may be released on another. Its :meth:`~ConcurrentPool.close` does not wait for calls
in flight (the library's contract: no other thread may be using the pool), so close it after every
thread's last rent and release.

Cost from Python: every call is one ctypes call (a few hundred ns) plus the Block object; a batch
call rents or releases many blocks for one crossing. Per-block loops belong in Cython
(``from veloz cimport capi``: ``capi.veloz_pool_rent`` in a ``nogil`` loop on ``pool.handle``).
"""

from __future__ import annotations

import ctypes
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, NoReturn, Optional, Tuple, Union

from . import _capi
from ._handle import INT32_MAX, INT64_MAX, NativeHandle, as_int
from ._library import library, raw_function
from ._status import current_error
from .book_types import np as _numpy
from .errors import InvalidArgumentError, InvalidHandleError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["FixedPool", "ConcurrentPool", "Arena", "Block", "PoolStats", "ArenaStats", "memory_report", "memory_prometheus"]

_lib = library()

_OK = _capi.VELOZ_OK
_FULL = _capi.VELOZ_E_FULL
_BUFFER_TOO_SMALL = _capi.VELOZ_E_BUFFER_TOO_SMALL
_INVALID_ARGUMENT = _capi.VELOZ_E_INVALID_ARGUMENT
_void_p = ctypes.c_void_p
_byref = ctypes.byref
_c_char = ctypes.c_char
_UINTPTR_MAX = (1 << (8 * ctypes.sizeof(ctypes.c_void_p))) - 1
_MAX_NAME = 128

# No lock: the concurrent pool's calls are thread-safe (a nullcontext is reusable and stateless).
_NO_LOCK = nullcontext()


@dataclass(frozen=True)
class PoolStats:
    """Sizes and counters of a pool (``veloz_pool_stats``). For a :class:`ConcurrentPool` read
    while other threads rent and release, each field is a recent value, not a consistent snapshot."""

    #: Bytes per block as configured.
    block_size: int
    #: Alignment of every block.
    alignment: int
    #: Distance between consecutive blocks: block_size rounded up to alignment, at least 8.
    stride: int
    #: Chunks of native memory the blocks live in.
    chunks: int
    #: Blocks the pool holds now (free and rented).
    capacity: int
    #: The max_blocks limit (0: none but 2**30).
    max_blocks: int
    #: Blocks rented and not yet returned.
    in_use: int
    #: Most blocks in use at once (exact for FixedPool; sampled for ConcurrentPool).
    peak_in_use: int
    #: Blocks rented since creation (a batch counts each block).
    rents: int
    #: Blocks returned since creation.
    returns: int
    #: Rents refused because the pool was exhausted (a batch that stops short counts once).
    failed_rents: int
    #: Returns the library refused: foreign pointers, pointers inside a block, blocks not rented.
    bad_returns: int
    #: Native bytes the chunks hold.
    bytes_reserved: int


@dataclass(frozen=True)
class ArenaStats:
    """Chunks and counters of an arena (``veloz_arena_stats``)."""

    #: Chunks the arena holds (chunks of their own for allocations larger than a chunk included).
    chunks: int
    #: Bytes per chunk as configured.
    chunk_size: int
    #: Native bytes the chunks hold; a reset keeps them.
    bytes_reserved: int
    #: Bytes handed out since the last reset (the sizes asked for, without alignment padding).
    bytes_allocated: int
    #: The most bytes handed out between two resets.
    peak_bytes_allocated: int
    #: Allocations since creation (a batch counts each block).
    allocations: int
    #: Resets since creation.
    resets: int


class Block:
    """One block of a pool or one arena allocation: ``address`` and ``size`` of native memory.

    ``view()`` is a writable memoryview of exactly ``size`` bytes, ``as_numpy(dtype)`` a NumPy
    array over them; both raise :class:`~veloz.InvalidHandleError` once the Block is dead (released
    through its pool, or its pool closed, or its arena reset or closed) instead of touching memory
    that is no longer the caller's. Views taken before are not checked (see the module docstring).
    ``len(block)`` is its size. Blocks are made by the pools and the arena, never directly.
    """

    __slots__ = ("_owner", "_address", "_size", "_epoch")

    def __init__(self, owner: Any, address: int, size: int, epoch: int) -> None:
        self._owner = owner
        self._address = address
        self._size = size
        # The owner's epoch when the block was handed out; -1 once released. A pool's epoch changes
        # when it is closed, an arena's when it is reset or closed: one compare tells a live block.
        self._epoch = epoch

    @property
    def address(self) -> int:
        """The block's address as an int (for C, C++ or Cython code: ``<void*><size_t>block.address``).
        Still readable when the Block is dead, but no longer the caller's memory then."""
        return self._address

    @property
    def size(self) -> int:
        """Bytes of the block (a pool's block_size, or the size an arena allocation asked for)."""
        return self._size

    @property
    def owner(self) -> Any:
        """The :class:`FixedPool`, :class:`ConcurrentPool` or :class:`Arena` it came from."""
        return self._owner

    @property
    def valid(self) -> bool:
        """True while the block is the caller's: not released, pool not closed, arena not reset."""
        return self._epoch == self._owner._epoch

    def view(self) -> memoryview:
        """A writable memoryview (format ``"B"``) of the block's ``size`` bytes. It keeps the pool
        object alive, not the block: do not use it after the block is released."""
        if self._epoch != self._owner._epoch:
            raise self._dead_error()
        memory = (_c_char * self._size).from_address(self._address)
        memory._block = self  # the memoryview holds the ctypes array, which holds the Block and its owner
        return memoryview(memory).cast("B")

    # Python 3.12+ (PEP 688): memoryview(block), numpy.frombuffer(block) and friends go through view().
    def __buffer__(self, flags: int) -> memoryview:
        return self.view()

    def as_numpy(self, dtype: Any = "u1", count: int = -1) -> "np.ndarray":
        """A writable 1-d NumPy array of ``dtype`` over the block: ``count`` items, or as many as
        fit (-1, the default; bytes beyond the last whole item are left out). Needs NumPy."""
        if _numpy is None:
            raise ImportError("Block.as_numpy needs numpy; Block.view() gives a memoryview without it")
        dtype = _numpy.dtype(dtype)
        fits = self._size // dtype.itemsize if dtype.itemsize else 0
        if count < 0:
            count = fits
        elif count > fits:
            raise InvalidArgumentError(
                _INVALID_ARGUMENT, f"Block.as_numpy: {count} items of {dtype} ({dtype.itemsize} bytes) do not fit {self._size} bytes"
            )
        return _numpy.frombuffer(self.view(), dtype=dtype, count=count)

    def __len__(self) -> int:
        return self._size

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Block is native memory of this process and cannot be pickled or copied")

    def _dead_error(self) -> InvalidHandleError:
        owner = self._owner
        kind = type(owner).__name__
        if owner._closed:
            why = f"its {kind} was closed"
        elif self._epoch == -1:
            why = "it was released"
        else:
            why = f"its {kind} was reset"
        return InvalidHandleError(
            _capi.VELOZ_E_INVALID_HANDLE, f"Block 0x{self._address:X} of {kind} {owner._name!r} is no longer valid: {why}"
        )

    def __repr__(self) -> str:
        state = "" if self.valid else " dead"
        return f"<Block 0x{self._address:X} size={self._size} of {type(self._owner).__name__} {self._owner._name!r}{state}>"


def _close(obj: NativeHandle) -> None:
    """NativeHandle.close, with the owner's epoch advanced under the same lock as the destroy, so that
    no Block handed out by a call that held the lock before can look valid after it."""
    if obj._closed:
        return
    with obj._lock:
        if obj._closed:
            return
        handle = obj._handle
        obj._epoch += 1  # type: ignore[attr-defined]
        obj._closed = True
        # Later calls pass NULL, which the library rejects with VELOZ_E_INVALID_HANDLE ("X is closed").
        obj._handle = ctypes.c_void_p()
        if obj._destroy is not None:
            obj._destroy(handle)


def _name_bytes(name: Optional[str], owner: str) -> Optional[bytes]:
    """A config's name as NUL-terminated UTF-8 (None: the library's default)."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"{owner}: name must be a str or None, got {type(name).__name__} {name!r}")
    if "\0" in name:
        # c_char_p would cut the name at the NUL without a word: refuse it instead.
        raise InvalidArgumentError(_INVALID_ARGUMENT, f"{owner}: name must not contain a NUL character, got {name!r}")
    return name.encode("utf-8")


class _Functions:
    """The library functions of one pool kind (``veloz_pool_`` or ``veloz_concurrent_pool_``).

    The hot functions are taken without argtypes and called with a c_void_p handle and c_void_p /
    byref / ctypes-array arguments, which ctypes passes as they are (the argtypes conversion costs
    as much again)."""

    def __init__(self, prefix: str) -> None:
        def raw(name: str) -> Any:
            return raw_function(prefix + name)

        self.create = getattr(_lib, prefix + "create")
        self.destroy = getattr(_lib, prefix + "destroy")
        self.get_stats = getattr(_lib, prefix + "get_stats")
        self.rent = raw("rent")
        self.release = raw("return")
        self.rent_batch = raw("rent_batch")
        self.release_batch = raw("return_batch")
        self.is_rented = raw("is_rented")


_POOL = _Functions("veloz_pool_")
_CONCURRENT = _Functions("veloz_concurrent_pool_")


class _BlockPool(NativeHandle):
    """What FixedPool and ConcurrentPool share. The hot ``rent``/``release`` are written out in
    each class (a lock in one, none in the other) so that neither pays for the other's choice."""

    _functions: _Functions
    _share: bool
    _name: str = "pool"
    _epoch: int = 0
    _block_size: int = 0

    def __init__(
        self,
        block_size: int,
        *,
        alignment: int = 0,
        initial_blocks: int = 0,
        max_blocks: int = 0,
        fill_freed: bool = False,
        name: Optional[str] = None,
    ) -> None:
        kind = type(self).__name__
        config = _capi.veloz_pool_config()
        config.struct_size = ctypes.sizeof(config)
        # Range-checked against int32 only (ctypes would wrap); the library checks the real ranges
        # and its message names the field.
        config.block_size = as_int(block_size, f"{kind}: block_size", -(1 << 31), INT32_MAX)
        config.alignment = as_int(alignment, f"{kind}: alignment", -(1 << 31), INT32_MAX)
        config.initial_blocks = as_int(initial_blocks, f"{kind}: initial_blocks", -(1 << 31), INT32_MAX)
        config.max_blocks = as_int(max_blocks, f"{kind}: max_blocks", -(1 << 31), INT32_MAX)
        config.flags = _capi.VELOZ_POOL_CONFIG_FILL_FREED if fill_freed else 0
        encoded = _name_bytes(name, kind)
        config.name = encoded
        handle = ctypes.c_void_p()
        status = self._functions.create(_byref(config), _byref(handle))
        if status:
            self._raise(status)
        self._name = name or "pool"
        self._fill_freed = bool(fill_freed)
        self._adopt(handle, self._functions.destroy, share=self._share)
        raw = self._read_stats()
        self._block_size = raw.block_size
        self._alignment = raw.alignment
        self._stride = raw.stride
        self._max_blocks = raw.max_blocks
        # Bound functions on the instance: saves lookups on the per-block path.
        self._rent_fn = self._functions.rent
        self._release_fn = self._functions.release

    # -- configuration --------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The name the pool is listed under in :func:`memory_report`."""
        return self._name

    @property
    def block_size(self) -> int:
        """Bytes per block."""
        return self._block_size

    @property
    def alignment(self) -> int:
        """Alignment of every block (16 when created with alignment=0)."""
        return self._alignment

    @property
    def stride(self) -> int:
        """Distance between consecutive blocks: block_size rounded up to alignment, at least 8."""
        return self._stride

    @property
    def max_blocks(self) -> int:
        """Most blocks the pool may hold (0: no limit but 2**30)."""
        return self._max_blocks

    @property
    def fill_freed(self) -> bool:
        """Whether every released block is overwritten with 0xDD (a debugging aid)."""
        return self._fill_freed

    # -- the shared slow paths ------------------------------------------------------------------

    def _side(self) -> Any:
        """The lock every call holds: the object's lock (FixedPool) or none (ConcurrentPool)."""
        raise NotImplementedError

    def _address_of(self, block: Any, what: str) -> int:
        """The address to hand the library for ``block`` (a Block of any owner, or an int); a dead
        Block raises here, without a call (the library might take it for a live rented block)."""
        if block.__class__ is Block:
            if block._epoch != block._owner._epoch:
                raise InvalidArgumentError(
                    _INVALID_ARGUMENT,
                    f"{type(self).__name__}.{what}: {block._dead_error().message}; it cannot be released again",
                )
            return block._address
        if isinstance(block, bool) or block is None:
            raise TypeError(f"{type(self).__name__}.{what}: expected a Block or an int address, got {block!r}")
        return as_int(block, f"{type(self).__name__}.{what}: block address", 0, _UINTPTR_MAX)

    def _release_slow(self, block: Any) -> None:
        self._ensure_open()
        address = self._address_of(block, "release")
        with self._side():
            status = self._release_fn(self._handle, _void_p(address))
            if status:
                self._raise(status)
        if block.__class__ is Block and block._owner is self:
            block._epoch = -1

    def rent_batch(self, count: int, *, partial: bool = False) -> List[Block]:
        """Rents ``count`` blocks in one call: a list of ``count`` :class:`Block` objects.

        When the pool runs out first, the default gives back the blocks it got and raises
        :class:`~veloz.FullError` (all or nothing; the pool's counters show the rents and returns);
        ``partial=True`` returns the blocks it could rent instead (a shorter list, never an error
        for exhaustion). A Block object costs a few hundred ns; :meth:`rent_batch_addresses` rents
        without them.
        """
        count = as_int(count, f"{type(self).__name__}.rent_batch: count", 0, INT32_MAX)
        addresses = (_void_p * count)()
        got, epoch = self._rent_into(addresses, count, partial)
        size = self._block_size
        return [Block(self, address, size, epoch) for address in addresses[:got]]

    def rent_batch_addresses(self, count: int, *, partial: bool = False) -> "np.ndarray":
        """Rents ``count`` blocks in one call, as a NumPy ``uintp`` array of their addresses (no
        Block objects: the cheapest way from Python, for addresses handed to native code). Full as
        :meth:`rent_batch`. Give them back with :meth:`release_batch` (which takes the array as it
        is); nothing checks what the caller does with an address."""
        if _numpy is None:
            raise ImportError("rent_batch_addresses needs numpy; rent_batch gives Block objects without it")
        count = as_int(count, f"{type(self).__name__}.rent_batch_addresses: count", 0, INT32_MAX)
        addresses = _numpy.empty(count, dtype=_numpy.uintp)
        got, _ = self._rent_into(_void_p(addresses.ctypes.data), count, partial)
        return addresses if got == count else addresses[:got].copy()

    def _rent_into(self, addresses: Any, count: int, partial: bool) -> Tuple[int, int]:
        """Rents up to ``count`` blocks into the void* array ``addresses``; returns how many, and
        the pool's epoch read under the lock (for the Blocks)."""
        rented = ctypes.c_int32()
        functions = self._functions
        with self._side():
            status = functions.rent_batch(self._handle, addresses, count, _byref(rented))
            got = rented.value
            if status == _FULL and not partial:
                error = current_error(status)  # the message first: the give-back call may replace it
                if got:
                    back = ctypes.c_int32()
                    functions.release_batch(self._handle, addresses, got, _byref(back))
                raise error
            if status and status != _FULL:
                self._raise(status)
            return got, self._epoch

    def release_batch(self, blocks: Iterable[Any]) -> int:
        """Releases ``blocks`` (Blocks or int addresses, or a NumPy array of addresses as
        :meth:`rent_batch_addresses` gives) in one call, in order; returns how many.

        Every Block is checked first: a dead one raises InvalidArgumentError and nothing is
        released. The library then stops at the first pointer it refuses (InvalidArgumentError
        naming ``blocks[i]``): the blocks before it are released (their Blocks are dead), that one
        and those after it are not.
        """
        self._ensure_open()
        if _numpy is not None and isinstance(blocks, _numpy.ndarray):
            return self._release_array(blocks)
        items = list(blocks)
        if len(items) > INT32_MAX:
            raise InvalidArgumentError(_INVALID_ARGUMENT, f"at most {INT32_MAX} blocks per call, got {len(items)}")
        epoch = self._epoch
        try:
            # The common case in one pass: live Blocks of this pool.
            values = [block._address for block in items if block._owner is self and block._epoch == epoch]
        except AttributeError:  # an int among them
            values = []
        if len(values) != len(items):
            values = [self._address_of(block, "release_batch") for block in items]
        addresses = (_void_p * len(items))(*values)
        returned = ctypes.c_int32()
        with self._side():
            status = self._functions.release_batch(self._handle, addresses, len(items), _byref(returned))
            done = returned.value
            for block in items[:done]:
                if block.__class__ is Block and block._owner is self:
                    block._epoch = -1
            if status:
                self._raise(status)
        return done

    def _release_array(self, blocks: "np.ndarray") -> int:
        """release_batch of a NumPy array of addresses: passed to the library as it is (uintp)."""
        if blocks.dtype.kind not in "ui" or blocks.dtype.itemsize != ctypes.sizeof(_void_p):
            raise TypeError(
                f"{type(self).__name__}.release_batch: expected an array of addresses (dtype uintp), got dtype {blocks.dtype}"
            )
        addresses = _numpy.ascontiguousarray(blocks.reshape(-1))
        count = len(addresses)
        if count > INT32_MAX:
            raise InvalidArgumentError(_INVALID_ARGUMENT, f"at most {INT32_MAX} blocks per call, got {count}")
        returned = ctypes.c_int32()
        with self._side():
            status = self._functions.release_batch(self._handle, _void_p(addresses.ctypes.data), count, _byref(returned))
            if status:
                self._raise(status)
        return returned.value

    def is_rented(self, block: Any) -> bool:
        """Whether ``block`` (a Block or an int address) is the start of a block of this pool that
        is rented now. A dead Block is False without asking (its address may be rented again)."""
        if block.__class__ is Block:
            if block._epoch != block._owner._epoch:
                self._ensure_open()
                return False
            address = block._address
        else:
            address = as_int(block, f"{type(self).__name__}.is_rented: block address", 0, _UINTPTR_MAX)
        out = ctypes.c_int32()
        with self._side():
            status = self._functions.is_rented(self._handle, _void_p(address), _byref(out))
            if status:
                self._raise(status)
        return bool(out.value)

    @property
    def stats(self) -> PoolStats:
        """Sizes and counters in one call."""
        with self._side():
            raw = self._read_stats()
        return PoolStats(
            block_size=raw.block_size,
            alignment=raw.alignment,
            stride=raw.stride,
            chunks=raw.chunks,
            capacity=raw.capacity,
            max_blocks=raw.max_blocks,
            in_use=raw.in_use,
            peak_in_use=raw.peak_in_use,
            rents=raw.rents,
            returns=raw.returns,
            failed_rents=raw.failed_rents,
            bad_returns=raw.bad_returns,
            bytes_reserved=raw.bytes_reserved,
        )

    def _read_stats(self) -> Any:
        raw = _capi.veloz_pool_stats()
        raw.struct_size = ctypes.sizeof(raw)
        status = self._functions.get_stats(self._handle, _byref(raw))
        if status:
            self._raise(status)
        return raw

    def close(self) -> None:
        """Destroys the pool and frees every block, rented or not: every Block it handed out is dead
        afterwards. Idempotent. Waits for a FixedPool call another thread is making; a
        ConcurrentPool must have no call in flight."""
        _close(self)

    def __repr__(self) -> str:
        kind = type(self).__name__
        if not hasattr(self, "_stride"):
            return f"<{kind} uninitialized>"
        if self._closed:
            return f"<{kind} {self._name!r} block_size={self._block_size} closed>"
        s = self.stats
        return f"<{kind} {self._name!r} block_size={self._block_size} in_use={s.in_use} capacity={s.capacity}>"


class FixedPool(_BlockPool):
    """A pool of fixed-size blocks of native memory (``veloz_pool``): rent and release in O(1), the
    most recently released block first, growing by chunks that double its capacity up to
    ``max_blocks``.

    Args:
        block_size: bytes per block, 1..1 MiB.
        alignment: alignment of every block, a power of two 1..4096 (0: 16).
        initial_blocks: blocks allocated at creation, 1..2**24 (0: 1,024).
        max_blocks: most blocks the pool may hold, initial_blocks..2**30 (0: no limit but 2**30).
        fill_freed: overwrite every released block with 0xDD (catches use after release in tests).
        name: the name :func:`memory_report` lists it under, at most 128 characters (None: "pool").

    Any Python thread may use it; its lock makes calls take turns (the library's owner-thread rule).
    Raises InvalidArgumentError (the library's message) for a config out of range.
    """

    _functions = _POOL
    _share = True

    def __init__(
        self,
        block_size: int,
        *,
        alignment: int = 0,
        initial_blocks: int = 0,
        max_blocks: int = 0,
        fill_freed: bool = False,
        name: Optional[str] = None,
    ) -> None:
        # rent()'s out-pointer, reused under the lock (a fresh one and its byref cost ~100 ns per call).
        self._out = _void_p()
        self._out_ref = _byref(self._out)
        super().__init__(
            block_size,
            alignment=alignment,
            initial_blocks=initial_blocks,
            max_blocks=max_blocks,
            fill_freed=fill_freed,
            name=name,
        )

    def _side(self) -> Any:
        return self._lock

    def rent(self) -> Block:
        """Rents a block (block_size bytes, not zeroed). Raises :class:`~veloz.FullError` when
        ``max_blocks`` blocks are rented (or memory to grow ran out)."""
        lock = self._lock
        lock.acquire()  # acquire/try/release: cheaper than `with lock:` per call
        try:
            # The out-pointer is scratch memory of the object, used under its lock.
            status = self._rent_fn(self._handle, self._out_ref)
            if status:
                self._raise(status)
            address = self._out.value
            epoch = self._epoch  # under the lock: close() advances it under the lock too
        finally:
            lock.release()
        return Block(self, address, self._block_size, epoch)

    def try_rent(self) -> Optional[Block]:
        """Rents a block, or returns None when the pool is exhausted (never raises for that)."""
        out = _void_p()
        with self._lock:
            status = self._rent_fn(self._handle, _byref(out))
            if status == _FULL:
                return None
            if status:
                self._raise(status)
            epoch = self._epoch
        return Block(self, out.value, self._block_size, epoch)

    def release(self, block: Union[Block, int]) -> None:
        """Returns a block (a Block, or the int address of one) to the pool; the Block is dead
        afterwards. Raises InvalidArgumentError, the pool unchanged, for a pointer it did not rent
        out (the library's message says why) and for a dead Block."""
        if block.__class__ is not Block or block._owner is not self or block._epoch != self._epoch:
            return self._release_slow(block)
        lock = self._lock
        lock.acquire()
        try:
            status = self._release_fn(self._handle, _void_p(block._address))
            if status:
                self._raise(status)
            block._epoch = -1
        finally:
            lock.release()


class ConcurrentPool(_BlockPool):
    """A lock-free pool of fixed-size blocks for any number of threads (``veloz_concurrent_pool``):
    the same methods and arguments as :class:`FixedPool`, callable from any thread at once without
    a lock; a block rented on one thread may be released on another.

    :meth:`close` does not wait for other threads' calls: close the pool after their last one.
    """

    _functions = _CONCURRENT
    # A thread-safe object: no owner to share, and calls overlap by design.
    _share = False

    def _side(self) -> Any:
        return _NO_LOCK

    def rent(self) -> Block:
        """Rents a block (block_size bytes, not zeroed). Raises :class:`~veloz.FullError` when
        ``max_blocks`` blocks are rented (or memory to grow ran out)."""
        out = _void_p()
        status = self._rent_fn(self._handle, _byref(out))
        if status:
            self._raise(status)
        return Block(self, out.value, self._block_size, self._epoch)

    def try_rent(self) -> Optional[Block]:
        """Rents a block, or returns None when the pool is exhausted (never raises for that)."""
        out = _void_p()
        status = self._rent_fn(self._handle, _byref(out))
        if status == _FULL:
            return None
        if status:
            self._raise(status)
        return Block(self, out.value, self._block_size, self._epoch)

    def release(self, block: Union[Block, int]) -> None:
        """Returns a block (a Block, or the int address of one) to the pool, from any thread; the
        Block is dead afterwards. Raises InvalidArgumentError, the pool unchanged, for a pointer it
        did not rent out (the library's message says why) and for a dead Block."""
        if block.__class__ is not Block or block._owner is not self or block._epoch != self._epoch:
            return self._release_slow(block)
        status = self._release_fn(self._handle, _void_p(block._address))
        if status:
            self._raise(status)
        block._epoch = -1


_arena_alloc = raw_function("veloz_arena_alloc")
_arena_alloc_batch = raw_function("veloz_arena_alloc_batch")


class Arena(NativeHandle):
    """A bump allocator over chunks of native memory (``veloz_arena``): :meth:`alloc` of any size
    and alignment in O(1), all freed at once by :meth:`reset` (which keeps the chunks, so the next
    round reserves nothing) or :meth:`close`.

    Args:
        chunk_size: bytes per chunk, 4 KiB..1 GiB (0: 64 KiB); a larger allocation gets a chunk of its own.
        name: the name :func:`memory_report` lists it under, at most 128 characters (None: "arena").

    ``reset()`` and ``close()`` make every Block it handed out dead (``view()`` raises); NumPy
    arrays from :meth:`alloc_array` and views taken before are raw memory that nothing checks.
    Any Python thread may use it; its lock makes calls take turns (the library's owner-thread rule).
    """

    _name: str = "arena"
    _epoch: int = 0

    def __init__(self, *, chunk_size: int = 0, name: Optional[str] = None) -> None:
        # alloc()'s out-pointer, reused under the lock.
        self._out = _void_p()
        self._out_ref = _byref(self._out)
        config = _capi.veloz_arena_config()
        config.struct_size = ctypes.sizeof(config)
        config.chunk_size = as_int(chunk_size, "Arena: chunk_size", -(1 << 63), INT64_MAX)
        config.name = _name_bytes(name, "Arena")
        handle = ctypes.c_void_p()
        status = _lib.veloz_arena_create(_byref(config), _byref(handle))
        if status:
            self._raise(status)
        self._name = name or "arena"
        self._adopt(handle, _lib.veloz_arena_destroy)
        self._chunk_size = self._read_stats().chunk_size

    @property
    def name(self) -> str:
        """The name the arena is listed under in :func:`memory_report`."""
        return self._name

    @property
    def chunk_size(self) -> int:
        """Bytes per chunk (65,536 when created with chunk_size=0)."""
        return self._chunk_size

    def alloc(self, size: int, alignment: int = 0) -> Block:
        """Allocates ``size`` bytes (1..1 GiB, not zeroed) aligned to ``alignment`` (a power of two
        1..4096, or 0 for 16); the Block stays valid until :meth:`reset` or :meth:`close`. Raises
        InvalidArgumentError (the library's message) for a size or alignment out of range."""
        if size.__class__ is not int or alignment.__class__ is not int or not (
            -0x8000000000000000 <= size <= 0x7FFFFFFFFFFFFFFF and -0x80000000 <= alignment <= 0x7FFFFFFF
        ):  # the checks (and messages) of the slow path; plain ints in range skip two calls
            size = as_int(size, "Arena.alloc: size", -(1 << 63), INT64_MAX)
            alignment = as_int(alignment, "Arena.alloc: alignment", -(1 << 31), INT32_MAX)
        lock = self._lock
        lock.acquire()
        try:
            status = _arena_alloc(self._handle, ctypes.c_int64(size), alignment, self._out_ref)
            if status:
                self._raise(status)
            address = self._out.value
            epoch = self._epoch  # under the lock: reset() and close() advance it under the lock too
        finally:
            lock.release()
        return Block(self, address, size, epoch)

    def alloc_batch(self, size: int, count: int, alignment: int = 0) -> List[Block]:
        """Allocates ``count`` blocks of ``size`` bytes each in one call, aligned as :meth:`alloc`."""
        size = as_int(size, "Arena.alloc_batch: size", -(1 << 63), INT64_MAX)
        alignment = as_int(alignment, "Arena.alloc_batch: alignment", -(1 << 31), INT32_MAX)
        count = as_int(count, "Arena.alloc_batch: count", 0, INT32_MAX)
        addresses = (_void_p * count)()
        with self._lock:
            status = _arena_alloc_batch(self._handle, ctypes.c_int64(size), alignment, addresses, count)
            if status:
                self._raise(status)
            epoch = self._epoch
        return [Block(self, address, size, epoch) for address in addresses]

    def alloc_array(self, dtype: Any, count: int, *, alignment: int = 0) -> "np.ndarray":
        """A writable 1-d NumPy array of ``count`` items of ``dtype`` over arena memory (not
        zeroed), aligned to ``alignment`` (0: 16, or the dtype's alignment if larger). ``count`` 0
        gives an empty array without allocating. Valid until :meth:`reset` or :meth:`close`, which
        nothing checks for the array: do not use it after either."""
        if _numpy is None:
            raise ImportError("Arena.alloc_array needs numpy; Arena.alloc(size).view() gives a memoryview without it")
        dtype = _numpy.dtype(dtype)
        if dtype.hasobject:
            raise TypeError(f"Arena.alloc_array: dtype {dtype} holds Python objects; arena memory is raw bytes")
        count = as_int(count, "Arena.alloc_array: count", 0, INT64_MAX)
        alignment = as_int(alignment, "Arena.alloc_array: alignment", -(1 << 31), INT32_MAX)
        if count == 0 or dtype.itemsize == 0:
            self._ensure_open()
            return _numpy.empty(count, dtype=dtype)
        if alignment == 0 and dtype.alignment > 16:
            alignment = dtype.alignment
        return self.alloc(count * dtype.itemsize, alignment).as_numpy(dtype, count)

    def reset(self) -> None:
        """Forgets every allocation and keeps every chunk: every Block handed out before is dead."""
        with self._lock:
            status = _lib.veloz_arena_reset(self._handle)
            if status:
                self._raise(status)
            self._epoch += 1

    @property
    def stats(self) -> ArenaStats:
        """Chunks and counters in one call."""
        with self._lock:
            raw = self._read_stats()
        return ArenaStats(
            chunks=raw.chunks,
            chunk_size=raw.chunk_size,
            bytes_reserved=raw.bytes_reserved,
            bytes_allocated=raw.bytes_allocated,
            peak_bytes_allocated=raw.peak_bytes_allocated,
            allocations=raw.allocations,
            resets=raw.resets,
        )

    def _read_stats(self) -> Any:
        raw = _capi.veloz_arena_stats()
        raw.struct_size = ctypes.sizeof(raw)
        status = _lib.veloz_arena_get_stats(self._handle, _byref(raw))
        if status:
            self._raise(status)
        return raw

    def close(self) -> None:
        """Destroys the arena and frees every chunk: every Block it handed out is dead. Idempotent."""
        _close(self)

    def __repr__(self) -> str:
        if not hasattr(self, "_chunk_size"):
            return "<Arena uninitialized>"
        if self._closed:
            return f"<Arena {self._name!r} chunk_size={self._chunk_size} closed>"
        s = self.stats
        return f"<Arena {self._name!r} chunk_size={self._chunk_size} allocated={s.bytes_allocated} reserved={s.bytes_reserved}>"


def _text(function: Any) -> str:
    written = ctypes.c_int32()
    status = function(None, 0, _byref(written))  # asks for the length
    while True:
        if status == _OK and written.value == 0:
            return ""
        if status not in (_OK, _BUFFER_TOO_SMALL):
            raise current_error(status)
        # Room to spare: a pool made on another thread between the two calls makes the text longer.
        capacity = written.value + 1 + 1024
        buffer = ctypes.create_string_buffer(capacity)
        status = function(buffer, capacity, _byref(written))
        if status == _OK:
            return buffer.raw[: written.value].decode("utf-8", errors="replace")


def memory_report() -> str:
    """A table of every live pool and arena of the process (C#'s and C's included): name, kind,
    block size, capacity, in use, peak, rents, returns, failures, chunks, bytes reserved, and a
    total line (``veloz_memory_report``). Any thread."""
    return _text(_lib.veloz_memory_report)


def memory_prometheus() -> str:
    """The Prometheus text exposition (format 0.0.4) of every live pool and arena
    (``veloz_memory_prometheus``: veloz_pool_in_use_blocks, veloz_arena_allocated_bytes, ...,
    labelled by name and kind), for a /metrics endpoint. Any thread."""
    return _text(_lib.veloz_memory_prometheus)
