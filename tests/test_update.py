"""`mobility-advisor update`: a pack made again after the rules changed, keeping ticks and hand edits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mobility_advisor.rules import loader
from mobility_advisor.pack import manifest
from mobility_advisor.cli.app import app

from conftest import ROOT
from test_status import ANSWERS, tick

OLD = "Rédigez et remettez aux participants les informations pratiques : voyage"
NEW = "Préparez avec les participants un livret d'informations pratiques : voyage"
NEW_MD = NEW.replace(" :", "\u00a0:")  # as the French pack prints it (no-break space before the colon)


def invoke(tmp: Path, monkeypatch, *args: str, today: str = "2026-11-24"):
    monkeypatch.setenv("MOBILITY_ADVISOR_TODAY", today)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp / "config"))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.chdir(tmp)
    r = CliRunner().invoke(app, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r


@pytest.fixture()
def pack(tmp_path, monkeypatch) -> Path:
    a = tmp_path / "a.yaml"
    a.write_text(ANSWERS.format(name="Léa Dupont", start="2027-03-01", end="2027-03-26", lang="fr"), encoding="utf-8")
    r = invoke(tmp_path, monkeypatch, "render", "--answers", str(a), "-o", "pack")
    assert r.exit_code == 0, r.output
    return tmp_path / "pack"


@pytest.fixture()
def new_rules(tmp_path, monkeypatch):
    """The shipped rules with one step reworded, as after a rule update (loaded from a copy)."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    before = rules / "guide" / "before.yaml"
    text = before.read_text(encoding="utf-8")
    assert OLD in text
    before.write_text(text.replace(OLD, NEW), encoding="utf-8")
    changed = loader.load_tree([rules])
    monkeypatch.setattr(loader, "load_tree", lambda paths=None: changed)


def test_update_reports_the_change_keeps_ticks_and_a_hand_edit(tmp_path, monkeypatch, pack, new_rules):
    tick(pack, "Vérifiez et rassemblez les pièces", "Rédigez et remettez")
    edited = pack / "learning_agreement.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nNote : signé par la famille le 3 février.\n",
                      encoding="utf-8")
    (pack / "scan-convention.pdf").write_bytes(b"%PDF-1.4 the user's scan")

    r = invoke(tmp_path, monkeypatch, "update", "pack", today="2026-12-01")
    assert r.exit_code == 0, r.output
    assert "1 changement dans les conseils" in r.output
    assert "~ Nouvelle formulation (action) [guide.before.practical_info] : " + NEW in r.output
    assert "Ancienne : " + OLD in r.output
    assert "2 cases cochées reportées" in r.output
    assert "learning_agreement.new.md" in r.output  # the edited file is kept, said

    checklist = (pack / "checklist.md").read_text(encoding="utf-8")
    assert "- [x] " + NEW_MD in checklist  # the reworded step keeps its tick (matched by id)
    assert "- [x] Vérifiez et rassemblez les pièces" in checklist
    assert checklist.count("- [x] ") == 2 and OLD not in checklist.replace("\u00a0", " ")
    assert not (pack / "checklist.new.md").exists()  # ticks alone are not a hand edit
    assert "signé par la famille" in edited.read_text(encoding="utf-8")
    assert (pack / "learning_agreement.new.md").is_file()
    assert (pack / "scan-convention.pdf").read_bytes() == b"%PDF-1.4 the user's scan"
    doc = json.loads((pack / manifest.FILE_NAME).read_text(encoding="utf-8"))
    assert any(i["text"].startswith(NEW) for i in doc["items"]) and doc["made"] == "2026-12-01"

    # and status reads the updated pack: the ticks still count
    r = invoke(tmp_path, monkeypatch, "status", "pack", "--format", "json", today="2027-02-22")
    assert json.loads(r.output)["mobilities"][0]["done"] == 2

    # a second update with more ticks: still not an edit, nothing beside the checklist
    tick(pack, "Organisez l'accueil")
    r = invoke(tmp_path, monkeypatch, "update", "pack")
    assert "aucun changement dans les conseils" in r.output and "3 cases" in r.output
    assert not (pack / "checklist.new.md").exists()


def test_dry_run_writes_nothing(tmp_path, monkeypatch, pack, new_rules):
    tick(pack, "Rédigez et remettez")
    before = {p.name: p.read_bytes() for p in pack.iterdir()}
    r = invoke(tmp_path, monkeypatch, "update", "--dry-run", "pack")
    assert r.exit_code == 0 and "Nouvelle formulation (action) [guide.before.practical_info]" in r.output
    assert "simulation : rien n'a été écrit" in r.output
    assert {p.name: p.read_bytes() for p in pack.iterdir()} == before


def test_a_checklist_edited_beyond_ticks_gets_the_new_one_beside(tmp_path, monkeypatch, pack, new_rules):
    tick(pack, "Rédigez et remettez")
    cl = pack / "checklist.md"
    cl.write_text(cl.read_text(encoding="utf-8") + "\n- [ ] Appeler la famille de Léa\n", encoding="utf-8")
    r = invoke(tmp_path, monkeypatch, "update", "pack")
    assert r.exit_code == 0 and "checklist.new.md" in r.output
    assert "Appeler la famille" in cl.read_text(encoding="utf-8")
    assert "- [x] " + NEW_MD in (pack / "checklist.new.md").read_text(encoding="utf-8")


def test_older_corrupt_and_foreign_folders(tmp_path, monkeypatch, pack):
    doc = json.loads((pack / manifest.FILE_NAME).read_text(encoding="utf-8"))
    doc["format"], doc["version"] = 1, "0.1.0"
    del doc["items"]
    (pack / manifest.FILE_NAME).write_text(json.dumps(doc), encoding="utf-8")
    tick(pack, "Rédigez et remettez")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / manifest.FILE_NAME).write_text("[", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    r = invoke(tmp_path, monkeypatch, "update", "pack", "bad", "notes")
    assert r.exit_code == 1
    assert "fait par la version 0.1.0, qui n'enregistrait pas ses conseils" in r.output
    assert "1 case cochée reportée" in r.output
    assert "bad : fichier de suivi du dossier illisible (not valid JSON)" in r.output
    assert "notes : pas un dossier de mobilité" in r.output
    assert json.loads((pack / manifest.FILE_NAME).read_text(encoding="utf-8"))["format"] == manifest.FORMAT


def test_answers_the_rules_no_longer_accept_leave_the_pack_as_it_is(tmp_path, monkeypatch, pack):
    record = pack / manifest.FILE_NAME
    doc = json.loads(record.read_text(encoding="utf-8"))
    doc["answers"]["answers"]["mobility.funding"] = "regional_grant"  # a choice the rules do not have
    record.write_text(json.dumps(doc), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in pack.iterdir()}
    r = invoke(tmp_path, monkeypatch, "update", "pack")
    assert r.exit_code == 2
    assert "pack : les règles actuelles demandent d'autres réponses" in r.output
    assert "mobility.funding" in r.output and "Dossier laissé tel quel" in r.output
    assert {p.name: p.read_bytes() for p in pack.iterdir()} == before
