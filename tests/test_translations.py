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

from mobility_advisor.cli import translations
from mobility_advisor.i18n.catalogues import DOMAINS, LOCALE_DIR
from mobility_advisor.core.data import shipped
from mobility_advisor.rules.model import ALL_LANGS, LANGS

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
FRAMEWORK_LANGS = [lang for lang in LANGS if lang != "en"]  # Click and Typer speak English already


def _catalogue(lang: str, domain: str = "messages") -> dict:
    """{(context, msgid): (form, …)} of a language's .po, read by Babel."""
    catalog = translations.read_catalogue(lang, domain)
    assert catalog is not None, f"no {domain}.po for {lang}"
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]):
            m.string if isinstance(m.string, tuple) else (m.string,) for m in catalog if m.id}


CATALOGUES = {lang: _catalogue(lang) for lang in LANGS}
MESSAGES = sorted(set().union(*CATALOGUES.values()), key=str)


def _text(lang: str, key) -> str:
    """The message's last (most general) plural form, or its only form."""
    return CATALOGUES[lang].get(key, ("",))[-1]


def _where(path: Path, line: int) -> str:
    return f"{path.parent.name}/{path.name}:{line}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_text_exists_in_every_language(lang):
    missing = [_where(p, n) for p, n, texts in RULE_TEXTS if not texts.get(lang, "").strip()]
    assert not missing, f"{len(missing)} rule texts lack {lang}: {missing[:10]}"


def test_every_marked_message_is_in_the_template():
    """What the code marks (N_, NP_…) is what messages.pot holds: nobody forgot `extract`."""
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / "messages.pot", "rb") as f:
        pot = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(f) if m.id}
    marked = {(e.context, e.msgid) for table in translations.tables() for e in table.values()}
    assert marked == pot, (sorted(marked - pot, key=str)[:5], sorted(pot - marked, key=str)[:5])


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_message_is_translated_in_every_language(lang):
    """One template per document; its words in each language's documents catalogue (validate's
    check, tests/test_template_words.py for the catalogues themselves)."""
    from mobility_advisor.rules.template_checks import template_words

    assert not [p for p in shipped("templates").iterdir() if p.is_dir()]
    assert [p.message for p in template_words(shipped("templates")) if f" {lang}" in p.message] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_exists_in_every_language(lang):
    """Every entry of messages.pot is in the language's catalogue, every plural form written."""
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / "messages.pot", "rb") as f:
        pot = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(f) if m.id}
    have = CATALOGUES[lang]
    missing = [key for key in pot if not all(have.get(key, ("",)))]
    assert not missing, f"{len(missing)} messages lack {lang}: {missing[:10]}"
    assert set(have) == pot, f"stale entries in {lang}: {sorted(set(have) - pot, key=str)[:5]}"


@pytest.mark.parametrize("lang,domain", [(lang, d) for lang in LANGS for d in DOMAINS
                                         if not (d == "click" and lang == "en")])
def test_every_catalogue_compiles_to_its_mo_with_nothing_fuzzy_or_empty(lang, domain):
    """The .mo the tool reads is the .po compiled by Babel, entry for entry, and nothing is left to do."""
    import gettext
    import io

    from babel.messages.mofile import write_mo

    catalog = translations.read_catalogue(lang, domain)
    assert not catalog.fuzzy, "the header is marked fuzzy"
    assert translations.untranslated(catalog) == []
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    with open(mo, "rb") as f:
        shipped_mo = gettext.GNUTranslations(f)
    fresh = gettext.GNUTranslations(compiled)
    assert shipped_mo._catalog == fresh._catalog, f"{mo} is not {domain}.po compiled: run translations compile"
    assert shipped_mo.plural(2) == fresh.plural(2) and shipped_mo.plural(0) == fresh.plural(0)


@pytest.mark.parametrize("lang", FRAMEWORK_LANGS)
def test_the_framework_words_are_translated(lang):
    words = _catalogue(lang, "click")
    for needed in ("Usage:", "Options", "Commands", "[required]", "[default: {}]", "Show this message and exit.",
                   "No such option: {name}", "Missing argument {param_hint}.", "Error: {message}"):
        assert words.get((None, needed), ("",))[0], needed


