"""The compiled-template cache (issue 8): where it lives, when it is not used, and that a
broken cache never changes a pack. No timing here: benchmarks/run.py measures speed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mobility_advisor.core import cache
from mobility_advisor import __version__
from mobility_advisor.core.data import shipped
from mobility_advisor.pack import environment

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = """\
version: 1
lang: en
answers:
  goals: [participation]
  learner.name: Léa Dupont
  learner.qualification: Bac pro Cuisine
  org.sending: Lycée professionnel Jean Moulin
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
"""


def test_cache_folder_is_per_version_under_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache.cache_dir()
    assert folder == tmp_path / "mobility-advisor" / __version__
    assert folder.is_dir() and folder.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("value", ["1", "yes"])
def test_cache_can_be_switched_off(tmp_path, monkeypatch, value):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(cache.NO_CACHE_ENV, value)
    assert cache.cache_dir() is None
    assert not (tmp_path / "mobility-advisor").exists()


def test_a_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "mobility-advisor" / __version__
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert cache.cache_dir() is None


def test_an_unusable_cache_home_is_skipped(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    assert cache.cache_dir() is None


def _render(tmp_path: Path, out: str, **env: str) -> dict[str, bytes]:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    full_env = {k: v for k, v in os.environ.items() if k != cache.NO_CACHE_ENV}
    full_env.update(MOBILITY_ADVISOR_TODAY="2026-11-24", **env)
    subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers),
                    "-o", str(tmp_path / out)], check=True, capture_output=True, env=full_env, cwd=str(tmp_path))
    return {p.name: p.read_bytes() for p in sorted((tmp_path / out).iterdir())}


def test_cached_uncached_and_corrupt_cache_give_the_same_pack(tmp_path):
    cache = tmp_path / "cache"
    first = _render(tmp_path, "a", XDG_CACHE_HOME=str(cache))  # compiles and stores
    stored = sorted((cache / "mobility-advisor" / __version__).glob("*.cache"))
    assert len(stored) >= 4  # index, checklist, the documents, the partials they include
    assert _render(tmp_path, "b", XDG_CACHE_HOME=str(cache)) == first  # loaded from the cache
    for f in stored:  # truncated, or garbage where compiled code should be
        f.write_bytes(f.read_bytes()[:20] if f.stat().st_size % 2 else b"\x00garbage")
    assert _render(tmp_path, "c", XDG_CACHE_HOME=str(cache)) == first
    assert _render(tmp_path, "d", XDG_CACHE_HOME=str(cache), MOBILITY_ADVISOR_NO_CACHE="1") == first


def test_other_template_folders_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    assert environment.environment(tmp_path).bytecode_cache is None


def test_code_compiled_for_other_filters_is_never_loaded(tmp_path):
    """Jinja compiles a filter call differently when the filter takes the context: a cache
    written before a filter changed (same version) must not be loaded by the new code."""
    import jinja2

    folder = tmp_path / "mobility-advisor" / __version__
    folder.mkdir(parents=True, mode=0o700)
    # what the previous filters compiled: 'lowerfirst' called without the context
    old = jinja2.Environment(loader=jinja2.FileSystemLoader(str(shipped("templates"))),
                             bytecode_cache=jinja2.FileSystemBytecodeCache(
                                 str(folder), f"jinja-{jinja2.__version__}-%s.cache"),
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    old.filters.update({"lowerfirst": str, "lower": str, "date": str, "raw": str, "md": str})
    for name in ("index.md.j2", "checklist.md.j2"):
        old.get_template(name)
    assert list(folder.glob("*.cache"))
    run = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate"], capture_output=True, text=True,
                         env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert run.returncode == 0, run.stdout + run.stderr
