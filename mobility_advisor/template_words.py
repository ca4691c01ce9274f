"""The templates' words: the gettext catalogues of the `documents` domain, as the templates call them.

Each document is one template (`templates/<name>.md.j2`) whose words are English msgids,
translated through `mobility_advisor/locale/<lang>/LC_MESSAGES/documents.mo` (its `.po` beside
it is what a translator edits, in Poedit or Weblate). A template says
`{{ _("Host company: %(company)s", company=label("org.host_company")) }}`, or
`{% trans %}…{% endtrans %}` and `{% pluralize %}` (Jinja2's i18n extension, "newstyle": the
translation is always %-formatted, so a literal percent sign is written `%%`).

The callables are given to the templates in the render context, one set per language (see
`render.context`), so one Jinja2 environment and its compiled bytecode serve every language, and
a bilingual document is the same template rendered with the pack's and with the host's words.
What they return is the template's own Markdown (`Trusted`: not escaped), while each value put
into it is printed as `{{ value }}` prints it (escaped for Markdown, dates and yes/no written
in the language).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

DOMAIN = "documents"
LOCALE = Path(__file__).resolve().parent / "locale"


def catalogue_path(lang: str, suffix: str = ".mo") -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def languages() -> list[str]:
    """The languages whose documents catalogue is shipped."""
    return sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


@lru_cache(maxsize=8)
def translations(lang: str):
    """The compiled catalogue of `lang` (read once per process), or NullTranslations (the
    English msgids as they are) when there is none."""
    import gettext

    try:
        with open(catalogue_path(lang), "rb") as f:
            return gettext.GNUTranslations(f)
    except OSError:
        return gettext.NullTranslations()


@lru_cache(maxsize=8)
def callables(lang: str, trusted: type, show: Callable[[Any, str], str]) -> dict[str, Callable[..., str]]:
    """`_`, `gettext`, `ngettext`, `pgettext`, `npgettext` for the templates in `lang`:
    each returns `trusted(translation % values)`, every value shown by `show(value, lang)`."""
    t = translations(lang)

    def fill(text: str, values: dict[str, Any]) -> str:
        return trusted(text % {k: show(v, lang) for k, v in values.items()})

    def gettext(message: str, **values: Any) -> str:
        return fill(t.gettext(message), values)

    def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
        values.setdefault("num", num)
        return fill(t.ngettext(singular, plural, num), values)

    def pgettext(context: str, message: str, **values: Any) -> str:
        return fill(t.pgettext(context, message), values)

    def npgettext(context: str, singular: str, plural: str, num: int, **values: Any) -> str:
        values.setdefault("num", num)
        return fill(t.npgettext(context, singular, plural, num), values)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
            "npgettext": npgettext}
