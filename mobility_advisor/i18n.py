"""The tool's own words (not the advice, which lives in rules/).

French and English sit beside the code that uses them (French is the reference); the
other languages live in `locales/LANG.yaml`, one file per language so that translators
never edit the same file, under the catalogue's name and the message's key.
"""

from __future__ import annotations

import os
from pathlib import Path

from .langs import LANGS

MESSAGES: dict[str, dict[str, str]] = {
    "welcome_title": {"fr": "mobility-advisor : aide à la décision", "en": "mobility-advisor: decision aid"},
    "welcome": {
        "fr": "Je vais vous poser quelques questions sur la mobilité, puis écrire un dossier prêt à l'emploi : "
              "une liste de contrôle AVANT / PENDANT / APRÈS et les documents dont votre démarche a besoin, "
              "remplis avec vos réponses.\n"
              "Dans les listes, choisissez « ← Retour » pour revenir à la question précédente et « ? Aide » "
              "pour une explication ; dans les champs texte, tapez < pour revenir et ? pour l'aide. "
              "Ctrl-C interrompt sans rien perdre.",
        "en": "I will ask a few questions about the mobility, then write a ready-to-use pack: a BEFORE / "
              "DURING / AFTER checklist and the documents your route needs, filled with your answers.\n"
              "In lists, choose \"← Back\" to return to the previous question and \"? Help\" for an "
              "explanation; in text fields, type < to go back and ? for help. Ctrl-C stops without losing "
              "anything.",
    },
    "back": {"fr": "← Retour", "en": "← Back"},
    "help": {"fr": "? Aide", "en": "? Help"},
    "no_help": {"fr": "Pas d'aide pour cette question.", "en": "No help for this question."},
    "yes": {"fr": "Oui", "en": "Yes"},
    "no": {"fr": "Non", "en": "No"},
    "text_hint": {"fr": "(< retour, ? aide)", "en": "(< back, ? help)"},
    "pick_one": {"fr": "au moins un choix", "en": "at least one choice"},
    "checkbox_hint": {
        "fr": "(espace pour cocher, tapez pour filtrer, Entrée pour valider)",
        "en": "(space to tick, type to filter, Enter to confirm)",
    },
    "select_hint": {"fr": "(flèches ou tapez pour filtrer, Entrée)", "en": "(arrows or type to filter, Enter)"},
    "summary_title": {"fr": "Vos réponses", "en": "Your answers"},
    "question": {"fr": "Question", "en": "Question"},
    "answer": {"fr": "Réponse", "en": "Answer"},
    "confirm": {"fr": "Que voulez-vous faire ?", "en": "What would you like to do?"},
    "write": {"fr": "Écrire le dossier", "en": "Write the pack"},
    "change": {"fr": "Modifier une réponse", "en": "Change an answer"},
    "which": {"fr": "Quelle réponse modifier ?", "en": "Which answer do you want to change?"},
    "quit": {"fr": "Quitter sans écrire (réponses conservées)", "en": "Quit without writing (answers kept)"},
    "written": {"fr": "Dossier écrit dans : {path}", "en": "Pack written to: {path}"},
    "files": {"fr": "{n} fichiers, dont la liste de contrôle et {docs} document(s).",
              "en": "{n} files, including the checklist and {docs} document(s)."},
    "caveats_count": {"fr": "{n} point(s) à vérifier : commencez par index.md.",
                      "en": "{n} point(s) to check: start with index.md."},
    "interrupted": {
        "fr": "Interrompu : aucun dossier écrit. Vos {n} réponse(s) sont conservées dans {path}.\n"
              "Pour reprendre : mobility-advisor ask --resume",
        "en": "Interrupted: no pack written. Your {n} answer(s) are kept in {path}.\n"
              "To resume: mobility-advisor ask --resume",
    },
    "resumed": {"fr": "Reprise avec {n} réponse(s) déjà données.", "en": "Resuming with {n} answer(s) already given."},
    "no_resume": {"fr": "Aucune session interrompue à reprendre ({path}).",
                  "en": "No interrupted session to resume ({path})."},
    "record_no_tty": {
        "fr": "Pas de terminal interactif. Sans terminal, écrivez les résultats à la main dans la partie "
              "« results: » de {path} (voir « Learning outcomes and results » dans le README), puis relancez "
              "mobility-advisor render --answers {path}.",
        "en": "No interactive terminal. Without one, write the results by hand in the 'results:' part of {path} "
              "(see \"Learning outcomes and results\" in the README), then run mobility-advisor render --answers "
              "{path} again.",
    },
    "no_tty": {
        "fr": "Pas de terminal interactif. Sans terminal, donnez un fichier de réponses : "
              "mobility-advisor ask --answers REPONSES.yaml (voir --save-answers pour en créer un).",
        "en": "No interactive terminal. Without one, give an answers file: "
              "mobility-advisor ask --answers ANSWERS.yaml (see --save-answers to create one).",
    },
    "saved_answers": {"fr": "Réponses enregistrées dans : {path}", "en": "Answers saved to: {path}"},
    "exists": {
        "fr": "{path} existe déjà et n'est pas vide : rien n'a été écrit. Ajoutez --force pour mettre à jour le "
              "dossier (vos propres fichiers sont gardés), ou choisissez un autre dossier avec -o.",
        "en": "{path} already exists and is not empty: nothing was written. Add --force to update the pack "
              "(your own files are kept), or choose another folder with -o.",
    },
    # the pack folder and what --force keeps (packdir, manifest); saved answers and sessions
    "not_a_pack": {
        "fr": "{path} n'est pas vide et n'est pas un dossier écrit par mobility-advisor (pas de fichier "
              ".mobility-advisor.json) : --force ne le remplace pas, pour ne rien perdre. Choisissez un autre "
              "dossier avec -o.",
        "en": "{path} is not empty and was not written by mobility-advisor (no .mobility-advisor.json file): "
              "--force will not replace it, so that nothing is lost. Choose another folder with -o.",
    },
    "a_cohort": {"fr": "{path} est un dossier de cohorte, pas le dossier d'un apprenant : --force ne le remplace pas. "
                       "Choisissez un autre dossier avec -o.",
                 "en": "{path} is a cohort folder, not one learner's pack: --force will not replace it. "
                       "Choose another folder with -o."},
    "bad_manifest": {
        "fr": "{path} : fichier de suivi du dossier illisible ou d'un autre outil ({why}) : rien n'a été remplacé. "
              "Choisissez un autre dossier avec -o.",
        "en": "{path}: the pack's record file is unreadable or from another tool ({why}): nothing was replaced. "
              "Choose another folder with -o.",
    },
    "cannot_write": {"fr": "impossible d'écrire {path} : {why}. Rien n'a été écrit.",
                     "en": "cannot write {path}: {why}. Nothing was written."},
    "cannot_update": {
        "fr": "impossible de terminer la mise à jour de {path} : {why}. Vos propres fichiers n'ont pas été touchés ; "
              "relancez la commande une fois le problème réglé.",
        "en": "cannot finish updating {path}: {why}. Your own files were not touched; run the command again once "
              "the problem is fixed.",
    },
    "exists_file": {"fr": "{path} existe déjà : rien n'a été écrit. Ajoutez --force pour le remplacer.",
                    "en": "{path} already exists: nothing was written. Add --force to replace it."},
    "is_a_folder": {"fr": "{path} est un dossier : donnez un nom de fichier avec {option}",
                    "en": "{path} is a folder: give a file name with {option}"},
    "kept_edited": {"fr": "Gardé tel quel : {file} (modifié à la main) ; nouvelle version écrite à côté : {new}",
                    "en": "Kept as it is: {file} (edited by hand); new version written beside it: {new}"},
    "kept_old": {"fr": "Gardé tel quel : {file} (modifié à la main ; le dossier n'en a plus besoin)",
                 "en": "Kept as it is: {file} (edited by hand; the pack no longer needs it)"},
    "kept_link": {
        "fr": "Laissé tel quel : {file} est un lien symbolique : rien n'est écrit ni supprimé à travers lui "
              "(ce qu'il désigne est à vous).",
        "en": "Left as it is: {file} is a symbolic link: nothing is written or removed through it (what it "
              "points to is yours).",
        # es, ca, de here (not in locales/): written with this message, to be read by the translators
        "es": "Se deja tal cual: {file} es un enlace simbólico: no se escribe ni se borra nada a través de él "
              "(lo que señala es suyo).",
        "ca": "Es deixa tal com és: {file} és un enllaç simbòlic: no s'hi escriu ni s'hi esborra res a través "
              "(allò que assenyala és seu).",
        "de": "Unverändert gelassen: {file} ist ein symbolischer Link: Über ihn wird nichts geschrieben oder "
              "gelöscht (worauf er zeigt, gehört Ihnen).",
    },
    "kept_yours": {"fr": "{n} fichier(s) ou dossier(s) ajouté(s) par vous : laissé(s) tel(s) quel(s).",
                   "en": "{n} file(s) or folder(s) you added: left as they are."},
    "answers_exist": {
        "fr": "{path} existe déjà : rien n'a été demandé ni écrit. Ajoutez --force pour le remplacer, ou donnez "
              "un autre fichier à --save-answers.",
        "en": "{path} already exists: nothing was asked or written. Add --force to replace it, or give "
              "--save-answers another file.",
    },
    "answers_not_file": {"fr": "--save-answers {path} : {why} ; donnez un nom de fichier",
                         "en": "--save-answers {path}: {why}; give a file name"},
    "session_kept": {"fr": "Vos {n} réponse(s) sont conservées dans {path}.\nPour reprendre : mobility-advisor ask --resume",
                     "en": "Your {n} answer(s) are kept in {path}.\nTo resume: mobility-advisor ask --resume"},
    "sessions_waiting": {
        "fr": "{n} session(s) inachevée(s) conservée(s) : mobility-advisor ask --resume pour en reprendre une.",
        "en": "{n} unfinished session(s) kept: mobility-advisor ask --resume to go on with one.",
    },
    "choose_session": {"fr": "Quelle session reprendre ?", "en": "Which session do you want to resume?"},
    "session_label": {"fr": "{name} — {n} réponse(s), interrompue le {when}",
                      "en": "{name} — {n} answer(s), stopped on {when}"},
    "no_name": {"fr": "(apprenant sans nom)", "en": "(no learner name yet)"},
    "resumed_options": {"fr": "Options de la session reprises : {options}", "en": "Session options resumed: {options}",
                        # es, ca, de here (not in locales/): written with this message, to be read by translators
                        "es": "Opciones de la sesión retomadas: {options}",
                        "ca": "Opcions de la sessió represes: {options}",
                        "de": "Optionen der Sitzung übernommen: {options}"},
    "stopped": {"fr": "Interrompu : aucun dossier écrit.", "en": "Interrupted: no pack written.",
                "es": "Interrumpido: no se ha escrito ningún dossier.", "ca": "Interromput: no s'ha escrit cap dossier.",
                "de": "Abgebrochen: Es wurde keine Mappe angelegt."},
    "nothing_written": {"fr": "Aucun dossier écrit.", "en": "No pack written.",
                        "es": "No se ha escrito ningún dossier.", "ca": "No s'ha escrit cap dossier.",
                        "de": "Es wurde keine Mappe angelegt."},
    "answers_unsaved": {
        "fr": "Vos {n} réponse(s) n'ont pas pu être enregistrées dans {path} ({why}) : elles ne sont qu'ici, "
              "ci-dessous, au format d'un fichier de réponses. Copiez-les dans un fichier, complétez-le, puis "
              "lancez mobility-advisor ask --answers FICHIER.",
        "en": "Your {n} answer(s) could not be saved to {path} ({why}): they are only here, below, as an answers "
              "file. Copy them into a file, complete it, then run mobility-advisor ask --answers FILE.",
        "es": "Sus {n} respuesta(s) no se han podido guardar en {path} ({why}): solo están aquí, a continuación, "
              "con el formato de un archivo de respuestas. Cópielas en un archivo, complételo y ejecute "
              "mobility-advisor ask --answers ARCHIVO.",
        "ca": "Les seves {n} resposta(es) no s'han pogut desar a {path} ({why}): només són aquí, a continuació, "
              "amb el format d'un fitxer de respostes. Copiï-les en un fitxer, completi'l i executi "
              "mobility-advisor ask --answers FITXER.",
        "de": "Ihre {n} Antwort(en) konnten nicht in {path} gespeichert werden ({why}): Sie stehen nur hier "
              "unten, im Format einer Antwortdatei. Kopieren Sie sie in eine Datei, ergänzen Sie sie und starten "
              "Sie dann mobility-advisor ask --answers DATEI.",
    },
    "session_unsaved": {
        "fr": "Attention : impossible d'enregistrer vos réponses dans {path} ({why}) ; elles seront perdues si "
              "la session s'interrompt.",
        "en": "Warning: cannot save your answers to {path} ({why}); they will be lost if the session stops.",
    },
    # answers files (answers.resolve) and cohort rows
    "unknown_ids": {"fr": "identifiant(s) de question inconnu(s) : {ids}", "en": "unknown question id(s): {ids}"},
    "not_answered": {"fr": "question '{id}' sans réponse ; attendu : {expected}",
                     "en": "question '{id}' is not answered; expected {expected}"},
    "bad_answer": {"fr": "question '{id}'{origin} : {why}", "en": "question '{id}'{origin}: {why}"},
    # command-line usage
    "bad_lang": {"fr": "--lang vaut l'une de ces langues : {langs} ; pas {value!r}",
                 "en": "--lang must be one of: {langs}; not {value!r}"},
    "route_or_answers": {"fr": "indiquez soit --route ID, soit --answers FICHIER (démarches : {routes})",
                         "en": "give either --route ID or --answers FILE (routes: {routes})"},
    "unknown_route": {"fr": "démarche inconnue {value!r} ; démarches : {routes}",
                      "en": "unknown route {value!r}; routes: {routes}"},
    "format_needs_file": {"fr": "un --format autre que md demande -o FICHIER",
                          "en": "--format other than md needs -o FILE"},
    "not_a_folder": {"fr": "{path} existe et n'est pas un dossier : choisissez un autre dossier avec -o",
                     "en": "{path} exists and is not a folder: choose another output folder with -o"},
    "err_project_code": {"fr": "« {value} » n'est pas un code de projet Erasmus+ : forme attendue "
                               "AAAA-R-NA00-KA000-FFF-000000000 (ex. 2024-1-FR01-KA121-VET-000123456), ou "
                               "l'ancienne forme 2020-1-FR01-KA202-080445 ; laissez vide s'il n'est pas connu",
                         "en": "'{value}' is not an Erasmus+ project code: expected shape "
                               "YYYY-R-NA00-KA000-FFF-000000000 (e.g. 2024-1-FR01-KA121-VET-000123456), or the "
                               "older shape 2020-1-FR01-KA202-080445; leave it blank if unknown"},
    "markdown_needs_picture": {"fr": "--markdown va avec --format mermaid ou dot",
                               "en": "--markdown goes with --format mermaid or dot"},
    "rules_broken": {"fr": "les fichiers de règles contiennent des erreurs : lancez `mobility-advisor validate`",
                     "en": "the rule files have errors; run `mobility-advisor validate` for details"},
    # answers refused where they are typed (engine.parse_answer)
    "err_not_a_date": {"fr": "« {value} » n'est pas une date : écrivez-la AAAA-MM-JJ (ex. 2027-03-02) ou JJ/MM/AAAA",
                       "en": "'{value}' is not a date: write it as YYYY-MM-DD (e.g. 2027-03-02) or DD/MM/YYYY, "
                             "day first (02/03/2027 is 2 March)"},
    "err_not_a_day": {"fr": "{value} n'existe pas dans le calendrier", "en": "{value} is not a day of the calendar"},
    "err_expected_text": {"fr": "un texte est attendu", "en": "expected text"},
    "err_control": {"fr": "les caractères de contrôle ne sont pas acceptés", "en": "control characters are not allowed"},
    "err_empty": {"fr": "cette réponse ne peut pas être vide", "en": "this answer may not be empty"},
    "err_too_long": {"fr": "{max} caractères au plus (cette réponse en a {n})",
                     "en": "at most {max} characters (this one has {n})"},
    "err_after_birth": {
        "fr": "le {value} n'est pas après la date de naissance de l'apprenant ({other}) : vérifiez l'année",
        "en": "{value} is not after the learner's date of birth ({other}): check the year",
        # es, ca, de here (not in locales/): written with this message, to be read by the translators
        "es": "el {value} no es posterior a la fecha de nacimiento del alumno/a ({other}): compruebe el año",
        "ca": "el {value} no és posterior a la data de naixement de l'alumne/a ({other}): comprovi l'any",
        "de": "{value} liegt nicht nach dem Geburtsdatum der lernenden Person ({other}): Prüfen Sie das Jahr",
    },
    "err_before": {"fr": "le {value} précède la date de début ({other})",
                   "en": "{value} is before the start date ({other})"},
    "err_yesno": {"fr": "répondez oui ou non", "en": "expected yes or no"},
    "err_one_of": {"fr": "valeur attendue parmi : {values}", "en": "expected one of: {values}"},
    "err_list_of": {"fr": "liste attendue d'un ou plusieurs choix parmi : {values}",
                    "en": "expected a list with one or more of: {values}"},
    "err_not_among": {"fr": "{bad} ne fait pas partie des choix : {values}", "en": "{bad} not among: {values}"},
    # A2 (#13 items 6-10, #18 wizard): dates, hidden characters, answers-file version, wizard lists
    "err_out_of_range": {
        "fr": "{value} est hors des dates acceptées (années {first} à {last}) : vérifiez l'année",
        "en": "{value} is outside the accepted dates (years {first} to {last}): check the year",
    },
    "err_hidden": {
        "fr": "le caractère invisible {code} n'est pas accepté (caractère de contrôle ou de mise en forme, "
              "par exemple d'inversion du sens du texte) : retapez la réponse",
        "en": "the invisible character {code} is not allowed (a control or formatting character, such as one "
              "that reverses the text direction): type the answer again",
    },
    "start_past": {
        "fr": "Attention : la date de début ({value}) est déjà passée ; les échéances antérieures sont dépassées.",
        "en": "Note: the start date ({value}) is already past; earlier deadlines have gone by.",
    },
    "bad_version": {
        "fr": "{file} : version {value} non prise en charge ; cette version de mobility-advisor lit les "
              "fichiers de réponses « version: 1 »",
        "en": "{file}: version {value} is not supported; this version of mobility-advisor reads answers files "
              "with 'version: 1'",
    },
    "checkbox_hint_filter": {
        "fr": "(espace pour cocher ou, en filtrant, pour taper une espace ; Tab pour cocher ; "
              "tapez pour filtrer ; Entrée pour valider)",
        "en": "(space to tick, or to type a space while filtering; Tab to tick; type to filter; "
              "Enter to confirm)",
    },
    "date_hint": {"fr": "(AAAA-MM-JJ ou JJ/MM/AAAA ; < retour, ? aide)",
                  "en": "(YYYY-MM-DD or DD/MM/YYYY, day first; < back, ? help)"},
    "date_help": {"fr": "Dates : 2027-03-05 ou 05/03/2027 (jour d'abord : 5 mars 2027).",
                  "en": "Dates: 2027-03-05 or 05/03/2027 (day first: 5 March 2027)."},
    "done_selected": {"fr": "{n} choix : {labels}", "en": "{n} chosen: {labels}"},
    "typed_before": {"fr": "Vous avez indiqué plus haut : {value}", "en": "You gave earlier: {value}"},
    "quit_kept": {
        "fr": "Aucun dossier écrit. Vos {n} réponse(s) sont conservées dans {path}.\n"
              "Pour reprendre : mobility-advisor ask --resume",
        "en": "No pack written. Your {n} answer(s) are kept in {path}.\n"
              "To resume: mobility-advisor ask --resume",
    },
}


