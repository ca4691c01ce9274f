"""Column widths sized to the content (mobility_advisor.formats.table_layout), without printing anything."""

from __future__ import annotations

from mobility_advisor.formats import table_layout
from mobility_advisor.formats.table_layout import CM_PER_PT, MIN_FONT_PT, column_widths, longest_word_em, text_em

GRID = [
    ["Acquis d'apprentissage visé / Angestrebtes Lernergebnis", "Critère d'évaluation / Bewertungskriterium",
     "Méthode / Methode", "Avant le départ / Vor der Abreise", "Fin de séjour / Ende des Aufenthalts",
     "Atteint / Erreicht", "Partiellement atteint / Teilweise erreicht", "Non atteint / Nicht erreicht"],
    ["C1.2\u00a0: Réaliser une pâte feuilletée et des viennoiseries", "Feuilletage régulier", "Observation",
     "________", "________", "", "", ""],
]


def test_every_column_holds_its_longest_word_and_the_table_its_width():
    widths, font = column_widths(GRID, 17.9, 9, 0.3)
    assert abs(sum(widths) - 17.9) < 0.01
    for c, width in enumerate(widths):
        longest = max(longest_word_em(row[c], bold=i == 0) for i, row in enumerate(GRID))
        assert width >= longest * font * CM_PER_PT + 0.3 - 1e-6, (GRID[0][c], width)
    # eight columns of German and French: smaller than 9 pt, never under the floor
    assert MIN_FONT_PT <= font < 9


def test_fixed_columns_are_kept_and_a_short_table_keeps_its_font():
    rows = [["Signataire", "Nom", "Date", "Signature", "Cachet"], ["Apprenant", "Léa Dupont", "", "", ""]]
    widths, font = column_widths(rows, 17.9, 8, 0.2, fixed={3: 2.3, 4: 6.1})
    assert widths[3] == 2.3 and widths[4] == 6.1 and font == 8
    assert abs(sum(widths) - 17.9) < 0.01


def test_the_widest_letters_are_measured_wider():
    assert text_em("WWW") > text_em("iii") * 2
    assert text_em("Évaluation") == text_em("Evaluation")  # an accented letter as its base letter
    assert longest_word_em("Unterzeichnende/r Name") == longest_word_em("Unterzeichnende/r")  # cut at spaces only
    assert longest_word_em("Bac\u00a0pro") > longest_word_em("Bac pro")  # a no-break space joins


def test_a_signature_table_has_a_stamp_box_and_room_to_sign():
    header = ["Signataire / Unterzeichnende/r", "Nom, fonction / Name, Funktion", "Date / Datum",
              "Signature et cachet / Unterschrift und Stempel"]
    widths, _ = table_layout.table_plan([header, ["Tuteur", "Anna Schulz, Konditormeisterin", "", ""]], True, 0.2)
    assert widths[-1] >= 6.0 + 2.3
    assert table_layout.is_signature_label(header[-1]) and not table_layout.is_signature_label("Date / Datum")


def test_blanks_written_by_hand_get_room():
    """A function or a date written in by hand gets at least WRITE_CM when the words leave room."""
    rows = [["Signataire", "Nom, fonction", "Date", "Signature et cachet"],
            ["Partenaire d'accueil", f"{table_layout.BLANK}, {table_layout.BLANK}", table_layout.BLANK, ""]]
    widths, _ = table_layout.table_plan(rows, True, 0.24)
    assert widths[1] >= table_layout.WRITE_CM and widths[2] >= table_layout.WRITE_CM
    filled = [rows[0], ["Partenaire d'accueil", "Handwerkskammer Frankfurt (Oder)", "1er mars", ""]]
    assert table_layout.table_plan(filled, True, 0.24)[0][2] < table_layout.WRITE_CM  # a short typed date: narrower


def test_a_signature_tables_blank_date_holds_a_hand_written_date():
    """The date of a signature, written by hand in full ("26.03.2027"), gets DATE_CM even in a
    crowded bilingual table (#25, the host reader: the cells were 1.5 cm); a typed date does not."""
    assert table_layout.DATE_CM >= 2.2
    header = ["Signataire / Unterzeichnende/r", "Nom, fonction / Name, Funktion", "Date / Datum",
              "Signature et cachet / Unterschrift und Stempel"]
    blank = table_layout.BLANK
    rows = [header, ["Entreprise d'accueil (tuteur) / Gastbetrieb (Betreuer/in)", "Anna Schulz, Konditormeisterin",
                     blank, ""], ["Partenaire d'accueil / Partnereinrichtung", f"{blank}, {blank}", blank, ""]]
    widths, _ = table_layout.table_plan(rows, True, 0.2)
    assert widths[2] >= 2.2 and abs(sum(widths) - table_layout.TEXT_WIDTH_CM) < 0.01
    assert table_layout.is_date_label("Date / Datum") and table_layout.is_date_label("Fecha") and not table_layout.is_date_label("Nom")
    typed = [header, ["Tuteur / Betreuer/in", "Anna Schulz, Konditormeisterin", "26/03/2027", ""]]
    assert table_layout.table_plan(typed, True, 0.2)[0][2] < table_layout.DATE_CM


