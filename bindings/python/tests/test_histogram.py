"""veloz.Histogram: HDR percentiles within the promised precision, zero-copy batches, lifetime."""

import array
import math
from fractions import Fraction

import numpy as np
import pytest

import veloz


def exact_percentile(sorted_values, p):
    """The value the HDR definition promises to approximate: the ceil(p/100*n)-th smallest (at least
    the 1st), with p taken as the decimal it was written as (99.9% of 200000 is rank 199800, while
    the float product 99.9 / 100 * 200000 is 199800.00000000003)."""
    n = len(sorted_values)
    rank = min(n, max(1, math.ceil(Fraction(format(p, ".15g")) * n / 100)))
    return int(sorted_values[rank - 1])


PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]


@pytest.mark.parametrize("digits", [2, 3, 4])
def test_percentiles_match_exact_ones_within_the_relative_precision(seed, digits):
    rng = np.random.default_rng(seed)
    # Latency-like: log-normal around 50 us with a heavy tail, in ns.
    values = rng.lognormal(mean=math.log(50_000), sigma=1.2, size=200_000).astype(np.int64) + 1
    exact = np.sort(values)
    with veloz.Histogram(lowest=1, highest=10**12, significant_digits=digits) as histogram:
        histogram.record_batch(values)
        for p in PERCENTILES:
            reported = histogram.percentile(p)
            expected = exact_percentile(exact, p)
            assert abs(reported - expected) <= expected * 10.0**-digits, (p, reported, expected)
        assert histogram.percentile(0) == exact[0]
        assert histogram.percentile(100) == exact[-1]


def test_stats_match_numpy(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 10**6, size=10_000, dtype=np.int64)
    with veloz.Histogram() as histogram:
        histogram.record_batch(values)
        stats = histogram.stats()
        assert stats.count == len(values) == histogram.count
        assert stats.min == values.min() == histogram.min
        assert stats.max == values.max() == histogram.max
        # mean and stddev come from bucket values: relative error of the precision.
        assert stats.mean == pytest.approx(values.mean(), rel=1e-3) and histogram.mean == stats.mean
        assert stats.stddev == pytest.approx(values.std(), rel=1e-2) and histogram.stddev == stats.stddev
        assert stats.clamped_count == 0


def test_percentiles_of_a_list_is_a_list_and_of_an_array_an_int64_array(seed):
    rng = np.random.default_rng(seed)
    with veloz.Histogram() as histogram:
        histogram.record_batch(rng.integers(1, 10**9, size=1000, dtype=np.int64))
        one_by_one = [histogram.percentile(p) for p in PERCENTILES]
        as_list = histogram.percentiles(PERCENTILES)
        as_array = histogram.percentiles(np.array(PERCENTILES, dtype=np.float64))
        as_int_array = histogram.percentiles(np.array([50, 99]))  # converted to float64
        assert as_list == one_by_one and isinstance(as_list, list)
        assert isinstance(as_array, np.ndarray) and as_array.dtype == np.int64
        assert as_array.tolist() == one_by_one
        assert as_int_array.tolist() == [histogram.percentile(50), histogram.percentile(99)]
        assert histogram.percentiles([]) == []


def test_record_and_record_n_count_like_a_batch():
    with veloz.Histogram() as a, veloz.Histogram() as b:
        a.record(100)
        a.record_n(200, 3)
        a.record_n(300, 0)
        b.record_batch([100, 200, 200, 200])
        assert a.stats() == b.stats()
        assert a.buckets() == b.buckets()


def test_record_accepts_numpy_integers_and_rejects_floats_and_out_of_range():
    with veloz.Histogram() as histogram:
        histogram.record(np.int64(7))
        histogram.record(np.uint16(9))
        with pytest.raises(TypeError):
            histogram.record(1.5)
        with pytest.raises(TypeError):
            histogram.record("5")
        # ctypes would silently wrap 2**64 + 5 to 5.
        with pytest.raises(veloz.InvalidArgumentError):
            histogram.record(2**64 + 5)
        assert histogram.count == 2


# -- batches -----------------------------------------------------------------------------------


def batch_sources(values):
    """The same int64 values as every buffer kind record_batch must take."""
    read_only = values.copy()
    read_only.flags.writeable = False
    return {
        "numpy": values,
        "numpy 2-D": values.reshape(2, -1),
        "numpy read-only": read_only,
        "array.array('q')": array.array("q", values.tolist()),
        "array.array('l')": array.array("l", values.tolist()),
        "memoryview": memoryview(array.array("q", values.tolist())),
        "read-only memoryview of bytes": memoryview(values.tobytes()).cast("q"),
        "list": values.tolist(),
    }


