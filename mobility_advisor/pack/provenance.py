"""Sources as a reader of the pack sees them: a numbered list, and short references.

Every piece of advice cites the sources registry (`rules/seeds.yaml`): a passage of a seed
(`000 §participation`) or a public source. A pack numbers the sources its items cite, in
the registry's order, once for all its files; each item then refers to them briefly,
"[2] AVANT – Préparer les participants", in the pack's language. The reference is a link
to the file's "Sources" heading whose title is the rule's id, so that a reader of the
HTML (a tooltip) or of the Markdown can trace the item back to its rule
(`mobility-advisor explain ID`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.rules.model import Outcome, Source, Tree

_WORDS = {
    "heading": N_("Sources"),
    "label_one": N_("Source:"),
    "label_many": N_("Sources:"),
    "sep": N_("; "),
    "public": N_("public source published after the project's documents: what it says is to be checked"),
    "no_address": N_("(no public address given)"),
    "intro": N_("The numbers in brackets refer to this list; each reference carries the id of the rule the "
                "advice comes from (`mobility-advisor explain ID` shows it)."),
    "intro_doc": N_("This document draws on the following sources (index.md lists them all)."),
    # a document a host reads or signs ends with this one line, in the host's language: the
    # numbered list is the referent's (index and checklist), not something the host received
    "host_line": N_("Sources {numbers}: the sending organisation keeps their full list."),
}
t = messages(_WORDS)


def anchor(lang: str) -> str:
    """The link to the Sources heading: the id a Markdown reader (GitHub, pandoc's gfm) gives
    it, from the heading in the pack's language ("#sources", "#fuentes")."""
    return "#" + t("heading", lang).casefold().replace(" ", "-")


@dataclass(frozen=True)
class SourceEntry:
    """One line of a pack's Sources list."""

    n: int
    key: str  # registry key: seed file name or public source id
    code: str  # "000", or the public source's id
    title: str
    publisher: str | None
    year: str | None
    address: str | None
    public: bool
    address_from: str | None = None  # where the address comes from, when the seed names none


def numbered(tree: Tree, outcomes: Iterable[Outcome], lang: str) -> list[SourceEntry]:
    """The sources the outcomes cite, numbered from 1 in the registry's order."""
    cited = {s.seed for o in outcomes for s in o.source}
    out: list[SourceEntry] = []
    for key, doc in tree.seeds.items():
        if key not in cited:
            continue
        out.append(SourceEntry(
            n=len(out) + 1, key=key, code=doc.code or key, title=doc.title(lang),
            publisher=doc.publisher(lang) if doc.publisher else None,
            year=doc.year(lang) if doc.year else None,
            address=doc.address, public=doc.public,
            address_from=doc.address_from(lang) if doc.address_from else None))
    return out


def section_title(tree: Tree, source: Source, lang: str) -> str | None:
    doc = tree.seeds.get(source.seed)
    if doc is None or source.section is None:
        return None
    sec = doc.sections.get(source.section)
    return sec.title(lang) if sec else source.section


def _grouped(tree: Tree, outcome: Outcome, lang: str) -> list[tuple[str, list[str]]]:
    """[(registry key, [section titles])] in the order the rule cites them, each source once."""
    groups: dict[str, list[str]] = {}
    for s in outcome.source:
        titles = groups.setdefault(s.seed, [])
        title = section_title(tree, s, lang)
        if title and title not in titles:
            titles.append(title)
    return list(groups.items())


def reference(tree: Tree, outcome: Outcome, lang: str, numbers: dict[str, int], escape) -> str:
    """"(Sources : [[3]](#sources "rule.id") AVANT – … ; [[7]](#sources))" as Markdown.

    `escape` makes the section titles safe Markdown (render's md_escape)."""
    parts = []
    for key, titles in _grouped(tree, outcome, lang):
        n = numbers.get(key)
        # the rule's id once, on the first reference: enough to trace the item, and quieter
        title = f' "{outcome.id}"' if not parts else ""
        link = f"[[{n}]]({anchor(lang)}{title})" if n else escape(key)
        parts.append(f"{link} {', '.join(escape(x) for x in titles)}" if titles else link)
    label = t("label_many" if len(parts) > 1 else "label_one", lang)
    return f"({label} {t('sep', lang).join(parts)})"


def plain_reference(tree: Tree, outcome: Outcome, lang: str) -> str:
    """The sources of one rule in plain text, named rather than numbered (the calendar)."""
    parts = []
    for key, titles in _grouped(tree, outcome, lang):
        doc = tree.seeds.get(key)
        name = (doc.code if doc and not doc.public else (doc.title(lang) if doc else key))
        parts.append(f"{name} {', '.join(titles)}" if titles else name)
    return t("sep", lang).join(parts)


def entry_markdown(e: SourceEntry, lang: str, escape) -> str:
    """One line of the Sources list, as Markdown (without the list marker)."""
    if e.public:
        text = f"\\[{e.n}\\] {escape(e.title)} ({t('public', lang)})"
    else:
        bits = [f"{e.code} – *{escape(e.title)}*"]
        if e.publisher:
            bits.append(escape(e.publisher))
        if e.year:
            bits.append(escape(e.year))
        text = f"\\[{e.n}\\] " + ", ".join(bits)
    address = f"<{e.address}>" if e.address else t("no_address", lang)
    if e.address and e.address_from:
        address += f" ({escape(e.address_from)})"
    return f"{text}. {address}"


_LINK = re.compile(r"\[\[(\d+)\]\]\(#[^)\s]*(?: \"[^\"]*\")?\)")
_NUMBER = re.compile(r"^\\\[(\d+)\\\]")


def unlinked(markdown: str) -> str:
    """References "[[4]](#sources "id")" as a plain "\\[4\\]": a host document has no Sources heading."""
    return _LINK.sub(r"\\[\1\\]", markdown)


def host_sources_line(lines: list[str], lang: str) -> str:
    """The one line that ends a document a host reads or signs ("" when nothing is cited)."""
    numbers = [m.group(1) for line in lines if (m := _NUMBER.match(line))]
    if not numbers:
        return ""
    return t("host_line", lang).format(numbers=", ".join(f"\\[{n}\\]" for n in numbers)) + "\n"


def sources_block(lines: list[str], lang: str, document: bool = False) -> str:
    """The "## Sources" section that ends every file of the pack ("" when nothing is cited).

    Written here rather than in a template: every file has it, in the same words."""
    if not lines:
        return ""
    items = "\n".join(f"- {line}" for line in lines)
    return f"## {t('heading', lang)}\n\n{t('intro_doc' if document else 'intro', lang)}\n\n{items}\n"
