"""The printed page of what a host reads and signs, measured (#25 items 1, 5, 6, 7, 9).

Packs as a referent makes them (`render --answers FILE --format md,pdf,docx,odt`, a subprocess):
a French CFA's learner in Germany (FR/DE), an English-speaking school's (EN/DE), a French
learner in Navarra (FR/ES) and a Catalan school's learner in Belgium (CA/FR), with learning
outcomes, so that every document a host reads or signs is there: learning agreement and its
complement, attestation, Europass preparation, evaluation grid, MEN unit file, BTM file, qBID
agreement, the host brief and the French apprentice's mobility convention. Each is printed in
the tool's PDF (WeasyPrint) and in DOCX and ODT printed by LibreOffice, then its pages are
measured with pdfplumber:

- nothing past the page's margins (every character, line and rectangle);
- every stamp box (the signature tables' last column) at least 6 x 2.5 cm;
- no table row split across pages (every row's words on one page);
- no word of the Markdown cut across lines ("Unterzeichnen|de" reads as two fragments);
- free-text boxes (a table cell with rows to write on) leave at least 2.5 cm to write in.

Each pack is rendered once and LibreOffice runs once for all of them (module fixture); the
pages are read once. LibreOffice is a test tool only: without `soffice` these tests skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

pdfplumber = pytest.importorskip("pdfplumber")

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.print_layout,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                         "apt-get install libreoffice-writer-nogui")]

PT_PER_CM = 72 / 2.54
A4 = (595.28, 841.89)  # points (LibreOffice: 595.30 x 841.89)
# The narrowest margins of the three formats (PDF 15 mm at the sides, 14 mm at the top; DOCX and
# ODT 1.5 cm and 1.6 cm): the page's furniture (footer) may sit in the bottom margin only.
SIDE_MARGIN, TOP_MARGIN, BOTTOM_EDGE = 15 / 10 * PT_PER_CM, 14 / 10 * PT_PER_CM, 0.5 * PT_PER_CM
STAMP_CM = (6.0, 2.5)  # a company stamp
FREE_TEXT_CM = 2.5
BOTTOM_MARGIN = 1.5 * PT_PER_CM  # where a page's text ends at the latest (DOCX and ODT 1.5 cm)
TOLERANCE = 1.0  # pt: a border's half width, rounding

OUTCOMES = [
    {"reference": "C1.2", "unit": "U2", "competence_type": "technical",
     "text": "Réaliser une pâte feuilletée et des viennoiseries selon la fiche technique de l'entreprise d'accueil",
     "activities": "Production du matin au fournil avec la tutrice",
     "assessment": "Observation par la tutrice avec la grille d'évaluation",
     "criteria": "Feuilletage régulier ; temps de production respecté"},
    {"reference": "C3.1", "competence_type": "organisational",
     "text": "Organiser son poste de travail et respecter les règles d'hygiène",
     "activities": "Mise en place quotidienne", "assessment": "Grille d'appréciation",
     "criteria": "Poste propre et rangé"},
    {"reference": "C4.5", "competence_type": "transversal",
     "text": "Communiquer avec l'équipe dans une langue étrangère", "activities": "Réunions d'équipe",
     "assessment": "Entretien de fin de stage", "criteria": "Consignes comprises et transmises"},
]

COMMON = {
    "org.sending_country": "fr", "learner.name": "Léa Dupont", "learner.birth_date": "2005-04-02",
    "learner.qualification": "Bac pro Boulanger-pâtissier", "learner.eqf_level": "4",
    "org.sending": "Lycée professionnel Jean Moulin", "learner.apprentice": True,
    "org.sending_company": "Pâtisserie Martin", "apprentice.arrangement": "mise_en_veille",
    "apprentice.contract_start": "2025-09-01", "apprentice.contract_end": "2027-08-31",
    "org.host_partner": "Handwerkskammer für München und Oberbayern", "org.host_company": "Bäckerei Schulz",
    "tutor.name": "Anna Schulz", "tutor.function": "Konditormeisterin", "destination.country": "de",
    "mobility.start": "2027-03-01", "mobility.end": "2027-03-26", "mobility.funding": "erasmus",
    "org.project_code": "2026-1-FR01-KA121-VET-000123456", "org.mobility_id": "", "org.sending_oid": "E10123456",
    "org.host_oid": "", "mobility.activity_type": "",
    "participation.attestation": True, "participation.other_evidence": False,
    "integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv", "motivation"],
    "integration.methods": ["observation", "host_grid", "jury"], "integration.test_before": True,
    "integration.record": ["grid", "minutes", "certificate"], "certification.in_framework": "yes",
}
MEN = {"goals": ["participation", "learning_outcomes", "integration", "certification"],
       "certification.certifier": "men", "men.diploma": "bac_pro"}
SPAIN = {"destination.country": "es", "org.host_partner": "Cámara Oficial de Comercio e Industria de Navarra",
         "org.host_company": "Pastelería Hermanos Etxeberria", "tutor.name": "Miren Etxeberria Goñi",
         "tutor.function": "Maestra pastelera"}
CATALONIA = {"goals": ["participation", "learning_outcomes", "integration", "certification"],
             "org.sending_country": "es_ct", "certification.certifier": "qbid",
             "qbid.module": "", "learner.name": "Laia Ferrer Puig",
             "learner.qualification": "Tècnic en Cuina i Gastronomia (CFGM)",
             "org.sending": "Institut Joan Ramon Benaprès (Sitges)", "learner.apprentice": False,
             "org.sending_company": None, "apprentice.arrangement": None, "apprentice.contract_start": None,
             "apprentice.contract_end": None, "org.host_partner": "Centre IFAPME de Liège",
             "org.host_company": "Restaurant La Table du Marché", "tutor.name": "Julien Lambert",
             "tutor.function": "Chef de cuisine", "destination.country": "be",
             "qbid.catalan_tutor": "Montserrat Puigdomènech i Vilaró"}
BTM = {"goals": ["certification"], "certification.certifier": "cma_btm", "btm.title": "patissier",
       "btm.dossier_focus": "organisation", "learner.qualification": "BTM Pâtissier confiseur glacier traiteur"}

# pack name -> (pack language, host language, answers over COMMON)
PACKS = {
    "fr-de": ("fr", "de", MEN),
    "en-de": ("en", "de", MEN),
    "fr-es": ("fr", "es", {**MEN, **SPAIN}),
    "ca-fr": ("ca", "fr", CATALONIA),
    "fr-de-btm": ("fr", "de", BTM),
}
# What a host reads or signs (bilingual.HOST_DOCUMENTS), and the French apprentice's convention
HOST_FILES = ("learning_agreement", "learning_agreement_complement", "attestation_participation",
              "europass_preparation", "evaluation_grid", "men_unit_file", "btm_file", "qbid_agreement", "host_brief",
              "mobility_convention")
# The BTM pack's other documents are the FR/DE pack's: only its BTM file is printed again.
ONLY = {"fr-de-btm": ("btm_file",)}
FORMATS = ("pdf", "docx", "odt")


@dataclass
class Printed:
    """One document as printed: its Markdown and what was measured on its pages."""
    key: str  # "fr-de/evaluation_grid.docx"
    md: str
    pages: list = field(default_factory=list)  # pdfplumber pages, kept open for the module


def answers_file(folder: Path, lang: str, over: dict) -> Path:
    answers = {k: v for k, v in {**COMMON, **over}.items() if v is not None}
    path = folder / "answers.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "lang": lang, "answers": answers, "outcomes": OUTCOMES},
                                   allow_unicode=True), encoding="utf-8")
    return path


def make_pack(folder: Path, lang: str, host: str, over: dict, formats: str = "md,pdf,docx,odt,html") -> Path:
    folder.mkdir(parents=True)
    answers = answers_file(folder, lang, over)
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24", MOBILITY_ADVISOR_PREVIEW_LANG="fr,en,es,ca,de")
    done = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers),
                           "--format", formats, "--host-lang", host, "-o", str(folder / "pack")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return folder / "pack"


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    """{pack name: folder} of every pack, rendered once for the module."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("host-packs")
    with ThreadPoolExecutor(max_workers=2) as pool:  # two processes: the machine's two cores
        made = {name: pool.submit(make_pack, root / name, lang, host, over)
                for name, (lang, host, over) in PACKS.items()}
        return {name: future.result() for name, future in made.items()}


@pytest.fixture(scope="module")
def printed(packs, tmp_path_factory) -> dict[str, Printed]:
    """{"fr-de/evaluation_grid.docx": Printed} for every host document of every pack, in every format."""
    root = tmp_path_factory.mktemp("host-print")
    to_print = root / "office"
    to_print.mkdir()
    docs: dict[str, Printed] = {}
    for name, pack in packs.items():
        for stem in ONLY.get(name, HOST_FILES):
            if not (pack / f"{stem}.md").is_file():
                continue
            md = (pack / f"{stem}.md").read_text(encoding="utf-8")
            for fmt in FORMATS:
                key = f"{name}/{stem}.{fmt}"
                docs[key] = Printed(key, md)
                if fmt != "pdf":
                    shutil.copyfile(pack / f"{stem}.{fmt}", to_print / f"{name}--{stem}--{fmt}.{fmt}")
    out = root / "printed"
    profile = root / "lo-profile"  # its own profile: parallel runs share no lock
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *sorted(str(p) for p in to_print.iterdir())],
                   check=True, capture_output=True, timeout=900)
    opened = []
    for key, doc in docs.items():
        name, rest = key.split("/")
        stem, fmt = rest.rsplit(".", 1)
        pdf = packs[name] / f"{stem}.pdf" if fmt == "pdf" else out / f"{name}--{stem}--{fmt}.pdf"
        assert pdf.is_file(), f"{key} was not printed"
        reader = pdfplumber.open(pdf)
        opened.append(reader)
        doc.pages = reader.pages
    yield docs
    for reader in opened:
        reader.close()


def test_every_host_document_is_printed(printed):
    stems = {key.split("/")[1].rsplit(".", 1)[0] for key in printed}
    assert set(HOST_FILES) <= stems, set(HOST_FILES) - stems
    assert {key.split("/")[0] for key in printed} == set(PACKS)


# --- Words --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text))


def md_plain(md: str) -> str:
    """The Markdown's words as printed: escapes, emphasis and link targets' markup dropped."""
    return re.sub(r"\\(.)", r"\1", md)


@lru_cache(maxsize=None)  # a page's words, read once for all the measurements
def page_words(page) -> list[dict]:
    return page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)


def _bullet(word: dict, words: list[dict]) -> bool:
    """A nested list's bullet as Word and LibreOffice print it, the letter "o" (Courier New) with
    the item's words on its right; a cut word's fragment "o" would end its line instead."""
    return word["text"] == "o" and any(abs(float(w["top"]) - float(word["top"])) < 2
                                       and 0 < float(w["x0"]) - float(word["x1"]) < 30 for w in words)


def cut_words(doc: Printed) -> list[str]:
    """Fragments of a Markdown word printed on two lines: a token that is not a word of the
    Markdown, and that with another token of its page makes one ("Unterzeichnen" + "de")."""
    vocabulary = set(tokens(md_plain(doc.md)))
    found = []
    for number, page in enumerate(doc.pages, 1):
        words = [w for w in page_words(page) if not _bullet(w, page_words(page))]
        on_page = [t for w in words for t in tokens(w["text"])]
        present = set(on_page)
        for token in present - vocabulary:
            if not any(c.isalpha() for c in token):
                continue
            for other in present:
                word = token + other if token + other in vocabulary else \
                    other + token if other + token in vocabulary else None
                if word:
                    found.append(f"p{number}: {token!r} of {word!r}")
                    break
    return found


def test_no_word_is_cut(printed):
    problems = {key: cut for key, doc in printed.items() if (cut := cut_words(doc))}
    assert not problems, "words cut across lines:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- Margins ------------------------------------------------------------------------------------


def outside_margins(doc: Printed) -> list[str]:
    found = []
    for number, page in enumerate(doc.pages, 1):
        width, height = float(page.width), float(page.height)
        assert abs(width - A4[0]) < 0.5 and abs(height - A4[1]) < 0.5, \
            f"{doc.key}: page {number} is not A4 ({width} x {height})"
        for kind, objects in (("char", page.chars), ("line", page.lines), ("rect", page.rects)):
            for o in objects:
                x0, x1, top, bottom = float(o["x0"]), float(o["x1"]), float(o["top"]), float(o["bottom"])
                if x0 < SIDE_MARGIN - TOLERANCE or x1 > width - SIDE_MARGIN + TOLERANCE or \
                        top < TOP_MARGIN - TOLERANCE or bottom > height - BOTTOM_EDGE:
                    what = o.get("text", "") if kind == "char" else f"{x1 - x0:.0f} x {bottom - top:.0f} pt"
                    found.append(f"p{number}: {kind} {what!r} at x {x0:.0f}-{x1:.0f}, y {top:.0f}-{bottom:.0f}")
    return found


def test_nothing_past_the_margins(printed):
    problems = {key: out[:4] + ([f"… {len(out) - 4} more"] if len(out) > 4 else [])
                for key, doc in printed.items() if (out := outside_margins(doc))}
    assert not problems, "past the margins:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- Stamp boxes --------------------------------------------------------------------------------

