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

from ..tasks import PredictionView, TaskName, TaskType, get_task_type
from .features import compute_features
from .registry import KINDS, DatasetSpec, KindInfo, get_dataset_type, parse_options

PLANE_HALF_WIDTH = 6.0  # the plane shown is at least [-6, 6]², as in Playground
SPLIT_STREAM = 1  # the split draws from its own stream, so it does not depend on how a generator draws
PREVIEW_PER_CLASS = 3  # image previews show this many training examples of each class
PREVIEW_SEQUENCES = 8  # sequence and token previews show this many training examples


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
    symbols: tuple[str, ...] = ()  # token sets: how each token id is written

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:]) if not self.kind.featurized else (len(self.features),)

    @property
    def task_type(self) -> TaskType:
        return get_task_type(self.task)

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
    train, test = _split(len(points), opts)
    features = opts.ordered_features if kind.featurized else []
    if kind.featurized:
        x_train, x_test = (torch.from_numpy(compute_features(points[i], features)) for i in (train, test))
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
        kind=kind, class_names=dataset.class_names, symbols=dataset.symbols(opts) if dataset.symbols else (),
    )


def _split(size: int, opts: Any) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled train and test indices; generators emit points grouped by class, so shuffling matters."""
    order = np.random.default_rng((opts.seed, SPLIT_STREAM)).permutation(size)
    n_test = min(max(round(size * opts.test_ratio), 1), size - 1)
    return order[n_test:], order[:n_test]


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


def preview(spec: DatasetSpec) -> dict[str, Any]:
    """The JSON of `POST /api/datasets/{name}/preview`: the raw 2-D points, rounded to 4 decimals; for images a
    few training examples per class as uint8 pixels (`value = byte * scale`, with the 0/1 mask for segmentation);
    for sequences and tokens a few training examples with their targets."""
    data = load_dataset(spec)
    if not data.plane:
        head = {"task": data.task, "num_classes": data.num_classes, "kind": data.kind.name}
        if data.kind.name == "sequences":
            return {**head, "sequences": _sequences_json(data)}
        if data.kind.tokens:
            return {**head, "tokens": _tokens_json(data)}
        return {**head, "images": _images_json(data)}
    return {
        "train": _points_json(data.raw_train, data.labels_train),
        "test": _points_json(data.raw_test, data.labels_test),
        "extent": list(data.extent),
        "task": data.task,
        "num_classes": data.num_classes,
        "kind": data.kind.name,
    }


def _images_json(data: LoadedDataset) -> dict[str, Any]:
    maps = data.labels_train if data.task_type.view == PredictionView.MASKS else None
    # segmentation: the class is the label map's value on the shape, minus 1
    labels = maps.reshape(len(maps), -1).max(axis=1) - 1 if maps is not None else data.labels_train
    chosen = [i for c in np.unique(labels) for i in np.flatnonzero(labels == c)[:PREVIEW_PER_CLASS]]
    pixels = np.round(data.raw_train[chosen] * 255).astype(np.uint8)
    samples = [{"label": int(labels[i]), "pixels": p.tolist()} for i, p in zip(chosen, pixels, strict=True)]
    if maps is not None:
        for sample, i in zip(samples, chosen, strict=True):
            sample["mask"] = (maps[i] > 0).astype(np.uint8).tolist()
    return {"shape": list(data.raw_train.shape[1:]), "scale": 1 / 255, "class_names": list(data.class_names),
            "train_size": len(data.raw_train), "test_size": len(data.raw_test), "samples": samples}


def _sequences_json(data: LoadedDataset) -> dict[str, Any]:
    """A few training sequences and their target sequences, [T][F] floats rounded to 3 decimals."""
    x = np.round(data.raw_train[:PREVIEW_SEQUENCES].astype(np.float64), 3)
    y = np.round(data.labels_train[:PREVIEW_SEQUENCES].astype(np.float64), 3)
    return {"shape": list(data.raw_train.shape[1:]), "target_shape": list(data.labels_train.shape[1:]),
            "train_size": len(data.raw_train), "test_size": len(data.raw_test),
            "samples": [{"x": a.tolist(), "y": b.tolist()} for a, b in zip(x, y, strict=True)]}


def _tokens_json(data: LoadedDataset) -> dict[str, Any]:
    """A few training sequences of token ids with their class (`label`) or target tokens (`target`)."""
    per_token = data.task_type.view == PredictionView.TOKENS
    samples = [{"tokens": t.tolist(), "label": None if per_token else int(y), "target": y.tolist() if per_token
                else None} for t, y in zip(data.raw_train[:PREVIEW_SEQUENCES], data.labels_train[:PREVIEW_SEQUENCES],
                                           strict=True)]
    return {"length": int(data.raw_train.shape[1]), "vocab_size": int(data.options.vocab_size),
            "class_names": list(data.class_names), "train_size": len(data.raw_train),
            "test_size": len(data.raw_test), "samples": samples}


def _points_json(points: np.ndarray, labels: np.ndarray) -> dict[str, list[Any]]:
    # float64 before rounding so tolist() yields the short decimals (float32 would print 0.30000001)
    xs = np.round(points.astype(np.float64), 4).tolist()
    ys = labels.tolist() if labels.dtype.kind == "i" else np.round(labels.astype(np.float64), 4).tolist()
    return {"x": xs, "y": ys}
