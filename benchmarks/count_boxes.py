"""Task-list boxes (`- [ ]`, `- [x]`) per route, counted in the written packs (#28 item 6).

    python benchmarks/count_boxes.py [GOLDEN_DIR]

Reads the reviewed English packs `tests/golden/<route>-en/*.md` (regenerate them first with
`PYTHONPATH=. python tests/golden_tool.py`) and prints, per route, the boxes and the files.
To count another checkout's packs, give its `tests/golden` folder.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

BOX = re.compile(r"^\s*- \[[ xX]\] ", re.M)
ROUTES = ("btm", "europass", "integration", "men", "participation", "qbid")


def count(golden: Path, route: str) -> tuple[int, int]:
    """(boxes, files) of the route's English pack."""
    files = sorted((golden / f"{route}-en").glob("*.md"))
    return sum(len(BOX.findall(f.read_text(encoding="utf-8"))) for f in files), len(files)


def main(argv: list[str]) -> None:
    golden = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "tests" / "golden"
    for route in ROUTES:
        boxes, files = count(golden, route)
        print(f"{route:14} {boxes:4} boxes in {files} files")


if __name__ == "__main__":
    main(sys.argv[1:])
