"""`validate` speaks the user's language: every problem, YAML syntax errors included.

The checks write English (logs, `--lang en`); cli/problem_words.py matches each message
with its pattern and says it in the user's language. A broken copy of the rules, validated
in French, Spanish, Catalan and German, must show no English sentence.
"""

from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from mobility_advisor.cli import problem_words
from mobility_advisor.cli.problem_words import PHRASES, PROBLEMS, say

OTHERS = ("fr", "es", "ca", "de")

# A sentence of the checks' English that must not survive in another language.
ENGLISH = (" must ", " is not ", "missing required", "not allowed", "did not find", "while parsing",
           "while scanning", "expected", "cannot be reached", "leads to", "which is not", "found ",
           "YAML syntax error", "file is empty", " has no ", "the walk")
# Words each language's referent reads instead (one at least of each group).
TRANSLATED = {
    "fr": ("erreur de syntaxe YAML", "doit être", "n'est pas une question de l'arbre", "le fichier est vide",
           "interdites", "dans une liste"),
    "es": ("error de sintaxis YAML", "debe ser", "no es una pregunta del árbol", "el archivo está vacío",
           "no están permitidos", "en una lista"),
    "ca": ("error de sintaxi YAML", "ha de ser", "no és una pregunta de l'arbre", "el fitxer és buit",
           "no estan permeses", "en una llista"),
    "de": ("YAML-Syntaxfehler", "muss", "keine Frage des Baums", "die Datei ist leer", "nicht erlaubt",
           "in einer Liste"),
}


def _edit(path: Path, old: str, new: str, after: str | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    i = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:i] + new + text[i + len(old):], encoding="utf-8")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> list[Path]:
    """Two broken copies of the rules: one whose files are malformed, one whose meaning is wrong."""
    base = tmp_path_factory.mktemp("broken")
    form = base / "form"
    shutil.copytree(ROOT / "rules", form)
    entry = form / "entry.yaml"
    _edit(entry, "    kind: text\n", "", after="- id: learner.name")
    _edit(entry, "max_length: 120", "max_length: lots")
    _edit(entry, "kind: multiple", "kind: checkbox", after="- id: goals")
    _edit(entry, "en: \"Learner's full name\"", 'en: "  "')
    _edit(form / "participation.yaml", "seed: 000_fd03e0fb6919d7ac.txt", "seed: [1]")
    for name, text in {
        "colon.yaml": "questions:\n  - id: a\n    text: fr: oops\n",
        "tab.yaml": "questions:\n\t- id: a\n",
        "quote.yaml": "questions:\n  - id: 'a\n",
        "indent.yaml": "questions:\n  - id: a\n   kind: text\n",
        "bracket.yaml": "questions: [a, b\n",
        "anchor.yaml": "a: &x {b: 1}\n",
        "twice.yaml": "version: 1\nversion: 2\n",
        "list.yaml": "- a\n- b\n",
        "empty.yaml": "",
        "two.yaml": "a: 1\n---\nb: 2\n",
        "tag.yaml": "a: !!python/object x\n",
    }.items():
        (form / name).write_text(text, encoding="utf-8")
    meaning = base / "meaning"
    shutil.copytree(ROOT / "rules", meaning)
    entry = meaning / "entry.yaml"
    _edit(entry, "next: learner.birth_date", "next: learner.nowhere")
    _edit(entry, "when: {answer: learner.apprentice, is: true}", "when: {answer: learner.apprentices, is: true}")
    _edit(meaning / "participation.yaml", "template: attestation_participation", "template: no_such_template")
    _edit(meaning / "certification" / "men.yaml", "is: men}", "is: menn}")
    _edit(meaning / "routes.yaml", "answers: {goals: [learning_outcomes]",
          "answers: {goals: [learning_outcomes], no.such: 1")
    return [form, meaning]


def _validate(folder: Path, *args: str, locale: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return subprocess.run([sys.executable, "-m", "mobility_advisor", "validate", *args, str(folder)],
                          capture_output=True, text=True, timeout=120,
                          env={**env, "LANG": locale, "MOBILITY_ADVISOR_NO_CACHE": "1"})


def _messages(folder: Path, lang: str) -> list[str]:
    run = _validate(folder, "--format", "json", "--lang", lang)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    return [p["message"] for p in json.loads(run.stdout)["problems"]]


@pytest.mark.parametrize("lang", OTHERS)
def test_a_broken_rules_tree_shows_no_english_sentence(broken, lang):
    for folder in broken:
        english, translated = _messages(folder, "en"), _messages(folder, lang)
        assert len(english) == len(translated) > 5
        for en, said in zip(english, translated):
            assert said != en, f"left in English: {en}"
            assert not [w for w in ENGLISH if w in said], (en, said)
    report = "\n".join(_messages(broken[0], lang) + _messages(broken[1], lang))
    assert all(word in report for word in TRANSLATED[lang]), report


def test_a_yaml_syntax_error_keeps_its_place_and_is_explained_in_german(broken):
    run = _validate(broken[0], locale="de_DE.UTF-8")  # the locale, no --lang
    line = next(ln for ln in run.stdout.splitlines() if ln.startswith(f"{broken[0]}/colon.yaml:"))
    assert line == (f"{broken[0]}/colon.yaml:3:13: Fehler: YAML-Syntaxfehler: hier ist kein Wert „Schlüssel: Wert“ "
                    f"erlaubt (ein „:“ zu viel? setzen Sie den Text in Anführungszeichen)")
    assert "Fehler" in run.stderr and "error" not in run.stderr


def _example(msgid: str) -> str:
    """The English a check would write for `msgid`, each placeholder a made-up name."""
    fields = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
    return msgid.format(**{f: f"x{i}.y" for i, f in enumerate(sorted(fields))})


@pytest.mark.parametrize("table", [PROBLEMS, *PHRASES.values()], ids=["problems", *PHRASES])
def test_each_message_is_matched_by_its_own_pattern_and_translated(table):
    """A general pattern listed before a specific one would swallow it (and say the wrong thing)."""
    patterns = problem_words._patterns(table)
    for key, entry in table.items():
        english = _example(entry.msgid)
        first = next(e for regex, e in patterns if regex.match(english))
        assert first is entry, f"{key}: {english!r} is taken by {first.msgid!r}"
        if table is PROBLEMS:
            for lang in OTHERS:
                assert say(english, lang) != english, (key, lang)


def test_an_unknown_message_stays_as_written_and_english_is_untouched():
    assert say("something new the checks say", "fr") == "something new the checks say"
    assert say("file is empty", "en") == "file is empty"
    assert say("file is empty", "fr") == "le fichier est vide"


@pytest.mark.parametrize("lang, mark, unit", [("fr", ",", "Mio"), ("de", ",", "MiB"), ("en", ".", "MiB")])
def test_a_file_too_big_has_its_size_written_as_the_language_writes_numbers(tmp_path, lang, mark, unit):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with open(rules / "entry.yaml", "a", encoding="utf-8") as fh:
        fh.write(("# " + "x" * 98 + "\n") * 15_800)  # about 1.5 MiB of comments
    size = f"{(rules / 'entry.yaml').stat().st_size / 1048576:.1f}".replace(".", mark)
    r = _validate(rules, "--lang", lang)
    assert r.returncode == 1
    assert f"{size} {unit}" in r.stdout + r.stderr, r.stdout + r.stderr
