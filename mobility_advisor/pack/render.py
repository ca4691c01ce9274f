"""The pack: the engine's result rendered into Markdown files (`pack_files`, `render_document`),
each ending with the Sources list of what it cites, and the pack folder's default name.

What the templates see is built in context.py; the Jinja2 environment, and how a value is
printed (escaped for Markdown), are in environment.py.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.engine import engine
from mobility_advisor.formats import ics
from mobility_advisor.pack import forms, provenance
from mobility_advisor.pack.context import check_lang, context, item_view, label_of
from mobility_advisor.pack.environment import BLANK, environment
from mobility_advisor.i18n.localize import format_date
from mobility_advisor.i18n.localize import typography  # French no-break spaces, Catalan dates: every file of a pack
from mobility_advisor.rules.model import Tree, spoken


_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """One blank line at most, no trailing spaces, exactly one final newline.

    Plain string methods: a regex for trailing blanks tries every space of the prose.
    """
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n"


def _render(name: str, ctx: Mapping[str, Any], templates: Path | None = None) -> str:
    """A file of the pack, ending with the Sources list of what it cites (provenance.py):
    the whole pack's for the index and the checklist, a document's own for a document."""
    return _with_sources(_body(name, ctx, templates), ctx)


def _body(name: str, ctx: Mapping[str, Any], templates: Path | None = None) -> str:
    """A template rendered, tidied, with its language's typography; no Sources list."""
    env = environment(templates)
    text = env.get_template(f"{name}.md.j2").render(ctx)
    return typography(_tidy(text), ctx["lang"])


def _with_sources(body: str, ctx: Mapping[str, Any], host_lang: str | None = None) -> str:
    """The body and its sources: the numbered list, or for a document a host reads or signs one
    line in the host's language (`host_lang`, else the pack's), its references unlinked."""
    from mobility_advisor.engine.bilingual import HOST_DOCUMENTS

    doc = ctx.get("doc")
    lines = ctx["source_lines"](doc) if "source_lines" in ctx else []
    if doc is not None and doc.template in HOST_DOCUMENTS:
        line = provenance.host_sources_line(lines, host_lang or ctx["lang"])
        body = provenance.unlinked(body)
        return _tidy(body.rstrip("\n") + ("\n\n" + typography(line, host_lang or ctx["lang"]) if line else ""))
    block = provenance.sources_block(lines, ctx["lang"], document=doc is not None)
    return _tidy(body.rstrip("\n") + ("\n\n" + typography(block, ctx["lang"]) if block else ""))


def host_language(option: str | None, answers: Mapping[str, Any], lang: str) -> str | None:
    """The host's language for a pack in `lang` (None: monolingual host documents): --host-lang
    as given (`option`: a language, "none", or None for the default from the destination).
    A language previewed before its templates exist counts as not spoken (English then)."""
    from mobility_advisor.engine.bilingual import host_language as choose

    from mobility_advisor.pack.template_words import languages

    shipped_words = languages()
    ready = [s for s in spoken() if s in shipped_words]
    return choose(option, answers.get("destination.country"), lang, ready)


def _host_document(name: str, ctx: Mapping[str, Any], host_ctx: Mapping[str, Any],
                   templates: Path | None = None, strict: bool = False) -> str:
    """A document a host reads or signs, in the pack's language with the host's beside or
    below each line (bilingual.pair), or in the host's language alone (the host brief).

    Both come from the same template, rendered with each language's words. Should the two
    renderings ever not pair (a translation that broke the line structure, a newline in a
    message; tests/test_bilingual.py guards against it), the host's version follows the pack's
    whole, rather than being lost or garbled."""
    from mobility_advisor.engine.bilingual import HOST_ONLY, HOST_SECTIONS, Unpaired, pair

    doc = ctx.get("doc")
    host_doc = next((d for d in host_ctx["documents"] if doc is not None and d.id == doc.id), None)
    host = {**host_ctx, "doc": host_doc}
    if name in HOST_ONLY:  # read alone: an outcome not translated shows its original after the flag
        host["learning_outcomes"] = host_ctx.get("learning_outcomes_alone", host_ctx.get("learning_outcomes"))
        return _render(name, host, templates)
    first, second = _body(name, ctx, templates), _body(name, host, templates)
    try:
        body = pair(first, second, HOST_SECTIONS.get(name))
    except Unpaired:
        if strict:
            raise
        body = first.rstrip("\n") + "\n\n---\n\n" + second
    return _with_sources(body, ctx, host_ctx["lang"])


