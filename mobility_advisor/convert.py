"""The pack in other formats: DOCX, ODT and HTML with pandoc, PDF with WeasyPrint.

Markdown stays the source. `convert_files` takes the pack as `{file name: Markdown}`
(what `render.pack_files` returns; any other file, such as `calendar.ics`, passes
through untouched) and returns it with `name.docx`, `name.odt`, `name.html`, `name.pdf`
beside each `name.md`, in memory: `render.write_pack` then writes everything at once,
so a failed conversion leaves no half pack.

- pandoc comes with `pypandoc-binary` (a core dependency: the wheel carries the pandoc
  program). Headings shift up one level: the document's `# heading` becomes its title
  (DOCX/ODT "Title" style and document properties, HTML `<title>`).
- PDF is the HTML page printed by WeasyPrint: an optional extra,
  `pip install 'mobility-advisor[pdf]'`. `check_available` says so in one line before
  anything is written.
- Layout for signing: A4 pages, tables with borders across the page width, and in the
  signature tables (the ones with a "Signature" column) body rows about 2 cm high that
  never split across pages, so a name, a date, a signature and a stamp fit.
- Links between the pack's files (`[…](learning_agreement.md)`) point to the same file
  in the same format.

pypandoc and weasyprint are imported inside the functions: Markdown output needs neither.
"""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from .i18n import catalogue
from .problems import InputError

FORMATS = ("md", "docx", "odt", "html", "pdf")
PANDOC_FORMATS = ("docx", "odt", "html")

PDF_EXTRA = "pip install 'mobility-advisor[pdf]'"
PANDOC_FIX = "pip install --force-reinstall pypandoc-binary"

# BCP 47 tags written into the documents (spell checking, hyphenation).
LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}

# The header cell that marks a signature table, in every language of the templates.
SIGNATURE_HEADER = "Signature"
BLANK = "_" * 8  # the fill-in blank of the templates, as converted


class MissingExtra(InputError):
    """A requested format needs a package that is not installed; the message names the command."""


# --- Options -------------------------------------------------------------------------


_WORDS = {
    "no_format": {"fr": "--format demande au moins un format : un ou plusieurs de {allowed}, séparés par des virgules",
                  "en": "--format needs at least one format: use one or more of {allowed}, separated by commas"},
    "unknown_format": {"fr": "format inconnu {bad} : choisissez un ou plusieurs de {allowed}, séparés par des "
                             "virgules (ex. md,docx)",
                       "en": "unknown format {bad}: use one or more of {allowed}, separated by commas (e.g. md,docx)"},
    "no_pandoc": {"fr": "les formats DOCX, ODT, HTML et PDF demandent pandoc, introuvable ({why}) : {fix}",
                  "en": "DOCX, ODT, HTML and PDF output need pandoc, which was not found ({why}): {fix}"},
    "no_weasyprint": {"fr": "le PDF demande WeasyPrint, qui n'a pas pu être chargé ({why}) : {fix} (sous Linux, il "
                            "faut aussi la bibliothèque Pango, p. ex. apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
                      "en": "PDF output needs WeasyPrint, which could not be loaded ({why}): {fix} (on Linux it also "
                            "needs the Pango library, e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0)"},
}
_msg = catalogue(_WORDS)


def parse_formats(value: str | Iterable[str], lang: str = "en") -> tuple[str, ...]:
    """"md,docx" -> ("md", "docx"): known formats, each once, in the order of FORMATS."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    wanted = {p.strip().lower().lstrip(".") for p in parts if p and p.strip()}
    allowed = ", ".join(FORMATS)
    if not wanted:
        raise InputError(_msg("no_format", lang, allowed=allowed))
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise InputError(_msg("unknown_format", lang, bad=", ".join(repr(u) for u in unknown), allowed=allowed))
    return tuple(f for f in FORMATS if f in wanted)


@lru_cache(maxsize=1)
def _pandoc_problem() -> str | None:
    """The exception's name when pandoc cannot run, else None."""
    try:
        import pypandoc

        pypandoc.get_pandoc_version()
    except (ImportError, OSError, RuntimeError) as exc:
        return type(exc).__name__
    return None


