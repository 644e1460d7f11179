"""veloz.Book: the L3 order book through ctypes (single calls, batches, queries, readers, real data)."""

from __future__ import annotations

import ctypes
import os
import re
import sys
import threading
import weakref
from typing import List, Optional

import numpy as np
import pytest

import veloz
from veloz import _capi, _event_pool
from veloz import Book, EventType, RejectReason, DoneReason, Side

from book_flows import random_matching_commands
from conftest import BINDINGS_PYTHON, REPOSITORY_ROOT

sys.path.insert(0, os.path.join(BINDINGS_PYTHON, "benchmarks"))
from sorted_book import SortedBook  # noqa: E402

GOLDEN_HASH_FILE = os.path.join(REPOSITORY_ROOT, "tests", "data", "lobster_amzn_20000.hash")


def trades(events: np.ndarray) -> list:
    """(maker, taker, price, quantity) of every TRADE event."""
    chosen = events[events["type"] == EventType.TRADE]
    return list(zip(chosen["order_id"].tolist(), chosen["other_order_id"].tolist(), chosen["price"].tolist(), chosen["quantity"].tolist()))


def done(events: np.ndarray) -> list:
    """(order_id, reason, quantity left) of every ORDER_DONE event."""
    chosen = events[events["type"] == EventType.ORDER_DONE]
    return list(zip(chosen["order_id"].tolist(), chosen["reason"].tolist(), chosen["quantity"].tolist()))


@pytest.fixture
def book():
    with Book() as b:
        yield b


# ---- matching: conformance ------------------------------------------------------------------------


def test_trade_happens_at_the_makers_price(book):
    book.submit(1, "sell", 101, 5)
    book.submit(2, "buy", 103, 3)
    events = book.events()
    assert trades(events) == [(1, 2, 101, 3)]
    assert book.top.ask == veloz.Level(101, 2, 1)
    assert book.top.bid is None


def test_queue_is_fifo_after_a_cancel(book):
    for order_id in (1, 2, 3):
        book.submit(order_id, "sell", 100, 5)
    book.cancel(2)
    book.events()
    book.submit(10, "buy", 100, 7)
    assert trades(book.events()) == [(1, 10, 100, 5), (3, 10, 100, 2)]
    assert book.order(3).remaining_quantity == 3


def test_partial_fill_keeps_the_makers_position(book):
    book.submit(1, "buy", 100, 10)
    book.submit(2, "buy", 100, 10)
    book.submit(3, "sell", 100, 4)
    first = book.order(1)
    assert (first.remaining_quantity, first.orders_ahead) == (6, 0)
    assert (book.order(2).orders_ahead, book.order(2).quantity_ahead) == (1, 6)
    book.events()
    book.submit(4, "sell", 100, 8)
    assert trades(book.events()) == [(1, 4, 100, 6), (2, 4, 100, 2)]


def test_ioc_remainder_is_cancelled_and_never_rests(book):
    book.submit(1, "sell", 100, 5)
    book.submit(2, "buy", 100, 8, time_in_force="ioc")
    events = book.events()
    assert trades(events) == [(1, 2, 100, 5)]
    assert (2, DoneReason.EXPIRED, 3) in done(events)
    assert book.order(2) is None
    assert book.top.bid is None and book.top.ask is None


def test_fok_is_all_or_nothing(book):
    book.submit(1, "sell", 100, 5)
    book.submit(2, "sell", 101, 5)
    book.events()
    before = book.hash
    with pytest.raises(veloz.RejectedError) as info:
        book.submit(3, "buy", 101, 11, time_in_force="fok")
    assert info.value.reason == RejectReason.FOK_CANNOT_FILL
    assert "VELOZ_BOOK_REJECT_FOK_CANNOT_FILL" in info.value.message
    assert book.hash == before
    rejected = book.events()
    assert rejected["type"].tolist() == [EventType.REJECTED]
    book.submit(4, "buy", 101, 10, time_in_force="fok")
    assert trades(book.events()) == [(1, 4, 100, 5), (2, 4, 101, 5)]
    assert book.stats.order_count == 0


def test_post_only_that_would_cross_is_rejected_and_rests_otherwise(book):
    book.submit(1, "sell", 100, 5)
    before = book.hash
    with pytest.raises(veloz.RejectedError) as info:
        book.submit(2, "buy", 100, 5, post_only=True)
    assert info.value.reason == RejectReason.POST_ONLY_WOULD_CROSS
    assert book.hash == before
    book.submit(3, "buy", 99, 5, post_only=True)
    assert book.order(3).post_only
    assert book.top.bid == veloz.Level(99, 5, 1)


def test_crossing_modify_trades_at_once(book):
    book.submit(1, "sell", 101, 5)
    book.submit(2, "buy", 100, 5)
    book.events()
    book.modify(2, 101, 5)
    assert trades(book.events()) == [(1, 2, 101, 5)]
    assert book.stats.order_count == 0


def test_reduce_keeps_priority_and_raising_quantity_loses_it(book):
    book.submit(1, "buy", 100, 10)
    book.submit(2, "buy", 100, 10)
    book.reduce(1, 4)
    assert (book.order(1).remaining_quantity, book.order(1).orders_ahead) == (6, 0)
    book.modify(1, 100, 5)  # less at the same price keeps the place too
    assert book.order(1).orders_ahead == 0
    book.events()
    book.modify(1, 100, 20)
    modified = book.events()
    modified = modified[modified["type"] == EventType.MODIFIED]
    assert modified["flags"].tolist() == [veloz.EventFlags.LOST_PRIORITY]
    assert (book.order(1).orders_ahead, book.order(1).quantity_ahead) == (1, 10)
    assert book.top.bid == veloz.Level(100, 30, 2)


