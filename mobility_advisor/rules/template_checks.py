"""`validate` on the templates' words: every template compiles, and every message it says is
translated in each language's `documents` catalogue, in words of that language.

One template serves every language (template_words.py), so rendering the routes in one language
(route_checks.route_walks) tests the code of all; what is left to check per language is its words.
The compiled catalogues (`.mo`) are read with the standard library, as the packs read them; that
each `.mo` is its `.po` compiled, with no fuzzy entry, is tests/test_template_words.py's job.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from mobility_advisor.rules.model import LANGS, Location
from mobility_advisor.rules.problems import Problem
from mobility_advisor.pack.template_words import GETTEXT_FUNCTIONS, SAME_IN, catalogue_path, translations

Key = tuple[str | None, str, str | None]  # (msgctxt, msgid, msgid_plural)

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def template_messages(templates: Path) -> tuple[dict[Key, list[Location]], list[Problem]]:
    """Every message the templates say ({(context, msgid, plural): where}), and the templates
    that do not compile (a Jinja syntax error), as problems.

    Parsing every template is most of `validate`'s time: for the shipped templates, what a
    parse found is kept in the user's cache (core.cache.cache_dir) under a digest of their text,
    and parsed again only when a template changed."""
    sources: dict[Path, str] = {}
    problems: list[Problem] = []
    for path in sorted(templates.glob("*.j2")):
        try:
            sources[path] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(Location(str(path), 1), f"template {path.name} cannot be read: {exc}", "error",
                                    "template"))
    store = _store(templates, sources)
    if store is not None and (found := _load(store, templates)) is not None:
        return found, problems
    found, failed = _parse(sources)
    if store is not None and not failed:
        _save(store, found)
    return found, problems + failed


def _parse(sources: dict[Path, str]) -> tuple[dict[Key, list[Location]], list[Problem]]:
    import jinja2
    from jinja2.ext import extract_from_ast

    from mobility_advisor.pack.render import environment

    found: dict[Key, list[Location]] = {}
    problems: list[Problem] = []
    for path, source in sources.items():
        env = environment(path.parent)  # the render environment's syntax (trim_blocks, i18n)
        try:
            ast = env.parse(source, path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(Location(str(path), exc.lineno or 1),
                                    f"template {path.name} has a syntax error: {exc.message}", "error", "template"))
            continue
        for line, func, strings in extract_from_ast(ast, GETTEXT_FUNCTIONS):
            key = _key(func, strings if isinstance(strings, tuple) else (strings,))
            if key is None:
                problems.append(Problem(Location(str(path), line), f"template {path.name}: {func}() needs its "
                                        f"words as a literal string, for the catalogues", "error", "template"))
                continue
            found.setdefault(key, []).append(Location(str(path), line))
    return found, problems


def _store(templates: Path, sources: dict[Path, str]) -> Path | None:
    """The cache file for these templates' messages (shipped templates only), or None."""
    import hashlib

    import jinja2

    from mobility_advisor.core.data import shipped
    from mobility_advisor.core.cache import cache_dir

    folder = cache_dir()
    if folder is None or templates.resolve() != shipped("templates").resolve():
        return None
    digest = hashlib.sha1(jinja2.__version__.encode())
    for path, source in sources.items():
        digest.update(f"\0{path.name}\0{source}".encode())
    return folder / f"template-words-{digest.hexdigest()[:16]}.json"


def _load(store: Path, templates: Path) -> dict[Key, list[Location]] | None:
    import json

    try:
        rows = json.loads(store.read_text(encoding="utf-8"))
        return {(ctx, msgid, plural): [Location(str(templates / name), line) for name, line in where]
                for ctx, msgid, plural, where in rows}
    except (OSError, ValueError, TypeError):  # none yet, or unreadable: parse
        return None


def _save(store: Path, found: dict[Key, list[Location]]) -> None:
    import json
    import os

    rows = [[*key, [[Path(w.file).name, w.line] for w in where]] for key, where in found.items()]
    try:
        for old in store.parent.glob("template-words-*.json"):  # an earlier version of the templates
            old.unlink()
        tmp = store.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, store)
    except OSError:
        pass


def _key(func: str, strings: tuple) -> Key | None:
    """(context, msgid, plural) of one call, None when a string is not a literal."""
    ctx = None
    if func in ("pgettext", "npgettext"):
        ctx, strings = strings[0], strings[1:]
    if not strings or any(s is not None and not isinstance(s, str) for s in (ctx, *strings[:2])) or strings[0] is None:
        return None
    plural = strings[1] if func in ("ngettext", "npgettext") and len(strings) > 1 else None
    return ctx, strings[0], plural


def translated(lang: str, key: Key) -> tuple[str, ...] | None:
    """The msgstr(s) of `key` in `lang`'s compiled catalogue; None when missing (a compiled
    catalogue holds no untranslated or fuzzy entry)."""
    catalog = getattr(translations(lang), "_catalog", {})
    ctx, msgid, plural = key
    base = f"{ctx}\x04{msgid}" if ctx is not None else msgid
    if plural is None:
        found = catalog.get(base)
        return None if found is None else (found,)
    forms = []
    while (base, len(forms)) in catalog:
        forms.append(catalog[(base, len(forms))])
    return tuple(forms) or None


def template_words(templates: Path) -> list[Problem]:
    """The templates compile; each of their messages is translated in every language's
    documents catalogue, and not left the same as another language's (SAME_IN lists the
    words two languages really share: "Date", "Signature", "Nom"…)."""
    messages, out = template_messages(templates)
    for key, where in messages.items():
        ctx, msgid, _ = key
        shown = f"{msgid!r}" + (f" (context {ctx!r})" if ctx else "")
        texts: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            found = translated(lang, key)
            if found is None:
                out.append(Problem(where[0], f"template message {shown} is not translated in "
                                   f"{catalogue_path(lang, '.po').relative_to(catalogue_path(lang).parents[4])}",
                                   "error", "template"))
            else:
                texts[lang] = found
                # a value left out is lost from the document; one the template does not give fails
                # it (a plural form may leave out the count: "un jour")
                wanted = set(_PLACEHOLDER.findall(msgid + (key[2] or "")))
                for text in found:
                    if text.count("\n") != msgid.count("\n"):  # the languages' lines would pair no more
                        out.append(Problem(where[0], f"template message {shown} in {lang} ({text!r}) has "
                                           f"{text.count(chr(10)) + 1} lines, the template's words "
                                           f"{msgid.count(chr(10)) + 1}", "error", "template"))
                        break
                    used = set(_PLACEHOLDER.findall(text))
                    if used - wanted or (key[2] is None and used != wanted):
                        out.append(Problem(where[0], f"template message {shown} in {lang} ({text!r}) does not "
                                           f"use the values {', '.join(sorted(wanted)) or '(none)'} as %(name)s",
                                           "error", "template"))
                        break
        allowed = SAME_IN.get(msgid, ())
        for a, b in combinations(texts, 2):
            if texts[a] == texts[b] and not {a, b} <= set(allowed):
                out.append(Problem(where[0], f"template message {shown} reads the same in {a} and {b} "
                                   f"({texts[a][0]!r}): translate it, or add it to template_words.SAME_IN if "
                                   f"both languages write it so", "error", "template"))
    return out
