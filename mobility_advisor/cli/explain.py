"""Provenance: one rule (question or outcome), its conditions, the routes to it, its source;
or one source (a seed or a public source) and the rules that cite it.

`describe()` returns plain data (heading + rows), `render()` prints it with rich;
the tests read the data, the command prints it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from mobility_advisor.i18n.catalogues import Message, NC_, N_, messages
from mobility_advisor.rules.model import Condition, Location, Outcome, Question, SeedDoc, Tree
from mobility_advisor.cli.condition_words import conjuncts, known_when_asked, leaf_key, words

WORDS: dict[str, Message] = {
    "question": N_("Question"),
    "step": N_("Step"),
    "document": N_("Document"),
    "caveat": N_("Point to check"),
    "tip": N_("Tip"),
    "kind": N_("Kind"),
    "k_single": N_("single choice"),
    "k_multiple": N_("multiple choice"),
    "k_yesno": N_("yes / no"),
    "k_text": N_("text"),
    "k_date": N_("date"),
    "text": N_("Text"),
    "title": N_("Title"),
    "help": N_("Help"),
    "choices": N_("Choices"),
    "branch": N_("opens the branch {id}"),
    "tags": N_("tags: {tags}"),
    "asked_when": N_("Asked if"),
    "applies_when": N_("Applies if"),
    "always": N_("always"),
    "known": N_("Known when it is asked"),
    "next": N_("Then"),
    "end_of_branch": N_("end of the branch (back to the question that opened it)"),
    "reached_from": N_("Reached from"),
    "via_next": N_("{id} (then)"),
    "via_choice": N_("{id}, choice \"{label}\""),
    "start": N_("start of the walk"),
    "defined_at": N_("Defined in"),
    "routes_ask": N_("Routes that ask it"),
    "routes_reach": N_("Routes that reach it"),
    "none": N_("none"),
    "used_by": N_("Conditions that test it"),
    "phase": NC_("explain.phase", "Phase"),
    "before": N_("BEFORE"),
    "during": N_("DURING"),
    "after": N_("AFTER"),
    "tip_row": N_("Tip"),
    "check_with": N_("Check with"),
    "due": N_("Due"),
    "due_text": N_("{relation} {anchor}{offset}"),
    "r_before": NC_("explain.r_before", "before"),
    "r_on": N_("at"),
    "r_on_or_after": N_("on or after"),
    "r_after": NC_("explain.r_after", "after"),
    "a_start": N_("the start of the mobility"),
    "a_end": N_("the end of the mobility"),
    "a_midpoint": N_("the midpoint of the mobility"),
    "offset": N_(" ({n:+d} days)"),
    "template": N_("Template"),
    "sources": N_("Sources"),
    "source_doc": N_("Source"),
    "source_title": N_("Title"),
    "publisher": N_("Publisher"),
    "year": N_("Date"),
    "address": N_("Address"),
    "no_address": N_("no public address given"),
    "public_kind": N_("public source published after the project's documents (what it says is presented as "
                      "something to check)"),
    "seed_kind": N_("source document of the decision aid"),
    "cited_by": N_("Rules that cite it"),
    "cited_section": N_("§ {title} (\"{find}\")"),
    "unknown": N_("unknown id '{id}'"),
    "did_you_mean": N_("; did you mean: {ids}?"),
    "list_hint": N_(" (ids are shown by `mobility-advisor tree`)"),
}


t = messages(WORDS)


class UnknownId(LookupError):
    """No question or outcome has this id; the message suggests close ones."""


@dataclass
class Explanation:
    heading: str
    rows: list[tuple[str, str | list[str]]] = field(default_factory=list)

    def get(self, label: str) -> str | list[str] | None:
        for k, v in self.rows:
            if k == label:
                return v
        return None


def all_ids(tree: Tree) -> list[str]:
    return (list(tree.questions) + [o.id for o in tree.outcomes]
            + [d.code for d in tree.seeds.values() if d.code])


def source_doc(tree: Tree, code: str) -> SeedDoc | None:
    """The registry entry named by its code ("000", "legifrance_men_2019") or its file name."""
    if code in tree.seeds:
        return tree.seeds[code]
    return next((d for d in tree.seeds.values() if d.code == code), None)


def lookup(tree: Tree, rid: str, lang: str) -> Question | Outcome | SeedDoc:
    if rid in tree.questions:
        return tree.questions[rid]
    o = tree.outcome(rid)
    if o is not None:
        from mobility_advisor.engine.contacts import generic

        return generic(o)  # outside a pack: "your Erasmus+ national agency"
    doc = source_doc(tree, rid)
    if doc is not None:
        return doc
    close = difflib.get_close_matches(rid, all_ids(tree), n=3, cutoff=0.5)
    message = t("unknown", lang, id=rid)
    message += t("did_you_mean", lang, ids=", ".join(close)) if close else t("list_hint", lang)
    raise UnknownId(message)


def describe(tree: Tree, rid: str, lang: str, today: date) -> Explanation:
    rule = lookup(tree, rid, lang)
    if isinstance(rule, Question):
        return _question(tree, rule, lang)
    if isinstance(rule, SeedDoc):
        return _source(tree, rule, lang)
    return _outcome(tree, rule, lang, today)


def _source(tree: Tree, doc: SeedDoc, lang: str) -> Explanation:
    """A source of the registry and every rule that cites it, passage by passage."""
    e = Explanation(f"{t('source_doc', lang)} {doc.code}")
    e.rows.append((t("kind", lang), t("public_kind" if doc.public else "seed_kind", lang)))
    e.rows.append((t("source_title", lang), doc.title(lang)))
    if doc.publisher is not None:
        e.rows.append((t("publisher", lang), doc.publisher(lang)))
    if doc.year is not None:
        e.rows.append((t("year", lang), doc.year(lang)))
    e.rows.append((t("address", lang), doc.address or t("no_address", lang)))
    citing = []
    for o in tree.outcomes:
        for s in o.source:
            if s.seed != doc.file:
                continue
            sec = doc.sections.get(s.section) if s.section else None
            where = f" — {t('cited_section', lang, title=sec.title(lang), find=sec.find)}" if sec else ""
            line = f"{o.id}{where}"
            if line not in citing:
                citing.append(line)
    e.rows.append((t("cited_by", lang), citing or [t("none", lang)]))
    e.rows.append((t("defined_at", lang), _where(doc.at)))
    return e


def _where(at) -> str:
    return f"{at.file}:{at.line}"


def _routes(tree: Tree, ids: list[str], lang: str) -> list[str]:
    if not ids:
        return [t("none", lang)]
    return [f"{rid} — {tree.routes[rid].label(lang)}" for rid in ids]


def routes_asking(tree: Tree, qid: str) -> list[str]:
    """Routes whose walk (completed with sample answers, as `validate` does) asks the question."""
    from mobility_advisor.rules.route_checks import complete
    from mobility_advisor.engine.engine import parse_answer, walk

    out = []
    for r in tree.routes.values():
        answers: dict = {}
        try:
            for k, raw in r.answers.items():
                answers[k] = parse_answer(tree.questions[k], raw, answers)
        except Exception:  # a broken route is validate's business, not explain's
            continue
        if any(q.id == qid for q in walk(tree, complete(tree, answers)).asked):
            out.append(r.id)
    return out


def routes_reaching(tree: Tree, oid: str, today: date) -> list[str]:
    from mobility_advisor.engine.engine import outcomes

    return [r.id for r in tree.routes.values()
            if any(i.outcome.id == oid for i in outcomes(tree, r.answers, today, prune=False).items)]


def _question(tree: Tree, q: Question, lang: str) -> Explanation:
    e = Explanation(f"{t('question', lang)} {q.id}")
    e.rows.append((t("kind", lang), t(f"k_{q.kind}", lang)))
    e.rows.append((t("text", lang), q.text(lang)))
    if q.help is not None:
        e.rows.append((t("help", lang), q.help(lang)))
    if q.choices:
        lines = []
        for c in q.choices:
            extra = []
            if c.next:
                extra.append(t("branch", lang, id=c.next))
            if c.tags:
                extra.append(t("tags", lang, tags=", ".join(c.tags)))
            lines.append(f"{c.value}: {c.label(lang)}" + (f" ({'; '.join(extra)})" if extra else ""))
        e.rows.append((t("choices", lang), lines))
    e.rows.append((t("asked_when", lang), words(q.when, tree, lang, ids=True) if q.when else t("always", lang)))
    known = known_when_asked(tree)[q.id]
    own = {leaf_key(c) for c in conjuncts(q.when)} if q.when is not None else set()
    extra_known = sorted(known - own, key=str)
    if extra_known:
        e.rows.append((t("known", lang), [_key_words(tree, k, lang) for k in extra_known]))
    e.rows.append((t("next", lang), q.next or t("end_of_branch", lang)))
    sources = []
    if q.id == tree.start:
        sources.append(t("start", lang))
    for p in tree.questions.values():
        if p.next == q.id:
            sources.append(t("via_next", lang, id=p.id))
        for c in p.choices:
            if c.next == q.id:
                sources.append(t("via_choice", lang, id=p.id, label=c.label(lang)))
    e.rows.append((t("reached_from", lang), sources or [t("none", lang)]))
    users = [x.id for x in (*tree.questions.values(), *tree.outcomes)
             if x.when is not None and q.id in x.when.answers_used()]
    e.rows.append((t("used_by", lang), users or [t("none", lang)]))
    e.rows.append((t("defined_at", lang), _where(q.at)))
    e.rows.append((t("routes_ask", lang), _routes(tree, routes_asking(tree, q.id), lang)))
    return e


def _key_words(tree: Tree, key: tuple, lang: str) -> str:
    op, answer, fact, value = key
    cond = Condition(op, Location("", 0), answer=answer, fact=fact,
                     value=list(value) if isinstance(value, tuple) else value)
    return words(cond, tree, lang, ids=True)


def _outcome(tree: Tree, o: Outcome, lang: str, today: date) -> Explanation:
    e = Explanation(f"{t(o.kind, lang)} {o.id}")
    if o.phase:
        e.rows.append((t("phase", lang), t(o.phase, lang)))
    if o.title is not None:
        e.rows.append((t("title", lang), o.title(lang)))
    e.rows.append((t("text", lang), o.text(lang)))
    if o.tip is not None:
        e.rows.append((t("tip_row", lang), o.tip(lang)))
    if o.check_with is not None:
        e.rows.append((t("check_with", lang), o.check_with(lang)))
    e.rows.append((t("applies_when", lang), words(o.when, tree, lang, ids=True) if o.when else t("always", lang)))
    if o.due is not None:
        offset = t("offset", lang, n=o.due.offset_days) if o.due.offset_days else ""
        due = t("due_text", lang, relation=t(f"r_{o.due.relation}", lang), anchor=t(f"a_{o.due.anchor}", lang),
                offset=offset)
        if lang == "fr":  # "le jour de le début" -> "le jour du début"
            due = due.replace(" de le ", " du ").replace(" à le ", " au ")
        e.rows.append((t("due", lang), due))
    if o.template:
        e.rows.append((t("template", lang), f"templates/{o.template}.md.j2"))
    e.rows.append((t("defined_at", lang), _where(o.at)))
    sources = []
    for s in o.source:
        doc = tree.seeds.get(s.seed)
        if doc is None:
            sources.append(f"{s.short()} ({_where(s.at)})")
            continue
        sec = doc.sections.get(s.section) if s.section else None
        where = f" §{sec.title(lang)}" if sec else (f" §{s.section}" if s.section else "")
        sources.append(f"{doc.code}{where} — {doc.title(lang)} ({_where(s.at)})")
    e.rows.append((t("sources", lang), sources))
    e.rows.append((t("routes_reach", lang), _routes(tree, routes_reaching(tree, o.id, today), lang)))
    return e


def render(e: Explanation) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    con = Console(highlight=False)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")  # long addresses wrap rather than being cut
    for label, value in e.rows:
        if isinstance(value, list):
            value = "\n".join(f"• {v}" for v in value)
        table.add_row(escape(label), escape(value))
    con.print(f"[bold cyan]{escape(e.heading)}[/]")
    con.print(table)