def test_a_wide_date_never_cuts_a_long_name():
    """With a long name and function to print, the date column gives up room rather than cut a
    word ("Puigdomènec|h" was printed on two lines): no column narrower than its longest word."""
    from mobility_advisor.formats.table_layout import CM_PER_PT, longest_word_em

    header = ["Signataire / Unterzeichnende/r", "Nom, fonction / Name, Funktion", "Date / Datum",
              "Signature et cachet / Unterschrift und Stempel"]
    blank = table_layout.BLANK
    rows = [header, ["Tuteur dans l'entreprise d'accueil / Betreuer/in im Gastbetrieb",
                     "Montserrat Puigdomènech i Vilaró, Konditormeisterin", blank, ""],
            ["Formateur ou référent mobilité de l'organisme d'envoi / Lehrkraft, Ausbilder/in oder "
             "Mobilitätsbeauftragte/r der entsendenden Einrichtung", f"{blank}, {blank}", blank, ""]]
    widths, font = table_layout.table_plan(rows, True, 0.2)
    for i, row in enumerate(rows):
        for c in (0, 1):
            assert widths[c] + 1e-6 >= longest_word_em(row[c], i == 0) * font * CM_PER_PT + 0.2, (row[c], widths)
    assert table_layout.WRITE_CM <= widths[2] <= table_layout.DATE_CM


def test_a_bilingual_signature_table_leaves_the_signing_person_room_at_8_pt():
    """#25: the signing person's "Name, function" cell at least NAME_CM (it was 1.2-1.9 cm) and the
    text at SIGNATURE_FONT_PT (it was 6.5-7.5 pt), with the date column and the stamp box kept."""
    header = ["Signataire / Unterzeichnende/r", "Nom, fonction / Name, Funktion", "Date / Datum",
              "Signature et cachet / Unterschrift und Stempel"]
    rows = [header,
            ["Entreprise d'envoi (employeur de l'apprenant) / Entsendender Betrieb (Ausbildungsbetrieb der/des Lernenden)",
             f"{table_layout.BLANK}, {table_layout.BLANK}", table_layout.BLANK, ""],
            ["Entreprise d'accueil (tuteur) / Gastbetrieb (Betreuer/in)", "Anna Schulz, Konditormeisterin",
             table_layout.BLANK, ""]]
    widths, font = table_layout.table_plan(rows, True, 0.24)
    assert font >= table_layout.SIGNATURE_FONT_PT == 8
    assert widths[1] >= table_layout.NAME_CM >= 3.0
    assert widths[2] >= table_layout.DATE_CM and widths[3] >= 6.0 + 2.3
    assert abs(sum(widths) - table_layout.TEXT_WIDTH_CM) < 0.01
    assert table_layout.is_name_label("Nom, fonction / Name, Funktion") and not table_layout.is_name_label("Nom / Name")


def test_one_column_to_sign_and_stamp():
    """#25 (three host readers): a 2.3 cm signature column beside the stamp box made hosts sign
    across into it. One column "Signature et cachet / Unterschrift und Stempel", at least 8 cm:
    a company stamp (6 x 2.5 cm) and, beside or over it, a signature of 4 cm and more."""
    header = ["Signataire / Unterzeichnende/r", "Nom, fonction / Name, Funktion", "Date / Datum",
              "Signature et cachet / Unterschrift und Stempel"]
    rows = [header,
            ["Entreprise d'envoi (employeur de l'apprenant) / Entsendender Betrieb (Ausbildungsbetrieb der/des Lernenden)",
             f"{table_layout.BLANK}, {table_layout.BLANK}", table_layout.BLANK, ""],
            ["Apprenant / Lernende/r", "Léa Dupont", table_layout.BLANK, ""]]
    widths, font = table_layout.table_plan(rows, True, 0.24)
    assert widths[3] >= 8.0 and table_layout.SIGN_PART_CM >= 4.0 and widths[3] >= 2 * table_layout.SIGN_PART_CM
    assert widths[1] >= table_layout.NAME_CM and widths[2] >= table_layout.DATE_CM
    assert font >= table_layout.SIGNATURE_FONT_PT and abs(sum(widths) - table_layout.TEXT_WIDTH_CM) < 0.01
    for label in ("Signature et cachet", "Firma y sello", "Signatura i segell", "Signature and stamp",
                  "Signature et cachet / Unterschrift und Stempel"):
        assert table_layout.is_signature_label(label), label
    assert not table_layout.is_signature_label("Signature / Unterschrift")  # the two-column shape is gone


