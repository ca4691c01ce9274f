"""Translators' commands: what is still to translate, the catalogues' workflow, rule texts as .po.

    python -m mobility_advisor.cli.translations es             # what is missing in Spanish (exit 1 if anything)
    python -m mobility_advisor.cli.translations extract        # source -> locale/messages.pot (Babel)
    python -m mobility_advisor.cli.translations update         # messages.pot -> every locale/LANG/.../messages.po
    python -m mobility_advisor.cli.translations init LANG      # a new language's messages.po and click.po
    python -m mobility_advisor.cli.translations compile        # every .po -> .mo (what the tool reads)
    python -m mobility_advisor.cli.translations export-rules LANG -o FILE.po   # rule texts for a translator
    python -m mobility_advisor.cli.translations import-rules FILE.po           # ... written back into rules/*.yaml

Babel is imported here only: the tool itself reads the compiled .mo with the stdlib.
Exit status: 0 done (or nothing missing), 1 something is missing, 2 bad usage or a refused file.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mobility_advisor.i18n.catalogues import DOMAINS, LOCALE_DIR
from mobility_advisor.core.data import shipped
from mobility_advisor.rules.model import ALL_LANGS

# the modules that mark messages (catalogues.messages registers each table when imported)
MODULES = ("i18n.messages", "inputs.answers", "engine.bilingual", "cli.help", "season.cohort_words",
           "engine.contacts", "formats.convert", "cli.explain", "core.fsutil", "formats.ics",
           "engine.learning", "inputs.learning_io", "inputs.profile", "pack.provenance",
           "cli.record", "pack.context", "season.status", "cli.tree_words", "season.update",
           "cli.validate", "cli.problem_words", "cli.wizard_outcomes", "proof.common", "proof.badge", "proof.issue",
           "season.signatures", "formats.spreadsheets", "cli.record_from", "inputs.pdf_form",
           "season.signing")
# `pybabel extract` keywords for the markers of catalogues.py
KEYWORDS = ("N_", "NC_:1c,2", "NP_:1,2", "NPC_:1c,2,3")
PACKAGE = Path(__file__).parent.parent  # the package (this module is in cli/)


def tables():
    """Every table of marked messages of the tool (importing the modules registers them)."""
    for name in MODULES:
        importlib.import_module(f"mobility_advisor.{name}")
    from mobility_advisor.i18n.catalogues import TABLES

    return TABLES


def po_path(lang: str, domain: str = "messages") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(lang: str, domain: str = "messages"):
    """The .po of `lang` read by Babel (None when the language has none)."""
    from babel.messages.pofile import read_po

    path = po_path(lang, domain)
    if not path.is_file():
        return None
    with open(path, "rb") as f:
        return read_po(f, locale=lang, domain=domain)


def untranslated(catalog) -> list[str]:
    """The entries of a catalogue still to do: empty, partly empty (a plural form) or fuzzy."""
    out = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def rule_texts(rules: Path | None = None):
    """(file, line, {lang: text}) for every text of the rule files (a mapping with 'fr' and 'en')."""
    for path, line, texts, _node, _where in _rule_nodes(rules):
        yield path, line, texts


def _rule_nodes(rules: Path | None = None):
    """(file, line, {lang: text}, mapping node, yaml path) for every text of the rule files."""
    import yaml

    rules = rules or shipped("rules")
    for path in sorted(rules.rglob("*.yaml")):
        root = yaml.compose(path.read_text(encoding="utf-8"))
        stack = [(root, "")] if root is not None else []
        found = []
        while stack:
            node, where = stack.pop()
            if isinstance(node, yaml.MappingNode):
                keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
                if "fr" in keys and "en" in keys and all(isinstance(v, yaml.ScalarNode) for v in keys.values()):
                    found.append((path, node.start_mark.line + 1, {k: v.value for k, v in keys.items()}, node, where))
                    continue
                stack += [(v, f"{where}.{k.value}" if where else str(k.value)) for k, v in node.value]
            elif isinstance(node, yaml.SequenceNode):
                stack += [(v, f"{where}[{i}]") for i, v in enumerate(node.value)]
        yield from sorted(found, key=lambda f: f[1])


def missing(lang: str) -> list[str]:
    """Every text not yet written in `lang`, one line each (where, what)."""
    out = []
    for path, line, texts in rule_texts():
        if not texts.get(lang, "").strip():
            out.append(f"{path.parent.name}/{path.name}:{line}: {texts['en']}")
    if lang != "en":
        for domain in DOMAINS:
            catalog = read_catalogue(lang, domain)
            if catalog is None:
                out.append(f"catalogue {po_path(lang, domain).relative_to(PACKAGE.parent)}: missing "
                           f"(python -m mobility_advisor.cli.translations init {lang})")
                continue
            out += [f"{domain}: {text}" for text in untranslated(catalog)]
    # the templates' words: documents.po (python -m mobility_advisor.pack.template_words update adds
    # the new messages to every language's catalogue)
    from mobility_advisor.rules.template_checks import template_messages, translated

    messages, _ = template_messages(shipped("templates"))
    for key, where in messages.items():
        if translated(lang, key) is None:
            out.append(f"template message ({where[0].file.rsplit('/', 1)[-1]}:{where[0].line}): {key[1]}")
    return out


def _pybabel(*args: str) -> int:
    from babel.messages.frontend import CommandLineInterface

    try:
        CommandLineInterface().run(["pybabel", "-q", *args])
    except SystemExit as exc:  # Babel's own usage errors
        return int(exc.code or 0)
    return 0


def extract() -> int:
    """The tool's marked messages -> locale/messages.pot (from a source checkout: babel.cfg beside it)."""
    import os

    root = PACKAGE.parent
    kw = [a for k in KEYWORDS for a in ("-k", k)]
    here = os.getcwd()
    os.chdir(root)  # the .pot names each message's file from the repository's root
    try:
        return _pybabel("extract", "-F", "babel.cfg", *kw, "-c", "TRANSLATORS:", "--sort-by-file",
                        "--project", "mobility-advisor", "--version", "0.1", "-w", "100",
                        "--msgid-bugs-address", "https://github.com/mobility-advisor/issues",
                        "-o", str(LOCALE_DIR / "messages.pot"), PACKAGE.name)
    finally:
        os.chdir(here)


