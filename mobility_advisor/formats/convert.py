"""The pack in other formats: DOCX, ODT and HTML with pandoc, PDF with WeasyPrint.

Markdown stays the source. `convert_files` takes the pack as `{file name: Markdown}`
(what `render.pack_files` returns; any other file, such as `calendar.ics`, passes
through untouched) and returns it with `name.docx`, `name.odt`, `name.html`, `name.pdf`
beside each `name.md`, in memory: `packdir.write_pack` then writes everything at once,
so a failed conversion leaves no half pack.

- pandoc comes with `pypandoc-binary` (a core dependency: the wheel carries the pandoc
  program, which pypandoc finds and this module runs directly). Headings shift up one level:
  the document's `# heading` becomes its title (DOCX/ODT "Title" style and document
  properties, HTML `<title>`). A pack's HTML pages (the PDF's source) come from one pandoc
  process (`_html_pages`).
- PDF is the HTML page printed by WeasyPrint: an optional extra,
  `pip install 'mobility-advisor[pdf]'`. `check_available` says so in one line before
  anything is written.
- Layout for signing, the same in PDF, DOCX and ODT: A4 pages numbered "n / N" in the
  footer, tables with borders, every table's columns sized to its content (`table_plan`:
  no word cut, nothing past the margins), rows never split across pages, and signature
  tables (the ones with a "Signature" column) kept whole on one page with their heading,
  with a stamp box of 6.1 x 2.6 cm. DOCX and ODT are checked by printing them with
  LibreOffice, and every format is measured (tests/test_print_layout.py, test_host_print.py).
- In HTML, the host-language parts of a bilingual host document carry the host's `lang`.
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

from mobility_advisor.formats import ics, pdf_forms
from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.rules.problems import InputError

FORMATS = ("md", "docx", "odt", "html", "pdf")
PANDOC_FORMATS = ("docx", "odt", "html")

PDF_EXTRA = "pip install 'mobility-advisor[pdf]'"
PANDOC_FIX = "pip install --force-reinstall pypandoc-binary"

# BCP 47 tags written into the documents (spell checking, hyphenation).
LANG_TAGS = {"fr": "fr-FR", "en": "en-GB", "es": "es-ES", "ca": "ca-ES", "de": "de-DE"}

# The header cell that marks a signature table, in every language of the templates; in a
# bilingual document (bilingual.pair) the cell holds two labels: "Signature / Unterschrift".
SIGNATURE_HEADER = "Signature"
SIGNATURE_LABELS = ("Signature", "Unterschrift", "Firma", "Signatura")
_SIGNATURE_CELL = (r"(?:[^<]* / )?(?:" + "|".join(SIGNATURE_LABELS) + r")(?: / [^<]*)?")
_SIGNATURE_TEXT = re.compile(_SIGNATURE_CELL + "$")


def is_signature_label(text: str) -> bool:
    """A signature table's "Signature" header, in one language or two ("Signature / Unterschrift")."""
    return bool(_SIGNATURE_TEXT.match(text.strip()))
BLANK = "_" * 8  # the fill-in blank of the templates, as converted


class MissingExtra(InputError):
    """A requested format needs a package that is not installed; the message names the command."""


# --- Options -------------------------------------------------------------------------


_WORDS = {
    "no_format": N_("--format needs at least one format: use one or more of {allowed}, separated by commas"),
    "unknown_format": N_("unknown format '{bad}': use one or more of {allowed}, separated by commas (e.g. md,docx)"),
    "no_pandoc": N_("DOCX, ODT, HTML and PDF output need pandoc, which was not found ({why}): {fix}"),
    "no_weasyprint": N_("PDF output needs WeasyPrint, which could not be loaded ({why}): {fix} (on Linux it also "
                        "needs the Pango library, e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0)"),
}
_msg = messages(_WORDS)


def parse_formats(value: str | Iterable[str], lang: str = "en") -> tuple[str, ...]:
    """"md,docx" -> ("md", "docx"): known formats, each once, in the order of FORMATS."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    wanted = {p.strip().lower().lstrip(".") for p in parts if p and p.strip()}
    allowed = ", ".join(FORMATS)
    if not wanted:
        raise InputError(_msg("no_format", lang, allowed=allowed))
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise InputError(_msg("unknown_format", lang, bad=", ".join(unknown), allowed=allowed))
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


@lru_cache(maxsize=2)
def _weasyprint_problem(load: bool = True) -> str | None:
    """The exception's name when WeasyPrint cannot be loaded, else None; without `load`, only
    whether it is installed (importing it takes about 1 s: the process that prints does it)."""
    if not load:
        from importlib.util import find_spec

        return None if find_spec("weasyprint") is not None else "ModuleNotFoundError"
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        return type(exc).__name__
    return None


def check_available(formats: Iterable[str], lang: str = "en", load: bool = True) -> None:
    """Raise MissingExtra, in one line naming the install command, if a format cannot be made.
    `load=False`: WeasyPrint is looked for, not imported (another process will print)."""
    formats = set(formats)
    if formats & {"docx", "odt", "html", "pdf"}:
        why = _pandoc_problem()
        if why:
            raise MissingExtra(_msg("no_pandoc", lang, why=why, fix=PANDOC_FIX))
    if "pdf" in formats:
        why = _weasyprint_problem(load)
        if why:
            raise MissingExtra(_msg("no_weasyprint", lang, why=why, fix=PDF_EXTRA))


# --- Conversion ----------------------------------------------------------------------


def convert_files(files: Mapping[str, str], formats: Iterable[str], lang: str,
                  host_lang: str | None = None) -> dict[str, str | bytes]:
    """The pack with each `.md` file also (or only) in the other requested formats.

    Text formats (md, html) are str, binary ones (docx, odt, pdf) bytes. Files other
    than Markdown pass through. Drops the `.md` files when "md" is not requested.
    `host_lang`: the host's language when the host documents are bilingual (render.pack_files'
    `host_lang`): their host-language parts carry it (HTML `lang`), and the host brief, written
    in it alone, is tagged with it in every format (spell checking, screen readers).
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
            if "html" in needed:  # all the pack's pages from one pandoc process
                # the PDF forms' field marks ride in the HTML pages (pdf_forms), stripped from the HTML files
                pages = pool.submit(_html_pages, [_relink(_marked(files[name]), stems, "html") for name in md_names],
                                    lang)
            for name in md_names:
                for fmt in needed:
                    if fmt != "html":
                        jobs[name, fmt] = pool.submit(_pandoc, _relink(files[name], stems, fmt), fmt,
                                                      _doc_lang(name, lang, host_lang))
            made = {key: fut.result() for key, fut in jobs.items()}
            if "html" in needed:
                made.update({(name, "html"): _host_parts_html(page, name, lang, host_lang)
                             for name, page in zip(md_names, pages.result())})
    else:
        made = {}

    out: dict[str, str | bytes] = {}
    for name, content in files.items():
        if name == ics.FILE_NAME and "md" not in formats and isinstance(content, str):
            # No Markdown in the pack: the calendar names the files that are there (checklist.pdf).
            out[name] = ics.relink(content, stems, formats[0])
            continue
        if not name.endswith(".md"):
            out[name] = content
            continue
        stem = name[:-3]
        for fmt in formats:
            if fmt == "md":
                out[name] = content
            elif fmt == "pdf":
                html = _relink_html(made[name, "html"], stems, "pdf")
                out[f"{stem}.pdf"] = html_to_pdf(html, getattr(content, "identity", None))
            elif fmt == "html":
                out[f"{stem}.html"] = pdf_forms.strip_html(made[name, fmt])
            else:
                out[f"{stem}.{fmt}"] = made[name, fmt]
    return out


