"""`mobility-advisor credential` (issue 27): the learner's proof as a European Digital Credential
(ELM v3) and as a signed Open Badge 3.0, from packs written and results recorded by the real
commands.

The yardstick for ELM is the Commission's own: its SHACL profile, JSON-LD context and uploadable
sample in ../shared/conformance/elm/ (EUPL, kept out of this repository). A credential is
expanded to RDF with a document loader that answers from local copies only (no network), then
validated with pyshacl, exactly as the sample is. Badges are checked with jwcrypto, a JOSE
library other than the one that signs them (joserfc).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, route_profile
import clirun


def _conformance() -> Path:
    """../shared/conformance/elm beside the checkout; from a git worktree, beside the main one."""
    here = ROOT.parent / "shared" / "conformance" / "elm"
    if here.is_dir():
        return here
    common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return Path(common).parent.parent / "shared" / "conformance" / "elm" if common else here


ELM_DIR = _conformance()
SAMPLE = ELM_DIR / "Sample-CertOfPart-unsigned-uploadable.json"
TODAY = "2027-04-02"  # after the mobility and its assessment

OUTCOMES = [
    {"reference": "EX-1", "text": "Réaliser une pâte feuilletée selon la fiche de l'entreprise",
     "assessment": "Observation par le tuteur", "competence_type": "technical"},
    {"reference": "EX-2", "text": "Organiser son poste selon les règles d'hygiène",
     "assessment": "Grille d'appréciation", "competence_type": "organisational"},
    {"text": "Présenter un produit à un client", "competence_type": "transversal"},
]
ROUTES = {
    "men": ({"certification.certifier": "men", "men.diploma": "bac_pro", "certification.in_framework": "yes"},
            {"men.mark": 13, "diploma_passed": True}),
    "btm": ({"certification.certifier": "cma_btm", "btm.title": "patissier", "btm.dossier_focus": "organisation",
             "certification.in_framework": "yes"}, {"btm.passed": True, "btm.points": 2}),
    "qbid": ({"org.sending_country": "es_ct", "certification.certifier": "qbid", "qbid.catalan_tutor": "Marta Puig",
              "qbid.module": "MP 05", "certification.in_framework": "yes"}, {"qbid.validated": True}),
}
OUTCOME_RESULTS = {"EX-1": "achieved", "EX-2": "partial", 3: "not_achieved"}


def answers_doc(route: str, lang: str, results="default", outcomes=OUTCOMES) -> dict:
    answers, route_results = ROUTES[route]
    a = {"goals": ["integration", "certification"], **route_profile(route), **answers,
         "org.sending_oid": "E10012345",
         "integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv"],
         "integration.methods": ["observation", "jury"], "integration.test_before": True,
         "integration.record": ["grid", "minutes"]}
    a = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in a.items()}
    doc = {"version": 1, "lang": lang, "answers": a}
    if outcomes is not None:
        doc["outcomes"] = outcomes
    if results == "default":
        results = {"assessed_on": "2027-03-26", "outcomes": OUTCOME_RESULTS, **route_results}
    if results is not None:
        doc["results"] = results
    return doc


def run(cwd: Path, *args: str, lang_env: str = "fr_FR.UTF-8") -> subprocess.CompletedProcess:
    return clirun.run(cwd, *args, today=TODAY, lang=lang_env, timeout=120)


def make_pack(tmp: Path, doc: dict, name: str = "pack") -> Path:
    """A pack written by the real `render`, with the host's language by default."""
    (tmp / f"{name}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run(tmp, "render", "--answers", f"{name}.yaml", "-o", name)
    assert r.returncode == 0, r.stderr
    return tmp / name


def edit_record(pack: Path, change) -> None:
    """Change the answers a pack's record keeps (what a later version, or a hand, may put there)."""
    path = pack / ".mobility-advisor.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["answers"])
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


# --- the Commission's yardstick -------------------------------------------------------------

SEALING = {"https://www.w3.org/2018/credentials#issued",  # the issue date, added when sealed
           "http://data.europa.eu/snb/model/elm/eidasLegalIdentifier",  # the issuer's eIDAS identifier
           "https://www.w3.org/2018/credentials#issuer"}  # the issuer node, failing for the line above


def shacl_failures(credential: dict) -> set[str]:
    """The paths of the SHACL violations of a credential (its JSON-LD, unwrapped) against the EDC
    generic profile; empty when it conforms."""
    if not ELM_DIR.is_dir():
        pytest.skip(f"the Commission's ELM conformance files are not beside the checkout ({ELM_DIR})")
    jsonld = pytest.importorskip("pyld.jsonld", reason="pyld (test dependency) is needed to expand JSON-LD")
    pyshacl = pytest.importorskip("pyshacl", reason="pyshacl (test dependency) validates against the profile")
    import rdflib
    from pyld.documentloader.frozen import BUNDLED_CONTEXTS, FrozenDocumentLoader

    # only local copies: the EDC context from the Commission's files, the VC context bundled with pyld
    loader = FrozenDocumentLoader({
        "http://data.europa.eu/snb/model/context/edc-ap": ELM_DIR / "edc-ap-context.jsonld",
        "https://www.w3.org/2018/credentials/v1": BUNDLED_CONTEXTS["https://www.w3.org/2018/credentials/v1"]})
    quads = jsonld.to_rdf(credential, {"format": "application/n-quads", "documentLoader": loader})
    data = rdflib.Graph().parse(data=quads, format="nquads")
    assert len(data) > 50
    shapes = _shapes()
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    paths = {str(report.value(r, sh.resultPath)) for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)}
    assert conforms == (not paths)
    return paths


