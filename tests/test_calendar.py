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
from mobility_advisor.engine import engine
from mobility_advisor.formats import ics, rfc5545
from mobility_advisor.i18n import localize
from mobility_advisor.pack import packdir
from mobility_advisor.pack import render
from mobility_advisor.rules.loader import load_tree

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


def stay(text: str) -> icalendar.Event:
    """The one event that lasts more than a day: the stay."""
    (ev,) = [e for e in events(text).values() if e.decoded("DTEND") - e.decoded("DTSTART") > DAY]
    return ev


def day(text: str, on: date) -> icalendar.Event:
    """The one-day event of `on`, which lists that day's actions."""
    found = [e for e in events(text).values()
             if e.decoded("DTSTART") == on and e.decoded("DTEND") == on + DAY]
    assert len(found) == 1, f"{len(found)} events on {on}: " + ", ".join(
        f"{e.decoded('DTSTART')} {e['SUMMARY']}" for e in events(text).values())
    return found[0]


def alarms(text: str) -> list[tuple[date, icalendar.Alarm, icalendar.Event]]:
    """(the day it fires, alarm, its event) for every alarm of the calendar."""
    out = []
    for ev in events(text).values():
        for alarm in ev.walk("VALARM"):
            fire = datetime.combine(ev.decoded("DTSTART"), datetime.min.time()) + alarm.decoded("TRIGGER")
            out.append((fire.date(), alarm, ev))
    return out


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
        assert type(start) is date and type(ev.decoded("DTEND")) is date, "all-day events"  # not datetimes
        assert ev.decoded("DTEND") == start + DAY or ev is stay(text)
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
def test_the_stay_is_one_multi_day_event(tree, calendars, route, lang):
    text = calendars[(route, lang)]
    a = route_answers(tree, route)  # the qBID and BTM goldens have their own learner and hosts
    country = localize.country_name(a["destination.country"], lang)
    ev = stay(text)
    assert ev.decoded("DTSTART") == START and ev.decoded("DTEND") == END + DAY  # DTEND: the day after the end
    summary = str(ev["SUMMARY"])
    assert summary.startswith(ics._msg("stay", lang, who="", where="").strip())
    assert a["learner.name"] in summary and a["org.host_company"] in summary
    assert country in summary
    span = ics._msg("span_long", lang, start=localize.format_date(START, lang), end=localize.format_date(END, lang))
    assert span in ev.decoded("DESCRIPTION")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_one_event_per_day_listing_every_outcome_due_that_day(tree, calendars, route, lang):
    text = calendars[(route, lang)]
    result = engine.outcomes(tree, route_answers(tree, route), TODAY)
    shift = {"before": -DAY, "on": 0 * DAY, "on_or_after": 0 * DAY, "after": DAY}
    days = [e.decoded("DTSTART") for e in events(text).values() if e is not stay(text)]
    assert len(days) == len(set(days)), "two events on the same day"
    expected = set()
    for item in result.items:
        if item.due is None:
            continue
        on = item.due + shift[item.outcome.due.relation]
        desc = day(text, on).decoded("DESCRIPTION")
        assert render.typography(item.outcome.text(lang), lang) in desc, (item.outcome.id, on)
        expected.add(on)
    check_ins = {START + k * 7 * DAY for k in (1, 2, 3)}
    assert set(days) == expected | check_ins | {END + 7 * DAY}, "an event with no action, or an action missing"
    assert any(i.due is None for i in result.items)  # the check above does leave some out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_at_most_one_reminder_a_day_listing_that_days_actions(calendars, route, lang):
    text = calendars[(route, lang)]
    fired = alarms(text)
    fire_days = [d for d, _, _ in fired]
    assert len(fire_days) == len(set(fire_days)), "two alarms on the same day"
    by_day = {d: a for d, a, _ in fired}
    for ev in events(text).values():
        if ev is stay(text):
            continue
        on = ev.decoded("DTSTART")
        assert on in by_day, f"no reminder on {on}"
        reminder = by_day[on]
        assert str(reminder["ACTION"]) == "DISPLAY"
        assert reminder.decoded("TRIGGER") in (timedelta(hours=9), timedelta(hours=9) - 7 * DAY)
    for d, alarm, ev in fired:  # each reminder at 9:00 on the day it names
        assert datetime.combine(ev.decoded("DTSTART"), datetime.min.time()) + alarm.decoded("TRIGGER") == (
            datetime.combine(d, datetime.min.time()) + timedelta(hours=9))


