"""The pack: golden files per route and language, what each document must say, lint, writing."""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

import jinja2
import pytest
import yaml
from pymarkdown.api import PyMarkdownApi

from conftest import TODAY, profile
from golden_tool import LANGS, folder, read, render_route, route_answers, updating, write
from mobility_advisor.pack import provenance
from mobility_advisor.core import data
from mobility_advisor.engine import engine
from mobility_advisor.pack import context, environment, render
from mobility_advisor.rules.loader import load_tree
from mobility_advisor.rules.problems import InputError

ROUTES = sorted(load_tree().routes)
TEMPLATES = data.shipped("templates")
DOCUMENT_TEMPLATES = (
    "attestation_participation", "learning_agreement", "learning_agreement_complement",
    "europass_preparation", "positioning_sheet", "evaluation_grid", "validation_record",
    "men_unit_file", "btm_file", "qbid_agreement",
)
# The rules a pack must pass: the repository's markdownlint configuration (it says which rule
# is relaxed and why), translated for pymarkdownlnt.
LINT_CONFIG = Path(__file__).resolve().parents[1] / ".markdownlint.yaml"
LINT_EXTENSIONS = ("markdown-tables", "markdown-task-list-items")


def lint_config() -> dict:
    return yaml.safe_load(LINT_CONFIG.read_text(encoding="utf-8"))


def lint(text: str) -> list[str]:
    api = PyMarkdownApi()
    for ext in LINT_EXTENSIONS:
        api.enable_extension_by_identifier(ext)
    config = lint_config()
    assert config.pop("default") is True  # every rule, except those the file relaxes
    for rule, setting in config.items():
        if setting is False:
            api.disable_rule_by_identifier(rule.lower())
        elif isinstance(setting, dict):
            for key, value in setting.items():
                if isinstance(value, bool):
                    api.set_boolean_property(f"plugins.{rule.lower()}.{key}", value)
                elif isinstance(value, int):
                    api.set_integer_property(f"plugins.{rule.lower()}.{key}", value)
                else:
                    api.set_string_property(f"plugins.{rule.lower()}.{key}", str(value))
    result = api.scan_string(text)
    return [f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description}{f.extra_error_information}"
            for f in result.scan_failures] + [str(e) for e in result.critical_errors]


def test_the_markdownlint_config_relaxes_line_length_only():
    config = lint_config()
    assert config == {"default": True, "MD013": False}
    assert "MD024" in LINT_CONFIG.read_text(encoding="utf-8")  # says why it is kept


def test_duplicate_headings_fail_the_lint_even_in_different_sections():
    assert any("MD024" in f for f in lint("# T\n\n## A\n\n### Same\n\n## B\n\n### Same\n"))


