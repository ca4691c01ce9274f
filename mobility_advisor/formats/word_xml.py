"""The text of WordprocessingML (DOCX document.xml): one pattern for its text runs, and their text
as printed, XML entities read ("d&#39;accueil" is 11 characters, not 15: tables and sections were
measured longer than they print). Used by every module that reads a DOCX's text."""

from __future__ import annotations

import html
import re

TEXT_RUN = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def text(xml: str, sep: str = "") -> str:
    """The text of the runs in `xml`, joined by `sep`, as printed."""
    joined = sep.join(TEXT_RUN.findall(xml))
    return html.unescape(joined) if "&" in joined else joined