def test_cancel_of_unknown_or_filled_order_is_rejected_and_changes_nothing(book):
    book.submit(1, "sell", 100, 5)
    book.submit(2, "buy", 100, 5)  # fills 1
    book.submit(3, "buy", 99, 7)
    book.events()
    before, stats = book.hash, book.stats
    for order_id in (1, 2, 12345):
        with pytest.raises(veloz.NotFoundError) as info:
            book.cancel(order_id)
        assert info.value.reason == RejectReason.UNKNOWN_ORDER
        assert f"order {order_id} is not resting" in info.value.message
    assert book.hash == before
    after = book.stats
    assert after.order_count == stats.order_count == 1
    assert after.unknown_order_count == stats.unknown_order_count + 3
    rejected = book.events()
    assert rejected["type"].tolist() == [EventType.REJECTED] * 3
    assert rejected["reason"].tolist() == [RejectReason.UNKNOWN_ORDER] * 3


def test_no_phantom_best_after_the_best_level_empties(book):
    book.submit(1, "buy", 100, 5)
    book.submit(2, "buy", 99, 5)
    book.cancel(1)
    assert book.top.bid == veloz.Level(99, 5, 1)
    book.submit(3, "sell", 99, 5)
    top = book.top
    assert top.bid is None and top.ask is None
    assert book.depth() == veloz.Depth([], [])
    levels = book.events()
    levels = levels[levels["type"] == EventType.LEVEL_CHANGED]
    # The emptied level is reported with quantity 0 and flagged as (having been) the best.
    assert (levels["quantity"][-1], levels["order_count"][-1]) == (0, 0)
    assert levels["flags"][-1] & veloz.EventFlags.TOP_OF_BOOK


def test_market_order_with_protection_stops_at_its_price(book):
    book.submit(1, "sell", 100, 5)
    book.submit(2, "sell", 101, 5)
    book.submit(3, "sell", 105, 5)
    book.events()
    book.submit_market(4, "buy", 20, protection_price=101)
    events = book.events()
    assert trades(events) == [(1, 4, 100, 5), (2, 4, 101, 5)]
    assert (4, DoneReason.EXPIRED, 10) in done(events)
    assert book.top.ask == veloz.Level(105, 5, 1)
    with pytest.raises(veloz.RejectedError) as info:
        book.submit_market(5, "buy", 1, protection_price=104)
    assert info.value.reason == RejectReason.NO_LIQUIDITY
    with pytest.raises(veloz.RejectedError) as info:
        book.submit_market(6, "sell", 1)  # no bids at all
    assert info.value.reason == RejectReason.NO_LIQUIDITY
    book.submit_market(7, "buy", 2)
    assert trades(book.events())[-1] == (3, 7, 105, 2)


def test_self_trade_cancel_taker_rejects_an_order_whose_first_match_is_its_own(book):
    book.submit(1, "sell", 100, 5, owner=7)
    before = book.hash
    with pytest.raises(veloz.RejectedError) as info:
        book.submit(2, "buy", 100, 5, owner=7)
    assert info.value.reason == RejectReason.SELF_TRADE
    assert book.hash == before
    book.submit(3, "buy", 100, 5, owner=8)  # another owner trades
    assert trades(book.events()) == [(1, 3, 100, 5)]


def test_self_trade_cancel_taker_rejects_a_modify_or_replace_into_its_own_order(book):
    book.submit(1, "sell", 100, 5, owner=7)
    book.submit(2, "buy", 98, 5, owner=7, self_trade_prevention="cancel_taker")
    book.events()
    before = book.hash
    with pytest.raises(veloz.RejectedError) as info:
        book.modify(2, 100, 5)
    assert info.value.reason == RejectReason.SELF_TRADE
    with pytest.raises(veloz.RejectedError) as info:
        book.replace(2, 3, 101, 5)
    assert info.value.reason == RejectReason.SELF_TRADE
    assert book.hash == before  # the working order rests as it was
    assert book.order(2) is not None


def test_fok_stopped_by_its_own_order_is_a_self_trade(book):
    book.submit(1, "sell", 100, 5, owner=7)
    book.submit(2, "sell", 100, 5, owner=9)
    with pytest.raises(veloz.RejectedError) as info:
        book.submit(3, "buy", 100, 5, time_in_force="fok", owner=7)
    assert info.value.reason == RejectReason.SELF_TRADE
    with pytest.raises(veloz.RejectedError) as info:
        book.submit(4, "buy", 100, 6, time_in_force="fok", owner=7)
    assert info.value.reason == RejectReason.FOK_CANNOT_FILL


@pytest.mark.parametrize("protection", [-(2**63), 0, 2**62])
def test_a_protection_price_outside_the_range_is_an_invalid_price(book, protection):
    book.submit(1, "sell", 100, 5)
    before = book.hash
    with pytest.raises(veloz.InvalidArgumentError) as info:
        book.submit_market(2, "buy", 1, protection_price=protection)
    assert "protection_price" in str(info.value)
    assert book.hash == before


def test_self_trade_cancel_maker_cancels_own_makers_and_keeps_matching(book):
    book.submit(1, "sell", 100, 5, owner=7)
    book.submit(2, "sell", 100, 5, owner=9)
    book.events()
    book.submit(3, "buy", 100, 5, owner=7, self_trade_prevention="cancel_maker")
    events = book.events()
    assert (1, DoneReason.SELF_TRADE_CANCELLED, 5) in done(events)
    assert trades(events) == [(2, 3, 100, 5)]
    assert book.stats.order_count == 0


