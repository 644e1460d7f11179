#!/usr/bin/python3
"""Python benchmark: ns per block for veloz.FixedPool / ConcurrentPool rent + release, Arena.alloc and
rent_batch / release_batch, beside the floor of the cheapest ctypes call and beside the Python ways
to get 64 fresh bytes (``bytearray(64)``, ``numpy.empty(64, uint8)``), in the same run.

    /usr/bin/python3 bindings/python/benchmarks/bench_memory.py [--batch 1024] [--rounds 300]

Every row times many short loops of the same operation and reports the median and the best loop,
so that a preemption on a shared machine spoils one loop (which the median ignores) instead of the
average. The blocks are 64 bytes. A pool row rents and releases one block per iteration (the pool
is never empty or full); the arena row allocates 64 bytes per iteration and resets the arena
between loops (untimed). The Cython row is the same pair from a ``nogil`` loop: what the pool itself
costs once the ctypes crossing is gone. Ratios compare rows of this same process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Callable, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import veloz  # noqa: E402
from bench_common import build_cython_probe, print_table  # noqa: E402
from veloz._library import library  # noqa: E402

BLOCK = 64


def per_op_ns(loop: Callable[[int], Any], rounds: int, per_round: int, between: Optional[Callable[[], Any]] = None) -> Tuple[float, float]:
    """(median, best) ns per operation over ``rounds`` calls of ``loop(per_round)``; ``between``
    runs untimed after each round (an arena reset)."""
    clock = time.perf_counter_ns
    samples = []
    for _ in range(rounds):
        start = clock()
        loop(per_round)
        samples.append((clock() - start) / per_round)
        if between is not None:
            between()
    samples.sort()
    return samples[len(samples) // 2], samples[0]


def repeat(function: Callable[[], Any]) -> Callable[[int], None]:
    """A loop calling ``function`` n times (the loop's own cost is the "empty loop" row)."""

    def loop(n: int) -> None:
        for _ in range(n):
            function()

    return loop


CYTHON_PROBE = """
# cython: language_level=3
from libc.stdint cimport int64_t, uintptr_t
from veloz cimport capi

def pool_pairs(uintptr_t handle, long n):
    '''n veloz_pool_rent + veloz_pool_return pairs from a nogil loop; returns the failures.'''
    cdef capi.veloz_pool* pool = <capi.veloz_pool*>handle
    cdef void* block
    cdef long i, failures = 0
    with nogil:
        for i in range(n):
            if capi.veloz_pool_rent(pool, &block) != 0:
                failures += 1
                continue
            (<int64_t*>block)[0] = i
            if capi.veloz_pool_return(pool, block) != 0:
                failures += 1
    return failures

def concurrent_pairs(uintptr_t handle, long n):
    '''The same on a veloz_concurrent_pool.'''
    cdef capi.veloz_concurrent_pool* pool = <capi.veloz_concurrent_pool*>handle
    cdef void* block
    cdef long i, failures = 0
    with nogil:
        for i in range(n):
            if capi.veloz_concurrent_pool_rent(pool, &block) != 0:
                failures += 1
                continue
            (<int64_t*>block)[0] = i
            if capi.veloz_concurrent_pool_return(pool, block) != 0:
                failures += 1
    return failures
"""


def bench(batch: int, rounds: int) -> None:
    per_round = 2_000
    rows_raw: List[Tuple[str, float, float]] = []

    def row(name: str, loop: Callable[[int], Any], between: Optional[Callable[[], Any]] = None, per: int = per_round, scale: int = 1) -> None:
        per_op_ns(loop, 10, per, between)  # warm-up
        median, best = per_op_ns(loop, rounds, per, between)
        rows_raw.append((name, median / scale, best / scale))
        print(f"  {name}: {median / scale:,.1f} ns", flush=True)

    version = library().veloz_version
    row("floor: veloz_version() through ctypes (no arguments)", repeat(lambda: version()))
    row("floor: a Python loop calling a no-op builtin (int)", repeat(lambda: int()))

    with veloz.FixedPool(block_size=BLOCK, name="bench-fixed") as pool:
        rent, release = pool.rent, pool.release
        row("FixedPool: release(rent())", repeat(lambda: release(rent())))

        def with_view() -> None:
            block = rent()
            block.view()[:8] = b"12345678"
            release(block)

        row("FixedPool: rent(), view()[:8] = ..., release()", repeat(with_view))

        def batches(n: int) -> None:
            for _ in range(n):
                pool.release_batch(pool.rent_batch(batch))

        row(f"FixedPool: rent_batch({batch}) + release_batch, per block", batches, per=max(1, per_round // batch) * 4, scale=batch)

        def address_batches(n: int) -> None:
            for _ in range(n):
                pool.release_batch(pool.rent_batch_addresses(batch))

        row(f"FixedPool: rent_batch_addresses({batch}) + release_batch (NumPy, no Blocks), per block", address_batches, per=16, scale=batch)
        handle = pool.handle
        try:
            probe = build_cython_probe(CYTHON_PROBE, "veloz_memory_bench_probe")
        except Exception as e:  # noqa: BLE001 - report and carry on: the Python rows stand on their own
            probe = None
            print(f"\nCython rows left out: building the probe failed: {e!r}")
        if probe is not None:
            cython_n = 100_000
            row("FixedPool from a Cython nogil loop: veloz_pool_rent + return", lambda n: probe.pool_pairs(handle, n), per=cython_n)

    with veloz.ConcurrentPool(block_size=BLOCK, name="bench-concurrent") as cpool:
        rent, release = cpool.rent, cpool.release
        row("ConcurrentPool: release(rent())", repeat(lambda: release(rent())))
        row(f"ConcurrentPool: rent_batch({batch}) + release_batch, per block",
            lambda n: [cpool.release_batch(cpool.rent_batch(batch)) for _ in range(n)], per=max(1, per_round // batch) * 4, scale=batch)  # fmt: skip
        row(f"ConcurrentPool: rent_batch_addresses({batch}) + release_batch, per block",
            lambda n: [cpool.release_batch(cpool.rent_batch_addresses(batch)) for _ in range(n)], per=16, scale=batch)  # fmt: skip
        if probe is not None:
            chandle = cpool.handle
            row("ConcurrentPool from a Cython nogil loop: rent + return", lambda n: probe.concurrent_pairs(chandle, n), per=100_000)

    with veloz.Arena(chunk_size=1 << 20, name="bench-arena") as arena:
        alloc = arena.alloc
        row(f"Arena: alloc({BLOCK}) (reset between loops)", repeat(lambda: alloc(BLOCK)), between=arena.reset)
        row(f"Arena: alloc_batch({BLOCK}, {batch}), per block",
            lambda n: [arena.alloc_batch(BLOCK, batch) for _ in range(n)], between=arena.reset, per=8, scale=batch)  # fmt: skip
        row(f"Arena: alloc_array(uint8, {BLOCK}) -> numpy view", repeat(lambda: arena.alloc_array(np.uint8, BLOCK)), between=arena.reset)

    empty = np.empty
    uint8 = np.uint8
    row(f"peer: bytearray({BLOCK})", repeat(lambda: bytearray(BLOCK)))
    row(f"peer: numpy.empty({BLOCK}, uint8)", repeat(lambda: empty(BLOCK, uint8)))

    baseline = next(median for name, median, _ in rows_raw if name.startswith("peer: bytearray"))
    rows = [
        [name, f"{median:,.1f}", f"{best:,.1f}", f"{median / baseline:,.2f}x"] for name, median, best in rows_raw
    ]
    print_table(
        f"ns per block of {BLOCK} bytes, one thread (median and best of {rounds} loops; a lambda's call is part of "
        f"every Python row, see the floor rows)",
        ["operation", "median ns", "best ns", "time vs bytearray(64)"],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1024, help="blocks per batch call (default 1024)")
    parser.add_argument("--rounds", type=int, default=300, help="timed loops per row (default 300)")
    args = parser.parse_args()
    print(f"veloz {veloz.__version__}, library {veloz.library_path()} {'.'.join(map(str, veloz.library_version()))}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs, load average {load}")
    bench(args.batch, args.rounds)


if __name__ == "__main__":
    main()
