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
from test_host_words13 import full_name


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


@pytest.mark.parametrize("name", sorted(ACTUAL))
def test_the_attestations_other_host_company_has_a_field_under_its_label(packs, name, tmp_path):
    """The attestation asked the other host company's name with a printed blank and no field
    ("Weiterer Gastbetrieb, falls zutreffend: ________", #25 reades12): a field of its own, on a line
    under the label (a field at the cell's top would hide it), the blank under it not printed, its
    tooltip in both languages; what a host types is read back."""
    import pdfplumber

    pdf = packs[name] / "attestation_participation.pdf"
    reader = pypdf.PdfReader(pdf)
    fields = reader.get_fields()
    assert fields["other.company"]["/FT"] == "/Tx" and " / " in fields["other.company"]["/TU"]
    assert not [k for k in fields if k.startswith("other.company.")]  # one field, not one per language
    page_no, widget = next((n, a.get_object()) for n, page in enumerate(reader.pages)
                           for a in page.get("/Annots") or [] if full_name(a.get_object()) == "other.company")
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[page_no]
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        top, bottom = page.height - y1, page.height - y0
        label = [w for w in page.extract_words() if w["text"] in ("zutreffend:", "caso:") and w["top"] < top]
        assert label and top >= max(w["bottom"] for w in label) - 0.5  # under the label, not over it
        # inside the label's own cell, the row's first: not over the dates beside it, not under the row
        cell = next(c for t in page.find_tables() for row in t.rows for c in row.cells
                    if c and c[0] - 1 <= float(label[0]["x0"]) <= c[2] and c[1] <= top and c[3] >= bottom - 0.5)
        assert cell[0] - 1 <= x0 and x1 <= cell[2] + 1, (cell, (x0, x1))
        # no underscore printed in the label's cell where the field is
        assert not [c for c in page.chars if c["text"] == "_" and x0 - 1 <= c["x0"] <= x1 and abs(c["top"] - label[0]["top"]) < 2]
    writer = pypdf.PdfWriter(clone_from=pdf)
    for p in writer.pages:
        writer.update_page_form_field_values(p, {"other.company": "Konditorei Huber"}, auto_regenerate=False)
    writer.write(tmp_path / "a.pdf")
    assert pypdf.PdfReader(tmp_path / "a.pdf").get_fields()["other.company"]["/V"] == "Konditorei Huber"


# --- The evaluation grid filled on screen (#25, readgrid: the grid read again after its results table changed)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """The FR/DE pack's grid with two results recorded (C1.2 achieved, C3.1 partly)."""
    import os
    import subprocess
    import sys

    import yaml
    from test_host_print import COMMON, MEN, OUTCOMES

    root = tmp_path_factory.mktemp("recorded")
    answers = {k: v for k, v in {**COMMON, **MEN}.items() if v is not None}
    (root / "a.yaml").write_text(yaml.safe_dump(
        {"version": 1, "lang": "fr", "answers": answers, "outcomes": OUTCOMES,
         "results": {"assessed_on": "2027-03-26", "outcomes": {"C1.2": "achieved", "C3.1": "partial"}}},
        allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2027-03-27")
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(root / "a.yaml"),
                           "--format", "md,pdf", "--host-lang", "de", "-o", str(root / "pack")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return root / "pack"


def result_cells(pdf: Path) -> list[tuple[int, tuple]]:
    """(page, cell box) of every result box of the grid's results table (its last three columns)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [(n, cell) for n, page in enumerate(doc.pages) for table in page.find_tables()
                if table.rows and len(table.rows[0].cells) == 7
                for row in table.rows[1:] for cell in row.cells[4:] if cell]


def test_a_recorded_result_changed_in_a_reader_leaves_one_tick(recorded, tmp_path):
    """A recorded result was printed ("x") under its pre-selected button: a tutor who corrected it in
    a PDF reader moved the button, the printed tick stayed, two results ticked on the sheet. In the
    PDF the button alone shows it (the Markdown, DOCX and ODT keep the "x")."""
    import pdfplumber

    md = (recorded / "evaluation_grid.md").read_text(encoding="utf-8")
    assert next(ln for ln in md.splitlines() if ln.startswith("| C1.2")).endswith("| x | | |")
    pdf = recorded / "evaluation_grid.pdf"
    assert pypdf.PdfReader(pdf).get_fields()["result.C1.2"]["/V"] == "/achieved"
    writer = pypdf.PdfWriter(clone_from=pdf)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"result.C1.2": "/partial"}, auto_regenerate=False)
    writer.write(tmp_path / "changed.pdf")
    assert pypdf.PdfReader(tmp_path / "changed.pdf").get_fields()["result.C1.2"]["/V"] == "/partial"
    cells = result_cells(pdf)
    assert len(cells) == 9  # three outcomes, three boxes each
    with pdfplumber.open(tmp_path / "changed.pdf") as doc:  # the page's own content: the fields are annotations
        printed = [c for n, box in cells for c in doc.pages[n].within_bbox(box).chars if c["text"].strip()]
    assert not printed, printed


def test_the_level_before_departure_is_typed_at_the_fields_size_and_says_whose_it_is(packs):
    """"alcanzado parcialmente" typed in a one-line auto-sized field printed at 5.5 pt (#25, readgrid):
    two lines at the fields' size; its tooltip names the sending organisation, whose it is, as the
    hint may be on the page before."""
    from mobility_advisor.formats import pdf_forms

    reader = pypdf.PdfReader(packs["fr-es"] / "evaluation_grid.pdf")
    before = next(a.get_object() for page in reader.pages for a in page.get("/Annots") or []
                  if full_name(a.get_object()) == "before.C3.1")
    assert int(before.get("/Ff", 0)) & 4096  # several lines
    assert float(str(before["/DA"]).split(" Tf")[0].split()[-1]) == pdf_forms.FIELD_FONT_PT >= 8
    assert before["/TU"] == ("Avant le départ (organisme d'envoi) : C3.1 / "
                             "Antes de la salida (organización de envío): C3.1")
    # the MEN unit file's result, typed by its assessors: the same two lines (#25, readde13 and
    # reades13: "alcanzado parcialmente" printed at 6.4 pt in one auto-sized line)
    reader = pypdf.PdfReader(packs["fr-es"] / "men_unit_file.pdf")
    results = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []
               if full_name(a.get_object()).startswith("men.result.")]
    assert len(results) == 3
    for field in results:
        assert int(field.get("/Ff", 0)) & 4096 and float(str(field["/DA"]).split(" Tf")[0].split()[-1]) >= 8
