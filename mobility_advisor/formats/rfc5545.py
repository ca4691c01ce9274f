"""The iCalendar text format (RFC 5545), written by hand: escaped TEXT values, content lines
folded at 75 octets, dates and durations. The events themselves are planned in ics.py.
"""

from __future__ import annotations

from datetime import date, timedelta

FOLD_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' escaped, every line break as \\n."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def fold(line: str, limit: int = FOLD_OCTETS) -> str:
    """One content line folded as RFC 5545 3.1 asks: no physical line over 75 octets.

    Each piece holds at most `limit` - 1 octets (a continuation line adds its leading
    space), is cut between characters, never inside a UTF-8 sequence, and never right
    after a backslash, so an escape such as \\, stays on one line for the readers that
    unfold carelessly. Pieces are joined by CRLF and a space.
    """
    data = line.encode("utf-8")
    if len(data) < limit:
        return line
    room = limit - 1
    pieces: list[str] = []
    begin, size = 0, len(data)
    while size - begin > room:
        cut = begin + room
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 sequence: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > begin:  # keep an escape with what it escapes
            cut -= 1
        pieces.append(data[begin:cut].decode("utf-8"))
        begin = cut
    pieces.append(data[begin:].decode("utf-8"))
    return "\r\n ".join(pieces)


def ics_date(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def duration(delta: timedelta) -> str:
    """An RFC 5545 DURATION: -P6DT15H, PT9H."""
    sign = "-" if delta < timedelta(0) else ""
    secs = abs(int(delta.total_seconds()))
    days, rest = divmod(secs, 86400)
    hours, rest = divmod(rest, 3600)
    out = f"{sign}P{days}D" if days else f"{sign}P"
    if hours or rest or not days:
        out += f"T{hours}H" if not rest else f"T{hours}H{rest // 60}M"
    return out
