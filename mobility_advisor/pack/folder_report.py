"""What a run did to a pack or cohort folder (Report, said by `describe`), and the refusals
of `packdir.claim`: a folder that exists, is not a folder, is not a pack, or has a bad record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mobility_advisor.rules.problems import InputError


class PackExistsError(InputError):
    """The output folder is not empty (or another run is writing it) and --force was not given."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path} already exists and is not empty: use --force to replace it")


class NotAFolderError(InputError):
    """The output path exists and is a file (or a symbolic link), not a folder."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path} exists and is not a folder: choose another output folder")


class NotAPackError(InputError):
    """--force on a non-empty folder that holds no manifest (or one of the other kind)."""

    def __init__(self, path: Path, kind: str, found: str | None = None):
        self.path, self.kind, self.found = path, kind, found  # found: the other kind, or None (no manifest)
        super().__init__(f"{path} is not empty and is not a {kind} folder: --force will not replace it")


class BadManifestError(InputError):
    """The folder's manifest is corrupt or foreign: nothing is replaced on its word."""

    def __init__(self, path: Path, why: str):
        self.path, self.why = path, why
        super().__init__(f"{path}: {why}")


@dataclass
class Report:
    """What a write did, for the run to say (paths relative to the folder)."""

    path: Path
    written: list[str] = field(default_factory=list)  # new or replaced tool files
    unchanged: list[str] = field(default_factory=list)  # already there with the same content
    beside: list[tuple[str, str]] = field(default_factory=list)  # (user's edited file, new version)
    kept_old: list[str] = field(default_factory=list)  # no longer produced, but edited: kept
    removed: list[str] = field(default_factory=list)  # no longer produced, unchanged: removed
    yours: int = 0  # files and folders at the top of the folder that the tool did not write
    linked: list[str] = field(default_factory=list)  # links on a named path: left alone, nothing through them


def describe(report: Report, lang: str) -> list[str]:
    """What --force kept, one line each, in `lang` (nothing for a new folder)."""
    from mobility_advisor.i18n.messages import msg

    lines = [msg("kept_edited", lang, file=rel, new=new) for rel, new in report.beside]
    lines += [msg("kept_old", lang, file=rel) for rel in report.kept_old]
    lines += [msg("kept_link", lang, file=rel) for rel in report.linked]
    if report.yours:
        lines.append(msg("kept_yours", lang, n=report.yours))
    return lines
