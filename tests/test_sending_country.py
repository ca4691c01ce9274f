"""The sending side (issue 15, item 1): the sending country decides whom the pack names,
the certification routes offered, how the questions are worded and the destinations.

Engine and pack tests here; the wizard is driven in a pseudo-terminal in
test_ask_tty_sending.py.
"""

from __future__ import annotations

import pytest

from conftest import TODAY, profile
from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.engine import engine
from mobility_advisor.pack import render
from mobility_advisor.rules.problems import InputError

LANGS = ("fr", "en")
FRENCH_WORDS = ("Agence Erasmus+ France", "rectorat", "DAREIC", "Éducation nationale", "Ministry of Education",
                "employeur en France", "employer in France", "CMA France", "BTM", "Mobilité Pro", "qBID")
CERT = {"certification.certifier": "other", "certification.in_framework": "unsure"}


def plain(files):
    """French typography's no-break spaces (before : ; ? ! and inside « ») read as spaces here."""
    return {k: v.replace("\u00a0", " ").replace("\u202f", " ") if isinstance(v, str) else v for k, v in files.items()}


def pack(tree, lang, **answers):
    result = engine.outcomes(tree, profile(**answers), TODAY)
    return plain(render.pack_files(tree, result, lang, TODAY))


def advice(files):
    """What the pack says, without the Sources lists (where the ministry publishes seed 001)."""
    return "\n".join(v.split("\n## Sources\n")[0] for k, v in files.items() if k.endswith(".md"))


def offered(tree, qid, country):
    return [c.value for c in engine.offered(tree.questions[qid], {"org.sending_country": country})]


@pytest.mark.parametrize("country,home", [("fr", "fr"), ("es_ct", "es"), ("es", "es"), ("be_fr", "be"), ("de", "de")])
def test_the_destination_list_does_not_offer_the_sending_country(tree, country, home):
    dest = offered(tree, "destination.country", country)
    assert home not in dest
    assert len(dest) == len(tree.questions["destination.country"].choices) - 1
    with pytest.raises(InputError, match="destination.country"):
        answers_mod.resolve(tree, {"goals": ["learning_outcomes"], **profile(**{
            "org.sending_country": country, "destination.country": home})})


def test_another_sending_country_may_go_anywhere_listed(tree):
    assert offered(tree, "destination.country", "other") == [c.value for c in tree.questions["destination.country"].choices]


@pytest.mark.parametrize("country,routes", [("fr", ["men", "cma_btm", "other"]), ("es_ct", ["qbid", "other"]),
                                            ("es", ["other"]), ("be_fr", ["other"]), ("de", ["other"]),
                                            ("other", ["other"])])
def test_certification_routes_follow_the_sending_country(tree, country, routes):
    assert offered(tree, "certification.certifier", country) == routes


@pytest.mark.parametrize("route", ["men", "cma_btm", "qbid"])
def test_a_navarra_answers_file_cannot_take_a_french_or_catalan_route(tree, route):
    raw = {"goals": ["certification"], **profile(**{"org.sending_country": "es", "destination.country": "fr"}),
           "certification.certifier": route}
    for lang, words in (("en", "one of: other"), ("fr", "parmi : other")):
        with pytest.raises(InputError) as exc:
            answers_mod.resolve(tree, raw, lang=lang)
        assert "certification.certifier" in str(exc.value) and words in str(exc.value)


@pytest.mark.parametrize("lang", LANGS)
def test_navarra_pack_gives_the_general_certification_advice_only(tree, lang):
    files = pack(tree, lang, goals=["certification"], **{"org.sending_country": "es", "destination.country": "fr",
                                                         "learner.apprentice": False}, **CERT)
    assert not {"men_unit_file.md", "btm_file.md", "qbid_agreement.md"} & set(files)
    text = advice(files)
    assert not [w for w in FRENCH_WORDS if w in text]
    result = engine.outcomes(tree, profile(**{"org.sending_country": "es", "destination.country": "fr",
                                              "goals": ["certification"]}, **CERT), TODAY)
    ids = {i.outcome.id for i in result.items}
    # the seeds' general approach: competences in the standard, exam rules, inform the certifier
    assert {"certification.check_standard", "certification.use_certifier_method", "certification.inform_certifier",
            "certification.other_certifier", "certification.in_framework_unsure"} <= ids
    assert not [i for i in ids if i.startswith(("men.", "btm.", "qbid."))]


@pytest.mark.parametrize("lang", LANGS)
def test_catalan_qbid_pack_names_sepie_and_no_french_body(tree, lang):
    files = pack(tree, lang, goals=["certification", "participation", "learning_outcomes"], **{
        "org.sending_country": "es_ct", "destination.country": "fr", "certification.certifier": "qbid",
        "certification.in_framework": "unsure", "qbid.catalan_tutor": "Jordi Puig", "qbid.module": "",
        "participation.attestation": True, "participation.other_evidence": True, "mobility.funding": "erasmus"})
    assert "qbid_agreement.md" in files
    text = advice(files)
    assert "SEPIE – Servicio Español para la Internacionalización de la Educación" in text
    assert not [w for w in FRENCH_WORDS[:6] if w in text]
    # cited as public sources by their own name and address, never as the notes file
    index = files["index.md"]
    assert "<https://www.sepie.es>" in index and "domain-notes" not in "".join(files.values())


