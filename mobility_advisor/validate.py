"""`mobility-advisor validate`: every problem of the rule files, as text for people or CI."""

from __future__ import annotations

import sys
from pathlib import Path

from .problems import Problem


def collect(paths: list[Path] | None) -> list[Problem]:
    """Structure, then meaning: every problem found, errors and warnings."""
    from .checks import check
    from .loader import load

    tree, problems = load(paths or None)
    if tree is not None:
        problems += check(tree)
    return problems


def run(paths: list[Path] | None, strict: bool = False) -> int:
    problems = collect(paths)
    if strict:
        problems = [Problem(p.at, p.message, "error", p.code) for p in problems]
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
