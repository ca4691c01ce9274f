"""Issue 29, PDF time: `render --format pdf` imports WeasyPrint while pandoc makes the pages, finds
WeasyPrint's libraries from one reading of ldconfig's cache (formats/libraries.py) and prints the
longest pages first; the PDFs are those the plain way prints, and a WeasyPrint that cannot load
is still said in one sentence before anything is written."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT, profile
from mobility_advisor.formats import libraries
from mobility_advisor.inputs import answers as answers_mod

LINUX_LDCONFIG = sys.platform.startswith("linux") and os.path.exists("/sbin/ldconfig")

# Names WeasyPrint tries (text/ffi.py): Windows and macOS ones, the Linux ones, one not installed.
NAMES = ["libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", "pango-1.0", "pangoft2-1.0",
         "harfbuzz", "harfbuzz-subset", "harfbuzz-vector", "fontconfig", "libfontconfig-1", "c", "m"]


@pytest.mark.skipif(not LINUX_LDCONFIG, reason="ldconfig's cache: Linux")
@pytest.mark.parametrize("name", NAMES)
def test_the_library_found_is_the_one_ctypes_finds(name, monkeypatch):
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    monkeypatch.delenv("LIBRARY_PATH", raising=False)
    with libraries._quick_find_library():
        quick = ctypes.util.find_library(name)
    assert ctypes.util.find_library(name) == quick  # the slow way, restored after the import
    assert quick is None or quick.startswith("lib" + name + ".")


COUNT_PROCESSES = """
import subprocess, sys
started = []
real = subprocess.Popen.__init__
def counted(self, args, *a, **k):
    started.append(args)
    real(self, args, *a, **k)
subprocess.Popen.__init__ = counted
{how}
maps = sorted({{line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}})
print(len(started))
print("\\n".join(maps))
"""


@pytest.mark.skipif(not LINUX_LDCONFIG, reason="ldconfig's cache: Linux")
def test_weasyprint_loads_the_same_libraries_starting_one_process_instead_of_dozens():
    pytest.importorskip("weasyprint")
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "LIBRARY_PATH")}
    env["PYTHONPATH"] = str(ROOT)

    def run(how: str) -> tuple[int, list[str]]:
        done = subprocess.run([sys.executable, "-c", COUNT_PROCESSES.format(how=how)], capture_output=True, text=True,
                              env=env, check=True)
        count, *maps = done.stdout.split("\n")
        return int(count), [m for m in maps if m]

    plain_count, plain_maps = run("import weasyprint")
    quick_count, quick_maps = run("from mobility_advisor.formats.libraries import import_weasyprint\n"
                                  "import_weasyprint()")
    assert quick_maps == plain_maps
    assert quick_count == 1 and plain_count > 10, (quick_count, plain_count)


def _answers(tmp_path, lang: str):
    path = tmp_path / f"answers-{lang}.yaml"
    answers_mod.save(path, {"goals": ["participation"], **profile(), "participation.attestation": True,
                            "participation.other_evidence": False}, lang)
    return path


# The plain way: WeasyPrint imported first, as `import weasyprint` does it, one page after the other.
PLAIN = """
import sys
import weasyprint
from mobility_advisor.cli.app import main
sys.argv = ["mobility-advisor"] + sys.argv[1:]
main()
"""


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_pages_printed_are_those_the_plain_way_prints(tmp_path, lang):
    pytest.importorskip("weasyprint")
    answers = _answers(tmp_path, lang)
    base = {**os.environ, "MOBILITY_ADVISOR_TODAY": "2026-11-24", "PYTHONPATH": str(ROOT)}
    args = ["render", "--answers", str(answers), "--format", "pdf", "-o"]
    fast = subprocess.run([sys.executable, "-m", "mobility_advisor", *args, "fast"], cwd=tmp_path, capture_output=True,
                          text=True, env={**base, "MOBILITY_ADVISOR_JOBS": "2"}, stdin=subprocess.DEVNULL)
    plain = subprocess.run([sys.executable, "-c", PLAIN, *args, "plain"], cwd=tmp_path, capture_output=True,
                           text=True, env={**base, "MOBILITY_ADVISOR_JOBS": "1"}, stdin=subprocess.DEVNULL)
    assert fast.returncode == 0 and plain.returncode == 0, fast.stderr + plain.stderr
    made = sorted(p.name for p in (tmp_path / "fast").glob("*.pdf"))
    assert len(made) >= 5 and made == sorted(p.name for p in (tmp_path / "plain").glob("*.pdf"))
    assert [n for n in made if (tmp_path / "fast" / n).read_bytes() != (tmp_path / "plain" / n).read_bytes()] == []


FAKE = 'raise OSError("cannot load library \'pango-1.0-0\'")\n'


def test_a_weasyprint_that_cannot_load_is_said_before_anything_is_written(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(FAKE, encoding="utf-8")
    answers = _answers(tmp_path, "fr")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)]), "MOBILITY_ADVISOR_TODAY": "2026-11-24"}
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers), "--format",
                           "md,pdf", "-o", "out"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "mobility-advisor[pdf]" in done.stderr and "OSError" in done.stderr
    assert "WeasyPrint" in done.stderr and "PDF" in done.stderr
    assert not (tmp_path / "out").exists()


def test_merging_a_bilingual_cells_fields_is_the_patterns_own_substitution():
    """pack/forms.merge_pairs tries the pattern only where a pair can open (it tried it at every
    character: 0.2 s of a pack): on real cells and on random ones, the text is the one
    `_PAIRED.sub` writes."""
    import random

    from mobility_advisor.formats import pdf_forms
    from mobility_advisor.pack import forms

    def mark(rng):
        return pdf_forms.mark(rng.choice(["text", "radio", "sig"]), rng.choice(["signature.host", "result.1"]),
                              rng.choice(["", "Tuteur", "Tutor", "Nom / Name"]), rng.choice(["", "achieved"]))

    real = ("| Rôle | Signature |\n|---|---|\n| Tuteur / Tutor | " + pdf_forms.mark("sig", "signature.host", "Tuteur")
            + " x / " + pdf_forms.mark("sig", "signature.host", "Tutor") + " x |\n")
    assert forms.merge_pairs(real) == forms._PAIRED.sub(forms._merged, real) != real
    rng = random.Random(29)
    pieces = ["| ", " / ", "a", "Tuteur ", "x", " ", "\n", "<p>", "</p>", "|"]
    for _ in range(3000):
        shared = rng.choice(["", "x", "Nom "])
        parts = []
        for _ in range(rng.randint(1, 12)):
            roll = rng.random()
            if roll < 0.25:
                parts.append(shared + mark(rng) + " / " + shared + mark(rng))
            elif roll < 0.4:
                parts.append(mark(rng))
            else:
                parts.append(rng.choice(pieces))
        text = "".join(parts)
        assert forms.merge_pairs(text) == forms._PAIRED.sub(forms._merged, text), text
