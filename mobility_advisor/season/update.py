"""`mobility-advisor update PACK…`: a pack made again with today's rules, keeping the referent's work.

For each pack folder:
1. its manifest gives the answers it was made from (see `manifest`); they are checked
   against the current rules like an answers file (a question the rules now ask, or an
   answer they no longer accept, is said and the pack is left as it is);
2. the pack is rendered again, in the formats it has (a pack with .docx files gets new
   .docx files);
3. the advice is compared with the advice the manifest recorded: items added, removed,
   or reworded, by rule id and text (`changes`);
4. the boxes ticked in the old checklist.md are ticked in the new one, item by item
   (matched by rule id or text, see `status.Matcher`);
5. the files are written by packdir's rules: a file the user edited is kept and the new
   version is written beside it (and said); a file the user added is never touched. A
   checklist.md whose only edits are ticks is not "edited": it is replaced by the new one,
   ticks carried over. With `dry_run` only steps 1-4 happen and nothing is written.

A pack made by a version that did not record its advice (manifest format 1) is updated
too; its changes cannot be listed, and that is said.

A cohort folder is updated as a whole: each learner's pack by the rules above (its answers,
advice and checklist fingerprint are in the learner's own record, or in the cohort's for a
format-2 cohort), then the cohort summary is made again from the learner list's and common
file's names, CSV lines and refused rows the cohort's record kept. Every learner is checked
(and described) before anything is written, keeping nothing of its pack, then made again as
it is staged: memory does not grow with the cohort. If any learner's answers no longer fit
the rules, the whole cohort is left as it is. A cohort written before the manifest kept the
summary's facts is refused with the way out (`cohort --force`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mobility_advisor.pack import manifest as manifest_mod
from mobility_advisor.i18n.catalogues import Message, NP_, N_, messages
from mobility_advisor.rules.model import LANGS
from mobility_advisor.season.ticks import CHECKLIST, Matcher, read_checklist, task_lines, ticked

MESSAGES: dict[str, Message] = {
    "not_a_pack": N_("{path}: not a mobility pack (no .mobility-advisor.json file): skipped"),
    "corrupt": N_("{path}: the pack's record file cannot be read ({why}): pack left as it is"),
    "answers_refused": N_("{path}: the current rules need other answers ({why}). Pack left as it is: complete its "
                          "answers (mobility-advisor ask --resume, or an --answers file), then make it again."),
    "no_path": N_("{path}: no such folder"),
    "changes": NP_("{path}: {n} change in the advice since {made}:",
                   "{path}: {n} changes in the advice since {made}:"),
    "no_change": N_("{path}: no change in the advice since {made}."),
    "unknown_old": N_("{path}: made by version {version}, which did not record its advice: the changes cannot be "
                      "listed."),
    "added": N_("  + Added ({kind}) [{id}]: {text}"),
    "removed": N_("  - Removed ({kind}) [{id}]: {text}"),
    "reworded": N_("  ~ Reworded ({kind}) [{id}]: {text}\n      Was: {old}"),
    "kind_step": N_("step"),
    "kind_document": N_("document"),
    "kind_caveat": N_("point to check"),
    "kind_tip": N_("tip"),
    "ticks": NP_("  {n} ticked box carried over to the new checklist.",
                 "  {n} ticked boxes carried over to the new checklist."),
    "ticks_lost": NP_("  {n} ticked box for steps the pack no longer has.",
                      "  {n} ticked boxes for steps the pack no longer has."),
    "dry_run": N_("  (dry run: nothing was written)"),
    "would_remove": N_("  Will be removed: {file} (the tool's file, unchanged, no longer needed by the pack)"),
    "would_keep": N_("  Will be kept as it is: {file} (edited or added by you, whatever the record file says)"),
    "updated": N_("Pack updated: {path}"),
    "old_cohort": N_("{path}: cohort folder written by version {version}, which did not keep what its summary "
                     "is rebuilt from (the names of the learner list and of the common answers file): make it "
                     "again with `mobility-advisor cohort --force` (your files are kept); folder left as it is"),
    "cohort_refused": NP_("{path}: {n} learner pack cannot be made again: cohort left as it is.",
                          "{path}: {n} learner packs cannot be made again: cohort left as it is."),
    "cohort_plan": NP_("{path}: cohort of {n} learner.",
                       "{path}: cohort of {n} learners."),
    "cohort_updated": NP_("Cohort updated: {path} ({n} pack; summary made again: {summary})",
                          "Cohort updated: {path} ({n} packs; summary made again: {summary})"),
}

msg = messages(MESSAGES)

_BOX = re.compile(r"^(\s{0,3}[-*+]\s+)\[[xX]\]")
_SUFFIX_FORMAT = {".docx": "docx", ".odt": "odt", ".html": "html", ".pdf": "pdf"}


class Refused(Exception):
    """The pack cannot be updated; `code` is the exit status, the message is in the user's language."""

    def __init__(self, message: str, code: int):
        self.code = code
        super().__init__(message)


