"""`mobility-advisor signed`: who signed which document, read back by `status` (issue 26, items 4 and 5).

Run as a referent would: the CLI in a subprocess, on packs it wrote, reading what it writes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import ROOT
import clirun

ANSWERS = """\
version: 1
lang: fr
answers:
  goals: [participation, certification]
  learner.name: Léa Dupont
  learner.qualification: Bac pro Boulanger-pâtissier
  org.sending: CFA des métiers de Tours
  learner.apprentice: false
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  org.host_company: Bäckerei Schulz
  tutor.name: Anna Schulz
  tutor.function: Konditormeisterin
  destination.country: de
  mobility.start: 2027-03-01
  mobility.end: 2027-03-26
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
  certification.certifier: men
  men.diploma: bac_pro
  certification.in_framework: "yes"
"""
MONDAY = "2027-02-22"  # a week before departure


def run(tmp: Path, *args: str, today: str = MONDAY, lang: str = "fr") -> subprocess.CompletedProcess:
    return clirun.run(tmp, *args, today=today, lang=lang)


def make_pack(tmp: Path, folder: str = "pack", *extra: str) -> Path:
    (tmp / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    r = run(tmp, "render", "--answers", "a.yaml", "-o", folder, *extra, today="2026-11-24")
    assert r.returncode == 0, r.stderr
    return tmp / folder


def signatures_of(tmp: Path, pack: str = "pack", today: str = MONDAY) -> dict[tuple[str, str], dict]:
    r = run(tmp, "status", pack, "--format", "json", today=today)
    assert r.returncode == 0, r.stderr
    (mob,) = json.loads(r.stdout)["mobilities"]
    return {(s["document"], s["role"]): s for s in mob["signatures"]}


@pytest.fixture()
def pack(tmp_path):
    return make_pack(tmp_path)


# --- a digitally signed PDF --------------------------------------------------------------


def _certificate(common_name: str, organisation: str):
    """A self-signed test certificate and its key, made here (never trusted by anyone)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def sign_pdf(source: Path, target: Path, common_name: str, organisation: str, field: str = "Signature1") -> None:
    """Sign `source` as a host would in a PDF reader, with pyHanko and a certificate made here."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert, key = _certificate(common_name, organisation)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore())
    with open(source, "rb") as fh:
        out = signers.sign_pdf(IncrementalPdfFileWriter(fh), signers.PdfSignatureMetadata(field_name=field),
                               signer=signer)
    target.write_bytes(out.getvalue())


def signing_time(path: Path) -> dt.datetime:
    """The time written in the PDF's signature (pyHanko), to compare with what `signed` reports."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyhanko.pdf_utils.reader import PdfFileReader
    with open(path, "rb") as fh:
        (sig,) = PdfFileReader(fh).embedded_signatures
        return sig.self_reported_timestamp


def test_a_digitally_signed_learning_agreement_is_read_and_recorded(tmp_path):
    pytest.importorskip("pyhanko")
    pytest.importorskip("weasyprint")
    pack = make_pack(tmp_path, "pack", "--format", "pdf")
    signed = tmp_path / "LA-signed.pdf"
    sign_pdf(pack / "learning_agreement.pdf", signed, "Anna Schulz", "Bäckerei Schulz")
    when = signing_time(signed)

    r = run(tmp_path, "signed", "pack", "learning_agreement.pdf", "--by", "host_company", "--file", str(signed),
            today=when.date().isoformat())
    assert r.returncode == 0, r.stderr
    assert "Anna Schulz, Bäckerei Schulz" in r.stdout
    assert f"{when:%Y-%m-%d %H:%M}" in r.stdout  # the time written in the signature, to the minute
    assert "n'est pas vérifiée" in r.stdout  # the certificate's trust is not judged, and it says so
    assert "modifié" not in r.stderr

    copy = pack / "signed" / f"learning_agreement.host_company.{when.date().isoformat()}.pdf"
    assert copy.read_bytes() == signed.read_bytes()
    record = json.loads((pack / ".mobility-advisor.json").read_text(encoding="utf-8"))
    (entry,) = record["signatures"]
    assert entry["signer"] == "Anna Schulz, Bäckerei Schulz" and entry["changed"] is False
    assert entry["file"] == f"signed/{copy.name}"
    sigs = signatures_of(tmp_path, today=when.date().isoformat())
    assert sigs[("learning_agreement", "host_company")]["signed_on"] == when.date().isoformat()
    assert sigs[("learning_agreement", "learner")]["signed_on"] is None

    # a byte changed inside the signed range: recorded, and said to be changed after signing
    tampered = bytearray(signed.read_bytes())
    at = tampered.index(b"/Producer")  # inside the signed revision's bytes
    tampered[at + 1] = ord("Q")
    (tmp_path / "tampered.pdf").write_bytes(bytes(tampered))
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "host_partner", "--file", "tampered.pdf",
            today=when.date().isoformat())
    assert r.returncode == 0, r.stderr
    assert "modifié après cette signature" in r.stderr
    r = run(tmp_path, "status", "pack", today=when.date().isoformat())
    assert "signé numériquement par le partenaire d'accueil le" in r.stdout

    # two signatures need two roles, in order: refused with the signatures found
    twice = tmp_path / "twice.pdf"
    sign_pdf(signed, twice, "Claire Martin", "CFA des métiers de Tours", field="Signature2")
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "learner", "--file", str(twice),
            today=when.date().isoformat())
    assert r.returncode == 2
    assert "2 signatures" in r.stderr and "1. Anna Schulz" in r.stderr and "2. Claire Martin" in r.stderr
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "host_company", "--by", "sending_organisation",
            "--file", str(twice), today=when.date().isoformat())
    assert r.returncode == 0, r.stderr
    sigs = signatures_of(tmp_path, today=when.date().isoformat())
    assert sigs[("learning_agreement", "sending_organisation")]["signed_on"] == when.date().isoformat()
    assert "modifié" not in r.stderr  # a second signature is an allowed change for the first


