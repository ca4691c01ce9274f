"""The cohort command: one pack per CSV row, a summary that matches, bad rows reported by line."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.season import cohort, cohort_summary, learners as learners_mod
from mobility_advisor.engine.engine import outcomes
from mobility_advisor.rules.problems import InputError

from conftest import ROOT, TODAY

DATA = Path(__file__).parent / "data"
COMMON = DATA / "cohort-common.yaml"
EXCEL = DATA / "cohort-learners.csv"
HEADER = "learner.name;mobility.start;mobility.end;org.host_company;tutor.name;tutor.function"


def write_csv(path: Path, lines: list[str], bom: bool = True, sep: str = ";", eol: str = "\r\n") -> Path:
    text = eol.join(line.replace(";", sep) for line in lines) + eol
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run(tree, tmp_path, learners: Path, out: Path | None = None, lang: str = "fr", **kw) -> int:
    common = answers_mod.load(COMMON)
    return cohort.run(tree, common.answers, COMMON, learners, out or tmp_path / "out", lang, TODAY,
                      progress=False, **kw)


def read_summary(out: Path) -> list[dict[str, str]]:
    raw = (out / cohort_summary.SUMMARY_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # French spreadsheet software needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_200_rows_200_packs_and_a_matching_summary(tree, tmp_path):
    first = date(2027, 3, 1)
    lines = [HEADER]
    for i in range(200):
        start = first + timedelta(days=i % 60)
        lines.append(f"Apprenant {i:03d} Lefèvre;{start.strftime('%d/%m/%Y')};{(start + timedelta(days=27)).isoformat()};"
                     f"Entreprise {i};Tuteur {i};Chef de partie")
    out = tmp_path / "out"
    assert run(tree, tmp_path, write_csv(tmp_path / "l.csv", lines), out) == 0

    packs = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(packs) == 200
    summary = (out / "cohort-summary.md").read_text(encoding="utf-8")
    # one table style, as in the packs (markdownlint MD060: "| --- |", not "|---|")
    assert "\n| --- | --- |" in summary and "|---|" not in summary
    assert all((p / "index.md").is_file() and (p / "checklist.md").is_file() for p in packs)
    rows = read_summary(out)
    assert len(rows) == 200
    common = answers_mod.load(COMMON).answers
    for i, row in enumerate(rows):
        start = first + timedelta(days=i % 60)
        assert row["Ligne"] == str(i + 2)
        assert row["Apprenant"] == f"Apprenant {i:03d} Lefèvre"
        assert (row["Début"], row["Fin"]) == (start.isoformat(), (start + timedelta(days=27)).isoformat())
        assert row["Statut"] == "dossier écrit"
        pack = out / row["Dossier"]
        assert f"Apprenant {i:03d} Lefèvre" in (pack / "index.md").read_text(encoding="utf-8")
        if i % 50 == 0:  # documents: what the engine gives this learner, and the files in the pack
            answers = answers_mod.resolve(tree, {**common, "learner.name": row["Apprenant"], "mobility.start": start,
                                                 "mobility.end": start + timedelta(days=27),
                                                 "org.host_company": f"Entreprise {i}", "tutor.name": f"Tuteur {i}",
                                                 "tutor.function": "Chef de partie"})
            docs = outcomes(tree, answers, TODAY).documents
            assert row["Documents"].split(" | ") == [d.outcome.title("fr") for d in docs]
            for d in docs:
                assert (pack / f"{d.outcome.template}.md").is_file()
    md = (out / cohort_summary.SUMMARY_MD).read_text(encoding="utf-8")
    assert md.count("\n| ") == 202  # header, separator, one line per learner
    assert "Apprenant 199 Lefèvre" in md and "200 dossiers écrits, 0 ligne refusée" in md
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_excel_export_bom_semicolon_crlf_and_french_dates(tree, tmp_path):
    out = tmp_path / "out"
    assert run(tree, tmp_path, EXCEL, out) == 0
    rows = read_summary(out)
    assert [r["Apprenant"] for r in rows] == ["Léa Dupont", "Karim Benali", "Inès Moreau"]
    assert rows[2]["Début"] == "2027-03-08" and rows[2]["Fin"] == "2027-04-02"
    index = (out / rows[0]["Dossier"] / "index.md").read_text(encoding="utf-8")
    assert "Bäckerei Schulz" in index and "Anna Schulz" in index
    assert "\ufeff" not in index  # the BOM was not taken for part of the first column's name


def test_windows_1252_comma_and_blank_rows(tree, tmp_path):
    text = ("learner.name,mobility.start,mobility.end,org.host_company,tutor.name,tutor.function\r\n"
            "Zoé Lefèvre,2027-03-01,2027-03-26,Bäckerei Schulz,Anna Schulz,Meisterin\r\n"
            ",,,,,\r\n\r\n")
    p = tmp_path / "l.csv"
    p.write_bytes(text.encode("cp1252"))
    assert run(tree, tmp_path, p) == 0
    assert [r["Apprenant"] for r in read_summary(tmp_path / "out")] == ["Zoé Lefèvre"]


def test_csv_value_overrides_common_answer_and_lists_in_one_cell(tree, tmp_path):
    p = write_csv(tmp_path / "l.csv", [
        HEADER + ";goals;destination.country",
        "A B;2027-03-01;2027-03-26;H;T;F;participation;at",
        "C D;2027-03-01;2027-03-26;H;T;F;participation, learning_outcomes;",
    ])
    assert run(tree, tmp_path, p) == 0
    rows = read_summary(tmp_path / "out")
    assert "Préparation de l'Europass Mobilité" not in rows[0]["Documents"]
    assert "Préparation de l'Europass Mobilité" in rows[1]["Documents"]
    assert "Autriche" in (tmp_path / "out" / rows[0]["Dossier"] / "index.md").read_text(encoding="utf-8")
    assert "Allemagne" in (tmp_path / "out" / rows[1]["Dossier"] / "index.md").read_text(encoding="utf-8")


BAD = [
    HEADER,
    "Léa Dupont;2027-03-01;2027-03-26;H;T;F",       # 2: duplicate of line 6
    ";2027-03-01;2027-03-26;H;T;F",                 # 3: no name
    "Tom Petit;2026-02-30;2027-03-26;H;T;F",        # 4: no such day
    "Max Roux;2027-03-10;2027-03-01;H;T;F",         # 5: end before start
    "  LÉA   dupont ;2027-04-01;2027-04-26;H;T;F",   # 6: same learner as line 2
    "Ana Ruiz;2027-03-01;2027-03-26;H;T;F",         # 7: good
]


def test_bad_rows_reported_by_line_and_nothing_written(tree, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(tree, tmp_path, write_csv(tmp_path / "l.csv", BAD), out) == 2
    err = capsys.readouterr().err
    assert "l.csv:3: question 'learner.name' sans réponse ; attendu : un texte" in err
    assert "l.csv:4: question 'mobility.start' : 2026-02-30 n'existe pas dans le calendrier" in err
    assert "l.csv:5: question 'mobility.end' : le 2027-03-01 précède la date de début (2027-03-10)" in err
    assert "l.csv:2: apprenant « Léa Dupont » en double (lignes 2, 6)" in err
    assert "l.csv:6: apprenant « LÉA dupont » en double (lignes 2, 6)" in err
    assert "l.csv:7" not in err
    assert "Rien n'a été écrit" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "l.csv"]  # no output, no temporary folder


def test_keep_going_writes_good_rows_and_lists_bad_ones(tree, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(tree, tmp_path, write_csv(tmp_path / "l.csv", BAD), out, keep_going=True) == 1
    captured = capsys.readouterr()
    assert "l.csv:4: question 'mobility.start'" in captured.err
    assert "1 dossier écrit" in captured.out
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["pack-ana-ruiz-2027-03-01"]
    rows = read_summary(out)
    assert [(r["Ligne"], r["Statut"]) for r in rows] == [
        ("2", "ligne refusée"), ("3", "ligne refusée"), ("4", "ligne refusée"), ("5", "ligne refusée"),
        ("6", "ligne refusée"), ("7", "dossier écrit")]
    assert "2026-02-30" in rows[2]["Détail"]
    md = (out / cohort_summary.SUMMARY_MD).read_text(encoding="utf-8")
    assert "## Lignes refusées" in md and "ligne 5 (Max Roux)" in md


def test_keep_going_with_no_good_row_writes_nothing(tree, tmp_path):
    p = write_csv(tmp_path / "l.csv", [HEADER, "Tom;2026-02-30;2027-03-26;H;T;F"])
    assert run(tree, tmp_path, p, keep_going=True) == 2
    assert not (tmp_path / "out").exists()


def test_colliding_folder_names_get_a_suffix(tree, tmp_path):
    p = write_csv(tmp_path / "l.csv", [
        HEADER,
        "Léa Dupont;2027-03-01;2027-03-26;H;T;F",
        "Lea Dupont;2027-03-01;2027-03-26;Other;T2;F",   # another learner, same folder name
        "Léa-Dupont!;2027-03-01;2027-03-26;Third;T3;F",
    ])
    out = tmp_path / "out"
    assert run(tree, tmp_path, p, out) == 0
    rows = read_summary(out)
    assert [r["Dossier"] for r in rows] == [
        "pack-lea-dupont-2027-03-01", "pack-lea-dupont-2027-03-01-2", "pack-lea-dupont-2027-03-01-3"]
    assert "Other" in (out / rows[1]["Dossier"] / "index.md").read_text(encoding="utf-8")
    assert "Third" in (out / rows[2]["Dossier"] / "index.md").read_text(encoding="utf-8")
    assert "renommé" in rows[1]["Détail"] and "renommé" not in rows[0]["Détail"]


def test_quoted_multiline_cell_keeps_line_numbers(tree, tmp_path, capsys):
    p = write_csv(tmp_path / "l.csv", [
        HEADER,
        'A B;2027-03-01;2027-03-26;"Hotel\nAdler";T;F',   # lines 2-3
        "C D;2027-03-32;2027-03-26;H;T;F",              # line 4
    ], eol="\n")
    assert run(tree, tmp_path, p) == 2
    assert "l.csv:4: question 'mobility.start'" in capsys.readouterr().err


@pytest.mark.parametrize("header,expect", [
    (HEADER + ";tutor.nmae", "l.csv:1: colonne inconnue : tutor.nmae"),
    (HEADER + ";tutor.name", "l.csv:1: colonne en double : tutor.name"),
    ("mobility.start;mobility.end", "l.csv:1: il manque la colonne learner.name"),
])
def test_bad_header_is_line_1(tree, tmp_path, capsys, header, expect):
    p = write_csv(tmp_path / "l.csv", [header, "x;y;z;h;t;f;g"])
    assert run(tree, tmp_path, p) == 2
    assert expect in capsys.readouterr().err


def test_row_with_wrong_number_of_cells(tree, tmp_path, capsys):
    p = write_csv(tmp_path / "l.csv", [HEADER, "A B;2027-03-01;2027-03-26;H;T"])
    assert run(tree, tmp_path, p) == 2
    assert "l.csv:2: 5 valeurs pour 6 colonnes" in capsys.readouterr().err


def test_english_messages(tree, tmp_path, capsys):
    p = write_csv(tmp_path / "l.csv", [HEADER, "Tom;2026-02-30;2027-03-26;H;T;F"])
    assert run(tree, tmp_path, p, lang="en") == 2
    err = capsys.readouterr().err
    assert "l.csv:2: question 'mobility.start': 2026-02-30 is not a day of the calendar" in err
    assert "Nothing was written" in err


def test_summary_cells_cannot_run_as_formulas(tree, tmp_path):
    p = write_csv(tmp_path / "l.csv", [HEADER, "=HYPERLINK(\"http://x\");2027-03-01;2027-03-26;H;T;F"])
    assert run(tree, tmp_path, p) == 0
    assert read_summary(tmp_path / "out")[0]["Apprenant"] == "'=HYPERLINK(\"http://x\")"


def test_folder_names_unit():
    learners = [learners_mod.Learner(2, {"learner.name": "A", "mobility.start": date(2027, 3, 1)}),
                learners_mod.Learner(3, {"learner.name": "a", "mobility.start": date(2027, 3, 1)}),
                learners_mod.Learner(4, {"learner.name": "A 2", "mobility.start": date(2027, 3, 1)})]
    # "A 2" would be pack-a-2-2027-03-01: no clash; the second "a" gets -2
    assert cohort.folder_names(learners, TODAY) == [
        "pack-a-2027-03-01", "pack-a-2027-03-01-2", "pack-a-2-2027-03-01"]


def test_sniff_and_decode():
    assert learners_mod.sniff_delimiter("learner.name;mobility.start") == ";"
    assert learners_mod.sniff_delimiter("learner.name,mobility.start") == ","
    assert learners_mod.sniff_delimiter("learner.name\tmobility.start") == "\t"
    assert learners_mod.decode("\ufeffÉ".encode("utf-8")) == "É"
    assert learners_mod.decode("É".encode("cp1252")) == "É"


def test_unknown_common_answer(tree, tmp_path):
    rows = [learners_mod.Row(2, {"learner.name": "A"})]
    with pytest.raises(InputError, match="c.yaml : identifiant.*learner.nmae"):
        learners_mod.check(tree, {"learner.nmae": "x"}, rows, "fr", "c.yaml")


# --- through the command line --------------------------------------------------------


RUNS: list[subprocess.CompletedProcess] = []


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "cohort", *args], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=120)
    RUNS.append(r)
    return r


def test_cli_exit_codes_and_no_traceback(tmp_path):
    good = ["--answers", str(COMMON), "--learners", str(EXCEL)]
    r = cli(*good, "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "3 dossiers écrits" in r.stdout and "\x1b[" not in r.stdout  # no progress bar off a terminal
    assert len(read_summary(tmp_path / "out")) == 3

    r = cli(*good, "-o", "out", cwd=tmp_path)  # the folder is taken
    assert r.returncode == 1 and "--force" in r.stderr

    (tmp_path / "out" / "stale.txt").write_text("mine", encoding="utf-8")
    r = cli(*good, "-o", "out", "--force", "--lang", "en", cwd=tmp_path)  # updates a previous cohort
    assert r.returncode == 0, r.stderr
    assert "3 packs written" in r.stdout
    assert (tmp_path / "out" / "stale.txt").read_text(encoding="utf-8") == "mine"  # a file the user added stays

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    r = cli(*good, "-o", "mine", "--force", cwd=tmp_path)  # not a cohort folder: never replaced
    assert r.returncode == 1 and (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"

    bad = write_csv(tmp_path / "bad.csv", BAD)
    r = cli("--answers", str(COMMON), "--learners", str(bad), "-o", "o2", cwd=tmp_path)
    assert r.returncode == 2 and "bad.csv:4:" in r.stderr and not (tmp_path / "o2").exists()
    r = cli("--answers", str(COMMON), "--learners", str(bad), "-o", "o2", "--keep-going", cwd=tmp_path)
    assert r.returncode == 1 and (tmp_path / "o2" / "pack-ana-ruiz-2027-03-01" / "index.md").is_file()

    r = cli("--answers", str(tmp_path / "nope.yaml"), "--learners", str(EXCEL), "-o", "o3", cwd=tmp_path)
    assert r.returncode == 2
    r = cli("--answers", str(COMMON), "--learners", str(tmp_path / "nope.csv"), "-o", "o3", cwd=tmp_path)
    assert r.returncode == 2 and "nope.csv" in r.stderr
    assert len(RUNS) == 8 and not [p.stderr for p in RUNS if "Traceback" in p.stderr]


def test_failure_midway_leaves_nothing(tree, tmp_path, monkeypatch, capsys):
    from mobility_advisor.pack import render

    from mobility_advisor.pack import staging

    real, calls = staging.Stage.write_pack, []

    def flaky(self, files, prefix=""):
        calls.append(prefix)
        if len(calls) == 3:
            raise InputError("refusing to write 'x'")
        return real(self, files, prefix)

    monkeypatch.setattr(staging.Stage, "write_pack", flaky)
    assert run(tree, tmp_path, EXCEL) == 2
    assert "cohort-learners.csv:4: le dossier n'a pas pu être écrit" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # the two packs already written went with the temporary folder


def test_output_below_a_file_is_a_clean_error(tree, tmp_path, capsys):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert run(tree, tmp_path, EXCEL, tmp_path / "f" / "out") == 2
    err = capsys.readouterr().err
    assert "f existe et n'est pas un dossier" in err and "Traceback" not in err
