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
