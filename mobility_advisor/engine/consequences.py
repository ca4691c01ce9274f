"""What a mobility's results lead to for the route chosen: the Mobilité Pro attestation, the BTM
points, the qBID validation, the outcomes validated; and the AFTER steps they show as done.
Each decision cites the rule whose sources state it. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from mobility_advisor.engine.learning import STATUSES, LearningOutcome, msg
from mobility_advisor.engine.results import Results, route_of


@dataclass(frozen=True, slots=True)
class Consequence:
    """What the results mean, for the pack: an id, whether it is favourable, and its words.

    `granted` True: obtained / done; False: not obtained; None: still open (waiting for a result).
    The words are the catalogue's message `key` with `values`: marks and dates are written in
    each language when the text is asked for (`fmt_date(d, lang)` is the pack's date writer).
    """

    id: str
    granted: bool | None
    key: str
    rule: str  # the id of the rule whose sources the pack cites for it (render turns it into "[n] …")
    values: tuple[tuple[str, Any], ...] = ()
    fmt_date: Any = field(default=None, compare=False)

    def __call__(self, lang: str) -> str:
        def word(v: Any) -> Any:
            if isinstance(v, float):
                return mark_text(v, lang)
            if isinstance(v, date):
                return self.fmt_date(v, lang) if self.fmt_date else v.isoformat()
            return v

        return msg(self.key, lang, **{k: word(v) for k, v in self.values})


# The rules that state each decision: the pack cites their sources, numbered like every item.
RULE_MEN = "men.attestation_mobilite_pro"
RULE_MEN_KEPT = "men.mark_kept_five_years"
RULE_BTM = "btm.bonus_points"
RULE_QBID = "qbid.no_extra_recognition"
RULE_VALIDATION = "guide.after.gather_results"
KEEP_YEARS = 5


def add_years(d: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def mark_text(n: float, lang: str) -> str:
    text = f"{n:g}"
    return text if lang == "en" else text.replace(".", ",")  # a decimal comma outside English


def consequences(results: Results | None, outcomes: tuple[LearningOutcome, ...],
                 answers: Mapping[str, Any], fmt_date=lambda d, lang: d.isoformat()) -> list[Consequence]:
    """The decisions the seeds attach to these results, for the route chosen.

    `fmt_date(d, lang)` writes a date (the pack passes its localised writer).
    """
    if results is None:
        return []
    out: list[Consequence] = []
    out += _validation(results, outcomes)
    route = route_of(answers)
    if route == "men":
        out += _men(results, fmt_date)
    elif route == "cma_btm":
        out += _btm(results)
    elif route == "qbid":
        out += _qbid(results)
    return out


def tally(results: Results, outcomes: tuple[LearningOutcome, ...]) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for i in range(len(outcomes)):
        s = results.outcomes.get(i)
        if s:
            counts[s] += 1
    return counts


def decision(results: Results | None, outcomes: tuple[LearningOutcome, ...]) -> str | None:
    """validated | partial | not_validated once every listed outcome has a result; else None."""
    if results is None or not outcomes or len(results.outcomes) < len(outcomes):
        return None
    c = tally(results, outcomes)
    if c["achieved"] == len(outcomes):
        return "validated"
    if c["not_achieved"] == len(outcomes):
        return "not_validated"
    return "partial"


def _validation(results: Results, outcomes: tuple[LearningOutcome, ...]) -> list[Consequence]:
    if not outcomes or not results.outcomes:
        return []
    c = tally(results, outcomes)
    missing = len(outcomes) - len(results.outcomes)
    d = decision(results, outcomes)
    values = (("achieved", c["achieved"]), ("partial", c["partial"]), ("not_achieved", c["not_achieved"]),
              ("total", len(outcomes)), ("missing", missing))
    return [Consequence("validation.tally", None if d is None else d == "validated",
                        "c_tally_missing" if missing else "c_tally", RULE_VALIDATION, values)]


def _men(r: Results, fmt_date) -> list[Consequence]:
    out: list[Consequence] = []
    mark, passed = r.men_mark, r.diploma_passed
    m = (("mark", float(mark)),) if mark is not None else ()
    if mark is None:
        out.append(Consequence("men.attestation", None, "c_men_waiting", RULE_MEN))
    elif mark < 10:
        out.append(Consequence("men.attestation", False, "c_men_low", RULE_MEN, m))
    elif passed is None:
        out.append(Consequence("men.attestation", None, "c_men_mark_ok", RULE_MEN, m))
    elif passed:
        out.append(Consequence("men.attestation", True, "c_men_issued", RULE_MEN, m))
    else:
        out.append(Consequence("men.attestation", False, "c_men_failed", RULE_MEN, m))
    if passed is False and mark is not None:
        start = r.men_exam_date  # the assessment day is not the exam's: no estimate from it
        if start is not None:
            out.append(Consequence("men.mark_kept", None, "c_men_kept_until", RULE_MEN_KEPT,
                                   m + (("until", add_years(start, KEEP_YEARS)), ("start", start)), fmt_date))
        else:
            out.append(Consequence("men.mark_kept", None, "c_men_kept", RULE_MEN_KEPT, m))
    return out


def keep_until(r: Results | None) -> date | None:
    """An estimate of the last day the candidate keeps the unit's mark after failing the diploma
    (five years from the exam date: the source gives no starting point), if the exam date is known."""
    if r is None or r.diploma_passed is not False or r.men_mark is None:
        return None
    start = r.men_exam_date
    return add_years(start, KEEP_YEARS) if start else None


def _btm(r: Results) -> list[Consequence]:
    points, passed = r.btm_points, r.btm_passed
    if points is None and passed is None:
        return []
    if passed is False:
        return [Consequence("btm.points", False, "c_btm_failed", RULE_BTM)]
    if points is None:
        return [Consequence("btm.points", None, "c_btm_points_missing", RULE_BTM)]
    return [Consequence("btm.points", True if passed else None, "c_btm_passed" if passed else "c_btm_proposed",
                        RULE_BTM, (("points", points),))]


def _qbid(r: Results) -> list[Consequence]:
    if r.qbid_validated is None:
        return []
    return [Consequence("qbid.validated", True if r.qbid_validated else None,
                        "c_qbid_validated" if r.qbid_validated else "c_qbid_waiting", RULE_QBID)]


def done_steps(results: Results | None, outcomes: tuple[LearningOutcome, ...],
               today: date | None = None, end: Any = None) -> frozenset[str]:
    """The AFTER-phase checklist steps (rule outcome ids) that these results show as done.

    None before the mobility's `end` (an AFTER step belongs after it: #28 item 5)."""
    if results is None:
        return frozenset()
    if isinstance(end, date) and isinstance(today, date) and today < end:
        return frozenset()
    done: set[str] = set()
    assessed = results.assessed_on is not None or bool(results.outcomes)
    if assessed:
        done.add("guide.after.gather_results")
    if decision(results, outcomes) is not None:
        # the validation record is where the validated outcomes are written (#28 item 6: one box)
        done |= {"guide.after.validate_outcomes", "integration.validation_record"}
    if results.qbid_validated:
        done.add("qbid.catalan_tutor_validates")
    if results.btm_points is not None:
        done.add("btm.jury_presentation")
    return frozenset(done)
