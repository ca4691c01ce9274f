"""A two-language body cell's host half on a line of its own where the cell wraps (host_break); as
printed, every pack's host documents in three formats: test_host_print."""

from __future__ import annotations

from mobility_advisor.formats import host_break
from mobility_advisor.formats.table_layout import LINE_BREAK, table_height_cm, table_plan

PADDING = 0.32
ROWS = [["Rubrique / Angabe", "Renseignement / Inhalt"],
        ["Pays d'accueil / Gastland", "Allemagne / Deutschland"],
        ["Entreprise d'envoi (employeur de l'apprenant) / Entsendender Betrieb (Ausbildungsbetrieb der/des Lernenden)",
         "Pâtisserie Martin"],
        ["Niveau du diplôme (CEC / EQF) / EQR-Niveau des Abschlusses", "4"]]


def test_only_a_body_cell_that_wraps_is_broken_after_its_slash():
    widths = [6.0, 11.9]
    found = host_break.cells(ROWS, widths, 9, PADDING)
    assert found == {(2, 0), (3, 0)}  # the header and the one-line cells are left whole
    printed = host_break.measured(ROWS, widths, 9, PADDING)
    assert printed[:2] == ROWS[:2]
    assert printed[2][0] == (f"Entreprise d'envoi (employeur de l'apprenant) / {LINE_BREAK} "
                             "Entsendender Betrieb (Ausbildungsbetrieb der/des Lernenden)")
    # the pair's slash, not the one in brackets of the pack's half
    assert printed[3][0] == f"Niveau du diplôme (CEC / EQF) / {LINE_BREAK} EQR-Niveau des Abschlusses"


def test_a_table_is_estimated_as_high_as_printed_with_its_breaks():
    one_line = [["", "Allemagne / Deutschland"]]  # a line break counts a line, whatever the room left
    broken = [["", f"Allemagne / {LINE_BREAK} Deutschland"]]
    assert table_height_cm(broken, [1.0, 10.0], 9, PADDING) > table_height_cm(one_line, [1.0, 10.0], 9, PADDING)
    rows = [["Rubrique / Angabe", "Renseignement / Inhalt"], *[["Personne de contact : nom / Ansprechperson: Name",
                                                              "________"]] * 8]
    widths, font = table_plan(rows, False, PADDING)
    assert table_height_cm(host_break.measured(rows, widths, font, PADDING), widths, font, PADDING) >= \
        table_height_cm(rows, widths, font, PADDING)


def test_the_break_is_written_in_each_formats_markup():
    text = "Période de mobilité (CEC / EQF) / Mobilitätszeitraum"
    assert host_break.broken(f"<td>{text}</td>", text, "<br />") == \
        "<td>Période de mobilité (CEC / EQF)\u00a0/<br />Mobilitätszeitraum</td>"
    run = f'<w:tc><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    assert host_break.broken(run, text, '</w:t><w:br /><w:t xml:space="preserve">') == (
        '<w:tc><w:p><w:r><w:t xml:space="preserve">Période de mobilité (CEC / EQF)\u00a0/</w:t><w:br />'
        '<w:t xml:space="preserve">Mobilitätszeitraum</w:t></w:r></w:p></w:tc>')
    # a slash that a run's end parts from its words: left whole, never mangled
    parted = "<td>Période de mobilité <em>/</em> Mobilitätszeitraum</td>"
    assert host_break.broken(parted, "Période de mobilité / Mobilitätszeitraum", "<br />") == parted


def test_a_result_grid_row_gets_no_taller():
    rows = [["Acquis d'apprentissage visé / Angestrebtes Lernergebnis", "Avant le départ / Vor der Abreise",
             "Atteint / Erreicht", "Non atteint / Nicht erreicht"],
            ["C3.1 : Organiser son poste de travail et respecter les règles d'hygiène / C3.1: Arbeitsplatz "
             "organisieren und Hygieneregeln einhalten", "________", "", ""],
            ["C4.5 : Communiquer / C4.5: Kommunizieren", "________", "", ""]]
    widths, font = table_plan(rows, False, PADDING)
    printed = host_break.measured(rows, widths, font, PADDING)
    for row, before in zip(printed[1:], rows[1:]):
        assert table_height_cm([[], row], widths, font, PADDING) <= table_height_cm([[], before], widths, font, PADDING)