# the stamp column's header; in the combined "Signature et cachet / Unterschrift und Stempel" its
# words follow the first, in lower case
STAMP_LABELS = ("Cachet", "Stamp", "Sello", "Segell", "Stempel", "cachet", "stamp", "sello", "segell")
SIGNATORY_LABELS = ("Signataire", "Signatory", "Firmante", "Signant", "Unterzeichnende")


def signature_tables(md: str) -> int:
    """How many signature tables the Markdown has (header row naming the signatory and the stamp)."""
    return sum(1 for line in md.splitlines() if line.startswith("| ")
               and any(f"| {s}" in line or f"/ {s}" in line for s in SIGNATORY_LABELS[:1] + SIGNATORY_LABELS[1:])
               and any(line.rstrip(" |").endswith(s) for s in STAMP_LABELS))


def stamp_boxes(doc: Printed) -> list[tuple[int, float, float]]:
    """(page, width cm, height cm) of each cell under a stamp header, from the tables' ruling lines."""
    boxes = []
    for number, page in enumerate(doc.pages, 1):
        words = page_words(page)
        for table in page.find_tables():
            rows = table.rows
            for i, row in enumerate(rows):
                last = row.cells[-1] if row.cells else None
                if last is None:
                    continue
                inside = " ".join(w["text"] for w in words if last[0] <= w["x0"] and w["x1"] <= last[2] + 1
                                  and last[1] <= w["top"] and w["bottom"] <= last[3] + 1)
                if not any(label in inside for label in STAMP_LABELS):
                    continue
                for body in rows[i + 1:]:
                    cell = body.cells[-1]
                    if cell is not None:
                        boxes.append((number, (cell[2] - cell[0]) / PT_PER_CM, (cell[3] - cell[1]) / PT_PER_CM))
                break
    return boxes


def test_every_stamp_box_holds_a_company_stamp(printed):
    problems = {}
    for key, doc in printed.items():
        expected = signature_tables(doc.md)
        if not expected:
            continue
        boxes = stamp_boxes(doc)
        small = [f"p{p}: {w:.2f} x {h:.2f} cm" for p, w, h in boxes
                 if w < STAMP_CM[0] - 0.02 or h < STAMP_CM[1] - 0.02]
        if not boxes or small:
            problems[key] = small or ["no stamp box found"]
    assert not problems, f"stamp boxes under {STAMP_CM[0]} x {STAMP_CM[1]} cm:\n" + \
        "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- Table rows ---------------------------------------------------------------------------------


def md_rows(md: str) -> list[list[str]]:
    """The cells of every table row of the Markdown (separator rows left out)."""
    rows = []
    for line in md.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line):
            rows.append([md_plain(c).strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))])
    return rows


def split_rows(doc: Printed) -> list[str]:
    """Rows whose words are not all on one page."""
    pages = [set(t for w in page_words(p) for t in tokens(w["text"])) for p in doc.pages]
    found = []
    for cells in md_rows(doc.md):
        words = set(tokens(" ".join(cells)))
        if words and not any(words <= page for page in pages):
            where = {i + 1: len(words & page) for i, page in enumerate(pages) if words & page}
            found.append(f"{' | '.join(cells)[:70]!r} (words found per page: {where})")
    return found


def test_no_table_row_is_split_across_pages(printed):
    problems = {key: rows for key, doc in printed.items() if (rows := split_rows(doc))}
    assert not problems, "rows split across pages:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- Room to write ------------------------------------------------------------------------------

# A free-text box: a one-column table, its label in the header, rows of blanks to write on
# ("| Changements et observations / Änderungen und Bemerkungen |", "| --- |", "| ________ |" x 3);
# or, as before #25 item 9, a line "Changements et observations : ________".
_FREE_TEXT = re.compile(r"^\*?([^|#*\-\s][^|]*?)\s*:\s*(?:\\_){8}\*?$")
_BOX_LABEL = re.compile(r"^\| ([^|]+) \|$")
_BOX_ROW = re.compile(r"^\| (?:\\_){8} \|$")
_BOXES_LABELS = re.compile(r"^\| ((?:[^|]+ \| )+[^|]+) \|$")
_BOXES_ROW = re.compile(r"^\| (?:\\_){8}(?: \| (?:\\_){8})+ \|$")


def free_text_labels(md: str) -> list[list[str]]:
    """The words of each free-text box's label in the Markdown."""
    lines = md.splitlines()
    labels = [tokens(m.group(1)) for line in lines if (m := _FREE_TEXT.match(line.strip()))]
    for i, line in enumerate(lines[:-2]):
        if (m := _BOX_LABEL.match(line)) and lines[i + 1] == "| --- |" and _BOX_ROW.match(lines[i + 2]):
            labels.append(tokens(m.group(1)))
        elif (m := _BOXES_LABELS.match(line)) and _BOXES_ROW.match(lines[i + 2]) \
                and lines[i + 1].count("---") == lines[i + 2].count("\\_" * 8) == line.count(" | ") + 1:
            # pages8: boxes side by side (the evaluation grid's observations before and after), 2.2 cm in DOCX and ODT
            labels += [tokens(label) for label in m.group(1).split(" | ")]
    return labels


def _label_words(words: list[dict], texts: list[list[str]], i: int, label: list[str]) -> int:
    """How many printed words from `i` hold the label's tokens (a word "tutor/a" or "d'accueil" holds two)."""
    count, seen = 0, 0
    while seen < len(label) and i + count < len(words):
        seen += len(texts[i + count])
        count += 1
    return count


def _header_cells(page) -> list[tuple[list[str], tuple[float, float, float, float]]]:
    """(tokens, box) of every cell of a table's first row on the page."""
    words = page_words(page)
    cells = []
    for table in page.find_tables():
        for c in (table.rows[0].cells if table.rows else []):
            if c is not None:
                inside = [w for w in words if c[0] - 1 <= float(w["x0"]) and float(w["x1"]) <= c[2] + 1
                          and c[1] - 1 <= float(w["top"]) and float(w["bottom"]) <= c[3] + 1]
                cells.append(([t for w in inside for t in tokens(w["text"])], inside))
    return cells


def free_text_room(doc: Printed) -> list[str]:
    """For each free-text box the room to write below its label (cm), when under
    FREE_TEXT_CM; the label's printed words counted by their tokens: a label with "tutor/a" or
    "d'accueil" (the qBID agreement's "Avaluació del tutor/a d'acollida: C1.2") took the box's
    blanks for words of its label, and measured from its last row. A box's label is its table's
    header cell (pages8: two boxes side by side, their labels' lines interleaved in reading order)."""
    found = []
    for label in free_text_labels(doc.md):
        for number, page in enumerate(doc.pages, 1):
            words = page_words(page)
            texts = [tokens(w["text"]) for w in words]
            held = [inside for cell, inside in _header_cells(page) if cell == label and inside]
            if held:
                mine = held[0]
            else:
                at = [i for i in range(len(words))
                      if [t for ts in texts[i:i + len(label)] for t in ts][:len(label)] == label]
                if not at:
                    continue
                mine = words[at[0]:at[0] + _label_words(words, texts, at[0], label)]
            bottom = max(float(w["bottom"]) for w in mine)
            left, right = min(float(w["x0"]) for w in mine), max(float(w["x1"]) for w in mine)
            # below the label only (a box beside it, its label on more lines, is not its room)
            below = [float(w["top"]) for w, ts in zip(words, texts)
                     if ts and float(w["top"]) > bottom + 1 and float(w["x0"]) < right and float(w["x1"]) > left]
            end = min(below, default=float(page.height) - BOTTOM_MARGIN)
            # the box's own bottom rule when it has one (pages8: the room to the next words took in
            # the gap below a box and the next box's header)
            rules = [float(e["top"]) for e in page.horizontal_edges
                     if bottom + 1 < float(e["top"]) < end - 1 and float(e["x0"]) < right and float(e["x1"]) > left]
            room = (max(rules, default=end) - bottom) / PT_PER_CM
            if room < FREE_TEXT_CM:
                found.append(f"p{number}: {' '.join(label)!r}: {room:.1f} cm")
            break
        else:
            found.append(f"{' '.join(label)!r}: not found on the pages")
    return found


def test_free_text_boxes_are_found():
    """The measurement sees both shapes of a free-text box (a test of the test)."""
    md = "Absences : \\_\\_\\_\\_\\_\\_\\_\\_\n\n| Changes and remarks |\n| --- |\n" + "| \\_\\_\\_\\_\\_\\_\\_\\_ |\n" * 3
    assert free_text_labels(md) == [["Absences"], ["Changes", "and", "remarks"]]
    two = "| Before | After the stay |\n| --- | --- |\n" + "| \\_\\_\\_\\_\\_\\_\\_\\_ | \\_\\_\\_\\_\\_\\_\\_\\_ |\n" * 2
    assert free_text_labels(two) == [["Before"], ["After", "the", "stay"]]
    assert free_text_labels("| Item | Details |\n| --- | --- |\n| Name | Anna |\n") == []


def test_free_text_boxes_leave_room_to_write(printed):
    assert any(free_text_labels(doc.md) for doc in printed.values())  # the boxes are there to measure
    problems = {key: room for key, doc in printed.items() if (room := free_text_room(doc))}
    assert not problems, "free-text boxes too small:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# boxes14: a free-text box's rows printed empty in DOCX and ODT (#25, the German and Spanish host
# readers: each row began with a short "________", odd in a box to write in by hand).

def md_boxes(md: str) -> list[list[list[str]]]:
    """The tokens of each free-text box's header cells (its labels), one list per box table of the
    Markdown (table_layout.is_box: a header, then rows of blanks only; boxes side by side, one table)."""
    from mobility_advisor.formats.table_layout import is_box

    return [[tokens(cell) for cell in rows[0]] for _, rows in md_tables(md) if is_box(rows)]


def _within(word: dict, box: tuple, top: float | None = None) -> bool:
    """The word lies inside the rectangle (x0, top, x1, bottom), below `top` if given."""
    return box[0] - 1 <= float(word["x0"]) and float(word["x1"]) <= box[2] + 1 \
        and (box[1] if top is None else top) - 1 <= float(word["top"]) and float(word["bottom"]) <= box[3] + 1


def printed_boxes(doc: Printed) -> list[tuple[int, list[list[str]], list[str]]]:
    """(page, labels, words printed in its rows) of each printed free-text box: the table whose
    header cells hold a box's labels (found by its rules, pdfplumber's tables), its rows the table
    below that header down to the table's bottom rule."""
    wanted = md_boxes(doc.md)
    found = []
    for number, page in enumerate(doc.pages, 1):
        words = page_words(page)
        for table in page.find_tables():
            head = [c for c in (table.rows[0].cells if table.rows else []) if c is not None]
            labels = [[t for w in words if _within(w, cell) for t in tokens(w["text"])] for cell in head]
            if head and labels in wanted:
                below = max(cell[3] for cell in head)
                found.append((number, labels, [w["text"] for w in words if _within(w, table.bbox, below)]))
    return found


def test_free_text_boxes_print_empty_in_docx_and_odt(printed):
    """Every free-text box of the host documents is found printed in DOCX and ODT (by its labels and
    its rules, as many as the Markdown has), and its rows print no underscore: the box is empty, to
    write in by hand (the Markdown and the HTML keep the blank, it tells the reader where to write;
    the tool's PDF hides it under its text fields)."""
    docs = {k: d for k, d in printed.items() if not k.endswith(".pdf") and md_boxes(d.md)}
    assert len(docs) >= 30  # attestation, complement, Europass, grid, convention... of the packs, twice
    problems = {}
    for key, doc in docs.items():
        boxes = printed_boxes(doc)
        if len(boxes) != len(md_boxes(doc.md)):
            problems[key] = f"{len(boxes)} boxes found printed of {len(md_boxes(doc.md))}"
        elif written := [f"p{page}: {' '.join(labels[0])!r}: {texts}" for page, labels, texts in boxes
                         if any("_" in t for t in texts)]:
            problems[key] = written[:3]
    assert not problems, "free-text boxes printing a blank:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- Date cells (#25, the host reader) -----------------------------------------------------------

DATE_LABELS = {"Date", "Datum", "Fecha", "Data"}
DATE_CM = 2.2  # "26.03.2027" written by hand in a small hand (the cells were 1.6-1.9 cm)


def date_columns(doc: Printed) -> list[tuple[int, float]]:
    """(page, width cm) of each table column headed "Date" ("Date / Datum") left blank to write in."""
    found = []
    for number, page in enumerate(doc.pages, 1):
        words = page_words(page)
        for table in page.find_tables():
            header = table.rows[0].cells if table.rows else []
            for cell in header:
                if cell is None:
                    continue
                inside = [t for w in words if cell[0] <= w["x0"] and w["x1"] <= cell[2] + 1
                          and cell[1] <= w["top"] and w["bottom"] <= cell[3] + 1 for t in tokens(w["text"])]
                if inside and set(inside) <= DATE_LABELS:
                    found.append((number, (cell[2] - cell[0]) / PT_PER_CM))
    return found


def test_date_cells_hold_a_hand_written_date(printed):
    measured, problems = 0, {}
    for key, doc in printed.items():
        if not signature_tables(doc.md):
            continue
        columns = date_columns(doc)
        measured += len(columns)
        if narrow := [f"p{p}: {w:.2f} cm" for p, w in columns if w < DATE_CM - 0.02]:
            problems[key] = narrow
    assert measured  # the date columns are there to measure
    assert not problems, f"date columns under {DATE_CM} cm:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- Blocks kept together (#25, the host reader) ---------------------------------------------------


