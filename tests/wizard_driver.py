"""Drive `mobility-advisor ask` in a real pseudo-terminal, choosing by visible labels."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect

TODAY = "2026-11-24"


class Ask:
    """One run of the wizard in a pty; each method waits for a question's text, then answers it."""

    def __init__(self, tmp: Path, *args: str, lang: str | None = "fr", out: str | None = "pack", columns: int = 220):
        """`lang` None: no --lang (the locale is C: French, unless a resumed session says otherwise);
        `out` None: no -o (a resumed session's own, or the default folder)."""
        self.tmp = tmp
        self.out = tmp / out if out is not None else None
        env = dict(os.environ)
        env.update(
            XDG_STATE_HOME=str(tmp / "state"),
            XDG_CONFIG_HOME=str(tmp / "config"),  # no profile of the machine's user
            MOBILITY_ADVISOR_TODAY=TODAY,
            TERM="xterm-256color",
            PROMPT_TOOLKIT_NO_CPR="1",
            LANG="C.UTF-8",
        )
        env.pop("LC_ALL", None)
        argv = ["-m", "mobility_advisor", "ask", *(["--lang", lang] if lang else []), *(["-o", str(self.out)] if out is not None else []), *args]
        self.child = pexpect.spawn(sys.executable, argv, cwd=str(tmp), env=env, encoding="utf-8",
                                   dimensions=(60, columns), timeout=20)
        self.log: list[str] = []

    def wait(self, text: str) -> None:
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            raise AssertionError(f"never saw {text!r}; screen so far:\n{self.child.before[-3000:]}") from exc
        time.sleep(0.05)  # let prompt_toolkit finish drawing before we type

    def select(self, question: str, label: str) -> None:
        """Type part of the visible label (the list filters as you type), then Enter."""
        self.wait(question)
        self.child.send(label)
        self.child.send("\r")

    def check(self, question: str, *labels: str) -> None:
        """Tick each choice whose visible label contains the words (Tab ticks and clears the filter), then Enter."""
        self.wait(question)
        for word in labels:
            self.child.send(word)
            time.sleep(0.05)
            self.child.send("\t")
            time.sleep(0.05)
        self.child.send("\r")

    def text(self, question: str, value: str) -> None:
        self.wait(question)
        self.child.send(value + "\r")

    def refused(self, message: str, fix: str) -> None:
        """The value typed was refused with this message; clear the field and type another."""
        self.wait(message)
        self.child.send("\x15" + fix + "\r")  # Ctrl-U clears the line

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


FR = {
    "goals": "Que souhaitez-vous faire",
    "sending_country": "Où se trouve l'organisme d'envoi",
    "name": "Nom et prénom de l'apprenant",
    "birth": "Date de naissance de l'apprenant",
    "minor": "L'apprenant sera-t-il mineur",
    "eqf": "Niveau du diplôme dans le cadre européen",
    "arrangement": "sera-t-il mis en veille",
    "contract_start": "Date de début du contrat d'apprentissage",
    "contract_end": "Date de fin du contrat d'apprentissage",
    "project_code": "Code du projet Erasmus+",
    "mobility_id": "Identifiant de la mobilité",
    "sending_oid": "OID de l'organisme d'envoi",
    "host_oid": "OID de l'organisme d'accueil",
    "activity_type": "Type d'activité",
    "qualification": "Diplôme ou titre préparé",
    "sending": "Organisme d'envoi",
    "apprentice": "L'apprenant est-il apprenti",
    "sending_company": "Entreprise d'envoi (employeur",
    "partner": "Partenaire d'accueil",
    "company": "Entreprise d'accueil",
    "tutor": "Nom du tuteur dans l'entreprise",
    "function": "Fonction du tuteur",
    "country": "Pays de destination",
    "start": "Date de début de la mobilité",
    "end": "Date de fin de la mobilité",
    "funding": "Comment la mobilité est-elle financée",
    "yes": "Oui",
    "no": "Non",
    "confirm": "Que voulez-vous faire ?",
    "write": "crire le dossier",
    "outcomes_menu": "Acquis d'apprentissage visés par la mobilité",
    "outcomes_done": "Terminé",
}
EN = {
    "goals": "What do you want to do",
    "sending_country": "Where is the sending organisation",
    "name": "Learner's full name",
    "birth": "Learner's date of birth",
    "minor": "Will the learner be under 18",
    "eqf": "Level of the qualification in the European Qualifications Framework",
    "arrangement": "will the apprenticeship contract be put on hold",
    "contract_start": "Start date of the apprenticeship contract",
    "contract_end": "End date of the apprenticeship contract",
    "project_code": "Erasmus+ project code",
    "mobility_id": "Mobility ID",
    "sending_oid": "Sending organisation's OID",
    "host_oid": "Hosting organisation's OID",
    "activity_type": "Activity type",
    "qualification": "Target qualification",
    "sending": "Sending organisation",
    "apprentice": "Is the learner an apprentice",
    "sending_company": "Sending company (the apprentice",
    "partner": "Host partner",
    "company": "Host company",
    "tutor": "Name of the tutor in the host company",
    "function": "Tutor's job title",
    "country": "Destination country",
    "start": "Start date of the mobility",
    "end": "End date of the mobility",
    "funding": "How is the mobility funded",
    "yes": "Yes",
    "no": "No",
    "confirm": "What would you like to do?",
    "write": "Write the pack",
    "outcomes_menu": "Learning outcomes the mobility aims at",
    "outcomes_done": "Done",
}


