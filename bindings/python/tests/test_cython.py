"""The Cython path: a .pyx that does `from veloz cimport capi` calls the C API directly, without the GIL.

The test writes a tiny extension into tmp_path, cythonizes it against veloz/capi.pxd, compiles it
with gcc against veloz.h, links libveloz.so, imports it and checks what it computes.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import time

import pytest

import veloz

BINDINGS_PYTHON = os.path.dirname(os.path.dirname(os.path.abspath(veloz.__file__)))

PROBE_PYX = textwrap.dedent(
    """
    # cython: language_level=3
    from libc.stdint cimport int64_t, uintptr_t
    from libc.string cimport memset
    from veloz cimport capi

    def read_clock(int n):
        '''Reads the clock n times without the GIL; returns (first, last, decreases).'''
        cdef int64_t first, previous, current
        cdef int i, decreases = 0
        with nogil:
            first = capi.veloz_clock_now_ns()
            previous = first
            for i in range(n):
                current = capi.veloz_clock_now_ns()
                if current < previous:
                    decreases += 1
                previous = current
        return first, previous, decreases

    def record_range(uintptr_t handle, int n):
        '''Records 1..n into the histogram behind a Python Histogram's handle; returns failures.'''
        cdef capi.veloz_histogram* histogram = <capi.veloz_histogram*>handle
        cdef int i, failures = 0
        with nogil:
            for i in range(1, n + 1):
                if capi.veloz_histogram_record(histogram, i) != 0:
                    failures += 1
        return failures

    def read_book_top(uintptr_t handle, int n):
        '''Reads a Python Book's published top n times without the GIL (veloz_book_read_top, any
        thread, wait-free); returns (bid price, ask price, sequence, failures, crossed reads).'''
        cdef capi.veloz_book* book = <capi.veloz_book*>handle
        cdef capi.veloz_top_of_book top
        cdef int i, failures = 0, crossed = 0
        with nogil:
            for i in range(n):
                if capi.veloz_book_read_top(book, &top) != 0:
                    failures += 1
                elif top.bid.quantity != 0 and top.ask.quantity != 0 and top.bid.price >= top.ask.price:
                    crossed += 1
        return top.bid.price, top.ask.price, top.sequence, failures, crossed

    def submit_bids(uintptr_t handle, int64_t first_id, int n, int64_t price):
        '''Submits n GTC buy orders of quantity 1 at price from a nogil loop; returns failures.'''
        cdef capi.veloz_book* book = <capi.veloz_book*>handle
        cdef capi.veloz_book_command order
        cdef int i, failures = 0
        memset(&order, 0, sizeof(order))
        order.type = capi.VELOZ_BOOK_COMMAND_SUBMIT
        order.side = capi.VELOZ_SIDE_BUY
        order.order_type = capi.VELOZ_ORDER_TYPE_LIMIT
        order.time_in_force = capi.VELOZ_TIME_IN_FORCE_GTC
        order.price = price
        order.quantity = 1
        with nogil:
            for i in range(n):
                order.order_id = first_id + i
                if capi.veloz_book_submit(book, &order) != 0:
                    failures += 1
        return failures
    """
)


def cython_command():
    if os.path.exists("/usr/bin/cython3"):
        return ["/usr/bin/cython3"]
    return [sys.executable, "-m", "cython"]


def build_probe(tmp_path_factory, name: str, pyx_text: str):
    """Cythonizes ``pyx_text`` against veloz/capi.pxd, compiles it with gcc against veloz.h, links
    libveloz.so (rpath to its folder) and imports it as module ``name``."""
    if shutil.which("gcc") is None:
        pytest.fail("gcc is required for the Cython test")
    work = tmp_path_factory.mktemp("cython_" + name)
    pyx = work / (name + ".pyx")
    pyx.write_text(pyx_text)
    c_file = work / (name + ".c")
    result = subprocess.run(
        cython_command() + ["-3", "-I", BINDINGS_PYTHON, str(pyx), "-o", str(c_file)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    library = os.path.realpath(veloz.library_path())
    library_dir = os.path.dirname(library)
    extension = work / (name + sysconfig.get_config_var("EXT_SUFFIX"))
    compile_command = [
        "gcc", "-shared", "-fPIC", "-O2",
        "-I", sysconfig.get_paths()["include"],
        "-I", veloz.get_include(),
        str(c_file), library,
        "-Wl,-rpath," + library_dir,
        "-o", str(extension),
    ]  # fmt: skip
    result = subprocess.run(compile_command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    spec = importlib.util.spec_from_file_location(name, extension)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    return build_probe(tmp_path_factory, "veloz_probe", PROBE_PYX)


def test_cython_reads_the_clock_in_a_nogil_loop(probe):
    before = time.time_ns()
    first, last, decreases = probe.read_clock(1_000_000)
    after = time.time_ns()
    assert decreases == 0
    assert first <= last
    assert before - 20_000_000 <= first <= last <= after + 20_000_000


def test_cython_and_python_share_one_library_instance(probe):
    # The handle of a Python-owned Histogram is valid in Cython code: same library, same handle table.
    with veloz.Histogram() as histogram:
        assert probe.record_range(histogram.handle, 10_000) == 0
        stats = histogram.stats()
        assert (stats.count, stats.min, stats.max) == (10_000, 1, 10_000)


def test_cython_submits_into_a_python_book_and_reads_its_top_without_the_gil(probe):
    with veloz.Book(snapshot_depth=1) as book:
        assert probe.submit_bids(book.handle, 1, 1000, 99) == 0
        book.submit(5000, "sell", 101, 3)
        assert book.stats.order_count == 1001
        assert book.top.bid == veloz.Level(99, 1000, 1000)
        assert probe.read_book_top(book.handle, 100_000) == (99, 101, 1001, 0, 0)
        assert len(book.events()) == 2 * 1001  # accepted + level changed each


def test_cython_reader_thread_sees_no_crossed_top_while_python_applies(probe, seed):
    import threading

    from book_flows import random_matching_commands

    commands = random_matching_commands(seed, 100_000)
    with veloz.Book(snapshot_depth=1) as book:
        book.apply(commands[:1000])
        results = []
        thread = threading.Thread(target=lambda: results.append(probe.read_book_top(book.handle, 2_000_000)))
        thread.start()
        book.apply(commands[1000:])
        thread.join()
        _, _, _, failures, crossed = results[0]
        assert (failures, crossed) == (0, 0)
