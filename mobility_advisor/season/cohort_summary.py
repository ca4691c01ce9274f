"""A cohort's summary: one line per pack written or row refused, as Markdown, CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from mobility_advisor.i18n.localize import format_date
from mobility_advisor.pack.environment import md_escape
from mobility_advisor.rules.model import Tree
from mobility_advisor.season.cohort_words import msg
from mobility_advisor.season.learners import NAME, BadRow

SUMMARY_MD = "cohort-summary.md"
SUMMARY_CSV = "cohort-summary.csv"
SUMMARY_XLSX = "cohort-summary.xlsx"  # with --xlsx (recorded: `update` writes it again)



@dataclass
class Summary:
    """What the summary says about one written pack (small: kept for every learner)."""

    line: int
    name: str
    folder: str
    route: str
    start: date | None
    end: date | None
    documents: list[str]
    warnings: list[tuple[str, str]]  # (caveat id, headline)
    notes: list[str]


def _route(tree: Tree, answers: Mapping[str, Any], lang: str) -> str:
    labels = []
    gq = tree.questions.get("goals")
    for g in answers.get("goals") or ():
        c = gq.choice(g) if gq else None
        labels.append(c.label(lang) if c else str(g))
    cq = tree.questions.get("certification.certifier")
    cert = answers.get("certification.certifier")
    if cert is not None and cq is not None:
        c = cq.choice(cert)
        labels.append(c.label(lang) if c else str(cert))
    return " + ".join(labels)


def headline(text: str, limit: int = 90) -> str:
    """A caveat's first words: up to its first colon, at most `limit` characters."""
    head = re.split(r"\s?:\s", text, maxsplit=1)[0].strip()
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


def summarize(tree: Tree, result: Any, line: int, folder: str, lang: str, notes: list[str]) -> Summary:
    a = result.answers
    docs: list[str] = []
    for item in result.documents:
        o = item.outcome
        title = o.title(lang) if o.title else f"{o.template}.md"
        if title not in docs:
            docs.append(title)
    warnings = [(i.outcome.id, headline(i.outcome.text(lang))) for i in result.caveats]
    start, end = a.get("mobility.start"), a.get("mobility.end")
    return Summary(line, str(a.get(NAME, "")), folder, _route(tree, a, lang),
                   start if isinstance(start, date) else None, end if isinstance(end, date) else None,
                   docs, warnings, notes)


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


SUMMARY_COLUMNS = ("col_line", "col_learner", "col_folder", "col_route", "col_start", "col_end", "col_docs",
                   "col_warnings", "col_detail", "col_status")


def summary_csv(rows: list[Summary], bad: list[BadRow], lang: str) -> str:
    """`;`-separated, for spreadsheet software set to French; written with a BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([msg(k, lang) for k in SUMMARY_COLUMNS])
    for cells in summary_rows(rows, bad, lang):
        w.writerow([_cell(c) for c in cells])
    return buf.getvalue()


def summary_xlsx(rows: list[Summary], bad: list[BadRow], lang: str, today: date) -> bytes:
    """The CSV summary as a workbook: line and count as numbers, dates as date cells, texts as texts."""
    from mobility_advisor.formats.spreadsheets import xlsx

    table: list[list[Any]] = []
    for cells in summary_rows(rows, bad, lang):
        out: list[Any] = list(cells)
        out[0] = int(cells[0])
        out[4], out[5] = (date.fromisoformat(c) if c else "" for c in cells[4:6])
        out[7] = int(cells[7]) if cells[7] else ""
        table.append(out)
    return xlsx(msg("title", lang), [msg(k, lang) for k in SUMMARY_COLUMNS], table, today)


def summary_rows(rows: list[Summary], bad: list[BadRow], lang: str) -> list[list[str]]:
    """The summary's rows, in SUMMARY_COLUMNS' order and the learner list's order."""
    out: list[tuple[int, list[str]]] = []
    for s in rows:
        detail = [h for _, h in s.warnings] + s.notes
        out.append((s.line, [str(s.line), s.name, s.folder, s.route, s.start.isoformat() if s.start else "",
                             s.end.isoformat() if s.end else "", " | ".join(s.documents), str(len(s.warnings)),
                             " | ".join(detail), msg("status_ok", lang)]))
    for b in bad:
        out.append((b.line, [str(b.line), b.name, "", "", "", "", "", "", " | ".join(b.problems),
                             msg("status_bad", lang)]))
    return [cells for _, cells in sorted(out, key=lambda t: t[0])]


def summary_markdown(rows: list[Summary], bad: list[BadRow], lang: str, learners_name: str,
                     common_name: str, today: date) -> str:
    md = md_escape
    out = [f"# {msg('title', lang)}", "",
           msg("intro", lang, learners=md(learners_name), common=md(common_name),
               today=format_date(today, lang)), "",
           msg("counts", lang, n=len(rows), bad=len(bad)), ""]
    cols = [msg(k, lang) for k in ("col_line", "col_learner", "col_folder", "col_route", "col_start",
                                    "col_end", "col_docs", "col_warnings")]
    out += ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]  # spaced like the packs' tables (MD060)
    seen: dict[str, tuple[str, list[int]]] = {}
    for s in rows:
        for cid, head in s.warnings:
            seen.setdefault(cid, (head, []))[1].append(s.line)
        folder = f"[{md(s.folder)}](<{s.folder}/index.md>)"
        warn = str(len(s.warnings)) + "".join(f" ({md(n)})" for n in s.notes)
        out.append("| " + " | ".join([
            str(s.line), md(s.name), folder, md(s.route),
            format_date(s.start, lang) if s.start else "", format_date(s.end, lang) if s.end else "",
            md(", ".join(s.documents)), warn]) + " |")
    if seen:
        out += ["", f"## {msg('warnings_title', lang)}", "", msg("warnings_intro", lang), ""]
        for head, lines in seen.values():
            out.append(f"- {md(head)} : " if lang == "fr" else f"- {md(head)}: ")
            out[-1] += msg("warning_who", lang, n=len(lines), lines=_ranges(lines))
    if bad:
        out += ["", f"## {msg('bad_title', lang)}", ""]
        for b in bad:
            who = f" ({md(b.name)})" if b.name else ""
            sep = " : " if lang == "fr" else ": "
            out.append(f"- {msg('line', lang, line=b.line)}{who}{sep}{md((' ; ' if lang == 'fr' else '; ').join(b.problems))}")
    return "\n".join(out) + "\n"


def _ranges(lines: list[int]) -> str:
    """2, 3, 4, 7 -> "2-4, 7": a caveat shared by 300 learners stays one line."""
    parts: list[str] = []
    start = prev = lines[0]
    for n in lines[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
