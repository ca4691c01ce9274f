"""Reading a filled PDF form of a pack back (`record ANSWERS --from FILE.pdf`): open it, refuse what
is not one of the pack's forms, and return its fields' values as typed or ticked.

What makes a file a form of the pack (docs: the form contract of issue #26): text fields
`mobility.id` (engine/identity.mobility_key) and `mobility.document` (the document's stem), and the
same two values in the document information as /MobilityAdvisorId and /MobilityAdvisorDocument.
Whether the id is the right mobility's is the caller's business; this module only reads.

pypdf (pure Python) reads the file; it is imported here only, by the command that needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.rules.problems import InputError

MESSAGES = {
    "no_file": N_("{file}: no such file"),
    "too_big": N_("{file} is larger than {max} MB: it is not one of the pack's forms"),
    "not_pdf": N_("{file} is not a PDF file: give the form filled in, as the PDF the pack made (for example "
                  "evaluation_grid.pdf)"),
    "encrypted": N_("{file} is protected by a password and cannot be read: ask for a copy without a password"),
    "damaged": N_("{file} is damaged (cut short or corrupted) and cannot be read: ask for the file again"),
    "no_form": N_("{file} has no form fields: it is not a filled form of the pack (a scan, or a copy printed to "
                  "PDF, loses the fields)"),
    "no_pypdf": N_("Reading a filled PDF form needs the package pypdf: pip install 'mobility-advisor[pdf]'"),
    "no_identity": N_("{file} does not say which mobility it belongs to: only the forms of a pack made by "
                      "mobility-advisor can be read back"),
}
msg = messages(MESSAGES)

MAX_MB = 50  # a pack's form is a few hundred kB; a larger file is something else (and read whole)
MAX_DEPTH = 8  # field hierarchy: the pack's forms are flat; a deeper tree is a hostile or broken file


@dataclass(frozen=True)
class FilledForm:
    """One form as read: its file, the mobility and document it says it is, its fields' values.

    `values`: field name -> the text typed, or a ticked radio's export value (`achieved`…);
    a blank field or an unticked radio group is "" (present, nothing given). `tips`: field name ->
    its tooltip (the form's own words for it, in the document's languages), where it has one."""

    path: Path
    mobility_id: str
    document: str
    values: dict[str, str] = field(default_factory=dict)
    tips: dict[str, str] = field(default_factory=dict)


def read_form(path: Path, lang: str, name: str | None = None) -> FilledForm:
    """The form at `path`, or InputError in `lang` (one sentence naming `name`, default the path):
    no such file, too large, not a PDF, encrypted, damaged, no form fields, no mobility identity."""
    name = name or str(path)
    fail = lambda key, **kw: InputError(msg(key, lang, file=name, **kw))  # noqa: E731
    try:
        if not path.is_file():
            raise fail("no_file")
        if path.stat().st_size > MAX_MB * 1024 * 1024:
            raise fail("too_big", max=MAX_MB)
        data = path.read_bytes()
    except OSError:
        raise fail("no_file") from None
    if b"%PDF-" not in data[:1024]:
        raise fail("not_pdf")
    # a PDF ends with %%EOF (in its last kB): without it the file was cut short (a download or a
    # mail attachment broken); pypdf would rebuild what it can, and a half-read form is worse than none
    if b"%%EOF" not in data[-1024:]:
        raise fail("damaged")
    import io
    import logging

    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # the [pdf] extra not installed: said, not a traceback
        raise InputError(msg("no_pypdf", lang)) from None

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair warnings are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # a file protected only against changes opens with the empty password: it is read;
            # one that needs a password to open is refused
            try:
                opened = reader.decrypt("")
            except (PyPdfError, NotImplementedError, ValueError):
                opened = 0
            if not opened:
                raise fail("encrypted")
        values, tips = _fields(reader)
        info = dict(reader.metadata or {})
    except InputError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError,
            NotImplementedError, OverflowError):
        raise fail("damaged") from None
    if not values:
        raise fail("no_form")
    ident = values.get("mobility.id") or _text(info.get("/MobilityAdvisorId"))
    document = values.get("mobility.document") or _text(info.get("/MobilityAdvisorDocument"))
    if not ident:
        raise fail("no_identity")
    return FilledForm(path, ident, document, values, tips)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return " ".join(str(value).split())


def _fields(reader: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Every terminal field of the AcroForm by full name (parents' names joined with '.'): its
    value, and its tooltip where it has one."""
    root = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm")
    if form is None:
        return {}, {}
    out: dict[str, str] = {}
    tips: dict[str, str] = {}
    seen: set[int] = set()

    def walk(node: Any, prefix: str, depth: int) -> None:
        if depth > MAX_DEPTH or id(node) in seen:
            return
        seen.add(id(node))
        own = node.get("/T")
        name = f"{prefix}.{own}" if prefix and own is not None else (str(own) if own is not None else prefix)
        kids = [k.get_object() for k in (node.get("/Kids") or ())]
        # children that are only the widgets of this field (a radio group's buttons; WeasyPrint
        # repeats the group's name on each) are not fields of their own
        named = [k for k in kids if k.get("/T") is not None and str(k.get("/T")) != str(own)]
        if named and node.get("/FT") is None:
            for k in named:
                walk(k, name, depth + 1)
            return
        if name:
            out[name] = _value(node)
            tip = node.get("/TU") or next((k.get("/TU") for k in kids if k.get("/TU") is not None), None)
            if tip is not None:
                tips[name] = _text(tip)

    for ref in form.get("/Fields") or ():
        node = ref.get_object()
        if node.get("/Parent") is not None:  # a widget listed again at the top: read through its parent
            continue
        walk(node, "", 0)
    return out, tips


def _value(node: Any) -> str:
    """A text field's text, or a button's export value ("" when unticked: /Off or no value)."""
    raw = node.get("/V")
    if raw is None:
        return ""
    raw = raw.get_object() if hasattr(raw, "get_object") else raw
    if isinstance(raw, dict):  # a signature field's value is the signature itself: nothing typed
        return ""
    if str(node.get("/FT")) != "/Btn":
        return _text(raw)
    picked = str(raw).lstrip("/")
    if picked in ("", "Off"):
        return ""
    # a button whose states are numbered (/0, /1…) names its export values in /Opt (PDF 1.7,
    # 12.7.4.2.4): WeasyPrint writes radio groups so
    options = node.get("/Opt")
    if options is not None and picked.isdigit() and int(picked) < len(options):
        return _text(options[int(picked)].get_object() if hasattr(options[int(picked)], "get_object")
                     else options[int(picked)])
    return picked
