"""Importing WeasyPrint without searching for its libraries fifty times (Linux).

WeasyPrint loads Pango, HarfBuzz, fontconfig… by trying several names for each, Windows and
macOS ones first ("libgobject-2.0-0", "gobject-2.0-0", …). Each name that is no file goes to
`ctypes.util.find_library`, which on Linux runs `ldconfig -p`, then gcc, then ld: 54 processes
for one import, about 0.2 s of processor time and more on a busy machine, in every process
that prints. While WeasyPrint is imported here, `find_library` answers from one reading of
`ldconfig -p` (its own first way, with its own pattern): the same library when ldconfig knows it.
A name ldconfig does not know is still searched the slow way when the user points the linker
elsewhere (LD_LIBRARY_PATH, LIBRARY_PATH); and if the import fails, it is tried again as
WeasyPrint alone would do it, so nothing loads that would not have loaded without this module.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from functools import lru_cache


def import_weasyprint():
    """`import weasyprint`, with one reading of the library cache instead of fifty searches."""
    before = set(sys.modules)
    try:
        with _quick_find_library():
            import weasyprint
    except OSError:  # a library not loaded: tried again, WeasyPrint's own way
        for name in set(sys.modules) - before:
            del sys.modules[name]
        import weasyprint
    return weasyprint


@contextmanager
def _quick_find_library():
    import ctypes.util

    slow = ctypes.util.find_library
    if not sys.platform.startswith("linux") or _ldconfig() is None:
        yield
        return
    elsewhere = bool(os.environ.get("LD_LIBRARY_PATH") or os.environ.get("LIBRARY_PATH"))

    def find_library(name: str):
        found = from_ldconfig(name)
        if found is None and elsewhere:
            return slow(name)
        return found

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = slow


def from_ldconfig(name: str) -> str | None:
    """The library file name `ctypes.util.find_library(name)` finds in ldconfig's cache, or None."""
    listing = _ldconfig()
    if listing is None:
        return None
    # ctypes.util._findSoname_ldconfig's pattern: this machine's ABI, the first match
    found = re.search(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), _abi_type()), listing)
    return found.group(1) if found else None


@lru_cache(maxsize=1)
def _ldconfig() -> str | None:
    import subprocess

    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        done = subprocess.run(["/sbin/ldconfig", "-p"], env=env, capture_output=True, text=True,
                              errors="replace", check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _abi_type() -> str:
    # as ctypes.util._findSoname_ldconfig names this machine in ldconfig's listing
    import struct

    machine = os.uname().machine + "-32"
    if struct.calcsize("l") == 8:
        machine = os.uname().machine + "-64"
    mach_map = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
                "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}
    return re.escape(mach_map.get(machine, "libc6"))
