"""The pack: the engine's result rendered into Markdown files, and written safely.

Jinja2 is imported here only (the CLI imports this module inside the commands that
render), and its Environment is built once per process: cohorts render hundreds of packs.

Template context (also described in `templates/README.md`)
----------------------------------------------------------
Every template `templates/<name>.md.j2` receives (its words through `_()` / `{% trans %}`, see
template_words.py):

`lang`        the pack's language ("fr", "en", "es", "ca", "de").
`_`, `gettext`, `ngettext`, `pgettext`, `npgettext`   the words of the `documents` catalogue in `lang`.
`today`       the date the pack is made (a `date`; printed as the language writes dates).
`answers`     read-only namespace of the effective answers, by dotted id:
              `answers.learner.name`, `answers.mobility.start`. Strict: an unanswered id
              is an error. Use `answers.get("org.sending_company")` (blank if unanswered)
              or `answered("id")` for what a route does not always have.
`label(id)`   an answer as the pack prints it: the text typed, the choice's label in the
              pack's language, Oui/Non, the date written out; for
              `destination.country == other` the country typed in `destination.other`;
              `blank` ("________") when unanswered. An id that is no question is an error.
`answered(id)`, `has(goal)`   tests on the answers (`has("certification")`).
`blank`       the fill-in blank "________".
`asked`       [{id, text, value}] every question answered, in the walk's order.
`routes`      the goals chosen, as labels, followed by the certifier's label if any.
`certifier`   the certifier's value (men, cma_btm, qbid, other) or None.
`items`, `documents`, `caveats`, `tips`   item views (below), in the rules' order.
`referent`    the mobility referent's contact in one line (the profile's name, email, phone),
              or None.
`host_documents`  the documents a host fills in or signs (bilingual.HOST_DOCUMENTS), the host
              brief aside, one view per file.
`steps`       {"before"|"during"|"after": [views of steps and documents of that phase]}.
`phase_tips`  {"before"|"during"|"after"|None: [tip views]}.
`doc`         in a document template: the view of the document being rendered.
`calendar`    "calendar.ics" (a file name, printed as it is) when the pack has a calendar of
              its milestones (the start date is known), else None.
`learning_outcomes`  the mobility's learning outcomes (learning.py: `LearningOutcome`), one
              dict each: text, reference, activities, assessment, criteria, unit, mp, uf, aa,
              competence_type, n, status, status_text, type_text; [] when none was given
              (the templates then print blank rows). text, activities, assessment and
              criteria are in the language rendered: in the host's half of a bilingual
              document, a field the outcome lacks in the host's language is "[nicht übersetzt]"
              (in the host brief, followed by the original; `learning_view.outcome_view`).
`results`, `consequences`, `decision`, `keep_until`, `done`   the results recorded after
              the mobility and what they lead to (see `learning_view.template_context`).

An item view has: `id`, `kind`, `phase`, `text`, `tip`, `check_with`, `title` (str or
None), `due` (date or None), `due_text` ("avant le 1er mars 2027" / "before 1 March
2027"), `source` ("000 §1 - Documenter la participation; …"), `sources` (tuple),
`template`, `file` ("attestation_participation.md", documents only).

Escaping: every value printed with `{{ … }}` goes through `finalize`, which escapes it
for Markdown (backslash before \\ ` * _ { } [ ] < > # | ! ~ $ &, before a leading
- + = or "12." / "12)", newlines and runs of spaces made single spaces), writes dates and
yes/no in the pack's language and None as a blank. Only values marked `Trusted` (the
blank, file names) are printed as they are: a name like `*x* | # y` cannot break a table
or a heading. Filters: `date` (a date in the pack's language), `due` (an item's due
phrase), `raw` (mark a string trusted: for the templates' own constructs only).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from mobility_advisor.engine import engine
from mobility_advisor.formats import ics
from mobility_advisor.pack import forms, provenance
from mobility_advisor.core.cache import cache_dir
from mobility_advisor.core.data import shipped
from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.i18n.messages import msg
from mobility_advisor.i18n.localize import answer_text, format_date, lower, lower_first, punctuation  # Babel itself is imported only when a date is written
from mobility_advisor.i18n.localize import NBSP, typography  # noqa: F401  (French no-break spaces, Catalan dates: every file of a pack)
from mobility_advisor.rules.model import PHASES, Tree, spoken
from mobility_advisor.pack.packdir import NotAFolderError, PackExistsError  # noqa: F401  (callers catch them here)
from mobility_advisor.rules.problems import InputError

BLANK_TEXT = "________"
BLANK_MD = r"\_" * len(BLANK_TEXT)  # escaped: a run of "_" next to punctuation could open emphasis


class Trusted(str):
    """A string the templates print as it is (not escaped): blanks, file names."""


BLANK = Trusted(BLANK_MD)

# --- Markdown escaping ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~$&])")
_SPACES = re.compile(r"\s+")
_LEADING_BLOCK = re.compile(r"^( ?)([-+=])")
_LEADING_NUMBER = re.compile(r"^( ?\d+)([.)])")


def md_escape(value: Any) -> str:
    """Text made safe to print anywhere on a Markdown line, table cells included."""
    return _md_escape(value if type(value) is str else str(value))


@lru_cache(maxsize=8192)
def _md_escape(s: str) -> str:
    """md_escape on a plain string; cached: every pack of a cohort prints the same rule texts."""
    s = _SPACES.sub(" ", s)  # newlines, tabs and runs of spaces -> one space
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _LEADING_BLOCK.sub(r"\1\\\2", s)
    s = _LEADING_NUMBER.sub(r"\1\\\2", s)
    return s


# --- Dates ---------------------------------------------------------------------------

_due = messages({
    "before": N_("before {d}"),
    "on": N_("on {d}"),
    "on_or_after": N_("on or after {d}"),
    "after": N_("after {d}"),
})


# --- Views ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """One outcome as the templates see it, in the pack's language."""

    id: str
    kind: str
    phase: str | None
    text: str
    tip: str | None
    check_with: str | None
    title: str | None
    template: str | None
    file: Trusted | None
    due: date | None
    due_text: str | None
    sources: tuple[str, ...] = ()
    section: str | None = None  # the rule file's title: the checklist groups steps under it

    @property
    def source(self) -> str:
        return "; ".join(self.sources)