_SHAPES = []


def _shapes():
    if not _SHAPES:
        import rdflib

        _SHAPES.append(rdflib.Graph().parse(ELM_DIR / "EDC-generic-no-cv.ttl", format="turtle"))
    return _SHAPES[0]


def sealed(credential: dict) -> dict:
    """The credential with what the EDC issuer adds when it seals it (the two properties above)."""
    c = json.loads(json.dumps(credential))
    c["issued"] = "2027-04-03T09:00:00Z"
    c["issuer"]["eIDASIdentifier"] = {
        "id": "urn:epass:legalIdentifier:eidas", "type": "LegalIdentifier", "notation": "VATFR-00000000000",
        "spatial": {"id": "http://publications.europa.eu/resource/authority/country/FRA", "type": "Concept",
                    "inScheme": {"id": "http://publications.europa.eu/resource/authority/country",
                                 "type": "ConceptScheme"}, "notation": "country", "prefLabel": {"en": "France"}}}
    return c


def test_the_commissions_sample_fails_only_on_what_sealing_adds():
    """The control: the Commission's uploadable sample, validated the same way as ours."""
    if not SAMPLE.is_file():
        pytest.skip(f"no {SAMPLE}")
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["credential"]
    assert shacl_failures(sample) == SEALING
    assert shacl_failures(sealed(sample)) == set()


def unmapped_terms(node, terms: set[str]) -> set[str]:
    """Keys JSON-LD would silently drop: not a term of the contexts (language maps aside)."""
    out: set[str] = set()
    if isinstance(node, list):
        for item in node:
            out |= unmapped_terms(item, terms)
    elif isinstance(node, dict):
        language_map = node and all(len(k) == 2 and k.islower() for k in node)
        for k, v in node.items():
            if not language_map and not k.startswith("@") and k not in terms:
                out.add(k)
            if k != "@context":
                out |= unmapped_terms(v, terms)
    return out


# --- ELM: the credential, conforming, for three routes in two languages each ----------------------

CASES = [("men", "fr"), ("men", "de"), ("btm", "fr"), ("btm", "en"), ("qbid", "ca"), ("qbid", "es")]


@pytest.fixture(scope="module")
def elm_credentials(tmp_path_factory):
    """{(route, lang): (credential JSON as written, pack folder)} for CASES, by the real commands."""
    out = {}
    for route, lang in CASES:
        tmp = tmp_path_factory.mktemp(f"{route}-{lang}")
        pack = make_pack(tmp, answers_doc(route, lang))
        r = run(tmp, "credential", "pack", "--format", "elm", "-o", "proof.json", "--lang", lang)
        assert r.returncode == 0, r.stderr
        written = tmp / "proof.json"
        assert oct(written.stat().st_mode & 0o777) == "0o600"  # personal data: the owner's eyes only
        out[(route, lang)] = (json.loads(written.read_text(encoding="utf-8")), pack)
    return out