def test_self_trade_cancel_both_cancels_maker_and_taker_remainder():
    with Book(self_trade_prevention="cancel_both") as book:
        book.submit(1, "sell", 100, 5, owner=7)
        book.submit(2, "sell", 101, 5, owner=9)
        book.events()
        book.submit(3, "buy", 101, 8, owner=7)  # book default: cancel both
        events = book.events()
        assert trades(events) == []
        assert (1, DoneReason.SELF_TRADE_CANCELLED, 5) in done(events)
        assert (3, DoneReason.SELF_TRADE_CANCELLED, 8) in done(events)
        assert book.order(2) is not None and book.stats.order_count == 1
        assert book.order(2).self_trade_prevention == veloz.SelfTradePrevention.CANCEL_BOTH


def test_replace_moves_the_order_to_a_new_id_without_priority(book):
    book.submit(1, "buy", 100, 5)
    book.submit(2, "buy", 100, 5)
    book.replace(1, 11, 100, 5)
    assert book.order(1) is None
    assert book.order(11).orders_ahead == 1
    with pytest.raises(veloz.DuplicateError) as info:
        book.replace(2, 11, 100, 5)
    assert info.value.reason == RejectReason.DUPLICATE_ID
    with pytest.raises(veloz.NotFoundError):
        book.replace(1, 12, 100, 5)


# ---- mirror mode ------------------------------------------------------------------------------------


def test_mirror_book_counts_the_commands_after_which_it_was_crossed():
    with Book("mirror") as mirror:
        mirror.add(1, "buy", 100, 5)
        mirror.add(2, "sell", 101, 5)
        mirror.add(3, "buy", 101, 5)  # crossed: the delete of 2 never came
        assert mirror.top.crossed
        mirror.add(4, "buy", 99, 5)
        assert mirror.stats.crossed_count == 2
        mirror.delete(2)
        assert not mirror.top.crossed
        mirror.add(5, "buy", 98, 5)
        assert mirror.stats.crossed_count == 2


def test_mirror_book_rests_crossed_orders_and_trades_only_on_execute():
    with Book("mirror") as book:
        book.add(1, "buy", 101, 5)
        book.add(2, "sell", 100, 5)  # crossed: rests anyway
        assert book.top.crossed
        assert trades(book.events()) == []
        book.execute(2, 3)
        assert trades(book.events()) == [(2, 0, 100, 3)]
        assert book.order(2).remaining_quantity == 2
        book.delete(2)
        assert book.top.ask is None
        with pytest.raises(veloz.RejectedError) as info:
            book.submit(3, "buy", 100, 1)
        assert info.value.reason == RejectReason.WRONG_MODE


def test_matching_book_refuses_feed_commands(book):
    with pytest.raises(veloz.RejectedError) as info:
        book.add(1, "buy", 100, 5)
    assert info.value.reason == RejectReason.WRONG_MODE
    book.submit(1, "buy", 100, 5)
    with pytest.raises(veloz.RejectedError):
        book.execute(1, 1)
    assert book.order(1).remaining_quantity == 5


# ---- hostile input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("quantity", [0, -5])
def test_zero_or_negative_quantity_raises_with_the_librarys_message_and_changes_nothing(book, quantity):
    book.submit(1, "buy", 100, 5)
    before = book.hash
    with pytest.raises(veloz.InvalidArgumentError) as info:
        book.submit(2, "buy", 100, quantity)
    assert info.value.reason == RejectReason.INVALID_QUANTITY
    assert info.value.message.startswith("veloz_book_submit: VELOZ_BOOK_REJECT_INVALID_QUANTITY")
    with pytest.raises(veloz.InvalidArgumentError):
        book.reduce(1, quantity)
    with pytest.raises(veloz.InvalidArgumentError) as info:
        book.reduce(1, 6)
    assert "remaining 5" in info.value.message
    assert book.hash == before and book.order(2) is None


def test_duplicate_id_raises_and_keeps_the_resting_order(book):
    book.submit(1, "buy", 100, 5)
    before = book.hash
    with pytest.raises(veloz.DuplicateError) as info:
        book.submit(1, "sell", 200, 3)
    assert "order id 1 is already resting" in info.value.message
    assert book.hash == before
    assert book.order(1).side == Side.BUY


def test_invalid_ids_prices_and_sides_are_refused(book):
    before = book.hash
    with pytest.raises(veloz.InvalidArgumentError) as info:
        book.submit(0, "buy", 100, 5)
    assert info.value.reason == RejectReason.INVALID_ORDER_ID
    with pytest.raises(veloz.InvalidArgumentError) as info:
        book.submit(1, "buy", 0, 5)  # below the default min_price of 1
    assert info.value.reason == RejectReason.INVALID_PRICE
    with pytest.raises(veloz.InvalidArgumentError, match="side must be one of buy"):
        book.submit(1, "up", 100, 5)
    with pytest.raises(veloz.InvalidArgumentError):
        book.submit(1, 7, 100, 5)
    with pytest.raises(veloz.InvalidArgumentError):
        book.submit(1, "buy", 100, 5, time_in_force="day")
    with pytest.raises(veloz.InvalidArgumentError) as info:
        book.submit(1, "buy", 100, 5, time_in_force="ioc", post_only=True)
    assert info.value.reason == RejectReason.INVALID_COMMAND
    assert book.hash == before and book.stats.order_count == 0