def body_tokens(page) -> set[str]:
    """The words of a page above its footer (the title and page number in the bottom margin)."""
    bottom = float(page.height) - BOTTOM_MARGIN + TOLERANCE
    return {t for w in page_words(page) if float(w["bottom"]) <= bottom for t in tokens(w["text"])}


def test_no_page_holds_only_the_sources_line(printed):
    """The host document's last line ("Quellen [1]: …") is printed with the block before it."""
    problems = []
    for key, doc in printed.items():
        last = [line for line in doc.md.splitlines() if line.strip()][-1]
        sources = set(tokens(md_plain(last)))
        for number, page in enumerate(doc.pages, 1):
            if body_tokens(page) <= sources:
                problems.append(f"{key}: p{number} holds only {last[:50]!r}")
    assert not problems, "\n".join(problems)


def md_pairs(md: str) -> list[tuple[str, str]]:
    """Each sentence of the pack's language and its translation, the italic paragraph below it."""
    paragraphs = [p.strip() for p in md.split("\n\n")]
    return [(a, b) for a, b in zip(paragraphs, paragraphs[1:])
            if a and not a.startswith(("|", "#", "-", "*", "_")) and "\n" not in b
            and len(b) > 2 and b[0] == b[-1] and b[0] in "*_"]


def md_item_pairs(md: str) -> list[tuple[str, str]]:
    """Each list item and its translation on the next line (a line break in one paragraph)."""
    return re.findall(r"^[-*] (.+)\\\n[ \t]+([*_].+[*_])$", md, re.M)


def split_pairs(doc: Printed) -> list[str]:
    pages = [body_tokens(p) for p in doc.pages]
    found = []
    for a, b in md_pairs(doc.md) + md_item_pairs(doc.md):
        words = set(tokens(md_plain(a))) | set(tokens(md_plain(b)))
        if not any(words <= page for page in pages):
            found.append(f"{a[:50]!r} / {b[:50]!r}")
    return found


def test_bilingual_pairs_are_printed_on_one_page(printed):
    """A sentence and its translation, a list item and its translation, are never cut apart by a
    page break (DOCX: w:keepLines, ODT: fo:keep-together, PDF: the .pair CSS)."""
    assert any(md_pairs(doc.md) for doc in printed.values())
    assert any(md_item_pairs(doc.md) for doc in printed.values())
    problems = {key: pairs for key, doc in printed.items() if (pairs := split_pairs(doc))}
    assert not problems, "pairs split across pages:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def headed_tables(md: str) -> list[tuple[str, list[str]]]:
    """Each `##` heading whose section opens with a table (after at most a few sentences), and the
    table's header cells."""
    found, heading, blocks = [], None, 0
    for block in md.split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            heading, blocks = block[3:], 0
        elif heading and block.startswith("|"):
            found.append((heading, md_rows(block)[0]))
            heading = None
        elif heading and block:
            blocks += 1
            heading = heading if blocks <= 4 else None
    return found


def orphaned_headings(doc: Printed) -> list[str]:
    pages = [body_tokens(p) for p in doc.pages]
    found = []
    for heading, header in headed_tables(doc.md):
        words = set(tokens(md_plain(heading))) | set(tokens(" ".join(header)))
        if not any(words <= page for page in pages):
            found.append(f"{heading!r} is not on the page of its table")
    return found


def test_headings_are_printed_with_their_table(printed):
    """A heading is never left at the foot of a page, its table on the next ("Résultats / Ergebnisse")."""
    problems = {key: found for key, doc in printed.items() if (found := orphaned_headings(doc))}
    assert not problems, "headings left alone:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- HTML (#25 item 11) -------------------------------------------------------------------------


