"""Cohorts with learning outcomes (one outcomes file for the group) and results per learner from the CSV."""

from __future__ import annotations

import yaml

from test_learning import EXAMPLE, answers_doc, run

HEAD = "learner.name;mobility.start;mobility.end;org.host_company;tutor.name;tutor.function"


def common(tmp, route="men", lang="fr", outcomes=None):
    doc = answers_doc(route, lang, outcomes=outcomes)
    for k in ("learner.name", "mobility.start", "mobility.end", "org.host_company", "tutor.name", "tutor.function"):
        doc["answers"].pop(k)
    (tmp / "common.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def learners(tmp, extra_head="", rows=()):
    lines = [HEAD + extra_head] + list(rows)
    (tmp / "learners.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def cohort(tmp, *extra):
    return run(tmp, "cohort", "--answers", "common.yaml", "--learners", "learners.csv", "-o", "out", *extra)


def test_cohort_shares_one_outcomes_file_and_records_results_per_learner(tmp_path):
    common(tmp_path)
    learners(tmp_path, ";results.men.mark;results.diploma_passed;results.men.exam_date;results.outcomes.EX-1", [
        "Léa Dupont;01/03/2027;26/03/2027;Bäckerei Schulz;Anna Schulz;Konditormeisterin;12;oui;2027-06-20;achieved",
        "Karim Benali;01/03/2027;26/03/2027;Hotel Adler;Jonas Weber;Küchenchef;12;non;2027-06-20;partial",
        "Inès Moreau;01/03/2027;26/03/2027;Café Krone;Paul Krone;Inhaber;;;;",
    ])
    r = cohort(tmp_path, "--outcomes", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    packs = sorted(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert len(packs) == 3
    for p in packs:  # the group's outcomes in every learner's documents
        grid = (p / "evaluation_grid.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
        assert "EX-1 : (Example) Prepare a laminated dough" in grid
    lea = next(p for p in packs if "lea" in p.name)
    karim = next(p for p in packs if "karim" in p.name)
    ines = next(p for p in packs if "ines" in p.name)
    assert "Attestation « Mobilité Pro » délivrée" in (lea / "men_unit_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    k = (karim / "men_unit_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "non délivrée" in k and "jusqu'au 20 juin 2032" in k
    assert "Résultats et conséquences" not in (ines / "men_unit_file.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")


def test_cohort_bad_results_are_located_by_line(tmp_path):
    common(tmp_path, "btm", "en")
    learners(tmp_path, ";results.btm.passed;results.btm.points", [
        "Léa Dupont;01/03/2027;26/03/2027;Bäckerei Schulz;Anna Schulz;Konditormeisterin;yes;2",
        "Karim Benali;01/03/2027;26/03/2027;Hotel Adler;Jonas Weber;Küchenchef;yes;4",
        "Inès Moreau;01/03/2027;26/03/2027;Café Krone;Paul Krone;Inhaber;no;1",
    ])
    r = cohort(tmp_path, "--outcomes", str(EXAMPLE))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "learners.csv:3: 'btm.points' is 4: at most 3 extra points" in r.stderr
    assert "learners.csv:4: 'btm.points' is 1 while the BTM was not passed" in r.stderr
    assert not (tmp_path / "out").exists()


def test_cohort_unknown_result_column_or_outcome(tmp_path):
    common(tmp_path, "men", "en")
    learners(tmp_path, ";results.outcomes.ZZ", ["Léa Dupont;01/03/2027;26/03/2027;B;A;K;achieved"])
    r = cohort(tmp_path, "--outcomes", str(EXAMPLE))
    assert r.returncode == 2 and "learners.csv:1: 'results.outcomes': 'ZZ' is neither the reference" in r.stderr
    learners(tmp_path, ";results.mark", ["Léa Dupont;01/03/2027;26/03/2027;B;A;K;12"])
    r = cohort(tmp_path, "--outcomes", str(EXAMPLE))
    assert r.returncode == 2 and "learners.csv:1: unknown result 'results.mark'" in r.stderr
    learners(tmp_path, ";results.qbid.validated", ["Léa Dupont;01/03/2027;26/03/2027;B;A;K;yes"])
    r = cohort(tmp_path, "--outcomes", str(EXAMPLE))
    assert r.returncode == 2 and "learners.csv:2: 'qbid.validated' is a result of the qBID (Catalonia) route" in r.stderr


def test_cohort_outcomes_from_the_common_answers_file(tmp_path):
    common(tmp_path, "men", "en", outcomes=[{"reference": "G1", "text": "Group outcome, illustrative"}])
    learners(tmp_path, ";results.outcomes.G1", ["Léa Dupont;01/03/2027;26/03/2027;B;A;K;achieved"])
    r = cohort(tmp_path)
    assert r.returncode == 0, r.stderr
    pack = next(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    record = (pack / "validation_record.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "| G1: Group outcome, illustrative | x |" in record and "- [x] Outcomes validated" in record
    r = cohort(tmp_path, "--outcomes", str(EXAMPLE), "--force")
    assert r.returncode == 2 and "given twice" in r.stderr


def test_cohort_manifest_keeps_the_group_outcomes(tmp_path):
    import json

    common(tmp_path, "men", "en")
    learners(tmp_path, "", ["Léa Dupont;01/03/2027;26/03/2027;B;A;K"])
    assert cohort(tmp_path, "--outcomes", str(EXAMPLE)).returncode == 0
    doc = json.loads((tmp_path / "out" / ".mobility-advisor.json").read_text(encoding="utf-8"))["answers"]
    assert [o["reference"] for o in doc["outcomes"]] == ["EX-1", "EX-2", "EX-3"]
