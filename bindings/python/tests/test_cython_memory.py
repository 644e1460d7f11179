"""The pools from Cython: ``from veloz cimport capi`` and a pool's ``.handle`` give a ``nogil`` loop
the same pool a Python FixedPool / ConcurrentPool drives, at C speed.

Like test_cython.py, the test writes a small extension into tmp_path, cythonizes it against
veloz/capi.pxd, compiles it with gcc against veloz.h and links libveloz.so. Each loop rents blocks
in groups, stamps every block, checks the stamps and returns them, and reports what went wrong; the
test checks the pool's counters afterwards. Threads are joined with a timeout.
"""

import textwrap
import threading

import pytest

import veloz
from test_cython import build_probe

JOIN_TIMEOUT = 120.0

PROBE_PYX = textwrap.dedent(
    """
    # cython: language_level=3
    from libc.stdint cimport int64_t, uintptr_t
    from veloz cimport capi

    DEF GROUP = 64

    def pool_churn(uintptr_t handle, int64_t count, int64_t stamp):
        '''Rents and returns count blocks of a veloz_pool in a nogil loop, GROUP at a time: each
        block is stamped after its rent and checked before its return. Returns (failed rents,
        failed returns, bad stamps).'''
        cdef capi.veloz_pool* pool = <capi.veloz_pool*>handle
        cdef void* blocks[GROUP]
        cdef int64_t done = 0, failed_rents = 0, failed_returns = 0, bad_stamps = 0
        cdef int i, n
        with nogil:
            while done < count:
                n = GROUP if count - done >= GROUP else <int>(count - done)
                for i in range(n):
                    if capi.veloz_pool_rent(pool, &blocks[i]) != capi.VELOZ_OK:
                        failed_rents += 1
                        blocks[i] = NULL
                    else:
                        (<int64_t*>blocks[i])[0] = stamp + done + i
                for i in range(n):
                    if blocks[i] == NULL:
                        continue
                    if (<int64_t*>blocks[i])[0] != stamp + done + i:
                        bad_stamps += 1
                    if capi.veloz_pool_return(pool, blocks[i]) != capi.VELOZ_OK:
                        failed_returns += 1
                done += n
        return failed_rents, failed_returns, bad_stamps

    def concurrent_churn(uintptr_t handle, int64_t count, int64_t stamp):
        '''The same loop on a veloz_concurrent_pool, for several threads at once.'''
        cdef capi.veloz_concurrent_pool* pool = <capi.veloz_concurrent_pool*>handle
        cdef void* blocks[GROUP]
        cdef int64_t done = 0, failed_rents = 0, failed_returns = 0, bad_stamps = 0
        cdef int i, n
        with nogil:
            while done < count:
                n = GROUP if count - done >= GROUP else <int>(count - done)
                for i in range(n):
                    if capi.veloz_concurrent_pool_rent(pool, &blocks[i]) != capi.VELOZ_OK:
                        failed_rents += 1
                        blocks[i] = NULL
                    else:
                        (<int64_t*>blocks[i])[0] = stamp + done + i
                for i in range(n):
                    if blocks[i] == NULL:
                        continue
                    if (<int64_t*>blocks[i])[0] != stamp + done + i:
                        bad_stamps += 1
                    if capi.veloz_concurrent_pool_return(pool, blocks[i]) != capi.VELOZ_OK:
                        failed_returns += 1
                done += n
        return failed_rents, failed_returns, bad_stamps

    def pool_stats(uintptr_t handle):
        '''(in_use, rents, returns, bad_returns) of a veloz_pool, read through capi.'''
        cdef capi.veloz_pool_stats stats
        stats.struct_size = sizeof(capi.veloz_pool_stats)
        status = capi.veloz_pool_get_stats(<capi.veloz_pool*>handle, &stats)
        assert status == capi.VELOZ_OK, status
        return stats.in_use, stats.rents, stats.returns, stats.bad_returns
    """
)


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    return build_probe(tmp_path_factory, "veloz_memory_probe", PROBE_PYX)


def test_a_nogil_loop_rents_and_returns_1e5_blocks(probe):
    count = 100_000
    with veloz.FixedPool(block_size=64, initial_blocks=16, name="cython-fixed") as pool:
        held = pool.rent()  # a Python-rented block the loop never touches
        held.view()[:8] = b"python!!"
        # The Python object shared the handle, so a loop on another thread may drive it (one at a time).
        results = []
        thread = threading.Thread(target=lambda: results.append(probe.pool_churn(pool.handle, count, 1 << 40)), daemon=True)
        thread.start()
        thread.join(JOIN_TIMEOUT)
        assert not thread.is_alive(), "the nogil loop hung"
        assert results == [(0, 0, 0)]
        stats = pool.stats
        assert (stats.in_use, stats.rents, stats.returns, stats.bad_returns, stats.failed_rents) == (1, count + 1, count, 0, 0)
        assert stats.peak_in_use == 65 and stats.capacity >= 65  # GROUP blocks at once, plus the held one: it grew
        assert probe.pool_stats(pool.handle) == (1, count + 1, count, 0)
        assert bytes(held.view()[:8]) == b"python!!"
        pool.release(held)


def test_a_max_blocks_limit_shows_in_the_nogil_loop(probe):
    with veloz.FixedPool(block_size=16, initial_blocks=40, max_blocks=40) as pool:
        failed_rents, failed_returns, bad_stamps = probe.pool_churn(pool.handle, 1000, 7)
        stats = pool.stats
    # 1000 rents in groups of 64 with room for 40: 24 refused per group of 64 (15 full groups, then 40 of 40).
    assert (failed_rents, failed_returns, bad_stamps) == (15 * 24, 0, 0)
    assert (stats.rents, stats.returns, stats.failed_rents, stats.in_use) == (1000 - 15 * 24, 1000 - 15 * 24, 15 * 24, 0)


def test_nogil_loops_on_two_threads_share_a_concurrent_pool(probe):
    count = 100_000
    with veloz.ConcurrentPool(block_size=32, initial_blocks=8, name="cython-concurrent") as pool:
        results = [None, None]

        def run(index: int) -> None:
            results[index] = probe.concurrent_churn(pool.handle, count, index << 40)

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(JOIN_TIMEOUT)
        assert not any(thread.is_alive() for thread in threads), "a nogil loop hung"
        stats = pool.stats
    assert results == [(0, 0, 0), (0, 0, 0)]
    assert (stats.in_use, stats.rents, stats.returns, stats.bad_returns) == (0, 2 * count, 2 * count, 0)
