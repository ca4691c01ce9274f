"""A DOCX or ODT file (a zip archive) with some of its XML members rewritten."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Mapping

from mobility_advisor.formats.table_layout import SAFETY, text_em


def rewrite_zip(data: bytes, edits: Mapping[str, object], add: Mapping[str, str] | None = None) -> bytes:
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


# A section's number in a heading, "2. Objet … / 2. Gegenstand …": joined to its first word by a
# no-break space (a line of the convention's headings ended with "/ 2.", pages8), as the PDF's page does.
_HEADING_NUMBER = re.compile(r"(?<![\w.])(\d{1,2}\.) (?=\w)")


def heading_numbers(text: str) -> str:
    """The text between the tags of a heading, every section number joined to the word after it."""
    return re.sub(r">([^<]+)<", lambda m: ">" + _HEADING_NUMBER.sub("\\1\u00a0", m.group(1)) + "<", text)


# The footer, as the PDF's: the document's title at the left, "n / N" at the right, on one line
# (#25: a loose DOCX or ODT sheet said only "3 / 4", not which document it belongs to).
FOOTER_FONT_PT = 7.5
OFFICE_TEXT_CM = 18.0  # the line of DOCX and ODT: A4 less their 1.5 cm side margins (the footer's tab)
# the title's room: the line less "12 / 12" and a gap of 1 cm, in em of the footer's font
_FOOTER_TITLE_EM = (OFFICE_TEXT_CM - 2.5) / 2.54 * 72 / FOOTER_FONT_PT


def footer_title(title: str) -> str:
    """The document's title as its footer prints it: whole when it fits the line beside the page
    number; a bilingual "A / B" too long for it, its host-language half B (the part the host reads:
    the cut at the line's end took it, #25 session 9); else its first words and "…" (never wrapped
    over the page number)."""
    if _fits(title):
        return " ".join(title.split())
    halves = title.split(" / ")
    if len(halves) == 2 and all(h.strip() for h in halves):
        title = halves[1]
    words = title.split()
    if _fits(" ".join(words)):
        return " ".join(words)
    while len(words) > 1 and not _fits(" ".join(words) + " …"):
        words.pop()
    return " ".join(words).rstrip(" /") + " …"


def _fits(text: str) -> bool:
    return text_em(" ".join(text.split())) * SAFETY <= _FOOTER_TITLE_EM


def document_title(xml: str) -> str:
    """The title in a document's properties (DOCX docProps/core.xml, ODT meta.xml), unescaped."""
    import html

    m = re.search(r"<dc:title>(.*?)</dc:title>", xml, re.S)
    return html.unescape(m.group(1)) if m else ""


def read_member(data: bytes, name: str) -> str:
    """One member of the archive as text ("" when it has none)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8") if name in archive.namelist() else ""

