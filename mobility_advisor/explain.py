"""Provenance: one rule (question or outcome), its conditions, the routes to it, its source;
or one source (a seed or a public source) and the rules that cite it.

`describe()` returns plain data (heading + rows), `render()` prints it with rich;
the tests read the data, the command prints it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from .i18n import catalogue
from .model import Condition, Location, Outcome, Question, SeedDoc, Tree
from .treeview import _key, conjuncts, known_when_asked, words

WORDS: dict[str, dict[str, str]] = {
    "question": {"fr": "Question", "en": "Question"},
    "step": {"fr": "Étape", "en": "Step"},
    "document": {"fr": "Document", "en": "Document"},
    "caveat": {"fr": "Point à vérifier", "en": "Point to check"},
    "tip": {"fr": "Conseil", "en": "Tip"},
    "kind": {"fr": "Type", "en": "Kind"},
    "k_single": {"fr": "choix unique", "en": "single choice"},
    "k_multiple": {"fr": "choix multiple", "en": "multiple choice"},
    "k_yesno": {"fr": "oui / non", "en": "yes / no"},
    "k_text": {"fr": "texte", "en": "text"},
    "k_date": {"fr": "date", "en": "date"},
    "text": {"fr": "Texte", "en": "Text"},
    "title": {"fr": "Titre", "en": "Title"},
    "help": {"fr": "Aide", "en": "Help"},
    "choices": {"fr": "Choix", "en": "Choices"},
    "branch": {"fr": "ouvre la branche {id}", "en": "opens the branch {id}"},
    "tags": {"fr": "étiquettes : {tags}", "en": "tags: {tags}"},
    "asked_when": {"fr": "Posée si", "en": "Asked if"},
    "applies_when": {"fr": "S'applique si", "en": "Applies if"},
    "always": {"fr": "toujours", "en": "always"},
    "known": {"fr": "Déjà acquis quand elle est posée", "en": "Known when it is asked"},
    "next": {"fr": "Ensuite", "en": "Then"},
    "end_of_branch": {"fr": "fin de la branche (retour à la question qui l'a ouverte)",
                      "en": "end of the branch (back to the question that opened it)"},
    "reached_from": {"fr": "Atteinte depuis", "en": "Reached from"},
    "via_next": {"fr": "{id} (puis)", "en": "{id} (then)"},
    "via_choice": {"fr": "{id}, choix « {label} »", "en": "{id}, choice \"{label}\""},
    "start": {"fr": "début du parcours", "en": "start of the walk"},
    "defined_at": {"fr": "Défini dans", "en": "Defined in"},
    "routes_ask": {"fr": "Parcours qui la posent", "en": "Routes that ask it"},
    "routes_reach": {"fr": "Parcours qui y mènent", "en": "Routes that reach it"},
    "none": {"fr": "aucun", "en": "none"},
    "used_by": {"fr": "Conditions qui la testent", "en": "Conditions that test it"},
    "phase": {"fr": "Phase", "en": "Phase"},
    "before": {"fr": "AVANT", "en": "BEFORE"},
    "during": {"fr": "PENDANT", "en": "DURING"},
    "after": {"fr": "APRÈS", "en": "AFTER"},
    "tip_row": {"fr": "Conseil", "en": "Tip"},
    "check_with": {"fr": "À vérifier auprès de", "en": "Check with"},
    "due": {"fr": "Échéance", "en": "Due"},
    "due_text": {"fr": "{relation} {anchor}{offset}", "en": "{relation} {anchor}{offset}"},
    "r_before": {"fr": "avant", "en": "before"},
    "r_on": {"fr": "le jour de", "en": "at"},
    "r_on_or_after": {"fr": "à partir de", "en": "on or after"},
    "r_after": {"fr": "après", "en": "after"},
    "a_start": {"fr": "le début de la mobilité", "en": "the start of the mobility"},
    "a_end": {"fr": "la fin de la mobilité", "en": "the end of the mobility"},
    "a_midpoint": {"fr": "la mi-parcours", "en": "the midpoint of the mobility"},
    "offset": {"fr": " ({n:+d} jours)", "en": " ({n:+d} days)"},
    "template": {"fr": "Modèle", "en": "Template"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "source_doc": {"fr": "Source", "en": "Source"},
    "source_title": {"fr": "Titre", "en": "Title"},
    "publisher": {"fr": "Éditeur", "en": "Publisher"},
    "year": {"fr": "Date", "en": "Date"},
    "address": {"fr": "Adresse", "en": "Address"},
    "no_address": {"fr": "aucune adresse publique indiquée", "en": "no public address given"},
    "public_kind": {"fr": "source publique postérieure aux documents du projet (ce qu'elle dit est présenté comme à "
                          "vérifier)",
                    "en": "public source published after the project's documents (what it says is presented as "
                          "something to check)"},
    "seed_kind": {"fr": "document source de l'aide à la décision", "en": "source document of the decision aid"},
    "cited_by": {"fr": "Règles qui la citent", "en": "Rules that cite it"},
    "cited_section": {"fr": "§ {title} (« {find} »)", "en": "§ {title} (\"{find}\")"},
    "unknown": {"fr": "identifiant inconnu « {id} »", "en": "unknown id '{id}'"},
    "did_you_mean": {"fr": " ; vouliez-vous dire : {ids} ?", "en": "; did you mean: {ids}?"},
    "list_hint": {"fr": " (les identifiants figurent dans `mobility-advisor tree`)",
                  "en": " (ids are shown by `mobility-advisor tree`)"},
}


t = catalogue("explain", WORDS)


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
        from .contacts import generic

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
    from .checks import complete
    from .engine import parse_answer, walk

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
    from .engine import outcomes

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
    own = {_key(c) for c in conjuncts(q.when)} if q.when is not None else set()
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

