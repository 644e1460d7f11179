"""Random order flows for the order-book tests (seeded, so a failure replays)."""

from __future__ import annotations

import numpy as np

import veloz


def random_matching_commands(seed: int, count: int, *, mid: int = 1000, spread: int = 10) -> np.ndarray:
    """``count`` commands for a matching book: mostly limit submits around ``mid`` (GTC, some IOC,
    FOK and post-only), some market orders with and without protection, and cancels, reduces and
    modifies of earlier ids (many of them already filled: rejects are part of the flow)."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(
        [veloz.CommandType.SUBMIT, veloz.CommandType.CANCEL, veloz.CommandType.REDUCE, veloz.CommandType.MODIFY],
        size=count,
        p=[0.6, 0.2, 0.1, 0.1],
    )
    ids = np.arange(1, count + 1, dtype=np.int64)
    # Commands that name a resting order pick an earlier id (or, at the start, an unknown one).
    earlier = np.maximum(1, (rng.random(count) * ids).astype(np.int64))
    order_id = np.where(kind == veloz.CommandType.SUBMIT, ids, earlier)
    side = rng.integers(1, 3, size=count)
    price = mid + rng.integers(-spread, spread + 1, size=count)
    quantity = rng.integers(1, 21, size=count)
    submit = kind == veloz.CommandType.SUBMIT
    market = submit & (rng.random(count) < 0.05)
    order_type = np.where(market, veloz.OrderType.MARKET, veloz.OrderType.LIMIT)
    tif = rng.choice([veloz.TimeInForce.GTC, veloz.TimeInForce.IOC, veloz.TimeInForce.FOK], size=count, p=[0.8, 0.1, 0.1])
    tif = np.where(submit, tif, 0)
    post_only = submit & ~market & (tif == veloz.TimeInForce.GTC) & (rng.random(count) < 0.1)
    protected = market & (rng.random(count) < 0.5)
    flags = np.where(post_only, veloz._capi.VELOZ_ORDER_FLAGS_POST_ONLY, 0) | np.where(
        protected, veloz._capi.VELOZ_ORDER_FLAGS_PROTECTION_PRICE, 0
    )
    protection = np.where(protected, np.where(side == 1, mid + spread // 2, mid - spread // 2), 0)
    return veloz.book_commands(
        kind,
        order_id,
        side=np.where(submit, side, 0),
        price=np.where(market, 0, price),
        quantity=quantity,
        order_type=order_type,
        time_in_force=tif,
        flags=flags,
        owner=np.where(submit, rng.integers(0, 4, size=count), 0),
        protection_price=protection,
    )
