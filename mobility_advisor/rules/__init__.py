"""The rule files and their checks: YAML read safely into the typed, immutable Tree."""
