"""calendar.ics: the pack's dated milestones as an iCalendar file (RFC 5545).

What a referent sees in a calendar program, all as all-day events:

- the stay itself, ONE event from the first day to the last (`DTEND` the day after the
  end, as RFC 5545 wants for all-day events), with the undated things to do during it;
- one event per day that has actions, listing them all: every outcome the engine dated
  from the mobility dates, and the regular check-ins with the learner and tutor while the
  stay lasts (when the rule asking for them applies: a weekly point, fortnightly in stays
  over eight weeks; a planning marker, not a requirement);
- a week after the end, a follow-up listing what the end of the stay should have brought
  (the complement, the tutor's assessment, the results: every end-anchored outcome).

An outcome whose date cannot be known (no start date, or an end-anchored date without an
end date) has no event: it stays in the checklist only. Without a start date there is no
calendar.

Where an action sits, for each relation of the rule's `due` (D = the engine's date):

- `before`: on D - 1, the last day that is still "before D" ("Avant le D : …" / "Before D:
  …"). On D itself it would already be too late (D is usually the departure day).
- `on`, `on_or_after`: on D ("Le D : …" / "À partir du D : …").
- `after`: on D + 1, the first day that is "after D" ("Après le D : …").

Reminders: at most ONE alarm fires on any day, at 9:00 (floating time). Each day with
actions has its reminder that morning, listing them; a deadline ("before") is announced a
week earlier too, in the reminder of that earlier day when it has one, else in an alarm of
its own. Ten actions due the same day give one reminder, not ten.

The summary is short (the document's title, or the step's text cut to about 80 characters,
see `short`); the description holds the whole texts, tips, pack files and sources. The pack
files are named as Markdown (`checklist.md`); `relink` renames them when the pack is written
in other formats only (`--format pdf`: `checklist.pdf`). UIDs are stable (a hash of the
learner, the start date, the event's kind and its date), so importing a regenerated pack
updates the events instead of doubling them. DTSTAMP is the pack's `today`, not the clock,
so the same answers give the same file.

The file is written by hand (`calendar_ics`): CRLF line endings, lines folded at 75
octets on UTF-8 character boundaries, TEXT values escaped (\\ ; , and line breaks). The
tests read every calendar back with the `icalendar` package, which is a test dependency
only: building the file with it cost more than rendering the rest of the pack.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from typing import Any, Callable, Iterable

from mobility_advisor import __version__
from mobility_advisor.engine.engine import END, START, Result
from mobility_advisor.i18n.catalogues import Message, N_, messages
from mobility_advisor.i18n.localize import typography
from mobility_advisor.formats.rfc5545 import duration, escape_text, fold, ics_date

FILE_NAME = "calendar.ics"
SUMMARY_MAX = 80
SUMMARY_MIN_CLAUSE = 15
UID_DOMAIN = "mobility-advisor"
WEEK_AHEAD = timedelta(days=7)  # a deadline is announced this long before
FOLLOW_UP_AFTER = timedelta(days=7)  # the follow-up of the end-of-stay documents, after the end
ALARM_HOUR = 9
# The rule that asks for regular check-ins during the stay: the calendar gives them dates.
CHECK_IN_RULE = "guide.during.regular_debrief"
CHECK_IN_LONG_STAY = 56  # days: longer stays get a check-in every two weeks, not every week

# summary prefix per relation, and the event's offset in days from the engine's date
_SHIFT = {"before": -1, "on": 0, "on_or_after": 0, "after": 1}

_TABLE: dict[str, Message] = {
    "rel_before": N_("Before {d}"),
    "rel_on": N_("On {d}"),
    "rel_on_or_after": N_("From {d}"),
    "rel_after": N_("After {d}"),
    "sep": N_(": "),
    "stay": N_("Mobility of {who}{where}"),
    "stay_desc": N_("Stay {span}."),
    "during": N_("During the stay:"),
    "where": N_(" at {host}"),
    "country": N_(" ({country})"),
    "calname": N_("Mobility of {who} ({span})"),
    "calname_anon": N_("Mobility ({span})"),
    "span": N_("{start} – {end}"),
    "span_long": N_("from {start} to {end}"),
    "from": N_("from {start}"),
    "tip": N_("Tip: {tip}"),
    "check": N_("Check with: {who}"),
    "file": N_("Pack document: {file}"),
    "source": N_("Source: {source}"),
    "checklist": N_("See also {file} in the mobility pack."),
    "actions": N_("{n} actions, mobility of {who}"),
    "check_in": N_("Check-in with the learner and the tutor"),
    "check_in_tip": N_("Date suggested by the tool ({pace}): adjust the pace to the mobility."),
    "weekly": N_("one a week"),
    "fortnightly": N_("one every two weeks"),
    "follow_up": N_("Chase the end-of-stay documents and results"),
    "follow_up_desc": N_("A week after the return, check that these end-of-mobility steps are done, and chase them "
                         "if need be:"),
    "today": N_("Today, mobility of {who}:"),
    "in_a_week": N_("In a week, on {d}:"),
    "learner": N_("the learner"),
}
_msg = messages(_TABLE)


class _Phrase(str):
    """A calendar phrase whose `format` elides "de" before a name as the language does
    ("Mobilité d'Enzo", localize.elide)."""

    def __new__(cls, text: str, lang: str):
        phrase = super().__new__(cls, text)
        phrase.lang = lang
        return phrase

    def format(self, *args: Any, **kw: Any) -> str:
        from mobility_advisor.i18n.localize import elide

        return elide(str.format(self, *args, **kw), self.lang, kw.values())


class _Words:
    """The calendar's words in one language: `w["stay"]`, as the code reads them."""

    def __init__(self, lang: str, prefix: str = ""):
        self.lang, self.prefix = lang, prefix

    def __getitem__(self, key: str) -> str:
        return _Phrase(_msg(self.prefix + key, self.lang), self.lang)

    def get(self, key: str, default: str) -> str:
        return self[key] if self.prefix + key in _TABLE else default



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


