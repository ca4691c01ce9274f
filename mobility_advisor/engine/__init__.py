"""The pure engine: the walk, dates, learning outcomes and results. No terminal, no files, no clock."""
