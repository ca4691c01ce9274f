"""Conditions in words, for the tree's pictures and `explain`: what must hold for a question to be
asked, or a document or caveat to apply, said the way a referent reads it, leaving out what is
already known where an edge starts."""

from __future__ import annotations

import re
from typing import Any, Iterable

from mobility_advisor.cli.tree_words import WORDS, w
from mobility_advisor.engine.engine import END, START
from mobility_advisor.rules.model import Condition, Question, Tree

MAX_NAME = 60  # longest question name or choice label in the picture before "…"
MAX_TAG_LABELS = 4


def clip(text: str, n: int) -> str:
    """`text` cut at a word boundary to at most n characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0].rstrip(" ,;:.(")
    return cut + "…"


def question_name(q: Question, lang: str) -> str:
    """A question as a condition names it: its text without the examples in brackets and the "?"."""
    short = getattr(q, "short", None)  # an optional short label, if the rule format grows one
    if short is not None:
        return short(lang)
    text = re.sub(r"\s*\([^)]*\)", "", q.text(lang)).strip()
    return text.rstrip(" ?:").strip() or q.id


def leaf_key(c: Condition) -> tuple:
    """A leaf's identity, to tell whether two leaves say the same thing."""
    v = tuple(c.value) if isinstance(c.value, list) else c.value
    return (c.op, c.answer, c.fact, v)


def conjuncts(c: Condition) -> list[Condition]:
    return [x for ch in c.children for x in conjuncts(ch)] if c.op == "all" else [c]


def disjuncts(c: Condition) -> list[Condition]:
    return list(c.children) if c.op == "any" else [c]


def _value(q: Question | None, v: Any, lang: str, n: int | None) -> str:
    if isinstance(v, bool):
        return w("yes" if v else "no", lang)
    if q is not None:
        ch = q.choice(v) if isinstance(v, str) else None
        if ch is not None:
            return clip(ch.label(lang), n) if n else ch.label(lang)
    return str(v)


def words(cond: Condition, tree: Tree, lang: str, *, anchor: str | None = None, short: bool = False,
          ids: bool = False, drop: Iterable[tuple] = ()) -> str:
    """A condition in words: "Comment la mobilité est-elle financée = Erasmus+".

    anchor: the question the reader stands on (its name is left out of its own leaves);
    short: clip long names for the picture; ids: add [question.id] after each name;
    drop: leaves (as `_key`) left out of a top-level `all`, because they are known.
    """
    n = MAX_NAME if short else None
    drop = set(drop)

    def name(q: Question) -> str:
        s = question_name(q, lang)
        s = clip(s, n) if n else s
        return f"{s} [{q.id}]" if ids else s

    def leaf(c: Condition, negated: bool = False) -> str:
        if c.fact is not None:
            op = c.op
            key = f"{c.fact}_{op}"
            if key in WORDS:
                text = w(key, lang, n=c.value)
            else:
                text = w(f"fact_{op}", lang, fact=c.fact, n=c.value)
            return w("not", lang, cond=text) if negated else text
        q = tree.questions.get(c.answer or "")
        qn = name(q) if q is not None else str(c.answer)
        own = anchor is not None and c.answer == anchor
        if c.op == "includes":
            return w("not_ticked" if negated else "ticked", lang, v=_value(q, c.value, lang, n))
        if c.op == "answered":
            yes = bool(c.value) != negated
            return w("answered" if yes else "unanswered", lang, q=qn)
        if c.op == "is":
            v = _value(q, c.value, lang, n)
        elif c.op == "in":
            v = w("or", lang).join(_value(q, x, lang, n) for x in c.value)
        elif c.op == "tag":
            labels = [_value(q, ch.value, lang, n) for ch in (q.choices if q else ()) if c.value in ch.tags]
            if len(labels) > MAX_TAG_LABELS:
                v = w("more", lang, shown=", ".join(labels[:3]), n=len(labels))
            else:
                v = w("or", lang).join(labels) or c.value
        else:  # pragma: no cover - the loader refuses other operators
            v = str(c.value)
        if own:
            return ("≠ " + v) if negated else v
        return w("ne" if negated else "eq", lang, q=qn, v=v)

    def say(c: Condition, top: bool = False) -> str:
        if c.op == "all":
            parts = [say(x) for x in conjuncts(c) if not (top and leaf_key(x) in drop)]
            text = w("and", lang).join(parts)
            return text if top or len(parts) < 2 else f"({text})"
        if c.op == "any":
            text = w("or", lang).join(say(x) for x in c.children)
            return text if top or len(c.children) < 2 else f"({text})"
        if c.op == "not":
            inner = c.children[0]
            if not inner.children:
                return leaf(inner, negated=True)
            return w("not", lang, cond=say(inner, top=True))
        return leaf(c)

    if cond.op != "all" and leaf_key(cond) in drop:
        return ""
    return say(cond, top=True)


