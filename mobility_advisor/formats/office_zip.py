"""A DOCX or ODT file (a zip archive) with some of its XML members rewritten."""

from __future__ import annotations

import io
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
