"""Dates: reading what people type, and placing milestones relative to the mobility."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from .model import Due
from .problems import AnswerError

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_FR = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def parse_date(raw: Any) -> date:
    """A real calendar date from 2026-03-02, or 02/03/2026 (day first, as written in France)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    s = str(raw if raw is not None else "")
    m = _ISO.match(s)
    if m:
        y, mo, d = map(int, m.groups())
    elif (m := _FR.match(s)):
        d, mo, y = map(int, m.groups())
    else:
        raise AnswerError("not_a_date", value=s.strip())
    try:
        return date(y, mo, d)
    except ValueError:
        raise AnswerError("not_a_day", value=s.strip()) from None


def due_date(due: Due, start: date | None, end: date | None) -> date | None:
    """The date an outcome is due, or None when the mobility dates are not known."""
    if not isinstance(start, date):
        return None
    if due.anchor == "start":
        base = start
    elif not isinstance(end, date):
        return None
    elif due.anchor == "end":
        base = end
    else:
        base = start + (end - start) // 2
    return base + timedelta(days=due.offset_days)
