"""The mobility as a European Digital Credential (European Learning Model v3, JSON-LD), unsigned.

What the Commission's EDC issuer takes in ("uploadable" credential) and seals with the
organisation's eSeal; sealing adds the issue date (`issued`) and the issuer's eIDAS identifier,
so those two are absent here, as in the Commission's own uploadable sample. The shape follows
the EDC "generic" application profile (SHACL, checked in tests/test_credential.py):

    credential ── issuer: the sending organisation (legal name, country, OID as registration)
               ├─ credentialSubject: the learner (full name, date of birth where given)
               │    └─ hasClaim: ① the placement (LearningActivity: period, host, place)
               │                 ② the outcomes achieved (LearningAchievement, influencedBy ①;
               │                    one part per outcome, partial ones stated as such)
               └─ displayParameter: title, languages, and a one-page picture (SVG) of the above

Texts are language maps ({"fr": …, "de": …}): the pack's language, and the host's where the
tool speaks it (an outcome's own text only where the outcome gives it in that language).
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timezone
from typing import Any
from html import escape  # xml.sax.saxutils would load urllib (0.1 s)

from .common import ALPHA3, LANGUAGE3, Mobility, msg, words

CONTEXT = ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"]
AUTHORITY = "http://publications.europa.eu/resource/authority/"
# Concepts of the EDC's own vocabularies, as the Commission's uploadable sample gives them
GENERIC_PROFILE = {"id": "http://data.europa.eu/snb/credential/e34929035b", "type": "Concept",
                   "inScheme": {"id": "http://data.europa.eu/snb/credential/25831c2", "type": "ConceptScheme"},
                   "prefLabel": {"en": "Generic"}}
BASE64 = {"id": "http://data.europa.eu/snb/encoding/6146cde7dd", "type": "Concept",
          "inScheme": {"id": "http://data.europa.eu/snb/encoding/25831c2", "type": "ConceptScheme"},
          "prefLabel": {"en": "base64"}}
SCHEMA = {"id": "http://data.europa.eu/snb/model/ap/edc-generic-full", "type": "ShaclValidator2017"}


def _authority(table: str, code: str, label: str) -> dict[str, Any]:
    """A concept of one of the EU's authority tables (country, language, file-type)."""
    return {"id": f"{AUTHORITY}{table}/{code}", "type": "Concept",
            "inScheme": {"id": f"{AUTHORITY}{table}", "type": "ConceptScheme"},
            "notation": table, "prefLabel": {"en": label}}


def country(alpha2: str) -> dict[str, Any]:
    from mobility_advisor.i18n.localize import country_name

    return _authority("country", ALPHA3[alpha2], country_name(alpha2, "en"))


def language(lang: str) -> dict[str, Any]:
    from babel import Locale

    return _authority("language", LANGUAGE3[lang], Locale(lang).get_display_name("en"))


def _when(d) -> str:
    return f"{d.isoformat()}T00:00:00Z"


def _location(n: str, alpha2: str | None) -> dict[str, Any] | None:
    if not alpha2:
        return None
    return {"id": f"urn:epass:location:{n}", "type": "Location",
            "address": {"id": f"urn:epass:address:{n}", "type": "Address", "countryCode": country(alpha2)}}


def issuer(mob: Mobility) -> dict[str, Any]:
    """The sending organisation (the same node wherever it appears, as the sample repeats it)."""
    org: dict[str, Any] = {"id": "urn:epass:org:1", "type": "Organisation",
                           "legalName": {lang: mob.sending for lang in mob.langs}}
    if loc := _location("1", mob.sending_country):
        org["location"] = loc
    if mob.sending_oid:
        reg: dict[str, Any] = {"id": "urn:epass:legalIdentifier:1", "type": "LegalIdentifier",
                               "notation": mob.sending_oid, "schemeName": "Erasmus+ OID"}
        if mob.sending_country:
            reg["spatial"] = country(mob.sending_country)
        org["registration"] = reg
    return org


