"""VeloZ from Python: a matching book fed 100,000 random limit orders as one NumPy array (one call into the
library), then a VeloZ histogram of the sizes of the trades it made. Needs NumPy.

    python3 -m pip install veloz-<version>-py3-none-linux_x86_64.whl && python3 quickstart.py
"""

import time

import numpy as np

import veloz

ORDERS = 100_000
rng = np.random.default_rng(seed=7)
commands = veloz.book_commands(
    "submit",
    np.arange(1, ORDERS + 1),
    side=np.where(rng.random(ORDERS) < 0.5, veloz.Side.BUY, veloz.Side.SELL),
    price=10_000 + rng.integers(-20, 21, ORDERS),  # ticks
    quantity=rng.integers(1, 100, ORDERS),
)

with veloz.Book("matching") as book:
    start = time.perf_counter_ns()
    events = book.apply(commands)  # every event of every order, as an array of veloz.EVENT_DTYPE
    elapsed_ms = (time.perf_counter_ns() - start) / 1e6
    trades = events[events["type"] == veloz.EventType.TRADE]
    print(f"{ORDERS:,} orders in one call: {len(events):,} events, {len(trades):,} trades, {elapsed_ms:.1f} ms")
    print(f"top of book: {book.top}")

with veloz.Histogram(highest=10**6) as sizes:
    sizes.record_batch(np.ascontiguousarray(trades["quantity"]))
    p50, p99 = sizes.percentiles([50, 99])
    print(f"trade size: p50 {p50}, p99 {p99}, max {sizes.max} (of {sizes.count:,} trades)")
