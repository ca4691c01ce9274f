"""`ask` in every language the tool speaks, in a pseudo-terminal, choosing by the labels shown.

The test knows the answers by question id; what it types and waits for is what a referent of
that language reads: the question's words (worded for the sending system) and the choices'
labels, taken from the rules in that language. It then reads the pack the wizard wrote.
"""

from __future__ import annotations

import sys
from datetime import date

import pytest

from mobility_advisor.i18n import messages as i18n
from mobility_advisor.cli import wizard_outcomes
from mobility_advisor.engine.engine import offered, parse_answer, walk, wording
from mobility_advisor.i18n.localize import format_date
from mobility_advisor.rules.model import LANGS
from wizard_driver import Ask, confirm

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

# French has its own hand-written scripts (test_ask_tty.py); every other language runs here
LANGS_HERE = [lang for lang in LANGS if lang != "fr"]


def _prefix(text: str) -> str:
    """The first words of a question as the screen shows them (the rest may wrap)."""
    return text if len(text) <= 40 else text[:40].rsplit(" ", 1)[0]


def drive(a: Ask, tree, lang: str, plan: dict) -> dict:
    """Answer every question the engine asks, in the order it asks them, by visible labels.

    `plan` gives an answer per question id (a choice's value, a list of values, True/False,
    a typed text or an ISO date); a question left out of the plan takes its default, or the
    first choice offered, or a blank when it is optional.
    """
    answers: dict = {}
    while (q := walk(tree, answers).next) is not None:
        text = _prefix(wording(q, answers)[0](lang))
        value = plan.get(q.id, q.default)
        if value is None and q.kind == "single":
            value = offered(q, answers)[0].value
        if q.kind == "single":
            assert value is not None, f"no answer planned for {q.id}"
            assert q.choice(value) is not None, (q.id, value)
            a.select(text, q.choice(value).label(lang))
        elif q.kind == "multiple":
            a.check(text, *(q.choice(v).label(lang) for v in value))
        elif q.kind == "yesno":
            a.select(text, i18n.msg("yes" if value else "no", lang))
        else:
            assert value is not None or q.optional, f"no answer planned for {q.id}"
            a.text(text, value or "")
        answers[q.id] = parse_answer(q, value if value is not None else "", answers)
    return answers


def words(lang: str) -> dict:
    return {"outcomes_menu": wizard_outcomes.msg("menu", lang, n=0).split("(")[0].strip(),
            "outcomes_done": wizard_outcomes.msg("done", lang),
            "confirm": i18n.msg("confirm", lang), "write": i18n.msg("write", lang)}


COMMON = {
    "learner.name": "Ana García", "learner.birth_date": "2006-05-14", "learner.qualification": "Cocina y gastronomía",
    "learner.eqf_level": "4", "org.sending": "Escuela de FP", "learner.apprentice": False,
    "org.host_partner": "Partner Europe", "org.host_company": "Hotel Europa", "tutor.name": "Marie Roux",
    "tutor.function": "Chef", "mobility.start": "2027-03-01", "mobility.end": "2027-03-26", "mobility.funding": "erasmus",
    "participation.attestation": True, "participation.other_evidence": False,
}


def _pack_text(pack) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(pack.glob("*.md")))


@pytest.mark.parametrize("lang", LANGS_HERE)
def test_a_catalan_school_qbid_pack_names_sepie_and_no_french_body(tmp_path, tree, lang):
    a = Ask(tmp_path, lang=lang)
    plan = {**COMMON, "goals": ["participation", "certification"], "org.sending_country": "es_ct",
            "destination.country": "fr", "certification.certifier": "qbid",
            "qbid.catalan_tutor": "Jordi Puig", "qbid.module": "Cuina", "qbid.sbid_name": "Maria Soler"}
    answers = drive(a, tree, lang, plan)
    confirm(a, words(lang))
    assert a.finish() == 0
    text = _pack_text(a.out)
    assert "SEPIE" in text
    for french_body in ("France Éducation", "Agence Erasmus+ France", "DAREIC", "rectorat"):
        assert french_body not in text, french_body
    # the pack speaks the language chosen: the document titles are the rules' titles in it
    index = (a.out / "index.md").read_text(encoding="utf-8")
    assert tree.outcome("participation.learning_agreement").title(lang) in index
    assert tree.outcome("qbid.agreement").title(lang) in index
    assert answers["certification.certifier"] == "qbid"


@pytest.mark.parametrize("lang", LANGS_HERE)
def test_a_navarra_school_gets_the_general_certification_advice(tmp_path, tree, lang):
    a = Ask(tmp_path, lang=lang)
    plan = {**COMMON, "goals": ["certification"], "org.sending_country": "es", "destination.country": "de",
            "certification.certifier": "other", "certification.in_framework": "yes"}
    answers = drive(a, tree, lang, plan)
    confirm(a, words(lang))
    assert a.finish() == 0
    names = {p.name for p in a.out.iterdir()}
    assert not names & {"men_unit_file.md", "btm_file.md", "qbid_agreement.md"}
    checklist = (a.out / "checklist.md").read_text(encoding="utf-8")
    assert "SEPIE" in _pack_text(a.out)
    general = [o for o in tree.outcomes if o.id.startswith("certification.") and o.kind == "step"]
    assert any(o.text(lang)[:30] in checklist for o in general)
    assert "certification.certifier" not in answers or answers["certification.certifier"] not in ("men", "cma_btm")


@pytest.mark.parametrize("lang", LANGS_HERE)
def test_a_german_sender_is_asked_no_french_question(tmp_path, tree, lang):
    a = Ask(tmp_path, lang=lang)
    plan = {**COMMON, "goals": ["participation"], "org.sending_country": "de", "learner.apprentice": True,
            "org.sending_company": "Bäckerei Schulz", "destination.country": "fr"}
    answers = drive(a, tree, lang, plan)
    confirm(a, words(lang))
    assert a.finish() == 0
    # the French apprentice's questions (arrangement, contract dates) were never asked
    assert not {"apprentice.arrangement", "apprentice.contract_start"} & set(answers)
    assert not (a.out / "mobility_convention.md").exists()
    text = _pack_text(a.out)
    assert "France Éducation" not in text
    # dates written as the language writes them (Babel)
    assert format_date(date(2027, 3, 26), lang) in text
