"""The pack manifest: what the tool wrote into a pack (or cohort) folder, and from what.

Every folder the tool writes holds, at its root, a small hidden JSON file
`.mobility-advisor.json` (a cohort: its folder, and each learner's pack folder). It lets `--force` tell the tool's own files from the files
a referent added or edited (signed scans, notes), and lets later commands (`status`,
`update`) read a pack back. Format 2 (format 1, written by 0.1.0 before `status` and
`update` existed, had no "items" nor "packs": it is still read, and `status` asks for an
`update` of such a pack; format 2, see below):

    {
      "format": 3,                         # this layout; a newer number is refused
      "tool": "mobility-advisor",          # a JSON file of another tool is refused
      "version": "0.1.0",                  # the tool's version that wrote the folder
      "kind": "pack",                      # "pack" or "cohort"
      "made": "2026-11-24",                # the day the folder was (last) written
      "lang": "fr",                        # the pack's language
      "rules": "sha256 hex",               # fingerprint of the shipped rules + templates
      "answers": {"version": 1, "lang": "fr", "answers": {...}},
                                           # the answers document the pack was made from,
                                           # as `answers.dump` writes it (dates ISO), whole:
                                           # later keys (outcomes:, results:) travel with it.
                                           # A cohort stores its common answers here.
      "files": {"index.md": "sha256 hex", "scans/x.md": "..."},
                                           # every file the tool wrote, by path relative to
                                           # the folder ("/" separated), with its fingerprint
                                           # as written (a cohort: its own files only, the
                                           # summary; each learner's pack lists its own)
      "beside": {"learning_agreement.new.md": "learning_agreement.md"},
                                           # new versions written beside a file the user
                                           # had edited (see packdir): new name -> the
                                           # edited file it stands for
      "items": [{"id": "men.unit_file", "kind": "document", "phase": "before",
                 "due": "2027-02-01", "relation": "before", "text": "...",
                 "title": "...", "file": "men_unit_file.md"}, ...],
                                           # a pack's advice as written: what `status` reads
                                           # and `update` compares with
      "unticked": "sha256 hex",            # checklist.md with its boxes cleared, when
                                           # `update` wrote it with ticks carried over
      "packs": {"pack-lea-dupont-2027-03-01": {"line": 2, "notes": []}},
                                           # a cohort's learners, by folder, in the cohort's
                                           # order: their CSV line and summary notes. Each
                                           # learner's folder holds its own record (a "pack"
                                           # manifest, above), so the cohort's grows by a
                                           # few dozen bytes per learner
      "cohort": {"learners": "learners.csv", "common": "common.yaml",
                 "bad": [[7, "Name", ["problem", ...]], ...]}
                                           # a cohort's learner list and common answers
                                           # files, as the summary names them, and its
                                           # refused rows: what `update` needs to rebuild
                                           # the summary (older cohorts lack them: `update`
                                           # then refuses)
      "signatures": [{"document": "learning_agreement", "role": "learner",
                      "signed_on": "2027-02-20", "file": "signed/….pdf", "recorded": "…"},
                     {"document": "…", "role": "…", "refused": "reason", "on": "2027-02-21"}]
                                           # who signed or refused which document, in the order
                                           # recorded (`signatures.py`; a digital signature also
                                           # has "at", "signer", "changed"); a cohort's learner:
                                           # in its own record (format 2: in its "packs" entry).
                                           # Kept by every rewrite of the manifest
                                           # (`carry_signatures`): only `signed` adds.
    }

Format 2 cohorts kept every learner's answers, items (as [id, due] pairs, their texts once
in "advice") and files in the cohort's own manifest (about 7 kB per learner): they are
still read (`learner`), and the next `cohort --force` or `update` writes format 3.

No size limit is set on reading: every record's size follows from inputs the tool accepted
(answers files, the learner list), and a record the tool wrote must be one it reads back
(a 10,000-learner cohort's is under 1 MB).

A file on disk whose sha256 equals its entry in `files` is the tool's, unchanged; any
other file is the user's (added, or edited). `read` returns None when there is no
manifest and raises ManifestError for one that is unreadable, not JSON, of another tool
or of an unknown format.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

FILE_NAME = ".mobility-advisor.json"
FORMAT = 3
READABLE = (1, 2, 3)  # format 1: no items; format 2: a cohort's learners in its own record
TOOL = "mobility-advisor"
KINDS = ("pack", "cohort")  # any other kind is a corrupt record, not "the other kind of folder"


class ManifestError(Exception):
    """The folder's manifest is there but cannot be trusted (corrupt, foreign, newer format)."""

    def __init__(self, path: Path, why: str):
        self.path, self.why = path, why
        super().__init__(f"{path}: {why}")


