"""Who signed which document of a pack, and who refused: `mobility-advisor signed`, read by `status`.

    mobility-advisor signed PACK DOCUMENT --by ROLE [--on DATE] [--file SCAN] [--refused REASON]

A signature is recorded in the pack's manifest (`signatures`, see `manifest`): one entry per
signatory and event, in the order they were recorded, so that the latest entry of a document
and role says where it stands (a refusal stands until that signatory signs a new version). A
scan given with `--file` is copied into the pack's `signed/` folder, which is the referent's:
it is not in the manifest's `files`, so `update` and `--force` never touch it (see `packdir`).

Roles have stable ids (below) and the documents' signature tables (templates/NAME.md.j2,
`signers`) name who signs each document; `SIGNERS` repeats that list here, with which of them
the document cannot do without (the rows marked "le cas échéant" or "si votre modèle le
prévoit" are accepted but never missing). A pack in a cohort has its entries in the cohort's
manifest, under its folder's name in `packs`.

A PDF with digital signatures in it is read with pyHanko (the `[signatures]` extra): who signed
(the certificate's subject), when (the time the signer's software wrote in the signature), and
whether the file was changed after that signature. Whether the signer's certificate deserves
trust is NOT judged (no certificate authority is consulted): the command says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable, Mapping

from mobility_advisor.i18n.catalogues import Message, NP_, N_, messages

SIGNED_DIR = "signed"  # the pack's folder of signed scans: the referent's, never the tool's
COMPLEMENT_GRACE = timedelta(days=7)  # the complement is late a week after the end of the stay

ROLES = ("learner", "legal_representative", "sending_organisation", "sending_company", "host_partner",
         "host_company", "other_host_company", "host_tutor", "sending_trainer", "assessor", "jury")

# Who signs each document, in the order of its signature table. "required": the document is not
# complete without it; "optional": a row "le cas échéant" / "si votre modèle le prévoit";
# "minor": required when the learner is a minor at the start; "sending_company": required when
# the pack names a sending company (an apprentice's employer).
SIGNERS: Mapping[str, tuple[tuple[str, str], ...]] = {
    # the step-by-step guide has the partners and companies sign; the learner's row, proposed by
    # the template, is tracked because the learning agreement is the learner's commitment too
    "learning_agreement": (("learner", "required"), ("sending_organisation", "required"),
                           ("sending_company", "sending_company"), ("host_partner", "required"),
                           ("host_company", "required"), ("legal_representative", "optional")),
    # the host brief has the tutor sign the complement for the host company (#25)
    "learning_agreement_complement": (("learner", "required"), ("host_partner", "required"),
                                      ("host_company", "required")),
    "attestation_participation": (("host_partner", "required"), ("host_company", "required"),
                                  ("other_host_company", "optional"), ("legal_representative", "optional")),
    "europass_preparation": (("host_tutor", "required"), ("learner", "required"),
                             ("sending_organisation", "required")),
    "evaluation_grid": (("host_tutor", "required"), ("sending_trainer", "required")),
    "btm_file": (("host_tutor", "required"), ("sending_trainer", "optional"), ("jury", "required")),
    # the host tutor signs the part filled in with her (#25, words9): accepted, never missing
    "men_unit_file": (("assessor", "required"), ("host_tutor", "optional")),
    "validation_record": (("assessor", "required"), ("host_tutor", "optional")),
    "mobility_convention": (("learner", "required"), ("legal_representative", "minor"),
                            ("sending_company", "required"), ("sending_organisation", "required"),
                            ("host_company", "required"), ("other_host_company", "optional")),
    # the host tutor's row signs the assessment at the end of the stay (#25, words9): never missing before
    "qbid_agreement": (("sending_organisation", "required"), ("learner", "required"), ("host_company", "required"),
                       ("host_tutor", "optional")),
}

MESSAGES: dict[str, Message] = {
    "role_learner": N_("learner"),
    "role_legal_representative": N_("legal representative"),
    "role_sending_organisation": N_("sending organisation"),
    "role_sending_company": N_("sending company"),
    "role_host_partner": N_("host partner"),
    "role_host_company": N_("host company"),
    "role_other_host_company": N_("other host company"),
    "role_host_tutor": N_("host tutor"),
    "role_sending_trainer": N_("trainer of the sending organisation"),
    "role_assessor": N_("assessor"),
    "role_jury": N_("jury"),
    "not_a_pack": N_("{path}: not a mobility pack (no .mobility-advisor.json record file here nor in its cohort)"),
    "corrupt": N_("{path}: the pack's record file cannot be read ({why}): nothing was recorded"),
    "unknown_document": N_("{pack}: no document to sign called \"{name}\" in this pack. Documents to sign: {valid}"),
    "unknown_role": N_("{document}: no signatory \"{role}\". This document's signatories: {valid}"),
    "bad_date": N_("--on: {value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
    "future": N_("signing date in the future ({day}): today is {today}"),
    "no_scan": N_("--file: {path}: no such readable file"),
    "damaged_pdf": N_("--file: {path}: damaged or encrypted PDF, its signatures cannot be read ({why})"),
    "roles_count": NP_("{path} holds {n} digital signature: give one --by per signature, in the order they were "
                       "made:\n{found}",
                       "{path} holds {n} digital signatures: give one --by per signature, in the order they were "
                       "made:\n{found}"),
    "one_role": N_("only one --by without a digitally signed file"),
    "on_digital": N_("--on: the date is read from the digital signature in {path}; leave --on out"),
    "busy": N_("{path}: another command is writing this pack; try again in a moment"),
    "cannot_write": N_("{path}: cannot be written ({why}): nothing was recorded"),
    "recorded": N_("Recorded: {document}, signed by {role} on {day}"),
    "recorded_digital": N_("Recorded: {document}, digitally signed by {role} ({signer}) on {when}"),
    "recorded_refusal": N_("Recorded: {document}, refused by {role} on {day}: {reason}"),
    "changed": N_("Warning: the document was changed after this signature ({signer})"),
    "trust": N_("The signer's certificate is not checked for trust: mobility-advisor reads who signed and "
                "when, and whether the document changed since, but consults no certificate authority."),
    "scan_kept": N_("Copy kept in: {path}"),
    "no_reader": N_("This PDF's digital signatures are not read without the extra: pip install "
                    "'mobility-advisor[signatures]'"),
}

msg = messages(MESSAGES)


class SignError(Exception):
    """A refusal of `signed`, in the user's words: `key` of MESSAGES, the exit code, the values."""

    def __init__(self, key: str, code: int, **values: Any):
        self.key, self.code, self.values = key, code, values
        super().__init__(key)

    def message(self, lang: str) -> str:
        return msg(self.key, lang, **self.values)


