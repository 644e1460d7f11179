"""veloz.TimeSync: per-venue exchange clock offset from round-trip samples."""

import random

import pytest

import veloz

BASE_NS = 1_700_000_000_000_000_000  # a realistic Unix time in ns
OFFSET_NS = 1_234_567  # the exchange clock runs 1.23 ms ahead of ours


def symmetric_samples(rng, count, offset_ns=OFFSET_NS, start_ns=BASE_NS):
    """Round trips whose exchange stamp sits exactly mid-way: the true offset is recoverable exactly."""
    local = start_ns
    for _ in range(count):
        local += rng.randrange(1_000_000, 10_000_000)
        rtt = 2 * rng.randrange(10_000, 500_000)
        yield local + rtt // 2 + offset_ns, local, local + rtt
        local += rtt


def test_recovers_a_synthetic_offset_from_symmetric_round_trips(seed):
    rng = random.Random(seed)
    with veloz.TimeSync() as sync:
        samples = list(symmetric_samples(rng, 50))
        for exchange, sent, received in samples:
            sync.add_sample(3, exchange, sent, received)
        last_received = samples[-1][2]
        assert abs(sync.to_exchange(3, last_received) - (last_received + OFFSET_NS)) <= 2
        assert abs(sync.to_local(3, last_received + OFFSET_NS) - last_received) <= 2
        stats = sync.stats(3)
        assert abs(stats.offset_ns - OFFSET_NS) <= 2
        assert stats.sample_count == 50
        assert stats.best_rtt_ns == min(received - sent for _, sent, received in samples[-64:])
        assert stats.last_sample_ns == last_received
        assert stats.venue == 3


def test_min_rtt_filter_bounds_the_error_when_stamps_are_anywhere_in_the_round_trip(seed):
    rng = random.Random(seed)
    with veloz.TimeSync(window=32) as sync:
        local = BASE_NS
        for _ in range(32):
            local += rng.randrange(1_000_000, 5_000_000)
            rtt = rng.randrange(20_000, 2_000_000)
            # The exchange stamped the request somewhere inside the round trip (queueing either way).
            exchange = local + rng.randrange(rtt + 1) + OFFSET_NS
            sync.add_sample("venue", exchange, local, local + rtt)
            local += rtt
        stats = sync.stats("venue")
        assert abs(stats.offset_ns - OFFSET_NS) <= stats.best_rtt_ns / 2 + 1
        assert abs(sync.to_exchange("venue", local) - (local + OFFSET_NS)) <= stats.best_rtt_ns / 2 + 1


