"""`mobility-advisor checklist`: a route's checklist for trainers, without the wizard."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from test_render import lint


def checklist(*args, cwd=None):
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": "2026-11-24"}
    return subprocess.run([sys.executable, "-m", "mobility_advisor", "checklist", *args], capture_output=True,
                          text=True, env=env, cwd=cwd)


@pytest.mark.parametrize("route,lang,heading,says", [
    ("men", "fr", "# Liste de contrôle de la mobilité\u00a0: ", "Mobilité Pro"),
    ("btm", "en", "# Mobility checklist: ", "TAC"),
    ("qbid", "en", "# Mobility checklist: ", "Catalan tutor"),
])
def test_route_checklist_to_stdout(route, lang, heading, says):
    r = checklist("--route", route, "--lang", lang)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith(heading)
    assert says in out and "- [ ] " in out
    assert "\\_\\_\\_" not in out.splitlines()[0]  # no blank learner name in the title
    assert lint(out) == []


def test_checklist_to_file_refuses_to_overwrite(tmp_path):
    assert checklist("--route", "europass", "--lang", "en", "-o", "c.md", cwd=tmp_path).returncode == 0
    r = checklist("--route", "europass", "--lang", "en", "-o", "c.md", cwd=tmp_path)
    assert r.returncode == 1 and "--force" in r.stderr
    assert checklist("--route", "europass", "--lang", "fr", "-o", "c.md", "--force", cwd=tmp_path).returncode == 0
    assert "Europass" in (tmp_path / "c.md").read_text("utf-8")


def test_unknown_route_lists_the_routes():
    r = checklist("--route", "erasmus")
    assert r.returncode == 2 and "participation" in r.stderr and "qbid" in r.stderr