@dataclass
class Manifest:
    kind: str
    lang: str
    made: str
    answers: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    beside: dict[str, str] = field(default_factory=dict)
    rules: str = ""
    version: str = ""
    items: list[dict[str, Any]] | None = None  # None: a format-1 manifest, which did not record them
    packs: dict[str, dict[str, Any]] | None = None  # a cohort's learners: {folder: {line, notes}}
    advice: dict[str, dict[str, Any]] | None = None  # format 2 cohorts only: their items by id
    unticked: str = ""  # sha256 of checklist.md with its boxes cleared, when `update` ticked some
    cohort: dict[str, Any] | None = None  # a cohort's file names and refused rows, for its summary
    signatures: list[dict[str, Any]] | None = None  # a pack's signatures recorded by `signed`
    format: int = FORMAT

    def to_json(self) -> str:
        doc = {"format": FORMAT, "tool": TOOL, "version": self.version, "kind": self.kind, "made": self.made,
               "lang": self.lang, "rules": self.rules, "answers": self.answers,
               "files": dict(sorted(self.files.items())), "beside": dict(sorted(self.beside.items()))}
        if self.items is not None:
            doc["items"] = self.items
        if self.packs is not None:
            doc["packs"] = self.packs
        if self.unticked:
            doc["unticked"] = self.unticked
        if self.cohort is not None:
            doc["cohort"] = self.cohort
        if self.signatures:
            doc["signatures"] = self.signatures
        # compact: a 10,000-learner cohort's record stays small and quick to read
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"


def sha256(data: str | bytes) -> str:
    """The fingerprint of a file's content (text as UTF-8, as the writer writes it)."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """One sha256 over the shipped rules, templates and the templates' words (the compiled
    documents catalogues; paths and contents, in path order): two packs with the same
    fingerprint were made from the same advice."""
    from mobility_advisor.core.data import shipped
    from mobility_advisor.i18n.catalogues import LOCALE_DIR

    h = hashlib.sha256()
    for name, root, pattern in (("rules", shipped("rules"), "*"), ("templates", shipped("templates"), "*"),
                                ("locale", LOCALE_DIR, "documents.mo")):
        for p in sorted(root.rglob(pattern)):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(f"{name}/{p.relative_to(root).as_posix()}\0".encode("utf-8"))
                h.update(p.read_bytes())
                h.update(b"\0")
    return h.hexdigest()


def answers_document(answers: Mapping[str, Any], lang: str, host_lang: str | None = None,
                     referent: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The answers as plain data: the same document `answers.dump` writes (dates ISO); with
    `host_lang` (--host-lang as given) and the `referent`'s contact (from the profile) in a
    pack's record, so that `update` makes the same documents."""
    plain = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in answers.items()}
    extra: dict[str, Any] = {"host_lang": host_lang} if host_lang else {}
    if referent:
        extra["referent"] = {k: str(v) for k, v in referent.items() if v}
    return {"version": 1, "lang": lang, **extra, "answers": plain}


def item_records(result: Any, lang: str) -> list[dict[str, Any]]:
    """The advice of a pack as plain data, in the rules' order (an engine Result's items, in `lang`):
    what `status` and `update` read back without the rules that made it."""
    out = []
    for item in result.items:
        o = item.outcome
        rec: dict[str, Any] = {"id": o.id, "kind": o.kind, "phase": o.phase,
                               "due": item.due.isoformat() if item.due else None,
                               "relation": o.due.relation if o.due else None, "text": o.text(lang)}
        if o.title:
            rec["title"] = o.title(lang)
        if o.template:
            rec["file"] = f"{o.template}.md"
        out.append(rec)
    return out