def role_label(role: str, lang: str) -> str:
    return msg(f"role_{role}", lang)


# --- Which documents and signatories ------------------------------------------------------


def pack_documents(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """The stems of the pack's documents that have a signature table, in the pack's order."""
    out = []
    for i in items:
        stem = (i.get("file") or "").rsplit(".", 1)[0]
        if i.get("kind") == "document" and stem in SIGNERS and stem not in out:
            out.append(stem)
    return out


def document_named(name: str, documents: list[str], pack: str) -> str:
    """The document stem a user's DOCUMENT stands for: `learning_agreement`, `learning_agreement.pdf`…"""
    base = Path(name).name
    for candidate in (base, base.rsplit(".", 1)[0]):
        if candidate in documents:
            return candidate
    raise SignError("unknown_document", 2, pack=pack, name=name, valid=", ".join(documents) or "-")


def is_minor(answers: Mapping[str, Any]) -> bool:
    """The learner is under 18 on the first day (as the engine's `minor_at_start`), or said so."""
    if answers.get("learner.minor") == "yes":
        return True
    try:
        birth = date.fromisoformat(str(answers.get("learner.birth_date")))
        start = date.fromisoformat(str(answers.get("mobility.start")))
    except ValueError:
        return False
    try:
        adult = birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        adult = date(birth.year + 18, 3, 1)
    return start < adult


def expected(document: str, answers: Mapping[str, Any]) -> list[str]:
    """The roles a document cannot do without, for this mobility's answers."""
    out = []
    for role, when in SIGNERS.get(document, ()):
        if when == "required" or (when == "minor" and is_minor(answers)) or (
                when == "sending_company" and answers.get("org.sending_company")):
            out.append(role)
    return out


def role_named(role: str, document: str) -> str:
    valid = [r for r, _ in SIGNERS[document]]
    key = role.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in valid:
        raise SignError("unknown_role", 2, document=document, role=role, valid=", ".join(valid))
    return key


# --- Where the signatures stand (for status) ----------------------------------------------


@dataclass
class Signature:
    """One signatory of one document, as status shows it."""

    document: str
    role: str
    signed_on: str | None = None  # ISO date; None: missing (or refused)
    refused: str | None = None  # the reason given, while the refusal stands
    refused_on: str | None = None
    late: bool = False
    changed: bool = False  # a digital signature after which the document was changed


def standing(entries: list[Mapping[str, Any]], documents: list[str], answers: Mapping[str, Any],
             today: date) -> list[Signature]:
    """Per document of the pack, each required signatory (and any other one recorded): signed
    when, missing, refused; and late (the learning agreement not signed by all on the first day
    of the stay; the complement not signed by all a week after its last day)."""
    latest: dict[tuple[str, str], Mapping[str, Any]] = {}
    for e in entries:
        latest[(e["document"], e["role"])] = e
    start, end = _day(answers.get("mobility.start")), _day(answers.get("mobility.end"))
    out: list[Signature] = []
    for doc in documents:
        roles = expected(doc, answers)
        roles += [r for r, _ in SIGNERS[doc] if r not in roles and (doc, r) in latest]
        for role in roles:
            e = latest.get((doc, role))
            s = Signature(doc, role)
            if e is not None and e.get("refused") is not None:
                s.refused, s.refused_on = str(e["refused"]), e.get("on")
            elif e is not None:
                s.signed_on, s.changed = e.get("signed_on"), bool(e.get("changed"))
            if s.signed_on is None and role in expected(doc, answers):
                if doc == "learning_agreement" and start is not None:
                    s.late = today >= start
                elif doc == "learning_agreement_complement" and end is not None:
                    s.late = today > end + COMPLEMENT_GRACE
            out.append(s)
    return out


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