@lru_cache(maxsize=1)
def _weasyprint_problem() -> str | None:
    """The exception's name when WeasyPrint cannot be loaded, else None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        return type(exc).__name__
    return None


def check_available(formats: Iterable[str], lang: str = "en") -> None:
    """Raise MissingExtra, in one line naming the install command, if a format cannot be made."""
    formats = set(formats)
    if formats & {"docx", "odt", "html", "pdf"}:
        why = _pandoc_problem()
        if why:
            raise MissingExtra(_msg("no_pandoc", lang, why=why, fix=PANDOC_FIX))
    if "pdf" in formats:
        why = _weasyprint_problem()
        if why:
            raise MissingExtra(_msg("no_weasyprint", lang, why=why, fix=PDF_EXTRA))


# --- Conversion ----------------------------------------------------------------------


def convert_files(files: Mapping[str, str], formats: Iterable[str], lang: str) -> dict[str, str | bytes]:
    """The pack with each `.md` file also (or only) in the other requested formats.

    Text formats (md, html) are str, binary ones (docx, odt, pdf) bytes. Files other
    than Markdown pass through. Drops the `.md` files when "md" is not requested.
    """
    formats = parse_formats(formats)
    check_available(formats)
    if lang not in LANG_TAGS:
        raise InputError(f"unknown language {lang!r}: use one of {', '.join(LANG_TAGS)}")
    md_names = [n for n in files if n.endswith(".md")]
    stems = {n[:-3] for n in md_names}

    jobs = {}  # (name, format) -> future
    needed = [f for f in PANDOC_FORMATS if f in formats or (f == "html" and "pdf" in formats)]
    if needed:
        with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
            for name in md_names:
                for fmt in needed:
                    md = _relink(files[name], stems, fmt)
                    jobs[name, fmt] = pool.submit(_pandoc, md, fmt, lang)
        made = {key: fut.result() for key, fut in jobs.items()}
    else:
        made = {}

    out: dict[str, str | bytes] = {}
    for name, content in files.items():
        if not name.endswith(".md"):
            out[name] = content
            continue
        stem = name[:-3]
        for fmt in formats:
            if fmt == "md":
                out[name] = content
            elif fmt == "pdf":
                html = _relink_html(made[name, "html"], stems, "pdf")
                out[f"{stem}.pdf"] = html_to_pdf(html)
            else:
                out[f"{stem}.{fmt}"] = made[name, fmt]
    return out


_MD_LINK = re.compile(r"\]\(([A-Za-z0-9_.\-]+)\.md\)")


def _relink(md: str, stems: set[str], fmt: str) -> str:
    """Links to the pack's Markdown files point to the same files in `fmt`."""
    return _MD_LINK.sub(lambda m: f"]({m.group(1)}.{fmt})" if m.group(1) in stems else m.group(0), md)


def _relink_html(html: str, stems: set[str], fmt: str) -> str:
    return re.sub(r'href="([A-Za-z0-9_.\-]+)\.html"',
                  lambda m: f'href="{m.group(1)}.{fmt}"' if m.group(1) in stems else m.group(0), html)


# GitHub Markdown as pandoc reads it, minus what would turn user text into markup: a company
# named "www.example.com" or a tutor's "anna@example.org" is not a link, ":fire:" not an emoji.
# The pack's own links are written as [text](target) and stay links.
READER = "gfm-autolink_bare_uris-emoji"


def _pandoc(md: str, fmt: str, lang: str) -> str | bytes:
    import pypandoc

    args = ["--shift-heading-level-by=-1", f"--metadata=lang:{LANG_TAGS[lang]}", "--wrap=none"]
    if fmt == "html":
        args += ["--standalone", f"--template={_assets() / 'page.html'}"]
        html = pypandoc.convert_text(md, "html", format=READER, extra_args=args)
        return _mark_signature_tables_html(html)
    with tempfile.TemporaryDirectory(prefix="mobility-advisor-") as tmp:
        target = Path(tmp) / f"document.{fmt}"
        pypandoc.convert_text(md, fmt, format=READER, outputfile=str(target), extra_args=args)
        data = target.read_bytes()
    return _docx_layout(data) if fmt == "docx" else _odt_layout(data)


def html_to_pdf(html: str) -> bytes:
    """A standalone HTML page (from `_pandoc(…, "html", …)`) printed to PDF by WeasyPrint."""
    check_available(["pdf"])
    from weasyprint import HTML

    # Task-list boxes drawn as characters: form fields are not printed.
    html = re.sub(r'<input type="checkbox"[^>]*checked[^>]*/?>', "☑ ", html)
    html = re.sub(r'<input type="checkbox"[^>]*/?>', "☐ ", html)
    # No base URL: links between the pack's files stay relative ("checklist.pdf"), so they
    # still work once the folder is moved or sent; the page loads no other resource.
    return HTML(string=html, base_url=None).write_pdf()


