"""What the pack's templates see of a mobility's learning record: each outcome's fields in the
document's language, its result and status in words, the consequences and the decision."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from mobility_advisor.engine.consequences import consequences, decision, done_steps, keep_until, mark_text
from mobility_advisor.engine.learning import (EMPTY, FIELD_NAMES, TRANSLATABLE, LearningOutcome, LearningRecord, Words,
                                              msg)


STATUS_WORDS = {s: Words(f"status_{s}") for s in ("achieved", "partial", "not_achieved")}
TYPE_WORDS = {t: Words(f"type_{t}") for t in ("transversal", "organisational", "technical")}


def outcome_view(o: LearningOutcome, lang: str, pack_lang: str | None = None, original: bool = True) -> dict[str, str]:
    """An outcome's fields as a document in `lang` shows them (the pack being in `pack_lang`,
    default `lang`): each TRANSLATABLE field in `lang`; one the outcome lacks in `lang` is a
    visible "[nicht übersetzt]" followed by the original (`original` False: the flag alone, for
    a rendering paired line by line with the pack's, where the original stands just before it),
    so that a host never reads the pack's language unannounced. `untranslated`: those fields."""
    view = {k: getattr(o, k) for k in FIELD_NAMES}
    # which fields lack `lang`: a template that joins several outcomes in one cell says so once
    view["untranslated"] = []
    for k in TRANSLATABLE:
        text, translated = o.rendered(k, lang, pack_lang or lang)
        flag = msg("not_translated", lang)
        view[k] = text if translated else f"{flag} {text}" if original else flag
        if not translated:
            view["untranslated"].append(k)
    return view


def template_context(record: LearningRecord | None, answers: Mapping[str, Any], lang: str,
                     fmt_date=lambda d, lang: d.isoformat(), pack_lang: str | None = None,
                     today: date | None = None) -> dict[str, Any]:
    """What the templates see of the learning record (documented in render's module docstring).

    `learning_outcomes`: one dict per outcome: its fields (`outcome_view`: text, activities, assessment
    and criteria in `lang`, flagged when the outcome lacks them in `lang`; in the host's half of a
    bilingual document, `pack_lang` being another, the flag alone), `n` (1-based), `status`
    (achieved | partial | not_achieved | None), `status_text`, `type_text` (BTM type in words);
    `results` (Results or None); `consequences` (texts in `lang`, with `granted` and `rule`, the id of the rule that states it);
    `decision` (validated | partial | not_validated | None); `keep_until` (date or None);
    `not_translated` (the flag of a text `lang` lacks, "[nicht übersetzt]");
    `done` (ids of the checklist steps the results show as done, none before the mobility ends); `learning_outcomes_alone`: the
    views for a document in `lang` alone (the host brief), the original after each flag.
    """
    record = record or EMPTY
    results = record.results
    paired = pack_lang is not None and pack_lang != lang  # the host's half of a bilingual document
    views, alone = [], []
    for i, o in enumerate(record.outcomes):
        status = results.status(i) if results else None
        more = {"n": i + 1, "status": status, "status_text": STATUS_WORDS[status][lang] if status else None,
                "type_text": TYPE_WORDS[o.competence_type][lang] if o.competence_type else None}
        views.append({**outcome_view(o, lang, pack_lang, original=not paired), **more})
        if paired:
            alone.append({**outcome_view(o, lang, pack_lang), **more})
    cons = [{"id": c.id, "granted": c.granted, "text": c(lang), "rule": c.rule}
            for c in consequences(results, record.outcomes, answers, fmt_date)]
    mark = mark_text(results.men_mark, lang) if results and results.men_mark is not None else None
    # the flag of a text the document's language lacks, for a template that says it in its own
    # place (the Europass sheet's joined cells): one flag in every document (#25)
    return {"learning_outcomes": views, "learning_outcomes_alone": alone or views,
            "not_translated": msg("not_translated", lang),
            "results": results, "consequences": cons, "men_mark": mark,
            "decision": decision(results, record.outcomes), "keep_until": keep_until(results),
            "achieved_refs": ", ".join(v["reference"] or str(v["n"]) for v in views if v["status"] == "achieved"),
            "done": done_steps(results, record.outcomes, today, answers.get("mobility.end"))}
