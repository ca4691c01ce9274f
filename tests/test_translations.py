"""Every language the tool speaks is complete: rule texts, messages, templates, glossary terms.

French is the reference; a translation keeps its placeholders and is not left as another
language's text (proper names excepted).
"""

from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from mobility_advisor import translations
from mobility_advisor.data import shipped
from mobility_advisor.i18n import locale_table, text_of
from mobility_advisor.model import ALL_LANGS, LANGS

ROOT = Path(__file__).resolve().parent.parent
OTHER = [lang for lang in LANGS if lang != "fr"]
PAIRS = [(a, b) for i, a in enumerate(LANGS) for b in LANGS[i + 1:]]

# Texts that are the same in two languages because they are names, codes or figures.
PROPER = {
    "qbid", "btm", "europass", "erasmus+", "oid", "tac", "ecvet", "sepie", "ifapme", "mobilité pro",
    "open badges", "cma france", "légifrance", "cfa", "men", "eqf", "kaxxx", "ok",
}
# French diplomas keep their French names in every language (they are titles)
FRENCH_DIPLOMAS = re.compile(r"^[^()]+ \((CAP|BP|BMA|MC|Bac pro|BTS|BTM|BM)\)$")
_NAMEISH = re.compile(r"^[\W\d_]*$")


def _country_names() -> set[str]:
    """Every CLDR country name in the five languages: 'Malta' is Malta in English and German."""
    from babel import Locale

    return {name.casefold() for lang in ALL_LANGS for name in Locale.parse(lang).territories.values()}


COUNTRIES = _country_names()


# Spanish and Catalan share many short phrases ("sí o no", "a partir del {d}"): between them a
# text of three words or fewer may coincide; a sentence left untranslated is still caught.
SIBLINGS = {("es", "ca"), ("ca", "es")}


def _same_ok(text: str, pair: tuple[str, str] = ("", "")) -> bool:
    """True when a text may read the same in two languages: a name, a code, a figure, a URL."""
    if pair in SIBLINGS and len(re.findall(r"\w+", re.sub(r"\{[a-z_.]+\}", " ", text))) <= 3:
        return True
    t = text.strip().casefold()
    if not t or _NAMEISH.match(t) or t in PROPER or t in COUNTRIES or FRENCH_DIPLOMAS.match(text.strip()):
        return True
    # only proper names, placeholders, codes and URLs
    rest = re.sub(r"\{[a-z_.]+\}|https?://\S+|<[^>]+>|`[^`]*`", " ", t)
    words = re.findall(r"[^\W\d_][\w+'’-]*", rest)
    return all(w in PROPER or w.upper() == w for w in words) or len(rest.split()) <= 1 and len(rest) <= 12


def _fields(text: str) -> set[str]:
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}
    except ValueError:  # a literal brace in a rule text: compare the braces themselves
        return set(re.findall(r"\{[a-z_.]+\}", text))


RULE_TEXTS = list(translations.rule_texts())
CATALOGUES = translations.catalogues()
MESSAGES = [(name, key) for name, table in CATALOGUES.items() for key in table]


def _where(path: Path, line: int) -> str:
    return f"{path.parent.name}/{path.name}:{line}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_text_exists_in_every_language(lang):
    missing = [_where(p, n) for p, n, texts in RULE_TEXTS if not texts.get(lang, "").strip()]
    assert not missing, f"{len(missing)} rule texts lack {lang}: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_exists_in_every_language(lang):
    missing = [f"{name}.{key}" for name, key in MESSAGES if not text_of(name, key, lang)]
    assert not missing, f"{len(missing)} messages lack {lang}: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_message_is_translated_in_every_language(lang):
    """One template per document; its words in each language's documents catalogue (validate's
    check, tests/test_template_words.py for the catalogues themselves)."""
    from mobility_advisor.template_checks import template_words

    assert not [p for p in shipped("templates").iterdir() if p.is_dir()]
    assert [p.message for p in template_words(shipped("templates")) if f" {lang}" in p.message] == []


@pytest.mark.parametrize("lang", [lang for lang in ALL_LANGS if lang not in ("fr", "en")])
def test_locale_files_hold_only_known_messages(lang):
    """A translation of a message that no longer exists is stale: it would never be shown."""
    table = locale_table(lang)
    stale = [f"{name}.{key}" for name, keys in table.items() for key in (keys or {})
             if name not in CATALOGUES or key not in CATALOGUES[name]]
    assert not stale


@pytest.mark.parametrize("lang", OTHER)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for name, key in MESSAGES:
        fr, text = CATALOGUES[name][key]["fr"], text_of(name, key, lang)
        if text and _fields(text) != _fields(fr):
            wrong.append(f"{name}.{key}: {sorted(_fields(fr))} vs {sorted(_fields(text))}")
    for path, line, texts in RULE_TEXTS:
        text = texts.get(lang, "")
        if text and set(re.findall(r"\{[a-z_.]+\}", text)) != set(re.findall(r"\{[a-z_.]+\}", texts["fr"])):
            wrong.append(f"{_where(path, line)}: placeholders differ from the French")
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("a,b", PAIRS)
def test_no_text_is_left_in_another_language(a, b):
    same = [f"{name}.{key}: {text_of(name, key, a)!r}" for name, key in MESSAGES
            if text_of(name, key, a) and text_of(name, key, a) == text_of(name, key, b)
            and not _same_ok(text_of(name, key, a), (a, b))]
    same += [f"{_where(p, n)}: {t[a]!r}" for p, n, t in RULE_TEXTS
             if t.get(a) and t.get(a) == t.get(b) and not _same_ok(t[a], (a, b))]
    assert not same, f"{len(same)} texts read the same in {a} and {b}: {same[:12]}"


