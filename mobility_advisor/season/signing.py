"""Recording a signature in a pack: `mobility-advisor signed PACK DOCUMENT --by ROLE …` — the
manifest entry, the scan copied into `signed/`, and the digital signatures read from a signed PDF
(pyHanko). What a signature means for a document (roles, who may not be missing, lateness) is
`signatures`; this module writes and reads files.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mobility_advisor.i18n.catalogues import Message, NP_, N_, messages
from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.season.signatures import (ROLES, SIGNED_DIR, SignError, document_named, pack_documents,
                                                 role_named)

FIELD_PREFIX = "signature."  # the tool's signature fields: signature.ROLE, signature.ROLE.2 (docs/forms.md)

# what the signed fields of a PDF say about who signed (the other refusals are `signatures`')
MESSAGES: dict[str, Message] = {
    "foreign_fields": NP_("{path}: signed in a field that names no signatory ({fields}): give who signed with --by, "
                          "one per signature, in the order they were made",
                          "{path}: signed in fields that name no signatory ({fields}): give who signed with --by, "
                          "one per signature, in the order they were made"),
    "roles_disagree": N_("--by {given} does not match the signature fields signed in {path}: {held}. Leave --by out, "
                         "or give these roles"),
}
msg = messages(MESSAGES)


class FieldsError(SignError):
    """A refusal about the signed fields of a PDF, in this module's words (exit 2)."""

    def message(self, lang: str) -> str:
        return msg(self.key, lang, **self.values)


class RoleNeeded(Exception):
    """Who signed is neither given (--by) nor read from the file: the command asks for --by in
    the words it uses for any missing option."""

    def __init__(self, unread_pdf: bool = False):
        super().__init__("missing --by")
        self.unread_pdf = unread_pdf  # a PDF whose signatures were not read (no pyHanko): said too


# --- Reading digital signatures -----------------------------------------------------------


@dataclass
class Digital:
    """A digital signature found in a PDF: who (the certificate's subject), when, and whether
    the document was changed after it (its bytes, or a later revision beyond form filling)."""

    signer: str
    when: datetime | None
    changed: bool
    field: str = ""  # the signed field's full name: `signature.host_company` in the tool's forms


def field_role(field: str) -> str | None:
    """The role a signature field of the tool's forms stands for (`signature.assessor.2` →
    `assessor`); None for a field another tool made (`Signature1`)."""
    if not field.startswith(FIELD_PREFIX):
        return None
    role, _, nth = field[len(FIELD_PREFIX):].partition(".")
    return role if role in ROLES and (not nth or nth.isdigit()) else None