def _marked(content: str) -> str:
    """The text a document's HTML page is made from: with its PDF form's field marks, if it has
    any (pack/forms.py's FormMarkdown carries them beside the Markdown the pack writes)."""
    return getattr(content, "marked", content)


def _doc_lang(name: str, lang: str, host_lang: str | None) -> str:
    """The language a document is written in: the host's for the host brief, else the pack's."""
    from mobility_advisor.engine.bilingual import HOST_ONLY

    return host_lang if host_lang in LANG_TAGS and host_lang != lang and name[:-3] in HOST_ONLY else lang


# In a bilingual host document, the host's words: the italic line under each sentence or list
# item, and the second half of "Nom / Name" in headings and table cells.
_HTML_HOST_LINE = re.compile(r"(<p>|<br />\s*)<em>(?=(?:(?!</em>).)*</em>(?:</label>)?(?:</p>|</li>))", re.S)
_HTML_HOST_LABEL = re.compile(r"(<(?:h[1-6]|th|td)\b[^>]*>)([^<]*?) / ([^<]*)(</(?:h[1-6]|th|td)>)")


# A sentence and its translation below it (two paragraphs; a list item holds both): printed on
# one page (PRINT_CSS, .pair and .host-line), never cut apart by a page break.
_HTML_PAIR = re.compile(r'<p>((?:(?!</p>).)*)</p>(\s*)<p><em lang=', re.S)
_HTML_PAIR_ITEM = re.compile(r'<li>((?:(?!</li>).)*<br />\s*<em lang=)', re.S)


# The sentences between a heading and its table (a sentence and its translation): kept with the
# table (PRINT_CSS, p.lead), so that the heading is never left at the foot of a page.
_HTML_LEAD = re.compile(r'(<h[1-3][^>]*>(?:(?!</h[1-3]>).)*</h[1-3]>\s*)((?:<p[ >](?:(?!</p>).)*</p>\s*){1,4})(?=<table)',
                        re.S)


def _lead(m: re.Match) -> str:
    def mark(p: re.Match) -> str:
        return f'<p class="{p.group(1)} lead">' if p.group(1) else '<p class="lead">'

    return m.group(1) + re.sub(r'<p(?: class="([^"]*)")?>', mark, m.group(2))


def _host_parts_html(page: str, name: str, lang: str, host_lang: str | None) -> str:
    from mobility_advisor.engine.bilingual import HOST_DOCUMENTS, HOST_ONLY

    if host_lang not in LANG_TAGS or host_lang == lang or name[:-3] not in HOST_DOCUMENTS:
        return page
    tag = LANG_TAGS[host_lang]
    if name[:-3] in HOST_ONLY:  # written in the host's language alone
        return page.replace(f'<html lang="{LANG_TAGS[lang]}"', f'<html lang="{tag}"', 1)
    body_at = page.find("<body>")
    head, body = page[:body_at], page[body_at:]
    body = _HTML_HOST_LINE.sub(lambda m: f'{m.group(1)}<em lang="{tag}">', body)
    body = _HTML_PAIR.sub(r'<p class="pair">\1</p>\2<p class="host-line"><em lang=', body)
    body = _HTML_PAIR_ITEM.sub(r'<li class="pair">\1', body)
    body = _HTML_LEAD.sub(_lead, body)
    body = _HTML_HOST_LABEL.sub(lambda m: f'{m.group(1)}{m.group(2)} / <span lang="{tag}">{m.group(3)}</span>'
                                          f'{m.group(4)}', body)
    return head + body


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


