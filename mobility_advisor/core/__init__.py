"""Foundations every layer uses: where shipped data is, safe file writes, invisible characters."""