def is_pdf(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(1024).lstrip().startswith(b"%PDF")


def read_digital(path: Path) -> list[Digital]:
    """The digital signatures of a PDF, in the order they were made ([] when it has none).
    Raises ModuleNotFoundError without pyHanko, SignError for a damaged or encrypted PDF."""
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyHanko's import warns about DSA in `cryptography`
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.validation.errors import SignatureValidationError
        from pyhanko.sign.validation.generic_cms import validate_sig_integrity
        from pyhanko.sign.validation.status import SignatureCoverageLevel

    # pyHanko logs a traceback for each suspicious revision it finds: the answer is ours to say
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    found: list[Digital] = []
    try:
        with open(path, "rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            if reader.encrypted:
                raise SignError("damaged_pdf", 2, path=path, why="encrypted")
            for sig in reader.embedded_signatures:
                subject = sig.signer_cert.subject.native
                who = subject.get("common_name") or sig.signer_cert.subject.human_friendly
                if subject.get("organization_name"):
                    who = f"{who}, {subject['organization_name']}"
                try:
                    sig.compute_integrity_info()
                    intact, _ = validate_sig_integrity(sig.signer_info, sig.signer_cert, expected_content_type="data",
                                                       actual_digest=sig.compute_digest())
                except (SignatureValidationError, ValueError):
                    intact = False
                diff = sig.diff_result
                later_ok = sig.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
                    diff is not None and not isinstance(diff, Exception)
                    and diff.modification_level <= ModificationLevel.FORM_FILLING)
                found.append(Digital(str(who), sig.self_reported_timestamp, not (intact and later_ok),
                                     str(sig.field_name or "")))
    except SignError:
        raise
    except Exception as exc:  # pyHanko raises many kinds for a file it cannot read
        raise SignError("damaged_pdf", 2, path=path, why=str(exc).split("\n")[0][:120]) from None
    return found  # in the file's order: the order they were made


# --- Recording ----------------------------------------------------------------------------


@dataclass
class Where:
    """The manifest that holds a pack's signatures: the pack's own, or its cohort's (`entry`)."""

    folder: Path  # the folder whose manifest is written
    pack: Path
    entry: str | None  # the learner folder's name in a cohort's `packs`


def locate(pack: Path) -> Where:
    """The manifest for PACK; SignError when it is not a pack (exit 1)."""
    pack = Path(os.path.abspath(pack))
    if not pack.is_dir():
        raise SignError("not_a_pack", 1, path=pack)
    if (pack / manifest_mod.FILE_NAME).exists():
        return Where(pack, pack, None)
    parent = pack.parent
    if (parent / manifest_mod.FILE_NAME).exists():
        return Where(parent, pack, pack.name)
    raise SignError("not_a_pack", 1, path=pack)


def _read(where: Where) -> manifest_mod.Manifest:
    try:
        m = manifest_mod.read(where.folder)
    except manifest_mod.ManifestError as exc:
        raise SignError("corrupt", 1, path=exc.path, why=exc.why) from None
    if m is None:
        raise SignError("not_a_pack", 1, path=where.pack)
    if where.entry is None and m.kind == "pack" and m.items is not None:
        return m
    if where.entry is not None and m.kind == "cohort" and m.packs and where.entry in m.packs:
        return m
    raise SignError("not_a_pack", 1, path=where.pack)


def pack_view(m: manifest_mod.Manifest, entry: str | None) -> tuple[list[dict[str, Any]], dict[str, Any], list]:
    """(items, answers, signature entries) of the pack (`entry`: a cohort learner's folder)."""
    if entry is None:
        answers = m.answers.get("answers") if isinstance(m.answers.get("answers"), dict) else {}
        return m.items or [], answers, m.signatures if m.signatures is not None else []
    pack = (m.packs or {})[entry]
    answers = pack["answers"].get("answers") if isinstance(pack["answers"].get("answers"), dict) else {}
    return manifest_mod.pack_items(m, entry), answers, pack.setdefault("signatures", [])


@dataclass
class Recorded:
    """What `record` did, for the command to say."""

    document: str
    entries: list[dict[str, Any]]
    scan: str | None  # the copy's path in the pack
    digital: bool
    unread_pdf: bool = False  # a PDF whose digital signatures could not be read (no pyHanko)


def record(pack: Path, document: str, roles: list[str], on: str | None, scan: Path | None, refused: str | None,
           today: date, lang: str = "en") -> Recorded:
    """Record signatures (or a refusal) in the pack's manifest, the scan copied into signed/.
    SignError for bad input (2), a folder that is not a pack (1), or one that cannot be written (2)."""
    from mobility_advisor.engine.dates import parse_date
    from mobility_advisor.rules.problems import AnswerError

    where = locate(pack)
    m = _read(where)
    items, answers, _ = pack_view(m, where.entry)
    doc = document_named(document, pack_documents(items), str(pack))
    roles = [role_named(r, doc) for r in roles or []]
    day = today
    if on is not None:
        try:
            day = parse_date(on)
        except AnswerError:
            raise SignError("bad_date", 2, value=on) from None
    if day > today:
        raise SignError("future", 2, day=day.isoformat(), today=today.isoformat())
    if scan is not None and not (scan.is_file() and os.access(scan, os.R_OK)):
        raise SignError("no_scan", 2, path=scan)
    digital: list[Digital] = []
    unread_pdf = False
    if scan is not None and refused is None and is_pdf(scan):
        try:
            digital = read_digital(scan)
        except ModuleNotFoundError as exc:  # without the [signatures] extra: kept as a scan, and said
            if not (exc.name or "").startswith("pyhanko"):
                raise
            unread_pdf = True
    if digital:
        if on is not None:
            raise SignError("on_digital", 2, path=scan)
        roles = _roles_of_fields(digital, roles, doc, scan)
        if len(roles) != len(digital):
            found = "\n".join(f"  {n}. {d.signer} ({d.when:%Y-%m-%d %H:%M %Z})" if d.when else f"  {n}. {d.signer}"
                              for n, d in enumerate(digital, 1))
            raise SignError("roles_count", 2, path=scan, n=len(digital), found=found)
        for d in digital:
            if d.when is not None and d.when.date() > today:
                raise SignError("future", 2, day=d.when.date().isoformat(), today=today.isoformat())
    elif not roles:
        raise RoleNeeded(unread_pdf)
    elif len(roles) != 1:
        raise SignError("one_role", 2)
    return _write(where, doc, roles, day, scan, refused, digital, today, unread_pdf, lang)


def _roles_of_fields(digital: list[Digital], given: list[str], doc: str, scan: Path) -> list[str]:
    """The role of each digital signature, in the file's order: read from the fields signed when
    they are all the tool's (`signature.ROLE`), else the roles `given` (--by, in the order made).
    --by that names other roles than the fields signed is refused: the file is the evidence."""
    found = [field_role(d.field) for d in digital]
    if None in found:  # another tool's form: only the referent knows who signed
        if not given:
            foreign = [d.field or "?" for d, r in zip(digital, found) if r is None]
            raise FieldsError("foreign_fields", 2, path=scan, n=len(foreign), fields=", ".join(foreign))
        return given
    held = [role_named(r, doc) for r in found]  # a field of another document's form is refused
    if given and sorted(given) != sorted(held):
        raise FieldsError("roles_disagree", 2, path=scan, given=", ".join(given), held=", ".join(held))
    return held  # each signer with the field they signed, whatever the order of --by


def _write(where: Where, doc: str, roles: list[str], day: date, scan: Path | None, refused: str | None,
           digital: list[Digital], today: date, unread_pdf: bool, lang: str) -> Recorded:
    from mobility_advisor.core.fsutil import atomic_write, os_reason
    from mobility_advisor.pack.packdir import _lock

    try:
        fd = os.open(where.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise SignError("cannot_write", 2, path=where.folder, why=os_reason(exc, lang)) from None
    copied: Path | None = None
    try:
        if not _lock(fd, wait=False):
            raise SignError("busy", 1, path=where.pack)
        m = _read(where)  # again, under the lock: an `update` may have just rewritten it
        _, _, entries = pack_view(m, where.entry)
        rel = None
        if scan is not None:
            copied = _copy_scan(where.pack, scan, doc, roles[0], day if not digital else (
                digital[0].when.date() if digital[0].when else day))
            rel = copied.relative_to(where.pack).as_posix()
        new: list[dict[str, Any]] = []
        if digital:
            for role, d in zip(roles, digital):
                new.append({"document": doc, "role": role, "signed_on": d.when.date().isoformat() if d.when else
                            day.isoformat(), "at": d.when.isoformat() if d.when else None, "signer": d.signer,
                            "changed": d.changed, "file": rel, "recorded": today.isoformat()})
        elif refused is not None:
            new.append({"document": doc, "role": roles[0], "refused": refused, "on": day.isoformat(), "file": rel,
                        "recorded": today.isoformat()})
        else:
            new.append({"document": doc, "role": roles[0], "signed_on": day.isoformat(), "file": rel,
                        "recorded": today.isoformat()})
        entries.extend(new)
        if where.entry is None:
            m.signatures = entries
        atomic_write(where.folder / manifest_mod.FILE_NAME, m.to_json())
        return Recorded(doc, new, rel, bool(digital), unread_pdf)
    except OSError as exc:
        if copied is not None:
            copied.unlink(missing_ok=True)
        raise SignError("cannot_write", 2, path=where.pack, why=os_reason(exc, lang)) from None
    finally:
        os.close(fd)


def _copy_scan(pack: Path, scan: Path, doc: str, role: str, day: date) -> Path:
    """The scan copied to signed/DOC.ROLE.DATE.EXT (a new name if that one is taken by another file)."""
    target_dir = pack / SIGNED_DIR
    target_dir.mkdir(exist_ok=True)
    ext = "".join(scan.suffixes[-1:]).lower()
    n = 1
    while True:
        name = f"{doc}.{role}.{day.isoformat()}{'' if n == 1 else f'.{n}'}{ext}"
        target = target_dir / name
        if not target.exists():
            break
        if manifest_mod.file_sha256(target) == manifest_mod.file_sha256(scan):
            return target  # the same scan given again
        n += 1
    tmp = target_dir / f".{name}.tmp-{os.getpid()}"
    try:
        shutil.copyfile(scan, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
