"""`credential`: the learner's proof, a European Digital Credential or an Open Badge."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, ProfileOpt, fail, language, org_profile


def credential(
    pack: Optional[Path] = typer.Argument(None, help="The mobility's pack folder (with its results recorded)."),
    fmt: str = typer.Option("elm", "--format", help="elm (European Digital Credential, to seal in the EDC issuer) "
                                                    "or ob3 (Open Badge 3.0, signed with --key)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The file to write (required: it holds "
                                                                       "personal data)."),
    key: Optional[Path] = typer.Option(None, "--key", help="ob3: the organisation's private key (PEM: Ed25519, "
                                                           "P-256 or RSA); --verify: the issuer's public key."),
    verify: Optional[Path] = typer.Option(None, "--verify", help="Check this badge against --key instead."),
    email: Optional[str] = typer.Option(None, "--email", help="ob3: the learner's e-mail, kept only as a salted "
                                                              "hash (else the badge names the learner)."),
    issuer: Optional[str] = typer.Option(None, "--issuer-id", help="ob3: the issuer's id (a URL where you publish "
                                                                   "the JWK set); --verify: the issuer expected."),
    valid_until: Optional[str] = typer.Option(None, "--valid-until", help="ob3: the badge's end date (YYYY-MM-DD)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    profile: Optional[Path] = ProfileOpt,
    lang: Optional[str] = LangOpt,
) -> None:
    """The learner's proof: the outcomes achieved as a European Digital Credential or an Open Badge 3.0.

    Built from the pack's recorded results only; written to -o, never sent. Exit status: 0 written
    (or badge valid), 1 nothing to certify, file exists or badge not valid, 2 bad input.
    """
    from mobility_advisor.proof import issue as issue_mod

    lang = language(lang)
    try:
        if verify is not None:
            typer.echo(issue_mod.check(verify, key, lang, issuer))
            return
        if pack is None:
            fail(issue_mod.msg("need_pack", lang), 2)
        prof = org_profile(profile, lang)
        typer.echo(issue_mod.issue(pack, fmt, output, key, force, lang, prof.organisation if prof else None,
                                   email, issuer, valid_until))
    except issue_mod.Failed as exc:
        fail(exc.text, exc.code)
