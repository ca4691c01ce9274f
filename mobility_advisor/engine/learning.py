"""The substance of a mobility: the learning outcomes it aims at, the results recorded after it,
and the decisions those results lead to. Pure: no terminal, no files (the readers are in
`learning_io.py`), no clock.

Names: the rule engine already calls the advice that applies to some answers its "outcomes"
(`engine.outcomes`, `model.Outcome`). Here a **learning outcome** (`LearningOutcome`) is what the
learner will be able to do after the mobility, written in the learning agreement; **results**
(`Results`) are what the assessment found; a **consequence** (`Consequence`) is what the results
mean for the route chosen (the Mobilité Pro attestation, BTM points, qBID validation). The
answers-file keys keep the words the referent uses: `outcomes:` and `results:`.

Here: the learning outcomes (model, parsing, checks) and `LearningRecord`; the results are read
in `results.py`, their consequences in `consequences.py`, what the templates see of them in
`learning_view.py`, the outcomes file's JSON Schema in `outcomes_schema.py`.

Every error is a `LearningError`: a location (file:line:col) and a message key of `MESSAGES`,
worded in French and in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from mobility_advisor.core.controls import code, first_hidden, visible
from mobility_advisor.i18n.catalogues import Message, NP_, N_, messages
from mobility_advisor.rules.model import Location

if TYPE_CHECKING:  # results.py reads outcomes: imported for the annotation only
    from mobility_advisor.engine.results import Results

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

class Words:
    """{lang: words} for one message, as LearningError's parameters and the templates read them."""

    def __init__(self, key: str):
        self.key = key

    def __getitem__(self, lang: str) -> str:
        return msg(self.key, lang)


ROUTE_NAMES = {route: Words(f"route_{route}") for route in ("men", "cma_btm", "qbid")}


class LearningError(ValueError):
    """Bad learning outcomes or results: where, and a message in each language."""

    def __init__(self, at: Location | None, code: str, **params: Any):
        self.at, self.code, self.params = at, code, params
        super().__init__(self.text("en"))

    def message(self, lang: str) -> str:
        params = {k: (v[lang] if isinstance(v, (dict, Words)) else visible(v) if isinstance(v, str) else v)
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


def key_location(container: Any, key: Any, fallback: Location | None) -> Location | None:
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
        kat = key_location(raw, key, at)
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
        raise LearningError(key_location(raw, "text", at) if "text" in raw else at, "no_text", n=n)
    if not values.get("text"):  # only a `text.de` column: the version stands for the text
        values["text"] = next(t for f, _, t in versions if f == "text")
        tagged.append("text")
    return LearningOutcome(**values, versions=tuple(versions), tagged=tuple(tagged))


def _versions(key: str, raw: Mapping[Any, Any], n: int, at: Location | None) -> dict[str, str]:
    """A field given per language: {lang: text}, each text checked as the field is."""
    from mobility_advisor.rules.model import ALL_LANGS

    out: dict[str, str] = {}
    for lg, value in raw.items():
        lat = key_location(raw, lg, at)
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
    out = [outcome_from(item, i + 1, key_location(raw, i, at)) for i, item in enumerate(raw)]
    check_references(out, [key_location(raw, i, at) for i in range(len(raw))])
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


# --- The record of one mobility ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearningRecord:
    """The learning outcomes of one mobility and, once assessed, its results."""

    outcomes: tuple[LearningOutcome, ...] = ()
    results: Results | None = None

    def __bool__(self) -> bool:
        return bool(self.outcomes) or self.results is not None


EMPTY = LearningRecord()