@lru_cache(maxsize=1)
def _pandoc_program() -> str:
    """The pandoc program that pypandoc-binary carries (or pypandoc finds)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc_args(lang: str) -> list[str]:
    return ["--shift-heading-level-by=-1", f"--metadata=lang:{LANG_TAGS[lang]}", "--wrap=none"]


def _run_pandoc(args: list[str], text: str) -> bytes:
    """pandoc run directly on `text` (stdin): pypandoc's convert_text starts pandoc three times per
    document (listing its input and output formats first), about 12 ms of CPU per extra start."""
    import subprocess

    done = subprocess.run([_pandoc_program(), *args], input=text.encode("utf-8"), capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed (exit {done.returncode}): {done.stderr.decode('utf-8', 'replace')}")
    return done.stdout


def _pandoc(md: str, fmt: str, lang: str) -> str | bytes:
    args = ["--from", READER, "--to", fmt, *_pandoc_args(lang)]
    if fmt == "html":
        args += ["--standalone", f"--template={_assets() / 'page.html'}"]
        return _mark_signature_tables_html(_run_pandoc(args, md).decode("utf-8"))
    with tempfile.TemporaryDirectory(prefix=_work_prefix()) as tmp:
        target = Path(tmp) / f"document.{fmt}"
        _run_pandoc([*args, f"--output={target}"], md)
        data = target.read_bytes()
    return _docx_layout(data) if fmt == "docx" else _odt_layout(data)


# The HTML pages of a whole pack from one pandoc process (`pandoc lua`, pandoc >= 3.1): pandoc
# starts in about 12 ms of CPU, paid once per pack instead of once per document. Each document
# is read and written on its own, as `_pandoc(md, "html", lang)` does (heading identifiers and
# references stay per document); the script repeats what --shift-heading-level-by=-1 does: a
# first level-1 heading becomes the title, the other headings go up one level (a level-1 heading
# further down becomes a paragraph). Documents are separated by NUL characters, in and out.
PACK_SCRIPT = r"""
local reader, lang, template_file = arg[1], arg[2], arg[3]
local handle = assert(io.open(template_file, "r"))
local template = pandoc.template.compile(handle:read("a"))
handle:close()
local input = io.read("a")
local start = 1
while start <= #input + 1 do
  local stop = input:find("\0", start, true) or (#input + 1)
  local doc = pandoc.read(input:sub(start, stop - 1), reader)
  while #doc.blocks > 0 and doc.blocks[1].t == "Header" and doc.blocks[1].level == 1 do
    doc.meta.title = pandoc.MetaInlines(doc.blocks[1].content)
    doc.blocks:remove(1)
  end
  doc.blocks = doc.blocks:walk({Header = function(h)
    if h.level > 1 then h.level = h.level - 1; return h end
    return pandoc.Para(h.content)
  end})
  doc.meta.lang = lang
  io.write(pandoc.write(doc, "html", {template = template, wrap_text = "wrap-none"}), "\0")
  start = stop + 1
end
"""


def _html_pages(mds: list[str], lang: str) -> list[str]:
    """The standalone HTML page of each Markdown document, from one pandoc process (or one per
    document with a pandoc too old for `pandoc lua`, or a text holding a NUL)."""
    if len(mds) > 1 and _pack_script_works() and not any("\0" in md for md in mds):
        out = _run_pandoc(["lua", str(_assets() / "pack.lua"), READER, LANG_TAGS[lang], str(_assets() / "page.html")],
                          "\0".join(mds)).decode("utf-8")
        pages = out.split("\0")[:-1]
        if len(pages) == len(mds):
            return [_mark_signature_tables_html(page) for page in pages]
    return [_pandoc(md, "html", lang) for md in mds]


@lru_cache(maxsize=1)
def _pack_script_works() -> bool:
    """pandoc runs the pack script (pandoc >= 3.1; older ones convert one document per process)."""
    try:
        return _run_pandoc(["lua", str(_assets() / "pack.lua"), READER, "en-GB", str(_assets() / "page.html")],
                           "# a\0b").count(b"\0") == 2
    except (RuntimeError, OSError):
        return False


def html_to_pdf(html: str, identity: tuple[str, str] | None = None) -> bytes:
    """A standalone HTML page (from `_pandoc(…, "html", …)`) printed to PDF by WeasyPrint.

    Field marks in the page become the fields of a PDF form (pdf_forms); `identity`, (mobility
    key, document stem), is then written into the form and the document's information."""
    check_available(["pdf"])
    from weasyprint import HTML

    _reuse_font_subsets()

    # Task-list boxes drawn as characters: form fields are not printed.
    html = re.sub(r'<input type="checkbox"[^>]*checked[^>]*/?>', "☑ ", html)
    html = re.sub(r'<input type="checkbox"[^>]*/?>', "☐ ", html)
    # No base URL: links between the pack's files stay relative ("checklist.pdf"), so they
    # still work once the folder is moved or sent; the page loads no other resource.
    finish = None
    if pdf_forms.has_marks(html):
        html, fields = pdf_forms.form_html(html, SIGNATURE_ROW_CM * 10)
        finish = pdf_forms.finisher(identity, fields)
    return HTML(string=html, base_url=None).write_pdf(font_config=_font_config(), finisher=finish)


@lru_cache(maxsize=1)
def _font_config():
    """One WeasyPrint font configuration per process: the fonts Pango found and measured for one
    document serve the next ones (each document made its own, about 8 % of a PDF's time)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Font subsets made once per process. WeasyPrint embeds in each PDF the fonts it used, cut down
# to the glyphs used (its "subset"). Without the HarfBuzz-Subset library (Debian:
# libharfbuzz-subset0) it cuts them with fontTools, which reads the whole DejaVu Sans (layout
# tables included) for every font of every PDF: about 60 % of a pack's PDF time. The documents
# of a cohort use nearly the same glyphs, so each font is cut once for all the glyphs seen so
# far in this process, and that cut is reused by every later PDF whose glyphs it holds (it is cut
# again, for the grown set, only when a PDF needs a glyph it lacks). A PDF may then carry a few
# glyphs it does not show (they keep their numbers: WeasyPrint cuts with retained glyph ids);
# what it shows, its text and its widths are WeasyPrint's own. Only WeasyPrint's
# `Font.clean(to_unicode, hinting)` is wrapped; a WeasyPrint without it is left as it is.


@lru_cache(maxsize=1)
def _reuse_font_subsets() -> bool:
    import hashlib
    import inspect

    try:
        from weasyprint.pdf.fonts import Font
    except ImportError:
        return False
    clean = getattr(Font, "clean", None)
    if clean is None or list(inspect.signature(clean).parameters) != ["self", "to_unicode", "hinting"]:
        return False
    kept: dict[tuple, tuple[frozenset, bytes]] = {}  # font file and settings -> (glyphs, cut font)

    def clean_once(font, to_unicode, hinting):
        try:
            key = (hashlib.md5(font.file_content, usedforsecurity=False).digest(), font.index, bool(hinting),
                   bool(font.missing), tuple(sorted(font.variations.items())), font.weight, font.style,
                   font.font_size)
        except (AttributeError, TypeError):  # another WeasyPrint: no reuse
            return clean(font, to_unicode, hinting)
        if not to_unicode:  # no cut (fonts of form fields): WeasyPrint embeds the whole font
            return clean(font, to_unicode, hinting)
        glyphs = frozenset(to_unicode)
        had = kept.get(key)
        if had is not None and glyphs <= had[0]:
            font.file_content = had[1]
            return None
        if had is not None:
            glyphs |= had[0]
        clean(font, dict.fromkeys(glyphs, ""), hinting)  # the cut reads the glyph numbers only
        kept[key] = (glyphs, font.file_content)
        return None

    Font.clean = clean_once
    return True


# Tables are sized to their content (table_layout): every column at least as wide as its longest
# word, so that no word is cut, and the text made smaller when a wide table needs it. A signature
# table has two fixed columns: the room to sign, and a box that holds a company stamp (about
# 6 x 2.5 cm) with a little to spare, in rows of that height.
TEXT_WIDTH_CM = 17.9  # A4 less 1.5 cm margins, less a border's width
SIGN_CM = 2.3
STAMP_CM = 6.1
SIGNATURE_ROW_CM = 2.6
SIGNATURE_FONT_PT = 8
TABLE_FONT_PT = 9
STAMP_LABELS = ("Cachet", "Stamp", "Sello", "Segell", "Stempel")


def is_stamp_label(text: str) -> bool:
    """A signature table's last header, "Cachet" or "Cachet / Stempel"."""
    return bool(text.strip()) and all(part.strip() in STAMP_LABELS for part in text.split(" / "))


def table_plan(rows: list[list[str]], signature: bool, padding_cm: float) -> tuple[list[float], float]:
    """(column widths in cm, font size in pt) for a table of these cell texts (header row first)."""
    from mobility_advisor.formats.table_layout import column_widths

    fixed: dict[int, float] = {}
    if signature and rows:
        header = rows[0]
        fixed = {i: SIGN_CM for i, h in enumerate(header) if is_signature_label(h)}
        if header and is_stamp_label(header[-1]):
            fixed[len(header) - 1] = STAMP_CM
    # a blank is written in by hand: it asks for a few centimetres, at least WRITE_CM, though it can wrap
    blanks = {c for row in rows[1:] for c, cell in enumerate(row) if BLANK in cell and c not in fixed}
    font_pt = SIGNATURE_FONT_PT if signature else TABLE_FONT_PT
    # a signature table's date is written in by hand, "26.03.2027" in full (#25: the host reader),
    # unless the other columns' longest words would then be cut (a long name or function)
    dates = [c for c in blanks if signature and rows and c < len(rows[0]) and is_date_label(rows[0][c])]
    rows = [[cell.replace(BLANK, _HANDWRITING) for cell in row] for row in rows]
    plain = column_widths(rows, TEXT_WIDTH_CM, font_pt, padding_cm, fixed=fixed, at_least=dict.fromkeys(blanks, WRITE_CM))
    for date_cm in (DATE_CM, 2.2, 2.1, 2.0, 1.9) if dates else ():  # as wide as the words leave room for
        with_dates = {**fixed, **dict.fromkeys(dates, date_cm)}
        widths, font = column_widths(rows, TEXT_WIDTH_CM, font_pt, padding_cm, fixed=with_dates,
                                     at_least={c: WRITE_CM for c in blanks if c not in with_dates})
        if font >= plain[1] - 0.5 and not _words_cut(rows, widths, font, padding_cm, with_dates):
            return widths, font
    return plain


def _words_cut(rows: list[list[str]], widths: list[float], font: float, padding_cm: float, fixed: dict) -> bool:
    """Whether a column not of fixed width is narrower than its longest word (header in bold)."""
    from mobility_advisor.formats.table_layout import CM_PER_PT, longest_word_em

    return any(c not in fixed and c < len(widths)
               and widths[c] + 1e-6 < longest_word_em(cell, i == 0) * font * CM_PER_PT + padding_cm
               for i, row in enumerate(rows) for c, cell in enumerate(row))


_HANDWRITING = "_ " * 14  # about 3 cm at 8 pt
WRITE_CM = 1.6  # a function or a short word written by hand
DATE_CM = 2.25  # a date written by hand, "26.03.2027" in a small hand (the cells were 1.6-1.9 cm)
DATE_LABELS = ("Date", "Datum", "Fecha", "Data")


def is_date_label(text: str) -> bool:
    """A "Date" header, in one language or two ("Date / Datum")."""
    return bool(text.strip()) and all(part.strip() in DATE_LABELS for part in text.split(" / "))


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
/* Column widths and font size are set on each table (colgroup), sized to the content:
   no word cut, the table no wider than the page (or the screen). */
table { table-layout: fixed; }
table.signatures { break-inside: avoid; page-break-inside: avoid; }
table.signatures th, table.signatures td { padding: 2pt 1mm; }
table.signatures tbody td { height: __SIGN_ROW__mm; }
tr.fill td { height: 11mm; }
.signing { break-inside: avoid; page-break-inside: avoid; }
.pair, .host-line { break-inside: avoid; page-break-inside: avoid; }
.host-line { break-before: avoid; page-break-before: avoid; }
p.lead { break-after: avoid; page-break-after: avoid; }
body > p:last-child { break-before: avoid; page-break-before: avoid; }
ul.task-list { list-style: none; padding-left: .8em; }
ul.task-list input { margin-right: .4em; }
a { color: inherit; }
.page-break { break-before: page; page-break-before: always; }
"""

PRINT_CSS = PRINT_CSS.replace("__SIGN_ROW__", f"{SIGNATURE_ROW_CM * 10:g}")

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


# Work folders in the system's temporary folder carry the id of the process that made it: one
# killed (SIGKILL, SIGTERM, a power cut) cannot remove its own, so the next run does, once sure
# that process is gone (see _sweep).
_WORK = re.compile(r"mobility-advisor-(?:assets-)?([0-9]+)-[A-Za-z0-9_]+")


def _work_prefix(kind: str = "") -> str:
    _sweep()
    return f"mobility-advisor-{kind}{os.getpid()}-"


@lru_cache(maxsize=1)
def _sweep() -> None:
    """Remove the work folders of runs that were killed: only folders (not links) of this user whose
    name is one `_work_prefix` makes, and whose process no longer exists."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process elsewhere
        return
    root = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        m = _WORK.fullmatch(entry.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            os.kill(int(m.group(1)), 0)  # the process is alive (or not ours to signal): its folder stays
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except (OSError, OverflowError):
            continue


@lru_cache(maxsize=1)
def _assets() -> Path:
    """A folder, for this process, holding the pandoc HTML template."""
    folder = Path(tempfile.mkdtemp(prefix=_work_prefix("assets-")))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "page.html").write_text(PAGE_TEMPLATE, encoding="utf-8")
    (folder / "pack.lua").write_text(PACK_SCRIPT, encoding="utf-8")
    return folder


_HTML_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


# A table row of blanks only (learning outcomes to write in): tall enough to write by hand.
_HTML_FILL_ROW = re.compile(r'<tr(?: class="[^"]*")?>((?:\s*<td>(?:<!--ma-field [^>]*-->)?_{8}</td>)+\s*)</tr>')

# A signature table with its heading and the sentences between them: kept on one page.
_HTML_SIGNING = re.compile(r'(<h[1-6][^>]*>(?:(?!</h).)*</h[1-6]>\s*(?:<p>(?:(?!</p>).)*</p>\s*)*)?'
                           r'(<table class="signatures"[^>]*>.*?</table>)', re.S)


_HTML_ANY_TABLE = re.compile(r"<table( class=\"signatures\")?>(.*?)</table>", re.S)
_HTML_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_HTML_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
# A cell's padding and borders, left and right: CSS "padding: 2pt 4pt" (signatures: 2pt 1mm).
_HTML_PADDING_CM = {False: 0.32, True: 0.24}


def _html_text(cell: str) -> str:
    import html as entities

    # a PDF form's field mark is no text: the table is sized as without fields
    return entities.unescape(re.sub(r"<[^>]+>", " ", pdf_forms.strip_html(cell)))


def _size_html_table(m: re.Match) -> str:
    """A table with a colgroup of widths (in % of the page) and a font size, from its content."""
    signature, body = bool(m.group(1)), m.group(2)
    rows = [[_html_text(c) for c in _HTML_CELL.findall(row)] for row in _HTML_ROW.findall(body)]
    if not rows or "<colgroup>" in body:
        return m.group(0)
    widths, font = table_plan(rows, signature, _HTML_PADDING_CM[signature])
    total = sum(widths) or 1.0
    cols = "".join(f'<col style="width: {100 * w / total:.2f}%" />' for w in widths)
    opening = '<table class="signatures"' if signature else "<table"
    return f'{opening} style="font-size: {font:g}pt"><colgroup>{cols}</colgroup>{body}</table>'


def _mark_signature_tables_html(html: str) -> str:
    """Class "signatures" on the tables with a Signature column, wrapped with their heading in `.signing`."""
    def mark(m: re.Match) -> str:
        head = m.group(1).split("</thead>", 1)[0]
        if re.search(rf"<th>{_SIGNATURE_CELL}</th>", head):
            return f'<table class="signatures">{m.group(1)}</table>'
        return m.group(0)

    html = _HTML_TABLE.sub(mark, html)
    html = _HTML_ANY_TABLE.sub(_size_html_table, html)
    html = _HTML_FILL_ROW.sub(lambda m: f'<tr class="fill">{m.group(1)}</tr>', html)
    return _HTML_SIGNING.sub(lambda m: f'<div class="signing">\n{m.group(1) or ""}{m.group(2)}\n</div>', html)


# --- DOCX and ODT layout -------------------------------------------------------------
#
# Pandoc's DOCX and ODT are rewritten in place (their XML, by regular expressions on the
# exact shapes pandoc writes) so that they print like the PDF: A4, page numbers in the
# footer, bordered tables, and signature blocks that a partner can sign and stamp:
# - the block (heading, the sentences under it, the table) stays on one page: keep-with-
#   next on the heading and sentences, rows that cannot split, and the table itself kept
#   together (DOCX: keep-with-next on every row but the last, as Word does it; ODT:
#   no break between rows);
# - every table: fixed column widths sized to its content (`table_plan`), its text at the
#   size chosen for it, rows that cannot split; a signature table's stamp box 6.1 x 2.6 cm;
# - consecutive tables get an empty paragraph between them (else Word and LibreOffice
#   join them into one table).


def _rewrite_zip(data: bytes, edits: Mapping[str, object], add: Mapping[str, str] | None = None) -> bytes:
    """The archive with some members' XML text passed through `edits[name]`, and the members
    `add` appended; order and compression kept."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename in edits:
                content = edits[info.filename](content.decode("utf-8")).encode("utf-8")
            dst.writestr(info, content)
        for name, text in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                         compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# Word measures in twentieths of a point: 1 cm = 567.
TWIPS_PER_CM = 567
_A4_WORD = ('<w:pgSz w:w="11906" w:h="16838" />'
            '<w:pgMar w:top="907" w:right="851" w:bottom="1021" w:left="851" w:header="567" w:footer="510" w:gutter="0" />')
_BORDERS_WORD = "<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="444444" />'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
_FILL_ROW_WORD = '<w:trPr><w:cantSplit /><w:trHeight w:val="624" w:hRule="atLeast" /></w:trPr>'
_SIGN_ROW_WORD = ('<w:trPr><w:cantSplit /><w:trHeight w:val="%d" w:hRule="atLeast" /></w:trPr>'
                  % round(SIGNATURE_ROW_CM * TWIPS_PER_CM))
_HEADER_FILL_WORD = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E9E9E9" /></w:tcPr>'
# Narrow cell margins (1 mm) and fixed layout: the widths below are kept as written. The table is
# indented by its cell margin: Word and LibreOffice put its border that far left of the text's.
_CELL_MARGIN_TWIPS = 57
_TABLE_WORD = ('<w:tblLayout w:type="fixed" /><w:tblCellMar><w:left w:w="%d" w:type="dxa" />'
               '<w:right w:w="%d" w:type="dxa" /></w:tblCellMar>' % (_CELL_MARGIN_TWIPS, _CELL_MARGIN_TWIPS))
_WORD_PADDING_CM = 2 * _CELL_MARGIN_TWIPS / 567 + 0.05  # both margins and a border


def _run_size_word(font_pt: float) -> str:
    return '<w:sz w:val="{0}" /><w:szCs w:val="{0}" />'.format(round(font_pt * 2))


_WORD_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_WORD_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
_WORD_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.S)
_WORD_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_WORD_PPR = re.compile(r"<w:pPr>(<w:pStyle [^>]*/>)?")


def _keep_next(xml: str) -> str:
    """Every paragraph in `xml` kept with the next one (w:keepNext, right after w:pStyle)."""
    xml = _WORD_PPR.sub(lambda m: f"<w:pPr>{m.group(1) or ''}<w:keepNext />", xml)
    return re.sub(r"<w:p>(?!<w:pPr>)", "<w:p><w:pPr><w:keepNext /></w:pPr>", xml)


def _cell_text(cell: str) -> str:
    return " ".join("".join(_WORD_TEXT.findall(p)) for p in re.findall(r"<w:p[ >].*?</w:p>", cell, re.S))


# Run properties that come after w:sz in a w:rPr (ECMA-376 order): the size goes before them.
_AFTER_SZ = re.compile(r"<w:(?:szCs|highlight|u|effect|bdr|shd|fitText|vertAlign|rtl|cs|em|lang|eastAsianLayout"
                       r"|specVanish|oMath)\b|</w:rPr>")


def _sized_run(run: str, size: str) -> str:
    """A run at the table's font size, its other properties kept in schema order."""
    if not run.startswith("<w:r><w:rPr>"):
        return run.replace("<w:r>", f"<w:r><w:rPr>{size}</w:rPr>", 1)
    props_end = run.index("</w:rPr>")
    at = _AFTER_SZ.search(run, 0, props_end + len("</w:rPr>")).start()
    return run[:at] + size + run[at:]


def _docx_row(row: str, widths_twips: list[int], size: str, keep: bool) -> str:
    """A row: each cell at its column's width, its text at the table's size, and (`keep`) every
    paragraph kept with the next one (a signature table's rows stay together)."""
    widths = iter(widths_twips)

    def cell(m: re.Match) -> str:
        tc = m.group(0)
        width = next(widths, None)
        if width is not None:
            tcw = f'<w:tcW w:w="{width}" w:type="dxa" />'
            tc = tc.replace("<w:tcPr />", f"<w:tcPr>{tcw}</w:tcPr>", 1) if "<w:tcPr />" in tc else \
                tc.replace("<w:tcPr>", f"<w:tcPr>{tcw}", 1)
        tc = re.sub(r"<w:r>.*?</w:r>", lambda r: _sized_run(r.group(0), size), tc, flags=re.S)
        return _keep_next(tc) if keep else tc

    return _WORD_CELL.sub(cell, row)


def _docx_table(m: re.Match) -> str:
    table = m.group(0)
    rows = _WORD_ROW.findall(table)
    if not rows:
        return table
    header, body = rows[0], rows[1:]
    is_header = "<w:tblHeader" in header
    signature = is_header and any(is_signature_label(t) for t in _WORD_TEXT.findall(header))
    # a free-text box (a label, rows to write on) is kept on one page like a signature table:
    # split, its room to write was a row or two at the foot of a page (#25, the host reader)
    box = is_header and bool(body) and all(set(_WORD_TEXT.findall(r)) == {BLANK} for r in body)
    texts = [[_cell_text(c) for c in _WORD_CELL.findall(r)] for r in rows]
    widths_cm, font = table_plan(texts if is_header else [[""] * len(texts[0]), *texts], signature, _WORD_PADDING_CM)
    widths = [round(w * TWIPS_PER_CM) for w in widths_cm]
    size = _run_size_word(font)
    table = re.sub(r"<w:tblW [^>]*/>", f'<w:tblW w:type="dxa" w:w="{sum(widths)}" />'
                   f'<w:tblInd w:w="{_CELL_MARGIN_TWIPS}" w:type="dxa" />' + _BORDERS_WORD + _TABLE_WORD,
                   table, count=1)
    grid = "".join(f'<w:gridCol w:w="{w}" />' for w in widths)
    table = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", f"<w:tblGrid>{grid}</w:tblGrid>", table, count=1, flags=re.S)
    new_rows = []
    if is_header:
        header = header.replace("<w:tcPr />", _HEADER_FILL_WORD)
        header = header.replace("<w:tblHeader ", "<w:cantSplit /><w:tblHeader ", 1)
        new_rows.append(_docx_row(header, widths, size, keep=signature or box))
    else:
        body = rows
    for i, row in enumerate(body):
        if "<w:trPr>" not in row:
            if signature:
                props = _SIGN_ROW_WORD
            elif set(_WORD_TEXT.findall(row)) == {BLANK}:
                props = _FILL_ROW_WORD
            else:
                props = "<w:trPr><w:cantSplit /></w:trPr>"
            row = row.replace("<w:tr>", "<w:tr>" + props, 1)
        # a signature table's rows kept with the next one: the table stays on one page
        new_rows.append(_docx_row(row, widths, size, keep=(signature or box) and i < len(body) - 1))
    rows = _WORD_ROW.findall(table)
    start = table.index(rows[0])
    end = table.rindex(rows[-1]) + len(rows[-1])
    return table[:start] + "".join(new_rows) + table[end:]


# A table with the paragraphs just before it (at most four: heading, sentences), for keep-with-next.
_WORD_BEFORE_TABLE = re.compile(
    r"((?:<w:p>(?:(?!</w:p>).)*</w:p>\s*(?:<w:bookmark(?:Start|End) [^>]*/>\s*)*){0,4})(<w:tbl>.*?</w:tbl>)", re.S)
_WORD_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*</w:p>", re.S)


def _docx_keep_heading(m: re.Match) -> str:
    """The heading and sentences above a table kept on the page of its first row: above a
    signature table, the sentences before it in any case; above any other table, from a heading
    on (LibreOffice left "Résultats / Ergebnisse" at the foot of a page, its table on the next)."""
    before, table = m.group(1), m.group(2)
    signature = bool(re.search(rf">{_SIGNATURE_CELL}</w:t>", table.split("</w:tr>", 1)[0]))
    paragraphs = list(_WORD_PARAGRAPH.finditer(before))
    headings = [i for i, p in enumerate(paragraphs) if '<w:pStyle w:val="Heading' in p.group(0)]
    if not paragraphs or not (signature or headings):
        return m.group(0)
    cut = paragraphs[headings[-1] if headings else 0].start()  # from the last heading on
    return before[:cut] + _keep_next(before[cut:]) + table


# The document's last paragraph (the sources line) and the block before it: never on a page of
# its own (LibreOffice printed a last page holding only that line). A table before it keeps its
# last row with the next paragraph, as Word reads keep-with-next in a table.
_WORD_LAST = re.compile(r"(<w:tbl>(?:(?!<w:tbl>).)*?</w:tbl>|<w:p>(?:(?!</w:p>).)*</w:p>)(\s*)"
                        r"(<w:p>(?:(?!</w:p>).)*</w:p>\s*(?:<w:bookmarkEnd [^>]*/>\s*)*<w:sectPr)", re.S)


def _docx_keep_last(xml: str) -> str:
    def keep(m: re.Match) -> str:
        block = m.group(1)
        if block.startswith("<w:tbl>"):
            last = block.rfind("<w:tr>")
            block = block[:last] + _keep_next(block[last:])
        else:
            block = _keep_next(block)
        return block + m.group(2) + m.group(3)

    return _WORD_LAST.sub(keep, xml, count=1)


_EMPTY_PARAGRAPH_WORD = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" /></w:pPr></w:p>'

_FOOTER_WORD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:p><w:pPr><w:jc w:val="right" /></w:pPr>'
    + "".join(
        f'<w:r><w:rPr><w:sz w:val="15" /></w:rPr><w:fldChar w:fldCharType="begin" /></w:r>'
        f'<w:r><w:rPr><w:sz w:val="15" /></w:rPr><w:instrText xml:space="preserve"> {field} </w:instrText></w:r>'
        f'<w:r><w:rPr><w:sz w:val="15" /></w:rPr><w:fldChar w:fldCharType="separate" /></w:r>'
        f'<w:r><w:rPr><w:sz w:val="15" /></w:rPr><w:t>1</w:t></w:r>'
        f'<w:r><w:rPr><w:sz w:val="15" /></w:rPr><w:fldChar w:fldCharType="end" /></w:r>' + sep
        for field, sep in (("PAGE", '<w:r><w:rPr><w:sz w:val="15" /></w:rPr><w:t xml:space="preserve"> / </w:t></w:r>'),
                           ("NUMPAGES", "")))
    + "</w:p></w:ftr>")