# --- status before and after `signed` ----------------------------------------------------


def test_status_lists_the_missing_learner_signature_then_none(tmp_path, pack):
    sigs = signatures_of(tmp_path)
    missing = {k for k, s in sigs.items() if s["signed_on"] is None}
    assert ("learning_agreement", "learner") in missing
    assert ("learning_agreement_complement", "host_partner") in missing
    assert ("learning_agreement_complement", "host_company") in missing  # the tutor signs it too (#25)
    assert not any(s["late"] for s in sigs.values())  # a week before departure: nothing late yet
    r = run(tmp_path, "status", "pack")
    assert "Signatures manquantes : learning_agreement : l'apprenant" in r.stdout

    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "learner", "--on", "20/02/2027")
    assert r.returncode == 0, r.stderr
    assert "Enregistré : learning_agreement, signé par l'apprenant le 2027-02-20" in r.stdout
    sigs = signatures_of(tmp_path)
    assert sigs[("learning_agreement", "learner")]["signed_on"] == "2027-02-20"
    r = run(tmp_path, "status", "pack")
    assert "learning_agreement : l'apprenant" not in r.stdout
    assert "learning_agreement : l'organisme d'envoi" in r.stdout
    r = run(tmp_path, "status", "pack", "--format", "csv", lang="en")
    header, row = r.stdout.splitlines()[:2]
    assert header.endswith(";Signatures missing")
    assert "learning_agreement: sending organisation" in row and "learning_agreement: learner" not in row


def test_late_signatures_and_the_calendar(tmp_path, pack):
    # the first day of the stay: the learning agreement is late for everyone who has not signed
    sigs = signatures_of(tmp_path, today="2027-03-01")
    assert sigs[("learning_agreement", "host_company")]["late"] is True
    assert sigs[("learning_agreement_complement", "learner")]["late"] is False
    # the complement: late a week after the last day (26 March), not before
    assert signatures_of(tmp_path, today="2027-04-02")[("learning_agreement_complement", "learner")]["late"] is False
    assert signatures_of(tmp_path, today="2027-04-03")[("learning_agreement_complement", "learner")]["late"] is True
    r = run(tmp_path, "status", "pack", "--ics", "season.ics")
    assert r.returncode == 0, r.stderr
    from icalendar import Calendar

    cal = Calendar.from_ical((tmp_path / "season.ics").read_bytes())
    texts = {(str(e.get("DTSTART").dt), str(e.get("DESCRIPTION")).replace("\u202f", " ").replace("\u00a0", " "))
             for e in cal.walk("VEVENT")}  # French no-break spaces, as in the packs' calendars
    assert any(day == "2027-02-28" and "signature manquante (l'apprenant)" in d for day, d in texts)
    assert any(day == "2027-04-02" and "Complément au contrat pédagogique : signature manquante" in d
               for day, d in texts)


def test_a_refusal_stands_until_a_new_version_is_signed(tmp_path, pack):
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "host_company", "--refused",
            "dates de la période à corriger")
    assert r.returncode == 0, r.stderr
    sigs = signatures_of(tmp_path)
    assert sigs[("learning_agreement", "host_company")]["refused"] == "dates de la période à corriger"
    r = run(tmp_path, "status", "pack", "--lang", "en")
    assert "learning_agreement: host company refused on 2027-02-22 (dates de la période à corriger)" in r.stdout
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 a scan")
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "host_company", "--file", "scan.jpg")
    assert r.returncode == 0, r.stderr
    sigs = signatures_of(tmp_path)
    assert sigs[("learning_agreement", "host_company")]["refused"] is None
    assert sigs[("learning_agreement", "host_company")]["signed_on"] == MONDAY
    assert (pack / "signed" / f"learning_agreement.host_company.{MONDAY}.jpg").read_bytes() == b"\xff\xd8\xff\xe0 a scan"


