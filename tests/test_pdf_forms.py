"""Fillable PDF forms (#26 items 1 and 2): the evaluation grid's fields, filled and read back as a
host's free reader would (pypdf), a signature field on every signature box, the mobility's
identity in every form, and nothing of it in the Markdown, HTML, DOCX or the printed page.

One FR/DE pack with learning outcomes is written with `render --format md,pdf,html,docx` (a
subprocess, as a referent runs it) for the module; the field names are the contract of
docs/forms.md, which `record --from` reads.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from mobility_advisor.engine.identity import mobility_key  # noqa: E402
from mobility_advisor.formats import pdf_forms  # noqa: E402
from mobility_advisor.pack import forms  # noqa: E402
from mobility_advisor.season.signatures import ROLES  # noqa: E402

OUTCOMES = [
    {"reference": "C1.2", "text": "Réaliser une pâte feuilletée selon la fiche technique",
     "assessment": "Observation par la tutrice", "criteria": "Feuilletage régulier"},
    {"text": "Organiser son poste de travail et respecter les règles d'hygiène",
     "assessment": "Grille d'appréciation", "criteria": "Poste propre et rangé"},
]
ANSWERS = {
    "org.sending_country": "fr", "learner.name": "Léa Dupont", "learner.birth_date": "2005-04-02",
    "learner.qualification": "Bac pro Boulanger-pâtissier", "learner.eqf_level": "4",
    "org.sending": "Lycée professionnel Jean Moulin", "learner.apprentice": False,
    "org.host_partner": "Handwerkskammer für München und Oberbayern", "org.host_company": "Bäckerei Schulz",
    "tutor.name": "Anna Schulz", "tutor.function": "Konditormeisterin", "destination.country": "de",
    "mobility.start": "2027-03-01", "mobility.end": "2027-03-26", "mobility.funding": "erasmus",
    "participation.attestation": True, "participation.other_evidence": False,
    "integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv"],
    "integration.methods": ["observation", "host_grid"], "integration.test_before": True,
    "integration.record": ["grid", "certificate"], "certification.in_framework": "yes",
    "goals": ["participation", "learning_outcomes", "integration", "certification"],
    "certification.certifier": "men", "men.diploma": "bac_pro",
}
RESULT_FIELDS = {"result.C1.2", "result.2"}  # the first by its reference, the second by its number
# the tutor's name is printed (answered): no name field on it (#25); the sending trainer's row is left blank
TEXT_FIELDS = {"observations.before", "observations.after", "comments", "assessment.date", "sending_trainer.name",
               "sending_trainer.date"}


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forms")
    answers = root / "answers.yaml"
    answers.write_text(yaml.safe_dump({"version": 1, "lang": "fr", "answers": ANSWERS, "outcomes": OUTCOMES},
                                      allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24")
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers),
                           "--format", "md,pdf,html,docx", "--host-lang", "de", "-o", str(root / "pack")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return root / "pack"


def _key() -> str:
    from datetime import date

    return mobility_key({**ANSWERS, "mobility.start": date(2027, 3, 1), "mobility.end": date(2027, 3, 26),
                         "learner.birth_date": date(2005, 4, 2)})


def test_evaluation_grid_has_the_contracts_fields(pack):
    reader = pypdf.PdfReader(pack / "evaluation_grid.pdf")
    fields = reader.get_fields()
    assert RESULT_FIELDS | TEXT_FIELDS <= set(fields)
    for name in RESULT_FIELDS:
        assert fields[name]["/FT"] == "/Btn"
        assert fields[name]["/_States_"] == ["/achieved", "/partial", "/not_achieved"]  # the export values
        assert fields[name]["/V"] == "/Off"  # nothing recorded yet
        assert "Ergebnis" in fields[name]["/TU"] and "Résultat" in fields[name]["/TU"]  # both languages
    for name in TEXT_FIELDS:
        assert fields[name]["/FT"] == "/Tx"
    # the level before departure is typed too (#25, the host readers); the level at the end of the
    # stay is the result, not typed again (#25, session 11)
    for ref in ("C1.2", "2"):
        field = fields[f"before.{ref}"]
        assert field["/FT"] == "/Tx" and all(w in field["/TU"] for w in ("Avant le départ", "Vor der Abreise"))
        assert ref in field["/TU"] and f"after.{ref}" not in fields
    # no field on the tutor's printed name (#25: what the tutor typed printed over it)
    assert "assessor.name" not in fields
    # each signatory row's fields say whose they are, in both languages (#25, the three host readers)
    # the signatory first, as every field's tooltip names its organisation first (#25, readde12)
    assert fields["assessment.date"]["/TU"] == ("Tuteur dans l'entreprise d'accueil – Date / "
                                                "Betreuer/in im Gastbetrieb – Datum"), fields["assessment.date"]["/TU"]
    assert fields["sending_trainer.name"]["/TU"].startswith("Formateur")
    assert " – Nom, fonction / " in fields["sending_trainer.name"]["/TU"]
    assert fields["sending_trainer.name"]["/TU"].endswith(" – Name, Funktion")
    assert fields["sending_trainer.date"]["/TU"].endswith(" – Datum")
    assert fields["observations.before"]["/Ff"] & 4096  # several lines
    # the identity, read-only, and in the document information
    assert fields["mobility.id"]["/V"] == _key()
    assert fields["mobility.document"]["/V"] == "evaluation_grid"
    assert fields["mobility.id"]["/Ff"] & 1 and fields["mobility.document"]["/Ff"] & 1
    assert reader.metadata["/MobilityAdvisorId"] == _key()
    assert reader.metadata["/MobilityAdvisorDocument"] == "evaluation_grid"


def test_a_host_fills_the_grid_and_it_reads_back(pack, tmp_path):
    writer = pypdf.PdfWriter(clone_from=pack / "evaluation_grid.pdf")
    values = {"result.C1.2": "/achieved", "result.2": "/not_achieved", "observations.before": "Pâte irrégulière",
              "observations.after": "Feuilletage régulier, temps tenu", "comments": "Très bon stage",
              "sending_trainer.name": "Paul Martin, formateur", "assessment.date": "26/03/2027"}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as out:
        writer.write(out)
    fields = pypdf.PdfReader(filled).get_fields()
    assert {name: fields[name]["/V"] for name in values} == values
    # each radio button shows its state: the one chosen is on, the others off
    reader = pypdf.PdfReader(filled)
    states = {}
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            parent = annot.get("/Parent")
            if parent is not None and _full_name(parent.get_object()) == "result.C1.2":
                states[next(iter(annot["/AP"]["/N"]))] = annot["/AS"]
    assert states == {"/achieved": "/achieved", "/partial": "/Off", "/not_achieved": "/Off"}


def _full_name(field) -> str:
    """A field's fully qualified name: its partial names from the root, joined by periods."""
    names = []
    while field is not None:
        if "/T" in field:
            names.append(field["/T"])
        field = field.get("/Parent")
        field = field.get_object() if field is not None else None
    return ".".join(reversed(names))


