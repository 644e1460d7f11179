"""Runs test bodies on threads of their own: results back, exceptions reported with their tracebacks, a hang
turned into a failure."""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable, List, Sequence

#: A hang fails the test after this long instead of hanging the run.
JOIN_TIMEOUT = 120.0


def run_threads(targets: Sequence[Callable[[], Any]], *, together: bool = False, name: str = "test") -> List[Any]:
    """Runs each target on its own thread and returns their results; with ``together`` they are released at
    once by a barrier. Fails on an exception or on a thread still running after JOIN_TIMEOUT."""
    start = threading.Barrier(len(targets)) if together else None
    results: List[Any] = [None] * len(targets)
    failures: List[str] = []

    def run(index: int, target: Callable[[], Any]) -> None:
        try:
            if start is not None:
                start.wait(JOIN_TIMEOUT)
            results[index] = target()
        except BaseException:  # noqa: BLE001 - reported below, with its traceback
            failures.append(f"thread {index}:\n{traceback.format_exc()}")

    threads = [threading.Thread(target=run, args=(i, t), daemon=True, name=f"{name}-{i}") for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    hung = [thread.name for thread in threads if thread.is_alive()]
    assert not hung, f"threads {hung} still running after {JOIN_TIMEOUT} s"
    assert failures == [], "\n".join(failures)
    return results