def test_integers_that_do_not_fit_are_refused_not_wrapped(book):
    with pytest.raises(veloz.InvalidArgumentError, match="order_id"):
        book.submit(2**64 + 1, "buy", 100, 5)
    with pytest.raises(veloz.InvalidArgumentError, match="quantity"):
        book.submit(1, "buy", 100, 2**63)
    with pytest.raises(veloz.InvalidArgumentError, match="owner"):
        book.submit(1, "buy", 100, 5, owner=-1)
    with pytest.raises(veloz.InvalidArgumentError):
        book.cancel(-(2**63) - 1)
    with pytest.raises(TypeError):
        book.submit(1, "buy", 100.5, 5)
    with pytest.raises(TypeError):
        book.reduce(1, "3")
    assert book.stats.command_count == 0  # nothing reached the library


def test_closed_book_raises_invalid_handle_for_every_call():
    book = Book()
    book.submit(1, "buy", 100, 5)
    book.close()
    book.close()  # idempotent
    assert book.closed
    assert repr(book) == "<Book matching closed>"
    calls = [
        lambda: book.submit(2, "buy", 100, 5),
        lambda: book.cancel(1),
        lambda: book.reduce(1, 1),
        lambda: book.modify(1, 100, 1),
        lambda: book.apply(Book.commands(1)),
        lambda: book.events(),
        lambda: book.top,
        lambda: book.hash,
        lambda: book.stats,
        lambda: book.order(1),
        lambda: book.depth(),
        lambda: book.read_top(),
    ]
    for call in calls:
        with pytest.raises(veloz.InvalidHandleError, match="Book is closed"):
            call()
    with pytest.raises(veloz.InvalidHandleError):
        with book:
            pass


def test_bad_configurations_raise_with_the_librarys_message():
    with pytest.raises(veloz.InvalidArgumentError, match="mode must be one of matching"):
        Book("venue")
    with pytest.raises(veloz.InvalidArgumentError, match="config->snapshot_depth"):
        Book(snapshot_depth=5000)
    with pytest.raises(veloz.InvalidArgumentError, match="config->price_window_ticks"):
        Book(price_window_ticks=100)
    with pytest.raises(veloz.InvalidArgumentError, match="min_price 0 cannot be expressed"):
        Book(min_price=0)
    with pytest.raises(veloz.InvalidArgumentError, match="expected_orders"):
        Book(expected_orders=0)
    with Book(min_price=-100, max_price=100) as book:
        book.submit(1, "buy", 0, 1)
        book.submit(2, "buy", -100, 1)
        with pytest.raises(veloz.InvalidArgumentError):
            book.submit(3, "buy", 101, 1)


# ---- batches ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype, structure",
    [
        (veloz.COMMAND_DTYPE, _capi.veloz_book_command),
        (veloz.EVENT_DTYPE, _capi.veloz_book_event),
        (veloz.LEVEL_DTYPE, _capi.veloz_level),
        (veloz.DEPTH_UPDATE_DTYPE, _capi.veloz_depth_update),
    ],
)
def test_dtype_layout_equals_the_ctypes_structure_layout(dtype, structure):
    assert dtype.itemsize == ctypes.sizeof(structure)
    assert list(dtype.names) == [name for name, _ in structure._fields_]
    for name, ctype in structure._fields_:
        field_dtype, offset = dtype.fields[name][:2]
        assert offset == getattr(structure, name).offset, name
        assert field_dtype.itemsize == ctypes.sizeof(ctype), name
        assert field_dtype == np.dtype(ctype), name
    # NumPy's own reading of the ctypes Structure agrees, and the bytes round-trip.
    assert np.dtype(structure) == dtype
    record = structure()
    for index, (name, _) in enumerate(structure._fields_):
        setattr(record, name, index + 1)
    as_array = np.frombuffer(bytes(record), dtype=dtype)
    assert [int(as_array[name][0]) for name in dtype.names] == list(range(1, len(dtype.names) + 1))


def test_apply_refuses_a_wrong_dtype_with_type_error(book):
    book.submit(1, "buy", 100, 5)
    before = book.hash
    wrong = [
        np.zeros(4, dtype=np.int64),
        np.zeros(4, dtype=np.float64),
        np.zeros((4, 8), dtype=np.int64),
        np.zeros(4, dtype=[("type", "u1"), ("pad", "V63")]),
        np.zeros(2, dtype=veloz.EVENT_DTYPE),  # same size, other layout
        bytes(64),
        [1, 2, 3],
        "commands",
    ]
    for commands in wrong:
        with pytest.raises(TypeError):
            book.apply(commands)
    assert book.hash == before and book.stats.command_count == 1


def test_apply_accepts_read_only_strided_and_ctypes_buffers():
    commands = veloz.book_commands("add", [1, 2, 3, 4], side="buy", price=[100, 101, 102, 103], quantity=5)
    read_only = commands.copy()
    read_only.flags.writeable = False
    c_array = (_capi.veloz_book_command * 4)()
    ctypes.memmove(c_array, commands.ctypes.data, commands.nbytes)
    records = np.zeros(4, dtype=[("received_ns", "i8"), ("command", veloz.COMMAND_DTYPE), ("flag", "u1")])
    records["command"] = commands
    for source in (read_only, commands[::2], records["command"], c_array, memoryview(c_array)):
        with Book("mirror") as book:
            book.apply(source)
            expected = 2 if len(np.asarray(memoryview(source))) == 2 else 4
            assert book.stats.order_count == expected


