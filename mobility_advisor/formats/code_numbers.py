"""An article or code number ("L6222-42", "R6222-66") never broken at its hyphen (#25 session 10,
the German host reader: "L6222-|42" across two lines in the EN/DE convention's DOCX). A hyphen
between two digits is joined to them; a word's hyphen ("ci-dessous") may still break, as French
hyphenation allows.

- DOCX: Word's non-breaking hyphen (`w:noBreakHyphen`), printed and copied as "-";
- ODT: U+2011 NON-BREAKING HYPHEN, which the documents' DejaVu fonts print as "-";
- PDF: a word joiner (U+2060, not printed, not in the PDF's text) after the hyphen, as
  host_html does for a gendered form's slash: the text read from the page is still "L6222-42".
"""

from __future__ import annotations

import re

from mobility_advisor.formats.word_xml import TEXT_RUN

_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
WORD_JOINER = "\u2060"
NON_BREAKING_HYPHEN = "\u2011"
_TEXT_NODE = re.compile(r">([^<]+)<")


def docx(xml: str) -> str:
    """document.xml with each digit-hyphen-digit's hyphen a `w:noBreakHyphen` (a run holds text and it)."""
    def run_text(m: re.Match) -> str:
        if not _HYPHEN.search(m.group(1)):
            return m.group(0)
        parts = _HYPHEN.split(m.group(1))
        return "<w:noBreakHyphen />".join(f'<w:t xml:space="preserve">{part}</w:t>' for part in parts)

    return TEXT_RUN.sub(run_text, xml)


def odt(xml: str) -> str:
    """content.xml's text (never a style or an attribute) with U+2011 between two digits."""
    start = xml.find("<office:body>")
    if start < 0:
        return xml
    body = _TEXT_NODE.sub(lambda m: ">" + _HYPHEN.sub(NON_BREAKING_HYPHEN, m.group(1)) + "<", xml[start:])
    return xml[:start] + body


def html(body: str) -> str:
    """An HTML page's body text (the text between tags) with a word joiner after a digit-hyphen-digit's hyphen."""
    return _TEXT_NODE.sub(lambda m: ">" + _HYPHEN.sub("-" + WORD_JOINER, m.group(1)) + "<", body)