def test_partial_names_hold_no_period(pack):
    """PDF partial names hold no period (pyHanko refuses the file otherwise): the dotted names are
    a field tree."""
    reader = pypdf.PdfReader(pack / "evaluation_grid.pdf")
    partial = []

    def walk(ref):
        field = ref.get_object()
        if "/T" in field:
            partial.append(field["/T"])
        for kid in field.get("/Kids") or []:
            walk(kid)

    for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]:
        walk(ref)
    assert partial and not [p for p in partial if "." in p]
    assert {"signature", "host_tutor", "result", "C1", "2"} <= set(partial)


def test_every_signature_box_has_a_signature_field(pack):
    expected = {"evaluation_grid": {"host_tutor", "sending_trainer"},
                "attestation_participation": {"host_partner", "host_company", "other_host_company"},
                "learning_agreement_complement": {"learner", "host_partner", "host_company"},
                "europass_preparation": {"host_tutor", "learner", "sending_organisation"},
                "men_unit_file": {"host_tutor", "assessor"}}  # the tutor of its host part (words9)
    for stem, roles in expected.items():
        fields = pypdf.PdfReader(pack / f"{stem}.pdf").get_fields()
        signatures = {name for name, f in fields.items() if f.get("/FT") == "/Sig"}
        assert {n.split(".")[1] for n in signatures} == roles, stem
        assert all(n.split(".")[1] in ROLES for n in signatures)
        assert all(fields[n].get("/V") is None for n in signatures)  # empty: to be signed
        assert fields["mobility.document"]["/V"] == stem
    # two boxes of one role: numbered from 1, so that no name is both a field and a parent (hostde 8)
    men = pypdf.PdfReader(pack / "men_unit_file.pdf").get_fields()
    assert {"signature.assessor.1", "signature.assessor.2"} <= set(men) and "/FT" not in men["signature.assessor"]
    # each says whose it is, and each result field which outcome (hostes 5, hostde 8)
    assert "CCF" in men["signature.assessor.1"]["/TU"] and "transnational" in men["signature.assessor.2"]["/TU"]
    assert men["men.result.C1.2"]["/TU"] == "Résultat : C1.2 / Ergebnis: C1.2", men["men.result.C1.2"]["/TU"]
    assert men["men.result.2"]["/TU"] == "Résultat : 2 / Ergebnis: 2"


