"""convert: every route's real pack in DOCX, HTML (and ODT, PDF for some), read back.

DOCX files are read with python-docx, PDF text with pypdf: what a tutor signs must
carry the title, the parties, the signatories the templates name, accents and
non-Latin names intact, and dates written in the pack's language.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from html import unescape

import docx
import pytest
from docx.shared import Cm
from golden_tool import render_route, route_answers
from pypdf import PdfReader

from mobility_advisor.formats import convert, pandoc
from mobility_advisor.formats import pdf as pdf_printing
from mobility_advisor.rules.problems import InputError

GREEK_TUTOR = "Νίκος Παπαδόπουλος"
HOST = "Bäckerei Śliwiński"
START = {"fr": "1er mars 2027", "en": "1 March 2027"}
SIGNATURE_HEADER = {"fr": ["Signataire", "Nom, fonction", "Date", "Signature et cachet"],
                    "en": ["Signatory", "Name, function", "Date", "Signature and stamp"]}
LANG_TAG = {"fr": "fr-FR", "en": "en-GB"}
# the same learner, employer and hosts on every route (the qBID and BTM goldens have their own people)
EXTRA = {"tutor.name": GREEK_TUTOR, "org.host_company": HOST, "learner.name": "Léa Dupont",
         "learner.apprentice": True, "org.sending_company": "Pâtisserie Martin"}


def _unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md).strip()


def _title(md: str) -> str:
    return _unescape(md.splitlines()[0].removeprefix("# "))


def _sections(md: str) -> list[str]:
    return [_unescape(line[3:]) for line in md.splitlines() if line.startswith("## ")]


def _signatories(md: str, lang: str) -> list[list[str]]:
    """The signature tables of a Markdown document: for each, the first cell of every row."""
    header = "| " + " | ".join(SIGNATURE_HEADER[lang]) + " |"
    lines = md.splitlines()
    tables = []
    for i, line in enumerate(lines):
        if line == header:
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append(_unescape(row.split(" | ")[0].removeprefix("| ")))
            tables.append(rows)
    return tables


def _packs(tree):
    return [(route, lang) for route in tree.routes for lang in ("fr", "en")]


@pytest.fixture(scope="module")
def converted(tree):
    """{(route, lang): (markdown pack, converted pack)} for DOCX and HTML, every route, both languages."""
    out = {}
    for route, lang in _packs(tree):
        files = render_route(tree, route, lang, **EXTRA)
        out[route, lang] = files, convert.convert_files(files, "md,docx,html", lang)
    return out


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


# --- Options -------------------------------------------------------------------------


def test_parse_formats():
    assert convert.parse_formats("md") == ("md",)
    assert convert.parse_formats("md,docx") == ("md", "docx")
    assert convert.parse_formats(" PDF, md ,docx,pdf") == ("md", "docx", "pdf")
    assert convert.parse_formats(["html", "odt"]) == ("odt", "html")


@pytest.mark.parametrize("bad", ["doc", "md,rtf", "", " , "])
def test_parse_formats_refuses_unknown_or_empty(bad):
    with pytest.raises(InputError, match="md, docx, odt, html, pdf"):
        convert.parse_formats(bad)


# --- DOCX ----------------------------------------------------------------------------


def test_every_markdown_file_gets_its_docx_and_html_beside_it(converted):
    for (route, lang), (files, out) in converted.items():
        for name in files:
            assert name in out, (route, lang, name)
            if name.endswith(".md"):
                stem = name[:-3]
                assert isinstance(out[f"{stem}.docx"], bytes) and isinstance(out[f"{stem}.html"], str)
            else:  # calendar.ics and the like pass through
                assert out[name] == files[name]


def test_docx_title_headings_and_properties(converted):
    for (route, lang), (files, out) in converted.items():
        for name, md in files.items():
            if not name.endswith(".md"):
                continue
            d = docx.Document(io.BytesIO(out[name[:-3] + ".docx"]))
            titles = [p.text for p in d.paragraphs if p.style.name == "Title"]
            assert titles == [_title(md)], (route, lang, name)
            assert d.core_properties.title == _title(md)
            assert d.core_properties.language == LANG_TAG[lang]
            # a section number is joined to its word by a no-break space (pages8)
            assert [re.sub(r"(\d\.)\xa0", r"\1 ", p.text) for p in d.paragraphs
                    if p.style.name == "Heading 1"] == _sections(md), (route, name)
            section = d.sections[0]
            assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05


def test_docx_signature_blocks_name_every_signatory_with_room_to_sign(converted):
    seen = 0
    for (route, lang), (files, out) in converted.items():
        for name, md in files.items():
            expected = _signatories(md, lang) if name.endswith(".md") else []
            if not expected:
                continue
            d = docx.Document(io.BytesIO(out[name[:-3] + ".docx"]))
            tables = [t for t in d.tables if [c.text for c in t.rows[0].cells] == SIGNATURE_HEADER[lang]]
            assert [[r.cells[0].text for r in t.rows[1:]] for t in tables] == expected, (route, lang, name)
            for t in tables:
                for row in t.rows[1:]:
                    assert row.height is not None and row.height >= Cm(2.45), (route, name)
            seen += len(tables)
    assert seen >= 2 * 6  # at least one signed document per route and language


def test_docx_keeps_accents_non_latin_names_and_french_dates(converted, tree):
    for route in tree.routes:
        for lang in ("fr", "en"):
            files, out = converted[route, lang]
            text = _docx_text(docx.Document(io.BytesIO(out["learning_agreement.docx"])))
            assert "Léa Dupont" in text
            assert GREEK_TUTOR in text and HOST in text and "Pâtisserie Martin" in text
            assert START[lang] in text, (route, lang)
        fr = _docx_text(docx.Document(io.BytesIO(converted[route, "fr"][1]["index.docx"])))
        country = {"de": "Allemagne", "be": "Belgique"}[route_answers(tree, route)["destination.country"]]
        assert "1er mars 2027" in fr and "26 mars 2027" in fr and country in fr


def test_signature_rows_are_tall_in_the_docx_xml(converted):
    files, out = converted["participation", "fr"]
    xml = zipfile.ZipFile(io.BytesIO(out["attestation_participation.docx"])).read("word/document.xml").decode()
    # 2.6 cm: the height of a company stamp (2.5 cm), with a little to spare
    assert xml.count('<w:trHeight w:val="1474" w:hRule="atLeast" />') == len(_signatories(
        files["attestation_participation.md"], "fr")[0])
    assert "<w:tblBorders>" in xml
    # fixed widths: the stamp column over 6 cm, the name (the signing person's, written in by hand
    # since #25 item 9) and the date (a date written by hand in full, #25's host reader) with room
    # to write, inside the 18 cm of text
    d = docx.Document(io.BytesIO(out["attestation_participation.docx"]))
    table = next(t for t in d.tables if t.rows[0].cells[-1].text == "Signature et cachet")
    widths = [c.width.cm for c in table.rows[1].cells]
    assert widths[-1] >= 6.0 and widths[1] >= 1.6 and widths[3] >= 2.2 - 0.01 and 17.5 < sum(widths) <= 18


# --- HTML ----------------------------------------------------------------------------


def test_html_pages(converted):
    for (route, lang), (files, out) in converted.items():
        for name, md in files.items():
            if not name.endswith(".md"):
                continue
            html = out[name[:-3] + ".html"]
            assert html.startswith("<!DOCTYPE html>")
            assert f'<html lang="{LANG_TAG[lang]}">' in html
            assert unescape(re.search(r"<title>(.*?)</title>", html).group(1)) == _title(md)
            assert html.count('<table class="signatures"') == len(_signatories(md, lang)), (route, name)
            assert "Léa Dupont" in html
        index = out["index.html"]
        links = re.findall(r'href="([^"]+)"', index)
        assert "checklist.html" in links and all(link in out for link in links if "://" not in link
                                                 and not link.startswith("#"))
        # a source reference leads to the page's Sources list and names its rule in a tooltip
        assert 'id="sources"' in index
        assert re.search(r'<a href="#sources" title="[a-z][a-z0-9_.]+">\[\d+\]</a>', index)
        assert ".md\"" not in index


def test_a_packs_html_pages_from_one_pandoc_run_are_the_pages_made_one_by_one(converted, monkeypatch):
    """The pack's pages come from one pandoc process (a Lua script that reads and writes each
    document on its own); they must be the very pages pandoc writes for each file alone: titles,
    shifted headings, heading ids, the page template; a level-1 heading that is not the title
    becomes a paragraph, as with pandoc's own --shift-heading-level-by=-1."""
    real = pandoc._run_pandoc
    runs = []

    def counted(args, text):
        runs.append(args[0])
        return real(args, text)

    def older_pandoc(args, text):  # before 3.1, `lua` is no command: the pages are made one by one
        if args[0] == "lua":
            raise RuntimeError("pandoc failed (exit 1): lua: withBinaryFile: does not exist")
        return real(args, text)

    odd = "# Titre\n\n# Deuxième titre\n\n## Section\n\n### Sous-section\n\n> # cité\n\nTexte é « x ».\n"
    for (route, lang), (files, out) in converted.items():
        names = [n for n in files if n.endswith(".md")]
        stems = {n[:-3] for n in names}
        mds = [convert._relink(files[n], stems, "html") for n in names] + [odd]
        runs.clear()
        monkeypatch.setattr(pandoc, "_run_pandoc", counted)
        batch = pandoc.html_pages(mds, lang)
        assert runs == ["lua"]  # one pandoc process for the pack, no trial run before it
        monkeypatch.setattr(pandoc, "_run_pandoc", older_pandoc)
        one_by_one = pandoc.html_pages(mds, lang)
        monkeypatch.undo()
        assert batch == one_by_one, (route, lang)
        assert [out[n[:-3] + ".html"] for n in names] == batch[:len(names)]
        assert "<title>Deuxième titre</title>" in batch[-1]  # pandoc: the last of the leading titles
        assert "<blockquote>\n<p>cité</p>" in batch[-1] and '<h2 id="sous-section">' in batch[-1]


