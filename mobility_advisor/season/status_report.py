"""`status`'s outputs: the mobilities `status.each` yields as JSON, CSV, a workbook, plain text,
a terminal's table, or one calendar of them all. Written as they are read where the format allows
(a cohort of 10,000 learners in the memory of one)."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from typing import Any, Iterable, TextIO

from mobility_advisor.season.status import Action, Mobility, iso_date, msg, short, signatures_missing


def _when(a: Action) -> str:
    return f"{a.due} " if a.due else ""


def _json_row(m: Mobility) -> dict[str, Any]:
    d = dict(m.__dict__)
    del d["dated"]
    for key in ("next", "overdue", "to_sign", "results_missing"):
        d[key] = [dict(a.__dict__) for a in d[key]]
    d["signatures"] = [dict(s.__dict__) for s in m.signatures]
    return d


def write_json(mobilities: Iterable[Mobility], today: date, out: TextIO) -> None:
    """One JSON document, one line, written mobility by mobility (the C encoder for each)."""
    out.write(json.dumps({"today": today.isoformat(), "mobilities": []}, ensure_ascii=False)[:-2])
    for n, m in enumerate(mobilities):
        out.write(("" if n == 0 else ", ") + json.dumps(_json_row(m), ensure_ascii=False))
    out.write("]}\n")


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


COLUMNS = ("col_pack", "col_learner", "col_start", "col_end", "col_phase", "col_done", "col_next", "col_overdue",
           "col_sign", "col_results", "col_signatures")


def table_rows(mobilities: list[Mobility], lang: str) -> list[list[str]]:
    """One row per mobility, in COLUMNS' order: what the CSV and the workbook hold."""
    def join(actions: list[Action]) -> str:
        return " | ".join(f"{_when(a)}{a.text}".strip() for a in actions)

    return [[m.path, m.learner, m.start or "", m.end or "", msg(f"phase_{m.phase}", lang), f"{m.done}/{m.total}",
             join(m.next), join(m.overdue), join(m.to_sign), join(m.results_missing),
             " | ".join(signatures_missing(m, lang))] for m in mobilities]


def write_csv(mobilities: Iterable[Mobility], lang: str, buf: TextIO) -> None:
    """`;`-separated with a header in `lang` (spreadsheet software set to French reads it as is)."""
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([msg(k, lang) for k in COLUMNS])
    for m in mobilities:  # row by row: a cohort of 10,000 learners is written as it is read
        w.writerow([_cell(c) for c in table_rows([m], lang)[0]])


def to_xlsx(mobilities: list[Mobility], today: date, lang: str) -> bytes:
    """The CSV's table as a workbook: dates as date cells, every text a text (never a formula)."""
    from mobility_advisor.formats.spreadsheets import xlsx

    rows = table_rows(mobilities, lang)
    for row in rows:
        row[2], row[3] = iso_date(row[2]) or "", iso_date(row[3]) or ""
    return xlsx(msg("sheet_title", lang), [msg(k, lang) for k in COLUMNS], rows, today)


def write_text(mobilities: Iterable[Mobility], today: date, lang: str, out: TextIO) -> None:
    """Plain text, one block per mobility: for pipes, files and e-mails (nothing when there is none)."""
    for n, m in enumerate(mobilities):
        lines = [msg("title", lang, today=today.isoformat()), ""] if n == 0 else [""]
        dates = f"{m.start or '?'} → {m.end or '?'}"
        lines.append(f"{m.learner or msg('no_name', lang)} · {dates} · {msg(f'phase_{m.phase}', lang)} · "
                     f"{msg('done_count', lang, done=m.done, total=m.total)} · {m.path}")
        for key, actions in (("col_overdue", m.overdue), ("col_next", m.next), ("col_sign", m.to_sign),
                             ("col_results", m.results_missing)):
            for a in actions:
                lines.append(f"  {msg(key, lang)}{msg('sep', lang)}{_when(a)}{short(a.text)}")
        for line in signatures_missing(m, lang):
            lines.append(f"  {msg('col_signatures', lang)}{msg('sep', lang)}{line}")
        out.write("\n".join(lines) + "\n")


def rich_table(mobilities: list[Mobility], today: date, lang: str):
    """A rich Table for a terminal: one row per mobility, late actions in red."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=msg("title", lang, today=today.isoformat()), show_lines=True)
    for key in ("col_learner", "col_dates", "col_phase", "col_overdue", "col_next", "col_sign", "col_results",
                "col_signatures"):
        table.add_column(msg(key, lang), overflow="fold")

    def cell(actions: list[Action], style: str = "") -> Text:
        return Text("\n".join(f"{_when(a)}{short(a.text, 50)}" for a in actions), style=style)

    for m in mobilities:
        table.add_row(Text(f"{m.learner or msg('no_name', lang)}\n{m.path}"),
                      f"{m.start or '?'}\n{m.end or '?'}",
                      f"{msg(f'phase_{m.phase}', lang)}\n{msg('done_count', lang, done=m.done, total=m.total)}",
                      cell(m.overdue, "red"), cell(m.next), cell(m.to_sign), cell(m.results_missing, "yellow"),
                      Text("\n".join(signatures_missing(m, lang)), style="magenta"))
    return table


def calendar(mobilities: list[Mobility], today: date, lang: str) -> str:
    """One calendar for every mobility found: each stay as one multi-day event, and one event per
    day listing that day's actions not yet done, of every learner, with one reminder at 9:00
    (not one alarm per action). Written with rfc5545.py's escaping and folding."""
    from mobility_advisor.formats import ics, rfc5545
    from mobility_advisor.i18n.localize import typography

    def text(value: str) -> str:  # French no-break spaces, as in the packs' calendars
        return rfc5545.escape_text(typography(value, lang))

    stamp = f"{today:%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mobility-advisor//status//" + lang.upper(),
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + text(msg("ics_calname", lang))]

    def event(summary: str, first: date, last: date, uid: str, description: str, alarm: bool) -> None:
        lines.extend(["BEGIN:VEVENT", "SUMMARY:" + text(summary), f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}", "DTSTAMP:" + stamp,
                      "UID:" + rfc5545.escape_text(uid), "DESCRIPTION:" + text(description),
                      "TRANSP:TRANSPARENT"])
        if alarm:
            lines.extend(["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + text(summary),
                          "TRIGGER;RELATED=START:PT9H", "END:VALARM"])
        lines.append("END:VEVENT")

    days: dict[date, list[str]] = {}
    for m in mobilities:
        start, end = iso_date(m.start), iso_date(m.end)
        if start is None:
            continue
        who = m.learner or msg("no_name", lang)
        where = msg("ics_where", lang, host=m.host) if m.host else ""
        event(msg("ics_stay", lang, who=who, where=where), start, end or start,
              ics.uid(m.learner, start, "mobility.stay", start), msg("ics_pack", lang, path=m.path), False)
        for a in m.dated:
            day = ics.event_date(date.fromisoformat(a.due), a.relation or "on")
            days.setdefault(day, []).append(f"{who}{msg('sep', lang)}{ics.short(a.text)} ({m.path})")
    for day in sorted(days):
        actions = days[day]
        summary = msg("ics_day", lang, n=len(actions), first=actions[0].split(" (")[0])
        event(summary, day, day, ics.uid("status", day, "day", day), "\n".join(actions), True)
    lines.append("END:VCALENDAR")
    return "".join(rfc5545.fold(line) + "\r\n" for line in lines)
