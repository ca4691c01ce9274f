"""What the host reads and signs, in the host's language (#15 items 3 and 4).

- the host's language: from the destination, --host-lang LANG, --host-lang none, kept by `update`;
- every host document pairs up line by line in every pair of languages that have its template
  (fr and en today; es, ca and de join as soon as their templates land: nothing is skipped);
- a French pack for a learner going to the UK, Ireland or Malta has FR/EN host documents, and a
  host brief in English; DOCX and PDF read back with both languages' signature labels.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TODAY
from golden_tool import BILINGUAL, folder, read, render_route, route_answers, updating, write

from mobility_advisor.engine import bilingual
from mobility_advisor.engine import engine
from mobility_advisor.pack import context as pack_context
from mobility_advisor.pack import environment, render
from mobility_advisor.engine.bilingual import HOST_DOCUMENTS, HOST_ONLY, host_language, pair
from mobility_advisor.engine.learning import LearningRecord, parse_outcomes
from mobility_advisor.rules.model import ALL_LANGS

TEMPLATES = ROOT / "templates"
ROUTES = ("participation", "europass", "integration", "men", "btm", "qbid")
# every host document appears in at least one route (with the route's own answers)
OUTCOMES = parse_outcomes([
    {"reference": "C1.2", "text": "Réaliser une pâte feuilletée", "activities": "Production du matin",
     "assessment": "Observation", "criteria": "Feuilletage régulier", "unit": "U2", "competence_type": "technical"},
    {"reference": "C3.1", "text": "Organiser son poste", "activities": "Mise en place",
     "assessment": "Grille", "competence_type": "organisational"},
])


def langs_with(template: str) -> list[str]:
    """The languages this template is rendered in: every language with a documents catalogue."""
    from mobility_advisor.pack.template_words import languages

    assert (TEMPLATES / f"{template}.md.j2").is_file()
    return [lang for lang in ALL_LANGS if lang in languages()]


def word(lang: str, msgid: str) -> str:
    """A template's word in `lang`, from the documents catalogue the packs use."""
    return environment.words(lang)["_"](msgid)


def language_pairs(template: str) -> list[tuple[str, str]]:
    return list(itertools.permutations(langs_with(template), 2))


@pytest.fixture
def every_language(monkeypatch):
    """The languages being translated are previewed, so that their templates can be rendered."""
    monkeypatch.setenv("MOBILITY_ADVISOR_PREVIEW_LANG", ",".join(ALL_LANGS))


# --- The host's language ------------------------------------------------------------------------


@pytest.mark.parametrize("country, expected", [
    ("de", "de"), ("at", "de"), ("li", "de"), ("es", "es"), ("fr", "fr"), ("be", "fr"), ("lu", "fr"),
    ("gb", "en"), ("ie", "en"), ("mt", "en"), ("it", "en"), ("other", "en"), (None, "en")])
def test_default_host_language_follows_the_destination(country, expected):
    assert bilingual.default_host_language(country) == expected


def test_host_language_choice():
    spoken = ("fr", "en")
    assert host_language(None, "ie", "fr", spoken) == "en"
    assert host_language(None, "ie", "en", spoken) is None  # the pack's own language: monolingual
    assert host_language(None, "de", "fr", spoken) == "en"  # German not spoken yet: English
    assert host_language(None, "de", "fr", (*spoken, "de")) == "de"
    assert host_language(None, "be", "en", spoken) == "fr"
    assert host_language("none", "ie", "fr", spoken) is None
    assert host_language("en", "de", "fr", spoken) == "en"
    assert host_language("fr", "ie", "fr", spoken) is None
    assert bilingual.valid_option("de") and bilingual.valid_option("none") and not bilingual.valid_option("xx")


# --- Every host document pairs up in every pair of languages ------------------------------------


def _host_cases():
    for template in HOST_DOCUMENTS:
        for first, second in language_pairs(template):
            yield pytest.param(template, first, second, id=f"{template}-{first}+{second}")


