"""Words and language rules: gettext catalogues, dates and names from CLDR, typography."""
