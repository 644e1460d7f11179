"""veloz.DepthBook: the L2 book fed by sequenced level updates (gaps, stale, snapshots, crossed)."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

import veloz
from veloz import DepthBook, Level, depth_updates


def updates(*rows):
    """depth_updates from (sequence, side, price, quantity) rows."""
    sequence, side, price, quantity = zip(*rows)
    return depth_updates(list(sequence), [1 if s == "buy" else 2 for s in side], list(price), list(quantity))


@pytest.fixture
def book():
    with DepthBook(snapshot_depth=3) as b:
        yield b


def test_updates_set_levels_and_zero_deletes(book):
    applied = book.apply(updates((1, "buy", 99, 5), (2, "buy", 98, 7), (3, "sell", 101, 4), (4, "buy", 99, 0)))
    assert applied == 4
    assert book.top == veloz.TopOfBook(Level(98, 7), Level(101, 4), 4)
    assert book.levels("buy") == [Level(98, 7)]
    state = book.state
    assert (state.bid_levels, state.ask_levels, state.last_sequence, state.update_count) == (1, 1, 4, 4)
    assert not state.stale and not state.crossed and not state.empty


def test_gap_raises_with_its_index_and_applies_what_came_before(book):
    batch = updates((1, "buy", 99, 5), (2, "sell", 101, 5), (4, "buy", 98, 1), (5, "buy", 97, 1))
    with pytest.raises(veloz.SequenceGapError) as info:
        book.apply(batch)
    gap = info.value
    assert (gap.index, gap.applied, gap.expected_sequence, gap.received_sequence) == (2, 2, 3, 4)
    assert "expected 3" in gap.message
    assert book.levels("buy") == [Level(99, 5)]
    state = book.state
    assert state.stale and state.gap_count == 1 and state.last_sequence == 2


def test_stale_book_refuses_updates_until_a_snapshot(book):
    with pytest.raises(veloz.SequenceGapError):
        book.apply(updates((5, "buy", 99, 5)))
    with pytest.raises(veloz.StateError, match="stale"):
        book.apply(updates((1, "buy", 99, 5)))
    with pytest.raises(veloz.StateError):
        book.update(1, "buy", 99, 5)
    assert book.stale and book.top.bid is None
    book.snapshot([(100, 3), (99, 2)], [Level(102, 4, 2)], sequence=10)
    assert not book.stale
    assert book.top == veloz.TopOfBook(Level(100, 3), Level(102, 4, 2), 10)
    assert book.apply(updates((11, "sell", 101, 1))) == 1
    assert book.top.ask == Level(101, 1)
    assert book.state.snapshot_sequence == 10 and book.state.snapshot_count == 1


def test_updates_at_or_below_the_last_sequence_are_dropped_as_old(book):
    book.snapshot([(100, 3)], [(102, 4)], sequence=10)
    assert book.apply(updates((9, "buy", 100, 99), (10, "buy", 100, 99), (11, "buy", 100, 1))) == 3
    assert book.top.bid == Level(100, 1)
    assert book.state.dropped_old_count == 2


def test_snapshot_accepts_level_arrays_and_refuses_bad_order_leaving_the_book_unchanged(book):
    bids = np.zeros(2, dtype=veloz.LEVEL_DTYPE)
    bids["price"], bids["quantity"], bids["order_count"] = [100, 99], [5, 6], [2, 3]
    book.snapshot(bids, [], sequence=7)
    assert book.levels("buy") == [Level(100, 5, 2), Level(99, 6, 3)]
    with pytest.raises(veloz.InvalidArgumentError):
        book.snapshot([(99, 1), (100, 1)], [], sequence=8)  # bids must descend
    with pytest.raises(veloz.InvalidArgumentError):
        book.snapshot([(100, 0)], [], sequence=8)  # quantity must be > 0
    with pytest.raises(TypeError):
        book.snapshot([(100,)], [], sequence=8)
    assert book.levels("buy") == [Level(100, 5, 2), Level(99, 6, 3)]
    assert book.state.last_sequence == 7


def test_crossed_updates_are_applied_and_flagged(book):
    assert book.apply(updates((1, "buy", 101, 5), (2, "sell", 100, 5))) == 2
    state = book.state
    assert state.crossed and state.crossed_count >= 1
    assert book.top.crossed and book.read_top().crossed
    book.update(3, "buy", 101, 0)
    assert not book.state.crossed


def test_invalid_update_refuses_the_whole_batch(book):
    batch = updates((1, "buy", 99, 5), (2, "buy", 98, 5))
    batch["side"][1] = 7
    with pytest.raises(veloz.InvalidArgumentError, match=r"updates\[1\]\.side"):
        book.apply(batch)
    batch["side"][1] = 1
    batch["quantity"][0] = -1
    with pytest.raises(veloz.InvalidArgumentError, match=r"updates\[0\]\.quantity"):
        book.apply(batch)
    assert book.state.last_sequence == 0 and book.state.empty


def test_delete_of_an_unknown_level_only_advances_the_sequence(book):
    book.apply(updates((1, "buy", 99, 0)))
    state = book.state
    assert (state.last_sequence, state.unknown_level_count, state.bid_levels) == (1, 1, 0)


def test_apply_refuses_a_wrong_dtype_with_type_error(book):
    for wrong in (np.zeros(3, dtype=np.int64), np.zeros(2, dtype=veloz.LEVEL_DTYPE), bytes(32), [1, 2]):
        with pytest.raises(TypeError):
            book.apply(wrong)
    assert book.state.update_count == 0


def test_depth_updates_checks_columns():
    with pytest.raises(veloz.InvalidArgumentError, match="side must fit uint8"):
        depth_updates([1], [256], [1], [1])
    with pytest.raises(TypeError):
        depth_updates([1], [1], [1.5], [1])
    assert depth_updates([1, 2], "sell", 100, [1, 2])["side"].tolist() == [2, 2]


def test_read_top_and_read_levels_need_a_snapshot_depth():
    with DepthBook(snapshot_depth=0) as book:
        book.update(1, "buy", 99, 5)
        with pytest.raises(veloz.StateError):
            book.read_top()
        with pytest.raises(veloz.StateError):
            book.read_levels(1)
    with DepthBook(snapshot_depth=2) as book:
        book.apply(updates((1, "buy", 99, 5), (2, "buy", 98, 5), (3, "buy", 97, 5), (4, "sell", 100, 1)))
        assert book.read_levels() == veloz.Depth([Level(99, 5), Level(98, 5)], [Level(100, 1)])
        assert book.read_top() == book.top


def test_read_top_from_another_thread_during_apply_sees_only_whole_batches(seed):
    # Each batch moves both sides together: bid = p, ask = p + 1, with quantity p at both, so a torn
    # or half-applied read would show a bid and ask from different batches or a quantity mismatch.
    rng = np.random.default_rng(seed)
    batches = []
    sequence = 0
    previous = None
    for _ in range(2000):
        p = int(rng.integers(100, 10_000))
        rows = []
        if previous is not None:
            rows += [(sequence + 1, 1, previous, 0), (sequence + 2, 2, previous + 1, 0)]
            sequence += 2
        rows += [(sequence + 1, 1, p, p), (sequence + 2, 2, p + 1, p)]
        sequence += 2
        previous = p
        batches.append(depth_updates(*map(list, zip(*rows))))
    with DepthBook(snapshot_depth=1) as book:
        book.apply(batches[0])
        problems = []
        reads = [0]
        stop = threading.Event()

        def reader() -> None:
            while not stop.is_set():
                top = book.read_top()
                reads[0] += 1
                if top.bid is None or top.ask is None:
                    problems.append(f"missing side {top}")
                elif not (top.ask.price == top.bid.price + 1 and top.bid.quantity == top.ask.quantity == top.bid.price):
                    problems.append(f"torn {top}")

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            for batch in batches[1:]:
                book.apply(batch)
        finally:
            stop.set()
            thread.join()
        assert problems == []
        assert reads[0] > 0
        assert book.state.last_sequence == sequence


def test_closed_depth_book_raises_invalid_handle():
    book = DepthBook()
    book.close()
    assert repr(book) == "<DepthBook closed>"
    for call in (lambda: book.apply(updates((1, "buy", 1, 1))), lambda: book.top, lambda: book.state,
                 lambda: book.snapshot([], [], 1), lambda: book.read_top()):  # fmt: skip
        with pytest.raises(veloz.InvalidHandleError, match="DepthBook is closed"):
            call()


def test_repr_shows_top_levels_sequence_and_flags(book):
    assert repr(book) == "<DepthBook - | - levels=0/0 sequence=0 empty gaps=0>"
    book.apply(updates((1, "buy", 99, 5), (2, "sell", 101, 4)))
    assert repr(book) == "<DepthBook 5@99 | 4@101 levels=1/1 sequence=2 gaps=0>"


def test_lobster_top_of_book_feed_reproduces_every_row(data_dir):
    # The LOBSTER level-1 orderbook file as an L2 feed: each row sets the best ask and bid; a best
    # price that moved deletes the old level. After each row the book's top must equal the row.
    rows = np.loadtxt(os.path.join(data_dir, "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv"), delimiter=",", dtype=np.int64)
    ask_price, ask_size, bid_price, bid_size = rows.T
    columns = {"side": [], "price": [], "quantity": []}
    ends = []
    previous_ask = previous_bid = None
    for i in range(len(rows)):
        for side, price, size, previous in ((2, ask_price[i], ask_size[i], previous_ask), (1, bid_price[i], bid_size[i], previous_bid)):
            if previous is not None and previous != price:
                columns["side"].append(side), columns["price"].append(previous), columns["quantity"].append(0)
            columns["side"].append(side), columns["price"].append(price), columns["quantity"].append(size)
        previous_ask, previous_bid = ask_price[i], bid_price[i]
        ends.append(len(columns["side"]))
    feed = depth_updates(np.arange(1, len(columns["side"]) + 1), columns["side"], columns["price"], columns["quantity"])
    with DepthBook() as book:
        start = 0
        for i in range(0, len(rows), 997):  # rows in uneven batches; check the top after each
            end = ends[i]
            book.apply(feed[start:end])
            start = end
            top = book.top
            assert (top.ask.price, top.ask.quantity, top.bid.price, top.bid.quantity) == tuple(rows[i]), i
        book.apply(feed[start:])
        top = book.top
        assert (top.ask.price, top.ask.quantity, top.bid.price, top.bid.quantity) == tuple(rows[-1])
        assert book.state.last_sequence == len(feed) and book.state.gap_count == 0


def test_levels_array_and_depth(book):
    book.apply(updates((1, "buy", 99, 5), (2, "buy", 98, 7), (3, "sell", 101, 4)))
    bids = book.levels_array("buy")
    assert bids.dtype == veloz.LEVEL_DTYPE and bids["price"].tolist() == [99, 98] and bids["quantity"].tolist() == [5, 7]
    assert book.levels_array("sell", 0).size == 0
    assert book.depth(1) == veloz.Depth([Level(99, 5)], [Level(101, 4)])
