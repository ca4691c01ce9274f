"""What both credentials read from a pack: who, where, when, and the learning outcomes achieved.

A credential is a proof, so it is built from the pack's record only (its manifest,
`.mobility-advisor.json`, which keeps the answers, `outcomes:` and `results:` as the pack was
made) and only from recorded results: `read_pack` refuses a pack without results, with an
outcome still unassessed, with results that cannot be (checked by `learning.parse_results`, the
same checks as `render`), or where no outcome was achieved. Pure apart from reading the manifest.

An outcome's text may be one text, or one per language (`text: {fr: …, de: …}`): the credential
then carries the pack's language and, where the outcome has it, the host's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.i18n.catalogues import Message, NPC_, NP_, N_, messages

# The sending countries the rules offer (org.sending_country) and the destinations
# (destination.country), as ISO 3166-1 alpha-2 and the alpha-3 codes of the EU's country table
# (http://publications.europa.eu/resource/authority/country/…), which ELM uses.
SENDING_COUNTRY = {"fr": "FR", "es_ct": "ES", "es": "ES", "be_fr": "BE", "de": "DE"}
ALPHA3 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CA": "CAN", "CH": "CHE", "CY": "CYP", "CZ": "CZE", "DE": "DEU",
    "DK": "DNK", "EE": "EST", "ES": "ESP", "FI": "FIN", "FR": "FRA", "GB": "GBR", "GR": "GRC", "HR": "HRV",
    "HU": "HUN", "IE": "IRL", "IS": "ISL", "IT": "ITA", "LI": "LIE", "LT": "LTU", "LU": "LUX", "LV": "LVA",
    "MT": "MLT", "NL": "NLD", "NO": "NOR", "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN",
    "SK": "SVK", "TR": "TUR",
}
# the tool's languages in the EU's language table (…/authority/language/…)
LANGUAGE3 = {"fr": "FRA", "en": "ENG", "es": "SPA", "ca": "CAT", "de": "DEU"}
ROUTES = ("men", "cma_btm", "qbid")

MESSAGES: dict[str, Message] = {
    # refusals
    "not_pack": N_("{path}: not a mobility pack written by mobility-advisor"),
    "cohort": N_("{path} is a cohort folder: give one learner's pack"),
    "unreadable": N_("{path}: the pack cannot be read ({why})"),
    "no_outcomes": N_("No credential issued: this pack lists no learning outcome (outcomes:), so there is "
                      "nothing to certify."),
    "no_results": N_("No credential issued: the mobility's results are not recorded. Record them "
                     "(mobility-advisor record ANSWERS_FILE), make the pack again, then try again."),
    "missing": NP_("No credential issued: {n} learning outcome without a result (no. {which}). Record every "
                   "result before certifying.",
                   "No credential issued: {n} learning outcomes without a result (no. {which}). Record every "
                   "result before certifying."),
    "nothing_achieved": N_("No credential issued: no learning outcome was achieved, even partly. A credential only "
                           "certifies outcomes achieved."),
    "bad_results": N_("No credential issued: the recorded results cannot be right: {why}"),
    "no_learner": N_("No credential issued: the learner's name is missing from the pack."),
    # words of the credentials
    "title": N_("Learning outcomes of an Erasmus+ vocational mobility"),
    "description": N_("{learner} completed a work placement abroad at {host}, from {start} to {end}, and "
                      "achieved the learning outcomes below."),
    "activity": N_("Work placement abroad (Erasmus+ mobility) at {host}"),
    "activity_plain": N_("Work placement abroad at {host}"),
    "achievement": N_("Learning outcomes of the mobility: {qualification}"),
    "achievement_plain": N_("Learning outcomes of the mobility"),
    "tally": N_("{achieved} and {partial}, out of {total}.", achieved="tally_achieved", partial="tally_partial", total="tally_total"),
    "tally_achieved": NP_("{achieved} outcome achieved",
                          "{achieved} outcomes achieved", "achieved"),
    "tally_partial": NPC_("proof.tally_partial", "{partial} partly achieved",
                                                 "{partial} partly achieved", "partial"),
    "tally_total": NP_("{total} set in the learning agreement",
                       "{total} set in the learning agreement", "total"),
    "partial_note": N_("Partly achieved: {text}"),
    "criteria": N_("Assessment after the mobility{on}, as set in the learning agreement: each outcome is "
                   "assessed ({how}) by the host company's tutor{tutor} and the sending organisation, "
                   "{sending}."),
    "criteria_on": N_(" (on {date})"),
    "criteria_how": N_("observation at work and an evaluation grid"),
    "partner_is": N_("Host partner: {partner}"),
}

msg = messages(MESSAGES)


class Refused(Exception):
    """No credential: a message key of MESSAGES (with its values) and the exit code.

    Exit codes (README): 1 nothing to certify (no outcome, results missing, nothing achieved);
    2 bad input (not a pack, unreadable, impossible results).
    """

    def __init__(self, key: str, code: int, **values: Any):
        self.key, self.code, self.values = key, code, values
        super().__init__(key)

    def message(self, lang: str) -> str:
        return msg(self.key, lang, **self.values)


@dataclass(frozen=True)
class Achieved:
    """One learning outcome achieved, fully or partly; `texts` by language."""

    number: int  # 1-based, as in the learning agreement
    reference: str
    texts: dict[str, str]
    partial: bool
    assessment: str = ""
    criteria: str = ""
    activities: str = ""


@dataclass(frozen=True)
class Mobility:
    """The facts of one mobility that a credential states, in the pack's words."""

    lang: str  # the pack's language
    host_lang: str | None  # the host's, when it is another of the tool's languages
    learner: str
    birth_date: date | None
    qualification: str
    eqf_level: str | None
    sending: str
    sending_country: str | None  # alpha-2
    sending_oid: str
    host_partner: str
    host_company: str
    host_oid: str
    tutor: str
    destination: str | None  # alpha-2
    start: date
    end: date
    erasmus: bool
    project_code: str
    assessed_on: date | None
    route: str | None  # men | cma_btm | qbid when certification was chosen
    achieved: tuple[Achieved, ...]
    total: int  # outcomes set in the learning agreement

    @property
    def langs(self) -> tuple[str, ...]:
        return (self.lang,) + ((self.host_lang,) if self.host_lang else ())

    @property
    def host(self) -> str:
        return self.host_company or self.host_partner