_FOOTER_ID = "rIdMobilityAdvisorFooter"


_WORD_PPR_KEEP = re.compile(r"<w:pPr>((?:<w:pStyle [^>]*/>)?(?:<w:keepNext />)?)")


def _docx_keep_lines(m: re.Match) -> str:
    """A paragraph holding a line break (a list item, its translation below) kept on one page
    (w:keepLines, after w:pStyle and w:keepNext as the schema orders them)."""
    paragraph = m.group(0)
    if "<w:br />" not in paragraph or "<w:keepLines" in paragraph:
        return paragraph
    if "<w:pPr>" not in paragraph:
        return paragraph.replace("<w:p>", "<w:p><w:pPr><w:keepLines /></w:pPr>", 1)
    return _WORD_PPR_KEEP.sub(lambda p: f"<w:pPr>{p.group(1)}<w:keepLines />", paragraph, count=1)


def _docx_document(xml: str) -> str:
    xml = _WORD_TABLE.sub(_docx_table, xml)
    xml = _WORD_BEFORE_TABLE.sub(_docx_keep_heading, xml)
    xml = _docx_keep_last(xml)
    # a list item and its translation below it (a line break in one paragraph): never parted
    xml = _WORD_PARAGRAPH.sub(_docx_keep_lines, xml)
    xml = re.sub(r"</w:tbl>(\s*)<w:tbl>", rf"</w:tbl>\1{_EMPTY_PARAGRAPH_WORD}<w:tbl>", xml)
    # Page numbers: the footer reference opens the section's properties.
    xml = xml.replace("<w:sectPr>", f'<w:sectPr><w:footerReference w:type="default" r:id="{_FOOTER_ID}" />', 1)
    # A4 page, margins of about 1.5 cm; pgSz comes after footnotePr in a sectPr.
    if "<w:pgSz" not in xml:
        if "</w:footnotePr>" in xml:
            xml = xml.replace("</w:footnotePr>", "</w:footnotePr>" + _A4_WORD, 1)
        else:
            xml = xml.replace("</w:footerReference>", "</w:footerReference>" + _A4_WORD, 1)
    return xml


