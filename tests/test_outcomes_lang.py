"""Learning outcomes in the host's language (issue 25, item 2): typed once in two languages, they
reach every bilingual document and the host brief; a field the host's language lacks is flagged
there, in the host's language; CSV `text.de` columns; the mapping kept in the answers written
back; unknown language keys refused, located. Packs written by the real command."""

from __future__ import annotations

import json

import yaml

from mobility_advisor.engine.bilingual import HOST_DOCUMENTS

from conftest import ROOT
from test_learning import answers_doc, run

FR_DE = [
    {"reference": "EX-1",
     "text": {"fr": "Exemple : réaliser une pâte feuilletée selon la fiche de l'entreprise",
              "de": "Beispiel: einen Blätterteig nach dem Rezeptblatt des Betriebs herstellen"},
     "activities": {"fr": "Production du matin au fournil", "de": "Frühproduktion in der Backstube"},
     "assessment": {"fr": "Observation par le tuteur", "de": "Beobachtung durch den Betreuer"},
     "criteria": {"fr": "Fiche suivie, temps respecté", "de": "Rezeptblatt befolgt, Zeit eingehalten"}},
    {"reference": "EX-2", "text": "Exemple : organiser son poste selon les règles d'hygiène",
     "activities": "Ouverture du poste"},  # no German: flagged in the host's documents
]


