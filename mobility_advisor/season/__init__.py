"""The season after the packs: cohorts, status, updates, signatures."""
