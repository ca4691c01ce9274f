"""The user's cache folder, shared by the compiled templates and the loaded rule tree."""

from __future__ import annotations

import os
from pathlib import Path

NO_CACHE_ENV = "MOBILITY_ADVISOR_NO_CACHE"


def cache_dir() -> Path | None:
    """This version's folder in the user's cache ($XDG_CACHE_HOME/mobility-advisor/<version>),
    created if need be; None when caching is off (MOBILITY_ADVISOR_NO_CACHE=1) or the folder
    cannot be used safely (not ours, writable by others, read-only file system...)."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    from mobility_advisor import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    folder = Path(base) / "mobility-advisor" / __version__
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
        if (hasattr(os, "getuid") and st.st_uid != os.getuid()) or st.st_mode & 0o022 or not os.access(
                folder, os.W_OK):
            return None  # someone else could plant compiled code there
    except OSError:
        return None
    return folder
