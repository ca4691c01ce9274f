"""What a referent types stays what was typed, and nothing typed can break or fool the tool.

Issue #13 items 7-10: dates outside a sane range, answers-file text coerced to numbers,
bare URLs turned into links, invisible bidirectional and control characters.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.core import controls
from mobility_advisor.formats import convert
from mobility_advisor.engine.dates import EARLIEST, LATEST, parse_date
from mobility_advisor.engine.engine import outcomes, parse_answer, start_past
from mobility_advisor.rules.problems import AnswerError, InputError

from conftest import ROOT, TODAY, profile

ANSWERS = """\
version: 1
lang: {lang}
answers:
  goals: [participation]
  participation.attestation: yes
  participation.other_evidence: no
  learner.name: {name}
  learner.qualification: Bac pro Cuisine
  org.sending: CFA de Tours
  learner.apprentice: {apprentice}
  org.sending_company: Pâtisserie Martin
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  org.host_company: {company}
  tutor.name: Anna Schulz
  tutor.function: {function}
  destination.country: de
  mobility.start: {start}
  mobility.end: {end}
  mobility.funding: erasmus
"""


def answers_file(tmp_path: Path, version: str = "1", **kw: str) -> Path:
    values = dict(lang="en", name="Léa Dupont", apprentice="true", company="Bäckerei Schulz",
                  function="Konditormeisterin", start="2027-03-01", end="2027-03-26")
    values.update(kw)
    text = ANSWERS.format(**values).replace("version: 1", f"version: {version}")
    p = tmp_path / "a.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": TODAY.isoformat(), "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "mobility_advisor", *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, stdin=subprocess.DEVNULL)


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr + r.stdout


# --- 7. Dates in a sane range --------------------------------------------------------


@pytest.mark.parametrize("raw", ["9999-12-31", "0001-01-01", "31/12/9999", "1999-12-31", "2100-01-01",
                                 date(9999, 12, 31), date(1, 1, 1)])
def test_dates_outside_2000_2099_are_refused(raw):
    with pytest.raises(AnswerError) as e:
        parse_date(raw)
    assert e.value.key == "out_of_range"
    assert "years 2000 to 2099" in e.value.text("en") and "années 2000 à 2099" in e.value.text("fr")


def test_the_range_limits_are_accepted():
    assert parse_date("01/01/2000") == EARLIEST and parse_date("2099-12-31") == LATEST


@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_render_refuses_far_dates_with_a_message(tmp_path, field, value):
    kw = {field: value}
    if field == "start":
        kw["end"] = "9999-12-31" if value == "9999-12-31" else "2027-03-26"
    r = cli(tmp_path, "render", "--answers", str(answers_file(tmp_path, **kw)), "-o", "pack")
    no_traceback(r)
    assert r.returncode == 2
    assert f"{value} is outside the accepted dates (years 2000 to 2099)" in r.stderr
    assert not (tmp_path / "pack").exists()


def test_cohort_refuses_far_dates_at_the_check_not_while_writing(tmp_path):
    common = tmp_path / "common.yaml"
    common.write_text((ROOT / "tests" / "data" / "cohort-common.yaml").read_text("utf-8"), encoding="utf-8")
    csv = tmp_path / "l.csv"
    csv.write_text("learner.name;mobility.start;mobility.end;org.host_company;tutor.name;tutor.function\n"
                   "Léa Dupont;2027-03-01;2027-03-26;Bäckerei;Anna;Chef\n"
                   "Jules Martin;9999-12-31;9999-12-31;Bäckerei;Anna;Chef\n", encoding="utf-8")
    r = cli(tmp_path, "cohort", "--answers", str(common), "--learners", str(csv), "-o", "out", "--lang", "en")
    no_traceback(r)
    assert r.returncode == 2 and "l.csv:3:" in r.stderr and "outside the accepted dates" in r.stderr
    r = cli(tmp_path, "cohort", "--answers", str(common), "--learners", str(csv), "-o", "out", "--lang", "en",
            "--keep-going")
    no_traceback(r)
    assert r.returncode == 1 and len([p for p in (tmp_path / "out").iterdir() if p.is_dir()]) == 1


def test_a_past_start_date_is_said_not_refused(tmp_path):
    r = cli(tmp_path, "render", "--answers", str(answers_file(tmp_path, start="2026-01-05", end="2026-02-05")),
            "-o", "pack")
    assert r.returncode == 0, r.stderr
    assert "the start date (2026-01-05) is already past" in r.stderr
    r = cli(tmp_path, "render", "--answers", str(answers_file(tmp_path)), "-o", "pack2")
    assert r.returncode == 0 and "already past" not in r.stderr
    assert start_past({"mobility.start": date(2026, 11, 23)}, TODAY) == date(2026, 11, 23)
    assert start_past({"mobility.start": TODAY}, TODAY) is None


# --- 8. Answers-file text is the text typed ------------------------------------------


def test_answers_file_text_answers_keep_their_source_text(tree, tmp_path):
    path = answers_file(tmp_path, company="0777", function="12:30", name="0x1F")
    af = answers_mod.load(path)
    given = answers_mod.resolve(tree, af.answers)
    assert given["org.host_company"] == "0777"
    assert given["tutor.function"] == "12:30"
    assert given["learner.name"] == "0x1F"
    # dates, yes/no and choices still mean what they say
    assert given["mobility.start"] == date(2027, 3, 1) and given["learner.apprentice"] is True
    assert given["participation.other_evidence"] is False
    r = cli(tmp_path, "render", "--answers", str(path), "-o", "pack")
    assert r.returncode == 0, r.stderr
    index = (tmp_path / "pack" / "index.md").read_text("utf-8")
    assert "| 0777 |" in index and "| 12:30 |" in index and "0x1F" in index
    assert "511" not in index and "750" not in index


@pytest.mark.parametrize("typed", ["1.50", "1e3", "true", ".inf", "0o17", "+12"])
def test_other_yaml_looking_text_stays_as_typed(tree, tmp_path, typed):
    af = answers_mod.load(answers_file(tmp_path, function=typed))
    assert answers_mod.resolve(tree, af.answers)["tutor.function"] == typed


def test_saved_answers_replay_their_text(tree, tmp_path):
    given = profile(**{"org.host_company": "0777", "tutor.function": "12:30"})
    given.update({"goals": ["participation"], "participation.attestation": True,
                  "participation.other_evidence": False})
    answers_mod.save(tmp_path / "s.yaml", given, "fr")
    assert answers_mod.resolve(tree, answers_mod.load(tmp_path / "s.yaml").answers) == given


@pytest.mark.parametrize("version", ["99", "2", "'1.5'", "one"])
def test_unsupported_version_is_refused(tmp_path, version):
    path = answers_file(tmp_path, version=version)
    with pytest.raises(InputError, match="is not supported|non prise en charge"):
        answers_mod.load(path)
    r = cli(tmp_path, "render", "--answers", str(path), "-o", "pack")
    no_traceback(r)
    assert r.returncode == 2 and "version: 1" in r.stderr


def test_version_1_or_none_is_read(tmp_path):
    assert answers_mod.load(answers_file(tmp_path, version="1")).lang == "en"
    p = tmp_path / "a.yaml"
    p.write_text(p.read_text("utf-8").replace("version: 1\n", ""), encoding="utf-8")
    assert answers_mod.load(p).lang == "en"


# --- 9. Bare URLs never become links -------------------------------------------------

HOSTILE_NAMES = {"learner.name": "Léa https://evil.example/login Dupont",
                 "org.host_company": "www.evil.example",
                 "tutor.name": "anna@evil.example :fire:"}


@pytest.fixture(scope="module")
def hostile_pack(tree):
    from mobility_advisor.pack import render

    a = profile(**HOSTILE_NAMES)
    a.update({"goals": ["participation"], "participation.attestation": True,
              "participation.other_evidence": False})
    files = render.pack_files(tree, outcomes(tree, a, TODAY), "en", TODAY)
    return convert.convert_files(files, "html,docx,odt", "en")


def test_bare_urls_in_names_are_not_links_in_html(hostile_pack):
    html = hostile_pack["attestation_participation.html"]
    assert "https://evil.example/login" in html and "www.evil.example" in html and "anna@evil.example" in html
    assert "evil.example" not in "".join(part.split(">", 1)[0] for part in html.split("<a ")[1:])
    assert "mailto:" not in html and ":fire:" in html
    for name, data in hostile_pack.items():
        if name.endswith(".html"):
            assert 'href="https://evil' not in data and 'href="http://www.evil' not in data, name


@pytest.mark.parametrize("ext", ["docx", "odt"])
def test_bare_urls_in_names_are_not_links_in_docx_or_odt(hostile_pack, ext):
    import re
    import zipfile

    seen = False
    for name, data in hostile_pack.items():
        if not name.endswith("." + ext):
            continue
        z = zipfile.ZipFile(io.BytesIO(data))
        body = z.read("word/document.xml" if ext == "docx" else "content.xml").decode("utf-8")
        seen |= "https://evil.example/login" in body
        if ext == "docx":  # a DOCX hyperlink's target is a relationship
            rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
            assert not re.search(r'Target="[^"]*evil', rels), name
        else:
            assert not re.search(r'xlink:href="[^"]*evil', body), name
    assert seen


def test_bare_urls_are_not_links_in_pdf(tree):
    from pypdf import PdfReader

    from mobility_advisor.pack import render

    a = profile(**HOSTILE_NAMES)
    a.update({"goals": ["participation"], "participation.attestation": True,
              "participation.other_evidence": False})
    files = render.pack_files(tree, outcomes(tree, a, TODAY), "en", TODAY)
    out = convert.convert_files({"attestation_participation.md": files["attestation_participation.md"]}, "pdf", "en")
    reader = PdfReader(io.BytesIO(out["attestation_participation.pdf"]))
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    uris = [a["/A"].get("/URI") for a in links if a.get("/Subtype") == "/Link"]  # not the form's fields
    assert not [u for u in uris if u and "evil" in u]
    assert "evil.example" in "".join(p.extract_text() for p in reader.pages)


# --- 10. Invisible and control characters ---------------------------------------------

HIDDEN = ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
          "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\x1b", "\x07", "\x85"]


@pytest.mark.parametrize("ch", HIDDEN)
def test_hidden_characters_are_refused_in_text_answers(tree, ch):
    with pytest.raises(AnswerError) as e:
        parse_answer(tree.questions["learner.name"], f"Anna{ch} Schulz", {})
    code = f"U+{ord(ch):04X}"
    assert e.value.key == "hidden" and code in e.value.text("en") and code in e.value.text("fr")


def test_joiners_that_spell_words_are_kept(tree):
    persian = "می\u200cخواهم"
    assert parse_answer(tree.questions["learner.name"], persian, {}) == persian
    assert controls.first_hidden("Anna Schulz") is None


def test_values_quoted_in_errors_show_hidden_characters_escaped(tree):
    with pytest.raises(AnswerError) as e:
        parse_answer(tree.questions["mobility.start"], "2027\x1b[31m-03-01", {})
    assert "\x1b" not in e.value.text("en") and "U+001B" in e.value.text("en")
    with pytest.raises(AnswerError) as e:
        parse_answer(tree.questions["goals"], ["partici\u202epation"], {})
    assert "\u202e" not in e.value.text("fr") and "U+202E" in e.value.text("fr")


def test_answers_file_with_a_bidi_override_is_refused(tmp_path):
    r = cli(tmp_path, "render", "--answers", str(answers_file(tmp_path, company="Bäckerei \u202eztluhcS")),
            "-o", "pack")
    no_traceback(r)
    assert r.returncode == 2 and "U+202E" in r.stderr and "\u202e" not in r.stderr
    assert "org.host_company" in r.stderr and not (tmp_path / "pack").exists()


def test_cohort_cells_with_controls_are_refused_and_never_echoed_raw(tmp_path):
    common = tmp_path / "common.yaml"
    common.write_text((ROOT / "tests" / "data" / "cohort-common.yaml").read_text("utf-8"), encoding="utf-8")
    csv = tmp_path / "l.csv"
    csv.write_text("learner.name;mobility.start;mobility.end;org.host_company;tutor.name;tutor.function\n"
                   "Léa\u202e Dupont;2027-03-01;2027-03-26;Bäckerei;Anna;Chef\n"
                   "Jules Martin;2027-03-01\x1b[31m\x07;2027-03-26;B\x1b[2J;Anna;Chef\n"
                   "Léa\u202e Dupont;2027-03-01;2027-03-26;Bäckerei;Anna;Chef\n", encoding="utf-8")
    r = cli(tmp_path, "cohort", "--answers", str(common), "--learners", str(csv), "-o", "out", "--lang", "en")
    no_traceback(r)
    assert r.returncode == 2
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in r.stderr and raw not in r.stdout
    assert "l.csv:2:" in r.stderr and "U+202E" in r.stderr
    assert "l.csv:3:" in r.stderr and "U+001B" in r.stderr


def test_unknown_ids_with_escape_sequences_are_quoted_escaped(tmp_path):
    p = answers_file(tmp_path)
    p.write_text(p.read_text("utf-8") + '  "learner.n\\e[2Jame": x\n', encoding="utf-8")
    r = cli(tmp_path, "render", "--answers", str(p), "-o", "pack")
    no_traceback(r)
    assert r.returncode == 2 and "\x1b" not in r.stderr and "learner.nU+001B[2Jame" in r.stderr
