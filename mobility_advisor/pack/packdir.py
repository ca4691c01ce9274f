"""Writing a pack (or cohort) folder without ever losing a file the user put or edited there.

    with packdir.claim(out, force=False, kind="pack") as folder:
        stage = folder.stage()                # a hidden folder inside `out`
        stage.write("index.md", text)         # ... every file of the pack
        report = folder.install(stage, manifest)

The guarantees, and how they are kept:

- **One run per folder.** `claim` creates `out` with `os.mkdir` (which only one process
  can do) or takes an existing empty folder, then holds an exclusive `flock` on the folder
  itself until the end. Runs without `--force` do not wait for the lock: of N runs into
  one new folder exactly one writes, the others are told the folder exists. `--force`
  runs wait their turn, so two of them on one pack are serialised.
- **No half pack.** Files are first written into a hidden staging folder inside `out`
  (`.mobility-advisor.tmp-…`, so read-only or foreign parents do not matter), then moved
  into place with `rename`. An error or Ctrl-C before or during the move removes the
  staging folder and whatever this run had moved into a folder it created (or found
  empty): nothing is left. A staging folder left by a killed run is removed by the next
  run that holds the lock.
- **`--force` never loses a user's file.** A non-empty folder without a manifest (see
  `manifest`) is not a pack: `--force` refuses it. In a pack, a file is replaced (each one
  atomically) only if it is the tool's own and unchanged: its sha256 equals the
  manifest's. A file the user edited is kept, and the new version is written beside it
  (`learning_agreement.md` -> `learning_agreement.new.md`, recorded in the manifest so the
  next `--force` may replace it); a file or folder the user added is never touched; an
  old tool file the new pack no longer has is removed only if unchanged. The manifest is
  rewritten last (also after an error part way, so it always tells the truth).
- **A cohort's learners keep their own records.** Each learner's pack is staged with its own
  manifest (`Stage.write_record`); a new learner's folder is moved in whole, an existing one
  is installed like a pack against its own old record (or its part of a format-2 cohort's),
  and a learner no longer in the cohort loses only its unchanged files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.pack.cohort_folder import CohortLearners
from mobility_advisor.pack.folder_report import (BadManifestError, NotAFolderError, NotAPackError, PackExistsError,
                                                 Report)
from mobility_advisor.pack.staging import STAGE_PREFIX, Stage, file_digest, linked_part, safe_name, tool_name


class Folder(CohortLearners):
    """A claimed output folder: locked for this run until `claim`'s block ends."""

    def __init__(self, path: Path, created: bool, old: manifest_mod.Manifest | None, kind: str):
        self.path, self.created, self.old, self.kind = path, created, old, kind
        self._stage: Stage | None = None
        self._moved: list[str] = []  # files moved into a folder that was empty: undone on failure
        self._dirs: list[Path] = []
        # a cohort learner's file whose ticks are the only edits, by "folder/name": its current
        # fingerprint, taken as the tool's (see update)
        self.accept: dict[str, str] = {}
        self._kept: set[str] = set()  # learners no longer in the cohort whose edited files stay
        self._links: dict[str, str | None] = {}  # folder of a named path -> the link on it (see linked_part)

    def stage(self) -> Stage:
        self._stage = Stage(Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=self.path)))
        return self._stage

    def install(self, stage: Stage, new: manifest_mod.Manifest) -> Report:
        """Move the staged files into place, by the rules of the module docstring."""
        report = Report(self.path)
        old = self.old
        manifest_mod.carry_signatures(old, new)  # signed/ is the user's; its record goes on
        new.files, new.beside = {}, {}
        produced = set(stage.digests)
        learners = list(new.packs or ()) if manifest_mod.own_records(new) else []
        done = False
        whole: dict[str, bool] = {}  # a cohort's learner folder: moved in one rename (new here), or not
        try:
            for name in learners:
                self._install_learner(stage, name, report)
            for rel in sorted(stage.digests):
                top, sub, _ = rel.partition("/")
                if sub and self._linked(rel, report):  # a learner's folder the user replaced with a link
                    self._keep_known(rel, new)
                    continue
                if sub and top not in whole:
                    whole[top] = self._move_folder(stage, top)
                if sub and whole[top]:
                    new.files[rel] = stage.digests[rel]
                    report.written.append(rel)
                    self._moved.append(rel)
                    continue
                self._place(stage, rel, new, report)
            if old is not None:
                mine = set(learners)
                for rel, digest in old.files.items():
                    if rel in produced or rel in new.files or rel.split("/", 1)[0] in mine:
                        continue
                    if self._linked(rel, report):
                        self._keep_known(rel, new)
                        continue
                    self._retire(rel, digest, new, report)
                if manifest_mod.own_records(old):
                    for name in old.packs or ():
                        if name not in mine:
                            self._retire_learner(name, report)
            done = True
            if old is not None:
                tops = {rel.split("/", 1)[0] for rel in new.files} | {manifest_mod.FILE_NAME} | set(learners)
                tops |= self._kept
                tops |= {link.split("/", 1)[0] for link in report.linked}  # said on their own
                report.yours = sum(1 for e in os.listdir(self.path)
                                   if e not in tops and not e.startswith(STAGE_PREFIX))
        finally:
            if done or old is not None:
                # a pack being updated: the manifest says what is there now, even after an error
                new.files = {**({} if done else old.files), **new.files} if old is not None else new.files
                from mobility_advisor.core.fsutil import atomic_write

                atomic_write(self.path / manifest_mod.FILE_NAME, new.to_json())
        return report

    # -- one file -------------------------------------------------------------------------
    def _keep_known(self, rel: str, new: manifest_mod.Manifest) -> None:
        """A file behind a link stays in the record as it was: each run says the link again, and
        the file is the tool's once more if the folder comes back (the link replaced by it)."""
        if self.old is not None and rel in self.old.files:
            new.files[rel] = self.old.files[rel]

    def _linked(self, rel: str, report: Report) -> bool:
        """`rel` lies behind a link (see `linked_part`): said once, and neither written nor removed."""
        parent = rel.rpartition("/")[0]
        if parent not in self._links:  # one look per folder: a cohort's learner has a dozen files
            self._links[parent] = linked_part(self.path, rel)
        link = self._links[parent]
        if link is None:
            return False
        if link not in report.linked:
            report.linked.append(link)
        return True

    def _place(self, stage: Stage, rel: str, new: manifest_mod.Manifest, report: Report) -> None:
        digest = stage.digests[rel]
        src, dst = stage.path / rel, self.path / rel
        old_files = self.old.files if self.old else {}
        if not (dst.exists() or dst.is_symlink()):
            self._move(src, dst, rel)
            new.files[rel] = digest
            report.written.append(rel)
            return
        current = file_digest(dst)
        if current == digest:
            new.files[rel] = digest
            report.unchanged.append(rel)
            return
        if current is not None and old_files.get(rel) == current:  # the tool's own, unchanged
            os.replace(src, dst)
            new.files[rel] = digest
            report.written.append(rel)
            return
        # the user's (edited, or a file of theirs with the same name): kept, new version beside
        if rel in old_files:
            new.files[rel] = old_files[rel]  # still known as the tool's file, edited
        n = 1
        while True:
            name = _beside_name(rel, n)
            there = self.path / name
            if not (there.exists() or there.is_symlink()):
                self._move(src, there, name)
                break
            now = file_digest(there)
            if now is not None and (now == digest or old_files.get(name) == now):
                os.replace(src, there)
                break
            n += 1
        new.files[name] = digest
        new.beside[name] = rel
        report.beside.append((rel, name))

    def _retire(self, rel: str, digest: str, new: manifest_mod.Manifest, report: Report) -> None:
        """An old tool file the new pack does not have: removed if unchanged, else kept."""
        path = self.path / rel
        if not (path.exists() or path.is_symlink()):
            return
        if tool_name(rel) and file_digest(path) == digest:
            path.unlink()
            report.removed.append(rel)
            parent = path.parent
            while parent != self.path:  # a learner's folder of an old cohort, now empty
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
        elif tool_name(rel):
            new.files[rel] = digest
            report.kept_old.append(rel)
        # else a name the tool never writes, claimed by a hand-edited manifest: the user's, not listed again

    def _move_folder(self, stage: Stage, top: str) -> bool:
        """A staged folder whose name is free here moved whole (a new learner's pack); False
        when something is there already (its files then go one by one, by `_place`)."""
        dst = self.path / top
        if dst.exists() or dst.is_symlink():
            return False
        os.rename(stage.path / top, dst)
        self._dirs.append(dst)
        return True

    def _move(self, src: Path, dst: Path, rel: str) -> None:
        parent = dst.parent
        missing = []
        while parent != self.path and not parent.exists():
            missing.append(parent)
            parent = parent.parent
        for d in reversed(missing):
            d.mkdir()
            self._dirs.append(d)
        os.rename(src, dst)
        self._moved.append(rel)

    def _undo(self) -> None:
        """After a failure in a folder that was empty: take back what this run moved in."""
        for rel in reversed(self._moved):
            try:
                (self.path / rel).unlink()
            except OSError:
                pass
        for d in reversed(self._dirs):
            try:
                d.rmdir()
            except OSError:
                pass


