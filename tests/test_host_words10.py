"""What the host readers of session 9 found in the words of two documents (#25), read in the
packs a referent makes (`render --answers FILE --format md`, test_host_print's make_pack):

1. the host brief names the documents filled in on the same day as a phrase of the host's
   language ("A und B", "A y B"), not two titles joined by a semicolon, a capital after it;
2. the apprentice's convention cites the Code du travail's articles as in force when the
   parties sign, without telling the signatories to check their wording (the checklist's
   caveat keeps the referent's "to be checked").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_host_print import CATALONIA, MEN, SPAIN, make_pack
from test_host_words import read
from test_host_words9 import rows

PAIRS = {"fr-de": ("fr", "de", MEN), "fr-es": ("fr", "es", {**MEN, **SPAIN}), "ca-fr": ("ca", "fr", CATALONIA)}
AND = {"de": " und ", "es": " y ", "fr": " et "}
GRID = {"de": "Bewertungsraster", "es": "Rúbrica de evaluación", "fr": "Grille d'évaluation"}
EUROPASS = {"de": "Vorbereitung des Europass", "es": "Preparación del Europass", "fr": "Préparation de l'Europass"}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words10")
    return {name: make_pack(root / name, *spec, formats="md") for name, spec in PAIRS.items()}


@pytest.mark.parametrize("name", PAIRS)
def test_the_host_brief_names_documents_of_one_day_in_a_phrase(packs, name):
    host = PAIRS[name][1]
    brief = read(packs[name], "host_brief")
    titles = [r[0] for r in rows(brief) if GRID[host] in r[0]]
    assert len(titles) == 1, brief
    assert titles[0].startswith(GRID[host]) and f"{AND[host]}{EUROPASS[host]}" in titles[0], titles
    # no title list anywhere in the table joined by a semicolon (the qBID row's "; your
    # assessment" joins two dates, in the "When" column)
    assert not any(";" in r[0] for r in rows(brief)), brief


CHECK = ("vérifient la rédaction", "check their current wording", "comprueban su redacción",
         "comproven la redacció", "prüfen den geltenden Wortlaut")
IN_FORCE = {"fr": "R6222-66, dans leur rédaction en vigueur à la date de signature)",
            "de": "R6222-66 in der bei Unterzeichnung geltenden Fassung)",
            "es": "R6222-66, en su redacción vigente en la fecha de la firma)"}


@pytest.mark.parametrize("name", ["fr-de", "fr-es"])
def test_the_convention_cites_the_articles_in_force_without_a_check_for_the_signatories(packs, name):
    lang, host, _ = PAIRS[name]
    convention = read(packs[name], "mobility_convention")
    assert IN_FORCE[lang] in convention and IN_FORCE[host] in convention, convention
    assert not any(words in convention for words in CHECK), convention
    # the referent is still told to check the articles, in the checklist
    assert "source publique, à vérifier" in read(packs[name], "checklist")
