"""veloz.FixedPool, veloz.ConcurrentPool and veloz.Arena: Blocks and their views (memoryview, NumPy),
batches, exhaustion, hostile returns (foreign, inside a block, twice, another pool's) that leave the
pool as it was, configs the library refuses, dead Blocks after release / close / reset, threads
releasing each other's blocks, the process-wide report, and a randomized differential test against
a Python set.

Every threaded test joins with a timeout: a hang fails the test and never blocks the run.
"""

from __future__ import annotations

import ctypes
import pickle
import random
import shutil
import subprocess
import sys
import threading
from typing import Any, Callable, List, Sequence

import numpy as np
import pytest

from thread_runner import run_threads as _run_threads

import veloz
from veloz import _capi

#: A hang fails the test after this long instead of hanging the run.
JOIN_TIMEOUT = 120.0
POOLS = [veloz.FixedPool, veloz.ConcurrentPool]
POOL_IDS = ["fixed", "concurrent"]


def run_threads(targets: Sequence[Callable[[], Any]]) -> List[Any]:
    """Runs each target on its own thread; see thread_runner.run_threads."""
    return _run_threads(targets, together=False, name="memory-test")


def counters(stats: veloz.PoolStats) -> tuple:
    """The fields a refused return must leave as they were."""
    return (stats.in_use, stats.rents, stats.returns, stats.capacity, stats.failed_rents)


# ---- blocks and views -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_rent_gives_an_aligned_writable_block_of_block_size_bytes(kind):
    with kind(block_size=100, alignment=64, initial_blocks=8, name="views") as pool:
        assert (pool.block_size, pool.alignment, pool.stride, pool.name) == (100, 64, 128, "views")
        blocks = [pool.rent() for _ in range(8)]
        assert len({b.address for b in blocks}) == 8
        for i, block in enumerate(blocks):
            assert block.address % 64 == 0
            assert block.size == len(block) == 100 and block.owner is pool and block.valid
            view = block.view()
            assert (view.nbytes, view.format, view.readonly) == (100, "B", False)
            view[:] = bytes([i]) * 100
        for i, block in enumerate(blocks):  # no block overlaps another
            assert bytes(block.view()) == bytes([i]) * 100
            assert ctypes.string_at(block.address, 100) == bytes([i]) * 100
            assert pool.is_rented(block) and pool.is_rented(block.address)
        stats = pool.stats
        assert (stats.in_use, stats.rents, stats.peak_in_use, stats.block_size, stats.alignment) == (8, 8, 8, 100, 64)
        pool.release_batch(blocks)
        assert pool.stats.in_use == 0 and pool.stats.returns == 8


def test_numpy_views_write_and_read_the_block():
    with veloz.FixedPool(block_size=64) as pool:
        block = pool.rent()
        ints = block.as_numpy(np.int64)
        assert ints.shape == (8,) and ints.flags.writeable
        ints[:] = np.arange(8) * 1_000_000_007
        assert np.array_equal(np.frombuffer(ctypes.string_at(block.address, 64), np.int64), np.arange(8) * 1_000_000_007)
        raw = block.as_numpy()  # uint8 by default, the same memory
        raw[0] = 0xFF
        assert ints[0] & 0xFF == 0xFF
        assert block.as_numpy(np.float64, 3).shape == (3,)
        assert block.as_numpy(np.dtype("V24")).shape == (2,)  # 64 bytes: two whole 24-byte items, the rest left out
        with pytest.raises(veloz.InvalidArgumentError, match="do not fit"):
            block.as_numpy(np.int64, 9)
        pool.release(block)
        with pytest.raises(veloz.InvalidHandleError, match="released"):
            block.as_numpy(np.int64)


def test_a_view_keeps_the_pool_object_alive():
    pool = veloz.FixedPool(block_size=32, name="kept-alive")
    view = pool.rent().view()
    del pool  # the view holds the Block, which holds the pool: nothing is freed
    view[:] = b"x" * 32
    assert bytes(view) == b"x" * 32
    assert "kept-alive" in veloz.memory_report()


