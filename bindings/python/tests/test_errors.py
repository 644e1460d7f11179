"""Failures become VelozError subclasses carrying the status and the library's own message."""

import ctypes
import pickle

import pytest

import veloz
from veloz import _capi, _library, _status, errors


def test_invalid_argument_carries_the_library_message_naming_the_bad_value():
    with veloz.Histogram() as histogram:
        with pytest.raises(veloz.InvalidArgumentError) as raised:
            histogram.record(-5)
    error = raised.value
    assert error.status == _capi.VELOZ_E_INVALID_ARGUMENT
    assert error.status_name == "VELOZ_E_INVALID_ARGUMENT"
    # The text is the library's (read through veloz_last_error_message), not made up in Python.
    assert error.message == _status.last_error_message()
    assert "-5" in error.message
    assert error.message in str(error) and "VELOZ_E_INVALID_ARGUMENT" in str(error)


def test_invalid_argument_is_also_a_ValueError():
    with veloz.Histogram() as histogram:
        with pytest.raises(ValueError):
            histogram.record(-1)


def test_not_found_is_a_LookupError_with_the_library_message():
    with veloz.TimeSync() as sync:
        with pytest.raises(LookupError) as raised:
            sync.to_exchange(7, 1_000)
    assert isinstance(raised.value, veloz.NotFoundError)
    assert raised.value.status == _capi.VELOZ_E_NOT_FOUND
    assert raised.value.message == _status.last_error_message()
    assert "7" in raised.value.message


@pytest.mark.parametrize(
    "status, cls, builtin",
    [
        (_capi.VELOZ_E_INVALID_ARGUMENT, veloz.InvalidArgumentError, ValueError),
        (_capi.VELOZ_E_INVALID_HANDLE, veloz.InvalidHandleError, ValueError),
        (_capi.VELOZ_E_NOT_FOUND, veloz.NotFoundError, LookupError),
        (_capi.VELOZ_E_DUPLICATE, veloz.DuplicateError, None),
        (_capi.VELOZ_E_FULL, veloz.FullError, None),
        (_capi.VELOZ_E_EMPTY, veloz.EmptyError, None),
        (_capi.VELOZ_E_OUT_OF_MEMORY, veloz.OutOfMemoryError, MemoryError),
        (_capi.VELOZ_E_BUFFER_TOO_SMALL, veloz.BufferTooSmallError, None),
        (_capi.VELOZ_E_STATE, veloz.StateError, None),
        (_capi.VELOZ_E_INTERNAL, veloz.InternalError, None),
        (_capi.VELOZ_E_UNSUPPORTED, veloz.UnsupportedError, None),
        (_capi.VELOZ_E_SEQUENCE_GAP, veloz.SequenceGapError, None),
        (-13, veloz.RejectedError, None),  # VELOZ_E_REJECTED
    ],
)
def test_each_status_maps_to_its_own_class(status, cls, builtin):
    error = errors.error_for_status(status, "message")
    assert type(error) is cls
    assert isinstance(error, veloz.VelozError)
    if builtin is not None:
        assert isinstance(error, builtin)
    assert error.status == status
    assert error.status_name == _library.library().veloz_status_name(status).decode()


def test_every_library_status_has_a_class():
    for status in _capi.STATUS_NAMES:
        if status != _capi.VELOZ_OK:
            assert type(errors.error_for_status(status)) is not veloz.VelozError


def test_unknown_status_gives_the_base_class():
    error = errors.error_for_status(-999, "from the future")
    assert type(error) is veloz.VelozError
    assert error.status_name == "VELOZ_E_UNKNOWN"


def test_check_passes_ok_and_raises_with_the_last_message():
    _status.check(_capi.VELOZ_OK)
    with veloz.Histogram() as histogram:
        with pytest.raises(veloz.InvalidArgumentError):
            histogram.record(-3)
    with pytest.raises(veloz.InvalidArgumentError) as raised:
        _status.check(_capi.VELOZ_E_INVALID_ARGUMENT)
    assert "-3" in raised.value.message


def test_messages_longer_than_the_first_buffer_are_read_in_full(monkeypatch):
    long_message = ("x" * 300 + "é" * 200).encode("utf-8")

    class FakeLibrary:
        calls = []

        # snprintf-like, as veloz_last_error_message: copy what fits, return the full length.
        def veloz_last_error_message(self, buffer, capacity):
            self.calls.append(capacity)
            n = min(len(long_message), capacity - 1)
            ctypes.memmove(buffer, long_message, n)
            buffer[n] = b"\0"
            return len(long_message)

    fake = FakeLibrary()
    monkeypatch.setattr(_library, "library", lambda: fake)
    assert _status.last_error_message() == long_message.decode("utf-8")
    assert fake.calls == [256, len(long_message) + 1]


def test_errors_survive_pickling():
    error = errors.error_for_status(_capi.VELOZ_E_FULL, "queue full")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is veloz.FullError
    assert (copy.status, copy.message) == (error.status, error.message)


def test_repr_shows_status_name_and_message():
    error = errors.error_for_status(_capi.VELOZ_E_EMPTY, "histogram is empty")
    assert repr(error) == "EmptyError(VELOZ_E_EMPTY, 'histogram is empty')"


def test_each_thread_reads_its_own_error_message():
    # ctypes releases the GIL during a call, so failures on two threads interleave; the library
    # keeps the last error per thread, and each exception must carry its own thread's message.
    import threading

    mismatches = []

    def fail_repeatedly(bad_value):
        with veloz.Histogram() as histogram:
            for _ in range(2000):
                try:
                    histogram.record(bad_value)
                except veloz.InvalidArgumentError as e:
                    if not e.message.endswith(f"got {bad_value}"):
                        mismatches.append((bad_value, e.message))

    threads = [threading.Thread(target=fail_repeatedly, args=(-(10**k) - 7,)) for k in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert mismatches == []


def test_a_status_newer_than_the_package_is_named_by_the_library(monkeypatch):
    # As if _capi.py had been generated before VELOZ_E_FULL existed: errors.py alone cannot name
    # it, and the exception raised for a failed call carries the library's name.
    names = dict(_capi.STATUS_NAMES)
    del names[_capi.VELOZ_E_FULL]
    monkeypatch.setattr(_capi, "STATUS_NAMES", names)
    assert errors.status_name(_capi.VELOZ_E_FULL) == "VELOZ_E_UNKNOWN"
    error = _status.current_error(_capi.VELOZ_E_FULL)
    assert error.status_name == "VELOZ_E_FULL"
    assert pickle.loads(pickle.dumps(error)).status_name == "VELOZ_E_FULL"
