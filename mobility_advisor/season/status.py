"""Reading packs back: where each mobility stands today, for `mobility-advisor status`.

    mobility-advisor status [PATH…] [--format text|json|csv] [--ics FILE]

A PATH is a pack folder, a cohort folder, or any folder holding them (searched a few
levels down). Each pack's manifest (see `manifest`, format 2) gives its learner, dates
and advice (every item with its kind, phase and due date); its `checklist.md` gives what
is done: a box ticked the GitHub way (`- [x]`) counts as done. A ticked line is matched
to its item by the rule id written on the line when there is one (an HTML comment
`<!-- id -->`, an anchor `{#id}` or `id="…"`), else by the item's text at the start of
the line, so a referent's own notes after the text do not matter.

For each mobility, as of today (or the day given with `--on`; MOBILITY_ADVISOR_TODAY in tests):
- phase: before the start, during the stay, after the end, or done (ended, every
  action ticked and every result recorded);
- overdue: actions not ticked whose date has passed ("before D" is late from D on, "on
  D" from the next day; "after D" opens on D and is never late, it is due);
- next: the actions not ticked that open or fall due in the next two weeks (at least the
  next dated one); once the stay has ended, every AFTER action not ticked (they are due now);
- to sign: the pack's documents with a signature table (`signatures.SIGNERS`) not ticked: the
  host brief and the positioning sheet are read or filled in, not signed;
- signatures: per document with a signature table, each signatory it needs and any other one
  recorded with `mobility-advisor signed` (see `signatures`): signed when, missing, or refused
  (until a new version is signed); late when the learning agreement is not signed by all on the
  first day, or the complement a week after the last day. A missing one of those two is also a
  dated action of the calendar (`--ics`);
- results missing: once the stay has ended, the results the mobility calls for that its
  answers document (the manifest's copy, `results:`) does not record yet: the date of the
  assessment, one result per learning outcome listed, and the chosen route's (the MEN unit's
  mark and the diploma, the BTM and its points, the qBID validation). Which results a route
  calls for is results.py's knowledge (`missing_results`), not repeated here.

Pure but for reading the files: the command line prints what `each` yields, through
`status_report` (JSON, CSV, workbook, text, a terminal's table, calendar); `ticks` reads the checklists.
Nothing here imports the rules, Jinja or the engine: reading 1,000 packs costs the JSON,
the checklists and, for the packs that have ended, checking their recorded results.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable, Iterator

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.core.controls import visible
from mobility_advisor.i18n.catalogues import Message, NC_, NP_, N_, messages
from mobility_advisor.season.item_words import in_language
from mobility_advisor.season.ticks import read_checklist, ticked

WINDOW = timedelta(days=14)  # "next": what opens or falls due within two weeks
MAX_DEPTH = 4  # folders of packs are searched this many levels down
TICKABLE = ("step", "document", "caveat")
PHASES = ("before", "during", "after", "done")

MESSAGES: dict[str, Message] = {
    "no_path": N_("{path}: no such file or folder"),
    "bad_on": N_("--on: expected a date YYYY-MM-DD, not '{value}'"),
    "none_found": N_("no mobility pack found in: {paths}"),
    "corrupt": N_("{path}: the pack's record file cannot be read ({why}): this pack is left out. If you "
                  "edited it, restore it from a backup, or make the pack again with `mobility-advisor "
                  "render`."),
    "older": N_("{path}: pack written by an older version of mobility-advisor ({version}), which did not "
                "record its actions: run `mobility-advisor update {path}` to bring it up to date (your "
                "ticks and files are kept)."),
    "unreadable": N_("{path}: cannot be read ({why}): this pack is left out"),
    "phase_before": NC_("status.phase_before", "before"),
    "phase_during": N_("during"),
    "phase_after": NC_("status.phase_after", "after"),
    "phase_done": N_("done"),
    "col_pack": N_("Pack"),
    "col_learner": N_("Learner"),
    "col_dates": N_("Dates"),
    "col_start": N_("Start"),
    "col_end": N_("End"),
    "col_phase": NC_("status.col_phase", "Phase"),
    "col_done": N_("Done"),
    "col_next": N_("Next"),
    "col_overdue": N_("Overdue"),
    "col_sign": N_("To sign"),
    "col_results": N_("Results missing"),
    "col_signatures": N_("Signatures missing"),
    "sig_missing": N_("{document}: {role}"),
    "sig_late": N_("{document}: {role} (late)"),
    "sig_refused": N_("{document}: {role} refused on {day} ({reason})"),
    "sig_action": N_("{document}: signature missing ({role})"),
    "sig_changed": N_("{document}: {role}, changed after the digital signature of {day}"),
    "title": N_("Where the mobilities stand on {today}"),
    "no_name": N_("(no name)"),
    "done_count": N_("{done}/{total} done"),
    "sep": N_(": "),
    "nothing": N_("nothing"),
    "sheet_title": N_("Mobilities"),
    "xlsx_written": NP_("Table of {n} mobility written to: {path}",
                        "Table of {n} mobilities written to: {path}"),
    "ics_written": NP_("Calendar of {n} mobility written to: {path}",
                       "Calendar of {n} mobilities written to: {path}"),
    "ics_stay": N_("Mobility of {who}{where}"),
    "ics_where": N_(" at {host}"),
    "ics_calname": N_("Mobilities (mobility-advisor)"),
    "ics_day": NP_("{n} action: {first}",
                   "{n} actions: {first}"),
    "ics_pack": N_("Pack: {path}"),
    # a result still to record: its words, then its key in `results:` (what `mobility-advisor record` fills in)
    "res_assessed_on": N_("date of the assessment (assessed_on)"),
    "res_outcome": N_("result of outcome {ref}: {text} (outcomes)"),
    "res_men.mark": N_("mark for the optional mobility unit, out of 20 (men.mark)"),
    "res_diploma_passed": N_("qualification result (diploma_passed)"),
    "res_btm.passed": N_("BTM result (btm.passed)"),
    "res_btm.points": N_("extra points for the mobility, at most 3 (btm.points)"),
    "res_qbid.validated": N_("validation of the assessment in qBID by the Catalan school tutor (qbid.validated)"),
}

msg = messages(MESSAGES)


@dataclass
class Action:
    """One item of a pack, as status lists it."""

    id: str
    kind: str
    text: str
    due: str | None = None  # ISO date
    relation: str | None = None
    file: str | None = None


@dataclass
class Mobility:
    """Where one mobility stands."""

    path: str  # the pack folder, as given or found
    learner: str
    start: str | None
    end: str | None
    phase: str
    lang: str
    done: int
    total: int
    host: str = ""
    next: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    to_sign: list[Action] = field(default_factory=list)
    results_missing: list[Action] = field(default_factory=list)
    signatures: list[Any] = field(default_factory=list)  # signatures.Signature, one per document and signatory
    dated: list[Action] = field(default_factory=list)  # the dated actions not done, for --ics (not in the JSON)


@dataclass
class Unread:
    """A folder that could not be read, and why, in the user's language."""

    path: str
    message: str


