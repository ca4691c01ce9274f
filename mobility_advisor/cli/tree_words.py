"""The words of the rule tree's pictures and of conditions in words (`tree`, `explain`); the
advice's own words come from the rules."""

from __future__ import annotations

from mobility_advisor.i18n.catalogues import Message, N_, messages

# The picture's own words (the advice's words come from the rules).
WORDS: dict[str, Message] = {
    "title": N_("Decision tree"),
    "profile": N_("Mobility profile"),
    "goal": N_("Goal: {label}"),
    "if": N_("if {cond}"),
    "and": N_(" and "),
    "or": N_(" or "),
    "not": N_("not ({cond})"),
    "yes": N_("yes"),
    "no": N_("no"),
    "always": N_("always"),
    "then": N_("then"),
    "eq": N_("{q} = {v}"),
    "ne": N_("{q} ≠ {v}"),
    "ticked": N_("\"{v}\" ticked"),
    "not_ticked": N_("\"{v}\" not ticked"),
    "answered": N_("{q}: answered"),
    "unanswered": N_("{q}: not answered"),
    "more": N_("{shown}… ({n} choices)"),
    "days_to_start_below": N_("start in fewer than {n} days"),
    "days_to_start_at_least": N_("start in {n} days or more"),
    "duration_days_below": N_("shorter than {n} days"),
    "duration_days_at_least": N_("at least {n} days long"),
    "fact_below": N_("{fact} < {n}"),
    "fact_at_least": N_("{fact} ≥ {n}"),
    "counts": N_("{q} questions, {d} documents, {c} points to check"),
    "branch": N_("{choice} → {target}"),
    "unknown_section": N_("unknown part {bad}: choose one of {ids}"),
    "elsewhere": N_("(other part) {label}"),
    "section_title": N_("## {title}"),
    "sections_intro": N_("One picture per part: the mobility profile, then each goal. A question from another part "
                         "shows in grey, where the walk comes in or goes on. One picture alone: `mobility-advisor "
                         "tree --format mermaid --section ID` (ID: {ids})."),
    "legend": N_("Rectangles: questions (in walk order; \"if …\": asked only when the condition holds, "
                 "otherwise the walk goes on to the next one). Solid arrows: the walk, labelled with the "
                 "choice that opens a branch. Rounded shapes: documents written into the pack; hexagons: "
                 "points to check. Dotted arrows: the condition on the answers that brings them in."),
    "intro": N_("The picture below is generated from the shipped rules (`rules/`): do not edit it by hand. "
                "To regenerate it:"),
    "explain_hint": N_("Details of one question or outcome (conditions, routes, source): `mobility-advisor "
                       "explain ID`."),
}


w = messages(WORDS)
