"""Organisation profiles: written once, used by ask (pty), render and cohort; bad ones said clearly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from mobility_advisor.inputs import profile as profile_mod, profile_saving

from conftest import ROOT
from test_status import run
from wizard_driver import FR, Ask, confirm, official

PROFILE = """\
# Notre profil : partenaires et entreprises habituels
version: 1
lang: fr
organisation:
  name: CFA des métiers de Tours
  country: France
  oid: E10012345
  project_code: 2026-1-FR01-KA121-VET-000123
referent: {name: Claire Martin, email: claire.martin@cfa-tours.fr, phone: "+33 2 47 00 00 00"}
partners:
  - {name: Handwerkskammer Frankfurt (Oder), country: de, oid: E10099999}
  - {name: Cambra de Comerç de Barcelona, country: es}
companies:
  - name: Bäckerei Schulz
    partner: Handwerkskammer Frankfurt (Oder)
    tutors:
      - {name: Anna Schulz, function: Konditormeisterin}
  - name: Konditorei Weber
    partner: Handwerkskammer Frankfurt (Oder)
    tutors:
      - {name: Paul Weber, function: Konditor}
      - {name: Greta Weber, function: Bäckerin}
  - name: Forn Vilaró
    partner: Cambra de Comerç de Barcelona
    tutors:
      - {name: Jordi Vilaró, function: Mestre forner}
