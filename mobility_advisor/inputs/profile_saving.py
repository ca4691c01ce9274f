"""New partners, companies and tutors saved back into a profile (`ask --save-profile`):
atomically, a hand-written profile keeping its comments, key order, quoting and layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.inputs.profile import (COMPANY_Q, COUNTRY_Q, FUNCTION_Q, PARTNER_Q, SENDING, TUTOR_Q, _key, load,
                                             msg)


def add_from_answers(path: Path, answers: Mapping[str, Any], lang: str) -> list[str]:
    """Add the organisation, partner, company and tutor of these answers to the profile at
    `path` (created if need be) when it does not know them yet; returns what was added, in
    words. The file is rewritten atomically. A hand-written profile keeps its text: comments,
    key order, quoting and layout, the new entries inserted where they belong (`_edit_text`)."""
    from mobility_advisor.core.fsutil import atomic_write
    from mobility_advisor.rules.yamlsafe import parse, read_text

    original, text = {}, ""
    if path.is_file():
        load(path, lang)  # a broken profile is refused, not overwritten
        text = read_text(path, str(path))
        original = _plain(parse(text, str(path)) or {})
    ops, added = _additions(original, answers, lang)
    if not ops:
        return []
    wanted = _apply(_plain(original), ops)
    edited = _edit_text(text, ops, wanted) if text.strip() else None
    if edited is None:  # a new profile (or a layout the text edit does not handle): written whole
        import yaml

        whole = {"version": 1, "lang": lang, **wanted} if not text.strip() else wanted
        edited = msg("file_head", lang) + "\n" + yaml.safe_dump(whole, allow_unicode=True, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, edited)
    return added


# An addition to a profile: ("set", path to a mapping, key, value) or ("append", path to a list,
# item); a path is a tuple of keys and list indexes from the top of the file.
Op = tuple


def _additions(data: Mapping[str, Any], answers: Mapping[str, Any], lang: str) -> tuple[list[Op], list[str]]:
    """What the answers add to the profile `data` (plain data), and the same in words."""
    ops: list[Op] = []
    added: list[str] = []

    def append(key_path: tuple, container: Any, item: Any) -> None:
        """Append to the list at key_path (a missing or empty key gets a one-item list)."""
        if isinstance(container, list):
            ops.append(("append", key_path, item))
        else:
            ops.append(("set", key_path[:-1], key_path[-1], [item]))

    org = data.get("organisation")
    if answers.get(SENDING) and not (isinstance(org, dict) and org.get("name")):
        if isinstance(org, dict):
            ops.append(("set", ("organisation",), "name", answers[SENDING]))
        else:
            ops.append(("set", (), "organisation", {"name": answers[SENDING]}))
        added.append(msg("added_org", lang, name=answers[SENDING]))
    country = answers.get(COUNTRY_Q) if answers.get(COUNTRY_Q) not in (None, "other") else None
    partner_name, company_name = answers.get(PARTNER_Q), answers.get(COMPANY_Q)
    partners = data.get("partners")
    if partner_name and not any(_key(p.get("name")) == _key(partner_name) for p in partners or ()):
        append(("partners",), partners, {"name": partner_name, **({"country": country} if country else {})})
        added.append(msg("added_partner", lang, name=partner_name))
    companies = data.get("companies")
    tutor = answers.get(TUTOR_Q)
    tutor_entry = {"name": tutor, **({"function": answers[FUNCTION_Q]} if answers.get(FUNCTION_Q) else {})}
    if company_name:
        at = next((i for i, c in enumerate(companies or ()) if _key(c.get("name")) == _key(company_name)), None)
        if at is None:
            company: dict[str, Any] = {"name": company_name}
            if partner_name:
                company["partner"] = partner_name
            if country:
                company["country"] = country
            company["tutors"] = [tutor_entry] if tutor else []
            append(("companies",), companies, company)
            added.append(msg("added_company", lang, name=company_name))
            if tutor:
                added.append(msg("added_tutor", lang, name=tutor))
        elif tutor:
            tutors = companies[at].get("tutors")
            if not any(_key(t.get("name")) == _key(tutor) for t in tutors or ()):
                append(("companies", at, "tutors"), tutors, tutor_entry)
                added.append(msg("added_tutor", lang, name=tutor))
    return ops, added


def _apply(data: dict[str, Any], ops: list[Op]) -> dict[str, Any]:
    """The profile's data with the additions made (on plain data)."""
    for op in ops:
        target: Any = data
        for step in op[1]:
            target = target[step]
        if op[0] == "set":
            target[op[2]] = op[3]
        else:
            target.append(op[2])
    return data