def test_ten_actions_due_the_same_day_ring_once(calendars):
    text = calendars[("men", "en")]
    eve = day(text, START - DAY)
    # (the French apprentice's mobility convention, signed before departure, issue 16; the host
    # brief, sent before the learner arrives, issue 15)
    assert str(eve["SUMMARY"]) == "Before 1 March 2027: 6 actions, mobility of Léa Dupont"
    on_the_eve = [a for d, a, _ in alarms(text) if d == START - DAY]
    week_before = [a for d, a, _ in alarms(text) if d == START - 8 * DAY]
    assert len(on_the_eve) == len(week_before) == 1
    for alarm in (on_the_eve[0], week_before[0]):
        lines = alarm.decoded("DESCRIPTION").splitlines()
        assert sum(line.startswith("- Before 1 March 2027: ") for line in lines) == 6
        assert "- Before 1 March 2027: Host brief" in lines
        assert "- Before 1 March 2027: Mobility convention for the apprentice" in lines
        assert "- Before 1 March 2027: Erasmus+ learning agreement" in lines
    assert week_before[0].decoded("DESCRIPTION").startswith("In a week, on 28 February 2027:")


def test_europass_request_and_learning_agreement_before_departure(calendars):
    fr, en = calendars[("europass", "fr")], calendars[("europass", "en")]
    eve = START - DAY  # the last day that is still before the departure
    assert "- Avant le 1er mars 2027\u00a0: Contrat pédagogique Erasmus+" in day(fr, eve).decoded("DESCRIPTION")
    assert "- Before 1 March 2027: Erasmus+ learning agreement" in day(en, eve).decoded("DESCRIPTION")
    assert str(day(fr, eve)["SUMMARY"]).startswith("Avant le 1er mars 2027\u00a0: ")
    assert "Europass" in day(fr, eve).decoded("DESCRIPTION")
    assert "After 26 March 2027: " in day(en, END + DAY).decoded("DESCRIPTION")  # issued after the return


def test_complement_on_the_last_day_and_mid_stay_follow_up(calendars):
    fr, en = calendars[("participation", "fr")], calendars[("participation", "en")]
    assert "- À partir du 26 mars 2027\u00a0: Complément au contrat pédagogique" in day(fr, END).decoded("DESCRIPTION")
    assert "- From 26 March 2027: Learning agreement complement" in day(en, END).decoded("DESCRIPTION")
    assert str(day(fr, END)["SUMMARY"]).startswith("Le 26 mars 2027\u00a0: ")  # "le" and "à partir du": the day
    mid = date(2027, 3, 13)  # 1 + (26 - 1) // 2
    assert str(day(fr, mid)["SUMMARY"]).startswith("Le 13 mars 2027\u00a0: Assurez le suivi")
    assert str(day(en, mid)["SUMMARY"]).startswith("On 13 March 2027: ")


@pytest.mark.parametrize("lang", LANGS)
def test_check_ins_every_week_during_the_stay(calendars, lang):
    text = calendars[("participation", lang)]
    for on in (date(2027, 3, 8), date(2027, 3, 15), date(2027, 3, 22)):
        ev = day(text, on)
        assert str(ev["SUMMARY"]).endswith(ics._msg("check_in", lang))
        assert ics._msg("weekly", lang) in ev.decoded("DESCRIPTION")


def test_check_ins_every_two_weeks_in_a_long_stay(tree):
    answers = route_answers(tree, "participation")
    answers["mobility.end"] = date(2027, 6, 30)
    files = render.pack_files(tree, engine.outcomes(tree, answers, TODAY), "en", TODAY)
    text = files["calendar.ics"]
    check_ins = sorted(e.decoded("DTSTART") for e in events(text).values() if "Check-in" in str(e["SUMMARY"]))
    assert check_ins[0] == START + 14 * DAY and {b - a for a, b in zip(check_ins, check_ins[1:])} == {14 * DAY}
    assert check_ins[-1] < date(2027, 6, 30)