def host(mob: Mobility) -> dict[str, Any]:
    org: dict[str, Any] = {"id": "urn:epass:org:2", "type": "Organisation",
                           "legalName": {lang: mob.host for lang in mob.langs}}
    if loc := _location("2", mob.destination):
        org["location"] = loc
    if mob.host_oid:
        org["identifier"] = {"id": "urn:epass:identifier:2", "type": "Identifier", "notation": mob.host_oid,
                             "schemeName": "Erasmus+ OID"}
    if mob.host_company and mob.host_partner and mob.host_partner != mob.host_company:
        org["additionalNote"] = [{"id": "urn:epass:note:partner", "type": "Note",
                                  "noteLiteral": words("partner_is", mob.langs, partner=mob.host_partner)}]
    return org


def _awarding(mob: Mobility) -> dict[str, Any]:
    process: dict[str, Any] = {"id": "urn:epass:awardingProcess:1", "type": "AwardingProcess",
                               "awardingBody": issuer(mob)}
    if mob.assessed_on:
        process["awardingDate"] = _when(mob.assessed_on)
    return process


def _activity(mob: Mobility) -> dict[str, Any]:
    key = "activity" if mob.erasmus else "activity_plain"
    title = words(key, mob.langs, host=mob.host)
    act: dict[str, Any] = {
        "id": "urn:epass:activity:1", "type": "LearningActivity", "title": title,
        "awardedBy": _awarding(mob),
        "specifiedBy": {"id": "urn:epass:learningActivitySpec:1", "type": "LearningActivitySpecification",
                        "title": title, "language": [language(lang) for lang in mob.langs]},
    }
    if mob.start and mob.end:
        act["temporal"] = {"id": "urn:epass:period:1", "type": "PeriodOfTime",
                           "startDate": _when(mob.start), "endDate": _when(mob.end)}
    if mob.destination:  # the profile wants a country for every organisation and place; the title names the host
        act["directedBy"] = host(mob)
        act["location"] = _location("3", mob.destination)
    return act


def _outcome_texts(mob: Mobility, texts: dict[str, str]) -> dict[str, str]:
    """An outcome's texts in the credential's languages (the pack's always; the host's if given)."""
    return {lang: texts[lang] for lang in mob.langs if texts.get(lang)}


def _achievement(mob: Mobility) -> dict[str, Any]:
    from mobility_advisor.engine.learning_view import STATUS_WORDS

    title = (words("achievement", mob.langs, qualification=mob.qualification) if mob.qualification
             else words("achievement_plain", mob.langs))
    parts = []
    for a in mob.achieved:
        texts = _outcome_texts(mob, a.texts)
        status = "partial" if a.partial else "achieved"
        part: dict[str, Any] = {
            "id": f"urn:epass:learningAchievement:1.{a.number}", "type": "LearningAchievement",
            "title": texts,
            "description": {lang: STATUS_WORDS[status][lang] for lang in mob.langs},
            "awardedBy": _awarding(mob),
            "specifiedBy": {"id": f"urn:epass:learningAchievementSpec:1.{a.number}",
                            "type": "LearningAchievementSpecification", "title": texts,
                            "learningOutcome": [{"id": f"urn:epass:learningOutcome:{a.number}",
                                                 "type": "LearningOutcome", "title": texts}]},
        }
        if a.reference:
            part["identifier"] = [{"id": f"urn:epass:identifier:outcome:{a.number}", "type": "Identifier",
                                   "notation": a.reference}]
        if a.partial:
            part["additionalNote"] = [{"id": f"urn:epass:note:partial:{a.number}", "type": "Note",
                                       "noteLiteral": {lang: msg("partial_note", lang, text=t)
                                                       for lang, t in texts.items()}}]
        parts.append(part)
    partial = sum(a.partial for a in mob.achieved)
    return {
        "id": "urn:epass:learningAchievement:1", "type": "LearningAchievement", "title": title,
        "description": words("tally", mob.langs, achieved=len(mob.achieved) - partial, partial=partial,
                             total=mob.total),
        "awardedBy": _awarding(mob), "influencedBy": [_activity(mob)],
        "specifiedBy": {"id": "urn:epass:learningAchievementSpec:1", "type": "LearningAchievementSpecification",
                        "title": title, "language": [language(lang) for lang in mob.langs],
                        "learningOutcome": [p["specifiedBy"]["learningOutcome"][0] for p in parts]},
        "hasPart": parts,
    }


