"""Which mobility a document belongs to: a short key written into the forms a host fills in,
so that a form read back (`record --from`) is never recorded against another learner's answers.

The key is made from what does not change once a mobility is planned (who goes, and when), not
from the organisations' names, which a referent may still correct after the forms are sent.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any, Mapping

# The answers that identify a mobility, in the order they are hashed.
KEY_FIELDS = ("learner.name", "learner.birth_date", "mobility.start", "mobility.end")
PREFIX = "ma1-"  # the format of the key: a later change of KEY_FIELDS takes a new prefix


def _norm(value: Any) -> str:
    # "Inès  Martin" and "inès martin" typed twice are the same learner; dates arrive as date
    # objects or as text, and both are written the same way.
    text = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def mobility_key(answers: Mapping[str, Any]) -> str:
    """A stable key for one learner's mobility, e.g. 'ma1-3f2a9c0d4b1e7a65'."""
    parts = [_norm(answers.get(k)) for k in KEY_FIELDS]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return PREFIX + digest[:16]


def mobility_label(answers: Mapping[str, Any]) -> str:
    """What a person reads to recognise the mobility: the learner and the dates."""
    name = " ".join(str(answers.get("learner.name") or "").split())
    start, end = (_norm(answers.get(k)) for k in ("mobility.start", "mobility.end"))
    return f"{name} ({start} – {end})" if start or end else name
