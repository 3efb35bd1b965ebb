"""The JSON shapes of what users build: graphs, training settings and experiments."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..data import DatasetSpec
from ..errors import Issue

NODE_ID = r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Position(BaseModel):
    x: float = 0.0
    y: float = 0.0


class NodeSpec(Strict):
    id: str = Field(pattern=NODE_ID, description="Unique name: letters, digits, _ and -.")
    type: str = Field(description="A layer type from GET /api/layers.")
    params: dict[str, Any] = Field(default_factory=dict)
    position: Position | None = Field(None, description="Where the editor draws it; ignored by the server.")
    label: str | None = Field(None, max_length=80, description="Display name in the editor.")


class EdgeSpec(Strict):
    source: str
    target: str
    target_port: str | None = Field(None, description="Input port of the target; omitted means its first.")
    id: str | None = Field(None, max_length=200, description="Editor-only edge id.")


class GraphSpec(Strict):
    nodes: list[NodeSpec] = Field(max_length=1000)
    edges: list[EdgeSpec] = Field(default_factory=list, max_length=4000)
    output: str | None = Field(None, description="The prediction node; omitted means the only sink.")


class TrainingSettings(Strict):
    optimizer: Literal["sgd", "adam"] = Field("adam", description="sgd (with optional momentum) or adam.")
    lr: float = Field(0.03, gt=0.0, le=100.0, description="Learning rate.")
    momentum: float = Field(0.0, ge=0.0, lt=1.0, description="SGD momentum (0 = plain SGD).")
    batch_size: int = Field(10, ge=1, le=65536, description="Examples per training step.")
    epochs: int = Field(100, ge=1, le=100_000, description="Passes over the training set.")
    l1: float = Field(0.0, ge=0.0, le=10.0, description="L1 penalty rate on weights.")
    l2: float = Field(0.0, ge=0.0, le=10.0, description="L2 penalty rate on weights.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds weights and batch order: same seed, same run.")
    device: str = Field("auto", pattern=r"^(auto|cpu|mps|cuda(:\d+)?)$",
                        description="auto (cuda, else mps, else cpu), cpu, cuda, cuda:N or mps.")


class ExperimentCreate(Strict):
    name: str = Field("untitled", max_length=200)
    graph: GraphSpec
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)
    training: TrainingSettings = Field(default_factory=TrainingSettings)


class ValidateRequest(Strict):
    graph: GraphSpec
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)


class NodeReport(BaseModel):
    output_shape: list[int]
    params: int
    explain: list[str] | None = None  # shape arithmetic step by step, for layers that declare it


class ValidationReport(BaseModel):
    valid: bool
    errors: list[Issue]
    nodes: dict[str, NodeReport]
    total_params: int
    input_shape: list[int] | None
    output_shape: list[int] | None