def test_every_signatory_types_a_date_and_a_blank_name(pack, tmp_path):
    """Each signature row's date, and its name where the pack leaves it blank, is a text field
    named after the signatory's role (ROLE.date, ROLE.name) unless the document names it (the
    grid's assessment.date, the MEN file's assessors): the three host readers found them only in
    the grid and the MEN file (#25), the learning agreement's five signatories wrote by hand."""
    for stem in ("learning_agreement", "learning_agreement_complement", "attestation_participation",
                 "europass_preparation", "mobility_convention", "evaluation_grid", "men_unit_file"):
        if not (pack / f"{stem}.pdf").is_file():
            continue
        fields = pypdf.PdfReader(pack / f"{stem}.pdf").get_fields()
        signatures = [n for n, f in fields.items() if f.get("/FT") == "/Sig"]
        dates = [n for n, f in fields.items() if f.get("/FT") == "/Tx" and n.endswith(".date")]
        assert len(dates) == len(signatures), (stem, signatures, dates)
        md = (pack / f"{stem}.md").read_text(encoding="utf-8")
        rows, in_table = [], False  # the signature tables' rows (their header names the stamp)
        for ln in md.splitlines():
            in_table = ln.startswith("|") and (in_table or "Signature et cachet" in ln)
            if in_table and not ln.startswith(("| ---", "|---")) and "Signature et cachet" not in ln:
                rows.append(ln)
        blank_names = [ln for ln in rows if ln.split(" | ")[1].startswith("\\_")]
        names = [n for n, f in fields.items() if f.get("/FT") == "/Tx" and n.endswith(".name")]
        assert len(names) == len(blank_names) and names, (stem, names, blank_names)
    agreement = pypdf.PdfReader(pack / "learning_agreement.pdf").get_fields()
    assert {"host_partner.date", "host_partner.name", "sending_organisation.date", "learner.date"} <= set(agreement)
    assert "learner.name" not in agreement  # the learner's name is printed: no field over it
    assert agreement["host_partner.date"]["/TU"].startswith("Organisme d'accueil (partenaire d'accueil) – Date")
    # a host types them, and they read back
    writer = pypdf.PdfWriter(clone_from=pack / "learning_agreement.pdf")
    writer.update_page_form_field_values(None, {"host_partner.date": "02/03/2027",
                                                "host_partner.name": "Karl Huber, Ausbildungsleiter"},
                                         auto_regenerate=False)
    filled = tmp_path / "signed-la.pdf"
    writer.write(filled)
    back = pypdf.PdfReader(filled).get_fields()
    assert back["host_partner.date"]["/V"] == "02/03/2027"
    assert back["host_partner.name"]["/V"] == "Karl Huber, Ausbildungsleiter"


