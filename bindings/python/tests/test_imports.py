"""Every module of the package imports on its own, and the package's modules import each other
without a circle (veloz.errors is a leaf; the loader and veloz._status depend on it).

Two checks, because each misses what the other sees:

- A fresh interpreter imports each module first, once through the package (``import veloz.X``, as
  users do) and once with the package's ``__init__`` left out, so that the module's own imports
  decide the order. A circle of module-level ``from .x import name`` imports fails there with an
  ImportError for some entry module, which ``import veloz.X`` alone can hide: ``veloz/__init__.py``
  always runs first and imports the modules in an order that may happen to work.
- A circle through a function-level ("lazy") import, or one whose names are defined before the
  circle closes, does not fail at import time, so the import statements of every module, wherever
  they are in it, are read with ``ast`` and the graph they make must have no cycle.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from typing import Dict, List, Optional, Set

import pytest

import veloz

PACKAGE_DIR = os.path.dirname(os.path.abspath(veloz.__file__))
BINDINGS_PYTHON = os.path.dirname(PACKAGE_DIR)


def python_modules(directory: str) -> List[str]:
    """The package's Python modules (``libveloz.so`` in the folder is the library, not a module)."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules([directory])
        if not info.ispkg and os.path.isfile(os.path.join(directory, f"{info.name}.py"))
    )


MODULES = python_modules(PACKAGE_DIR)
PACKAGE = "veloz"  # the node of veloz/__init__.py in the import graph

# Imports veloz.<name> with a bare package object in sys.modules instead of running __init__.py.
WITHOUT_INIT = """
import sys, types
package = types.ModuleType("veloz")
package.__path__ = [{directory!r}]
sys.modules["veloz"] = package
import importlib
importlib.import_module("veloz." + {name!r})
"""


def _run(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (BINDINGS_PYTHON, env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=BINDINGS_PYTHON
    )


def test_the_package_has_the_modules_this_test_expects():
    # The lists come from the folder, so a new module is checked without editing this test.
    for name in ("errors", "_library", "_status", "_handle", "book", "histogram", "timesync", "depth_book"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_imports_first_in_a_fresh_interpreter(name):
    result = _run(f"import veloz.{name}")
    assert result.returncode == 0, f"python3 -c 'import veloz.{name}' failed:\n{result.stderr}"


@pytest.mark.parametrize("name", MODULES)
def test_module_imports_first_without_the_package_init(name):
    result = _run(WITHOUT_INIT.format(directory=PACKAGE_DIR, name=name))
    assert result.returncode == 0, f"veloz.{name} does not import on its own (without veloz/__init__.py):\n{result.stderr}"


def package_imports(directory: str) -> Dict[str, Set[str]]:
    """module -> the package modules it imports anywhere in its source (top level, functions,
    TYPE_CHECKING blocks); ``veloz`` stands for ``__init__.py``."""
    modules = set(python_modules(directory))

    def target(base: Optional[str], alias: Optional[str]) -> str:
        # `from . import x` / `from veloz import x`: x is a module, or a name of __init__.py.
        if base is None:
            return alias if alias in modules else PACKAGE
        return base.split(".")[0]

    graph: Dict[str, Set[str]] = {}
    for name in sorted(modules) + [PACKAGE]:
        path = os.path.join(directory, "__init__.py" if name == PACKAGE else f"{name}.py")
        with open(path, encoding="utf-8") as source:
            tree = ast.parse(source.read(), path)
        edges: Set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level == 1 or (node.level == 0 and node.module and node.module.split(".")[0] == "veloz"):
                    base = node.module if node.level == 1 else (node.module.partition(".")[2] or None)
                    for alias in node.names:
                        edges.add(target(base, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "veloz":
                        edges.add(parts[1] if len(parts) > 1 else PACKAGE)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: Dict[str, Set[str]]) -> Optional[List[str]]:
    """One cycle of the graph as [a, b, ..., a], or None."""
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(node: str) -> Optional[List[str]]:
        state[node] = 1
        path.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == 1:
                return path[path.index(successor):] + [successor]
            if successor not in state:
                found = visit(successor)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_package_import_graph_has_no_cycle_not_even_through_lazy_imports():
    graph = package_imports(PACKAGE_DIR)
    # __init__.py imports every public module; it is the root, so its own edges cannot close a
    # circle unless a module imports the package itself, which the graph then shows.
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_errors_is_a_leaf_that_imports_only_the_generated_declarations():
    assert package_imports(PACKAGE_DIR)["errors"] == {"_capi"}


def test_the_cycle_finder_sees_a_lazy_circle():
    # The check above must be able to fail: the shape of the circle this package used to have.
    graph = {"errors": {"_capi", "_library"}, "_library": {"errors", "_capi"}, "_capi": set()}
    assert find_cycle(graph) == ["_library", "errors", "_library"]
