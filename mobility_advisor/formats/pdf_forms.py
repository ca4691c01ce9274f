"""Fillable PDF forms: the fields a host fills in and signs, only in a pack's PDF.

A template marks a field with `{{ field(name, kind, tip) }}` (pack/forms.py) at the start of a
table cell. The Markdown the pack writes never shows it: the mark rides only in the text given to
the PDF, as an HTML comment, `<!--ma-field k=radio n=result.1 v=achieved t=Result%20…-->`
(values percent-encoded, so that no typography, escaping or pairing of languages can change
it). Pandoc passes the comment into the HTML page unchanged; `form_html` turns each one into an
`<input>` or `<textarea>` that WeasyPrint makes an AcroForm field of (CSS `appearance: auto`
on these elements only, not `pdf_forms` for the whole page: the task lists keep their printed
boxes), and `finisher` corrects the PDF before it is written:

- radio buttons: each button's "on" state is named after its export value (`/achieved`),
  as readers and pypdf expect, instead of WeasyPrint's `/0`, `/1` with an `/Opt` array;
- read-only fields (the mobility's identity) get the ReadOnly flag;
- kind `sig`: an empty digital signature field (`/FT /Sig`) on the signature box, which a
  free reader signs; it has no appearance, so ink and stamp still go on the printed box;
- the identity fields `mobility.id` and `mobility.document` (hidden widgets: nothing printed)
  and the same two values in the document information dictionary
  (`/MobilityAdvisorId`, `/MobilityAdvisorDocument`), read by `record --from`.

Fields are laid over the cell (absolutely positioned at the cell's first line: the table's
layout, and so the printed page, is the one without fields).
"""

from __future__ import annotations

import html as entities
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, unquote

from mobility_advisor.formats import form_blanks
from mobility_advisor.formats.table_layout import SIGN_PART_CM

KINDS = ("text", "area", "radio", "sig", "check")

_MARK = re.compile(r"<!--ma-field ([A-Za-z0-9%._=\- ]*?)\s*-->")
MARK_TEXT = re.compile(r"<!--ma-field [A-Za-z0-9%._=\- ]*?\s*-->")  # one mark
# A mark is stripped with the spaces after it when it opens a cell written "| … |" (a bilingual
# row: bilingual.pair writes each cell as " text "), so that "| M x |" reads "| x |" and "| M |"
# "| |", as they read without fields.
_STRIP = re.compile(r"(?<=\| )" + MARK_TEXT.pattern + " *|" + MARK_TEXT.pattern)


def _enc(value: str) -> str:
    # percent-encoded, "-" too: a comment cannot hold "--"
    return quote(str(value), safe="._").replace("-", "%2D")


def mark(kind: str, name: str, tip: str = "", value: str = "", checked: bool = False, rows: int = 1,
         lines: int = 1, foot: bool = False) -> str:
    """The mark of one field, as a template writes it (see the module's docstring). `lines`: a
    text field of that many written lines (a signatory's name and function); `foot`: a text field
    on a line of its own under its cell's text, whose blank it is (form_blanks.footed)."""
    if kind not in KINDS:
        raise ValueError(f"unknown field kind {kind!r}: one of {', '.join(KINDS)}")
    parts = [f"k={kind}", f"n={_enc(name)}"]
    if kind == "text" and lines > 1:
        parts.append(f"l={int(lines)}")
    if kind == "text" and foot:
        parts.append("f=1")
    if value:
        parts.append(f"v={_enc(value)}")
    if checked:
        parts.append("c=1")
    if rows != 1:
        parts.append(f"r={int(rows)}")
    if tip:
        parts.append(f"t={_enc(tip)}")
    return "<!--ma-field " + " ".join(parts) + "-->"


@dataclass
class Mark:
    kind: str
    name: str
    tip: str = ""
    value: str = ""
    checked: bool = False
    rows: int = 1
    height_mm: float = 0.0  # the field's height when its cell is higher than a line (field_height)
    lines: int = 1  # a text field's written lines, in a cell higher than them (a name and function)
    foot: bool = False  # under its cell's text (form_blanks.footed)


def parse(text: str) -> Mark:
    """A mark's attributes (the text between `<!--ma-field ` and `-->`)."""
    attrs = dict(p.split("=", 1) for p in text.split() if "=" in p)
    return Mark(kind=attrs.get("k", "text"), name=unquote(attrs.get("n", "")), tip=unquote(attrs.get("t", "")),
                value=unquote(attrs.get("v", "")), checked=attrs.get("c") == "1", rows=int(attrs.get("r", "1") or 1),
                height_mm=float(attrs.get("h", "0") or 0), lines=int(attrs.get("l", "1") or 1),
                foot=attrs.get("f") == "1")