def _who(result: Result, lang: str, label: Callable[[str], Any] | None) -> tuple[str, str, str]:
    """(learner's name or "", the name or "the learner", " at Host (Country)")."""
    w = _Words(lang)
    ans = result.answers
    learner = str(ans.get("learner.name") or "").strip()
    where = ""
    host = str(ans.get("org.host_company") or "").strip()
    country = label("destination.country") if (label and "destination.country" in ans) else None
    if host:
        where = w["where"].format(host=host)
    if country:
        where += w["country"].format(country=country)
    return learner, learner or w["learner"], where


def _sources(o, cite: Callable[[Any], str] | None) -> str:
    """The rule's sources as the pack names them (`cite`, from provenance.py), else their codes."""
    return cite(o) if cite else "; ".join(s.short() for s in o.source)


def _outcome_action(item, lang: str, fmt: Callable[[date, str], str],
                    cite: Callable[[Any], str] | None = None) -> dict[str, Any]:
    """One dated outcome as an action of its day."""
    w = _Words(lang)
    o = item.outcome
    relation = o.due.relation
    lines = [o.text(lang)]
    if o.tip:
        lines.append(w["tip"].format(tip=o.tip(lang)))
    if o.check_with:
        lines.append(w["check"].format(who=o.check_with(lang)))
    if o.template:
        lines.append(w["file"].format(file=f"{o.template}.md"))
    lines.append(w["source"].format(source=_sources(o, cite)))
    return {"id": o.id, "date": event_date(item.due, relation), "order": o.order,
            "prefix": _Words(lang, "rel_").get(relation, "{d}").format(d=fmt(item.due, lang)),
            "head": short(o.title(lang) if o.title else o.text(lang)), "lines": lines,
            "title": o.title(lang) if o.title else None,
            "deadline": relation == "before"}


def _check_ins(result: Result, lang: str, fmt: Callable[[date, str], str], start: date,
               end: date | None, cite: Callable[[Any], str] | None = None) -> list[dict[str, Any]]:
    """The regular check-ins during the stay, when the rule asking for them applies."""
    rule = next((i.outcome for i in result.items if i.outcome.id == CHECK_IN_RULE), None)
    if rule is None or end is None:
        return []
    w = _Words(lang)
    long_stay = (end - start).days + 1 > CHECK_IN_LONG_STAY
    step = timedelta(days=14 if long_stay else 7)
    lines = [rule.text(lang), w["check_in_tip"].format(pace=w["fortnightly" if long_stay else "weekly"]),
             w["source"].format(source=_sources(rule, cite))]
    out = []
    day = start + step
    while day < end:
        out.append({"id": CHECK_IN_RULE, "date": day, "order": rule.order,
                    "prefix": _Words(lang, "rel_")["on"].format(d=fmt(day, lang)), "head": w["check_in"],
                    "title": w["check_in"], "lines": lines, "deadline": False})
        day += step
    return out


