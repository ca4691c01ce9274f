"""A pack's advice in the reader's language, for `status` (a French referent reading an English
pack): its items' words worked out again from the pack's answers; only such packs pay for the
rules and the engine."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from mobility_advisor.pack import manifest as manifest_mod


@lru_cache(maxsize=1)
def _rules() -> Any:
    from mobility_advisor.rules.loader import load_tree

    return load_tree()


def in_language(answers_doc: dict[str, Any], items: list[dict[str, Any]], lang: str,
                today: date) -> list[dict[str, Any]]:
    """A pack's items with their words in `lang` (a French referent reading an English pack): the
    advice worked out again from the pack's answers, matched by id; dates, kinds and files stay the
    record's. Only packs in another language pay for the rules and the engine. When the answers no
    longer walk the rules (a hand-edited record, rules since changed), the record's words are kept."""
    from mobility_advisor.engine.engine import outcomes
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.rules.problems import InputError, RuleError

    raw = answers_doc.get("answers")
    if not isinstance(raw, dict):
        return items
    try:
        tree = _rules()
        result = outcomes(tree, answers_mod.resolve(tree, raw, lang=lang), today)
    except (InputError, RuleError, ValueError, TypeError, KeyError):
        return items
    words = {r["id"]: r for r in manifest_mod.item_records(result, lang)}
    out = []
    for i in items:
        w = words.get(i["id"])
        if w is None:
            out.append(i)
            continue
        i = {**i, "text": w["text"]}
        if "title" in i and "title" in w:
            i["title"] = w["title"]
        out.append(i)
    return out