def test_the_identical_text_check_can_fail():
    assert not _same_ok("Learning agreement")
    assert not _same_ok("{n} files, including the checklist")
    assert not _same_ok("Escriba el dossier y envíelo al tutor", ("es", "ca"))
    assert _same_ok("sí o no", ("es", "ca")) and not _same_ok("sí o no", ("es", "de"))
    assert _same_ok("qBID") and _same_ok("BTM") and _same_ok("2027-03-01") and _same_ok("Europass")


# --- the glossary --------------------------------------------------------------------------

GLOSSARY = ROOT / "docs" / "glossary.md"
# rows of the glossary marked "(title)" and the document whose title must use the term
TITLED = {
    "learning agreement": "participation.learning_agreement",
    "learning agreement complement": "participation.complement_doc",
    "certificate of participation": "participation.attestation_doc",
    "assessment grid": "integration.evaluation_grid",
}
COLUMNS = ("en", "fr", "es", "ca", "de")


def _glossary() -> dict[str, dict[str, str]]:
    rows = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 5 and not set(cells[0]) <= {"-"} and cells[0] != "Term (English)":
            cells[0] = re.sub(r"\s*\*\(title\)\*", "", cells[0])
            rows[cells[0]] = dict(zip(COLUMNS, cells))
    return rows


def test_the_glossary_gives_every_term_in_five_languages():
    rows = _glossary()
    assert len(rows) >= 25
    for term, cells in rows.items():
        assert all(cells[lang] for lang in COLUMNS), term
    for needed in ("learning agreement", "learning agreement complement", "Europass Mobility", "sending organisation",
                   "hosting organisation, host partner", "host tutor", "learning outcomes",
                   "unit of learning outcomes", "qualification standard", "national agency", "certifier, awarding body",
                   "certificate of participation"):
        assert needed in rows, needed


@pytest.mark.parametrize("lang", LANGS)
def test_document_titles_use_the_glossary_terms(lang, tree):
    rows = _glossary()
    for term, outcome in TITLED.items():
        title = tree.outcome(outcome).title(lang).casefold()
        expected = rows[term][lang].split("(")[0].strip().casefold()
        assert expected in title, (lang, outcome, title, expected)


def _env(locale: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return {**env, "LANG": locale, **extra}


# --- validate refuses a rule text lacking a language ----------------------------------------

def test_validate_refuses_a_rule_text_lacking_a_supported_language(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    target = rules / "participation.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    last = LANGS[-1]
    # drop the first text line of the tool's last language
    i = next(i for i, line in enumerate(lines) if re.match(rf"\s+{last}: ", line))
    del lines[i]
    target.write_text("".join(lines), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate", str(rules)],
                         capture_output=True, text=True, env=_env("C.UTF-8", MOBILITY_ADVISOR_NO_CACHE="1"))
    assert run.returncode == 1, run.stdout + run.stderr
    report = run.stdout + run.stderr
    assert "participation.yaml:" in report and f"'{last}'" in report, report


@pytest.mark.parametrize("lang", LANGS)
def test_the_locale_chooses_the_language(lang):
    locale = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ca": "ca_ES", "de": "de_DE"}[lang] + ".UTF-8"
    run = subprocess.run([sys.executable, "-c", "from mobility_advisor.i18n import default_lang; print(default_lang())"],
                         capture_output=True, text=True, env=_env(locale))
    assert run.stdout.strip() == lang


# --- --help in the user's language -------------------------------------------------------------

def _help(locale: str, *args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", *args, "--help"], capture_output=True, text=True,
                         env=_env(locale, COLUMNS="200"))
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_help_follows_the_locale(lang):
    from mobility_advisor.cli_help import _msg

    locale = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ca": "ca_ES", "de": "de_DE"}[lang] + ".UTF-8"
    assert " ".join(_msg("app", lang).split()) in " ".join(_help(locale).split())
    ask = " ".join(_help(locale, "ask").split())
    for key in ("opt_resume", "opt_save_answers", "opt_lang"):
        assert " ".join(_msg(key, lang).split()) in ask, key


def test_every_command_and_option_has_its_help_translated():
    """localise() leaves no English help behind: every help text of cli.py is in the catalogue."""
    import inspect

    from mobility_advisor import cli
    from mobility_advisor.cli_help import HELP

    known = {entry["en"] for entry in HELP.values()}
    texts = [cli.app.info.help] + [inspect.getdoc(c.callback) for c in cli.app.registered_commands]
    for callback in [cli.app.registered_callback.callback] + [c.callback for c in cli.app.registered_commands]:
        texts += [p.default.help for p in inspect.signature(callback).parameters.values()
                  if getattr(p.default, "help", None)]
    missing = [t for t in texts if inspect.cleandoc(t) not in known]
    assert not missing, missing


def test_the_skeleton_is_yaml_a_translator_can_fill(monkeypatch):
    """The skeleton of a language with nothing translated reads back as YAML with every message key:
    multi-line texts stay comments, and yes / no / on stay keys (not YAML booleans)."""
    import yaml

    from mobility_advisor import i18n

    monkeypatch.setitem(i18n._locales, "de", {})  # as if no locales/de.yaml were written yet
    data = yaml.safe_load(translations.skeleton("de"))
    expected = {(name, key) for name, key in MESSAGES if not CATALOGUES[name][key].get("de")}
    assert {(name, key) for name, table in data.items() for key in table} == expected