@pytest.mark.parametrize("lang", LANGS)
def test_a_week_after_the_end_the_complement_assessment_and_results_are_chased(tree, calendars, lang):
    text = calendars[("integration", lang)]
    ev = day(text, END + 7 * DAY)
    assert str(ev["SUMMARY"]).endswith(ics._msg("follow_up", lang))
    desc = ev.decoded("DESCRIPTION")
    complement = tree.outcome("participation.complement_doc").title(lang)
    assessment = ics.short(tree.outcome("guide.during.assess_with_tutor").text(lang))
    results = ics.short(tree.outcome("guide.after.gather_results").text(lang))
    for step in (complement, assessment, results):
        assert step in desc, step
    assert [d for d, _, _ in alarms(text) if d == END + 7 * DAY]


def test_men_second_part_within_three_months_of_return(calendars):
    ev = day(calendars[("men", "fr")], END + timedelta(days=89))
    assert str(ev["SUMMARY"]).startswith("Avant le 24 juin 2027\u00a0: ")


@pytest.mark.parametrize("lang", LANGS)
def test_description_holds_text_tip_file_and_source(tree, calendars, lang):
    o = tree.outcome("guide.during.follow_up")
    desc = day(calendars[("participation", lang)], date(2027, 3, 13)).decoded("DESCRIPTION")
    lines = desc.split("\n")
    typo = render.typography  # the calendar's texts have the pack's typography (French no-break spaces)
    assert lines[0] == typo(o.text(lang), lang)
    assert typo(o.tip(lang), lang) in lines[1]
    from mobility_advisor.pack import provenance

    flat = desc.replace("\n", " ")
    assert typo(provenance.plain_reference(tree, o, lang), lang) in flat and "domain-notes" not in desc
    la = tree.outcome("participation.learning_agreement")
    eve = day(calendars[("participation", lang)], START - DAY).decoded("DESCRIPTION")
    assert typo(la.text(lang), lang) in eve and typo(la.tip(lang), lang) in eve and "learning_agreement.md" in eve
    assert typo(provenance.plain_reference(tree, la, lang), lang) in eve.replace("\n", " ")


@pytest.mark.parametrize("formats, checklist", [("html", "checklist.html"), ("docx,odt", "checklist.docx"),
                                                ("md,docx", "checklist.md")])
def test_the_calendar_names_the_files_the_pack_has(tree, formats, checklist):
    from mobility_advisor.formats import convert

    files = render_route(tree, "participation", "en")
    out = convert.convert_files(files, formats, "en")
    text = out["calendar.ics"]
    unfolded = text.replace("\r\n ", "")
    assert checklist in out and checklist in unfolded
    assert re.findall(r"[\w-]+\.(?:md|html|docx|odt|pdf)\b", unfolded) and all(
        name in out for name in re.findall(r"[\w-]+\.(?:md|html|docx|odt|pdf)\b", unfolded))
    assert max(len(line.encode("utf-8")) for line in text.split("\r\n")) <= 75
    assert parse(text).walk("VEVENT")


def test_relink_for_a_pdf_pack():
    text = rfc5545.fold("DESCRIPTION:" + "x" * 60 + " See also checklist.md and learning_agreement.md, not other.md") + "\r\n"
    out = ics.relink(text, {"checklist", "learning_agreement"}, "pdf")
    flat = out.replace("\r\n ", "")
    assert "checklist.pdf" in flat and "learning_agreement.pdf" in flat and "other.md" in flat
    assert ".md" not in flat.replace("other.md", "")


# --- Unknown dates -----------------------------------------------------------------------------


