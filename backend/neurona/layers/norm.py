"""Normalisation layers, and Dropout2d (which drops whole channels). Each keeps its input's shape."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field
from torch import nn

from ..i18n.messages import say
from .registry import LayerParams, LayerType, Shape, ShapeError, Source, register
from .rules import expect_channels, expect_rank


class BatchNormParams(LayerParams):
    momentum: float = Field(0.1, gt=0.0, le=1.0, description="How fast the running mean and variance (used at "
                            "evaluation) follow each batch's statistics.")
    eps: float = Field(1e-5, gt=0.0, le=1.0, description="Added to the variance so it never divides by zero.")
    affine: bool = Field(True, description="Learn a scale and shift per channel after normalising.")


BATCHNORM_ARGS = "{{ s[0][0] }}, eps={{ p.eps }}, momentum={{ p.momentum }}, affine={{ p.affine }})"


def _batchnorm1d_shape(_p: BatchNormParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_rank("BatchNorm1d", shape, (1, 2), say("layout_features_or_channels"), say("hint_batchnorm2d"))
    return shape


def _batchnorm2d_shape(_p: BatchNormParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_channels("BatchNorm2d", shape)
    return shape


register(LayerType(
    name="BatchNorm1d", category="norm", params=BatchNormParams,
    description="Normalises each feature (or channel) over the batch to mean 0 and variance 1, then rescales: "
                "steadier, faster training of MLPs and 1-D convolutions.",
    infer=_batchnorm1d_shape,
    build=lambda p, s: nn.BatchNorm1d(s[0][0], eps=p.eps, momentum=p.momentum, affine=p.affine),
    source=Source("nn.BatchNorm1d(" + BATCHNORM_ARGS),
))
register(LayerType(
    name="BatchNorm2d", category="norm", params=BatchNormParams,
    description="Normalises each channel of an image over the batch and all positions: the usual companion of "
                "Conv2d (Conv → BatchNorm → ReLU).",
    infer=_batchnorm2d_shape,
    build=lambda p, s: nn.BatchNorm2d(s[0][0], eps=p.eps, momentum=p.momentum, affine=p.affine),
    source=Source("nn.BatchNorm2d(" + BATCHNORM_ARGS),
))


class LayerNormParams(LayerParams):
    axes: int = Field(1, ge=1, le=4, description="How many trailing axes to normalise together: 1 normalises "
                      "each token's features, 3 a whole C×H×W image.")
    eps: float = Field(1e-5, gt=0.0, le=1.0, description="Added to the variance so it never divides by zero.")
    affine: bool = Field(True, description="Learn a scale and shift per normalised value.")


def _layernorm_shape(p: LayerNormParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    if p.axes > len(shape):
        raise ShapeError(say("too_many_axes", axes=p.axes, rank=len(shape), shape=list(shape)), "axes")
    return shape


register(LayerType(
    name="LayerNorm", category="norm", params=LayerNormParams,
    description="Normalises each example on its own (not over the batch) across its last axes: the "
                "normalisation of transformers.",
    infer=_layernorm_shape,
    build=lambda p, s: nn.LayerNorm(list(s[0][-p.axes:]), eps=p.eps, elementwise_affine=p.affine),
    source=Source("nn.LayerNorm({{ s[0][-p.axes:] | list }}, eps={{ p.eps }}, elementwise_affine={{ p.affine }})"),
))


class Dropout2dParams(LayerParams):
    p: float = Field(0.2, ge=0.0, lt=1.0, description="Probability of zeroing each whole channel while training.")


def _dropout2d_shape(_p: Dropout2dParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_channels("Dropout2d", shape)
    return shape


register(LayerType(
    name="Dropout2d", category="norm", params=Dropout2dParams,
    description="Zeroes whole channels at random while training: dropout suited to convolutions, whose "
                "neighbouring pixels are too alike for per-value dropout.",
    infer=_dropout2d_shape, build=lambda p, _s: nn.Dropout2d(p.p), source=Source("nn.Dropout2d({{ p.p }})"),
))
