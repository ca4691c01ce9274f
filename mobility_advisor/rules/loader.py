"""Rule files -> the typed, immutable Tree. Structure only: meaning is checks.py's job."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from mobility_advisor.core.data import display, shipped
from mobility_advisor.rules.model import (ALL_LANGS, Choice, Condition, Due, Location, Outcome, Question, Route, SeedDoc, SeedSection,
                    Source, Text, Tree)
from mobility_advisor.rules.problems import Problem, RuleError

RULE_SUFFIXES = (".yaml", ".yml")


def rule_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their rule files (sorted, so loading is reproducible).

    Nothing is skipped silently: a folder or file that cannot be read, a broken link and a
    symbolic link that loops back to a folder being read are each a problem, where they are.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    visited: dict[tuple[int, int], Path] = {}  # each folder read once, by its identity on disk
    for p in paths:
        if p.is_dir():
            before = len(problems)
            found = _folder_files(p, problems, visited)
            if not found and len(problems) == before:
                problems.append(Problem(Location(display(p), 1), "no rule file (*.yaml) in this folder", code="io"))
            files += found
        elif p.is_file():
            files.append(p)
        elif p.exists():
            problems.append(Problem(Location(display(p), 1), "not a regular file", code="io"))
        else:
            problems.append(Problem(Location(display(p), 1), "no such file or folder", code="io"))
    return files, problems


def _folder_files(root: Path, problems: list[Problem], visited: dict[tuple[int, int], Path]) -> list[Path]:
    """The rule files below `root`, following symbolic links; a folder already in `visited` is not read again."""
    found: list[Path] = []
    todo = [root]
    while todo:
        folder = todo.pop()
        where = Location(_shown(folder), 1)
        try:
            st = folder.stat()
        except OSError as exc:
            problems.append(Problem(where, f"cannot read folder: {exc.strerror}", code="io"))
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:
            first = visited[key]
            if folder.resolve() in (folder.parent.resolve(), *folder.parent.resolve().parents):
                problems.append(Problem(where, f"symbolic link loop: leads back to {_shown(first)}; not followed",
                                        code="io"))
            else:
                problems.append(Problem(where, f"same folder as {_shown(first)} (symbolic link): read once",
                                        "warning", "io"))
            continue
        visited[key] = folder
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(where, f"cannot read folder: {exc.strerror}", code="io"))
            continue
        for e in entries:
            path = Path(e.path)
            try:
                if e.is_dir():
                    todo.append(path)
                    continue
                if path.suffix not in RULE_SUFFIXES:
                    continue
                if e.is_file():
                    found.append(path)
                elif e.is_symlink():
                    problems.append(Problem(Location(_shown(path), 1), "broken symbolic link", code="io"))
                else:
                    problems.append(Problem(Location(_shown(path), 1), "not a regular file", code="io"))
            except OSError as exc:
                problems.append(Problem(Location(_shown(path), 1), f"cannot read: {exc.strerror}", code="io"))
    return sorted(found)


def _shown(path: Path) -> str:
    """Where a link is, not where it leads: the folder shown as usual, the name as written."""
    return str(Path(display(path.parent)) / path.name) if path.name else display(path)


def load(paths: Iterable[Path] | None = None) -> tuple[Tree | None, list[Problem]]:
    """Load rule files; returns the tree (None when structure is broken) and every problem.
    The shipped rules' result is kept between runs (see treecache)."""
    paths = list(paths) if paths else None
    if paths is None:
        from mobility_advisor.rules import treecache

        root = shipped("rules")
        kept = treecache.load(root)
        if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], list)):
            kept = _parse([root])
            treecache.store(root, kept)
        tree, problems = kept
        return tree, list(problems)
    return _parse(paths)


def _parse(paths: list[Path]) -> tuple[Tree | None, list[Problem]]:
    from mobility_advisor.rules import spec  # the parser and the key checks: only when the rules are parsed (see load
    from mobility_advisor.rules.yamlsafe import YamlError, parse, read_text

    files, problems = rule_files(paths)
    docs: list[tuple[str, Any]] = []
    for f in files:
        name = display(f)
        try:
            data = parse(read_text(f, name), name)
        except YamlError as exc:
            problems.append(exc.problem)
            continue
        found = spec.FILE.check(data, getattr(data, "at", Location(name, 1)), "file")
        problems += found
        if not found:
            docs.append((name, data))
    if any(p.severity == "error" for p in problems):
        return None, problems
    tree, more = _assemble(docs)
    return tree, problems + more


def load_tree(paths: Iterable[Path] | None = None) -> Tree:
    """Load and check; raise RuleError with every problem if any is an error."""
    from mobility_advisor.rules.checks import check

    tree, problems = load(paths)
    if tree is not None:
        problems += check(tree, render_templates=False)  # `validate` renders them; commands needn't
    errors = [p for p in problems if p.severity == "error"]
    if errors or tree is None:
        raise RuleError(errors)
    return tree


