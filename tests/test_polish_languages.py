"""Language rules that are not words (issue #28, "every language first-class"): what native
readers of the five languages found in the packs today. Each test writes a pack with the command
line in the language and reads what the user reads.
"""

from __future__ import annotations

import re

import pytest

from test_words28 import pack

_PACKS: dict = {}


@pytest.fixture
def written(tmp_path_factory, tree):
    """The pack of a route in a language, written once per test module (the CLI is slow)."""
    def get(route: str, lang: str) -> dict[str, str]:
        if (route, lang) not in _PACKS:
            _PACKS[route, lang] = pack(tmp_path_factory.mktemp(f"{route}-{lang}"), tree, route, lang)
        return _PACKS[route, lang]
    return get


# --- 1. "; " joins: a chosen option after a semicolon, as each language writes it ----------------------

def test_de_semicolon_lowers_an_article_not_a_noun(written):
    files = written("integration", "de")
    text = files["index.md"] + files["evaluation_grid.md"]
    assert "; ein Beurteilungsraster" in text and "; eine Präsentation" in text
    assert "; Ein " not in text and "; Eine " not in text
    # a noun keeps its capital, first or after a semicolon
    assert "| Beobachtung vorher" in text and "; Ein eigenes" not in text
    assert "Im Bewertungsraster, wenn" in text and "; im Bewertungsraster" not in text


@pytest.mark.parametrize("lang", ["fr", "en", "es", "ca"])
def test_semicolon_joins_lower_a_common_word_keep_names(written, lang):
    files = written("integration", lang)
    for line in files["index.md"].splitlines():
        for m in re.finditer(r"[;] ([A-ZÀ-Ý]\w*)", line):
            word = m.group(1)
            # after a semicolon only a name or an acronym keeps its capital
            assert word.isupper() or word[1:2].isupper() or word in ("Europass", "Erasmus", "Code", "Légifrance",
                                                                       "French", "Cod", "Fra", "Handwerkskammern") \
                or "http" in line or "(Source" in line[:m.start()] or "(Font" in line[:m.start()] \
                or "(Fuente" in line[:m.start()], (word, line[:160])


def test_de_check_with_an_article_after_a_colon_is_small(written):
    """"Ansprechstelle: Das CFA" -> "Ansprechstelle: das CFA" (a noun phrase after a colon, not a sentence)."""
    files = written("participation", "de")
    text = files["index.md"] + files["checklist.md"]
    assert "Ansprechstelle:** das CFA" in text
    assert not re.search(r"Ansprechstelle:\*\* (Das|Die|Der|Den|Ein|Eine|Ihr|Ihre) ", text)


# --- 2. dates: the straight apostrophe the rest of the text uses -----------------------------------

def test_ca_dates_take_the_straight_apostrophe(written):
    files = written("participation", "ca")
    text = "\n".join(files.values())
    assert "d’" not in text and "l’" not in text
    assert re.search(r"\b31 d'agost del 2027", text)


def test_fr_first_of_the_month(written):
    text = "\n".join(written("participation", "fr").values())
    assert "’" not in re.sub(r"[^\n]*https?://[^\n]*", "", text).replace("aujourd’hui", "")
    assert "1er septembre 2025" in text


# --- 4. the check-with line reads once -------------------------------------------------------------

_CHECK = {"fr": ("Vérifiez avec", "À vérifier avec"), "en": ("Check with", "Check with"),
          "es": ("Compruebe con", "Comprobar con"), "ca": ("Comprovi amb", "Cal comprovar-ho amb"),
          "de": ("Bitte prüfen", "Ansprechstelle")}


@pytest.mark.parametrize("lang", ["fr", "en", "es", "ca", "de"])
def test_a_check_line_says_check_once(written, lang):
    files = written("europass", lang)
    checklist = files["checklist.md"]
    first = checklist.split("## ", 2)[1] if "## " in checklist else ""
    boxes = [line for line in checklist.splitlines() if line.startswith("- [ ] ")]
    assert boxes
    prefix, label = _CHECK[lang]
    for line in boxes:
        assert not line.startswith("- [ ] " + prefix), line  # the rule's text first, the check after it
        head = line.split("(Source")[0].split("(Font")[0].split("(Fuente")[0].split("(Quelle")[0]
        assert "::" not in head.replace(" ", "")
    checks = [line for line in boxes if f"**{label}" in line]
    assert checks, first[:300]
    # the europass template caveat: a colon of its own, never a second one from the prefix
    revised = [line for line in boxes if "europass.template_revised" in line]
    assert revised and revised[0].index(f"**{label}") > 20


# --- 5. a phase after a title that already ends with brackets -------------------------------------

@pytest.mark.parametrize("lang,phase", [("fr", "pendant"), ("en", "during"), ("es", "durante"),
                                        ("ca", "durant"), ("de", "währenddessen")])
def test_no_doubled_brackets_in_headings(written, lang, phase):
    checklist = written("btm", lang)["checklist.md"]
    headings = [line for line in checklist.splitlines() if line.startswith("### ")]
    assert headings
    for h in headings:
        assert not re.search(r"\) \(", h), h
    assert any(h.endswith(f"(CMA France) – {phase}") for h in headings), headings


# --- 6. the rectorat: the referent's checklist and the host's document each read right -------------

def test_es_checklist_names_the_rectorat_as_the_referent_does(written):
    files = written("men", "es")
    assert "Adapte los firmantes a las instrucciones del rectorat de su académie (DAREIC)." in files["checklist.md"]
    assert "del centro francés" not in files["checklist.md"]
    # the unit file the assessors sign (a host among them) leaves the rectorat to the checklist (#25, words8)
    assert "DAREIC" not in files["men_unit_file.md"] and "rectorat" not in files["men_unit_file.md"]


@pytest.mark.parametrize("lang,words", [
    ("fr", "Adaptez les signataires aux consignes de votre rectorat (DAREIC)."),
    ("en", "Adapt the signatories to the instructions of your rectorat (DAREIC)."),
    ("ca", "Adapti els signants a les instruccions del rectorat de la seva acadèmia (DAREIC)."),
    ("de", "Stimmen Sie die Unterzeichnenden mit dem Rektorat Ihrer Académie (DAREIC) ab."),
])
def test_checklist_rectorat_in_every_language(written, lang, words):
    assert words in written("men", lang)["checklist.md"]


# --- 3. a body's name is never glued to "avec"/"con"/"amb" without its article ----------------------

@pytest.mark.parametrize("route,lang", [("europass", "fr"), ("europass", "es"), ("europass", "ca"), ("qbid", "fr"),
                                        ("qbid", "es"), ("qbid", "ca")])
def test_a_national_agency_is_named_in_a_label_not_after_with(written, route, lang):
    """The sources list names "Agence Erasmus+ France…", "SEPIE…" bare; the check line puts that
    name after a label ("À vérifier avec : Agence…"), never in running text ("Vérifiez avec Agence…")."""
    text = "\n".join(written(route, lang).values()).replace("\u00a0", " ")
    assert not re.search(r"\b(avec|con|amb) (Agence|SEPIE)\b", text)
    label = {"fr": "**À vérifier avec :** ", "es": "**Comprobar con:** ", "ca": "**Cal comprovar-ho amb:** "}[lang]
    agency = "SEPIE" if route == "qbid" else "Agence Erasmus+ France"
    assert label + agency in text
