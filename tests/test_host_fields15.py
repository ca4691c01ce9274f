"""Every blank a host (or the referent) writes in a host document can be typed in its PDF (#25,
reades13 and readde13: the qBID agreement's calendar, MP/UF and school tutor's function, the
convention's follow-up arrangements and place of training, the learning agreement's Mobility ID,
OID and activity type were printed "________" with no field under them).

Measured on the tool's PDF of each host document of the five packs: every run of underscores
that pdfplumber finds on a page lies under a field widget's rectangle (pypdf `/Annots`), but for
the few listed in `NOT_TYPED` with their reason. Each new field is one field in a bilingual cell
(no `.1`/`.2` but for two rows of one role), and what a host types in it is read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from test_host_print import HOST_FILES, ONLY, PACKS, make_pack
from test_host_words13 import full_name

pdfplumber = pytest.importorskip("pdfplumber")

TOLERANCE = 2.0  # pt: a blank's glyphs may reach past its field by a border's width

# Blanks printed in a host document that nobody types in its PDF: (document, the words on the
# blank's line before it) -> why. None today: every blank is someone's to write.
NOT_TYPED: dict[tuple[str, str], str] = {}


def twin(before: str, box, fields) -> bool:
    """A bilingual sentence's blank whose one field lies on the other language's line, just above
    or under it (pack/forms.py merges the two marks; the two blanks are the same answer): a field
    within two lines whose tooltip (in both languages) holds the words before the blank."""
    words = before.rstrip(" :").lstrip("• ")[-12:]
    return bool(words) and any(3 < abs(ftop - box[1]) < 40 and words in tip for tip, (fx0, ftop, fx1, fbottom) in fields)


def blanks(pdf: Path) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """(page index, (x0, top, x1, bottom), the words before it on its line) of each printed run of
    underscores."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages):
            chars = sorted((c for c in page.chars if c["text"] == "_"), key=lambda c: (round(c["top"]), c["x0"]))
            runs: list[list[dict]] = []
            for c in chars:
                last = runs[-1][-1] if runs else None
                if last and abs(last["top"] - c["top"]) < 1 and c["x0"] - last["x1"] < 1.5:
                    runs[-1].append(c)
                else:
                    runs.append([c])
            words = page.extract_words()
            for run in runs:
                box = (run[0]["x0"], min(c["top"] for c in run), run[-1]["x1"], max(c["bottom"] for c in run))
                before = " ".join(w["text"] for w in words if abs(w["top"] - box[1]) < 3 and w["x1"] <= box[0] + 1
                                  and box[0] - w["x1"] < 200 and "_" not in w["text"])
                found.append((n, box, before[-60:]))
    return found


def widgets(pdf: Path, key: str = "name") -> dict[int, list[tuple[str, tuple[float, float, float, float]]]]:
    """{page index: [(field name or tooltip, (x0, top, x1, bottom))]} of the PDF's field widgets."""
    reader = pypdf.PdfReader(pdf)
    out: dict[int, list] = {}
    for n, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        for a in page.get("/Annots") or []:
            w = a.get_object()
            if w.get("/Subtype") != "/Widget":
                continue
            x0, y0, x1, y1 = (float(v) for v in w["/Rect"])
            label = full_name(w) if key == "name" else str(w.get("/TU") or (w.get("/Parent") or {}).get("/TU") or "")
            out.setdefault(n, []).append((label, (x0, height - y1, x1, height - y0)))
    return out


def under_field(box, fields) -> bool:
    x0, top, x1, bottom = box
    for _, (fx0, ftop, fx1, fbottom) in fields:
        if fx0 - TOLERANCE <= x0 and x1 <= fx1 + TOLERANCE and ftop - TOLERANCE <= top and bottom <= fbottom + TOLERANCE:
            return True
    return False


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("host-fields15")
    with ThreadPoolExecutor(max_workers=2) as pool:  # the machine's two cores
        made = {name: pool.submit(make_pack, root / name, lang, host, over, "md,pdf")
                for name, (lang, host, over) in PACKS.items()}
        return {name: future.result() for name, future in made.items()}


def host_pdfs(packs):
    for name, pack in packs.items():
        for stem in ONLY.get(name, HOST_FILES):
            if (pack / f"{stem}.pdf").exists():
                yield name, stem, pack / f"{stem}.pdf"


def fieldless_blanks(packs) -> list[str]:
    missing = []
    for name, stem, pdf in host_pdfs(packs):
        fields, tips = widgets(pdf), widgets(pdf, "tip")
        for n, box, before in blanks(pdf):
            if under_field(box, fields.get(n, [])) or twin(before, box, tips.get(n, [])):
                continue
            if any(doc == stem and before.endswith(words) for (doc, words) in NOT_TYPED):
                continue
            missing.append(f"{name}/{stem}.pdf p{n + 1} at ({box[0]:.0f}, {box[1]:.0f}) after {before!r}")
    return missing


