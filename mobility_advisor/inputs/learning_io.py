"""Reading learning outcomes from files: an outcomes file (YAML or CSV) that a trainer writes once
per qualification and reuses for a whole group, and the `outcomes:` / `results:` keys of an
answers file. The checking itself is `learning.py`'s (pure); this module only reads, with the
same guarantees as rule files (yamlsafe: size limit, no aliases, no custom tags, bounded nesting).

An outcomes file in YAML:

    version: 1
    outcomes:
      - reference: C1.2
        text: …
        activities: …
        assessment: …

(a bare list of outcomes is accepted too). A field read as a sentence (text, activities,
assessment, criteria) may be given per language, `text: {fr: …, de: …}`, so that the host reads
it in the host's language; a plain string is the pack's language. In CSV: a header line of
field names (`reference;text;text.de;activities;activities.de;…`), then one outcome per line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.i18n.catalogues import NP_, N_, messages
from mobility_advisor.engine.learning import (FIELD_NAMES, MAX_OUTCOMES, TRANSLATABLE, LearningError, LearningOutcome, LearningRecord, check_references,
                       outcome_from, parse_outcomes)
from mobility_advisor.engine.results import parse_results
from mobility_advisor.rules.model import Location
from mobility_advisor.rules.problems import InputError

MESSAGES = {
    "too_big": N_("{file}: the file is larger than 1 MiB"),
    "no_file": N_("{file}: no such outcomes file"),
    "yaml_shape": N_("{file}: an outcomes file holds 'outcomes:' followed by the list of outcomes (and, "
                     "optionally, 'version: 1')"),
    "yaml_keys": NP_("{file}: unknown key {keys} (expected version, outcomes)",
                     "{file}: unknown keys {keys} (expected version, outcomes)"),
    "csv_header": NP_("{file}:1: unknown column: {cols} (allowed: {allowed})",
                      "{file}:1: unknown columns: {cols} (allowed: {allowed})"),
    "csv_no_text": N_("{file}:1: the 'text' column (what the learner will be able to do) is missing"),
    "csv_dup": NP_("{file}:1: duplicate column: {cols}",
                   "{file}:1: duplicate columns: {cols}"),
    "csv_cells": NP_("{file}:{line}: {n} value for {cols}: check the separator and the quotes",
                     "{file}:{line}: {n} values for {cols}: check the separator and the quotes", cols="csv_cells_cols"),
    "csv_cells_cols": NP_("{cols} column",
                          "{cols} columns", "cols"),
    "csv_bad": N_("{file}:{line}: unreadable CSV: {why}"),
    "csv_empty": N_("{file}: no outcome after the header line"),
    "both": N_("the learning outcomes are given twice: in {answers} (outcomes:) and with --outcomes "
               "{file}. Keep only one."),
}
msg = messages(MESSAGES)
MAX_BYTES = 1024 * 1024


def _display(path: Path) -> str:
    from mobility_advisor.core.data import display

    return display(path)


def read_outcomes_file(path: Path, lang: str = "en") -> tuple[LearningOutcome, ...]:
    """An outcomes file (`.csv`: CSV; anything else: YAML), checked. InputError in `lang`, located."""
    name = _display(path)
    if not path.is_file():
        raise InputError(msg("no_file", lang, file=name))
    try:
        if path.suffix.lower() == ".csv":
            return _read_csv(path, name, lang)
        return _read_yaml(path, name, lang)
    except LearningError as exc:
        raise InputError(exc.text(lang)) from None


def _read_yaml(path: Path, name: str, lang: str) -> tuple[LearningOutcome, ...]:
    from mobility_advisor.rules.yamlsafe import YamlError, parse, read_text

    try:
        data = parse(read_text(path, name), name)
    except YamlError as exc:
        err = InputError(str(exc.problem))
        err.problem = exc.problem  # validate reports it as it is
        raise err from None
    if isinstance(data, list):
        return parse_outcomes(data, getattr(data, "at", Location(name, 1)))
    if not isinstance(data, dict) or "outcomes" not in data:
        raise InputError(msg("yaml_shape", lang, file=name))
    unknown = sorted(set(data) - {"version", "outcomes", "$schema"})
    if unknown:
        raise InputError(msg("yaml_keys", lang, n=len(unknown), file=name, keys=", ".join(map(str, unknown))))
    return parse_outcomes(data["outcomes"], data.key_at.get("outcomes", Location(name, 1)))


def _read_csv(path: Path, name: str, lang: str) -> tuple[LearningOutcome, ...]:
    from mobility_advisor.formats.spreadsheets import decode, sniff_delimiter

    with path.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(msg("too_big", lang, file=name))
    text = decode(data)
    if "\x00" in text:
        raise InputError(msg("csv_bad", lang, file=name, line=1, why="NUL"))
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first), strict=True)
    out: list[LearningOutcome] = []
    where: list[Location] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        unknown = [h for h in header if h not in FIELD_NAMES and not _version_column(h)]
        if unknown:
            raise InputError(msg("csv_header", lang, n=len(unknown), file=name, cols=", ".join(unknown)[:200],
                                 allowed=", ".join(FIELD_NAMES) + ", text.de…"))
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise InputError(msg("csv_dup", lang, n=len(dupes), file=name, cols=", ".join(dupes)))
        if "text" not in header:
            raise InputError(msg("csv_no_text", lang, file=name))
        last = reader.line_num
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise InputError(msg("csv_cells", lang, file=name, line=line, n=len(cells), cols=len(header)))
            at = Location(name, line)
            n = len(out) + 1
            if n > MAX_OUTCOMES:
                raise LearningError(at, "too_many", n=n, max=MAX_OUTCOMES)
            out.append(outcome_from({h: c for h, c in zip(header, cells) if c.strip()}, n, at))
            where.append(at)
    except csv.Error as exc:
        raise InputError(msg("csv_bad", lang, file=name, line=reader.line_num, why=exc)) from None
    if not out:
        raise InputError(msg("csv_empty", lang, file=name))
    check_references(out, where)
    return tuple(out)


def _version_column(name: str) -> bool:
    """`text.de`, `activities.es`…: a field's version in one language (learning.TRANSLATABLE)."""
    from mobility_advisor.rules.model import ALL_LANGS

    key, _, lang = name.partition(".")
    return key in TRANSLATABLE and lang in ALL_LANGS