_VIEWS: dict[tuple[int, date | None, str], tuple[Any, ItemView]] = {}
_VIEWS_MAX = 20_000


def _view(item: engine.Item, lang: str) -> ItemView:
    """The item's view, made once per outcome, date and language: a cohort's packs share them.

    Keyed by the outcome's identity (kept in the entry, so the id cannot be reused by
    another object while the entry lives); views are immutable, templates only read them.
    """
    o = item.outcome
    key = (id(o), item.due, lang)
    hit = _VIEWS.get(key)
    if hit is not None and hit[0] is o:
        return hit[1]
    if len(_VIEWS) >= _VIEWS_MAX:
        _VIEWS.clear()
    view = _make_view(item, lang)
    _VIEWS[key] = (o, view)
    return view


def _make_view(item: engine.Item, lang: str) -> ItemView:
    o = item.outcome
    due_text = None
    if item.due is not None and o.due is not None:
        due_text = _due(o.due.relation, lang, d=format_date(item.due, lang))
    return ItemView(
        id=o.id,
        kind=o.kind,
        phase=o.phase,
        text=o.text(lang),
        tip=o.tip(lang) if o.tip else None,
        check_with=o.check_with(lang) if o.check_with else None,
        title=o.title(lang) if o.title else None,
        template=o.template,
        file=Trusted(f"{o.template}.md") if o.template else None,
        due=item.due,
        due_text=due_text,
        sources=tuple(s.short() for s in o.source),
        section=o.section(lang) if o.section else None,
    )


