"""One template per document, its words in the `documents` gettext catalogues (issue 24, item 2).

The catalogues are what a translator edits (.po) and what the packs read (.mo); `validate`
checks that every template compiles and that each of its messages is translated, in words of
the language, with the template's values.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TODAY, profile
from golden_tool import render_route, route_answers

from mobility_advisor.core import cache
from mobility_advisor.i18n import catalogues
from mobility_advisor.pack import render
from mobility_advisor.rules import template_checks
from mobility_advisor.pack import template_words
from mobility_advisor.rules.model import LANGS

TEMPLATES = ROOT / "templates"


def read_po(lang: str):
    from babel.messages.pofile import read_po as babel_read_po

    with open(template_words.catalogue_path(lang, ".po"), "rb") as f:
        return babel_read_po(f, locale=lang, domain=template_words.DOMAIN)


# --- The catalogues --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_compiled_catalogue_is_its_po_compiled(lang):
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, read_po(lang))
    assert template_words.catalogue_path(lang).read_bytes() == compiled.getvalue(), (
        f"{lang}/LC_MESSAGES/documents.mo is not documents.po compiled: python -m mobility_advisor.pack.template_words update")


@pytest.mark.parametrize("lang", LANGS)
def test_no_fuzzy_or_untranslated_entry_and_cldr_plural_forms(lang):
    from babel import Locale
    from babel.messages.plurals import get_plural

    po = read_po(lang)
    bad = [m.id for m in po if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert not bad, f"{lang}: fuzzy or untranslated: {bad[:5]}"
    assert not po.obsolete
    assert po.plural_forms == get_plural(Locale.parse(lang)).plural_forms
    plurals = [m for m in po if isinstance(m.id, tuple)]
    assert plurals and all(len(m.string) == po.num_plurals for m in plurals)


def test_the_catalogues_hold_exactly_the_templates_messages():
    said, problems = template_checks.template_messages(TEMPLATES)
    assert problems == []
    for lang in LANGS:
        held = {(m.context, m.id if isinstance(m.id, str) else m.id[0],
                 m.id[1] if isinstance(m.id, tuple) else None) for m in read_po(lang) if m.id}
        assert held == set(said), f"{lang}: missing {set(said) - held}, not said {held - set(said)}"


def test_updating_the_catalogues_changes_nothing_when_they_are_in_step(tmp_path, monkeypatch):
    """`python -m mobility_advisor.pack.template_words update` writes what is committed: a translator's
    tool and the repository agree."""
    shutil.copytree(catalogues.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path / "locale")
    before = {p: p.read_bytes() for p in (tmp_path / "locale").rglob("documents.*")}
    try:
        assert template_words.update() == []
    finally:
        catalogues.forget()
    assert {p: p.read_bytes() for p in before} == before


def test_a_new_message_in_a_template_is_added_untranslated_to_every_catalogue(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "attestation_participation.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ _("A new sentence.") }}\n', encoding="utf-8")
    shutil.copytree(catalogues.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path / "locale")
    try:
        left = template_words.update(templates)
    finally:
        catalogues.forget()
    assert sorted(left) == sorted(f"{lang}: 'A new sentence.'" for lang in LANGS if lang != "en")
    text = (tmp_path / "locale" / "de" / "LC_MESSAGES" / "documents.po").read_text(encoding="utf-8")
    assert '#: attestation_participation.md.j2:' in text and 'msgid "A new sentence."\nmsgstr ""' in text


# --- validate on the templates' words ---------------------------------------------------------------


def test_validate_passes_on_the_shipped_templates():
    assert template_checks.template_words(TEMPLATES) == []


def _one_template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(parents=True)
    (folder / "page.md.j2").write_text(body, encoding="utf-8")
    return folder


def test_validate_finds_a_message_no_catalogue_translates(tmp_path):
    folder = _one_template(tmp_path, '# {{ _("Attendance") }}\n\n{{ _("Not in any catalogue") }}\n')
    problems = template_checks.template_words(folder)
    assert sorted(p.message.rsplit(" ", 1)[-1] for p in problems) == sorted(
        f"mobility_advisor/locale/{lang}/LC_MESSAGES/documents.po" for lang in LANGS)
    assert all(p.at.line == 3 and p.at.file.endswith("page.md.j2") for p in problems)
    assert "'Not in any catalogue' is not translated" in problems[0].message


def test_validate_finds_a_syntax_error_and_words_that_are_no_literal(tmp_path):
    folder = _one_template(tmp_path, '# {{ _("Attendance") }}\n{% if %}\n')
    [problem] = template_checks.template_words(folder)
    assert "syntax error" in problem.message and problem.at.line == 2
    folder = _one_template(tmp_path / "b", '# {{ _(title) }}\n')
    [problem] = template_checks.template_words(folder)
    assert "literal string" in problem.message


class _Catalogue:
    def __init__(self, lang: str, **changed: str):
        self._catalog = {**template_words.translations(lang)._catalog, **changed}


def test_validate_finds_a_translation_left_in_another_language_and_a_lost_value(tmp_path, monkeypatch):
    folder = _one_template(tmp_path, '# {{ _("Attendance") }}\n\n{{ _("Documents issued on return: %(blank)s.", blank=blank) }}\n')
    assert template_checks.template_words(folder) == []
    fake = {"de": _Catalogue("de", Attendance="Attendance"),
            "es": _Catalogue("es", **{"Documents issued on return: %(blank)s.": "Documentos expedidos al regreso."}),
            "ca": _Catalogue("ca", Attendance="Assistència\n\nAltres")}
    monkeypatch.setattr(template_checks, "translations", lambda lang: fake.get(lang) or template_words.translations(lang))
    messages = [p.message for p in template_checks.template_words(folder)]
    assert len(messages) == 3
    assert "'Attendance' in ca ('Assistència\\n\\nAltres') has 3 lines, the template's words 1" in messages[0]
    assert "'Attendance' reads the same in en and de" in messages[1]
    assert "in es ('Documentos expedidos al regreso.') does not use the values blank" in messages[2]


def test_words_two_languages_share_are_allowed_only_for_those_languages(tmp_path, monkeypatch):
    folder = _one_template(tmp_path, '| {{ _("Date") }} |\n')
    assert template_checks.template_words(folder) == []  # "Date" in French and English
    fake = _Catalogue("de", Date="Date")
    monkeypatch.setattr(template_checks, "translations", lambda lang: fake if lang == "de" else template_words.translations(lang))
    assert ["reads the same in fr and de" in p.message or "reads the same in en and de" in p.message
            for p in template_checks.template_words(folder)] == [True, True]


def test_the_validate_command_checks_the_single_templates(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate"], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "MOBILITY_ADVISOR_NO_CACHE": "1"}, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


# --- One template, every language --------------------------------------------------------------------


@pytest.mark.parametrize("lang, one, many", [
    ("fr", "(1 jour calendaire)", "(26 jours calendaires)"),
    ("en", "(1 calendar day)", "(26 calendar days)"),
    ("es", "(1 día natural)", "(26 días naturales)"),
    ("ca", "(1 dia natural)", "(26 dies naturals)"),
    ("de", "(1 Kalendertag)", "(26 Kalendertage)"),
])
def test_the_days_of_the_mobility_are_counted_in_each_language(tree, lang, one, many):
    """`{% pluralize %}` with each language's CLDR plural rule: 1 day, 26 days."""
    start = profile()["mobility.start"]
    long = render_route(tree, "participation", lang)["attestation_participation.md"]
    short = render_route(tree, "participation", lang, **{"mobility.end": start})["attestation_participation.md"]
    assert many in long and one not in long
    assert one in short and many not in short