@pytest.mark.parametrize("template, first, second", list(_host_cases()))
def test_every_host_document_pairs_up_in_every_pair_of_languages(tree, every_language, template, first, second):
    routes = [r for r in ROUTES
              if any(i.outcome.template == template for i in engine.outcomes(tree, route_answers(tree, r), TODAY).items)]
    assert routes, f"no route makes {template}"
    for route, learning in itertools.product(routes, (None, LearningRecord(OUTCOMES))):
        result = engine.outcomes(tree, route_answers(tree, route), TODAY)
        # strict: a translation that breaks the line structure raises bilingual.Unpaired here
        text = render.render_document(tree, result, first, TODAY, template, learning=learning,
                                      host_lang=second, strict=True)
        assert "<!--" not in text
        if template in HOST_ONLY:
            continue
        title = text.split("\n", 1)[0]
        assert " / " in title, f"{template} {first}+{second}: the title is not in both languages: {title}"


def test_the_fr_en_pairs_are_tested_today():
    """The parametrised test above runs for fr/en now, not skipped for lack of languages."""
    for template in HOST_DOCUMENTS:
        assert ("fr", "en") in language_pairs(template) and ("en", "fr") in language_pairs(template)


def test_pairing_rules():
    fr = "# Titre\n\nUne phrase.\n\n| Nom | Date |\n| --- | --- |\n| Léa | 1er mars |\n\n- [ ] Un point\n"
    en = "# Title\n\nA sentence.\n\n| Name | Date |\n| --- | --- |\n| Léa | 1 March |\n\n- [ ] A point\n"
    out = pair(fr, en)
    assert "# Titre / Title" in out
    assert "| Nom / Name | Date |" in out  # a cell equal in both languages once
    assert "| Léa | 1er mars / 1 March |" in out
    assert "Une phrase.\n\n*A sentence.*" in out
    assert "- [ ] Un point\\\n      *A point*" in out
    with pytest.raises(bilingual.Unpaired):
        pair(fr, en.replace("| Name | Date |", "| Name | Date | Extra |"))
    with pytest.raises(bilingual.Unpaired):
        pair(fr, en + "\nOne more line.\n")


def test_the_men_file_is_bilingual_throughout(tree):
    result = engine.outcomes(tree, route_answers(tree, "men"), TODAY)
    text = render.render_document(tree, result, "fr", TODAY, "men_unit_file", host_lang="en", strict=True)
    assert ("## Compétences évaluées\u00a0: partie à remplir avec l'entreprise d'accueil / "
            "Competences assessed: part filled in with the host company") in text  # headed as the host's (#25)
    assert "## Signatures des évaluateurs / The assessors' signatures" in text
    # every section the assessors' (the host's among them), the referent's list in the checklist (#25, words8)
    assert "## Évaluation de l'unité / Assessment of the unit" in text and "Pièces à réunir" not in text
    assert "<!--" not in text
    mono = render.render_document(tree, result, "fr", TODAY, "men_unit_file")
    assert "<!--" not in mono and "Competences assessed" not in mono


def test_the_btm_files_tac_is_headed_as_the_hosts_part(tree):
    # like the MEN file's competence grid: the host sees at once what is theirs to fill in (#25)
    result = engine.outcomes(tree, route_answers(tree, "btm"), TODAY)
    text = render.render_document(tree, result, "fr", TODAY, "btm_file", host_lang="de", strict=True)
    text = text.replace("\u00a0", " ")  # French typography's no-break spaces
    assert ("## Tableau d'acquisition des compétences « TAC international » : partie à remplir avec "
            "l'entreprise d'accueil / Kompetenzerwerbstabelle „TAC international“: mit dem Gastbetrieb "
            "auszufüllender Teil") in text, [line for line in text.splitlines() if "TAC" in line]
    mono = render.render_document(tree, result, "en", TODAY, "btm_file")
    assert '## Competence acquisition table "TAC international": part filled in with the host company' in mono
    # the referent's note on the columns is in the checklist (btm.file), not in the file the host signs (#25 item 8)
    assert "Colonnes proposées" not in text and "Vorgeschlagene Spalten" not in text, text


# --- Signature labels, for every pair of languages -----------------------------------------------


def signature_label(lang: str) -> str:
    """The column to sign and stamp's header in a language ("Unterschrift und Stempel" in German)."""
    return word(lang, "Signature and stamp")


