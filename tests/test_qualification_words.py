"""A French diploma's qualification standard is its référentiel, never an Ausbildungsordnung.

The German host reader of #25 read "Bezug zur Ausbildungsordnung" and "Die aus der
Ausbildungsordnung … ausgewählten Kompetenzen" in a French CFA's learning agreement: a German
regulation a French Bac pro does not have (docs/glossary.md: "Kompetenzbeschreibung (référentiel)"
for a French diploma). The learning agreement of a French sending organisation now says what the
MEN unit file says; a German sending organisation's keeps its Ausbildungsordnung.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_host_print import MEN, make_pack


@pytest.fixture(scope="module")
def agreements(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("qualification-words")
    made = {"fr-de": make_pack(root / "fr-de", "fr", "de", MEN, formats="md"),
            "de": make_pack(root / "de", "de", "none", {"goals": ["participation", "learning_outcomes"], "org.sending_country": "de",
                                                         "destination.country": "fr"}, formats="md")}
    return {name: (pack / "learning_agreement.md").read_text(encoding="utf-8") for name, pack in made.items()}


def test_a_french_diplomas_agreement_names_its_referentiel_in_german(agreements):
    text = agreements["fr-de"]
    assert "Bezug zur Kompetenzbeschreibung (référentiel)" in text
    assert "Die aus der Kompetenzbeschreibung (référentiel) des Abschlusses ausgewählten Kompetenzen" in text
    assert "Ausbildungsordnung" not in text
    assert "Lien avec le référentiel" in text  # the French half says what the MEN unit file says


def test_a_german_sending_organisations_agreement_keeps_the_ausbildungsordnung(agreements):
    text = agreements["de"]
    assert "Bezug zur Ausbildungsordnung" in text and "Kompetenzbeschreibung" not in text