@pytest.mark.parametrize("route,lang", CASES)
def test_elm_credential_conforms_to_the_edc_profile_as_the_sample_does(elm_credentials, route, lang):
    doc, _ = elm_credentials[(route, lang)]
    credential = doc["credential"]  # the EDC issuer's upload form, as the Commission's sample
    assert shacl_failures(credential) == SEALING
    assert shacl_failures(sealed(credential)) == set()


@pytest.mark.parametrize("route,lang", CASES)
def test_elm_credential_says_who_where_when_and_what_was_achieved(elm_credentials, route, lang):
    from mobility_advisor.engine.learning import msg as learning_msg

    doc, _ = elm_credentials[(route, lang)]
    c = doc["credential"]
    answers = answers_doc(route, lang)["answers"]
    host_lang = {"men": "de", "btm": "de", "qbid": "fr"}[route]
    # the issuer: the sending organisation, its country and its Erasmus+ OID
    assert c["issuer"]["legalName"][lang] == answers["org.sending"]
    assert c["issuer"]["registration"]["notation"] == "E10012345"
    country = {"men": "FRA", "btm": "FRA", "qbid": "ESP"}[route]
    assert c["issuer"]["location"]["address"]["countryCode"]["id"].endswith("/country/" + country)
    person = c["credentialSubject"]
    assert person["fullName"][lang] == answers["learner.name"]
    assert person["dateOfBirth"].startswith(answers["learner.birth_date"])
    activity, achievement = person["hasClaim"]
    assert activity["type"] == "LearningActivity"
    assert activity["temporal"]["startDate"].startswith(answers["mobility.start"])
    assert activity["temporal"]["endDate"].startswith(answers["mobility.end"])
    assert activity["directedBy"]["legalName"][lang] == answers["org.host_company"]
    dest = {"men": "DEU", "btm": "DEU", "qbid": "BEL"}[route]
    assert activity["location"]["address"]["countryCode"]["id"].endswith("/country/" + dest)
    # the outcomes achieved, and only those; the partial one said as such, in the pack's language
    assert achievement["type"] == "LearningAchievement"
    assert achievement["influencedBy"][0]["id"] == activity["id"]
    parts = achievement["hasPart"]
    assert [p["title"][lang] for p in parts] == [OUTCOMES[0]["text"], OUTCOMES[1]["text"]]
    assert [p["description"][lang] for p in parts] == [learning_msg("status_achieved", lang),
                                                       learning_msg("status_partial", lang)]
    assert "additionalNote" not in parts[0] and OUTCOMES[1]["text"] in parts[1]["additionalNote"][0]["noteLiteral"][lang]
    assert [p["identifier"][0]["notation"] for p in parts] == ["EX-1", "EX-2"]
    assert OUTCOMES[2]["text"] not in json.dumps(c, ensure_ascii=False)  # not achieved: not certified
    # the credential's own words in the pack's language and the host's
    assert set(c["displayParameter"]["title"]) == {lang, host_lang}
    assert c["displayParameter"]["primaryLanguage"]["id"].endswith(
        {"fr": "FRA", "de": "DEU", "en": "ENG", "ca": "CAT", "es": "SPA"}[lang])
    assert set(achievement["title"]) == {lang, host_lang}
    assert "issued" not in c and "eIDASIdentifier" not in c["issuer"]  # the EDC issuer adds them
    # the picture the EDC viewer shows: an SVG page naming the learner and the outcomes achieved
    import xml.etree.ElementTree as ET

    image = c["displayParameter"]["individualDisplay"][0]["displayDetail"][0]["image"]
    assert image["contentType"]["id"].endswith("/file-type/SVG")
    svg = ET.fromstring(base64.b64decode(image["content"]))
    shown = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert answers["learner.name"] in shown and OUTCOMES[0]["text"][:60] in shown
    assert OUTCOMES[2]["text"] not in shown


