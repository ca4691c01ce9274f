"""Writing single files atomically: a temporary file beside the target, then a rename.
And saying, in the user's language, why the system refused to write."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from mobility_advisor.i18n.catalogues import Message, N_, messages


def atomic_write(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write `data` (text as UTF-8) so that readers see the old file or the new one, never half.

    `mode` (e.g. 0o600 for a file only its owner may read) is set on the temporary file
    when it is created, so the content is never readable by others, even for an instant.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            if mode is not None:
                os.fchmod(fh.fileno(), mode)  # the umask may have taken bits away, never add any
            fh.write(raw)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


_REASONS: dict[str, Message] = {
    "ENOSPC": N_("no space left on the disk"),
    "EDQUOT": N_("disk quota exceeded"),
    "EROFS": N_("the disk is read-only"),
    "EACCES": N_("permission denied"),
    "EPERM": N_("operation not permitted"),
    "ENOTDIR": N_("part of the path is not a folder"),
    "EISDIR": N_("it is a folder"),
    "ENAMETOOLONG": N_("name too long"),
    "EIO": N_("input/output error on the disk"),
}
_reasons = messages(_REASONS)


def os_reason(exc: OSError, lang: str) -> str:
    """Why the system refused, in `lang` (the system's own words for rarer errors)."""
    name = errno.errorcode.get(exc.errno or -1)
    if name in _REASONS:
        return _reasons(name, lang)
    return exc.strerror or str(exc)
