"""In ODT, a sentence kept on one page with its translation below it, and a paragraph holding a line
break (a list item and its translation) never parted (as the PDF's .pair and DOCX's w:keepLines);
and the block before a signature section kept with it; odt_layout's part, apart for its size."""

from __future__ import annotations

import re

from mobility_advisor.formats.table_layout import SIGNATURE_CELL

# a paragraph's style and its copy that keeps with the next paragraph
KEEP = {"Heading_20_1": "KeepHeading", "First_20_paragraph": "KeepText", "Text_20_body": "KeepBody",
        "PairLine": "KeepBody"}

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


# A signature table (its header row names the signatory) and the heading of its section.
_ODT_SIGNATURE_TABLE = re.compile(rf"<table:table (?:(?!</table:table-header-rows>).)*>{SIGNATURE_CELL}</text:p>", re.S)


def keep_signing(xml: str) -> str:
    """As docx_layout._docx_keep_signing: the block just before a signature section kept with its
    heading, so that the sheet a host signs carries some of what is signed (#25). A table keeps
    with the next paragraph by its style (as odt_layout's _odt_keep_last), a paragraph by a Keep
    style, a list's last item by a copy of its style that keeps with the next."""
    for m in reversed(list(_ODT_SIGNATURE_TABLE.finditer(xml))):
        heading = xml.rfind("<text:h ", 0, m.start())
        before = xml[:heading].rstrip() if heading >= 0 else ""
        if before.endswith("</table:table>"):
            table = re.findall(r'<table:table table:name="[^"]*" table:style-name="([^"]+)">', before)[-1]
            xml = keep_table_with_next(xml, table)
        elif before.endswith(("</text:p>", "</text:list>")):
            start = before.rfind("<text:p ")
            name = re.match(r'<text:p text:style-name="([^"]+)"', before[start:])
            style = name.group(1) if name else "Keep"
            kept = kept_style(style)
            if kept is None:
                continue
            xml = before[:start] + before[start:].replace(name.group(0), f'<text:p text:style-name="{kept}"', 1) \
                + xml[len(before):]
            if kept.endswith("_Keep"):
                xml = keep_styles(xml, {style: kept})
    return xml


# paragraph styles that keep with the next paragraph already (a sentence before its translation)
_ODT_KEEPING = ("Keep", "PairText", "PairBody")


def kept_style(style: str) -> str | None:
    """The style that keeps a paragraph of `style` with the next one (a common style's Keep style,
    else a copy `STYLE_Keep`, made by keep_styles), or None when `style` keeps with it already."""
    if style.startswith(_ODT_KEEPING) or style.endswith("_Keep"):
        return None
    return KEEP.get(style) or f"{style}_Keep"


def keep_table_with_next(xml: str, table_style: str) -> str:
    """The table style `table_style` keeping its table with the next block (fo:keep-with-next)."""
    return re.sub(rf'(<style:style style:name="{re.escape(table_style)}" style:family="table">\s*'
                  r"<style:table-properties)(?![^>]*fo:keep-with-next)", r'\1 fo:keep-with-next="always"',
                  xml, count=1)


def keep_styles(xml: str, kept: dict[str, str]) -> str:
    """The copies `kept` ({style: its copy}) of paragraph styles, keeping with the next paragraph."""
    for name, copy in kept.items():
        if f'style:name="{copy}"' in xml:
            continue
        own = re.search(rf'<style:style style:name="{re.escape(name)}" style:family="paragraph"[^>]*>.*?</style:style>',
                        xml, re.S)
        if own:  # an automatic style (a list's paragraphs) cannot be a parent: copied
            style = own.group(0).replace(f'style:name="{name}"', f'style:name="{copy}"', 1)
            style = re.sub(r"<style:paragraph-properties\b", '<style:paragraph-properties fo:keep-with-next="always"',
                           style, count=1) if "<style:paragraph-properties" in style else style.replace(
                '</style:style>', '<style:paragraph-properties fo:keep-with-next="always" /></style:style>')
        else:
            style = (f'<style:style style:name="{copy}" style:family="paragraph" style:parent-style-name="{name}">'
                     '<style:paragraph-properties fo:keep-with-next="always" /></style:style>')
        xml = xml.replace("</office:automatic-styles>", style + "</office:automatic-styles>", 1)
    return xml
