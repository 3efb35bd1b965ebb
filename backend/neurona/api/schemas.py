"""Response models: they document the API in OpenAPI, from which the frontend's types are generated."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from ..errors import Issue


class Health(BaseModel):
    status: str
    version: str
    device: str
    workers: int


class LayerInfo(BaseModel):
    type: str
    category: str
    title: str
    description: str
    ports: list[str]
    probes: list[str]
    params_schema: dict[str, Any]


class ProbeAppliesTo(BaseModel):
    layers: list[str] | None
    categories: list[str] | None
    tasks: list[str] | None
    kinds: list[str] | None
    parametrised: bool
    ranks: list[int] | None


class ProbeInfo(BaseModel):
    name: str
    title: str
    description: str
    scope: Literal["node", "model"]
    applies_to: ProbeAppliesTo
    options_schema: dict[str, Any]
    dtypes: list[Literal["uint8", "float16"]]
    uses_samples: bool
    needs_grads: bool
    max_hz: float | None


class DatasetInfo(BaseModel):
    name: str
    title: str
    description: str
    task: str
    num_classes: int
    kind: str
    options_schema: dict[str, Any]
    input_shape: list[int] | None = None  # the Input shape the default options give


class PointSet(BaseModel):
    x: list[list[float]]
    y: list[int | float]


class ImageSample(BaseModel):
    label: int
    pixels: list[list[list[int]]]  # [C][H][W] bytes; value = byte * scale
    mask: list[list[list[int]]] | None = None  # segmentation: the target mask, [1][H][W] of 0 or 1


class ImagePreview(BaseModel):
    shape: list[int]
    scale: float
    class_names: list[str]
    train_size: int
    test_size: int
    samples: list[ImageSample]


class SequenceSample(BaseModel):
    x: list[list[float]]  # [T][F] input steps
    y: list[list[float]]  # the target sequence


class SequencePreview(BaseModel):
    shape: list[int]
    target_shape: list[int]
    train_size: int
    test_size: int
    samples: list[SequenceSample]


class TokenSample(BaseModel):
    tokens: list[int]
    label: int | None = None  # classification: the sequence's class
    target: list[int] | None = None  # token_classification: the target token at every position


class TokenPreview(BaseModel):
    length: int
    vocab_size: int
    class_names: list[str]
    train_size: int
    test_size: int
    samples: list[TokenSample]


class DatasetPreview(BaseModel):
    """points2d: `train`, `test` and `extent`; images: `images`; sequences: `sequences`; tokens: `tokens`."""

    train: PointSet | None = None
    test: PointSet | None = None
    extent: list[float] | None = None
    task: str
    num_classes: int
    kind: str = "points2d"
    images: ImagePreview | None = None
    sequences: SequencePreview | None = None
    tokens: TokenPreview | None = None


class Metrics(BaseModel):
    step: int
    epoch: float
    train_loss: float | None
    test_loss: float | None
    accuracy: float | None
    lr: float | None = None
    val_loss: float | None = None


class MetricsPage(BaseModel):
    rows: list[Metrics]


class Experiment(BaseModel):
    id: str
    name: str
    status: str
    created_at: str
    updated_at: str
    dataset: dict[str, Any]
    training: dict[str, Any]
    total_params: int
    step: int
    epoch: float
    last_metrics: Metrics | None
    error: str | None
    device: str | None
    queue_position: int | None
    graph: dict[str, Any] | None = None
    history: list[dict[str, Any]] = []
    warnings: list[str] = []
    race_id: str | None = None


class CatalogEntry(BaseModel):
    name: str
    title: str
    description: str
    params_schema: dict[str, Any]


class Comparison(BaseModel):
    experiments: list[Experiment]
    diff: dict[str, dict[str, Any]]
    metrics: dict[str, list[Metrics]]


class RaceResult(BaseModel):
    race_id: str
    ids: list[str]
    experiments: list[Experiment]


class ErrorList(BaseModel):
    detail: list[Issue]


class ErrorMessage(BaseModel):
    detail: str