def test_every_printed_blank_has_a_field(packs):
    missing = fieldless_blanks(packs)
    assert not missing, f"{len(missing)} printed blanks with no field:\n" + "\n".join(missing)


def test_the_blanks_are_found(packs):
    """The measure sees the printed blanks (those under a field are hidden, form_blanks)."""
    assert any(blanks(pdf) for _, _, pdf in host_pdfs(packs))


def test_no_field_is_one_per_language(packs):
    """A bilingual cell's two marks are one field: no name ends in .1/.2 but two rows of one role."""
    numbered = []
    for name, stem, pdf in host_pdfs(packs):
        names = set(pypdf.PdfReader(pdf).get_fields() or {})
        # the PDF numbers a name given twice (pdf_forms): .1 and .2 both there ("result.C1.2" is one)
        numbered += [f"{name}/{stem}: {field}" for field in sorted(names)
                     if field.endswith(".1") and field[:-1] + "2" in names and not field.startswith("signature.")]
    assert not numbered, numbered


# The fields this measure asked for (#25, reades13 and readde13), by pack and document
ASKED = {
    "ca-fr": {"qbid_agreement": ["calendar.week1.to", "calendar.week1.hours", "calendar.week2.from", "calendar.week2.to",
                                 "calendar.week2.hours", "calendar.week2.place", "calendar.week3.from", "calendar.week3.place",
                                 "calendar.week4.from", "calendar.week4.hours", "qbid.module", "qbid.mp.C1.2", "qbid.uf.C1.2",
                                 "qbid.mp.C4.5", "qbid.uf.C4.5", "sending_organisation.function"],
              "learning_agreement": ["official.activity_type", "official.mobility_id", "monitoring.reviews"]},
    "fr-es": {"mobility_convention": ["convention.training_place", "convention.host_follow_up"],
              "learning_agreement": ["official.activity_type", "official.mobility_id", "recognition.documents"],
              "learning_agreement_complement": ["official.mobility_id", "host_partner.oid", "official.activity_type"]},
    "fr-de": {"mobility_convention": ["convention.training_place", "convention.host_follow_up"],
              "europass_preparation": ["official.mobility_id", "host_partner.oid", "official.activity_type", "europass.aim"],
              "men_unit_file": ["men.exam_session", "men.mark", "men.keep_until"],
              "host_brief": ["sending_organisation.contact_name", "sending_organisation.contact_email"]},
    "fr-de-btm": {"btm_file": ["btm.progress.context", "btm.jury", "btm.points", "btm.passed"]},
}


# printed in one language, so are their tooltips: the host brief (the host's language) and the BTM
# file's parts for the CMA (French)
ONE_LANGUAGE = {"host_brief", "btm_file"}


@pytest.mark.parametrize("name", sorted(ASKED))
def test_what_a_host_types_in_the_new_fields_is_read_back(packs, name, tmp_path):
    """Each field asked for is a text field, its tooltip in the languages its words are printed in,
    and what is typed in it (pypdf, as a reader saves it) is read back."""
    for stem, names in ASKED[name].items():
        pdf = packs[name] / f"{stem}.pdf"
        fields = pypdf.PdfReader(pdf).get_fields()
        missing = [n for n in names if n not in fields]
        assert not missing, (stem, missing)
        for n in names:
            tip = str(fields[n].get("/TU") or "")
            assert fields[n].get("/FT") == "/Tx" and tip and (stem in ONE_LANGUAGE or " / " in tip), (stem, n, tip)
        typed = {n: f"{n.split('.')[-1]} {i}" for i, n in enumerate(names)}
        writer = pypdf.PdfWriter(clone_from=pdf)
        for page in writer.pages:
            writer.update_page_form_field_values(page, typed, auto_regenerate=False)
        out = tmp_path / f"{stem}.pdf"
        writer.write(out)
        back = pypdf.PdfReader(out).get_fields()
        assert {n: back[n].get("/V") for n in names} == typed, stem


def test_a_code_or_function_typed_in_a_tall_cell_is_not_shrunk(packs):
    """The qBID agreement's module, MP and UF, and the Catalan tutor's function (under a given name),
    were one-line fields sized to fit in cells three lines high: a module's name printed at 4-5 pt
    (#25, readlast). Two lines at the fields' size."""
    from mobility_advisor.formats import pdf_forms

    pdf = next(p for name, stem, p in host_pdfs(packs) if name == "ca-fr" and stem == "qbid_agreement")
    widgets = {full_name(a.get_object()): a.get_object() for page in pypdf.PdfReader(pdf).pages
               for a in page.get("/Annots") or []}
    names = [n for n in widgets if n.startswith(("qbid.module", "qbid.mp.", "qbid.uf.")) or n == "sending_organisation.function"]
    assert len(names) == 8, names
    for name in names:
        w = widgets[name]
        assert int(w.get("/Ff", 0)) & 4096, name
        assert float(str(w["/DA"]).split(" Tf")[0].split()[-1]) == pdf_forms.FIELD_FONT_PT, (name, w["/DA"])
