"""A rule-file problem in the user's language: the checks' English, matched and translated.

The checks (spec.py, loader.py, yamlsafe.py, checks.py, template_checks.py) write each
problem in English, the words of logs and of `--lang en`; a message whose English matches
a pattern below is shown in the user's language. A placeholder in the middle of a pattern
that is itself a phrase (a PyYAML explanation, "template x (line 3)") is translated the same
way, so a user reads one language; names, ids, file names and YAML tokens stay as written.
"""

from __future__ import annotations

import re
import string

from mobility_advisor.i18n.catalogues import NC_, Message, messages
from mobility_advisor.rules.problems import Problem

# Order matters: the first pattern that matches the whole message wins, so a specific
# sentence comes before a general one that could also match it.
PROBLEMS: dict[str, Message] = {
    # TRANSLATORS: {where} is a place in a rule file (questions[2].choices): keep it as it is.
    "not_text": NC_("validate", "{where} must be text, not {type}"),
    "file_empty": NC_("validate", "file is empty"),
    "empty": NC_("validate", "{where} is empty"),
    "not_in_enum": NC_("validate", "{where} is {value}; expected one of: {values}"),
    "bad_id": NC_("validate", "{where} {value} is not a valid id (lower-case words joined by '.' or '_')"),
    "not_whole": NC_("validate", "{where} must be a whole number, not {type}"),
    "between": NC_("validate", "{where} must be between {min} and {max}"),
    "not_bool": NC_("validate", "{where} must be true or false, not {type}"),
    "not_list": NC_("validate", "{where} must be a list, not {type}"),
    "not_mapping": NC_("validate", "{where} must be a mapping (key: value lines), not {type}"),
    # TRANSLATORS: {langs} is the list of language codes ('fr', 'en', …): keep it as it is.
    "not_text_mapping": NC_("validate", "{where} must be a text with {langs} (key: value lines), not {type}"),
    "not_rule_file": NC_("validate", "{where} must be a rule file (key: value lines), not {type}"),
    "min_one": NC_("validate", "{where} needs at least one item"),
    "min_items": NC_("validate", "{where} needs at least {n} items"),
    "not_question_id": NC_("validate", "{where}: {key} is not a valid question id"),
    "missing_key": NC_("validate", "{where}: missing required key '{key}'"),
    "unknown_key_near": NC_("validate", "{where}: unknown key '{key}' (did you mean '{near}'?)"),
    "unknown_key": NC_("validate", "{where}: unknown key '{key}' (allowed: {keys})"),
    "not_condition": NC_("validate", "{where} must be a condition mapping, not {type}"),
    "conditions_list": NC_("validate", "{where} must be a non-empty list of conditions"),
    # TRANSLATORS: the words in capitals and in braces are the syntax of a condition: keep them.
    "condition_forms": NC_("validate", "{where}: a condition is {{answer: ID, OP: VALUE}} with OP one of is, in, "
                                       "includes, tag, answered; {{fact: NAME, below|at_least: N}}; or all/any/not"),
    "op_subject": NC_("validate", "{where}: '{op}' cannot be used with '{subject}'"),
    "in_list": NC_("validate", "{where} must be a non-empty list"),
    "must_bool": NC_("validate", "{where} must be true or false"),
    "must_whole": NC_("validate", "{where} must be a whole number"),
    "must_text": NC_("validate", "{where} must be text"),
    "must_value": NC_("validate", "{where} must be a value (text, number or true/false)"),
    # (general: after every other "must be …, not …")
    # TRANSLATORS: {shapes} lists the allowed sets of keys, e.g. {seed, section} or {public}.
    "one_of_shapes": NC_("validate", "{where} must be {shapes}, not {keys}"),
    "no_file": NC_("validate", "no such file or folder"),
    "no_yaml": NC_("validate", "no rule file (*.yaml) in this folder"),
    "not_regular": NC_("validate", "not a regular file"),
    "broken_link": NC_("validate", "broken symbolic link"),
    # TRANSLATORS: {reason} is the system's own explanation (e.g. Permission denied).
    "no_folder": NC_("validate", "cannot read folder: {reason}"),
    "no_read_file": NC_("validate", "cannot read file: {reason}"),
    "no_read": NC_("validate", "cannot read: {reason}"),
    "link_loop": NC_("validate", "symbolic link loop: leads back to {path}; not followed"),
    "same_folder": NC_("validate", "same folder as {path} (symbolic link): read once"),
    "duplicate_id": NC_("validate", "duplicate id '{id}' (first defined at {at})"),
    "seed_twice": NC_("validate", "seed '{file}' is listed twice (first at {at})"),
    "source_twice": NC_("validate", "source '{id}' is listed twice (first at {at})"),
    "route_twice": NC_("validate", "duplicate route id '{id}'"),
    "no_start": NC_("validate", "no rule file says where the walk starts ('start: <question id>')"),
    "start_twice": NC_("validate", "'start' is given twice (also at {at})"),
    "not_utf8": NC_("validate", "file is not valid UTF-8 text (save it as UTF-8)"),
    "too_big": NC_("validate", "file is {size} MiB; rule and answers files are limited to {limit} MiB"),
    "over_limit": NC_("validate", "file is larger than the {limit} MiB limit"),
    "dup_key": NC_("validate", "duplicate key {key} (first at line {line})"),
    "plain_keys": NC_("validate", "mapping keys must be plain words"),
    "too_deep": NC_("validate", "structure nested deeper than {levels} levels"),
    # TRANSLATORS: {yaml} is PyYAML's explanation, translated with the phrases of context "validate: YAML".
    "yaml_syntax": NC_("validate", "YAML syntax error: {yaml}"),
    "bad_char": NC_("validate", "character U+{code} is not allowed in YAML ({yaml})"),
    "custom_tag": NC_("validate", "custom YAML tag {tag} is not allowed"),
    "bad_value": NC_("validate", "bad value {value}: {yaml}"),
    "anchors": NC_("validate", "YAML anchors (&name) are not allowed in these files"),
    "aliases": NC_("validate", "YAML aliases (*name) are not allowed in these files"),
    "one_document": NC_("validate", "only one YAML document per file is allowed (remove '---')"),
    "yaml_error": NC_("validate", "YAML error: {yaml}"),
    "no_help": NC_("validate", "question '{id}' has no help text"),
    "leads_to": NC_("validate", "'{id}' leads to '{target}', which is not a question of the tree"),
    "not_reached": NC_("validate", "question '{id}' cannot be reached from the start ('{start}')"),
    "cond_fact": NC_("validate", "condition on the fact '{fact}', but the tree asks no {questions}"),
    "cond_unknown": NC_("validate", "condition on '{id}', which is not a question of the tree"),
    "no_tag": NC_("validate", "no choice of '{id}' has the tag '{value}'"),
    "no_include": NC_("validate", "'{id}' has no choice '{value}' to include (or is not 'multiple')"),
    "no_choice": NC_("validate", "'{id}' has no choice '{value}'"),
    "yes_no": NC_("validate", "'{id}' is yes/no: compare it with true or false"),
    "use_includes": NC_("validate", "'{id}' takes several choices: use 'includes'"),
    "caveat_who": NC_("validate", "caveat '{id}' does not say whom to check with (check_with)"),
    "no_choices": NC_("validate", "question '{id}' is '{kind}' but has no choices"),
    "choices_only": NC_("validate", "question '{id}' is '{kind}': only single/multiple take choices"),
    "choice_twice": NC_("validate", "choice value '{value}' appears twice in '{id}'"),
    "not_before_date": NC_("validate", "not_before: '{id}' is not a date question"),
    "not_before_kind": NC_("validate", "not_before is only for date questions ('{id}' is '{kind}')"),
    "max_length_kind": NC_("validate", "max_length is only for text questions ('{id}' is '{kind}')"),
    # TRANSLATORS: {detail} says what the question expects (in the user's language when known).
    "bad_default": NC_("validate", "default of '{id}' does not fit the question: {detail}"),
    "loops": NC_("validate", "'{id}' leads back to '{target}': the walk would loop"),
    "bad_start": NC_("validate", "start: '{id}' is not a question of the tree"),
    "asked_when": NC_("validate", "'{id}' is asked only when '{other}' is answered, but no path asks '{other}' "
                                  "before it"),
    "not_before_order": NC_("validate", "'{id}' must not precede '{other}', which is not asked before it"),
    "tests_before": NC_("validate", "a condition of '{id}' tests '{other}', but no path asks '{other}' before it"),
    "dead_branch": NC_("validate", "choice '{value}' of '{id}' opens a branch that leads nowhere: '{target}' is "
                                   "asked only when a condition holds that this choice rules out"),
    "step_phase": NC_("validate", "step '{id}' needs a phase (before, during or after)"),
    "doc_template": NC_("validate", "document '{id}' needs a template and a title"),
    "doc_no_template": NC_("validate", "document '{id}': template {file} does not exist"),
    "template_only_doc": NC_("validate", "only documents take a template ('{id}' is a {kind})"),
    # TRANSLATORS: {questions} are the ids of the date questions (placement.start/placement.end).
    "due_no_dates": NC_("validate", "'{id}' has a due date but the tree asks no {questions}"),
    "not_public_source": NC_("validate", "source '{id}' is not a known public source (known: {known})"),
    "not_seed": NC_("validate", "source '{id}' is not a known seed document (known: {known})"),
    "no_section": NC_("validate", "section '{section}' is not listed for {code} in the sources registry "
                                  "(known: {known})"),
    # TRANSLATORS: {field} is a key of the rule file (title, text…), {lang} a language code.
    "unknown_placeholder": NC_("validate", "'{id}' {field} ({lang}): unknown placeholder {name} (known: {known})"),
    "unbalanced": NC_("validate", "'{id}' {field} ({lang}): unbalanced brace {{ or }}"),
    "route_unknown_q": NC_("validate", "route '{id}' answers '{qid}', which is not a question"),
    "route_answer": NC_("validate", "route '{id}': answer to '{qid}': {detail}"),
    "route_not_asked": NC_("validate", "route '{id}' answers '{qid}', but its walk never asks it (check the "
                                       "answers that lead there)"),
    # TRANSLATORS: {template} is "template x.md.j2 (line 3)", "a template" or "the pack", translated.
    "cannot_supply": NC_("validate", "{template} uses {what}, which route '{id}' cannot supply"),
    "render_fails": NC_("validate", "{template} fails: {detail} (route '{id}')"),
    "template_missing": NC_("validate", "template {name} does not exist (route '{id}')"),
    "template_syntax": NC_("validate", "template {name} (line {line}) has a syntax error: {detail}"),
    "template_syntax_file": NC_("validate", "template {name} has a syntax error: {detail}"),
    "template_unreadable": NC_("validate", "template {name} cannot be read: {reason}"),
    "template_literal": NC_("validate", "template {name}: {func}() needs its words as a literal string, for the "
                                        "catalogues"),
    "template_render": NC_("validate", "{template}: {detail} (route '{id}')"),
    "template_untranslated": NC_("validate", "template message {text} is not translated in {file}"),
    "template_lines": NC_("validate", "template message {text} in {lang} ({translation}) has {lines} lines, "
                                      "the template's words {wanted}"),
    "template_values": NC_("validate", "template message {text} in {lang} ({translation}) does not use the "
                                       "values {names} as %(name)s"),
    "template_same": NC_("validate", "template message {text} reads the same in {a} and {b} ({translation}): "
                                     "translate it, or add it to template_words.SAME_IN if both languages "
                                     "write it so"),
    "internal": NC_("validate", "internal error while checking ({detail}); please report it"),
}

