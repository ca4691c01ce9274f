"""What each document a host reads or signs says (#25 items 3, 4, 8, 9, 10).

Packs rendered as a referent would, with the CLI (`render --answers … --profile …`), for a
French pack to Germany (FR→DE), an English one to Germany (EN→DE), a French one to Spain
(FR→ES) and a Catalan one to France (CA→FR, the qBID route); read back from the files written:
- the learning agreement is the document to sign, laid out like the Commission's recommended
  one (mobility, participant, organisations with a contact person each, tutor, commitment,
  signatures with the signing person's own name), with the profile's OID, project code and
  referent filled in; that the Commission's template is recommended, not compulsory, is said
  in the checklist, not in the document;
- no document a host reads or signs carries a note meant for the referent, nor the numbered
  Sources list (one line at most, in the host's language);
- the apprentice's mobility convention is bilingual, and the host brief lists it;
- free-text boxes are tables with rows to write on; the complement's dates are left empty, with
  the rule once above the table;
- the host brief names no `.md` file and says the grid is filled in at the end of the stay.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_bilingual import route_answers_plain

from mobility_advisor.engine.bilingual import HOST_DOCUMENTS

PROFILE = {
    "version": 1,
    "organisation": {"name": "CFA des métiers de Tours", "country": "fr", "oid": "E10012345",
                     "project_code": "2026-1-FR01-KA121-VET-000123456"},
    "referent": {"name": "Claire Martin", "email": "claire.martin@cfa-tours.fr", "phone": "+33 2 47 00 00 00"},
}

# (route, pack language, destination country, host language): the four packs of the issue
PACKS = {
    "fr-de": ("participation", "fr", "de", "de"),
    "en-de": ("participation", "en", "de", "de"),
    "fr-es": ("participation", "fr", "es", "es"),
    "ca-fr": ("qbid", "ca", "fr", "fr"),
}

# What a referent reads, never a host: per language, the words of the notes moved to the
# checklist and index, and of the numbered Sources list.
REFERENT_ONLY = [
    "DAREIC", "index.md", ".md)",
    "votre modèle", "your template", "su modelo", "el seu model", "Ihre Vorlage",
    "Adapt", "Adaptez", "Passen Sie", "Adapte", "Adapti",
    "other documents you issue", "autres documents que vous", "otros documentos que", "altres documents que",
    "anderen von Ihnen",
    "recommended template", "modèle recommandé", "modelo recomendado", "model recomanat", "empfohlene Vorlage",
    "empfohlenes Muster", "une proposition", "a suggestion", "if your template provides",
]
SOURCES_HEADINGS = ("## Sources", "## Quellen", "## Fuentes", "## Fonts")


def render_pack(tmp_path: Path, key: str) -> Path:
    route, lang, country, host = PACKS[key]
    answers = route_answers_plain(route, **{"destination.country": country})
    for k in ("org.sending_oid", "org.project_code"):  # from the profile, as a referent's would be
        answers.pop(k, None)
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"version": 1, "lang": lang, "answers": answers},
                                                    allow_unicode=True), encoding="utf-8")
    (tmp_path / "profile.yaml").write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24", LANG="fr_FR.UTF-8")
    env.pop("LC_ALL", None)
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml",
                        "--profile", "profile.yaml", "--host-lang", host, "-o", "pack"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return tmp_path / "pack"


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    return {key: render_pack(tmp_path_factory.mktemp(key), key) for key in PACKS}


def read(path: Path) -> str:
    """A file of the pack, French no-break spaces as plain spaces (for the comparisons)."""
    return re.sub("[\u00a0\u202f]", " ", path.read_text(encoding="utf-8"))


def host_files(pack: Path) -> dict[str, str]:
    return {p.name: read(p) for p in sorted(pack.glob("*.md"))
            if p.stem in HOST_DOCUMENTS}


@pytest.mark.parametrize("key", PACKS)
def test_no_host_document_carries_a_note_for_the_referent(packs, key):
    files = host_files(packs[key])
    assert "learning_agreement.md" in files and "host_brief.md" in files, sorted(files)
    for name, text in files.items():
        found = [w for w in REFERENT_ONLY if w in text]
        assert not found, f"{key}/{name}: {found}"
        assert not any(h in text for h in SOURCES_HEADINGS), f"{key}/{name}: a Sources list"
        assert "](#" not in text, f"{key}/{name}: a link to a heading the document does not have"


# The one line of sources, in the host's language
SOURCES_LINE = {"de": "Quellen \\[", "es": "Fuentes \\[", "fr": "Sources \\[", "en": "Sources \\["}


@pytest.mark.parametrize("key", PACKS)
def test_host_documents_end_with_one_line_of_sources_in_the_hosts_language(packs, key):
    host = PACKS[key][3]
    for name, text in host_files(packs[key]).items():
        last = text.rstrip("\n").split("\n")[-1]
        assert last.startswith(SOURCES_LINE[host]), f"{key}/{name}: {last!r}"


# The learning agreement's parts, in the pack's language and the host's (FR→DE)
LA_FR_DE = [
    "## Le participant / Die/der Teilnehmende",
    "| Date de naissance / Geburtsdatum |",
    "| Niveau du diplôme (CEC / EQF) / EQR-Niveau des Abschlusses | 4 |",
    "| Type d'activité / Aktivitätsart |",
    "| Identifiant de la mobilité / Mobilitäts-ID (Mobility ID) |",  # the English gloss once (words12)
    "| Code du projet / Projektnummer (Project code) | 2026-1-FR01-KA121-VET-000123456 |",
    "## Organismes d'envoi et d'accueil / Entsendende und aufnehmende Einrichtung",
    "| OID | E10012345 |",
    "| Personne de contact : nom / Ansprechperson: Name | Claire Martin |",
    "| Personne de contact : courriel / Ansprechperson: E-Mail | claire.martin@cfa-tours.fr |",
    "| Personne de contact : téléphone / Ansprechperson: Telefon | \\+33 2 47 00 00 00 |",
    "| Personne de contact : fonction / Ansprechperson: Funktion |",
    "| Adresse / Anschrift |",
    "## Engagement des parties / Verpflichtung der Beteiligten",
    "| Participant / Teilnehmende/r |",
    "| Signataire / Unterzeichnende/r | Nom, fonction / Name, Funktion | Date / Datum |",
    "| Organisme d'envoi / Entsendende Einrichtung | \\_\\_\\_\\_\\_\\_\\_\\_, \\_\\_\\_\\_\\_\\_\\_\\_ | \\_\\_\\_\\_\\_\\_\\_\\_ |",
    "| Organisme d'accueil (partenaire d'accueil) / Aufnehmende Einrichtung (Partnereinrichtung) | \\_\\_\\_\\_\\_\\_\\_\\_, \\_\\_\\_\\_\\_\\_\\_\\_ | \\_\\_\\_\\_\\_\\_\\_\\_ |",
    "| Entreprise d'accueil / Gastbetrieb | \\_\\_\\_\\_\\_\\_\\_\\_, \\_\\_\\_\\_\\_\\_\\_\\_ | \\_\\_\\_\\_\\_\\_\\_\\_ |",
]


def test_the_learning_agreement_is_the_document_to_sign_fr_de(packs):
    text = read(packs["fr-de"] / "learning_agreement.md")
    missing = [part for part in LA_FR_DE if part not in text]
    assert not missing, missing
    # the tutor's contacts, and the referent as the sending organisation's coordinator
    tutor = text.split("## Tuteur dans l'entreprise d'accueil / Betreuer/in (Mentor/in) im Gastbetrieb")[1]
    assert "| Courriel / E-Mail |" in tutor.split("##")[0] and "| Téléphone / Telefon |" in tutor.split("##")[0]
    assert "Mobilitätsbeauftragte/r der entsendenden Einrichtung: Claire Martin." in text


@pytest.mark.parametrize("key, words", [
    ("en-de", ["## The participant / Die/der Teilnehmende", "## Commitment of the parties / Verpflichtung der Beteiligten",
               "| Receiving organisation (host partner) / Aufnehmende Einrichtung (Partnereinrichtung) |", "| Contact person: name / Ansprechperson: Name | Claire Martin |"]),
    ("fr-es", ["## Le participant / El participante", "## Engagement des parties / Compromiso de las partes",
               "| Organisme d'accueil (partenaire d'accueil) / Organización de acogida (socio de acogida) |",
               "| Personne de contact : nom / Persona de contacto: nombre | Claire Martin |"]),
    ("ca-fr", ["## El participant / Le participant", "## Compromís de les parts / Engagement des parties",
               "| Organització d'acollida (soci d'acollida) / Organisme d'accueil (partenaire d'accueil) |",
               "| Persona de contacte: nom / Personne de contact : nom | Claire Martin |"]),
])
def test_the_learning_agreement_in_every_pair(packs, key, words):
    text = read(packs[key] / "learning_agreement.md")
    missing = [w for w in words if w not in text]
    assert not missing, missing


def test_the_checklist_says_the_commissions_template_is_recommended_not_compulsory(packs):
    checklist = (packs["fr-de"] / "checklist.md").read_text(encoding="utf-8")
    assert "modèle recommandé, non obligatoire, de contrat pédagogique" in checklist
    assert "Signataires à adapter aux consignes de votre rectorat (DAREIC)" not in checklist  # no MEN unit here
    assert "Adaptez le projet de convention de mobilité au modèle de convention que vous utilisez" in checklist


@pytest.mark.parametrize("key, title, host_title, in_brief", [
    ("fr-de", "Convention de mobilité de l'apprenti", "Mobilitätsvereinbarung für die/den Auszubildende/n",
     "Mobilitätsvereinbarung für die/den Auszubildende/n"),
    ("fr-es", "Convention de mobilité de l'apprenti", "Convenio de movilidad del aprendiz",
     "Convenio de movilidad del aprendiz"),
])
def test_the_apprentices_convention_is_bilingual_and_listed_in_the_host_brief(packs, key, title, host_title, in_brief):
    text = (packs[key] / "mobility_convention.md").read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    assert first.startswith(f"# {title} / ") and host_title in first, first
    # the document the parties sign is titled as the convention, not as a draft (#25, the host reader)
    assert not re.search(r"Projet|Entwurf|Borrador|Draft", first), first
    signatures = text.split("\n## Signatures")[1]
    assert re.search(r"^\| Signataire / \S", signatures, re.M), signatures[:300]
    brief = (packs[key] / "host_brief.md").read_text(encoding="utf-8")
    listed = "\n".join(host_brief_items(brief))
    # the host brief names it as the convention to sign, not a draft (#25, the host reader)
    assert f"- {in_brief}:" in listed and "Entwurf" not in listed and "Borrador" not in listed, listed


BOX_ROWS = "| \\_\\_\\_\\_\\_\\_\\_\\_ |\n" * 3


def test_free_text_boxes_and_the_complements_dates(packs):
    complement = read(packs["fr-de"] / "learning_agreement_complement.md")
    assert "| Changements et observations / Änderungen und Bemerkungen |\n| --- |\n" + BOX_ROWS in complement
    assert "ou après" not in complement.split("| Signataire")[1]  # the date cells are empty
    assert complement.count("26 mars 2027 ou après") == 1 and "Date de signature : le 26 mars 2027 ou après" in complement
    attestation = (packs["fr-de"] / "attestation_participation.md").read_text(encoding="utf-8")
    assert "| Absences ou observations / Fehlzeiten oder Bemerkungen |\n| --- |\n" + BOX_ROWS in attestation
    convention = (packs["fr-de"] / "mobility_convention.md").read_text(encoding="utf-8")
    assert convention.count("| À compléter par les parties / Von den Beteiligten auszufüllen |\n| --- |\n" + BOX_ROWS) == 4
    # the person who signs has a cell of their own: no organisation's name in "Nom / Name"
    for name in ("attestation_participation.md", "learning_agreement_complement.md", "mobility_convention.md",
                 "learning_agreement.md"):
        text = (packs["fr-de"] / name).read_text(encoding="utf-8")
        rows = text.split("| Signataire / Unterzeichnende/r |")[1].split("\n\n")[0].split("\n")[2:]
        names = [row.split("|")[2].strip() for row in rows]
        assert not [n for n in names if n in ("Bäckerei Schulz", "Handwerkskammer Frankfurt (Oder)",
                                              "Lycée professionnel Jean Moulin", "Pâtisserie Martin")], (name, names)


def host_brief_items(brief: str) -> list[str]:
    """The documents the brief lists as what the host fills in and signs: "- document: when"."""
    rows = [x.strip("| ").split(" | ") for x in brief.split("\n## ")[-1].splitlines() if x.startswith("| ")]
    return [f"- {title}: {when}" for title, when in rows[2:]]


@pytest.mark.parametrize("key", PACKS)
def test_the_host_brief_names_no_file_and_dates_the_grid_at_the_end(packs, key):
    brief = (packs[key] / "host_brief.md").read_text(encoding="utf-8")
    assert ".md" not in brief
    assert len(host_brief_items(brief)) >= 2, brief


def test_the_grid_is_dated_at_the_end_of_the_stay_in_the_host_brief(tmp_path):
    """The integration route has an assessment grid: the host fills it in at the end of the stay."""
    answers = route_answers_plain("integration", **{"destination.country": "de"})
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"version": 1, "lang": "fr", "answers": answers},
                                                    allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24", LANG="fr_FR.UTF-8")
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml",
                        "--host-lang", "de", "-o", "pack"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    brief = (tmp_path / "pack" / "host_brief.md").read_text(encoding="utf-8")
    line = next(x for x in host_brief_items(brief) if x.startswith("- Bewertungsraster"))
    assert "am Ende des Aufenthalts" in line and "vor dem" not in line, line


@pytest.mark.parametrize("key", PACKS)
def test_bilingual_packs_pass_the_markdown_linter(packs, key):
    """#25 item 11: italic host lines in one emphasis style (MD049), no italic-only line used as
    a heading (MD036), no link to a Sources heading a host document does not have (MD051)."""
    from test_render import lint

    for path in sorted(packs[key].glob("*.md")):
        assert lint(path.read_text(encoding="utf-8")) == [], f"{key}/{path.name}"


# Outcomes typed in French, the first also in German (#25, the host reader: the Europass sheet)
MIXED_OUTCOMES = [
    {"reference": "C1.2", "competence_type": "technical",
     "text": {"fr": "Réaliser une pâte feuilletée", "de": "Blätterteig herstellen"},
     "activities": {"fr": "Production du matin au fournil", "de": "Morgenproduktion in der Backstube"}},
    {"reference": "C3.1", "competence_type": "organisational",
     "text": "Organiser son poste de travail", "activities": "Mise en place quotidienne"},
    {"reference": "C4.5", "competence_type": "transversal",
     "text": "Communiquer avec l'équipe", "activities": "Réunions d'équipe"},
]


@pytest.mark.parametrize("host, flag, missing", [
    ("de", "[nicht übersetzt]", "Noch nicht übersetzt: siehe Originaltext"),
    ("es", "[sin traducir]", "Aún sin traducir: véase el texto original"),
])
def test_the_europass_sheet_says_once_per_cell_what_is_not_translated(tmp_path, host, flag, missing):
    from test_host_print import COMMON, MEN, SPAIN  # the packs the host reader printed

    answers = {**COMMON, **MEN, **(SPAIN if host == "es" else {})}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"version": 1, "lang": "fr", "answers": answers,
                                                     "outcomes": MIXED_OUTCOMES}, allow_unicode=True),
                                     encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24")
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml",
                        "--host-lang", host, "-o", "pack"], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    sheet = read(tmp_path / "pack" / "europass_preparation.md")
    # nor a note for the referent ("adapt them to the template in force": the host reader, #25)
    assert not [w for w in REFERENT_ONLY if w in sheet]
    rows = {line.split(" | ")[0]: line for line in sheet.splitlines()
            if line.startswith("| ") and ("Mise en place quotidienne" in line or "Organiser son poste" in line)}
    assert len(rows) == 2, rows
    # said once per cell, with the flag every other document prints (#25, words9: one flag, not two wordings)
    shown = flag.replace("[", "\\[").replace("]", "\\]")
    for line in rows.values():
        assert line.count(shown) == 1 and missing not in line, line
    activities = next(line for line in rows.values() if "Mise en place" in line)
    if host == "de":  # the outcome typed in German is shown in German, the others said once
        assert "Morgenproduktion in der Backstube (laut Lernvereinbarung vorgesehen); " + shown in activities
