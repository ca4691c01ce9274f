"""In ODT, a sentence kept on one page with its translation below it, and a paragraph holding a line
break (a list item and its translation) never parted (as the PDF's .pair and DOCX's w:keepLines);
odt_layout's part, apart for its size."""

from __future__ import annotations

import re

_ODT_LINES_PARAGRAPH = re.compile(r'<text:p text:style-name="([^"]+)">(?:(?!</text:p>).)*<text:line-break\b', re.S)


def keep_lines(xml: str) -> str:
    """A paragraph holding a line break (a list item, its translation below it) kept on one page,
    as DOCX's w:keepLines: its automatic style (a list's paragraphs) gets fo:keep-together, a
    paragraph in a common style a "Pair" style of that parent."""
    names = set(_ODT_LINES_PARAGRAPH.findall(xml))
    for name in sorted(names):
        own = re.compile(rf'(<style:style style:name="{re.escape(name)}" style:family="paragraph"[^>]*>\s*)'
                         r"(<style:paragraph-properties\b)?")
        m = own.search(xml)
        if m:  # an automatic style: kept together wherever it is used (all items of that list)
            props = m.group(2) + ' fo:keep-together="always"' if m.group(2) else \
                '<style:paragraph-properties fo:keep-together="always" />'
            xml = xml[:m.start()] + m.group(1) + props + xml[m.end():]
            continue
        pair = f"Pair_{name}"
        xml = xml.replace("</office:automatic-styles>",
                          f'<style:style style:name="{pair}" style:family="paragraph" style:parent-style-name="{name}">'
                          '<style:paragraph-properties fo:keep-together="always" /></style:style>'
                          "</office:automatic-styles>", 1)
        xml = re.sub(rf'<text:p text:style-name="{re.escape(name)}">(?=(?:(?!</text:p>).)*<text:line-break\b)',
                     f'<text:p text:style-name="{pair}">', xml, flags=re.S)
    return xml


_ODT_PAIR_FIRST = {"First_20_paragraph": "PairText", "Text_20_body": "PairBody"}


def pairs(xml: str) -> str:
    """A sentence kept with its translation, the next paragraph when that one is all italic (as
    the PDF's .pair CSS): the sentence kept with the next paragraph, neither split."""
    italic = set(re.findall(r'<style:style style:name="([^"]+)" style:family="text">\s*'
                            r'<style:text-properties [^>]*fo:font-style="italic"', xml))
    if not italic:
        return xml
    pair = re.compile(r'<text:p text:style-name="([^"]+)">((?:(?!</text:p>).)*)</text:p>(\s*)'
                      r'<text:p text:style-name="Text_20_body">(<text:span text:style-name="(?:%s)">'
                      r'(?:(?!<text:span|</text:p>).)*</text:span>)</text:p>' % "|".join(map(re.escape, sorted(italic))),
                      re.S)

    def keep(m: re.Match) -> str:
        first = _ODT_PAIR_FIRST.get(m.group(1))
        if first is None:
            return m.group(0)
        return (f'<text:p text:style-name="{first}">{m.group(2)}</text:p>{m.group(3)}'
                f'<text:p text:style-name="PairLine">{m.group(4)}</text:p>')

    return pair.sub(keep, xml)
