from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mobility_advisor.rules.loader import load_tree

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def tree():
    return load_tree()


def profile(**extra):
    """Answers to the common questions, as a referent would give them."""
    a = {
        "org.sending_country": "fr",
        "learner.name": "Léa Dupont",
        "learner.birth_date": date(2005, 4, 2),
        "learner.qualification": "Bac pro Cuisine",
        "learner.eqf_level": "4",
        "org.sending": "Lycée professionnel Jean Moulin",
        "learner.apprentice": True,
        "org.sending_company": "Pâtisserie Martin",
        "apprentice.arrangement": "mise_en_veille",
        "apprentice.contract_start": date(2025, 9, 1),
        "apprentice.contract_end": date(2027, 8, 31),
        "org.host_partner": "Handwerkskammer Frankfurt (Oder)",
        "org.host_company": "Bäckerei Schulz",
        "tutor.name": "Anna Schulz",
        "tutor.function": "Konditormeisterin",
        "destination.country": "de",
        "mobility.start": date(2027, 3, 1),
        "mobility.end": date(2027, 3, 26),
        "mobility.funding": "erasmus",
        "org.project_code": "",
        "org.mobility_id": "",
        "org.sending_oid": "",
        "org.host_oid": "",
        "mobility.activity_type": "",
    }
    a.update(extra)
    return a


# Golden packs a referent believes: the qBID route is a Catalan school's placement abroad,
# the BTM route a BTM apprentice's. Other routes keep the common profile. None removes an
# answer (a Catalan VET student on a placement has no employer at home).
ROUTE_PROFILES = {
    "qbid": {
        "learner.name": "Laia Ferrer Puig",
        "learner.qualification": "Tècnic en Cuina i Gastronomia (CFGM)",
        "org.sending": "Institut Joan Ramon Benaprès (Sitges)",
        "learner.apprentice": False,
        "org.sending_company": None,
        "org.host_partner": "Centre IFAPME de Liège",
        "org.host_company": "Restaurant La Table du Marché",
        "tutor.name": "Julien Lambert",
        "tutor.function": "Chef de cuisine",
        "destination.country": "be",
        "qbid.catalan_tutor": "Montserrat Puigdomènech",
    },
    "btm": {
        "learner.qualification": "BTM Pâtissier confiseur glacier traiteur",
        "org.sending": "Campus des métiers et de l'artisanat de Tours (CMA Centre-Val de Loire)",
        "org.host_company": "Konditorei Schulz",
    },
}


def route_profile(route, **extra):
    """The common profile, with the route's own learner and organisations (ROUTE_PROFILES)."""
    a = profile(**{**ROUTE_PROFILES.get(route, {}), **extra})
    return {k: v for k, v in a.items() if v is not None}


def every_language(rules_yaml: str) -> str:
    """A small rule file written with `{fr: …, en: …}` texts, completed with the other languages
    the tool speaks (the English words stand in for them): the files tests write by hand."""
    import re

    from mobility_advisor.rules.model import LANGS

    others = [lang for lang in LANGS if lang not in ("fr", "en")]
    return re.sub(r'\b(en: ("[^"]*"|[^,}\n]+))\}',
                  lambda m: m.group(1) + "".join(f", {lang}: {m.group(2)}" for lang in others) + "}", rules_yaml)