@pytest.mark.parametrize("lang", LANGS)
def test_catalan_europass_centre_is_sepie_to_be_checked(tree, lang):
    files = pack(tree, lang, goals=["learning_outcomes"], **{
        "org.sending_country": "es_ct", "destination.country": "fr", "mobility.funding": "other"})
    text = advice(files)
    # the table gives SEPIE as the Europass centre per a 2016 source: the pack says to check it
    assert ("SEPIE, centre Europass pour l'Espagne selon une source de 2016 (à vérifier" if lang == "fr"
            else "SEPIE, the Europass centre for Spain according to a 2016 source (to be checked") in text
    assert not [w for w in FRENCH_WORDS[:6] if w in text]


@pytest.mark.parametrize("country,agency,address", [
    ("fr", "Agence Erasmus+ France / Éducation Formation", "https://agence.erasmusplus.fr"),
    ("be_fr", "AEF-Europe", "https://www.erasmusplus-fr.be"),
    ("de", "NA beim BIBB", "https://www.na-bibb.de"),
])
@pytest.mark.parametrize("lang", LANGS)
def test_the_national_agency_is_named_where_the_pack_says_whom_to_check_with(tree, lang, country, agency, address):
    files = pack(tree, lang, goals=["participation"], **{
        "org.sending_country": country, "destination.country": "at", "participation.attestation": True,
        "participation.other_evidence": True})
    line = next(ln for ln in files["index.md"].splitlines() if "participation.other_evidence_check" in ln
                or ("contrat financier" in ln and "Erasmus+" in ln) or "grant agreement" in ln)
    assert agency in line
    assert f"<{address}>" in files["index.md"]
    if country == "be_fr":  # the table says the address is to be verified: so does the pack
        assert ("adresse du site à vérifier" if lang == "fr" else "website address to be checked") in line


@pytest.mark.parametrize("lang", LANGS)
def test_another_country_gets_the_generic_contact(tree, lang):
    files = pack(tree, lang, goals=["participation"], **{
        "org.sending_country": "other", "destination.country": "at", "participation.attestation": True,
        "participation.other_evidence": True})
    text = advice(files)
    assert ("votre agence nationale Erasmus+" if lang == "fr" else "your Erasmus+ national agency") in text
    assert "{national_agency}" not in text and "Agence Erasmus+ France" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_german_dual_training_gets_the_bbig_caveat_to_check(tree, lang):
    files = pack(tree, lang, goals=["certification"], **{"org.sending_country": "de", "destination.country": "fr"},
                 **CERT)
    text = advice(files)
    assert "BBiG" in text and ("chambre compétente" if lang == "fr" else "competent chamber") in text
    assert "Berufsbildungsgesetz (BBiG)" in files["index.md"] and "<https://lexetius.com>" in files["index.md"]
    assert not [w for w in FRENCH_WORDS if w in text]
    # not for a French sender, nor for a German learner who is not in dual training
    assert "BBiG" not in advice(pack(tree, lang, goals=["certification"], **CERT))
    assert "BBiG" not in advice(pack(tree, lang, goals=["certification"], **{
        "org.sending_country": "de", "destination.country": "fr", "learner.apprentice": False}, **CERT))


@pytest.mark.parametrize("country,words", [
    ("fr", ("employeur en France", "employer in France")),
    ("es_ct", ("FP dual", "FP dual")), ("es", ("FP dual", "FP dual")),
    ("be_fr", ("IFAPME", "IFAPME")), ("de", ("Ausbildung", "Ausbildung")),
    ("other", ("son employeur ou son entreprise formatrice", "their employer or training company")),
])
def test_the_apprentice_question_is_worded_for_the_sending_system(tree, country, words):
    text, _ = engine.wording(tree.questions["learner.apprentice"], {"org.sending_country": country})
    assert words[0] in text.fr and words[1] in text.en
    if country != "fr":
        assert "France" not in text.fr + text.en


def test_an_answers_file_without_the_sending_country_is_a_french_sender(tree, tmp_path):
    raw = {"goals": ["participation"], **profile(), "participation.attestation": True,
           "participation.other_evidence": False}
    del raw["org.sending_country"]
    answers = answers_mod.resolve(tree, raw)
    assert answers["org.sending_country"] == "fr"
    # and France is then no destination: such a file naming France is refused clearly
    with pytest.raises(InputError, match="destination.country"):
        answers_mod.resolve(tree, {**raw, "destination.country": "fr"})


@pytest.mark.parametrize("written,value", [("France", "fr"), ("Allemagne", "de"), ("germany", "de"), ("fr", "fr")])
def test_a_choice_may_be_named_by_its_label_as_a_profile_does(tree, written, value):
    raw = {"goals": ["participation"], **profile(**{"org.sending_country": written, "destination.country": "at"}),
           "participation.attestation": True, "participation.other_evidence": False}
    assert answers_mod.resolve(tree, raw)["org.sending_country"] == value


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", ["es_ct", "es", "be_fr", "de"])
def test_questions_give_no_french_school_examples_to_other_senders(tree, lang, country):
    """The answers table repeats each question: a school outside France is not asked about its
    "Bac pro" or its "CFA, lycée professionnel"; a French one still gets those examples."""
    walk = {"goals": ["participation"], "participation.attestation": True, "participation.other_evidence": False}
    files = pack(tree, lang, **walk, **{"org.sending_country": country, "learner.qualification": "Ausbildung Bäcker",
                                        "org.sending": "Berufsschule Frankfurt", "destination.country": "fr"})
    said = files["index.md"].split("\n## Sources\n")[0]
    assert "Berufsschule Frankfurt" in said  # the answers table is there
    assert not [w for w in ("Bac pro", "CAP Pâtissier", "CFA", "lycée professionnel") if w in said]
    french = pack(tree, lang, **walk, **{"org.sending_country": "fr"})["index.md"]
    assert "Bac pro Cuisine, CAP Pâtissier" in french and ("CFA, lycée professionnel" in french or lang == "en")
