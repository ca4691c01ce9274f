"""Rule texts as a gettext .po, for a translator who works in Poedit or Weblate rather than YAML.

The rule files keep every language side by side (`{fr: …, en: …, es: …}`); `export` lists
one language's texts (msgctxt: the file and the text's place in it, msgid: the English text,
a translator's comment: the French reference) and `import_po` writes the translated texts
back, each on its own line of the YAML: comments, order and the other languages are kept.
A .po whose contexts or English texts no longer match the rule files is refused whole.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from mobility_advisor.core.data import shipped
from mobility_advisor.rules.model import ALL_LANGS


class Refused(Exception):
    """The .po does not match the rule files: nothing was written."""


def _texts(rules: Path):
    from mobility_advisor.cli.translations import _rule_nodes

    for path, line, texts, node, where in _rule_nodes(rules):
        yield f"{path.relative_to(rules).as_posix()}:{where}", path, line, texts, node


def export(lang: str, rules: Path | None = None) -> bytes:
    """The rule texts of `lang` as a .po file (empty msgstr where the language is missing)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    rules = rules or shipped("rules")
    catalog = Catalog(locale=lang, domain="rules", project="mobility-advisor rules", version="0.1")
    catalog.fuzzy = False
    for context, path, line, texts, _node in _texts(rules):
        comments = [f"fr: {texts['fr']}"] if lang != "fr" else []
        catalog.add(texts["en"], texts.get(lang, ""), locations=[(path.relative_to(rules).as_posix(), line)],
                    auto_comments=comments, context=context)
    out = io.BytesIO()
    write_po(out, catalog, width=100)
    return out.getvalue()


def _scalar(text: str, style: str | None) -> str:
    """`text` as a YAML scalar on one line, plain when YAML reads it back unchanged."""
    import yaml

    if style in (None, "") and "\n" not in text and text == text.strip():
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _edit(node, lang: str, text: str) -> tuple[int, int, str]:
    """(start, end, replacement) that sets `lang` to `text` in the YAML mapping `node`."""
    pairs = {k.value: (k, v) for k, v in node.value}
    if lang in pairs:
        _k, v = pairs[lang]
        new = _scalar(text, v.style)
        if v.style in ("|", ">"):  # a block scalar ends at the start of the next line
            new += "\n"
        return v.start_mark.index, v.end_mark.index, new
    first_key, _ = node.value[0]
    last_key, last = node.value[-1]
    if node.flow_style:
        return last.end_mark.index, last.end_mark.index, f", {lang}: {_scalar(text, None)}"
    indent = " " * first_key.start_mark.column
    at = last.end_mark.index
    if last.style in ("|", ">"):
        return at, at, f"{indent}{lang}: {_scalar(text, None)}\n"
    return at, at, f"\n{indent}{lang}: {_scalar(text, None)}"


def import_po(po: Path, rules: Path | None = None) -> int:
    """Write the translated texts of `po` into the rule files; the number of texts changed."""
    from babel.messages.pofile import read_po

    rules = rules or shipped("rules")
    try:
        with open(po, "rb") as f:
            catalog = read_po(f)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise Refused(f"not a readable .po file ({exc})") from None
    lang = str(catalog.locale) if catalog.locale else ""
    if lang not in ALL_LANGS:
        raise Refused(f"the Language header is {lang or 'missing'}; expected one of {', '.join(ALL_LANGS)}")
    known = {context: (path, texts, node) for context, path, _line, texts, node in _texts(rules)}
    edits: dict[Path, list[tuple[int, int, str]]] = {}
    for m in catalog:
        if not m.id:
            continue
        if m.context not in known:
            raise Refused(f"{m.context!r} is not a rule text any more: export the texts again")
        path, texts, node = known[m.context]
        if m.id != texts["en"]:
            raise Refused(f"{m.context}: the English text changed since the export: export the texts again")
        if m.string and not m.fuzzy and m.string != texts.get(lang):
            edits.setdefault(path, []).append(_edit(node, lang, m.string))
    written = {}
    for path, changes in edits.items():
        source = path.read_text(encoding="utf-8")
        for start, end, new in sorted(changes, reverse=True):
            source = source[:start] + new + source[end:]
        written[path] = source
    for path, source in written.items():  # every file checked before one is written
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(source, encoding="utf-8")
        tmp.replace(path)
    return sum(len(c) for c in edits.values())