def test_html_host_parts_carry_the_host_language(packs):
    """A screen reader or a spell checker reads the German lines as German: the italic line under
    each sentence and list item, the second half of "Nom / Name"; the host brief is German."""
    pack = packs["fr-de"]
    html = (pack / "learning_agreement_complement.html").read_text(encoding="utf-8")
    assert '<html lang="fr-FR">' in html
    assert '<em lang="de-DE">Diese Ergänzung bestätigt' in html  # a sentence's translation
    assert '<em lang="de-DE">Es gab Änderungen' in html  # a list item's
    # a table header (its slash kept with the word before it by a no-break space: pages13)
    assert 'Signataire\u00a0/ <span lang="de-DE">Unterzeichnende/r</span>' in html
    assert 'Apprenant / <span lang="de-DE">Lernende/r</span>' in html  # a cell
    assert not re.search(r'<em lang="de-DE">[^<]*(?:mobilité|apprenant)', html)  # no French line marked German
    assert '<html lang="de-DE">' in (pack / "host_brief.html").read_text(encoding="utf-8")
    # the school's own documents stay in the pack's language, unmarked
    assert 'lang="de-DE"' not in (pack / "index.html").read_text(encoding="utf-8")
    en = (packs["en-de"] / "evaluation_grid.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in en and '<span lang="de-DE">' in en


def test_html_tables_fit_the_screen(packs):
    """Every table of a host document has fixed columns in percent of the page (or the screen)
    and a font size: the evaluation grid is never wider than the window it is read in."""
    html = (packs["fr-de"] / "evaluation_grid.html").read_text(encoding="utf-8")
    assert "table { table-layout: fixed; }" in html
    tables = re.findall(r"<table\b[^>]*>.*?</table>", html, re.S)
    assert len(tables) >= 3
    for table in tables:
        assert re.match(r'<table(?: class="(?:signatures|parts)")? style="font-size: [\d.]+pt"><colgroup>', table), table[:80]
        widths = [float(w) for w in re.findall(r'<col style="width: ([\d.]+)%" />', table)]
        assert widths and abs(sum(widths) - 100) < 0.1


def host_brief_sizes(doc: Printed) -> list[float]:
    """The size of every word of the brief's text (the page's footer, in the bottom margin, aside)."""
    return [w["size"] for page in doc.pages for w in page.extract_words(extra_attrs=["size"])
            if w["bottom"] < page.height - BOTTOM_MARGIN]


def test_the_host_brief_is_one_page_in_the_tools_pdf(printed):
    """#25 (the host reader): "The host brief … One page", in readable type (9 pt at least)."""
    briefs = {key: doc for key, doc in printed.items() if key.endswith("/host_brief.pdf")}
    assert len(briefs) == len(PACKS) - len(ONLY), sorted(briefs)
    long = {key: len(doc.pages) for key, doc in briefs.items() if len(doc.pages) != 1}
    assert not long, long
    small = {key: min(host_brief_sizes(doc)) for key, doc in briefs.items() if round(min(host_brief_sizes(doc)), 1) < 9}
    assert not small, small


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_host_brief_is_one_page_printed_by_libreoffice(printed, fmt):
    """As in the tool's PDF, in print styles (formats/docx_layout, odt_layout: 10.5 pt body, 17 pt
    title, 13-14 pt headings; pandoc's 12 pt body and 28 pt title made it two pages)."""
    briefs = {key: doc for key, doc in printed.items() if key.endswith(f"/host_brief.{fmt}")}
    assert len(briefs) == len(PACKS) - len(ONLY), sorted(briefs)
    long = {key: len(doc.pages) for key, doc in briefs.items() if len(doc.pages) != 1}
    assert not long, long
    assert round(min(min(host_brief_sizes(doc)) for doc in briefs.values()), 1) >= 9


# --- Room for the signing person (#25: the name cell was 1.2-1.7 cm, the text 6.5-7.5 pt) ---------

NAME_LABELS = {"Nom", "Name", "Nombre"}  # the signing person's name column's header, in any language
SIGNING_NAME_CM = 3.0  # "Anna Schulz" or a name written by hand
SIGNATURE_TEXT_PT = 8.0
SIGNING_DATE_CM = DATE_CM  # the date columns test's measure: 2.25 cm planned, 2.2 when long words need room


def signature_table_cells(doc: Printed) -> list[tuple[int, dict, list[dict]]]:
    """(page, {"name": cm, "date": cm}, the table's characters) of each signature table printed."""
    found = []
    for number, page in enumerate(doc.pages, 1):
        words = page_words(page)
        for table in page.find_tables():
            header = [c for c in (table.rows[0].cells if table.rows else []) if c is not None]
            labels = [{t for w in words if c[0] <= w["x0"] and w["x1"] <= c[2] + 1
                       and c[1] <= w["top"] and w["bottom"] <= c[3] + 1 for t in tokens(w["text"])}
                      for c in header]
            if not labels or not labels[-1] & set(STAMP_LABELS):
                continue
            widths = {}
            for cell, inside in zip(header, labels):
                width = (cell[2] - cell[0]) / PT_PER_CM
                if inside & NAME_LABELS:
                    widths["name"] = width
                elif inside and inside <= DATE_LABELS:
                    widths["date"] = width
            x0, top, x1, bottom = table.bbox
            chars = [ch for ch in page.chars if x0 <= ch["x0"] and ch["x1"] <= x1 + 1
                     and top <= ch["top"] and ch["bottom"] <= bottom + 1 and ch["text"].strip()]
            found.append((number, widths, chars))
    return found


def test_signature_tables_leave_room_for_the_signing_persons_name(printed):
    measured, problems = 0, {}
    for key, doc in printed.items():
        expected = signature_tables(doc.md)
        if not expected:
            continue
        tables = signature_table_cells(doc)
        measured += len(tables)
        wrong = [] if tables else ["no signature table found"]
        for page, widths, chars in tables:
            if widths.get("name", 0.0) < SIGNING_NAME_CM - 0.02:
                wrong.append(f"p{page}: name column {widths.get('name', 0.0):.2f} cm")
            if widths.get("date", 0.0) < SIGNING_DATE_CM - 0.02:
                wrong.append(f"p{page}: date column {widths.get('date', 0.0):.2f} cm")
            if small := sorted({round(ch["size"], 1) for ch in chars if ch["size"] < SIGNATURE_TEXT_PT - 0.05}):
                wrong.append(f"p{page}: text at {small} pt")
        if wrong:
            problems[key] = wrong
    assert measured
    assert not problems, (f"signature tables: the name column under {SIGNING_NAME_CM} cm, the date under "
                          f"{SIGNING_DATE_CM} cm or text under {SIGNATURE_TEXT_PT} pt:\n"
                          + "\n".join(f"{k}: {v}" for k, v in problems.items()))


# officekeep -------------------------------------------------------------------------------------
# #25 (the host readers, s7): short tables printed whole, an introduction with what it introduces,
# the paper the three formats use.



SHORT_TABLE_ROWS = 8  # a table of at most this many rows (its header aside) is never parted


def md_tables(md: str) -> list[tuple[str, list[list[str]]]]:
    """(the block just before it, its rows) of every table of the Markdown."""
    blocks = [b.strip() for b in md.split("\n\n")]
    return [(blocks[i - 1] if i else "", md_rows(b)) for i, b in enumerate(blocks) if b.startswith("|")]


def tall(rows: list[list[str]]) -> bool:
    """A table over a quarter of a page high (its text at the size and in the columns the tool gives
    it): it may part between rows under its repeated header, else it left a page 40 % blank (pages8)."""
    from mobility_advisor.formats.host_break import measured
    from mobility_advisor.formats.table_layout import WHOLE_TABLE_CM, is_box, table_height_cm, table_plan

    rows = [[c.replace("\\_", "_") for c in row] for row in rows]
    widths, font = table_plan(rows, False, 0.32)  # (a host half on a line of its own: host_break)
    return table_height_cm(measured(rows, widths, font, 0.32), widths, font, 0.32) > WHOLE_TABLE_CM and not is_box(rows)


def parted_tables(doc: Printed) -> list[str]:
    """Short tables whose words are not all on one page (a row or two alone on the next)."""
    pages = [body_tokens(p) for p in doc.pages]
    found = []
    for _, rows in md_tables(doc.md):
        words = set(tokens(" ".join(c for row in rows for c in row)))
        if len(rows) - 1 <= SHORT_TABLE_ROWS and words and not tall(rows) and not any(words <= page for page in pages):
            found.append(f"{' | '.join(rows[0])[:60]!r} ({len(rows) - 1} rows)")
    return found


def test_short_tables_are_printed_whole(printed):
    """hostes 2, hostde 3, readfec 2/8: the tutor's 4-row table, the organisations, a results table
    parted with a row alone on the next page under a repeated header (DOCX, ODT)."""
    assert sum(len(rows) - 1 <= SHORT_TABLE_ROWS for doc in printed.values() for _, rows in md_tables(doc.md)) > 20
    problems = {key: found for key, doc in printed.items() if (found := parted_tables(doc))}
    assert not problems, "short tables parted:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def introductions(md: str) -> list[tuple[str, list[str]]]:
    """(a paragraph or list just before a table, the table's header and first row): what introduces
    the table ("Ces rubriques…", the two tick boxes before "Changes and remarks")."""
    found = []
    for before, rows in md_tables(md):
        if before and not before.startswith(("#", "|")) and len(rows) > 1:
            found.append((md_plain(before), rows[0] + rows[1]))
    return found


def parted_introductions(doc: Printed) -> list[str]:
    pages = [body_tokens(p) for p in doc.pages]
    found = []
    for before, cells in introductions(doc.md):
        words = set(tokens(before)) | set(tokens(" ".join(cells)))
        if not any(words <= page for page in pages):
            found.append(f"{before[:60]!r} is not on the page of {cells[0][:40]!r}")
    return found


def test_an_introduction_is_printed_with_what_it_introduces(printed):
    """readfec 9 (the sentence introducing the Europass boxes ends a page, the boxes start the next),
    hostde 4 (the two alternative tick boxes parted, the changes box after them)."""
    assert any(introductions(doc.md) for doc in printed.values())
    problems = {key: found for key, doc in printed.items() if (found := parted_introductions(doc))}
    assert not problems, "introductions parted:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


_SLASH_FORM = re.compile(r"(?<![\w/])(\w+)/(\w{1,6})(?![\w/])")


def cut_slash_forms(doc: Printed) -> list[str]:
    """"Alumno/a", "Lernende/r" printed across two lines: a word ending at the slash whose
    Markdown form goes on ("Alumno/" then "a", hostes 8)."""
    forms = {f"{a}/" for a, _ in _SLASH_FORM.findall(md_plain(doc.md))}
    return [f"p{number}: {w['text']!r}" for number, page in enumerate(doc.pages, 1) for w in page_words(page)
            if w["text"].endswith("/") and any(w["text"].endswith(f) for f in forms)]


def test_gendered_forms_are_never_cut_at_the_slash(printed):
    assert any(_SLASH_FORM.search(doc.md) for doc in printed.values())
    problems = {key: found for key, doc in printed.items() if (found := cut_slash_forms(doc))}
    assert not problems, "forms cut at the slash:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_host_brief_dates_the_europass_as_the_europass_sheet(packs):
    """hostes 11: the brief said "on the date agreed with the coordinator" while the Europass sheet
    dates the host's part (the last day): the brief gives the same date."""
    assert any((pack / "europass_preparation.md").is_file() for pack in packs.values())
    for name, pack in packs.items():
        if not (pack / "europass_preparation.md").is_file():
            continue
        sheet = set(tokens(md_plain((pack / "europass_preparation.md").read_text(encoding="utf-8"))))
        rows = [md_rows(line)[0] for line in (pack / "host_brief.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("| ") and "Europass" in line]
        assert len(rows) == 1, (name, rows)
        dates = [t for t in tokens(rows[0][-1]) if t.isdigit()]
        assert dates and set(dates) <= sheet, (name, rows[0])


def test_the_host_brief_leaves_room_for_each_item_of_the_coordinators_contact(packs):
    """hostes 3: one blank for "name, e-mail, phone"; without a profile each item has its line."""
    brief = (packs["fr-es"] / "host_brief.md").read_text(encoding="utf-8")
    rows = [row for row in md_rows(brief) if row[0].startswith("Coordinador/a de movilidad")]
    assert [row[0].partition(": ")[2] for row in rows] == ["nombre", "correo electrónico", "teléfono"]
    assert all(row[1] == "________" for row in rows)


def header_not_bold(doc: Printed) -> list[str]:
    """The words of a table's first row (its header, repeated on a next page) not in a bold font."""
    found = []
    for number, page in enumerate(doc.pages, 1):
        words = page.extract_words(extra_attrs=["fontname"])
        for table in page.find_tables():
            cells = [c for c in (table.rows[0].cells if table.rows else []) if c is not None]
            for c in cells:
                inside = [w for w in words if c[0] <= w["x0"] and w["x1"] <= c[2] + 1
                          and c[1] <= w["top"] and w["bottom"] <= c[3] + 1 and tokens(w["text"])]
                found += [f"p{number}: {w['text']!r} in {w['fontname']}" for w in inside[:1] if "Bold" not in w["fontname"]]
    return found


def test_office_tables_and_text_look_like_the_pdf(printed):
    """hostes 11: DOCX header rows regular (PDF and ODT bold), the ODT body in a serif font (PDF
    and DOCX sans): the three formats looked like different documents."""
    serif = {key: sorted({c["fontname"] for p in doc.pages for c in p.chars if "Serif" in c["fontname"]})
             for key, doc in printed.items()}
    assert not {k: v for k, v in serif.items() if v}, serif
    problems = {key: found for key, doc in printed.items() if (found := header_not_bold(doc))}
    assert not problems, "table headers not bold:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def lone_section_numbers(doc: Printed) -> list[str]:
    """A line holding only a heading's number ("5." then "Equipment and products used…", hostde 9)."""
    numbers = set(re.findall(r"^#+ (\d{1,2}\.) ", doc.md, re.M))
    found = []
    for number, page in enumerate(doc.pages, 1):
        lines: dict[int, list[str]] = {}
        for w in page_words(page):
            lines.setdefault(round(float(w["top"])), []).append(w["text"])
        found += [f"p{number}: {words[0]!r} alone" for words in lines.values() if len(words) == 1 and words[0] in numbers]
    return found


def test_a_section_number_is_printed_with_its_heading(printed):
    assert any(re.search(r"^#+ \d{1,2}\. ", doc.md, re.M) for doc in printed.values())  # numbered headings to look at
    problems = {key: found for key, doc in printed.items() if (found := lone_section_numbers(doc))}
    assert not problems, "section numbers alone:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- sigforms: one column to sign and stamp (#25, the three host readers) ------------------------
# Hosts signed across a 2.3 cm "Signature" column into the 6.1 cm stamp box: the two are one
# column now, "Signature et cachet / Unterschrift und Stempel" (STAMP_LABELS finds it).

SIGN_AND_STAMP_CM = 8.0  # a 6 cm stamp, and a signature of 4 cm and more beside or over it
SIGN_AND_STAMP = ("Signature et cachet", "Signature and stamp", "Firma y sello", "Signatura i segell",
                  "Unterschrift und Stempel")


def test_signature_tables_have_one_column_to_sign_and_stamp(printed):
    """Every signature table's last column is headed "Signature and stamp" in the pack's and the
    host's words, and every one of its cells is at least 8 x 2.5 cm on the printed page: room to
    sign (4 cm and more) and to stamp, in the tool's PDF and in DOCX and ODT printed by LibreOffice."""
    measured, problems = 0, {}
    for key, doc in printed.items():
        if not signature_tables(doc.md):
            continue
        headers = [line for line in doc.md.splitlines() if line.startswith("| ")
                   and line.split("|")[1].strip().split(" / ")[0] in SIGNATORY_LABELS]
        if not all(any(line.rstrip(" |").endswith(s) for s in SIGN_AND_STAMP) for line in headers):
            problems[key] = [f"header {h!r}" for h in headers]
            continue
        boxes = stamp_boxes(doc)
        measured += len(boxes)
        small = [f"p{p}: {w:.2f} x {h:.2f} cm" for p, w, h in boxes
                 if w < SIGN_AND_STAMP_CM - 0.02 or h < STAMP_CM[1] - 0.02]
        if not boxes or small:
            problems[key] = small or ["no column to sign and stamp found"]
    assert measured
    assert not problems, f"columns to sign and stamp under {SIGN_AND_STAMP_CM} x {STAMP_CM[1]} cm:\n" + \
        "\n".join(f"{k}: {v}" for k, v in problems.items())




# words8 --------------------------------------------------------------------------------------------
# #25, the last words: the MEN unit file became bilingual throughout (its referent's notes moved to
# the checklist) and stays on its two pages; the evaluation grid's instruction on its before/after
# columns is printed above the results table and the grid keeps its pages.


@pytest.mark.parametrize("name", ["fr-de", "en-de", "fr-es"])
def test_the_men_unit_file_is_two_pages_in_the_tools_pdf(printed, name):
    doc = printed[f"{name}/men_unit_file.pdf"]
    assert len(doc.pages) == 2, [page.extract_text()[:60] for page in doc.pages]


# the grid's pages in the tool's PDF before words8 added its instruction (en-de: its assessors, 3)
GRID_PAGES = {"fr-de": 2, "fr-es": 2, "en-de": 3, "ca-fr": 2}


@pytest.mark.parametrize("name", sorted(GRID_PAGES))
def test_the_grids_instruction_is_printed_above_its_table_without_a_page_more(printed, name):
    doc = printed[f"{name}/evaluation_grid.pdf"]
    assert len(doc.pages) <= GRID_PAGES[name]  # (pages8: en-de on 2, its results table parted)
    words = [(i, w) for i, page in enumerate(doc.pages) for w in page_words(page)]
    level = {"fr-de": "constaté", "fr-es": "constaté", "en-de": "observed", "ca-fr": "observat"}[name]
    said = next((i, w["top"]) for i, w in words if w["text"].startswith(level))
    # the results table's header ("Critère d'évaluation", "Criteri d'avaluació", "Assessment criterion"),
    # the first after the instruction; none before it on its page (the instruction is not under the table)
    header = [(i, w["top"]) for i, w in words if w["text"].startswith(("Critère", "Criteri", "Assessment"))
              and w["top"] > 60]  # not the title's "Assessment grid"
    assert header and all(h > said for h in header), (said, header)


# --- pages8: no sheet wasted (#25, the last page faults) ---------------------------------------------
# Short tables were kept whole in every format: a tall one pushed to the next page left 40 % of a
# page blank (the FR->DE learning agreement on 4 sheets, the EN->DE grid on 3, the MEN file on 3 in ODT).

WASTED = 1 / 3  # the most of a page (but the last) left blank
TEXT_TOP_CM, TEXT_BOTTOM_CM = 1.4, 1.6  # the PDF's page margins (DOCX and ODT: 1.6 cm and more)


def blank_share(page) -> float:
    """The share of the page's text height left blank below its last word or rule."""
    bottom = float(page.height) - BOTTOM_MARGIN
    marks = [float(w["bottom"]) for w in page_words(page) if float(w["bottom"]) <= bottom]
    marks += [float(x["bottom"]) for x in page.rects + page.lines if float(x["bottom"]) <= bottom]
    height = float(page.height) - (TEXT_TOP_CM + TEXT_BOTTOM_CM) * PT_PER_CM
    return (float(page.height) - TEXT_BOTTOM_CM * PT_PER_CM - max(marks, default=0.0)) / height


def signing_headings(md: str) -> list[list[str]]:
    """The words of each heading above a signature table (a signature block is never parted: it
    may leave the page before it blank, as long as its heading goes with it)."""
    return [tokens(md_plain(heading)) for heading, header in headed_tables(md)
            if any(h.endswith(SIGN_AND_STAMP) for h in header)]


def wasted_pages(doc: Printed) -> list[str]:
    headings = signing_headings(doc.md)
    found = []
    for number, page in enumerate(doc.pages[:-1], 1):
        share = blank_share(page)
        if share <= WASTED:
            continue
        opening = [t for w in page_words(doc.pages[number])[:30] for t in tokens(w["text"])]
        if not any(opening[:len(h)] == h for h in headings) and not opens_the_section_before_signing(doc.md, opening):
            found.append(f"p{number}: {share:.0%} blank, p{number + 1} opens {' '.join(opening[:6])!r}")
    return found


def test_no_page_but_the_last_is_left_a_third_blank(printed):
    """The host reader's wasted sheets: a page more than a third blank, but the last or one before a
    signature block with its heading (kept whole by design), is a fault."""
    assert any(signing_headings(doc.md) for doc in printed.values())
    problems = {key: found for key, doc in printed.items() if (found := wasted_pages(doc))}
    assert not problems, "pages left blank:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


@pytest.mark.parametrize("key, pages", [("fr-de/learning_agreement.pdf", 3), ("fr-de/men_unit_file.odt", 2),
                                        ("fr-es/men_unit_file.odt", 2)])
def test_the_documents_found_long_are_no_longer(printed, key, pages):
    """Measured before pages8: 4, 3 and 3 sheets (the EN->DE grid, 3 sheets, is words8's GRID_PAGES)."""
    assert len(printed[key].pages) <= pages


def test_a_tall_table_parts_under_its_header_never_leaving_a_row_alone(printed):
    """The FR->DE learning agreement's organisations (7 rows, the first page's foot): parted, its
    header printed again over the rest, and never its first or last row alone on a page."""
    doc = printed["fr-de/learning_agreement.pdf"]
    rows = next(rows for _, rows in md_tables(doc.md) if rows[0][0] == "Rubrique / Angabe" and len(rows[0]) == 4)
    firsts = [tokens(md_plain(row[0])) for row in rows[1:]]
    where = []
    for cells in firsts:
        pages = [n for n, p in enumerate(doc.pages) if set(cells) <= body_tokens(p)]
        where.append(pages[0] if pages else None)
    assert None not in where and len(set(where)) == 2, where  # parted over two pages: the test's case
    second = where.index(where[-1])
    assert 2 <= second <= len(where) - 2, where
    header = set(tokens(" ".join(rows[0])))
    assert header <= body_tokens(doc.pages[where[-1]])


def numbers_ending_lines(doc: Printed) -> list[str]:
    """A heading's line ending with a section number, its words on the next ("… certification / 2."
    then "Gegenstand der Ausbildung…", the convention in ODT)."""
    numbers = {n for line in re.findall(r"^#+ .*$", doc.md, re.M) for n in re.findall(r"(?:^#+ | / )(\d{1,2}\.) ", line)}
    found = []
    for number, page in enumerate(doc.pages, 1):
        lines: dict[int, list[str]] = {}
        for w in page_words(page):
            lines.setdefault(round(float(w["top"])), []).append(w["text"])
        found += [f"p{number}: {' '.join(words)[-50:]!r}" for words in lines.values()
                  if len(words) > 1 and words[-1] in numbers]
    return found


def test_a_section_number_never_ends_a_heading_line(printed):
    assert any(re.search(r"^#+ .* / \d{1,2}\. ", doc.md, re.M) for doc in printed.values())  # bilingual numbers
    problems = {key: found for key, doc in printed.items() if (found := numbers_ending_lines(doc))}
    assert not problems, "numbers ending a line:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def lone_first_words(doc: Printed) -> list[str]:
    """Table cells of at most three words whose first line holds one word ("Regard" over
    "distancié" in the BTM file's first column): a label read as two. A bilingual label parted at
    its slash ("Étape" over "/ Paso") reads as its two languages and is not counted."""
    found = []
    for number, inside in cells_words(doc):
        lines: dict[int, list[str]] = {}
        for w in inside:
            lines.setdefault(round(float(w["top"])), []).append(w["text"])
        first = lines[min(lines)] if lines else []
        if len(lines) > 1 and len(first) == 1 and len(inside) <= 3 and inside[1]["text"] != "/":
            found.append(f"p{number}: {' '.join(w['text'] for w in inside)!r}")
    return found


def cells_words(doc: Printed):
    """(page number, the words printed inside it) for every table cell of the document."""
    for number, page in enumerate(doc.pages, 1):
        words = page_words(page)
        for table in page.find_tables():
            for c in (c for row in table.rows for c in row.cells if c is not None):
                yield number, [w for w in words if c[0] - 1 <= float(w["x0"]) and float(w["x1"]) <= c[2] + 1
                               and c[1] - 1 <= float(w["top"]) and float(w["bottom"]) <= c[3] + 1]


def test_a_short_cell_never_holds_its_first_word_alone_on_a_line(printed):
    pdfs = {key: doc for key, doc in printed.items() if key.endswith(".pdf")}
    problems = {key: found for key, doc in pdfs.items() if (found := lone_first_words(doc))}
    assert not problems, "first words alone:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# --- cells: no line of a cell broken before a word that fits on it (#25, the host readers) ----------


def early_breaks(doc: Printed) -> list[str]:
    """Lines of a table cell that end while the next line's first word would still fit on them:
    WeasyPrint broke "Mise en place quotidienne / [sin traducir]" after "Mise" (then "en place
    quotidienne /"), "Entreprise" alone over "d'accueil : Pastelería…": a label read as two."""
    found = []
    for number, inside in cells_words(doc):
        lines: dict[int, list[dict]] = {}
        for w in inside:
            lines.setdefault(round(float(w["top"])), []).append(w)
        rows = [sorted(lines[top], key=lambda w: float(w["x0"])) for top in sorted(lines)]
        right = max((float(w["x1"]) for w in inside), default=0.0)  # the cell's text edge, as printed
        for line, after in zip(rows, rows[1:]):
            if line[-1]["text"].endswith("/"):  # the host's half begun on a line of its own (host_break)
                continue
            start, end = float(line[0]["x0"]), float(line[-1]["x1"])
            space = float(after[0]["x0"]) - start  # the next line starts where this one does
            # the next word with what may not begin a line after it ("quotidienne /": no break
            # before a slash or a colon, even after a space, in Unicode's line breaking; "« Compétences
            # évaluées »": French quotes held by no-break spaces): punctuation stays with its word
            glued = 2 if len(after) > 1 and after[0]["text"] in ("«", "„", "“", "(", "¿", "¡") else 1
            while glued < len(after) and not any(ch.isalnum() for ch in after[glued]["text"]):
                glued += 1
            word = float(after[glued - 1]["x1"]) - float(after[0]["x0"])
            if abs(space) < 2 and end + word + 3 < right - 1:  # a space is about 2.5 pt at 8 pt
                found.append(f"p{number}: {' '.join(w['text'] for w in line)!r} | "
                             f"{' '.join(w['text'] for w in after)[:40]!r}")
    return found


def test_no_cell_line_breaks_before_a_word_that_fits(printed):
    pdfs = {key: doc for key, doc in printed.items() if key.endswith(".pdf")}
    problems = {key: found for key, doc in pdfs.items() if (found := early_breaks(doc))}
    assert not problems, "lines broken early:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# signkeep ------------------------------------------------------------------------------------------
# #25, the three host readers: the signature table alone on the last sheet, carrying no clause of what
# is signed (the learning agreement's commitment on the page before, the convention's section 10 on p3
# and its five signatories on p4). The block just before the signature section is printed on the page
# where the signature table starts, in every format.

_MD_BLOCK = re.compile(r"\n\s*\n")


def signing_sections(md: str) -> list[tuple[list[str], list[str], set[str]]]:
    """For each signature table of the Markdown: its section's heading words, its header row's
    words, and the words of the block just before that heading (a paragraph, a table) that the
    signature section and what follows it do not hold. Any of them on the signature table's page
    means the block is there: the words before it in the document are printed before it."""
    blocks = [b.strip() for b in _MD_BLOCK.split(md) if b.strip()]
    found = []
    for i, block in enumerate(blocks):
        rows = md_rows(block) if block.startswith("|") else []
        if not rows or not rows[0][-1].endswith(SIGN_AND_STAMP):
            continue
        at = max(j for j in range(i) if blocks[j].startswith("#"))  # the signature section's heading
        heading, header = tokens(md_plain(blocks[at].lstrip("# "))), tokens(" ".join(rows[0]))
        after = {t for b in blocks[at:] for t in tokens(md_plain(b))}
        found.append((heading, header, set(tokens(md_plain(blocks[at - 1]))) - after))
    return found


def unsigned_signature_pages(doc: Printed) -> list[str]:
    """The signature pages that print no word of the block before the signature section."""
    found = []
    for heading, header, own in signing_sections(doc.md):
        where = [n for n, page in enumerate(doc.pages) if set(heading) | set(header) <= body_tokens(page)]
        if not where:
            found.append(f"signature table {' '.join(heading)!r} not found")
            continue
        page = body_tokens(doc.pages[where[-1]])
        if not own & page:
            found.append(f"p{where[-1] + 1}: none of {sorted(own)[:6]} with {' '.join(heading)!r}")
    return found


def test_the_signature_sections_are_found():
    """The block before a signature section: a box, its label's words; a translation, its words
    but those the signature section repeats (a test of the test)."""
    md = ("# T\n\n## 9. A / 9. B\n\n| Fill / Füllen |\n| --- |\n| \\_\\_\\_\\_\\_\\_\\_\\_ |\n\n"
          "## 10. Insurance cover / 10. Haftpflicht\n\n| Fill / Füllen |\n| --- |\n| \\_\\_\\_\\_\\_\\_\\_\\_ |\n\n"
          "## Signatures\n\n| Signatory | Date | Signature and stamp |\n| --- | --- | --- |\n| Host | | |\n")
    [(heading, header, own)] = signing_sections(md)
    assert heading == ["Signatures"] and header[0] == "Signatory"
    assert own == {"Fill", "Füllen"}
    md = md.replace("## 10. Insurance cover / 10. Haftpflicht\n\n| Fill / Füllen |\n| --- |\n| \\_\\_\\_\\_\\_\\_\\_\\_ |",
                    "## Commitment\n\nBy signing the parties confirm.\n\n*Mit ihrer Unterschrift bestätigen sie.*")
    assert signing_sections(md)[0][2] == {"Mit", "ihrer", "Unterschrift", "bestätigen", "sie"}
    assert not signing_sections(md.replace("Signature and stamp", "Notes"))


def test_a_signature_table_is_printed_with_the_block_before_its_section(printed):
    measured = [key for key, doc in printed.items() if signing_sections(doc.md)]
    assert len(measured) >= 30  # every signed document of every pack, in every format
    problems = {key: found for key, doc in printed.items() if (found := unsigned_signature_pages(doc))}
    assert not problems, "signature pages without what is signed:\n" + \
        "\n".join(f"{k}: {v}" for k, v in problems.items())


def opens_the_section_before_signing(md: str, opening: list[str]) -> bool:
    """A page opening in the section just before a signature section: kept with it by design
    (signkeep), it may leave the page before it blank as the signature block's heading may."""
    blocks = [b.strip() for b in _MD_BLOCK.split(md) if b.strip()]
    for i, block in enumerate(blocks):
        rows = md_rows(block) if block.startswith("|") else []
        if not rows or not rows[0][-1].endswith(SIGN_AND_STAMP):
            continue
        at = max(j for j in range(i) if blocks[j].startswith("#"))
        since = max((j for j in range(at) if blocks[j].startswith("#")), default=0)
        region = [t for b in blocks[since:i + 1] for t in tokens(md_plain(b.lstrip("# ")))]  # to the table
        head = opening[:4]
        if head and any(region[k:k + len(head)] == head for k in range(len(region))):
            return True
    return False



def footer_faults(doc: Printed) -> list[str]:
    """Pages whose footer line (below the text's bottom margin) is not the document's title (or
    its first words, when long) and "n / N", on one line."""
    heading = md_plain(next(line for line in doc.md.splitlines() if line.startswith("# "))[2:])
    title = tokens(heading)
    host_title = tokens(heading.split(" / ")[-1])  # pages11: a long bilingual title, its host half whole
    found = []
    for number, page in enumerate(doc.pages, 1):
        foot = [w for w in page_words(page) if float(w["top"]) > float(page.height) - BOTTOM_MARGIN + TOLERANCE]
        words = [t for w in foot for t in tokens(w["text"])]
        named = words[:-2]
        if words[-2:] != [str(number), str(len(doc.pages))] or len(named) < min(3, len(title)) \
                or (named != title[:len(named)] and named != host_title[:len(named)]) or len({round(float(w["top"])) for w in foot}) > 1:
            found.append(f"p{number}: {' '.join(w['text'] for w in foot)!r}")
    return found


def test_every_printed_page_names_its_document_in_the_footer(printed):
    """A loose sheet says which document it belongs to: the DOCX and ODT footers were "3 / 4"
    only, the PDF's names the document (#25, the three host readers)."""
    problems = {key: found for key, doc in printed.items() if (found := footer_faults(doc))}
    assert not problems, "footers without the document's title:\n" + \
        "\n".join(f"{k}: {v[:3]}" for k, v in problems.items())


# pages10 ---------------------------------------------------------------------------------------
# #25, the host readers' last page findings: room to write by hand in every cell a host fills in.

DETAIL_CM, ADDRESS_CM = 1.0, 1.5  # a contact's detail, a postal address, written by hand
DETAIL_WORDS = ("OID", "Contact person: name", "Contact person: function", "Contact person: e-mail",
                "Contact person: phone", "E-mail", "Phone")


def _catalogue_words(msgid: str) -> set[str]:
    from mobility_advisor.i18n.catalogues import gettext

    return {_spaced(gettext(lang, msgid, "documents")) for lang in ("fr", "en", "es", "ca", "de")}


def _spaced(text: str) -> str:  # (French typography: a no-break space before a colon)
    return " ".join(re.sub(r"[\s\u00a0\u202f]+", " ", text).split()).replace(" :", ":")


def detail_rows_wanted(md: str) -> list[tuple[list[str], float]]:
    """(label tokens, the height wanted in cm) of the learning agreement's detail rows left blank."""
    address, details = _catalogue_words("Address"), set().union(*map(_catalogue_words, DETAIL_WORDS))
    wanted = []
    for _, rows in md_tables(md):
        for row in rows[1:]:
            label = _spaced(md_plain(row[0]))
            parts = set(label.split(" / "))
            if not any(md_plain(c).strip() == "_" * 8 for c in row[1:]):
                continue
            if parts & address:  # (one language suffices: "Persona de contacte / Personne de contact: nom")
                wanted.append((tokens(label), ADDRESS_CM))
            elif parts & details:
                wanted.append((tokens(label), DETAIL_CM))
    return wanted


def printed_rows(doc: Printed):
    """(first cell's tokens, row height in cm, whether another cell holds a blank) of every table row."""
    for page in doc.pages:
        for table in page.find_tables():
            for row in table.rows:
                cells = [c for c in row.cells if c is not None]
                if len(cells) < 2:
                    continue
                texts = [page.crop(c).extract_text() or "" for c in cells]
                top, bottom = min(c[1] for c in cells), max(c[3] for c in cells)
                # a blank: printed "____", or in the tool's PDF a text field (it prints no blank: pages12)
                yield tokens(texts[0]), (bottom - top) / PT_PER_CM, any("____" in t for t in texts[1:]) \
                    or any(field_in(page, c) for c in cells[1:])


def short_detail_rows(doc: Printed) -> list[str]:
    wanted = detail_rows_wanted(doc.md)
    rows = list(printed_rows(doc))
    found = []
    for label, cm in wanted:
        heights = [h for words, h, blank in rows if words == label and blank]
        if not heights:
            found.append(f"{' '.join(label)!r}: not found")
        elif min(heights) < cm - 0.03:
            found.append(f"{' '.join(label)!r}: {min(heights):.2f} cm < {cm}")
    return found


def test_the_learning_agreements_detail_rows_are_found():
    """The rows measured are the organisations' and the tutor's blanks (a test of the test)."""
    md = "| Item | Details |\n| --- | --- |\n| Adresse / Anschrift | \\_\\_\\_\\_\\_\\_\\_\\_ |\n" \
         "| OID | E10123456 |\n| Courriel / E-Mail | \\_\\_\\_\\_\\_\\_\\_\\_ |\n| Nom / Name | Anna |\n"
    assert detail_rows_wanted(md) == [(["Adresse", "Anschrift"], ADDRESS_CM), (["Courriel", "E", "Mail"], DETAIL_CM)]


def test_the_learning_agreements_blank_details_leave_room_to_write(printed):
    """An address or an e-mail written by hand: a blank detail cell at least 1 cm high, an address
    1.5 cm, in PDF, DOCX and ODT (they were one text line, 0.5 cm)."""
    docs = {k: d for k, d in printed.items() if "/learning_agreement." in k}
    assert all(len(detail_rows_wanted(d.md)) >= 8 for d in docs.values())
    problems = {key: found for key, doc in docs.items() if (found := short_detail_rows(doc))}
    assert not problems, "detail rows too low to write in:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_a_given_detail_stays_a_line_of_text(printed):
    """The tutor's name and function, given by the answers, are not written in: their rows stay low."""
    for fmt in FORMATS:
        doc = printed[f"fr-de/learning_agreement.{fmt}"]
        heights = [h for words, h, blank in printed_rows(doc) if words in (["Fonction", "Funktion"],)]
        assert heights and max(heights) < DETAIL_CM - 0.2, (fmt, heights)


def test_the_pdf_fields_over_blank_details_cover_their_cells(packs):
    """A typed address is on lines of its field, as high as its cell; an e-mail's field too."""
    from pypdf import PdfReader

    fields = {name: f for name, f in PdfReader(packs["fr-de"] / "learning_agreement.pdf").get_fields().items()}
    rects = {}
    for page in PdfReader(packs["fr-de"] / "learning_agreement.pdf").pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            parent = a.get("/Parent")
            name = ".".join(filter(None, [parent.get_object().get("/T") if parent else None, a.get("/T")]))
            if "/Rect" in a:
                x0, y0, x1, y1 = map(float, a["/Rect"])
                rects[name] = abs(y1 - y0) / PT_PER_CM
    assert fields
    for name in ("host_company.address", "host_partner.address", "sending_organisation.address"):
        assert rects[name] >= ADDRESS_CM - 0.3, (name, rects[name])
        assert int(fields[name].get("/Ff", 0)) & (1 << 12), name  # typed on several lines
    for name in ("host_company.contact_email", "host_partner.contact_phone", "tutor.email"):
        assert rects[name] >= DETAIL_CM - 0.3, (name, rects[name])


# The evaluation grid's results: a level written by hand "before departure", a result box ticked at the end
LEVEL_CM = 2.5  # "partiellement atteint" in a small hand (the cells were 1.6-1.7 cm)


def results_columns(doc: Printed) -> list[list[float]]:
    """The column widths (cm) of the results table (the grid's table of 7 columns) on each page it is on."""
    return [[(c[2] - c[0]) / PT_PER_CM for c in table.rows[0].cells] for _, table in results_tables(doc)]


def results_tables(doc: Printed) -> list:
    """(page, table) of each part of the results table: outcome, criterion, method, level before
    departure, three result boxes (#25, session 11: an "end of stay" column repeated the result)."""
    return [(page, table) for page in doc.pages for table in page.find_tables()
            if table.rows and len([c for c in table.rows[0].cells if c is not None]) == 7]


def test_the_grids_level_cells_leave_room_to_write_a_level(printed):
    """"Before departure" at least 2.5 cm, the room taken from the tick columns; the outcome (the
    longest text) the widest of the text columns."""
    grids = {k: d for k, d in printed.items() if "/evaluation_grid." in k}
    assert len(grids) == 4 * len(FORMATS)
    problems = {}
    for key, doc in grids.items():
        tables = results_columns(doc)
        if not tables:
            problems[key] = "results table not found"
        for widths in tables:
            if widths[3] < LEVEL_CM - 0.05 or widths[0] < max(widths[1:3]) - 0.05:
                problems[key] = [round(w, 2) for w in widths]
    assert not problems, "results tables:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_grids_hint_is_printed_just_above_the_results_table(printed):
    """What to write in the level columns is said just above them (it was at the top of page 1)."""
    level = {"fr-de": "constaté", "fr-es": "constaté", "en-de": "observed", "ca-fr": "observat"}
    for name, word in level.items():
        for fmt in FORMATS:
            doc = printed[f"{name}/evaluation_grid.{fmt}"]
            said = next((n, float(w["top"])) for n, p in enumerate(doc.pages) for w in page_words(p)
                        if w["text"].startswith(word))
            page = doc.pages[said[0]]
            tables = [t for p, t in results_tables(doc) if p is page]
            assert tables, (name, fmt, "the hint is not on the results table's page")
            gap = (tables[0].bbox[1] - said[1]) / PT_PER_CM
            # its lines and translation, then the table (3 lines a language since the tick's sentence joined it)
            assert 0 < gap < 3.0, (name, fmt, gap)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_en_de_grid_is_two_sheets(printed, fmt):
    """Long outcomes (EN->DE) took 3 sheets in PDF and ODT: the results table missed page 1."""
    assert len(printed[f"en-de/evaluation_grid.{fmt}"].pages) == 2


GRID_BODY_PT = 8.0  # what the other host documents' tables are printed at, at least
GRID_HEAD_PT = 7.0


def test_the_grids_results_are_printed_at_a_readable_size(printed):
    """#25 (readde12, ranked first): the results table was printed at 7 pt, its header at 5.6 pt
    (5.5 in DOCX), where the host records every result; 8 pt and 7 pt at least, on two sheets.
    Its words measured as printed, the header row apart from the body."""
    problems = {}
    for key, doc in printed.items():
        if "/evaluation_grid." not in key:
            continue
        parts = results_tables(doc)
        if not parts or len(doc.pages) > 2:
            problems[key] = f"{len(parts)} parts of the results table, {len(doc.pages)} pages"
            continue
        head, body = [], []
        for page, table in parts:
            head_bottom = table.rows[0].bbox[3]
            for char in page.within_bbox(table.bbox).chars:
                if char["text"].strip() and char["text"] not in "/○":
                    (head if char["top"] < head_bottom else body).append(round(char["size"], 1))
        if not head or not body or min(head) < GRID_HEAD_PT - 0.1 or min(body) < GRID_BODY_PT - 0.1:
            problems[key] = (min(head, default=None), min(body, default=None))
    assert len([k for k in printed if "/evaluation_grid." in k]) == 4 * len(FORMATS)
    assert not problems, problems


def men_results_headers(doc: Printed, column: int) -> list[list[tuple]]:
    """The header cells' boxes of the MEN unit file's results table (4 columns, the last written in
    by hand), on every page it is on: found by the words of its header's `column`."""
    header = next(rows[0] for _, rows in md_tables(doc.md) if len(rows[0]) == 4 and rows[0][0] != rows[1][0]
                  and all(md_plain(r[3]).strip() == "_" * 8 for r in rows[1:]))
    words = tokens(md_plain(header[column]))
    found = []
    for page in doc.pages:
        for table in page.find_tables():
            cells = [c for c in table.rows[0].cells if c is not None] if table.rows else []
            if len(cells) == 4 and tokens(page.crop(cells[column]).extract_text() or "") == words:
                found.append(cells)
    return found


def cell_cm(cell: tuple) -> float:
    return (cell[2] - cell[0]) / PT_PER_CM


def result_column_widths(doc: Printed) -> list[float]:
    """The MEN unit file's "Result" column (cm), on every page its table is on (header by its words)."""
    return [cell_cm(cells[3]) for cells in men_results_headers(doc, 3)]


def test_the_men_unit_files_result_column_leaves_room_to_write_a_result(printed):
    """A result written by hand needs 2.5 cm (the column was 1.5-2.3 cm); no scale is printed in it."""
    docs = {k: d for k, d in printed.items() if "/men_unit_file." in k}
    assert len(docs) == 3 * len(FORMATS)
    problems = {k: w for k, d in docs.items() if not (w := result_column_widths(d)) or min(w) < LEVEL_CM - 0.05}
    assert not problems, "result columns:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def pages_ending_with_a_colon(doc: Printed) -> list[str]:
    """Pages (but the last) whose last line of text ends with ":" (a lead-in, what it introduces on the next)."""
    found = []
    for number, page in enumerate(doc.pages[:-1], 1):
        words = [w for w in page_words(page) if float(w["bottom"]) < float(page.height) - BOTTOM_MARGIN]
        if not words:
            continue
        bottom = max(float(w["bottom"]) for w in words)
        line = sorted((w for w in words if abs(float(w["bottom"]) - bottom) < 2), key=lambda w: float(w["x0"]))
        # a label in a table cell with room under it introduces what is written there, on the same page
        # (the attestation's "Other host company, if any:", its field on a line of its own below)
        last = line[-1]
        room = [c for t in page.find_tables() for row in t.rows for c in row.cells
                if c and c[0] <= float(last["x0"]) <= c[2] and c[1] <= float(last["top"]) and c[3] - float(last["bottom"]) > 8]
        if last["text"].endswith(":") and not room:
            found.append(f"p{number}: {' '.join(w['text'] for w in line)[-60:]!r}")
    return found


def test_a_lead_in_is_never_the_last_line_of_a_page(printed):
    """A sentence ending with ":" is printed with what it introduces (ODT: the convention's §2 lead-in
    alone at a page's foot, its list on the next)."""
    problems = {key: found for key, doc in printed.items() if (found := pages_ending_with_a_colon(doc))}
    assert not problems, "lead-ins at a page's foot:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def unkept_lead_ins(path: Path) -> list[str]:
    """Paragraphs outside tables ending with ":" that do not keep with the next (DOCX w:keepNext;
    ODT a style with fo:keep-with-next, its own or its parent's)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml" if path.suffix == ".docx" else "content.xml").decode("utf-8")
    found = []
    if path.suffix == ".docx":
        for part in re.split(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S):
            for p in re.findall(r"<w:p>(?:(?!</w:p>).)*</w:p>", part, re.S):
                text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
                if text.rstrip().endswith(":") and "<w:keepNext" not in p:
                    found.append(text[-50:])
        return found
    keeping = set(re.findall(r'<style:style style:name="([^"]+)"[^>]*>\s*<style:paragraph-properties [^>]*'
                             r'fo:keep-with-next="always"', xml))
    for part in re.split(r"<table:table .*?</table:table>", xml[xml.find("<office:body>"):], flags=re.S):
        for style, inner in re.findall(r'<text:p text:style-name="([^"]+)">((?:(?!</text:p>).)*)</text:p>', part, re.S):
            text = re.sub(r"<[^>]+>", "", inner)
            if text.rstrip().endswith(":") and style not in keeping:
                found.append(text[-50:])
    return found


def test_a_lead_in_keeps_with_what_it_introduces_in_docx_and_odt(packs):
    checked, problems = 0, {}
    for name, pack in packs.items():
        for stem in ONLY.get(name, HOST_FILES):
            for fmt in ("docx", "odt"):
                path = pack / f"{stem}.{fmt}"
                if path.is_file():
                    checked += 1
                    if found := unkept_lead_ins(path):
                        problems[f"{name}/{stem}.{fmt}"] = found
    assert checked > 30
    assert not problems, "lead-ins not kept with the next block:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def tac_tables(doc: Printed) -> list[tuple[list[float], list[float]]]:
    """(column widths, body row heights) in cm of the BTM file's TAC (its table of 6 columns) on each page."""
    found = []
    for page in doc.pages:
        for table in page.find_tables():
            rows = [[c for c in r.cells if c is not None] for r in table.rows]
            if rows and len(rows[0]) == 6:
                widths = [(c[2] - c[0]) / PT_PER_CM for c in rows[0]]
                heights = [(max(c[3] for c in r) - min(c[1] for c in r)) / PT_PER_CM for r in rows[1:] if r]
                found.append((widths, heights))
    return found


def test_the_tacs_tick_columns_give_room_and_its_rows_are_two_centimetres(printed):
    """The TAC's tick columns take an "x" (they were 1.8-2.6 cm): as narrow as their header's longest
    word, the comment 6 cm; its rows 2 cm in every format (DOCX's were 1.63 cm)."""
    for fmt in FORMATS:
        tables = tac_tables(printed[f"fr-de-btm/btm_file.{fmt}"])
        assert tables, fmt
        for widths, heights in tables:
            assert max(widths[2:5]) <= 2.1 and widths[5] >= 6.0 - 0.05, (fmt, [round(w, 2) for w in widths])
            assert heights and min(heights) >= 2.0 - 0.03, (fmt, [round(h, 2) for h in heights])


# pages11 ---------------------------------------------------------------------------------------
# #25, the host readers' last layout findings (session 9).

def office_footer_text(path: Path) -> str:
    """The text of a DOCX's or ODT's footer before its tab (the title part), read from its XML."""
    import html
    import zipfile

    with zipfile.ZipFile(path) as archive:
        if path.suffix == ".docx":
            xml = archive.read("word/footer1.xml").decode("utf-8")
            xml = xml.split("<w:tab />", 1)[0]
            return html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))
        xml = archive.read("styles.xml").decode("utf-8")
        m = re.search(r"<style:footer>\s*<text:p [^>]*>(.*?)<text:tab/>", xml, re.S)
        return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) if m else ""