# --- HTML page -----------------------------------------------------------------------

PRINT_CSS = """
@page {
  size: A4;
  margin: 14mm 15mm 16mm 15mm;
  @bottom-left { content: string(doctitle); font-size: 7.5pt; color: #555; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #555; }
}
html { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 9.5pt; line-height: 1.3; color: #111; }
body { max-width: 52em; margin: 0 auto; padding: 1.5em; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1.title { font-size: 15pt; margin: 0 0 .5em; padding-bottom: .25em; border-bottom: 1.5pt solid #222;
           string-set: doctitle content(); }
h1 { font-size: 12pt; margin: 1em 0 .35em; }
h2 { font-size: 11pt; margin: 1em 0 .3em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: .35em 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 .8em; }
th, td { border: .6pt solid #444; padding: 2pt 4pt; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
thead th { background: #e9e9e9; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.signatures { break-inside: avoid; page-break-inside: avoid; }
table.signatures tbody td { height: 17mm; }
tr.fill td { height: 11mm; }
.signing { break-inside: avoid; page-break-inside: avoid; }
table.signatures th:nth-child(1) { width: 19%; }
table.signatures th:nth-child(2) { width: 21%; }
table.signatures th:nth-child(3) { width: 14%; }
table.signatures th:nth-child(4) { width: 12%; }
table.signatures th:nth-child(5) { width: 18%; }
table.signatures th:nth-child(6) { width: 16%; }
ul.task-list { list-style: none; padding-left: .8em; }
ul.task-list input { margin-right: .4em; }
a { color: inherit; }
.page-break { break-before: page; page-break-before: always; }
"""

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="$lang$">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mobility-advisor">
<title>$pagetitle$</title>
<style>
""" + PRINT_CSS.replace("$", "$$") + """</style>
</head>
<body>
$if(title)$
<h1 class="title">$title$</h1>
$endif$
$body$
</body>
</html>
"""


@lru_cache(maxsize=1)
def _assets() -> Path:
    """A folder, for this process, holding the pandoc HTML template."""
    folder = Path(tempfile.mkdtemp(prefix="mobility-advisor-assets-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "page.html").write_text(PAGE_TEMPLATE, encoding="utf-8")
    return folder


_HTML_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


# A table row of blanks only (learning outcomes to write in): tall enough to write by hand.
_HTML_FILL_ROW = re.compile(r'<tr(?: class="[^"]*")?>((?:\s*<td>_{8}</td>)+\s*)</tr>')

# A signature table with its heading and the sentences between them: kept on one page.
_HTML_SIGNING = re.compile(r'(<h[1-6][^>]*>(?:(?!</h).)*</h[1-6]>\s*(?:<p>(?:(?!</p>).)*</p>\s*)*)?'
                           r'(<table class="signatures">.*?</table>)', re.S)


def _mark_signature_tables_html(html: str) -> str:
    """Class "signatures" on the tables with a Signature column, wrapped with their heading in `.signing`."""
    def mark(m: re.Match) -> str:
        head = m.group(1).split("</thead>", 1)[0]
        if f"<th>{SIGNATURE_HEADER}</th>" in head:
            return f'<table class="signatures">{m.group(1)}</table>'
        return m.group(0)

    html = _HTML_TABLE.sub(mark, html)
    html = _HTML_FILL_ROW.sub(lambda m: f'<tr class="fill">{m.group(1)}</tr>', html)
    return _HTML_SIGNING.sub(lambda m: f'<div class="signing">\n{m.group(1) or ""}{m.group(2)}\n</div>', html)


# --- DOCX and ODT layout -------------------------------------------------------------


def _rewrite_zip(data: bytes, edits: Mapping[str, object]) -> bytes:
    """The archive with some members' XML text passed through `edits[name]`; order and compression kept."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename in edits:
                content = edits[info.filename](content.decode("utf-8")).encode("utf-8")
            dst.writestr(info, content)
    return buf.getvalue()


# Word measures in twentieths of a point: 1 cm = 567.
_A4_WORD = ('<w:pgSz w:w="11906" w:h="16838" />'
            '<w:pgMar w:top="907" w:right="851" w:bottom="1021" w:left="851" w:header="567" w:footer="567" w:gutter="0" />')
_BORDERS_WORD = "<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="444444" />'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
_FILL_ROW_WORD = '<w:trPr><w:cantSplit /><w:trHeight w:val="624" w:hRule="atLeast" /></w:trPr>'
_SIGN_ROW_WORD = '<w:trPr><w:cantSplit /><w:trHeight w:val="1134" w:hRule="atLeast" /></w:trPr>'
_HEADER_FILL_WORD = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E9E9E9" /></w:tcPr>'

