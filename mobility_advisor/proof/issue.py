"""`mobility-advisor credential`: read a pack, build a credential, write it where told; or check a badge.

Personal data: the files hold the learner's name (and date of birth for ELM), so they are
written only to the path given (`-o`, never a default), readable by their owner only (0600),
never over an existing file without `--force`, and nothing is sent anywhere. The badge's JWK set
(public: meant to be published) is written beside it as `<name>.jwks.json`.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.i18n.catalogues import Message, N_, messages
from .common import Refused

MESSAGES: dict[str, Message] = {
    "need_pack": N_("Give the mobility's pack folder: mobility-advisor credential PACK --format elm -o "
                    "FILE.json"),
    "need_output": N_("Say where to write the credential: -o FILE.json (it holds the learner's personal data)"),
    "need_key": N_("A badge is signed: give the organisation's private key with --key KEY.pem"),
    "need_public": N_("To check a badge, give the issuer's public key: --key FILE.jwks.json"),
    "bad_format": N_("--format is elm (European Digital Credential) or ob3 (Open Badge 3.0), not '{value}'"),
    "exists": N_("{path} already exists: add --force to replace it"),
    "no_folder": N_("{path}: the folder {folder} does not exist"),
    "is_folder": N_("{path} is a folder: give a file name (-o FILE.json)"),
    "no_country": N_("No credential issued: the EDC issuer requires the sending organisation's country, and "
                     "this pack does not give it (sending country \"Another country\"). An Open Badge (--format "
                     "ob3) is still possible."),
    "no_file": N_("{path}: no such file"),
    "cannot_read": N_("{path}: cannot be read ({why})"),
    "cannot_write": N_("{path}: cannot be written ({why})"),
    "bad_until": N_("--valid-until: expected a date YYYY-MM-DD, not '{value}'"),
    "written_elm": N_("European Digital Credential (unsealed) written to: {path}\nNext: upload it to the EDC "
                      "issuer (Europass), which seals it with your organisation's electronic seal (eSeal)."),
    "written_ob3": N_("Signed Open Badge 3.0 written to: {path}\nPublic key (to publish): {jwks}"),
}

msg = messages(MESSAGES)
FORMATS = ("elm", "ob3")


class Failed(Exception):
    """A refusal of the command: its message, already in the user's language, and the exit code."""

    def __init__(self, text: str, code: int):
        self.text, self.code = text, code
        super().__init__(text)


def _now() -> datetime:
    import os

    fixed = os.environ.get("MOBILITY_ADVISOR_TODAY")  # reproducible runs, as the other commands
    if fixed:
        return datetime.fromisoformat(fixed).replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def _read(path: Path, lang: str) -> bytes:
    from mobility_advisor.core.fsutil import os_reason

    if not path.is_file():
        raise Failed(msg("no_file", lang, path=path), 2)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Failed(msg("cannot_read", lang, path=path, why=os_reason(exc, lang)), 2) from None


def _target(path: Path, force: bool, lang: str) -> None:
    if path.is_dir():
        raise Failed(msg("is_folder", lang, path=path), 2)
    if not path.parent.is_dir():
        raise Failed(msg("no_folder", lang, path=path, folder=path.parent), 2)
    if (path.exists() or path.is_symlink()) and not force:
        raise Failed(msg("exists", lang, path=path), 1)


def _write(path: Path, data: str, lang: str, private: bool) -> None:
    from mobility_advisor.core.fsutil import atomic_write, os_reason

    try:
        atomic_write(path, data, mode=0o600 if private else None)
    except OSError as exc:
        raise Failed(msg("cannot_write", lang, path=path, why=os_reason(exc, lang)), 2) from None


def jwks_path(output: Path) -> Path:
    stem = output.name[:-len(".json")] if output.name.endswith(".json") else output.name
    return output.with_name(stem + ".jwks.json")


def issue(pack: Path, fmt: str, output: Path | None, key: Path | None, force: bool, lang: str,
          organisation: Mapping[str, str] | None = None, email: str | None = None,
          issuer: str | None = None, valid_until: str | None = None) -> str:
    """Write the credential of `pack`; the message to print. Failed on any refusal."""
    from . import badge, common

    if fmt not in FORMATS:
        raise Failed(msg("bad_format", lang, value=fmt), 2)
    if output is None:
        raise Failed(msg("need_output", lang), 2)
    if fmt == "ob3" and key is None:
        raise Failed(msg("need_key", lang), 2)
    until = None
    if valid_until:
        try:
            until = date.fromisoformat(valid_until)
        except ValueError:
            raise Failed(msg("bad_until", lang, value=valid_until), 2) from None
    try:
        mob = common.read_pack(pack, organisation)
    except Refused as exc:
        raise Failed(exc.message(lang), exc.code) from None
    _target(output, force, lang)
    if fmt == "elm":
        from . import elm

        if mob.sending_country is None:  # the EDC profile requires the issuer's country
            raise Failed(msg("no_country", lang), 2)
        doc = {"credential": elm.credential(mob, _now())}  # the EDC issuer's upload form, as its sample
        _write(output, json.dumps(doc, ensure_ascii=False, indent=2) + "\n", lang, private=True)
        return msg("written_elm", lang, path=output)
    beside = jwks_path(output)
    _target(beside, force, lang)
    try:
        signing = badge.load_private_key(key, _read(key, lang))
        cred = badge.credential(mob, email=email, issuer=issuer, now=_now(), valid_until=until)
        token = badge.sign(cred, signing)
    except badge.BadgeError as exc:
        raise Failed(exc.message(lang), exc.code) from None
    _write(output, json.dumps(badge.document(token), indent=2) + "\n", lang, private=True)
    _write(beside, json.dumps(badge.public_jwks(signing), indent=2) + "\n", lang, private=False)
    return msg("written_ob3", lang, path=output, jwks=beside)


def check(path: Path, key: Path | None, lang: str, issuer: str | None = None) -> str:
    """Check a badge file against a public key: the verdict to print. Failed when not valid."""
    from . import badge
    from mobility_advisor.i18n.localize import format_date

    if key is None:
        raise Failed(msg("need_public", lang), 2)
    try:
        token = badge.read_token(path, _read(path, lang))
        keys = badge.load_public_keys(key, _read(key, lang))
        got = badge.verify(token, keys, _now(), path, issuer)
    except badge.BadgeError as exc:
        raise Failed(exc.message(lang), exc.code) from None
    try:
        when: Any = format_date(date.fromisoformat(got.valid_from), lang)
    except ValueError:
        when = got.valid_from
    learner = got.learner if got.learner is not None else badge._msg("hashed", lang)
    return badge._msg("valid", lang, name=got.name, learner=learner, issuer=got.issuer, date=when, kid=got.kid)
