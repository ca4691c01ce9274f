"""A text field asked within a line of text, on its printed blank: "Art der Betreuung: ________."
or "________ / 20" (#25, reades13 and readde13: such blanks had no field, and a host filling the
PDF on screen could type there nowhere).

A mark written `inline` (pdf_forms.mark) just before its blank becomes a field laid over that
blank: the blank and the field are held by one inline box, so the line is laid out as without a
field. `inline=1` covers the blank only (a mark out of 20 before "/ 20"); `inline=2` runs from the
blank to the right margin (a sentence of a list ending on its blank: what is typed there is
longer than a blank). As under the other fields (form_blanks), the blank is kept in the line but
not printed, and a rule where it was is the line to write on, on paper: what a host types does
not sit on underscores.
"""

from __future__ import annotations

import re
from typing import Callable

# the right margin of the PDF's page (html_page's @page: A4, 15 mm at the sides), in points
RIGHT_EDGE_PT = (210 - 15) / 25.4 * 72

CSS = """
.ma-inline { position: relative; display: inline-block; }
.ma-inline > .ma-field { left: 0; top: 0; width: 100% !important; height: 100% !important; }
.ma-inline > .ma-hidden { visibility: hidden; }
.ma-inline::after { content: ""; position: absolute; left: 0; right: 0; bottom: .15em; border-top: .5pt solid #555; }
"""

# an inline mark and the blank after it (pandoc writes the Markdown's "\\_" as "_")
_INLINE = re.compile(r"(<!--ma-field [A-Za-z0-9%._=\- ]*?\bi=[12]\b[A-Za-z0-9%._=\- ]*?\s*-->)(_{8,})")


def wrap(page: str, field: Callable[[str], str]) -> str:
    """The page with each inline mark and its blank in one inline box, the mark made an input by
    `field` (pdf_forms.form_html, given the mark's text)."""
    if " i=" not in page:
        return page
    return _INLINE.sub(lambda m: f'<span class="ma-inline">{field(m.group(1))}<span class="ma-hidden">{m.group(2)}</span></span>', page)


def widened(rect: tuple[float, float, float, float], inline: int) -> tuple[float, float, float, float]:
    """A field's rectangle (x0, y0, x1, y1): to the right margin for `inline=2`."""
    x0, y0, x1, y1 = rect
    return (x0, y0, max(x1, RIGHT_EDGE_PT), y1) if inline == 2 else rect
