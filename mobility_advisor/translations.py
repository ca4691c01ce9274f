"""What is still to translate: rule texts, messages and the templates' words, per language.

Used by the translation tests and by translators:
    python -m mobility_advisor.translations es          # what is missing in Spanish
    python -m mobility_advisor.translations es --skeleton  # missing messages as YAML to fill
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .data import shipped
from .model import ALL_LANGS

# the modules that hold a message catalogue (i18n.catalogue registers each when imported)
MODULES = ("i18n", "answers", "cli_help", "cohort", "contacts", "convert", "explain", "fsutil", "ics", "learning",
           "learning_io", "profile", "provenance", "record", "render", "signatures", "spreadsheets", "status",
           "treeview", "update", "wizard_outcomes", "proof.common", "proof.badge", "proof.issue")


def catalogues() -> dict[str, dict[str, dict[str, str]]]:
    for name in MODULES:
        importlib.import_module(f"mobility_advisor.{name}")
    from .i18n import CATALOGUES

    return CATALOGUES


def rule_texts(rules: Path | None = None):
    """(file, line, {lang: text}) for every text of the rule files (a mapping with 'fr' and 'en')."""
    import yaml

    rules = rules or shipped("rules")
    for path in sorted(rules.rglob("*.yaml")):
        root = yaml.compose(path.read_text(encoding="utf-8"))
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
                if "fr" in keys and "en" in keys and all(isinstance(v, yaml.ScalarNode) for v in keys.values()):
                    yield path, node.start_mark.line + 1, {k: v.value for k, v in keys.items()}
                    continue
                stack += [v for _, v in node.value]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value


def missing(lang: str) -> list[str]:
    """Every text not yet written in `lang`, one line each (where, what)."""
    from .i18n import text_of

    out = []
    for path, line, texts in rule_texts():
        if not texts.get(lang, "").strip():
            out.append(f"{path.parent.name}/{path.name}:{line}: {texts['en']}")
    for name, table in catalogues().items():
        for key in table:
            if not text_of(name, key, lang):
                out.append(f"message {name}.{key}: {table[key]['en']}")
    # the templates' words: documents.po (python -m mobility_advisor.template_words update adds
    # the new messages to every language's catalogue)
    from .template_checks import template_messages, translated

    messages, _ = template_messages(shipped("templates"))
    for key, where in messages.items():
        if translated(lang, key) is None:
            out.append(f"template message ({where[0].file.rsplit('/', 1)[-1]}:{where[0].line}): {key[1]}")
    return out


_YAML_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def skeleton(lang: str) -> str:
    """The messages missing in `lang` as YAML for locales/LANG.yaml, French and English as comments."""
    import json

    from .i18n import text_of

    out = []
    for name, table in catalogues().items():
        keys = [k for k in table if not text_of(name, k, lang)]
        if keys:
            out.append(f"{name}:")
            for k in keys:
                # a text on several lines stays a comment on every line; a key YAML would read as
                # a boolean (yes, no, on) is quoted, or the message would never be found
                out += [f"  # {lang_}: " + table[k][lang_].replace("\n", "\n  #     ") for lang_ in ("fr", "en")]
                key = json.dumps(k) if k.lower() in _YAML_BOOLEANS else k
                out.append(f"  {key}: {json.dumps('', ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ALL_LANGS:
        print(f"usage: python -m mobility_advisor.translations LANG [--skeleton]  (LANG: {', '.join(ALL_LANGS)})")
        return 2
    if "--skeleton" in argv:
        sys.stdout.write(skeleton(argv[0]))
        return 0
    lines = missing(argv[0])
    print("\n".join(lines) if lines else f"nothing missing in {argv[0]}")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
