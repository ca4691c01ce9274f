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

`icalendar` (folding at 75 octets, TEXT escaping of , ; \\ and newlines) is imported
inside `calendar_ics` only.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable

from . import __version__
from .engine import END, START, Result

FILE_NAME = "calendar.ics"
SUMMARY_MAX = 80
SUMMARY_MIN_CLAUSE = 15
UID_DOMAIN = "mobility-advisor"
REMINDER = timedelta(days=-7)

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
               label: Callable[[str], Any] | None = None) -> list[dict[str, Any]]:
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
        lines.append(w["source"].format(source="; ".join(s.short() for s in o.source)))
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


def calendar_ics(result: Result, lang: str, today: date, fmt: Callable[[date, str], str],
                 label: Callable[[str], Any] | None = None) -> str | None:
    """The calendar.ics text (CRLF line endings), or None when no date is known."""
    events = milestones(result, lang, fmt, label)
    if not events:
        return None
    from icalendar import Alarm, Calendar, Event, vText

    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    cal = Calendar()
    cal.add("prodid", f"-//mobility-advisor//mobility-advisor {__version__}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X-WR-CALNAME is TEXT for the apps that read it; icalendar escapes only the types it knows
    cal.add("x-wr-calname", vText(events[0]["calname"]))
    for e in events:
        ev = Event()
        ev.add("uid", e["uid"])
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e["date"])
        ev.add("dtend", e["date"] + timedelta(days=1))
        ev.add("summary", e["summary"])
        if e["description"]:
            ev.add("description", e["description"])
        ev.add("transp", "TRANSPARENT")
        if e["alarm"]:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _WORDS[lang]["reminder"].format(summary=e["summary"]))
            alarm.add("trigger", REMINDER)
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")