@pytest.mark.parametrize("lang", OTHER)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for key in MESSAGES:
        fr, text = _text("fr", key), _text(lang, key)
        if text and _fields(text) != _fields(fr):
            wrong.append(f"{key}: {sorted(_fields(fr))} vs {sorted(_fields(text))}")
    for path, line, texts in RULE_TEXTS:
        text = texts.get(lang, "")
        if text and set(re.findall(r"\{[a-z_.]+\}", text)) != set(re.findall(r"\{[a-z_.]+\}", texts["fr"])):
            wrong.append(f"{_where(path, line)}: placeholders differ from the French")
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("a,b", PAIRS)
def test_no_text_is_left_in_another_language(a, b):
    same = [f"{key}: {_text(a, key)!r}" for key in MESSAGES
            if _text(a, key) and _text(a, key) == _text(b, key) and not _same_ok(_text(a, key), (a, b))]
    same += [f"{_where(p, n)}: {t[a]!r}" for p, n, t in RULE_TEXTS
             if t.get(a) and t.get(a) == t.get(b) and not _same_ok(t[a], (a, b))]
    assert not same, f"{len(same)} texts read the same in {a} and {b}: {same[:12]}"


# --- plurals: each language's CLDR rule ----------------------------------------------------------

# (n, expected) per language: French puts 0 in the singular, the others in the plural
PLURALS = {
    "fr": [(0, "0 ligne refusée dans l.csv :"), (1, "1 ligne refusée dans l.csv :"),
           (2, "2 lignes refusées dans l.csv :"), (12, "12 lignes refusées dans l.csv :")],
    "en": [(0, "0 bad rows in l.csv:"), (1, "1 bad row in l.csv:"), (2, "2 bad rows in l.csv:"),
           (12, "12 bad rows in l.csv:")],
    "es": [(0, "0 líneas rechazadas en l.csv:"), (1, "1 línea rechazada en l.csv:"),
           (2, "2 líneas rechazadas en l.csv:"), (12, "12 líneas rechazadas en l.csv:")],
    "ca": [(0, "0 línies rebutjades a l.csv:"), (1, "1 línia rebutjada a l.csv:"),
           (2, "2 línies rebutjades a l.csv:"), (12, "12 línies rebutjades a l.csv:")],
    "de": [(0, "0 abgelehnte Zeilen in l.csv:"), (1, "1 abgelehnte Zeile in l.csv:"),
           (2, "2 abgelehnte Zeilen in l.csv:"), (12, "12 abgelehnte Zeilen in l.csv:")],
}


@pytest.mark.parametrize("lang", LANGS)
def test_plurals_read_right_in_every_language(lang):
    from mobility_advisor.season import cohort_words

    for n, expected in PLURALS[lang]:
        assert cohort_words.msg("bad_rows", lang, n=n, file="l.csv") == expected


def test_the_helpers_are_bound_to_a_language_and_fall_back_to_english():
    from mobility_advisor.i18n.catalogues import bound, ngettext, pgettext, translations

    de = bound("de")
    assert de._("Pack updated: {path}") == "Mappe aktualisiert: {path}"
    assert de.ngettext("{n} bad row in {file}:", "{n} bad rows in {file}:", 1) == "{n} abgelehnte Zeile in {file}:"
    assert pgettext("fr", "status.phase_before", "before") == "avant"
    assert ngettext("fr", "{n} bad row in {file}:", "{n} bad rows in {file}:", 0) == "{n} ligne refusée dans {file} :"
    assert translations("de") is translations("de")  # read once
    # a language without a catalogue speaks the msgid (English)
    assert bound("it").ngettext("{n} file", "{n} files", 2) == "{n} files"


def test_plurals_in_sentences_with_two_numbers_and_in_decimals():
    from mobility_advisor.season import cohort_words
    from mobility_advisor.i18n import messages as i18n
    from mobility_advisor.engine import learning

    assert cohort_words.msg("counts", "fr", n=1, bad=0) == "1 dossier écrit, 0 ligne refusée."
    assert cohort_words.msg("counts", "fr", n=12, bad=2) == "12 dossiers écrits, 2 lignes refusées."
    assert cohort_words.msg("counts", "de", n=1, bad=2) == "1 Mappe angelegt, 2 Zeilen abgelehnt."
    assert i18n.msg("files", "fr", n=3, docs=1) == "3 fichiers, dont la liste de contrôle et 1 document."
    assert i18n.msg("files", "es", n=14, docs=12) == "14 archivos, entre ellos la lista de comprobación y 12 documentos."
    # a mark of 1.5: French reads the whole part (un point et demi → singular), English the plural
    assert learning.msg("c_btm_passed", "fr", points="1,5").startswith("1,5 point supplémentaire sur 3")
    assert learning.msg("c_btm_passed", "en", points="1.5").startswith("1.5 extra points out of")
    tally = learning.msg("c_tally", "ca", achieved=1, partial=0, not_achieved=2, total=3)
    assert tally == "Resultats d'aprenentatge: 1 assolit, 0 assolits parcialment, 2 no assolits, d'un total de 3."
    assert not any("(s)" in t or "(es)" in t or "(e)" in t or "(en)" in t
                   for lang in LANGS for key in MESSAGES for t in CATALOGUES[lang][key])


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
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate", "--lang", "en", str(rules)],
                         capture_output=True, text=True, env=_env("C.UTF-8", MOBILITY_ADVISOR_NO_CACHE="1"))
    assert run.returncode == 1, run.stdout + run.stderr
    report = run.stdout + run.stderr
    assert "participation.yaml:" in report and f"'{last}'" in report, report


