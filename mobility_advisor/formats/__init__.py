"""The pack in other formats: DOCX, ODT, HTML and PDF, the calendar, spreadsheets."""