def _sections(views: list[ItemView]) -> list[dict[str, Any]]:
    """Consecutive groups of views by section, in the tree's order (Jinja's groupby would sort)."""
    groups: list[dict[str, Any]] = []
    for v in views:
        if not groups or groups[-1]["title"] != v.section:
            groups.append({"title": v.section, "entries": []})
        groups[-1]["entries"].append(v)
    return groups


_INPUT_HINT = re.compile(r"\s*\((?:AAAA|YYYY)-MM-(?:JJ|DD)[^)]*\)")


class Answers:
    """Read-only namespace over dotted answer ids: `answers.learner.name`.

    A missing name raises AttributeError, which Jinja turns into a StrictUndefined error.
    """

    __slots__ = ("_flat", "_prefix")

    def __init__(self, flat: Mapping[str, Any], prefix: str = ""):
        object.__setattr__(self, "_flat", dict(flat))
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        key = self._prefix + name
        if key in self._flat:
            return self._flat[key]
        if any(k.startswith(key + ".") for k in self._flat):
            return Answers(self._flat, key + ".")
        raise AttributeError(f"no answer {key!r}")

    def __getitem__(self, name: str) -> Any:
        try:
            return self.__getattr__(name)
        except AttributeError:
            raise KeyError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("answers are read-only")

    def get(self, dotted: str, default: Any = BLANK) -> Any:
        """The answer to a dotted id, or `default` (the blank) when unanswered."""
        return self._flat.get(self._prefix + dotted, default)

    def __contains__(self, dotted: str) -> bool:
        return self._prefix + dotted in self._flat

    def __iter__(self) -> Iterator[str]:
        return iter(k[len(self._prefix):] for k in self._flat if k.startswith(self._prefix))

    def __repr__(self) -> str:
        return f"Answers({self._prefix or '<root>'})"


# --- Jinja2 --------------------------------------------------------------------------


def show(value: Any, lang: str) -> str:
    """A value as `{{ value }}` prints it in `lang`: escaped for Markdown, dates and yes/no in
    the language, None as the blank; `Trusted` strings as they are."""
    if isinstance(value, Trusted):
        return value
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return msg("yes" if value else "no", lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v, lang) for v in value)
    return md_escape(value)


def _finalize_factory():
    from jinja2 import pass_context

    @pass_context
    def finalize(ctx, value: Any) -> str:
        return show(value, ctx.get("lang", "en"))

    return finalize


def words(lang: str) -> dict[str, Any]:
    """The templates' gettext callables in `lang` (template_words: the `documents` catalogues)."""
    from mobility_advisor.pack.template_words import callables

    return callables(lang, Trusted, show)


def _bytecode_cache():
    """Compiled templates kept between runs (a run then loads them in a few ms instead of
    compiling them again); a changed template is compiled again (Jinja checks its source).
    Any error reading or writing the cache is ignored: the template is simply compiled."""
    folder = cache_dir()
    if folder is None:
        return None
    import jinja2

    class _Cache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # truncated or foreign file: compile as if there were none
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except Exception:
                pass

    return _Cache(str(folder), f"jinja-{jinja2.__version__}-%s.cache")