def _follow_up(actions: Iterable[dict[str, Any]], end_items: list, lang: str,
               fmt: Callable[[date, str], str], end: date) -> list[dict[str, Any]]:
    """A week after the end: what the end of the stay should have brought, to check or chase."""
    if not end_items:
        return []
    w = _Words(lang)
    by_id = {a["id"]: a for a in actions}
    listed = [f"- {by_id[i.outcome.id]['prefix']}{w['sep']}{by_id[i.outcome.id]['head']}"
              for i in end_items if i.outcome.id in by_id]
    day = end + FOLLOW_UP_AFTER
    return [{"id": "mobility.follow_up", "date": day, "order": 10**9,
             "prefix": _Words(lang, "rel_")["on"].format(d=fmt(day, lang)), "head": w["follow_up"], "title": w["follow_up"],
             "lines": [w["follow_up_desc"], *listed], "deadline": False}]


def _day_event(day: date, actions: list[dict[str, Any]], lang: str, who: str) -> dict[str, Any]:
    w = _Words(lang)
    checklist = w["checklist"].format(file="checklist.md")
    if len(actions) == 1:
        (a,) = actions
        return {"id": "day", "date": day, "summary": a["prefix"] + w["sep"] + a["head"],
                "description": "\n".join([*a["lines"], checklist]), "actions": actions}
    prefixes = {a["prefix"] for a in actions}
    prefix = prefixes.pop() if len(prefixes) == 1 else _Words(lang, "rel_")["on"].format(d=actions[0]["day_text"])
    blocks = ["\n".join([f"- {a['prefix']}{w['sep']}{a['title'] or a['lines'][0]}",
                         *(f"  {line}" for line in (a["lines"] if a["title"] else a["lines"][1:]))])
              for a in actions]
    return {"id": "day", "date": day, "summary": prefix + w["sep"] + w["actions"].format(n=len(actions), who=who),
            "description": "\n\n".join([*blocks, checklist]), "actions": actions}


