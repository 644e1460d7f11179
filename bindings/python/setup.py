"""What pyproject.toml cannot declare statically: the version and the platform tag of the veloz wheel.

- The version is VELOZ_VERSION_MAJOR.MINOR.PATCH of ``veloz/_capi.py``, which tools/HeaderGen generates from
  the Interop assembly, whose numbers come from ``VelozVersion`` in Directory.Build.props (the one place of the
  version). ``veloz.__version__`` is made from the same constants.
- The wheel carries ``libveloz.so``, a Linux x86-64 binary called through ctypes, and no extension module: it
  runs on any Python 3 of that platform, so it is tagged ``py3-none-linux_x86_64`` (not pure, not tied to one
  CPython ABI, and not manylinux, since no auditwheel check has vouched for that).
"""

import ast
import os
import sys

from setuptools import Distribution, setup
from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.join(HERE, "veloz")


def version() -> str:
    constants = {}
    with open(os.path.join(PACKAGE, "_capi.py"), encoding="utf-8") as source:
        for node in ast.parse(source.read()).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if name.startswith("VELOZ_VERSION_") and isinstance(node.value, ast.Constant):
                    constants[name] = node.value.value
    return "{VELOZ_VERSION_MAJOR}.{VELOZ_VERSION_MINOR}.{VELOZ_VERSION_PATCH}".format(**constants)


def require_package_files() -> None:
    library = os.path.join(PACKAGE, "libveloz.so")
    if not os.path.isfile(library):
        sys.exit(
            f"setup.py: {library} is missing. Build the library first: `dotnet cake --target=Native` copies it "
            "there (or copy a published libveloz.so.<version> to that path)."
        )
    header = os.path.join(PACKAGE, "veloz.h")
    if not os.path.isfile(header):
        sys.exit(f"setup.py: {header} is missing (it is a link to include/veloz.h of the repository)")


class BinaryDistribution(Distribution):
    """Holds a native library: installed to platlib, and the wheel is not pure."""

    def has_ext_modules(self) -> bool:
        return True


class PlatformWheel(bdist_wheel):
    """A platform wheel for any Python 3: py3-none-<platform>."""

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform

    def run(self) -> None:
        require_package_files()
        super().run()


setup(version=version(), distclass=BinaryDistribution, cmdclass={"bdist_wheel": PlatformWheel})
