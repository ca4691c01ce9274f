"""Catalan (ca): a pack as a Catalan mobility coordinator reads it, and the texts kept in code tables.

Catalan is previewed (MOBILITY_ADVISOR_PREVIEW_LANG=ca) until the lead switches it on; its
templates and messages are complete, so the pack's own words are Catalan.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from mobility_advisor.core import fsutil
from mobility_advisor.i18n import messages as i18n
from mobility_advisor.i18n import localize
from mobility_advisor.cli import translations
from mobility_advisor.engine.learning_view import STATUS_WORDS, TYPE_WORDS
from mobility_advisor.i18n.localize import catalan_dates

sys.path.insert(0, str(Path(__file__).resolve().parent))

import golden_tool  # noqa: E402


def test_the_article_is_elided_before_the_first_and_the_eleventh():
    assert catalan_dates("abans del 1 de març del 2027") == "abans de l'1 de març del 2027"
    assert catalan_dates("El 11 d’abril del 2027: 3 accions") == "L'11 d’abril del 2027: 3 accions"
    assert catalan_dates("del 1 de març al 11 de maig") == "de l'1 de març a l'11 de maig"
    assert catalan_dates("pel 1 de juny") == "per l'1 de juny"
    # other days, and words that end in "el", are left alone
    assert catalan_dates("el 12 de maig, el 21 de juny") == "el 12 de maig, el 21 de juny"
    assert catalan_dates("el model 1 de 3") == "el model 1 de 3"


def test_a_message_saying_a_date_elides_the_article_in_catalan_only():
    when = localize.format_date(date(2027, 3, 1), "ca")
    assert i18n.msg("session_label", "ca", name="Laia", n=3, when=when).endswith("interrompuda l'1 de març del 2027")
    assert "le 1er mars 2027" in i18n.msg("session_label", "fr", name="Laia", n=3,
                                          when=localize.format_date(date(2027, 3, 1), "fr"))


def test_texts_kept_in_code_tables_are_translated_in_catalan():
    from mobility_advisor.i18n.catalogues import translations as catalogue

    ca = catalogue("ca")._catalog
    for table in translations.tables():
        for entry in table.values():
            key = entry.msgid if entry.plural is None else (entry.msgid, 0)
            key = f"{entry.context}\x04{key}" if entry.context and isinstance(key, str) else \
                (f"{entry.context}\x04{key[0]}", 0) if entry.context else key
            assert ca.get(key), entry.msgid
    assert STATUS_WORDS["partial"]["ca"] == "assolit parcialment"
    assert TYPE_WORDS["technical"]["ca"] == "Tècniques"
    assert fsutil.os_reason(PermissionError(13, "Permission denied"), "ca") == "permís denegat"


@pytest.fixture
def catalan(monkeypatch):
    monkeypatch.setenv("MOBILITY_ADVISOR_PREVIEW_LANG", "ca")


def test_a_catalan_qbid_pack_is_written_in_catalan(catalan, tree):
    files = golden_tool.render_route(tree, "qbid", "ca")
    index, checklist, agreement = files["index.md"], files["checklist.md"], files["qbid_agreement.md"]
    assert index.startswith("# Dossier de mobilitat: ")
    assert "## Contingut del dossier" in index and "(checklist.md)" in index
    assert "abans de l'1 de març del 2027" in index  # a due date, its article elided
    assert "# Llista de comprovació de la mobilitat" in checklist and "## Abans de la mobilitat" in checklist
    assert "| Alumne/a | " in agreement and "| Signant | Nom, càrrec | Data | Signatura i segell |" in agreement
    assert "resultats d'aprenentatge (RA)" in agreement
    calendar = files["calendar.ics"]
    assert "SUMMARY:Abans de l'1 de març del 2027" in calendar
    assert "DESCRIPTION:Estada de l'1 de març del 2027" in calendar


@pytest.mark.parametrize("route", ["participation", "integration", "men", "btm", "europass"])
def test_every_route_renders_its_catalan_documents(catalan, tree, route):
    files = golden_tool.render_route(tree, route, "ca")
    docs = [name for name in files if name.endswith(".md") and name not in ("index.md", "checklist.md")]
    assert docs
    for name in docs:
        text = files[name]
        # the shared table of every document, in Catalan
        assert "| Apartat | Informació |" in text or "| Part | Nom |" in text, name
        assert "Signataire" not in text and "Signatory" not in text, name


@pytest.mark.parametrize("route", ["men", "btm", "qbid"])
def test_filled_catalan_packs_say_the_results_in_catalan(catalan, tree, route):
    from test_learning import filled_pack

    files = filled_pack(tree, route, "ca")
    grid = files["evaluation_grid.md"]
    assert "Avaluació feta el 26 de març del 2027." in grid
    assert "(resultat: assolit parcialment)" in files["checklist.md"]
    said = {"men": "Títol no obtingut: el candidat pot, si ho vol, conservar la nota de la unitat optativa (12/20) "
                   "durant cinc anys. La font no diu des de quan; estimació a partir de la data de l'examen "
                   "(20 de juny del 2027): fins al 20 de juny del 2032, que cal confirmar amb el rectorat",
            "btm": "2 punts addicionals, de 3 com a màxim",
            "qbid": "Avaluació validada al qBID pel tutor/a del seu centre"}[route]
    assert said in files["index.md"]
