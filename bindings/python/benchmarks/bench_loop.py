#!/usr/bin/python3
"""Python benchmark: veloz.EventLoop beside the peer a Python user would otherwise write, a
``queue.Queue`` drained by a ``threading`` worker, in the same run.

    /usr/bin/python3 bindings/python/benchmarks/bench_loop.py [--rounds 15] [--tasks 20000] [--pings 2000] [--quick]

Rows:

- throughput, same thread: post N no-op callables, then run them (``run_once`` for the loop; a
  ``get_nowait`` loop for the queue): ns per task, post and run together.
- throughput, cross thread: one producer thread posts N tasks while the loop (or worker) runs on
  another and counts them; ns per task from the first post to the last task run.
- post-to-run latency, cross thread: a ping: the producer posts one task stamped with
  ``time.perf_counter_ns()`` and waits for it to run before the next; the median and p99 of the
  stamp-to-run time.

Rounds of the two implementations alternate, so that a busy spell of a shared machine hits both
alike; each row reports the median round (and the best). The loop idles with SPIN_THEN_SLEEP (no
core burnt), the worker blocks in ``Queue.get``: both are what a Python user would run.
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
import threading
import time
from typing import Any, Callable, List, Sequence, Tuple

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import veloz  # noqa: E402
from bench_common import print_table  # noqa: E402

_STOP = object()


def noop() -> None:
    pass


# ---- same thread --------------------------------------------------------------------------------


def loop_same_thread(loop: veloz.EventLoop, n: int) -> None:
    post = loop.post
    for _ in range(n):
        post(noop)
    ran = 0
    while ran < n:
        ran += loop.run_once()


def queue_same_thread(q: "queue.Queue[Any]", n: int) -> None:
    put, get = q.put, q.get_nowait
    for _ in range(n):
        put(noop)
    for _ in range(n):
        get()()


# ---- cross thread --------------------------------------------------------------------------------


class LoopWorker:
    def __init__(self) -> None:
        self.loop = veloz.EventLoop(idle_strategy=veloz.IdleStrategy.SPIN_THEN_SLEEP, task_capacity=1 << 20)
        self.thread = threading.Thread(target=self.loop.run, daemon=True)
        self.thread.start()

    def submit(self, task: Callable[[], Any]) -> None:
        self.loop.post(task)

    def close(self) -> None:
        self.loop.stop()
        self.thread.join()
        self.loop.close()


class QueueWorker:
    def __init__(self) -> None:
        self.queue: "queue.Queue[Any]" = queue.Queue()
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.thread.start()

    def work(self) -> None:
        get = self.queue.get
        while True:
            task = get()
            if task is _STOP:
                return
            task()

    def submit(self, task: Callable[[], Any]) -> None:
        self.queue.put(task)

    def close(self) -> None:
        self.queue.put(_STOP)
        self.thread.join()


def cross_throughput(worker: Any, n: int) -> float:
    done = threading.Event()
    count = [0]

    def task() -> None:
        count[0] += 1
        if count[0] == n:
            done.set()

    submit = worker.submit
    start = time.perf_counter_ns()
    for _ in range(n):
        submit(task)
    assert done.wait(120)
    return (time.perf_counter_ns() - start) / n


def ping_latency(worker: Any, pings: int) -> List[int]:
    samples: List[int] = []
    ran = threading.Event()
    clock = time.perf_counter_ns

    def task(stamp: int) -> None:
        samples.append(clock() - stamp)
        ran.set()

    for _ in range(pings):
        ran.clear()
        stamp = clock()
        worker.submit(lambda s=stamp: task(s))
        assert ran.wait(60)
    return samples


def median_best(values: Sequence[float]) -> Tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--pings", type=int, default=2_000)
    parser.add_argument("--quick", action="store_true", help="a few small rounds: checks that the script works")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.tasks, args.pings = 3, 2_000, 200

    rows = []
    same = {"veloz.EventLoop": [], "queue.Queue": []}  # type: dict
    loop = veloz.EventLoop(task_capacity=max(16, args.tasks))
    q: "queue.Queue[Any]" = queue.Queue()
    for _ in range(args.rounds):
        for name, run in (("veloz.EventLoop", lambda: loop_same_thread(loop, args.tasks)), ("queue.Queue", lambda: queue_same_thread(q, args.tasks))):
            start = time.perf_counter_ns()
            run()
            same[name].append((time.perf_counter_ns() - start) / args.tasks)
    loop.close()
    for name, values in same.items():
        m, b = median_best(values)
        rows.append(["throughput, same thread", name, f"{m:.0f}", f"{b:.0f}", "", ""])

    workers = {"veloz.EventLoop": LoopWorker(), "queue.Queue + thread": QueueWorker()}
    cross = {name: [] for name in workers}  # type: dict
    latency = {name: [] for name in workers}  # type: dict
    for _ in range(args.rounds):
        for name, worker in workers.items():
            cross[name].append(cross_throughput(worker, args.tasks))
            latency[name].extend(ping_latency(worker, max(1, args.pings // args.rounds)))
    for worker in workers.values():
        worker.close()
    for name in workers:
        m, b = median_best(cross[name])
        rows.append(["throughput, cross thread", name, f"{m:.0f}", f"{b:.0f}", "", ""])
    for name in workers:
        ordered = sorted(latency[name])
        p50 = ordered[len(ordered) // 2]
        p99 = ordered[min(len(ordered) - 1, len(ordered) * 99 // 100)]
        rows.append(["post-to-run latency, cross thread", name, "", "", f"{p50 / 1000:.1f}", f"{p99 / 1000:.1f}"])
    print_table(
        f"EventLoop vs queue.Queue ({args.tasks} tasks per round, {args.rounds} rounds, Python {sys.version.split()[0]})",
        ["row", "implementation", "ns/task median", "ns/task best", "latency p50 us", "latency p99 us"],
        rows,
    )


if __name__ == "__main__":
    main()