def own_records(m: Manifest) -> bool:
    """A cohort whose learners' packs hold their own records (format 3)."""
    return m.kind == "cohort" and m.packs is not None and m.format >= 3


def pack_items(m: Manifest, folder: str) -> list[dict[str, Any]]:
    """The items of one learner's pack of a format-2 cohort, whole (as `item_records` makes them)."""
    advice = m.advice or {}
    return [{"id": iid, "due": due, **advice[iid]} for iid, due in (m.packs or {})[folder]["items"]]


def learner(m: Manifest, folder: Path, name: str) -> Manifest | None:
    """The record of the learner's pack `name` of the cohort in `folder`: its own record
    (format 3; None when it has none), or its part of a format-2 cohort's record.
    ManifestError when its own record cannot be trusted."""
    if own_records(m):
        own = read(Path(folder) / name)
        if own is not None and own.kind != "pack":
            raise ManifestError(Path(folder) / name / FILE_NAME, f"kind {own.kind!r}")
        return own
    entry, prefix = (m.packs or {})[name], name + "/"
    return Manifest(kind="pack", lang=m.lang, made=m.made, answers=entry["answers"], rules=m.rules,
                    version=m.version, format=2,
                    files={k[len(prefix):]: v for k, v in m.files.items() if k.startswith(prefix)},
                    beside={k[len(prefix):]: v[len(prefix):] for k, v in m.beside.items()
                            if k.startswith(prefix) and v.startswith(prefix)},
                    items=pack_items(m, name),
                    unticked=str(entry.get("unticked", "")),
                    signatures=entry.get("signatures") if isinstance(entry.get("signatures"), list) else None)


def new(kind: str, lang: str, answers_doc: Mapping[str, Any], today: date,
        items: list[dict[str, Any]] | None = None) -> Manifest:
    """An empty manifest for a folder about to be written (files are added as they are)."""
    from mobility_advisor import __version__

    return Manifest(kind=kind, lang=lang, made=today.isoformat(), answers=dict(answers_doc),
                    rules=rules_fingerprint(), version=__version__, items=items)


def read(folder: Path) -> Manifest | None:
    """The folder's manifest; None when it has none; ManifestError when it cannot be trusted."""
    path = Path(folder) / FILE_NAME
    if not (path.exists() or path.is_symlink()):
        return None
    if path.is_symlink() or not path.is_file():
        raise ManifestError(path, "not a regular file")
    try:
        with open(path, "rb") as fh:
            raw = fh.read()  # no fixed limit: see the module docstring
    except OSError as exc:
        raise ManifestError(path, exc.strerror or str(exc)) from None
    except MemoryError:
        raise ManifestError(path, "too large") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ManifestError(path, "not valid JSON") from None
    except RecursionError:  # [[[[…]]]] a hundred thousand deep: one located refusal, not a traceback
        raise ManifestError(path, "nested too deep") from None
    if not isinstance(doc, dict) or doc.get("tool") != TOOL:
        raise ManifestError(path, f"not written by {TOOL}")
    if doc.get("format") not in READABLE:
        raise ManifestError(path, f"format {doc.get('format')!r}, expected {FORMAT}")
    files, beside = doc.get("files"), doc.get("beside", {})
    ok = (isinstance(files, dict) and isinstance(beside, dict)
          and all(isinstance(k, str) and isinstance(v, str) for d in (files, beside) for k, v in d.items())
          and all(_safe_relative(k) for d in (files, beside) for k in d)
          and doc.get("kind") in KINDS and isinstance(doc.get("lang"), str)
          and isinstance(doc.get("answers"), dict))
    items, packs, advice = doc.get("items"), doc.get("packs"), doc.get("advice")
    ok = ok and (items is None or _items_ok(items)) and (packs is None or (
        _packs_ok(packs, advice) if doc["format"] == 2 else _learners_ok(packs)))
    cohort = doc.get("cohort")
    ok = ok and (cohort is None or (isinstance(cohort, dict) and isinstance(cohort.get("learners"), str)
                                    and isinstance(cohort.get("common"), str) and isinstance(cohort.get("bad"), list)))
    signatures = doc.get("signatures")
    ok = ok and (signatures is None or _signatures_ok(signatures)) and all(
        _signatures_ok(v.get("signatures", [])) for v in (packs or {}).values())
    if not ok:
        raise ManifestError(path, "unexpected content")
    return Manifest(kind=doc["kind"], lang=doc["lang"], made=str(doc.get("made", "")), answers=doc["answers"],
                    files=dict(files), beside=dict(beside), rules=str(doc.get("rules", "")),
                    version=str(doc.get("version", "")), items=items, packs=packs, advice=advice,
                    format=doc["format"],
                    unticked=str(doc.get("unticked", "")), cohort=cohort, signatures=signatures)


