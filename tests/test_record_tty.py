"""`mobility-advisor record`: the results asked in a real pseudo-terminal, written into the answers file
without losing the rest of it, and the pack made again with their consequences."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pexpect
import pytest
import yaml

from test_learning import answers_doc, run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Record:
    def __init__(self, tmp, *args):
        env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2027-07-01", TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
                   LANG="C.UTF-8")
        env.pop("LC_ALL", None)
        self.child = pexpect.spawn(sys.executable, ["-m", "mobility_advisor", "record", *args], cwd=str(tmp),
                                   env=env, encoding="utf-8", dimensions=(60, 220), timeout=20)

    def wait(self, text):
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            raise AssertionError(f"never saw {text!r}; screen:\n{self.child.before[-2000:]}") from exc
        time.sleep(0.05)

    def select(self, question, label):
        self.wait(question)
        self.child.send(label)
        self.child.send("\r")

    def text(self, question, value):
        self.wait(question)
        self.child.send("\x15" + value + "\r")

    def finish(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


def write(tmp, doc, comment=True):
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    if comment:
        text = "# Pâtisserie group 2027: keep this comment\n" + text + "# end of file comment\n"
    (tmp / "a.yaml").write_text(text, encoding="utf-8")
    return text


def test_record_men_results_fr_keeps_the_rest_and_renders_consequences(tmp_path):
    before = write(tmp_path, answers_doc("men", "fr"))
    r = Record(tmp_path, "a.yaml", "--lang", "fr")
    r.text("Date de l'évaluation des acquis", "2027-03-26")
    r.select("Acquis n° 1 : EX-1", "Atteint")
    r.select("Acquis n° 2 : EX-2", "Partiellement")
    r.select("Acquis n° 3 :", "Non atteint")
    r.text("Note de l'unité facultative de mobilité", "25")
    r.wait("une note sur 20, entre 0 et 20")  # said under its question, without its key (#28)
    r.child.send("\x15" + "12\r")
    r.text("Date de l'examen du diplôme", "20/06/2027")
    r.select("Le diplôme est-il obtenu", "Non")
    assert r.finish() == 0
    after = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.split("# end of file comment")[0])  # answers, outcomes and comments kept
    assert "# end of file comment" in after
    data = yaml.safe_load(after)
    assert data["results"] == {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved", "EX-2": "partial",
                                                                          3: "not_achieved"},
                               "diploma_passed": False, "men.mark": 12, "men.exam_date": "2027-06-20"}
    p = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack")
    assert p.returncode == 0, p.stderr
    unit = (tmp_path / "pack" / "men_unit_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "jusqu'au 20 juin 2032" in unit and "Attestation « Mobilité Pro » non délivrée" in unit


def test_record_twice_replaces_results_en_btm(tmp_path):
    write(tmp_path, answers_doc("btm", "en", results={"btm.passed": True, "btm.points": 1}), comment=False)
    r = Record(tmp_path, "a.yaml", "--lang", "en")
    r.text("Date of the assessment", "")
    r.select("Outcome 1: EX-1", "Achieved")
    r.select("Outcome 2: EX-2", "Achieved")
    r.select("Outcome 3:", "Partly")
    r.select("Was the BTM passed?", "Yes")
    r.text("Extra points awarded", "4")
    r.wait("Extra points: 4 is not possible; 0, 1, 2 or 3 at most")  # not "btm.points" (#28)
    r.child.send("\x15" + "2\r")
    assert r.finish() == 0
    data = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    assert data["results"]["btm.points"] == 2 and data["results"]["outcomes"][3] == "partial"
    assert list(data) == ["version", "lang", "answers", "outcomes", "results"]
    p = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack")
    assert p.returncode == 0, p.stderr
    assert "2 extra points out of at most 3" in (tmp_path / "pack" / "btm_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")


def test_record_qbid_only_asks_qbid_and_ctrl_c_changes_nothing(tmp_path):
    before = write(tmp_path, answers_doc("qbid", "en", outcomes=None))
    r = Record(tmp_path, "a.yaml", "--lang", "en")
    r.text("Date of the assessment", "2027-03-26")
    r.wait("Has the Catalan school tutor validated")
    assert "Mark for the optional" not in r.child.before
    r.child.sendcontrol("c")
    assert r.finish() == 130
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == before


def test_record_without_terminal_or_anything_to_ask(tmp_path):
    write(tmp_path, answers_doc("men", "en"))
    p = run(tmp_path, "record", "a.yaml", "--lang", "en")
    assert p.returncode == 2 and "No interactive terminal" in p.stderr
    doc = answers_doc("men", "en", outcomes=None, goals=("participation",))
    for k in list(doc["answers"]):
        if k.startswith(("integration.", "certification.", "men.")):
            del doc["answers"][k]
    write(tmp_path, doc)
    p = run(tmp_path, "record", "a.yaml", "--lang", "en")
    assert p.returncode == 2 and "no results to record" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("lang,says", [("fr", "partie « results: » de"), ("en", "'results:' part of")])
def test_record_without_a_terminal_says_how_to_write_the_results_by_hand(tmp_path, lang, says):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(answers_doc("men", lang), allow_unicode=True), "utf-8")
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "record", "a.yaml"], cwd=tmp_path,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and says in r.stderr and "a.yaml" in r.stderr
    assert "ask --answers" not in r.stderr and "Traceback" not in r.stderr
