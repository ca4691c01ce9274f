"""Whom to check with, named for the sending country.

A rule's text, tip or `check_with` may say `{national_agency}` or `{europass_centre}`:
for a sending country whose contact the sources registry lists (a public source with
`national_agency_of` / `europass_centre_of`), the placeholder becomes that source's own
name and address, and the source joins the rule's sources so that the pack lists it;
otherwise (another country, or a rule shown outside a pack) it becomes the generic words
below. Pure: the engine calls it on every outcome it returns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.rules.model import ALL_LANGS, Outcome, Source, Text, Tree

SENDING = "org.sending_country"
ROLES = ("national_agency", "europass_centre")

_generic = messages({
    "national_agency": N_("your Erasmus+ national agency"),
    "europass_centre": N_("your country's National Europass Centre"),
})


def _generic_text(role: str) -> Text:
    return Text(**{lang: _generic(role, lang) for lang in ALL_LANGS})


def _contact(tree: Tree, role: str, country: Any) -> tuple[str | None, Text]:
    """(registry key, words) for a role in a sending country; no key when the registry names none."""
    for key, doc in tree.seeds.items():
        if doc.public and country in getattr(doc, f"{role}_of"):
            return key, Text(**{lang: f"{doc.title(lang)} ({doc.address})" for lang in ALL_LANGS})
    return None, _generic_text(role)


def _fill(text: Text | None, words: dict[str, Text]) -> Text | None:
    if text is None or not text.has("{"):
        return text

    def name(lang: str, s: str) -> str:
        original = s
        for role, w in words.items():
            s = s.replace("{" + role + "}", w(lang))
        # a placeholder starting a sentence keeps a capital
        if s and s[0].islower() and original.startswith("{"):
            s = s[0].upper() + s[1:]
        return s

    return text.map(name)


def uses_contacts(o: Outcome) -> bool:
    return any(t is not None and t.has("{") for t in (o.text, o.tip, o.check_with))


def named(tree: Tree, o: Outcome, answers: Mapping[str, Any]) -> Outcome:
    """The outcome with its contacts named for the answers' sending country."""
    if not uses_contacts(o):
        return o
    country = answers.get(SENDING)
    words: dict[str, Text] = {}
    extra: list[Source] = []
    for role in ROLES:
        if not any(t is not None and t.has("{" + role + "}") for t in (o.text, o.tip, o.check_with)):
            continue
        key, words[role] = _contact(tree, role, country)
        if key and all(s.seed != key for s in o.source + tuple(extra)):
            extra.append(Source(key, None, o.at))
    return replace(o, text=_fill(o.text, words), tip=_fill(o.tip, words), check_with=_fill(o.check_with, words),
                   source=o.source + tuple(extra))


def generic(o: Outcome) -> Outcome:
    """The outcome as a rule reader sees it, outside any pack: generic contacts."""
    if not uses_contacts(o):
        return o
    words = {role: _generic_text(role) for role in ROLES}
    return replace(o, text=_fill(o.text, words), tip=_fill(o.tip, words), check_with=_fill(o.check_with, words))