# A phrase inside a message (the named placeholder), itself translated by the first that matches.
PHRASES: dict[str, dict[str, Message]] = {
    "shapes": {
        # TRANSLATORS: two sets of keys a mapping may have, e.g. {seed, section} or {public}.
        "or": NC_("validate: two sets of keys", "{first} or {second}"),
    },
    "template": {
        "line": NC_("validate: where a template problem is", "template {name} (line {line})"),
        "file": NC_("validate: where a template problem is", "template {name}"),
        "some": NC_("validate: where a template problem is", "a template"),
        "pack": NC_("validate: where a template problem is", "the pack"),
    },
    # PyYAML's own explanation: "problem (context)"; its tokens ('<block end>', ':') stay as written.
    "yaml": {
        # TRANSLATORS: {problem} and {context} are the two halves of PyYAML's explanation, translated.
        "both": NC_("validate: YAML", "{problem} ({context})"),
        "mapping_here": NC_("validate: YAML", "mapping values are not allowed here"),
        "mapping_context": NC_("validate: YAML", "mapping values are not allowed in this context"),
        "keys_here": NC_("validate: YAML", "mapping keys are not allowed here"),
        "entries_context": NC_("validate: YAML", "block sequence entries are not allowed in this context"),
        "entries_here": NC_("validate: YAML", "sequence entries are not allowed here"),
        "unclosed": NC_("validate: YAML", "invalid indentation or unclosed '[' or '{{'"),
        "no_token": NC_("validate: YAML", "found character that cannot start any token"),
        "colon": NC_("validate: YAML", "could not find expected ':'"),
        "start_token": NC_("validate: YAML", "found character {char} that cannot start any token"),
        "node_content": NC_("validate: YAML", "expected the node content, but found {found}"),
        "line_break": NC_("validate: YAML", "expected a comment or a line break, but found {found}"),
        "expected": NC_("validate: YAML", "expected {expected}, but found {found}"),
        "expected_got": NC_("validate: YAML", "expected {expected}, but got {found}"),
        "key": NC_("validate: YAML", "did not find expected key"),
        "dash": NC_("validate: YAML", "did not find expected '-' indicator"),
        "no_content": NC_("validate: YAML", "did not find expected node content"),
        # TRANSLATORS: {first} and {second} are YAML punctuation (',' and ']'): keep them.
        "either": NC_("validate: YAML", "did not find expected {first} or {second}"),
        "end": NC_("validate: YAML", "found unexpected end of stream"),
        "escape": NC_("validate: YAML", "found unknown escape character {char}"),
        "tab": NC_("validate: YAML", "found a tab character that violates indentation"),
        "tab_space": NC_("validate: YAML", "found a tab character where an indentation space is expected"),
        "special": NC_("validate: YAML", "special characters are not allowed"),
        "number": NC_("validate: YAML", "number too long"),
        "simple_key": NC_("validate: YAML", "while scanning a simple key"),
        "next_token": NC_("validate: YAML", "while scanning for the next token"),
        "double_quoted": NC_("validate: YAML", "while scanning a double-quoted scalar"),
        "plain": NC_("validate: YAML", "while scanning a plain scalar"),
        "quoted": NC_("validate: YAML", "while scanning a quoted scalar"),
        "block_scalar": NC_("validate: YAML", "while scanning a block scalar"),
        "block_mapping": NC_("validate: YAML", "while parsing a block mapping"),
        "block_collection": NC_("validate: YAML", "while parsing a block collection"),
        "block_node": NC_("validate: YAML", "while parsing a block node"),
        "flow_sequence": NC_("validate: YAML", "while parsing a flow sequence"),
        "flow_mapping": NC_("validate: YAML", "while parsing a flow mapping"),
        "flow_node": NC_("validate: YAML", "while parsing a flow node"),
        "a_node": NC_("validate: YAML", "while parsing a node"),
    },
}
WORDS: dict[str, Message] = {
    "type_text": NC_("validate: a kind of YAML value", "text"),
    "type_number": NC_("validate: a kind of YAML value", "number"),
    "type_list": NC_("validate: a kind of YAML value", "list"),
    "type_yes/no": NC_("validate: a kind of YAML value", "yes/no"),
    "type_mapping": NC_("validate: a kind of YAML value", "mapping"),
    "type_nothing": NC_("validate: a kind of YAML value", "nothing"),
    "none": NC_("validate: no known value", "none"),
}
msg = messages(WORDS)
messages(PROBLEMS)  # listed with the others for the translation report
for _table in PHRASES.values():
    messages(_table)