def test_the_learning_agreements_blank_details_are_fields(pack, tmp_path):
    """The organisations' addresses, OIDs and contact persons, and the tutor's e-mail and phone, left
    blank by the answers, are text fields ROLE.ITEM (the host readers could only write them by hand
    in one-line cells, #25); a detail the answers give is printed, with no field over it."""
    fields = pypdf.PdfReader(pack / "learning_agreement.pdf").get_fields()
    for role in ("sending_organisation", "host_partner", "host_company"):
        for item in ("address", "contact_name", "contact_function", "contact_email", "contact_phone"):
            assert f"{role}.{item}" in fields, (role, item)
    assert {"sending_organisation.oid", "host_partner.oid", "host_company.oid", "tutor.email", "tutor.phone"} <= set(fields)
    # a detail the answers give (the organisations' names) is printed with no field over it: see
    # test_no_field_lies_over_printed_words
    assert fields["host_partner.address"]["/TU"] == ("Organisme d'accueil (partenaire d'accueil) – Adresse / "
                                                   "Aufnehmende Einrichtung (Partnereinrichtung) – Anschrift")
    writer = pypdf.PdfWriter(clone_from=pack / "learning_agreement.pdf")
    writer.update_page_form_field_values(None, {"host_company.contact_email": "ausbildung@baeckerei-schulz.de"},
                                         auto_regenerate=False)
    writer.write(tmp_path / "filled-la.pdf")
    assert (pypdf.PdfReader(tmp_path / "filled-la.pdf").get_fields()["host_company.contact_email"]["/V"]
            == "ausbildung@baeckerei-schulz.de")


def test_the_host_parts_of_other_documents_are_fields(pack):
    expected = {
        "learning_agreement_complement": {"actual.start": "/Tx", "actual.end": "/Tx", "changes": "/Tx",
                                          "actual.host_company": "/Tx", "as_planned": "/Btn", "changed": "/Btn"},
        "attestation_participation": {"attendance.from": "/Tx", "attendance.to": "/Tx", "attendance.days": "/Tx",
                                      "other.from": "/Tx", "other.to": "/Tx", "other.days": "/Tx", "absences": "/Tx"},
        "europass_preparation": {f"europass.{n}": "/Tx" for n in (
            "activities", "job_skills", "language_skills", "digital_skills", "organisational_skills")},
        "men_unit_file": {"men.result.C1.2": "/Tx", "men.result.2": "/Tx"},
    }
    for stem, names in expected.items():
        fields = pypdf.PdfReader(pack / f"{stem}.pdf").get_fields()
        assert {n: fields[n]["/FT"] for n in names if n in fields} == names, stem
        assert fields["mobility.id"]["/V"] == _key()
    # readfec 4: the days, the other company's row and the absences box are fields too
    attestation = pypdf.PdfReader(pack / "attestation_participation.pdf").get_fields()
    assert attestation["absences"]["/Ff"] & 4096
    assert attestation["other.days"]["/TU"].startswith("Autre entreprise d'accueil, le cas échéant")
    europass = pypdf.PdfReader(pack / "europass_preparation.pdf").get_fields()
    # the tutor's name and function are printed (answered): no field over them (#25)
    assert "europass.tutor_name" not in europass and "europass.tutor_function" not in europass
    assert europass["europass.activities"]["/Ff"] & 4096


def test_btm_files_tac_is_a_form(tmp_path):
    answers = {**{k: v for k, v in ANSWERS.items() if not k.startswith(("men.", "certification.certifier"))},
               "goals": ["certification"], "certification.certifier": "cma_btm", "btm.title": "patissier",
               "btm.dossier_focus": "organisation", "learner.qualification": "BTM Pâtissier confiseur glacier traiteur"}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "lang": "fr", "answers": answers, "outcomes": OUTCOMES},
                                   allow_unicode=True), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(path), "--format", "pdf",
                           "--host-lang", "de", "-o", str(tmp_path / "pack")],
                          env=dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24"), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    fields = pypdf.PdfReader(tmp_path / "pack" / "btm_file.pdf").get_fields()
    assert fields["btm.result.C1.2"]["/_States_"] == ["/achieved", "/partial", "/not_achieved"]
    assert fields["btm.result.2"]["/FT"] == "/Btn" and fields["btm.comment.2"]["/FT"] == "/Tx"
    assert {"signature.host_tutor", "signature.jury"} <= set(fields)


def test_pyhanko_sees_empty_signature_fields(pack):
    fields_mod = pytest.importorskip("pyhanko.sign.fields")
    from pyhanko.pdf_utils.reader import PdfFileReader

    with (pack / "evaluation_grid.pdf").open("rb") as f:
        found = {name: value for name, value, _ in fields_mod.enumerate_sig_fields(PdfFileReader(f))}
    assert set(found) == {"signature.host_tutor", "signature.sending_trainer"}
    assert all(v is None for v in found.values())  # not signed


