"""The JSON of `POST /api/datasets/{name}/preview`: a few examples of a dataset, drawn the way its kind is seen.

One function per kind (`PREVIEWS`), so a new kind adds its preview here and the panel's view of it; what a
dataset's options add (a table's column names, a tokenizer's merges and vocabulary) comes from its declaration's
`describe` and joins its kind's section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..tasks import PredictionView
from .loading import LoadedDataset, column_stats, load_dataset
from .registry import DatasetSpec, get_dataset_type

PREVIEW_PER_CLASS = 3  # image previews show this many training examples of each class
PREVIEW_SEQUENCES = 8  # sequence and token previews show this many training examples
PREVIEW_ROWS = 8  # table previews show this many training rows


def preview(spec: DatasetSpec) -> dict[str, Any]:
    """points2d: the raw 2-D points rounded to 4 decimals with the extent; other kinds: their section."""
    data = load_dataset(spec)
    dataset = get_dataset_type(spec.name)
    extra = dataset.describe(data.options) if dataset.describe else {}
    if dataset.vocab_from is not None:
        extra = {"vocab_size": dataset.vocab_from(data.options), **extra}
    head = {"task": data.task, "num_classes": data.num_classes, "kind": data.kind.name}
    section, build = PREVIEWS[data.kind.name]
    body = build(data, extra)
    return {**head, **body} if section is None else {**head, section: {**body, **extra}}


def _points(data: LoadedDataset, _extra: dict[str, Any]) -> dict[str, Any]:
    return {"train": _points_json(data.raw_train, data.labels_train),
            "test": _points_json(data.raw_test, data.labels_test), "extent": list(data.extent)}


def _bytes(images: np.ndarray) -> list[Any]:
    return np.round(np.clip(images, 0, 1) * 255).astype(np.uint8).tolist()


def _images(data: LoadedDataset, _extra: dict[str, Any]) -> dict[str, Any]:
    maps = data.labels_train if data.task_type.view == PredictionView.MASKS else None
    pictures = data.labels_train if data.labels_train.ndim == 4 and maps is None else None  # denoising targets
    if maps is not None:  # segmentation: the class is the label map's value on the shape, minus 1
        labels = maps.reshape(len(maps), -1).max(axis=1) - 1
    elif pictures is not None:
        labels = np.zeros(len(pictures), dtype=np.int64)
    else:
        labels = data.labels_train
    chosen = [i for c in np.unique(labels) for i in np.flatnonzero(labels == c)[:PREVIEW_PER_CLASS]]
    if pictures is not None:
        chosen = list(range(min(len(pictures), 2 * PREVIEW_PER_CLASS)))
    samples: list[dict[str, Any]] = [{"label": int(labels[i]), "pixels": _bytes(data.raw_train[i])} for i in chosen]
    for sample, i in zip(samples, chosen, strict=True):
        if maps is not None:
            sample["mask"] = (maps[i] > 0).astype(np.uint8).tolist()
        if pictures is not None:
            sample["target"] = _bytes(pictures[i])
    return {"shape": list(data.raw_train.shape[1:]), "scale": 1 / 255, "class_names": list(data.class_names),
            "train_size": len(data.raw_train), "test_size": len(data.raw_test), "samples": samples}


def _rounded(values: np.ndarray, decimals: int = 3) -> list[Any]:
    return np.round(values.astype(np.float64), decimals).tolist()


def _sequences(data: LoadedDataset, _extra: dict[str, Any]) -> dict[str, Any]:
    """A few training sequences with their target sequence, next value ([[v]]) or anomaly flags per step."""
    x = data.raw_train[:PREVIEW_SEQUENCES]
    y = data.labels_train[:PREVIEW_SEQUENCES]
    flags = data.task_type.view == PredictionView.TOKENS  # a class per step: anomaly labels
    samples = [{"x": _rounded(a), "anomalies": b.tolist()} if flags else
               {"x": _rounded(a), "y": _rounded(b.reshape(-1, 1) if b.ndim == 1 else b)}
               for a, b in zip(x, y, strict=True)]
    return {"shape": list(data.raw_train.shape[1:]), "target_shape": list(data.labels_train.shape[1:]),
            "train_size": len(data.raw_train), "test_size": len(data.raw_test), "samples": samples}


def _tokens(data: LoadedDataset, extra: dict[str, Any]) -> dict[str, Any]:
    """A few training sequences of token ids with their class (`label`) or target tokens (`target`); text sets
    add each token's string and the decoded text."""
    per_token = data.task_type.view == PredictionView.TOKENS
    vocabulary: list[str] | None = extra.get("vocabulary")
    samples = []
    for t, y in zip(data.raw_train[:PREVIEW_SEQUENCES], data.labels_train[:PREVIEW_SEQUENCES], strict=True):
        sample: dict[str, Any] = {"tokens": t.tolist(), "label": None if per_token else int(y),
                                  "target": y.tolist() if per_token else None}
        if vocabulary is not None:
            sample["pieces"] = [vocabulary[i] for i in t.tolist()]
            sample["text"] = "".join(sample["pieces"]) if extra.get("tokenizer") != "word" else " ".join(
                sample["pieces"])
        samples.append(sample)
    return {"length": int(data.raw_train.shape[1]), "class_names": list(data.class_names),
            "train_size": len(data.raw_train), "test_size": len(data.raw_test), "samples": samples}


def _table(data: LoadedDataset, _extra: dict[str, Any]) -> dict[str, Any]:
    mean, std = column_stats(data.raw_train)
    return {"class_names": list(data.class_names), "train_size": len(data.raw_train),
            "test_size": len(data.raw_test), "rows": _rounded(data.raw_train[:PREVIEW_ROWS], 4),
            "labels": data.labels_train[:PREVIEW_ROWS].tolist(), "mean": _rounded(mean, 4), "std": _rounded(std, 4)}


def _points_json(points: np.ndarray, labels: np.ndarray) -> dict[str, list[Any]]:
    # float64 before rounding so tolist() yields the short decimals (float32 would print 0.30000001)
    xs = np.round(points.astype(np.float64), 4).tolist()
    ys = labels.tolist() if labels.dtype.kind == "i" else np.round(labels.astype(np.float64), 4).tolist()
    return {"x": xs, "y": ys}


PreviewFn = Callable[[LoadedDataset, dict[str, Any]], dict[str, Any]]
# kind -> (the preview's field for it, or None for top-level fields; how to build it)
PREVIEWS: dict[str, tuple[str | None, PreviewFn]] = {
    "points2d": (None, _points),
    "images": ("images", _images),
    "sequences": ("sequences", _sequences),
    "tokens": ("tokens", _tokens),
    "table": ("table", _table),
}
