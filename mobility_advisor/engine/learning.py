"""The substance of a mobility: the learning outcomes it aims at, the results recorded after it,
and the decisions those results lead to. Pure: no terminal, no files (the readers are in
`learning_io.py`), no clock.

Names: the rule engine already calls the advice that applies to some answers its "outcomes"
(`engine.outcomes`, `model.Outcome`). Here a **learning outcome** (`LearningOutcome`) is what the
learner will be able to do after the mobility, written in the learning agreement; **results**
(`Results`) are what the assessment found; a **consequence** (`Consequence`) is what the results
mean for the route chosen (the Mobilité Pro attestation, BTM points, qBID validation). The
answers-file keys keep the words the referent uses: `outcomes:` and `results:`.

Every error is a `LearningError`: a location (file:line:col) and a message key of `MESSAGES`,
worded in French and in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from mobility_advisor.core.controls import code, first_hidden, visible
from mobility_advisor.i18n.catalogues import Message, NP_, N_, messages
from mobility_advisor.rules.model import Location

MAX_OUTCOMES = 60

# The fields of a learning outcome: (key, longest accepted text). `text` is required.
FIELDS: tuple[tuple[str, int], ...] = (
    ("reference", 80),  # the reference in the qualification standard: competence code or unit
    ("text", 600),  # what the learner will be able to do
    ("activities", 600),  # activities and tasks at the host
    ("assessment", 400),  # how it will be assessed
    ("criteria", 400),  # assessment criteria (evaluation grid, qBID)
    ("unit", 160),  # optional unit of learning outcomes grouping several outcomes
    ("mp", 160),  # qBID: professional module (mòdul professional)
    ("uf", 160),  # qBID: training unit (unitat formativa)
    ("aa", 160),  # qBID: learning outcome code (resultat d'aprenentatge)
    ("competence_type", 20),  # BTM: transversal | organisational | technical
)
FIELD_NAMES = tuple(k for k, _ in FIELDS)
# The fields a host reads as sentences: each may be given per language (`text: {fr: …, de: …}`),
# so that the host's documents carry them in the host's language. Codes and units stay as typed.
TRANSLATABLE = ("text", "activities", "assessment", "criteria")
COMPETENCE_TYPES = ("transversal", "organisational", "technical")
STATUSES = ("achieved", "partial", "not_achieved")

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

MESSAGES: dict[str, Message] = {
    # outcomes
    "not_a_list": N_("'outcomes' must be a list of learning outcomes ('- text: …' lines)"),
    "too_many": N_("{n} learning outcomes: at most {max}"),
    "not_a_map": N_("outcome {n}: expected a set of fields (text, reference, activities, assessment…)"),
    "unknown_field": N_("outcome {n}: unknown field '{name}' (did you mean: {allowed}?)"),
    "no_text": N_("outcome {n}: the 'text' field (what the learner will be able to do) is required"),
    "field_type": N_("outcome {n}, '{name}': expected text"),
    "field_quote": N_("outcome {n}, '{name}': put this number in quotes (\"{value}\") to keep it as written"),
    "field_control": N_("outcome {n}, '{name}': the invisible character {char} is not allowed (a control or "
                        "formatting character, such as one that reverses the text direction)"),
    "field_long": N_("outcome {n}, '{name}': at most {max} characters (it has {len})"),
    "bad_type": N_("outcome {n}, 'competence_type' is '{value}'; expected transversal, organisational or "
                   "technical"),
    "bad_lang_key": N_("outcome {n}, '{name}': unknown language '{lang_key}' (languages: {langs})"),
    "dup_ref": N_("outcome {n}: reference '{ref}' is already that of outcome {first}"),
    # in a document, before a text the host's language lacks (the original follows)
    "not_translated": N_("[not translated]"),
    # results
    "results_map": N_("'results' must be a set of keys (assessed_on, outcomes, men.mark…)"),
    "result_unknown": N_("unknown result '{name}' (allowed: {allowed})"),
    "route_not_chosen": N_("'{name}' is a result of the {route} route, which was not chosen for this mobility"),
    "no_certification": N_("'{name}' needs a certification route, which was not chosen"),
    "result_date": N_("'{name}': expected a date (YYYY-MM-DD), not '{value}'"),
    "result_future": N_("'{name}' is {value}, a date after today ({today}): record a result once it is known"),
    "result_bool": N_("'{name}': expected true or false, not '{value}'"),
    "mark_range": N_("'men.mark' is {value}: expected a mark out of 20, between 0 and 20"),
    "points_range": N_("'btm.points' is {value}: at most 3 extra points (0, 1, 2 or 3)"),
    "points_failed": N_("'btm.points' is {value} while the BTM was not passed (btm.passed: false): extra points "
                        "only count when the BTM is passed"),
    "outcome_results_map": N_("'results.outcomes': expected 'reference: achieved | partial | not_achieved' lines"),
    "no_outcomes_listed": N_("'results.outcomes' gives results, but no learning outcome is listed (outcomes:)"),
    "unknown_outcome": N_("'results.outcomes': '{ref}' is neither the reference nor the number of a listed outcome "
                          "({known})"),
    "bad_status": N_("'results.outcomes', '{ref}': '{value}'; expected achieved, partial or not_achieved"),
    "status_twice": N_("'results.outcomes': outcome {n} is given two results"),
    # names of routes, results and competence types
    "route_men": N_("French Ministry of Education (optional mobility unit)"),
    "route_cma_btm": N_("BTM \"mention Europe\""),
    "route_qbid": N_("qBID (Catalonia)"),
    "status_achieved": N_("achieved"),
    "status_partial": N_("partly achieved"),
    "status_not_achieved": N_("not achieved"),
    "type_transversal": N_("Transversal"),
    "type_organisational": N_("Organisational"),
    "type_technical": N_("Technical"),
    # what the results mean (Consequence keys)
    "c_tally": N_("Learning outcomes: {achieved}, {partial}, {not_achieved}, out of {total}.", achieved="c_tally_achieved", partial="c_tally_partial", not_achieved="c_tally_not_achieved"),
    "c_tally_achieved": NP_("{achieved} achieved",
                            "{achieved} achieved", "achieved"),
    "c_tally_partial": NP_("{partial} partly achieved",
                           "{partial} partly achieved", "partial"),
    "c_tally_not_achieved": NP_("{not_achieved} not achieved",
                                "{not_achieved} not achieved", "not_achieved"),
    "c_tally_missing": N_("Learning outcomes: {achieved}, {partial}, {not_achieved}, out of {total}. {missing} "
                          "without a result: complete them before validating.", achieved="c_tally_achieved", partial="c_tally_partial", not_achieved="c_tally_not_achieved"),
    "c_tally_achieved": NP_("{achieved} achieved",
                            "{achieved} achieved", "achieved"),
    "c_tally_partial": NP_("{partial} partly achieved",
                           "{partial} partly achieved", "partial"),
    "c_tally_not_achieved": NP_("{not_achieved} not achieved",
                                "{not_achieved} not achieved", "not_achieved"),
    "c_men_waiting": N_("\"Mobilité Pro\" attestation: waiting for the optional mobility unit's mark (at least 10 "
                        "out of 20) and the diploma result."),
    "c_men_low": N_("\"Mobilité Pro\" attestation not issued: the optional mobility unit's mark ({mark}/20) is "
                    "below 10."),
    "c_men_mark_ok": N_("\"Mobilité Pro\" attestation: the mark ({mark}/20) is enough; it is issued if the diploma "
                        "is passed (result still to record: diploma_passed)."),
    "c_men_issued": N_("\"Mobilité Pro\" attestation issued with the diploma: mark of {mark}/20 (at least 10) and "
                       "diploma passed."),
    "c_men_failed": N_("\"Mobilité Pro\" attestation not issued: the mark ({mark}/20) is enough, but the diploma "
                       "was not passed."),
    # Seed 000 gives five years with no starting point: the date is an estimate, never a fact (#28 item 1).
    "c_men_kept_until": N_("Diploma not passed: the candidate may choose to keep the benefit of the optional unit's "
                           "mark ({mark}/20) for five years; the source does not say from when: estimate from the "
                           "exam date ({start}), until {until}, to confirm with the rectorat."),
    "c_men_kept": N_("Diploma not passed: the candidate may choose to keep the benefit of the optional unit's "
                     "mark ({mark}/20) for five years; give the exam date (men.exam_date) to work out the end "
                     "date."),
    "c_btm_failed": N_("BTM not passed: no extra points for the mobility (they only count when the BTM is passed)."),
    "c_btm_points_missing": N_("BTM passed: the mobility's extra points (at most 3) are still to record (btm.points)."),
    "c_btm_passed": NP_("{points} extra point out of at most 3, earned through the international TAC and the "
                        "presentation to the jury: the BTM is passed.",
                        "{points} extra points out of at most 3, earned through the international TAC and the "
                        "presentation to the jury: the BTM is passed.", "points"),
    "c_btm_proposed": NP_("{points} extra point proposed (at most 3): it only counts if the BTM is passed (result "
                          "still to record: btm.passed).",
                          "{points} extra points proposed (at most 3): they only count if the BTM is passed (result "
                          "still to record: btm.passed).", "points"),
    "c_qbid_validated": N_("Assessment validated in qBID by the Catalan school tutor: the placement's outcomes are "
                           "recognised, and no further recognition step is needed."),
    "c_qbid_waiting": N_("Assessment not yet validated in qBID: the Catalan school tutor must check and validate it "
                         "for the outcomes to be recognised."),
}

msg = messages(MESSAGES)

class _Words:
    """{lang: words} for one message, as LearningError's parameters and the templates read them."""

    def __init__(self, key: str):
        self.key = key

    def __getitem__(self, lang: str) -> str:
        return msg(self.key, lang)