@pytest.mark.skipif(sys.version_info < (3, 12), reason="memoryview(block) needs PEP 688 (__buffer__, Python 3.12)")
def test_memoryview_of_a_block():
    with veloz.FixedPool(block_size=16) as pool:
        block = pool.rent()
        memoryview(block)[:2] = b"ok"
        assert bytes(block.view()[:2]) == b"ok"


def test_fill_freed_writes_0xdd_over_a_released_block():
    with veloz.FixedPool(block_size=48, fill_freed=True) as pool:
        assert pool.fill_freed
        block = pool.rent()
        address = block.address
        block.view()[:] = b"\x11" * 48
        pool.release(block)
        assert ctypes.string_at(address, 48) == b"\xdd" * 48  # still the pool's memory: readable
    with veloz.FixedPool(block_size=48) as pool:
        block = pool.rent()
        block.view()[:] = b"\x11" * 48
        address = block.address
        pool.release(block)
        assert ctypes.string_at(address + 8, 40) == b"\x11" * 40  # no fill (the first 8 bytes may link the free list)


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_the_most_recently_released_block_comes_back_first(kind):
    with kind(block_size=8) as pool:
        first, second = pool.rent(), pool.rent()
        address = first.address
        pool.release(first)
        again = pool.rent()
        assert again.address == address
        assert again.valid and not first.valid  # the old Block stays dead although its memory is rented again
        assert not pool.is_rented(first) and pool.is_rented(again)
        with pytest.raises(veloz.InvalidArgumentError, match="already released|no longer valid"):
            pool.release(first)  # would return `again`'s memory if it reached the library
        assert pool.is_rented(again)
        pool.release_batch([again, second])


# ---- batches and exhaustion ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_exhaustion_raises_full_and_try_rent_returns_none(kind):
    with kind(block_size=16, initial_blocks=4, max_blocks=4, name="tiny") as pool:
        blocks = [pool.rent() for _ in range(4)]
        with pytest.raises(veloz.FullError) as caught:
            pool.rent()
        assert caught.value.status == _capi.VELOZ_E_FULL
        assert "exhausted" in caught.value.message and "max_blocks is 4" in caught.value.message
        assert pool.try_rent() is None
        stats = pool.stats
        assert (stats.in_use, stats.capacity, stats.failed_rents, stats.max_blocks) == (4, 4, 2, 4)
        pool.release(blocks.pop())
        assert pool.try_rent() is not None


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_rent_batch_is_all_or_nothing_unless_partial(kind):
    with kind(block_size=24, initial_blocks=10, max_blocks=10) as pool:
        held = pool.rent_batch(3)
        assert len(held) == 3 and all(isinstance(b, veloz.Block) for b in held)
        with pytest.raises(veloz.FullError, match="exhausted"):
            pool.rent_batch(8)
        stats = pool.stats
        assert stats.in_use == 3  # the 7 it got were given back
        assert (stats.rents, stats.returns, stats.failed_rents) == (10, 7, 1)
        more = pool.rent_batch(8, partial=True)
        assert len(more) == 7 and pool.stats.in_use == 10
        assert len({b.address for b in held + more}) == 10
        assert pool.rent_batch(0) == [] and pool.rent_batch(5, partial=True) == []
        assert pool.release_batch(held + more) == 10
        assert pool.stats.in_use == 0
        assert not any(b.valid for b in held + more)
        assert pool.release_batch([]) == 0


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_rent_batch_addresses_gives_a_numpy_array_that_release_batch_takes(kind):
    with kind(block_size=40, alignment=8, initial_blocks=16, max_blocks=16) as pool:
        addresses = pool.rent_batch_addresses(10)
        assert addresses.dtype == np.uintp and addresses.shape == (10,)
        assert len(set(addresses.tolist())) == 10 and all(a % 8 == 0 for a in addresses.tolist())
        assert all(pool.is_rented(int(a)) for a in addresses)
        with pytest.raises(veloz.FullError):
            pool.rent_batch_addresses(7)
        assert pool.stats.in_use == 10
        rest = pool.rent_batch_addresses(7, partial=True)
        assert rest.shape == (6,) and pool.stats.in_use == 16
        assert pool.release_batch(rest) == 6
        bad = addresses.copy()
        bad[4] += 1  # inside a block
        with pytest.raises(veloz.InvalidArgumentError, match=r"blocks\[4\]: block 0x[0-9A-F]+ points inside"):
            pool.release_batch(bad)
        assert pool.stats.in_use == 6 and pool.stats.bad_returns == 1
        with pytest.raises(TypeError, match="uintp"):
            pool.release_batch(addresses[5:].astype(np.float64))
        assert pool.release_batch(addresses[5:].reshape(1, 5)) == 5  # any shape, read in order
        assert pool.stats.in_use == 1 and pool.rent_batch_addresses(0).shape == (0,)
        assert pool.release_batch(addresses[4:5].astype(np.int64)) == 1


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_release_batch_stops_at_the_first_refused_block(kind):
    with kind(block_size=32) as pool, kind(block_size=32, name="other") as other:
        mine = pool.rent_batch(4)
        theirs = other.rent()
        before = pool.stats
        with pytest.raises(veloz.InvalidArgumentError, match=r"blocks\[2\]") as caught:
            pool.release_batch([mine[0], mine[1], theirs, mine[2], mine[3]])
        assert "other" not in caught.value.message or "is not in pool" in caught.value.message
        after = pool.stats
        assert after.in_use == before.in_use - 2 and after.bad_returns == before.bad_returns + 1
        assert [b.valid for b in mine] == [False, False, True, True]
        assert theirs.valid and other.is_rented(theirs)
        # A dead Block in a batch is refused before anything is released.
        with pytest.raises(veloz.InvalidArgumentError, match="no longer valid"):
            pool.release_batch([mine[2], mine[0]])
        assert mine[2].valid and pool.stats.in_use == 2
        assert pool.release_batch([mine[2].address, mine[3]]) == 2