@pytest.mark.parametrize("lang", LANGS)
def test_the_locale_chooses_the_language(lang):
    locale = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ca": "ca_ES", "de": "de_DE"}[lang] + ".UTF-8"
    run = subprocess.run([sys.executable, "-c", "from mobility_advisor.i18n.messages import default_lang; print(default_lang())"],
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
    from mobility_advisor.i18n.catalogues import gettext
    from mobility_advisor.cli.help import HELP

    locale = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ca": "ca_ES", "de": "de_DE"}[lang] + ".UTF-8"
    say = {key: " ".join(gettext(lang, HELP[key].msgid).split()) for key in HELP}
    assert say["app"] in " ".join(_help(locale).split())
    ask = " ".join(_help(locale, "ask").split())
    for key in ("opt_resume", "opt_save_answers", "opt_lang"):
        assert say[key] in ask, key


def test_german_help_speaks_german_framework_words_too():
    """LANG=de_DE.UTF-8 mobility-advisor --help: Typer's and Click's own words are German."""
    top = _help("de_DE.UTF-8")
    assert top.startswith("Aufruf: ") and "\nOptionen:\n" in top and "\nBefehle:\n" in top
    assert "Diese Hilfe anzeigen und beenden." in top and "Usage:" not in top and "Options:" not in top
    ask = _help("de_DE.UTF-8", "ask")
    assert "[Standard: md]" in ask and "[default:" not in ask


def test_help_reads_the_compiled_catalogues_without_babel_or_yaml():
    """Start-up: --help in German reads two .mo files with the stdlib, nothing heavier."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "mobility_advisor", "--help"], capture_output=True,
                         text=True, env=_env("de_DE.UTF-8"))
    assert run.returncode == 0 and "Aufruf:" in run.stdout
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert "mobility_advisor.i18n.catalogues" in imported
    assert not {m for m in imported if m.split(".")[0] in ("babel", "yaml")}, "Babel or PyYAML imported by --help"


def test_lang_before_help_wins_over_the_locale():
    ask = _help("de_DE.UTF-8", "ask", "--lang", "es")
    assert ask.startswith("Uso: ") and "Opciones:" in ask and "Mostrar este mensaje y salir." in ask
    assert "Idioma: fr, en, es, ca o de" in " ".join(ask.split())


@pytest.mark.parametrize("lang,words", [("fr", ("Utilisation :", "Erreur : Option inconnue : --bogus")),
                                        ("de", ("Aufruf:", "Fehler: Unbekannte Option: --bogus")),
                                        ("en", ("Usage:", "Error: No such option: --bogus"))])
def test_usage_errors_are_in_the_user_language(lang, words):
    locale = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE"}[lang] + ".UTF-8"
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "ask", "--bogus"], capture_output=True, text=True,
                         env=_env(locale, COLUMNS="200"))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    for w in words:
        assert w in run.stderr, run.stderr


def test_the_framework_language_can_change_in_one_process():
    from mobility_advisor.cli import words as cli_words

    try:
        cli_words.use("de")
        assert cli_words.translate("No such option: --x", "de") == "Unbekannte Option: --x"
        assert cli_words.translate("Got unexpected extra argument(s) (a b)", "fr") == \
            "Arguments supplémentaires inattendus (a b)"
        assert cli_words.translate("Got unexpected extra argument(s) (a)", "fr") == "Argument supplémentaire inattendu (a)"
        cli_words.use("fr")
        assert cli_words._gettext("Usage:") == "Utilisation :"
    finally:
        cli_words.use("en")
    assert cli_words._gettext("Usage:") == "Usage:"
    assert cli_words.language_in(["ask", "--lang", "es", "--help"]) == "es"
    assert cli_words.language_in(["ask", "--lang=ca"]) == "ca"
    assert cli_words.language_in(["ask", "--help", "--lang", "es"]) is None


def test_a_french_validate_error_is_french(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    target = rules / "participation.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[next(i for i, line in enumerate(lines) if re.match(r"\s+de: ", line))]
    target.write_text("".join(lines), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate", str(rules)],
                         capture_output=True, text=True, env=_env("fr_FR.UTF-8", MOBILITY_ADVISOR_NO_CACHE="1"))
    assert run.returncode == 1
    assert ": erreur: " in run.stdout and "il manque la clé obligatoire « de »" in run.stdout, run.stdout
    assert run.stderr == "1 erreur, 0 avertissement\n"
    # --lang beats the locale; GitHub annotations keep their commands, the message is the user's
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate", "--lang", "de", "--format", "github",
                          str(rules)], capture_output=True, text=True, env=_env("fr_FR.UTF-8"))
    assert run.stdout.startswith("::error file=") and "Pflichtschlüssel „de“ fehlt" in run.stdout


def test_every_command_and_option_has_its_help_translated():
    """localise() leaves no English help behind: every help text of cli.py is marked in cli_help.HELP."""
    import inspect

    from mobility_advisor.cli import app as cli
    from mobility_advisor.cli.help import HELP

    known = {entry.msgid for entry in HELP.values()}
    texts = [cli.app.info.help] + [inspect.getdoc(c.callback) for c in cli.app.registered_commands]
    for callback in [cli.app.registered_callback.callback] + [c.callback for c in cli.app.registered_commands]:
        texts += [p.default.help for p in inspect.signature(callback).parameters.values()
                  if getattr(p.default, "help", None)]
    missing = [t for t in texts if inspect.cleandoc(t) not in known]
    assert not missing, missing


# --- rule texts as .po, for a translator who does not edit YAML ------------------------------------

def _tr(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mobility_advisor.cli.translations", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_rule_texts_go_out_as_po_and_come_back_changing_one_line(tmp_path):
    from babel.messages.pofile import read_po, write_po

    from mobility_advisor.cli import rule_po

    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    before = {p: p.read_text(encoding="utf-8") for p in rules.rglob("*.yaml")}
    po = tmp_path / "de.po"
    po.write_bytes(rule_po.export("de", rules))
    with open(po, "rb") as f:
        catalog = read_po(f)
    entries = [m for m in catalog if m.id]
    assert len(entries) == len(RULE_TEXTS) and all(m.string for m in entries)
    assert all(m.auto_comments and m.auto_comments[0].startswith("fr: ") for m in entries)
    edited = entries[7]
    edited.string = "Neu formuliert: " + edited.string
    with open(po, "wb") as f:
        write_po(f, catalog)
    assert rule_po.import_po(po, rules) == 1
    changed = [p for p in before if p.read_text(encoding="utf-8") != before[p]]
    assert len(changed) == 1
    old, new = before[changed[0]].splitlines(), changed[0].read_text(encoding="utf-8").splitlines()
    diff = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and len(diff) == 1, diff
    assert "Neu formuliert: " in diff[0][1] and diff[0][1].lstrip().startswith("de: ")
    import yaml

    assert yaml.safe_load(changed[0].read_text(encoding="utf-8"))  # still YAML


def test_a_language_missing_from_a_rule_text_is_added_by_import(tmp_path):
    from babel.messages.pofile import read_po, write_po

    from mobility_advisor.cli import rule_po

    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    target = rules / "participation.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if re.match(r"\s+de: ", line))
    dropped = lines.pop(i)
    target.write_text("".join(lines), encoding="utf-8")
    po = tmp_path / "de.po"
    po.write_bytes(rule_po.export("de", rules))
    with open(po, "rb") as f:
        catalog = read_po(f)
    empty = [m for m in catalog if m.id and not m.string]
    assert len(empty) == 1
    import yaml

    empty[0].string = yaml.safe_load("x: " + dropped.split(": ", 1)[1])["x"]
    with open(po, "wb") as f:
        write_po(f, catalog)
    assert rule_po.import_po(po, rules) == 1
    texts = [t for p, n, t in translations.rule_texts(rules) if p == target]
    assert all(t.get("de") for t in texts)


def test_a_po_that_does_not_match_the_rules_is_refused_whole(tmp_path):
    from babel.messages.pofile import read_po, write_po

    from mobility_advisor.cli import rule_po

    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    po = tmp_path / "es.po"
    assert _tr("export-rules", "es", "-o", str(po)).returncode == 0
    with open(po, "rb") as f:
        catalog = read_po(f)
    entries = [m for m in catalog if m.id]
    entries[0].string = "cambiado"
    entries[3].context = "participation.yaml:no.such.place"
    with open(po, "wb") as f:
        write_po(f, catalog)
    before = {p: p.read_bytes() for p in rules.rglob("*.yaml")}
    with pytest.raises(rule_po.Refused, match="not a rule text"):
        rule_po.import_po(po, rules)
    assert before == {p: p.read_bytes() for p in rules.rglob("*.yaml")}
    run = _tr("import-rules", str(po))
    assert run.returncode == 2 and "not a rule text" in run.stderr and "Traceback" not in run.stderr


def test_the_missing_text_report_lists_what_a_new_language_needs():
    run = _tr("de")
    assert run.returncode == 0 and run.stdout.strip() == "nothing missing in de"