def test_without_an_end_date_end_anchored_milestones_stay_in_the_checklist_only(tree):
    answers = route_answers(tree, "participation")
    answers.pop("mobility.end")
    result = engine.outcomes(tree, answers, TODAY, prune=False)
    files = render.pack_files(tree, result, "fr", TODAY)
    text = files["calendar.ics"]
    evs = events(text)
    assert "Contrat pédagogique Erasmus+" in day(text, START - DAY).decoded("DESCRIPTION")  # start-anchored
    only = [e for e in evs.values() if e.decoded("DTSTART") == START and e.decoded("DTEND") == START + DAY]
    assert len(only) == 2  # the stay, known by its first day only, and that day's actions
    assert all(e.decoded("DTSTART") < END for e in evs.values())  # nothing anchored to the unknown end
    assert "Check-in" not in text and "Point de suivi" not in text
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
    label = {"fr": "Calendrier des échéances", "en": "Calendar of milestones", "es": "Calendario de plazos",
             "ca": "Calendari de terminis", "de": "Fristenkalender"}[lang]
    assert any(line.startswith(f"- [{label}") and line.endswith("](calendar.ics)") for line in index.splitlines())


# --- Writing and escaping ----------------------------------------------------------------------


def test_write_pack_keeps_crlf_in_the_calendar_and_lf_in_markdown(tree, tmp_path):
    files = render_route(tree, "europass", "fr")
    out = packdir.write_pack(files, tmp_path / "pack").path
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
    assert str(stay(text)["SUMMARY"]) == f"Mobilité de {typed} chez {host} (Allemagne)"
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
    folded = rfc5545.fold(line)
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
    escaped = rfc5545.escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", rfc5545.fold("SUMMARY:" + escaped), "END:VEVENT",
             "END:VCALENDAR"]
    (ev,) = parse("\r\n".join(lines) + "\r\n").walk("VEVENT")
    assert str(ev["SUMMARY"]) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_no_runtime_import_of_icalendar(tree):
    import subprocess
    import sys

    code = ("import sys; from conftest import profile; from golden_tool import render_route; "
            "from mobility_advisor.rules.loader import load_tree; "
            "files = render_route(load_tree(), 'men', 'fr'); assert 'calendar.ics' in files; "
            "print('icalendar' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).parent), check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("route", ["men", "integration"])
def test_one_alarm_a_day_whatever_the_length_of_the_stay(tree, route):
    """Short stays put deadlines, check-ins and end-of-stay steps close together: still one alarm a day."""
    for days in (*range(1, 16), 29, 57, 120):
        answers = route_answers(tree, route)
        answers["mobility.end"] = START + (days - 1) * DAY
        text = render.pack_files(tree, engine.outcomes(tree, answers, TODAY), "fr", TODAY)["calendar.ics"]
        fire_days = [d for d, _, _ in alarms(text)]
        assert len(fire_days) == len(set(fire_days)), (days, sorted(fire_days))
        stays = [e for e in events(text).values() if str(e["SUMMARY"]).startswith("Mobilité de ")]
        assert len(stays) == 1 and stays[0].decoded("DTEND") == START + days * DAY, days
        action_days = [e.decoded("DTSTART") for e in events(text).values() if e is not stays[0]]
        assert len(action_days) == len(set(action_days)), days


# --- French typography ---------------------------------------------------------------------------

_PLAIN_SPACE_SIGN = re.compile(r" [;:?!»]|« ")


def _texts(text: str) -> list[str]:
    """Every text a calendar program shows: the calendar's name, each event's summary and
    description, each reminder's description (unescaped by icalendar)."""
    cal = parse(text)
    out = [calname(cal)]
    for ev in cal.walk("VEVENT"):
        out += [str(ev["SUMMARY"]), str(ev.get("DESCRIPTION", ""))]
        out += [str(a["DESCRIPTION"]) for a in ev.walk("VALARM")]
    return out


@pytest.mark.parametrize("route", ROUTES)
def test_french_calendar_texts_have_no_break_spaces_like_the_pack(calendars, route):
    """As in every other file of a French pack, a no-break space (not a plain one) before : ; ? ! »
    and after «, in the summaries, descriptions and reminders; the English calendar has none."""
    fr = _texts(calendars[(route, "fr")])
    bad = [t for t in fr if _PLAIN_SPACE_SIGN.search(t)]
    assert not bad, bad[:3]
    assert sum("\u00a0:" in t for t in fr) >= 3  # "Avant le 28 février 2027 : …" and the like
    en = _texts(calendars[(route, "en")])
    assert not any("\u00a0:" in t or "\u00a0;" in t for t in en)