"""

# what a profile leaves to each learner: no organisation, partner, tutor nor country
ANSWERS = """\
version: 1
answers:
  goals: [participation]
  learner.name: Léa Dupont
  learner.qualification: Bac pro Boulanger-pâtissier
  learner.apprentice: false
  org.host_company: Bäckerei Schulz
  mobility.start: 2027-03-01
  mobility.end: 2027-03-26
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
"""


@pytest.fixture()
def prof(tmp_path) -> Path:
    p = tmp_path / "profil.yaml"
    p.write_text(PROFILE, encoding="utf-8")
    return p


def test_the_profile_is_valid_against_its_json_schema(prof):
    import jsonschema

    schema = json.loads((ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(PROFILE), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"companies": [{"tutors": []}]}, schema)


def test_render_fills_what_the_profile_knows(tmp_path, prof):
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "--profile", str(prof), "-o", "pack")
    assert r.returncode == 0, r.stderr
    attestation = (tmp_path / "pack" / "attestation_participation.md").read_text(encoding="utf-8")
    assert "Anna Schulz" in attestation and "Konditormeisterin" in attestation
    assert "CFA des métiers de Tours" in attestation
    index = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")
    assert "Handwerkskammer Frankfurt (Oder)" in index and "Allemagne" in index
    # the answers file wins over the profile
    (tmp_path / "b.yaml").write_text(ANSWERS + "  org.sending: Lycée Jean Moulin\n  tutor.name: Otto Schulz\n"
                                     "  tutor.function: Bäcker\n", encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "b.yaml", "--profile", str(prof), "-o", "pack2")
    attestation = (tmp_path / "pack2" / "attestation_participation.md").read_text(encoding="utf-8")
    assert "Lycée Jean Moulin" in attestation and "Otto Schulz" in attestation
    assert "CFA des métiers de Tours" not in attestation and "Anna Schulz" not in attestation


def test_the_default_profile_in_the_configuration_folder(tmp_path):
    folder = tmp_path / "config" / "mobility-advisor"
    folder.mkdir(parents=True)
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack")
    assert r.returncode == 0, r.stderr
    assert "Anna Schulz" in (tmp_path / "pack" / "attestation_participation.md").read_text(encoding="utf-8")


def test_cohort_with_a_profile(tmp_path, prof):
    common = "\n".join(line for line in ANSWERS.splitlines()
                       if not line.startswith(("  learner.name", "  org.host_company", "  mobility.start", "  mobility.end")))
    (tmp_path / "common.yaml").write_text(common + "\n", encoding="utf-8")
    (tmp_path / "learners.csv").write_text(
        "learner.name;mobility.start;mobility.end;org.host_company;tutor.name\n"
        "Léa Dupont;2027-03-01;2027-03-26;Bäckerei Schulz;\n"
        "Karim Benali;2027-03-01;2027-03-26;Konditorei Weber;Greta Weber\n"
        "Inès Moreau;2027-04-05;2027-04-30;Forn Vilaró;\n", encoding="utf-8")
    r = run(tmp_path, "cohort", "--answers", "common.yaml", "--learners", "learners.csv", "--profile", str(prof),
            "-o", "group")
    assert r.returncode == 0, r.stderr
    group = tmp_path / "group"
    lea = (group / "pack-lea-dupont-2027-03-01" / "attestation_participation.md").read_text(encoding="utf-8")
    assert "Anna Schulz" in lea and "Konditormeisterin" in lea and "CFA des métiers de Tours" in lea
    karim = (group / "pack-karim-benali-2027-03-01" / "attestation_participation.md").read_text(encoding="utf-8")
    assert "Greta Weber" in karim and "Bäckerin" in karim
    ines = (group / "pack-ines-moreau-2027-04-05" / "index.md").read_text(encoding="utf-8")
    assert "Cambra de Comerç de Barcelona" in ines and "Espagne" in ines


@pytest.mark.parametrize("text, where, what", [
    ("version: 1\norganisation: {name: [a]}\n", "profil.yaml:2:16", "« name » doit être un texte"),
    ("version: 1\ncompanies: {name: a}\n", "profil.yaml:2:1", "« companies » doit être une liste"),
    ("version: 1\ncompanies:\n - name: a\n   tutors: [{function: x}]\n", "profil.yaml:4:13", "il manque name:"),
    ("version: 1\npartenaires: []\n", "profil.yaml:2:1", "clé inconnue partenaires"),
    ("version: 1\nlang: it\n", "profil.yaml:2:1", "lang vaut l'une de ces langues : fr, en, es, ca, de"),
    ("version: 1\npartners: [{name: A}]\ncompanies: [{name: B, partner: C}]\n", "profil.yaml:3:23",
     "partenaire « C » absent de partners:"),
    ("version: 1\norganisation: {name: a\n", "profil.yaml:3:1", "YAML"),
    ("- a\n- b\n", "profil.yaml:1", "le profil doit être une suite de clés"),
    ("a: &x [1]\nb: *x\n", "profil.yaml:1:4", "anchors"),
])
def test_bad_profiles_are_located_and_clear(tmp_path, text, where, what):
    (tmp_path / "profil.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "--profile", "profil.yaml", "-o", "pack")
    assert r.returncode == 2
    assert r.stderr.startswith("mobility-advisor: " + where) and what in r.stderr, r.stderr
    assert not (tmp_path / "pack").exists()


def test_a_missing_profile_is_said(tmp_path):
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "--profile", "nope.yaml", "-o", "pack", lang="en")
    assert r.returncode == 2 and "nope.yaml: no such profile" in r.stderr


def test_save_profile_adds_new_names_and_keeps_the_rest(tmp_path, prof):
    (tmp_path / "a.yaml").write_text(ANSWERS.replace("org.host_company: Bäckerei Schulz",
                                                     "org.host_company: Bäckerei Neumann\n  tutor.name: Jan Neumann\n"
                                                     "  tutor.function: Bäckermeister\n"
                                                     "  org.host_partner: Handwerkskammer Frankfurt (Oder)\n"
                                                     "  destination.country: de"), encoding="utf-8")
    r = run(tmp_path, "ask", "--answers", "a.yaml", "--profile", str(prof), "--save-profile", "-o", "pack")
    assert r.returncode == 0, r.stderr
    assert "Profil mis à jour" in r.stdout and "entreprise Bäckerei Neumann" in r.stdout
    saved = profile_mod.load(prof)
    assert [c["name"] for c in saved.companies][-1] == "Bäckerei Neumann"
    assert saved.company("Bäckerei Neumann")["tutors"] == [{"name": "Jan Neumann", "function": "Bäckermeister"}]
    assert saved.organisation["project_code"] == "2026-1-FR01-KA121-VET-000123" and len(saved.partners) == 2
    assert saved.referent["phone"] == "+33 2 47 00 00 00"
    r = run(tmp_path, "ask", "--answers", "a.yaml", "--profile", str(prof), "--save-profile", "-o", "pack3")
    assert "Profil inchangé" in r.stdout


def test_save_profile_keeps_a_hand_written_profiles_comments_and_order(tmp_path):
    """The referent's comments, key order and layout survive --save-profile: each line of the
    file as written is still there, in the same order; the new entries are inserted where they
    belong (a partner at the end of partners:, a tutor under its company)."""
    written = (PROFILE.replace("partners:\n", "partners:   # nos partenaires, par pays\n")
               .replace("companies:\n", "# les entreprises, avec leurs tuteurs\ncompanies:\n")
               .replace("  - name: Konditorei Weber\n", "  # Weber : convention à renouveler en 2027\n"
                                                          "  - name: Konditorei Weber\n")
               .replace("lang: fr\n", "lang: fr   # langue des dossiers\n")
               + "# fin du profil, tenu par Claire\n")
    prof = tmp_path / "profil.yaml"
    prof.write_text(written, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ANSWERS.replace("org.host_company: Bäckerei Schulz",
                                                     "org.host_company: Konditorei Weber\n  tutor.name: Jan Neumann\n"
                                                     "  tutor.function: Bäckermeister\n"
                                                     "  org.host_partner: Kammer Cottbus\n"
                                                     "  destination.country: de"), encoding="utf-8")
    r = run(tmp_path, "ask", "--answers", "a.yaml", "--profile", str(prof), "--save-profile", "-o", "pack")
    assert r.returncode == 0, r.stderr
    assert "partenaire Kammer Cottbus" in r.stdout and "tuteur Jan Neumann" in r.stdout
    after = prof.read_text(encoding="utf-8")
    old_lines = iter(after.splitlines())
    assert all(line in old_lines for line in written.splitlines())  # every line kept, in order
    new_lines = [line for line in after.splitlines() if line not in written.splitlines()]
    assert new_lines == ["  - {name: Kammer Cottbus, country: de}",
                         "      - {name: Jan Neumann, function: Bäckermeister}"]
    assert after.index("Kammer Cottbus") < after.index("# les entreprises")
    assert after.index("Greta Weber") < after.index("Jan Neumann") < after.index("Forn Vilaró")
    saved = profile_mod.load(prof)
    assert [t["name"] for t in saved.company("Konditorei Weber")["tutors"]] == ["Paul Weber", "Greta Weber",
                                                                              "Jan Neumann"]
    assert saved.partner("Kammer Cottbus") == {"name": "Kammer Cottbus", "country": "de"}


@pytest.mark.parametrize("written, expect", [
    ("version: 1  # flow style\npartners: [{name: A, country: de}]\ncompanies: [{name: Co, partner: A}]\n",
     "companies: [{name: Co, partner: A, tutors: [{name: Núria Puig, function: Cuinera}]}]"),
    ("# rien encore\nversion: 1\npartners:\ncompanies: []\n", "partners: [{name: Cambra Nova, country: es}]"),
])
def test_save_profile_into_flow_lists_and_empty_keys(tmp_path, written, expect):
    prof = tmp_path / "p.yaml"
    prof.write_text(written, encoding="utf-8")
    answers = {"org.sending": "CFA X", "org.host_partner": "Cambra Nova", "destination.country": "es",
               "org.host_company": "Co", "tutor.name": "Núria Puig", "tutor.function": "Cuinera"}
    assert "tuteur Núria Puig" in profile_saving.add_from_answers(prof, answers, "fr")
    after = prof.read_text(encoding="utf-8")
    assert expect in after and after.splitlines()[0] == written.splitlines()[0]  # the comment kept
    saved = profile_mod.load(prof)
    assert saved.organisation["name"] == "CFA X" and saved.company("Co")["tutors"][0]["name"] == "Núria Puig"


def test_a_layout_the_text_edit_cannot_handle_is_written_whole_with_its_data(tmp_path, monkeypatch):
    """When the inserted text would not read back as the intended profile, the profile is written
    whole (its comments lost, never its data)."""
    prof = tmp_path / "p.yaml"
    prof.write_text(PROFILE, encoding="utf-8")
    monkeypatch.setattr(profile_saving, "_insert", lambda text, op: text + "partners: twice\n")  # a broken edit
    answers = {"org.host_partner": "Kammer Cottbus", "destination.country": "de"}
    assert profile_saving.add_from_answers(prof, answers, "fr") == ["partenaire Kammer Cottbus"]
    saved = profile_mod.load(prof)
    assert [p["name"] for p in saved.partners][-1] == "Kammer Cottbus" and len(saved.companies) == 3
    assert saved.organisation["project_code"] == "2026-1-FR01-KA121-VET-000123"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_ask_offers_the_known_companies_and_tutors(tmp_path, prof):
    a = Ask(tmp_path, "--profile", str(prof), lang="fr")
    a.check(FR["goals"], "Attester")
    a.wait(FR["sending_country"])  # the profile's country, France, is the default: Enter keeps it
    a.child.send("\r")
    a.text(FR["name"], "Léa Dupont")
    a.text(FR["birth"], "2005-04-02")
    a.text(FR["qualification"], "Bac pro Boulanger-pâtissier")
    a.select(FR["eqf"], "4")
    a.wait(FR["sending"])
    a.wait("CFA des métiers de Tours")  # the profile's answer, as the default
    a.child.send("\r")
    a.select(FR["apprentice"], FR["no"])
    a.wait(FR["partner"])
    a.wait("Cambra de Comerç de Barcelona")  # the known partners are offered
    a.child.send("Frankfurt\r")
    a.wait(FR["company"])
    a.wait("Konditorei Weber")  # the partner's companies are offered
    a.wait("Autre : saisir un nouveau nom")
    a.child.send("Schulz\r")
    a.wait(FR["tutor"])
    a.wait("Anna Schulz")
    a.child.send("\r")
    a.wait(FR["function"])
    a.wait("Konditormeisterin")  # the tutor's function from the profile
    a.child.send("\r")
    a.select(FR["country"], "\x15")  # the partner's country is already chosen: Enter keeps it
    a.text(FR["start"], "2027-03-01")
    a.text(FR["end"], "2027-03-26")
    a.select(FR["funding"], "Erasmus")
    official(a, FR)
    a.select("Voulez-vous délivrer une attestation de participation", "Oui")
    a.select("D'autres documents que vous délivrez", "Non")
    confirm(a, FR)
    assert a.finish() == 0
    attestation = (a.out / "attestation_participation.md").read_text(encoding="utf-8")
    assert "Bäckerei Schulz" in attestation and "Anna Schulz" in attestation
    assert "Konditormeisterin" in attestation and "CFA des métiers de Tours" in attestation
    assert "Allemagne" in (a.out / "index.md").read_text(encoding="utf-8")