def test_a_pack_is_written_in_each_language_from_the_same_template(tree, tmp_path):
    """As a user runs it: `render --answers` in German, then French with a German host; the
    headings come from the one template through each language's catalogue."""
    plain = {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, (list, tuple)) else v)
             for k, v in route_answers(tree, "participation", **{"participation.attestation": True}).items()}
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"version": 1, "answers": plain}, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": TODAY.isoformat(), "MOBILITY_ADVISOR_NO_CACHE": "1"}
    for lang, host, heading in (("de", "none", "## Anwesenheit\n"), ("fr", "de", "## Présence / Anwesenheit\n")):
        out = tmp_path / f"pack-{lang}"
        run = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers),
                              "--lang", lang, "--host-lang", host, "-o", str(out)],
                             capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
        assert heading in (out / "attestation_participation.md").read_text(encoding="utf-8")


def test_what_a_parse_found_is_kept_until_a_template_changes(tmp_path, monkeypatch):
    """validate parses the templates once, not on every run (its time budget), and again as soon
    as one of them changes."""
    from mobility_advisor.core import data

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    shipped = data.shipped
    monkeypatch.setattr(data, "shipped", lambda what: templates if what == "templates" else shipped(what))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    first, problems = template_checks.template_messages(templates)
    assert problems == [] and len(list((tmp_path / "cache").rglob("template-words-*.json"))) == 1
    parse = template_checks._parse
    monkeypatch.setattr(template_checks, "_parse", lambda sources: pytest.fail("parsed again"))
    assert template_checks.template_messages(templates) == (first, [])
    page = templates / "index.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + '{{ _("One more") }}\n', encoding="utf-8")
    monkeypatch.setattr(template_checks, "_parse", parse)
    again, _ = template_checks.template_messages(templates)
    assert set(again) - set(first) == {(None, "One more", None)}
    assert len(list((tmp_path / "cache").rglob("template-words-*.json"))) == 1  # the old one removed


def test_a_changed_translation_changes_the_packs_fingerprint(tmp_path, monkeypatch):
    """The manifest's `rules` fingerprint says which advice made a pack: the templates' words
    are part of it now that they live in the catalogues."""
    from mobility_advisor.pack import manifest

    shutil.copytree(catalogues.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path / "locale")
    manifest.rules_fingerprint.cache_clear()
    try:
        before = manifest.rules_fingerprint()
        mo = tmp_path / "locale" / "de" / "LC_MESSAGES" / "documents.mo"
        mo.write_bytes(mo.read_bytes() + b"\0")
        manifest.rules_fingerprint.cache_clear()
        assert manifest.rules_fingerprint() != before
    finally:
        manifest.rules_fingerprint.cache_clear()
