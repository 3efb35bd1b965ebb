"""Input features computed from a 2-D point, as in TensorFlow Playground's feature column.

The tensor's columns always follow `FEATURES`' order, whatever order the user picked them in, so the same
selection always means the same network input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal, get_args

import numpy as np

FeatureName = Literal["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2"]
FEATURES: tuple[str, ...] = get_args(FeatureName)

_Transform = Callable[[np.ndarray, np.ndarray], np.ndarray]
_TRANSFORMS: dict[str, _Transform] = {
    "x1": lambda x1, _x2: x1,
    "x2": lambda _x1, x2: x2,
    "x1^2": lambda x1, _x2: x1 * x1,
    "x2^2": lambda _x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin_x1": lambda x1, _x2: np.sin(x1),
    "sin_x2": lambda _x1, x2: np.sin(x2),
}
assert set(_TRANSFORMS) == set(FEATURES), "every feature name needs exactly one transform"


def canonical_features(names: Iterable[str]) -> list[str]:
    """The chosen feature names in canonical column order."""
    chosen = set(names)
    return [name for name in FEATURES if name in chosen]


def compute_features(points: np.ndarray, names: Iterable[str]) -> np.ndarray:
    """(M, 2) raw points -> (M, F) float32 columns, one per chosen feature in canonical order."""
    pts = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    x1, x2 = pts[:, 0], pts[:, 1]
    columns = [_TRANSFORMS[name](x1, x2) for name in canonical_features(names)]
    return np.stack(columns, axis=1).astype(np.float32, copy=False)
