"""The templates' environment: Jinja2, built once per process (cohorts render hundreds of packs),
its compiled templates kept between runs (bytecode cache), and how a value is printed in a pack.

Jinja2 is imported here only, inside the functions (the CLI imports the pack's modules inside
the commands that render).

Escaping: every value printed with `{{ … }}` goes through `finalize`, which escapes it
for Markdown (backslash before \\ ` * _ { } [ ] < > # | ! ~ $ &, before a leading
- + = or "12." / "12)", newlines and runs of spaces made single spaces), writes dates and
yes/no in the pack's language and None as a blank. Only values marked `Trusted` (the
blank, file names) are printed as they are: a name like `*x* | # y` cannot break a table
or a heading. Filters: `date` (a date in the pack's language), `due` (an item's due
phrase), `raw` (mark a string trusted: for the templates' own constructs only).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from mobility_advisor.core.cache import cache_dir
from mobility_advisor.core.data import shipped
from mobility_advisor.i18n.localize import format_date, join_titles, lower, lower_first
from mobility_advisor.i18n.messages import msg

BLANK_TEXT = "________"
BLANK_MD = r"\_" * len(BLANK_TEXT)  # escaped: a run of "_" next to punctuation could open emphasis


class Trusted(str):
    """A string the templates print as it is (not escaped): blanks, file names."""


BLANK = Trusted(BLANK_MD)

# --- Markdown escaping ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~$&])")
_SPACES = re.compile(r"\s+")
_LEADING_BLOCK = re.compile(r"^( ?)([-+=])")
_LEADING_NUMBER = re.compile(r"^( ?\d+)([.)])")


def md_escape(value: Any) -> str:
    """Text made safe to print anywhere on a Markdown line, table cells included."""
    return _md_escape(value if type(value) is str else str(value))


@lru_cache(maxsize=8192)
def _md_escape(s: str) -> str:
    """md_escape on a plain string; cached: every pack of a cohort prints the same rule texts."""
    s = _SPACES.sub(" ", s)  # newlines, tabs and runs of spaces -> one space
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _LEADING_BLOCK.sub(r"\1\\\2", s)
    s = _LEADING_NUMBER.sub(r"\1\\\2", s)
    return s



# --- Jinja2 --------------------------------------------------------------------------


def show(value: Any, lang: str) -> str:
    """A value as `{{ value }}` prints it in `lang`: escaped for Markdown, dates and yes/no in
    the language, None as the blank; `Trusted` strings as they are."""
    if isinstance(value, Trusted):
        return value
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return msg("yes" if value else "no", lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v, lang) for v in value)
    return md_escape(value)


def _finalize_factory():
    from jinja2 import pass_context

    @pass_context
    def finalize(ctx, value: Any) -> str:
        return show(value, ctx.get("lang", "en"))

    return finalize


def words(lang: str) -> dict[str, Any]:
    """The templates' gettext callables in `lang` (template_words: the `documents` catalogues)."""
    from mobility_advisor.pack.template_words import callables

    return callables(lang, Trusted, show)


def _bytecode_cache():
    """Compiled templates kept between runs (a run then loads them in a few ms instead of
    compiling them again); a changed template is compiled again (Jinja checks its source).
    Any error reading or writing the cache is ignored: the template is simply compiled."""
    folder = cache_dir()
    if folder is None:
        return None
    import jinja2

    class _Cache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # truncated or foreign file: compile as if there were none
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except Exception:
                pass

    return _Cache(str(folder), f"jinja-{jinja2.__version__}-%s.cache")


@lru_cache(maxsize=4)
def _environment(folder: str, cached: bool = False):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=_bytecode_cache() if cached else None,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize_factory(),
        # the templates' words: `_()`, `{% trans %}`, `{% pluralize %}`; the callables come in
        # each render's context (words(lang)), so one environment serves every language
        extensions=["jinja2.ext.i18n"],
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]  (values passed by name, always %-formatted)

    @jinja2.pass_context
    def date_filter(ctx, value: Any) -> str:
        return format_date(value, ctx["lang"]) if isinstance(value, date) else value

    env.filters["date"] = date_filter
    env.filters["raw"] = lambda s: Trusted(s)
    env.filters["md"] = md_escape
    # case rules of generated phrases (German nouns keep their capital): localize.py
    @jinja2.pass_context
    def lowerfirst_filter(ctx, value: Any) -> Any:
        return lower_first(value, ctx.get("lang"))

    @jinja2.pass_context
    def lower_filter(ctx, value: Any) -> Any:
        return lower(value, ctx.get("lang"))

    @jinja2.pass_context
    def titles_filter(ctx, value: Any) -> str:
        return join_titles(list(value), ctx["lang"])

    env.filters["lowerfirst"] = lowerfirst_filter
    env.filters["titles"] = titles_filter
    env.filters["lower"] = lower_filter
    if env.bytecode_cache is not None:
        # compiled code depends on how each filter is called (with the context or not): a
        # change of filters must not load code compiled for the old ones
        import hashlib

        shape = repr(sorted((n, str(getattr(f, "jinja_pass_arg", ""))) for n, f in env.filters.items()))
        shape += repr((sorted(env.extensions), env.newstyle_gettext))  # how {% trans %} compiles
        key = hashlib.sha1(shape.encode()).hexdigest()[:10]
        env.bytecode_cache.pattern = f"jinja-{jinja2.__version__}-{key}-%s.cache"
    return env


def environment(templates: Path | None = None):
    """The (cached) Jinja2 environment on the shipped templates, or on `templates`.

    Only the shipped templates use the bytecode cache: folders given by tests or by
    `validate` on other templates are compiled in memory, and leave nothing behind.
    """
    default = shipped("templates")
    if templates is None or Path(templates) == default:
        return _environment(str(default), True)
    return _environment(str(templates))
