"""The fields of the documents a host fills in, as the templates mark them (docs/forms.md).

A template writes `{{ field("assessor.name", "text", _("Name")) }}` at the start of a table
cell: the mark (formats/pdf_forms.py) goes into the text the PDF is made from and nowhere else.
`pack_files` renders each document once, with its marks, and hands on a `FormMarkdown`: the
Markdown without the marks (what the pack's `.md`, DOCX, ODT and HTML are made from, the same
text as before fields existed), which carries the marked text and the document's identity
(`mobility.id`, `mobility.document`) to `convert`, which makes the PDF form.

Signature boxes (`_signatures.md.j2`) carry a `signature.ROLE` field, ROLE one of
season/signatures.py's ROLES: the signer's `by` when the template gives it (every shipped
template does), else the role its row's label names (`SIGNATORY_LABELS`; a label that two roles
share in one language names the first).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from mobility_advisor.formats import pdf_forms


class FormMarkdown(str):
    """A document's Markdown (without field marks) that also carries the text the PDF form is
    made from (`marked`) and its identity (`identity`: (mobility key, document stem))."""

    marked: str
    identity: tuple[str, str]

    def __new__(cls, marked: str, identity: tuple[str, str]) -> "FormMarkdown":
        self = super().__new__(cls, pdf_forms.strip(marked))
        self.marked = marked
        self.identity = identity
        return self

    def __reduce__(self):  # pickled to a cohort's worker processes as what it is
        return (FormMarkdown, (self.marked, self.identity))


def with_fields(text: str, stem: str, answers: Mapping[str, Any]) -> str:
    """`text` as the pack writes it: a FormMarkdown when the document has fields, else `text`."""
    if not pdf_forms.has_marks(text):
        return text
    from mobility_advisor.engine.identity import mobility_key

    return FormMarkdown(merge_pairs(text), (mobility_key(answers), stem))


def marked(content: Any) -> Any:
    """The text the PDF is made from: the marked text of a FormMarkdown, else the content."""
    return getattr(content, "marked", content)


def identity(content: Any) -> tuple[str, str] | None:
    return getattr(content, "identity", None)


# A bilingual table cell holds "pack's / host's" where the two renderings differ: with fields,
# they differ only by the marks' tooltips ("M(fr) x / M(de) x"). The two become one field whose
# tooltip is in both languages, and the cell reads as it did without fields.
_PAIRED = re.compile(r"(?P<p>[^|<]*?)<!--ma-field (?P<m1>[^<>]*?)\s*-->(?P<s>[^|<]*?) / "
                     r"(?P=p)<!--ma-field (?P<m2>[^<>]*?)\s*-->(?P=s)")


def _one_mark(a: pdf_forms.Mark, b: pdf_forms.Mark) -> str:
    """The mark of one field printed in two languages: the pack's language names it, its tooltip
    in both (once when they say the same)."""
    tip = a.tip if not b.tip or a.tip == b.tip else f"{a.tip} / {b.tip}"
    return pdf_forms.mark(a.kind, a.name, tip, a.value, a.checked, a.rows, a.lines, a.foot, a.inline)


def _merged(m: re.Match) -> str:
    a, b = pdf_forms.parse(m.group("m1")), pdf_forms.parse(m.group("m2"))
    if (a.kind, a.value) != (b.kind, b.value):
        return m.group(0)
    # the same box, named differently by the two languages (a label two roles share in one
    # language): the cell reads as without fields
    return m.group("p") + _one_mark(a, b) + m.group("s")


# A bilingual tick box is "- [ ] text M\\" then its translation in italics on the next line,
# "  *text M*": one field, on the item's box, its tooltip in both languages.
_PAIRED_ITEM = re.compile(r"^(?P<head>- \[[ x]\] [^\n]*?)<!--ma-field (?P<m1>[^<>]*?)\s*-->(?P<end>[^\n]*\n)"
                          r"(?P<line>[ \t]+[*_][^\n]*?)<!--ma-field (?P<m2>[^<>]*?)\s*-->", re.M)


def _merge_lines(pattern: re.Pattern, text: str, on_fewer_words: bool = False) -> str:
    """A list item's two marks (`pattern`: its line and its translation's) made one field, on the
    item's line, or (`on_fewer_words`) on the line with fewer words before it (_PAIRED_INLINE)."""
    def one(m: re.Match) -> str:
        a, b = pdf_forms.parse(m.group("m1")), pdf_forms.parse(m.group("m2"))
        if (a.kind, a.name) != (b.kind, b.name):
            return m.group(0)
        if not on_fewer_words or len(m.group("head")) <= len(m.group("line")):
            return m.group("head") + _one_mark(a, b) + m.group("end") + m.group("line")
        return m.group("head") + m.group("end") + m.group("line") + _one_mark(a, b)

    return pattern.sub(one, text)


# A field asked within a cell's label, under it (`foot`): "M(fr) label / M(de) label: ____", the
# two labels different, the field one (the attestation's other host company, #25 reades12).
_PAIRED_LABELS = re.compile(r"<!--ma-field (?P<m1>[^<>]*?f=1[^<>]*?)\s*-->(?P<a>[^|<]*? / )<!--ma-field (?P<m2>[^<>]*?)\s*-->")


def _merged_labels(m: re.Match) -> str:
    a, b = pdf_forms.parse(m.group("m1")), pdf_forms.parse(m.group("m2"))
    return _one_mark(a, b) + m.group("a") if (a.kind, a.name) == (b.kind, b.name) else m.group(0)


