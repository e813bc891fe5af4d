"""Scoring: the propensity-to-pay model trained and scored between the two dbt definitions."""