def test_signature_box_is_covered_by_its_field(pack):
    """The field lies on the part to sign of the "Signature and stamp" cell, at least 4 cm wide
    (#25: a 2.3 cm box made hosts sign into the stamp; ink and stamp still go on paper)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    reader = pypdf.PdfReader(pack / "evaluation_grid.pdf")
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") != "/Sig":
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            width, height = abs(x1 - x0), abs(y1 - y0)
            assert width >= 4.0 / 2.54 * 72 and height > 2.0 / 2.54 * 72, (width, height)  # the 4.2 cm to sign in
            with pdfplumber.open(pack / "evaluation_grid.pdf") as pdf:
                words = pdf.pages[index].extract_words()
            label = [w for w in words if w["text"].startswith("Signature")]
            assert label and any(abs(w["x0"] - min(x0, x1)) < 6 for w in label)  # under the "Signature" heading


def test_no_field_outside_the_pdf(pack):
    for name in ("evaluation_grid.md", "evaluation_grid.html", "learning_agreement.md", "learning_agreement.html"):
        assert "ma-field" not in (pack / name).read_text(encoding="utf-8"), name
    with zipfile.ZipFile(pack / "evaluation_grid.docx") as docx:
        assert "ma-field" not in docx.read("word/document.xml").decode("utf-8")
    # the Markdown keeps the grid's rows as they were: the three result cells empty
    md = (pack / "evaluation_grid.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| C1.2"))
    assert row.endswith("| | | |"), row


def test_printed_page_is_the_same_with_fields(pack):
    """The PDF form prints as the page without fields (the pack's HTML page, printed by the same
    WeasyPrint): the same words at the same places, the same lines and boxes; but the blanks a
    text field covers ("________", the field is the blank: #25 session 10) and, in their place, a
    thin rule at the foot of a one-line field in a taller cell (a date in a signature row)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from mobility_advisor.formats import pdf

    from mobility_advisor.formats.host_html import unbroken_forms

    # the page as the PDF path prints it ("Lernende/r" unbroken, #25), without the fields
    without = pdf.html_to_pdf(unbroken_forms((pack / "evaluation_grid.html").read_text(encoding="utf-8")))
    assert pypdf.PdfReader(io.BytesIO(without)).get_fields() is None

    def words(page, blanks: bool):
        return [(w["text"], round(w["x0"], 1), round(w["top"], 1)) for w in page.extract_words()
                if blanks or w["text"].strip("_,;")]

    def boxes(page):
        return {(round(r["x0"], 1), round(r["top"], 1), round(r["width"], 1), round(r["height"], 1))
                for r in page.rects + page.lines}

    with pdfplumber.open(io.BytesIO(without)) as plain, pdfplumber.open(pack / "evaluation_grid.pdf") as form:
        assert len(form.pages) == len(plain.pages)
        rules = hidden = 0
        for printed, bare in zip(form.pages, plain.pages):
            assert words(printed, False) == words(bare, False)
            fields = [(a["x0"], a["top"], a["x1"], a["bottom"]) for a in printed.annots if a["x1"] > a["x0"]]

            def covered(page):  # the blanks lying in a field's box
                return [w for w in page.extract_words() if not w["text"].strip("_,;") and any(
                    x0 - 1 <= w["x0"] and w["x1"] <= x1 + 1 and top - 2 <= w["top"] < bottom for x0, top, x1, bottom in fields)]
            assert not covered(printed)
            hidden += len(covered(bare))
            extra = boxes(printed) - boxes(bare)
            assert boxes(bare) <= boxes(printed)
            assert all(h <= 1 and w > 20 for _, _, w, h in extra), extra  # thin horizontal rules only
            rules += len(extra)
        assert hidden >= 4 and rules >= 2  # the assessors' names and dates


def test_pack_files_carry_the_marks_for_the_pdf_only():
    grid = forms.with_fields("| a |" + pdf_forms.mark("text", "comments", "Commentaires") + " |\n", "evaluation_grid",
                             {"learner.name": "Léa Dupont"})
    assert isinstance(grid, forms.FormMarkdown) and grid == "| a | |\n"
    assert "ma-field" in forms.marked(grid) and grid.identity == (mobility_key({"learner.name": "Léa Dupont"}),
                                                                  "evaluation_grid")
    import pickle

    again = pickle.loads(pickle.dumps(grid))  # to a cohort's worker process
    assert again == grid and again.marked == grid.marked and again.identity == grid.identity
    assert forms.with_fields("| a |\n", "index", {}) == "| a |\n"  # no field: plain text


def test_marks_survive_pairing_and_are_stripped():
    fr = pdf_forms.mark("radio", "result.C1.2", "Résultat : C1.2", "achieved")
    de = pdf_forms.mark("radio", "result.C1.2", "Ergebnis: C1.2", "achieved")
    paired = f"| a | {fr} x / {de} x |"
    merged = forms.merge_pairs(paired)
    assert merged.count("ma-field") == 1 and pdf_forms.strip(merged) == "| a | x |"
    assert pdf_forms.strip(f"|{fr} x |{fr} |") == "| x | |"  # a monolingual row's cells
    mark = pdf_forms.parse(pdf_forms.MARK_TEXT.search(merged).group(0)[len("<!--ma-field "):-3])
    assert mark.tip == "Résultat : C1.2 / Ergebnis: C1.2" and mark.value == "achieved" and mark.kind == "radio"
    # a tooltip cannot end the comment early, nor be changed by French typography
    odd = pdf_forms.mark("text", "comments", "a -- b : c > d")
    assert "--" not in odd[4:-3] and " :" not in odd and pdf_forms.strip(f"x{odd}y") == "xy"
    with pytest.raises(ValueError):
        pdf_forms.mark("button", "x")
    # a box the two languages name differently (a label two roles share in one language): one
    # field, named by the pack's language, and no stray "/" in the cell
    fr_sig = pdf_forms.mark("sig", "signature.host_company", "Signature : Structure d'accueil")
    es_sig = pdf_forms.mark("sig", "signature.host_partner", "Firma: Organización de acogida")
    merged = forms.merge_pairs(f"| a | {fr_sig} / {es_sig} |")
    assert merged.count("ma-field") == 1 and "host_company" in merged and pdf_forms.strip(merged) == "| a | |"


def test_every_label_names_a_known_role():
    assert {role for _, role in forms.SIGNATORY_LABELS} <= set(ROLES)


def _printed_words(pdf_page) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1) in PDF coordinates (from the bottom) and text of each printed word, the
    blanks' underscores aside (a line to write on, where a field belongs)."""
    height = float(pdf_page.height)
    return [(float(w["x0"]), height - float(w["bottom"]), float(w["x1"]), height - float(w["top"]), w["text"])
            for w in pdf_page.extract_words() if w["text"].strip("_,;:. ☐")]  # a tick box's field is on its "☐"