@dataclass
class Change:
    what: str  # added, removed, reworded
    kind: str
    id: str
    text: str
    old: str = ""


@dataclass
class Plan:
    """What an update of one pack will do (everything but the writing)."""

    folder: Path
    old: manifest_mod.Manifest
    lang: str
    files: dict[str, str | bytes]
    items: list[dict[str, Any]]
    answers: dict[str, Any]
    changes: list[Change] | None  # None: the old advice was not recorded
    carried: int = 0
    lost: int = 0
    ticks_only: bool = False  # the checklist on disk differs from the tool's only by ticks
    unticked: str = ""  # sha256 of the new checklist without its ticks
    learning: Any = None  # learning.LearningRecord: the pack's learning outcomes and results, kept
    result: Any = None  # the engine's Result for the new pack (a cohort's summary reads it)
    formats: tuple[str, ...] = ("md",)  # the formats the pack was written in, made again
    host_option: str | None = None  # --host-lang as the pack was made with it (None: from the destination)
    referent: dict[str, str] | None = None  # the referent's contact the pack was made with (profile)


@dataclass
class CohortPlan:
    """What an update of a cohort folder will do: every learner's pack checked and described,
    then the summary. The learners' plans are not kept (a cohort may have 10,000 learners):
    `write` makes each one again from its record as it stages it."""

    folder: Path
    old: manifest_mod.Manifest
    tree: Any
    learners: list[str]  # the learners' pack folders, in the cohort's order
    lang: str
    today: date
    ui_lang: str  # the language of the run's messages
    lines: list[str] = field(default_factory=list)  # `describe`, learner by learner
    # what --dry-run says the update would remove or keep, gathered learner by learner
    gone: tuple[list[str], list[str], list[str]] = field(default_factory=lambda: ([], [], []))
    produced: set[str] = field(default_factory=set)  # a format-2 cohort: every learner's names
    found: set[str] = field(default_factory=set)  # the formats the learners' packs were written in

    @property
    def formats(self) -> tuple[str, ...]:
        from mobility_advisor.formats.convert import FORMATS

        return tuple(f for f in FORMATS if f in self.found)

    def replan(self, name: str) -> Plan:
        """The learner's pack `name` made again (see `_replan`)."""
        own = manifest_mod.learner(self.old, self.folder, name)
        if own is None:
            raise manifest_mod.ManifestError(self.folder / name / manifest_mod.FILE_NAME, "missing")
        return _replan(self.tree, self.folder / name, own, self.today, self.ui_lang)


def untick(text: str) -> str:
    """The checklist with every box cleared: what the tool wrote, if ticks are the only edits."""
    return "\n".join(_BOX.sub(r"\1[ ]", line) for line in text.split("\n"))


def changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    """Items added, removed or reworded, in the order of the new advice (removed ones last)."""
    before = {i["id"]: i for i in old}
    after = {i["id"]: i for i in new}
    out: list[Change] = []
    for i in new:
        o = before.get(i["id"])
        if o is None:
            out.append(Change("added", i["kind"], i["id"], i["text"]))
        elif o.get("text") != i["text"]:
            out.append(Change("reworded", i["kind"], i["id"], i["text"], o.get("text", "")))
    out += [Change("removed", o["kind"], o["id"], o["text"]) for o in old if o["id"] not in after]
    return out