# ---- hostile returns and configs -------------------------------------------------------------------


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_hostile_returns_leave_the_pool_as_it_was(kind):
    foreign = ctypes.create_string_buffer(64)
    with kind(block_size=64, name="victim") as pool, kind(block_size=64, name="bystander") as other, veloz.Arena() as arena:
        held = pool.rent()
        released = pool.rent()
        released_address = released.address
        pool.release(released)
        stranger = other.rent()
        arena_block = arena.alloc(64)
        before = pool.stats
        cases = [
            (ctypes.addressof(foreign), "is not in pool 'victim'"),
            (0, "NULL"),
            (held.address + 1, "points inside a block of pool 'victim'"),
            (held.address + 63, "points inside"),
            (released_address, "is not rented"),
            (stranger, "is not in pool 'victim'"),
            (arena_block, "is not in pool 'victim'"),
        ]
        for bad, message in cases:
            with pytest.raises(veloz.InvalidArgumentError, match=message) as caught:
                pool.release(bad)
            assert caught.value.status == _capi.VELOZ_E_INVALID_ARGUMENT
            assert caught.value.message.startswith("veloz_")  # the library's message, not the binding's
        after = pool.stats
        assert counters(after) == counters(before)
        assert after.bad_returns == before.bad_returns + len(cases)
        assert held.valid and stranger.valid and arena_block.valid and other.is_rented(stranger)
        # Refused before the library: a dead Block, and values that are no address at all.
        with pytest.raises(veloz.InvalidArgumentError, match="already released|no longer valid"):
            pool.release(released)
        for nonsense, error in [(-1, veloz.InvalidArgumentError), (1 << 64, veloz.InvalidArgumentError),
                                (None, TypeError), ("0x10", TypeError), (1.5, TypeError), (True, TypeError)]:  # fmt: skip
            with pytest.raises(error):
                pool.release(nonsense)
        assert pool.stats.bad_returns == after.bad_returns
        pool.release(held)


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
@pytest.mark.parametrize(
    "config, message",
    [
        (dict(block_size=0), "config->block_size must be 1..1048576"),
        (dict(block_size=(1 << 20) + 1), "config->block_size"),
        (dict(block_size=-5), "config->block_size"),
        (dict(block_size=64, alignment=3), "config->alignment must be a power of two"),
        (dict(block_size=64, alignment=8192), "config->alignment"),
        (dict(block_size=64, alignment=-16), "config->alignment"),
        (dict(block_size=64, initial_blocks=-1), "config->initial_blocks"),
        (dict(block_size=64, initial_blocks=(1 << 24) + 1), "config->initial_blocks"),
        (dict(block_size=64, initial_blocks=100, max_blocks=10), "config->max_blocks must be 0 \\(no limit\\) or initial_blocks"),
        (dict(block_size=64, max_blocks=-1), "config->max_blocks"),
        (dict(block_size=64, name="n" * 129), "config->name must be at most 128 characters"),
    ],
)
def test_bad_configs_raise_the_library_message(kind, config, message):
    with pytest.raises(veloz.InvalidArgumentError, match=message) as caught:
        kind(**config)
    assert caught.value.status == _capi.VELOZ_E_INVALID_ARGUMENT
    assert caught.value.message.startswith(("veloz_pool_create", "veloz_concurrent_pool_create"))


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_configs_the_binding_refuses_before_the_library(kind):
    with pytest.raises(veloz.InvalidArgumentError, match="block_size must be in"):
        kind(block_size=1 << 40)  # ctypes would wrap it to 0
    with pytest.raises(TypeError):
        kind(block_size=64.0)
    with pytest.raises(TypeError):
        kind(block_size=64, name=b"bytes")
    with pytest.raises(veloz.InvalidArgumentError, match="NUL"):
        kind(block_size=64, name="a\0b")
    with pytest.raises(TypeError):
        kind(block_size=64, max_blocks="10")
    with kind(block_size=np.int32(64), initial_blocks=np.int64(2), name="ünïcode-näme") as pool:  # NumPy ints, UTF-8
        assert pool.stats.capacity == 2 and pool.name == "ünïcode-näme"
        assert "ünïcode-näme" in veloz.memory_report()
    with kind(block_size=1, max_blocks=0, initial_blocks=0) as pool:  # zeros mean the defaults
        stats = pool.stats
        assert (stats.capacity, stats.alignment, stats.max_blocks, pool.name) == (1024, 16, 0, "pool")


