"""The JSON Schema of a learning outcomes file (schema/outcomes.schema.json, for editors and CI),
generated from `learning.FIELDS`:

    python -m mobility_advisor.engine.outcomes_schema > schema/outcomes.schema.json
"""

from __future__ import annotations

from typing import Any

from mobility_advisor.engine.learning import COMPETENCE_TYPES, FIELDS, MAX_OUTCOMES, TRANSLATABLE


FIELD_DOCS = {
    "reference": "Reference in the qualification standard: competence code or unit (results name the outcome by it)",
    "text": "What the learner will be able to do: precise, measurable, realistic (required)",
    "activities": "Activities and tasks at the host",
    "assessment": "How it will be assessed",
    "criteria": "Assessment criteria",
    "unit": "Unit of learning outcomes it belongs to (optional grouping)",
    "mp": "qBID: professional module (MP)",
    "uf": "qBID: training unit (UF)",
    "aa": "qBID: learning outcome (AA)",
    "competence_type": "BTM: type of competence",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a learning outcomes file, generated from FIELDS (editors, CI)."""
    from mobility_advisor.rules.model import ALL_LANGS

    props: dict[str, Any] = {}
    for key, limit in FIELDS:
        s: dict[str, Any] = {"type": "string", "maxLength": limit, "description": FIELD_DOCS[key]}
        if key == "text":
            s["minLength"] = 1
            s["pattern"] = r"\S"
        if key == "competence_type":
            s = {"enum": list(COMPETENCE_TYPES), "description": FIELD_DOCS[key]}
        if key in TRANSLATABLE:  # one text, or one per language: {fr: …, de: …}
            one = {k: v for k, v in s.items() if k != "description"}
            s = {"description": FIELD_DOCS[key] + "; one text (the pack's language) or one per language",
                 "oneOf": [one, {"type": "object", "propertyNames": {"enum": list(ALL_LANGS)},
                                 "additionalProperties": one, "minProperties": 1}]}
        props[key] = s
    for key in TRANSLATABLE:  # CSV-style columns: `text.de`
        for lg in ALL_LANGS:
            props[f"{key}.{lg}"] = {"type": "string", "maxLength": dict(FIELDS)[key],
                                    "description": f"{FIELD_DOCS[key]}, in {lg}"}
    outcome = {"type": "object", "properties": props, "required": ["text"], "additionalProperties": False}
    outcomes = {"type": "array", "items": {"$ref": "#/$defs/learning_outcome"}, "maxItems": MAX_OUTCOMES}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/mobility-advisor/outcomes.schema.json",
        "title": "mobility-advisor learning outcomes file",
        "oneOf": [
            {"type": "object",
             "properties": {"$schema": {"type": "string"}, "version": {"const": 1}, "outcomes": outcomes},
             "required": ["outcomes"], "additionalProperties": False},
            outcomes,
        ],
        "$defs": {"learning_outcome": outcome},
    }


def schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(schema_text())
