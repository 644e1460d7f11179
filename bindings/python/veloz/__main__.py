"""``python -m veloz``: what this installation is, where its library is, and which clock it reads.

Prints the package version, the version and path of the loaded ``libveloz.so``, the clock's source and
calibration, and the include folder for C and Cython builds; exits with status 1 (and the reason) if the
library cannot be loaded.
"""

from __future__ import annotations

import sys


def main() -> int:
    try:
        import veloz
        from veloz import clock

        major, minor, patch = veloz.library_version()
        info = clock.info()
    except Exception as e:  # a broken installation: say why instead of a traceback
        print(f"veloz: cannot load the library: {e}", file=sys.stderr)
        return 1
    print(f"veloz {veloz.__version__} (library {major}.{minor}.{patch})")
    print(f"library: {veloz.library_path()}")
    print(
        f"clock source: {info.source} (invariant TSC: {'yes' if info.invariant_tsc else 'no'}, "
        f"{info.ticks_per_second / 1e9:.3f} GHz, calibration error {info.error_ns} ns)"
    )
    print(f"include: {veloz.get_include()} (cc -I for veloz.h; Cython: from veloz cimport capi)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
