"""CPU affinity of the calling thread, and the CPUs the Linux kernel reports.

Pin the thread that runs a latency-critical loop to a CPU of its own (ideally one isolated with
``isolcpus=`` and ``nohz_full=``)::

    import threading, veloz.thread

    def run():
        veloz.thread.pin(3)          # this thread only; other threads keep their affinity
        ...

    threading.Thread(target=run).start()

Every function acts on the thread that calls it. A CPU that does not exist, or that the process may
not use (``taskset``, the cgroup's cpuset), raises :class:`veloz.InvalidArgumentError` naming the
CPUs that are available, and the affinity stays as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
from typing import Iterable, Iterator, List, Optional

from ._library import library
from ._status import check
from . import _capi
from .errors import InvalidArgumentError

__all__ = ["cpu_count", "current_cpu", "pin", "set_affinity", "affinity", "pinned", "isolated_cpus", "nohz_full_cpus"]

_lib = library()


def cpu_count() -> int:
    """The number of online CPUs (``os.cpu_count()`` counts the same; the process may be allowed fewer)."""
    return int(_lib.veloz_thread_cpu_count())


def current_cpu() -> Optional[int]:
    """The CPU the calling thread runs on at this instant, or None where the OS cannot tell."""
    cpu = int(_lib.veloz_thread_current_cpu())
    return None if cpu < 0 else cpu


def pin(cpu: int) -> None:
    """Pins the calling thread to ``cpu``: from now on it runs only there."""
    check(_lib.veloz_thread_pin(_int32(cpu, "cpu")))


def set_affinity(cpus: Iterable[int]) -> None:
    """Restricts the calling thread to ``cpus`` (at least one)."""
    values = [_int32(c, "cpu") for c in cpus]
    array = (ctypes.c_int32 * max(1, len(values)))(*values)
    check(_lib.veloz_thread_set_affinity(array, len(values)))


def affinity() -> List[int]:
    """The CPUs the calling thread may run on, ascending."""
    return _list(_lib.veloz_thread_get_affinity)


@contextlib.contextmanager
def pinned(cpu: int) -> Iterator[None]:
    """Pins the calling thread to ``cpu`` for the ``with`` block, then restores the affinity it had."""
    before = affinity()
    pin(cpu)
    try:
        yield
    finally:
        set_affinity(before)


def isolated_cpus() -> List[int]:
    """The CPUs isolated from the scheduler (``isolcpus=``); empty when none or the kernel does not say."""
    return _list(_lib.veloz_thread_isolated_cpus)


def nohz_full_cpus() -> List[int]:
    """The CPUs in full dynticks mode (``nohz_full=``); empty when none or the kernel does not say."""
    return _list(_lib.veloz_thread_nohz_full_cpus)


def _list(function) -> List[int]:
    written = ctypes.c_int32(0)
    capacity = 64
    while True:
        array = (ctypes.c_int32 * capacity)()
        status = function(array, capacity, ctypes.byref(written))
        if status == _capi.VELOZ_E_BUFFER_TOO_SMALL and written.value > capacity:
            capacity = written.value
            continue
        check(status)
        return list(array[: written.value])


def _int32(value: int, name: str) -> int:
    value = int(value)
    if not -(2**31) <= value < 2**31:
        raise InvalidArgumentError(_capi.VELOZ_E_INVALID_ARGUMENT, f"{name} {value} does not exist: {cpu_count()} CPUs are online")
    return value
