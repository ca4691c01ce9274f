"""The command line framework's own words in the user's language: "Usage:", "Options",
"[default: …]", "Show this message and exit.", "Error: No such option…", and the placeholders of
the usage line ("[OPTIONS]", "{PACK}", "<path>").

They come from the `click` catalogue (locale/<lang>/LC_MESSAGES/click.po), msgids as Click
and Typer write them. Two ways in, because Typer changed how it carries Click:
- Click itself and Typer's core call the stdlib `gettext` (`from gettext import gettext as _`):
  their module-level `_` and `ngettext` are pointed at our catalogue;
- Typer >= 0.28 carries its own copy of Click with the English written in the code: its help
  formatter (the usage prefix, each option's help) and its error display (`show`) are given
  the translated words, and an error's message is translated by matching it against the
  catalogue's msgids, placeholders and all.
Nothing is done in English, and nothing is imported that the command line did not import.
"""

from __future__ import annotations

import gettext as _stdlib
import re
import sys
from functools import lru_cache
from typing import Sequence

from mobility_advisor.i18n.catalogues import translations

DOMAIN = "click"
_PLACEHOLDER = re.compile(r"\\\{(\w+)(?:!r)?\\\}")


def language_in(argv: Sequence[str]) -> str | None:
    """The value of --lang given before --help (or anywhere when there is no --help)."""
    for i, arg in enumerate(argv):
        if arg in ("--help", "-h"):
            return None
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str, bool]]:
    """(regular expression of an English message, its msgid, plural?) for each catalogue entry."""
    catalog = translations(lang, DOMAIN)._catalog  # type: ignore[attr-defined]
    out = []
    for key in catalog:
        msgid, plural = (key, False) if isinstance(key, str) else (key[0], True)
        if "{" not in msgid or plural and key[1] != 0:
            continue
        regex = _PLACEHOLDER.sub(lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(msgid))
        out.append((re.compile(f"^{regex}$", re.S), msgid, plural))
    # the longest English first: "{message} (Possible options: …)" before "{message}"
    return sorted(out, key=lambda p: -len(p[1]))


def _count(values: dict[str, str]) -> int:
    """The number a plural message speaks of: its first figure, else how many items it lists."""
    for value in values.values():
        if value.strip().isdigit():
            return int(value)
    first = next(iter(values.values()), "")
    return len(first.split())


# The names Click writes for a value in the usage line and the options' list: "[OPTIONS]",
# "COMMAND [ARGS]...", a type ("<path>") or an argument ("{PACK}", "[paths]..."). Each is a msgid
# of the click catalogue; the brackets stay (they say optional, required, repeated). Choices
# ("[text|json|csv]") are what the user types: never translated.
METAVARS = frozenset({"OPTIONS", "COMMAND", "ARGS", "str", "path", "file", "integer", "PACK", "DOCUMENT", "ID",
                      "paths", "pack", "packs", "answers"})
_METAVAR = re.compile(r"(?<![\w-])([\[{<]?)([A-Za-z_]+)([\]}>]?)(?![\w-])")


def metavars(text: str, lang: str) -> str:
    """The placeholders of a usage line or an option's name in `lang` ("<path>" -> "<Pfad>")."""
    if lang == "en":
        return text
    words = translations(lang, DOMAIN)

    def one(m: re.Match[str]) -> str:
        opening, name, closing = m.groups()
        if name not in METAVARS or (opening + closing not in ("", "[]", "{}", "<>")):
            return m.group(0)
        return f"{opening}{words.gettext(name)}{closing}"

    return _METAVAR.sub(one, text)


def translate(text: str, lang: str) -> str:
    """A framework message in `lang`: as written when the catalogue has no such message."""
    words = translations(lang, DOMAIN)
    exact = words.gettext(text)
    if exact != text or lang == "en":
        return exact
    for regex, msgid, plural in _patterns(lang):
        m = regex.match(text)
        if m:
            out = words.ngettext(msgid, msgid, _count(m.groupdict())) if plural else words.gettext(msgid)
            for name, value in m.groupdict().items():
                if name == "message":
                    value = translate(value, lang)
                elif name == "param_hint":  # "Missing argument 'PACK'": the name the usage line shows
                    value = metavars(value, lang)
                out = re.sub(r"\{" + name + r"(?:!r)?\}", lambda _m, v=value: v, out)
            return out
    return text


_current = {"lang": "en"}


def _gettext(message: str) -> str:
    return translations(_current["lang"], DOMAIN).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current["lang"], DOMAIN).ngettext(singular, plural, n)


def use(lang: str) -> None:
    """Show the framework's words in `lang` from now on (help, usage errors); again to change it."""
    _current["lang"] = lang
    if lang == "en" and not _patched:
        return  # English is what the framework writes: nothing to do
    _patched.append(lang)
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in ("click", "typer"):
            continue
        if getattr(module, "_", None) is _stdlib.gettext:
            module._ = _gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is _stdlib.ngettext:
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    _display_time(_click_in_use())


_patched: list[str] = []


def _click_in_use():
    """The Click that Typer runs on: its own copy (typer >= 0.28) or Click itself."""
    import typer.core

    return getattr(typer.core, "_click", None) or sys.modules["click"]


def _say(text: str) -> str:
    return translate(text, _current["lang"])


def _display_time(click) -> None:
    if getattr(click, "_mobility_advisor_words", False):
        return
    click._mobility_advisor_words = True
    base = click.core.Context.formatter_class

    class Formatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, metavars(args, _current["lang"]), _say("Usage:") + " " if prefix is None
                                else prefix)

        def write_heading(self, heading: str) -> None:
            super().write_heading(_say(heading))

        def write_dl(self, rows, *args, **kwargs) -> None:
            super().write_dl([(metavars(term, _current["lang"]), _help(text)) for term, text in rows], *args,
                             **kwargs)

    click.core.Context.formatter_class = Formatter
    exceptions = click.exceptions

    def show_error(self, file=None) -> None:
        file = file or click.utils._default_text_stderr()
        color = getattr(self, "show_color", None)
        ctx = getattr(self, "ctx", None)
        if isinstance(self, exceptions.UsageError) and ctx is not None:
            color = ctx.color
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = _say("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
            click.utils.echo(f"{ctx.get_usage()}\n{hint}", file=file, color=color)
        message = _say("Error: {message}").replace("{message}", _say(self.format_message()))
        click.utils.echo(message, file=file, color=color)

    exceptions.ClickException.show = show_error
    exceptions.UsageError.show = show_error


def _help(text: str) -> str:
    """An option's help, its framework part ("[default: md]", "Show this message…") translated."""
    m = re.match(r"^(.*?)(\s*)\[(default|required|env var)(.*)\]$", text, re.S)
    if m:
        head, space, kind, rest = m.groups()
        if kind == "default":
            tail = _say("[default: {}]").replace("{}", rest.lstrip(": ").strip())
        elif kind == "required":
            tail = _say("[required]")
        else:
            tail = _say("[env var: {}]").replace("{}", rest.lstrip(": ").strip())
        return f"{_say(head) if head else head}{space}{tail}"
    return _say(text)