def formats_of(m: manifest_mod.Manifest) -> tuple[str, ...]:
    """The formats a pack was written in, from the files its manifest lists."""
    found = {_SUFFIX_FORMAT[Path(n).suffix] for n in m.files if Path(n).suffix in _SUFFIX_FORMAT}
    from mobility_advisor.formats.convert import FORMATS

    return ("md", *[f for f in FORMATS if f in found])


def plan(tree: Any, folder: Path, today: date, lang: str) -> "Plan | CohortPlan":
    """Read the pack (or cohort), render it again with the current rules, compare, carry the ticks over."""
    if not folder.is_dir():
        raise Refused(msg("no_path", lang, path=folder), 2)
    try:
        m = manifest_mod.read(folder)
    except manifest_mod.ManifestError as exc:
        raise Refused(msg("corrupt", lang, path=folder, why=exc.why), 1) from None
    if m is None:
        raise Refused(msg("not_a_pack", lang, path=folder), 1)
    if m.kind == "cohort":
        return plan_cohort(tree, folder, m, today, lang)
    if m.kind != "pack":
        raise Refused(msg("corrupt", lang, path=folder, why=f"kind {m.kind!r}"), 1)
    return _replan(tree, folder, m, today, lang)


def plan_cohort(tree: Any, folder: Path, m: manifest_mod.Manifest, today: date, lang: str) -> CohortPlan:
    """Each learner's pack planned from its record (see `plan`), described, then let go."""
    if m.cohort is None or m.packs is None or not all(isinstance(e.get("line"), int) for e in m.packs.values()):
        raise Refused(msg("old_cohort", lang, path=folder, version=m.version or "?"), 1)
    cp = CohortPlan(folder, m, tree, list(m.packs), m.lang if m.lang in LANGS else lang, today, lang)
    refused: list[str] = []
    for name in cp.learners:
        if not (folder / name).is_dir() and manifest_mod.own_records(m):  # its record went with it
            refused.append(msg("no_path", lang, path=folder / name))
            continue
        try:
            one = cp.replan(name)
        except manifest_mod.ManifestError as exc:
            refused.append(msg("corrupt", lang, path=folder / name, why=exc.why))
            continue
        except Refused as exc:
            refused.append(str(exc))
            continue
        cp.lines += describe(one, lang)
        cp.found.update(one.formats)
        if manifest_mod.own_records(m):  # the learner's files are in its own record
            from mobility_advisor.pack import staging

            for into, rels in zip(cp.gone, staging.removals(folder / name, one.old, _produced(one))):
                into += [f"{name}/{rel}" for rel in rels]
        else:
            cp.produced |= _produced(one, name + "/")
    if refused:
        raise Refused("\n".join(refused + [msg("cohort_refused", lang, path=folder, n=len(refused))]), 2)
    return cp


def _replan(tree: Any, folder: Path, m: manifest_mod.Manifest, today: date, lang: str) -> Plan:
    """One pack, from its manifest (or its part of a cohort's), made again."""
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.pack import render
    from mobility_advisor.engine.engine import outcomes
    from mobility_advisor.rules.problems import InputError

    doc = m.answers if isinstance(m.answers.get("answers"), dict) else {"answers": {}}
    pack_lang = m.lang if m.lang in LANGS else lang
    try:
        answers = answers_mod.resolve(tree, doc["answers"], source=str(folder), lang=lang)
        learning = None
        if doc.get("outcomes") is not None or doc.get("results") is not None:
            from mobility_advisor.inputs.learning_io import record

            learning = record(doc.get("outcomes"), doc.get("results"), answers, str(folder), lang)
    except InputError as exc:
        why = str(exc).split(": ", 1)[-1]
        raise Refused(msg("answers_refused", lang, path=folder, why=why), 2) from None
    result = outcomes(tree, answers, today)
    items = manifest_mod.item_records(result, pack_lang)
    from mobility_advisor.engine.bilingual import valid_option

    host_option = doc.get("host_lang") if isinstance(doc.get("host_lang"), str) and valid_option(doc.get("host_lang")) \
        else None  # --host-lang as the pack was made with it; else the default from the destination
    referent = doc.get("referent") if isinstance(doc.get("referent"), dict) else None  # from the profile, then
    files: dict[str, Any] = render.pack_files(tree, result, pack_lang, today, learning,
                                              render.host_language(host_option, answers, pack_lang), referent)

    current = read_checklist(folder)  # a regular file only, with a size limit
    done = ticked(m.items if m.items is not None else items, current)
    new_text, carried = _carry(files[CHECKLIST], items, done)
    files[CHECKLIST] = new_text
    known = {i["id"] for i in items}
    p = Plan(folder, m, pack_lang, files, items, answers,
             changes(m.items, items) if m.items is not None else None, carried=carried,
             lost=len(done - known), learning=learning, result=result, formats=formats_of(m),
             host_option=host_option, referent=referent)
    p.unticked = manifest_mod.sha256(untick(new_text))
    recorded = {m.files.get(CHECKLIST), getattr(m, "unticked", "") or None} - {None}
    p.ticks_only = bool(current) and manifest_mod.sha256(untick(current)) in recorded
    return p


