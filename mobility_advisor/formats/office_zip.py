"""A DOCX or ODT file (a zip archive) with some of its XML members rewritten."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Mapping


def rewrite_zip(data: bytes, edits: Mapping[str, object], add: Mapping[str, str] | None = None) -> bytes:
    """The archive with some members' XML text passed through `edits[name]`, and the members
    `add` appended; order and compression kept."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename in edits:
                content = edits[info.filename](content.decode("utf-8")).encode("utf-8")
            dst.writestr(info, content)
        for name, text in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                         compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# A section's number in a heading, "2. Objet … / 2. Gegenstand …": joined to its first word by a
# no-break space (a line of the convention's headings ended with "/ 2.", pages8), as the PDF's page does.
_HEADING_NUMBER = re.compile(r"(?<![\w.])(\d{1,2}\.) (?=\w)")


def heading_numbers(text: str) -> str:
    """The text between the tags of a heading, every section number joined to the word after it."""
    return re.sub(r">([^<]+)<", lambda m: ">" + _HEADING_NUMBER.sub("\\1\u00a0", m.group(1)) + "<", text)
