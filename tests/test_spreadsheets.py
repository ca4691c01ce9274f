"""Spreadsheets as referents keep them (issue 26, item 6): `cohort --learners` reads .xlsx and .ods,
`status --xlsx` and `cohort --xlsx` write workbooks; run as a referent would, through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
import clirun

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

COMMON = ROOT / "tests/data/cohort-common.yaml"
LEARNERS_CSV = ROOT / "tests/data/cohort-learners.csv"


def run(tmp: Path, *args: str, today: str = "2026-11-24", lang: str = "fr") -> subprocess.CompletedProcess:
    return clirun.run(tmp, *args, today=today, lang=lang)


def csv_rows() -> list[list[str]]:
    with open(LEARNERS_CSV, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def as_cells(row: list[str], header: list[str]) -> list:
    """A learner's cells as a referent's spreadsheet holds them: the dates as real date cells."""
    return [dt.datetime.strptime(v, "%d/%m/%Y").date() if h.startswith("mobility.") else v
            for h, v in zip(header, row)]


def write_xlsx(path: Path, rows: list[list], title: str = "Feuil1", before: list[str] | None = None) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    if before:
        other = book.create_sheet(before[0], 0)  # another sheet first: --sheet picks ours
        other.append(["pas des apprenants"])
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=…" typed as text (openpyxl would store a formula)
    book.save(path)


def write_ods(path: Path, rows: list[list], title: str = "Feuille1") -> None:
    """An OpenDocument spreadsheet as LibreOffice saves it: date cells carry office:date-value."""
    odf = pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    assert odf
    doc = OpenDocumentSpreadsheet()
    table = Table(name=title)
    for r in rows:
        tr = TableRow()
        for v in r:
            if isinstance(v, dt.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
                cell.addElement(P(text=v.strftime("%d/%m/%Y")))
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a cohort folder but its summary and record (they name the learner list)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith((".mobility-advisor", "cohort-summary"))}


def test_xlsx_and_ods_cohorts_give_the_same_packs_as_the_csv(tmp_path):
    header, *learners = csv_rows()
    (tmp_path / "learners.csv").write_bytes(LEARNERS_CSV.read_bytes())
    cells = [header] + [as_cells(r, header) for r in learners]
    cells[2][1] = learners[1][1]  # one date typed as text (01/03/2027) in a text cell: read the same
    write_xlsx(tmp_path / "learners.xlsx", cells)
    write_ods(tmp_path / "learners.ods", cells)
    for name in ("csv", "xlsx", "ods"):
        r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", f"learners.{name}", "-o", f"from-{name}")
        assert r.returncode == 0, r.stderr
    csv_files = folder_bytes(tmp_path / "from-csv")
    assert len([f for f in csv_files if f.endswith("/learning_agreement.md")]) == 3
    assert folder_bytes(tmp_path / "from-xlsx") == csv_files
    assert folder_bytes(tmp_path / "from-ods") == csv_files
    records = {n: json.loads((tmp_path / f"from-{n}/.mobility-advisor.json").read_text(encoding="utf-8"))
               for n in ("csv", "xlsx", "ods")}
    assert records["xlsx"]["packs"] == records["csv"]["packs"] == records["ods"]["packs"]
    assert records["ods"]["cohort"]["learners"] == "learners.ods"


def test_errors_name_the_cell(tmp_path):
    header, *learners = csv_rows()
    cells = [header] + [as_cells(r, header) for r in learners]
    cells[3][2] = "fin mars"  # Inès Moreau's end date, cell C4
    write_xlsx(tmp_path / "learners.xlsx", cells)
    r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", "learners.xlsx", "-o", "out")
    assert r.returncode == 2
    assert "learners.xlsx:Feuil1!C4: question 'mobility.end' : « fin mars » n'est pas une date" in r.stderr
    assert not (tmp_path / "out").exists()

    # a sheet whose name has a space, chosen with --sheet, with an unknown column in D1
    cells[0][3] = "org.entreprise"
    write_ods(tmp_path / "learners.ods", cells, title="Groupe mars")
    r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", "learners.ods", "--sheet", "Groupe mars",
            "-o", "out", lang="en")
    assert r.returncode == 2
    assert "learners.ods:'Groupe mars'!D1: colonne inconnue : org.entreprise" in r.stderr

    # the learners on the second sheet of a workbook
    cells[0][3], cells[3][2] = "org.host_company", dt.date(2027, 4, 2)
    write_xlsx(tmp_path / "two.xlsx", cells, title="Apprenants", before=["Notes"])
    r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", "two.xlsx", "-o", "out")
    assert r.returncode == 2 and "two.xlsx:Notes!A1: colonne inconnue : pas des apprenants" in r.stderr
    r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", "two.xlsx", "--sheet", "Apprenants", "-o", "out")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("learners, sheet, words", [
    ("two.xlsx", "Mars", "two.xlsx : aucune feuille nommée « Mars ». Feuilles du classeur : Notes, Apprenants"),
    ("learners.csv", "Feuil1", "--sheet ne s'applique qu'à un classeur (.xlsx ou .ods), et non à learners.csv"),
    ("damaged.xlsx", None, "damaged.xlsx : classeur illisible"),
    ("empty.xlsx", None, "empty.xlsx:Feuil1 : le fichier est vide"),
])
def test_workbooks_refused_in_one_sentence(tmp_path, learners, sheet, words):
    header, *rows = csv_rows()
    write_xlsx(tmp_path / "two.xlsx", [header] + rows, title="Apprenants", before=["Notes"])
    write_xlsx(tmp_path / "empty.xlsx", [])
    (tmp_path / "learners.csv").write_bytes(LEARNERS_CSV.read_bytes())
    (tmp_path / "damaged.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", learners, *(["--sheet", sheet] if sheet else []),
            "-o", "out")
    assert r.returncode == 2
    assert words in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_summary_and_status_as_workbooks_hold_texts_not_formulas(tmp_path):
    header, *rows = csv_rows()
    rows[0][0] = '=HYPERLINK("http://example.invalid","Léa")'  # a name that a spreadsheet would run
    write_xlsx(tmp_path / "learners.xlsx", [header] + [as_cells(r, header) for r in rows])
    r = run(tmp_path, "cohort", "--answers", str(COMMON), "--learners", "learners.xlsx", "-o", "group", "--xlsx")
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(tmp_path / "group/cohort-summary.xlsx").active
    table = [[c for c in row] for row in ws.iter_rows(min_row=1)]
    assert [c.value for c in table[0]][:3] == ["Ligne", "Apprenant", "Dossier"]
    first = table[1]
    assert first[1].value == rows[0][0] and first[1].data_type == "s"  # the text as typed, never a formula
    assert first[4].value == dt.datetime(2027, 3, 1) and first[4].is_date  # a real date cell
    assert first[0].value == 2  # the learner's line, a number
    csv_text = (tmp_path / "group/cohort-summary.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text  # the CSV neutralises it its own way

    r = run(tmp_path, "update", "group")
    assert r.returncode == 0, r.stderr
    assert openpyxl.load_workbook(tmp_path / "group/cohort-summary.xlsx").active["B2"].value == rows[0][0]

    r = run(tmp_path, "status", "group", "--xlsx", "semaine.xlsx", "--lang", "en", today="2027-02-22")
    assert r.returncode == 0, r.stderr
    assert "Table of 3 mobilities written to: semaine.xlsx" in r.stderr
    ws = openpyxl.load_workbook(tmp_path / "semaine.xlsx").active
    header_row = [c.value for c in ws[1]]
    assert header_row[:2] == ["Pack", "Learner"] and header_row[-1] == "Signatures missing"
    names = {ws.cell(row=n, column=2).value: n for n in range(2, ws.max_row + 1)}
    n = names[rows[0][0]]
    assert ws.cell(row=n, column=2).data_type == "s"
    assert ws.cell(row=n, column=3).value == dt.datetime(2027, 3, 1)
    assert "learning_agreement: learner" in ws.cell(row=n, column=11).value
    r = run(tmp_path, "status", "group", "--xlsx", "group")
    assert r.returncode == 2 and "--xlsx" in r.stderr
