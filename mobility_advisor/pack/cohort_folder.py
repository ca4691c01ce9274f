"""A cohort's learners installed into its folder, each like a pack against its own old record
(see packdir: a new learner's folder moved in whole, a learner gone losing its unchanged files).
"""

from __future__ import annotations

import os

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.pack.folder_report import NotAFolderError, Report
from mobility_advisor.pack.staging import Stage


class CohortLearners:
    """Folder's part for a cohort's learners; a learner's own folder is a Folder too (type(self))."""

    def _install_learner(self, stage: Stage, name: str, report: Report) -> None:
        """A learner's staged pack (with its own record): moved in whole when its folder is new
        here, else installed file by file against the learner's old record."""
        src, dst = stage.path / name, self.path / name
        own = manifest_mod.read(src)
        if own is None:
            raise manifest_mod.ManifestError(src, "no record staged")
        if not (dst.exists() or dst.is_symlink()):
            os.rename(src, dst)
            self._dirs.append(dst)
            rels = [f"{name}/{rel}" for rel in own.files]
            report.written += rels
            self._moved += rels + [f"{name}/{manifest_mod.FILE_NAME}"]
            return
        if dst.is_symlink():  # a learner's folder the user replaced with a link: said, nothing through it
            if name not in report.linked:
                report.linked.append(name)
            return
        if not dst.is_dir():
            raise NotAFolderError(dst)
        sub = type(self)(dst, False, self._old_learner(name), "pack")
        sub_stage = Stage(src)
        sub_stage.digests = dict(own.files)
        done = sub.install(sub_stage, own)
        report.written += [f"{name}/{rel}" for rel in done.written]
        report.unchanged += [f"{name}/{rel}" for rel in done.unchanged]
        report.beside += [(f"{name}/{a}", f"{name}/{b}") for a, b in done.beside]
        report.kept_old += [f"{name}/{rel}" for rel in done.kept_old]
        report.removed += [f"{name}/{rel}" for rel in done.removed]
        report.linked += [f"{name}/{rel}" for rel in done.linked]

    def _old_learner(self, name: str) -> manifest_mod.Manifest | None:
        """What this cohort wrote in the learner's folder last time (None: nothing known, so
        every file there is the user's)."""
        if self.old is None or self.old.kind != "cohort" or (
                manifest_mod.own_records(self.old) and name not in (self.old.packs or {})):
            return None  # a folder of that name that this cohort did not write: the user's
        try:
            if name in (self.old.packs or {}):  # its own record, or its part of a format-2 cohort's
                rec = manifest_mod.learner(self.old, self.path, name)
            else:  # format 2 without an entry: the learner's files were listed in the cohort's record
                prefix = name + "/"
                rec = manifest_mod.Manifest(kind="pack", lang=self.old.lang, made=self.old.made, answers={},
                                            files={k[len(prefix):]: v for k, v in self.old.files.items()
                                                   if k.startswith(prefix)},
                                            beside={k[len(prefix):]: v[len(prefix):] for k, v in self.old.beside.items()
                                                    if k.startswith(prefix) and v.startswith(prefix)})
        except manifest_mod.ManifestError:
            return None
        if rec is not None:
            for rel, digest in self.accept.items():
                head, _, tail = rel.partition("/")
                if head == name and tail in rec.files:
                    rec.files[tail] = digest
        return rec

    def _retire_learner(self, name: str, report: Report) -> None:
        """A learner no longer in the cohort: its unchanged files removed, then its record and
        folder if nothing of the user's is left; its edited files stay, listed in its record."""
        folder = self.path / name
        if folder.is_symlink():  # the user moved it and left a link: theirs, said, nothing through it
            if name not in report.linked:
                report.linked.append(name)
            return
        try:
            rec = manifest_mod.read(folder) if folder.is_dir() else None
        except manifest_mod.ManifestError:
            rec = None
        if rec is None:
            return
        sub = type(self)(folder, False, rec, "pack")
        left = manifest_mod.Manifest(kind="pack", lang=rec.lang, made=rec.made, answers=rec.answers,
                                     rules=rec.rules, version=rec.version, items=rec.items)
        done = Report(folder)
        for rel, digest in rec.files.items():
            sub._retire(rel, digest, left, done)
        report.removed += [f"{name}/{rel}" for rel in done.removed]
        report.kept_old += [f"{name}/{rel}" for rel in done.kept_old]
        if left.files:
            from mobility_advisor.core.fsutil import atomic_write

            atomic_write(folder / manifest_mod.FILE_NAME, left.to_json())
            self._kept.add(name)
            return
        (folder / manifest_mod.FILE_NAME).unlink()
        try:
            folder.rmdir()
        except OSError:  # the user's files are in it
            self._kept.add(name)
