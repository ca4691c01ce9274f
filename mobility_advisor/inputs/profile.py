"""An organisation's profile: what a referent would otherwise type again for every learner.

    version: 1
    lang: fr                                  # the default language of the packs
    organisation:
      name: CFA des métiers de Tours          # -> org.sending
      country: France                         # -> org.sending_country, when the rules ask it
      oid: E10012345                          # the Erasmus+ organisation ID
      project_code: 2026-1-FR01-KA121-VET-000123
    referent: {name: Claire Martin, email: claire.martin@cfa-tours.fr, phone: "+33 2 47 00 00 00"}
    partners:                                 # the usual host partners
      - {name: Handwerkskammer Frankfurt (Oder), country: de, oid: E10099999}
    companies:                                # the usual host companies, with their tutors
      - name: Bäckerei Schulz
        partner: Handwerkskammer Frankfurt (Oder)
        country: de                           # a destination.country value (else the partner's)
        tutors:
          - {name: Anna Schulz, function: Konditormeisterin}

Used by `ask`, `render` and `cohort` (`--profile FILE`, else `profile.yaml` in the user's
configuration folder, $XDG_CONFIG_HOME/mobility-advisor/). `prefill` gives the answers the
profile knows: the sending organisation always; once the host company is known (typed, chosen,
or in the answers file or CSV row), its partner, country and, when it has one tutor only, the
tutor. Answers given elsewhere always win; the wizard shows the profile's answers as defaults
and offers the known partners, companies and tutors as choices (`choices`).
`profile_saving.add_from_answers` writes new ones back (`ask --save-profile`), atomically,
keeping everything else in the file.

A profile is checked like an answers file: safe YAML, every problem located (file:line:col),
in the user's language; the shape is also described by schema/profile.schema.json.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.core.controls import code, first_hidden
from mobility_advisor.i18n.catalogues import Message, NP_, N_, messages
from mobility_advisor.rules.model import spoken
from mobility_advisor.rules.problems import InputError

FILE_NAME = "profile.yaml"
TOP = ("version", "lang", "organisation", "referent", "partners", "companies")
ORG = ("name", "country", "oid", "project_code")
REFERENT = ("name", "email", "phone")
PARTNER = ("name", "country", "oid")
COMPANY = ("name", "partner", "country", "tutors")
TUTOR = ("name", "function", "email")
# answers a profile can give, by question id
SENDING, SENDING_COUNTRY = "org.sending", "org.sending_country"
SENDING_OID, PROJECT_CODE, HOST_OID = "org.sending_oid", "org.project_code", "org.host_oid"
PARTNER_Q, COMPANY_Q, TUTOR_Q, FUNCTION_Q, COUNTRY_Q = (
    "org.host_partner", "org.host_company", "tutor.name", "tutor.function", "destination.country")

MESSAGES: dict[str, Message] = {
    "no_file": N_("{file}: no such profile"),
    "not_mapping": N_("{where}: a profile is a mapping of keys (organisation:, partners:, companies:…)"),
    "unknown_keys": NP_("{where}: unknown key {keys}; expected {expected}",
                        "{where}: unknown keys {keys}; expected {expected}"),
    "not_text": N_("{where}: '{field}' must be a text"),
    "hidden": N_("{where}: '{field}' holds the invisible character {code} (a control or formatting character, such "
                 "as one that reverses the text direction): type this text again in the profile"),
    "not_list": N_("{where}: '{field}' must be a list (- name: …)"),
    "not_map": N_("{where}: '{field}' must be a mapping (name: …)"),
    "no_name": N_("{where}: name: is missing"),
    "bad_lang": N_("{where}: lang must be one of: {langs}; not {value!r}"),
    "bad_version": N_("{where}: unknown version {value!r} (expected 1)"),
    "unknown_partner": N_("{where}: partner '{value}' is not among partners:"),
    "other_choice": N_("Other: type a new name"),
    "saved": N_("Profile updated: {path} ({what})"),
    "saved_nothing": N_("Profile unchanged: {path} (nothing new)"),
    "added_partner": N_("partner {name}"),
    "added_company": N_("company {name}"),
    "added_tutor": N_("tutor {name}"),
    "added_org": N_("sending organisation {name}"),
    "cannot_save": N_("cannot save the profile {path}: {why}"),
    "file_head": N_("# mobility-advisor profile (see `mobility-advisor ask --help`, option --profile)"),
}

msg = messages(MESSAGES)


@dataclass
class Profile:
    path: Path | None
    lang: str | None = None
    organisation: dict[str, str] = field(default_factory=dict)
    referent: dict[str, str] = field(default_factory=dict)
    partners: list[dict[str, str]] = field(default_factory=list)
    companies: list[dict[str, Any]] = field(default_factory=list)

    # -- what the profile answers -------------------------------------------------------
    def company(self, name: Any) -> dict[str, Any] | None:
        key = _key(name)
        return next((c for c in self.companies if _key(c["name"]) == key), None) if key else None

    def partner(self, name: Any) -> dict[str, str] | None:
        key = _key(name)
        return next((p for p in self.partners if _key(p["name"]) == key), None) if key else None

    def prefill(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers this profile gives, knowing `answers` (which always win over them)."""
        out: dict[str, Any] = {}
        if self.organisation.get("name"):
            out[SENDING] = self.organisation["name"]
        if self.organisation.get("country"):
            out[SENDING_COUNTRY] = self.organisation["country"]
        # the learning agreement's official fields: typed once in the profile, not per learner
        # (a project code of another shape is left for the question to ask, rather than refused)
        if self.organisation.get("oid"):
            out[SENDING_OID] = self.organisation["oid"]
        code = "".join(str(self.organisation.get("project_code") or "").split()).upper()
        if code:
            from mobility_advisor.engine.engine import PROJECT_CODE as NEW, PROJECT_CODE_OLD as OLD

            if NEW.match(code) or OLD.match(code):
                out[PROJECT_CODE] = code
        company = self.company(answers.get(COMPANY_Q))
        if company is not None:
            if company.get("partner"):
                out[PARTNER_Q] = company["partner"]
            partner = self.partner(company.get("partner") or answers.get(PARTNER_Q))
            country = company.get("country") or (partner or {}).get("country")
            if country:
                out[COUNTRY_Q] = country
            tutors = company.get("tutors") or []
            tutor = next((t for t in tutors if _key(t["name"]) == _key(answers.get(TUTOR_Q))), None)
            if tutor is None and len(tutors) == 1 and TUTOR_Q not in answers:
                tutor = tutors[0]
                out[TUTOR_Q] = tutor["name"]
            if tutor is not None and tutor.get("function"):
                out[FUNCTION_Q] = tutor["function"]
        elif (partner := self.partner(answers.get(PARTNER_Q))) is not None and partner.get("country"):
            out[COUNTRY_Q] = partner["country"]
        host = self.partner(out.get(PARTNER_Q) or answers.get(PARTNER_Q))
        if host is not None and host.get("oid"):
            out[HOST_OID] = host["oid"]
        return {k: v for k, v in out.items() if k not in answers}

    def choices(self, qid: str, answers: Mapping[str, Any]) -> list[str]:
        """The known names the wizard offers for a question (empty: an ordinary text question)."""
        if qid == PARTNER_Q:
            return [p["name"] for p in self.partners]
        if qid == COMPANY_Q:
            partner = _key(answers.get(PARTNER_Q))
            mine = [c["name"] for c in self.companies if partner and _key(c.get("partner")) == partner]
            return mine + [c["name"] for c in self.companies if c["name"] not in mine]
        if qid == TUTOR_Q:
            company = self.company(answers.get(COMPANY_Q))
            if company is not None and company.get("tutors"):
                return [t["name"] for t in company["tutors"]]
            return list(dict.fromkeys(t["name"] for c in self.companies for t in c.get("tutors") or []))
        return []


