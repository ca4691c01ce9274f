"""The tool's own words shared by several commands (not the advice, which lives in rules/).

Each message is marked in English (the gettext msgid); its translations live in the
catalogues `locale/<lang>/LC_MESSAGES/messages.po` (see catalogues.py, docs/translating.md).
"""

from __future__ import annotations

import os

from mobility_advisor.i18n.catalogues import Message, N_, NP_, messages
from mobility_advisor.i18n.langs import LANGS

MESSAGES: dict[str, Message] = {
    "welcome_title": N_("mobility-advisor: decision aid"),
    "welcome": N_("I will ask a few questions about the mobility, then write a ready-to-use pack: a BEFORE / "
                  "DURING / AFTER checklist and the documents your route needs, filled with your answers.\nIn "
                  "lists, choose \"← Back\" to return to the previous question and \"? Help\" for an "
                  "explanation; in text fields, type < to go back and ? for help. Ctrl-C stops without "
                  "losing anything."),
    "back": N_("← Back"),
    "help": N_("? Help"),
    "no_help": N_("No help for this question."),
    "yes": N_("Yes"),
    "no": N_("No"),
    "text_hint": N_("(< back, ? help)"),
    "pick_one": N_("at least one choice"),
    "checkbox_hint": N_("(space to tick, type to filter, Enter to confirm)"),
    "select_hint": N_("(arrows or type to filter, Enter)"),
    "summary_title": N_("Your answers"),
    "question": N_("Question"),
    "answer": N_("Answer"),
    "confirm": N_("What would you like to do?"),
    "write": N_("Write the pack"),
    "change": N_("Change an answer"),
    "which": N_("Which answer do you want to change?"),
    "quit": N_("Quit without writing (answers kept)"),
    "written": N_("Pack written to: {path}"),
    "files": NP_("{n} files, including the checklist and {docs} document.",
                 "{n} files, including the checklist and {docs} documents.", "docs"),
    "caveats_count": NP_("{n} point to check: start with {index}.",
                         "{n} points to check: start with {index}."),
    "interrupted": NP_("Interrupted: no pack written. {n} answer is kept in {path}.\nTo resume: mobility-advisor "
                       "ask --resume",
                       "Interrupted: no pack written. Your {n} answers are kept in {path}.\nTo resume: "
                       "mobility-advisor ask --resume"),
    "resumed": NP_("Resuming with {n} answer already given.",
                   "Resuming with {n} answers already given."),
    "no_resume": N_("No interrupted session to resume ({path})."),
    "record_no_tty": N_("No interactive terminal. Without one, write the results by hand in the 'results:' part of "
                        "{path} (see \"Learning outcomes and results\" in the README), then run mobility-advisor "
                        "render --answers {path} again."),
    "no_tty": N_("No interactive terminal. Without one, give an answers file: mobility-advisor ask "
                 "--answers ANSWERS.yaml (see --save-answers to create one)."),
    "saved_answers": N_("Answers saved to: {path}"),
    "exists": N_("{path} already exists and is not empty: nothing was written. Add --force to update the "
                 "pack (your own files are kept), or choose another folder with -o."),
    # the pack folder and what --force keeps (packdir, manifest); saved answers and sessions
    "not_a_pack": N_("{path} is not empty and was not written by mobility-advisor (no .mobility-advisor.json "
                     "file): --force will not replace it, so that nothing is lost. Choose another folder with "
                     "-o."),
    "a_cohort": N_("{path} is a cohort folder, not one learner's pack: --force will not replace it. Choose "
                   "another folder with -o."),
    "bad_manifest": N_("{path}: the pack's record file is unreadable or from another tool ({why}): nothing was "
                       "replaced. Choose another folder with -o."),
    "cannot_write": N_("cannot write {path}: {why}. Nothing was written."),
    "cannot_update": N_("cannot finish updating {path}: {why}. Your own files were not touched; run the command "
                        "again once the problem is fixed."),
    "exists_file": N_("{path} already exists: nothing was written. Add --force to replace it."),
    "is_a_folder": N_("{path} is a folder: give a file name with {option}"),
    "kept_edited": N_("Kept as it is: {file} (edited by hand); new version written beside it: {new}"),
    "kept_old": N_("Kept as it is: {file} (edited by hand; the pack no longer needs it)"),
    "kept_link": N_("Left as it is: {file} is a symbolic link: nothing is written or removed through it (what it "
                    "points to is yours)."),
    "kept_yours": NP_("{n} file or folder you added: left as it is.",
                      "{n} files or folders you added: left as they are."),
    "answers_exist": N_("{path} already exists: nothing was asked or written. Add --force to replace it, or give "
                        "--save-answers another file."),
    "answers_not_file": N_("--save-answers {path}: {why}; give a file name"),
    "session_kept": NP_("{n} answer is kept in {path}.\nTo resume: mobility-advisor ask --resume",
                        "Your {n} answers are kept in {path}.\nTo resume: mobility-advisor ask --resume"),
    "sessions_waiting": NP_("{n} unfinished session kept: mobility-advisor ask --resume to go on with it.",
                            "{n} unfinished sessions kept: mobility-advisor ask --resume to go on with one."),
    "choose_session": N_("Which session do you want to resume?"),
    "session_label": NP_("{name} — {n} answer, stopped on {when}",
                         "{name} — {n} answers, stopped on {when}"),
    "no_name": N_("(no learner name yet)"),
    "session_unsaved": N_("Warning: cannot save your answers to {path} ({why}); they will be lost if the session "
                          "stops."),
    # answers files (answers.resolve) and cohort rows
    "resumed_options": N_("Session options resumed: {options}"),
    "stopped": N_("Interrupted: no pack written."),
    "stopped_empty": N_("Interrupted before the first answer: no pack written, no answer given, nothing kept."),
    "nothing_written": N_("No pack written."),
    "answers_unsaved": NP_("Your {n} answer could not be saved to {path} ({why}): it is only here, below, as an "
                           "answers file. Copy it into a file, complete it, then run mobility-advisor ask --answers "
                           "FILE.",
                           "Your {n} answers could not be saved to {path} ({why}): they are only here, below, as an "
                           "answers file. Copy them into a file, complete it, then run mobility-advisor ask --answers "
                           "FILE."),
    "unknown_ids": NP_("unknown question id: {ids}",
                       "unknown question ids: {ids}"),
    "not_answered": N_("question '{id}' is not answered; expected {expected}"),
    "bad_answer": N_("question '{id}'{origin}: {why}"),
    # command-line usage
    "bad_lang": N_("--lang must be one of: {langs}; not {value!r}"),
    "route_or_answers": N_("give either --route ID or --answers FILE (routes: {routes})"),
    "unknown_route": N_("unknown route {value!r}; routes: {routes}"),
    "format_needs_file": N_("--format other than md needs -o FILE"),
    "not_a_folder": N_("{path} exists and is not a folder: choose another output folder with -o"),
    "err_project_code": N_("'{value}' is not an Erasmus+ project code: expected shape YYYY-R-NA00-KA000-FFF-000000000 "
                           "(e.g. {example}), or the older shape 2020-1-FR01-KA202-080445; "
                           "leave it blank if unknown"),
    "markdown_needs_picture": N_("--markdown goes with --format mermaid or dot"),
    "rules_broken": N_("the rule files have errors; run `mobility-advisor validate` for details"),
    # answers refused where they are typed (engine.parse_answer)
    "err_not_a_date": N_("'{value}' is not a date: write it as YYYY-MM-DD (e.g. 2027-03-02) or DD/MM/YYYY, day "
                         "first (02/03/2027 is 2 March)"),
    "err_not_a_day": N_("{value} is not a day of the calendar"),
    "err_expected_text": N_("expected text"),
    "err_control": N_("control characters are not allowed"),
    "err_empty": N_("this answer may not be empty"),
    "err_too_long": N_("at most {max} characters (this one has {n})"),
    "err_after_birth": N_("{value} is not after the learner's date of birth ({other}): check the year"),
    "err_before": N_("{value} is before the start date ({other})"),
    "err_yesno": N_("expected yes or no"),
    "err_one_of": N_("expected one of: {values}"),
    "err_list_of": N_("expected a list with one or more of: {values}"),
    "err_not_among": N_("{bad} not among: {values}"),
    # A2 (#13 items 6-10, #18 wizard): dates, hidden characters, answers-file version, wizard lists
    "err_out_of_range": N_("{value} is outside the accepted dates (years {first} to {last}): check the year"),
    "err_hidden": N_("the invisible character {code} is not allowed (a control or formatting character, such as "
                     "one that reverses the text direction): type the answer again"),
    "start_past": N_("Note: the start date ({value}) is already past; earlier deadlines have gone by."),
    "bad_version": N_("{file}: version {value} is not supported; this version of mobility-advisor reads answers "
                      "files with 'version: 1'"),
    "checkbox_hint_filter": N_("(space to tick, or to type a space while filtering; Tab to tick; type to filter; Enter to "
                               "confirm)"),
    "date_hint": N_("(YYYY-MM-DD or DD/MM/YYYY, day first; < back, ? help)"),
    "date_help": N_("Dates: 2027-03-05 or 05/03/2027 (day first: 5 March 2027)."),
    "done_selected": NP_("{n} chosen: {labels}",
                         "{n} chosen: {labels}"),
    "typed_before": N_("You gave earlier: {value}"),
    "host_lang_question": N_("In which language do the host company and its tutor read and sign their documents?"),
    "quit_kept": NP_("No pack written. {n} answer is kept in {path}.\nTo resume: mobility-advisor ask --resume",
                     "No pack written. Your {n} answers are kept in {path}.\nTo resume: mobility-advisor ask "
                     "--resume"),
}


msg = messages(MESSAGES)


def default_lang() -> str:
    """The user's language from the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE); French otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value[:2].lower() in LANGS:
            return value[:2].lower()
    return "fr"
