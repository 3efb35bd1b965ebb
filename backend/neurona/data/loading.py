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

from .features import compute_features
from .registry import KINDS, DatasetSpec, KindInfo, TaskName, get_dataset_type, parse_options

PLANE_HALF_WIDTH = 6.0  # the plane shown is at least [-6, 6]², as in Playground
SPLIT_STREAM = 1  # the split draws from its own stream, so it does not depend on how a generator draws
PREVIEW_PER_CLASS = 3  # image previews show this many training examples of each class


@dataclass
class LoadedDataset:
    spec: DatasetSpec
    options: Any  # the dataset's options model (Points2DOptions for points2d)
    task: TaskName
    num_classes: int
    features: list[str]  # points2d, canonical order: the columns of x_train / x_test; images: empty
    x_train: torch.Tensor  # float32 (N, F) points2d features, (N, C, H, W) images
    y_train: torch.Tensor  # int64 (N,) classification, float32 (N, 1) regression, the input for reconstruction
    x_test: torch.Tensor
    y_test: torch.Tensor
    raw_train: np.ndarray  # float32 (N, 2) points before features; images: the images themselves
    raw_test: np.ndarray
    labels_train: np.ndarray  # int64 classes or float32 targets, (N,)
    labels_test: np.ndarray
    extent: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax: symmetric and covering every point
    kind: KindInfo = KINDS["points2d"]
    class_names: tuple[str, ...] = ()

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:]) if not self.kind.featurized else (len(self.features),)

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
    points, labels = dataset.generate(opts, np.random.default_rng(opts.seed))
    points = np.asarray(points, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64 if dataset.task == "classification" else np.float32)
    train, test = _split(len(points), opts)
    features = opts.ordered_features if kind.featurized else []
    if kind.featurized:
        x_train, x_test = (torch.from_numpy(compute_features(points[i], features)) for i in (train, test))
    else:
        x_train, x_test = torch.from_numpy(points[train]), torch.from_numpy(points[test])
    task, num_classes = dataset.task, dataset.num_classes
    if getattr(opts, "target", None) == "input":  # reconstruction: the target is the input itself
        task, num_classes = "reconstruction", 0
    return LoadedDataset(
        spec=spec, options=opts, task=task, num_classes=num_classes, features=features,
        x_train=x_train, x_test=x_test,
        y_train=x_train if task == "reconstruction" else _targets(labels[train], dataset.task),
        y_test=x_test if task == "reconstruction" else _targets(labels[test], dataset.task),
        raw_train=points[train], raw_test=points[test],
        labels_train=labels[train], labels_test=labels[test],
        extent=_extent(points) if kind.plane else (0.0, float(points.shape[-1]), 0.0, float(points.shape[-2])),
        kind=kind, class_names=dataset.class_names,
    )


def _split(size: int, opts: Any) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled train and test indices; generators emit points grouped by class, so shuffling matters."""
    order = np.random.default_rng((opts.seed, SPLIT_STREAM)).permutation(size)
    n_test = min(max(round(size * opts.test_ratio), 1), size - 1)
    return order[n_test:], order[:n_test]


def _targets(labels: np.ndarray, task: TaskName) -> torch.Tensor:
    if task == "classification":
        return torch.from_numpy(labels.astype(np.int64))
    return torch.from_numpy(labels.astype(np.float32).reshape(-1, 1))


def _extent(points: np.ndarray) -> tuple[float, float, float, float]:
    """[-h, h]² with h the plane's usual 6, widened to a whole number when noisy points reach further."""
    reach = float(np.abs(points).max()) if len(points) else 0.0
    half = max(PLANE_HALF_WIDTH, float(math.ceil(reach)))
    return (-half, half, -half, half)


def preview(spec: DatasetSpec) -> dict[str, Any]:
    """The JSON of `POST /api/datasets/{name}/preview`: the raw 2-D points, rounded to 4 decimals, or for
    images a few training examples per class as uint8 pixels (`value = byte * scale`)."""
    data = load_dataset(spec)
    if not data.plane:
        return {"task": data.task, "num_classes": data.num_classes, "kind": data.kind.name,
                "images": _images_json(data)}
    return {
        "train": _points_json(data.raw_train, data.labels_train),
        "test": _points_json(data.raw_test, data.labels_test),
        "extent": list(data.extent),
        "task": data.task,
        "num_classes": data.num_classes,
        "kind": data.kind.name,
    }


def _images_json(data: LoadedDataset) -> dict[str, Any]:
    labels = data.labels_train
    chosen = [i for c in np.unique(labels) for i in np.flatnonzero(labels == c)[:PREVIEW_PER_CLASS]]
    pixels = np.round(data.raw_train[chosen] * 255).astype(np.uint8)
    return {"shape": list(data.raw_train.shape[1:]), "scale": 1 / 255, "class_names": list(data.class_names),
            "train_size": len(data.raw_train), "test_size": len(data.raw_test),
            "samples": [{"label": int(labels[i]), "pixels": p.tolist()} for i, p in zip(chosen, pixels, strict=True)]}


def _points_json(points: np.ndarray, labels: np.ndarray) -> dict[str, list[Any]]:
    # float64 before rounding so tolist() yields the short decimals (float32 would print 0.30000001)
    xs = np.round(points.astype(np.float64), 4).tolist()
    ys = labels.tolist() if labels.dtype.kind == "i" else np.round(labels.astype(np.float64), 4).tolist()
    return {"x": xs, "y": ys}
