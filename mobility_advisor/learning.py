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

from .controls import code, first_hidden, visible
from .i18n import catalogue
from .model import Location

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

MESSAGES: dict[str, dict[str, str]] = {
    # outcomes
    "not_a_list": {"fr": "« outcomes » doit être une liste d'acquis d'apprentissage (lignes « - text: … »)",
                   "en": "'outcomes' must be a list of learning outcomes ('- text: …' lines)"},
    "too_many": {"fr": "{n} acquis d'apprentissage : {max} au plus", "en": "{n} learning outcomes: at most {max}"},
    "not_a_map": {"fr": "acquis n° {n} : une liste de champs est attendue (text, reference, activities, assessment…)",
                  "en": "outcome {n}: expected a set of fields (text, reference, activities, assessment…)"},
    "unknown_field": {"fr": "acquis n° {n} : champ inconnu « {name} » (voulez-vous dire : {allowed} ?)",
                      "en": "outcome {n}: unknown field '{name}' (did you mean: {allowed}?)"},
    "no_text": {"fr": "acquis n° {n} : le champ « text » (ce que l'apprenant saura faire) est obligatoire",
                "en": "outcome {n}: the 'text' field (what the learner will be able to do) is required"},
    "field_type": {"fr": "acquis n° {n}, « {name} » : un texte est attendu",
                   "en": "outcome {n}, '{name}': expected text"},
    "field_quote": {"fr": "acquis n° {n}, « {name} » : écrivez ce nombre entre guillemets (« {value} ») pour le garder tel quel",
                    "en": "outcome {n}, '{name}': put this number in quotes (\"{value}\") to keep it as written"},
    "field_control": {"fr": "acquis n° {n}, « {name} » : le caractère invisible {char} n'est pas accepté (caractère "
                            "de contrôle ou de mise en forme, par exemple d'inversion du sens du texte)",
                      "en": "outcome {n}, '{name}': the invisible character {char} is not allowed (a control or "
                            "formatting character, such as one that reverses the text direction)",
                      # es, ca, de here (not in locales/): written with this message, to be read by translators
                      "es": "resultado n.º {n}, «{name}»: no se admite el carácter invisible {char} (carácter de "
                            "control o de formato, por ejemplo uno que invierte el sentido del texto)",
                      "ca": "resultat núm. {n}, «{name}»: no s'accepta el caràcter invisible {char} (un caràcter de "
                            "control o de format, com ara un que inverteix el sentit del text)",
                      "de": "Lernergebnis Nr. {n}, „{name}“: Das unsichtbare Zeichen {char} ist nicht zulässig (ein "
                            "Steuer- oder Formatierungszeichen, z. B. eines, das die Schreibrichtung umkehrt)"},
    "field_long": {"fr": "acquis n° {n}, « {name} » : {max} caractères au plus (il en a {len})",
                   "en": "outcome {n}, '{name}': at most {max} characters (it has {len})"},
    "bad_type": {"fr": "acquis n° {n}, « competence_type » vaut « {value} » ; attendu : transversal, organisational ou technical",
                 "en": "outcome {n}, 'competence_type' is '{value}'; expected transversal, organisational or technical"},
    "dup_ref": {"fr": "acquis n° {n} : la référence « {ref} » est déjà celle de l'acquis n° {first}",
                "en": "outcome {n}: reference '{ref}' is already that of outcome {first}"},
    # results
    "results_map": {"fr": "« results » doit être une liste de clés (assessed_on, outcomes, men.mark…)",
                    "en": "'results' must be a set of keys (assessed_on, outcomes, men.mark…)"},
    "result_unknown": {"fr": "résultat inconnu « {name} » (clés possibles : {allowed})",
                       "en": "unknown result '{name}' (allowed: {allowed})"},
    "route_not_chosen": {"fr": "« {name} » est un résultat de la démarche {route}, qui n'a pas été choisie pour cette mobilité",
                         "en": "'{name}' is a result of the {route} route, which was not chosen for this mobility"},
    "no_certification": {"fr": "« {name} » suppose une démarche de certification, qui n'a pas été choisie",
                         "en": "'{name}' needs a certification route, which was not chosen"},
    "result_date": {"fr": "« {name} » : une date est attendue (AAAA-MM-JJ), pas « {value} »",
                    "en": "'{name}': expected a date (YYYY-MM-DD), not '{value}'"},
    "result_bool": {"fr": "« {name} » : true ou false est attendu, pas « {value} »",
                    "en": "'{name}': expected true or false, not '{value}'"},
    "mark_range": {"fr": "« men.mark » vaut {value} : une note sur 20 est attendue, entre 0 et 20",
                   "en": "'men.mark' is {value}: expected a mark out of 20, between 0 and 20"},
    "points_range": {"fr": "« btm.points » vaut {value} : 0, 1, 2 ou 3 points supplémentaires au plus",
                     "en": "'btm.points' is {value}: at most 3 extra points (0, 1, 2 or 3)"},
    "points_failed": {"fr": "« btm.points » vaut {value} alors que le BTM n'est pas obtenu (btm.passed: false) : "
                            "les points supplémentaires ne comptent que si le BTM est réussi",
                      "en": "'btm.points' is {value} while the BTM was not passed (btm.passed: false): "
                            "extra points only count when the BTM is passed"},
    "outcome_results_map": {"fr": "« results.outcomes » : une liste « référence: achieved | partial | not_achieved » est attendue",
                            "en": "'results.outcomes': expected 'reference: achieved | partial | not_achieved' lines"},
    "no_outcomes_listed": {"fr": "« results.outcomes » donne des résultats, mais aucun acquis d'apprentissage n'est listé (outcomes:)",
                           "en": "'results.outcomes' gives results, but no learning outcome is listed (outcomes:)"},
    "unknown_outcome": {"fr": "« results.outcomes » : « {ref} » n'est ni la référence ni le numéro d'un acquis listé ({known})",
                        "en": "'results.outcomes': '{ref}' is neither the reference nor the number of a listed outcome ({known})"},
    "bad_status": {"fr": "« results.outcomes », « {ref} » : « {value} » ; attendu : achieved (atteint), partial (partiellement atteint) ou not_achieved (non atteint)",
                   "en": "'results.outcomes', '{ref}': '{value}'; expected achieved, partial or not_achieved"},
    "status_twice": {"fr": "« results.outcomes » : l'acquis n° {n} reçoit deux résultats",
                     "en": "'results.outcomes': outcome {n} is given two results"},
    # names of routes, results and competence types
    "route_men": {"fr": "Éducation nationale (unité facultative de mobilité)",
                  "en": "French Ministry of Education (optional mobility unit)"},
    "route_cma_btm": {"fr": "BTM « mention Europe »", "en": "BTM \"mention Europe\""},
    "route_qbid": {"fr": "qBID (Catalogne)", "en": "qBID (Catalonia)"},
    "status_achieved": {"fr": "atteint", "en": "achieved"},
    "status_partial": {"fr": "partiellement atteint", "en": "partly achieved"},
    "status_not_achieved": {"fr": "non atteint", "en": "not achieved"},
    "type_transversal": {"fr": "Transversales", "en": "Transversal"},
    "type_organisational": {"fr": "Organisationnelles", "en": "Organisational"},
    "type_technical": {"fr": "Techniques", "en": "Technical"},
    # what the results mean (Consequence keys)
    "c_tally": {"fr": "Acquis d'apprentissage : {achieved} atteint(s), {partial} partiellement atteint(s), "
                      "{not_achieved} non atteint(s) sur {total}.",
                "en": "Learning outcomes: {achieved} achieved, {partial} partly achieved, {not_achieved} not "
                      "achieved, out of {total}."},
    "c_tally_missing": {"fr": "Acquis d'apprentissage : {achieved} atteint(s), {partial} partiellement atteint(s), "
                              "{not_achieved} non atteint(s) sur {total}. {missing} sans résultat : à compléter "
                              "avant de valider.",
                        "en": "Learning outcomes: {achieved} achieved, {partial} partly achieved, {not_achieved} not "
                              "achieved, out of {total}. {missing} without a result: complete them before "
                              "validating."},
    "c_men_waiting": {"fr": "Attestation « Mobilité Pro » : en attente de la note de l'unité facultative de mobilité "
                            "(au moins 10 sur 20) et du résultat du diplôme.",
                      "en": "\"Mobilité Pro\" attestation: waiting for the optional mobility unit's mark (at least 10 "
                            "out of 20) and the diploma result."},
    "c_men_low": {"fr": "Attestation « Mobilité Pro » non délivrée : la note de l'unité facultative de mobilité "
                        "({mark}/20) est inférieure à 10.",
                  "en": "\"Mobilité Pro\" attestation not issued: the optional mobility unit's mark ({mark}/20) "
                        "is below 10."},
    "c_men_mark_ok": {"fr": "Attestation « Mobilité Pro » : la note ({mark}/20) suffit ; elle sera délivrée si le "
                            "diplôme est obtenu (résultat à enregistrer : diploma_passed).",
                      "en": "\"Mobilité Pro\" attestation: the mark ({mark}/20) is enough; it is issued if the "
                            "diploma is passed (result still to record: diploma_passed)."},
    "c_men_issued": {"fr": "Attestation « Mobilité Pro » délivrée avec le diplôme : note de {mark}/20 (au moins 10) "
                           "et diplôme obtenu.",
                     "en": "\"Mobilité Pro\" attestation issued with the diploma: mark of {mark}/20 (at least 10) "
                           "and diploma passed."},
    "c_men_failed": {"fr": "Attestation « Mobilité Pro » non délivrée : la note ({mark}/20) suffit, mais le diplôme "
                           "n'est pas obtenu.",
                     "en": "\"Mobilité Pro\" attestation not issued: the mark ({mark}/20) is enough, but the diploma "
                           "was not passed."},
    "c_men_kept_until": {"fr": "Diplôme non obtenu : le candidat peut, s'il le souhaite, garder le bénéfice de sa "
                               "note à l'unité facultative ({mark}/20) pendant cinq ans, jusqu'au {until} (cinq ans "
                               "après le {start}).",
                         "en": "Diploma not passed: the candidate may choose to keep the benefit of the optional "
                               "unit's mark ({mark}/20) for five years, until {until} (five years after {start})."},
    "c_men_kept": {"fr": "Diplôme non obtenu : le candidat peut, s'il le souhaite, garder le bénéfice de sa note à "
                         "l'unité facultative ({mark}/20) pendant cinq ans ; indiquez la date de l'examen "
                         "(men.exam_date) pour calculer la date de fin.",
                   "en": "Diploma not passed: the candidate may choose to keep the benefit of the optional unit's "
                         "mark ({mark}/20) for five years; give the exam date (men.exam_date) to work out the end "
                         "date."},
    "c_btm_failed": {"fr": "BTM non obtenu : aucun point supplémentaire au titre de la mobilité (ils ne comptent que "
                           "si le BTM est réussi).",
                     "en": "BTM not passed: no extra points for the mobility (they only count when the BTM is "
                           "passed)."},
    "c_btm_points_missing": {"fr": "BTM obtenu : points supplémentaires de la mobilité (3 au plus) à enregistrer "
                                   "(btm.points).",
                             "en": "BTM passed: the mobility's extra points (at most 3) are still to record "
                                   "(btm.points)."},
    "c_btm_passed": {"fr": "{points} point(s) supplémentaire(s) sur 3 au plus, acquis au titre du TAC international "
                           "et de la présentation devant le jury : le BTM est réussi.",
                     "en": "{points} extra point(s) out of at most 3, earned through the international TAC and the "
                           "presentation to the jury: the BTM is passed."},
    "c_btm_proposed": {"fr": "{points} point(s) supplémentaire(s) proposé(s) (3 au plus) : ils ne compteront que si "
                             "le BTM est réussi (résultat à enregistrer : btm.passed).",
                       "en": "{points} extra point(s) proposed (at most 3): they only count if the BTM is passed "
                             "(result still to record: btm.passed)."},
    "c_qbid_validated": {"fr": "Évaluation validée dans qBID par le tuteur de l'école catalane : les acquis du stage "
                               "sont reconnus, aucune autre démarche de reconnaissance n'est nécessaire.",
                         "en": "Assessment validated in qBID by the Catalan school tutor: the placement's outcomes "
                               "are recognised, and no further recognition step is needed."},
    "c_qbid_waiting": {"fr": "Évaluation pas encore validée dans qBID : le tuteur de l'école catalane doit la "
                             "vérifier et la valider pour que les acquis soient reconnus.",
                       "en": "Assessment not yet validated in qBID: the Catalan school tutor must check and validate "
                             "it for the outcomes to be recognised."},
}