def milestones(result: Result, lang: str, fmt: Callable[[date, str], str],
               label: Callable[[str], Any] | None = None,
               cite: Callable[[Any], str] | None = None) -> list[dict[str, Any]]:
    """The calendar's events as plain dicts, by date: the stay, then one per day with actions.

    Each has id, date, last (its last day), summary, description, alarms (a list of
    {"trigger": timedelta from the event's day at 00:00, "description"}), uid, calname and,
    for a day, its actions ({"id", "date", "prefix", "head", "lines", "deadline"}).
    `fmt(d, lang)` writes a date; `label(qid)` an answer as the pack prints it (or None).
    Empty when the start date is unknown.
    """
    ans = result.answers
    start, end = ans.get(START), ans.get(END)
    if not isinstance(start, date):
        return []
    end = end if isinstance(end, date) else None
    w = _Words(lang)
    learner, who, where = _who(result, lang, label)
    s_text = fmt(start, lang)
    e_text = fmt(end, lang) if end else ""

    dated = [i for i in result.items if i.due is not None and i.outcome.due is not None]
    actions = [_outcome_action(i, lang, fmt, cite) for i in dated]
    actions += _check_ins(result, lang, fmt, start, end, cite)
    if end:
        end_items = [i for i in dated if i.outcome.due.anchor == "end" and not i.outcome.due.offset_days]
        actions += _follow_up(actions, end_items, lang, fmt, end)
    for a in actions:
        a["day_text"] = fmt(a["date"], lang)

    by_day: dict[date, list[dict[str, Any]]] = {}
    for a in sorted(actions, key=lambda a: (a["date"], a["order"])):
        by_day.setdefault(a["date"], []).append(a)
    days = {d: _day_event(d, acts, lang, who) for d, acts in by_day.items()}

    # Reminders: one per firing day, at ALARM_HOUR (see the module docstring).
    hour = timedelta(hours=ALARM_HOUR)
    today_lines = {d: [f"- {a['prefix']}{w['sep']}{a['head']}" for a in acts] for d, acts in by_day.items()}
    ahead = {d - WEEK_AHEAD: (d, [f"- {a['prefix']}{w['sep']}{a['head']}" for a in acts if a["deadline"]])
             for d, acts in by_day.items() if any(a["deadline"] for a in acts)}
    for e in days.values():
        e["alarms"] = []
    for fire in sorted(set(today_lines) | set(ahead)):
        parts = []
        if fire in today_lines:
            parts.append("\n".join([w["today"].format(who=who), *today_lines[fire]]))
        if fire in ahead:
            due_day, lines = ahead[fire]
            parts.append("\n".join([w["in_a_week"].format(d=fmt(due_day, lang)), *lines]))
        host = days[fire] if fire in days else days[ahead[fire][0]]
        host["alarms"].append({"trigger": fire - host["date"] + hour, "description": "\n\n".join(parts)})

    span = w["span_long"].format(start=s_text, end=e_text) if end else w["from"].format(start=s_text)
    during = [i for i in result.items if i.due is None and i.outcome.phase == "during"
              and i.outcome.kind in ("step", "tip", "document")]
    stay_desc = [w["stay_desc"].format(span=span)]
    if during:
        stay_desc += ["", w["during"], *(f"- {short(i.outcome.text(lang))}" for i in during)]
    stay = {"id": "mobility.stay", "date": start, "last": end or start, "summary": w["stay"].format(who=who, where=where),
            "description": "\n".join(stay_desc), "alarms": [], "actions": []}

    events = [stay, *(days[d] for d in sorted(days))]
    for e in events[1:]:
        e["last"] = e["date"]
    name = (w["calname"] if learner else w["calname_anon"]).format(
        who=learner, span=w["span"].format(start=s_text, end=e_text) if end else w["from"].format(start=s_text))
    for e in events:
        e["uid"] = uid(learner, start, e["id"], e["date"])
        e["calname"] = name
    return events

def calendar_ics(result: Result, lang: str, today: date, fmt: Callable[[date, str], str],
                 label: Callable[[str], Any] | None = None,
                 cite: Callable[[Any], str] | None = None) -> str | None:
    """The calendar.ics text (CRLF line endings), or None when no date is known.

    Written by hand: the few properties this calendar needs, TEXT-escaped and folded
    (see rfc5545.py: `escape_text`, `fold`); tests read it back with the `icalendar` package.
    """
    events = milestones(result, lang, fmt, label, cite)
    if not events:
        return None

    def text(value: str) -> str:
        """A TEXT value in the pack's typography (French no-break spaces, as in its other files)."""
        return escape_text(typography(value, lang))

    stamp = f"{ics_date(today)}T000000Z"  # the pack's day at 00:00 UTC, not the clock
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + escape_text(f"-//mobility-advisor//mobility-advisor {__version__}//{lang.upper()}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + text(events[0]["calname"]),
    ]
    for e in events:
        lines += [
            "BEGIN:VEVENT",
            "SUMMARY:" + text(e["summary"]),
            "DTSTART;VALUE=DATE:" + ics_date(e["date"]),
            "DTEND;VALUE=DATE:" + ics_date(e["last"] + timedelta(days=1)),
            "DTSTAMP:" + stamp,
            "UID:" + escape_text(e["uid"]),
        ]
        if e["description"]:
            lines.append("DESCRIPTION:" + text(e["description"]))
        lines.append("TRANSP:TRANSPARENT")
        for alarm in e["alarms"]:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + text(alarm["description"]),
                "TRIGGER:" + duration(alarm["trigger"]),
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


_UNFOLD = re.compile(r"\r\n[ \t]")


def relink(text: str, stems: Iterable[str], ext: str) -> str:
    """The calendar with the pack's Markdown file names (`checklist.md`) as `ext` files, for a
    pack written in other formats only; lines unfolded, renamed, folded again."""
    names = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    if not names:
        return text
    pattern = re.compile(rf"(?<![\w.-])({names})\.md(?![\w])")
    lines = _UNFOLD.sub("", text).split("\r\n")
    return "\r\n".join(fold(pattern.sub(rf"\1.{ext}", line)) for line in lines)
