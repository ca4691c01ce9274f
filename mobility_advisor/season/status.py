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
  calls for is learning.py's knowledge (`missing_results`), not repeated here.

Pure but for reading the files: the command line prints what `read_all` returns.
Nothing here imports the rules, Jinja or the engine: reading 1,000 packs costs the JSON,
the checklists and, for the packs that have ended, checking their recorded results.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.core.controls import visible
from mobility_advisor.i18n.catalogues import Message, NC_, NP_, N_, messages

CHECKLIST = "checklist.md"
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


# --- Ticks ---------------------------------------------------------------------------

_TASK = re.compile(r"^\s{0,3}[-*+]\s+\[([ xX])\]\s+(.*)$")
# the pack's own mark is the first source reference's title: [[3]](#sources "rule.id")
_ID_MARKS = re.compile(r"<!--\s*(?:id:\s*)?([\w.:-]+)\s*-->|\{#([\w.:-]+)\}|\bid=\"([\w.:-]+)\"|"
                       r"\(#sources \"([\w.:-]+)\"\)")
_ESCAPE = re.compile(r"\\(.)")
_SPACES = re.compile(r"\s+")
_KEY = 12  # the first characters of a text: a quick index before the full comparison


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """A checklist line's text as typed in the rules: Markdown escapes undone, spaces single.
    Cached: the packs of a season share their rule texts."""
    return _SPACES.sub(" ", _ESCAPE.sub(r"\1", text)).strip()


class Matcher:
    """Finds which item a checklist line stands for: by the rule id on the line, else by text."""

    def __init__(self, items: list[dict[str, Any]]):
        self.ids = {i["id"] for i in items}
        self.by_key: dict[str, list[tuple[str, str]]] = {}
        for i in items:
            text = plain(i["text"])
            self.by_key.setdefault(text[:_KEY], []).append((text, i["id"]))

    def match(self, line_text: str) -> str | None:
        for m in _ID_MARKS.finditer(line_text):
            token = next(g for g in m.groups() if g)
            for candidate in (token, token.rsplit(":", 1)[-1]):
                if candidate in self.ids:
                    return candidate
        text = plain(_ID_MARKS.sub("", line_text))
        for full, iid in self.by_key.get(text[:_KEY], ()):
            if text.startswith(full):
                return iid
        return None


def task_lines(text: str) -> Iterable[tuple[int, bool, str]]:
    """(line index, ticked, text after the box) for every task-list line of a Markdown text."""
    for n, line in enumerate(text.split("\n")):
        if "[" not in line:
            continue
        m = _TASK.match(line)
        if m:
            yield n, m.group(1) != " ", m.group(2)


def ticked(items: list[dict[str, Any]], checklist: str) -> set[str]:
    """The ids of the items whose box is ticked in this checklist text."""
    matcher = None
    done: set[str] = set()
    for _, tick, text in task_lines(checklist):
        if tick:
            matcher = matcher or Matcher(items)
            iid = matcher.match(text)
            if iid:
                done.add(iid)
    return done


CHECKLIST_MAX_BYTES = 16 * 1024 * 1024  # the tool writes about 30 kB; a referent's notes may add some


