"""`signed PACK DOCUMENT --file SIGNED.pdf` without `--by`: the role is read from the PDF's signed
`signature.ROLE` field (docs/forms.md), one role per signed field.

Run as a referent would: a real French pack with its German host's words (`--format md,pdf`), its
learning agreement signed with pyHanko in the fields the tool put there, the CLI in a subprocess,
and what it recorded read back through `status`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_signed import ANSWERS, run, sign_pdf, signatures_of, signing_time

pytest.importorskip("pyhanko")
pytest.importorskip("weasyprint")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """One FR/DE pack with PDF forms, made once (PDF printing is slow), copied for each test."""
    tmp = tmp_path_factory.mktemp("made")
    (tmp / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    r = run(tmp, "render", "--answers", "a.yaml", "-o", "pack", "--format", "md,pdf", today="2026-11-24")
    assert r.returncode == 0, r.stderr
    return tmp / "pack"


@pytest.fixture()
def pack(made, tmp_path) -> Path:
    shutil.copytree(made, tmp_path / "pack")
    return tmp_path / "pack"


def last_signing_day(path: Path) -> str:
    """The day of the PDF's last signature (pyHanko): the day `signed` is run in the tests."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyhanko.pdf_utils.reader import PdfFileReader
    with open(path, "rb") as fh:
        return max(s.self_reported_timestamp for s in PdfFileReader(fh).embedded_signatures).date().isoformat()


def record_of(pack: Path) -> dict:
    return json.loads((pack / ".mobility-advisor.json").read_text(encoding="utf-8"))


def test_the_signed_field_says_who_signed(tmp_path, pack):
    signed = tmp_path / "retour-schulz.pdf"
    sign_pdf(pack / "learning_agreement.pdf", signed, "Anna Schulz", "Bäckerei Schulz",
             field="signature.host_company")
    day = signing_time(signed).date().isoformat()

    r = run(tmp_path, "signed", "pack", "learning_agreement.pdf", "--file", str(signed), today=day)
    assert r.returncode == 0, r.stderr
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("Enregistré")]
    assert "signé numériquement par l'entreprise d'accueil (Anna Schulz, Bäckerei Schulz)" in line
    (entry,) = record_of(pack)["signatures"]
    assert (entry["role"], entry["signer"]) == ("host_company", "Anna Schulz, Bäckerei Schulz")
    assert (pack / "signed" / f"learning_agreement.host_company.{day}.pdf").read_bytes() == signed.read_bytes()
    sigs = signatures_of(tmp_path, today=day)
    assert sigs[("learning_agreement", "host_company")]["signed_on"] == day
    assert sigs[("learning_agreement", "learner")]["signed_on"] is None
    assert sigs[("learning_agreement", "host_partner")]["signed_on"] is None


def signed_by_host_and_learner(tmp_path, pack):
    """The learning agreement signed in two of its fields, the host company's then the learner's:
    (the file, the day of the last signature)."""
    once = tmp_path / "once.pdf"
    twice = tmp_path / "twice.pdf"
    sign_pdf(pack / "learning_agreement.pdf", once, "Anna Schulz", "Bäckerei Schulz", field="signature.host_company")
    sign_pdf(once, twice, "Léa Dupont", "CFA des métiers de Tours", field="signature.learner")
    return twice, last_signing_day(twice)


def assert_refused_and_nothing_written(r, pack, before):
    """Exit 2, one line on stderr, nothing on stdout, the pack's record and signed/ as they were."""
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""
    assert (pack / ".mobility-advisor.json").read_bytes() == before
    assert not (pack / "signed").exists()


def test_two_signed_fields_record_two_roles_one_line_each(tmp_path, pack):
    twice, day = signed_by_host_and_learner(tmp_path, pack)

    r = run(tmp_path, "signed", "pack", "learning_agreement", "--file", str(twice), today=day, lang="de")
    assert r.returncode == 0, r.stderr
    lines = [x for x in r.stdout.splitlines() if x.startswith("Eingetragen")]
    assert len(lines) == 2
    assert "Anna Schulz" in lines[0] and "Léa Dupont" in lines[1]
    assert [(e["role"], e["signer"].split(",")[0]) for e in record_of(pack)["signatures"]] == [
        ("host_company", "Anna Schulz"), ("learner", "Léa Dupont")]
    sigs = signatures_of(tmp_path, today=day)
    assert sigs[("learning_agreement", "host_company")]["signed_on"] == day
    assert sigs[("learning_agreement", "learner")]["signed_on"] == day
    assert sigs[("learning_agreement", "sending_organisation")]["signed_on"] is None