def _carry(text: str, items: list[dict[str, Any]], done: set[str]) -> tuple[str, int]:
    """The new checklist with the boxes of the items done ticked; and how many were."""
    if not done:
        return text, 0
    matcher = Matcher(items)
    lines = text.split("\n")
    n = 0
    for index, tick, rest in list(task_lines(text)):
        if not tick and matcher.match(rest) in done:
            lines[index] = lines[index].replace("[ ]", "[x]", 1)
            n += 1
    return "\n".join(lines), n


def describe(p: "Plan | CohortPlan", lang: str) -> list[str]:
    """The changes in the advice and the ticks carried over, one line each, in `lang` (a cohort:
    learner by learner)."""
    if isinstance(p, CohortPlan):
        return [msg("cohort_plan", lang, path=p.folder, n=len(p.learners)), *p.lines]
    made = p.old.made or "?"
    if p.changes is None:
        out = [msg("unknown_old", lang, path=p.folder, version=p.old.version or "?")]
    elif not p.changes:
        out = [msg("no_change", lang, path=p.folder, made=made)]
    else:
        out = [msg("changes", lang, path=p.folder, n=len(p.changes), made=made)]
        for c in p.changes:
            out.append(msg(c.what, lang, kind=msg(f"kind_{c.kind}", lang) if f"kind_{c.kind}" in MESSAGES
                           else c.kind, id=c.id, text=c.text, old=c.old))
    if p.carried:
        out.append(msg("ticks", lang, n=p.carried))
    if p.lost:
        out.append(msg("ticks_lost", lang, n=p.lost))
    return out


def _produced(p: Plan, prefix: str = "") -> set[str]:
    """The names the update of `p` writes: its files, and each document in the pack's other formats."""
    names = set(p.files)
    names |= {f"{n[:-3]}.{fmt}" for n in p.files if n.endswith(".md") for fmt in p.formats}
    return {prefix + n for n in names}


def removals(p: "Plan | CohortPlan", lang: str) -> list[str]:
    """For --dry-run: every file the update would remove, and the old files it would leave as they are
    (edited, the user's whatever the record says, or behind a link), one line each, in `lang`."""
    from mobility_advisor.pack import staging

    if isinstance(p, CohortPlan):
        from mobility_advisor.season.cohort_summary import SUMMARY_CSV, SUMMARY_MD

        produced = {SUMMARY_MD, SUMMARY_CSV} | p.produced
        folder, old = p.folder, p.old
    else:
        produced, folder, old = _produced(p), p.folder, p.old
    removed, kept, linked = staging.removals(folder, old, produced)
    if isinstance(p, CohortPlan):  # the learners' own, found while planning
        removed, kept, linked = p.gone[0] + removed, p.gone[1] + kept, p.gone[2] + linked
    from mobility_advisor.i18n.messages import msg as i18n_msg

    return ([msg("would_remove", lang, file=rel) for rel in removed]
            + [msg("would_keep", lang, file=rel) for rel in kept]
            + ["  " + i18n_msg("kept_link", lang, file=rel) for rel in linked])