@pytest.mark.parametrize("first, second", language_pairs("learning_agreement"),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_signature_blocks_carry_both_labels(tree, every_language, first, second):
    """"Signature / Unterschrift" for a French pack and a German host, once the German templates land."""
    result = engine.outcomes(tree, route_answers(tree, "participation"), TODAY)
    for template in ("learning_agreement", "attestation_participation", "learning_agreement_complement"):
        if second not in langs_with(template) or first not in langs_with(template):
            continue
        text = render.render_document(tree, result, first, TODAY, template, host_lang=second, strict=True)
        a, b = signature_label(first), signature_label(second)
        expected = a if a == b else f"{a} / {b}"
        assert f"| {expected} |" in text, f"{template} {first}+{second}: no {expected!r} column"


# --- The command line: FR packs for the UK, Ireland, Malta ---------------------------------------


def run(tmp_path, *args):
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24", LANG="fr_FR.UTF-8")
    env.pop("LC_ALL", None)
    env.pop("MOBILITY_ADVISOR_PREVIEW_LANG", None)
    return subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def answers_file(tmp_path, route="participation", lang="fr", name="a.yaml", **extra) -> str:
    a = route_answers_plain(route, **extra)
    (tmp_path / name).write_text(yaml.safe_dump({"version": 1, "lang": lang, "answers": a}, allow_unicode=True),
                                 encoding="utf-8")
    return name


def route_answers_plain(route, **extra):
    from mobility_advisor.rules.loader import load_tree

    a = dict(route_answers(load_tree(), route, **extra))
    if route == "participation":
        a.setdefault("participation.attestation", True)
    return {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, (list, tuple)) else v)
            for k, v in a.items()}


HOST_SIGNED = ("learning_agreement.md", "learning_agreement_complement.md", "attestation_participation.md",
               "mobility_convention.md")  # the host company signs the apprentice's convention too (#25 item 3)


@pytest.mark.parametrize("country", ["gb", "ie", "mt"])
def test_a_french_pack_for_an_english_speaking_host_is_fr_en(tmp_path, country):
    name = answers_file(tmp_path, **{"destination.country": country})
    r = run(tmp_path, "render", "--answers", name, "-o", "pack")
    assert r.returncode == 0, r.stderr
    pack = tmp_path / "pack"
    for doc in HOST_SIGNED:
        text = (pack / doc).read_text(encoding="utf-8")
        assert "| Signataire / Signatory | Nom, fonction / Name, function |" in text, doc
        assert "Signature et cachet / Signature and stamp" in text, doc
        assert " / " in text.split("\n", 1)[0], doc  # the title in both languages
    brief = (pack / "host_brief.md").read_text(encoding="utf-8")
    assert brief.startswith("# Host brief\n") and "Léa Dupont" in brief
    assert "What you fill in and sign" in brief and "Fiche" not in brief
    # the school's own documents stay French only
    assert " / " not in (pack / "index.md").read_text(encoding="utf-8").split("\n", 1)[0]
    # the host signs the convention: the brief lists it among what the host signs
    # as the one to sign, not a draft (#25, the host reader)
    listed = brief.split("What you fill in and sign")[1]  # a table of documents and dates
    assert "| Mobility convention for the apprentice | before " in listed and "Draft" not in listed


def test_host_lang_none_gives_monolingual_documents_and_update_keeps_it(tmp_path):
    name = answers_file(tmp_path, **{"destination.country": "ie"})
    r = run(tmp_path, "render", "--answers", name, "-o", "pack", "--host-lang", "none")
    assert r.returncode == 0, r.stderr
    pack = tmp_path / "pack"
    for doc in HOST_SIGNED:
        text = (pack / doc).read_text(encoding="utf-8")
        assert "Signatory" not in text and "| Signataire | Nom, fonction |" in text
    assert (pack / "host_brief.md").read_text(encoding="utf-8").startswith("# Fiche pour l'accueil")
    record = json.loads((pack / ".mobility-advisor.json").read_text(encoding="utf-8"))
    assert record["answers"]["host_lang"] == "none"
    r = run(tmp_path, "update", "pack")
    assert r.returncode == 0, r.stderr
    assert "Signatory" not in (pack / "learning_agreement.md").read_text(encoding="utf-8")


