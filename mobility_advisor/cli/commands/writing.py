"""What a command writes: the pack (converted to the formats asked for), into its folder, and
the answers file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import current_day, fail


def checked_formats(value: str, lang: str, elsewhere: bool = False, later: bool = False) -> tuple[str, ...]:
    """Parse --format and check the converters are installed, before anything is written.
    `elsewhere`: the conversion may run in worker processes (cohort), so WeasyPrint (about 1 s
    to import) is only looked for here, and imported by the process that prints. `later`: the
    pack is converted by `convert` below, which imports WeasyPrint while pandoc makes the pages
    (and says so, before anything is written, if it cannot load)."""
    from mobility_advisor.rules.problems import InputError

    if value.strip() == "md":
        return ("md",)  # the core path: no converter needed, nothing imported
    from mobility_advisor.formats import convert

    try:
        formats = convert.parse_formats(value, lang)
        convert.check_available(formats, lang, load=not (elsewhere or later))
    except InputError as exc:
        fail(str(exc), 2)
    return formats


def convert(files: dict, formats: tuple[str, ...], lang: str, host_lang: str | None = None) -> dict:
    """One pack, written alone: its PDFs printed side by side (MOBILITY_ADVISOR_JOBS, else one per core)."""
    if formats == ("md",):
        return files
    from mobility_advisor.formats import convert

    try:
        return convert.convert_files(files, formats, lang, host_lang, jobs=convert.print_jobs())
    except convert.MissingExtra as exc:  # WeasyPrint found but not loadable (checked_formats' `later`)
        fail(str(exc), 2)


def write_pack(tree, answers: dict, lang: str, output: Optional[Path], force: bool,
                formats: tuple[str, ...] = ("md",), learning=None, host_option: Optional[str] = None,
                prof=None) -> None:
    """Render the whole pack, convert it, write it (see packdir), and say what was done.
    `host_option`: --host-lang as given (None: the host's language from the destination);
    `prof`: the organisation's profile, whose referent the host brief names."""
    from mobility_advisor.pack import manifest
    from mobility_advisor.pack import folder_report, packdir
    from mobility_advisor.pack import render
    from mobility_advisor.engine.engine import outcomes
    from mobility_advisor.i18n.messages import msg

    today = current_day()
    result = outcomes(tree, answers, today)
    host_lang = render.host_language(host_option, answers, lang)
    referent = prof.referent if prof is not None else None
    files = convert(render.pack_files(tree, result, lang, today, learning, host_lang, referent), formats, lang,
                     host_lang)
    out = output or Path(render.default_pack_dir(answers, today))
    from mobility_advisor.inputs.answers import learning_document

    doc = {**manifest.answers_document(answers, lang, host_option, referent),
           **learning_document(learning, lang)}  # outcomes and results too
    new = manifest.new("pack", lang, doc, today, manifest.item_records(result, lang))
    report = into_folder(lambda: packdir.write_pack(files, out, force, new), out, lang)
    # typer's own styling: rich is not imported just to print three lines
    typer.echo(typer.style("✓ ", fg="green", bold=True) + msg("written", lang, path=out))
    typer.echo(msg("files", lang, n=len(files), docs=len(result.documents)))
    for line in folder_report.describe(report, lang):
        typer.echo(typer.style("! ", fg="yellow", bold=True) + line)
    if result.caveats:
        typer.echo(typer.style("! ", fg="yellow", bold=True) + msg("caveats_count", lang, n=len(result.caveats),
                                                                            index=_index_name(files)))


def _index_name(files) -> str:
    """The pack's index as written: index.md, or index.pdf (…) when Markdown was not asked for."""
    return "index.md" if "index.md" in files else next((n for n in sorted(files) if n.startswith("index.")), "index.md")


def into_folder(write, out: Path, lang: str):
    """Run `write` (a packdir write into `out`); its refusals and the system's as messages and exit codes:
    1 the folder is taken (not empty, not a pack, another run in it); 2 it cannot be written."""
    from mobility_advisor.pack import folder_report
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg
    from mobility_advisor.rules.problems import InputError

    from mobility_advisor.pack.manifest import FILE_NAME

    updating = (out / FILE_NAME).is_file()  # an error part way through a new pack leaves nothing
    try:
        return write()
    except folder_report.PackExistsError:
        fail(msg("exists", lang, path=out), 1)
    except folder_report.NotAPackError as exc:
        fail(msg("not_a_pack", lang, path=out) if exc.found is None else msg("a_cohort", lang, path=out), 1)
    except folder_report.BadManifestError as exc:
        fail(msg("bad_manifest", lang, path=exc.path, why=exc.why), 1)
    except folder_report.NotAFolderError as exc:
        fail(msg("not_a_folder", lang, path=exc.path), 2)
    except InputError as exc:
        fail(str(exc), 2)
    except OSError as exc:
        fail(msg("cannot_update" if updating else "cannot_write", lang, path=out, why=os_reason(exc, lang)), 2)


def check_save_answers(path: Optional[Path], force: bool, lang: str) -> None:
    """--save-answers is checked before anything is asked: a folder (or a path below a file)
    is exit 2, an existing file without --force exit 1."""
    if path is None:
        return
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg

    import errno

    if path.is_dir():
        fail(msg("answers_not_file", lang, path=path, why=os_reason(OSError(errno.EISDIR, ""), lang)), 2)
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            fail(msg("answers_not_file", lang, path=path, why=os_reason(OSError(errno.ENOTDIR, ""), lang)), 2)
    if path.exists() and not force:
        fail(msg("answers_exist", lang, path=path), 1)


def write_answers(path: Path, answers: dict, lang: str, learning=None, host_option: Optional[str] = None) -> None:
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg

    try:
        answers_mod.save(path, answers, lang, learning, host_option)
    except OSError as exc:
        fail(msg("cannot_write", lang, path=path, why=os_reason(exc, lang)), 2)
