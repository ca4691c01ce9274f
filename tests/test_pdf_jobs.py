"""One pack's PDFs printed side by side (#29 item 4): the same bytes with one process or several,
a child's error raised as the same clear error, a child that dies leaves the pages to the parent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import profile
from mobility_advisor.formats import pdf as printing
from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.rules.problems import InputError

pytest.importorskip("weasyprint")


def _render(tmp_path, answers, folder: str, jobs: str):
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": "2026-11-24", "MOBILITY_ADVISOR_JOBS": jobs}
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers), "-o", folder,
                           "--format", "pdf"], capture_output=True, text=True, cwd=tmp_path, env=env,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in (tmp_path / folder).glob("*.pdf")}


def test_a_packs_pdfs_are_the_same_bytes_printed_by_one_process_or_two(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers_mod.save(answers, {"goals": ["participation"], **profile(), "participation.attestation": True,
                               "participation.other_evidence": False}, "fr")
    one, two = _render(tmp_path, answers, "one", "1"), _render(tmp_path, answers, "two", "2")
    assert len(one) >= 5 and one.keys() == two.keys()
    assert [n for n in one if one[n] != two[n]] == []


def _pid_page(page):
    return f"{page[0]} {os.getpid()}".encode()


def test_the_pages_are_printed_by_child_processes_and_come_back_in_order(monkeypatch):
    monkeypatch.setattr(printing, "_print_alone", _pid_page)  # a fork sees the same module
    pages = [(f"page{i}", None) for i in range(6)]
    out = [b.decode().split() for b in printing.print_pages(pages, 2)]
    assert [name for name, _ in out] == [p[0] for p in pages]
    assert str(os.getpid()) not in {pid for _, pid in out}
    assert {pid for _, pid in (b.decode().split() for b in printing.print_pages(pages, 1))} == {str(os.getpid())}


def _fails_on_second(html, identity=None, alone=False):
    if html == "second":
        raise InputError("the second page cannot be printed")
    return html.encode()


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_child_is_the_error_printing_here_would_raise(monkeypatch, jobs):
    monkeypatch.setattr(printing, "html_to_pdf", _fails_on_second)
    with pytest.raises(InputError, match="^the second page cannot be printed$"):
        printing.print_pages([("first", None), ("second", None), ("third", None)], jobs)


PARENT = os.getpid()


def _dies_in_a_child(page):
    if os.getpid() != PARENT:
        os._exit(9)  # killed, out of memory
    return page[0].encode()


def test_a_child_that_dies_leaves_the_pages_to_this_process(monkeypatch):
    monkeypatch.setattr(printing, "_print_alone", _dies_in_a_child)
    assert printing.print_pages([("a", None), ("b", None)], 2) == [b"a", b"b"]


def test_jobs_come_from_the_variable_else_from_the_idle_cores(monkeypatch):
    from mobility_advisor.formats import convert

    monkeypatch.setenv("MOBILITY_ADVISOR_JOBS", "3")
    assert convert.print_jobs() == 3
    monkeypatch.delenv("MOBILITY_ADVISOR_JOBS")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(convert, "_running_now", lambda: None)  # no /proc: the load average alone
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert convert.print_jobs() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (4.3, 0.0, 0.0))  # both cores already busy
    assert convert.print_jobs() == 1
    monkeypatch.setattr(convert, "_running_now", lambda: 5)  # and four others running now
    assert convert.print_jobs() == 1
    # the last minute's load, its own previous runs, on cores idle now: this process alone runs
    monkeypatch.setattr(convert, "_running_now", lambda: 1)
    assert convert.print_jobs() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (0.1, 0.0, 0.0))  # a moment's crowd on an idle minute
    monkeypatch.setattr(convert, "_running_now", lambda: 4)
    assert convert.print_jobs() == 2


def test_the_processes_running_now_are_read_from_the_system():
    from mobility_advisor.formats import convert

    running = convert._running_now()
    if os.path.exists("/proc/loadavg"):
        assert isinstance(running, int) and running >= 1  # this test's process at least
    else:
        assert running is None