# ---- lifetime --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_a_closed_pool_raises_and_its_blocks_are_dead(kind):
    pool = kind(block_size=16, name="closing")
    block = pool.rent()
    batch = pool.rent_batch(3)
    handle = pool.handle
    assert handle
    pool.close()
    pool.close()  # idempotent
    assert pool.closed and "closed" in repr(pool)
    assert not block.valid and not any(b.valid for b in batch)
    with pytest.raises(veloz.InvalidHandleError, match="was closed"):
        block.view()
    for call in (pool.rent, pool.try_rent, lambda: pool.rent_batch(2), lambda: pool.stats, lambda: pool.release(block),
                 lambda: pool.release(batch[0].address), lambda: pool.release_batch(batch), lambda: pool.is_rented(block),
                 lambda: pool.rent_batch_addresses(2), lambda: pool.release_batch(np.zeros(2, np.uintp)),
                 lambda: pool.handle):  # fmt: skip
        with pytest.raises(veloz.InvalidHandleError, match="closed"):
            call()
    assert "'closing'" not in veloz.memory_report()


def test_pools_and_blocks_cannot_be_pickled():
    with veloz.FixedPool(block_size=8) as pool:
        block = pool.rent()
        with pytest.raises(TypeError):
            pickle.dumps(pool)
        with pytest.raises(TypeError):
            pickle.dumps(block)
        assert "in_use=1" in repr(pool) and "0x" in repr(block)
        pool.release(block)
        assert "dead" in repr(block)


# ---- threads -----------------------------------------------------------------------------------------