def update() -> int:
    return _pybabel("update", "-D", "messages", "-i", str(LOCALE_DIR / "messages.pot"), "-d", str(LOCALE_DIR),
                    "-w", "100", "--ignore-obsolete")


def init(lang: str) -> int:
    """A new language: its messages.po from the template, its click.po from the French one, emptied."""
    from babel.messages.pofile import write_po

    code = _pybabel("init", "-D", "messages", "-i", str(LOCALE_DIR / "messages.pot"), "-d", str(LOCALE_DIR),
                    "-l", lang, "-w", "100")
    if code:
        return code
    click = read_catalogue("fr", "click")
    from babel.messages.catalog import Catalog

    new = Catalog(locale=lang, domain="click", project="mobility-advisor", version="0.1")
    for m in click:
        if m.id:
            new.add(m.id, "" if isinstance(m.id, str) else ("",) * new.num_plurals, context=m.context,
                    auto_comments=m.auto_comments)
    with open(po_path(lang, "click"), "wb") as f:
        write_po(f, new, width=100)
    return 0


def compile_all() -> int:
    """Every .po -> .mo beside it; refused (exit 1) while an entry is fuzzy or empty."""
    from babel.messages.mofile import write_mo

    bad = 0
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        lang, domain = po.parent.parent.name, po.stem
        catalog = read_catalogue(lang, domain)
        todo = untranslated(catalog)
        if todo:
            print(f"{po}: {len(todo)} entries fuzzy or not translated, e.g. {todo[0]!r}")
            bad = 1
            continue
        with open(po.with_suffix(".mo"), "wb") as f:
            write_mo(f, catalog)
    return bad


USAGE = __doc__.split("\n\n")[1]


def main(argv: list[str]) -> int:
    from mobility_advisor.cli import rule_po

    if not argv:
        print(USAGE)
        return 2
    command, rest = argv[0], argv[1:]
    if command in ALL_LANGS and not rest:
        lines = missing(command)
        print("\n".join(lines) if lines else f"nothing missing in {command}")
        return 1 if lines else 0
    if command == "extract" and not rest:
        return extract()
    if command == "update" and not rest:
        return update()
    if command == "compile" and not rest:
        return compile_all()
    if command == "init" and len(rest) == 1:
        return init(rest[0])
    if command == "export-rules" and len(rest) == 3 and rest[1] == "-o" and rest[0] in ALL_LANGS:
        Path(rest[2]).write_bytes(rule_po.export(rest[0]))
        return 0
    if command == "import-rules" and len(rest) == 1:
        try:
            changed = rule_po.import_po(Path(rest[0]))
        except rule_po.Refused as exc:
            print(f"{rest[0]}: {exc}", file=sys.stderr)
            return 2
        print(f"{changed} rule texts written")
        return 0
    print(USAGE)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