def _person(mob: Mobility) -> dict[str, Any]:
    person: dict[str, Any] = {"id": "urn:epass:person:1", "type": "Person",
                              "fullName": {mob.lang: mob.learner},  # one name: the profile allows one
                              "hasClaim": [_activity(mob), _achievement(mob)]}
    if mob.birth_date:
        person["dateOfBirth"] = _when(mob.birth_date)
    return person


def picture(mob: Mobility, lang: str) -> bytes:
    """A one-page picture of the credential (SVG, A4 portrait): what the EDC viewer shows."""
    from mobility_advisor.engine.learning_view import STATUS_WORDS

    lines: list[tuple[int, str, str]] = [(22, "bold", msg("title", lang)), (16, "normal", mob.learner), (0, "", "")]
    start = mob.start.isoformat() if mob.start else ""
    end = mob.end.isoformat() if mob.end else ""
    lines += [(12, "normal", f"{mob.sending} → {mob.host}"), (12, "normal", f"{start} – {end}"), (0, "", "")]
    for a in mob.achieved:
        status = STATUS_WORDS["partial" if a.partial else "achieved"][lang]
        text = a.texts.get(lang) or next(iter(a.texts.values()))
        lines.append((11, "normal", f"• {text} ({status})"))
    out, y = [], 80
    for size, weight, text in lines:
        y += max(size, 8) + 10
        if text:
            out.append(f'<text x="50" y="{y}" font-size="{size}" font-weight="{weight}">{escape(text[:110])}</text>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="794" height="1123" viewBox="0 0 794 1123" '
           'font-family="DejaVu Sans, Arial, sans-serif"><rect width="794" height="1123" fill="#fff"/>'
           + "".join(out) + "</svg>")
    return svg.encode("utf-8")


def _display(mob: Mobility) -> dict[str, Any]:
    image = {"id": "urn:epass:mediaObject:1", "type": "MediaObject",
             "content": base64.b64encode(picture(mob, mob.lang)).decode("ascii"),
             "contentEncoding": BASE64, "contentType": _authority("file-type", "SVG", "SVG")}
    return {
        "id": "urn:epass:displayParameter:1", "type": "DisplayParameter",
        "title": words("title", mob.langs),
        "description": words("description", mob.langs, learner=mob.learner, host=mob.host,
                              start=mob.start, end=mob.end),
        "language": [language(lang) for lang in mob.langs], "primaryLanguage": language(mob.lang),
        "individualDisplay": [{"id": "urn:epass:individualDisplay:1", "type": "IndividualDisplay",
                               "language": language(mob.lang),
                               "displayDetail": [{"id": "urn:epass:displayDetail:1", "type": "DisplayDetail",
                                                  "image": image, "page": 1}]}],
    }


def credential(mob: Mobility, now: datetime | None = None) -> dict[str, Any]:
    """The unsigned credential, ready for the EDC issuer (valid from `now`, UTC). The issuer's
    country must be known (`mob.sending_country`): the EDC profile requires it."""
    now = now or datetime.now(timezone.utc)
    return {
        "@context": CONTEXT,
        "id": f"urn:credential:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": [GENERIC_PROFILE],
        "credentialSchema": [SCHEMA],
        "displayParameter": _display(mob),
        "credentialSubject": _person(mob),
        "issuer": issuer(mob),
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
