"""What a host reader found on the documents a host prints, fills in and signs (#25, second reading).

Packs made as a referent makes them (`render --answers FILE --host-lang LANG`, a subprocess), read
as the host reads them, in Markdown (the layout is measured in test_host_print):

- the learning agreement announces only the annexes the pack holds (the evaluation grid is a
  document of the pack only when the integration answers ask for one);
- the learning agreement complement has a row for the host company, signed by the host tutor, as
  the host brief asks; `status` counts it among the missing signatures;
- the MEN unit file's part for the host is headed as such, in both languages;
- the Europass preparation speaks to the tutor as "you", and gives boxes to write in;
- the attestation leaves the attendance dates to the host: the planned ones are shown once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from clirun import run
from test_host_print import CATALONIA, COMMON, MEN, OUTCOMES, SPAIN, free_text_labels, tokens

NO_GRID = {"goals": ["participation", "learning_outcomes"]}


def make(folder: Path, lang: str, host: str, over: dict) -> Path:
    folder.mkdir(parents=True)
    answers = {k: v for k, v in {**COMMON, **over}.items() if v is not None}
    path = folder / "answers.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "lang": lang, "answers": answers, "outcomes": OUTCOMES},
                                   allow_unicode=True), encoding="utf-8")
    done = run(folder, "render", "--answers", str(path), "--host-lang", host, "-o", str(folder / "pack"))
    assert done.returncode == 0, done.stderr
    return folder / "pack"


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("host-reader")
    return {"fr-de": make(root / "fr-de", "fr", "de", MEN),
            "fr-es": make(root / "fr-es", "fr", "es", {**MEN, **SPAIN}),
            "fr-de-no-grid": make(root / "no-grid", "fr", "de", NO_GRID),
            "ca-fr": make(root / "ca-fr", "ca", "fr", CATALONIA)}


def read(pack: Path, stem: str) -> str:
    return (pack / f"{stem}.md").read_text(encoding="utf-8")


def section(md: str, starts: str) -> str:
    """The `## ` section whose heading starts with `starts`, up to the next one."""
    m = re.search(rf"^## {re.escape(starts)}.*?(?=^## |\Z)", md, re.S | re.M)
    assert m, f"no section {starts!r}"
    return m.group(0)


# --- 1. The learning agreement announces only what the pack holds ----------------------------


def test_the_agreement_announces_the_grid_only_when_the_pack_holds_it(packs):
    with_grid, without = packs["fr-de"], packs["fr-de-no-grid"]
    assert (with_grid / "evaluation_grid.md").is_file()
    assert "grille d'évaluation de cette mobilité" in read(with_grid, "learning_agreement")
    assert "das Bewertungsraster dieser Mobilität" in read(with_grid, "learning_agreement")
    assert not (without / "evaluation_grid.md").exists()
    agreement = read(without, "learning_agreement")
    words = "\n".join(line for line in agreement.splitlines() if not line.startswith("| "))  # not the outcomes'
    assert not re.search(r"grille d'évaluation|Bewertungsraster", words), \
        [line for line in words.splitlines() if "grille" in line or "Bewertungsraster" in line]
    assert "Annexes jointes au contrat et signées avec lui\u00a0: \\_\\_\\_\\_\\_\\_\\_\\_." in agreement


# --- 2. The complement: the host company signs it too ------------------------------------------


def signature_rows(md: str) -> list[str]:
    table = section(md, "Signatures")
    return [r for r in table.splitlines() if r.startswith("| ") and "---" not in r][1:]


def test_the_complement_has_a_row_for_the_host_company_signed_by_the_tutor(packs):
    rows = signature_rows(read(packs["fr-de"], "learning_agreement_complement"))
    assert [r.split(" | ")[0] for r in rows] == [
        "| Apprenant (participant) / Lernende/r (Teilnehmende/r)", "| Organisme d'accueil (partenaire d'accueil) / Aufnehmende Einrichtung (Partnereinrichtung)",
        "| Entreprise d'accueil (tuteur) / Gastbetrieb (Betreuer/in)"]
    assert "| Anna Schulz, Konditormeisterin |" in rows[2]
    # the host brief, in the host's language, asks the tutor to sign the complement
    brief = read(packs["fr-de"], "host_brief")
    assert "Ergänzung zur Lernvereinbarung" in section(brief, "Was Sie ausfüllen und unterschreiben")


def test_status_lists_the_host_companys_signature_of_the_complement(packs, tmp_path):
    from mobility_advisor.season.signatures import SIGNERS

    assert ("host_company", "required") in SIGNERS["learning_agreement_complement"]
    done = run(tmp_path, "status", str(packs["fr-de"]), today="2027-03-27")
    assert done.returncode in (0, 1), done.stderr
    missing = [line.split(" : ")[-1] for line in done.stdout.splitlines()
               if "Signatures manquantes" in line and "learning_agreement_complement" in line]
    assert missing == ["l'apprenant", "le partenaire d'accueil", "l'entreprise d'accueil"], done.stdout


# --- 3. The MEN unit file: the host's part, headed and in both languages -----------------------


@pytest.mark.parametrize("pack, host_heading", [
    ("fr-de", "Bewertete Kompetenzen: mit dem Gastbetrieb auszufüllender Teil"),
    ("fr-es", "Competencias evaluadas: parte que se rellena con la empresa de acogida")])
def test_the_men_unit_files_host_part_is_headed_and_bilingual(packs, pack, host_heading):
    men = read(packs[pack], "men_unit_file")
    part = section(men, "Compétences évaluées")
    heading = part.splitlines()[0].replace("\u00a0", " ")
    assert heading == f"## Compétences évaluées : partie à remplir avec l'entreprise d'accueil / {host_heading}"
    # the instruction to the host in both languages, the host's in italics below the French
    paragraphs = [p for p in part.split("\n\n")[1:] if not p.startswith("|")]
    assert paragraphs[0].startswith("À remplir avec le tuteur d'accueil")
    assert paragraphs[1].startswith("*") and ("Ergebnis" in paragraphs[1] or "resultado" in paragraphs[1])
    # the referent's list of documents to gather is in the checklist, not here (#25, words8)
    assert "Pièces à réunir" not in men


# --- 4. The Europass preparation: to the tutor, and room to write ------------------------------


def test_the_europass_note_speaks_to_the_tutor_not_about_her(packs):
    europass = read(packs["fr-de"], "europass_preparation")
    host_part = section(europass, "Rubriques remplies par l'entreprise d'accueil")
    assert not re.search(r"\btuteur\b|Betreuer", "\n".join(
        line for line in host_part.splitlines() if not line.startswith("|"))), host_part
    assert "si vous souhaitez de l'aide pour les remplir, adressez-vous au référent mobilité" in host_part
    assert "wenden Sie sich an die/den Mobilitätsbeauftragte/n" in host_part
    # what the referent draws from the headings for the learning agreement is theirs: not here
    assert "mesurables" not in europass


def test_the_europass_host_headings_are_boxes_to_write_in(packs):
    """Each heading the host fills in is a box of rows to write on (measured in test_host_print)."""
    europass = read(packs["fr-de"], "europass_preparation")
    labels = [" ".join(label) for label in free_text_labels(europass)]
    for heading in ("Activités et tâches réalisées / Durchgeführte Tätigkeiten und Aufgaben",
                    "Compétences liées au métier / Berufsbezogene Kompetenzen",
                    "Compétences linguistiques / Sprachkompetenzen",
                    "Compétences numériques / Digitale Kompetenzen",
                    "Compétences organisationnelles et relationnelles / Organisatorische und soziale Kompetenzen"):
        assert " ".join(tokens(heading)) in labels, (heading, labels)


# --- 5. The attestation: the host writes the dates attended ------------------------------------


@pytest.mark.parametrize("pack, planned", [
    ("fr-de", ("Prévu : du 1er mars 2027 au 26 mars 2027.", "*Geplant: vom 1\\. März 2027 bis 26\\. März 2027.*")),
    ("fr-es", ("Prévu : du 1er mars 2027 au 26 mars 2027.", "*Previsto: del 1 de marzo de 2027 al 26 de marzo de 2027.*"))])
def test_the_attestation_leaves_the_attendance_dates_to_the_host(packs, pack, planned):
    attendance = section(read(packs[pack], "attestation_participation"), "Présence").replace("\u00a0", " ")
    table = attendance.split("\n\n| ")[1]  # the attendance table (then the box for absences)
    rows = [r for r in ("| " + table).splitlines() if r.startswith("| ") and "---" not in r]
    blank = "\\_\\_\\_\\_\\_\\_\\_\\_"
    for row in rows[1:]:
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1:] == [blank] * 3, row
    assert "mars 2027" not in "\n".join(rows)
    # the planned dates once, above the table, in both languages
    for line in planned:
        assert attendance.count(line) == 1, attendance
        assert attendance.index(line) < attendance.index("| ")


# --- 6. The host brief: the convention to sign, dates in order, the tutor already named --------


def brief_items(brief: str) -> list[str]:
    """The table of what the host fills in and signs, as "document: when" (a table since #25:
    the brief holds on one page)."""
    part = section(brief, "Was Sie ausfüllen und unterschreiben")
    rows = [line.strip("| ").split(" | ") for line in part.splitlines() if line.startswith("| ")]
    return [f"{title}: {when}" for title, when in rows[2:]]


def test_the_host_brief_lists_what_to_sign_in_the_order_of_the_dates(packs):
    items = brief_items(read(packs["fr-de"], "host_brief"))
    # the apprentice's convention is the one to sign, not a draft
    assert items[0].startswith("Mobilitätsvereinbarung für die/den Auszubildende/n: vor dem 1. März 2027"), items
    assert not any("Entwurf" in item for item in items)
    day = {"1. März 2027": 1, "26. März 2027": 26, "26\\. März 2027": 26}
    dated = [next((n for text, n in day.items() if text in item), 99) for item in items]
    assert dated == sorted(dated), items  # chronological, the documents without a date last
    assert dated[-1] == 99 and dated.count(1) == 2 and 26 in dated


def test_the_host_brief_asks_to_appoint_a_tutor_only_when_none_is_named(packs, tree):
    named = section(read(packs["fr-de"], "host_brief"), "Worum wir Sie bitten")
    assert "benennen" not in named
    assert "Die Betreuerin oder der Betreuer im Gastbetrieb, Anna Schulz," in named  # named, not to appoint
    # answers without a tutor (the wizard asks for one; answers made elsewhere may lack it)
    from conftest import TODAY
    from golden_tool import route_answers
    from mobility_advisor.engine import engine
    from mobility_advisor.pack import render

    answers = {k: v for k, v in route_answers(tree, "participation").items() if not k.startswith("tutor.")}
    result = engine.outcomes(tree, answers, TODAY)
    brief = render.render_document(tree, result, "fr", TODAY, "host_brief", host_lang="de")
    assert "Eine Betreuerin oder einen Betreuer im Gastbetrieb benennen" in brief


# --- 7. One term for the learner in a pack -----------------------------------------------------

HOST_DOCS = ("learning_agreement", "learning_agreement_complement", "attestation_participation",
             "europass_preparation", "evaluation_grid", "men_unit_file", "host_brief")


@pytest.mark.parametrize("pack, learner, apprentice", [
    ("fr-de", "Lernende", r"Auszubildende"), ("fr-es", "alumno/a", r"\baprendiz\b")])
def test_the_learner_has_one_name_in_the_host_documents(packs, pack, learner, apprentice):
    """An apprentice is the pack's learner ("Lernende/r", "alumno/a") in every document a host reads;
    the apprentice's word is the convention's own (docs/glossary.md)."""
    for stem in HOST_DOCS:
        text = read(packs[pack], stem)
        # the host brief names the apprentice's convention by its name
        lines = [line for line in text.splitlines() if not re.search(r"^\| (Mobilitätsvereinbarung|Convenio)", line)]
        found = [line[:80] for line in lines if re.search(apprentice, line, re.I)]
        assert not found, (stem, found)
        assert re.search(learner, text, re.I), stem
    assert re.search(apprentice, read(packs[pack], "mobility_convention"), re.I)


# --- sigforms (#25, the three host readers) --------------------------------------------------------


def test_the_complements_intro_names_every_signatory_of_its_table(packs):
    """The intro said only the learner and the host partner sign, while the table has the host
    company's (its tutor's) row: the host company read that it did not sign (hostes 9, hostde 2)."""
    said = {"fr-de": ("l'apprenant, par le partenaire d'accueil et par l'entreprise d'accueil (son tuteur)",
                      "von der/dem Lernenden, von der Partnereinrichtung und vom Gastbetrieb (Betreuer/in)"),
            "fr-es": ("l'apprenant, par le partenaire d'accueil et par l'entreprise d'accueil (son tuteur)",
                      "el alumno/a, el socio de acogida y la empresa de acogida (su tutor/a)")}
    for name, sentences in said.items():
        md = read(packs[name], "learning_agreement_complement")
        intro = md.split("\n## ", 1)[0].replace("\\", "")
        for sentence in sentences:
            assert sentence in intro, (name, sentence, intro)
        assert len(signature_rows(md)) == 3  # the learner, the host partner, the host company


def test_each_party_of_the_convention_finds_its_signature_row(packs):
    """The signature rows are named as the parties table names them (hostes 10: "Structure
    d'accueil" and "Autre structure d'accueil" against "(entreprise)" and "(organisme de formation
    ou partenaire)": the Cámara and the pastelería could not tell which row was theirs)."""
    for name in ("fr-de", "fr-es"):
        md = read(packs[name], "mobility_convention")
        parties = [r.split(" | ")[0] for r in section(md, "Les parties").splitlines()[4:] if r.startswith("| ")]
        signing = [r.split(" | ")[0] for r in signature_rows(md)]
        assert signing == parties, (name, signing, parties)
        assert any("(entreprise) / " in p for p in parties)


def test_the_men_unit_files_assessors_say_who_each_is(packs):
    """Two rows "Évaluateur / Evaluador/a": a Spanish tutor could not tell whether one was hers
    (hostes 6). Each row names its part of the unit's assessment, as the rules say (the ministry's
    guide: in-course assessment, CCF, and a time of assessment in the transnational context)."""
    rows = [r.split(" | ")[0].replace("\u00a0", " ") for r in signature_rows(read(packs["fr-es"], "men_unit_file"))]
    # and the host tutor's row names the part filled in with her (readfr 15, words9)
    assert rows == ["| Tuteur dans l'entreprise d'accueil (partie « Compétences évaluées ») / Tutor/a en la "
                    "empresa de acogida (parte «Competencias evaluadas»)",
                    "| Évaluateur : contrôle en cours de formation (CCF) / Evaluador/a: evaluación continua "
                    "durante la formación (CCF)",
                    "| Évaluateur : temps d'évaluation en contexte transnational / Evaluador/a: evaluación en "
                    "contexto transnacional"], rows


def test_the_attestations_scope_is_the_referents_note_in_the_checklist(packs):
    """readfec 12: "n'engage que l'organisme d'envoi" read, to the host signing it, as if it
    committed only the sending school; readfr 6 (#25 item 8): whom it commits is the referent's to
    know, as the decision aid (000 §1) tells the referent: the checklist says it, the attestation
    says only what it attests (test_host_words9)."""
    md = read(packs["fr-de"], "attestation_participation").replace("\u00a0", " ").replace("\\", "")
    assert "n'engage" not in md and "unterschrieben; für sie stehen" not in md
    checklist = read(packs["fr-de"], "checklist").replace("\u00a0", " ")
    assert "L'attestation de participation n'engage que votre établissement et vos partenaires" in checklist


def test_the_recognition_line_has_one_colon(packs):
    """readfec 13: "Reconnaissance dans le diplôme (…) : Catalogne : stage suivi dans qBID": the
    wizard's choice after the label's colon. The document says the certifier in its own words."""
    expected = {"fr-de": ("Éducation nationale (France), unité facultative de mobilité",
                          "Französisches Bildungsministerium, optionale Mobilitätseinheit"),
                "fr-es": ("Éducation nationale (France), unité facultative de mobilité",
                          "Ministerio de Educación francés, unidad optativa de movilidad")}
    for name, words in expected.items():
        md = read(packs[name], "learning_agreement").replace("\u00a0", " ")
        lines = [line for line in md.splitlines() if "(certificateur, unité ou épreuve)" in line
                 or "Prüfung)" in line or "(organismo certificador" in line]
        assert len(lines) == 2, lines  # the pack's language, then the host's
        for line, said in zip(lines, words):
            assert line.count(":") == 1 and said in line, line


def test_the_qbid_calendar_has_a_row_per_week_and_the_tutor_room_to_assess(packs):
    """readfec 6 and 7: a 26-day stay (four weeks) had one blank row for weeks 2 and 3, and the
    host tutor's assessment a cell 0.9 cm high. One row per week, the first and the last dated;
    a box to write in (three rows, as the free-text boxes) for each outcome."""
    md = read(packs["ca-fr"], "qbid_agreement").replace("\u00a0", " ")
    calendar = [r for r in section(md, "Calendari").splitlines() if r.startswith("| ")][2:]
    assert [r.split(" | ")[0] for r in calendar] == ["| 1", "| 2", "| 3", "| 4"], calendar
    assert "1 de març del 2027 / 1er mars 2027" in calendar[0] and "26 de març del 2027 / 26 mars 2027" in calendar[3]
    boxes = [" ".join(label) for label in free_text_labels(md)]
    for ref in ("C1.2", "C3.1", "C4.5"):
        assert any(label.startswith("Avaluació del tutor a d acollida") and ref.split(".")[0] in label
                   and "Évaluation par le tuteur d accueil" in label for label in boxes), (ref, boxes)
    tasks_header = next(r for r in md.splitlines() if r.startswith("| MP | UF |"))
    assert "Évaluation du tuteur" not in tasks_header  # no cramped column: the boxes below
