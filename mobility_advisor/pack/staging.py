"""The hidden folder a run writes a pack into before moving it in place (Stage), and the names
the tool may write or remove in a pack folder (see packdir for the guarantees).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.rules.problems import InputError

STAGE_PREFIX = ".mobility-advisor.tmp-"


def file_digest(path: Path) -> str | None:
    """The file's sha256; None for a folder, a symbolic link or anything unreadable (the user's)."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return manifest_mod.file_sha256(path)
    except OSError:
        return None


# The names of the files the tool writes (a document, its formats, a version written beside an
# edited file, the calendar, a cohort's summary): only such a name is ever removed, so that a
# manifest claiming a file of the user's (NOTES.txt, a scan) cannot make the tool delete it.
_TOOL_FILE = re.compile(r"[a-z0-9][a-z0-9_-]*(\.new(-[0-9]+)?)?\.(md|docx|odt|html|pdf|ics|csv|xlsx|ods)")


def tool_name(rel: str) -> bool:
    """Whether `rel`'s file name is one the tool writes (see _TOOL_FILE)."""
    return _TOOL_FILE.fullmatch(rel.rpartition("/")[2]) is not None


def linked_part(root: Path, rel: str) -> str | None:
    """The first folder on `rel`'s path under `root` that is a symbolic link ("scans" in
    "scans/victim.txt"), or None. Nothing is written, replaced or removed through such a link:
    where it leads is the user's, even when it leads back into the pack."""
    parts = rel.split("/")[:-1]
    path = root
    for i, part in enumerate(parts):
        path = path / part
        if path.is_symlink():
            return "/".join(parts[: i + 1])
    return None


def removals(root: Path, old: manifest_mod.Manifest, produced: set[str]) -> tuple[list[str], list[str], list[str]]:
    """What a write of `produced` into the pack at `root` would do with the old tool files it no
    longer has: (removed, kept as the user's, left alone behind a link); for `update --dry-run`."""
    removed, kept, linked = [], [], []
    for rel, digest in sorted(old.files.items()):
        if rel in produced:
            continue
        link = linked_part(root, rel)
        path = root / rel
        if link is not None:
            if link not in linked:
                linked.append(link)
        elif not (path.exists() or path.is_symlink()):
            continue
        elif tool_name(rel) and file_digest(path) == digest:
            removed.append(rel)
        else:
            kept.append(rel)
    return removed, kept, linked


def safe_name(name: str) -> str:
    """A plain file name (no folder, not hidden): what a template may name."""
    if (not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\\" in name
            or "\x00" in name or os.path.isabs(name) or (len(name) > 1 and name[1] == ":")
            or name.startswith(".")):
        raise InputError(f"refusing to write {name!r}: a pack file name must be a plain file name")
    return name


class Stage:
    """The hidden folder the files are written to before they are moved into place."""

    def __init__(self, path: Path):
        self.path = path
        self.digests: dict[str, str] = {}

    def write(self, rel: str, data: str | bytes) -> None:
        """One file, `rel` being "name" or "folder/name"; text as UTF-8 without newline
        translation (calendar.ics keeps its CRLF, Markdown its LF)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self.path / rel
        if "/" in rel:
            path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as fh:
            fh.write(raw)
        self.digests[rel] = manifest_mod.sha256(raw)

    def write_pack(self, files: Mapping[str, str | bytes], prefix: str = "") -> None:
        """A pack's files ({plain name: content}), under `prefix/` when given (a cohort's learner)."""
        names = [safe_name(n) for n in files]
        if prefix:
            safe_name(prefix)
            (self.path / prefix).mkdir()
        for name in names:
            self.write(f"{prefix}/{name}" if prefix else name, files[name])

    def write_record(self, record: manifest_mod.Manifest, prefix: str) -> None:
        """A cohort learner's own manifest, listing the files staged under `prefix/` (which this
        stage then forgets: the cohort's process keeps nothing per file)."""
        head = prefix + "/"
        mine = [rel for rel in self.digests if rel.startswith(head)]
        record.files = {rel[len(head):]: self.digests.pop(rel) for rel in mine}
        with open(self.path / prefix / manifest_mod.FILE_NAME, "x", encoding="utf-8") as fh:
            fh.write(record.to_json())
