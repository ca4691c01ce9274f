"""Seed coverage: each fact and step of the seeds is carried by a rule that cites it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS

COVERAGE = sorted((ROOT / "docs" / "coverage").glob("*.yaml"))


def entries():
    for f in COVERAGE:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for i, fact in enumerate(data["facts"]):
            yield pytest.param(fact.get("source", data["seed"]), fact, id=f"{f.stem}-{i + 1}")


def test_coverage_lists_exist():
    seeds = {yaml.safe_load(f.read_text(encoding="utf-8"))["seed"] for f in COVERAGE}
    # The decision aid, the step-by-step guide, its table and the project's tips.
    assert {"000_fd03e0fb6919d7ac.txt", "002_cdf22a84b2ddda8c.txt", "003_a300bb2bd34e759d.txt",
            "004_2afedd8bb814178f.txt"} <= seeds


@pytest.mark.parametrize("seed,fact", list(entries()))
def test_fact_has_a_rule_citing_its_seed(tree, seed, fact):
    assert fact["fact"].strip(), "describe the fact"
    rules = fact["rules"]
    assert rules, f"no rule carries: {fact['fact']}"
    citing = []
    for rid in rules:
        o = tree.outcome(rid)
        assert o is not None or rid in tree.questions, f"{rid} is neither an outcome nor a question"
        if o is not None and any(s.seed == seed for s in o.source):
            citing.append(rid)
    assert citing, f"none of {rules} cites {seed} for: {fact['fact']}"


def test_every_cited_seed_exists(tree):
    known = set(tree.seeds)
    for o in tree.outcomes:
        for s in o.source:
            assert s.seed in known, f"{o.id} cites unknown {s.seed}"
    if SEEDS.is_dir():  # beside the repository in development and CI
        on_disk = {p.name for p in SEEDS.iterdir()}
        seeds = {k for k, d in tree.seeds.items() if not d.public}
        assert seeds <= on_disk, seeds - on_disk


def test_every_outcome_is_listed_in_coverage(tree):
    listed = {r for f in COVERAGE for fact in yaml.safe_load(f.read_text(encoding="utf-8"))["facts"]
              for r in fact["rules"]}
    missing = [o.id for o in tree.outcomes if o.id not in listed]
    assert not missing, f"outcomes with no coverage entry: {missing}"