@pytest.mark.parametrize("name, stem", [("ca-fr", "qbid_agreement"), ("fr-de-btm", "btm_file")])
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_office_footer_keeps_the_host_language_title_whole(packs, name, stem, fmt):
    """A bilingual title "A / B" too long for the footer line: the host reads B, so B is printed
    whole (it was B that the cut at the line's end took: "… / Unterlagen zum BTM „mention
    Europe“ und zur …")."""
    title = next(line for line in (packs[name] / f"{stem}.md").read_text(encoding="utf-8").splitlines()
                 if line.startswith("# "))[2:]
    host_title = md_plain(title.split(" / ")[-1]).strip()
    footer = office_footer_text(packs[name] / f"{stem}.{fmt}")
    assert " ".join(host_title.split()) in " ".join(footer.split()), (footer, host_title)
    assert "…" not in footer, footer


SHORT_SECTION_CM = 11.5  # a section this short (its heading to the next, ~10 cm of text) is printed on one page (as the PDF does)


def md_sections(md: str) -> list[tuple[str, list[list[str]]]]:
    """Each `##` section: its heading and the first words of each of its blocks (a sentence, a list
    item, a table's first header cell), as tokens."""
    found: list[tuple[str, list[list[str]]]] = []
    for block in md.split("\n\n"):
        block = block.strip()
        if block.startswith("#"):
            found.append((block.lstrip("#").strip(), []) if block.startswith("## ") else ("", []))
        elif found and found[-1][0] and block:
            if block.startswith("|"):
                firsts = [md_rows(block)[0][0]]
            else:
                firsts = [item for item in re.split(r"\n(?=- )", block)]
            found[-1][1].extend(tokens(md_plain(re.sub(r"^- \[.\]|^- ", "", f)))[:3] for f in firsts)
    return [(heading, blocks) for heading, blocks in found if heading and blocks]


