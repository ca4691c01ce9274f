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
  process (`html_pages`).
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

This module orchestrates; the work is done by: pandoc.py (running pandoc), host_html.py (the
host's language in HTML), html_page.py (the print style sheet, tables marked and sized),
pdf.py (WeasyPrint), docx_layout.py and odt_layout.py (print layout rewritten in the XML),
table_layout.py (column widths, signature/stamp/date columns), pdf_forms.py (PDF form fields).
pypandoc and weasyprint are imported inside the functions: Markdown output needs neither.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Iterable, Mapping

from mobility_advisor.formats import ics, pdf_forms
from mobility_advisor.formats.host_html import host_parts, unbroken_forms
from mobility_advisor.formats.pandoc import LANG_TAGS, html_pages, pandoc
from mobility_advisor.formats.pdf import html_to_pdf, print_pages
from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.rules.problems import InputError

FORMATS = ("md", "docx", "odt", "html", "pdf")
PANDOC_FORMATS = ("docx", "odt", "html")

PDF_EXTRA = "pip install 'mobility-advisor[pdf]'"
PANDOC_FIX = "pip install --force-reinstall pypandoc-binary"


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
    from mobility_advisor.formats.libraries import import_weasyprint

    try:
        import_weasyprint()
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

JOBS_ENV = "MOBILITY_ADVISOR_JOBS"  # the variable season/cohort.py reads for its worker processes


def print_jobs() -> int:
    """How many processes may print one pack's PDFs: MOBILITY_ADVISOR_JOBS, else one per idle core.
    Printing side by side pays only with idle cores: on 2 cores already loaded 4 deep, two
    printing processes took 6.5-7.3 s where one took 5.0-5.8 s (forks, Pango set up in each).
    A core is busy when both the last minute's load average and the processes running now say
    so: the load average alone still counts, for a minute, the commands that just ended (a
    benchmark's previous runs, the referent's previous pack) on cores that are idle again."""
    wanted = os.environ.get(JOBS_ENV, "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows): the cores are taken as idle
        busy = 0.0
    running = _running_now()
    if running is not None:
        busy = min(busy, running - 1)  # this process is one of those running
    return max(1, min(cores, round(cores - busy)))


def _running_now() -> int | None:
    """The processes running or ready to run at this instant (Linux: /proc/loadavg's "3/148"), or None."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def convert_files(files: Mapping[str, str], formats: Iterable[str], lang: str,
                  host_lang: str | None = None, jobs: int | None = None) -> dict[str, str | bytes]:
    """The pack with each `.md` file also (or only) in the other requested formats.

    Text formats (md, html) are str, binary ones (docx, odt, pdf) bytes. Files other
    than Markdown pass through. Drops the `.md` files when "md" is not requested.
    `host_lang`: the host's language when the host documents are bilingual (render.pack_files'
    `host_lang`): their host-language parts carry it (HTML `lang`), and the host brief, written
    in it alone, is tagged with it in every format (spell checking, screen readers).
    `jobs`: one pack written alone (`render`, `ask`; see `print_jobs`): its PDFs are printed by up
    to `jobs` processes, each document on its own (pdf.print_pages), the same bytes for any
    `jobs`. None (a cohort's workers, already one per core): printed here, in order, each
    reusing the font cuts of the documents printed before it in this process.
    """
    formats = parse_formats(formats)
    # One pack alone (`jobs`): WeasyPrint (about 0.5 s) is imported while pandoc makes the pages.
    early = jobs is None or "pdf" not in formats
    check_available(formats, lang if lang in LANG_TAGS else "en", load=early)
    if lang not in LANG_TAGS:
        raise InputError(f"unknown language {lang!r}: use one of {', '.join(LANG_TAGS)}")
    md_names = [n for n in files if n.endswith(".md")]
    stems = {n[:-3] for n in md_names}

    futures = {}  # (name, format) -> future
    needed = [f for f in PANDOC_FORMATS if f in formats or (f == "html" and "pdf" in formats)]
    if needed:
        with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
            if "html" in needed:  # all the pack's pages from one pandoc process
                # the PDF forms' field marks ride in the HTML pages (pdf_forms), stripped from the HTML files
                pages = pool.submit(html_pages, [_relink(_marked(files[name]), stems, "html") for name in md_names],
                                    lang)
            for name in md_names:
                for fmt in needed:
                    if fmt != "html":
                        futures[name, fmt] = pool.submit(pandoc, _relink(files[name], stems, fmt), fmt,
                                                      _doc_lang(name, lang, host_lang))
            if not early:
                check_available(("pdf",), lang)  # MissingExtra: nothing is written
            made = {key: fut.result() for key, fut in futures.items()}
            if "html" in needed:
                made.update({(name, "html"): host_parts(page, name, lang, host_lang)
                             for name, page in zip(md_names, pages.result())})
    else:
        made = {}

    printed = {}
    if "pdf" in formats and jobs is not None:
        pages = [(_pdf_page(made[n, "html"], stems), getattr(files[n], "identity", None)) for n in md_names]
        printed = dict(zip(md_names, print_pages(pages, jobs)))
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
            elif fmt == "pdf" and name in printed:
                out[f"{stem}.pdf"] = printed[name]
            elif fmt == "pdf":
                html = _pdf_page(made[name, "html"], stems)
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


_MD_LINK = re.compile(r"\]\(([A-Za-z0-9_.\-]+)\.md\)")


def _relink(md: str, stems: set[str], fmt: str) -> str:
    """Links to the pack's Markdown files point to the same files in `fmt`."""
    return _MD_LINK.sub(lambda m: f"]({m.group(1)}.{fmt})" if m.group(1) in stems else m.group(0), md)


def _pdf_page(html: str, stems: set[str]) -> str:
    """The HTML page as printed to PDF: links to the pack's PDFs, "Alumno/a" never cut at its
    slash on paper, a section's number kept with its heading (#25)."""
    return unbroken_forms(_relink_html(html, stems, "pdf"))


def _relink_html(html: str, stems: set[str], fmt: str) -> str:
    return re.sub(r'href="([A-Za-z0-9_.\-]+)\.html"',
                  lambda m: f'href="{m.group(1)}.{fmt}"' if m.group(1) in stems else m.group(0), html)