def test_no_field_lies_over_printed_words(pack):
    """#25 (three host readers): `assessor.name` lay over the printed "Anna Schulz": what the tutor
    typed printed over the name. No field of any form of the pack covers a printed word."""
    pdfplumber = pytest.importorskip("pdfplumber")
    forms_seen, problems = 0, []
    for path in sorted(pack.glob("*.pdf")):
        reader = pypdf.PdfReader(path)
        if not reader.get_fields():
            continue
        forms_seen += 1
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(reader.pages):
                words = _printed_words(pdf.pages[index])
                for annot in page.get("/Annots") or []:
                    annot = annot.get_object()
                    if annot.get("/Subtype") != "/Widget" or int(annot.get("/F", 0)) & 2:  # hidden: the identity
                        continue
                    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                    name = annot.get("/T") or annot.get("/Parent", {}).get("/T")
                    over = [t for a, b, c, d, t in words if a < x1 - 0.5 and c > x0 + 0.5 and b < y1 - 0.5 and d > y0 + 0.5]
                    if over:
                        problems.append(f"{path.stem} p{index + 1}: {name} over {over}")
    assert forms_seen >= 5
    assert not problems, "fields over printed words:\n" + "\n".join(problems)


def test_the_complements_tick_boxes_are_check_boxes_on_the_printed_boxes(pack, tmp_path):
    """#25 (readfec 5): "as planned" and "changes" are check boxes a reader ticks, each on its
    printed "☐"; ticked and saved, they read back."""
    pdfplumber = pytest.importorskip("pdfplumber")
    path = pack / "learning_agreement_complement.pdf"
    fields = pypdf.PdfReader(path).get_fields()
    for name in ("as_planned", "changed"):
        assert fields[name]["/FT"] == "/Btn" and fields[name]["/V"] == "/Off"
        assert "/on" in fields[name]["/_States_"]
    # one field per box, its tooltip in both languages; nothing of the mark printed (it was, from
    # the translation's line, as text past the margin)
    assert fields["as_planned"]["/TU"] == ("La mobilité s'est déroulée comme prévu dans le contrat pédagogique. / "
                                           "Die Mobilität ist wie in der Lernvereinbarung vorgesehen verlaufen.")
    assert "ma-field" not in (pack / "learning_agreement_complement.html").read_text(encoding="utf-8")
    with pdfplumber.open(path) as pdf:
        printed = " ".join(p.extract_text() for p in pdf.pages)
    assert "ma-field" not in printed and "%20" not in printed and "Es gab Änderungen" in printed
    reader = pypdf.PdfReader(path)
    with pdfplumber.open(path) as pdf:  # the page of the boxes (kept with the changes box below them)
        at = next(i for i, p in enumerate(pdf.pages) if any(w["text"] == "☐" for w in p.extract_words()))
        page = pdf.pages[at]
        boxes = [(float(w["x0"]), float(page.height) - float(w["bottom"])) for w in page.extract_words()
                 if w["text"] == "☐"]
    rects = [[float(v) for v in a.get_object()["/Rect"]] for a in reader.pages[at].get("/Annots", [])
             if a.get_object().get("/T") in ("as_planned", "changed")]
    assert len(boxes) == len(rects) == 2
    for (x, y), (x0, y0, x1, y1) in zip(sorted(boxes), sorted(rects)):
        assert abs(x0 - x) < 2 and abs(y0 - y) < 4 and x1 - x0 >= 6  # on the printed box
    writer = pypdf.PdfWriter(clone_from=path)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"changed": "/on", "actual.host_company": "01/03-26/03/2027"},
                                             auto_regenerate=False)
    filled = tmp_path / "complement.pdf"
    with filled.open("wb") as out:
        writer.write(out)
    back = pypdf.PdfReader(filled).get_fields()
    assert back["changed"]["/V"] == "/on" and back["as_planned"]["/V"] == "/Off"
    assert back["actual.host_company"]["/V"] == "01/03-26/03/2027"


