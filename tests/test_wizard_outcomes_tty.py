"""The wizard's repeatable entry of learning outcomes, in a real pseudo-terminal: three outcomes typed,
going back keeps them, one edited (and in English one moved up and one removed), then read in the
learning agreement, the evaluation grid and the route's document of the written pack."""

from __future__ import annotations

import sys

import pytest
import yaml

from wizard_driver import EN, FR, Ask, confirm, profile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

F = {
    "fr": {"menu": FR["outcomes_menu"], "add": "Ajouter", "edit": "Modifier", "up": "Remonter", "remove": "Supprimer",
           "done": "Terminé", "back": "Retour", "which": "Quel acquis ?", "text": "Acquis visé :",
           "activities": "Activités et tâches dans l'entreprise", "assessment": "Modalité d'évaluation (vide",
           "reference": "Référence dans le référentiel", "type": "BTM : type de compétence",
           "host": "dans la langue de l'organisme d'accueil (allemand)"},
    "en": {"menu": EN["outcomes_menu"], "add": "Add", "edit": "Edit", "up": "up one place", "remove": "Remove",
           "done": "Done", "back": "Back", "which": "Which outcome?", "text": "Intended outcome:",
           "activities": "Activities and tasks in the host company", "assessment": "How it will be assessed",
           "reference": "Reference in the qualification standard", "type": "BTM: type of competence",
           "host": "in the host's language"},
}

OUTCOMES = [
    ("Exemple : réaliser une pâte feuilletée selon la fiche de l'entreprise, dans le temps imparti",
     "Production du matin au fournil", "Observation par le tuteur", "EX-1"),
    ("Exemple : organiser son poste de travail selon les règles d'hygiène", "Ouverture du poste", "", "EX-2"),
    ("Exemple : présenter un produit à un client", "Vente au comptoir", "Jeu de rôle", ""),
]


def add(a, f, text, activities, assessment, reference, kind=None, host=None):
    """One outcome typed; `host`: what to type at the host-language questions that follow (a
    pack with a host language asks one per sentence typed; None: no such question expected)."""
    a.select(f["menu"], f["add"])
    a.text(f["text"], text)
    a.text(f["activities"], activities)
    a.text(f["assessment"], assessment)
    a.text(f["reference"], reference)
    if kind:
        a.select(f["type"], kind)
    for value in host or ():
        a.text(f["host"], value)


def skip_host(n):
    """Enter at each of the n host-language questions: the outcome stays in the pack's language."""
    return ("",) * n


