"""Issue #28, content items: what careful referents noticed in the packs (each test failed on the old code)."""

import os
import subprocess
import sys

import pytest
import yaml

from mobility_advisor.engine.learning import LearningError, parse_results

from test_learning import answers_doc, plain

AFTER_EXAM = "2027-07-01"  # a day after the exam date the results below give


def render(tmp_path, doc, lang_env="fr_FR.UTF-8", today=AFTER_EXAM):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=today, LANG=lang_env)
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml", "-o", "pack",
                           "--host-lang", "none"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


def read(tmp_path, name):
    return plain((tmp_path / "pack" / name).read_text(encoding="utf-8"))


FAILED = {"men.mark": 12, "diploma_passed": False, "men.exam_date": "2027-06-20"}


# --- item 1: seed 000 says "five years" with no starting point; a date is only an estimate -------------

@pytest.mark.parametrize("lang,estimate,fact", [
    ("fr", ["estimation", "à partir de la date de l'épreuve", "à confirmer auprès du rectorat", "20 juin 2032"],
     "(cinq ans après le 20 juin 2027)"),
    ("en", ["estimate", "from the exam date", "to confirm with the rectorat", "20 June 2032"],
     "(five years after 20 June 2027)"),
])
def test_five_year_end_is_an_estimate_to_confirm(tmp_path, lang, estimate, fact):
    r = render(tmp_path, answers_doc("men", lang, results=FAILED))
    assert r.returncode == 0, r.stderr
    for name in ("men_unit_file.md", "validation_record.md", "checklist.md"):
        body = read(tmp_path, name)
        assert fact not in body, name
        for w in estimate:
            assert w in body, (name, w)


def test_no_end_date_without_the_exam_date(tmp_path):
    """The assessment date is not the exam's: no end date is worked out from it."""
    results = {"assessed_on": "2027-03-26", "men.mark": 12, "diploma_passed": False}
    r = render(tmp_path, answers_doc("men", "en", results=results))
    assert r.returncode == 0, r.stderr
    assert "2032" not in read(tmp_path, "men_unit_file.md")
    assert "give the exam date" in read(tmp_path, "validation_record.md")


# --- item 5: results dated after today are refused, AFTER steps not ticked before the end -----------------

@pytest.mark.parametrize("key", ["assessed_on", "men.exam_date"])
def test_result_dated_after_today_refused(key):
    from datetime import date
    raw = {"men.mark": 12, "diploma_passed": False, key: "2027-03-26"}
    with pytest.raises(LearningError) as e:
        parse_results(raw, (), answers_doc("men")["answers"], today=date(2026, 12, 7))
    assert "26" in e.value.text("en") and "after today" in e.value.text("en")
    assert "postérieure à aujourd'hui" in e.value.text("fr")
    assert parse_results(raw, (), answers_doc("men")["answers"], today=date(2027, 3, 26)) is not None


@pytest.mark.parametrize("lang,expect", [("fr", "postérieure à aujourd'hui"), ("en", "after today")])
def test_render_refuses_results_from_the_future(tmp_path, lang, expect):
    """Results of 26 March 2027 recorded on 7 December 2026 (the case the issue reports)."""
    results = {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved"}}
    r = render(tmp_path, answers_doc("men", lang, results=results), today="2026-12-07")
    assert r.returncode == 2, r.stderr
    assert expect in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "pack").exists()


@pytest.mark.parametrize("today,ticked", [("2027-03-10", False), ("2027-03-26", True)])
def test_after_steps_not_ticked_before_the_mobility_ends(tmp_path, today, ticked):
    """The mobility ends on 26 March 2027 (conftest.profile): a result recorded before then ticks no AFTER step."""
    results = {"assessed_on": "2027-03-09", "outcomes": {"EX-1": "achieved"}}
    r = render(tmp_path, answers_doc("men", "en", results=results), today=today)
    assert r.returncode == 0, r.stderr
    checklist = read(tmp_path, "checklist.md")
    assert "Decide whether the learning outcomes are validated" in checklist
    assert ("- [x] " in checklist) is ticked
