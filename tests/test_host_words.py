"""The last words a host would retouch (#25, words8), read in the packs a referent makes.

FR/DE and FR/ES packs (`render --answers FILE --format md,pdf --host-lang LANG`, a subprocess, as in
test_host_print) are read as the host reads them:

1. the MEN unit file is the assessors' (the host's among them): bilingual throughout, and what the
   referent alone must do or check is in the checklist, not in the file the host signs;
2. its assessor rows say which part of the assessment each is for and leave the assessor's name,
   function and date blank, with fields to fill in the PDF;
3. the evaluation grid tells the tutor what goes in its "before departure" column and its result boxes;
4. the qBID route's label reads as a phrase, in the wizard and in the documents;
5. the tutor's label on the Europass preparation asks for a name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_host_print import MEN, SPAIN, make_pack

PAIRS = {"fr-de": ("fr", "de", MEN), "fr-es": ("fr", "es", {**MEN, **SPAIN})}
# what the referent does or checks, in the words of each language's catalogue (never the host's)
REFERENT_NOTES = {"fr": ("rectorat", "DAREIC", "Pièces à réunir", "pensez à", "à adapter aux consignes"),
                  "de": ("Rektorat", "DAREIC", "Zusammenzustellende Unterlagen", "Fügen Sie"),
                  "es": ("rectorado", "DAREIC", "Documentos que hay que reunir", "acuérdese")}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words")
    return {name: make_pack(root / name, *spec, formats="md,pdf") for name, spec in PAIRS.items()}


def read(pack: Path, stem: str) -> str:
    return (pack / f"{stem}.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")


def section(md: str, starts: str) -> str:
    m = re.search(rf"^## {re.escape(starts)}.*?(?=^## |\Z)", md, re.S | re.M)
    assert m, f"no section {starts!r}"
    return m.group(0)


def unpaired_lines(md: str) -> list[str]:
    """The pack-language lines of a bilingual Markdown text with no host-language text beside or below:
    a heading without " / ", a paragraph not followed by an italic one, an item without its italic line."""
    lines = md.rstrip("\n").split("\n")
    bare = []
    for i, line in enumerate(lines):
        nxt = next((x for x in lines[i + 1:] if x.strip()), "")
        if line.startswith("#"):
            if " / " not in line:
                bare.append(line)
        elif line.startswith("- ["):
            if not (line.endswith("\\") and lines[i + 1].lstrip().startswith("*")):
                bare.append(line)
        elif line and not line.startswith(("|", "*", " ", "Quellen", "Fuentes")):
            if not nxt.startswith("*"):
                bare.append(line)
    return bare


# --- 1. The MEN unit file: the assessors', bilingual throughout ---------------------------------


@pytest.mark.parametrize("name", PAIRS)
def test_the_men_unit_file_is_bilingual_throughout(packs, name):
    men = read(packs[name], "men_unit_file")
    assert unpaired_lines(men) == []
    host = PAIRS[name][1]
    # the sections that were French only: the unit, its assessment and the "Mobilité Pro" attestation
    first = men.split("\n## ")[0]
    assert "\n*" in first, first  # the introduction, in the host's words below
    for heading in ("Évaluation de l'unité / ", "Attestation « Mobilité Pro » / "):
        assert f"\n## {heading}" in men
    assert {"de": "Datum der Bewertung", "es": "Fecha de la evaluación"}[host] in section(men, "Évaluation de l'unité")


@pytest.mark.parametrize("name", PAIRS)
def test_the_referents_notes_are_in_the_checklist_not_in_the_file_the_host_signs(packs, name):
    men = read(packs[name], "men_unit_file")
    host = PAIRS[name][1]
    notes = [n for n in REFERENT_NOTES["fr"] + REFERENT_NOTES[host] if n.lower() in men.lower()]
    assert notes == [], notes
    checklist = read(packs[name], "checklist")
    # the documents the file listed to gather, and the five years the mark is kept, are the referent's to do
    assert "Procurez-vous le référentiel des compétences professionnelles et générales de l'unité" in checklist
    assert "pendant cinq ans" in checklist
    # the estimated date stays in the file, where the result is recorded
    assert re.search(r"- \[ \] Diplôme non obtenu : .*cinq ans \(jusqu'au ", men)


# --- 2. The MEN unit file's assessors: the part each assesses, room for who ----------------------


@pytest.mark.parametrize("name", PAIRS)
def test_each_assessor_row_names_its_part_and_leaves_the_assessor_blank(packs, name):
    men = read(packs[name], "men_unit_file")
    rows = [r for r in section(men, "Signatures des évaluateurs").splitlines() if r.startswith("| Évaluateur")]
    parts = {"de": ("ausbildungsbegleitende Prüfung (CCF)", "Bewertung im transnationalen Kontext"),
             "es": ("evaluación continua durante la formación (CCF)", "evaluación en contexto transnacional")}
    assert len(rows) == 2
    for row, fr, host in zip(rows, ("contrôle en cours de formation (CCF)", "contexte transnational"),
                             parts[PAIRS[name][1]]):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert fr in cells[0] and host in cells[0], cells[0]
        # no organisation is invented: name, function and date are the assessor's to write
        assert set(re.sub(r"\\_|[, ]", "", cells[1] + cells[2])) == set(), cells


def test_each_assessor_writes_name_function_and_date_in_the_pdf(packs):
    pypdf = pytest.importorskip("pypdf")
    fields = pypdf.PdfReader(packs["fr-de"] / "men_unit_file.pdf").get_fields()
    for part, words in (("ccf", "CCF"), ("transnational", "transnational")):
        for what, tip in (("name", " – Nom, fonction"), ("date", " – Date")):
            f = fields.get(f"men.assessor.{part}.{what}")
            assert f is not None and f["/FT"] == "/Tx", sorted(fields)
            # the assessor first, then what the field holds (#25, readde12: one order for every field)
            assert f["/TU"].startswith("Évaluateur") and tip in f["/TU"] and words in f["/TU"], f["/TU"]


# --- 3. The evaluation grid: what goes in "before departure" and in the result boxes ---------------


@pytest.mark.parametrize("name", PAIRS)
def test_the_grid_says_what_goes_in_the_before_and_after_columns(packs, name):
    grid = read(packs[name], "evaluation_grid")
    before_table = grid.split("\n| Acquis d'apprentissage visé")[0]
    host = PAIRS[name][1]
    # in the columns' own words and the result columns' levels, in both languages; no other scale
    # no addressee (the sending side writes the level before departure, the host at the end)
    # who writes the level before departure is said (the sending organisation, seed 000: words12)
    # the result boxes are the level at the end of the stay: said, not a column of its own (#25, session 11)
    fr = ("Dans le tableau des résultats, la colonne « Avant le départ » (à remplir par l'organisme d'envoi) "
          "indique le niveau constaté : atteint, partiellement atteint ou non atteint. En fin de séjour, cochez (x) "
          "une seule case de résultat par acquis.")
    other = {"de": "In der Spalte „Vor der Abreise“ (von der entsendenden Einrichtung auszufüllen) wird der "
                   "festgestellte Lernstand eingetragen: „Erreicht“, „Teilweise erreicht“ oder „Nicht erreicht“. "
                   "Kreuzen Sie am Ende des Aufenthalts für jedes Lernergebnis genau ein Ergebnisfeld an (x).",
             "es": "la columna «Antes de la salida» (la rellena la organización de envío) recoge el nivel observado: "
                   "alcanzado, alcanzado parcialmente o no alcanzado. Al final de la estancia, marque con una x una "
                   "sola casilla por resultado de aprendizaje."}[host]
    assert fr in before_table and other in before_table, before_table
    # the column headings it names are the table's, the result boxes' levels too
    header = next(line for line in grid.splitlines() if line.startswith("| Acquis d'apprentissage visé"))
    assert "Avant le départ" in header and "Partiellement atteint" in header and "Fin de séjour" not in header


# --- 4. The qBID route's label: a phrase, the same in the wizard and in the documents -------------

QBID_WORDS = {"de": ("Katalonien: in qBID verwalteter Auslandsaufenthalt",
                     "Katalonien (in qBID verwalteter Auslandsaufenthalt)"),
              "es": ("Cataluña: estancia formativa gestionada en qBID",
                     "Cataluña (estancia formativa gestionada en qBID)"),
              "fr": ("Catalogne : stage suivi dans qBID", "Catalogne (stage suivi dans qBID)"),
              "ca": ("Catalunya: estada formativa gestionada amb el qBID",
                     "Catalunya (estada formativa gestionada amb el qBID)"),
              "en": ("Catalonia: placement managed in qBID", "Catalonia (placement managed in qBID)")}


@pytest.fixture(scope="module")
def qbid_packs(tmp_path_factory) -> dict[str, Path]:
    from test_host_print import CATALONIA

    root = tmp_path_factory.mktemp("qbid-words")
    return {lang: make_pack(root / lang, lang, "none", CATALONIA, formats="md,pdf") for lang in ("de", "es")}


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_qbid_label_reads_as_a_phrase_in_the_documents(qbid_packs, lang):
    agreement = read(qbid_packs[lang], "learning_agreement")
    line = next(ln for ln in agreement.splitlines() if "qBID" in ln and ln.startswith("- "))
    assert line.endswith(f": {QBID_WORDS[lang][1]}."), line
    assert {"de": "Praktikum über qBID", "es": "estancia gestionada en qBID"}[lang] not in agreement


@pytest.mark.parametrize("lang", sorted(QBID_WORDS))
def test_the_wizards_qbid_choice_says_the_same_as_the_documents(tree, lang):
    choice = tree.questions["certification.certifier"].choice("qbid")
    wizard, document = QBID_WORDS[lang]
    assert getattr(choice.label, lang) == wizard
    # the same words, the country before a colon in the wizard, the stay in brackets in a document
    region, stay = wizard.split(":", 1)
    assert document == f"{region.rstrip()} ({stay.strip()})"


# --- 5. The Europass preparation: the tutor's name, not their "identity" ------------------------


def test_the_europass_preparation_asks_for_the_tutors_name(packs):
    europass = read(packs["fr-de"], "europass_preparation")
    rows = [ln for ln in europass.splitlines() if ln.startswith("| Tuteur :")]
    assert rows and rows[0] == "| Tuteur : nom et prénom / Betreuer/in: Name | Anna Schulz |", rows
    assert "identité" not in europass.lower()