def test_apply_with_tiny_event_buffers_loses_no_event(seed):
    commands = random_matching_commands(seed, 5000)
    with Book() as reference:
        expected = reference.apply(commands)
        expected_hash = reference.hash
    assert len(expected) > 2 * len(commands)  # a flow rich enough to overflow the first buffer guess
    for capacity in (0, 1, 2, 3, 7):
        buffer = np.zeros(capacity, dtype=veloz.EVENT_DTYPE)
        collected = []
        with Book() as book:
            position = 0
            while position < len(commands) or book.pending_events:
                consumed, written = book.apply_into(commands[position:], buffer)
                collected.append(buffer[:written].copy())
                position += consumed
                if capacity == 0 and position == len(commands):
                    collected.append(book.events())
            got = np.concatenate(collected)
            assert got.tobytes() == expected.tobytes(), f"capacity {capacity}"
            assert book.hash == expected_hash


def test_apply_returns_queued_events_first_then_the_batch(book):
    book.submit(1, "sell", 100, 5)
    events = book.apply(veloz.book_commands("submit", [2], side="buy", price=100, quantity=5))
    assert events["sequence"].tolist() == sorted(events["sequence"].tolist())
    assert events["type"][0] == EventType.ACCEPTED and events["order_id"][0] == 1
    assert trades(events) == [(1, 2, 100, 5)]
    assert book.pending_events == 0
    assert len(book.apply(Book.commands(0))) == 0


def test_apply_grows_its_event_buffer_when_one_command_sweeps_the_book(book):
    resting = veloz.book_commands("submit", np.arange(1, 501), side="sell", price=np.arange(1000, 1500), quantity=1)
    book.apply(resting)
    sweep = veloz.book_commands("submit", [9999], side="buy", price=2000, quantity=500, time_in_force="ioc")
    events = book.apply(sweep)  # 1 command, > 1000 events: far beyond the first guess of 66
    assert len(trades(events)) == 500
    assert len(events[events["type"] == EventType.LEVEL_CHANGED]) == 500
    assert book.stats.order_count == 0


def test_per_command_rejects_in_a_batch_are_events_not_exceptions(book):
    hostile = veloz.book_commands(
        [0, 99, 1, 1, 2, 1],
        [1, 2, 3, 0, 42, 4],
        side=[1, 1, 7, 1, 0, 1],
        price=[100, 100, 100, 100, 0, 100],
        quantity=[1, 1, 1, 1, 0, -3],
    )
    events = book.apply(hostile)
    assert events["type"].tolist() == [EventType.REJECTED] * 6
    assert events["reason"].tolist() == [
        RejectReason.INVALID_COMMAND,
        RejectReason.INVALID_COMMAND,
        RejectReason.INVALID_SIDE,
        RejectReason.INVALID_ORDER_ID,
        RejectReason.UNKNOWN_ORDER,
        RejectReason.INVALID_QUANTITY,
    ]
    assert book.stats.rejected_count == 6 and book.stats.order_count == 0


def test_book_commands_checks_every_column_before_casting():
    commands = veloz.book_commands("submit", [1, 2], side=["buy" == "buy" and 1, 2], price=[100, 101], quantity=3, owner=9)
    assert commands["type"].tolist() == [1, 1] and commands["owner"].tolist() == [9, 9]
    with pytest.raises(veloz.InvalidArgumentError, match="side must fit uint8"):
        veloz.book_commands("add", [1], side=300)
    with pytest.raises(veloz.InvalidArgumentError, match="owner"):
        veloz.book_commands("add", [1], owner=-1)
    with pytest.raises(TypeError, match="price must hold integers"):
        veloz.book_commands("add", [1], price=[100.5])
    with pytest.raises(veloz.InvalidArgumentError, match="type must be one of"):
        veloz.book_commands("buy", [1])
    with pytest.raises(ValueError):
        veloz.book_commands("add", [1, 2, 3], price=[1, 2])  # shapes do not broadcast
    assert Book.commands(3).tobytes() == bytes(3 * 64)


def test_events_and_event_list_drain_the_queue(book):
    book.submit(1, "sell", 100, 5)
    book.submit(2, "buy", 100, 2)
    assert book.pending_events == 6
    listed = book.event_list()
    assert book.pending_events == 0 and book.events().size == 0
    assert [e.type for e in listed] == [
        EventType.ACCEPTED,
        EventType.LEVEL_CHANGED,
        EventType.ACCEPTED,
        EventType.TRADE,
        EventType.LEVEL_CHANGED,
        EventType.ORDER_DONE,
    ]
    trade = listed[3]
    assert (trade.order_id, trade.other_order_id, trade.side, trade.price, trade.quantity, trade.remaining_quantity) == (
        1, 2, Side.BUY, 100, 2, 3,
    )  # fmt: skip
    assert listed[5].reason == DoneReason.FILLED
    assert "TRADE" in str(trade)


def test_level_events_can_be_turned_off():
    with Book(level_events=False) as book:
        book.submit(1, "sell", 100, 5)
        assert EventType.LEVEL_CHANGED not in book.events()["type"].tolist()


# ---- queries ----------------------------------------------------------------------------------------


def test_depth_levels_and_order_queries(book):
    for order_id, (side, price, quantity) in enumerate(
        [("buy", 99, 5), ("buy", 99, 3), ("buy", 98, 1), ("sell", 101, 2), ("sell", 103, 4)], start=1
    ):
        book.submit(order_id, side, price, quantity)
    depth = book.depth(5)
    assert depth.bids == [veloz.Level(99, 8, 2), veloz.Level(98, 1, 1)]
    assert depth.asks == [veloz.Level(101, 2, 1), veloz.Level(103, 4, 1)]
    assert book.depth(1) == veloz.Depth([veloz.Level(99, 8, 2)], [veloz.Level(101, 2, 1)])
    assert book.levels("sell") == depth.asks
    array = book.levels_array("buy")
    assert array.dtype == veloz.LEVEL_DTYPE and array["price"].tolist() == [99, 98]
    info = book.order(2)
    assert (info.side, info.price, info.remaining_quantity, info.orders_ahead, info.quantity_ahead) == (Side.BUY, 99, 3, 1, 5)
    assert 2 in book and 77 not in book and 0 not in book
    top = book.top
    assert top.spread == 2 and top.sequence == 5 and str(top) == "8@99 | 2@101"
    stats = book.stats
    assert (stats.order_count, stats.bid_level_count, stats.ask_level_count, stats.command_count) == (5, 2, 2, 5)


