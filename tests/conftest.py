from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mobility_advisor.loader import load_tree

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
        "learner.qualification": "Bac pro Cuisine",
        "org.sending": "Lycée professionnel Jean Moulin",
        "learner.apprentice": True,
        "org.sending_company": "Pâtisserie Martin",
        "org.host_partner": "Handwerkskammer Frankfurt (Oder)",
        "org.host_company": "Bäckerei Schulz",
        "tutor.name": "Anna Schulz",
        "tutor.function": "Konditormeisterin",
        "destination.country": "de",
        "mobility.start": date(2027, 3, 1),
        "mobility.end": date(2027, 3, 26),
        "mobility.funding": "erasmus",
    }
    a.update(extra)
    return a
