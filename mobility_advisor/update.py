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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import manifest as manifest_mod
from .i18n import catalogue
from .model import LANGS
from .status import CHECKLIST, Matcher, task_lines, ticked

MESSAGES: dict[str, dict[str, str]] = {
    "not_a_pack": {"fr": "{path} : pas un dossier de mobilité (pas de fichier .mobility-advisor.json) : ignoré",
                   "en": "{path}: not a mobility pack (no .mobility-advisor.json file): skipped"},
    "corrupt": {"fr": "{path} : fichier de suivi du dossier illisible ({why}) : dossier laissé tel quel",
                "en": "{path}: the pack's record file cannot be read ({why}): pack left as it is"},
    "cohort": {
        "fr": "{path} est un dossier de cohorte : refaites-le avec `mobility-advisor cohort --force` (vos fichiers "
              "sont gardés), ou mettez à jour le dossier d'un apprenant ; dossier laissé tel quel",
        "en": "{path} is a cohort folder: make it again with `mobility-advisor cohort --force` (your files are "
              "kept), or update one learner's pack; folder left as it is"},
    "answers_refused": {
        "fr": "{path} : les règles actuelles demandent d'autres réponses ({why}). Dossier laissé tel quel : "
              "complétez ses réponses (mobility-advisor ask --resume, ou un fichier --answers) puis refaites-le.",
        "en": "{path}: the current rules need other answers ({why}). Pack left as it is: complete its answers "
              "(mobility-advisor ask --resume, or an --answers file), then make it again."},
    "no_path": {"fr": "{path} : dossier introuvable", "en": "{path}: no such folder"},
    "changes": {"fr": "{path} : {n} changement(s) dans les conseils depuis le {made} :",
                "en": "{path}: {n} change(s) in the advice since {made}:"},
    "no_change": {"fr": "{path} : aucun changement dans les conseils depuis le {made}.",
                  "en": "{path}: no change in the advice since {made}."},
    "unknown_old": {
        "fr": "{path} : fait par la version {version}, qui n'enregistrait pas ses conseils : les changements ne "
              "peuvent pas être listés.",
        "en": "{path}: made by version {version}, which did not record its advice: the changes cannot be listed."},
    "added": {"fr": "  + Ajout ({kind}) [{id}] : {text}", "en": "  + Added ({kind}) [{id}]: {text}"},
    "removed": {"fr": "  - Retrait ({kind}) [{id}] : {text}", "en": "  - Removed ({kind}) [{id}]: {text}"},
    "reworded": {"fr": "  ~ Nouvelle formulation ({kind}) [{id}] : {text}\n      Ancienne : {old}",
                 "en": "  ~ Reworded ({kind}) [{id}]: {text}\n      Was: {old}"},
    "kind_step": {"fr": "action", "en": "step"},
    "kind_document": {"fr": "document", "en": "document"},
    "kind_caveat": {"fr": "point à vérifier", "en": "point to check"},
    "kind_tip": {"fr": "conseil", "en": "tip"},
    "ticks": {"fr": "  {n} case(s) cochée(s) reportée(s) dans la nouvelle liste de contrôle.",
              "en": "  {n} ticked box(es) carried over to the new checklist."},
    "ticks_lost": {"fr": "  {n} case(s) cochée(s) pour des actions que le dossier n'a plus.",
                   "en": "  {n} ticked box(es) for steps the pack no longer has."},
    "dry_run": {"fr": "  (simulation : rien n'a été écrit)", "en": "  (dry run: nothing was written)"},
    "updated": {"fr": "Dossier mis à jour : {path}", "en": "Pack updated: {path}"},
}

msg = catalogue("update", MESSAGES)

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
    host_option: str | None = None  # --host-lang as the pack was made with it (None: from the destination)
    referent: dict[str, str] | None = None  # the referent's contact the pack was made with (profile)


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
    from .convert import FORMATS

    return ("md", *[f for f in FORMATS if f in found])


def plan(tree: Any, folder: Path, today: date, lang: str) -> Plan:
    """Read the pack, render it again with the current rules, compare, carry the ticks over."""
    from . import answers as answers_mod
    from . import render
    from .engine import outcomes
    from .problems import InputError

    if not folder.is_dir():
        raise Refused(msg("no_path", lang, path=folder), 2)
    try:
        m = manifest_mod.read(folder)
    except manifest_mod.ManifestError as exc:
        raise Refused(msg("corrupt", lang, path=folder, why=exc.why), 1) from None
    if m is None:
        raise Refused(msg("not_a_pack", lang, path=folder), 1)
    if m.kind != "pack":
        raise Refused(msg("cohort", lang, path=folder), 1)
    doc = m.answers if isinstance(m.answers.get("answers"), dict) else {"answers": {}}
    pack_lang = m.lang if m.lang in LANGS else lang
    try:
        answers = answers_mod.resolve(tree, doc["answers"], source=str(folder), lang=lang)
        learning = None
        if doc.get("outcomes") is not None or doc.get("results") is not None:
            from .learning_io import record

            learning = record(doc.get("outcomes"), doc.get("results"), answers, str(folder), lang)
    except InputError as exc:
        why = str(exc).split(": ", 1)[-1]
        raise Refused(msg("answers_refused", lang, path=folder, why=why), 2) from None
    result = outcomes(tree, answers, today)
    items = manifest_mod.item_records(result, pack_lang)
    from .bilingual import valid_option

    host_option = doc.get("host_lang") if isinstance(doc.get("host_lang"), str) and valid_option(doc.get("host_lang")) \
        else None  # --host-lang as the pack was made with it; else the default from the destination
    referent = doc.get("referent") if isinstance(doc.get("referent"), dict) else None  # from the profile, then
    files: dict[str, Any] = render.pack_files(tree, result, pack_lang, today, learning,
                                              render.host_language(host_option, answers, pack_lang), referent)

    current = ""
    try:
        current = (folder / CHECKLIST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    done = ticked(m.items if m.items is not None else items, current)
    new_text, carried = _carry(files[CHECKLIST], items, done)
    files[CHECKLIST] = new_text
    known = {i["id"] for i in items}
    p = Plan(folder, m, pack_lang, files, items, answers,
             changes(m.items, items) if m.items is not None else None, carried=carried,
             lost=len(done - known), learning=learning, host_option=host_option, referent=referent)
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


def describe(p: Plan, lang: str) -> list[str]:
    """The changes in the advice and the ticks carried over, one line each, in `lang`."""
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


def write(p: Plan, today: date) -> Any:
    """Write the planned pack (see packdir); returns packdir's report."""
    from . import packdir

    formats = formats_of(p.old)
    files = p.files
    if formats != ("md",):
        from .convert import convert_files

        files = convert_files(files, formats, p.lang)
    from .answers import learning_document

    doc = {**manifest_mod.answers_document(p.answers, p.lang, p.host_option, p.referent),
           **learning_document(p.learning)}  # outcomes too
    new = manifest_mod.new("pack", p.lang, doc, today, p.items)
    new.unticked = p.unticked
    with packdir.claim(p.folder, True, "pack") as folder:
        if p.ticks_only and folder.old is not None and CHECKLIST in folder.old.files:
            # ticks are not edits: the checklist is the tool's, replaced with the ticks carried over
            folder.old.files[CHECKLIST] = manifest_mod.file_sha256(p.folder / CHECKLIST)
        stage = folder.stage()
        stage.write_pack(files)
        return folder.install(stage, new)
