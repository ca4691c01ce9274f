"""The package's folders are its layers, and imports go only downward (README, design notes).

Each module lives in one layer folder; a module may import from its own layer and the layers
below it, never from one above. The few exceptions left are listed with the reason: each is a
step of a later clean-up, and the list may only shrink (a new upward import fails here).
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mobility_advisor"
# bottom first: words and the foundations, the rules, the pure engine, formats, what users give,
# the pack, the season after the packs, the learner's proof, the front ends
LAYERS = ["i18n", "core", "rules", "engine", "formats", "inputs", "pack", "season", "proof", "cli"]
# checks.py proves what a rule tree means by walking it with the engine and rendering its
# templates (validate); it is loaded lazily by load_tree and validate only.
ALLOWED_UPWARD = {
    ("rules/checks.py", "engine"),
    ("rules/checks.py", "pack"),
    ("rules/template_checks.py", "pack"),
}
IMPORT = re.compile(r"^\s*(?:from|import) mobility_advisor\.(\w+)", re.M)


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_is_in_a_layer_folder():
    loose = [p.name for p in _modules() if p.parent == PACKAGE and p.name not in ("__init__.py", "__main__.py")]
    assert loose == []
    assert {p.relative_to(PACKAGE).parts[0] for p in _modules() if p.parent != PACKAGE} == set(LAYERS)


def test_imports_go_only_downward():
    upward = set()
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) < 2:
            continue
        mine = LAYERS.index(rel.parts[0])
        for layer in IMPORT.findall(path.read_text(encoding="utf-8")):
            if layer in LAYERS and LAYERS.index(layer) > mine:
                upward.add((rel.as_posix(), layer))
    assert upward == ALLOWED_UPWARD


def test_relative_imports_are_not_used_across_layers():
    # absolute imports name the layer: a reader sees where each dependency lives
    for path in _modules():
        if path.parent == PACKAGE:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not re.match(r"\s*from \.\.", line), f"{path.relative_to(PACKAGE)}: {line.strip()}"