def _key(name: Any) -> str:
    return " ".join(str(name).split()).casefold() if isinstance(name, str) else ""


def default_path() -> Path:
    """$XDG_CONFIG_HOME/mobility-advisor/profile.yaml (else ~/.config/…)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "mobility-advisor" / FILE_NAME


def find(path: Path | None, lang: str) -> Profile | None:
    """The profile given (`--profile`), else the default one if it exists, else None."""
    if path is not None:
        return load(path, lang)
    default = default_path()
    return load(default, lang) if default.is_file() else None


def load(path: Path, lang: str = "en") -> Profile:
    """Read and check a profile; InputError (in `lang`) says where and what is wrong."""
    from mobility_advisor.core.data import display
    from mobility_advisor.rules.yamlsafe import YamlError, parse, read_text

    name = display(path)
    if not path.is_file():
        raise InputError(msg("no_file", lang, file=name))
    try:
        data = parse(read_text(path, name), name)
    except YamlError as exc:
        raise InputError(str(exc.problem)) from None
    if data is None:
        data = {}
    return _check(data, Path(path), name, lang)


def _where(container: Any, key: Any, name: str) -> str:
    from mobility_advisor.rules.yamlsafe import value_at

    at = value_at(container, key)
    return f"{name}:{at.line}:{at.col}" if at.file != "?" else f"{name}:1"


def _check(data: Any, path: Path, name: str, lang: str) -> Profile:
    if not isinstance(data, dict):
        raise InputError(msg("not_mapping", lang, where=_where(data, None, name)))

    def keys(d: dict, allowed: tuple[str, ...], where: str) -> None:
        unknown = [str(k) for k in d if k not in allowed]
        if unknown:
            raise InputError(msg("unknown_keys", lang, n=len(unknown), where=where, keys=", ".join(unknown),
                                 expected=", ".join(allowed)))

    def texts(d: dict, allowed: tuple[str, ...], required: bool) -> dict[str, str]:
        keys(d, allowed, _where(d, next((k for k in d if k not in allowed), None), name))
        out = {}
        for k in allowed:
            if k not in d or d[k] is None or k == "tutors":
                continue
            v = d[k]
            if isinstance(v, bool) or not isinstance(v, (str, int, float)):
                raise InputError(msg("not_text", lang, where=_where(d, k, name), field=k))
            hidden = first_hidden(str(v), allow="\n\t")  # the rule answers follow (see controls)
            if hidden is not None:
                raise InputError(msg("hidden", lang, where=_where(d, k, name), field=k, code=code(hidden)))
            out[k] = " ".join(str(v).split())
        if required and not out.get("name"):
            raise InputError(msg("no_name", lang, where=_where(d, "name" if "name" in d else None, name)))
        return out

    def mapping(key: str) -> dict:
        v = data.get(key)
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise InputError(msg("not_map", lang, where=_where(data, key, name), field=key))
        return v

    def listing(d: dict, key: str) -> list:
        v = d.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            raise InputError(msg("not_list", lang, where=_where(d, key, name), field=key))
        for i, item in enumerate(v):
            if not isinstance(item, dict):
                raise InputError(msg("not_map", lang, where=_where(v, i, name), field=f"{key}[{i + 1}]"))
        return v

    keys(data, TOP, _where(data, next((k for k in data if k not in TOP), None), name))
    if data.get("version", 1) != 1:
        raise InputError(msg("bad_version", lang, where=_where(data, "version", name), value=data.get("version")))
    plang = data.get("lang")
    if plang is not None and plang not in spoken():
        raise InputError(msg("bad_lang", lang, where=_where(data, "lang", name), value=plang,
                             langs=", ".join(spoken())))
    prof = Profile(path, plang, texts(mapping("organisation"), ORG, False), texts(mapping("referent"), REFERENT, False))
    prof.partners = [texts(p, PARTNER, True) for p in listing(data, "partners")]
    known = {_key(p["name"]) for p in prof.partners}
    for c in listing(data, "companies"):
        company: dict[str, Any] = texts(c, COMPANY, True)
        if company.get("partner") and known and _key(company["partner"]) not in known:
            raise InputError(msg("unknown_partner", lang, where=_where(c, "partner", name), value=company["partner"]))
        company["tutors"] = [texts(t, TUTOR, True) for t in listing(c, "tutors")]
        prof.companies.append(company)
    return prof
