"""The loaded rule tree kept between runs, beside the compiled templates.

Parsing and checking the shipped rule files (about 400 kB of YAML) cost each command
0.1-0.17 s; unpickling the tree they make costs about a tenth of that. The tree is kept in
the same per-version folder as the compiled templates (`core.cache.cache_dir`: ours, not
writable by others, off with MOBILITY_ADVISOR_NO_CACHE=1), under a name made of the
fingerprint of everything the tree depends on: the rule files (paths and contents) and the
source of the modules that build it. A changed rule file, or a new version of the loader,
is simply another name; entries not written for two weeks are removed when one is.

Unpickling runs code named in the file, so a cache entry is used only if it is a regular
file of this user and carries an HMAC-SHA256 of its content made with a key only this user
can read (`key`, 32 random bytes, mode 0600, created once beside the entries): a file put
there by anyone else, or changed in any way, is ignored and the rules are parsed again.
Anything that goes wrong reading or writing the cache also just means parsing again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any

KEY_NAME = "key"
STALE_S = 14 * 24 * 3600  # an entry unused this long is removed when another is written
_PREFIX, _SUFFIX = "rules-", ".tree"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# what the tree's shape and content depend on besides the rule files themselves
_BUILDERS = ("model.py", "loader.py", "spec.py", "yamlsafe.py", "problems.py", "treecache.py")


def fingerprint(rules: Path) -> str:
    """sha256 over the rule files (relative paths and contents, in path order), the source of
    the modules that turn them into a tree, and the rules' folder as messages name it (relative
    to the working folder when below it: problems carry it)."""
    import sys

    from mobility_advisor.core.data import display

    h = hashlib.sha256(f"python {sys.version_info[:2]}\0{display(rules)}\0".encode())
    here = Path(__file__).resolve().parent
    for name in _BUILDERS:
        h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    for p in sorted(rules.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(f"rules/{p.relative_to(rules).as_posix()}\0".encode("utf-8"))
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def _own_regular(fd: int) -> bool:
    st = os.fstat(fd)
    return stat.S_ISREG(st.st_mode) and (not hasattr(os, "getuid") or st.st_uid == os.getuid())


def _key(folder: Path) -> bytes | None:
    """This user's key (made on first use); None when it is not ours or not private."""
    path = folder / KEY_NAME
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            _new_key(path)
            continue
        except OSError:
            return None
        with os.fdopen(fd, "rb") as fh:
            if not _own_regular(fh.fileno()) or os.fstat(fh.fileno()).st_mode & 0o077:
                return None
            key = fh.read(64)
        return key if len(key) == 32 else None
    return None


def _new_key(path: Path) -> None:
    """32 random bytes, written privately then linked into place (never half written; the first of
    two runs wins, the other reads its key)."""
    tmp = path.with_name(f".{KEY_NAME}.{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))
        os.link(tmp, path)
    except OSError:
        pass
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _mac(key: bytes, payload: bytes) -> bytes:
    import hmac

    return hmac.new(key, payload, hashlib.sha256).digest()


def _place(rules: Path) -> tuple[Path, bytes, str] | None:
    from mobility_advisor.core.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = _key(folder)
    if key is None:
        return None
    return folder, key, f"{_PREFIX}{fingerprint(rules)}{_SUFFIX}"


def load(rules: Path) -> Any | None:
    """What `store` kept for these rule files, if it is there, ours and unchanged; else None."""
    try:
        where = _place(rules)
        if where is None:
            return None
        folder, key, name = where
        fd = os.open(folder / name, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            if not _own_regular(fh.fileno()):
                return None
            data = fh.read()
        import hmac

        mac, payload = data[:32], data[32:]
        if len(mac) != 32 or not hmac.compare_digest(mac, _mac(key, payload)):
            return None  # changed, or not made with this user's key: never unpickled
        import pickle

        return pickle.loads(payload)
    except Exception:  # missing, unreadable, or made by another Python: parse the rules again
        return None


def store(rules: Path, value: Any) -> None:
    """Keep `value` (the loaded tree) for the next runs; errors are ignored."""
    try:
        where = _place(rules)
        if where is None:
            return
        folder, key, name = where
        import pickle
        import tempfile

        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=".tree-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_mac(key, payload) + payload)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
        import time

        for old in folder.glob(f"{_PREFIX}*{_SUFFIX}"):  # other rules, or run from elsewhere, long ago
            if old.name != name and time.time() - old.stat().st_mtime > STALE_S:
                old.unlink()
    except Exception:
        pass
