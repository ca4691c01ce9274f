"""Parse YAML safely, keeping the line of every key and item.

Built on the event stream rather than on composed nodes so that hostile input is
refused before it costs anything: aliases are refused at the first `*ref`
(no "billion laughs"), nesting is bounded without recursion, custom tags such as
`!!python/object` are refused, and files over a size limit are not even read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from mobility_advisor.rules.model import Location
from mobility_advisor.rules.problems import Problem

try:  # libyaml when present: the same events, much faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
_STD = "tag:yaml.org,2002:"
_STR = _STD + "str"
_BOOL = _STD + "bool"
_TIMESTAMP = _STD + "timestamp"
_NULL = _STD + "null"
SCALAR_TAGS = {_STD + t for t in ("str", "int", "bool", "null", "float")}


class YamlError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class LMap(dict):
    """A mapping that knows where it and each of its keys were written."""

    at: Location
    key_at: dict[str, Location]


class LList(list):
    """A sequence that knows where it and each of its items were written."""

    at: Location
    item_at: list[Location]


def _loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def _fail(file: str, mark: Any, message: str) -> YamlError:
    return YamlError(Problem(_loc(file, mark) if mark else Location(file, 1), message, code="yaml"))


def read_text(path: Path, display: str, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as UTF-8, refusing huge or non-UTF-8 files with a located message."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(Problem(Location(display, 1), f"cannot read file: {exc.strerror}", code="io"))
    if size > max_bytes:
        raise YamlError(
            Problem(
                Location(display, 1),
                f"file is {size / 1048576:.1f} MiB; rule and answers files are limited to "
                f"{max_bytes // 1048576} MiB",
                code="size",
            )
        )
    try:  # read at most one byte past the limit: the file may have grown, or be a device
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise YamlError(Problem(Location(display, 1), f"cannot read file: {exc.strerror}", code="io"))
    if len(data) > max_bytes:
        raise YamlError(
            Problem(Location(display, 1), f"file is larger than the {max_bytes // 1048576} MiB limit", code="size")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            Problem(Location(display, line, col), "file is not valid UTF-8 text (save it as UTF-8)", code="encoding")
        )


def parse(text: str, file: str, plain_as_text: bool = False) -> Any:
    """Parse one YAML document into plain values, LMap and LList.

    `plain_as_text`: an unquoted number or true/false stays the text written (answers files:
    a company called `0777` or a job title `12:30` is not the number 511 or 750); the question
    it answers decides what the text means. null stays None.
    """
    loader = _Loader(text)
    try:
        return _build(loader, file, plain_as_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = exc.problem or str(exc)
        if "nesting depth" in msg:  # PyYAML >= 6.0.4 stops deep nesting itself, before our own check
            raise _fail(file, mark, f"structure nested deeper than {MAX_DEPTH} levels") from None
        if exc.context:
            msg = f"{msg} ({exc.context})"
        raise _fail(file, mark, f"YAML syntax error: {msg}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (NUL, other control characters)
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlError(
            Problem(Location(file, line, col), f"character U+{exc.character:04X} is not allowed in YAML "
                    f"({exc.reason})", code="yaml")
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(file, None, "YAML error: " + " ".join(str(exc).split())) from None
    finally:
        loader.dispose()


def _build(loader: Any, file: str, plain_as_text: bool = False) -> Any:
    """The document's values from the event stream (see the module docstring for what is refused).

    The common case is kept short: a scalar without a tag whose first character no implicit
    resolver looks at (most rule texts) is a `str` without asking the resolver.
    """
    stack: list[Any] = []  # open containers
    keys: list[Any] = []  # for maps: pending key (or _NOKEY)
    root: Any = _NOTHING
    documents = 0
    check_event, get_event = loader.check_event, loader.get_event
    resolvers = loader.yaml_implicit_resolvers  # first character -> implicit resolvers
    while check_event():
        ev = get_event()
        cls = ev.__class__
        if cls is ScalarEvent:
            if ev.anchor:
                raise _fail(file, ev.start_mark, "YAML anchors (&name) are not allowed in these files")
            tag = ev.tag
            text = ev.value
            if tag is None and not (ev.implicit[0] and text[:1] in resolvers):
                value = text  # quoted or block scalars, and plain words: strings
            else:
                if tag in (None, "!"):
                    tag = loader.resolve(ScalarNode, text, ev.implicit)
                if tag == _BOOL and text.lower() not in ("true", "false"):
                    tag = _STR  # YAML 1.2: on/off/yes/no are words (relation: on, Norway: no)
                if tag == _TIMESTAMP:  # dates stay text: the date questions parse and check them
                    tag = _STR
                if tag not in SCALAR_TAGS:
                    raise _fail(file, ev.start_mark, f"custom YAML tag {tag!r} is not allowed")
                if tag == _STR or (plain_as_text and tag != _NULL):
                    value = text
                else:
                    node = ScalarNode(tag, text, ev.start_mark, ev.end_mark, ev.style)
                    try:
                        value = loader.construct_object(node)
                    except (yaml.YAMLError, ValueError) as exc:
                        shown = text if len(text) <= 40 else text[:40] + "…"
                        why = getattr(exc, "problem", None) or (
                            "number too long" if "digits" in str(exc) else str(exc))
                        raise _fail(file, ev.start_mark, f"bad value {shown!r}: {why}") from None
            mark = ev.start_mark
            at = Location(file, mark.line + 1, mark.column + 1)
            if stack:
                _add(stack, keys, value, at, file)
            else:
                root = value
            continue
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            value = stack.pop()
            keys.pop()
            if stack:
                _add(stack, keys, value, value.at, file)
            else:
                root = value
            continue
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            if ev.anchor:
                raise _fail(file, ev.start_mark, "YAML anchors (&name) are not allowed in these files")
            if len(stack) >= MAX_DEPTH:
                raise _fail(file, ev.start_mark, f"structure nested deeper than {MAX_DEPTH} levels")
            want = "map" if cls is MappingStartEvent else "seq"
            if ev.tag not in (None, "!", _STD + want):
                raise _fail(file, ev.start_mark, f"custom YAML tag {ev.tag!r} is not allowed")
            c: Any = LMap() if want == "map" else LList()
            c.at = _loc(file, ev.start_mark)
            if want == "map":
                c.key_at = {}
            else:
                c.item_at = []
            stack.append(c)
            keys.append(_NOKEY)
            continue
        if cls is AliasEvent:
            raise _fail(file, ev.start_mark, "YAML aliases (*name) are not allowed in these files")
        if cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _fail(file, ev.start_mark, "only one YAML document per file is allowed (remove '---')")
            continue
        if cls in (StreamStartEvent, StreamEndEvent, DocumentEndEvent):
            continue
        raise _fail(file, getattr(ev, "start_mark", None), f"unexpected YAML event {cls.__name__}")
    if root is _NOTHING or root is None:
        raise YamlError(Problem(Location(file, 1), "file is empty", code="empty"))
    return root


def _add(stack: list[Any], keys: list[Any], value: Any, at: Location, file: str) -> None:
    top = stack[-1]
    if isinstance(top, LList):
        top.append(value)
        top.item_at.append(at)
        return
    if keys[-1] is _NOKEY:
        if not isinstance(value, (str, int, float, bool)) or value is None:
            raise YamlError(Problem(at, "mapping keys must be plain words", code="yaml"))
        key = str(value)
        if key in top:
            raise YamlError(Problem(at, f"duplicate key {key!r} (first at line {top.key_at[key].line})", code="yaml"))
        top.key_at[key] = at
        keys[-1] = key
    else:
        top[keys[-1]] = value
        keys[-1] = _NOKEY


class _Marker:
    def __repr__(self) -> str:  # pragma: no cover
        return "<nothing>"


_NOTHING = _Marker()
_NOKEY = _Marker()


def value_at(container: Any, key: Any) -> Location:
    """Location of a key's value (map) or an item (list); the container's own otherwise."""
    if isinstance(container, LMap) and key in container.key_at:
        return container.key_at[key]
    if isinstance(container, LList) and isinstance(key, int) and key < len(container.item_at):
        return container.item_at[key]
    return getattr(container, "at", Location("?", 1))