msg = catalogue("learning", MESSAGES)

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

    def as_dict(self) -> dict[str, str]:
        """The non-empty fields, in the order of FIELDS (what an answers file stores)."""
        return {k: getattr(self, k) for k in FIELD_NAMES if getattr(self, k)}


def _at(container: Any, key: Any, fallback: Location | None) -> Location | None:
    from .yamlsafe import value_at

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
    for key, value in raw.items():
        kat = _at(raw, key, at)
        if key not in FIELD_NAMES:
            import difflib

            near = difflib.get_close_matches(str(key), FIELD_NAMES, n=1)
            allowed = near[0] if near else ", ".join(FIELD_NAMES)
            raise LearningError(kat, "unknown_field", n=n, name=str(key)[:40], allowed=allowed)
        values[key] = clean_field(key, value, n, kat)
    if not values.get("text"):
        raise LearningError(_at(raw, "text", at) if "text" in raw else at, "no_text", n=n)
    return LearningOutcome(**values)


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
    from .dates import parse_date
    from .problems import AnswerError

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


def parse_results(raw: Any, outcomes: tuple[LearningOutcome, ...], answers: Mapping[str, Any],
                  at: Location | None = None) -> Results | None:
    """The `results:` mapping, checked against the outcomes listed and the route chosen.

    Refuses what cannot be: a mark outside 0-20, more than 3 BTM points, points with the BTM
    failed, a result for an outcome not listed, a result of a route not chosen.
    """
    if raw is None:
        return None
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
        start = r.men_exam_date or r.assessed_on
        if start is not None:
            out.append(Consequence("men.mark_kept", None, "c_men_kept_until", RULE_MEN_KEPT,
                                   m + (("until", add_years(start, KEEP_YEARS)), ("start", start)), fmt_date))
        else:
            out.append(Consequence("men.mark_kept", None, "c_men_kept", RULE_MEN_KEPT, m))
    return out