def field_height(html: str, height_mm: float) -> str:
    """The text fields marked in `html` (a table row) as high as its cells, `height_mm`: a field over
    a detail cell written in by hand (an address) covers the cell, as the pen does (pages10, #25)."""
    return html.replace("<!--ma-field k=text ", f"<!--ma-field k=text h={height_mm:g} ")


def strip(text: str) -> str:
    """The text without its field marks (the Markdown and HTML a pack writes)."""
    return _STRIP.sub("", text) if "<!--ma-field" in text else text


_STRIP_HTML = re.compile(MARK_TEXT.pattern + r"\s*")


def strip_html(page: str) -> str:
    """An HTML page without its field marks, as pandoc writes it from the Markdown without them (a
    mark opens its cell, and pandoc trims a cell's text: "<td>M x</td>" is "<td>x</td>")."""
    return _STRIP_HTML.sub("", page) if "<!--ma-field" in page else page


def has_marks(text: str) -> bool:
    return "<!--ma-field" in text


# --- HTML: marks to inputs -----------------------------------------------------------

LINE_MM = 4.2  # one written line in a cell (a text field's height)
FILL_ROW_MM = 11  # a row of blanks to write on (html_page.PRINT_CSS `tr.fill`)
RADIO_PT = 8
CHECK_EM = 1.0  # a tick box's field: the printed "☐"

FORM_CSS = f"""
.ma-anchor {{ position: relative; height: 0; margin: 0; padding: 0; border: 0; }}
.ma-field {{ appearance: auto; position: absolute; margin: 0; padding: 0; border: 0; background: none;
             box-sizing: border-box; font-size: 8pt; color: #111; }}
.ma-radio {{ width: {RADIO_PT}pt; height: {RADIO_PT}pt; border: .6pt solid #555; border-radius: 50%; }}
.ma-tick {{ position: relative; display: inline-block; width: 0; height: 0; vertical-align: text-top; }}
.ma-check {{ left: 0; top: 0; width: {CHECK_EM}em; height: {CHECK_EM}em; }}
"""
# A tick box of a list ("- [ ] text", printed "☐ text"): its field lies on the printed box.
# The mark ends the item's text ("- [ ] text M"): it is moved before the item's "☐".
_TICK = re.compile(r"☐(\s*)([^<]*?)<!--ma-field (k=check [A-Za-z0-9%._=\- ]*?)\s*-->")