# --- Finding packs -------------------------------------------------------------------


def find(paths: Iterable[Path]) -> Iterable[tuple[Path, manifest_mod.Manifest | Exception]]:
    """Every pack or cohort folder at or below each path: (folder, its manifest or the error reading it)."""
    for root in paths:
        yield from _walk(Path(root), 0)


def _walk(folder: Path, depth: int) -> Iterable[tuple[Path, manifest_mod.Manifest | Exception]]:
    if (folder / manifest_mod.FILE_NAME).exists() or (folder / manifest_mod.FILE_NAME).is_symlink():
        try:
            yield folder, manifest_mod.read(folder)
        except manifest_mod.ManifestError as exc:
            yield folder, exc
        return
    if depth >= MAX_DEPTH:
        return
    try:
        entries = sorted(e.name for e in os.scandir(folder) if not e.name.startswith(".") and e.is_dir())
    except OSError:
        return
    for name in entries:
        yield from _walk(folder / name, depth + 1)





def short(text: str, limit: int = 70) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[:limit - 1].rsplit(" ", 1)[0] + "…"


# --- Where a mobility stands ---------------------------------------------------------


def iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _action(i: dict[str, Any]) -> Action:
    text, iid, due = str(i.get("title") or i["text"]), i["id"], i.get("due")
    if not (text.isprintable() and iid.isprintable() and (due is None or due.isprintable())):
        # a hand-edited record: its control characters shown as U+001B, never run by the terminal
        text, iid, due = visible(text), visible(iid), visible(due) if due is not None else None
    return Action(iid, i["kind"], text, due, i.get("relation"), i.get("file"))