def render_document(tree: Tree, result: engine.Result, lang: str, today: date, template: str,
                    templates: Path | None = None, learning: Any = None, host_lang: str | None = None,
                    strict: bool = False) -> str:
    """One document of the pack alone (`template` as in the rules, without `.md.j2`); with
    `host_lang`, a host document is bilingual as in `pack_files` (`strict`: raise
    bilingual.Unpaired when the two languages' templates do not pair, instead of the fallback)."""
    from mobility_advisor.engine.bilingual import HOST_DOCUMENTS

    def with_doc(language: str) -> dict[str, Any]:
        ctx = context(tree, result, language, today, learning, pack_lang=lang)
        doc = next((d for d in ctx["documents"] if d.template == template), None)
        if doc is None:  # rendered outside its route (validate): a view of the rule itself
            o = next((o for o in tree.outcomes if o.template == template), None)  # documents name no contact
            if o is not None:
                doc = item_view(engine.Item(o, None), language)
        ctx["doc"] = doc
        return ctx

    ctx = with_doc(lang)
    if host_lang and host_lang != lang and template in HOST_DOCUMENTS:
        host_ctx = with_doc(host_lang)
        host_ctx["documents"] = [host_ctx["doc"]] if host_ctx["doc"] else []
        return str(forms.with_fields(_host_document(template, ctx, host_ctx, templates, strict), template,
                                     result.answers))
    return str(forms.with_fields(_render(template, ctx, templates), template, result.answers))


def checklist_markdown(tree: Tree, result: engine.Result, lang: str, today: date, learning: Any = None) -> str:
    """The checklist.md content: BEFORE / DURING / AFTER task lists."""
    return _render("checklist", context(tree, result, lang, today, learning))


def calendar_ics(tree: Tree, result: engine.Result, lang: str, today: date) -> str | None:
    """The calendar.ics text (CRLF line endings, see `ics`), or None without a start date."""
    check_lang(lang)
    ans = dict(result.answers)

    def label(qid: str) -> Any:
        value = label_of(tree, ans, lang, qid)
        return None if value is BLANK else value

    return ics.calendar_ics(result, lang, today, format_date, label,
                            lambda o: provenance.plain_reference(tree, o, lang))


def pack_files(tree: Tree, result: engine.Result, lang: str, today: date, learning: Any = None,
               host_lang: str | None = None, referent: Mapping[str, str] | None = None) -> dict[str, str]:
    """{relative file name: text} for the whole pack: index.md, checklist.md, one Markdown file per
    document, and calendar.ics when the start date is known (its lines end in CRLF, as RFC 5545
    wants: write it without newline translation, as `packdir.write_pack` does).

    `learning`: the learning.LearningRecord (learning outcomes, results) that fills the documents' tables.
    `host_lang`: the host's language (see `host_language`), when it is not the pack's: the
    documents a host reads or signs (bilingual.HOST_DOCUMENTS) then carry both languages.
    `referent`: the mobility referent's contact (from the profile), printed in the host brief.
    Raises jinja2.UndefinedError on a missing variable (StrictUndefined).
    """
    from mobility_advisor.engine.bilingual import HOST_DOCUMENTS

    ctx = context(tree, result, lang, today, learning, referent)
    host_ctx = None
    files = {"index.md": _render("index", ctx), "checklist.md": _render("checklist", ctx)}
    for doc in ctx["documents"]:
        name = f"{doc.template}.md"
        if name in files:  # two outcomes sharing a template: one file
            continue
        if host_lang and host_lang != lang and doc.template in HOST_DOCUMENTS:
            if host_ctx is None:  # made once, and only for a pack with a host language
                host_ctx = context(tree, result, host_lang, today, learning, referent, pack_lang=lang)
            files[name] = forms.with_fields(_host_document(doc.template, {**ctx, "doc": doc}, host_ctx),
                                            doc.template, result.answers)
            continue
        files[name] = forms.with_fields(_render(doc.template, {**ctx, "doc": doc}), doc.template, result.answers)
    if ctx["calendar"]:
        cal = calendar_ics(tree, result, lang, today)
        if cal is not None:
            files[ics.FILE_NAME] = cal
    return files


# --- Writing -------------------------------------------------------------------------

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 40


def slug(text: str, limit: int = SLUG_MAX) -> str:
    """ASCII, lower case, words joined by '-': accents folded, anything else dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    s = _SLUG_DROP.sub("-", folded).strip("-")
    return s[:limit].rstrip("-")


def default_pack_dir(answers: Mapping[str, Any], today: date) -> str:
    """`pack-lea-dupont-2027-03-01`: the learner's name and the start date (else today)."""
    name = slug(str(answers.get("learner.name") or ""))
    start = answers.get("mobility.start")
    when = start if isinstance(start, date) else today
    return "-".join(p for p in ("pack", name, when.isoformat()) if p)