ROUTE_NAMES = {route: _Words(f"route_{route}") for route in ("men", "cma_btm", "qbid")}


class LearningError(ValueError):
    """Bad learning outcomes or results: where, and a message in each language."""

    def __init__(self, at: Location | None, code: str, **params: Any):
        self.at, self.code, self.params = at, code, params
        super().__init__(self.text("en"))

    def message(self, lang: str) -> str:
        params = {k: (v[lang] if isinstance(v, (dict, _Words)) else visible(v) if isinstance(v, str) else v)
                  for k, v in self.params.items()}  # a value quoted back never carries terminal escapes
        return msg(self.code, lang, **params)

    def text(self, lang: str) -> str:
        """`file:line:col: message`, or the message alone when there is no location."""
        where = f"{self.at.file}:{self.at.line}:{self.at.col}: " if self.at else ""
        return where + self.message(lang)


# --- Learning outcomes -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearningOutcome:
    """One learning outcome of the learning agreement; every field but `text` may be empty."""

    text: str
    reference: str = ""
    activities: str = ""
    assessment: str = ""
    criteria: str = ""
    unit: str = ""
    mp: str = ""
    uf: str = ""
    aa: str = ""
    competence_type: str = ""
    # The per-language versions of the TRANSLATABLE fields: (field, lang, text), in the order given.
    versions: tuple[tuple[str, str, str], ...] = ()
    # The fields given only as a mapping by language: their plain value above is the mapping's
    # first text (for the tool's own lists), and stands for no language of its own.
    tagged: tuple[str, ...] = ()

    def in_lang(self, key: str, lang: str) -> str | None:
        """The field's version in `lang`, if given (a plain string is not tagged with a language)."""
        return next((t for f, lg, t in self.versions if f == key and lg == lang), None)

    def text_in(self, lang: str) -> str:
        """The outcome's text to show someone working in `lang` (the tool's lists, status, record)."""
        return self.in_lang("text", lang) or self.text

    def rendered(self, key: str, lang: str, pack_lang: str) -> tuple[str, bool]:
        """The field as a document in `lang` shows it (pack in `pack_lang`): (text, translated).

        A plain string is the pack's language. A version missing in `lang` gives the pack's text
        (else any version) and False: the document then says it is not translated."""
        value = getattr(self, key)
        if not value:
            return "", True
        found = self.in_lang(key, lang)
        if found is not None:
            return found, True
        if lang == pack_lang and key not in self.tagged:
            return value, True
        original = self.in_lang(key, pack_lang) if key in self.tagged else value
        return original or value, False

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The non-empty fields, in the order of FIELDS (what an answers file stores). A field with
        versions is a mapping by language, its plain text (if any) under `lang`, the pack's
        language; without `lang`, the plain text stays `text` and the versions `text.de`…"""
        out: dict[str, Any] = {}
        for k in FIELD_NAMES:
            value = getattr(self, k)
            if not value:
                continue
            by_lang = {lg: t for f, lg, t in self.versions if f == k}
            if not by_lang:
                out[k] = value
            elif k in self.tagged:
                out[k] = by_lang
            elif lang is not None:
                out[k] = {lang: value, **{lg: t for lg, t in by_lang.items() if lg != lang}}
            else:
                out[k] = value
                out.update({f"{k}.{lg}": t for lg, t in by_lang.items()})
        return out

    def with_versions(self, key: str, by_lang: Mapping[str, str]) -> "LearningOutcome":
        """This outcome with the versions of field `key` replaced by `by_lang` (empty texts dropped)."""
        from dataclasses import replace

        kept = tuple(v for v in self.versions if v[0] != key)
        return replace(self, versions=kept + tuple((key, lg, t) for lg, t in by_lang.items() if t))


def _at(container: Any, key: Any, fallback: Location | None) -> Location | None:
    from mobility_advisor.rules.yamlsafe import value_at

    if hasattr(container, "at"):
        return value_at(container, key)
    return fallback


def clean_field(key: str, raw: Any, n: int, at: Location | None) -> str:
    """A field's text: spaces tidied, type, control characters and length checked."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or isinstance(raw, (list, dict)):
        raise LearningError(at, "field_type", n=n, name=key)
    if isinstance(raw, float):
        raise LearningError(at, "field_quote", n=n, name=key, value=raw)
    s = str(raw)
    hidden = first_hidden(s, allow="\n\t")  # the rule answers follow (see controls): U+202E, U+200B…
    if hidden is not None:
        raise LearningError(at, "field_control", n=n, name=key, char=code(hidden))
    s = " ".join(s.split())
    limit = dict(FIELDS)[key]
    if len(s) > limit:
        raise LearningError(at, "field_long", n=n, name=key, max=limit, len=len(s))
    if key == "competence_type" and s:
        s = s.lower()
        if s not in COMPETENCE_TYPES:
            raise LearningError(at, "bad_type", n=n, value=s[:40])
    return s