def _regex(msgid: str) -> re.Pattern[str]:
    """The msgid as a regular expression: each placeholder a named group, a repeated one the same text."""
    out, seen = [], set()
    for literal, field, _spec, _conv in string.Formatter().parse(msgid):
        out.append(re.escape(literal))
        if field is not None:
            out.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
    return re.compile("^" + "".join(out) + "$", re.S)


_compiled: dict[tuple[str, ...], list[tuple[re.Pattern[str], Message]]] = {}


def _patterns(table: dict[str, Message]) -> list[tuple[re.Pattern[str], Message]]:
    """A table's patterns, compiled once."""
    key = tuple(m.msgid for m in table.values())
    if key not in _compiled:
        _compiled[key] = [(_regex(entry.msgid), entry) for entry in table.values()]
    return _compiled[key]


def _value(name: str, value: str, lang: str) -> str:
    """A placeholder's value in `lang`: a YAML type, "none", a phrase of PHRASES, else as written."""
    if name == "type" and f"type_{value}" in WORDS:
        return msg(f"type_{value}", lang)
    if name in ("known", "names") and value.strip("()") == "none":
        return value.replace("none", msg("none", lang))
    if name in PHRASES or name in ("problem", "context"):  # PyYAML's two halves are YAML phrases
        return _translated(value, lang, PHRASES.get(name, PHRASES["yaml"]))
    if name == "size":  # a file's size, written "1.4" by the check
        from mobility_advisor.i18n.localize import decimal_text

        return decimal_text(value, lang)
    if name == "detail":  # an answer that does not fit its question: the answers' own words
        return _translated(value, lang, _answer_errors())
    return value


def _answer_errors() -> dict[str, Message]:
    from mobility_advisor.i18n.messages import MESSAGES

    return {k: m for k, m in MESSAGES.items() if k.startswith("err_")}


def _translated(message: str, lang: str, table: dict[str, Message]) -> str:
    for regex, entry in _patterns(table):
        m = regex.match(message)
        if m:
            values = {k: _value(k, v, lang) for k, v in m.groupdict().items()}
            return entry.translate(lang, values).format(**values)
    return message


def say(message: str, lang: str) -> str:
    """A problem's message in `lang` when the catalogue has its pattern, else as written."""
    return message if lang == "en" else _translated(message, lang, PROBLEMS)


def in_language(problems: list[Problem], lang: str) -> list[Problem]:
    return [Problem(p.at, say(p.message, lang), p.severity, p.code) for p in problems]