def overdue(item: dict[str, Any], today: date) -> bool:
    """Whether an item not done is late (see the module docstring)."""
    due = iso_date(item.get("due"))
    if due is None:
        return False
    relation = item.get("relation")
    if relation == "before":
        return today >= due
    if relation == "on":
        return today > due
    return False


def results_missing(answers_doc: dict[str, Any], lang: str) -> list[Action]:
    """The results this mobility still awaits, read from its answers document (`outcomes:`,
    `results:`), in `lang`. Raises learning.LearningError when the record holds results that do not
    check (a hand-edited manifest)."""
    from mobility_advisor.engine import learning, results as results_mod

    answers = answers_doc.get("answers") if isinstance(answers_doc.get("answers"), dict) else {}
    outcomes = learning.parse_outcomes(answers_doc.get("outcomes"))
    results = results_mod.parse_results(answers_doc.get("results"), outcomes, answers)
    out = []
    for key in results_mod.missing_results(results, outcomes, answers):
        if key.startswith("outcome:"):
            i = int(key[len("outcome:"):])
            ref = outcomes[i].reference or str(i + 1)
            out.append(Action(f"outcomes.{ref}", "result", msg("res_outcome", lang, ref=ref,
                                                                text=short(outcomes[i].text_in(lang), 60))))
        else:
            out.append(Action(key, "result", msg(f"res_{key}", lang)))
    return out


def assess(path: str, answers_doc: dict[str, Any], items: list[dict[str, Any]], lang: str, done_ids: set[str],
           today: date, signed: list[dict[str, Any]] | None = None) -> Mobility:
    """Where one mobility stands, from its answers document, its items and the ids ticked.
    Raises learning.LearningError for recorded results that do not check."""
    answers = answers_doc.get("answers") if isinstance(answers_doc.get("answers"), dict) else {}
    start, end = iso_date(answers.get("mobility.start")), iso_date(answers.get("mobility.end"))
    tickable = [i for i in items if i["kind"] in TICKABLE]
    open_items = [i for i in tickable if i["id"] not in done_ids]
    ended = end is not None and today > end
    missing = results_missing(answers_doc, lang) if ended else []
    if start is None or today < start:
        phase = "before"
    elif not ended:
        phase = "during"
    else:
        phase = "done" if not open_items and not missing else "after"
    mob = Mobility(path=visible(path), learner=visible(str(answers.get("learner.name") or "")),
                   start=start and start.isoformat(), end=end and end.isoformat(), phase=phase, lang=lang,
                   done=len(tickable) - len(open_items), total=len(tickable),
                   host=visible(str(answers.get("org.host_company") or "")), results_missing=missing)
    horizon = today + WINDOW
    upcoming: list[tuple[date, dict[str, Any]]] = []
    after: list[Action] = []
    from mobility_advisor.season.signatures import SIGNERS

    for i in open_items:
        # only a document with a signature table is "to sign" (the host brief is read, not signed)
        if i["kind"] == "document" and (i.get("file") or "").rsplit(".", 1)[0] in SIGNERS:
            mob.to_sign.append(_action(i))
        if ended and i.get("phase") == "after":  # the stay is over: what comes after is due now, never late
            after.append(_action(i))
            continue
        if overdue(i, today):
            mob.overdue.append(_action(i))
            continue
        due = iso_date(i.get("due"))
        if due is not None:
            upcoming.append((due, i))
    # documents to sign by date (undated ones last), as the referent will take them up
    mob.to_sign.sort(key=lambda a: (a.due is None, a.due or "", a.text))
    upcoming.sort(key=lambda t: t[0])
    for n, (due, i) in enumerate(upcoming):
        if due <= horizon or n == 0:
            mob.next.append(_action(i))
    mob.next += after
    mob.overdue.sort(key=lambda a: a.due or "")
    mob.dated = [_action(i) for i in open_items if i.get("due")]
    _signatures(mob, items, answers, signed or [], lang, today)
    return mob