def outcome_from(raw: Any, n: int, at: Location | None) -> LearningOutcome:
    """One outcome from a mapping of fields (YAML item or CSV row); `n` is its 1-based number."""
    if not isinstance(raw, Mapping):
        raise LearningError(at, "not_a_map", n=n)
    values: dict[str, str] = {}
    versions: list[tuple[str, str, str]] = []
    tagged: list[str] = []
    extra: list[tuple[str, str, Any, Location | None]] = []
    for key, value in raw.items():
        kat = _at(raw, key, at)
        field_name, dot, lg = str(key).partition(".")
        if dot and field_name in TRANSLATABLE and not isinstance(value, Mapping):
            from mobility_advisor.rules.model import ALL_LANGS

            if lg not in ALL_LANGS:
                raise LearningError(kat, "bad_lang_key", n=n, name=field_name, lang_key=lg[:20],
                                    langs=", ".join(ALL_LANGS))
            extra.append((field_name, lg, value, kat))
            continue
        if key not in FIELD_NAMES:
            import difflib

            near = difflib.get_close_matches(str(key), FIELD_NAMES, n=1)
            allowed = near[0] if near else ", ".join(FIELD_NAMES)
            raise LearningError(kat, "unknown_field", n=n, name=str(key)[:40], allowed=allowed)
        if isinstance(value, Mapping) and key in TRANSLATABLE:
            by_lang = _versions(key, value, n, kat)
            versions += [(key, lg, t) for lg, t in by_lang.items()]
            tagged.append(key)
            values[key] = next(iter(by_lang.values()), "")
        else:
            values[key] = clean_field(key, value, n, kat)
    for key, lg, value, vat in extra:  # CSV `text.de` columns beside the plain `text`
        text = clean_field(key, value, n, vat)
        if text:
            versions.append((key, lg, text))
    if not values.get("text") and not any(f == "text" for f, _, _ in versions):
        raise LearningError(_at(raw, "text", at) if "text" in raw else at, "no_text", n=n)
    if not values.get("text"):  # only a `text.de` column: the version stands for the text
        values["text"] = next(t for f, _, t in versions if f == "text")
        tagged.append("text")
    return LearningOutcome(**values, versions=tuple(versions), tagged=tuple(tagged))