def read_checklist(folder: Path) -> str:
    """The pack's checklist.md ('' when it is gone or unreadable: nothing counts as done). Only a
    regular file is read, and no more than CHECKLIST_MAX_BYTES: a link to /dev/zero or a FIFO in
    its place neither fills the memory nor hangs `status`."""
    try:
        fd = os.open(folder / CHECKLIST, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return ""
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > CHECKLIST_MAX_BYTES:
            return ""
        raw = os.read(fd, st.st_size + 1)  # a regular file: read whole by one call (and a byte more if it grew)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return "" if len(raw) > CHECKLIST_MAX_BYTES else raw.decode("utf-8", errors="replace")


# --- Where a mobility stands ---------------------------------------------------------


def _date(value: Any) -> date | None:
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
    due = _date(item.get("due"))
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
    from mobility_advisor.engine import learning

    answers = answers_doc.get("answers") if isinstance(answers_doc.get("answers"), dict) else {}
    outcomes = learning.parse_outcomes(answers_doc.get("outcomes"))
    results = learning.parse_results(answers_doc.get("results"), outcomes, answers)
    out = []
    for key in learning.missing_results(results, outcomes, answers):
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
    start, end = _date(answers.get("mobility.start")), _date(answers.get("mobility.end"))
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
        due = _date(i.get("due"))
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


def read_all(paths: list[Path], today: date, lang: str) -> tuple[list[Mobility], list[Unread]]:
    """Every mobility found under `paths`, and the folders that could not be read."""
    unread: list[Unread] = []
    return list(each(paths, today, lang, unread)), unread


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


@lru_cache(maxsize=1)
def _rules() -> Any:
    from mobility_advisor.rules.loader import load_tree

    return load_tree()


def in_language(answers_doc: dict[str, Any], items: list[dict[str, Any]], lang: str,
                today: date) -> list[dict[str, Any]]:
    """A pack's items with their words in `lang` (a French referent reading an English pack): the
    advice worked out again from the pack's answers, matched by id; dates, kinds and files stay the
    record's. Only packs in another language pay for the rules and the engine. When the answers no
    longer walk the rules (a hand-edited record, rules since changed), the record's words are kept."""
    from mobility_advisor.engine.engine import outcomes
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.rules.problems import InputError, RuleError

    raw = answers_doc.get("answers")
    if not isinstance(raw, dict):
        return items
    try:
        tree = _rules()
        result = outcomes(tree, answers_mod.resolve(tree, raw, lang=lang), today)
    except (InputError, RuleError, ValueError, TypeError, KeyError):
        return items
    words = {r["id"]: r for r in manifest_mod.item_records(result, lang)}
    out = []
    for i in items:
        w = words.get(i["id"])
        if w is None:
            out.append(i)
            continue
        i = {**i, "text": w["text"]}
        if "title" in i and "title" in w:
            i["title"] = w["title"]
        out.append(i)
    return out


# --- Output --------------------------------------------------------------------------


def _when(a: Action) -> str:
    return f"{a.due} " if a.due else ""


def _json_row(m: Mobility) -> dict[str, Any]:
    d = dict(m.__dict__)
    del d["dated"]
    for key in ("next", "overdue", "to_sign", "results_missing"):
        d[key] = [dict(a.__dict__) for a in d[key]]
    d["signatures"] = [dict(s.__dict__) for s in m.signatures]
    return d


def write_json(mobilities: Iterable[Mobility], today: date, out: TextIO) -> None:
    """One JSON document, one line, written mobility by mobility (the C encoder for each)."""
    out.write(json.dumps({"today": today.isoformat(), "mobilities": []}, ensure_ascii=False)[:-2])
    for n, m in enumerate(mobilities):
        out.write(("" if n == 0 else ", ") + json.dumps(_json_row(m), ensure_ascii=False))
    out.write("]}\n")


def to_json(mobilities: list[Mobility], today: date) -> str:
    buf = io.StringIO()
    write_json(mobilities, today, buf)
    return buf.getvalue()


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


COLUMNS = ("col_pack", "col_learner", "col_start", "col_end", "col_phase", "col_done", "col_next", "col_overdue",
           "col_sign", "col_results", "col_signatures")


def table_rows(mobilities: list[Mobility], lang: str) -> list[list[str]]:
    """One row per mobility, in COLUMNS' order: what the CSV and the workbook hold."""
    def join(actions: list[Action]) -> str:
        return " | ".join(f"{_when(a)}{a.text}".strip() for a in actions)

    return [[m.path, m.learner, m.start or "", m.end or "", msg(f"phase_{m.phase}", lang), f"{m.done}/{m.total}",
             join(m.next), join(m.overdue), join(m.to_sign), join(m.results_missing),
             " | ".join(signatures_missing(m, lang))] for m in mobilities]


def to_csv(mobilities: list[Mobility], lang: str) -> str:
    buf = io.StringIO()
    write_csv(mobilities, lang, buf)
    return buf.getvalue()


def write_csv(mobilities: Iterable[Mobility], lang: str, buf: TextIO) -> None:
    """`;`-separated with a header in `lang` (spreadsheet software set to French reads it as is)."""
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([msg(k, lang) for k in COLUMNS])
    for m in mobilities:  # row by row: a cohort of 10,000 learners is written as it is read
        w.writerow([_cell(c) for c in table_rows([m], lang)[0]])


def to_xlsx(mobilities: list[Mobility], today: date, lang: str) -> bytes:
    """The CSV's table as a workbook: dates as date cells, every text a text (never a formula)."""
    from mobility_advisor.formats.spreadsheets import xlsx

    rows = table_rows(mobilities, lang)
    for row in rows:
        row[2], row[3] = _date(row[2]) or "", _date(row[3]) or ""
    return xlsx(msg("sheet_title", lang), [msg(k, lang) for k in COLUMNS], rows, today)


def short(text: str, limit: int = 70) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[:limit - 1].rsplit(" ", 1)[0] + "…"


def to_text(mobilities: list[Mobility], today: date, lang: str) -> str:
    buf = io.StringIO()
    write_text(mobilities, today, lang, buf)
    return buf.getvalue()


def write_text(mobilities: Iterable[Mobility], today: date, lang: str, out: TextIO) -> None:
    """Plain text, one block per mobility: for pipes, files and e-mails (nothing when there is none)."""
    for n, m in enumerate(mobilities):
        lines = [msg("title", lang, today=today.isoformat()), ""] if n == 0 else [""]
        dates = f"{m.start or '?'} → {m.end or '?'}"
        lines.append(f"{m.learner or msg('no_name', lang)} · {dates} · {msg(f'phase_{m.phase}', lang)} · "
                     f"{msg('done_count', lang, done=m.done, total=m.total)} · {m.path}")
        for key, actions in (("col_overdue", m.overdue), ("col_next", m.next), ("col_sign", m.to_sign),
                             ("col_results", m.results_missing)):
            for a in actions:
                lines.append(f"  {msg(key, lang)}{msg('sep', lang)}{_when(a)}{short(a.text)}")
        for line in signatures_missing(m, lang):
            lines.append(f"  {msg('col_signatures', lang)}{msg('sep', lang)}{line}")
        out.write("\n".join(lines) + "\n")


def rich_table(mobilities: list[Mobility], today: date, lang: str):
    """A rich Table for a terminal: one row per mobility, late actions in red."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=msg("title", lang, today=today.isoformat()), show_lines=True)
    for key in ("col_learner", "col_dates", "col_phase", "col_overdue", "col_next", "col_sign", "col_results",
                "col_signatures"):
        table.add_column(msg(key, lang), overflow="fold")

    def cell(actions: list[Action], style: str = "") -> Text:
        return Text("\n".join(f"{_when(a)}{short(a.text, 50)}" for a in actions), style=style)

    for m in mobilities:
        table.add_row(Text(f"{m.learner or msg('no_name', lang)}\n{m.path}"),
                      f"{m.start or '?'}\n{m.end or '?'}",
                      f"{msg(f'phase_{m.phase}', lang)}\n{msg('done_count', lang, done=m.done, total=m.total)}",
                      cell(m.overdue, "red"), cell(m.next), cell(m.to_sign), cell(m.results_missing, "yellow"),
                      Text("\n".join(signatures_missing(m, lang)), style="magenta"))
    return table


def calendar(mobilities: list[Mobility], today: date, lang: str) -> str:
    """One calendar for every mobility found: each stay as one multi-day event, and one event per
    day listing that day's actions not yet done, of every learner, with one reminder at 9:00
    (not one alarm per action). Written with ics.py's escaping and folding."""
    from mobility_advisor.formats import ics
    from mobility_advisor.i18n.localize import typography

    def text(value: str) -> str:  # French no-break spaces, as in the packs' calendars
        return ics.escape_text(typography(value, lang))

    stamp = f"{today:%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mobility-advisor//status//" + lang.upper(),
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + text(msg("ics_calname", lang))]

    def event(summary: str, first: date, last: date, uid: str, description: str, alarm: bool) -> None:
        lines.extend(["BEGIN:VEVENT", "SUMMARY:" + text(summary), f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}", "DTSTAMP:" + stamp,
                      "UID:" + ics.escape_text(uid), "DESCRIPTION:" + text(description),
                      "TRANSP:TRANSPARENT"])
        if alarm:
            lines.extend(["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + text(summary),
                          "TRIGGER;RELATED=START:PT9H", "END:VALARM"])
        lines.append("END:VEVENT")

    days: dict[date, list[str]] = {}
    for m in mobilities:
        start, end = _date(m.start), _date(m.end)
        if start is None:
            continue
        who = m.learner or msg("no_name", lang)
        where = msg("ics_where", lang, host=m.host) if m.host else ""
        event(msg("ics_stay", lang, who=who, where=where), start, end or start,
              ics.uid(m.learner, start, "mobility.stay", start), msg("ics_pack", lang, path=m.path), False)
        for a in m.dated:
            day = ics.event_date(date.fromisoformat(a.due), a.relation or "on")
            days.setdefault(day, []).append(f"{who}{msg('sep', lang)}{ics.short(a.text)} ({m.path})")
    for day in sorted(days):
        actions = days[day]
        summary = msg("ics_day", lang, n=len(actions), first=actions[0].split(" (")[0])
        event(summary, day, day, ics.uid("status", day, "day", day), "\n".join(actions), True)
    lines.append("END:VCALENDAR")
    return "".join(ics.fold(line) + "\r\n" for line in lines)
