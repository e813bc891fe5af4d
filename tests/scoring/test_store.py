"""The model file: skops format, loaded with an explicit list of trusted types only."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io as sio

from arrears.scoring.store import load_model, save_model, untrusted_types
from arrears.scoring.train import fit, gradient_boosting, logistic_baseline


def _toy(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(300, 3))
    x[rng.random(300) < 0.1, 1] = np.nan  # missing values, as in the features
    y = (np.nan_to_num(x[:, 0]) + rng.normal(scale=0.5, size=300)) > 0
    return x, y


def test_saved_models_reload_with_only_the_trusted_types(tmp_path):
    x, y = _toy()
    models = {
        "model": fit(gradient_boosting(), x, y),
        "baseline": fit(logistic_baseline(), x, y),
        "features": ["a", "b", "c"],
        "version": "ptp-test",
    }
    path = save_model(models, tmp_path / "m.skops")
    assert untrusted_types(path) == []  # TRUSTED_TYPES covers everything in the file
    loaded = load_model(path)
    np.testing.assert_array_equal(
        loaded["model"].predict_proba(x), models["model"].predict_proba(x)
    )
    np.testing.assert_array_equal(
        loaded["baseline"].predict_proba(x), models["baseline"].predict_proba(x)
    )
    assert loaded["features"] == ["a", "b", "c"]


def test_a_file_with_another_type_is_refused(tmp_path):
    from sklearn.tree import DecisionTreeClassifier  # not in TRUSTED_TYPES

    x, y = _toy()
    path = tmp_path / "other.skops"
    sio.dump({"model": DecisionTreeClassifier(random_state=0).fit(x[:, [0]], y)}, path)
    assert untrusted_types(path)
    with pytest.raises(Exception, match=r"[Uu]ntrusted"):
        load_model(path)
