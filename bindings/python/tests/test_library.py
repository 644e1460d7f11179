"""Loading libveloz.so: search order, version check, binding."""

import ctypes.util
import os

import pytest

import veloz
from veloz import _capi, _library
from veloz.errors import LibraryLoadError


def test_package_loads_a_library_whose_major_version_matches():
    major, minor, patch = veloz.library_version()
    assert major == _capi.VELOZ_VERSION_MAJOR
    assert veloz.__version__ == f"{_capi.VELOZ_VERSION_MAJOR}.{_capi.VELOZ_VERSION_MINOR}.{_capi.VELOZ_VERSION_PATCH}"
    assert os.path.basename(veloz.library_path()).startswith("libveloz.so")


def test_library_named_by_VELOZ_LIBRARY_is_the_one_loaded():
    override = os.environ.get("VELOZ_LIBRARY")
    if override:
        assert veloz.library_path() == override
    else:
        assert veloz.library_path() in _library.candidate_paths()


def test_library_of_another_major_version_is_refused_with_a_clear_message(monkeypatch):
    path = veloz.library_path()
    actual_major = veloz.library_version()[0]
    monkeypatch.setattr(_capi, "VELOZ_VERSION_MAJOR", actual_major + 1)
    with pytest.raises(LibraryLoadError) as raised:
        _library.load_library(path)
    message = str(raised.value)
    assert path in message
    assert f"ABI major version {actual_major + 1}" in message
    assert "major versions must match" in message


def test_refusal_happens_before_any_function_is_bound(monkeypatch):
    bound = []
    monkeypatch.setattr(_capi, "VELOZ_VERSION_MAJOR", veloz.library_version()[0] + 3)
    monkeypatch.setattr(_capi, "bind", lambda lib: bound.append(lib))
    with pytest.raises(LibraryLoadError):
        _library.load_library(veloz.library_path())
    assert bound == []


def test_missing_library_error_lists_every_place_tried(monkeypatch, tmp_path):
    missing = str(tmp_path / "nowhere" / "libveloz.so")
    monkeypatch.setenv("VELOZ_LIBRARY", missing)
    monkeypatch.setattr(_library, "_library", None)
    monkeypatch.setattr(_library, "_library_path", None)
    with pytest.raises(LibraryLoadError) as raised:
        _library.library()
    assert missing in str(raised.value)
    assert "VELOZ_LIBRARY" in str(raised.value)


def test_without_VELOZ_LIBRARY_the_package_folder_and_the_checkout_are_searched(monkeypatch):
    monkeypatch.delenv("VELOZ_LIBRARY", raising=False)
    paths = _library.candidate_paths()
    package_dir = os.path.dirname(os.path.abspath(veloz.__file__))
    assert paths[0] == os.path.join(package_dir, "libveloz.so")
    assert paths[1].endswith(os.path.join("artifacts", "lib", "libveloz.so"))
    assert paths[2] == f"libveloz.so.{_capi.VELOZ_VERSION_MAJOR}"


def test_a_file_that_is_not_a_shared_library_is_reported(tmp_path):
    bogus = tmp_path / "libveloz.so"
    bogus.write_bytes(b"not an ELF file")
    with pytest.raises(LibraryLoadError) as raised:
        _library.load_library(str(bogus))
    assert str(bogus) in str(raised.value)


def test_a_library_without_veloz_version_is_refused():
    libc = ctypes.util.find_library("c")
    with pytest.raises(LibraryLoadError, match="not a VeloZ library"):
        _library.load_library(libc)


def test_status_names_agree_with_the_library():
    lib = _library.library()
    for status, name in _capi.STATUS_NAMES.items():
        assert lib.veloz_status_name(status).decode() == name
    assert lib.veloz_status_name(12345).decode() == "VELOZ_E_UNKNOWN"


def test_get_include_points_at_veloz_h():
    assert os.path.isfile(os.path.join(veloz.get_include(), "veloz.h"))