def record(raw_outcomes: Any, raw_results: Any, answers: Mapping[str, Any], source: str, lang: str,
           outcomes_file: Path | None = None) -> LearningRecord:
    """The learning record of an answers file (its raw `outcomes:` / `results:`), or of `outcomes_file`.

    Raises InputError in `lang`, located in the file where the problem is.
    """
    if outcomes_file is not None and raw_outcomes:
        raise InputError(msg("both", lang, answers=source, file=_display(outcomes_file)))
    try:
        if outcomes_file is not None:
            outcomes = read_outcomes_file(outcomes_file, lang)
        else:
            outcomes = parse_outcomes(raw_outcomes, Location(source, 1))
        results = parse_results(raw_results, outcomes, answers, Location(source, 1))
    except LearningError as exc:
        raise InputError(exc.text(lang)) from None
    return LearningRecord(outcomes, results)


def problems(path: Path, lang: str = "en"):
    """`validate --outcomes`: the problems of one outcomes file, as located Problems in `lang`."""
    from mobility_advisor.rules.problems import Problem

    try:
        read_outcomes_file(path, lang)
    except InputError as exc:
        if getattr(exc, "problem", None) is not None:
            return [exc.problem]
        text = str(exc)
        file, line, col, message = _split(text, _display(path))
        return [Problem(Location(file, line, col), message, code="outcomes")]
    return []


def _split(text: str, default: str) -> tuple[str, int, int, str]:
    """`file:line:col: message` (or `file:line: message`, `file: message`) into its parts."""
    import re

    m = re.match(r"^(.*?):(\d+)(?::(\d+))?: (.*)$", text, re.S)
    if m:
        return m.group(1), int(m.group(2)), int(m.group(3) or 1), m.group(4)
    m = re.match(r"^(.*?): (.*)$", text, re.S)
    if m and m.group(1) == default:
        return default, 1, 1, m.group(2)
    return default, 1, 1, text
