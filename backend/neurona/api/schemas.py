"""Response models: they document the API in OpenAPI, from which the frontend's types are generated."""

from __future__ import annotations

from typing import Any

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


class DatasetInfo(BaseModel):
    name: str
    title: str
    description: str
    task: str
    num_classes: int
    kind: str
    options_schema: dict[str, Any]


class PointSet(BaseModel):
    x: list[list[float]]
    y: list[int | float]


class DatasetPreview(BaseModel):
    train: PointSet
    test: PointSet
    extent: list[float]
    task: str
    num_classes: int


class Metrics(BaseModel):
    step: int
    epoch: float
    train_loss: float | None
    test_loss: float | None
    accuracy: float | None


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


class ErrorList(BaseModel):
    detail: list[Issue]


class ErrorMessage(BaseModel):
    detail: str