def test_a_tall_short_table_is_not_kept_whole():
    """pages8: a 3-row table of outcomes (a quarter page and more) may part between rows; the
    tutor's 4-row table stays on one page."""
    from mobility_advisor.formats.table_layout import kept_whole, table_height_cm, table_plan

    tutor = [["Item", "Details"], ["Name", "Anna Schulz"], ["Function", "Konditormeisterin"], ["E-mail", "_" * 8],
             ["Phone", "_" * 8]]
    outcome = "Réaliser une pâte feuilletée et des viennoiseries selon la fiche technique " * 3
    outcomes = [["Outcome", "Activities", "Method", "Link"]] + [[outcome, outcome, outcome, "C1.2"]] * 3
    for rows, whole in ((tutor, True), (outcomes, False)):
        widths, font = table_plan(rows, False, 0.32)
        assert kept_whole(rows, widths, font, 0.32) is whole, table_height_cm(rows, widths, font, 0.32)
    widths, font = table_plan(outcomes, False, 0.32)
    assert table_height_cm(outcomes[:2], widths, font, 0.32) < table_height_cm(outcomes, widths, font, 0.32)


def test_a_short_label_keeps_its_first_two_words_on_one_line():
    """pages8: the BTM file's "Regard distancié" printed "Regard" over "distancié" in a column sized
    to its longest word; a bilingual label may still part at its slash."""
    from mobility_advisor.formats.table_layout import CM_PER_PT, longest_word_em, table_plan, text_em

    rows = [["Partie du dossier", "Contenu attendu", "Avancement"],
            ["Contexte", "L'entreprise d'accueil, le pays, l'environnement de travail " * 4, "________"],
            ["Regard distancié", "Organisation de l'entreprise découverte, points d'étonnement " * 4, "________"]]
    widths, font = table_plan(rows, False, 0.32)
    assert widths[0] >= text_em("Regard distancié") * 1.06 * font * CM_PER_PT + 0.32 - 1e-6
    bilingual = [["Étape / Paso", "Qui / Quién"], ["1", "Texte " * 80]]
    widths, font = table_plan(bilingual, False, 0.32)
    assert widths[0] < text_em("Étape / Paso") * font * CM_PER_PT + 0.32  # parts at its slash: room to the text
    assert widths[0] >= longest_word_em("Étape / Paso", True) * font * CM_PER_PT + 0.32 - 1e-6


def test_a_table_to_write_in_is_kept_whole_however_high():
    """One rule for every format (html_page, docx_layout, odt_layout ask kept_whole): a free-text box
    (a label, rows of blanks) is whole at any height and row count; a table of text this high parts."""
    from mobility_advisor.formats.table_layout import BLANK, WHOLE_TABLE_CM, is_box, kept_whole, table_height_cm

    box = [["Observations"]] + [[BLANK]] * 12
    assert is_box(box) and kept_whole(box, [17.9], 9, 0.3)
    text = [["Item", "Details"]] + [[f"Row {n}", "words " * 40] for n in range(6)]
    assert not is_box(text) and table_height_cm(text, [3.0, 14.9], 9, 0.3) > WHOLE_TABLE_CM
    assert not kept_whole(text, [3.0, 14.9], 9, 0.3)
    assert not is_box([["Observations"]])  # a header alone is no box
    assert not is_box([["Name", "Date"], [BLANK, "26.03.2027"]])  # a date written: a table of text


def test_a_column_of_short_codes_is_as_narrow_as_its_headers_longest_word():
    import pytest

    tl = table_layout
    """pages12 (#25 session 10): the MEN unit file's "C1.2 (U2)" column took ~6 cm for its long
    bilingual header on one line while the outcome wrapped to 4-5 lines: the codes' column is
    as narrow as its longest word allows (the header's too, never cut), the outcome gets the room."""
    from mobility_advisor.formats import code_columns

    header = ["Acquis d'apprentissage / Lernergebnis",
              "Lien avec le référentiel / Bezug zur Kompetenzbeschreibung (référentiel)",
              "Modalité d'évaluation / Art der Bewertung", "Résultat / Ergebnis"]
    outcome = "Réaliser une pâte feuilletée et des viennoiseries selon la fiche technique de l'entreprise d'accueil"
    rows = [header, [outcome, "C1.2 (U2)", "Observation par la tutrice avec la grille d'évaluation", tl.BLANK],
            ["Organiser son poste de travail et respecter les règles d'hygiène", "C3.1", "Grille d'appréciation", tl.BLANK]]
    widths, font = tl.table_plan(rows, False, 0.32)
    word = tl.longest_word_em(header[1], bold=True) * font * tl.CM_PER_PT + 0.32
    assert widths[1] == pytest.approx(word, abs=0.01) and widths[0] > widths[1]
    assert sum(widths) == pytest.approx(tl.TEXT_WIDTH_CM, abs=0.01)
    assert code_columns.is_code("C1.2 (U2)") and not code_columns.is_code(tl.BLANK) and not code_columns.is_code(outcome)
    # a table with no column of codes, or made taller by narrowing it, is as planned
    plain = [["Point", "Prévu"], ["Premier jour de présence", "1er mars 2027"]]
    assert code_columns.narrowed(plain, ([9.0, 8.9], 9), 0.32) == ([9.0, 8.9], 9)