def test_every_key_of_the_credential_is_a_term_of_its_contexts(elm_credentials):
    """JSON-LD drops an unknown key without a word: none of ours may be dropped."""
    if not ELM_DIR.is_dir():
        pytest.skip(f"no {ELM_DIR}")
    from pyld.documentloader.frozen import BUNDLED_CONTEXTS

    def defined(context) -> set[str]:  # the terms of a context and of the contexts scoped in it
        out = set()
        if isinstance(context, dict):
            for k, v in context.items():
                out.add(k)
                out |= defined(v.get("@context")) if isinstance(v, dict) else set()
        return out

    terms = defined(json.loads((ELM_DIR / "edc-ap-context.jsonld").read_text(encoding="utf-8"))["@context"])
    vc = BUNDLED_CONTEXTS["https://www.w3.org/2018/credentials/v1"]
    terms |= defined(json.loads(Path(vc).read_text(encoding="utf-8"))["@context"])
    for doc, _ in elm_credentials.values():
        assert unmapped_terms(doc["credential"], terms) == set()
    assert unmapped_terms({"credentialSubject": {"fullNme": {"fr": "x"}}}, terms) == {"fullNme"}  # the check bites


def _without(node, node_id: str, key: str):
    """The JSON with `key` removed from every copy of the node `node_id` (ELM repeats a node, such as
    the issuer, wherever it is referred to: one copy left would still state the property)."""
    if isinstance(node, list):
        return [_without(n, node_id, key) for n in node]
    if isinstance(node, dict):
        return {k: _without(v, node_id, key) for k, v in node.items() if not (node.get("id") == node_id and k == key)}
    return node


@pytest.mark.parametrize("remove", ["issuer.legalName", "credentialSubject.hasClaim.1.title",
                                    "credentialSubject.hasClaim.1.awardedBy",
                                    "credentialSubject.hasClaim.1.hasPart.0.title", "displayParameter", "validFrom"])
def test_negative_control_a_required_property_removed_fails(elm_credentials, remove):
    doc, _ = elm_credentials[("men", "fr")]
    *path, last = remove.split(".")
    node = doc["credential"]
    for step in path:
        node = node[int(step)] if step.isdigit() else node[step]
    assert last in node
    broken = _without(doc["credential"], node["id"], last)
    failures = shacl_failures(broken)
    assert failures > SEALING, failures  # what sealing adds, and more
    assert shacl_failures(sealed(broken)), "still fails once sealed"


def test_outcome_texts_in_the_hosts_language_where_the_outcome_has_them(tmp_path):
    """An outcome written in both languages (text: {fr: …, de: …}) is certified in both."""
    pack = make_pack(tmp_path, answers_doc("men", "fr"))
    both = {"fr": OUTCOMES[0]["text"], "de": "Einen Blätterteig nach dem Rezept des Betriebs herstellen"}
    edit_record(pack, lambda a: a["outcomes"][0].update(text=both))
    r = run(tmp_path, "credential", "pack", "-o", "proof.json", "--lang", "fr")
    assert r.returncode == 0, r.stderr
    c = json.loads((tmp_path / "proof.json").read_text(encoding="utf-8"))["credential"]
    first, second = c["credentialSubject"]["hasClaim"][1]["hasPart"]
    assert first["title"] == both
    assert second["title"] == {"fr": OUTCOMES[1]["text"]}  # only the language it was written in
    assert shacl_failures(c) == SEALING


def test_a_destination_outside_the_list_and_a_sender_without_a_country(tmp_path):
    """"Another country": the host is named in the activity's title (the profile requires a country
    for an organisation node); a sending organisation without a country cannot be sealed: refused."""
    pack = make_pack(tmp_path, answers_doc("men", "fr"))
    edit_record(pack, lambda a: a["answers"].update({"destination.country": "other", "destination.other": "Japon"}))
    r = run(tmp_path, "credential", "pack", "-o", "proof.json", "--lang", "fr")
    assert r.returncode == 0, r.stderr
    c = json.loads((tmp_path / "proof.json").read_text(encoding="utf-8"))["credential"]
    activity = c["credentialSubject"]["hasClaim"][0]
    assert "directedBy" not in activity and "Bäckerei Schulz" in activity["title"]["fr"]
    assert shacl_failures(c) == SEALING
    edit_record(pack, lambda a: a["answers"].update({"org.sending_country": "other"}))
    r = run(tmp_path, "credential", "pack", "-o", "other.json", "--lang", "es")
    assert r.returncode == 2 and "país de la organización de envío" in r.stderr
    assert not (tmp_path / "other.json").exists()
    make_key("rsa", tmp_path / "k.pem")
    r = run(tmp_path, "credential", "pack", "--format", "ob3", "--key", "k.pem", "-o", "badge.json")
    assert r.returncode == 0, r.stderr