def form_html(page: str, sign_row_mm: float) -> tuple[str, dict[str, Mark]]:
    """The HTML page with its marks turned into form inputs, and the fields other than radio
    buttons by name (for `finisher`). A (name, value) given more than once (a document with two
    assessors' rows) is numbered: `signature.assessor.1`, `signature.assessor.2`.

    Text and signature fields are laid out as checkboxes, which WeasyPrint draws without a font,
    and made what they are by `finisher`: a text field that WeasyPrint made itself would embed
    the whole of its font (DejaVu Sans, 0.7 MB, its widths read glyph by glyph) in every PDF;
    they are written in the reader's Helvetica instead, which has every letter of the five
    languages."""
    if not has_marks(page):
        return page, {}
    seen: dict[tuple[str, str], int] = {}
    fields: dict[str, Mark] = {}
    # every box of a name given twice is numbered from 1: `signature.assessor` named both a field
    # and the parent of `signature.assessor.2`, which readers may merge or drop (#25, hostde 8)
    given = Counter((f.name, f.value) for f in (parse(m.group(1)) for m in _MARK.finditer(page)))
    twice = {key for key, n in given.items() if n > 1}

    def one(m: re.Match) -> str:
        f = parse(m.group(1))
        key = (f.name, f.value)
        seen[key] = seen.get(key, 0) + 1
        name = f"{f.name}.{seen[key]}" if key in twice else f.name
        attrs = f'name="{entities.escape(name)}" title="{entities.escape(f.tip or name)}"'
        if f.kind == "radio":
            return (f'<input type="radio" class="ma-field ma-radio" {attrs} value="{entities.escape(f.value)}"'
                    f'{" checked" if f.checked else ""}>')
        if f.kind == "check":  # WeasyPrint's own check box: on ("Yes") or off, nothing to correct
            return f'<input type="checkbox" class="ma-field ma-check" {attrs}{" checked" if f.checked else ""}>'
        fields[name] = f
        height = {"area": f.rows * FILL_ROW_MM, "sig": sign_row_mm - 1}.get(f.kind, f.height_mm or f.lines * LINE_MM)
        # a signature field covers the part of the "Signature and stamp" cell to sign in: the
        # stamp goes on paper anywhere in the cell, the field is for a reader's digital signature
        width = f"width: {SIGN_PART_CM:g}cm; max-width: 100%" if f.kind == "sig" else "width: 100%"
        if f.foot:  # under its cell's text, its blank in the text hidden (form_blanks.footed)
            attrs += f" {form_blanks.FOOT_ATTR}"
        elif f.kind in ("text", "area"):  # the blanks it covers are not printed (form_blanks)
            attrs += f' {form_blanks.ROWS_ATTR}="{f.rows if f.kind == "area" else 1}"'
        if f.kind == "text" and not f.height_mm and not f.foot:  # lower than its cell: its foot ruled (form_blanks)
            attrs += f" {form_blanks.RULED_ATTR}"
        return f'<input type="checkbox" class="ma-field" style="{width}; height: {height:g}mm" {attrs}>'

    # Each field is held by an empty block at the top of its cell, of the cell's width and no
    # height: the field's containing block, which changes nothing of the cell's layout (a
    # positioned cell itself would have its borders painted again, as rectangles).
    # A tick box's field is held by an empty inline box just before the printed "☐", at the
    # line's top: the line is laid out as without the field.
    page = _TICK.sub(lambda m: f'<span class="ma-tick">{one(_MARK.search(m.group(0)))}</span>☐{m.group(1)}{m.group(2)}',
                     page)
    page = _MARK.sub(lambda m: f'<div class="ma-anchor">{one(m)}</div>', page)
    page = form_blanks.hidden(form_blanks.footed(page))
    return page.replace("</style>", FORM_CSS + "</style>", 1), fields


# --- PDF: the finisher ---------------------------------------------------------------

FIELD_FONT_PT = 9
AUTO_SIZE = 0  # a text field's font size that the reader fits to the field (PDF 32000-1, 12.7.3.3)
PAGE_FOOT_PT = 16 / 25.4 * 72  # the page's bottom margin (html_page's @page), where its footer is
_MULTILINE = 1 << 12
_READ_ONLY = 1


def finisher(identity: tuple[str, str] | None, fields: dict[str, Mark]):
    """A WeasyPrint `finisher(document, pdf)` that makes the fields what they are (see the module's
    docstring and `form_html`) and writes the identity (`(mobility key, document stem)`) into
    the form and the PDF's information dictionary."""

    def finish(document, pdf) -> None:
        import pydyf

        widgets = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and o.get("Subtype") == "/Widget"]
        groups = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and "Kids" in o and o.get("FT") == "/Btn"]
        if not widgets and not groups:
            return
        by_ref = {o.reference: o for o in widgets}
        for group in groups:
            values = [s.string for s in group.pop("Opt", [])]
            value = None
            for index, (ref, export) in enumerate(zip(group["Kids"], values)):
                kid = by_ref.get(ref)
                if kid is None:
                    continue
                state = "/" + _pdf_name(export)
                kid["AP"]["N"] = pydyf.Dictionary({_pdf_name(export): kid["AP"]["N"][index]})
                if kid.get("AS") != "/Off":
                    kid["AS"] = state
                    value = state
                # a button is a widget of its group, not a field of its own
                kid.pop("T", None)
                kid.pop("TU", None)
            group["V"] = value or "/Off"
        acroform = pdf.catalog["AcroForm"]
        kids = {ref for group in groups for ref in group["Kids"]}
        acroform["Fields"] = pydyf.Array(r for r in acroform["Fields"] if r not in kids)
        helv = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica",
                                 "Encoding": "/WinAnsiEncoding"})
        pdf.add_object(helv)
        acroform["DR"] = pydyf.Dictionary({"Font": pydyf.Dictionary({"Helv": helv.reference})})
        acroform["DA"] = pydyf.String(f"/Helv {FIELD_FONT_PT} Tf 0 g")
        for w in widgets:
            if "Rect" in w:  # lower-left, upper-right, as some readers and signers expect
                x0, y0, x1, y1 = w["Rect"]
                x0, y0, x1, y1 = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
                # a box of several lines that the page breaks (its first row at the page's foot):
                # the field ends with the page's text, never over the footer nor past the paper
                if y0 < PAGE_FOOT_PT < y1:
                    y0 = PAGE_FOOT_PT
                w["Rect"] = pydyf.Array((x0, y0, x1, y1))
            spec = fields.get(w["T"].string) if "T" in w else None
            if spec is None:
                continue
            for key in ("AP", "AS", "MK", "V", "Border"):
                w.pop(key, None)
            if spec.kind == "sig":
                w["FT"] = "/Sig"
                continue
            w["FT"] = "/Tx"
            w["V"] = pydyf.String(spec.value)
            if spec.kind == "area" or spec.height_mm > LINE_MM or spec.lines > 1:
                # higher than a line (an address, a name and function, a date in a 1 cm cell): typed
                # at 9 pt on lines of its own; sized to the field, a long name printed at 3 pt and a
                # date at 16 pt (#25, reades12)
                w["Ff"] = _MULTILINE
                w["DA"] = pydyf.String(f"/Helv {FIELD_FONT_PT} Tf 0 g")
            else:
                # one line: the reader sizes the text to the field (size 0), so that a level typed
                # in a narrow cell prints whole ("Teilweise erreicht" was cut at 9 pt in a 2.2 cm
                # field: #25, readde11)
                w["DA"] = pydyf.String(f"/Helv {AUTO_SIZE} Tf 0 g")
        if identity is not None:
            _identity(pdf, acroform, identity)
        _hierarchy(pdf, acroform)

    return finish