def _page_holding(doc: Printed, words: set[str]) -> int | None:
    return next((i for i, page in enumerate(doc.pages) if words <= body_tokens(page)), None)


def section_height_cm(doc: Printed, heading: str, next_heading: str | None) -> float | None:
    """The section's height on the tool's PDF page: from its heading's top to the next heading's
    (or the last word above the footer); None when the PDF parts it too."""
    pattern = r"\W*".join(re.escape(t) for t in tokens(md_plain(heading))[:4])
    for page in doc.pages:
        top = page.search(pattern)
        if not top:
            continue
        start = float(top[0]["top"])
        if next_heading:
            after = [m for m in page.search(r"\W*".join(re.escape(t) for t in tokens(md_plain(next_heading))[:4]))
                     if float(m["top"]) > start]
            if not after:
                return None
            return (float(after[0]["top"]) - start) / PT_PER_CM
        body = [float(w["bottom"]) for w in page_words(page) if float(w["top"]) < float(page.height) - BOTTOM_MARGIN]
        return (max(body) - start) / PT_PER_CM
    return None


def parted_short_sections(doc: Printed, pdf: Printed) -> list[str]:
    found = []
    sections = md_sections(doc.md)
    signing = signing_headings(doc.md)
    for i, (heading, blocks) in enumerate(sections):
        next_heading = sections[i + 1][0] if i + 1 < len(sections) else None
        if i + 2 < len(sections) and tokens(md_plain(sections[i + 2][0])) in signing:
            # (the section two before the signatures may part: kept whole with the section kept with
            # the signatures, the three outgrew a page and the signatures took a page more)
            continue
        height = section_height_cm(pdf, heading, next_heading)
        if height is None or height >= SHORT_SECTION_CM:
            continue
        words = set(tokens(md_plain(heading))).union(*map(set, blocks))
        if _page_holding(doc, words) is None:
            found.append(f"{heading!r} ({height:.1f} cm) parted")
    return found


