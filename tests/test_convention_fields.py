"""The apprentice's convention as a form (#25, the German and Spanish host readers): the boxes
the parties fill in before signing (sections 5, 6, 9 and 10; the addresses, the CFA's follow-up
and the costs, which were two-centimetre blanks in a sentence) are PDF text fields of several
lines, as the attestation's and the complement's boxes are: a host filling the PDF on screen
could type the signatures' names and dates but none of the clauses. Each field lies on
its box's lines (no printed word under it), is filled and read back with pypdf.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("weasyprint")

from test_host_print import PACKS, make_pack  # noqa: E402
from test_pdf_forms import _printed_words  # noqa: E402

# each box's field, and how its tooltip starts in French and in German (the pack's and the host's)
BOXES = {"convention.equipment": ("5. ", "5. "), "convention.rhythm": ("6. ", "6. "), "convention.health": ("9. ", "9. "),
         "convention.insurance": ("10. ", "10. "), "convention.addresses": ("Adresses", "Adressen"),
         "convention.follow_up": ("Au CFA", "Im CFA"), "convention.costs": ("Frais couverts", "Übernommene Kosten")}
CM = 72 / 2.54


@pytest.fixture(scope="module")
def convention(tmp_path_factory) -> Path:
    pack = make_pack(tmp_path_factory.mktemp("convention") / "fr-de", *PACKS["fr-de"], formats="pdf")
    return pack / "mobility_convention.pdf"


def test_the_parties_boxes_are_fields_on_their_lines(convention):
    reader = pypdf.PdfReader(convention)
    fields = reader.get_fields()
    for name, (fr, de) in BOXES.items():
        assert fields[name]["/FT"] == "/Tx" and fields[name]["/Ff"] & 4096, name  # several lines
        # the tooltip names the box in both languages
        assert fields[name]["/TU"].startswith(fr) and f" / {de}" in fields[name]["/TU"], fields[name]["/TU"]
    seen = set()
    with pdfplumber.open(convention) as pdf:
        for index, page in enumerate(reader.pages):
            words = _printed_words(pdf.pages[index])
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                name = annot.get("/T")
                if name is None or annot.get("/Parent", {}).get("/T") != "convention":
                    continue
                if f"convention.{name}" not in BOXES:  # a blank in a sentence (test_host_fields15)
                    continue
                seen.add(f"convention.{name}")
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                assert y1 - y0 >= 1.8 * CM and x1 - x0 >= 15 * CM, (name, y1 - y0, x1 - x0)  # the box, not a line
                assert not [t for a, b, c, d, t in words if a < x1 and c > x0 and b < y1 and d > y0], name
    assert seen == set(BOXES)


def test_a_party_types_the_clauses_and_they_read_back(convention, tmp_path):
    writer = pypdf.PdfWriter(clone_from=convention)
    typed = {"convention.equipment": "Knetmaschine, Backofen; Einweisung am ersten Tag",
             "convention.insurance": "Betriebshaftpflicht, Police 12345"}
    writer.update_page_form_field_values(None, typed, auto_regenerate=False)
    out = tmp_path / "signed.pdf"
    writer.write(out)
    fields = pypdf.PdfReader(out).get_fields()
    assert {name: fields[name]["/V"] for name in typed} == typed
