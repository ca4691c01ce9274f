"""HTML page -> PDF with WeasyPrint (an optional extra: `pip install 'mobility-advisor[pdf]'`;
convert.check_available says so before anything is made). One font configuration and font subsets
reused per process. weasyprint is imported inside the functions: Markdown output needs none of it."""

from __future__ import annotations

import re
from functools import lru_cache

from mobility_advisor.formats import pdf_forms
from mobility_advisor.formats.table_layout import SIGNATURE_ROW_CM

def html_to_pdf(html: str, identity: tuple[str, str] | None = None) -> bytes:
    """A standalone HTML page (from `pandoc(…, "html", …)`) printed to PDF by WeasyPrint.

    Field marks in the page become the fields of a PDF form (pdf_forms); `identity`, (mobility
    key, document stem), is then written into the form and the document's information."""
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