def test_concurrent_pool_blocks_cross_threads_with_stamps_intact():
    """Four threads rent blocks and stamp them through memoryviews; each hands its blocks to the
    next thread, which checks the stamp and releases them: every release is cross-thread."""
    threads, rounds, per_round = 4, 300, 16
    with veloz.ConcurrentPool(block_size=64, initial_blocks=16, name="crossing") as pool:
        mailboxes = [[] for _ in range(threads)]
        locks = [threading.Lock() for _ in range(threads)]
        bad_stamps = [0] * threads
        barrier = threading.Barrier(threads, timeout=JOIN_TIMEOUT)

        def worker(me: int) -> int:
            seen = 0
            for round_number in range(rounds):
                blocks = pool.rent_batch(per_round // 2) + [pool.rent() for _ in range(per_round // 2)]
                for i, block in enumerate(blocks):
                    stamp = np.array([me, round_number, i, block.address], dtype=np.int64).tobytes()
                    block.view()[:32] = stamp
                with locks[(me + 1) % threads]:
                    mailboxes[(me + 1) % threads].extend(blocks)
                with locks[me]:
                    mine, mailboxes[me][:] = list(mailboxes[me]), []
                for block in mine:
                    sender, _, _, address = block.as_numpy(np.int64)[:4]
                    if sender != (me - 1) % threads or address != block.address:
                        bad_stamps[me] += 1
                half = len(mine) // 2
                pool.release_batch(mine[:half])
                for block in mine[half:]:
                    pool.release(block)
                seen += len(mine)
            barrier.wait()
            with locks[me]:
                rest, mailboxes[me][:] = list(mailboxes[me]), []
            pool.release_batch(rest)
            return seen + len(rest)

        received = run_threads([lambda me=me: worker(me) for me in range(threads)])
        stats = pool.stats
    assert bad_stamps == [0] * threads
    assert sum(received) == threads * rounds * per_round
    assert stats.in_use == 0 and stats.bad_returns == 0
    assert stats.rents == stats.returns == threads * rounds * per_round


def test_a_fixed_pool_is_usable_from_several_python_threads():
    # Owner-thread in the library; the Python object shares the handle and takes turns through its lock.
    with veloz.FixedPool(block_size=16) as pool:

        def churn() -> int:
            for _ in range(2000):
                block = pool.rent()
                block.view()[:8] = b"12345678"
                pool.release(block)
            return 2000

        assert run_threads([churn] * 3) == [2000] * 3
        stats = pool.stats
    assert (stats.rents, stats.returns, stats.in_use, stats.bad_returns) == (6000, 6000, 0, 0)


# ---- arena --------------------------------------------------------------------------------------------


def test_arena_alloc_alignment_reset_and_stats():
    with veloz.Arena(chunk_size=4096, name="bump") as arena:
        assert (arena.chunk_size, arena.name) == (4096, "bump")
        blocks = [arena.alloc(10 + i, alignment=1 << (i % 8)) for i in range(40)]
        for i, block in enumerate(blocks):
            assert block.address % (1 << (i % 8)) == 0 and block.size == 10 + i
            block.view()[:] = bytes([i]) * block.size
        for i, block in enumerate(blocks):
            assert bytes(block.view()) == bytes([i]) * block.size
        big = arena.alloc(10_000)  # larger than a chunk: a chunk of its own
        stats = arena.stats
        assert stats.allocations == 41 and stats.bytes_allocated == sum(10 + i for i in range(40)) + 10_000
        assert stats.chunks >= 2 and stats.chunk_size == 4096
        reserved = stats.bytes_reserved
        arena.reset()
        assert not big.valid and not any(b.valid for b in blocks)
        with pytest.raises(veloz.InvalidHandleError, match="was reset"):
            blocks[0].view()
        stats = arena.stats
        assert (stats.bytes_allocated, stats.resets, stats.bytes_reserved) == (0, 1, reserved)
        assert stats.peak_bytes_allocated == sum(10 + i for i in range(40)) + 10_000
        again = arena.alloc(8)
        assert again.valid and arena.stats.bytes_reserved == reserved  # reuses the kept chunks
        batch = arena.alloc_batch(24, 50, alignment=8)
        assert len({b.address for b in batch}) == 50 and all(b.address % 8 == 0 and b.size == 24 for b in batch)


def test_arena_arrays_are_numpy_views_over_arena_memory():
    with veloz.Arena() as arena:
        prices = arena.alloc_array(np.float64, 1000)
        ids = arena.alloc_array(np.int64, 1000)
        assert prices.shape == (1000,) and prices.flags.writeable and prices.ctypes.data % 16 == 0
        prices[:] = np.linspace(0, 1, 1000)
        ids[:] = np.arange(1000)
        assert prices[-1] == 1.0 and int(ids.sum()) == 999 * 500  # no overlap
        wide = arena.alloc_array(np.dtype(np.float64), 3, alignment=256)
        assert wide.ctypes.data % 256 == 0
        assert arena.alloc_array(np.int32, 0).shape == (0,)
        assert arena.stats.bytes_allocated == 16_000 + 24
        with pytest.raises(TypeError):
            arena.alloc_array(object, 4)


def test_arena_hostile_input_and_close():
    with pytest.raises(veloz.InvalidArgumentError, match="config->chunk_size") as caught:
        veloz.Arena(chunk_size=100)
    assert caught.value.message.startswith("veloz_arena_create")
    with pytest.raises(veloz.InvalidArgumentError, match="config->chunk_size"):
        veloz.Arena(chunk_size=(1 << 30) + 1)
    with pytest.raises(veloz.InvalidArgumentError, match="config->name"):
        veloz.Arena(name="a" * 129)
    arena = veloz.Arena(name="hostile-arena")
    for size, alignment, message in [(0, 0, "size must be 1.."), (-1, 0, "size"), ((1 << 30) + 1, 0, "size"),
                                     (8, 3, "alignment must be"), (8, 8192, "alignment"), (8, -8, "alignment")]:  # fmt: skip
        with pytest.raises(veloz.InvalidArgumentError, match=message) as caught:
            arena.alloc(size, alignment)
        assert caught.value.message.startswith("veloz_arena_alloc")
    with pytest.raises(veloz.InvalidArgumentError, match="size"):
        arena.alloc_batch(0, 4)
    assert arena.stats.allocations == 0
    block = arena.alloc(16)
    assert "hostile-arena" in veloz.memory_report()
    arena.close()
    assert not block.valid
    with pytest.raises(veloz.InvalidHandleError, match="closed"):
        block.view()
    for call in (lambda: arena.alloc(8), arena.reset, lambda: arena.stats, lambda: arena.alloc_array(np.int8, 4)):
        with pytest.raises(veloz.InvalidHandleError, match="closed"):
            call()
    assert "hostile-arena" not in veloz.memory_report()


# ---- report -------------------------------------------------------------------------------------------


def test_prometheus_text_passes_promtool_check_metrics():
    # promtool (Debian's prometheus package, installed by the Bootstrap target) is the format's own checker:
    # HELP/TYPE lines, metric and label names, counter suffixes, escaping of label values.
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool not found: dotnet cake --target=Bootstrap installs Debian's prometheus"
    with veloz.FixedPool(block_size=64, name='quote "pool"\\x') as pool, veloz.ConcurrentPool(
        block_size=64, name="orders"
    ) as shared, veloz.Arena(name="batch") as arena:
        block = pool.rent()
        shared.release(shared.rent())
        arena.alloc(100)
        text = veloz.memory_prometheus()
        result = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True)
        assert result.returncode == 0, f"promtool check metrics failed:\n{result.stdout}{result.stderr}\n--- text ---\n{text}"
        assert 'name="quote \\"pool\\"\\\\x"' in text
        pool.release(block)