def _identity(pdf, acroform, identity: tuple[str, str]) -> None:
    """The mobility's key and the document's stem: read-only hidden fields on the first page, and
    entries of the document information dictionary."""
    import pydyf

    key, stem = identity
    first = pdf.pages["Kids"][0]  # an object number (pydyf) or a reference "n 0 R"
    page = pdf.objects[first if isinstance(first, int) else int(first.split()[0])]
    for name, value in (("mobility.id", key), ("mobility.document", stem)):
        field = pydyf.Dictionary({
            "Type": "/Annot", "Subtype": "/Widget", "FT": "/Tx", "T": pydyf.String(name),
            "TU": pydyf.String(name), "V": pydyf.String(value), "Ff": _READ_ONLY,
            "DA": pydyf.String(f"/Helv {FIELD_FONT_PT} Tf 0 g"),
            "F": 2,  # Hidden: not shown, not printed
            "Rect": pydyf.Array((0, 0, 0, 0)), "P": page.reference,
        })
        pdf.add_object(field)
        if "Annots" not in page:
            page["Annots"] = pydyf.Array()
        page["Annots"].append(field.reference)
        acroform["Fields"].append(field.reference)
    pdf.info["MobilityAdvisorId"] = pydyf.String(key)
    pdf.info["MobilityAdvisorDocument"] = pydyf.String(stem)


def _hierarchy(pdf, acroform) -> None:
    """Dotted names as PDF field names: a partial name (`/T`) holds no period, the dots are the
    field tree. `signature.host_tutor` is the field `host_tutor` under a field `signature`, which
    every reader (and pypdf, pyHanko) names `signature.host_tutor` in full."""
    import pydyf

    by_ref = {o.reference: o for o in pdf.objects if isinstance(o, pydyf.Dictionary)}
    nodes: dict[tuple[str, ...], pydyf.Dictionary] = {}
    top = pydyf.Array()
    for ref in acroform["Fields"]:
        field = by_ref.get(ref)
        name = field["T"].string if field is not None and "T" in field else ""
        if "." not in name:
            top.append(ref)
            continue
        *path, last = name.split(".")
        parent = None
        for depth in range(1, len(path) + 1):
            prefix = tuple(path[:depth])
            node = nodes.get(prefix)
            if node is None:
                node = nodes[prefix] = pydyf.Dictionary({"T": pydyf.String(prefix[-1]), "Kids": pydyf.Array()})
                pdf.add_object(node)
                if parent is None:
                    top.append(node.reference)
                else:
                    node["Parent"] = parent.reference
                    parent["Kids"].append(node.reference)
            parent = node
        field["T"] = pydyf.String(last)
        field["Parent"] = parent.reference
        parent["Kids"].append(ref)
    acroform["Fields"] = top


def _pdf_name(value: str) -> str:
    """A PDF name's characters: the export values are ids (achieved, not_achieved)."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", value) or "on"
