"""What the host readers of session 10 found in the words of the host documents (#25; readde11 and
reades11: a German host reading FR/DE, EN/DE and the BTM file, a Spanish one reading FR/ES and
CA/FR), read in the packs a referent makes (`render --answers FILE --format md,pdf`, test_host_print's
make_pack):

1. the Europass sheet names the host company once, only its country in both languages;
2. two labels sharing one value end with the second label's colon, in its language's typography
   (French " : ", the others ":"), not the first language's for both;
3. a German label's English gloss ("Projektnummer (Project code)") is not printed beside the English
   label it repeats, and a gloss both labels carry is printed once;
5. the PDF fields' tooltips name the organisation first ("Entsendende Einrichtung – Ansprechperson:
   Name", one colon), and each BTM comment field names its outcome;
6. the complement's signature row names the receiving organisation as the learning agreement does;
7. the host brief quotes each title of two documents filled in on the same day;
8. the grid says who writes the level "before departure" (the sending organisation, seed 000).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_host_print import PACKS, make_pack
from test_host_words import read
from test_host_words9 import rows

NAMES = ("fr-de", "en-de", "fr-es", "ca-fr", "fr-de-btm")
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words12")
    return {name: make_pack(root / name, *PACKS[name], formats="md,pdf") for name in NAMES}


def raw(pack: Path, stem: str) -> str:
    """The Markdown as written, its no-break spaces kept (French typography is what is tested)."""
    return (pack / f"{stem}.md").read_text(encoding="utf-8")


# --- 1. The Europass sheet: the host company once --------------------------------------------

COMPANY = {"fr-es": ("Entreprise d'accueil / Empresa de acogida", "Pastelería Hermanos Etxeberria (Espagne / España)"),
           "ca-fr": ("Empresa d'acollida / Entreprise d'accueil", "Restaurant La Table du Marché (Bèlgica / Belgique)")}


@pytest.mark.parametrize("name", sorted(COMPANY))
def test_the_europass_sheet_names_the_host_company_once(packs, name):
    label, value = COMPANY[name]
    europass = read(packs[name], "europass_preparation")
    cells = [r[1] for r in rows(europass) if r[0] == label]
    assert value in cells, cells
    name = value.split(" (")[0]
    assert all(row.count(name) <= 1 for row in europass.splitlines()), europass


# --- 2. Each label's colon in its own language ------------------------------------------------

COLONS = {
    # pack: (document, the joined label and its colon as printed, the wrong one)
    "ca-fr": [("attestation_participation", f"Autre entreprise d'accueil, le cas échéant{NBSP}: \\_",
               "le cas échéant: "),
              ("qbid_agreement", f"Évaluation par le tuteur d'accueil{NBSP}: C1.2", "tuteur d'accueil: ")],
    "fr-es": [("attestation_participation", "Otra empresa de acogida, en su caso: \\_", f"en su caso{NBSP}:")],
    "fr-de": [("attestation_participation", "Weiterer Gastbetrieb, falls zutreffend: \\_", f"falls zutreffend{NBSP}:")],
}


@pytest.mark.parametrize("name", sorted(COLONS))
def test_a_shared_value_follows_the_colon_of_the_label_beside_it(packs, name):
    for stem, right, wrong in COLONS[name]:
        text = raw(packs[name], stem)
        assert right in text and wrong not in text, (stem, [ln for ln in text.splitlines() if right[:20] in ln])


# --- 3. An English gloss beside the English label --------------------------------------------

GLOSSED = {"en-de": ["| Project code / Projektnummer |", "| Mobility ID / Mobilitäts-ID |"],
           "fr-de": ["| Code du projet / Projektnummer (Project code) |",
                     "| Identifiant de la mobilité / Mobilitäts-ID (Mobility ID) |"],
           "fr-es": ["| Code du projet / Código del proyecto (Project code) |"]}


@pytest.mark.parametrize("name", sorted(GLOSSED))
@pytest.mark.parametrize("stem", ["learning_agreement", "learning_agreement_complement", "europass_preparation"])
def test_an_english_gloss_is_printed_once(packs, name, stem):
    text = read(packs[name], stem)
    for start in GLOSSED[name]:
        assert any(ln.startswith(start) for ln in text.splitlines()), (start, [ln for ln in text.splitlines()
                                                                              if "Proj" in ln or "Mobilit" in ln])
    assert text.count("(Project code)") <= 1 and text.count("(Mobility ID)") <= 1, stem


# --- 5. The PDF fields' tooltips --------------------------------------------------------------

def fields(pack: Path, stem: str) -> dict:
    import pypdf

    return pypdf.PdfReader(pack / f"{stem}.pdf").get_fields()


TOOLTIPS = {"fr-de": {"sending_organisation.contact_function":
                      "Organisme d'envoi – Personne de contact : fonction / Entsendende Einrichtung – Ansprechperson: Funktion",
                      "host_company.address": "Entreprise d'accueil – Adresse / Gastbetrieb – Anschrift"},
            "fr-es": {"host_partner.contact_name":
                      "Organisme d'accueil (partenaire d'accueil) – Personne de contact : nom / "
                      "Organización de acogida (socio de acogida) – Persona de contacto: nombre"}}


@pytest.mark.parametrize("name", sorted(TOOLTIPS))
def test_a_fields_tooltip_names_the_organisation_first(packs, name):
    found = fields(packs[name], "learning_agreement")
    for key, tip in TOOLTIPS[name].items():
        assert found[key]["/TU"] == tip, found[key]["/TU"]
    for key, field in found.items():
        for half in str(field.get("/TU", "")).split(" / "):
            assert half.count(":") <= 1, (key, field["/TU"])


def test_each_btm_comment_field_names_its_outcome(packs):
    found = fields(packs["fr-de-btm"], "btm_file")
    comments = {k: v["/TU"] for k, v in found.items() if k.startswith("btm.comment.") and "/TU" in v}
    assert set(comments) == {"btm.comment.C1.2", "btm.comment.C3.1", "btm.comment.C4.5"}, comments
    for key, tip in comments.items():
        ref = key.removeprefix("btm.comment.")
        assert tip == (f"Commentaire du tuteur : {ref} / Kommentar der Betreuerin bzw. des Betreuers: {ref}"), tip


# --- 6. The receiving organisation's name in the complement's signatures ----------------------

RECEIVING = {"fr-de": "Organisme d'accueil (partenaire d'accueil) / Aufnehmende Einrichtung (Partnereinrichtung)",
             "en-de": "Receiving organisation (host partner) / Aufnehmende Einrichtung (Partnereinrichtung)",
             "fr-es": "Organisme d'accueil (partenaire d'accueil) / Organización de acogida (socio de acogida)",
             "ca-fr": "Organització d'acollida (soci d'acollida) / Organisme d'accueil (partenaire d'accueil)"}


@pytest.mark.parametrize("name", sorted(RECEIVING))
def test_the_complement_is_signed_by_the_receiving_organisation_named_as_in_the_agreement(packs, name):
    for stem in ("learning_agreement", "learning_agreement_complement"):
        signers = [r[0] for r in rows(read(packs[name], stem).split("## Signature")[-1])]
        assert RECEIVING[name] in signers, (stem, signers)


# --- 7. The host brief: each title recognisable -----------------------------------------------

SAME_DAY = {"fr-de": "„Bewertungsraster für die Lernergebnisse der Mobilität“ und „Vorbereitung des Europass Mobilität“",
            "fr-es": "«Rúbrica de evaluación de los resultados de la movilidad» y «Preparación del Europass Movilidad»",
            "ca-fr": f"«{NBSP}Grille d'évaluation des acquis de la mobilité{NBSP}» et "
                     f"«{NBSP}Préparation de l'Europass Mobilité{NBSP}»"}


@pytest.mark.parametrize("name", sorted(SAME_DAY))
def test_the_host_brief_quotes_each_title_of_one_day(packs, name):
    brief = raw(packs[name], "host_brief")
    cells = [ln.split(" | ")[0].lstrip("| ") for ln in brief.splitlines() if ln.startswith("|")]
    assert SAME_DAY[name] in cells, cells
    # a title alone in its row is not quoted
    assert all(not c.startswith(("„", "«", "“")) or SAME_DAY[name] == c for c in cells), cells


# --- 8. Who writes the level before departure ---------------------------------------------------

BEFORE = {"fr": "« Avant le départ » (à remplir par l'organisme d'envoi)",
          "en": "\"Before departure\" column (filled in by the sending organisation)",
          "de": "„Vor der Abreise“ (von der entsendenden Einrichtung auszufüllen)",
          "es": "«Antes de la salida» (la rellena la organización de envío)",  # (the readgrid reader's words)
          "ca": "«Abans de la sortida» (l'emplena l'organització d'enviament)"}


@pytest.mark.parametrize("name", ["fr-de", "en-de", "fr-es", "ca-fr"])
def test_the_grid_says_the_sending_organisation_writes_the_level_before_departure(packs, name):
    lang, host, _ = PACKS[name]
    grid = read(packs[name], "evaluation_grid")
    assert BEFORE[lang] in grid and BEFORE[host] in grid, [ln for ln in grid.splitlines() if "départ" in ln
                                                           or "Abreise" in ln or "salida" in ln or "sortida" in ln]