def _versions(key: str, raw: Mapping[Any, Any], n: int, at: Location | None) -> dict[str, str]:
    """A field given per language: {lang: text}, each text checked as the field is."""
    from mobility_advisor.rules.model import ALL_LANGS

    out: dict[str, str] = {}
    for lg, value in raw.items():
        lat = _at(raw, lg, at)
        if lg not in ALL_LANGS:
            raise LearningError(lat, "bad_lang_key", n=n, name=key, lang_key=str(lg)[:20], langs=", ".join(ALL_LANGS))
        text = clean_field(key, value, n, lat)
        if text:
            out[lg] = text
    return out


def parse_outcomes(raw: Any, at: Location | None = None) -> tuple[LearningOutcome, ...]:
    """The `outcomes:` list (of an answers file or an outcomes file) as learning outcomes.

    Raises LearningError at the first problem, located when `raw` comes from yamlsafe.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise LearningError(getattr(raw, "at", at), "not_a_list")
    if len(raw) > MAX_OUTCOMES:
        raise LearningError(getattr(raw, "at", at), "too_many", n=len(raw), max=MAX_OUTCOMES)
    out = [outcome_from(item, i + 1, _at(raw, i, at)) for i, item in enumerate(raw)]
    check_references(out, [_at(raw, i, at) for i in range(len(raw))])
    return tuple(out)


def check_references(outcomes: list[LearningOutcome], where: list[Location | None]) -> None:
    """Two outcomes may not share a reference: results name an outcome by it."""
    first: dict[str, int] = {}
    for i, o in enumerate(outcomes):
        if not o.reference:
            continue
        key = o.reference.casefold()
        if key in first:
            raise LearningError(where[i], "dup_ref", n=i + 1, ref=o.reference, first=first[key] + 1)
        first[key] = i


# --- Results ---------------------------------------------------------------------------------


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


def _route_of(answers: Mapping[str, Any]) -> str | None:
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
    route = _route_of(answers)
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


def _today() -> date:
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
    today = today or _today()
    if not isinstance(raw, Mapping):
        raise LearningError(getattr(raw, "at", at), "results_map")
    route = _route_of(answers)
    certification = "certification" in (answers.get("goals") or ())
    values: dict[str, Any] = {}
    for key, value in raw.items():
        kat = _at(raw, key, at)
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
        raise LearningError(_at(raw, "btm.points", at), "points_failed", value=values["btm.points"])
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
        rat = _at(raw, ref, at)
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


# --- The decisions the results lead to -----------------------------------------------------


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
                return _mark(v, lang)
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


def _mark(n: float, lang: str) -> str:
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
    route = _route_of(answers)
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


@dataclass(frozen=True, slots=True)
class LearningRecord:
    """The learning outcomes of one mobility and, once assessed, its results."""

    outcomes: tuple[LearningOutcome, ...] = ()
    results: Results | None = None

    def __bool__(self) -> bool:
        return bool(self.outcomes) or self.results is not None


EMPTY = LearningRecord()


STATUS_WORDS = {s: _Words(f"status_{s}") for s in ("achieved", "partial", "not_achieved")}
TYPE_WORDS = {t: _Words(f"type_{t}") for t in ("transversal", "organisational", "technical")}


def outcome_view(o: LearningOutcome, lang: str, pack_lang: str | None = None, original: bool = True) -> dict[str, str]:
    """An outcome's fields as a document in `lang` shows them (the pack being in `pack_lang`,
    default `lang`): each TRANSLATABLE field in `lang`; one the outcome lacks in `lang` is a
    visible "[nicht übersetzt]" followed by the original (`original` False: the flag alone, for
    a rendering paired line by line with the pack's, where the original stands just before it),
    so that a host never reads the pack's language unannounced."""
    view = {k: getattr(o, k) for k in FIELD_NAMES}
    for k in TRANSLATABLE:
        text, translated = o.rendered(k, lang, pack_lang or lang)
        flag = msg("not_translated", lang)
        view[k] = text if translated else f"{flag} {text}" if original else flag
    return view


def template_context(record: LearningRecord | None, answers: Mapping[str, Any], lang: str,
                     fmt_date=lambda d, lang: d.isoformat(), pack_lang: str | None = None,
                     today: date | None = None) -> dict[str, Any]:
    """What the templates see of the learning record (documented in render's module docstring).

    `learning_outcomes`: one dict per outcome: its fields (`outcome_view`: text, activities, assessment
    and criteria in `lang`, flagged when the outcome lacks them in `lang`; in the host's half of a
    bilingual document, `pack_lang` being another, the flag alone), `n` (1-based), `status`
    (achieved | partial | not_achieved | None), `status_text`, `type_text` (BTM type in words);
    `results` (Results or None); `consequences` (texts in `lang`, with `granted` and `rule`, the id of the rule that states it);
    `decision` (validated | partial | not_validated | None); `keep_until` (date or None);
    `done` (ids of the checklist steps the results show as done, none before the mobility ends); `learning_outcomes_alone`: the
    views for a document in `lang` alone (the host brief), the original after each flag.
    """
    record = record or EMPTY
    results = record.results
    paired = pack_lang is not None and pack_lang != lang  # the host's half of a bilingual document
    views, alone = [], []
    for i, o in enumerate(record.outcomes):
        status = results.status(i) if results else None
        more = {"n": i + 1, "status": status, "status_text": STATUS_WORDS[status][lang] if status else None,
                "type_text": TYPE_WORDS[o.competence_type][lang] if o.competence_type else None}
        views.append({**outcome_view(o, lang, pack_lang, original=not paired), **more})
        if paired:
            alone.append({**outcome_view(o, lang, pack_lang), **more})
    cons = [{"id": c.id, "granted": c.granted, "text": c(lang), "rule": c.rule}
            for c in consequences(results, record.outcomes, answers, fmt_date)]
    mark = _mark(results.men_mark, lang) if results and results.men_mark is not None else None
    return {"learning_outcomes": views, "learning_outcomes_alone": alone or views,
            "results": results, "consequences": cons, "men_mark": mark,
            "decision": decision(results, record.outcomes), "keep_until": keep_until(results),
            "achieved_refs": ", ".join(v["reference"] or str(v["n"]) for v in views if v["status"] == "achieved"),
            "done": done_steps(results, record.outcomes, today, answers.get("mobility.end"))}


# --- JSON Schema of an outcomes file (schema/outcomes.schema.json) ---------------------------

FIELD_DOCS = {
    "reference": "Reference in the qualification standard: competence code or unit (results name the outcome by it)",
    "text": "What the learner will be able to do: precise, measurable, realistic (required)",
    "activities": "Activities and tasks at the host",
    "assessment": "How it will be assessed",
    "criteria": "Assessment criteria",
    "unit": "Unit of learning outcomes it belongs to (optional grouping)",
    "mp": "qBID: professional module (MP)",
    "uf": "qBID: training unit (UF)",
    "aa": "qBID: learning outcome (AA)",
    "competence_type": "BTM: type of competence",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a learning outcomes file, generated from FIELDS (editors, CI)."""
    from mobility_advisor.rules.model import ALL_LANGS

    props: dict[str, Any] = {}
    for key, limit in FIELDS:
        s: dict[str, Any] = {"type": "string", "maxLength": limit, "description": FIELD_DOCS[key]}
        if key == "text":
            s["minLength"] = 1
            s["pattern"] = r"\S"
        if key == "competence_type":
            s = {"enum": list(COMPETENCE_TYPES), "description": FIELD_DOCS[key]}
        if key in TRANSLATABLE:  # one text, or one per language: {fr: …, de: …}
            one = {k: v for k, v in s.items() if k != "description"}
            s = {"description": FIELD_DOCS[key] + "; one text (the pack's language) or one per language",
                 "oneOf": [one, {"type": "object", "propertyNames": {"enum": list(ALL_LANGS)},
                                 "additionalProperties": one, "minProperties": 1}]}
        props[key] = s
    for key in TRANSLATABLE:  # CSV-style columns: `text.de`
        for lg in ALL_LANGS:
            props[f"{key}.{lg}"] = {"type": "string", "maxLength": dict(FIELDS)[key],
                                    "description": f"{FIELD_DOCS[key]}, in {lg}"}
    outcome = {"type": "object", "properties": props, "required": ["text"], "additionalProperties": False}
    outcomes = {"type": "array", "items": {"$ref": "#/$defs/learning_outcome"}, "maxItems": MAX_OUTCOMES}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/mobility-advisor/outcomes.schema.json",
        "title": "mobility-advisor learning outcomes file",
        "oneOf": [
            {"type": "object",
             "properties": {"$schema": {"type": "string"}, "version": {"const": 1}, "outcomes": outcomes},
             "required": ["outcomes"], "additionalProperties": False},
            outcomes,
        ],
        "$defs": {"learning_outcome": outcome},
    }


def schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m mobility_advisor.engine.learning > schema/outcomes.schema.json
    import sys

    sys.stdout.write(schema_text())


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