def test_report_and_prometheus_list_every_live_pool_and_arena():
    with veloz.FixedPool(block_size=40, name="report-fixed") as a, veloz.ConcurrentPool(
        block_size=72, name="report-concurrent"
    ) as b, veloz.Arena(name="report-arena") as c:
        held = [a.rent(), a.rent(), b.rent()]
        c.alloc(123)
        report = veloz.memory_report()
        prometheus = veloz.memory_prometheus()
        for name in ("report-fixed", "report-concurrent", "report-arena"):
            assert name in report
            assert f'name="{name}"' in prometheus
        line = next(line for line in report.splitlines() if line.startswith("report-fixed"))
        assert " 40 " in line
        assert 'veloz_pool_in_use_blocks{name="report-fixed",kind="fixed_pool"} 2' in prometheus
        assert "# TYPE veloz_memory_bytes_reserved gauge" in prometheus
        del held
    assert "report-fixed" not in veloz.memory_report()


def test_a_long_report_is_read_whole():
    # The table clips names to 24 characters; the Prometheus text keeps them whole (here 128, the most allowed).
    pools = [veloz.FixedPool(block_size=8, initial_blocks=1, name=f"many-{i:03}-" + "x" * 119) for i in range(60)]
    try:
        report = veloz.memory_report()
        assert sum(line.startswith("many-") for line in report.splitlines()) >= 60 and len(report) > 60 * 100
        prometheus = veloz.memory_prometheus()
        assert all(f'name="{pool.name}"' in prometheus for pool in pools) and len(prometheus) > 60 * 130 * 10
    finally:
        for pool in pools:
            pool.close()


