"""The results recorded after a mobility (`results:` in an answers file, `results.…` columns of a
cohort's list): which ones a mobility calls for, and reading them, checked against the learning
outcomes listed and the route chosen. Pure: no terminal, no files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from mobility_advisor.engine.learning import (ROUTE_NAMES, STATUSES, LearningError, LearningOutcome,
                                              key_location)
from mobility_advisor.rules.model import Location

# results: key -> (kind, route it belongs to: a certifier value, or None for any route)
RESULT_KEYS: dict[str, tuple[str, str | None]] = {
    "assessed_on": ("date", None),
    "outcomes": ("map", None),
    "diploma_passed": ("bool", None),
    "men.mark": ("mark", "men"),
    "men.exam_date": ("date", "men"),
    "btm.points": ("points", "cma_btm"),
    "btm.passed": ("bool", "cma_btm"),
    "qbid.validated": ("bool", "qbid"),
}


@dataclass(frozen=True, slots=True)
class Results:
    """What the assessment after the mobility found; None: not known (yet)."""

    assessed_on: date | None = None
    outcomes: dict[int, str] = field(default_factory=dict)  # outcome index (0-based) -> status
    diploma_passed: bool | None = None
    men_mark: float | None = None
    men_exam_date: date | None = None
    btm_points: int | None = None
    btm_passed: bool | None = None
    qbid_validated: bool | None = None

    def status(self, index: int) -> str | None:
        return self.outcomes.get(index)

    def as_dict(self, outcomes: tuple[LearningOutcome, ...]) -> dict[str, Any]:
        """The results as an answers file stores them (outcomes by reference, else by number)."""
        out: dict[str, Any] = {}
        if self.assessed_on:
            out["assessed_on"] = self.assessed_on.isoformat()
        if self.outcomes:
            out["outcomes"] = {
                (outcomes[i].reference if i < len(outcomes) and outcomes[i].reference else i + 1): s
                for i, s in sorted(self.outcomes.items())}
        for key, attr in (("diploma_passed", "diploma_passed"), ("men.mark", "men_mark"),
                          ("men.exam_date", "men_exam_date"), ("btm.points", "btm_points"),
                          ("btm.passed", "btm_passed"), ("qbid.validated", "qbid_validated")):
            v = getattr(self, attr)
            if v is None:
                continue
            if isinstance(v, date):
                v = v.isoformat()
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            out[key] = v
        return out


def route_of(answers: Mapping[str, Any]) -> str | None:
    goals = answers.get("goals") or ()
    if not isinstance(goals, (list, tuple, set, frozenset)):  # a hand-edited record: no route rather than a crash
        return None
    return answers.get("certification.certifier") if "certification" in goals else None


# The results each certification route calls for, in the order `record` asks them. men.exam_date is
# optional: it only dates the five years a candidate who failed the diploma keeps the unit's mark.
ROUTE_RESULTS: dict[str, tuple[str, ...]] = {
    "men": ("men.mark", "men.exam_date", "diploma_passed"),
    "cma_btm": ("btm.passed", "btm.points"),
    "qbid": ("qbid.validated",),
}
OPTIONAL_RESULTS = frozenset({"men.exam_date"})


def result_keys(answers: Mapping[str, Any], outcomes: tuple[LearningOutcome, ...]) -> list[str]:
    """The results this mobility calls for, in order: `assessed_on`, one `outcome:i` per learning
    outcome (0-based), then the chosen route's. Empty when there is nothing to assess (no outcome
    listed, no certification route)."""
    route = route_of(answers)
    out: list[str] = []
    if outcomes or route:
        out.append("assessed_on")
    out += [f"outcome:{i}" for i in range(len(outcomes))]
    out += ROUTE_RESULTS.get(route or "", ())
    return out


def missing_results(results: Results | None, outcomes: tuple[LearningOutcome, ...],
                    answers: Mapping[str, Any]) -> list[str]:
    """The results still to record, as `result_keys` names them, optional ones left out. BTM points
    are not awaited once the BTM is known as failed: they only count when it is passed."""
    r = results or Results()
    recorded = {"assessed_on": r.assessed_on, "men.mark": r.men_mark, "diploma_passed": r.diploma_passed,
                "btm.passed": r.btm_passed, "btm.points": r.btm_points, "qbid.validated": r.qbid_validated}
    out: list[str] = []
    for key in result_keys(answers, outcomes):
        if key in OPTIONAL_RESULTS:
            continue
        if key.startswith("outcome:"):
            if r.status(int(key[len("outcome:"):])) is None:
                out.append(key)
        elif key == "btm.points" and r.btm_passed is False:
            continue
        elif recorded[key] is None:
            out.append(key)
    return out


def _date(key: str, raw: Any, at: Location | None) -> date:
    from mobility_advisor.engine.dates import parse_date
    from mobility_advisor.rules.problems import AnswerError

    if isinstance(raw, date):
        return raw
    try:
        return parse_date(raw)
    except (AnswerError, ValueError, TypeError):
        raise LearningError(at, "result_date", name=key, value=str(raw)[:40]) from None


def _bool(key: str, raw: Any, at: Location | None) -> bool:
    if isinstance(raw, bool):
        return raw
    s = str(raw).strip().lower()
    if s in ("true", "yes", "oui", "1", "vrai"):
        return True
    if s in ("false", "no", "non", "0", "faux"):
        return False
    raise LearningError(at, "result_bool", name=key, value=s[:40])


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    try:
        return float(str(raw).strip().replace(",", "."))
    except ValueError:
        return None


def outcome_index(ref: Any, outcomes: tuple[LearningOutcome, ...]) -> int | None:
    """The outcome a result names: by reference (case-insensitive), else by 1-based number."""
    s = str(ref).strip()
    for i, o in enumerate(outcomes):
        if o.reference and o.reference.casefold() == s.casefold():
            return i
    if s.isdigit() and 1 <= int(s) <= len(outcomes):
        return int(s) - 1
    return None


def parse_status(raw: Any) -> str | None:
    """achieved | partial | not_achieved, also as the French words a referent may type."""
    s = "_".join(str(raw).strip().lower().replace("-", " ").split())
    aliases = {"atteint": "achieved", "partiellement_atteint": "partial", "partiel": "partial",
               "non_atteint": "not_achieved", "not achieved": "not_achieved"}
    s = aliases.get(s, s)
    return s if s in STATUSES else None


def today_or_fixed() -> date:
    """Today, or MOBILITY_ADVISOR_TODAY (YYYY-MM-DD), as the commands count it (reproducible tests)."""
    import os

    fixed = os.environ.get("MOBILITY_ADVISOR_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def parse_results(raw: Any, outcomes: tuple[LearningOutcome, ...], answers: Mapping[str, Any],
                  at: Location | None = None, today: date | None = None) -> Results | None:
    """The `results:` mapping, checked against the outcomes listed and the route chosen.

    Refuses what cannot be: a mark outside 0-20, more than 3 BTM points, points with the BTM
    failed, a result for an outcome not listed, a result of a route not chosen, a result dated
    after `today` (a result is recorded once it is known: #28 item 5).
    """
    if raw is None:
        return None
    today = today or today_or_fixed()
    if not isinstance(raw, Mapping):
        raise LearningError(getattr(raw, "at", at), "results_map")
    route = route_of(answers)
    certification = "certification" in (answers.get("goals") or ())
    values: dict[str, Any] = {}
    for key, value in raw.items():
        kat = key_location(raw, key, at)
        if key not in RESULT_KEYS:
            raise LearningError(kat, "result_unknown", name=str(key)[:40], allowed=", ".join(RESULT_KEYS))
        kind, needs = RESULT_KEYS[key]
        if needs is not None and needs != route:
            raise LearningError(kat, "route_not_chosen", name=key, route=ROUTE_NAMES[needs])
        if key == "diploma_passed" and not certification:
            raise LearningError(kat, "no_certification", name=key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if kind == "date":
            values[key] = _date(key, value, kat)
            if values[key] > today:
                raise LearningError(kat, "result_future", name=key, value=values[key].isoformat(),
                                    today=today.isoformat())
        elif kind == "bool":
            values[key] = _bool(key, value, kat)
        elif kind == "mark":
            n = _number(value)
            if n is None or not 0 <= n <= 20:
                raise LearningError(kat, "mark_range", value=str(value)[:40])
            values[key] = n
        elif kind == "points":
            n = _number(value)
            if n is None or not n.is_integer() or not 0 <= n <= 3:
                raise LearningError(kat, "points_range", value=str(value)[:40])
            values[key] = int(n)
        else:  # outcomes
            values[key] = _outcome_results(value, outcomes, kat)
    if values.get("btm.points") and values.get("btm.passed") is False:
        raise LearningError(key_location(raw, "btm.points", at), "points_failed", value=values["btm.points"])
    return Results(
        assessed_on=values.get("assessed_on"), outcomes=values.get("outcomes", {}),
        diploma_passed=values.get("diploma_passed"), men_mark=values.get("men.mark"),
        men_exam_date=values.get("men.exam_date"), btm_points=values.get("btm.points"),
        btm_passed=values.get("btm.passed"), qbid_validated=values.get("qbid.validated"))


def _outcome_results(raw: Any, outcomes: tuple[LearningOutcome, ...], at: Location | None) -> dict[int, str]:
    if not isinstance(raw, Mapping):
        raise LearningError(at, "outcome_results_map")
    if raw and not outcomes:
        raise LearningError(at, "no_outcomes_listed")
    known = ", ".join(o.reference or str(i + 1) for i, o in enumerate(outcomes))
    out: dict[int, str] = {}
    for ref, value in raw.items():
        rat = key_location(raw, ref, at)
        i = outcome_index(ref, outcomes)
        if i is None:
            raise LearningError(rat, "unknown_outcome", ref=str(ref)[:40], known=known[:300])
        status = parse_status(value)
        if status is None:
            raise LearningError(rat, "bad_status", ref=str(ref)[:40], value=str(value)[:40])
        if i in out:
            raise LearningError(rat, "status_twice", n=i + 1)
        out[i] = status
    return out


# --- Results from a spreadsheet (cohorts) --------------------------------------------------------

RESULTS_PREFIX = "results."


def check_result_columns(columns: list[str], outcomes: tuple[LearningOutcome, ...]) -> None:
    """A cohort CSV's `results.…` columns: `results.men.mark`, `results.outcomes.EX-1`…

    Raises LearningError (no location: the caller says file:1) for a column that names no result.
    """
    for col in columns:
        key = col[len(RESULTS_PREFIX):]
        if key.startswith("outcomes."):
            ref = key[len("outcomes."):]
            if not outcomes:
                raise LearningError(None, "no_outcomes_listed")
            if outcome_index(ref, outcomes) is None:
                known = ", ".join(o.reference or str(i + 1) for i, o in enumerate(outcomes))
                raise LearningError(None, "unknown_outcome", ref=ref[:40], known=known[:300])
        elif key not in RESULT_KEYS or key == "outcomes":
            allowed = ", ".join(RESULTS_PREFIX + k for k in RESULT_KEYS if k != "outcomes")
            raise LearningError(None, "result_unknown", name=col[:60],
                                allowed=allowed + ", " + RESULTS_PREFIX + "outcomes.REF")


def results_from_columns(values: Mapping[str, str], base: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The raw `results:` mapping of one CSV row (its non-empty `results.…` cells over `base`)."""
    raw: dict[str, Any] = {k: v for k, v in (base or {}).items() if k != "outcomes"}
    per_outcome: dict[str, Any] = dict((base or {}).get("outcomes") or {})
    for col, cell in values.items():
        if not col.startswith(RESULTS_PREFIX):
            continue
        key = col[len(RESULTS_PREFIX):]
        if key.startswith("outcomes."):
            per_outcome[key[len("outcomes."):]] = cell
        else:
            raw[key] = cell
    if per_outcome:
        raw["outcomes"] = per_outcome
    return raw or None