# A blank asked in a bilingual list item's sentence, "- text M ____.\\" then its translation in
# italics, "  *text M ____.*": one field, its tooltip in both languages, on the line whose words
# before the blank are fewer (inline_fields: the field runs from its blank to the margin, and a
# blank near the margin left a field of 2 cm, #25 fields15); the other blank is the same answer,
# printed for paper.
_PAIRED_INLINE = re.compile(r"^(?P<head>- [^\n]*?)<!--ma-field (?P<m1>[^<>]*?\bi=[12]\b[^<>]*?)\s*-->(?P<end>[^\n]*\n)"
                            r"(?P<line>[ \t]+[*_][^\n]*?)<!--ma-field (?P<m2>[^<>]*?)\s*-->", re.M)


def merge_pairs(text: str) -> str:
    if "- [" in text and "k=check" in text:
        text = _merge_lines(_PAIRED_ITEM, text)
    if " i=" in text:
        text = _merge_lines(_PAIRED_INLINE, text, on_fewer_words=True)
    if " / " not in text:
        return text
    # As `_PAIRED.sub(_merged, text)`, without trying the pattern at every character of the text (it
    # scanned each stretch without "|" or "<" from each of its characters: 0.2 s of a pack): a
    # match opens in the stretch that ends at its first mark, so only those stretches are tried,
    # from their first character on, mark after mark, left to right as re.sub does.
    out, done = [], 0
    for mark in re.finditer("<!--ma-field ", text):
        at = mark.start()
        if at < done:
            continue  # inside the previous pair
        start = max(done, text.rfind("|", 0, at) + 1, text.rfind("<", 0, at) + 1)
        for s in range(start, at + 1):
            m = _PAIRED.match(text, s)
            if m:
                out += [text[done:s], _merged(m)]
                done = m.end()
                break
    text = "".join(out) + text[done:]
    # after the pairs above: a footed field whose two languages print the same text ("Name, ____ /
    # Name, ____", the qBID school tutor's function) is one of them, and reads once
    return _PAIRED_LABELS.sub(_merged_labels, text) if "f=1" in text else text


def field(name: str, kind: str = "text", tip: str = "", value: str = "", checked: bool = False,
          rows: int = 1, lines: int = 1, foot: bool = False, inline: int = 0) -> str:
    """The templates' `field(...)`: a field's mark (printed as it is, never escaped)."""
    from mobility_advisor.pack.environment import Trusted

    return Trusted(pdf_forms.mark(kind, name, str(tip or ""), str(value or ""), bool(checked), rows, lines, foot, inline))


# The role each signature row's label names, for the rows whose template gives no `by`
# (msgid, or (context, msgid)). Two rows of one role in a document are numbered by the PDF
# (`signature.assessor.1`, `signature.assessor.2`).
SIGNATORY_LABELS: tuple[tuple[Any, str], ...] = (
    ("Tutor in the host company", "host_tutor"),
    ("Tutor in the host company (TAC international)", "host_tutor"),
    ("Tutor in the host company, if taking part", "host_tutor"),
    ("Trainer or mobility coordinator of the sending organisation", "sending_trainer"),
    ("Trainer of the European partner or training centre, if contributing", "sending_trainer"),
    (("role", "Host partner"), "host_partner"),
    ("Receiving organisation (host partner)", "host_partner"),
    (("role", "Host company"), "host_company"),
    ("Host company (tutor)", "host_company"),
    ("Host", "host_company"),
    ("Other host company, if any", "other_host_company"),
    ("Other host, where applicable", "other_host_company"),
    ("Host (company)", "host_company"),
    ("Host (training body or partner), where applicable", "other_host_company"),
    ("Employer in France", "sending_company"),
    ("Apprentice training centre (CFA)", "sending_organisation"),
    ("Legal representative of the participant under 18", "legal_representative"),
    ("Legal representative of the apprentice under 18", "legal_representative"),
    ("Participant", "learner"),
    ("Learner (participant)", "learner"),
    ("Learner (holder)", "learner"),
    ("Apprentice", "learner"),
    ("Sending organisation", "sending_organisation"),
    ("Sending organisation, on return", "sending_organisation"),
    ("Catalan school (tutor)", "sending_organisation"),
    ("CFA", "sending_organisation"),
    ("Sending company (the apprentice's employer)", "sending_company"),
    ("Sending company (the learner's employer)", "sending_company"),
    ("Employer", "sending_company"),
    ("For the jury", "jury"),
    ("Assessor", "assessor"),
    ("Assessor (sending organisation)", "assessor"),
    ("Assessor: in-course assessment (CCF)", "assessor"),
    ("Assessor: assessment in the transnational context", "assessor"),
)


def signatory(gettext: Callable[[str], str], pgettext: Callable[[str, str], str]) -> Callable[[Any], str | None]:
    """The templates' `signatory(row)`: the role id of a signature row (`row.by`, else the role
    its label names in this language), or None (no field for a row nobody is known to sign)."""
    known: dict[str, str] = {}

    def role(row: Any) -> str | None:
        by = row.get("by") if hasattr(row, "get") else None
        if by:
            return str(by)
        if not known:
            for label, rid in SIGNATORY_LABELS:
                text = pgettext(*label) if isinstance(label, tuple) else (gettext(label) if label != "CFA" else label)
                known.setdefault(str(text), rid)
        return known.get(str(row.get("role") if hasattr(row, "get") else row))

    return role
