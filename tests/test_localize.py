"""localize: Babel's dates and country names against what the pack prints today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mobility_advisor.i18n import localize
from mobility_advisor.pack import render


def test_dates_as_a_french_referent_and_an_english_reader_write_them():
    assert localize.format_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert localize.format_date(date(2027, 3, 2), "fr") == "2 mars 2027"
    assert localize.format_date(date(2026, 8, 11), "fr") == "11 août 2026"
    assert localize.format_date(date(2027, 3, 1), "en") == "1 March 2027"
    assert localize.format_date(date(2026, 12, 31), "en") == "31 December 2026"


MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def written_by_hand(d: date, lang: str) -> str:
    """How the packs wrote dates before Babel: the reference Babel must keep."""
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    return f"{day} {MONTHS[lang][d.month - 1]} {d.year}"


def test_every_day_of_six_years_matches_the_hand_written_dates_and_the_pack_uses_them():
    d, end = date(2025, 1, 1), date(2031, 1, 1)
    differences = []
    while d < end:
        for lang in ("fr", "en"):
            expected = written_by_hand(d, lang)
            if localize.format_date(d, lang) != expected or render.format_date(d, lang) != expected:
                differences.append((d, lang, localize.format_date(d, lang), render.format_date(d, lang)))
        d += timedelta(days=1)
    assert differences == []


def test_country_names_match_the_labels_of_every_destination(tree):
    choices = [c for c in tree.questions["destination.country"].choices if c.value != "other"]
    assert len(choices) > 30
    differences = [(c.value, lang, c.label(lang), localize.country_name(c.value, lang))
                   for c in choices for lang in ("fr", "en")
                   if localize.country_name(c.value, lang) != c.label(lang)]
    assert differences == []


def test_country_names_beyond_the_list_and_unknown_codes():
    assert localize.country_name("MA", "fr") == "Maroc"
    assert localize.country_name("jp", "en") == "Japan"
    with pytest.raises(KeyError):
        localize.country_name("qq", "fr")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr, en, es, ca, de"):
        localize.format_date(date(2027, 3, 1), "it")


@pytest.mark.parametrize("lang,expected", [("es", "1 de marzo de 2027"), ("ca", "1 de març del 2027"),
                                           ("de", "1. März 2027")])
def test_dates_in_the_new_languages_come_from_cldr(lang, expected):
    assert localize.format_date(date(2027, 3, 1), lang) == expected