def section(text: str, heading_start: str) -> str:
    """The lines of the section whose heading starts with `heading_start`, up to the next heading."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("#"):
            inside = line.lstrip("# ").startswith(heading_start)
            continue
        if inside:
            out.append(line)
    assert out, f"no section {heading_start!r}"
    return "\n".join(out)


@pytest.fixture(scope="module")
def packs(tree):
    return {(r, lang): render_route(tree, r, lang) for r in ROUTES for lang in LANGS}


# --- Golden files --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_golden(packs, route, lang):
    files = packs[(route, lang)]
    if updating():
        write(route, lang, files)
        return
    assert folder(route, lang).is_dir(), (
        f"no golden pack for {route}-{lang}: run UPDATE_GOLDEN=1 pytest tests/test_render.py and review it")
    expected = read(route, lang)
    assert sorted(files) == sorted(expected), "the pack's files changed (UPDATE_GOLDEN=1 to accept)"
    for name in files:
        if files[name] != expected[name]:
            diff = "\n".join(difflib.unified_diff(expected[name].splitlines(), files[name].splitlines(),
                                                  f"golden/{name}", f"rendered/{name}", lineterm=""))
            pytest.fail(f"{route}-{lang}/{name} differs from its golden file "
                        f"(review, then UPDATE_GOLDEN=1 to accept):\n{diff[:4000]}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_every_file_passes_the_markdown_linter(packs, route, lang):
    for name, text in packs[(route, lang)].items():
        if name.endswith(".md"):  # calendar.ics is checked in test_calendar.py
            assert lint(text) == [], f"{route}-{lang}/{name}"


def test_the_linter_does_catch_broken_markdown():
    assert lint("# a\n# a\n\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n")


# --- Pack structure ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_pack_has_index_checklist_and_one_file_per_document(tree, packs, route, lang):
    files = packs[(route, lang)]
    result = engine.outcomes(tree, route_answers(tree, route), TODAY)
    expected = {"index.md", "checklist.md", "calendar.ics"} | {f"{d.outcome.template}.md" for d in result.documents}
    assert set(files) == expected
    index = files["index.md"]
    for name in expected - {"index.md"}:
        assert f"]({name})" in index, f"index.md does not link {name}"


# the pack's headings in each language (templates/<lang>/index.md.j2, checklist.md.j2)
CHECK_FIRST = {"fr": "Points à vérifier en priorité", "en": "Check these first",
               "es": "Puntos que hay que comprobar primero", "ca": "Punts per comprovar primer",
               "de": "Vorrangig zu prüfende Punkte"}
PHASE_HEADINGS = {
    "fr": ("Avant la mobilité", "Pendant la mobilité", "Après la mobilité"),
    "en": ("Before the mobility", "During the mobility", "After the mobility"),
    "es": ("Antes de la movilidad", "Durante la movilidad", "Después de la movilidad"),
    "ca": ("Abans de la mobilitat", "Durant la mobilitat", "Després de la mobilitat"),
    "de": ("Vor der Mobilität", "Während der Mobilität", "Nach der Mobilität"),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_index_lists_caveats_first(tree, packs, route, lang):
    index = packs[(route, lang)]["index.md"]
    headings = [line for line in index.splitlines() if line.startswith("## ")]
    assert headings[0] == "## " + CHECK_FIRST[lang]
    result = engine.outcomes(tree, route_answers(tree, route), TODAY)
    first = section(index, headings[0][3:])
    for c in result.caveats:
        assert render.typography(environment.md_escape(c.outcome.text(lang)), lang) in first


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_checklist_has_the_phases_and_every_step_with_source_and_date(tree, packs, route, lang):
    text = packs[(route, lang)]["checklist.md"]
    phases = PHASE_HEADINGS[lang]
    positions = [text.index(f"\n## {p}\n") for p in phases]
    assert positions == sorted(positions)
    result = engine.outcomes(tree, route_answers(tree, route), TODAY)
    for item in result.items:
        o = item.outcome
        if o.kind not in ("step", "document"):
            continue
        lines = [ln for ln in text.splitlines() if ln.startswith("- [ ] " + render.typography(environment.md_escape(o.text(lang)), lang))]
        assert len(lines) == 1, f"{o.id} is not one task of the checklist"
        line = lines[0]
        assert f'({provenance.anchor(lang)} "{o.id}")' in line, f"{o.id}: source reference missing"
        for s in o.source:  # each source by its number, each passage by its title in the pack's language
            title = provenance.section_title(tree, s, lang)
            assert title is None or render.typography(environment.md_escape(title), lang) in line, f"{o.id}: {s.short()} missing"
        if item.due is not None:
            assert render.format_date(item.due, lang) in line, f"{o.id}: due date missing"
        if o.tip:
            nxt = text.splitlines()[text.splitlines().index(line) + 1]
            assert render.typography(environment.md_escape(o.tip(lang)), lang) in nxt


def test_checklist_markdown_is_the_packs_checklist(tree, packs):
    result = engine.outcomes(tree, route_answers(tree, "participation"), TODAY)
    assert render.checklist_markdown(tree, result, "fr", TODAY) == packs[("participation", "fr")]["checklist.md"]


def test_render_document_is_the_packs_file(tree, packs):
    result = engine.outcomes(tree, route_answers(tree, "men"), TODAY)
    assert (render.render_document(tree, result, "en", TODAY, "men_unit_file")
            == packs[("men", "en")]["men_unit_file.md"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template", DOCUMENT_TEMPLATES)
def test_every_document_renders_outside_its_route_too(tree, template, lang):
    """validate renders each document with a route's answers: optional answers stay blanks."""
    result = engine.outcomes(tree, route_answers(tree, "europass"), TODAY)
    text = render.render_document(tree, result, lang, TODAY, template)
    assert text.startswith("# ") and lint(text) == []


# --- What each route's documents must say (the seeds' conditions) --------------------------

