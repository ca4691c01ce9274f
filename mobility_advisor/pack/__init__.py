"""The pack: rendering the templates, bilingual pairing, sources, the folder and its manifest."""
