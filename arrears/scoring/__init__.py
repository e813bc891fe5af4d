"""Propensity to pay: the one documented Python step of the pipeline (docs/scoring.md).

dbt computes the features and the label (int_score_features, point in time); this package
reads them, trains a calibrated gradient-boosted model and a logistic baseline out of time,
measures both (metrics.py), scores the open accounts at the latest data date and writes
scores and the run's record into the working database's schema `scoring`, which dbt reads
as a source. No Dagster import: orchestration/defs/scoring is a thin asset over run().
"""

from arrears.scoring.pipeline import ScoringResult, run

__all__ = ["ScoringResult", "run"]
