"""The command line's help (`--help`) in the user's language.

cli.py writes its help in English, where Typer expects it; `localise` swaps each text for the
user's language (from the locale) when the app is built. The English text is the key, so a
new option is simply shown in English until it is added here.
"""

from __future__ import annotations

from .i18n import catalogue

HELP: dict[str, dict[str, str]] = {
    "opt_version": {
        "fr": "Afficher la version et quitter.",
        "en": "Print the version and exit.",
    },
    "app": {
        "fr": "Aide à la décision pour des stages Erasmus+ qui comptent : documentés, évalués et reconnus.",
        "en": "Decision aid for Erasmus+ work placements that count: documented, assessed and recognised.",
    },
    "cmd_validate": {
        "fr": "Vérifie les fichiers de règles (et les fichiers d'acquis d'apprentissage) : structure et sens, chaque problème en fichier:ligne:colonne.\n\nCode de sortie : 0 sans erreur (avertissements admis sauf avec --strict), 1 erreurs, 2 erreur d'utilisation.",
        "en": "Check rule files (and learning outcomes files): structure and meaning, every problem as file:line:col.\n\nExit status: 0 clean (warnings allowed unless --strict), 1 errors, 2 usage error.",
    },
    "opt_paths": {
        "fr": "Fichiers ou dossiers de règles (par défaut : les règles livrées).",
        "en": "Rule files or folders (default: the shipped rules).",
    },
    "opt_strict": {
        "fr": "Traiter les avertissements comme des erreurs.",
        "en": "Treat warnings as errors.",
    },
    "opt_fmt": {
        "fr": "text (fichier:ligne:colonne: gravité: message), json, ou github (annotations d'Actions).",
        "en": "text (file:line:col: severity: message), json, or github (Actions annotations).",
    },
    "opt_outcomes": {
        "fr": "Un fichier d'acquis d'apprentissage à vérifier (YAML ou CSV) ; répétez l'option pour plusieurs. Seul, seuls ces fichiers sont vérifiés.",
        "en": "A learning outcomes file to check (YAML or CSV); repeat for several. Alone, only these are checked.",
    },
    "cmd_ask": {
        "fr": "Pose les questions, puis écrit le dossier : liste de contrôle et documents.\n\nCode de sortie : 0 dossier écrit, ou « Quitter sans écrire » choisi au récapitulatif (les réponses\nsont conservées : --resume) ; 1 le dossier de sortie (ou le fichier --save-answers) est déjà pris ;\n2 saisie incorrecte, pas de terminal, ou dossier impossible à écrire ; 130 interrompu par Ctrl-C ou\nCtrl-D (les réponses sont conservées : --resume).",
        "en": "Ask the questions, then write the pack: checklist and documents.\n\nExit status: 0 written, or \"Quit without writing\" chosen at the summary (the answers are\nkept: --resume); 1 the output folder (or --save-answers file) is taken; 2 bad input, no\nterminal, or a folder that cannot be written; 130 interrupted by Ctrl-C or Ctrl-D (the\nanswers are kept: --resume).",
    },
    "opt_lang": {
        "fr": "Langue : fr, en, es, ca ou de (par défaut : celle de la locale, sinon le français).",
        "en": "Language: fr, en, es, ca or de (default: from the locale, else French).",
    },
    "opt_answers": {
        "fr": "Fichier de réponses : pas de questions posées.",
        "en": "Answers file: run without prompts.",
    },
    "opt_save_answers": {
        "fr": "Enregistrer les réponses dans ce fichier (un fichier existant seulement avec --force).",
        "en": "Write the answers to this file (an existing one only with --force).",
    },
    "opt_resume": {
        "fr": "Reprendre une session interrompue.",
        "en": "Go on from an interrupted session.",
    },
    "opt_output": {
        "fr": "Dossier du dossier de mobilité (par défaut : pack-<apprenant>-<date de début>).",
        "en": "Folder for the pack (default: pack-<learner>-<start date>).",
    },
    "opt_force": {
        "fr": "Mettre à jour un dossier existant : seuls les fichiers de l'outil non modifiés sont remplacés ; vos fichiers sont conservés.",
        "en": "Update an existing pack: only the tool's own unchanged files are replaced; your files are kept.",
    },
    "opt_format": {
        "fr": "md (par défaut), docx, odt, html, pdf ; plusieurs séparés par des virgules : md,docx.",
        "en": "md (default), docx, odt, html, pdf; several with commas: md,docx.",
    },
    "opt_ask_outcomes": {
        "fr": "Fichier d'acquis d'apprentissage (YAML ou CSV, un acquis par ligne), écrit une fois par diplôme : voir docs/outcomes-example.yaml.",
        "en": "Learning outcomes file (YAML or CSV, one outcome per line), written once per qualification: see docs/outcomes-example.yaml.",
    },
    "opt_profile": {
        "fr": "Profil de l'organisme (YAML ; par défaut : $XDG_CONFIG_HOME/mobility-advisor/profile.yaml).",
        "en": "Organisation profile (YAML; default: $XDG_CONFIG_HOME/mobility-advisor/profile.yaml).",
    },
    "opt_save_profile": {
        "fr": "Ajouter au profil l'organisme d'envoi, le partenaire, l'entreprise et le tuteur de cette mobilité s'ils sont nouveaux (profil créé au besoin).",
        "en": "Add this mobility's sending organisation, partner, company and tutor to the profile if new (created if need be).",
    },
    "cmd_render": {
        "fr": "Écrit le dossier à partir d'un fichier de réponses, sans poser de questions.",
        "en": "Write the pack from an answers file, without prompts.",
    },
    "opt_render_answers": {
        "fr": "Fichier de réponses (voir `ask --save-answers`).",
        "en": "Answers file (see `ask --save-answers`).",
    },
    "cmd_checklist": {
        "fr": "Exporte seulement la liste de contrôle AVANT / PENDANT / APRÈS, pour les formateurs.",
        "en": "Export just the BEFORE / DURING / AFTER checklist, for trainers.",
    },
    "opt_route": {
        "fr": "Un parcours nommé : voir la liste dans l'aide des règles.",
        "en": "A named route: see the list in --help of the rules.",
    },
    "opt_checklist_answers": {
        "fr": "Fichier de réponses, au lieu d'un parcours.",
        "en": "Answers file, instead of a route.",
    },
    "opt_checklist_output": {
        "fr": "Fichier à écrire (par défaut : la sortie standard).",
        "en": "File to write (default: standard output).",
    },
    "opt_checklist_force": {
        "fr": "Remplacer un fichier existant.",
        "en": "Replace an existing file.",
    },
    "cmd_record": {
        "fr": "Après la mobilité : demande les résultats des voies choisies et les écrit dans le fichier de réponses.\n\nSeule sa partie `results:` change (écriture atomique). Refaites ensuite le dossier avec\n`render --answers RÉPONSES --force`. Code de sortie : 0 écrit, 2 fichier incorrect ou pas de\nterminal, 130 interrompu (rien n'est écrit).",
        "en": "After the mobility: ask the results of the routes chosen and write them into the answers file.\n\nOnly its `results:` part changes (written atomically). Then make the pack again with\n`render --answers ANSWERS --force`. Exit status: 0 written, 2 bad file or no terminal,\n130 interrupted (nothing written).",
    },
    "cmd_credential": {
        "fr": "La preuve de l'apprenant : les acquis atteints en attestation numérique européenne (EDC) ou en Open Badge 3.0.\n\nÉtablie à partir des seuls résultats enregistrés dans le dossier ; écrite dans -o, jamais envoyée. Code de\nsortie : 0 écrite (ou badge valide), 1 rien à attester, fichier existant ou badge non valide, 2 saisie incorrecte.",
        "en": "The learner's proof: the outcomes achieved as a European Digital Credential or an Open Badge 3.0.\n\nBuilt from the pack's recorded results only; written to -o, never sent. Exit status: 0 written\n(or badge valid), 1 nothing to certify, file exists or badge not valid, 2 bad input.",
    },
    "opt_credential_pack": {
        "fr": "Le dossier de la mobilité (avec ses résultats enregistrés).",
        "en": "The mobility's pack folder (with its results recorded).",
    },
    "opt_credential_format": {
        "fr": "elm (attestation numérique européenne, à sceller dans l'outil de délivrance EDC) ou ob3 (Open Badge 3.0, signé avec --key).",
        "en": "elm (European Digital Credential, to seal in the EDC issuer) or ob3 (Open Badge 3.0, signed with --key).",
    },
    "opt_credential_output": {
        "fr": "Le fichier à écrire (obligatoire : il contient des données personnelles).",
        "en": "The file to write (required: it holds personal data).",
    },
    "opt_credential_key": {
        "fr": "ob3 : la clé privée de l'organisme (PEM : Ed25519, P-256 ou RSA) ; --verify : la clé publique de l'émetteur.",
        "en": "ob3: the organisation's private key (PEM: Ed25519, P-256 or RSA); --verify: the issuer's public key.",
    },
    "opt_credential_verify": {
        "fr": "Vérifier plutôt ce badge avec --key.",
        "en": "Check this badge against --key instead.",
    },
    "opt_credential_email": {
        "fr": "ob3 : l'adresse électronique de l'apprenant, gardée seulement sous forme d'empreinte salée (sinon le badge nomme l'apprenant).",
        "en": "ob3: the learner's e-mail, kept only as a salted hash (else the badge names the learner).",
    },
    "opt_credential_issuer": {
        "fr": "ob3 : l'identifiant de l'émetteur (une URL où vous publiez le jeu de clés JWK) ; --verify : l'émetteur attendu.",
        "en": "ob3: the issuer's id (a URL where you publish the JWK set); --verify: the issuer expected.",
    },
    "opt_credential_until": {
        "fr": "ob3 : la date de fin de validité du badge (AAAA-MM-JJ).",
        "en": "ob3: the badge's end date (YYYY-MM-DD).",
    },
    "opt_record_answers": {
        "fr": "Le fichier de réponses de la mobilité (voir `ask --save-answers`).",
        "en": "The mobility's answers file (see `ask --save-answers`).",
    },
    "cmd_cohort": {
        "fr": "Écrit un dossier par apprenant d'un groupe, et une synthèse du groupe (cohort-summary.md / .csv).\n\nChaque ligne est d'abord vérifiée ; une ligne incorrecte est signalée APPRENANTS.csv:LIGNE.\nCode de sortie : 0 tous les dossiers écrits ; 1 dossier de sortie non vide (sans --force), ou lignes\nincorrectes écartées avec --keep-going ; 2 saisie incorrecte (fichiers, colonnes, ou lignes\nincorrectes sans --keep-going : rien n'est écrit).",
        "en": "Write one pack per learner of a group, and a cohort summary (cohort-summary.md / .csv).\n\nEvery row is checked first; a bad row is reported as LEARNERS.csv:LINE.\nExit status: 0 all packs written; 1 output folder not empty (without --force), or bad rows\nskipped with --keep-going; 2 bad input (files, columns, or bad rows without --keep-going:\nnothing written).",
    },
    "opt_cohort_answers": {
        "fr": "Réponses communes à tout le groupe (fichier de réponses).",
        "en": "Answers common to the whole group (answers file).",
    },
    "opt_learners": {
        "fr": "CSV, un apprenant par ligne ; l'en-tête donne les identifiants des questions (learner.name;mobility.start;…) et, après la mobilité, les résultats (results.men.mark;results.outcomes.EX-1;…). Séparateur « ; » ou « , », UTF-8 (avec ou sans BOM) ou Windows-1252. Ou un classeur (.xlsx, .ods) : sa première feuille, présentée de la même façon.",
        "en": "CSV, one learner per line; the header gives question ids (learner.name;mobility.start;…) and, after the mobility, results (results.men.mark;results.outcomes.EX-1;…). ';' or ',' separated, UTF-8 (with or without BOM) or Windows-1252. Or a workbook (.xlsx, .ods): its first sheet, laid out the same way.",
    },
    "opt_cohort_output": {
        "fr": "Dossier du groupe : un dossier par apprenant et la synthèse.",
        "en": "Folder for the cohort: one pack per learner and the summary.",
    },
    "opt_keep_going": {
        "fr": "Écrire les dossiers des lignes correctes et lister les lignes incorrectes.",
        "en": "Write the packs of the good rows and list the bad ones.",
    },
    "opt_cohort_force": {
        "fr": "Mettre à jour un dossier de groupe précédent : seuls les fichiers de l'outil non modifiés sont remplacés.",
        "en": "Update a previous cohort folder: only the tool's own unchanged files are replaced.",
    },
    "cmd_tree": {
        "fr": "Affiche l'arbre des règles : questions, branches, et les documents et points de vigilance qu'apporte chaque réponse.\n\nL'image livrée est docs/decision-tree.md :\nmobility-advisor tree --format mermaid --markdown --lang en --force -o docs/decision-tree.md",
        "en": "Show the rule tree: questions, branches, and the documents and caveats each answer brings in.\n\nThe shipped picture is docs/decision-tree.md:\nmobility-advisor tree --format mermaid --markdown --lang en --force -o docs/decision-tree.md",
    },
    "opt_tree_fmt": {
        "fr": "text (le terminal), mermaid (organigramme pour GitHub / Markdown) ou dot (Graphviz).",
        "en": "text (the terminal), mermaid (flowchart for GitHub / Markdown) or dot (Graphviz).",
    },
    "opt_markdown": {
        "fr": "Mettre mermaid/dot dans une page Markdown (titre, légende, bloc de code).",
        "en": "Wrap mermaid/dot in a Markdown page (title, legend, fenced block).",
    },
    "opt_section": {
        "fr": "Une seule partie : profile, participation, learning_outcomes, integration ou certification.",
        "en": "One part only: profile, participation, learning_outcomes, integration or certification.",
    },
    "cmd_explain": {
        "fr": "Affiche une règle : son texte, ses conditions, les parcours qui y mènent et ses sources ; ou une source\net les règles qui la citent.\n\nCode de sortie : 0 affiché, 2 identifiant inconnu (avec les identifiants les plus proches).",
        "en": "Show one rule: its text, conditions, the routes that reach it and its sources; or one source\nand the rules that cite it.\n\nExit status: 0 shown, 2 unknown id (with the closest ids).",
    },
    "opt_rule_id": {
        "fr": "Un identifiant de question ou de résultat (voir `tree`), ou le code d'une source (000…004, ou l'identifiant d'une source publique, tel que la liste des sources d'un dossier le donne).",
        "en": "A question or outcome id (see `tree`), or a source's code (000…004, or a public source's id, as a pack's Sources list names them).",
    },
    "cmd_status": {
        "fr": "Où en est chaque mobilité aujourd'hui : phase, actions à venir et en retard, documents à signer, résultats manquants.\n\nLes cases cochées dans le checklist.md d'un dossier ([x]) comptent comme faites.\nCode de sortie : 0 tous les dossiers lus ; 1 un dossier n'a pas pu être lu (dit sur stderr ; les autres\nsont affichés) ou aucun dossier trouvé ; 2 un CHEMIN n'existe pas, ou le calendrier ne peut pas être écrit.",
        "en": "Where every mobility stands today: phase, next and overdue actions, documents to sign, results missing.\n\nBoxes ticked in a pack's checklist.md ([x]) count as done.\nExit status: 0 every pack read; 1 some folder could not be read (said on stderr; the others are\nshown) or no pack was found; 2 a PATH does not exist, or the calendar cannot be written.",
    },
    "opt_status_paths": {
        "fr": "Dossiers de mobilité, dossiers de groupe, ou dossiers qui les contiennent (par défaut : le dossier courant).",
        "en": "Packs, cohort folders, or folders holding them (default: the current folder).",
    },
    "opt_status_fmt": {
        "fr": "text (un tableau dans le terminal), json (pour les scripts) ou csv (pour un tableur, séparateur « ; »).",
        "en": "text (a table on a terminal), json (for scripts) or csv (for a spreadsheet, ';' separated).",
    },
    "opt_ics": {
        "fr": "Écrire aussi un calendrier (.ics) de toutes les mobilités trouvées.",
        "en": "Also write one calendar (.ics) of every mobility found.",
    },
    "cmd_signed": {
        "fr": "Enregistre qu'un signataire a signé (ou refusé de signer) un document d'un dossier.\n\nUn PDF signé numériquement donné avec --file est lu : qui l'a signé, quand, et si le document a changé\naprès la signature (la confiance dans le certificat n'est pas vérifiée). `status` l'affiche ensuite.\nCode de sortie : 0 enregistré ; 1 DOSSIER n'est pas un dossier de mobilité (ou son fichier de suivi est\nillisible, ou une autre commande l'écrit) ; 2 saisie incorrecte (document, rôle, date, fichier) ou dossier\nimpossible à écrire.",
        "en": "Record that a signatory signed (or refused to sign) a document of a pack.\n\nA digitally signed PDF given with --file is read: who signed, when, and whether the document\nchanged after signing (the certificate's trust is not checked). `status` then shows it.\nExit status: 0 recorded; 1 PACK is not a pack (or its record file is unreadable, or another\ncommand is writing it); 2 bad input (document, role, date, file) or the pack cannot be written.",
    },
    "opt_signed_pack": {
        "fr": "Le dossier de mobilité (ou le dossier d'un apprenant d'un groupe).",
        "en": "The pack folder (a learner's folder of a cohort too).",
    },
    "opt_signed_document": {
        "fr": "Le document, tel que le dossier le nomme (learning_agreement ou learning_agreement.pdf).",
        "en": "The document, as the pack names it (learning_agreement or learning_agreement.pdf).",
    },
    "opt_by": {
        "fr": "Qui a signé : learner, legal_representative, sending_organisation, sending_company, host_partner, host_company, other_host_company, host_tutor, sending_trainer, assessor, jury (un par signature numérique, dans l'ordre).",
        "en": "Who signed: learner, legal_representative, sending_organisation, sending_company, host_partner, host_company, other_host_company, host_tutor, sending_trainer, assessor, jury (one per digital signature, in order).",
    },
    "opt_on": {
        "fr": "Le jour de la signature (par défaut : aujourd'hui ; jamais dans le futur).",
        "en": "The day it was signed (default: today; never in the future).",
    },
    "opt_file": {
        "fr": "Le scan ou le PDF signé, copié dans le dossier signed/ du dossier de mobilité.",
        "en": "The signed scan or PDF, copied into the pack's signed/ folder.",
    },
    "opt_refused": {
        "fr": "Le signataire a refusé de signer, pour cette raison.",
        "en": "The signatory refused to sign, for this reason.",
    },
    "opt_sheet": {
        "fr": "La feuille du classeur à lire (par défaut : la première).",
        "en": "The workbook's sheet to read (default: the first).",
    },
    "opt_cohort_xlsx": {
        "fr": "Écrire aussi la synthèse sous forme de classeur (cohort-summary.xlsx).",
        "en": "Also write the summary as a workbook (cohort-summary.xlsx).",
    },
    "opt_status_xlsx": {
        "fr": "Écrire aussi le tableau sous forme de classeur (.xlsx).",
        "en": "Also write the table as a workbook (.xlsx).",
    },
    "cmd_update": {
        "fr": "Refait les dossiers avec les règles actuelles, à partir des réponses qui les ont produits.\n\nAffiche ce qui a changé dans les conseils (ajouté, retiré, reformulé, par identifiant de règle) ;\nreporte les cases cochées de checklist.md ; conserve vos fichiers modifiés (la nouvelle version est\nécrite à côté) et ne touche jamais un fichier que vous avez ajouté. Un dossier de cohorte : le dossier de\nchaque apprenant, puis sa synthèse.\nCode de sortie : 0 tous les dossiers mis à jour (ou inchangés) ; 1 un dossier n'est pas un dossier de\nmobilité (ou son fichier de suivi est illisible, ou c'est une cohorte écrite avant que les cohortes\npuissent être mises à jour) ; 2 les réponses d'un dossier ne correspondent plus aux règles, ou un dossier\nne peut pas être écrit. Les autres dossiers sont mis à jour malgré tout.",
        "en": "Make packs again with the current rules, from the answers they were made from.\n\nPrints what changed in the advice (added, removed, reworded, by rule id); carries the ticked\nboxes of checklist.md over; keeps your edited files (the new version is written beside) and\nnever touches a file you added. A cohort folder: every learner's pack, then its summary.\nExit status: 0 every pack updated (or unchanged); 1 a folder is not a pack (or its record file\nis unreadable, or it is a cohort written before cohorts could be updated); 2 a pack's answers\nno longer fit the rules, or a folder cannot be written. The other packs are updated all the same.",
    },
    "opt_packs": {
        "fr": "Dossiers de mobilité (ou de cohorte) à refaire avec les règles actuelles.",
        "en": "Pack (or cohort) folders to make again with the current rules.",
    },
    "opt_dry_run": {
        "fr": "Montrer ce qui a changé dans les conseils ; ne rien écrire.",
        "en": "Show what changed in the advice; write nothing.",
    },
    # issue 15: the host's language
    "opt_host_lang": {
        "fr": "La langue de l'organisme d'accueil, à côté de celle du dossier dans les documents qu'il lit ou signe : fr, en… ou none (par défaut : selon le pays de destination).",
        "en": "The host's language, beside the pack's in what the host reads or signs: fr, en… or none (default: from the destination country).",
        "es": "La lengua de la organización de acogida, junto a la del dossier en los documentos que lee o firma: fr, en… o none (por defecto: según el país de destino).",
        "ca": "La llengua de l'organització d'acollida, al costat de la del dossier en els documents que llegeix o signa: fr, en… o none (per defecte: segons el país de destinació).",
        "de": "Die Sprache der aufnehmenden Einrichtung; sie steht in den Unterlagen, die diese liest oder unterschreibt, neben der Sprache der Mappe: fr, en… oder none (Standard: je nach Zielland).",
    },
}
_msg = catalogue("cli", HELP)


def localise(app, lang: str) -> None:
    """Put the help of `app`, its commands and their options in `lang` (English is as written)."""
    if lang == "en":
        return
    import inspect

    keys = {entry["en"]: key for key, entry in HELP.items()}

    def say(text: str | None) -> str | None:
        key = keys.get(inspect.cleandoc(text)) if text else None
        return _msg(key, lang) if key else text

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