def _docx_rels(xml: str) -> str:
    rel = (f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
           f'Id="{_FOOTER_ID}" Target="footer1.xml" />')
    return xml.replace("</Relationships>", rel + "</Relationships>", 1)


def _docx_types(xml: str) -> str:
    part = ('<Override PartName="/word/footer1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />')
    return xml.replace("</Types>", part + "</Types>", 1)


def _docx_layout(data: bytes) -> bytes:
    return _rewrite_zip(data, {"word/document.xml": _docx_document, "word/_rels/document.xml.rels": _docx_rels,
                               "[Content_Types].xml": _docx_types},
                        add={"word/footer1.xml": _FOOTER_WORD})


_ODT_CELL = 'fo:border="0.5pt solid #444444" fo:padding="0.08cm"'
_ODT_STYLES = (
    # Signature rows: a stamp's height, never split.
    '<style:style style:name="SignatureRow" style:family="table-row">'
    f'<style:table-row-properties style:min-row-height="{SIGNATURE_ROW_CM}cm" fo:keep-together="always" />'
    "</style:style>"
    '<style:style style:name="SignatureCell" style:family="table-cell">'
    '<style:table-cell-properties fo:border="0.5pt solid #444444" fo:padding="0.05cm" /></style:style>'
    '<style:style style:name="SignatureHeadCell" style:family="table-cell">'
    '<style:table-cell-properties fo:border="0.5pt solid #444444" fo:padding="0.05cm" fo:background-color="#e9e9e9" />'
    "</style:style>"
    # Other rows: never split across pages.
    '<style:style style:name="KeepRow" style:family="table-row">'
    '<style:table-row-properties fo:keep-together="always" /></style:style>'
    # A row of blanks to write on: a line of handwriting (as DOCX's 624 twips, HTML's 11 mm).
    '<style:style style:name="FillRow" style:family="table-row">'
    '<style:table-row-properties style:min-row-height="1.1cm" fo:keep-together="always" /></style:style>'
    # The heading and sentences above a signature table stay with it.
    '<style:style style:name="KeepHeading" style:family="paragraph" style:parent-style-name="Heading_20_1">'
    '<style:paragraph-properties fo:keep-with-next="always" /></style:style>'
    '<style:style style:name="KeepText" style:family="paragraph" style:parent-style-name="First_20_paragraph">'
    '<style:paragraph-properties fo:keep-with-next="always" /></style:style>'
    '<style:style style:name="KeepBody" style:family="paragraph" style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:keep-with-next="always" /></style:style>'
    '<style:style style:name="TableGap" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" /></style:style>'
)
_ODT_TABLE = re.compile(r"<table:table [^>]*>.*?</table:table>", re.S)
_ODT_BEFORE_TABLE = re.compile(
    r"((?:<text:(?:p|h) [^>]*>(?:(?!</text:(?:p|h)>).)*</text:(?:p|h)>\s*){0,4})(<table:table [^>]*>.*?</table:table>)",
    re.S)
