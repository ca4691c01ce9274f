"""In HTML, the host-language parts of a bilingual host document carry the host's `lang`, and a
sentence and its translation are printed on one page (html_page.PRINT_CSS: .pair, .host-line, p.lead)."""

from __future__ import annotations

import re

from mobility_advisor.formats import code_numbers
from mobility_advisor.formats.pandoc import LANG_TAGS

# In a bilingual host document, the host's words: the italic line under each sentence or list
# item, and the second half of "Nom / Name" in headings and table cells.
_HTML_HOST_LINE = re.compile(r"(<p>|<br />\s*)<em>(?=(?:(?!</em>).)*</em>(?:</label>)?(?:</p>|</li>))", re.S)
# (in a header cell the slash is kept with the word before it by a no-break space: header_slash)
# (in a body cell that wraps, the host's half begins a line: host_break, "/<br />")
_HTML_HOST_LABEL = re.compile(r"(<(?:h[1-6]|th|td)\b[^>]*>)([^<]*?)([ \u00a0])/( |<br />)([^<]*)(</(?:h[1-6]|th|td)>)")


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


def host_parts(page: str, name: str, lang: str, host_lang: str | None) -> str:
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
    body = _HTML_HOST_LABEL.sub(lambda m: f'{m.group(1)}{m.group(2)}{m.group(3)}/{m.group(4)}<span lang="{tag}">'
                                          f'{m.group(5)}</span>{m.group(6)}', body)
    return head + body


# A gendered form ("Alumno/a", "Lernende/r", "Betreuer/in", "die/den"): WeasyPrint breaks a line
# after the slash ("Alumno/ a" in a signature table, #25); in the PDF's page a word joiner (U+2060,
# not printed, not in the PDF's text) after the slash keeps it on one line. Not a no-break span:
# WeasyPrint then broke the line too early ("Acredita" alone, "la asistencia del" below it, then
# "alumno/a, no sus…": pages8). Only the words between tags (never an attribute, a link's target).
_SLASH_FORM = re.compile(r"(?<![\w/])(\w+/)(\w{1,6})(?![\w/])")
WORD_JOINER = "\u2060"
_TEXT_NODE = re.compile(r">([^<]+)<")
_NUMBERED = re.compile(r"^(\d{1,2}\.) (?=\S)")
# The space before an inline element ("Mise en place quotidienne / <span lang=…>[sin traducir]</span>")
# moved inside it: WeasyPrint, when the only break left on a line is the space ending the text before
# an inline box, broke at the cell's first space instead ("Mise" alone on a line, then "en place
# quotidienne /": the host readers, #25). Printed the same; the line then breaks before the span.
_SPACE_BEFORE_INLINE = re.compile(r" (<(?:span|em|strong)\b[^>]*>)")


def unbroken_forms(page: str) -> str:
    """The page to print as PDF, every "X/a" form joined across its slash, a section's number
    joined to the word after it."""
    body_at = page.find("<body>")
    if body_at < 0:
        return page

    def text(m: re.Match) -> str:
        # a section's number kept with its first word ("5." alone on a heading's first line, #25)
        words = _NUMBERED.sub("\\1&#160;", m.group(1))
        return ">" + _SLASH_FORM.sub(rf"\1{WORD_JOINER}\2", words) + "<"

    body = code_numbers.html(_TEXT_NODE.sub(text, page[body_at:]))  # "L6222-42" never broken at its hyphen
    return page[:body_at] + _SPACE_BEFORE_INLINE.sub(r"\1 ", body)
