"""Characters a person cannot see: refused in user text, shown escaped in messages.

Control characters (C0, DEL, C1) and invisible format characters (Unicode category Cf:
the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
the marks U+200E, U+200F and U+061C, zero-width spaces, soft hyphens, word joiners…)
can make a name read differently from what is written: "Anna‮ hcetS" prints reversed
in a pack, and an escape sequence in a CSV cell would drive the terminal. Answers that
contain one are refused wherever they enter (wizard, answers files, cohort cells), and
any message that quotes user text shows such characters as U+XXXX.

Two format characters are kept because some languages need them to spell words
correctly (Persian, Hindi, emoji sequences): ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER.
"""

from __future__ import annotations

import unicodedata

KEPT_FORMAT = {"\u200c", "\u200d"}


def is_hidden(ch: str) -> bool:
    """A control character or an invisible format character (not ZWJ / ZWNJ)."""
    return ch not in KEPT_FORMAT and unicodedata.category(ch) in ("Cc", "Cf")


def first_hidden(s: str, allow: str = "") -> str | None:
    """The first hidden character of `s` that is not in `allow`, or None."""
    if s.isprintable():  # the common case, without a look-up per character (Cc and Cf are never printable)
        return None
    for ch in s:
        if ch not in allow and is_hidden(ch):
            return ch
    return None


def code(ch: str) -> str:
    """U+202E, as a message names a character."""
    return f"U+{ord(ch):04X}"


def visible(s: str, keep: str = "") -> str:
    """`s` with every hidden character (but those in `keep`) written as U+XXXX, safe to print
    on a terminal."""
    if first_hidden(s, keep) is None:
        return s
    return "".join(code(ch) if ch not in keep and is_hidden(ch) else ch for ch in s)