_ODT_KEEP = {"Heading_20_1": "KeepHeading", "First_20_paragraph": "KeepText", "Text_20_body": "KeepBody"}


def _is_signature_odt(table: str) -> bool:
    head, sep, _ = table.partition("</table:table-header-rows>")
    return bool(sep) and bool(re.search(rf">{_SIGNATURE_CELL}</text:p>", head))


# A cell's padding and borders, left and right (fo:padding 0.08 cm; signature tables 0.05 cm).
_ODT_PADDING_CM = {False: 0.2, True: 0.14}


def _odt_text(cell: str) -> str:
    cell = re.sub(r"<text:(?:s|tab|line-break)\b[^>]*/>|</text:p>", " ", cell)
    return _unescape_xml(re.sub(r"<[^>]+>", "", cell))


def _unescape_xml(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")


def _odt_table_plan(table: str) -> tuple[bool, list[float], float]:
    signature = _is_signature_odt(table)
    rows = [[_odt_text(c) for c in re.findall(r"<table:table-cell\b.*?</table:table-cell>", row, re.S)]
            for row in re.findall(r"<table:table-row\b.*?</table:table-row>", table, re.S)]
    if "<table:table-header-rows>" not in table and rows:
        rows = [[""] * len(rows[0]), *rows]
    widths, font = table_plan(rows, signature, _ODT_PADDING_CM[signature])
    return signature, widths, font


def _odt_font_styles(font: float) -> tuple[str, str]:
    tag = f"{font:g}".replace(".", "_")
    return f"CellText{tag}", f"CellHead{tag}"


def _odt_table(m: re.Match) -> str:
    """A table's rows kept whole on a page, its text at the size chosen for it; a signature
    table's rows a stamp's height."""
    table = m.group(0)
    signature, _, font = _odt_table_plan(table)
    text_style, head_style = _odt_font_styles(font)
    head, sep, rest = table.partition("</table:table-header-rows>")
    row_style = "SignatureRow" if signature else "KeepRow"
    if sep:
        head = head.replace("<table:table-row>", '<table:table-row table:style-name="KeepRow">')
        rest = rest.replace("<table:table-row>", f'<table:table-row table:style-name="{row_style}">')
        table = head + sep + rest
    else:
        table = table.replace("<table:table-row>", f'<table:table-row table:style-name="{row_style}">')
    if not signature:
        table = re.sub(r'<table:table-row table:style-name="KeepRow">(?:(?!</table:table-row>).)*</table:table-row>',
                       _odt_fill_row, table, flags=re.S)
    if signature:
        table = table.replace('table:style-name="TableRowCell"', 'table:style-name="SignatureCell"')
        table = table.replace('table:style-name="TableHeaderRowCell"', 'table:style-name="SignatureHeadCell"')
    table = table.replace('text:style-name="Table_20_Heading"', f'text:style-name="{head_style}"')
    return table.replace('text:style-name="Table_20_Contents"', f'text:style-name="{text_style}"')


def _odt_keep_heading(m: re.Match) -> str:
    """As _docx_keep_heading: above a signature table the sentences before it, above any other
    table its heading and the sentences after the heading, kept with the table's first row."""
    before, table = m.group(1), m.group(2)
    cut = before.rfind("<text:h ")
    if not before or not (_is_signature_odt(table) or cut >= 0):
        return m.group(0)
    cut = max(cut, 0)
    kept = re.sub(r'text:style-name="([^"]+)"', lambda s: f'text:style-name="{_ODT_KEEP.get(s.group(1), s.group(1))}"',
                  before[cut:])
    return before[:cut] + kept + table


# The document's last paragraph (the sources line) kept with the block before it (see _docx_keep_last):
# a table before it keeps with the next paragraph (its table style), a paragraph gets a Keep style.
_ODT_LAST = re.compile(r'(<table:table table:name="[^"]*" table:style-name="([^"]+)">(?:(?!<table:table ).)*?'
                       r"</table:table>|<text:p text:style-name=\"([^\"]+)\">(?:(?!</text:p>).)*</text:p>)(\s*)"
                       r"(<text:p [^>]*>(?:(?!</text:p>).)*</text:p>\s*</office:text>)", re.S)


def _odt_keep_last(xml: str) -> str:
    m = _ODT_LAST.search(xml)
    if not m:
        return xml
    if m.group(2):  # a table: its style keeps it with the next paragraph
        name = m.group(2)
        return re.sub(rf'(<style:style style:name="{re.escape(name)}" style:family="table">\s*<style:table-properties)',
                      r'\1 fo:keep-with-next="always"', xml, count=1)
    kept = _ODT_KEEP.get(m.group(3))
    if not kept:
        return xml
    start = m.start(1)
    return xml[:start] + m.group(1).replace(f'text:style-name="{m.group(3)}"', f'text:style-name="{kept}"', 1) + \
        xml[m.end(1):]


def _odt_fill_row(m: re.Match) -> str:
    """A row of blanks only gets a handwriting line's height (FillRow)."""
    row = m.group(0)
    cells = re.findall(r"<table:table-cell\b.*?</table:table-cell>", row, re.S)
    if cells and {_odt_text(c).strip() for c in cells} == {BLANK}:
        return row.replace('table:style-name="KeepRow"', 'table:style-name="FillRow"', 1)
    return row


def _is_box_odt(table: str) -> bool:
    """A free-text box: a header, then rows of blanks only (kept on one page, see _docx_table)."""
    head, sep, rest = table.partition("</table:table-header-rows>")
    rows = re.findall(r"<table:table-row\b.*?</table:table-row>", rest, re.S)
    return bool(sep) and bool(rows) and all(
        {_odt_text(c).strip() for c in re.findall(r"<table:table-cell\b.*?</table:table-cell>", row, re.S)} == {BLANK}
        for row in rows)


def _odt_columns(xml: str) -> str:
    """Every table: column widths sized to its content, no page break inside a signature table,
    and the paragraph styles of the font size chosen for each table."""
    sizes = set()
    for table in _ODT_TABLE.findall(xml):
        signature, widths, font = _odt_table_plan(table)
        sizes.add(font)
        name = re.search(r'table:style-name="([^"]+)"', table).group(1)
        breaks = ' style:may-break-between-rows="false"' if signature or _is_box_odt(table) else ""
        xml = xml.replace(f'<style:style style:name="{name}" style:family="table">\n      '
                          '<style:table-properties style:width="18cm" table:align="margins" />',
                          f'<style:style style:name="{name}" style:family="table">\n      '
                          f'<style:table-properties style:width="{sum(widths):.3f}cm" table:align="left"{breaks} />',
                          1)
        for col, width in zip(re.findall(r'<table:table-column table:style-name="([^"]+)" />', table), widths):
            xml = xml.replace(f'<style:style style:name="{col}" style:family="table-column" />',
                              f'<style:style style:name="{col}" style:family="table-column">'
                              f'<style:table-column-properties style:column-width="{width:.3f}cm" /></style:style>', 1)
    styles = "".join(
        f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{parent}">'
        '<style:paragraph-properties fo:margin-left="0cm" fo:margin-right="0cm" />'
        f'<style:text-properties fo:font-size="{font:g}pt" /></style:style>'
        for font in sorted(sizes) for name, parent in zip(_odt_font_styles(font), ("Table_20_Contents",
                                                                                   "Table_20_Heading")))
    return xml.replace("</office:automatic-styles>", styles + "</office:automatic-styles>", 1)


def _odt_task_lists(xml: str) -> str:
    """A task list shows its box only: the list's first level gets no bullet."""
    boxed = set(re.findall(r'<text:list text:style-name="([^"]+)">\s*<text:list-item>\s*<text:p [^>]*>[☐☒]', xml))
    for name in boxed:
        xml = re.sub(rf'(<text:list-style style:name="{name}">\s*)<text:list-level-style-bullet text:level="1"'
                     r' text:style-name="Bullet_20_Symbols" style:num-suffix="." text:bullet-char="[^"]*">'
                     r"(.*?)</text:list-level-style-bullet>",
                     r'\1<text:list-level-style-number text:level="1" style:num-format="">\2</text:list-level-style-number>',
                     xml, count=1, flags=re.S)
    return xml


def _odt_content(xml: str) -> str:
    xml = re.sub(r'(style:name="TableHeaderRowCell" style:family="table-cell">\s*<style:table-cell-properties) fo:border="none"',
                 rf'\1 {_ODT_CELL} fo:background-color="#e9e9e9"', xml)
    xml = re.sub(r'(style:name="TableRowCell" style:family="table-cell">\s*<style:table-cell-properties) fo:border="none"',
                 rf"\1 {_ODT_CELL}", xml)
    xml = xml.replace('<style:table-properties table:align="center" />',
                      '<style:table-properties style:width="18cm" table:align="margins" />')
    xml = xml.replace("</office:automatic-styles>", _ODT_STYLES + "</office:automatic-styles>", 1)
    xml = _odt_columns(xml)
    xml = _odt_task_lists(xml)
    xml = _ODT_BEFORE_TABLE.sub(_odt_keep_heading, xml)
    xml = _odt_keep_last(xml)
    xml = re.sub(r"</table:table>(\s*)<table:table ", r'</table:table>\1<text:p text:style-name="TableGap" /><table:table ',
                 xml)
    return _ODT_TABLE.sub(_odt_table, xml)


_ODT_PAGE_NUMBER = re.compile(r"(<style:footer>\s*<text:p [^>]*>\s*<text:page-number [^>]*>\s*1</text:page-number>)")


def _odt_styles(xml: str) -> str:
    def page(m: re.Match) -> str:
        props = m.group(0)
        for attr, value in (("fo:page-width", "21cm"), ("fo:page-height", "29.7cm"), ("fo:margin-top", "1.6cm"),
                            ("fo:margin-bottom", "1.6cm"), ("fo:margin-left", "1.5cm"), ("fo:margin-right", "1.5cm")):
            props = re.sub(rf'{attr}="[^"]*"', f'{attr}="{value}"', props)
        return props

    xml = re.sub(r"<style:page-layout-properties [^>]*>", page, xml)
    # "3 / 5" in the footer, as in the PDF (pandoc's footer has the page number alone).
    return _ODT_PAGE_NUMBER.sub(r"\1 / <text:page-count>1</text:page-count>", xml)


def _odt_layout(data: bytes) -> bytes:
    return _rewrite_zip(data, {"content.xml": _odt_content, "styles.xml": _odt_styles})
