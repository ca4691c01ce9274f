"""The key written into forms tells one learner's mobility from another's."""
from datetime import date

from mobility_advisor.engine.identity import mobility_key, mobility_label

BASE = {"learner.name": "Inès Martin", "learner.birth_date": "2008-04-02",
        "mobility.start": date(2027, 3, 1), "mobility.end": "2027-03-26", "org.host_company": "Bäckerei Süß"}


def test_same_mobility_typed_twice_gives_same_key():
    again = dict(BASE, **{"learner.name": "  inès   MARTIN ", "mobility.start": "2027-03-01",
                          "org.host_company": "Bäckerei Süß GmbH"})
    assert mobility_key(again) == mobility_key(BASE)
    assert mobility_key(BASE).startswith("ma1-") and len(mobility_key(BASE)) == 20


def test_another_learner_or_other_dates_give_another_key():
    for field, value in (("learner.name", "Enzo Martin"), ("mobility.end", "2027-03-27"),
                         ("learner.birth_date", "2008-04-03")):
        assert mobility_key(dict(BASE, **{field: value})) != mobility_key(BASE), field


def test_label_names_learner_and_dates():
    assert mobility_label(BASE) == "Inès Martin (2027-03-01 – 2027-03-26)"