def test_html_dates_in_the_pack_language(converted):
    assert "du 1er mars 2027 au 26 mars 2027" in converted["men", "fr"][1]["learning_agreement.html"]
    assert "1 March 2027" in converted["men", "en"][1]["learning_agreement.html"]


# --- ODT -----------------------------------------------------------------------------


def test_odt_of_a_pack(tree):
    files = render_route(tree, "participation", "fr", **EXTRA)
    out = convert.convert_files(files, "odt", "fr")
    assert not any(n.endswith(".md") for n in out)  # md not requested
    odt = zipfile.ZipFile(io.BytesIO(out["attestation_participation.odt"]))
    assert odt.namelist()[0] == "mimetype" and odt.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    content = odt.read("content.xml").decode()
    assert "Attestation de participation" in content and "Léa Dupont" in content and GREEK_TUTOR in content
    assert content.count('table:style-name="SignatureRow"') == 3
    assert 'fo:page-width="21cm"' in odt.read("styles.xml").decode()


# --- Free-text boxes (#25: printed empty in DOCX and ODT) -----------------------------


def _md_tables(md: str) -> list[list[list[str]]]:
    """The rows of every table of a Markdown document, its cells unescaped (separator rows left out)."""
    tables = []
    for block in md.split("\n\n"):
        lines = block.strip().splitlines()
        if lines and all(line.startswith("|") for line in lines):
            tables.append([[_unescape(c) for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
                           for line in lines if not re.fullmatch(r"[|\s:-]+", line)])
    return tables


def _blanks_outside_boxes(tables: list[list[list[str]]], md: str) -> int:
    """The blanks of a Markdown document outside its free-text boxes (and outside a TAC's comment
    cells, whose lines docx_layout takes out: an empty box already)."""
    from mobility_advisor.formats.table_layout import BLANK, is_box, is_comment_cell

    in_boxes = sum(c.count(BLANK) for t in tables if is_box(t) for row in t for c in row)
    comments = sum(c.count(BLANK) for t in tables for row in t for c in row if is_comment_cell(c))
    return _unescape(md).count(BLANK) - in_boxes - comments


def test_free_text_boxes_are_empty_in_every_docx_and_other_blanks_stay(converted):
    """A free-text box (a header, then rows of blanks only: table_layout.is_box) prints no blank in
    the DOCX of any document of any route (host documents, positioning sheet, checklist...): its
    cells are empty, its rows a handwriting line high at least; a blank outside a box (a date, a
    name, a level to write beside text) stays, as the Markdown has it."""
    from mobility_advisor.formats.table_layout import BLANK, is_box

    boxes = 0
    for (route, lang), (files, out) in converted.items():
        for name, md in files.items():
            if not name.endswith(".md"):
                continue
            tables = _md_tables(md)
            document = docx.Document(io.BytesIO(out[name.replace(".md", ".docx")]))
            printed = [(t, [[c.text for c in row.cells] for row in t.rows]) for t in document.tables]
            empty = [t for t, rows in printed if len(rows) > 1 and not "".join(c for row in rows[1:] for c in row).strip()]
            assert len(empty) == sum(map(is_box, tables)), (route, lang, name)
            assert all(row.height >= Cm(1.09) for t in empty for row in t.rows[1:]), (route, lang, name)
            assert not any(is_box(rows) for _, rows in printed), (route, lang, name)
            assert _docx_text(document).count(BLANK) == _blanks_outside_boxes(tables, md), (route, lang, name)
            boxes += len(empty)
    assert boxes >= 40


def test_free_text_boxes_are_empty_in_the_odt():
    """As in the DOCX: the attestation's box of absences has three rows, empty, and its signature
    table keeps its blanks (a name and a date to write)."""
    from mobility_advisor.formats.table_layout import BLANK

    files = {"a.md": "# Attestation\n\n| Absences |\n| --- |\n" + "| \\_\\_\\_\\_\\_\\_\\_\\_ |\n" * 3
             + "\nDate : \\_\\_\\_\\_\\_\\_\\_\\_\n\n| Name | Date |\n| --- | --- |\n| Anna | \\_\\_\\_\\_\\_\\_\\_\\_ |\n"}
    content = zipfile.ZipFile(io.BytesIO(convert.convert_files(files, "odt", "fr")["a.odt"])).read("content.xml").decode()
    box = content[content.index(">Absences<"):content.index("</table:table>", content.index(">Absences<"))]
    rows = re.findall(r"<table:table-row\b.*?</table:table-row>", box, re.S)
    assert len(rows) == 3 and all("FillRow" in row and not re.sub(r"<[^>]+>|\s", "", row) for row in rows)
    assert content.count(BLANK) == 2  # the date in the sentence, the date in the table beside a name


# --- PDF -----------------------------------------------------------------------------


@pytest.mark.parametrize("route,lang,name", [("participation", "fr", "attestation_participation"),
                                             ("men", "en", "learning_agreement")])
def test_pdf_text(tree, route, lang, name):
    files = render_route(tree, route, lang, **EXTRA)
    out = convert.convert_files(files, "md,pdf", lang)
    assert out[f"{name}.md"] == files[f"{name}.md"]
    reader = PdfReader(io.BytesIO(out[f"{name}.pdf"]))
    assert reader.metadata.title == _title(files[f"{name}.md"])
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    for expected in ("Léa Dupont", GREEK_TUTOR, HOST, START[lang], *SIGNATURE_HEADER[lang][:2]):
        assert expected in text, expected
    words = " ".join(text.split())  # a signatory's label may wrap in its cell
    for signatory in _signatories(files[f"{name}.md"], lang)[0]:
        assert " ".join(signatory.split(",")[0].split()) in words, signatory
    # The signature table starts on the page that carries its heading.
    heading = "Signatures"
    signing_page = next(p for p in pages if SIGNATURE_HEADER[lang][0] in p)
    assert heading in signing_page
    assert all(n.replace(".md", ".pdf") in out for n in files if n.endswith(".md"))
    index = PdfReader(io.BytesIO(out["index.pdf"]))
    uris = [a.get_object()["/A"]["/URI"] for page in index.pages for a in page.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})]  # the others: references to the Sources list
    local = [u for u in uris if "://" not in u]
    assert "checklist.pdf" in local and all(u in out for u in local)  # relative: they work in the pack's folder