def test_a_credential_with_only_what_is_required_conforms():
    """No OID, no date of birth, no assessment date, no qualification: still what the EDC takes."""
    from mobility_advisor.proof import common, elm

    doc = answers_doc("men", "en")
    for key in ("org.sending_oid", "learner.birth_date", "learner.qualification"):
        doc["answers"].pop(key, None)
    del doc["results"]["assessed_on"]
    mob = common.mobility(doc, doc["answers"], "en", {})
    assert (mob.sending_oid, mob.birth_date, mob.assessed_on) == ("", None, None)
    c = elm.credential(mob)
    assert "registration" not in c["issuer"] and "dateOfBirth" not in c["credentialSubject"]
    assert shacl_failures(c) == SEALING


def test_the_organisation_oid_comes_from_the_profile_when_the_answers_leave_it_blank(tmp_path):
    doc = answers_doc("btm", "en")
    doc["answers"]["org.sending_oid"] = ""
    make_pack(tmp_path, doc)
    (tmp_path / "profile.yaml").write_text("version: 1\norganisation:\n  name: CMA\n  oid: E10099999\n",
                                           encoding="utf-8")
    r = run(tmp_path, "credential", "pack", "-o", "proof.json", "--profile", "profile.yaml", "--lang", "en")
    assert r.returncode == 0, r.stderr
    c = json.loads((tmp_path / "proof.json").read_text(encoding="utf-8"))["credential"]
    assert c["issuer"]["registration"]["notation"] == "E10099999"
    assert c["issuer"]["legalName"]["en"] == doc["answers"]["org.sending"]  # the pack's answer wins


# --- Open Badges 3.0: signed, checked by another JOSE library ---------------------------------------

