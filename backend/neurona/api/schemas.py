"""Response models: they document the API in OpenAPI, from which the frontend's types are generated.

They use the real types of what they carry (the graph, dataset and training specs, the status, task and kind
enums), so the generated TypeScript needs no narrowing by hand.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from ..data.registry import DataKind, DatasetSpec
from ..errors import Issue
from ..layers.registry import LayerCategory
from ..metrics import KEY_FIELDS, MAP_FIELDS, METRIC_TYPES, MetricRow
from ..spec.models import GraphSpec, TrainingSettings
from ..status import Status
from ..tasks import TaskName


class Health(BaseModel):
    status: str
    version: str
    device: str
    workers: int


class LayerInfo(BaseModel):
    type: str
    category: LayerCategory
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
    matrices: bool = Field(False, description="The node must have a weight matrix or kernel (`matrix_params` of "
                           "the validation report's node above 0).")
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


class WatchInfo(BaseModel):
    key: str
    probe: str
    node: str | None
    samples: list[int]
    options: dict[str, Any]


class DatasetInfo(BaseModel):
    name: str
    title: str
    description: str
    task: TaskName
    num_classes: int
    kind: DataKind
    options_schema: dict[str, Any]
    input_shape: list[int] | None = None  # the Input shape the default options give


class CatalogItem(BaseModel):
    name: str
    title: str
    description: str
    percent: bool = False  # metrics: a share in [0, 1], shown as a percentage


class PointSet(BaseModel):
    x: list[list[float]]
    y: list[int | float]


class ImageSample(BaseModel):
    label: int
    pixels: list[list[list[int]]]  # [C][H][W] bytes; value = byte * scale
    mask: list[list[list[int]]] | None = None  # segmentation: the target mask, [1][H][W] of 0 or 1
    target: list[list[list[int]]] | None = None  # denoising: the clean image, bytes like `pixels`


class ImagePreview(BaseModel):
    shape: list[int]
    scale: float
    class_names: list[str]
    train_size: int
    test_size: int
    samples: list[ImageSample]


class SequenceSample(BaseModel):
    x: list[list[float]]  # [T][F] input steps
    y: list[list[float]] | None = None  # the target sequence (or [[next value]])
    anomalies: list[int] | None = None  # anomaly detection: 1 at every anomalous step


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
    text: str | None = None  # text sets: the tokens decoded
    pieces: list[str] | None = None  # text sets: each token's string


class TokenPreview(BaseModel):
    length: int
    vocab_size: int
    class_names: list[str]
    train_size: int
    test_size: int
    samples: list[TokenSample]
    tokenizer: str | None = None  # text sets: char, word or bpe
    merges: list[list[str]] | None = None  # bpe: the learned merges in order, each a pair of pieces
    vocabulary: list[str] | None = None  # text sets: the string of every token id


class TablePreview(BaseModel):
    columns: list[str]
    class_names: list[str]
    train_size: int
    test_size: int
    rows: list[list[float]]  # the first training rows as given (before standardisation)
    labels: list[int]
    mean: list[float]  # per column, of the training split: what standardisation subtracts
    std: list[float]  # and divides by


class TaskInfo(BaseModel):
    name: TaskName
    title: str
    description: str
    losses: list[CatalogItem]  # the first is the default
    metrics: list[CatalogItem]
    view: str
    kl_term: bool


class DatasetPreview(BaseModel):
    """points2d: `train`, `test` and `extent`; images: `images`; sequences: `sequences`; tokens: `tokens`."""

    train: PointSet | None = None
    test: PointSet | None = None
    extent: list[float] | None = None
    task: TaskName
    num_classes: int
    kind: DataKind = "points2d"
    images: ImagePreview | None = None
    sequences: SequencePreview | None = None
    tokens: TokenPreview | None = None
    table: TablePreview | None = None


def _metric_field(name: str, kind: type) -> Any:
    """Measured values may be null on the wire (a diverged loss); those the row defaults may be absent."""
    default = MetricRow.__dataclass_fields__[name].default
    if name in KEY_FIELDS:
        return (kind, ...)
    return (kind | None, None if default is None else ...)


def _map_field() -> Any:
    return (dict[str, float | None], Field(default_factory=dict, description="The task's other metrics by name "
                                           "(GET /api/tasks): precision, recall, f1, dice, iou, mae, perplexity, kl."))


# One row per training step: the fields of `neurona.metrics.MetricRow`.
Metrics: type[BaseModel] = create_model(
    "Metrics", __doc__="One metric row (one training step).",
    **{name: _metric_field(name, kind) for name, kind in METRIC_TYPES.items()},
    **{name: _map_field() for name in MAP_FIELDS})


class MetricsPage(BaseModel):
    rows: list[Metrics]


class HistoryEntry(BaseModel):
    """One live change: the step it took effect after and what changed."""

    step: int
    changes: dict[str, float | None]


class Experiment(BaseModel):
    id: str
    name: str
    status: Status
    created_at: str
    updated_at: str
    dataset: DatasetSpec
    training: TrainingSettings
    total_params: int
    step: int
    epoch: float
    last_metrics: Metrics | None
    error: str | None
    error_node: str | None = Field(None, description="The graph node a failed run's error points at, if any.")
    device: str | None
    queue_position: int | None
    graph: GraphSpec | None = None
    history: list[HistoryEntry] = []
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
