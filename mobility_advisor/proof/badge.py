"""The outcomes achieved as an Open Badges 3.0 `OpenBadgeCredential`, signed as a VC-JWT.

The badge (1EdTech Open Badges 3.0, on the W3C Verifiable Credentials data model 2.0):

    issuer: the sending organisation's Profile (id: --issuer-id, else a urn:uuid made from its
            name and OID, so that one organisation keeps one id)
    credentialSubject: the learner, identified as the standard allows: a salted SHA-256 hash
            of the e-mail address when one is given (--email), else the name
        achievement: name, description, criteria.narrative (what was assessed, how, by whom),
            one resultDescription per outcome achieved
        result: one per outcome: "achieved" or "partly achieved", in the pack's language

Signed with JOSE (joserfc, the `[credentials]` extra) as OB 3.0 §8.2 says: the JWT payload is
the credential itself, with `iss`, `jti`, `nbf` (and `exp` when it expires); the header names
the key by its RFC 7638 thumbprint (`kid`), and the public key is written beside the badge as a
JWK set, for the organisation to publish. `verify` checks a badge against that set: signature,
algorithm bound to the key type, dates, and the issuer named in the JWT and in the credential.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from mobility_advisor.i18n.catalogues import Message, N_, messages
from .common import Mobility, msg, words

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
# the algorithm each key type signs with (a key never signs with another)
ALGORITHMS = {"OKP": "EdDSA", "EC": "ES256", "RSA": "RS256"}
PASSWORD_VAR = "MOBILITY_ADVISOR_KEY_PASSWORD"

MESSAGES: dict[str, Message] = {
    "no_jose": N_("To sign or check a badge, install the extra: pip install 'mobility-advisor[credentials]'"),
    "bad_key": N_("{path}: unreadable key (or wrong password); expected a PEM private key, Ed25519, P-256 or "
                  "RSA (2048 bits at least)"),
    "key_password": N_("{path}: the key is protected by a password; give it in the environment variable {var}"),
    "bad_public": N_("{path}: unreadable public key; expected the JWK set written with the badge (or a PEM "
                     "public key)"),
    "not_badge": N_("{path}: not a signed badge (VC-JWT)"),
    "bad_signature": N_("Badge NOT valid: the signature does not match the key {kid} (the badge was changed, or "
                        "signed with another key)."),
    "expired": N_("Badge NOT valid: it expired on {date}."),
    "not_yet": N_("Badge NOT valid: it is only valid from {date}."),
    "bad_issuer": N_("Badge NOT valid: the signed issuer ({iss}) is not the badge's ({issuer})."),
    "other_issuer": N_("Badge NOT valid: it is issued by {issuer}, not by {expected}."),
    "valid": N_("Valid badge: \"{name}\", awarded to {learner} by {issuer} on {date} (signature checked with "
                "key {kid})."),
    "hashed": N_("the learner identified by a hash of their e-mail address"),
}

_msg = messages(MESSAGES)


class BadgeError(Exception):
    """A badge or key problem: a message key of MESSAGES, its values, and the exit code."""

    def __init__(self, key: str, code: int, **values: Any):
        self.key, self.code, self.values = key, code, values
        super().__init__(key)

    def message(self, lang: str) -> str:
        return _msg(self.key, lang, **self.values)


def _jose():
    try:
        from joserfc import jwk, jws  # noqa: F401
    except ImportError:
        raise BadgeError("no_jose", 2) from None
    return jwk, jws


# --- keys ------------------------------------------------------------------------------------


def load_private_key(path, data: bytes):
    """The organisation's signing key from PEM (Ed25519, P-256 or RSA ≥ 2048 bits). An encrypted
    key is opened with the password in $MOBILITY_ADVISOR_KEY_PASSWORD (never an option: it would
    show in the shell's history and the process list)."""
    import os

    jwk, _ = _jose()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    password = os.environ.get(PASSWORD_VAR)
    try:
        key = serialization.load_pem_private_key(data, password=password.encode("utf-8") if password else None)
    except TypeError:  # encrypted, and no password given (or a password for a plain key)
        raise BadgeError("key_password" if not password else "bad_key", 2, path=path, var=PASSWORD_VAR) from None
    except ValueError:  # not a key, or a wrong password
        raise BadgeError("bad_key", 2, path=path) from None
    # joserfc takes the key as unencrypted PKCS#8, in memory only
    plain = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return jwk.OKPKey.import_key(plain)
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1":
        return jwk.ECKey.import_key(plain)
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size >= 2048:
        return jwk.RSAKey.import_key(plain)
    raise BadgeError("bad_key", 2, path=path)


def public_jwks(key) -> dict[str, Any]:
    """The JWK set to publish: the public half only, with its thumbprint as `kid`."""
    public = key.as_dict(private=False)
    return {"keys": [{**public, "kid": key.thumbprint(), "alg": ALGORITHMS[public["kty"]], "use": "sig"}]}


def load_public_keys(path, data: bytes) -> list:
    """The keys a badge may be checked with: a JWK set (or one JWK), or a PEM public key."""
    jwk, _ = _jose()
    try:
        if data.lstrip().startswith(b"{"):
            doc = json.loads(data.decode("utf-8"))
            keys = doc["keys"] if "keys" in doc else [doc]
            out = []
            for k in keys:
                public = {n: v for n, v in k.items() if n not in ("d", "p", "q", "dp", "dq", "qi")}
                imported = jwk.import_key(public)
                out.append(imported)
            return out
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

        pub = serialization.load_pem_public_key(data)
        cls = {ed25519.Ed25519PublicKey: jwk.OKPKey, ec.EllipticCurvePublicKey: jwk.ECKey,
               rsa.RSAPublicKey: jwk.RSAKey}
        for base, kind in cls.items():
            if isinstance(pub, base):
                return [kind.import_key(data)]
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        pass
    except Exception as exc:  # joserfc's own errors (unsupported key types, bad members)
        if type(exc).__module__.startswith("joserfc"):
            raise BadgeError("bad_public", 2, path=path) from None
        raise
    raise BadgeError("bad_public", 2, path=path)


# --- the badge -------------------------------------------------------------------------------


def issuer_id(mob: Mobility) -> str:
    """A stable id for an organisation without a web address of its own: the same name and OID
    always give the same urn:uuid."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'mobility-advisor:' + mob.sending + ':' + mob.sending_oid)}"


def _identity(mob: Mobility, email: str | None) -> dict[str, Any]:
    if email:
        salt = secrets.token_hex(8)
        digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
        return {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                "identityHash": f"sha256${digest}", "salt": salt}
    return {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": mob.learner}


def _criteria(mob: Mobility, lang: str) -> str:
    from mobility_advisor.i18n.localize import format_date

    how = "; ".join(dict.fromkeys(a.assessment for a in mob.achieved if a.assessment)) or msg("criteria_how", lang)
    on = msg("criteria_on", lang, date=format_date(mob.assessed_on, lang)) if mob.assessed_on else ""
    tutor = f" ({mob.tutor})" if mob.tutor else ""
    return msg("criteria", lang, on=on, how=how, tutor=tutor, sending=mob.sending)


def credential(mob: Mobility, email: str | None = None, issuer: str | None = None,
               now: datetime | None = None, valid_until: date | None = None) -> dict[str, Any]:
    """The OpenBadgeCredential, unsigned (`sign` turns it into a VC-JWT)."""
    from mobility_advisor.engine.learning_view import STATUS_WORDS
    from mobility_advisor.i18n.localize import format_date

    now = now or datetime.now(timezone.utc)
    lang = mob.lang
    cid = f"urn:uuid:{uuid.uuid4()}"
    achievement_id = f"urn:uuid:{uuid.uuid4()}"
    descriptions, results = [], []
    for a in mob.achieved:
        rid = f"{achievement_id}#outcome-{a.number}"
        descriptions.append({
            "id": rid, "type": ["ResultDescription"], "name": a.texts.get(lang) or next(iter(a.texts.values())),
            "resultType": "Result",
            "allowedValue": [STATUS_WORDS["achieved"][lang], STATUS_WORDS["partial"][lang]],
            "requiredValue": STATUS_WORDS["partial"][lang]})
        results.append({"type": ["Result"], "resultDescription": rid,
                        "value": STATUS_WORDS["partial" if a.partial else "achieved"][lang]})
    partial = sum(a.partial for a in mob.achieved)
    name = (words("achievement", (lang,), qualification=mob.qualification) if mob.qualification
            else words("achievement_plain", (lang,)))[lang]
    description = " ".join([
        msg("description", lang, learner=mob.learner, host=mob.host,
            start=format_date(mob.start, lang) if mob.start else "", end=format_date(mob.end, lang) if mob.end else ""),
        msg("tally", lang, achieved=len(mob.achieved) - partial, partial=partial, total=mob.total)])
    profile: dict[str, Any] = {"id": issuer or issuer_id(mob), "type": ["Profile"], "name": mob.sending}
    if mob.sending_oid:
        profile["otherIdentifier"] = [{"type": ["IdentifierEntry"], "identifier": mob.sending_oid,
                                       "identifierType": "identifier"}]
    cred: dict[str, Any] = {
        "@context": CONTEXT, "id": cid, "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profile, "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"], "identifier": [_identity(mob, email)],
            "achievement": {"id": achievement_id, "type": ["Achievement"], "achievementType": "Competency",
                            "name": name, "description": description, "inLanguage": lang,
                            "criteria": {"narrative": _criteria(mob, lang)},
                            "resultDescription": descriptions},
            "result": results,
        },
    }
    if mob.start and mob.end:
        cred["credentialSubject"]["activityStartDate"] = f"{mob.start.isoformat()}T00:00:00Z"
        cred["credentialSubject"]["activityEndDate"] = f"{mob.end.isoformat()}T00:00:00Z"
    if valid_until:
        cred["validUntil"] = f"{valid_until.isoformat()}T23:59:59Z"
    return cred


def _epoch(stamp: str) -> int:
    return int(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())


def sign(cred: dict[str, Any], key) -> str:
    """The VC-JWT (compact JWS): the credential with the JWT claims OB 3.0 maps it to."""
    _, jws = _jose()
    alg = ALGORITHMS[key.key_type]
    claims = {**cred, "iss": cred["issuer"]["id"], "jti": cred["id"], "nbf": _epoch(cred["validFrom"])}
    if "validUntil" in cred:
        claims["exp"] = _epoch(cred["validUntil"])
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {"alg": alg, "typ": "JWT", "kid": key.thumbprint()}
    with warnings.catch_warnings():  # joserfc flags "EdDSA" (RFC 9864 names it "Ed25519"): OB 3.0 says EdDSA
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, payload, key, algorithms=[alg])


def document(token: str) -> dict[str, Any]:
    """The file written: the OB 3.0 API's shape for credentials in VC-JWT form."""
    return {"compactJwsString": [token]}


@dataclass(frozen=True)
class Checked:
    name: str
    learner: str | None  # None: identified by a hashed e-mail address
    issuer: str
    valid_from: str
    kid: str


def read_token(path, data: bytes) -> str:
    """The compact JWS of a badge file (as written by `credential`, or a bare VC-JWT)."""
    text = data.decode("utf-8", "replace").strip()
    if text.startswith("{"):
        try:
            doc = json.loads(text)
            tokens = doc.get("compactJwsString") if isinstance(doc, dict) else None
            text = tokens[0] if isinstance(tokens, list) and tokens and isinstance(tokens[0], str) else ""
        except ValueError:
            text = ""
    if text.count(".") != 2:
        raise BadgeError("not_badge", 2, path=path)
    return text


def verify(token: str, keys: list, now: datetime, path, expected_issuer: str | None = None) -> Checked:
    """Check a badge: signature by one of `keys` (with its own algorithm), dates, issuer."""
    _, jws = _jose()
    import base64

    try:
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "==="))
    except ValueError:
        raise BadgeError("not_badge", 2, path=path) from None
    if not isinstance(header, dict):
        raise BadgeError("not_badge", 2, path=path)
    candidates = [k for k in keys if header.get("kid") in (None, k.kid, k.thumbprint())] or keys
    payload = None
    for key in candidates:
        alg = ALGORITHMS.get(key.key_type)
        if header.get("alg") != alg:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                payload = jws.deserialize_compact(token, key, algorithms=[alg]).payload
            kid = key.kid or key.thumbprint()
            break
        except Exception as exc:  # joserfc's BadSignatureError, DecodeError…
            if not type(exc).__module__.startswith("joserfc"):
                raise
    if payload is None:
        raise BadgeError("bad_signature", 1, kid=", ".join(k.kid or k.thumbprint() for k in keys))
    try:
        claims = json.loads(payload)
        issuer = claims["issuer"]["id"] if isinstance(claims["issuer"], dict) else claims["issuer"]
        subject = claims["credentialSubject"]
        ident = (subject.get("identifier") or [{}])[0]
        learner = str(ident.get("identityHash", "")) if not ident.get("hashed") else None
        name = claims["name"]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise BadgeError("not_badge", 2, path=path) from None
    if claims.get("iss") != issuer:
        raise BadgeError("bad_issuer", 1, iss=claims.get("iss"), issuer=issuer)
    if expected_issuer and expected_issuer != issuer:
        raise BadgeError("other_issuer", 1, issuer=issuer, expected=expected_issuer)
    stamp = int(now.timestamp())
    if isinstance(claims.get("exp"), int) and stamp > claims["exp"]:
        raise BadgeError("expired", 1, date=datetime.fromtimestamp(claims["exp"], timezone.utc).date())
    if isinstance(claims.get("nbf"), int) and stamp < claims["nbf"]:
        raise BadgeError("not_yet", 1, date=datetime.fromtimestamp(claims["nbf"], timezone.utc).date())
    issuer_name = claims["issuer"].get("name", issuer) if isinstance(claims["issuer"], dict) else issuer
    return Checked(name=str(name), learner=learner, issuer=str(issuer_name),
                   valid_from=str(claims.get("validFrom", ""))[:10], kid=kid)
