"""Issue 29: a PDF cohort's main process does not import WeasyPrint (about 1 s): it looks for it,
and the processes that print import it. A WeasyPrint that cannot load there is still said in one
clear sentence (exit 2), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

DATA = ROOT / "tests" / "data"

FAKE = """\
import multiprocessing, os
with open(os.environ["WEASY_LOG"], "a") as fh:
    fh.write(("main" if multiprocessing.parent_process() is None else "worker") + "\\n")
raise OSError("cannot load library 'pango-1.0-0'")
"""


def test_a_pdf_cohort_imports_weasyprint_only_where_it_prints(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(FAKE, encoding="utf-8")
    log = tmp_path / "imports.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)]), "WEASY_LOG": str(log),
           "MOBILITY_ADVISOR_JOBS": "2", "MOBILITY_ADVISOR_TODAY": "2026-11-24", "LANG": "fr_FR.UTF-8"}
    env.pop("LC_ALL", None)
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "cohort", "--answers", str(DATA / "cohort-common.yaml"),
                        "--learners", str(DATA / "cohort-learners.csv"), "--format", "pdf", "-o", "out"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "mobility-advisor[pdf]" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert not (tmp_path / "out").exists()  # nothing written
    imports = log.read_text(encoding="utf-8").split()
    assert imports and set(imports) == {"worker"}, imports
