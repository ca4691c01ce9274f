"""The BTM "mention Europe" file as a German host reads and signs it (#25 items 2, 3 and 8).

The FR->DE BTM pack of test_host_print is rendered once (Markdown and PDF). The file a host receives
holds no instruction for the referent (those are in the checklist), its host sections are in both
languages, it says in the host's language which part is theirs, and the TAC's comment cell leaves
room to write by hand (measured on the PDF with pdfplumber).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_host_print import PACKS, PT_PER_CM, make_pack

pdfplumber = pytest.importorskip("pdfplumber")

# What only the referent must do: check the mention's status, the number of competence types, the
# TAC's columns with CMA France (seed 000: an experiment, "3 types ... ou ...", no TAC form given)
REFERENT_WORDS = ("Vérifiez", "vérifiez", "à adapter", "document 000", "Document 000", "fourni par CMA France")
# The checklist says each of them (rules/certification/btm.yaml)
CHECKLIST_NOTES = (
    "vérifiez si la mention existe aujourd'hui dans le règlement de votre BTM",  # btm.experiment_status
    "ne dit pas clairement si le dossier doit couvrir les trois types ou un seul",  # btm.three_competence_types
    "Les colonnes du TAC proposées dans le modèle ne sont qu'une suggestion",  # btm.file
)
HOST_NOTE = "Für den Gastbetrieb: Auszufüllen ist nur die Tabelle „TAC international“"
# The candidate's assessment in France, in the pack's language only (the host note says so)
FRENCH_ONLY = ("Le dossier écrit", "Présentation devant le jury et points")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    return make_pack(tmp_path_factory.mktemp("btm") / "fr-de-btm", *PACKS["fr-de-btm"], formats="md,pdf")


@pytest.fixture(scope="module")
def md(pack) -> str:
    return (pack / "btm_file.md").read_text(encoding="utf-8")


def sections(md: str) -> dict[str, str]:
    """{heading: its text} of each "## " section."""
    parts = re.split(r"^## (.*)$", md, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_the_host_file_holds_no_instruction_for_the_referent(md):
    found = [w for w in REFERENT_WORDS if w in md]
    assert not found, f"referent's words in the host's BTM file: {found}"


def test_the_checklist_says_what_the_referent_must_check(pack):
    checklist = (pack / "checklist.md").read_text(encoding="utf-8")
    missing = [n for n in CHECKLIST_NOTES if n not in checklist]
    assert not missing, f"not in the checklist: {missing}"


def test_the_host_reads_first_which_part_is_theirs(md):
    first = next(iter(sections(md).values()))
    assert "Pour l'entreprise d'accueil\xa0: seul le tableau «\xa0TAC international\xa0»" in first
    assert HOST_NOTE in first
    assert first.index(HOST_NOTE) < first.index("|")  # before the mobility's table


def test_each_section_is_bilingual_or_said_to_be_the_candidates(md):
    found = sections(md)
    single = [h for h in found if " / " not in h]
    assert sorted(single) == sorted(FRENCH_ONLY), single
    for heading, text in found.items():
        if heading in FRENCH_ONLY:
            continue
        # every paragraph in French is followed by its German one (in italics), or flagged
        # (the pack's footnote on its sources is in the host's language alone)
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("|")
                      and not p.startswith("Quellen")]
        for french, german in zip(paragraphs[::2], paragraphs[1::2]):
            assert german.startswith("*") and german.endswith("*"), (heading, french, german)
        assert len(paragraphs) % 2 == 0, (heading, paragraphs)
        for row in (r for r in text.splitlines() if r.startswith("| ") and "---" not in r):
            for cell in row.strip("|").split("|"):
                cell = cell.strip()
                if re.search(r"[A-Za-zÀ-ÿ]{3}", cell) and cell not in ("Anna Schulz, Konditormeisterin",
                                                                     "Léa Dupont", "Erasmus+"):
                    # a label's two languages, a name, or the flag of a text without its German
                    assert " / " in cell or "nicht übersetzt" in cell or not re.search(r"\w", cell) \
                        or "_" in cell or cell in TYPED_AS_IS, (heading, cell)


# typed once, in no language (names of organisations, the BTM's title)
TYPED_AS_IS = {"Lycée professionnel Jean Moulin", "Pâtisserie Martin", "Bäckerei Schulz",
               "Handwerkskammer für München und Oberbayern", "BTM Pâtissier confiseur glacier traiteur"}


# --- The TAC's cells, measured on the PDF (#25: the tutor's comment cell was 3.4 x 1.5 cm, each
# tick column 2-2.9 cm for an "x") ---------------------------------------------------------------

COMMENT_CM = 5.5  # a few words of comment in a hand's size (the plan asks for 6 cm)
TICKS_CM = 6.5  # the three tick columns together: as narrow as their headers' longest words allow
ROW_CM = 2.0  # room for two or three written lines


def tac_table(pack: Path):
    """(column widths, body row heights) in cm of the BTM file's TAC in the PDF."""
    with pdfplumber.open(pack / "btm_file.pdf") as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                header = [c for c in table.rows[0].cells if c]
                text = page.crop(table.bbox).extract_text() or ""
                if len(header) == 6 and "Kompetenzart" in text.replace("\n", " "):
                    widths = [(c[2] - c[0]) / PT_PER_CM for c in header]
                    heights = [(r.bbox[3] - r.bbox[1]) / PT_PER_CM for r in table.rows[1:]]
                    return widths, heights
    raise AssertionError("no TAC table in btm_file.pdf")


def test_the_tutors_comment_cell_leaves_room_to_write(pack):
    widths, heights = tac_table(pack)
    assert len(heights) == 3  # the pack's three outcomes
    assert widths[5] >= COMMENT_CM, widths
    assert sum(widths[2:5]) <= TICKS_CM and max(widths[2:5]) < widths[5], widths
    assert min(heights) >= ROW_CM, heights


def test_a_comment_cell_asks_for_room_and_tick_columns_stay_narrow():
    from mobility_advisor.formats import table_layout as tl

    header = ["Type", "Competence observed", "Acquired", "Partly acquired", "Not acquired", "Tutor's comment"]
    body = [["Technical", "Make puff pastry and Viennese pastries following the host's recipe sheet", "", "x", "",
             " ".join([tl.BLANK] * 4)]]
    widths, _ = tl.table_plan([header] + body, False, 0.32)
    assert widths[5] >= tl.COMMENT_CM - 0.01 and max(widths[2:5]) < 2.0, widths
    # one blank is a word to write, not a comment: the table is planned as before
    single = [row[:5] + [tl.BLANK] for row in body]
    assert tl.table_plan([header] + single, False, 0.32)[0][5] < tl.COMMENT_CM
    assert not tl.is_comment_cell(tl.BLANK) and not tl.is_comment_cell(f"{tl.BLANK}, {tl.BLANK}")
