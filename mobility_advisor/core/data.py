"""Where the shipped rules, templates and schema are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent.parent  # core/ is a folder of the package


def shipped(name: str) -> Path:
    """`rules`, `templates` or `schema`: inside the wheel, else at the repository's top."""
    inside = _PKG / "_data" / name
    return inside if inside.is_dir() else _PKG.parent / name


def display(path: Path) -> str:
    """A path as the user should read it: relative to the working folder when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a link that loops (3.11: RuntimeError)
        return str(path)