def test_repr_shows_mode_top_and_counts(book):
    book.submit(1, "buy", 99, 5)
    book.submit(2, "sell", 101, 7)
    text = repr(book)
    assert text.startswith("<Book matching 5@99 | 7@101 orders=2 levels=1/1 commands=2")
    assert "pending_events=4" in text


def test_hash_depends_on_time_priority(book):
    with Book() as other:
        book.submit(1, "buy", 100, 5)
        book.submit(2, "buy", 100, 5)
        other.submit(2, "buy", 100, 5)
        other.submit(1, "buy", 100, 5)
        assert book.top == veloz.TopOfBook(veloz.Level(100, 10, 2), None, 2) == other.top
        assert book.hash != other.hash


def test_read_top_needs_a_snapshot_depth(book):
    with pytest.raises(veloz.StateError, match="snapshot"):
        book.read_top()
    with Book(snapshot_depth=2) as published:
        published.submit(1, "buy", 99, 5)
        published.submit(2, "buy", 98, 1)
        published.submit(3, "buy", 97, 1)
        read, owner = published.read_top(), published.top
        assert (read.bid, read.ask) == (owner.bid, owner.ask) == (veloz.Level(99, 5, 1), None)
        # Published after the latest command that changed the top 2 levels: the third (at 97) did not.
        assert (read.sequence, owner.sequence) == (2, 3)
        assert published.read_levels() == veloz.Depth([veloz.Level(99, 5, 1), veloz.Level(98, 1, 1)], [])


def test_read_top_from_another_thread_while_apply_runs_is_never_torn(seed):
    commands = random_matching_commands(seed, 200_000)
    with Book(snapshot_depth=1) as book:
        # A warm-up batch so that the reader sees a non-empty book from its first read.
        book.apply(commands[:1000])
        first_sequence = book.read_top().sequence
        observed = []
        problems = []
        started = threading.Event()
        stop = threading.Event()

        def reader() -> None:
            started.set()
            previous = -1
            while not stop.is_set():
                top = book.read_top()
                if top.bid and top.ask and top.bid.price >= top.ask.price:
                    problems.append(f"crossed top {top}")
                for level in (top.bid, top.ask):
                    if level and (level.quantity <= 0 or level.order_count <= 0):
                        problems.append(f"impossible level {level}")
                if top.sequence < previous:
                    problems.append(f"sequence went back from {previous} to {top.sequence}")
                previous = top.sequence
                observed.append(top.sequence)

        thread = threading.Thread(target=reader)
        thread.start()
        started.wait()
        try:
            book.apply(commands[1000:])  # one call: ctypes releases the GIL, the reader runs meanwhile
        finally:
            stop.set()
            thread.join()
        final_sequence = book.read_top().sequence
        assert problems == []
        # The reader saw several states from the middle of the batch, so it ran during the call. (Were
        # the GIL held, at most the one read in flight when the call began could see such a state.)
        during = {s for s in observed if first_sequence < s < final_sequence}
        assert len(during) >= 2, (first_sequence, final_sequence, len(observed))


# ---- apply's reused event memory (veloz._event_pool) ---------------------------------------------

# Internal: the one pool behind Book.apply and Book.events, inspected to check its policy.
from veloz.book import _event_buffers as pool  # noqa: E402


@pytest.fixture
def empty_pool():
    veloz.release_event_buffers()
    yield pool
    veloz.release_event_buffers()


def adds(count: int, first_id: int = 1) -> np.ndarray:
    """``count`` resting bids on 1,000 prices for a mirror book: two events each (accepted, level)."""
    ids = np.arange(first_id, first_id + count)
    return veloz.book_commands("add", ids, side="buy", price=100_000 - ids % 1000, quantity=1 + ids % 7)


def replay(commands: np.ndarray) -> np.ndarray:
    """The events of ``commands`` applied to a new mirror book (the result outlives the book)."""
    with Book("mirror") as book:
        return book.apply(commands)


def holder(result: np.ndarray) -> np.ndarray:
    """The array that owns a result's memory (the result itself or the buffer it views)."""
    return result if result.base is None else result.base


def test_results_of_consecutive_calls_stay_intact(seed):
    commands = random_matching_commands(seed, 8000)
    first, second = commands[:4000], commands[4000:]
    with Book() as reference:
        expected_first = reference.apply(first).tobytes()
        expected_second = reference.apply(second).tobytes()
    with Book() as book:
        events_first = book.apply(first)
        events_second = book.apply(second)
        # More calls on this book and another one, each writing into the pool, single calls included.
        with Book() as other:
            other.apply(commands)
            other.apply(commands)
        for order_id in range(10**6, 10**6 + 1500):
            book.submit(order_id, "sell", 10**6, 1)
        drained = book.events()
        book.apply(first)
    assert events_first.tobytes() == expected_first
    assert events_second.tobytes() == expected_second
    assert not np.shares_memory(events_first, events_second)
    assert drained["type"].tolist() == [EventType.ACCEPTED, EventType.LEVEL_CHANGED] * 1500
    assert drained["order_id"][::2].tolist() == list(range(10**6, 10**6 + 1500))