@lru_cache(maxsize=4)
def _environment(folder: str, cached: bool = False):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=_bytecode_cache() if cached else None,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize_factory(),
        # the templates' words: `_()`, `{% trans %}`, `{% pluralize %}`; the callables come in
        # each render's context (words(lang)), so one environment serves every language
        extensions=["jinja2.ext.i18n"],
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]  (values passed by name, always %-formatted)

    @jinja2.pass_context
    def date_filter(ctx, value: Any) -> str:
        return format_date(value, ctx["lang"]) if isinstance(value, date) else value

    env.filters["date"] = date_filter
    env.filters["raw"] = lambda s: Trusted(s)
    env.filters["md"] = md_escape
    # case rules of generated phrases (German nouns keep their capital): localize.py
    @jinja2.pass_context
    def lowerfirst_filter(ctx, value: Any) -> Any:
        return lower_first(value, ctx.get("lang"))

    @jinja2.pass_context
    def lower_filter(ctx, value: Any) -> Any:
        return lower(value, ctx.get("lang"))

    env.filters["lowerfirst"] = lowerfirst_filter
    env.filters["lower"] = lower_filter
    if env.bytecode_cache is not None:
        # compiled code depends on how each filter is called (with the context or not): a
        # change of filters must not load code compiled for the old ones
        import hashlib

        shape = repr(sorted((n, str(getattr(f, "jinja_pass_arg", ""))) for n, f in env.filters.items()))
        shape += repr((sorted(env.extensions), env.newstyle_gettext))  # how {% trans %} compiles
        key = hashlib.sha1(shape.encode()).hexdigest()[:10]
        env.bytecode_cache.pattern = f"jinja-{jinja2.__version__}-{key}-%s.cache"
    return env


def environment(templates: Path | None = None):
    """The (cached) Jinja2 environment on the shipped templates, or on `templates`.

    Only the shipped templates use the bytecode cache: folders given by tests or by
    `validate` on other templates are compiled in memory, and leave nothing behind.
    """
    default = shipped("templates")
    if templates is None or Path(templates) == default:
        return _environment(str(default), True)
    return _environment(str(templates))


# --- Context -------------------------------------------------------------------------


def _check_lang(lang: str) -> None:
    if lang not in spoken():
        raise InputError(f"unknown language {lang!r}: use one of {', '.join(spoken())}")


def _label(tree: Tree, answers: Mapping[str, Any], lang: str, qid: str) -> Any:
    import jinja2

    q = tree.questions.get(qid)
    if q is None:
        raise jinja2.UndefinedError(f"label(): {qid!r} is not a question of the rule tree")
    text = answer_text(q, answers.get(qid), lang, answers)
    return BLANK if text is None else text  # unanswered, or an optional answer left empty