def test_host_lang_option_overrides_the_destination_and_is_saved(tmp_path):
    name = answers_file(tmp_path)  # Germany: German by default
    r = run(tmp_path, "ask", "--answers", name, "-o", "pack", "--host-lang", "en", "--save-answers", "saved.yaml")
    assert r.returncode == 0, r.stderr
    assert "Signataire / Signatory" in (tmp_path / "pack" / "learning_agreement.md").read_text(encoding="utf-8")
    saved = yaml.safe_load((tmp_path / "saved.yaml").read_text(encoding="utf-8"))
    assert saved["host_lang"] == "en"
    # the saved file replays it; --host-lang on the command line wins over the file
    r = run(tmp_path, "render", "--answers", "saved.yaml", "-o", "again", "--host-lang", "none")
    assert r.returncode == 0, r.stderr
    assert "Signatory" not in (tmp_path / "again" / "learning_agreement.md").read_text(encoding="utf-8")


def test_an_english_pack_for_belgium_is_en_fr_and_for_ireland_monolingual(tmp_path):
    name = answers_file(tmp_path, lang="en", **{"destination.country": "be"})
    assert run(tmp_path, "render", "--answers", name, "-o", "be").returncode == 0
    text = (tmp_path / "be" / "learning_agreement.md").read_text(encoding="utf-8")
    assert "| Signatory / Signataire | Name, function / Nom, fonction |" in text
    assert (tmp_path / "be" / "host_brief.md").read_text(encoding="utf-8").startswith("# Fiche pour l'accueil")
    name = answers_file(tmp_path, lang="en", name="ie.yaml", **{"destination.country": "ie"})
    assert run(tmp_path, "render", "--answers", name, "-o", "ie").returncode == 0
    assert "Signataire" not in (tmp_path / "ie" / "learning_agreement.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["xx", "français", "../de"])
def test_a_bad_host_lang_is_one_clear_message(tmp_path, value):
    name = answers_file(tmp_path)
    r = run(tmp_path, "render", "--answers", name, "-o", "pack", "--host-lang", value)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "--host-lang" in r.stderr and not (tmp_path / "pack").exists()


def test_a_bad_host_lang_in_an_answers_file(tmp_path):
    name = answers_file(tmp_path)
    doc = yaml.safe_load((tmp_path / name).read_text(encoding="utf-8"))
    doc["host_lang"] = "klingon"
    (tmp_path / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    r = run(tmp_path, "render", "--answers", name, "-o", "pack")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "host" in r.stderr


def test_cohort_takes_host_lang(tmp_path):
    common = {"version": 1, "lang": "fr", "answers": {k: v for k, v in route_answers_plain("participation").items()
                                                       if k not in ("learner.name", "destination.country")}}
    (tmp_path / "common.yaml").write_text(yaml.safe_dump(common, allow_unicode=True), encoding="utf-8")
    (tmp_path / "learners.csv").write_text("learner.name;destination.country\nLéa Dupont;ie\nTom Martin;mt\n",
                                           encoding="utf-8")
    r = run(tmp_path, "cohort", "--answers", "common.yaml", "--learners", "learners.csv", "-o", "out")
    assert r.returncode == 0, r.stderr
    packs = sorted(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert len(packs) == 2
    for p in packs:
        assert "Signataire / Signatory" in (p / "learning_agreement.md").read_text(encoding="utf-8")
    r = run(tmp_path, "cohort", "--answers", "common.yaml", "--learners", "learners.csv", "-o", "mono",
            "--host-lang", "none")
    assert r.returncode == 0, r.stderr
    for p in (tmp_path / "mono").iterdir():
        if p.is_dir():
            assert "Signatory" not in (p / "learning_agreement.md").read_text(encoding="utf-8")


# --- DOCX and PDF read back with both labels -----------------------------------------------------


def last_header(lang: str) -> str:
    return word(lang, "Signature and stamp")  # one column to sign and stamp (#25)


@pytest.mark.parametrize("host, country", [("en", "ie"), ("de", "de")])
def test_docx_and_pdf_of_a_bilingual_document_show_both_labels(tree, host, country):
    """A French CFA's documents for a host in Ireland (FR/EN) or Germany (FR/DE, "Signature /
    Unterschrift"), read back from DOCX (python-docx) and PDF (pypdf)."""
    import docx
    from pypdf import PdfReader

    from mobility_advisor.formats import convert

    files = render_route(tree, "participation", "fr", host_lang=host, **{"destination.country": country})
    signed = {n: files[n] for n in HOST_SIGNED if n in files}  # this route has no apprentice convention
    out = convert.convert_files(signed, "docx,pdf", "fr")
    first = f"{first_header('fr')} / {first_header(host)}"
    last = f"{last_header('fr')} / {last_header(host)}"
    sign_label = signature_label("fr") if signature_label("fr") == signature_label(host) else \
        f"{signature_label('fr')} / {signature_label(host)}"
    for name in signed:
        stem = name[:-3]
        d = docx.Document(io.BytesIO(out[f"{stem}.docx"]))
        # (a header's "/" is kept with the word before it by a no-break space: header_slash)
        headers = [[c.text.replace("\u00a0/", " /") for c in t.rows[0].cells] for t in d.tables]
        sign = [h for h in headers if sign_label in h]
        assert sign and sign[-1][0] == first and sign[-1][-1] == last, headers
        # the signature table keeps its fixed layout in DOCX (its widths are set)
        assert 'w:type="dxa"' in d.element.xml
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out[f"{stem}.pdf"])).pages]
        home = [p for p in pages if first in p and last in p and sign_label in p]
        assert home, f"{name}: both languages' signature labels are not on one PDF page"
        # the host's row is on the page with the labels (its name cell is left for the person who signs)
        assert "accueil" in home[0].casefold()