def test_a_kept_result_holds_its_buffer_and_a_dropped_one_is_reused(empty_pool):
    commands = adds(3000)  # estimate 6,064 events: an 8,192-event pooled buffer, 6,000 events: a view
    kept = replay(commands)
    assert not kept.flags.owndata and len(kept.base) == 8192
    kept_buffer = weakref.ref(kept.base)
    dropped = replay(commands)
    assert dropped.base is not kept_buffer()  # kept is alive: its buffer is not handed out again
    dropped_buffer = weakref.ref(dropped.base)
    del dropped
    again = replay(commands)
    assert again.base is dropped_buffer()  # dropped is gone: its buffer is reused
    assert again.tobytes() == kept.tobytes()
    assert len(empty_pool.buffers) == 2
    del kept, again
    base = replay(commands).base
    assert base is kept_buffer() or base is dropped_buffer()  # both free now: no third buffer


@pytest.mark.parametrize("sweeps, depth", [(20, 150), (600, 5)])
def test_events_after_many_buffer_growths_equal_a_single_drain(sweeps, depth):
    # Each buy sweeps `depth` one-lot asks: 3 events per level, far beyond the 2 per command the
    # first buffer is sized for. (20, 150) starts in a private array, (600, 5) in a pooled buffer.
    asks = sweeps * depth
    ask_ids = np.arange(1, asks + 1)
    resting = veloz.book_commands("submit", ask_ids, side="sell", price=999 + ask_ids, quantity=1)
    buy_ids = np.arange(10**6, 10**6 + sweeps)
    buys = veloz.book_commands("submit", buy_ids, side="buy", price=1000 + asks, quantity=depth, time_in_force="ioc")
    with Book() as reference:
        reference.apply(resting)
        for order_id in buy_ids.tolist():
            reference.submit(int(order_id), "buy", 1000 + asks, depth, time_in_force="ioc")
        expected = reference.events()  # one drain of everything the single calls queued
    with Book() as book:
        book.apply(resting)
        events = book.apply(buys)
        assert book.pending_events == 0 and book.stats.order_count == 0
    assert len(events) == sweeps * (3 * depth + 2) and len(events) > 10 * len(buys)
    assert events.tobytes() == expected.tobytes()


