"""Shared fixtures. Makes `import veloz` work from the repository root and from bindings/python
without installing the package (bindings/python goes first on sys.path)."""

import os
import random
import sys

import pytest

BINDINGS_PYTHON = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if BINDINGS_PYTHON not in sys.path:
    sys.path.insert(0, BINDINGS_PYTHON)


@pytest.fixture
def seed(request) -> int:
    """A random seed, printed so a failure can be replayed with VELOZ_TEST_SEED=<seed>."""
    value = int(os.environ.get("VELOZ_TEST_SEED", random.randrange(1 << 32)))
    print(f"{request.node.name}: seed={value} (replay with VELOZ_TEST_SEED={value})")
    return value


REPOSITORY_ROOT = os.path.dirname(os.path.dirname(BINDINGS_PYTHON))
LOBSTER_MESSAGES = "AMZN_2012-06-21_34200000_57600000_message_1.csv"


@pytest.fixture(scope="session")
def data_dir() -> str:
    """The market-data folder: $VELOZ_DATA, else data/ in the repository root."""
    path = os.environ.get("VELOZ_DATA") or os.path.join(REPOSITORY_ROOT, "data")
    if not os.path.isdir(path):
        pytest.fail(f"market data folder {path} not found; set VELOZ_DATA to the folder holding {LOBSTER_MESSAGES}")
    return path


@pytest.fixture(scope="session")
def lobster_messages_path(data_dir) -> str:
    path = os.path.join(data_dir, LOBSTER_MESSAGES)
    if not os.path.isfile(path):
        pytest.fail(f"{path} not found (VELOZ_DATA={os.environ.get('VELOZ_DATA')!r})")
    return path