def test_a_one_line_field_fits_what_is_typed_in_it(pack, tmp_path):
    """#25 (readde11): a one-line field at a fixed 9 pt cut what a host typed ("Teilweise erreic"
    in a 2.2 cm level field, "Anna Schulz, Kondit" in a name field): its font size is the reader's
    to fit (0, auto); a field of several lines keeps 9 pt and wraps."""
    one_line = several = 0
    for path in sorted(pack.glob("*.pdf")):
        widgets = [a.get_object() for page in pypdf.PdfReader(path).pages for a in page.get("/Annots") or []]
        for field in widgets:
            name = field.get("/T")
            if field.get("/FT") != "/Tx" or int(field.get("/Ff", 0)) & 1:  # read-only: the identity
                continue
            size = float(str(field["/DA"]).split(" Tf")[0].split()[-1])
            if int(field.get("/Ff", 0)) & 4096:
                several += 1
                assert size == pdf_forms.FIELD_FONT_PT, (path.stem, name)
            else:
                one_line += 1
                assert size == 0, (path.stem, name, field["/DA"])
    assert one_line >= 10 and several >= 5
    writer = pypdf.PdfWriter(clone_from=pack / "evaluation_grid.pdf")
    writer.update_page_form_field_values(None, {"before.C1.2": "Teilweise erreicht"}, auto_regenerate=False)
    writer.write(tmp_path / "grid.pdf")
    assert pypdf.PdfReader(tmp_path / "grid.pdf").get_fields()["before.C1.2"]["/V"] == "Teilweise erreicht"
