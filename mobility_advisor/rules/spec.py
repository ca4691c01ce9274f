"""The shape of a rule file, declared once.

The loader checks every file against `FILE`, and `json_schema()` turns the same
declaration into the JSON Schema shipped in `schema/` for editors, so the two
cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from mobility_advisor.rules.model import LANGS, OUTCOME_KINDS, PHASES, QUESTION_KINDS
from mobility_advisor.rules.shapes import (ID_PATTERN, OBJECTS, VALUE_PATTERN, Anything, Bool, Cond, Int, ListOf, MapOf,
                                           Obj, ObjOneOf, Ref, Str)

TEXT = Ref("text")
ID = Str(pattern=ID_PATTERN, doc="Stable id: lower-case words joined by '.' (e.g. men.attestation_mobilite_pro)")

OBJECTS.update({
    "text": Obj(
        {"fr": Str(doc="Français"), "en": Str(doc="English"), "es": Str(doc="Español"), "ca": Str(doc="Català"),
         "de": Str(doc="Deutsch")},
        required=LANGS,
        doc="A text in every language the tool speaks (" + ", ".join(LANGS) + "); each is required and non-empty",
        label="text with " + ", ".join(f"'{lang}'" for lang in LANGS),
    ),
    "source": ObjOneOf(
        {"seed": Str(doc="File name of the seed document, e.g. 000_fd03e0fb6919d7ac.txt"),
         "section": Str(pattern=VALUE_PATTERN, doc="Id of the seed's passage, as listed in rules/seeds.yaml"),
         "public": Str(pattern=VALUE_PATTERN, doc="Id of a public source listed in rules/seeds.yaml "
                                                   "(instead of seed and section)")},
        doc="Where this advice comes from: {seed, section} or {public}",
        shapes=(("seed", "section"), ("public",)),
    ),
    "seed_section": Obj(
        {"id": Str(pattern=VALUE_PATTERN, doc="Id that rules cite as 'section'"),
         "section": Str(doc="Words of the seed a reader can find: its heading, or the first words of an untitled passage (a test checks them against the seed)"),
         "title": TEXT},
        required=("id", "section", "title"),
    ),
    "seed_doc": Obj(
        {"file": Str(doc="File name in the seeds folder"),
         "code": Str(doc="How people name it: the file's number, e.g. 000"),
         "title": TEXT,
         "publisher": TEXT,
         "year": TEXT,
         "address": Str(pattern=r"^https://\S+$", doc="Public address the seed itself gives, or the one "
                        "address_from explains"),
         "address_from": TEXT,
         "sections": ListOf(Ref("seed_section"))},
        required=("file", "title"),
    ),
    "public_source": Obj(
        {"id": Str(pattern=VALUE_PATTERN, doc="Id that rules cite as 'public'"),
         "name": TEXT,
         "address": Str(pattern=r"^https://\S+$", doc="The source's public address"),
         "national_agency_of": ListOf(Str(pattern=VALUE_PATTERN), doc="Sending countries (org.sending_country "
                                      "values) whose Erasmus+ national agency this source is: it fills "
                                      "{national_agency} in their packs"),
         "europass_centre_of": ListOf(Str(pattern=VALUE_PATTERN), doc="Sending countries whose Europass centre "
                                      "this source names: it fills {europass_centre}")},
        required=("id", "name", "address"),
    ),
    "choice": Obj(
        {"value": Str(pattern=VALUE_PATTERN, doc="Value stored in answers"),
         "label": TEXT,
         "next": ID,
         "tags": ListOf(Str(pattern=VALUE_PATTERN), doc="Tags that conditions can test with 'tag'"),
         "when": Cond(doc="Offer this choice only when this holds (on earlier answers)")},
        required=("value", "label"),
    ),
    "question": Obj(
        {"id": ID,
         "kind": Str(enum=QUESTION_KINDS, doc="single | multiple | yesno | text | date"),
         "text": TEXT,
         "help": TEXT,
         "choices": ListOf(Ref("choice"), min_items=2),
         "next": Str(pattern=ID_PATTERN, doc="Node visited after this one (and after any branch chosen)"),
         "when": Cond(doc="Ask only when this holds"),
         "optional": Bool(doc="May be left blank"),
         "default": Anything(doc="Pre-selected answer"),
         "max_length": Int(minimum=1, maximum=2000, doc="Text questions: longest accepted answer"),
         "not_before": Str(pattern=ID_PATTERN, doc="Date questions: id of a date it may not precede"),
         "format": Str(enum=("erasmus_project_code",), doc="Text questions: a coded answer checked by its "
                                                           "shape (erasmus_project_code)"),
         "assumed": Anything(doc="Answer taken when an answers file written before this question existed "
                                 "leaves it out"),
         "wordings": ListOf(Ref("wording"), doc="Other wordings of the question; the first whose 'when' "
                                                 "holds replaces text and help")},
        required=("id", "kind", "text"),
    ),
    "wording": Obj(
        {"when": Cond(doc="Use this wording when this holds (on earlier answers)"),
         "text": TEXT,
         "help": TEXT},
        required=("when", "text"),
    ),
    "due": Obj(
        {"anchor": Str(enum=("start", "end", "midpoint")),
         "relation": Str(enum=("before", "on", "on_or_after", "after")),
         "offset_days": Int(minimum=-365, maximum=365)},
        required=("anchor", "relation"),
        doc="A date for the item, relative to the mobility dates",
    ),
    "outcome": Obj(
        {"id": ID,
         "kind": Str(enum=OUTCOME_KINDS, doc="step | document | caveat | tip"),
         "phase": Str(enum=PHASES, doc="before | during | after"),
         "text": TEXT,
         "tip": TEXT,
         "check_with": TEXT,
         "parties_text": TEXT,  # caveats: as a document the parties sign states it (no referent's instructions)
         "when": Cond(doc="The outcome applies only when this holds"),
         "due": Ref("due"),
         "template": Str(pattern=r"^[a-z][a-z0-9_]*$", doc="Documents: template name in templates/ (templates/NAME.md.j2)"),
         "title": TEXT,
         "source": ListOf(Ref("source"), min_items=1)},
        required=("id", "kind", "text", "source"),
    ),
    "route": Obj(
        {"id": ID, "label": TEXT,
         "answers": MapOf(Anything(), ID_PATTERN, doc="Preset answers: question id -> value",
                          key_doc="question id")},
        required=("id", "label", "answers"),
    ),
    "condition": Cond(),
})

FILE = Obj(
    {"$schema": Str(doc="Path of the JSON Schema, for editors"),
     "version": Int(minimum=1, maximum=1, doc="Format version (1)"),
     "title": Ref("text", doc="Section title: the checklist groups this file's outcomes under it"),
     "order": Int(minimum=0, maximum=9999, doc="Where this file's outcomes come in the checklist (lower first)"),
     "start": ID,
     "seeds": ListOf(Ref("seed_doc")),
     "public_sources": ListOf(Ref("public_source")),
     "questions": ListOf(Ref("question")),
     "outcomes": ListOf(Ref("outcome")),
     "routes": ListOf(Ref("route"))},
    required=("version",),
    doc="A mobility-advisor rule file",
    label="rule file",
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, generated from the declarations above."""
    s = FILE.schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/mobility-advisor/rules.schema.json",
        "title": "mobility-advisor rule file",
        **s,
        "$defs": {name: d.schema() for name, d in OBJECTS.items()},
    }


def schema_text() -> str:
    """The schema as shipped in schema/rules.schema.json."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m mobility_advisor.rules.spec > schema/rules.schema.json
    import sys

    sys.stdout.write(schema_text())
