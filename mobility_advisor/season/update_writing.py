"""An update planned by update.py, written: a pack staged and installed over its folder, or a
cohort's packs staged (converted in several processes, as `cohort` does), its summary made
again, and the whole folder installed at once under one manifest (see packdir).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.season.ticks import CHECKLIST
from mobility_advisor.season.update import CohortPlan, Plan


def write(p: "Plan | CohortPlan", today: date) -> Any:
    """Write the planned pack or cohort (see packdir); returns packdir's report."""
    from mobility_advisor.pack import packdir

    if isinstance(p, CohortPlan):
        return _write_cohort(p, today)
    files = p.files
    if p.formats != ("md",):
        from mobility_advisor.formats.convert import convert_files

        files = convert_files(files, p.formats, p.lang, _host_lang(p))
    with packdir.claim(p.folder, True, "pack") as folder:
        if p.ticks_only and folder.old is not None and CHECKLIST in folder.old.files:
            # ticks are not edits: the checklist is the tool's, replaced with the ticks carried over
            folder.old.files[CHECKLIST] = manifest_mod.file_sha256(p.folder / CHECKLIST)
        stage = folder.stage()
        stage.write_pack(files)
        return folder.install(stage, _manifest(p, today))


def _manifest(p: Plan, today: date) -> manifest_mod.Manifest:
    from mobility_advisor.inputs.answers import learning_document

    doc = {**manifest_mod.answers_document(p.answers, p.lang, p.host_option, p.referent),
           **learning_document(p.learning, p.lang)}  # outcomes too
    new = manifest_mod.new("pack", p.lang, doc, today, p.items)
    new.unticked = p.unticked
    return new


def _write_cohort(cp: CohortPlan, today: date) -> Any:
    """Every learner's pack staged (converted in several processes, as `cohort` does), the summary
    made again, then the whole folder installed at once under one manifest."""
    from mobility_advisor.season.cohort import recorded_bad_rows
    from mobility_advisor.season.cohort_workers import _PackFailed
    from mobility_advisor.rules.problems import InputError

    record = cp.old.cohort or {}
    try:
        return _install_cohort(cp, today, record, recorded_bad_rows(record), cp.formats)
    except _PackFailed as exc:  # a conversion refused: said as a refusal, the staging removed
        raise InputError(str(exc.why)) from None


def _install_cohort(cp: CohortPlan, today: date, record: dict[str, Any], bad: list, formats: tuple[str, ...]) -> Any:
    """The staging and installing of `_write_cohort`."""
    from mobility_advisor.season import cohort_summary as summary_mod, cohort_workers as workers_mod
    from mobility_advisor.pack import packdir

    summaries = []
    with packdir.claim(cp.folder, True, "cohort") as claimed:
        stage = claimed.stage()
        new = manifest_mod.new("cohort", cp.old.lang, cp.old.answers, today)
        new.packs, new.cohort = {}, record
        waiting: dict[str, manifest_mod.Manifest] = {}  # learners' records, their packs being converted

        def staged(done: tuple) -> None:
            _line, folder, files = workers_mod.converted(done)
            stage.write_pack(files, folder)
            stage.write_record(waiting.pop(folder), folder)

        with workers_mod.converters(formats, len(cp.learners)) as converters:
            for name in cp.learners:
                p = cp.replan(name)
                if p.ticks_only:  # ticks are not edits (see write)
                    claimed.accept[f"{name}/{CHECKLIST}"] = manifest_mod.file_sha256(cp.folder / name / CHECKLIST)
                entry = (cp.old.packs or {})[name]
                notes = [str(n) for n in entry.get("notes", ()) if isinstance(n, str)]
                summaries.append(summary_mod.summarize(cp.tree, p.result, entry["line"], name, cp.lang, notes))
                new.packs[name] = {"line": entry["line"], "notes": notes}
                if formats != ("md",):
                    waiting[name] = _manifest(p, today)
                    for done in converters.submit(workers_mod.convert_pack, entry["line"], name, p.files, formats,
                                                  cp.lang, _host_lang(p)):
                        staged(done)
                else:
                    stage.write_pack(p.files, name)
                    stage.write_record(_manifest(p, today), name)
            for done in converters.drain():
                staged(done)
        learners_name, common_name = str(record.get("learners", "")), str(record.get("common", ""))
        stage.write(summary_mod.SUMMARY_MD, summary_mod.summary_markdown(summaries, bad, cp.lang, learners_name,
                                                                         common_name, today))
        stage.write(summary_mod.SUMMARY_CSV, summary_mod.summary_csv(summaries, bad, cp.lang).encode("utf-8-sig"))
        if record.get("xlsx"):  # the cohort was written with --xlsx
            stage.write(summary_mod.SUMMARY_XLSX, summary_mod.summary_xlsx(summaries, bad, cp.lang, today))
        return claimed.install(stage, new)


def _host_lang(p: Plan) -> str | None:
    """The host's language the pack's documents were made with (its host documents' second language)."""
    from mobility_advisor.pack import render

    return render.host_language(p.host_option, p.answers, p.lang)
