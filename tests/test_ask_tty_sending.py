"""A sender outside France, in a real pseudo-terminal (issue 15, item 1): a German training
company's learner is asked nothing French, and Germany is no destination.

Choices are made by their visible labels, in French and in English.
"""

from __future__ import annotations

import io
import re
import sys

import pytest

from wizard_driver import EN, FR, Ask, confirm, official

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SCREEN = {
    "fr": {"t": FR, "germany": "Allemagne", "austria": "Autriche", "last": "Autre pays",
           "dual": "suit-il une formation duale (Ausbildung)", "other_cert": "Un autre certificateur",
           "unsure": "sais pas", "certifier": "Quel certificateur"},
    "en": {"t": EN, "germany": "Germany", "austria": "Austria", "last": "Another country",
           "dual": "Is the learner in dual training (Ausbildung)", "other_cert": "Another certifier",
           "unsure": "know", "certifier": "Which certifier"},
}
FRENCH = ("employeur en France", "employer in France", "rectorat", "DAREIC", "Éducation nationale",
          "Ministry of Education", "CMA France", "BTM", "qBID", "Catalogne", "Catalonia")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_german_sender_is_asked_nothing_french(tmp_path, lang):
    s = SCREEN[lang]
    t = s["t"]
    a = Ask(tmp_path, lang=lang)
    seen = io.StringIO()
    a.child.logfile_read = seen
    a.check(t["goals"], "certification")
    a.select(t["sending_country"], s["germany"])
    after_sending = len(seen.getvalue())
    a.text(t["name"], "Jonas Weber")
    a.text(t["birth"], "2008-06-01")
    a.text(t["qualification"], "Konditor")
    a.select(t["eqf"], "4")
    a.text(t["sending"], "Konditorei Müller, Cottbus")
    a.select(s["dual"], t["yes"])
    a.text(t["sending_company"], "Konditorei Müller")
    a.text(t["partner"], "Chambre de métiers de la Gironde")
    a.text(t["company"], "Pâtisserie Martin")
    a.text(t["tutor"], "Paul Martin")
    a.text(t["function"], "Chef pâtissier")
    a.wait(t["country"])
    a.wait(s["last"])  # the whole destination list is on screen
    destinations = ANSI.sub("", seen.getvalue()[after_sending:]).split(t["country"])[-1]
    a.child.send(s["austria"] + "\r")
    a.text(t["start"], "2027-03-01")
    a.text(t["end"], "2027-03-26")
    a.select(t["funding"], "Erasmus")
    official(a, t)
    a.wait(s["certifier"])
    a.wait(s["other_cert"])
    a.child.send("\r")  # the only route offered: the general approach with the certifier
    a.select("Les compétences visées" if lang == "fr" else "Are the targeted competences", s["unsure"])
    confirm(a, t)
    assert a.finish() == 0
    screen = ANSI.sub("", seen.getvalue()[after_sending:])
    assert s["austria"] in destinations and s["germany"] not in destinations
    assert not [w for w in FRENCH if w in screen]
    index = (a.out / "index.md").read_text(encoding="utf-8")
    assert "BBiG" in index and "Berufsbildungsgesetz" in index
    assert not {"men_unit_file.md", "btm_file.md", "qbid_agreement.md"} & {p.name for p in a.out.iterdir()}
