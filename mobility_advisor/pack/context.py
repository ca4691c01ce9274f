"""What a template sees: the engine's result as views in the pack's language, the answers, the
sources, the learning outcomes (`context`).

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

An item view has: `id`, `kind`, `phase`, `text`, `tip`, `check_with`, `parties_text`, `title` (str or
None), `due` (date or None), `due_text` ("avant le 1er mars 2027" / "before 1 March
2027"), `source` ("000 §1 - Documenter la participation; …"), `sources` (tuple),
`template`, `file` ("attestation_participation.md", documents only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Mapping

from mobility_advisor.engine import engine
from mobility_advisor.formats import ics
from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.i18n.localize import answer_text, format_date, punctuation
from mobility_advisor.pack import forms, provenance
from mobility_advisor.pack.environment import BLANK, Trusted, md_escape, words
from mobility_advisor.rules.model import PHASES, Tree, spoken
from mobility_advisor.rules.problems import InputError

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
    parties_text: str | None  # caveats stated in a document the parties sign (the convention)
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


def item_view(item: engine.Item, lang: str) -> ItemView:
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
        parties_text=o.parties_text(lang) if o.parties_text else None,
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



# --- Context -------------------------------------------------------------------------


def check_lang(lang: str) -> None:
    if lang not in spoken():
        raise InputError(f"unknown language {lang!r}: use one of {', '.join(spoken())}")


def label_of(tree: Tree, answers: Mapping[str, Any], lang: str, qid: str) -> Any:
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

    check_lang(lang)
    ans = dict(result.answers)
    views = [item_view(i, lang) for i in result.items]
    goals = list(ans.get("goals") or [])

    def label(qid: str) -> Any:
        return label_of(tree, ans, lang, qid)

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
        "host_documents": host_documents(views),
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


def host_documents(views: list[ItemView]) -> list[ItemView]:
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