def test_two_threads_applying_to_two_books_get_their_own_events(seed):
    flows = [random_matching_commands(seed + i, 24_000) for i in range(2)]
    chunks = [np.array_split(flow, 12) for flow in flows]  # 2,000 commands each: pooled buffers

    def run(index: int, start: Optional[threading.Barrier] = None) -> List[bytes]:
        results: list = []
        with Book() as book:
            if start is not None:
                start.wait()
            for number, chunk in enumerate(chunks[index]):
                events = book.apply(chunk)
                # Every other result is read at once and dropped (its buffer is free again at once);
                # the others are kept to the end, and their buffers must stay untouched meanwhile.
                results.append(events.tobytes() if number % 2 else events)
        return [r if isinstance(r, bytes) else r.tobytes() for r in results]

    sequential = [run(0), run(1)]
    for _ in range(3):
        start = threading.Barrier(2)
        concurrent: List[Optional[List[bytes]]] = [None, None]

        def worker(index: int) -> None:
            concurrent[index] = run(index, start)

        threads = [threading.Thread(target=worker, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert concurrent == sequential


def test_pool_stays_within_its_bounds_and_kept_results_stay_small(empty_pool):
    kept = []
    sizes = [600, 3000, 20_000, 700, 5000, 40_000, 550, 12_000, 30_000, 900, 2500, 60_000] * 2
    for number, count in enumerate(sizes):
        events = replay(adds(count))
        assert len(events) == 2 * count
        if number % 3 == 0:
            kept.append(events)
        buffers = empty_pool.buffers
        assert len(buffers) <= _event_pool.MAX_BUFFERS
        assert empty_pool.retained_bytes == sum(b.array.nbytes for b in buffers) <= _event_pool.MAX_BYTES
    for events in kept:
        assert holder(events).nbytes <= _event_pool.VIEW_MIN_FILL * events.nbytes
    # A tiny result is exact: it pins no buffer at all.
    tiny = replay(adds(3))
    assert len(tiny) == 6 and holder(tiny).nbytes == tiny.nbytes


def test_a_result_filling_little_of_its_buffer_is_copied_out(empty_pool):
    deletes_of_unknown_ids = veloz.book_commands("delete", np.arange(1, 1501))  # one REJECTED event each
    replay(adds(3000))  # leaves a free 8,192-event buffer; the 1,500 rejects' estimate fits in it
    [buffer] = empty_pool.buffers
    rejects = replay(deletes_of_unknown_ids)
    assert len(rejects) == 1500 and (rejects["type"] == EventType.REJECTED).all()
    assert holder(rejects).nbytes == rejects.nbytes  # a copy: 1,500 of 8,192 would waste the rest
    assert not np.shares_memory(rejects, buffer.array)
    assert replay(adds(3000)).base is buffer.array  # the buffer stayed free


def test_small_batches_let_an_idle_large_buffer_go(empty_pool):
    large = replay(adds(100_000))  # a 256 Ki-event (16 MiB) buffer
    assert len(large.base) == 1 << 18
    del large
    for _ in range(_event_pool.MAX_IDLE_TAKES + 1):
        replay(adds(1000))  # 2,064 events: a buffer of their own, the large one stays idle
    assert [len(b.array) for b in empty_pool.buffers] == [4096]
    assert empty_pool.retained_bytes == 4096 * veloz.EVENT_DTYPE.itemsize


def test_the_byte_limit_drops_the_least_recently_used_and_skips_larger_buffers(empty_pool, monkeypatch):
    monkeypatch.setattr(_event_pool, "MAX_BYTES", 1 << 20)
    kept = [replay(adds(4000)) for _ in range(3)]  # 8,192-event (512 KiB) buffers, all three viewed
    assert [len(b.array) for b in empty_pool.buffers] == [8192, 8192]
    assert kept[0].base is not empty_pool.buffers[0].array  # the least recently used went
    assert empty_pool.retained_bytes == 1 << 20
    events = replay(adds(20_000))  # a 64 Ki-event (4 MiB) buffer: used once, never kept
    assert len(events) == 40_000 and events.flags.owndata  # shrunk in place: nothing else holds it
    assert empty_pool.retained_bytes == 1 << 20


def test_release_event_buffers_frees_the_pool_and_leaves_results_valid(empty_pool):
    events = replay(adds(5000))
    expected = events.tobytes()
    replay(adds(5000, first_id=10**6))
    assert veloz.release_event_buffers() == 2 * 16384 * veloz.EVENT_DTYPE.itemsize
    assert empty_pool.buffers == [] and veloz.release_event_buffers() == 0
    replay(adds(5000, first_id=10**6))
    assert events.tobytes() == expected


# ---- real data --------------------------------------------------------------------------------------


def read_golden() -> dict:
    with open(GOLDEN_HASH_FILE) as f:
        lines = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    assert len(lines) == 1, lines
    return {key: int(value, 0) for key, value in re.findall(r"(\w+)=(\S+)", lines[0])}


def test_golden_lobster_replay_gives_the_same_hash_as_the_other_languages(lobster_messages_path):
    golden = read_golden()
    messages = veloz.lobster.read_messages(lobster_messages_path, limit=golden["messages"])
    assert len(messages) == golden["messages"]
    commands = veloz.lobster.to_commands(messages)
    assert len(commands) == golden["commands"]
    with Book("mirror") as book:
        events = book.apply(commands)
        stats = book.stats
        assert (stats.order_count, stats.unknown_order_count, stats.rejected_count) == (
            golden["orders"], golden["unknown_orders"], golden["rejected"],
        )  # fmt: skip
        assert book.hash == golden["hash"], f"{book.hash:#x} != {golden['hash']:#x}"
        assert len(events[events["type"] == EventType.REJECTED]) == golden["rejected"]


def test_full_lobster_day_equals_the_pure_python_reference_event_for_event(lobster_messages_path):
    # The benchmark's peer must do the same work: same events, same levels, same state hash.
    commands = veloz.lobster.to_commands(veloz.lobster.read_messages(lobster_messages_path))
    reference = SortedBook()
    reference.replay(
        list(zip(*(commands[name].tolist() for name in ("type", "order_id", "side", "price", "quantity"))))
    )
    with Book("mirror") as book:
        events = book.apply(commands)
        ours = list(zip(*(events[name].tolist() for name in ("type", "side", "order_id", "price", "quantity", "order_count"))))
        assert len(ours) == len(reference.events)
        mismatch = next((i for i, (a, b) in enumerate(zip(ours, reference.events)) if a != b), None)
        assert mismatch is None, (mismatch, ours[mismatch], reference.events[mismatch])
        assert [(l.price, l.quantity, l.order_count) for l in book.levels("buy")] == reference.levels(1)
        assert [(l.price, l.quantity, l.order_count) for l in book.levels("sell")] == reference.levels(2)
        assert book.hash == reference.state_hash()


def test_submit_command_takes_a_ctypes_struct_or_a_record(book):
    order = _capi.veloz_book_command(type=_capi.VELOZ_BOOK_COMMAND_SUBMIT, side=_capi.VELOZ_SIDE_SELL, order_id=1, price=100, quantity=5)
    book.submit_command(order)
    record = veloz.book_commands("submit", [2], side="buy", price=100, quantity=2)
    book.submit_command(record[0])
    assert trades(book.events()) == [(1, 2, 100, 2)]
    with pytest.raises(veloz.InvalidArgumentError, match="order->type must be"):
        book.submit_command(veloz.book_commands("cancel", [1])[0])
    with pytest.raises(TypeError, match="one command"):
        book.submit_command(veloz.book_commands("submit", [3, 4], side="buy", price=1, quantity=1))
    assert book.order(1).remaining_quantity == 3


def test_sides_and_modes_accept_enums_ints_and_names(book):
    book.submit(1, Side.BUY, 100, 1)
    book.submit(2, 1, 99, 1)
    book.submit(3, "BUY", 98, 1, time_in_force=veloz.TimeInForce.GTC, self_trade_prevention=veloz.SelfTradePrevention.CANCEL_MAKER)
    assert [level.price for level in book.levels(Side.BUY)] == [100, 99, 98]
    assert book.order(3).self_trade_prevention == veloz.SelfTradePrevention.CANCEL_MAKER
    with pytest.raises(veloz.InvalidArgumentError):
        book.submit(4, True, 97, 1)  # a bool is not a side
    with pytest.raises(veloz.InvalidArgumentError):
        book.submit(4, veloz.TimeInForce.IOC, 97, 1)  # another enum's member is not a side
    assert book.clear_events() == 6 and book.pending_events == 0
    with Book(veloz.BookMode.MIRROR) as mirror:
        assert mirror.mode == veloz.BookMode.MIRROR
