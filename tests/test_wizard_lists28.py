"""Issue 28 item 9: the wizard's tick lists and what it says when stopped, in a pseudo-terminal.

- text that matches nothing leaves nothing for Tab to tick;
- "← Retour" and "? Aide" carry no tick box;
- the hint under a question breaks between words at 80 columns;
- a refused number names the question, not its key in the answers file;
- Ctrl-C before the first answer keeps nothing and says so (no "0 réponse").
"""

from __future__ import annotations

import re
import sys

import pytest

from test_learning import answers_doc
from test_record_tty import Record, write
from wizard_driver import EN, FR, Ask, confirm, profile, up_to_dates

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def screen(a: Ask) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", a.child.before or "")


def sessions(tmp):
    return sorted((tmp / "state" / "mobility-advisor" / "sessions").glob("*.yaml"))


def test_text_that_matches_nothing_ticks_nothing(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.wait(EN["goals"])
    a.child.send("Make the mobility")  # no goal has these words
    a.child.send("\t")
    a.child.send("\x7f" * len("Make the mobility"))  # erase the filter
    a.child.send("Europass\t\r")
    a.wait(EN["sending_country"])
    # before #28: "2 chosen: Document participation in the mobility, Document learning outcomes…"
    # (a loaded machine may draw the answered question twice: each drawing says the same)
    found = re.findall(r"(\d+) chosen: ([^\r\n]*)", screen(a))
    assert found
    for n, labels in found:
        assert n == "1" and labels.startswith("Document learning outcomes"), labels
    a.child.sendcontrol("c")
    assert a.finish() == 130


def test_back_and_help_have_no_tick_box(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Build")
    profile(a, EN, funding="Other")
    a.wait("what will you prepare before departure")
    a.wait("? Help")  # the whole list drawn
    drawn = screen(a)
    a.child.sendcontrol("c")
    assert a.finish() == 130
    assert "○" in drawn and "← Back" in drawn  # the choices have their boxes, and Back is there
    assert not re.search(r"[○●]\s*\? Help", drawn)
    assert not re.search(r"[○●]\s*← Back", drawn)


def test_ctrl_c_before_any_answer_keeps_nothing(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.wait(FR["goals"])
    a.child.sendcontrol("c")
    assert a.finish() == 130
    said = a.child.before
    assert "0 réponse" not in said and "--resume" not in said
    assert "aucune réponse" in said
    assert sessions(tmp_path) == []


def test_a_refused_number_names_the_question_not_its_key(tmp_path):
    write(tmp_path, answers_doc("btm", "fr", results={"btm.passed": True, "btm.points": 1}), comment=False)
    r = Record(tmp_path, "a.yaml", "--lang", "fr")
    r.text("Date de l'évaluation", "")
    r.select("Acquis n° 1", "atteint")
    r.select("Acquis n° 2", "atteint")
    r.select("Acquis n° 3", "atteint")
    r.select("Le BTM est-il obtenu", "Oui")
    r.text("Points supplémentaires attribués", "4")
    r.wait("Points supplémentaires : 4")
    assert "btm.points" not in r.child.before
    r.child.send("\x15" + "2\r")
    assert r.finish() == 0


def test_hints_break_between_words_at_80_columns():
    from mobility_advisor.cli.lists import fit_instruction
    from mobility_advisor.i18n.messages import msg

    for lang in ("fr", "en", "es", "ca", "de"):
        hint = msg("checkbox_hint_filter", lang)
        question = "Que souhaitez-vous faire pour cette mobilité ? (plusieurs réponses possibles)"
        lines = fit_instruction("? " + question + " ", hint, 80)
        assert all(len(line) <= 80 for line in lines), lines
        assert " ".join(" ".join(lines).split()) == " ".join(hint.split())  # every word, whole, in order
        words = set(hint.split())
        assert all(w in words for line in lines for w in line.split()), lines


# --- item 8: the host's language, asked where the destination does not settle it ----------


def test_canada_asks_the_host_language_french_first(tmp_path):
    import yaml

    a = Ask(tmp_path, "--save-answers", "a.yaml", lang="en")
    a.check(EN["goals"], "Europass")
    up_to_dates(a, EN, country="Canada", apprentice=False)
    a.wait("In which language do the host company and its tutor read and sign their documents?")
    a.wait("English")
    assert "French" in screen(a)  # drawn before English: the likely language first
    a.child.send("French\r")
    a.text(EN["start"], "2027-03-01")
    a.text(EN["end"], "2027-03-26")
    a.select(EN["funding"], "Other")
    confirm(a, EN)
    assert a.finish() == 0
    assert yaml.safe_load((tmp_path / "a.yaml").read_text("utf-8")).get("host_lang") == "fr"
    # the host's own brief is in the host's language alone: French, in an English pack
    brief = (a.out / "host_brief.md").read_text("utf-8")
    assert "The learner and the dates" not in brief and "L'apprenant et la période" in brief, brief[:300]


def test_germany_does_not_ask_the_host_language(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    up_to_dates(a, EN, country="Germany", apprentice=False)
    a.wait(EN["start"])
    assert "In which language" not in screen(a)
    a.child.sendcontrol("c")
    assert a.finish() == 130


# --- item 7: the EQF help names the CAP's level, from a public source ------------------------


def test_eqf_help_names_the_level_of_the_cap(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Europass")
    a.select(FR["sending_country"], "France")
    a.text(FR["name"], "Léa Dupont")
    a.text(FR["birth"], "2005-04-02")
    a.text(FR["qualification"], "CAP Pâtissier")
    a.select(FR["eqf"], "Aide")
    a.wait("004")  # the seed it comes from (the panel wraps the text: words checked a line at a time)
    a.wait("le CAP équivaut au niveau 3 du CEC")
    a.select(FR["eqf"], "3")
    a.wait(FR["sending"])
    a.child.sendcontrol("c")
    assert a.finish() == 130


def test_the_profile_oids_and_project_code_are_offered_and_reach_the_learning_agreement(tmp_path):
    from test_profile import PROFILE

    code = "2026-1-FR01-KA121-VET-000123456"  # the shape the question takes (another shape is asked)
    (tmp_path / "profil.yaml").write_text(PROFILE.replace("2026-1-FR01-KA121-VET-000123", code), encoding="utf-8")
    a = Ask(tmp_path, "--profile", str(tmp_path / "profil.yaml"), lang="fr")
    a.check(FR["goals"], "Attester")
    a.wait(FR["sending_country"])
    a.child.send("\r")
    a.text(FR["name"], "Léa Dupont")
    a.text(FR["birth"], "2005-04-02")
    a.text(FR["qualification"], "Bac pro Boulanger-pâtissier")
    a.select(FR["eqf"], "4")
    a.text(FR["sending"], "")  # the profile's, as the default
    a.select(FR["apprentice"], FR["no"])
    a.select(FR["partner"], "Frankfurt")
    a.select(FR["company"], "Schulz")
    a.select(FR["tutor"], "Anna")
    a.select(FR["function"], "Konditor")
    a.select(FR["country"], "\x15")
    a.text(FR["start"], "2027-03-01")
    a.text(FR["end"], "2027-03-26")
    a.select(FR["funding"], "Erasmus")
    for key, shown in (("project_code", code), ("mobility_id", None),
                       ("sending_oid", "E10012345"), ("host_oid", "E10099999"), ("activity_type", None)):
        a.wait(FR[key])
        if shown:
            a.wait(shown)  # the profile's, offered as the default: Enter keeps it
        a.child.send("\r")
    a.select("Voulez-vous délivrer une attestation de participation", "Oui")
    a.select("D'autres documents que vous délivrez", "Non")
    confirm(a, FR)
    assert a.finish() == 0
    agreement = (a.out / "learning_agreement.md").read_text(encoding="utf-8")
    for value in (code, "E10012345", "E10099999"):
        assert value in agreement, value