# pages13 ---------------------------------------------------------------------------------------
EN_DE_GRID = [
    ["Intended learning outcome / Angestrebtes Lernergebnis", "Assessment criterion / Bewertungskriterium",
     "Method / Methode", "Before departure / Vor der Abreise", "Achieved / Erreicht", "Partly achieved / Teilweise erreicht", "Not achieved / Nicht erreicht"],
    ["C1.2: Make puff pastry and viennoiserie", "Regular layers", "Observation", "________", "", "", ""],
]


def test_a_tick_column_holds_its_headers_word_with_the_slash_kept_to_it():
    """#25 pages13: the EN->DE grid's "Partly achieved / Teilweise erreicht" was sized to "Teilweise",
    "achieved /" did not fit and the line broke before the slash ("/" alone on a line). Each header
    column holds its words as printed, the slash joined to the word before it by a no-break space."""
    from mobility_advisor.formats import header_slash

    tl = table_layout
    widths, font = header_slash.table_plan([list(r) for r in EN_DE_GRID], False, 0.32)
    head = tl.head_font_pt(EN_DE_GRID, font) / font
    for c, cell in enumerate(EN_DE_GRID[0]):
        printed = header_slash.kept(cell)
        assert "\u00a0/ " in printed and " / " not in printed
        need = tl.longest_word_em(printed, bold=True) * head * font * tl.CM_PER_PT + 0.32
        assert widths[c] >= need - 1e-3, (cell, widths[c], need)  # (widths rounded to 0.001 cm)
    assert sum(widths) == pytest_approx(tl.TEXT_WIDTH_CM)


def pytest_approx(value):
    import pytest

    return pytest.approx(value, abs=0.01)


def test_only_the_header_row_keeps_its_slashes_and_the_labels_are_still_read():
    """The Markdown's " / " is untouched (the date and name labels are read by it); only the printed
    header row is joined, and a signature table is still found with its slash kept."""
    from mobility_advisor.formats import header_slash

    rows = [["Date / Datum", "Nom, fonction / Name, Funktion"], ["Anna / Schulz", ""]]
    assert header_slash.kept_header(rows) == [["Date\u00a0/ Datum", "Nom, fonction\u00a0/ Name, Funktion"],
                                              ["Anna / Schulz", ""]]
    assert table_layout.is_date_label("Date / Datum") and table_layout.is_name_label("Nom, fonction / Name, Funktion")
    import re

    cell = header_slash.kept("Signature et cachet / Unterschrift und Stempel")
    assert re.fullmatch(table_layout.SIGNATURE_CELL, cell) and re.fullmatch(table_layout.SIGNATURE_CELL, "Firma y sello")
    html = '<table><thead><tr><th>Achieved / Erreicht</th></tr></thead><tbody><tr><td>a / b</td></tr></tbody></table>'
    assert header_slash.html(html) == html.replace("Achieved / Erreicht", "Achieved\u00a0/ Erreicht")


def test_a_table_whose_header_holds_its_kept_slashes_keeps_its_columns():
    """Keeping the slash resizes only where a header's "word /" did not fit (the grid's tick columns);
    a table with room (the MEN unit file's, whose reference column pages12 narrowed) is as before."""
    from mobility_advisor.formats import header_slash

    tl = table_layout
    rows = [["Acquis d'apprentissage / Lernergebnis",
             "Lien avec le référentiel / Bezug zur Kompetenzbeschreibung (référentiel)",
             "Modalité d'évaluation / Art der Bewertung", "Résultat / Ergebnis"],
            ["Réaliser une pâte feuilletée et des viennoiseries selon la fiche technique", "C1.2 (U2)",
             "Observation par la tutrice avec la grille d'évaluation", tl.BLANK]]
    assert header_slash.table_plan(rows, False, 0.32) == tl.table_plan(rows, False, 0.32)
    grid = [list(r) for r in EN_DE_GRID]
    assert header_slash.table_plan(grid, False, 0.32) != tl.table_plan(grid, False, 0.32)
