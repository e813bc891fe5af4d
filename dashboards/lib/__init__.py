"""Helpers shared by the dashboard pages: warehouse access, queries, charts, formatting."""
