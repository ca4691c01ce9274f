"""What a host document says to whom (#25 item 8, words9), read in the packs a referent makes.

FR/DE, FR/ES and CA/FR packs (`render --answers FILE --format md`, a subprocess, test_host_print's
make_pack) are read as their signatories read them; what only the referent must know or check
is looked for in the checklist instead:

1. the attestation says in one line what it attests (attendance, not learning outcomes), and no
   longer whom it commits nor what the sending organisation may issue (the checklist's tip);
2. the convention gives the apprenticeship contract's dates, not the referent's half-contract sum;
3. the qBID agreement does not ask the host to check the tool's name (the checklist's caveat), and
   its end-of-stay assessment has a signature row of its own, which the host brief dates;
4. a text the host's language lacks is flagged one way in every document, the Europass sheet too;
5. the MEN unit file has a row for the host tutor who fills in its "Competences assessed" part.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_host_print import CATALONIA, MEN, SPAIN, make_pack
from test_host_words import read

PAIRS = {"fr-de": ("fr", "de", MEN), "fr-es": ("fr", "es", {**MEN, **SPAIN}), "ca-fr": ("ca", "fr", CATALONIA)}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words9")
    return {name: make_pack(root / name, *spec, formats="md") for name, spec in PAIRS.items()}


def rows(md: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in md.splitlines() if line.startswith("|")]


# --- 1. The attestation: what it attests, in one line -----------------------------------------

ATTESTS = {"fr": "Cette attestation certifie la présence de l'apprenant, pas ses acquis d'apprentissage.",
           "de": "Diese Bescheinigung bestätigt die Anwesenheit der/des Lernenden, nicht ihre bzw. seine Lernergebnisse.",
           "es": "Este certificado acredita la asistencia del alumno/a, no sus resultados de aprendizaje.",
           "ca": "Aquest certificat acredita l'assistència de l'alumne/a, no els seus resultats d'aprenentatge."}
# the referent's note (seed 000 §1), in the checklist's words
SCOPE = {"fr": "L'attestation de participation n'engage que votre établissement et vos partenaires",
         "ca": "El certificat de participació només compromet el seu centre i els seus socis"}


@pytest.mark.parametrize("name", PAIRS)
def test_the_attestation_says_what_it_attests_and_leaves_the_referents_note_to_the_checklist(packs, name):
    lang, host, _ = PAIRS[name]
    att = read(packs[name], "attestation_participation")
    assert ATTESTS[lang] in att and f"*{ATTESTS[host]}*" in att, att
    # whom it commits and what the sending organisation may issue: not the signatories' words
    for words in ("n'engage", "Europass", "Portée", "Reichweite", "compromet", "compromete", "Alcance", "Abast"):
        assert words not in att, words
    assert att.count("\n## ") == 3  # the mobility, attendance, signatures
    assert SCOPE.get(lang, SCOPE["fr"]) in read(packs[name], "checklist")


# --- 2. The convention: the contract's dates, not the referent's check -------------------------


def test_the_convention_gives_the_contracts_dates_without_the_half_contract_sum(packs):
    conv = read(packs["fr-de"], "mobility_convention")
    assert "- Contrat d'apprentissage : du 1er septembre 2025 au 31 août 2027.\\\n" in conv, conv
    assert "_Ausbildungsvertrag: vom 1\\. September 2025 bis 31\\. August 2027._" in conv
    for words in ("730", "365", "moitié", "Hälfte"):
        assert words not in conv, words
    # the limits stay the referent's to check, in the checklist
    assert "pendant la moitié au plus de sa durée totale" in read(packs["fr-de"], "checklist")


# --- 3. The qBID agreement: no check for the host, the end-of-stay assessment signed then -------


def test_the_qbid_agreement_leaves_the_tools_name_to_the_checklist(packs):
    agreement = read(packs["ca-fr"], "qbid_agreement")
    for words in ("nom actuel", "Comprovi", "Vérifiez"):
        assert words not in agreement, words
    assert "sBID" in read(packs["ca-fr"], "checklist")


def test_the_qbid_assessment_has_its_own_signature_row_dated_at_the_end_of_the_stay(packs):
    agreement = read(packs["ca-fr"], "qbid_agreement")
    signed = agreement.split("\n## Signatures de l'acord / ")[1]
    table = rows(signed)[2:]
    roles = [r[0] for r in table]
    end = "Tutor/a d'acollida: avaluació al final de l'estada / Tuteur d'accueil : évaluation à la fin du séjour"
    assert roles[-1] == end, roles
    assert table[-1][1] == "Julien Lambert, Chef de cuisine"  # the host tutor, who fills the boxes
    assert len(table) == 4  # school, learner, host company: before the stay; the tutor at the end
    # the host brief dates both: the agreement before the stay, the assessment at its end
    brief = {r[0]: r[1] for r in rows(read(packs["ca-fr"], "host_brief"))}
    assert brief["Accord de stage qBID : calendrier, tâches et acquis visés"] == (
        "avant le 1er mars 2027 ; votre évaluation : à la fin du séjour (26 mars 2027)")


# --- 4. One flag for a text the host's language lacks --------------------------------------------

FLAGS = {"de": "\\[nicht übersetzt\\]", "es": "\\[sin traducir\\]"}


@pytest.mark.parametrize("name", ["fr-de", "fr-es"])
def test_the_europass_sheet_flags_untranslated_text_as_every_document_does(packs, name):
    host = PAIRS[name][1]
    europass = read(packs[name], "europass_preparation")
    for words in ("Noch nicht übersetzt", "Aún sin traducir", "Pas encore traduit", "texto original",
                  "Originaltext"):
        assert words not in europass, words
    # the outcomes of the fixture are French only: the host's half of each joined cell is the flag
    cells = [r[1] for r in rows(europass) if len(r) == 2 and r[0].startswith(("Activités et tâches", "Compétences"))]
    assert len(cells) == 3 and all(c.endswith(" / " + FLAGS[host]) for c in cells), cells
    assert FLAGS[host] in read(packs[name], "learning_agreement")


# --- 5. The MEN unit file: the host tutor's row ----------------------------------------------------


@pytest.mark.parametrize("name", ["fr-de", "fr-es"])
def test_the_men_unit_file_has_a_row_for_the_host_tutor_who_fills_its_part(packs, name):
    host = PAIRS[name][1]
    men = read(packs[name], "men_unit_file")
    signed = men.split("\n## Signatures des évaluateurs")[1]
    role = {"de": "Tuteur dans l'entreprise d'accueil (partie « Compétences évaluées ») / "
                  "Betreuer/in im Gastbetrieb (Teil „Bewertete Kompetenzen“)",
            "es": "Tuteur dans l'entreprise d'accueil (partie « Compétences évaluées ») / "
                  "Tutor/a en la empresa de acogida (parte «Competencias evaluadas»)"}[host]
    tutor = {"de": "Anna Schulz, Konditormeisterin", "es": "Miren Etxeberria Goñi, Maestra pastelera"}[host]
    table = rows(signed)[2:]
    assert [r[:2] for r in table if r[0] == role] == [[role, tutor]], table
    # the part it names is the file's own heading
    assert re.search(r"^## Compétences évaluées : partie à remplir avec l'entreprise d'accueil", men, re.M)
    # the assessors' rows are still there, left blank
    assert sum(r[0].startswith("Évaluateur") for r in table) == 2


# --- 6. One name for one party: the Europass sheet's host company ---------------------------------

# ("OID de la organización de acogida" stays: the Erasmus+ receiving organisation's OID, the host partner's)
OTHER_NAMES = ("Structure d'accueil", "structure d'accueil", "Aufnehmende Organisation", "aufnehmenden Organisation",
               "| Organización de acogida", "Entitat d'acollida", "entitat d'acollida")


@pytest.mark.parametrize("name", PAIRS)
def test_the_europass_sheet_names_the_host_company_as_the_mobility_table_does(packs, name):
    lang, host, _ = PAIRS[name]
    europass = read(packs[name], "europass_preparation")
    # the same company was "Entreprise d'accueil" in the table and "Structure d'accueil" below it (readfr 10)
    assert [w for w in OTHER_NAMES if w in europass] == [], europass
    heading = {"fr": "Rubriques remplies par l'entreprise d'accueil", "de": "Vom Gastbetrieb ausgefüllte Felder",
               "es": "Apartados que cumplimenta la empresa de acogida",
               "ca": "Apartats que emplena l'empresa d'acollida"}
    assert f"\n## {heading[lang]} / {heading[host]}\n" in europass
    company = {"fr-de": "Bäckerei Schulz", "fr-es": "Pastelería Hermanos Etxeberria",
               "ca-fr": "Restaurant La Table du Marché"}[name]
    table = {r[0]: r[1] for r in rows(europass) if len(r) == 2}
    assert [k for k, v in table.items() if v.startswith(company)] == [
        k for k in table if k.startswith(("Entreprise d'accueil / ", "Empresa d'acollida / "))], table


# --- 3 and 5: the new rows can be recorded as signed -----------------------------------------------


@pytest.mark.parametrize("name, document", [("ca-fr", "qbid_agreement"), ("fr-de", "men_unit_file")])
def test_the_host_tutors_new_row_can_be_recorded_as_signed(packs, name, document):
    import os
    import subprocess
    import sys

    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2027-03-26")
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "signed", str(packs[name]), document,
                           "--by", "host_tutor", "--on", "2027-03-26"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
