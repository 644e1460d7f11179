"""The Cython path of an installed wheel, as a user takes it: run by build.cake's wheel test with the venv's Python,
in a scratch folder outside the source tree. It compiles a tiny extension that does ``from veloz cimport capi``
(``cython -I <the folder holding the veloz package>`` finds ``veloz/capi.pxd``: Cython 0.29 does not search
sys.path), compiles the C with ``-I veloz.get_include()`` (the folder of ``veloz.h``) and links
``veloz.library_path()``, imports it and reads the clock inside ``nogil``.

``import veloz`` comes first: it loads libveloz.so (SONAME libveloz.so.0), which is how the extension's dependency
on libveloz.so.0 is satisfied when it is imported (the package folder holds only ``libveloz.so``).
"""

import importlib.util
import os
import subprocess
import sys
import sysconfig
import time

import veloz

PYX = """
# cython: language_level=3
from veloz cimport capi

def now_ns():
    cdef long long t
    with nogil:
        t = capi.veloz_clock_now_ns()
    return t

def version():
    return capi.veloz_version()
"""


def main() -> int:
    name = "veloz_cimport_probe"
    with open(name + ".pyx", "w", encoding="utf-8") as pyx:
        pyx.write(PYX)
    packages = os.path.dirname(os.path.dirname(os.path.abspath(veloz.__file__)))
    subprocess.run([sys.executable, "-m", "cython", "-3", "-I", packages, name + ".pyx", "-o", name + ".c"], check=True)
    extension = name + sysconfig.get_config_var("EXT_SUFFIX")
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-I", sysconfig.get_paths()["include"], "-I", veloz.get_include(),
         name + ".c", veloz.library_path(), "-o", extension],
        check=True,
    )  # fmt: skip
    spec = importlib.util.spec_from_file_location(name, os.path.abspath(extension))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    before = time.time_ns()
    now = module.now_ns()
    major, minor, patch = veloz.library_version()
    ok = abs(now - before) < 1_000_000_000 and module.version() == (major << 16) | (minor << 8) | patch
    print(f"cimport veloz.capi: veloz_clock_now_ns() = {now} in a nogil block, veloz_version() = {module.version():#08x}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
