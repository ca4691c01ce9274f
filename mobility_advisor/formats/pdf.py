"""HTML page -> PDF with WeasyPrint (an optional extra: `pip install 'mobility-advisor[pdf]'`;
convert.check_available says so before anything is made). One font configuration and font subsets
reused per process. weasyprint is imported inside the functions: Markdown output needs none of it."""

from __future__ import annotations

import re
from functools import lru_cache

from mobility_advisor.formats import pdf_forms
from mobility_advisor.formats.table_layout import SIGNATURE_ROW_CM

def html_to_pdf(html: str, identity: tuple[str, str] | None = None, alone: bool = False) -> bytes:
    """A standalone HTML page (from `pandoc(…, "html", …)`) printed to PDF by WeasyPrint.

    Field marks in the page become the fields of a PDF form (pdf_forms); `identity`, (mobility
    key, document stem), is then written into the form and the document's information.
    `alone`: the fonts are cut for this document's glyphs only, not reusing the cuts of the
    documents printed before it in this process (see _reuse_font_subsets): the PDF is then the
    same whichever process prints it, after whichever others (`print_pages`)."""
    from weasyprint import HTML

    _reuse_font_subsets()
    if alone:
        kept = dict(_KEPT)
        _KEPT.clear()
        try:
            return html_to_pdf(html, identity)
        finally:
            _KEPT.clear()
            _KEPT.update(kept)

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

_KEPT: dict[tuple, tuple[frozenset, bytes]] = {}  # font file and settings -> (glyphs, cut font)


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
    kept = _KEPT

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


# --- A pack's documents printed side by side ---------------------------------------------
#
# One pack's PDFs are printed one per process when there are several cores (`render`, `ask`):
# WeasyPrint's layout and drawing run in Python, one core each. The processes are forked from
# this one, which has imported WeasyPrint already (convert.check_available), so they start in a
# few milliseconds without importing it again. Each document is printed `alone` (its own font
# cuts): the bytes are those one process printing them in order writes. Not for a cohort: its
# learners are already spread over processes (season/cohort.py), whose workers print with jobs=1.


def print_pages(pages: list[tuple[str, tuple[str, str] | None]], jobs: int) -> list[bytes]:
    """The PDF of each (HTML page, identity), in order, printed by at most `jobs` processes.

    An error in a child is raised here as it would be printing in this process (the exception
    comes back); a child that dies (killed, out of memory) leaves the pages to this process."""
    jobs = max(1, min(jobs, len(pages)))
    if jobs > 1 and _can_fork():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        _font_config()  # made once, before the fork: every child has it (Pango's fonts found and measured)
        _reuse_font_subsets()
        # The longest pages first (the checklist takes a third of a pack's time): the processes
        # then finish together, instead of one printing the checklist while the other waits.
        order = sorted(range(len(pages)), key=lambda k: -len(pages[k][0]))
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                printed = dict(zip(order, pool.map(_print_alone, [pages[k] for k in order])))
            return [printed[k] for k in range(len(pages))]
        except BrokenProcessPool:
            pass
    return [_print_alone(page) for page in pages]


def _print_alone(page: tuple[str, tuple[str, str] | None]) -> bytes:
    return html_to_pdf(page[0], page[1], alone=True)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
