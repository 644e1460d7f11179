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
