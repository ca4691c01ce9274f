"""`record ANSWERS --from FILE.pdf` (issue #26 item 3): the results a tutor filled in the pack's PDF
forms, read back into the answers file's `results:`, and the pack made again with them.

Until the pack's own forms exist, the forms are made here to the form contract: an HTML page printed
by WeasyPrint with `pdf_forms=True` (the way the pack prints its forms), then filled with pypdf as a
PDF viewer would (the field's /V), with the mobility's identity in its fields and document info.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time

import pexpect
import pytest
import yaml

from mobility_advisor.engine.identity import mobility_key
from test_learning import TODAY, answers_doc, read, run

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")
from pypdf.generic import NameObject, TextStringObject  # noqa: E402

STATUSES = ("achieved", "partial", "not_achieved")
TEXT_FIELDS = ("mobility.id", "mobility.document", "assessment.date", "comments", "observations.before",
               "observations.after", "assessor.name", "actual.start", "actual.end", "changes")


TIPPED = {"attendance.days": "Jours de présence / Anwesenheitstage",
          "absences": "Absences ou observations / Fehlzeiten oder Bemerkungen",
          "men.result.EX-1": "Résultat : EX-1 / Ergebnis: EX-1"}


def ticked(grid: str, ref: str) -> str:
    """The result column ticked ("x") in the results table's row of the outcome `ref`: its header."""
    lines = grid.splitlines()
    header = next(line for line in lines if line.startswith("| Acquis d'apprentissage"))
    row = next(line for line in lines if line.startswith(f"| {ref} "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    return [h.strip() for h in header.strip("|").split("|")][cells.index("x")]


def _radios(ref):
    return "".join(f'<input type="radio" name="result.{ref}" value="{s}">' for s in STATUSES)


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory):
    """An evaluation grid and complement's fields in one printed page (WeasyPrint's pdf_forms); EX-9
    is an outcome the answers do not list (left blank, it records nothing)."""
    from weasyprint import HTML

    rows = "".join(f"<p>{ref} {_radios(ref)}</p>" for ref in ("EX-1", "EX-2", "3", "EX-9"))
    texts = "".join(f'<p><input type="text" name="{n}"></p>' for n in TEXT_FIELDS)
    # fields with no place in `results:` and no label of the tool's own: shown by their tooltip
    texts += "".join(f'<p><input type="text" name="{n}" title="{tip}"></p>' for n, tip in TIPPED.items())
    path = tmp_path_factory.mktemp("forms") / "blank.pdf"
    HTML(string=f"<html><body><form>{rows}{texts}</form></body></html>").write_pdf(path, pdf_forms=True)
    return path


def key_of(doc):
    return mobility_key(doc["answers"])


def fill(blank, out, values, ident, document="evaluation_grid", info=True, by_index=False):
    """`blank` filled with `values` (field -> text, or a radio's export value) and the identity,
    written to `out`. by_index: radios ticked as a viewer ticks WeasyPrint's (/0, /1… named in /Opt)."""
    w = pypdf.PdfWriter(clone_from=str(blank))
    values = {"mobility.id": ident, "mobility.document": document, **values}
    for ref in w._root_object["/AcroForm"]["/Fields"]:
        node = ref.get_object()
        name = str(node.get("/T"))
        if node.get("/Parent") is not None or name not in values:
            continue
        v = values[name]
        if name.startswith("result."):
            v = str(STATUSES.index(v)) if by_index and v in STATUSES else v
            node[NameObject("/V")] = NameObject("/" + v)
        else:
            node[NameObject("/V")] = TextStringObject(v)
    if info:
        w.add_metadata({"/MobilityAdvisorId": ident, "/MobilityAdvisorDocument": document})
    w.write(str(out))
    return out


def write_answers(tmp, doc):
    text = "# keep this comment\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    (tmp / "a.yaml").write_text(text, encoding="utf-8")
    return text


def results_of(tmp):
    return yaml.safe_load((tmp / "a.yaml").read_text(encoding="utf-8")).get("results")


def test_a_filled_grid_is_recorded_with_yes_and_the_pack_shows_it(tmp_path, blank_form):
    doc = answers_doc("men", "fr")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "grille.pdf", {"result.EX-1": "achieved", "result.EX-2": "partial",
                                                 "result.3": "not_achieved", "assessment.date": "26/03/2027",
                                                 "comments": "Très bonne intégration dans l'équipe"}, key_of(doc))
    p = run(tmp_path, "record", "a.yaml", "--from", "grille.pdf", "--yes", "--lang", "fr")
    assert p.returncode == 0, p.stderr
    out = p.stdout.replace("\u00a0", " ").replace("\u202f", " ")
    assert "grille.pdf" in out and "EX-2 – Exemple : organiser son poste" in out
    assert "partiellement atteint" in out.lower() and "2027-03-26" in out
    # the tutor's comments are shown, and said not to be recorded
    assert "Très bonne intégration dans l'équipe" in out and "non enregistré" in out
    assert results_of(tmp_path) == {"assessed_on": "2027-03-26",
                                    "outcomes": {"EX-1": "achieved", "EX-2": "partial", 3: "not_achieved"}}
    after = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # only results: was added, the rest kept
    p = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--host-lang", "none")
    assert p.returncode == 0, p.stderr
    grid = read(tmp_path, "evaluation_grid.md")
    assert "26 mars 2027" in grid or "2027-03-26" in grid
    assert ticked(grid, "EX-2") == "Partiellement atteint"  # the result box of the end of the stay