def _signatures(mob: Mobility, items: list[dict[str, Any]], answers: dict[str, Any], signed: list[dict[str, Any]],
                lang: str, today: date) -> None:
    """Who has signed each document, who is missing; the learning agreement's and the complement's
    missing signatories dated in the calendar (before the first day; a week after the last)."""
    from mobility_advisor.season import signatures as sig

    mob.signatures = sig.standing(signed, sig.pack_documents(items), answers, today)
    deadline = {"learning_agreement": (mob.start, "before"),
                "learning_agreement_complement": (
                    mob.end and (date.fromisoformat(mob.end) + sig.COMPLEMENT_GRACE).isoformat(), "on")}
    titles = document_titles(items)
    for s in mob.signatures:
        due, relation = deadline.get(s.document, (None, None))
        if s.signed_on is None and due:
            mob.dated.append(Action(f"signature.{s.document}.{s.role}", "signature",
                                    msg("sig_action", lang, role=sig.role_label(s.role, lang),
                                        document=titles.get(s.document, s.document)), due, relation))


def document_titles(items: list[dict[str, Any]]) -> dict[str, str]:
    """{document stem: its title} from a pack's items."""
    return {(i.get("file") or "").rsplit(".", 1)[0]: i.get("title") or i["text"] for i in items if i.get("file")}


def signatures_missing(m: Mobility, lang: str) -> list[str]:
    """The signatures still missing or refused (or digital ones after which the document changed),
    one line each, in `lang`."""
    from mobility_advisor.season import signatures as sig

    out = []
    for s in m.signatures:
        if s.signed_on is not None and not s.changed:
            continue
        doc, role = s.document, sig.role_label(s.role, lang)  # the name `signed` takes
        if s.signed_on is not None:
            out.append(msg("sig_changed", lang, document=doc, role=role, day=s.signed_on))
        elif s.refused is not None:
            out.append(msg("sig_refused", lang, document=doc, role=role, day=s.refused_on or "?", reason=s.refused))
        else:
            out.append(msg("sig_late" if s.late else "sig_missing", lang, document=doc, role=role))
    return out


def each(paths: list[Path], today: date, lang: str, unread: list[Unread]) -> Iterator[Mobility]:
    """Every mobility found under `paths`, one at a time (a cohort of 10,000 learners is read in
    the memory of one); the folders that could not be read are added to `unread`."""
    for folder, found in find(paths):
        shown = visible(str(folder))  # a folder's name is shown, never run by the terminal
        if isinstance(found, manifest_mod.ManifestError):
            unread.append(Unread(shown, msg("corrupt", lang, path=shown, why=found.why)))
            continue
        if isinstance(found, Exception) or found is None:
            continue
        m = found
        if m.kind == "cohort":
            if m.packs is None:
                unread.append(Unread(shown, msg("older", lang, path=shown, version=m.version or "?")))
                continue
            for name in sorted(m.packs):
                sub = folder / name
                try:  # each learner's own record (format 3), or its part of the cohort's (format 2)
                    own = manifest_mod.learner(m, folder, name)
                except manifest_mod.ManifestError as exc:
                    unread.append(Unread(str(sub), msg("corrupt", lang, path=str(sub), why=exc.why)))
                    continue
                if own is None or own.items is None:
                    gone = not sub.is_dir()  # the learner's folder removed, its record with it
                    unread.append(Unread(str(sub), msg("no_path", lang, path=str(sub)) if gone else
                                         msg("corrupt", lang, path=str(sub), why=manifest_mod.FILE_NAME)))
                    continue
                done = ticked(own.items, read_checklist(sub))
                yield from _one(unread, str(sub), own.answers, own.items, own.lang, done, today, lang,
                                own.signatures)
            continue
        if m.items is None:
            unread.append(Unread(shown, msg("older", lang, path=shown, version=m.version or "?")))
            continue
        done = ticked(m.items, read_checklist(folder))
        yield from _one(unread, shown, m.answers, m.items, m.lang, done, today, lang, m.signatures)


def _one(unread: list[Unread], shown: str, answers_doc: dict[str, Any], items: list[dict[str, Any]],
         pack_lang: str, done: set[str], today: date, lang: str,
         signed: list[dict[str, Any]] | None = None) -> Iterator[Mobility]:
    """One more mobility, or, when its recorded results do not check (an edited record), why it is left out."""
    from mobility_advisor.engine.learning import LearningError

    if pack_lang != lang:
        items = in_language(answers_doc, items, lang, today)
    try:
        yield assess(shown, answers_doc, items, lang, done, today, signed)
    except LearningError as exc:
        unread.append(Unread(shown, msg("corrupt", lang, path=shown, why=exc.message(lang))))
