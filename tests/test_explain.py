"""`mobility-advisor explain ID`: a rule, its conditions, the routes to it, its source in the seeds."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import TODAY
from mobility_advisor.engine import engine
from mobility_advisor.cli import explain
from mobility_advisor.cli.app import app

runner = CliRunner()
LANGS = ("fr", "en")


def test_outcome_shows_condition_source_seed_title_and_routes(tree):
    e = explain.describe(tree, "men.unit_file", "fr", TODAY)
    o = tree.outcome("men.unit_file")
    assert e.heading == "Document men.unit_file"
    assert e.get("Titre") == o.title.fr
    assert e.get("S'applique si") == ("Quel certificateur reconnaîtra les acquis de la mobilité "
                                      "[certification.certifier] = Éducation nationale (France) : unité "
                                      "facultative de mobilité")
    assert e.get("Défini dans") == f"{o.at.file}:{o.at.line}"
    assert e.get("Modèle") == f"templates/{o.template}.md.j2"
    sources = e.get("Sources")
    assert len(sources) == len(o.source)
    for s, line in zip(o.source, sources):
        doc = tree.seeds[s.seed]
        assert line.startswith(f"{doc.code} §{doc.sections[s.section].title.fr} — {doc.title.fr}")
        assert f"({s.at.file}:{s.at.line})" in line
    assert e.get("Parcours qui y mènent") == ["men — " + tree.routes["men"].label.fr]


def test_caveat_shows_whom_to_check_with(tree):
    caveat = next(o for o in tree.outcomes if o.kind == "caveat" and o.check_with is not None)
    e = explain.describe(tree, caveat.id, "en", TODAY)
    assert e.heading == f"Point to check {caveat.id}"
    from mobility_advisor.engine.contacts import generic

    assert e.get("Check with") == generic(caveat).check_with.en  # outside a pack: no country's agency


def test_due_in_words(tree):
    o = next(o for o in tree.outcomes if o.due is not None and o.due.anchor == "end" and o.due.relation == "after")
    assert explain.describe(tree, o.id, "en", TODAY).get("Due").startswith("after the end of the mobility")
    assert explain.describe(tree, o.id, "fr", TODAY).get("Échéance").startswith("après la fin de la mobilité")


def test_question_shows_branches_origin_users_and_routes(tree):
    e = explain.describe(tree, "men.diploma", "en", TODAY)
    assert e.heading == "Question men.diploma"
    assert e.get("Kind") == "single choice"
    assert e.get("Reached from") == ['certification.certifier, choice "French Ministry of Education: optional '
                                     'mobility unit"']
    known = e.get("Known when it is asked")
    assert "Which certifier will recognise the outcomes of the mobility [certification.certifier] = French " \
           "Ministry of Education: optional mobility unit" in known
    assert '"Have the outcomes recognised in the diploma (certification)" ticked' in known
    assert "men.diploma_cap" in e.get("Conditions that test it")
    assert e.get("Routes that ask it") == ["men — " + tree.routes["men"].label.en]
    assert e.get("Then") == "end of the branch (back to the question that opened it)"

    e = explain.describe(tree, "certification.certifier", "fr", TODAY)
    assert "cma_btm: CMA France : BTM « mention Europe » (ouvre la branche btm.title)" in e.get("Choix")
    assert e.get("Posée si") == "« Faire reconnaître les acquis dans le diplôme (certification) » coché"

    e = explain.describe(tree, "destination.other", "en", TODAY)
    assert e.get("Routes that ask it") == ["none"]  # no route goes abroad beyond the listed countries


@pytest.mark.parametrize("lang", LANGS)
def test_routes_reaching_agree_with_the_engine(tree, lang):
    for r in tree.routes.values():
        reached = {i.outcome.id for i in engine.outcomes(tree, r.answers, TODAY, prune=False).items}
        for o in tree.outcomes:
            assert (r.id in explain.routes_reaching(tree, o.id, TODAY)) == (o.id in reached), (r.id, o.id)


def test_every_rule_explains_in_both_languages(tree):
    for rid in explain.all_ids(tree):
        fr, en = (explain.describe(tree, rid, lang, TODAY) for lang in LANGS)
        assert rid in fr.heading and rid in en.heading
        assert [k for k, _ in fr.rows] != [k for k, _ in en.rows]  # headings are translated


def test_cli_explain_prints_and_unknown_id_exits_2(tree):
    r = runner.invoke(app, ["explain", "participation.learning_agreement", "--lang", "en"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "Document participation.learning_agreement" in r.stdout
    assert "rules/participation.yaml:" in r.stdout and "Routes that reach it" in r.stdout

    r = runner.invoke(app, ["explain", "men.diplom", "--lang", "en"])
    assert r.exit_code == 2
    assert "unknown id 'men.diplom'; did you mean: men.diploma" in r.output
    r = runner.invoke(app, ["explain", "men.diplom", "--lang", "fr"])
    assert r.exit_code == 2 and "identifiant inconnu « men.diplom » ; vouliez-vous dire : men.diploma" in r.output
    r = runner.invoke(app, ["explain", "zzzzzz", "--lang", "en"])
    assert r.exit_code == 2 and "did you mean" not in r.output and "mobility-advisor tree" in r.output


def test_a_due_date_reads_as_a_sentence():
    """'le jour de' + 'le début de la mobilité' is 'le jour du début' in French."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "mobility_advisor", "explain", "guide.during.reception", "--lang", "fr"],
                         capture_output=True, text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"}).stdout
    assert "le jour du début de la mobilité" in out and "le jour de le " not in out