def _signatures_ok(entries: Any) -> bool:
    """Each entry names its document and role, and a signing date or a refusal (strings)."""
    if type(entries) is not list:
        return False
    for e in entries:
        if type(e) is not dict or type(e.get("document")) is not str or type(e.get("role")) is not str:
            return False
        if not (type(e.get("signed_on")) is str or type(e.get("refused")) is str):
            return False
        if any(e.get(k) is not None and type(e[k]) is not str for k in ("file", "on", "at", "signer")):
            return False
    return True


def carry_signatures(old: "Manifest | None", new: "Manifest") -> None:
    """The signatures recorded in the old manifest, kept in the new one (a pack made again, or a
    cohort's learners still there): signatures are facts about paper, not the tool's output."""
    if old is None:
        return
    if old.signatures and new.signatures is None:
        new.signatures = old.signatures
    if own_records(new):  # each learner's signatures go on in its own record (packdir, per learner)
        return
    for name, pack in (old.packs or {}).items():
        if pack.get("signatures") and new.packs is not None and name in new.packs:
            new.packs[name].setdefault("signatures", pack["signatures"])


def _packs_ok(packs: Any, advice: Any) -> bool:
    """A format-2 cohort's learners: answers and [id, due] pairs naming entries of `advice`."""
    return (isinstance(advice, dict)
            and _items_ok([{"id": k, **v} for k, v in advice.items() if isinstance(v, dict)])
            and len(advice) == sum(isinstance(v, dict) for v in advice.values())
            and isinstance(packs, dict) and all(
                isinstance(k, str) and _safe_relative(k) and isinstance(v, dict) and isinstance(v.get("answers"), dict)
                and isinstance(v.get("items"), list) and all(
                    isinstance(i, list) and len(i) == 2 and i[0] in advice and (i[1] is None or isinstance(i[1], str))
                    for i in v["items"]) for k, v in packs.items()))


def _learners_ok(packs: Any) -> bool:
    """A cohort's learners (format 3): one plain folder name each, with its CSV line and notes."""
    return isinstance(packs, dict) and all(
        isinstance(k, str) and _safe_relative(k) and "/" not in k and type(v) is dict
        and type(v.get("line")) is int and type(v.get("notes")) is list and all(type(n) is str for n in v["notes"])
        for k, v in packs.items())


def _items_ok(items: Any) -> bool:
    """Each item a mapping with a string id, kind and text, and a due date string or None
    (a plain loop: `status` checks the items of a thousand packs)."""
    if type(items) is not list:
        return False
    for i in items:
        if type(i) is not dict:
            return False
        due = i.get("due")
        if type(i.get("id")) is not str or type(i.get("kind")) is not str or type(i.get("text")) is not str or (
                due is not None and type(due) is not str):
            return False
    return True


def _safe_relative(name: str) -> bool:
    """A path inside the folder: no absolute path, no '..', no empty part (a tampered manifest
    must not make --force touch files outside the pack)."""
    parts = name.split("/")
    return bool(name) and "\\" not in name and "\x00" not in name and all(
        p not in ("", ".", "..") for p in parts) and not name.startswith("/")
