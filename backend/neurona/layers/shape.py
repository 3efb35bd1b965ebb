"""Layers that rearrange values without computing: Reshape, Permute and Repeat (Flatten lives in core)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError
from torch import nn

from ..i18n.messages import say
from .registry import LayerParams, LayerType, Shape, ShapeError, Source, register


class Reshape(nn.Module):
    def __init__(self, shape: Sequence[int]):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)

    def extra_repr(self) -> str:
        return f"shape={list(self.shape)}"


class ReshapeParams(LayerParams):
    shape: list[int] = Field([1, 28, 28], min_length=1, max_length=6, description="The new shape without the "
                             "batch; one entry may be -1 to take whatever size is left (e.g. [-1, 4]).")

    @field_validator("shape")
    @classmethod
    def _sizes(cls, shape: list[int]) -> list[int]:
        if any(n == 0 or n < -1 for n in shape) or shape.count(-1) > 1:
            raise PydanticCustomError("shape", "must hold sizes ≥ 1 and at most one -1 (got {got})",
                                      {"got": str(shape)})
        return shape


def _reshape_shape(p: ReshapeParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    total, known = math.prod(shape), math.prod(n for n in p.shape if n != -1)
    if -1 in p.shape:
        if total % known:
            raise ShapeError(say("reshape_unsplittable", shape=list(shape), total=total, target=p.shape, known=known),
                             "shape")
        return tuple(total // known if n == -1 else n for n in p.shape)
    if total != known:
        raise ShapeError(say("reshape_mismatch", shape=list(shape), total=total, target=p.shape, known=known), "shape")
    return tuple(p.shape)


register(LayerType(
    name="Reshape", category="shape", params=ReshapeParams,
    description="Views the same values with a new shape (e.g. 784 → 1×28×28); the batch axis is kept.",
    infer=_reshape_shape, build=lambda p, s: Reshape(_reshape_shape(p, s)),
    source=Source("Reshape({{ out | list }})", (Reshape,)),  # out: the shape with -1 resolved
))


class Permute(nn.Module):
    def __init__(self, dims: Sequence[int]):
        super().__init__()
        self.dims = (0, *(d + 1 for d in dims))  # the batch stays first

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.permute(*self.dims)

    def extra_repr(self) -> str:
        return f"dims={list(self.dims)}"


class PermuteParams(LayerParams):
    dims: list[int] = Field([1, 0], min_length=1, max_length=6, description="The new order of the axes, not "
                            "counting the batch: [1, 0] swaps length × features into features × length.")


def _permute_shape(p: PermuteParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    if sorted(p.dims) != list(range(len(shape))):
        axes = ", ".join(map(str, range(len(shape))))
        raise ShapeError(say("permute_dims", dims=p.dims, rank=len(shape), shape=list(shape), axes=axes), "dims")
    return tuple(shape[d] for d in p.dims)


register(LayerType(
    name="Permute", category="shape", params=PermuteParams,
    description="Reorders the axes (e.g. length × features ↔ features × length between RNNs and Conv1d).",
    infer=_permute_shape, build=lambda p, _s: Permute(p.dims), source=Source("Permute({{ p.dims }})", (Permute,)),
))


class Repeat(nn.Module):
    def __init__(self, times: int):
        super().__init__()
        self.times = times

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.unsqueeze(1).expand(x.shape[0], self.times, *x.shape[1:])

    def extra_repr(self) -> str:
        return f"times={self.times}"


class RepeatParams(LayerParams):
    times: int = Field(8, ge=1, le=4096, description="How many copies, i.e. the length of the new first axis.")


register(LayerType(
    name="Repeat", category="shape", params=RepeatParams,
    description="Stacks copies of its input along a new first axis (F → times × F): hands a sequence decoder "
                "the encoder's summary at every step.",
    infer=lambda p, s: (p.times, *s[0]), build=lambda p, _s: Repeat(p.times),
    source=Source("Repeat({{ p.times }})", (Repeat,)),
))
