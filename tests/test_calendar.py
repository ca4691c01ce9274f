"""calendar.ics: a valid iCalendar file whose events sit on the dates the answers give."""

from __future__ import annotations

import re
from pathlib import Path
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import icalendar
import pytest

from conftest import TODAY
from golden_tool import LANGS, render_route, route_answers
from mobility_advisor import engine, ics, render
from mobility_advisor.loader import load_tree

ROUTES = sorted(load_tree().routes)
START, END = date(2027, 3, 1), date(2027, 3, 26)  # conftest.profile
DAY = timedelta(days=1)
LEARNER = "Léa Dupont"


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def calname(cal: icalendar.Calendar) -> str:
    """X-WR-CALNAME, unescaped as TEXT (icalendar leaves an X- property as it was written)."""
    return re.sub(r"\\([\\,;])", r"\1", str(cal["X-WR-CALNAME"]))


@lru_cache(maxsize=64)
def events(text: str) -> dict[str, icalendar.Event]:
    evs = parse(text).walk("VEVENT")
    by_uid = {str(e["UID"]): e for e in evs}
    assert len(by_uid) == len(evs), "two events share a UID"
    return by_uid


def event(text: str, milestone: str, on: date, learner: str = LEARNER, start: date = START) -> icalendar.Event:
    """The event of `milestone` on `on`: its UID is found only if it sits on that day."""
    evs = events(text)
    uid = ics.uid(learner, start, milestone, on)
    assert uid in evs, f"no event {milestone} on {on}: " + ", ".join(
        f"{e.decoded('DTSTART')} {e['SUMMARY']}" for e in evs.values())
    ev = evs[uid]
    assert ev.decoded("DTSTART") == on
    return ev


@pytest.fixture(scope="module")
def calendars(tree):
    return {(r, lang): render_route(tree, r, lang)["calendar.ics"] for r in ROUTES for lang in LANGS}


# --- A valid calendar -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_every_pack_has_a_valid_calendar(tree, calendars, route, lang):
    text = calendars[(route, lang)]
    cal = parse(text)
    assert cal.name == "VCALENDAR"
    assert str(cal["VERSION"]) == "2.0" and str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["PRODID"]).startswith("-//mobility-advisor//")
    assert route_answers(tree, route)["learner.name"] in calname(cal)
    evs = events(text)
    assert len(evs) >= 3
    stamp = datetime(2026, 11, 24, tzinfo=timezone.utc)  # the pack's `today`, not the clock
    for ev in evs.values():
        assert str(ev["UID"]).endswith("@mobility-advisor")
        assert ev.decoded("DTSTAMP") == stamp
        start = ev.decoded("DTSTART")
        assert type(start) is date, "all-day events"  # not a datetime
        assert ev.decoded("DTEND") == start + DAY
        assert str(ev["SUMMARY"]) and "\n" not in str(ev["SUMMARY"])
    # RFC 5545: CRLF line endings, lines folded at 75 octets
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert max(len(line.encode("utf-8")) for line in text.split("\r\n")) <= 75
    # and icalendar writes back what it read
    assert parse(parse(text).to_ical()).to_ical() == parse(text).to_ical()


def test_the_same_answers_give_the_same_file(tree, calendars):
    assert render_route(tree, "men", "fr")["calendar.ics"] == calendars[("men", "fr")]


