"""What the Python benchmark scripts share: the Markdown result table, and building a Cython probe
(a small .pyx that does ``from veloz cimport capi``) against veloz.h and libveloz.so."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import tempfile
from typing import Any, List, Sequence

import veloz


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Markdown table under ``title``: the first column left-aligned, the others right-aligned."""
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) + " |")


def build_cython_probe(source: str, module_name: str) -> Any:
    """Cythonizes ``source`` against veloz/capi.pxd, compiles it with gcc against veloz.h, links
    libveloz.so and imports it as ``module_name``; returns the module (raises on failure)."""

    def run(command: List[str]) -> None:
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {(result.stdout + result.stderr).strip()[-2000:]}")

    bindings_python = os.path.dirname(os.path.dirname(os.path.abspath(veloz.__file__)))
    library = os.path.realpath(veloz.library_path())
    cython = ["/usr/bin/cython3"] if os.path.exists("/usr/bin/cython3") else [sys.executable, "-m", "cython"]
    with tempfile.TemporaryDirectory(prefix=module_name + "_") as work:
        pyx = os.path.join(work, module_name + ".pyx")
        with open(pyx, "w") as f:
            f.write(source)
        c_file = pyx[:-4] + ".c"
        run(cython + ["-3", "-I", bindings_python, pyx, "-o", c_file])
        extension = os.path.join(work, module_name + sysconfig.get_config_var("EXT_SUFFIX"))
        run(["gcc", "-shared", "-fPIC", "-O2", "-I", sysconfig.get_paths()["include"], "-I", veloz.get_include(),
             c_file, library, "-Wl,-rpath," + os.path.dirname(library), "-o", extension])  # fmt: skip
        spec = importlib.util.spec_from_file_location(module_name, extension)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # loaded: the file may go away with the directory
    return module