@pytest.mark.parametrize("kind", list(batch_sources(np.arange(4, dtype=np.int64))))
def test_batch_takes_every_int64_buffer_kind(kind, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 10**7, size=1000, dtype=np.int64)
    source = batch_sources(values)[kind]
    with veloz.Histogram() as histogram, veloz.Histogram() as reference:
        assert histogram.record_batch(source) == len(values)
        for v in values[:50].tolist():
            reference.record(v)
        reference.record_batch(values[50:])
        assert histogram.stats() == reference.stats()
        assert histogram.buckets() == reference.buckets()


def test_batch_reads_the_caller_memory_without_copying():
    # A read-only NumPy view over a bytes object: only a zero-copy path can read it without
    # ctypes.from_buffer failing (it needs writable memory) or a copy being made.
    data = np.arange(1, 101, dtype=np.int64).tobytes()
    view = np.frombuffer(data, dtype=np.int64)
    assert not view.flags.writeable
    with veloz.Histogram() as histogram:
        histogram.record_batch(view)
        assert histogram.count == 100 and histogram.max == 100


@pytest.mark.parametrize(
    "source",
    [
        np.arange(10, dtype=np.float64),
        np.arange(10, dtype=np.int32),
        np.arange(10, dtype=np.uint64),
        np.arange(10, dtype=">i8"),  # int64, but byte-swapped
        array.array("i", range(10)),
        array.array("d", range(10)),
        bytes(80),
        bytearray(80),
        np.arange(20, dtype=np.int64)[::2],  # not contiguous
    ],
    ids=["float64", "int32", "uint64", "big-endian int64", "array i", "array d", "bytes", "bytearray", "strided"],
)
def test_batch_rejects_buffers_that_are_not_contiguous_native_int64(source):
    with veloz.Histogram() as histogram:
        with pytest.raises(TypeError):
            histogram.record_batch(source)
        assert histogram.count == 0


def test_batch_with_a_negative_value_records_nothing():
    with veloz.Histogram() as histogram:
        histogram.record_batch(np.array([5, 6, 7], dtype=np.int64))
        before = (histogram.stats(), histogram.buckets())
        with pytest.raises(veloz.InvalidArgumentError) as raised:
            histogram.record_batch(np.array([1, 2, -3, 4], dtype=np.int64))
        assert "-3" in raised.value.message
        assert (histogram.stats(), histogram.buckets()) == before


def test_empty_batch_records_nothing():
    with veloz.Histogram() as histogram:
        assert histogram.record_batch(np.array([], dtype=np.int64)) == 0
        assert histogram.count == 0


def test_batch_of_non_integers_is_a_type_error():
    with veloz.Histogram() as histogram:
        with pytest.raises(TypeError):
            histogram.record_batch([1.5, 2.5])
        with pytest.raises(TypeError):
            histogram.record_batch(None)


# -- range, clamping, errors -------------------------------------------------------------------


def test_values_above_highest_are_clamped_and_counted():
    with veloz.Histogram(lowest=1, highest=1000) as histogram:
        histogram.record(10)
        histogram.record(5000)
        histogram.record_batch(np.array([2000, 999], dtype=np.int64))
        stats = histogram.stats()
        assert stats.count == 4
        assert stats.clamped_count == 2
        assert stats.max == 1000
        assert histogram.percentile(100) == 1000


def test_negative_value_is_an_invalid_argument_and_records_nothing():
    with veloz.Histogram() as histogram:
        with pytest.raises(veloz.InvalidArgumentError):
            histogram.record(-1)
        with pytest.raises(veloz.InvalidArgumentError):
            histogram.record_n(5, -1)
        assert histogram.count == 0


def test_percentile_of_an_empty_histogram_is_an_empty_error():
    with veloz.Histogram() as histogram:
        with pytest.raises(veloz.EmptyError):
            histogram.percentile(50)
        with pytest.raises(veloz.EmptyError):
            histogram.percentiles([50, 99])


@pytest.mark.parametrize("p", [-0.1, 100.1, float("nan")])
def test_percentile_outside_0_to_100_is_an_invalid_argument(p):
    with veloz.Histogram() as histogram:
        histogram.record(1)
        with pytest.raises(veloz.InvalidArgumentError):
            histogram.percentile(p)


@pytest.mark.parametrize(
    "lowest, highest, digits",
    [(0, 1000, 3), (1, 1, 3), (10, 19, 3), (1, 1000, 0), (1, 1000, 6)],
    ids=["lowest 0", "highest below 2*lowest", "highest 19 for lowest 10", "0 digits", "6 digits"],
)
def test_invalid_configuration_is_an_invalid_argument(lowest, highest, digits):
    with pytest.raises(veloz.InvalidArgumentError):
        veloz.Histogram(lowest=lowest, highest=highest, significant_digits=digits)