END = {"fr": "26 mars 2027", "en": "26 March 2027"}
START = {"fr": "1er mars 2027", "en": "1 March 2027"}
# The seeds' conditions are checked word for word in the two reference languages; every other
# language is checked for the same facts (names, figures, dates) below, and its goldens were
# read by a native referent.
CONTENT_LANGS = ("fr", "en")
OTHER_LANGS = [lang for lang in LANGS if lang not in CONTENT_LANGS]


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_every_language_carries_the_same_facts(tree, packs, lang):
    start, end = render.format_date(date(2027, 3, 1), lang), render.format_date(date(2027, 3, 26), lang)
    complement = packs[("participation", lang)]["learning_agreement_complement.md"]
    assert end in complement and "Léa Dupont" in complement and "Handwerkskammer Frankfurt (Oder)" in complement
    attestation = packs[("participation", lang)]["attestation_participation.md"]
    assert "Handwerkskammer Frankfurt (Oder)" in attestation and "Bäckerei Schulz" in attestation
    agreement = packs[("participation", lang)]["learning_agreement.md"]
    assert start in agreement.splitlines()[2] and "Pâtisserie Martin" in agreement
    europass = packs[("europass", lang)]["europass_preparation.md"]
    request = next(r for r in europass.splitlines() if r.startswith("| 1 |"))
    assert start in request and "Erasmus+" in request and "Konditormeisterin" in europass
    men = packs[("men", lang)]["men_unit_file.md"]
    assert re.search(r"\b10\b.*\b20\b", men) and "DAREIC" not in men and "Baccalauréat professionnel" in men
    assert "Mobilité Pro" in men
    btm = packs[("btm", lang)]["btm_file.md"]
    assert "TAC" in btm and "CMA France" in btm and "Anna Schulz" in btm and re.search(r"\b3\b", btm)
    qbid = render_route(tree, "qbid", lang, **{"qbid.catalan_tutor": "Jordi Puig", "qbid.module": "MP12 FCT"})
    assert "Jordi Puig" in qbid["qbid_agreement.md"] and "MP12 FCT" in qbid["qbid_agreement.md"]


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_complement_is_signed_by_learner_host_partner_and_host_company_on_or_after_the_last_day(packs, lang):
    text = packs[("participation", lang)]["learning_agreement_complement.md"]
    signatures = section(text, "Signatures")
    later = {"fr": "ou après", "en": "or later"}[lang]
    rows = [r for r in signatures.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert len(rows) == 3
    # the host partner named as the learning agreement names it (words12: the Kammer signs both)
    host = {"fr": "| Organisme d'accueil (partenaire d'accueil) |", "en": "| Receiving organisation (host partner) |"}[lang]
    assert "Léa Dupont" in rows[0] and rows[1].startswith(host)
    # the host brief has the tutor sign it for the host company (#25): her row, with her name
    company = {"fr": "| Entreprise d'accueil (tuteur) |", "en": "| Host company (tutor) |"}[lang]
    assert rows[2].startswith(company) and "Anna Schulz" in rows[2], rows[2]
    # the rule once above the table, the date cells left to write in (#25 item 9)
    assert signatures.count(f"{END[lang]} {later}") == 1 and signatures.index(later) < signatures.index("| ")
    for row in rows:
        assert row.split("|")[3].strip() == environment.BLANK  # Signatory | Name, function | Date


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_attestation_is_signed_by_host_partner_and_host_companies(packs, lang):
    text = packs[("participation", lang)]["attestation_participation.md"]
    signatures = section(text, "Signatures")
    roles = {"fr": ("| Partenaire d'accueil |", "| Entreprise d'accueil |"), "en": ("| Host partner |", "| Host company |")}[lang]
    assert all(r in signatures for r in roles)
    # the organisations are named in the mobility's table; "Name" is the signing person's
    assert "Handwerkskammer Frankfurt (Oder)" in text and "Bäckerei Schulz" in text
    assert "Handwerkskammer" not in signatures and "Bäckerei Schulz" not in signatures


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_europass_is_requested_before_the_start_and_signed_by_host_learner_sender(packs, lang):
    text = packs[("europass", lang)]["europass_preparation.md"]
    request = next(r for r in text.splitlines() if r.startswith("| 1 |"))
    assert {"fr": f"avant le {START['fr']}", "en": f"before {START['en']}"}[lang] in request
    assert "espace Erasmus+" in request or "Erasmus+ space" in request
    assert "Anna Schulz" in text and "Konditormeisterin" in text  # host gives the tutor's identity and function
    signatures = section(text, {"fr": "Signatures et cachets", "en": "Signatures and stamps"}[lang])
    rows = [r for r in signatures.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert ["Anna Schulz" in rows[0], "Léa Dupont" in rows[1], rows[2].split("|")[2].strip().split(", ")[0] == environment.BLANK] == [True] * 3
    # one blank cell to sign and stamp (#25), the learner's simply signed
    assert rows[0].endswith("| |") and rows[1].endswith("| |") and rows[2].endswith("| |")
    assert "sans objet" not in rows[1] and "not applicable" not in rows[1]


def test_europass_without_erasmus_goes_through_the_national_centre(tree):
    result = engine.outcomes(tree, route_answers(tree, "europass", **{"mobility.funding": "other"}), TODAY)
    text = render.render_document(tree, result, "fr", TODAY, "europass_preparation")
    assert "Centre National Europass" in text


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_men_mark_ten_diploma_passed_and_five_years(packs, lang):
    text = packs[("men", lang)]["men_unit_file.md"]
    if lang == "fr":
        assert "supérieure ou égale à 10 sur 20" in text and "présentées avec succès" in text
        assert "cinq ans" in text and "«\u00a0Mobilité Pro\u00a0»" in text
    else:
        assert "10 out of 20 or more" in text and "exams passed" in text
        assert "five years" in text and '"Mobilité Pro"' in text
    assert "DAREIC" not in text  # what the referent checks is in the checklist (#25, words8)
    assert "Baccalauréat professionnel" in text


def test_men_other_diploma_says_to_check_its_own_text(tree):
    # in the checklist, the referent's (#25, words8): the unit file the assessors sign says nothing of it
    result = engine.outcomes(tree, route_answers(tree, "men", **{"men.diploma": "cap"}), TODAY)
    assert "JORFTEXT000039017192" in render.checklist_markdown(tree, result, "fr", TODAY)
    assert "JORFTEXT000039017192" not in render.render_document(tree, result, "fr", TODAY, "men_unit_file")
    result = engine.outcomes(tree, route_answers(tree, "men", **{"men.diploma": "mc"}), TODAY)
    assert "men.diploma_mc" in {i.outcome.id for i in result.caveats}
    assert "mention complémentaire" in render.checklist_markdown(tree, result, "fr", TODAY).lower()


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_btm_three_points_tac_for_host_tutor_jury_and_experiment(packs, lang):
    text = packs[("btm", lang)]["btm_file.md"]
    tac = section(text, {"fr": "Tableau d'acquisition", "en": "Competence acquisition table"}[lang])
    assert "Anna Schulz" in tac
    assert "TAC international" in text and "CMA France" in text
    # the experiment's dates and status are the referent's to check: in the checklist, not in the file the host signs (#25)
    assert "2025" not in text and "2025" in packs[("btm", lang)]["checklist.md"]
    if lang == "fr":
        # the seed's condition, in the points' own row (#25: a sentence after the table opened a page)
        assert "| Points supplémentaires attribués (3 au maximum, si les épreuves du BTM sont réussies) |" in text
        assert "jury" in text
        for kind in ("Transversales", "Organisationnelles", "Techniques"):
            assert f"| {kind}" in tac
        assert "L'organisation de l'entreprise d'accueil" in text  # the chosen focus
    else:
        assert "| Extra points awarded (3 at most, only if the BTM's exams are passed) |" in text and "jury" in text
        for kind in ("Transversal", "Organisational", "Technical"):
            assert f"| {kind}" in tac


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_qbid_agreement_host_tutor_assesses_catalan_tutor_validates(tree, lang):
    files = render_route(tree, "qbid", lang, **{"qbid.catalan_tutor": "Jordi Puig", "qbid.module": "MP12 FCT"})
    text = files["qbid_agreement.md"]
    who = section(text, {"fr": "Qui évalue", "en": "Who assesses"}[lang])
    steps = [ln for ln in who.splitlines() if re.match(r"\d\. ", ln)]
    a = route_answers(tree, "qbid")  # a Catalan school's learner, placed in Belgium
    assert a["tutor.name"] in steps[0] and "Jordi Puig" in steps[2]
    assert "MP12 FCT" in text
    signatures = section(text, {"fr": "Signatures", "en": "Signatures"}[lang])
    assert all(n in signatures for n in ("Jordi Puig", a["learner.name"], a["tutor.name"]))  # the people who sign


def test_qbid_module_left_blank_when_not_answered(packs):
    text = packs[("qbid", "fr")]["qbid_agreement.md"]
    assert f"| Module professionnel (MP) et unités de formation (UF) | {environment.BLANK} |" in text


@pytest.mark.parametrize("lang", CONTENT_LANGS)
def test_learning_agreement_before_start_and_sending_company_only_for_apprentices(tree, packs, lang):
    text = packs[("participation", lang)]["learning_agreement.md"]
    assert START[lang] in text.splitlines()[2]
    assert "Pâtisserie Martin" in text
    assert {"fr": "| Entreprise d'envoi (employeur de l'apprenant) |", "en": "| Sending company (the learner's employer) |"}[lang] \
        in section(text, "Signatures")
    answers = route_answers(tree, "participation", **{"learner.apprentice": False})
    answers.pop("org.sending_company")
    text = render.render_document(tree, engine.outcomes(tree, answers, TODAY), lang, TODAY, "learning_agreement")
    assert "Pâtisserie Martin" not in text


def test_integration_documents_follow_the_answers(packs):
    files = packs[("integration", "fr")]
    assert "- [x] CV Europass joint" in files["positioning_sheet.md"]
    assert "- [ ] Niveau européen de la formation (CEC)" in files["positioning_sheet.md"]
    grid = files["evaluation_grid.md"]
    assert "| Atteint | Partiellement atteint | Non atteint |" in grid
    assert "évaluée avant le départ" in grid
    assert "une présentation devant un jury" in grid  # a list inside a sentence: no capital
    assert "open badge" in files["validation_record.md"]


# --- Context, escaping, dates ---------------------------------------------------------------


def test_dates_as_each_language_writes_them():
    assert render.format_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert render.format_date(date(2026, 8, 24), "fr") == "24 août 2026"
    assert render.format_date(date(2027, 3, 1), "en") == "1 March 2027"


@pytest.mark.parametrize("raw, escaped", [
    ("*x* | # y", r"\*x\* \| \# y"),
    ("<script>", r"\<script\>"),
    ("- item", r"\- item"),
    ("+ item", r"\+ item"),
    ("12. item", r"12\. item"),
    ("a\nb\t c", "a b c"),
    ("[a](b) `c` _d_ ~e~ $f$ &copy; !g {h}", r"\[a\](b) \`c\` \_d\_ \~e\~ \$f\$ \&copy; \!g \{h\}"),
    ("back\\slash", "back\\\\slash"),
    ("Erasmus+ 2027-03-01", "Erasmus+ 2027-03-01"),
])
def test_md_escape(raw, escaped):
    assert environment.md_escape(raw) == escaped


def test_label_and_answers_namespace(tree):
    answers = route_answers(tree, "men", **{"destination.country": "other", "destination.other": "Japon"})
    ctx = context.context(tree, engine.outcomes(tree, answers, TODAY), "fr", TODAY)
    assert ctx["label"]("destination.country") == "Japon"
    assert ctx["label"]("learner.apprentice") == "Oui"
    assert ctx["label"]("mobility.start") == "1er mars 2027"
    assert ctx["label"]("men.diploma") == "Baccalauréat professionnel (Bac pro)"
    assert ctx["label"]("qbid.module") is environment.BLANK
    assert ctx["answers"].learner.name == "Léa Dupont"
    assert ctx["answers"].get("btm.title") is environment.BLANK
    with pytest.raises(jinja2.UndefinedError):
        ctx["label"]("no.such.question")
    with pytest.raises(AttributeError):
        ctx["answers"].learner.name = "x"
    assert ctx["routes"][-1] == "Éducation nationale (France) : unité facultative de mobilité"


def test_undefined_variables_are_errors(tree, tmp_path):
    (tmp_path / "typo.md.j2").write_text("# {{ answers.learner.nmae }}\n")
    (tmp_path / "optional.md.j2").write_text("# {{ answers.org.sending_company }}\n")
    (tmp_path / "unknown.md.j2").write_text("# {{ nothing }}\n")
    answers = route_answers(tree, "europass", **{"learner.apprentice": False})
    answers.pop("org.sending_company")
    result = engine.outcomes(tree, answers, TODAY)
    for name in ("typo", "optional", "unknown"):
        with pytest.raises(jinja2.UndefinedError):
            render.render_document(tree, result, "fr", TODAY, name, templates=tmp_path)


def test_unknown_language_is_refused(tree):
    result = engine.outcomes(tree, route_answers(tree, "europass"), TODAY)
    with pytest.raises(InputError):
        render.pack_files(tree, result, "it", TODAY)


def test_environment_is_built_once():
    assert environment.environment() is environment.environment()


def test_one_template_per_document_and_no_line_ends_with_a_block_tag():
    """One template per document, for every language (no language folders left); trim_blocks
    eats the newline after a block tag: text before it would run into the next line."""
    names = sorted(p.name for p in TEMPLATES.glob("*.md.j2"))
    for t in ("index", "checklist", *DOCUMENT_TEMPLATES):
        assert f"{t}.md.j2" in names
    assert not [p for p in TEMPLATES.iterdir() if p.is_dir()]
    for p in TEMPLATES.glob("*.md.j2"):
        tags_as_marks = re.sub(r"\{%.*?%\}", "\x00", p.read_text(encoding="utf-8"), flags=re.S)
        for n, line in enumerate(tags_as_marks.splitlines(), 1):
            if line.endswith("\x00") and line.replace("\x00", "").strip():
                pytest.fail(f"{p}: line {n} (counting a tag as one line) has text and ends with a block tag")


# --- Folder name and writing ------------------------------------------------------------------


def test_default_pack_dir():
    assert render.default_pack_dir(profile(), TODAY) == "pack-lea-dupont-2027-03-01"
    no_dates = {k: v for k, v in profile().items() if not k.startswith("mobility.")}
    assert render.default_pack_dir(no_dates, TODAY) == "pack-lea-dupont-2026-11-24"
    assert render.default_pack_dir(profile(**{"learner.name": "李小龙"}), TODAY) == "pack-2027-03-01"
    assert render.default_pack_dir(profile(**{"learner.name": "../../etc/passwd"}), TODAY) == "pack-etc-passwd-2027-03-01"
    long = render.default_pack_dir(profile(**{"learner.name": "Marie-Éloïse " * 9}), TODAY)
    assert re.fullmatch(r"pack-[a-z0-9-]+-2027-03-01", long) and len(long) <= 5 + render.SLUG_MAX + 11


# writing the pack: tests/test_packdir.py


@pytest.mark.parametrize("route", ["men", "participation", "integration"])
@pytest.mark.parametrize("lang", LANGS)
def test_index_links_every_file_cleanly(tree, route, lang):
    files = render_route(tree, route, lang)
    links = [ln for ln in files["index.md"].splitlines() if re.match(r"- \[.*\]\([a-z_]+\.(md|ics)\)", ln)]
    assert {re.search(r"\(([a-z_]+\.(md|ics))\)", ln).group(1) for ln in links} == set(files) - {"index.md"}
    for ln in links:  # a link, then nothing or its due date: never a stray blank
        assert re.fullmatch(r"- \[[^\]]+\]\([a-z_]+\.(md|ics)\)([ \u00a0]?: \S.*)?", ln), ln


@pytest.mark.parametrize("lang,marker", [("fr", "si votre modèle le prévoit"), ("en", "if your template provides for it")])
def test_learning_agreement_is_signed_by_the_participant_and_both_organisations(tree, lang, marker):
    # as the Commission's recommended learning agreement for VET learners (#25 item 4): the
    # participant, the sending and the receiving organisation sign, with the host company
    text = render_route(tree, "participation", lang)["learning_agreement.md"]
    assert marker not in text
    rows = [ln.split("|")[1].strip() for ln in section(text, "Signatures").splitlines() if ln.startswith("| ")][2:]
    assert rows[0] == {"fr": "Participant", "en": "Participant"}[lang]
    # the receiving organisation is named as the pack's other documents name the host partner
    assert {"fr": {"Organisme d'envoi", "Organisme d'accueil (partenaire d'accueil)", "Entreprise d'accueil"},
            "en": {"Sending organisation", "Receiving organisation (host partner)", "Host company"}}[lang] <= set(rows)
