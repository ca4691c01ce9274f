"""Golden packs: the reviewed expected pack of every route in both languages.

Each route of `rules/routes.yaml`, merged with its test profile (`conftest.route_profile`) and
rendered on `conftest.TODAY`, has its expected files in `tests/golden/<route>-<lang>/`.

Regenerate them after a deliberate change to the rules or the templates, then review the diff:

    UPDATE_GOLDEN=1 /work/venv/bin/python -m pytest tests/test_render.py -k golden
    # or: /work/venv/bin/python tests/golden_tool.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import TODAY, route_profile  # noqa: E402

from mobility_advisor.engine import engine  # noqa: E402
from mobility_advisor.pack import render  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
from mobility_advisor.rules.model import LANGS  # noqa: E402  (every language the tool speaks)

# Bilingual packs (#15: what the host reads and signs): (route, pack language) -> host language,
# in tests/golden/<route>-<lang>+<host>/. The other goldens are monolingual (host_lang None).
BILINGUAL = {("men", "fr"): "de", ("participation", "fr"): "en", ("qbid", "ca"): "fr"}


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def route_answers(tree, route: str, **extra) -> dict:
    """The route's preset answers over the route's test profile (conftest.ROUTE_PROFILES)."""
    from conftest import ROUTE_PROFILES

    # the route's profile names the people the route's placeholders stand for (qBID's "Tutor")
    own = {k: v for k, v in ROUTE_PROFILES.get(route, {}).items() if k in tree.routes[route].answers}
    return route_profile(route, **{**tree.routes[route].answers, **own, **extra})


def render_route(tree, route: str, lang: str, host_lang: str | None = None, **extra) -> dict[str, str]:
    result = engine.outcomes(tree, route_answers(tree, route, **extra), TODAY)
    return render.pack_files(tree, result, lang, TODAY, host_lang=host_lang)


def folder(route: str, lang: str) -> Path:
    return GOLDEN / f"{route}-{lang}"  # a bilingual pack: lang is "fr+en"


def write(route: str, lang: str, files: dict[str, str]) -> None:
    d = folder(route, lang)
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8", newline="\n")


def read(route: str, lang: str) -> dict[str, str]:
    d = folder(route, lang)
    # newline="": no translation, so calendar.ics keeps its CRLF line endings
    return {p.name: _read(p) for p in sorted(d.iterdir()) if p.is_file()}


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:  # Path.read_text has no newline= before 3.13
        return fh.read()


def main() -> None:
    from mobility_advisor.rules.loader import load_tree

    tree = load_tree()
    for old in GOLDEN.glob("*-*"):
        if old.is_dir():
            shutil.rmtree(old)
    for route in tree.routes:
        for lang in LANGS:
            write(route, lang, render_route(tree, route, lang))
            print(f"wrote {folder(route, lang)}")
    for (route, lang), host in BILINGUAL.items():
        write(route, f"{lang}+{host}", render_route(tree, route, lang, host_lang=host))
        print(f"wrote {folder(route, f'{lang}+{host}')}")


if __name__ == "__main__":
    main()
