"""What the host readers of session 9 found in the words of two documents (#25), read in the
packs a referent makes (`render --answers FILE --format md`, test_host_print's make_pack):

1. the host brief names the documents filled in on the same day as a phrase of the host's
   language ("A und B", "A y B"), not two titles joined by a semicolon, a capital after it;
2. the apprentice's convention cites the Code du travail's articles as in force when the
   parties sign, without telling the signatories to check their wording (the checklist's
   caveat keeps the referent's "to be checked");
3. the learning agreement announces the evaluation grid as the annex filled in and signed at the
   end of the stay (as the host brief and the grid's own signature rows say), not "signed with"
   the agreement before departure;
4. the convention leaves its "place of training abroad" blank: the host partner, a party already
   named, is not always where the learner trains (a chamber would strike it);
5. the receiving organisation of the learning agreement is named as the other documents name the
   host partner; the qBID agreement names the Catalan school's tutor one way;
6. a bilingual cell whose two labels give one value prints the value once ("Organisme d'envoi /
   Organización de envío : Lycée…"), not the name once per language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_host_print import CATALONIA, MEN, SPAIN, make_pack
from test_host_words import read
from test_host_words9 import rows

PAIRS = {"fr-de": ("fr", "de", MEN), "fr-es": ("fr", "es", {**MEN, **SPAIN}), "ca-fr": ("ca", "fr", CATALONIA)}
AND = {"de": " und ", "es": " y ", "fr": " et "}
GRID = {"de": "Bewertungsraster", "es": "Rúbrica de evaluación", "fr": "Grille d'évaluation"}
# each title in the language's quotation marks, keeping its capital (words12: unquoted, "A und B"
# read as one title to the German host); `read` makes the French no-break spaces plain
OPEN = {"de": "„", "es": "«", "fr": "« "}
CLOSE = {"de": "“", "es": "»", "fr": " »"}
EUROPASS = {"de": "Vorbereitung des Europass", "es": "Preparación del Europass", "fr": "Préparation de l'Europass"}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-words10")
    return {name: make_pack(root / name, *spec, formats="md") for name, spec in PAIRS.items()}


@pytest.mark.parametrize("name", PAIRS)
def test_the_host_brief_names_documents_of_one_day_in_a_phrase(packs, name):
    host = PAIRS[name][1]
    brief = read(packs[name], "host_brief")
    titles = [r[0] for r in rows(brief) if GRID[host] in r[0]]
    assert len(titles) == 1, brief
    assert titles[0].startswith(OPEN[host] + GRID[host]) and f"{CLOSE[host]}{AND[host]}{OPEN[host]}{EUROPASS[host]}" in titles[0], titles
    # no title list anywhere in the table joined by a semicolon (the qBID row's "; your
    # assessment" joins two dates, in the "When" column)
    assert not any(";" in r[0] for r in rows(brief)), brief


CHECK = ("vérifient la rédaction", "check their current wording", "comprueban su redacción",
         "comproven la redacció", "prüfen den geltenden Wortlaut")
IN_FORCE = {"fr": "R6222-66, dans leur rédaction en vigueur à la date de signature)",
            "de": "R6222-66 in der bei Unterzeichnung geltenden Fassung)",
            "es": "R6222-66, en su redacción vigente en la fecha de la firma)"}


@pytest.mark.parametrize("name", ["fr-de", "fr-es"])
def test_the_convention_cites_the_articles_in_force_without_a_check_for_the_signatories(packs, name):
    lang, host, _ = PAIRS[name]
    convention = read(packs[name], "mobility_convention")
    assert IN_FORCE[lang] in convention and IN_FORCE[host] in convention, convention
    assert not any(words in convention for words in CHECK), convention
    # the referent is still told to check the articles, in the checklist
    assert "source publique, à vérifier" in read(packs[name], "checklist")


ANNEX = {"fr": "Annexe jointe au contrat : la grille d'évaluation de cette mobilité, à remplir et à signer à la fin du séjour.",
         "de": "Anlage zur Vereinbarung: das Bewertungsraster dieser Mobilität, das am Ende des Aufenthalts ausgefüllt und unterschrieben wird.",
         "es": "Anexo que acompaña al acuerdo: la rúbrica de evaluación de esta movilidad, que se cumplimenta y firma al final de la estancia.",
         "ca": "Annex adjunt a l'acord: la graella d'avaluació d'aquesta mobilitat, que s'emplena i se signa al final de l'estada."}


@pytest.mark.parametrize("name", PAIRS)
def test_the_learning_agreement_says_the_grid_is_signed_at_the_end_of_the_stay(packs, name):
    lang, host, _ = PAIRS[name]
    agreement = read(packs[name], "learning_agreement")
    assert ANNEX[lang] in agreement and ANNEX[host] in agreement, agreement
    for words in ("signée en même temps", "mit ihr unterschrieben", "se firma con él", "signat amb ell"):
        assert words not in agreement


PLACE = {"fr": "Lieu de formation à l'étranger, le cas échéant", "de": "Ausbildungsort im Ausland, falls zutreffend",
         "es": "Lugar de formación en el extranjero, en su caso"}


@pytest.mark.parametrize("name", ["fr-de", "fr-es"])
def test_the_convention_leaves_the_place_of_training_abroad_to_the_parties(packs, name):
    lang, host, over = PAIRS[name]
    lines = [ln for ln in read(packs[name], "mobility_convention").splitlines() if PLACE[lang] in ln or PLACE[host] in ln]
    assert len(lines) == 2, lines
    partner = over.get("org.host_partner") or "Handwerkskammer"
    assert all(partner not in ln and r"\_\_\_" in ln for ln in lines), lines


RECEIVING = {"fr": "Organisme d'accueil (partenaire d'accueil)", "de": "Aufnehmende Einrichtung (Partnereinrichtung)",
             "es": "Organización de acogida (socio de acogida)", "ca": "Organització d'acollida (soci d'acollida)"}


@pytest.mark.parametrize("name", PAIRS)
def test_the_receiving_organisation_is_named_as_the_host_partner_is_elsewhere(packs, name):
    lang, host, _ = PAIRS[name]
    signers = [r[0] for r in rows(read(packs[name], "learning_agreement").split("Signature")[-1])]
    assert f"{RECEIVING[lang]} / {RECEIVING[host]}" in signers, signers


def test_the_qbid_agreement_names_the_catalan_tutor_one_way(packs):
    qbid = read(packs["ca-fr"], "qbid_agreement")
    assert "École professionnelle (tuteur catalan)" not in qbid
    assert "Centre educatiu (tutor/a) / École catalane (tuteur)" in [r[0] for r in rows(qbid)]


@pytest.mark.parametrize("name", ["fr-es", "ca-fr"])
def test_two_labels_of_one_name_print_the_name_once(packs, name):
    europass = read(packs[name], "europass_preparation")
    who = [r[1] for r in rows(europass) if r and r[0] in "12345"]
    assert len(who) == 5, europass
    for cell in who:
        label, _, value = cell.rpartition(":")
        assert " / " in label and value.strip() and cell.count(value.strip()) == 1, cell
