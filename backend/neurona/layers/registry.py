"""The layer registry: every layer type is one `LayerType` declaration.

A declaration says what the layer is called, how its parameters look (a pydantic model, which becomes the
JSON Schema that the editor's inspector is generated from), which inputs it takes, how it maps input shapes to
an output shape (with a precise error when it cannot) and how to build the `nn.Module`. Parameter counts come
from building the module on the `meta` device, so they equal PyTorch's count without allocating any weight.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import torch
from pydantic import BaseModel, ConfigDict
from torch import nn

from ..i18n.messages import Said

Shape = tuple[int, ...]


class LayerCategory(StrEnum):
    """The palette's groups, in palette order (GET /api/layers/categories serves this order)."""

    IO = "io"
    CORE = "core"
    ACTIVATION = "activation"
    MERGE = "merge"
    CONV = "conv"
    NORM = "norm"
    SHAPE = "shape"
    SEQUENCE = "sequence"
    ATTENTION = "attention"
    GENERATIVE = "generative"


CATEGORY_ORDER: tuple[str, ...] = tuple(LayerCategory)


class LayerParams(BaseModel):
    """Base of every layer's parameter model: unknown keys are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)  # no "true" as 1, no NaN


class NoParams(LayerParams):
    pass


class ShapeError(ValueError):
    """Raised by a shape rule with a message template (answered in the reader's language); `field` names the
    parameter to change, when one is to blame."""

    def __init__(self, said: Said, field: str | None = None):
        super().__init__(str(said))
        self.field = field
        self.said = said


InferFn = Callable[[Any, Sequence[Shape]], Shape]
BuildFn = Callable[[Any, Sequence[Shape]], nn.Module]
ExplainFn = Callable[[Any, Sequence[Shape]], list[str | Said]]  # Said: a line with words
ScratchFn = Callable[[Any, Sequence[Shape]], int]


@dataclass(frozen=True)
class Source:
    """How the layer appears in exported PyTorch code (`neurona.export`).

    `call` is a Jinja2 expression for the constructor, rendered with the parsed params `p` and the input shapes
    `s` (the `py` filter writes a Python literal); it must build the same module as `build`, so the server's
    weights load into it. `helpers` are the classes and functions of `neurona.layers` that the call needs, in
    dependency order: their source is copied into the exported file, which then needs only torch.
    """

    call: str
    helpers: tuple[Any, ...] = ()


@dataclass(frozen=True)
class LayerType:
    name: str
    category: str
    description: str
    infer: InferFn
    build: BuildFn
    params: type[LayerParams] = NoParams
    ports: tuple[str, ...] = ("in",)
    # Step-by-step shape arithmetic for the inspector (conv/pool layers); analyze puts it in the NodeReport.
    explain: ExplainFn | None = None
    source: Source | None = None  # how exported PyTorch code builds it (every layer declares one)
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
            "params_schema": self.params.model_json_schema(),
        }

    def count_params(self, params: LayerParams, inputs: Sequence[Shape]) -> tuple[int, int]:
        """Parameters of the layer built on the meta device, and those of them in weight matrices or kernels
        (tensors of two or more dimensions; biases and norm scales are not)."""
        with torch.device("meta"):
            module = self.build(params, inputs)
        return (sum(p.numel() for p in module.parameters()),
                sum(p.numel() for p in module.parameters() if p.dim() >= 2))


LAYERS: dict[str, LayerType] = {}


def register(layer: LayerType) -> LayerType:
    if layer.name in LAYERS:
        raise ValueError(f"layer type {layer.name!r} is declared twice")
    if layer.category not in CATEGORY_ORDER:
        raise ValueError(f"layer type {layer.name!r}: unknown category {layer.category!r}; declare it in LayerCategory")
    LAYERS[layer.name] = layer
    return layer


def layer_catalog() -> list[dict[str, Any]]:
    """Every layer type, grouped by category in palette order, declaration order within a category."""
    return [layer.catalog_entry() for layer in sorted(LAYERS.values(), key=lambda t: CATEGORY_ORDER.index(t.category))]


def same_shape(_params: Any, inputs: Sequence[Shape]) -> Shape:
    return inputs[0]
