"""--format on the commands that write a pack or a checklist."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from mobility_advisor.inputs import answers as answers_mod

from conftest import profile


def run(args, cwd, **env):
    e = {**os.environ, "MOBILITY_ADVISOR_TODAY": "2026-11-24", **env}
    return subprocess.run([sys.executable, "-m", "mobility_advisor", *args], capture_output=True, text=True,
                          cwd=cwd, env=e, stdin=subprocess.DEVNULL)


@pytest.fixture
def answers_file(tmp_path):
    a = {"goals": ["participation"], **profile(), "participation.attestation": True,
         "participation.other_evidence": False}
    p = tmp_path / "answers.yaml"
    answers_mod.save(p, a, "fr")
    return p


def test_pack_in_md_and_docx(tmp_path, answers_file):
    r = run(["render", "--answers", str(answers_file), "-o", "pack", "--format", "md,docx"], tmp_path)
    assert r.returncode == 0, r.stderr
    names = {p.name for p in (tmp_path / "pack").iterdir()}
    for stem in ("index", "checklist", "attestation_participation", "learning_agreement_complement"):
        assert {f"{stem}.md", f"{stem}.docx"} <= names
    import docx

    doc = docx.Document(str(tmp_path / "pack" / "attestation_participation.docx"))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Léa Dupont" in text and "1er mars 2027" in text


def test_docx_only_drops_markdown_but_keeps_calendar(tmp_path, answers_file):
    r = run(["ask", "--answers", str(answers_file), "-o", "pack", "--format", "docx"], tmp_path)
    assert r.returncode == 0, r.stderr
    names = {p.name for p in (tmp_path / "pack").iterdir()}
    assert "calendar.ics" in names and "index.docx" in names
    assert not any(n.endswith(".md") for n in names)
    # the points to check are in the index as it was written, not in an index.md that is not there
    assert "commencez par index.docx." in r.stdout and "index.md" not in r.stdout, r.stdout


def test_checklist_to_html(tmp_path):
    r = run(["checklist", "--route", "men", "--lang", "en", "-o", "cl.md", "--format", "md,html"], tmp_path)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "cl.html").read_text("utf-8")
    assert html.count("<li") > 10 and "Mobilité Pro" in html  # the checklist's items, as a web page
    assert "Mobilité Pro" in (tmp_path / "cl.md").read_text("utf-8")


def test_unknown_format_is_a_usage_error_in_the_users_language(tmp_path, answers_file):
    for lang, says in (("en", "unknown format 'rtf'"), ("fr", "format inconnu « rtf »")):
        r = run(["render", "--answers", str(answers_file), "--lang", lang, "-o", "pack", "--format", "md,rtf"],
                tmp_path)
        assert r.returncode == 2 and says in r.stderr, r.stderr
        assert not (tmp_path / "pack").exists()


def test_output_that_is_a_file_is_refused(tmp_path, answers_file):
    (tmp_path / "pack").write_text("not a folder")
    r = run(["render", "--answers", str(answers_file), "-o", "pack"], tmp_path)
    assert r.returncode == 2 and "n'est pas un dossier" in r.stderr  # the answers file says fr
    assert (tmp_path / "pack").read_text() == "not a folder"


def test_missing_pdf_extra_one_line_exit_2_no_pack(tmp_path, answers_file):
    fake = tmp_path / "fake"
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text("raise ImportError('weasyprint is not installed')\n")
    r = run(["render", "--answers", str(answers_file), "-o", "pack", "--format", "md,pdf"], tmp_path,
            PYTHONPATH=str(fake))
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "pip install 'mobility-advisor[pdf]'" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "pack").exists()


def test_cohort_packs_in_html(tmp_path):
    from conftest import ROOT

    data = ROOT / "tests" / "data"
    r = run(["cohort", "--answers", str(data / "cohort-common.yaml"), "--learners", str(data / "cohort-learners.csv"),
             "-o", "cohorte", "--format", "md,html"], tmp_path)
    assert r.returncode == 0, r.stderr
    packs = [p for p in (tmp_path / "cohorte").iterdir() if p.is_dir()]
    assert len(packs) == 3
    for pack in packs:
        names = {p.name for p in pack.iterdir()}
        assert {"index.md", "index.html", "checklist.html"} <= names
