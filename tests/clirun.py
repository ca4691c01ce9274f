"""`mobility-advisor ARGS` run as a user would, in a subprocess, for the tests.

The command runs this checkout (PYTHONPATH), in the language asked (a short code or a full
locale), on a fixed day (MOBILITY_ADVISOR_TODAY), with state and configuration folders of its
own under `home` (never the tester's profile nor sessions), and never prints a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES = {"fr": "fr_FR.UTF-8", "en": "en_GB.UTF-8", "es": "es_ES.UTF-8", "ca": "ca_ES.UTF-8", "de": "de_DE.UTF-8"}


def run(cwd: Path, *args: str, today: str = "2026-11-24", lang: str = "fr", home: Path | None = None,
        timeout: int = 300) -> subprocess.CompletedProcess:
    home = home or cwd
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": today, "PYTHONPATH": str(ROOT),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
           "LANG": lang if "_" in lang or "." in lang else LOCALES.get(lang, "C.UTF-8")}
    env.pop("LC_ALL", None)
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stdout + r.stderr, r.stdout + r.stderr
    return r
