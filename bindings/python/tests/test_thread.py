"""veloz.thread: CPU count, affinity, pinning (on threads of the test's own), the kernel's CPU lists, refusals."""

import os

import pytest
from thread_runner import run_threads

import veloz
import veloz.thread as vt


def on_thread(body):
    run_threads([body], name="thread-test")


def test_cpu_count_and_affinity_agree_with_the_os():
    allowed = vt.affinity()
    assert allowed == sorted(os.sched_getaffinity(0))
    assert vt.cpu_count() >= len(allowed) >= 1
    assert vt.cpu_count() == os.cpu_count()
    assert vt.current_cpu() in allowed
    assert set(vt.isolated_cpus()) <= set(range(vt.cpu_count()))
    assert set(vt.nohz_full_cpus()) <= set(range(vt.cpu_count()))


@pytest.mark.parametrize("index", [0, -1])
def test_pin_keeps_the_thread_on_its_cpu_and_pinned_restores(index):
    allowed = vt.affinity()
    cpu = allowed[index]

    def body():
        with vt.pinned(cpu):
            assert vt.affinity() == [cpu]
            assert os.sched_getaffinity(0) == {cpu}
            for _ in range(200):
                assert vt.current_cpu() == cpu
        assert vt.affinity() == allowed

    on_thread(body)
    assert vt.affinity() == allowed, "the test's own thread was not touched"


def test_bad_cpus_are_refused_and_change_nothing():
    def body():
        before = vt.affinity()
        for cpu in (-1, vt.cpu_count() + 64, 4096):
            with pytest.raises(veloz.InvalidArgumentError, match="does not exist"):
                vt.pin(cpu)
        with pytest.raises(veloz.InvalidArgumentError, match="does not exist"):
            vt.pin(2**40)
        with pytest.raises(veloz.InvalidArgumentError):
            vt.set_affinity([])
        with pytest.raises(veloz.InvalidArgumentError, match="online CPUs are"):
            vt.set_affinity([0, vt.cpu_count() + 1])
        assert vt.affinity() == before

    on_thread(body)


def test_set_affinity_accepts_any_iterable():
    allowed = vt.affinity()

    def body():
        vt.set_affinity(iter(allowed[:1]))
        assert vt.affinity() == allowed[:1]
        vt.set_affinity(reversed(allowed))
        assert vt.affinity() == allowed

    on_thread(body)
