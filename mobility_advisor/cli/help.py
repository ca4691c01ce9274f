"""The command line's help (`--help`) in the user's language.

The commands (cli/commands/) write their help in English, where Typer expects it; `localise`
swaps each text for the user's language (from --lang or the locale) when the app is built. The English text is the
msgid: HELP below marks each one for `pybabel extract`, so a new option is shown in English
until it is added here and translated in the catalogues.
"""

from __future__ import annotations

from mobility_advisor.i18n.catalogues import Message, N_, messages

HELP: dict[str, Message] = {
    "opt_version": N_("Print the version and exit."),
    "app": N_("Decision aid for Erasmus+ work placements that count: documented, assessed and recognised."),
    "cmd_validate": N_("Check rule files (and learning outcomes files): structure and meaning, every problem as "
                       "file:line:col.\n\nExit status: 0 clean (warnings allowed unless --strict), 1 errors, 2 "
                       "usage error."),
    "opt_paths": N_("Rule files or folders (default: the shipped rules)."),
    "opt_strict": N_("Treat warnings as errors."),
    "opt_fmt": N_("text (file:line:col: severity: message), json, or github (Actions annotations)."),
    "opt_outcomes": N_("A learning outcomes file to check (YAML or CSV); repeat for several. Alone, only these "
                       "are checked."),
    "cmd_ask": N_("Ask the questions, then write the pack: checklist and documents.\n\nExit status: 0 written, "
                  "or \"Quit without writing\" chosen at the summary (the answers are\nkept: --resume); 1 the "
                  "output folder (or --save-answers file) is taken; 2 bad input, no\nterminal, or a folder "
                  "that cannot be written; 130 interrupted by Ctrl-C or Ctrl-D (the\nanswers are kept: "
                  "--resume)."),
    "opt_lang": N_("Language: fr, en, es, ca or de (default: from the locale, else French)."),
    "opt_answers": N_("Answers file: run without prompts."),
    "opt_save_answers": N_("Write the answers to this file (an existing one only with --force)."),
    "opt_resume": N_("Go on from an interrupted session."),
    "opt_output": N_("Folder for the pack (default: pack-<learner>-<start date>)."),
    "opt_force": N_("Update an existing pack: only the tool's own unchanged files are replaced; your files are "
                    "kept."),
    "opt_format": N_("md (default), docx, odt, html, pdf; several with commas: md,docx."),
    "opt_ask_outcomes": N_("Learning outcomes file (YAML or CSV, one outcome per line), written once per "
                           "qualification: see docs/outcomes-example.yaml."),
    "opt_profile": N_("Organisation profile (YAML; default: $XDG_CONFIG_HOME/mobility-advisor/profile.yaml)."),
    "opt_save_profile": N_("Add this mobility's sending organisation, partner, company and tutor to the profile if "
                           "new (created if need be)."),
    "cmd_render": N_("Write the pack from an answers file, without prompts."),
    "opt_render_answers": N_("Answers file (see `ask --save-answers`)."),
    "cmd_checklist": N_("Export just the BEFORE / DURING / AFTER checklist, for trainers."),
    "opt_route": N_("A named route: see the list in --help of the rules."),
    "opt_checklist_answers": N_("Answers file, instead of a route."),
    "opt_checklist_output": N_("File to write (default: standard output)."),
    "opt_checklist_force": N_("Replace an existing file."),
    "cmd_record": N_("After the mobility: ask the results of the routes chosen (or read them from the filled "
                     "PDF\nforms, --from) and write them into the answers file.\n\nOnly its `results:` part "
                     "changes (written atomically). Then make the pack again with\n`render --answers ANSWERS "
                     "--force`. Exit status: 0 written (or nothing to write, or not\nconfirmed), 2 bad file, a "
                     "form refused, or no terminal (without --yes), 130 interrupted\n(nothing written)."),
    "opt_record_answers": N_("The mobility's answers file (see `ask --save-answers`)."),
    "opt_record_from": N_("A filled PDF form of the pack (evaluation grid, complement…) to read the results from, "
                          "instead of asking; may be given several times."),
    "opt_record_yes": N_("With --from: write what was read without asking (scripts)."),
    "cmd_cohort": N_("Write one pack per learner of a group, and a cohort summary (cohort-summary.md / "
                     ".csv).\n\nEvery row is checked first; a bad row is reported as LEARNERS.csv:LINE.\nExit "
                     "status: 0 all packs written; 1 output folder not empty (without --force), or bad "
                     "rows\nskipped with --keep-going; 2 bad input (files, columns, or bad rows without "
                     "--keep-going:\nnothing written)."),
    "opt_cohort_answers": N_("Answers common to the whole group (answers file)."),
    "opt_learners": N_(
        "CSV, one learner per line; the header gives question ids (learner.name;mobility.start;…) "
        "and, after the mobility, results (results.men.mark;results.outcomes.EX-1;…). ';' or ',' "
        "separated, UTF-8 (with or without BOM) or Windows-1252. Or a workbook (.xlsx, .ods): its "
        "first sheet, laid out the same way."),
    "opt_cohort_output": N_("Folder for the cohort: one pack per learner and the summary."),
    "opt_keep_going": N_("Write the packs of the good rows and list the bad ones."),
    "opt_cohort_force": N_("Update a previous cohort folder: only the tool's own unchanged files are replaced."),
    "cmd_tree": N_("Show the rule tree: questions, branches, and the documents and caveats each answer brings "
                   "in.\n\nThe shipped picture is docs/decision-tree.md:\nmobility-advisor tree --format mermaid "
                   "--markdown --lang en --force -o docs/decision-tree.md"),
    "opt_tree_fmt": N_("text (the terminal), mermaid (flowchart for GitHub / Markdown) or dot (Graphviz)."),
    "opt_markdown": N_("Wrap mermaid/dot in a Markdown page (title, legend, fenced block)."),
    "opt_section": N_("One part only: profile, participation, learning_outcomes, integration or certification."),
    "cmd_explain": N_("Show one rule: its text, conditions, the routes that reach it and its sources; or one "
                      "source\nand the rules that cite it.\n\nExit status: 0 shown, 2 unknown id (with the closest "
                      "ids)."),
    "opt_rule_id": N_("A question or outcome id (see `tree`), or a source's code (000…004, or a public source's "
                      "id, as a pack's Sources list names them)."),
    "cmd_status": N_("Where every mobility stands today: phase, next and overdue actions, documents to sign, "
                     "results missing.\n\nBoxes ticked in a pack's checklist.md ([x]) count as done.\nExit status: "
                     "0 every pack read; 1 some folder could not be read (said on stderr; the others are\nshown) "
                     "or no pack was found; 2 a PATH does not exist, or the calendar cannot be written."),
    "opt_status_paths": N_("Packs, cohort folders, or folders holding them (default: the current folder)."),
    "opt_status_fmt": N_("text (a table on a terminal), json (for scripts) or csv (for a spreadsheet, ';' "
                         "separated)."),
    "opt_ics": N_("Also write one calendar (.ics) of every mobility found."),
    "cmd_update": N_("Make packs again with the current rules, from the answers they were made from.\n\nPrints "
                     "what changed in the advice (added, removed, reworded, by rule id); carries the "
                     "ticked\nboxes of checklist.md over; keeps your edited files (the new version is written "
                     "beside) and\nnever touches a file you added. A cohort folder: every learner's pack, then "
                     "its summary.\nExit status: 0 every pack updated (or unchanged); 1 a folder is not a pack "
                     "(or its record file\nis unreadable, or it is a cohort written before cohorts could be "
                     "updated); 2 a pack's answers\nno longer fit the rules, or a folder cannot be written. The "
                     "other packs are updated all the same."),
    "opt_packs": N_("Pack (or cohort) folders to make again with the current rules."),
    "opt_dry_run": N_("Show what changed in the advice; write nothing."),
    # issue 15: the host's language
    "opt_host_lang": N_("The host's language, beside the pack's in what the host reads or signs: fr, en… or none "
                        "(default: from the destination country)."),
    "cmd_credential": N_(
        "The learner's proof: the outcomes achieved as a European Digital Credential or an Open "
        "Badge 3.0.\n\nBuilt from the pack's recorded results only; written to -o, never sent. Exit "
        "status: 0 written\n(or badge valid), 1 nothing to certify, file exists or badge not valid, "
        "2 bad input."),
    "opt_credential_pack": N_(
        "The mobility's pack folder (with its results recorded)."),
    "opt_credential_format": N_(
        "elm (European Digital Credential, to seal in the EDC issuer) or ob3 (Open Badge 3.0, "
        "signed with --key)."),
    "opt_credential_output": N_(
        "The file to write (required: it holds personal data)."),
    "opt_credential_key": N_(
        "ob3: the organisation's private key (PEM: Ed25519, P-256 or RSA); --verify: the issuer's "
        "public key."),
    "opt_credential_verify": N_(
        "Check this badge against --key instead."),
    "opt_credential_email": N_(
        "ob3: the learner's e-mail, kept only as a salted hash (else the badge names the learner)."),
    "opt_credential_issuer": N_(
        "ob3: the issuer's id (a URL where you publish the JWK set); --verify: the issuer expected."),
    "opt_credential_until": N_(
        "ob3: the badge's end date (YYYY-MM-DD)."),
    "cmd_signed": N_(
        "Record that a signatory signed (or refused to sign) a document of a pack.\n\nA digitally signed PDF "
        "given with --file is read: who signed, when, and whether the document\nchanged after signing (the "
        "certificate's trust is not checked). `status` then shows it.\nSigned in the pack's own form, its signature "
        "fields say which role signed: --by may be left out.\nExit status: 0 recorded; 1 PACK is not a pack (or its "
        "record file is unreadable, or another\ncommand is writing it); 2 bad input (document, role, date, file) or "
        "the pack cannot be written."),
    "opt_by": N_(
        "Who signed: learner, legal_representative, sending_organisation, sending_company, host_partner, host_company, "
        "other_host_company, host_tutor, sending_trainer, assessor, jury. Optional with a PDF signed in the tool's "
        "signature fields (read from the field signed); else one per digital signature, in order."),
    "opt_cohort_xlsx": N_(
        "Also write the summary as a workbook (cohort-summary.xlsx)."),
    "opt_file": N_(
        "The signed scan or PDF, copied into the pack's signed/ folder."),
    "opt_on": N_(
        "The day it was signed (default: today; never in the future)."),
    "opt_refused": N_(
        "The signatory refused to sign, for this reason."),
    "opt_sheet": N_(
        "The workbook's sheet to read (default: the first)."),
    "opt_signed_document": N_(
        "The document, as the pack names it (learning_agreement or learning_agreement.pdf)."),
    "opt_signed_pack": N_(
        "The pack folder (a learner's folder of a cohort too)."),
    "opt_status_xlsx": N_(
        "Also write the table as a workbook (.xlsx)."),
    "opt_status_on": N_(
        "The day to count from, YYYY-MM-DD (default: today): what will be late on a given day, or "
        "where things stood on one."),
}
_msg = messages(HELP)


def localise(app, lang: str) -> None:
    """Put the help of `app`, its commands and their options in `lang` (English is as written).

    The English help written in the commands is the msgid: a text not in the catalogue stays English.
    """
    if lang == "en":
        return
    import inspect

    from mobility_advisor.i18n.catalogues import translations

    words = translations(lang)

    def say(text: str | None) -> str | None:
        return words.gettext(inspect.cleandoc(text)) if text else text

    app.info.help = say(app.info.help)
    if app.registered_callback is not None:
        for param in inspect.signature(app.registered_callback.callback).parameters.values():
            if getattr(param.default, "help", None):
                param.default.help = say(param.default.help)
    for command in app.registered_commands:
        command.help = say(command.help or inspect.getdoc(command.callback))
        for param in inspect.signature(command.callback).parameters.values():
            if getattr(param.default, "help", None):
                param.default.help = say(param.default.help)