def test_md_sections_are_found():
    md = ("# T\n\n## Déroulement / Verlauf\n\n| Point / Punkt | Prévu |\n| --- | --- |\n| a | b |\n\n"
          "- [ ] La mobilité s'est déroulée\\\n      *Die Mobilität*\n- [ ] Des changements sont\n\n## Signatures\n\nDate")
    assert md_sections(md) == [("Déroulement / Verlauf", [["Point", "Punkt"], ["La", "mobilité", "s"],
                                                          ["Des", "changements", "sont"]]),
                               ("Signatures", [["Date"]])]


def test_a_short_section_is_printed_on_one_page(printed):
    """A section shorter than 10 cm in the tool's PDF (heading, its table, its tick boxes, its box)
    is never parted by LibreOffice: the complement's "Déroulement / Verlauf" heading and table at
    the foot of p. 1 and its tick boxes and box on p. 2, with no heading (#25 session 9)."""
    problems = {}
    for key, doc in printed.items():
        if key.endswith(".pdf"):
            continue
        if found := parted_short_sections(doc, printed[key.rsplit(".", 1)[0] + ".pdf"]):
            problems[key] = found
    assert not problems, "short sections parted across pages:\n" + \
        "\n".join(f"{k}: {v}" for k, v in problems.items())


def label_value_cells(md: str) -> list[str]:
    """The value cells of the label/value tables ("Rubrique / Angabe | Renseignement / Inhalt") that
    fit on one line in half the table at the tables' 9 pt, and hold a few words."""
    from mobility_advisor.formats.detail_rows import is_label_column
    from mobility_advisor.formats.table_layout import SAFETY, TEXT_WIDTH_CM, text_em

    found = []
    for _, rows in md_tables(md):
        if not rows or any(len(row) != 2 for row in rows) or not is_label_column(md_plain(rows[0][0])):
            continue  # (a table of documents and dates, "Dokument | Wann", is not one)
        for _, value in rows[1:]:
            value = md_plain(value).strip()
            if len(tokens(value)) >= 2 and text_em(value) * 9 * SAFETY / PT_PER_CM + 0.4 <= TEXT_WIDTH_CM / 2:
                found.append(value)
    return found


def wrapped_values(doc: Printed) -> list[str]:
    found = []
    for value in label_value_cells(doc.md):
        pattern = r"\W*".join(re.escape(t) for t in tokens(value))
        lines = [m for page in doc.pages for m in page.search(pattern)]
        if not any(float(m["bottom"]) - float(m["top"]) < 12 for m in lines):  # one line of 9 pt text at most
            found.append(value)
    return found


def test_label_value_cells_are_found():
    md = ("## Le participant\n\n| Rubrique / Angabe | Renseignement / Inhalt |\n| --- | --- |\n"
          "| Date de naissance / Geburtsdatum | 2 avril 2005 / 2\\. April 2005 |\n| Niveau | 4 |\n")
    assert label_value_cells(md) == ["2 avril 2005 / 2. April 2005"]


def test_a_label_value_tables_short_values_are_printed_on_one_line(printed):
    """The learning agreement's participant table gave its labels ~12 cm and its values ~2.9 cm:
    "2 avril 2005 / 2. April 2005" on two lines (#25 session 9). A value that fits half the table
    on one line is printed on one line, in every format."""
    problems = {key: found for key, doc in printed.items() if (found := wrapped_values(doc))}
    assert not problems, "values wrapped:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def packed_blanks(doc: Printed) -> list[str]:
    """Blanks ("________") printed side by side on a line (under 0.5 cm apart): runs of lines to
    write on that leave no room to write (the BTM's TAC comment cells, ~24 each, three a line)."""
    found = []
    for number, page in enumerate(doc.pages, 1):
        blanks = [w for w in page_words(page) if re.fullmatch(r"_{4,}", w["text"])]
        for a in blanks:
            for b in blanks:
                dx, dy = float(b["x0"]) - float(a["x1"]), float(b["top"]) - float(a["top"])
                if abs(dy) < 2 and 0 <= dx < 0.5 * PT_PER_CM:
                    found.append(f"p{number}: blanks at {float(a['x0']):.0f},{float(a['top']):.0f}")
    return sorted(set(found))


def test_the_tacs_comment_cells_are_empty_boxes(printed):
    """The BTM file's TAC: the tutor's comment cell was ~24 runs of "________" at body leading, no
    ruling to write on, the PDF's comment field over them (#25 session 9): an empty box of the
    row's height, in PDF, DOCX and ODT; the PDF field btm.comment.REF covers it (test_pdf_forms)."""
    problems = {key: found[:3] for key, doc in printed.items() if key.startswith("fr-de-btm/btm_file")
                and (found := packed_blanks(doc))}
    assert len([k for k in printed if k.startswith("fr-de-btm/btm_file")]) == 3
    assert not problems, "blanks packed together:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# lead, session 9: the final host readers
def dated_rows_wanted(md: str) -> list[tuple[list[str], float]]:
    """(first cell's tokens, DETAIL_CM) of the rows with a blank of the qBID calendar (first header
    "Week"), whose blanks take dates and hours written by hand."""
    wanted = []
    for _, rows in md_tables(md):
        if not set(_spaced(md_plain(rows[0][0])).split(" / ")) & _catalogue_words("Week"):
            continue
        wanted += [(tokens(_spaced(md_plain(row[0]))), DETAIL_CM) for row in rows[1:]
                   if any(md_plain(c).strip() == "_" * 8 for c in row[1:])]
    return wanted


def test_dates_or_hours_to_write_by_hand_have_a_row_of_a_centimetre(printed):
    """The qBID calendar's weeks, written in by hand: rows at least 1 cm high in PDF, DOCX and ODT
    (the final Spanish host reader: 0.46 cm in DOCX, 0.57 cm in PDF, one text line)."""
    docs = {k: d for k, d in printed.items() if "/qbid_agreement." in k}
    assert len(docs) == 3 and all(len(dated_rows_wanted(d.md)) >= 4 for d in docs.values())
    problems = {}
    for key, doc in docs.items():
        rows = list(printed_rows(doc))
        for label, cm in dated_rows_wanted(doc.md):
            heights = [h for words, h, blank in rows if words == label and blank]
            if not heights or min(heights) < cm - 0.03:
                problems.setdefault(key, []).append((" ".join(label), heights))
    assert not problems, "rows too low to write a date in:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


# pages12 ---------------------------------------------------------------------------------------
# #25, the host readers' last layout findings (session 10).

def text_fields(page) -> list[tuple[float, float, float, float]]:
    """(x0, top, x1, bottom) of the page's visible text fields (the tool's PDF)."""
    return [(float(a["x0"]), float(a["top"]), float(a["x1"]), float(a["bottom"])) for a in page.annots
            if str((a.get("data") or {}).get("FT")) in ("/'Tx'", "/Tx") and float(a["x1"]) > float(a["x0"])]


def field_in(page, cell) -> bool:
    """A text field lies in the table cell (x0, top, x1, bottom)."""
    return any(cell[0] - 1 <= x0 and x1 <= cell[2] + 1 and cell[1] - 1 <= top < cell[3]
               for x0, top, x1, bottom in text_fields(page))


def blanks_under_fields(doc: Printed) -> list[str]:
    """Blanks ("________") printed in a text field's box: what a host types sits on them."""
    found = []
    for number, page in enumerate(doc.pages, 1):
        boxes = text_fields(page)
        for w in page_words(page):
            if not w["text"].strip("_,;") and any(x0 - 1 <= float(w["x0"]) and float(w["x1"]) <= x1 + 1
                                                   and top - 2 <= float(w["top"]) < bottom for x0, top, x1, bottom in boxes):
                found.append(f"p{number}: {w['text']} at {float(w['x0']):.0f},{float(w['top']):.0f}")
    return found


def unruled_fields(doc: Printed) -> list[str]:
    """The one-line text fields of a signature row (a name, a date) with no rule at their foot: an
    empty field prints nothing, so the paper would show nowhere to write."""
    found = []
    for number, page in enumerate(doc.pages, 1):
        edges = [(float(e["x0"]), float(e["x1"]), float(e["top"])) for e in page.horizontal_edges]
        for a in page.annots:
            name = str((a.get("data") or {}).get("T") or "")
            x0, top, x1, bottom = float(a["x0"]), float(a["top"]), float(a["x1"]), float(a["bottom"])
            if not re.search(r"(name|date)'?$", name) or bottom - top > 0.6 * PT_PER_CM or x1 <= x0:
                continue
            if not any(abs(y - bottom) < 2 and e0 <= x0 + 1 and e1 >= x1 - 1 for e0, e1, y in edges):
                found.append(f"p{number}: {name} at {x0:.0f},{top:.0f}")
    return found


def test_a_text_field_covers_no_printed_blank_and_is_ruled_at_its_foot(printed):
    """The German host reader (session 10): in the tool's PDF the printed "________" stayed under a
    text field, and what a host typed sat on it. A cell a field covers prints no blank; a name's or
    a date's field of one line in a signature row is ruled at its foot, to write on on paper."""
    docs = {k: d for k, d in printed.items() if k.endswith(".pdf")}
    fields = sum(len(text_fields(p)) for d in docs.values() for p in d.pages)
    assert len(docs) >= 10 and fields >= 100
    problems = {key: found[:4] for key, doc in docs.items() if (found := blanks_under_fields(doc) + unruled_fields(doc))}
    assert not problems, "blanks under fields, or fields unruled:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())