# ---- differential ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", POOLS, ids=POOL_IDS)
def test_random_operations_match_a_set_model(kind, seed):
    rng = random.Random(seed)
    max_blocks = 64
    with kind(block_size=24, initial_blocks=8, max_blocks=max_blocks, name="model") as pool:
        live: dict = {}  # address -> Block, the model
        dead: List[veloz.Block] = []  # released as Blocks: dead, refused before the library
        freed: List[int] = []  # addresses released (by Block or by address)
        rents = returns = failed = bad = 0
        for step in range(50_000):
            op = rng.random()
            if op < 0.35:
                block = pool.try_rent()
                if len(live) == max_blocks:
                    assert block is None, f"step {step}: rented past max_blocks"
                    failed += 1
                else:
                    assert block is not None and block.address not in live, f"step {step}"
                    block.view()[:8] = block.address.to_bytes(8, "little")
                    live[block.address] = block
                    rents += 1
            elif op < 0.45:
                n = rng.randint(0, 6)
                blocks = pool.rent_batch(n, partial=True)
                assert len(blocks) == min(n, max_blocks - len(live)), f"step {step}"
                if len(blocks) < n:
                    failed += 1
                for block in blocks:
                    assert block.address not in live
                    block.view()[:8] = block.address.to_bytes(8, "little")
                    live[block.address] = block
                rents += len(blocks)
            elif op < 0.75 and live:
                block = live.pop(rng.choice(list(live)))
                assert bytes(block.view()[:8]) == block.address.to_bytes(8, "little"), f"step {step}: stamp overwritten"
                if rng.random() < 0.8:
                    pool.release(block)
                    dead.append(block)
                else:
                    pool.release(block.address)  # the Block object stays "valid": nothing tracks addresses
                freed.append(block.address)
                returns += 1
            elif op < 0.82 and live:
                chosen = rng.sample(list(live), rng.randint(1, min(5, len(live))))
                assert pool.release_batch([live.pop(a) for a in chosen]) == len(chosen)
                freed.extend(chosen)
                returns += len(chosen)
            elif op < 0.90:
                # Hostile: an inside pointer, a released address nobody rents now, or a dead Block.
                if live and rng.random() < 0.5:
                    target = rng.choice(list(live)) + rng.randint(1, 23)
                    with pytest.raises(veloz.InvalidArgumentError, match="inside"):
                        pool.release(target)
                    bad += 1
                elif freed:
                    address = rng.choice(freed)
                    if address not in live:
                        with pytest.raises(veloz.InvalidArgumentError, match="not rented"):
                            pool.release(address)
                        bad += 1
                    if dead:
                        with pytest.raises(veloz.InvalidArgumentError, match="no longer valid"):
                            pool.release(rng.choice(dead))  # a dead Block: refused before the library, not counted
            else:
                probe = rng.choice(list(live)) if live and rng.random() < 0.5 else (rng.choice(freed) if freed else 0)
                assert pool.is_rented(probe) == (probe in live), f"step {step}"
            if step % 1000 == 0:
                stats = pool.stats
                assert (stats.in_use, stats.rents, stats.returns, stats.bad_returns) == (len(live), rents, returns, bad)
            if len(dead) > 256:
                del dead[:128]
            if len(freed) > 256:
                del freed[:128]
        stats = pool.stats
        assert (stats.in_use, stats.rents, stats.returns, stats.bad_returns) == (len(live), rents, returns, bad)
        assert stats.failed_rents == failed and stats.capacity <= max_blocks
        if kind is veloz.FixedPool:
            assert stats.peak_in_use <= max_blocks
