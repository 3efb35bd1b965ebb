"""Core layers: the graph's input, fully connected layers, flattening and dropout."""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import Field, field_validator
from torch import nn

from ..i18n.messages import say
from .registry import LayerParams, LayerType, Shape, ShapeError, Source, register, same_shape


class LinearParams(LayerParams):
    out_features: int = Field(8, ge=1, le=65536, description="Number of neurons (output features).")
    bias: bool = Field(True, description="Add a learned bias to each neuron.")


def _linear_shape(p: LinearParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    if len(shape) != 1:
        raise ShapeError(say("flat_vector_needed", rank=len(shape), shape=list(shape)))
    return (p.out_features,)


class DropoutParams(LayerParams):
    p: float = Field(0.5, ge=0.0, lt=1.0, description="Probability of zeroing each value while training.")


class InputParams(LayerParams):
    shape: list[int] | None = Field(None, min_length=1, max_length=4, description="The input's shape without the "
                                    "batch (e.g. 3, 224, 224), to design and validate a network without a dataset; "
                                    "empty adopts the dataset's shape, and a dataset must then match it.")
    vocab_size: int | None = Field(None, ge=2, le=1_000_000, description="Token inputs: the number of token ids "
                                   "(what an Embedding's num_embeddings must cover); empty for values.")

    @field_validator("shape")
    @classmethod
    def _positive(cls, shape: list[int] | None) -> list[int] | None:
        if shape is not None and any(d < 1 or d > 65536 for d in shape):
            raise ValueError(f"every dimension must be between 1 and 65536 (got {shape})")
        return shape


register(LayerType(
    name="Input", category="io", ports=(), params=InputParams,
    description="The network's input. Its shape comes from the dataset, or from its own shape parameter when it "
    "declares one (design without data).",
    infer=same_shape, build=lambda _p, _s: nn.Identity(), source=Source("nn.Identity()"),
))
register(LayerType(
    name="Linear", category="core", params=LinearParams,
    description="Fully connected layer: every output neuron is a weighted sum of all inputs plus a bias.",
    infer=_linear_shape,
    build=lambda p, s: nn.Linear(s[0][0], p.out_features, bias=p.bias),
    source=Source("nn.Linear({{ s[0][0] }}, {{ p.out_features }}, bias={{ p.bias }})"),
))
register(LayerType(
    name="Flatten", category="core",
    description="Flattens everything but the batch dimension into one vector (e.g. 8×4×4 → 128).",
    infer=lambda _p, s: (math.prod(s[0]),),
    build=lambda _p, _s: nn.Flatten(), source=Source("nn.Flatten()"),
))
register(LayerType(
    name="Dropout", category="core", params=DropoutParams,
    description="Randomly zeroes values while training (regularisation); does nothing at evaluation.",
    infer=same_shape, build=lambda p, _s: nn.Dropout(p.p), source=Source("nn.Dropout({{ p.p }})"),
))
