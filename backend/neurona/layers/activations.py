"""Element-wise activation functions (and Softmax). Each keeps its input's shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from pydantic import Field
from torch import nn

from ..i18n.messages import say
from .registry import InferFn, LayerParams, LayerType, NoParams, Shape, ShapeError, Source, register, same_shape


class _SignSTE(torch.autograd.Function):
    """sign(x) forward; the gradient passes straight through so a network of Sign units still trains."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return grad


class Sign(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _SignSTE.apply(x)


class SignLinear(nn.Module):
    """Saturating linear unit: slope·x clipped to [-1, 1]."""

    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.clamp(self.slope * x, -1.0, 1.0)

    def extra_repr(self) -> str:
        return f"slope={self.slope}"


class SlopeParams(LayerParams):
    slope: float = Field(1.0, gt=0.0, le=100.0, description="Slope of the linear part before it saturates.")


class LeakyParams(LayerParams):
    negative_slope: float = Field(0.01, ge=0.0, le=1.0, description="Slope for negative inputs.")


class SoftmaxParams(LayerParams):
    dim: int = Field(-1, ge=-8, le=7, description="Axis (not counting the batch) that sums to 1; -1 is the last.")


def activation(name: str, description: str, make: Callable[[Any], nn.Module], source: Source,
               params: type[LayerParams] = NoParams, infer: InferFn = same_shape) -> LayerType:
    return register(LayerType(name=name, category="activation", description=description, params=params,
                              infer=infer, build=lambda p, _s: make(p), source=source))


activation("Sign", "−1 for negative inputs, +1 otherwise: the classic perceptron step. "
           "Gradients pass straight through.", lambda _p: Sign(), Source("Sign()", (_SignSTE, Sign)))
activation("SignLinear", "Linear with a slope, saturating at −1 and +1.", lambda p: SignLinear(p.slope),
           Source("SignLinear({{ p.slope }})", (SignLinear,)), SlopeParams)
activation("Sigmoid", "Squashes to (0, 1): 1 / (1 + e^(−x)).", lambda _p: nn.Sigmoid(), Source("nn.Sigmoid()"))
activation("Tanh", "Squashes to (−1, 1), centred on zero.", lambda _p: nn.Tanh(), Source("nn.Tanh()"))
activation("ReLU", "max(0, x): passes positives, zeroes negatives.", lambda _p: nn.ReLU(), Source("nn.ReLU()"))
activation("LeakyReLU", "Like ReLU, but negatives keep a small slope so they still learn.",
           lambda p: nn.LeakyReLU(p.negative_slope), Source("nn.LeakyReLU({{ p.negative_slope }})"), LeakyParams)
activation("GELU", "Smooth ReLU used in transformers: x·Φ(x).", lambda _p: nn.GELU(), Source("nn.GELU()"))
activation("Identity", "Passes its input through unchanged (a linear activation).", lambda _p: nn.Identity(),
           Source("nn.Identity()"))


def _softmax_dim(p: SoftmaxParams) -> int:
    # `dim` counts axes without the batch; shift non-negative axes past it.
    return p.dim if p.dim < 0 else p.dim + 1


def _softmax_shape(p: SoftmaxParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    if not -len(shape) <= p.dim < len(shape):
        raise ShapeError(say("softmax_no_dim", dim=p.dim, rank=len(shape), shape=list(shape)), "dim")
    return shape


activation("Softmax", "Turns scores into probabilities that sum to 1 along an axis.",
           lambda p: nn.Softmax(dim=_softmax_dim(p)),
           Source("nn.Softmax(dim={{ p.dim if p.dim < 0 else p.dim + 1 }})"), SoftmaxParams, _softmax_shape)