def _edit_text(text: str, ops: list[Op], wanted: dict[str, Any]) -> str | None:
    """The profile's text with the additions inserted, everything else as the user wrote it; None
    when the result would not read back as `wanted` (then the caller writes the file whole)."""
    import yaml

    from mobility_advisor.rules.yamlsafe import YamlError, parse

    try:
        for op in ops:
            text = _insert(text, op)
        if _plain(parse(text, "profile")) == wanted:
            return text
    except (yaml.YAMLError, YamlError, LookupError, TypeError, ValueError):
        pass
    return None


def _flow(value: Any) -> str:
    import yaml

    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6).strip()


def _block(value: Any, indent: int) -> str:
    import yaml

    dumped = yaml.safe_dump(value, default_flow_style=False, allow_unicode=True, sort_keys=False, width=10**6)
    return "".join(" " * indent + line for line in dumped.splitlines(keepends=True))


def _insert(text: str, op: Op) -> str:
    """One addition made in the text, located with PyYAML's node positions."""
    import yaml

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for step in op[1]:
        node = dict((k.value, v) for k, v in node.value)[step] if isinstance(step, str) else node.value[step]
    if op[0] == "set":
        key, value = op[2], op[3]
        if not isinstance(node, yaml.MappingNode):
            raise TypeError("not a mapping")
        current = dict((k.value, v) for k, v in node.value).get(key)
        if current is not None:  # `partners:` left empty (null): the value goes in its place
            if not (isinstance(current, yaml.ScalarNode) and current.tag.endswith(":null")):
                raise ValueError("the key has a value")
            if current.start_mark.index == current.end_mark.index:  # nothing written after the colon
                line_end = text.find("\n", current.start_mark.index)
                at = len(text) if line_end < 0 else line_end
                colon = text.rfind(":", 0, at)
                return text[:colon + 1] + " " + _flow(value) + text[colon + 1:]
            return text[:current.start_mark.index] + _flow(value) + text[current.end_mark.index:]
        if node.flow_style:
            close = node.end_mark.index - 1  # the "}"
            sep = ", " if node.value else ""
            return text[:close] + sep + _flow({key: value})[1:-1] + text[close:]
        return _after_last_line(text, node, _block({key: value}, node.start_mark.column))
    item = op[2]
    if not isinstance(node, yaml.SequenceNode):
        raise TypeError("not a list")
    if node.flow_style:
        close = node.end_mark.index - 1  # the "]"
        sep = ", " if node.value else ""
        return text[:close] + sep + _flow(item) + text[close:]
    like_flow = bool(node.value) and getattr(node.value[-1], "flow_style", False)
    col = node.start_mark.column
    entry = " " * col + "- " + _flow(item) + "\n" if like_flow else _block([item], col)
    return _after_last_line(text, node, entry)


def _after_last_line(text: str, node: Any, block: str) -> str:
    """`block` inserted after the last line of a block collection's content (before the comments
    and blank lines that follow it, which belong to what comes next)."""
    import yaml

    last = node
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and not last.flow_style and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark.index
    line_end = text.find("\n", end)
    if line_end < 0:
        return text + "\n" + block
    return text[:line_end + 1] + block + text[line_end + 1:]


def _plain(value: Any) -> Any:
    """LMap / LList (which know their lines) as plain dicts and lists, for yaml.safe_dump."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