def test_estimates_the_drift_of_a_fast_exchange_clock_and_extrapolates_with_it(seed):
    rng = random.Random(seed)
    drift_ppm = 50

    def exchange_time(local_ns):
        return local_ns + OFFSET_NS + (local_ns - BASE_NS) * drift_ppm // 1_000_000

    with veloz.TimeSync(window=64) as sync:
        local = BASE_NS
        for _ in range(64):
            local += 100_000_000  # a sample every 100 ms: 6.4 s of history
            rtt = 2 * rng.randrange(5_000, 20_000)
            sync.add_sample("fast", exchange_time(local + rtt // 2), local, local + rtt)
            local += rtt
        assert abs(sync.stats("fast").drift_ppm - drift_ppm) < 1.0
        one_second_later = local + 1_000_000_000
        # Without the drift the error would be 50 us; with it, well under 1 us + 1 ppm.
        assert abs(sync.to_exchange("fast", one_second_later) - exchange_time(one_second_later)) < 2_000


def test_conversions_are_inverse_of_each_other(seed):
    rng = random.Random(seed)
    with veloz.TimeSync() as sync:
        for exchange, sent, received in symmetric_samples(rng, 10):
            sync.add_sample(0, exchange, sent, received)
        for _ in range(100):
            local = BASE_NS + rng.randrange(10**12)
            assert abs(sync.to_local(0, sync.to_exchange(0, local)) - local) <= 1


def test_venues_are_independent(seed):
    rng = random.Random(seed)
    with veloz.TimeSync() as sync:
        for exchange, sent, received in symmetric_samples(rng, 5, offset_ns=1_000):
            sync.add_sample(1, exchange, sent, received)
        for exchange, sent, received in symmetric_samples(rng, 5, offset_ns=-7_000_000):
            sync.add_sample(2, exchange, sent, received)
        assert sync.venue_count == 2
        assert abs(sync.stats(1).offset_ns - 1_000) <= 2
        assert abs(sync.stats(2).offset_ns + 7_000_000) <= 2


# -- errors ------------------------------------------------------------------------------------


def test_receive_before_send_is_an_invalid_argument_and_changes_nothing():
    with veloz.TimeSync() as sync:
        with pytest.raises(veloz.InvalidArgumentError) as raised:
            sync.add_sample(0, BASE_NS, BASE_NS + 10, BASE_NS)
        assert "time_sync" in raised.value.message
        assert sync.venue_count == 0


def test_negative_venue_is_an_invalid_argument():
    with veloz.TimeSync() as sync:
        with pytest.raises(veloz.InvalidArgumentError) as raised:
            sync.add_sample(-1, BASE_NS, BASE_NS, BASE_NS + 10)
        assert "-1" in raised.value.message


def test_venue_id_beyond_int32_is_rejected_before_ctypes_could_wrap_it():
    with veloz.TimeSync() as sync:
        with pytest.raises(veloz.InvalidArgumentError):
            sync.add_sample(2**32, BASE_NS, BASE_NS, BASE_NS + 10)
        # 2**32 would have wrapped to venue 0 in ctypes.
        assert sync.venue_count == 0


def test_unknown_venue_is_not_found():
    with veloz.TimeSync() as sync:
        with pytest.raises(veloz.NotFoundError):
            sync.to_exchange(5, BASE_NS)
        with pytest.raises(veloz.NotFoundError):
            sync.to_local(5, BASE_NS)
        with pytest.raises(veloz.NotFoundError):
            sync.stats(5)


def test_unknown_venue_name_is_not_found_and_not_registered():
    with veloz.TimeSync() as sync:
        with pytest.raises(veloz.NotFoundError, match="nasdaq"):
            sync.to_exchange("nasdaq", BASE_NS)
        assert sync.venue_names == {}


def test_one_venue_more_than_max_venues_is_full():
    with veloz.TimeSync(max_venues=2) as sync:
        sync.add_sample(10, BASE_NS, BASE_NS, BASE_NS + 10)
        sync.add_sample(20, BASE_NS, BASE_NS, BASE_NS + 10)
        with pytest.raises(veloz.FullError):
            sync.add_sample(30, BASE_NS, BASE_NS, BASE_NS + 10)
        # Known venues still take samples.
        sync.add_sample(10, BASE_NS + 100, BASE_NS + 100, BASE_NS + 110)
        assert sync.venue_count == 2


@pytest.mark.parametrize("max_venues, window", [(0, 64), (4097, 64), (64, 0), (64, 65537), (-1, 64)])
def test_config_out_of_range_is_an_invalid_argument(max_venues, window):
    with pytest.raises(veloz.InvalidArgumentError):
        veloz.TimeSync(max_venues=max_venues, window=window)


def test_floats_are_rejected_as_times():
    with veloz.TimeSync() as sync:
        with pytest.raises(TypeError):
            sync.add_sample(0, 1.5, BASE_NS, BASE_NS + 10)


# -- names and ids -----------------------------------------------------------------------------


def test_names_get_the_smallest_unused_ids_and_are_aliases_for_them():
    with veloz.TimeSync() as sync:
        sync.add_sample(0, BASE_NS, BASE_NS, BASE_NS + 10)
        sync.add_sample("binance", BASE_NS + OFFSET_NS, BASE_NS, BASE_NS + 10)
        sync.add_sample("okx", BASE_NS, BASE_NS, BASE_NS + 10)
        assert sync.venue_id("binance") == 1
        assert sync.venue_id("okx") == 2
        assert sync.venue_names == {"binance": 1, "okx": 2}
        assert sync.stats("binance").venue == 1
        assert sync.stats("binance").name == "binance"
        assert sync.stats(0).name is None
        assert sync.to_exchange("binance", BASE_NS) == sync.to_exchange(1, BASE_NS)
        assert sync.venue_count == 3


def test_fixed_name_assignments_are_honoured_and_skipped_by_new_names():
    with veloz.TimeSync(venues={"cme": 0, "ice": 7}) as sync:
        sync.add_sample("ice", BASE_NS, BASE_NS, BASE_NS + 10)
        sync.add_sample("eurex", BASE_NS, BASE_NS, BASE_NS + 10)
        assert sync.stats(7).name == "ice"
        assert sync.venue_id("eurex") == 1


def test_a_failed_first_sample_does_not_register_the_name():
    with veloz.TimeSync() as sync:
        with pytest.raises(veloz.InvalidArgumentError):
            sync.add_sample("bad", BASE_NS, BASE_NS + 10, BASE_NS)
        assert sync.venue_names == {}
        with pytest.raises(veloz.NotFoundError):
            sync.venue_id("bad")


# -- lifetime ----------------------------------------------------------------------------------


def test_use_after_close_raises_a_clear_error_and_close_twice_is_fine():
    sync = veloz.TimeSync()
    sync.add_sample(0, BASE_NS, BASE_NS, BASE_NS + 10)
    sync.close()
    sync.close()
    assert sync.closed
    with pytest.raises(veloz.InvalidHandleError, match="TimeSync is closed"):
        sync.to_exchange(0, BASE_NS)
    with pytest.raises(veloz.InvalidHandleError, match="TimeSync is closed"):
        sync.add_sample(0, BASE_NS, BASE_NS, BASE_NS + 10)
    with pytest.raises(veloz.InvalidHandleError, match="TimeSync is closed"):
        _ = sync.venue_count


def test_repr_shows_configuration_and_venues():
    with veloz.TimeSync(max_venues=8, window=16) as sync:
        sync.add_sample("lse", BASE_NS, BASE_NS, BASE_NS + 10)
        text = repr(sync)
        assert "max_venues=8" in text and "window=16" in text and "venues=1" in text and "lse" in text
    assert "closed" in repr(sync)