def words(key: str, langs: tuple[str, ...], **values: Any) -> dict[str, str]:
    """One message in each language asked: {lang: text} (the form both credentials use)."""
    from mobility_advisor.i18n.localize import format_date as fmt_date

    out = {}
    for lang in langs:
        vals = {k: (fmt_date(v, lang) if isinstance(v, date) else v) for k, v in values.items()}
        out[lang] = msg(key, lang, **vals)
    return out


def read_pack(folder: Path, organisation: Mapping[str, str] | None = None) -> Mobility:
    """The mobility of a pack folder, ready to certify; Refused when there is nothing to certify.

    `organisation`: the profile's `organisation:` (its `oid` stands in for an answer left blank).
    """
    from mobility_advisor.pack import manifest

    try:
        m = manifest.read(folder)
    except manifest.ManifestError as exc:
        raise Refused("unreadable", 2, path=folder, why=exc.why) from None
    except OSError as exc:
        raise Refused("unreadable", 2, path=folder, why=exc.strerror or str(exc)) from None
    if m is None:
        raise Refused("not_pack", 2, path=folder)
    if m.kind != "pack":
        raise Refused("cohort", 2, path=folder)
    doc = m.answers
    answers = doc.get("answers") if isinstance(doc.get("answers"), dict) else {}
    return mobility(doc, answers, m.lang, organisation or {})


