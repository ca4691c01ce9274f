"""Issue 28 item 10: `status` lists only documents someone signs, shows a pack made in another
language in the user's language, and counts from the day given with `--on`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT
from mobility_advisor.pack.manifest import FILE_NAME
from test_status import MONDAY, make_pack, run, texts


def status_cli(tmp, *args, lang="fr"):
    """`status` without MOBILITY_ADVISOR_TODAY: the day comes from the command line only."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(tmp / "state"),
           "XDG_CONFIG_HOME": str(tmp / "config"), "LANG": "fr_FR.UTF-8" if lang == "fr" else "en_GB.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("MOBILITY_ADVISOR_TODAY", None)
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "status", *args], cwd=tmp, env=env,
                       capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_the_host_brief_is_not_to_sign(tmp_path):
    pack = make_pack(tmp_path, "soon", "Léa Dupont", "2027-03-01", "2027-03-26")
    manifest = json.loads((pack / FILE_NAME).read_text(encoding="utf-8"))
    files = {i.get("file") for i in manifest["items"] if i["kind"] == "document"}
    assert "host_brief.md" in files  # the pack has one, as a document
    brief = next(i for i in manifest["items"] if i.get("file") == "host_brief.md")
    r = run(tmp_path, "status", "--format", "json")
    assert r.returncode == 0, r.stderr
    soon = json.loads(r.stdout)["mobilities"][0]
    to_sign = texts(soon["to_sign"])
    assert "Contrat pédagogique Erasmus+" in to_sign
    assert (brief.get("title") or brief["text"]) not in to_sign
    assert all(a.get("file") != "host_brief.md" for a in soon["to_sign"])


def test_an_english_pack_is_shown_in_french(tmp_path):
    make_pack(tmp_path, "en", "Sam Taylor", "2027-03-01", "2027-03-26", lang="en")
    r = run(tmp_path, "status", "--format", "json", lang="fr")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)["mobilities"][0]
    shown = texts(m["to_sign"]) + texts(m["next"])
    assert "Contrat pédagogique Erasmus+" in shown
    assert "Erasmus+ learning agreement" not in " ".join(shown)
    # and the same pack, asked in English, stays English
    r = run(tmp_path, "status", "--format", "json", lang="en")
    m = json.loads(r.stdout)["mobilities"][0]
    assert "Contrat pédagogique Erasmus+" not in texts(m["to_sign"])


def test_status_on_a_given_day(tmp_path):
    make_pack(tmp_path, "soon", "Léa Dupont", "2027-03-01", "2027-03-26")
    r = status_cli(tmp_path, "--format", "json", "--on", "2027-03-10")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["today"] == "2027-03-10"
    assert doc["mobilities"][0]["phase"] == "during"
    r = status_cli(tmp_path, "--format", "json", "--on", "2027-04-10")
    assert json.loads(r.stdout)["mobilities"][0]["phase"] == "after"


def test_status_on_a_bad_day_is_said(tmp_path):
    make_pack(tmp_path, "soon", "Léa Dupont", "2027-03-01", "2027-03-26")
    r = status_cli(tmp_path, "--on", "10/03/2027")
    assert r.returncode == 2
    assert "--on" in r.stderr and "10/03/2027" in r.stderr and "AAAA-MM-JJ" in r.stderr
    assert r.stderr.count("\n") <= 2


def test_status_on_is_documented():
    assert "status --on" in (ROOT / "README.md").read_text(encoding="utf-8")