def test_empty_histogram_stats_are_zero():
    with veloz.Histogram() as histogram:
        assert histogram.stats() == veloz.HistogramStats(0, 0, 0, 0.0, 0.0, 0)
        assert histogram.buckets() == []


# -- buckets, merge, reset ---------------------------------------------------------------------


def test_buckets_ascend_and_add_up_to_the_count(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 10**8, size=50_000, dtype=np.int64)  # many buckets: more than the first guess
    with veloz.Histogram() as histogram:
        histogram.record_batch(values)
        buckets = histogram.buckets()
        assert len(buckets) > 64
        assert [v for v, _ in buckets] == sorted(v for v, _ in buckets)
        assert sum(c for _, c in buckets) == len(values)
        assert all(c > 0 for _, c in buckets)
        as_array = histogram.buckets_array()
        assert as_array.dtype.names == ("value", "count")
        assert list(zip(as_array["value"].tolist(), as_array["count"].tolist())) == buckets


def test_merge_adds_the_other_histogram(seed):
    rng = np.random.default_rng(seed)
    a_values = rng.integers(1, 10**6, size=1000, dtype=np.int64)
    b_values = rng.integers(1, 10**6, size=500, dtype=np.int64)
    with veloz.Histogram() as a, veloz.Histogram() as b, veloz.Histogram() as both:
        a.record_batch(a_values)
        b.record_batch(b_values)
        both.record_batch(np.concatenate([a_values, b_values]))
        a.merge(b)
        assert a.stats() == both.stats()
        assert a.buckets() == both.buckets()
        assert b.count == 500  # the source is unchanged


def test_merge_clamps_values_beyond_the_target_range():
    with veloz.Histogram(highest=1000) as small, veloz.Histogram(highest=10**6) as large:
        large.record_batch([10, 50_000])
        small.merge(large)
        stats = small.stats()
        assert stats.count == 2 and stats.max == 1000


def test_merge_rejects_anything_but_a_histogram():
    with veloz.Histogram() as histogram:
        with pytest.raises(TypeError):
            histogram.merge([1, 2, 3])  # type: ignore[arg-type]


def test_reset_forgets_values_and_keeps_the_configuration():
    with veloz.Histogram(highest=1000) as histogram:
        histogram.record_batch([1, 2, 3, 5000])
        histogram.reset()
        assert histogram.stats() == veloz.HistogramStats(0, 0, 0, 0.0, 0.0, 0)
        histogram.record(5000)
        assert histogram.max == 1000  # still clamps at the configured highest


# -- lifetime ----------------------------------------------------------------------------------


def test_context_manager_closes():
    with veloz.Histogram() as histogram:
        histogram.record(1)
        assert not histogram.closed
    assert histogram.closed


def test_use_after_close_raises_a_clear_error_and_close_twice_is_fine():
    histogram = veloz.Histogram()
    histogram.close()
    histogram.close()
    for use in (
        lambda: histogram.record(1),
        lambda: histogram.record_n(1, 2),
        lambda: histogram.record_batch(np.arange(3, dtype=np.int64)),
        lambda: histogram.percentile(50),
        lambda: histogram.percentiles([50]),
        lambda: histogram.stats(),
        lambda: histogram.buckets(),
        lambda: histogram.reset(),
        lambda: histogram.handle,
    ):
        with pytest.raises(veloz.InvalidHandleError, match="Histogram is closed"):
            use()
    with pytest.raises(ValueError):  # like a closed file
        histogram.record(1)
    with pytest.raises(veloz.InvalidHandleError):
        with histogram:
            pass


def test_merge_with_a_closed_source_names_the_closed_one():
    with veloz.Histogram() as target:
        source = veloz.Histogram()
        source.close()
        with pytest.raises(veloz.InvalidHandleError, match="closed"):
            target.merge(source)


def test_garbage_collected_histogram_releases_its_handle():
    import gc

    histogram = veloz.Histogram()
    handle = histogram.handle
    del histogram
    gc.collect()
    # The handle is dead: the library rejects it (use the raw C API to prove it was destroyed).
    from veloz._library import library

    lib = library()
    import ctypes

    assert lib.veloz_histogram_record(ctypes.c_void_p(handle), 1) == veloz._capi.VELOZ_E_INVALID_HANDLE


def test_cannot_be_pickled():
    import pickle

    with veloz.Histogram() as histogram:
        with pytest.raises(TypeError):
            pickle.dumps(histogram)


def test_repr_shows_configuration_and_state():
    histogram = veloz.Histogram(lowest=1, highest=10**6, significant_digits=2)
    assert repr(histogram) == "<Histogram lowest=1, highest=1000000, significant_digits=2 empty>"
    histogram.record_batch([10, 20, 30])
    text = repr(histogram)
    assert "count=3" in text and "min=10" in text and "max=30" in text
    histogram.close()
    assert repr(histogram).endswith("closed>")