def make_key(kind: str, path: Path) -> None:
    """A private key made here, as an organisation would with openssl, in PEM."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    key = {"ed25519": lambda: ed25519.Ed25519PrivateKey.generate(),
           "p256": lambda: ec.generate_private_key(ec.SECP256R1()),
           "rsa": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)}[kind]()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


@pytest.fixture(scope="module")
def badge_pack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("badge")
    make_pack(tmp, answers_doc("men", "fr"))
    return tmp


def jwcrypto_verify(token: str, jwks_file: Path) -> dict:
    """Verify with jwcrypto (not the library that signed) and return the payload."""
    from jwcrypto import jwk, jws

    keys = jwk.JWKSet.from_json(jwks_file.read_text(encoding="utf-8"))
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    key = keys.get_key(header["kid"])
    assert key is not None
    signed = jws.JWS()
    signed.deserialize(token)
    signed.allowed_algs = [header["alg"]]
    signed.verify(key)  # raises InvalidJWSSignature
    return json.loads(signed.payload)


@pytest.mark.parametrize("kind,alg", [("ed25519", "EdDSA"), ("p256", "ES256"), ("rsa", "RS256")])
def test_badge_verifies_with_an_independent_jose_library_and_not_once_changed(badge_pack, kind, alg):
    pytest.importorskip("jwcrypto", reason="jwcrypto (test dependency) checks what joserfc signed")
    from jwcrypto.jws import InvalidJWSSignature

    tmp = badge_pack
    make_key(kind, tmp / f"{kind}.pem")
    r = run(tmp, "credential", "pack", "--format", "ob3", "--key", f"{kind}.pem", "-o", f"{kind}.json",
            "--email", "Lea.Dupont@example.fr", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert f"{kind}.jwks.json" in r.stdout
    token = json.loads((tmp / f"{kind}.json").read_text(encoding="utf-8"))["compactJwsString"][0]
    jwks = json.loads((tmp / f"{kind}.jwks.json").read_text(encoding="utf-8"))
    assert all(set(k) & {"d", "p", "q"} == set() for k in jwks["keys"])  # the public half only
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == alg and header["kid"] == jwks["keys"][0]["kid"]
    claims = jwcrypto_verify(token, tmp / f"{kind}.jwks.json")
    # what OB 3.0 asks of the credential and its JWT claims
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["iss"] == claims["issuer"]["id"] and claims["jti"] == claims["id"]
    assert claims["nbf"] == int(datetime.fromisoformat(TODAY).replace(tzinfo=timezone.utc).timestamp())
    assert claims["validFrom"] == TODAY + "T00:00:00Z" and "exp" not in claims
    subject = claims["credentialSubject"]
    ident = subject["identifier"][0]
    import hashlib

    assert ident["hashed"] is True and ident["identityType"] == "emailAddress"
    assert ident["identityHash"] == "sha256$" + hashlib.sha256(
        ("lea.dupont@example.fr" + ident["salt"]).encode()).hexdigest()
    assert "Léa Dupont" not in json.dumps(subject, ensure_ascii=False).replace(
        subject["achievement"]["description"], "")  # the learner, by hash only (the text names them)
    achievement = subject["achievement"]
    assert {"name", "description", "criteria"} <= set(achievement)
    assert "Anna Schulz" in achievement["criteria"]["narrative"]  # by whom
    assert "Observation par le tuteur" in achievement["criteria"]["narrative"]  # how
    assert [d["name"] for d in achievement["resultDescription"]] == [OUTCOMES[0]["text"], OUTCOMES[1]["text"]]
    assert [res["value"] for res in subject["result"]] == ["atteint", "partiellement atteint"]
    # one byte of the payload changed: the signature no longer holds
    head, payload, sig = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=="))
    at = raw.index(b"atteint")
    raw[at] = ord("A")
    forged = ".".join([head, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode(), sig])
    with pytest.raises(InvalidJWSSignature):
        jwcrypto_verify(forged, tmp / f"{kind}.jwks.json")
    # and the command's own check says the same
    ok = run(tmp, "credential", "--verify", f"{kind}.json", "--key", f"{kind}.jwks.json", "--lang", "en")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Valid badge") and header["kid"] in ok.stdout
    (tmp / f"{kind}-forged.jwt").write_text(forged, encoding="utf-8")
    bad = run(tmp, "credential", "--verify", f"{kind}-forged.jwt", "--key", f"{kind}.jwks.json", "--lang", "fr")
    assert bad.returncode == 1 and "Badge NON valide" in bad.stderr and "Traceback" not in bad.stderr


def test_verify_refuses_another_key_an_expired_badge_and_another_issuer(badge_pack):
    tmp = badge_pack
    make_key("ed25519", tmp / "org.pem")
    make_key("ed25519", tmp / "other.pem")
    r = run(tmp, "credential", "pack", "--format", "ob3", "--key", "org.pem", "-o", "short.json",
            "--valid-until", "2027-04-10", "--issuer-id", "https://cfa.example.fr/badges", "--lang", "en")
    assert r.returncode == 0, r.stderr
    r = run(tmp, "credential", "pack", "--format", "ob3", "--key", "other.pem", "-o", "other.json", "--lang", "en")
    assert r.returncode == 0, r.stderr
    # checked with the organisation's key: valid; with another organisation's key: not
    assert run(tmp, "credential", "--verify", "short.json", "--key", "short.jwks.json").returncode == 0
    wrong = run(tmp, "credential", "--verify", "short.json", "--key", "other.jwks.json", "--lang", "en")
    assert wrong.returncode == 1 and "does not match" in wrong.stderr
    # the issuer expected
    ok = run(tmp, "credential", "--verify", "short.json", "--key", "short.jwks.json",
             "--issuer-id", "https://cfa.example.fr/badges", "--lang", "en")
    assert ok.returncode == 0, ok.stderr
    other = run(tmp, "credential", "--verify", "short.json", "--key", "short.jwks.json",
                "--issuer-id", "https://elsewhere.example", "--lang", "en")
    assert other.returncode == 1 and "not by https://elsewhere.example" in other.stderr
    # after its end date
    env_run = subprocess.run([sys.executable, "-m", "mobility_advisor", "credential", "--verify", "short.json",
                              "--key", "short.jwks.json", "--lang", "en"], cwd=tmp, capture_output=True, text=True,
                             env=dict(os.environ, MOBILITY_ADVISOR_TODAY="2027-05-01"), timeout=60)
    assert env_run.returncode == 1 and "expired on 2027-04-10" in env_run.stderr
    # not a badge
    (tmp / "notes.txt").write_text("hello", encoding="utf-8")
    nb = run(tmp, "credential", "--verify", "notes.txt", "--key", "short.jwks.json", "--lang", "en")
    assert nb.returncode == 2 and "not a signed badge" in nb.stderr and "Traceback" not in nb.stderr


def test_badge_names_the_learner_when_no_email_is_given(badge_pack):
    tmp = badge_pack
    make_key("p256", tmp / "named.pem")
    r = run(tmp, "credential", "pack", "--format", "ob3", "--key", "named.pem", "-o", "named.json", "--lang", "fr")
    assert r.returncode == 0, r.stderr
    ok = run(tmp, "credential", "--verify", "named.json", "--key", "named.jwks.json", "--lang", "fr")
    assert ok.returncode == 0 and "délivré à Léa Dupont" in ok.stdout


def test_an_encrypted_key_is_opened_with_the_password_from_the_environment(badge_pack):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    tmp = badge_pack
    key = ec.generate_private_key(ec.SECP256R1())
    (tmp / "locked.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"s3cret")))
    args = ("credential", "pack", "--format", "ob3", "--key", "locked.pem", "-o", "locked.json", "--lang", "en")
    r = run(tmp, *args)
    assert r.returncode == 2 and "MOBILITY_ADVISOR_KEY_PASSWORD" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp / "locked.json").exists()
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=TODAY, MOBILITY_ADVISOR_KEY_PASSWORD="wrong")
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=tmp, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "wrong password" in r.stderr
    env["MOBILITY_ADVISOR_KEY_PASSWORD"] = "s3cret"
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=tmp, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    token = json.loads((tmp / "locked.json").read_text(encoding="utf-8"))["compactJwsString"][0]
    assert jwcrypto_verify(token, tmp / "locked.jwks.json")["type"][1] == "OpenBadgeCredential"
    assert b"s3cret" not in (tmp / "locked.jwks.json").read_bytes()


def test_a_bad_key_is_one_message(badge_pack):
    tmp = badge_pack
    (tmp / "empty.json").write_text("{}", encoding="utf-8")
    (tmp / "half.json").write_text('{"keys": [{"kty": "EC"}]}', encoding="utf-8")
    make_key("ed25519", tmp / "private.pem")
    r = run(tmp, "credential", "pack", "--format", "ob3", "--key", "private.pem", "-o", "mine.json", "--lang", "de")
    assert r.returncode == 0, r.stderr
    for public in ("empty.json", "half.json", "private.pem", "absent.json"):
        r = run(tmp, "credential", "--verify", "mine.json", "--key", public, "--lang", "de")
        assert r.returncode == 2 and public in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert ("Datei nicht gefunden" if public == "absent.json" else "nicht lesbar") in r.stderr
    (tmp / "junk.pem").write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    r = run(tmp, "credential", "pack", "--format", "ob3", "--key", "junk.pem", "-o", "junk.json", "--lang", "en")
    assert r.returncode == 2 and "unreadable key" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp / "junk.json").exists() and not (tmp / "junk.jwks.json").exists()


# --- nothing issued for nothing achieved ---------------------------------------------------------

REFUSALS = {
    "no_results": (None, 1, {"fr": "les résultats de la mobilité ne sont pas enregistrés",
                             "en": "the mobility's results are not recorded",
                             "es": "no se han registrado los resultados de la movilidad",
                             "ca": "no s'han registrat els resultats de la mobilitat",
                             "de": "Die Ergebnisse der Mobilität sind nicht eingetragen"}),
    "nothing_achieved": ({"assessed_on": "2027-03-26",
                          "outcomes": {"EX-1": "not_achieved", "EX-2": "not_achieved", 3: "not_achieved"}}, 1,
                         {"fr": "aucun acquis d'apprentissage n'est atteint",
                          "en": "no learning outcome was achieved",
                          "es": "no se ha alcanzado ningún resultado de aprendizaje",
                          "ca": "no s'ha assolit cap resultat d'aprenentatge",
                          "de": "Es wurde kein Lernergebnis erreicht"}),
    "missing": ({"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved"}}, 1,
                {"fr": "2 acquis d'apprentissage sans résultat (n° 2, 3)", "en": "2 learning outcomes without a result",
                 "es": "2 resultados de aprendizaje sin valorar", "ca": "2 resultats d'aprenentatge sense resultat",
                 "de": "2 Lernergebnisse ohne Ergebnis"}),
}


@pytest.mark.parametrize("lang", ["fr", "en", "es", "ca", "de"])
@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_nothing_issued_for_nothing_achieved(tmp_path, case, lang):
    results, code, says = REFUSALS[case]
    doc = answers_doc("btm", "fr", results=results)
    if results is not None:
        doc["results"]["btm.passed"] = False
    make_pack(tmp_path, doc)
    for fmt in ("elm", "ob3"):
        make_key("ed25519", tmp_path / "k.pem")
        r = run(tmp_path, "credential", "pack", "--format", fmt, "--key", "k.pem", "-o", "proof.json", "--lang", lang)
        assert r.returncode == code, r.stderr
        assert says[lang] in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert not (tmp_path / "proof.json").exists() and not (tmp_path / "proof.jwks.json").exists()


def test_impossible_results_and_a_pack_without_outcomes_are_refused(tmp_path):
    pack = make_pack(tmp_path, answers_doc("men", "en"))
    edit_record(pack, lambda a: a["results"].update({"men.mark": 25}))
    r = run(tmp_path, "credential", "pack", "-o", "proof.json", "--lang", "en")
    assert r.returncode == 2 and "cannot be right" in r.stderr and "'men.mark' is 25" in r.stderr
    assert not (tmp_path / "proof.json").exists()
    bare = make_pack(tmp_path, answers_doc("men", "en", results=None, outcomes=None), name="bare")
    r = run(tmp_path, "credential", str(bare.name), "-o", "proof.json", "--lang", "en")
    assert r.returncode == 1 and "lists no learning outcome" in r.stderr


def test_written_only_where_told_and_never_over_a_file(tmp_path):
    make_pack(tmp_path, answers_doc("qbid", "ca"))
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run(tmp_path, "credential", "pack", "--lang", "ca")
    assert r.returncode == 2 and "-o FITXER.json" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written anywhere
    (tmp_path / "proof.json").write_text("mine", encoding="utf-8")
    r = run(tmp_path, "credential", "pack", "-o", "proof.json", "--lang", "de")
    assert r.returncode == 1 and "--force" in r.stderr
    assert (tmp_path / "proof.json").read_text(encoding="utf-8") == "mine"
    r = run(tmp_path, "credential", "pack", "-o", "proof.json", "--force", "--lang", "de")
    assert r.returncode == 0 and "EDC" in r.stdout
    assert json.loads((tmp_path / "proof.json").read_text(encoding="utf-8"))["credential"]
    r = run(tmp_path, "credential", "pack", "-o", "missing/proof.json", "--lang", "en")
    assert r.returncode == 2 and not (tmp_path / "missing").exists()
    r = run(tmp_path, "credential", "pack", "--format", "ob3", "-o", "b.json", "--lang", "es")
    assert r.returncode == 2 and "--key" in r.stderr and not (tmp_path / "b.json").exists()
    r = run(tmp_path, "credential", "nowhere", "-o", "x.json", "--lang", "en")
    assert r.returncode == 2 and "not a mobility pack" in r.stderr


def test_help_stays_light():
    """The credential libraries load only when the command runs (--help's start-up unchanged)."""
    code = ("import sys, mobility_advisor.cli.app; "
            "bad = [m for m in ('joserfc', 'cryptography', 'mobility_advisor.proof') if m in sys.modules]; "
            "sys.exit(bool(bad))")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
