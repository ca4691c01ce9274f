"""The host readers' last two findings of session 10 that needed the documents' words (#25):

- the qBID agreement (CA/FR) asked each module (MP) and unit (UF) blank twice in one narrow cell
  ("MP: ____; UF: ____; RA: C1.2 / MP : ____ ; UF : ____ ; AA : C1.2"): a column each now, its
  blank or code once;
- the BTM file's page 2 (tool's PDF) opened with a French-only sentence on the jury's points, cut
  from its section on page 1, above the part the German host fills in: the condition is in the
  points' own row, and the jury's section is printed whole on one page.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from test_host_print import PACKS, make_pack


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words13")
    return {name: make_pack(root / name, *PACKS[name], formats="md,pdf") for name in ("ca-fr", "fr-de-btm")}


def table_rows(md: str, header_start: str) -> list[list[str]]:
    """The cells of each body row of the Markdown table whose header row starts with header_start."""
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    body = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        body.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return body


def test_the_qbid_agreement_asks_each_module_and_unit_once(packs):
    md = (packs["ca-fr"] / "qbid_agreement.md").read_text(encoding="utf-8")
    assert "MP:" not in md and "MP :" not in md
    body = table_rows(md, "| MP | UF | RA / AA |")
    blank = r"\_" * 8
    assert [row[:3] for row in body] == [[blank, blank, ref] for ref in ("C1.2", "C3.1", "C4.5")]
    assert all(len(row) == 6 for row in body)


def test_the_btm_files_jury_section_is_printed_whole_and_says_its_condition_in_its_row(packs):
    with pdfplumber.open(packs["fr-de-btm"] / "btm_file.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    jury = [i for i, text in enumerate(pages) if "Présentation devant le jury et points" in text]
    assert len(jury) == 1
    text = pages[jury[0]]
    assert "Date de la présentation devant le jury" in text and "BTM obtenu" in text
    assert "si les épreuves du BTM sont" in text  # the condition, in the points' row
    # no page opens with a sentence of the jury's part cut from its section
    for later in pages[1:]:
        assert not later.lstrip().startswith("Le TAC international et la présentation")


# --- filled in on screen (reades12): what a host types prints at a size one can read ---------------

LINE_PT = 4.2 / 25.4 * 72  # one written line (pdf_forms.LINE_MM)


def text_widgets(pdf_path: Path):
    from pypdf import PdfReader

    for page in PdfReader(pdf_path).pages:
        for ref in page.get("/Annots", []):
            w = ref.get_object()
            if w.get("/FT") == "/Tx" and not int(w.get("/Ff", 0)) & 1:  # not the hidden identity
                x0, y0, x1, y1 = (float(v) for v in w["/Rect"])
                yield full_name(w), abs(y1 - y0), str(w.get("/DA", "")), int(w.get("/Ff", 0))


def full_name(widget) -> str:
    """"host_partner.name": the widget's partial name after its parents' (pdf_forms._hierarchy)."""
    parts = []
    while widget is not None:
        if "/T" in widget:
            parts.insert(0, str(widget["/T"]))
        widget = widget["/Parent"].get_object() if "/Parent" in widget else None
    return ".".join(parts)


def test_a_signatorys_name_and_function_is_typed_on_lines_of_nine_points(packs):
    names = [(stem, t, h, da, ff) for stem in ("learning_agreement_complement", "attestation_participation",
                                               "learning_agreement", "evaluation_grid")
             for t, h, da, ff in text_widgets(packs["ca-fr"] / f"{stem}.pdf") if t.endswith(".name")]
    assert len(names) >= 4
    for stem, t, h, da, ff in names:
        # sized to the field, "Miren Etxeberria Goñi, Maestra pastelera" printed at 3 pt in one line;
        # four lines: in two, "Dr. Thomas Bauer, Leiter Internationale Berufsbildung" lost its end (#25, readde13)
        assert h >= 4 * LINE_PT - 0.5 and ff & (1 << 12) and " 9 Tf" in da, (stem, t, h, da, ff)


def test_no_field_higher_than_a_line_is_sized_to_fit(packs):
    for pack in packs.values():
        for pdf in pack.glob("*.pdf"):
            for t, h, da, ff in text_widgets(pdf):
                if h > LINE_PT + 1:  # a date in a 1 cm cell printed at 16 pt
                    assert " 9 Tf" in da, (pdf.name, t, h, da)


def test_the_grids_level_buttons_are_printed_as_circles_to_tick(packs):
    from pypdf import PdfReader

    pdf = packs["ca-fr"] / "evaluation_grid.pdf"
    with pdfplumber.open(pdf) as printed:
        for number, page in enumerate(PdfReader(pdf).pages):
            height = float(page.mediabox.height)
            curves = printed.pages[number].curves
            buttons = [ref.get_object() for ref in page.get("/Annots", [])]
            buttons = [b for b in buttons if b.get("/Parent") and b["/Parent"].get_object().get("/FT") == "/Btn"]
            for b in buttons:
                x0, y0, x1, y1 = (float(v) for v in b["/Rect"])
                top = height - max(y0, y1)
                assert any(abs(c["x0"] - min(x0, x1)) < 2 and abs(c["top"] - top) < 2 for c in curves), (number, b["/Rect"])
            assert number > 0 or buttons  # page 1 holds the results table's first rows
