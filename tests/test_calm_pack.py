"""A calmer pack (issue 18): one action once, actions that start with a verb, the language a
referent writes, and one French typography rule applied everywhere."""

from __future__ import annotations

import re

import pytest

from conftest import TODAY, profile
from golden_tool import render_route
from mobility_advisor.engine import engine
from mobility_advisor.pack import render

LANGS = ("fr", "en")
ROUTES = ("participation", "europass", "integration", "men", "btm", "qbid")
BOX = "- [ ] "


@pytest.fixture(scope="module")
def packs(tree):
    return {(r, lang): render_route(tree, r, lang) for r in ROUTES for lang in LANGS}


def full_pack(tree, lang):
    """Every goal at once, an apprentice with Erasmus+: where duplicates used to show."""
    answers = profile(goals=["participation", "learning_outcomes", "integration"], **{
        "participation.attestation": True, "participation.other_evidence": False,
        "integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv"],
        "integration.methods": ["observation", "test", "jury"], "integration.test_before": True,
        "integration.record": ["grid", "minutes", "certificate"]})
    return render.pack_files(tree, engine.outcomes(tree, answers, TODAY), lang, TODAY)


def rule_ids(checklist: str) -> list[str]:
    return re.findall(r'\(#sources "([a-z0-9_.]+)"\)', checklist)


@pytest.mark.parametrize("lang", LANGS)
def test_one_action_once_in_its_phase(tree, lang):
    checklist = full_pack(tree, lang)["checklist.md"]
    body = checklist.split("\n## Sources\n")[0]
    items = [ln for ln in body.splitlines() if ln.startswith(("- ", "  - "))]
    ids = [rule_ids(ln)[0] for ln in items if rule_ids(ln)]
    assert len(ids) == len(set(ids))
    phases = body.split("\n## ", 2)[2]  # after the caveats: the phases' actions and tips
    lines = [ln for ln in phases.splitlines() if ln.startswith(("- ", "  - "))]
    terms = {"fr": ("complément au contrat pédagogique", "attestation de participation", "plus tôt",
                    "types de compétences"),
             "en": ("learning agreement complement", "certificate of participation", "as early as",
                    "types of competence")}[lang]
    for k, term in enumerate(terms):  # the two signatures: one box each; the two tips: said once
        said = [ln for ln in lines if term in ln and (k >= 2 or ln.startswith(BOX))]
        assert len(said) == 1, (term, said)


def test_every_step_and_document_starts_with_a_verb(tree):
    not_verbs_en = {"A", "An", "The", "If", "In", "When", "Erasmus+", "Before", "After", "At", "For", "Your", "With",
                    "Once", "This", "Each", "Every"}
    for o in tree.outcomes:
        if o.kind not in ("step", "document"):
            continue
        first_fr = o.text.fr.split()[0].rstrip(",:")
        assert re.search(r"(ez|tes)$", first_fr) or first_fr.endswith("-vous"), (o.id, o.text.fr)
        first_en = o.text.en.split()[0]
        assert first_en[0].isupper() and first_en not in not_verbs_en, (o.id, o.text.en)


@pytest.mark.parametrize("route", ROUTES)
def test_every_french_checklist_box_is_an_action(packs, route):
    for ln in packs[(route, "fr")]["checklist.md"].splitlines():
        # a point to check first states the point, then whom to check it with (the line says
        # "check" once: test_polish_languages); every other box starts with its verb
        if ln.startswith(BOX) and "**À vérifier avec\u00a0:**" not in ln:
            first = ln[len(BOX):].split()[0].rstrip(",:")
            assert re.search(r"(ez|tes)$", first) or first.endswith("-vous"), ln[:80]


@pytest.mark.parametrize("route", ROUTES)
def test_french_typography_everywhere_in_the_french_pack(packs, route):
    for name, text in packs[(route, "fr")].items():
        if not name.endswith(".md"):
            continue
        for ln in text.splitlines():
            assert not re.search(r" \\?[;:?!»]", ln), (name, ln[:120])
            assert "« " not in ln, (name, ln[:120])
        assert "\u00a0:" in text
    for name, text in packs[(route, "en")].items():
        assert "\u00a0" not in text, name  # English keeps ordinary spaces


def test_typography_rule():
    assert render.typography("Échéance : demain ; vraiment ? oui ! « Mobilité Pro »", "fr") == \
        "Échéance\u00a0: demain\u00a0; vraiment\u00a0? oui\u00a0! «\u00a0Mobilité Pro\u00a0»"
    assert render.typography("https://x.eu 10/20: ok", "fr") == "https://x.eu 10/20: ok"
    assert render.typography("Due: soon", "en") == "Due: soon"


@pytest.mark.parametrize("lang,banned", [
    ("en", ("Follow the learner up", "Due: on", "Due: before", "Due: after", "YYYY-MM-DD", "Check with: The",
            "Check with: Your")),
    ("fr", ("questionnaires à vous", "jamais d'avant", "Briefez", " book ", "AAAA-MM-JJ", "vérifier avec : Le",
            "vérifier avec\u00a0: Le", "Le tuteur catalan, ")),
])
@pytest.mark.parametrize("route", ROUTES)
def test_language_a_referent_writes(packs, route, lang, banned):
    text = "\n".join(packs[(route, lang)].values())
    assert not [b for b in banned if b in text]


def test_french_answer_lists_use_french_spacing_and_no_capital_inside(packs):
    index = packs[("integration", "fr")]["index.md"]
    table = index.split("| --- | --- |")[-1].split("\n## ")[0]
    lists = [cell for line in table.splitlines() for cell in line.split(" | ")[1:] if ";" in cell]
    assert lists, "the integration route's answers hold lists"
    for cell in lists:
        assert " ;" not in cell and "\u00a0;" in cell, cell  # no-break space before each semicolon
        assert not re.search(r"\u00a0; [A-ZÉÈÀ]", cell), cell  # no capital after one


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["btm_file.md", "men_unit_file.md", "qbid_agreement.md"])
def test_no_table_header_repeated_under_the_mobility_table(packs, lang, name):
    route = {"btm_file.md": "btm", "men_unit_file.md": "men", "qbid_agreement.md": "qbid"}[name]
    text = packs[(route, lang)][name]
    section = text.split("\n## ")[1]
    assert section.count("| --- |") == 1, section[:400]