def test_three_outcomes_back_and_edit_fr_men(tmp_path):
    f = F["fr"]
    a = Ask(tmp_path, "--save-answers", "saved.yaml", lang="fr")
    a.check(FR["goals"], "formation", "certification")
    profile(a, FR)
    a.check("que préparez-vous avant le départ", "grille")
    a.check("Quelles méthodes d'évaluation", "jury")
    a.select("Testerez-vous la compétence", "Oui")
    a.check("Comment consignerez-vous les résultats", "compte rendu")
    a.select("Quel certificateur", "ducation nationale")
    a.select("Quel diplôme professionnel", "(Bac pro)")
    a.select("Les compétences visées figurent-elles", "vérifié")
    a.wait(f["menu"])
    a.wait("(flèches ou tapez pour filtrer, Entrée)")  # the list's hint in French, not questionary's English
    a.select("", "Aide")
    a.wait("précise")  # help: observable, measurable, realistic, from the standard
    a.select("(0 saisi)", f["add"])
    a.text(f["text"], "")  # the outcome itself is required
    a.refused("décrivez l'acquis", OUTCOMES[0][0])
    a.text(f["activities"], OUTCOMES[0][1])
    a.text(f["assessment"], OUTCOMES[0][2])
    a.text(f["reference"], OUTCOMES[0][3])
    for _ in range(3):  # a French pack for Germany: the sentences may be given in German too
        a.text(f["host"], "")
    for o in OUTCOMES[1:]:
        add(a, f, *o, host=skip_host(sum(1 for v in o[:3] if v)))
    a.select("(3 saisis)", f["back"])  # back to the previous question: the outcomes are kept
    a.select("Les compétences visées figurent-elles", "vérifié")
    a.select("(3 saisis)", f["edit"])
    a.select(f["which"], "2. Exemple")
    a.text(f["text"], "\x15Exemple : ranger et nettoyer son poste selon les règles d'hygiène")
    a.text(f["activities"], "")  # Enter keeps what was typed before
    a.text(f["assessment"], "Grille d'appréciation")
    a.text(f["reference"], "")
    for _ in range(3):
        a.text(f["host"], "")
    a.select(f["menu"], f["done"])
    a.wait("Acquis d'apprentissage visés")  # the summary shows them
    confirm(a, FR)
    assert a.finish() == 0
    la = (a.out / "learning_agreement.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    # a French pack for Germany: no German typed, so the German half says so (bilingual learning agreement)
    assert ("| Exemple : ranger et nettoyer son poste selon les règles d'hygiène / \\[nicht übersetzt\\] | "
            "Ouverture du poste / \\[nicht übersetzt\\] | Grille d'appréciation / \\[nicht übersetzt\\] | EX-2 |") in la
    assert "organiser son poste" not in la
    grid = (a.out / "evaluation_grid.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    for text in ("EX-1 : Exemple : réaliser une pâte feuilletée", "Exemple : présenter un produit à un client"):
        assert text in grid
    unit = (a.out / "men_unit_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert ("| Exemple : présenter un produit à un client / \\[nicht übersetzt\\] | \\_\\_\\_\\_\\_\\_\\_\\_ | "
            "Jeu de rôle / \\[nicht übersetzt\\] |") in unit
    saved = yaml.safe_load((tmp_path / "saved.yaml").read_text(encoding="utf-8"))
    assert [o.get("reference") for o in saved["outcomes"]] == ["EX-1", "EX-2", None]


def test_three_outcomes_edit_move_remove_en_btm(tmp_path):
    f = F["en"]
    a = Ask(tmp_path, "--host-lang", "none", lang="en")  # the English documents alone (bilingual: test_bilingual)
    a.check(EN["goals"], "Build", "certification")
    profile(a, EN, country="France", name="Jules Martin")
    a.check("what will you prepare before departure", "grid")
    a.check("Which assessment methods", "jury")
    a.select("Will you test the competence before departure", "No")
    a.check("How will you record the results", "report")  # a word of the visible label
    a.select("Which certifier", "CMA France")
    a.select("Which BTM", "pastry")
    a.select("What will the learner's written file focus on", "recipes")
    a.select("Are the targeted competences", "Yes")
    add(a, f, "Example: laminate a dough", "Morning production", "Tutor observation", "EX-1", "Technical")
    add(a, f, "Example: keep the workstation clean", "Opening", "Appraisal grid", "EX-2", "Organisational")
    add(a, f, "Example: speak to a customer", "Counter sales", "Role play", "EX-3", "Transversal")
    add(a, f, "Example: a fourth one to remove", "", "", "EX-4", "Technical")
    a.select("(4 entered)", f["remove"])
    a.select(f["which"], "4. Example")
    a.select("(3 entered)", f["back"])
    a.select("Are the targeted competences", "Yes")
    a.select("(3 entered)", f["up"])
    a.select(f["which"], "3. Example")  # the third moves up to second place
    a.select(f["menu"], f["edit"])
    a.select(f["which"], "1. Example")
    a.text(f["text"], "")
    a.text(f["activities"], "\x15Morning production with the tutor")
    a.text(f["assessment"], "")
    a.text(f["reference"], "")
    a.select(f["type"], "Technical")
    a.select(f["menu"], f["done"])
    confirm(a, EN)
    assert a.finish() == 0
    la = (a.out / "learning_agreement.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    rows = [line for line in la.splitlines() if line.startswith("| Example")]
    assert [r.split(" | ")[0] for r in rows] == ["| Example: laminate a dough", "| Example: speak to a customer",
                                                 "| Example: keep the workstation clean"]
    assert "Morning production with the tutor" in rows[0] and "fourth" not in la
    grid = (a.out / "evaluation_grid.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "| EX-3: Example: speak to a customer |" in grid
    btm = (a.out / "btm_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert any(line.startswith("| Organisational | ") and "Example: keep the workstation clean" in line
               for line in btm.splitlines())  # its TAC row, under its type
    assert "| Technical | EX-1: Example: laminate a dough |" in btm


def test_outcomes_file_starts_the_entry_en(tmp_path):
    from conftest import ROOT

    a = Ask(tmp_path, "--outcomes", str(ROOT / "docs" / "outcomes-example.yaml"), lang="en")
    a.check(EN["goals"], "Europass")
    profile(a, EN, apprentice=False)
    a.select("(3 entered)", F["en"]["done"])  # the group's outcomes, ready to review
    confirm(a, EN)
    assert a.finish() == 0
    sheet = (a.out / "europass_preparation.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "(Example) Prepare a laminated dough" in sheet and "(Example) Counter sales two mornings a week" in sheet
    assert "(Example) Present a product to a customer" in sheet  # transversal: the organisational row


def test_ctrl_c_keeps_the_outcomes_typed_and_resume_offers_them_fr(tmp_path):
    f = F["fr"]
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Europass")
    profile(a, FR, apprentice=False)
    add(a, f, "Exemple : accueillir un client", "Comptoir", "Jeu de rôle", "EX-9", host=skip_host(3))
    a.wait("(1 saisi)")
    a.child.sendcontrol("c")
    assert a.finish() == 130
    assert not a.out.exists()
    (kept,) = sorted((tmp_path / "state" / "mobility-advisor").rglob("*.yaml"))
    assert "Exemple : accueillir un client" in kept.read_text(encoding="utf-8")

    b = Ask(tmp_path, "--resume", lang="fr")
    b.select("(1 saisi)", f["done"])
    confirm(b, FR)
    assert b.finish() == 0
    assert "Exemple : accueillir un client" in (b.out / "europass_preparation.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")


def test_outcome_in_the_hosts_language_reaches_the_host_documents_fr_de(tmp_path):
    """A French pack for Germany: after the outcome, its sentences in German (the assessment left
    out); the bilingual documents carry both, the host brief the German, the saved answers the mapping."""
    f = F["fr"]
    a = Ask(tmp_path, "--save-answers", "saved.yaml", lang="fr")
    a.check(FR["goals"], "Europass")
    profile(a, FR, apprentice=False)
    add(a, f, "Exemple : accueillir un client au comptoir", "Vente au comptoir", "Jeu de rôle", "EX-9",
        host=("Beispiel: Kundschaft an der Theke empfangen", "Thekenverkauf", ""))
    a.select("(1 saisi)", f["edit"])  # editing offers the German typed before
    a.select(f["which"], "1. Exemple")
    for field in ("text", "activities", "assessment", "reference"):
        a.text(f[field], "")
    a.text(f["host"], "")  # Enter keeps "Beispiel: Kundschaft…"
    a.text(f["host"], "\x15Verkauf an der Theke")
    a.text(f["host"], "")
    a.select(f["menu"], f["done"])
    confirm(a, FR)
    assert a.finish() == 0
    brief = (a.out / "host_brief.md").read_text(encoding="utf-8")
    assert "Beispiel: Kundschaft an der Theke empfangen" in brief and "Verkauf an der Theke" in brief
    assert "\\[nicht übersetzt\\] Jeu de rôle" in brief  # the assessment has no German: said, in German
    assert "accueillir un client" not in brief
    sheet = (a.out / "europass_preparation.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Exemple : accueillir un client au comptoir" in sheet and "Beispiel: Kundschaft an der Theke" in sheet
    saved = yaml.safe_load((tmp_path / "saved.yaml").read_text(encoding="utf-8"))
    (o,) = saved["outcomes"]
    assert o["text"] == {"fr": "Exemple : accueillir un client au comptoir",
                         "de": "Beispiel: Kundschaft an der Theke empfangen"}
    assert o["activities"] == {"fr": "Vente au comptoir", "de": "Verkauf an der Theke"}
    assert o["assessment"] == "Jeu de rôle"