def write(tmp_path, doc, name="a.yaml"):
    (tmp_path / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def render(tmp_path, doc, host, out="pack", extra=()):
    write(tmp_path, doc)
    r = run(tmp_path, "render", "--answers", "a.yaml", "-o", out, "--host-lang", host, *extra)
    assert r.returncode == 0, r.stderr
    return {p.name: p.read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
            for p in (tmp_path / out).glob("*.md")}


def host_files(pack):
    return {n: t for n, t in pack.items() if n[:-3] in HOST_DOCUMENTS}


def test_outcomes_in_two_languages_reach_every_host_document_fr_de(tmp_path):
    pack = render(tmp_path, answers_doc("men", "fr", outcomes=FR_DE, goals=("learning_outcomes", "integration",
                                                                          "certification")), "de")
    listing = {n: t for n, t in host_files(pack).items() if "Blätterteig" in t or "pâte feuilletée" in t}
    # every host document that lists the outcomes: in French and in German
    assert {"learning_agreement.md", "evaluation_grid.md", "men_unit_file.md", "europass_preparation.md",
            "host_brief.md"} <= set(listing), sorted(listing)
    for name, text in listing.items():
        assert "Beispiel: einen Blätterteig nach dem Rezeptblatt des Betriebs herstellen" in text, name
        if name != "host_brief.md":
            assert "Exemple : réaliser une pâte feuilletée selon la fiche de l'entreprise" in text, name
            # the outcome without German: its French, then the flag (not the French twice)
            # (the Europass sheet, joining outcomes in one cell, says it once, with the same flag: #25)
            flag = "\\[nicht übersetzt\\]"
            assert flag in text and "Noch nicht übersetzt" not in text and "\\[nicht übersetzt\\] Exemple" not in text, name
    la = listing["learning_agreement.md"]
    assert ("| Exemple : réaliser une pâte feuilletée selon la fiche de l'entreprise / Beispiel: einen Blätterteig "
            "nach dem Rezeptblatt des Betriebs herstellen | Production du matin au fournil / Frühproduktion in der "
            "Backstube | Observation par le tuteur / Beobachtung durch den Betreuer |") in la
    grid = listing["evaluation_grid.md"]
    assert "Fiche suivie, temps respecté / Rezeptblatt befolgt, Zeit eingehalten" in grid
    brief = listing["host_brief.md"]  # German alone: the German versions, the French only flagged
    assert "pâte feuilletée" not in brief and "Production du matin" not in brief
    assert "| Beispiel: einen Blätterteig nach dem Rezeptblatt des Betriebs herstellen | Frühproduktion" in brief
    assert ("| \\[nicht übersetzt\\] Exemple : organiser son poste selon les règles d'hygiène | "
            "\\[nicht übersetzt\\] Ouverture du poste |") in brief
    # the pack's own documents stay French, unflagged
    assert "übersetzt" not in pack["checklist.md"] + pack["positioning_sheet.md"]
    assert "Exemple : réaliser une pâte feuilletée" in pack["positioning_sheet.md"]


def test_outcomes_in_two_languages_ca_fr_qbid(tmp_path):
    outcomes = [{"reference": "AA1", "mp": "MP 05", "uf": "UF1",
                 "text": {"ca": "Elaborar masses fermentades seguint la fitxa de l'empresa",
                          "fr": "Réaliser des pâtes levées selon la fiche de l'entreprise"},
                 "criteria": {"ca": "Fitxa seguida", "fr": "Fiche suivie"},
                 "activities": "Producció del matí"}]
    pack = render(tmp_path, answers_doc("qbid", "ca", outcomes=outcomes, goals=("learning_outcomes", "integration",
                                                                                "certification")), "fr")
    qbid = pack["qbid_agreement.md"]
    assert ("Elaborar masses fermentades seguint la fitxa de l'empresa / Réaliser des pâtes levées selon la fiche "
            "de l'entreprise | Fitxa seguida / Fiche suivie | Producció del matí / \\[non traduit\\] |") in qbid
    brief = pack["host_brief.md"]
    assert "Réaliser des pâtes levées selon la fiche de l'entreprise" in brief and "Elaborar" not in brief
    assert "\\[non traduit\\] Producció del matí" in brief
    for name, text in host_files(pack).items():
        if "Elaborar masses" in text:
            assert "Réaliser des pâtes levées" in text, name


def test_without_a_host_language_nothing_is_flagged(tmp_path):
    """A monolingual pack (--host-lang none) shows the pack's versions, never a flag."""
    pack = render(tmp_path, answers_doc("men", "fr", outcomes=FR_DE), "none")
    assert not any("traduit" in t or "übersetzt" in t for t in pack.values())
    assert "Exemple : réaliser une pâte feuilletée" in pack["learning_agreement.md"]
    assert "Blätterteig" not in "".join(pack.values())


def test_csv_text_de_columns(tmp_path):
    """docs/outcomes-example.csv: EX-2 has a `text.de` cell, the others none."""
    pack = render(tmp_path, answers_doc("men", "en", outcomes=None), "de",
                  extra=("--outcomes", str(ROOT / "docs" / "outcomes-example.csv")))
    brief = pack["host_brief.md"]
    assert "(Beispiel) Den eigenen Arbeitsplatz nach den Hygieneregeln des Gastbetriebs organisieren" in brief
    assert "\\[nicht übersetzt\\] (Example) Prepare a laminated dough" in brief
    la = pack["learning_agreement.md"]
    assert ("(Example) Organise one's workstation according to the host company's hygiene rules / "
            "(Beispiel) Den eigenen Arbeitsplatz") in la
    # written back as a mapping: the plain column is the pack's language
    kept = json.loads((tmp_path / "pack" / ".mobility-advisor.json").read_text(encoding="utf-8"))["answers"]
    assert kept["outcomes"][1]["text"] == {
        "en": "(Example) Organise one's workstation according to the host company's hygiene rules",
        "de": "(Beispiel) Den eigenen Arbeitsplatz nach den Hygieneregeln des Gastbetriebs organisieren"}
    assert isinstance(kept["outcomes"][0]["text"], str)


def test_example_yaml_mapping_gives_the_host_its_text_and_activities(tmp_path):
    """docs/outcomes-example.yaml: EX-2's text and activities in English and German."""
    yml = render(tmp_path, answers_doc("men", "en", outcomes=None), "de", "p1",
                 ("--outcomes", str(ROOT / "docs" / "outcomes-example.yaml")))
    assert "(Beispiel) Den eigenen Arbeitsplatz" in yml["host_brief.md"]
    assert "(Beispiel) Täglich den Arbeitsplatz einrichten" in yml["host_brief.md"]


def test_the_mapping_is_kept_by_save_answers_update_status_and_credential(tmp_path):
    write(tmp_path, answers_doc("men", "fr", outcomes=FR_DE))
    r = run(tmp_path, "ask", "--answers", "a.yaml", "--save-answers", "saved.yaml", "-o", "pack")
    assert r.returncode == 0, r.stderr
    saved = yaml.safe_load((tmp_path / "saved.yaml").read_text(encoding="utf-8"))
    assert saved["outcomes"] == FR_DE
    assert json.loads((tmp_path / "pack" / ".mobility-advisor.json").read_text(encoding="utf-8"))[
        "answers"]["outcomes"] == FR_DE
    u = run(tmp_path, "update", "pack")
    assert u.returncode == 0, u.stderr
    assert json.loads((tmp_path / "pack" / ".mobility-advisor.json").read_text(encoding="utf-8"))[
        "answers"]["outcomes"] == FR_DE
    assert "Beispiel: einen Blätterteig" in (tmp_path / "pack" / "host_brief.md").read_text(encoding="utf-8")
    s = run(tmp_path, "status", "pack", "--format", "json")
    assert s.returncode == 0, s.stderr
    results = {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved", "EX-2": "achieved"}, "men.mark": 14,
               "diploma_passed": True}
    write(tmp_path, answers_doc("men", "fr", outcomes=FR_DE, results=results), "b.yaml")
    r = run(tmp_path, "render", "--answers", "b.yaml", "-o", "done")
    assert r.returncode == 0, r.stderr
    c = run(tmp_path, "credential", "done", "--format", "elm", "-o", "proof.json", "--lang", "fr")
    assert c.returncode == 0, c.stderr
    claim = json.loads((tmp_path / "proof.json").read_text(encoding="utf-8"))["credential"]["credentialSubject"]
    titles = [p["title"] for p in claim["hasClaim"][1]["hasPart"]]
    assert titles[0] == FR_DE[0]["text"]


def test_unknown_language_keys_refused_and_located(tmp_path):
    doc = answers_doc("men", "fr", outcomes=[{"text": {"fr": "Exemple", "dk": "Eksempel"}}])
    write(tmp_path, doc)
    lines = (tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "dk:" in t)
    for lang, words in (("fr", "langue inconnue « dk »"), ("de", "unbekannte Sprache „dk“")):
        r = run(tmp_path, "render", "--answers", "a.yaml", "-o", f"p-{lang}", "--lang", lang)
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert f"a.yaml:{line}:" in r.stderr and words in r.stderr.replace("\u00a0", " ").replace("\u202f", " ")
        assert not (tmp_path / f"p-{lang}").exists()
    (tmp_path / "o.csv").write_text("text;text.dk\nExample;Eksempel\n", encoding="utf-8")
    r = run(tmp_path, "validate", "--outcomes", "o.csv")
    assert r.returncode != 0 and "text.dk" in r.stdout + r.stderr and "Traceback" not in r.stderr


def test_each_language_is_checked_as_the_plain_text_is(tmp_path):
    for bad, words in (({"fr": "ok", "de": "x" * 601}, "600"), ({"fr": "ok", "de": "a\x07b"}, "contrôle"),
                       ({"fr": "ok", "de": ["a"]}, "texte est attendu")):
        write(tmp_path, answers_doc("men", "fr", outcomes=[{"text": bad}]))
        r = run(tmp_path, "render", "--answers", "a.yaml", "-o", "p", "--lang", "fr")
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert words in r.stderr and "« text »" in r.stderr.replace("\u00a0", " ").replace("\u202f", " ")
    r = run(tmp_path, "validate", "--outcomes", str(ROOT / "docs" / "outcomes-example.yaml"),
            "--outcomes", str(ROOT / "docs" / "outcomes-example.csv"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_status_names_an_outcome_in_the_language_asked():
    from mobility_advisor.season import status

    doc = {"answers": {"goals": ["integration"]}, "outcomes": FR_DE}
    de = [a for a in status.results_missing(doc, "de") if a.id.startswith("outcomes.")]
    fr = [a for a in status.results_missing(doc, "fr") if a.id.startswith("outcomes.")]
    assert "Blätterteig" in de[0].text and "pâte feuilletée" in fr[0].text
