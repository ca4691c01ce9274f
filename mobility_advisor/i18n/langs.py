"""The languages the tool speaks: a module of its own so that `--help` and the messages need
not import the rule model (its dataclasses take a while to build)."""

from __future__ import annotations

# Every language a text may carry, French first (the reference). LANGS are the languages
# the tool speaks: each rule text, message and template must exist in all of them
# (`validate` and tests/test_translations.py check it).
ALL_LANGS = ("fr", "en", "es", "ca", "de")
LANGS = ALL_LANGS


def spoken() -> tuple[str, ...]:
    """LANGS, plus a language being translated (MOBILITY_ADVISOR_PREVIEW_LANG=es) to preview it.

    A previewed language is accepted by --lang but not required: its missing texts show in
    English, and `python -m mobility_advisor.cli.translations LANG` lists them.
    """
    import os

    preview = os.environ.get("MOBILITY_ADVISOR_PREVIEW_LANG", "")
    return LANGS + tuple(lang for lang in preview.split(",") if lang in ALL_LANGS and lang not in LANGS)
