"""Ingest: landing files into raw.* tables."""
