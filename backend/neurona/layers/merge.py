"""Layers that merge two branches (ports "a" and "b"): element-wise Add and Multiply, and Concat along an axis."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from pydantic import Field
from torch import nn

from ..i18n.messages import say
from .registry import InferFn, LayerParams, LayerType, Shape, ShapeError, Source, register
from .rules import axis_index

PORTS = ("a", "b")


class Add(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a + b


class Multiply(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a * b


class Concat(nn.Module):
    def __init__(self, axis: int):
        super().__init__()
        self.dim = axis + 1 if axis >= 0 else axis  # skip the batch axis

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.cat((a, b), dim=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class ConcatParams(LayerParams):
    axis: int = Field(0, ge=-8, le=7, description="Axis to join along, not counting the batch: 0 is an image's "
                      "channels, -1 the last axis (features of a sequence).")


def _same_rank(layer: str, a: Shape, b: Shape) -> None:
    if len(a) != len(b):
        raise ShapeError(say("merge_ranks_differ", layer=layer, a=list(a), b=list(b)))


def _elementwise(layer: str) -> InferFn:
    def infer(_p: LayerParams, inputs: Sequence[Shape]) -> Shape:
        a, b = inputs
        _same_rank(layer, a, b)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y and 1 not in (x, y):
                raise ShapeError(say("merge_axis_differs", layer=layer, axis=i, x=x, y=y))
        return tuple(max(x, y) for x, y in zip(a, b, strict=True))
    return infer


def _concat_shape(p: ConcatParams, inputs: Sequence[Shape]) -> Shape:
    a, b = inputs
    _same_rank("Concat", a, b)
    axis = axis_index(p.axis, len(a))
    if axis < 0:
        raise ShapeError(say("concat_no_axis", axis=p.axis, rank=len(a), shape=list(a), last=len(a) - 1), "axis")
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if i != axis and x != y:
            raise ShapeError(say("concat_axis_differs", axis=i, x=x, y=y, joined=axis), "axis")
    return tuple(x + y if i == axis else x for i, (x, y) in enumerate(zip(a, b, strict=True)))


register(LayerType(
    name="Add", category="merge", ports=PORTS,
    description="Adds its two inputs element-wise: the skip connection of a ResNet (a + b).",
    infer=_elementwise("Add"), build=lambda _p, _s: Add(), source=Source("Add()", (Add,)),
))
register(LayerType(
    name="Multiply", category="merge", ports=PORTS,
    description="Multiplies its two inputs element-wise (a · b): gates and attention masks.",
    infer=_elementwise("Multiply"), build=lambda _p, _s: Multiply(), source=Source("Multiply()", (Multiply,)),
))
register(LayerType(
    name="Concat", category="merge", ports=PORTS, params=ConcatParams,
    description="Joins its two inputs along an axis (e.g. channels 8 + 16 → 24): the skip connections of a UNet.",
    infer=_concat_shape, build=lambda p, _s: Concat(p.axis), source=Source("Concat({{ p.axis }})", (Concat,)),
))
