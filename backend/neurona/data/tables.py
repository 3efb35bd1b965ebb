"""Table datasets: scikit-learn's bundled iris, wine and breast-cancer tables, (N, F) float32 feature columns.

They ship with scikit-learn, so they load offline. Loading standardises every column with the mean and standard
deviation of the training split only (the `table` kind's `standardize`), applied to the test split too: the test
rows stay unseen. The preview shows the column names, the first rows as given and those statistics.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from ..tasks import TaskName
from .options import TableOptions
from .registry import DatasetType, register

Arrays = tuple[np.ndarray, np.ndarray]


@cache
def _table(loader: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...]]:
    import sklearn.datasets  # imported on first use: scikit-learn takes a while to import

    bunch = getattr(sklearn.datasets, loader)()
    return (bunch.data.astype(np.float32), bunch.target.astype(np.int64), tuple(bunch.feature_names),
            tuple(str(name) for name in bunch.target_names))


def _generate(loader: str) -> Callable[[TableOptions, np.random.Generator], Arrays]:
    def generate(_opts: TableOptions, _rng: np.random.Generator) -> Arrays:
        features, labels, _columns, _classes = _table(loader)
        return features.copy(), labels.copy()
    return generate


def _columns(loader: str) -> Callable[[Any], dict[str, Any]]:
    return lambda _opts: {"columns": list(_table(loader)[2])}


def _declare(name: str, title: str, loader: str, description: str, columns: int,
             class_names: tuple[str, ...]) -> None:
    register(DatasetType(
        name=name, title=title, description=description, task=TaskName.CLASSIFICATION,
        num_classes=len(class_names), kind="table", options_model=TableOptions, generate=_generate(loader),
        input_shape=lambda _o: [columns], class_names=class_names, describe=_columns(loader)))


_declare("iris", "Iris flowers", "load_iris", "Fisher's 150 irises: 4 measurements (sepal and petal length and "
         "width, cm) and 3 species. Input [4].", 4, ("setosa", "versicolor", "virginica"))
_declare("wine", "Wine", "load_wine", "178 wines from three cultivars of one Italian region: 13 chemical "
         "measurements (alcohol, acidity, phenols, ...). Input [13].", 13, ("class_0", "class_1", "class_2"))
_declare("breast-cancer", "Breast cancer", "load_breast_cancer", "569 breast-mass samples (Wisconsin): 30 features "
         "of the cell nuclei; malignant or benign. Input [30].", 30, ("malignant", "benign"))