def _texts(raw_outcomes: Any, lang: str) -> tuple[Any, list[dict[str, str]]]:
    """The outcomes with one text each (the pack's language) for `parse_outcomes`, and each
    outcome's texts by language."""
    if not isinstance(raw_outcomes, list):
        return raw_outcomes, []
    flat, texts = [], []
    for raw in raw_outcomes:
        if isinstance(raw, Mapping) and isinstance(raw.get("text"), Mapping):
            by_lang = {str(k): str(v) for k, v in raw["text"].items() if isinstance(v, str) and v.strip()}
            main = by_lang.get(lang) or next(iter(by_lang.values()), "")
            flat.append({**raw, "text": main})
            texts.append(by_lang or {lang: main})
        else:
            flat.append(raw)
            texts.append({lang: str(raw.get("text", ""))} if isinstance(raw, Mapping) else {})
    return flat, texts


def mobility(doc: Mapping[str, Any], answers: Mapping[str, Any], lang: str,
             organisation: Mapping[str, str]) -> Mobility:
    """The Mobility of an answers document (as a pack's manifest keeps it); Refused as read_pack."""
    from mobility_advisor.engine.learning import LearningError, parse_outcomes
    from mobility_advisor.engine.results import parse_results
    from mobility_advisor.rules.model import ALL_LANGS

    flat, texts = _texts(doc.get("outcomes"), lang)
    try:
        outcomes = parse_outcomes(flat)
        results = parse_results(doc.get("results"), outcomes, answers)
    except LearningError as exc:
        raise Refused("bad_results", 2, why=exc.message(lang)) from None
    if not outcomes:
        raise Refused("no_outcomes", 1)
    if results is None or not results.outcomes:
        raise Refused("no_results", 1)
    missing = [i + 1 for i in range(len(outcomes)) if results.status(i) is None]
    if missing:
        raise Refused("missing", 1, n=len(missing), which=", ".join(map(str, missing)))
    achieved = tuple(
        Achieved(number=i + 1, reference=o.reference, texts=_pack_first(texts[i], o.text, lang),
                 partial=results.status(i) == "partial", assessment=o.assessment, criteria=o.criteria,
                 activities=o.activities)
        for i, o in enumerate(outcomes) if results.status(i) in ("achieved", "partial"))
    if not achieved:
        raise Refused("nothing_achieved", 1)
    learner = _text(answers.get("learner.name"))
    if not learner:
        raise Refused("no_learner", 2)
    host_lang = _host_lang(doc, answers, lang)
    if host_lang not in ALL_LANGS:
        host_lang = None
    destination = _text(answers.get("destination.country")).upper() or None
    return Mobility(
        lang=lang, host_lang=host_lang, learner=learner, birth_date=_date(answers.get("learner.birth_date")),
        qualification=_text(answers.get("learner.qualification")),
        eqf_level=_text(answers.get("learner.eqf_level")) if _text(answers.get("learner.eqf_level")).isdigit() else None,
        sending=_text(answers.get("org.sending")) or _text(organisation.get("name")),
        sending_country=SENDING_COUNTRY.get(_text(answers.get("org.sending_country"))),
        sending_oid=_text(answers.get("org.sending_oid")) or _text(organisation.get("oid")),
        host_partner=_text(answers.get("org.host_partner")), host_company=_text(answers.get("org.host_company")),
        host_oid=_text(answers.get("org.host_oid")), tutor=_text(answers.get("tutor.name")),
        destination=destination if destination in ALPHA3 else None,
        start=_date(answers.get("mobility.start")), end=_date(answers.get("mobility.end")),
        erasmus=answers.get("mobility.funding") == "erasmus",
        project_code=_text(answers.get("org.project_code")) or _text(organisation.get("project_code")),
        assessed_on=results.assessed_on,
        route=answers.get("certification.certifier") if "certification" in (answers.get("goals") or ()) else None,
        achieved=achieved, total=len(outcomes))


def _pack_first(by_lang: dict[str, str], text: str, lang: str) -> dict[str, str]:
    return {lang: text, **{k: v for k, v in by_lang.items() if k != lang}}


def _host_lang(doc: Mapping[str, Any], answers: Mapping[str, Any], lang: str) -> str | None:
    from mobility_advisor.engine.bilingual import host_language
    from mobility_advisor.rules.model import spoken

    option = doc.get("host_lang") if isinstance(doc.get("host_lang"), str) else None
    return host_language(option, _text(answers.get("destination.country")), lang, spoken())


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
