"""The words of `cohort`: its messages, its summary's headings (the gettext table)."""

from __future__ import annotations

from mobility_advisor.i18n.catalogues import Message, NC_, NP_, N_, messages

MESSAGES: dict[str, Message] = {
    "no_file": N_("{file}: no such file"),
    "unreadable": N_("{file}: cannot read the file ({why})"),
    "too_big": N_("{file}: the file is larger than {mib} MiB"),
    "empty_file": N_("{file}: the file is empty (the first line must give the question ids)"),
    "bad_csv": N_("{file}:{line}: unreadable CSV: {why}"),
    "unknown_columns": NP_("{where}: unknown column: {cols}. Headers are question ids (e.g. learner.name, "
                           "mobility.start, org.host_company, tutor.name)",
                           "{where}: unknown columns: {cols}. Headers are question ids (e.g. learner.name, "
                           "mobility.start, org.host_company, tutor.name)"),
    "duplicate_columns": NP_("{where}: duplicate column: {cols}",
                             "{where}: duplicate columns: {cols}"),
    "no_name_column": N_("{where}: the learner.name column is missing (one learner per line)"),
    "no_rows": N_("{file}: no learner after the header line"),
    "unknown_common": NP_("{file}: unknown question id: {ids}",
                          "{file}: unknown question ids: {ids}"),
    "cell_count": NP_("{n} value for {cols}: check the separator and the quotes",
                      "{n} values for {cols}: check the separator and the quotes", cols="cell_count_cols"),
    "cell_count_cols": NP_("{cols} column",
                           "{cols} columns", "cols"),
    "unnamed_column": N_("a value in a column without a header: '{value}'"),
    "origin": N_(" (common answer, {file})"),
    "duplicate": N_("duplicate learner '{name}' (lines {lines})"),
    "exists": N_("{path} already exists and is not empty: nothing was written. Add --force to update a "
                 "previous cohort (your own files are kept), or choose another folder with -o."),
    "not_cohort": N_("{path} is not empty and is not a cohort folder written by mobility-advisor (no "
                     ".mobility-advisor.json file), so --force will not replace it. Choose another folder with "
                     "-o."),
    "not_dir": N_("{path} exists and is not a folder"),
    "bad_rows": NP_("{n} bad row in {file}:",
                    "{n} bad rows in {file}:"),
    "nothing_written": N_("Nothing was written. Fix these rows, or add --keep-going to write the other packs."),
    "none_good": N_("No valid row: nothing was written."),
    "checking": N_("Checking the learners"),
    "writing": N_("Writing the packs"),
    "written": NP_("{n} pack written to {path}",
                   "{n} packs written to {path}"),
    "summary_at": N_("Summary: {md} (spreadsheet: {csv})"),
    "skipped": NP_("{n} bad row, listed above and in the summary.",
                   "{n} bad rows, listed above and in the summary."),
    "cannot_write": N_("cannot write {path}: {why}. Nothing was written."),
    "render_failed": N_("{file}:{line}: the pack could not be written: {why}. Nothing was written."),
    # summary
    "title": N_("Cohort summary"),
    "intro": N_("Learners: {learners} · common answers: {common} · made on {today}."),
    "counts": NP_("{n} pack written, {bad}.",
                  "{n} packs written, {bad}.", bad="counts_bad"),
    "counts_bad": NP_("{bad} bad row",
                      "{bad} bad rows", "bad"),
    "col_line": N_("Line"),
    "col_learner": N_("Learner"),
    "col_folder": N_("Pack"),
    "col_route": N_("Route"),
    "col_start": N_("Start"),
    "col_end": N_("End"),
    "col_docs": N_("Documents"),
    "col_warnings": NC_("cohort.col_warnings", "Points to check"),
    "col_detail": N_("Detail"),
    "col_status": N_("Status"),
    "status_ok": N_("pack written"),
    "status_bad": N_("bad row"),
    "renamed": N_("folder renamed {folder} (same name as another pack)"),
    "warnings_title": NC_("cohort.warnings_title", "Points to check"),
    "warnings_intro": N_("Each point is detailed in the learner's pack, in index.md."),
    "warning_who": NP_("{n} learner, line {lines}",
                       "{n} learners, lines {lines}"),
    "bad_title": N_("Bad rows (no pack written)"),
    "line": N_("line {line}"),
}

msg = messages(MESSAGES)
