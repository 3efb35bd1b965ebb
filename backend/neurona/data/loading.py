"""Turn a `DatasetSpec` into tensors ready to train on, and into the preview JSON the editor draws.

Everything is seeded by the options' `seed`, so the same options always give the same examples and split.
What a dataset's kind can do (`KindInfo`: a 2-D plane to probe, featurized inputs) is asked here and by the
trainer, never its name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ..tasks import Task, TaskName, TaskType, get_task_type
from .features import compute_features
from .registry import KINDS, DatasetSpec, KindInfo, get_dataset_type, parse_options

PLANE_HALF_WIDTH = 6.0  # the plane shown is at least [-6, 6]², as in Playground
SPLIT_STREAM = 1  # the split draws from its own stream, so it does not depend on how a generator draws


@dataclass
class LoadedDataset:
    spec: DatasetSpec
    options: Any  # the dataset's options model (Points2DOptions for points2d)
    task: TaskName
    num_classes: int
    features: list[str]  # points2d, canonical order: the columns of x_train / x_test; images: empty
    # float32 (N, F) points2d features, (N, C, H, W) images, (N, T, F) sequences; int64 (N, L) tokens
    x_train: torch.Tensor
    # int64 (N,) classification, (N, L) token_classification; float32 (N, 1) regression ((N, T, F) for sequences),
    # (N, 1, H, W) segmentation masks (0 or 1), the input for reconstruction
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    raw_train: np.ndarray  # float32 (N, 2) points before features; other kinds: the examples themselves
    raw_test: np.ndarray
    labels_train: np.ndarray  # int64 classes or float32 targets as generated: (N,), or one per position/pixel
    labels_test: np.ndarray
    extent: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax: symmetric and covering every point
    kind: KindInfo = KINDS["points2d"]
    class_names: tuple[str, ...] = ()
    target_shape: tuple[int, ...] | None = None  # regression: the target's shape when the task declares one
    symbols: tuple[str, ...] = ()  # token sets: how each token id is written

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:]) if not self.kind.featurized else (len(self.features),)

    @property
    def task_type(self) -> TaskType:
        return get_task_type(self.task)

    @property
    def posed(self) -> Task:
        """The task these data pose, as analysis checks the graph's output against it."""
        return Task(self.task, self.num_classes, self.target_shape)

    @property
    def plane(self) -> bool:
        """Whether examples are points of the 2-D plane, so the model can be probed over `grid`."""
        return self.kind.plane

    def featurize(self, points: np.ndarray) -> torch.Tensor:
        """(M, 2) raw points -> (M, F) float32 network inputs, e.g. to evaluate the model on `grid`."""
        return torch.from_numpy(compute_features(points, self.features))

    def grid(self, resolution: int) -> np.ndarray:
        """Cell centres of a resolution×resolution raster over `extent`, as (resolution², 2) float32 points,
        row-major with row 0 at the top (largest x2) and column 0 at the left (smallest x1), like a boundary
        frame."""
        xmin, xmax, ymin, ymax = self.extent
        x1 = _cell_centres(xmin, xmax, resolution)
        x2 = _cell_centres(ymin, ymax, resolution)[::-1]
        cols, rows = np.meshgrid(x1, x2)  # "xy" indexing: rows vary x2, columns vary x1
        return np.stack([cols.ravel(), rows.ravel()], axis=1).astype(np.float32)


def _cell_centres(lo: float, hi: float, count: int) -> np.ndarray:
    step = (hi - lo) / count
    return lo + step * (np.arange(count) + 0.5)


def load_dataset(spec: DatasetSpec) -> LoadedDataset:
    """Generate, split and featurize a dataset; raises SpecError for an unknown name or invalid options."""
    dataset = get_dataset_type(spec.name)
    opts: Any = parse_options(spec)
    kind = dataset.capabilities
    task = dataset.task_of(opts)
    targets_of = task.type.targets
    points, labels = dataset.generate(opts, np.random.default_rng(opts.seed))
    points = np.asarray(points, dtype=np.int64 if kind.tokens else np.float32)
    labels = np.asarray(labels)  # classes and label maps stay integers (previews show them); values are float32
    labels = labels.astype(np.int64 if labels.dtype.kind in "iub" else np.float32, copy=False)
    train, test = _split(len(points), opts, dataset.held_out_tail)
    features = opts.ordered_features if kind.featurized else []
    if kind.featurized:
        x_train, x_test = (torch.from_numpy(compute_features(points[i], features)) for i in (train, test))
    elif kind.standardize and getattr(opts, "standardize", True):
        x_train, x_test = (torch.from_numpy(c) for c in standardize(points[train], points[test]))
    else:
        x_train, x_test = torch.from_numpy(points[train]), torch.from_numpy(points[test])
    return LoadedDataset(
        spec=spec, options=opts, task=TaskName(task.kind), num_classes=task.num_classes, features=features,
        x_train=x_train, x_test=x_test,
        y_train=targets_of(labels[train]) if targets_of else x_train,  # no targets rule: the input is the target
        y_test=targets_of(labels[test]) if targets_of else x_test,
        raw_train=points[train], raw_test=points[test],
        labels_train=labels[train], labels_test=labels[test],
        extent=_extent(points) if kind.plane else _frame(points),
        kind=kind, class_names=dataset.class_names, target_shape=task.target_shape,
        symbols=dataset.symbols(opts) if dataset.symbols else (),
    )


def test_count(size: int, test_ratio: float) -> int:
    """How many of `size` examples the split holds out: at least one, and at least one left to train on."""
    return min(max(round(size * test_ratio), 1), size - 1)


def _split(size: int, opts: Any, tail: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled train and test indices; generators emit points grouped by class, so shuffling matters. A held-out
    tail (text windows from the last part of a corpus) stays the test set, so no test text is seen in training."""
    rng = np.random.default_rng((opts.seed, SPLIT_STREAM))
    n_test = test_count(size, opts.test_ratio)
    if tail:
        return rng.permutation(size - n_test), np.arange(size - n_test, size)
    order = rng.permutation(size)
    return order[n_test:], order[:n_test]


def standardize(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x − mean) / std per column, both statistics of the training rows only; constant columns become 0."""
    mean, std = column_stats(train)
    return ((train - mean) / std).astype(np.float32), ((test - mean) / std).astype(np.float32)


def column_stats(train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    std = train.std(axis=0)
    return train.mean(axis=0), np.where(std > 0, std, 1.0)


def _frame(examples: np.ndarray) -> tuple[float, float, float, float]:
    """Images: (0, W, 0, H). Sequences and tokens have no picture: (0, 0, 0, 0)."""
    if examples.ndim < 4:
        return (0.0, 0.0, 0.0, 0.0)
    return (0.0, float(examples.shape[-1]), 0.0, float(examples.shape[-2]))


def _extent(points: np.ndarray) -> tuple[float, float, float, float]:
    """[-h, h]² with h the plane's usual 6, widened to a whole number when noisy points reach further."""
    reach = float(np.abs(points).max()) if len(points) else 0.0
    half = max(PLANE_HALF_WIDTH, float(math.ceil(reach)))
    return (-half, half, -half, half)
