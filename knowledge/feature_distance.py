"""How near two radiographs are by their measurements: the one distance that past-case retrieval ranks
by and the k-NN vote over past cases weighs with, so that both agree on who the neighbours are."""

from __future__ import annotations

import numpy as np


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def comparable(features: dict, scales: dict[str, float]) -> list[str]:
    """The features of SCALES that FEATURES holds as numbers (what a distance can be taken over)."""
    return [name for name in scales if is_number(features.get(name))]


def feature_matrix(rows: list[dict], names: list[str]) -> np.ndarray:
    """ROWS' values of NAMES as a matrix; NaN where a row lacks one (measured by another version)."""
    return np.array([[row[n] if is_number(row.get(n)) else np.nan for n in names] for row in rows], dtype=float).reshape(len(rows), len(names))


def scaled_distances(features: dict, matrix: np.ndarray, names: list[str], scales: dict[str, float]) -> np.ndarray:
    """Root-mean-square difference from FEATURES to each row of MATRIX in units of each feature's
    spread (so that no feature dominates by its scale); infinite for a row lacking any of NAMES."""
    if not names or not len(matrix):
        return np.full(len(matrix), np.inf)
    query = np.array([features[n] for n in names], dtype=float)
    spread = np.array([max(float(scales[n]), 1e-6) for n in names])
    distance = np.sqrt(np.mean(((matrix - query) / spread) ** 2, axis=1))
    return np.where(np.isnan(distance), np.inf, distance)
