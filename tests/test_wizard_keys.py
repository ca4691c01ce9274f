"""The wizard as a careful referent types into it, in a real pseudo-terminal.

Issue #13 item 6 (answers never read as Rich markup), 7 and 10 where they are typed, and
#18 "Wizard:" (a space in a list filter, help and Ctrl-D in lists, the answered line in the
run's language, labels of the "which answer" list, the diploma asked twice, quitting,
the English date prompt).
"""

from __future__ import annotations

import re
import sys

import pytest

from wizard_driver import EN, FR, Ask, confirm, official, profile, up_to_dates

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")



def kept(tmp) -> str:
    """The one unfinished session's file (see mobility_advisor.cli.sessions)."""
    (path,) = sorted((tmp / "state" / "mobility-advisor" / "sessions").glob("*.yaml"))
    return path.read_text("utf-8")


def screen(a: Ask) -> str:
    """What was drawn since the last wait, without colour codes (text is kept whole by rich)."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", a.child.before or "")


def europass_profile(a: Ask, t: dict, **kw) -> None:
    a.check(t["goals"], "Europass")
    profile(a, t, apprentice=False, **kw)


# --- #13 item 6: answers are printed as typed ----------------------------------------


def test_summary_prints_answers_as_typed_never_as_markup(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    a.select(EN["sending_country"], "France")
    a.text(EN["name"], "Léa [/bold] Dupont")  # a closing tag with nothing open crashed rich
    a.text(EN["birth"], "2005-04-02")
    a.text(EN["qualification"], "Bac pro Cuisine")
    a.select(EN["eqf"], "4")
    a.text(EN["sending"], "CFA de Tours")
    a.select(EN["apprentice"], EN["no"])
    a.text(EN["partner"], "Handwerkskammer Frankfurt (Oder)")
    a.text(EN["company"], "Bäckerei Schulz [frankfurt]")
    a.text(EN["tutor"], "[link=https://evil.example]Anna[/link]")
    a.text(EN["function"], "[bold red]Konditormeisterin")
    a.select(EN["country"], "Germany")
    a.text(EN["start"], "2027-03-01")
    a.text(EN["end"], "2027-03-26")
    a.select(EN["funding"], "Erasmus")
    official(a, EN)
    a.select(EN["outcomes_menu"], EN["outcomes_done"])  # the learning outcomes entry comes first
    a.wait(EN["confirm"])
    shown = a.child.before
    assert "\x1b]8;" not in shown  # no terminal hyperlink
    text = screen(a)
    for typed in ("Léa [/bold] Dupont", "Bäckerei Schulz [frankfurt]", "[link=https://evil.example]Anna[/link]",
                  "[bold red]Konditormeisterin"):
        assert typed in text, typed
    a.child.send("Change\r")
    a.wait("Which answer do you want to change?")
    a.wait("Host company")
    a.child.send("Host company\r")
    a.text(EN["company"], "\x15Bäckerei Schulz [oder]")
    a.wait(EN["confirm"])
    assert "Bäckerei Schulz [oder]" in screen(a)
    a.child.send("Write the pack\r")
    assert a.finish() == 0
    index = (a.out / "index.md").read_text("utf-8")
    assert "Léa \\[/bold\\] Dupont" in index and "Traceback" not in a.child.before


# --- #13 items 7 and 10, where they are typed ----------------------------------------


def test_far_dates_and_hidden_characters_are_refused_where_typed(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Europass")
    a.select(FR["sending_country"], "France")
    a.text(FR["name"], "Léa\u202e Dupont")
    a.refused("caractère invisible U+202E", "Léa Dupont")
    a.text(FR["birth"], "2005-04-02")
    a.text(FR["qualification"], "Bac pro Cuisine")
    a.select(FR["eqf"], "4")
    a.text(FR["sending"], "CFA de Tours")
    a.select(FR["apprentice"], FR["no"])
    a.text(FR["partner"], "HWK")
    a.text(FR["company"], "Bäckerei Schulz")
    a.text(FR["tutor"], "Anna Schulz")
    a.text(FR["function"], "Konditormeisterin")
    a.select(FR["country"], "Allemagne")
    a.text(FR["start"], "9999-12-31")
    a.refused("hors des dates acceptées (années 2000 à 2099)", "01/03/2027")
    a.text(FR["end"], "0001-01-01")
    a.refused("hors des dates acceptées", "26/03/2027")
    a.select(FR["funding"], "Erasmus")
    official(a, FR)
    confirm(a, FR)
    assert a.finish() == 0
    assert "Traceback" not in a.child.before
    assert "26 mars 2027" in (a.out / "index.md").read_text("utf-8")


def test_a_past_start_date_is_warned_not_refused(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    up_to_dates(a, EN, apprentice=False, country="Germany")
    a.text(EN["start"], "2026-01-05")
    a.wait("the start date (2026-01-05) is already past")
    a.text(EN["end"], "2026-02-05")
    a.select(EN["funding"], "Erasmus")
    official(a, EN)
    confirm(a, EN)
    assert a.finish() == 0
    assert "5 January 2026" in (a.out / "index.md").read_text("utf-8")


# --- #18 Wizard ----------------------------------------------------------------------


def test_space_types_into_a_list_filter_and_the_answer_line_is_french(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.wait(FR["goals"])
    a.child.send("la mobilité à")  # only "Intégrer la mobilité à la formation…" has these words
    a.child.send("\t")
    a.child.send("\r")
    a.wait("1 choix : Intégrer la mobilité à la formation et évaluer les acquis")
    a.wait(FR["sending_country"])  # Ctrl+C at the next question, not while it is being drawn (lost under load)
    a.child.sendcontrol("c")
    assert a.finish() == 130
    assert "goals:\n  - integration\n" in kept(tmp_path)


def test_several_ticks_are_counted_in_the_run_language(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Attester", "Europass")
    a.wait("2 choix : Attester la participation à la mobilité, Documenter les acquis")
    assert "selections" not in a.child.before
    a.wait(FR["sending_country"])
    a.child.sendcontrol("c")
    assert a.finish() == 130


def test_space_still_ticks_when_no_filter_is_typed(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.wait(EN["goals"])
    a.child.send(" \r")  # the first item, highlighted
    a.wait("1 chosen: Document participation in the mobility")
    a.wait(EN["sending_country"])
    a.child.sendcontrol("c")
    assert a.finish() == 130


def test_help_in_a_multiple_choice_list_shows_the_help(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.wait(FR["goals"])
    a.child.send("Aide\r")  # filter to "? Aide", then Enter
    a.wait("Cochez chaque démarche qui vous concerne")
    a.check(FR["goals"], "Europass")  # asked again after the help
    a.wait(FR["sending_country"])
    a.child.sendcontrol("c")
    assert a.finish() == 130


def test_back_in_a_multiple_choice_list_goes_back(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Build")
    profile(a, EN, funding="Other")  # (with Erasmus+, the official fields come between)
    a.wait("what will you prepare before departure")
    a.child.send("Back\r")
    a.select(EN["funding"], "Erasmus")
    official(a, EN)
    a.wait("what will you prepare before departure")
    a.child.sendcontrol("c")
    assert a.finish() == 130
    assert "mobility.funding: erasmus" in kept(tmp_path)


@pytest.mark.parametrize("where", ["checkbox", "select"])
def test_ctrl_d_in_a_list_ends_like_ctrl_c(tmp_path, where):
    a = Ask(tmp_path, lang="en")
    if where == "select":
        a.check(EN["goals"], "Europass")
        a.select(EN["sending_country"], "France")
        a.text(EN["name"], "Léa Dupont")
        a.text(EN["birth"], "2005-04-02")
        a.text(EN["qualification"], "Bac pro Cuisine")
        a.select(EN["eqf"], "4")
        a.text(EN["sending"], "CFA de Tours")
        a.wait(EN["apprentice"])
    else:
        a.wait(EN["goals"])
    a.child.sendeof()
    assert a.finish() == 130
    assert not a.out.exists()
    if where == "select":
        assert "mobility-advisor ask --resume" in a.child.before and kept(tmp_path)
    else:  # at the first question, nothing answered: nothing to resume (#28)
        assert "nothing kept" in a.child.before and "--resume" not in a.child.before
        assert not list((tmp_path / "state" / "mobility-advisor" / "sessions").glob("*.yaml"))


def test_quit_without_writing_exits_0_with_its_message(tmp_path):
    a = Ask(tmp_path, lang="fr")
    europass_profile(a, FR)
    a.select(FR["outcomes_menu"], FR["outcomes_done"])  # the learning outcomes entry comes first
    a.select(FR["confirm"], "Quitter sans")
    assert a.finish() == 0
    assert "Aucun dossier écrit" in a.child.before and "Interrompu" not in a.child.before
    assert not a.out.exists()
    assert "learner.name: Léa Dupont" in kept(tmp_path)


def test_ask_help_documents_the_exit_codes(tmp_path):
    import subprocess

    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "ask", "--help"], capture_output=True, text=True,
                       env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "LANG": "en_GB.UTF-8"})
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    assert "0 written, or \"Quit without writing\" chosen" in text and "130 interrupted by Ctrl-C or Ctrl-D" in text
    # without a locale, French
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "ask", "--help"], capture_output=True, text=True,
                       env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    text = " ".join(r.stdout.split())
    assert "0 dossier écrit, ou « Quitter sans écrire » choisi" in text and "130 interrompu par Ctrl-C" in text


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_which_answer_labels_keep_the_answer_at_narrow_widths(tmp_path, columns):
    partner = "Handwerkskammer Frankfurt (Oder) – Berufsbildung"
    b = Ask(tmp_path, lang="fr", columns=columns, out="pack2")
    b.check(FR["goals"], "Attester")
    b.select(FR["sending_country"], "France")
    b.text(FR["name"], "Léa Dupont")
    b.text(FR["birth"], "2005-04-02")
    b.text(FR["qualification"], "Bac pro Cuisine")
    b.select(FR["eqf"], "4")
    b.text(FR["sending"], "CFA de Tours")
    b.select(FR["apprentice"], FR["no"])
    b.text(FR["partner"], partner)
    b.text(FR["company"], "Bäckerei Schulz")
    b.text(FR["tutor"], "Anna Schulz")
    b.text(FR["function"], "Konditormeisterin")
    b.select(FR["country"], "Allemagne")
    b.text(FR["start"], "2027-03-01")
    b.text(FR["end"], "2027-03-26")
    b.select(FR["funding"], "Erasmus")
    official(b, FR)
    b.select("Voulez-vous délivrer une attestation de participation", "Oui")
    b.select("D'autres documents que vous délivrez", "Non")
    b.select(FR["confirm"], "Modifier")
    b.wait("Quelle réponse modifier ?")
    b.wait("Bäckerei Schulz")  # the list is drawn
    drawn = screen(b)
    assert partner in drawn  # the answer is whole
    assert "Partenaire d'accueil" in drawn
    long_question = "Voulez-vous délivrer une attestation de participation signée par le partenaire"
    assert "…" in drawn and long_question + " d'accueil et la ou les entreprises d'accueil ?" not in drawn
    for line in drawn.splitlines():
        assert len(line.rstrip()) <= columns
    b.child.sendcontrol("c")
    assert b.finish() == 130


def test_the_men_diploma_list_recalls_the_qualification_typed(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "certification")
    profile(a, FR)  # qualification: "Bac pro Cuisine"
    a.select("Quel certificateur", "ducation nationale")
    a.wait("Quel diplôme professionnel")
    assert "Vous avez indiqué plus haut : Bac pro Cuisine" in screen(a)
    a.child.send("(Bac pro)\r")
    a.select("Les compétences visées figurent-elles", "vérifié")
    confirm(a, FR)
    assert a.finish() == 0


def test_english_date_prompt_says_day_first_and_reads_it_so(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    up_to_dates(a, EN, apprentice=False, country="Germany")
    a.wait("Start date of the mobility (YYYY-MM-DD or DD/MM/YYYY, day first;")
    a.child.send("?\r")
    a.wait("05/03/2027 (day first: 5 March 2027)")
    a.text(EN["start"], "03/05/2027")
    a.text(EN["end"], "2027-05-28")
    a.select(EN["funding"], "Erasmus")
    official(a, EN)
    confirm(a, EN)
    assert a.finish() == 0
    index = (a.out / "index.md").read_text("utf-8")
    assert "3 May 2027" in index and "5 March 2027" not in index