def profile(a: Ask, t: dict, *, name="Léa Dupont", country="Allemagne", start="2027-03-01", end="2027-03-26",
            funding="Erasmus", apprentice=True, sending_country="France", apprentice_q=None,
            arrangement=None, project_code="", official_fields=True) -> None:
    """Answer the common questions in order (`apprentice_q`: the apprentice question's words
    for a sending system other than the French one; `arrangement`: the label chosen for the
    French apprentice's convention, first choice by default)."""
    up_to_dates(a, t, name=name, country=country, apprentice=apprentice, sending_country=sending_country,
                apprentice_q=apprentice_q, arrangement=arrangement)
    a.text(t["start"], start)
    a.text(t["end"], end)
    a.select(t["funding"], funding)
    if funding == "Erasmus" and official_fields:
        official(a, t, project_code)


def up_to_dates(a: Ask, t: dict, *, name="Léa Dupont", country="Allemagne", apprentice=True,
                sending_country="France", apprentice_q=None, arrangement=None) -> None:
    """The common questions before the mobility's dates: for tests that type dates of their own."""
    a.select(t["sending_country"], sending_country)
    a.text(t["name"], name)
    a.text(t["birth"], "2005-04-02")
    a.text(t["qualification"], "Bac pro Cuisine")
    a.select(t["eqf"], "4")
    a.text(t["sending"], "CFA de Tours")
    a.select(apprentice_q or t["apprentice"], t["yes"] if apprentice else t["no"])
    if apprentice:
        a.text(t["sending_company"], "Pâtisserie Martin")
        if sending_country == "France":
            a.select(t["arrangement"], arrangement or "")
            a.text(t["contract_start"], "2025-09-01")
            a.text(t["contract_end"], "2027-08-31")
    a.text(t["partner"], "Handwerkskammer Frankfurt (Oder)")
    a.text(t["company"], "Bäckerei Schulz")
    a.text(t["tutor"], "Anna Schulz")
    a.text(t["function"], "Konditormeisterin")
    a.select(t["country"], country)


def official(a: Ask, t: dict, project_code: str = "") -> None:
    """The learning agreement's official fields, left blank but for the project code."""
    a.text(t["project_code"], project_code)
    for key in ("mobility_id", "sending_oid", "host_oid", "activity_type"):
        a.text(t[key], "")


def confirm(a: Ask, t: dict) -> None:
    """Write the pack from the summary; when the goals use learning outcomes, the outcomes entry comes
    first: leave it as it is ("Done")."""
    try:
        i = a.child.expect_exact([t["outcomes_menu"], t["confirm"]])
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        raise AssertionError(f"never saw the summary; screen so far:\n{a.child.before[-3000:]}") from exc
    time.sleep(0.05)
    if i == 0:
        a.child.send(t["outcomes_done"])  # the menu is on screen already
        a.child.send("\r")
        a.select(t["confirm"], t["write"])
    else:
        a.child.send(t["write"])
        a.child.send("\r")
