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

from mobility_advisor.i18n import catalogues
from mobility_advisor.i18n.localize import elide

DOMAIN = "documents"

# the names a template calls its words by (Jinja2's i18n extension and its extractor)
GETTEXT_FUNCTIONS = ("_", "gettext", "ngettext", "pgettext", "npgettext")

# Words two languages really write alike (msgid: the languages that may share a translation),
# which `validate` would otherwise take for a message left untranslated. Only real words of
# each language here, never a message copied from another language.
SAME_IN: dict[str, tuple[str, ...]] = {
    "Date": ("fr", "en"),
    "AA": ("fr", "en", "de", "es", "ca"),  # fr, en, de: AA (acquis, Lernergebnis); es, ca: RA (resultado/resultat)
    "Signature": ("fr", "en"),
    "Signatures": ("fr", "en", "ca"),
    "Document": ("fr", "en", "ca"),
    "Question": ("fr", "en", "es", "ca"),  # Question (fr, en), Pregunta (es, ca)
    "Name": ("fr", "ca", "en", "de"),  # Nom (fr, ca), Name (en, de)
    "Who": ("fr", "ca"),  # Qui
    "Context": ("en", "ca"),
    "Transversal": ("fr", "es"),  # Transversales
    "Acquired": ("es", "ca"),  # Adquirida
    "Not acquired": ("es", "ca"),
    "Holder": ("es", "ca"),  # Titular
    "Last": ("es", "ca"),  # Última
    "Value": ("es", "ca"),  # Valor
    "%(date)s or later": ("es", "ca"),  # o posterior
    "OID": ("fr", "en", "es", "ca", "de"),  # the Erasmus+ organisation ID, written so everywhere
    "Participant": ("fr", "en", "ca"),
    # qBID's own abbreviations (mòdul professional, unitat formativa, activitat d'aprenentatge)
    "MP: %(mp)s; UF: %(uf)s; AA: %(aa)s": ("en", "es", "de"),
    "%(organisation)s – %(item)s": ("fr", "en", "es", "ca", "de"),  # a field's tooltip, the same in every language
    "%(row)s – %(column)s": ("fr", "en", "es", "ca", "de"),  # a table cell's field's tooltip, likewise
}


def catalogue_path(lang: str, suffix: str = ".mo") -> Path:
    return catalogues.LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def languages() -> list[str]:
    """The languages whose documents catalogue is shipped."""
    return sorted(p.parent.parent.name for p in catalogues.LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def translations(lang: str):
    """The compiled documents catalogue of `lang` (read once per process), or the English msgids."""
    return catalogues.translations(lang, DOMAIN)


@lru_cache(maxsize=8)
def callables(lang: str, trusted: type, show: Callable[[Any, str], str]) -> dict[str, Callable[..., str]]:
    """`_`, `gettext`, `ngettext`, `pgettext`, `npgettext` for the templates in `lang`:
    each returns `trusted(translation % values)`, every value shown by `show(value, lang)`."""
    t = translations(lang)

    def fill(text: str, values: dict[str, Any]) -> str:
        shown = {k: show(v, lang) for k, v in values.items()}
        # "la mobilité de %(name)s" -> "la mobilité d'Inès …" (French and Catalan elision)
        return trusted(elide(text % shown, lang, [str(v) for v in shown.values()]))

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


# --- For translators and template authors: the catalogues kept in step with the templates --------

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3)}


def extract(templates: Path):
    """The templates' messages as a Babel catalogue (a .pot): each msgid where it is said, and
    the `{# TRANSLATORS: … #}` comments above it. Babel is imported here only."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract as babel_extract

    from mobility_advisor.pack.environment import environment

    env = environment(templates)  # the render environment's syntax (trim_blocks, i18n)
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true",
               "keep_trailing_newline": "true", "newstyle_gettext": "true"}
    assert env.trim_blocks and env.lstrip_blocks
    pot = Catalog(domain=DOMAIN, project="mobility-advisor", fuzzy=False)
    for path in sorted(templates.glob("*.j2")):
        with open(path, "rb") as f:
            for line, message, comments, context in babel_extract("jinja2", f, KEYWORDS, ["TRANSLATORS:"],
                                                                 options):
                pot.add(message, None, [(path.name, line)], auto_comments=comments, context=context,
                        flags=("python-format",) if "%" in (message if isinstance(message, str) else message[0])
                        else ())
    return pot


def update(templates: Path | None = None) -> list[str]:
    """Every language's documents.po updated from the templates (new messages added
    untranslated, gone ones dropped, translations and comments kept), and compiled to its .mo.
    Returns the messages still to translate, "lang: msgid" each."""
    import copy

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    from mobility_advisor.core.data import shipped

    pot = extract(templates or shipped("templates"))
    todo = []
    for lang in languages():
        po_path = catalogue_path(lang, ".po")
        with open(po_path, "rb") as f:
            po = read_po(f, locale=lang, domain=DOMAIN)
        kept = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.auto_comments for m in po if m.id}
        # a copy: Babel adds the template's own Message objects, which would be shared by every language
        po.update(copy.deepcopy(pot), no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
        po.obsolete.clear()
        for m in po:
            if not m.id:
                continue
            key = (m.context, m.id if isinstance(m.id, str) else m.id[0])
            if not m.auto_comments and kept.get(key):  # the translators' notes written in the .po
                m.auto_comments = kept[key]
            if lang == "en" and not m.string:  # the source language: msgstr = msgid
                m.string = m.id
            if not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy:
                todo.append(f"{lang}: {m.id!r}")
        with open(po_path, "wb") as f:
            write_po(f, po, width=100, sort_output=False, include_previous=False)
        with open(catalogue_path(lang), "wb") as f:
            write_mo(f, po)
    catalogues.forget()
    callables.cache_clear()  # bound to the catalogues just rewritten
    return todo


if __name__ == "__main__":  # python -m mobility_advisor.pack.template_words update
    import sys

    if sys.argv[1:] != ["update"]:
        print("usage: python -m mobility_advisor.pack.template_words update")
        raise SystemExit(2)
    left = update()
    print("\n".join(left) if left else "every documents catalogue is complete")
    raise SystemExit(1 if left else 0)