# --- Dates: each milestone where the answers put it ---------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_departure_and_end_of_stay(tree, calendars, route, lang):
    text = calendars[(route, lang)]
    a = route_answers(tree, route)
    learner, host = a["learner.name"], a["org.host_company"]
    country = {"de": {"fr": "Allemagne", "en": "Germany"}, "be": {"fr": "Belgique", "en": "Belgium"}}[
        a["destination.country"]][lang]
    dep = event(text, "mobility.departure", START, learner)
    end = event(text, "mobility.end", END, learner)
    assert str(dep["SUMMARY"]).startswith({"fr": "Départ : ", "en": "Departure: "}[lang])
    assert str(end["SUMMARY"]).startswith({"fr": "Fin du séjour : ", "en": "End of stay: "}[lang])
    for ev in (dep, end):
        assert learner in str(ev["SUMMARY"]) and host in str(ev["SUMMARY"])
        assert country in str(ev["SUMMARY"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_every_dated_outcome_has_its_event_and_no_other(tree, calendars, route, lang):
    text = calendars[(route, lang)]
    result = engine.outcomes(tree, route_answers(tree, route), TODAY)
    shift = {"before": -DAY, "on": 0 * DAY, "on_or_after": 0 * DAY, "after": DAY}
    learner = route_answers(tree, route)["learner.name"]
    expected = {ics.uid(learner, START, "mobility.departure", START), ics.uid(learner, START, "mobility.end", END)}
    for item in result.items:
        if item.due is None:
            continue
        on = item.due + shift[item.outcome.due.relation]
        ev = event(text, item.outcome.id, on, learner)
        expected.add(str(ev["UID"]))
        assert item.outcome.text(lang) in ev.decoded("DESCRIPTION")
    assert set(events(text)) == expected, "an undated outcome has an event, or an event has no outcome"
    assert any(i.due is None for i in result.items)  # the check above does leave some out


def test_europass_request_and_learning_agreement_before_departure(calendars):
    fr, en = calendars[("europass", "fr")], calendars[("europass", "en")]
    eve = START - DAY  # the last day that is still before the departure
    assert str(event(fr, "participation.learning_agreement", eve)["SUMMARY"]) == (
        "Avant le 1er mars 2027 : Contrat pédagogique Erasmus+")
    assert str(event(en, "participation.learning_agreement", eve)["SUMMARY"]) == (
        "Before 1 March 2027: Erasmus+ learning agreement")
    request = event(fr, "europass.request_erasmus", eve)
    assert str(request["SUMMARY"]).startswith("Avant le 1er mars 2027 : ")
    assert "Europass" in request.decoded("DESCRIPTION")
    issue = event(en, "europass.issue", END + DAY)  # after the return
    assert str(issue["SUMMARY"]).startswith("After 26 March 2027: ")


def test_complement_on_the_last_day_and_mid_stay_follow_up(calendars):
    fr, en = calendars[("participation", "fr")], calendars[("participation", "en")]
    assert str(event(fr, "participation.complement_doc", END)["SUMMARY"]) == (
        "À partir du 26 mars 2027 : Complément au contrat pédagogique")
    assert str(event(en, "participation.complement_doc", END)["SUMMARY"]) == (
        "From 26 March 2027: Learning agreement complement")
    mid = date(2027, 3, 13)  # 1 + (26 - 1) // 2
    assert str(event(fr, "guide.during.follow_up", mid)["SUMMARY"]).startswith("Le 13 mars 2027 : Assurez le suivi")
    assert str(event(en, "guide.during.follow_up", mid)["SUMMARY"]).startswith("On 13 March 2027: ")


def test_men_second_part_within_three_months_of_return(calendars):
    ev = event(calendars[("men", "fr")], "men.part_two_timing", END + timedelta(days=89))
    assert str(ev["SUMMARY"]).startswith("Avant le 24 juin 2027 : ")


@pytest.mark.parametrize("lang", LANGS)
def test_description_holds_text_tip_file_and_source(tree, calendars, lang):
    o = tree.outcome("participation.learning_agreement")
    desc = event(calendars[("participation", lang)], o.id, START - DAY).decoded("DESCRIPTION")
    lines = desc.split("\n")
    assert lines[0] == o.text(lang)
    assert o.tip(lang) in lines[1]
    assert "learning_agreement.md" in desc
    from mobility_advisor import provenance

    assert provenance.plain_reference(tree, o, lang) in desc.replace("\n", " ")
    assert "domain-notes" not in desc


def test_reminder_a_week_before_deadlines_only(calendars):
    evs = events(calendars[("participation", "en")])
    for ev in evs.values():
        alarms = ev.walk("VALARM")
        summary = str(ev["SUMMARY"])
        if summary.startswith("Before ") or summary.startswith("Departure"):
            assert len(alarms) == 1, summary
            assert alarms[0].decoded("TRIGGER") == timedelta(days=-7)
            assert str(alarms[0]["ACTION"]) == "DISPLAY" and str(alarms[0]["DESCRIPTION"])
        else:
            assert alarms == [], summary


# --- Unknown dates -----------------------------------------------------------------------------


def test_without_an_end_date_end_anchored_milestones_stay_in_the_checklist_only(tree):
    answers = route_answers(tree, "participation")
    answers.pop("mobility.end")
    result = engine.outcomes(tree, answers, TODAY, prune=False)
    files = render.pack_files(tree, result, "fr", TODAY)
    evs = events(files["calendar.ics"])
    event(files["calendar.ics"], "participation.learning_agreement", START - DAY)  # start-anchored: kept
    assert ics.uid(LEARNER, START, "mobility.end", END) not in evs
    assert ics.uid(LEARNER, START, "participation.complement_doc", END) not in evs
    assert len(evs) == 1 + sum(1 for i in result.items if i.due is not None)
    assert "Complément au contrat pédagogique" in files["index.md"]  # still in the pack
    assert "complément au contrat pédagogique" in files["checklist.md"]


def test_without_a_start_date_no_calendar_and_no_link(tree):
    answers = {k: v for k, v in route_answers(tree, "participation").items() if not k.startswith("mobility.")}
    answers["mobility.funding"] = "erasmus"
    result = engine.outcomes(tree, answers, TODAY, prune=False)
    files = render.pack_files(tree, result, "en", TODAY)
    assert "calendar.ics" not in files and "calendar.ics" not in files["index.md"]
    assert render.calendar_ics(tree, result, "en", TODAY) is None


@pytest.mark.parametrize("lang", LANGS)
def test_index_links_the_calendar(tree, lang):
    index = render_route(tree, "participation", lang)["index.md"]
    label = {"fr": "Calendrier des échéances", "en": "Calendar of milestones"}[lang]
    assert any(line.startswith(f"- [{label}") and line.endswith("](calendar.ics)") for line in index.splitlines())


# --- Writing and escaping ----------------------------------------------------------------------


def test_write_pack_keeps_crlf_in_the_calendar_and_lf_in_markdown(tree, tmp_path):
    files = render_route(tree, "europass", "fr")
    out = render.write_pack(files, tmp_path / "pack")
    raw = (out / "calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 20 and b"\r\r" not in raw
    assert raw.decode("utf-8") == files["calendar.ics"]
    assert b"\r" not in (out / "index.md").read_bytes()
    assert parse(raw).walk("VEVENT")


HOSTILE_NAMES = [
    "Dupont, Léa; dite \"Lili\" \\ la Grande",
    "李小龙 · 北京烹饪学校, 第二组; ليلى بن علي",
    "Marie-Éloïse, " * 8 + "de la Tour; d'Auvergne",
    "BEGIN:VEVENT END:VCALENDAR SUMMARY:x",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_learner_name_is_escaped_and_round_trips(tree, calendars, name):
    q = tree.questions["learner.name"]
    typed = engine.parse_answer(q, name[: q.max_length], {})
    host = engine.parse_answer(tree.questions["org.host_company"], "Bäckerei; Schulz, & Söhne", {})
    files = render_route(tree, "participation", "fr", **{"learner.name": typed, "org.host_company": host})
    text = files["calendar.ics"]
    cal = parse(text)
    assert calname(cal).startswith(f"Mobilité de {typed} (")
    dep = event(text, "mobility.departure", START, learner=typed)
    assert str(dep["SUMMARY"]) == f"Départ : mobilité de {typed} chez {host} (Allemagne)"
    assert len(cal.walk("VEVENT")) == len(events(calendars[("participation", "fr")]))  # none injected
    # TEXT values: every , ; \ and newline escaped with a backslash (RFC 5545 §3.3.11)
    for line in text.replace("\r\n ", "").split("\r\n"):
        prop, _, value = line.partition(":")
        if prop in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
            bare = re.sub(r"\\[\\,;nN]", "", value)
            assert not re.search(r"[,;\\]", bare), line


def test_uids_are_stable_across_languages_and_depend_on_the_learner(tree, calendars):
    assert set(events(calendars[("men", "fr")])) == set(events(calendars[("men", "en")]))
    other = render_route(tree, "men", "fr", **{"learner.name": "Karim Benali"})["calendar.ics"]
    assert not set(events(other)) & set(events(calendars[("men", "fr")]))


# --- Summaries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, short", [
    ("Faites signer le contrat.", "Faites signer le contrat."),
    ("Vérifiez et rassemblez les pièces nécessaires au départ : CV, lettre de motivation, autorisation",
     "Vérifiez et rassemblez les pièces nécessaires au départ…"),
    ("Assurez le suivi : vérifiez que les conditions de travail et de formation respectent les documents",
     "Assurez le suivi…"),
    ("Organisez l'accueil et l'installation des apprenants, et accompagnez-les dans les entreprises d'accueil.",
     "Organisez l'accueil et l'installation des apprenants, et accompagnez-les dans…"),
    ("x" * 100, "x" * 80 + "…"),
])
def test_short_summary(text, short):
    assert ics.short(text) == short
    assert len(ics.short(text)) <= ics.SUMMARY_MAX + 1


# --- The hand-written writer ---------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "SUMMARY:" + "é" * 100,                      # 2-octet characters
    "DESCRIPTION:" + "a" * 60 + "𝄞" * 30,         # 4-octet characters across the limit
    "DESCRIPTION:" + "x\\, " * 40,                # escapes near every cut
    "SUMMARY:short",
    "X:" + "a" * 72,                              # exactly 74 octets: not folded
    "X:" + "a" * 73,                              # 75 octets: folded
])
def test_fold_keeps_lines_within_75_octets_and_characters_whole(line):
    folded = ics.fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line  # unfolds to the same line
    assert not any(p.endswith("\\") for p in physical[:-1]), "an escape cut in two"
    assert (len(physical) == 1) == (len(line.encode("utf-8")) < 75)


@pytest.mark.parametrize("text", [
    "a, b; c \\ d",
    "line one\nline two\r\nline three\rfour",
    "ça coûte 12 € ; « guillemets », fin\\",
])
def test_escape_text_round_trips_through_icalendar(text):
    escaped = ics.escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", ics.fold("SUMMARY:" + escaped), "END:VEVENT",
             "END:VCALENDAR"]
    (ev,) = parse("\r\n".join(lines) + "\r\n").walk("VEVENT")
    assert str(ev["SUMMARY"]) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_no_runtime_import_of_icalendar(tree):
    import subprocess
    import sys

    code = ("import sys; from conftest import profile; from golden_tool import render_route; "
            "from mobility_advisor.loader import load_tree; "
            "files = render_route(load_tree(), 'men', 'fr'); assert 'calendar.ics' in files; "
            "print('icalendar' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).parent), check=True).stdout
    assert out.strip() == "False"
