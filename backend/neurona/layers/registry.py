"""The layer registry: every layer type is one `LayerType` declaration.

A declaration says what the layer is called, how its parameters look (a pydantic model, which becomes the
JSON Schema that the editor's inspector is generated from), which inputs it takes, how it maps input shapes to
an output shape (with a precise error when it cannot) and how to build the `nn.Module`. Parameter counts come
from building the module on the `meta` device, so they equal PyTorch's count without allocating any weight.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from pydantic import BaseModel, ConfigDict
from torch import nn

Shape = tuple[int, ...]


class LayerParams(BaseModel):
    """Base of every layer's parameter model: unknown keys are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)  # no "true" as 1, no NaN


class NoParams(LayerParams):
    pass


class ShapeError(ValueError):
    """Raised by a shape rule; `field` names the parameter to change, when one is to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


InferFn = Callable[[Any, Sequence[Shape]], Shape]
BuildFn = Callable[[Any, Sequence[Shape]], nn.Module]
ExplainFn = Callable[[Any, Sequence[Shape]], list[str]]
ScratchFn = Callable[[Any, Sequence[Shape]], int]


@dataclass(frozen=True)
class LayerType:
    name: str
    category: str
    description: str
    infer: InferFn
    build: BuildFn
    params: type[LayerParams] = NoParams
    ports: tuple[str, ...] = ("in",)
    probes: tuple[str, ...] = ()
    # Step-by-step shape arithmetic for the inspector (conv/pool layers); analyze puts it in the NodeReport.
    explain: ExplainFn | None = None
    # Values one example holds inside the layer beyond its output (attention weights, hidden MLP units), which
    # the memory estimate of a run counts with the outputs.
    scratch: ScratchFn | None = None

    def catalog_entry(self) -> dict[str, Any]:
        return {
            "type": self.name,
            "category": self.category,
            "title": self.name,
            "description": self.description,
            "ports": list(self.ports),
            "probes": list(self.probes),
            "params_schema": self.params.model_json_schema(),
        }

    def count_params(self, params: LayerParams, inputs: Sequence[Shape]) -> int:
        with torch.device("meta"):
            module = self.build(params, inputs)
        return sum(p.numel() for p in module.parameters())


LAYERS: dict[str, LayerType] = {}


def register(layer: LayerType) -> LayerType:
    if layer.name in LAYERS:
        raise ValueError(f"layer type {layer.name!r} is declared twice")
    LAYERS[layer.name] = layer
    return layer


CATEGORY_ORDER = ("io", "core", "activation", "merge", "conv", "norm", "shape", "sequence", "attention", "generative")


def layer_catalog() -> list[dict[str, Any]]:
    """Every layer type, grouped by category in palette order, declaration order within a category."""
    def rank(layer: LayerType) -> int:
        known = layer.category in CATEGORY_ORDER
        return CATEGORY_ORDER.index(layer.category) if known else len(CATEGORY_ORDER)

    return [layer.catalog_entry() for layer in sorted(LAYERS.values(), key=rank)]


def same_shape(_params: Any, inputs: Sequence[Shape]) -> Shape:
    return inputs[0]
