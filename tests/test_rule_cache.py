"""Issue 29: the loaded rule tree is kept between runs beside the compiled templates, keyed by
the rule files' fingerprint, and never unpickled unless it is this user's and unchanged (HMAC
with a private per-user key). No timing here: benchmarks/run.py measures speed."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mobility_advisor import __version__
from mobility_advisor.rules import treecache
from test_template_cache import ANSWERS

ROOT = Path(__file__).resolve().parent.parent


class _Planted:
    """Unpickling this runs code: it leaves a marker file (what a planted cache entry would do)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "unpickled"))


def _run(tmp_path: Path, *args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MOBILITY_ADVISOR_NO_CACHE"}
    env.update(MOBILITY_ADVISOR_TODAY="2026-11-24", XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", *args], capture_output=True, text=True,
                       env=env, cwd=str(tmp_path), timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def _pack(tmp_path: Path, out: str, cache: Path) -> dict[str, bytes]:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    r = _run(tmp_path, "render", "--answers", str(answers), "-o", out, cache=cache)
    assert r.returncode == 0, r.stderr
    return {p.name: p.read_bytes() for p in sorted((tmp_path / out).iterdir())}


def _entry(cache: Path) -> Path:
    found = list((cache / "mobility-advisor" / __version__).glob("rules-*.tree"))
    assert len(found) == 1, found
    return found[0]


def test_the_rule_tree_is_kept_privately_and_gives_the_same_pack(tmp_path):
    cache = tmp_path / "cache"
    first = _pack(tmp_path, "a", cache)
    entry = _entry(cache)
    key = entry.parent / treecache.KEY_NAME
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert _pack(tmp_path, "b", cache) == first  # from the kept tree
    assert _run(tmp_path, "validate", cache=cache).returncode == 0
    entry.write_bytes(entry.read_bytes()[:-7])  # truncated: parsed again, same pack
    assert _pack(tmp_path, "c", cache) == first


@pytest.mark.parametrize("how", ["another key", "a key others can read"])
def test_a_planted_entry_is_never_unpickled(tmp_path, how):
    cache = tmp_path / "cache"
    first = _pack(tmp_path, "a", cache)
    entry = _entry(cache)
    key_file = entry.parent / treecache.KEY_NAME
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Planted(str(marker)))
    if how == "another key":
        key = os.urandom(32)
    else:  # signed with the real key, which someone else could read
        key_file.chmod(0o644)
        key = key_file.read_bytes()
    entry.write_bytes(hmac.new(key, payload, hashlib.sha256).digest() + payload)
    assert _pack(tmp_path, "b", cache) == first
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_an_entry_of_another_user_is_not_used(tmp_path):
    cache = tmp_path / "cache"
    first = _pack(tmp_path, "a", cache)
    entry = _entry(cache)
    key = (entry.parent / treecache.KEY_NAME).read_bytes()
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Planted(str(marker)))
    entry.write_bytes(hmac.new(key, payload, hashlib.sha256).digest() + payload)
    os.chown(entry, 65534, 65534)  # nobody's
    assert _pack(tmp_path, "b", cache) == first
    assert not marker.exists()


def test_a_changed_rule_file_changes_the_fingerprint(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    before = treecache.fingerprint(rules)
    assert treecache.fingerprint(rules) == before
    some = sorted(rules.rglob("*.yaml"))[0]
    some.write_text(some.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert treecache.fingerprint(rules) != before


def test_no_cache_means_no_entry(tmp_path):
    cache = tmp_path / "cache"
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    env = {**os.environ, "MOBILITY_ADVISOR_NO_CACHE": "1", "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT),
           "MOBILITY_ADVISOR_TODAY": "2026-11-24"}
    subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers), "-o", "a"],
                   check=True, capture_output=True, env=env, cwd=str(tmp_path))
    assert not list(cache.rglob("rules-*.tree"))
