"""Dates: reading what people type, and placing milestones relative to the mobility."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from mobility_advisor.rules.model import Due
from mobility_advisor.rules.problems import AnswerError

# The dates a mobility can have. Wider than any real project (which are planned a year or
# two ahead and kept a few years), narrow enough that every deadline computed from them
# (a few months either side) stays a real calendar date: 9999-12-31 or 0001-01-01 are typos.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_FR = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def parse_date(raw: Any) -> date:
    """A real calendar date from 2026-03-02, or 02/03/2026 (always day first, as written in
    France and in the partner countries), between EARLIEST and LATEST."""
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return in_range(raw)
    s = str(raw if raw is not None else "")
    m = _ISO.match(s)
    if m:
        y, mo, d = map(int, m.groups())
    elif (m := _FR.match(s)):
        d, mo, y = map(int, m.groups())
    else:
        raise AnswerError("not_a_date", value=s.strip())
    try:
        day = date(y, mo, d)
    except ValueError:
        raise AnswerError("not_a_day", value=s.strip()) from None
    return in_range(day)


def in_range(day: date) -> date:
    """The day itself, or AnswerError when it is outside EARLIEST..LATEST."""
    if not EARLIEST <= day <= LATEST:
        raise AnswerError("out_of_range", value=day.isoformat(), first=EARLIEST.year, last=LATEST.year)
    return day


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
