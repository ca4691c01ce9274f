"""Unfinished wizard sessions: the answers typed so far, kept until the pack is written.

Each `ask` session has its own file in `$XDG_STATE_HOME/mobility-advisor/sessions/`
(`~/.local/state/...` by default), named by the time it started and its process id, so a
new session never overwrites another one. The file is an ordinary answers file (version,
lang, answers: it even replays with `--answers` once complete), so it keeps the session's
language. It is saved after every answer and right after "Write the pack", and removed
only once the pack is written: Ctrl-C, an error while writing, or a crash keep it.
The folder is private (0700) and every file too (0600): names, employers and dates are
personal data. `ask --resume` goes on with the only unfinished session, or asks which one
when there are several. A `resume.yaml` left by an earlier version is offered too.

The options the session was started with (-o, --format, --save-answers, --host-lang,
--profile, --force) are kept beside it, in `NAME.options.json`, so that a resumed session
writes the pack where and as the first run would have.
"""

from __future__ import annotations

import os
import time
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "mobility-advisor"


def folder() -> Path:
    return state_dir() / "sessions"


def new_path() -> Path:
    """A file name no other session has: the start time and this process's id."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return folder() / f"{stamp}-{os.getpid()}.yaml"


@dataclass(frozen=True)
class Session:
    path: Path
    lang: str | None
    answers: dict[str, Any]
    stopped: datetime
    outcomes: Any = None  # raw `outcomes:`: the learning outcomes entered so far (wizard_outcomes)
    options: dict[str, Any] = field(default_factory=dict)  # the ask options it was started with (OPTIONS)

    @property
    def name(self) -> str:
        return str(self.answers.get("learner.name") or "")


def pending() -> list[Session]:
    """The unfinished sessions, most recent first; a file that cannot be read is left alone."""
    from mobility_advisor.inputs.answers import load
    from mobility_advisor.rules.problems import InputError

    paths = sorted(folder().glob("*.yaml")) if folder().is_dir() else []
    legacy = state_dir() / "resume.yaml"
    if legacy.is_file():
        paths.append(legacy)
    found = []
    for p in paths:
        try:
            af = load(p)
            stopped = datetime.fromtimestamp(p.stat().st_mtime)
        except (InputError, OSError):
            continue
        found.append(Session(p, af.lang, af.answers, stopped, af.outcomes, read_options(p)))
    return sorted(found, key=lambda s: s.stopped, reverse=True)


def save(path: Path, answers: Mapping[str, Any], lang: str, learning: Any = None) -> None:
    """Write the session file atomically, readable by its owner only (folder 0700, file 0600)."""
    from mobility_advisor.inputs.answers import dump
    from mobility_advisor.core.fsutil import atomic_write

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.parent.stat().st_mode & 0o077:
        os.chmod(path.parent, 0o700)
    atomic_write(path, dump(answers, lang, learning), mode=0o600)


def discard(path: Path) -> None:
    """The pack is written: the session is over."""
    for p in (path, options_path(path)):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


# --- the options of a session -------------------------------------------------------------

OPTIONS = {"output": str, "format": str, "save_answers": str, "host_lang": str, "profile": str, "force": bool}


def options_path(path: Path) -> Path:
    return path.with_name(path.stem + ".options.json")


def save_options(path: Path, options: Mapping[str, Any]) -> None:
    """Keep the session's options beside it (private, like the session); OSError if it cannot."""
    from mobility_advisor.core.fsutil import atomic_write

    kept = {k: v for k, v in options.items() if k in OPTIONS and v not in (None, "", False)}
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(options_path(path), json.dumps(kept, ensure_ascii=False) + "\n", mode=0o600)


def read_options(path: Path) -> dict[str, Any]:
    """The options kept beside a session ({} when there are none, or they cannot be trusted)."""
    try:
        with open(options_path(path), "rb") as fh:
            doc = json.loads(fh.read(65536).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(doc, dict):
        return {}
    return {k: v for k, v in doc.items() if k in OPTIONS and type(v) is OPTIONS[k]}
