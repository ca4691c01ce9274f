"""The kinds of value a rule file holds (text, number, list, mapping, condition…): each checks
a parsed value, with its place in the file, and writes its own part of the JSON Schema.

spec.py declares a rule file with them; a Ref names one of the objects spec.py declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mobility_advisor.rules.model import Location
from mobility_advisor.rules.problems import Problem
from mobility_advisor.rules.yamlsafe import value_at

# The named objects a Ref points to, declared in spec.py (resolved when checked, so they can nest).
OBJECTS: dict[str, "Desc"] = {}

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
VALUE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


def _type_name(v: Any) -> str:
    if isinstance(v, bool):
        return "yes/no"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "text"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "mapping"
    return "nothing" if v is None else type(v).__name__


class Desc:
    doc = ""

    def check(self, v: Any, at: Location, where: str) -> list[Problem]:  # pragma: no cover
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError


@dataclass
class Str(Desc):
    doc: str = ""
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    nonempty: bool = True

    def check(self, v, at, where):
        import re

        if not isinstance(v, str):
            return [Problem(at, f"{where} must be text, not {_type_name(v)}")]
        if self.nonempty and not v.strip():
            return [Problem(at, f"{where} is empty")]
        if self.enum and v not in self.enum:
            return [Problem(at, f"{where} is {v!r}; expected one of: {', '.join(self.enum)}")]
        if self.pattern and not re.fullmatch(self.pattern, v):  # fullmatch: '$' must not accept a final newline
            return [Problem(at, f"{where} {v!r} is not a valid id (lower-case words joined by '.' or '_')")]
        return []

    def schema(self):
        s: dict[str, Any] = {"type": "string"}
        if self.enum:
            s["enum"] = list(self.enum)
        if self.pattern:
            s["pattern"] = self.pattern
        if self.nonempty and not self.enum:
            s["minLength"] = 1
            s["pattern"] = self.pattern or r"\S"
        if self.doc:
            s["description"] = self.doc
        return s


@dataclass
class Int(Desc):
    doc: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def check(self, v, at, where):
        if isinstance(v, bool) or not isinstance(v, int):
            return [Problem(at, f"{where} must be a whole number, not {_type_name(v)}")]
        if (self.minimum is not None and v < self.minimum) or (self.maximum is not None and v > self.maximum):
            return [Problem(at, f"{where} must be between {self.minimum} and {self.maximum}")]
        return []

    def schema(self):
        s: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            s["minimum"] = self.minimum
        if self.maximum is not None:
            s["maximum"] = self.maximum
        if self.doc:
            s["description"] = self.doc
        return s


@dataclass
class Bool(Desc):
    doc: str = ""

    def check(self, v, at, where):
        return [] if isinstance(v, bool) else [Problem(at, f"{where} must be true or false, not {_type_name(v)}")]

    def schema(self):
        return {"type": "boolean", **({"description": self.doc} if self.doc else {})}


@dataclass
class Anything(Desc):
    doc: str = ""

    def check(self, v, at, where):
        return []

    def schema(self):
        return {"description": self.doc} if self.doc else {}


@dataclass
class ListOf(Desc):
    item: Desc
    doc: str = ""
    min_items: int = 0

    def check(self, v, at, where):
        if not isinstance(v, list):
            return [Problem(at, f"{where} must be a list, not {_type_name(v)}")]
        if len(v) < self.min_items:
            many = f"{self.min_items} items" if self.min_items > 1 else "one item"
            return [Problem(at, f"{where} needs at least {many}")]
        out: list[Problem] = []
        for i, item in enumerate(v):
            out += self.item.check(item, value_at(v, i), f"{where}[{i + 1}]")
        return out

    def schema(self):
        s: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        if self.doc:
            s["description"] = self.doc
        return s


@dataclass
class MapOf(Desc):
    """A mapping with free keys (matching `key_pattern`), each value checked by `value`."""

    value: Desc
    key_pattern: str
    doc: str = ""
    key_doc: str = "key"

    def check(self, v, at, where):
        import re

        if not isinstance(v, dict):
            return [Problem(at, f"{where} must be a mapping (key: value lines), not {_type_name(v)}")]
        out: list[Problem] = []
        for k, item in v.items():
            kat = value_at(v, k)
            if not re.fullmatch(self.key_pattern, k):
                out.append(Problem(kat, f"{where}: {k!r} is not a valid {self.key_doc}"))
                continue
            out += self.value.check(item, kat, f"{where}.{k}")
        return out

    def schema(self):
        s: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": self.key_pattern},
            "additionalProperties": self.value.schema(),
        }
        if self.doc:
            s["description"] = self.doc
        return s


@dataclass
class Ref(Desc):
    """A named object declared in spec.py (resolved lazily, so they can nest)."""

    name: str
    doc: str = ""

    def check(self, v, at, where):
        return OBJECTS[self.name].check(v, at, where)

    def schema(self):
        s: dict[str, Any] = {"$ref": f"#/$defs/{self.name}"}
        if self.doc:
            s = {"allOf": [s], "description": self.doc}
        return s


@dataclass
class Obj(Desc):
    keys: dict[str, Desc]
    required: tuple[str, ...] = ()
    doc: str = ""
    label: str = "mapping"

    def check(self, v, at, where):
        if not isinstance(v, dict):
            return [Problem(at, f"{where} must be a {self.label} (key: value lines), not {_type_name(v)}")]
        out: list[Problem] = []
        name = v.get("id") if isinstance(v.get("id"), str) else None
        here = f"{where} ({name})" if name else where
        for k in self.required:
            if k not in v:
                out.append(Problem(at, f"{here}: missing required key '{k}'"))
        for k, item in v.items():
            kat = value_at(v, k)
            if k not in self.keys:
                import difflib

                near = difflib.get_close_matches(k, list(self.keys), n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else f" (allowed: {', '.join(self.keys)})"
                out.append(Problem(kat, f"{here}: unknown key '{k}'{hint}"))
                continue
            out += self.keys[k].check(item, kat, f"{here}.{k}")
        return out

    def schema(self):
        s: dict[str, Any] = {
            "type": "object",
            "properties": {k: d.schema() for k, d in self.keys.items()},
            "additionalProperties": False,
        }
        if self.required:
            s["required"] = list(self.required)
        if self.doc:
            s["description"] = self.doc
        return s


@dataclass
class ObjOneOf(Obj):
    """A mapping whose keys must be exactly one of `shapes` (e.g. {seed, section} or {public})."""

    shapes: tuple[tuple[str, ...], ...] = ()

    def check(self, v, at, where):
        out = super().check(v, at, where)
        if not out and isinstance(v, dict) and set(v) not in [set(sh) for sh in self.shapes]:
            wanted = " or ".join("{" + ", ".join(sh) + "}" for sh in self.shapes)
            out.append(Problem(at, f"{where} must be {wanted}, not {{{', '.join(v)}}}"))
        return out

    def schema(self):
        s = super().schema()
        s["oneOf"] = [{"required": list(sh), "maxProperties": len(sh)} for sh in self.shapes]
        return s


LEAF_OPS = {"is": "answer", "in": "answer", "includes": "answer", "tag": "answer", "answered": "answer",
            "below": "fact", "at_least": "fact"}
FACTS = ("days_to_start", "duration_days", "over_one_year_days", "minor_at_start", "contract_days",
         "half_contract_days", "over_half_contract_days")


@dataclass
class Cond(Desc):
    """A condition: {all|any: [..]}, {not: ..}, {answer: ID, <op>: V} or {fact: NAME, <op>: N}."""

    doc: str = "Condition on earlier answers or computed facts"

    def check(self, v, at, where):
        if not isinstance(v, dict) or not v:
            return [Problem(at, f"{where} must be a condition mapping, not {_type_name(v)}")]
        ks = set(v)
        if ks in ({"all"}, {"any"}):
            (k,) = ks
            items = v[k]
            if not isinstance(items, list) or not items:
                return [Problem(value_at(v, k), f"{where}.{k} must be a non-empty list of conditions")]
            out: list[Problem] = []
            for i, c in enumerate(items):
                out += self.check(c, getattr(c, "at", value_at(items, i)), f"{where}.{k}[{i + 1}]")
            return out
        if ks == {"not"}:
            return self.check(v["not"], getattr(v["not"], "at", at), f"{where}.not")
        subject = "answer" if "answer" in ks else "fact" if "fact" in ks else None
        ops = ks - {"answer", "fact"}
        if subject is None or len(ops) != 1 or ("answer" in ks and "fact" in ks):
            return [Problem(at, f"{where}: a condition is {{answer: ID, OP: VALUE}} with OP one of "
                                f"is, in, includes, tag, answered; {{fact: NAME, below|at_least: N}}; "
                                f"or all/any/not")]
        (op,) = ops
        if LEAF_OPS.get(op) != subject:
            return [Problem(value_at(v, op), f"{where}: '{op}' cannot be used with '{subject}'")]
        if subject == "answer":
            out = Str(pattern=ID_PATTERN).check(v["answer"], value_at(v, "answer"), f"{where}.answer")
        else:
            out = Str(enum=FACTS).check(v["fact"], value_at(v, "fact"), f"{where}.fact")
        val, vat = v[op], value_at(v, op)
        if op == "in" and not (isinstance(val, list) and val):
            out.append(Problem(vat, f"{where}.in must be a non-empty list"))
        elif op == "answered" and not isinstance(val, bool):
            out.append(Problem(vat, f"{where}.answered must be true or false"))
        elif op in ("below", "at_least") and (isinstance(val, bool) or not isinstance(val, int)):
            out.append(Problem(vat, f"{where}.{op} must be a whole number"))
        elif op in ("includes", "tag") and not isinstance(val, str):
            out.append(Problem(vat, f"{where}.{op} must be text"))
        elif op == "is" and not isinstance(val, (str, bool, int)):
            out.append(Problem(vat, f"{where}.is must be a value (text, number or true/false)"))
        return out

    def schema(self):
        ref = {"$ref": "#/$defs/condition"}
        answer = {"type": "string", "pattern": ID_PATTERN}
        return {
            "description": self.doc,
            "oneOf": [
                {"type": "object", "properties": {"all": {"type": "array", "items": ref, "minItems": 1}},
                 "required": ["all"], "additionalProperties": False},
                {"type": "object", "properties": {"any": {"type": "array", "items": ref, "minItems": 1}},
                 "required": ["any"], "additionalProperties": False},
                {"type": "object", "properties": {"not": ref}, "required": ["not"], "additionalProperties": False},
                *(
                    {"type": "object", "properties": {"answer": answer, op: sch},
                     "required": ["answer", op], "additionalProperties": False}
                    for op, sch in (
                        ("is", {"type": ["string", "boolean", "integer"]}),
                        ("in", {"type": "array", "minItems": 1}),
                        ("includes", {"type": "string"}),
                        ("tag", {"type": "string"}),
                        ("answered", {"type": "boolean"}),
                    )
                ),
                *(
                    {"type": "object", "properties": {"fact": {"enum": list(FACTS)}, op: {"type": "integer"}},
                     "required": ["fact", op], "additionalProperties": False}
                    for op in ("below", "at_least")
                ),
            ],
        }