# every catalogue by name: the translation tests read them all
CATALOGUES: dict[str, dict[str, dict[str, str]]] = {}
LOCALES_DIR = Path(__file__).parent / "locales"
_locales: dict[str, dict[str, dict[str, str]]] = {}


def locale_table(lang: str) -> dict[str, dict[str, str]]:
    """{catalogue: {key: text}} from locales/LANG.yaml, read once, on first use."""
    if lang not in _locales:
        path = LOCALES_DIR / f"{lang}.yaml"
        data = {}
        if path.is_file():
            import yaml

            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        _locales[lang] = data or {}
    return _locales[lang]


def text_of(name: str, key: str, lang: str) -> str | None:
    """The message in `lang`, or None when it is not written in that language."""
    entry = CATALOGUES[name][key]
    return entry.get(lang) or (locale_table(lang).get(name) or {}).get(key)


def catalogue(name: str, table: dict[str, dict[str, str]]):
    """A `msg(key, lang, **values)` function over a table of {key: {fr, en}} texts."""
    CATALOGUES[name] = table

    def msg(key: str, lang: str, **kw: object) -> str:
        # English stands in only while a language is not yet one the tool speaks
        text = text_of(name, key, lang) or table[key]["en"]
        if not kw:
            return text
        if lang == "ca":  # a date said in the message: "el 1 de març" -> "l'1 de març"
            from .localize import catalan_dates

            return catalan_dates(text.format(**kw))
        return text.format(**kw)

    return msg


msg = catalogue("i18n", MESSAGES)


def default_lang() -> str:
    """The user's language from the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE); French otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value[:2].lower() in LANGS:
            return value[:2].lower()
    return "fr"
