"""`signed`: a signature (or a refusal) of a pack's document recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, current_day, fail, language


def _moment(iso: Optional[str]) -> str:
    """A signing time as a referent reads it: 2027-02-20 14:05 UTC+01:00 ('' when unknown)."""
    from datetime import datetime

    if not iso:
        return ""
    t = datetime.fromisoformat(iso)
    return f"{t:%Y-%m-%d %H:%M} {t.tzname() or ''}".strip()


def _missing_by() -> None:
    """Who signed is needed: Click's own "Missing option '--by'" (usage, exit 2), in the user's
    language as for any other missing option, as when --by was required."""
    from mobility_advisor.cli.words import _click_in_use

    click = _click_in_use()  # Typer >= 0.28 carries its own Click: its context, its errors
    ctx = click.globals.get_current_context()
    raise click.exceptions.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "by"))


def signed(
    pack: Path = typer.Argument(..., metavar="PACK", help="The pack folder (a learner's folder of a cohort too)."),
    document: str = typer.Argument(..., metavar="DOCUMENT", help="The document, as the pack names it (learning_agreement or learning_agreement.pdf)."),
    by: Optional[list[str]] = typer.Option(
        None, "--by", help="Who signed: learner, legal_representative, sending_organisation, sending_company, "
        "host_partner, host_company, other_host_company, host_tutor, sending_trainer, assessor, jury. Optional "
        "with a PDF signed in the tool's signature fields (read from the field signed); else one per digital "
        "signature, in order."),
    on: Optional[str] = typer.Option(None, "--on", help="The day it was signed (default: today; never in the future)."),
    file: Optional[Path] = typer.Option(None, "--file", help="The signed scan or PDF, copied into the pack's signed/ folder."),
    refused: Optional[str] = typer.Option(None, "--refused", help="The signatory refused to sign, for this reason."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Record that a signatory signed (or refused to sign) a document of a pack.

    A digitally signed PDF given with --file is read: who signed, when, and whether the document
    changed after signing (the certificate's trust is not checked). `status` then shows it.
    Signed in the pack's own form, its signature fields say which role signed: --by may be left out.
    Exit status: 0 recorded; 1 PACK is not a pack (or its record file is unreadable, or another
    command is writing it); 2 bad input (document, role, date, file) or the pack cannot be written.
    """
    from mobility_advisor.season import signatures as sig
    from mobility_advisor.season import signing

    lang = language(lang)
    try:
        done = signing.record(pack, document, by or [], on, file, refused, current_day(), lang)
    except sig.SignError as exc:
        fail(exc.message(lang), exc.code)
    except signing.RoleNeeded as exc:
        if exc.unread_pdf:
            typer.echo(sig.msg("no_reader", lang), err=True)
        _missing_by()
    name = sig.msg
    for e in done.entries:
        role = sig.role_label(e["role"], lang)
        if "refused" in e:
            typer.echo(name("recorded_refusal", lang, document=done.document, role=role, day=e["on"],
                            reason=e["refused"]))
        elif done.digital:
            typer.echo(name("recorded_digital", lang, document=done.document, role=role, signer=e["signer"],
                            when=_moment(e.get("at")) or e["signed_on"]))
            if e["changed"]:
                typer.echo(name("changed", lang, signer=e["signer"]), err=True)
        else:
            typer.echo(name("recorded", lang, document=done.document, role=role, day=e["signed_on"]))
    if done.digital:
        typer.echo(name("trust", lang))
    if done.unread_pdf:
        typer.echo(name("no_reader", lang), err=True)
    if done.scan:
        typer.echo(name("scan_kept", lang, path=Path(pack) / done.scan))