def _assemble(docs: list[tuple[str, Any]]) -> tuple[Tree | None, list[Problem]]:
    from mobility_advisor.rules.yamlsafe import value_at

    problems: list[Problem] = []
    questions: dict[str, Question] = {}
    outcomes: list[Outcome] = []
    routes: dict[str, Route] = {}
    seeds: dict[str, SeedDoc] = {}
    starts: list[tuple[str, Location]] = []
    seen: dict[str, Location] = {}

    def claim(ident: str, at: Location) -> bool:
        if ident in seen:
            problems.append(Problem(at, f"duplicate id '{ident}' (first defined at {seen[ident]})", code="duplicate"))
            return False
        seen[ident] = at
        return True

    for name, data in docs:
        if "start" in data:
            starts.append((data["start"], value_at(data, "start")))
        for s in data.get("seeds", []):
            if s["file"] in seeds:
                problems.append(Problem(s.at, f"seed '{s['file']}' is listed twice (first at {seeds[s['file']].at})",
                                        code="duplicate"))
            sections = {x["id"]: SeedSection(x["id"], x["section"], _text(x["title"]), x.at)
                        for x in s.get("sections", [])}
            seeds[s["file"]] = SeedDoc(s["file"], _text(s["title"]), s.at, code=s.get("code", s["file"].split("_")[0]),
                                       publisher=_opt_text(s.get("publisher")), year=_opt_text(s.get("year")),
                                       address=s.get("address"), address_from=_opt_text(s.get("address_from")),
                                       sections=sections)
        for s in data.get("public_sources", []):
            if s["id"] in seeds:
                problems.append(Problem(s.at, f"source '{s['id']}' is listed twice (first at {seeds[s['id']].at})",
                                        code="duplicate"))
            seeds[s["id"]] = SeedDoc(s["id"], _text(s["name"]), s.at, code=s["id"], address=s["address"],
                                     public=True, national_agency_of=tuple(s.get("national_agency_of", ())),
                                     europass_centre_of=tuple(s.get("europass_centre_of", ())))
        for q in data.get("questions", []):
            if claim(q["id"], q.at):
                questions[q["id"]] = _question(q)
        section = _text(data["title"]) if "title" in data else None
        for i, o in enumerate(data.get("outcomes", [])):
            if claim(o["id"], o.at):
                # files are read in name order; `order` puts a file's outcomes where a reader expects them
                outcomes.append(_outcome(o, data.get("order", 5000) * 10000 + i, section))
        for r in data.get("routes", []):
            if r["id"] in routes:
                problems.append(Problem(r.at, f"duplicate route id '{r['id']}'", code="duplicate"))
            routes[r["id"]] = Route(r["id"], _text(r["label"]), dict(r["answers"] or {}), r.at)

    if not starts:
        at = Location(docs[0][0] if docs else "rules", 1)
        problems.append(Problem(at, "no rule file says where the walk starts ('start: <question id>')", code="start"))
        return None, problems
    if len(starts) > 1:
        for s, at in starts[1:]:
            problems.append(Problem(at, f"'start' is given twice (also at {starts[0][1]})", code="start"))
    if problems:
        return None, problems
    tree = Tree(
        start=starts[0][0],
        questions=questions,
        outcomes=tuple(sorted(outcomes, key=lambda o: o.order)),
        routes=routes,
        seeds=seeds,
        files=tuple(n for n, _ in docs),
        start_at=starts[0][1],
    )
    return tree, problems


def _text(d: Any) -> Text:
    return Text(**{lang: d[lang].strip() for lang in ALL_LANGS if isinstance(d.get(lang), str)})


def _opt_text(d: Any) -> Text | None:
    return _text(d) if d is not None else None


def _condition(d: Any, at: Location) -> Condition:
    at = getattr(d, "at", at)
    for op in ("all", "any"):
        if op in d:
            return Condition(op, at, children=tuple(_condition(c, at) for c in d[op]))
    if "not" in d:
        return Condition("not", at, children=(_condition(d["not"], at),))
    (op,) = set(d) - {"answer", "fact"}
    return Condition(op, at, answer=d.get("answer"), fact=d.get("fact"), value=d[op])


def _question(q: Any) -> Question:
    choices = tuple(
        Choice(c["value"], _text(c["label"]), c.at, c.get("next"), tuple(c.get("tags", ())),
               _condition(c["when"], c.at) if "when" in c else None)
        for c in q.get("choices", ())
    )
    return Question(
        id=q["id"],
        kind=q["kind"],
        text=_text(q["text"]),
        at=q.at,
        help=_opt_text(q.get("help")),
        choices=choices,
        next=q.get("next"),
        when=_condition(q["when"], q.at) if "when" in q else None,
        optional=q.get("optional", False),
        default=q.get("default"),
        max_length=q.get("max_length", 200),
        not_before=q.get("not_before"),
        assumed=q.get("assumed"),
        format=q.get("format"),
        wordings=tuple((_condition(w["when"], w.at), _text(w["text"]), _opt_text(w.get("help")))
                       for w in q.get("wordings", ())),
    )


def _outcome(o: Any, order: int, section: Text | None) -> Outcome:
    due = o.get("due")
    return Outcome(
        id=o["id"],
        kind=o["kind"],
        text=_text(o["text"]),
        source=tuple(Source(s["public"], None, s.at) if "public" in s else Source(s["seed"], s["section"], s.at)
                     for s in o["source"]),
        at=o.at,
        phase=o.get("phase"),
        tip=_opt_text(o.get("tip")),
        check_with=_opt_text(o.get("check_with")),
        parties_text=_opt_text(o.get("parties_text")),
        when=_condition(o["when"], o.at) if "when" in o else None,
        due=Due(due["anchor"], due["relation"], due.get("offset_days", 0), due.at) if due else None,
        template=o.get("template"),
        title=_opt_text(o.get("title")),
        order=order,
        section=section,
    )