def test_radios_ticked_as_a_viewer_ticks_weasyprint_forms_are_read_through_opt(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "partial", "result.3": "achieved"}, key_of(doc),
         by_index=True)
    p = run(tmp_path, "record", "a.yaml", "--from", "g.pdf", "--yes", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert results_of(tmp_path) == {"outcomes": {"EX-1": "partial", 3: "achieved"}}
    assert "Outcome 2: EX-2" in p.stdout and "no result ticked" in p.stdout


def test_existing_results_changed_are_shown_was_now_and_the_rest_kept(tmp_path, blank_form):
    doc = answers_doc("men", "en", results={"assessed_on": "2027-03-20", "outcomes": {"EX-1": "partial"},
                                            "men.mark": 12})
    write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved", "assessment.date": "2027-03-26"}, key_of(doc))
    p = run(tmp_path, "record", "a.yaml", "--from", "g.pdf", "--yes", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert "was partly achieved → now achieved" in p.stdout and "was 2027-03-20 → now 2027-03-26" in p.stdout
    assert results_of(tmp_path) == {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved"}, "men.mark": 12}


def test_grid_and_complement_at_once_complement_shown_not_recorded(tmp_path, blank_form):
    doc = answers_doc("men", "es")
    write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved"}, key_of(doc))
    fill(blank_form, tmp_path / "c.pdf", {"actual.start": "2027-02-03", "changes": "Una semana menos",
                                          "result.EX-1": "achieved"}, key_of(doc),
         document="learning_agreement_complement")
    p = run(tmp_path, "record", "a.yaml", "--from", "g.pdf", "--from", "c.pdf", "--yes", "--lang", "es")
    assert p.returncode == 0, p.stderr
    assert "Leído en c.pdf:" in p.stdout and "Cambios en el acuerdo de aprendizaje: Una semana menos" in p.stdout
    assert "Fecha de inicio real: 2027-02-03 (leído, no registrado" in p.stdout
    assert results_of(tmp_path) == {"outcomes": {"EX-1": "achieved"}}
    assert "actual" not in (tmp_path / "a.yaml").read_text(encoding="utf-8")


def test_what_the_host_typed_elsewhere_is_shown_by_the_forms_own_label_and_not_recorded(tmp_path, blank_form):
    """Days attended, absences, the MEN file's results: nothing typed in a form goes unseen."""
    doc = answers_doc("men", "fr")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "att.pdf", {"attendance.days": "19", "absences": "Un jour de maladie (15/03)",
                                            "men.result.EX-1": "Acquis"}, key_of(doc),
         document="attestation_participation")
    p = run(tmp_path, "record", "a.yaml", "--from", "att.pdf", "--yes", "--lang", "fr")
    assert p.returncode == 0, p.stderr
    out = p.stdout.replace("\u00a0", " ").replace("\u202f", " ")
    for line in ("Jours de présence / Anwesenheitstage : 19 (lu, non enregistré",
                 "Absences ou observations / Fehlzeiten oder Bemerkungen : Un jour de maladie (15/03) (lu, non enregistré",
                 "Résultat : EX-1 / Ergebnis: EX-1 : Acquis (lu, non enregistré"):
        assert line in out, out
    assert "mobility.id" not in out and "ma1-" not in out
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before


def test_two_forms_that_disagree_are_refused(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g1.pdf", {"result.EX-1": "achieved"}, key_of(doc))
    fill(blank_form, tmp_path / "g2.pdf", {"result.EX-1": "not_achieved"}, key_of(doc))
    p = run(tmp_path, "record", "a.yaml", "--from", "g1.pdf", "--from", "g2.pdf", "--yes", "--lang", "en")
    assert p.returncode == 2 and "g1.pdf and g2.pdf disagree on outcome 1" in p.stderr
    assert "Traceback" not in p.stderr
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before


def test_a_blank_grid_records_nothing_and_says_so(tmp_path, blank_form):
    doc = answers_doc("men", "de")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {}, key_of(doc))
    p = run(tmp_path, "record", "a.yaml", "--from", "g.pdf", "--yes", "--lang", "de")
    assert p.returncode == 0, p.stderr
    assert "In g.pdf ist kein Ergebnis angekreuzt" in p.stdout and "Nichts Neues einzutragen: a.yaml" in p.stdout
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before


def _refused(tmp_path, doc, pdf, lang="en"):
    before = write_answers(tmp_path, doc)
    p = run(tmp_path, "record", "a.yaml", "--from", pdf, "--yes", "--lang", lang)
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before
    return p.stderr.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_form_of_another_mobility_is_refused(tmp_path, blank_form):
    doc = answers_doc("men", "fr")
    other = answers_doc("men", "fr")
    other["answers"]["learner.name"] = "Hugo Bernard"
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved"}, key_of(other))
    err = _refused(tmp_path, doc, "g.pdf", "fr")
    assert "g.pdf est le formulaire d'une autre mobilité" in err and "Léa Dupont" in err


@pytest.mark.parametrize("values,says", [
    ({"result.EX-1": "excellent"}, "'excellent' is not a possible result"),
    ({"result.EX-9": "achieved"}, "outcome 'EX-9', which a.yaml does not list"),
    ({"assessment.date": "2027-07-02"}, "2027-07-02 is after today (2027-07-01)"),
    ({"assessment.date": "31/02/2027"}, "'31/02/2027' is not a date"),
])
def test_impossible_values_are_refused(tmp_path, blank_form, values, says):
    assert TODAY == "2027-07-01"
    doc = answers_doc("men", "en")
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-2": "achieved", **values}, key_of(doc))
    assert says in _refused(tmp_path, doc, "g.pdf")


def test_not_a_pdf_damaged_encrypted_or_without_fields_are_refused(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    (tmp_path / "notes.pdf").write_text("Résultats : tout atteint\n", encoding="utf-8")
    assert "notes.pdf is not a PDF file" in _refused(tmp_path, doc, "notes.pdf")
    good = fill(blank_form, tmp_path / "good.pdf", {"result.EX-1": "achieved"}, key_of(doc)).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 2])
    assert "cut.pdf is damaged" in _refused(tmp_path, doc, "cut.pdf")
    (tmp_path / "garbled.pdf").write_bytes(good[:200] + b"\x00" * (len(good) - 400) + good[-200:])
    assert "garbled.pdf" in _refused(tmp_path, doc, "garbled.pdf")
    w = pypdf.PdfWriter(clone_from=str(tmp_path / "good.pdf"))
    w.encrypt(user_password="secret", owner_password="owner")
    w.write(str(tmp_path / "locked.pdf"))
    assert "locked.pdf is protected by a password" in _refused(tmp_path, doc, "locked.pdf")
    plain = pypdf.PdfWriter()
    plain.add_blank_page(200, 200)
    plain.write(str(tmp_path / "scan.pdf"))
    assert "scan.pdf has no form fields" in _refused(tmp_path, doc, "scan.pdf")
    assert "no such file" in _refused(tmp_path, doc, "missing.pdf")


def test_a_form_protected_only_against_changes_is_read(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved"}, key_of(doc))
    w = pypdf.PdfWriter(clone_from=str(tmp_path / "g.pdf"))
    w.encrypt(user_password="", owner_password="owner")
    w.write(str(tmp_path / "owner.pdf"))
    p = run(tmp_path, "record", "a.yaml", "--from", "owner.pdf", "--yes", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert results_of(tmp_path) == {"outcomes": {"EX-1": "achieved"}}


def test_the_identity_in_the_document_information_alone_is_enough(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved"}, "", info=False)
    err = _refused(tmp_path, doc, "g.pdf")
    assert "does not say which mobility" in err
    w = pypdf.PdfWriter(clone_from=str(tmp_path / "g.pdf"))
    w.add_metadata({"/MobilityAdvisorId": key_of(doc)})
    w.write(str(tmp_path / "g2.pdf"))
    p = run(tmp_path, "record", "a.yaml", "--from", "g2.pdf", "--yes", "--lang", "en")
    assert p.returncode == 0, p.stderr


def test_without_a_terminal_and_without_yes_nothing_is_written(tmp_path, blank_form):
    doc = answers_doc("men", "ca")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved"}, key_of(doc))
    p = run(tmp_path, "record", "a.yaml", "--from", "g.pdf", "--lang", "ca")
    assert p.returncode == 2 and "No hi ha cap terminal interactiu" in p.stderr and "--yes" in p.stderr
    assert "Traceback" not in p.stderr
    assert "Llegit a g.pdf:" in p.stdout  # what was read is shown all the same
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before


class Terminal:
    def __init__(self, tmp, *args):
        env = dict(os.environ, MOBILITY_ADVISOR_TODAY=TODAY, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
                   LANG="C.UTF-8")
        env.pop("LC_ALL", None)
        self.child = pexpect.spawn(sys.executable, ["-m", "mobility_advisor", "record", *args], cwd=str(tmp),
                                   env=env, encoding="utf-8", dimensions=(60, 220), timeout=30)

    def wait(self, text):
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            raise AssertionError(f"never saw {text!r}; screen:\n{self.child.before[-2000:]}") from exc
        time.sleep(0.1)

    def finish(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("answer", ["n", "y"])
def test_on_a_terminal_it_asks_before_writing(tmp_path, blank_form, answer):
    doc = answers_doc("men", "en")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "not_achieved"}, key_of(doc))
    t = Terminal(tmp_path, "a.yaml", "--from", "g.pdf", "--lang", "en")
    t.wait("Outcome 1: EX-1")
    t.wait("Write these results into a.yaml?")
    t.child.send(answer)
    assert t.finish() == 0
    after = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    if answer == "n":
        assert after == before
    else:
        assert results_of(tmp_path) == {"outcomes": {"EX-1": "not_achieved"}}


def test_without_pypdf_installed_it_says_which_extra_to_install(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    before = write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved"}, key_of(doc))
    blocker = tmp_path / "no_pypdf" / "pypdf"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('pypdf is not installed here')\n")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=TODAY, LANG="C.UTF-8",
               PYTHONPATH=os.pathsep.join([str(blocker.parent), os.environ.get("PYTHONPATH", "")]))
    p = subprocess.run([sys.executable, "-m", "mobility_advisor", "record", "a.yaml", "--from", "g.pdf", "--yes",
                        "--lang", "en"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "pip install 'mobility-advisor[pdf]'" in p.stderr and "Traceback" not in p.stderr
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before


def test_a_field_tree_is_read_by_full_names(tmp_path):
    """A form whose fields are a tree (`result` > `C1.2`, as other PDF tools write them) is read by
    full name, like the flat names WeasyPrint writes; a radio's widgets are not fields of their own."""
    from pypdf.generic import ArrayObject, DictionaryObject, NumberObject

    from mobility_advisor.inputs.pdf_form import read_form

    w = pypdf.PdfWriter()
    w.add_blank_page(200, 200)

    def add(obj):
        return w._add_object(DictionaryObject(obj))

    parent = add({NameObject("/T"): TextStringObject("result")})
    radio = add({NameObject("/T"): TextStringObject("C1.2"), NameObject("/FT"): NameObject("/Btn"),
                 NameObject("/Ff"): NumberObject(49152), NameObject("/V"): NameObject("/partial"),
                 NameObject("/Parent"): parent})
    widget = add({NameObject("/Subtype"): NameObject("/Widget"), NameObject("/Parent"): radio,
                  NameObject("/AS"): NameObject("/partial")})
    radio.get_object()[NameObject("/Kids")] = ArrayObject([widget])
    parent.get_object()[NameObject("/Kids")] = ArrayObject([radio])
    ident = add({NameObject("/T"): TextStringObject("mobility.id"), NameObject("/FT"): NameObject("/Tx"),
                 NameObject("/V"): TextStringObject("ma1-0123456789abcdef")})
    w._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([parent, ident, widget])})
    w.write(str(tmp_path / "tree.pdf"))
    form = read_form(tmp_path / "tree.pdf", "en")
    assert form.mobility_id == "ma1-0123456789abcdef"
    assert form.values == {"result.C1.2": "partial", "mobility.id": "ma1-0123456789abcdef"}


@pytest.mark.skipif(importlib.util.find_spec("mobility_advisor.formats.pdf_forms") is None,
                    reason="the pack's fillable PDF forms (branch forms) are not there yet")
def test_end_to_end_the_packs_own_grid_filled_recorded_and_rendered_again(tmp_path):
    doc = answers_doc("men", "fr")
    write_answers(tmp_path, doc)
    p = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--format", "pdf", "--host-lang", "none")
    assert p.returncode == 0, p.stderr
    w = pypdf.PdfWriter(clone_from=str(tmp_path / "pack" / "evaluation_grid.pdf"))
    for page in w.pages:  # as a tutor's PDF viewer fills it
        w.update_page_form_field_values(page, {"result.EX-1": "/achieved", "result.EX-2": "/partial",
                                               "result.3": "/not_achieved", "assessment.date": "26/03/2027",
                                               "comments": "Très bien"}, auto_regenerate=False)
    w.write(str(tmp_path / "grille-remplie.pdf"))
    p = run(tmp_path, "record", "a.yaml", "--from", "grille-remplie.pdf", "--yes")
    assert p.returncode == 0, p.stderr
    assert results_of(tmp_path) == {"assessed_on": "2027-03-26",
                                    "outcomes": {"EX-1": "achieved", "EX-2": "partial", 3: "not_achieved"}}
    p = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--force", "--host-lang", "none")
    assert p.returncode == 0, p.stderr
    assert ticked(read(tmp_path, "evaluation_grid.md"), "EX-2") == "Partiellement atteint"
    # another learner's grid is refused against this answers file
    other = answers_doc("men", "fr")
    other["answers"]["learner.birth_date"] = "2005-04-03"
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(other, allow_unicode=True, sort_keys=False), encoding="utf-8")
    p = run(tmp_path, "record", "b.yaml", "--from", "grille-remplie.pdf", "--yes")
    assert p.returncode == 2 and "autre mobilité" in p.stderr


def test_text_typed_in_a_form_never_reaches_the_terminal_raw(tmp_path, blank_form):
    doc = answers_doc("men", "en")
    write_answers(tmp_path, doc)
    fill(blank_form, tmp_path / "g.pdf", {"result.EX-1": "achieved", "comments": "fine\x1b[2J\u202egone"},
         key_of(doc))
    p = run(tmp_path, "record", "a.yaml", "--from", "g.pdf", "--yes", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert "fine" in p.stdout and "\x1b" not in p.stdout and "\u202e" not in p.stdout
