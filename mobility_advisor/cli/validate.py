"""`mobility-advisor validate`: every problem of the rule files, for people or for CI.

Three formats (documented in docs/validate.md):

- `text`: one `file:line:col: severity: message` line per problem on stdout, a count on stderr;
- `json`: one object, `{"version": 1, "ok", "errors", "warnings", "problems": [...]}`;
- `github`: GitHub Actions workflow commands (`::error file=…,line=…::message`).

Exit status: 0 when there is no error (warnings allowed unless `strict`), 1 when
there is one. Usage errors (exit 2) are the command line's business.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from mobility_advisor.cli.problem_words import in_language
from mobility_advisor.i18n.catalogues import NC_, NP_, N_, Message, messages
from mobility_advisor.rules.model import Location
from mobility_advisor.rules.problems import Problem

FORMATS = ("text", "json", "github")
JSON_VERSION = 1

WORDS: dict[str, Message] = {
    "error": NC_("validate: severity", "error"),
    "warning": NC_("validate: severity", "warning"),
    "count": N_("{errors}, {warnings}", errors="count_errors", warnings="count_warnings"),
    "count_errors": NP_("{errors} error", "{errors} errors", "errors"),
    "count_warnings": NP_("{warnings} warning", "{warnings} warnings", "warnings"),
}
msg = messages(WORDS)


def collect(paths: list[Path] | None, templates: Path | None = None) -> list[Problem]:
    """Structure, then meaning: every problem found, errors and warnings, in file order.

    Meaning is checked once the structure of every file is sound: a reference
    check on a half-loaded tree would only repeat the structural errors.
    """
    from mobility_advisor.rules.checks import check
    from mobility_advisor.rules.loader import load

    try:
        tree, problems = load(paths or None)
        if tree is not None:
            problems += check(tree, templates)
    except Exception as exc:  # a bug of ours must still give a clean, located report in CI
        where = str(paths[0]) if paths else "rules"
        detail = " ".join(str(exc).split())
        problems = [Problem(Location(where, 1), f"internal error while checking ({type(exc).__name__}: {detail}); "
                                                f"please report it", "error", "internal")]
    return sorted(problems, key=lambda p: (p.at.file, p.at.line, p.at.col))


def one_line(text: str) -> str:
    """A message on one line, whatever a YAML error or a file name put in it."""
    return " ".join(text.split())


def as_dict(p: Problem) -> dict[str, Any]:
    return {"file": p.at.file, "line": p.at.line, "col": p.at.col, "severity": p.severity, "code": p.code,
            "message": one_line(p.message)}


def escaped(name: str) -> str:
    """A file name on one line: a newline or other control character written as \\n, \\x1b…"""
    from mobility_advisor.core.controls import is_hidden

    return "".join(repr(ch)[1:-1] if is_hidden(ch) else ch for ch in name)


def format_text(problems: list[Problem], lang: str = "en") -> str:
    return "".join(f"{escaped(p.at.file)}:{p.at.line}:{p.at.col}: {msg(p.severity, lang)}: {one_line(p.message)}\n"
                   for p in problems)


def format_json(problems: list[Problem], lang: str = "en") -> str:
    errors = sum(p.severity == "error" for p in problems)
    doc = {
        "version": JSON_VERSION,
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [as_dict(p) for p in problems],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem], lang: str = "en") -> str:
    """GitHub Actions workflow commands: an annotation on the file and line of each problem.

    The commands and their properties stay as GitHub reads them; the message is the user's."""
    lines = []
    for p in problems:
        command = "error" if p.severity == "error" else "warning"
        props = ",".join(
            f"{k}={_escape_property(str(v))}"
            for k, v in (("file", p.at.file), ("line", p.at.line), ("col", p.at.col),
                         ("title", f"mobility-advisor ({p.code})"))
        )
        lines.append(f"::{command} {props}::{_escape_data(one_line(p.message))}\n")
    return "".join(lines)


FORMATTERS: dict[str, Callable[[list[Problem], str], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def collect_outcomes(files: list[Path], lang: str = "en") -> list[Problem]:
    """The problems of learning outcomes files (`validate --outcomes`), located, in `lang`."""
    from mobility_advisor.inputs.learning_io import problems

    found: list[Problem] = []
    for f in files:
        found += problems(f, lang)
    return found


def run(paths: list[Path] | None, strict: bool = False, fmt: str = "text",
        out: TextIO | None = None, err: TextIO | None = None, outcomes: list[Path] | None = None,
        lang: str = "en") -> int:
    """Check, print in `fmt`, and return the exit status (0 clean, 1 errors).

    With `outcomes` (learning outcomes files) and no `paths`, only those files are checked.
    Messages are in `lang` (the JSON's severity and code stay the machine's words).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    problems = collect(paths) if paths or not outcomes else []
    if outcomes:
        problems += collect_outcomes(outcomes, lang)
    if strict:
        problems = [Problem(p.at, p.message, "error", p.code) for p in problems]
    out.write(FORMATTERS[fmt](in_language(problems, lang), lang))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if fmt != "json":
        err.write(msg("count", lang, errors=errors, warnings=warnings) + "\n")
    return 1 if errors else 0
