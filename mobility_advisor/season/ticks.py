"""What a pack's checklist.md says is done: the boxes ticked the GitHub way (`- [x]`), each matched
to its item by the rule id written on the line, else by the item's text at the start of the line
(see `status`). `update` reads them too, to carry the ticks over to a pack made again."""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

CHECKLIST = "checklist.md"

_TASK = re.compile(r"^\s{0,3}[-*+]\s+\[([ xX])\]\s+(.*)$")
# the pack's own mark is the first source reference's title: [[3]](#sources "rule.id")
_ID_MARKS = re.compile(r"<!--\s*(?:id:\s*)?([\w.:-]+)\s*-->|\{#([\w.:-]+)\}|\bid=\"([\w.:-]+)\"|"
                       r"\(#sources \"([\w.:-]+)\"\)")
_ESCAPE = re.compile(r"\\(.)")
_SPACES = re.compile(r"\s+")
_KEY = 12  # the first characters of a text: a quick index before the full comparison


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """A checklist line's text as typed in the rules: Markdown escapes undone, spaces single.
    Cached: the packs of a season share their rule texts."""
    return _SPACES.sub(" ", _ESCAPE.sub(r"\1", text)).strip()


class Matcher:
    """Finds which item a checklist line stands for: by the rule id on the line, else by text."""

    def __init__(self, items: list[dict[str, Any]]):
        self.ids = {i["id"] for i in items}
        self.by_key: dict[str, list[tuple[str, str]]] = {}
        for i in items:
            text = plain(i["text"])
            self.by_key.setdefault(text[:_KEY], []).append((text, i["id"]))

    def match(self, line_text: str) -> str | None:
        for m in _ID_MARKS.finditer(line_text):
            token = next(g for g in m.groups() if g)
            for candidate in (token, token.rsplit(":", 1)[-1]):
                if candidate in self.ids:
                    return candidate
        text = plain(_ID_MARKS.sub("", line_text))
        for full, iid in self.by_key.get(text[:_KEY], ()):
            if text.startswith(full):
                return iid
        return None


def task_lines(text: str) -> Iterable[tuple[int, bool, str]]:
    """(line index, ticked, text after the box) for every task-list line of a Markdown text."""
    for n, line in enumerate(text.split("\n")):
        if "[" not in line:
            continue
        m = _TASK.match(line)
        if m:
            yield n, m.group(1) != " ", m.group(2)


def ticked(items: list[dict[str, Any]], checklist: str) -> set[str]:
    """The ids of the items whose box is ticked in this checklist text."""
    matcher = None
    done: set[str] = set()
    for _, tick, text in task_lines(checklist):
        if tick:
            matcher = matcher or Matcher(items)
            iid = matcher.match(text)
            if iid:
                done.add(iid)
    return done


CHECKLIST_MAX_BYTES = 16 * 1024 * 1024  # the tool writes about 30 kB; a referent's notes may add some


def read_checklist(folder: Path) -> str:
    """The pack's checklist.md ('' when it is gone or unreadable: nothing counts as done). Only a
    regular file is read, and no more than CHECKLIST_MAX_BYTES: a link to /dev/zero or a FIFO in
    its place neither fills the memory nor hangs `status`."""
    try:
        fd = os.open(folder / CHECKLIST, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return ""
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > CHECKLIST_MAX_BYTES:
            return ""
        raw = os.read(fd, st.st_size + 1)  # a regular file: read whole by one call (and a byte more if it grew)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return "" if len(raw) > CHECKLIST_MAX_BYTES else raw.decode("utf-8", errors="replace")