# --- Golden bilingual packs ---------------------------------------------------------------------


@pytest.mark.parametrize("route, lang", sorted(BILINGUAL))
def test_bilingual_golden(tree, route, lang):
    host = BILINGUAL[(route, lang)]
    files = render_route(tree, route, lang, host_lang=host)
    name = f"{lang}+{host}"
    if updating():
        write(route, name, files)
        return
    assert folder(route, name).is_dir(), f"no golden pack {route}-{name}: python tests/golden_tool.py"
    expected = read(route, name)
    assert sorted(files) == sorted(expected)
    for f in files:
        assert files[f] == expected[f], f"{route}-{name}/{f} differs from its golden file"


# --- Printed by LibreOffice: bilingual signature blocks still whole on one page ------------------


@pytest.mark.parametrize("host", ["en", "de"])
def test_bilingual_signature_blocks_print_on_one_page(tree, tmp_path, host):
    """DOCX and ODT of FR/EN and FR/DE host documents printed by LibreOffice (tests/test_print_layout.py's
    tools): each signature block, now with two labels per cell, sits whole on one page."""
    import test_print_layout as layout

    if layout.SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from mobility_advisor.formats import convert

    data, blocks = {}, {}
    for route, docs in (("participation", HOST_SIGNED), ("men", ("men_unit_file.md",)), ("btm", ("btm_file.md",)),
                        ("integration", ("evaluation_grid.md",)), ("qbid", ("qbid_agreement.md",))):
        files = render_route(tree, route, "fr", host_lang=host, **layout.EXTRA)
        out = convert.convert_files({n: files[n] for n in docs}, "docx,odt", "fr")
        for name in docs:
            found = bilingual_signature_blocks(files[name], host)
            assert found, f"{route}/{name}: no bilingual signature block"
            for fmt in ("docx", "odt"):
                key = f"{route}-{name[:-3]}-{fmt}.{fmt}"
                data[key], blocks[key] = out[f"{name[:-3]}.{fmt}"], found
    pages = layout.to_pdf(data, tmp_path)
    first, last = f"{first_header('fr')} / {first_header(host)}", f"{last_header('fr')} / {last_header(host)}"
    for key, found in blocks.items():
        for heading, cells in found:
            # spaces aside: a long header ("Unterzeichnende/r") may wrap inside its narrow cell
            home = [p for p in pages[key] if _squeeze(first) in _squeeze(p) and _squeeze(last) in _squeeze(p)
                    and all(c in p for c in cells)]
            assert home, f"{key}: the signature block under {heading!r} is not whole on one page"
            assert heading in home[0], f"{key}: {heading!r} is not on its signature table's page"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def bilingual_signature_blocks(md: str, host: str) -> list[tuple[str, list[str]]]:
    """(heading, the signatories' names) of each "Signataire / Signatory" (or other host language) table."""
    import test_print_layout as layout

    out, heading = [], ""
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("#"):
            heading = layout._plain(line.lstrip("#"))
        if line.startswith(f"| {first_header('fr')} / {first_header(host)} |"):
            names = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                cell = layout._plain(row.strip().strip("|").split(" | ")[1])
                if cell and cell != "_" * 8:
                    names.append(cell.split(" / ")[0])
            out.append((heading, names))
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_host_brief_fits_on_one_page(tree, lang):
    """One page for the host, with its learning outcomes table (WeasyPrint's PDF, read by pypdf)."""
    from pypdf import PdfReader

    from mobility_advisor.formats import convert

    result = engine.outcomes(tree, route_answers(tree, "men"), TODAY)
    text = render.render_document(tree, result, lang, TODAY, "host_brief", learning=LearningRecord(OUTCOMES))
    assert "Réaliser une pâte feuilletée" in text and "Production du matin" in text
    pdf = convert.convert_files({"host_brief.md": text}, "pdf", lang)["host_brief.pdf"]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def first_header(lang: str) -> str:
    return word(lang, "Signatory")