def keep_until(r: Results | None) -> date | None:
    """The last day the candidate keeps the unit's mark after failing the diploma, if known."""
    if r is None or r.diploma_passed is not False or r.men_mark is None:
        return None
    start = r.men_exam_date or r.assessed_on
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


def done_steps(results: Results | None, outcomes: tuple[LearningOutcome, ...]) -> frozenset[str]:
    """The AFTER-phase checklist steps (rule outcome ids) that these results show as done."""
    if results is None:
        return frozenset()
    done: set[str] = set()
    assessed = results.assessed_on is not None or bool(results.outcomes)
    if assessed:
        done |= {"guide.after.gather_results", "integration.record_results"}
    if decision(results, outcomes) is not None:
        done.add("guide.after.validate_outcomes")
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


def template_context(record: LearningRecord | None, answers: Mapping[str, Any], lang: str,
                     fmt_date=lambda d, lang: d.isoformat()) -> dict[str, Any]:
    """What the templates see of the learning record (documented in render's module docstring).

    `learning_outcomes`: one dict per outcome: its fields, `n` (1-based), `status`
    (achieved | partial | not_achieved | None), `status_text`, `type_text` (BTM type in words);
    `results` (Results or None); `consequences` (texts in `lang`, with `granted` and `rule`, the id of the rule that states it);
    `decision` (validated | partial | not_validated | None); `keep_until` (date or None);
    `done` (ids of the checklist steps the results show as done).
    """
    record = record or EMPTY
    results = record.results
    views = []
    for i, o in enumerate(record.outcomes):
        status = results.status(i) if results else None
        views.append({**{k: getattr(o, k) for k in FIELD_NAMES}, "n": i + 1, "status": status,
                      "status_text": STATUS_WORDS[status][lang] if status else None,
                      "type_text": TYPE_WORDS[o.competence_type][lang] if o.competence_type else None})
    cons = [{"id": c.id, "granted": c.granted, "text": c(lang), "rule": c.rule}
            for c in consequences(results, record.outcomes, answers, fmt_date)]
    mark = _mark(results.men_mark, lang) if results and results.men_mark is not None else None
    return {"learning_outcomes": views, "results": results, "consequences": cons, "men_mark": mark,
            "decision": decision(results, record.outcomes), "keep_until": keep_until(results),
            "achieved_refs": ", ".join(v["reference"] or str(v["n"]) for v in views if v["status"] == "achieved"),
            "done": done_steps(results, record.outcomes)}


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
    props: dict[str, Any] = {}
    for key, limit in FIELDS:
        s: dict[str, Any] = {"type": "string", "maxLength": limit, "description": FIELD_DOCS[key]}
        if key == "text":
            s["minLength"] = 1
            s["pattern"] = r"\S"
        if key == "competence_type":
            s = {"enum": list(COMPETENCE_TYPES), "description": FIELD_DOCS[key]}
        props[key] = s
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


if __name__ == "__main__":  # python -m mobility_advisor.learning > schema/outcomes.schema.json
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
