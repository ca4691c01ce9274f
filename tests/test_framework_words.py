"""The command line's own words in the user's language, run as a user would (issue 24, item 4):
--lang before the command name, and the placeholders of the usage line ("[OPTIONS]", "{PACK}",
"<path>") in the language of the help around them."""

from __future__ import annotations

import re

import pytest

from mobility_advisor.cli.words import METAVARS

from clirun import run as cli


def run(*args: str, locale: str = "fr_FR.UTF-8", cwd=None):
    """The command in a locale's language, run as a user would (tests/clirun.py)."""
    import tempfile
    from pathlib import Path

    if cwd is not None:
        return cli(cwd, *args, lang=locale)
    with tempfile.TemporaryDirectory() as home:
        return cli(Path(home), *args, lang=locale)


# --- --lang before the command name ------------------------------------------------------------

@pytest.mark.parametrize("command", [("status", "nowhere"), ("explain", "no.such.rule"), ("signed", "nowhere", "x",
                                                                                          "--by", "learner")])
def test_lang_before_the_command_is_the_command_s_lang(tmp_path, command):
    before = run("--lang", "es", *command, cwd=tmp_path)
    after = run(*command, "--lang", "es", cwd=tmp_path)
    assert before.returncode == after.returncode != 0
    assert before.stderr == after.stderr and "Traceback" not in before.stderr
    assert before.stderr != run(*command, cwd=tmp_path).stderr  # Spanish, not the locale's French


def test_lang_after_the_command_wins_over_the_one_before(tmp_path):
    both = run("--lang=de", "status", "nowhere", "--lang", "ca", cwd=tmp_path)
    assert both.stderr == run("status", "nowhere", "--lang", "ca", cwd=tmp_path).stderr


def test_an_unknown_lang_before_the_command_is_refused_as_after_it(tmp_path):
    before = run("--lang", "xx", "status", "nowhere", locale="en_GB.UTF-8", cwd=tmp_path)
    assert before.returncode == 2 and "Traceback" not in before.stderr
    assert before.stderr == run("status", "nowhere", "--lang", "xx", locale="en_GB.UTF-8", cwd=tmp_path).stderr


def test_lang_before_help_gives_the_top_help_in_that_language():
    top = run("--lang", "es", "--help", locale="de_DE.UTF-8")
    assert top.returncode == 0
    assert top.stdout.startswith("Uso: ") and "[OPCIONES] COMANDO [ARGUMENTOS]..." in top.stdout
    assert "--lang <texto>" in top.stdout and "Idioma: fr, en, es, ca o de" in " ".join(top.stdout.split())


# --- the usage line's placeholders -------------------------------------------------------------

def test_german_usage_line_and_options_name_their_values_in_german():
    signed = run("signed", "--help", locale="de_DE.UTF-8").stdout
    assert signed.startswith("Aufruf: ") and "signed [OPTIONEN] {MAPPE} {DOKUMENT}" in signed
    assert "--file <Pfad>" in signed and "--by <Text>" in signed
    assert "\n  MAPPE " in signed and "[OPTIONS]" not in signed and "<path>" not in signed
    # the command's own help speaks of the same placeholder
    assert "1 MAPPE ist keine Mobilitätsmappe" in " ".join(signed.split())
    status = run("status", "--help", locale="de_DE.UTF-8").stdout
    assert "[Pfade]..." in status
    assert "--format <text|json|csv>" in status  # what the user types stays as typed


def test_english_placeholders_stay_as_click_writes_them():
    signed = run("--lang", "en", "signed", "--help", locale="de_DE.UTF-8").stdout
    assert "signed [OPTIONS] {PACK} {DOCUMENT}" in signed and "--file <path>" in signed


def test_a_missing_argument_is_named_as_the_usage_line_names_it():
    r = run("signed", locale="es_ES.UTF-8")
    assert r.returncode == 2 and "[OPCIONES] {DOSSIER} {DOCUMENTO}" in r.stderr
    assert "'DOSSIER'" in r.stderr and "'PACK'" not in r.stderr


@pytest.mark.parametrize("lang", ["fr", "es", "ca", "de"])
def test_every_placeholder_is_in_every_click_catalogue(lang):
    from mobility_advisor.i18n.catalogues import translations

    catalogue = translations(lang, "click")._catalog  # type: ignore[attr-defined]
    missing = [name for name in METAVARS if not catalogue.get(name)]
    assert not missing, missing
    assert catalogue["path"] != "path" and catalogue["COMMAND"] != "COMMAND"


def test_every_placeholder_the_commands_show_is_known():
    """A new argument or value type: its placeholder added to METAVARS and the click catalogues."""
    shown = set()
    for command in ("", "validate", "ask", "render", "checklist", "record", "cohort", "tree", "explain", "status",
                    "signed", "update", "credential"):
        out = run(*filter(None, [command]), "--lang", "en", "--help").stdout
        usage = out.splitlines()[0].split(command or "mobility_advisor", 1)[1]
        shown |= set(re.findall(r"[\[{<]([A-Za-z_]+)[\]}>]", usage))
        shown |= set(re.findall(r"^  -[-\w, ]+ <([A-Za-z_]+)>", out, re.M))
        shown |= set(re.findall(r"\s(COMMAND)\s", usage))
    assert shown and shown <= METAVARS, sorted(shown - METAVARS)