def _embedded_glyphs(pdf: bytes) -> dict[str, set[str]]:
    """The characters whose outlines each embedded font of the PDF carries (by font name)."""
    from fontTools.ttLib import TTFont

    found: dict[str, set[str]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            for desc in font.get_object().get("/DescendantFonts", []):
                desc = desc.get_object()["/FontDescriptor"].get_object()
                tt = TTFont(io.BytesIO(desc["/FontFile2"].get_object().get_data()))
                glyf, cmap = tt["glyf"], tt.getBestCmap()
                drawn = {chr(c) for c, g in cmap.items() if g in glyf.keys() and glyf[g].numberOfContours}
                found.setdefault(str(desc["/FontName"]).split("+", 1)[-1], set()).update(drawn)
    return found


def test_pdf_font_cuts_reused_and_grown():
    """The font cut kept for earlier PDFs serves a later one whose glyphs it holds, and is cut
    again when a PDF needs a glyph it lacks: every PDF draws all its own characters."""
    first = {"a.md": "# Convention\n\nNom : Léa Dupont, 12 mars 2027.\n"}
    other = {"b.md": "# Convention\n\nNom : Øyvind Ærø, Straße 9, Ωmega.\n"}
    seen = []
    for files in (first, other, first):
        pdf = next(v for k, v in convert.convert_files(files, "pdf", "fr").items() if k.endswith(".pdf"))
        text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
        body = next(line for line in next(iter(files.values())).splitlines() if line.startswith("Nom"))
        assert body in text
        drawn = set().union(*_embedded_glyphs(pdf).values())
        assert set(body.replace(" ", "")) <= drawn, set(body.replace(" ", "")) - drawn
        seen.append(drawn)
    assert pdf_printing._reuse_font_subsets()
    assert seen[2] >= seen[1] >= set("ØÆßΩ")  # the third PDF reuses the cut grown for the second


# --- Missing tools -------------------------------------------------------------------


@pytest.fixture
def fresh_checks():
    convert._weasyprint_problem.cache_clear()
    convert._pandoc_problem.cache_clear()
    yield
    convert._weasyprint_problem.cache_clear()
    convert._pandoc_problem.cache_clear()


def test_missing_weasyprint_names_the_extra(tree, monkeypatch, fresh_checks):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    with pytest.raises(convert.MissingExtra) as err:
        convert.check_available(("md", "pdf"))
    message = str(err.value)
    assert "pip install 'mobility-advisor[pdf]'" in message and "\n" not in message
    assert isinstance(err.value, InputError)
    files = render_route(tree, "participation", "fr")
    with pytest.raises(convert.MissingExtra, match=r"mobility-advisor\[pdf\]"):
        convert.convert_files(files, "md,docx,pdf", "fr")
    convert.check_available(("md", "docx", "html"))  # the other formats still work
    assert "index.docx" in convert.convert_files(files, "docx", "fr")


def test_markdown_needs_neither_pandoc_nor_weasyprint(tree, monkeypatch, fresh_checks):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.setitem(sys.modules, "pypandoc", None)
    files = render_route(tree, "europass", "en")
    convert.check_available(("md",))
    assert convert.convert_files(files, "md", "en") == files
    with pytest.raises(convert.MissingExtra, match="pip install") as err:
        convert.check_available(("md", "docx"))
    assert "\n" not in str(err.value)


def test_pdf_signature_blocks_whole_and_names_unbroken(tree):
    """The tool's own PDF (WeasyPrint) keeps the same promises as the DOCX and ODT printed by
    LibreOffice (tests/test_print_layout.py): each signature block whole on one page with its
    heading, long names in one piece."""
    from test_print_layout import EXTRA as LONG_NAMES, check_blocks, signature_blocks

    seen = 0
    for route in sorted(tree.routes):
        files = render_route(tree, route, "fr", **LONG_NAMES)
        signed = {n: md for n, md in files.items() if n.endswith(".md") and signature_blocks(md, "fr")}
        out = convert.convert_files(signed, "pdf", "fr")
        for name, md in signed.items():
            pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out[name[:-3] + ".pdf"])).pages]
            check_blocks(f"{route}/{name[:-3]}.pdf", pages, signature_blocks(md, "fr"), "fr")
            seen += 1
    assert seen >= 10


def test_a_docx_cells_text_is_measured_as_printed():
    """A DOCX cell's text is measured with its XML entities read: "d&#39;accueil" counted four
    characters too long, so tables with apostrophes were set smaller than they needed (#25: the
    French evaluation grid's results table at 5.0/6.5 pt in DOCX; 5.5/7.0 pt once read right)."""
    from mobility_advisor.formats import docx_layout

    cell = ('<w:tc><w:p><w:r><w:t xml:space="preserve">Tuteur d&#39;accueil &amp; </w:t></w:r>'
            '<w:r><w:t>CFA</w:t></w:r></w:p><w:p><w:r><w:t>a &lt; b</w:t></w:r></w:p></w:tc>')
    assert docx_layout._cell_text(cell) == "Tuteur d'accueil & CFA a < b"
