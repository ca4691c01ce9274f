"""calendar.ics: the pack's dated milestones as an iCalendar file (RFC 5545).

The events are all-day (`DTSTART;VALUE=DATE`, `DTEND` the next day): the departure, the
end of the stay, and every outcome the engine dated from the mobility dates. An outcome
whose date cannot be known (no start date, or an end-anchored date without an end date)
has no event: it stays in the checklist only. Without a start date there is no calendar.

Where an event sits, for each relation of the rule's `due` (D = the engine's date):

- `before`: on D - 1, the last day that is still "before D", with the summary
  "Avant le D : …" / "Before D: …" and a reminder a week earlier. On D itself it would
  already be too late (D is usually the departure day), and a calendar entry is a deadline.
- `on`, `on_or_after`: on D ("Le D : …" / "À partir du D : …").
- `after`: on D + 1, the first day that is "after D" ("Après le D : …").

The summary is short (the document's title, or the step's text cut to about 80 characters,
see `short`); the description holds the whole text, the tip, the pack file and the sources.
UIDs are stable (a hash of the learner, the start date, the milestone and its date), so
importing a regenerated pack updates the events instead of doubling them. DTSTAMP is the
pack's `today`, not the clock, so the same answers give the same file.

The file is written by hand (`calendar_ics`): CRLF line endings, lines folded at 75
octets on UTF-8 character boundaries, TEXT values escaped (\\ ; , and line breaks). The
tests read every calendar back with the `icalendar` package, which is a test dependency
only: building the file with it cost more than rendering the rest of the pack.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any, Callable

from . import __version__
from .engine import END, START, Result

FILE_NAME = "calendar.ics"
SUMMARY_MAX = 80
SUMMARY_MIN_CLAUSE = 15
UID_DOMAIN = "mobility-advisor"
REMINDER = timedelta(days=-7)
FOLD_OCTETS = 75

# summary prefix per relation, and the event's offset in days from the engine's date
_RELATION: dict[str, dict[str, str]] = {
    "fr": {"before": "Avant le {d}", "on": "Le {d}", "on_or_after": "À partir du {d}", "after": "Après le {d}"},
    "en": {"before": "Before {d}", "on": "On {d}", "on_or_after": "From {d}", "after": "After {d}"},
}
_SHIFT = {"before": -1, "on": 0, "on_or_after": 0, "after": 1}

_WORDS = {
    "fr": {
        "sep": " : ",
        "departure": "Départ : mobilité de {who}{where}",
        "departure_desc": "Premier jour de la mobilité ({span}).",
        "end": "Fin du séjour : mobilité de {who}{where}",
        "end_desc": "Dernier jour de la mobilité ({span}).",
        "where": " chez {host}",
        "country": " ({country})",
        "calname": "Mobilité de {who} ({span})",
        "calname_anon": "Mobilité ({span})",
        "span": "{start} – {end}",
        "stay": "du {start} au {end}",
        "from": "à partir du {start}",
        "tip": "Conseil : {tip}",
        "check": "À vérifier avec : {who}",
        "file": "Document du dossier : {file}",
        "source": "Source : {source}",
        "checklist": "Voir aussi checklist.md dans le dossier de mobilité.",
        "reminder": "Dans une semaine : {summary}",
        "learner": "l'apprenant",
    },
    "en": {
        "sep": ": ",
        "departure": "Departure: mobility of {who}{where}",
        "departure_desc": "First day of the mobility ({span}).",
        "end": "End of stay: mobility of {who}{where}",
        "end_desc": "Last day of the mobility ({span}).",
        "where": " at {host}",
        "country": " ({country})",
        "calname": "Mobility of {who} ({span})",
        "calname_anon": "Mobility ({span})",
        "span": "{start} – {end}",
        "stay": "from {start} to {end}",
        "from": "from {start}",
        "tip": "Tip: {tip}",
        "check": "Check with: {who}",
        "file": "Pack document: {file}",
        "source": "Source: {source}",
        "checklist": "See also checklist.md in the mobility pack.",
        "reminder": "In a week: {summary}",
        "learner": "the learner",
    },
}


def short(text: str, limit: int = SUMMARY_MAX) -> str:
    """One line of at most `limit` characters (plus "…" when cut).

    A longer text is cut before its first colon or semicolon when the clause before it is
    long enough to say what to do ("Vérifiez et rassemblez les pièces nécessaires au
    départ…"), else at the last word boundary that fits.
    """
    s = " ".join(text.split())
    if len(s) <= limit:
        return s
    stops = [i for i in (s.find(":"), s.find(";")) if SUMMARY_MIN_CLAUSE <= i <= limit]
    if stops:
        return s[:min(stops)].rstrip(" ,") + "…"
    cut = s[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return (cut or s[:limit]) + "…"


def uid(learner: str, start: date, milestone: str, when: date) -> str:
    h = hashlib.sha256("\x1f".join((learner, start.isoformat(), milestone, when.isoformat())).encode("utf-8"))
    return f"{h.hexdigest()[:24]}@{UID_DOMAIN}"


def event_date(due: date, relation: str) -> date:
    """The day the event sits on for an outcome due `relation` `due` (see the module docstring)."""
    return due + timedelta(days=_SHIFT.get(relation, 0))


def milestones(result: Result, lang: str, fmt: Callable[[date, str], str],
               label: Callable[[str], Any] | None = None,
               cite: Callable[[Any], str] | None = None) -> list[dict[str, Any]]:
    """The calendar's events as plain dicts (id, date, summary, description, alarm), by date.

    `fmt(d, lang)` writes a date; `label(qid)` an answer as the pack prints it (or None).
    Empty when the start date is unknown.
    """
    ans = result.answers
    start, end = ans.get(START), ans.get(END)
    if not isinstance(start, date):
        return []
    end = end if isinstance(end, date) else None
    w = _WORDS[lang]
    learner = str(ans.get("learner.name") or "").strip()
    who = learner or w["learner"]
    where = ""
    host = str(ans.get("org.host_company") or "").strip()
    country = label("destination.country") if (label and "destination.country" in ans) else None
    if host:
        where = w["where"].format(host=host)
    if country:
        where += w["country"].format(country=country)
    s_text = fmt(start, lang)
    e_text = fmt(end, lang) if end else ""
    stay = w["stay"].format(start=s_text, end=e_text) if end else w["from"].format(start=s_text)

    events: list[dict[str, Any]] = [{
        "id": "mobility.departure", "date": start, "order": -2,
        "summary": w["departure"].format(who=who, where=where),
        "description": w["departure_desc"].format(span=stay),
        "alarm": True,
    }]
    if end:
        events.append({
            "id": "mobility.end", "date": end, "order": -1,
            "summary": w["end"].format(who=who, where=where),
            "description": w["end_desc"].format(span=stay),
            "alarm": False,
        })
    for item in result.items:
        o = item.outcome
        if item.due is None or o.due is None:
            continue
        relation = o.due.relation
        prefix = _RELATION[lang].get(relation, "{d}").format(d=fmt(item.due, lang))
        head = o.title(lang) if o.title else o.text(lang)
        lines = [o.text(lang)]
        if o.tip:
            lines.append(w["tip"].format(tip=o.tip(lang)))
        if o.check_with:
            lines.append(w["check"].format(who=o.check_with(lang)))
        if o.template:
            lines.append(w["file"].format(file=f"{o.template}.md"))
        lines.append(w["source"].format(source=cite(o) if cite else "; ".join(s.short() for s in o.source)))
        lines.append(w["checklist"])
        events.append({
            "id": o.id, "date": event_date(item.due, relation), "order": o.order,
            "summary": prefix + w["sep"] + short(head),
            "description": "\n".join(lines),
            "alarm": relation == "before",
        })
    events.sort(key=lambda e: (e["date"], e["order"]))
    name = (w["calname"] if learner else w["calname_anon"]).format(
        who=learner, span=w["span"].format(start=s_text, end=e_text) if end else w["from"].format(start=s_text))
    for e in events:
        e["uid"] = uid(learner, start, e["id"], e["date"])
        e["calname"] = name
    return events


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' escaped, every line break as \\n."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def fold(line: str, limit: int = FOLD_OCTETS) -> str:
    """One content line folded as RFC 5545 3.1 asks: no physical line over 75 octets.

    Each piece holds at most `limit` - 1 octets (a continuation line adds its leading
    space), is cut between characters, never inside a UTF-8 sequence, and never right
    after a backslash, so an escape such as \\, stays on one line for the readers that
    unfold carelessly. Pieces are joined by CRLF and a space.
    """
    data = line.encode("utf-8")
    if len(data) < limit:
        return line
    room = limit - 1
    pieces: list[str] = []
    begin, size = 0, len(data)
    while size - begin > room:
        cut = begin + room
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 sequence: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > begin:  # keep an escape with what it escapes
            cut -= 1
        pieces.append(data[begin:cut].decode("utf-8"))
        begin = cut
    pieces.append(data[begin:].decode("utf-8"))
    return "\r\n ".join(pieces)


def _ics_date(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def calendar_ics(result: Result, lang: str, today: date, fmt: Callable[[date, str], str],
                 label: Callable[[str], Any] | None = None,
                 cite: Callable[[Any], str] | None = None) -> str | None:
    """The calendar.ics text (CRLF line endings), or None when no date is known.

    Written by hand: the few properties this calendar needs, TEXT-escaped and folded
    (see `escape_text`, `fold`); tests read it back with the `icalendar` package.
    """
    events = milestones(result, lang, fmt, label, cite)
    if not events:
        return None
    stamp = f"{_ics_date(today)}T000000Z"  # the pack's day at 00:00 UTC, not the clock
    reminder = _WORDS[lang]["reminder"]
    trigger = f"-P{-REMINDER.days}D"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + escape_text(f"-//mobility-advisor//mobility-advisor {__version__}//{lang.upper()}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(events[0]["calname"]),
    ]
    for e in events:
        lines += [
            "BEGIN:VEVENT",
            "SUMMARY:" + escape_text(e["summary"]),
            "DTSTART;VALUE=DATE:" + _ics_date(e["date"]),
            "DTEND;VALUE=DATE:" + _ics_date(e["date"] + timedelta(days=1)),
            "DTSTAMP:" + stamp,
            "UID:" + escape_text(e["uid"]),
        ]
        if e["description"]:
            lines.append("DESCRIPTION:" + escape_text(e["description"]))
        lines.append("TRANSP:TRANSPARENT")
        if e["alarm"]:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + escape_text(reminder.format(summary=e["summary"])),
                "TRIGGER:" + trigger,
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