def _beside_name(rel: str, n: int) -> str:
    """learning_agreement.md -> learning_agreement.new.md (then .new-2.md, .new-3.md...)."""
    head, _, name = rel.rpartition("/")
    stem, dot, ext = name.partition(".")
    tag = "new" if n == 1 else f"new-{n}"
    new = f"{stem}.{tag}{dot}{ext}" if dot else f"{stem}.{tag}"
    return f"{head}/{new}" if head else new


def _file_above(path: Path) -> Path:
    """The first part of `path` that exists and is not a folder (`afile` in `afile/sub`)."""
    for p in reversed(path.parents):
        if (p.exists() or p.is_symlink()) and not p.is_dir():
            return p
    return path


def _lock(fd: int, wait: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock (the mkdir claim still holds)
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


@contextmanager
def claim(out: Path, force: bool = False, kind: str = "pack") -> Iterator[Folder]:
    """Take `out` for this run (see the module docstring); raises PackExistsError,
    NotAFolderError, NotAPackError, BadManifestError, or OSError (read-only, disk full...)."""
    out = Path(os.path.abspath(out))
    if out.is_symlink() and out.is_dir():
        out = out.resolve()  # a pack kept elsewhere (a synced drive) behind a link: write where it points
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise NotAFolderError(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise NotAFolderError(_file_above(out)) from None
    created = locked = False
    try:
        os.mkdir(out)
        created = True
    except FileExistsError:
        if out.is_symlink() or not out.is_dir():
            raise NotAFolderError(out) from None
    try:
        fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        if created:
            out.rmdir()
        raise
    try:
        if not _lock(fd, wait=force):
            raise PackExistsError(out)  # another run is writing it
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(out))
        except OSError:
            same = False
        if not same:  # removed and made again while we waited: that folder is not ours
            raise PackExistsError(out)
        locked = True
        for entry in os.listdir(out):  # a staging folder of a killed run: no run holds the lock
            if entry.startswith(STAGE_PREFIX):
                shutil.rmtree(out / entry, ignore_errors=True)
        old = None
        if os.listdir(out):
            try:
                old = manifest_mod.read(out)
            except manifest_mod.ManifestError as exc:
                if not force:
                    raise PackExistsError(out) from None
                raise BadManifestError(exc.path, exc.why) from None
            if not force:
                raise PackExistsError(out)
            if old is None or old.kind != kind:
                raise NotAPackError(out, kind, old.kind if old else None)
        folder = Folder(out, created, old, kind)
        try:
            yield folder
        except BaseException:
            if old is None:
                folder._undo()
            raise
        finally:
            if folder._stage is not None:
                shutil.rmtree(folder._stage.path, ignore_errors=True)
        ok = True
    except BaseException:
        ok = False
        raise
    finally:
        if not ok and created and locked:  # never under another run's feet
            try:
                out.rmdir()  # only if nothing else is in it
            except OSError:
                pass
        os.close(fd)


def write_pack(files: Mapping[str, str | bytes], out: Path, force: bool = False,
               new: manifest_mod.Manifest | None = None) -> Report:
    """Write one pack ({plain file name: content}) into `out` with its manifest."""
    for name in files:
        safe_name(name)
    if new is None:
        from datetime import date

        new = manifest_mod.new("pack", "", {}, date.today())
    with claim(out, force, "pack") as folder:
        stage = folder.stage()
        stage.write_pack(files)
        return folder.install(stage, new)
