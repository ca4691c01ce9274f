"""Provenance a user can follow: the sources registry, the Sources list of every pack file,
references that lead to it and to the rule, `explain SOURCE`, and no copied seed text."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SEEDS, TODAY
from golden_tool import render_route
from mobility_advisor.engine.bilingual import HOST_DOCUMENTS
from mobility_advisor.cli import explain
from mobility_advisor.pack import provenance
from mobility_advisor.pack import render
from mobility_advisor.cli.app import app

LANGS = ("fr", "en")
ROUTES = ("participation", "europass", "integration", "men", "btm", "qbid")
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _norm(text: str) -> str:
    """Lower case, typographic apostrophes and quotes folded, words only: how a reader searches."""
    text = text.replace("’", "'").replace("«", " ").replace("»", " ").replace("'", " ")
    return " ".join(WORD.findall(text.lower()))


@pytest.fixture(scope="module")
def packs(tree):
    return {(r, lang): render_route(tree, r, lang) for r in ROUTES for lang in LANGS}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder is beside the repository in development")
def test_every_cited_passage_can_be_found_in_its_seed(tree):
    """Each section a rule may cite names words a reader finds in the seed (untitled passages,
    such as 003's "Aide" tips, by their first words)."""
    missing = []
    for doc in tree.seeds.values():
        if doc.public:
            continue
        text = _norm((SEEDS / doc.file).read_text(encoding="utf-8"))
        for sec in doc.sections.values():
            if _norm(sec.find) not in text:
                missing.append(f"{doc.code} §{sec.id}: {sec.find!r}")
    assert not missing, missing


def test_every_citation_names_a_listed_passage_or_public_source(tree):
    for o in tree.outcomes:
        for s in o.source:
            doc = tree.seeds[s.seed]
            if doc.public:
                assert s.section is None and doc.address.startswith("https://"), o.id
            else:
                assert s.section in doc.sections, f"{o.id}: {doc.code} §{s.section}"
                assert doc.publisher is not None and doc.year is not None, doc.code


def test_public_legal_texts_are_links_with_their_identifier(tree):
    for key in ("legifrance_men_2019", "legifrance_men_cap"):
        doc = tree.seeds[key]
        ident = re.search(r"JORFTEXT\d+", doc.title.fr).group(0)
        assert doc.address.endswith(ident) and ident in doc.title.en


# the documents a host reads or signs, and the host brief (bilingual.HOST_DOCUMENTS)
HOST_FILES = set(HOST_DOCUMENTS) | {"host_brief"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
def test_every_pack_file_ends_with_its_sources(tree, packs, route, lang):
    files = packs[(route, lang)]
    index_sources = files["index.md"].split("\n## Sources\n", 1)[1]
    listed = re.findall(r"^- \\\[(\d+)\\\] (.*)$", index_sources, re.M)
    assert [int(n) for n, _ in listed] == list(range(1, len(listed) + 1))
    by_number = dict(listed)
    for name, text in files.items():
        if not name.endswith(".md"):
            continue
        if name[:-3] in HOST_FILES:
            # a document a host reads or signs ends with one line of numbers, in the host's words
            # (#25 item 8): the numbers are the index's
            last = text.rstrip("\n").rsplit("\n", 1)[-1]
            cited = re.findall(r"\\\[(\d+)\\\]", last)
            assert cited and all(n in by_number for n in cited), f"{name}: {last!r}"
            assert "\n## Sources\n" not in text, name
            continue
        assert "\n## Sources\n" in text, f"{name} has no Sources list"
        own = text.split("\n## Sources\n", 1)[1]
        for n, line in re.findall(r"^- \\\[(\d+)\\\] (.*)$", own, re.M):
            assert by_number[n] == line, f"{name}: [{n}] is not the index's [{n}]"  # one numbering per pack
        for n in re.findall(r"\[\[(\d+)\]\]\(#sources ", text):
            assert n in by_number, f"{name} refers to [{n}], which the Sources list lacks"
    seeds_listed = [line for _, line in listed if re.match(r"00\d – ", line)]
    assert seeds_listed, "a pack always rests on seeds"
    for line in seeds_listed:  # title in italics, the publisher (the Erasmus+ project or the ministry), a date
        assert re.match(r"00\d – \*.+\*, .+, .+\. (<https://\S+>|\(.+\))$", line), line


@pytest.mark.parametrize("lang", LANGS)
def test_references_are_short_localised_and_carry_the_rule_id(tree, lang):
    checklist = render_route(tree, "men", lang, **{"destination.country": "ca"})["checklist.md"]
    o = tree.outcome("men.scope_check")
    line = next(ln for ln in checklist.splitlines() if f'"{o.id}")' in ln)
    label = "Sources\u00a0:" if lang == "fr" else "Sources:"
    assert f"({label} [[" in line
    # the seed's passage by its title in the pack's language, the public text by its number only
    assert render.typography(tree.seeds["000_fd03e0fb6919d7ac.txt"].sections["men"].title(lang), lang) in line
    assert "legifrance" not in line.lower() and "domain-notes" not in line
    assert "§" not in line and "000_" not in line


def test_no_user_facing_text_names_the_domain_notes(tree, packs):
    for (route, lang), files in packs.items():
        for name, text in files.items():
            assert "domain-notes" not in text, (route, lang, name)
    for f in (ROOT / "templates").rglob("*.j2"):
        assert "domain-notes" not in f.read_text(encoding="utf-8"), f
    for o in tree.outcomes:
        for text in (o.text, o.tip, o.check_with, o.title):
            if text is not None:
                assert "domain-notes" not in text.fr + text.en, o.id


@pytest.mark.parametrize("code", ["000", "003", "legifrance_men_2019", "003_a300bb2bd34e759d.txt"])
def test_explain_a_source_lists_the_rules_citing_it(tree, code):
    e = explain.describe(tree, code, "en", TODAY)
    doc = explain.source_doc(tree, code)
    assert e.heading == f"Source {doc.code}"
    citing = {line.split(" — ")[0] for line in e.get("Rules that cite it")}
    expected = {o.id for o in tree.outcomes if any(s.seed == doc.file for s in o.source)}
    assert citing == expected and expected
    assert e.get("Address") == (doc.address or "no public address given")


def test_explain_source_on_the_command_line():
    r = CliRunner().invoke(app, ["explain", "004", "--lang", "fr"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "Règles qui la citent" in r.output and "integration.apprentice_company" in r.output


def test_plain_reference_for_the_calendar_names_sources(tree):
    o = tree.outcome("men.scope_check")
    text = provenance.plain_reference(tree, o, "fr")
    assert text.startswith("000 En France 1/") and "Arrêté du 30 août 2019" in text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder is beside the repository in development")
def test_no_run_of_words_copied_from_the_seeds():
    tool = SEEDS.parent / "tools" / "seed_overlap.py"
    r = subprocess.run([sys.executable, str(tool), "--section-ok", "rules", "templates"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == "", r.stdout
