"""DOCX and ODT as LibreOffice prints them: signature blocks whole on one page, names unbroken.

Every signed document of every route (attestation, learning agreement and its complement,
evaluation grid, validation record, MEN / BTM / qBID files, Europass preparation) is
converted by `soffice --headless --convert-to pdf`, and the text of each printed page is read
back with pypdf. For each signature table of the Markdown document:

- its heading, the table's header row and every signatory sit on one page;
- each signatory's name (a long German host company, a Catalan tutor) is printed whole:
  no word cut in two by a column too narrow.

A second test pushes a signature block to every position on a page (filler lines above it)
so that a block that could split would split at least once.

LibreOffice is a test tool only (CI installs it, see .ci/run); without `soffice` on the PATH
these tests are skipped with that reason.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from golden_tool import render_route
from pypdf import PdfReader

from mobility_advisor.formats import convert

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                         "apt-get install libreoffice-writer-nogui")

HOST = "Handwerkskammer für München und Oberbayern"
TUTOR = "Montserrat Puigdomènech i Vilaró"
EXTRA = {"org.host_company": HOST, "tutor.name": TUTOR}
FIRST_HEADER = {"fr": "Signataire", "en": "Signatory"}
LAST_HEADER = {"fr": "Signature et cachet", "en": "Signature and stamp"}


def _plain(md: str) -> str:
    return " ".join(re.sub(r"\\(.)", r"\1", md).split())


def signature_blocks(md: str, lang: str) -> list[tuple[str, list[list[str]]]]:
    """(heading, rows of cells) for each signature table of a Markdown document."""
    lines = md.splitlines()
    blocks = []
    heading = ""
    for i, line in enumerate(lines):
        if line.startswith("#"):
            heading = _plain(line.lstrip("#"))
        if line.startswith(f"| {FIRST_HEADER[lang]} |") and f"| {LAST_HEADER[lang]} |" in line:
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append([_plain(c) for c in row.strip().strip("|").split(" | ")])
            blocks.append((heading, rows))
    return blocks


def to_pdf(files: dict[str, bytes], folder: Path) -> dict[str, list[str]]:
    """{file name: text of each printed page}, all files converted by one LibreOffice run."""
    src = folder / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    out = folder / "out"
    profile = folder / "profile"  # its own profile: runs in parallel do not share a lock
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *sorted(str(src / n) for n in files)],
                   check=True, capture_output=True, timeout=600)
    pages = {}
    for name in files:
        pdf = out / (Path(name).stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not print {name}"
        pages[name] = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    return pages


def check_blocks(name: str, pages: list[str], blocks, lang: str) -> None:
    for heading, rows in blocks:
        # (blanks, "________, ________", are no words: the tool's PDF prints none under a field,
        # nor after a name whose function has a field under it, "Name, ________")
        cells = [c.replace("________", "").rstrip(", ") if c.strip("_, ") else c for row in rows for c in row[:3]]
        cells = [c for c in cells if c.strip("_, ")]
        home = [i for i, page in enumerate(pages) if FIRST_HEADER[lang] in page and LAST_HEADER[lang] in page
                and all(c in page for c in cells)]
        where = {c: [i + 1 for i, p in enumerate(pages) if c in p] for c in cells}
        assert home, f"{name}: the signature block under {heading!r} is not whole on one page: {where}"
        page = pages[home[0]]
        assert heading in page, f"{name}: heading {heading!r} is not on the page of its signature table"
        for word in {w for c in cells for w in re.findall(r"\w{5,}", c)}:
            if word in (HOST + " " + TUTOR):
                assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page), f"{name}: {word!r} is cut"


@pytest.fixture(scope="module")
def signed_documents(tree):
    """{file: (lang, blocks)} and {file: bytes} for every signed document, in DOCX and ODT."""
    meta, data = {}, {}
    for route in sorted(tree.routes):
        for lang in ("fr", "en"):
            files = render_route(tree, route, lang, **EXTRA)
            signed = {n: md for n, md in files.items() if n.endswith(".md") and signature_blocks(md, lang)}
            out = convert.convert_files(signed, "docx,odt", lang)
            for name, md in signed.items():
                for fmt in ("docx", "odt"):
                    key = f"{route}-{lang}-{name[:-3]}-{fmt}.{fmt}"
                    meta[key] = (lang, signature_blocks(md, lang))
                    data[key] = out[f"{name[:-3]}.{fmt}"]
    return meta, data


def test_every_signed_document_prints_each_signature_block_on_one_page(signed_documents, tmp_path):
    meta, data = signed_documents
    kinds = {re.sub(r"^\w+-\w\w-|-(docx|odt)\.\w+$", "", n) for n in meta}
    assert {"attestation_participation", "learning_agreement", "learning_agreement_complement", "evaluation_grid",
            "men_unit_file", "btm_file", "qbid_agreement"} <= kinds
    pages = to_pdf(data, tmp_path)
    for name, (lang, blocks) in meta.items():
        check_blocks(name, pages[name], blocks, lang)


def test_a_signature_block_never_splits_wherever_it_falls(tree, tmp_path):
    """Filler lines above the block move it down the page, two lines at a time, over a whole page."""
    md = render_route(tree, "participation", "fr", **EXTRA)["attestation_participation.md"]
    title, rest = md.split("\n", 1)
    variants, data = {}, {}
    for n in range(0, 60, 3):
        filler = "".join(f"Ligne de remplissage {i + 1}.\n\n" for i in range(n))
        variants[n] = f"{title}\n\n{filler}{rest}"
    for n, text in variants.items():
        out = convert.convert_files({"a.md": text}, "docx,odt", "fr")
        data[f"filler{n:02d}-docx.docx"] = out["a.docx"]
        data[f"filler{n:02d}-odt.odt"] = out["a.odt"]
    pages = to_pdf(data, tmp_path)
    blocks = signature_blocks(md, "fr")
    assert any(len(p) > 1 for p in pages.values())  # the filler did push content to a second page
    for name, printed in pages.items():
        check_blocks(name, printed, blocks, "fr")


def test_page_numbers_in_the_footer(signed_documents, tmp_path):
    meta, data = signed_documents
    name = next(n for n in data if n.startswith("participation-fr-learning_agreement-"))
    both = {name: data[name], name.replace("-docx.docx", "-odt.odt"): data[name.replace("-docx.docx", "-odt.odt")]}
    for printed in to_pdf(both, tmp_path).values():
        assert len(printed) >= 2
        for i, page in enumerate(printed, 1):
            assert page.endswith(f"{i} / {len(printed)}"), page[-40:]


def test_a_long_title_is_cut_in_the_footer_never_wrapped_over_the_page_number(tmp_path):
    """signkeep (#25): the footer names the document, as the PDF's; a title too long for the line
    beside "1 / 1" is printed on one line. pages11 (#25 session 9): of a bilingual "A / B" too long,
    the host-language half B is printed whole (the host reads it; the cut at the line's end took it);
    a B too long itself is printed up to its last whole word that fits, then "…"."""
    short = "Convention de mobilité de l'apprenti / Mobilitätsvereinbarung"
    host = "Lernvereinbarung für die berufliche Bildung"
    bilingual = "Contrat pédagogique " + " ".join(["Erasmus+ formation professionnelle"] * 4) + " / " + host
    long = "Contrat pédagogique / Lernvereinbarung " + " ".join(["Erasmus+ berufliche Bildung"] * 8)
    files = {}
    for key, title in (("short", short), ("bilingual", bilingual), ("long", long)):
        out = convert.convert_files({"a.md": f"# {title}\n\nTexte.\n"}, "docx,odt", "fr")
        files.update({f"{key}-docx.docx": out["a.docx"], f"{key}-odt.odt": out["a.odt"]})
    printed = to_pdf(files, tmp_path)
    for name, pages in printed.items():
        [page] = pages
        foot = page[page.rindex("Texte.") + len("Texte."):].strip()
        if name.startswith("short"):
            assert foot == f"{short} 1 / 1", (name, foot)
        elif name.startswith("bilingual"):
            assert foot == f"{host} 1 / 1", (name, foot)
        else:
            named = foot.removesuffix(" 1 / 1")
            host_half = long.split(" / ")[1]
            assert named.endswith(" …") and host_half.startswith(named[:-2]) and len(named) > 60, (name, foot)


def test_odt_checklist_shows_a_box_and_no_bullet(tree, tmp_path):
    files = render_route(tree, "participation", "fr", **EXTRA)
    out = convert.convert_files({"checklist.md": files["checklist.md"]}, "odt", "fr")
    content = zipfile.ZipFile(io.BytesIO(out["checklist.odt"])).read("content.xml").decode()
    assert content.count("☐") == files["checklist.md"].count("- [ ]")
    pages = to_pdf({"checklist.odt": out["checklist.odt"]}, tmp_path)["checklist.odt"]
    text = " ".join(pages)
    assert text.count("☐") == files["checklist.md"].count("- [ ]")
    # bullets only for the plain lists (tips and advice), none beside a box
    plain = len(re.findall(r"^- (?!\[)", files["checklist.md"], re.M))
    assert text.count("•") == plain, (text.count("•"), plain)


def test_consecutive_tables_are_kept_apart(tree):
    """Two tables in a row would be joined into one by Word and LibreOffice: a paragraph separates them."""
    md = "# T\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n| c | d |\n| --- | --- |\n| 3 | 4 |\n"
    out = convert.convert_files({"t.md": md}, "docx,odt", "en")
    xml = zipfile.ZipFile(io.BytesIO(out["t.docx"])).read("word/document.xml").decode()
    assert xml.count("<w:tbl>") == 2 and not re.search(r"</w:tbl>\s*<w:tbl>", xml)
    content = zipfile.ZipFile(io.BytesIO(out["t.odt"])).read("content.xml").decode()
    assert content.count("<table:table ") == 2 and not re.search(r"</table:table>\s*<table:table ", content)


# --- pages8: a gendered form kept whole without breaking the line early ---------------------------

def _printed_lines(html: str) -> list[list[dict]]:
    pdfplumber = pytest.importorskip("pdfplumber")
    from mobility_advisor.formats import pdf

    lines: list[list[dict]] = []
    with pdfplumber.open(io.BytesIO(pdf.html_to_pdf(html))) as printed:
        for page in printed.pages:
            rows: dict[int, list[dict]] = {}
            for w in page.extract_words(x_tolerance=1.5, y_tolerance=2):
                rows.setdefault(round(float(w["top"])), []).append(w)
            lines += [rows[top] for top in sorted(rows)]
    return lines


def test_a_gendered_form_neither_cut_at_its_slash_nor_breaking_the_line_early():
    """The Spanish attestation's "Acredita la asistencia del alumno/a, no sus resultados": held in a
    no-break span, WeasyPrint put "Acredita" alone on a line though "la" fitted after it (the second
    reader's stray break before "alumno/a,"). Printed in boxes 100 to 160 pt wide: every line's
    next word did not fit on it, no line ends at a slash, the comma stays with its word."""
    from mobility_advisor.formats.host_html import unbroken_forms

    sentence = "Acredita la asistencia del alumno/a, no sus resultados; Lernende/r und Betreuer/in."
    boxes = "".join(f'<p style="width: {w}pt; margin: 0 0 30pt">{sentence}</p>' for w in range(100, 162, 2))
    page = unbroken_forms('<html><head><style>body { font: 9.5pt "DejaVu Sans"; margin: 0 }</style></head>'
                          f"<body>{boxes}</body></html>")
    assert "white-space" not in page
    lines = _printed_lines(page)
    space = 3.1  # DejaVu Sans at 9.5 pt
    early = []
    for line, below in zip(lines, lines[1:]):
        left = min(float(w["x0"]) for w in line)
        if abs(min(float(w["x0"]) for w in below) - left) > 1 or not 0 < float(below[0]["top"]) - float(line[0]["top"]) <= 20:
            continue  # the next box
        end, first = max(float(w["x1"]) for w in line), below[0]
        # the narrowest box's right edge: a word fitting there fitted in every box
        if end + space + float(first["x1"]) - float(first["x0"]) <= left + 100:
            early.append(" ".join(w["text"] for w in line) + " | " + first["text"])
    assert not early, early
    words = [w["text"] for line in lines for w in line]
    assert not [w for w in words if w.endswith("/")], words
    assert "alumno/a," in words and not [w for w in words if w.startswith(",")]