_WORD_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_WORD_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
_WORD_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _docx_table(m: re.Match) -> str:
    table = m.group(0)
    table = re.sub(r"<w:tblW [^>]*/>", '<w:tblW w:type="pct" w:w="5000" />' + _BORDERS_WORD, table, count=1)
    rows = _WORD_ROW.findall(table)
    if not rows:
        return table
    header, body = rows[0], rows[1:]
    is_header = "<w:tblHeader" in header
    new_rows = []
    if is_header:
        new_rows.append(header.replace("<w:tcPr />", _HEADER_FILL_WORD))
        signature = SIGNATURE_HEADER in _WORD_TEXT.findall(header)
    else:
        body, signature = rows, False
    for row in body:
        if "<w:trPr>" not in row:
            if signature:
                props = _SIGN_ROW_WORD
            elif set(_WORD_TEXT.findall(row)) == {BLANK}:
                props = _FILL_ROW_WORD
            else:
                props = "<w:trPr><w:cantSplit /></w:trPr>"
            row = row.replace("<w:tr>", "<w:tr>" + props, 1)
        new_rows.append(row)
    start = table.index(rows[0])
    end = table.rindex(rows[-1]) + len(rows[-1])
    return table[:start] + "".join(new_rows) + table[end:]


def _docx_document(xml: str) -> str:
    xml = _WORD_TABLE.sub(_docx_table, xml)
    # A4 page, margins of about 1.5 cm; pgSz comes after footnotePr in a sectPr.
    if "<w:pgSz" not in xml:
        if "</w:footnotePr>" in xml:
            xml = xml.replace("</w:footnotePr>", "</w:footnotePr>" + _A4_WORD, 1)
        else:
            xml = xml.replace("<w:sectPr>", "<w:sectPr>" + _A4_WORD, 1)
    return xml


def _docx_layout(data: bytes) -> bytes:
    return _rewrite_zip(data, {"word/document.xml": _docx_document})


_ODT_CELL = 'fo:border="0.5pt solid #444444" fo:padding="0.08cm"'
_ODT_SIGN_ROW = ('<style:style style:name="SignatureRow" style:family="table-row">'
                 '<style:table-row-properties style:min-row-height="2cm" fo:keep-together="always" />'
                 "</style:style>")
_ODT_TABLE = re.compile(r"<table:table [^>]*>.*?</table:table>", re.S)


def _odt_table(m: re.Match) -> str:
    table = m.group(0)
    head, sep, rest = table.partition("</table:table-header-rows>")
    if not sep or not re.search(rf">{SIGNATURE_HEADER}</text:p>", head):
        return table
    return head + sep + rest.replace("<table:table-row>", '<table:table-row table:style-name="SignatureRow">')


def _odt_content(xml: str) -> str:
    xml = re.sub(r'(style:name="TableHeaderRowCell" style:family="table-cell">\s*<style:table-cell-properties) fo:border="none"',
                 rf'\1 {_ODT_CELL} fo:background-color="#e9e9e9"', xml)
    xml = re.sub(r'(style:name="TableRowCell" style:family="table-cell">\s*<style:table-cell-properties) fo:border="none"',
                 rf"\1 {_ODT_CELL}", xml)
    xml = xml.replace('<style:table-properties table:align="center" />',
                      '<style:table-properties style:width="18cm" table:align="margins" />')
    xml = xml.replace("</office:automatic-styles>", _ODT_SIGN_ROW + "</office:automatic-styles>", 1)
    return _ODT_TABLE.sub(_odt_table, xml)


def _odt_styles(xml: str) -> str:
    def page(m: re.Match) -> str:
        props = m.group(0)
        for attr, value in (("fo:page-width", "21cm"), ("fo:page-height", "29.7cm"), ("fo:margin-top", "1.6cm"),
                            ("fo:margin-bottom", "1.6cm"), ("fo:margin-left", "1.5cm"), ("fo:margin-right", "1.5cm")):
            props = re.sub(rf'{attr}="[^"]*"', f'{attr}="{value}"', props)
        return props

    return re.sub(r"<style:page-layout-properties [^>]*>", page, xml)


def _odt_layout(data: bytes) -> bytes:
    return _rewrite_zip(data, {"content.xml": _odt_content, "styles.xml": _odt_styles})