def walk_order(tree: Tree) -> list[str]:
    """Every question in the order a walk taking every branch visits them; unreachable ones last."""
    order: list[str] = []
    seen: set[str] = set()
    stack: list[str | None] = [tree.start]
    while stack:
        nid = stack.pop()
        if nid is None or nid in seen or nid not in tree.questions:
            continue
        seen.add(nid)
        order.append(nid)
        q = tree.questions[nid]
        stack.append(q.next)
        stack.extend(reversed([c.next for c in q.choices if c.next]))
    return order + [qid for qid in tree.questions if qid not in seen]


def known_when_asked(tree: Tree) -> dict[str, frozenset[tuple]]:
    """For each question, the condition leaves (as `_key`) that hold whenever it is asked.

    A question is reached through `next` (whatever happened to the one before: it may
    have been passed over) or through a choice's branch (that question was asked, with
    that choice); it is asked when, moreover, its own `when` holds.
    """
    incoming: dict[str, list[tuple[str, Condition | None]]] = {qid: [] for qid in tree.questions}
    for q in tree.questions.values():
        if q.next in incoming:
            incoming[q.next].append((q.id, None))
        for c in q.choices:
            if c.next in incoming:
                op = "includes" if q.kind == "multiple" else "is"
                incoming[c.next].append((q.id, Condition(op, c.at, answer=q.id, value=c.value)))
    own = {qid: frozenset(leaf_key(x) for x in conjuncts(q.when)) if q.when else frozenset()
           for qid, q in tree.questions.items()}
    reach: dict[str, frozenset[tuple] | None] = {qid: None for qid in tree.questions}  # None: not known yet
    reach[tree.start] = frozenset()
    for _ in range(len(tree.questions) + 1):  # a fixed point; a sound tree is acyclic and settles fast
        changed = False
        for qid in tree.questions:
            if qid == tree.start:
                continue
            sets = []
            for src, via in incoming[qid]:
                if reach[src] is None:
                    continue
                sets.append(reach[src] if via is None else reach[src] | own[src] | {leaf_key(via)})
            new = frozenset.intersection(*sets) if sets else None
            if new != reach[qid]:
                reach[qid], changed = new, True
        if not changed:
            break
    known = {qid: (reach[qid] or frozenset()) | own[qid] for qid in tree.questions}
    # A positive test of another question in a `when` means that question was asked too.
    for _ in range(len(tree.questions) + 1):
        changed = False
        for qid, q in tree.questions.items():
            if q.when is None:
                continue
            more = set(known[qid])
            for c in conjuncts(q.when):
                if not c.children and c.answer in known and c.answer != qid and (c.op != "answered" or c.value):
                    more |= known[c.answer]
            if more != known[qid]:
                known[qid], changed = frozenset(more), True
        if not changed:
            break
    return known


def question_of(c: Condition) -> str | None:
    if c.fact is not None:
        return START if c.fact == "days_to_start" else END
    return c.answer


def anchor_of(cond: Condition, order: dict[str, int]) -> tuple[str | None, bool]:
    """The question an outcome's condition (one alternative) hangs from, and whether it must be asked.

    The latest question tested by a positive top-level leaf: the outcome needs it answered,
    so what holds when it is asked can be left out of the label. Failing one, the latest
    question tested anywhere (not necessarily asked).
    """
    positive = [c for c in conjuncts(cond)
                if not c.children and (c.op != "answered" or c.value is True)]
    qs = [q for c in positive if (q := question_of(c)) in order]
    if qs:
        return max(qs, key=order.__getitem__), True
    used = [q for q in (cond.answers_used() | {question_of(c) for c in _leaves(cond)}) if q in order]
    return (max(used, key=order.__getitem__), False) if used else (None, False)


def _leaves(c: Condition) -> list[Condition]:
    return [x for ch in c.children for x in _leaves(ch)] if c.children else [c]