def context(tree: Tree, result: engine.Result, lang: str, today: date, learning: Any = None,
            referent: Mapping[str, str] | None = None, pack_lang: str | None = None) -> dict[str, Any]:
    """Everything a template may use (see the module docstring); `learning` is the mobility's
    learning.LearningRecord (learning outcomes and results), if any; `referent` the mobility
    referent's contact ({name, email, phone}, from the organisation's profile), if known.
    `pack_lang`: the pack's language when this context renders a host's version in `lang`
    (the learning outcomes then show their `lang` versions, or say they have none)."""
    from mobility_advisor.engine.learning_view import template_context

    _check_lang(lang)
    ans = dict(result.answers)
    views = [_view(i, lang) for i in result.items]
    goals = list(ans.get("goals") or [])

    def label(qid: str) -> Any:
        return _label(tree, ans, lang, qid)

    routes: list[str] = []
    gq = tree.questions.get("goals")
    for g in goals:
        c = gq.choice(g) if gq else None
        routes.append(c.label(lang) if c else g)
    certifier = ans.get("certification.certifier")
    if certifier is not None:
        routes.append(label("certification.certifier"))

    # One numbering of the sources for all the pack's files (see provenance.py); the decisions
    # the results lead to cite the rules that state them, numbered with the rest.
    learned = template_context(learning, ans, lang, format_date, pack_lang or lang, today)
    outcomes = {i.outcome.id: i.outcome for i in result.items}
    for c in learned["consequences"]:
        rule = tree.outcome(c["rule"])
        if rule is not None:
            outcomes.setdefault(rule.id, rule)
    entries = provenance.numbered(tree, outcomes.values(), lang)
    numbers = {e.key: e.n for e in entries}

    def cite_rule(rule_id: str) -> Trusted:
        o = outcomes.get(rule_id) or tree.outcome(rule_id)
        return Trusted(provenance.reference(tree, o, lang, numbers, md_escape)) if o else BLANK

    def cite(view: ItemView) -> Trusted:
        return cite_rule(view.id)

    def source_lines(view: ItemView | None = None) -> list[Trusted]:
        """The pack's Sources list, or only the sources one item cites (a document's)."""
        listed, keep = entries, None
        if view is not None:
            o = outcomes.get(view.id) or tree.outcome(view.id)
            keep = {s.seed for s in o.source} if o else set()
            if o is not None and view.id not in outcomes:  # a document rendered outside its route
                listed = provenance.numbered(tree, [o], lang)
        return [Trusted(provenance.entry_markdown(e, lang, md_escape)) for e in listed
                if keep is None or e.key in keep]

    asked = []
    for q in engine.walk(tree, ans).asked:  # the wizard's input hint ("(AAAA-MM-JJ …)") has no place in a pack
        asked.append({"id": q.id, "text": _INPUT_HINT.sub("", engine.wording(q, ans)[0](lang)), "value": label(q.id)})

    gettexts = words(lang)
    return {
        "lang": lang,
        **gettexts,
        # the fields of a PDF form (pack/forms.py): never seen in the Markdown
        "field": forms.field,
        "signatory": forms.signatory(gettexts["_"], gettexts["pgettext"]),
        # the language's separators (French: " : ", " ; "), printed as they are
        **{k: Trusted(v) for k, v in punctuation(lang).items()},
        "today": today,
        "answers": Answers(ans),
        "label": label,
        "answered": lambda qid: qid in ans,
        "has": lambda goal: goal in goals,
        "blank": BLANK,
        "asked": asked,
        "routes": routes,
        "certifier": certifier,
        "items": views,
        "documents": [v for v in views if v.kind == "document"],
        "host_documents": _host_documents(views),
        # the referent's contact as one line ("Claire Martin, claire.martin@…, +33 …"), or None
        "referent": ", ".join(v for k in ("name", "email", "phone") if (v := str((referent or {}).get(k) or "").strip()))
                    or None,
        # the same, field by field (the learning agreement's contact person): "" when not known
        "referent_contact": {k: str((referent or {}).get(k) or "").strip() for k in ("name", "email", "phone")},
        "caveats": [v for v in views if v.kind == "caveat"],
        "tips": [v for v in views if v.kind == "tip"],
        "steps": {p: [v for v in views if v.kind in ("step", "document") and (v.phase or "before") == p]
                  for p in PHASES},
        "phase_tips": {p: [v for v in views if v.kind == "tip" and v.phase == p] for p in (*PHASES, None)},
        "step_sections": {p: _sections([v for v in views if v.kind in ("step", "document")
                                        and (v.phase or "before") == p]) for p in PHASES},
        "cite": cite,
        "source_lines": source_lines,
        "doc": None,
        # figures computed from the answers (engine.facts): a minor on the start date, the contract's length
        "facts": engine.facts(ans, today),
        "calendar": Trusted(ics.FILE_NAME) if isinstance(ans.get(engine.START), date) else None,
        **learned,
        "consequences": [{**c, "source": cite_rule(c["rule"])} for c in learned["consequences"]],
    }


def _host_documents(views: list[ItemView]) -> list[ItemView]:
    """The pack's documents a host fills in or signs (the host brief itself aside), one per file."""
    from mobility_advisor.engine.bilingual import HOST_DOCUMENTS

    seen: set[str] = set()
    out = []
    for v in views:
        if v.kind == "document" and v.template in HOST_DOCUMENTS and v.template != "host_brief" \
                and v.template not in seen:
            seen.add(v.template)
            out.append(v)
    return out


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
                doc = _view(engine.Item(o, None), language)
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
    _check_lang(lang)
    ans = dict(result.answers)

    def label(qid: str) -> Any:
        value = _label(tree, ans, lang, qid)
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