def test_by_that_agrees_with_the_fields_is_accepted_in_any_order(tmp_path, pack):
    twice, day = signed_by_host_and_learner(tmp_path, pack)
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "learner", "--by", "host_company",
            "--file", str(twice), today=day)
    assert r.returncode == 0, r.stderr
    # each signer goes with the role of the field they signed, whatever the order of --by
    assert [(e["role"], e["signer"].split(",")[0]) for e in record_of(pack)["signatures"]] == [
        ("host_company", "Anna Schulz"), ("learner", "Léa Dupont")]


@pytest.mark.parametrize("lang, words", [
    ("fr", "--by host_partner ne correspond pas aux champs de signature signés dans retour.pdf : host_company"),
    ("en", "--by host_partner does not match the signature fields signed in retour.pdf: host_company"),
    ("es", "--by host_partner no coincide con los campos de firma firmados en retour.pdf: host_company"),
    ("ca", "--by host_partner no coincideix amb els camps de signatura signats a retour.pdf: host_company"),
    ("de", "--by host_partner passt nicht zu den in retour.pdf signierten Signaturfeldern: host_company"),
])
def test_by_that_disagrees_with_the_signed_fields_is_refused(tmp_path, pack, lang, words):
    sign_pdf(pack / "learning_agreement.pdf", tmp_path / "retour.pdf", "Anna Schulz", "Bäckerei Schulz",
             field="signature.host_company")
    day = signing_time(tmp_path / "retour.pdf").date().isoformat()
    before = (pack / ".mobility-advisor.json").read_bytes()
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "host_partner", "--file", "retour.pdf",
            today=day, lang=lang)
    assert words in r.stderr
    assert_refused_and_nothing_written(r, pack, before)


@pytest.mark.parametrize("lang, words", [
    ("fr", "retour.pdf : signé dans un champ qui n'est pas celui d'un signataire (Signature1)"),
    ("en", "retour.pdf: signed in a field that names no signatory (Signature1)"),
    ("es", "retour.pdf: firmado en un campo que no corresponde a ningún firmante (Signature1)"),
    ("ca", "retour.pdf: signat en un camp que no correspon a cap signant (Signature1)"),
    ("de", "retour.pdf: in einem Feld signiert, das keiner unterzeichnenden Person zugeordnet ist (Signature1)"),
])
def test_a_field_of_another_tool_needs_by(tmp_path, pack, lang, words):
    sign_pdf(pack / "learning_agreement.pdf", tmp_path / "retour.pdf", "Anna Schulz", "Bäckerei Schulz",
             field="Signature1")
    day = signing_time(tmp_path / "retour.pdf").date().isoformat()
    before = (pack / ".mobility-advisor.json").read_bytes()
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--file", "retour.pdf", today=day, lang=lang)
    assert words in r.stderr and "--by" in r.stderr
    assert_refused_and_nothing_written(r, pack, before)
    # with --by, as before: the role given is recorded
    r = run(tmp_path, "signed", "pack", "learning_agreement", "--by", "host_company", "--file", "retour.pdf",
            today=day, lang=lang)
    assert r.returncode == 0, r.stderr
    (entry,) = record_of(pack)["signatures"]
    assert entry["role"] == "host_company"


@pytest.mark.parametrize("lang, words", [
    ("fr", "Option '--by' manquante"),
    ("en", "Missing option '--by'"),
    ("es", "Falta la opción '--by'"),
    ("ca", "Falta l'opció '--by'"),
    ("de", "Die Option '--by' fehlt"),
])
def test_without_a_digitally_signed_file_by_is_still_required(tmp_path, pack, lang, words):
    """No --file, a scan, or a PDF that nobody signed digitally: who signed is asked for, in the
    words Click uses for any missing option (as before --by became optional)."""
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 a scan")
    shutil.copy(pack / "learning_agreement.pdf", tmp_path / "unsigned.pdf")
    before = (pack / ".mobility-advisor.json").read_bytes()
    for extra in ([], ["--file", "scan.jpg"], ["--file", "unsigned.pdf"]):
        r = run(tmp_path, "signed", "pack", "learning_agreement", *extra, lang=lang)
        assert r.returncode == 2, extra
        assert words in r.stderr, extra
        assert r.stdout == ""
    assert (pack / ".mobility-advisor.json").read_bytes() == before
    assert not (pack / "signed").exists()


@pytest.mark.parametrize("field, role", [
    ("signature.host_company", "host_company"),
    ("signature.assessor.2", "assessor"),  # a second box of one role (the MEN unit file's assessors)
    ("Signature1", None),  # a field a PDF reader adds
    ("signature.tutor", None),  # not a role of the tool
    ("signature.host_company.b", None),
    ("signatures.learner", None),
])
def test_which_role_a_field_name_stands_for(field, role):
    from mobility_advisor.season.signing import field_role

    assert field_role(field) == role