def actual_rows_wanted(md: str) -> list[tuple[list[str], float]]:
    """(first cell's tokens, DETAIL_CM) of the rows with a blank under a column headed "Actual"
    ("Réalisé / Tatsächlich", the complement's dates written by hand)."""
    wanted = []
    for _, rows in md_tables(md):
        columns = [i for i, head in enumerate(rows[0]) if set(_spaced(md_plain(head)).split(" / ")) & _catalogue_words("Actual")]
        wanted += [(tokens(_spaced(md_plain(row[0]))), DETAIL_CM) for row in rows[1:]
                   if any(i < len(row) and md_plain(row[i]).strip() == "_" * 8 for i in columns)]
    return wanted


def test_the_complements_actual_dates_have_a_row_of_a_centimetre(printed):
    """The complement's "Réalisé / Tatsächlich" cells, where the actual first and last days are
    written by hand, were one text line high (~0.5 cm) in PDF, DOCX and ODT (the German host
    reader, session 10): at least 1 cm, like the learning agreement's detail rows; the section
    "Déroulement" stays on one page (test_a_short_section_is_printed_on_one_page)."""
    docs = {k: d for k, d in printed.items() if "/learning_agreement_complement." in k}
    assert len(docs) >= 12 and all(len(actual_rows_wanted(d.md)) == 3 for d in docs.values())
    problems = {}
    for key, doc in docs.items():
        rows = list(printed_rows(doc))
        for label, cm in actual_rows_wanted(doc.md):
            # (by its first words: in ODT the tick box's line just under the table touches the last row's cell)
            heights = [h for words, h, blank in rows if words[:len(label)] == label and blank]
            if not heights or min(heights) < cm - 0.03:
                problems.setdefault(key, []).append((" ".join(label), [round(h, 2) for h in heights]))
    assert not problems, "actual dates' rows too low:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


_CODE_NUMBER = re.compile(r"\b[LRD]\d{4}-\d+\b")  # an article of the Code du travail: L6222-42, R6222-66


def broken_code_numbers(doc: Printed) -> list[str]:
    """Article numbers of the Markdown ("L6222-42") printed broken at their hyphen ("L6222-" at a
    line's end, "42" on the next line) or not printed whole."""
    wanted = set(_CODE_NUMBER.findall(doc.md))
    text = "\n".join(page.extract_text() or "" for page in doc.pages)
    text = text.replace("\u2011", "-").replace("\u2010", "-")
    broken = [f"{m.group(0)!r} broken" for m in re.finditer(r"\b[LRD]\d{4}-\n\d+", text)]
    return broken + [f"{code} not printed" for code in sorted(wanted) if code not in text]


def test_an_article_number_is_never_broken_at_its_hyphen(printed):
    """"L6222-|42" across two lines in the EN/DE convention's DOCX (the German host reader, session
    10): a hyphen between two digits never breaks a line, in PDF, DOCX and ODT (w:noBreakHyphen,
    U+2011, a word joiner in the PDF), and the number reads whole from the printed page."""
    docs = {k: d for k, d in printed.items() if _CODE_NUMBER.search(d.md)}
    assert any("/mobility_convention." in k for k in docs) and len(docs) >= 9
    problems = {key: found for key, doc in docs.items() if (found := broken_code_numbers(doc))}
    assert not problems, "article numbers broken:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_docx_and_odt_join_an_article_numbers_hyphen(packs):
    """The office files carry the unbreakable hyphen themselves (not only what LibreOffice prints)."""
    import zipfile

    with zipfile.ZipFile(packs["en-de"] / "mobility_convention.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "L6222</w:t><w:noBreakHyphen />" in xml and not re.search(r"L6222-42", xml)
    with zipfile.ZipFile(packs["en-de"] / "mobility_convention.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert "L6222\u201142" in content and "L6222-42" not in content


def outcome_and_code_widths(doc: Printed) -> list[tuple[float, float]]:
    """(outcome column, reference column) widths in cm of the MEN unit file's results table (its
    header found by its words), on every page the table is on."""
    return [(cell_cm(cells[0]), cell_cm(cells[1])) for cells in men_results_headers(doc, 1)]


CODE_COLUMN_CM = 5.3  # "Bezug zur Kompetenzbeschreibung" in bold: its longest word and padding (it was 6.1 cm)


def test_the_men_unit_files_outcome_has_the_width_its_reference_code_does_not_need(printed):
    """The German host reader (session 10): the reference column, "C1.2 (U2)", was ~6 cm wide (its
    long bilingual header on one line) while the outcome wrapped to 4-5 lines. A column of short
    codes is as narrow as its header's longest word allows; the outcome column gets the room. Not
    where the table would get taller (code_columns): in the FR/DE ODT the header took a line more
    while the rows, as high as their assessment cell, kept theirs (the table then parted)."""
    docs = {k: d for k, d in printed.items() if "/men_unit_file." in k and not k.endswith(".odt") or k == "en-de/men_unit_file.odt"}
    assert len(docs) >= 7
    problems = {}
    for key, doc in docs.items():
        widths = outcome_and_code_widths(doc)
        if not widths or any(code > CODE_COLUMN_CM or code >= outcome for outcome, code in widths):
            problems[key] = [(round(o, 2), round(c, 2)) for o, c in widths]
    assert not problems, "reference column wider than its code needs:\n" + \
        "\n".join(f"{k}: {v}" for k, v in problems.items())


# pages13 ---------------------------------------------------------------------------------------
# #25, session 10: a German host read the EN->DE grid's tick columns' headers as "Partly / achieved /
# / / Teilweise / erreicht" and "Achieved / / Erreicht" (PDF and ODT): the line broke before the
# slash of "A / B". A bilingual header cell's slash is kept with the word before it (header_slash).

def cell_lines(words: list[dict], c: tuple) -> list[list[dict]]:
    """The lines of the words inside a cell's box `c`, top to bottom, each its words left to right
    (a line: the words of one baseline, within 2 pt)."""
    lines: dict[int, list[dict]] = {}
    for w in words:
        if c[0] - 1 <= float(w["x0"]) and float(w["x1"]) <= c[2] + 1 and c[1] - 1 <= float(w["top"]) \
                and float(w["bottom"]) <= c[3] + 1:
            top = next((t for t in lines if abs(t - float(w["top"])) < 2), round(float(w["top"])))
            lines.setdefault(top, []).append(w)
    return [sorted(ws, key=lambda w: float(w["x0"])) for _, ws in sorted(lines.items())]


def header_cell_lines(page) -> list[list[str]]:
    """(the cell's lines, each its words left to right) of every table's first row on the page."""
    words = page_words(page)
    return [[" ".join(w["text"] for w in line) for line in cell_lines(words, c)]
            for table in page.find_tables() for c in (table.rows[0].cells if table.rows else []) if c is not None]


def lone_slashes(doc: Printed) -> list[str]:
    """Header cells with a line that is "/" alone or starts with "/"."""
    return [f"p{number}: {' | '.join(lines)!r}" for number, page in enumerate(doc.pages, 1)
            for lines in header_cell_lines(page) if any(line.startswith("/") for line in lines)]


def test_bilingual_header_cells_are_found(printed):
    """A test of the test: the grid's tick columns' headers are read as cells, line by line."""
    cells = [" ".join(lines) for page in printed["en-de/evaluation_grid.pdf"].pages for lines in header_cell_lines(page)]
    assert any(tokens(cell) == ["Partly", "achieved", "Teilweise", "erreicht"] for cell in cells), cells


def test_a_header_cells_slash_never_stands_alone_nor_opens_a_line(printed):
    """Every host document of the five packs, in the tool's PDF and in DOCX and ODT printed by LibreOffice."""
    problems = {key: found for key, doc in printed.items() if (found := lone_slashes(doc))}
    assert not problems, "a header's slash alone or opening a line:\n" + "\n".join(
        f"{k}: {v}" for k, v in problems.items())


# the pages of the documents whose header columns changed (pages13), as before it
@pytest.mark.parametrize("key, pages", [(f"{name}/{stem}.{fmt}", pages) for name, stem, pages in (
    ("en-de", "evaluation_grid", 2), ("en-de", "learning_agreement", 3), ("en-de", "men_unit_file", 2))
    for fmt in FORMATS])
def test_keeping_the_slash_makes_no_document_longer(printed, key, pages):
    assert len(printed[key].pages) <= pages


# --- A two-language body cell: the host's half begins a line where the cell wraps (host_break) ---

def md_halves(cell: str) -> tuple[str, str] | None:
    """(the pack's half, the host's) of a bilingual cell, parted at its first " / " outside brackets."""
    depth = 0
    for i, ch in enumerate(cell):
        depth += (ch in "([") - (ch in ")]")
        if depth <= 0 and cell.startswith(" / ", i) and i:
            return cell[:i], cell[i + 3:]
    return None


def body_cell_lines(page) -> list[tuple[tuple[float, float], list[list[dict]]]]:
    """((the cell's left and right edges), its lines, each its words left to right) of every table
    cell on the page but those of a table's first row (a header, or repeated on a next page)."""
    words = page_words(page)
    return [((c[0], c[2]), cell_lines(words, c)) for table in page.find_tables() for row in table.rows[1:]
            for c in row.cells if c is not None]


KERNING_PT = 2  # a line measured unkerned (host_break.breaks) is up to 1 % (2 pt) wider than printed


def host_lines(doc: Printed) -> tuple[list[str], list[str], int, int, int]:
    """(cells printed on several lines whose host half does not begin a line at the cell's left text
    edge, cells broken at the slash that would have held on one line, the two-language body cells of
    several lines found, those of one line found, the result grids' cells broken). A result grid's
    cell is broken only where its row gets no taller (host_break.cells): one left mid-line is not counted."""
    from mobility_advisor.formats.table_layout import GRID_HEAD_SCALE, head_scale

    halves = {}
    for _, rows in md_tables(doc.md):
        grid = head_scale([[c.replace("\\_", "_") for c in row] for row in rows]) == GRID_HEAD_SCALE
        for row in rows[1:]:
            for cell in row:
                if (pair := md_halves(cell)) and tokens(pair[0]) and tokens(pair[1]):
                    halves[tuple(tokens(pair[0]) + tokens(pair[1]))] = pair, grid
    mid_line, needless, several, single, grid_broken = [], [], 0, 0, 0
    for number, page in enumerate(doc.pages, 1):
        for (left, right), lines in body_cell_lines(page):
            text = [[t for w in line for t in tokens(w["text"])] for line in lines]
            pair, grid = halves.get(tuple(t for line in text for t in line), (None, False))
            if pair is None:
                continue
            if len(lines) == 1:
                single += 1
                continue
            several += 1
            edge = min(float(line[0]["x0"]) for line in lines)
            starts = [k for k in range(1, len(lines)) if sum(text[:k], []) == tokens(pair[0])]
            printed = f"p{number}: {' | '.join(' '.join(w['text'] for w in line) for line in lines)!r}"
            # the host half's first word at the line's start, the slash ending the line above ("/" alone
            # on a line in LibreOffice when "rangé /" filled it); a grid's cell left whole may wrap anywhere
            k = starts[-1] if starts else 0
            lone = bool(k) and not text[k - 1]
            if not k or abs(float(lines[k][0]["x0"]) - edge) > 1.5 or not lines[k - 1][-1]["text"].endswith("/") or lone:
                mid_line += [printed] if lone or not grid else []
                continue
            grid_broken += grid
            if len(lines) == 2:  # broken at the slash: would the two lines have held on one?
                gap = 0.32 * (float(lines[0][0]["bottom"]) - float(lines[0][0]["top"]))
                room = right - (edge - left) - edge
                wide = sum(float(line[-1]["x1"]) - float(line[0]["x0"]) for line in lines) + gap
                if wide < room - KERNING_PT:
                    needless.append(f"{printed} ({wide:.0f} of {room:.0f} pt)")
    return mid_line, needless, several, single, grid_broken


def test_a_two_language_cell_that_wraps_begins_the_host_half_on_a_line(printed):
    """#25 session 10 (the German and the Spanish host readers): in a body cell of two lines or more,
    the host's half begins a line at the cell's left text edge, " /" ending the line above; a cell
    that fits on one line ("Allemagne / Deutschland") stays on one line (one that fills it to the
    kerning's KERNING_PT may be broken). Every host document of the
    five packs, in the tool's PDF and in DOCX and ODT printed by LibreOffice."""
    found = {key: host_lines(doc) for key, doc in printed.items()}
    for fmt in FORMATS:  # a test of the test: such cells are read, of one line and of several
        assert sum(f[2] for k, f in found.items() if k.endswith(fmt)) > 20, fmt
        assert sum(f[3] for k, f in found.items() if k.endswith(fmt)) > 20, fmt
        # the grids' outcomes too ("C1.2 : Réaliser une pâte feuilletée … /" over "C1.2: …")
        assert sum(f[4] for k, f in found.items() if k.endswith(f"evaluation_grid.{fmt}")) >= 5, fmt
    mid = {key: f[0] for key, f in found.items() if f[0]}
    assert not mid, "a host half printed mid-line:\n" + "\n".join(f"{k}: {v}" for k, v in mid.items())
    needless = {key: f[1] for key, f in found.items() if f[1]}
    assert not needless, "a cell broken that held on one line:\n" + "\n".join(f"{k}: {v}" for k, v in needless.items())