def test_signed_scans_and_records_survive_update_and_force(tmp_path, pack):
    (tmp_path / "scan.jpg").write_bytes(b"scan")
    assert run(tmp_path, "signed", "pack", "learning_agreement_complement.md", "--by", "learner", "--on",
               "2027-02-21", "--file", "scan.jpg").returncode == 0
    r = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--force", today="2026-11-25")
    assert r.returncode == 0, r.stderr
    r = run(tmp_path, "update", "pack")
    assert r.returncode == 0, r.stderr
    assert (pack / "signed" / "learning_agreement_complement.learner.2027-02-21.jpg").read_bytes() == b"scan"
    assert signatures_of(tmp_path)[("learning_agreement_complement", "learner")]["signed_on"] == "2027-02-21"


def test_a_learner_of_a_cohort(tmp_path):
    r = run(tmp_path, "cohort", "--answers", str(ROOT / "tests/data/cohort-common.yaml"), "--learners",
            str(ROOT / "tests/data/cohort-learners.csv"), "-o", "group", today="2026-11-24")
    assert r.returncode == 0, r.stderr
    learner = sorted(p.name for p in (tmp_path / "group").iterdir() if p.name.startswith("pack-"))[0]
    r = run(tmp_path, "signed", f"group/{learner}", "learning_agreement", "--by", "host_partner", "--on", "2027-02-01")
    assert r.returncode == 0, r.stderr
    r = run(tmp_path, "status", "group", "--format", "json")
    by_path = {Path(m["path"]).name: m for m in json.loads(r.stdout)["mobilities"]}
    signed = {(s["document"], s["role"]): s["signed_on"] for s in by_path[learner]["signatures"]}
    assert signed[("learning_agreement", "host_partner")] == "2027-02-01"
    other = next(m for name, m in by_path.items() if name != learner)
    assert all(s["signed_on"] is None for s in other["signatures"])
    r = run(tmp_path, "update", "group")
    assert r.returncode == 0, r.stderr
    r = run(tmp_path, "status", "group", "--format", "json")
    by_path = {Path(m["path"]).name: m for m in json.loads(r.stdout)["mobilities"]}
    assert {(s["document"], s["role"]): s["signed_on"] for s in by_path[learner]["signatures"]} == signed


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("args, code, words", [
    (["pack", "contract", "--by", "learner"], 2,
     "aucun document à signer nommé « contract » dans ce dossier. Documents à signer : attestation_participation, "
     "learning_agreement, learning_agreement_complement, men_unit_file"),
    (["pack", "checklist.md", "--by", "learner"], 2, "Documents à signer : attestation_participation"),
    (["pack", "learning_agreement", "--by", "tutor"], 2,
     "aucun signataire « tutor ». Signataires de ce document : learner, sending_organisation, sending_company, "
     "host_partner, host_company, legal_representative"),
    (["pack", "learning_agreement", "--by", "learner", "--on", "2027-02-23"], 2,
     "la date de signature (2027-02-23) est dans le futur"),
    (["pack", "learning_agreement", "--by", "learner", "--on", "31/02/2027"], 2, "n'est pas une date"),
    (["pack", "learning_agreement", "--by", "learner", "--file", "nowhere.pdf"], 2, "nowhere.pdf : fichier introuvable"),
    (["pack", "learning_agreement", "--by", "learner", "--by", "host_company"], 2, "un seul --by"),
    (["pack", "learning_agreement", "--by", "learner", "--file", "broken.pdf"], 2, "PDF endommagé ou chiffré"),
    (["elsewhere", "learning_agreement", "--by", "learner"], 1, "ce n'est pas un dossier de mobilité"),
])
def test_refusals_are_one_sentence_and_record_nothing(tmp_path, pack, args, code, words):
    pytest.importorskip("pyhanko")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
    before = (pack / ".mobility-advisor.json").read_bytes()
    r = run(tmp_path, "signed", *args)
    assert r.returncode == code, r.stderr
    assert words in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""
    assert (pack / ".mobility-advisor.json").read_bytes() == before
    assert not (pack / "signed").exists()


def test_a_corrupt_record_file_is_said(tmp_path, pack):
    (pack / ".mobility-advisor.json").write_text("{", encoding="utf-8")
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "learner", "--lang", "en")
    assert r.returncode == 1
    assert "the pack's record file cannot be read (not valid JSON): nothing was recorded" in r.stderr
