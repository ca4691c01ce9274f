"""The host readers' findings of session 10 left for the fillable PDFs (#25, reades12):

- the complement's "Actual" fields were named by their row only ("Premier jour de présence / Erster
  Anwesenheitstag"): a reader's tooltip did not tell the actual date from the planned one printed
  beside it. Each names its row and its column, in both languages.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from test_host_print import PACKS, make_pack


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words14")
    return {name: make_pack(root / name, *PACKS[name], formats="md,pdf") for name in ("fr-de", "fr-es")}


ACTUAL = {"fr-de": {"actual.start": "Premier jour de présence – Réalisé / Erster Anwesenheitstag – Tatsächlich",
                    "actual.end": "Dernier jour de présence – Réalisé / Letzter Anwesenheitstag – Tatsächlich",
                    "actual.host_company": "Entreprise d'accueil – Réalisé / Gastbetrieb – Tatsächlich"},
          "fr-es": {"actual.start": "Premier jour de présence – Réalisé / Primer día de asistencia – Realizado"}}


@pytest.mark.parametrize("name", sorted(ACTUAL))
def test_the_complements_actual_fields_say_they_are_the_actual_ones(packs, name):
    fields = pypdf.PdfReader(packs[name] / "learning_agreement_complement.pdf").get_fields()
    md = (packs[name] / "learning_agreement_complement.md").read_text(encoding="utf-8")
    for field, tip in ACTUAL[name].items():
        assert fields[field]["/TU"] == tip, (field, fields[field]["/TU"])
    # the words are the table's own: its column header and its rows
    assert next(line for line in md.splitlines() if line.startswith("| Point")).endswith(
        "| " + tip.split(" / ")[0].split(" – ")[1] + " / " + tip.split(" / ")[1].split(" – ")[1] + " |")