def test_a_german_host_while_german_is_previewed(tmp_path):
    """MOBILITY_ADVISOR_PREVIEW_LANG=de: FR/DE once the German templates exist, FR/EN before
    (a previewed language without templates is not spoken yet); never a crash."""
    name = answers_file(tmp_path)  # to Germany
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY="2026-11-24", LANG="fr_FR.UTF-8", MOBILITY_ADVISOR_PREVIEW_LANG="de")
    env.pop("LC_ALL", None)
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", name, "-o", "pack"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "pack" / "learning_agreement.md").read_text(encoding="utf-8")
    assert f"| {first_header('fr')} / {first_header('de')} |" in text
    assert f"{signature_label('fr')} / {signature_label('de')}" in text  # "Signature / Unterschrift"


def test_a_translation_that_breaks_the_structure_is_caught_and_never_garbles_a_pack(tree, monkeypatch):
    """Both languages come from one template: only a translation with a line of its own (a
    newline in a message) could break the pairing. It is caught (strict), and a pack keeps both
    versions whole rather than a garbled mix."""
    words = environment.words

    def broken(lang):
        found = dict(words(lang))
        if lang == "en":
            say = found["_"]
            found["_"] = lambda msgid, **v: environment.Trusted(say(msgid, **v) + ("\n\nAn extra line." if msgid == "Attendance"
                                                                          else ""))
        return found

    monkeypatch.setattr(pack_context, "words", broken)  # context() takes the words
    result = engine.outcomes(tree, route_answers(tree, "participation"), TODAY)
    with pytest.raises(bilingual.Unpaired):
        render.render_document(tree, result, "fr", TODAY, "attestation_participation", host_lang="en", strict=True)
    text = render.render_document(tree, result, "fr", TODAY, "attestation_participation", host_lang="en")
    # the pack's document whole, then the host's whole: nothing lost, nothing mixed up
    assert "\n---\n" in text and "## Présence\n" in text and "## Attendance\n\nAn extra line.\n" in text


def test_the_host_brief_names_the_referent_of_the_profile_and_update_keeps_it(tmp_path):
    name = answers_file(tmp_path, **{"destination.country": "ie"})
    (tmp_path / "profile.yaml").write_text(
        "version: 1\norganisation: {name: Lycée professionnel Jean Moulin}\n"
        "referent: {name: Claire Martin, email: claire.martin@example.org, phone: \"+33 2 47 00 00 00\"}\n",
        encoding="utf-8")
    r = run(tmp_path, "render", "--answers", name, "-o", "pack", "--profile", "profile.yaml")
    assert r.returncode == 0, r.stderr
    # one row per item, as the learning agreement's contact person (#25: one blank for three left no room)
    line = ("| Mobility coordinator: name | Claire Martin |\n| Mobility coordinator: email | claire.martin@example.org |\n"
            "| Mobility coordinator: phone | \\+33 2 47 00 00 00 |")  # a "+" escaped at a cell's start
    assert line in (tmp_path / "pack" / "host_brief.md").read_text(encoding="utf-8")
    r = run(tmp_path, "update", "pack")
    assert r.returncode == 0, r.stderr
    assert line in (tmp_path / "pack" / "host_brief.md").read_text(encoding="utf-8")
    # without a profile: a blank to fill in
    r = run(tmp_path, "render", "--answers", name, "-o", "bare")
    assert r.returncode == 0, r.stderr
    bare = (tmp_path / "bare" / "host_brief.md").read_text(encoding="utf-8")
    for item in ("name", "email", "phone"):
        assert f"| Mobility coordinator: {item} | \\_\\_" in bare
