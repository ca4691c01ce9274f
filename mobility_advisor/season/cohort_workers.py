"""The processes that make a cohort's packs: one pack per learner, rendered, converted and staged
in whichever process runs it, the results coming back in the order given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from mobility_advisor.pack import staging
from mobility_advisor.pack import render
from mobility_advisor.engine.engine import outcomes
from mobility_advisor.rules.model import Tree
from mobility_advisor.rules.problems import InputError
from mobility_advisor.season.cohort_summary import Summary, summarize

JOBS_ENV = "MOBILITY_ADVISOR_JOBS"
MD_POOL_FROM = 64  # Markdown packs take ~10 ms each: below this, starting workers costs more than it saves


def jobs_wanted(packs: int) -> int:
    """How many processes may make `packs` packs: MOBILITY_ADVISOR_JOBS, else one per core (at most 4)."""
    import os

    wanted = os.environ.get(JOBS_ENV, "")
    jobs = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(4, os.cpu_count() or 1)
    return max(1, min(jobs, packs))


class _Ordered:
    """Work spread over a few processes, at most a few tasks ahead of the reader (memory stays
    small), results coming back in the order given. With one job, everything runs here, in order.

    forkserver: fresh workers, not forks of a process that has a progress-bar thread; each worker
    gets `initargs` once (`initializer`), then keeps what it loaded from one task to the next."""

    def __init__(self, jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()):
        self.jobs, self.initializer, self.initargs = jobs, initializer, initargs
        self.pool = None
        self.waiting: list[Any] = []

    def __enter__(self) -> "_Ordered":
        if self.jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                            initializer=self.initializer, initargs=self.initargs)
        elif self.initializer is not None:
            self.initializer(*self.initargs)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fn: Callable[..., Any], *args: Any):
        """Queue one task; yields the results that are ready, in order."""
        if self.pool is None:
            yield fn(*args)
            return
        self.waiting.append(self.pool.submit(fn, *args))
        while len(self.waiting) > 2 * self.jobs:
            yield self.waiting.pop(0).result()

    def drain(self):
        while self.waiting:
            yield self.waiting.pop(0).result()


def convert_pack(line: int, folder: str, files: dict, formats: tuple[str, ...], lang: str,
                 host_lang: str | None = None):
    """One pack converted (pandoc, WeasyPrint): (line, folder, files), or _PackFailed raised."""
    from mobility_advisor.formats.convert import convert_files

    try:
        return line, folder, convert_files(files, formats, lang, host_lang), None
    except InputError as exc:
        return line, folder, None, str(exc)


def converted(done: tuple) -> tuple[int, str, dict]:
    """A `convert_pack` result, or _PackFailed."""
    line, folder, files, error = done
    if error is not None:
        raise _PackFailed(line, error)
    return line, folder, files


def converters(formats: tuple[str, ...], packs: int) -> _Ordered:
    """Processes converting packs to DOCX/ODT/PDF (one conversion engine each)."""
    return _Ordered(jobs_wanted(packs) if formats != ("md",) else 1)


@dataclass(frozen=True)
class _Making:
    """What every pack of a cohort shares, given once to each worker."""

    tree: Tree
    lang: str
    today: date
    formats: tuple[str, ...]
    host_option: str | None
    referent: Mapping[str, str] | None
    stage: Path
    record: Any = None  # manifest.Manifest: the cohort's record, a template for each learner's own


@dataclass
class _Made:
    """One learner's pack, staged with its own record: what the cohort's summary needs of it."""

    folder: str
    summary: Summary


_MAKING: list[_Making] = []  # in a worker: the cohort it works for (set once by _start_making)


def _start_making(making: _Making) -> None:
    _MAKING[:] = [making]


def _make_pack(line: int, folder: str, answers: dict[str, Any], learning: Any, notes: list[str]) -> _Made:
    """One learner's pack rendered, converted when asked, and written into the stage folder,
    in whichever process runs it: the advice, documents and files depend on this learner only."""
    from mobility_advisor.pack import manifest
    from mobility_advisor.inputs.answers import learning_document

    m = _MAKING[0]
    result = outcomes(m.tree, answers, m.today)
    try:
        host_lang = render.host_language(m.host_option, answers, m.lang)
        files: dict[str, Any] = render.pack_files(m.tree, result, m.lang, m.today, learning, host_lang, m.referent)
        if m.formats != ("md",):
            from mobility_advisor.formats.convert import convert_files

            files = convert_files(files, m.formats, m.lang, host_lang)
        stage = staging.Stage(m.stage)
        stage.write_pack(files, folder)
    except InputError as exc:  # a template error is a bug: it is not caught here
        raise _PackFailed(line, str(exc)) from None
    del files
    own = manifest.Manifest(kind="pack", lang=m.lang, made=m.today.isoformat(), rules=m.record.rules,
                            version=m.record.version, items=manifest.item_records(result, m.lang),
                            answers={**manifest.answers_document(answers, m.lang, m.host_option, m.referent),
                                     **learning_document(learning, m.lang)})  # outcomes, results
    stage.write_record(own, folder)
    return _Made(folder, summarize(m.tree, result, line, folder, m.lang, notes))


class _PackFailed(Exception):
    def __init__(self, line: int, why: object):
        super().__init__(line, why)  # its arguments: raised in a worker, it is pickled back
        self.line, self.why = line, why
